//! `shop orders sync`: completed Checkout Sessions into the ledger, sales out of
//! `stock.csv`, and every Payment Link limited to what is left.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::SalesError;
use super::files::{Changes, SyncState};
use super::ledger::{Ledger, Row};
use super::stock_file::Stock;
use crate::content::buy::stripe_reference;
use crate::content::stripe_lock::{Mode, StripeLock};
use crate::content::{Availability, Site};
use crate::money::Currency;
use crate::stripe::StripeError;
use crate::stripe::client::{Client, Form};
use crate::stripe::units::{Unit, shop_money, units};

/// How far before the newest session seen the next run lists again: a session is listed
/// by its creation time, and one made before the last run may complete after it. A
/// Checkout Session expires at most 24 hours after it is made, so a day of overlap misses
/// none (a payment still pending after that is on the pending list).
const OVERLAP_SECONDS: i64 = 24 * 3600;

/// What a sync did, for its summary line.
#[derive(Debug)]
pub struct Synced {
    /// Test or live, from the key.
    pub mode: Mode,
    /// Orders added to the ledger.
    pub orders: usize,
    /// Ledger lines added.
    pub lines: usize,
    /// Sessions whose payment is still on its way.
    pub pending: usize,
    /// SKUs sold beyond their stock.
    pub oversold: Vec<String>,
    /// Payment Links changed.
    pub links: usize,
}

/// Reads Stripe's completed sessions into the shop at `root`; `say` is told what changes.
pub fn sync(root: &Path, say: &mut dyn FnMut(&str)) -> Result<Synced, SalesError> {
    let (site, paths) = super::crash_free_load(root, say)?;
    let lock = StripeLock::read(root).map_err(StripeError::Invalid)?;
    let client = Client::from_env()?;
    let state = paths.read_state()?;
    let ledger = Ledger::read(&paths.ledger)?;
    let mut stock = Stock::of(&site);
    let skus = SkuFinder::of(&site, &lock);
    let mut synced = Synced {
        mode: client.mode(),
        orders: 0,
        lines: 0,
        pending: 0,
        oversold: Vec::new(),
        links: 0,
    };
    let mut next = SyncState {
        cursor: state.cursor,
        pending: Vec::new(),
    };
    let mut rows = Vec::new();
    for session in sessions(&client, &state)? {
        next.cursor = next
            .cursor
            .max(session["created"].as_i64().unwrap_or_default());
        let id = session["id"].as_str().unwrap_or_default();
        let reference = reference_of(id);
        if ledger.references.contains(&reference) || next.pending.iter().any(|p| p == id) {
            continue;
        }
        match payment(&session) {
            Payment::Paid => {
                let lines = client.list(
                    &format!("/v1/checkout/sessions/{id}/line_items"),
                    &[("expand[]", "data.price.product")],
                )?;
                let mut order = order_rows(&session, &reference, &lines, &skus);
                for row in &mut order {
                    stock.sell(row, say, &mut synced.oversold);
                }
                synced.orders += 1;
                rows.extend(order);
            }
            Payment::Pending => next.pending.push(id.to_owned()),
            Payment::None => {
                if state.pending.iter().any(|p| p == id) {
                    say(&format!(
                        "order {reference}: the payment failed, so it is not recorded"
                    ));
                }
            }
        }
    }
    synced.lines = rows.len();
    synced.pending = next.pending.len();
    if !rows.is_empty() || next != state {
        let changes = Changes {
            ledger: ledger.with(&rows),
            stock: stock.file_text(&paths.stock),
            state: next,
        };
        paths.write(&changes)?;
    }
    synced.links = keep_links_in_step(&client, &site, &lock, &stock, say)?;
    Ok(synced)
}

/// The sessions to read: completed ones created since a little before the last run's
/// newest, and the ones whose payment was still on its way.
fn sessions(client: &Client, state: &SyncState) -> Result<Vec<Value>, StripeError> {
    let since = (state.cursor - OVERLAP_SECONDS).max(0).to_string();
    let mut found = client.list(
        "/v1/checkout/sessions",
        &[
            ("status", "complete"),
            ("created[gte]", &since),
            ("expand[]", "data.payment_intent"),
        ],
    )?;
    // Oldest first, so the ledger reads in order.
    found.reverse();
    for id in &state.pending {
        if !found.iter().any(|s| s["id"] == id.as_str()) {
            found.push(client.get(
                &format!("/v1/checkout/sessions/{id}"),
                &[("expand[]", "payment_intent")],
            )?);
        }
    }
    Ok(found)
}

