//! Every page a buyer sees, in every theme: nothing scrolls sideways on a phone, listings
//! show cards two to a row on a phone and without a lone last card on a desktop, and the
//! small details (stars, footer newsletter, sold out, WeChat caption, badges, video
//! placeholders) say what they should, once. Browser checks run headless Chromium (Debian's
//! `chromium`) through Playwright (`tests/tools/overflow.mjs`) and skip themselves only when
//! a user sets `SHOP_SKIP_EXTERNAL=1`.

mod common;

use std::path::{Path, PathBuf};

use common::example_shop_with_theme;

/// The example shop built in every theme, as `(theme, built site)`; photos are encoded once
/// and their cache handed on from theme to theme.
fn example_sites(work: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut previous: Option<PathBuf> = None;
    let mut sites = Vec::new();
    for theme in shop::render::theme_names() {
        let shop = example_shop_with_theme(&work.join(theme), theme, previous.as_deref());
        let out = work.join(theme).join("public");
        common::build(&shop, &out, &["-q"]);
        sites.push((theme, out));
        previous = Some(shop);
    }
    sites
}

/// Runs a browser script of `tests/tools` with `options` on the built `sites`; it must
/// print `ok`.
fn run_on_sites(script: &str, options: &[&str], sites: &[(&str, PathBuf)]) {
    let sites = sites
        .iter()
        .map(|(theme, out)| format!("{theme}={}", out.display()));
    common::browser_script_ok(script, options.iter().map(|o| o.to_string()).chain(sites));
}

/// One test for both browser scripts, so the example shop is built once in each theme.
#[test]
fn no_page_scrolls_sideways_on_a_phone_and_listings_lay_out_in_every_theme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if common::skip_without_browser(root) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let sites = example_sites(work.path());
    run_on_sites("overflow.mjs", &[], &sites);
    run_on_sites("layout.mjs", &[], &sites);
}

/// The example shop never has a count of products that leaves one card alone on a
/// desktop's last row in the default theme (four a row) or on its listing in the editorial
/// theme (three a row), so small shops of 5, 7 and 13 featured products, without photos,
/// check that the grids switch to three, four or five a row there (the compact theme lists
/// products as rows, one a row, so the rule does not apply to it).
#[test]
fn a_desktop_never_leaves_one_card_alone_on_the_last_row_of_the_home_or_the_listing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if common::skip_without_browser(root) {
        return;
    }
    for count in [5, 7, 13] {
        let products: Vec<(String, String)> = (1..=count)
            .map(|n| {
                let product = format!("---\ntitle: Print {n}\nprice: {n}\nfeatured: true\n---\n");
                (format!("products/print-{n}.md"), product)
            })
            .collect();
        let shops: Vec<_> = shop::render::theme_names()
            .iter()
            .filter(|theme| **theme != "compact")
            .map(|theme| {
                let config = shop_yaml(theme, "per_page: 24\n");
                let mut files = vec![("shop.yaml", config.as_str())];
                files.extend(products.iter().map(|(p, c)| (p.as_str(), c.as_str())));
                let dir = common::write_shop(&files);
                let out = dir.path().join("public");
                common::build(dir.path(), &out, &["-q"]);
                (*theme, out, dir)
            })
            .collect();
        let sites: Vec<_> = shops.iter().map(|(t, out, _)| (*t, out.clone())).collect();
        run_on_sites("layout.mjs", &["--cards", &count.to_string()], &sites);
    }
}

/// The `shop.yaml` of a small test shop in `theme`, with `more` after it.
fn shop_yaml(theme: &str, more: &str) -> String {
    format!("title: T\nbase_url: https://t.example/\ncurrency: EUR\ntheme: {theme}\n{more}")
}

/// Builds the shop of `files` (a `shop.yaml` among them) and returns the page at `path`.
fn built_page(files: &[(&str, &str)], path: &str) -> String {
    let dir = common::write_shop(files);
    let out = dir.path().join("public");
    common::build(dir.path(), &out, &["-q"]);
    common::read(&out.join(path))
}

