//! Photos: every product photo and every image a Markdown body shows goes through one
//! pipeline. All of them are known once content is loaded, so the work is planned then
//! (hash, header), done in parallel, and kept in a cache keyed by content, so a rebuild never
//! redoes what it already did. Templates only look up the result.

mod cache;
pub mod encode;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::ImagesConfig;
use crate::content::{AssetKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use cache::{Cache, SourceRecord};
pub use cache::{CacheError, clean, clean_unused, store};
use encode::Header;

/// Changes whenever the pipeline's output for the same input changes (resizing, encoders,
/// their settings), so no cache entry made by an older `shop` is ever reused.
pub const PIPELINE_VERSION: &str = "1;image-0.25.10;fir-6.1.0;libwebp-sys-0.9.6;qcms-0.3.0";

/// Side lengths of square card thumbnails: a grid column and its 2x version.
pub const CARD_SIZES: [u32; 2] = [320, 640];

/// A resize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Scale to this width, keeping the proportions, never wider than the source.
    Fit(u32),
    /// Crop to a square of this side (at most the shorter side of the source).
    Square(u32),
    /// Crop to the 1200x630 image social networks show.
    Share,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Format {
    /// Lossy WebP, for every browser that reads it.
    Webp,
    /// JPEG fallback for photos without transparency.
    Jpeg,
    /// PNG fallback for photos with transparency.
    Png,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    /// The MIME type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// One processed file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Version {
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Output path, relative to the site root: `images/apron-800.1f2e3d4c5b6a7980.webp`.
    pub path: String,
}

/// A size in both formats.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Pair {
    /// The WebP file.
    pub webp: Version,
    /// The JPEG or PNG file.
    pub fallback: Version,
}

/// Every version of one photo.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Photo {
    /// Width of the upright source.
    pub width: u32,
    /// Height of the upright source.
    pub height: u32,
    /// Format of the fallback versions.
    pub fallback: Format,
    /// Responsive sizes, narrowest first.
    pub sizes: Vec<Pair>,
    /// Square card thumbnails (main product photos), smallest first.
    pub squares: Vec<Pair>,
    /// The 1200x630 share image (main product photos).
    pub share: Option<Version>,
}

/// The processed photos of a build.
#[derive(Debug, Default)]
pub struct Images {
    photos: HashMap<PathBuf, Photo>,
    /// Output path -> file in the cache.
    files: BTreeMap<String, PathBuf>,
    /// How many versions this build encoded (0 when everything came from the cache).
    pub encoded: usize,
}

impl Images {
    /// The versions of a source photo.
    pub fn get(&self, source: &Path) -> Option<&Photo> {
        self.photos.get(source)
    }

    /// Every output file and the cache file that holds it.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Path)> {
        self.files.iter().map(|(k, v)| (k.as_str(), v.as_path()))
    }
}

/// How much image work a build does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Work {
    /// Read, plan and encode what the cache lacks.
    #[default]
    Encode,
    /// Read and plan only, writing nothing (`shop check`).
    Plan,
}

/// Reports image work to the terminal (a progress bar); the library prints nothing itself.
pub trait Progress: Sync {
    /// `total` photos need encoding.
    fn start(&self, total: usize);
    /// One more photo is done.
    fn advance(&self);
    /// All done.
    fn finish(&self);
}

/// No progress reporting (tests, `serve`, CI).
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: usize) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// What the site needs of one source photo, and where it is first named.
#[derive(Debug, Clone)]
struct Need {
    square: bool,
    share: bool,
    file: PathBuf,
    at: Position,
}

/// Every photo of the site and what each is used for.
fn needs(site: &Site) -> BTreeMap<PathBuf, Need> {
    let mut needs: BTreeMap<PathBuf, Need> = BTreeMap::new();
    let mut add = |source: &Path, file: &Path, at: Position, main: bool| {
        let need = needs.entry(source.to_path_buf()).or_insert_with(|| Need {
            square: false,
            share: false,
            file: file.to_path_buf(),
            at,
        });
        need.square |= main;
        need.share |= main;
    };
    for product in &site.products {
        for asset in product.assets.iter().filter(|a| a.kind == AssetKind::Photo) {
            let main = product
                .images
                .first()
                .is_some_and(|i| i.source == asset.source);
            add(&asset.source, &product.file, asset.at, main);
        }
    }
    for page in site.pages.iter().chain(&site.posts) {
        for asset in page.assets.iter().filter(|a| a.kind == AssetKind::Photo) {
            add(&asset.source, &page.file, asset.at, false);
        }
    }
    // Photos only a translation's text shows.
    let translations = site
        .products
        .iter()
        .flat_map(|p| p.translations.values())
        .chain(
            site.pages
                .iter()
                .chain(&site.posts)
                .flat_map(|p| p.translations.values()),
        );
    for translation in translations {
        for asset in translation
            .assets
            .iter()
            .filter(|a| a.kind == AssetKind::Photo)
        {
            add(&asset.source, &translation.file, asset.at, false);
        }
    }
    needs
}

