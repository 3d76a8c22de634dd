//! The HTTP handler: POSTs batches of records, one JSON object per line (`application/x-ndjson`), to
//! an `http://` URL from a background thread (Python's `HTTPHandler`, batched).
//!
//! A log call only puts the record on a bounded channel and never waits: when the channel is full the
//! record is dropped and counted. Each POST has a connect and I/O timeout; a failure (server down,
//! refused, non-2xx answer) is reported through the handler's error count and the batch is dropped
//! and counted — logging must not grow memory without bound while a server is away. Closing says on
//! stderr how many records were lost and how ([`HttpHandler::lost_total`]). Plain HTTP only: the handler
//! is meant for a collector on the same machine or network; TLS is out of scope for the core.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::file::lock;
use super::{Handler, HandlerCore, HandlerOptions};
use crate::logging::{Formatter, OwnedRecord, Record};

/// Tuning of an [`HttpHandler`].
#[derive(Clone, Debug)]
pub struct HttpOptions {
    /// Connect, write and read timeout of one POST.
    pub timeout: Duration,
    /// Most records in one POST.
    pub batch_size: usize,
    /// The longest a record waits for others to share its POST, from when it was logged.
    pub linger: Duration,
    /// Records the channel holds before new ones are dropped.
    pub capacity: usize,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_secs(5),
            batch_size: 100,
            linger: Duration::from_millis(200),
            capacity: 10_000,
        }
    }
}

enum Message {
    /// A record and when it was logged.
    Record(Box<OwnedRecord>, Instant),
    Flush(SyncSender<()>),
}

/// Where to POST: host, port and path of an `http://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Target {
    host: String,
    port: u16,
    path: String,
}

impl Target {
    /// `host:port` as the Host header and error messages write it, an IPv6 address in brackets.
    fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn parse_url(url: &str) -> io::Result<Target> {
    let invalid =
        |why: &str| io::Error::new(io::ErrorKind::InvalidInput, format!("{url:?}: {why}"));
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| invalid("only http:// URLs are supported"))?;
    let (authority, path) = match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    };
    let port_of = |port: &str| port.parse::<u16>().map_err(|_| invalid("invalid port"));
    // An IPv6 address is bracketed, `[::1]:9000`, because its colons are not the port's.
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((host, "")) => (host, 80),
            Some((host, rest)) => match rest.strip_prefix(':') {
                Some(port) => (host, port_of(port)?),
                None => return Err(invalid("invalid host or path")),
            },
            None => return Err(invalid("'[' without ']' in the host")),
        },
        None => match authority.rsplit_once(':') {
            Some((host, _)) if host.contains(':') => {
                return Err(invalid("an IPv6 address must be in brackets, [::1]"));
            }
            Some((host, port)) => (host, port_of(port)?),
            None => (authority, 80),
        },
    };
    if host.is_empty() || path.contains(['\r', '\n', ' ']) {
        return Err(invalid("invalid host or path"));
    }
    Ok(Target {
        host: host.to_string(),
        port,
        path: path.to_string(),
    })
}

pub struct HttpHandler {
    link: Arc<Link>,
    url: String,
    sender: Mutex<Option<SyncSender<Message>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    /// Records dropped because the channel was full.
    dropped: AtomicU64,
    /// Records put on the channel.
    queued: AtomicU64,
}

/// What the handler and its sender thread share: the core, which reports failures, and the count
/// of what became of the records.
struct Link {
    core: HandlerCore,
    tally: Mutex<Tally>,
}

/// What became of the records taken off the channel.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    /// Records in POSTs the server acknowledged (2xx).
    sent: u64,
    /// Records in POSTs that failed: lost.
    failed: u64,
}

impl std::fmt::Debug for HttpHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpHandler")
            .field("url", &self.url)
            .field("sent", &self.sent_total())
            .field("lost", &self.lost_total())
            .finish_non_exhaustive()
    }
}

