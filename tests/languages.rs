//! A translated shop: every page in every language under its prefix, translations that
//! change only words, untranslated pages that say so, reciprocal hreflang links, and
//! clear errors for translations that cannot be used.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::server::{Server, next_event};
use common::{build, read, select, shop, write_shop};

const SHOP: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: Tide\nbase_url: https://tide.example/shop/\ncurrency: EUR\nlanguages:\n  zh-CN:\n    title: 潮汐\n    categories:\n      kitchen: {title: 厨房}\n",
    ),
    (
        "products/apron/index.md",
        "---\ntitle: Linen Apron\nprice: 38\nsku: APR\ncategories: [Kitchen]\nimages:\n  - {src: apron.jpg, alt: A grey apron}\nbuy:\n  stripe: https://buy.stripe.com/en\n---\nA linen apron.\n",
    ),
    (
        "products/apron/index.zh-CN.md",
        "---\ntitle: 亚麻围裙\nslug: ya-ma-wei-qun\nalt: {apron.jpg: 灰色围裙}\nbuy:\n  stripe: https://buy.stripe.com/zh\n---\n一条亚麻围裙。\n",
    ),
    (
        "products/bowl.md",
        "---\ntitle: Bowl\nprice: 12\n---\nA bowl.\n",
    ),
    ("pages/about.md", "---\ntitle: About\n---\nAbout us.\n"),
    (
        "pages/about.zh-CN.md",
        "---\ntitle: 关于我们\n---\n我们的故事。\n",
    ),
    (
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2026-05-01\n---\nFirst.\n",
    ),
];

fn bilingual() -> (tempfile::TempDir, PathBuf) {
    let dir = write_shop(SHOP);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    fs::copy(photo, dir.path().join("products/apron/apron.jpg")).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    (dir, out)
}

#[test]
fn translations_change_words_and_keep_prices_and_photos() {
    let (_dir, out) = bilingual();
    let zh = read(&out.join("zh-cn/products/ya-ma-wei-qun/index.html"));
    let en = read(&out.join("products/apron/index.html"));
    assert_eq!(select(&zh, "html", "lang"), ["zh-CN"]);
    assert_eq!(select(&zh, "h1", ""), ["亚麻围裙"]);
    assert!(zh.contains("一条亚麻围裙。"));
    assert_eq!(select(&zh, ".product__gallery img", "alt"), ["灰色围裙"]);
    assert_eq!(
        select(&zh, ".product__gallery img", "src"),
        select(&en, ".product__gallery img", "src"),
        "one set of photos for every language"
    );
    assert!(zh.contains("€38.00"), "the original's price");
    assert_eq!(
        select(&zh, "a[href^=\"https://buy.stripe.com/\"]", "href"),
        ["https://buy.stripe.com/zh?client_reference_id=APR"]
    );
    assert_eq!(
        select(&en, "a[href^=\"https://buy.stripe.com/\"]", "href"),
        ["https://buy.stripe.com/en?client_reference_id=APR"]
    );
    assert!(select(&zh, ".breadcrumbs a", "").contains(&"厨房".to_owned()));
    assert!(read(&out.join("zh-cn/index.html")).contains("<title>潮汐</title>"));

    let bowl = read(&out.join("zh-cn/products/bowl/index.html"));
    assert_eq!(select(&bowl, ".notice", ""), ["尚未翻译，以下为英语原文。"]);
    assert_eq!(select(&bowl, ".prose", "lang"), ["en"]);
    assert!(select(&en, ".notice", "").is_empty());

    let index: serde_json::Value =
        serde_json::from_str(&read(&out.join("zh-cn/search.json"))).unwrap();
    let titles: Vec<&str> = index["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"亚麻围裙") && titles.contains(&"Bowl"),
        "{titles:?}"
    );
    assert!(out.join("zh-cn/atom.xml").is_file() && out.join("zh-cn/feeds/google.xml").is_file());
    assert!(!out.join("zh-cn/images").exists() && !out.join("zh-cn/assets").exists());
    assert!(!out.join("zh-cn/sitemap.xml").exists() && !out.join("zh-cn/robots.txt").exists());
}

