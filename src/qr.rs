//! QR codes for scan-to-pay (each checkout link) and scan-to-visit (each product page, on the
//! printable catalogue): small SVG files named by a hash of what they encode, made once into
//! the cache folder and hard-linked into every build after, so a 10,000-product shop does
//! not redraw 20,000 codes per build. Pages show them with `<img loading="lazy">`. Below
//! the views, which name each code's file, and render, which has them drawn.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use fast_qr::{ECL, QRBuilder};
use foldhash::HashSet;

use crate::output::FileContent;

/// Modules of white border around the code: the four the QR standard asks for.
const QUIET_ZONE: usize = 4;

/// The file name a text's code is written under: the same text, the same file, shared by
/// every page and language that shows it.
pub fn file_name(text: &str) -> String {
    let hash = blake3::hash(text.as_bytes()).to_hex();
    format!("{}.svg", &hash[..16])
}

/// The code of `text` as an SVG image: one path of horizontal runs, a few kilobytes.
/// `None` when the text is too long for any QR code (about 2,900 bytes).
pub fn svg(text: &str) -> Option<String> {
    // Level M (15% redundancy) like most printed codes: small, and survives a smudge.
    let code = QRBuilder::new(text.as_bytes()).ecl(ECL::M).build().ok()?;
    let width = code.size;
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for y in 0..width {
        let row = &code[y];
        let mut x = 0;
        while x < width {
            if !row[x].value() {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x].value() {
                x += 1;
            }
            let _ = write!(
                path,
                "M{} {}h{}v1h-{}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE,
                x - start,
                x - start
            );
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>\n"
    ))
}

/// The folder where drawn codes are kept between builds.
#[derive(Debug, Clone, Copy)]
pub struct CacheFolder<'a> {
    /// The shop's cache folder (`.shop-cache`).
    pub dir: &'a Path,
    /// Whether this build may add codes to it: `shop check` writes nothing, but takes the
    /// codes already drawn instead of drawing 20,000 of them again.
    pub writable: bool,
}

/// Where a build's codes come from: the cache folder when a code was drawn before, else
/// drawn now and stored there. Without a cache folder, in a read-only use of it, or when it
/// cannot be written, which only costs speed, a new code is kept in memory.
///
/// Each product asks for its own codes as it renders, so a rebuild that reuses a product's
/// page reuses its codes too. The folder is listed once, the first time a code is asked
/// for, unless the previous build of a `shop serve` handed over what it found there.
#[derive(Debug)]
pub struct Store {
    dir: Option<PathBuf>,
    writable: bool,
    known: OnceLock<HashSet<String>>,
    drawn: Mutex<Vec<String>>,
}

impl Store {
    /// Codes cached in `cache`; `known` holds the names a previous build found there, if any.
    pub fn new(cache: Option<CacheFolder>, known: Option<HashSet<String>>) -> Store {
        let store = Store {
            dir: cache.map(|c| c.dir.to_path_buf()),
            writable: cache.is_some_and(|c| c.writable),
            known: OnceLock::new(),
            drawn: Mutex::new(Vec::new()),
        };
        if let Some(known) = known {
            let _ = store.known.set(known);
        }
        store
    }

    /// The output path (`qr/<name>.svg`) and file of the code of `text`; `None` when the
    /// text is too long for a code.
    pub fn file(&self, text: &str) -> Option<(String, FileContent)> {
        let name = file_name(text);
        let relative = format!("qr/{name}");
        let dir = self.dir.as_deref();
        let known = self.known.get_or_init(|| drawn_before(dir));
        if let Some(dir) = dir
            && known.contains(&name)
        {
            return Some((relative.clone(), FileContent::Cached(dir.join(relative))));
        }
        let svg = svg(text)?;
        let writable = dir.filter(|_| self.writable);
        let content = match writable
            .and_then(|dir| crate::images::store(dir, &relative, svg.as_bytes()).ok())
        {
            Some(path) => {
                self.drawn
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(name);
                FileContent::Cached(path)
            }
            None => FileContent::Bytes(svg.into_bytes().into()),
        };
        Some((relative, content))
    }

    /// The names of the codes in the cache folder now, for the next build.
    pub fn into_known(self) -> Option<HashSet<String>> {
        let mut known = self.known.into_inner()?;
        known.extend(self.drawn.into_inner().unwrap_or_else(|p| p.into_inner()));
        Some(known)
    }
}

/// The names of the codes in the cache folder: one listing of the folder instead of a
/// look-up per code.
fn drawn_before(cache_dir: Option<&Path>) -> HashSet<String> {
    let Some(Ok(entries)) = cache_dir.map(|dir| std::fs::read_dir(dir.join("qr"))) else {
        return HashSet::default();
    };
    entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_one_name_and_a_compact_image() {
        let url = "https://buy.stripe.com/abc123?client_reference_id=APR-M";
        assert_eq!(file_name(url), file_name(url));
        assert_ne!(file_name(url), file_name("https://buy.stripe.com/abc124"));
        let image = svg(url).unwrap();
        assert!(image.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        assert!(image.len() < 6_000, "{} bytes", image.len());
    }

    #[test]
    fn too_long_a_text_has_no_code() {
        assert!(svg(&"x".repeat(5_000)).is_none());
    }

    #[test]
    fn a_stored_code_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let text = "https://a.example/";
        let cache = Some(CacheFolder {
            dir: dir.path(),
            writable: true,
        });
        let first = Store::new(cache, None);
        let (name, FileContent::Cached(path)) = first.file(text).unwrap() else {
            panic!("not cached");
        };
        assert_eq!(name, format!("qr/{}", file_name(text)));
        assert_eq!(
            first.into_known().unwrap().len(),
            1,
            "drawn into the folder"
        );
        std::fs::write(&path, "kept").unwrap();
        let read_only = Store::new(
            Some(CacheFolder {
                dir: dir.path(),
                writable: false,
            }),
            None,
        );
        assert!(matches!(
            read_only.file(text).unwrap().1,
            FileContent::Cached(_)
        ));
        let other = "https://b.example/";
        assert!(matches!(
            read_only.file(other).unwrap().1,
            FileContent::Bytes(_)
        ));
        assert!(
            !dir.path().join("qr").join(file_name(other)).exists(),
            "nothing written"
        );
        let second = Store::new(cache, None);
        assert!(
            matches!(second.file(text).unwrap().1, FileContent::Cached(p) if std::fs::read_to_string(&p).unwrap() == "kept")
        );
        assert_eq!(second.into_known().unwrap().len(), 1, "found in the folder");
        let in_memory = Store::new(None, None);
        assert!(matches!(
            in_memory.file(text).unwrap().1,
            FileContent::Bytes(_)
        ));
        assert!(dir.path().join("CACHEDIR.TAG").is_file());
    }
}
