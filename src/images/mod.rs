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
use crate::config::color::Color;
use crate::content::{AssetKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::fs::fitted_name;
use cache::{Cache, SourceRecord};
pub use cache::{CacheError, clean, clean_unused, store};
use encode::{EncodeError, Header};

/// Changes whenever the pipeline's output for the same input changes (resizing, encoders,
/// their settings), so no cache entry made by an older `shop` is ever reused.
pub const PIPELINE_VERSION: &str = "1;image-0.25.10;fir-6.1.0;libwebp-sys-0.9.6;qcms-0.3.0";

/// Side lengths of square card thumbnails: a grid column and its 2x version.
pub const CARD_SIZES: [u32; 2] = [320, 640];

/// The height, in CSS pixels, themes show a logo at; its versions are this and twice this.
pub const LOGO_HEIGHT: u32 = 40;

/// The side of the PNG favicon.
pub const FAVICON_SIZE: u32 = 32;

/// The side of the touch icon phones put on the home screen (Apple's size).
pub const TOUCH_ICON_SIZE: u32 = 180;

/// A resize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Scale to this width, keeping the proportions, never wider than the source.
    Fit(u32),
    /// Crop to a square of this side (at most the shorter side of the source).
    Square(u32),
    /// Crop to the 1200x630 image social networks show.
    Share,
    /// Fit into a square of this side, centred on transparency or on a colour (an icon).
    Icon(u32, Option<Color>),
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

/// A size in both formats, or as JPEG or PNG only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Pair {
    /// The WebP file; none when a size of the photo is beyond WebP's limit (see `pairs`).
    pub webp: Option<Version>,
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
    /// The favicon and the touch icon, in that order (the brand's icon).
    pub icons: Vec<Version>,
}

/// The processed photos of a build.
#[derive(Debug, Default)]
pub struct Images {
    photos: HashMap<PathBuf, Photo>,
    /// SVG images of the brand, published as they are under a name with their hash.
    vectors: HashMap<PathBuf, Version>,
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

    /// The published copy of an SVG of the brand, with its size from its `viewBox`.
    pub fn vector(&self, source: &Path) -> Option<&Version> {
        self.vectors.get(source)
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
    /// The responsive widths of `images.widths`.
    widths: bool,
    /// The header logo's widths (1x and 2x of [`LOGO_HEIGHT`]).
    logo: bool,
    square: bool,
    share: bool,
    /// The favicon and touch icon, the touch icon on this background.
    icons: Option<Color>,
    file: PathBuf,
    at: Position,
}

impl Need {
    /// Nothing yet, of a source named in `file` at `at`.
    fn of(file: &Path, at: Position) -> Need {
        Need {
            widths: false,
            logo: false,
            square: false,
            share: false,
            icons: None,
            file: file.to_path_buf(),
            at,
        }
    }

