//! Reading `logging.ron`: only a regular file, never past its size limit, text as Windows editors
//! write it (a byte-order mark, CRLF line ends); every refusal names the file as
//! `file:line:column: message` and changes nothing.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use talkdeck::logging::config::{ConfigErrors, apply_file};
use talkdeck::logging::{Level, Registry};

/// A config that sets the root to INFO with a memory handler.
const CONFIG: &str = "// talkdeck logging\n\
LoggingConfig(\n\
    handlers: { \"m\": (kind: Memory(capacity: 10)) },\n\
    root: (level: \"INFO\", handlers: [\"m\"]),\n\
)\n";

/// Applies `path` to a fresh registry on a thread of its own, so a reader that blocks (a pipe
/// opened for reading waits for a writer) fails the test instead of hanging it.
fn apply(path: &Path) -> (Registry, Result<(), ConfigErrors>) {
    let registry = Registry::default();
    let (done, result) = mpsc::channel();
    let thread_path: PathBuf = path.to_path_buf();
    let thread_registry = registry.clone();
    std::thread::spawn(move || {
        let _ = done.send(apply_file(&thread_registry, &thread_path));
    });
    let result = result
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("reading {} did not return: it was opened", path.display()));
    (registry, result)
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_named_logging_ron_is_refused_without_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("logging.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    let (registry, result) = apply(&fifo);
    assert_eq!(
        result.unwrap_err().to_string(),
        format!("{}:1:1: is a pipe, not a file", fifo.display())
    );
    assert_eq!(registry.root().effective_level(), Level::WARNING);

    let device = dir.path().join("device").join("logging.ron");
    std::fs::create_dir(device.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("/dev/null", &device).unwrap();
    let (_, result) = apply(&device);
    assert_eq!(
        result.unwrap_err().to_string(),
        format!("{}:1:1: is a device, not a file", device.display())
    );

    let (_, result) = apply(dir.path());
    assert_eq!(
        result.unwrap_err().to_string(),
        format!("{}:1:1: is a folder, not a file", dir.path().display())
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_as_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logging.ron");
    let windows = format!("\u{feff}{}", CONFIG.replace('\n', "\r\n"));
    std::fs::write(&path, windows).unwrap();
    let (registry, result) = apply(&path);
    result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(registry.root().effective_level(), Level::INFO);
    assert_eq!(registry.root().handlers().len(), 1);

    // Positions in such a file are those an editor shows, the same as in the plain file: the mark
    // takes no column and a line ends before its CR.
    let broken = CONFIG.replace("\"INFO\"", "\"LOUD\"");
    std::fs::write(&path, &broken).unwrap();
    let plain = apply(&path).1.unwrap_err().to_string();
    assert!(
        plain.starts_with(&format!("{}:4:16: ", path.display())),
        "{plain}"
    );
    std::fs::write(&path, format!("\u{feff}{}", broken.replace('\n', "\r\n"))).unwrap();
    let windows = apply(&path).1.unwrap_err().to_string();
    assert_eq!(windows, plain);
    assert!(windows.contains("unknown log level \"LOUD\""), "{windows}");
}

#[test]
fn a_file_past_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logging.ron");
    let padding = format!("// {}\n", "x".repeat(1024 * 1024));
    std::fs::write(&path, format!("{padding}{CONFIG}")).unwrap();
    let (registry, result) = apply(&path);
    assert_eq!(
        result.unwrap_err().to_string(),
        format!(
            "{}:1:1: is larger than 1048576 bytes, the most talkdeck reads for a logging config",
            path.display()
        )
    );
    assert!(registry.root().handlers().is_empty(), "nothing was applied");
}
