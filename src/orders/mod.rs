//! Orders from the basket: which variants can go in one ([`items`]), the order code that
//! ends the buyer's message ([`code`]), and [`quote`], which prices a code again from the
//! shop folder so nothing the buyer's browser sent can set a price.
//!
//! Below render (which writes the basket's price list from [`items`]) and above content
//! and config (the products, and the shipping rule this prices postage with).

pub mod code;

use std::collections::HashMap;

use crate::config::shipping::{self, Parcel};
use crate::config::{Config, ShippingRate};
use crate::content::{Kind, Product, Site, StockState, Variant};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::money::Money;
use code::{CodeError, Order};

/// The most units of one line when stock is not tracked (or a pre-order or backorder is
/// at 0).
pub const UNTRACKED_CAP: u32 = 99;

/// One thing a basket can hold: a product or one of its variants, with its own SKU.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// Its SKU, as the seller wrote it.
    pub sku: &'a str,
    /// The product.
    pub product: &'a Product,
    /// The variant, for products that have them.
    pub variant: Option<&'a Variant>,
    /// What one unit costs (the sale price when on sale).
    pub price: Money,
    /// The most units one order may hold; 0 when sold out.
    pub cap: u32,
}

impl Item<'_> {
    /// The variant's name, for products that have variants.
    pub fn variant_name(&self) -> Option<&str> {
        self.variant.map(|v| v.name.as_str())
    }

    /// How one unit ships in `zone`; `None` when the zone has no price for its profile.
    fn parcel(&self, zone: &ShippingRate, quantity: u32) -> Option<Parcel> {
        let postage = zone.postage(self.product.shipping_profile.as_deref())?;
        Some(Parcel {
            alone: postage.alone.minor,
            with_others: postage.with_others.minor,
            quantity,
            separately: self.product.ships_separately,
        })
    }
}

/// Whether `product` can go in a basket at all: shipped things (pre-orders and backorders
/// too) in the shop's currency. Subscriptions charge again and downloads deliver a file,
/// which a one-time order by message can do neither of.
pub fn can_go_in_basket(product: &Product, config: &Config) -> bool {
    product.kind == Kind::Physical && product.currency == config.currency
}

/// The most units of stock `stock` sold as `state`: the stock left, [`UNTRACKED_CAP`]
/// when not tracked or ordered ahead, 0 when sold out.
fn cap(state: StockState, stock: Option<u32>) -> u32 {
    match (state, stock) {
        (StockState::SoldOut, _) => 0,
        (StockState::InStock, Some(left)) => left.min(code::MAX_QUANTITY),
        (StockState::Preorder | StockState::Backorder, Some(left)) if left > 0 => {
            left.min(code::MAX_QUANTITY)
        }
        _ => UNTRACKED_CAP,
    }
}

/// Everything of the shop a basket can hold, in catalogue order (see [`product_items`]).
pub fn items(site: &Site) -> Vec<Item<'_>> {
    site.products
        .iter()
        .flat_map(|product| product_items(product, &site.config))
        .collect()
}

/// What of `product` a basket can hold: the product or each variant with a SKU, when it
/// [`can_go_in_basket`]; sold out ones too (with cap 0), so a basket can say a line sold
/// out rather than that it is gone.
pub fn product_items<'a>(product: &'a Product, config: &Config) -> Vec<Item<'a>> {
    if !can_go_in_basket(product, config) {
        return Vec::new();
    }
    if product.variants.is_empty() {
        let item = product
            .sku
            .as_deref()
            .zip(product.price)
            .map(|(sku, price)| Item {
                sku,
                product,
                variant: None,
                price,
                cap: cap(product.state(), product.stock),
            });
        return item.into_iter().collect();
    }
    product
        .variants
        .iter()
        .filter_map(|variant| {
            Some(Item {
                sku: variant.sku.as_deref()?,
                product,
                variant: Some(variant),
                price: variant.price,
                cap: cap(product.variant_state(variant), variant.stock),
            })
        })
        .collect()
}

/// One line of a quoted order.
#[derive(Debug, Clone)]
pub struct QuotedLine<'a> {
    /// What is ordered.
    pub item: Item<'a>,
    /// How many.
    pub quantity: u32,
    /// Unit price times quantity.
    pub amount: Money,
}

/// An order priced from the shop folder.
#[derive(Debug, Clone)]
pub struct Quote<'a> {
    /// Its lines, in the code's order.
    pub lines: Vec<QuotedLine<'a>>,
    /// Where it ships.
    pub country: String,
    /// The lines' amounts added up.
    pub subtotal: Money,
    /// By [`shipping::postage`].
    pub postage: Money,
    /// Subtotal and postage.
    pub total: Money,
    /// False when the code was made with other prices or postage than the shop's now.
    pub fingerprint_matches: bool,
}

