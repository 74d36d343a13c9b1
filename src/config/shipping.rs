//! Shipping (`shipping:` in `shop.yaml`): zones of countries, what one item costs to ship
//! alone and each further item with others, in the standard profile and in named profiles
//! (`shipping_profile: tube` on a product), free over an amount; and [`postage`], the one
//! rule that prices an order's shipping. Search results and Google Shopping show the
//! single-item price.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;

use super::checks::Checker;
use crate::money::{self, Currency, Money};

/// One zone of `shipping:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShippingRate {
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    everywhere_else: bool,
    /// What one item costs alone, as files written before profiles name it.
    price: Option<serde_yaml_ng::Value>,
    alone: Option<serde_yaml_ng::Value>,
    with_others: Option<serde_yaml_ng::Value>,
    free_over: Option<serde_yaml_ng::Value>,
    days: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    profiles: IndexMap<String, RawPostage>,
}

/// A profile's prices in one zone, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPostage {
    alone: serde_yaml_ng::Value,
    with_others: Option<serde_yaml_ng::Value>,
}

/// What shipping costs in one profile and zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Postage {
    /// One item shipped on its own.
    pub alone: Money,
    /// Each further item in the same parcel.
    pub with_others: Money,
}

/// What shipping to some countries costs and takes: one zone of `shipping:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingRate {
    /// ISO 3166-1 alpha-2 codes, upper case; empty for "everywhere else".
    pub countries: Vec<String>,
    /// What one item of the standard profile costs shipped alone (`alone:`, or `price:`
    /// in files written before profiles); zero for free shipping.
    pub price: Money,
    /// Each further item of the standard profile (`with_others:`, 0 unless given).
    pub with_others: Money,
    /// Orders whose subtotal (after sale prices) reaches this ship free.
    pub free_over: Option<Money>,
    /// Delivery time in days, fewest and most.
    pub days: Option<(u32, u32)>,
    /// The named profiles' prices in this zone.
    pub profiles: BTreeMap<String, Postage>,
}

impl ShippingRate {
    /// True for the zone of every country no other zone lists.
    pub fn everywhere_else(&self) -> bool {
        self.countries.is_empty()
    }

    /// The prices of `profile` (the standard profile for `None`) in this zone; `None` for
    /// a profile the zone does not name (config checks make every zone name every profile).
    pub fn postage(&self, profile: Option<&str>) -> Option<Postage> {
        match profile {
            None => Some(Postage {
                alone: self.price,
                with_others: self.with_others,
            }),
            Some(name) => self.profiles.get(name).copied(),
        }
    }
}

/// The zone that ships to `country`: the first that lists it, else "everywhere else";
/// `None` when the shop does not ship there.
pub fn zone_for<'a>(shipping: &'a [ShippingRate], country: &str) -> Option<&'a ShippingRate> {
    shipping
        .iter()
        .find(|zone| {
            zone.countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(country))
        })
        .or_else(|| shipping.iter().find(|zone| zone.everywhere_else()))
}

/// The cheapest zone to ship one item of `profile` to (the fastest of equally cheap ones),
/// with what it costs there: the "Shipping from €4.50 · 2-5 days" beside a product's buy
/// buttons. `None` when the shop states no shipping.
pub fn cheapest_single_item<'a>(
    shipping: &'a [ShippingRate],
    profile: Option<&str>,
) -> Option<(&'a ShippingRate, Money)> {
    shipping
        .iter()
        .filter_map(|zone| Some((zone, zone.postage(profile)?.alone)))
        .min_by_key(|(zone, alone)| (alone.minor, zone.days.map_or(u32::MAX, |d| d.1)))
}

/// One line of an order as the shipping rule sees it, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parcel {
    /// What one unit costs shipped alone.
    pub alone: i64,
    /// What each further unit adds.
    pub with_others: i64,
    /// Units ordered.
    pub quantity: u32,
    /// Each unit ships on its own (`ships_separately: true`) and costs `alone`.
    pub separately: bool,
}

