//! In a real browser: a page served by `shop serve` reloads by itself after an edit, and a
//! CSS-only edit swaps the stylesheet without a reload. Headless Chromium (Debian's
//! `chromium`) is driven by Playwright (`tests/tools/live_reload.mjs`); `scripts/test`
//! installs both. The test skips itself only when a user sets `SHOP_SKIP_EXTERNAL=1`.

mod common;

use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::server::Server;
use common::{skip_without_browser, write_shop};

/// The example shop with its photos already in its cache: a clean clone has none, and
/// `shop serve` encodes them all before it says where it serves, longer than a test waits
/// for a server. Built once for every test here.
fn warm_example_shop(root: &Path) -> std::path::PathBuf {
    static WARM: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    let shop = root.join("example-shop");
    WARM.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        common::build(&shop, out.path(), &["-q"]);
    });
    shop
}

/// Serves the shop in `dir` and runs a browser script on `path` of it, which must print
/// `ok`.
fn run_script(dir: &Path, script: &str, path: &str) {
    run_script_with(dir, script, path, &[]);
}

/// [`run_script`] with more arguments after the address.
fn run_script_with(dir: &Path, script: &str, path: &str, more: &[&Path]) {
    let server = Server::start(dir);
    let address = OsString::from(format!("http://{}{path}", server.address));
    let args = std::iter::once(address).chain(more.iter().map(|path| path.as_os_str().into()));
    common::browser_script_ok(script, args);
}

#[test]
fn pages_reload_by_themselves_and_css_swaps_in_place() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_without_browser(root) {
        return;
    }
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        ("products/apron.md", "---\ntitle: Apron\nprice: 10\n---\n"),
        ("static/extra.css", "body { margin: 0 }\n"),
    ]);
    let server = Server::start(dir.path());
    let mut browser = Command::new("node")
        .arg(root.join("tests/tools/live_reload.mjs"))
        .arg(format!("http://{}/products/apron/", server.address))
        .arg("Reloaded apron")
        .current_dir(root.join("tests/tools"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs the browser script");
    let mut said = BufReader::new(browser.stdout.take().unwrap()).lines();
    let mut next = || said.next().and_then(Result::ok).unwrap_or_default();

    assert_eq!(next(), "ready");
    fs::write(
        dir.path().join("products/apron.md"),
        "---\ntitle: Reloaded apron\nprice: 10\n---\n",
    )
    .unwrap();
    assert_eq!(next(), "reloaded");
    assert_eq!(next(), "ready");
    fs::write(
        dir.path().join("static/extra.css"),
        "body { margin: 1px }\n",
    )
    .unwrap();
    assert_eq!(next(), "css-swapped");
    assert!(browser.wait().unwrap().success());
}

#[test]
fn search_finds_filters_and_sorts_as_the_visitor_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_without_browser(root) {
        return;
    }
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\ncategories:\n  mugs: {}\n  vases: {}\n",
        ),
        (
            "products/blue-mug.md",
            "---\ntitle: Blue Mug\nprice: 20\ncategories: [Mugs]\n---\n",
        ),
        (
            "products/tall-mug.md",
            "---\ntitle: Tall Mug\nprice: 30\ncategories: [Mugs]\n---\n",
        ),
        (
            "products/jug.md",
            "---\ntitle: Jug\nprice: 25\nsummary: Pours like a mug would not.\n---\n",
        ),
        (
            "products/vase.md",
            "---\ntitle: Crème Vase\nprice: 40\ncategories: [Vases]\n---\n",
        ),
    ]);
    run_script(dir.path(), "search.mjs", "");
}

