//! The real binary on broken shops: every mistake a seller can make is reported with its exact
//! `path:line:column`, a message and a hint, all at once, with exit code 1, never a panic, and
//! without touching what was built before.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{shop, write_shop};
use tempfile::TempDir;

/// The smallest valid `shop.yaml`.
const SHOP_YAML: &str = "title: Test shop\nbase_url: https://example.com/\ncurrency: EUR\n";

/// A valid product, for shops that need one thing right beside the broken one.
const GOOD_PRODUCT: &str = "---\ntitle: Good\nprice: 10\n---\nA good product.\n";

/// A shop with the minimal `shop.yaml` plus `files`.
fn shop_with(files: &[(&str, &str)]) -> TempDir {
    let mut all = vec![("shop.yaml", SHOP_YAML)];
    all.extend_from_slice(files);
    write_shop(&all)
}

/// One diagnostic as rendered on stderr.
#[derive(Debug)]
struct Diag {
    severity: String,
    message: String,
    /// `path:line:column`.
    location: String,
    hint: Option<String>,
}

/// Reads the compiler-style diagnostics out of stderr, checking as it goes that every caret
/// stands under the column its `-->` line names.
fn diagnostics(stderr: &str) -> Vec<Diag> {
    let mut found = Vec::new();
    for block in stderr.split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        let Some(arrow) = lines.iter().position(|l| l.starts_with("  --> ")) else {
            continue;
        };
        let (severity, message) = lines[arrow - 1]
            .split_once(": ")
            .unwrap_or_else(|| panic!("no headline in {block:?}"));
        let location = lines[arrow].trim_start_matches("  --> ").to_owned();
        let column: usize = location
            .rsplit(':')
            .next()
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("no column in {location:?}"));
        if let Some(caret) = lines.iter().find(|l| l.trim_end().ends_with('^')) {
            let (_, pad) = caret.split_once(" | ").expect("caret line has a gutter");
            let source_line = lines[arrow + 2].split_once(" | ").expect("source line").1;
            // The padding before `^` is one character per column before it, so the `^`
            // itself is the column'th character.
            let caret_column = pad.trim_end().chars().count();
            if source_line.is_ascii() {
                assert_eq!(
                    caret_column, column,
                    "caret not under column {column}:\n{block}"
                );
            }
        }
        let hint = lines
            .iter()
            .find_map(|l| l.strip_prefix("  = help: "))
            .map(str::to_owned);
        found.push(Diag {
            severity: severity.to_owned(),
            message: message.to_owned(),
            location,
            hint,
        });
    }
    found
}

/// The one diagnostic at `location`; fails listing all of stderr when there is none or several.
fn at<'a>(diags: &'a [Diag], location: &str, stderr: &str) -> &'a Diag {
    let matching: Vec<&Diag> = diags.iter().filter(|d| d.location == location).collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one diagnostic at {location}, stderr:\n{stderr}"
    );
    matching[0]
}

fn assert_no_panic(stderr: &str) {
    assert!(!stderr.contains("panicked"), "shop panicked:\n{stderr}");
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "shop panicked:\n{stderr}"
    );
}

/// Runs the command, expects exit code 1 and no panic, and returns stderr.
fn fails(command: &mut assert_cmd::Command) -> String {
    let output = command.output().expect("run shop");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_no_panic(&stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "expected exit code 1, stderr:\n{stderr}"
    );
    stderr
}

/// `shop build DIR`, expected to fail; returns stderr.
fn build_fails(dir: &Path) -> String {
    fails(shop().arg("build").arg(dir))
}

/// `shop build DIR` on a shop whose files hold exactly one error: checks that error's place,
/// message and hint, the summary line, and that nothing was written.
fn expect_error(files: &[(&str, &str)], location: &str, message: &str, hint_contains: &[&str]) {
    let dir = shop_with(files);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, location, &stderr);
    assert_eq!(d.severity, "error", "{stderr}");
    assert_eq!(d.message, message, "{stderr}");
    let hint = d
        .hint
        .as_deref()
        .unwrap_or_else(|| panic!("no hint:\n{stderr}"));
    for part in hint_contains {
        assert!(hint.contains(part), "hint lacks {part:?}:\n{stderr}");
    }
    assert_eq!(
        diags.iter().filter(|d| d.severity == "error").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr
            .trim_end()
            .ends_with("error: found 1 problem; nothing was written"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("public").exists(),
        "a failed build wrote output"
    );
}

/// Every file and folder below `root` with the bytes of each file (of a link: its target).
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("folder entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let relative = path.strip_prefix(root).expect("below root").to_path_buf();
            let meta = fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                into.insert(relative, None);
                walk(root, &path, into);
            } else if meta.is_symlink() {
                let target = fs::read_link(&path).expect("read link");
                into.insert(relative, Some(target.into_os_string().into_encoded_bytes()));
            } else {
                into.insert(relative, Some(fs::read(&path).expect("read file")));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files);
    files
}

// 1. YAML syntax

#[test]
fn yaml_syntax_error_points_at_the_line_of_the_file() {
    // The YAML's third line is the file's fourth: the opening `---` is counted.
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\n  colour: blue\n---\nLinen.\n",
        )],
        "products/apron.md:4:3",
        "line this up with `price:` on line 3",
        &["indented 2 spaces, `price:` 0 spaces"],
    );
}

#[test]
fn yaml_syntax_error_after_comments_and_blank_lines() {
    expect_error(
        &[(
            "products/apron.md",
            "---\n# The apron\n\ntitle: Apron\nprice: 38\n  colour: blue\n---\n",
        )],
        "products/apron.md:6:3",
        "line this up with `price:` on line 5",
        &["same column"],
    );
}

#[test]
fn a_tab_in_the_indentation_is_named() {
    expect_error(
        &[("products/apron.md", "---\ntitle: Apron\n\tprice: 38\n---\n")],
        "products/apron.md:3:1",
        "this line is indented with a tab: use spaces",
        &["replace the tab with spaces"],
    );
}

#[test]
fn a_tab_after_a_colon_is_named_where_it_is() {
    expect_error(
        &[("products/apron.md", "---\ntitle: Apron\nprice:\t7\n---\n")],
        "products/apron.md:3:7",
        "there is a tab after `price:`: use a space",
        &["write `price: 7`"],
    );
}

#[test]
fn a_line_indented_three_spaces_instead_of_four_names_the_line_to_follow() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nvariants:\n  - name: Small\n    price: 30\n    sku: AP-S\n   stock: 3\n---\n",
        )],
        "products/apron.md:8:4",
        "line this up with `sku:` on line 7",
        &["indented 3 spaces, `sku:` 4 spaces"],
    );
}

#[test]
fn an_indented_first_line_names_the_line_to_follow() {
    expect_error(
        &[("products/apron.md", "---\n title: Apron\nprice: 38\n---\n")],
        "products/apron.md:2:2",
        "line this up with `price:` on line 3",
        &["indented 1 space"],
    );
}

#[test]
fn text_with_a_colon_is_to_be_quoted() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nsummary: Care: dishwasher safe\n---\n",
        )],
        "products/apron.md:4:10",
        "this text contains `: `: put it in quotes",
        &["write `summary: \"Care: dishwasher safe\"`"],
    );
}

#[test]
fn a_payment_link_outside_buy_says_where_it_belongs() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nstripe: https://buy.stripe.com/x\n---\n",
        )],
        "products/apron.md:4:1",
        "`stripe:` belongs under `buy:`",
        &["move this line under `buy:`"],
    );
}

#[test]
fn a_price_under_buy_says_to_move_it_out() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nbuy:\n  email: true\n  price: 38\n---\n",
        )],
        "products/apron.md:5:3",
        "`price:` does not go under `buy:`",
        &["start it in the same column as `buy:`"],
    );
}

#[test]
fn a_contact_address_outside_contact_says_where_it_belongs() {
    let dir = write_shop(&[("shop.yaml", &format!("{SHOP_YAML}email: me@shop.test\n"))]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "shop.yaml:4:1", &stderr);
    assert_eq!(d.message, "`email:` belongs under `contact:`", "{stderr}");
}

#[test]
fn unclosed_flow_list_is_reported_where_the_yaml_ends() {
    // The parser only notices the missing `]` at the end of the front matter: the closing
    // `---` line.
    expect_error(
        &[("products/apron.md", "---\ntitle: Apron\nprice: [38\n---\n")],
        "products/apron.md:4:1",
        "did not find expected ',' or ']'",
        &["YAML syntax"],
    );
}

// 2. Unknown fields in front matter

