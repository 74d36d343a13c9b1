//! `site`: the shop-wide data every page receives.

use serde::Serialize;

use super::settings::{AnalyticsView, CommunityView, ContactView, LegalView, NewsletterView};
use super::{ReviewView, ShippingView, TermView, ViewBuilder, brand};
use crate::config::MenuItem;

/// The returns policy as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnsView {
    /// Days to return an item; 0 means no returns.
    pub days: u32,
    /// True when the shop pays for the return.
    pub free: bool,
}

/// A menu entry with its resolved URL.
#[derive(Debug, Clone, Serialize)]
pub struct MenuView {
    /// Text.
    pub label: String,
    /// URL.
    pub url: String,
    /// Site path the entry points at, to mark the current page.
    pub path: String,
}

/// A social link.
#[derive(Debug, Clone, Serialize)]
pub struct SocialView {
    /// Network name.
    pub name: String,
    /// Profile URL.
    pub url: String,
}

/// Shop-wide data, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Shop name.
    pub title: String,
    /// Description.
    pub description: String,
    /// BCP 47 tag, for `<html lang>`.
    pub language: String,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// `""` or `/shop`.
    pub base_path: String,
    /// Default currency code.
    pub currency: &'static str,
    /// Contact details.
    pub contact: ContactView,
    /// Social links in order.
    pub social: Vec<SocialView>,
    /// Header menu.
    pub menu: Vec<MenuView>,
    /// Categories with products.
    pub categories: Vec<TermView>,
    /// Footer legal lines.
    pub legal: LegalView,
    /// Free settings for themes.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// URLs of the generated sections.
    pub urls: SectionUrls,
    /// Whether the shop has posts, to show the journal link.
    pub has_posts: bool,
    /// Pages (about, shipping, FAQ) by weight, for the footer.
    pub pages: Vec<LinkView>,
    /// Visitor counting; absent when not configured and in `shop serve`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics: Option<AnalyticsView>,
    /// Newsletter signup form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newsletter: Option<NewsletterView>,
    /// Community block; its `qr` is a URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub community: Option<CommunityView>,
    /// The "Only N left" threshold.
    pub low_stock: u32,
    /// Prices include tax, and product pages say so.
    pub prices_include_tax: bool,
    /// Shipping rates.
    pub shipping: Vec<ShippingView>,
    /// The returns policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returns: Option<ReturnsView>,
    /// The page explaining shipping and returns in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_page: Option<String>,
    /// Where buyers land after paying.
    pub thanks: String,
    /// What buyers say about the shop, newest first.
    pub testimonials: Vec<ReviewView>,
    /// The brand's look and texts (`brand:` in `shop.yaml`), the same for every theme.
    pub brand: brand::BrandView,
    /// The basket's page, script and price list, with `basket:` on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basket: Option<super::basket::BasketView>,
}

/// A page as every page can link to it: the footer lists them, and a theme may introduce
/// one (the editorial home page tells the shop's story from its about page).
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
    /// URL slug, to pick a page by name (`about`).
    pub slug: String,
    /// One line: front matter `summary`, or the body's first paragraph.
    pub summary: String,
}

/// URLs of the fixed sections.
#[derive(Debug, Clone, Serialize)]
pub struct SectionUrls {
    /// Home page.
    pub home: String,
    /// All products.
    pub products: String,
    /// Post listing.
    pub posts: String,
    /// The stylesheet.
    pub stylesheet: String,
    /// The site icon.
    pub favicon: String,
    /// The Atom feed.
    pub feed: String,
    /// The search page.
    pub search: String,
    /// The search index the search page's script reads.
    pub search_index: String,
    /// The search page's script.
    pub search_script: String,
    /// The contact page, when the shop has one (`contact: {page: true}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The printable catalogue.
    pub catalog: String,
}

impl ViewBuilder<'_> {
    /// The site-wide view.
    pub fn site_view(&self, stylesheet: String) -> SiteView {
        let config = &self.site.config;
        SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_url: config.base_url.to_string(),
            base_path: self.urls.base_path().to_owned(),
            currency: config.currency.code(),
            contact: self.contact_view(&config.contact),
            social: config
                .social
                .iter()
                .map(|(name, url)| SocialView {
                    name: name.clone(),
                    url: url.clone(),
                })
                .collect(),
            menu: config
                .menu
                .iter()
                .map(|item| self.menu_view(item))
                .collect(),
            categories: self
                .site
                .categories
                .iter()
                .filter(|c| !c.products.is_empty())
                .map(|c| self.taxonomy_view(c, "categories"))
                .collect(),
            legal: LegalView::of(&config.legal),
            extra: config.extra.clone(),
            urls: self.section_urls(stylesheet),
            has_posts: !self.site.posts.is_empty(),
            low_stock: config.low_stock,
            prices_include_tax: config.prices_include_tax,
            shipping: config
                .shipping
                .iter()
                .map(|rate| self.shipping_view(rate, rate.price))
                .collect(),
            returns: config.returns.as_ref().map(|r| ReturnsView {
                days: r.days,
                free: r.free,
            }),
            shipping_page: config.shipping_page.as_ref().map(|p| self.urls.path(p)),
            thanks: self.urls.path("/thanks/"),
            testimonials: self.site.testimonials.iter().map(ReviewView::of).collect(),
            basket: None,
            brand: self.brand_view(self.urls.file("/assets/favicon.svg"), &crate::date::today()),
            analytics: AnalyticsView::of(&config.analytics).filter(|_| !self.preview),
            newsletter: config.newsletter.as_ref().map(NewsletterView::of),
            community: config.community.as_ref().map(|c| self.community_view(c)),
            pages: self
                .site
                .pages
                .iter()
                .map(|p| LinkView {
                    title: p.title.clone(),
                    url: self.urls.path(&p.path()),
                    slug: p.slug.clone(),
                    summary: p.summary.clone(),
                })
                .collect(),
        }
    }

    /// A header menu entry: a site path under the base path and language prefix, kept
    /// as written for comparing with `current_path`; any other URL as it is.
    fn menu_view(&self, item: &MenuItem) -> MenuView {
        let internal = crate::web::is_on_site(&item.url);
        MenuView {
            label: item.label.clone(),
            url: if internal {
                self.urls.path(&item.url)
            } else {
                item.url.clone()
            },
            path: if internal {
                item.url.clone()
            } else {
                String::new()
            },
        }
    }

    /// The URLs of the generated sections, `stylesheet` being the theme's.
    fn section_urls(&self, stylesheet: String) -> SectionUrls {
        SectionUrls {
            home: self.urls.path("/"),
            products: self.urls.path("/products/"),
            posts: self.urls.path("/posts/"),
            stylesheet,
            favicon: self.urls.file("/assets/favicon.svg"),
            feed: self.urls.path("/atom.xml"),
            search: self.urls.path("/search/"),
            search_index: self.urls.path("/search.json"),
            search_script: self.urls.file("/assets/search.js"),
            contact: self
                .site
                .config
                .contact
                .page
                .then(|| self.urls.path("/contact/")),
            catalog: self.urls.path("/catalog/"),
        }
    }
}