impl HttpHandler {
    /// Starts the sender thread for `url`. Records are formatted with the options' formatter, JSON
    /// lines when none is given.
    pub fn new(
        url: &str,
        http: HttpOptions,
        mut options: HandlerOptions,
    ) -> io::Result<HttpHandler> {
        let target = parse_url(url)?;
        if options.formatter.is_none() {
            options.formatter = Some(Formatter::json());
        }
        let link = Arc::new(Link {
            core: HandlerCore::new(format!("http {url}"), options),
            tally: Mutex::new(Tally::default()),
        });
        let (sender, receiver) = sync_channel(http.capacity.max(1));
        let writer_link = Arc::clone(&link);
        let writer = std::thread::Builder::new()
            .name("talkdeck-log-http".into())
            .spawn(move || send_loop(receiver, target, http, writer_link))?;
        Ok(HttpHandler {
            link,
            url: url.to_string(),
            sender: Mutex::new(Some(sender)),
            writer: Mutex::new(Some(writer)),
            dropped: AtomicU64::new(0),
            queued: AtomicU64::new(0),
        })
    }

    /// Records dropped because the channel was full.
    pub fn dropped_total(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Records the server has acknowledged.
    pub fn sent_total(&self) -> u64 {
        lock(&self.link.tally).sent
    }

    /// Records that will never reach the server: dropped because the channel was full, or in a
    /// POST that failed.
    pub fn lost_total(&self) -> u64 {
        self.dropped_total() + lock(&self.link.tally).failed
    }

    /// One line saying how many records were lost and how, if any were.
    fn loss_summary(&self) -> Option<String> {
        let tally = *lock(&self.link.tally);
        let dropped = self.dropped_total();
        let lost = dropped + tally.failed;
        if lost == 0 {
            return None;
        }
        let logged = self.queued.load(Ordering::Relaxed) + dropped;
        let mut how = Vec::new();
        if dropped > 0 {
            how.push(format!("{dropped} dropped while sending was behind"));
        }
        if tally.failed > 0 {
            how.push(format!("{} in failed POSTs", tally.failed));
        }
        Some(format!(
            "{lost} of {logged} records were not delivered: {}",
            how.join(", ")
        ))
    }
}

/// When a batch goes: the sender thread's decisions with the time passed in, so tests can drive them
/// with made-up instants.
#[derive(Debug)]
struct Batcher {
    batch_size: usize,
    linger: Duration,
    records: Vec<Box<OwnedRecord>>,
    /// When the batch is sent even if it is not full; `None` while it is empty.
    send_by: Option<Instant>,
}

impl Batcher {
    fn new(batch_size: usize, linger: Duration) -> Batcher {
        Batcher {
            batch_size: batch_size.max(1),
            linger,
            records: Vec::new(),
            send_by: None,
        }
    }

    /// Adds a record logged at `logged`. The batch goes `linger` after its first record was
    /// logged: later records do not put it off, so under steady traffic no record waits longer.
    fn push(&mut self, record: Box<OwnedRecord>, logged: Instant) {
        if self.records.is_empty() {
            self.send_by = Some(logged + self.linger);
        }
        self.records.push(record);
    }

    /// When the batch must go if nothing else happens; `None` while it is empty.
    fn send_by(&self) -> Option<Instant> {
        self.send_by
    }

    /// Whether the batch is full or has waited long enough at `now`.
    fn is_due(&self, now: Instant) -> bool {
        self.records.len() >= self.batch_size || self.send_by.is_some_and(|at| now >= at)
    }

