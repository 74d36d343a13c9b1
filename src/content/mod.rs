//! Content: products, pages and posts read from the shop folder, validated all at once.
//!
//! Loading never stops at the first mistake: every file is read and checked, and all
//! diagnostics come back together with the model of whatever was valid.

pub mod buy;
pub mod front_matter;
pub mod money;
mod raw;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use walkdir::WalkDir;

use crate::config::{Config, is_email};
use crate::diagnostics::{Diagnostic, Diagnostics, Position, display_path};
use crate::markdown;
use buy::{Buy, BuyLink, BuyQr, LinkProvider, QrProvider, RawBuy, RawEmail};
use front_matter::Positions;
use money::{Currency, Money};
use raw::{RawImage, RawPage, RawProduct, RawVariant};

/// First path segments that belong to generated sections, so no page may take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "products",
    "posts",
    "categories",
    "tags",
    "catalog",
    "feeds",
    "static",
    "assets",
    "search",
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
}

/// A product photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    /// Path relative to the product's folder in the output.
    pub output: String,
    /// Alternative text; empty only when the seller gave none.
    pub alt: String,
}

/// One purchasable version of a product (a size, a format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Shown on its button group.
    pub name: String,
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

/// A product, checked and ready to render.
#[derive(Debug, Clone)]
pub struct Product {
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
    /// Photos, main one first.
    pub images: Vec<Image>,
    /// Categories.
    pub categories: Vec<Term>,
    /// Tags.
    pub tags: Vec<Term>,
    /// How to pay, when there are no variants.
    pub buy: Buy,
    /// Purchasable versions.
    pub variants: Vec<Variant>,
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
}

impl Product {
    /// Sold out when stock is 0, or when every variant is.
    pub fn sold_out(&self) -> bool {
        if self.variants.is_empty() {
            self.stock == Some(0)
        } else {
            self.variants.iter().all(|v| v.stock == Some(0))
        }
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
        format!("/products/{}/", self.slug)
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
}

impl Page {
    /// The site path of the page, relative to the base path.
    pub fn path(&self) -> String {
        match self.section {
            Section::Pages => format!("/{}/", self.slug),
            Section::Posts => format!("/posts/{}/", self.slug),
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
    pub products: Vec<Product>,
    /// Pages by weight then title.
    pub pages: Vec<Page>,
    /// Posts, newest first.
    pub posts: Vec<Page>,
    /// Categories in config order, then by name.
    pub categories: Vec<Taxonomy>,
    /// Tags by name.
    pub tags: Vec<Taxonomy>,
    /// Files under `static/`, copied as they are.
    pub static_files: Vec<Asset>,
}

/// The result of loading: the model of what was valid, and every problem found.
#[derive(Debug)]
pub struct Loaded {
    /// The shop.
    pub site: Site,
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Diagnostics,
}

/// Reads and checks every product, page and post of the shop in `root`.
pub fn load(root: &Path, config: Config, drafts: Drafts) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let mut products = Vec::new();
    for file in content_files(root, "products", &mut diagnostics) {
        let mut loader = FileLoader::new(root, &file, &config, &mut diagnostics);
        if let Some(product) = loader.product() {
            products.push(product);
        }
    }
    let mut pages = Vec::new();
    for (section, folder) in [(Section::Pages, "pages"), (Section::Posts, "posts")] {
        for file in content_files(root, folder, &mut diagnostics) {
            let mut loader = FileLoader::new(root, &file, &config, &mut diagnostics);
            if let Some(page) = loader.page(section) {
                pages.push(page);
            }
        }
    }
    check_unique_paths(root, &products, &pages, &mut diagnostics);

    let published = |draft: bool| !draft || drafts == Drafts::Include;
    products.retain(|p| published(p.draft));
    pages.retain(|p| published(p.draft));
    products.sort_by(|a, b| {
        (a.weight, std::cmp::Reverse(&a.date), &a.title).cmp(&(
            b.weight,
            std::cmp::Reverse(&b.date),
            &b.title,
        ))
    });
    let (mut posts, mut pages): (Vec<Page>, Vec<Page>) =
        pages.into_iter().partition(|p| p.section == Section::Posts);
    posts.sort_by(|a, b| (&b.date, &a.title).cmp(&(&a.date, &b.title)));
    pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));

