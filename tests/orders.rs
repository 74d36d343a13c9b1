//! `shop orders` against the fake Stripe (tests/tools/fake-stripe.mjs): sessions into the
//! ledger, stock out of `stock.csv`, Payment Links limited to what is left, and a run
//! stopped between any two writes finished by the next.

mod common;

use std::path::Path;

use common::stripe::{FakeStripe, Ran};
use common::{skip_without_node, write_shop};
use serde_json::Value;

/// A test-mode key the tests pass as STRIPE_SECRET_KEY.
const KEY: &str = "sk_test_51ShopOrdersKeyDoNotPrint7";

const SHOP_YAML: (&str, &str) = (
    "shop.yaml",
    "title: T\nbase_url: https://t.example/\ncurrency: EUR\nshipping:\n  - {countries: [PT], price: 4}\n",
);

/// A mug with 3 left (front matter, no stock.csv line), a print with a stock.csv line,
/// and a card whose stock is not tracked.
const MUG: (&str, &str) = (
    "products/mug.md",
    "---\ntitle: Mug\nprice: 28\nsku: MUG-1\nstock: 3\nbuy:\n  stripe: auto\n---\nA mug.\n",
);
const PRINT: (&str, &str) = (
    "products/print.md",
    "---\ntitle: Print\nprice: 40\nsku: PRINT-1\nstock: 9\nbuy: {stripe: auto}\n---\nA print.\n",
);
const CARD: (&str, &str) = (
    "products/card.md",
    "---\ntitle: Card\nprice: 4.50\nsku: CARD-1\nbuy: {stripe: auto}\n---\nA card.\n",
);
const STOCK: (&str, &str) = ("stock.csv", "sku,stock\r\nPRINT-1,5\r\n");

/// A shop with its Stripe objects made by `shop stripe sync`.
fn synced_shop(fake: &FakeStripe, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = write_shop(files);
    ok(fake.shop(KEY, &["stripe", "sync"], dir.path()));
    dir
}

fn ok(ran: Ran) -> Ran {
    assert_eq!(ran.code, Some(0), "{}\n{}", ran.stdout, ran.stderr);
    ran
}

fn orders_sync(fake: &FakeStripe, dir: &Path) -> Ran {
    ok(fake.shop(KEY, &["orders", "sync"], dir))
}

/// The Payment Link id of `sku` in the shop's stripe.lock.
fn link_of(dir: &Path, sku: &str) -> String {
    let lock: Value = serde_json::from_str(&common::read(&dir.join("stripe.lock"))).unwrap();
    lock["skus"][sku]["link"].as_str().unwrap().to_owned()
}

fn price_of(dir: &Path, sku: &str) -> String {
    let lock: Value = serde_json::from_str(&common::read(&dir.join("stripe.lock"))).unwrap();
    lock["skus"][sku]["price"].as_str().unwrap().to_owned()
}

fn link(fake: &FakeStripe, id: &str) -> Value {
    fake.objects("payment_links")
        .into_iter()
        .find(|l| l["id"] == id)
        .expect("the link")
}