fn html_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn hreflang_links_are_reciprocal_on_every_page() {
    let (_dir, out) = bilingual();
    let url_of = |file: &Path| {
        let relative = file
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        format!(
            "https://tide.example/shop/{}",
            relative.trim_end_matches("index.html")
        )
    };
    let mut alternates: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for file in html_files(&out) {
        let html = read(&file);
        if html.contains("http-equiv=\"refresh\"") || file.ends_with("404.html") {
            continue;
        }
        let codes = select(&html, "link[rel=alternate][hreflang]", "hreflang");
        let urls = select(&html, "link[rel=alternate][hreflang]", "href");
        let set: BTreeSet<(String, String)> = codes.into_iter().zip(urls).collect();
        assert_eq!(
            set.len(),
            3,
            "en, zh-CN and x-default on {}",
            file.display()
        );
        assert!(
            set.iter().any(|(_, url)| *url == url_of(&file)),
            "names itself: {}",
            file.display()
        );
        alternates.insert(url_of(&file), set);
    }
    assert!(alternates.len() >= 16, "{}", alternates.len());
    for (url, set) in &alternates {
        for (code, other) in set {
            let theirs = alternates
                .get(other)
                .unwrap_or_else(|| panic!("{url} names {other} ({code}), which does not exist"));
            assert_eq!(theirs, set, "{other} does not name {url} back");
        }
    }
    let apron = &alternates["https://tide.example/shop/products/apron/"];
    assert!(apron.contains(&(
        "zh-CN".to_owned(),
        "https://tide.example/shop/zh-cn/products/ya-ma-wei-qun/".to_owned()
    )));
    assert!(apron.contains(&(
        "x-default".to_owned(),
        "https://tide.example/shop/products/apron/".to_owned()
    )));

    let zh = read(&out.join("zh-cn/about/index.html"));
    assert_eq!(
        select(&zh, ".language-switch a", "href"),
        ["https://tide.example/shop/about/"]
    );
    assert_eq!(
        select(&zh, ".language-switch [aria-current]", ""),
        ["简体中文"]
    );

    let sitemap = read(&out.join("sitemap.xml"));
    let document = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://tide.example/shop/zh-cn/products/ya-ma-wei-qun/"));
    assert!(locs.contains(&"https://tide.example/shop/products/apron/"));
    let links = document
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
        .count();
    assert_eq!(links, locs.len() * 3, "every entry names all versions");
}

#[test]
fn translations_that_cannot_be_used_are_errors() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlanguages:\n  zh-CN: {}\n  en: {}\n",
        ),
        (
            "products/apron.md",
            "---\ntitle: Apron\nprice: 5\nimages: []\n---\n",
        ),
        (
            "products/apron.zh-CN.md",
            "---\ntitle: 围裙\nprice: 6\n---\n",
        ),
        ("products/bowl.md", "---\ntitle: Bowl\nprice: 5\n---\n"),
        (
            "products/bowl.zh-CN.md",
            "---\ntitle: 碗\nalt: {bowl.jpg: 碗}\n---\n",
        ),
        ("products/vase.fr.md", "---\ntitle: Vase\n---\n"),
        ("pages/gone.zh-CN.md", "---\ntitle: 没有\n---\n"),
    ]);
    let output = shop().arg("build").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: `en` is the shop's own language\n  --> shop.yaml:6:3\n"),
        "{stderr}"
    );
    let dir_fixed = fs::read_to_string(dir.path().join("shop.yaml"))
        .unwrap()
        .replace("  en: {}\n", "");
    fs::write(dir.path().join("shop.yaml"), dir_fixed).unwrap();
    let output = shop().arg("build").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    for (message, at) in [
        ("unknown field `price`", "products/apron.zh-CN.md:3:1"),
        (
            "the original has no photo `bowl.jpg`",
            "products/bowl.zh-CN.md:3:",
        ),
        (
            "`fr` is not one of the shop's languages",
            "products/vase.fr.md:1:1",
        ),
        (
            "there is no `gone.md` beside this translation",
            "pages/gone.zh-CN.md:1:1",
        ),
    ] {
        assert!(
            stderr.contains(&format!("error: {message}")) && stderr.contains(&format!("--> {at}")),
            "{message} at {at}:\n{stderr}"
        );
    }
    assert!(stderr.contains("found 4 problems"), "{stderr}");
}

#[test]
fn serve_rebuilds_when_a_translation_changes_or_appears() {
    let dir = write_shop(SHOP);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    fs::copy(photo, dir.path().join("products/apron/apron.jpg")).unwrap();
    let server = Server::start(dir.path());
    let events = server.events();
    fs::write(
        dir.path().join("products/apron/index.zh-CN.md"),
        "---\ntitle: 新围裙\nslug: ya-ma-wei-qun\n---\n",
    )
    .unwrap();
    assert!(next_event(&events).starts_with("reload "));
    assert!(
        server
            .get("/zh-cn/products/ya-ma-wei-qun/")
            .text()
            .contains("新围裙")
    );

    fs::write(
        dir.path().join("products/bowl.zh-CN.md"),
        "---\ntitle: 碗\n---\n",
    )
    .unwrap();
    assert!(next_event(&events).starts_with("reload "));
    let bowl = server.get("/zh-cn/products/bowl/").text();
    assert!(
        bowl.contains("<h1>碗</h1>") && !bowl.contains("class=\"notice\""),
        "{bowl}"
    );
}

