//! `shop.yaml`: the shop-wide settings. Plain serde structs read with unknown keys refused,
//! then checked for meaning (URLs, language tag, currency) with positions for every error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use url::Url;

pub mod brand;
mod cache_folder;
mod checks;
pub mod color;
mod marketing;
mod policies;
pub mod shipping;

pub use marketing::{
    Analytics, Community, ContactForm, GoatCounter, GoogleAnalytics, Newsletter, Plausible,
    ShareNetwork, Umami, Utm,
};
pub use policies::{MessageChannel, Returns, whatsapp_digits};
pub use shipping::{Postage, ShippingRate, cheapest_single_item};

use cache_folder::{CACHE_HINT, Overlap};
use checks::Checker;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::fs::absolute;
use crate::money::Currency;
use crate::yaml::{self, Positions};

/// The config file's name inside the shop folder.
pub const CONFIG_FILE: &str = "shop.yaml";

/// The folders of the shop that hold the seller's own files (sources and their history): no
/// output or cache folder may be one of them or lie inside one.
pub const SELLER_FOLDERS: &[&str] = &["products", "pages", "posts", "static", "templates", ".git"];

/// Listings show this many products per page unless `per_page` says otherwise.
pub const DEFAULT_PER_PAGE: usize = 24;

/// `shop.yaml` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    languages: IndexMap<String, LanguageConfig>,
    currency: String,
    #[serde(default)]
    description: String,
    brand: Option<brand::RawBrand>,
    share_image: Option<String>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    contact: Contact,
    #[serde(default)]
    social: IndexMap<String, String>,
    #[serde(default)]
    menu: Vec<MenuItem>,
    #[serde(default)]
    categories: IndexMap<String, CategoryConfig>,
    #[serde(default)]
    legal: Legal,
    #[serde(default = "default_per_page")]
    per_page: usize,
    #[serde(default = "default_low_stock")]
    low_stock: u32,
    #[serde(default)]
    strings: BTreeMap<String, String>,
    #[serde(default)]
    images: ImagesConfig,
    #[serde(default)]
    shipping: Vec<shipping::RawShippingRate>,
    returns: Option<policies::RawReturns>,
    shipping_page: Option<String>,
    #[serde(default)]
    prices_include_tax: bool,
    #[serde(default)]
    order_by_message: Vec<MessageChannel>,
    #[serde(default)]
    basket: Basket,
    #[serde(default)]
    analytics: Analytics,
    newsletter: Option<Newsletter>,
    #[serde(default)]
    share: Vec<ShareNetwork>,
    #[serde(default)]
    utm: Utm,
    community: Option<Community>,
    #[serde(default)]
    orders: OrdersConfig,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// Where `shop orders` keeps its records: `orders:` in `shop.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct OrdersConfig {
    /// The order ledger, relative to the shop folder (or absolute, to keep it out of a
    /// public repository).
    pub ledger: PathBuf,
}

impl Default for OrdersConfig {
    fn default() -> Self {
        OrdersConfig {
            ledger: PathBuf::from("orders/ledger.csv"),
        }
    }
}

/// `basket:` in `shop.yaml`: no basket, a basket whose order is sent as a message
/// (`true`), or one that can also be paid by card through the shop's Stripe checkout
/// function (`stripe`, see `shop init --checkout`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basket {
    /// No basket (`false`, or no key).
    #[default]
    Off,
    /// Order by message (`true`).
    Message,
    /// Order by message, or pay by card through Stripe Checkout (`stripe`).
    Stripe,
}

impl Basket {
    /// True when product pages have "Add to basket".
    pub fn is_on(self) -> bool {
        self != Basket::Off
    }

    /// True when the basket offers "Pay by card".
    pub fn by_card(self) -> bool {
        self == Basket::Stripe
    }
}

impl<'de> Deserialize<'de> for Basket {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Choice;
        impl serde::de::Visitor<'_> for Choice {
            type Value = Basket;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`true`, `false` or `stripe`")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Basket, E> {
                Ok(if on { Basket::Message } else { Basket::Off })
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Basket, E> {
                match text {
                    "stripe" => Ok(Basket::Stripe),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(text), &self)),
                }
            }
        }
        deserializer.deserialize_any(Choice)
    }
}

/// How photos are processed: `images:` in `shop.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// Widths of the responsive versions, in pixels; never wider than the source.
    pub widths: Vec<u32>,
    /// Quality of JPEG versions, 1-100.
    pub jpeg_quality: u8,
    /// Quality of WebP versions, 1-100.
    pub webp_quality: u8,
    /// Which part of a photo square card thumbnails and share images keep.
    pub crop: Crop,
    /// Folder of processed images kept between builds, relative to the shop folder.
    pub cache: PathBuf,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 800, 1200, 1600],
            jpeg_quality: 82,
            webp_quality: 80,
            crop: Crop::Center,
            cache: PathBuf::from(".shop-cache"),
        }
    }
}

