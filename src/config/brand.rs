//! `brand:` in `shop.yaml`: the brand's name (for structured data and feeds) and the look
//! of the shop, in one schema every theme reads, so switching themes never breaks a
//! config. `brand: Name` still means the name alone; the mapping form adds the settings.
//! Everything here is checked into closed sets (colours, named fonts, radii, densities),
//! so what reaches CSS can only be one of the values this module knows.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::checks::Checker;
use super::color::{AA_TEXT, Color, format_ratio};
use super::{Config, LanguageConfig, is_site_path, is_web_url};
use crate::date::parse_date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fs::{Unusable, file_in, relative_path};

/// `brand:` as written: a name, or a mapping of settings.
#[derive(Debug, Clone, Default)]
pub(super) struct RawBrand(RawSettings);

impl<'de> Deserialize<'de> for RawBrand {
    /// A string is the name; a mapping is read with unknown keys refused, and its errors
    /// keep their own line and column.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = RawBrand;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the brand's name, or a mapping of brand settings")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<RawBrand, E> {
                Ok(RawBrand(RawSettings {
                    name: Some(name.to_owned()),
                    ..RawSettings::default()
                }))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawBrand, A::Error> {
                RawSettings::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawBrand)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

/// The mapping form of `brand:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    name: Option<String>,
    logo: Option<String>,
    icon: Option<String>,
    #[serde(default)]
    colors: RawColors,
    #[serde(default)]
    font: Font,
    heading_font: Option<Font>,
    #[serde(default)]
    radius: Radius,
    #[serde(default)]
    density: Density,
    hero: Option<Hero>,
    announcement: Option<Announcement>,
    #[serde(default)]
    featured: Vec<String>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// `brand.colors` as written; each is checked into a [`Color`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColors {
    primary: Option<String>,
    accent: Option<String>,
    background: Option<String>,
    text: Option<String>,
}

/// The four colours a shop chooses; themes derive their tints from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Palette {
    /// Main buttons and strong borders; also text on outlined buttons.
    pub primary: Color,
    /// Sale prices, badges and highlights.
    pub accent: Color,
    /// The page.
    pub background: Color,
    /// Body text.
    pub text: Color,
}

impl Default for Palette {
    /// The default theme's palette, so a shop that sets nothing looks as it always did.
    fn default() -> Self {
        Palette {
            primary: Color::rgb(0x1f, 0x1d, 0x1a),
            accent: Color::rgb(0x9a, 0x34, 0x12),
            background: Color::rgb(0xfa, 0xf8, 0xf5),
            text: Color::rgb(0x1f, 0x1d, 0x1a),
        }
    }
}

/// A named font stack. All but `inter` are fonts the visitor's system already has (no
/// download); `inter` is shipped with `shop`, subset to Latin, and loaded only when chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Font {
    /// The platform's interface font (San Francisco, Segoe UI, Roboto...).
    #[default]
    System,
    /// Warm sans serifs: Seravek, Gill Sans, Calibri...
    Humanist,
    /// Round geometric sans serifs: Avenir, Montserrat, Century Gothic...
    Geometric,
    /// Sturdy book serifs: Charter, Cambria...
    Transitional,
    /// Old-style serifs: Iowan Old Style, Palatino, Georgia...
    OldStyle,
    /// Slab serifs: Rockwell, Roboto Slab...
    Slab,
    /// Rounded sans serifs: SF Rounded, Quicksand, Arial Rounded...
    Rounded,
    /// Monospace: SF Mono, Cascadia Code, Menlo, Consolas...
    Mono,
    /// Inter, self-hosted (Latin subset, WOFF2).
    Inter,
}

/// The default theme's headings font.
const HEADING_FONT: Font = Font::OldStyle;

/// How round corners are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Radius {
    /// Square corners.
    None,
    /// Slightly rounded.
    Small,
    /// The default theme's corners.
    #[default]
    Medium,
    /// Soft corners.
    Large,
    /// Fully rounded buttons, soft cards.
    Pill,
}

/// How much room there is between things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Density {
    /// Tighter: more on one screen.
    Compact,
    /// The default theme's spacing.
    #[default]
    Comfortable,
    /// Airier.
    Spacious,
}

