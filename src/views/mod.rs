//! What templates see: plain serializable views built from the model, so the theme-facing
//! schema (documented in `docs/themes.md`) stays stable whatever the internals become.
//!
//! Below render, which fills the templates with them, and seo, which reads the same views
//! for JSON-LD, feeds and the sitemap. Besides the product, page and site views here:
//!
//! - [`brand`]: the shop's look (colours, fonts, hero, logo) and its stylesheet;
//! - [`languages`]: each page in every language, for the switcher and `hreflang`;
//! - [`video`]: product videos as players and links.

pub mod brand;
pub mod languages;
pub mod video;

use std::collections::BTreeMap;

use foldhash::HashMap;
use std::path::Path;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::config::{
    Analytics, Community, Config, Contact, Legal, MessageChannel, Newsletter, ShareNetwork,
    whatsapp_digits,
};
use crate::content::buy::{Buy, BuyLink, LinkProvider};
use crate::content::{
    Image, Interval, Kind, Page, Product, Review, Site, StockState, Taxonomy, Term, Variant,
};
use crate::images::{Images, Version};
use crate::markdown;
use crate::money::{Money, format_money};

/// UI strings of the theme in the shop's language, with the shop's overrides.
pub type Strings = BTreeMap<String, String>;

/// Turns site paths into URLs under the base path. Pages of a language other than the
/// shop's own live under its prefix (`/zh-cn/products/apron/`); files every language
/// shares (photos, theme assets) do not.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    /// `https://example.com` without the base path.
    origin: String,
    /// `""`, or `/zh-cn` for a page of another language.
    prefix: String,
}

impl Urls {
    /// From the configured base URL and the language the pages are in.
    pub fn new(config: &Config) -> Urls {
        let base_path = config.base_path().to_owned();
        let base_url = config.base_url.as_str().trim_end_matches('/');
        Urls {
            origin: base_url[..base_url.len() - base_path.len()].to_owned(),
            base_path,
            prefix: config.url_prefix.clone(),
        }
    }

    /// A page's URL: `/products/apron/` under the base path and the language's prefix,
    /// `/shop/zh-cn/products/apron/`.
    pub fn path(&self, path: &str) -> String {
        format!("{}{}{path}", self.base_path, self.prefix)
    }

    /// A shared file's URL, under the base path only: `/shop/images/apron.jpg`.
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The absolute URL of a page, for canonical links.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.origin, self.path(path))
    }

    /// The absolute URL of a URL made by [`Urls::path`] or [`Urls::file`], for
    /// `og:image` and feeds, which must be absolute.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
    }

    /// The base path, `""` or `/shop`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

/// A price ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct PriceView {
    /// Minor units, for sorting and the `money` filter.
    pub minor: i64,
    /// Decimal amount without symbol (`38.00`), for structured data.
    pub amount: String,
    /// Formatted for the shop's language (`€38.00`).
    pub formatted: String,
    /// ISO 4217 code.
    pub currency: &'static str,
}

impl PriceView {
    fn new(money: Money, language: &str) -> PriceView {
        PriceView {
            minor: money.minor,
            amount: PriceView::amount_of(money),
            formatted: format_money(money, language),
            currency: money.currency.code(),
        }
    }

    /// The decimal amount without symbol or grouping (`38.00`, `1500`), as structured data
    /// and feeds want it.
    pub fn amount_of(money: Money) -> String {
        let exponent = money.currency.exponent();
        let scale = 10i64.pow(exponent);
        if exponent == 0 {
            money.minor.to_string()
        } else {
            format!(
                "{}.{:0width$}",
                money.minor / scale,
                money.minor % scale,
                width = exponent as usize
            )
        }
    }
}

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
    pub image: Option<String>,
}

/// A photo.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL of the largest fallback (JPEG or PNG), or of the file itself when it is not a
    /// photo the pipeline processes (an SVG).
    pub url: String,
    /// Alternative text.
    pub alt: String,
    /// Pixel width of `url` (0 when unknown).
    pub width: u32,
    /// Pixel height of `url` (0 when unknown).
    pub height: u32,
    /// `srcset` of the fallback versions; empty when not processed.
    pub srcset: String,
    /// `srcset` of the WebP versions; empty when not processed, and for a photo published as
    /// JPEG or PNG only because a size of it is beyond WebP's 16,383 px.
    pub webp_srcset: String,
    /// MIME type of the fallback versions.
    pub mime: &'static str,
    /// Every responsive size, narrowest first, for templates that build their own markup.
    pub versions: Vec<VersionView>,
    /// Square thumbnails for cards (main product photos).
    pub square: Option<SquareView>,
    /// Absolute URL of the 1200x630 share image (main product photos).
    pub share: Option<String>,
}

