//! Product kinds and availability: pre-orders and backorders sell at stock 0, downloads
//! ship nothing, subscriptions are priced per interval, and a single piece says so; the
//! page, the structured data and the Google feed agree on each.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build, fixture_shop, read, select};

const SHOP: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\nimages: {widths: [64]}\nshipping:\n  - {countries: [PT], price: 4, days: 2-3}\n",
    ),
    (
        "products/kiln-book/index.md",
        "---\ntitle: Kiln Book\nimages: [p.jpg]\nprice: 30\nstock: 0\navailability: preorder\nship_date: 2027-03-01\nbuy: {stripe: \"https://buy.stripe.com/book\"}\n---\nA book.\n",
    ),
    (
        "products/big-bowl/index.md",
        "---\ntitle: Big Bowl\nimages: [p.jpg]\nprice: 90\nstock: 0\navailability: backorder\nbuy: {stripe: \"https://buy.stripe.com/bowl\"}\n---\nA bowl.\n",
    ),
    (
        "products/glaze-guide/index.md",
        "---\ntitle: Glaze Guide\nimages: [p.jpg]\nprice: 12\nkind: digital\nbuy: {gumroad: \"https://me.gumroad.com/l/glaze\"}\n---\nA PDF.\n",
    ),
    (
        "products/mug-club/index.md",
        "---\ntitle: Mug Club\nimages: [p.jpg]\nprice: 25\nkind: subscription\ninterval: month\nbuy: {stripe: \"https://buy.stripe.com/club\"}\n---\nA mug a month.\n",
    ),
    (
        "products/moon-jar/index.md",
        "---\ntitle: Moon Jar\nimages: [p.jpg]\nprice: 400\nstock: 1\nbuy: {stripe: \"https://buy.stripe.com/jar\"}\n---\nThe jar.\n",
    ),
    (
        "products/cup/index.md",
        "---\ntitle: Cup\nimages: [p.jpg]\nprice: 15\nstock: 0\nbuy: {stripe: \"https://buy.stripe.com/cup\"}\n---\nA cup.\n",
    ),
];

/// The test shop, built once for every test here (its photos make a build take a second),
/// in cargo's temporary folder for integration tests, replaced on every run.
fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let photos: Vec<String> = SHOP
            .iter()
            .filter(|(path, _)| path.starts_with("products/"))
            .map(|(path, _)| path.replace("index.md", "p.jpg"))
            .collect();
        let root = fixture_shop("kinds", SHOP, "gray.jpg", &photos);
        let out = root.join("public");
        build(&root, &out, &[]);
        out
    })
}

fn product(out: &Path, slug: &str) -> String {
    read(&out.join("products").join(slug).join("index.html"))
}

/// The `Offer` of a product page's structured data.
fn offer(html: &str) -> serde_json::Value {
    common::product_data(html)["offers"].clone()
}

/// The Google feed item whose `g:id` is `id`.
fn feed_item(out: &Path, id: &str) -> String {
    let feed = read(&out.join("feeds/google.xml"));
    feed.split("<item>")
        .find(|item| item.contains(&format!("<g:id>{id}</g:id>")))
        .unwrap_or_else(|| panic!("no item {id}"))
        .to_owned()
}

#[test]
fn a_preorder_sells_at_stock_zero_and_says_when_it_ships() {
    let out = built();
    let html = product(out, "kiln-book");
    assert_eq!(
        select(&html, ".stock", ""),
        ["Pre-order. Ships from 1 March 2027."]
    );
    assert_eq!(
        select(&html, ".buy-buttons a", "href"),
        ["https://buy.stripe.com/book"]
    );
    let offer = offer(&html);
    assert_eq!(offer["availability"], "https://schema.org/PreOrder");
    assert_eq!(offer["availabilityStarts"], "2027-03-01");
    let item = feed_item(out, "kiln-book");
    assert!(
        item.contains("<g:availability>preorder</g:availability>"),
        "{item}"
    );
    assert!(
        item.contains("<g:availability_date>2027-03-01T00:00Z</g:availability_date>"),
        "{item}"
    );
    let home = read(&out.join("products/index.html"));
    assert!(
        home.contains("<span class=\"badge\">Pre-order</span>"),
        "cards mark pre-orders"
    );
}

#[test]
fn a_backorder_without_a_date_still_sells() {
    let out = built();
    let html = product(out, "big-bowl");
    assert_eq!(
        select(&html, ".stock", ""),
        ["Made to order. Ships as soon as it is back in stock."]
    );
    assert_eq!(select(&html, ".buy-buttons a", "href").len(), 1);
    let offer = offer(&html);
    assert_eq!(offer["availability"], "https://schema.org/BackOrder");
    assert!(offer.get("availabilityStarts").is_none());
    assert!(feed_item(out, "big-bowl").contains("<g:availability>backorder</g:availability>"));
    let cup = product(out, "cup");
    assert!(
        select(&cup, ".buy-buttons a", "href").is_empty(),
        "stock 0 without a pre-order is sold out"
    );
    assert_eq!(offer_of(&cup), "https://schema.org/OutOfStock");
}

fn offer_of(html: &str) -> serde_json::Value {
    offer(html)["availability"].clone()
}

#[test]
fn a_download_ships_nothing() {
    let out = built();
    let html = product(out, "glaze-guide");
    assert_eq!(select(&html, ".pill", ""), ["Instant download"]);
    assert!(offer(&html).get("shippingDetails").is_none());
    assert!(!feed_item(out, "glaze-guide").contains("<g:shipping>"));
    let mug = product(out, "mug-club");
    assert!(
        offer(&mug)["shippingDetails"].is_array(),
        "physical goods keep their shipping"
    );
    assert!(feed_item(out, "mug-club").contains("<g:shipping>"));
}

#[test]
fn a_subscription_is_priced_per_interval() {
    let out = built();
    let html = product(out, "mug-club");
    assert_eq!(select(&html, ".buybox > .price", ""), ["€25.00 / month"]);
    let offer = offer(&html);
    assert_eq!(
        offer["priceSpecification"]["referenceQuantity"]["unitCode"],
        "MON"
    );
    assert_eq!(offer["priceSpecification"]["price"], "25.00");
    let item = feed_item(out, "mug-club");
    assert!(
        item.contains("<g:subscription_cost><g:period>month</g:period><g:period_length>1</g:period_length><g:amount>25.00 EUR</g:amount></g:subscription_cost>"),
        "{item}"
    );
    let list = read(&out.join("products/index.html"));
    assert!(
        list.contains("<span class=\"price__per\">/ month</span>"),
        "cards too"
    );
}

#[test]
fn a_single_piece_says_it_is_the_only_one() {
    let out = built();
    let html = product(out, "moon-jar");
    assert_eq!(
        select(&html, ".stock", ""),
        ["One of a kind: this is the only piece."]
    );
}

#[test]
fn check_warns_of_a_pre_order_whose_ship_date_has_passed() {
    let product = |date: &str| {
        format!(
            "---\ntitle: Book\nprice: 30\navailability: preorder\nship_date: {date}\nbuy: {{email: books@t.example}}\n---\n"
        )
    };
    let shop_yaml = (
        "shop.yaml",
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
    );
    let future = product("2999-01-01");
    let dir = common::write_shop(&[shop_yaml, ("products/book.md", &future)]);
    let (code, stderr) = common::run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let past = product("2000-01-01");
    let dir = common::write_shop(&[shop_yaml, ("products/book.md", &past)]);
    let (code, stderr) = common::run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: this pre-order was to ship on 2000-01-01, which has passed\n  --> products/book.md:5:12"),
        "{stderr}"
    );
}
