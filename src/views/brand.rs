//! The brand settings as every theme gets them: CSS custom properties at the top of the
//! theme's stylesheet, the fonts they name, and `site.brand` for templates (logo, icons,
//! hero, announcement) and the home page's featured collections.
//!
//! The variables go into the theme's own stylesheet rather than a `<style>` in each page
//! or a second stylesheet: one request and one cached file, as before, and a strict
//! `Content-Security-Policy` (`style-src 'self'`) needs no exception. Every value written
//! comes from a closed set (`#rrggbb` colours, named fonts, radii and densities), so
//! nothing from `shop.yaml` reaches the CSS as text.

use std::fmt::Write as _;

use serde::Serialize;

use super::{ImageView, ProductView, TermView, ViewBuilder};
use crate::config::brand::{Brand, Density, Font, Palette, Radius};
use crate::config::color::{AA_NON_TEXT, AA_TEXT, BLACK, Color, WHITE};
use crate::images::is_vector;

/// The self-hosted font files: Inter 4 (SIL Open Font License 1.1, see `fonts/OFL.txt`),
/// subset to Latin and Latin Extended-A as WOFF2, published under `assets/fonts/` only
/// when a shop chooses it.
const INTER: [(&str, u16, &[u8]); 2] = [
    (
        "fonts/inter-400.woff2",
        400,
        include_bytes!("../../fonts/inter-400.woff2"),
    ),
    (
        "fonts/inter-600.woff2",
        600,
        include_bytes!("../../fonts/inter-600.woff2"),
    ),
];

/// The characters the Inter subset holds, so a browser fetches it only for them.
const INTER_RANGE: &str = "U+0000-017F, U+0192, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+2074, U+20AC, U+2122, U+2190-2193, U+2212, U+2215, U+FEFF, U+FFFD";

/// Languages whose pages always use the system's fonts: a Latin subset would set their
/// Latin letters apart from the rest, and their own fonts are far too large to ship.
const SYSTEM_FONT_LANGUAGES: [&str; 3] = ["zh", "ja", "ko"];

impl Font {
    /// The CSS `font-family` value (stacks of system fonts after modernfontstacks.com).
    fn stack(self) -> &'static str {
        match self {
            Font::System => {
                r#"system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif"#
            }
            Font::OldStyle => {
                r#""Iowan Old Style", "Palatino Linotype", Palatino, Georgia, "Songti SC", serif"#
            }
            Font::Humanist => {
                r#"Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif"#
            }
            Font::Geometric => {
                r#"Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif"#
            }
            Font::Transitional => r#"Charter, "Bitstream Charter", "Sitka Text", Cambria, serif"#,
            Font::Slab => {
                r#"Rockwell, "Rockwell Nova", "Roboto Slab", "DejaVu Serif", "Sitka Small", serif"#
            }
            Font::Rounded => {
                r#"ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, "Arial Rounded MT", "Arial Rounded MT Bold", Calibri, source-sans-pro, sans-serif"#
            }
            Font::Mono => {
                r#"ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, "DejaVu Sans Mono", monospace"#
            }
            Font::Inter => {
                r#"Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif"#
            }
        }
    }

    /// True for a font `shop` publishes itself.
    fn self_hosted(self) -> bool {
        self == Font::Inter
    }

    /// What CJK pages use instead of a self-hosted font.
    fn on_system(self) -> Font {
        if self.self_hosted() {
            Font::System
        } else {
            self
        }
    }
}

/// The colours a theme paints with: the four chosen ones and what is derived from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tints {
    on_primary: Color,
    primary_hover: Color,
    on_accent: Color,
    surface: Color,
    tint: Color,
    line: Color,
    muted: Color,
    /// Borders of inputs and option buttons.
    field: Color,
    /// The keyboard focus ring.
    focus: Color,
    /// Behind a photo while it loads, and where a product has none.
    placeholder: Color,
    /// Review stars.
    stars: Color,
    /// "In stock" and other good news.
    positive: Color,
}

/// The first of `candidates` that stands out `minimum`:1 against both the page and its
/// surfaces, else `fallback`.
fn first_readable(candidates: &[Color], on: [Color; 2], minimum: f64, fallback: Color) -> Color {
    candidates
        .iter()
        .copied()
        .find(|c| {
            on.iter()
                .all(|&background| c.contrast(background) >= minimum)
        })
        .unwrap_or(fallback)
}

/// `text` moved as far towards `background` as still stands out `minimum`:1 against the
/// page and its surfaces: secondary text, borders.
fn towards_background(text: Color, on: [Color; 2], minimum: f64) -> Color {
    let steps: Vec<Color> = (0..=20)
        .rev()
        .map(|step| text.mix(on[0], f64::from(step) / 50.0))
        .collect();
    first_readable(&steps, on, minimum, text)
}

