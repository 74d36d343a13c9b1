//! Categories and tags: the terms a file lists become slugged [`Term`]s, and the terms of
//! all products become [`Taxonomy`] listings with the products in each.
//!
//! Categories can also be configured in `shop.yaml` (title, description, image); those come
//! first, in config order. Tags exist only because products use them.

use super::{Asset, Product, Taxonomy, Term};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use std::sync::Arc;

/// The terms of the names a file lists: slugged, with names that have no slug and repeated
/// slugs left out.
pub(super) fn terms(names: &[String]) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for name in names {
        let slug = slug::slugify(name);
        if !slug.is_empty() && !terms.iter().any(|t| t.slug == slug) {
            terms.push(Term {
                name: name.trim().to_owned(),
                slug,
            });
        }
    }
    terms
}

/// A term with the indices of the products `of` puts in it.
fn taxonomy(
    term: Term,
    title: String,
    description: String,
    products: &[Arc<Product>],
    of: impl Fn(&Product) -> &Vec<Term>,
) -> Taxonomy {
    let members = products
        .iter()
        .enumerate()
        .filter(|(_, p)| of(p).iter().any(|t| t.slug == term.slug))
        .map(|(i, _)| i)
        .collect();
    Taxonomy {
        term,
        title,
        description,
        image: None,
        products: members,
    }
}

/// Categories: those configured first, in config order (with their images checked against
/// `static/`), then any others products use.
pub(super) fn categories(
    config: &Config,
    products: &[Arc<Product>],
    static_files: &[Asset],
    diagnostics: &mut Diagnostics,
) -> Vec<Taxonomy> {
    fn of(p: &Product) -> &Vec<Term> {
        &p.categories
    }
    let mut result: Vec<Taxonomy> = Vec::new();
    for (slug, c) in &config.categories {
        let name = c.title.clone().unwrap_or_else(|| slug.clone());
        let term = Term {
            name: name.clone(),
            slug: slug::slugify(slug),
        };
        let mut category = taxonomy(term, name, c.description.clone(), products, of);
        if let Some(image) = &c.image {
            let wanted = image.trim_start_matches('/');
            if static_files.iter().any(|f| f.output == wanted) {
                category.image = Some(wanted.to_owned());
            } else {
                diagnostics.push(
                    config
                        .error_at(
                            &format!("categories.{slug}.image"),
                            format!("category image `{image}` is not in static/"),
                        )
                        .with_hint(format!(
                            "put the picture at static/{wanted}, or correct the path"
                        )),
                );
            }
        }
        result.push(category);
    }
    for t in taxonomies_by_name(products, of) {
        if !result.iter().any(|r| r.term.slug == t.term.slug) {
            result.push(t);
        }
    }
    result
}

/// Every term products use, sorted by name.
pub(super) fn taxonomies_by_name(
    products: &[Arc<Product>],
    of: impl Fn(&Product) -> &Vec<Term> + Copy,
) -> Vec<Taxonomy> {
    let mut terms: Vec<Term> = Vec::new();
    for p in products {
        for t in of(p) {
            if !terms.iter().any(|x| x.slug == t.slug) {
                terms.push(t.clone());
            }
        }
    }
    terms.sort_by_key(|t| t.name.to_lowercase());
    terms
        .into_iter()
        .map(|t| {
            let title = t.name.clone();
            taxonomy(t, title, String::new(), products, of)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_of_names_are_readable() {
        assert_eq!(terms(&["亚麻围裙".into()])[0].slug, "ya-ma-wei-qun");
        assert_eq!(terms(&["Prints".into(), "prints".into()]).len(), 1);
    }
}
