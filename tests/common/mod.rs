//! Helpers shared by the integration tests: fixture shops in temp folders and the binary.

#![allow(dead_code)]

pub mod server;

use std::fs;

use tempfile::TempDir;

/// Writes a shop from `(relative path, contents)` pairs into a fresh temp folder.
pub fn write_shop(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp folder");
    for (path, contents) in files {
        let target = dir.path().join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::write(&target, contents).expect("write fixture file");
    }
    dir
}

/// The real `shop` binary.
pub fn shop() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("shop").expect("shop binary")
}
