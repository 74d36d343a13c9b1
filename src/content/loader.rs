//! Reading one content file: its front matter is deserialized, then every value is checked
//! for meaning (slug, prices, variants, payment links, images, dates, aliases) and turned
//! into a [`Product`] or [`Page`].
//!
//! A [`FileLoader`] keeps going after a mistake so one run reports all of a file's problems;
//! it returns the model only when the file had no errors.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::buy::{self, Buy, BuyLink, BuyQr, LinkProvider, QrProvider, RawBuy, RawEmail};
use super::cache::{Dep, Stat};
use super::files::strip_date_prefix;
use super::front_matter;
use super::paths::{is_generated_path, normalize_alias, too_long};
use super::raw::{
    RawImage, RawImageEntry, RawPage, RawProduct, RawReview, RawTranslation, RawVariant, RawVideo,
    ShortOrLong,
};
use super::reviews;
use super::taxonomy::terms;
use super::video::{self, Video, VideoSource};
use super::{
    Asset, AssetKind, Availability, Image, Kind, Origin, Page, Product, ProductOption,
    RESERVED_SLUGS, Review, Section, Term, Translation, Variant,
};
use crate::config::{Config, is_email, not_an_email};
use crate::date::parse_date;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, closest, display_path};
use crate::fs::MAX_NAME_BYTES;
use crate::fs::{Unusable, file_in, not_utf8, relative_path};
use crate::markdown;
use crate::money::{self, Currency, Money};
use crate::yaml::{self, Positions};

/// Reads one content file and turns its front matter into the model, recording problems.
pub(super) struct FileLoader<'a> {
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
    /// What the result depends on, for reuse between builds.
    deps: Vec<Dep>,
}

