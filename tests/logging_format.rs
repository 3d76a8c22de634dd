//! A pattern's field that is neither a record field nor in the record is reported once on stderr,
//! naming it (Python reports a `KeyError` through `handleError`), and the line is still written.
//! Checked in a child process, because the report goes to stderr.

use std::process::Command;
use std::sync::Arc;

use talkdeck::logging::{FileHandler, Formatter, HandlerOptions, Registry};

const CHILD_ENV: &str = "TALKDECK_LOGGING_FORMAT_CHILD";

#[test]
fn a_misspelt_or_missing_field_is_reported_once_on_stderr() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        let path = std::path::Path::new(&dir).join("app.log");
        let formatter = Formatter::new("{levelname} {levelnmae}|{card}|{message}").unwrap();
        let file =
            FileHandler::open(&path, HandlerOptions::default().formatter(formatter)).unwrap();
        let registry = Registry::default();
        registry.root().add_handler(Arc::new(file));
        let logger = registry.get_logger("talkdeck.study");
        talkdeck::error!(logger: logger, "one");
        talkdeck::error!(logger: logger, card = 7; "two");
        talkdeck::error!(logger: logger, "three");
        registry.shutdown();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_misspelt_or_missing_field_is_reported_once_on_stderr",
            "--nocapture",
        ])
        .env(CHILD_ENV, dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "child failed: {stderr}");
    let reports: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("talkdeck logging:"))
        .collect();
    assert_eq!(
        reports,
        [
            "talkdeck logging: format field {levelnmae} is not a record field and a record from \
             talkdeck.study has no field of that name (did you mean {levelname}?); it is left \
             empty (reported once)",
            "talkdeck logging: format field {card} is not a record field and a record from \
             talkdeck.study has no field of that name; it is left empty (reported once)",
        ],
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.log")).unwrap(),
        "ERROR ||one\nERROR |7|two\nERROR ||three\n",
        "every line is written"
    );
}
