//! The client-side search index (`/search.json`): what the search page's script needs to
//! find, filter and sort products, and nothing more, so it stays small enough to fetch at
//! once (about 200 bytes a product).

use serde::Serialize;

use super::views::{ProductView, TermView};

/// One product in the index.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: &'a str,
    summary: &'a str,
    sku: Option<&'a str>,
    /// Category slugs, for the category filter.
    categories: Vec<&'a str>,
    tags: Vec<&'a str>,
    /// Lowest price in minor units, for sorting (null when the product has none).
    price: Option<i64>,
    /// The price as the page prints it, "From" included when variants differ.
    price_text: String,
    sold_out: bool,
    /// The smallest square thumbnail, for the result list.
    image: Option<&'a str>,
    alt: &'a str,
}

/// The whole index.
#[derive(Debug, Serialize)]
struct Index<'a> {
    categories: Vec<Category<'a>>,
    products: Vec<Entry<'a>>,
}

#[derive(Debug, Serialize)]
struct Category<'a> {
    slug: &'a str,
    title: &'a str,
}

/// The index of every published product, in catalogue order, as JSON.
pub fn index(cards: &[&ProductView], categories: &[TermView], from: &str) -> String {
    let products = cards
        .iter()
        .map(|card| {
            let image = card.images.first();
            let price_text = match &card.price {
                Some(price) if card.price_varies => format!("{from} {}", price.formatted),
                Some(price) => price.formatted.clone(),
                None => String::new(),
            };
            Entry {
                title: &card.title,
                url: &card.url,
                summary: &card.summary,
                sku: card.sku.as_deref(),
                categories: card.categories.iter().map(|c| c.slug.as_str()).collect(),
                tags: card.tags.iter().map(|t| t.title.as_str()).collect(),
                price: card.price.as_ref().map(|p| p.minor),
                price_text,
                sold_out: card.sold_out,
                image: image.map(|i| i.square.as_ref().map_or(i.url.as_str(), |s| s.url.as_str())),
                alt: image.map_or("", |i| i.alt.as_str()),
            }
        })
        .collect();
    let categories = categories
        .iter()
        .map(|c| Category {
            slug: &c.slug,
            title: &c.title,
        })
        .collect();
    serde_json::to_string(&Index {
        categories,
        products,
    })
    .unwrap_or_default()
}
