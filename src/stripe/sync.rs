//! Making Stripe match the shop, one SKU after another, each recorded in `stripe.lock` as
//! soon as it is done. A SKU already in the lock is only read (GET) unless something
//! changed; a SKU missing from it is first looked for in Stripe by `metadata[shop_sku]`, so
//! a run stopped half-way is finished by the next one without making anything twice.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::client::{Client, Form};
use super::units::{LinkSettings, Unit, shop_money, stripe_amount, units};
use super::{StripeError, load_shop};
use crate::config::{Config, ShippingRate};
use crate::content::stripe_lock::{EarlierLink, LockEntry, LockedRate, Mode, StripeLock};
use crate::money::Money;

/// The metadata key every object made for a SKU carries.
pub(super) const SKU_KEY: &str = "shop_sku";
/// The metadata key of shipping rates: what the rate is made of.
const SHIPPING_KEY: &str = "shop_shipping";

/// What a run did.
#[derive(Debug, Clone)]
pub struct Synced {
    /// Test or live (from the key).
    pub mode: Mode,
    /// SKUs whose Stripe objects were already right.
    pub unchanged: usize,
    /// SKUs that got new or changed objects.
    pub changed: usize,
}

/// Creates or updates the Stripe objects of every SKU sold with `stripe: auto`, saying what
/// it does to `say`, one line per change.
pub fn sync(root: &Path, say: &mut dyn FnMut(&str)) -> Result<Synced, StripeError> {
    let site = load_shop(root)?;
    let units = units(&site).map_err(StripeError::Invalid)?;
    let client = Client::from_env()?;
    let lock = StripeLock::read(root).map_err(StripeError::Invalid)?;
    let mut run = Run {
        client: &client,
        lock,
        root,
        settings: LinkSettings::of(&site.config),
        found: None,
    };
    let offers: Vec<Vec<LinkRate>> = units
        .iter()
        .map(|unit| LinkRate::offered_to(unit, &site.config))
        .collect();
    // A shop selling only downloads and subscriptions needs no shipping rates in Stripe.
    let rates = if offers.iter().all(Vec::is_empty) {
        HashMap::new()
    } else {
        run.shipping_rates(offers.iter().flatten())?
    };
    if units.iter().any(|u| u.shipped) && site.config.shipping.iter().any(|z| z.everywhere_else()) {
        say(EVERYWHERE_ELSE_LEFT_OUT);
    }
    let mut synced = Synced {
        mode: client.mode(),
        unchanged: 0,
        changed: 0,
    };
    for (unit, offer) in units.iter().zip(&offers) {
        let shipping = Shipping::for_unit(unit, offer, &rates, &run.settings);
        if run.sync_unit(unit, &shipping, say)? {
            synced.changed += 1;
        } else {
            synced.unchanged += 1;
        }
    }
    Ok(synced)
}

/// What a unit's link offers for shipping.
struct Shipping {
    /// Where it asks for an address to (empty: no address).
    countries: Vec<String>,
    /// Its shipping rates (`shr_…`).
    rates: Vec<String>,
}

impl Shipping {
    /// A shipped unit asks for an address in the shop's countries and offers `offer`, the
    /// rates [`LinkRate::offered_to`] it (`rates` holds their ids by what they are made of).
    fn for_unit(
        unit: &Unit,
        offer: &[LinkRate],
        rates: &HashMap<String, String>,
        settings: &LinkSettings,
    ) -> Self {
        if !unit.shipped {
            return Shipping {
                countries: Vec::new(),
                rates: Vec::new(),
            };
        }
        Shipping {
            countries: settings.countries.clone(),
            rates: offer
                .iter()
                .filter_map(|rate| rates.get(&rate.fingerprint(settings.tax_behavior)))
                .cloned()
                .collect(),
        }
    }

    /// The link's parameters for this; `clear` sends empty values where there is nothing,
    /// so an update takes away what the link had.
    fn form(&self, clear: bool) -> Form {
        let mut form = Form::new();
        if self.countries.is_empty() && clear {
            form.push(("shipping_address_collection".to_owned(), String::new()));
        }
        for (i, country) in self.countries.iter().enumerate() {
            form.push((
                format!("shipping_address_collection[allowed_countries][{i}]"),
                country.clone(),
            ));
        }
        if self.rates.is_empty() && clear {
            form.push(("shipping_options".to_owned(), String::new()));
        }
        for (i, rate) in self.rates.iter().enumerate() {
            form.push((
                format!("shipping_options[{i}][shipping_rate]"),
                rate.clone(),
            ));
        }
        form
    }

