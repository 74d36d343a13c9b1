//! A running `shop serve` for tests: the real binary on a free port, a raw HTTP client over
//! TCP, and a reader of the live-reload event stream.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

/// How long a test waits for the server to react before failing.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `shop serve`, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub address: String,
    output: Receiver<String>,
}

impl Server {
    pub fn start(dir: &Path) -> Server {
        Server::start_on(dir, 0)
    }

    /// Starts on `port` (or the next free one after it; 0 for any).
    pub fn start_on(dir: &Path, port: u16) -> Server {
        Server::spawn(serve_command(dir, port, &[]))
    }

    /// Starts the server `command` runs, as [`serve_command`] makes it and a test adds to.
    pub fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start shop serve");
        let (sender, output) = channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        for stream in [Box::new(stdout) as Box<dyn Read + Send>, Box::new(stderr)] {
            let sender = sender.clone();
            thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            address: String::new(),
            output,
        };
        let line = server.wait_for_line("Serving at ");
        let url = line
            .split("Serving at ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        server.address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        server
    }

    pub fn wait_for_line(&self, needle: &str) -> String {
        loop {
            let line = self
                .output
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("server never printed {needle:?}"));
            if line.contains(needle) {
                return line;
            }
        }
    }

    /// Sends a raw request and returns status, headers (lowercase names) and body.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        let extra: String = headers
            .iter()
            .map(|(k, v)| format!("{k}: {v}\r\n"))
            .collect();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{extra}Connection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[])
    }

    /// Threads of the server process, as Linux counts them.
    pub fn threads(&self) -> usize {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server process");
        status
            .lines()
            .find_map(|line| line.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("a thread count")
    }

    /// A connection that sends `request` and then nothing more.
    pub fn connect_sending(&self, request: &str) -> TcpStream {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        stream
    }

    /// The status of a GET of `path`, or `None` when the connection fails: for a server
    /// that may be refusing connections.
    pub fn try_status(&self, path: &str) -> Option<u16> {
        let mut stream = TcpStream::connect(&self.address).ok()?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").ok()?;
        status_of(&mut stream, PATIENCE)
    }

    /// Opens the event stream and hands each `event: name` + data on as `name data`.
    pub fn events(&self) -> Receiver<String> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(
            stream,
            "GET /__shop/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        let (sender, receiver) = channel();
        thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(event) = line.strip_prefix("event: ") {
                    name = event.to_owned();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && sender.send(format!("{name} {data}")).is_err()
                {
                    return;
                }
            }
        });
        let hello = receiver.recv_timeout(PATIENCE).expect("hello event");
        assert!(hello.starts_with("hello "), "{hello}");
        receiver
    }
}

/// `shop serve DIR --port PORT`, run through `wrapper` (such as `prlimit --nofile=256 --`)
/// when it is not empty.
pub fn serve_command(dir: &Path, port: u16, wrapper: &[&str]) -> Command {
    let shop = env!("CARGO_BIN_EXE_shop");
    let mut command = match wrapper.split_first() {
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg(shop);
            command
        }
        None => Command::new(shop),
    };
    command
        .arg("serve")
        .arg(dir)
        .args(["--port", &port.to_string()]);
    command
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The status code of the reply arriving on `stream` within `timeout`; `None` when the
/// connection closes or stays silent.
pub fn status_of(stream: &mut TcpStream, timeout: Duration) -> Option<u16> {
    stream.set_read_timeout(Some(timeout)).ok()?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).ok()?;
    line.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

pub fn next_event(events: &Receiver<String>) -> String {
    events
        .recv_timeout(PATIENCE)
        .expect("an event after the edit")
}

/// Serves a built site folder as a static host would, on a free port, until the test
/// ends: for tools that wait for a page to finish loading, which `shop serve`'s live-reload
/// connection never lets happen. A thread per connection and `Connection: close`, so no
/// request waits behind another. Returns the address.
pub fn serve_folder(root: &Path) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("an address").to_string();
    let root = root.to_path_buf();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || answer_from_folder(&root, stream));
        }
    });
    address
}

/// Answers one `GET` from `root`: the file, `index.html` for a folder, or a 404.
fn answer_from_folder(root: &Path, mut stream: TcpStream) {
    let mut line = String::new();
    let mut reader = BufReader::new(&stream);
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/");
    let path = path.split('?').next().unwrap_or("/").to_owned();
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        Some("webp") => "image/webp",
        Some("png") => "image/png",
        _ => "image/jpeg",
    };
    let (status, body) = match std::fs::read(&file) {
        Ok(bytes) if !path.contains("..") => ("200 OK", bytes),
        _ => ("404 Not Found", Vec::new()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
