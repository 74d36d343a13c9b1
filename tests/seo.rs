//! What search engines, feed readers and link previews read: sitemap, robots.txt, the Atom
//! feed and the Open Graph tags, checked by parsing them.

mod common;

use std::path::Path;

use common::{build, read, write_shop};

const SHOP: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: Tea & <Cups>\nbase_url: https://t.example/shop/\ncurrency: EUR\ndescription: Cups.\n",
    ),
    (
        "products/cup.md",
        "---\ntitle: \"Cup \\\"blue\\\" <b>\"\nprice: 5\ndate: 2026-03-01\nupdated: 2026-04-02\naliases: [/old-cup/]\nimages: [cup.jpg]\nsummary: A cup & saucer.\n---\n",
    ),
    ("products/bowl.md", "---\ntitle: Bowl\nprice: 7\n---\n"),
    (
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2026-05-01\n---\nFirst post.\n",
    ),
    ("pages/about.md", "---\ntitle: About\n---\nUs.\n"),
    (
        "static/google1234.html",
        "google-site-verification: google1234.html",
    ),
];

fn built_shop() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = write_shop(SHOP);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    std::fs::copy(photo, dir.path().join("products/cup.jpg")).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    (dir, out)
}

/// The text of every `name` element under the document's root, in order.
fn texts(xml: &str, name: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    document
        .descendants()
        .filter(|n| n.tag_name().name() == name)
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// The `content` of a `<meta property=...>` tag.
fn meta(html: &str, property: &str) -> Option<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("meta[property=\"{property}\"]")).unwrap();
    document
        .select(&selector)
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_owned))
}

/// The items of the page's JSON-LD graph, by `@type`.
fn json_ld(html: &str) -> std::collections::BTreeMap<String, serde_json::Value> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let scripts: Vec<String> = document.select(&selector).map(|s| s.inner_html()).collect();
    assert_eq!(scripts.len(), 1, "one JSON-LD script");
    let data: serde_json::Value = serde_json::from_str(&scripts[0]).expect("valid JSON");
    assert_eq!(data["@context"], "https://schema.org");
    data["@graph"]
        .as_array()
        .expect("a graph")
        .iter()
        .map(|item| (item["@type"].as_str().unwrap().to_owned(), item.clone()))
        .collect()
}

/// No `null`, `""`, `[]` or `{}` anywhere: a missing value is left out, never written empty.
fn assert_no_empty_values(value: &serde_json::Value) {
    match value {
        serde_json::Value::Null => panic!("null in JSON-LD"),
        serde_json::Value::String(s) => assert!(!s.is_empty(), "empty string in JSON-LD"),
        serde_json::Value::Array(a) => {
            assert!(!a.is_empty(), "empty list in JSON-LD");
            a.iter().for_each(assert_no_empty_values);
        }
        serde_json::Value::Object(o) => {
            assert!(!o.is_empty(), "empty object in JSON-LD");
            o.values().for_each(assert_no_empty_values);
        }
        _ => {}
    }
}

#[test]
fn sitemap_lists_every_page_but_redirects_and_404_with_dates_from_front_matter() {
    let (_dir, out) = built_shop();
    let xml = read(&out.join("sitemap.xml"));
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let in_namespace = |namespace: &str| -> Vec<String> {
        document
            .descendants()
            .filter(|n| n.has_tag_name((namespace, "loc")))
            .map(|n| n.text().unwrap_or_default().to_owned())
            .collect()
    };
    let locs = in_namespace("http://www.sitemaps.org/schemas/sitemap/0.9");
    for page in [
        "https://t.example/shop/",
        "https://t.example/shop/products/cup/",
        "https://t.example/shop/products/bowl/",
        "https://t.example/shop/posts/hello/",
        "https://t.example/shop/about/",
    ] {
        assert!(locs.iter().any(|l| l == page), "{page} missing: {locs:?}");
    }
    let unique: std::collections::BTreeSet<_> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "duplicates: {locs:?}");
    let html_pages = walk_html(&out).len();
    assert_eq!(
        locs.len(),
        html_pages - 6,
        "all but the redirect, the 404, search, thanks and catalogue pages and the copied verification file: {locs:?}"
    );
    assert!(
        xml.contains(
            "<loc>https://t.example/shop/products/cup/</loc><lastmod>2026-04-02</lastmod>"
        )
    );
    let images = in_namespace("http://www.google.com/schemas/sitemap-image/1.1");
    assert_eq!(images.len(), 1, "the cup's photo: {images:?}");
    let image = images[0].trim_start_matches("https://t.example/shop/");
    assert!(out.join(image).is_file(), "{image}");
}

