//! A shipping zone as templates show it: in the site's list of rates and in a product's
//! "Shipping from" line.

use serde::Serialize;

use super::ViewBuilder;
use crate::config::ShippingRate;
use crate::money::{Money, format_money};

/// A shipping rate as product pages list it.
#[derive(Debug, Clone, Serialize)]
pub struct ShippingView {
    /// `PT, ES`.
    pub countries: String,
    /// The formatted price.
    pub price: String,
    /// True when it costs nothing.
    pub free: bool,
    /// Delivery time, `3` or `2-5` (days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<String>,
}

impl ViewBuilder<'_> {
    /// A shipping zone with its price formatted and its delivery days as one text:
    /// `rate`'s zone shipped for `price` (its standard price, or a profile's).
    pub(super) fn shipping_view(&self, rate: &ShippingRate, price: Money) -> ShippingView {
        ShippingView {
            countries: if rate.everywhere_else() {
                self.string("everywhere_else")
            } else {
                rate.countries.join(", ")
            },
            price: format_money(price, self.language()),
            free: price.minor == 0,
            days: rate.days.map(|(low, high)| {
                if low == high {
                    low.to_string()
                } else {
                    format!("{low}-{high}")
                }
            }),
        }
    }
}
