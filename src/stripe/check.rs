//! `shop stripe sync --check`: reads Stripe (GET only) and reports, at the line of the
//! shop's file, every SKU where Stripe and the shop disagree.

use std::path::Path;

use serde_json::Value;

use super::client::Client;
use super::sync::link_price;
use super::units::{Unit, shop_money, units};
use super::{StripeError, load_shop};
use crate::content::stripe_lock::{LOCK_FILE, LockEntry, Mode, StripeLock};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a check that found Stripe and the shop agreeing looked at.
#[derive(Debug, Clone, Copy)]
pub struct Checked {
    /// Test or live (from the key).
    pub mode: Mode,
    /// SKUs compared.
    pub skus: usize,
}

/// What `sync` would fix, as the seller is told it.
const SYNC_FIXES: &str =
    "run `shop stripe sync` to bring Stripe in step with the shop (docs/payments.md)";

/// Compares every SKU sold with `stripe: auto` with its Stripe objects; every
/// disagreement is an error at its line.
pub fn check(root: &Path) -> Result<Checked, StripeError> {
    let site = load_shop(root)?;
    let units = units(&site).map_err(StripeError::Invalid)?;
    let client = Client::from_env()?;
    let lock = StripeLock::read(root).map_err(StripeError::Invalid)?;
    let mut found = Diagnostics::default();
    for unit in &units {
        found.0.extend(disagreements(&client, &lock, unit)?);
    }
    if found.is_empty() {
        Ok(Checked {
            mode: client.mode(),
            skus: units.len(),
        })
    } else {
        found.sort();
        Err(StripeError::Invalid(found))
    }
}

/// Where one SKU's Stripe objects disagree with the shop.
fn disagreements(
    client: &Client,
    lock: &StripeLock,
    unit: &Unit,
) -> Result<Vec<Diagnostic>, StripeError> {
    let sku = &unit.sku;
    let Some(entry) = lock.skus.get(sku) else {
        return Ok(vec![unit.diagnostic(
            "buy.stripe",
            format!(
                "{LOCK_FILE} has no entry for SKU `{sku}`: Stripe has no Payment Link for it yet"
            ),
            SYNC_FIXES,
        )]);
    };
    if entry.mode != client.mode() {
        return Ok(vec![unit.diagnostic(
            "buy.stripe",
            format!(
                "{LOCK_FILE} holds a {}-mode Payment Link for SKU `{sku}`, and the key is a {}-mode key",
                entry.mode.as_str(),
                client.mode().as_str()
            ),
            "run `shop stripe sync` with this key to make its objects, or check with the key the lock was made with",
        )]);
    }
    let mut found = Vec::new();
    match client.find(&format!("/v1/prices/{}", entry.price))? {
        None => found.push(missing(unit, "price", &entry.price)),
        Some(price) => found.extend(price_disagreements(unit, entry, &price)),
    }
    match client.find(&format!("/v1/payment_links/{}", entry.link))? {
        None => found.push(missing(unit, "Payment Link", &entry.link)),
        Some(link) => found.extend(link_disagreements(client, unit, entry, &link)?),
    }
    Ok(found)
}

fn missing(unit: &Unit, what: &str, id: &str) -> Diagnostic {
    unit.diagnostic(
        "buy.stripe",
        format!(
            "Stripe has no {what} `{id}`, which {LOCK_FILE} names for SKU `{}`",
            unit.sku
        ),
        SYNC_FIXES,
    )
}

/// The price charges another amount or currency than the shop's files say.
fn price_disagreements(unit: &Unit, entry: &LockEntry, price: &Value) -> Vec<Diagnostic> {
    let sku = &unit.sku;
    let mut found = Vec::new();
    let currency = price["currency"].as_str().unwrap_or_default();
    if currency != unit.currency() {
        found.push(unit.diagnostic(
            "currency",
            format!(
                "Stripe charges SKU `{sku}` in {}, the shop in {}",
                currency.to_ascii_uppercase(),
                unit.price.currency.code()
            ),
            SYNC_FIXES,
        ));
        return found;
    }
    let amount = price["unit_amount"].as_i64().unwrap_or_default();
    if amount != unit.amount() {
        let charged = shop_money(amount, unit.price.currency);
        found.push(unit.diagnostic(
            "price",
            format!(
                "Stripe charges {} {code} for SKU `{sku}` (price `{}`), the shop says {} {code}",
                charged.decimal(),
                entry.price,
                unit.price.decimal(),
                code = unit.price.currency.code()
            ),
            SYNC_FIXES,
        ));
    }
    found
}

/// The link sends buyers elsewhere, charges another price, or is (in)active against the
/// shop's stock.
fn link_disagreements(
    client: &Client,
    unit: &Unit,
    entry: &LockEntry,
    link: &Value,
) -> Result<Vec<Diagnostic>, StripeError> {
    let sku = &unit.sku;
    let mut found = Vec::new();
    let url = link["url"].as_str().unwrap_or_default();
    if url != entry.url {
        found.push(unit.diagnostic(
            "buy.stripe",
            format!(
                "the page links SKU `{sku}` to {}, but Stripe's Payment Link `{}` is {url}",
                entry.url, entry.link
            ),
            SYNC_FIXES,
        ));
    }
    let charges = link_price(client, link)?;
    if charges.as_deref() != Some(entry.price.as_str()) {
        found.push(unit.diagnostic(
            "buy.stripe",
            format!(
                "the Payment Link of SKU `{sku}` charges price `{}`, not the shop's `{}`",
                charges.as_deref().unwrap_or("(none)"),
                entry.price
            ),
            SYNC_FIXES,
        ));
    }
    let active = link["active"] == Value::Bool(true);
    if !active && !unit.sold_out {
        found.push(unit.diagnostic(
            "stock",
            format!("the Payment Link of SKU `{sku}` is inactive in Stripe, but the shop has it in stock"),
            "run `shop stripe sync` to reactivate it, or set its stock to 0",
        ));
    }
    if active && unit.sold_out {
        found.push(unit.diagnostic(
            "stock",
            format!(
                "the Payment Link of SKU `{sku}` still takes payments, but the shop has it sold out"
            ),
            "run `shop stripe sync` to deactivate it",
        ));
    }
    Ok(found)
}
