//! The basket (issue 19): shipping profiles in `shop.yaml`, what search engines are told
//! of them, and the errors a seller gets for a wrong one.

mod common;

use std::path::Path;

use common::{build, read, write_shop};

const PROFILES: &str = "title: T
base_url: https://t.example/
currency: EUR
shipping:
  - countries: [PT, ES]
    alone: 4.50
    with_others: 1
    free_over: 60
    days: 2-5
    profiles:
      tube: {alone: 8, with_others: 3}
  - everywhere_else: true
    alone: 15
    profiles:
      tube: {alone: 20}
";

/// The `Product` node of a page's JSON-LD.
fn product_node(html: &str) -> serde_json::Value {
    let start = html.find("application/ld+json\">").expect("JSON-LD") + 21;
    let end = start + html[start..].find("</script>").expect("end of JSON-LD");
    let graph: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON");
    graph["@graph"]
        .as_array()
        .expect("graph")
        .iter()
        .find(|node| node["@type"] == "Product")
        .expect("a Product")
        .clone()
}

/// Runs `shop check` on `dir`, which must fail with each of `errors`; returns what it said.
fn check_fails(dir: &Path, errors: &[&str]) -> String {
    let (code, stderr) = common::run(&["check"], dir);
    assert_eq!(code, Some(1), "{stderr}");
    for error in errors {
        assert!(
            stderr.contains(&format!("error: {error}")),
            "{error}:\n{stderr}"
        );
    }
    stderr
}

#[test]
fn structured_data_and_the_feed_give_the_single_item_price_of_the_products_profile() {
    let dir = write_shop(&[
        ("shop.yaml", PROFILES),
        (
            "products/poster/index.md",
            "---\ntitle: Poster\nprice: 30\nshipping_profile: tube\nimages: [p.jpg]\n---\n",
        ),
        ("products/card.md", "---\ntitle: Card\nprice: 4\n---\n"),
    ]);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    std::fs::copy(photo, dir.path().join("products/poster/p.jpg")).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let poster = product_node(&read(&out.join("products/poster/index.html")));
    let shipping = poster["offers"]["shippingDetails"].as_array().unwrap();
    assert_eq!(
        shipping.len(),
        1,
        "everywhere else names no country: {shipping:?}"
    );
    assert_eq!(shipping[0]["shippingRate"]["value"], "8.00");
    let card_page = read(&out.join("products/card/index.html"));
    let card = product_node(&card_page);
    assert_eq!(
        card["offers"]["shippingDetails"][0]["shippingRate"]["value"],
        "4.50"
    );
    assert!(card_page.contains("Everywhere else"), "the zone is listed");
    let feed = read(&out.join("feeds/google.xml"));
    assert!(
        feed.contains("<g:country>PT</g:country><g:price>8.00 EUR</g:price>"),
        "{feed}"
    );
}

#[test]
fn a_shop_yaml_written_before_profiles_still_builds() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nshipping:\n  - {countries: [PT], price: 4.50}\n",
        ),
        ("products/card.md", "---\ntitle: Card\nprice: 4\n---\n"),
    ]);
    build(dir.path(), &dir.path().join("public"), &[]);
}

