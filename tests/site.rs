//! The real binary on real folders: the example shop, a sub-path deploy, a Chinese shop, a
//! golden product page, escaping, drafts, aliases, pagination and the scaffolds.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::checks::{assert_links_resolve, attribute_values};
use common::{build, read, select, shop, write_shop};

fn example_shop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-shop")
}

/// The links of a page with the parameters `shop` documents adding to checkout links
/// (Stripe's `client_reference_id`, the shop's `utm_*`) taken off again, so they compare
/// with the seller's front matter. The added values are checked on the way.
fn checkout_links(html: &str) -> Vec<String> {
    attribute_values(html, "href")
        .into_iter()
        .filter_map(|href| url::Url::parse(&href.replace("&amp;", "&")).ok())
        .map(|mut url| {
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(key, value)| {
                    if key == "client_reference_id" {
                        assert!(
                            value
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                            "client_reference_id {value:?} has characters Stripe drops"
                        );
                    }
                    key != "client_reference_id" && !key.starts_with("utm_")
                })
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            if kept.is_empty() {
                url.set_query(None);
            } else {
                url.query_pairs_mut().clear().extend_pairs(kept);
            }
            url.to_string()
        })
        .collect()
}

/// Every `https://` string under `buy:` of a product's front matter, variants included.
fn buy_links(front_matter: &serde_yaml_ng::Value) -> Vec<String> {
    fn collect(value: &serde_yaml_ng::Value, out: &mut Vec<String>) {
        match value {
            serde_yaml_ng::Value::String(s) if s.starts_with("https://") => out.push(s.clone()),
            serde_yaml_ng::Value::Mapping(m) => m.values().for_each(|v| collect(v, out)),
            serde_yaml_ng::Value::Sequence(s) => s.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut links = Vec::new();
    if let Some(buy) = front_matter.get("buy") {
        collect(buy, &mut links);
    }
    for variant in front_matter
        .get("variants")
        .and_then(|v| v.as_sequence())
        .into_iter()
        .flatten()
    {
        if let Some(buy) = variant.get("buy") {
            collect(buy, &mut links);
        }
    }
    links
}

#[test]
fn example_shop_has_a_button_for_every_payment_link() {
    let out = tempfile::tempdir().unwrap();
    build(&example_shop(), out.path(), &[]);
    let mut checked = 0;
    for entry in fs::read_dir(example_shop().join("products"))
        .unwrap()
        .flatten()
    {
        let text = read(&entry.path().join("index.md"));
        let yaml = text.split("---\n").nth(1).unwrap();
        let front: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap();
        let slug = entry.file_name().to_string_lossy().into_owned();
        let page = out.path().join("products").join(&slug).join("index.html");
        let draft = front.get("draft").and_then(|d| d.as_bool()) == Some(true);
        let sold_out = front.get("stock").and_then(|s| s.as_u64()) == Some(0);
        if draft {
            assert!(!page.exists(), "draft {slug} was published");
            continue;
        }
        let html = read(&page);
        let hrefs = checkout_links(&html);
        for link in buy_links(&front) {
            let link = url::Url::parse(&link).unwrap().to_string();
            if sold_out {
                assert!(!hrefs.contains(&link), "sold-out {slug} links to {link}");
            } else {
                assert!(hrefs.contains(&link), "{slug} has no button for {link}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "only {checked} links checked");
}

#[test]
fn sold_out_product_shows_no_buttons() {
    let out = tempfile::tempdir().unwrap();
    build(&example_shop(), out.path(), &[]);
    let html = read(&out.path().join("products/fundus-riso/index.html"));
    assert!(html.contains("Sold out"));
    assert!(!html.contains("buy-buttons"));
    assert!(!html.contains("mailto:hello@lumen-prints.example?subject"));
}

#[test]
fn every_internal_link_and_fragment_resolves_under_a_sub_path() {
    let out = tempfile::tempdir().unwrap();
    build(
        &example_shop(),
        out.path(),
        &["--base-url", "https://name.github.io/shop/"],
    );
    let (checked, fragments) = assert_links_resolve(out.path(), "/shop/");
    assert!(checked > 100, "only {checked} distinct links");
    assert!(fragments > 50, "only {fragments} fragment links checked");
    let canonical = read(&out.path().join("products/launch-pad-riso/index.html"));
    assert!(canonical.contains("href=\"https://name.github.io/shop/products/launch-pad-riso/\""));
}

const CHINESE_SHOP: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: 杭州陶舍\nbase_url: https://example.cn/\nlanguage: zh-CN\ncurrency: CNY\nlegal:\n  icp: 浙ICP备12345678号\n",
    ),
    (
        "products/亚麻围裙.md",
        "---\ntitle: 亚麻围裙\nprice: 168\nsku: APR-1\nbuy:\n  wechat: wechat.png\n---\n手工亚麻围裙。\n",
    ),
    ("products/wechat.png", "not really a png"),
];

#[test]
fn chinese_shop_reads_naturally() {
    let dir = write_shop(CHINESE_SHOP);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let html = read(&out.join("products/ya-ma-wei-qun/index.html"));
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("¥168.00"));
    assert!(html.contains("微信支付"));
    assert!(
        html.contains("付款备注中填写 APR-1"),
        "the SKU goes in the payment note"
    );
    assert!(html.contains("src=\"/products/ya-ma-wei-qun/wechat.png\""));
    assert!(out.join("products/ya-ma-wei-qun/wechat.png").is_file());
    assert!(html.contains("浙ICP备12345678号"));
}

const GOLDEN_SHOP: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: Tide & Thread\nbase_url: https://tide.example/\ncurrency: USD\ncontact:\n  email: hi@tide.example\n",
    ),
    (
        "products/apron/index.md",
        r#"---
title: Linen "Harbour" Apron
price: "1,299.00"
compare_at_price: 1499
sku: APR-1
stock: 2
summary: Stonewashed linen, cross-back straps.
categories: [Kitchen]
tags: [linen, gift]
images:
  - {src: apron.jpg, alt: Apron hanging on a hook}
buy:
  stripe: https://buy.stripe.com/abc123
  paypal: https://www.paypal.com/ncp/payment/XYZ?a=1&b=2
  custom:
    - {label: Pay with Ko-fi, url: "https://ko-fi.com/s/abc"}
  email: true
date: 2026-03-01
---
## Details

- 100% linen
- Two pockets
"#,
    ),
];

#[test]
fn golden_product_page() {
    let dir = write_shop(GOLDEN_SHOP);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    fs::copy(photo, dir.path().join("products/apron/apron.jpg")).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let html = read(&out.join("products/apron/index.html"));
    insta::assert_snapshot!(html);
}

#[test]
fn content_is_escaped_for_every_context() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        (
            "products/x.md",
            "---\ntitle: \"</script><script>alert(1)</script> \\\"q\\\" <b>\"\nprice: 5\nsummary: \"<img src=x onerror=alert(1)>\"\nbuy:\n  stripe: \"https://buy.stripe.com/a?x=1&y=\\\"2\"\n---\nText\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let html = read(&out.join("products/x/index.html"));
    assert!(!html.contains("<script>alert(1)"), "title broke out");
    assert!(!html.contains("<img src=x"), "summary became markup");
    assert!(!html.contains("<b>"), "title became markup");
    let json = html
        .split("application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        data["@graph"][0]["name"],
        "</script><script>alert(1)</script> \"q\" <b>"
    );
    assert!(
        html.contains("href=\"https://buy.stripe.com/a?x=1&amp;y=&quot;2\""),
        "link attribute escaped"
    );
}

#[test]
fn drafts_only_with_the_flag() {
    let files = [
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        ("products/a.md", "---\ntitle: A\nprice: 5\n---\n"),
        (
            "products/b.md",
            "---\ntitle: B\nprice: 5\ndraft: true\n---\n",
        ),
    ];
    let dir = write_shop(&files);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    assert!(!out.join("products/b/index.html").exists());
    build(dir.path(), &out, &["--drafts"]);
    assert!(out.join("products/b/index.html").exists());
}

#[test]
fn aliases_redirect_and_listings_paginate() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nper_page: 2\nlanguages:\n  zh-CN: {}\n",
        ),
        (
            "products/a.md",
            "---\ntitle: A\nprice: 5\naliases: [/old/a/]\n---\n",
        ),
        ("products/b.md", "---\ntitle: B\nprice: 5\n---\n"),
        ("products/c.md", "---\ntitle: C\nprice: 5\n---\n"),
        ("products/c.zh-CN.md", "---\ntitle: 翻译\n---\n"),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let redirect = read(&out.join("old/a/index.html"));
    assert!(redirect.contains("url=/products/a/"));
    assert!(redirect.contains("rel=\"canonical\" href=\"https://t.example/products/a/\""));
    let page2 = read(&out.join("products/page/2/index.html"));
    assert!(page2.contains("href=\"/products/c/\""));
    assert!(page2.contains("rel=\"prev\""));
    assert!(!out.join("products/page/3").exists());
    assert!(
        !out.join("products/c-zh-cn").exists(),
        "translations are not products"
    );
}