fn walk_html(root: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn robots_names_the_sitemap_unless_the_shop_has_its_own() {
    let (dir, out) = built_shop();
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://t.example/shop/sitemap.xml\n"
    );
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(
        dir.path().join("static/robots.txt"),
        "User-agent: *\nDisallow: /\n",
    )
    .unwrap();
    build(dir.path(), &out, &[]);
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nDisallow: /\n"
    );
}

#[test]
fn atom_feed_has_dated_posts_and_products_newest_first_escaped() {
    let (_dir, out) = built_shop();
    let xml = read(&out.join("atom.xml"));
    let titles = texts(&xml, "title");
    assert_eq!(
        titles,
        ["Tea & <Cups>", "Hello", "Cup \"blue\" <b>"],
        "no dateless bowl"
    );
    let document = roxmltree::Document::parse(&xml).unwrap();
    let feed = document.root_element();
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
    let updated = texts(&xml, "updated");
    assert_eq!(
        updated[0], "2026-05-01T00:00:00Z",
        "the feed's newest change"
    );
    assert_eq!(updated[2], "2026-04-02T00:00:00Z", "the cup's own update");
    let home = read(&out.join("index.html"));
    assert!(home.contains("type=\"application/atom+xml\" href=\"/shop/atom.xml\""));
}

#[test]
fn link_previews_show_the_product_photo_and_price() {
    let (_dir, out) = built_shop();
    let cup = read(&out.join("products/cup/index.html"));
    assert_eq!(meta(&cup, "og:type").as_deref(), Some("product"));
    assert_eq!(meta(&cup, "og:title").as_deref(), Some("Cup \"blue\" <b>"));
    assert!(
        cup.contains("content=\"Cup &quot;blue&quot; &lt;b&gt;\""),
        "escaped"
    );
    assert_eq!(
        meta(&cup, "og:url").as_deref(),
        Some("https://t.example/shop/products/cup/")
    );
    let image = meta(&cup, "og:image").expect("og:image");
    assert!(image.starts_with("https://t.example/shop/"), "{image}");
    let file = out.join(image.trim_start_matches("https://t.example/shop/"));
    let size = imagesize(&file);
    assert_eq!(size, (1200, 630), "the share image");
    assert_eq!(meta(&cup, "product:price:amount").as_deref(), Some("5.00"));
    assert_eq!(meta(&cup, "product:price:currency").as_deref(), Some("EUR"));
    assert!(cup.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));

    let bowl = read(&out.join("products/bowl/index.html"));
    assert_eq!(meta(&bowl, "og:image"), None);
    assert!(bowl.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    let post = read(&out.join("posts/hello/index.html"));
    assert_eq!(meta(&post, "og:type").as_deref(), Some("article"));
}

