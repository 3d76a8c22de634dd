//! Criterion benchmarks of the logging core; figures in BENCHMARKS.md.
//!
//! `cargo bench --bench logging`
//!
//! The enabled benchmarks use their own registries, so the global registry stays at its default
//! WARNING and the disabled-call benchmark measures the macros' real first check.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use talkdeck::logging::{
    FileHandler, Formatter, HandlerOptions, Level, Location, NullHandler, Record, Registry,
    ThreadInfo,
};
use talkdeck::{debug, info, log};

const CALLS: u64 = 1000;

fn disabled(c: &mut Criterion) {
    let mut group = c.benchmark_group("disabled");
    group.throughput(Throughput::Elements(CALLS));
    // The floor: the loop and `black_box` alone, to read the figures below against.
    group.bench_function("empty_loop_x1000", |b| {
        b.iter(|| {
            for i in 0..CALLS {
                black_box(i);
            }
        })
    });
    group.bench_function("debug_macro_x1000", |b| {
        b.iter(|| {
            for i in 0..CALLS {
                debug!("card {} answered {} in {:.1}s", black_box(i), "Good", 2.3);
            }
        })
    });
    let registry = Registry::default();
    let logger = registry.get_logger("bench.disabled");
    group.bench_function("logger_handle_x1000", |b| {
        b.iter(|| {
            for i in 0..CALLS {
                log!(logger: logger, Level::DEBUG, "card {} answered", black_box(i));
            }
        })
    });
    group.finish();
}

fn enabled(c: &mut Criterion) {
    let mut group = c.benchmark_group("enabled");
    group.throughput(Throughput::Elements(1));

    let registry = Registry::default();
    let null = registry.get_logger("bench.null");
    null.set_level(Level::INFO);
    null.set_propagate(false);
    null.add_handler(Arc::new(NullHandler::default()));
    group.bench_function("null_handler", |b| {
        b.iter(
            || info!(logger: null, "card {} answered {} in {:.1}s", black_box(12345), "Good", 2.3),
        )
    });

    let dir = tempfile::tempdir().unwrap();
    let file = registry.get_logger("bench.file");
    file.set_level(Level::INFO);
    file.set_propagate(false);
    let options = HandlerOptions::default()
        .formatter(Formatter::new("{asctime} {levelname} {name} {message}").unwrap());
    let handler = Arc::new(FileHandler::open(dir.path().join("bench.log"), options).unwrap());
    file.add_handler(handler);
    group.bench_function("file_handler", |b| {
        b.iter(
            || info!(logger: file, "card {} answered {} in {:.1}s", black_box(12345), "Good", 2.3),
        )
    });
    registry.shutdown();

    let formatter = Formatter::new("{asctime} {levelname} {name} {message}").unwrap();
    let mut out = Vec::with_capacity(256);
    static LOC: Location = Location::UNKNOWN;
    group.bench_function("format_line_only", |b| {
        ThreadInfo::with_current(|thread| {
            b.iter(|| {
                out.clear();
                formatter.format(
                    &Record {
                        time: std::time::SystemTime::now(),
                        level: Level::INFO,
                        logger: "app.study",
                        args: format_args!(
                            "card {} answered {} in {:.1}s",
                            black_box(12345),
                            "Good",
                            2.3
                        ),
                        location: &LOC,
                        thread,
                        fields: &[],
                    },
                    &mut out,
                );
                black_box(&out);
            })
        })
    });
    group.finish();
}

criterion_group!(benches, disabled, enabled);
criterion_main!(benches);
