//! `shop serve` rebuilds reuse what did not change: an edit to one product renders its page
//! and the listing pages that show it, and every other page is the previous build's (the
//! same bytes in memory), while the site stays exactly what a fresh build makes.

mod common;

use std::path::Path;
use std::sync::Arc;

use shop::BuildOptions;
use shop::output::FileContent;
use shop::serve::rebuild::Preview;

const PRODUCTS: usize = 30;

fn product(i: usize, title: &str) -> String {
    let category = ["Prints", "Cards"][i % 2];
    format!(
        "---\ntitle: {title}\nprice: {}\nsku: P{i:03}\ncategories: [{category}]\ntags: [t{}]\n\
         date: 2026-01-{:02}\nbuy:\n  stripe: https://buy.stripe.com/p{i:03}\n---\nAbout {title}.\n",
        10 + i,
        i % 3,
        1 + i % 28
    )
}

fn shop_folder() -> tempfile::TempDir {
    let dir = common::write_shop(&[(
        "shop.yaml",
        "title: Test\nbase_url: https://shop.example/\ncurrency: EUR\nper_page: 4\n",
    )]);
    for i in 0..PRODUCTS {
        let file = dir.path().join(format!("products/p{i:03}.md"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, product(i, &format!("Product {i}"))).unwrap();
    }
    dir
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: shop::content::Drafts::Exclude,
        images: shop::images::Work::Encode,
        preview: true,
    }
}

fn bytes(content: &FileContent) -> &Arc<[u8]> {
    match content {
        FileContent::Bytes(bytes) => bytes,
        other => panic!("a page in memory, not {other:?}"),
    }
}

#[test]
fn an_edit_renders_only_the_pages_that_show_what_changed() {
    let shop = shop_folder();
    let (preview, _) = Preview::start(options(shop.path())).expect("first build");
    let before = preview.snapshot().output;

    let edited = shop.path().join("products/p013.md");
    std::fs::write(&edited, product(13, "Renamed Vase")).unwrap();
    preview.rebuild(std::slice::from_ref(&edited));
    let after = preview.snapshot().output;

    let fresh = shop::build_in_memory(&options(shop.path())).expect("fresh build");
    let mut rendered_again = Vec::new();
    for (path, content) in after.files().filter(|(p, _)| p.ends_with(".html")) {
        let expected = fresh.output.get(path).expect("same pages as a fresh build");
        assert_eq!(
            bytes(content),
            bytes(expected),
            "{path} differs from a fresh build"
        );
        let old = before.get(path).map(bytes).expect("no page appeared");
        if !Arc::ptr_eq(old, bytes(content)) {
            rendered_again.push(path.to_owned());
        }
    }
    assert_eq!(after.page_count(), fresh.output.page_count());
    // The home, 404, search and thanks pages are single pages made on every build.
    let singles = [
        "404.html",
        "index.html",
        "search/index.html",
        "thanks/index.html",
    ];
    rendered_again.retain(|path| !singles.contains(&path.as_str()));
    // Products are listed newest first: p013 is the 15th of 30 (page 4 of /products/), on
    // page 2 of Cards and of #t1, and on the catalogue's one page.
    assert_eq!(
        rendered_again,
        [
            "catalog/index.html",
            "categories/cards/page/2/index.html",
            "products/p013/index.html",
            "products/page/4/index.html",
            "tags/t1/page/2/index.html",
        ],
        "exactly the pages that show the product"
    );
}

/// A change to shop.yaml reaches pages that are otherwise kept: here the link-preview image
/// of pages without a photo, which no page's own data names.
#[test]
fn a_new_share_image_reaches_every_kept_page() {
    let shop = shop_folder();
    let config = shop.path().join("shop.yaml");
    let (preview, _) = Preview::start(options(shop.path())).expect("first build");
    let page = "products/page/2/index.html";
    let before =
        String::from_utf8_lossy(bytes(preview.snapshot().output.get(page).unwrap())).into_owned();
    assert!(!before.contains("og:image"), "no share image yet");

    std::fs::create_dir_all(shop.path().join("static")).unwrap();
    std::fs::write(shop.path().join("static/share.png"), b"png").unwrap();
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("share_image: /share.png\n");
    std::fs::write(&config, text).unwrap();
    preview.rebuild(std::slice::from_ref(&config));

    let after = preview.snapshot().output;
    let html = String::from_utf8_lossy(bytes(after.get(page).unwrap())).into_owned();
    assert!(
        html.contains(r#"<meta property="og:image" content="https://shop.example/share.png">"#),
        "{html}"
    );
}