    /// True when `link` (a Payment Link) offers exactly this.
    fn fits(&self, link: &Value) -> bool {
        let countries: Vec<&str> =
            strings(&link["shipping_address_collection"]["allowed_countries"]);
        let mut rates: Vec<&str> = link["shipping_options"]
            .as_array()
            .map(|options| {
                options
                    .iter()
                    .filter_map(|o| o["shipping_rate"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        rates.sort_unstable();
        let mut wanted: Vec<&str> = self.rates.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        let mut wanted_countries: Vec<&str> = self.countries.iter().map(String::as_str).collect();
        wanted_countries.sort_unstable();
        let mut countries = countries;
        countries.sort_unstable();
        countries == wanted_countries && rates == wanted
    }
}

/// The strings of a JSON array (none for anything else).
fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Objects Stripe already has for SKUs the lock does not know, listed once per run.
#[derive(Default)]
struct Found {
    products: HashMap<String, Value>,
    links: HashMap<String, Vec<Value>>,
}

/// One run of `shop stripe sync`.
struct Run<'a> {
    client: &'a Client,
    lock: StripeLock,
    root: &'a Path,
    settings: LinkSettings,
    found: Option<Found>,
}

impl Run<'_> {
    fn mode(&self) -> Mode {
        self.client.mode()
    }

    fn save(&self) -> Result<(), StripeError> {
        self.lock.save(self.root).map_err(StripeError::Lock)
    }

    /// The Stripe shipping rates the links offer, by what they are made of: from the lock,
    /// found in Stripe by their metadata, or made. The lock forgets the rates no link offers.
    fn shipping_rates<'a>(
        &mut self,
        wanted: impl Iterator<Item = &'a LinkRate<'a>>,
    ) -> Result<HashMap<String, String>, StripeError> {
        let mut ids = HashMap::new();
        let mut listed: Option<Vec<Value>> = None;
        for rate in wanted {
            let made_of = rate.fingerprint(self.settings.tax_behavior);
            if ids.contains_key(&made_of) {
                continue;
            }
            if let Some(locked) = self.lock.shipping_rates.get(&made_of)
                && locked.mode == self.mode()
            {
                ids.insert(made_of, locked.id.clone());
                continue;
            }
            let listed = match &mut listed {
                Some(listed) => listed,
                None => listed.insert(
                    self.client
                        .list("/v1/shipping_rates", &[("active", "true")])?,
                ),
            };
            let existing = listed
                .iter()
                .find(|r| r["metadata"][SHIPPING_KEY].as_str() == Some(made_of.as_str()));
            let object = match existing {
                Some(object) => object.clone(),
                None => self
                    .client
                    .create("/v1/shipping_rates", &rate.form(&made_of, &self.settings))?,
            };
            let id = id_of(&object);
            self.lock.shipping_rates.insert(
                made_of.clone(),
                LockedRate {
                    mode: self.mode(),
                    id: id.clone(),
                },
            );
            self.save()?;
            ids.insert(made_of, id);
        }
        let known = self.lock.shipping_rates.len();
        self.lock
            .shipping_rates
            .retain(|made_of, _| ids.contains_key(made_of));
        if self.lock.shipping_rates.len() != known {
            self.save()?;
        }
        Ok(ids)
    }

    /// Brings one SKU's objects in step; true when anything was made or changed.
    fn sync_unit(
        &mut self,
        unit: &Unit,
        shipping: &Shipping,
        say: &mut dyn FnMut(&str),
    ) -> Result<bool, StripeError> {
        let entry = self
            .lock
            .skus
            .get(&unit.sku)
            .filter(|e| e.mode == self.mode())
            .cloned();
        let mut changed = false;
        let product = self.product(unit, entry.as_ref(), &mut changed)?;
        let product_id = id_of(&product);
        let price = self.price(unit, &product_id, entry.as_ref(), &mut changed)?;
        let price_id = id_of(&price);
        let old_link = match &entry {
            Some(e) => self.client.find(&format!("/v1/payment_links/{}", e.link))?,
            None => self.found_link(unit, &price_id)?,
        };
        // A link made for the lock's price charges it; a found one was checked for this one.
        // Only a new price needs a new link: shipping and the rest change in place.
        let old_fits = old_link.is_some() && entry.as_ref().is_none_or(|e| e.price == price_id);
        let mut earlier = entry
            .as_ref()
            .map(|e| e.earlier.clone())
            .unwrap_or_default();
        let link = match old_link {
            Some(link) if old_fits => link,
            old => {
                changed = true;
                let new = self.create_link(unit, &price_id, shipping)?;
                self.announce_link(unit, old, entry.as_ref(), &new, &mut earlier, say)?;
                new
            }
        };
        let link = self.keep_link_in_step(unit, link, shipping, say, &mut changed)?;
        let link_id = id_of(&link);
        // Back at an earlier price the same day, Stripe gives its link back.
        earlier.retain(|e| e.link != link_id);
        let new_entry = LockEntry {
            mode: self.mode(),
            product: product_id,
            price: price_id,
            link: link_id,
            url: url_of(&link),
            amount: unit.amount(),
            currency: unit.currency(),
            earlier,
        };
        if entry.as_ref() != Some(&new_entry) {
            self.lock.skus.insert(unit.sku.clone(), new_entry);
            self.save()?;
            changed = true;
        }
        Ok(changed)
    }

    /// Says what became of a SKU's link: made for the first time, or replaced, in which
    /// case the old one is deactivated and kept under `earlier`.
    fn announce_link(
        &self,
        unit: &Unit,
        old: Option<Value>,
        entry: Option<&LockEntry>,
        new: &Value,
        earlier: &mut Vec<EarlierLink>,
        say: &mut dyn FnMut(&str),
    ) -> Result<(), StripeError> {
        let (Some(old), Some(e)) = (old, entry) else {
            say(&format!(
                "{}: made its Stripe Payment Link {}",
                unit.sku,
                url_of(new)
            ));
            return Ok(());
        };
        self.retire(&old)?;
        earlier.push(EarlierLink {
            price: e.price.clone(),
            link: e.link.clone(),
            url: e.url.clone(),
            amount: e.amount,
            currency: e.currency.clone(),
        });
        say(&replaced_message(unit, e, new));
        Ok(())
    }

    /// The SKU's Stripe product: the lock's, one found by its metadata, or a new one; its
    /// name kept to the shop's.
    fn product(
        &mut self,
        unit: &Unit,
        entry: Option<&LockEntry>,
        changed: &mut bool,
    ) -> Result<Value, StripeError> {
        let locked = match entry {
            Some(e) => self.client.find(&format!("/v1/products/{}", e.product))?,
            None => None,
        };
        let known = match locked {
            Some(product) => Some(product),
            None => self.found()?.products.get(&unit.sku).cloned(),
        };
        let Some(product) = known else {
            *changed = true;
            let form = vec![
                ("name".to_owned(), unit.name.clone()),
                (format!("metadata[{SKU_KEY}]"), unit.sku.clone()),
            ];
            return self.client.create("/v1/products", &form);
        };
        if product["name"].as_str() != Some(&unit.name) {
            *changed = true;
            let form = vec![("name".to_owned(), unit.name.clone())];
            return self
                .client
                .update(&format!("/v1/products/{}", id_of(&product)), &form);
        }
        Ok(product)
    }

    /// The price the SKU sells at now: the lock's when it still is that, one of the
    /// product's active prices that is, or a new one (Stripe prices never change amount).
    fn price(
        &mut self,
        unit: &Unit,
        product: &str,
        entry: Option<&LockEntry>,
        changed: &mut bool,
    ) -> Result<Value, StripeError> {
        let form = self.price_form(unit, product);
        if let Some(e) = entry
            && let Some(price) = self.client.find(&format!("/v1/prices/{}", e.price))?
            && price_fits(&price, &form)
        {
            return Ok(price);
        }
        let listed = self
            .client
            .list("/v1/prices", &[("product", product), ("active", "true")])?;
        if let Some(price) = listed.into_iter().find(|p| price_fits(p, &form)) {
            return Ok(price);
        }
        *changed = true;
        // A price archived since the same request made it must not be sold through again.
        let price = self.create_current("/v1/prices", &form)?;
        if price_fits(&price, &form) {
            Ok(price)
        } else {
            self.client.create_again("/v1/prices", &form)
        }
    }

    fn price_form(&self, unit: &Unit, product: &str) -> Form {
        let mut form = vec![
            ("product".to_owned(), product.to_owned()),
            ("currency".to_owned(), unit.currency()),
            ("unit_amount".to_owned(), unit.amount().to_string()),
            (
                "tax_behavior".to_owned(),
                self.settings.tax_behavior.to_owned(),
            ),
            (format!("metadata[{SKU_KEY}]"), unit.sku.clone()),
        ];
        if let Some(interval) = unit.interval {
            form.push((
                "recurring[interval]".to_owned(),
                interval.as_str().to_owned(),
            ));
        }
        form
    }

    /// An active link Stripe has for the SKU though the lock does not (a run stopped
    /// before writing it), when it charges `price`.
    fn found_link(&mut self, unit: &Unit, price: &str) -> Result<Option<Value>, StripeError> {
        let candidates = self
            .found()?
            .links
            .get(&unit.sku)
            .cloned()
            .unwrap_or_default();
        for link in candidates {
            if link_price(self.client, &link)?.as_deref() == Some(price) {
                return Ok(Some(link));
            }
        }
        Ok(None)
    }

    fn create_link(
        &self,
        unit: &Unit,
        price: &str,
        shipping: &Shipping,
    ) -> Result<Value, StripeError> {
        let mut form = vec![
            ("line_items[0][price]".to_owned(), price.to_owned()),
            ("line_items[0][quantity]".to_owned(), "1".to_owned()),
            ("after_completion[type]".to_owned(), "redirect".to_owned()),
            (
                "after_completion[redirect][url]".to_owned(),
                self.settings.redirect.clone(),
            ),
            (format!("metadata[{SKU_KEY}]"), unit.sku.clone()),
        ];
        form.extend(shipping.form(false));
        self.create_current("/v1/payment_links", &form)
    }

    /// Creates an object and reads it back: within a day, Stripe answers the same request
    /// with what it made then, as it was then (a link since deactivated looks active).
    fn create_current(&self, path: &str, form: &Form) -> Result<Value, StripeError> {
        let made = self.client.create(path, form)?;
        let current = self.client.find(&format!("{path}/{}", id_of(&made)))?;
        Ok(current.unwrap_or(made))
    }

    /// Deactivates a link the SKU no longer sells through, with a message for whoever
    /// still opens it.
    fn retire(&self, link: &Value) -> Result<(), StripeError> {
        if link["active"] != Value::Bool(true) {
            return Ok(());
        }
        let form = vec![
            ("active".to_owned(), "false".to_owned()),
            (
                "inactive_message".to_owned(),
                "This price has changed: please order again from the shop.".to_owned(),
            ),
        ];
        self.client
            .update(&format!("/v1/payment_links/{}", id_of(link)), &form)
            .map(drop)
    }

    /// Active while there is stock, inactive with a message when sold out, shipping where
    /// `shop.yaml` says, and sending buyers to the shop's thanks page.
    fn keep_link_in_step(
        &self,
        unit: &Unit,
        link: Value,
        shipping: &Shipping,
        say: &mut dyn FnMut(&str),
        changed: &mut bool,
    ) -> Result<Value, StripeError> {
        let mut form: Form = Vec::new();
        let active = link["active"] == Value::Bool(true);
        if active == unit.sold_out {
            form.push(("active".to_owned(), (!unit.sold_out).to_string()));
            if unit.sold_out {
                form.push(("inactive_message".to_owned(), unit.sold_out_message()));
            }
            say(&format!(
                "{}: {}, so its Payment Link is now {}",
                unit.sku,
                if unit.sold_out {
                    "sold out"
                } else {
                    "in stock"
                },
                if unit.sold_out { "inactive" } else { "active" }
            ));
        }
        if !shipping.fits(&link) {
            form.extend(shipping.form(true));
            say(&format!(
                "{}: its Payment Link now ships as shop.yaml's `shipping:` says",
                unit.sku
            ));
        }
        let redirect = link["after_completion"]["redirect"]["url"].as_str();
        if redirect != Some(self.settings.redirect.as_str()) {
            form.push(("after_completion[type]".to_owned(), "redirect".to_owned()));
            form.push((
                "after_completion[redirect][url]".to_owned(),
                self.settings.redirect.clone(),
            ));
        }
        if form.is_empty() {
            return Ok(link);
        }
        *changed = true;
        self.client
            .update(&format!("/v1/payment_links/{}", id_of(&link)), &form)
    }

    /// Stripe's active products and links that carry a SKU, listed on first need.
    fn found(&mut self) -> Result<&Found, StripeError> {
        if self.found.is_none() {
            let mut found = Found::default();
            for product in self.client.list("/v1/products", &[("active", "true")])? {
                if let Some(sku) = product["metadata"][SKU_KEY].as_str() {
                    found.products.entry(sku.to_owned()).or_insert(product);
                }
            }
            for link in self
                .client
                .list("/v1/payment_links", &[("active", "true")])?
            {
                if let Some(sku) = link["metadata"][SKU_KEY].as_str() {
                    found.links.entry(sku.to_owned()).or_default().push(link);
                }
            }
            self.found = Some(found);
        }
        Ok(self.found.get_or_insert_with(Found::default))
    }
}

/// The price a Payment Link charges (its first line item's).
pub(super) fn link_price(client: &Client, link: &Value) -> Result<Option<String>, StripeError> {
    let items = client.get(
        &format!("/v1/payment_links/{}/line_items", id_of(link)),
        &[],
    )?;
    Ok(items["data"][0]["price"]["id"].as_str().map(str::to_owned))
}

/// True when `price` is active and made of what `form` asks for.
fn price_fits(price: &Value, form: &Form) -> bool {
    let wanted = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    price["active"] == Value::Bool(true)
        && price["product"].as_str() == wanted("product")
        && price["currency"].as_str() == wanted("currency")
        && price["unit_amount"]
            .as_i64()
            .map(|a| a.to_string())
            .as_deref()
            == wanted("unit_amount")
        && price["tax_behavior"].as_str() == wanted("tax_behavior")
        && price["recurring"]["interval"].as_str() == wanted("recurring[interval]")
}

pub(super) fn id_of(object: &Value) -> String {
    object["id"].as_str().unwrap_or_default().to_owned()
}

fn url_of(link: &Value) -> String {
    link["url"].as_str().unwrap_or_default().to_owned()
}

/// Told once per run to a shop that ships "everywhere else".
const EVERYWHERE_ELSE_LEFT_OUT: &str = "shipping: the `everywhere_else: true` zone is left out of Payment Links (Stripe ships only to the countries it is given): list those countries in a zone of their own to sell there through Stripe";

/// One Stripe shipping rate a Payment Link offers: what one item costs to a zone's
/// countries.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LinkRate<'a> {
    countries: &'a [String],
    amount: Money,
    days: Option<(u32, u32)>,
}

