//! Every page a buyer sees, in every theme: nothing scrolls sideways on a phone, listings
//! show cards two to a row on a phone and without a lone last card on a desktop, and the
//! small details (stars, footer newsletter, sold out, WeChat caption, badges, video
//! placeholders) say what they should, once. Browser checks run headless Chromium (Debian's
//! `chromium`) through Playwright (`tests/tools/overflow.mjs`) and skip themselves only when
//! a user sets `SHOP_SKIP_EXTERNAL=1`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::example_shop_with_theme;

/// The example shop built in every theme, as `(theme, built site)`; photos are encoded once
/// and their cache handed on from theme to theme.
fn example_sites(work: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut previous: Option<PathBuf> = None;
    let mut sites = Vec::new();
    for theme in shop::render::theme_names() {
        let shop = example_shop_with_theme(&work.join(theme), theme, previous.as_deref());
        let out = work.join(theme).join("public");
        common::build(&shop, &out, &["-q"]);
        sites.push((theme, out));
        previous = Some(shop);
    }
    sites
}

/// Runs a browser script of `tests/tools` on the built `sites`; it must print `ok`.
fn run_on_sites(root: &Path, script: &str, sites: &[(&str, PathBuf)]) {
    let output = Command::new("node")
        .arg(root.join("tests/tools").join(script))
        .args(
            sites
                .iter()
                .map(|(theme, out)| format!("{theme}={}", out.display())),
        )
        .current_dir(root.join("tests/tools"))
        .output()
        .expect("node runs the browser script");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script}: {stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "ok");
}

#[test]
fn no_page_of_the_example_shop_scrolls_sideways_on_a_phone_in_any_theme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if common::skip_without_browser(root) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let sites = example_sites(work.path());
    run_on_sites(root, "overflow.mjs", &sites);
}
