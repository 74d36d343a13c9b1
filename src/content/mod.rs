//! Content: products, pages and posts read from the shop folder, validated all at once.
//!
//! Loading never stops at the first mistake: every file is read and checked, and all
//! diagnostics come back together with the model of whatever was valid.
//!
//! This file holds the model the rest of the shop renders ([`Site`] and what it contains)
//! and [`load`], which builds it. The work is done in the submodules:
//!
//! - `load`: the whole shop read (in parallel, reusing a previous build's work) and checked
//!   across files;
//! - `files`: which files of the shop folder are content, and the files under `static/`;
//! - `loader`: reading one Markdown file and checking its front matter into the model;
//! - `paths`: the site paths products and pages take, and the rules that keep them apart;
//! - `taxonomy`: categories and tags, and the products in each;
//! - [`front_matter`] and `raw`: a file's YAML, split off and deserialized as written
//!   (with [`crate::yaml`]);
//! - [`buy`]: payment links (prices are [`crate::money`]);
//! - [`stripe_lock`]: `stripe.lock`, which gives `stripe: auto` its Payment Link;
//! - [`video`]: product videos, files and links to a video host.

pub mod buy;
mod cache;
mod downloads;
mod files;
pub mod front_matter;
mod load;
mod loader;
mod localize;
mod paths;
mod raw;
mod reviews;
mod stock;
pub mod stripe_lock;
mod taxonomy;
pub mod video;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::Position;
use crate::money::{Currency, Money};
use buy::Buy;
pub use cache::LoadCache;
pub use downloads::{DOWNLOAD_COMMAND, DOWNLOADS_FILE};
pub use load::{Loaded, load, load_cached, load_product};

pub use reviews::REVIEWS_FILE;
pub use stock::STOCK_FILE;
pub(crate) use stock::record_line;

/// First path segments that belong to generated sections, so no page may take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "products",
    "posts",
    "categories",
    "tags",
    "catalog",
    "qr",
    "feeds",
    "static",
    "assets",
    "search",
    "basket",
    "404",
    "en",
    "zh",
    "zh-cn",
    "zh-tw",
    "zh-hk",
    "ja",
    "ko",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "pt-br",
    "pt-pt",
    "nl",
    "ru",
    "ar",
];

/// Whether drafts are part of the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Drafts {
    /// Drafts are validated but left out.
    #[default]
    Exclude,
    /// Drafts are published too (previews).
    Include,
}

/// A category or tag name with its URL slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// As the seller wrote it.
    pub name: String,
    /// For URLs.
    pub slug: String,
}

/// A file copied beside a page's `index.html`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute source path.
    pub source: PathBuf,
    /// Path relative to the page's folder, with `/` separators.
    pub output: String,
    /// Whether the image pipeline processes it or it is copied as it is.
    pub kind: AssetKind,
    /// Where the content file names it, for diagnostics about the file itself.
    pub at: Position,
}

/// What becomes of an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// A photo (JPEG, PNG, WebP): resized, converted, stripped of metadata, never copied.
    Photo,
    /// Anything else (a QR code, an SVG, a PDF): copied as it is.
    File,
}

impl AssetKind {
    /// A photo when its extension is one the pipeline reads.
    pub fn of_image(path: &Path) -> AssetKind {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if matches!(extension.as_str(), "jpg" | "jpeg" | "png" | "webp") {
            AssetKind::Photo
        } else {
            AssetKind::File
        }
    }
}

/// A product photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    /// Absolute source path, to find the processed versions.
    pub source: PathBuf,
    /// Path relative to the product's folder in the output.
    pub output: String,
    /// Alternative text; empty only when the seller gave none.
    pub alt: String,
}

/// One purchasable version of a product (a size, a format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Shown on its button group: the seller's `name`, or the option values joined.
    pub name: String,
    /// Its value of each of the product's options, in the product's option order.
    pub options: Vec<(String, String)>,
    /// Its own photo, when it has one.
    pub image: Option<Image>,
    /// Stock-keeping unit.
    pub sku: Option<String>,
    /// Its price, or the product's.
    pub price: Money,
    /// Was-price, when on sale.
    pub compare_at: Option<Money>,
    /// Items left; `None` when not tracked.
    pub stock: Option<u32>,
    /// How to pay for this variant.
    pub buy: Buy,
}