    let static_files = static_files(root, &mut diagnostics);
    let categories = categories(&config, &products, &static_files, &mut diagnostics);
    let tags = taxonomies_by_name(&products, |p| &p.tags);
    diagnostics.sort();
    Loaded {
        site: Site {
            root: root.to_path_buf(),
            config,
            products,
            pages,
            posts,
            categories,
            tags,
            static_files,
        },
        diagnostics,
    }
}

/// The Markdown files of a section: `name.md` and `name/index.md`, skipping translations
/// (`name.zh-CN.md`), which a later feature reads.
fn content_files(root: &Path, folder: &str, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(2)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or(dir.clone());
                diagnostics.push(Diagnostic::error(
                    display_path(root, &path),
                    Position::START,
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(".md") || is_translation(&name) {
            continue;
        }
        let nested_index = entry.depth() == 2 && name == "index.md";
        if entry.depth() == 1 || nested_index {
            files.push(path.to_path_buf());
        }
    }
    files
}

/// `apron.zh-CN.md` and `index.fr.md` are translations of another file: the part after the
/// last dot is a two-letter language, with an optional region or script (`pt-BR`).
fn is_translation(file_name: &str) -> bool {
    let stem = file_name.trim_end_matches(".md");
    stem.rsplit_once('.').is_some_and(|(_, lang)| {
        let primary = lang.split('-').next().unwrap_or_default();
        primary.len() == 2 && crate::config::is_language_tag(lang)
    })
}

/// Reads one content file and turns its front matter into the model, recording problems.
struct FileLoader<'a> {
    root: &'a Path,
    /// Absolute path of the Markdown file.
    path: PathBuf,
    /// As shown in diagnostics.
    display: PathBuf,
    config: &'a Config,
    diagnostics: &'a mut Diagnostics,
    source: String,
    positions: Positions,
    errors_before: usize,
}

impl<'a> FileLoader<'a> {
    fn new(
        root: &'a Path,
        path: &Path,
        config: &'a Config,
        diagnostics: &'a mut Diagnostics,
    ) -> Self {
        let errors_before = diagnostics.error_count();
        FileLoader {
            root,
            path: path.to_path_buf(),
            display: display_path(root, path),
            config,
            diagnostics,
            source: String::new(),
            positions: Positions::default(),
            errors_before,
        }
    }

    fn error(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.error_at(self.positions.value(key), message, hint);
    }

    fn error_at(
        &mut self,
        position: Position,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::error(&self.display, position, message)
            .with_hint(hint)
            .with_source(&self.source);
        self.diagnostics.push(d);
    }

    fn warning(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::warning(&self.display, self.positions.value(key), message)
            .with_hint(hint)
            .with_source(&self.source);
        self.diagnostics.push(d);
    }

    fn failed(&self) -> bool {
        self.diagnostics.error_count() > self.errors_before
    }