/// The postage of an order, in minor units: the highest `alone` among the lines that share
/// a parcel, plus `with_others` for each further unit, plus `alone` for each unit of lines
/// that ship separately; nothing when `subtotal` reaches `free_over`. Among lines with the
/// same highest `alone`, the one with the highest `with_others` goes first, so the buyer
/// pays the least. Digital lines are left out by the caller: they ship free.
///
/// The basket script does the same sum in the browser from the price list's data;
/// `tests/basket.rs` checks both agree.
pub fn postage(parcels: &[Parcel], subtotal: i64, free_over: Option<i64>) -> i64 {
    if free_over.is_some_and(|limit| subtotal >= limit) {
        return 0;
    }
    let units = |p: &Parcel| i64::from(p.quantity);
    let separate: i64 = parcels
        .iter()
        .filter(|p| p.separately)
        .map(|p| p.alone.saturating_mul(units(p)))
        .fold(0, i64::saturating_add);
    let shared: Vec<&Parcel> = parcels
        .iter()
        .filter(|p| !p.separately && p.quantity > 0)
        .collect();
    let first = shared.iter().max_by_key(|p| (p.alone, p.with_others));
    let together = first.map_or(0, |first| {
        let others = shared
            .iter()
            .map(|p| p.with_others.saturating_mul(units(p)))
            .fold(0, i64::saturating_add);
        first
            .alone
            .saturating_add(others)
            .saturating_sub(first.with_others)
    });
    separate.saturating_add(together)
}

/// Checks every zone: its countries, prices and delivery time, each error at its key, and
/// that every zone prices every profile any zone names.
pub(super) fn check(
    shipping: &[RawShippingRate],
    currency: Option<Currency>,
    checker: &mut Checker,
) -> Vec<ShippingRate> {
    let rates: Vec<ShippingRate> = shipping
        .iter()
        .enumerate()
        .filter_map(|(i, raw)| check_zone(raw, i, currency, checker))
        .collect();
    check_one_everywhere_else(shipping, checker);
    check_profiles_everywhere(shipping, checker);
    rates
}

/// A basket counts postage from `shipping:` and sends its order through
/// `order_by_message:`, so it needs both; paid by card, the shop must sit at the root of
/// `base_url`, since the checkout function answers at `/api/checkout` of the host.
pub(super) fn check_basket(
    raw: &super::RawConfig,
    base_url: Option<&url::Url>,
    checker: &mut Checker,
) {
    if !raw.basket.is_on() {
        return;
    }
    if let Some(url) = base_url
        && raw.basket.by_card()
        && url.path() != "/"
    {
        checker.push(
            checker
                .at(
                    "basket",
                    format!(
                        "`basket: stripe` needs the shop at the root of its address, but `{url}` ends in `{}`",
                        url.path()
                    ),
                )
                .with_hint(
                    "the card checkout answers at /api/checkout of the host: serve the shop at the root of its own address, such as https://shop.example.com/, or use `basket: true` to take orders by message",
                ),
        );
    }
    let needs = [
        (
            raw.shipping.is_empty(),
            "postage from `shipping:`",
            "add a zone, such as `shipping: [{countries: [PT], alone: 4.50}]`",
        ),
        (
            raw.order_by_message.is_empty(),
            "a way to send the order: `order_by_message:`",
            "add `order_by_message: [email]` (with `contact.email`), `whatsapp` or `wechat`",
        ),
    ];
    for (_, what, hint) in needs.into_iter().filter(|(missing, ..)| *missing) {
        checker.push(
            checker
                .at("basket", format!("the basket needs {what}"))
                .with_hint(hint),
        );
    }
}

