//! `shop serve`: builds the site in memory for a local address, serves it, watches the shop
//! folder and rebuilds on every save, and tells open pages to reload. Split into [`http`],
//! [`watch`], [`rebuild`] and [`livereload`]; nothing here writes into the shop folder.

pub mod http;
pub mod livereload;
pub mod rebuild;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread;

use tiny_http::{Request, Server};

use crate::content::Drafts;
use crate::{BuildOptions, Error};
use rebuild::{Outcome, Preview};

/// How many ports above the asked one are tried when it is taken.
const PORT_ATTEMPTS: u16 = 10;

/// Threads answering ordinary requests; event streams get their own.
const WORKERS: usize = 4;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The shop folder.
    pub root: PathBuf,
    /// Address to listen on; loopback unless the seller asks otherwise.
    pub bind: IpAddr,
    /// First port to try; 0 lets the system choose.
    pub port: u16,
    /// Whether drafts are shown.
    pub drafts: Drafts,
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The first build failed, so there is nothing to serve yet.
    #[error("the shop does not build yet")]
    FirstBuild(#[source] Error),
    /// No port could be opened.
    #[error("cannot listen on {bind} ports {first}-{last}: {reason}")]
    Bind {
        /// Address.
        bind: IpAddr,
        /// First port tried.
        first: u16,
        /// Last port tried.
        last: u16,
        /// The last error.
        reason: String,
    },
    /// The folder cannot be watched.
    #[error("cannot watch the shop folder")]
    Watch(#[source] notify::Error),
}

/// What the terminal hears about; `main` decides how to print it.
pub trait Reporter: Send + Sync {
    /// The server listens at `url`.
    fn listening(&self, url: &str);
    /// A build finished or failed.
    fn built(&self, outcome: &Outcome, changed: &[PathBuf]);
}

/// A listening socket with Nagle's algorithm off, which accepted connections inherit:
/// tiny_http writes headers and body separately, and with Nagle on, every response after the
/// first on a kept-alive connection waits out the client's delayed ACK (about 40 ms).
fn listen(address: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(
        Domain::for_address(address),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&address.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

fn bind(options: &ServeOptions) -> Result<(Server, u16), ServeError> {
    let last = if options.port == 0 {
        0
    } else {
        options.port.saturating_add(PORT_ATTEMPTS - 1)
    };
    let mut reason = String::new();
    for port in options.port..=last {
        let server = listen(SocketAddr::new(options.bind, port))
            .map_err(|e| e.to_string())
            .and_then(|l| Server::from_listener(l, None).map_err(|e| e.to_string()));
        match server {
            Ok(server) => {
                let port = server
                    .server_addr()
                    .to_ip()
                    .map(|a| a.port())
                    .unwrap_or(port);
                return Ok((server, port));
            }
            Err(err) => reason = err,
        }
    }
    Err(ServeError::Bind {
        bind: options.bind,
        first: options.port,
        last,
        reason,
    })
}

fn url_for(bind: IpAddr, port: u16) -> String {
    match bind {
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{port}/"),
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
    }
}

/// Serves the shop until `stop` is called (Ctrl-C in the command): binds, builds, serves,
/// watches and rebuilds. Returns the server so a signal handler can unblock it.
pub fn run(
    options: ServeOptions,
    reporter: Arc<dyn Reporter>,
    on_ready: impl FnOnce(Arc<Server>),
) -> Result<(), ServeError> {
    let (server, port) = bind(&options)?;
    let url = url_for(options.bind, port);
    let build_options = BuildOptions {
        root: options.root.clone(),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        images: crate::images::Work::Encode,
        preview: true,
    };
    let (preview, first) = Preview::start(build_options).map_err(ServeError::FirstBuild)?;
    reporter.built(&first, &[]);
    let preview = Arc::new(preview);
    let mut watch =
        watch::Watch::start(&options.root, &preview.cache_folder()).map_err(ServeError::Watch)?;
    let watcher_preview = preview.clone();
    let watcher_reporter = reporter.clone();
    thread::spawn(move || {
        while let Some(changed) = watch.next_batch() {
            let outcome = watcher_preview.rebuild(&changed);
            watcher_reporter.built(&outcome, &changed);
            watch.set_cache_folder(&watcher_preview.cache_folder());
        }
    });
    let server = Arc::new(server);
    reporter.listening(&url);
    on_ready(server.clone());
    serve_requests(&server, preview);
    Ok(())
}

/// Hands requests to a small pool; each event stream gets a thread of its own, since it
/// stays open as long as the page does.
fn serve_requests(server: &Server, preview: Arc<Preview>) {
    let (sender, receiver) = channel::<Request>();
    let receiver = Arc::new(Mutex::new(receiver));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let receiver = receiver.clone();
            let preview = preview.clone();
            thread::spawn(move || work(&receiver, &preview))
        })
        .collect();
    for request in server.incoming_requests() {
        if request.url().split('?').next() == Some(livereload::EVENTS_PATH) {
            let preview = preview.clone();
            thread::spawn(move || open_event_stream(request, &preview));
        } else if sender.send(request).is_err() {
            break;
        }
    }
    drop(sender);
    for worker in workers {
        let _ = worker.join();
    }
}

fn work(receiver: &Mutex<Receiver<Request>>, preview: &Preview) {
    loop {
        let next = receiver.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok(request) = next else { return };
        let reply = http::respond(&request, &preview.snapshot());
        // A page closed before its answer arrived: nothing to do.
        let _ = http::send_closing(request, reply);
    }
}

fn open_event_stream(request: Request, preview: &Preview) {
    let events = preview.events.subscribe();
    let hello = preview.hello();
    let mut writer = request.into_writer();
    let _ = writer.flush();
    livereload::stream_events(writer, events, &hello);
}
