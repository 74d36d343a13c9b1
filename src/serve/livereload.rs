//! Live reload: a Server-Sent Events stream on the same origin, the small script served
//! pages get to listen to it, and the overlay that shows build errors in the page.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::diagnostics::{Diagnostics, Severity, count};
// XML escaping is valid HTML escaping too (HTML knows `&apos;`).
use crate::web::escape_xml;

/// Where pages connect for events; a path no site file can have.
pub const EVENTS_PATH: &str = "/__shop/events";

/// What a connected page should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Reload the page: a new build (or a new error) is ready.
    Reload(u64),
    /// Only stylesheets changed: swap them without reloading.
    Css(u64),
}

impl Event {
    fn to_sse(&self) -> String {
        match self {
            Event::Reload(generation) => format!("event: reload\ndata: {generation}\n\n"),
            Event::Css(generation) => format!("event: css\ndata: {generation}\n\n"),
        }
    }
}

/// The set of connected pages; an event goes to all of them.
#[derive(Debug, Default)]
pub struct Broadcaster {
    clients: Mutex<Vec<Sender<Event>>>,
}

impl Broadcaster {
    /// A new listener, for one SSE connection.
    pub fn subscribe(&self) -> Receiver<Event> {
        let (sender, receiver) = channel();
        self.lock().push(sender);
        receiver
    }