/// The home page's opening block: `brand.hero`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Hero {
    /// A photo beside the heading, relative to the shop folder; processed like product
    /// photos.
    pub image: Option<String>,
    /// The photo's alternative text; empty for a decorative photo.
    #[serde(default)]
    pub alt: String,
    /// The home page heading; the shop's title when absent.
    pub heading: Option<String>,
    /// The line under it; the shop's description when absent.
    pub text: Option<String>,
    /// The button; "Shop all products" when absent.
    pub button: Option<Button>,
}

/// A link drawn as a button.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Button {
    /// Its text.
    pub label: String,
    /// A site path or a web address.
    pub url: String,
}

/// A line above the header on every page: `brand.announcement`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Announcement {
    /// What it says.
    pub text: String,
    /// Where it leads: a site path or a web address.
    pub link: Option<String>,
    /// The last day it is shown (`YYYY-MM-DD`); a build after that day leaves it out.
    pub until: Option<String>,
}

/// `languages.<tag>.brand`: the brand's texts in another language; what is left out stays
/// as in the shop's language.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BrandTexts {
    /// The hero's texts.
    pub hero: Option<HeroTexts>,
    /// The announcement's texts.
    pub announcement: Option<AnnouncementTexts>,
}

/// The translatable part of [`Hero`].
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HeroTexts {
    /// The photo's alternative text.
    pub alt: Option<String>,
    /// The heading.
    pub heading: Option<String>,
    /// The line under it.
    pub text: Option<String>,
    /// The button.
    pub button: Option<ButtonTexts>,
}

/// The translatable part of [`Button`].
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ButtonTexts {
    /// Its text.
    pub label: Option<String>,
    /// Where it leads in this language.
    pub url: Option<String>,
}

/// The translatable part of [`Announcement`].
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementTexts {
    /// What it says.
    pub text: Option<String>,
    /// Where it leads in this language.
    pub link: Option<String>,
}

/// The images of the brand, as absolute paths of their sources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct BrandImages {
    /// The logo, shown in the header instead of the shop's title.
    pub logo: Option<PathBuf>,
    /// What the favicon and touch icon are made from: `brand.icon`, else the logo.
    pub icon: Option<PathBuf>,
    /// The hero's photo.
    pub hero: Option<PathBuf>,
}

impl BrandImages {
    /// Each image with the key that names it in `shop.yaml`, for diagnostics.
    pub fn all(&self) -> impl Iterator<Item = (&'static str, &Path)> {
        [
            ("brand.logo", &self.logo),
            ("brand.icon", &self.icon),
            ("brand.hero.image", &self.hero),
        ]
        .into_iter()
        .filter_map(|(key, path)| Some((key, path.as_deref()?)))
    }
}

/// The checked `brand:` settings.
#[derive(Debug, Clone)]
pub struct Brand {
    /// The brand of products that name none, for structured data and shopping feeds.
    pub name: Option<String>,
    /// Logo, icon and hero photo.
    pub images: BrandImages,
    /// The colours.
    pub palette: Palette,
    /// Body text font.
    pub font: Font,
    /// Headings font.
    pub heading_font: Font,
    /// Corner radius.
    pub radius: Radius,
    /// Spacing.
    pub density: Density,
    /// The home page's opening block.
    pub hero: Hero,
    /// The line above the header.
    pub announcement: Option<Announcement>,
    /// Category slugs shown as collections on the home page, in order.
    pub featured: Vec<String>,
    /// A theme's own settings, which other themes ignore.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Default for Brand {
    /// The settings of a shop without `brand:`: the default theme's look.
    fn default() -> Self {
        Brand {
            name: None,
            images: BrandImages::default(),
            palette: Palette::default(),
            font: Font::default(),
            heading_font: HEADING_FONT,
            radius: Radius::default(),
            density: Density::default(),
            hero: Hero::default(),
            announcement: None,
            featured: Vec::new(),
            extra: serde_json::Map::new(),
        }
    }
}

impl Brand {
    /// The announcement if it is still running on `today` (`YYYY-MM-DD`).
    pub fn announcement_on(&self, today: &str) -> Option<&Announcement> {
        self.announcement
            .as_ref()
            .filter(|a| a.until.as_deref().is_none_or(|until| until >= today))
    }

