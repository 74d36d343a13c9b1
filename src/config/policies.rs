//! Shipping rates and the returns policy (`shipping:` and `returns:` in `shop.yaml`): what
//! search results and Google Shopping show beside a price, written once for every product.

use serde::Deserialize;

use crate::content::front_matter::Positions;
use crate::content::money::{self, Currency, Money};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// `shipping:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShippingRate {
    countries: Vec<String>,
    price: serde_yaml_ng::Value,
    days: Option<serde_yaml_ng::Value>,
}

/// `returns:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReturns {
    days: u32,
    #[serde(default)]
    free: bool,
    #[serde(default)]
    countries: Vec<String>,
}

/// What shipping to some countries costs and takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingRate {
    /// ISO 3166-1 alpha-2 codes, upper case.
    pub countries: Vec<String>,
    /// In the shop's currency; zero for free shipping.
    pub price: Money,
    /// Delivery time in days, fewest and most.
    pub days: Option<(u32, u32)>,
}

/// How buyers may send things back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returns {
    /// Days to return an item; 0 means no returns.
    pub days: u32,
    /// True when the shop pays for the return.
    pub free: bool,
    /// Where the policy applies (ISO 3166-1 alpha-2); where the shop ships when empty.
    pub countries: Vec<String>,
}

/// Checks the codes, prices and delivery times, each error at its key.
pub(super) fn check(
    shipping: &[RawShippingRate],
    returns: Option<&RawReturns>,
    currency: Option<Currency>,
    positions: &Positions,
    diagnostics: &mut Diagnostics,
    at: &impl Fn(&str, String) -> Diagnostic,
) -> (Vec<ShippingRate>, Option<Returns>) {
    let mut rates = Vec::new();
    for (i, raw) in shipping.iter().enumerate() {
        let key = |k: &str| format!("shipping.{i}.{k}");
        let countries = check_countries(&raw.countries, &key("countries"), diagnostics, at);
        // The text as written, so `4.50` is read exactly and never through a float.
        let text = match raw.price {
            serde_yaml_ng::Value::Number(_) | serde_yaml_ng::Value::String(_) => {
                positions.scalar(&key("price")).unwrap_or_default()
            }
            _ => "",
        };
        let price = currency.and_then(|currency| match money::parse_amount(text, currency) {
            Ok(price) => Some(price),
            Err(err) => {
                diagnostics.push(
                    at(&key("price"), format!("bad shipping price: {err}")).with_hint(err.hint()),
                );
                None
            }
        });
        let days = raw.days.as_ref().and_then(|value| {
            let parsed = delivery_days(value);
            if parsed.is_none() {
                diagnostics.push(
                    at(&key("days"), "delivery time is not a number of days".into())
                        .with_hint("write the days from order to delivery, such as 3 or 2-5"),
                );
            }
            parsed
        });
        if let Some(price) = price {
            rates.push(ShippingRate {
                countries,
                price,
                days,
            });
        }
    }
    let returns = returns.map(|raw| Returns {
        days: raw.days,
        free: raw.free,
        countries: check_countries(&raw.countries, "returns.countries", diagnostics, at),
    });
    (rates, returns)
}

/// `3` or `"2-5"`, fewest first.
fn delivery_days(value: &serde_yaml_ng::Value) -> Option<(u32, u32)> {
    match value {
        serde_yaml_ng::Value::Number(n) => {
            let days = u32::try_from(n.as_u64()?).ok()?;
            Some((days, days))
        }
        serde_yaml_ng::Value::String(text) => {
            let (low, high) = text.split_once('-')?;
            let (low, high) = (low.trim().parse().ok()?, high.trim().parse().ok()?);
            (low <= high).then_some((low, high))
        }
        _ => None,
    }
}

fn check_countries(
    codes: &[String],
    key: &str,
    diagnostics: &mut Diagnostics,
    at: &impl Fn(&str, String) -> Diagnostic,
) -> Vec<String> {
    let mut known = Vec::new();
    for (j, code) in codes.iter().enumerate() {
        let upper = code.to_ascii_uppercase();
        if code.len() == 2 && upper.parse::<iso_country::Country>().is_ok() {
            known.push(upper);
        } else {
            diagnostics.push(
                at(
                    &format!("{key}.{j}"),
                    format!("`{code}` is not a country code"),
                )
                .with_hint("write ISO 3166-1 two-letter codes, such as PT, DE or CN"),
            );
        }
    }
    known
}
