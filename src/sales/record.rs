//! `shop orders record`: a sale made elsewhere (a WeChat transfer, a market stall, an order
//! by message) into the same ledger and stock as Stripe's, written the same crash-safe way.

use std::path::Path;

use super::files::Changes;
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
    let mut row = Row {
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
    let mut stock = Stock::of(&site);
    stock.sell(&mut row, say, &mut Vec::new());
    paths.write(&Changes {
        ledger: ledger.with(std::slice::from_ref(&row)),
        stock: stock.file_text(&paths.stock),
        state: paths.read_state()?,
    })?;
    let left = stock.left(&row.sku).and_then(|(left, _)| left);
    Ok(Recorded { row, left })
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