    /// Adds what `other` needs of the same source.
    fn merge(&mut self, other: Need) {
        self.widths |= other.widths;
        self.logo |= other.logo;
        self.square |= other.square;
        self.share |= other.share;
        self.icons = self.icons.or(other.icons);
    }
}

/// Every photo of the site and what each is used for.
fn needs(site: &Site) -> BTreeMap<PathBuf, Need> {
    let mut needs: BTreeMap<PathBuf, Need> = BTreeMap::new();
    let mut add = |source: &Path, need: Need| match needs.get_mut(source) {
        Some(known) => known.merge(need),
        None => {
            needs.insert(source.to_path_buf(), need);
        }
    };
    let content = |file: &Path, at: Position, main: bool| Need {
        widths: true,
        square: main,
        share: main,
        ..Need::of(file, at)
    };
    for product in &site.products {
        for asset in product.assets.iter().filter(|a| a.kind == AssetKind::Photo) {
            let main = product
                .images
                .first()
                .is_some_and(|i| i.source == asset.source);
            add(&asset.source, content(&product.file, asset.at, main));
        }
    }
    for page in site.pages.iter().chain(&site.posts) {
        for asset in page.assets.iter().filter(|a| a.kind == AssetKind::Photo) {
            add(&asset.source, content(&page.file, asset.at, false));
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
            add(&asset.source, content(&translation.file, asset.at, false));
        }
    }
    let config = &site.config;
    let brand = &config.brand;
    for (key, source) in brand.images.all() {
        if is_vector(source) {
            continue;
        }
        add(
            source,
            Need {
                widths: key == "brand.hero.image",
                logo: key == "brand.logo",
                icons: (brand.images.icon.as_deref() == Some(source))
                    .then_some(brand.palette.background),
                ..Need::of(&config.path, config.positions.value(key))
            },
        );
    }
    needs
}

/// True for an SVG, which is published as it is instead of processed.
pub fn is_vector(source: &Path) -> bool {
    source
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// One version to make of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Job {
    operation: Operation,
    format: Format,
}

/// The format of a photo's versions besides WebP: PNG keeps transparency, JPEG is smaller.
fn fallback(header: Header) -> Format {
    if header.alpha {
        Format::Png
    } else {
        Format::Jpeg
    }
}

/// Every version a photo needs. `check` and `build` both plan from this, so both see the
/// same versions, and the encoder is never asked for one it cannot make.
fn jobs(need: &Need, header: Header, settings: &ImagesConfig) -> Vec<Job> {
    let fallback = fallback(header);
    let mut widths: Vec<u32> = Vec::new();
    if need.widths {
        widths.extend(settings.widths.iter().map(|&w| w.min(header.width)));
    }
    if need.logo {
        widths.extend([LOGO_HEIGHT, 2 * LOGO_HEIGHT].map(|height| {
            let width =
                u64::from(header.width) * u64::from(height) / u64::from(header.height.max(1));
            u32::try_from(width)
                .unwrap_or(u32::MAX)
                .clamp(1, header.width.max(1))
        }));
    }
    widths.sort_unstable();
    widths.dedup();
    let fits: Vec<Operation> = widths.into_iter().map(Operation::Fit).collect();
    let mut jobs = pairs(&fits, header, fallback);
    if need.square {
        let mut sides: Vec<u32> = CARD_SIZES
            .iter()
            .map(|&s| s.min(header.width).min(header.height))
            .collect();
        sides.dedup();
        let squares: Vec<Operation> = sides.into_iter().map(Operation::Square).collect();
        jobs.extend(pairs(&squares, header, fallback));
    }
    if need.share {
        jobs.push(Job {
            operation: Operation::Share,
            format: Format::Jpeg,
        });
    }
    if let Some(background) = need.icons {
        jobs.extend(
            [
                Operation::Icon(FAVICON_SIZE, None),
                Operation::Icon(TOUCH_ICON_SIZE, Some(background)),
            ]
            .map(|operation| Job {
                operation,
                format: Format::Png,
            }),
        );
    }
    jobs
}

/// Each operation as WebP then as `fallback`; as `fallback` alone when any of them would be
/// beyond WebP's limit (a long size chart). One `<picture>` shows all of them, and a browser
/// picks only among the WebP sizes when there are any, so WebP for the small sizes alone
/// would leave the large ones unseen: JPEG or PNG for every size keeps the photo sharp.
fn pairs(operations: &[Operation], header: Header, fallback: Format) -> Vec<Job> {
    let webp = operations.iter().all(|&operation| {
        let (width, height) = encode::output_size(operation, header.width, header.height);
        encode::webp_fits(width, height)
    });
    let formats = if webp {
        vec![Format::Webp, fallback]
    } else {
        vec![fallback]
    };
    operations
        .iter()
        .flat_map(|&operation| formats.iter().map(move |&format| Job { operation, format }))
        .collect()
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
        Operation::Fit(_) | Operation::Icon(..) => None,
        _ => Some(settings.crop),
    };
    let text = format!(
        "{PIPELINE_VERSION}|{source_hash}|{:?}|{:?}|{quality}|{crop:?}",
        job.operation, job.format
    );
    blake3::hash(text.as_bytes()).to_hex()[..16].to_owned()
}

