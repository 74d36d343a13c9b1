//! The basket as templates and its script see it (`basket: true` in `shop.yaml`): the
//! links every page has, the "Add to basket" form of a product page, the `/basket/` page's
//! countries and ways to send the order, and the price list the script reads.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ViewBuilder;
use crate::config::{MessageChannel, ShippingRate, whatsapp_digits};
use crate::content::Product;
use crate::money::{MoneyStyle, money_style};
use crate::orders::{self, Item, code};

/// Where the basket's page, script and price list are; in `site.basket` when it is on.
#[derive(Debug, Clone, Serialize)]
pub struct BasketView {
    /// The `/basket/` page.
    pub page: String,
    /// The script, loaded `defer` on every page.
    pub script: String,
    /// The price list of this build (its name changes with its content).
    pub prices: String,
    /// With `basket: stripe`: the checkout function's address, which "Pay by card" posts
    /// the basket to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay: Option<&'static str>,
}

/// Where `shop init --checkout` makes each host run the checkout function.
pub const CHECKOUT_FUNCTION: &str = "/api/checkout";

/// The basket of one language: its view, and its price list to write.
#[derive(Debug, Clone)]
pub struct Basket {
    /// What templates see.
    pub view: BasketView,
    /// The price list's output path, `basket/prices.<digest>.json`.
    pub file: String,
    /// The price list.
    pub json: String,
    /// With `basket: stripe`: the price list the checkout function reads, to write at
    /// [`CHECKOUT_LIST`] of each language (prices from the shop's own, the names Stripe's
    /// page shows from the buyer's).
    pub checkout: Option<String>,
}

/// Countries Stripe Checkout refuses in `shipping_address_collection.allowed_countries`
/// (its API reference lists them): left out of the card checkout's countries, so a buyer
/// there is told to send the order as a message instead of meeting Stripe's error.
const STRIPE_REFUSES: [&str; 15] = [
    "AS", "CX", "CC", "CU", "HM", "IR", "KP", "MH", "FM", "NF", "MP", "PW", "SY", "UM", "VI",
];

/// Where the checkout function finds the price list: a fixed address, so the function
/// written once by `shop init --checkout` reads the prices of every later deploy.
pub const CHECKOUT_LIST: &str = "basket/checkout.json";

/// One thing of a product page that can go in the basket.
#[derive(Debug, Clone, Serialize)]
pub struct BasketItemView {
    /// Its SKU.
    pub sku: String,
    /// The variant's name, or the product's title.
    pub name: String,
    /// The most units one order may hold; 0 when sold out.
    pub cap: u32,
    /// The unit price in minor units, which the basket keeps to say when it changed.
    pub price: i64,
}

/// A way to send the basket's order, on the `/basket/` page.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    /// `email`, `whatsapp` or `wechat`.
    pub channel: &'static str,
    /// The address, number (digits) or ID the message goes to.
    pub to: String,
}

/// A country the basket ships to.
#[derive(Debug, Clone, Serialize)]
pub struct CountryView {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    /// Its English name; the script names it in the page's language.
    pub name: String,
}

/// The `/basket/` page's data: where it ships and how the order is sent.
#[derive(Debug, Clone, Serialize)]
pub struct BasketPageView {
    /// Countries to pick from, by name.
    pub countries: Vec<CountryView>,
    /// The ways to send the order, in `order_by_message:` order.
    pub channels: Vec<ChannelView>,
}

/// The price list the basket script reads: everything a basket holds, by SKU, and the
/// postage rule's inputs, in minor units.
#[derive(Debug, Serialize)]
struct PriceList<'a> {
    currency: &'static str,
    money: MoneyStyle,
    items: BTreeMap<&'a str, PriceEntry<'a>>,
    zones: Vec<ZoneEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout: Option<CheckoutEntry>,
}

/// What only the checkout function needs: where the shop ships and where the buyer goes
/// after paying or going back.
#[derive(Debug, Serialize)]
struct CheckoutEntry {
    /// Every country some zone ships to (all of them with an `everywhere_else` zone) and
    /// Stripe takes.
    countries: Vec<String>,
    /// The shop's own language, whose pages a buyer of an unknown language gets.
    language: String,
    /// The thanks and basket pages by language: the success and cancel URLs.
    pages: BTreeMap<String, CheckoutPages>,
    /// The postage's name on Stripe's page.
    postage: String,
    /// What joins a product's title and its variant's name on Stripe's page.
    comma: String,
}

/// A language's pages the checkout sends the buyer back to.
#[derive(Debug, Serialize)]
struct CheckoutPages {
    thanks: String,
    basket: String,
}

#[derive(Debug, Serialize)]
struct PriceEntry<'a> {
    /// The SKU's code in order codes.
    code: String,
    title: &'a str,
    variant: Option<&'a str>,
    price: i64,
    cap: u32,
    profile: Option<&'a str>,
    separately: bool,
    photo: Option<String>,
    url: String,
}

#[derive(Debug, Serialize)]
struct ZoneEntry {
    /// Empty for everywhere else.
    countries: Vec<String>,
    free_over: Option<i64>,
    /// `[alone, with_others]` by profile, `""` for the standard one.
    rates: BTreeMap<String, [i64; 2]>,
}