impl<'a> FileLoader<'a> {
    pub(super) fn new(
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
            deps: Vec::new(),
        }
    }

    /// What the file's result depends on: its bytes and the files it names.
    pub(super) fn into_deps(self) -> Vec<Dep> {
        self.deps
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
        let stat = Stat::of(&self.path);
        let bytes = std::fs::read(&self.path);
        self.deps
            .push(Dep::content(&self.path, stat, bytes.as_deref().ok()));
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(err) => {
                self.diagnostics.push(Diagnostic::error(
                    &self.display,
                    Position::START,
                    format!("cannot read file: {err}"),
                ));
                return None;
            }
        };
        self.source = match String::from_utf8(bytes) {
            Ok(source) => source,
            Err(err) => {
                self.diagnostics.push(not_utf8(&self.display, &err));
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
        match yaml::parse(
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
            } else if clean.len() > MAX_NAME_BYTES {
                self.error(
                    "slug",
                    too_long("this slug", clean.len()),
                    "shorten it: the slug names the page's folder in the built site",
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
        } else if slug.len() > MAX_NAME_BYTES {
            self.error_at(
                Position::START,
                too_long("the slug made from the file name", slug.len()),
                "give the file (or its folder) a shorter name, or add a shorter `slug:` to the front matter",
            );
        }
        slug
    }

    /// Checks a file a front-matter value or Markdown link names: relative, inside the
    /// content's folder (symlinks included), and present.
    fn asset(&mut self, at: Position, src: &str) -> Option<Asset> {
        let folder = self.folder();
        let Some(relative) = relative_path(src) else {
            self.error_at(
                at,
                format!("`{src}` points outside the content's folder"),
                "put the file beside the Markdown file (or in a folder below it) and write its relative path, such as `photo.jpg`",
            );
            return None;
        };
        self.deps.push(Dep::presence(&folder.join(relative)));
        let source = match file_in(&folder, relative) {
            Ok(source) => source,
            Err(Unusable::Missing) => {
                let beside = folder
                    .strip_prefix(self.root)
                    .unwrap_or(&folder)
                    .display()
                    .to_string();
                self.error_at(
                    at,
                    format!("file `{src}` not found"),
                    format!(
                        "put `{src}` in `{beside}/`, or correct the name (it is case-sensitive)"
                    ),
                );
                return None;
            }
            Err(Unusable::LinksOut) => {
                self.error_at(
                    at,
                    format!("`{src}` is a link to a file outside the content's folder"),
                    "copy the file into the folder instead of linking to it",
                );
                return None;
            }
        };
        let output = relative
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/");
        Some(Asset {
            kind: AssetKind::File,
            source,
            output,
            at,
        })
    }

    fn images(&mut self, raw: &[RawImage], title: &str, assets: &mut Vec<Asset>) -> Vec<Image> {
        raw.iter()
            .enumerate()
            .filter_map(|(i, image)| self.image(&format!("images.{i}"), image, title, assets))
            .collect()
    }

    /// One photo named at `key`: checked, kept as an asset, its alt text defaulting to
    /// `title`.
    fn image(
        &mut self,
        key: &str,
        image: &RawImage,
        title: &str,
        assets: &mut Vec<Asset>,
    ) -> Option<Image> {
        let (src, alt, key) = match image {
            ShortOrLong::Short(src) => (src.as_str(), title.to_owned(), key.to_owned()),
            ShortOrLong::Long(RawImageEntry { src, alt }) => (
                src.as_str(),
                alt.clone().unwrap_or_else(|| title.to_owned()),
                format!("{key}.src"),
            ),
        };
        let mut asset = self.asset(self.positions.value(&key), src)?;
        asset.kind = AssetKind::of_image(&asset.source);
        let image = Image {
            source: asset.source.clone(),
            output: asset.output.clone(),
            alt,
        };
        push_asset(assets, asset);
        Some(image)
    }

    /// The videos under `videos:`, files beside the product (published once, at
    /// `page_path` and their name) or links to a host; each mistake an error at its value.
    fn videos(&mut self, raw: &[RawVideo], page_path: &str, assets: &mut Vec<Asset>) -> Vec<Video> {
        let mut videos = Vec::new();
        for (i, video) in raw.iter().enumerate() {
            let (src, poster, title, key) = match video {
                ShortOrLong::Short(src) => (src, None, None, format!("videos.{i}")),
                ShortOrLong::Long(entry) => (
                    &entry.src,
                    entry.poster.as_ref(),
                    entry.title.as_deref(),
                    format!("videos.{i}.src"),
                ),
            };
            let source = self.video_source(&key, src, page_path, assets);
            let poster = poster.and_then(|p| self.poster(&format!("videos.{i}.poster"), p, assets));
            if let Some(source) = source {
                videos.push(Video {
                    source,
                    title: title
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned),
                    poster,
                });
            }
        }
        videos
    }

    /// A video link checked and turned into its player's address, or a video file checked
    /// (MP4 or WebM, inside the folder, present) and kept as an asset.
    fn video_source(
        &mut self,
        key: &str,
        src: &str,
        page_path: &str,
        assets: &mut Vec<Asset>,
    ) -> Option<VideoSource> {
        if video::is_link(src) {
            return match video::embed(src) {
                Ok(embed) => Some(VideoSource::Embed(embed)),
                Err(err) => {
                    let hint = err.hint();
                    self.error(key, format!("bad video link: {err}"), hint);
                    None
                }
            };
        }
        let Some(mime) = video::file_type(Path::new(src.trim())) else {
            self.error(
                key,
                format!("`{src}` is not an MP4 or WebM video"),
                "every browser plays .mp4 (H.264) and .webm files: export the video as one, or upload it to YouTube, Vimeo or Bilibili and write its link",
            );
            return None;
        };
        let asset = self.asset(self.positions.value(key), src)?;
        let file = VideoSource::File {
            source: asset.source.clone(),
            path: format!("{page_path}{}", asset.output),
            mime,
        };
        push_asset(assets, asset);
        Some(file)
    }

    /// A video's still: a photo beside the product, processed like the product's photos.
    /// A picture on another site is refused, since showing it would contact that site.
    fn poster(&mut self, key: &str, src: &str, assets: &mut Vec<Asset>) -> Option<Image> {
        if video::is_link(src) {
            self.error(
                key,
                format!("poster `{src}` is a link"),
                "save the picture beside the product and write its file name: a picture on another site would be fetched from it before anyone chooses to play",
            );
            return None;
        }
        if AssetKind::of_image(Path::new(src)) != AssetKind::Photo {
            self.error(
                key,
                format!("poster `{src}` is not a JPEG, PNG or WebP photo"),
                "save the still as .jpg, .png or .webp beside the product",
            );
            return None;
        }
        self.image(key, &ShortOrLong::Short(src.to_owned()), "", assets)
    }

    /// Checks the images the Markdown body uses and adds them to the assets.
    fn body_images(&mut self, body: &str, body_line: usize, assets: &mut Vec<Asset>) {
        for image in markdown::local_images(body) {
            let line = body_line + body[..image.offset].matches('\n').count();
            if let Some(mut asset) = self.asset(Position::new(line, 1), &image.target) {
                asset.kind = AssetKind::of_image(&asset.source);
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

    /// The ship date of a pre-order (required: buyers are told when it ships) or a
    /// backorder (optional); other products ship now, so a date there is a mistake.
    fn ship_date(&mut self, raw: &RawProduct) -> Option<String> {
        match (raw.availability, raw.ship_date.as_deref()) {
            (Availability::InStock, Some(_)) => {
                self.error(
                    "ship_date",
                    "`ship_date` is only for pre-orders and backorders",
                    "add `availability: preorder` (or `backorder`), or remove `ship_date`",
                );
                None
            }
            (Availability::Preorder, None) => {
                self.error(
                    "availability",
                    "a pre-order needs the day it ships",
                    "add `ship_date: 2027-03-01` (YYYY-MM-DD): the page tells buyers when it ships",
                );
                None
            }
            (_, date) => self.date("ship_date", date),
        }
    }

    /// The reviews under `reviews:`, newest first; each mistake an error at its key.
    fn reviews(&mut self, raw: &[RawReview]) -> Vec<Review> {
        let mut reviews = Vec::new();
        for (i, review) in raw.iter().enumerate() {
            if review.product.is_some() {
                self.error(
                    &format!("reviews.{i}.product"),
                    "`product` is only for reviews in reviews.yaml",
                    "remove it: a review in a product's file is about that product",
                );
            }
            match reviews::check(review) {
                Ok(review) => reviews.push(review),
                Err(problems) => {
                    for (key, message, hint) in problems {
                        self.error(&format!("reviews.{i}.{key}"), message, hint);
                    }
                }
            }
        }
        reviews::sort_newest_first(&mut reviews);
        reviews
    }

    /// A subscription says how often it charges; nothing else has an interval.
    fn check_interval(&mut self, raw: &RawProduct) {
        match (raw.kind, raw.interval) {
            (Kind::Subscription, None) => self.error(
                "kind",
                "a subscription needs its interval",
                "add `interval: month` (or `week`, `year`): the price reads per interval",
            ),
            (Kind::Physical | Kind::Digital, Some(_)) => self.error(
                "interval",
                "`interval` is only for subscriptions",
                "add `kind: subscription`, or remove `interval`",
            ),
            _ => {}
        }
    }

    /// A barcode number (GTIN-8, UPC-A, EAN-13 or GTIN-14) with a correct check digit: a
    /// mistyped one would get the product rejected by shopping feeds.
    fn gtin(&mut self, value: Option<&str>) -> Option<String> {
        let value = value?;
        let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if !matches!(digits.len(), 8 | 12 | 13 | 14) || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            self.error(
                "gtin",
                format!("`{value}` is not a GTIN"),
                "a GTIN is the 8, 12, 13 or 14 digits under the barcode; handmade goods have none, so remove the line",
            );
            return None;
        }
        if !gtin_check_digit_is_right(&digits) {
            self.error(
                "gtin",
                format!("`{value}` has a wrong check digit"),
                "copy the number again from the barcode: one digit is mistyped",
            );
            return None;
        }
        Some(digits)
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
                Some(alias) => match alias.split('/').map(str::len).max() {
                    Some(bytes) if bytes > MAX_NAME_BYTES => self.error(
                        &format!("aliases.{i}"),
                        too_long("a part of this alias", bytes),
                        "shorten it: each part between `/` names a folder or file of the built site",
                    ),
                    _ => aliases.push(alias),
                },
                None => self.error(
                    &format!("aliases.{i}"),
                    format!("alias `{alias}` is not a site path"),
                    "write an old path of this site such as /shop/old-name/, without `..`, `?` or `#`",
                ),
            }
        }
        aliases
    }

    /// The terms of the category or tag names under `key`; a name whose slug is too long
    /// to name the term's folder of the built site is an error at it.
    fn terms(&mut self, key: &str, what: &str, names: &[String]) -> Vec<Term> {
        for (i, name) in names.iter().enumerate() {
            let bytes = slug::slugify(name).len();
            if bytes > MAX_NAME_BYTES {
                self.error(
                    &format!("{key}.{i}"),
                    too_long(&format!("the slug of this {what}"), bytes),
                    format!(
                        "shorten the name: its slug names the {what}'s folder in the built site"
                    ),
                );
            }
        }
        terms(names)
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
                    not_an_email(address),
                    "write `true` for the shop's contact email, or an address as one unbroken line, such as orders@example.com",
                );
                None
            }
        };
        result
    }

    pub(super) fn product(&mut self) -> Option<Product> {
        let (raw, body): (RawProduct, String) = self.read()?;
        let body_line = self.source.lines().count() - body.lines().count() + 1;
        let slug = self.slug(raw.slug.as_deref(), None);
        let currency = self.currency(raw.currency.as_deref());
        let price = self.price("price", raw.price.as_ref(), currency);
        let compare_at = self.price("compare_at_price", raw.compare_at_price.as_ref(), currency);
        self.check_compare_at("compare_at_price", price, compare_at);
        let mut assets = Vec::new();
        let images = self.images(&raw.images, &raw.title, &mut assets);
        let videos = self.videos(&raw.videos, &format!("/products/{slug}/"), &mut assets);
        self.body_images(&body, body_line, &mut assets);
        let buy = self.buy("buy", &raw.buy, &mut assets);
        let options = self.product_options(&raw);
        let prices = Prices {
            price,
            compare_at,
            currency,
        };
        let variants = self.variants(&raw, &options, &prices, &buy, &mut assets);
        if raw.price.is_none() && raw.variants.is_empty() {
            self.error(
                "title",
                "missing price",
                "add `price: 38` (or `price: \"38.50\"`), or give every variant its own price",
            );
        }
        let date = self.date("date", raw.date.as_deref());
        let updated = self.date("updated", raw.updated.as_deref());
        let ship_date = self.ship_date(&raw);
        let reviews = self.reviews(&raw.reviews);
        self.check_interval(&raw);
        let aliases = self.aliases(&raw.aliases);
        let categories = self.terms("categories", "category", &raw.categories);
        let tags = self.terms("tags", "tag", &raw.tags);
        let gtin = self.gtin(raw.gtin.as_deref());
        let translations = self.translations(&images);
        if self.failed() {
            return None;
        }
        let summary = summary_or_first_paragraph(raw.summary, &body);
        let inputs: Vec<u64> = self.deps.iter().map(Dep::fingerprint).collect();
        Some(Product {
            fingerprint: crate::digest::fingerprint((&self.config.source, &self.path, inputs)),
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
            availability: raw.availability,
            ship_date,
            kind: raw.kind,
            interval: raw.interval,
            brand: raw.brand.or_else(|| self.config.brand.name.clone()),
            gtin,
            mpn: raw.mpn,
            condition: raw.condition,
            images,
            videos,
            categories,
            tags,
            buy,
            options,
            variants,
            reviews,
            featured: raw.featured,
            weight: raw.weight,
            date,
            updated,
            draft: raw.draft,
            aliases,
            extra: raw.extra,
            assets,
            origin: self.origin(body_line),
            translations,
            untranslated: false,
        })
    }

    /// The translations beside this file, one per configured language that has one.
    /// Their presence is a dependency too, so adding one later is noticed.
    fn translations(&mut self, images: &[Image]) -> BTreeMap<String, Arc<Translation>> {
        let mut found = BTreeMap::new();
        for language in self.config.languages.keys() {
            let path = translation_path(&self.path, language);
            self.deps.push(Dep::presence(&path));
            if !path.is_file() {
                continue;
            }
            let mut loader = FileLoader::new(self.root, &path, self.config, self.diagnostics);
            let translation = loader.translation(images);
            self.deps.extend(loader.into_deps());
            if let Some(translation) = translation {
                found.insert(language.clone(), Arc::new(translation));
            }
        }
        found
    }

    fn translation(&mut self, images: &[Image]) -> Option<Translation> {
        let (raw, body): (RawTranslation, String) = self.read()?;
        let body_line = self.source.lines().count() - body.lines().count() + 1;
        let slug = match raw.slug.as_deref() {
            Some(given) => self.slug(Some(given), None),
            None => String::new(),
        };
        let mut alt = HashMap::new();
        for (file, text) in &raw.alt {
            if images.iter().any(|i| i.output == *file) {
                alt.insert(file.clone(), text.clone());
            } else {
                let names: Vec<&str> = images.iter().map(|i| i.output.as_str()).collect();
                self.error(
                    "alt",
                    format!("the original has no photo `{file}`"),
                    if names.is_empty() {
                        "the original has no photos: remove `alt:`".to_owned()
                    } else {
                        format!("write the alt text of one of: {}", names.join(", "))
                    },
                );
            }
        }
        let mut assets = Vec::new();
        self.body_images(&body, body_line, &mut assets);
        let buy = raw.buy.as_ref().map(|b| self.buy("buy", b, &mut assets));
        if self.failed() {
            return None;
        }
        let has_body = !body.trim().is_empty();
        Some(Translation {
            file: self.display.clone(),
            title: raw.title,
            slug,
            summary: (raw.summary.is_some() || has_body)
                .then(|| summary_or_first_paragraph(raw.summary, &body)),
            body: has_body.then_some(body),
            alt,
            buy,
            assets,
            origin: self.origin(body_line),
        })
    }

    fn origin(&self, body_line: usize) -> Arc<Origin> {
        Arc::new(Origin {
            positions: self.positions.retained(),
            source: self.source.clone(),
            body_line,
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

    /// The product's `options`: each with values, none twice.
    fn product_options(&mut self, raw: &RawProduct) -> Vec<ProductOption> {
        if !raw.options.is_empty() && raw.variants.is_empty() {
            self.error_at(
                self.positions.key("options"),
                "the product has options but no variants",
                "list the variants under `variants:`, each with one value of every option: `- options: {Size: S}`",
            );
        }
        let mut options = Vec::new();
        for (name, values) in &raw.options {
            let key = format!("options.{name}");
            if values.is_empty() {
                self.error(
                    &key,
                    format!("option `{name}` has no values"),
                    "list its values, such as `[S, M, L]`",
                );
            }
            for (j, value) in values.iter().enumerate() {
                if values[..j].contains(value) {
                    self.error(
                        &format!("{key}.{j}"),
                        format!("`{value}` is listed twice in option `{name}`"),
                        "list each value once",
                    );
                }
            }
            options.push(ProductOption {
                name: name.clone(),
                values: values.clone(),
            });
        }
        options
    }

    /// A variant's name and option values: with product options, one known value of each
    /// (in the product's order) and a name made of them unless it has its own.
    fn variant_identity(
        &mut self,
        i: usize,
        v: &RawVariant,
        options: &[ProductOption],
    ) -> Option<(String, Vec<(String, String)>)> {
        let key = |k: &str| format!("variants.{i}.{k}");
        if options.is_empty() {
            if !v.options.is_empty() {
                self.error(
                    &key("options"),
                    "this variant picks options, but the product declares none",
                    "declare them on the product, such as `options: {Size: [S, M, L]}`, or give the variant a `name:` instead",
                );
                return None;
            }
            let Some(name) = &v.name else {
                self.error(
                    &format!("variants.{i}"),
                    format!("variant {} has no name", i + 1),
                    "give it a `name:` such as `A4`, or declare product `options:` and pick them per variant",
                );
                return None;
            };
            return Some((name.clone(), Vec::new()));
        }
        let names: Vec<&str> = options.iter().map(|o| o.name.as_str()).collect();
        let mut ok = true;
        for given in v.options.keys() {
            if !names.contains(&given.as_str()) {
                let suggestion = closest(
                    given,
                    &names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
                )
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
                self.error_at(
                    self.positions.key(&key(&format!("options.{given}"))),
                    format!("the product has no option `{given}`"),
                    format!(
                        "{suggestion}the product's options are: {}",
                        names.join(", ")
                    ),
                );
                ok = false;
            }
        }
        let mut picked = Vec::new();
        for option in options {
            match v.options.get(&option.name) {
                None => {
                    self.error(
                        &format!("variants.{i}"),
                        format!("variant {} picks no `{}`", i + 1, option.name),
                        format!(
                            "add `{}: …` with one of: {}",
                            option.name,
                            option.values.join(", ")
                        ),
                    );
                    ok = false;
                }
                Some(value) if !option.values.contains(value) => {
                    self.error(
                        &key(&format!("options.{}", option.name)),
                        format!("`{value}` is not a value of option `{}`", option.name),
                        format!(
                            "write one of: {}; or add `{value}` to the product's `options:`",
                            option.values.join(", ")
                        ),
                    );
                    ok = false;
                }
                Some(value) => picked.push((option.name.clone(), value.clone())),
            }
        }
        if !ok {
            return None;
        }
        let name = v.name.clone().unwrap_or_else(|| {
            picked
                .iter()
                .map(|(_, value)| value.as_str())
                .collect::<Vec<_>>()
                .join(" / ")
        });
        Some((name, picked))
    }

    fn variants(
        &mut self,
        raw: &RawProduct,
        options: &[ProductOption],
        product: &Prices,
        product_buy: &Buy,
        assets: &mut Vec<Asset>,
    ) -> Vec<Variant> {
        let Prices {
            price,
            compare_at,
            currency,
        } = *product;
        let mut variants = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, v) in raw.variants.iter().enumerate() {
            let key = |k: &str| format!("variants.{i}.{k}");
            let Some((name, picked)) = self.variant_identity(i, v, options) else {
                continue;
            };
            let identity = if picked.is_empty() {
                name.clone()
            } else {
                picked
                    .iter()
                    .map(|(_, value)| value.as_str())
                    .collect::<Vec<_>>()
                    .join("\u{1f}")
            };
            if let Some(first) = seen.insert(identity, i) {
                let (at, what) = if picked.is_empty() {
                    (key("name"), format!("two variants are named `{name}`"))
                } else {
                    (
                        key("options"),
                        format!("two variants pick the same options ({name})"),
                    )
                };
                self.error(
                    &at,
                    format!("{what} (the first is variant {})", first + 1),
                    "give every variant its own name or combination of options",
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
                        format!("variant `{name}` has no price"),
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
            let buy = self.variant_buy(i, v, &name, own_price.is_some(), product_buy, assets);
            let image = v.image.as_ref().and_then(|src| {
                let alt = format!("{} – {name}", raw.title);
                self.image(
                    &key("image"),
                    &ShortOrLong::Short(src.clone()),
                    &alt,
                    assets,
                )
            });
            variants.push(Variant {
                name,
                options: picked,
                image,
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
        name: &str,
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
                        format!("variant `{name}` has its own price but no buy links of its own"),
                        "give the variant its own `buy:` links: a checkout link sells one fixed price, so the product's links are not used for it",
                    );
                }
                Buy::default()
            }
        }
    }

    pub(super) fn page(&mut self, section: Section) -> Option<Page> {
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
        let tags = self.terms("tags", "tag", &raw.tags);
        let translations = self.translations(&images);
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
            tags,
            images,
            extra: raw.extra,
            assets,
            origin: self.origin(body_line),
            translations,
            untranslated: false,
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

/// A product's own prices, which its variants fall back to.
#[derive(Clone, Copy)]
struct Prices {
    price: Option<Money>,
    compare_at: Option<Money>,
    currency: Currency,
}

/// `apron.md` -> `apron.zh-CN.md`; `apron/index.md` -> `apron/index.zh-CN.md`.
pub(super) fn translation_path(original: &Path, language: &str) -> PathBuf {
    let stem = original
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    original.with_file_name(format!("{stem}.{language}.md"))
}

/// The GS1 check: digits weighted 3 and 1 from the right, the last making a multiple of 10.
fn gtin_check_digit_is_right(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 1 { 3 } else { 1 })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtin_check_digits() {
        assert!(gtin_check_digit_is_right("4006381333931"), "EAN-13");
        assert!(gtin_check_digit_is_right("036000291452"), "UPC-A");
        assert!(gtin_check_digit_is_right("96385074"), "GTIN-8");
        assert!(!gtin_check_digit_is_right("4006381333932"));
    }

    mod properties {
        //! Slugs, from `slug:` or from a file name: only `[a-z0-9-]`, never empty when the
        //! name has ASCII letters or digits, unchanged when slugified again, and a `slug:`
        //! is accepted exactly when it is already in that form.

        use super::*;
        use proptest::prelude::*;
        use std::sync::LazyLock;

        /// A shop folder with the smallest `shop.yaml`, and its config.
        static SHOP: LazyLock<(tempfile::TempDir, Config)> = LazyLock::new(|| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(
                dir.path().join("shop.yaml"),
                "title: T\nbase_url: https://example.com/\ncurrency: EUR\n",
            )
            .unwrap();
            let config = crate::config::load(dir.path(), None).unwrap();
            (dir, config)
        });

        /// The slug the loader makes for a file, and the errors it reported.
        fn slug_of(file: &str, given: Option<&str>, section: Section) -> (String, Diagnostics) {
            let (dir, config) = &*SHOP;
            let mut diagnostics = Diagnostics::default();
            let path = dir.path().join("posts").join(file);
            let mut loader = FileLoader::new(dir.path(), &path, config, &mut diagnostics);
            let slug = loader.slug(given, Some(section));
            (slug, diagnostics)
        }

        fn is_url_safe(slug: &str) -> bool {
            !slug.is_empty()
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !slug.starts_with('-')
                && !slug.ends_with('-')
                && !slug.contains("--")
        }

        /// Names as sellers write them: any script, emoji, punctuation, spaces, dates.
        const NAME: &str =
            "(\\PC|[a-zA-Z0-9 _.-]|[\u{600}-\u{6ff}]|[\u{5d0}-\u{5ea}]|\u{1f600}){0,24}";

        proptest! {
            #[test]
            fn slugs_from_names_are_url_safe_and_stable(name in NAME, dated in any::<bool>()) {
                // A file name holds no `/` or NUL and is never `.` or `..`. Mapped rather than
                // rejected: long runs would otherwise stop at proptest's limit of rejects.
                let mut name = name.replace(['/', '\0'], "_");
                if name == "." || name == ".." {
                    name.push('x');
                }
                let file = if dated { format!("2026-01-02-{name}.md") } else { format!("{name}.md") };
                let (slug, diagnostics) = slug_of(&file, None, Section::Posts);
                if slug.is_empty() {
                    prop_assert!(!name.chars().any(|c| c.is_ascii_alphanumeric()), "{:?}", name);
                    prop_assert_eq!(diagnostics.error_count(), 1);
                } else {
                    prop_assert!(is_url_safe(&slug), "{:?} -> {:?}", name, slug);
                    prop_assert!(!diagnostics.has_errors());
                    prop_assert_eq!(slug::slugify(&slug), slug.clone());
                    let (again, diagnostics) = slug_of("x.md", Some(&slug), Section::Pages);
                    prop_assert_eq!(again, slug);
                    prop_assert!(!diagnostics.has_errors());
                }
            }

            #[test]
            fn a_given_slug_is_taken_only_when_url_safe(given in NAME) {
                let (slug, diagnostics) = slug_of("x.md", Some(&given), Section::Pages);
                if is_url_safe(&given) {
                    prop_assert_eq!(slug, given);
                    prop_assert!(!diagnostics.has_errors());
                } else {
                    prop_assert_eq!(diagnostics.error_count(), 1, "{:?}", given);
                    prop_assert!(slug.is_empty() || is_url_safe(&slug), "{:?}", slug);
                }
            }
        }
    }
}