/// One zone; `None` when a price in it is wrong (the error is recorded).
fn check_zone(
    raw: &RawShippingRate,
    i: usize,
    currency: Option<Currency>,
    checker: &mut Checker,
) -> Option<ShippingRate> {
    let key = |k: &str| format!("shipping.{i}.{k}");
    let countries = super::policies::check_countries(&raw.countries, &key("countries"), checker);
    check_where(raw, i, checker);
    let (alone_key, alone) = match (&raw.price, &raw.alone) {
        (Some(_), Some(_)) => {
            let message = "`price:` and `alone:` say the same thing".to_owned();
            let hint = "keep `alone:` (what one item costs shipped alone) and remove `price:`";
            checker.push(checker.at_key(&key("price"), message).with_hint(hint));
            return None;
        }
        (Some(price), None) => (key("price"), price),
        (None, Some(alone)) => (key("alone"), alone),
        (None, None) => {
            let message = "a shipping zone needs `alone:`, what one item costs shipped alone";
            let hint = "add `alone: 4.50` (0 for free shipping)";
            checker.push(
                checker
                    .at(&format!("shipping.{i}"), message.into())
                    .with_hint(hint),
            );
            return None;
        }
    };
    let currency = currency?;
    let price = amount(checker, &alone_key, alone, currency);
    let with_others = optional_amount(
        checker,
        &key("with_others"),
        raw.with_others.as_ref(),
        currency,
    );
    let free_over = raw
        .free_over
        .as_ref()
        .map(|limit| amount(checker, &key("free_over"), limit, currency));
    let profiles = check_zone_profiles(raw, i, currency, checker);
    let days = raw.days.as_ref().and_then(|value| {
        let parsed = super::policies::delivery_days(value);
        if parsed.is_none() {
            checker.push(
                checker
                    .at(&key("days"), "delivery time is not a number of days".into())
                    .with_hint("write the days from order to delivery, such as 3 or 2-5"),
            );
        }
        parsed
    });
    Some(ShippingRate {
        countries,
        price: price?,
        with_others: with_others?,
        free_over: free_over.map_or(Some(None), |limit| limit.map(Some))?,
        days,
        profiles: profiles?,
    })
}

/// A zone lists countries or is "everywhere else", not both and not neither.
fn check_where(raw: &RawShippingRate, i: usize, checker: &mut Checker) {
    let zone = format!("shipping.{i}");
    if raw.everywhere_else && !raw.countries.is_empty() {
        let message = "a zone with `everywhere_else: true` lists no countries".to_owned();
        let hint = "remove `countries:` here, or `everywhere_else:`";
        checker.push(
            checker
                .at_key(&format!("{zone}.everywhere_else"), message)
                .with_hint(hint),
        );
    } else if !raw.everywhere_else && raw.countries.is_empty() {
        let message = "a shipping zone needs `countries:` or `everywhere_else: true`".to_owned();
        let hint = "list the countries, such as `countries: [PT, ES]`";
        checker.push(checker.at_key(&zone, message).with_hint(hint));
    }
}

/// At most one zone is "everywhere else".
fn check_one_everywhere_else(shipping: &[RawShippingRate], checker: &mut Checker) {
    let mut rest = shipping
        .iter()
        .enumerate()
        .filter(|(_, z)| z.everywhere_else);
    let first = rest.next();
    for (i, _) in rest {
        let first = first.map_or(0, |(f, _)| f);
        let message = format!("`shipping.{first}` is already the zone of everywhere else");
        let hint = "keep one zone with `everywhere_else: true`";
        checker.push(
            checker
                .at_key(&format!("shipping.{i}.everywhere_else"), message)
                .with_hint(hint),
        );
    }
}

/// Every zone names every profile some zone names, so a product of that profile has a
/// price wherever the shop ships.
fn check_profiles_everywhere(shipping: &[RawShippingRate], checker: &mut Checker) {
    for (name, defined_in) in profile_names(shipping) {
        for (i, zone) in shipping.iter().enumerate() {
            if !zone.profiles.contains_key(&name) {
                let message = format!(
                    "this zone has no price for the `{name}` profile, which `shipping.{defined_in}` has"
                );
                let hint = format!(
                    "add `{name}: {{alone: ..., with_others: ...}}` under `profiles:` here"
                );
                checker.push(
                    checker
                        .at_key(&zone_anchor(zone, i), message)
                        .with_hint(hint),
                );
            }
        }
    }
}

/// The key a problem of zone `i` as a whole points at: its profiles, else where it ships.
fn zone_anchor(zone: &RawShippingRate, i: usize) -> String {
    let key = if !zone.profiles.is_empty() {
        "profiles"
    } else if zone.everywhere_else {
        "everywhere_else"
    } else {
        "countries"
    };
    format!("shipping.{i}.{key}")
}

/// Every profile name `shipping:` uses, with the first zone naming it.
fn profile_names(shipping: &[RawShippingRate]) -> BTreeMap<String, usize> {
    let mut names = BTreeMap::new();
    for (i, zone) in shipping.iter().enumerate() {
        for name in zone.profiles.keys() {
            names.entry(name.clone()).or_insert(i);
        }
    }
    names
}

