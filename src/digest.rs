//! Digests of values, for telling within one process whether the inputs of a piece of work
//! changed between builds, so `shop serve` redoes only what changed. Never persisted: the
//! hasher may differ between releases.

use std::hash::{BuildHasher, Hash, Hasher};

/// A 64-bit digest of a value. foldhash with a fixed seed: the inputs are the seller's own
/// files, so SipHash's resistance to chosen keys buys nothing, and digests of a
/// 10,000-product shop are taken on every rebuild.
pub(crate) fn fingerprint(value: impl Hash) -> u64 {
    foldhash::quality::FixedState::default().hash_one(value)
}

/// A hasher giving the same digests as [`fingerprint`], for values fed in piece by piece.
pub(crate) fn fingerprinter() -> impl Hasher {
    foldhash::quality::FixedState::default().build_hasher()
}
