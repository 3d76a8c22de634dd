//! `logging.ron`: the whole logging setup in one RON file, the equivalent of Python's `dictConfig`.
//!
//! ```ron
//! LoggingConfig(
//!     version: 1,
//!     formatters: {
//!         "plain": (format: "{asctime} {levelname:<9} {name} {message}"),
//!         "json": (json: true),
//!     },
//!     filters: {
//!         "study": Name("talkdeck.study"),
//!     },
//!     handlers: {
//!         "console": (kind: Console(stream: Stderr), level: "WARNING", formatter: "plain"),
//!         "file": (
//!             kind: RotatingFile(path: "logs/talkdeck.log", max_bytes: 1048576, backup_count: 5),
//!             formatter: "plain",
//!         ),
//!     },
//!     loggers: {
//!         "talkdeck.study": (level: "DEBUG", handlers: ["file"], propagate: false),
//!     },
//!     root: (level: "INFO", handlers: ["console", "file"]),
//! )
//! ```
//!
//! Relative paths are relative to the folder of the file. Applying is all or nothing: every problem
//! is reported as `file:line:column: message`, and if there is any, nothing changes.

mod build;
mod locate;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Level, OverflowPolicy, Registry, Stream, When};
use build::Builder;

/// The largest config file read; a logging setup is a few KiB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The file's content.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename = "LoggingConfig")]
pub struct LoggingConfig {
    /// Format version; only 1 exists.
    #[serde(default = "one")]
    pub version: u32,
    /// Formatters by name; a handler names the one it uses.
    #[serde(default)]
    pub formatters: BTreeMap<String, FormatterSpec>,
    /// Filters by name; handlers and loggers name the ones they use.
    #[serde(default)]
    pub filters: BTreeMap<String, FilterSpec>,
    /// Handlers by name; loggers and queue handlers name the ones they use.
    #[serde(default)]
    pub handlers: BTreeMap<String, HandlerSpec>,
    /// Loggers by dotted name (`talkdeck.study`).
    #[serde(default)]
    pub loggers: BTreeMap<String, LoggerSpec>,
    /// The root logger.
    #[serde(default)]
    pub root: Option<LoggerSpec>,
    /// Disable the loggers that exist before this config is applied and are not named here (nor
    /// below one named here); the ancestors the config makes for the loggers it names are not
    /// disabled. Python defaults to true, which silently mutes libraries; the default here is false.
    #[serde(default)]
    pub disable_existing_loggers: bool,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// A formatter: a pattern, or JSON lines.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatterSpec {
    /// A pattern such as `{asctime} {levelname} {message}`; default `{levelname}:{name}:{message}`.
    #[serde(default)]
    pub format: Option<String>,
    /// strftime pattern for `{asctime}`.
    #[serde(default)]
    pub datefmt: Option<String>,
    /// JSON lines instead of a pattern.
    #[serde(default)]
    pub json: bool,
    /// Dates in UTC instead of local time.
    #[serde(default)]
    pub utc: bool,
}

/// A filter.
#[derive(Clone, Debug, Deserialize)]
pub enum FilterSpec {
    /// Python's name filter: the logger and its descendants.
    Name(String),
    /// Levels from `min` to `max`, inclusive.
    LevelRange {
        /// The lowest level let through.
        min: Level,
        /// The highest level let through.
        max: Level,
    },
}

/// A handler: its kind, with the kind's own settings, and what every handler has.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandlerSpec {
    /// What the handler is, with its own settings.
    pub kind: HandlerKind,
    /// The handler's own level (default NOTSET: every record its loggers pass on).
    #[serde(default)]
    pub level: Option<Level>,
    /// The name of its formatter (default `{message}`).
    #[serde(default)]
    pub formatter: Option<String>,
    /// The names of its filters, in order.
    #[serde(default)]
    pub filters: Vec<String>,
}

