//! Starting points: `shop init` writes a small shop that builds at once, and with `--ci` the
//! file that makes a host build and publish it; `shop new` writes a product, page or post with
//! commented front matter.

use std::fs;
use std::path::{Path, PathBuf};

use crate::fs::fitted_name;

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

/// Where the scheduled orders workflow goes.
pub const ORDERS_WORKFLOW: &str = ".github/workflows/orders.yml";

/// The minutes between scheduled order syncs unless the seller says otherwise.
pub const DEFAULT_ORDERS_EVERY: u32 = 30;

/// Writes the GitHub Actions workflow that runs `shop orders sync` every `every` minutes,
/// commits the ledger and stock when they changed, and builds and deploys the shop itself
/// (a push made with a workflow's own token starts no other workflow). It is made from the
/// deploy workflow, so both install and build the shop the same way, in the same
/// concurrency group.
pub fn orders_workflow(dir: &Path, every: u32) -> Result<PathBuf, ScaffoldError> {
    let path = dir.join(ORDERS_WORKFLOW);
    if path.exists() {
        return Err(ScaffoldError::CiExists(path));
    }
    let cron = orders_schedule(every)?;
    write_new(&path, &orders_text(&ci_text(Ci::GitHub), &cron))?;
    Ok(path)
}

/// A cron schedule every `every` minutes, never on the hour (GitHub's busiest minute, when
/// scheduled runs are most often delayed or dropped): every 30 minutes is `7,37 * * * *`.
/// `None` unless `every` divides an hour (5 minutes at least) or is whole hours dividing a
/// day.
fn orders_cron(every: u32) -> Option<String> {
    const MINUTE: u32 = 7;
    if (5..60).contains(&every) && 60u32.is_multiple_of(every) {
        let minutes: Vec<String> = (0..60 / every)
            .map(|i| (MINUTE % every + i * every).to_string())
            .collect();
        return Some(format!("{} * * * *", minutes.join(",")));
    }
    let hours = every / 60;
    (every.is_multiple_of(60) && hours >= 1 && 24u32.is_multiple_of(hours)).then(|| match hours {
        1 => format!("{MINUTE} * * * *"),
        _ => format!("{MINUTE} */{hours} * * *"),
    })
}

/// The cron schedule of order syncs every `every` minutes, or why there can be none.
pub fn orders_schedule(every: u32) -> Result<String, ScaffoldError> {
    orders_cron(every).ok_or(ScaffoldError::Interval(every))
}

/// What the orders workflow adds before the deploy workflow's check: the sync, and a
/// commit of what it changed.
const ORDERS_STEPS: &str = r#"      - name: Sync orders from Stripe
        env:
          # A restricted key: Checkout Sessions Read, Payment Links Write (docs/deploy.md).
          STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}
        run: shop orders sync
      # The ledger and stock.csv, committed only when the sync changed them. This push
      # starts no other workflow (GitHub's rule for a workflow's own token), so this
      # workflow builds and deploys the shop itself below.
      - name: Commit the ledger and stock
        run: |
          git add -A .
          if git diff --cached --quiet; then
            echo "No new orders"
          else
            git config user.name "shop orders sync"
            git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
            git commit -m "orders: new orders from Stripe"
            git push
          fi
"#;

/// What the orders workflow says about itself.
const ORDERS_HEADER: &str =
    "# On the schedule below (UTC): reads new orders from Stripe with `shop orders sync`,
# commits the ledger and stock.csv when they changed, then builds and publishes the shop on
# GitHub Pages, in the same concurrency group as the deploy workflow. Needs the repository
# secret STRIPE_SECRET_KEY. GitHub may delay or skip scheduled runs: see docs/deploy.md of
# the shop tool.
";

/// The orders workflow made from the deploy workflow's text: its own name and schedule,
/// permission to push, and the sync steps before the check.
fn orders_text(deploy: &str, cron: &str) -> String {
    let body = deploy
        .find("name: Deploy")
        .map_or(deploy, |start| &deploy[start..]);
    let on_start = body.find("\non:\n").map_or(body.len(), |i| i + 1);
    let on_end = body[on_start..]
        .find("\npermissions:")
        .map_or(body.len(), |i| on_start + i + 1);
    let on = format!("on:\n  schedule:\n    - cron: \"{cron}\"\n  workflow_dispatch:\n\n");
    let rest = body[on_end..]
        .replacen("contents: read", "contents: write", 1)
        .replacen(
            "      - name: Check\n",
            &format!("{ORDERS_STEPS}      - name: Check\n"),
            1,
        );
    format!(
        "{ORDERS_HEADER}{}{on}{rest}",
        body[..on_start].replacen("name: Deploy", "name: Orders", 1)
    )
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
    fn order_syncs_are_scheduled_off_the_hour() {
        assert_eq!(orders_cron(30).as_deref(), Some("7,37 * * * *"));
        assert_eq!(orders_cron(15).as_deref(), Some("7,22,37,52 * * * *"));
        assert_eq!(
            orders_cron(5).as_deref().map(|c| c.starts_with("2,7,")),
            Some(true)
        );
        assert_eq!(orders_cron(60).as_deref(), Some("7 * * * *"));
        assert_eq!(orders_cron(180).as_deref(), Some("7 */3 * * *"));
        for refused in [0, 1, 4, 7, 45, 90, 300] {
            assert_eq!(orders_cron(refused), None, "{refused}");
        }
    }

    #[test]
    fn the_orders_workflow_is_the_deploy_workflow_with_a_schedule_and_the_sync() {
        let text = orders_text(&ci_text(Ci::GitHub), "7,37 * * * *");
        assert!(text.contains("name: Orders\n"), "{text}");
        assert!(text.contains("on:\n  schedule:\n    - cron: \"7,37 * * * *\"\n  workflow_dispatch:\n\npermissions:\n  contents: write\n"), "{text}");
        assert!(!text.contains("push:\n"), "{text}");
        assert!(text.contains("concurrency:\n  group: pages\n"), "{text}");
        let sync = text.find("run: shop orders sync").unwrap();
        let push = text.find("git push").unwrap();
        let build = text.find("run: shop build").unwrap();
        assert!(sync < push && push < build, "{text}");
        assert!(text.contains("uses: actions/deploy-pages@"), "{text}");
        let yaml: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
        assert_eq!(yaml["on"]["schedule"][0]["cron"], "7,37 * * * *");
        assert_eq!(yaml["concurrency"]["group"], "pages");
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