#[test]
fn wrong_shipping_settings_are_errors_at_their_lines() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T
base_url: https://t.example/
currency: EUR
shipping:
  - countries: [PT]
    price: 4
    alone: 4
  - countries: [ES]
    alone: 5
    profiles:
      tube: {alone: 8}
  - everywhere_else: true
    alone: 9
    profiles:
      tube: {alone: 9}
  - everywhere_else: true
    alone: 12
    profiles:
      tube: {alone: 9, with_others: \"1,5\"}
",
        ),
        ("products/card.md", "---\ntitle: Card\nprice: 4\n---\n"),
    ]);
    let (code, stderr) = common::run(&["check"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    for (message, at) in [
        ("`price:` and `alone:` say the same thing", "shop.yaml:6:5"),
        (
            "this zone has no price for the `tube` profile, which `shipping.1` has",
            "shop.yaml:5:5",
        ),
        (
            "`shipping.2` is already the zone of everywhere else",
            "shop.yaml:16:5",
        ),
        ("bad shipping price", "shop.yaml:19:37"),
    ] {
        assert!(
            stderr.contains(&format!("error: {message}"))
                && stderr.contains(&format!("--> {at}\n")),
            "{message} at {at}:\n{stderr}"
        );
    }
}

#[test]
fn a_product_names_a_profile_shop_yaml_has_and_only_shipped_things_have_one() {
    let dir = write_shop(&[
        ("shop.yaml", PROFILES),
        (
            "products/poster.md",
            "---\ntitle: Poster\nprice: 30\nshipping_profile: tub\n---\n",
        ),
        (
            "products/file.md",
            "---\ntitle: File\nprice: 3\nkind: digital\nships_separately: true\n---\n",
        ),
    ]);
    let stderr = check_fails(
        dir.path(),
        &["`shipping:` in shop.yaml has no profile `tub`"],
    );
    assert!(stderr.contains("did you mean `tube`?"), "{stderr}");
    assert!(
        stderr.contains(
            "error: `ships_separately` is for things that ship, and a download ships free"
        ) && stderr.contains("--> products/file.md:5:19"),
        "{stderr}"
    );
}

/// A shop of cards (two variants) and a poster in a tube, shipped with [`PROFILES`].
fn card_shop() -> tempfile::TempDir {
    write_shop(&[
        ("shop.yaml", PROFILES),
        (
            "products/card.md",
            "---\ntitle: Card\noptions: {Colour: [Blue, Red]}\nvariants:\n  - {options: {Colour: Blue}, sku: CARD-B, price: 4, stock: 5}\n  - {options: {Colour: Red}, sku: CARD-R, price: \"4.50\"}\n---\n",
        ),
        (
            "products/poster.md",
            "---\ntitle: Poster\nprice: 30\nsku: POSTER\nshipping_profile: tube\n---\n",
        ),
    ])
}

/// `shop orders quote TEXT -C DIR`: exit code, stdout and stderr.
fn quote(dir: &Path, text: &str) -> (Option<i32>, String, String) {
    let output = common::shop()
        .args(["orders", "quote", text, "-C"])
        .arg(dir)
        .output()
        .expect("run shop");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const QUOTED: &str = "Order shipped to PT
  2 × Card, Blue (CARD-B)         €4.00         €8.00
  1 × Card, Red (CARD-R)          €4.50         €4.50
  1 × Poster (POSTER)            €30.00        €30.00
Subtotal        €42.50
Postage         €11.00
Total           €53.50
";

#[test]
fn quote_prices_a_good_code_and_a_pasted_message() {
    let dir = card_shop();
    let order = [("CARD-B", 2), ("CARD-R", 1), ("POSTER", 1)];
    let code = common::code_of(dir.path(), &order, "PT");
    let (status, stdout, stderr) = quote(dir.path(), &code);
    assert_eq!(status, Some(0), "{stderr}");
    // The poster's tube goes first (8.00), then 3 cards at 1.00 each.
    assert_eq!(stdout, QUOTED);
    let message = format!("Hello,\n\n2 × Card…\n\nTotal: €53.50\nOrder code: {code}\n");
    let (status, stdout, _) = quote(dir.path(), &message);
    assert_eq!((status, stdout.as_str()), (Some(0), QUOTED));
    let chinese = format!("你好，我想订购：\n\n合计: €53.50\n\n订单码：{code}");
    let (status, stdout, _) = quote(dir.path(), &chinese);
    assert_eq!((status, stdout.as_str()), (Some(0), QUOTED));
}

#[test]
fn quote_says_when_prices_changed_since_the_code_was_made() {
    let dir = card_shop();
    let code = common::code_of(dir.path(), &[("POSTER", 1)], "DE");
    let poster = dir.path().join("products/poster.md");
    let text = read(&poster).replace("price: 30", "price: 35");
    std::fs::write(&poster, text).unwrap();
    let (status, stdout, stderr) = quote(dir.path(), &code);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.contains("Total           €55.00"), "{stdout}");
    assert!(
        stdout.contains("Note: prices or postage changed since the buyer made this code"),
        "{stdout}"
    );
    let (_, unchanged, _) = quote(
        dir.path(),
        &common::code_of(dir.path(), &[("POSTER", 1)], "DE"),
    );
    assert!(!unchanged.contains("Note:"), "{unchanged}");
}

#[test]
fn quote_refuses_a_tampered_code_an_unknown_sku_and_more_than_the_stock() {
    let dir = card_shop();
    let good = common::code_of(dir.path(), &[("CARD-B", 1), ("POSTER", 1)], "PT");
    let mut tampered = good.clone();
    let at = good.len() - 4;
    let changed = if &good[at..at + 1] == "A" { "B" } else { "A" };
    tampered.replace_range(at..at + 1, changed);
    let (status, _, stderr) = quote(dir.path(), &tampered);
    assert_eq!(status, Some(1));
    assert!(
        stderr.contains("error: the order code's check character does not match"),
        "{stderr}"
    );

    let too_many = common::code_of(dir.path(), &[("CARD-B", 6)], "PT");
    let (status, _, stderr) = quote(dir.path(), &too_many);
    assert_eq!(status, Some(1));
    assert!(
        stderr.contains("error: line 1: 6 × CARD-B asked, but only 5 left"),
        "{stderr}"
    );

    let poster = dir.path().join("products/poster.md");
    let text = read(&poster).replace("sku: POSTER", "sku: POSTER-A2");
    std::fs::write(&poster, text).unwrap();
    let (status, _, stderr) = quote(dir.path(), &good);
    assert_eq!(status, Some(1));
    assert!(
        stderr.contains("error: line 2: no product of this shop has a SKU whose code is"),
        "{stderr}"
    );
    let (status, _, stderr) = quote(dir.path(), "Hello, I want a card");
    assert_eq!(status, Some(1));
    assert!(stderr.contains("error: no order code found"), "{stderr}");
}

/// The shop the browser test buys from: cards with a sold-out variant, a poster in a tube,
/// a framed print that ships on its own, a sold-out mug and a subscription, in English
/// and Chinese, ordered by email or WeChat.
fn browser_shop() -> std::path::PathBuf {
    let config = format!(
        "{PROFILES}basket: true\nlanguages: {{zh-CN: {{title: T}}}}\ncontact: {{email: hello@t.example, wechat: tshop}}\norder_by_message: [email, wechat]\n"
    );
    let buy = "buy: {email: true}\n";
    common::fixture_shop(
        "basket-browser",
        &[
            ("shop.yaml", &config),
            (
                "products/card.md",
                &format!(
                    "---\ntitle: Card\n{buy}options: {{Colour: [Blue, Red, Green]}}\nvariants:\n  - {{options: {{Colour: Blue}}, sku: CARD-B, price: 4, stock: 5}}\n  - {{options: {{Colour: Red}}, sku: CARD-R, price: \"4.50\"}}\n  - {{options: {{Colour: Green}}, sku: CARD-G, price: 4, stock: 0}}\n---\n"
                ),
            ),
            (
                "products/poster.md",
                &format!(
                    "---\ntitle: Poster\nprice: 30\nsku: POSTER\nshipping_profile: tube\n{buy}---\n"
                ),
            ),
            (
                "products/frame.md",
                &format!(
                    "---\ntitle: Frame\nprice: 25\nsku: FRAME\nships_separately: true\n{buy}---\n"
                ),
            ),
            (
                "products/mug.md",
                &format!("---\ntitle: Mug\nprice: 12\nsku: MUG\nstock: 0\n{buy}---\n"),
            ),
            (
                "products/club.md",
                &format!(
                    "---\ntitle: Club\nprice: 9\nsku: CLUB\nkind: subscription\ninterval: month\n{buy}---\n"
                ),
            ),
        ],
        "gray.jpg",
        &[],
    )
}

/// Orders the browser prices and codes, and `shop` prices again: `(lines, country)`.
const TABLE: &str = r#"[
  [[["CARD-R", 1]], "PT"],
  [[["CARD-R", 2], ["POSTER", 1]], "PT"],
  [[["POSTER", 2], ["FRAME", 1]], "DE"],
  [[["FRAME", 3]], "ES"],
  [[["CARD-R", 10], ["POSTER", 1]], "PT"],
  [[["CARD-R", 2], ["FRAME", 1], ["POSTER", 1]], "DE"],
  [[["FRAME", 2], ["CARD-R", 99]], "ES"]
]"#;