/// The names of the profiles `shipping:` defines, for checking `shipping_profile:` keys.
pub fn profile_list(shipping: &[ShippingRate]) -> Vec<String> {
    shipping
        .first()
        .map(|zone| zone.profiles.keys().cloned().collect())
        .unwrap_or_default()
}

/// The profiles of one zone; `None` when a price in them is wrong.
fn check_zone_profiles(
    raw: &RawShippingRate,
    i: usize,
    currency: Currency,
    checker: &mut Checker,
) -> Option<BTreeMap<String, Postage>> {
    let mut profiles = BTreeMap::new();
    let mut wrong = false;
    for (name, postage) in &raw.profiles {
        let key = format!("shipping.{i}.profiles.{name}");
        let alone = amount(checker, &format!("{key}.alone"), &postage.alone, currency);
        let given = postage.with_others.as_ref();
        let with_others = optional_amount(checker, &format!("{key}.with_others"), given, currency);
        match (alone, with_others) {
            (Some(alone), Some(with_others)) => {
                profiles.insert(name.clone(), Postage { alone, with_others });
            }
            _ => wrong = true,
        }
    }
    (!wrong).then_some(profiles)
}

/// The amount `value` at `key`, zero when the key is not given.
fn optional_amount(
    checker: &mut Checker,
    key: &str,
    value: Option<&serde_yaml_ng::Value>,
    currency: Currency,
) -> Option<Money> {
    match value {
        Some(value) => amount(checker, key, value, currency),
        None => Some(Money { minor: 0, currency }),
    }
}