    /// Reads the file and deserializes its front matter; `None` (with a diagnostic) when the
    /// file cannot be read or its YAML does not fit `T`.
    fn read<T: serde::de::DeserializeOwned>(&mut self) -> Option<(T, String)> {
        self.source = match std::fs::read_to_string(&self.path) {
            Ok(source) => source,
            Err(err) => {
                self.diagnostics.push(Diagnostic::error(
                    &self.display,
                    Position::START,
                    format!("cannot read file: {err}"),
                ));
                return None;
            }
        };
        let split = match front_matter::split(&self.display, &self.source) {
            Ok(split) => split,
            Err(d) => {
                self.diagnostics.push(d);
                return None;
            }
        };
        let body = split.body.to_owned();
        self.positions = Positions::of(split.yaml, split.yaml_line_offset);
        match front_matter::parse(
            &self.display,
            &self.source,
            split.yaml,
            split.yaml_line_offset,
            &self.positions,
        ) {
            Ok(raw) => Some((raw, body)),
            Err(d) => {
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// The folder whose files the content may use: the file's own folder.
    fn folder(&self) -> PathBuf {
        self.path.parent().unwrap_or(self.root).to_path_buf()
    }

    /// The slug: front matter's if given (and URL-safe), else from the file or folder name.
    fn slug(&mut self, given: Option<&str>, section: Option<Section>) -> String {
        if let Some(given) = given {
            let clean = slug::slugify(given);
            if clean.is_empty() {
                self.error(
                    "slug",
                    format!("slug `{given}` has no letters or digits"),
                    "write lowercase letters, digits and dashes, such as `linen-apron`",
                );
            } else if clean != given {
                self.error(
                    "slug",
                    format!("slug `{given}` is not URL-safe"),
                    format!("write lowercase letters, digits and dashes, such as `{clean}`"),
                );
            }
            return clean;
        }
        let name = if self.path.file_name().is_some_and(|n| n == "index.md") {
            self.folder()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        } else {
            self.path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
        }
        .unwrap_or_default();
        let stem = if section == Some(Section::Posts) {
            strip_date_prefix(&name)
        } else {
            &name
        };
        let slug = slug::slugify(stem);
        if slug.is_empty() {
            self.error_at(
                Position::START,
                format!("cannot make a URL slug from the name `{name}`"),
                "rename the file (or its folder) with letters or digits, or add `slug: linen-apron` to the front matter",
            );
        }
        slug
    }

    /// Checks a file a front-matter value or Markdown link names: relative, inside the
    /// content's folder (symlinks included), and present.
    fn asset(&mut self, at: Position, src: &str) -> Option<Asset> {
        let folder = self.folder();
        let relative = Path::new(src);
        let escapes = relative.is_absolute()
            || relative.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::Prefix(_) | Component::RootDir
                )
            });
        if src.trim().is_empty() || escapes {
            self.error_at(
                at,
                format!("`{src}` points outside the content's folder"),
                "put the file beside the Markdown file (or in a folder below it) and write its relative path, such as `photo.jpg`",
            );
            return None;
        }
        let source = folder.join(relative);
        let inside = match (source.canonicalize(), folder.canonicalize()) {
            (Ok(file), Ok(folder)) => file.is_file() && file.starts_with(folder),
            _ => false,
        };
        if !source.is_file() {
            let beside = folder
                .strip_prefix(self.root)
                .unwrap_or(&folder)
                .display()
                .to_string();
            self.error_at(
                at,
                format!("file `{src}` not found"),
                format!("put `{src}` in `{beside}/`, or correct the name (it is case-sensitive)"),
            );
            return None;
        }
        if !inside {
            self.error_at(
                at,
                format!("`{src}` is a link to a file outside the content's folder"),
                "copy the file into the folder instead of linking to it",
            );
            return None;
        }
        let output = relative
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/");
        Some(Asset { source, output })
    }

    fn images(&mut self, raw: &[RawImage], title: &str, assets: &mut Vec<Asset>) -> Vec<Image> {
        let mut images = Vec::new();
        for (i, image) in raw.iter().enumerate() {
            let (src, alt, key) = match image {
                RawImage::Path(src) => (src.as_str(), title.to_owned(), format!("images.{i}")),
                RawImage::Full { src, alt } => (
                    src.as_str(),
                    alt.clone().unwrap_or_else(|| title.to_owned()),
                    format!("images.{i}.src"),
                ),
            };
            if let Some(asset) = self.asset(self.positions.value(&key), src) {
                images.push(Image {
                    output: asset.output.clone(),
                    alt,
                });
                push_asset(assets, asset);
            }
        }
        images
    }

    /// Checks the images the Markdown body uses and adds them to the assets.
    fn body_images(&mut self, body: &str, body_line: usize, assets: &mut Vec<Asset>) {
        for image in markdown::local_images(body) {
            let line = body_line + body[..image.offset].matches('\n').count();
            if let Some(asset) = self.asset(Position::new(line, 1), &image.src) {
                push_asset(assets, asset);
            }
        }
    }

    fn date(&mut self, key: &str, value: Option<&str>) -> Option<String> {
        let value = value?;
        match parse_date(value) {
            Some(date) => Some(date),
            None => {
                self.error(
                    key,
                    format!("`{value}` is not a date"),
                    "write the date as YYYY-MM-DD, such as 2026-03-01",
                );
                None
            }
        }
    }

