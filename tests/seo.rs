//! What search engines, feed readers and link previews read: sitemap, robots.txt, the Atom
//! feed and the Open Graph tags, checked by parsing them.

mod common;

use std::path::Path;

use common::{build, read, write_shop};

const SHOP: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: Tea & <Cups>\nbase_url: https://t.example/shop/\ncurrency: EUR\ndescription: Cups.\n",
    ),
    (
        "products/cup.md",
        "---\ntitle: \"Cup \\\"blue\\\" <b>\"\nprice: 5\ndate: 2026-03-01\nupdated: 2026-04-02\naliases: [/old-cup/]\nimages: [cup.jpg]\nsummary: A cup & saucer.\n---\n",
    ),
    ("products/bowl.md", "---\ntitle: Bowl\nprice: 7\n---\n"),
    (
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2026-05-01\n---\nFirst post.\n",
    ),
    ("pages/about.md", "---\ntitle: About\n---\nUs.\n"),
];

fn built_shop() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = write_shop(SHOP);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    std::fs::copy(photo, dir.path().join("products/cup.jpg")).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    (dir, out)
}

/// The text of every `name` element under the document's root, in order.
fn texts(xml: &str, name: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    document
        .descendants()
        .filter(|n| n.tag_name().name() == name)
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// The `content` of a `<meta property=...>` tag.
fn meta<'a>(html: &'a str, property: &str) -> Option<&'a str> {
    let tag = format!("property=\"{property}\" content=\"");
    let start = html.find(&tag)? + tag.len();
    html[start..].split('"').next()
}

#[test]
fn sitemap_lists_every_page_but_redirects_and_404_with_dates_from_front_matter() {
    let (_dir, out) = built_shop();
    let xml = read(&out.join("sitemap.xml"));
    let locs = texts(&xml, "loc");
    for page in [
        "https://t.example/shop/",
        "https://t.example/shop/products/cup/",
        "https://t.example/shop/products/bowl/",
        "https://t.example/shop/posts/hello/",
        "https://t.example/shop/about/",
    ] {
        assert!(locs.iter().any(|l| l == page), "{page} missing: {locs:?}");
    }
    assert!(
        !locs
            .iter()
            .any(|l| l.contains("old-cup") || l.contains("404"))
    );
    let unique: std::collections::BTreeSet<_> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "duplicates: {locs:?}");
    let html_pages = walk_html(&out).len();
    assert_eq!(
        locs.len(),
        html_pages - 2,
        "all but the redirect and the 404 page"
    );
    assert!(
        xml.contains(
            "<loc>https://t.example/shop/products/cup/</loc><lastmod>2026-04-02</lastmod>"
        )
    );
}

fn walk_html(root: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn robots_names_the_sitemap_unless_the_shop_has_its_own() {
    let (dir, out) = built_shop();
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://t.example/shop/sitemap.xml\n"
    );
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(
        dir.path().join("static/robots.txt"),
        "User-agent: *\nDisallow: /\n",
    )
    .unwrap();
    build(dir.path(), &out, &[]);
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nDisallow: /\n"
    );
}

#[test]
fn atom_feed_has_dated_posts_and_products_newest_first_escaped() {
    let (_dir, out) = built_shop();
    let xml = read(&out.join("atom.xml"));
    let titles = texts(&xml, "title");
    assert_eq!(
        titles,
        ["Tea & <Cups>", "Hello", "Cup \"blue\" <b>"],
        "no dateless bowl"
    );
    let document = roxmltree::Document::parse(&xml).unwrap();
    let feed = document.root_element();
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
    let updated = texts(&xml, "updated");
    assert_eq!(
        updated[0], "2026-05-01T00:00:00Z",
        "the feed's newest change"
    );
    assert_eq!(updated[2], "2026-04-02T00:00:00Z", "the cup's own update");
    let home = read(&out.join("index.html"));
    assert!(home.contains("type=\"application/atom+xml\" href=\"/shop/atom.xml\""));
}

#[test]
fn link_previews_show_the_product_photo_and_price() {
    let (_dir, out) = built_shop();
    let cup = read(&out.join("products/cup/index.html"));
    assert_eq!(meta(&cup, "og:type"), Some("product"));
    assert_eq!(
        meta(&cup, "og:title"),
        Some("Cup &quot;blue&quot; &lt;b&gt;")
    );
    assert_eq!(
        meta(&cup, "og:url"),
        Some("https://t.example/shop/products/cup/")
    );
    let image = meta(&cup, "og:image").expect("og:image");
    assert!(image.starts_with("https://t.example/shop/"), "{image}");
    let file = out.join(image.trim_start_matches("https://t.example/shop/"));
    let size = imagesize(&file);
    assert_eq!(size, (1200, 630), "the share image");
    assert_eq!(meta(&cup, "product:price:amount"), Some("5.00"));
    assert_eq!(meta(&cup, "product:price:currency"), Some("EUR"));
    assert!(cup.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));

    let bowl = read(&out.join("products/bowl/index.html"));
    assert_eq!(meta(&bowl, "og:image"), None);
    assert!(bowl.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    let post = read(&out.join("posts/hello/index.html"));
    assert_eq!(meta(&post, "og:type"), Some("article"));
}

fn imagesize(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
