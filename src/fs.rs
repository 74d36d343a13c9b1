//! The filesystem as a build sees it: where a file a value names really is, folders
//! compared by what they are rather than how they are written, and text files read with
//! every failure a diagnostic. Below every stage (Zola's `utils::fs`), so config, content
//! and output share one rule each.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Position};

/// The path made absolute against the current folder with `..` resolved lexically, then
/// with symlinks resolved in the part that exists: how folders a build must keep apart
/// (output, image cache, sources) are compared, whether or not they exist yet. Lexical
/// first, so `missing/../shop` is seen as `shop` before `missing/` is ever created.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut lexical = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return lexical,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

/// Writes a file whole or not at all: into a temporary file beside it (`.NAME.tmp`), then
/// renamed over it, so a run stopped at any moment leaves the old file or the new one,
/// never half of one.
pub fn write_whole(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map_or_else(
        || std::ffi::OsString::from("file"),
        std::ffi::OsStr::to_os_string,
    );
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(&name);
    temporary_name.push(".tmp");
    let temporary = path.with_file_name(temporary_name);
    std::fs::write(&temporary, contents)?;
    std::fs::rename(&temporary, path)
}

/// The longest file or folder name most file systems take, in bytes: no slug or other part
/// of a site path may be longer, and names the build makes by adding to one it was given
/// are cut to fit it ([`fitted_name`]).
pub const MAX_NAME_BYTES: usize = 255;

/// `stem` then `suffix` (`apron` and `-800.1f2e3d4c5b6a7980.webp`), the stem [`cut`] when
/// the whole would pass [`MAX_NAME_BYTES`]: a file whose own name fits is fine, and the
/// seller would rather see it published than refused. The suffix keeps cut names apart (it
/// holds a content hash), so it is never cut.
pub(crate) fn fitted_name(stem: &str, suffix: &str) -> String {
    let stem = cut(stem, MAX_NAME_BYTES.saturating_sub(suffix.len()));
    format!("{stem}{suffix}")
}

/// The start of `text` at most `bytes` long, for a name: on a character boundary, and
/// without a hyphen the cut leaves at its end.
pub(crate) fn cut(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].trim_end_matches('-')
}

/// `text` as a path below a folder: not empty, not absolute, no `..` (`./` is fine). The
/// one rule every file a value in shop.yaml or front matter names goes through, so that
/// no value climbs out of the folder it is meant for; [`file_in`] then checks what is there.
pub fn relative_path(text: &str) -> Option<&Path> {
    let path = Path::new(text);
    let climbs = path.components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::Prefix(_) | Component::RootDir
        )
    });
    (!text.trim().is_empty() && !climbs).then_some(path)
}

/// Why a value's file (see [`file_in`]) cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// Nothing is there, or a folder.
    Missing,
    /// A link (or a path through one) to a file outside the folder: following it would
    /// read, and maybe publish, a file the seller never put in the shop.
    LinksOut,
}

/// The file `relative` (from [`relative_path`]) names in `folder`, when one is there and,
/// links followed, it still lies inside `folder`.
pub fn file_in(folder: &Path, relative: &Path) -> Result<PathBuf, Unusable> {
    let file = folder.join(relative);
    if !file.is_file() {
        return Err(Unusable::Missing);
    }
    match (file.canonicalize(), folder.canonicalize()) {
        (Ok(target), Ok(folder)) if target.starts_with(&folder) => Ok(file),
        _ => Err(Unusable::LinksOut),
    }
}

/// The path of a file beside the one `relative` names in `folder` whose name differs only in
/// case (`mug-on-wood.JPG` for `mug-on-wood.jpg`): what the seller most likely meant when
/// `relative` is missing, since names are case-sensitive where the site is published.
pub fn case_twin(folder: &Path, relative: &Path) -> Option<String> {
    let wanted = relative.file_name()?.to_str()?.to_lowercase();
    let beside = relative.parent().unwrap_or(Path::new(""));
    let mut names: Vec<String> = std::fs::read_dir(folder.join(beside))
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.to_lowercase() == wanted)
        .collect();
    names.sort();
    let name = names.into_iter().next()?;
    Some(beside.join(name).to_string_lossy().replace('\\', "/"))
}

