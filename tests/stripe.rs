//! `shop stripe sync` against the fake Stripe (tests/tools/fake-stripe.mjs), and the fake
//! itself under `node --test`.

mod common;

use std::path::Path;
use std::process::Command;

use common::stripe::FakeStripe;
use common::{has_program, skip_without, write_shop};

/// True when node is missing and the tests may skip (see `skip_without`).
fn skip_without_node() -> bool {
    skip_without(has_program("node"), "node")
}

#[test]
fn the_fake_stripe_passes_its_own_tests() {
    if skip_without_node() {
        return;
    }
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools");
    let output = Command::new("node")
        .arg("--test")
        .arg(tools.join("fake-stripe.test.mjs"))
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A test-mode key the tests pass as STRIPE_SECRET_KEY: no output may ever show it.
const KEY: &str = "sk_test_51ShopTestKeyDoNotPrint9";

const SHOP_YAML: (&str, &str) = (
    "shop.yaml",
    "title: T\nbase_url: https://t.example/\ncurrency: EUR\nprices_include_tax: true\nshipping:\n  - {countries: [PT], price: 4, days: 2-3}\n  - {countries: [ES, FR], price: 6.50}\n",
);

const MUG: (&str, &str) = (
    "products/mug.md",
    "---\ntitle: Mug\nprice: 28\nsku: MUG-1\nstock: 3\nbuy:\n  stripe: auto\n---\nA mug.\n",
);

const PRINT: (&str, &str) = (
    "products/print.md",
    "---\ntitle: Print\nprice: 40\noptions:\n  Size: [A4, A3]\nbuy: {stripe: auto}\nvariants:\n  - {options: {Size: A4}, sku: PRINT-A4}\n  - {options: {Size: A3}, sku: PRINT-A3, price: 60, buy: {stripe: auto}}\n---\nA print.\n",
);

/// What a run of `shop` printed and how it ended.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `shop ARGS` in `dir` against the fake with `key` (none when empty).
fn shop_with(fake: &FakeStripe, key: &str, args: &[&str], dir: &Path) -> Ran {
    let mut command = common::shop();
    command
        .args(args)
        .arg(dir)
        .env("SHOP_STRIPE_API", &fake.address)
        .env_remove("STRIPE_SECRET_KEY");
    if !key.is_empty() {
        command.env("STRIPE_SECRET_KEY", key);
    }
    let output = command.output().expect("shop runs");
    let ran = Ran {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for text in [&ran.stdout, &ran.stderr] {
        assert!(
            !text.contains(key) || key.is_empty(),
            "the key was printed:\n{text}"
        );
    }
    ran
}

fn sync(fake: &FakeStripe, dir: &Path) -> Ran {
    shop_with(fake, KEY, &["stripe", "sync"], dir)
}

fn sync_ok(fake: &FakeStripe, dir: &Path) -> Ran {
    let ran = sync(fake, dir);
    assert_eq!(ran.code, Some(0), "{}\n{}", ran.stdout, ran.stderr);
    ran
}

fn lock(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&common::read(&dir.join("stripe.lock"))).expect("stripe.lock is JSON")
}

/// The methods of the requests after the first `from`.
fn methods_since(fake: &FakeStripe, from: usize) -> Vec<String> {
    fake.requests()[from..]
        .iter()
        .map(|r| r["method"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_second_run_with_nothing_changed_only_reads() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = write_shop(&[SHOP_YAML, MUG]);
    let first = sync_ok(&fake, dir.path());
    assert!(
        first
            .stdout
            .contains("MUG-1: made its Stripe Payment Link https://buy.stripe.com/test_"),
        "{}",
        first.stdout
    );
    let entry = &lock(dir.path())["skus"]["MUG-1"];
    assert_eq!(entry["mode"], "test");
    assert_eq!(entry["amount"], 2800);
    assert_eq!(entry["currency"], "eur");
    // Every POST carried an idempotency key and the pinned version.
    let requests = fake.requests();
    for request in &requests {
        assert_eq!(request["stripe_version"], shop::stripe::STRIPE_VERSION);
        if request["method"] == "POST" {
            assert!(request["idempotency_key"].is_string(), "{request}");
        }
    }
    let price = &fake.objects("prices")[0];
    assert_eq!(price["unit_amount"], 2800);
    assert_eq!(price["tax_behavior"], "inclusive");
    assert_eq!(price["metadata"]["shop_sku"], "MUG-1");
    let link = &fake.objects("payment_links")[0];
    assert_eq!(link["metadata"]["shop_sku"], "MUG-1");
    assert_eq!(
        link["after_completion"]["redirect"]["url"],
        "https://t.example/thanks/?session_id={CHECKOUT_SESSION_ID}"
    );
    assert_eq!(
        link["shipping_address_collection"]["allowed_countries"],
        serde_json::json!(["ES", "FR", "PT"])
    );
    assert_eq!(link["shipping_options"].as_array().unwrap().len(), 2);
    assert_eq!(
        fake.objects("shipping_rates")[1]["fixed_amount"]["amount"],
        650
    );

    let before = requests.len();
    let second = sync_ok(&fake, dir.path());
    let methods = methods_since(&fake, before);
    assert!(!methods.is_empty());
    assert!(methods.iter().all(|m| m == "GET"), "{methods:?}");
    assert!(
        second
            .stdout
            .contains("0 SKUs made or changed, 1 already in step"),
        "{}",
        second.stdout
    );
}

/// `file` of the shop in `dir` with `from` replaced by `to`.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = common::read(&path);
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_changed_price_gets_a_new_price_and_link_and_the_old_link_is_deactivated() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = write_shop(&[SHOP_YAML, MUG]);
    sync_ok(&fake, dir.path());
    let old = lock(dir.path())["skus"]["MUG-1"].clone();
    edit(dir.path(), "products/mug.md", "price: 28", "price: 30");
    let ran = sync_ok(&fake, dir.path());
    let new = lock(dir.path())["skus"]["MUG-1"].clone();
    assert!(
        ran.stdout
            .contains("MUG-1: its price changed from 28.00 EUR to 30.00 EUR: new Payment Link"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains("is deactivated"), "{}", ran.stdout);
    assert_eq!(new["amount"], 3000);
    assert_eq!(new["product"], old["product"], "the product stays");
    assert_ne!(new["price"], old["price"]);
    assert_ne!(new["url"], old["url"]);
    assert_eq!(new["earlier"][0]["link"], old["link"]);
    assert_eq!(new["earlier"][0]["amount"], 2800);
    let links = fake.objects("payment_links");
    let old_link = links.iter().find(|l| l["id"] == old["link"]).unwrap();
    assert_eq!(old_link["active"], false);
    assert!(
        old_link["inactive_message"]
            .as_str()
            .unwrap()
            .contains("price has changed")
    );
    assert_eq!(fake.objects("products").len(), 1);
    assert_eq!(fake.objects("prices").len(), 2);
}

#[test]
fn each_variant_gets_its_own_link_and_a_variant_without_a_sku_is_an_error_at_its_line() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = write_shop(&[SHOP_YAML, PRINT]);
    sync_ok(&fake, dir.path());
    let skus = &lock(dir.path())["skus"];
    assert_eq!(skus["PRINT-A4"]["amount"], 4000);
    assert_eq!(skus["PRINT-A3"]["amount"], 6000);
    assert_ne!(skus["PRINT-A4"]["url"], skus["PRINT-A3"]["url"]);
    let names: Vec<String> = fake
        .objects("products")
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Print – A4", "Print – A3"]);

    edit(dir.path(), "products/print.md", "sku: PRINT-A3, ", "");
    let ran = sync(&fake, dir.path());
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.stderr
            .contains("variant `A3` has no `sku:`, which `stripe: auto` needs")
            && ran.stderr.contains("products/print.md:9:5"),
        "{}",
        ran.stderr
    );
}

#[test]
fn two_skus_that_reach_stripe_alike_are_an_error_naming_both_products() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let other = (
        "products/blue.md",
        "---\ntitle: Blue mug\nprice: 28\nsku: \"MUG__1_blue\"\nbuy: {stripe: auto}\n---\n",
    );
    let mug = (
        "products/mug.md",
        "---\ntitle: Mug\nprice: 28\nsku: \"MUG #1/blue\"\nbuy: {stripe: auto}\n---\n",
    );
    let dir = write_shop(&[SHOP_YAML, other, mug]);
    let ran = sync(&fake, dir.path());
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.stderr.contains(
            "SKU `MUG #1/blue` reaches Stripe as `MUG__1_blue`, like SKU `MUG__1_blue` of products/blue.md"
        ) && ran.stderr.contains("products/mug.md:4:6"),
        "{}",
        ran.stderr
    );
    assert!(
        fake.requests().is_empty(),
        "nothing is sent before the shop is right"
    );
}
