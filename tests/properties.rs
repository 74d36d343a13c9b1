//! The whole loader on generated product files: whatever text a product file holds, loading
//! gives either the product or errors whose `path:line:column` lies inside that file, and
//! never panics. Prices beyond a float's 53 bits come out exact.

use std::fs;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

use proptest::prelude::*;
use shop::config::Config;
use shop::content::{Drafts, load};
use tempfile::TempDir;

/// A shop folder with the smallest `shop.yaml`, and its config.
static SHOP: LazyLock<(TempDir, Config)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("shop.yaml"),
        "title: T\nbase_url: https://example.com/\ncurrency: EUR\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("products")).unwrap();
    let config = shop::config::load(dir.path(), None).unwrap();
    (dir, config)
});

/// Loads a shop whose only product file holds `text`.
fn load_product(text: &str) -> shop::content::Loaded {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, config) = &*SHOP;
    fs::write(dir.path().join("products/p.md"), text).unwrap();
    load(dir.path(), config.clone(), Drafts::Include)
}

/// One front matter line: a known key with a plausible or odd value, or noise.
fn line() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title",
        "slug",
        "price",
        "compare_at_price",
        "currency",
        "sku",
        "stock",
        "tags",
        "categories",
        "buy",
        "  stripe",
        "  paypal",
        "  email",
        "variants",
        "  - name",
        "    price",
        "date",
        "images",
        "  - src",
        "extra",
        "availability",
        "prise",
        "",
    ]);
    let value = prop_oneof![
        "[0-9]{1,6}(\\.[0-9]{1,4})?",
        "\"[0-9,.]{1,10}\"",
        "https://(buy\\.stripe\\.com|evil\\.com|www\\.paypal\\.com)/[a-z0-9]{0,6}",
        "\\[[a-z, ]{0,12}\\]",
        "(true|false|null|~|-1|0|EUR|JPY|KWD|XXX|2026-02-30|2026-01-01)",
        "[&*!|>:{}\\[\\]'\"#@` -]{0,4}\\PC{0,8}",
        "",
    ];
    (key, value).prop_map(|(key, value)| format!("{key}: {value}"))
}

/// A product file: front matter made of such lines (sometimes unclosed, with CRLF or a
/// BOM), then a body; or any text at all.
fn product_file() -> impl Strategy<Value = String> {
    let structured = (
        prop::collection::vec(line(), 0..10),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        "(\\PC|\n){0,40}",
    )
        .prop_map(|(lines, closed, crlf, bom, body)| {
            let newline = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from(if bom { "\u{feff}---" } else { "---" });
            text.push_str(newline);
            for line in lines {
                text.push_str(&line);
                text.push_str(newline);
            }
            if closed {
                text.push_str("---");
                text.push_str(newline);
            }
            text + &body
        });
    prop_oneof![4 => structured, 1 => "(\\PC|\n|---\n){0,80}"]
}

/// Checks that `location` lies inside `text`, 1-based, columns in characters.
fn inside(text: &str, line: usize, column: usize) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    if line == 1 && column == 1 {
        return true;
    }
    line >= 1
        && column >= 1
        && lines
            .get(line - 1)
            .is_some_and(|l| column <= l.chars().count() + 1)
}

proptest! {
    #[test]
    fn any_product_file_loads_or_is_reported_inside_the_file(text in product_file()) {
        let loaded = load_product(&text);
        let errors = loaded.diagnostics.error_count();
        prop_assert!(
            (errors == 0) == (loaded.site.products.len() == 1),
            "{} errors, {} products",
            errors,
            loaded.site.products.len()
        );
        for d in &loaded.diagnostics.0 {
            prop_assert_eq!(d.path.as_path(), Path::new("products/p.md"));
            prop_assert!(
                inside(&text, d.position.line, d.position.column),
                "{}:{}: {} in {:?}",
                d.position.line,
                d.position.column,
                d.message,
                text
            );
        }
    }
}

#[test]
fn prices_beyond_a_float_stay_exact() {
    // 2^53 + 1 cents: the first whole number a 64-bit float cannot hold.
    let loaded = load_product("---\ntitle: Big\nprice: 90071992547409.93\n---\n");
    assert!(!loaded.diagnostics.has_errors(), "{}", loaded.diagnostics);
    assert_eq!(
        loaded.site.products[0].price.map(|p| p.minor),
        Some(9_007_199_254_740_993)
    );
}