    fn aliases(&mut self, raw: &[String]) -> Vec<String> {
        let mut aliases = Vec::new();
        for (i, alias) in raw.iter().enumerate() {
            match normalize_alias(alias) {
                Some(alias) if is_generated_path(&alias) => self.error(
                    &format!("aliases.{i}"),
                    format!("alias `{alias}` is a page the shop generates itself"),
                    "aliases are old addresses of this page: remove this one",
                ),
                Some(alias) => aliases.push(alias),
                None => self.error(
                    &format!("aliases.{i}"),
                    format!("alias `{alias}` is not a site path"),
                    "write an old path of this site such as /shop/old-name/, without `..`, `?` or `#`",
                ),
            }
        }
        aliases
    }

    fn price(
        &mut self,
        key: &str,
        value: Option<&serde_yaml_ng::Value>,
        currency: Currency,
    ) -> Option<Money> {
        let value = value?;
        let text = match value {
            serde_yaml_ng::Value::Number(_) | serde_yaml_ng::Value::String(_) => self
                .positions
                .scalar(key)
                .map(str::to_owned)
                .unwrap_or_default(),
            _ => String::new(),
        };
        match money::parse_price(&text, currency) {
            Ok(money) => Some(money),
            Err(err) => {
                let hint = err.hint();
                self.error(key, format!("bad price: {err}"), hint);
                None
            }
        }
    }

    fn currency(&mut self, given: Option<&str>) -> Currency {
        let Some(code) = given else {
            return self.config.currency;
        };
        match Currency::from_code(code) {
            Some(currency) => currency,
            None => {
                self.error(
                    "currency",
                    format!("unknown currency `{code}`"),
                    "write an ISO 4217 code in capitals, such as EUR, USD, CNY or JPY",
                );
                self.config.currency
            }
        }
    }

    /// Checks `buy:` at `prefix` (`buy` or `variants.2.buy`).
    fn buy(&mut self, prefix: &str, raw: &RawBuy, assets: &mut Vec<Asset>) -> Buy {
        let mut result = Buy::default();
        for (provider, key, label, url) in raw.links() {
            let key = format!("{prefix}.{key}");
            if let Err(err) = buy::check_link(provider, url) {
                let hint = err.hint();
                self.error(&key, format!("bad {} link: {err}", provider.key()), hint);
                continue;
            }
            if provider == LinkProvider::Stripe && buy::is_stripe_test_link(url) {
                self.warning(
                    &key,
                    "this Stripe link is in test mode: buyers cannot pay with it",
                    "create the payment link in live mode and paste that one before going live",
                );
            }
            result.links.push(BuyLink {
                provider,
                label,
                url: url.trim().to_owned(),
            });
        }
        for (provider, image) in [
            (QrProvider::Wechat, &raw.wechat),
            (QrProvider::Alipay, &raw.alipay),
        ] {
            if let Some(image) = image
                && let Some(asset) = self.asset(
                    self.positions
                        .value(&format!("{prefix}.{}", provider.key())),
                    image,
                )
            {
                result.qr.push(BuyQr {
                    provider,
                    image: asset.output.clone(),
                });
                push_asset(assets, asset);
            }
        }
        result.email = match &raw.email {
            None | Some(RawEmail::Flag(false)) => None,
            Some(RawEmail::Flag(true)) => match &self.config.contact.email {
                Some(email) => Some(email.clone()),
                None => {
                    self.error(
                        &format!("{prefix}.email"),
                        "`email: true` needs the shop's email address",
                        "add `contact: {email: you@example.com}` to shop.yaml, or write the address here",
                    );
                    None
                }
            },
            Some(RawEmail::Address(address)) if is_email(address) => Some(address.clone()),
            Some(RawEmail::Address(address)) => {
                self.error(
                    &format!("{prefix}.email"),
                    format!("`{address}` is not an email address"),
                    "write `true` for the shop's contact email, or an address such as orders@example.com",
                );
                None
            }
        };
        result
    }

