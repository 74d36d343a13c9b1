//! Product videos, built by the real binary: a file beside the product plays in the page's
//! own player (never by itself, nothing fetched before Play but its still) and is published
//! once for every language; a video on YouTube, Vimeo or Bilibili is a plain link to it
//! there, with the host's privacy-friendlier player kept for the click, so the page itself
//! names no other host in anything a browser loads.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build, fixture_shop, read, select};

const SHOP: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\nimages: {widths: [32, 48]}\nlanguages:\n  zh-CN:\n    title: 店\n",
    ),
    (
        "products/apron/index.md",
        "---\ntitle: Apron\nprice: 10\nimages: [p.jpg]\nvideos:\n  - making-of.mp4\n  - {src: clips/care.webm, poster: still.jpg, title: \"Washing it <right> & \\\"dry\\\"\"}\n  - https://youtu.be/dQw4w9WgXcQ?t=1m\n  - {src: \"https://vimeo.com/76979871\", poster: still.jpg}\n  - https://www.bilibili.com/video/BV1GJ411x7h7\n---\nAn apron.\n",
    ),
    (
        "products/apron/index.zh-CN.md",
        "---\ntitle: 围裙\n---\n一条围裙。\n",
    ),
    (
        "products/bowl/index.md",
        "---\ntitle: Bowl\nprice: 20\nvideos: [turning.webm]\n---\nA bowl.\n",
    ),
    ("products/apron/making-of.mp4", "an mp4 film"),
    ("products/apron/clips/care.webm", "a webm film"),
    ("products/bowl/turning.webm", "another webm film"),
];

/// The test shop, built once for every test here, in cargo's temporary folder for
/// integration tests.
fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let photos = [
            "products/apron/p.jpg".into(),
            "products/apron/still.jpg".into(),
        ];
        let root = fixture_shop("videos", SHOP, "gray.jpg", &photos);
        let out = root.join("public");
        build(&root, &out, &["-q"]);
        out
    })
}

fn page(path: &str) -> String {
    read(&built().join(path))
}

#[test]
fn a_file_plays_in_the_page_never_by_itself() {
    let html = page("products/apron/index.html");
    let videos = select(&html, "video", "");
    assert_eq!(videos.len(), 2);
    for attribute in ["controls", "playsinline"] {
        assert_eq!(
            select(&html, &format!("video[{attribute}]"), attribute).len(),
            2,
            "{attribute}"
        );
    }
    assert_eq!(select(&html, "video", "preload"), ["none", "none"]);
    for never in ["autoplay", "muted", "loop"] {
        assert!(
            select(&html, &format!("video[{never}]"), never).is_empty(),
            "{never}"
        );
    }
    assert_eq!(
        select(&html, "video source", "src"),
        [
            "/products/apron/making-of.mp4",
            "/products/apron/clips/care.webm"
        ]
    );
    assert_eq!(
        select(&html, "video source", "type"),
        ["video/mp4", "video/webm"]
    );
    assert_eq!(
        fs::read(built().join("products/apron/clips/care.webm")).unwrap(),
        b"a webm film"
    );
    // The still: the product's first photo, else its own `poster:`, each a processed
    // version (the widest here, as none reaches the player's width), in WebP: the one the
    // gallery's photo offers browsers.
    let posters = select(&html, "video", "poster");
    let photo = select(&html, ".gallery__slide > picture source", "srcset");
    assert!(photo[0].contains(&posters[0]), "{posters:?} {photo:?}");
    assert!(posters[0].starts_with("/images/p-48."), "{posters:?}");
    assert!(posters[0].ends_with(".webp"), "{posters:?}");
    assert!(posters[1].starts_with("/images/still-48."), "{posters:?}");
    assert_eq!(
        select(&html, ".video__caption", ""),
        ["Apron", "Washing it <right> & \"dry\""]
    );
    assert!(html.contains("Washing it &lt;right&gt; &amp; &quot;dry&quot;"));
}

#[test]
fn a_file_is_published_once_for_every_language() {
    let html = page("zh-cn/products/apron/index.html");
    assert_eq!(
        select(&html, "video source", "src"),
        [
            "/products/apron/making-of.mp4",
            "/products/apron/clips/care.webm"
        ]
    );
    assert_eq!(select(&html, ".video__caption", "")[0], "围裙");
    let copies: Vec<PathBuf> = walkdir::WalkDir::new(built())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "mp4" || e == "webm"))
        .map(|p| p.strip_prefix(built()).unwrap().to_path_buf())
        .collect();
    assert_eq!(copies.len(), 3, "{copies:?}");
    assert!(
        copies.iter().all(|p| p.starts_with("products")),
        "{copies:?}"
    );
}

#[test]
fn a_video_on_a_host_is_a_link_until_the_click() {
    let html = page("products/apron/index.html");
    assert_eq!(
        select(&html, "a.video__frame", "href"),
        [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=60s",
            "https://vimeo.com/76979871",
            "https://www.bilibili.com/video/BV1GJ411x7h7/",
        ]
    );
    assert_eq!(
        select(&html, "a.video__frame", "data-embed"),
        [
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=60",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&autoplay=0",
        ]
    );
    assert_eq!(
        select(&html, "a.video__frame .video__label", ""),
        ["Watch on YouTube", "Watch on Vimeo", "Watch on Bilibili"]
    );
    assert_eq!(
        select(&html, "a.video__frame", "data-play")[0],
        "Play here (loads YouTube)"
    );
    // Each shows a still from the shop's own photos, never the host's thumbnail: the
    // Vimeo video its `poster:`, the others the product's first photo; decorative beside
    // the title the link reads out.
    let stills = select(&html, "a.video__frame img", "src");
    assert_eq!(stills.len(), 3, "{stills:?}");
    assert!(stills[0].starts_with("/images/p-"), "{stills:?}");
    assert!(stills[1].starts_with("/images/still-"), "{stills:?}");
    assert!(stills[2].starts_with("/images/p-"), "{stills:?}");
    assert_eq!(select(&html, "a.video__frame img", "alt"), ["", "", ""]);
    assert!(!html.contains("<iframe"));
    assert_eq!(
        select(
            &page("zh-cn/products/apron/index.html"),
            ".video__label",
            ""
        )[0],
        "在 YouTube 观看"
    );
}

#[test]
fn nothing_the_page_loads_comes_from_another_host() {
    let html = page("products/apron/index.html");
    let loaded = common::checks::loaded_urls(&html);
    assert!(loaded.len() > 10, "{loaded:?}");
    for url in &loaded {
        assert!(url.starts_with('/') && !url.starts_with("//"), "{url}");
    }
}

#[test]
fn the_script_comes_only_with_a_video_on_a_host() {
    let script = "script[src=\"/assets/video.js\"]";
    assert_eq!(
        select(&page("products/apron/index.html"), script, "defer").len(),
        1
    );
    assert!(select(&page("products/bowl/index.html"), script, "src").is_empty());
    assert!(built().join("assets/video.js").is_file());
    assert!(select(&page("products/index.html"), ".video", "").is_empty());
}
