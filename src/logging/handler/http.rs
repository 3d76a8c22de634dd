//! The HTTP handler: POSTs batches of records, one JSON object per line (`application/x-ndjson`), to
//! an `http://` URL from a background thread (Python's `HTTPHandler`, batched).
//!
//! The handler is the queue engine ([`channel`](super::channel)) with a sink that batches records and
//! POSTs them. A log call only puts the record on the bounded channel and never waits: when the
//! channel is full the record is dropped and counted. A record waits at most `linger` from when it was logged for others
//! to share its POST. Each POST has a connect and I/O timeout; a failure (server down, refused,
//! non-2xx answer, no answer in time) is reported through the handler's error count and the batch
//! is dropped and counted — logging must not grow memory without bound while a server is away.
//!
//! Flushing and closing wait at most [`HttpOptions::deadline`] (2 s by default) for the queue to be
//! sent. The deadline belongs to this handler, not to whoever closes it, so no arrangement of
//! handlers can let a collector that accepts connections and never answers hold up the app's exit:
//! when closing runs out of time, the POST under way is cut off, what is left is dropped, and the
//! sender thread is left to end on its own. Closing says on stderr how many records were lost and
//! how ([`HttpHandler::lost_total`]).
//!
//! Plain HTTP only: the handler is meant for a collector on the same machine or network; TLS is out
//! of scope for the core.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::channel::{Closed, Put, Queue, Sink};
use super::{Handler, HandlerCore, HandlerExt, HandlerOptions, OverflowPolicy};
use crate::logging::sync::lock;
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
    /// The longest [`HandlerExt::flush`] and [`HandlerExt::close`] wait for queued records to be sent.
    /// What close has not sent by then is dropped and counted as lost; a flush that runs out of
    /// time loses nothing, it only stops waiting.
    pub deadline: Duration,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_secs(5),
            batch_size: 100,
            linger: Duration::from_millis(200),
            capacity: 10_000,
            deadline: Duration::from_secs(2),
        }
    }
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

/// POSTs batches of records as JSON lines to an `http://` URL from a background thread (Python's
/// `HTTPHandler`, batched). It is the queue engine with a sink that batches and POSTs.
pub struct HttpHandler {
    link: Arc<Link>,
    url: String,
    deadline: Duration,
    queue: Queue,
}

/// What the handler and its sink on the writer thread share.
struct Link {
    core: HandlerCore,
    state: Mutex<State>,
}