/// Where a session's money is.
#[derive(Debug, PartialEq, Eq)]
enum Payment {
    /// Paid, or nothing to pay: a sale.
    Paid,
    /// Completed with a payment still on its way.
    Pending,
    /// Not paid: open, expired, or its payment failed.
    None,
}

fn payment(session: &Value) -> Payment {
    let complete = session["status"] == "complete";
    match session["payment_status"].as_str() {
        Some("paid" | "no_payment_required") if complete => Payment::Paid,
        Some("unpaid")
            if complete
                && matches!(
                    session["payment_intent"]["status"].as_str(),
                    Some("processing" | "requires_action")
                ) =>
        {
            Payment::Pending
        }
        _ => Payment::None,
    }
}

/// An order's short reference: the first 12 hex digits of a hash of the session id, so the
/// ledger neither shows Stripe's ids nor lets one be guessed, and the seller can still find
/// the order (its id is in Stripe, its hash the same every time).
fn reference_of(session: &str) -> String {
    let hash = blake3::hash(session.as_bytes()).to_hex();
    format!("st-{}", &hash.as_str()[..12])
}

/// The ledger lines of one paid session: one per line item, the postage on the first.
fn order_rows(session: &Value, reference: &str, lines: &[Value], skus: &SkuFinder) -> Vec<Row> {
    let date = crate::date::utc_timestamp(session["created"].as_i64().unwrap_or_default());
    let country = session["customer_details"]["address"]["country"]
        .as_str()
        .unwrap_or_default();
    let postage = session["shipping_cost"]["amount_total"]
        .as_i64()
        .unwrap_or_default();
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let currency = line["currency"].as_str().unwrap_or_default();
            let amount = |minor: i64| decimal(minor, currency);
            let sku = skus.sku_of(line, session);
            Row {
                date: date.clone(),
                reference: reference.to_owned(),
                channel: "stripe".to_owned(),
                note: if sku.is_none() { "no SKU" } else { "" }.to_owned(),
                sku: sku.unwrap_or_default(),
                quantity: u32::try_from(line["quantity"].as_u64().unwrap_or(1)).unwrap_or(1),
                amount: amount(line["amount_total"].as_i64().unwrap_or_default()),
                postage: amount(if i == 0 { postage } else { 0 }),
                discount: amount(line["amount_discount"].as_i64().unwrap_or_default()),
                currency: currency.to_ascii_uppercase(),
                country: country.to_owned(),
            }
        })
        .collect()
}

/// An amount Stripe gives in minor units, as the seller writes it: `28.00`.
fn decimal(minor: i64, currency: &str) -> String {
    match Currency::from_code(&currency.to_ascii_uppercase()) {
        Some(currency) => shop_money(minor, currency).decimal(),
        None => minor.to_string(),
    }
}

/// Which SKU a line item sold.
struct SkuFinder {
    /// Every price the lock names (current and earlier) and its SKU.
    prices: HashMap<String, String>,
    /// Every SKU by its `client_reference_id` form.
    references: HashMap<String, String>,
}

impl SkuFinder {
    fn of(site: &Site, lock: &StripeLock) -> SkuFinder {
        let mut prices = HashMap::new();
        for (sku, entry) in &lock.skus {
            prices.insert(entry.price.clone(), sku.clone());
            for earlier in &entry.earlier {
                prices.insert(earlier.price.clone(), sku.clone());
            }
        }
        let references = Stock::of(site)
            .items
            .into_keys()
            .map(|sku| (stripe_reference(&sku), sku))
            .collect();
        SkuFinder { prices, references }
    }

    /// The lock's price, else the `sku` (or `shop_sku`) metadata of the line's product or
    /// price (basket checkouts), else the session's `client_reference_id`.
    fn sku_of(&self, line: &Value, session: &Value) -> Option<String> {
        let price = &line["price"];
        let metadata = |object: &Value| {
            ["sku", "shop_sku"]
                .iter()
                .find_map(|key| object["metadata"][key].as_str().map(str::to_owned))
        };
        price["id"]
            .as_str()
            .and_then(|id| self.prices.get(id).cloned())
            .or_else(|| metadata(&price["product"]))
            .or_else(|| metadata(price))
            .or_else(|| {
                let reference = session["client_reference_id"].as_str()?;
                self.references.get(reference).cloned()
            })
    }
}