/// The ledger's lines after the header, each split at its commas.
fn ledger(dir: &Path) -> Vec<Vec<String>> {
    common::read(&dir.join("orders/ledger.csv"))
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

/// POSTs a form to the fake's API with the test key.
fn stripe_post(fake: &FakeStripe, path: &str, form: &[(&str, &str)]) -> Value {
    let text = ureq::post(format!("{}{path}", fake.address))
        .header("Authorization", format!("Bearer {KEY}"))
        .send_form(form.iter().copied())
        .expect("the fake answers")
        .body_mut()
        .read_to_string()
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_sale_is_recorded_once_and_stock_and_the_links_limit_follow() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = synced_shop(&fake, &[SHOP_YAML, MUG, PRINT, CARD, STOCK]);
    let mug = link_of(dir.path(), "MUG-1");
    assert_eq!(fake.pay(&mug, 1, "paid")["status"], "complete");
    assert_eq!(
        fake.pay(&link_of(dir.path(), "CARD-1"), 2, "paid")["status"],
        "complete"
    );
    let first = orders_sync(&fake, dir.path());
    assert!(first.stdout.contains("2 new orders"), "{}", first.stdout);
    let rows = ledger(dir.path());
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[0][2..],
        [
            "stripe", "MUG-1", "1", "28.00", "4.00", "0.00", "EUR", "PT", ""
        ]
    );
    assert_eq!(rows[1][3..5], ["CARD-1", "2"]);
    let text = common::read(&dir.path().join("orders/ledger.csv"));
    for private in ["buyer@example.com", "A Buyer", "Rua Falsa", "cs_test_"] {
        assert!(!text.contains(private), "{private} in the ledger:\n{text}");
    }
    // The mug's line is added, the print's kept, the untracked card left alone.
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\r\nPRINT-1,5\r\nMUG-1,2\r\n"
    );
    // 1 session completed + 2 left.
    let limited = link(&fake, &mug);
    assert_eq!(limited["restrictions"]["completed_sessions"]["limit"], 3);
    assert_eq!(limited["active"], true);
    let print = link(&fake, &link_of(dir.path(), "PRINT-1"));
    assert_eq!(print["restrictions"]["completed_sessions"]["limit"], 5);
    assert!(link(&fake, &link_of(dir.path(), "CARD-1"))["restrictions"].is_null());

    let before = fake.requests().len();
    let again = orders_sync(&fake, dir.path());
    // Nothing new: one list of sessions and a look at each limited link, no change.
    let requests: Vec<String> = fake.requests()[before..]
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert_eq!(requests[0], "GET /v1/checkout/sessions");
    assert!(
        requests.iter().all(|r| r.starts_with("GET ")),
        "{requests:?}"
    );
    assert!(again.stdout.contains("0 new orders"), "{}", again.stdout);
    assert_eq!(ledger(dir.path()), rows);
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\r\nPRINT-1,5\r\nMUG-1,2\r\n"
    );
}

#[test]
fn a_basket_session_records_each_sku_and_unpaid_or_expired_ones_are_skipped() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = synced_shop(&fake, &[SHOP_YAML, MUG, PRINT, CARD, STOCK]);
    let price = price_of(dir.path(), "MUG-1");
    let basket = [
        ("line_items[0][price]", price.as_str()),
        ("line_items[0][quantity]", "2"),
        ("line_items[1][price_data][currency]", "eur"),
        ("line_items[1][price_data][unit_amount]", "4000"),
        ("line_items[1][price_data][product_data][name]", "Print"),
        (
            "line_items[1][price_data][product_data][metadata][sku]",
            "PRINT-1",
        ),
        ("line_items[1][quantity]", "1"),
        ("line_items[2][price_data][currency]", "eur"),
        ("line_items[2][price_data][unit_amount]", "450"),
        ("line_items[2][price_data][product_data][name]", "Card"),
        (
            "line_items[2][price_data][product_data][metadata][sku]",
            "CARD-1",
        ),
        ("line_items[2][quantity]", "3"),
        ("mode", "payment"),
    ];
    let paid = stripe_post(&fake, "/v1/checkout/sessions", &basket);
    fake.complete(paid["id"].as_str().unwrap(), "paid");
    let expired = stripe_post(&fake, "/v1/checkout/sessions", &basket);
    fake.expire(expired["id"].as_str().unwrap());
    stripe_post(&fake, "/v1/checkout/sessions", &basket);
    orders_sync(&fake, dir.path());
    let rows = ledger(dir.path());
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(
        rows.iter().all(|r| r[1] == rows[0][1]),
        "one order: {rows:?}"
    );
    let lines: Vec<_> = rows.iter().map(|r| r[3..6].to_vec()).collect();
    assert_eq!(
        lines,
        [
            ["MUG-1", "2", "56.00"],
            ["PRINT-1", "1", "40.00"],
            ["CARD-1", "3", "13.50"]
        ]
    );
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\r\nPRINT-1,4\r\nMUG-1,1\r\n"
    );
}

#[test]
fn a_delayed_payment_is_recorded_when_it_settles_and_a_failed_one_never() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = synced_shop(&fake, &[SHOP_YAML, MUG]);
    let mug = link_of(dir.path(), "MUG-1");
    let settles = fake.pay(&mug, 1, "pending");
    let fails = fake.pay(&mug, 1, "pending");
    let first = orders_sync(&fake, dir.path());
    assert!(
        first.stdout.contains("2 payments pending"),
        "{}",
        first.stdout
    );
    assert!(!dir.path().join("stock.csv").exists());
    assert!(ledger(dir.path()).is_empty());
    fake.settle(settles["id"].as_str().unwrap(), "paid");
    fake.settle(fails["id"].as_str().unwrap(), "failed");
    let second = orders_sync(&fake, dir.path());
    assert!(second.stdout.contains("1 new order "), "{}", second.stdout);
    assert!(
        second.stdout.contains("the payment failed"),
        "{}",
        second.stdout
    );
    assert!(
        second.stdout.contains("0 payments pending"),
        "{}",
        second.stdout
    );
    assert_eq!(ledger(dir.path()).len(), 1);
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\nMUG-1,2\n"
    );
    let state: Value =
        serde_json::from_str(&common::read(&dir.path().join("orders/ledger.state.json"))).unwrap();
    assert_eq!(state["pending"], serde_json::json!([]));
}

