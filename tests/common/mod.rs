//! Helpers shared by the integration tests: fixture shops in temp folders and the binary.

#![allow(dead_code)]

pub mod checks;
pub mod server;
pub mod stripe;

use std::fs;
use std::path::Path;

use tempfile::TempDir;

/// Writes a shop from `(relative path, contents)` pairs into a fresh temp folder.
pub fn write_shop(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp folder");
    for (path, contents) in files {
        let target = dir.path().join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::write(&target, contents).expect("write fixture file");
    }
    dir
}

/// Writes a shop from `(relative path, contents)` pairs into the folder `name` of cargo's
/// temporary folder for integration tests (emptied first, so each run starts afresh), with
/// the fixture photo `photo` (under `tests/fixtures/images/`) copied to each of `photos`;
/// for a shop built once and shared by the tests of a file.
pub fn fixture_shop(
    name: &str,
    files: &[(&str, &str)],
    photo: &str,
    photos: &[String],
) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&root);
    for (path, contents) in files {
        let file = root.join(path);
        fs::create_dir_all(file.parent().expect("a folder")).expect("create folder");
        fs::write(&file, contents).expect("write fixture file");
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/images")
        .join(photo);
    for path in photos {
        fs::copy(&source, root.join(path)).expect("copy fixture photo");
    }
    root
}

/// True when the browser tools (Chromium, and Playwright in `tests/tools`) are missing and
/// the user asked to skip such tests.
pub fn skip_without_browser(root: &Path) -> bool {
    let installed = root
        .join("tests/tools/node_modules/playwright-core")
        .is_dir()
        && Path::new(&std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into())).exists();
    skip_without(installed, "Chromium or Playwright")
}

/// The real `shop` binary.
pub fn shop() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("shop").expect("shop binary")
}

/// Builds the shop in `dir` into `out`, expecting success.
pub fn build(dir: &Path, out: &Path, extra: &[&str]) {
    shop()
        .arg("build")
        .arg(dir)
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

/// A file's text, naming the file when it is missing.
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `shop ARGS DIR`; returns the exit code and stderr.
pub fn run(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let output = shop().args(args).arg(dir).output().expect("run shop");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

/// The text (`attribute` empty) or an attribute of every element `css` selects.
pub fn select(html: &str, css: &str, attribute: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).expect("valid selector");
    document
        .select(&selector)
        .map(|e| match attribute {
            "" => e.text().collect::<String>().trim().to_owned(),
            name => e.value().attr(name).unwrap_or_default().to_owned(),
        })
        .collect()
}

/// True when a tool a test needs is missing and the user asked to skip such tests
/// (`SHOP_SKIP_EXTERNAL=1`, never honoured under CI); panics when it is missing otherwise.
pub fn skip_without(installed: bool, what: &str) -> bool {
    if installed {
        return false;
    }
    let skip = std::env::var("SHOP_SKIP_EXTERNAL").is_ok_and(|v| v == "1");
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    assert!(
        skip && !ci,
        "{what} is missing: run scripts/test, which installs it"
    );
    eprintln!("skipped: {what} is missing (SHOP_SKIP_EXTERNAL=1)");
    true
}

/// True when `program` runs (found on PATH).
pub fn has_program(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok()
}

/// True when node is missing and a test that needs it may skip (see `skip_without`).
pub fn skip_without_node() -> bool {
    skip_without(has_program("node"), "node")
}

/// Runs the browser script `tests/tools/<script>` under Node with `args`, from that folder
/// (where its `node_modules` are), and returns what it did.
pub fn browser_script<S: AsRef<std::ffi::OsStr>>(
    script: &str,
    args: impl IntoIterator<Item = S>,
) -> std::process::Output {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools");
    std::process::Command::new("node")
        .arg(tools.join(script))
        .args(args)
        .current_dir(&tools)
        .output()
        .expect("node runs the browser script")
}

/// Runs [`browser_script`], which must succeed and print `ok`.
pub fn browser_script_ok<S: AsRef<std::ffi::OsStr>>(
    script: &str,
    args: impl IntoIterator<Item = S>,
) {
    let output = browser_script(script, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script}: {stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "ok");
}

/// Runs the `node --test` file `tests/tools/<file>` with `env`, expecting every test to
/// pass; false when node is missing and the tests may skip (see `skip_without`).
pub fn node_tests(file: &str, env: &[(&str, &Path)]) -> bool {
    if skip_without_node() {
        return false;
    }
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools");
    let output = std::process::Command::new("node")
        .arg("--test")
        .arg(tools.join(file))
        .envs(env.iter().copied())
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    true
}

/// The `Product` item of a page's structured data (JSON-LD).
pub fn product_data(html: &str) -> serde_json::Value {
    let script = select(html, "script[type=\"application/ld+json\"]", "").remove(0);
    let data: serde_json::Value = serde_json::from_str(&script).expect("valid JSON-LD");
    data["@graph"]
        .as_array()
        .expect("a graph")
        .iter()
        .find(|item| item["@type"] == "Product")
        .cloned()
        .expect("a Product")
}

/// Copies the folder `from` to `to`, leaving out a built `public/`.
pub fn copy_folder(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The example shop copied into `dir` with `theme: NAME`, and the image cache of the shop
/// `cache_from` (one built before), so photos are encoded once for all themes.
pub fn example_shop_with_theme(
    dir: &Path,
    theme: &str,
    cache_from: Option<&Path>,
) -> std::path::PathBuf {
    let shop = dir.join("shop");
    copy_folder(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-shop"),
        &shop,
    );
    if let Some(other) = cache_from {
        copy_folder(&other.join(".shop-cache"), &shop.join(".shop-cache"));
    }
    let config = read(&shop.join("shop.yaml"));
    assert!(
        config.contains("\ntheme: default\n"),
        "the example names its theme"
    );
    let config = config.replace("\ntheme: default\n", &format!("\ntheme: {theme}\n"));
    fs::write(shop.join("shop.yaml"), config).unwrap();
    shop
}

/// The shop in `dir`, loaded as a build reads it.
pub fn load(dir: &Path) -> shop::content::Site {
    let options = shop::BuildOptions {
        root: dir.to_path_buf(),
        base_url: None,
        drafts: shop::content::Drafts::Exclude,
        images: shop::images::Work::Plan,
        preview: false,
    };
    shop::load(&options, &mut shop::BuildCache::default())
        .expect("shop")
        .0
}

/// The code the basket makes for `lines` (SKU, quantity) to `country`, from the shop as
/// it is now.
pub fn code_of(dir: &Path, lines: &[(&str, u32)], country: &str) -> String {
    let site = load(dir);
    let items = shop::orders::items(&site);
    let chosen: Vec<_> = lines
        .iter()
        .map(|(sku, quantity)| (*items.iter().find(|i| i.sku == *sku).expect(sku), *quantity))
        .collect();
    shop::orders::code_for(&chosen, country, &site.config).expect("ships there")
}