#[test]
fn misspelt_price_suggests_price() {
    expect_error(
        &[("products/apron.md", "---\ntitle: Apron\nprise: 38\n---\n")],
        "products/apron.md:3:1",
        "unknown field `prise`, did you mean `price`?",
        &["the known fields here are:", "price", "compare_at_price"],
    );
}

#[test]
fn misspelt_field_inside_a_variant_points_at_its_key() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nvariants:\n  - name: Small\n    prise: 30\n---\n",
        )],
        "products/apron.md:6:5",
        "unknown field `prise`, did you mean `price`?",
        &["name, options, image, sku, price"],
    );
}

#[test]
fn misspelt_key_of_a_photo_points_at_it() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nimages:\n  - src: apron.jpg\n    atl: Linen apron\n---\n",
        )],
        "products/apron.md:6:5",
        "unknown field `atl`, did you mean `alt`?",
        &["src, alt"],
    );
}

#[test]
fn misspelt_buy_provider_suggests_the_provider() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nbuy:\n  strpe: https://buy.stripe.com/abc\n---\n",
        )],
        "products/apron.md:5:3",
        "unknown field `strpe`, did you mean `stripe`?",
        &["stripe, paypal"],
    );
}

// 3. Unknown fields in shop.yaml

#[test]
fn unknown_field_in_shop_yaml() {
    let dir = write_shop(&[
        ("shop.yaml", &format!("{SHOP_YAML}titel: Other\n")),
        ("products/apron.md", GOOD_PRODUCT),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "shop.yaml:4:1", &stderr);
    assert_eq!(d.message, "unknown field `titel`, did you mean `title`?");
    let hint = d.hint.as_deref().expect("hint");
    assert!(
        hint.contains("title, base_url, language, languages, currency"),
        "{stderr}"
    );
    assert!(stderr.contains("error: found 1 problem; nothing was written"));
}

#[test]
fn unknown_nested_field_in_shop_yaml() {
    let dir = write_shop(&[(
        "shop.yaml",
        &format!("{SHOP_YAML}contact:\n  emial: hello@example.com\n"),
    )]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "shop.yaml:5:3", &stderr);
    assert_eq!(d.message, "unknown field `emial`, did you mean `email`?");
    assert!(
        d.hint.as_deref().unwrap().contains("email, phone"),
        "{stderr}"
    );
}

// 4. Prices and currencies

#[test]
fn price_that_is_not_a_number() {
    expect_error(
        &[("products/apron.md", "---\ntitle: Apron\nprice: abc\n---\n")],
        "products/apron.md:3:8",
        "bad price: `abc` is not a price",
        &["write a number such as 38"],
    );
}

#[test]
fn price_with_a_comma_decimal_explains_the_separators() {
    let hint = [
        "`.` is the only decimal point",
        "`,` only groups thousands",
        "write 1299.00",
    ];
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: \"1.299,00\"\n---\n",
        )],
        "products/apron.md:3:8",
        "bad price: `1.299,00` uses `,` as the decimal point",
        &hint,
    );
    // Unquoted, YAML reads it as text too: same error.
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 1.299,00\n---\n",
        )],
        "products/apron.md:3:8",
        "bad price: `1.299,00` uses `,` as the decimal point",
        &hint,
    );
}

#[test]
fn price_with_a_comma_decimal_gets_the_sellers_price_back() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 12,50\n---\n",
        )],
        "products/apron.md:3:8",
        "bad price: `12,50` uses `,` as the decimal point",
        &["write 12.50"],
    );
}

#[test]
fn price_with_a_currency_sign_says_to_leave_it_out() {
    expect_error(
        &[("products/apron.md", "---\ntitle: Apron\nprice: €7\n---\n")],
        "products/apron.md:3:8",
        "bad price: `€7` is not a price",
        &["leave out the currency sign: 7"],
    );
}

#[test]
fn unquoted_colours_come_back_quoted() {
    let yaml = format!("{SHOP_YAML}brand:\n  colors:\n    primary: #9a3412\n    accent: 9a3412\n");
    let dir = write_shop(&[("shop.yaml", &yaml)]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let primary = at(&diags, "shop.yaml:6:5", &stderr);
    assert_eq!(
        primary.hint.as_deref(),
        Some("put the colour in quotes: primary: \"#9a3412\""),
        "{stderr}"
    );
    let accent = at(&diags, "shop.yaml:7:13", &stderr);
    assert_eq!(
        accent.hint.as_deref(),
        Some("a hex colour starts with `#`; write it in quotes: accent: \"#9a3412\""),
        "{stderr}"
    );
}

#[test]
fn price_with_too_many_decimals() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 19.999\n---\n",
        )],
        "products/apron.md:3:8",
        "bad price: `19.999` has more decimals than EUR allows (2)",
        &["EUR has 2 decimals", "round the price"],
    );
}

#[test]
fn zero_price() {
    expect_error(
        &[("products/apron.md", "---\ntitle: Apron\nprice: 0\n---\n")],
        "products/apron.md:3:8",
        "bad price: `0` is not above zero",
        &["a price must be above zero"],
    );
}

#[test]
fn fractional_price_in_a_yen_shop() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: Test shop\nbase_url: https://example.com/\ncurrency: JPY\n",
        ),
        ("products/apron.md", "---\ntitle: Apron\nprice: 15.5\n---\n"),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/apron.md:3:8", &stderr);
    assert_eq!(
        d.message,
        "bad price: `15.5` has more decimals than JPY allows (0)"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("JPY has no minor unit: write a whole number such as 1500")
    );
}

#[test]
fn fractional_price_in_a_product_priced_in_yen() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\ncurrency: JPY\nprice: 15.5\n---\n",
        )],
        "products/apron.md:4:8",
        "bad price: `15.5` has more decimals than JPY allows (0)",
        &["JPY has no minor unit"],
    );
}

#[test]
fn unknown_currency_in_shop_yaml() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: Test shop\nbase_url: https://example.com/\ncurrency: EURO\n",
        ),
        ("products/apron.md", GOOD_PRODUCT),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "shop.yaml:3:11", &stderr);
    assert_eq!(d.message, "unknown currency `EURO`");
    assert!(d.hint.as_deref().unwrap().contains("ISO 4217"), "{stderr}");
    assert!(stderr.contains("error: found 1 problem; nothing was written"));
}

#[test]
fn unknown_currency_in_front_matter() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\ncurrency: eur\n---\n",
        )],
        "products/apron.md:4:11",
        "unknown currency `eur`",
        &["ISO 4217 code in capitals"],
    );
}

// 5. compare_at_price

#[test]
fn compare_at_price_equal_to_the_price() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\ncompare_at_price: 38\n---\n",
        )],
        "products/apron.md:4:19",
        "compare_at_price must be higher than the price",
        &["old price a sale is compared with"],
    );
}

#[test]
fn compare_at_price_below_the_price() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\ncompare_at_price: \"30.00\"\n---\n",
        )],
        "products/apron.md:4:19",
        "compare_at_price must be higher than the price",
        &["raise it, or remove it"],
    );
}

// 6. Missing price

#[test]
fn missing_price_points_at_the_title() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nsku: AP-1\n---\nLinen.\n",
        )],
        "products/apron.md:2:8",
        "missing price",
        &["add `price: 38`"],
    );
}

// 7. Payment links

fn stripe_product(link: &str) -> String {
    format!("---\ntitle: Apron\nprice: 38\nbuy:\n  stripe: \"{link}\"\n---\n")
}

#[test]
fn javascript_stripe_link() {
    expect_error(
        &[("products/apron.md", &stripe_product("javascript:alert(1)"))],
        "products/apron.md:5:11",
        "bad stripe link: `javascript:alert(1)` is not an https link (scheme `javascript`)",
        &["starting with https://"],
    );
}

#[test]
fn data_url_stripe_link() {
    expect_error(
        &[("products/apron.md", &stripe_product("data:text/html,x"))],
        "products/apron.md:5:11",
        "bad stripe link: `data:text/html,x` is not an https link (scheme `data`)",
        &["https://"],
    );
}

#[test]
fn plain_http_stripe_link() {
    expect_error(
        &[(
            "products/apron.md",
            &stripe_product("http://buy.stripe.com/x"),
        )],
        "products/apron.md:5:11",
        "bad stripe link: `http://buy.stripe.com/x` is not an https link (scheme `http`)",
        &["https://"],
    );
}

#[test]
fn stripe_link_on_a_foreign_host() {
    expect_error(
        &[(
            "products/apron.md",
            &stripe_product("https://evil.example/x"),
        )],
        "products/apron.md:5:11",
        "bad stripe link: `https://evil.example/x` is not a stripe link: its host `evil.example` is not one of stripe's",
        &["buy.stripe.com, checkout.stripe.com", "custom:"],
    );
}