/// The name versions of `source` start with: its file name as a slug.
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

/// The diagnostic of a photo that cannot be used, at the place that names it.
fn image_error(root: &Path, need: &Need, source: &Path, error: &EncodeError) -> Diagnostic {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let hint = match error {
        EncodeError::TooLarge { .. } => format!(
            "export it smaller: photos are decoded up to {} px a side and {} megapixels",
            encode::MAX_SIDE,
            encode::MAX_PIXELS / 1_000_000
        ),
        _ => "export the photo again as JPEG, PNG or WebP; the file may be damaged or not an image"
            .to_owned(),
    };
    let source_text = std::fs::read_to_string(root.join(&need.file)).unwrap_or_default();
    Diagnostic::error(
        &need.file,
        need.at,
        format!("cannot use image `{name}`: {error}"),
    )
    .with_hint(hint)
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
    let name = stem(source);
    let mut photo = Photo {
        width: header.width,
        height: header.height,
        fallback: fallback(header),
        sizes: Vec::new(),
        squares: Vec::new(),
        share: None,
        icons: Vec::new(),
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
            Operation::Icon(side, _) => format!("icon{side}"),
        };
        let extension = job.format.extension();
        let path = format!(
            "images/{}",
            fitted_name(&name, &format!("-{label}.{key}.{extension}"))
        );
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
        // A size's WebP, when it has one, comes just before its fallback.
        match (job.operation, job.format) {
            (Operation::Share, _) => photo.share = Some(version),
            (Operation::Icon(..), _) => photo.icons.push(version),
            (_, Format::Webp) => webp = Some(version),
            (Operation::Fit(_), _) => photo.sizes.push(Pair {
                webp: webp.take(),
                fallback: version,
            }),
            (Operation::Square(_), _) => photo.squares.push(Pair {
                webp: webp.take(),
                fallback: version,
            }),
        }
    }
    (photo, missing)
}

/// Reads (or recalls) every photo's hash and header and names every version; reports
/// unreadable photos and returns what still has to be encoded.
fn plan(site: &Site, cache: &Cache) -> (Images, Vec<Pending>, Diagnostics) {
    let settings = &site.config.images;
    let records: Vec<(PathBuf, Need, Result<SourceRecord, EncodeError>)> = needs(site)
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
                // From the header alone, so `check` refuses what `build` could not decode.
                let size = encode::check_size(record.header.width, record.header.height);
                if let Err(error) = size {
                    diagnostics.push(image_error(&site.root, &need, &source, &error));
                    continue;
                }
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
            Err(error) => diagnostics.push(image_error(&site.root, &need, &source, &error)),
        }
    }
    plan_vectors(site, &mut images, &mut diagnostics);
    (images, pending, diagnostics)
}

/// Names each SVG of the brand after its content and reads its size, which the page
/// needs to reserve the logo's room before it loads.
fn plan_vectors(site: &Site, images: &mut Images, diagnostics: &mut Diagnostics) {
    let config = &site.config;
    for (key, source) in config.brand.images.all() {
        if !is_vector(source) || images.vectors.contains_key(source) {
            continue;
        }
        let read = std::fs::read(source).map_err(|e| e.to_string());
        let sized = read.and_then(|bytes| {
            let size = svg_size(&String::from_utf8_lossy(&bytes))
                .ok_or("its <svg> element has no viewBox, nor a width and height in pixels")?;
            Ok((bytes, size))
        });
        match sized {
            Ok((bytes, (width, height))) => {
                let hash = &blake3::hash(&bytes).to_hex()[..16];
                let name = fitted_name(&stem(source), &format!(".{hash}.svg"));
                let path = format!("images/{name}");
                images.files.insert(path.clone(), source.to_path_buf());
                let version = Version {
                    width,
                    height,
                    path,
                };
                images.vectors.insert(source.to_path_buf(), version);
            }
            Err(message) => diagnostics.push(
                Diagnostic::error(
                    &config.path,
                    config.positions.value(key),
                    format!("cannot use `{}`: {message}", source.display()),
                )
                .with_hint("export the SVG again with a viewBox (every design tool writes one), or use a PNG")
                .with_source(&config.source),
            ),
        }
    }
}

