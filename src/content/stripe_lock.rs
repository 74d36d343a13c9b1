//! `stripe.lock` at the shop's root: what `shop stripe sync` made in Stripe for each SKU
//! sold with `buy: {stripe: auto}` (product, price and Payment Link ids, the link's URL, the
//! amount, test or live mode, and the ids the SKU had before). It is meant to be committed:
//! a build reads it to give `stripe: auto` its link, so the Markdown is never rewritten,
//! and orders on an old link still map to their SKU.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Product;
use super::buy::{self, BuyLink, LinkProvider};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::fs::read_optional;

/// The file's name in the shop folder.
pub const LOCK_FILE: &str = "stripe.lock";

/// What the file says about itself, for a seller who opens it.
const ABOUT: &str = "Written by `shop stripe sync`: the Stripe objects of each SKU sold with `stripe: auto`. Commit it; do not edit it by hand.";

/// Which of a Stripe account's two sets of objects an id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Test mode: no real money moves.
    Test,
    /// Live mode.
    Live,
}

impl Mode {
    /// As written in the file and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "test",
            Mode::Live => "live",
        }
    }
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripeLock {
    /// What the file is, for whoever opens it.
    #[serde(default, rename = "_about")]
    pub about: String,
    /// The shipping rates made from `shipping:` in `shop.yaml`, by what they are made of.
    #[serde(default)]
    pub shipping_rates: BTreeMap<String, LockedRate>,
    /// Each SKU's objects.
    #[serde(default)]
    pub skus: BTreeMap<String, LockEntry>,
}

/// A Stripe shipping rate made from one entry of `shipping:`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedRate {
    /// Test or live.
    pub mode: Mode,
    /// `shr_…`.
    pub id: String,
}

/// One SKU's Stripe objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockEntry {
    /// Test or live.
    pub mode: Mode,
    /// `prod_…`.
    pub product: String,
    /// `price_…`: what the link charges.
    pub price: String,
    /// `plink_…`.
    pub link: String,
    /// The Payment Link's address, which the build puts on the page.
    pub url: String,
    /// In Stripe's minor units.
    pub amount: i64,
    /// Lower-case ISO code, as Stripe writes it.
    pub currency: String,
    /// Links the SKU had before its price changed (deactivated), so sales made on them
    /// still map to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<EarlierLink>,
}

/// A price and link a SKU no longer sells through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierLink {
    /// `price_…`.
    pub price: String,
    /// `plink_…`.
    pub link: String,
    /// The link's address.
    pub url: String,
    /// In Stripe's minor units.
    pub amount: i64,
    /// Lower-case ISO code.
    pub currency: String,
}

impl StripeLock {
    /// Reads the shop's lock file; an empty lock when there is none, and a diagnostic at
    /// the line and column where it cannot be read.
    pub fn read(root: &Path) -> Result<StripeLock, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let Some(text) = read_optional(root, LOCK_FILE, &mut diagnostics) else {
            return if diagnostics.is_empty() {
                Ok(StripeLock::default())
            } else {
                Err(diagnostics)
            };
        };
        serde_json::from_str(&text).map_err(|err| {
            let position = Position::new(err.line().max(1), err.column().max(1));
            Diagnostics(vec![
                Diagnostic::error(LOCK_FILE, position, format!("cannot read {LOCK_FILE}: {err}"))
                    .with_hint(format!(
                        "restore it from version control (`git checkout {LOCK_FILE}`), or delete it and run `shop stripe sync`, which finds the Stripe objects again"
                    ))
                    .with_source(&text),
            ])
        })
    }

    /// Writes the file whole or not at all ([`crate::fs::write_whole`]), so a run stopped at
    /// any moment leaves the old or the new lock, never half.
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        let lock = StripeLock {
            about: ABOUT.to_owned(),
            ..self.clone()
        };
        let mut text = serde_json::to_string_pretty(&lock).map_err(std::io::Error::other)?;
        text.push('\n');
        crate::fs::write_whole(&root.join(LOCK_FILE), text.as_bytes())
    }
}

