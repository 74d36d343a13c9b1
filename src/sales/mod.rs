//! The sales side of `shop orders` (`sync`, `record`, `report`): sales come back into the
//! shop folder. `orders sync` reads the completed Checkout Sessions from Stripe into an
//! order ledger (`orders/ledger.csv`), lowers `stock.csv` by what sold, and keeps each
//! Payment Link from selling more than is left. `orders record --code` prices a basket's
//! order code with the `orders` module's `quote`, which knows nothing of sales.
//!
//! Like [`crate::stripe`], this sits above the pipeline: it loads the shop with the build's
//! loader and talks to Stripe through [`crate::stripe`]'s client. The submodules: `ledger`
//! (the ledger file), `stock_file` (rewriting `stock.csv` line by line), `files` (writing
//! every file whole, through a journal, so a run stopped anywhere is finished by the next),
//! `sync` (Stripe's sessions and links), `record` (sales made elsewhere) and `report` (the
//! seller's week).

mod files;
mod ledger;
mod record;
mod report;
mod stock_file;
mod sync;

use std::path::{Path, PathBuf};

use crate::stripe::StripeError;

pub use ledger::{LEDGER_COLUMNS, Row};
pub use record::{Recorded, Sale, record, record_code};
pub use report::{Report, report};
pub use sync::{Synced, sync};

/// The environment variable that stops `shop orders sync` just before its Nth file write
/// (1: the journal, 2: the ledger, 3: `stock.csv`, 4: the sync state, 5: removing the
/// journal), exiting with [`CRASH_EXIT`]: how the tests show a run stopped anywhere is
/// finished by the next.
pub const CRASH_VARIABLE: &str = "SHOP_ORDERS_CRASH_AT";

/// The exit code of a run stopped by [`CRASH_VARIABLE`].
pub const CRASH_EXIT: i32 = 86;

/// Why an orders command could not finish.
#[derive(Debug, thiserror::Error)]
pub enum SalesError {
    /// Talking to Stripe, or loading the shop, failed.
    #[error(transparent)]
    Stripe(#[from] StripeError),
    /// A file could not be read or written.
    #[error("cannot {action} {}: {source}; nothing is lost: the next run finishes the work", path.display())]
    File {
        /// `read` or `write`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// A sale typed for `orders record` that cannot be recorded.
    #[error("{0}")]
    Sale(String),
    /// An order code `orders record --code` cannot price: every problem, as `orders quote`
    /// says them.
    #[error("this order code cannot be recorded ({}): nothing was written", problems(.0.len()))]
    Code(Vec<crate::orders::QuoteError>),
    /// The ledger or the sync state cannot be read.
    #[error("{0}")]
    Invalid(crate::diagnostics::Diagnostics),
}

/// `1 problem`, `2 problems`.
fn problems(n: usize) -> String {
    format!("{n} problem{}", if n == 1 { "" } else { "s" })
}

/// The shop at `root` as the build sees it, after finishing the files a stopped run left
/// (so the stock read is the stock written).
fn crash_free_load(
    root: &Path,
    say: &mut dyn FnMut(&str),
) -> Result<(crate::content::Site, files::Paths), SalesError> {
    let site = crate::stripe::load_shop(root)?;
    let paths = files::Paths::of(root, &site.config.orders.ledger);
    if !paths.finish_stopped_run()? {
        return Ok((site, paths));
    }
    say("finished the files a stopped run left");
    Ok((crate::stripe::load_shop(root)?, paths))
}
