//! `shop stripe sync`: the shop folder as the single source of truth for Stripe. Every
//! product and variant sold with `buy: {stripe: auto}` gets a Stripe Product, Price and
//! Payment Link made from its files, recorded in `stripe.lock` as they are made; `--check`
//! changes nothing and reports, at the line of the shop's file, wherever Stripe and the shop
//! disagree.
//!
//! Like [`crate::serve`], this sits above the pipeline: it loads the shop with
//! [`crate::load`] and reads the lock through [`crate::content::stripe_lock`]. The work is
//! done in the submodules: `client` (HTTP, the key, Stripe's errors), `units` (what the shop
//! sells through Stripe), `sync` (making Stripe match) and `check` (comparing).

mod check;
pub(crate) mod client;
mod sync;
pub(crate) mod units;

use std::path::Path;

use crate::content::Drafts;
use crate::content::stripe_lock::LOCK_FILE;
use crate::diagnostics::Diagnostics;
use crate::{BuildCache, BuildOptions, Error};

pub use client::{API_VARIABLE, DEFAULT_API, KEY_VARIABLE, STRIPE_VERSION};

/// Why a Stripe command could not finish. Every message says what to do, and none shows
/// the key.
#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    /// `STRIPE_SECRET_KEY` is not set.
    #[error(
        "STRIPE_SECRET_KEY is not set: create a restricted key in the Stripe Dashboard (Developers > API keys) with the permissions docs/payments.md lists, and run the command with it, such as `STRIPE_SECRET_KEY=rk_test_… shop stripe sync`"
    )]
    MissingKey,
    /// Something else than a secret or restricted key.
    #[error(
        "STRIPE_SECRET_KEY does not hold a Stripe secret key: copy a restricted key (`rk_test_…` or `rk_live_…`) from the Stripe Dashboard, Developers > API keys; a publishable key (`pk_…`) cannot change anything"
    )]
    NotAKey,
    /// Stripe answered 401.
    #[error(
        "Stripe did not accept the key in STRIPE_SECRET_KEY: copy it again from the Stripe Dashboard (Developers > API keys); it may have been rolled or deleted"
    )]
    KeyRefused,
    /// Stripe answered 403: a restricted key without a permission.
    #[error(
        "the key in STRIPE_SECRET_KEY may not {} {resource} (Stripe refused {request}{}): in the Stripe Dashboard, Developers > API keys, edit the restricted key and set “{resource}” to “{access}”",
        if *access == "Read" { "read" } else { "change" },
        needed.as_ref().map(|p| format!(", needs `{p}`")).unwrap_or_default()
    )]
    Permission {
        /// `POST /v1/payment_links`.
        request: String,
        /// The Dashboard's name of the resource: `Payment Links`.
        resource: &'static str,
        /// `Read` or `Write`.
        access: &'static str,
        /// The permission Stripe named, such as `rak_plink_write`.
        needed: Option<String>,
    },
    /// No answer: no network, a cut connection, a timeout.
    #[error(
        "could not reach Stripe at {api}: {reason}. Check the connection and run the command again: what was made so far is in {LOCK_FILE} or findable in Stripe, and the next run finishes the work without making anything twice"
    )]
    Network {
        /// The API address.
        api: String,
        /// What failed.
        reason: String,
    },
    /// Stripe refused a request for another reason; its own message says which.
    #[error("Stripe refused {request} (HTTP {status}): {message}")]
    Refused {
        /// `POST /v1/prices`.
        request: String,
        /// The HTTP status.
        status: u16,
        /// Stripe's message.
        message: String,
    },
    /// The answer was not Stripe's JSON.
    #[error(
        "the answer to {request} (HTTP {status}) is not Stripe's: check that SHOP_STRIPE_API is unset, or the address of a Stripe API"
    )]
    Unreadable {
        /// `GET /v1/products`.
        request: String,
        /// The HTTP status.
        status: u16,
    },
    /// `SHOP_STRIPE_API` is not an https address.
    #[error(
        "SHOP_STRIPE_API is `{0}`, which is not an https address: leave it unset to reach Stripe (plain http is taken only for a test server on 127.0.0.1 or localhost)"
    )]
    BadApi(String),
    /// The lock file could not be written.
    #[error("cannot write {LOCK_FILE}: {0}; what Stripe made is found again by the next run")]
    Lock(std::io::Error),
    /// The shop's files have mistakes, or (`--check`) Stripe and the shop disagree.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// The shop could not be loaded.
    #[error(transparent)]
    Shop(#[from] Error),
}

impl StripeError {
    /// A failure that may pass by itself: no answer, a request in conflict with another
    /// (409), too many requests (429), or an error on Stripe's side (5xx).
    pub fn is_transient(&self) -> bool {
        match self {
            StripeError::Network { .. } => true,
            StripeError::Refused { status, .. } => matches!(status, 409 | 429 | 500..=599),
            _ => false,
        }
    }
}

pub use check::{Checked, check};
pub use sync::{Synced, sync};

/// The shop as the build sees it (drafts left out: they are not sold). Its warnings are the
/// build's to print.
pub(crate) fn load_shop(root: &Path) -> Result<crate::content::Site, StripeError> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: Drafts::Exclude,
        images: crate::images::Work::Plan,
        preview: false,
    };
    Ok(crate::load(&options, &mut BuildCache::default())?.0)
}
