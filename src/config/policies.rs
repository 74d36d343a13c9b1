//! Shipping rates and the returns policy (`shipping:` and `returns:` in `shop.yaml`): what
//! search results and Google Shopping show beside a price, written once for every product;
//! and the other terms of sale every product page states (`prices_include_tax`,
//! `order_by_message`).

use serde::{Deserialize, Serialize};

use super::RawConfig;
use super::checks::Checker;
use crate::money::{self, Currency, Money};

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

/// A way a buyer can ask to order by message (`order_by_message:`), through the contact
/// detail of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageChannel {
    /// A `wa.me` link with the message filled in.
    Whatsapp,
    /// The WeChat ID and the message to send (WeChat has no link that fills one in).
    Wechat,
    /// A `mailto:` link with the subject and message filled in.
    Email,
}

impl MessageChannel {
    /// The key in `contact:` that the channel needs.
    pub fn key(self) -> &'static str {
        match self {
            MessageChannel::Whatsapp => "whatsapp",
            MessageChannel::Wechat => "wechat",
            MessageChannel::Email => "email",
        }
    }
}

/// The digits of a WhatsApp number in international form (`+351 912 345 678`), as `wa.me`
/// wants them; `None` unless it has 8 to 15 digits and nothing but digits, spaces, `+`,
/// `-`, `(` and `)`.
pub fn whatsapp_digits(number: &str) -> Option<String> {
    let allowed = number
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    (allowed && (8..=15).contains(&digits.len())).then_some(digits)
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

impl super::Config {
    /// The cheapest way to ship (the fastest of equally cheap ones), for the "shipping
    /// from" promise beside a product's buy buttons; none when `shipping:` is empty.
    pub fn lowest_shipping_rate(&self) -> Option<&ShippingRate> {
        self.shipping
            .iter()
            .min_by_key(|rate| (rate.price.minor, rate.days.map_or(u32::MAX, |d| d.1)))
    }
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

/// Each channel of `order_by_message` needs its contact detail, and WhatsApp a number
/// `wa.me` can dial.
pub(super) fn check_order_by_message(raw: &RawConfig, checker: &mut Checker) {
    for (i, channel) in raw.order_by_message.iter().enumerate() {
        let detail = match channel {
            MessageChannel::Whatsapp => &raw.contact.whatsapp,
            MessageChannel::Wechat => &raw.contact.wechat,
            MessageChannel::Email => &raw.contact.email,
        };
        let key = channel.key();
        match detail {
            None => checker.push(
                checker
                    .at(
                        &format!("order_by_message.{i}"),
                        format!("ordering by {key} needs `contact.{key}`"),
                    )
                    .with_hint(format!(
                        "add `{key}:` under `contact:`, or remove `{key}` here"
                    )),
            ),
            Some(number)
                if *channel == MessageChannel::Whatsapp && whatsapp_digits(number).is_none() =>
            {
                checker.push(
                    checker
                        .at(
                            "contact.whatsapp",
                            format!("`{number}` is not a WhatsApp number in international form"),
                        )
                        .with_hint("write the country code and number, such as +351 912 345 678"),
                );
            }
            Some(_) => {}
        }
    }
}

/// Checks the codes, prices and delivery times, each error at its key.
pub(super) fn check(
    shipping: &[RawShippingRate],
    returns: Option<&RawReturns>,
    currency: Option<Currency>,
    checker: &mut Checker,
) -> (Vec<ShippingRate>, Option<Returns>) {
    let mut rates = Vec::new();
    for (i, raw) in shipping.iter().enumerate() {
        let key = |k: &str| format!("shipping.{i}.{k}");
        let countries = check_countries(&raw.countries, &key("countries"), checker);
        // The text as written, so `4.50` is read exactly and never through a float.
        let text = match raw.price {
            serde_yaml_ng::Value::Number(_) | serde_yaml_ng::Value::String(_) => {
                checker.positions.scalar(&key("price")).unwrap_or_default()
            }
            _ => "",
        };
        let price = currency.and_then(|currency| match money::parse_amount(text, currency) {
            Ok(price) => Some(price),
            Err(err) => {
                checker.push(
                    checker
                        .at(&key("price"), format!("bad shipping price: {err}"))
                        .with_hint(err.hint()),
                );
                None
            }
        });
        let days = raw.days.as_ref().and_then(|value| {
            let parsed = delivery_days(value);
            if parsed.is_none() {
                checker.push(
                    checker
                        .at(&key("days"), "delivery time is not a number of days".into())
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
        countries: check_countries(&raw.countries, "returns.countries", checker),
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

/// The two-letter country codes among `codes`, in capitals; each other one is an error.
fn check_countries(codes: &[String], key: &str, checker: &mut Checker) -> Vec<String> {
    let mut known = Vec::new();
    for (j, code) in codes.iter().enumerate() {
        let upper = code.to_ascii_uppercase();
        if code.len() == 2 && upper.parse::<iso_country::Country>().is_ok() {
            known.push(upper);
        } else {
            checker.push(
                checker
                    .at(
                        &format!("{key}.{j}"),
                        format!("`{code}` is not a country code"),
                    )
                    .with_hint("write ISO 3166-1 two-letter codes, such as PT, DE or CN"),
            );
        }
    }
    known
}

#[cfg(test)]
mod tests {
    use std::fs;

    /// The checked config of a shop whose `shop.yaml` ends with `more`.
    fn config_with(more: &str) -> super::super::Config {
        let dir = tempfile::tempdir().unwrap();
        let yaml = format!("title: T\nbase_url: https://t.example/\ncurrency: EUR\n{more}");
        fs::write(dir.path().join("shop.yaml"), yaml).unwrap();
        super::super::load(dir.path(), None).unwrap()
    }

    #[test]
    fn the_lowest_rate_is_the_cheapest_then_the_fastest() {
        let config = config_with(
            "shipping:\n  - {countries: [US], price: 12, days: 5-9}\n  - {countries: [PT], price: 4, days: 3-6}\n  - {countries: [ES], price: 4, days: 2-5}\n",
        );
        let lowest = config.lowest_shipping_rate().unwrap();
        assert_eq!(lowest.countries, ["ES"]);
        assert_eq!(lowest.days, Some((2, 5)));
        assert!(config_with("").lowest_shipping_rate().is_none());
    }
}
