//! HTTP for the preview: GET and HEAD of the in-memory site, done right (MIME types with
//! charset, trailing-slash redirects, the site's 404 page, ETags) and with no way for a
//! request path to reach anything outside the site.

use std::hash::{Hash, Hasher};
use std::io::{Cursor, Write};

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use tiny_http::{Header, Method, Request, Response, StatusCode};

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

/// Decodes `%XX` escapes; `None` for a malformed escape.
fn percent_decode(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

type Reply = Response<Cursor<Vec<u8>>>;

fn text(status: u16, body: &str) -> Reply {
    Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// The bytes of a site file as served: HTML gets the live-reload script and, after a
/// failed build, the error overlay.
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
    let overlay = snapshot.errors.as_ref().map(|d| livereload::overlay(d));
    Some(livereload::inject(&html, overlay.as_deref()).into_bytes())
}

fn etag(bytes: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

/// Sends `reply` and has the browser close the connection after it. tiny_http 0.12 serves
/// each connection on a pooled thread for as long as the browser keeps it open, and its
/// pool can leave a new connection queued behind idle kept-alive ones: a page with a dozen
/// images then never finished loading. A connection per request costs nothing on one
/// machine. tiny_http will not send `Connection` itself, so the reply is written raw.
pub fn send_closing(request: Request, reply: Reply) -> std::io::Result<()> {
    let head_only = *request.method() == Method::Head;
    let status = reply.status_code();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        status.0,
        status.default_reason_phrase()
    );
    for h in reply.headers() {
        head.push_str(&format!("{}: {}\r\n", h.field, h.value));
    }
    let body = reply.into_reader().into_inner();
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut writer = request.into_writer();
    writer.write_all(head.as_bytes())?;
    if !head_only {
        writer.write_all(&body)?;
    }
    writer.flush()
}

/// Answers one request from the current build.
pub fn respond(request: &Request, snapshot: &Snapshot) -> Reply {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(405, "Only GET and HEAD are allowed.\n")
            .with_header(header("Allow", "GET, HEAD"));
    }
    let target = resolve(request.url(), |path| snapshot.output.get(path).is_some());
    let (status, path) = match target {
        Target::File(path) => (200, path),
        Target::Redirect(location) => {
            return text(308, "Moved.\n").with_header(header("Location", &location));
        }
        Target::BadRequest => return text(400, "Bad request path.\n"),
        Target::NotFound => (404, "404.html".to_owned()),
    };
    let Some(bytes) = body(snapshot, &path) else {
        return text(404, "Not found.\n");
    };
    let tag = etag(&bytes);
    let matches = request.headers().iter().any(|h| {
        h.field.equiv("If-None-Match") && h.value.as_str().split(',').any(|v| v.trim() == tag)
    });
    let mime = mime_type(&path);
    let cache = if mime.starts_with("text/html") {
        "no-cache"
    } else {
        "no-cache, max-age=0"
    };
    let response = if matches && status == 200 {
        Response::from_data(Vec::new()).with_status_code(StatusCode(304))
    } else {
        Response::from_data(bytes).with_status_code(StatusCode(status))
    };
    response
        .with_header(header("Content-Type", mime))
        .with_header(header("ETag", &tag))
        .with_header(header("Cache-Control", cache))
        .with_header(header("X-Content-Type-Options", "nosniff"))
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
            "/%c0%ae%c0%ae/etc/passwd",
            "relative",
        ] {
            assert_eq!(resolve(bad, site), Target::BadRequest, "{bad}");
        }
    }

    #[test]
    fn mime_types_carry_a_charset_for_text() {
        assert_eq!(mime_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(mime_type("p.webp"), "image/webp");
        assert_eq!(mime_type("CNAME"), "application/octet-stream");
    }
}
