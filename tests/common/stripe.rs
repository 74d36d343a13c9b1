//! The fake Stripe (tests/tools/fake-stripe.mjs) as a test starts it: a node process on a
//! free port of 127.0.0.1, stopped when dropped, with its request log and test routes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// What a run of `shop` printed and how it ended.
pub struct Ran {
    /// The exit code.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

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

    /// Runs `shop ARGS DIR` against the fake with `key` (none when empty), checking that
    /// no output shows the key.
    pub fn shop(&self, key: &str, args: &[&str], dir: &Path) -> Ran {
        self.shop_env(key, args, dir, &[])
    }

    /// [`FakeStripe::shop`] with more environment variables.
    pub fn shop_env(&self, key: &str, args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Ran {
        let mut command = super::shop();
        command
            .args(args)
            .arg(dir)
            .env("SHOP_STRIPE_API", &self.address)
            .env_remove("STRIPE_SECRET_KEY")
            .envs(env.iter().copied());
        if !key.is_empty() {
            command.env("STRIPE_SECRET_KEY", key);
        }
        let output = command.output().expect("shop runs");
        let ran = Ran {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        for text in [&ran.stdout, &ran.stderr] {
            assert!(
                !text.contains(key) || key.is_empty(),
                "the key was printed:\n{text}"
            );
        }
        ran
    }

    /// A buyer pays through Payment Link `link` (`payment`: `paid`, `pending` or
    /// `no_payment_required`): the completed session, or Stripe's refusal when the link is
    /// inactive or its limit reached.
    pub fn pay(&self, link: &str, quantity: u32, payment: &str) -> Value {
        self.control(
            "POST",
            "pay",
            serde_json::json!({"link": link, "quantity": quantity, "payment": payment}),
        )
    }

    /// Completes the open session `session` made through the API.
    pub fn complete(&self, session: &str, payment: &str) -> Value {
        self.control(
            "POST",
            "complete",
            serde_json::json!({"session": session, "payment": payment}),
        )
    }

    /// A pending payment of `session` ends: `paid` or `failed`.
    pub fn settle(&self, session: &str, outcome: &str) -> Value {
        self.control(
            "POST",
            "settle",
            serde_json::json!({"session": session, "outcome": outcome}),
        )
    }

    /// From now on a link's completed-sessions count starts when its limit is first set.
    pub fn count_since_limit(&self) {
        self.control("POST", "count_since_limit", serde_json::json!({}));
    }

    /// The open session `session` expires.
    pub fn expire(&self, session: &str) -> Value {
        self.control("POST", "expire", serde_json::json!({"session": session}))
    }

    fn control(&self, method: &str, action: &str, body: Value) -> Value {
        let url = format!("{}/_fake/{action}", self.address);
        // Refusals (a link past its limit) are answers too.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let response = match method {
            "GET" => agent.get(&url).call(),
            _ => agent.post(&url).send(body.to_string()),
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
