//! Chinese (and Japanese) pages read as written for their readers: generated text uses
//! full-width punctuation, option and tag names are the seller's translations, languages
//! are named in the page's language, and headings never leave one character alone on a
//! line (measured in Chromium by `tests/tools/lone.mjs`).

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::checks::html_files;
use common::server::serve_folder;
use common::{build, example_shop_with_theme, read, select, skip_without_browser, write_shop};

/// The example shop, built once for the tests of this file.
fn example() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp folder");
        let out = dir.path().join("public");
        build(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-shop"),
            &out,
            &[],
        );
        (dir, out)
    });
    out
}

/// The text a reader sees on a page: its body without scripts and styles.
fn visible_text(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let body = scraper::Selector::parse("body").expect("valid selector");
    let mut text = String::new();
    for node in document.select(&body).flat_map(|b| b.descendants()) {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let hidden = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| ["script", "style", "template"].contains(&e.name()))
        });
        if !hidden {
            text.push_str(t);
        }
    }
    text
}

/// A Chinese or Japanese character, or full-width punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Each place in `text` where an ASCII colon, comma or opening bracket follows a CJK
/// character, with the text around it.
fn half_width_after_cjk(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| is_cjk(pair[0]) && [':', ',', '('].contains(&pair[1]))
        .map(|(i, _)| {
            let from = i.saturating_sub(12);
            chars[from..(i + 12).min(chars.len())].iter().collect()
        })
        .collect()
}

/// Every page of the example shop under `/zh-cn/`.
fn chinese_pages() -> Vec<PathBuf> {
    let pages = html_files(&example().join("zh-cn"));
    assert!(pages.len() > 30, "the example shop is translated");
    pages
}