    /// Applies a language's translated texts.
    pub fn localize(&mut self, texts: &BrandTexts) {
        if let Some(hero) = &texts.hero {
            let replace = |slot: &mut Option<String>, text: &Option<String>| {
                if text.is_some() {
                    slot.clone_from(text);
                }
            };
            replace(&mut self.hero.heading, &hero.heading);
            replace(&mut self.hero.text, &hero.text);
            if let Some(alt) = &hero.alt {
                self.hero.alt.clone_from(alt);
            }
            if let (Some(button), Some(texts)) = (&mut self.hero.button, &hero.button) {
                button.label = texts.label.clone().unwrap_or(button.label.clone());
                button.url = texts.url.clone().unwrap_or(button.url.clone());
            }
        }
        if let (Some(announcement), Some(texts)) = (&mut self.announcement, &texts.announcement) {
            announcement.text = texts.text.clone().unwrap_or(announcement.text.clone());
            if texts.link.is_some() {
                announcement.link.clone_from(&texts.link);
            }
        }
    }

    /// Every `featured` slug names one of the shop's categories (`known`).
    pub fn check_featured(&self, config: &Config, known: &[&str]) -> Diagnostics {
        let known_list: Vec<String> = known.iter().map(|s| (*s).to_owned()).collect();
        let mut found = Diagnostics::default();
        for (i, slug) in self.featured.iter().enumerate() {
            if known.contains(&slug.as_str()) {
                continue;
            }
            let suggestion = crate::diagnostics::closest(slug, &known_list)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            found.push(
                config
                    .error_at(
                        &format!("brand.featured.{i}"),
                        format!("there is no category `{slug}`"),
                    )
                    .with_hint(if known.is_empty() {
                        "the shop has no categories yet: give products `categories: [Prints]` first"
                            .to_owned()
                    } else {
                        format!(
                            "{suggestion}write the slug of one of the shop's categories: {}",
                            known.join(", ")
                        )
                    }),
            );
        }
        found
    }

    /// Warnings about colour pairs that are hard to read, each at the colour to change.
    pub fn contrast_warnings(&self, config: &Config) -> Diagnostics {
        let p = self.palette;
        let pairs = [
            ("text", p.text, "body text"),
            ("primary", p.primary, "the text of outlined buttons"),
            ("accent", p.accent, "sale prices and stock notices"),
        ];
        let mut found = Diagnostics::default();
        for (name, color, use_) in pairs {
            let ratio = color.contrast(p.background);
            if ratio >= AA_TEXT {
                continue;
            }
            let key = format!("brand.colors.{name}");
            let at = [key.as_str(), "brand.colors.background", "brand.colors"]
                .into_iter()
                .find(|k| config.positions.scalar(k).is_some())
                .unwrap_or("brand");
            let fixed = color.readable_on(p.background, AA_TEXT);
            found.push(
                Diagnostic::warning(
                    &config.path,
                    config.positions.value(at),
                    format!(
                        "`{name}` {color} on `background` {} has a contrast of {}, below the 4.5:1 WCAG AA asks of text, used here for {use_}",
                        p.background,
                        format_ratio(ratio),
                    ),
                )
                .with_hint(format!(
                    "use a colour further from the background: {name}: \"{fixed}\" reaches {}",
                    format_ratio(fixed.contrast(p.background))
                ))
                .with_source(&config.source),
            );
        }
        found
    }
}

/// Checks `brand:` into a [`Brand`], each mistake at its key: colours that do not parse,
/// image files that are not there or not images, addresses that are not links, a date
/// that is not one.
pub(super) fn check(
    raw: Option<&RawBrand>,
    languages: &indexmap::IndexMap<String, LanguageConfig>,
    checker: &mut Checker,
) -> Brand {
    let default = RawSettings::default();
    let raw = raw.map_or(&default, |brand| &brand.0);
    let palette = check_colors(&raw.colors, checker);
    let mut image = |key: &str, path: &Option<String>| {
        let path = path.as_deref()?;
        check_image(key, path, checker)
    };
    let logo = image("brand.logo", &raw.logo);
    let icon = image("brand.icon", &raw.icon);
    let hero_image = image(
        "brand.hero.image",
        &raw.hero.as_ref().and_then(|h| h.image.clone()),
    );
    if let Some(button) = raw.hero.as_ref().and_then(|h| h.button.as_ref()) {
        check_link(checker, "brand.hero.button.url", &button.url);
    }
    if let Some(announcement) = &raw.announcement {
        if let Some(url) = &announcement.link {
            check_link(checker, "brand.announcement.link", url);
        }
        if let Some(date) = &announcement.until
            && parse_date(date).is_none()
        {
            checker.push(
                checker
                    .at(
                        "brand.announcement.until",
                        format!("`{date}` is not a date"),
                    )
                    .with_hint("write the last day to show it as YYYY-MM-DD, such as 2026-12-24"),
            );
        }
    }
    check_translations(raw, languages, checker);
    Brand {
        name: raw.name.clone(),
        images: BrandImages {
            icon: icon.or(logo.clone()),
            logo,
            hero: hero_image,
        },
        palette,
        font: raw.font,
        heading_font: raw.heading_font.unwrap_or(HEADING_FONT),
        radius: raw.radius,
        density: raw.density,
        hero: raw.hero.clone().unwrap_or_default(),
        announcement: raw.announcement.clone(),
        featured: raw.featured.clone(),
        extra: raw.extra.clone(),
    }
}

