//! talkdeck's leveled logging core, modelled on Python's `logging`: eight syslog levels (DEBUG 10 …
//! EMERGENCY 70), hierarchical named [`Logger`]s, [`Handler`]s with their own level, [`Filter`]s and
//! [`Formatter`], a RON configuration file ([`config`]) and a bridge for the `log` facade ([`bridge`]).
//!
//! This module knows nothing about flashcards and imports nothing else from the crate: it could be
//! published on its own. What it deliberately does not do: async I/O, TLS for the HTTP handler,
//! structured spans (use `tracing` for those), or log-file reading (the Logs screen reads the memory
//! handler).
//!
//! Unconfigured, the root logs WARNING and above to stderr as `LEVEL:name:message`: Python's format
//! once `logging.warning()` has called `basicConfig()`. (Python's last resort, before that, prints the
//! message alone; talkdeck always adds the level and the logger's name.)
//! [`basic_config`] configures the root once; [`config::apply_file`] applies a `logging.ron`;
//! [`shutdown`] (or the guard from [`shutdown_guard`]) flushes and closes every handler at exit.
//!
//! Every public item is documented (`missing_docs` warns here, and `-D warnings` in CI makes that an
//! error). serde is used only where the config needs it: `Deserialize` on the config's own types and
//! on the four core types it reads ([`Level`], [`Stream`], [`When`], [`OverflowPolicy`]), and
//! `Serialize` on [`Level`] alone, so an application can store a level in its own settings.

#![warn(missing_docs)]

#[macro_use]
mod macros;

pub mod bridge;
mod clock;
pub mod config;
mod filter;
mod flusher;
mod format;
mod handler;
mod level;
mod logger;
mod read;
mod record;
mod sync;

use std::path::PathBuf;
use std::sync::Arc;

pub use clock::{Clock, ManualClock, SystemClock};
pub use filter::{Decision, Filter, FnFilter, LevelRangeFilter, NameFilter, chain_accepts};
pub use format::{BASIC_FORMAT, FormatError, Formatter};
pub use handler::{
    ConsoleHandler, FileHandler, Handler, HandlerCore, HandlerExt, HandlerOptions, HttpHandler,
    HttpOptions, MemoryHandler, NullHandler, OverflowPolicy, QueueHandler, Rollover,
    RotatingFileHandler, Schedule, Stream, Subscription, TimedRotatingFileHandler, When,
};
pub use handler::{close as close_handler, flush as flush_handler, handle as handle_record};
pub use jiff::tz::TimeZone;
pub use level::{Level, ParseLevelError, add_level_name};
pub use logger::{DEFAULT_PROGRAM_NAME, ErrorChain, Logger, ROOT_NAME, Registry};
pub use record::{Field, Location, OwnedRecord, OwnedValue, Record, ThreadInfo, ToValue, Value};

/// The logger called `name` in the global registry; the same logger for the same name, always.
pub fn get_logger(name: &str) -> Logger {
    Registry::global().get_logger(name)
}

/// The root logger of the global registry.
pub fn root() -> Logger {
    Registry::global().root().clone()
}

/// What [`basic_config`] sets up; every field is optional, as in Python.
#[derive(Clone, Debug, Default)]
pub struct BasicConfig {
    /// The root's level (default: leave it, WARNING unless changed).
    pub level: Option<Level>,
    /// The pattern (default [`BASIC_FORMAT`], `{levelname}:{name}:{message}`).
    pub format: Option<String>,
    /// The strftime pattern of `{asctime}`.
    pub datefmt: Option<String>,
    /// Log to this file (appending) instead of a stream.
    pub file: Option<PathBuf>,
    /// The stream when there is no file (default stderr).
    pub stream: Stream,
    /// Replace the root's handlers even if it has some (Python's `force=True`).
    pub force: bool,
}

/// Why configuration failed. Nothing was changed.
#[derive(Debug)]
pub enum ConfigError {
    /// The format pattern does not parse.
    Format(FormatError),
    /// The log file cannot be opened.
    Io(std::io::Error),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Format(e) => write!(f, "invalid log format: {e}"),
            ConfigError::Io(e) => write!(f, "cannot open log file: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Format(e) => Some(e),
            ConfigError::Io(e) => Some(e),
        }
    }
}