/// One responsive size of a photo in both formats.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// URL of the WebP file; empty for a photo without WebP versions.
    pub webp: String,
    /// URL of the JPEG or PNG file.
    pub fallback: String,
}

/// Square versions of a photo, for grids.
#[derive(Debug, Clone, Serialize)]
pub struct SquareView {
    /// URL of the smallest fallback.
    pub url: String,
    /// Its side in pixels.
    pub size: u32,
    /// `srcset` of the fallbacks.
    pub srcset: String,
    /// `srcset` of the WebP versions.
    pub webp_srcset: String,
}

/// A payment button: a real link.
#[derive(Debug, Clone, Serialize)]
pub struct ButtonView {
    /// `stripe`, `paypal`, `lemonsqueezy`, `gumroad`, `custom` or `email`.
    pub provider: &'static str,
    /// Button text in the shop's language.
    pub label: String,
    /// The link as in front matter, with the parameters of [`ViewBuilder::checkout_url`]
    /// (or the `mailto:` link).
    pub url: String,
    /// A QR code of the link, for paying with a phone; none for email.
    pub qr: Option<String>,
}

/// A scan-to-pay code.
#[derive(Debug, Clone, Serialize)]
pub struct QrView {
    /// `wechat` or `alipay`.
    pub provider: &'static str,
    /// `WeChat Pay`, `微信支付`.
    pub label: String,
    /// URL of the QR image.
    pub image: String,
    /// The exact amount to enter.
    pub amount: String,
    /// What to write in the payment note (the SKU, else the product name).
    pub note: String,
}

/// Every way to pay for one purchasable thing.
#[derive(Debug, Clone, Serialize)]
pub struct BuyView {
    /// Link buttons in a stable order, email last.
    pub buttons: Vec<ButtonView>,
    /// QR codes.
    pub qr: Vec<QrView>,
    /// True when there is any way to pay.
    pub any: bool,
    /// Ways to ask to order by message (`order_by_message:`), the message written.
    pub ask: Vec<AskView>,
}

/// A way to ask to order by message, with the message written for the buyer.
#[derive(Debug, Clone, Serialize)]
pub struct AskView {
    /// `whatsapp`, `wechat` or `email`.
    pub channel: &'static str,
    /// Link text in the page's language.
    pub label: String,
    /// The link with the message filled in; null for WeChat, which has no such link.
    pub url: Option<String>,
    /// The WeChat ID to add (WeChat only).
    pub id: Option<String>,
    /// The message: product, variant, price, SKU and page.
    pub message: String,
}

/// The returns policy as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnsView {
    /// Days to return an item; 0 means no returns.
    pub days: u32,
    /// True when the shop pays for the return.
    pub free: bool,
}

/// A review as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// The buyer's name.
    pub author: String,
    /// 1 to 5.
    pub rating: u8,
    /// `★★★★☆`.
    pub stars: String,
    /// What they wrote.
    pub text: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Written by someone who bought it.
    pub verified: bool,
}

impl ReviewView {
    fn of(review: &Review) -> ReviewView {
        ReviewView {
            author: review.author.clone(),
            rating: review.rating,
            stars: stars(u32::from(review.rating)),
            text: review.text.clone(),
            date: review.date.clone(),
            verified: review.verified,
        }
    }
}

/// Five stars, `filled` of them filled.
fn stars(filled: u32) -> String {
    (1..=5)
        .map(|i| if i <= filled { '★' } else { '☆' })
        .collect()
}

/// The average of a product's reviews.
#[derive(Debug, Clone, Serialize)]
pub struct RatingView {
    /// The average to one decimal, `4.7`.
    pub value: String,
    /// How many reviews.
    pub count: usize,
    /// The average rounded to whole stars, `★★★★★`.
    pub stars: String,
}

