//! The theme API held still: what templates receive for the example shop's pages, as JSON,
//! compared with snapshots in `tests/snapshots/`. A renamed field in the code that makes
//! the views shows up here as a changed snapshot, not as a theme that silently prints
//! nothing. The real binary builds a copy of the example shop whose page templates print
//! their whole context (except the UI strings `t`) with `json_script`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use common::{build, read};

/// The variables every page template receives, as entries of a Tera map literal.
const COMMON: &str = r#""current_path": current_path, "page_title": page_title,
"page_description": page_description, "canonical": canonical, "og_type": og_type,
"og_image": og_image, "structured_data": structured_data, "languages": languages,
"site": site"#;

/// Page templates replaced by ones that print their context: `(template, its own variables)`.
const TEMPLATES: [(&str, &str); 6] = [
    (
        "index.html",
        r#""featured": featured, "collections": collections, "newest": newest, "latest_posts": latest_posts"#,
    ),
    ("product.html", r#""product": product"#),
    (
        "list.html",
        r#""heading": heading, "intro": intro, "products": products, "product_count": product_count, "paginator": paginator"#,
    ),
    ("page.html", r#""page": page"#),
    ("post.html", r#""page": page"#),
    ("posts.html", r#""posts": posts"#),
];

/// The pages compared: `(snapshot name, output file)`. Products with variants and a video,
/// a pre-order, QR codes with an email order, custom links and reviews; listings, a page, a
/// post and the journal.
const PAGES: [(&str, &str); 11] = [
    ("home", "index.html"),
    ("product_variants", "products/deep-field-giclee/index.html"),
    (
        "product_preorder",
        "products/deep-field-calendar/index.html",
    ),
    (
        "product_qr_email",
        "products/chelsea-on-the-sill/index.html",
    ),
    ("product_custom", "products/print-club/index.html"),
    ("product_reviews", "products/launch-pad-riso/index.html"),
    ("list_products", "products/index.html"),
    ("list_category", "categories/prints/index.html"),
    ("page", "about/index.html"),
    ("post", "posts/printing-the-deep-field/index.html"),
    ("posts", "posts/index.html"),
];

/// A copy of the example shop in `dir` with the context-printing templates, its image
/// cache shared with the example shop's own so photos are encoded once for all tests.
fn context_shop(dir: &Path) -> PathBuf {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-shop");
    let shop = dir.join("shop");
    for entry in walkdir::WalkDir::new(&example).into_iter().flatten() {
        let rel = entry.path().strip_prefix(&example).unwrap();
        if rel.starts_with("public") || rel.starts_with(".shop-cache") {
            continue;
        }
        let target = shop.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    let cache = example.join(".shop-cache");
    fs::create_dir_all(&cache).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&cache, shop.join(".shop-cache")).unwrap();
    fs::create_dir_all(shop.join("templates")).unwrap();
    for (template, own) in TEMPLATES {
        let dump = format!("{{{{ {{{COMMON}, {own}}} | json_script }}}}\n");
        fs::write(shop.join("templates").join(template), dump).unwrap();
    }
    shop
}

/// `value` with every `null` member of an object left out.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// Where `value` (at `path`) holds a `null`.
fn nulls(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Null => found.push(path.to_owned()),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| nulls(v, &format!("{path}.{k}"), found)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| nulls(v, &format!("{path}[{i}]"), found)),
        _ => {}
    }
}

/// Variables of the page itself rather than views, documented as null when empty.
const NULL_WHEN_EMPTY: [&str; 3] = ["og_image", "structured_data", "paginator"];

/// The context each compared page's template received, by snapshot name; the shop is
/// built once for every test of this file.
fn contexts() -> Vec<(&'static str, Value)> {
    static CONTEXTS: OnceLock<Vec<(&'static str, Value)>> = OnceLock::new();
    CONTEXTS.get_or_init(build_contexts).clone()
}

fn build_contexts() -> Vec<(&'static str, Value)> {
    let work = tempfile::tempdir().unwrap();
    let shop = context_shop(work.path());
    let out = work.path().join("public");
    build(&shop, &out, &[]);
    PAGES
        .iter()
        .map(|(name, file)| {
            let text = read(&out.join(file));
            let context = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{file} is not the JSON of a context: {e}"));
            (*name, context)
        })
        .collect()
}

#[test]
fn templates_receive_the_same_context_as_before() {
    let mut site = None;
    for (name, mut context) in contexts() {
        // The same on every page: compared once.
        let this_site = context.as_object_mut().and_then(|c| c.remove("site"));
        assert!(this_site.is_some(), "{name} has no site");
        match &site {
            None => site = this_site,
            Some(first) => assert_eq!(Some(first), this_site.as_ref(), "site on {name}"),
        }
        let json = serde_json::to_string_pretty(&without_nulls(context)).unwrap();
        insta::assert_snapshot!(name, json);
    }
    let json = serde_json::to_string_pretty(&without_nulls(site.unwrap())).unwrap();
    insta::assert_snapshot!("site", json);
}

/// A value that is not there is left out of the views, never `null`: `default` applies to
/// it, and `{% if %}` reads it as before.
#[test]
fn views_leave_out_what_is_absent() {
    for (name, context) in contexts() {
        let mut found = Vec::new();
        for (key, value) in context.as_object().unwrap() {
            if !NULL_WHEN_EMPTY.contains(&key.as_str()) {
                nulls(value, key, &mut found);
            }
        }
        assert!(found.is_empty(), "null in the context of {name}: {found:?}");
    }
}