/// `shop init` in `dir`'s `my-shop`, then `shop new product TITLE` there; returns the shop.
fn new_shop_with_product(dir: &Path, title: &str) -> PathBuf {
    let root = dir.join("my-shop");
    shop().arg("init").arg(&root).assert().success();
    shop()
        .args(["new", "product", title, "-C"])
        .arg(&root)
        .assert()
        .success();
    root
}

#[test]
fn init_and_new_make_a_shop_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_shop_with_product(dir.path(), "Walnut Spoon");
    shop()
        .args(["new", "post", "Opening day", "-C"])
        .arg(&root)
        .assert()
        .success();
    shop()
        .args(["new", "page", "About", "-C"])
        .arg(&root)
        .assert()
        .failure();
    shop()
        .arg("build")
        .arg(&root)
        .assert()
        .success()
        .stdout(predicates::str::contains("3 products, 1 page, 1 post"));
    assert!(
        root.join("public/products/walnut-spoon/index.html")
            .is_file()
    );
    assert!(root.join("public/posts/opening-day/index.html").is_file());
}

/// `shop new product` shows options, variants and `kind:` in comments; taken in as they
/// are written (the `# ` removed), they build into a product with a picker.
#[test]
fn new_products_commented_options_and_variants_build_when_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_shop_with_product(dir.path(), "Linen Shirt");
    let file = root.join("products/linen-shirt/index.md");
    let text = read(&file);
    let example = [
        "# kind:",
        "# options:",
        "#   Size:",
        "#   Colour:",
        "# variants:",
    ];
    assert!(example.iter().all(|line| text.contains(line)), "{text}");
    let mut in_example = false;
    let uncommented: Vec<&str> = text
        .lines()
        .map(|line| {
            let starts = ["# kind:", "# options:", "# variants:"];
            in_example = starts.iter().any(|s| line.starts_with(s))
                || (in_example && line.starts_with("#   "));
            if in_example { &line[2..] } else { line }
        })
        .collect();
    fs::write(&file, uncommented.join("\n") + "\n").unwrap();
    shop().arg("build").arg(&root).assert().success();
    let html = read(&root.join("public/products/linen-shirt/index.html"));
    assert_eq!(
        select(&html, ".choices .choice", ""),
        ["S / Natural", "M / Natural"]
    );
}

