//! `shop orders record`: a sale made elsewhere (a WeChat transfer, a market stall, an order
//! by message, or a whole basket order from its order code) into the same ledger and stock
//! as Stripe's, written the same crash-safe way.

use std::path::Path;

use super::files::{Changes, Paths};
use super::ledger::{Ledger, Row};
use super::stock_file::Stock;
use super::{SalesError, crash_free_load};
use crate::content::Site;
use crate::money::{Money, parse_amount};

/// A sale as the seller types it.
#[derive(Debug, Clone)]
pub struct Sale {
    /// The SKU sold.
    pub sku: String,
    /// How many.
    pub quantity: u32,
    /// How it was paid: `wechat`, `cash`…
    pub channel: String,
    /// What the buyer paid, as written (`25`, `25.50`); the price times the quantity when
    /// not given.
    pub amount: Option<String>,
}

/// What was recorded.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The ledger line.
    pub row: Row,
    /// The items left, when stock is tracked.
    pub left: Option<u32>,
}

/// Adds `sale` to the ledger of the shop at `root` and takes it out of stock; `say` is told
/// of an oversell.
pub fn record(root: &Path, sale: &Sale, say: &mut dyn FnMut(&str)) -> Result<Recorded, SalesError> {
    let (site, paths) = crash_free_load(root, say)?;
    let Some(price) = price_of(&site, &sale.sku) else {
        return Err(SalesError::Sale(format!(
            "no product or variant has the SKU `{}`: write it as the product's `sku:` says",
            sale.sku
        )));
    };
    let amount = match &sale.amount {
        Some(text) => parse_amount(text, price.currency)
            .map_err(|err| SalesError::Sale(format!("--amount {text}: {err}; {}", err.hint())))?,
        None => Money {
            minor: price.minor * i64::from(sale.quantity),
            currency: price.currency,
        },
    };
    let zero = Money {
        minor: 0,
        currency: price.currency,
    };
    let now = crate::date::now_seconds();
    let row = Row {
        date: crate::date::utc_timestamp(now),
        reference: reference_of(sale, now),
        channel: sale.channel.clone(),
        sku: sale.sku.clone(),
        quantity: sale.quantity,
        amount: amount.decimal(),
        postage: zero.decimal(),
        discount: zero.decimal(),
        currency: price.currency.code().to_owned(),
        country: String::new(),
        note: String::new(),
    };
    let ledger = Ledger::read(&paths.ledger)?;
    let mut recorded = add_to_books(&site, &paths, ledger, vec![row], say)?;
    Ok(recorded.remove(0))
}

/// Adds the whole basket order that an order code (or the buyer's whole message holding
/// it) carries to the ledger of the shop at `root`, paid through `channel`, and takes it
/// out of stock; `say` is told of an oversell. It is priced again from the shop folder as
/// `shop orders quote` prices it (nothing in the code sets a price): one ledger line per
/// line of the order, all with one reference made from the code, the order's postage on
/// the first line (as `orders sync` records a basket session). A code already in the
/// ledger, or one `quote` refuses, writes nothing.
pub fn record_code(
    root: &Path,
    text: &str,
    channel: &str,
    say: &mut dyn FnMut(&str),
) -> Result<Vec<Recorded>, SalesError> {
    let (site, paths) = crash_free_load(root, say)?;
    let reference = code_reference(text)?;
    let ledger = Ledger::read(&paths.ledger)?;
    if ledger.references.contains(&reference) {
        return Err(SalesError::Sale(format!(
            "order {reference} is already in {}: this order code was recorded before, so nothing was written; if the buyer ordered the same again, record each SKU with `shop orders record SKU QTY`",
            paths.ledger.display()
        )));
    }
    let items = crate::orders::items(&site);
    let quote = crate::orders::quote(text, &items, &site.config).map_err(SalesError::Code)?;
    let date = crate::date::utc_timestamp(crate::date::now_seconds());
    let zero = Money {
        minor: 0,
        currency: quote.postage.currency,
    };
    let rows = quote
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| Row {
            date: date.clone(),
            reference: reference.clone(),
            channel: channel.to_owned(),
            sku: line.item.sku.to_owned(),
            quantity: line.quantity,
            amount: line.amount.decimal(),
            postage: if i == 0 { quote.postage } else { zero }.decimal(),
            discount: zero.decimal(),
            currency: line.amount.currency.code().to_owned(),
            country: quote.country.clone(),
            note: String::new(),
        })
        .collect();
    add_to_books(&site, &paths, ledger, rows, say)
}

/// Appends `rows` (one order, one reference) to `ledger` and takes them out of stock, in
/// one crash-safe write.
fn add_to_books(
    site: &Site,
    paths: &Paths,
    ledger: Ledger,
    mut rows: Vec<Row>,
    say: &mut dyn FnMut(&str),
) -> Result<Vec<Recorded>, SalesError> {
    let mut stock = Stock::of(site);
    for row in &mut rows {
        stock.sell(row, say, &mut Vec::new());
    }
    paths.write(&Changes {
        ledger: ledger.with(&rows),
        stock: stock.file_text(&paths.stock),
        state: paths.read_state()?,
    })?;
    let recorded = rows.into_iter().map(|row| {
        let left = stock.left(&row.sku).and_then(|(left, _)| left);
        Recorded { row, left }
    });
    Ok(recorded.collect())
}

/// The reference of the order a code carries: `code-` and a hash of the code itself (not
/// of the message around it), so the same order pasted again has the same reference.
fn code_reference(text: &str) -> Result<String, SalesError> {
    let order = crate::orders::code::decode(text)
        .map_err(|err| SalesError::Code(vec![crate::orders::QuoteError::from(err)]))?;
    let code = crate::orders::code::encode(&order);
    let hash = blake3::hash(code.as_bytes()).to_hex();
    Ok(format!("code-{}", &hash.as_str()[..12]))
}

/// One item's price of the product or variant with `sku` (a product without a price: 0).
fn price_of(site: &Site, sku: &str) -> Option<Money> {
    site.products.iter().find_map(|product| {
        let own = product.sku.as_deref() == Some(sku);
        let zero = Money {
            minor: 0,
            currency: product.currency,
        };
        own.then(|| product.price.unwrap_or(zero)).or_else(|| {
            product
                .variants
                .iter()
                .find(|v| v.sku.as_deref() == Some(sku))
                .map(|v| v.price)
        })
    })
}

/// A reference of its own for a sale recorded by hand: `hand-` and a hash of the moment,
/// the process and the sale.
fn reference_of(sale: &Sale, now: i64) -> String {
    let made_of = format!(
        "{now} {} {:?} {}",
        std::process::id(),
        std::time::SystemTime::now(),
        sale.sku
    );
    let hash = blake3::hash(made_of.as_bytes()).to_hex();
    format!("hand-{}", &hash.as_str()[..10])
}