#[test]
fn stripe_lookalike_host_is_foreign() {
    expect_error(
        &[(
            "products/apron.md",
            &stripe_product("https://buy.stripe.com.evil.com/x"),
        )],
        "products/apron.md:5:11",
        "bad stripe link: `https://buy.stripe.com.evil.com/x` is not a stripe link: its host `buy.stripe.com.evil.com` is not one of stripe's",
        &["buy.stripe.com"],
    );
}

#[test]
fn stripe_host_as_user_name_of_another_host() {
    expect_error(
        &[(
            "products/apron.md",
            &stripe_product("https://buy.stripe.com@evil.com"),
        )],
        "products/apron.md:5:11",
        "bad stripe link: `https://buy.stripe.com@evil.com` hides its real host behind an `@`",
        &["without a user name"],
    );
}

#[test]
fn javascript_custom_link() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nbuy:\n  custom:\n    - label: Pay\n      url: javascript:alert(1)\n---\n",
        )],
        "products/apron.md:7:12",
        "bad custom link: `javascript:alert(1)` is not an https link (scheme `javascript`)",
        &["starting with https://"],
    );
}

#[test]
fn bad_link_in_a_variant_points_at_the_variant() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nvariants:\n  - name: Small\n    price: 30\n    buy:\n      stripe: \"javascript:alert(1)\"\n---\n",
        )],
        "products/apron.md:7:15",
        "bad stripe link: `javascript:alert(1)` is not an https link (scheme `javascript`)",
        &["https://"],
    );
}

// 8. Stripe test-mode links

const TEST_LINK_PRODUCT: &str =
    "---\ntitle: Apron\nprice: 38\nbuy:\n  stripe: https://buy.stripe.com/test_abc\n---\n";

