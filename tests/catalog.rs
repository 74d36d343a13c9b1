//! The printable catalogue (`/catalog/`): every product a buyer can order, with a photo,
//! price and a code to its page, 200 to a page; printed by Chromium it makes A4 sheets
//! with nothing of the site's header or footer.

mod common;

use std::fmt::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::server::serve_folder;
use common::{build, has_program, read, select, skip_without, write_shop};

fn example_shop() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-shop")
}

#[test]
fn lists_what_can_be_ordered_with_a_code_to_each_page() {
    let out = tempfile::tempdir().unwrap();
    build(&example_shop(), out.path(), &[]);
    let html = read(&out.path().join("catalog/index.html"));
    let names = select(&html, ".catalog__name a", "");
    assert_eq!(names.len(), 11, "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with("Fundus")), "sold out");
    assert!(
        names.iter().any(|n| n.contains("2027 Wall Calendar")),
        "pre-orders can be ordered"
    );
    assert_eq!(select(&html, ".catalog__qr", "src").len(), 11);
    for code in select(&html, ".catalog__qr", "src") {
        assert!(
            out.path().join(code.trim_start_matches('/')).is_file(),
            "{code}"
        );
    }
    assert_eq!(
        select(&html, "meta[name=robots]", "content"),
        ["noindex, follow"]
    );
    let sitemap = read(&out.path().join("sitemap.xml"));
    assert!(
        !sitemap.contains("/catalog/"),
        "a print page is not for search engines"
    );
    let zh = read(&out.path().join("zh-cn/catalog/index.html"));
    assert_eq!(select(&zh, "h1", ""), ["流明印社 · 商品目录"]);
}

#[test]
fn two_hundred_products_to_a_page() {
    let mut files = vec![(
        "shop.yaml".to_owned(),
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\n".to_owned(),
    )];
    for i in 1..=201 {
        files.push((
            format!("products/p{i:03}.md"),
            format!("---\ntitle: Product {i:03}\nprice: 1\nweight: {i}\n---\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    let dir = write_shop(&files);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let first = read(&out.join("catalog/index.html"));
    let second = read(&out.join("catalog/page/2/index.html"));
    assert_eq!(select(&first, ".catalog__item", "").len(), 200);
    assert_eq!(select(&second, ".catalog__name", ""), ["Product 201"]);
    assert_eq!(
        select(&first, ".pagination a[rel=next]", "href"),
        ["/catalog/page/2/"]
    );
}

#[test]
fn prints_to_clean_a4_pages() {
    let tools = has_program("chromium") && has_program("pdfinfo") && has_program("pdftotext");
    if skip_without(tools, "chromium or poppler-utils (pdfinfo)") {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    build(&example_shop(), &site, &[]);
    let address = serve_folder(&site);
    let pdf = scratch.path().join("catalog.pdf");
    let status = Command::new(std::env::var("CHROMIUM").unwrap_or("chromium".into()))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("http://{address}/catalog/"))
        // Not captured: Chromium's helper processes would hold a pipe open long after.
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success() && pdf.is_file(), "chromium did not print");
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(info.contains("(A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!((1..=3).contains(&pages), "11 products on {pages} pages");
    let text = String::from_utf8(
        Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let mut missing = String::new();
    for name in ["Print Club", "Launch Pad", "Commander", "€18.00"] {
        if !text.contains(name) {
            let _ = write!(missing, "{name} ");
        }
    }
    assert!(missing.is_empty(), "not printed: {missing}\n{text}");
    for chrome in ["Skip to content", "All products", "Search"] {
        assert!(
            !text.contains(chrome),
            "the site's {chrome:?} was printed:\n{text}"
        );
    }
}
