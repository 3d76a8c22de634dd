//! The macros: locations, fields, logger naming, and that a disabled call formats nothing.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use talkdeck::logging::{self, HandlerOptions, Level, MemoryHandler, OwnedValue};
use talkdeck::{critical, debug, error, exception, info, log, notice, warning};

fn capture(logger: &str, level: Level) -> Arc<MemoryHandler> {
    let memory = Arc::new(MemoryHandler::new(100, HandlerOptions::default()));
    let logger = logging::get_logger(logger);
    logger.set_level(level);
    logger.set_propagate(false);
    logger.add_handler(memory.clone());
    memory
}

/// Counts how often it is formatted.
struct Counted<'a>(&'a AtomicUsize);

impl fmt::Display for Counted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fetch_add(1, Ordering::SeqCst);
        f.write_str("counted")
    }
}

#[test]
fn a_disabled_call_formats_nothing() {
    let memory = capture("macros.disabled", Level::WARNING);
    let formatted = AtomicUsize::new(0);
    debug!(name: "macros.disabled", "{}", Counted(&formatted));
    info!(name: "macros.disabled", card = 1; "{}", Counted(&formatted));
    let logger = logging::get_logger("macros.disabled");
    notice!(logger: logger, "{}", Counted(&formatted));
    assert_eq!(
        formatted.load(Ordering::SeqCst),
        0,
        "a disabled call formatted its arguments"
    );
    warning!(name: "macros.disabled", "{}", Counted(&formatted));
    assert_eq!(
        formatted.load(Ordering::SeqCst),
        1,
        "the memory handler formats once"
    );
    assert_eq!(memory.total(), 1);
}

#[test]
fn records_carry_the_call_site_fields_and_levels() {
    let memory = capture("macros.site", Level::DEBUG);
    let card = String::from("greetings/how-are-you/produce");
    let line = line!() + 1;
    info!(name: "macros.site", item = card, rating = "Good", ms = 2300u32, ok = true, leech = false; "answered {}", card);
    let logger = logging::get_logger("macros.site");
    log!(logger: logger, Level::new(33), "custom level");
    critical!(logger: logger, "critical");
    let records = memory.snapshot();
    let first = &records[0];
    assert_eq!(first.location.line, line);
    assert_eq!(first.location.file_name(), "logging_macros.rs");
    assert_eq!(first.location.module_path, "logging_macros");
    assert_eq!(first.message, "answered greetings/how-are-you/produce");
    assert_eq!(
        first.fields,
        vec![
            ("item".into(), OwnedValue::Str(card.clone())),
            ("rating".into(), OwnedValue::Str("Good".into())),
            ("ms".into(), OwnedValue::U64(2300)),
            ("ok".into(), OwnedValue::Bool(true)),
            ("leech".into(), OwnedValue::Bool(false)),
        ]
    );
    assert_eq!(records[1].level, Level::new(33));
    assert_eq!(records[2].level, Level::CRITICAL);
    assert_eq!(
        &*records[0].thread.name,
        "records_carry_the_call_site_fields_and_levels"
    );
}

#[test]
fn unnamed_calls_log_to_the_module_paths_logger() {
    let memory = capture("logging_macros", Level::DEBUG);
    error!("from the module logger");
    let err = std::io::Error::other("no space left on device");
    exception!(err, "could not save {}", "journal.ron");
    let got: Vec<(String, Level, String)> = memory
        .snapshot()
        .iter()
        .map(|r| (r.logger.to_string(), r.level, r.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "logging_macros".to_string(),
                Level::ERROR,
                "from the module logger".to_string()
            ),
            (
                "logging_macros".to_string(),
                Level::ERROR,
                "could not save journal.ron: no space left on device".to_string()
            ),
        ]
    );
}
