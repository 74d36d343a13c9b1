//! The image cache (`.shop-cache/` by default): processed versions named by their key, and
//! an index of source photos (content hash and header) so a warm build neither reads nor
//! decodes a photo it has seen. Like Hugo's, it never expires by time; `shop clean` removes
//! its files and `shop clean --unused` removes what no build uses any more, in both cases
//! only files with the names the cache gives them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::PIPELINE_VERSION;
use super::encode::{self, EncodeError, Header};

/// Marks a folder as `shop`'s cache (the CACHEDIR.TAG convention, which backup tools honour);
/// `shop clean` touches only folders that carry it.
const TAG: &str = "CACHEDIR.TAG";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# This is the image cache of `shop`; `shop clean` removes it.\n";
const INDEX: &str = "sources.json";

/// How long before it was recorded a photo must have been modified for its size and time to
/// stand for its bytes (timestamps are coarse: see content::cache).
const RACY: Duration = Duration::from_secs(2);

/// Why the cache could not be cleaned.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The folder is not a cache `shop` made.
    #[error("`{0}` is not shop's image cache (it has no CACHEDIR.TAG); nothing was removed")]
    Foreign(PathBuf),
    /// A filesystem call failed.
    #[error("cannot {action} `{path}`")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
}

/// What is known of a source photo.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceRecord {
    len: u64,
    modified_ns: u128,
    recorded_ns: u128,
    /// blake3 of the file's bytes.
    pub hash: String,
    /// Size (upright) and alpha.
    pub header: Header,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    pipeline: String,
    sources: BTreeMap<PathBuf, SourceRecord>,
}