/// Makes each Payment Link sell no more than the stock left: inactive (with the sold-out
/// message) at 0, else active with its completed-sessions limit at the sessions completed
/// so far plus the stock left. Pre-orders, backorders and untracked stock are left alone.
/// The number of links changed.
fn keep_links_in_step(
    client: &Client,
    site: &Site,
    lock: &StripeLock,
    stock: &Stock,
    say: &mut dyn FnMut(&str),
) -> Result<usize, SalesError> {
    let units = units(site).map_err(StripeError::Invalid)?;
    let mut changed = 0;
    for unit in &units {
        let Some(entry) = lock.skus.get(&unit.sku).filter(|e| e.mode == client.mode()) else {
            continue;
        };
        let Some((Some(left), Availability::InStock)) = stock.left(&unit.sku) else {
            continue;
        };
        let path = format!("/v1/payment_links/{}", entry.link);
        let link = client.get(&path, &[])?;
        if let Some(form) = link_form(client, unit, &link, left)? {
            let updated = client.update(&path, &form)?;
            // The count Stripe answers with is the one its limit is checked against: when
            // it is not the one the limit was made from, the limit is made again from it.
            if let Some(form) = link_form(client, unit, &updated, left)? {
                client.update(&path, &form)?;
            }
            changed += 1;
            say(&match left {
                0 => format!(
                    "{}: sold out, so its Payment Link is now inactive",
                    unit.sku
                ),
                _ => format!(
                    "{}: {left} left, so its Payment Link takes {} more orders",
                    unit.sku, left
                ),
            });
        }
    }
    Ok(changed)
}

/// What to change on `link` for `left` items left; `None` when it is in step.
fn link_form(
    client: &Client,
    unit: &Unit,
    link: &Value,
    left: u32,
) -> Result<Option<Form>, StripeError> {
    let active = link["active"] == Value::Bool(true);
    if left == 0 {
        return Ok(active.then(|| {
            vec![
                ("active".to_owned(), "false".to_owned()),
                ("inactive_message".to_owned(), unit.sold_out_message()),
            ]
        }));
    }
    let limit = completed_sessions(client, link)? + u64::from(left);
    let current = link["restrictions"]["completed_sessions"]["limit"].as_u64();
    Ok((!active || current != Some(limit)).then(|| {
        vec![
            ("active".to_owned(), "true".to_owned()),
            (
                "restrictions[completed_sessions][limit]".to_owned(),
                limit.to_string(),
            ),
        ]
    }))
}

/// How many sessions completed on `link`: Stripe's count once the link has a limit, else
/// counted from the link's completed sessions (once, the first time).
fn completed_sessions(client: &Client, link: &Value) -> Result<u64, StripeError> {
    if let Some(count) = link["restrictions"]["completed_sessions"]["count"].as_u64() {
        return Ok(count);
    }
    let id = link["id"].as_str().unwrap_or_default();
    let sessions = client.list(
        "/v1/checkout/sessions",
        &[("payment_link", id), ("status", "complete")],
    )?;
    Ok(sessions.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paid_sessions_are_sales_and_processing_ones_wait() {
        let session = |status: &str, paid: &str, intent: &str| serde_json::json!({"status": status, "payment_status": paid, "payment_intent": {"status": intent}});
        assert_eq!(
            payment(&session("complete", "paid", "succeeded")),
            Payment::Paid
        );
        assert_eq!(
            payment(&session("complete", "no_payment_required", "")),
            Payment::Paid
        );
        assert_eq!(
            payment(&session("complete", "unpaid", "processing")),
            Payment::Pending
        );
        assert_eq!(
            payment(&session("complete", "unpaid", "requires_payment_method")),
            Payment::None
        );
        assert_eq!(payment(&session("expired", "unpaid", "")), Payment::None);
        assert_eq!(payment(&session("open", "paid", "")), Payment::None);
    }

    #[test]
    fn references_are_short_and_stable() {
        assert_eq!(reference_of("cs_test_a1"), reference_of("cs_test_a1"));
        assert_ne!(reference_of("cs_test_a1"), reference_of("cs_test_a2"));
        assert_eq!(reference_of("cs_test_a1").len(), 15);
    }
}