/// The page of the product `products/mug.md` (`product`) in a shop in `theme` with
/// `settings` in its `shop.yaml`.
fn mug_page(theme: &str, settings: &str, product: &str) -> String {
    built_page(
        &[
            ("shop.yaml", &shop_yaml(theme, settings)),
            ("products/mug.md", product),
        ],
        "products/mug/index.html",
    )
}

#[test]
fn stars_round_to_the_nearest_half_so_four_and_a_half_shows_four_and_a_half() {
    let product = "---\ntitle: Mug\nprice: 20\nreviews:\n  - {author: Ana, rating: 5}\n  - {author: Bo, rating: 4}\n---\n";
    for theme in shop::render::theme_names() {
        let html = mug_page(theme, "", product);
        let stars = common::select(&html, ".reviews__summary .stars", "");
        assert_eq!(stars, ["★★★★☆"], "{theme}: four full stars, then the half");
        assert_eq!(
            common::select(&html, ".reviews__summary .stars .star--half", "").len(),
            1,
            "{theme}: the fifth star is half filled"
        );
        assert!(
            common::select(&html, ".reviews__summary", "")[0].contains("4.5"),
            "{theme}"
        );
    }
}

#[test]
fn the_footer_newsletter_has_its_heading_and_reason_even_when_the_seller_leaves_them_blank() {
    for (newsletter, heading, reason) in [
        (
            "newsletter: {action: \"https://list.example/join\"}\n",
            "Newsletter",
            "New work and studio news, at most once a month.",
        ),
        (
            "newsletter: {action: \"https://list.example/join\", title: \"\", text: \" \"}\n",
            "Newsletter",
            "New work and studio news, at most once a month.",
        ),
        (
            "newsletter: {action: \"https://list.example/join\", title: Letters, text: Twice a year.}\n",
            "Letters",
            "Twice a year.",
        ),
    ] {
        for theme in shop::render::theme_names() {
            let html = built_page(
                &[("shop.yaml", &shop_yaml(theme, newsletter))],
                "index.html",
            );
            assert_eq!(
                common::select(&html, "#footer-newsletter", ""),
                [heading],
                "{theme} {newsletter}"
            );
            assert_eq!(
                common::select(&html, "[aria-labelledby=footer-newsletter] > p", ""),
                [reason],
                "{theme} {newsletter}"
            );
        }
    }
}

#[test]
fn sold_out_says_so_once_with_one_call_to_action() {
    let product = "---\ntitle: Mug\nprice: 20\nsku: MUG-1\nstock: 0\n---\n";
    let contact = "contact: {email: hi@t.example}\n";
    let notify = "newsletter: {action: \"https://list.example/join\", tag_field: tag}\n";
    for theme in shop::render::theme_names() {
        // With a back-in-stock form: "Sold out" and the form, nothing else.
        let html = mug_page(theme, &format!("{contact}{notify}"), product);
        assert_eq!(
            common::select(&html, ".stock--out", ""),
            ["Sold out"],
            "{theme}"
        );
        assert_eq!(
            common::select(&html, "form.notify input[name=tag]", "value"),
            ["MUG-1"],
            "{theme}"
        );
        assert!(!html.contains("Write to us if you would like"), "{theme}");

        // Without one: "Sold out" and a line asking to write, linked to the e-mail.
        let html = mug_page(theme, contact, product);
        assert_eq!(
            common::select(&html, ".stock--out", ""),
            ["Sold out. Write to us if you would like to hear when it is back."],
            "{theme}"
        );
        assert_eq!(
            common::select(&html, ".stock--out a", "href"),
            ["mailto:hi@t.example"],
            "{theme}"
        );
        assert!(
            common::select(&html, "form.notify", "").is_empty(),
            "{theme}"
        );
    }
}