/// What became of the records taken off the channel, and what closing has decided.
#[derive(Debug, Default)]
struct State {
    /// Records in POSTs the server acknowledged (2xx).
    sent: u64,
    /// Records in POSTs that failed: lost.
    failed: u64,
    /// Records not sent because closing ran out of time: lost.
    unsent: u64,
    /// Set by close: no POST goes on past it.
    deadline: Option<Instant>,
    /// Set when close stopped waiting: the sink sends and counts nothing more (close counted what
    /// was left as unsent).
    abandoned: bool,
    /// The connection of the POST under way, so that close can cut it off.
    inflight: Option<TcpStream>,
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
            state: Mutex::new(State::default()),
        });
        let deadline = http.deadline;
        let capacity = http.capacity;
        let sink = HttpSink {
            batcher: Batcher::new(http.batch_size, http.linger),
            target,
            timeout: http.timeout,
            link: Arc::clone(&link),
        };
        Ok(HttpHandler {
            link,
            url: url.to_string(),
            deadline,
            queue: Queue::start("log-http", capacity, sink)?,
        })
    }

    /// Records dropped because the channel was full.
    pub fn dropped_total(&self) -> u64 {
        self.queue.dropped_total()
    }

    /// Records the server has acknowledged.
    pub fn sent_total(&self) -> u64 {
        lock(&self.link.state).sent
    }

    /// Records that will never reach the server: dropped because the channel was full, in a POST
    /// that failed, or still unsent when closing ran out of time.
    pub fn lost_total(&self) -> u64 {
        let state = lock(&self.link.state);
        self.dropped_total() + state.failed + state.unsent
    }

    /// One line saying how many records were lost and how, if any were.
    fn loss_summary(&self) -> Option<String> {
        let (failed, unsent) = {
            let state = lock(&self.link.state);
            (state.failed, state.unsent)
        };
        let dropped = self.dropped_total();
        let lost = dropped + failed + unsent;
        if lost == 0 {
            return None;
        }
        let logged = self.queue.queued() + dropped;
        let mut how = Vec::new();
        if dropped > 0 {
            how.push(format!("{dropped} dropped while sending was behind"));
        }
        if failed > 0 {
            how.push(format!("{failed} in failed POSTs"));
        }
        if unsent > 0 {
            how.push(format!(
                "{unsent} not sent when closing timed out after {}",
                describe(self.deadline)
            ));
        }
        Some(format!(
            "{lost} of {logged} records were not delivered: {}",
            how.join(", ")
        ))
    }

    /// Stops waiting for the sender thread: counts what it has not settled as unsent, cuts off its
    /// POST under way, and leaves it to end on its own. It sends and counts nothing more.
    fn abandon(&self) {
        let queued = self.queue.queued();
        let mut state = lock(&self.link.state);
        state.abandoned = true;
        let settled = state.sent + state.failed + state.unsent;
        state.unsent += queued.saturating_sub(settled);
        if let Some(stream) = state.inflight.take() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

/// When a batch goes: the sender thread's decisions with the time passed in, so tests can drive them
/// with made-up instants.
#[derive(Debug)]
struct Batcher {
    batch_size: usize,
    linger: Duration,
    records: Vec<OwnedRecord>,
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
    fn push(&mut self, record: OwnedRecord, logged: Instant) {
        if self.records.is_empty() {
            self.send_by = Some(logged + self.linger);
        }
        self.records.push(record);
    }

    fn is_full(&self) -> bool {
        self.records.len() >= self.batch_size
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
    fn take(&mut self) -> Vec<OwnedRecord> {
        self.send_by = None;
        std::mem::take(&mut self.records)
    }
}

/// The HTTP handler's sink: batches records and POSTs each batch from the writer thread.
struct HttpSink {
    batcher: Batcher,
    target: Target,
    timeout: Duration,
    link: Arc<Link>,
}

impl Sink for HttpSink {
    fn push(&mut self, record: OwnedRecord, logged: Instant) -> u64 {
        self.batcher.push(record, logged);
        0
    }

    fn wants_more(&self) -> bool {
        !self.batcher.is_full()
    }

    fn wake_at(&self) -> Option<Instant> {
        self.batcher.send_by()
    }

    fn write(&mut self, now: Instant, all: bool) -> u64 {
        if !all && !self.batcher.is_due(now) {
            return 0;
        }
        let records = self.batcher.take();
        let n = records.len() as u64;
        send(&self.target, self.timeout, &self.link, records);
        n
    }
}

/// POSTs `records`, or gives them up if closing has run out of time, and counts what became of them.
fn send(target: &Target, timeout: Duration, link: &Link, records: Vec<OwnedRecord>) {
    if records.is_empty() {
        return;
    }
    let n = records.len() as u64;
    let settle = |outcome: Result<(), io::Error>| {
        let mut state = lock(&link.state);
        if state.abandoned {
            // Close has counted these records and stopped listening.
            return;
        }
        match outcome {
            Ok(()) => state.sent += n,
            Err(err) => {
                state.failed += n;
                drop(state);
                link.core
                    .report_error(&format_args!("{n} records lost: {err}"));
            }
        }
    };
    // Once closing has begun no POST may outlast its deadline.
    let timeout = {
        let mut state = lock(&link.state);
        match state.deadline {
            _ if state.abandoned => return,
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    state.unsent += n;
                    return;
                }
                timeout.min(left)
            }
            None => timeout,
        }
    };
    let mut body = Vec::with_capacity(records.len() * 256);
    for record in records {
        record.with_record(|record| link.core.formatter().format(record, &mut body));
        body.push(b'\n');
    }
    settle(post(target, &body, timeout, link));
}

/// The request line and headers of a POST of `body_len` bytes from `agent` (the program name).
fn request_head(target: &Target, body_len: usize, agent: &str) -> String {
    format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {agent}\r\n\
         Content-Type: application/x-ndjson\r\nContent-Length: {body_len}\r\n\
         Connection: close\r\n\r\n",
        target.path,
        target.authority(),
    )
}

/// `5 s`, `200 ms`.
fn describe(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms >= 1000 && ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

/// A socket timeout says "timed out", with how long and what was waited for. (On Unix a read or
/// write timeout comes back as `WouldBlock`, "Resource temporarily unavailable".)
fn timed_out(err: io::Error, timeout: Duration, waiting: &str) -> io::Error {
    match err.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => io::Error::new(
            io::ErrorKind::TimedOut,
            format!("timed out after {} {waiting}", describe(timeout)),
        ),
        _ => err,
    }
}