#[test]
fn stripe_test_link_builds_with_a_warning() {
    let dir = shop_with(&[("products/apron.md", TEST_LINK_PRODUCT)]);
    let output = shop()
        .arg("build")
        .arg(dir.path())
        .output()
        .expect("run shop");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_no_panic(&stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/apron.md:5:11", &stderr);
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "this Stripe link is in test mode: buyers cannot pay with it"
    );
    assert!(d.hint.as_deref().unwrap().contains("live mode"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(
        dir.path()
            .join("public/products/apron/index.html")
            .is_file()
    );
}

#[test]
fn stripe_test_link_fails_a_production_check() {
    let dir = shop_with(&[("products/apron.md", TEST_LINK_PRODUCT)]);
    // At the address it will live at: on example.com it would not go live either.
    let production = ["--production", "--base-url", "https://apron.test/"];
    let stderr = fails(shop().arg("check").arg(dir.path()).args(production));
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/apron.md:5:11", &stderr);
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "this Stripe link is in test mode: buyers cannot pay with it"
    );
    assert!(stderr.contains("error: found 1 problem"), "{stderr}");
    assert!(!dir.path().join("public").exists());

    // Without --production the same shop passes the check.
    shop().arg("check").arg(dir.path()).assert().success();
}

// 9. Images

#[test]
fn a_photo_name_in_the_wrong_case_suggests_the_file() {
    let dir = shop_with(&[
        (
            "products/mug/index.md",
            "---\ntitle: Mug\nprice: 38\nimages:\n  - {src: mug-on-wood.jpg, alt: A mug}\n---\n",
        ),
        ("products/mug/mug-on-wood.JPG", "not looked at"),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/mug/index.md:5:11", &stderr);
    assert_eq!(
        d.message,
        "file `mug-on-wood.jpg` not found, did you mean `mug-on-wood.JPG`?"
    );
    assert_eq!(diags.len(), 1, "{stderr}");
}

#[test]
fn missing_image_file() {
    expect_error(
        &[(
            "products/apron/index.md",
            "---\ntitle: Apron\nprice: 38\nimages: [nope.jpg]\n---\n",
        )],
        "products/apron/index.md:4:10",
        "file `nope.jpg` not found",
        &["put `nope.jpg` in `products/apron/`", "case-sensitive"],
    );
}

#[test]
fn missing_image_in_a_block_list_and_in_the_body() {
    let dir = shop_with(&[(
        "products/apron/index.md",
        "---\ntitle: Apron\nprice: 38\nimages:\n  - src: front.jpg\n    alt: Front\n---\nLinen.\n\n![Back](back.png)\n",
    )]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/apron/index.md:5:10", &stderr);
    assert_eq!(d.message, "file `front.jpg` not found");
    let d = at(&diags, "products/apron/index.md:10:1", &stderr);
    assert_eq!(d.message, "file `back.png` not found");
    assert!(stderr.contains("error: found 2 problems; nothing was written"));
}

#[test]
fn image_path_escaping_the_folder() {
    let hint = ["put the file beside the Markdown file", "relative path"];
    for (src, column) in [("../secret.jpg", 10), ("/etc/passwd", 10)] {
        expect_error(
            &[
                (
                    "products/apron/index.md",
                    &format!("---\ntitle: Apron\nprice: 38\nimages: [{src}]\n---\n"),
                ),
                ("products/secret.jpg", "not a photo"),
            ],
            &format!("products/apron/index.md:4:{column}"),
            &format!("`{src}` points outside the content's folder"),
            &hint,
        );
    }
}

#[cfg(unix)]
#[test]
fn image_symlink_pointing_outside() {
    expect_link_out_error(
        &[(
            "products/apron/index.md",
            "---\ntitle: Apron\nprice: 38\nimages: [photo.jpg]\n---\n",
        )],
        "products/apron/photo.jpg",
        "private",
        "products/apron/index.md:4:10",
        "`photo.jpg` is a link to a file outside the content's folder",
    );
}

// 10. Duplicate slugs

#[test]
fn file_and_folder_with_the_same_slug() {
    let dir = shop_with(&[
        ("products/apron.md", "---\ntitle: Apron\nprice: 38\n---\n"),
        (
            "products/Apron/index.md",
            "---\ntitle: Apron too\nprice: 40\n---\n",
        ),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    // Files are read in name order, so `Apron/` claims the slug first and `apron.md` (which
    // has no `slug:` key) is reported at its start.
    let d = at(&diags, "products/apron.md:1:1", &stderr);
    assert_eq!(
        d.message,
        "duplicate slug: `/products/apron/` is already the address of products/Apron/index.md"
    );
    assert!(d.hint.as_deref().unwrap().contains("`slug:`"), "{stderr}");
    assert!(stderr.contains("error: found 1 problem; nothing was written"));
}

#[test]
fn slug_key_taking_another_products_slug() {
    expect_error(
        &[
            ("products/apron.md", "---\ntitle: Apron\nprice: 38\n---\n"),
            (
                "products/blue-apron.md",
                "---\ntitle: Blue apron\nslug: apron\nprice: 40\n---\n",
            ),
        ],
        "products/blue-apron.md:3:1",
        "duplicate slug: `/products/apron/` is already the address of products/apron.md",
        &["give one of them another slug"],
    );
}

// 11. Reserved page slugs

#[test]
fn page_named_like_a_shop_section() {
    expect_error(
        &[(
            "pages/products.md",
            "---\ntitle: Our products\n---\nHello.\n",
        )],
        "pages/products.md:1:1",
        "`products` is reserved for the shop's own pages",
        &["choose another slug with `slug:`"],
    );
}

#[test]
fn page_slug_key_taking_a_shop_section() {
    expect_error(
        &[(
            "pages/about.md",
            "---\ntitle: About\nslug: categories\n---\nHello.\n",
        )],
        "pages/about.md:3:7",
        "`categories` is reserved for the shop's own pages",
        &["choose another slug"],
    );
}

// 12. All errors at once

#[test]
fn every_error_of_every_file_in_one_run() {
    let dir = shop_with(&[
        ("products/a.md", "---\ntitle: A\nprice: abc\n---\n"),
        ("products/b.md", "---\ntitle: B\nprise: 3\n---\n"),
        ("products/c.md", &stripe_product("javascript:alert(1)")),
        ("products/d.md", GOOD_PRODUCT),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    assert_eq!(diags.len(), 3, "{stderr}");
    assert_eq!(
        at(&diags, "products/a.md:3:8", &stderr).message,
        "bad price: `abc` is not a price"
    );
    assert_eq!(
        at(&diags, "products/b.md:3:1", &stderr).message,
        "unknown field `prise`, did you mean `price`?"
    );
    assert!(
        at(&diags, "products/c.md:5:11", &stderr)
            .message
            .starts_with("bad stripe link")
    );
    // Sorted by file, whatever order the files were read in.
    let order: Vec<&str> = diags.iter().map(|d| d.location.as_str()).collect();
    assert_eq!(
        order,
        [
            "products/a.md:3:8",
            "products/b.md:3:1",
            "products/c.md:5:11"
        ]
    );
    assert!(
        stderr
            .trim_end()
            .ends_with("error: found 3 problems; nothing was written"),
        "{stderr}"
    );
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let dir = shop_with(&[(
        "products/apron.md",
        "---\ntitle: Apron\nprice: 19.999\ncurrency: EURO\ndate: 2026-02-30\nimages: [nope.jpg]\n---\n",
    )]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    for location in [
        "products/apron.md:3:8",
        "products/apron.md:4:11",
        "products/apron.md:5:7",
        "products/apron.md:6:10",
    ] {
        at(&diags, location, &stderr);
    }
    assert!(stderr.contains("error: found 4 problems; nothing was written"));
}

// 13. A failed build leaves the last good one untouched

#[test]
fn failed_build_leaves_the_old_output_byte_for_byte() {
    let dir = shop_with(&[
        ("products/apron.md", GOOD_PRODUCT),
        ("pages/about.md", "---\ntitle: About\n---\nHello.\n"),
    ]);
    shop().arg("build").arg(dir.path()).assert().success();
    let public = dir.path().join("public");
    let before = snapshot(&public);
    assert!(before.contains_key(Path::new("products/apron/index.html")));
    assert!(before.contains_key(Path::new("about/index.html")));

    fs::write(
        dir.path().join("products/apron.md"),
        "---\ntitle: Good\nprice: abc\n---\n",
    )
    .unwrap();
    let stderr = build_fails(dir.path());
    assert!(stderr.contains("--> products/apron.md:3:8"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(
        snapshot(&public) == before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("shop-new") || name.contains("shop-old"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}

/// `.public.shop-<what>-<id>` beside the default output folder of the shop in `dir`.
fn beside_public(dir: &Path, what: &str, id: u32) -> PathBuf {
    dir.join(format!(".public.shop-{what}-{id}"))
}

/// A folder holding one file, as a build leaves its staging folder.
fn folder_with_a_page(folder: &Path) {
    fs::create_dir(folder).unwrap();
    fs::write(folder.join("index.html"), "half a site").unwrap();
}

#[test]
fn a_build_clears_what_killed_builds_left_and_nothing_else() {
    const DEAD: u32 = 999_999_901;
    const LOCKLESS: u32 = 999_999_902;
    const LIVE: u32 = 999_999_903;
    let dir = shop_with(&[("products/apron.md", GOOD_PRODUCT)]);
    shop().arg("build").arg(dir.path()).assert().success();
    let root = dir.path();
    // A killed build: its folders and a lock file nobody holds any more.
    folder_with_a_page(&beside_public(root, "new", DEAD));
    folder_with_a_page(&beside_public(root, "old", DEAD));
    fs::write(beside_public(root, "lock", DEAD), "").unwrap();
    // A killed build whose lock file is gone.
    folder_with_a_page(&beside_public(root, "new", LOCKLESS));
    // A running build: this test holds its lock.
    folder_with_a_page(&beside_public(root, "new", LIVE));
    let live_lock = fs::File::create(beside_public(root, "lock", LIVE)).unwrap();
    live_lock.try_lock().expect("lock free");
    // Not a build's: a name without a process id, and a link to the seller's folder.
    folder_with_a_page(&root.join(".public.shop-new-mine"));
    folder_with_a_page(&root.join("keep"));
    std::os::unix::fs::symlink(root.join("keep"), beside_public(root, "old", DEAD + 10)).unwrap();

    shop().arg("build").arg(root).assert().success();
    for gone in [
        beside_public(root, "new", DEAD),
        beside_public(root, "old", DEAD),
        beside_public(root, "lock", DEAD),
        beside_public(root, "new", LOCKLESS),
    ] {
        assert!(!gone.exists(), "{} left", gone.display());
    }
    for kept in [
        beside_public(root, "new", LIVE).join("index.html"),
        beside_public(root, "lock", LIVE),
        root.join(".public.shop-new-mine/index.html"),
        beside_public(root, "old", DEAD + 10).join("index.html"),
        root.join("keep/index.html"),
    ] {
        assert!(kept.exists(), "{} removed", kept.display());
    }
    assert!(root.join("public/products/apron/index.html").is_file());
    drop(live_lock);
}

#[test]
fn a_build_first_puts_back_the_site_a_killed_swap_moved_aside() {
    const DEAD: u32 = 999_999_911;
    let dir = shop_with(&[("products/apron.md", GOOD_PRODUCT)]);
    shop().arg("build").arg(dir.path()).assert().success();
    let public = dir.path().join("public");
    let before = snapshot(&public);
    // Killed between the two renames: the old site moved aside, the new one not in place.
    fs::rename(&public, beside_public(dir.path(), "old", DEAD)).unwrap();
    folder_with_a_page(&beside_public(dir.path(), "new", DEAD));

    fs::write(
        dir.path().join("products/apron.md"),
        "---\ntitle: Good\nprice: abc\n---\n",
    )
    .unwrap();
    build_fails(dir.path());
    assert!(
        public.is_dir() && snapshot(&public) == before,
        "the previous site is not back in public/"
    );
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public.shop-"))
        .collect();
    assert!(left.is_empty(), "left: {left:?}");
}

#[test]
fn output_folders_named_near_the_file_name_limit_build_and_rebuild() {
    // 250 bytes each, alike but for the end: the build's staging folder, the site it moves
    // aside and its lock file are named after the output folder, with more added.
    let dir = shop_with(&[("products/apron.md", GOOD_PRODUCT)]);
    let names = ["a", "b"].map(|end| format!("{}{end}", "o".repeat(249)));
    for _ in 0..2 {
        for name in &names {
            shop()
                .arg("build")
                .arg(dir.path())
                .arg("--output")
                .arg(dir.path().join(name))
                .assert()
                .success();
        }
    }
    for name in &names {
        assert!(
            dir.path()
                .join(name)
                .join("products/apron/index.html")
                .is_file()
        );
    }
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            ["new", "old", "lock"]
                .iter()
                .any(|what| name.contains(&format!(".shop-{what}-")))
        })
        .collect();
    assert!(left.is_empty(), "left: {left:?}");
}

#[test]
fn failed_render_leaves_the_old_output_byte_for_byte() {
    let dir = shop_with(&[("products/apron.md", GOOD_PRODUCT)]);
    shop().arg("build").arg(dir.path()).assert().success();
    let public = dir.path().join("public");
    let before = snapshot(&public);
    // A static file on a generated page passes the content checks and fails in rendering.
    fs::create_dir_all(dir.path().join("static/products/apron")).unwrap();
    fs::write(dir.path().join("static/products/apron/index.html"), "mine").unwrap();
    let stderr = build_fails(dir.path());
    assert!(stderr.contains("products/apron/index.html"), "{stderr}");
    assert!(
        snapshot(&public) == before,
        "public/ changed after a failed build"
    );
}

// 14. Output safety

#[test]
fn refuses_to_write_into_the_shop_folder() {
    let dir = shop_with(&[("products/apron.md", GOOD_PRODUCT)]);
    let before = snapshot(dir.path());
    let stderr = fails(
        shop()
            .arg("build")
            .arg(dir.path())
            .arg("-o")
            .arg(dir.path()),
    );
    assert!(
        stderr.contains("refusing to write to") && stderr.contains("it is the shop folder"),
        "{stderr}"
    );
    assert!(
        stderr.contains("choose a folder such as `public`"),
        "{stderr}"
    );
    assert!(snapshot(dir.path()) == before, "the shop folder changed");
}

#[test]
fn refuses_to_write_into_a_folder_above_the_shop() {
    let outer = write_shop(&[
        ("shop/shop.yaml", SHOP_YAML),
        ("shop/products/apron.md", GOOD_PRODUCT),
    ]);
    let before = snapshot(outer.path());
    let stderr = fails(
        shop()
            .arg("build")
            .arg(outer.path().join("shop"))
            .arg("-o")
            .arg(outer.path()),
    );
    assert!(
        stderr.contains("it is the shop folder or contains it"),
        "{stderr}"
    );
    assert!(snapshot(outer.path()) == before);
}

#[test]
fn refuses_a_non_empty_folder_shop_did_not_create() {
    let outer = write_shop(&[
        ("shop/shop.yaml", SHOP_YAML),
        ("shop/products/apron.md", GOOD_PRODUCT),
        ("site/keep.txt", "mine"),
    ]);
    let stderr = fails(
        shop()
            .arg("build")
            .arg(outer.path().join("shop"))
            .arg("-o")
            .arg(outer.path().join("site")),
    );
    assert!(
        stderr.contains("it is a folder shop did not create and it is not empty"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(outer.path().join("site/keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(fs::read_dir(outer.path().join("site")).unwrap().count(), 1);
}

#[test]
fn refuses_a_non_empty_folder_inside_the_shop() {
    let dir = shop_with(&[
        ("products/apron.md", GOOD_PRODUCT),
        ("docs/keep.txt", "mine"),
    ]);
    let stderr = fails(
        shop()
            .arg("build")
            .arg(dir.path())
            .arg("-o")
            .arg(dir.path().join("docs")),
    );
    assert!(stderr.contains("refusing to write to"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("docs/keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn refuses_a_folder_inside_a_source_folder_or_git() {
    let dir = shop_with(&[("products/apron.md", GOOD_PRODUCT), (".git/HEAD", "ref")]);
    for folder in ["products", ".git"] {
        let stderr = fails(
            shop()
                .arg("build")
                .arg(dir.path())
                .arg("-o")
                .arg(dir.path().join(folder).join("site")),
        );
        assert!(
            stderr.contains(&format!("it is inside the shop's `{folder}/` folder")),
            "{stderr}"
        );
        assert!(!dir.path().join(folder).join("site").exists());
    }
}

/// A shop whose `shop.yaml` ends with `images:\n  cache: CACHE` (line 7) and names a logo
/// in `brand/`, with a file in each source folder and in `.git/`, and `linked`, a link to
/// `posts/`.
fn shop_with_cache(cache: &str) -> TempDir {
    let yaml = format!("{SHOP_YAML}brand:\n  logo: brand/logo.png\nimages:\n  cache: {cache}\n");
    let dir = write_shop(&[
        ("shop.yaml", &yaml),
        ("products/apron.md", GOOD_PRODUCT),
        ("pages/about.md", "---\ntitle: About\n---\nHello.\n"),
        (
            "posts/news.md",
            "---\ntitle: News\ndate: 2026-01-02\n---\nNews.\n",
        ),
        ("static/robots.txt", "User-agent: *\n"),
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("brand/logo.png", "a logo"),
    ]);
    std::os::unix::fs::symlink(dir.path().join("posts"), dir.path().join("linked")).unwrap();
    dir
}

/// The message and hint of the one diagnostic at the `images.cache` line of
/// [`shop_with_cache`].
fn at_cache_line(stderr: &str) -> (String, String) {
    let diags = diagnostics(stderr);
    let d = at(&diags, "shop.yaml:7:10", stderr);
    (d.message.clone(), d.hint.clone().unwrap_or_default())
}

/// With `cache: .`, the build marked the shop folder as the cache and `shop clean` removed
/// it, `.git` included; `products`, `static`, `pages` were taken the same way.
#[test]
fn refuses_a_cache_folder_that_holds_the_sellers_files() {
    for (cache, message) in [
        (".", "cache folder `.` is the shop folder"),
        ("./", "cache folder `./` is the shop folder"),
        (
            "products",
            "cache folder `products` is the shop's `products/` folder",
        ),
        (
            "pages",
            "cache folder `pages` is the shop's `pages/` folder",
        ),
        (
            "static/cache",
            "cache folder `static/cache` is inside the shop's `static/` folder",
        ),
        (".git", "cache folder `.git` is the shop's `.git/` folder"),
        (
            "brand",
            "cache folder `brand` is `brand/`, which holds `brand.logo`",
        ),
        (
            "linked",
            "cache folder `linked` is the shop's `posts/` folder",
        ),
    ] {
        let dir = shop_with_cache(cache);
        let before = snapshot(dir.path());
        let stderr = build_fails(dir.path());
        let (found, hint) = at_cache_line(&stderr);
        assert_eq!(found, message, "{stderr}");
        assert!(hint.contains("a new folder of its own"), "{stderr}");
        let stderr = fails(shop().arg("clean").arg(dir.path()));
        assert!(stderr.contains(message), "{stderr}");
        assert!(
            snapshot(dir.path()) == before,
            "`{cache}`: the shop changed"
        );
    }
}

#[test]
fn a_new_cache_folder_is_fine_beside_a_logo_in_the_shop_folder() {
    let dir = shop_with_cache(".cache/shop");
    let logo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/transparent.png");
    fs::copy(logo, dir.path().join("logo.png")).unwrap();
    let yaml = fs::read_to_string(dir.path().join("shop.yaml")).unwrap();
    fs::write(
        dir.path().join("shop.yaml"),
        yaml.replace("brand/logo.png", "logo.png"),
    )
    .unwrap();
    shop().arg("build").arg(dir.path()).assert().success();
    assert!(dir.path().join(".cache/shop/CACHEDIR.TAG").is_file());
}

#[test]
fn refuses_a_cache_folder_in_or_around_the_output_folder() {
    let dir = shop_with_cache("public");
    let stderr = build_fails(dir.path());
    let (message, _) = at_cache_line(&stderr);
    assert!(
        message.starts_with("cache folder `public` is the output folder `")
            && message.ends_with("public`"),
        "{stderr}"
    );
    // `check` agrees with a build into the default output folder.
    let stderr = fails(shop().arg("check").arg(dir.path()));
    let (message, _) = at_cache_line(&stderr);
    assert!(
        message.starts_with("cache folder `public` is the output folder `"),
        "{stderr}"
    );
    let dir = shop_with_cache("site");
    let stderr = fails(
        shop()
            .arg("build")
            .arg(dir.path())
            .arg("-o")
            .arg(dir.path().join("site/www")),
    );
    let (message, _) = at_cache_line(&stderr);
    assert!(
        message.starts_with("cache folder `site` contains the output folder `"),
        "{stderr}"
    );
    assert!(!dir.path().join("site/www").exists());
}

// 15. Posts, dates and email orders

#[test]
fn post_without_a_date() {
    expect_error(
        &[("posts/hello.md", "---\ntitle: Hello\n---\nFirst post.\n")],
        "posts/hello.md:2:8",
        "a post needs a date",
        &["add `date: 2026-03-01`"],
    );
}

#[test]
fn date_that_does_not_exist() {
    expect_error(
        &[(
            "posts/hello.md",
            "---\ntitle: Hello\ndate: 2026-02-30\n---\nFirst post.\n",
        )],
        "posts/hello.md:3:7",
        "`2026-02-30` is not a date",
        &["YYYY-MM-DD"],
    );
}

#[test]
fn email_order_without_a_shop_address() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nbuy:\n  email: true\n---\n",
        )],
        "products/apron.md:5:10",
        "`email: true` needs the shop's email address",
        &["contact: {email: you@example.com}", "shop.yaml"],
    );
}

// 16. Never a panic, whatever the files hold

#[test]
fn odd_files_fail_cleanly() {
    let cases: &[(&str, &str, &str)] = &[
        ("empty file", "", "missing front matter"),
        ("only a fence", "---", "missing front matter"),
        ("unclosed", "---\ntitle: A\n", "front matter is not closed"),
        ("empty front matter", "---\n---\n", "missing field `title`"),
        ("a list", "---\n- a\n- b\n---\n", "invalid type: sequence"),
        ("a scalar", "---\njust text\n---\n", "invalid type"),
        (
            "huge price",
            "---\ntitle: A\nprice: 99999999999999999999999\n---\n",
            "price",
        ),
        (
            "negative stock",
            "---\ntitle: A\nprice: 3\nstock: -1\n---\n",
            "stock",
        ),
        ("tab indent", "---\ntitle: A\n\tprice: 3\n---\n", "tab"),
        (
            "bad slug",
            "---\ntitle: A\nslug: \"!!\"\nprice: 3\n---\n",
            "has no letters or digits",
        ),
    ];
    for (name, text, message) in cases {
        let dir = shop_with(&[("products/apron.md", text)]);
        let stderr = build_fails(dir.path());
        let diags = diagnostics(&stderr);
        assert_eq!(diags.len(), 1, "{name}:\n{stderr}");
        assert!(
            diags[0].location.starts_with("products/apron.md:"),
            "{name}:\n{stderr}"
        );
        assert!(diags[0].message.contains(message), "{name}:\n{stderr}");
        assert!(
            stderr.contains("error: found 1 problem"),
            "{name}:\n{stderr}"
        );
    }
}

#[test]
fn non_utf8_file_and_broken_shop_yaml_fail_cleanly() {
    let dir = shop_with(&[]);
    fs::create_dir_all(dir.path().join("products")).unwrap();
    fs::write(dir.path().join("products/apron.md"), b"\xff\xfe---\n").unwrap();
    let stderr = build_fails(dir.path());
    assert!(stderr.contains("products/apron.md:1:1"), "{stderr}");
    assert!(stderr.contains("cannot read file"), "{stderr}");

    for yaml in ["", "- a\n", "title: [\n", "per_page: -1\n"] {
        let dir = write_shop(&[("shop.yaml", yaml)]);
        let stderr = build_fails(dir.path());
        assert!(stderr.contains("--> shop.yaml:"), "{yaml:?}:\n{stderr}");
    }
    let empty = tempfile::tempdir().unwrap();
    let stderr = build_fails(empty.path());
    assert!(stderr.contains("cannot read shop.yaml"), "{stderr}");
    assert!(stderr.contains("shop init"), "{stderr}");
}

// `shop check` on a valid shop

#[test]
fn check_passes_a_valid_shop_and_writes_nothing() {
    let dir = shop_with(&[
        ("products/apron.md", GOOD_PRODUCT),
        ("pages/about.md", "---\ntitle: About\n---\nHello.\n"),
        (
            "posts/2026-03-01-hello.md",
            "---\ntitle: Hello\ndate: 2026-03-01\n---\nFirst post.\n",
        ),
    ]);
    let before = snapshot(dir.path());
    let output = shop()
        .arg("check")
        .arg(dir.path())
        .output()
        .expect("run shop");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_no_panic(&stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr
            .lines()
            .all(|l| !l.starts_with("warning:") && !l.starts_with("error:")),
        "only advice (no photo, no category): {stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("No errors: 1 product, 1 page, 1 post"),
        "{stdout}"
    );
    assert!(!dir.path().join("public").exists());
    assert!(
        snapshot(dir.path()) == before,
        "check changed the shop folder"
    );
}

// Bugs found while writing these tests. Each asserts the behaviour that should be; run them
// with `cargo test --test errors -- --ignored`.

#[test]

fn output_through_a_missing_folder_must_not_replace_the_shop() {
    let outer = write_shop(&[
        ("shop/shop.yaml", SHOP_YAML),
        ("shop/products/apron.md", GOOD_PRODUCT),
    ]);
    let output = shop()
        .current_dir(outer.path())
        .args(["build", "shop", "-o", "missing/../shop"])
        .output()
        .expect("run shop");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_no_panic(&stderr);
    assert!(
        outer.path().join("shop/shop.yaml").is_file()
            && outer.path().join("shop/products/apron.md").is_file(),
        "the shop's own files were deleted"
    );
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("it is the shop folder"), "{stderr}");
}

#[test]

fn product_without_slug_characters_is_an_error() {
    let dir = shop_with(&[
        ("products/___.md", "---\ntitle: Odd\nprice: 38\n---\n"),
        ("products/apron.md", GOOD_PRODUCT),
    ]);
    let stderr = build_fails(dir.path());
    assert!(stderr.contains("--> products/___.md:"), "{stderr}");
}

#[test]

fn page_without_slug_characters_names_its_file() {
    let dir = shop_with(&[("pages/!!!.md", "---\ntitle: Odd\n---\nHello.\n")]);
    let stderr = build_fails(dir.path());
    assert!(stderr.contains("--> pages/!!!.md:"), "{stderr}");
}

#[test]

fn duplicate_key_points_at_the_second_key() {
    let dir = shop_with(&[(
        "products/apron.md",
        "---\ntitle: Apron\nprice: 38\nprice: 40\n---\n",
    )]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/apron.md:4:1", &stderr);
    assert_eq!(d.message, "duplicate key `price`");
}

#[test]

fn alias_onto_a_generated_page_names_its_line() {
    let dir = shop_with(&[
        ("products/apron.md", GOOD_PRODUCT),
        (
            "pages/old.md",
            "---\ntitle: Old\naliases: [/products/]\n---\n",
        ),
    ]);
    let stderr = build_fails(dir.path());
    assert!(stderr.contains("--> pages/old.md:3:11"), "{stderr}");
    let dir = shop_with(&[
        ("products/apron.md", GOOD_PRODUCT),
        (
            "pages/old.md",
            "---\ntitle: Old\naliases: [/thanks/]\n---\n",
        ),
    ]);
    let stderr = build_fails(dir.path());
    assert!(
        stderr.contains(
            "alias `/thanks/` is a page the shop generates itself\n  --> pages/old.md:3:11"
        ),
        "{stderr}"
    );
}

#[test]

fn filesystem_errors_name_the_cause_once() {
    // The output's parent is a file: creating the output folder fails in the system.
    let dir = shop_with(&[("products/apron.md", GOOD_PRODUCT)]);
    fs::write(dir.path().join("blocker"), "a file").unwrap();
    let stderr = fails(
        shop()
            .arg("build")
            .arg(dir.path())
            .arg("-o")
            .arg(dir.path().join("blocker/public")),
    );
    let line = stderr
        .lines()
        .find(|l| l.contains("os error"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(line.matches("os error").count(), 1, "{stderr}");
}

#[test]
fn price_through_a_yaml_alias_is_read() {
    let dir = shop_with(&[(
        "products/apron.md",
        "---\ntitle: Apron\nextra: {base: &p 38}\nprice: *p\n---\n",
    )]);
    shop().arg("check").arg(dir.path()).assert().success();
}

#[test]

fn slug_hint_never_suggests_an_empty_slug() {
    let dir = shop_with(&[(
        "products/apron.md",
        "---\ntitle: Apron\nslug: \"!!\"\nprice: 38\n---\n",
    )]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/apron.md:3:7", &stderr);
    assert!(!d.hint.as_deref().unwrap().contains("``"), "{stderr}");
}

#[test]
fn category_image_missing_from_static() {
    expect_error(
        &[(
            "shop.yaml",
            "title: T\nbase_url: https://example.com/\ncurrency: EUR\ncategories:\n  prints:\n    image: images/prints.jpg\n",
        )],
        "shop.yaml:6:12",
        "category image `images/prints.jpg` is not in static/",
        &["static/images/prints.jpg"],
    );
}

#[test]
fn pages_have_no_tags() {
    expect_error(
        &[("pages/about.md", "---\ntitle: About\ntags: [x]\n---\n")],
        "pages/about.md:3:7",
        "pages have no tags",
        &["remove `tags:`"],
    );
}

#[test]
fn static_file_on_a_generated_page() {
    let dir = shop_with(&[
        ("products/apron.md", GOOD_PRODUCT),
        ("static/products/apron/index.html", "mine"),
    ]);
    let stderr = build_fails(dir.path());
    assert!(
        stderr.contains("static/products/apron/index.html would replace a page"),
        "{stderr}"
    );
}

#[test]
fn gtin_that_is_not_a_barcode_number() {
    expect_error(
        &[(
            "products/mug.md",
            "---\ntitle: Mug\nprice: 20\ngtin: 12345\n---\n",
        )],
        "products/mug.md:4:7",
        "`12345` is not a GTIN",
        &["8, 12, 13 or 14 digits", "remove the line"],
    );
}

#[test]
fn gtin_with_a_mistyped_digit() {
    expect_error(
        &[(
            "products/mug.md",
            "---\ntitle: Mug\nprice: 20\ngtin: \"400 6381 33393 2\"\n---\n",
        )],
        "products/mug.md:4:7",
        "`400 6381 33393 2` has a wrong check digit",
        &["mistyped"],
    );
}

#[test]
fn unknown_condition() {
    let dir = shop_with(&[(
        "products/mug.md",
        "---\ntitle: Mug\nprice: 20\ncondition: vintage\n---\n",
    )]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/mug.md:4:12", &stderr);
    assert!(d.message.contains("vintage"), "{stderr}");
    assert_eq!(
        d.hint.as_deref(),
        Some("write one of the values listed, in lower case")
    );
    assert!(
        ["new", "used", "refurbished"]
            .iter()
            .all(|c| stderr.contains(c)),
        "{stderr}"
    );
}

#[test]
fn a_preorder_without_its_ship_date() {
    expect_error(
        &[(
            "products/vase.md",
            "---\ntitle: Vase\nprice: 10\navailability: preorder\n---\n",
        )],
        "products/vase.md:4:15",
        "a pre-order needs the day it ships",
        &["ship_date: 2027-03-01"],
    );
}

#[test]
fn a_ship_date_on_a_product_sold_from_stock() {
    expect_error(
        &[(
            "products/vase.md",
            "---\ntitle: Vase\nprice: 10\nship_date: 2027-03-01\n---\n",
        )],
        "products/vase.md:4:12",
        "`ship_date` is only for pre-orders and backorders",
        &["availability: preorder"],
    );
}

#[test]
fn a_subscription_without_an_interval_and_an_interval_without_one() {
    expect_error(
        &[(
            "products/box.md",
            "---\ntitle: Box\nprice: 10\nkind: subscription\n---\n",
        )],
        "products/box.md:4:7",
        "a subscription needs its interval",
        &["interval: month"],
    );
    expect_error(
        &[(
            "products/box.md",
            "---\ntitle: Box\nprice: 10\ninterval: month\n---\n",
        )],
        "products/box.md:4:11",
        "`interval` is only for subscriptions",
        &["kind: subscription"],
    );
}

#[test]
fn an_unknown_availability_names_the_ones_there_are() {
    let dir = shop_with(&[(
        "products/vase.md",
        "---\ntitle: Vase\nprice: 10\navailability: soon\n---\n",
    )]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/vase.md:4:15", &stderr);
    assert!(d.message.contains("soon"), "{stderr}");
    assert!(
        format!("{} {:?}", d.message, d.hint).contains("preorder"),
        "{stderr}"
    );
}

// 17. Videos

#[test]
fn every_video_mistake_is_reported_at_its_value() {
    let dir = shop_with(&[
        (
            "products/apron/index.md",
            "---\ntitle: Apron\nprice: 10\nvideos:\n  - missing.mp4\n  - clip.mov\n  - ../escape.mp4\n  - http://www.youtube.com/watch?v=dQw4w9WgXcQ\n  - \"javascript:alert(1)\"\n  - https://example.com/film.mp4\n  - https://www.youtube.com/watch?v=dQw4w9WgXc\n  - src: https://vimeo.com/76979871\n    poster: https://i.ytimg.com/vi/x/hq.jpg\n  - {src: film.mp4, poster: still.gif}\n---\n",
        ),
        ("products/apron/clip.mov", "a film"),
        ("products/apron/film.mp4", "a film"),
        ("products/apron/still.gif", "a still"),
        (
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 10\nvideos:\n  - src: bowl.mp4\n    titel: Turning\n---\n",
        ),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let expected = [
        (
            "5:5",
            "file `missing.mp4` not found",
            "put `missing.mp4` in",
        ),
        (
            "6:5",
            "`clip.mov` is not an MP4 or WebM video",
            "export the video",
        ),
        (
            "7:5",
            "`../escape.mp4` points outside the content's folder",
            "beside the Markdown file",
        ),
        (
            "8:5",
            "bad video link: `http://www.youtube.com/watch?v=dQw4w9WgXcQ` is not an https link (scheme `http`)",
            "https://",
        ),
        (
            "9:5",
            "bad video link: `javascript:alert(1)` is not an https link (scheme `javascript`)",
            "https://",
        ),
        (
            "10:5",
            "bad video link: `https://example.com/film.mp4` is on `example.com`, not on YouTube, Vimeo or Bilibili",
            "put an MP4 or WebM file beside the product",
        ),
        (
            "11:5",
            "bad video link: `https://www.youtube.com/watch?v=dQw4w9WgXc` is not a link to one YouTube video",
            "https://youtu.be/",
        ),
        (
            "13:13",
            "poster `https://i.ytimg.com/vi/x/hq.jpg` is a link",
            "beside the product",
        ),
        (
            "14:29",
            "poster `still.gif` is not a JPEG, PNG or WebP photo",
            ".jpg, .png or .webp",
        ),
    ];
    for (place, message, hint) in expected {
        let d = at(&diags, &format!("products/apron/index.md:{place}"), &stderr);
        assert_eq!(d.message, message, "{stderr}");
        assert!(
            d.hint.as_deref().unwrap_or_default().contains(hint),
            "{stderr}"
        );
    }
    let typo = at(&diags, "products/bowl.md:6:5", &stderr);
    assert_eq!(typo.message, "unknown field `titel`, did you mean `title`?");
    assert_eq!(diags.len(), expected.len() + 1, "{stderr}");
}

// 18. Files that cannot be read are never taken for missing ones

/// A shop whose `stock.csv` and `reviews.yaml` are folders: each is an error naming it.
#[test]
fn stock_csv_and_reviews_yaml_that_are_folders_are_errors() {
    let dir = shop_with(&[("products/bowl.md", GOOD_PRODUCT)]);
    fs::create_dir(dir.path().join("stock.csv")).unwrap();
    fs::create_dir(dir.path().join("reviews.yaml")).unwrap();
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    assert_eq!(diags.len(), 2, "{stderr}");
    for name in ["stock.csv", "reviews.yaml"] {
        let d = at(&diags, &format!("{name}:1:1"), &stderr);
        assert!(
            d.message.starts_with(&format!("cannot read {name}: ")),
            "{stderr}"
        );
        assert!(
            d.hint.as_deref().unwrap().contains("or remove it"),
            "{stderr}"
        );
    }
}

/// `stock.csv` saved by Excel as "CSV (Comma delimited)" is Windows-1252, not UTF-8: an
/// error at the first byte that is not, never a shop selling at its front-matter stock.
/// The same for `reviews.yaml`.
#[test]
fn stock_csv_and_reviews_yaml_that_are_not_utf8_are_errors_at_their_byte() {
    let dir = shop_with(&[(
        "products/cafe.md",
        "---\ntitle: Cafe\nprice: 3\nsku: CAFE\nstock: 50\n---\n",
    )]);
    let files: [(&str, &[u8]); 2] = [
        ("stock.csv", b"sku,stock\nCAFE,0\nCAF\xc9,3\n"),
        (
            "reviews.yaml",
            b"- author: Ana\n  rating: 5\n  text: Tr\xe8s bien\n",
        ),
    ];
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    for (location, byte) in [("stock.csv:3:4", "0xC9"), ("reviews.yaml:3:11", "0xE8")] {
        let d = at(&diags, location, &stderr);
        assert_eq!(
            d.message,
            format!("cannot read file: it is not UTF-8 text (byte {byte})")
        );
        assert!(d.hint.as_deref().unwrap().contains("UTF-8"), "{stderr}");
    }
    assert_eq!(diags.len(), 2, "{stderr}");
}

/// What Excel writes: a byte order mark, CRLF line ends, and a SKU holding a comma in
/// quotes. The count applies; a SKU listed twice is an error at its second line.
#[test]
fn stock_csv_from_excel_applies_and_a_sku_listed_twice_is_an_error() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlow_stock: 5\n",
        ),
        (
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 5\nsku: \"BOWL,BLUE\"\nstock: 50\n---\n",
        ),
        ("stock.csv", "\u{feff}sku,stock\r\n\"BOWL,BLUE\",4\r\n"),
    ]);
    let out = dir.path().join("public");
    common::build(dir.path(), &out, &[]);
    let bowl = common::read(&out.join("products/bowl/index.html"));
    assert_eq!(common::select(&bowl, ".stock--low", ""), ["Only 4 left"]);

    fs::write(
        dir.path().join("stock.csv"),
        "\u{feff}sku,stock\r\n\"BOWL,BLUE\",4\r\n\r\n\"BOWL,BLUE\",0\r\n",
    )
    .unwrap();
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "stock.csv:4:1", &stderr);
    assert_eq!(
        d.message,
        "the SKU `BOWL,BLUE` is listed twice (first on line 2)"
    );
    assert!(d.hint.as_deref().unwrap().contains("one line per SKU"));
    assert_eq!(diags.len(), 1, "{stderr}");
}

// 19. Links out of static/

/// A link in `static/` to a folder outside it, and one to `/`: one error at each link, and
/// neither is walked.
#[cfg(unix)]
#[test]
fn static_links_out_of_the_folder_are_one_error_each() {
    let outside = tempfile::tempdir().expect("temp folder");
    for i in 0..50 {
        fs::write(outside.path().join(format!("file-{i}.txt")), "x").unwrap();
    }
    let dir = shop_with(&[("products/bowl.md", GOOD_PRODUCT), ("static/ok.txt", "ok")]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("static/outside")).unwrap();
    std::os::unix::fs::symlink("/", dir.path().join("static/root")).unwrap();
    let started = std::time::Instant::now();
    let stderr = build_fails(dir.path());
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let diags = diagnostics(&stderr);
    for link in ["static/outside", "static/root"] {
        let d = at(&diags, &format!("{link}:1:1"), &stderr);
        assert_eq!(d.message, "this link points outside `static/`");
        assert!(d.hint.as_deref().unwrap().contains("copy what it links to"));
    }
    assert_eq!(diags.len(), 2, "{stderr}");
}

// 20. Links that hide characters or lead to another site

#[test]
fn stripe_link_with_a_line_break_inside() {
    expect_error(
        &[(
            "products/apron.md",
            &stripe_product("https://buy.stripe.com/x\\nA"),
        )],
        "products/apron.md:5:11",
        "bad stripe link: `https://buy.stripe.com/x\\nA` has a line break inside",
        &["one unbroken line"],
    );
}

#[test]
fn custom_link_with_a_space_inside() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nbuy:\n  custom:\n    - label: Pay\n      url: https://pay.example/x A\n---\n",
        )],
        "products/apron.md:7:12",
        "bad custom link: `https://pay.example/x A` has a space inside",
        &["without spaces"],
    );
}

/// `//host/x` is a link to another site, which docs/config.md does not allow in a menu.
#[test]
fn protocol_relative_menu_link() {
    expect_error(
        &[(
            "shop.yaml",
            "title: Test shop\nbase_url: https://example.com/\ncurrency: EUR\nmenu:\n  - label: Evil\n    url: //evil.example/x\n",
        )],
        "shop.yaml:6:10",
        "menu link `//evil.example/x` is neither a site path nor a web address",
        &["one `/` at the start"],
    );
}

// 21. Files named in shop.yaml that lie outside their folder, and hidden characters in
// e-mail addresses

/// `//tmp/x/share.jpg` is a site path with two slashes; joined onto the shop folder it
/// became the absolute path of a file outside the shop, which was "found" and published
/// as `https://example.com//tmp/x/share.jpg`.
#[cfg(unix)]
#[test]
fn share_image_with_two_slashes_is_not_a_file_outside_the_shop() {
    let outside = tempfile::tempdir().expect("temp folder");
    let secret = outside.path().join("share.jpg");
    fs::write(&secret, "private").unwrap();
    let value = format!("/{}", secret.display());
    expect_error(
        &[("shop.yaml", &format!("{SHOP_YAML}share_image: {value}\n"))],
        "shop.yaml:4:14",
        &format!("`{value}` is not a path inside `static/`"),
        &["one `/` at the start", "/wechat-group.png"],
    );
}

/// `static/qr.png` linking to a file outside `static/` is refused at the key that names it
/// (shop.yaml is checked before `static/` is walked, so that is the one error).
#[cfg(unix)]
#[test]
fn wechat_qr_linking_out_of_static_is_an_error_at_its_key() {
    expect_link_out_error(
        &[
            (
                "shop.yaml",
                &format!("{SHOP_YAML}contact:\n  wechat_qr: /qr.png\n"),
            ),
            ("products/bowl.md", GOOD_PRODUCT),
        ],
        "static/qr.png",
        "private",
        "shop.yaml:5:14",
        "`/qr.png` is a link to a file outside `static/`",
    );
}

/// A brand image is a path from the shop folder; a link from there to a file outside the
/// shop was read and (an SVG icon as it is) published.
#[cfg(unix)]
#[test]
fn brand_icon_linking_out_of_the_shop_is_an_error() {
    expect_link_out_error(
        &[
            (
                "shop.yaml",
                &format!("{SHOP_YAML}brand:\n  icon: brand/icon.svg\n"),
            ),
            ("products/bowl.md", GOOD_PRODUCT),
        ],
        "brand/icon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><!-- private --></svg>",
        "shop.yaml:5:9",
        "`brand/icon.svg` is a link to a file outside the shop folder",
    );
}

/// Builds a shop of `files` (beside the minimal shop.yaml, unless they hold one) in which
/// `link` is a symbolic link to a file holding `contents` outside the shop, and expects one
/// error, at `location`, saying `message`, with a hint to copy the file; nothing written.
#[cfg(unix)]
fn expect_link_out_error(
    files: &[(&str, &str)],
    link: &str,
    contents: &str,
    location: &str,
    message: &str,
) {
    let outside = tempfile::tempdir().expect("temp folder");
    let target = outside.path().join("secret");
    fs::write(&target, contents).unwrap();
    let dir = shop_with(files);
    let link = dir.path().join(link);
    fs::create_dir_all(link.parent().expect("a folder")).unwrap();
    std::os::unix::fs::symlink(&target, link).unwrap();
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, location, &stderr);
    assert_eq!(d.message, message, "{stderr}");
    assert!(
        d.hint.as_deref().unwrap().contains("copy the file"),
        "{stderr}"
    );
    assert_eq!(diags.len(), 1, "{stderr}");
    assert!(!dir.path().join("public").exists());
}

/// A control character (here BEL, `\a` in YAML) inside `contact.email` went into every
/// `mailto:` link.
#[test]
fn contact_email_with_a_control_character() {
    expect_error(
        &[(
            "shop.yaml",
            &format!("{SHOP_YAML}contact:\n  email: \"hello\\a@example.com\"\n"),
        )],
        "shop.yaml:5:10",
        "`hello\\u{7}@example.com` is not an email address: it has the invisible character U+0007 inside",
        &["one unbroken line", "hello@example.com"],
    );
}

/// The same rule for an order address in front matter, here with a zero-width space.
#[test]
fn order_email_with_a_zero_width_space() {
    expect_error(
        &[(
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nbuy:\n  email: \"orders\\u200B@example.com\"\n---\n",
        )],
        "products/apron.md:5:10",
        "`orders\\u{200b}@example.com` is not an email address: it has the invisible character U+200B inside",
        &["one unbroken line"],
    );
}

// One mistake, one error: a file that fails to load causes no errors elsewhere.

#[test]
fn a_bad_price_in_a_categorys_only_product_is_the_only_error() {
    let yaml = format!("{SHOP_YAML}brand:\n  featured: [mugs]\n");
    let dir = write_shop(&[
        ("shop.yaml", &yaml),
        (
            "products/mug.md",
            "---\ntitle: Mug\nprice: 12,50\nsku: MUG\ncategories: [Mugs]\n---\n",
        ),
        ("products/good.md", GOOD_PRODUCT),
        ("stock.csv", "MUG,3\n"),
        (
            "reviews.yaml",
            "- {product: mug, author: Ann, rating: 5, date: 2026-01-02, text: Lovely}\n",
        ),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/mug.md:3:8", &stderr);
    assert_eq!(
        d.message,
        "bad price: `12,50` uses `,` as the decimal point"
    );
    assert_eq!(diags.len(), 1, "one mistake, one error:\n{stderr}");
    // Fixed, the shop builds: the names the other files used were the mug's.
    fs::write(
        dir.path().join("products/mug.md"),
        "---\ntitle: Mug\nprice: 12.50\nsku: MUG\ncategories: [Mugs]\n---\n",
    )
    .unwrap();
    let (code, stderr) = common::run(&["build"], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_wrong_case_photo_is_not_also_missing_from_the_translation() {
    let yaml = format!("{SHOP_YAML}languages:\n  fr: {{title: Boutique}}\n");
    let dir = write_shop(&[
        ("shop.yaml", &yaml),
        (
            "products/mug/index.md",
            "---\ntitle: Mug\nprice: 12\nimages:\n  - {src: mug-on-wood.jpg, alt: A mug}\n---\n",
        ),
        ("products/mug/mug-on-wood.JPG", "not looked at"),
        (
            "products/mug/index.fr.md",
            "---\ntitle: Tasse\nalt:\n  mug-on-wood.jpg: Une tasse\n---\n",
        ),
    ]);
    let stderr = build_fails(dir.path());
    let diags = diagnostics(&stderr);
    let d = at(&diags, "products/mug/index.md:5:11", &stderr);
    assert!(
        d.message.contains("did you mean `mug-on-wood.JPG`?"),
        "{stderr}"
    );
    assert_eq!(diags.len(), 1, "one mistake, one error:\n{stderr}");
}

/// docs/config.md shows the unknown-key error of `shop.yaml`: it lists what the message
/// really lists.
#[test]
fn the_unknown_key_example_of_the_config_docs_is_what_shop_prints() {
    let docs =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.md")).unwrap();
    let (_, example) = docs.split_once("error: unknown field `colour`").unwrap();
    let example = example.split("```").next().unwrap();
    let dir = write_shop(&[("shop.yaml", &format!("{SHOP_YAML}colour: red\n"))]);
    let stderr = build_fails(dir.path());
    let printed = stderr
        .split_once("error: unknown field `colour`")
        .unwrap()
        .1;
    let printed = printed.split("\n\n").next().unwrap();
    assert_eq!(example.trim_end(), printed.trim_end());
}
