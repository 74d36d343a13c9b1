//! What a product sells: its price and currency, its buy links, and its options and
//! variants with their own prices and links.

use std::collections::HashMap;

use super::FileLoader;
use super::media::push_asset;
use crate::config::{is_email, not_an_email};
use crate::content::buy::{self, Buy, BuyLink, BuyQr, LinkProvider, QrProvider, RawBuy, RawEmail};
use crate::content::raw::{RawOptionTranslation, RawProduct, RawVariant, ShortOrLong};
use crate::content::{Asset, OptionTranslation, ProductOption, Variant, joined_values};
use crate::diagnostics::closest;
use crate::money::{self, Currency, Money};

impl FileLoader<'_> {
    pub(super) fn price(
        &mut self,
        key: &str,
        value: Option<&serde_yaml_ng::Value>,
        currency: Currency,
    ) -> Option<Money> {
        let value = value?;
        let text = match value {
            serde_yaml_ng::Value::Number(_) | serde_yaml_ng::Value::String(_) => self
                .positions
                .scalar(key)
                .map(str::to_owned)
                .unwrap_or_default(),
            _ => String::new(),
        };
        match money::parse_price(&text, currency) {
            Ok(money) => Some(money),
            Err(err) => {
                let hint = err.hint();
                self.error(key, format!("bad price: {err}"), hint);
                None
            }
        }
    }

    pub(super) fn currency(&mut self, given: Option<&str>) -> Currency {
        let Some(code) = given else {
            return self.config.currency;
        };
        match Currency::from_code(code) {
            Some(currency) => currency,
            None => {
                self.error(
                    "currency",
                    format!("unknown currency `{code}`"),
                    "write an ISO 4217 code in capitals, such as EUR, USD, CNY or JPY",
                );
                self.config.currency
            }
        }
    }

    /// Checks `buy:` at `prefix` (`buy` or `variants.2.buy`).
    pub(super) fn buy(&mut self, prefix: &str, raw: &RawBuy, assets: &mut Vec<Asset>) -> Buy {
        let mut result = Buy::default();
        for (provider, key, label, url) in raw.links() {
            let key = format!("{prefix}.{key}");
            if provider == LinkProvider::Stripe && url.trim() == buy::AUTO {
                result.stripe_auto = true;
                continue;
            }
            if let Err(err) = buy::check_link(provider, url) {
                let hint = err.hint();
                self.error(&key, format!("bad {} link: {err}", provider.key()), hint);
                continue;
            }
            if provider == LinkProvider::Stripe && buy::is_stripe_test_link(url) {
                self.warning(
                    &key,
                    buy::TEST_MODE,
                    "create the payment link in live mode and paste that one before going live",
                );
            }
            result.links.push(BuyLink {
                provider,
                label,
                url: url.trim().to_owned(),
            });
        }
        for (provider, image) in [
            (QrProvider::Wechat, &raw.wechat),
            (QrProvider::Alipay, &raw.alipay),
        ] {
            if let Some(image) = image
                && let Some(asset) = self.asset(
                    self.positions
                        .value(&format!("{prefix}.{}", provider.key())),
                    image,
                )
            {
                result.qr.push(BuyQr {
                    provider,
                    image: asset.output.clone(),
                });
                push_asset(assets, asset);
            }
        }
        result.email = match &raw.email {
            None | Some(RawEmail::Flag(false)) => None,
            Some(RawEmail::Flag(true)) => match &self.config.contact.email {
                Some(email) => Some(email.clone()),
                None => {
                    self.error(
                        &format!("{prefix}.email"),
                        "`email: true` needs the shop's email address",
                        "add `contact: {email: you@example.com}` to shop.yaml, or write the address here",
                    );
                    None
                }
            },
            Some(RawEmail::Address(address)) if is_email(address) => Some(address.clone()),
            Some(RawEmail::Address(address)) => {
                self.error(
                    &format!("{prefix}.email"),
                    not_an_email(address),
                    "write `true` for the shop's contact email, or an address as one unbroken line, such as orders@example.com",
                );
                None
            }
        };
        result
    }

    pub(super) fn check_compare_at(
        &mut self,
        key: &str,
        price: Option<Money>,
        compare_at: Option<Money>,
    ) {
        if let (Some(price), Some(was)) = (price, compare_at)
            && was.minor <= price.minor
        {
            self.error(
                key,
                "compare_at_price must be higher than the price",
                "compare_at_price is the old price a sale is compared with: raise it, or remove it when the product is not on sale",
            );
        }
    }

    /// The product's `options`: each with values, none twice.
    pub(super) fn product_options(&mut self, raw: &RawProduct) -> Vec<ProductOption> {
        if !raw.options.is_empty() && raw.variants.is_empty() {
            self.error_at(
                self.positions.key("options"),
                "the product has options but no variants",
                "list the variants under `variants:`, each with one value of every option: `- options: {Size: S}`",
            );
        }
        let mut options = Vec::new();
        for (name, values) in &raw.options {
            let key = format!("options.{name}");
            if values.is_empty() {
                self.error(
                    &key,
                    format!("option `{name}` has no values"),
                    "list its values, such as `[S, M, L]`",
                );
            }
            for (j, value) in values.iter().enumerate() {
                if values[..j].contains(value) {
                    self.error(
                        &format!("{key}.{j}"),
                        format!("`{value}` is listed twice in option `{name}`"),
                        "list each value once",
                    );
                }
            }
            options.push(ProductOption {
                name: name.clone(),
                values: values.clone(),
                original: name.clone(),
            });
        }
        options
    }

    /// A translation's `options:`: each the name of one of the original's `options`, each
    /// value one of that option's.
    pub(super) fn option_translations(
        &mut self,
        raw: &indexmap::IndexMap<String, RawOptionTranslation>,
        options: &[ProductOption],
    ) -> HashMap<String, OptionTranslation> {
        let names: Vec<String> = options.iter().map(|o| o.name.clone()).collect();
        let mut found = HashMap::new();
        for (name, given) in raw {
            let key = format!("options.{name}");
            let Some(option) = options.iter().find(|o| o.name == *name) else {
                self.error_at(
                    self.positions.key(&key),
                    format!("the original has no option `{name}`"),
                    name_hint(
                        name,
                        &names,
                        "the original has no options: remove `options:`",
                    ),
                );
                continue;
            };
            for value in given.values.keys() {
                if !option.values.contains(value) {
                    let hint = match closest(value, &option.values) {
                        Some(near) => format!("did you mean `{near}`? "),
                        None => String::new(),
                    };
                    self.error_at(
                        self.positions.key(&format!("{key}.values.{value}")),
                        format!("option `{name}` has no value `{value}`"),
                        format!(
                            "{hint}write each value as the original does: {}",
                            option.values.join(", ")
                        ),
                    );
                }
            }
            found.insert(
                name.clone(),
                OptionTranslation {
                    name: given.name.clone(),
                    values: given.values.clone().into_iter().collect(),
                },
            );
        }
        found
    }

    /// A translation's `variants:`: each the name of one of the original's `variants`
    /// named with `name:` (the others are named by their options' values).
    pub(super) fn variant_translations(
        &mut self,
        raw: &indexmap::IndexMap<String, String>,
        variants: &[Variant],
    ) -> HashMap<String, String> {
        let names: Vec<String> = variants
            .iter()
            .filter(|v| v.options.is_empty())
            .map(|v| v.name.clone())
            .collect();
        for name in raw.keys().filter(|name| !names.contains(name)) {
            self.error_at(
                self.positions.key(&format!("variants.{name}")),
                format!("the original has no variant `{name}`"),
                name_hint(
                    name,
                    &names,
                    "the original has no variant with a `name:`: translate its option values under `options:` instead",
                ),
            );
        }
        raw.clone().into_iter().collect()
    }

    /// A variant's name and option values: with product options, one known value of each
    /// (in the product's order) and a name made of them unless it has its own.
    fn variant_identity(
        &mut self,
        i: usize,
        v: &RawVariant,
        options: &[ProductOption],
    ) -> Option<(String, Vec<(String, String)>)> {
        let key = |k: &str| format!("variants.{i}.{k}");
        if options.is_empty() {
            if !v.options.is_empty() {
                self.error(
                    &key("options"),
                    "this variant picks options, but the product declares none",
                    "declare them on the product, such as `options: {Size: [S, M, L]}`, or give the variant a `name:` instead",
                );
                return None;
            }
            let Some(name) = &v.name else {
                self.error(
                    &format!("variants.{i}"),
                    format!("variant {} has no name", i + 1),
                    "give it a `name:` such as `A4`, or declare product `options:` and pick them per variant",
                );
                return None;
            };
            return Some((name.clone(), Vec::new()));
        }
        let mut ok = self.check_option_names(i, v, options);
        let mut picked = Vec::new();
        for option in options {
            match v.options.get(&option.name) {
                None => {
                    self.error(
                        &format!("variants.{i}"),
                        format!("variant {} picks no `{}`", i + 1, option.name),
                        format!(
                            "add `{}: …` with one of: {}",
                            option.name,
                            option.values.join(", ")
                        ),
                    );
                    ok = false;
                }
                Some(value) if !option.values.contains(value) => {
                    self.error(
                        &key(&format!("options.{}", option.name)),
                        format!("`{value}` is not a value of option `{}`", option.name),
                        format!(
                            "write one of: {}; or add `{value}` to the product's `options:`",
                            option.values.join(", ")
                        ),
                    );
                    ok = false;
                }
                Some(value) => picked.push((option.name.clone(), value.clone())),
            }
        }
        if !ok {
            return None;
        }
        let name = v.name.clone().unwrap_or_else(|| joined_values(&picked));
        Some((name, picked))
    }

    /// Every option a variant picks is one the product declares.
    fn check_option_names(&mut self, i: usize, v: &RawVariant, options: &[ProductOption]) -> bool {
        let key = |k: &str| format!("variants.{i}.{k}");
        let names: Vec<&str> = options.iter().map(|o| o.name.as_str()).collect();
        let mut ok = true;
        for given in v.options.keys() {
            if !names.contains(&given.as_str()) {
                let suggestion = closest(
                    given,
                    &names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
                )
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
                self.error_at(
                    self.positions.key(&key(&format!("options.{given}"))),
                    format!("the product has no option `{given}`"),
                    format!(
                        "{suggestion}the product's options are: {}",
                        names.join(", ")
                    ),
                );
                ok = false;
            }
        }
        ok
    }

    /// The product's variants, each with its name or options, price, links and photo; a
    /// variant without a price of its own takes the product's.
    pub(super) fn variants(
        &mut self,
        raw: &RawProduct,
        options: &[ProductOption],
        product: &Prices,
        product_buy: &Buy,
        assets: &mut Vec<Asset>,
    ) -> Vec<Variant> {
        let Prices {
            price,
            compare_at,
            currency,
        } = *product;
        let mut variants = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, v) in raw.variants.iter().enumerate() {
            let key = |k: &str| format!("variants.{i}.{k}");
            let Some((name, picked)) = self.variant_identity(i, v, options) else {
                continue;
            };
            self.check_unique_variant(i, &name, &picked, &mut seen);
            let own_price = self.price(&key("price"), v.price.as_ref(), currency);
            let own_compare = self.price(
                &key("compare_at_price"),
                v.compare_at_price.as_ref(),
                currency,
            );
            let Some(variant_price) = own_price.or(price) else {
                if v.price.is_none() {
                    self.error(
                        &format!("variants.{i}"),
                        format!("variant `{name}` has no price"),
                        "give the variant a `price:`, or give the product one",
                    );
                }
                continue;
            };
            let compare = if own_price.is_some() {
                own_compare
            } else {
                own_compare.or(compare_at)
            };
            self.check_compare_at(&key("compare_at_price"), Some(variant_price), compare);
            let buy = self.variant_buy(i, v, &name, own_price.is_some(), product_buy, assets);
            if buy.stripe_auto && v.sku.is_none() {
                self.error(
                    &format!("variants.{i}"),
                    format!("variant `{name}` has no `sku:`, which `stripe: auto` needs"),
                    "give every variant its own `sku:`: `shop stripe sync` makes a Stripe product, price and Payment Link for each, kept under its SKU in stripe.lock",
                );
            }
            let image = v.image.as_ref().and_then(|src| {
                let alt = format!("{} – {name}", raw.title);
                self.image(
                    &key("image"),
                    &ShortOrLong::Short(src.clone()),
                    &alt,
                    assets,
                )
            });
            variants.push(Variant {
                name,
                options: picked,
                image,
                sku: v.sku.clone(),
                price: variant_price,
                compare_at: compare,
                stock: v.stock.or(raw.stock),
                buy,
            });
        }
        variants
    }

    /// No two variants share a name (or, with options, a combination of values); the later
    /// one is the error.
    fn check_unique_variant(
        &mut self,
        i: usize,
        name: &str,
        picked: &[(String, String)],
        seen: &mut HashMap<String, usize>,
    ) {
        let key = |k: &str| format!("variants.{i}.{k}");
        let identity = if picked.is_empty() {
            name.to_owned()
        } else {
            picked
                .iter()
                .map(|(_, value)| value.as_str())
                .collect::<Vec<_>>()
                .join("\u{1f}")
        };
        if let Some(first) = seen.insert(identity, i) {
            let (at, what) = if picked.is_empty() {
                (key("name"), format!("two variants are named `{name}`"))
            } else {
                (
                    key("options"),
                    format!("two variants pick the same options ({name})"),
                )
            };
            self.error(
                &at,
                format!("{what} (the first is variant {})", first + 1),
                "give every variant its own name or combination of options",
            );
        }
    }

    /// A variant's own links; without them, the product's links when the variant shares the
    /// product's price (a Stripe link charges one fixed price, so never across prices).
    fn variant_buy(
        &mut self,
        i: usize,
        v: &RawVariant,
        name: &str,
        own_price: bool,
        product_buy: &Buy,
        assets: &mut Vec<Asset>,
    ) -> Buy {
        match &v.buy {
            Some(raw) => self.buy(&format!("variants.{i}.buy"), raw, assets),
            None if !own_price => product_buy.clone(),
            None => {
                if !product_buy.is_empty() {
                    self.warning(
                        &format!("variants.{i}.price"),
                        format!("variant `{name}` has its own price but no buy links of its own"),
                        "give the variant its own `buy:` links: a checkout link sells one fixed price, so the product's links are not used for it",
                    );
                }
                Buy::default()
            }
        }
    }
}

/// A product's own prices, which its variants fall back to.
#[derive(Clone, Copy)]
pub(super) struct Prices {
    pub(super) price: Option<Money>,
    pub(super) compare_at: Option<Money>,
    pub(super) currency: Currency,
}

/// How to mend a name in a translation's `options:` or `variants:` that the original
/// lacks: the closest of the original's `names`, or `none` when it has none.
fn name_hint(name: &str, names: &[String], none: &str) -> String {
    if names.is_empty() {
        return none.to_owned();
    }
    let near = closest(name, names)
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    format!(
        "{near}write each name as the original does: {}",
        names.join(", ")
    )
}
