//! Talking to the Stripe API: the key from `STRIPE_SECRET_KEY`, the address from
//! `SHOP_STRIPE_API`, a pinned API version, form-encoded requests with an idempotency key on
//! every POST, list pagination, and Stripe's answers turned into [`StripeError`]s a seller
//! can act on. The key is sent in the `Authorization` header and nowhere else: it is not in
//! any message, log or file.

use std::time::Duration;

use serde_json::Value;

use super::StripeError;
use crate::content::stripe_lock::Mode;

/// The environment variable holding the secret or restricted key.
pub const KEY_VARIABLE: &str = "STRIPE_SECRET_KEY";
/// The environment variable that points `shop` at another Stripe API address (the tests'
/// fake Stripe).
pub const API_VARIABLE: &str = "SHOP_STRIPE_API";
/// Where the Stripe API is.
pub const DEFAULT_API: &str = "https://api.stripe.com";
/// The API version every request asks for, so a change to the account's default version
/// never changes what `shop` reads: the version of the `stripe` npm package's types
/// (23.2.0) that the objects `shop` reads and the test fake were checked against.
pub const STRIPE_VERSION: &str = "2026-11-18.endive";

/// A secret or restricted key. Its `Debug` shows only the mode, so it cannot leak through a
/// log line or an error.
struct Key(String);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(hidden)")
    }
}

/// The mode of a key, or `None` when it is not a secret (`sk_`) or restricted (`rk_`) key.
fn key_mode(key: &str) -> Option<Mode> {
    let rest = key
        .strip_prefix("sk_")
        .or_else(|| key.strip_prefix("rk_"))?;
    let (mode, tail) = if let Some(tail) = rest.strip_prefix("test_") {
        (Mode::Test, tail)
    } else {
        (Mode::Live, rest.strip_prefix("live_")?)
    };
    let plain = !tail.is_empty() && tail.chars().all(|c| c.is_ascii_alphanumeric());
    plain.then_some(mode)
}

/// The API address: `https://`, or `http://` only to this machine (the tests' fake), so a
/// key never travels unencrypted.
fn api_base(given: Option<String>) -> Result<String, StripeError> {
    let base = given
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_API.to_owned());
    let base = base.trim().trim_end_matches('/').to_owned();
    let url = url::Url::parse(&base).map_err(|_| StripeError::BadApi(base.clone()))?;
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(base),
        "http" if local => Ok(base),
        _ => Err(StripeError::BadApi(base)),
    }
}

/// How many times a request that fails for a passing reason is sent.
const ATTEMPTS: u32 = 3;

/// A form body: `(name, value)` pairs with Stripe's bracket names (`metadata[shop_sku]`).
pub type Form = Vec<(String, String)>;

/// A connection to the Stripe API with one key.
#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    base: String,
    key: Key,
    mode: Mode,
    /// Makes the idempotency keys of this run's updates its own (see [`Client::update`]).
    run: String,
}

impl Client {
    /// A client with the key from `STRIPE_SECRET_KEY` and the address from `SHOP_STRIPE_API`.
    pub fn from_env() -> Result<Client, StripeError> {
        let key = std::env::var(KEY_VARIABLE).unwrap_or_default();
        let base = std::env::var(API_VARIABLE).ok();
        Client::new(key.trim(), base)
    }

    fn new(key: &str, base: Option<String>) -> Result<Client, StripeError> {
        if key.is_empty() {
            return Err(StripeError::MissingKey);
        }
        let mode = key_mode(key).ok_or(StripeError::NotAKey)?;
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(concat!("shop/", env!("CARGO_PKG_VERSION")))
            .build();
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Ok(Client {
            agent: ureq::Agent::new_with_config(config),
            base: api_base(base)?,
            key: Key(key.to_owned()),
            mode,
            run: format!("{}-{}", started.as_nanos(), std::process::id()),
        })
    }

    /// Test or live mode, from the key.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// `GET path?query`.
    pub fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, StripeError> {
        self.with_retries("GET", path, || {
            let request = self
                .agent
                .get(format!("{}{path}", self.base))
                .query_pairs(query.iter().copied());
            self.authorized(request).call()
        })
    }