#[test]
fn new_files_with_titles_past_the_file_name_limit_get_names_that_fit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my-shop");
    shop().arg("init").arg(&root).assert().success();
    // 300 bytes of title: its slug alone passes the 255 a file name may have.
    let title = "Linen apron ".repeat(25);
    for kind in ["product", "page", "post"] {
        shop()
            .args(["new", kind, &title, "-C"])
            .arg(&root)
            .assert()
            .success();
    }
    let names = |folder: &str| -> Vec<String> {
        fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.starts_with("linen-apron-linen"))
            .collect()
    };
    for folder in ["products", "pages", "posts"] {
        let made = names(folder);
        assert_eq!(made.len(), 1, "{folder}: {made:?}");
        assert!(
            made[0].len() <= 255 && !made[0].ends_with("-.md"),
            "{made:?}"
        );
    }
    shop().arg("build").arg(&root).assert().success();
    let product = &names("products")[0];
    assert!(
        root.join("public/products")
            .join(product)
            .join("index.html")
            .is_file()
    );
}

#[test]
fn static_files_are_copied_as_they_are() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        ("static/CNAME", "shop.example.com\n"),
        ("static/img/logo.svg", "<svg/>"),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    assert_eq!(read(&out.join("CNAME")), "shop.example.com\n");
    assert_eq!(read(&out.join("img/logo.svg")), "<svg/>");
}