/// Every URL a page of `out` uses (`href`, `src`, `srcset`) that is a site path.
fn site_urls(html: &str) -> Vec<String> {
    let mut urls: Vec<String> = ["href", "src"]
        .iter()
        .flat_map(|attribute| select(html, &format!("[{attribute}]"), attribute))
        .collect();
    for srcset in select(html, "[srcset]", "srcset") {
        urls.extend(
            srcset
                .split(',')
                .filter_map(|c| c.split_whitespace().next().map(str::to_owned)),
        );
    }
    urls.retain(|u| u.starts_with("/shop/"));
    urls
}

#[test]
fn every_photo_and_link_resolves_in_every_language() {
    let (_dir, out) = bilingual();
    let resolves = |url: &str| {
        let path = url
            .trim_start_matches("/shop/")
            .split(['#', '?'])
            .next()
            .unwrap();
        let file = out.join(path);
        file.is_file() || file.join("index.html").is_file()
    };
    let mut checked = 0;
    for file in html_files(&out) {
        for url in site_urls(&read(&file)) {
            assert!(
                resolves(&url),
                "{}: `{url}` resolves to nothing",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked}");
    let index: serde_json::Value =
        serde_json::from_str(&read(&out.join("zh-cn/search.json"))).unwrap();
    for product in index["products"].as_array().unwrap() {
        for key in ["url", "image"] {
            if let Some(url) = product[key].as_str() {
                assert!(resolves(url), "search.json: `{url}`");
            }
        }
    }
}

#[test]
fn check_follows_links_in_translations_and_their_menus() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlanguages:\n  zh-CN:\n    menu:\n      - {label: 商店, url: /products/}\n      - {label: 关于, url: /about/}\n",
        ),
        ("pages/about.md", "---\ntitle: About\n---\nHi.\n"),
        (
            "pages/about.zh-CN.md",
            "---\ntitle: 关于\nslug: guan-yu\n---\n见[商店](/zh-cn/products/)和[旧页](/zh-cn/old/)。\n",
        ),
    ]);
    let (code, stderr) = common::run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: the menu link `/about/` leads to no page of the shop\n  --> shop.yaml:8:26"
        ),
        "the Chinese about page moved to /zh-cn/guan-yu/:\n{stderr}"
    );
    assert!(
        stderr.contains("error: the link `/zh-cn/old/` leads to no page of the shop\n  --> pages/about.zh-CN.md:5:1"),
        "{stderr}"
    );
    assert!(stderr.contains("found 2 problems"), "{stderr}");
}

#[test]
fn two_pages_may_not_share_an_address_in_a_language() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlanguages:\n  zh-CN: {}\n",
        ),
        ("products/apron.md", "---\ntitle: Apron\nprice: 5\n---\n"),
        ("products/bowl.md", "---\ntitle: Bowl\nprice: 5\n---\n"),
        (
            "products/apron.zh-CN.md",
            "---\ntitle: 围裙\nslug: bowl\n---\n",
        ),
    ]);
    let (code, stderr) = common::run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("duplicate slug: `/products/bowl/` is already the address of products/")
            && stderr.contains("--> products/apron.zh-CN.md:3:1"),
        "{stderr}"
    );
    assert!(stderr.contains("found 1 problem"), "{stderr}");
}

#[test]
fn a_translation_may_show_its_own_photos_and_the_originals() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlanguages:\n  zh-CN: {}\n",
        ),
        (
            "products/cup/index.md",
            "---\ntitle: Cup\nprice: 5\n---\n![A cup](cup.jpg)\n\n![Logo](logo.svg)\n",
        ),
        (
            "products/cup/index.zh-CN.md",
            "---\ntitle: 杯子\n---\n![杯子](cup.jpg)\n\n![标志](logo.svg)\n\n![包装](box.jpg)\n",
        ),
        (
            "products/cup/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    fs::copy(&photo, dir.path().join("products/cup/cup.jpg")).unwrap();
    let mut other = fs::read(&photo).unwrap();
    other.extend_from_slice(b"box");
    fs::write(dir.path().join("products/cup/box.jpg"), other).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let zh = read(&out.join("zh-cn/products/cup/index.html"));
    let sources = select(&zh, ".prose img", "src");
    assert_eq!(sources.len(), 3, "{sources:?}");
    assert!(
        sources.iter().filter(|s| s.starts_with("/images/")).count() == 2,
        "{sources:?}"
    );
    assert!(out.join("zh-cn/products/cup/logo.svg").is_file());
    for url in sources.iter().filter(|s| s.starts_with("/images/")) {
        assert!(out.join(url.trim_start_matches('/')).is_file(), "{url}");
    }
}
