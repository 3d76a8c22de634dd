//! The throughput workload of talkdeck's `examples/log_throughput.rs`, on spdlog-rs's synchronous
//! file sink: `card 12345 answered Good in 2.3s` at info from logger `app.study`, as
//! `{date} {time},{millisecond} {level} {logger} {payload}`, arguments formatted on every call.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use spdlog::formatter::{PatternFormatter, pattern};
use spdlog::prelude::*;
use spdlog::sink::FileSink;

fn main() {
    let mut records = 1_000_000usize;
    let mut threads = 1usize;
    let mut file = std::env::temp_dir().join("spdlog-peer.log");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().expect("flag needs a value");
        match flag.as_str() {
            "--records" => records = value.parse().expect("--records"),
            "--threads" => threads = value.parse().expect("--threads"),
            "--file" => file = value.into(),
            other => panic!("unknown argument {other}"),
        }
    }
    let _ = std::fs::remove_file(&file);
    let sink = FileSink::builder()
        .path(&file)
        .truncate(true)
        .formatter(PatternFormatter::new(pattern!(
            "{date} {time},{millisecond} {level} {logger} {payload}{eol}"
        )))
        .build_arc()
        .expect("file sink");
    let logger = Arc::new(
        Logger::builder()
            .name("app.study")
            .sink(sink)
            .build()
            .expect("logger"),
    );
    let started = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let n = records / threads + usize::from(t < records % threads);
            let logger = Arc::clone(&logger);
            scope.spawn(move || {
                for _ in 0..n {
                    info!(
                        logger: logger,
                        "card {} answered {} in {:.1}s",
                        black_box(12345u32),
                        black_box("Good"),
                        black_box(2.3f64)
                    );
                }
            });
        }
    });
    logger.flush();
    let seconds = started.elapsed().as_secs_f64();
    let lines = std::fs::read(&file)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0);
    println!(
        "records={records} lost={} seconds={seconds:.3} rate={:.0}/s",
        records as i64 - lines as i64,
        records as f64 / seconds
    );
}