/// The part of a photo a crop keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Crop {
    /// The middle.
    Center,
    /// The top (portraits: faces).
    Top,
    /// The bottom.
    Bottom,
    /// The left side.
    Left,
    /// The right side.
    Right,
}

fn default_language() -> String {
    "en".into()
}

fn default_theme() -> String {
    "default".into()
}

fn default_low_stock() -> u32 {
    3
}

fn default_per_page() -> usize {
    DEFAULT_PER_PAGE
}

/// How buyers reach the seller; shown in the footer and used by `email` buy buttons.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Address for questions and email orders.
    pub email: Option<String>,
    /// Phone number as the seller writes it.
    pub phone: Option<String>,
    /// WeChat ID.
    pub wechat: Option<String>,
    /// WhatsApp number in international form.
    pub whatsapp: Option<String>,
    /// Postal address of the business.
    pub address: Option<String>,
    /// A WeChat QR code image under `static/`, as a site path, for the contact page.
    pub wechat_qr: Option<String>,
    /// Whether the shop has a `/contact/` page.
    #[serde(default)]
    pub page: bool,
    /// Where the contact page's form sends messages; no form when absent.
    #[serde(default)]
    pub form: ContactForm,
}

/// One entry of the header menu.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// Text of the link.
    pub label: String,
    /// A site path (`/products/`) or a full `https://` URL.
    pub url: String,
}

/// A language the shop is translated into, beside its own (`languages:` in `shop.yaml`):
/// the shop-wide texts in that language. What is left out stays as in the shop's language.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The shop's name in this language.
    pub title: Option<String>,
    /// The shop's description in this language.
    pub description: Option<String>,
    /// The header menu in this language; site paths get the language's prefix.
    pub menu: Option<Vec<MenuItem>>,
    /// Category titles and descriptions in this language, by slug.
    #[serde(default)]
    pub categories: IndexMap<String, CategoryConfig>,
    /// Tag names in this language, by the tag as products write it (`space: 太空`).
    #[serde(default)]
    pub tags: IndexMap<String, String>,
    /// Overrides of this language's UI strings.
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
    /// The brand's texts (hero, announcement) in this language.
    pub brand: Option<brand::BrandTexts>,
}

/// Title and description of a category, keyed by its slug.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    /// Display name; defaults to the name products use.
    pub title: Option<String>,
    /// Shown at the top of the category page.
    #[serde(default)]
    pub description: String,
    /// An image under `static/`, shown on the home page.
    pub image: Option<String>,
}

/// Legal lines for the footer.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Legal {
    /// The ICP licence number (`浙ICP备12345678号`) sites hosted in mainland China must show.
    pub icp: Option<String>,
    /// Any other line: company name, registration or VAT number.
    pub notice: Option<String>,
}

/// The checked configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// Shop name.
    pub title: String,
    /// Where the site lives, always ending in `/`.
    pub base_url: Url,
    /// BCP 47 language tag of the shop.
    pub language: String,
    /// The other languages the shop is translated into, in the order written.
    pub languages: IndexMap<String, LanguageConfig>,
    /// Default currency of prices.
    pub currency: Currency,
    /// One-sentence description for the home page and meta tags.
    pub description: String,
    /// The brand's name (the brand of products that name none, for structured data and
    /// shopping feeds) and the shop's look: logo, colours, fonts, hero, announcement.
    pub brand: brand::Brand,
    /// The link-preview image of pages without a photo of their own: a site path to a
    /// file in `static/`.
    pub share_image: Option<String>,
    /// Name of the theme.
    pub theme: String,
    /// Contact details.
    pub contact: Contact,
    /// Social profile links, in the order written.
    pub social: IndexMap<String, String>,
    /// Header menu.
    pub menu: Vec<MenuItem>,
    /// Category settings by slug.
    pub categories: IndexMap<String, CategoryConfig>,
    /// Footer legal lines.
    pub legal: Legal,
    /// Products per listing page.
    pub per_page: usize,
    /// At or below this many items left, product pages say "Only N left".
    pub low_stock: u32,
    /// Overrides of the theme's UI strings.
    pub strings: BTreeMap<String, String>,
    /// Photo processing.
    pub images: ImagesConfig,
    /// Shipping zones with their prices per profile, for the basket's postage, structured
    /// data and the Google feed.
    pub shipping: Vec<ShippingRate>,
    /// The returns policy, for structured data.
    pub returns: Option<Returns>,
    /// The page that explains shipping and returns in full, as a site path.
    pub shipping_page: Option<String>,
    /// Prices include VAT or sales tax, and pages say so.
    pub prices_include_tax: bool,
    /// Ways to ask to order by message, through the matching `contact:` details.
    pub order_by_message: Vec<MessageChannel>,
    /// A basket: several items in one order, postage counted once; sent as a message, or
    /// paid by card too.
    pub basket: Basket,
    /// Visitor counting, off by default.
    pub analytics: Analytics,
    /// Newsletter signup form, none by default.
    pub newsletter: Option<Newsletter>,
    /// Networks product pages offer share links to, none by default.
    pub share: Vec<ShareNetwork>,
    /// Campaign parameters for checkout links, none by default.
    pub utm: Utm,
    /// Community block, none by default.
    pub community: Option<Community>,
    /// Where `shop orders` keeps its records.
    pub orders: OrdersConfig,
    /// Free settings for themes.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The path the pages of `language` live under: `""` for the shop's own language,
    /// `/zh-cn` for a translation.
    pub url_prefix: String,
    /// Where `shop.yaml` is, for diagnostics.
    pub path: PathBuf,
    /// Key positions in `shop.yaml`, for errors found later (an unknown theme).
    pub positions: Positions,
    /// The text of `shop.yaml`, for source lines in later diagnostics.
    pub source: String,
}

