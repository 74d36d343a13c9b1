//! Finding the shop's files: the Markdown files of each section, the files under
//! `static/`, and what a content file's name says (a translation, a dated post).
//!
//! Everything here walks the shop folder or reads file names; nothing opens a file.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Asset, AssetKind};
use crate::diagnostics::{Diagnostic, Diagnostics, Position, display_path};

/// The Markdown files of a section.
#[derive(Debug, Default)]
pub(super) struct SectionFiles {
    /// `name.md` and `name/index.md`.
    pub originals: Vec<PathBuf>,
    /// `name.zh-CN.md` and `name/index.zh-CN.md`, read with the file they translate.
    pub translations: Vec<PathBuf>,
}

/// The Markdown files of a section, originals apart from translations.
pub(super) fn content_files(
    root: &Path,
    folder: &str,
    diagnostics: &mut Diagnostics,
) -> SectionFiles {
    let dir = root.join(folder);
    let mut files = SectionFiles::default();
    if !dir.is_dir() {
        return files;
    }
    for entry in WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(2)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(unreadable(root, &dir, &err));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(".md") {
            continue;
        }
        let translation = is_translation(&name);
        let nested_index = entry.depth() == 2 && name.starts_with("index.");
        if entry.depth() == 1 || nested_index {
            if translation {
                files.translations.push(path.to_path_buf());
            } else if entry.depth() == 1 || name == "index.md" {
                files.originals.push(path.to_path_buf());
            }
        }
    }
    files
}

/// `apron.zh-CN.md` and `index.fr.md` are translations of another file: the part after the
/// last dot is a two-letter language, with an optional region or script (`pt-BR`).
fn is_translation(file_name: &str) -> bool {
    translation_language(file_name).is_some()
}

/// The language of a translation's file name, and the name of the file it translates:
/// `apron.zh-CN.md` -> (`zh-CN`, `apron.md`).
pub(super) fn translation_language(file_name: &str) -> Option<(&str, String)> {
    let stem = file_name.strip_suffix(".md")?;
    let (original, lang) = stem.rsplit_once('.')?;
    let primary = lang.split('-').next().unwrap_or_default();
    (primary.len() == 2 && crate::config::is_language_tag(lang))
        .then(|| (lang, format!("{original}.md")))
}

/// Translations that cannot be used: in a language the shop does not list, or beside no
/// file of that name.
pub(super) fn check_translations(
    root: &Path,
    files: &SectionFiles,
    languages: &[&String],
    diagnostics: &mut Diagnostics,
) {
    for path in &files.translations {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let Some((language, original)) = translation_language(&name) else {
            continue;
        };
        let error = |message: String, hint: String| {
            Diagnostic::error(display_path(root, path), Position::START, message).with_hint(hint)
        };
        if !languages.iter().any(|l| *l == language) {
            diagnostics.push(error(
                format!("`{language}` is not one of the shop's languages"),
                format!(
                    "add `{language}` under `languages:` in shop.yaml, or remove this translation"
                ),
            ));
        } else if !files.originals.contains(&path.with_file_name(&original)) {
            diagnostics.push(error(
                format!("there is no `{original}` beside this translation"),
                format!("name a translation after the file it translates: `{original}` is translated by `{name}`"),
            ));
        }
    }
}

/// `2026-09-14-deep-field` becomes `deep-field`: the date is in the front matter already.
pub(super) fn strip_date_prefix(name: &str) -> &str {
    let bytes = name.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
        && bytes[10] == b'-';
    if dated { &name[11..] } else { name }
}

/// Files under `static/`, with their output paths. Links inside the folder are followed;
/// a link out of it is one error at the link and is never walked: a link to `/usr` would
/// otherwise be read file by file, one error each.
pub(super) fn static_files(root: &Path, diagnostics: &mut Diagnostics) -> Vec<Asset> {
    let dir = root.join("static");
    let Ok(canonical) = dir.canonicalize() else {
        return Vec::new();
    };
    let leaves = |link: &Path| {
        link.canonicalize()
            .is_ok_and(|target| !target.starts_with(&canonical))
    };
    let outside = |link: &Path| {
        Diagnostic::error(
            display_path(root, link),
            Position::START,
            "this link points outside `static/`",
        )
        .with_hint("copy what it links to into static/ instead of linking to it")
    };
    let mut files = Vec::new();
    let mut entries = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                // A link to a folder above the shop (`/`) is a loop the walk reports before
                // following it.
                match err.path().filter(|p| p.is_symlink() && leaves(p)) {
                    Some(link) => diagnostics.push(outside(link)),
                    None => diagnostics.push(unreadable(root, &dir, &err)),
                }
                continue;
            }
        };
        if entry.path_is_symlink() && leaves(entry.path()) {
            diagnostics.push(outside(entry.path()));
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let output = path
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        files.push(Asset {
            kind: AssetKind::File,
            at: Position::START,
            source: path.to_path_buf(),
            output,
        });
    }
    files
}

/// An entry of a folder walk that could not be read: a link to nothing, a loop, no
/// permission.
fn unreadable(root: &Path, dir: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err.path().unwrap_or(dir);
    Diagnostic::error(
        display_path(root, path),
        Position::START,
        format!("cannot read: {err}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_and_dated_names() {
        assert!(is_translation("apron.zh-CN.md"));
        assert!(is_translation("index.fr.md"));
        assert!(!is_translation("apron.md"));
        assert!(!is_translation("notes.faq.md"));
        assert_eq!(strip_date_prefix("2026-10-30-studio-notes"), "studio-notes");
        assert_eq!(strip_date_prefix("studio-notes"), "studio-notes");
    }
}
