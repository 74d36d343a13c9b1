//! A shop of nasty inputs, built with the real binary: empty files, a byte order mark, CRLF
//! line endings, a 10 MB description, emoji and right-to-left text, thousands of tags, front
//! matter alone or missing, a file that is not UTF-8, deeply nested YAML and a YAML bomb.
//! Each one either builds (exit 0) or fails cleanly (exit 1, every error as
//! `path:line:column: message` inside the file), never panics (exit 101) and finishes within
//! seconds.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{read, run, write_shop};
use tempfile::TempDir;

/// The smallest valid `shop.yaml`.
const SHOP_YAML: &str = "title: Test shop\nbase_url: https://example.com/\ncurrency: EUR\n";

/// How long one nasty build may take, debug binary on a busy machine included.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// A shop with the minimal `shop.yaml` plus `files`.
fn shop_with(files: &[(&str, &str)]) -> TempDir {
    let mut all = vec![("shop.yaml", SHOP_YAML)];
    all.extend_from_slice(files);
    write_shop(&all)
}

/// Runs `shop build` on `dir`, checks that it ended cleanly and in time, and returns the exit
/// code with the errors as `(path:line:column, message)`.
fn build(dir: &Path) -> (i32, Vec<(String, String)>) {
    let started = Instant::now();
    let (code, stderr) = run(&["build"], dir);
    let elapsed = started.elapsed();
    assert!(elapsed < TIME_LIMIT, "took {elapsed:?}:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let code = code.unwrap_or_else(|| panic!("killed by a signal:\n{stderr}"));
    assert!(code == 0 || code == 1, "exit code {code}:\n{stderr}");
    let mut errors = Vec::new();
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        if message.starts_with("found ") && message.ends_with("nothing was written") {
            continue;
        }
        let location = lines
            .next()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
            .unwrap_or_else(|| panic!("error without a location: {message}\n{stderr}"));
        assert_inside_file(dir, location);
        errors.push((location.to_owned(), message.to_owned()));
    }
    assert_eq!(code == 1, !errors.is_empty(), "{stderr}");
    (code, errors)
}

/// `location` is `path:line:column` with the line and column inside the file it names.
fn assert_inside_file(dir: &Path, location: &str) {
    let mut parts = location.rsplitn(3, ':');
    let column: usize = parts.next().and_then(|c| c.parse().ok()).expect(location);
    let line: usize = parts.next().and_then(|l| l.parse().ok()).expect(location);
    let path = parts.next().expect(location);
    let bytes = fs::read(dir.join(path)).unwrap_or_else(|e| panic!("{location}: {e}"));
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    assert!(line >= 1 && column >= 1, "{location}");
    if line == 1 && column == 1 {
        return;
    }
    let source = lines
        .get(line - 1)
        .unwrap_or_else(|| panic!("{location}: the file has {} lines", lines.len()));
    assert!(
        column <= source.chars().count() + 1,
        "{location}: line {line} is {source:?}"
    );
}

