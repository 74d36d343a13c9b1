//! The files a sync changes, written so that a run stopped between any two writes is
//! finished by the next: first a journal holding every file's new text, then each file
//! (whole, through a temporary file and a rename), then the journal is removed. A run that
//! finds a journal writes it out again before anything else, so the ledger, `stock.csv`
//! and the sync state never disagree, and no sale is counted twice or lost.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{CRASH_EXIT, CRASH_VARIABLE, SalesError};

/// What `orders sync` remembers between runs, beside the ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct SyncState {
    /// The creation time (seconds since 1970) of the newest session seen: the next run
    /// lists from a little before it.
    #[serde(default)]
    pub cursor: i64,
    /// Sessions whose payment is still on its way (bank transfers, SEPA debits): every run
    /// asks again until they are paid or failed.
    #[serde(default)]
    pub pending: Vec<String>,
}

/// Every file of a sync: the ledger, `stock.csv`, and the state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Changes {
    /// The ledger's new text.
    pub ledger: String,
    /// `stock.csv`'s new text, when it changes.
    pub stock: Option<String>,
    /// The new state.
    pub state: SyncState,
}

/// Where a sync's files are.
#[derive(Debug, Clone)]
pub(super) struct Paths {
    /// The ledger.
    pub ledger: PathBuf,
    /// `stock.csv`.
    pub stock: PathBuf,
    /// The sync state, beside the ledger.
    pub state: PathBuf,
    /// The journal, beside the ledger.
    pub journal: PathBuf,
}

impl Paths {
    /// The files of the shop at `root` with its ledger at `ledger` (relative to `root`).
    pub fn of(root: &Path, ledger: &Path) -> Paths {
        let ledger = root.join(ledger);
        let beside = |suffix: &str| {
            let mut name = ledger.file_stem().unwrap_or_default().to_os_string();
            name.push(suffix);
            ledger.with_file_name(name)
        };
        Paths {
            stock: root.join(crate::content::STOCK_FILE),
            state: beside(".state.json"),
            journal: beside(".journal.json"),
            ledger,
        }
    }

    /// The state of the last run; none before the first.
    pub fn read_state(&self) -> Result<SyncState, SalesError> {
        read_json(&self.state).map(Option::unwrap_or_default)
    }

    /// Writes what a stopped run left in its journal; true if it left one.
    pub fn finish_stopped_run(&self) -> Result<bool, SalesError> {
        let Some(changes) = read_json::<Changes>(&self.journal)? else {
            return Ok(false);
        };
        self.write(&changes)?;
        Ok(true)
    }

    /// Writes every file of `changes`, journal first.
    pub fn write(&self, changes: &Changes) -> Result<(), SalesError> {
        let journal = serde_json::to_string(changes).unwrap_or_default();
        if let Some(folder) = self.ledger.parent() {
            std::fs::create_dir_all(folder).map_err(|source| failed(folder, source))?;
        }
        write_step(1, &self.journal, journal.as_bytes())?;
        write_step(2, &self.ledger, changes.ledger.as_bytes())?;
        if let Some(stock) = &changes.stock {
            write_step(3, &self.stock, stock.as_bytes())?;
        }
        let state = serde_json::to_string_pretty(&changes.state).unwrap_or_default() + "\n";
        write_step(4, &self.state, state.as_bytes())?;
        crash_point(5);
        std::fs::remove_file(&self.journal).map_err(|source| failed(&self.journal, source))
    }
}

/// Writes `path` whole, after the crash point `step`.
fn write_step(step: u32, path: &Path, contents: &[u8]) -> Result<(), SalesError> {
    crash_point(step);
    crate::fs::write_whole(path, contents).map_err(|source| failed(path, source))
}

/// Stops the process here when [`CRASH_VARIABLE`] names this step (tests only).
fn crash_point(step: u32) {
    if std::env::var(CRASH_VARIABLE).is_ok_and(|v| v.trim() == step.to_string()) {
        eprintln!("stopped before write {step} ({CRASH_VARIABLE})");
        std::process::exit(CRASH_EXIT);
    }
}

fn failed(path: &Path, source: std::io::Error) -> SalesError {
    SalesError::File {
        action: "write",
        path: path.to_path_buf(),
        source,
    }
}

/// A JSON file, or `None` when there is none.
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, SalesError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SalesError::File {
                action: "read",
                path: path.to_path_buf(),
                source,
            });
        }
    };
    serde_json::from_str(&text).map(Some).map_err(|err| {
        let position = crate::diagnostics::Position::new(err.line().max(1), err.column().max(1));
        SalesError::Invalid(crate::diagnostics::Diagnostics(vec![
            crate::diagnostics::Diagnostic::error(path, position, format!("cannot read it: {err}"))
                .with_hint("it is written by `shop orders sync`: restore it from version control (`git checkout`), or delete it to read Stripe's sessions again (orders already in the ledger are not recorded twice)")
                .with_source(&text),
        ]))
    })
}
