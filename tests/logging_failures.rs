//! A failing handler never panics and never stops the others.

use std::fmt;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use std::sync::Arc;

use talkdeck::logging::{
    DEFAULT_PROGRAM_NAME, FileHandler, Formatter, Handler, HandlerCore, HandlerExt, HandlerOptions,
    Level, Location, MemoryHandler, OverflowPolicy, QueueHandler, Record, Registry,
};

static LOC: Location = Location::UNKNOWN;

fn plain() -> HandlerOptions {
    HandlerOptions::default().formatter(Formatter::new("{message}").unwrap())
}

#[test]
fn a_full_disk_beside_a_working_file_costs_only_its_own_records() {
    let dir = tempfile::tempdir().unwrap();
    let good_path = dir.path().join("good.log");
    // /dev/full accepts the open and fails every write with ENOSPC: a disk that is full.
    let full = Arc::new(
        FileHandler::open("/dev/full", plain())
            .unwrap()
            .with_flush_level(Level::DEBUG),
    );
    let good = Arc::new(FileHandler::open(&good_path, plain()).unwrap());
    let registry = Registry::default();
    registry.root().set_level(Level::INFO);
    registry.root().add_handler(full.clone());
    registry.root().add_handler(good.clone());
    let logger = registry.get_logger("talkdeck.study");
    for i in 0..100 {
        logger.log(Level::INFO, &LOC, format_args!("record {i}"));
    }
    registry.shutdown();
    assert_eq!(
        full.core().error_count(),
        100,
        "every write to the full disk is counted"
    );
    assert_eq!(good.core().error_count(), 0);
    let text = fs::read_to_string(&good_path).unwrap();
    assert_eq!(text.lines().count(), 100);
    assert_eq!(text.lines().last(), Some("record 99"));
}

#[test]
fn a_read_only_folder_is_refused_with_its_path_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).unwrap();
    let probe = locked.join("probe");
    let privileged = fs::write(&probe, "").is_ok();
    // A path whose parent is a regular file fails for every user, root included.
    let not_a_folder = dir.path().join("file");
    fs::write(&not_a_folder, "").unwrap();
    let mut refused = vec![not_a_folder.join("talkdeck.log")];
    if !privileged {
        refused.push(locked.join("talkdeck.log"));
    }
    for path in &refused {
        let err = FileHandler::open(path, plain()).unwrap_err();
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).unwrap();

    // The working handler beside the refused ones still gets every record.
    let memory = Arc::new(MemoryHandler::new(10, HandlerOptions::default()));
    let registry = Registry::default();
    registry.root().add_handler(memory.clone());
    registry
        .root()
        .log(Level::ERROR, &LOC, format_args!("still logging"));
    assert_eq!(memory.total(), 1);
}

/// A `Display` that panics, as a buggy argument might.
struct Explodes;

impl fmt::Display for Explodes {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("a Display impl panicked")
    }
}

#[test]
fn a_panicking_argument_is_contained_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let file = Arc::new(FileHandler::open(dir.path().join("x.log"), plain()).unwrap());
    let registry = Registry::default();
    registry.root().add_handler(file.clone());
    registry
        .root()
        .log(Level::ERROR, &LOC, format_args!("{}", Explodes));
    registry
        .root()
        .log(Level::ERROR, &LOC, format_args!("after the panic"));
    registry.shutdown();
    assert_eq!(file.core().error_count(), 1);
    let text = fs::read_to_string(dir.path().join("x.log")).unwrap();
    assert!(text.ends_with("after the panic\n"), "{text:?}");
}

/// A handler whose flushing and closing panic, as a buggy third-party handler's might.
struct PanicsOnFlush(HandlerCore);

impl Handler for PanicsOnFlush {
    fn core(&self) -> &HandlerCore {
        &self.0
    }

    fn emit(&self, _: &Record<'_>) -> std::io::Result<()> {
        Ok(())
    }

    fn flush_buffers(&self) -> std::io::Result<()> {
        panic!("flush exploded")
    }

    fn release(&self) -> std::io::Result<()> {
        panic!("close exploded")
    }
}

