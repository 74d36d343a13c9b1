//! The Google Merchant Center product feed (`/feeds/google.xml`): RSS 2.0 with the `g:`
//! namespace, one item per product, or per variant with the product as its group. Made
//! from the same views as the pages, so the feed and the site never disagree on a price.

use crate::config::Config;
use crate::content::{Kind, StockState};
use crate::views::{PriceView, ProductView, Urls};

use super::json_ld::option_property;
use crate::web::escape_xml;

/// Google reads at most this many additional images per item.
const ADDITIONAL_IMAGES: usize = 10;

/// What differs between the items of one product: the product itself, or one variant.
struct Item<'a> {
    id: String,
    title: String,
    link: &'a str,
    /// The variant's own photo, else the product's main one.
    image: Option<&'a str>,
    /// Option values Google has attributes for (`size`, `color`, ...).
    attributes: Vec<(&'static str, &'a str)>,
    price: &'a PriceView,
    compare_at: Option<&'a PriceView>,
    state: StockState,
    group: Option<&'a str>,
}

/// A product's identifier in the feed: its SKU, else its slug, which is unique too.
fn product_id(product: &ProductView) -> &str {
    product.sku.as_deref().unwrap_or(&product.slug)
}

fn items(product: &ProductView) -> Vec<Item<'_>> {
    if product.variants.is_empty() {
        return product
            .price
            .iter()
            .map(|price| Item {
                id: product_id(product).to_owned(),
                title: product.title.clone(),
                link: &product.permalink,
                image: None,
                attributes: Vec::new(),
                price,
                compare_at: product.compare_at.as_ref(),
                state: product.state,
                group: None,
            })
            .collect();
    }
    product
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| Item {
            id: v
                .sku
                .clone()
                .unwrap_or_else(|| format!("{}-{}", product.slug, i + 1)),
            title: format!("{} - {}", product.title, v.name),
            link: v.url.as_deref().unwrap_or(&product.permalink),
            image: v.image.as_ref().map(|i| i.url.as_str()),
            attributes: product
                .options
                .iter()
                .zip(&v.options)
                .filter_map(|(of, o)| Some((option_property(&of.original)?, o.value.as_str())))
                .collect(),
            price: &v.price,
            compare_at: v.compare_at.as_ref(),
            state: v.state,
            group: Some(product_id(product)),
        })
        .collect()
}

/// Google's words for what a buyer can do.
fn availability(state: StockState) -> &'static str {
    match state {
        StockState::InStock => "in_stock",
        StockState::Preorder => "preorder",
        StockState::Backorder => "backorder",
        StockState::SoldOut => "out_of_stock",
    }
}

/// One `<g:name>value</g:name>` line.
fn field(xml: &mut String, name: &str, value: &str) {
    xml.push_str(&format!(
        "      <g:{name}>{}</g:{name}>\n",
        escape_xml(value)
    ));
}

/// One `<g:shipping>` per country the shop lists: what one item of `profile` costs
/// shipped alone.
fn shipping(xml: &mut String, config: &Config, profile: Option<&str>) {
    for rate in &config.shipping {
        let Some(postage) = rate.postage(profile) else {
            continue;
        };
        let alone = postage.alone;
        let price = format!("{} {}", alone.decimal(), alone.currency.code());
        for country in &rate.countries {
            xml.push_str("      <g:shipping>");
            xml.push_str(&format!("<g:country>{}</g:country>", escape_xml(country)));
            xml.push_str(&format!("<g:price>{}</g:price>", escape_xml(&price)));
            if let Some((low, high)) = rate.days {
                xml.push_str(&format!(
                    "<g:min_transit_time>{low}</g:min_transit_time><g:max_transit_time>{high}</g:max_transit_time>"
                ));
            }
            xml.push_str("</g:shipping>\n");
        }
    }
}

fn money(price: &PriceView) -> String {
    format!("{} {}", price.amount, price.currency)
}

/// The product's brand, barcode and maker's part number (or that it has none) and its
/// first category.
fn identifiers(xml: &mut String, product: &ProductView) {
    if let Some(brand) = &product.brand {
        field(xml, "brand", brand);
    }
    if let Some(gtin) = &product.gtin {
        field(xml, "gtin", gtin);
    }
    if let Some(mpn) = &product.mpn {
        field(xml, "mpn", mpn);
    }
    if product.gtin.is_none() && product.mpn.is_none() {
        // Handmade goods have no barcode; saying so keeps them from being refused.
        field(xml, "identifier_exists", "no");
    }
    if let Some(category) = product.categories.first() {
        field(xml, "product_type", &category.title);
    }
}

/// Every product with a photo, in catalogue order: Google refuses items without
/// `image_link`, so products without one are left out.
pub fn google(products: &[&ProductView], config: &Config, urls: &Urls) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:g=\"http://base.google.com/ns/1.0\">\n  <channel>\n    <title>{}</title>\n    <link>{}</link>\n    <description>{}</description>\n",
        escape_xml(&config.title),
        escape_xml(&urls.permalink("/")),
        escape_xml(&config.description),
    );
    for product in products {
        let Some((main, more)) = product.images.split_first() else {
            continue;
        };
        let description = if product.summary.is_empty() {
            &product.title
        } else {
            &product.summary
        };
        for item in items(product) {
            xml.push_str("    <item>\n");
            field(&mut xml, "id", &item.id);
            field(&mut xml, "title", &item.title);
            field(&mut xml, "description", description);
            field(&mut xml, "link", item.link);
            field(
                &mut xml,
                "image_link",
                &urls.absolute(item.image.unwrap_or(&main.url)),
            );
            for image in more.iter().take(ADDITIONAL_IMAGES) {
                field(
                    &mut xml,
                    "additional_image_link",
                    &urls.absolute(&image.url),
                );
            }
            field(&mut xml, "availability", availability(item.state));
            if matches!(item.state, StockState::Preorder | StockState::Backorder)
                && let Some(date) = &product.ship_date
            {
                field(&mut xml, "availability_date", &format!("{date}T00:00Z"));
            }
            match item.compare_at {
                Some(was) => {
                    field(&mut xml, "price", &money(was));
                    field(&mut xml, "sale_price", &money(item.price));
                }
                None => field(&mut xml, "price", &money(item.price)),
            }
            if let Some(interval) = product.interval {
                xml.push_str(&format!(
                    "      <g:subscription_cost><g:period>{}</g:period><g:period_length>1</g:period_length><g:amount>{}</g:amount></g:subscription_cost>\n",
                    interval.as_str(),
                    money(item.price)
                ));
            }
            field(&mut xml, "condition", product.condition.as_str());
            if let Some(group) = item.group {
                field(&mut xml, "item_group_id", group);
            }
            for (attribute, value) in &item.attributes {
                field(&mut xml, attribute, value);
            }
            identifiers(&mut xml, product);
            if product.kind != Kind::Digital {
                shipping(&mut xml, config, product.shipping_profile.as_deref());
            }
            xml.push_str("    </item>\n");
        }
    }
    xml.push_str("  </channel>\n</rss>\n");
    xml
}