/// The one error of a failed build.
fn single_error(dir: &Path) -> (String, String) {
    let (code, mut errors) = build(dir);
    assert_eq!(code, 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

fn product_page(dir: &Path, slug: &str) -> String {
    read(&dir.join("public/products").join(slug).join("index.html"))
}

#[test]
fn empty_file_is_missing_front_matter() {
    let dir = shop_with(&[("products/empty.md", "")]);
    assert_eq!(
        single_error(dir.path()),
        (
            "products/empty.md:1:1".to_owned(),
            "missing front matter".to_owned()
        )
    );
}

#[test]
fn file_without_front_matter_is_an_error() {
    let dir = shop_with(&[("products/plain.md", "# Linen apron\n\nJust Markdown.\n")]);
    assert_eq!(
        single_error(dir.path()),
        (
            "products/plain.md:1:1".to_owned(),
            "missing front matter".to_owned()
        )
    );
}

#[test]
fn front_matter_alone_builds() {
    let dir = shop_with(&[("products/bare.md", "---\ntitle: Bare\nprice: 5\n---")]);
    assert_eq!(build(dir.path()).0, 0);
    assert!(product_page(dir.path(), "bare").contains("Bare"));
}

#[test]
fn byte_order_mark_and_crlf_build() {
    let dir = shop_with(&[(
        "products/windows.md",
        "\u{feff}---\r\ntitle: Notepad apron\r\nprice: \"12.50\"\r\ntags: [a, b]\r\n---\r\nSaved on Windows.\r\n",
    )]);
    assert_eq!(build(dir.path()).0, 0);
    let page = product_page(dir.path(), "windows");
    assert!(page.contains("Notepad apron</h1>"), "{page}");
    assert!(page.contains("€12.50"));
    assert!(page.contains("Saved on Windows."));
}

#[test]
fn crlf_errors_point_at_the_right_line() {
    let dir = shop_with(&[(
        "products/windows.md",
        "---\r\ntitle: Notepad apron\r\nprice: \"1.299,00\"\r\n---\r\n",
    )]);
    let (location, message) = single_error(dir.path());
    assert_eq!(location, "products/windows.md:3:8");
    assert_eq!(
        message,
        "bad price: `1.299,00` uses `,` as the decimal point"
    );
}

#[test]
fn file_that_is_not_utf8_is_an_error() {
    let dir = shop_with(&[]);
    let path = dir.path().join("products/latin1.md");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, b"---\ntitle: Caf\xe9\nprice: 3\n---\n").unwrap();
    assert_eq!(
        single_error(dir.path()),
        (
            "products/latin1.md:2:11".to_owned(),
            "cannot read file: it is not UTF-8 text (byte 0xE9)".to_owned()
        )
    );
}

#[test]
fn ten_megabyte_description_builds() {
    let paragraph =
        "Stonewashed linen with cross-back straps, *sewn* by hand. ".repeat(20) + "\n\n";
    let body = paragraph.repeat(10 * 1024 * 1024 / paragraph.len() + 1);
    let text = format!("---\ntitle: Long apron\nprice: 38\n---\n{body}");
    assert!(text.len() > 10 * 1024 * 1024);
    let dir = shop_with(&[("products/long.md", &text)]);
    assert_eq!(build(dir.path()).0, 0);
    assert!(product_page(dir.path(), "long").len() > 10 * 1024 * 1024);
}

#[test]
fn emoji_and_right_to_left_text_build() {
    let dir = shop_with(&[
        (
            "products/מטריה.md",
            "---\ntitle: מטריה ☂️ כחולה\nprice: 20\ntags: [\"🌧️ rain\", גשם]\n---\nמטריה כחולה.\n",
        ),
        (
            "products/قميص/index.md",
            "---\ntitle: قميص 👕 قطني\nprice: 30\ncategories: [ملابس]\n---\nقميص قطني.\n",
        ),
        (
            "products/sun.md",
            "---\ntitle: \"🌞🌞🌞\"\nslug: sun-hat\nprice: 10\n---\n",
        ),
    ]);
    assert_eq!(build(dir.path()).0, 0);
    let out = dir.path().join("public");
    let products: Vec<String> = fs::read_dir(out.join("products"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.html")
        .collect();
    for slug in &products {
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{slug}"
        );
    }
    assert_eq!(products.len(), 3, "{products:?}");
    assert!(product_page(dir.path(), "sun-hat").contains("🌞🌞🌞"));
}

#[test]
fn emoji_slug_is_an_error() {
    let dir = shop_with(&[(
        "products/sun.md",
        "---\ntitle: Sun\nslug: \"🌞🌞\"\nprice: 10\n---\n",
    )]);
    assert_eq!(
        single_error(dir.path()),
        (
            "products/sun.md:3:7".to_owned(),
            "slug `🌞🌞` is not URL-safe".to_owned()
        )
    );
}

/// Each part of a site path names a folder of the built site, and a file name may have at
/// most 255 bytes: a longer slug (a translation's too), category, tag or alias is an error
/// at its line, not a failed write naming the staging folder.
#[test]
fn names_longer_than_a_file_name_are_errors_at_their_line() {
    let long = "a".repeat(300);
    let product = format!(
        "---\ntitle: Long\nprice: 5\nslug: {long}\ncategories: [{long}]\ntags: [ok, {long}]\naliases: [/old/{long}/]\n---\n"
    );
    let translation = format!("---\ntitle: Longue\nslug: {long}\n---\n");
    let post = format!(
        "---\ntitle: Post\ndate: 2026-01-01\ntags: [\"{}\"]\n---\n",
        "中".repeat(50)
    );
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlanguages:\n  fr: {}\n",
        ),
        ("products/long.md", &product),
        ("products/long.fr.md", &translation),
        ("posts/post.md", &post),
    ]);
    let (code, errors) = build(dir.path());
    assert_eq!(code, 1);
    let limit = "more than the 255 a file name may have";
    assert_eq!(
        errors,
        [
            (
                "posts/post.md:4:8",
                format!("the slug of this tag is 299 bytes long, {limit}")
            ),
            (
                "products/long.fr.md:3:7",
                format!("this slug is 300 bytes long, {limit}")
            ),
            (
                "products/long.md:4:7",
                format!("this slug is 300 bytes long, {limit}")
            ),
            (
                "products/long.md:5:14",
                format!("the slug of this category is 300 bytes long, {limit}")
            ),
            (
                "products/long.md:6:12",
                format!("the slug of this tag is 300 bytes long, {limit}")
            ),
            (
                "products/long.md:7:11",
                format!("a part of this alias is 300 bytes long, {limit}")
            ),
        ]
        .map(|(at, message)| (at.to_owned(), message))
    );
}

