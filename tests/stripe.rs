//! `shop stripe sync` against the fake Stripe (tests/tools/fake-stripe.mjs), and the fake
//! itself under `node --test`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{has_program, skip_without};

/// True when node is missing and the tests may skip (see `skip_without`).
fn skip_without_node() -> bool {
    skip_without(has_program("node"), "node")
}

#[test]
fn the_fake_stripe_passes_its_own_tests() {
    if skip_without_node() {
        return;
    }
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools");
    let output = Command::new("node")
        .arg("--test")
        .arg(tools.join("fake-stripe.test.mjs"))
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
