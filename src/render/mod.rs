//! Rendering: the theme (embedded in the binary, overridable by the shop's `templates/` and
//! `static/`), its UI strings, and every page of the site rendered into an [`Output`].

mod search;

use foldhash::{HashMap, HashMapExt, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::content::{Asset, AssetKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Position, display_path};
use crate::images::Images;
use crate::money::{Currency, Money, format_money};
use crate::output::{FileContent, Output, OutputError, SharedFiles};
use crate::qr;
use crate::seo::{self, json_ld};
use crate::views::languages::Alternates;
use crate::views::{self, PageView, ProductView, Strings, TermView, Urls, ViewBuilder, brand};

/// The themes shipped inside the binary, so an installed `shop` works anywhere.
static THEMES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed while rendering a page.
    #[error("template `{template}` failed for {page}: {message}")]
    Template {
        /// Which template.
        template: String,
        /// Which output page.
        page: String,
        /// Tera's report.
        message: String,
    },
    /// A file under `static/` sits where the shop writes a page.
    #[error(
        "static/{0} would replace a page the shop generates: remove it or move it elsewhere in static/"
    )]
    StaticOverPage(String),
    /// Two pages claimed the same output file.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// A loaded theme: compiled templates, UI strings and assets.
pub struct Theme {
    tera: Tera,
    strings: Strings,
    assets: Vec<(String, &'static [u8])>,
    /// Digest of the templates, strings and language, so pages rendered with an identical
    /// theme can be reused.
    fingerprint: u64,
}

/// What rendering keeps between the builds of one `shop serve`: each language's pages, and
/// the QR codes known to be in the cache folder.
#[derive(Debug, Default)]
pub struct RenderCaches {
    /// By language.
    languages: HashMap<String, RenderCache>,
    /// File names of the codes the previous build found or drew in the cache folder: a
    /// rebuild does not list the folder again, since listing 20,000 codes took a quarter
    /// of a rebuild.
    qr_codes: Option<HashSet<String>>,
    /// The QR code files of the previous build, with a digest of their names.
    qr_files: Option<(u64, SharedFiles)>,
}

/// Product pages, cards and listing pages of the previous build, reused when everything they
/// show is the same: an edit to one product of 10,000 renders its page and the few listing
/// pages that show it.
#[derive(Debug, Default)]
struct RenderCache {
    /// Digest of the theme and the shop-wide data every page shows.
    globals: u64,
    /// By product slug.
    products: HashMap<String, Arc<RenderedProduct>>,
    /// Listing and catalogue pages by site path, with the digest of what they show.
    listings: HashMap<String, (u64, Rendered)>,
    /// The sitemap files, with the digest of what they show.
    sitemap: Option<(u64, Vec<Rendered>)>,
    /// How many files the language had.
    files: usize,
}

/// What a product gives the site: its files, and its card for listings.
#[derive(Debug)]
struct RenderedProduct {
    /// Digest of the product and the category and tag links it shows.
    key: u64,
    files: Vec<Rendered>,
    card: ProductView,
    /// The card as a template value, converted once and shared by every listing.
    card_value: tera::Value,
    /// The product's entry of the search index, as JSON.
    search_entry: String,
    /// The QR codes its pages show, as output path and file.
    qr_files: Vec<Rendered>,
    /// A digest of their paths, so a rebuild compares 10,000 numbers, not 20,000 names.
    qr_digest: u64,
}

/// The names of the embedded themes.
pub fn theme_names() -> Vec<&'static str> {
    THEMES
        .dirs()
        .filter_map(|d| d.path().file_name()?.to_str())
        .collect()
}