/// Each language's `brand:` texts: links that are links, and only parts the shop's own
/// brand has.
fn check_translations(
    raw: &RawSettings,
    languages: &indexmap::IndexMap<String, LanguageConfig>,
    checker: &mut Checker,
) {
    for (language, settings) in languages {
        let Some(texts) = &settings.brand else {
            continue;
        };
        let key = format!("languages.{language}.brand");
        if let Some(url) = texts
            .hero
            .as_ref()
            .and_then(|h| h.button.as_ref()?.url.as_ref())
        {
            check_link(checker, &format!("{key}.hero.button.url"), url);
        }
        if let Some(url) = texts.announcement.as_ref().and_then(|a| a.link.as_ref()) {
            check_link(checker, &format!("{key}.announcement.link"), url);
        }
        let untranslatable = [
            (
                "hero.button",
                texts.hero.as_ref().is_some_and(|h| h.button.is_some()),
                raw.hero.as_ref().is_some_and(|h| h.button.is_some()),
                "brand.hero.button",
            ),
            (
                "announcement",
                texts.announcement.is_some(),
                raw.announcement.is_some(),
                "brand.announcement",
            ),
        ];
        for (part, translated, exists, original) in untranslatable {
            if translated && !exists {
                checker.push(
                    checker.at(
                        &format!("{key}.{part}"),
                        format!("there is no `{original}` to translate"),
                    )
                    .with_hint(format!(
                        "add `{original}` in the shop's language first, or remove this translation"
                    )),
                );
            }
        }
    }
}

/// A link of the brand: a site path or a web address.
fn check_link(checker: &mut Checker, key: &str, url: &str) {
    if !is_site_path(url) && !is_web_url(url) {
        checker.push(
            checker
                .at(key, format!("`{url}` is neither a site path nor a web address"))
                .with_hint("write a path on the site such as /products/ or /categories/prints/, or a full https:// address"),
        );
    }
}

/// Each colour given replaces the default one; an unquoted `#` (a YAML comment) leaves
/// the value empty, which gets its own explanation.
fn check_colors(raw: &RawColors, checker: &mut Checker) -> Palette {
    let mut palette = Palette::default();
    let slots = [
        ("primary", &raw.primary, &mut palette.primary),
        ("accent", &raw.accent, &mut palette.accent),
        ("background", &raw.background, &mut palette.background),
        ("text", &raw.text, &mut palette.text),
    ];
    for (name, text, slot) in slots {
        let key = format!("brand.colors.{name}");
        match text {
            Some(text) => match Color::parse(text) {
                Some(color) => *slot = color,
                None => {
                    let hint = match Color::parse(&format!("#{text}")) {
                        Some(_) => format!("a hex colour starts with `#`; write it in quotes: {name}: \"#{text}\""),
                        None => "write a hex colour in quotes, such as \"#1f6feb\" or \"#16a\", or rgb(31, 111, 235)".into(),
                    };
                    checker.push(
                        checker
                            .at(&key, format!("`{text}` is not a colour"))
                            .with_hint(hint),
                    );
                }
            },
            None if checker.positions.scalar(&key).is_some() => {
                let error = checker.at_key(
                    &key,
                    format!("`{name}` has no colour: in YAML an unquoted `#` starts a comment"),
                );
                let written = error.source_line.as_deref().and_then(commented_colour);
                let colour = written.unwrap_or_else(|| "#1f6feb".into());
                checker.push(
                    error.with_hint(format!("put the colour in quotes: {name}: \"{colour}\"")),
                );
            }
            None => {}
        }
    }
    palette
}