/// The name of a variant without a `name:` of its own: its option values (`M / Natural`).
pub(crate) fn joined_values(options: &[(String, String)]) -> String {
    options
        .iter()
        .map(|(_, value)| value.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Where a content file's keys and body lie, so later stages can point what they find (a
/// photo too small for search results, a broken link) at the right line.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// Positions of the front matter's keys and values.
    pub positions: crate::yaml::Positions,
    /// The file's text, for the source line under a diagnostic.
    pub source: String,
    /// The line the Markdown body starts on.
    pub body_line: usize,
}

/// A product, page or post in another language (`apron.zh-CN.md` beside `apron.md`).
#[derive(Debug, Clone)]
pub struct Translation {
    /// Source file, relative to the shop folder.
    pub file: PathBuf,
    /// Title in this language.
    pub title: String,
    /// URL slug in this language (the original's unless given).
    pub slug: String,
    /// One line in this language; the original's when the translation has neither a
    /// summary nor a body.
    pub summary: Option<String>,
    /// Markdown in this language; the original's when empty.
    pub body: Option<String>,
    /// Alt texts of the original's photos in this language, by file name.
    pub alt: HashMap<String, String>,
    /// Payment options for this language's buyers (an Alipay code on the Chinese page);
    /// the original's when absent.
    pub buy: Option<Buy>,
    /// Files it names (payment QR codes), copied beside the translated page.
    pub assets: Vec<Asset>,
    /// The product's options in this language, by their name in the original.
    pub options: HashMap<String, OptionTranslation>,
    /// The names of the product's variants in this language, by their original name.
    pub variants: HashMap<String, String>,
    /// Where its keys are in its file.
    pub origin: Arc<Origin>,
}

/// A product option in another language (`options:` of a translation): what buyers read
/// on its page, in its basket and structured data; SKUs and payment links stay as they are.
#[derive(Debug, Clone, Default)]
pub struct OptionTranslation {
    /// The option's name (`尺寸` for `Size`); the original's when absent.
    pub name: Option<String>,
    /// Its values, by the original value; a value left out stays as written.
    pub values: HashMap<String, String>,
}

/// A buyer's review or a testimonial, as the seller copied it from an email or a
/// marketplace: shown as written, and the only source of ratings in structured data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Review {
    /// The buyer's name as they agreed to show it.
    pub author: String,
    /// 1 to 5 stars.
    pub rating: u8,
    /// What they wrote.
    pub text: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Written by someone who bought the product.
    pub verified: bool,
}

/// Whether a product sells once its stock is gone: pre-orders and backorders take
/// orders at stock 0, so they are never shown as sold out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Sold from stock; sold out at 0.
    #[default]
    InStock,
    /// Not released yet: orders now, ships on the ship date.
    Preorder,
    /// Made or restocked to order: orders at stock 0, ships later.
    Backorder,
}

/// What a buyer can do with a product or variant right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StockState {
    /// Buy now from stock (or stock is not tracked).
    InStock,
    /// Order now, ships on the ship date.
    Preorder,
    /// Order now, ships when made or restocked.
    Backorder,
    /// Cannot be bought.
    SoldOut,
}

impl StockState {
    /// The state of stock `stock` sold as `availability`: a pre-order is always a
    /// pre-order, a backorder is one once stock runs out (or when stock is not tracked).
    pub fn of(availability: Availability, stock: Option<u32>) -> Self {
        match (availability, stock) {
            (Availability::Preorder, _) => StockState::Preorder,
            (Availability::Backorder, None | Some(0)) => StockState::Backorder,
            (Availability::InStock, Some(0)) => StockState::SoldOut,
            _ => StockState::InStock,
        }
    }
}

/// What kind of thing is sold: it decides shipping notes and how the price reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A thing that is shipped.
    #[default]
    Physical,
    /// A download: nothing is shipped.
    Digital,
    /// Charged again every interval.
    Subscription,
}

/// How often a subscription is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Every week.
    Week,
    /// Every month.
    Month,
    /// Every year.
    Year,
}