const OPTIONS_PRODUCT: &str = "---\ntitle: Linen Apron\nprice: 38\noptions:\n  Size: [S, M, L]\n  Colour: [Natural, Charcoal]\nvariants:\n  - {options: {Size: S, Colour: Natural}, sku: APR-S-N, stock: 0, buy: {stripe: \"https://buy.stripe.com/sn\"}}\n  - {options: {Size: M, Colour: Natural}, sku: APR-M-N, buy: {stripe: \"https://buy.stripe.com/mn\"}}\n  - {options: {Size: L, Colour: Natural}, sku: APR-L-N, price: 42, buy: {stripe: \"https://buy.stripe.com/ln\"}}\n  - {options: {Size: S, Colour: Charcoal}, sku: APR-S-C, buy: {stripe: \"https://buy.stripe.com/sc\"}}\n  - {options: {Size: M, Colour: Charcoal}, sku: APR-M-C, buy: {stripe: \"https://buy.stripe.com/mc\"}}\n---\n";

#[test]
fn the_variant_picker_swaps_price_and_buy_link_in_place() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_without_browser(root) {
        return;
    }
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        ("products/apron.md", OPTIONS_PRODUCT),
    ]);
    run_script(dir.path(), "variants.mjs", "/products/apron/");
}

#[test]
fn many_variants_or_values_are_chosen_from_a_select() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_without_browser(root) {
        return;
    }
    let variants: String = (1..=8)
        .map(|i| {
            format!(
                "  - {{name: Tile {i}, sku: T-{i}, price: {}, buy: {{stripe: \"https://buy.stripe.com/t{i}\"}}}}\n",
                10 + i
            )
        })
        .collect();
    let tiles = format!("---\ntitle: Tiles\nprice: 11\nvariants:\n{variants}---\n");
    let colours: Vec<String> = (1..=7).map(|i| format!("C{i}")).collect();
    let variants: String = (1..=6)
        .map(|i| {
            let stock = if i == 2 { ", stock: 0" } else { "" };
            format!("  - {{options: {{Colour: C{i}}}, sku: P-{i}{stock}, buy: {{stripe: \"https://buy.stripe.com/p{i}\"}}}}\n")
        })
        .collect();
    let paints = format!(
        "---\ntitle: Paints\nprice: 9\noptions:\n  Colour: [{}]\nvariants:\n{variants}---\n",
        colours.join(", ")
    );
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        ("products/tiles.md", &tiles),
        ("products/paints.md", &paints),
    ]);
    run_script(dir.path(), "choices.mjs", "/products/");
}

#[test]
fn scan_to_pay_codes_open_and_load_and_the_catalogue_shows_every_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_without_browser(root) {
        return;
    }
    run_script(&warm_example_shop(root), "scan.mjs", "");
}

#[test]
fn every_page_renders_cleanly_and_works_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_without_browser(root) {
        return;
    }
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    fs::create_dir_all(&shots).unwrap();
    run_script_with(&warm_example_shop(root), "pages.mjs", "", &[&shots]);
    for name in [
        "home-phone",
        "home-desktop",
        "product-phone",
        "product-desktop",
    ] {
        let png = fs::read(shots.join(format!("{name}.png"))).unwrap();
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{name}.png"
        );
    }
}

#[test]
fn a_video_on_a_host_is_fetched_from_it_only_after_the_click() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_without_browser(root) {
        return;
    }
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        (
            "products/apron/index.md",
            "---\ntitle: Apron\nprice: 10\nvideos:\n  - making-of.mp4\n  - {src: \"https://www.youtube.com/watch?v=dQw4w9WgXcQ\", title: Making the apron}\n---\n",
        ),
        ("products/apron/making-of.mp4", "a film"),
    ]);
    run_script(dir.path(), "video.mjs", "/products/apron/");
}

#[test]
fn the_compact_header_stays_on_wide_screens_and_scrolls_away_on_phones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_without_browser(root) {
        return;
    }
    let mut files = vec![(
        "shop.yaml".to_owned(),
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\ntheme: compact\n".to_owned(),
    )];
    for i in 0..24 {
        let product = format!(
            "---\ntitle: Product {i}\nprice: {}\n---\nAbout it.\n",
            10 + i
        );
        files.push((format!("products/p{i:02}.md"), product));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = write_shop(&files);
    run_script(dir.path(), "header.mjs", "/products/");
}
