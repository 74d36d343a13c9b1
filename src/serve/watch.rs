//! Watching the shop folder: file events, debounced into one batch per save, with the
//! output, cache, version-control and editor temporary files left out.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// Quiet time after the last event before a batch is handed on: editors write a file in
/// several steps (temp file, rename, chmod), and one save should be one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Folders whose changes never affect the site.
const IGNORED_FOLDERS: &[&str] = &["public", ".shop-cache", ".git", "node_modules", "target"];

/// True for changes that cannot affect the site: the output, caches, version control, and
/// editor swap, backup and temporary files.
pub fn is_ignored(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let in_ignored_folder = relative.components().any(|c| match c {
        Component::Normal(name) => IGNORED_FOLDERS.iter().any(|f| name == *f),
        _ => false,
    });
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temporary = name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with('#')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name.starts_with(".goutputstream")
        || name == ".DS_Store";
    in_ignored_folder || temporary
}

/// A running watch; dropping it stops watching.
pub struct Watch {
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

impl Watch {
    /// Starts watching `root` recursively. The folder is watched by its canonical path, as
    /// the preview builds it ([`super::rebuild::Preview::start`]), so the paths reported
    /// match the paths the build depends on.
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        watcher.watch(&root, RecursiveMode::Recursive)?;
        Ok(Watch {
            _watcher: watcher,
            events,
            root,
        })
    }

    /// Waits for the next save and returns the paths it touched, once events have been
    /// quiet for [`DEBOUNCE`]; `None` when watching has stopped.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        loop {
            let mut batch = Vec::new();
            collect(&self.root, self.events.recv().ok()?, &mut batch);
            loop {
                match self.events.recv_timeout(DEBOUNCE) {
                    Ok(event) => collect(&self.root, event, &mut batch),
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
fn collect(root: &Path, event: notify::Result<notify::Event>, batch: &mut Vec<PathBuf>) {
    let event = match event {
        Ok(event) if !event.need_rescan() => event,
        _ => {
            batch.push(root.to_path_buf());
            return;
        }
    };
    if event.kind.is_access() {
        return;
    }
    batch.extend(event.paths.into_iter().filter(|p| !is_ignored(root, p)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_events_stand_for_the_whole_shop() {
        use notify::event::{EventKind, Flag, ModifyKind};
        let root = Path::new("/shop");
        let mut batch = Vec::new();
        let saved = notify::Event::new(EventKind::Modify(ModifyKind::Any))
            .add_path(root.join("products/apron.md"));
        collect(root, Ok(saved), &mut batch);
        assert_eq!(batch, [root.join("products/apron.md")]);
        let overflow = notify::Event::new(EventKind::Other).set_flag(Flag::Rescan);
        collect(root, Ok(overflow), &mut batch);
        collect(root, Err(notify::Error::generic("gone")), &mut batch);
        assert_eq!(batch[1..], [root.to_path_buf(), root.to_path_buf()]);
    }

    #[test]
    fn ignores_output_caches_and_editor_files() {
        let root = Path::new("/shop");
        for ignored in [
            "/shop/public/index.html",
            "/shop/.shop-cache/x",
            "/shop/.git/index",
            "/shop/products/.apron.md.swp",
            "/shop/products/apron.md~",
            "/shop/products/.#apron.md",
            "/shop/products/4913",
        ] {
            assert!(is_ignored(root, Path::new(ignored)), "{ignored}");
        }
        for watched in [
            "/shop/products/apron.md",
            "/shop/shop.yaml",
            "/shop/static/a.css",
        ] {
            assert!(!is_ignored(root, Path::new(watched)), "{watched}");
        }
    }
}
