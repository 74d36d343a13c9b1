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

/// Every file a rebuild keeps in memory (pages, sitemap, feed, search index) is what a fresh
/// build makes, and no file is missing or left over.
fn assert_same_as_fresh(preview: &Preview, root: &Path) {
    let fresh = shop::build_in_memory(&options(root)).expect("fresh build");
    let served = preview.snapshot().output;
    let paths = |o: &shop::output::Output| o.files().map(|(p, _)| p.to_owned()).collect::<Vec<_>>();
    assert_eq!(paths(&served), paths(&fresh.output));
    for (path, content) in served.files() {
        if let FileContent::Bytes(served) = content {
            let expected = bytes(fresh.output.get(path).unwrap());
            assert_eq!(served, expected, "{path} differs from a fresh build");
        }
    }
}

/// The sitemap and feed are made from the whole catalogue; a rebuild follows every kind of
/// edit that changes them, and reuses the sitemap when an edit does not (a new title).
#[test]
fn catalogue_wide_files_follow_each_kind_of_edit() {
    let shop = shop_folder();
    let root = shop.path();
    let (preview, _) = Preview::start(options(root)).expect("first build");
    let sitemap =
        |preview: &Preview| bytes(preview.snapshot().output.get("sitemap.xml").unwrap()).clone();
    let first = sitemap(&preview);

    let retitled = root.join("products/p013.md");
    std::fs::write(&retitled, product(13, "Renamed Vase")).unwrap();
    preview.rebuild(std::slice::from_ref(&retitled));
    assert_same_as_fresh(&preview, root);
    assert!(
        Arc::ptr_eq(&first, &sitemap(&preview)),
        "the sitemap is reused"
    );

    let updated = root.join("products/p014.md");
    let text = product(14, "Product 14").replace("date:", "updated: 2026-03-01\ndate:");
    std::fs::write(&updated, text).unwrap();
    preview.rebuild(std::slice::from_ref(&updated));
    assert_same_as_fresh(&preview, root);
    let xml = String::from_utf8_lossy(&sitemap(&preview)).into_owned();
    assert!(xml.contains("<lastmod>2026-03-01</lastmod>"), "{xml}");

    let added = root.join("products/p030.md");
    std::fs::write(&added, product(30, "Newcomer")).unwrap();
    preview.rebuild(std::slice::from_ref(&added));
    assert_same_as_fresh(&preview, root);
    assert!(String::from_utf8_lossy(&sitemap(&preview)).contains("/products/p030/"));

    let removed = root.join("products/p001.md");
    std::fs::remove_file(&removed).unwrap();
    preview.rebuild(std::slice::from_ref(&removed));
    assert_same_as_fresh(&preview, root);
    assert!(!String::from_utf8_lossy(&sitemap(&preview)).contains("/products/p001/"));
}

/// A rebuild checks what the watcher reported: a file, a folder for everything below it,
/// or the shop folder itself, which stands for everything (a watcher that lost events
/// reports it). Files the report leaves out are not looked at: that is what makes a
/// rebuild of a 10,000-product shop fast.
#[test]
fn a_rebuild_checks_what_the_watcher_reported() {
    let shop = shop_folder();
    let root = shop.path().canonicalize().unwrap();
    let (preview, _) = Preview::start(options(&root)).expect("first build");
    let shows = |slug: &str, title: &str| {
        let page = format!("products/{slug}/index.html");
        let html = String::from_utf8_lossy(bytes(preview.snapshot().output.get(&page).unwrap()))
            .into_owned();
        html.contains(title)
    };
    let edit = |i: usize, title: &str| {
        let file = root.join(format!("products/p{i:03}.md"));
        std::fs::write(&file, product(i, title)).unwrap();
    };

    edit(5, "Quiet Edit");
    preview.rebuild(&[root.join("products/p006.md")]);
    assert!(
        !shows("p005", "Quiet Edit"),
        "a file the report leaves out is kept"
    );
    preview.rebuild(&[root.join("products")]);
    assert!(shows("p005", "Quiet Edit"), "a folder stands for its files");

    edit(7, "Lost Events");
    preview.rebuild(std::slice::from_ref(&root));
    assert!(
        shows("p007", "Lost Events"),
        "the shop folder stands for everything"
    );

    edit(8, "Elsewhere");
    preview.rebuild(&[std::path::PathBuf::from("/somewhere/else.md")]);
    assert!(
        shows("p008", "Elsewhere"),
        "a path outside the shop stands for everything"
    );
    assert_same_as_fresh(&preview, &root);
}
