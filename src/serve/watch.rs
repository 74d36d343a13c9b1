//! Watching the shop folder: file events, debounced into one batch per save, with the
//! output, cache, version-control and editor temporary files left out.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::output::MARKER;

/// Quiet time after the last event before a batch is handed on: editors write a file in
/// several steps (temp file, rename, chmod), and one save should be one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Folders directly under the shop folder whose changes never affect the site, besides the
/// output and image cache folders: version control and other tools' work.
const TOOL_FOLDERS: &[&str] = &[".git", "node_modules", "target"];

/// Where `shop serve` would build to: the output folder of `shop build` by default.
const OUTPUT_FOLDER: &str = "public";

/// What the watcher leaves out. Folders count only directly under the shop folder, where the
/// output, the cache and the tools put them: a product folder may well be called `target`.
#[derive(Debug, Clone)]
pub struct Ignored {
    root: PathBuf,
    /// The output, image cache, version control and tool folders, as absolute paths.
    folders: Vec<PathBuf>,
}

impl Ignored {
    /// The rules for the shop in `root`, whose image cache is `cache` (relative to `root`,
    /// as `images.cache` in `shop.yaml` says).
    pub fn new(root: &Path, cache: &Path) -> Ignored {
        let folders = [OUTPUT_FOLDER]
            .iter()
            .chain(TOOL_FOLDERS)
            .map(|name| root.join(name))
            .chain([root.join(cache)])
            .collect();
        Ignored {
            root: root.to_path_buf(),
            folders,
        }
    }

    /// True for changes that cannot affect the site: in the output, the image cache, version
    /// control, a folder `shop build` made (it carries [`MARKER`]), and editor swap, backup
    /// and temporary files.
    pub fn contains(&self, path: &Path) -> bool {
        self.folders.iter().any(|folder| path.starts_with(folder))
            || self.in_built_folder(path)
            || is_temporary(path)
    }

    /// True for a path in a folder directly under the shop folder that carries the build
    /// marker, such as the output of `shop build -o site`. Asked of the filesystem each time:
    /// such a folder can appear while the server runs.
    fn in_built_folder(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        match relative.components().next() {
            Some(Component::Normal(first)) => self.root.join(first).join(MARKER).is_file(),
            _ => false,
        }
    }
}

/// True for the swap, backup and temporary files editors and browsers write beside a file.
fn is_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with('#')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name.starts_with(".goutputstream")
        || name == ".DS_Store"
}

/// A running watch; dropping it stops watching.
pub struct Watch {
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    ignored: Ignored,
}

impl Watch {
    /// Starts watching `root` recursively. The folder is watched by its canonical path, as
    /// the preview builds it ([`super::rebuild::Preview::start`]), so the paths reported
    /// match the paths the build depends on. `cache` is the image cache folder, relative to
    /// `root`.
    pub fn start(root: &Path, cache: &Path) -> notify::Result<Watch> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        watcher.watch(&root, RecursiveMode::Recursive)?;
        Ok(Watch {
            _watcher: watcher,
            events,
            ignored: Ignored::new(&root, cache),
            root,
        })
    }

    /// Follows a change of `images.cache` in `shop.yaml`.
    pub fn set_cache_folder(&mut self, cache: &Path) {
        self.ignored = Ignored::new(&self.root, cache);
    }

    /// Waits for the next save and returns the paths it touched, once events have been
    /// quiet for [`DEBOUNCE`]; `None` when watching has stopped.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        loop {
            let mut batch = Vec::new();
            collect(&self.ignored, self.events.recv().ok()?, &mut batch);
            loop {
                match self.events.recv_timeout(DEBOUNCE) {
                    Ok(event) => collect(&self.ignored, event, &mut batch),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if !batch.is_empty() {
                batch.sort();
                batch.dedup();
                return Some(batch);
            }
        }
    }
}

/// Adds the paths an event touched to `batch`; when the watcher lost events (its queue
/// overflowed) or failed, the shop folder itself, so the rebuild checks everything.
fn collect(ignored: &Ignored, event: notify::Result<notify::Event>, batch: &mut Vec<PathBuf>) {
    let event = match event {
        Ok(event) if !event.need_rescan() => event,
        _ => {
            batch.push(ignored.root.clone());
            return;
        }
    };
    if event.kind.is_access() {
        return;
    }
    batch.extend(event.paths.into_iter().filter(|p| !ignored.contains(p)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_events_stand_for_the_whole_shop() {
        use notify::event::{EventKind, Flag, ModifyKind};
        let root = Path::new("/shop");
        let ignored = Ignored::new(root, Path::new(".shop-cache"));
        let mut batch = Vec::new();
        let saved = notify::Event::new(EventKind::Modify(ModifyKind::Any))
            .add_path(root.join("products/apron.md"));
        collect(&ignored, Ok(saved), &mut batch);
        assert_eq!(batch, [root.join("products/apron.md")]);
        let overflow = notify::Event::new(EventKind::Other).set_flag(Flag::Rescan);
        collect(&ignored, Ok(overflow), &mut batch);
        collect(&ignored, Err(notify::Error::generic("gone")), &mut batch);
        assert_eq!(batch[1..], [root.to_path_buf(), root.to_path_buf()]);
    }

    #[test]
    fn ignores_output_caches_and_editor_files() {
        let root = Path::new("/shop");
        let ignored = Ignored::new(root, Path::new("build/images"));
        for path in [
            "/shop/public/index.html",
            "/shop/build/images/x.webp",
            "/shop/.git/index",
            "/shop/node_modules/a/b.js",
            "/shop/target/debug/x",
            "/shop/products/.apron.md.swp",
            "/shop/products/apron.md~",
            "/shop/products/.#apron.md",
            "/shop/products/4913",
        ] {
            assert!(ignored.contains(Path::new(path)), "{path}");
        }
        for path in [
            "/shop/products/apron.md",
            "/shop/shop.yaml",
            "/shop/static/a.css",
            "/shop/products/target/index.md",
            "/shop/products/public/index.md",
            "/shop/pages/.git/x.md",
            "/shop/.shop-cache/x",
            "/shop/build/other.md",
        ] {
            assert!(!ignored.contains(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn ignores_folders_a_build_made() {
        let shop = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(shop.path().join("site/products")).unwrap();
        std::fs::create_dir_all(shop.path().join("products/site")).unwrap();
        std::fs::write(shop.path().join("site").join(MARKER), "").unwrap();
        std::fs::write(shop.path().join("products/site").join(MARKER), "").unwrap();
        let ignored = Ignored::new(shop.path(), Path::new(".shop-cache"));
        assert!(ignored.contains(&shop.path().join("site/products/index.html")));
        assert!(!ignored.contains(&shop.path().join("products/site/index.md")));
        assert!(!ignored.contains(&shop.path().join("products/apron.md")));
    }
}
