//! `shop check`'s advice on being found: what search engines and shoppers' screen readers
//! would stumble on, pointed at the line to change. Links that lead nowhere are warnings
//! (`check --production` fails on them); the rest is advice that never holds a shop back.

use std::collections::HashMap;
use std::path::Path;

use crate::config::MenuItem;
use crate::content::{Availability, Origin, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::images::Images;
use crate::markdown;
use crate::output::Output;
use crate::web::is_on_site;

/// Search results cut descriptions at about this many characters.
const DESCRIPTION_LIMIT: usize = 160;

/// Narrower main photos look poor in search and shopping results.
const MIN_PHOTO_WIDTH: u32 = 800;

/// One content file as the lint sees it: products, pages and posts alike.
struct Entry<'a> {
    file: &'a Path,
    origin: &'a Origin,
    title: &'a str,
    summary: &'a str,
    body: &'a str,
    /// False for an original shown in a translated site.
    translated: bool,
}

impl Entry<'_> {
    fn at_key(&self, key: &str) -> Position {
        self.origin.positions.value(key)
    }

    fn at_body_offset(&self, offset: usize) -> Position {
        let line = self.origin.body_line + self.body[..offset].matches('\n').count();
        Position::new(line, 1)
    }

    fn advice(&self, position: Position, message: String, hint: &str) -> Diagnostic {
        Diagnostic::advice(self.file, position, message)
            .with_hint(hint)
            .with_source(&self.origin.source)
    }
}

/// Every product, page and post of a site, products first.
fn entries(site: &Site) -> Vec<Entry<'_>> {
    let products = site.products.iter().map(|p| Entry {
        file: &p.file,
        origin: &p.origin,
        title: &p.title,
        summary: &p.summary,
        body: &p.body,
        translated: !p.untranslated,
    });
    let pages = site.pages.iter().chain(&site.posts).map(|p| Entry {
        file: &p.file,
        origin: &p.origin,
        title: &p.title,
        summary: &p.summary,
        body: &p.body,
        translated: !p.untranslated,
    });
    products.chain(pages).collect()
}

/// What `shop check` finds in a translated version of the site (`Site::localized`): in
/// the translations' own words and links, and the language's menu; what the translated
/// site shares with the original was checked with it.
pub fn lint_translation(site: &Site, output: &Output) -> Diagnostics {
    let mut found = Diagnostics::default();
    for entry in entries(site).iter().filter(|e| e.translated) {
        long_description(entry, &mut found);
        body_references(entry, output, &mut found);
    }
    own_menu_links(site, output, &mut found);
    found
}

/// Everything `shop check` advises about a built site.
pub fn lint(site: &Site, images: &Images, output: &Output) -> Diagnostics {
    let entries = entries(site);
    let mut found = Diagnostics::default();
    duplicate_titles(&entries, &mut found);
    for entry in &entries {
        long_description(entry, &mut found);
        body_references(entry, output, &mut found);
    }
    for (product, entry) in site.products.iter().zip(&entries) {
        if product.categories.is_empty() {
            found.push(entry.advice(
                entry.at_key("title"),
                "the product has no category".to_owned(),
                "add `categories: [Prints]`: a category gives it a listing page and a step in the breadcrumb trail search results show",
            ));
        }
        match product.images.first() {
            None => found.push(entry.advice(
                entry.at_key("title"),
                "the product has no photo".to_owned(),
                "add `images: [photo.jpg]`: search and shopping results show a photo, and the Google feed leaves products without one out",
            )),
            Some(main) => {
                let width = images.get(&main.source).map_or(u32::MAX, |p| p.width);
                if width < MIN_PHOTO_WIDTH {
                    found.push(entry.advice(
                        entry.at_key("images.0"),
                        format!("the main photo is {width} px wide; search and shopping results want at least {MIN_PHOTO_WIDTH}"),
                        "use a larger original (1200 px or more): shop makes the smaller versions itself",
                    ));
                }
            }
        }
    }
    own_menu_links(site, output, &mut found);
    let today = crate::date::today();
    expired_community_code(site, &today, &mut found);
    ended_announcement(site, &today, &mut found);
    passed_ship_dates(site, &today, &mut found);
    found
}

/// A pre-order whose ship date has passed tells buyers it ships on a day that is gone.
fn passed_ship_dates(site: &Site, today: &str, found: &mut Diagnostics) {
    for product in &site.products {
        let Some(date) = &product.ship_date else {
            continue;
        };
        if product.availability == Availability::Preorder && date.as_str() < today {
            found.push(
                Diagnostic::warning(
                    &product.file,
                    product.origin.positions.value("ship_date"),
                    format!("this pre-order was to ship on {date}, which has passed"),
                )
                .with_hint("write the new ship date, or remove `availability: preorder` once it is in stock")
                .with_source(&product.origin.source),
            );
        }
    }
}

/// A community QR code past its `expires` date invites buyers to a group they cannot join.
fn expired_community_code(site: &Site, today: &str, found: &mut Diagnostics) {
    let expires = site
        .config
        .community
        .as_ref()
        .and_then(|c| c.expires.as_deref());
    passed_date(
        site,
        "community.expires",
        expires,
        today,
        found,
        |path, at, date| {
            Diagnostic::warning(path, at, format!("the community QR code expired on {date}"))
            .with_hint("make a new code (a WeChat group code lasts 7 days), replace the image and update `expires`")
        },
    );
}