/// An open cache.
pub struct Cache {
    dir: PathBuf,
    index: Mutex<Index>,
    /// Whether the index learned something since it was read, so an unchanged one is not
    /// written again on every rebuild of `shop serve`.
    changed: std::sync::atomic::AtomicBool,
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

impl Cache {
    /// Opens the cache in `dir`; an index from another pipeline version is ignored.
    pub fn open(dir: &Path) -> Cache {
        let index = std::fs::read(dir.join(INDEX))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Index>(&bytes).ok())
            .filter(|index| index.pipeline == PIPELINE_VERSION)
            .unwrap_or_default();
        Cache {
            dir: dir.to_path_buf(),
            index: Mutex::new(index),
            changed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn index(&self) -> std::sync::MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The hash and header of a source: from the index when the file is unchanged and was
    /// settled when recorded, else by reading it.
    pub fn record(&self, source: &Path) -> Result<SourceRecord, EncodeError> {
        let meta = std::fs::metadata(source)?;
        let modified = nanos(meta.modified()?);
        if let Some(known) = self.index().sources.get(source)
            && known.len == meta.len()
            && known.modified_ns == modified
            && known.recorded_ns.saturating_sub(modified) >= RACY.as_nanos()
        {
            return Ok(known.clone());
        }
        let bytes = std::fs::read(source)?;
        let header = encode::header(&bytes)?;
        Ok(SourceRecord {
            len: meta.len(),
            modified_ns: modified,
            recorded_ns: nanos(SystemTime::now()),
            hash: blake3::hash(&bytes).to_hex().to_string(),
            header,
        })
    }

    /// Keeps a source's record for the next build; a record read afresh (new, edited, or
    /// too recent to trust before) marks the index for saving.
    pub fn remember(&self, source: &Path, record: &SourceRecord) {
        let previous = self
            .index()
            .sources
            .insert(source.to_path_buf(), record.clone());
        if previous.is_none_or(|p| p.recorded_ns != record.recorded_ns) {
            self.changed
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Where the version with this key lives.
    pub fn file(&self, key: &str, extension: &str) -> PathBuf {
        self.dir.join("images").join(format!("{key}.{extension}"))
    }

    /// Writes the index (and the cache tag) for the next build.
    pub fn save(&self) -> Result<(), CacheError> {
        let io = cache_io;
        if self.index().sources.is_empty() && !self.dir.exists() {
            return Ok(()); // A shop without photos needs no cache folder.
        }
        std::fs::create_dir_all(self.dir.join("images")).map_err(io("create", &self.dir))?;
        let tag = self.dir.join(TAG);
        if !tag.is_file() {
            std::fs::write(&tag, TAG_TEXT).map_err(io("write", &tag))?;
        } else if !self.changed.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        let mut index = self.index();
        index.pipeline = PIPELINE_VERSION.to_owned();
        let bytes = serde_json::to_vec(&*index).unwrap_or_default();
        write_atomically(&self.dir.join(INDEX), &bytes).map_err(io("write", &self.dir.join(INDEX)))
    }
}

/// Writes a file so that no reader ever sees it half-written: a temporary file beside it,
/// then a rename. Two builds making the same version race harmlessly.
pub fn write_atomically(path: &Path, data: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = path.with_extension(format!(
        "tmp-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(data)?;
    drop(file);
    std::fs::rename(&temporary, path)
}

/// Stores a generated file (a QR code) in the cache folder under `relative`, marking the
/// folder as `shop`'s cache first so `shop clean` may remove it; returns its path.
pub fn store(dir: &Path, relative: &str, data: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let tag = dir.join(TAG);
    if !tag.is_file() {
        std::fs::write(&tag, TAG_TEXT)?;
    }
    let path = dir.join(relative);
    write_atomically(&path, data)?;
    Ok(path)
}

/// The folders of processed files, with the extensions their versions have: images/ (see
/// [`Cache::file`]) and qr/ (see `render::qr`).
const VERSION_FOLDERS: [(&str, &[&str]); 2] =
    [("images", &["jpg", "png", "webp"]), ("qr", &["svg"])];

/// Keys are the first 16 hex digits of a blake3 hash.
const KEY_LENGTH: usize = 16;

/// Whether `name` is a file of the cache format in a folder of versions: `<key>.<extension>`,
/// or the temporary file one is written through ([`write_atomically`]).
fn is_version(name: &str, extensions: &[&str]) -> bool {
    name.split_once('.').is_some_and(|(key, extension)| {
        key.len() == KEY_LENGTH
            && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && (extensions.contains(&extension) || is_temporary(extension))
    })
}

/// Whether `name` is a file of the cache format at the top of the cache folder.
fn is_top_file(name: &str) -> bool {
    name == TAG || name == INDEX || name.strip_prefix("sources.").is_some_and(is_temporary)
}

/// The extension [`write_atomically`] gives its temporary files.
fn is_temporary(extension: &str) -> bool {
    extension.starts_with("tmp-")
}

/// Removes from `dir` what the cache format defines (the tag, the index, the processed
/// versions and QR codes, temporary files), whatever else the folder holds; then the folder
/// itself when nothing else is left. A folder without the tag is not touched: `shop` did
/// not make it. Returns `None` when there is no cache folder, else what is left in it
/// (`notes.txt`, `images/apron.jpg`), sorted; nothing when the folder is gone.
pub fn clean(dir: &Path) -> Result<Option<Vec<String>>, CacheError> {
    if !dir.exists() {
        return Ok(None);
    }
    if !dir.join(TAG).is_file() {
        return Err(CacheError::Foreign(dir.to_path_buf()));
    }
    let mut kept = Vec::new();
    for (name, extensions) in VERSION_FOLDERS {
        let folder = dir.join(name);
        if !is_folder(&folder) {
            continue;
        }
        let (_, others) = remove_files(&folder, |file| is_version(file, extensions))?;
        if others.is_empty() {
            std::fs::remove_dir(&folder).map_err(cache_io("remove", &folder))?;
        }
        kept.extend(others.into_iter().map(|other| format!("{name}/{other}")));
    }
    let (_, others) = remove_files(dir, is_top_file)?;
    let listed = |other: &String| {
        VERSION_FOLDERS.iter().any(|(name, _)| name == other) && is_folder(&dir.join(other))
    };
    kept.extend(others.into_iter().filter(|other| !listed(other)));
    if kept.is_empty() {
        std::fs::remove_dir(dir).map_err(cache_io("remove", dir))?;
    }
    kept.sort();
    Ok(Some(kept))
}

/// Removes the files in `folder` whose names `ours` accepts; returns how many, and the
/// names of the other entries, left as they are.
fn remove_files(
    folder: &Path,
    ours: impl Fn(&str) -> bool,
) -> Result<(usize, Vec<String>), CacheError> {
    let entries = std::fs::read_dir(folder).map_err(cache_io("read", folder))?;
    let mut removed = 0;
    let mut others = Vec::new();
    for entry in entries {
        let entry = entry.map_err(cache_io("read", folder))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && ours(&name) {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(cache_io("remove", &path))?;
            removed += 1;
        } else {
            others.push(name);
        }
    }
    Ok((removed, others))
}

/// True for a folder itself, not a link to one.
fn is_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir())
}

fn cache_io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> CacheError {
    let path = path.to_path_buf();
    move |source| CacheError::Io {
        action,
        path,
        source,
    }
}

/// Removes cached versions not in `used`, and index records of photos that are gone;
/// returns how many files were removed.
pub fn clean_unused(
    dir: &Path,
    used: &std::collections::HashSet<PathBuf>,
) -> Result<usize, CacheError> {
    if !dir.exists() {
        return Ok(0);
    }
    if !dir.join(TAG).is_file() {
        return Err(CacheError::Foreign(dir.to_path_buf()));
    }
    let (images, extensions) = VERSION_FOLDERS[0];
    let images = dir.join(images);
    let unused = |name: &str| is_version(name, extensions) && !used.contains(&images.join(name));
    let removed = if is_folder(&images) {
        remove_files(&images, unused)?.0
    } else {
        0
    };
    let cache = Cache::open(dir);
    cache.index().sources.retain(|source, _| source.is_file());
    cache
        .changed
        .store(true, std::sync::atomic::Ordering::Relaxed);
    cache.save()?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PNG last modified an hour ago, so its record is trusted when read again.
    fn settled_photo(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        image::RgbImage::new(4, 3).save(&path).unwrap();
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        path
    }

    fn record_and_save(cache_dir: &Path, source: &Path) -> SourceRecord {
        let cache = Cache::open(cache_dir);
        let record = cache.record(source).unwrap();
        cache.remember(source, &record);
        cache.save().unwrap();
        record
    }

    #[test]
    fn only_names_the_cache_gives_are_its_files() {
        let images = VERSION_FOLDERS[0].1;
        assert!(is_version("0123456789abcdef.webp", images));
        assert!(is_version("0123456789abcdef.tmp-12-ThreadId(3)", images));
        assert!(!is_version("0123456789abcdef.svg", images));
        assert!(!is_version("cafe.jpg", images), "a seller's photo");
        assert!(!is_version("0123456789ABCDEF.jpg", images));
        assert!(!is_version("0123456789abcdef", images));
        assert!(is_top_file("sources.tmp-12-ThreadId(3)"));
        assert!(!is_top_file("sources.json.bak"));
    }

    #[test]
    fn a_photo_added_after_the_first_build_is_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let cache_dir = dir.path().join("cache");
        let first = settled_photo(dir.path(), "first.png");
        record_and_save(&cache_dir, &first);
        let second = settled_photo(dir.path(), "second.png");
        let recorded = record_and_save(&cache_dir, &second);

        let again = Cache::open(&cache_dir).record(&second).unwrap();
        assert_eq!(again.recorded_ns, recorded.recorded_ns, "hashed again");
        assert_eq!(again.header.width, 4);
    }

    #[test]
    fn a_record_read_again_marks_the_index_changed_and_a_known_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let cache_dir = dir.path().join("cache");
        let photo = settled_photo(dir.path(), "photo.png");
        record_and_save(&cache_dir, &photo);

        let cache = Cache::open(&cache_dir);
        let known = cache.record(&photo).unwrap();
        cache.remember(&photo, &known);
        assert!(!cache.changed.load(std::sync::atomic::Ordering::Relaxed));

        let fresh = SourceRecord {
            recorded_ns: known.recorded_ns + 1,
            ..known
        };
        cache.remember(&photo, &fresh);
        assert!(cache.changed.load(std::sync::atomic::Ordering::Relaxed));
    }
}