/// The amount written at `key` (zero allowed), read from the text as written so `4.50` is
/// exact and never passes through a float; `None` after recording what is wrong.
fn amount(
    checker: &mut Checker,
    key: &str,
    value: &serde_yaml_ng::Value,
    currency: Currency,
) -> Option<Money> {
    let text = match value {
        serde_yaml_ng::Value::Number(_) | serde_yaml_ng::Value::String(_) => {
            checker.positions.scalar(key).unwrap_or_default()
        }
        _ => "",
    };
    match money::parse_amount(text, currency) {
        Ok(money) => Some(money),
        Err(err) => {
            checker.push(
                checker
                    .at(key, format!("bad shipping price: {err}"))
                    .with_hint(err.hint()),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked config of a shop whose `shop.yaml` ends with `more`.
    fn config_with(more: &str) -> super::super::Config {
        let dir = tempfile::tempdir().unwrap();
        let yaml = format!("title: T\nbase_url: https://t.example/\ncurrency: EUR\n{more}");
        std::fs::write(dir.path().join("shop.yaml"), yaml).unwrap();
        super::super::load(dir.path(), None).unwrap()
    }

    #[test]
    fn shipping_from_is_the_cheapest_zone_then_the_fastest_at_the_profiles_price() {
        let config = config_with(
            "shipping:\n  - {countries: [US], price: 12, days: 5-9, profiles: {tube: {alone: 3}}}\n  - {countries: [PT], price: 4, days: 3-6, profiles: {tube: {alone: 8}}}\n  - {countries: [ES], price: 4, days: 2-5, profiles: {tube: {alone: 9}}}\n",
        );
        let (zone, price) = cheapest_single_item(&config.shipping, None).unwrap();
        assert_eq!(
            (zone.countries.as_slice(), zone.days),
            (&["ES".to_owned()][..], Some((2, 5)))
        );
        assert_eq!(price.minor, 400);
        let (zone, price) = cheapest_single_item(&config.shipping, Some("tube")).unwrap();
        assert_eq!(
            (zone.countries.as_slice(), price.minor),
            (&["US".to_owned()][..], 300)
        );
        assert!(cheapest_single_item(&config_with("").shipping, None).is_none());
    }

    fn parcel(alone: i64, with_others: i64, quantity: u32) -> Parcel {
        Parcel {
            alone,
            with_others,
            quantity,
            separately: false,
        }
    }

    #[test]
    fn one_item_pays_alone() {
        assert_eq!(postage(&[parcel(450, 100, 1)], 2000, None), 450);
    }

    #[test]
    fn the_highest_alone_goes_first_and_every_other_unit_adds_with_others() {
        // A print (4.50 alone, 1.00 with others) twice and a tube (8.00, 3.00) once.
        let order = [parcel(450, 100, 2), parcel(800, 300, 1)];
        assert_eq!(postage(&order, 9000, None), 800 + 2 * 100);
    }

    #[test]
    fn a_flat_rate_counts_once_per_order() {
        // Files written before profiles: `price:` only, `with_others` 0.
        let order = [parcel(500, 0, 3), parcel(500, 0, 2)];
        assert_eq!(postage(&order, 9000, None), 500);
    }

    #[test]
    fn among_equal_alone_the_higher_with_others_goes_first() {
        let order = [parcel(500, 100, 1), parcel(500, 300, 1)];
        assert_eq!(postage(&order, 0, None), 500 + 100);
    }

    #[test]
    fn items_shipping_separately_pay_alone_each() {
        let mut chair = parcel(2500, 0, 2);
        chair.separately = true;
        assert_eq!(postage(&[chair, parcel(450, 100, 1)], 0, None), 5000 + 450);
        assert_eq!(postage(&[chair], 0, None), 5000);
    }

    /// The cases the checkout function's port of [`postage`] is tested on too
    /// (tests/tools/checkout.test.mjs), so the two cannot drift apart.
    #[test]
    fn postage_gives_the_shared_table_of_cases() {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/postage.json")).unwrap();
        for case in table.as_array().unwrap() {
            let parcels: Vec<Parcel> = case["parcels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| Parcel {
                    alone: p[0].as_i64().unwrap(),
                    with_others: p[1].as_i64().unwrap(),
                    quantity: p[2].as_u64().unwrap() as u32,
                    separately: p[3].as_bool().unwrap(),
                })
                .collect();
            let subtotal = case["subtotal"].as_i64().unwrap();
            let got = postage(&parcels, subtotal, case["free_over"].as_i64());
            assert_eq!(Some(got), case["postage"].as_i64(), "{}", case["why"]);
        }
    }

    #[test]
    fn free_over_applies_from_the_amount_on() {
        let order = [parcel(450, 100, 2)];
        assert_eq!(postage(&order, 5999, Some(6000)), 550);
        assert_eq!(postage(&order, 6000, Some(6000)), 0);
        assert_eq!(postage(&[], 0, None), 0);
    }

    mod properties {
        //! The rule's promises on any order: a shipped order never costs less than its
        //! dearest item alone, adding an item never lowers the postage (before
        //! `free_over`), and reaching `free_over` ships free.

        use super::super::*;
        use proptest::prelude::*;

        fn parcels() -> impl Strategy<Value = Vec<Parcel>> {
            prop::collection::vec(
                (0i64..5000, 0i64..5000, 1u32..20, any::<bool>()).prop_map(
                    |(alone, with_others, quantity, separately)| Parcel {
                        alone,
                        with_others,
                        quantity,
                        separately,
                    },
                ),
                0..8,
            )
        }

        proptest! {
            #[test]
            fn never_below_the_highest_alone(order in parcels()) {
                let highest = order.iter().map(|p| p.alone).max().unwrap_or(0);
                prop_assert!(postage(&order, 0, None) >= highest);
            }

            #[test]
            fn never_smaller_when_an_item_is_added(
                order in parcels(),
                added in parcels().prop_filter("one item", |p| !p.is_empty()),
                at in any::<prop::sample::Index>(),
            ) {
                let before = postage(&order, 0, None);
                let mut more = order.clone();
                more.insert(at.index(order.len() + 1), added[0]);
                prop_assert!(postage(&more, 0, None) >= before);
                let mut again = order.clone();
                if let Some(line) = again.first_mut() {
                    line.quantity += 1;
                    prop_assert!(postage(&again, 0, None) >= before);
                }
            }

            #[test]
            fn free_over_ships_free(order in parcels(), limit in 0i64..100_000, extra in 0i64..1000) {
                prop_assert_eq!(postage(&order, limit + extra, Some(limit)), 0);
                let below = postage(&order, limit - 1, Some(limit));
                prop_assert_eq!(below, postage(&order, 0, None));
            }
        }
    }
}
