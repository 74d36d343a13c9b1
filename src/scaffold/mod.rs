//! Starting points: `shop init` writes a small shop that builds at once, and with `--ci` the
//! file that makes a host build and publish it; `shop new` writes a product, page or post with
//! commented front matter.

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
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

/// The version of this `shop`, which the CI files install so the site is built by the
/// shop that wrote them.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where this `shop` was published (Cargo.toml's `repository`, built in): the CI files
/// download its release binary from there, or build its source. `None` when it names none.
pub fn source() -> Option<&'static str> {
    option_env!("CARGO_PKG_REPOSITORY").filter(|address| !address.is_empty())
}

/// Why the CI files cannot install `shop` when [`source`] is `None`: what their install step
/// says when it fails, and what `shop init --ci` says when it writes them.
pub const NO_SOURCE: &str = "This copy of shop was built without the address it is published at (its Cargo.toml has no repository), so it cannot say where to install it from. Install shop from a release, delete this file and run shop init --ci again; or set SHOP_SOURCE to the address of the repository shop comes from, such as https://github.com/OWNER/shop.";

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

/// A host that runs the basket's card checkout function (`shop init --checkout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutHost {
    /// Cloudflare Pages Functions.
    Cloudflare,
    /// Netlify Functions.
    Netlify,
}

impl CheckoutHost {
    /// Where the host looks for the function, relative to the shop folder; both serve it
    /// at `/api/checkout`.
    pub fn path(self) -> &'static str {
        match self {
            CheckoutHost::Cloudflare => "functions/api/checkout.js",
            CheckoutHost::Netlify => "netlify/functions/checkout.mjs",
        }
    }

    /// The function: the checkout code both hosts share, then the host's own few lines.
    pub fn function(self) -> String {
        let host = match self {
            CheckoutHost::Cloudflare => include_str!("checkout-cloudflare.js"),
            CheckoutHost::Netlify => include_str!("checkout-netlify.js"),
        };
        format!("{}{host}", include_str!("checkout.js"))
    }

    /// What the seller does next to take cards, step by step.
    pub fn next_steps(self) -> &'static str {
        match self {
            CheckoutHost::Cloudflare => {
                "To take cards (docs/deploy.md):\n  1. Set `basket: stripe` in shop.yaml.\n  2. In Cloudflare: Workers & Pages > your project > Settings > Variables and Secrets: add STRIPE_SECRET_KEY (type Secret), a restricted key with Checkout Sessions: write.\n  3. Commit functions/ and deploy."
            }
            CheckoutHost::Netlify => {
                "To take cards (docs/deploy.md):\n  1. Set `basket: stripe` in shop.yaml.\n  2. In Netlify: Site configuration > Environment variables: add STRIPE_SECRET_KEY (marked secret), a restricted key with Checkout Sessions: write.\n  3. Commit netlify/ and deploy."
            }
        }
    }
}

/// `shop check` advice when `basket: stripe` is set but the shop folder has no checkout
/// function for either host: "Pay by card" would then fail on every click.
pub fn checkout_advice(site: &Site) -> Diagnostics {
    let mut found = Diagnostics::default();
    let config = &site.config;
    let hosts = [CheckoutHost::Cloudflare, CheckoutHost::Netlify];
    if config.basket.by_card() && !hosts.iter().any(|h| site.root.join(h.path()).is_file()) {
        let message =
            "`basket: stripe` needs the checkout function, which this shop folder does not have";
        let at = config.positions.value("basket");
        found.push(
            Diagnostic::advice(&config.path, at, message)
                .with_hint("run `shop init . --checkout netlify` (or `cloudflare`); on GitHub Pages, which runs no functions, use `basket: true`")
                .with_source(&config.source),
        );
    }
    found
}

/// Writes the card checkout function where `host` looks for it in the shop at `dir`, once:
/// the seller may have changed it.
pub fn checkout_function(dir: &Path, host: CheckoutHost) -> Result<PathBuf, ScaffoldError> {
    let path = dir.join(host.path());
    if path.exists() {
        return Err(ScaffoldError::CiExists(path));
    }
    write_new(&path, &host.function())?;
    Ok(path)
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
    write_new(&path, &ci_file(ci, source()))?;
    written.push(path);
    ignore_built_files(dir, &mut written)?;
    Ok(written)
}

/// Writes a `.gitignore` that keeps the built site and the image cache out of the
/// repository, unless the folder has one: they are made again by every build, and the
/// cache's encoded photos would stay in the repository's history for ever.
fn ignore_built_files(dir: &Path, written: &mut Vec<PathBuf>) -> Result<(), ScaffoldError> {
    let path = dir.join(".gitignore");
    if path.exists() {
        return Ok(());
    }
    let cache = crate::config::ImagesConfig::default().cache;
    let text = format!(
        "# Made again by every build (shop build, shop serve): not part of the shop.\n/{}/\n/{}/\n",
        crate::output::DEFAULT_FOLDER,
        cache.display()
    );
    write_new(&path, &text)?;
    written.push(path);
    Ok(())
}

