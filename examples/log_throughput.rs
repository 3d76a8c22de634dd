//! Throughput of the logging core writing to a file, for BENCHMARKS.md.
//!
//! ```text
//! cargo run --release --example log_throughput -- --records 1000000 --threads 4 --file /tmp/tp.log
//!     [--handler file|rotating|queue] [--flush-every MS]
//! ```
//!
//! `--flush-every MS` runs the timed flusher as the app does (`cli::FLUSH_INTERVAL` is 1000 ms):
//! each record then also arms it, and the buffer is flushed every MS while records come.
//!
//! Each thread logs `card 12345 answered Good in 2.3s` (arguments formatted on every call) from the
//! logger `app.study` at INFO, formatted as `{asctime} {levelname} {name} {message}`. The time runs
//! from the first record to the moment every record has been handed to the OS (handlers closed);
//! then the lines in the file(s) are counted, and the last line printed is
//! `records=N lost=L seconds=S rate=R/s`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use talkdeck::info;
use talkdeck::logging::{
    self, FileHandler, Formatter, Handler, HandlerOptions, Level, OverflowPolicy, QueueHandler,
    RotatingFileHandler,
};

struct Args {
    records: usize,
    threads: usize,
    file: PathBuf,
    handler: String,
    flush_every_ms: Option<u64>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        records: 1_000_000,
        threads: 1,
        file: std::env::temp_dir().join("talkdeck-throughput.log"),
        handler: "file".into(),
        flush_every_ms: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--records" => {
                args.records = value()?.parse().map_err(|e| format!("--records: {e}"))?
            }
            "--threads" => {
                args.threads = value()?.parse().map_err(|e| format!("--threads: {e}"))?
            }
            "--file" => args.file = value()?.into(),
            "--handler" => args.handler = value()?,
            "--flush-every" => {
                args.flush_every_ms = Some(
                    value()?
                        .parse()
                        .map_err(|e| format!("--flush-every: {e}"))?,
                )
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.threads == 0 {
        return Err("--threads must be at least 1".into());
    }
    Ok(args)
}

const ROTATE_BYTES: u64 = 64 * 1024 * 1024;
const BACKUPS: u32 = 100;

fn files_written(path: &Path) -> Vec<PathBuf> {
    let mut files = vec![path.to_path_buf()];
    files.extend((1..=BACKUPS).map(|n| RotatingFileHandler::backup_path(path, n)));
    files
}

fn count_lines(path: &Path) -> usize {
    files_written(path)
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .map(|bytes| bytes.iter().filter(|&&b| b == b'\n').count())
        .sum()
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("log_throughput: {message}");
            std::process::exit(2);
        }
    };
    for file in files_written(&args.file) {
        let _ = std::fs::remove_file(file);
    }
    let options = || {
        HandlerOptions::default()
            .formatter(Formatter::new("{asctime} {levelname} {name} {message}").unwrap())
    };
    let handler: Arc<dyn Handler> = match args.handler.as_str() {
        "file" => Arc::new(FileHandler::open(&args.file, options()).unwrap()),
        "rotating" => Arc::new(
            RotatingFileHandler::open(&args.file, ROTATE_BYTES, BACKUPS, options()).unwrap(),
        ),
        "queue" => {
            let file: Arc<dyn Handler> =
                Arc::new(FileHandler::open(&args.file, options()).unwrap());
            Arc::new(
                QueueHandler::new(
                    vec![file],
                    65_536,
                    OverflowPolicy::Block,
                    HandlerOptions::default(),
                )
                .unwrap(),
            )
        }
        other => {
            eprintln!("log_throughput: unknown handler {other} (file, rotating, queue)");
            std::process::exit(2);
        }
    };
    let logger = logging::get_logger("app.study");
    logger.set_level(Level::INFO);
    logger.set_propagate(false);
    logger.add_handler(Arc::clone(&handler));
    if let Some(ms) = args.flush_every_ms {
        logging::flush_every(Some(std::time::Duration::from_millis(ms)));
    }

    let per_thread = args.records / args.threads;
    let extra = args.records % args.threads;
    let started = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..args.threads {
            let n = per_thread + usize::from(t < extra);
            scope.spawn(move || {
                for _ in 0..n {
                    info!(
                        name: "app.study",
                        "card {} answered {} in {:.1}s",
                        black_box(12345u32),
                        black_box("Good"),
                        black_box(2.3f64)
                    );
                }
            });
        }
    });
    logging::close_handler(handler.as_ref());
    let seconds = started.elapsed().as_secs_f64();
    let lines = count_lines(&args.file);
    let lost = args.records as i64 - lines as i64;
    println!(
        "handler={} flush_every={} threads={} records={} bytes={}",
        args.handler,
        args.flush_every_ms
            .map_or("off".to_owned(), |ms| format!("{ms}ms")),
        args.threads,
        args.records,
        files_written(&args.file)
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum::<u64>()
    );
    println!(
        "records={} lost={} seconds={:.3} rate={:.0}/s",
        args.records,
        lost,
        seconds,
        args.records as f64 / seconds
    );
}