/// Gives every `stripe: auto` its Payment Link from `stripe.lock`: a warning where the
/// lock has none yet, and the test-mode warning a pasted test link gets.
pub(super) fn apply_stripe_lock(
    root: &Path,
    products: &mut [Arc<Product>],
    diagnostics: &mut Diagnostics,
) {
    if !products.iter().any(|p| sells_automatically(p)) {
        return;
    }
    let lock = match StripeLock::read(root) {
        Ok(lock) => lock,
        Err(found) => return diagnostics.extend(found),
    };
    for product in products.iter_mut() {
        if !sells_automatically(product) {
            continue;
        }
        let product = Arc::make_mut(product);
        let mut found = Vec::new();
        if product.variants.is_empty() {
            let sku = product.sku.clone();
            let entry = lock_link(&lock, sku.as_deref(), "buy.stripe", product, &mut found);
            if let Some(link) = entry {
                product.buy.links.insert(0, link);
            }
        }
        for i in 0..product.variants.len() {
            if !product.variants[i].buy.stripe_auto {
                continue;
            }
            let own = format!("variants.{i}.buy.stripe");
            let key = match product.origin.positions.find(&own) {
                Some(_) => own,
                None => "buy.stripe".to_owned(),
            };
            let sku = product.variants[i].sku.clone();
            if let Some(link) = lock_link(&lock, sku.as_deref(), &key, product, &mut found) {
                product.variants[i].buy.links.insert(0, link);
            }
        }
        let urls: Vec<&str> = product.buy.links.iter().map(|l| l.url.as_str()).collect();
        product.fingerprint = crate::digest::fingerprint((product.fingerprint, urls));
        diagnostics.extend(Diagnostics(found));
    }
}

/// True when the product or one of its variants is sold with `stripe: auto`.
fn sells_automatically(product: &Product) -> bool {
    product.buy.stripe_auto || product.variants.iter().any(|v| v.buy.stripe_auto)
}

/// The link `stripe.lock` holds for `sku`, with a warning at `key` when it holds none or a
/// test-mode one. Without a SKU the loader has already said what is wrong.
fn lock_link(
    lock: &StripeLock,
    sku: Option<&str>,
    key: &str,
    product: &Product,
    found: &mut Vec<Diagnostic>,
) -> Option<BuyLink> {
    let sku = sku?;
    let at = product.origin.positions.value(key);
    let warning = |message: String, hint: &str| {
        Diagnostic::warning(&product.file, at, message)
            .with_hint(hint)
            .with_source(&product.origin.source)
    };
    let Some(entry) = lock.skus.get(sku) else {
        found.push(warning(
            format!("`stripe: auto` has no Payment Link yet: {LOCK_FILE} has no entry for SKU `{sku}`"),
            "run `shop stripe sync` to create it in Stripe (docs/payments.md); until then the page has no Stripe button",
        ));
        return None;
    };
    if entry.mode == Mode::Test || buy::is_stripe_test_link(&entry.url) {
        found.push(warning(
            format!("{} ({LOCK_FILE}, SKU `{sku}`)", buy::TEST_MODE),
            "run `shop stripe sync` with a live-mode key (`rk_live_…`) before going live",
        ));
    }
    Some(BuyLink {
        provider: LinkProvider::Stripe,
        label: None,
        url: entry.url.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(amount: i64) -> LockEntry {
        LockEntry {
            mode: Mode::Test,
            product: "prod_1".into(),
            price: "price_1".into(),
            link: "plink_1".into(),
            url: "https://buy.stripe.com/test_1".into(),
            amount,
            currency: "eur".into(),
            earlier: Vec::new(),
        }
    }

    #[test]
    fn a_saved_lock_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut lock = StripeLock::default();
        lock.skus.insert("MUG-1".into(), entry(2800));
        lock.save(dir.path()).unwrap();
        let read = StripeLock::read(dir.path()).unwrap();
        assert_eq!(read.skus, lock.skus);
        assert!(!dir.path().join(".stripe.lock.tmp").exists());
    }

    #[test]
    fn no_lock_is_an_empty_lock_and_a_broken_one_an_error_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(StripeLock::read(dir.path()).unwrap(), StripeLock::default());
        std::fs::write(
            dir.path().join(LOCK_FILE),
            "{\n  \"skus\": {\n    \"A\": 1,\n",
        )
        .unwrap();
        let err = StripeLock::read(dir.path()).unwrap_err();
        assert_eq!(err.0[0].position.line, 3);
    }
}
