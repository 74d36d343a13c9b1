//! The client-side search index (`/search.json`): what the search page's script needs to
//! find, filter and sort products, and nothing more, so it stays small enough to fetch at
//! once (about 200 bytes a product).

use serde::Serialize;

use crate::content::StockState;
use crate::views::{ProductView, TermView};

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
    /// The badge a listing card shows on the photo (`sold_out`, `preorder` or `sale`), so
    /// a result reads like the product's card.
    #[serde(skip_serializing_if = "Option::is_none")]
    badge: Option<&'static str>,
    /// The smallest square thumbnail, for the result list.
    image: Option<&'a str>,
    alt: &'a str,
}

/// The badge of a product's card, as the themes' card templates pick it: sold out first,
/// then pre-order, then sale.
fn badge(card: &ProductView) -> Option<&'static str> {
    if card.sold_out {
        Some("sold_out")
    } else if card.state == StockState::Preorder {
        Some("preorder")
    } else if card.compare_at.is_some() {
        Some("sale")
    } else {
        None
    }
}

/// The whole index: the categories, then the products' entries as made by [`entry`].
#[derive(Debug, Serialize)]
struct Categories<'a> {
    categories: Vec<Category<'a>>,
}

#[derive(Debug, Serialize)]
struct Category<'a> {
    slug: &'a str,
    title: &'a str,
}

/// A product's entry of the index as JSON; `from` is the theme's word before a price that
/// varies. Kept with the product's page, so a rebuild joins entries instead of writing
/// 10,000 again.
pub fn entry(card: &ProductView, from: &str) -> String {
    let image = card.images.first();
    let price_text = match &card.price {
        Some(price) if card.price_varies => format!("{from} {}", price.formatted),
        Some(price) => price.formatted.clone(),
        None => String::new(),
    };
    let entry = Entry {
        title: &card.title,
        url: &card.url,
        summary: &card.summary,
        sku: card.sku.as_deref(),
        categories: card.categories.iter().map(|c| c.slug.as_str()).collect(),
        tags: card.tags.iter().map(|t| t.title.as_str()).collect(),
        price: card.price.as_ref().map(|p| p.minor),
        price_text,
        sold_out: card.sold_out,
        badge: badge(card),
        image: image.map(|i| i.square.as_ref().map_or(i.url.as_str(), |s| s.url.as_str())),
        alt: image.map_or("", |i| i.alt.as_str()),
    };
    serde_json::to_string(&entry).unwrap_or_default()
}

/// The index of every published product, in catalogue order, as JSON, from the products'
/// [`entry`]s.
pub fn index(entries: &[&str], categories: &[TermView]) -> String {
    let categories = Categories {
        categories: categories
            .iter()
            .map(|c| Category {
                slug: &c.slug,
                title: &c.title,
            })
            .collect(),
    };
    let head = serde_json::to_string(&categories).unwrap_or_default();
    let mut json =
        String::with_capacity(head.len() + entries.iter().map(|e| e.len() + 1).sum::<usize>() + 16);
    json.push_str(head.trim_end_matches('}'));
    json.push_str(",\"products\":[");
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(entry);
    }
    json.push_str("]}");
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_joins_entries_into_one_json_document() {
        let categories = [TermView {
            name: "Prints".into(),
            title: "Prints \"&\" more".into(),
            slug: "prints".into(),
            url: "/categories/prints/".into(),
            count: 2,
            description: String::new(),
            image: None,
        }];
        let json = index(&[r#"{"title":"A"}"#, r#"{"title":"B"}"#], &categories);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["categories"][0]["title"], "Prints \"&\" more");
        assert_eq!(value["products"][1]["title"], "B");
        let empty: serde_json::Value = serde_json::from_str(&index(&[], &[])).unwrap();
        assert_eq!(empty["products"], serde_json::json!([]));
    }
}