impl RatingView {
    /// `None` without reviews; the average in whole tenths, no float.
    fn of(reviews: &[Review]) -> Option<RatingView> {
        let count = u32::try_from(reviews.len()).ok().filter(|&n| n > 0)?;
        let sum: u32 = reviews.iter().map(|r| u32::from(r.rating)).sum();
        let tenths = (sum * 10 + count / 2) / count;
        Some(RatingView {
            value: format!("{}.{}", tenths / 10, tenths % 10),
            count: reviews.len(),
            stars: stars((tenths + 5) / 10),
        })
    }
}

/// A shipping rate as product pages list it.
#[derive(Debug, Clone, Serialize)]
pub struct ShippingView {
    /// `PT, ES`.
    pub countries: String,
    /// The formatted price.
    pub price: String,
    /// True when it costs nothing.
    pub free: bool,
    /// Delivery time, `3` or `2-5` (days).
    pub days: Option<String>,
}

/// A purchasable version of a product.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    /// Name: the seller's, or the option values joined (`M / Natural`).
    pub name: String,
    /// Its value of each of the product's options, in order.
    pub options: Vec<OptionValueView>,
    /// Its own photo.
    pub image: Option<ImageView>,
    /// Its own address, `…/products/apron/?variant=SKU`, when it has a SKU (feeds and
    /// sharing link to it; the picker selects it).
    pub url: Option<String>,
    /// SKU.
    pub sku: Option<String>,
    /// Price.
    pub price: PriceView,
    /// Was-price.
    pub compare_at: Option<PriceView>,
    /// Items left.
    pub stock: Option<u32>,
    /// No items left.
    pub sold_out: bool,
    /// What a buyer can do: `in_stock`, `preorder`, `backorder` or `sold_out`.
    pub state: StockState,
    /// How to pay.
    pub buy: BuyView,
}

/// One option value of a variant.
#[derive(Debug, Clone, Serialize)]
pub struct OptionValueView {
    /// `Size`.
    pub name: String,
    /// `M`.
    pub value: String,
}

/// A product as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct ProductView {
    /// Name.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Page URL under the base path.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// One line.
    pub summary: String,
    /// Description rendered to HTML.
    pub description: String,
    /// The lowest price.
    pub price: Option<PriceView>,
    /// True when variants have different prices, so the price reads "From ...".
    pub price_varies: bool,
    /// Was-price of the product.
    pub compare_at: Option<PriceView>,
    /// SKU.
    pub sku: Option<String>,
    /// Items left; null when not tracked.
    pub stock: Option<u32>,
    /// No items left anywhere.
    pub sold_out: bool,
    /// What a buyer can do: `in_stock`, `preorder`, `backorder` or `sold_out` (with
    /// variants, the best any variant offers).
    pub state: StockState,
    /// When pre-orders and backorders ship, `YYYY-MM-DD`.
    pub ship_date: Option<String>,
    /// The only piece there is (`stock: 1`).
    pub one_of_a_kind: bool,
    /// `physical`, `digital` or `subscription`.
    pub kind: Kind,
    /// A subscription's interval, `week`, `month` or `year`.
    pub interval: Option<Interval>,
    /// What follows a subscription's price in this language, such as "/ month".
    pub per: Option<String>,
    /// A QR code of the page's address, for the printable catalogue.
    pub qr: String,
    /// Buyers' reviews, newest first.
    pub reviews: Vec<ReviewView>,
    /// The average of the reviews; null without reviews.
    pub rating: Option<RatingView>,
    /// Photos, main first.
    pub images: Vec<ImageView>,
    /// Videos, in the order written (empty in cards).
    pub videos: Vec<video::VideoView>,
    /// Categories.
    pub categories: Vec<TermView>,
    /// Tags.
    pub tags: Vec<TermView>,
    /// How to pay (products without variants).
    pub buy: BuyView,
    /// What the variants vary in, each with its values in order (empty for `name:`
    /// variants).
    pub options: Vec<crate::content::ProductOption>,
    /// The variant shown first by the picker: the first one not sold out.
    pub default_variant: usize,
    /// Versions with their own prices and buttons.
    pub variants: Vec<VariantView>,
    /// Shown on the home page.
    pub featured: bool,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Maker's brand (the shop's `brand` when the product names none).
    pub brand: Option<String>,
    /// Barcode number.
    pub gtin: Option<String>,
    /// Manufacturer part number.
    pub mpn: Option<String>,
    /// `new`, `used` or `refurbished`.
    pub condition: crate::content::Condition,
    /// Plain share links to the networks in `share:` (empty in cards).
    pub share: Vec<ShareView>,
    /// Shown in the shop's own language on a translated page, for want of a translation.
    pub untranslated: bool,
    /// Free data.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A link that shares a product on a network, with no script of the network's.
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// `x`, `facebook`, `pinterest`, `whatsapp`, `weibo`, `telegram` or `email`.
    pub network: ShareNetwork,
    /// The network's name in the shop's language.
    pub label: String,
    /// The share address, the product's URL and title filled in.
    pub url: String,
}

