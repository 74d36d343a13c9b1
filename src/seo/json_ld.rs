//! schema.org structured data (JSON-LD) for search results: products with their offers,
//! breadcrumbs, posts, and the shop itself on the home page. Built from the same views the
//! templates see, so the data always matches the page. Nothing is invented: a field the
//! seller did not give (brand, GTIN) is left out.

use serde_json::{Value, json};

use crate::config::Config;
use crate::content::{Condition, Interval, Kind, StockState};
use crate::views::{PageView, PriceView, ProductView, Urls, VariantView};

/// The `<script type="application/ld+json">` document of one page: its items in a graph,
/// with every empty value (no summary, no photos) left out rather than written empty.
pub fn graph(items: Vec<Value>) -> Value {
    let mut graph = json!({ "@context": "https://schema.org", "@graph": items });
    drop_empty(&mut graph);
    graph
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

fn drop_empty(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.values_mut().for_each(drop_empty);
            map.retain(|_, v| !is_empty(v));
        }
        Value::Array(items) => items.iter_mut().for_each(drop_empty),
        _ => {}
    }
}

fn availability(state: StockState) -> &'static str {
    match state {
        StockState::InStock => "https://schema.org/InStock",
        StockState::Preorder => "https://schema.org/PreOrder",
        StockState::Backorder => "https://schema.org/BackOrder",
        StockState::SoldOut => "https://schema.org/OutOfStock",
    }
}

/// UN/CEFACT unit codes, as schema.org's `unitCode` wants them.
fn unit_code(interval: Interval) -> &'static str {
    match interval {
        Interval::Week => "WEE",
        Interval::Month => "MON",
        Interval::Year => "ANN",
    }
}

fn condition(condition: Condition) -> &'static str {
    match condition {
        Condition::New => "https://schema.org/NewCondition",
        Condition::Used => "https://schema.org/UsedCondition",
        Condition::Refurbished => "https://schema.org/RefurbishedCondition",
    }
}

/// One offer: a price that can be paid now (or ordered for later, from the ship date),
/// with the shop's shipping (nothing ships for a download) and returns; a subscription's
/// price is per interval.
fn offer(price: &PriceView, state: StockState, product: &ProductView, config: &Config) -> Value {
    let later = matches!(state, StockState::Preorder | StockState::Backorder);
    json!({
        "@type": "Offer",
        "price": price.amount,
        "priceCurrency": price.currency,
        "priceSpecification": price_specification(price, product, config),
        "availability": availability(state),
        "availabilityStarts": product.ship_date.as_ref().filter(|_| later),
        "itemCondition": condition(product.condition),
        "url": product.permalink,
        "seller": { "@type": "Organization", "name": config.title },
        "shippingDetails": if product.kind == Kind::Digital { Vec::new() } else { shipping_details(config, product.shipping_profile.as_deref()) },
        "hasMerchantReturnPolicy": return_policy(config),
    })
}

/// What the price covers, when there is more to say than the amount: per interval for a
/// subscription, tax included when the shop says so.
fn price_specification(price: &PriceView, product: &ProductView, config: &Config) -> Value {
    if product.interval.is_none() && !config.prices_include_tax {
        return Value::Null;
    }
    let mut specification = json!({
        "@type": if product.interval.is_some() { "UnitPriceSpecification" } else { "PriceSpecification" },
        "price": price.amount,
        "priceCurrency": price.currency,
    });
    if let Some(interval) = product.interval {
        specification["referenceQuantity"] = json!({
            "@type": "QuantitativeValue",
            "value": 1,
            "unitCode": unit_code(interval),
        });
    }
    if config.prices_include_tax {
        specification["valueAddedTaxIncluded"] = json!(true);
    }
    specification
}

