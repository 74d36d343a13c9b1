//! Variants with options: a radio button for every variant, each followed by its own price
//! and buttons (the CSS shows the checked one's, no JavaScript needed), the picker's markup, structured data and feed attributes, and an
//! error for every way the options can be wrong.

mod common;

use common::{build, read, run, select, write_shop};

const SHOP_YAML: (&str, &str) = (
    "shop.yaml",
    "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
);

const APRON: &str = "---\ntitle: Linen Apron\nprice: 38\nsku: APR\noptions:\n  Size: [S, M, L]\n  Colour: [Natural, Charcoal]\nvariants:\n  - {options: {Size: S, Colour: Natural}, sku: APR-S-N, stock: 0, buy: {stripe: \"https://buy.stripe.com/sn\"}}\n  - {options: {Size: M, Colour: Natural}, sku: APR-M-N, buy: {stripe: \"https://buy.stripe.com/mn\"}}\n  - {options: {Size: L, Colour: Natural}, sku: APR-L-N, price: 42, buy: {stripe: \"https://buy.stripe.com/ln\"}}\n  - {options: {Size: S, Colour: Charcoal}, sku: APR-S-C, buy: {stripe: \"https://buy.stripe.com/sc\"}}\n  - {options: {Size: M, Colour: Charcoal}, sku: APR-M-C, buy: {stripe: \"https://buy.stripe.com/mc\"}}\n  - {options: {Size: L, Colour: Charcoal}, sku: APR-L-C, buy: {stripe: \"https://buy.stripe.com/lc\"}}\n---\nAn apron.\n";

#[test]
fn every_variant_is_listed_with_its_own_buttons_and_the_picker_marks_the_first_in_stock() {
    let product = APRON.replace("sku: APR\n", "sku: APR\nimages: [apron.jpg]\n");
    let dir = write_shop(&[SHOP_YAML, ("products/apron/index.md", &product)]);
    let photo =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    std::fs::copy(photo, dir.path().join("products/apron/apron.jpg")).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let html = read(&out.join("products/apron/index.html"));
    assert_eq!(
        select(&html, ".choice", ""),
        [
            "S / Natural (Sold out)",
            "M / Natural",
            "L / Natural",
            "S / Charcoal",
            "M / Charcoal",
            "L / Charcoal"
        ]
    );
    assert_eq!(
        select(&html, ".variant a.button", "href"),
        [
            "https://buy.stripe.com/mn?client_reference_id=APR-M-N",
            "https://buy.stripe.com/ln?client_reference_id=APR-L-N",
            "https://buy.stripe.com/sc?client_reference_id=APR-S-C",
            "https://buy.stripe.com/mc?client_reference_id=APR-M-C",
            "https://buy.stripe.com/lc?client_reference_id=APR-L-C"
        ],
        "every variant in stock has its own button, without JavaScript"
    );
    assert_eq!(
        select(&html, ".choice__input[checked]", "value"),
        ["APR-M-N"]
    );
    assert_eq!(select(&html, ".picker legend", ""), ["Size", "Colour"]);
    assert_eq!(
        select(&html, ".picker input[checked]", "value"),
        ["M", "Natural"]
    );
    assert_eq!(
        select(&html, "script[src$=\"variants.js\"]", "src").len(),
        1
    );
    insta::assert_snapshot!(html);

    let feed = read(&out.join("feeds/google.xml"));
    assert!(feed.contains("<g:link>https://t.example/products/apron/?variant=APR-L-C</g:link>"));
    assert!(feed.contains("<g:size>L</g:size>") && feed.contains("<g:color>Charcoal</g:color>"));
    let json = select(&html, "script[type=\"application/ld+json\"]", "");
    let data: serde_json::Value = serde_json::from_str(&json[0]).unwrap();
    let group = &data["@graph"][0];
    assert_eq!(group["@type"], "ProductGroup");
    assert_eq!(
        group["variesBy"],
        serde_json::json!(["https://schema.org/size", "https://schema.org/color"])
    );
    assert_eq!(group["hasVariant"][2]["size"], "L");
    assert_eq!(group["hasVariant"][2]["color"], "Natural");
    assert_eq!(
        group["hasVariant"][2]["offers"]["url"],
        "https://t.example/products/apron/?variant=APR-L-N"
    );
}

