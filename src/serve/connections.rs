//! Connections: the accept loop and a thread per connection, with caps on open connections
//! and on live-reload streams and a deadline for each request head. Past a cap a client gets
//! a 503 at once instead of a thread; an accept that fails (out of file descriptors) waits
//! for connections to close instead of ending the server. Hand-written rather than
//! tiny_http's, which starts a thread per connection with no limit and no timeout, and whose
//! accept thread ends for good on the first failed accept.

use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread;
use std::time::Duration;

use super::http;
use super::livereload;
use super::rebuild::Preview;

/// Most connections open at once. A browser opens at most six to one host over HTTP/1.1,
/// plus an event stream per open page: a seller with a dozen tabs and a few phones stays
/// well under a hundred. Each connection is a thread, so this also bounds threads and
/// memory.
pub const MAX_CONNECTIONS: usize = 256;

/// Fewest connections allowed however low the descriptor limit: a page and its assets.
const MIN_CONNECTIONS: usize = 16;

/// Most live-reload event streams at once: one per open page, held as long as it is open.
/// Some tens of pages is more than one seller previews at a time.
pub const MAX_EVENT_STREAMS: usize = 32;

/// How long a client has to send its request head after connecting. A browser sends it at
/// once; an idle preconnected socket it closes is simply opened again.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one write may wait for a client that stops reading.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// Pause after a failed accept before trying again: when the process is out of file
/// descriptors, connections close meanwhile.
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

/// Refused connections waiting for their 503, at most; more are closed at once.
const REFUSALS_QUEUED: usize = 64;

/// How long a refused connection's request is waited for before the 503 is sent.
const REFUSAL_WAIT: Duration = Duration::from_millis(100);

/// How long a refused connection is kept after its 503, for the client to close first.
const REFUSAL_LINGER: Duration = Duration::from_millis(50);

/// Most reads of what a refused client still sends after its 503.
const REFUSAL_READS: usize = 4;

/// File descriptors kept for what is not a connection: standard streams, the listener, the
/// watcher, the files a rebuild reads.
const RESERVED_DESCRIPTORS: usize = 64;

/// A count of things open, with a cap.
#[derive(Debug)]
struct Slots {
    open: AtomicUsize,
    cap: usize,
}

/// One place taken in [`Slots`], given back when dropped.
struct Slot(Arc<Slots>);

impl Slots {
    fn new(cap: usize) -> Arc<Slots> {
        Arc::new(Slots {
            open: AtomicUsize::new(0),
            cap,
        })
    }

