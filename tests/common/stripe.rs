//! The fake Stripe (tests/tools/fake-stripe.mjs) as a test starts it: a node process on a
//! free port of 127.0.0.1, stopped when dropped, with its request log and test routes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// A running fake Stripe.
pub struct FakeStripe {
    child: Child,
    /// `http://127.0.0.1:PORT`, for SHOP_STRIPE_API.
    pub address: String,
}

impl FakeStripe {
    /// Starts the fake and waits for the address it prints.
    pub fn start() -> FakeStripe {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/fake-stripe.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node starts the fake Stripe");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the fake prints its address");
        FakeStripe {
            child,
            address: line.trim().to_owned(),
        }
    }

    fn control(&self, method: &str, action: &str, body: Value) -> Value {
        let url = format!("{}/_fake/{action}", self.address);
        let response = match method {
            "GET" => ureq::get(&url).call(),
            _ => ureq::post(&url).send(body.to_string()),
        };
        let text = response
            .expect("the fake answers")
            .body_mut()
            .read_to_string()
            .expect("a body");
        serde_json::from_str(&text).expect("JSON")
    }

    /// Every API request the fake received, in order.
    pub fn requests(&self) -> Vec<Value> {
        let log = self.control("GET", "requests", Value::Null);
        log.as_array().cloned().unwrap_or_default()
    }

    /// Every object of a type (`products`, `prices`, `payment_links`, `shipping_rates`).
    pub fn objects(&self, kind: &str) -> Vec<Value> {
        let objects = self.control("GET", &format!("objects/{kind}"), Value::Null);
        objects.as_array().cloned().unwrap_or_default()
    }

    /// Makes `key` lack the `rak_…` permissions `deny`.
    pub fn restrict(&self, key: &str, deny: &[&str]) {
        self.control(
            "POST",
            "restrict",
            serde_json::json!({"key": key, "deny": deny}),
        );
    }

    /// Cuts every connection after `after` more API requests, until [`FakeStripe::resume`].
    pub fn stop_after(&self, after: usize) {
        self.control("POST", "stop", serde_json::json!({"after": after}));
    }

    /// Answers requests again.
    pub fn resume(&self) {
        self.control("POST", "resume", serde_json::json!({}));
    }

    /// Fails the `nth` API request from now with `status`.
    pub fn fail(&self, nth: usize, status: u16) {
        self.control(
            "POST",
            "fail",
            serde_json::json!({"nth": nth, "status": status}),
        );
    }
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
