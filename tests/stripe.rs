//! `shop stripe sync` against the fake Stripe (tests/tools/fake-stripe.mjs), and the fake
//! itself under `node --test`.

mod common;

use std::path::Path;

use common::stripe::{FakeStripe, Ran};
use common::{select, skip_without_node, write_shop};

#[test]
fn the_fake_stripe_passes_its_own_tests() {
    common::node_tests("fake-stripe.test.mjs", &[]);
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
    "---\ntitle: Print\nprice: 40\noptions:\n  Size: [A4, A3, A2]\nbuy: {stripe: auto}\nvariants:\n  - {options: {Size: A4}, sku: PRINT-A4}\n  - {options: {Size: A3}, sku: PRINT-A3, price: 60, buy: {stripe: auto}}\n  - {options: {Size: A2}, sku: PRINT-A2, price: 80}\n---\nA print.\n",
);

fn sync(fake: &FakeStripe, dir: &Path) -> Ran {
    fake.shop(KEY, &["stripe", "sync"], dir)
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
            .contains("0 SKUs made or changed, 1 SKU already in step"),
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

    // Back to the first price the same day: its link is active again, and Stripe agrees.
    edit(dir.path(), "products/mug.md", "price: 30", "price: 28");
    sync_ok(&fake, dir.path());
    let back = lock(dir.path())["skus"]["MUG-1"].clone();
    assert_eq!(back["link"], old["link"]);
    let earlier: Vec<&serde_json::Value> = back["earlier"].as_array().unwrap().iter().collect();
    assert_eq!(
        earlier.len(),
        1,
        "only the 30.00 link is earlier: {earlier:?}"
    );
    assert_eq!(earlier[0]["amount"], 3000);
    let checked = fake.shop(KEY, &["stripe", "sync", "--check"], dir.path());
    assert_eq!(checked.code, Some(0), "{}", checked.stderr);
    assert_eq!(fake.objects("prices").len(), 2);
}

#[test]
fn new_shipping_rates_change_the_link_in_place() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = write_shop(&[SHOP_YAML, MUG]);
    sync_ok(&fake, dir.path());
    let before = lock(dir.path())["skus"]["MUG-1"].clone();
    edit(
        dir.path(),
        "shop.yaml",
        "{countries: [PT], price: 4,",
        "{countries: [PT, DE], price: 5,",
    );
    let ran = sync_ok(&fake, dir.path());
    assert!(
        ran.stdout
            .contains("MUG-1: its Payment Link now ships as shop.yaml's `shipping:` says"),
        "{}",
        ran.stdout
    );
    assert_eq!(
        lock(dir.path())["skus"]["MUG-1"],
        before,
        "the same link, at the same address"
    );
    let link = &fake.objects("payment_links")[0];
    assert_eq!(fake.objects("payment_links").len(), 1);
    assert_eq!(
        link["shipping_address_collection"]["allowed_countries"],
        serde_json::json!(["DE", "ES", "FR", "PT"])
    );
    let amounts: Vec<i64> = link["shipping_options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["shipping_amount"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [500, 650]);
    let rates = lock(dir.path())["shipping_rates"]
        .as_object()
        .unwrap()
        .len();
    assert_eq!(rates, 2, "the lock keeps only the rates shop.yaml has now");
    let before = fake.requests().len();
    sync_ok(&fake, dir.path());
    assert!(methods_since(&fake, before).iter().all(|m| m == "GET"));
}

#[test]
fn downloads_and_subscriptions_get_no_address_and_no_shipping_rates() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let club = (
        "products/club.md",
        "---\ntitle: Print club\nprice: 15\nkind: subscription\ninterval: month\nsku: CLUB\nbuy: {stripe: auto}\n---\n",
    );
    let dir = write_shop(&[SHOP_YAML, club]);
    sync_ok(&fake, dir.path());
    assert!(fake.objects("shipping_rates").is_empty());
    let link = &fake.objects("payment_links")[0];
    assert_eq!(link["shipping_address_collection"], serde_json::Value::Null);
    assert_eq!(link["shipping_options"], serde_json::json!([]));
    let price = &fake.objects("prices")[0];
    assert_eq!(price["type"], "recurring");
    assert_eq!(price["recurring"]["interval"], "month");
}

