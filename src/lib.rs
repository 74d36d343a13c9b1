//! `shop`: turn a folder of Markdown product files into a static storefront.
//!
//! The pipeline runs one way: [`config`] -> [`content`] (load and validate everything, all
//! diagnostics at once) -> [`images`] -> [`render`] (Tera theme into an in-memory
//! [`output::Output`], with [`seo`]'s sitemap, feeds and JSON-LD) -> [`output`] (written to a
//! folder with an atomic swap, or kept in memory). [`serve`] drives it on every change;
//! [`import`] turns another shop system's export into product files, [`scaffold`] starts a
//! shop, and [`golive`] says what must not go live (`check --production`).
//!
//! The modules import one way too, each only from modules below it (`tests/modules.rs`
//! fails on a cycle and prints the graph). What two stages share sits below both:
//! [`yaml`] (typed YAML with the position of every value), [`money`], [`date`], [`fs`]
//! (paths and files as a build checks them), `digest` (fingerprints for rebuilds) and
//! [`diagnostics`] under [`config`] and [`content`]; [`views`] (what templates see) and
//! [`qr`] under [`render`] and [`seo`]; [`web`] (which links are the site's own paths, and
//! HTML and XML escaping) under every stage. This file, the pipeline, is above every stage: no
//! stage reaches up into it, only [`serve`], which runs the pipeline on every change.

pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
mod digest;
pub mod fs;
pub mod golive;
pub mod images;
pub mod import;
pub mod markdown;
pub mod money;
pub mod orders;
pub mod output;
pub mod qr;
pub mod render;
pub mod sales;
pub mod scaffold;
pub mod seo;
pub mod serve;
pub mod stripe;
pub mod views;
pub mod web;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use content::{Drafts, Site};
use diagnostics::Diagnostics;
use output::{Output, OutputError};
use render::{RenderError, Theme};

/// Why a build or check failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The seller's files have mistakes; every one is listed.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// A template failed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The site could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The shop folder.
    pub root: PathBuf,
    /// Replaces `base_url` from `shop.yaml` (preview deploys, local serving).
    pub base_url: Option<String>,
    /// Whether drafts are published.
    pub drafts: Drafts,
    /// Whether photos are encoded, or only checked and planned (`check`).
    pub images: images::Work,
    /// A local preview (`shop serve`): visits are not counted by the shop's analytics.
    pub preview: bool,
}

/// A site built in memory, with what the build found worth saying.
#[derive(Debug)]
pub struct Built {
    /// Every file of the site.
    pub output: Output,
    /// Warnings (there are no errors in a finished build).
    pub warnings: Diagnostics,
    /// Numbers for the summary line.
    pub stats: Stats,
}

/// Counts and timings of a build.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Products published.
    pub products: usize,
    /// Pages published.
    pub pages: usize,
    /// Posts published.
    pub posts: usize,
    /// HTML files written.
    pub html_files: usize,
    /// All files written.
    pub files: usize,
    /// Image versions encoded (0 when the cache had them all).
    pub images_encoded: usize,
    /// Time to read and check the content.
    pub load: Duration,
    /// Time to plan and encode images.
    pub images: Duration,
    /// Time to render.
    pub render: Duration,
}

/// What one build can hand the next so unchanged work is not redone (`shop serve`). A build
/// with a fresh cache does all the work; a build with a warm one gives the same site.
#[derive(Debug, Default)]
pub struct BuildCache {
    load: content::LoadCache,
    render: render::RenderCaches,
}

impl BuildCache {
    /// Tells the next build which paths changed since the build this cache holds, as a
    /// file watcher reports them, so it checks only what depends on them instead of every
    /// file of the shop. Without this call a build checks everything.
    pub fn changed(&mut self, root: &Path, paths: &[PathBuf]) {
        self.load.changed(root, paths);
    }
}

/// Loads the config and content, and fails with every error found.
pub fn load(options: &BuildOptions, cache: &mut BuildCache) -> Result<(Site, Diagnostics), Error> {
    load_translated(options, cache).map(|loaded| (loaded.site, loaded.diagnostics))
}

/// [`load`], with the shop in each of `languages:`.
fn load_translated(
    options: &BuildOptions,
    cache: &mut BuildCache,
) -> Result<content::Loaded, Error> {
    let config =
        config::load(&options.root, options.base_url.as_deref()).map_err(Error::Invalid)?;
    let mut loaded = content::load_cached(&options.root, config, options.drafts, &mut cache.load);
    loaded.diagnostics.extend(orders::check(&loaded.site));
    if loaded.diagnostics.has_errors() {
        return Err(Error::Invalid(loaded.diagnostics));
    }
    Ok(loaded)
}

/// Builds the whole site in memory: load, validate, process images, render.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, Error> {
    build_in_memory_cached(options, &mut BuildCache::default(), &images::Silent)
}