fn imagesize(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const CATALOGUE: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: Clay & Co\nbase_url: https://clay.example/\ncurrency: EUR\nbrand: Clay & Co\ndescription: Pots.\ncontact:\n  email: hi@clay.example\nsocial:\n  instagram: https://instagram.com/clay\ncategories:\n  mugs: {title: Mugs & Cups}\n",
    ),
    (
        "products/mug/index.md",
        "---\ntitle: Mug\nsku: MUG\nsummary: A mug.\ncategories: [mugs]\nimages: [a.jpg, b.jpg]\ncondition: used\ngtin: 4006381333931\nvariants:\n  - {name: Small, sku: MUG-S, price: 20, stock: 0}\n  - {name: Large, sku: MUG-L, price: 26, compare_at_price: 30}\n---\n",
    ),
    (
        "products/vase/index.md",
        "---\ntitle: Vase\nprice: 1500\ncurrency: JPY\nbrand: Other Hands\nimages: [a.jpg]\n---\n",
    ),
    ("products/bare.md", "---\ntitle: Bare\nprice: 3\n---\n"),
    (
        "posts/p.md",
        "---\ntitle: Kiln day\ndate: 2026-02-03\n---\nFired.\n",
    ),
];

fn built_catalogue() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = write_shop(CATALOGUE);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    for target in [
        "products/mug/a.jpg",
        "products/mug/b.jpg",
        "products/vase/a.jpg",
    ] {
        std::fs::copy(&photo, dir.path().join(target)).unwrap();
    }
    std::fs::write(dir.path().join("products/mug/b.jpg"), {
        let mut bytes = std::fs::read(&photo).unwrap();
        bytes.extend_from_slice(b"another photo");
        bytes
    })
    .unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    (dir, out)
}

#[test]
fn product_json_ld_has_offers_per_variant_and_only_what_the_seller_gave() {
    let (_dir, out) = built_catalogue();
    let items = json_ld(&read(&out.join("products/mug/index.html")));
    let group = &items["ProductGroup"];
    assert_no_empty_values(group);
    assert_eq!(group["name"], "Mug");
    assert_eq!(group["productGroupID"], "MUG");
    assert!(
        group.get("sku").is_none(),
        "the group's SKU is its productGroupID"
    );
    assert_eq!(group["gtin"], "4006381333931");
    assert_eq!(group["brand"]["name"], "Clay & Co", "the shop's brand");
    assert_eq!(group["category"], "Mugs & Cups");
    assert_eq!(group["image"].as_array().unwrap().len(), 2);
    let variants = group["hasVariant"].as_array().unwrap();
    assert_eq!(variants.len(), 2);
    let (small, large) = (&variants[0], &variants[1]);
    assert_eq!(small["@type"], "Product");
    assert_eq!(small["name"], "Mug - Small");
    assert_eq!(small["sku"], "MUG-S");
    assert_eq!(small["image"], group["image"][0]);
    assert_eq!(small["offers"]["price"], "20.00");
    assert_eq!(small["offers"]["priceCurrency"], "EUR");
    assert_eq!(
        small["offers"]["availability"],
        "https://schema.org/OutOfStock"
    );
    assert_eq!(
        small["offers"]["itemCondition"],
        "https://schema.org/UsedCondition"
    );
    assert_eq!(small["offers"]["seller"]["name"], "Clay & Co");
    assert_eq!(large["offers"]["price"], "26.00");
    assert_eq!(
        large["offers"]["availability"],
        "https://schema.org/InStock"
    );
    let trail: Vec<&str> = items["BreadcrumbList"]["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        trail,
        [
            "https://clay.example/",
            "https://clay.example/categories/mugs/",
            "https://clay.example/products/mug/"
        ]
    );

    let bare = json_ld(&read(&out.join("products/bare/index.html")));
    let bare = &bare["Product"];
    assert_no_empty_values(bare);
    for invented in ["gtin", "mpn", "image", "description", "category"] {
        assert!(bare.get(invented).is_none(), "{invented} was invented");
    }
    assert_eq!(bare["offers"]["price"], "3.00");

    let vase = json_ld(&read(&out.join("products/vase/index.html")));
    assert_eq!(vase["Product"]["brand"]["name"], "Other Hands");
    assert_eq!(
        vase["Product"]["offers"]["price"], "1500",
        "JPY has no minor unit"
    );
    assert_eq!(vase["Product"]["offers"]["priceCurrency"], "JPY");
}

