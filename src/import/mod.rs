//! Importing a catalogue from another shop system into `shop` product files.
//!
//! An importer reads the export into a [`Plan`]: the files to create and the photos to
//! fetch, with everything it could not carry over as warnings. Nothing is written while any
//! error remains, and no existing file is ever replaced, so a seller never loses work.

pub mod shopify;

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::{self, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics, Position, count};
use crate::money::Currency;

/// The file listing every photo to fetch: `URL PATH` per line, paths relative to the shop.
pub use crate::content::DOWNLOADS_FILE;

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
    /// The shop's currency the prices were read in; `None` when there was no `shop.yaml`
    /// and they were read with two decimals.
    pub currency: Option<Currency>,
    /// The products written (their folders), none of which has a way to pay yet.
    pub products: Vec<PathBuf>,
    /// `shop init`'s sample products still in the shop, unchanged (their folders).
    pub samples: Vec<PathBuf>,
}

/// How many products a summary names before it only counts the rest.
const NAMED: usize = 5;

impl Imported {
    /// What the seller does next, a line each: how prices were read, photos to download in
    /// `into`, products without a way to pay, and `shop init`'s samples still there.
    pub fn next_steps(&self, into: &Path) -> Vec<String> {
        let mut steps = vec![match &self.currency {
            Some(currency) => format!(
                "Prices were read in {}, the currency of shop.yaml.",
                currency.code()
            ),
            None => format!(
                "Prices were read with two decimals: there is no shop.yaml {} yet. Run `shop init {}` to add one (it leaves the products as they are), and set its `currency:` to your Shopify store's.",
                in_folder(into),
                into.display()
            ),
        }];
        if self.downloads > 0 {
            let photos = count(self.downloads, "photo", "photos");
            steps.push(format!(
                "{photos} to download first; {}, run:\n  {}",
                in_folder(into),
                crate::content::DOWNLOAD_COMMAND
            ));
        }
        if !self.products.is_empty() {
            steps.push(format!(
                "No way to pay yet for {}: add `buy:` to each (docs/payments.md).",
                named(&self.products)
            ));
        }
        if !self.samples.is_empty() {
            steps.push(format!(
                "`shop init`'s sample products are still there, unchanged: {}. Delete them unless you sell them.",
                named(&self.samples)
            ));
        }
        steps
    }
}

/// `in my-shop`, or `here` for the current folder.
fn in_folder(into: &Path) -> String {
    if into == Path::new(".") {
        "here".to_owned()
    } else {
        format!("in {}", into.display())
    }
}

/// Folders as a summary names them: the first few, then how many more.
fn named(folders: &[PathBuf]) -> String {
    let mut names: Vec<String> = folders
        .iter()
        .take(NAMED)
        .map(|f| format!("{}/", f.display()))
        .collect();
    if folders.len() > NAMED {
        names.push(format!("and {} more", folders.len() - NAMED));
    }
    names.join(", ")
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
    let mut imported = write(plan, diagnostics, into)?;
    imported.currency = Some(currency).filter(|_| into.join(CONFIG_FILE).is_file());
    imported.samples = crate::scaffold::samples_left(into);
    Ok(imported)
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
    let written: Vec<PathBuf> = files.into_iter().map(|(path, _)| path).collect();
    let products = written
        .iter()
        .filter(|path| path.ends_with("index.md"))
        .filter_map(|path| path.parent().map(Path::to_path_buf))
        .collect();
    Ok(Imported {
        written,
        downloads: plan.downloads.len(),
        counts: plan.counts,
        warnings: diagnostics,
        currency: None,
        products,
        samples: Vec::new(),
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