fn expect_errors(product: &str, expected: &[(&str, &str)]) {
    let dir = write_shop(&[SHOP_YAML, ("products/apron.md", product)]);
    let (code, stderr) = run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    for (message, at) in expected {
        assert!(
            stderr.contains(&format!("error: {message}\n  --> {at}\n")),
            "{message} at {at}:\n{stderr}"
        );
    }
    let count = expected.len();
    assert!(
        stderr.contains(&format!("found {count} problem")),
        "{count} problems:\n{stderr}"
    );
}

#[test]
fn wrong_options_are_errors_at_their_keys() {
    expect_errors(
        "---\ntitle: A\nprice: 5\noptions:\n  Size: [S, M, S]\n  Colour: []\nvariants:\n  - {options: {Size: S, Colour: Red, Fit: Slim}}\n  - {options: {Size: XL}}\n---\n",
        &[
            (
                "`S` is listed twice in option `Size`",
                "products/apron.md:5:16",
            ),
            ("option `Colour` has no values", "products/apron.md:6:11"),
            ("the product has no option `Fit`", "products/apron.md:8:38"),
            (
                "`Red` is not a value of option `Colour`",
                "products/apron.md:8:33",
            ),
            (
                "`XL` is not a value of option `Size`",
                "products/apron.md:9:22",
            ),
            ("variant 2 picks no `Colour`", "products/apron.md:9:5"),
        ],
    );
    expect_errors(
        "---\ntitle: A\nprice: 5\noptions:\n  Size: [S, M]\nvariants:\n  - {options: {Size: S}, sku: X1}\n  - {options: {Size: S}, sku: X2}\n---\n",
        &[(
            "two variants pick the same options (S) (the first is variant 1)",
            "products/apron.md:8:15",
        )],
    );
    expect_errors(
        "---\ntitle: A\nprice: 5\noptions:\n  Size: [S, M]\n---\n",
        &[(
            "the product has options but no variants",
            "products/apron.md:4:1",
        )],
    );
    expect_errors(
        "---\ntitle: A\nprice: 5\nvariants:\n  - {options: {Size: S}}\n  - {sku: X}\n---\n",
        &[
            (
                "this variant picks options, but the product declares none",
                "products/apron.md:5:15",
            ),
            ("variant 2 has no name", "products/apron.md:6:5"),
        ],
    );
}

#[test]
fn a_sku_names_one_thing_across_the_shop() {
    let dir = write_shop(&[
        SHOP_YAML,
        ("products/apron.md", APRON),
        (
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 5\nsku: APR-M-C\n---\n",
        ),
    ]);
    let (code, stderr) = run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: SKU `APR-M-C` is already used by products/apron.md\n  --> products/bowl.md:4:6"
        ),
        "{stderr}"
    );
}

#[test]
fn stock_csv_overrides_stock_and_names_its_bad_lines() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlow_stock: 5\n",
        ),
        ("products/apron.md", APRON),
        (
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 5\nsku: BOWL\nstock: 50\n---\n",
        ),
        ("stock.csv", "sku,stock\nBOWL,4\nAPR-M-N, 0\n"),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let bowl = read(&out.join("products/bowl/index.html"));
    assert_eq!(
        select(&bowl, ".stock--low", ""),
        ["Only 4 left"],
        "4 is at most low_stock"
    );
    let apron = read(&out.join("products/apron/index.html"));
    assert_eq!(
        select(&apron, ".choice__input[checked]", "value"),
        ["APR-L-N"],
        "M / Natural is sold out now"
    );
    assert!(
        select(&apron, ".variant a.button", "href")
            .iter()
            .all(|h| !h.ends_with("/mn"))
    );

    std::fs::write(
        dir.path().join("stock.csv"),
        "sku,stock\nBOWL,four\nNOPE,3\nBOWL\n",
    )
    .unwrap();
    let (code, stderr) = run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    for (message, at) in [
        ("`four` is not a number of items", "stock.csv:2:1"),
        ("no product or variant has the SKU `NOPE`", "stock.csv:3:1"),
        ("`BOWL` is not `sku,stock`", "stock.csv:4:1"),
    ] {
        assert!(
            stderr.contains(&format!("error: {message}\n  --> {at}\n")),
            "{message} at {at}:\n{stderr}"
        );
    }
}