impl Theme {
    /// Loads the theme the config names, with the shop's template and string overrides.
    pub fn load(root: &Path, site: &Site) -> Result<Theme, Diagnostics> {
        let config = &site.config;
        if THEMES.get_dir(&config.theme).is_none() {
            let names = theme_names().join(", ");
            return Err(Diagnostics(vec![
                config
                    .error_at("theme", format!("unknown theme `{}`", config.theme))
                    .with_hint(format!("the themes are: {names}")),
            ]));
        }
        let mut diagnostics = Diagnostics::default();
        let mut templates: Vec<(String, String)> = theme_files(&config.theme, "templates")
            .into_iter()
            .map(|(name, bytes)| (name, String::from_utf8_lossy(bytes).into_owned()))
            .collect();
        override_templates(root, &mut templates, &mut diagnostics);
        let strings = strings(config, &mut diagnostics);
        let mut tera = Tera::new();
        register_filters(&mut tera, &config.language, &strings);
        if let Err(err) =
            tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
        {
            diagnostics.push(
                Diagnostic::error(
                    PathBuf::from("templates"),
                    Position::START,
                    format!("template error: {err}"),
                )
                .with_hint(
                    "fix the template syntax; see docs/themes.md for the variables templates see",
                ),
            );
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let assets = theme_files(&config.theme, "static");
        let fingerprint = crate::digest::fingerprint((&templates, &strings, &config.language));
        Ok(Theme {
            tera,
            strings,
            assets,
            fingerprint,
        })
    }
}

/// The theme every other theme builds on: a theme holds only the templates, assets and
/// strings it changes or adds, and takes the rest from this one.
const BASE_THEME: &str = "default";

/// The layers of a theme, the base first: `[default]` or `[default, editorial]`.
fn theme_layers(name: &str) -> Vec<&str> {
    let mut layers = vec![BASE_THEME];
    if name != BASE_THEME {
        layers.push(name);
    }
    layers
}

/// A theme's files under `sub` (`templates`, `static`), named relative to it: the base
/// theme's, each replaced by the named theme's file of the same name, plus its new ones.
fn theme_files(name: &str, sub: &str) -> Vec<(String, &'static [u8])> {
    let mut files: Vec<(String, &'static [u8])> = Vec::new();
    for layer in theme_layers(name) {
        let mut own = Vec::new();
        if let Some(dir) = THEMES.get_dir(format!("{layer}/{sub}")) {
            embedded_files(dir, &format!("{layer}/{sub}/"), &mut own);
        }
        for (file, bytes) in own {
            files.retain(|(other, _)| *other != file);
            files.push((file, bytes));
        }
    }
    files
}

/// Every file below an embedded folder, named relative to `prefix`.
fn embedded_files(
    dir: &'static Dir<'static>,
    prefix: &str,
    out: &mut Vec<(String, &'static [u8])>,
) {
    for file in dir.files() {
        let name = file
            .path()
            .to_string_lossy()
            .trim_start_matches(prefix)
            .to_owned();
        out.push((name, file.contents()));
    }
    for sub in dir.dirs() {
        embedded_files(sub, prefix, out);
    }
}

/// The shop's `templates/` replaces theme templates of the same name, or adds new ones.
fn override_templates(
    root: &Path,
    templates: &mut Vec<(String, String)>,
    diagnostics: &mut Diagnostics,
) {
    let dir = root.join("templates");
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                templates.retain(|(n, _)| *n != name);
                templates.push((name, text));
            }
            Err(err) => diagnostics.push(Diagnostic::error(
                display_path(root, entry.path()),
                Position::START,
                format!("cannot read template: {err}"),
            )),
        }
    }
}

/// UI strings: English as the base, the shop's language over it (or its primary language:
/// `pt` for `pt-PT`), then the shop's own `strings:`; an unknown key there is an error.
fn strings(config: &crate::config::Config, diagnostics: &mut Diagnostics) -> Strings {
    // Each language's strings are the base theme's with the theme's own over them.
    let read = |lang: &str| -> Option<Strings> {
        let mut found: Option<Strings> = None;
        for layer in theme_layers(&config.theme) {
            let Some(file) = THEMES.get_file(format!("{layer}/i18n/{lang}.yaml")) else {
                continue;
            };
            let own: Strings = serde_yaml_ng::from_slice(file.contents()).ok()?;
            found.get_or_insert_with(Strings::default).extend(own);
        }
        found
    };
    let mut strings = read("en").unwrap_or_default();
    let primary = config.language.split('-').next().unwrap_or("en");
    if let Some(local) = read(&config.language).or_else(|| read(primary)) {
        strings.extend(local);
    }
    let known: Vec<String> = strings.keys().cloned().collect();
    for (key, value) in &config.strings {
        if strings.contains_key(key) {
            strings.insert(key.clone(), value.clone());
        } else {
            let suggestion = crate::diagnostics::closest(key, &known)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            diagnostics.push(
                config
                    .error_at(
                        &format!("strings.{key}"),
                        format!("unknown UI string `{key}`"),
                    )
                    .with_hint(format!(
                        "{suggestion}the strings are listed in docs/themes.md"
                    )),
            );
        }
    }
    strings
}

/// Filters templates may use beyond Tera's own.
fn register_filters(tera: &mut Tera, language: &str, strings: &Strings) {
    let lang = language.to_owned();
    tera.register_filter(
        "money",
        move |minor: i64, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let code = kwargs.must_get::<&str>("currency")?;
            let currency = Currency::from_code(code)
                .ok_or_else(|| tera::Error::message(format!("unknown currency `{code}`")))?;
            Ok(format_money(Money { minor, currency }, &lang))
        },
    );
    let strings = strings.clone();
    tera.register_filter("date", move |date: &str, _: Kwargs, _: &State| {
        format_date(date, &strings)
    });
    tera.register_filter(
        "json_script",
        |value: tera::Value, _: Kwargs, _: &State| -> tera::TeraResult<tera::Value> {
            let json =
                serde_json::to_string(&value).map_err(|e| tera::Error::message(e.to_string()))?;
            Ok(tera::Value::safe_string(&escape_json_for_script(&json)))
        },
    );
}

/// JSON that cannot end its `<script>` element or open a comment: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026`, which JSON readers decode as the same text.
pub fn escape_json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// `2026-09-14` as the theme's strings write it (`date_format` with `{day}`, `{month}`,
/// the name from `month_9`, `{month_number}` and `{year}`): `14 September 2026`,
/// `2026年9月14日`. Anything not a date stays as written.
pub fn format_date(date: &str, strings: &Strings) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    let [year, month, day] = parts[..] else {
        return date.to_owned();
    };
    let (Some(format), Some(name)) = (
        strings.get("date_format"),
        strings.get(&format!("month_{month}")),
    ) else {
        return date.to_owned();
    };
    format
        .replace("{day}", &day.to_string())
        .replace("{month_number}", &month.to_string())
        .replace("{month}", name)
        .replace("{year}", &year.to_string())
}

/// A site path as an output file: `/products/apron/` -> `products/apron/index.html`.
fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_owned()
    }
}