#[test]
fn a_handler_whose_flush_and_close_panic_is_counted_and_the_others_are_flushed_and_closed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("good.log");
    let panics = Arc::new(PanicsOnFlush(HandlerCore::new(
        "panics",
        HandlerOptions::default(),
    )));
    let behind_queue = Arc::new(PanicsOnFlush(HandlerCore::new(
        "behind a queue",
        HandlerOptions::default(),
    )));
    let queue = Arc::new(
        QueueHandler::new(
            vec![behind_queue.clone() as Arc<dyn Handler>],
            16,
            OverflowPolicy::Block,
            HandlerOptions::default(),
        )
        .unwrap(),
    );
    let good = Arc::new(FileHandler::open(&path, plain()).unwrap());
    let registry = Registry::default();
    let logger = registry.get_logger("talkdeck.study");
    registry.root().add_handler(panics.clone());
    registry.root().add_handler(queue.clone());
    registry.root().add_handler(good.clone());
    logger.log(Level::ERROR, &LOC, format_args!("before the flush"));

    let err = panics.flush().unwrap_err();
    assert_eq!(
        err.to_string(),
        "panicked while flushing",
        "the direct call"
    );
    logger.flush();
    assert_eq!(
        panics.core().error_count(),
        1,
        "Logger::flush catches the panic and counts it"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "before the flush\n",
        "the handler after the panicking one is flushed"
    );
    assert_eq!(
        behind_queue.core().error_count(),
        1,
        "the queue's writer flushed its target, caught the panic and goes on"
    );

    registry.flush();
    registry.shutdown();
    assert_eq!(
        panics.core().error_count(),
        3,
        "one more flush and the close are caught and counted"
    );
    assert_eq!(
        behind_queue.core().error_count(),
        3,
        "the queue flushed and closed its target through the same guard"
    );
    assert_eq!(
        queue.core().error_count(),
        0,
        "the queue itself did not fail"
    );
    assert!(
        registry.root().handlers().is_empty(),
        "shutdown detached every handler"
    );
    assert_eq!(good.core().error_count(), 0);
}

/// A handler whose every write fails, named for the test's report.
struct FailsToWrite(HandlerCore);

impl FailsToWrite {
    fn named(name: &str) -> Arc<FailsToWrite> {
        Arc::new(FailsToWrite(HandlerCore::new(
            name,
            HandlerOptions::default(),
        )))
    }
}

impl Handler for FailsToWrite {
    fn core(&self) -> &HandlerCore {
        &self.0
    }

    fn emit(&self, _: &Record<'_>) -> std::io::Result<()> {
        Err(std::io::Error::other("disk on fire"))
    }
}

const PROGRAM_CHILD_ENV: &str = "TALKDECK_LOGGING_PROGRAM_NAME_CHILD";

/// Checked in a child process, because the reports go to stderr.
#[test]
fn the_cores_reports_begin_with_the_program_name_set_on_the_registry() {
    if std::env::var_os(PROGRAM_CHILD_ENV).is_some() {
        let registry = Registry::default();
        let logger = registry.get_logger("talkdeck.study");
        registry.root().add_handler(FailsToWrite::named("early"));
        registry.set_program_name("flashcards");
        logger.add_handler(FailsToWrite::named("late"));
        let queued: Arc<dyn Handler> = FailsToWrite::named("queued");
        let queue = QueueHandler::new(
            vec![queued],
            4,
            OverflowPolicy::Block,
            HandlerOptions::default(),
        )
        .unwrap();
        logger.add_handler(Arc::new(queue));
        logger.log(Level::ERROR, &LOC, format_args!("one"));
        registry.shutdown();
        // A registry whose name is not set uses the default.
        let unnamed = Registry::default();
        unnamed.root().add_handler(FailsToWrite::named("unnamed"));
        unnamed.root().log(Level::ERROR, &LOC, format_args!("two"));
        unnamed.shutdown();
        return;
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "the_cores_reports_begin_with_the_program_name_set_on_the_registry",
            "--nocapture",
        ])
        .env(PROGRAM_CHILD_ENV, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "child failed: {stderr}");
    let mut reports: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(" logging: "))
        .collect();
    reports.sort_unstable();
    let report = |program: &str, handler: &str| {
        format!(
            "{program} logging: handler {handler} failed: disk on fire \
             (further failures are counted, not printed)"
        )
    };
    let mut expected = vec![
        report("flashcards", "early"),
        report("flashcards", "late"),
        report("flashcards", "queued"),
        report(DEFAULT_PROGRAM_NAME, "unnamed"),
    ];
    expected.sort_unstable();
    assert_eq!(reports, expected, "{stderr}");
}