/// Configures the root logger of `registry` once (Python's `basicConfig`): one console or file
/// handler with the given format. Returns `Ok(false)` and changes nothing if the root already has
/// handlers and `force` is off.
pub fn basic_config_in(registry: &Registry, config: BasicConfig) -> Result<bool, ConfigError> {
    let root = registry.root();
    if !config.force && !root.handlers().is_empty() {
        return Ok(false);
    }
    let mut formatter = Formatter::new(config.format.as_deref().unwrap_or(BASIC_FORMAT))
        .map_err(ConfigError::Format)?;
    if let Some(datefmt) = config.datefmt {
        formatter = formatter.with_datefmt(datefmt);
    }
    let options = HandlerOptions::default().formatter(formatter);
    let handler: Arc<dyn Handler> = match &config.file {
        Some(path) => Arc::new(FileHandler::open(path, options).map_err(ConfigError::Io)?),
        None => Arc::new(ConsoleHandler::new(config.stream, options)),
    };
    for old in root.set_handlers(vec![handler]) {
        close_handler(old.as_ref());
    }
    if let Some(level) = config.level {
        root.set_level(level);
    }
    Ok(true)
}

/// [`basic_config_in`] on the global registry.
pub fn basic_config(config: BasicConfig) -> Result<bool, ConfigError> {
    basic_config_in(Registry::global(), config)
}

/// Flushes every handler of the global registry.
pub fn flush() {
    Registry::global().flush();
}

/// [`Registry::flush_every`] on the global registry: buffered records reach their files within
/// `interval`.
pub fn flush_every(interval: Option<std::time::Duration>) {
    Registry::global().flush_every(interval);
}

/// Flushes, closes and detaches every handler of the global registry (Python's `logging.shutdown`).
pub fn shutdown() {
    Registry::global().shutdown();
}

/// Calls [`shutdown`] when dropped: hold it in `main` so buffered records reach their files on every
/// way out, including a panic that unwinds.
#[must_use = "the guard shuts logging down when dropped"]
#[derive(Debug)]
pub struct ShutdownGuard(());

impl Drop for ShutdownGuard {
    fn drop(&mut self) {
        shutdown();
    }
}

/// A guard that calls [`shutdown`] when dropped; hold it in `main`.
pub fn shutdown_guard() -> ShutdownGuard {
    ShutdownGuard(())
}

/// Everything the macros name, and nothing else: the crate that holds this module mounts it at its
/// root as `__logging_private` (see `macros.rs`, "One path into the core"), so the macros work
/// wherever the core lives. Not part of the API.
#[doc(hidden)]
pub mod __private {
    use std::sync::atomic::Ordering;

    use super::logger::GLOBAL_MIN_LEVEL;
    pub use super::{Level, Location, Logger, ToValue, get_logger};

    /// Whether any logger of the global registry lets `level` through: the macros' first check.
    #[inline(always)]
    pub fn enabled_anywhere(level: Level) -> bool {
        level.value() >= GLOBAL_MIN_LEVEL.load(Ordering::Relaxed)
    }

    /// The logger named after a module path: `talkdeck::study` → `talkdeck.study`.
    pub fn module_logger(module_path: &str) -> Logger {
        get_logger(&module_path.replace("::", "."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_config_configures_the_root_once_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first.log");
        let second = dir.path().join("second.log");
        let registry = Registry::default();
        let config = |file: &std::path::Path, force| BasicConfig {
            level: Some(Level::INFO),
            format: Some("{levelname} {name} {message}".into()),
            file: Some(file.to_path_buf()),
            force,
            ..BasicConfig::default()
        };
        static LOC: Location = Location::UNKNOWN;
        assert!(basic_config_in(&registry, config(&first, false)).unwrap());
        assert!(
            !basic_config_in(&registry, config(&second, false)).unwrap(),
            "second call is a no-op"
        );
        registry
            .get_logger("talkdeck.study")
            .log(Level::INFO, &LOC, format_args!("one"));
        assert!(
            basic_config_in(&registry, config(&second, true)).unwrap(),
            "force replaces"
        );
        registry
            .get_logger("talkdeck.study")
            .log(Level::DEBUG, &LOC, format_args!("below INFO"));
        registry
            .get_logger("talkdeck.study")
            .log(Level::NOTICE, &LOC, format_args!("two"));
        registry.shutdown();
        assert_eq!(
            std::fs::read_to_string(&first).unwrap(),
            "INFO talkdeck.study one\n"
        );
        assert_eq!(
            std::fs::read_to_string(&second).unwrap(),
            "NOTICE talkdeck.study two\n"
        );
        let bad = BasicConfig {
            format: Some("{levelname".into()),
            force: true,
            ..BasicConfig::default()
        };
        assert!(matches!(
            basic_config_in(&registry, bad),
            Err(ConfigError::Format(_))
        ));
    }
}