/// Links between the pages of a listing.
#[derive(Debug, Clone, Serialize, Hash)]
struct Paginator {
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize, Hash)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// Stands for pages left out between its neighbours (number 0, no URL).
    gap: bool,
}

/// Pages linked on each side of the current one; the first and last are always linked.
const PAGE_WINDOW: usize = 2;

/// The page numbers a listing's page `current` of `total` links to, `None` for a gap:
/// `1 … 4 5 [6] 7 8 … 417`. Linking every page would make each of a big shop's listing
/// pages list hundreds of numbers, and the site's size grow with the square of its products.
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let near = current.saturating_sub(PAGE_WINDOW).max(1)..=(current + PAGE_WINDOW).min(total);
    let mut numbers: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .collect();
    numbers.dedup();
    let mut window = Vec::new();
    for (i, &n) in numbers.iter().enumerate() {
        match i.checked_sub(1).map(|j| numbers[j]) {
            Some(before) if n == before + 2 => window.push(Some(before + 1)),
            Some(before) if n > before + 2 => window.push(None),
            _ => {}
        }
        window.push(Some(n));
    }
    window
}

/// The site path of page `n` of a listing at `base` (`/products/` -> `/products/page/2/`).
fn listing_page_path(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_owned()
    } else {
        format!("{base}page/{n}/")
    }
}

/// A page ready to add to the output.
type Rendered = (String, FileContent);

/// A listing page with the digest of everything it shows.
type Keyed = (u64, Rendered);

/// Renders pages; shared by the threads that render them in parallel.
struct Renderer<'a> {
    tera: Tera,
    views: ViewBuilder<'a>,
    scope: &'a Scope<'a>,
    /// The language's folder in the build's staging folder, when pages are written as
    /// they render instead of kept in memory.
    folder: Option<PathBuf>,
    /// Listing pages of the previous build that may be reused.
    listings: &'a HashMap<String, (u64, Rendered)>,
    /// The build's QR codes.
    qr: &'a qr::Store,
}

/// Which language a render is for, and how its pages relate to the other languages'.
pub struct Scope<'a> {
    /// A local preview (`shop serve`): no analytics.
    pub preview: bool,
    /// The language's place among the shop's: 0 for its own language, whose render also
    /// writes what every language shares (photos, assets, static files, sitemap).
    pub language: usize,
    /// Where every page is in each language.
    pub alternates: &'a Alternates,
}

impl Scope<'_> {
    /// True for the render that writes the shared files.
    fn primary(&self) -> bool {
        self.language == 0
    }
}

