//! HTTP for the preview: reading a request head within a size and time limit, and GET and
//! HEAD of the in-memory site, done right (MIME types with charset, trailing-slash
//! redirects, the site's 404 page, ETags) and with no way for a request path to reach
//! anything outside the site. One request per connection: every reply closes it.

use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use percent_encoding::{
    AsciiSet, CONTROLS, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode,
};

use super::livereload;
use super::rebuild::Snapshot;
use crate::output::FileContent;

/// Where a request path leads inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by output path.
    File(String),
    /// A folder requested without its trailing slash: redirect here (percent-encoded, so
    /// always ASCII, as a header value must be).
    Redirect(String),
    /// Nothing there.
    NotFound,
    /// A path that tries to leave the site or cannot be a file name.
    BadRequest,
}

/// Decodes `%XX` escapes; `None` for a malformed escape (`%zz`, a lone `%`), which
/// `percent_encoding` would pass on as it is.
fn percent_decode(segment: &str) -> Option<Vec<u8>> {
    let well_formed = segment.split('%').skip(1).all(|rest| {
        rest.get(..2)
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    well_formed.then(|| percent_decode_str(segment).collect())
}

/// What a path segment of a `Location` keeps as it is: letters, digits and the characters
/// RFC 3986 allows in a segment; everything else, `/` and every non-ASCII byte included, is
/// percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// What a query keeps as it is: it is passed on as the browser sent it, escapes included,
/// with only what a URI cannot hold (controls, spaces, quotes, non-ASCII) encoded.
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#');

/// The `Location` of a folder asked for without its trailing slash: a URI, so ASCII, with
/// the decoded segments encoded again (`/文档` becomes `/%E6%96%87%E6%A1%A3/`).
fn folder_location(segments: &[String], query: &str) -> String {
    let mut location = String::from("/");
    for segment in segments {
        location.extend(utf8_percent_encode(segment, SEGMENT));
        location.push('/');
    }
    location.extend(utf8_percent_encode(query, QUERY));
    location
}

/// Turns a request URL into an output path. Each segment is decoded on its own, so an
/// encoded `/` (`%2f`) can never make a new segment, and `..`, `.`, backslashes and NUL are
/// refused outright instead of being resolved.
pub fn resolve(url: &str, exists: impl Fn(&str) -> bool) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = path.strip_prefix('/') else {
        return Target::BadRequest;
    };
    let mut segments = Vec::new();
    for raw in path.split('/') {
        let Some(decoded) = percent_decode(raw) else {
            return Target::BadRequest;
        };
        let Ok(segment) = String::from_utf8(decoded) else {
            return Target::BadRequest;
        };
        if segment == ".." || segment == "." || segment.contains(['/', '\\', '\0']) {
            return Target::BadRequest;
        }
        if !segment.is_empty() {
            segments.push(segment);
        }
    }
    let joined = segments.join("/");
    let wants_folder = path.is_empty() || path.ends_with('/');
    if wants_folder {
        let index = if joined.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{joined}/index.html")
        };
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(&joined) {
        Target::File(joined)
    } else if exists(&format!("{joined}/index.html")) {
        let query = url.find('?').map(|at| &url[at..]).unwrap_or_default();
        Target::Redirect(folder_location(&segments, query))
    } else {
        Target::NotFound
    }
}

/// The MIME type of an output path, with a charset for text.
pub fn mime_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// The longest request head read: browsers send a few hundred bytes, a few KiB with
/// cookies; more is not a browser asking for a page.
pub const MAX_HEAD: usize = 16 * 1024;

/// A request as the preview needs it: the head only, since only GET and HEAD are answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The request target as sent, such as `/products/?page=2`.
    pub url: String,
    /// Header fields in order, names as sent.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the first header field called `name`, in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Why no request could be read from a connection.
#[derive(Debug, thiserror::Error)]
pub enum HeadError {
    /// The head did not arrive within the time allowed: a stalled or very slow client.
    #[error("the request head did not arrive in time")]
    Timeout,
    /// The client closed the connection, or it failed.
    #[error("the connection closed before a request arrived")]
    Closed,
    /// The head is longer than [`MAX_HEAD`].
    #[error("the request head is too long")]
    TooLarge,
    /// Not an HTTP/1 request head.
    #[error("not an HTTP request")]
    Malformed,
}

impl HeadError {
    /// The reply a client gets, when one is worth sending.
    pub fn reply(&self) -> Option<Reply> {
        match self {
            HeadError::Timeout | HeadError::Closed => None,
            HeadError::TooLarge => Some(text(431, "Request header fields too large.\n")),
            HeadError::Malformed => Some(text(400, "Bad request.\n")),
        }
    }
}

/// Reads one request head from `stream`, giving up once `timeout` has passed since the
/// call, however the bytes trickle in: a client that sends a byte every few seconds holds a
/// connection no longer than one that sends nothing.
pub fn read_request(
    stream: &mut (impl Read + Timeouts),
    timeout: Duration,
) -> Result<Request, HeadError> {
    let deadline = Instant::now() + timeout;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Timeout);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Closed)?;
        let read = match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(read) => read,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::Timeout);
            }
            Err(_) => return Err(HeadError::Closed),
        };
        let searched = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..read]);
        if let Some(end) = find_head_end(&head[searched..]) {
            return parse_head(&head[..searched + end]);
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

/// Where the blank line ending a head starts, if it has arrived.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    bytes.windows(4).position(|w| w == b"\r\n\r\n")
}