    /// Sends an event to every connected page, forgetting those that went away.
    pub fn send(&self, event: &Event) {
        self.lock()
            .retain(|client| client.send(event.clone()).is_ok());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<Event>>> {
        // A panicking client thread cannot leave the list half-changed: keep using it.
        self.clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Streams events to one page until it disconnects. `hello` identifies the server run and
/// build, so a page that reconnects to a restarted server knows to reload.
pub fn stream_events(mut writer: impl Write, events: Receiver<Event>, hello: &str) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    let greeting = format!("{head}retry: 500\nevent: hello\ndata: {hello}\n\n");
    if writer
        .write_all(greeting.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event.to_sse(),
            // A comment line keeps proxies from closing an idle stream, and finds dead pages.
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The script served pages get, after a tag naming the build the page is from. It reloads
/// when the server holds another build than the page shows: on `reload`, and on `hello`
/// (when it connects, and after a reconnect or a server restart); it swaps stylesheets on
/// `css`. A page served just after a rebuild, whose stream opens before that rebuild's
/// `reload` goes out, is already the new build and is not loaded twice.
const SCRIPT: &str = r#"
(() => {
  let built = Number(document.currentScript.dataset.build);
  let run = null;
  const connect = () => {
    const events = new EventSource("/__shop/events");
    events.addEventListener("hello", (e) => {
      const [server, generation] = e.data.split("-");
      if ((run !== null && run !== server) || Number(generation) !== built) location.reload();
      run = server;
      document.documentElement.dataset.shopLiveReload = "connected";
    });
    events.addEventListener("reload", (e) => {
      if (Number(e.data) !== built) location.reload();
    });
    events.addEventListener("css", (e) => {
      built = Number(e.data);
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const url = new URL(link.href);
        url.searchParams.set("shop-reload", e.data);
        link.href = url.href;
      }
    });
    events.onerror = () => { events.close(); setTimeout(connect, 500); };
  };
  connect();
})();
</script>"#;

/// The error overlay: every diagnostic exactly as the terminal shows it, over the last good
/// page. Inline styles, so no theme can hide it.
pub fn overlay(diagnostics: &Diagnostics) -> String {
    let problems = count(diagnostics.error_count(), "problem", "problems");
    let mut html = String::from(
        r#"<div id="shop-build-errors" role="alertdialog" aria-modal="false" aria-labelledby="shop-build-errors-title" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,18,16,.94);color:#fff;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem">"#,
    );
    html.push_str(&format!(
        r#"<h2 id="shop-build-errors-title" style="font:700 1.4rem system-ui,sans-serif;margin:0 0 1rem;color:#ffb4a2">The last change did not build: {problems}</h2>"#
    ));
    for diagnostic in &diagnostics.0 {
        html.push_str(r#"<pre style="white-space:pre-wrap;background:#2a2622;border-left:4px solid #ff8a65;padding:1rem;margin:0 0 1rem">"#);
        html.push_str(&escape_xml(&diagnostic.to_string()));
        html.push_str("</pre>");
    }
    html.push_str(r#"<p style="font-family:system-ui,sans-serif">Fix the file and save: this page updates by itself. Until then the last good build is served.</p></div>"#);
    html
}

/// The warnings banner: what the build warned of (a test-mode Stripe link, a colour pair
/// hard to read, a menu link to no page), as the terminal shows it, in a small box in a
/// corner of the page that opens to the details. Only the preview has it; inline styles,
/// so no theme can hide it. Empty when there is nothing to warn of.
pub fn warnings_banner(diagnostics: &Diagnostics) -> String {
    let warnings: Vec<_> = diagnostics
        .0
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    if warnings.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        r#"<details id="shop-build-warnings" role="status" style="position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(40rem,calc(100vw - 2rem));max-height:70vh;overflow:auto;background:#fff8e1;color:#3e2c00;border:2px solid #b7791f;border-radius:6px;font:14px/1.45 system-ui,sans-serif;padding:.5rem .8rem;box-shadow:0 2px 10px rgba(0,0,0,.25)">"#,
    );
    html.push_str(&format!(
        r#"<summary style="cursor:pointer;font-weight:700">{}: fix before going live (only this preview shows this)</summary>"#,
        count(warnings.len(), "warning", "warnings")
    ));
    for diagnostic in warnings {
        html.push_str(r#"<pre style="white-space:pre-wrap;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:.6rem 0 0">"#);
        html.push_str(&escape_xml(&diagnostic.to_string()));
        html.push_str("</pre>");
    }
    html.push_str("</details>");
    html
}

/// Adds the live-reload script of build `generation` (and the overlay, when the last build
/// failed) before `</body>`, or at the end of a page without one.
pub fn inject(html: &str, generation: u64, overlay: Option<&str>) -> String {
    let addition = format!(
        "{}<script data-shop-livereload data-build=\"{generation}\">{SCRIPT}",
        overlay.unwrap_or_default()
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &html[..at], &html[at..]),
        None => format!("{html}{addition}"),
    }
}

/// Removes what [`inject`] added, for comparing served pages with built ones.
pub fn strip_injected(html: &str) -> String {
    let start = [
        r#"<div id="shop-build-errors""#,
        r#"<details id="shop-build-warnings""#,
        "<script data-shop-livereload",
    ]
    .iter()
    .find_map(|start| html.find(start));
    let Some(start) = start else {
        return html.to_owned();
    };
    match html[start..].find("</script>") {
        Some(end) => format!(
            "{}{}",
            &html[..start],
            &html[start + end + "</script>".len()..]
        ),
        None => html.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Position};

    #[test]
    fn injects_before_the_body_ends_and_strips_back() {
        let page = "<html><body><p>Hi</p></body></html>";
        let served = inject(page, 1, None);
        assert!(served.contains("EventSource(\"/__shop/events\")"));
        assert!(served.contains("<script data-shop-livereload data-build=\"1\">"));
        assert!(served.ends_with("</script></body></html>"));
        assert_eq!(strip_injected(&served), page);
        let with_errors = inject(page, 1, Some("<div id=\"shop-build-errors\">x</div>"));
        assert_eq!(strip_injected(&with_errors), page);
    }

    #[test]
    fn overlay_escapes_the_diagnostics() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error(
            "products/<a>.md",
            Position::new(2, 3),
            "bad <script>",
        ));
        let html = overlay(&all);
        assert!(html.contains("products/&lt;a&gt;.md:2:3"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("1 problem<"));
    }

    #[test]
    fn the_banner_shows_warnings_only_and_strips_back() {
        let mut all = Diagnostics::default();
        assert_eq!(warnings_banner(&all), "");
        all.push(Diagnostic::advice(
            "a.md",
            Position::START,
            "a longer summary",
        ));
        assert_eq!(warnings_banner(&all), "", "advice is for shop check");
        all.push(Diagnostic::warning("a.md", Position::START, "test <mode>"));
        let banner = warnings_banner(&all);
        assert!(banner.contains("1 warning: "), "{banner}");
        assert!(banner.contains("test &lt;mode&gt;") && !banner.contains("longer"));
        let page = "<html><body><p>Hi</p></body></html>";
        assert_eq!(strip_injected(&inject(page, 1, Some(&banner))), page);
    }

    #[test]
    fn events_reach_every_listener() {
        let hub = Broadcaster::default();
        let (a, b) = (hub.subscribe(), hub.subscribe());
        drop(b);
        hub.send(&Event::Reload(2));
        assert_eq!(a.recv().unwrap(), Event::Reload(2));
        assert_eq!(hub.lock().len(), 1, "the closed listener is forgotten");
    }
}