#[test]
fn home_and_posts_describe_the_shop_and_the_article() {
    let (_dir, out) = built_catalogue();
    let home = json_ld(&read(&out.join("index.html")));
    assert_eq!(home["Organization"]["name"], "Clay & Co");
    assert_eq!(home["Organization"]["email"], "hi@clay.example");
    assert_eq!(
        home["Organization"]["sameAs"][0],
        "https://instagram.com/clay"
    );
    assert_eq!(home["WebSite"]["url"], "https://clay.example/");
    assert_eq!(home["WebSite"]["inLanguage"], "en");
    let post = json_ld(&read(&out.join("posts/p/index.html")));
    assert_eq!(post["BlogPosting"]["headline"], "Kiln day");
    assert_eq!(post["BlogPosting"]["datePublished"], "2026-02-03");
    assert_no_empty_values(&post["BlogPosting"]);
}

/// The `g:` fields of every item in the feed, as name -> values.
fn feed_items(xml: &str) -> Vec<std::collections::BTreeMap<String, Vec<String>>> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            let mut fields = std::collections::BTreeMap::<String, Vec<String>>::new();
            for field in item.children().filter(|c| c.is_element()) {
                assert_eq!(
                    field.tag_name().namespace(),
                    Some("http://base.google.com/ns/1.0")
                );
                fields
                    .entry(field.tag_name().name().to_owned())
                    .or_default()
                    .push(field.text().unwrap_or_default().to_owned());
            }
            fields
        })
        .collect()
}

#[test]
fn merchant_feed_has_every_required_field_per_item() {
    let (_dir, out) = built_catalogue();
    let items = feed_items(&read(&out.join("feeds/google.xml")));
    let ids: Vec<&str> = items.iter().map(|i| i["id"][0].as_str()).collect();
    assert_eq!(ids, ["MUG-S", "MUG-L", "vase"], "no item without a photo");
    for item in &items {
        for required in [
            "id",
            "title",
            "description",
            "link",
            "image_link",
            "availability",
            "price",
            "condition",
        ] {
            assert!(item.contains_key(required), "{required} missing: {item:?}");
        }
        assert!(
            item.contains_key("brand") || item.contains_key("gtin"),
            "brand or gtin"
        );
        assert!(item["image_link"][0].starts_with("https://clay.example/images/"));
    }
    let (small, large, vase) = (&items[0], &items[1], &items[2]);
    assert_eq!(small["title"], ["Mug - Small"]);
    assert_eq!(small["availability"], ["out_of_stock"]);
    assert_eq!(small["item_group_id"], ["MUG"]);
    assert_eq!(small["condition"], ["used"]);
    assert_eq!(small["gtin"], ["4006381333931"]);
    assert_eq!(small["additional_image_link"].len(), 1);
    assert_eq!(large["availability"], ["in_stock"]);
    assert_eq!(large["price"], ["30.00 EUR"], "the price before the sale");
    assert_eq!(large["sale_price"], ["26.00 EUR"]);
    assert_eq!(large["product_type"], ["Mugs & Cups"]);
    assert_eq!(vase["price"], ["1500 JPY"]);
    assert_eq!(vase["identifier_exists"], ["no"], "handmade: no barcode");
    assert!(!vase.contains_key("item_group_id"));
}