/// One POST of `body`, every step within `timeout`. While it waits, the connection is in the
/// link's `inflight`, so that close can cut it off.
fn post(target: &Target, body: &[u8], timeout: Duration, link: &Link) -> io::Result<()> {
    let addresses: Vec<_> = (target.host.as_str(), target.port)
        .to_socket_addrs()?
        .collect();
    let mut last_error = io::Error::new(io::ErrorKind::NotFound, "host has no address");
    for address in addresses {
        let stream = match TcpStream::connect_timeout(&address, timeout) {
            Ok(stream) => stream,
            Err(err) => {
                let connecting = format!("connecting to {}", target.authority());
                last_error = timed_out(err, timeout, &connecting);
                continue;
            }
        };
        {
            let mut state = lock(&link.state);
            if state.abandoned {
                return Err(io::Error::other("closing gave up waiting"));
            }
            state.inflight = stream.try_clone().ok();
        }
        let result = exchange(target, stream, body, timeout, &link.core.program_name());
        lock(&link.state).inflight = None;
        return result;
    }
    Err(last_error)
}

/// Sends the request on `stream` and reads the status line of the answer.
fn exchange(
    target: &Target,
    mut stream: TcpStream,
    body: &[u8],
    timeout: Duration,
    agent: &str,
) -> io::Result<()> {
    stream.set_write_timeout(Some(timeout))?;
    stream.set_read_timeout(Some(timeout))?;
    let head = request_head(target, body.len(), agent);
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.flush())
        .map_err(|e| timed_out(e, timeout, "sending"))?;
    let mut status = String::new();
    BufReader::new(&stream)
        .read_line(&mut status)
        .map_err(|e| timed_out(e, timeout, "waiting for the answer"))?;
    let code = status.split_whitespace().nth(1).unwrap_or("");
    if code.starts_with('2') {
        Ok(())
    } else if status.is_empty() {
        Err(io::Error::other(
            "the server closed the connection without answering",
        ))
    } else {
        Err(io::Error::other(format!(
            "the server answered {:?}",
            status.trim_end()
        )))
    }
}

impl Handler for HttpHandler {
    fn core(&self) -> &HandlerCore {
        &self.link.core
    }

    fn emit(&self, record: &Record<'_>) -> io::Result<()> {
        match self.queue.put(record, OverflowPolicy::DropNewest)? {
            Put::Dropped { total: 1 } => {
                Err(io::Error::other("sending is behind: dropping records"))
            }
            Put::Queued | Put::Dropped { .. } => Ok(()),
        }
    }

    /// Waits until the records queued before the call are sent (or have failed), but no longer
    /// than the deadline; then it returns a "timed out" error and the records stay queued.
    fn flush_buffers(&self) -> io::Result<()> {
        self.queue
            .flush(Some(Instant::now() + self.deadline))
            .map_err(|left| {
                io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "flush timed out after {}: {left} records not sent yet",
                        describe(self.deadline)
                    ),
                )
            })
    }

    /// Sends what is queued within the deadline, drops what is left, and says on stderr how many
    /// records were lost, if any.
    fn release(&self) -> io::Result<()> {
        let deadline = Instant::now() + self.deadline;
        // The deadline is set before the channel closes, so the sink has it for every POST it
        // makes from now on.
        lock(&self.link.state).deadline = Some(deadline);
        let result = match self.queue.close(Some(deadline)) {
            Closed::Already => return Ok(()),
            Closed::Drained(result) => result,
            Closed::TimedOut => {
                self.abandon();
                Ok(())
            }
        };
        if let Some(summary) = self.loss_summary() {
            eprintln!(
                "{} logging: handler {}: {summary}",
                self.link.core.program_name(),
                self.link.core.name()
            );
        }
        result
    }
}

impl Drop for HttpHandler {
    fn drop(&mut self) {
        let _ = HandlerExt::close(self);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::net::TcpListener;
    use std::time::SystemTime;

    use super::*;
    use crate::logging::handler::handle_test_record;
    use crate::logging::record::{Location, ThreadInfo};
    use crate::logging::{Level, Value};

    fn emit(handler: &dyn Handler, message: &str) {
        let fields = [("n", Value::U64(1))];
        handle_test_record(handler, Level::WARNING, "talkdeck.sync", message, &fields);
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
            // The flush below waits for every queued record's timeout.
            deadline: Duration::from_secs(600),
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

    fn owned(message: &str) -> OwnedRecord {
        ThreadInfo::with_current(|thread| {
            Record {
                time: SystemTime::UNIX_EPOCH,
                level: Level::ERROR,
                logger: "talkdeck.sync",
                args: format_args!("{message}"),
                location: &Location::UNKNOWN,
                thread,
                fields: &[],
            }
            .to_owned_record()
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
            let head = request_head(&parse_url(url).unwrap(), 12, "talkdeck");
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