impl Renderer<'_> {
    fn render(
        &self,
        template: &str,
        path: &str,
        context: &Context,
    ) -> Result<Rendered, RenderError> {
        let html = self
            .tera
            .render(template, context)
            .map_err(|err| RenderError::Template {
                template: template.to_owned(),
                page: path.to_owned(),
                message: err.to_string(),
            })?;
        let file = output_file(path);
        let content = match &self.folder {
            Some(folder) => {
                crate::output::write_now(folder, &file, html.as_bytes())?;
                FileContent::Written
            }
            None => FileContent::Bytes(html.into_bytes().into()),
        };
        Ok((file, content))
    }

    fn context(&self, path: &str, title: &str, description: &str) -> Context {
        let mut context = Context::new();
        context.insert("current_path", path);
        context.insert("page_title", title);
        context.insert("page_description", description);
        context.insert("canonical", &self.views.urls.permalink(path));
        context.insert("og_type", "website");
        let share_image = self.views.site.config.share_image.as_deref();
        let urls = &self.views.urls;
        context.insert(
            "og_image",
            &share_image.map(|p| urls.absolute(&urls.file(p))),
        );
        context.insert("structured_data", &serde_json::Value::Null);
        context.insert(
            "languages",
            &self.scope.alternates.of(self.scope.language, path),
        );
        context
    }

    /// The breadcrumb trail of a page below the home page, as JSON-LD: `(name, absolute
    /// URL)` steps after the home page.
    fn breadcrumbs(&self, steps: &[(&str, String)]) -> serde_json::Value {
        json_ld::breadcrumbs(&self.views.site.config, &self.views.urls, steps)
    }

    /// A page's own HTML, the files beside it and the redirects of its aliases.
    fn with_assets_and_aliases(
        &self,
        page: Result<Rendered, RenderError>,
        page_path: &str,
        assets: &[Asset],
        aliases: &[String],
    ) -> Result<Vec<Rendered>, RenderError> {
        let mut files = vec![page?];
        // Photos are published only as processed versions: the originals may carry the
        // seller's GPS position.
        for asset in assets.iter().filter(|a| a.kind == AssetKind::File) {
            let path = format!("{}{}", page_path.trim_start_matches('/'), asset.output);
            files.push((path, FileContent::Copy(asset.source.clone())));
        }
        for alias in aliases {
            let mut context = Context::new();
            context.insert("target", &self.views.urls.path(page_path));
            context.insert("canonical", &self.views.urls.permalink(page_path));
            files.push(self.render("alias.html", alias, &context)?);
        }
        Ok(files)
    }

    /// A product's files and card; reuses `previous` when the product and the category and
    /// tag links it shows are the same, since rendering is most of a build's time.
    fn product(
        &self,
        product: &crate::content::Product,
        previous: Option<&Arc<RenderedProduct>>,
    ) -> Result<Arc<RenderedProduct>, RenderError> {
        let photos: Vec<_> = product
            .assets
            .iter()
            .map(|a| self.views.images.get(&a.source))
            .collect();
        let key = crate::digest::fingerprint((
            product.fingerprint,
            self.views.term_links_digest(product),
            photos,
        ));
        if let Some(previous) = previous.filter(|p| p.key == key) {
            return Ok(Arc::clone(previous));
        }
        let view = self.views.product_view(product);
        let path = product.path();
        let mut context = self.context(&path, &product.title, &product.summary);
        context.insert("og_type", "product");
        if let Some(share) = view.images.first().and_then(|i| i.share.clone()) {
            context.insert("og_image", &share);
        }
        let urls = &self.views.urls;
        let mut trail: Vec<(&str, String)> = view
            .categories
            .first()
            .map(|c| (c.title.as_str(), urls.absolute(&c.url)))
            .into_iter()
            .collect();
        trail.push((&product.title, urls.permalink(&path)));
        let config = &self.views.site.config;
        let data = json_ld::graph(vec![
            json_ld::product(&view, config, &self.views.urls),
            self.breadcrumbs(&trail),
        ]);
        context.insert("structured_data", &data);
        context.insert("product", &view);
        let page = self.render("product.html", &path, &context);
        let files = self.with_assets_and_aliases(page, &path, &product.assets, &product.aliases)?;
        let card = self.views.card_view(product);
        let card_value = self.views.card_value(product, &card);
        let search_entry = search::entry(&card, self.views.strings.get("from").map_or("", |s| s));
        let qr_files: Vec<Rendered> = qr_texts(&card)
            .filter_map(|text| self.qr.file(text))
            .collect();
        let qr_names: Vec<&str> = qr_files.iter().map(|(path, _)| path.as_str()).collect();
        Ok(Arc::new(RenderedProduct {
            key,
            files,
            card_value,
            search_entry,
            qr_digest: crate::digest::fingerprint(qr_names),
            qr_files,
            card,
        }))
    }

    fn page(&self, page: &crate::content::Page) -> Result<Vec<Rendered>, RenderError> {
        let view: PageView = self.views.page_view(page);
        let path = page.path();
        let mut context = self.context(&path, &page.title, &page.summary);
        let config = &self.views.site.config;
        let data = if page.section == crate::content::Section::Posts {
            context.insert("og_type", "article");
            let journal = self.views.string("journal");
            vec![
                json_ld::post(&view, config, &self.views.urls),
                self.breadcrumbs(&[
                    (&journal, self.views.urls.permalink("/posts/")),
                    (&page.title, view.permalink.clone()),
                ]),
            ]
        } else {
            vec![self.breadcrumbs(&[(&page.title, view.permalink.clone())])]
        };
        context.insert("structured_data", &json_ld::graph(data));
        if let Some(image) = view.images.first().filter(|i| !i.url.is_empty()) {
            context.insert("og_image", &self.views.urls.absolute(&image.url));
        }
        context.insert("page", &view);
        let template = match page.section {
            crate::content::Section::Pages => "page.html",
            crate::content::Section::Posts => "post.html",
        };
        let rendered = self.render(template, &path, &context);
        self.with_assets_and_aliases(rendered, &path, &page.assets, &page.aliases)
    }

    /// The pages of a paginated listing of product cards at `base`, rendered in parallel.
    fn listing(
        &self,
        base: &str,
        title: &str,
        intro: &str,
        cards: &[&RenderedProduct],
    ) -> Result<Vec<Keyed>, RenderError> {
        let per_page = self.views.site.config.per_page;
        self.paginated("list.html", base, title, intro, cards, per_page)
    }

    /// A page whose template needs nothing but the site: its title and description are
    /// the theme's strings `title` and `description` (none when empty).
    fn simple_page(
        &self,
        template: &str,
        path: &str,
        title: &str,
        description: &str,
    ) -> Result<Vec<Rendered>, RenderError> {
        let string = |key: &str| self.views.strings.get(key).cloned().unwrap_or_default();
        let context = self.context(path, &string(title), &string(description));
        self.render(template, path, &context).map(|page| vec![page])
    }

    /// `template` over `cards`, `per_page` at a time: `base`, then `base/page/2/`, ...
    /// Each page comes with the digest of what it shows, and is the previous build's when
    /// that is the same.
    fn paginated(
        &self,
        template: &str,
        base: &str,
        title: &str,
        intro: &str,
        cards: &[&RenderedProduct],
        per_page: usize,
    ) -> Result<Vec<Keyed>, RenderError> {
        let chunks: Vec<&[&RenderedProduct]> = if cards.is_empty() {
            vec![&[]]
        } else {
            cards.chunks(per_page).collect()
        };
        let total = chunks.len();
        chunks
            .par_iter()
            .enumerate()
            .map(|(i, chunk)| {
                let n = i + 1;
                let path = listing_page_path(base, n);
                let url = |k: usize| self.views.urls.path(&listing_page_path(base, k));
                let paginator = Paginator {
                    current: n,
                    total,
                    previous: (n > 1).then(|| url(n - 1)),
                    next: (n < total).then(|| url(n + 1)),
                    pages: page_window(n, total)
                        .into_iter()
                        .map(|k| PageLink {
                            number: k.unwrap_or(0),
                            url: k.map(url).unwrap_or_default(),
                            current: k == Some(n),
                            gap: k.is_none(),
                        })
                        .collect(),
                };
                let languages = self.scope.alternates.of(self.scope.language, &path);
                let key = crate::digest::fingerprint((
                    (template, &path, title, intro, &paginator, cards.len()),
                    &languages,
                    chunk.iter().map(|p| p.key).collect::<Vec<_>>(),
                ));
                let previous = self.listings.get(&output_file(&path));
                if let Some((_, page)) = previous.filter(|(k, _)| *k == key) {
                    return Ok((key, page.clone()));
                }
                let mut context = self.context(&path, title, intro);
                context.insert("heading", title);
                context.insert("intro", intro);
                let values = chunk
                    .iter()
                    .map(|p| p.card_value.clone())
                    .collect::<Vec<_>>();
                context.insert_value("products", tera::Value::from(values));
                context.insert("product_count", &cards.len());
                context.insert("paginator", &paginator);
                Ok((key, self.render(template, &path, &context)?))
            })
            .collect()
    }
}

