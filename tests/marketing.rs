//! Marketing hooks: off until configured, then exactly the markup each provider expects,
//! never counted in `shop serve`, and checked in `shop.yaml` like every other setting.

mod common;

use std::path::Path;

use common::server::Server;
use common::{build, read, shop, write_shop};

const PRODUCT: (&str, &str) = (
    "products/mug.md",
    "---\ntitle: Blue & White Mug\nprice: 20\n---\nA mug.\n",
);

fn shop_with_config(extra: &str) -> tempfile::TempDir {
    let config = format!("title: T\nbase_url: https://t.example/shop/\ncurrency: EUR\n{extra}");
    let dir = write_shop(&[("shop.yaml", &config), PRODUCT]);
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(dir.path().join("static/wechat.png"), b"png").unwrap();
    dir
}

fn built(extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = shop_with_config(extra);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    (dir, out)
}

fn attribute(html: &str, css: &str, name: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).unwrap();
    document
        .select(&selector)
        .filter_map(|e| e.value().attr(name).map(str::to_owned))
        .collect()
}

#[test]
fn nothing_is_added_until_configured() {
    let (_dir, out) = built("");
    let home = read(&out.join("index.html"));
    let product = read(&out.join("products/mug/index.html"));
    for html in [&home, &product] {
        assert!(
            attribute(html, "script[src]", "src")
                .iter()
                .all(|s| s.starts_with("/shop/assets/")),
            "no third-party script"
        );
        assert!(!html.contains("class=\"newsletter\""));
        assert!(!html.contains("id=\"consent\""));
        assert!(!html.contains("/contact/"));
    }
    assert!(!product.contains("class=\"share\""));
    assert!(!out.join("contact").exists());
}

#[test]
fn analytics_snippets_are_in_builds_but_not_in_previews() {
    let (dir, out) = built("analytics:\n  plausible: {domain: t.example}\n");
    let home = read(&out.join("index.html"));
    assert_eq!(
        attribute(&home, "script[data-domain]", "src"),
        ["https://plausible.io/js/script.js"]
    );
    assert_eq!(
        attribute(&home, "script[data-domain]", "data-domain"),
        ["t.example"]
    );

    let server = Server::start(dir.path());
    let preview = server.get("/").text();
    assert!(preview.contains("<h1"), "{preview}");
    assert!(!preview.contains("plausible"), "a preview is never counted");

    let (_dir, out) = built("analytics:\n  goatcounter: {code: my-shop}\n");
    let home = read(&out.join("index.html"));
    assert_eq!(
        attribute(&home, "script[data-goatcounter]", "data-goatcounter"),
        ["https://my-shop.goatcounter.com/count"]
    );
}

#[test]
fn google_analytics_waits_for_consent() {
    let (_dir, out) = built("analytics:\n  google: {id: G-AB12CD34}\n");
    let home = read(&out.join("index.html"));
    assert_eq!(attribute(&home, "#consent", "data-ga-id"), ["G-AB12CD34"]);
    assert_eq!(
        attribute(&home, "#consent", "hidden").len(),
        1,
        "hidden until the script asks"
    );
    assert!(
        !home.contains("googletagmanager"),
        "nothing from Google before consent"
    );
    assert_eq!(
        attribute(&home, "script[src]", "src"),
        ["/shop/assets/consent.js"]
    );
    assert!(read(&out.join("assets/consent.js")).contains("localStorage"));
}

#[test]
fn newsletter_form_posts_to_the_provider() {
    let (_dir, out) = built(
        "newsletter:\n  action: https://buttondown.com/api/emails/embed-subscribe/t\n  email_field: EMAIL\n  hidden: {tag: shop, u: \"a&b\"}\n",
    );
    let home = read(&out.join("index.html"));
    assert_eq!(
        attribute(&home, "form.newsletter", "action"),
        ["https://buttondown.com/api/emails/embed-subscribe/t"]
    );
    assert_eq!(
        attribute(&home, "form.newsletter input[type=email]", "name"),
        ["EMAIL"]
    );
    assert_eq!(
        attribute(&home, "form.newsletter input[type=hidden]", "value"),
        ["shop", "a&b"]
    );
    assert_eq!(
        attribute(&home, "label[for=newsletter-email]", "for").len(),
        1
    );
}