/// The kinds of handler, with their settings. A `path` that is relative is taken from the folder of
/// the config file; `flush_level` is the level from which records are written through at once
/// (default WARNING).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum HandlerKind {
    /// A console handler ([`ConsoleHandler`](crate::logging::ConsoleHandler)).
    Console {
        /// Which stream (default stderr).
        #[serde(default)]
        stream: Stream,
    },
    /// A file that never rolls over ([`FileHandler`](crate::logging::FileHandler)).
    File {
        /// The file, appended to.
        path: PathBuf,
        /// Records at this level and above are written through at once.
        #[serde(default)]
        flush_level: Option<Level>,
    },
    /// A file that rolls over by size
    /// ([`RotatingFileHandler`](crate::logging::RotatingFileHandler)).
    RotatingFile {
        /// The file, appended to.
        path: PathBuf,
        /// The size in bytes past which it rolls over; with this or `backup_count` 0 it never
        /// rolls over (Python's rule).
        max_bytes: u64,
        /// How many rolled-over files to keep (`app.log.1` …).
        backup_count: u32,
        /// Records at this level and above are written through at once.
        #[serde(default)]
        flush_level: Option<Level>,
    },
    /// A file that rolls over on a schedule
    /// ([`TimedRotatingFileHandler`](crate::logging::TimedRotatingFileHandler)).
    TimedRotatingFile {
        /// The file, appended to.
        path: PathBuf,
        /// When it rolls over.
        when: When,
        /// How many units of `when` make one period (default 1).
        #[serde(default = "one")]
        interval: u32,
        /// How many rolled-over files to keep; 0 (the default) keeps them all.
        #[serde(default)]
        backup_count: u32,
        /// Periods in UTC instead of local time.
        #[serde(default)]
        utc: bool,
        /// Records at this level and above are written through at once.
        #[serde(default)]
        flush_level: Option<Level>,
    },
    /// The last records in memory ([`MemoryHandler`](crate::logging::MemoryHandler)).
    Memory {
        /// How many records it keeps.
        capacity: usize,
    },
    /// Drops every record ([`NullHandler`](crate::logging::NullHandler)).
    Null,
    /// Hands records to a writer thread that passes them to other handlers
    /// ([`QueueHandler`](crate::logging::QueueHandler)).
    Queue {
        /// The names of the handlers it feeds.
        handlers: Vec<String>,
        /// How many records may wait (default 10,000).
        #[serde(default = "default_queue_capacity")]
        capacity: usize,
        /// What happens when the queue is full (default: wait).
        #[serde(default)]
        policy: OverflowPolicy,
    },
    /// POSTs batches of JSON records to a collector ([`HttpHandler`](crate::logging::HttpHandler)).
    Http {
        /// An `http://host:port/path` URL.
        url: String,
        /// The longest wait for one request, in milliseconds (default 5000).
        #[serde(default)]
        timeout_ms: Option<u64>,
        /// How many records one POST carries at most (default 100; 0 is taken as 1).
        #[serde(default)]
        batch_size: Option<usize>,
        /// The longest flushing and closing wait for the queue to be sent (default 2000).
        #[serde(default)]
        deadline_ms: Option<u64>,
    },
}

fn default_queue_capacity() -> usize {
    10_000
}

/// A logger: its level, handlers, propagation and filters.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggerSpec {
    /// The logger's own level (default: leave it as it is).
    #[serde(default)]
    pub level: Option<Level>,
    /// The names of its handlers; they replace the ones it had.
    #[serde(default)]
    pub handlers: Vec<String>,
    /// Whether records go on to the ancestors' handlers (default true).
    #[serde(default = "yes")]
    pub propagate: bool,
    /// The names of its filters; they replace the ones it had.
    #[serde(default)]
    pub filters: Vec<String>,
}

/// One problem in a config file, with its position (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigFileError {
    /// What the config came from: its path, or a name given to the text.
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.origin, self.line, self.column, self.message
        )
    }
}

/// Every problem found in a config file; at least one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigFileError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