/// Focus ring blues: the default theme's, and a light one for dark pages.
const FOCUS_BLUES: [Color; 2] = [Color::rgb(0x1d, 0x4e, 0xd8), Color::rgb(0x93, 0xc5, 0xfd)];

/// Star ambers: the default theme's, and a light one for dark pages.
const STAR_AMBERS: [Color; 2] = [Color::rgb(0x8a, 0x5a, 0x00), Color::rgb(0xfb, 0xbf, 0x24)];

/// Greens for good news: a dark one, and a light one for dark pages.
const POSITIVE_GREENS: [Color; 2] = [Color::rgb(0x14, 0x53, 0x2d), Color::rgb(0x86, 0xef, 0xac)];

impl Tints {
    /// The default theme's hand-picked tints for its own palette, so a shop that sets no
    /// colours looks exactly as before; mixed from the chosen colours otherwise.
    fn of(palette: &Palette) -> Tints {
        let default = Palette::default();
        let on = |color: Color| {
            [WHITE, palette.text, BLACK]
                .into_iter()
                .find(|c| c.contrast(color) >= AA_TEXT)
                .unwrap_or(if color.is_light() { BLACK } else { WHITE })
        };
        let hover = if palette.primary == default.primary {
            Color::rgb(0x3b, 0x38, 0x32)
        } else {
            let towards = if palette.primary.is_light() {
                BLACK
            } else {
                WHITE
            };
            palette.primary.mix(towards, 0.125)
        };
        let (background, text) = (palette.background, palette.text);
        let (on_primary, on_accent) = (on(palette.primary), on(palette.accent));
        if (background, text) == (default.background, default.text) {
            return Tints {
                on_primary,
                primary_hover: hover,
                on_accent,
                surface: WHITE,
                tint: Color::rgb(0xf1, 0xed, 0xe6),
                line: Color::rgb(0xe4, 0xdf, 0xd7),
                muted: Color::rgb(0x5c, 0x57, 0x4f),
                field: Color::rgb(0x8a, 0x82, 0x75),
                focus: FOCUS_BLUES[0],
                placeholder: Color::rgb(0xec, 0xe7, 0xdf),
                stars: STAR_AMBERS[0],
                positive: POSITIVE_GREENS[0],
            };
        }
        let surface = if background.is_light() {
            WHITE
        } else {
            background.mix(WHITE, 0.06)
        };
        let page = [background, surface];
        Tints {
            on_primary,
            primary_hover: hover,
            on_accent,
            surface,
            tint: background.mix(text, 0.05),
            line: background.mix(text, 0.12),
            muted: towards_background(text, page, AA_TEXT),
            field: towards_background(text, page, AA_NON_TEXT),
            focus: first_readable(&FOCUS_BLUES, page, AA_NON_TEXT, text),
            placeholder: background.mix(text, 0.08),
            stars: first_readable(&STAR_AMBERS, page, AA_TEXT, text),
            positive: first_readable(&POSITIVE_GREENS, page, AA_TEXT, text),
        }
    }
}

/// The CSS put before the theme's stylesheet: `:root` custom properties for every
/// setting, the `@font-face` rules of a self-hosted font, and system fonts for CJK pages.
pub fn stylesheet(brand: &Brand) -> String {
    let palette = &brand.palette;
    let tints = Tints::of(palette);
    let (radius, button_radius) = match brand.radius {
        Radius::None => ("0", "0"),
        Radius::Small => ("4px", "4px"),
        Radius::Medium => ("10px", "10px"),
        Radius::Large => ("18px", "18px"),
        Radius::Pill => ("18px", "999px"),
    };
    let space = match brand.density {
        Density::Compact => "0.75",
        Density::Comfortable => "1",
        Density::Spacious => "1.35",
    };
    let mut css = String::from("/* brand: in shop.yaml */\n");
    for (_, weight, _) in fonts(brand) {
        let _ = writeln!(
            css,
            "@font-face {{ font-family: Inter; font-style: normal; font-weight: {weight}; font-display: swap; src: url(\"fonts/inter-{weight}.woff2\") format(\"woff2\"); unicode-range: {INTER_RANGE}; }}"
        );
    }
    let colors = [
        ("primary", palette.primary),
        ("on-primary", tints.on_primary),
        ("primary-hover", tints.primary_hover),
        ("accent", palette.accent),
        ("on-accent", tints.on_accent),
        ("background", palette.background),
        ("surface", tints.surface),
        ("tint", tints.tint),
        ("text", palette.text),
        ("muted", tints.muted),
        ("line", tints.line),
        ("field", tints.field),
        ("focus", tints.focus),
        ("placeholder", tints.placeholder),
        ("stars", tints.stars),
        ("positive", tints.positive),
    ];
    css.push_str(":root {\n");
    for (name, color) in colors {
        let _ = writeln!(css, "  --brand-{name}: {color};");
    }
    let _ = writeln!(css, "  --brand-font: {};", brand.font.stack());
    let _ = writeln!(
        css,
        "  --brand-heading-font: {};",
        brand.heading_font.stack()
    );
    let _ = writeln!(css, "  --brand-radius: {radius};");
    let _ = writeln!(css, "  --brand-button-radius: {button_radius};");
    let _ = writeln!(css, "  --brand-space: {space};");
    css.push_str("}\n");
    if brand.font.self_hosted() || brand.heading_font.self_hosted() {
        let selector: Vec<String> = SYSTEM_FONT_LANGUAGES
            .iter()
            .map(|l| format!(":root:lang({l})"))
            .collect();
        let _ = writeln!(
            css,
            "{} {{ --brand-font: {}; --brand-heading-font: {}; }}",
            selector.join(", "),
            brand.font.on_system().stack(),
            brand.heading_font.on_system().stack()
        );
    }
    css.push('\n');
    css
}