#[test]
fn two_buyers_of_the_last_piece_are_an_oversell_and_the_link_closes_until_stock_returns() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let one = (MUG.0, &*MUG.1.replace("stock: 3", "stock: 1"));
    let dir = synced_shop(&fake, &[SHOP_YAML, one]);
    let mug = link_of(dir.path(), "MUG-1");
    fake.pay(&mug, 1, "paid");
    fake.pay(&mug, 1, "paid");
    let ran = orders_sync(&fake, dir.path());
    assert!(ran.stdout.contains("OVERSOLD"), "{}", ran.stdout);
    assert!(
        ran.stderr.contains("warning: oversold: MUG-1"),
        "{}",
        ran.stderr
    );
    let rows = ledger(dir.path());
    assert_eq!(rows[0][10], "");
    assert_eq!(rows[1][10], "oversold");
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\nMUG-1,0\n"
    );
    let closed = link(&fake, &mug);
    assert_eq!(closed["active"], false);
    assert_eq!(closed["inactive_message"], "Mug is sold out.");
    assert_eq!(
        fake.pay(&mug, 1, "paid")["error"]["code"],
        "payment_link_inactive"
    );

    std::fs::write(dir.path().join("stock.csv"), "sku,stock\nMUG-1,2\n").unwrap();
    orders_sync(&fake, dir.path());
    let open = link(&fake, &mug);
    assert_eq!(open["active"], true);
    assert_eq!(open["restrictions"]["completed_sessions"]["limit"], 4);
    // Stripe itself stops a third buyer once both are sold, however late the next sync.
    fake.pay(&mug, 1, "paid");
    fake.pay(&mug, 1, "paid");
    assert_eq!(
        fake.pay(&mug, 1, "paid")["error"]["code"],
        "payment_link_inactive"
    );
}

#[test]
fn a_run_stopped_between_any_two_writes_is_finished_by_the_next() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let files = [SHOP_YAML, MUG, PRINT, CARD, STOCK];
    let reference = synced_shop(&fake, &files);
    let lock = common::read(&reference.path().join("stripe.lock"));
    fake.pay(&link_of(reference.path(), "MUG-1"), 1, "paid");
    fake.pay(&link_of(reference.path(), "PRINT-1"), 2, "paid");
    fake.pay(&link_of(reference.path(), "CARD-1"), 1, "pending");
    orders_sync(&fake, reference.path());
    let outcome = |dir: &Path| {
        ["orders/ledger.csv", "stock.csv", "orders/ledger.state.json"]
            .map(|f| common::read(&dir.join(f)))
    };
    let expected = outcome(reference.path());
    // 1: the journal, 2: the ledger, 3: stock.csv, 4: the state, 5: the journal's removal.
    for step in 1..=5 {
        let dir = write_shop(&files);
        std::fs::write(dir.path().join("stripe.lock"), &lock).unwrap();
        let stopped = fake.shop_env(
            KEY,
            &["orders", "sync"],
            dir.path(),
            &[(shop::sales::CRASH_VARIABLE, &step.to_string())],
        );
        assert_eq!(
            stopped.code,
            Some(shop::sales::CRASH_EXIT),
            "step {step}: {}",
            stopped.stderr
        );
        orders_sync(&fake, dir.path());
        assert_eq!(outcome(dir.path()), expected, "stopped before write {step}");
        assert!(!dir.path().join("orders/ledger.journal.json").exists());
    }
}

