//! What templates see: plain serializable views built from the model, so the theme-facing
//! schema (documented in `docs/themes.md`) stays stable whatever the internals become.
//!
//! Below render, which fills the templates with them, and seo, which reads the same views
//! for JSON-LD, feeds and the sitemap. One module per thing a template shows:
//!
//! - [`site`]: `site`, the shop-wide data every page receives;
//! - [`settings`]: the `shop.yaml` settings templates print (contact, newsletter...);
//! - [`product`]: products, their variants, prices and reviews;
//! - [`buy`]: how to pay for a product or variant;
//! - [`basket`]: the basket's links, form, page and price list;
//! - [`image`]: photos in every size;
//! - [`page`]: pages and posts;
//! - [`terms`]: links to categories and tags;
//! - [`brand`]: the shop's look (colours, fonts, hero, logo) and its stylesheet;
//! - [`languages`]: each page in every language, for the switcher and `hreflang`;
//! - [`video`]: product videos as players and links;
//! - [`urls`]: site paths made URLs.

pub mod basket;
pub mod brand;
pub mod buy;
pub mod image;
pub mod languages;
pub mod page;
pub mod product;
pub mod settings;
pub mod shipping;
pub mod site;
pub mod terms;
pub mod urls;
pub mod video;

use std::collections::BTreeMap;

pub use buy::{AskView, ButtonView, BuyView, QrView};
pub use image::{ImageView, SquareView, VersionView};
pub use page::PageView;
pub use product::{
    OptionValueView, PriceView, ProductView, RatingView, ReviewView, ShareView, VariantView,
};
pub use shipping::ShippingView;
pub use site::{LinkView, MenuView, ReturnsView, SectionUrls, SiteView, SocialView};
pub use terms::{TermIndex, TermView};
pub use urls::Urls;

use crate::content::Site;
use crate::images::Images;
use crate::money::Money;

/// UI strings of the theme in the shop's language, with the shop's overrides.
pub type Strings = BTreeMap<String, String>;

/// Builds views from the model; holds what every view needs.
pub struct ViewBuilder<'a> {
    /// The shop.
    pub site: &'a Site,
    /// UI strings.
    pub strings: &'a Strings,
    /// URL maker.
    pub urls: Urls,
    /// Processed photos.
    pub images: &'a Images,
    /// A local preview (`shop serve`), which leaves analytics out.
    pub preview: bool,
    /// The shop's categories and tags by slug.
    pub terms: TermIndex<'a>,
}

impl<'a> ViewBuilder<'a> {
    fn language(&self) -> &str {
        &self.site.config.language
    }

    pub(crate) fn string(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    fn price(&self, money: Money) -> PriceView {
        PriceView::new(money, self.language())
    }
}