/// The footer's heading and line over the form: the shop's own, else the theme's strings
/// (the heading was empty while an unset `title` reached templates as `null`, which Tera's
/// `default` leaves alone).
#[test]
fn newsletter_heading_falls_back_to_the_theme_strings() {
    let text = |extra: &str, css: &str| {
        let (_dir, out) = built(extra);
        common::select(&read(&out.join("index.html")), css, "")
    };
    let plain = "newsletter: {action: \"https://list.example/join\"}\n";
    assert_eq!(text(plain, "#footer-newsletter"), ["Newsletter"]);
    assert_eq!(
        text(plain, "section[aria-labelledby=footer-newsletter] p"),
        ["New work and studio news, at most once a month."]
    );
    let own =
        "newsletter: {action: \"https://list.example/join\", title: Letters, text: Rarely.}\n";
    assert_eq!(text(own, "#footer-newsletter"), ["Letters"]);
    assert_eq!(
        text(own, "section[aria-labelledby=footer-newsletter] p"),
        ["Rarely."]
    );
}

#[test]
fn contact_page_offers_every_way_and_a_form_with_a_honeypot() {
    let (_dir, out) = built(
        "contact:\n  email: hi@t.example\n  whatsapp: \"+351 912 000 000\"\n  wechat: tshop\n  wechat_qr: /wechat.png\n  page: true\n  form: {formspree: \"https://formspree.io/f/abcd\"}\n",
    );
    let page = read(&out.join("contact/index.html"));
    assert_eq!(
        attribute(&page, "a[href^=\"https://wa.me/\"]", "href"),
        ["https://wa.me/351912000000"]
    );
    assert_eq!(attribute(&page, "img.qr", "src"), ["/shop/wechat.png"]);
    assert_eq!(
        attribute(&page, "form.contact-form", "action"),
        ["https://formspree.io/f/abcd"]
    );
    assert_eq!(
        attribute(&page, "form.contact-form input[name=_gotcha]", "tabindex"),
        ["-1"]
    );
    for id in ["contact-name", "contact-email", "contact-message"] {
        assert_eq!(
            attribute(&page, &format!("label[for={id}]"), "for").len(),
            1,
            "{id}"
        );
    }
    let home = read(&out.join("index.html"));
    assert_eq!(
        attribute(&home, "a[href=\"/shop/contact/\"]", "href").len(),
        1
    );

    let (_dir, out) = built("contact:\n  page: true\n  form: {netlify: true}\n");
    let page = read(&out.join("contact/index.html"));
    assert_eq!(
        attribute(&page, "form[data-netlify=true]", "data-netlify-honeypot"),
        ["company"]
    );
    assert_eq!(
        attribute(&page, "input[name=form-name]", "value"),
        ["contact"]
    );
}

#[test]
fn share_links_carry_the_product_without_scripts() {
    let (_dir, out) = built("share: [x, pinterest, email]\n");
    let product = read(&out.join("products/mug/index.html"));
    assert_eq!(
        attribute(&product, ".share__links a", "href"),
        [
            "https://x.com/intent/post?url=https%3A%2F%2Ft%2Eexample%2Fshop%2Fproducts%2Fmug%2F&text=Blue%20%26%20White%20Mug",
            "https://www.pinterest.com/pin/create/button/?url=https%3A%2F%2Ft%2Eexample%2Fshop%2Fproducts%2Fmug%2F&media=&description=Blue%20%26%20White%20Mug",
            "mailto:?subject=Blue%20%26%20White%20Mug&body=https%3A%2F%2Ft%2Eexample%2Fshop%2Fproducts%2Fmug%2F",
        ]
    );
    let cards = read(&out.join("products/index.html"));
    assert!(!cards.contains("share__links"), "cards have no share links");
}