    fn product(&mut self) -> Option<Product> {
        let (raw, body): (RawProduct, String) = self.read()?;
        let body_line = self.source.lines().count() - body.lines().count() + 1;
        let slug = self.slug(raw.slug.as_deref(), None);
        let currency = self.currency(raw.currency.as_deref());
        let price = self.price("price", raw.price.as_ref(), currency);
        let compare_at = self.price("compare_at_price", raw.compare_at_price.as_ref(), currency);
        self.check_compare_at("compare_at_price", price, compare_at);
        let mut assets = Vec::new();
        let images = self.images(&raw.images, &raw.title, &mut assets);
        self.body_images(&body, body_line, &mut assets);
        let buy = self.buy("buy", &raw.buy, &mut assets);
        let variants = self.variants(&raw, price, compare_at, currency, &buy, &mut assets);
        if raw.price.is_none() && raw.variants.is_empty() {
            self.error(
                "title",
                "missing price",
                "add `price: 38` (or `price: \"38.50\"`), or give every variant its own price",
            );
        }
        let date = self.date("date", raw.date.as_deref());
        let updated = self.date("updated", raw.updated.as_deref());
        let aliases = self.aliases(&raw.aliases);
        if self.failed() {
            return None;
        }
        let summary = summary_or_first_paragraph(raw.summary, &body);
        Some(Product {
            file: self.display.clone(),
            slug,
            title: raw.title,
            summary,
            body,
            price,
            compare_at,
            currency,
            sku: raw.sku,
            stock: raw.stock,
            images,
            categories: terms(&raw.categories),
            tags: terms(&raw.tags),
            buy,
            variants,
            featured: raw.featured,
            weight: raw.weight,
            date,
            updated,
            draft: raw.draft,
            aliases,
            extra: raw.extra,
            assets,
        })
    }

    fn check_compare_at(&mut self, key: &str, price: Option<Money>, compare_at: Option<Money>) {
        if let (Some(price), Some(was)) = (price, compare_at)
            && was.minor <= price.minor
        {
            self.error(
                key,
                "compare_at_price must be higher than the price",
                "compare_at_price is the old price a sale is compared with: raise it, or remove it when the product is not on sale",
            );
        }
    }

    fn variants(
        &mut self,
        raw: &RawProduct,
        price: Option<Money>,
        compare_at: Option<Money>,
        currency: Currency,
        product_buy: &Buy,
        assets: &mut Vec<Asset>,
    ) -> Vec<Variant> {
        let mut variants = Vec::new();
        let mut names: HashMap<&str, usize> = HashMap::new();
        for (i, v) in raw.variants.iter().enumerate() {
            let key = |k: &str| format!("variants.{i}.{k}");
            if let Some(first) = names.insert(&v.name, i) {
                self.error(
                    &key("name"),
                    format!(
                        "two variants are named `{}` (the first is variant {})",
                        v.name,
                        first + 1
                    ),
                    "give every variant its own name",
                );
            }
            let own_price = self.price(&key("price"), v.price.as_ref(), currency);
            let own_compare = self.price(
                &key("compare_at_price"),
                v.compare_at_price.as_ref(),
                currency,
            );
            let Some(variant_price) = own_price.or(price) else {
                if v.price.is_none() {
                    self.error(
                        &format!("variants.{i}"),
                        format!("variant `{}` has no price", v.name),
                        "give the variant a `price:`, or give the product one",
                    );
                }
                continue;
            };
            let compare = if own_price.is_some() {
                own_compare
            } else {
                own_compare.or(compare_at)
            };
            self.check_compare_at(&key("compare_at_price"), Some(variant_price), compare);
            let buy = self.variant_buy(i, v, own_price.is_some(), product_buy, assets);
            variants.push(Variant {
                name: v.name.clone(),
                sku: v.sku.clone(),
                price: variant_price,
                compare_at: compare,
                stock: v.stock.or(raw.stock),
                buy,
            });
        }
        variants
    }

    /// A variant's own links; without them, the product's links when the variant shares the
    /// product's price (a Stripe link charges one fixed price, so never across prices).
    fn variant_buy(
        &mut self,
        i: usize,
        v: &RawVariant,
        own_price: bool,
        product_buy: &Buy,
        assets: &mut Vec<Asset>,
    ) -> Buy {
        match &v.buy {
            Some(raw) => self.buy(&format!("variants.{i}.buy"), raw, assets),
            None if !own_price => product_buy.clone(),
            None => {
                if !product_buy.is_empty() {
                    self.warning(
                        &format!("variants.{i}.price"),
                        format!("variant `{}` has its own price but no buy links of its own", v.name),
                        "give the variant its own `buy:` links: a checkout link sells one fixed price, so the product's links are not used for it",
                    );
                }
                Buy::default()
            }
        }
    }