/// Parses `METHOD target HTTP/1.x` and the header lines after it.
fn parse_head(head: &[u8]) -> Result<Request, HeadError> {
    let head = std::str::from_utf8(head).map_err(|_| HeadError::Malformed)?;
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(url), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    if method.is_empty() || url.is_empty() || !version.starts_with("HTTP/1.") {
        return Err(HeadError::Malformed);
    }
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect::<Result<_, _>>()?;
    Ok(Request {
        method: method.to_owned(),
        url: url.to_owned(),
        headers,
    })
}

/// Setting a read timeout, which [`read_request`] needs of its stream; a trait so tests can
/// read from memory.
pub trait Timeouts {
    /// As [`std::net::TcpStream::set_read_timeout`].
    fn set_read_timeout(&self, timeout: Option<Duration>) -> std::io::Result<()>;
}

impl Timeouts for std::net::TcpStream {
    fn set_read_timeout(&self, timeout: Option<Duration>) -> std::io::Result<()> {
        std::net::TcpStream::set_read_timeout(self, timeout)
    }
}

/// A whole reply, sent with `Connection: close`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Header fields besides `Content-Length` and `Connection`, which sending adds.
    pub headers: Vec<(&'static str, String)>,
    /// The body; not sent in answer to HEAD.
    pub body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }

    fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

/// The reason phrase of the status codes the preview sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A plain-text reply.
pub fn text(status: u16, body: &str) -> Reply {
    Reply::new(status, body.as_bytes().to_vec())
        .with_header("Content-Type", "text/plain; charset=utf-8")
}

/// The reply when the preview already serves as many connections or pages as it allows: a
/// browser tries again, and the seller learns why.
pub fn busy(what: &str) -> Reply {
    text(
        503,
        &format!("The preview is busy: too many open {what}. Close some tabs and reload.\n"),
    )
    .with_header("Retry-After", "1")
}

/// Sends `reply` and has the client close the connection after it; the body only when
/// `head_only` is false (a HEAD request gets the headers of the GET).
pub fn send(writer: &mut impl Write, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        reply.body.len()
    ));
    writer.write_all(head.as_bytes())?;
    if !head_only {
        writer.write_all(&reply.body)?;
    }
    writer.flush()
}

/// The bytes of a site file as served: HTML gets the live-reload script and, after a
/// failed build, the error overlay, else the banner of the build's warnings.
fn body(snapshot: &Snapshot, path: &str) -> Option<Vec<u8>> {
    let bytes = match snapshot.output.get(path)? {
        FileContent::Bytes(bytes) => bytes.to_vec(),
        FileContent::Static(bytes) => bytes.to_vec(),
        FileContent::Copy(source) | FileContent::Cached(source) => std::fs::read(source).ok()?,
        // A build in memory writes nothing ahead.
        FileContent::Written => return None,
    };
    if !path.ends_with(".html") {
        return Some(bytes);
    }
    let html = String::from_utf8_lossy(&bytes);
    let shown = match &snapshot.errors {
        Some(errors) => livereload::overlay(errors),
        None => livereload::warnings_banner(&snapshot.warnings),
    };
    Some(livereload::inject(&html, snapshot.generation, Some(&shown)).into_bytes())
}

