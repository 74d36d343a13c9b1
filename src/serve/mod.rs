//! `shop serve`: builds the site in memory for a local address, serves it, watches the shop
//! folder and rebuilds on every save, and tells open pages to reload. Split into
//! [`connections`], [`http`], [`watch`], [`rebuild`] and [`livereload`]. The only writes
//! into the shop folder are the build's own: the image cache.

pub mod connections;
pub mod http;
pub mod livereload;
pub mod rebuild;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

use crate::content::Drafts;
use crate::{BuildOptions, Error};
use connections::{Connections, Stopper};
use rebuild::{Outcome, Preview};

/// How many ports above the asked one are tried when it is taken.
const PORT_ATTEMPTS: u16 = 10;

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

/// A listening socket with Nagle's algorithm off, which accepted connections inherit on
/// most systems (and are given again in [`connections`]): a reply's head and body are
/// written separately, and with Nagle on the body would wait out the client's delayed ACK
/// (about 40 ms).
fn listen(address: SocketAddr) -> std::io::Result<TcpListener> {
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

fn bind(options: &ServeOptions) -> Result<(TcpListener, SocketAddr), ServeError> {
    let last = if options.port == 0 {
        0
    } else {
        options.port.saturating_add(PORT_ATTEMPTS - 1)
    };
    let mut reason = String::new();
    for port in options.port..=last {
        let bound = listen(SocketAddr::new(options.bind, port))
            .and_then(|listener| Ok((listener.local_addr()?, listener)));
        match bound {
            Ok((address, listener)) => return Ok((listener, address)),
            Err(err) => reason = err.to_string(),
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

/// Serves the shop until stopped (Ctrl-C in the command): binds, builds, serves, watches
/// and rebuilds. `on_ready` gets the [`Stopper`] a signal handler can stop it with.
pub fn run(
    options: ServeOptions,
    reporter: Arc<dyn Reporter>,
    on_ready: impl FnOnce(Stopper),
) -> Result<(), ServeError> {
    let (listener, address) = bind(&options)?;
    let url = url_for(options.bind, address.port());
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
    let connections = Connections::new(listener, address);
    reporter.listening(&url);
    on_ready(connections.stopper());
    connections.serve(&preview);
    Ok(())
}
