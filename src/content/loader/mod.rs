//! Reading one content file: its front matter is deserialized, then every value is checked
//! for meaning (slug, prices, variants, payment links, images, dates, aliases) and turned
//! into a [`Product`] or [`Page`].
//!
//! A [`FileLoader`] keeps going after a mistake so one run reports all of a file's problems;
//! it returns the model only when the file had no errors.

mod media;
mod offer;

pub(super) use media::missing_src;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::{Dep, Stat};
use super::files::strip_date_prefix;
use super::front_matter;
use super::paths::{is_generated_path, normalize_alias, too_long};
use super::raw::{RawPage, RawProduct, RawReview, RawTranslation};
use super::reviews;
use super::taxonomy::terms;
use super::{
    Availability, Image, Kind, Origin, Page, Product, ProductOption, RESERVED_SLUGS, Review,
    Section, Term, Translation, Variant,
};
use crate::config::Config;
use crate::date::parse_date;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, display_path};
use crate::fs::{MAX_NAME_BYTES, not_utf8};
use crate::markdown;
use crate::yaml::{self, Positions};
use offer::Prices;

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

    /// A shipping profile is one `shipping:` names, and only things that ship have one.
    fn check_shipping_profile(&mut self, raw: &RawProduct) {
        if raw.kind == Kind::Digital {
            let given = [
                ("shipping_profile", raw.shipping_profile.is_some()),
                ("ships_separately", raw.ships_separately),
            ];
            for (key, _) in given.into_iter().filter(|(_, given)| *given) {
                let message = format!("`{key}` is for things that ship, and a download ships free");
                self.error(key, message, format!("remove `{key}`"));
            }
            return;
        }
        let Some(name) = &raw.shipping_profile else {
            return;
        };
        let known = crate::config::shipping::profile_list(&self.config.shipping);
        if !known.contains(name) {
            let hint = match crate::diagnostics::closest(name, &known) {
                Some(close) => format!("did you mean `{close}`?"),
                None if known.is_empty() => {
                    "add the profile under `profiles:` in each zone of `shipping:` in shop.yaml"
                        .to_owned()
                }
                None => format!("the profiles of shop.yaml are: {}", known.join(", ")),
            };
            self.error(
                "shipping_profile",
                format!("`shipping:` in shop.yaml has no profile `{name}`"),
                hint,
            );
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
        if buy.stripe_auto && raw.variants.is_empty() && raw.sku.is_none() {
            self.error(
                "buy.stripe",
                "`stripe: auto` needs the product's `sku:`",
                "add `sku:` to the product, such as `sku: MUG-1`: `shop stripe sync` keeps its Stripe product, price and Payment Link under it in stripe.lock",
            );
        }
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
        self.check_shipping_profile(&raw);
        let aliases = self.aliases(&raw.aliases);
        let categories = self.terms("categories", "category", &raw.categories);
        let tags = self.terms("tags", "tag", &raw.tags);
        let gtin = self.gtin(raw.gtin.as_deref());
        let translations = self.translations(&images, &options, &variants);
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
            shipping_profile: raw.shipping_profile,
            ships_separately: raw.ships_separately,
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
    fn translations(
        &mut self,
        images: &[Image],
        options: &[ProductOption],
        variants: &[Variant],
    ) -> BTreeMap<String, Arc<Translation>> {
        let mut found = BTreeMap::new();
        // The photos of an original that failed to load may be missing from `images`
        // (a wrong-case name): its translations' `alt:` is not checked against them.
        let original = (!self.failed()).then_some(images);
        for language in self.config.languages.keys() {
            let path = translation_path(&self.path, language);
            self.deps.push(Dep::presence(&path));
            if !path.is_file() {
                continue;
            }
            let mut loader = FileLoader::new(self.root, &path, self.config, self.diagnostics);
            let translation = loader.translation(original, options, variants);
            self.deps.extend(loader.into_deps());
            if let Some(translation) = translation {
                found.insert(language.clone(), Arc::new(translation));
            }
        }
        found
    }

    /// A translation of a file whose photos are `images` (`None` when the original failed
    /// to load, so its photos are not known) and whose options and variants are these.
    fn translation(
        &mut self,
        images: Option<&[Image]>,
        options: &[ProductOption],
        variants: &[Variant],
    ) -> Option<Translation> {
        let (raw, body): (RawTranslation, String) = self.read()?;
        let body_line = self.source.lines().count() - body.lines().count() + 1;
        let slug = match raw.slug.as_deref() {
            Some(given) => self.slug(Some(given), None),
            None => String::new(),
        };
        let mut alt = HashMap::new();
        for (file, text) in &raw.alt {
            let Some(images) = images else { continue };
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
        let options = self.option_translations(&raw.options, options);
        let variants = self.variant_translations(&raw.variants, variants);
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
            options,
            variants,
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

    pub(super) fn page(&mut self, section: Section) -> Option<Page> {
        let (raw, body): (RawPage, String) = self.read()?;
        let body_line = self.source.lines().count() - body.lines().count() + 1;
        let slug = self.slug(raw.slug.as_deref(), Some(section));
        if section == Section::Pages && RESERVED_SLUGS.contains(&slug.as_str()) {
            let whose = match slug.as_str() {
                "basket" => "the basket page, /basket/",
                _ => "the shop's own pages",
            };
            self.error(
                "slug",
                format!("`{slug}` is reserved for {whose}"),
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
        let translations = self.translations(&images, &[], &[]);
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
