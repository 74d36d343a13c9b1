//! The basket's card checkout (issue 20): `basket: stripe`, the price list the checkout
//! function reads, `shop init --checkout`, and the function itself under `node --test`
//! (tests/tools/checkout.test.mjs) against the fake Stripe.

mod common;

use common::{build, read, write_shop};
use std::path::{Path, PathBuf};

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

const PRODUCTS: [(&str, &str); 5] = [
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
    (
        "products/card.zh-CN.md",
        "---\ntitle: 卡片\noptions:\n  Colour: {name: 颜色, values: {Blue: 蓝色, Red: 红色, Green: 绿色}}\n---\n",
    ),
    ("products/poster.zh-CN.md", "---\ntitle: 海报\n---\n"),
];

fn card_shop() -> tempfile::TempDir {
    let mut files = vec![("shop.yaml", SHOP_YAML)];
    files.extend(PRODUCTS);
    write_shop(&files)
}

/// `shop init --checkout HOST DIR`: exit code and what it printed.
fn init_checkout(host: &str, dir: &Path) -> (Option<i32>, String) {
    let output = common::shop()
        .args(["init", "--checkout", host])
        .arg(dir)
        .output()
        .expect("shop runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code(), text)
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
    let chinese: serde_json::Value =
        serde_json::from_str(&read(&out.join("zh-cn/basket/checkout.json"))).unwrap();
    assert_eq!(chinese["items"]["CARD-B"]["title"], "卡片");
    assert_eq!(chinese["items"]["CARD-B"]["variant"], "蓝色");
    assert_eq!(chinese["items"]["CARD-B"]["price"], 400);
    assert_eq!(
        (
            &chinese["checkout"]["postage"],
            &chinese["checkout"]["comma"]
        ),
        (&"运费".into(), &"，".into())
    );
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
fn countries_stripe_refuses_are_left_to_order_by_message() {
    let everywhere = SHOP_YAML.replace("  - countries: [DE]\n", "  - everywhere_else: true\n");
    let mut files = vec![("shop.yaml", everywhere.as_str())];
    files.extend(PRODUCTS);
    let dir = write_shop(&files);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let list: serde_json::Value =
        serde_json::from_str(&read(&out.join("basket/checkout.json"))).unwrap();
    let card: Vec<&str> = list["checkout"]["countries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    for shipped in ["PT", "US", "JP"] {
        assert!(card.contains(&shipped), "{shipped}: {card:?}");
    }
    for refused in ["KP", "IR", "CU", "VI"] {
        assert!(!card.contains(&refused), "{refused}: {card:?}");
    }
    let page = read(&out.join("basket/index.html"));
    assert!(
        page.contains("value=\"KP\""),
        "the basket still offers it for an order by message"
    );
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

#[test]
fn basket_stripe_under_a_sub_path_is_an_error_at_its_line() {
    let dir = write_shop(&[(
        "shop.yaml",
        &SHOP_YAML.replace("https://t.example/", "https://t.example/shop/"),
    )]);
    let wanted = "error: `basket: stripe` needs the shop at the root of its address, but `https://t.example/shop/` ends in `/shop/`\n  --> shop.yaml:15:9\n";
    let hint = "= help: the card checkout answers at /api/checkout of the host: serve the shop at the root of its own address, such as https://shop.example.com/, or use `basket: true` to take orders by message";
    for command in ["check", "build"] {
        let (code, stderr) = common::run(&[command], dir.path());
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains(wanted) && stderr.contains(hint),
            "{command}: {stderr}"
        );
    }
    let root = write_shop(&[("shop.yaml", SHOP_YAML)]);
    let (code, stderr) = common::run(
        &["build", "--base-url", "https://t.example/shop/"],
        root.path(),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(wanted), "--base-url: {stderr}");
}

#[test]
fn init_checkout_writes_the_function_where_each_host_looks_once() {
    let dir = card_shop();
    for (host, path, entry) in [
        (
            "cloudflare",
            "functions/api/checkout.js",
            "export async function onRequestPost(context)",
        ),
        (
            "netlify",
            "netlify/functions/checkout.mjs",
            "export const config = { path: \"/api/checkout\" };",
        ),
    ] {
        let (code, text) = init_checkout(host, dir.path());
        assert_eq!(code, Some(0), "{text}");
        assert!(text.contains("Set `basket: stripe` in shop.yaml"), "{text}");
        assert!(!text.contains("Build it with"), "a shop already: {text}");
        let function = read(&dir.path().join(path));
        let shared = include_str!("../src/scaffold/checkout.js");
        assert!(
            function.starts_with(shared) && function.contains(entry),
            "{path}"
        );
        assert!(!function.contains("sk_"), "no key in the file");
        let (code, text) = init_checkout(host, dir.path());
        assert_eq!(code, Some(1), "{text}");
        assert!(
            text.contains("already exists; shop never overwrites it"),
            "{text}"
        );
    }
    assert_eq!(read(&dir.path().join("shop.yaml")), SHOP_YAML, "untouched");
}

#[test]
fn init_checkout_in_a_new_folder_says_what_plain_init_says_then_how_to_take_cards() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("new-shop");
    let (code, text) = init_checkout("netlify", &dir);
    assert_eq!(code, Some(0), "{text}");
    let steps = format!(
        "\n\nBuild it with: shop build {}\n\n{}\n",
        dir.display(),
        shop::scaffold::CheckoutHost::Netlify.next_steps()
    );
    assert!(text.ends_with(&steps), "{text}");
    assert!(
        text.contains("shop.yaml\n") && text.contains("checkout.mjs\n"),
        "{text}"
    );
    build(&dir, &dir.join("public"), &["-q"]);
}

#[test]
fn check_advises_writing_the_function_while_there_is_none() {
    let dir = card_shop();
    let advice = "advice: `basket: stripe` needs the checkout function";
    let (code, stderr) = common::run(&["check"], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(advice) && stderr.contains("--> shop.yaml:15:9"),
        "{stderr}"
    );
    assert_eq!(init_checkout("netlify", dir.path()).0, Some(0));
    let (_, stderr) = common::run(&["check"], dir.path());
    assert!(!stderr.contains(advice), "{stderr}");
}

/// Where the checkout test saves the form body Stripe received for a three-item basket.
fn record_path() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp");
    std::fs::create_dir_all(&dir).expect("target/tmp");
    dir.join("checkout-request.txt")
}

