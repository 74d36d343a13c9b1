//! Reuse of content-file results between builds, for `shop serve`: a file is read and
//! checked again only when something it depends on changed. What a file depends on is
//! recorded while it is read: its own bytes, and whether each file it names exists (and
//! where it really is, links resolved).
//!
//! When the file watcher says which paths changed ([`LoadCache::changed`]), only results
//! depending on those paths are checked, and a section's list of files is kept unless a
//! Markdown file appeared or a folder changed, as Zola does: checking all 10,000 files of a
//! large shop took a fifth of a rebuild. Without that report every result is checked.
//!
//! A file's metadata (size, modification time, inode) answers for its bytes only when it was
//! last modified well before it was read, as Git does for "racily clean" files: timestamps
//! are coarse, so two writes in one tick can leave the same metadata; a recently modified
//! file is read and compared instead. Reading only the few recent files keeps a rebuild of a
//! 1,000-product shop from opening 1,000 files.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use foldhash::{HashMap, HashSet};

use super::files::SectionFiles;
use super::{Page, Product};
use crate::diagnostics::Diagnostics;
use crate::digest::fingerprint;

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
    /// True when every dependency is unchanged (refreshing their records on the way); with
    /// a watcher's report of what `changed`, when none of them is among it.
    pub(super) fn is_current(&mut self, changed: Option<&Changed>) -> bool {
        match changed {
            Some(changed) if !self.deps.iter().any(|d| changed.touches(&d.path)) => true,
            _ => self.deps.iter_mut().all(Dep::refresh),
        }
    }
}

/// Results by file. Keyed by the path's bytes, which hash and compare several times faster
/// than a `PathBuf`'s components, 10,000 times a rebuild; walks spell paths one way.
pub(super) type Results<T> = HashMap<OsString, Cached<T>>;

/// Results of reading content files, kept between builds of one `shop serve`.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// The `shop.yaml` text the results were made with: every file depends on it.
    config: Option<String>,
    pub(super) products: Results<Arc<Product>>,
    pub(super) pages: Results<Arc<Page>>,
    /// Each section's files at the previous build, by section folder.
    sections: HashMap<PathBuf, Arc<SectionFiles>>,
    /// What changed since the previous build, when the watcher said; used by one build.
    pub(super) changed: Option<Changed>,
}

/// The paths a file watcher reported as changed since the previous build.
#[derive(Debug, Default)]
pub(super) struct Changed {
    /// Paths that are files now.
    files: HashSet<OsString>,
    /// Everything else: folders, removed files, and the shop folder itself when the
    /// watcher lost track; anything below them may have changed.
    folders: Vec<PathBuf>,
}

impl Changed {
    /// True when what is at `path` may have changed.
    pub(super) fn touches(&self, path: &Path) -> bool {
        self.files.contains(path.as_os_str()) || self.folders.iter().any(|f| path.starts_with(f))
    }

    /// True when the Markdown files in `dir` may no longer be `known`: a changed path above
    /// or in it is a folder or a removed file, or a Markdown file not among them.
    fn alters_listing(&self, dir: &Path, known: &SectionFiles) -> bool {
        let new_markdown = self.files.iter().map(Path::new).any(|f| {
            f.starts_with(dir)
                && f.extension().is_some_and(|e| e == "md")
                && !known
                    .originals
                    .iter()
                    .chain(&known.translations)
                    .any(|k| k == f)
        });
        new_markdown
            || self
                .folders
                .iter()
                .any(|f| f.starts_with(dir) || dir.starts_with(f))
    }
}

impl LoadCache {
    /// Records the paths a file watcher reported since the previous build, so the next
    /// build checks only what depends on them. A path outside `root` (as the build sees
    /// it) may stand for anything in it, so it makes every result checked.
    pub fn changed(&mut self, root: &Path, paths: &[PathBuf]) {
        // A build that failed before reading content leaves its report for the next one.
        let changed = self.changed.get_or_insert_with(Changed::default);
        for path in paths {
            let inside = absolute_inside(root, path);
            match inside {
                Some(path) if path.is_file() => changed.files.insert(path.into_os_string()),
                Some(path) => {
                    changed.folders.push(path);
                    true
                }
                None => {
                    changed.folders.push(root.to_path_buf());
                    true
                }
            };
        }
    }

    /// The files of the section in `dir`: the previous build's when nothing changed them,
    /// else `list` run again (and kept when it found no problem).
    pub(super) fn section(
        &mut self,
        dir: PathBuf,
        list: impl FnOnce() -> (SectionFiles, bool),
    ) -> Arc<SectionFiles> {
        if let (Some(changed), Some(known)) = (&self.changed, self.sections.get(&dir))
            && !changed.alters_listing(&dir, known)
        {
            return Arc::clone(known);
        }
        let (files, clean) = list();
        let files = Arc::new(files);
        if clean {
            self.sections.insert(dir, Arc::clone(&files));
        } else {
            self.sections.remove(&dir);
        }
        files
    }

    /// Forgets everything when the config changed, since every result depends on it.
    pub(super) fn use_config(&mut self, source: &str) {
        if self.config.as_deref() != Some(source) {
            *self = LoadCache {
                config: Some(source.to_owned()),
                sections: std::mem::take(&mut self.sections),
                changed: self.changed.take(),
                ..LoadCache::default()
            };
        }
    }
}

/// `path` as a path under `root`, `None` when it is not in the shop folder: relative paths
/// are taken from the current folder, and a path that reaches the shop through a link is
/// resolved (its parent, if it was removed).
fn absolute_inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let lexical = !path.components().any(|c| c == Component::ParentDir);
    if lexical && path.starts_with(root) {
        return Some(path);
    }
    let resolved = path.canonicalize().ok().or_else(|| {
        let parent = path.parent()?.canonicalize().ok()?;
        Some(parent.join(path.file_name()?))
    })?;
    resolved.starts_with(root).then_some(resolved)
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

    #[test]
    fn reported_paths_touch_what_is_at_or_below_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let products = root.join("products");
        std::fs::create_dir_all(&products).unwrap();
        let apron = products.join("apron.md");
        std::fs::write(&apron, "a").unwrap();
        let mut cache = LoadCache::default();
        cache.changed(&root, std::slice::from_ref(&apron));
        let changed = cache.changed.take().unwrap();
        assert!(changed.touches(&apron));
        assert!(!changed.touches(&products.join("vase.md")));
        let known = SectionFiles {
            originals: vec![apron.clone()],
            translations: Vec::new(),
        };
        assert!(
            !changed.alters_listing(&products, &known),
            "a known file was saved"
        );
        let mut cache = LoadCache::default();
        cache.changed(&root, &[products.join("gone.md"), root.join("../x.md")]);
        let changed = cache.changed.take().unwrap();
        assert!(changed.touches(&apron), "outside the shop: everything");
        assert!(changed.alters_listing(&products, &known));
        let mut cache = LoadCache::default();
        std::fs::write(products.join("new.md"), "n").unwrap();
        cache.changed(&root, &[products.join("new.md")]);
        let changed = cache.changed.take().unwrap();
        assert!(changed.alters_listing(&products, &known), "a new file");
    }
}