    fn page(&mut self, section: Section) -> Option<Page> {
        let (raw, body): (RawPage, String) = self.read()?;
        let body_line = self.source.lines().count() - body.lines().count() + 1;
        let slug = self.slug(raw.slug.as_deref(), Some(section));
        if section == Section::Pages && RESERVED_SLUGS.contains(&slug.as_str()) {
            self.error(
                "slug",
                format!("`{slug}` is reserved for the shop's own pages"),
                "choose another slug with `slug:` in the front matter",
            );
        }
        if section == Section::Pages && !raw.tags.is_empty() {
            self.error(
                "tags",
                "pages have no tags",
                "tags group products and posts: remove `tags:` from this page",
            );
        }
        let date = self.date("date", raw.date.as_deref());
        if section == Section::Posts && raw.date.is_none() {
            self.error(
                "title",
                "a post needs a date",
                "add `date: 2026-03-01` (the day it is published)",
            );
        }
        let updated = self.date("updated", raw.updated.as_deref());
        let mut assets = Vec::new();
        let images = self.images(&raw.images, &raw.title, &mut assets);
        self.body_images(&body, body_line, &mut assets);
        let aliases = self.aliases(&raw.aliases);
        if self.failed() {
            return None;
        }
        Some(Page {
            section,
            file: self.display.clone(),
            slug,
            title: raw.title,
            summary: summary_or_first_paragraph(raw.summary, &body),
            body,
            date,
            updated,
            draft: raw.draft,
            aliases,
            weight: raw.weight,
            tags: terms(&raw.tags),
            images,
            extra: raw.extra,
            assets,
        })
    }
}

fn push_asset(assets: &mut Vec<Asset>, asset: Asset) {
    if !assets.iter().any(|a| a.output == asset.output) {
        assets.push(asset);
    }
}

