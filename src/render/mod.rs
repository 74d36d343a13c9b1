//! Rendering: the theme (embedded in the binary, overridable by the shop's `templates/` and
//! `static/`), its UI strings, and every page of the site rendered into an [`Output`].

mod codes;
mod feeds;
mod paginator;
mod search;
mod theme;

pub use theme::{Theme, escape_json_for_script, format_date, theme_names};

use codes::{qr_files, qr_texts};
use feeds::{add_feeds, add_sitemap_and_robots};
use paginator::{Paginator, listing_page_path};

use foldhash::{HashMap, HashMapExt, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::content::{Asset, AssetKind, Site};
use crate::images::Images;
use crate::output::{FileContent, Output, OutputError, SharedFiles};
use crate::qr;
use crate::seo::json_ld;
use crate::views::languages::Alternates;
use crate::views::{self, PageView, ProductView, Strings, TermView, Urls, ViewBuilder, brand};

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
    /// The build's photos, planned or encoded.
    pub images: &'a Images,
    /// The build's QR codes, shared by every language.
    pub qr: &'a qr::Store,
    /// The build's staging folder, when pages are written into it as they render instead
    /// of kept in memory; each language writes below its prefix.
    pub staging: Option<&'a Path>,
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
            .filter_map(|text| self.scope.qr.file(text))
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
        let context = self.context(path, &self.string(title), &self.string(description));
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
                let paginator = Paginator::new(n, total, url);
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
    let named: Vec<(&Site, &Strings)> = versions
        .iter()
        .map(|(site, theme)| (*site, &theme.strings))
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
            images,
            qr: &qr,
            staging: folder,
        };
        let cache = caches
            .languages
            .entry(site.config.language.clone())
            .or_default();
        let (rendered, products) = render_site(site, theme, cache, &scope)?;
        let prefix = site.config.url_prefix.trim_start_matches('/');
        output.merge_under(prefix, rendered)?;
        with_codes.extend(products);
    }
    output.share(qr_files(&with_codes, &mut caches.qr_files));
    caches.qr_codes = qr.into_known();
    Ok(output)
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
    cache: &mut RenderCache,
    scope: &Scope,
) -> Result<(Output, Vec<Arc<RenderedProduct>>), RenderError> {
    let urls = Urls::new(&site.config);
    let views = ViewBuilder {
        preview: scope.preview,
        site,
        strings: &theme.strings,
        terms: views::TermIndex::new(site, &urls),
        urls,
        images: scope.images,
    };
    let basket = views.basket();
    let (tera, site_view) = with_globals(theme, &views, basket.as_ref().map(|b| &b.view), cache);
    let prefix = site.config.url_prefix.trim_start_matches('/');
    let folder = scope.staging.map(|f| f.join(prefix));
    // Pages written as they render are not in memory to reuse.
    let reuse = folder.is_none();
    let previous_listings = std::mem::take(&mut cache.listings);
    let r = Renderer {
        tera,
        views,
        scope,
        folder,
        listings: &previous_listings,
    };
    // As many files as last time: the map does not grow ten times over 10,000 products.
    let mut output = Output::with_capacity(cache.files);
    if scope.primary() {
        add_theme_assets(site, theme, scope.images, &mut output)?;
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
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .chain(&site.posts)
        .map(|p| r.page(p))
        .collect();
    add_all(&mut output, pages)?;
    let kept = r.listings_and_site_pages(&rendered, &site_view, &mut output)?;
    if let Some(basket) = basket {
        r.basket_page(basket, &mut output)?;
    }
    add_feeds(site, &r.views.urls, &r.cards(&rendered), &mut output)?;
    if scope.primary() {
        let cards = r.cards(&rendered);
        let urls = &r.views.urls;
        add_sitemap_and_robots(
            site,
            urls,
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
    let products = rendered.clone();
    if reuse {
        cache.keep(site, rendered, kept, output.len());
    }
    Ok((output, products))
}

/// The theme's templates with the shop-wide data in their global context, put there once
/// instead of into every page's, and that data as a view. Empties `cache` when the data or
/// the theme changed, since every page shows them.
fn with_globals(
    theme: &Theme,
    views: &ViewBuilder,
    basket: Option<&views::basket::BasketView>,
    cache: &mut RenderCache,
) -> (Tera, views::SiteView) {
    let mut tera = theme.tera.clone();
    let mut site_view = views.site_view(views.urls.file(&format!("/assets/{STYLESHEET}")));
    site_view.basket = basket.cloned();
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
    (tera, site_view)
}

impl RenderCache {
    /// Keeps what this build rendered for the next: products by slug, listing pages, and
    /// how many files the language had.
    fn keep(
        &mut self,
        site: &Site,
        rendered: Vec<Arc<RenderedProduct>>,
        listings: HashMap<String, Keyed>,
        files: usize,
    ) {
        self.products = site
            .products
            .iter()
            .map(|p| p.slug.clone())
            .zip(rendered)
            .collect();
        self.listings = listings;
        self.files = files;
    }
}

/// The theme's assets (its stylesheet after the brand's CSS variables), the brand's fonts
/// and the photos: the files every language shares, written once.
fn add_theme_assets(
    site: &Site,
    theme: &Theme,
    images: &Images,
    output: &mut Output,
) -> Result<(), RenderError> {
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
    Ok(())
}

impl Renderer<'_> {
    /// The products' cards, in catalogue order.
    fn cards<'p>(&self, rendered: &'p [Arc<RenderedProduct>]) -> Vec<&'p ProductView> {
        rendered.iter().map(|p| &p.card).collect()
    }

    /// A theme string, empty when the theme has none.
    fn string(&self, key: &str) -> String {
        self.views.strings.get(key).cloned().unwrap_or_default()
    }

    /// Every page built from the products and the shop rather than from one file: the
    /// listings, the journal, the search index, the contact, catalogue, thanks, search,
    /// home and 404 pages. Returns the listing pages to keep for the next build.
    fn listings_and_site_pages(
        &self,
        rendered: &[Arc<RenderedProduct>],
        site_view: &views::SiteView,
        output: &mut Output,
    ) -> Result<HashMap<String, Keyed>, RenderError> {
        let site = self.views.site;
        let all: Vec<&RenderedProduct> = rendered.iter().map(Arc::as_ref).collect();
        let mut kept = HashMap::new();
        add_listings(output, &mut kept, self.listings(&all))?;

        let posts: Vec<PageView> = site.posts.iter().map(|p| self.views.page_view(p)).collect();
        if !posts.is_empty() {
            let mut context = self.context("/posts/", &self.string("journal"), "");
            context.insert("posts", &posts);
            add_all(
                output,
                [self
                    .render("posts.html", "/posts/", &context)
                    .map(|p| vec![p])],
            )?;
        }

        let entries: Vec<&str> = rendered.iter().map(|p| p.search_entry.as_str()).collect();
        let index = search::index(&entries, &site_view.categories);
        output.add("search.json", FileContent::Bytes(index.into_bytes().into()))?;
        if site.config.contact.page {
            let page = self.simple_page("contact.html", "/contact/", "contact", "contact_intro");
            add_all(output, [page])?;
        }
        let available: Vec<&RenderedProduct> =
            all.iter().filter(|p| !p.card.sold_out).copied().collect();
        let catalog = self.paginated(
            "catalog.html",
            "/catalog/",
            &self.string("catalog"),
            "",
            &available,
            CATALOG_PER_PAGE,
        );
        add_listings(output, &mut kept, [catalog])?;
        if !site.pages.iter().any(|p| p.path() == "/thanks/") {
            let thanks = self.simple_page("thanks.html", "/thanks/", "thanks_title", "");
            add_all(output, [thanks])?;
        }
        let search = self.simple_page("search.html", "/search/", "search", "");
        add_all(output, [search])?;
        let home = self.home(&self.cards(rendered), &posts);
        let context = self.context("/404.html", &self.string("not_found_title"), "");
        let not_found = self
            .render("404.html", "/404.html", &context)
            .map(|p| vec![p]);
        add_all(output, [home, not_found])?;
        Ok(kept)
    }

    /// The `/basket/` page and the price list its script reads.
    fn basket_page(
        &self,
        basket: views::basket::Basket,
        output: &mut Output,
    ) -> Result<(), RenderError> {
        let prices = FileContent::Bytes(basket.json.into_bytes().into());
        output.add(basket.file, prices)?;
        if let Some(list) = basket.checkout {
            let list = FileContent::Bytes(list.into_bytes().into());
            output.add(views::basket::CHECKOUT_LIST.to_owned(), list)?;
        }
        let mut context = self.context("/basket/", &self.string("basket"), "");
        context.insert("basket_page", &self.views.basket_page());
        add_all(
            output,
            [self
                .render("basket.html", "/basket/", &context)
                .map(|p| vec![p])],
        )
    }

    /// Every listing at once: all products, then each category and tag that has any. A
    /// shop has a few categories but may have a thousand small tags, each a page or two.
    fn listings(&self, all: &[&RenderedProduct]) -> Vec<Result<Vec<Keyed>, RenderError>> {
        let site = self.views.site;
        let terms: Vec<_> = [("categories", &site.categories), ("tags", &site.tags)]
            .into_iter()
            .flat_map(|(kind, taxonomies)| taxonomies.iter().map(move |t| (kind, t)))
            .filter(|(_, taxonomy)| !taxonomy.products.is_empty())
            .collect();
        let mut listings = vec![self.listing("/products/", &self.string("all_products"), "", all)];
        listings.par_extend(terms.par_iter().map(|&(kind, taxonomy)| {
            let term: TermView = self.views.taxonomy_view(taxonomy, kind);
            let members: Vec<&RenderedProduct> =
                taxonomy.products.iter().map(|&i| all[i]).collect();
            let base = format!("/{kind}/{}/", taxonomy.term.slug);
            let title = if kind == "tags" {
                format!("#{}", term.title)
            } else {
                term.title.clone()
            };
            self.listing(&base, &title, &term.description, &members)
        }));
        listings
    }

    /// The home page: featured products (the first eight when none is), collections, the
    /// newest products and the latest posts.
    fn home(
        &self,
        cards: &[&ProductView],
        posts: &[PageView],
    ) -> Result<Vec<Rendered>, RenderError> {
        let config = &self.views.site.config;
        let chosen: Vec<&ProductView> = cards.iter().filter(|c| c.featured).copied().collect();
        let featured = if chosen.is_empty() {
            cards.iter().take(8).copied().collect()
        } else {
            chosen
        };
        let mut context = self.context("/", &config.title, &config.description);
        context.insert("featured", &featured);
        context.insert("collections", &self.views.collections(cards));
        context.insert("newest", &newest(cards));
        context.insert(
            "structured_data",
            &json_ld::graph(json_ld::home(config, &self.views.urls)),
        );
        context.insert("latest_posts", &posts.iter().take(3).collect::<Vec<_>>());
        self.render("index.html", "/", &context).map(|p| vec![p])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_files_for_pretty_urls() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/products/a/"), "products/a/index.html");
        assert_eq!(output_file("/404.html"), "404.html");
        assert_eq!(listing_page_path("/products/", 2), "/products/page/2/");
    }
}