/// The font files the chosen fonts need: `(path under assets/, weight, bytes)`.
pub fn fonts(brand: &Brand) -> &'static [(&'static str, u16, &'static [u8])] {
    if brand.font.self_hosted() || brand.heading_font.self_hosted() {
        &INTER
    } else {
        &[]
    }
}

/// A button's text and address.
#[derive(Debug, Clone, Serialize)]
pub struct ButtonView {
    /// Its text.
    pub label: String,
    /// Its URL, base path and language prefix added to site paths.
    pub url: String,
}

/// The home page's opening block, with the shop's title, description and "Shop all
/// products" where the seller set nothing.
#[derive(Debug, Clone, Serialize)]
pub struct HeroView {
    /// The heading.
    pub heading: String,
    /// The line under it (may be empty).
    pub text: String,
    /// The button.
    pub button: ButtonView,
    /// The photo, processed like product photos; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageView>,
}

/// The line above the header, while it runs.
#[derive(Debug, Clone, Serialize)]
pub struct AnnouncementView {
    /// What it says.
    pub text: String,
    /// Where it leads, or absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The header logo: an [`ImageView`] and the `sizes` its `srcset` needs.
#[derive(Debug, Clone, Serialize)]
pub struct LogoView {
    /// The image (its `srcset` empty for an SVG).
    #[serde(flatten)]
    pub image: ImageView,
    /// The width it is shown at, for `sizes`: `120px`.
    pub sizes: String,
}

/// The icons of the site.
#[derive(Debug, Clone, Serialize)]
pub struct IconsView {
    /// The favicon's URL: a 32 px PNG of the brand's icon, the icon itself when it is an
    /// SVG, else the theme's `favicon.svg`.
    pub favicon: String,
    /// Its MIME type, for `<link rel="icon" type>`.
    pub favicon_type: &'static str,
    /// The 180 px touch icon, from a raster icon only; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub touch: Option<String>,
}

/// The chosen colours as `#rrggbb`.
#[derive(Debug, Clone, Serialize)]
pub struct ColorsView {
    /// Buttons and borders.
    pub primary: String,
    /// Highlights.
    pub accent: String,
    /// The page.
    pub background: String,
    /// Text.
    pub text: String,
}

/// `site.brand`: the brand settings as every theme reads them.
#[derive(Debug, Clone, Serialize)]
pub struct BrandView {
    /// The brand's name, or absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The logo, or absent (themes show the shop's title instead).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<LogoView>,
    /// Favicon and touch icon.
    pub icons: IconsView,
    /// The chosen colours (themes use the `--brand-*` CSS variables, which also hold the
    /// derived tints).
    pub colors: ColorsView,
    /// Body font name (`system`, `inter`...).
    pub font: Font,
    /// Headings font name.
    pub heading_font: Font,
    /// Corner radius name.
    pub radius: Radius,
    /// Density name.
    pub density: Density,
    /// The home page's opening block.
    pub hero: HeroView,
    /// The announcement, or absent when there is none or its last day has passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announcement: Option<AnnouncementView>,
    /// URLs of font files worth preloading (the self-hosted body font); empty on CJK pages.
    pub preload: Vec<String>,
    /// `brand.extra`: a theme's own settings.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A category shown on the home page with its first products.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionView<'a> {
    /// The category.
    #[serde(flatten)]
    pub category: TermView,
    /// Its first [`COLLECTION_SIZE`] products, as cards.
    pub products: Vec<&'a ProductView>,
}

/// How many products a featured collection shows on the home page.
pub const COLLECTION_SIZE: usize = 4;

impl ViewBuilder<'_> {
    /// A link of `shop.yaml`: site paths under the base path and language prefix.
    fn link(&self, url: &str) -> String {
        if crate::web::is_on_site(url) {
            self.urls.path(url)
        } else {
            url.to_owned()
        }
    }