/// Why an order code cannot be quoted; every problem of a code is listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// The text is not a good code.
    #[error("{0}")]
    Code(#[from] CodeError),
    /// No item of the shop has this SKU code.
    #[error("line {line}: no product of this shop has a SKU whose code is `{code}`")]
    UnknownSku {
        /// 1-based.
        line: usize,
        /// The SKU's code in the order code.
        code: String,
    },
    /// More than the stock left.
    #[error("line {line}: {quantity} × {sku} asked, but only {cap} left")]
    AboveStock {
        /// 1-based.
        line: usize,
        /// The SKU.
        sku: String,
        /// Units asked.
        quantity: u32,
        /// Units left.
        cap: u32,
    },
    /// A line of no units.
    #[error("line {line}: a quantity of 0")]
    NoUnits {
        /// 1-based.
        line: usize,
    },
    /// No zone ships there.
    #[error(
        "the shop does not ship to `{0}`: no zone of `shipping:` lists it and none is `everywhere_else`"
    )]
    NotShipped(String),
}

impl QuoteError {
    /// What the seller can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            QuoteError::Code(CodeError::Missing) => {
                "paste the code, or the buyer's whole message, in quotes"
            }
            QuoteError::Code(_) => {
                "copy the code again from the buyer's message; if it still fails, ask the buyer to send the message again"
            }
            QuoteError::UnknownSku { .. } => {
                "the product was removed or its SKU changed since the buyer made the order: ask the buyer what they meant"
            }
            QuoteError::AboveStock { .. } | QuoteError::NoUnits { .. } => {
                "the code was edited, or stock sold since: offer the buyer what is left"
            }
            QuoteError::NotShipped(_) => {
                "add the country to a zone of `shipping:`, or tell the buyer you do not ship there"
            }
        }
    }
}

/// Prices the order a code (or a pasted message holding one) carries, from `items` (the
/// shop's [`items`]) and `config`'s shipping; every problem at once.
pub fn quote<'a>(
    text: &str,
    items: &[Item<'a>],
    config: &Config,
) -> Result<Quote<'a>, Vec<QuoteError>> {
    let order = code::decode(text).map_err(|err| vec![QuoteError::from(err)])?;
    let by_code: HashMap<String, &Item> = items
        .iter()
        .map(|item| (code::sku_code(item.sku), item))
        .collect();
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    for (i, (sku_code, quantity)) in order.lines.iter().enumerate() {
        let line = i + 1;
        match by_code.get(sku_code) {
            None => errors.push(QuoteError::UnknownSku {
                line,
                code: sku_code.clone(),
            }),
            Some(_) if *quantity == 0 => errors.push(QuoteError::NoUnits { line }),
            Some(item) if *quantity > item.cap => errors.push(QuoteError::AboveStock {
                line,
                sku: item.sku.to_owned(),
                quantity: *quantity,
                cap: item.cap,
            }),
            Some(item) => lines.push(QuotedLine {
                item: **item,
                quantity: *quantity,
                amount: Money {
                    minor: item.price.minor.saturating_mul(i64::from(*quantity)),
                    currency: item.price.currency,
                },
            }),
        }
    }
    let zone = shipping::zone_for(&config.shipping, &order.country);
    if zone.is_none() {
        errors.push(QuoteError::NotShipped(order.country.clone()));
    }
    match zone {
        Some(zone) if errors.is_empty() => Ok(priced(&order, lines, zone, config)),
        _ => Err(errors),
    }
}

/// The subtotal, postage and total of `lines` shipped in `zone`.
fn priced<'a>(
    order: &Order,
    lines: Vec<QuotedLine<'a>>,
    zone: &ShippingRate,
    config: &Config,
) -> Quote<'a> {
    let money = |minor| Money {
        minor,
        currency: config.currency,
    };
    let units: Vec<(Item, u32)> = lines.iter().map(|l| (l.item, l.quantity)).collect();
    let (subtotal, postage, fingerprint) = totals(&units, zone, config);
    Quote {
        lines,
        country: order.country.clone(),
        subtotal: money(subtotal),
        postage: money(postage),
        total: money(subtotal.saturating_add(postage)),
        fingerprint_matches: fingerprint == order.fingerprint,
    }
}

/// The subtotal and postage of `lines` (items and quantities) shipped in `zone`, in minor
/// units, with their [`code::fingerprint`].
fn totals(lines: &[(Item, u32)], zone: &ShippingRate, config: &Config) -> (i64, i64, String) {
    let subtotal = lines
        .iter()
        .map(|(item, quantity)| item.price.minor.saturating_mul(i64::from(*quantity)))
        .fold(0, i64::saturating_add);
    let parcels: Vec<Parcel> = lines
        .iter()
        .filter_map(|(item, quantity)| item.parcel(zone, *quantity))
        .collect();
    let postage = shipping::postage(&parcels, subtotal, zone.free_over.map(|m| m.minor));
    let coded: Vec<(String, i64)> = lines
        .iter()
        .map(|(item, _)| (code::sku_code(item.sku), item.price.minor))
        .collect();
    let coded: Vec<(&str, i64)> = coded.iter().map(|(c, p)| (c.as_str(), *p)).collect();
    let fingerprint = code::fingerprint(config.currency.code(), &coded, postage);
    (subtotal, postage, fingerprint)
}

