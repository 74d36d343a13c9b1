//! The returns policy (`returns:` in `shop.yaml`): what search results and Google Shopping
//! show beside a price, written once for every product; and the other terms of sale every
//! product page states (`prices_include_tax`, `order_by_message`). Shipping is in
//! `shipping`, which shares the country and delivery-time checks written here.

use serde::{Deserialize, Serialize};

use super::RawConfig;
use super::checks::Checker;

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

/// Checks the returns policy's countries.
pub(super) fn check_returns(
    returns: Option<&RawReturns>,
    checker: &mut Checker,
) -> Option<Returns> {
    returns.map(|raw| Returns {
        days: raw.days,
        free: raw.free,
        countries: check_countries(&raw.countries, "returns.countries", checker),
    })
}

/// `3` or `"2-5"`, fewest first.
pub(super) fn delivery_days(value: &serde_yaml_ng::Value) -> Option<(u32, u32)> {
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
pub(super) fn check_countries(codes: &[String], key: &str, checker: &mut Checker) -> Vec<String> {
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
