//! `shop clean` on the real binary: it removes the files the image cache is made of and
//! nothing else, whatever `images.cache` names, and says what it left.

mod common;

use std::fs;
use std::path::Path;

use common::{shop, write_shop};

/// A processed version's and a QR code's name: a 16-digit key.
const KEY: &str = "0123456789abcdef";

/// A shop whose image cache holds one file of each kind the cache format defines.
fn shop_with_a_full_cache() -> tempfile::TempDir {
    let dir = write_shop(&[(
        "shop.yaml",
        "title: Test shop\nbase_url: https://example.com/\ncurrency: EUR\nimages:\n  cache: cache\n",
    )]);
    let cache = dir.path().join("cache");
    for file in [
        "CACHEDIR.TAG".to_owned(),
        "sources.json".to_owned(),
        "sources.tmp-12-ThreadId(3)".to_owned(),
        format!("images/{KEY}.webp"),
        format!("images/{KEY}.jpg"),
        format!("images/{KEY}.png"),
        format!("images/{KEY}.tmp-12-ThreadId(4)"),
        format!("qr/{KEY}.svg"),
    ] {
        let path = cache.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "cached").unwrap();
    }
    dir
}

/// `shop clean DIR` with `args`, expected to succeed; returns stdout.
fn clean(dir: &Path, args: &[&str]) -> String {
    let output = shop().arg("clean").arg(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn clean_removes_a_cache_of_only_its_own_files() {
    let dir = shop_with_a_full_cache();
    let stdout = clean(dir.path(), &[]);
    assert!(stdout.starts_with("Removed "), "{stdout}");
    assert!(!dir.path().join("cache").exists());
}

#[test]
fn clean_leaves_what_the_cache_format_does_not_define_and_names_it() {
    let dir = shop_with_a_full_cache();
    let cache = dir.path().join("cache");
    for mine in [
        "notes.txt",
        "images/apron.jpg",
        "images/0123456789abcdef-big.jpg",
        "qr/mine/code.svg",
    ] {
        let path = cache.join(mine);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "mine").unwrap();
    }
    let stdout = clean(dir.path(), &[]);
    assert!(
        stdout.contains(
            "kept the folder: it also holds `images/0123456789abcdef-big.jpg`, `images/apron.jpg`, `notes.txt`, `qr/mine`"
        ),
        "{stdout}"
    );
    let mut left: Vec<String> = walkdir::WalkDir::new(&cache)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            e.path().strip_prefix(&cache).unwrap().display().to_string()
        })
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "images",
            "images/0123456789abcdef-big.jpg",
            "images/apron.jpg",
            "notes.txt",
            "qr",
            "qr/mine",
            "qr/mine/code.svg"
        ]
    );
}

#[test]
fn clean_unused_removes_only_processed_versions() {
    let dir = shop_with_a_full_cache();
    let cache = dir.path().join("cache");
    fs::write(cache.join("images/apron.jpg"), "mine").unwrap();
    let stdout = clean(dir.path(), &["--unused"]);
    assert!(stdout.starts_with("Removed 4 unused files"), "{stdout}");
    assert_eq!(fs::read(cache.join("images/apron.jpg")).unwrap(), b"mine");
    assert!(cache.join(format!("qr/{KEY}.svg")).is_file());
}