    /// `GET path`, or `None` when Stripe has no such object (404).
    pub fn find(&self, path: &str) -> Result<Option<Value>, StripeError> {
        match self.get(path, &[]) {
            Err(StripeError::Refused { status: 404, .. }) => Ok(None),
            other => other.map(Some),
        }
    }

    /// Every object of a list endpoint, page after page (`starting_after`, `has_more`).
    pub fn list(&self, path: &str, query: &[(&str, &str)]) -> Result<Vec<Value>, StripeError> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut page_query = query.to_vec();
            page_query.push(("limit", "100"));
            if let Some(after) = &after {
                page_query.push(("starting_after", after));
            }
            let page = self.get(path, &page_query)?;
            let data = page["data"].as_array().cloned().unwrap_or_default();
            after = data
                .last()
                .and_then(|o| o["id"].as_str())
                .map(str::to_owned);
            all.extend(data);
            if page["has_more"] != Value::Bool(true) || after.is_none() {
                return Ok(all);
            }
        }
    }

    /// `POST path` creating an object. Its idempotency key is made from the request itself,
    /// so a run stopped after Stripe made the object but before the answer arrived gets the
    /// same object back when the next run asks again, instead of a second one.
    pub fn create(&self, path: &str, form: &Form) -> Result<Value, StripeError> {
        let key = self.idempotency_key(path, form, "");
        self.post(path, form, &key)
    }

    /// [`Client::create`] once more with this run's idempotency key: for when Stripe
    /// answered with the object the same request made within the last day, which has
    /// changed since (archived in the Dashboard).
    pub fn create_again(&self, path: &str, form: &Form) -> Result<Value, StripeError> {
        let key = self.idempotency_key(path, form, &self.run);
        self.post(path, form, &key)
    }

    /// `POST path` changing an object. Its idempotency key is this run's: setting a link
    /// inactive, active and inactive again within a day must happen three times, not be
    /// answered from the first.
    pub fn update(&self, path: &str, form: &Form) -> Result<Value, StripeError> {
        let key = self.idempotency_key(path, form, &self.run);
        self.post(path, form, &key)
    }

    fn post(&self, path: &str, form: &Form, idempotency: &str) -> Result<Value, StripeError> {
        self.with_retries("POST", path, || {
            let request = self
                .agent
                .post(format!("{}{path}", self.base))
                .header("Idempotency-Key", idempotency);
            self.authorized(request)
                .send_form(form.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
    }

    /// Sends a request up to [`ATTEMPTS`] times while it fails in a way Stripe asks
    /// clients to retry (no answer, 409, 429, 5xx), waiting longer each time. A POST is
    /// sent again with the same idempotency key, so it never makes a second object.
    fn with_retries(
        &self,
        method: &'static str,
        path: &str,
        send: impl Fn() -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Value, StripeError> {
        let mut attempt = 1;
        loop {
            let result = self.read(method, path, send());
            match result {
                Err(err) if attempt < ATTEMPTS && err.is_transient() => {
                    std::thread::sleep(Duration::from_millis(250 << attempt));
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn idempotency_key(&self, path: &str, form: &Form, salt: &str) -> String {
        let mut hasher = blake3::Hasher::new();
        for part in [self.mode.as_str(), path, salt] {
            hasher.update(part.as_bytes());
            hasher.update(&[0]);
        }
        for (name, value) in form {
            hasher.update(name.as_bytes());
            hasher.update(&[0]);
            hasher.update(value.as_bytes());
            hasher.update(&[0]);
        }
        format!("shop-{}", &hasher.finalize().to_hex()[..40])
    }

    fn authorized<B>(&self, request: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        request
            .header("Authorization", &format!("Bearer {}", self.key.0))
            .header("Stripe-Version", STRIPE_VERSION)
    }

    /// Stripe's answer as JSON, or the error it stands for.
    fn read(
        &self,
        method: &'static str,
        path: &str,
        answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Value, StripeError> {
        let mut response = answer.map_err(|err| StripeError::Network {
            api: self.base.clone(),
            reason: err.to_string(),
        })?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|err| StripeError::Network {
                api: self.base.clone(),
                reason: err.to_string(),
            })?;
        let value: Value = serde_json::from_str(&body).map_err(|_| StripeError::Unreadable {
            request: format!("{method} {path}"),
            status,
        })?;
        if (200..300).contains(&status) {
            return Ok(value);
        }
        let message = value["error"]["message"].as_str().unwrap_or_default();
        Err(error_for(status, method, path, message))
    }
}

/// What a refusal from Stripe means for the seller.
fn error_for(status: u16, method: &'static str, path: &str, message: &str) -> StripeError {
    let request = format!("{method} {path}");
    match status {
        401 => StripeError::KeyRefused,
        403 => StripeError::Permission {
            request,
            resource: resource_name(path),
            access: if method == "GET" { "Read" } else { "Write" },
            needed: needed_permission(message),
        },
        _ => StripeError::Refused {
            request,
            status,
            // Stripe's messages name keys only redacted, but a message is kept to its
            // sentences about the request all the same.
            message: message.to_owned(),
        },
    }
}

/// The resource a path is about, as the Dashboard's restricted-key page names it.
fn resource_name(path: &str) -> &'static str {
    match path.split('/').nth(2).unwrap_or_default() {
        "products" => "Products",
        "prices" => "Prices",
        "payment_links" => "Payment Links",
        "shipping_rates" => "Shipping Rates",
        "checkout" => "Checkout Sessions",
        _ => "the resource of this request",
    }
}

/// The permission Stripe's 403 message names (`rak_product_write`), when it names one.
fn needed_permission(message: &str) -> Option<String> {
    let start = message.find("'rak_")? + 1;
    let end = message[start..].find('\'')? + start;
    Some(message[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_told_apart_by_their_prefix() {
        assert_eq!(key_mode("sk_test_abc123"), Some(Mode::Test));
        assert_eq!(key_mode("rk_test_abc123"), Some(Mode::Test));
        assert_eq!(key_mode("sk_live_abc123"), Some(Mode::Live));
        assert_eq!(key_mode("rk_live_abc123"), Some(Mode::Live));
        for not_secret in [
            "pk_test_abc",
            "sk_test_",
            "whsec_abc",
            "sk_other_abc",
            "sk_test_a b",
        ] {
            assert_eq!(key_mode(not_secret), None, "{not_secret}");
        }
    }

    #[test]
    fn the_key_goes_only_to_https_or_this_machine() {
        assert_eq!(api_base(None).unwrap(), DEFAULT_API);
        assert_eq!(
            api_base(Some("http://127.0.0.1:4242/".into())).unwrap(),
            "http://127.0.0.1:4242"
        );
        assert!(api_base(Some("http://api.example.com".into())).is_err());
        assert!(api_base(Some("ftp://127.0.0.1".into())).is_err());
    }

    #[test]
    fn a_key_never_shows_in_debug_output() {
        let client = Client::new("sk_test_secret42", None).unwrap();
        assert!(!format!("{client:?}").contains("secret42"));
    }

    #[test]
    fn a_403_names_the_permission_to_add() {
        let message = "The provided key 'rk_test_***abc' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_plink_write' permission would allow this request to continue.";
        let err = error_for(403, "POST", "/v1/payment_links", message);
        let text = err.to_string();
        assert!(text.contains("“Payment Links” to “Write”"), "{text}");
        assert!(text.contains("rak_plink_write"), "{text}");
    }

    #[test]
    fn idempotency_keys_follow_the_request() {
        let client = Client::new("sk_test_abc", None).unwrap();
        let form: Form = vec![("name".into(), "Mug".into())];
        let other: Form = vec![("name".into(), "Cup".into())];
        let key = client.idempotency_key("/v1/products", &form, "");
        assert_eq!(key, client.idempotency_key("/v1/products", &form, ""));
        assert_ne!(key, client.idempotency_key("/v1/products", &other, ""));
        assert_ne!(key, client.idempotency_key("/v1/products", &form, "run"));
    }
}