#[test]
fn shop_templates_and_strings_override_the_theme() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nstrings:\n  buy_stripe: Pay now\n",
        ),
        (
            "products/a.md",
            "---\ntitle: A\nprice: 5\nbuy:\n  stripe: https://buy.stripe.com/x\n---\n",
        ),
        (
            "templates/404.html",
            "{% extends \"base.html\" %}{% block main %}<p>Lost at sea</p>{% endblock main %}",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    assert!(read(&out.join("404.html")).contains("Lost at sea"));
    assert!(read(&out.join("products/a/index.html")).contains(">Pay now</a>"));
}

#[test]
fn variant_prices_decide_the_card_price() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        (
            "products/a.md",
            "---\ntitle: A\nprice: 50\nvariants:\n  - {name: S, price: 65, buy: {stripe: \"https://buy.stripe.com/s\"}}\n  - {name: L, price: 65, buy: {stripe: \"https://buy.stripe.com/l\"}}\n---\n",
        ),
        (
            "products/b.md",
            "---\ntitle: B\nvariants:\n  - {name: S, price: 10, buy: {stripe: \"https://buy.stripe.com/b1\"}}\n  - {name: L, price: 12, buy: {stripe: \"https://buy.stripe.com/b2\"}}\n---\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let list = read(&out.join("products/index.html"));
    assert!(
        !list.contains("€50.00"),
        "no variant costs the product price"
    );
    assert!(list.contains("<span class=\"price__now\">€65.00</span>"));
    assert!(list.contains(
        "<span class=\"price__from\">From</span> <span class=\"price__now\">€10.00</span>"
    ));
}

#[test]
fn footer_links_pages_by_weight_and_categories_show_pictures() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\ncategories:\n  prints:\n    image: img/p.jpg\n",
        ),
        ("static/img/p.jpg", "jpeg"),
        (
            "products/a.md",
            "---\ntitle: A\nprice: 5\ncategories: [Prints]\n---\n",
        ),
        ("pages/faq.md", "---\ntitle: FAQ\nweight: 2\n---\n"),
        ("pages/about.md", "---\ntitle: About us\nweight: 1\n---\n"),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let home = read(&out.join("index.html"));
    let about = home
        .find("href=\"/about/\">About us</a>")
        .expect("about link");
    let faq = home.find("href=\"/faq/\">FAQ</a>").expect("faq link");
    assert!(about < faq, "pages follow their weight");
    assert!(home.contains("src=\"/img/p.jpg\""));
}

#[test]
fn every_command_on_a_shop_takes_its_folder_as_dash_c_too() {
    let parent = tempfile::tempdir().unwrap();
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        ("products/a.md", "---\ntitle: A\nprice: 5\n---\n"),
    ]);
    let folder = dir.path().to_str().unwrap();
    let run_in_parent = |args: &[&str]| {
        shop()
            .current_dir(parent.path())
            .args(args)
            .output()
            .unwrap()
    };
    let built = run_in_parent(&["build", "-C", folder]);
    assert!(built.status.success(), "{built:?}");
    assert!(dir.path().join("public/products/a/index.html").is_file());
    for command in [&["check"][..], &["orders", "sync"]] {
        let by_option = run_in_parent(&[command, &["--dir", folder]].concat());
        let by_argument = run_in_parent(&[command, &[folder]].concat());
        assert_eq!(by_option, by_argument, "{command:?}");
    }
    let cleaned = run_in_parent(&["clean", "-C", folder]);
    assert!(cleaned.status.success(), "{cleaned:?}");
    assert!(!dir.path().join(".shop-cache").exists());
    let both = run_in_parent(&["check", folder, "-C", folder]);
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
}
