//! Categories and tags: the terms a file lists become slugged [`Term`]s, and the terms of
//! all products become [`Taxonomy`] listings with the products in each.
//!
//! Categories can also be configured in `shop.yaml` (title, description, image); those come
//! first, in config order. Tags exist only because products use them.

use super::{Asset, Product, Taxonomy, Term};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use foldhash::{HashMap, HashMapExt};
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

/// Every term products use, in the order first met, with the indices of the products in
/// each: one pass over the catalogue, since a shop may have thousands of tags.
struct Members {
    terms: Vec<Term>,
    products: HashMap<String, Vec<usize>>,
}

impl Members {
    fn of(products: &[Arc<Product>], of: impl Fn(&Product) -> &Vec<Term>) -> Members {
        let mut members = Members {
            terms: Vec::new(),
            products: HashMap::new(),
        };
        for (i, p) in products.iter().enumerate() {
            for t in of(p) {
                match members.products.get_mut(&t.slug) {
                    Some(indices) => indices.push(i),
                    None => {
                        members.products.insert(t.slug.clone(), vec![i]);
                        members.terms.push(t.clone());
                    }
                }
            }
        }
        members
    }

    /// The listing of `term`, with the products in it.
    fn taxonomy(&self, term: Term, title: String, description: String) -> Taxonomy {
        let products = self.products.get(&term.slug).cloned().unwrap_or_default();
        Taxonomy {
            term,
            title,
            description,
            image: None,
            products,
        }
    }

    /// Every term, sorted by name.
    fn by_name(self) -> Vec<Taxonomy> {
        let mut terms = self.terms.clone();
        terms.sort_by_cached_key(|t| t.name.to_lowercase());
        terms
            .into_iter()
            .map(|t| {
                let title = t.name.clone();
                self.taxonomy(t, title, String::new())
            })
            .collect()
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
    let members = Members::of(products, |p| &p.categories);
    let mut result: Vec<Taxonomy> = Vec::new();
    for (slug, c) in &config.categories {
        let name = c.title.clone().unwrap_or_else(|| slug.clone());
        let term = Term {
            name: name.clone(),
            slug: slug::slugify(slug),
        };
        let mut category = members.taxonomy(term, name, c.description.clone());
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
    for t in members.by_name() {
        if !result.iter().any(|r| r.term.slug == t.term.slug) {
            result.push(t);
        }
    }
    result
}

/// Each tag `languages:` names in another language is one that products use (by its name
/// or slug); an error at each other, with the closest tag.
pub(super) fn check_tag_translations(config: &Config, tags: &[Taxonomy]) -> Diagnostics {
    let slugs: Vec<String> = tags.iter().map(|t| t.term.slug.clone()).collect();
    let mut found = Diagnostics::default();
    for (language, settings) in &config.languages {
        for tag in settings.tags.keys() {
            if slugs.contains(&slug::slugify(tag)) {
                continue;
            }
            let near = crate::diagnostics::closest(&slug::slugify(tag), &slugs)
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            found.push(
                config
                    .error_at(
                        &format!("languages.{language}.tags.{tag}"),
                        format!("no product has the tag `{tag}`"),
                    )
                    .with_hint(format!(
                        "{near}write a tag as the products write it in `tags:`, or remove it"
                    )),
            );
        }
    }
    found
}

/// Every term products use, sorted by name.
pub(super) fn taxonomies_by_name(
    products: &[Arc<Product>],
    of: impl Fn(&Product) -> &Vec<Term>,
) -> Vec<Taxonomy> {
    Members::of(products, of).by_name()
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
