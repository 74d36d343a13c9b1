//! QR codes for scan-to-pay (each checkout link) and scan-to-visit (each product page, on the
//! printable catalogue): small SVG files named by a hash of what they encode, made once into
//! the cache folder and hard-linked into every build after, so a 10,000-product shop does
//! not redraw 20,000 codes per build. Pages show them with `<img loading="lazy">`.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::path::Path;

use fast_qr::{ECL, QRBuilder};
use rayon::prelude::*;

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

/// The output files (`qr/<name>.svg`) of the codes for `texts` (file name -> text): taken
/// from the cache folder when made before, else drawn and stored there. Without a cache
/// folder (`shop check` writes nothing), or when it cannot be written, which only costs
/// speed, the code is kept in memory. `known` holds the names found in the cache folder by
/// the previous build of a `shop serve`; the folder is listed only when a code is not among
/// them, and `known` is updated.
pub fn files(
    cache_dir: Option<&Path>,
    texts: &BTreeMap<String, String>,
    known: &mut HashSet<String>,
) -> Vec<(String, FileContent)> {
    if texts.keys().any(|name| !known.contains(name)) {
        *known = drawn_before(cache_dir);
    }
    let files: Vec<(String, FileContent)> = texts
        .par_iter()
        .filter_map(|(name, text)| {
            let relative = format!("qr/{name}");
            if let Some(dir) = cache_dir
                && known.contains(name.as_str())
            {
                let cached = FileContent::Cached(dir.join(&relative));
                return Some((relative, cached));
            }
            let svg = svg(text)?;
            let stored =
                cache_dir.and_then(|dir| crate::images::store(dir, &relative, svg.as_bytes()).ok());
            let content = match stored {
                Some(path) => FileContent::Cached(path),
                None => FileContent::Bytes(svg.into_bytes().into()),
            };
            Some((relative, content))
        })
        .collect();
    // What is in the cache folder now: every code this build takes from there.
    *known = files
        .iter()
        .filter(|(_, content)| matches!(content, FileContent::Cached(_)))
        .filter_map(|(path, _)| path.strip_prefix("qr/").map(str::to_owned))
        .collect();
    files
}

/// The names of the codes in the cache folder: one listing of the folder instead of a
/// look-up per code.
fn drawn_before(cache_dir: Option<&Path>) -> HashSet<String> {
    let Some(Ok(entries)) = cache_dir.map(|dir| std::fs::read_dir(dir.join("qr"))) else {
        return HashSet::new();
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
        let texts = BTreeMap::from([(
            file_name("https://a.example/"),
            "https://a.example/".to_owned(),
        )]);
        let first = files(Some(dir.path()), &texts, &mut HashSet::new());
        let FileContent::Cached(path) = &first[0].1 else {
            panic!("not cached");
        };
        std::fs::write(path, "kept").unwrap();
        let mut known = HashSet::new();
        let second = files(Some(dir.path()), &texts, &mut known);
        assert_eq!(known.len(), 1, "found in the folder");
        assert!(matches!(
            &files(None, &texts, &mut HashSet::new())[0].1,
            FileContent::Bytes(_)
        ));
        assert!(
            matches!(&second[0].1, FileContent::Cached(p) if std::fs::read_to_string(p).unwrap() == "kept")
        );
        assert!(dir.path().join("CACHEDIR.TAG").is_file());
    }
}