/// `shipping:` as `OfferShippingDetails`, one per zone that lists its countries: what one
/// item of `profile` costs shipped alone.
fn shipping_details(config: &Config, profile: Option<&str>) -> Vec<Value> {
    config
        .shipping
        .iter()
        .filter(|rate| !rate.everywhere_else())
        .filter_map(|rate| Some((rate, rate.postage(profile)?.alone)))
        .map(|(rate, alone)| {
            let mut details = json!({
                "@type": "OfferShippingDetails",
                "shippingRate": {
                    "@type": "MonetaryAmount",
                    "value": alone.decimal(),
                    "currency": alone.currency.code(),
                },
                "shippingDestination": rate.countries.iter().map(|country| json!({
                    "@type": "DefinedRegion",
                    "addressCountry": country,
                })).collect::<Vec<_>>(),
            });
            if let Some((low, high)) = rate.days {
                details["deliveryTime"] = json!({
                    "@type": "ShippingDeliveryTime",
                    "transitTime": {
                        "@type": "QuantitativeValue",
                        "minValue": low,
                        "maxValue": high,
                        "unitCode": "DAY",
                    },
                });
            }
            details
        })
        .collect()
}

/// `returns:` as a `MerchantReturnPolicy`; where it applies defaults to where the shop
/// ships.
fn return_policy(config: &Config) -> Value {
    let Some(returns) = &config.returns else {
        return Value::Null;
    };
    let countries: Vec<&String> = if returns.countries.is_empty() {
        let mut shipped: Vec<&String> = Vec::new();
        for country in config.shipping.iter().flat_map(|r| &r.countries) {
            if !shipped.contains(&country) {
                shipped.push(country);
            }
        }
        shipped
    } else {
        returns.countries.iter().collect()
    };
    if returns.days == 0 {
        return json!({
            "@type": "MerchantReturnPolicy",
            "applicableCountry": countries,
            "returnPolicyCategory": "https://schema.org/MerchantReturnNotPermitted",
        });
    }
    json!({
        "@type": "MerchantReturnPolicy",
        "applicableCountry": countries,
        "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
        "merchantReturnDays": returns.days,
        "returnMethod": "https://schema.org/ReturnByMail",
        "returnFees": if returns.free {
            "https://schema.org/FreeReturn"
        } else {
            "https://schema.org/ReturnFeesCustomerResponsibility"
        },
    })
}

/// The schema.org property an option is, by its name (`Size`, `Colour`); none for options
/// schema.org has no word for, which become `additionalProperty` values.
pub fn option_property(name: &str) -> Option<&'static str> {
    match name.to_lowercase().as_str() {
        "size" => Some("size"),
        "colour" | "color" => Some("color"),
        "material" => Some("material"),
        "pattern" => Some("pattern"),
        _ => None,
    }
}

/// A `Product` with its `Offer`; with variants, a `ProductGroup` whose `hasVariant` holds
/// one `Product` per variant, each with its own offer and option values, and `variesBy`
/// naming the options schema.org knows.
pub fn product(product: &ProductView, config: &Config, urls: &Urls) -> Value {
    let images: Vec<String> = product
        .images
        .iter()
        .map(|i| urls.absolute(&i.url))
        .collect();
    let mut data = json!({
        "@type": "Product",
        "name": product.title,
        "description": product.summary,
        "url": product.permalink,
        "image": images,
        "sku": product.sku,
        "gtin": product.gtin,
        "mpn": product.mpn,
        "category": product.categories.first().map(|c| &c.title),
    });
    if let Some(name) = &product.brand {
        data["brand"] = json!({ "@type": "Brand", "name": name });
    }
    if let Some(rating) = &product.rating {
        data["aggregateRating"] = json!({
            "@type": "AggregateRating",
            "ratingValue": rating.value,
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        });
        data["review"] = product.reviews.iter().map(|review| json!({
            "@type": "Review",
            "author": { "@type": "Person", "name": review.author },
            "datePublished": review.date,
            "reviewBody": review.text,
            "reviewRating": { "@type": "Rating", "ratingValue": review.rating, "bestRating": 5, "worstRating": 1 },
        })).collect();
    }
    if product.variants.is_empty() {
        if let Some(price) = &product.price {
            data["offers"] = offer(price, product.state, product, config);
        }
        return data;
    }
    let variants: Vec<Value> = product
        .variants
        .iter()
        .map(|v| variant(product, v, config, urls, images.first()))
        .collect();
    let varies_by: Vec<String> = product
        .options
        .iter()
        .filter_map(|o| option_property(&o.original))
        .map(|property| format!("https://schema.org/{property}"))
        .collect();
    data["variesBy"] = varies_by.into();
    data["@type"] = "ProductGroup".into();
    data["productGroupID"] = data["sku"].take();
    if data["productGroupID"].is_null() {
        data["productGroupID"] = product.slug.clone().into();
    }
    data["hasVariant"] = variants.into();
    data
}

