//! The buying path on a phone, in every theme: on the example shop's product pages (one
//! with options and a video file, one with variants that only have a name, one sold out,
//! one with a video on a host) at 390x844, the photo, title, price, picker and the top of
//! the first Buy button sit on the first screen under a header of one row, nothing scrolls
//! sideways, a bar with Buy appears once the buy box has scrolled away, and without
//! JavaScript every variant can be chosen and bought. Headless Chromium (Debian's
//! `chromium`) is driven by Playwright (`tests/tools/phone.mjs`); the test skips itself
//! only when a user sets `SHOP_SKIP_EXTERNAL=1`.
//!
//! `PHONE_REPORT=FILE` appends the measurements (one JSON line a page) to FILE and
//! `PHONE_SHOTS=DIR` writes screenshots at 390x844 and 1440x900 into DIR.

mod common;

use std::path::{Path, PathBuf};

use common::example_shop_with_theme;
use common::server::Server;

#[test]
fn the_buying_path_fits_the_first_phone_screen_in_every_theme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if common::skip_without_browser(root) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut previous: Option<PathBuf> = None;
    for theme in shop::render::theme_names() {
        let shop = example_shop_with_theme(&work.path().join(theme), theme, previous.as_deref());
        let server = Server::start(&shop);
        let address = format!("http://{}", server.address);
        let report = ["PHONE_REPORT", "PHONE_SHOTS"].map(|v| std::env::var(v).unwrap_or_default());
        let output = common::browser_script(
            "phone.mjs",
            [address, theme.to_string()].into_iter().chain(report),
        );
        if !output.status.success() {
            failures.push(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        previous = Some(shop);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_trust_row_names_the_cheapest_shipping_the_returns_and_the_ways_to_pay() {
    let product = "---\ntitle: Mug\nprice: 20\nbuy:\n  stripe: \"https://buy.stripe.com/m\"\n  paypal: \"https://www.paypal.com/ncp/payment/M\"\n---\n";
    let shop_yaml = "title: T\nbase_url: https://t.example/\ncurrency: EUR\nreturns: {days: 14}\nshipping_page: /shipping/\nshipping:\n  - {countries: [US], price: 12, days: 5-9}\n  - {countries: [PT], price: 4.5, days: 2-5}\n";
    let dir = common::write_shop(&[
        ("shop.yaml", shop_yaml),
        ("products/mug.md", product),
        ("pages/shipping.md", "---\ntitle: Shipping\n---\nBy post.\n"),
    ]);
    let out = dir.path().join("public");
    common::build(dir.path(), &out, &[]);
    let html = common::read(&out.join("products/mug/index.html"));
    assert_eq!(
        common::select(&html, ".trust li", ""),
        [
            "Shipping from €4.50 · 2-5 days",
            "14-day returns",
            "Pay by card, PayPal"
        ]
    );
    assert_eq!(common::select(&html, ".trust a", "href"), ["/shipping/"]);

    let without = shop_yaml.split("shipping:\n").next().unwrap();
    std::fs::write(dir.path().join("shop.yaml"), without).unwrap();
    common::build(dir.path(), &out, &[]);
    let html = common::read(&out.join("products/mug/index.html"));
    assert_eq!(
        common::select(&html, ".trust li", ""),
        [
            "14-day returns · Shipping and returns in full",
            "Pay by card, PayPal"
        ],
        "no shipping line without `shipping:`"
    );
}