#[test]
fn community_code_past_its_date_is_a_warning_in_check() {
    let community = |date: &str| {
        format!(
            "community:\n  title: Join our WeChat group\n  qr: /wechat.png\n  expires: {date}\n"
        )
    };
    let (_dir, out) = built(&community("2999-01-01"));
    let home = read(&out.join("index.html"));
    assert_eq!(attribute(&home, "img.qr", "src"), ["/shop/wechat.png"]);

    let dir = shop_with_config(&community("2999-01-01"));
    let fine = shop().arg("check").arg(dir.path()).output().unwrap();
    assert!(!String::from_utf8_lossy(&fine.stderr).contains("expired"));

    let dir = shop_with_config(&community("2000-01-01"));
    let output = shop()
        .args(["check", "--production"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: the community QR code expired on 2000-01-01\n  --> shop.yaml:7:12"),
        "{stderr}"
    );
}

#[test]
fn mistakes_in_the_hooks_point_at_their_keys() {
    let dir = shop_with_config(
        "analytics:\n  plausible: {domain: t.example}\n  google: {id: UA-123}\nnewsletter: {action: \"http://list.example/join\"}\ncontact:\n  wechat_qr: /missing.png\n  form: {formspree: \"https://formspree.io/f/x\", netlify: true}\nshare: [myspace]\n",
    );
    let output = shop().arg("build").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("unknown variant `myspace`"), "{stderr}");

    let dir = shop_with_config(
        "analytics:\n  plausible: {domain: t.example}\n  google: {id: UA-123}\nnewsletter: {action: \"http://list.example/join\"}\ncontact:\n  wechat_qr: /missing.png\n  form: {formspree: \"https://formspree.io/f/x\", netlify: true}\n",
    );
    let output = shop().arg("build").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    for (message, at) in [
        (
            "more than one analytics provider: `plausible` and `google`",
            "shop.yaml:6:3",
        ),
        (
            "`UA-123` is not a Google Analytics 4 measurement ID",
            "shop.yaml:6:16",
        ),
        (
            "`http://list.example/join` is not an https:// address",
            "shop.yaml:7:22",
        ),
        (
            "`/missing.png` is not a file in `static/`",
            "shop.yaml:9:14",
        ),
        ("the contact form has two services", "shop.yaml:10:9"),
    ] {
        assert!(
            stderr.contains(&format!("error: {message}\n  --> {at}\n")),
            "{message} at {at}:\n{stderr}"
        );
    }
    assert!(stderr.contains("found 5 problems"), "{stderr}");
    let _ = Path::new("");
}

#[test]
fn checkout_links_carry_the_sku_and_the_shops_campaign() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nutm: {source: shop, medium: web site}\n",
        ),
        (
            "products/mug.md",
            "---\ntitle: Mug\nprice: 20\nsku: \"MUG #1/blue\"\nbuy:\n  stripe: \"https://buy.stripe.com/abc?prefilled_email=a%40b.c&utm_source=mine\"\n  gumroad: https://seller.gumroad.com/l/mug\n  paypal: https://www.paypal.com/ncp/payment/XYZ\n---\nA mug.\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let html = read(&out.join("products/mug/index.html"));
    assert_eq!(
        attribute(&html, ".buy-buttons a", "href"),
        [
            "https://buy.stripe.com/abc?prefilled_email=a%40b.c&utm_source=mine&client_reference_id=MUG__1_blue&utm_medium=web+site",
            "https://www.paypal.com/ncp/payment/XYZ",
            "https://seller.gumroad.com/l/mug?utm_source=shop&utm_medium=web+site",
        ],
        "the SKU sanitized for Stripe, the seller's own parameters kept, PayPal untouched"
    );
}
