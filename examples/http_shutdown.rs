//! How long shutting logging down takes when the HTTP handler's collector accepts connections and
//! never answers, with records still queued: the handler with its default options (POSTs of 100
//! records, a 5 s timeout), the collector a local listener that holds every connection unread.
//!
//! `cargo run --release --example http_shutdown -- [RECORDS]` (default 1000)

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use talkdeck::logging::{HandlerOptions, HttpHandler, HttpOptions, Level, Location, Registry};

static LOC: Location = Location::UNKNOWN;

fn main() {
    let records: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!(
        "http://{}/logs",
        listener.local_addr().expect("its address")
    );
    // The silent collector: it ends with the process.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let handler = Arc::new(
        HttpHandler::new(&url, HttpOptions::default(), HandlerOptions::default())
            .expect("the handler"),
    );
    let registry = Registry::default();
    registry.root().add_handler(handler.clone());
    let logger = registry.get_logger("talkdeck.sync");
    for i in 0..records {
        logger.log(Level::ERROR, &LOC, format_args!("record {i}"));
    }
    let start = Instant::now();
    registry.shutdown();
    let took = start.elapsed();
    println!(
        "{records} records logged, {} dropped on a full queue; shutdown took {:.2} s",
        handler.dropped_total(),
        took.as_secs_f64()
    );
}