    /// A place, unless all are taken.
    fn take(self: &Arc<Slots>) -> Option<Slot> {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < self.cap).then_some(open + 1)
            })
            .ok()
            .map(|_| Slot(self.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Stops a running server from another thread (the Ctrl-C handler).
#[derive(Debug, Clone)]
pub struct Stopper {
    stopping: Arc<AtomicBool>,
    address: SocketAddr,
}

impl Stopper {
    /// Ends the accept loop: [`Connections::serve`] returns. Open connections are left to
    /// end with the process.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Release);
        // The loop waits in accept(): a connection of our own wakes it.
        let mut wake = self.address;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
    }
}

/// The listening side of the preview.
pub struct Connections {
    listener: TcpListener,
    stopping: Arc<AtomicBool>,
    address: SocketAddr,
    connections: Arc<Slots>,
    streams: Arc<Slots>,
    refusals: SyncSender<TcpStream>,
}

impl Connections {
    /// Serves on `listener`, bound to `address`. Raises the soft limit on open files to the
    /// hard limit first, as servers commonly do, and allows no more connections than the
    /// limit in effect holds.
    pub fn new(listener: TcpListener, address: SocketAddr) -> Connections {
        let cap = connection_cap(raise_descriptor_limit());
        let (refusals, refused) = sync_channel(REFUSALS_QUEUED);
        thread::spawn(move || refused.into_iter().for_each(refuse));
        Connections {
            listener,
            stopping: Arc::new(AtomicBool::new(false)),
            address,
            connections: Slots::new(cap),
            streams: Slots::new(MAX_EVENT_STREAMS.min(cap / 2)),
            refusals,
        }
    }

    /// A handle that stops [`Connections::serve`].
    pub fn stopper(&self) -> Stopper {
        Stopper {
            stopping: self.stopping.clone(),
            address: self.address,
        }
    }

    /// Accepts connections until stopped, answering each from `preview` on a thread of its
    /// own.
    pub fn serve(&self, preview: &Arc<Preview>) {
        loop {
            let accepted = self.listener.accept();
            if self.stopping.load(Ordering::Acquire) {
                return;
            }
            match accepted {
                Ok((stream, _)) => self.admit(stream, preview),
                // Out of file descriptors or memory, or a connection reset while queued:
                // the server lives on, and what is open closes meanwhile.
                Err(_) => thread::sleep(ACCEPT_PAUSE),
            }
        }
    }

    /// Gives a connection its thread, or a 503 when all places are taken: one thread
    /// answers all refused connections in turn, and when it is behind they are closed.
    fn admit(&self, stream: TcpStream, preview: &Arc<Preview>) {
        let Some(slot) = self.connections.take() else {
            let _ = self.refusals.try_send(stream);
            return;
        };
        let preview = preview.clone();
        let streams = self.streams.clone();
        // When no thread can be started, the closure is dropped: the connection closes and
        // its place is given back.
        let _ = thread::Builder::new()
            .name("shop-serve-connection".to_owned())
            .spawn(move || {
                let _slot = slot;
                answer(stream, &preview, &streams);
            });
    }
}

/// Answers a connection past the cap with a 503. Closing with part of the request unread
/// would reset the connection, and the client could lose the reply: so the request is
/// read first if it comes at once, as a browser's does, and after the reply what still
/// arrives is read until the client closes, for a moment.
fn refuse(mut stream: TcpStream) {
    let mut request = [0; http::MAX_HEAD];
    let _ = stream.set_read_timeout(Some(REFUSAL_WAIT));
    let _ = stream.set_write_timeout(Some(REFUSAL_WAIT));
    let _ = stream.read(&mut request);
    if http::send(&mut stream, &http::busy("connections"), false).is_err()
        || stream.shutdown(Shutdown::Write).is_err()
        || stream.set_read_timeout(Some(REFUSAL_LINGER)).is_err()
    {
        return;
    }
    // A few reads at most: a client that keeps sending cannot keep the refusals waiting.
    for _ in 0..REFUSAL_READS {
        if !matches!(stream.read(&mut request), Ok(read) if read > 0) {
            return;
        }
    }
}

/// Reads one request and answers it: a page or file of the site, or an event stream.
fn answer(mut stream: TcpStream, preview: &Preview, streams: &Arc<Slots>) {
    // The listener's settings are not inherited everywhere: see `listen` in mod.rs.
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let request = match http::read_request(&mut stream, HEADER_TIMEOUT) {
        Ok(request) => request,
        Err(err) => {
            if let Some(reply) = err.reply() {
                let _ = http::send(&mut stream, &reply, false);
            }
            return;
        }
    };
    if request.url.split('?').next() == Some(livereload::EVENTS_PATH) {
        match streams.take() {
            Some(_slot) => {
                let events = preview.events.subscribe();
                livereload::stream_events(stream, events, &preview.hello());
            }
            None => {
                let _ = http::send(&mut stream, &http::busy("pages"), false);
            }
        }
        return;
    }
    let reply = http::respond(&request, &preview.snapshot());
    // A page closed before its answer arrived: nothing to do.
    let _ = http::send(&mut stream, &reply, request.method == "HEAD");
}

/// How many connections to allow: [`MAX_CONNECTIONS`], or fewer when the limit on open
/// files would not hold them, each connection holding its socket and perhaps a file it
/// sends.
fn connection_cap(descriptors: Option<usize>) -> usize {
    descriptors.map_or(MAX_CONNECTIONS, |limit| {
        (limit.saturating_sub(RESERVED_DESCRIPTORS) / 2).clamp(MIN_CONNECTIONS, MAX_CONNECTIONS)
    })
}

/// Raises the soft limit on open files to the hard one and returns the limit in effect;
/// macOS refuses a soft limit above `OPEN_MAX` (10,240), so that is tried next.
#[cfg(unix)]
fn raise_descriptor_limit() -> Option<usize> {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).ok()?;
    let raised = [hard, hard.min(10_240)]
        .into_iter()
        .find(|&limit| limit > soft && setrlimit(Resource::RLIMIT_NOFILE, limit, hard).is_ok());
    Some(usize::try_from(raised.unwrap_or(soft)).unwrap_or(usize::MAX))
}

/// Windows has no such limit on sockets.
#[cfg(not(unix))]
fn raise_descriptor_limit() -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_stop_at_the_cap_and_come_back() {
        let slots = Slots::new(2);
        let (a, b) = (slots.take(), slots.take());
        assert!(a.is_some() && b.is_some());
        assert!(slots.take().is_none());
        drop(a);
        assert!(slots.take().is_some());
    }

    #[test]
    fn the_cap_fits_the_descriptor_limit() {
        assert_eq!(connection_cap(None), MAX_CONNECTIONS);
        assert_eq!(connection_cap(Some(1_048_576)), MAX_CONNECTIONS);
        assert_eq!(connection_cap(Some(256)), 96);
        assert_eq!(connection_cap(Some(20)), MIN_CONNECTIONS);
    }
}
