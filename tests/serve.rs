//! `shop serve` end to end: the real binary on a free port, real HTTP over TCP, real edits
//! of the shop folder, and the live-reload event stream.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use common::server::{PATIENCE, Server, next_event, serve_command, status_of};
use common::{shop, write_shop};

const SHOP: &[(&str, &str)] = &[
    (
        "shop.yaml",
        "title: Test shop\nbase_url: https://example.com/\ncurrency: EUR\n",
    ),
    (
        "products/apron.md",
        "---\ntitle: Apron\nprice: 10\n---\nA linen apron.\n",
    ),
    (
        "products/mug.md",
        "---\ntitle: Mug\nprice: 12\n---\nA mug.\n",
    ),
    (
        "pages/about.md",
        "---\ntitle: About\n---\nWe make things.\n",
    ),
    ("static/extra.css", "body { margin: 0 }\n"),
];

#[test]
fn http_is_done_right() {
    let dir = write_shop(SHOP);
    let server = Server::start(dir.path());
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(home.headers["cache-control"], "no-cache");
    assert!(
        home.text().contains("http://127.0.0.1:"),
        "built for the local address"
    );
    assert!(
        home.text().contains("/__shop/events"),
        "live reload injected"
    );

    let redirect = server.get("/products/apron?x=1");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.headers["location"], "/products/apron/?x=1");

    let missing = server.get("/nowhere/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "the site's own 404 page"
    );
    assert!(missing.text().contains("/__shop/events"));

    assert_eq!(server.get("/products/").status, 200, "a listing page");
    assert_eq!(server.get("/assets/").status, 404, "no directory listings");
    assert_eq!(server.request("POST", "/", &[]).status, 405);
    assert_eq!(
        server.request("DELETE", "/", &[]).headers["allow"],
        "GET, HEAD"
    );

    let css = server.get("/assets/shop.css");
    assert_eq!(css.headers["content-type"], "text/css; charset=utf-8");
    let etag = css.headers["etag"].clone();
    let again = server.request("GET", "/assets/shop.css", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let head = server.request("HEAD", "/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(
        !dir.path().join("public").exists(),
        "serve never writes public/"
    );
}

#[test]
fn a_folder_with_a_non_ascii_name_redirects_and_the_server_lives_on() {
    let dir = write_shop(SHOP);
    fs::create_dir_all(dir.path().join("static/文档")).unwrap();
    fs::write(dir.path().join("static/文档/index.html"), "<p>Docs</p>").unwrap();
    let server = Server::start(dir.path());
    // More requests than the server has workers: each used to kill the one answering it.
    for _ in 0..8 {
        let redirect = server.get("/%E6%96%87%E6%A1%A3?q=%C3%A9");
        assert_eq!(redirect.status, 308);
        assert_eq!(
            redirect.headers["location"],
            "/%E6%96%87%E6%A1%A3/?q=%C3%A9"
        );
    }
    assert!(
        server
            .get("/%E6%96%87%E6%A1%A3/")
            .text()
            .starts_with("<p>Docs</p>")
    );
}

/// Every file under `dir`, relative to it.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

#[test]
fn serve_writes_only_the_image_cache_in_the_shop() {
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/gray.jpg");
    let dir = write_shop(&[
        SHOP[0],
        (
            "products/bowl/index.md",
            "---\ntitle: Bowl\nprice: 5\nimages:\n  - {src: gray.jpg, alt: A bowl}\n---\n",
        ),
    ]);
    fs::copy(photo, dir.path().join("products/bowl/gray.jpg")).unwrap();
    let before = files_in(dir.path());
    let server = Server::start(dir.path());
    assert_eq!(server.get("/products/bowl/").status, 200);
    drop(server);
    let new: Vec<_> = files_in(dir.path())
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    assert!(!new.is_empty(), "photo versions are cached");
    assert!(
        new.iter().all(|f| f.starts_with(".shop-cache")),
        "only in the image cache, as docs/cli.md says: {new:?}"
    );
}

#[test]
fn no_request_leaves_the_site() {
    let dir = write_shop(SHOP);
    fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let server = Server::start(dir.path());
    for path in [
        "/../shop.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/shop.yaml",
        "/%2E%2E%2Fshop.yaml",
        "/products%2f..%2f..%2fshop.yaml",
        "/..%5cshop.yaml",
        "/products\\..\\..\\shop.yaml",
        "/index.html%00.css",
        "/secret.txt",
        "/products/apron.md",
    ] {
        let reply = server.get(path);
        assert!(
            matches!(reply.status, 400 | 404),
            "{path}: {}",
            reply.status
        );
        assert!(
            !reply.text().contains("secret") && !reply.text().contains("base_url"),
            "{path}"
        );
    }
}