/// Parses a config from text; `origin` names it in errors.
pub fn parse_str(text: &str, origin: &str) -> Result<LoggingConfig, ConfigErrors> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str(text).map_err(|err| {
        ConfigErrors(vec![ConfigFileError {
            origin: origin.to_string(),
            line: err.span.start.line,
            column: err.span.start.col,
            message: err.code.to_string(),
        }])
    })
}

/// Reads, checks and applies a config file to `registry`; on any error nothing changes. Only a
/// regular file is read (a pipe or a device is refused before it is opened), at most
/// [`MAX_FILE_BYTES`]; a byte-order mark and CRLF line ends are accepted.
pub fn apply_file(registry: &Registry, path: &Path) -> Result<(), ConfigErrors> {
    let origin = path.display().to_string();
    let whole_file = |message: String| {
        ConfigErrors(vec![ConfigFileError {
            origin: origin.clone(),
            line: 1,
            column: 1,
            message,
        }])
    };
    let reader = registry.program_name();
    let text = super::read::read_text(path, MAX_FILE_BYTES, &reader).map_err(whole_file)?;
    let base = path.parent().unwrap_or(Path::new("."));
    apply_str(registry, &text, &origin, base)
}

/// Parses, checks and applies config text; relative paths are taken from `base_dir`.
pub fn apply_str(
    registry: &Registry,
    text: &str,
    origin: &str,
    base_dir: &Path,
) -> Result<(), ConfigErrors> {
    let config = parse_str(text, origin)?;
    let built = Builder::new(text, origin, base_dir).build(&config)?;
    built.apply(registry, &config);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::logging::{HandlerOptions, Location, MemoryHandler};

    fn log(registry: &Registry, logger: &str, level: Level, message: &str) {
        static LOC: Location = Location::UNKNOWN;
        registry
            .get_logger(logger)
            .log(level, &LOC, format_args!("{message}"));
    }

    #[test]
    fn a_full_config_builds_the_described_tree() {
        let dir = tempfile::tempdir().unwrap();
        let text = r#"
// talkdeck logging, as a deck author might set it up
LoggingConfig(
    version: 1,
    formatters: {
        "plain": (format: "{levelname:<8}|{name}|{message}"),
        "json": (json: true, utc: true),
    },
    filters: {
        "deck-only": Name("talkdeck.deck"),
        "problems": LevelRange(min: "warning", max: EMERGENCY_PLACEHOLDER),
    },
    handlers: {
        "file": (kind: File(path: "talkdeck.log"), formatter: "plain", level: "DEBUG"),
        "deck": (kind: File(path: "deck.log"), formatter: "plain", filters: ["deck-only"]),
        "memory": (kind: Memory(capacity: 100), level: 25),
        "queued": (kind: Queue(handlers: ["json-file"], capacity: 16), level: "WARNING"),
        "json-file": (kind: RotatingFile(path: "app.jsonl", max_bytes: 100000, backup_count: 2), formatter: "json"),
        "quiet": (kind: Null),
        "console": (kind: Console(stream: Stdout), filters: ["problems"], level: "CRITICAL"),
    },
    loggers: {
        "talkdeck.study": (level: "DEBUG", handlers: ["memory"]),
        "talkdeck.deck": (handlers: ["deck"], propagate: false, level: "INFO"),
    },
    root: (level: "INFO", handlers: ["file", "queued", "quiet", "console"]),
)
"#
        .replace("EMERGENCY_PLACEHOLDER", "\"EMERGENCY\"");
        let registry = Registry::default();
        apply_str(&registry, &text, "logging.ron", dir.path()).unwrap();
        assert_eq!(registry.root().effective_level(), Level::INFO);
        assert_eq!(
            registry
                .get_logger("talkdeck.study.session")
                .effective_level(),
            Level::DEBUG
        );
        log(
            &registry,
            "talkdeck.study.session",
            Level::DEBUG,
            "card shown",
        );
        log(&registry, "talkdeck.study", Level::NOTICE, "summary");
        log(&registry, "talkdeck.deck", Level::WARNING, "skipped a card");
        log(&registry, "talkdeck.ui", Level::ERROR, "disk full");
        registry.shutdown();
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(
            read("talkdeck.log"),
            "DEBUG   |talkdeck.study.session|card shown\n\
             NOTICE  |talkdeck.study|summary\n\
             ERROR   |talkdeck.ui|disk full\n"
        );
        assert_eq!(read("deck.log"), "WARNING |talkdeck.deck|skipped a card\n");
        let json = read("app.jsonl");
        assert_eq!(
            json.lines().count(),
            1,
            "only the ERROR passes the queue's WARNING level"
        );
        assert!(json.contains("\"logger\":\"talkdeck.ui\""), "{json}");
    }

    #[test]
    fn syntax_errors_carry_rons_position() {
        let text = "LoggingConfig(\n    version: 1,\n    root: (level: \"INFO\" handlers: []),\n)";
        let err = parse_str(text, "logging.ron").unwrap_err();
        assert_eq!(err.0.len(), 1);
        let e = &err.0[0];
        assert_eq!((e.line, e.column), (3, 26), "{e}");
        assert!(e.to_string().starts_with("logging.ron:3:26: "), "{e}");
    }

    #[test]
    fn unknown_fields_and_bad_levels_are_reported_with_positions() {
        let err = parse_str("LoggingConfig(\n  roots: ())", "x.ron").unwrap_err();
        assert_eq!((err.0[0].line, err.0[0].column), (2, 3), "{}", err);
        assert!(err.to_string().contains("roots"), "{err}");
        let err = parse_str("LoggingConfig(root: (level: \"LOUD\"))", "x.ron").unwrap_err();
        assert!(
            err.to_string().contains("unknown log level \"LOUD\""),
            "{err}"
        );
    }

    #[test]
    fn every_semantic_problem_is_reported_at_its_reference_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_dir = dir.path().join("plain-file");
        std::fs::write(&not_a_dir, "").unwrap();
        let text = format!(
            r#"LoggingConfig(
    version: 2,
    formatters: {{ "bad": (format: "{{levelname"), "ok": () }},
    handlers: {{
        "a": (kind: Console(), formatter: "missing-formatter"),
        "b": (kind: File(path: "{}/x.log")),
        "loop": (kind: Queue(handlers: ["loop"])),
    }},
    root: (handlers: ["a", "nope"], filters: ["ghost"]),
)"#,
            not_a_dir.display()
        );
        let registry = Registry::default();
        let before = registry.root().effective_level();
        let err = apply_str(&registry, &text, "logging.ron", dir.path()).unwrap_err();
        let lines: Vec<String> = err.0.iter().map(|e| e.to_string()).collect();
        let expect = [
            ("logging.ron:2:5: unknown version 2", "version"),
            (
                "logging.ron:3:36: formatter \"bad\": field {levelname is not closed",
                "pattern",
            ),
            (
                "logging.ron:5:43: handler \"a\": unknown formatter \"missing-formatter\"",
                "formatter",
            ),
            ("logging.ron:6:9: handler \"b\":", "file"),
            ("logging.ron:7:9: handler \"loop\" feeds itself", "cycle"),
            (
                "logging.ron:9:28: logger \"root\": unknown handler \"nope\"",
                "handler ref",
            ),
            (
                "logging.ron:9:47: logger \"root\": unknown filter \"ghost\"",
                "filter ref",
            ),
        ];
        for (prefix, what) in expect {
            assert!(
                lines.iter().any(|l| l.starts_with(prefix)),
                "missing {what} error {prefix:?} in:\n{err}"
            );
        }
        assert_eq!(registry.root().effective_level(), before);
        assert!(registry.root().handlers().is_empty(), "nothing was applied");
    }

    /// What a registry's loggers are: names, levels, propagation, whether they are disabled, and
    /// which handlers (by identity) they hold.
    fn loggers_of(registry: &Registry) -> Vec<String> {
        registry
            .loggers()
            .iter()
            .map(|logger| {
                let handlers: Vec<String> = logger
                    .handlers()
                    .iter()
                    .map(|h| format!("{:p}", Arc::as_ptr(h)))
                    .collect();
                format!(
                    "{} level={} effective={} propagate={} enabled={} handlers={handlers:?}",
                    logger.name(),
                    logger.level(),
                    logger.effective_level(),
                    logger.propagate(),
                    logger.is_enabled_for(Level::EMERGENCY),
                )
            })
            .collect()
    }

    #[test]
    fn a_config_whose_second_handler_cannot_open_its_file_leaves_the_loggers_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let plain_file = dir.path().join("plain-file");
        std::fs::write(&plain_file, "").unwrap();
        let registry = Registry::default();
        let memory = Arc::new(MemoryHandler::new(10, HandlerOptions::default()));
        registry.root().set_level(Level::INFO);
        registry.root().add_handler(memory.clone());
        let study = registry.get_logger("talkdeck.study");
        study.set_level(Level::DEBUG);
        study.set_propagate(false);
        study.add_handler(memory.clone());
        registry.get_logger("eframe");
        let before = loggers_of(&registry);
        let text = format!(
            r#"LoggingConfig(
    disable_existing_loggers: true,
    handlers: {{
        "a": (kind: File(path: "a.log")),
        "b": (kind: File(path: "{}/b.log")),
    }},
    loggers: {{
        "talkdeck.study": (level: "ERROR", handlers: ["a"]),
        "talkdeck.deck": (level: "INFO", handlers: ["b"]),
    }},
    root: (level: "DEBUG", handlers: ["a", "b"]),
)"#,
            plain_file.display()
        );
        let err = apply_str(&registry, &text, "logging.ron", dir.path()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("logging.ron:5:9: handler \"b\": "),
            "{err}"
        );
        assert_eq!(loggers_of(&registry), before, "the loggers changed");
        log(&registry, "talkdeck.study", Level::INFO, "still here");
        assert_eq!(memory.total(), 1, "the old handler is attached and open");
    }

    #[test]
    fn an_error_points_at_the_place_it_is_about_when_a_name_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            r#"LoggingConfig(
    // the "file" handler writes "file" records
    formatters: {{
        "file": (format: "{{message}}"),
        "a": (format: "{{levelname"),
        "b": (format: "{{levelname"),
    }},
    filters: {{ "file": Name("file") }},
    handlers: {{
        "console": (kind: Console(), formatter: "file", filters: ["file"]),
        "file": (kind: File(path: "{}/missing/x.log"), formatter: "file"),
        "queue": (kind: Queue(handlers: ["console", "ghost"])),
    }},
    loggers: {{ "ghost": (handlers: ["console", "ghost"]) }},
    root: (handlers: ["console", "file"], filters: ["console"]),
)"#,
            dir.path().display()
        );
        let registry = Registry::default();
        let err = apply_str(&registry, &text, "logging.ron", dir.path()).unwrap_err();
        let mut at: Vec<String> = err
            .0
            .iter()
            .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
            .collect();
        at.sort();
        let mut expected = vec![
            "5:24 formatter \"a\": field {levelname is not closed with '}'".to_string(),
            "6:24 formatter \"b\": field {levelname is not closed with '}'".to_string(),
            "12:53 handler \"queue\": unknown handler \"ghost\"".to_string(),
            "14:48 logger \"ghost\": unknown handler \"ghost\"".to_string(),
            "15:53 logger \"root\": unknown filter \"console\"".to_string(),
        ];
        let opened = at
            .iter()
            .position(|e| e.contains("handler \"file\": "))
            .map(|i| at.remove(i));
        expected.sort();
        assert_eq!(at, expected);
        assert!(
            opened.as_deref().is_some_and(|e| e.starts_with("11:9 ")),
            "{opened:?}"
        );
    }

    #[test]
    fn a_python_style_pattern_is_refused_at_its_position_in_the_file() {
        let text = "LoggingConfig(\n    formatters: {\n        \"py\": (format: \"{asctime} %(levelname)s %(message)s\"),\n        \"tpl\": (format: \"$asctime $message\"),\n    },\n)";
        let registry = Registry::default();
        let err = apply_str(&registry, text, "logging.ron", Path::new(".")).unwrap_err();
        let lines: Vec<String> = err.0.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            lines,
            [
                "logging.ron:3:35: formatter \"py\": Python's %-style field %(levelname)s: \
                 write {levelname}",
                "logging.ron:4:26: formatter \"tpl\": Python's $-style field $asctime: \
                 write {asctime}",
            ]
        );
    }

    #[test]
    fn disable_existing_loggers_mutes_only_unnamed_branches() {
        let registry = Registry::default();
        let eframe = registry.get_logger("eframe.native");
        let study = registry.get_logger("talkdeck.study.session");
        let text = r#"LoggingConfig(
            disable_existing_loggers: true,
            handlers: { "m": (kind: Memory(capacity: 10)) },
            loggers: { "talkdeck": (level: "DEBUG", handlers: ["m"]) },
        )"#;
        apply_str(&registry, text, "x.ron", Path::new(".")).unwrap();
        assert!(!eframe.is_enabled_for(Level::EMERGENCY));
        assert!(study.is_enabled_for(Level::DEBUG));
    }

    #[test]
    fn disable_existing_loggers_spares_the_ancestors_the_config_itself_makes() {
        let text = r#"LoggingConfig(
            disable_existing_loggers: true,
            handlers: { "m": (kind: Memory(capacity: 10)) },
            loggers: { "talkdeck.study": (level: "DEBUG", handlers: ["m"]) },
            root: (level: "WARNING"),
        )"#;
        let registry = Registry::default();
        let eframe = registry.get_logger("eframe");
        apply_str(&registry, text, "x.ron", Path::new(".")).unwrap();
        assert!(!eframe.is_enabled_for(Level::EMERGENCY), "existed before");
        let made = registry.get_logger("talkdeck");
        assert!(
            made.is_enabled_for(Level::WARNING),
            "talkdeck was made by the config, as the parent of talkdeck.study"
        );
        assert!(
            registry
                .get_logger("talkdeck.study.session")
                .is_enabled_for(Level::DEBUG)
        );

        // An ancestor that existed before and is not named is disabled, as in Python.
        let registry = Registry::default();
        let talkdeck = registry.get_logger("talkdeck");
        apply_str(&registry, text, "x.ron", Path::new(".")).unwrap();
        assert!(!talkdeck.is_enabled_for(Level::EMERGENCY));
        assert!(
            registry
                .get_logger("talkdeck.study")
                .is_enabled_for(Level::DEBUG)
        );
    }

    #[test]
    fn relative_paths_resolve_against_the_config_files_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("logs")).unwrap();
        let config = dir.path().join("logging.ron");
        std::fs::write(
            &config,
            r#"LoggingConfig(
                handlers: { "f": (kind: File(path: "logs/app.log"), formatter: "p") },
                formatters: { "p": (format: "{message}") },
                root: (level: "INFO", handlers: ["f"]),
            )"#,
        )
        .unwrap();
        let registry = Registry::default();
        apply_file(&registry, &config).unwrap();
        log(&registry, "talkdeck", Level::INFO, "hello");
        registry.shutdown();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("logs/app.log")).unwrap(),
            "hello\n"
        );
        let missing = apply_file(&registry, &dir.path().join("absent.ron")).unwrap_err();
        assert!(
            missing.to_string().contains("absent.ron:1:1: cannot read"),
            "{missing}"
        );
    }
}
