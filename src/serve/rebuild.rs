//! The preview's state: the site last built, swapped in whole after every complete rebuild,
//! so a request sees either the old site or the new one, never a mix.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use super::livereload::{Broadcaster, Event};
use crate::diagnostics::{Diagnostic, Diagnostics, Position, display_path};
use crate::output::Output;
use crate::{BuildCache, BuildOptions, Error};

/// What one request serves from: a complete build, and the errors of a later failed one.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Counts builds and failed builds, so pages can tell a new state from the one they show.
    pub generation: u64,
    /// The last good site.
    pub output: Arc<Output>,
    /// Diagnostics of the last build when it failed; shown over every page.
    pub errors: Option<Arc<Diagnostics>>,
    /// Warnings of the last good site; shown in a banner on every page.
    pub warnings: Arc<Diagnostics>,
}

/// What a rebuild did, for the terminal.
#[derive(Debug)]
pub enum Outcome {
    /// The new site is served.
    Built {
        /// How long the build took.
        took: Duration,
        /// Counts and stage timings of the build.
        stats: crate::Stats,
        /// Warnings of the build.
        warnings: Diagnostics,
    },
    /// The build failed; the last good site stays served with an overlay.
    Failed(Diagnostics),
}

/// A served, rebuildable site: the library's rebuild API for `shop serve` and its tests.
pub struct Preview {
    options: BuildOptions,
    /// Work kept between rebuilds; only the watcher thread rebuilds, the lock only makes
    /// that visible to the compiler.
    cache: Mutex<BuildCache>,
    /// Identifies this server run, so a page that reconnects after a restart reloads.
    run: u128,
    current: RwLock<Snapshot>,
    /// Connected pages.
    pub events: Broadcaster,
}

impl Preview {
    /// Builds the site for the first time; fails when it cannot build at all, since there is
    /// no earlier site to fall back on.
    pub fn start(mut options: BuildOptions) -> Result<(Preview, Outcome), Error> {
        let started = Instant::now();
        // Watchers report absolute paths; the build's own must be comparable with them.
        if let Ok(root) = options.root.canonicalize() {
            options.root = root;
        }
        let mut cache = BuildCache::default();
        let built = crate::build_in_memory_cached(&options, &mut cache, &crate::images::Silent)?;
        let snapshot = Snapshot {
            generation: 1,
            output: Arc::new(built.output),
            errors: None,
            warnings: Arc::new(built.warnings.clone()),
        };
        let outcome = Outcome::Built {
            took: started.elapsed(),
            stats: built.stats,
            warnings: built.warnings,
        };
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let preview = Preview {
            options,
            cache: Mutex::new(cache),
            run,
            current: RwLock::new(snapshot),
            events: Broadcaster::default(),
        };
        Ok((preview, outcome))
    }

    /// The image cache folder, relative to the shop folder, as `shop.yaml` names it now (the
    /// default while it does not load): the watcher leaves it out. Reading `shop.yaml` again
    /// costs far less than the rebuild it follows.
    pub fn cache_folder(&self) -> PathBuf {
        crate::config::load(&self.options.root, self.options.base_url.as_deref())
            .map(|config| config.images.cache)
            .unwrap_or_else(|_| crate::config::ImagesConfig::default().cache)
    }

    /// What a page hears first on its event stream: this run and the build it will see.
    pub fn hello(&self) -> String {
        format!("{}-{}", self.run, self.snapshot().generation)
    }

    /// The state to answer a request from.
    pub fn snapshot(&self) -> Snapshot {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Rebuilds after `changed` files changed, swaps the result in, then tells the pages:
    /// `css` when only stylesheets changed, `reload` otherwise. `changed` must name every
    /// path changed since the last build (a folder stands for all below it): what depends
    /// on nothing in it is reused unchecked.
    pub fn rebuild(&self, changed: &[PathBuf]) -> Outcome {
        let started = Instant::now();
        let result = self.build(changed);
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        let generation = current.generation + 1;
        let (snapshot, outcome) = match result {
            Ok(built) => (
                Snapshot {
                    generation,
                    output: Arc::new(built.output),
                    errors: None,
                    warnings: Arc::new(built.warnings.clone()),
                },
                Outcome::Built {
                    took: started.elapsed(),
                    stats: built.stats,
                    warnings: built.warnings,
                },
            ),
            Err(diagnostics) => (
                Snapshot {
                    generation,
                    output: current.output.clone(),
                    errors: Some(Arc::new(diagnostics.clone())),
                    warnings: current.warnings.clone(),
                },
                Outcome::Failed(diagnostics),
            ),
        };
        let css_only = snapshot.errors.is_none()
            && current.errors.is_none()
            && !changed.is_empty()
            && changed.iter().all(|p| is_stylesheet(p));
        let previous = std::mem::replace(&mut *current, snapshot);
        drop(current);
        self.events.send(&if css_only {
            Event::Css(generation)
        } else {
            Event::Reload(generation)
        });
        // Freeing 30,000 files of the old site waits until the pages have heard.
        drop(previous);
        outcome
    }

    /// Builds with the work kept from the last build. A failure of any kind, a panic
    /// included, comes back as diagnostics for the overlay: the watcher thread must outlive
    /// any bug in a build, or no later save would be built. After a panic the kept work
    /// may be half updated, so it is dropped and the next build starts afresh.
    fn build(&self, changed: &[PathBuf]) -> Result<crate::Built, Diagnostics> {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.changed(&self.options.root, changed);
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            panic_if_asked(changed);
            crate::build_in_memory_cached(&self.options, &mut cache, &crate::images::Silent)
        }));
        match result {
            Ok(Ok(built)) => Ok(built),
            Ok(Err(Error::Invalid(diagnostics))) => Err(diagnostics),
            Ok(Err(Error::Render(render))) => Err(late_failure("templates", render.to_string())),
            Ok(Err(Error::Output(output))) => Err(late_failure("static", output.to_string())),
            Err(payload) => {
                *cache = BuildCache::default();
                Err(crashed(&self.options.root, changed, payload.as_ref()))
            }
        }
    }
}

/// Makes a rebuild panic when a file named as `SHOP_TEST_PANIC_ON` says changed, so the
/// tests can check that a crashing build leaves the server working without depending on
/// some real bug. Debug builds only: a release binary never reads the variable.
fn panic_if_asked(changed: &[PathBuf]) {
    #[cfg(debug_assertions)]
    if let Some(name) = std::env::var_os("SHOP_TEST_PANIC_ON")
        && changed.iter().any(|path| path.file_name() == Some(&name))
    {
        panic!("SHOP_TEST_PANIC_ON: {}", name.to_string_lossy());
    }
    #[cfg(not(debug_assertions))]
    let _ = changed;
}

/// A build that panicked, as a diagnostic at the file whose save started it.
fn crashed(root: &Path, changed: &[PathBuf], payload: &(dyn Any + Send)) -> Diagnostics {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    let place = changed
        .first()
        .map(|path| display_path(root, path))
        .unwrap_or_else(|| PathBuf::from("shop.yaml"));
    Diagnostics(vec![
        Diagnostic::error(
            place,
            Position::START,
            format!("the build crashed: {message}"),
        )
        .with_hint(
            "this is a bug in shop, not in your files: please report it with this message \
                 and the file you saved. Saving any file builds again from scratch",
        ),
    ])
}

/// A failure found after validation, as a diagnostic the overlay can show.
fn late_failure(place: &str, message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(place, Position::START, message)])
}

fn is_stylesheet(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "css")
}