    /// An image of the brand: processed versions of a photo, or the copied SVG.
    fn brand_image(&self, source: &std::path::Path, alt: &str) -> ImageView {
        let view = self.image_view("", source, "", alt);
        match self.images.vector(source) {
            Some(svg) => ImageView {
                url: self.urls.file(&format!("/{}", svg.path)),
                width: svg.width,
                height: svg.height,
                mime: "image/svg+xml",
                ..view
            },
            None => view,
        }
    }

    /// The header logo from `source`, `title` its alternative text, with the width it is
    /// shown at 40 px high.
    fn logo_view(&self, source: &std::path::Path, title: &str) -> LogoView {
        let image = self.brand_image(source, title);
        let width = image.versions.first().map_or(image.width, |v| v.width);
        let shown = if is_vector(source) {
            u64::from(image.width) * u64::from(crate::images::LOGO_HEIGHT)
                / u64::from(image.height.max(1))
        } else {
            u64::from(width)
        };
        LogoView {
            sizes: format!("{shown}px"),
            image,
        }
    }

    /// The favicon and touch icon: from `brand.icon` when it is a photo or an SVG, else
    /// the theme's `favicon`.
    fn icons_view(&self, favicon: String) -> IconsView {
        let images = &self.site.config.brand.images;
        let icon = images.icon.as_deref();
        let photo_icons = icon
            .and_then(|source| self.images.get(source))
            .map(|p| &p.icons);
        match (icon, photo_icons.map(Vec::as_slice)) {
            (_, Some([favicon, touch, ..])) => IconsView {
                favicon: self.urls.file(&format!("/{}", favicon.path)),
                favicon_type: "image/png",
                touch: Some(self.urls.file(&format!("/{}", touch.path))),
            },
            (Some(source), _) if is_vector(source) => IconsView {
                favicon: self.brand_image(source, "").url,
                favicon_type: "image/svg+xml",
                touch: None,
            },
            _ => IconsView {
                favicon,
                favicon_type: "image/svg+xml",
                touch: None,
            },
        }
    }

    /// `site.brand`, with the theme's `favicon` as the icon when the shop has none.
    pub fn brand_view(&self, favicon: String, today: &str) -> BrandView {
        let config = &self.site.config;
        let brand = &config.brand;
        let images = &brand.images;
        let logo = images
            .logo
            .as_deref()
            .map(|source| self.logo_view(source, &config.title));
        let icons = self.icons_view(favicon);
        let hero = &brand.hero;
        let hero = HeroView {
            heading: hero.heading.clone().unwrap_or(config.title.clone()),
            text: hero.text.clone().unwrap_or(config.description.clone()),
            button: hero.button.as_ref().map_or_else(
                || ButtonView {
                    label: self.string("shop_all"),
                    url: self.urls.path("/products/"),
                },
                |b| ButtonView {
                    label: b.label.clone(),
                    url: self.link(&b.url),
                },
            ),
            image: images
                .hero
                .as_deref()
                .map(|source| self.brand_image(source, &hero.alt)),
        };
        let cjk = SYSTEM_FONT_LANGUAGES
            .iter()
            .any(|l| config.language.split('-').next() == Some(l));
        let preload = fonts(brand)
            .iter()
            .filter(|(_, weight, _)| brand.font.self_hosted() && !cjk && *weight == 400)
            .map(|(path, ..)| self.urls.file(&format!("/assets/{path}")))
            .collect();
        BrandView {
            name: brand.name.clone(),
            logo,
            icons,
            colors: ColorsView {
                primary: brand.palette.primary.to_string(),
                accent: brand.palette.accent.to_string(),
                background: brand.palette.background.to_string(),
                text: brand.palette.text.to_string(),
            },
            font: brand.font,
            heading_font: brand.heading_font,
            radius: brand.radius,
            density: brand.density,
            hero,
            announcement: brand.announcement_on(today).map(|a| AnnouncementView {
                text: a.text.clone(),
                url: a.link.as_deref().map(|l| self.link(l)),
            }),
            preload,
            extra: brand.extra.clone(),
        }
    }

