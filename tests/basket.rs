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
    let (code, stderr) = common::run(&["check"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: `shipping:` in shop.yaml has no profile `tub`")
            && stderr.contains("did you mean `tube`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: `ships_separately` is for things that ship, and a download ships free"
        ) && stderr.contains("--> products/file.md:5:19"),
        "{stderr}"
    );
}
