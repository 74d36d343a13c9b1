//! What product pages say about buying beyond the buttons: tax, shipping and returns, asking
//! to order by message, "notify me" on sold-out products, and the thanks page buyers return
//! to after paying.

mod common;

use std::path::PathBuf;

use common::{build, read, run, select, write_shop};

const CONFIG: &str = "title: Tide\nbase_url: https://t.example/\ncurrency: EUR\n\
contact: {email: hi@t.example, whatsapp: \"+351 912 000 000\", wechat: tidestudio}\n\
prices_include_tax: true\n\
shipping:\n  - {countries: [PT], price: 0, days: 1-3}\n  - {countries: [ES, FR], price: 6.50, days: 4}\n  - {countries: [MT], price: 9, days: 1}\n\
returns: {days: 14, free: true}\nshipping_page: /shipping/\n\
order_by_message: [whatsapp, wechat, email]\n\
newsletter: {action: \"https://buttondown.com/api/emails/embed-subscribe/tide\", tag_field: tag}\n";

fn built(products: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let mut files = vec![("shop.yaml", CONFIG)];
    files.extend_from_slice(products);
    let dir = write_shop(&files);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    (dir, out)
}

const MUG: (&str, &str) = (
    "products/mug.md",
    "---\ntitle: Mug\nprice: 20\nsku: MUG-1\nbuy: {stripe: \"https://buy.stripe.com/mug\"}\n---\nA mug.\n",
);

