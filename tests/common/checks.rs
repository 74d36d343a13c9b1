//! Checks every built site must pass, shared by the example-shop tests and the per-theme
//! tests: valid HTML, internal links that resolve, and nothing loaded from another host.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{read, skip_without};

/// Every HTML file below `root`.
pub fn html_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// Every value of `attr="..."` in an HTML text.
pub fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The URLs an HTML text points at: `href`, `src` and every candidate of `srcset`.
pub fn linked_urls(html: &str) -> Vec<&str> {
    let mut urls: Vec<&str> = ["href", "src"]
        .iter()
        .flat_map(|attr| attribute_values(html, attr))
        .collect();
    for srcset in attribute_values(html, "srcset") {
        urls.extend(
            srcset
                .split(',')
                .filter_map(|c| c.split_whitespace().next()),
        );
    }
    urls
}

/// Asserts that every internal link and fragment of the site in `out`, built under the
/// site path `prefix` (`/` or `/shop/`), resolves to a file (and an element with that id).
/// Returns the number of distinct links and of fragment links checked.
pub fn assert_links_resolve(out: &Path, prefix: &str) -> (usize, usize) {
    let mut checked = std::collections::BTreeSet::new();
    let mut fragments = 0;
    for file in html_files(out) {
        let html = read(&file);
        let rel = file.strip_prefix(out).unwrap().display().to_string();
        for value in linked_urls(&html) {
            if value.starts_with("https://")
                || value.starts_with("mailto:")
                || value.starts_with("tel:")
            {
                continue;
            }
            let (path, fragment) = value.split_once('#').unwrap_or((value, ""));
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                file.clone()
            } else {
                let inside = path.strip_prefix(prefix);
                assert!(inside.is_some(), "{rel}: `{value}` is not under {prefix}");
                let inside = inside.unwrap();
                if inside.is_empty() || inside.ends_with('/') {
                    out.join(inside).join("index.html")
                } else {
                    out.join(inside)
                }
            };
            assert!(target.is_file(), "{rel}: `{value}` resolves to nothing");
            if !fragment.is_empty() {
                let page = read(&target);
                assert!(
                    page.contains(&format!("id=\"{fragment}\"")),
                    "{rel}: `{value}`: no element with id `{fragment}` there"
                );
                fragments += 1;
            }
            checked.insert(value.to_owned());
        }
    }
    (checked.len(), fragments)
}

/// The W3C Nu Html Checker's errors on every HTML file below `dir`, empty when there are
/// none; `None` when the checker is not installed and the user asked to skip it.
pub fn nu_html_errors(dir: &Path) -> Option<String> {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools/node_modules/vnu-jar/build/dist/vnu.jar");
    if skip_without(jar.is_file(), "the Nu Html Checker") {
        return None;
    }
    let result = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(dir)
        .output()
        .expect("java runs the checker");
    let report = String::from_utf8_lossy(&result.stderr).trim().to_owned();
    assert!(
        result.status.success() || !report.is_empty(),
        "the checker failed without a report"
    );
    Some(report)
}

/// What a page makes the browser load by itself: `src`, `poster`, stylesheets, icons and
/// preloads, and every `srcset` candidate (links a visitor follows are not loads).
pub fn loaded_urls(html: &str) -> Vec<String> {
    let mut loaded = Vec::new();
    for (css, attribute) in [
        ("[src]", "src"),
        ("[poster]", "poster"),
        (
            "link[rel=stylesheet], link[rel=icon], link[rel=preload], link[rel=apple-touch-icon]",
            "href",
        ),
    ] {
        loaded.extend(super::select(html, css, attribute));
    }
    for srcset in super::select(html, "[srcset]", "srcset") {
        loaded.extend(
            srcset
                .split(", ")
                .filter_map(|s| s.split(' ').next().map(str::to_owned)),
        );
    }
    loaded
}