/// A file name of 84 Chinese characters fits in 255 bytes, but its slug, `zhong-zhong-…`,
/// does not: an error naming the file.
#[test]
fn slug_made_from_a_long_file_name_is_an_error() {
    let name = format!("products/{}.md", "中".repeat(84));
    let dir = shop_with(&[(&name, "---\ntitle: Long\nprice: 5\n---\n")]);
    assert_eq!(
        single_error(dir.path()),
        (
            format!("{name}:1:1"),
            "the slug made from the file name is 503 bytes long, more than the 255 a file name may have".to_owned()
        )
    );
}

#[test]
fn five_thousand_tags_build() {
    let tags: Vec<String> = (0..5000).map(|i| format!("tag {i}")).collect();
    let text = format!(
        "---\ntitle: Tagged\nprice: 5\ntags: [{}]\n---\n",
        tags.join(", ")
    );
    let dir = shop_with(&[("products/tagged.md", &text)]);
    assert_eq!(build(dir.path()).0, 0);
    assert!(dir.path().join("public/tags/tag-4999/index.html").is_file());
}

/// Regression: 200,000 `[` took the YAML parser over a minute (its time grows with the
/// square of the depth) before it reached its own recursion limit.
#[test]
fn deeply_nested_yaml_fails_cleanly() {
    let depth = 200_000;
    let text = format!(
        "---\ntitle: Deep\nprice: 5\nextra:\n  deep: {}{}\n---\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dir = shop_with(&[("products/deep.md", &text)]);
    assert_eq!(
        single_error(dir.path()),
        (
            "products/deep.md:5:264".to_owned(),
            "front matter nests deeper than 64 levels".to_owned()
        )
    );
}

#[test]
fn deeply_nested_block_yaml_fails_cleanly() {
    let lines: String = (0..2_000)
        .map(|depth| format!("{}k{depth}:\n", " ".repeat(depth + 2)))
        .collect();
    let text = format!("---\ntitle: Deep\nprice: 5\nextra:\n{lines}---\n");
    let dir = shop_with(&[("products/deep.md", &text)]);
    let (location, message) = single_error(dir.path());
    assert_eq!(location, "products/deep.md:68:69");
    assert_eq!(message, "front matter nests deeper than 64 levels");
}

#[test]
fn yaml_bomb_fails_cleanly() {
    let mut yaml = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let previous = format!("*a{}", i - 1);
        let list = [previous.as_str(); 9].join(",");
        yaml.push_str(&format!("a{i}: &a{i} [{list}]\n"));
    }
    let indented: String = yaml.lines().map(|line| format!("  {line}\n")).collect();
    let text = format!("---\ntitle: Bomb\nprice: 5\nextra:\n{indented}---\n");
    let dir = shop_with(&[("products/bomb.md", &text)]);
    let (location, message) = single_error(dir.path());
    assert!(location.starts_with("products/bomb.md:"), "{location}");
    assert!(message.contains("repetition limit exceeded"), "{message}");
}