/// The given summary, else the body's first paragraph cut at a word near 200 characters.
fn summary_or_first_paragraph(summary: Option<String>, body: &str) -> String {
    if let Some(summary) = summary {
        return summary.trim().to_owned();
    }
    let text = markdown::first_paragraph(body);
    if text.chars().count() <= 200 {
        return text;
    }
    let cut: String = text.chars().take(200).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

fn terms(names: &[String]) -> Vec<Term> {
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

/// `2026-09-14-deep-field` becomes `deep-field`: the date is in the front matter already.
fn strip_date_prefix(name: &str) -> &str {
    let bytes = name.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
        && bytes[10] == b'-';
    if dated { &name[11..] } else { name }
}

/// Accepts `YYYY-MM-DD`, optionally followed by a time, and keeps the date.
pub fn parse_date(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let mut parts = date.split('-');
    let year: u32 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let month: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let day: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days).contains(&day).then(|| date.to_owned())
}

/// An alias as an output-relative site path: `/old/` or `/old.html`; `None` when unsafe.
fn normalize_alias(alias: &str) -> Option<String> {
    let alias = alias.trim();
    let bad = !alias.starts_with('/')
        || alias.starts_with("//")
        || alias.contains(['?', '#', '\\'])
        || alias.split('/').any(|part| part == ".." || part == ".");
    if bad || alias == "/" {
        return None;
    }
    if alias.ends_with('/') || alias.ends_with(".html") {
        Some(alias.to_owned())
    } else {
        Some(format!("{alias}/"))
    }
}

/// Paths of listings, theme assets and the 404 page, which no alias may take.
fn is_generated_path(alias: &str) -> bool {
    matches!(alias, "/products/" | "/posts/" | "/404.html")
        || ["/assets/", "/categories/", "/tags/"]
            .iter()
            .any(|prefix| alias.starts_with(prefix))
        || is_pagination_path(alias)
}

/// `/products/page/2/`, `/categories/prints/page/3/`.
fn is_pagination_path(alias: &str) -> bool {
    let parts: Vec<&str> = alias.trim_matches('/').split('/').collect();
    parts.len() >= 2
        && parts[parts.len() - 2] == "page"
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
}

/// Every site path must belong to one file: product and page slugs, and aliases. The later
/// claim is reported, at its own `slug` or alias, naming the file that holds the path.
fn check_unique_paths(
    root: &Path,
    products: &[Product],
    pages: &[Page],
    diagnostics: &mut Diagnostics,
) {
    let claims = products
        .iter()
        .map(|p| (p.path(), &p.file, &p.aliases))
        .chain(pages.iter().map(|p| (p.path(), &p.file, &p.aliases)))
        .flat_map(|(path, file, aliases)| {
            std::iter::once((path, file, None)).chain(
                aliases
                    .iter()
                    .enumerate()
                    .map(move |(i, a)| (a.clone(), file, Some(i))),
            )
        });
    let mut claimed: HashMap<String, (&PathBuf, Option<usize>)> = HashMap::new();
    for (path, file, alias) in claims {
        let Some(&(first, first_alias)) = claimed.get(&path) else {
            claimed.insert(path, (file, alias));
            continue;
        };
        let holder = match first_alias {
            None => format!("the address of {}", first.display()),
            Some(_) => format!("an alias of {}", first.display()),
        };
        let (key, message, hint) = match alias {
            None => (
                "slug".to_owned(),
                format!("duplicate slug: `{path}` is already {holder}"),
                "give one of them another slug with `slug:` in its front matter",
            ),
            Some(i) => (
                format!("aliases.{i}"),
                format!("alias `{path}` is already {holder}"),
                "remove the alias or change it to a path nothing else uses",
            ),
        };
        let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        let positions = front_matter::split(file, &source)
            .map(|s| Positions::of(s.yaml, s.yaml_line_offset))
            .unwrap_or_default();
        diagnostics.push(
            Diagnostic::error(file.as_path(), positions.key(&key), message)
                .with_hint(hint)
                .with_source(&source),
        );
    }
}

fn taxonomy(
    term: Term,
    title: String,
    description: String,
    products: &[Product],
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
fn categories(
    config: &Config,
    products: &[Product],
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
fn taxonomies_by_name(
    products: &[Product],
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

/// Files under `static/`, with their output paths; links out of the folder are refused.
fn static_files(root: &Path, diagnostics: &mut Diagnostics) -> Vec<Asset> {
    let dir = root.join("static");
    let Ok(canonical) = dir.canonicalize() else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let inside = path.canonicalize().is_ok_and(|p| p.starts_with(&canonical));
        let display = display_path(root, path);
        if !inside {
            diagnostics.push(
                Diagnostic::error(
                    &display,
                    Position::START,
                    "this link points outside `static/`",
                )
                .with_hint("copy the file into static/ instead of linking to it"),
            );
            continue;
        }
        let output = path
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        files.push(Asset {
            source: path.to_path_buf(),
            output,
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-02-28").as_deref(), Some("2026-02-28"));
        assert_eq!(
            parse_date("2026-03-01T10:00:00Z").as_deref(),
            Some("2026-03-01")
        );
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("1 March").is_none());
    }

    #[test]
    fn aliases_stay_on_the_site() {
        assert_eq!(normalize_alias("/old").as_deref(), Some("/old/"));
        assert_eq!(normalize_alias("/old.html").as_deref(), Some("/old.html"));
        assert!(normalize_alias("/../etc/").is_none());
        assert!(normalize_alias("https://x.org/").is_none());
        assert!(normalize_alias("//x.org/").is_none());
        assert!(is_generated_path("/products/"));
        assert!(is_generated_path("/assets/shop.css/"));
        assert!(!is_generated_path("/products/old-name/"));
        assert!(is_generated_path("/products/page/2/"));
        assert!(!is_generated_path("/page/about/"));
    }

    #[test]
    fn translations_and_dated_names() {
        assert!(is_translation("apron.zh-CN.md"));
        assert!(is_translation("index.fr.md"));
        assert!(!is_translation("apron.md"));
        assert!(!is_translation("notes.faq.md"));
        assert_eq!(strip_date_prefix("2026-10-30-studio-notes"), "studio-notes");
        assert_eq!(strip_date_prefix("studio-notes"), "studio-notes");
    }

    #[test]
    fn slugs_of_names_are_readable() {
        assert_eq!(terms(&["亚麻围裙".into()])[0].slug, "ya-ma-wei-qun");
        assert_eq!(terms(&["Prints".into(), "prints".into()]).len(), 1);
    }
}
