//! Categories and tags as templates link to them, indexed by slug so ten thousand
//! products find their links without a search each.

use foldhash::HashMap;
use serde::Serialize;

use super::{Urls, ViewBuilder};
use crate::content::{Product, Site, Taxonomy, Term};

/// A link to a category or tag.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    /// Name as written.
    pub name: String,
    /// Display title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Page URL.
    pub url: String,
    /// Products in it.
    pub count: usize,
    /// Intro text.
    pub description: String,
    /// URL of the category's picture, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// Categories and tags by slug, for the links each product shows: a look-up instead of a
/// search through a shop's thousand tags for each of its ten thousand products.
#[derive(Debug)]
pub struct TermIndex<'a> {
    categories: HashMap<&'a str, IndexedTerm<'a>>,
    tags: HashMap<&'a str, IndexedTerm<'a>>,
}

/// One category or tag of a [`TermIndex`].
#[derive(Debug)]
struct IndexedTerm<'a> {
    taxonomy: &'a Taxonomy,
    /// A digest of what a link to it shows.
    shown: u64,
    /// The link as a template value, shared by every card that shows it: a 10,000-product
    /// shop keeps all its cards in memory for the listing pages.
    value: tera::Value,
}

impl<'a> TermIndex<'a> {
    /// The index of `site`'s categories and tags, linked with `urls`.
    pub fn new(site: &'a Site, urls: &Urls) -> TermIndex<'a> {
        let by_slug = |all: &'a [Taxonomy], kind: &str| {
            all.iter()
                .map(|t| {
                    let term = IndexedTerm {
                        taxonomy: t,
                        shown: Self::shown(t),
                        value: tera::Value::from_serializable(&term_view(urls, t, kind)),
                    };
                    (t.term.slug.as_str(), term)
                })
                .collect()
        };
        TermIndex {
            categories: by_slug(&site.categories, "categories"),
            tags: by_slug(&site.tags, "tags"),
        }
    }

    /// A digest of what a link to `taxonomy` shows.
    fn shown(t: &Taxonomy) -> u64 {
        let shown = (
            &t.term.name,
            &t.term.slug,
            &t.title,
            &t.description,
            &t.image,
        );
        crate::digest::fingerprint((shown, t.products.len()))
    }

    /// The entries of a product's categories (`kind` "categories") or tags.
    fn of<'t>(
        &'t self,
        terms: &'t [Term],
        kind: &str,
    ) -> impl Iterator<Item = &'t IndexedTerm<'a>> + 't {
        let all = if kind == "categories" {
            &self.categories
        } else {
            &self.tags
        };
        terms.iter().filter_map(|t| all.get(t.slug.as_str()))
    }
}

/// The link to a category (`kind` "categories") or tag.
fn term_view(urls: &Urls, taxonomy: &Taxonomy, kind: &str) -> TermView {
    TermView {
        name: taxonomy.term.name.clone(),
        title: taxonomy.title.clone(),
        slug: taxonomy.term.slug.clone(),
        url: urls.path(&format!("/{kind}/{}/", taxonomy.term.slug)),
        count: taxonomy.products.len(),
        description: taxonomy.description.clone(),
        image: taxonomy.image.as_ref().map(|i| urls.file(&format!("/{i}"))),
    }
}

impl ViewBuilder<'_> {
    /// A category or tag link.
    pub fn taxonomy_view(&self, taxonomy: &Taxonomy, kind: &str) -> TermView {
        term_view(&self.urls, taxonomy, kind)
    }

    /// The category and tag links a product shows, which change when other products join
    /// or leave them.
    pub fn term_links(&self, product: &Product) -> (Vec<TermView>, Vec<TermView>) {
        (
            self.term_views(&product.categories, "categories"),
            self.term_views(&product.tags, "tags"),
        )
    }

    pub(super) fn term_views(&self, terms: &[Term], kind: &str) -> Vec<TermView> {
        self.terms
            .of(terms, kind)
            .map(|t| self.taxonomy_view(t.taxonomy, kind))
            .collect()
    }

    /// The links to `terms` (`kind` "categories" or "tags") as template values, shared by
    /// every card that shows them.
    pub(super) fn term_values(&self, terms: &[Term], kind: &str) -> Vec<tera::Value> {
        self.terms
            .of(terms, kind)
            .map(|t| t.value.clone())
            .collect()
    }

    /// A digest of what [`Self::term_links`] shows for a product, without making the links:
    /// it decides whether a product's page from the previous build can be reused.
    pub fn term_links_digest(&self, product: &Product) -> u64 {
        let mut hasher = crate::digest::fingerprinter();
        for (terms, kind) in [(&product.categories, "categories"), (&product.tags, "tags")] {
            for term in self.terms.of(terms, kind) {
                std::hash::Hash::hash(&(kind, term.shown), &mut hasher);
            }
        }
        std::hash::Hasher::finish(&hasher)
    }
}