/// The text of a shop-wide file the shop may go without (`stock.csv`, `reviews.yaml`):
/// `None` when there is no such file. One that is there but cannot be read (a folder, no
/// permission, not UTF-8) is an error, never taken for a missing file, whose absence would
/// change the shop silently.
pub(crate) fn read_optional(
    root: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let bytes = match std::fs::read(root.join(name)) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(name, Position::START, format!("cannot read {name}: {err}"))
                    .with_hint(format!(
                        "make `{name}` a text file the shop can read, or remove it"
                    )),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(err) => {
            diagnostics.push(not_utf8(Path::new(name), &err));
            None
        }
    }
}

/// A file that is not UTF-8 (saved as Latin-1 or UTF-16, say), reported at its first byte
/// that is not, with that line shown as far as it can be read.
pub(crate) fn not_utf8(display: &Path, err: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = err.as_bytes();
    let valid = &bytes[..err.utf8_error().valid_up_to()];
    // The prefix is valid UTF-8 by definition.
    let before = std::str::from_utf8(valid).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    Diagnostic::error(
        display,
        Position::new(line, column),
        format!(
            "cannot read file: it is not UTF-8 text (byte 0x{:02X})",
            bytes[valid.len()]
        ),
    )
    .with_hint("save the file as UTF-8: most editors offer it under Save As… or in the status bar")
    .with_source(&String::from_utf8_lossy(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_to_the_file_system_limit_on_a_char_boundary() {
        let suffix = "-800.1f2e3d4c5b6a7980.webp";
        assert_eq!(
            fitted_name("apron", suffix),
            "apron-800.1f2e3d4c5b6a7980.webp"
        );
        let room = MAX_NAME_BYTES - suffix.len();
        let exact = "a".repeat(room);
        assert_eq!(fitted_name(&exact, suffix), format!("{exact}{suffix}"));
        let long = fitted_name(&"a".repeat(300), suffix);
        assert_eq!(long.len(), MAX_NAME_BYTES);
        assert!(long.ends_with(suffix));
        // A cut between the bytes of a character moves before it; a cut after a hyphen
        // drops it.
        let wide = format!("{}é", "a".repeat(room - 1));
        assert_eq!(
            fitted_name(&wide, suffix),
            format!("{}{suffix}", "a".repeat(room - 1))
        );
        let hyphen = format!("{}-b", "a".repeat(room - 1));
        assert_eq!(fitted_name(&hyphen, suffix).len(), MAX_NAME_BYTES - 1);
    }

    #[test]
    fn relative_paths_stay_below_their_folder() {
        assert!(relative_path("photo.jpg").is_some());
        assert!(relative_path("./photos/a.jpg").is_some());
        for outside in [
            "",
            " ",
            "/etc/hostname",
            "//etc/hostname",
            "../a.jpg",
            "a/../../b",
        ] {
            assert!(relative_path(outside).is_none(), "{outside:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn files_in_a_folder_do_not_link_out_of_it() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/ok.png"), "x").unwrap();
        std::os::unix::fs::symlink("sub/ok.png", dir.path().join("near.png")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.png"),
            dir.path().join("far.png"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("away")).unwrap();
        let file = |name: &str| file_in(dir.path(), Path::new(name));
        assert_eq!(file("sub/ok.png"), Ok(dir.path().join("sub/ok.png")));
        assert!(file("near.png").is_ok());
        assert_eq!(file("far.png"), Err(Unusable::LinksOut));
        assert_eq!(file("away/secret.png"), Err(Unusable::LinksOut));
        assert_eq!(file("missing.png"), Err(Unusable::Missing));
        assert_eq!(file("sub"), Err(Unusable::Missing));
    }
}