/// One version to make of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Job {
    operation: Operation,
    format: Format,
}

fn jobs(need: &Need, header: Header, settings: &ImagesConfig) -> Vec<Job> {
    let fallback = if header.alpha {
        Format::Png
    } else {
        Format::Jpeg
    };
    let mut widths: Vec<u32> = settings
        .widths
        .iter()
        .map(|&w| w.min(header.width))
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let mut operations: Vec<Operation> = widths.into_iter().map(Operation::Fit).collect();
    if need.square {
        let mut sides: Vec<u32> = CARD_SIZES
            .iter()
            .map(|&s| s.min(header.width).min(header.height))
            .collect();
        sides.dedup();
        operations.extend(sides.into_iter().map(Operation::Square));
    }
    let mut jobs: Vec<Job> = operations
        .into_iter()
        .flat_map(|operation| [Format::Webp, fallback].map(|format| Job { operation, format }))
        .collect();
    if need.share {
        jobs.push(Job {
            operation: Operation::Share,
            format: Format::Jpeg,
        });
    }
    jobs
}

/// The cache key of a version: the source's content hash, the operation, the encoder
/// settings that apply to it and the pipeline version.
fn key(source_hash: &str, job: Job, settings: &ImagesConfig) -> String {
    let quality = match job.format {
        Format::Webp => settings.webp_quality,
        Format::Jpeg => settings.jpeg_quality,
        Format::Png => 0,
    };
    let crop = match job.operation {
        Operation::Fit(_) => None,
        _ => Some(settings.crop),
    };
    let text = format!(
        "{PIPELINE_VERSION}|{source_hash}|{:?}|{:?}|{quality}|{crop:?}",
        job.operation, job.format
    );
    blake3::hash(text.as_bytes()).to_hex()[..16].to_owned()
}

fn stem(source: &Path) -> String {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let slug = slug::slugify(stem);
    if slug.is_empty() {
        "image".into()
    } else {
        slug
    }
}

fn image_error(
    root: &Path,
    need: &Need,
    source: &Path,
    message: impl std::fmt::Display,
) -> Diagnostic {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let source_text = std::fs::read_to_string(root.join(&need.file)).unwrap_or_default();
    Diagnostic::error(
        &need.file,
        need.at,
        format!("cannot use image `{name}`: {message}"),
    )
    .with_hint(
        "export the photo again as JPEG, PNG or WebP; the file may be damaged or not an image",
    )
    .with_source(&source_text)
}

/// The versions of one photo that the cache lacks.
struct Pending {
    source: PathBuf,
    need: Need,
    missing: Vec<(Job, PathBuf)>,
}

/// The version paths of one source, named after it.
fn photo(
    source: &Path,
    need: &Need,
    record: &SourceRecord,
    settings: &ImagesConfig,
    cache: &Cache,
    files: &mut BTreeMap<String, PathBuf>,
) -> (Photo, Vec<(Job, PathBuf)>) {
    let header = record.header;
    let fallback = if header.alpha {
        Format::Png
    } else {
        Format::Jpeg
    };
    let name = stem(source);
    let mut photo = Photo {
        width: header.width,
        height: header.height,
        fallback,
        sizes: Vec::new(),
        squares: Vec::new(),
        share: None,
    };
    let mut missing = Vec::new();
    let mut webp: Option<Version> = None;
    for job in jobs(need, header, settings) {
        let key = key(&record.hash, job, settings);
        let (width, height) = encode::output_size(job.operation, header.width, header.height);
        let label = match job.operation {
            Operation::Fit(_) => width.to_string(),
            Operation::Square(side) => format!("{side}sq"),
            Operation::Share => "share".to_owned(),
        };
        let extension = job.format.extension();
        let path = format!("images/{name}-{label}.{key}.{extension}");
        let file = cache.file(&key, extension);
        if !file.is_file() {
            missing.push((job, file.clone()));
        }
        files.insert(path.clone(), file);
        let version = Version {
            width,
            height,
            path,
        };
        // Jobs come in (WebP, fallback) pairs per operation, then the share image.
        match (job.operation, job.format, webp.take()) {
            (Operation::Share, ..) => photo.share = Some(version),
            (_, Format::Webp, _) => webp = Some(version),
            (Operation::Fit(_), _, Some(webp)) => photo.sizes.push(Pair {
                webp,
                fallback: version,
            }),
            (Operation::Square(_), _, Some(webp)) => photo.squares.push(Pair {
                webp,
                fallback: version,
            }),
            _ => {}
        }
    }
    (photo, missing)
}