    /// Empties the batch for sending.
    fn take(&mut self) -> Vec<Box<OwnedRecord>> {
        self.send_by = None;
        std::mem::take(&mut self.records)
    }
}

fn send_loop(receiver: Receiver<Message>, target: Target, http: HttpOptions, link: Arc<Link>) {
    let core = &link.core;
    let mut batcher = Batcher::new(http.batch_size, http.linger);
    let send = |records: Vec<Box<OwnedRecord>>| {
        if records.is_empty() {
            return;
        }
        let records_len = records.len();
        let mut body = Vec::with_capacity(records_len * 256);
        for record in records {
            record.with_record(|record| core.formatter().format(record, &mut body));
            body.push(b'\n');
        }
        let n = records_len as u64;
        match post(&target, &body, http.timeout) {
            Ok(()) => lock(&link.tally).sent += n,
            Err(err) => {
                lock(&link.tally).failed += n;
                core.report_error(&format_args!("{n} records lost: {err}"));
            }
        }
    };
    loop {
        // Wait for a record, or until the batch is due.
        let message = match batcher.send_by() {
            None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => receiver.recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        let mut ack = None;
        match message {
            Ok(Message::Record(record, logged)) => batcher.push(record, logged),
            Ok(Message::Flush(done)) => ack = Some(done),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if ack.is_some() || batcher.is_due(Instant::now()) {
            send(batcher.take());
        }
        if let Some(done) = ack {
            let _ = done.send(());
        }
    }
    send(batcher.take());
}

/// The request line and headers of a POST of `body_len` bytes.
fn request_head(target: &Target, body_len: usize) -> String {
    format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: talkdeck\r\n\
         Content-Type: application/x-ndjson\r\nContent-Length: {body_len}\r\n\
         Connection: close\r\n\r\n",
        target.path,
        target.authority(),
    )
}

fn post(target: &Target, body: &[u8], timeout: Duration) -> io::Result<()> {
    let addresses: Vec<_> = (target.host.as_str(), target.port)
        .to_socket_addrs()?
        .collect();
    let mut last_error = io::Error::new(io::ErrorKind::NotFound, "host has no address");
    for address in addresses {
        match TcpStream::connect_timeout(&address, timeout) {
            Ok(mut stream) => {
                stream.set_write_timeout(Some(timeout))?;
                stream.set_read_timeout(Some(timeout))?;
                let head = request_head(target, body.len());
                stream.write_all(head.as_bytes())?;
                stream.write_all(body)?;
                stream.flush()?;
                let mut status = String::new();
                BufReader::new(&stream).read_line(&mut status)?;
                let code = status.split_whitespace().nth(1).unwrap_or("");
                return if code.starts_with('2') {
                    Ok(())
                } else {
                    Err(io::Error::other(format!(
                        "the server answered {:?}",
                        status.trim_end()
                    )))
                };
            }
            Err(err) => last_error = err,
        }
    }
    Err(last_error)
}

impl Handler for HttpHandler {
    fn core(&self) -> &HandlerCore {
        &self.link.core
    }

    fn emit(&self, record: &Record<'_>) -> io::Result<()> {
        let Some(sender) = lock(&self.sender).clone() else {
            return Err(io::Error::other(
                "record arrived after the handler was closed",
            ));
        };
        match sender.try_send(Message::Record(
            Box::new(record.to_owned_record()),
            Instant::now(),
        )) {
            Ok(()) => {
                self.queued.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(TrySendError::Full(_)) => {
                let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                if dropped == 1 {
                    return Err(io::Error::other("sending is behind: dropping records"));
                }
                Ok(())
            }
            Err(TrySendError::Disconnected(_)) => {
                Err(io::Error::other("the sender thread stopped"))
            }
        }
    }

    /// Sends what is queued now and waits for the answer (bounded by the timeout).
    fn flush(&self) -> io::Result<()> {
        let Some(sender) = lock(&self.sender).clone() else {
            return Ok(());
        };
        let (ack, done) = sync_channel(1);
        sender
            .send(Message::Flush(ack))
            .map_err(|_| io::Error::other("the sender thread stopped"))?;
        done.recv()
            .map_err(|_| io::Error::other("the sender thread stopped before flushing"))
    }

    /// Sends what is queued, stops the sender thread and says on stderr how many records were
    /// lost, if any.
    fn close(&self) -> io::Result<()> {
        drop(lock(&self.sender).take());
        let Some(writer) = lock(&self.writer).take() else {
            return Ok(());
        };
        let joined = writer
            .join()
            .map_err(|_| io::Error::other("the sender thread panicked"));
        if let Some(summary) = self.loss_summary() {
            eprintln!(
                "talkdeck logging: handler {}: {summary}",
                self.link.core.name()
            );
        }
        joined
    }
}

impl Drop for HttpHandler {
    fn drop(&mut self) {
        let _ = Handler::close(self);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::net::TcpListener;
    use std::time::SystemTime;

    use super::*;
    use crate::logging::handler::handle;
    use crate::logging::record::{Location, ThreadInfo};
    use crate::logging::{Level, Value};

    fn emit(handler: &dyn Handler, message: &str) {
        ThreadInfo::with_current(|thread| {
            handle(
                handler,
                &Record {
                    time: SystemTime::UNIX_EPOCH,
                    level: Level::WARNING,
                    logger: "talkdeck.sync",
                    args: format_args!("{message}"),
                    location: &Location::UNKNOWN,
                    thread,
                    fields: &[("n", Value::U64(1))],
                },
            )
        });
    }

    /// Serves `requests` POSTs on 127.0.0.1, answering each with `status`, and returns the bodies.
    fn serve(
        requests: usize,
        status: &'static str,
    ) -> (String, std::thread::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/logs", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let mut bodies = Vec::new();
            for _ in 0..requests {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                let mut request_line = String::new();
                reader.read_line(&mut request_line).unwrap();
                assert_eq!(request_line, "POST /logs HTTP/1.1\r\n");
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    if header == "\r\n" {
                        break;
                    }
                    if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                bodies.push(String::from_utf8(body).unwrap());
                let reply = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n");
                reader.get_mut().write_all(reply.as_bytes()).unwrap();
            }
            bodies
        });
        (url, server)
    }

    #[test]
    fn records_arrive_as_json_lines_in_batches() {
        let (url, server) = serve(1, "200 OK");
        let options = HttpOptions {
            batch_size: 10,
            ..HttpOptions::default()
        };
        let handler = HttpHandler::new(&url, options, HandlerOptions::default()).unwrap();
        for i in 0..3 {
            emit(&handler, &format!("sync {i} \"quoted\""));
        }
        handler.flush().unwrap();
        handler.close().unwrap();
        let bodies = server.join().unwrap();
        assert_eq!(bodies.len(), 1, "three records, one batch");
        let lines: Vec<&str> = bodies[0].lines().collect();
        assert_eq!(lines.len(), 3);
        for (i, line) in lines.iter().enumerate() {
            assert!(
                line.starts_with("{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"WARNING\"")
            );
            assert!(
                line.contains(&format!("\"message\":\"sync {i} \\\"quoted\\\"\"")),
                "{line}"
            );
            assert!(line.ends_with("\"fields\":{\"n\":1}}"), "{line}");
        }
        assert_eq!(handler.core().error_count(), 0);
    }

    #[test]
    fn a_failing_server_is_reported_and_never_blocks_the_caller() {
        let (url, server) = serve(1, "503 Service Unavailable");
        let handler =
            HttpHandler::new(&url, HttpOptions::default(), HandlerOptions::default()).unwrap();
        emit(&handler, "first");
        handler.flush().unwrap();
        assert_eq!(
            handler.core().error_count(),
            1,
            "a 503 answer counts as a failure"
        );
        server.join().unwrap();

        // A server that takes the connection but never answers: the sender thread is stuck in its
        // read timeout, the channel fills, and the caller drops records instead of waiting.
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let options = HttpOptions {
            timeout: Duration::from_millis(300),
            capacity: 4,
            batch_size: 1,
            ..HttpOptions::default()
        };
        let url = format!("http://{}/", silent.local_addr().unwrap());
        let handler = HttpHandler::new(&url, options, HandlerOptions::default()).unwrap();
        for i in 0..1000 {
            emit(&handler, &format!("record {i}"));
        }
        assert!(
            handler.dropped_total() >= 1000 - 4 - 2,
            "only {} of 1000 records were dropped: the caller must have waited",
            handler.dropped_total()
        );
        handler.flush().unwrap();
        assert!(
            handler.core().error_count() >= 1,
            "the read timeout is reported"
        );
        drop(silent);

        // Nobody listens on this port any more: the connection is refused and reported.
        let closed = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let url = format!("http://{closed}/");
        let handler =
            HttpHandler::new(&url, HttpOptions::default(), HandlerOptions::default()).unwrap();
        emit(&handler, "refused");
        handler.flush().unwrap();
        assert_eq!(handler.core().error_count(), 1);
    }

    fn owned(message: &str) -> Box<OwnedRecord> {
        ThreadInfo::with_current(|thread| {
            Box::new(
                Record {
                    time: SystemTime::UNIX_EPOCH,
                    level: Level::ERROR,
                    logger: "talkdeck.sync",
                    args: format_args!("{message}"),
                    location: &Location::UNKNOWN,
                    thread,
                    fields: &[],
                }
                .to_owned_record(),
            )
        })
    }

    /// Drives `batcher` as the sender thread does, with records logged at `logged` (each arriving
    /// at once), and returns how long each record waited before its batch went.
    fn waits(batcher: &mut Batcher, logged: &[Instant]) -> Vec<Duration> {
        let mut waits = Vec::new();
        let mut pending: Vec<Instant> = Vec::new();
        let mut send = |pending: &mut Vec<Instant>, batcher: &mut Batcher, at: Instant| {
            assert_eq!(batcher.take().len(), pending.len());
            waits.extend(pending.drain(..).map(|t| at - t));
        };
        for &at in logged {
            // The timer fires before this record arrives.
            if let Some(due) = batcher.send_by()
                && due <= at
            {
                send(&mut pending, batcher, due);
            }
            batcher.push(owned("r"), at);
            pending.push(at);
            if batcher.is_due(at) {
                send(&mut pending, batcher, at);
            }
        }
        if let Some(due) = batcher.send_by() {
            send(&mut pending, batcher, due);
        }
        waits
    }

    #[test]
    fn under_steady_traffic_a_record_waits_at_most_linger_from_when_it_was_logged() {
        let linger = Duration::from_millis(200);
        let t0 = Instant::now();
        // A record every 150 ms for a minute: each arrives before the previous one's linger ends.
        let steady: Vec<Instant> = (0..400)
            .map(|i| t0 + Duration::from_millis(150 * i))
            .collect();
        let steady_waits = waits(&mut Batcher::new(100, linger), &steady);
        assert_eq!(steady_waits.len(), 400, "every record is sent");
        let longest = steady_waits.iter().max().unwrap();
        assert!(
            *longest <= linger,
            "a record waited {longest:?}, more than the linger of {linger:?}"
        );

        // A record that sat in the channel longer than `linger` makes its batch due at once.
        let mut batcher = Batcher::new(100, linger);
        batcher.push(owned("late"), t0);
        assert!(batcher.is_due(t0 + linger));
        assert!(!batcher.is_due(t0 + linger - Duration::from_millis(1)));

        // A full batch goes at once; a lone record after `linger`.
        let burst: Vec<Instant> = (0..250).map(|_| t0).collect();
        let waits_burst = waits(&mut Batcher::new(100, linger), &burst);
        assert_eq!(waits_burst.iter().filter(|w| w.is_zero()).count(), 200);
        assert_eq!(waits_burst.iter().filter(|w| **w == linger).count(), 50);
    }

    #[test]
    fn the_host_header_brackets_an_ipv6_address() {
        let cases = [
            ("http://[::1]:18186/logs", "[::1]:18186"),
            ("http://[fe80::1]/", "[fe80::1]:80"),
            ("http://127.0.0.1:9000/logs", "127.0.0.1:9000"),
            ("http://logs.local/", "logs.local:80"),
        ];
        for (url, host) in cases {
            let head = request_head(&parse_url(url).unwrap(), 12);
            assert!(
                head.contains(&format!("\r\nHost: {host}\r\n")),
                "{url}: {head:?}"
            );
        }
    }

    #[test]
    fn urls_are_checked_when_the_handler_is_made() {
        assert_eq!(
            parse_url("http://127.0.0.1:8080/a/b").unwrap(),
            Target {
                host: "127.0.0.1".into(),
                port: 8080,
                path: "/a/b".into()
            }
        );
        assert_eq!(parse_url("http://logs.local").unwrap().port, 80);
        assert_eq!(parse_url("http://[::1]:9000/x").unwrap().host, "::1");
        assert_eq!(parse_url("http://[::1]/x").unwrap().port, 80);
        for bad in [
            "http://[::1/",
            "http://[::1]x/",
            "http://::1/",
            "https://x/",
            "ftp://x",
            "http://:80/",
            "http://h:port/",
            "http://h/a b",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }
}