/// A page or post as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// URL under the base path.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Summary.
    pub summary: String,
    /// Body rendered to HTML.
    pub content: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Images.
    pub images: Vec<ImageView>,
    /// Free data.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Shown in the shop's own language on a translated page, for want of a translation.
    pub untranslated: bool,
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
    pub contact: Contact,
    /// Social links in order.
    pub social: Vec<SocialView>,
    /// Header menu.
    pub menu: Vec<MenuView>,
    /// Categories with products.
    pub categories: Vec<TermView>,
    /// Footer legal lines.
    pub legal: Legal,
    /// Free settings for themes.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// URLs of the generated sections.
    pub urls: SectionUrls,
    /// Whether the shop has posts, to show the journal link.
    pub has_posts: bool,
    /// Pages (about, shipping, FAQ) by weight, for the footer.
    pub pages: Vec<LinkView>,
    /// Visitor counting; null when not configured and in `shop serve`.
    pub analytics: Option<Analytics>,
    /// Newsletter signup form.
    pub newsletter: Option<Newsletter>,
    /// Community block; its `qr` is a URL.
    pub community: Option<Community>,
    /// The "Only N left" threshold.
    pub low_stock: u32,
    /// Prices include tax, and product pages say so.
    pub prices_include_tax: bool,
    /// Shipping rates.
    pub shipping: Vec<ShippingView>,
    /// The returns policy.
    pub returns: Option<ReturnsView>,
    /// The page explaining shipping and returns in full.
    pub shipping_page: Option<String>,
    /// Where buyers land after paying.
    pub thanks: String,
    /// What buyers say about the shop, newest first.
    pub testimonials: Vec<ReviewView>,
    /// The brand's look and texts (`brand:` in `shop.yaml`), the same for every theme.
    pub brand: brand::BrandView,
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
    pub contact: Option<String>,
    /// The printable catalogue.
    pub catalog: String,
}

/// How much of a product a view carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Everything, for the product page.
    Page,
    /// What a card in a grid shows.
    Card,
}

/// How wide a photo in a page's text is shown: the text column, or the screen on phones.
const BODY_SIZES: &str = "(min-width: 46rem) 42rem, 100vw";

