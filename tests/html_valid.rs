//! Every HTML page of the example shop passes the W3C Nu Html Checker with zero errors.
//!
//! `scripts/test` installs the checker (`npm install` in `tests/tools`); the test skips
//! itself only when a user sets `SHOP_SKIP_EXTERNAL=1`, never under CI.

mod common;

use std::path::Path;

use common::shop;

#[test]
fn example_shop_is_valid_html() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    for (sub, base_url) in [
        ("root", "https://lumen-prints.example/"),
        ("sub", "https://name.github.io/shop/"),
    ] {
        shop()
            .arg("build")
            .arg(root.join("example-shop"))
            .arg("-o")
            .arg(out.path().join(sub))
            .args(["--base-url", base_url, "--drafts"])
            .assert()
            .success();
    }
    if let Some(report) = common::checks::nu_html_errors(out.path()) {
        assert!(report.is_empty(), "HTML errors:\n{report}");
    }
}