/// An announcement past its `until` date is left out of builds; the setting is left over.
fn ended_announcement(site: &Site, today: &str, found: &mut Diagnostics) {
    let brand = &site.config.brand;
    let until = brand.announcement.as_ref().and_then(|a| a.until.as_deref());
    passed_date(
        site,
        "brand.announcement.until",
        until,
        today,
        found,
        |path, at, date| {
            Diagnostic::advice(
                path,
                at,
                format!("the announcement ended on {date}, so the site no longer shows it"),
            )
            .with_hint("remove `brand.announcement`, or give it a later `until` date")
        },
    );
}

/// Reports a date of `shop.yaml` (at `key`) that is before `today`, as `say` words it.
fn passed_date(
    site: &Site,
    key: &str,
    date: Option<&str>,
    today: &str,
    found: &mut Diagnostics,
    say: impl FnOnce(&Path, Position, &str) -> Diagnostic,
) {
    let config = &site.config;
    if let Some(date) = date
        && date < today
    {
        found
            .push(say(&config.path, config.positions.value(key), date).with_source(&config.source));
    }
}

fn duplicate_titles(entries: &[Entry], found: &mut Diagnostics) {
    let mut first: HashMap<&str, &Path> = HashMap::new();
    for entry in entries {
        match first.get(entry.title) {
            Some(other) => found.push(entry.advice(
                entry.at_key("title"),
                format!(
                    "`{}` has the same title as {}",
                    entry.title,
                    other.display()
                ),
                "search results show titles: give each page its own",
            )),
            None => {
                first.insert(entry.title, entry.file);
            }
        }
    }
}

fn long_description(entry: &Entry, found: &mut Diagnostics) {
    let length = entry.summary.chars().count();
    if length <= DESCRIPTION_LIMIT {
        return;
    }
    let written = entry.origin.positions.scalar("summary").is_some();
    let position = if written {
        entry.at_key("summary")
    } else {
        Position::new(entry.origin.body_line, 1)
    };
    found.push(entry.advice(
        position,
        format!("the description is {length} characters; search results cut it at about {DESCRIPTION_LIMIT}"),
        "write a `summary:` of one sentence, under 160 characters",
    ));
}

/// Links to site paths that no page answers, and images without alt text.
fn body_references(entry: &Entry, output: &Output, found: &mut Diagnostics) {
    for reference in markdown::references(entry.body) {
        let position = entry.at_body_offset(reference.offset);
        if reference.image && reference.alt.trim().is_empty() {
            found.push(entry.advice(
                position,
                format!("the image `{}` has no alt text", reference.target),
                "describe the picture between the brackets, `![A blue mug on a shelf](mug.jpg)`, for screen readers and image search",
            ));
        }
        if !leads_somewhere(&reference.target, output) {
            found.push(
                Diagnostic::warning(
                    entry.file,
                    position,
                    format!("the link `{}` leads to no page of the shop", reference.target),
                )
                .with_hint("link to a page the shop has, written without the base path, such as `/products/` or `/about/`")
                .with_source(&entry.origin.source),
            );
        }
    }
}

/// The menu links (the shop's and each translation's) that lead to no page of `output`:
/// `shop serve` shows them as they are made, `check` with the rest of the lint.
pub fn broken_menu_links(sites: &[&Site], output: &Output) -> Diagnostics {
    let mut found = Diagnostics::default();
    for site in sites {
        own_menu_links(site, output, &mut found);
    }
    found
}

/// The links of the menu `site` is written with: the shop's `menu`, or a translation's own
/// (one without its own menu uses the shop's, checked with the shop).
fn own_menu_links(site: &Site, output: &Output, found: &mut Diagnostics) {
    let config = &site.config;
    match config.languages.get(&config.language) {
        Some(language) => {
            if let Some(menu) = &language.menu {
                let key = format!("languages.{}.menu", config.language);
                menu_links(site, menu, &key, &config.url_prefix, output, found);
            }
        }
        None => menu_links(site, &config.menu, "menu", "", output, found),
    }
}

fn menu_links(
    site: &Site,
    menu: &[MenuItem],
    key: &str,
    prefix: &str,
    output: &Output,
    found: &mut Diagnostics,
) {
    let config = &site.config;
    for (i, item) in menu.iter().enumerate() {
        let internal = is_on_site(&item.url);
        let target = if internal {
            format!("{prefix}{}", item.url)
        } else {
            item.url.clone()
        };
        if !leads_somewhere(&target, output) {
            found.push(
                Diagnostic::warning(
                    &config.path,
                    config.positions.value(&format!("{key}.{i}.url")),
                    format!("the menu link `{}` leads to no page of the shop", item.url),
                )
                .with_hint("link to a page the shop has, such as `/products/` or `/about/`")
                .with_source(&config.source),
            );
        }
    }
}

/// False only for a site path (`/about/`) that no file of the output answers; URLs,
/// relative files and fragments are not the site's to judge.
fn leads_somewhere(target: &str, output: &Output) -> bool {
    if !is_on_site(target) {
        return true;
    }
    let path = target
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('/');
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_owned(), format!("{path}/index.html")]
    };
    candidates.iter().any(|c| output.get(c).is_some())
}