impl<'a> LinkRate<'a> {
    /// The rates of a shipped unit priced in the shop's currency (Stripe charges a rate in
    /// the link's currency; other units offer none).
    fn offered_to(unit: &Unit, config: &'a Config) -> Vec<LinkRate<'a>> {
        if !unit.shipped || unit.price.currency != config.currency {
            return Vec::new();
        }
        let profile = unit.product.shipping_profile.as_deref();
        Self::for_one_item(&config.shipping, profile, unit.price)
    }

    /// A link sells one item at `price`: in each zone with countries, `profile`'s `alone`
    /// price, or free where `price` reaches the zone's `free_over`. An `everywhere_else`
    /// zone names no country, which Stripe needs, so it is left out.
    fn for_one_item(
        zones: &'a [ShippingRate],
        profile: Option<&str>,
        price: Money,
    ) -> Vec<LinkRate<'a>> {
        zones
            .iter()
            .filter(|zone| !zone.everywhere_else())
            .filter_map(|zone| {
                let postage = zone.postage(profile)?;
                let free = zone
                    .free_over
                    .is_some_and(|limit| price.minor >= limit.minor);
                Some(LinkRate {
                    countries: &zone.countries,
                    amount: if free {
                        Money {
                            minor: 0,
                            ..postage.alone
                        }
                    } else {
                        postage.alone
                    },
                    days: zone.days,
                })
            })
            .collect()
    }

