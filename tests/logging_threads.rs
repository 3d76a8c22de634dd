//! Many threads logging at once: nothing lost, nothing torn, per-thread order kept.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use talkdeck::logging::{
    FileHandler, Formatter, Handler, HandlerOptions, Level, OverflowPolicy, QueueHandler, Registry,
    RotatingFileHandler, close_handler,
};

const THREADS: usize = 4;

/// Logs `per_thread` records from each of `THREADS` named threads through `logger_name`.
fn hammer(registry: &Registry, logger_name: &str, per_thread: usize) {
    let logger = registry.get_logger(logger_name);
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let logger = logger.clone();
            std::thread::Builder::new()
                .name(format!("writer-{t}"))
                .spawn_scoped(scope, move || {
                    for i in 0..per_thread {
                        talkdeck::log!(logger: logger, Level::INFO, seq = i; "card {i} answered Good in 2.3s");
                    }
                })
                .unwrap();
        }
    });
}

/// Checks that `text` holds, per thread, exactly the sequence 0..per_thread in order, every line whole.
fn check_lines(text: &str, per_thread: usize) {
    let mut next: HashMap<String, usize> = HashMap::new();
    for line in text.lines() {
        let (thread, rest) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("torn line {line:?}"));
        let seq: usize = rest
            .strip_prefix("seq=")
            .and_then(|r| r.split_once(' '))
            .and_then(|(n, msg)| {
                assert_eq!(
                    msg,
                    format!("card {n} answered Good in 2.3s"),
                    "torn line {line:?}"
                );
                n.parse().ok()
            })
            .unwrap_or_else(|| panic!("malformed line {line:?}"));
        let expected = next.entry(thread.to_string()).or_insert(0);
        assert_eq!(seq, *expected, "{thread} skipped or reordered at {line:?}");
        *expected += 1;
    }
    assert_eq!(next.len(), THREADS, "threads seen: {:?}", next.keys());
    for (thread, count) in next {
        assert_eq!(
            count,
            per_thread,
            "{thread} lost {} records",
            per_thread - count
        );
    }
}

fn read_rotated(path: &Path, backups: u32) -> String {
    let mut files: Vec<PathBuf> = (1..=backups)
        .rev()
        .map(|n| RotatingFileHandler::backup_path(path, n))
        .filter(|p| p.exists())
        .collect();
    files.push(path.to_path_buf());
    files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect()
}

fn line_format() -> HandlerOptions {
    HandlerOptions::default().formatter(Formatter::new("{threadName} {fields} {message}").unwrap())
}

#[test]
fn four_threads_through_queue_and_rotating_file_lose_nothing() {
    const PER_THREAD: usize = 250_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.log");
    let backups = 100;
    let rotating: Arc<dyn Handler> = Arc::new(
        RotatingFileHandler::open(&path, 4 * 1024 * 1024, backups, line_format()).unwrap(),
    );
    let queue: Arc<dyn Handler> = Arc::new(
        QueueHandler::new(
            vec![rotating],
            8192,
            OverflowPolicy::Block,
            HandlerOptions::default(),
        )
        .unwrap(),
    );
    let registry = Registry::default();
    let logger = registry.get_logger("app.study");
    logger.set_level(Level::INFO);
    logger.add_handler(Arc::clone(&queue));
    hammer(&registry, "app.study", PER_THREAD);
    close_handler(queue.as_ref());
    assert_eq!(queue.core().error_count(), 0);

    let text = read_rotated(&path, backups);
    assert!(
        RotatingFileHandler::backup_path(&path, 2).exists(),
        "the test should cross several rotations"
    );
    assert_eq!(text.lines().count(), THREADS * PER_THREAD, "records lost");
    check_lines(&text, PER_THREAD);
}

#[test]
fn four_threads_into_one_file_never_interleave_lines() {
    const PER_THREAD: usize = 50_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("direct.log");
    let file: Arc<dyn Handler> = Arc::new(FileHandler::open(&path, line_format()).unwrap());
    let registry = Registry::default();
    registry.root().set_level(Level::DEBUG);
    registry.root().add_handler(Arc::clone(&file));
    hammer(&registry, "direct", PER_THREAD);
    close_handler(file.as_ref());
    check_lines(&fs::read_to_string(&path).unwrap(), PER_THREAD);
}