impl Config {
    /// The path part of `base_url` without its trailing slash: `""` or `/shop`.
    pub fn base_path(&self) -> &str {
        self.base_url.path().trim_end_matches('/')
    }

    /// Refuses an image cache that is, holds or lies inside `output`, the folder a build
    /// replaces with the site (`shop build --output` may name any folder, so this is checked
    /// by the build, not when `shop.yaml` is read).
    pub fn check_cache_apart_from(&self, root: &Path, output: &Path) -> Result<(), Diagnostic> {
        let cache = absolute(&root.join(&self.images.cache));
        match Overlap::of(&cache, &absolute(output)) {
            None => Ok(()),
            Some(overlap) => {
                let what = format!("the output folder `{}`", output.display());
                let message = overlap.message(&self.images.cache, &what);
                Err(self.error_at("images.cache", message).with_hint(CACHE_HINT))
            }
        }
    }

    /// An error pointing at the value of `key` in `shop.yaml`.
    pub fn error_at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.path, self.positions.value(key), message).with_source(&self.source)
    }
}

/// Reads and checks `shop.yaml` in `root`; `base_url_override` replaces the configured URL
/// (for preview deploys).
pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config, Diagnostics> {
    let path = PathBuf::from(CONFIG_FILE);
    let source = read_config(root, &path)?;
    let positions = Positions::of(&source, 0);
    let raw: RawConfig =
        yaml::parse(&path, &source, &source, 0, &positions).map_err(|d| Diagnostics(vec![d]))?;
    let mut checker = Checker::new(&path, &source, &positions, root);
    let (base_url, currency) = checker.check_site(&raw, base_url_override);
    let brand = brand::check(raw.brand.as_ref(), &raw.languages, &mut checker);
    cache_folder::check_cache_folder(&mut checker, &raw.images.cache, &brand.images);
    marketing::check(&raw, &mut checker);
    if let Some(image) = &raw.share_image {
        checker.check_static_file("share_image", image);
    }
    checker.check_pages_and_contact(&raw);
    policies::check_order_by_message(&raw, &mut checker);
    checker.check_shipping_page(&raw);
    let shipping = shipping::check(&raw.shipping, currency, &mut checker);
    shipping::check_basket(&raw, base_url.as_ref(), &mut checker);
    let returns = policies::check_returns(raw.returns.as_ref(), &mut checker);
    let diagnostics = checker.into_diagnostics();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let (Some(base_url), Some(currency)) = (base_url, currency) else {
        return Err(diagnostics);
    };
    Ok(Config {
        title: raw.title,
        base_url,
        language: raw.language,
        languages: raw.languages,
        currency,
        description: raw.description,
        brand,
        share_image: raw.share_image,
        theme: raw.theme,
        contact: raw.contact,
        social: raw.social,
        menu: raw.menu,
        categories: raw.categories,
        legal: raw.legal,
        per_page: raw.per_page,
        low_stock: raw.low_stock,
        strings: raw.strings,
        images: raw.images,
        shipping,
        returns,
        shipping_page: raw.shipping_page,
        prices_include_tax: raw.prices_include_tax,
        order_by_message: raw.order_by_message,
        basket: raw.basket,
        analytics: raw.analytics,
        newsletter: raw.newsletter,
        share: raw.share,
        utm: raw.utm,
        community: raw.community,
        orders: raw.orders,
        extra: raw.extra,
        url_prefix: String::new(),
        path,
        positions,
        source,
    })
}