/// One variant of a `ProductGroup`: a `Product` with its own offer, its option values as
/// the schema.org properties they are (`size`, `color`) or as `additionalProperty`.
fn variant(
    product: &ProductView,
    v: &VariantView,
    config: &Config,
    urls: &Urls,
    first_image: Option<&String>,
) -> Value {
    let image = v.image.as_ref().map(|i| urls.absolute(&i.url));
    let mut variant = json!({
        "@type": "Product",
        "name": format!("{} - {}", product.title, v.name),
        "sku": v.sku,
        "url": v.url,
        "image": image.as_ref().or(first_image),
        "offers": offer(&v.price, v.state, product, config),
    });
    variant["offers"]["url"] = json!(v.url.as_ref().unwrap_or(&product.permalink));
    let mut other = Vec::new();
    for (of, option) in product.options.iter().zip(&v.options) {
        match option_property(&of.original) {
            Some(property) => variant[property] = option.value.clone().into(),
            None => other.push(json!({
                "@type": "PropertyValue",
                "name": option.name,
                "value": option.value,
            })),
        }
    }
    variant["additionalProperty"] = other.into();
    variant
}

/// The trail from the home page to this page, as `(name, absolute URL)` steps after Home.
pub fn breadcrumbs(config: &Config, urls: &Urls, steps: &[(&str, String)]) -> Value {
    let home = (config.title.as_str(), urls.permalink("/"));
    let items: Vec<Value> = std::iter::once(home)
        .chain(steps.iter().map(|(name, url)| (*name, url.clone())))
        .enumerate()
        .map(|(i, (name, url))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

/// A post as a `BlogPosting`, by the shop.
pub fn post(post: &PageView, config: &Config, urls: &Urls) -> Value {
    let mut data = json!({
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.summary,
        "url": post.permalink,
        "author": { "@type": "Organization", "name": config.title, "url": urls.permalink("/") },
        "image": post.images.iter().map(|i| urls.absolute(&i.url)).collect::<Vec<_>>(),
    });
    if let Some(date) = &post.date {
        data["datePublished"] = date.clone().into();
        data["dateModified"] = post.updated.clone().unwrap_or_else(|| date.clone()).into();
    }
    data
}

/// The shop as an `Organization` (with its contact and social profiles) and its `WebSite`.
pub fn home(config: &Config, urls: &Urls) -> Vec<Value> {
    let home = urls.permalink("/");
    let mut organization = json!({
        "@type": "Organization",
        "@id": format!("{home}#organization"),
        "name": config.title,
        "url": home,
    });
    organization["description"] = json!(config.description);
    organization["email"] = json!(config.contact.email);
    organization["sameAs"] = config
        .social
        .values()
        .filter(|url| url.starts_with("https://"))
        .map(String::as_str)
        .collect();
    let website = json!({
        "@type": "WebSite",
        "name": config.title,
        "url": home,
        "inLanguage": config.language,
        "publisher": { "@id": format!("{home}#organization") },
    });
    vec![organization, website]
}