/// A `<picture>` with WebP and fallback sources, explicit size (no layout shift) and lazy
/// loading, for photos inside Markdown; the theme's `partials/picture.html` does the same.
/// A photo without WebP versions gets the `<img>` alone (a `<source>` needs a `srcset`).
fn picture_html(image: &ImageView, sizes: &str) -> String {
    let e = |text: &str| {
        let mut out = Vec::new();
        let _ = tera::escape_html(text, &mut out);
        String::from_utf8(out).unwrap_or_default()
    };
    let (open, close) = if image.webp_srcset.is_empty() {
        (String::new(), "")
    } else {
        (
            format!(
                r#"<picture><source type="image/webp" srcset="{}" sizes="{sizes}">"#,
                e(&image.webp_srcset)
            ),
            "</picture>",
        )
    };
    format!(
        r#"{open}<img src="{}" srcset="{}" sizes="{sizes}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">{close}"#,
        e(&image.url),
        e(&image.srcset),
        image.width,
        image.height,
        e(&image.alt)
    )
}

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
            contact: Contact {
                wechat_qr: config
                    .contact
                    .wechat_qr
                    .as_ref()
                    .map(|qr| self.urls.file(qr)),
                ..config.contact.clone()
            },
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
                .map(|item| {
                    let internal = item.url.starts_with('/');
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
                })
                .collect(),
            categories: self
                .site
                .categories
                .iter()
                .filter(|c| !c.products.is_empty())
                .map(|c| self.taxonomy_view(c, "categories"))
                .collect(),
            legal: config.legal.clone(),
            extra: config.extra.clone(),
            urls: SectionUrls {
                home: self.urls.path("/"),
                products: self.urls.path("/products/"),
                posts: self.urls.path("/posts/"),
                stylesheet,
                favicon: self.urls.file("/assets/favicon.svg"),
                feed: self.urls.path("/atom.xml"),
                search: self.urls.path("/search/"),
                search_index: self.urls.path("/search.json"),
                search_script: self.urls.file("/assets/search.js"),
                contact: config.contact.page.then(|| self.urls.path("/contact/")),
                catalog: self.urls.path("/catalog/"),
            },
            has_posts: !self.site.posts.is_empty(),
            low_stock: config.low_stock,
            prices_include_tax: config.prices_include_tax,
            shipping: config
                .shipping
                .iter()
                .map(|rate| ShippingView {
                    countries: rate.countries.join(", "),
                    price: format_money(rate.price, self.language()),
                    free: rate.price.minor == 0,
                    days: rate.days.map(|(low, high)| {
                        if low == high {
                            low.to_string()
                        } else {
                            format!("{low}-{high}")
                        }
                    }),
                })
                .collect(),
            returns: config.returns.as_ref().map(|r| ReturnsView {
                days: r.days,
                free: r.free,
            }),
            shipping_page: config.shipping_page.as_ref().map(|p| self.urls.path(p)),
            thanks: self.urls.path("/thanks/"),
            testimonials: self.site.testimonials.iter().map(ReviewView::of).collect(),
            brand: self.brand_view(self.urls.file("/assets/favicon.svg"), &crate::date::today()),
            analytics: (!self.preview && config.analytics != Analytics::default())
                .then(|| config.analytics.clone()),
            newsletter: config.newsletter.clone(),
            community: config.community.clone().map(|community| Community {
                qr: community.qr.map(|qr| self.urls.file(&qr)),
                ..community
            }),
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

    fn term_views(&self, terms: &[Term], kind: &str) -> Vec<TermView> {
        self.terms
            .of(terms, kind)
            .map(|t| self.taxonomy_view(t.taxonomy, kind))
            .collect()
    }

    /// `card` (the card of `product`) as a template value, its category and tag links
    /// shared with the other cards: they were a fifth of each card's memory.
    pub fn card_value(&self, product: &Product, card: &ProductView) -> tera::Value {
        // A struct is always a map; the fallback only keeps this free of panics.
        let Some(mut map) = tera::Value::from_serializable(card).into_map() else {
            return tera::Value::from_serializable(card);
        };
        for (terms, kind) in [(&product.categories, "categories"), (&product.tags, "tags")] {
            let links: Vec<tera::Value> = self
                .terms
                .of(terms, kind)
                .map(|t| t.value.clone())
                .collect();
            map.insert(kind.into(), tera::Value::from(links));
        }
        tera::Value::from(map)
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

    fn srcset(&self, versions: impl Iterator<Item = &'a Version>) -> String {
        versions
            .map(|v| format!("{} {}w", self.urls.file(&format!("/{}", v.path)), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The view of one image: every processed version when it is a photo, else the file
    /// copied beside the page.
    pub fn image_view(&self, page_path: &str, source: &Path, output: &str, alt: &str) -> ImageView {
        let Some(photo) = self.images.get(source) else {
            return ImageView {
                url: self.urls.path(&format!("{page_path}{output}")),
                alt: alt.to_owned(),
                width: 0,
                height: 0,
                srcset: String::new(),
                webp_srcset: String::new(),
                mime: "",
                versions: Vec::new(),
                square: None,
                share: None,
            };
        };
        let largest = photo.sizes.last();
        let square = (!photo.squares.is_empty()).then(|| SquareView {
            url: self
                .urls
                .file(&format!("/{}", photo.squares[0].fallback.path)),
            size: photo.squares[0].fallback.width,
            srcset: self.srcset(photo.squares.iter().map(|p| &p.fallback)),
            webp_srcset: self.srcset(photo.squares.iter().filter_map(|p| p.webp.as_ref())),
        });
        ImageView {
            url: largest
                .map(|p| self.urls.file(&format!("/{}", p.fallback.path)))
                .unwrap_or_default(),
            alt: alt.to_owned(),
            width: largest.map_or(0, |p| p.fallback.width),
            height: largest.map_or(0, |p| p.fallback.height),
            srcset: self.srcset(photo.sizes.iter().map(|p| &p.fallback)),
            webp_srcset: self.srcset(photo.sizes.iter().filter_map(|p| p.webp.as_ref())),
            mime: photo.fallback.mime(),
            versions: photo
                .sizes
                .iter()
                .map(|p| VersionView {
                    width: p.fallback.width,
                    height: p.fallback.height,
                    webp: p
                        .webp
                        .as_ref()
                        .map(|v| self.urls.file(&format!("/{}", v.path)))
                        .unwrap_or_default(),
                    fallback: self.urls.file(&format!("/{}", p.fallback.path)),
                })
                .collect(),
            square,
            share: photo
                .share
                .as_ref()
                .map(|v| self.urls.absolute(&self.urls.file(&format!("/{}", v.path)))),
        }
    }

    fn images(&self, page_path: &str, images: &[Image]) -> Vec<ImageView> {
        images
            .iter()
            .map(|image| self.image_view(page_path, &image.source, &image.output, &image.alt))
            .collect()
    }

    /// A body rendered to HTML, its local photos as responsive `<picture>` elements.
    fn body_html(&self, body: &str, file: &Path, page_path: &str) -> String {
        let folder = self
            .site
            .root
            .join(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let picture = |src: &str, alt: &str| -> Option<String> {
            let view = self.image_view(page_path, &folder.join(src), src, alt);
            (!view.srcset.is_empty()).then(|| picture_html(&view, BODY_SIZES))
        };
        markdown::render(body, self.urls.base_path(), &picture)
    }

    fn buy_view(
        &self,
        product: &Product,
        variant: Option<&Variant>,
        buy: &Buy,
        price: Money,
    ) -> BuyView {
        let sku = variant
            .and_then(|v| v.sku.clone())
            .or_else(|| product.sku.clone());
        let mut buttons: Vec<ButtonView> =
            buy.links
                .iter()
                .map(|link| {
                    let url = self.checkout_url(link, sku.as_deref());
                    ButtonView {
                        provider: link.provider.key(),
                        label: link.label.clone().unwrap_or_else(|| {
                            self.string(&format!("buy_{}", link.provider.key()))
                        }),
                        qr: Some(self.qr_url(&url)),
                        url,
                    }
                })
                .collect();
        let price_text = format_money(price, self.language());
        let name = match variant {
            Some(v) => format!("{} ({})", product.title, v.name),
            None => product.title.clone(),
        };
        let page = self.urls.permalink(&product.path());
        if let Some(email) = &buy.email {
            buttons.push(ButtonView {
                provider: LinkProvider::Email.key(),
                label: self.string("buy_email"),
                url: self.order_email(email, &name, &price_text, &page),
                qr: None,
            });
        }
        let item = match &sku {
            Some(sku) => format!("{name}, {price_text}, {}: {sku}", self.string("sku")),
            None => format!("{name}, {price_text}"),
        };
        let message = self
            .string("ask_message")
            .replace("{item}", &item)
            .replace("{url}", &page);
        let contact = &self.site.config.contact;
        let ask = self
            .site
            .config
            .order_by_message
            .iter()
            .filter(|c| !(**c == MessageChannel::Email && buy.email.is_some()))
            .filter_map(|&channel| {
                let (url, id) = match channel {
                    MessageChannel::Whatsapp => {
                        let digits = whatsapp_digits(contact.whatsapp.as_deref()?)?;
                        let text = utf8_percent_encode(&message, NON_ALPHANUMERIC);
                        (Some(format!("https://wa.me/{digits}?text={text}")), None)
                    }
                    MessageChannel::Wechat => (None, contact.wechat.clone()),
                    MessageChannel::Email => {
                        let email = contact.email.as_deref()?;
                        (
                            Some(self.order_email(email, &name, &price_text, &page)),
                            None,
                        )
                    }
                };
                Some(AskView {
                    channel: channel.key(),
                    label: self.string(channel.key()),
                    url,
                    id,
                    message: message.clone(),
                })
            })
            .collect();
        let qr = buy
            .qr
            .iter()
            .map(|qr| QrView {
                provider: qr.provider.key(),
                label: self.string(&format!("pay_{}", qr.provider.key())),
                image: self.urls.path(&format!("{}{}", product.path(), qr.image)),
                amount: price_text.clone(),
                note: sku.clone().unwrap_or_else(|| name.clone()),
            })
            .collect::<Vec<_>>();
        BuyView {
            any: !buttons.is_empty() || !qr.is_empty(),
            buttons,
            qr,
            ask,
        }
    }

    /// A `mailto:` link ordering `name` at `price`, subject and message filled in.
    fn order_email(&self, email: &str, name: &str, price: &str, page: &str) -> String {
        let subject = self.string("email_subject").replace("{product}", name);
        let body = self
            .string("email_body")
            .replace("{product}", name)
            .replace("{price}", price)
            .replace("{url}", page);
        format!(
            "mailto:{email}?subject={}&body={}",
            utf8_percent_encode(&subject, NON_ALPHANUMERIC),
            utf8_percent_encode(&body, NON_ALPHANUMERIC)
        )
    }

    /// Where the QR code of `text` is served: a shared file, the same in every language.
    pub fn qr_url(&self, text: &str) -> String {
        self.urls
            .file(&format!("/qr/{}", crate::qr::file_name(text)))
    }

    /// A checkout link with the documented parameters its provider reads: the SKU as
    /// Stripe's `client_reference_id` (which keeps only letters, digits, `-` and `_`, at
    /// most 200) or a classic PayPal button's `item_number` (with `return` to the thanks
    /// page), and the shop's `utm:` for providers that report campaigns. Parameters the
    /// seller already wrote are kept.
    fn checkout_url(&self, link: &BuyLink, sku: Option<&str>) -> String {
        let Ok(mut url) = url::Url::parse(&link.url) else {
            return link.url.clone();
        };
        let present: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        let mut added: Vec<(&str, String)> = Vec::new();
        if link.provider == LinkProvider::Stripe
            && let Some(sku) = sku
        {
            let reference: String = sku
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .take(200)
                .collect();
            added.push(("client_reference_id", reference));
        }
        if link.provider == LinkProvider::Paypal && url.path() == "/cgi-bin/webscr" {
            // A classic PayPal button: it takes the item number and a page to return to.
            if let Some(sku) = sku {
                added.push(("item_number", sku.to_owned()));
            }
            added.push(("return", self.urls.permalink("/thanks/")));
        }
        if matches!(
            link.provider,
            LinkProvider::Stripe | LinkProvider::Gumroad | LinkProvider::Lemonsqueezy
        ) {
            let utm = &self.site.config.utm;
            for (key, value) in [
                ("utm_source", &utm.source),
                ("utm_medium", &utm.medium),
                ("utm_campaign", &utm.campaign),
            ] {
                if let Some(value) = value {
                    added.push((key, value.clone()));
                }
            }
        }
        added.retain(|(key, _)| !present.iter().any(|p| p == key));
        if added.is_empty() {
            return link.url.clone();
        }
        url.query_pairs_mut().extend_pairs(added);
        url.to_string()
    }

    /// The view of a product page, description rendered.
    pub fn product_view(&self, product: &Product) -> ProductView {
        self.product_view_with(product, Detail::Page)
    }

    /// A product card's view: the same schema, without the description that listings never
    /// show.
    pub fn card_view(&self, product: &Product) -> ProductView {
        self.product_view_with(product, Detail::Card)
    }

    fn product_view_with(&self, product: &Product, detail: Detail) -> ProductView {
        let path = product.path();
        let lowest = product.lowest_price();
        let variants: Vec<VariantView> = product
            .variants
            .iter()
            .map(|v| (v, product.variant_state(v)))
            .map(|(v, state)| VariantView {
                name: v.name.clone(),
                options: v
                    .options
                    .iter()
                    .map(|(name, value)| OptionValueView {
                        name: name.clone(),
                        value: value.clone(),
                    })
                    .collect(),
                image: v
                    .image
                    .as_ref()
                    .map(|i| self.image_view(&path, &i.source, &i.output, &i.alt)),
                url: v.sku.as_ref().map(|sku| {
                    let query: String =
                        url::form_urlencoded::byte_serialize(sku.as_bytes()).collect();
                    format!("{}?variant={query}", self.urls.permalink(&path))
                }),
                sku: v.sku.clone(),
                price: self.price(v.price),
                compare_at: v.compare_at.map(|m| self.price(m)),
                stock: v.stock,
                sold_out: state == StockState::SoldOut,
                state,
                buy: self.buy_view(product, Some(v), &v.buy, v.price),
            })
            .collect();
        let price_varies = variants
            .windows(2)
            .any(|w| w[0].price.minor != w[1].price.minor);
        let images = self.images(&path, &product.images);
        let state = product.state();
        let buy = match (product.price, product.variants.is_empty()) {
            (Some(price), true) => self.buy_view(product, None, &product.buy, price),
            _ => BuyView {
                buttons: Vec::new(),
                qr: Vec::new(),
                any: false,
                ask: Vec::new(),
            },
        };
        let (description, share) = match detail {
            Detail::Page => (
                self.body_html(&product.body, &product.file, &path),
                self.share_links(product, &images),
            ),
            Detail::Card => (String::new(), Vec::new()),
        };
        let videos = match detail {
            Detail::Page => self.video_views(product, &images),
            Detail::Card => Vec::new(),
        };
        ProductView {
            title: product.title.clone(),
            slug: product.slug.clone(),
            url: self.urls.path(&path),
            permalink: self.urls.permalink(&path),
            summary: product.summary.clone(),
            description,
            price: lowest.map(|m| self.price(m)),
            price_varies,
            compare_at: if variants.is_empty() {
                product.compare_at.map(|m| self.price(m))
            } else {
                None
            },
            sku: product.sku.clone(),
            stock: product.stock,
            sold_out: state == StockState::SoldOut,
            state,
            ship_date: product.ship_date.clone(),
            one_of_a_kind: product.one_of_a_kind(),
            kind: product.kind,
            interval: product.interval,
            per: product
                .interval
                .map(|i| self.string(&format!("per_{}", i.as_str()))),
            qr: self.qr_url(&self.urls.permalink(&path)),
            reviews: product.reviews.iter().map(ReviewView::of).collect(),
            rating: RatingView::of(&product.reviews),
            images,
            videos,
            categories: self.term_views(&product.categories, "categories"),
            tags: self.term_views(&product.tags, "tags"),
            buy,
            options: product.options.clone(),
            default_variant: variants.iter().position(|v| !v.sold_out).unwrap_or(0),
            variants,
            featured: product.featured,
            date: product.date.clone(),
            updated: product.updated.clone(),
            brand: product.brand.clone(),
            gtin: product.gtin.clone(),
            mpn: product.mpn.clone(),
            condition: product.condition,
            share,
            untranslated: product.untranslated,
            extra: product.extra.clone(),
        }
    }

    /// Share links for the networks the shop chose.
    fn share_links(&self, product: &Product, images: &[ImageView]) -> Vec<ShareView> {
        let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
        let url = encode(&self.urls.permalink(&product.path()));
        let title = encode(&product.title);
        let photo = images
            .first()
            .map(|i| encode(&self.urls.absolute(&i.url)))
            .unwrap_or_default();
        self.site
            .config
            .share
            .iter()
            .map(|&network| {
                let (key, address) = match network {
                    ShareNetwork::X => ("x", format!("https://x.com/intent/post?url={url}&text={title}")),
                    ShareNetwork::Facebook => ("facebook", format!("https://www.facebook.com/sharer/sharer.php?u={url}")),
                    ShareNetwork::Pinterest => ("pinterest", format!("https://www.pinterest.com/pin/create/button/?url={url}&media={photo}&description={title}")),
                    ShareNetwork::Whatsapp => ("whatsapp", format!("https://wa.me/?text={title}%20{url}")),
                    ShareNetwork::Weibo => ("weibo", format!("https://service.weibo.com/share/share.php?url={url}&title={title}")),
                    ShareNetwork::Telegram => ("telegram", format!("https://t.me/share/url?url={url}&text={title}")),
                    ShareNetwork::Email => ("email", format!("mailto:?subject={title}&body={url}")),
                };
                ShareView {
                    network,
                    label: self.string(&format!("share_{key}")),
                    url: address,
                }
            })
            .collect()
    }

    /// The view of a page or post, body rendered.
    pub fn page_view(&self, page: &Page) -> PageView {
        let path = page.path();
        PageView {
            title: page.title.clone(),
            slug: page.slug.clone(),
            url: self.urls.path(&path),
            permalink: self.urls.permalink(&path),
            summary: page.summary.clone(),
            content: self.body_html(&page.body, &page.file, &path),
            date: page.date.clone(),
            updated: page.updated.clone(),
            tags: page.tags.iter().map(|t| t.name.clone()).collect(),
            images: self.images(&path, &page.images),
            untranslated: page.untranslated,
            extra: page.extra.clone(),
        }
    }
}