#[test]
fn generated_text_on_chinese_pages_uses_full_width_punctuation() {
    let mut found = Vec::new();
    for page in chinese_pages() {
        for place in half_width_after_cjk(&visible_text(&read(&page))) {
            found.push(format!("{}: {place:?}", page.display()));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    let giclee = read(&example().join("zh-cn/products/deep-field-giclee/index.html"));
    assert!(
        visible_text(&giclee).contains("深空 · 收藏级艺术微喷版画（A4（21 × 29.7 厘米））"),
        "the order message names the variant in full-width brackets"
    );
    assert!(
        visible_text(&giclee).contains("货号：LPS-DF-A4"),
        "the order message names the SKU with a full-width colon"
    );
}

#[test]
fn languages_are_named_in_the_pages_language() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: Tide\nbase_url: https://tide.example/\ncurrency: EUR\nlanguages:\n  zh-CN: {}\n  ja: {}\n  fr: {}\n  pt-BR: {}\n  it:\n    strings: {language_name: Italiano}\n",
        ),
        (
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 12\n---\nA bowl.\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let notice = |language: &str| {
        let html = read(&out.join(format!("{language}/products/bowl/index.html")));
        select(&html, ".notice", "").join("")
    };
    assert_eq!(notice("zh-cn"), "尚未翻译，以下为英语原文。");
    assert_eq!(
        notice("ja"),
        "まだ翻訳されていないため、元の言語（英語）で表示しています。"
    );
    assert_eq!(
        notice("fr"),
        "Pas encore traduit\u{202f}: affiché dans la langue d’origine (anglais)."
    );
    let zh = read(&out.join("zh-cn/products/bowl/index.html"));
    assert_eq!(
        select(&zh, ".language-switch li", ""),
        [
            "English",
            "简体中文",
            "日本語",
            "Français",
            "pt-BR",
            "Italiano"
        ],
        "the switcher names each language in itself, by its tag when the theme cannot"
    );
}

/// What the example shop's own files call its options, option values, variants and tags,
/// in English, by product slug (tags under `#`).
fn english_names() -> Vec<(String, String)> {
    let site = common::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-shop"));
    let mut names = Vec::new();
    for product in &site.products {
        let slug = &product.slug;
        for option in &product.options {
            names.push((slug.clone(), option.name.clone()));
            names.extend(option.values.iter().map(|v| (slug.clone(), v.clone())));
        }
        names.extend(
            product
                .variants
                .iter()
                .map(|v| (slug.clone(), v.name.clone())),
        );
    }
    names.extend(site.tags.iter().map(|t| ("#".to_owned(), t.title.clone())));
    names
}

#[test]
fn chinese_pages_name_options_variants_and_tags_in_chinese() {
    let names = english_names();
    assert!(names.iter().any(|(_, n)| n == "Size") && names.iter().any(|(_, n)| n == "space"));
    let mut found = Vec::new();
    for page in chinese_pages() {
        let html = read(&page);
        let text = visible_text(&html);
        for (_, name) in names.iter().filter(|(slug, _)| slug != "#") {
            if text.contains(name.as_str()) {
                found.push(format!("{}: {name}", page.display()));
            }
        }
        let tag_links = select(&html, "a[href*=\"/tags/\"]", "");
        let titles = select(&html, "h1", "");
        for (_, tag) in names.iter().filter(|(slug, _)| slug == "#") {
            let hash = format!("#{tag}");
            if tag_links.contains(&hash) || titles.contains(&hash) {
                found.push(format!("{}: {hash}", page.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English names on Chinese pages:\n{}",
        found.join("\n")
    );

    let giclee = read(&example().join("zh-cn/products/deep-field-giclee/index.html"));
    assert_eq!(select(&giclee, "#choices-label", ""), ["尺寸"]);
    let data = common::product_data(
        &giclee.replace("\"@type\":\"ProductGroup\"", "\"@type\":\"Product\""),
    );
    assert_eq!(data["variesBy"][0], "https://schema.org/size");
    assert_eq!(data["hasVariant"][0]["size"], "A4（21 × 29.7 厘米）");
    let english = read(&example().join("products/deep-field-giclee/index.html"));
    assert_eq!(
        select(&english, "input[name=variant]", "data-sku"),
        select(&giclee, "input[name=variant]", "data-sku"),
        "the same SKUs in every language"
    );
    assert_eq!(select(&english, "#choices-label", ""), ["Size"]);
}

#[test]
fn translated_names_the_original_lacks_are_errors() {
    let apron = "---\ntitle: Apron\nprice: 5\ntags: [kitchen, linen]\noptions:\n  Size: [Small, Large]\nvariants:\n  - options: {Size: Small}\n  - options: {Size: Large}\n---\n";
    let bowl = "---\ntitle: Bowl\nvariants:\n  - {name: Small, price: 5}\n  - {name: Large, price: 9}\n---\n";
    let shop_yaml = "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlanguages:\n  zh-CN:\n    tags:\n      linen: 亚麻\n      kitchn: 厨房\n";
    let dir = write_shop(&[
        ("shop.yaml", shop_yaml),
        ("products/apron.md", apron),
        (
            "products/apron.zh-CN.md",
            "---\ntitle: 围裙\noptions:\n  Sise: {name: 尺寸}\n  Size:\n    values: {Smal: 小号, Large: 大号}\nvariants: {Small: 小号}\n---\n",
        ),
        ("products/bowl.md", bowl),
        (
            "products/bowl.zh-CN.md",
            "---\ntitle: 碗\nvariants: {Large: 大号, Smal: 小号}\n---\n",
        ),
    ]);
    let (code, stderr) = common::run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    for expected in [
        "the original has no option `Sise`\n  --> products/apron.zh-CN.md:4:3",
        "did you mean `Size`? write each name as the original does: Size",
        "option `Size` has no value `Smal`\n  --> products/apron.zh-CN.md:6:14",
        "did you mean `Small`?",
        "the original has no variant `Small`\n  --> products/apron.zh-CN.md:7:12",
        "the original has no variant with a `name:`",
        "the original has no variant `Smal`\n  --> products/bowl.zh-CN.md:3:23",
        "did you mean `Small`? write each name as the original does: Small, Large",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }

    let tags_only = write_shop(&[("shop.yaml", shop_yaml), ("products/apron.md", apron)]);
    let (code, stderr) = common::run(&["build"], tags_only.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("no product has the tag `kitchn`\n  --> shop.yaml:8:15")
            && stderr.contains("did you mean `kitchen`?"),
        "{stderr}"
    );
    assert!(!stderr.contains("`linen`"), "{stderr}");
}

/// The site paths of the Chinese pages of the site built into `out`, but for those that
/// only send the browser on (old addresses).
fn chinese_paths(out: &Path) -> Vec<String> {
    let mut paths: Vec<String> = html_files(&out.join("zh-cn"))
        .iter()
        .filter(|file| !read(file).contains("http-equiv=\"refresh\""))
        .map(|file| {
            let relative = file.strip_prefix(out).expect("inside the site");
            let path = relative.to_string_lossy().replace('\\', "/");
            format!("/{}", path.trim_end_matches("index.html"))
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn chinese_headings_never_end_with_one_character_alone_in_any_theme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cjk_font = std::process::Command::new("fc-list")
        .arg(":lang=zh")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if skip_without_browser(root) || common::skip_without(cjk_font, "a CJK font (fonts-noto-cjk)") {
        return;
    }
    // The in-place build leaves the example's photos in its cache, which each theme's copy
    // starts from.
    example();
    let work = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for theme in shop::render::theme_names() {
        let shop = example_shop_with_theme(
            &work.path().join(theme),
            theme,
            Some(&root.join("example-shop")),
        );
        let out = shop.join("public");
        build(&shop, &out, &["-q"]);
        let paths = chinese_paths(&out);
        let address = format!("http://{}", serve_folder(&out));
        let args = [address, theme.to_string()]
            .into_iter()
            .chain(paths.iter().cloned());
        let output = common::browser_script("lone.mjs", args);
        eprintln!(
            "{theme}: {} pages, {}",
            paths.len(),
            String::from_utf8_lossy(&output.stdout).trim()
        );
        if !output.status.success() {
            failures.push(String::from_utf8_lossy(&output.stderr).into_owned());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