#[test]
fn edits_reload_pages_and_css_swaps_in_place() {
    let dir = write_shop(SHOP);
    let server = Server::start(dir.path());
    let events = server.events();

    save_and_reload(
        dir.path(),
        "products/apron.md",
        "---\ntitle: Apron\nprice: 14\n---\nNow blue.\n",
        &events,
    );
    let page = server.get("/products/apron/").text();
    assert!(page.contains("€14.00") && page.contains("Now blue."));

    fs::write(
        dir.path().join("static/extra.css"),
        "body { margin: 1px }\n",
    )
    .unwrap();
    assert!(next_event(&events).starts_with("css "));
    assert_eq!(server.get("/extra.css").text(), "body { margin: 1px }\n");
}

#[test]
fn a_broken_file_shows_an_overlay_and_the_server_recovers() {
    let dir = write_shop(SHOP);
    let server = Server::start(dir.path());
    let events = server.events();
    save_and_reload(
        dir.path(),
        "products/apron.md",
        "---\ntitle: Apron\nprice: [10\n---\n",
        &events,
    );
    for path in ["/products/apron/", "/nowhere/"] {
        let page = server.get(path).text();
        assert!(page.contains("shop-build-errors"), "{path} has the overlay");
        assert!(
            page.contains("--&gt; products/apron.md:"),
            "{path} names the place"
        );
    }
    assert!(
        server.get("/products/apron/").text().contains("€10.00"),
        "last good page served"
    );

    assert_a_good_save_recovers(&server, dir.path(), &events);
}