#[test]
fn check_advises_on_being_found_and_fails_production_only_on_broken_links() {
    let long = "word ".repeat(40);
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nmenu:\n  - {label: Shop, url: /products/}\n  - {label: Gone, url: /gone/}\n",
        ),
        (
            "products/a/index.md",
            "---\ntitle: Mug\nprice: 5\nimages: [small.jpg]\ncategories: [Cups]\n---\nSee [the vase](/products/vase/) and [cups](/categories/cups/#top).\n",
        ),
        (
            "products/b.md",
            &format!(
                "---\ntitle: Mug\nprice: 5\nsummary: {long}\n---\nText.\n\n![](/nowhere.jpg)\n"
            ),
        ),
        (
            "pages/about.md",
            "---\ntitle: About\n---\nOur [shop](/products/) and [home](/).\n",
        ),
    ]);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    std::fs::copy(photo, dir.path().join("products/a/small.jpg")).unwrap();

    let (output_code, stderr) = common::run(&["check"], dir.path());
    assert_eq!(output_code, Some(0), "advice never fails: {stderr}");
    let expected = [
        ("advice: the main photo is", "products/a/index.md:4:10"),
        (
            "warning: the link `/products/vase/` leads to no page of the shop",
            "products/a/index.md:7:1",
        ),
        (
            "advice: `Mug` has the same title as products/a/index.md",
            "products/b.md:2:8",
        ),
        ("advice: the product has no category", "products/b.md:2:8"),
        ("advice: the product has no photo", "products/b.md:2:8"),
        (
            "advice: the description is 199 characters",
            "products/b.md:4:10",
        ),
        (
            "advice: the image `/nowhere.jpg` has no alt text",
            "products/b.md:8:1",
        ),
        (
            "warning: the link `/nowhere.jpg` leads to no page of the shop",
            "products/b.md:8:1",
        ),
        (
            "warning: the menu link `/gone/` leads to no page of the shop",
            "shop.yaml:6:24",
        ),
    ];
    for (message, at) in expected {
        let shown = stderr
            .split("\n\n")
            .any(|d| d.starts_with(message) && d.contains(&format!("--> {at}\n")));
        assert!(shown, "{message} at {at} missing:\n{stderr}");
    }
    let count = |prefix: &str| stderr.lines().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("warning:"), 3, "{stderr}");
    assert_eq!(count("advice:"), 6, "{stderr}");
    assert!(
        !stderr.contains("about.md"),
        "valid links are fine: {stderr}"
    );

    let production = common::shop()
        .args(["check", "--production"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&production.stderr);
    assert_eq!(production.status.code(), Some(1), "{stderr}");
    // The three broken links, and the two products (shop and translation) without `buy:`.
    assert!(stderr.contains("error: found 5 problems"), "{stderr}");
    assert!(
        stderr.contains("error: `Mug` has a price but no way to buy it"),
        "{stderr}"
    );
    assert!(!stderr.contains("advice:"), "{stderr}");
}

#[test]
fn search_index_covers_every_product_and_the_page_works_without_script() {
    let (_dir, out) = built_catalogue();
    let index: serde_json::Value = serde_json::from_str(&read(&out.join("search.json"))).unwrap();
    let titles: Vec<&str> = index["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(sorted, ["Bare", "Mug", "Vase"]);
    let mug = &index["products"][titles.iter().position(|t| *t == "Mug").unwrap()];
    assert_eq!(mug["url"], "/products/mug/");
    assert_eq!(mug["categories"], serde_json::json!(["mugs"]));
    assert_eq!(mug["price"], 2000);
    assert_eq!(mug["price_text"], "From €20.00");
    assert!(mug["image"].as_str().unwrap().starts_with("/images/"));
    assert_eq!(index["categories"][0]["title"], "Mugs & Cups");

    let page = scraper::Html::parse_document(&read(&out.join("search/index.html")));
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    assert!(page.select(&select("form.search-form")).next().is_some());
    let hidden_without_script = select("head noscript");
    let noscript: Vec<String> = page
        .select(&hidden_without_script)
        .map(|n| n.text().collect::<String>())
        .collect();
    assert_eq!(
        noscript,
        ["<style>.search-form { display: none; }</style>"],
        "no form without script"
    );
    let browse: Vec<String> = page
        .select(&select(".search-browse a"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(browse, ["/products/", "/categories/mugs/"]);
    for id in ["search-q", "search-category", "search-sort"] {
        let label = select(&format!("label[for=\"{id}\"]"));
        assert!(page.select(&label).next().is_some(), "{id} has a label");
    }
}

#[test]
fn pages_without_a_photo_preview_with_the_shops_share_image() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/shop/\ncurrency: EUR\nshare_image: /og.png\n",
        ),
        ("products/bowl.md", "---\ntitle: Bowl\nprice: 7\n---\n"),
        ("pages/about.md", "---\ntitle: About\n---\nUs.\n"),
        ("static/og.png", "png"),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    for page in ["index.html", "products/bowl/index.html", "about/index.html"] {
        let html = read(&out.join(page));
        assert_eq!(
            meta(&html, "og:image").as_deref(),
            Some("https://t.example/shop/og.png"),
            "{page}"
        );
    }
    std::fs::remove_file(dir.path().join("static/og.png")).unwrap();
    let (code, stderr) = common::run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: `/og.png` is not a file in `static/`\n  --> shop.yaml:4:14"),
        "{stderr}"
    );
}