impl Interval {
    /// As written in front matter and in Google's `subscription_cost`.
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Week => "week",
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }
}

/// The state a product is sold in, for structured data and shopping feeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    /// Never used: what almost every shop sells.
    #[default]
    New,
    /// Worn or second-hand.
    Used,
    /// Repaired or restored to work like new.
    Refurbished,
}

impl Condition {
    /// As written in front matter and in shopping feeds.
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::New => "new",
            Condition::Used => "used",
            Condition::Refurbished => "refurbished",
        }
    }
}

/// One property the variants of a product differ in, with its values in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductOption {
    /// As buyers read it: the seller's `Size`, or its translation on a translated page.
    pub name: String,
    /// `S`, `M`, `L`, as buyers read them.
    pub values: Vec<String>,
    /// The name as the product's own file writes it in every language, which tells
    /// search engines what the option is (`Size` is schema.org's `size`).
    pub original: String,
}

/// A product, checked and ready to render.
#[derive(Debug, Clone)]
pub struct Product {
    /// Digest of everything the product was made from (its file, the files it names, the
    /// config): equal digests mean equal products, so later stages can reuse their work.
    pub fingerprint: u64,
    /// Source file, relative to the shop folder.
    pub file: PathBuf,
    /// URL slug.
    pub slug: String,
    /// Name.
    pub title: String,
    /// One line for cards and meta descriptions.
    pub summary: String,
    /// Markdown description.
    pub body: String,
    /// Price, unless every variant has its own.
    pub price: Option<Money>,
    /// Was-price.
    pub compare_at: Option<Money>,
    /// The currency of every price of the product.
    pub currency: Currency,
    /// Stock-keeping unit.
    pub sku: Option<String>,
    /// Items left; `None` when not tracked.
    pub stock: Option<u32>,
    /// Whether it takes orders at stock 0.
    pub availability: Availability,
    /// When pre-orders and backorders ship, `YYYY-MM-DD`.
    pub ship_date: Option<String>,
    /// Shipped, downloaded or subscribed to.
    pub kind: Kind,
    /// How often a subscription is charged; `Some` exactly for subscriptions.
    pub interval: Option<Interval>,
    /// The profile of `shipping:` its postage comes from; the standard one when `None`.
    pub shipping_profile: Option<String>,
    /// Each unit ships in a parcel of its own and pays its profile's `alone` price.
    pub ships_separately: bool,
    /// Maker's brand; the shop's `brand` when the product names none.
    pub brand: Option<String>,
    /// Global Trade Item Number (barcode), digits only, check digit verified.
    pub gtin: Option<String>,
    /// Manufacturer part number.
    pub mpn: Option<String>,
    /// New, used or refurbished.
    pub condition: Condition,
    /// Photos, main one first.
    pub images: Vec<Image>,
    /// Videos, in the order written.
    pub videos: Vec<video::Video>,
    /// Categories.
    pub categories: Vec<Term>,
    /// Tags.
    pub tags: Vec<Term>,
    /// How to pay, when there are no variants.
    pub buy: Buy,
    /// What the variants vary in (`Size`, `Colour`), each with its values in order.
    pub options: Vec<ProductOption>,
    /// Purchasable versions.
    pub variants: Vec<Variant>,
    /// Buyers' reviews, from front matter and `reviews.yaml`, newest first.
    pub reviews: Vec<Review>,
    /// Shown on the home page.
    pub featured: bool,
    /// Sort order, lower first.
    pub weight: i64,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Last update, `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Not published unless drafts are built.
    pub draft: bool,
    /// Old site paths that redirect here.
    pub aliases: Vec<String>,
    /// Free data for themes.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Files copied beside the page.
    pub assets: Vec<Asset>,
    /// Where its keys and body are in its file.
    pub origin: Arc<Origin>,
    /// Its translations, by language tag as written in `languages:`.
    pub translations: BTreeMap<String, Arc<Translation>>,
    /// Shown in the shop's own language on a translated site, for want of a translation.
    pub untranslated: bool,
}

impl Product {
    /// Sold out when nothing can be bought: stock 0 (and no pre-order or backorder), or
    /// every variant sold out.
    pub fn sold_out(&self) -> bool {
        self.state() == StockState::SoldOut
    }

    /// What a buyer can do: with variants, the best any variant offers.
    pub fn state(&self) -> StockState {
        if self.variants.is_empty() {
            StockState::of(self.availability, self.stock)
        } else {
            self.variants
                .iter()
                .map(|v| self.variant_state(v))
                .min()
                .unwrap_or(StockState::SoldOut)
        }
    }

    /// What a buyer can do with one variant: its stock, sold as the product is.
    pub fn variant_state(&self, variant: &Variant) -> StockState {
        StockState::of(self.availability, variant.stock)
    }

    /// A single piece (`stock: 1`, sold from stock, no variants): the page says it is the
    /// only one.
    pub fn one_of_a_kind(&self) -> bool {
        self.variants.is_empty()
            && self.stock == Some(1)
            && self.availability == Availability::InStock
    }

    /// The lowest price a buyer can pay: the cheapest variant's, or the product's when it
    /// has no variants (a product price shared by variants is already in theirs).
    pub fn lowest_price(&self) -> Option<Money> {
        if self.variants.is_empty() {
            self.price
        } else {
            self.variants
                .iter()
                .map(|v| v.price)
                .min_by_key(|m| m.minor)
        }
    }

    /// The site path of the product page, relative to the base path.
    pub fn path(&self) -> String {
        ["/products/", &self.slug, "/"].concat()
    }
}

/// Which section a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// `/slug/`: about, shipping, FAQ.
    Pages,
    /// `/posts/slug/`: stories, newest first.
    Posts,
}

/// A page or a post.
#[derive(Debug, Clone)]
pub struct Page {
    /// Pages or posts.
    pub section: Section,
    /// Source file, relative to the shop folder.
    pub file: PathBuf,
    /// URL slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Summary for listings and meta descriptions.
    pub summary: String,
    /// Markdown body.
    pub body: String,
    /// Publication date.
    pub date: Option<String>,
    /// Last update.
    pub updated: Option<String>,
    /// Not published unless drafts are built.
    pub draft: bool,
    /// Old paths that redirect here.
    pub aliases: Vec<String>,
    /// Sort order for pages.
    pub weight: i64,
    /// Tags (posts).
    pub tags: Vec<Term>,
    /// Images (posts), main one first.
    pub images: Vec<Image>,
    /// Free data for themes.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Files copied beside the page.
    pub assets: Vec<Asset>,
    /// Where its keys and body are in its file.
    pub origin: Arc<Origin>,
    /// Its translations, by language tag as written in `languages:`.
    pub translations: BTreeMap<String, Arc<Translation>>,
    /// Shown in the shop's own language on a translated site, for want of a translation.
    pub untranslated: bool,
}

impl Page {
    /// The site path of the page, relative to the base path.
    pub fn path(&self) -> String {
        match self.section {
            Section::Pages => ["/", &self.slug, "/"].concat(),
            Section::Posts => ["/posts/", &self.slug, "/"].concat(),
        }
    }
}

/// A category or tag with the products in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// Name and slug.
    pub term: Term,
    /// Display title.
    pub title: String,
    /// Intro text (categories).
    pub description: String,
    /// A picture under `static/`, as an output path (categories).
    pub image: Option<String>,
    /// Indices into [`Site::products`], in catalogue order.
    pub products: Vec<usize>,
}

/// Everything the shop folder holds, checked.
#[derive(Debug, Clone)]
pub struct Site {
    /// The shop folder.
    pub root: PathBuf,
    /// Settings.
    pub config: Config,
    /// Published products in catalogue order (weight, then newest, then title).
    pub products: Vec<Arc<Product>>,
    /// Pages by weight then title.
    pub pages: Vec<Arc<Page>>,
    /// Posts, newest first.
    pub posts: Vec<Arc<Page>>,
    /// Categories in config order, then by name.
    pub categories: Vec<Taxonomy>,
    /// Tags by name.
    pub tags: Vec<Taxonomy>,
    /// Files under `static/`, copied as they are.
    pub static_files: Vec<Asset>,
    /// What buyers say about the shop itself (`reviews.yaml` entries without a product).
    pub testimonials: Vec<Review>,
}