/// What the Payment Link of `sku` charges for each of its shipping options.
fn shipping_amounts(fake: &FakeStripe, sku: &str) -> Vec<i64> {
    let links = fake.objects("payment_links");
    let link = links
        .iter()
        .find(|l| l["metadata"]["shop_sku"] == sku)
        .unwrap_or_else(|| panic!("no link for {sku}"));
    link["shipping_options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["shipping_amount"].as_i64().unwrap())
        .collect()
}

#[test]
fn a_link_offers_its_products_shipping_profile_free_over_the_zones_limit() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let shop_yaml = (
        "shop.yaml",
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\nshipping:\n  - {countries: [PT], alone: 4, with_others: 1, free_over: 50, profiles: {tube: {alone: 9, with_others: 3}}}\n  - {countries: [ES], alone: 6.50, profiles: {tube: {alone: 12}}}\n",
    );
    let poster = (
        "products/poster.md",
        "---\ntitle: Poster\nprice: 30\nsku: POSTER\nshipping_profile: tube\nbuy: {stripe: auto}\n---\n",
    );
    let big = (
        "products/big.md",
        "---\ntitle: Big poster\nprice: 60\nsku: BIG\nshipping_profile: tube\nbuy: {stripe: auto}\n---\n",
    );
    let dir = write_shop(&[shop_yaml, MUG, poster, big]);
    sync_ok(&fake, dir.path());
    assert_eq!(shipping_amounts(&fake, "MUG-1"), [400, 650]);
    assert_eq!(
        shipping_amounts(&fake, "POSTER"),
        [900, 1200],
        "tube's alone"
    );
    assert_eq!(
        shipping_amounts(&fake, "BIG"),
        [0, 1200],
        "60 reaches PT's 50"
    );
    let free = fake
        .objects("shipping_rates")
        .into_iter()
        .find(|r| r["fixed_amount"]["amount"] == 0)
        .expect("a free rate");
    assert_eq!(free["display_name"], "Free shipping to PT");
    assert_eq!(fake.objects("shipping_rates").len(), 5);
    let before = fake.requests().len();
    sync_ok(&fake, dir.path());
    let methods = methods_since(&fake, before);
    assert!(methods.iter().all(|m| m == "GET"), "{methods:?}");
}

#[test]
fn the_everywhere_else_zone_is_left_out_of_payment_links_and_the_seller_told() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let shop_yaml = (
        "shop.yaml",
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\nshipping:\n  - {countries: [PT], alone: 4}\n  - {everywhere_else: true, alone: 15}\n",
    );
    let dir = write_shop(&[shop_yaml, MUG]);
    let ran = sync_ok(&fake, dir.path());
    assert_eq!(
        ran.stdout
            .matches("the `everywhere_else: true` zone is left out of Payment Links")
            .count(),
        1,
        "{}",
        ran.stdout
    );
    let rates = fake.objects("shipping_rates");
    assert_eq!(rates.len(), 1, "{rates:?}");
    assert_eq!(rates[0]["display_name"], "Shipping to PT");
    let link = &fake.objects("payment_links")[0];
    assert_eq!(
        link["shipping_address_collection"]["allowed_countries"],
        serde_json::json!(["PT"])
    );
    assert_eq!(shipping_amounts(&fake, "MUG-1"), [400]);
}

#[test]
fn a_price_archived_in_the_dashboard_is_made_again() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = write_shop(&[SHOP_YAML, MUG]);
    sync_ok(&fake, dir.path());
    let old = lock(dir.path())["skus"]["MUG-1"].clone();
    let price = old["price"].as_str().unwrap();
    stripe_post(
        &fake,
        &format!("/v1/prices/{price}"),
        &[("active", "false")],
    );
    // The same request within a day is answered with the archived price: not reused.
    sync_ok(&fake, dir.path());
    let new = lock(dir.path())["skus"]["MUG-1"].clone();
    assert_ne!(new["price"], old["price"]);
    assert_ne!(new["link"], old["link"]);
    assert_eq!(new["amount"], 2800);
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

/// Calls the fake's API as a seller in the Dashboard would change things.
fn stripe_post(fake: &FakeStripe, path: &str, form: &[(&str, &str)]) {
    ureq::post(format!("{}{path}", fake.address))
        .header("Authorization", &format!("Bearer {KEY}"))
        .send_form(form.iter().copied())
        .expect("the fake answers");
}

