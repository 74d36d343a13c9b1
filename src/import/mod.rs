//! Importing a catalogue from another shop system into `shop` product files.
//!
//! An importer reads the export into a [`Plan`]: the files to create and the photos to
//! fetch, with everything it could not carry over as warnings. Nothing is written while any
//! error remains, and no existing file is ever replaced, so a seller never loses work.

pub mod shopify;

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::{self, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::money::Currency;

/// The file listing every photo to fetch: `URL PATH` per line, paths relative to the shop.
pub const DOWNLOADS_FILE: &str = "images-to-download.txt";

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The export has mistakes, or files are in the way; every one is listed.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// A file could not be read or written.
    #[error("cannot {action} `{path}`")]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The error from the system.
        source: std::io::Error,
    },
}

/// A photo to fetch before the shop builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// Where it is now.
    pub url: String,
    /// Where it must be saved, relative to the shop folder.
    pub path: PathBuf,
}

/// What an importer made of an export, before anything is written.
#[derive(Debug, Default)]
pub struct Plan {
    /// New files, relative to the shop folder, with their text.
    pub files: Vec<(PathBuf, String)>,
    /// Photos to fetch.
    pub downloads: Vec<Download>,
    /// Numbers for the summary line.
    pub counts: Counts,
}

/// What an import brought over, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Products written.
    pub products: usize,
    /// Variants, over all products.
    pub variants: usize,
    /// Products written as drafts.
    pub drafts: usize,
}

/// A finished import: what was written and what could not be carried over.
#[derive(Debug)]
pub struct Imported {
    /// Files written, relative to the shop folder.
    pub written: Vec<PathBuf>,
    /// Photos still to fetch.
    pub downloads: usize,
    /// Numbers for the summary line.
    pub counts: Counts,
    /// What was left out.
    pub warnings: Diagnostics,
}

/// Imports a Shopify product export into the shop folder `into`.
pub fn shopify(csv: &Path, into: &Path) -> Result<Imported, ImportError> {
    let currency = currency(into)?;
    let bytes = fs::read(csv).map_err(|source| ImportError::Io {
        action: "read",
        path: csv.to_path_buf(),
        source,
    })?;
    let (plan, diagnostics) = shopify::plan(&bytes, csv, currency);
    write(plan, diagnostics, into)
}

/// The shop's currency when `into` has a `shop.yaml`; without one, prices are read with
/// two decimals, like most currencies.
fn currency(into: &Path) -> Result<Currency, ImportError> {
    if !into.join(CONFIG_FILE).is_file() {
        return Ok(Currency::from_code("USD").expect("USD is an ISO 4217 currency"));
    }
    config::load(into, None)
        .map(|config| config.currency)
        .map_err(ImportError::Invalid)
}

/// Writes the plan, unless there are errors or one of its files exists already.
fn write(plan: Plan, mut diagnostics: Diagnostics, into: &Path) -> Result<Imported, ImportError> {
    let mut files = plan.files;
    if !plan.downloads.is_empty() {
        files.push((
            PathBuf::from(DOWNLOADS_FILE),
            downloads_text(&plan.downloads),
        ));
    }
    let photos = plan.downloads.iter().map(|d| &d.path);
    for path in files.iter().map(|(path, _)| path).chain(photos) {
        if into.join(path).exists() {
            diagnostics.push(
                Diagnostic::error(path, Position::START, "this file exists already")
                    .with_hint("an import never replaces a file: move it away, or import into another folder with --into"),
            );
        }
    }
    diagnostics.sort();
    if diagnostics.has_errors() {
        return Err(ImportError::Invalid(diagnostics));
    }
    for (path, text) in &files {
        write_file(&into.join(path), text)?;
    }
    Ok(Imported {
        written: files.into_iter().map(|(path, _)| path).collect(),
        downloads: plan.downloads.len(),
        counts: plan.counts,
        warnings: diagnostics,
    })
}

/// One `URL PATH` line per photo, for `while read -r url path; do ...; done`.
fn downloads_text(downloads: &[Download]) -> String {
    downloads
        .iter()
        .map(|d| format!("{} {}\n", d.url, d.path.display()))
        .collect()
}

fn write_file(path: &Path, text: &str) -> Result<(), ImportError> {
    let io = |source| ImportError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    fs::write(path, text).map_err(io)
}