    /// What the rate is made of, which finds it again: countries, amount, currency, days
    /// and tax behaviour.
    fn fingerprint(&self, tax_behavior: &str) -> String {
        let days = self
            .days
            .map(|(min, max)| format!("{min}-{max}"))
            .unwrap_or_default();
        format!(
            "{}|{}|{}|{days}|{tax_behavior}",
            self.countries.join(","),
            stripe_amount(self.amount),
            self.currency()
        )
    }

    fn currency(&self) -> String {
        self.amount.currency.code().to_ascii_lowercase()
    }

    fn form(&self, made_of: &str, settings: &LinkSettings) -> Form {
        let name = if self.amount.minor == 0 {
            format!("Free shipping to {}", self.countries.join(", "))
        } else {
            format!("Shipping to {}", self.countries.join(", "))
        };
        let mut form = vec![
            ("display_name".to_owned(), name),
            ("type".to_owned(), "fixed_amount".to_owned()),
            (
                "fixed_amount[amount]".to_owned(),
                stripe_amount(self.amount).to_string(),
            ),
            ("fixed_amount[currency]".to_owned(), self.currency()),
            ("tax_behavior".to_owned(), settings.tax_behavior.to_owned()),
            (format!("metadata[{SHIPPING_KEY}]"), made_of.to_owned()),
        ];
        if let Some((min, max)) = self.days {
            for (end, days) in [("minimum", min), ("maximum", max)] {
                form.push((
                    format!("delivery_estimate[{end}][unit]"),
                    "business_day".to_owned(),
                ));
                form.push((format!("delivery_estimate[{end}][value]"), days.to_string()));
            }
        }
        form
    }
}