#[test]
fn only_tool_folders_directly_under_the_shop_go_unwatched() {
    let mut files = SHOP.to_vec();
    files[0].1 = "title: Test shop\nbase_url: https://example.com/\ncurrency: EUR\nimages:\n  cache: build/images\n";
    files.push((
        "products/target/index.md",
        "---\ntitle: Target\nprice: 5\n---\nFirst.\n",
    ));
    files.push(("site/.shop-build", ""));
    let dir = write_shop(&files);
    let server = Server::start(dir.path());

    // A product folder may be called like a tool's folder: it is content.
    fs::write(
        dir.path().join("products/target/index.md"),
        "---\ntitle: Target\nprice: 5\n---\nSecond.\n",
    )
    .unwrap();
    let built = server.wait_for_line("Built ");
    assert!(built.contains("products/target/index.md"), "{built}");
    assert!(server.get("/products/target/").text().contains("Second."));

    // The configured image cache and a folder `shop build` made are not.
    fs::create_dir_all(dir.path().join("build/images")).unwrap();
    fs::write(dir.path().join("build/images/a.webp"), "x").unwrap();
    fs::write(dir.path().join("site/index.html"), "x").unwrap();
    fs::create_dir_all(dir.path().join("node_modules/x")).unwrap();
    fs::write(dir.path().join("node_modules/x/a.js"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    fs::write(
        dir.path().join("products/apron.md"),
        "---\ntitle: Apron\nprice: 14\n---\n",
    )
    .unwrap();
    let built = server.wait_for_line("Built ");
    assert!(
        built.contains("after a change to") && built.contains("products/apron.md"),
        "the next build is the product's alone: {built}"
    );
}

#[test]
fn a_rebuild_that_panics_shows_in_the_overlay_and_the_next_save_builds() {
    let dir = write_shop(SHOP);
    // A debug build panics when a file of this name changes (see rebuild.rs).
    let mut command = serve_command(dir.path(), 0, &[]);
    command.env("SHOP_TEST_PANIC_ON", "mug.md");
    let server = Server::spawn(command);
    let events = server.events();

    save_and_reload(
        dir.path(),
        "products/mug.md",
        "---\ntitle: Mug\nprice: 15\n---\n",
        &events,
    );
    let page = server.get("/products/apron/").text();
    assert!(page.contains("shop-build-errors"), "the overlay shows");
    assert!(
        page.contains("the build crashed: SHOP_TEST_PANIC_ON: mug.md"),
        "with the panic's message"
    );
    assert!(page.contains("please report it"));
    assert!(page.contains("products/mug.md:1:1"), "at the file saved");
    assert!(server.get("/products/mug/").text().contains("€12.00"));

    assert_a_good_save_recovers(&server, dir.path(), &events);
    assert!(
        server.get("/products/mug/").text().contains("€15.00"),
        "the save that crashed is built too"
    );
}

#[test]
fn created_and_deleted_products_appear_and_go() {
    let dir = write_shop(SHOP);
    let server = Server::start(dir.path());
    let events = server.events();
    fs::write(
        dir.path().join("products/bowl.md"),
        "---\ntitle: Bowl\nprice: 20\n---\n",
    )
    .unwrap();
    next_event(&events);
    assert_eq!(server.get("/products/bowl/").status, 200);
    fs::remove_file(dir.path().join("products/mug.md")).unwrap();
    next_event(&events);
    assert_eq!(server.get("/products/mug/").status, 404);
}

/// Saves `text` as the shop's file `path` and waits until the pages are told to reload.
fn save_and_reload(dir: &Path, path: &str, text: &str, events: &Receiver<String>) {
    fs::write(dir.join(path), text).unwrap();
    let event = next_event(events);
    assert!(event.starts_with("reload "), "{event}");
}

/// After a failed build: a good save of a product serves its new page, with no overlay.
fn assert_a_good_save_recovers(server: &Server, dir: &Path, events: &Receiver<String>) {
    let apron = "---\ntitle: Apron\nprice: 11\n---\n";
    save_and_reload(dir, "products/apron.md", apron, events);
    let page = server.get("/products/apron/").text();
    assert!(!page.contains("shop-build-errors"));
    assert!(page.contains("€11.00"));
}

/// The start of a request head that never ends.
const STALLED: &str = "GET / HTTP/1.1\r\nHost: x\r\n";

/// Mirrors `MAX_CONNECTIONS` in src/serve/connections.rs.
const MAX_CONNECTIONS: usize = 256;

/// Mirrors `MAX_EVENT_STREAMS` in src/serve/connections.rs.
const MAX_EVENT_STREAMS: usize = 32;

/// Threads of a server beside its connections': main, watcher, notify, rayon's two.
const OTHER_THREADS: usize = 16;

/// Time left of five seconds from now, for replies that should all come at once: a test
/// of many connections fails in seconds rather than waiting out each one.
fn soon() -> impl Fn() -> Duration {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    move || {
        deadline
            .saturating_duration_since(std::time::Instant::now())
            .max(Duration::from_millis(1))
    }
}

#[cfg(target_os = "linux")]
#[test]
fn stalled_connections_are_capped_then_cut_off() {
    let dir = write_shop(SHOP);
    let server = Server::start(dir.path());
    // Past the cap fewer than the server queues for a 503 (it closes the rest at once).
    let mut stalled: Vec<_> = (0..MAX_CONNECTIONS + 20)
        .map(|_| server.connect_sending(STALLED))
        .collect();
    // Those past the cap get a 503 at once, not a thread.
    let soon = soon();
    for stream in &mut stalled[MAX_CONNECTIONS + 10..] {
        assert_eq!(status_of(stream, soon()), Some(503));
    }
    let threads = server.threads();
    assert!(
        threads <= MAX_CONNECTIONS + OTHER_THREADS,
        "{threads} threads"
    );
    assert_eq!(server.try_status("/"), Some(503), "full, and saying so");
    // The header timeout closes a stalled connection, and its place is free again.
    let started = std::time::Instant::now();
    assert_eq!(status_of(&mut stalled[0], PATIENCE), None);
    assert!(started.elapsed() < Duration::from_secs(15));
    assert_eq!(server.try_status("/"), Some(200));
}

#[cfg(target_os = "linux")]
#[test]
fn event_streams_are_capped() {
    let dir = write_shop(SHOP);
    let server = Server::start(dir.path());
    let request = "GET /__shop/events HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut streams: Vec<_> = (0..MAX_EVENT_STREAMS + 8)
        .map(|_| server.connect_sending(request))
        .collect();
    let soon = soon();
    let statuses: Vec<_> = streams
        .iter_mut()
        .map(|stream| status_of(stream, soon()))
        .collect();
    let open = statuses.iter().filter(|s| **s == Some(200)).count();
    let busy = statuses.iter().filter(|s| **s == Some(503)).count();
    assert_eq!((open, busy), (MAX_EVENT_STREAMS, 8), "{statuses:?}");
    let threads = server.threads();
    assert!(
        threads <= MAX_EVENT_STREAMS + OTHER_THREADS,
        "{threads} threads"
    );
    assert_eq!(server.try_status("/"), Some(200), "pages still load");
}

#[cfg(target_os = "linux")]
#[test]
fn a_burst_past_the_descriptor_limit_leaves_the_server_accepting() {
    let dir = write_shop(SHOP);
    let command = serve_command(dir.path(), 0, &["prlimit", "--nofile=256", "--"]);
    let mut server = Server::spawn(command);
    let burst: Vec<_> = (0..300)
        .filter_map(|_| TcpStream::connect(&server.address).ok())
        .collect();
    drop(burst);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while server.try_status("/") != Some(200) {
        assert!(
            std::time::Instant::now() < deadline,
            "the server no longer answers"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(server.child.try_wait().unwrap().is_none(), "still running");
}

/// All files of a clean build, by site path.
fn clean_build(dir: &Path, base_url: &str) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    shop()
        .arg("build")
        .arg(dir)
        .arg("-o")
        .arg(out.path())
        .args(["--base-url", base_url, "-q"])
        .assert()
        .success();
    files_in(out.path())
        .into_iter()
        .filter(|path| path != Path::new(".shop-build"))
        .map(|path| {
            let bytes = fs::read(out.path().join(&path)).unwrap();
            (path.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

/// The served site equals a clean build of the same folder, file for file and byte for byte
/// (the live-reload script aside), and serves nothing the build does not have.
fn assert_served_equals_build(server: &Server, dir: &Path, known: &mut Vec<String>, step: &str) {
    let base_url = format!("http://{}/", server.address);
    let built = clean_build(dir, &base_url);
    for (path, bytes) in &built {
        let reply = server.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "{step}: /{path}");
        let served = if path.ends_with(".html") {
            shop::serve::livereload::strip_injected(&reply.text()).into_bytes()
        } else {
            reply.body
        };
        assert!(
            served == *bytes,
            "{step}: /{path} differs from a clean build"
        );
    }
    for path in known.iter().filter(|p| !built.contains_key(*p)) {
        assert_eq!(
            server.get(&format!("/{path}")).status,
            404,
            "{step}: /{path} is stale"
        );
    }
    known.extend(built.into_keys());
    known.sort();
    known.dedup();
}

/// One scripted change of the shop folder.
enum Edit {
    Write(&'static str, String),
    Remove(&'static str),
    Rename(&'static str, &'static str),
}

fn scripted_edits() -> Vec<Edit> {
    use Edit::*;
    let mut edits = Vec::new();
    for i in 0..8 {
        edits.push(Write(
            "products/apron.md",
            format!("---\ntitle: Apron {i}\nprice: {}\n---\nEdit {i}.\n", 10 + i),
        ));
    }
    edits.extend([
        Write(
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 20\ncategories: [Kitchen]\n---\n".into(),
        ),
        Write(
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 21\ncategories: [Table]\ntags: [clay]\n---\n".into(),
        ),
        Rename("products/bowl.md", "products/big-bowl.md"),
        Write("pages/faq.md", "---\ntitle: FAQ\n---\nQuestions.\n".into()),
        Write(
            "pages/faq.md",
            "---\ntitle: FAQ\naliases: [/help/]\n---\nAnswers.\n".into(),
        ),
        Remove("pages/faq.md"),
        Write(
            "posts/news.md",
            "---\ntitle: News\ndate: 2026-11-01\n---\nHello.\n".into(),
        ),
        Write(
            "posts/news.md",
            "---\ntitle: News\ndate: 2026-11-02\n---\nHello again.\n".into(),
        ),
        Write("static/extra.css", "body { margin: 2px }\n".into()),
        Write("static/robots.txt", "User-agent: *\n".into()),
        Remove("static/robots.txt"),
        Write(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block main %}<p>Lost</p>{% endblock main %}".into(),
        ),
        Remove("templates/404.html"),
        Write(
            "shop.yaml",
            "title: Renamed shop\nbase_url: https://example.com/\ncurrency: EUR\nper_page: 1\n"
                .into(),
        ),
        Write(
            "shop.yaml",
            "title: Renamed shop\nbase_url: https://example.com/\ncurrency: USD\n".into(),
        ),
        Write(
            "products/mug.md",
            "---\ntitle: Mug\nprice: 12\ndraft: true\n---\n".into(),
        ),
        Write(
            "products/mug.md",
            "---\ntitle: Mug\nprice: 13\n---\n".into(),
        ),
        Rename("products/mug.md", "products/cup.md"),
        Write(
            "products/cup.md",
            "---\ntitle: Cup\nprice: 13\nstock: 0\n---\n".into(),
        ),
        Write(
            "products/cup.md",
            "---\ntitle: Cup\nprice: 13\nstock: 2\n---\n".into(),
        ),
    ]);
    for i in 0..(50 - edits.len()) {
        edits.push(Write(
            "pages/about.md",
            format!("---\ntitle: About\n---\nRevision {i}.\n"),
        ));
    }
    edits
}

#[test]
fn fifty_edits_never_leave_a_stale_page() {
    let dir = write_shop(SHOP);
    let server = Server::start(dir.path());
    let events = server.events();
    let mut known = Vec::new();
    assert_served_equals_build(&server, dir.path(), &mut known, "start");
    let edits = scripted_edits();
    assert_eq!(edits.len(), 50);
    for (i, edit) in edits.into_iter().enumerate() {
        let step = match &edit {
            Edit::Write(path, _) => format!("edit {i}: write {path}"),
            Edit::Remove(path) => format!("edit {i}: remove {path}"),
            Edit::Rename(from, to) => format!("edit {i}: rename {from} -> {to}"),
        };
        let at = |p: &str| -> PathBuf { dir.path().join(p) };
        match edit {
            Edit::Write(path, text) => {
                fs::create_dir_all(at(path).parent().unwrap()).unwrap();
                fs::write(at(path), text).unwrap();
            }
            Edit::Remove(path) => fs::remove_file(at(path)).unwrap(),
            Edit::Rename(from, to) => fs::rename(at(from), at(to)).unwrap(),
        }
        next_event(&events);
        // A save may arrive as several batches; wait until the stream is quiet.
        while events.recv_timeout(Duration::from_millis(200)).is_ok() {}
        assert_served_equals_build(&server, dir.path(), &mut known, &step);
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let dir = write_shop(SHOP);
    let mut server = Server::start(dir.path());
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    server.wait_for_line("Stopped.");
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn a_taken_port_moves_to_the_next_one() {
    let dir = write_shop(SHOP);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start_on(dir.path(), port);
    let serving: u16 = server.address.rsplit(':').next().unwrap().parse().unwrap();
    assert!(
        serving > port && serving < port + 10,
        "{port} taken, serving on {serving}"
    );
    assert_eq!(server.get("/").status, 200);
}

/// What a build warns of (a test-mode Stripe link, a colour pair hard to read, a menu link
/// to no page) is in every previewed page as a small banner, not only in the terminal, and
/// goes when it is fixed.
#[test]
fn warnings_show_in_the_page_as_a_banner() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: Test shop\nbase_url: https://example.com/\ncurrency: EUR\nmenu:\n  - {label: Gone, url: /gone/}\nbrand:\n  colors:\n    background: \"#ffffff\"\n    text: \"#777\"\n",
        ),
        (
            "products/apron.md",
            "---\ntitle: Apron\nprice: 10\nbuy:\n  stripe: https://buy.stripe.com/test_abc\n---\n",
        ),
    ]);
    let server = Server::start(dir.path());
    let page = server.get("/products/apron/").text();
    let banner = page
        .split_once("<details id=\"shop-build-warnings\"")
        .map(|(_, banner)| banner.split_once("</details>").unwrap().0)
        .unwrap_or_else(|| panic!("no banner:\n{page}"));
    assert!(
        banner.contains("3 warnings: fix before going live"),
        "{banner}"
    );
    for message in [
        "warning: this Stripe link is in test mode: buyers cannot pay with it",
        "warning: `text` #777777 on `background` #ffffff has a contrast of 4.47:1",
        "warning: the menu link `/gone/` leads to no page of the shop",
    ] {
        assert!(banner.contains(message), "{message} missing:\n{banner}");
    }
    assert!(
        !page.contains("shop-build-errors"),
        "a banner, not the overlay"
    );

    let events = server.events();
    save_and_reload(
        dir.path(),
        "shop.yaml",
        "title: Test shop\nbase_url: https://example.com/\ncurrency: EUR\n",
        &events,
    );
    save_and_reload(
        dir.path(),
        "products/apron.md",
        "---\ntitle: Apron\nprice: 10\nbuy:\n  stripe: https://buy.stripe.com/live_abc\n---\n",
        &events,
    );
    let page = server.get("/products/apron/").text();
    assert!(!page.contains("shop-build-warnings"), "{page}");
}
