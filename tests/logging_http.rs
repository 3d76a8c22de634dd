//! The HTTP handler against collectors that fail: what is lost is counted and reported, and a
//! collector that never answers cannot hold up shutdown. The collectors are local listener threads;
//! what the user sees on stderr is checked in a child process, since the handlers print there.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use talkdeck::logging::{
    Handler, HandlerExt, HandlerOptions, HttpHandler, HttpOptions, Level, Location, Registry,
};

static LOC: Location = Location::UNKNOWN;

/// A collector on 127.0.0.1 that runs until dropped.
struct Collector {
    url: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Collector {
    /// Accepts connections and never answers: each is held open, unread, until the collector is
    /// dropped.
    fn silent() -> Collector {
        Collector::start(|stream, held| held.push(stream))
    }

    /// Reads each request and answers it with `status`.
    fn answering(status: &'static str) -> Collector {
        Collector::start(move |stream, _| {
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                    break;
                }
                if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let reply = format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n");
            let _ = reader.get_mut().write_all(reply.as_bytes());
        })
    }

    fn start(serve: impl Fn(TcpStream, &mut Vec<TcpStream>) + Send + 'static) -> Collector {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/logs", listener.local_addr().unwrap());
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                if thread_stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    serve(stream, &mut held);
                }
            }
        });
        Collector {
            url,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(
            self.url
                .trim_start_matches("http://")
                .trim_end_matches("/logs"),
        );
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn log_n(registry: &Registry, n: usize) {
    let logger = registry.get_logger("talkdeck.sync");
    for i in 0..n {
        logger.log(Level::ERROR, &LOC, format_args!("record {i}"));
    }
}

/// Runs the test named `test` again in a child process with `CHILD_ENV` set and returns its stderr.
fn child_stderr(test: &str) -> String {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "child failed: {stderr}");
    stderr
}

const CHILD_ENV: &str = "TALKDECK_LOGGING_HTTP_CHILD";

#[test]
fn records_lost_in_failed_posts_are_counted_and_reported() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let collector = Collector::answering("503 Service Unavailable");
        let options = HttpOptions {
            batch_size: 3,
            ..HttpOptions::default()
        };
        let handler =
            Arc::new(HttpHandler::new(&collector.url, options, HandlerOptions::default()).unwrap());
        let registry = Registry::default();
        registry.root().add_handler(handler.clone());
        log_n(&registry, 7);
        registry.shutdown();
        assert_eq!(handler.core().error_count(), 3, "three POSTs failed");
        assert_eq!((handler.sent_total(), handler.lost_total()), (0, 7));
        return;
    }
    let stderr = child_stderr("records_lost_in_failed_posts_are_counted_and_reported");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("talkdeck logging:"))
        .collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].contains(
            "failed: 3 records lost: the server answered \"HTTP/1.1 503 Service Unavailable\""
        ),
        "the first failure, with the records it cost: {stderr}"
    );
    assert!(
        lines[1].ends_with(": 7 of 7 records were not delivered: 7 in failed POSTs"),
        "the total at close: {stderr}"
    );
    assert!(lines[2].ends_with("failed 3 times in all"), "{stderr}");
}

/// Runs `f` on a thread of its own and returns its result, failing the test if it takes more than
/// a minute: the test's own deadline, far above what the code under test is allowed.
fn within_a_minute<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(f());
    });
    result
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what} did not end within a minute"))
}

/// A handler that sends only full batches of 10 (or when closing) and whose POSTs would each wait
/// ten minutes for an answer.
fn patient_handler(collector: &Collector, options: HttpOptions) -> Arc<HttpHandler> {
    let options = HttpOptions {
        timeout: Duration::from_secs(600),
        linger: Duration::from_secs(600),
        batch_size: 10,
        capacity: 2000,
        ..options
    };
    Arc::new(HttpHandler::new(&collector.url, options, HandlerOptions::default()).unwrap())
}

#[test]
fn a_collector_that_never_answers_holds_up_shutdown_no_longer_than_the_deadline() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let collector = Collector::silent();
        let deadline = HttpOptions {
            deadline: Duration::from_millis(200),
            ..HttpOptions::default()
        };
        let handler = patient_handler(&collector, deadline);
        let registry = Registry::default();
        registry.root().add_handler(handler.clone());
        log_n(&registry, 1000);
        // Without the deadline this is 100 POSTs of ten minutes each.
        registry.shutdown();
        assert_eq!(handler.sent_total(), 0);
        assert_eq!(
            handler.lost_total(),
            1000,
            "every record is counted as lost"
        );
        return;
    }
    let stderr = within_a_minute("shutdown", || {
        child_stderr("a_collector_that_never_answers_holds_up_shutdown_no_longer_than_the_deadline")
    });
    assert!(
        stderr.lines().any(|l| l.ends_with(
            ": 1000 of 1000 records were not delivered: \
             1000 not sent when closing timed out after 200 ms"
        )),
        "{stderr}"
    );
}

#[test]
fn flush_waits_for_a_collector_that_never_answers_no_longer_than_the_deadline() {
    let collector = Collector::silent();
    let deadline = HttpOptions {
        deadline: Duration::from_millis(200),
        ..HttpOptions::default()
    };
    let handler = patient_handler(&collector, deadline);
    let registry = Registry::default();
    registry.root().add_handler(handler.clone());
    log_n(&registry, 25);
    let flushing = Arc::clone(&handler);
    let flushed = within_a_minute("flush", move || flushing.flush());
    let err = flushed.unwrap_err().to_string();
    assert_eq!(
        err, "flush timed out after 200 ms: 25 records not sent yet",
        "a flush that times out says so"
    );
    assert_eq!(handler.lost_total(), 0, "and loses nothing");
}

#[test]
fn a_timeout_is_reported_as_timed_out_and_a_backlog_goes_in_full_batches() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let collector = Collector::silent();
        let options = HttpOptions {
            timeout: Duration::from_millis(50),
            linger: Duration::from_secs(600),
            batch_size: 100,
            capacity: 2000,
            deadline: Duration::from_secs(600),
        };
        let handler =
            Arc::new(HttpHandler::new(&collector.url, options, HandlerOptions::default()).unwrap());
        let registry = Registry::default();
        registry.root().add_handler(handler.clone());
        log_n(&registry, 1000);
        registry.shutdown();
        assert_eq!(handler.lost_total(), 1000);
        assert_eq!(handler.core().error_count(), 10, "ten POSTs of 100 records");
        return;
    }
    let stderr = within_a_minute("shutdown", || {
        child_stderr("a_timeout_is_reported_as_timed_out_and_a_backlog_goes_in_full_batches")
    });
    assert!(
        !stderr.contains("Resource temporarily unavailable"),
        "{stderr}"
    );
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("talkdeck logging:"))
        .collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].contains("failed: 100 records lost: timed out after 50 ms waiting for the answer"),
        "{stderr}"
    );
    assert!(
        lines[1].ends_with(": 1000 of 1000 records were not delivered: 1000 in failed POSTs"),
        "{stderr}"
    );
}