#[test]
fn a_buyer_fills_the_basket_in_a_browser_and_shop_prices_the_same_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if common::skip_without_browser(root) {
        return;
    }
    let dir = browser_shop();
    let table = dir.join("table.json");
    std::fs::write(&table, TABLE).unwrap();
    let server = common::server::Server::start(&dir);
    let address = format!("http://{}", server.address);
    let output = common::browser_script(
        "basket.mjs",
        [address.as_ref(), dir.as_os_str(), table.as_os_str()],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "basket.mjs: {stderr}");
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    drop(server);

    // Three Blue cards and a poster to Portugal: the tube (8.00) and 3 × 1.00.
    let en = &seen["en"];
    assert_eq!(
        (&en["subtotal"], &en["postage"], &en["total"]),
        (&"€42.00".into(), &"€11.00".into(), &"€53.00".into())
    );
    insta::assert_snapshot!("message_en", en["message"].as_str().unwrap());
    insta::assert_snapshot!("message_zh", seen["zh"]["message"].as_str().unwrap());
    assert_eq!(
        seen["repriced"]["total"], "€58.00",
        "the poster now costs 35"
    );
    assert_eq!(
        seen["soldOut"]["total"], "€43.00",
        "the sold-out cards are left out"
    );
    assert!(
        seen["soldOutNote"]
            .as_str()
            .unwrap()
            .contains("Card, Blue is sold out, and is left out of the total."),
        "{}",
        seen["soldOutNote"]
    );

    // Every order of the table: the browser's code prices to the browser's total in Rust,
    // with the same fingerprint (it covers the postage, so equal postage too).
    let site = common::load(&dir);
    let items = shop::orders::items(&site);
    let orders = seen["table"].as_array().expect("the table");
    assert_eq!(orders.len(), 7);
    for order in orders {
        let code = order["code"].as_str().unwrap();
        let quote = shop::orders::quote(code, &items, &site.config).expect(code);
        assert!(quote.fingerprint_matches, "{code}: {order}");
        assert_eq!(
            serde_json::json!(quote.postage.minor),
            order["postage"],
            "{code}"
        );
        assert_eq!(
            serde_json::json!(quote.total.minor),
            order["total"],
            "{code}"
        );
    }
}