#[test]
fn check_reports_each_disagreement_at_its_line_and_changes_nothing() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let cup = (
        "products/cup.md",
        "---\ntitle: Cup\nprice: 12\nsku: CUP-1\nstock: 2\nbuy: {stripe: auto}\n---\n",
    );
    let dir = write_shop(&[SHOP_YAML, MUG, cup]);
    sync_ok(&fake, dir.path());
    let checked = fake.shop(KEY, &["stripe", "sync", "--check"], dir.path());
    assert_eq!(checked.code, Some(0), "{}", checked.stderr);
    assert!(
        checked.stdout.contains("agrees with the shop on 2 SKUs"),
        "{}",
        checked.stdout
    );

    // The amount changed in the shop only; the cup's link was switched off in Stripe and
    // its lock entry points elsewhere; a new product has no entry yet.
    edit(dir.path(), "products/mug.md", "price: 28", "price: 30");
    let cup_link = lock(dir.path())["skus"]["CUP-1"]["link"]
        .as_str()
        .unwrap()
        .to_owned();
    stripe_post(
        &fake,
        &format!("/v1/payment_links/{cup_link}"),
        &[("active", "false")],
    );
    edit(
        dir.path(),
        "stripe.lock",
        "https://buy.stripe.com/test_",
        "https://buy.stripe.com/test_x",
    );
    std::fs::write(
        dir.path().join("products/bowl.md"),
        "---\ntitle: Bowl\nprice: 20\nsku: BOWL-1\nbuy:\n  stripe: auto\n---\n",
    )
    .unwrap();
    let before = fake.requests().len();
    let ran = fake.shop(KEY, &["stripe", "sync", "--check"], dir.path());
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    for (message, at) in [
        (
            "stripe.lock has no entry for SKU `BOWL-1`",
            "products/bowl.md:6:11",
        ),
        (
            "the page links SKU `CUP-1` to https://buy.stripe.com/test_x",
            "products/cup.md:6:15",
        ),
        (
            "the Payment Link of SKU `CUP-1` is inactive in Stripe, but the shop has it in stock",
            "products/cup.md:5:8",
        ),
        (
            "Stripe charges 28.00 EUR for SKU `MUG-1`",
            "products/mug.md:3:8",
        ),
    ] {
        let shown = ran
            .stderr
            .find(message)
            .unwrap_or_else(|| panic!("{message}:\n{}", ran.stderr));
        assert!(
            ran.stderr[shown..].contains(at),
            "{message} at {at}:\n{}",
            ran.stderr
        );
    }
    assert!(
        ran.stderr.contains("the shop says 30.00 EUR"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("found 4 problems"), "{}", ran.stderr);
    assert!(methods_since(&fake, before).iter().all(|m| m == "GET"));
}

#[test]
fn a_key_without_a_permission_is_told_which_to_add() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let restricted = "rk_test_51NarrowKeyForTests7";
    fake.restrict(restricted, &["rak_payment_link_write"]);
    let dir = write_shop(&[SHOP_YAML, MUG]);
    let ran = fake.shop(restricted, &["stripe", "sync"], dir.path());
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.stderr.contains("the key in STRIPE_SECRET_KEY may not change Payment Links (Stripe refused POST /v1/payment_links, needs `rak_payment_link_write`)")
            && ran.stderr.contains("set “Payment Links” to “Write”"),
        "{}",
        ran.stderr
    );
    // Reading is enough for --check.
    fake.restrict(restricted, &["rak_product_read"]);
    let ran = fake.shop(restricted, &["stripe", "sync", "--check"], dir.path());
    assert!(
        ran.stderr
            .contains("stripe.lock has no entry for SKU `MUG-1`"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_run_cut_off_half_way_is_finished_by_the_next_without_duplicates() {
    if skip_without_node() {
        return;
    }
    let cup = (
        "products/cup.md",
        "---\ntitle: Cup\nprice: 12\nsku: CUP-1\nbuy: {stripe: auto}\n---\n",
    );
    // Cut after every number of requests a full run makes, so each step is interrupted once.
    let full = {
        let fake = FakeStripe::start();
        let dir = write_shop(&[SHOP_YAML, MUG, cup, PRINT]);
        sync_ok(&fake, dir.path());
        fake.requests().len()
    };
    for cut in [3, full / 2, full - 2] {
        let fake = FakeStripe::start();
        let dir = write_shop(&[SHOP_YAML, MUG, cup, PRINT]);
        fake.stop_after(cut);
        let ran = sync(&fake, dir.path());
        assert_eq!(ran.code, Some(1), "cut after {cut}: {}", ran.stdout);
        assert!(
            ran.stderr.contains("could not reach Stripe at"),
            "{}",
            ran.stderr
        );
        fake.resume();
        sync_ok(&fake, dir.path());
        for (kind, count) in [
            ("products", 4),
            ("prices", 4),
            ("payment_links", 4),
            ("shipping_rates", 2),
        ] {
            assert_eq!(
                fake.objects(kind).len(),
                count,
                "{kind} after a cut at {cut}"
            );
        }
        assert_eq!(lock(dir.path())["skus"].as_object().unwrap().len(), 4);
        let before = fake.requests().len();
        sync_ok(&fake, dir.path());
        assert!(methods_since(&fake, before).iter().all(|m| m == "GET"));
    }
}

#[test]
fn stripe_errors_name_what_went_wrong_and_never_the_key() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = write_shop(&[SHOP_YAML, MUG]);
    let ran = fake.shop("", &["stripe", "sync"], dir.path());
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.stderr.contains("error: STRIPE_SECRET_KEY is not set"),
        "{}",
        ran.stderr
    );
    let ran = fake.shop("pk_test_51Publishable", &["stripe", "sync"], dir.path());
    assert!(
        ran.stderr.contains("does not hold a Stripe secret key"),
        "{}",
        ran.stderr
    );
    fake.fail(1, 400);
    let ran = sync(&fake, dir.path());
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.stderr.contains(
            "Stripe refused GET /v1/shipping_rates (HTTP 400): An unknown error occurred"
        ),
        "{}",
        ran.stderr
    );
    // A failure on Stripe's side is tried again, a POST with the same idempotency key.
    fake.fail(2, 503);
    let before = fake.requests().len();
    sync_ok(&fake, dir.path());
    let requests = fake.requests();
    let (failed, again) = (&requests[before + 1], &requests[before + 2]);
    assert_eq!(failed["status"], 503);
    assert_eq!(
        (&again["method"], &again["path"]),
        (&failed["method"], &failed["path"])
    );
    assert_eq!(failed["method"], "POST");
    assert_eq!(again["idempotency_key"], failed["idempotency_key"]);
    assert_eq!(again["status"], 200);
    assert!(!fake.requests().iter().any(|r| r.to_string().contains(KEY)));
    assert!(!common::read(&dir.path().join("stripe.lock")).contains(KEY));
    let out = dir.path().join("public");
    common::build(dir.path(), &out, &[]);
    for file in common::checks::html_files(&out) {
        assert!(!common::read(&file).contains(KEY), "{}", file.display());
    }
}

