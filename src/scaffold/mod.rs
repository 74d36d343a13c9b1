//! Starting points: `shop init` writes a small shop that builds at once, and with `--ci` the
//! file that makes a host build and publish it; `shop new` writes a product, page or post with
//! commented front matter.

use std::fs;
use std::path::{Path, PathBuf};

use crate::fs::fitted_name;

mod schedule;

pub use schedule::{DEFAULT_ORDERS_EVERY, ORDERS_WORKFLOW, orders_schedule, orders_workflow};

/// Why a file could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The file or folder is there already; `shop` never overwrites the seller's work.
    #[error("`{0}` already exists; choose another name or folder")]
    Exists(PathBuf),
    /// The host's build file is there already: it may hold the seller's own settings.
    #[error("`{0}` already exists; shop never overwrites it: rename or delete it first")]
    CiExists(PathBuf),
    /// `shop new` outside a shop folder.
    #[error(
        "`{0}` is not a shop folder (it has no shop.yaml); run `shop new` in one, or pass it with -C"
    )]
    NotAShop(PathBuf),
    /// The title gives no usable file name.
    #[error("`{0}` gives an empty file name; use a title with letters or digits")]
    EmptySlug(String),
    /// `shop init --orders --every` with an interval a schedule cannot keep.
    #[error(
        "--every {0}: scheduled runs can be every 5, 6, 10, 12, 15, 20 or 30 minutes, or every 1, 2, 3, 4, 6, 8, 12 or 24 hours (60, 120… minutes)"
    )]
    Interval(u32),
    /// A filesystem call failed.
    #[error("cannot write `{path}`")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error from the system.
        source: std::io::Error,
    },
}

/// What `shop new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `products/<slug>/index.md`.
    Product,
    /// `pages/<slug>.md`.
    Page,
    /// `posts/<slug>.md`, dated today.
    Post,
}

/// The GitHub repository (`owner/name`) whose releases the CI files download `shop` from, and
/// whose source they build when no release binary can be used. A placeholder until the project
/// is published: it is not a valid owner name, so a workflow nobody has edited fails at once
/// instead of running a binary from a stranger's repository.
pub const SHOP_REPOSITORY: &str = "<owner>/shop";

/// A host that `shop init --ci` writes the build file for, so a push publishes the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    /// GitHub Pages, built by a GitHub Actions workflow.
    GitHub,
    /// Netlify, built from `netlify.toml`.
    Netlify,
}

impl Ci {
    /// Where the host looks for its file, relative to the shop folder (the repository root).
    pub fn path(self) -> &'static str {
        match self {
            Ci::GitHub => ".github/workflows/deploy.yml",
            Ci::Netlify => "netlify.toml",
        }
    }

    fn template(self) -> &'static str {
        match self {
            Ci::GitHub => include_str!("github-deploy.yml"),
            Ci::Netlify => include_str!("netlify.toml"),
        }
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists(path.to_path_buf()));
    }
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    fs::write(path, text).map_err(io)
}

/// Writes a new shop on `theme` into `dir` (config, two products and an about page) and,
/// with `ci`, the host's build file. When `dir` is a shop already, `ci` adds only the build file, so an
/// existing shop gets deployment without a second command to learn. Returns the files written.
pub fn init(dir: &Path, ci: Option<Ci>, theme: &str) -> Result<Vec<PathBuf>, ScaffoldError> {
    let Some(ci) = ci else {
        return new_shop(dir, theme);
    };
    let path = dir.join(ci.path());
    // Refuse before writing anything, so a failed init leaves no half-made shop.
    if path.exists() {
        return Err(ScaffoldError::CiExists(path));
    }
    let mut written = if dir.join(crate::config::CONFIG_FILE).is_file() {
        Vec::new()
    } else {
        new_shop(dir, theme)?
    };
    write_new(&path, &ci_text(ci))?;
    written.push(path);
    Ok(written)
}

/// The host's build file, downloading `shop` from [`SHOP_REPOSITORY`].
fn ci_text(ci: Ci) -> String {
    ci.template().replace("{repository}", SHOP_REPOSITORY)
}

/// Writes config (on `theme`, the other themes named beside it), two products and an about
/// page, refusing before writing anything when any of them is there.
fn new_shop(dir: &Path, theme: &str) -> Result<Vec<PathBuf>, ScaffoldError> {
    for taken in [crate::config::CONFIG_FILE, "products", "pages", "posts"] {
        if dir.join(taken).exists() {
            return Err(ScaffoldError::Exists(dir.join(taken)));
        }
    }
    write_new(
        &dir.join(crate::config::CONFIG_FILE),
        &include_str!("shop.yaml")
            .replace("{theme}", theme)
            .replace("{themes}", &crate::render::theme_names().join(", ")),
    )?;
    let mut written = vec![dir.join(crate::config::CONFIG_FILE)];
    for (title, category) in [("Linen Apron", "Kitchen"), ("Stoneware Mug", "Tableware")] {
        written.push(new_file(dir, Kind::Product, title, category)?);
    }
    written.push(new_file(dir, Kind::Page, "About", "")?);
    Ok(written)
}

/// Writes a new product, page or post into the shop at `root`.
pub fn new(root: &Path, kind: Kind, title: &str) -> Result<PathBuf, ScaffoldError> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(ScaffoldError::NotAShop(root.to_path_buf()));
    }
    new_file(root, kind, title, "Shop")
}

fn new_file(
    root: &Path,
    kind: Kind,
    title: &str,
    category: &str,
) -> Result<PathBuf, ScaffoldError> {
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug(title.to_owned()));
    }
    // A long title makes a long slug: its name is cut to fit, the title stays whole.
    let (path, template) = match kind {
        Kind::Product => (
            root.join("products")
                .join(fitted_name(&slug, ""))
                .join("index.md"),
            include_str!("product.md"),
        ),
        Kind::Page => (
            root.join("pages").join(fitted_name(&slug, ".md")),
            include_str!("page.md"),
        ),
        Kind::Post => (
            root.join("posts").join(fitted_name(&slug, ".md")),
            include_str!("post.md"),
        ),
    };
    let text = template
        .replace("{title}", &yaml_string(title))
        .replace("{category}", category)
        .replace("{date}", &crate::date::today());
    write_new(&path, &text)?;
    Ok(path)
}

/// A title as a YAML string that any characters survive.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            new(dir.path(), Kind::Page, "About"),
            Err(ScaffoldError::NotAShop(_))
        ));
        init(dir.path(), None, "default").unwrap();
        assert!(matches!(
            new(dir.path(), Kind::Page, "About"),
            Err(ScaffoldError::Exists(_))
        ));
        assert!(matches!(
            init(dir.path(), None, "default"),
            Err(ScaffoldError::Exists(_))
        ));
    }
}