/// Adds rendered pages to the output, failing on the first error or clash.
fn add_all(
    output: &mut Output,
    pages: impl IntoIterator<Item = Result<Vec<Rendered>, RenderError>>,
) -> Result<(), RenderError> {
    for files in pages {
        for (path, content) in files? {
            output.add(path, content)?;
        }
    }
    Ok(())
}

/// Adds listing pages to the output and to `kept`, by output path with their digests, for
/// the next build to reuse.
fn add_listings(
    output: &mut Output,
    kept: &mut HashMap<String, (u64, Rendered)>,
    pages: impl IntoIterator<Item = Result<Vec<Keyed>, RenderError>>,
) -> Result<(), RenderError> {
    for pages in pages {
        for (key, (path, content)) in pages? {
            output.add(path.clone(), content.clone())?;
            kept.insert(path.clone(), (key, (path, content)));
        }
    }
    Ok(())
}

/// The language's Atom feed and Google Merchant Center feed.
fn add_feeds(
    site: &Site,
    urls: &Urls,
    cards: &[&ProductView],
    output: &mut Output,
) -> Result<(), RenderError> {
    output.add(
        "atom.xml",
        FileContent::Bytes(seo::atom(site, urls).into_bytes().into()),
    )?;
    let google = seo::merchant::google(cards, &site.config, urls);
    output.add(
        "feeds/google.xml",
        FileContent::Bytes(google.into_bytes().into()),
    )?;
    Ok(())
}

/// Which pages the sitemap lists: every page but redirects, files copied from `static/`,
/// the 404, search, thanks and printable catalogue pages.
struct SitemapFilter<'a> {
    redirects: HashSet<String>,
    copied: HashSet<&'a str>,
}

