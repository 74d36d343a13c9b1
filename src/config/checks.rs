//! The checks of `shop.yaml`'s values. A [`Checker`] holds what each of them needs (the
//! file, where every key and value sits in it, the shop folder) and collects every problem,
//! so the checks of `brand:`, the marketing hooks and the policies take one argument
//! instead of the same closures passed through each function.

use std::path::Path;

use super::{
    ImagesConfig, MenuItem, RawConfig, is_email, is_language_tag, is_site_path, is_web_url,
    not_an_email, parse_base_url,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fs::{Unusable, file_in, relative_path};
use crate::money::Currency;
use crate::yaml::Positions;
use url::Url;

/// Where a check's error points: at a key's value or at the key itself.
pub(super) type Pointer<'a> = fn(&Checker<'a>, &str, String) -> Diagnostic;

/// Checks `shop.yaml`, collecting every problem with the position of its key or value.
pub(super) struct Checker<'a> {
    /// The file as diagnostics name it.
    path: &'a Path,
    /// Its text, for the source line under each diagnostic.
    source: &'a str,
    /// Where each key and value sits in it.
    pub(super) positions: &'a Positions,
    /// The shop folder, which the files `shop.yaml` names must be inside.
    pub(super) root: &'a Path,
    /// Every problem found so far, in the order found.
    diagnostics: Diagnostics,
}