/// The size an SVG declares: its `viewBox`, else its `width` and `height` in pixels.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let numbers = |value: &str| -> Option<Vec<f64>> {
        value
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .map(|p| p.trim_end_matches("px").parse().ok())
            .collect()
    };
    let (width, height) = match attribute(tag, "viewBox").and_then(numbers).as_deref() {
        Some(&[_, _, width, height]) => (width, height),
        _ => {
            let length = |name| numbers(attribute(tag, name)?)?.first().copied();
            (length("width")?, length("height")?)
        }
    };
    let pixels = |value: f64| (value.is_finite() && value >= 0.5).then(|| value.round() as u32);
    Some((pixels(width)?, pixels(height)?))
}

/// The value of attribute `name` in a start tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let spaced = tag[..at].ends_with(char::is_whitespace);
        let Some(value) = tag[from..].trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        if spaced {
            let inner = &value[1..];
            return inner.find(quote).map(|end| &inner[..end]);
        }
    }
    None
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
                .map(|error| image_error(&site.root, &p.need, &p.source, &error))
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
) -> Result<(), EncodeError> {
    let bytes = std::fs::read(source)?;
    let decoded = encode::decode(&bytes)?;
    for (job, file) in missing {
        let quality = match job.format {
            Format::Webp => settings.webp_quality,
            _ => settings.jpeg_quality,
        };
        let data = decoded.render(job.operation, job.format, quality, settings.crop)?;
        cache::write_atomically(file, &data)?;
        encoded.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_with_a_size_beyond_webp_gets_every_size_as_jpeg_only() {
        let need = Need {
            widths: true,
            square: true,
            ..Need::of(Path::new("products/a/index.md"), Position::START)
        };
        let settings = ImagesConfig::default();
        let formats = |width, height| -> Vec<(Operation, Format)> {
            let header = Header {
                width,
                height,
                alpha: false,
            };
            jobs(&need, header, &settings)
                .into_iter()
                .map(|job| (job.operation, job.format))
                .collect()
        };
        // 750 x 20,000: the 750 px size is 20,000 px tall, the 480 px one 12,800.
        let chart = formats(750, 20_000);
        assert!(chart.contains(&(Operation::Fit(480), Format::Jpeg)));
        assert!(chart.contains(&(Operation::Fit(750), Format::Jpeg)));
        assert!(
            !chart.contains(&(Operation::Fit(480), Format::Webp)),
            "WebP for some sizes only would hide the others from WebP browsers"
        );
        assert!(chart.contains(&(Operation::Square(320), Format::Webp)));
        // At WebP's limit, WebP stays.
        assert!(formats(750, 16_383).contains(&(Operation::Fit(750), Format::Webp)));
    }

    #[test]
    fn svg_sizes_come_from_the_view_box_or_the_size() {
        let svg = |tag: &str| {
            svg_size(&format!(
                "<?xml version=\"1.0\"?>\n{tag}<path d=\"M0 0\"/></svg>"
            ))
        };
        assert_eq!(
            svg(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 60">"#),
            Some((240, 60))
        );
        assert_eq!(svg("<svg viewBox='0,0,24.4,12'>"), Some((24, 12)));
        assert_eq!(svg(r#"<svg width="120px" height="40">"#), Some((120, 40)));
        assert_eq!(
            svg(r#"<svg data-viewBox="0 0 1 1" width="10" height="5">"#),
            Some((10, 5))
        );
        assert_eq!(svg(r#"<svg width="100%" height="40">"#), None);
        assert_eq!(svg("<svg>"), None);
        assert_eq!(svg_size("not an svg"), None);
    }
}