impl<'a> SitemapFilter<'a> {
    fn new(site: &'a Site) -> SitemapFilter<'a> {
        let aliases = site.products.iter().flat_map(|p| p.aliases.iter()).chain(
            site.pages
                .iter()
                .chain(&site.posts)
                .flat_map(|p| p.aliases.iter()),
        );
        SitemapFilter {
            redirects: aliases.map(|alias| output_file(alias)).collect(),
            copied: site
                .static_files
                .iter()
                .map(|f| f.output.as_str())
                .collect(),
        }
    }

    fn lists(&self, path: &str) -> bool {
        path.ends_with(".html")
            && !matches!(path, "404.html" | "search/index.html" | "thanks/index.html")
            && !path.starts_with("catalog/")
            && !self.redirects.contains(path)
            && !self.copied.contains(path)
    }
}

/// A digest of everything the sitemap shows: the pages it lists, their photos, dates and
/// language versions. A rebuild that changes none of it (a product's title or price)
/// reuses the sitemap instead of sorting 30,000 paths again.
fn sitemap_digest(
    site: &Site,
    cards: &[&ProductView],
    alternates: &Alternates,
    listed: impl Iterator<Item = u64>,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::digest::fingerprinter();
    // The output is hashed, so its paths are summed: the same set in any order.
    listed.fold(0u64, u64::wrapping_add).hash(&mut hasher);
    alternates.fingerprint().hash(&mut hasher);
    for (product, card) in site.products.iter().zip(cards) {
        (&product.slug, &product.updated, &product.date).hash(&mut hasher);
        card.images.iter().for_each(|i| i.url.hash(&mut hasher));
    }
    for page in site.pages.iter().chain(&site.posts) {
        (page.path(), &page.updated, &page.date).hash(&mut hasher);
    }
    hasher.finish()
}

/// The sitemap files and `robots.txt` (unless the shop's `static/` has its own); the
/// sitemap of the previous build when nothing it shows changed.
fn add_sitemap_and_robots(
    site: &Site,
    urls: &Urls,
    cards: &[&ProductView],
    alternates: &Alternates,
    previous: &mut Option<(u64, Vec<Rendered>)>,
    output: &mut Output,
) -> Result<(), RenderError> {
    let filter = SitemapFilter::new(site);
    let listed = || output.paths().filter(|path| filter.lists(path));
    let key = sitemap_digest(
        site,
        cards,
        alternates,
        listed().map(crate::digest::fingerprint),
    );
    let files = match previous.take() {
        Some((k, files)) if k == key => files,
        _ => {
            let mut listed: Vec<&str> = listed().collect();
            listed.sort_unstable();
            sitemap_files(site, urls, cards, alternates, &listed)
        }
    };
    for (file, xml) in &files {
        output.add(file.clone(), xml.clone())?;
    }
    *previous = Some((key, files));
    if !site.static_files.iter().any(|f| f.output == "robots.txt") {
        output.add(
            "robots.txt",
            FileContent::Bytes(seo::robots(urls).into_bytes().into()),
        )?;
    }
    Ok(())
}

/// The sitemap files listing the pages at `listed` (output paths, sorted).
fn sitemap_files(
    site: &Site,
    urls: &Urls,
    cards: &[&ProductView],
    alternates: &Alternates,
    listed: &[&str],
) -> Vec<Rendered> {
    let photos: HashMap<String, Vec<String>> = site
        .products
        .iter()
        .zip(cards)
        .map(|(product, card)| {
            let images = card.images.iter().map(|i| urls.absolute(&i.url));
            (product.path(), images.collect())
        })
        .collect();
    let pages: Vec<seo::SitemapPage> = listed
        .iter()
        .map(|file| {
            let path = format!("/{}", file.trim_end_matches("index.html"));
            let images = photos.get(&path).cloned().unwrap_or_default();
            let versions = alternates.of(0, &path);
            seo::SitemapPage {
                path,
                images,
                versions,
            }
        })
        .collect();
    seo::sitemaps(site, urls, &pages)
        .into_iter()
        .map(|(file, xml)| (file, FileContent::Bytes(xml.into_bytes().into())))
        .collect()
}

/// Renders the shop in its own language and in each of `languages:`, the translations
/// under their prefix (`/zh-cn/`), into one [`Output`]. `versions` holds each language's
/// site and theme, the shop's own first; `caches` keeps each language's pages for reuse;
/// QR codes are kept in `qr_cache` when given. With a `folder` (the build's staging
/// folder), pages are written there as they render and the output keeps only their paths;
/// nothing is kept for reuse then.
pub fn render_all(
    versions: &[(&Site, &Theme)],
    images: &Images,
    caches: &mut RenderCaches,
    preview: bool,
    qr_cache: Option<qr::CacheFolder>,
    folder: Option<&Path>,
) -> Result<Output, RenderError> {
    let named: Vec<(&Site, String)> = versions
        .iter()
        .map(|(site, theme)| {
            let name = theme.strings.get("language_name").cloned();
            (*site, name.unwrap_or(site.config.language.clone()))
        })
        .collect();
    let alternates = if versions.len() > 1 {
        Alternates::new(&named)
    } else {
        Alternates::single()
    };
    let mut output = Output::default();
    let qr = qr::Store::new(qr_cache, caches.qr_codes.take());
    let mut with_codes = Vec::new();
    for (language, (site, theme)) in versions.iter().enumerate() {
        let scope = Scope {
            preview,
            language,
            alternates: &alternates,
        };
        let cache = caches
            .languages
            .entry(site.config.language.clone())
            .or_default();
        let prefix = site.config.url_prefix.trim_start_matches('/');
        let folder = folder.map(|f| f.join(prefix));
        let (rendered, products) = render_site(site, theme, images, cache, &scope, &qr, folder)?;
        output.merge_under(prefix, rendered)?;
        with_codes.extend(products);
    }
    output.share(qr_files(&with_codes, &mut caches.qr_files));
    caches.qr_codes = qr.into_known();
    Ok(output)
}

/// The QR code files the pages of `products` show; the previous build's set when it holds
/// the same codes, as it does after most edits.
fn qr_files(
    products: &[Arc<RenderedProduct>],
    previous: &mut Option<(u64, SharedFiles)>,
) -> SharedFiles {
    let files = || products.iter().flat_map(|p| &p.qr_files);
    let key = crate::digest::fingerprint(products.iter().map(|p| p.qr_digest).collect::<Vec<_>>());
    match previous {
        Some((k, shared)) if *k == key => Arc::clone(shared),
        _ => {
            let shared: SharedFiles = Arc::new(files().cloned().collect());
            *previous = Some((key, Arc::clone(&shared)));
            shared
        }
    }
}

/// The texts of the QR codes a product's pages show: its page's address for the catalogue
/// and each checkout link. A sold-out product shows no checkout link and is left out of the
/// catalogue.
fn qr_texts(card: &ProductView) -> impl Iterator<Item = &str> {
    let buttons = card
        .buy
        .buttons
        .iter()
        .chain(card.variants.iter().flat_map(|v| &v.buy.buttons));
    let links = buttons.filter(|b| b.qr.is_some()).map(|b| &b.url);
    std::iter::once(&card.permalink)
        .chain(links)
        .filter(|_| !card.sold_out)
        .map(String::as_str)
}

/// How many products the home page's `newest` lists.
const NEWEST: usize = 10;

/// The home page's newest products, for themes that open with what just came in (a
/// shop of used books or parts): by `date`, newest first, undated ones last, otherwise
/// in catalogue order.
fn newest<'a>(cards: &[&'a ProductView]) -> Vec<&'a ProductView> {
    let mut newest = cards.to_vec();
    // `YYYY-MM-DD` sorts as text; `None` sorts before any date, so last when reversed.
    newest.sort_by(|a, b| b.date.cmp(&a.date));
    newest.truncate(NEWEST);
    newest
}