/// The text of `shop.yaml` in `root`, or why it cannot be read.
fn read_config(root: &Path, path: &Path) -> Result<String, Diagnostics> {
    std::fs::read_to_string(root.join(CONFIG_FILE)).map_err(|err| {
        Diagnostics(vec![
            Diagnostic::error(
                path,
                Position::START,
                format!("cannot read {CONFIG_FILE}: {err}"),
            )
            .with_hint(format!(
                "run `shop` in a shop folder, or create one with `shop init {}`",
                root.display()
            )),
        ])
    })
}

/// Parses an absolute http(s) URL and makes sure it ends in `/`.
fn parse_base_url(text: &str) -> Result<Url, String> {
    let mut url = Url::parse(text).map_err(|err| format!("`{text}` is not a valid URL: {err}"))?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(format!("`{text}` is not an http(s) address"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{text}` must not have a query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// The first character of a link (spaces around it aside) that no link may hold: a space,
/// a line break or another control character, or an invisible format character (soft
/// hyphen, zero width, bidirectional override). The URL parser drops tabs and line breaks, so
/// `/\n/evil.example` would be checked as one link and followed as another.
pub fn hidden_char(link: &str) -> Option<char> {
    link.trim().chars().find(|&c| {
        c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// How a message names a character [`hidden_char`] found.
pub fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\n' | '\r' => "a line break".into(),
        '\t' => "a tab".into(),
        c => format!("the invisible character U+{:04X}", u32::from(c)),
    }
}

/// True for an absolute `https://` or `http://` URL with a host, and nothing hidden in it
/// that the URL parser would drop (see [`hidden_char`]).
pub fn is_web_url(text: &str) -> bool {
    hidden_char(text).is_none()
        && Url::parse(text)
            .is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some())
}

/// True for a path on the site, such as `/about/`. Not `//host/x` or `/\host/x`, which
/// browsers follow to another site, and nothing hidden: the URL parser drops line breaks, so
/// `/\n/host/x` is followed as `//host/x`.
pub fn is_site_path(text: &str) -> bool {
    crate::web::is_on_site(text) && !text.starts_with("/\\") && hidden_char(text).is_none()
}

/// A light check of an email address: one `@`, something on each side, a dot in the domain,
/// and nothing that would break a `mailto:` link or hide in it: no space, control or
/// invisible character (see [`hidden_char`]).
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || "<>\"'?&,;:()[]\\".contains(c))
        && hidden_char(text).is_none()
        && !domain.contains('@')
}

/// What an error says of an address [`is_email`] refused: the address with anything hidden
/// in it escaped, and that hidden character when it is the reason.
pub fn not_an_email(text: &str) -> String {
    let shown = text.escape_debug();
    match hidden_char(text) {
        Some(c) => format!(
            "`{shown}` is not an email address: it has {} inside",
            describe(c)
        ),
        None => format!("`{shown}` is not an email address"),
    }
}

/// A structural check of a BCP 47 tag: a 2-3 letter language, then 1-8 character subtags.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    language_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash() {
        let url = parse_base_url("https://name.github.io/shop").unwrap();
        assert_eq!(url.as_str(), "https://name.github.io/shop/");
        assert!(parse_base_url("ftp://x.org/").is_err());
        assert!(parse_base_url("/shop/").is_err());
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("zh-CN"));
        assert!(is_language_tag("pt-PT"));
        assert!(!is_language_tag("english"));
        assert!(!is_language_tag("zh_CN"));
    }

    #[test]
    fn site_paths_stay_on_the_site() {
        assert!(is_site_path("/about/"));
        assert!(is_site_path("/"));
        for other_site in [
            "//evil.example/x",
            "/\\evil.example/x",
            "/\n/evil.example/x",
        ] {
            assert!(!is_site_path(other_site), "{other_site:?}");
        }
        assert!(!is_site_path("/about us/"));
        assert!(is_web_url("https://example.com/a"));
        assert!(!is_web_url("https://example.com/a\nb"));
        assert!(!is_web_url("//evil.example/x"));
    }

    #[test]
    fn emails() {
        assert!(is_email("hello@example.com"));
        assert!(!is_email("hello@localhost"));
        assert!(!is_email("a@b.com?subject=x"));
        for hidden in [
            "hello\u{7}@example.com",
            "hello@exa\u{200B}mple.com",
            "hel\u{AD}lo@example.com",
            "hello@example.com\u{7}",
        ] {
            assert!(!is_email(hidden), "{hidden:?}");
        }
        assert_eq!(
            not_an_email("a\u{7}@b.com"),
            "`a\\u{7}@b.com` is not an email address: it has the invisible character U+0007 inside"
        );
        assert_eq!(not_an_email("a@b"), "`a@b` is not an email address");
    }
}
