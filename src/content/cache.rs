//! Reuse of content-file results between builds, for `shop serve`: a file is read and
//! checked again only when something it depends on changed. What a file depends on is
//! recorded while it is read: its own bytes, and whether each file it names exists (and
//! where it really is, links resolved).
//!
//! A file's metadata (size, modification time, inode) answers for its bytes only when it was
//! last modified well before it was read, as Git does for "racily clean" files: timestamps
//! are coarse, so two writes in one tick can leave the same metadata; a recently modified
//! file is read and compared instead. Reading only the few recent files keeps a rebuild of a
//! 1,000-product shop from opening 1,000 files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::{Page, Product};
use crate::diagnostics::Diagnostics;
use crate::fingerprint;

/// Something a file's result depends on.
#[derive(Debug, Clone)]
pub(super) struct Dep {
    path: PathBuf,
    kind: DepKind,
    fingerprint: u64,
}

#[derive(Debug, Clone, Copy)]
enum DepKind {
    /// The bytes of the file (the Markdown file itself), with its metadata before reading
    /// and when it was read.
    Content {
        stat: Option<Stat>,
        read_at: SystemTime,
    },
    /// Whether the file exists and where it resolves to (an image it names).
    Presence,
}

/// How long before a read a file must have been modified for its metadata to stand for
/// its bytes; generous against coarse and skewed timestamps.
const RACY: Duration = Duration::from_secs(2);

/// The metadata that changes when a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stat {
    len: u64,
    modified: SystemTime,
    inode: u64,
}

impl Stat {
    /// The file's metadata now, `None` when it cannot be read.
    pub(super) fn of(path: &Path) -> Option<Stat> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stat {
            len: meta.len(),
            modified: meta.modified().ok()?,
            inode,
        })
    }
}

fn presence(path: &Path) -> u64 {
    fingerprint((path.is_file(), path.canonicalize().ok()))
}

impl Dep {
    /// The file's bytes as read (`None` when it could not be read), with its metadata taken
    /// before reading.
    pub(super) fn content(path: &Path, stat: Option<Stat>, bytes: Option<&[u8]>) -> Dep {
        Dep {
            path: path.to_path_buf(),
            kind: DepKind::Content {
                stat,
                read_at: SystemTime::now(),
            },
            fingerprint: fingerprint(bytes),
        }
    }

    /// Whether a named file exists, and where it resolves to, right now.
    pub(super) fn presence(path: &Path) -> Dep {
        Dep {
            path: path.to_path_buf(),
            kind: DepKind::Presence,
            fingerprint: presence(path),
        }
    }

    /// The digest recorded for this dependency.
    pub(super) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// True when what the dependency stood for is unchanged. A settled file is judged by its
    /// metadata; a recent one by its bytes, and when they are unchanged its record is
    /// refreshed so the next check can trust the metadata.
    fn refresh(&mut self) -> bool {
        match &mut self.kind {
            DepKind::Content { stat, read_at } => {
                let settled =
                    stat.and_then(|s| read_at.duration_since(s.modified).ok()) >= Some(RACY);
                let now = Stat::of(&self.path);
                if settled && now.is_some() && now == *stat {
                    return true;
                }
                let unchanged =
                    fingerprint(std::fs::read(&self.path).ok().as_deref()) == self.fingerprint;
                if unchanged {
                    *stat = now;
                    *read_at = SystemTime::now();
                }
                unchanged
            }
            DepKind::Presence => presence(&self.path) == self.fingerprint,
        }
    }
}

/// What reading one file gave, and what it depended on.
#[derive(Debug, Clone)]
pub(super) struct Cached<T> {
    pub(super) deps: Vec<Dep>,
    pub(super) item: Option<T>,
    pub(super) diagnostics: Diagnostics,
}

impl<T> Cached<T> {
    /// True when every dependency is unchanged (refreshing their records on the way).
    pub(super) fn refresh(&mut self) -> bool {
        self.deps.iter_mut().all(Dep::refresh)
    }
}

/// Results of reading content files, kept between builds of one `shop serve`.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// The `shop.yaml` text the results were made with: every file depends on it.
    config: Option<String>,
    pub(super) products: HashMap<PathBuf, Cached<Arc<Product>>>,
    pub(super) pages: HashMap<PathBuf, Cached<Arc<Page>>>,
}

impl LoadCache {
    /// Forgets everything when the config changed, since every result depends on it.
    pub(super) fn use_config(&mut self, source: &str) {
        if self.config.as_deref() != Some(source) {
            *self = LoadCache {
                config: Some(source.to_owned()),
                ..LoadCache::default()
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deps_notice_changes_of_the_same_length_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "price: 10").unwrap();
        let mut dep = Dep::content(&file, Stat::of(&file), Some(b"price: 10"));
        assert!(dep.refresh());
        std::fs::write(&file, "price: 11").unwrap();
        assert!(!dep.refresh(), "same length, same instant, other bytes");
        let old = SystemTime::now() - Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let mut settled = Dep::content(&file, Stat::of(&file), Some(b"price: 11"));
        assert!(settled.refresh(), "an old file is judged by its metadata");
        std::fs::write(&file, "price: 12").unwrap();
        assert!(!settled.refresh(), "a write changes the metadata");
        let image = dir.path().join("a.jpg");
        let mut missing = Dep::presence(&image);
        std::fs::write(&image, "jpeg").unwrap();
        assert!(!missing.refresh(), "a missing file that appears");
    }
}