#[test]
fn shipping_and_returns_reach_structured_data_and_the_feed() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nshipping:\n  - {countries: [PT, es], price: 4.50, days: 2-5}\n  - {countries: [DE], price: 0}\nreturns: {days: 30, free: true}\n",
        ),
        (
            "products/cup/index.md",
            "---\ntitle: Cup\nprice: 5\nimages: [cup.jpg]\n---\n",
        ),
    ]);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    std::fs::copy(photo, dir.path().join("products/cup/cup.jpg")).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let items = json_ld(&read(&out.join("products/cup/index.html")));
    let offer = &items["Product"]["offers"];
    let shipping = offer["shippingDetails"].as_array().unwrap();
    assert_eq!(shipping.len(), 2);
    assert_eq!(shipping[0]["shippingRate"]["value"], "4.50");
    assert_eq!(shipping[0]["shippingRate"]["currency"], "EUR");
    assert_eq!(
        shipping[0]["shippingDestination"][1]["addressCountry"],
        "ES"
    );
    assert_eq!(shipping[0]["deliveryTime"]["transitTime"]["maxValue"], 5);
    assert_eq!(
        shipping[1]["shippingRate"]["value"], "0.00",
        "free shipping"
    );
    assert!(shipping[1].get("deliveryTime").is_none());
    let returns = &offer["hasMerchantReturnPolicy"];
    assert_eq!(returns["merchantReturnDays"], 30);
    assert_eq!(returns["returnFees"], "https://schema.org/FreeReturn");
    assert_eq!(
        returns["applicableCountry"],
        serde_json::json!(["PT", "ES", "DE"])
    );

    let feed = read(&out.join("feeds/google.xml"));
    assert!(feed.contains("<g:shipping><g:country>ES</g:country><g:price>4.50 EUR</g:price><g:min_transit_time>2</g:min_transit_time><g:max_transit_time>5</g:max_transit_time></g:shipping>"), "{feed}");
    assert!(
        feed.contains(
            "<g:shipping><g:country>DE</g:country><g:price>0.00 EUR</g:price></g:shipping>"
        )
    );

    std::fs::write(
        dir.path().join("shop.yaml"),
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\nshipping:\n  - {countries: [XX], price: \"4,5\", days: 5-2}\n",
    )
    .unwrap();
    let (code, stderr) = common::run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    for (message, at) in [
        ("`XX` is not a country code", "shop.yaml:5:18"),
        ("bad shipping price", "shop.yaml:5:30"),
        ("delivery time is not a number of days", "shop.yaml:5:43"),
    ] {
        assert!(
            stderr.contains(&format!("error: {message}"))
                && stderr.contains(&format!("--> {at}\n")),
            "{message} at {at}:\n{stderr}"
        );
    }
}
