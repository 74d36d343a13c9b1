//! Photos an import listed to download (`images-to-download.txt`): while they are missing,
//! a build says so in one line, not one error per photo.

use std::collections::HashSet;
use std::path::Path;

use super::loader::missing_src;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};

/// The file an import writes in the shop folder: a photo's address and its path a line.
pub const DOWNLOADS_FILE: &str = "images-to-download.txt";

/// The command that downloads every photo of [`DOWNLOADS_FILE`], run in the shop folder.
pub const DOWNLOAD_COMMAND: &str =
    "while read -r url path; do curl -fsSL -o \"$path\" \"$url\"; done < images-to-download.txt";

/// Replaces the "file not found" errors of photos listed in [`DOWNLOADS_FILE`] with one
/// error counting them.
pub(super) fn count_undownloaded(root: &Path, diagnostics: &mut Diagnostics) {
    let Ok(text) = std::fs::read_to_string(root.join(DOWNLOADS_FILE)) else {
        return;
    };
    let listed: HashSet<&str> = text
        .lines()
        .filter_map(|line| line.split_once(' ').map(|(_, path)| path.trim()))
        .collect();
    // A photo may be named twice (a product's and a variant's): it is counted once.
    let mut missing = HashSet::new();
    diagnostics.0.retain(|d| match listed_photo(d, &listed) {
        Some(path) => {
            missing.insert(path);
            false
        }
        None => true,
    });
    let photos = match missing.len() {
        0 => return,
        1 => "1 photo listed here is".to_owned(),
        n => format!("{n} photos listed here are"),
    };
    diagnostics.push(
        Diagnostic::error(
            DOWNLOADS_FILE,
            Position::START,
            format!("{photos} not downloaded yet"),
        )
        .with_hint(format!("in the shop folder, run: {DOWNLOAD_COMMAND}")),
    );
}

/// The photo `diagnostic` says is missing, when `listed` names it.
fn listed_photo(diagnostic: &Diagnostic, listed: &HashSet<&str>) -> Option<String> {
    let src = missing_src(&diagnostic.message).filter(|_| diagnostic.is_error())?;
    let folder = diagnostic.path.parent().unwrap_or(Path::new(""));
    let path = folder.join(src).to_string_lossy().replace('\\', "/");
    listed.contains(path.as_str()).then_some(path)
}