#[test]
fn the_build_links_stripe_auto_to_the_locks_payment_link() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let pasted = (
        "products/cup.md",
        "---\ntitle: Cup\nprice: 12\nsku: CUP-1\nbuy: {stripe: \"https://buy.stripe.com/cup\"}\n---\n",
    );
    let dir = write_shop(&[SHOP_YAML, MUG, PRINT, pasted]);
    let (code, stderr) = common::run(&["build"], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "`stripe: auto` has no Payment Link yet: stripe.lock has no entry for SKU `MUG-1`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("variant `A2` has its own price but no buy links of its own"),
        "a variant with its own price does not sell through the product's automatic link: {stderr}"
    );
    sync_ok(&fake, dir.path());
    let markdown = common::read(&dir.path().join("products/mug.md"));
    let (code, stderr) = common::run(&["build"], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("no Payment Link yet"), "{stderr}");
    assert_eq!(
        common::read(&dir.path().join("products/mug.md")),
        markdown,
        "never rewritten"
    );
    let skus = lock(dir.path())["skus"].clone();
    let url = |sku: &str| skus[sku]["url"].as_str().unwrap().to_owned();
    let page = |slug: &str| {
        common::read(
            &dir.path()
                .join(format!("public/products/{slug}/index.html")),
        )
    };
    assert_eq!(
        select(&page("mug"), ".buy-buttons a.button", "href"),
        [format!("{}?client_reference_id=MUG-1", url("MUG-1"))]
    );
    assert_eq!(
        select(&page("print"), ".variant a.button", "href"),
        [
            format!("{}?client_reference_id=PRINT-A4", url("PRINT-A4")),
            format!("{}?client_reference_id=PRINT-A3", url("PRINT-A3"))
        ]
    );
    assert_eq!(
        select(&page("cup"), ".buy-buttons a.button", "href"),
        ["https://buy.stripe.com/cup?client_reference_id=CUP-1"],
        "a pasted link keeps working"
    );
}

#[test]
fn test_mode_entries_fail_a_production_check_like_a_pasted_test_link() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = write_shop(&[SHOP_YAML, MUG]);
    sync_ok(&fake, dir.path());
    let (code, stderr) = common::run(&["check"], dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = common::run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("error: this Stripe link is in test mode: buyers cannot pay with it (stripe.lock, SKU `MUG-1`)")
            && stderr.contains("products/mug.md:7:11"),
        "{stderr}"
    );
}