impl ZoneEntry {
    fn of(zone: &ShippingRate) -> ZoneEntry {
        let mut rates =
            BTreeMap::from([(String::new(), [zone.price.minor, zone.with_others.minor])]);
        for (name, postage) in &zone.profiles {
            rates.insert(
                name.clone(),
                [postage.alone.minor, postage.with_others.minor],
            );
        }
        ZoneEntry {
            countries: zone.countries.clone(),
            free_over: zone.free_over.map(|m| m.minor),
            rates,
        }
    }
}

impl ViewBuilder<'_> {
    /// The basket of this language: `None` without `basket:`.
    pub fn basket(&self) -> Option<Basket> {
        let config = &self.site.config;
        if !config.basket.is_on() {
            return None;
        }
        let items = orders::items(self.site);
        let mut list = PriceList {
            currency: config.currency.code(),
            money: money_style(config.currency, self.language()),
            items: items
                .iter()
                .map(|item| (item.sku, self.price_entry(item)))
                .collect(),
            zones: config.shipping.iter().map(ZoneEntry::of).collect(),
            checkout: None,
        };
        let json = serde_json::to_string(&list).unwrap_or_default();
        let checkout = config.basket.by_card().then(|| {
            list.checkout = Some(self.checkout_entry());
            serde_json::to_string(&list).unwrap_or_default()
        });
        let file = format!(
            "basket/prices.{:016x}.json",
            crate::digest::fingerprint(&json)
        );
        let view = BasketView {
            page: self.urls.path("/basket/"),
            script: self.urls.file("/assets/basket.js"),
            prices: self.urls.path(&format!("/{file}")),
            pay: config.basket.by_card().then_some(CHECKOUT_FUNCTION),
        };
        Some(Basket {
            view,
            file,
            json,
            checkout,
        })
    }

    /// The countries and pages of the checkout function's price list.
    fn checkout_entry(&self) -> CheckoutEntry {
        let config = &self.site.config;
        let base = self.urls.base_path();
        let pages = |prefix: &str| CheckoutPages {
            thanks: format!("{base}{prefix}/thanks/"),
            basket: format!("{base}{prefix}/basket/"),
        };
        let mut by_language = BTreeMap::from([(config.language.clone(), pages(""))]);
        for language in config.languages.keys() {
            let prefix = format!("/{}", language.to_lowercase());
            by_language.insert(language.clone(), pages(&prefix));
        }
        CheckoutEntry {
            countries: self
                .basket_page()
                .countries
                .into_iter()
                .map(|c| c.code)
                .filter(|code| !STRIPE_REFUSES.contains(&code.as_str()))
                .collect(),
            language: config.language.clone(),
            pages: by_language,
            postage: self.string("basket_postage"),
            comma: self.string("comma"),
        }
    }

    fn price_entry<'i>(&self, item: &'i Item<'i>) -> PriceEntry<'i> {
        let product = item.product;
        let photo = item
            .variant
            .and_then(|v| v.image.as_ref())
            .or(product.images.first())
            .map(|image| self.image_view(&product.path(), &image.source, &image.output, ""))
            .map(|view| view.square.map_or(view.url, |square| square.url));
        PriceEntry {
            code: code::sku_code(item.sku),
            title: &product.title,
            variant: item.variant_name(),
            price: item.price.minor,
            cap: item.cap,
            profile: product.shipping_profile.as_deref(),
            separately: product.ships_separately,
            photo,
            url: self.urls.path(&product.path()),
        }
    }

    /// What of `product` the page's "Add to basket" form offers; `None` without
    /// `basket:` or when nothing of it can go in.
    pub(super) fn basket_items(&self, product: &Product) -> Option<Vec<BasketItemView>> {
        if !self.site.config.basket.is_on() {
            return None;
        }
        let items: Vec<BasketItemView> = orders::product_items(product, &self.site.config)
            .iter()
            .map(|item| BasketItemView {
                sku: item.sku.to_owned(),
                name: item.variant_name().unwrap_or(&product.title).to_owned(),
                cap: item.cap,
                price: item.price.minor,
            })
            .collect();
        (!items.is_empty()).then_some(items)
    }

    /// The `/basket/` page's countries and channels.
    pub fn basket_page(&self) -> BasketPageView {
        let config = &self.site.config;
        let everywhere = config.shipping.iter().any(ShippingRate::everywhere_else);
        let mut countries: Vec<CountryView> = iso_country::data::all()
            .into_iter()
            .filter(|c| {
                everywhere
                    || config
                        .shipping
                        .iter()
                        .any(|z| z.countries.iter().any(|x| x == c.alpha2))
            })
            .map(|c| CountryView {
                code: c.alpha2.to_owned(),
                name: c.name.to_owned(),
            })
            .collect();
        countries.sort_by(|a, b| a.name.cmp(&b.name));
        let contact = &config.contact;
        let channels = config
            .order_by_message
            .iter()
            .filter_map(|channel| {
                let to = match channel {
                    MessageChannel::Email => contact.email.clone(),
                    MessageChannel::Whatsapp => {
                        contact.whatsapp.as_deref().and_then(whatsapp_digits)
                    }
                    MessageChannel::Wechat => contact.wechat.clone(),
                }?;
                Some(ChannelView {
                    channel: channel.key(),
                    to,
                })
            })
            .collect();
        BasketPageView {
            countries,
            channels,
        }
    }
}