/// Runs `shop ARGS` (no Stripe needed): exit code, stdout, stderr.
fn shop_offline(args: &[&str]) -> (Option<i32>, String, String) {
    let output = common::shop().args(args).output().expect("shop runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_sale_made_elsewhere_goes_into_the_same_ledger_and_stock() {
    let dir = write_shop(&[SHOP_YAML, MUG, PRINT, CARD, STOCK]);
    let path = dir.path().to_str().unwrap();
    let (code, out, err) = shop_offline(&[
        "orders",
        "record",
        "MUG-1",
        "2",
        "--channel",
        "WeChat",
        "-C",
        path,
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("Recorded MUG-1 ×2 for 56.00 EUR (wechat)"),
        "{out}"
    );
    assert!(out.contains("1 left in stock.csv"), "{out}");
    let (code, _, err) = shop_offline(&[
        "orders",
        "record",
        "PRINT-1",
        "--channel",
        "cash",
        "--amount",
        "35",
        "-C",
        path,
    ]);
    assert_eq!(code, Some(0), "{err}");
    let rows = ledger(dir.path());
    assert_eq!(
        rows[0][2..10],
        ["wechat", "MUG-1", "2", "56.00", "0.00", "0.00", "EUR", ""]
    );
    assert!(rows[0][1].starts_with("hand-"));
    assert_eq!(rows[1][2..6], ["cash", "PRINT-1", "1", "35.00"]);
    assert_ne!(rows[0][1], rows[1][1]);
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\r\nPRINT-1,4\r\nMUG-1,1\r\n"
    );
    // Selling two when one is left is recorded, noted and said.
    let (code, out, _) = shop_offline(&["orders", "record", "MUG-1", "2", "-C", path]);
    assert_eq!(code, Some(0));
    assert!(out.contains("OVERSOLD"), "{out}");
    assert_eq!(ledger(dir.path())[2][10], "oversold");
    assert_eq!(ledger(dir.path())[2][2], "other");

    let (code, _, err) = shop_offline(&["orders", "record", "MUG-9", "-C", path]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("no product or variant has the SKU `MUG-9`"),
        "{err}"
    );
    let (code, _, err) =
        shop_offline(&["orders", "record", "MUG-1", "--amount", "lots", "-C", path]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--amount lots"), "{err}");
    let (code, _, _) = shop_offline(&["orders", "record", "MUG-1", "--channel", "a b", "-C", path]);
    assert_eq!(code, Some(2));
    assert_eq!(
        ledger(dir.path()).len(),
        3,
        "refused sales are not recorded"
    );
}

#[test]
fn a_basket_order_is_recorded_from_its_code_once_and_only_once() {
    let dir = write_shop(&[SHOP_YAML, MUG, PRINT, CARD, STOCK]);
    let path = dir.path().to_str().unwrap();
    let code = common::code_of(dir.path(), &[("MUG-1", 2), ("CARD-1", 3)], "PT");
    let message = format!("Hello,\n2 × Mug, 3 × Card\nTotal: €73.50\nOrder code: {code}\n");
    let (status, out, err) = shop_offline(&[
        "orders",
        "record",
        "--code",
        &message,
        "--channel",
        "wechat",
        "-C",
        path,
    ]);
    assert_eq!(status, Some(0), "{err}");
    assert!(
        out.contains("Recorded MUG-1 ×2 for 56.00 EUR (wechat) as code-"),
        "{out}"
    );
    assert!(out.contains("; 1 left in stock.csv"), "{out}");
    assert!(
        out.contains("Postage 4.00 EUR (on the order's first line), shipped to PT"),
        "{out}"
    );
    let rows = ledger(dir.path());
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0][2..11],
        [
            "wechat", "MUG-1", "2", "56.00", "4.00", "0.00", "EUR", "PT", ""
        ]
    );
    assert_eq!(
        rows[1][2..11],
        [
            "wechat", "CARD-1", "3", "13.50", "0.00", "0.00", "EUR", "PT", ""
        ]
    );
    assert!(rows[0][1].starts_with("code-"), "{:?}", rows[0]);
    assert_eq!(rows[0][1], rows[1][1], "one order, one reference");
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\r\nPRINT-1,5\r\nMUG-1,1\r\n"
    );

    // The same code, bare this time, is the same order: refused, nothing written.
    let ledger_before = common::read(&dir.path().join("orders/ledger.csv"));
    let (status, _, err) = shop_offline(&["orders", "record", "--code", &code, "-C", path]);
    assert_eq!(status, Some(1));
    assert!(
        err.contains(&format!("order {} is already in", rows[0][1])),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        common::read(&dir.path().join("orders/ledger.csv")),
        ledger_before
    );
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\r\nPRINT-1,5\r\nMUG-1,1\r\n"
    );
}