    /// The `brand.featured` categories with their first products, for the home page.
    pub fn collections<'c>(&self, cards: &[&'c ProductView]) -> Vec<CollectionView<'c>> {
        let categories = &self.site.categories;
        self.site
            .config
            .brand
            .featured
            .iter()
            .filter_map(|slug| categories.iter().find(|c| c.term.slug == *slug))
            .filter(|c| !c.products.is_empty())
            .map(|category| CollectionView {
                category: self.taxonomy_view(category, "categories"),
                products: category
                    .products
                    .iter()
                    .take(COLLECTION_SIZE)
                    .filter_map(|&i| cards.get(i).copied())
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variable<'a>(css: &'a str, name: &str) -> &'a str {
        let start = css.find(&format!("--brand-{name}: ")).expect(name) + name.len() + 10;
        &css[start..start + css[start..].find(';').expect("a value")]
    }

    #[test]
    fn defaults_are_the_default_themes_look() {
        let css = stylesheet(&Brand::default());
        for (name, value) in [
            ("primary", "#1f1d1a"),
            ("on-primary", "#ffffff"),
            ("primary-hover", "#3b3832"),
            ("accent", "#9a3412"),
            ("on-accent", "#ffffff"),
            ("background", "#faf8f5"),
            ("surface", "#ffffff"),
            ("tint", "#f1ede6"),
            ("text", "#1f1d1a"),
            ("muted", "#5c574f"),
            ("line", "#e4dfd7"),
            ("field", "#8a8275"),
            ("focus", "#1d4ed8"),
            ("placeholder", "#ece7df"),
            ("stars", "#8a5a00"),
            ("positive", "#14532d"),
            ("radius", "10px"),
            ("space", "1"),
        ] {
            assert_eq!(variable(&css, name), value, "{name}");
        }
        assert!(variable(&css, "heading-font").starts_with("\"Iowan Old Style\""));
        assert!(!css.contains("@font-face") && !css.contains(":lang("));
    }

    #[test]
    fn a_dark_palette_gets_readable_tints() {
        let brand = Brand {
            palette: Palette {
                primary: Color::rgb(0xf5, 0xc5, 0x18),
                accent: Color::rgb(0xff, 0x8a, 0x65),
                background: Color::rgb(0x12, 0x12, 0x12),
                text: Color::rgb(0xee, 0xee, 0xee),
            },
            ..Brand::default()
        };
        let tints = Tints::of(&brand.palette);
        assert_eq!(tints.on_primary, BLACK, "white does not read on yellow");
        assert!(tints.surface.luminance() > brand.palette.background.luminance());
        assert!(tints.muted.contrast(tints.surface) >= AA_TEXT);
        assert_ne!(
            tints.muted, brand.palette.text,
            "muted is a step towards the page"
        );
        for (name, color, minimum) in [
            ("field", tints.field, AA_NON_TEXT),
            ("focus", tints.focus, AA_NON_TEXT),
            ("stars", tints.stars, AA_TEXT),
            ("positive", tints.positive, AA_TEXT),
        ] {
            for background in [brand.palette.background, tints.surface] {
                assert!(color.contrast(background) >= minimum, "{name} {color}");
            }
        }
        assert!(tints.placeholder.luminance() > brand.palette.background.luminance());
        let css = stylesheet(&brand);
        assert_eq!(variable(&css, "background"), "#121212");
        assert_eq!(variable(&css, "on-primary"), "#000000");
        assert_eq!(
            variable(&css, "focus"),
            "#93c5fd",
            "the light blue on a dark page"
        );
    }

    #[test]
    fn a_self_hosted_font_is_declared_and_cjk_pages_keep_system_fonts() {
        let brand = Brand {
            font: Font::Inter,
            radius: Radius::Pill,
            density: Density::Compact,
            ..Brand::default()
        };
        let css = stylesheet(&brand);
        assert_eq!(css.matches("@font-face").count(), 2);
        assert!(css.contains("url(\"fonts/inter-400.woff2\")"));
        assert!(variable(&css, "font").starts_with("Inter, "));
        assert_eq!(variable(&css, "button-radius"), "999px");
        assert_eq!(variable(&css, "space"), "0.75");
        let cjk = css
            .lines()
            .find(|l| l.contains(":lang(ja)"))
            .expect("a CJK rule");
        assert!(cjk.contains(&format!("--brand-font: {};", Font::System.stack())));
        assert_eq!(fonts(&brand).len(), 2);
        assert!(fonts(&Brand::default()).is_empty());
    }
}