/// Reads (or recalls) every photo's hash and header and names every version; reports
/// unreadable photos and returns what still has to be encoded.
fn plan(site: &Site, cache: &Cache) -> (Images, Vec<Pending>, Diagnostics) {
    let settings = &site.config.images;
    let records: Vec<(PathBuf, Need, Result<SourceRecord, String>)> = needs(site)
        .into_par_iter()
        .map(|(source, need)| {
            let record = cache.record(&source);
            (source, need, record)
        })
        .collect();
    let mut images = Images::default();
    let mut pending = Vec::new();
    let mut diagnostics = Diagnostics::default();
    for (source, need, record) in records {
        match record {
            Ok(record) => {
                cache.remember(&source, &record);
                let (photo, missing) =
                    photo(&source, &need, &record, settings, cache, &mut images.files);
                images.photos.insert(source.clone(), photo);
                if !missing.is_empty() {
                    pending.push(Pending {
                        source,
                        need,
                        missing,
                    });
                }
            }
            Err(message) => diagnostics.push(image_error(&site.root, &need, &source, message)),
        }
    }
    (images, pending, diagnostics)
}

/// Plans, encodes (in parallel, only what the cache lacks) and returns every photo's
/// versions; every unreadable photo is reported, and none stops the others.
pub fn process(site: &Site, work: Work, progress: &dyn Progress) -> Result<Images, Diagnostics> {
    let settings = &site.config.images;
    let cache = Cache::open(&site.root.join(&settings.cache));
    let (mut images, pending, mut diagnostics) = plan(site, &cache);
    if work == Work::Plan {
        return if diagnostics.has_errors() {
            Err(diagnostics)
        } else {
            Ok(images)
        };
    }
    progress.start(pending.len());
    let encoded = AtomicUsize::new(0);
    let failures: Vec<Diagnostic> = pending
        .par_iter()
        .filter_map(|p| {
            let result = encode_all(&p.source, &p.missing, settings, &encoded);
            progress.advance();
            result
                .err()
                .map(|message| image_error(&site.root, &p.need, &p.source, message))
        })
        .collect();
    progress.finish();
    images.encoded = encoded.into_inner();
    diagnostics.0.extend(failures);
    if let Err(err) = cache.save() {
        diagnostics.push(Diagnostic::error(
            settings.cache.clone(),
            Position::START,
            err.to_string(),
        ));
    }
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }
    Ok(images)
}

/// The cache files a build of `site` uses, without encoding anything (for `clean --unused`).
pub fn used_files(site: &Site) -> std::collections::HashSet<PathBuf> {
    let cache = Cache::open(&site.root.join(&site.config.images.cache));
    let (images, ..) = plan(site, &cache);
    images.files.into_values().collect()
}

/// Decodes a source once and writes every missing version into the cache.
fn encode_all(
    source: &Path,
    missing: &[(Job, PathBuf)],
    settings: &ImagesConfig,
    encoded: &AtomicUsize,
) -> Result<(), String> {
    let bytes = std::fs::read(source).map_err(|e| e.to_string())?;
    let decoded = encode::decode(&bytes).map_err(|e| e.to_string())?;
    for (job, file) in missing {
        let quality = match job.format {
            Format::Webp => settings.webp_quality,
            _ => settings.jpeg_quality,
        };
        let data = decoded
            .render(job.operation, job.format, quality, settings.crop)
            .map_err(|e| e.to_string())?;
        cache::write_atomically(file, &data).map_err(|e| e.to_string())?;
        encoded.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}