#[test]
fn a_code_quote_refuses_is_not_recorded_and_a_sku_beside_it_is_a_usage_error() {
    let dir = write_shop(&[SHOP_YAML, MUG, PRINT, CARD, STOCK]);
    let path = dir.path().to_str().unwrap();
    let good = common::code_of(dir.path(), &[("PRINT-1", 1)], "PT");
    let at = good.len() - 4;
    let changed = if &good[at..=at] == "A" { "B" } else { "A" };
    let tampered = format!("{}{changed}{}", &good[..at], &good[at + 1..]);
    let too_many = common::code_of(dir.path(), &[("MUG-1", 4)], "PT");
    for (code, problem) in [
        (
            tampered.as_str(),
            "error: the order code's check character does not match",
        ),
        (
            too_many.as_str(),
            "error: line 1: 4 × MUG-1 asked, but only 3 left",
        ),
    ] {
        let (status, _, err) = shop_offline(&["orders", "record", "--code", code, "-C", path]);
        assert_eq!(status, Some(1));
        assert!(err.contains(problem), "{err}");
        assert!(
            err.contains("this order code cannot be recorded (1 problem): nothing was written"),
            "{err}"
        );
    }
    let (status, _, _) = shop_offline(&["orders", "record", "MUG-1", "--code", &good, "-C", path]);
    assert_eq!(status, Some(2));
    let (status, _, _) = shop_offline(&["orders", "record", "-C", path]);
    assert_eq!(status, Some(2));
    assert!(!dir.path().join("orders").exists(), "no ledger was written");
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\r\nPRINT-1,5\r\n"
    );
}

/// A ledger around Wednesday 2026-12-09: two orders that day (one of two lines), one on
/// Monday, one earlier in the month in USD, one the month before, one the day after.
const FIXED_LEDGER: &str =
    "date,reference,channel,sku,quantity,amount,postage,discount,currency,country,note
2026-11-30T23:59:59Z,a,stripe,MUG-1,1,28.00,4.00,0.00,EUR,PT,
2026-12-01T00:00:00Z,b,stripe,PRINT-1,1,45.00,0.00,0.00,USD,US,
2026-12-07T08:00:00Z,c,cash,MUG-1,2,50.00,0.00,0.00,EUR,,
2026-12-09T09:00:00Z,d,stripe,MUG-1,1,28.00,4.00,0.00,EUR,PT,
2026-12-09T09:00:00Z,d,stripe,CARD-1,3,13.50,0.00,0.00,EUR,PT,
2026-12-09T20:00:00Z,e,wechat,PRINT-1,1,40.00,0.00,0.00,EUR,,
2026-12-10T00:00:01Z,f,stripe,MUG-1,5,140.00,0.00,0.00,EUR,PT,
";

#[test]
fn the_report_sums_up_a_fixed_ledger_by_day_week_and_month() {
    let dir = write_shop(&[
        SHOP_YAML,
        MUG,
        PRINT,
        CARD,
        ("stock.csv", "sku,stock\nPRINT-1,0\nMUG-1,2\n"),
        ("orders/ledger.csv", FIXED_LEDGER),
        (
            "orders/ledger.state.json",
            "{\"cursor\": 1, \"pending\": [\"cs_test_1\"]}\n",
        ),
    ]);
    let path = dir.path().to_str().unwrap();
    let (code, out, err) = shop_offline(&["orders", "report", "--date", "2026-12-09", "-C", path]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "Orders on 2026-12-09 (UTC)
  today       2 orders, 85.50 EUR
  this week   3 orders, 135.50 EUR
  this month  3 orders, 135.50 EUR
  this month  1 order, 45.00 USD
Best sellers this month: CARD-1 ×3, MUG-1 ×3, PRINT-1 ×2
Low stock (at or below 3): PRINT-1 0 left, MUG-1 2 left
Payments pending: 1
"
    );
    let (_, csv, _) = shop_offline(&[
        "orders",
        "report",
        "--date",
        "2026-12-09",
        "--csv",
        "-C",
        path,
    ]);
    assert!(
        csv.starts_with("section,period,key,value\norders,today,EUR,2\nrevenue,today,EUR,85.50\n"),
        "{csv}"
    );
    assert!(csv.contains("revenue,this month,USD,45.00\n"), "{csv}");
    assert!(csv.contains("best_seller,this month,MUG-1,3\n"), "{csv}");
    assert!(csv.ends_with("low_stock,,MUG-1,2\npending,,,1\n"), "{csv}");
}