/// What the seller does after `shop init` in `dir` with `ci`, step by step, to see the
/// shop or publish it: nothing is left to look up.
pub fn next_steps(dir: &Path, ci: Option<Ci>) -> String {
    let Some(ci) = ci else {
        return format!("Build it with: shop build {}", dir.display());
    };
    let mut steps = Vec::new();
    if dir != Path::new(".") {
        steps.push(format!("cd {}", dir.display()));
    }
    if !dir.join(".git").exists() {
        steps.push("git init -b main".to_owned());
    }
    steps.push("git add . && git commit -m \"My shop\"".to_owned());
    match ci {
        Ci::GitHub => steps.extend([
            "Create an empty repository on https://github.com/new (no README, no licence).".to_owned(),
            "In it, choose Settings > Pages > Build and deployment > Source: GitHub Actions.".to_owned(),
            "git remote add origin https://github.com/YOUR-NAME/YOUR-REPOSITORY.git".to_owned(),
            "git push -u origin main".to_owned(),
            "The Actions tab shows the deploy; the shop is then at https://YOUR-NAME.github.io/YOUR-REPOSITORY/".to_owned(),
        ]),
        Ci::Netlify => steps.extend([
            "Create an empty repository on GitHub, GitLab or Bitbucket, add it with git remote add origin ADDRESS, and git push -u origin main.".to_owned(),
            "In Netlify: Add new site > Import an existing project, and pick the repository.".to_owned(),
        ]),
    }
    let numbered: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| format!("  {}. {step}", i + 1))
        .collect();
    format!(
        "Then, to publish it (docs/deploy.md):\n{}",
        numbered.join("\n")
    )
}

/// The host's build file, installing this version of `shop` from `source`.
fn ci_file(ci: Ci, source: Option<&str>) -> String {
    ci.template()
        .replace("{version}", VERSION)
        .replace("{source}", source.unwrap_or_default())
        .replace("{no_source}", NO_SOURCE)
}

/// The products `shop init` writes as examples: title and category.
const SAMPLE_PRODUCTS: [(&str, &str); 2] =
    [("Linen Apron", "Kitchen"), ("Stoneware Mug", "Tableware")];

/// True when `text` is one of `shop init`'s sample products exactly as it wrote it: an
/// example that must not go live.
pub fn is_sample_product(text: &str) -> bool {
    SAMPLE_PRODUCTS
        .iter()
        .any(|(title, category)| text == file_text(Kind::Product, title, category))
}

/// The sample products `shop init` wrote into the shop at `dir` that are still there as it
/// wrote them (their folders).
pub fn samples_left(dir: &Path) -> Vec<PathBuf> {
    SAMPLE_PRODUCTS
        .iter()
        .map(|(title, _)| PathBuf::from("products").join(slug::slugify(title)))
        .filter(|folder| {
            fs::read_to_string(dir.join(folder).join("index.md"))
                .is_ok_and(|text| is_sample_product(&text))
        })
        .collect()
}

/// Writes config (on `theme`, the other themes named beside it), two sample products and an
/// about page. A folder with products already (an import's) gets the config without the
/// samples, and one with pages without the about page: what is there is never touched.
fn new_shop(dir: &Path, theme: &str) -> Result<Vec<PathBuf>, ScaffoldError> {
    let config = dir.join(crate::config::CONFIG_FILE);
    if config.exists() {
        return Err(ScaffoldError::Exists(config));
    }
    let has_products = dir.join("products").exists();
    let has_pages = dir.join("pages").exists();
    write_new(
        &config,
        &include_str!("shop.yaml")
            .replace("{theme}", theme)
            .replace("{themes}", &crate::render::theme_names().join(", ")),
    )?;
    let mut written = vec![config];
    if !has_products {
        for (title, category) in SAMPLE_PRODUCTS {
            written.push(new_file(dir, Kind::Product, title, category)?);
        }
    }
    if !has_pages {
        written.push(new_file(dir, Kind::Page, "About", "")?);
    }
    ignore_built_files(dir, &mut written)?;
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
    let path = match kind {
        Kind::Product => root
            .join("products")
            .join(fitted_name(&slug, ""))
            .join("index.md"),
        Kind::Page => root.join("pages").join(fitted_name(&slug, ".md")),
        Kind::Post => root.join("posts").join(fitted_name(&slug, ".md")),
    };
    write_new(&path, &file_text(kind, title, category))?;
    Ok(path)
}

/// The text `shop new` writes for a `kind` of file titled `title`.
fn file_text(kind: Kind, title: &str, category: &str) -> String {
    let template = match kind {
        Kind::Product => include_str!("product.md"),
        Kind::Page => include_str!("page.md"),
        Kind::Post => include_str!("post.md"),
    };
    template
        .replace("{title}", &yaml_string(title))
        .replace("{category}", category)
        .replace("{date}", &crate::date::today())
}

/// A title as a YAML string that any characters survive.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_files_install_this_version_from_its_source() {
        for ci in [Ci::GitHub, Ci::Netlify] {
            let text = ci_file(ci, Some("https://github.com/maker/shop"));
            assert!(
                text.contains("SHOP_SOURCE: \"https://github.com/maker/shop\"")
                    || text.contains("SHOP_SOURCE = \"https://github.com/maker/shop\""),
                "{text}"
            );
            assert!(text.contains(&format!("\"{VERSION}\"")), "{text}");
            assert!(
                !text.contains("{source}") && !text.contains("{version}"),
                "{text}"
            );
        }
    }

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