/// What the seller is told when a SKU's link is replaced.
fn replaced_message(unit: &Unit, old: &LockEntry, link: &Value) -> String {
    let was = shop_money(old.amount, unit.price.currency);
    let why = if old.amount != unit.amount() || old.currency != unit.currency() {
        format!(
            "its price changed from {} {} to {} {}",
            was.decimal(),
            old.currency.to_ascii_uppercase(),
            unit.price.decimal(),
            unit.price.currency.code()
        )
    } else {
        "its price settings changed (tax behaviour or billing interval)".to_owned()
    };
    format!(
        "{}: {why}: new Payment Link {}; the old link {} is deactivated, and stripe.lock keeps it under `earlier`",
        unit.sku,
        url_of(link),
        old.url
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};

    #[test]
    fn a_price_fits_only_when_every_part_is_the_same() {
        let form: Form = vec![
            ("product".into(), "prod_1".into()),
            ("currency".into(), "eur".into()),
            ("unit_amount".into(), "2800".into()),
            ("tax_behavior".into(), "inclusive".into()),
        ];
        let price = serde_json::json!({
            "active": true, "product": "prod_1", "currency": "eur", "unit_amount": 2800,
            "tax_behavior": "inclusive", "recurring": null
        });
        assert!(price_fits(&price, &form));
        let mut other = price.clone();
        other["unit_amount"] = 3000.into();
        assert!(!price_fits(&other, &form));
        let mut inactive = price.clone();
        inactive["active"] = false.into();
        assert!(!price_fits(&inactive, &form));
    }

    fn euros(minor: i64) -> Money {
        Money {
            minor,
            currency: Currency::from_code("EUR").unwrap(),
        }
    }

    /// A zone of PT and ES: 4.50 alone, 1.00 with others, free over 50, `tube` 9.00 alone.
    fn zone() -> ShippingRate {
        ShippingRate {
            countries: vec!["PT".into(), "ES".into()],
            price: euros(450),
            with_others: euros(100),
            free_over: Some(euros(5000)),
            days: Some((2, 5)),
            profiles: [(
                "tube".to_owned(),
                crate::config::Postage {
                    alone: euros(900),
                    with_others: euros(300),
                },
            )]
            .into(),
        }
    }

    #[test]
    fn shipping_rates_are_found_again_by_what_they_are_made_of() {
        let zones = [zone()];
        let rates = LinkRate::for_one_item(&zones, None, euros(2800));
        assert_eq!(
            rates[0].fingerprint("inclusive"),
            "PT,ES|450|eur|2-5|inclusive"
        );
    }

    #[test]
    fn a_link_offers_its_profiles_alone_price_free_over_the_limit_and_no_everywhere_else() {
        let everywhere_else = ShippingRate {
            countries: Vec::new(),
            ..zone()
        };
        let zones = [zone(), everywhere_else];
        let amounts = |profile: Option<&str>, price: i64| -> Vec<i64> {
            LinkRate::for_one_item(&zones, profile, euros(price))
                .iter()
                .map(|rate| rate.amount.minor)
                .collect()
        };
        assert_eq!(amounts(None, 2800), [450]);
        assert_eq!(amounts(Some("tube"), 2800), [900]);
        assert_eq!(amounts(Some("tube"), 4999), [900]);
        assert_eq!(amounts(Some("tube"), 5000), [0]);
    }
}