#[test]
fn the_function_prices_every_basket_from_the_shop_on_both_hosts() {
    let dir = card_shop();
    for host in ["cloudflare", "netlify"] {
        assert_eq!(init_checkout(host, dir.path()).0, Some(0));
    }
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let record = record_path();
    let _ = std::fs::remove_file(&record);
    let cloudflare = dir.path().join("functions/api/checkout.js");
    let netlify = dir.path().join("netlify/functions/checkout.mjs");
    let env = [
        ("CHECKOUT_SITE", out.as_path()),
        ("CHECKOUT_CLOUDFLARE", &cloudflare),
        ("CHECKOUT_NETLIFY", &netlify),
        ("CHECKOUT_RECORD", &record),
    ];
    if !common::node_tests("checkout.test.mjs", &env) {
        return;
    }

    // The order code the function put in the session's metadata is one `shop orders quote`
    // prices to the same total: the function's postage and code are shop's.
    let body = read(&record);
    let order = url::form_urlencoded::parse(body.as_bytes())
        .find(|(key, _)| key == "metadata[order]")
        .map(|(_, code)| code.into_owned())
        .expect("metadata[order]");
    let site = common::load(dir.path());
    let items = shop::orders::quote(&order, &shop::orders::items(&site), &site.config)
        .expect("a good code");
    assert!(items.fingerprint_matches, "{order}");
    assert_eq!((items.subtotal.minor, items.postage.minor), (6300, 1450));
}

#[test]
fn a_buyer_pays_by_card_and_comes_back_to_an_empty_basket() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if common::skip_without_browser(root) {
        return;
    }
    let dir = card_shop();
    let thanks = "---\ntitle: Thank you for your order\n---\nWe pack it this week.\n";
    std::fs::create_dir_all(dir.path().join("pages")).unwrap();
    std::fs::write(dir.path().join("pages/thanks.md"), thanks).unwrap();
    assert_eq!(init_checkout("netlify", dir.path()).0, Some(0));
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let function = dir.path().join("netlify/functions/checkout.mjs");
    let output = common::browser_script("checkout.mjs", [&out, &function]);
    assert!(
        output.status.success(),
        "checkout.mjs: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(
        seen["url"].as_str().unwrap().ends_with(&format!(
            "/thanks/?session_id={}",
            seen["session"].as_str().unwrap()
        )),
        "{seen}"
    );
}