impl<'a> Checker<'a> {
    /// A checker of the file at `path` (relative to `root`) with `source` as its text.
    pub(super) fn new(
        path: &'a Path,
        source: &'a str,
        positions: &'a Positions,
        root: &'a Path,
    ) -> Checker<'a> {
        Checker {
            path,
            source,
            positions,
            root,
            diagnostics: Diagnostics::default(),
        }
    }

    /// An error at the value of `key`.
    pub(super) fn at(&self, key: &str, message: String) -> Diagnostic {
        Diagnostic::error(self.path, self.positions.value(key), message).with_source(self.source)
    }

    /// An error at `key` itself: the key is the mistake, or its value is missing.
    pub(super) fn at_key(&self, key: &str, message: String) -> Diagnostic {
        Diagnostic::error(self.path, self.positions.key(key), message).with_source(self.source)
    }

    /// Records a problem.
    pub(super) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Every problem found.
    pub(super) fn into_diagnostics(self) -> Diagnostics {
        self.diagnostics
    }

    /// The shop's address, language and languages, currency and image settings; returns
    /// the address and currency when they are valid.
    pub(super) fn check_site(
        &mut self,
        raw: &RawConfig,
        base_url_override: Option<&str>,
    ) -> (Option<Url>, Option<Currency>) {
        let base_url_text = base_url_override.unwrap_or(&raw.base_url);
        let base_url = match parse_base_url(base_url_text) {
            Ok(url) => Some(url),
            Err(message) => {
                self.push(self.at("base_url", message).with_hint(
                    "write the full address of the shop, such as https://example.com/ or https://name.github.io/shop/",
                ));
                None
            }
        };
        if !is_language_tag(&raw.language) {
            self.push(
                self.at(
                    "language",
                    format!("`{}` is not a BCP 47 language tag", raw.language),
                )
                .with_hint("write a tag such as `en`, `pt-PT` or `zh-CN`"),
            );
        }
        self.check_languages(raw);
        let currency = Currency::from_code(&raw.currency);
        if currency.is_none() {
            self.push(
                self.at("currency", format!("unknown currency `{}`", raw.currency))
                    .with_hint("write an ISO 4217 code in capitals, such as EUR, USD, CNY or JPY"),
            );
        }
        self.check_images(&raw.images);
        (base_url, currency)
    }

    /// Listing size, social links, the menu and the contact address.
    pub(super) fn check_pages_and_contact(&mut self, raw: &RawConfig) {
        if raw.per_page == 0 {
            self.push(
                self.at("per_page", "`per_page` must be at least 1".into())
                    .with_hint("write how many products a listing page shows, such as 24"),
            );
        }
        for (name, url) in &raw.social {
            if !is_web_url(url) {
                self.push(
                    self.at(
                        &format!("social.{name}"),
                        format!("`{url}` is not a web address"),
                    )
                    .with_hint("write a full https:// address of the profile"),
                );
            }
        }
        self.check_menu(&raw.menu, "menu", Checker::at);
        if let Some(email) = &raw.contact.email
            && !is_email(email)
        {
            self.push(
                self.at("contact.email", not_an_email(email))
                    .with_hint("write the address as one unbroken line, such as hello@example.com"),
            );
        }
    }

    /// The shipping page is a path on the site.
    pub(super) fn check_shipping_page(&mut self, raw: &RawConfig) {
        if let Some(page) = &raw.shipping_page
            && !is_site_path(page)
        {
            self.push(
                self.at("shipping_page", format!("`{page}` is not a site path"))
                    .with_hint("write the path of your shipping page, such as /shipping/"),
            );
        }
    }

    /// Widths between 16 and 8192 px and qualities 1-100.
    pub(super) fn check_images(&mut self, images: &ImagesConfig) {
        if images.widths.is_empty() || images.widths.iter().any(|w| !(16..=8192).contains(w)) {
            self.push(
                self.at(
                    "images.widths",
                    "image widths must be between 16 and 8192 pixels".into(),
                )
                .with_hint("write a list such as [480, 800, 1200, 1600]"),
            );
        }
        for (key, quality) in [
            ("images.jpeg_quality", images.jpeg_quality),
            ("images.webp_quality", images.webp_quality),
        ] {
            if !(1..=100).contains(&quality) {
                self.push(
                    self.at(key, format!("quality {quality} is not between 1 and 100"))
                        .with_hint("80 to 85 keeps photos sharp at a small size"),
                );
            }
        }
    }

    /// Each menu entry's `url` under `key` is a site path or a web address; `at` points at the
    /// value (the shop's menu) or the key (a translation's).
    pub(super) fn check_menu(&mut self, menu: &[MenuItem], key: &str, at: Pointer<'a>) {
        for (i, item) in menu.iter().enumerate() {
            if !is_site_path(&item.url) && !is_web_url(&item.url) {
                let message = format!(
                    "menu link `{}` is neither a site path nor a web address",
                    item.url.escape_debug()
                );
                self.push(
                    at(self, &format!("{key}.{i}.url"), message)
                        .with_hint("write a path on the site such as /products/ or /about/ (one `/` at the start, no spaces), or a full https:// address"),
                );
            }
        }
    }

    /// Each translation language is a valid tag, other than the shop's own, with menu links
    /// that are site paths or web addresses.
    pub(super) fn check_languages(&mut self, raw: &RawConfig) {
        for (language, settings) in &raw.languages {
            let key = format!("languages.{language}");
            if !is_language_tag(language) {
                self.push(
                    self.at_key(&key, format!("`{language}` is not a BCP 47 language tag"))
                        .with_hint("write a tag such as `en`, `pt-PT` or `zh-CN`"),
                );
            } else if language.eq_ignore_ascii_case(&raw.language) {
                self.push(
                    self.at_key(&key, format!("`{language}` is the shop's own language"))
                        .with_hint("list here only the languages the shop is translated into"),
                );
            }
            if let Some(menu) = &settings.menu {
                self.check_menu(menu, &format!("{key}.menu"), Checker::at_key);
            }
        }
    }

    /// A site path to a file the shop's `static/` folder holds: one `/`, then a path inside
    /// `static/` (see [`relative_path`]) to a file there that is not a link out of it. A value
    /// such as `//etc/hostname` would otherwise be joined as an absolute path and publish a file
    /// from outside the shop.
    pub(super) fn check_static_file(&mut self, key: &str, path: &str) {
        const HINT: &str = "put the image in the shop's `static/` folder and write its path from there, with one `/` at the start, such as /wechat-group.png";
        let shown = path.escape_debug();
        let relative = path
            .strip_prefix('/')
            .filter(|_| is_site_path(path))
            .and_then(relative_path);
        let problem = match relative.map(|r| file_in(&self.root.join("static"), r)) {
            Some(Ok(_)) => return,
            None => self
                .at(key, format!("`{shown}` is not a path inside `static/`"))
                .with_hint(HINT),
            Some(Err(Unusable::Missing)) => self
                .at(key, format!("`{shown}` is not a file in `static/`"))
                .with_hint(HINT),
            Some(Err(Unusable::LinksOut)) => self
                .at(
                    key,
                    format!("`{shown}` is a link to a file outside `static/`"),
                )
                .with_hint("copy the file into static/ instead of linking to it"),
        };
        self.push(problem);
    }
}