#[test]
fn the_contact_page_asks_to_scan_only_when_there_is_a_code() {
    for theme in shop::render::theme_names() {
        let html = built_page(
            &[(
                "shop.yaml",
                &shop_yaml(theme, "contact: {wechat: tshop, page: true}\n"),
            )],
            "contact/index.html",
        );
        assert!(!html.contains("Scan to add us on WeChat"), "{theme}");
        assert!(common::select(&html, "figure", "").is_empty(), "{theme}");
        assert_eq!(
            common::select(&html, "main .contact dd", ""),
            ["tshop"],
            "{theme}: the ID is a line of the list"
        );

        // The ID in the language's brackets: full-width in Chinese.
        for (language, caption) in [
            ("", "Scan to add us on WeChat (WeChat: tshop)"),
            ("language: zh-CN\n", "扫码添加微信（微信：tshop）"),
        ] {
            let contact = "contact: {wechat: tshop, wechat_qr: /wechat.png, page: true}\n";
            let root = common::write_shop(&[
                (
                    "shop.yaml",
                    &shop_yaml(theme, &format!("{language}{contact}")),
                ),
                ("static/wechat.png", "png"),
            ]);
            let out = root.path().join("public");
            common::build(root.path(), &out, &["-q"]);
            let html = common::read(&out.join("contact/index.html"));
            assert_eq!(
                common::select(&html, ".contact-page__wechat figcaption", ""),
                [caption],
                "{theme}"
            );
        }
    }
}

#[test]
fn search_results_carry_the_badges_of_the_listing_cards() {
    let dir = common::write_shop(&[
        ("shop.yaml", &shop_yaml("default", "")),
        (
            "products/calendar.md",
            "---\ntitle: Calendar\nprice: 20\navailability: preorder\nship_date: 2027-01-08\n---\n",
        ),
        (
            "products/mug.md",
            "---\ntitle: Mug\nprice: 20\ncompare_at_price: 30\n---\n",
        ),
        (
            "products/vase.md",
            "---\ntitle: Vase\nprice: 20\nstock: 0\n---\n",
        ),
        ("products/jug.md", "---\ntitle: Jug\nprice: 20\n---\n"),
    ]);
    let out = dir.path().join("public");
    common::build(dir.path(), &out, &["-q"]);
    let listing = scraper::Html::parse_document(&common::read(&out.join("products/index.html")));
    let card = scraper::Selector::parse(".card").unwrap();
    let link = scraper::Selector::parse(".card__link").unwrap();
    let badge = scraper::Selector::parse(".badge").unwrap();
    let badge_of = |url: &str| {
        listing
            .select(&card)
            .find(|c| c.select(&link).any(|l| l.attr("href") == Some(url)))
            .and_then(|c| c.select(&badge).next())
            .map(|b| b.text().collect::<String>())
    };
    let index: serde_json::Value =
        serde_json::from_str(&common::read(&out.join("search.json"))).unwrap();
    for product in index["products"].as_array().unwrap() {
        let title = product["title"].as_str().unwrap();
        let wanted = match badge_of(product["url"].as_str().unwrap()).as_deref() {
            Some("Pre-order") => "preorder",
            Some("Sale") => "sale",
            Some("Sold out") => "sold_out",
            None => "",
            Some(other) => panic!("{title}: unexpected badge {other}"),
        };
        assert_eq!(product["badge"].as_str().unwrap_or(""), wanted, "{title}");
    }
    let badges: Vec<&str> = index["products"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["badge"].as_str())
        .collect();
    assert_eq!(badges.len(), 3, "{badges:?}");
}

#[test]
fn editorial_featured_collections_show_a_photo_of_their_products() {
    let root = common::fixture_shop(
        "polish-editorial-tiles",
        &[
            (
                "shop.yaml",
                &shop_yaml(
                    "editorial",
                    "categories:\n  prints: {title: Prints}\nbrand:\n  featured: [prints]\n",
                ),
            ),
            (
                "products/plain.md",
                "---\ntitle: Plain\nprice: 5\ncategories: [Prints]\n---\n",
            ),
            (
                "products/print/index.md",
                "---\ntitle: Print\nprice: 9\ncategories: [Prints]\nimages: [p.jpg]\n---\n",
            ),
        ],
        "gray.jpg",
        &["products/print/p.jpg".into()],
    );
    let out = root.join("public");
    common::build(&root, &out, &["-q"]);
    let html = common::read(&out.join("index.html"));
    let covers = common::select(&html, ".ed-tile .ed-tile__media img", "src");
    assert_eq!(covers.len(), 1, "{covers:?}");
    assert!(covers[0].starts_with("/images/p-"), "{covers:?}");
}