#[test]
fn basket_on_writes_the_page_and_a_price_list_of_what_can_go_in() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            &format!(
                "{PROFILES}basket: true\ncontact: {{email: hello@t.example}}\norder_by_message: [email]\n"
            ),
        ),
        (
            "products/poster.md",
            "---\ntitle: Poster\nprice: 30\nsku: POSTER\nshipping_profile: tube\nstock: 2\n---\n",
        ),
        (
            "products/file.md",
            "---\ntitle: File\nprice: 3\nsku: FILE\nkind: digital\nbuy: {paypal: https://www.paypal.com/ncp/payment/FILE}\n---\n",
        ),
        (
            "products/bare.md",
            "---\ntitle: Bare\nprice: 3\nbuy: {paypal: https://www.paypal.com/ncp/payment/BARE}\n---\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let page = read(&out.join("basket/index.html"));
    assert!(page.contains(r#"<meta name="robots" content="noindex, follow">"#));
    let list = std::fs::read_dir(out.join("basket"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a price list");
    assert!(page.contains(&format!(
        "data-prices=\"/basket/{}\"",
        list.file_name().unwrap().to_string_lossy()
    )));
    let list: serde_json::Value = serde_json::from_str(&read(&list)).unwrap();
    let items = list["items"].as_object().unwrap();
    assert_eq!(
        items.keys().collect::<Vec<_>>(),
        ["POSTER"],
        "no download, no SKU-less"
    );
    assert_eq!(items["POSTER"]["price"], 3000);
    assert_eq!(items["POSTER"]["cap"], 2);
    assert_eq!(items["POSTER"]["profile"], "tube");
    assert_eq!(
        list["zones"][0]["rates"]["tube"],
        serde_json::json!([800, 300])
    );
    assert_eq!(list["zones"][0]["free_over"], 6000);
    let product = read(&out.join("products/poster/index.html"));
    assert!(product.contains("<form class=\"basket-add\" data-basket-add>"));
    assert!(product.contains("<a class=\"basket-link\" data-basket-link href="));

    let (code, stderr) = common::run(&["check"], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("advice: without a SKU, this product cannot go in the basket")
            && stderr.contains("--> products/bare.md:2:8"),
        "{stderr}"
    );
    let (code, stderr) = common::run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(0), "advice does not fail production: {stderr}");
}

#[test]
fn without_the_basket_key_nothing_of_it_is_written() {
    let dir = write_shop(&[
        ("shop.yaml", PROFILES),
        (
            "products/poster.md",
            "---\ntitle: Poster\nprice: 30\nsku: POSTER\n---\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    assert!(!out.join("basket").exists());
    let product = read(&out.join("products/poster/index.html"));
    assert!(!product.contains("basket"), "no basket markup or script");
    let (_, stderr) = common::run(&["check"], dir.path());
    assert!(!stderr.contains("SKU"), "{stderr}");
}

#[test]
fn the_basket_needs_shipping_and_a_channel_and_its_page_name_is_reserved() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nbasket: true\n",
        ),
        ("pages/basket.md", "---\ntitle: My basket\n---\n"),
        (
            "pages/about.md",
            "---\ntitle: About\naliases: [/basket/]\n---\n",
        ),
    ]);
    check_fails(
        dir.path(),
        &[
            "the basket needs postage from `shipping:`",
            "the basket needs a way to send the order: `order_by_message:`",
        ],
    );
    std::fs::write(
        dir.path().join("shop.yaml"),
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
    )
    .unwrap();
    check_fails(
        dir.path(),
        &[
            "`basket` is reserved for the basket page, /basket/",
            "alias `/basket/` is a page the shop generates itself",
        ],
    );
}

#[test]
fn every_theme_has_the_basket_link_and_form() {
    for theme in ["default", "compact", "editorial"] {
        let dir = write_shop(&[
            (
                "shop.yaml",
                &format!(
                    "{PROFILES}basket: true\ntheme: {theme}\ncontact: {{email: hello@t.example}}\norder_by_message: [email]\n"
                ),
            ),
            (
                "products/poster.md",
                "---\ntitle: Poster\nprice: 30\nsku: POSTER\n---\n",
            ),
        ]);
        let out = dir.path().join("public");
        build(dir.path(), &out, &[]);
        let product = read(&out.join("products/poster/index.html"));
        for markup in [
            "<form class=\"basket-add\" data-basket-add>",
            "<a class=\"basket-link\" data-basket-link href=",
            "<script src=\"/assets/basket.js\" defer",
        ] {
            assert!(product.contains(markup), "{theme}: {markup}");
        }
        assert!(out.join("basket/index.html").is_file(), "{theme}");
    }
}

#[test]
fn two_skus_with_one_order_code_are_an_error_with_the_basket_on() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            &format!(
                "{PROFILES}basket: true\ncontact: {{email: hello@t.example}}\norder_by_message: [email]\n"
            ),
        ),
        (
            "products/a.md",
            "---\ntitle: A\nprice: 3\nsku: SKU-112789\n---\n",
        ),
        (
            "products/b.md",
            "---\ntitle: B\nprice: 3\nsku: SKU-349192\n---\n",
        ),
    ]);
    check_fails(
        dir.path(),
        &["the SKUs `SKU-112789` and `SKU-349192` share the order code"],
    );
}

#[test]
fn a_product_page_states_postage_at_its_own_profiles_price() {
    let dir = write_shop(&[
        ("shop.yaml", PROFILES),
        (
            "products/poster.md",
            "---\ntitle: Poster\nprice: 30\nshipping_profile: tube\n---\n",
        ),
        ("products/mug.md", "---\ntitle: Mug\nprice: 12\n---\n"),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let page = |slug: &str| read(&out.join(format!("products/{slug}/index.html")));
    let rates = |html: &str| common::select(html, ".policies__rates li", "");
    let poster = page("poster");
    assert!(
        poster.contains("Shipping from €8.00 · 2-5 days"),
        "{poster}"
    );
    assert_eq!(
        rates(&poster),
        ["PT, ES €8.00 · 2-5 days", "Everywhere else €20.00"]
    );
    let mug = page("mug");
    assert!(mug.contains("Shipping from €4.50 · 2-5 days"), "{mug}");
    assert_eq!(
        rates(&mug),
        ["PT, ES €4.50 · 2-5 days", "Everywhere else €15.00"]
    );
}
