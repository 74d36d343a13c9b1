//! Reviews: `reviews:` in a product's front matter, and `reviews.yaml` at the shop's root for
//! sellers who keep them in one place (each entry names its product's slug; entries without
//! one are testimonials about the shop). Ratings are checked to be 1-5 stars, since search
//! engines show them.

use std::path::Path;
use std::sync::Arc;

use super::raw::RawReview;
use super::{Product, Review};
use crate::date::parse_date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fs::read_optional;
use crate::yaml::{self, Positions};

/// The file's name in the shop folder.
pub const REVIEWS_FILE: &str = "reviews.yaml";

/// A review checked: 1-5 stars and a real date; `Err((key, message, hint))` names what is
/// wrong under `key` (`rating` or `date`).
pub(super) fn check(raw: &RawReview) -> Result<Review, Vec<(&'static str, String, &'static str)>> {
    let mut problems = Vec::new();
    let rating = u8::try_from(raw.rating)
        .ok()
        .filter(|r| (1..=5).contains(r));
    if rating.is_none() {
        problems.push((
            "rating",
            format!("a rating of {} is not 1 to 5 stars", raw.rating),
            "write the stars the buyer gave, a whole number from 1 to 5",
        ));
    }
    let date = match raw.date.as_deref().map(|d| (d, parse_date(d))) {
        Some((text, None)) => {
            problems.push((
                "date",
                format!("`{text}` is not a date"),
                "write the date as YYYY-MM-DD, such as 2026-03-01",
            ));
            None
        }
        Some((_, date)) => date,
        None => None,
    };
    match rating {
        Some(rating) if problems.is_empty() => Ok(Review {
            author: raw.author.trim().to_owned(),
            rating,
            text: raw.text.trim().to_owned(),
            date,
            verified: raw.verified,
        }),
        _ => Err(problems),
    }
}

/// Newest first; undated ones last, in the order written.
pub(super) fn sort_newest_first(reviews: &mut [Review]) {
    reviews.sort_by(|a, b| b.date.cmp(&a.date));
}

/// Reads `reviews.yaml` when there is one: adds each entry to its product and returns the
/// testimonials. Every mistake is an error at its line, and a file that cannot be read is
/// one too; a slug of a product that `failed` to load is none.
pub(super) fn apply_reviews_file(
    root: &Path,
    products: &mut [Arc<Product>],
    failed: &[String],
    diagnostics: &mut Diagnostics,
) -> Vec<Review> {
    let Some(source) = read_optional(root, REVIEWS_FILE, diagnostics) else {
        return Vec::new();
    };
    let file = Path::new(REVIEWS_FILE);
    let positions = Positions::of(&source, 0);
    let entries: Vec<RawReview> = match yaml::parse(file, &source, &source, 0, &positions) {
        Ok(entries) => entries,
        Err(d) => {
            diagnostics.push(d);
            return Vec::new();
        }
    };
    let error = |key: &str, message: String, hint: &str| {
        Diagnostic::error(file, positions.value(key), message)
            .with_hint(hint)
            .with_source(&source)
    };
    let mut testimonials = Vec::new();
    let mut touched = vec![false; products.len()];
    for (i, raw) in entries.iter().enumerate() {
        let review = match check(raw) {
            Ok(review) => review,
            Err(problems) => {
                for (key, message, hint) in problems {
                    diagnostics.push(error(&format!("{i}.{key}"), message, hint));
                }
                continue;
            }
        };
        let Some(slug) = &raw.product else {
            testimonials.push(review);
            continue;
        };
        match products.iter().position(|p| &p.slug == slug) {
            Some(p) => {
                let product = Arc::make_mut(&mut products[p]);
                product.fingerprint = crate::digest::fingerprint((product.fingerprint, i, &review));
                product.reviews.push(review);
                touched[p] = true;
            }
            None if !failed.contains(slug) => diagnostics.push(error(
                &format!("{i}.product"),
                format!("no product has the slug `{slug}`"),
                "write the product's slug, the last part of its address: /products/<slug>/",
            )),
            None => {}
        }
    }
    for (product, _) in products.iter_mut().zip(touched).filter(|(_, t)| *t) {
        sort_newest_first(&mut Arc::make_mut(product).reviews);
    }
    sort_newest_first(&mut testimonials);
    testimonials
}