/// [`build_in_memory`], reusing what `cache` kept from the previous build and reporting
/// image work to `progress`.
pub fn build_in_memory_cached(
    options: &BuildOptions,
    cache: &mut BuildCache,
    progress: &dyn images::Progress,
) -> Result<Built, Error> {
    build_stages(options, cache, progress, None, None).map(|stages| stages.built)
}

/// What each stage of a build made, for checks that look across them.
struct Stages {
    site: Site,
    /// The site in each of `languages:`.
    translated: Vec<Site>,
    images: images::Images,
    built: Built,
}

/// Runs every stage; with a `staging` folder, pages are written into it as they render.
/// The image cache must keep apart from `output`, the folder the site will replace.
fn build_stages(
    options: &BuildOptions,
    cache: &mut BuildCache,
    progress: &dyn images::Progress,
    staging: Option<&output::Staging>,
    output: Option<&Path>,
) -> Result<Stages, Error> {
    let started = Instant::now();
    let content::Loaded {
        site,
        translated,
        diagnostics: mut warnings,
    } = load_translated(options, cache)?;
    if let Some(output) = output {
        let apart = site.config.check_cache_apart_from(&site.root, output);
        apart.map_err(|clash| Error::Invalid(Diagnostics(vec![clash])))?;
    }
    let themes = std::iter::once(&site)
        .chain(&translated)
        .map(|s| Theme::load(&options.root, s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::Invalid)?;
    let load_time = started.elapsed();
    let images = images::process(&site, options.images, progress).map_err(Error::Invalid)?;
    let images_time = started.elapsed() - load_time;
    let versions: Vec<(&Site, &Theme)> = std::iter::once(&site)
        .chain(&translated)
        .zip(&themes)
        .collect();
    // `shop check` writes nothing: it takes the codes drawn before and keeps new ones in
    // memory.
    let qr_dir = site.root.join(&site.config.images.cache);
    let qr_cache = qr::CacheFolder {
        dir: &qr_dir,
        writable: options.images == images::Work::Encode,
    };
    let output = render::render_all(
        &versions,
        &images,
        &mut cache.render,
        options.preview,
        Some(qr_cache),
        staging.map(output::Staging::folder),
    )?;
    if options.preview {
        // `check` finds these with the rest of its lint; the preview shows them as made.
        let sites: Vec<&Site> = std::iter::once(&site).chain(&translated).collect();
        warnings.extend(seo::lint::broken_menu_links(&sites, &output));
    }
    let stats = Stats {
        products: site.products.len(),
        pages: site.pages.len(),
        posts: site.posts.len(),
        html_files: output.page_count(),
        files: output.len(),
        images_encoded: images.encoded,
        load: load_time,
        images: images_time,
        render: started.elapsed() - load_time - images_time,
    };
    Ok(Stages {
        site,
        translated,
        images,
        built: Built {
            output,
            warnings,
            stats,
        },
    })
}

/// Builds the site and writes it into `dest`, replacing the previous build only when the new
/// one is complete.
pub fn build(
    options: &BuildOptions,
    dest: &Path,
    progress: &dyn images::Progress,
) -> Result<Built, Error> {
    let staging = output::Staging::new(dest, &options.root)?;
    let stages = build_stages(
        options,
        &mut BuildCache::default(),
        progress,
        Some(&staging),
        Some(staging.destination()),
    )?;
    staging.finish(&stages.built.output)?;
    Ok(stages.built)
}

/// How strict `check` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Only errors fail.
    Normal,
    /// Warnings that must not go live (a Stripe test link) fail too.
    Production,
}

/// Everything a build validates, rendering included, without writing anything (photos are
/// read and planned, not encoded), plus advice on being found (`seo::lint`).
pub fn check(options: &BuildOptions, strictness: Strictness) -> Result<Built, Error> {
    let options = BuildOptions {
        images: images::Work::Plan,
        ..options.clone()
    };
    // A build may be given any output folder; `check` keeps the cache apart from the default.
    let output = options.root.join(output::DEFAULT_FOLDER);
    let stages = build_stages(
        &options,
        &mut BuildCache::default(),
        &images::Silent,
        None,
        Some(&output),
    )?;
    let mut built = stages.built;
    built
        .warnings
        .extend(seo::lint::lint(&stages.site, &stages.images, &built.output));
    built.warnings.extend(orders::advice(&stages.site));
    built
        .warnings
        .extend(scaffold::checkout_advice(&stages.site));
    for site in &stages.translated {
        let found = seo::lint::lint_translation(site, &built.output);
        built.warnings.extend(found);
    }
    built.warnings.sort();
    if strictness == Strictness::Production {
        let mut must_not_go_live = golive::check(&stages.site);
        let warnings = built.warnings.warnings();
        let warnings = warnings.filter(|d| d.severity == diagnostics::Severity::Warning);
        must_not_go_live
            .0
            .extend(warnings.map(|d| diagnostics::Diagnostic {
                severity: diagnostics::Severity::Error,
                ..d.clone()
            }));
        if !must_not_go_live.is_empty() {
            must_not_go_live.sort();
            return Err(Error::Invalid(must_not_go_live));
        }
    }
    Ok(built)
}