/// The colour a line such as `primary: #9a3412` meant, which YAML read as a comment.
fn commented_colour(line: &str) -> Option<String> {
    let (_, comment) = line.split_once('#')?;
    let colour = format!("#{}", comment.split_whitespace().next()?);
    Color::parse(&colour).map(|_| colour)
}

/// An image of the brand: a path inside the shop folder to a JPEG, PNG, WebP or SVG file;
/// returns its absolute path.
fn check_image(key: &str, path: &str, checker: &mut Checker) -> Option<PathBuf> {
    let Some(relative) = relative_path(path) else {
        checker.push(
            checker
                .at(
                    key,
                    format!("`{path}` is not a path inside the shop folder"),
                )
                .with_hint("write the file's path from the shop folder, such as brand/logo.png"),
        );
        return None;
    };
    let extension = relative
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(extension.as_str(), "jpg" | "jpeg" | "png" | "webp" | "svg") {
        checker.push(
            checker
                .at(
                    key,
                    format!("`{path}` is not a JPEG, PNG, WebP or SVG image"),
                )
                .with_hint("export the image as PNG (or SVG for a logo)"),
        );
        return None;
    }
    let problem = match file_in(checker.root, relative) {
        Ok(source) => return Some(source),
        Err(Unusable::Missing) => checker.at(key, format!("`{path}` is not a file in the shop folder"))
            .with_hint("put the image in the shop folder (brand/ is a good place; not static/, which is published as it is) and write its path from there"),
        Err(Unusable::LinksOut) => checker.at(key, format!("`{path}` is a link to a file outside the shop folder"))
            .with_hint("copy the file into the shop folder instead of linking to it"),
    };
    checker.push(problem);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<RawBrand, serde_yaml_ng::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Doc {
            brand: RawBrand,
        }
        serde_yaml_ng::from_str::<Doc>(yaml).map(|d| d.brand)
    }

    #[test]
    fn a_string_is_the_name_and_a_mapping_the_settings() {
        let name = read("brand: Lumen\n").unwrap();
        assert_eq!(name.0.name.as_deref(), Some("Lumen"));
        assert_eq!(name.0.heading_font, None);
        let settings =
            read("brand:\n  name: Lumen\n  font: inter\n  radius: pill\n  featured: [prints]\n")
                .unwrap();
        assert_eq!(settings.0.name.as_deref(), Some("Lumen"));
        assert_eq!(settings.0.font, Font::Inter);
        assert_eq!(settings.0.radius, Radius::Pill);
        assert_eq!(settings.0.featured, ["prints"]);
    }

    #[test]
    fn unknown_keys_in_the_mapping_keep_their_position() {
        let err = read("brand:\n  name: Lumen\n  colour: red\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
        let location = err.location().expect("a position");
        assert_eq!((location.line(), location.column()), (3, 3));
        let err = read("brand:\n  colors:\n    primary: \"#fff\"\n    secondary: x\n").unwrap_err();
        assert_eq!(err.location().map(|l| l.line()), Some(4));
        assert!(read("brand: [a]\n").is_err());
    }

    #[test]
    fn announcements_end_after_their_last_day() {
        let brand = Brand {
            announcement: Some(Announcement {
                text: "Sale".into(),
                link: None,
                until: Some("2026-12-24".into()),
            }),
            ..Brand::default()
        };
        assert!(brand.announcement_on("2026-12-24").is_some());
        assert!(brand.announcement_on("2026-12-25").is_none());
    }

    #[test]
    fn translations_replace_only_what_they_give() {
        let mut brand = Brand {
            hero: Hero {
                heading: Some("Prints".into()),
                text: Some("Made by hand".into()),
                button: Some(Button {
                    label: "Shop".into(),
                    url: "/products/".into(),
                }),
                ..Hero::default()
            },
            ..Brand::default()
        };
        brand.localize(&BrandTexts {
            hero: Some(HeroTexts {
                heading: Some("版画".into()),
                button: Some(ButtonTexts {
                    label: Some("选购".into()),
                    url: None,
                }),
                ..HeroTexts::default()
            }),
            announcement: None,
        });
        assert_eq!(brand.hero.heading.as_deref(), Some("版画"));
        assert_eq!(brand.hero.text.as_deref(), Some("Made by hand"));
        let button = brand.hero.button.unwrap();
        assert_eq!(
            (button.label.as_str(), button.url.as_str()),
            ("选购", "/products/")
        );
    }
}
