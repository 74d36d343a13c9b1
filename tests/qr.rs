//! Scan-to-pay and scan-to-visit: every QR code the example shop shows decodes, with
//! `zbarimg`, to exactly the link of the button beside it, in every language, and each
//! code of the printable catalogue to its product's page; the seller's own WeChat Pay and
//! Alipay codes are checked to be readable too. The SVG files are drawn by
//! `rsvg-convert`, a real SVG renderer, as a phone camera would see them on screen.

mod common;

use std::path::Path;
use std::process::Command;

use common::{build, has_program, read, select, skip_without};

/// What `zbarimg` reads from the image at `image`; SVG files are drawn first.
fn decode(image: &Path, scratch: &Path) -> String {
    let mut png = image.to_path_buf();
    if image.extension().is_some_and(|e| e == "svg") {
        png = scratch.join("code.png");
        let status = Command::new("rsvg-convert")
            .args(["-w", "400", "-b", "white", "-o"])
            .arg(&png)
            .arg(image)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "rsvg-convert failed on {}",
            image.display()
        );
    }
    let output = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "no code found in {}",
        image.display()
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .trim_end()
        .to_owned()
}

#[test]
fn every_scan_to_pay_code_decodes_to_its_buttons_link() {
    if skip_without(
        has_program("zbarimg") && has_program("rsvg-convert"),
        "zbarimg or rsvg-convert",
    ) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    build(&root.join("example-shop"), out.path(), &[]);
    let mut decoded = 0;
    for page in walkdir::WalkDir::new(out.path())
        .into_iter()
        .flatten()
        .filter(|e| {
            e.path().ends_with("index.html") && e.path().to_string_lossy().contains("/products/")
        })
    {
        let html = read(page.path());
        let links: Vec<String> = select(&html, ".buy-buttons a", "href")
            .into_iter()
            .filter(|href| !href.starts_with("mailto:"))
            .collect();
        let codes = select(&html, ".scan__codes img", "src");
        assert_eq!(codes.len(), links.len(), "{}", page.path().display());
        for code in select(&html, "figure.qr img", "src") {
            let file = out.path().join(code.trim_start_matches('/'));
            assert!(decode(&file, out.path()).starts_with("https://"), "{code}");
            decoded += 1;
        }
        for (link, code) in links.iter().zip(&codes) {
            let file = out.path().join(code.trim_start_matches('/'));
            assert_eq!(
                &decode(&file, out.path()),
                link,
                "{code} on {}",
                page.path().display()
            );
            decoded += 1;
        }
    }
    assert!(decoded >= 40, "only {decoded} codes decoded");
    let catalog = read(&out.path().join("catalog/index.html"));
    let pages = select(&catalog, ".catalog__name a", "href");
    let codes = select(&catalog, ".catalog__qr", "src");
    assert_eq!(codes.len(), pages.len());
    for (page, code) in pages.iter().zip(&codes) {
        let file = out.path().join(code.trim_start_matches('/'));
        assert_eq!(
            decode(&file, out.path()),
            format!("https://lumen-prints.example{page}")
        );
    }
}

/// `shop check` writes nothing: codes it has not seen drawn stay in memory, and the cache
/// folder a build fills is only read.
#[test]
fn check_draws_codes_without_writing_them() {
    let shop = common::write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        ),
        (
            "products/apron.md",
            "---\ntitle: Apron\nprice: 38\nbuy:\n  stripe: https://buy.stripe.com/apron\n---\n",
        ),
    ]);
    let (code, stderr) = common::run(&["check"], shop.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        !shop.path().join(".shop-cache").exists(),
        "check wrote a cache"
    );
    let out = tempfile::tempdir().unwrap();
    build(shop.path(), out.path(), &[]);
    let codes = || {
        std::fs::read_dir(shop.path().join(".shop-cache/qr"))
            .unwrap()
            .count()
    };
    let drawn = codes();
    assert!(
        drawn >= 2,
        "the build drew the page's and the checkout's code"
    );
    let (code, stderr) = common::run(&["check"], shop.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(codes(), drawn);
}