fn etag(bytes: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

/// Answers one request from the current build.
pub fn respond(request: &Request, snapshot: &Snapshot) -> Reply {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return text(405, "Only GET and HEAD are allowed.\n").with_header("Allow", "GET, HEAD");
    }
    let target = resolve(&request.url, |path| snapshot.output.get(path).is_some());
    let (status, path) = match target {
        Target::File(path) => (200, path),
        Target::Redirect(location) => {
            return text(308, "Moved.\n").with_header("Location", location);
        }
        Target::BadRequest => return text(400, "Bad request path.\n"),
        Target::NotFound => (404, "404.html".to_owned()),
    };
    let Some(bytes) = body(snapshot, &path) else {
        return text(404, "Not found.\n");
    };
    let tag = etag(&bytes);
    let matches = request
        .header("If-None-Match")
        .is_some_and(|value| value.split(',').any(|v| v.trim() == tag));
    let mime = mime_type(&path);
    let cache = if mime.starts_with("text/html") {
        "no-cache"
    } else {
        "no-cache, max-age=0"
    };
    let reply = if matches && status == 200 {
        Reply::new(304, Vec::new())
    } else {
        Reply::new(status, bytes)
    };
    reply
        .with_header("Content-Type", mime)
        .with_header("ETag", tag)
        .with_header("Cache-Control", cache)
        .with_header("X-Content-Type-Options", "nosniff")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str) -> bool {
        matches!(
            path,
            "index.html"
                | "products/a/index.html"
                | "assets/shop.css"
                | "404.html"
                | "a b/index.html"
                | "文档/index.html"
        )
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/products/a/", site),
            Target::File("products/a/index.html".into())
        );
        assert_eq!(
            resolve("/products/a/?x=1", site),
            Target::File("products/a/index.html".into())
        );
        assert_eq!(
            resolve("/products/a", site),
            Target::Redirect("/products/a/".into())
        );
        assert_eq!(
            resolve("/products/a?x=1", site),
            Target::Redirect("/products/a/?x=1".into())
        );
        assert_eq!(
            resolve("/assets/shop.css", site),
            Target::File("assets/shop.css".into())
        );
        assert_eq!(
            resolve("/a%20b/", site),
            Target::File("a b/index.html".into())
        );
        assert_eq!(
            resolve("/products/", site),
            Target::NotFound,
            "no directory listings"
        );
        assert_eq!(resolve("/nope", site), Target::NotFound);
    }

    #[test]
    fn redirects_are_ascii_whatever_the_folder_name() {
        let encoded = "/%E6%96%87%E6%A1%A3/";
        assert_eq!(resolve("/文档", site), Target::Redirect(encoded.into()));
        assert_eq!(
            resolve("/%E6%96%87%E6%A1%A3", site),
            Target::Redirect(encoded.into())
        );
        assert_eq!(
            resolve("/a%20b?q=x y&t=%C3%A9é", site),
            Target::Redirect("/a%20b/?q=x%20y&t=%C3%A9%C3%A9".into())
        );
    }

    #[test]
    fn refuses_every_way_out_of_the_root() {
        for bad in [
            "/../etc/passwd",
            "/products/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/products%2f..%2f..%2fetc/passwd",
            "/..%5c..%5cetc/passwd",
            "/products\\..\\x",
            "/a%00.html",
            "/./index.html",
            "/%zz",
            "/a%4",
            "/a%",
            "/%e6%96%87%",
            "/%c0%ae%c0%ae/etc/passwd",
            "relative",
        ] {
            assert_eq!(resolve(bad, site), Target::BadRequest, "{bad}");
        }
    }

    /// Request bytes from memory, arriving in pieces.
    struct Pieces(Vec<Vec<u8>>);

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            let mut piece = self.0.remove(0);
            let read = piece.len().min(buf.len());
            buf[..read].copy_from_slice(&piece[..read]);
            if read < piece.len() {
                self.0.insert(0, piece.split_off(read));
            }
            Ok(read)
        }
    }

    impl Timeouts for Pieces {
        fn set_read_timeout(&self, _: Option<Duration>) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn read(pieces: &[&[u8]]) -> Result<Request, HeadError> {
        let mut stream = Pieces(pieces.iter().map(|p| p.to_vec()).collect());
        read_request(&mut stream, Duration::from_secs(5))
    }

    #[test]
    fn reads_a_head_in_pieces() {
        let request = read(&[
            b"GET /a?b=1 HT",
            b"TP/1.1\r\nHost: x\r",
            b"\nif-none-match:  \"e\"\r\n\r\nbody",
        ])
        .unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.url, "/a?b=1");
        assert_eq!(request.header("If-None-Match"), Some("\"e\""));
        assert_eq!(request.header("Accept"), None);
    }

    #[test]
    fn refuses_what_is_not_a_short_http_head() {
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(
            read(&[long.as_bytes(), b"\r\n"]),
            Err(HeadError::TooLarge)
        ));
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / SMTP\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ] {
            assert!(matches!(read(&[bad]), Err(HeadError::Malformed)), "{bad:?}");
        }
        assert!(matches!(
            read(&[b"GET / HTTP/1.1\r\n"]),
            Err(HeadError::Closed)
        ));
    }

    #[test]
    fn mime_types_carry_a_charset_for_text() {
        assert_eq!(mime_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(mime_type("p.webp"), "image/webp");
        assert_eq!(mime_type("CNAME"), "application/octet-stream");
    }
}