/// The theme's stylesheet under `static/`; the brand's CSS variables are put before it.
const STYLESHEET: &str = "shop.css";

/// Products per page of the printable catalogue: about 17 A4 sheets, a size a browser
/// prints without stalling.
const CATALOG_PER_PAGE: usize = 200;

/// Renders every page of the site with the theme into an [`Output`] ready to write.
/// Products, pages and listing pages are independent, so they render in parallel.
fn render_site(
    site: &Site,
    theme: &Theme,
    images: &Images,
    cache: &mut RenderCache,
    scope: &Scope,
    qr: &qr::Store,
    folder: Option<PathBuf>,
) -> Result<(Output, Vec<Arc<RenderedProduct>>), RenderError> {
    let urls = Urls::new(&site.config);
    let views = ViewBuilder {
        preview: scope.preview,
        site,
        strings: &theme.strings,
        terms: views::TermIndex::new(site, &urls),
        urls,
        images,
    };
    // Shop-wide data goes into the global context once instead of into every page's.
    let mut tera = theme.tera.clone();
    let site_view = views.site_view(views.urls.file(&format!("/assets/{STYLESHEET}")));
    tera.global_context().insert("site", &site_view);
    tera.global_context().insert("t", &theme.strings);
    let globals = crate::digest::fingerprint((
        theme.fingerprint,
        serde_json::to_vec(&site_view).unwrap_or_default(),
    ));
    if cache.globals != globals {
        *cache = RenderCache {
            globals,
            ..RenderCache::default()
        };
    }
    // Pages written as they render are not in memory to reuse.
    let reuse = folder.is_none();
    let previous_listings = std::mem::take(&mut cache.listings);
    let r = Renderer {
        tera,
        views,
        scope,
        folder,
        listings: &previous_listings,
        qr,
    };
    let string = |key: &str| r.views.strings.get(key).cloned().unwrap_or_default();
    // As many files as last time: the map does not grow ten times over 10,000 products.
    let mut output = Output::with_capacity(cache.files);
    if scope.primary() {
        for (path, bytes) in &theme.assets {
            let content = if path == STYLESHEET {
                let css = brand::stylesheet(&site.config.brand) + &String::from_utf8_lossy(bytes);
                FileContent::Bytes(css.into_bytes().into())
            } else {
                FileContent::Static(bytes)
            };
            output.add(format!("assets/{path}"), content)?;
        }
        for (path, _, bytes) in brand::fonts(&site.config.brand) {
            output.add(format!("assets/{path}"), FileContent::Static(bytes))?;
        }
        for (path, file) in images.files() {
            output.add(path, FileContent::Cached(file.to_path_buf()))?;
        }
    }

    let rendered = site
        .products
        .par_iter()
        .map(|p| r.product(p, cache.products.get(&p.slug).filter(|_| reuse)))
        .collect::<Result<Vec<_>, _>>()?;
    for product in &rendered {
        for (path, content) in &product.files {
            output.add(path.clone(), content.clone())?;
        }
    }
    let cards: Vec<&ProductView> = rendered.iter().map(|p| &p.card).collect();
    let products = rendered.clone();
    let all: Vec<&RenderedProduct> = rendered.iter().map(Arc::as_ref).collect();
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .chain(&site.posts)
        .map(|p| r.page(p))
        .collect();
    add_all(&mut output, pages)?;

    // Every listing at once: a shop has a few categories but may have a thousand small
    // tags, each a page or two.
    let terms: Vec<_> = [("categories", &site.categories), ("tags", &site.tags)]
        .into_iter()
        .flat_map(|(kind, taxonomies)| taxonomies.iter().map(move |t| (kind, t)))
        .filter(|(_, taxonomy)| !taxonomy.products.is_empty())
        .collect();
    let mut listings = vec![r.listing("/products/", &string("all_products"), "", &all)];
    listings.par_extend(terms.par_iter().map(|&(kind, taxonomy)| {
        let term: TermView = r.views.taxonomy_view(taxonomy, kind);
        let members: Vec<&RenderedProduct> = taxonomy.products.iter().map(|&i| all[i]).collect();
        let base = format!("/{kind}/{}/", taxonomy.term.slug);
        let title = if kind == "tags" {
            format!("#{}", term.title)
        } else {
            term.title.clone()
        };
        r.listing(&base, &title, &term.description, &members)
    }));
    let mut kept = HashMap::new();
    add_listings(&mut output, &mut kept, listings)?;

    let posts: Vec<PageView> = site.posts.iter().map(|p| r.views.page_view(p)).collect();
    if !posts.is_empty() {
        let mut context = r.context("/posts/", &string("journal"), "");
        context.insert("posts", &posts);
        add_all(
            &mut output,
            [r.render("posts.html", "/posts/", &context).map(|p| vec![p])],
        )?;
    }

    let entries: Vec<&str> = rendered.iter().map(|p| p.search_entry.as_str()).collect();
    let index = search::index(&entries, &site_view.categories);
    output.add("search.json", FileContent::Bytes(index.into_bytes().into()))?;
    if site.config.contact.page {
        let page = r.simple_page("contact.html", "/contact/", "contact", "contact_intro");
        add_all(&mut output, [page])?;
    }
    let available: Vec<&RenderedProduct> =
        all.iter().filter(|p| !p.card.sold_out).copied().collect();
    let catalog = r.paginated(
        "catalog.html",
        "/catalog/",
        &string("catalog"),
        "",
        &available,
        CATALOG_PER_PAGE,
    );
    add_listings(&mut output, &mut kept, [catalog])?;
    if !site.pages.iter().any(|p| p.path() == "/thanks/") {
        add_all(
            &mut output,
            [r.simple_page("thanks.html", "/thanks/", "thanks_title", "")],
        )?;
    }
    add_all(
        &mut output,
        [r.simple_page("search.html", "/search/", "search", "")],
    )?;

    let featured: Vec<&ProductView> = {
        let chosen: Vec<&ProductView> = cards.iter().filter(|c| c.featured).copied().collect();
        if chosen.is_empty() {
            cards.iter().take(8).copied().collect()
        } else {
            chosen
        }
    };
    let mut context = r.context("/", &site.config.title, &site.config.description);
    context.insert("featured", &featured);
    context.insert("collections", &r.views.collections(&cards));
    context.insert("newest", &newest(&cards));
    context.insert(
        "structured_data",
        &json_ld::graph(json_ld::home(&site.config, &r.views.urls)),
    );
    context.insert("latest_posts", &posts.iter().take(3).collect::<Vec<_>>());
    let home = r.render("index.html", "/", &context).map(|p| vec![p]);
    let context = r.context("/404.html", &string("not_found_title"), "");
    let not_found = r.render("404.html", "/404.html", &context).map(|p| vec![p]);
    add_all(&mut output, [home, not_found])?;
    add_feeds(site, &r.views.urls, &cards, &mut output)?;
    if scope.primary() {
        add_sitemap_and_robots(
            site,
            &r.views.urls,
            &cards,
            scope.alternates,
            &mut cache.sitemap,
            &mut output,
        )?;
        for file in &site.static_files {
            output
                .add_over_theme(file.output.clone(), FileContent::Copy(file.source.clone()))
                .map_err(|_| RenderError::StaticOverPage(file.output.clone()))?;
        }
    }
    if reuse {
        cache.products = site
            .products
            .iter()
            .map(|p| p.slug.clone())
            .zip(rendered)
            .collect();
        cache.listings = kept;
        cache.files = output.len();
    }
    Ok((output, products))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_script() {
        let json = serde_json::to_string("</script><script>alert(1)</script>").unwrap();
        let escaped = escape_json_for_script(&json);
        assert!(!escaped.contains("</script"));
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "</script><script>alert(1)</script>");
    }

    #[test]
    fn output_files_for_pretty_urls() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/products/a/"), "products/a/index.html");
        assert_eq!(output_file("/404.html"), "404.html");
        assert_eq!(listing_page_path("/products/", 2), "/products/page/2/");
    }

    #[test]
    fn pagination_links_the_ends_and_the_pages_near_the_current_one() {
        let numbers = |current, total| -> Vec<usize> {
            page_window(current, total)
                .into_iter()
                .map(|n| n.unwrap_or(0))
                .collect()
        };
        assert_eq!(numbers(1, 1), [1]);
        assert_eq!(numbers(1, 4), [1, 2, 3, 4]);
        assert_eq!(numbers(6, 417), [1, 0, 4, 5, 6, 7, 8, 0, 417]);
        assert_eq!(
            numbers(4, 9),
            [1, 2, 3, 4, 5, 6, 0, 9],
            "a gap of one page is shown"
        );
        assert_eq!(numbers(417, 417), [1, 0, 415, 416, 417]);
    }

    #[test]
    fn dates_read_naturally() {
        let strings = |format: &str, month: &str| -> Strings {
            [("date_format", format), ("month_9", month)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        };
        let english = strings("{day} {month} {year}", "September");
        assert_eq!(format_date("2026-09-14", &english), "14 September 2026");
        let chinese = strings("{year}年{month_number}月{day}日", "九月");
        assert_eq!(format_date("2026-09-14", &chinese), "2026年9月14日");
        assert_eq!(format_date("soon", &english), "soon");
    }

    #[test]
    fn every_language_has_every_string_of_english() {
        let mut checked = 0;
        for theme in THEMES.dirs() {
            let name = theme.path().to_string_lossy();
            let read = |file: &include_dir::File| -> Strings {
                serde_yaml_ng::from_slice(file.contents()).expect("valid YAML")
            };
            // A theme may add no strings: the default theme's are layered under its own.
            let Some(locales) = THEMES.get_dir(format!("{name}/i18n")) else {
                assert_ne!(name, BASE_THEME, "the base theme has every string");
                continue;
            };
            let english = read(
                THEMES
                    .get_file(format!("{name}/i18n/en.yaml"))
                    .expect("English strings"),
            );
            for file in locales.files() {
                let strings = read(file);
                let missing: Vec<&String> = english
                    .keys()
                    .filter(|k| !strings.contains_key(*k))
                    .collect();
                let extra: Vec<&String> = strings
                    .keys()
                    .filter(|k| !english.contains_key(*k))
                    .collect();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "{}: missing {missing:?}, unknown {extra:?}",
                    file.path().display()
                );
                checked += 1;
            }
        }
        assert!(checked >= 2, "only {checked} string files found");
    }

    #[test]
    fn default_theme_is_embedded() {
        assert!(theme_names().contains(&"default"));
    }
}