#[test]
fn init_orders_adds_a_scheduled_workflow_beside_the_deploy_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let shop_dir = dir.path().join("s");
    let path = shop_dir.to_str().unwrap();
    let (code, out, err) =
        shop_offline(&["init", path, "--ci", "github", "--orders", "--every", "15"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains(".github/workflows/orders.yml"), "{out}");
    let text = common::read(&shop_dir.join(".github/workflows/orders.yml"));
    let yaml: Value = serde_yaml_ng::from_str(&text).unwrap();
    assert_eq!(yaml["on"]["schedule"][0]["cron"], "7,22,37,52 * * * *");
    assert_eq!(yaml["permissions"]["contents"], "write");
    let deploy: Value = serde_yaml_ng::from_str(&common::read(
        &shop_dir.join(".github/workflows/deploy.yml"),
    ))
    .unwrap();
    assert_eq!(yaml["concurrency"], deploy["concurrency"]);
    assert!(
        text.contains("STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}"),
        "{text}"
    );
    // Again: the deploy workflow is kept, the orders workflow never overwritten.
    let (code, _, err) = shop_offline(&["init", path, "--ci", "github", "--orders"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("orders.yml` already exists"), "{err}");
    std::fs::remove_file(shop_dir.join(".github/workflows/orders.yml")).unwrap();
    let (code, _, err) = shop_offline(&["init", path, "--ci", "github", "--orders"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(common::read(&shop_dir.join(".github/workflows/orders.yml")).contains("7,37 * * * *"));
    // An interval a schedule cannot keep writes nothing.
    let other = dir.path().join("t");
    let (code, _, err) = shop_offline(&[
        "init",
        other.to_str().unwrap(),
        "--ci",
        "github",
        "--orders",
        "--every",
        "45",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--every 45"), "{err}");
    assert!(!other.exists());
}

#[test]
fn a_backorder_is_never_switched_off_and_many_sessions_are_read_page_by_page() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let backorder = (
        MUG.0,
        &*MUG
            .1
            .replace("stock: 3", "stock: 1\navailability: backorder"),
    );
    let dir = synced_shop(&fake, &[SHOP_YAML, backorder, CARD]);
    let mug = link_of(dir.path(), "MUG-1");
    fake.pay(&mug, 1, "paid");
    fake.pay(&mug, 1, "paid");
    // More than one page of Stripe's list (100).
    let card = link_of(dir.path(), "CARD-1");
    for _ in 0..101 {
        fake.pay(&card, 1, "paid");
    }
    let ran = orders_sync(&fake, dir.path());
    assert!(ran.stdout.contains("103 new orders"), "{}", ran.stdout);
    assert!(!ran.stdout.contains("OVERSOLD"), "{}", ran.stdout);
    assert_eq!(ledger(dir.path()).len(), 103);
    assert_eq!(
        common::read(&dir.path().join("stock.csv")),
        "sku,stock\nMUG-1,0\n"
    );
    let open = link(&fake, &mug);
    assert_eq!(open["active"], true);
    assert!(open["restrictions"].is_null());
    assert_eq!(fake.pay(&mug, 1, "paid")["status"], "complete");
}

#[test]
fn a_key_that_may_not_read_checkout_sessions_is_told_which_permission_to_add() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    let dir = synced_shop(&fake, &[SHOP_YAML, MUG]);
    let restricted = "rk_test_51OrdersOnlyLinks";
    fake.restrict(restricted, &["rak_checkout_session_read"]);
    let ran = fake.shop(restricted, &["orders", "sync"], dir.path());
    assert_eq!(ran.code, Some(1));
    assert!(
        ran.stderr.contains("may not read Checkout Sessions")
            && ran.stderr.contains("“Checkout Sessions” to “Read”"),
        "{}",
        ran.stderr
    );
    assert!(!dir.path().join("orders/ledger.csv").exists());
}

#[test]
fn the_limit_follows_stripes_own_count_when_it_starts_with_the_limit() {
    if skip_without_node() {
        return;
    }
    let fake = FakeStripe::start();
    fake.count_since_limit();
    let dir = synced_shop(&fake, &[SHOP_YAML, MUG]);
    let mug = link_of(dir.path(), "MUG-1");
    fake.pay(&mug, 1, "paid");
    orders_sync(&fake, dir.path());
    // Stripe counts 0 sessions since the limit: 2 left means a limit of 2, not 1 + 2.
    let limited = link(&fake, &mug);
    assert_eq!(
        limited["restrictions"]["completed_sessions"],
        serde_json::json!({"count": 0, "limit": 2})
    );
    fake.pay(&mug, 1, "paid");
    fake.pay(&mug, 1, "paid");
    assert_eq!(
        fake.pay(&mug, 1, "paid")["error"]["code"],
        "payment_link_inactive"
    );
}
