//! What the shop sells through Stripe: one unit per product (or per variant) with
//! `stripe: auto`, with everything its Stripe objects are made from, and where in its file
//! each of those things is written, for diagnostics.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::buy::stripe_reference;
use crate::content::{Interval, Kind, Product, Site, StockState};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::money::Money;

/// One thing sold through its own Payment Link.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Its SKU: the key of everything in Stripe and `stripe.lock`.
    pub sku: String,
    /// The Stripe product's name: the title, and the variant's name.
    pub name: String,
    /// What one costs.
    pub price: Money,
    /// Charged again every interval (subscriptions).
    pub interval: Option<Interval>,
    /// Shipped: the link asks for an address and offers the shop's rates.
    pub shipped: bool,
    /// Nothing left to sell: the link is inactive.
    pub sold_out: bool,
    /// The product it belongs to.
    pub product: Arc<Product>,
    /// Its variant's index, if it is a variant.
    pub variant: Option<usize>,
}

impl Unit {
    /// The amount in Stripe's minor units.
    pub fn amount(&self) -> i64 {
        stripe_amount(self.price)
    }

    /// The currency as Stripe writes it: `eur`.
    pub fn currency(&self) -> String {
        self.price.currency.code().to_ascii_lowercase()
    }

    /// Where the key `key` of the unit's own part of the file is (`price`, `stock`,
    /// `buy.stripe`): the variant's when it writes one, else the product's, else where
    /// `stripe: auto` is.
    pub fn position(&self, key: &str) -> Position {
        self.find(key)
            .or_else(|| self.find("buy.stripe"))
            .unwrap_or(Position::START)
    }

    fn find(&self, key: &str) -> Option<Position> {
        let positions = &self.product.origin.positions;
        self.variant
            .and_then(|i| positions.find(&format!("variants.{i}.{key}")))
            .or_else(|| positions.find(key))
    }

    /// An error at `key` of the unit's file, with its source line.
    pub fn diagnostic(&self, key: &str, message: String, hint: &str) -> Diagnostic {
        Diagnostic::error(&self.product.file, self.position(key), message)
            .with_hint(hint)
            .with_source(&self.product.origin.source)
    }

    /// The product's file.
    pub fn file(&self) -> &PathBuf {
        &self.product.file
    }

    /// What its Payment Link tells buyers while it is sold out.
    pub fn sold_out_message(&self) -> String {
        format!("{} is sold out.", self.name)
    }
}

/// Currencies ISO 4217 gives no minor unit that Stripe takes as if they had two digits
/// (amounts ending in 00).
const TWO_DIGITS_AT_STRIPE: [&str; 2] = ["ISK", "UGX"];

/// An amount in Stripe's minor units.
pub(super) fn stripe_amount(money: Money) -> i64 {
    if TWO_DIGITS_AT_STRIPE.contains(&money.currency.code()) {
        money.minor * 100
    } else {
        money.minor
    }
}

/// An amount Stripe gives in `currency`, in the shop's minor units.
pub(crate) fn shop_money(amount: i64, currency: crate::money::Currency) -> Money {
    let minor = if TWO_DIGITS_AT_STRIPE.contains(&currency.code()) {
        amount / 100
    } else {
        amount
    };
    Money { minor, currency }
}

/// Every unit of the shop, in catalogue order; two SKUs that reach Stripe as the same
/// `client_reference_id` are an error naming both products.
pub(crate) fn units(site: &Site) -> Result<Vec<Unit>, Diagnostics> {
    let mut units = Vec::new();
    for product in &site.products {
        if product.variants.is_empty() {
            if product.buy.stripe_auto
                && let Some(sku) = &product.sku
            {
                let sold_out = product.state() == StockState::SoldOut;
                units.push(unit(product, None, sku, product.price, sold_out));
            }
            continue;
        }
        for (i, variant) in product.variants.iter().enumerate() {
            if variant.buy.stripe_auto
                && let Some(sku) = &variant.sku
            {
                let sold_out = product.variant_state(variant) == StockState::SoldOut;
                units.push(unit(product, Some(i), sku, Some(variant.price), sold_out));
            }
        }
    }
    let clashes = clashing_references(&units);
    if clashes.is_empty() {
        Ok(units)
    } else {
        Err(clashes)
    }
}

fn unit(
    product: &Arc<Product>,
    variant: Option<usize>,
    sku: &str,
    price: Option<Money>,
    sold_out: bool,
) -> Unit {
    let name = match variant {
        Some(i) => format!("{} – {}", product.title, product.variants[i].name),
        None => product.title.clone(),
    };
    Unit {
        sku: sku.to_owned(),
        name,
        // A product without a price is an error of the loader, never here.
        price: price.unwrap_or(Money {
            minor: 0,
            currency: product.currency,
        }),
        interval: product.interval,
        shipped: product.kind == Kind::Physical,
        sold_out,
        product: Arc::clone(product),
        variant,
    }
}

/// Two SKUs Stripe would record as the same `client_reference_id`.
fn clashing_references(units: &[Unit]) -> Diagnostics {
    let mut first: HashMap<String, &Unit> = HashMap::new();
    let mut found = Diagnostics::default();
    for unit in units {
        let reference = stripe_reference(&unit.sku);
        match first.get(&reference) {
            Some(other) => found.push(unit.diagnostic(
                "sku",
                format!(
                    "SKU `{}` reaches Stripe as `{reference}`, like SKU `{}` of {}: Stripe could not tell their sales apart",
                    unit.sku,
                    other.sku,
                    other.file().display()
                ),
                "Stripe keeps only letters, digits, `-` and `_` of a SKU (others become `_`): change one of the two so that they differ in those",
            )),
            None => {
                first.insert(reference, unit);
            }
        }
    }
    found
}

/// The shop's settings every Payment Link shares.
#[derive(Debug, Clone)]
pub(super) struct LinkSettings {
    /// The thanks page, with Stripe's placeholder for the session.
    pub redirect: String,
    /// Where the shop ships (ISO codes), from `shipping:`.
    pub countries: Vec<String>,
    /// `inclusive` or `exclusive`, from `prices_include_tax`.
    pub tax_behavior: &'static str,
}

impl LinkSettings {
    /// From `shop.yaml`.
    pub fn of(config: &Config) -> LinkSettings {
        let thanks = crate::views::urls::Urls::new(config).permalink("/thanks/");
        let mut countries: Vec<String> = config
            .shipping
            .iter()
            .flat_map(|rate| rate.countries.iter().cloned())
            .collect();
        countries.sort();
        countries.dedup();
        LinkSettings {
            redirect: format!("{thanks}?session_id={{CHECKOUT_SESSION_ID}}"),
            countries,
            tax_behavior: if config.prices_include_tax {
                "inclusive"
            } else {
                "exclusive"
            },
        }
    }
}