#[test]
fn product_pages_state_tax_shipping_and_returns() {
    let (_dir, out) = built(&[
        MUG,
        (
            "products/pattern.md",
            "---\ntitle: Pattern\nprice: 5\nkind: digital\nbuy: {gumroad: \"https://t.gumroad.com/l/p\"}\n---\nA PDF.\n",
        ),
    ]);
    let html = read(&out.join("products/mug/index.html"));
    assert_eq!(select(&html, ".price__tax", ""), ["Tax included"]);
    assert_eq!(
        select(&html, ".policies__rates li", ""),
        [
            "PT Free shipping · 1-3 days",
            "ES, FR €6.50 · 4 days",
            "MT €9.00 · 1 day"
        ]
    );
    assert_eq!(
        select(&html, ".policies p", ""),
        [
            "Returns accepted within 14 days of delivery. Returns are free.",
            "Shipping and returns in full"
        ]
    );
    assert_eq!(select(&html, ".policies a", "href"), ["/shipping/"]);
    let script = select(&html, "script[type=\"application/ld+json\"]", "").remove(0);
    assert!(
        script.contains(r#""priceSpecification":{"@type":"PriceSpecification","price":"20.00","priceCurrency":"EUR","valueAddedTaxIncluded":true}"#),
        "{script}"
    );
    let download = read(&out.join("products/pattern/index.html"));
    assert!(
        select(&download, ".policies", "").is_empty(),
        "nothing ships"
    );
}

#[test]
fn buyers_may_ask_to_order_by_message() {
    let (_dir, out) = built(&[MUG]);
    let html = read(&out.join("products/mug/index.html"));
    let message =
        "Hello! I would like to order: Mug, €20.00, SKU: MUG-1. https://t.example/products/mug/";
    let links = select(&html, ".ask__ways a", "href");
    assert_eq!(links.len(), 2, "WhatsApp and email; WeChat has no link");
    let whatsapp = url::Url::parse(&links[0]).unwrap();
    assert_eq!(whatsapp.host_str(), Some("wa.me"));
    assert_eq!(whatsapp.path(), "/351912000000");
    assert_eq!(
        whatsapp.query_pairs().find(|(k, _)| k == "text").unwrap().1,
        message
    );
    assert!(links[1].starts_with("mailto:hi@t.example?subject=Order%3A%20Mug"));
    assert_eq!(
        select(&html, ".ask__way", ""),
        ["WhatsApp", "WeChat (tidestudio)", "Email"],
        "one row"
    );
    assert_eq!(
        select(&html, "details.ask__message:not([open]) summary", ""),
        ["WeChat: add tidestudio and send this message"],
        "the WeChat message folded away, never printed in the box"
    );
    assert_eq!(select(&html, ".ask__message p", ""), [message]);
    assert_eq!(select(&html, "button.ask__copy", "data-copy"), [message]);
}

#[test]
fn a_product_with_its_own_email_button_is_not_offered_email_twice() {
    let (_dir, out) = built(&[(
        "products/bowl.md",
        "---\ntitle: Bowl\nprice: 30\nbuy: {email: orders@t.example}\n---\nA bowl.\n",
    )]);
    let html = read(&out.join("products/bowl/index.html"));
    let ways: Vec<String> = select(&html, ".ask__ways a", "href");
    assert_eq!(ways.len(), 1);
    assert!(ways[0].starts_with("https://wa.me/"));
}

#[test]
fn sold_out_products_offer_notify_me_tagged_with_the_sku() {
    let (_dir, out) = built(&[
        MUG,
        (
            "products/vase.md",
            "---\ntitle: Vase\nprice: 50\nsku: VASE-9\nstock: 0\n---\nA vase.\n",
        ),
    ]);
    let html = read(&out.join("products/vase/index.html"));
    assert_eq!(
        select(&html, "form.notify", "action"),
        ["https://buttondown.com/api/emails/embed-subscribe/tide"]
    );
    assert_eq!(
        select(&html, "form.notify input[name=tag]", "value"),
        ["VASE-9"]
    );
    assert_eq!(
        select(&html, "form.notify input[type=email]", "name"),
        ["email"]
    );
    let mug = read(&out.join("products/mug/index.html"));
    assert!(
        select(&mug, "form.notify", "action").is_empty(),
        "only when sold out"
    );
}

#[test]
fn buyers_return_to_a_thanks_page_unless_the_shop_has_its_own() {
    let (_dir, out) = built(&[(
        "products/card.md",
        "---\ntitle: Card\nprice: 4\nsku: C 1\nbuy: {paypal: \"https://www.paypal.com/cgi-bin/webscr?cmd=_xclick&business=t%40t.example&amount=4.00\"}\n---\nA card.\n",
    )]);
    let thanks = read(&out.join("thanks/index.html"));
    assert_eq!(select(&thanks, "h1", ""), ["Thank you for your order"]);
    assert_eq!(
        select(&thanks, "meta[name=robots]", "content"),
        ["noindex, follow"]
    );
    let card = read(&out.join("products/card/index.html"));
    assert_eq!(
        select(&card, ".buy-buttons a", "href"),
        [
            "https://www.paypal.com/cgi-bin/webscr?cmd=_xclick&business=t%40t.example&amount=4.00&item_number=C+1&return=https%3A%2F%2Ft.example%2Fthanks%2F"
        ],
        "a classic PayPal button gets the item number and the page to return to"
    );
    let (_dir, out) = built(&[
        MUG,
        (
            "pages/thanks.md",
            "---\ntitle: Obrigado\n---\nOur own words.\n",
        ),
    ]);
    assert_eq!(
        select(&read(&out.join("thanks/index.html")), "h1", ""),
        ["Obrigado"]
    );
}

#[test]
fn ordering_by_message_needs_the_contact_details() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\ncontact: {whatsapp: call me}\norder_by_message: [whatsapp, wechat]\nshipping_page: shipping\n",
        ),
        MUG,
    ]);
    let (code, stderr) = run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`call me` is not a WhatsApp number in international form"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ordering by wechat needs `contact.wechat`"),
        "{stderr}"
    );
    assert!(stderr.contains("`shipping` is not a site path"), "{stderr}");
    assert!(stderr.contains("shop.yaml:5:"), "at the channel: {stderr}");
}
