//! The basket's card checkout (issue 20): `basket: stripe` and the price list the checkout
//! function reads.

mod common;

use common::{build, read, write_shop};
/// A shop of cards (one variant sold out), a poster in a tube and a frame that ships on its
/// own, in English and Chinese, shipped to Portugal, Spain and Germany only.
const SHOP_YAML: &str = "title: T
base_url: https://t.example/
currency: EUR
shipping:
  - countries: [PT, ES]
    alone: 4.50
    with_others: 1
    free_over: 100
    profiles:
      tube: {alone: 8, with_others: 3}
  - countries: [DE]
    alone: 15
    profiles:
      tube: {alone: 20}
basket: stripe
languages: {zh-CN: {title: T}}
contact: {email: hello@t.example}
order_by_message: [email]
";

const PRODUCTS: [(&str, &str); 3] = [
    (
        "products/card.md",
        "---\ntitle: Card\noptions: {Colour: [Blue, Red, Green]}\nvariants:\n  - {options: {Colour: Blue}, sku: CARD-B, price: 4, stock: 5}\n  - {options: {Colour: Red}, sku: CARD-R, price: \"4.50\"}\n  - {options: {Colour: Green}, sku: CARD-G, price: 4, stock: 0}\n---\n",
    ),
    (
        "products/poster.md",
        "---\ntitle: Poster\nprice: 30\nsku: POSTER\nshipping_profile: tube\n---\n",
    ),
    (
        "products/frame.md",
        "---\ntitle: Frame\nprice: 25\nsku: FRAME\nships_separately: true\n---\n",
    ),
];

fn card_shop() -> tempfile::TempDir {
    let mut files = vec![("shop.yaml", SHOP_YAML)];
    files.extend(PRODUCTS);
    write_shop(&files)
}

#[test]
fn basket_stripe_writes_the_checkout_price_list_and_a_pay_button() {
    let dir = card_shop();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let list: serde_json::Value =
        serde_json::from_str(&read(&out.join("basket/checkout.json"))).unwrap();
    assert_eq!(list["items"]["CARD-B"]["price"], 400);
    assert_eq!(list["items"]["CARD-B"]["cap"], 5);
    assert_eq!(list["items"]["CARD-G"]["cap"], 0);
    assert_eq!(list["items"]["POSTER"]["profile"], "tube");
    assert_eq!(
        list["checkout"]["countries"],
        serde_json::json!(["DE", "PT", "ES"])
    );
    assert_eq!(list["checkout"]["language"], "en");
    assert_eq!(
        list["checkout"]["pages"]["zh-CN"],
        serde_json::json!({"thanks": "/zh-cn/thanks/", "basket": "/zh-cn/basket/"})
    );
    assert!(!out.join("zh-cn/basket/checkout.json").exists(), "one list");
    for page in ["basket/index.html", "zh-cn/basket/index.html"] {
        let html = read(&out.join(page));
        assert!(html.contains("data-pay=\"/api/checkout\""), "{page}");
    }

    let message = write_shop(&[
        (
            "shop.yaml",
            &SHOP_YAML.replace("basket: stripe", "basket: true"),
        ),
        PRODUCTS[1],
    ]);
    let out = message.path().join("public");
    build(message.path(), &out, &[]);
    assert!(!out.join("basket/checkout.json").exists());
    assert!(!read(&out.join("basket/index.html")).contains("data-pay"));
}

#[test]
fn a_wrong_basket_choice_is_an_error_at_its_line() {
    let dir = write_shop(&[(
        "shop.yaml",
        &SHOP_YAML.replace("basket: stripe", "basket: stripes"),
    )]);
    let (code, stderr) = common::run(&["check"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("expected `true`, `false` or `stripe`") && stderr.contains("shop.yaml:15"),
        "{stderr}"
    );
}