/// The code of a basket of `lines` (items and quantities) shipped to `country`, as the
/// basket script makes it; `None` when the shop does not ship there.
pub fn code_for(lines: &[(Item, u32)], country: &str, config: &Config) -> Option<String> {
    let zone = shipping::zone_for(&config.shipping, country)?;
    let (_, _, fingerprint) = totals(lines, zone, config);
    Some(code::encode(&Order {
        country: country.to_ascii_uppercase(),
        fingerprint,
        lines: lines
            .iter()
            .map(|(item, quantity)| (code::sku_code(item.sku), *quantity))
            .collect(),
    }))
}

impl Quote<'_> {
    /// The quote as the seller reads it in a terminal, amounts formatted for `language`:
    /// one row a line, then subtotal, postage and total.
    pub fn to_text(&self, language: &str) -> String {
        let format = |money| crate::money::format_money(money, language);
        let rows: Vec<(String, String, String)> = self
            .lines
            .iter()
            .map(|line| {
                let name = match line.item.variant_name() {
                    Some(variant) => format!("{}, {variant}", line.item.product.title),
                    None => line.item.product.title.clone(),
                };
                (
                    format!("{} × {name} ({})", line.quantity, line.item.sku),
                    format(line.item.price),
                    format(line.amount),
                )
            })
            .collect();
        let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        let mut text = format!("Order shipped to {}\n", self.country);
        for (what, each, amount) in &rows {
            let pad = width - what.chars().count();
            text.push_str(&format!("  {what}{:pad$}  {each:>12}  {amount:>12}\n", ""));
        }
        for (label, money) in [
            ("Subtotal", self.subtotal),
            ("Postage", self.postage),
            ("Total", self.total),
        ] {
            text.push_str(&format!("{label:<10}{:>12}\n", format(money)));
        }
        if !self.fingerprint_matches {
            text.push_str("\nNote: prices or postage changed since the buyer made this code. The amounts above are today's; the buyer's message shows the ones they saw.\n");
        }
        text
    }
}

/// Problems of the shop's SKUs that would make a basket's order code ambiguous (two SKUs
/// with the same 5-character code), when `basket:` is on.
pub fn check(site: &Site) -> Diagnostics {
    let mut found = Diagnostics::default();
    if !site.config.basket.is_on() {
        return found;
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    for item in items(site) {
        let code = code::sku_code(item.sku);
        match seen.get(&code) {
            Some(first) if *first != item.sku => {
                let key = sku_key(&item);
                let origin = &item.product.origin;
                found.push(
                    Diagnostic::error(
                        &item.product.file,
                        origin.positions.value(&key),
                        format!("the SKUs `{first}` and `{}` share the order code `{code}`", item.sku),
                    )
                    .with_hint("rename one of them (a letter more is enough): the basket's order codes tell SKUs apart by this code")
                    .with_source(&origin.source),
                );
            }
            _ => {
                seen.insert(code, item.sku);
            }
        }
    }
    found
}

/// `shop check` advice, when `basket:` is on, for each product that could go in a basket
/// but has no SKU (on it or on any variant) to carry in the order code.
pub fn advice(site: &Site) -> Diagnostics {
    let mut found = Diagnostics::default();
    if !site.config.basket.is_on() {
        return found;
    }
    let skus = |p: &Product| p.sku.is_some() || p.variants.iter().any(|v| v.sku.is_some());
    for product in site
        .products
        .iter()
        .filter(|p| can_go_in_basket(p, &site.config))
    {
        if !skus(product) {
            let origin = &product.origin;
            found.push(
                Diagnostic::advice(
                    &product.file,
                    origin.positions.value("title"),
                    "without a SKU, this product cannot go in the basket",
                )
                .with_hint("add `sku: YOUR-CODE` (on each variant, for products with variants); its own buttons still work without one")
                .with_source(&origin.source),
            );
        }
    }
    found
}

/// The front-matter key of an item's SKU.
fn sku_key(item: &Item) -> String {
    let variant = item.variant.and_then(|v| {
        let at = item
            .product
            .variants
            .iter()
            .position(|w| std::ptr::eq(w, v))?;
        Some(format!("variants.{at}.sku"))
    });
    variant.unwrap_or_else(|| "sku".to_owned())
}
