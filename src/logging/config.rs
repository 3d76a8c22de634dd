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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::handler::{self, Schedule};
use super::{
    ConsoleHandler, FileHandler, Filter, FormatError, Formatter, Handler, HandlerOptions,
    HttpHandler, HttpOptions, Level, LevelRangeFilter, MemoryHandler, NameFilter, NullHandler,
    OverflowPolicy, QueueHandler, Registry, Rollover, Stream, TimeZone, When,
};

/// The largest config file read; a logging setup is a few KiB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The file's content.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename = "LoggingConfig")]
pub struct LoggingConfig {
    /// Format version; only 1 exists.
    #[serde(default = "one")]
    pub version: u32,
    #[serde(default)]
    pub formatters: BTreeMap<String, FormatterSpec>,
    #[serde(default)]
    pub filters: BTreeMap<String, FilterSpec>,
    #[serde(default)]
    pub handlers: BTreeMap<String, HandlerSpec>,
    #[serde(default)]
    pub loggers: BTreeMap<String, LoggerSpec>,
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

#[derive(Clone, Debug, Deserialize)]
pub enum FilterSpec {
    /// Python's name filter: the logger and its descendants.
    Name(String),
    /// Levels from `min` to `max`, inclusive.
    LevelRange { min: Level, max: Level },
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandlerSpec {
    pub kind: HandlerKind,
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub formatter: Option<String>,
    #[serde(default)]
    pub filters: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum HandlerKind {
    Console {
        #[serde(default)]
        stream: Stream,
    },
    File {
        path: PathBuf,
        #[serde(default)]
        flush_level: Option<Level>,
    },
    RotatingFile {
        path: PathBuf,
        max_bytes: u64,
        backup_count: u32,
        #[serde(default)]
        flush_level: Option<Level>,
    },
    TimedRotatingFile {
        path: PathBuf,
        when: When,
        #[serde(default = "one")]
        interval: u32,
        #[serde(default)]
        backup_count: u32,
        #[serde(default)]
        utc: bool,
        #[serde(default)]
        flush_level: Option<Level>,
    },
    Memory {
        capacity: usize,
    },
    Null,
    Queue {
        handlers: Vec<String>,
        #[serde(default = "default_queue_capacity")]
        capacity: usize,
        #[serde(default)]
        policy: OverflowPolicy,
    },
    Http {
        url: String,
        #[serde(default)]
        timeout_ms: Option<u64>,
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

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggerSpec {
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub handlers: Vec<String>,
    #[serde(default = "yes")]
    pub propagate: bool,
    #[serde(default)]
    pub filters: Vec<String>,
}

/// One problem in a config file, with its position (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigFileError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
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

/// Everything a config makes, ready to attach.
struct Built {
    handlers: BTreeMap<String, Arc<dyn Handler>>,
    filters: BTreeMap<String, Arc<dyn Filter>>,
}

struct Builder<'a> {
    text: &'a str,
    origin: &'a str,
    base_dir: &'a Path,
    errors: Vec<ConfigFileError>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, origin: &'a str, base_dir: &'a Path) -> Builder<'a> {
        Builder {
            text,
            origin,
            base_dir,
            errors: Vec::new(),
        }
    }

    /// Records an error at the first place `needle` appears as a quoted string, else at the start.
    fn error(&mut self, needle: &str, message: String) {
        let (line, column) = locate(self.text, needle).unwrap_or((1, 1));
        self.errors.push(ConfigFileError {
            origin: self.origin.to_string(),
            line,
            column,
            message,
        });
    }

    /// Records a pattern's error at the very character it is about when the pattern stands in the
    /// file as written (no escapes in the string), else at the string with the character's number.
    fn pattern_error(&mut self, pattern: &str, name: &str, err: &FormatError) {
        let quoted = format!("\"{pattern}\"");
        let at = pattern
            .char_indices()
            .nth(err.offset)
            .map_or(pattern.len(), |(i, _)| i);
        match self.text.find(&quoted) {
            Some(quote) => {
                let (line, column) = position(self.text, quote + 1 + at);
                self.errors.push(ConfigFileError {
                    origin: self.origin.to_string(),
                    line,
                    column,
                    message: format!("formatter {name:?}: {}", err.message),
                });
            }
            None => self.error(pattern, format!("formatter {name:?}: {err}")),
        }
    }

    fn build(mut self, config: &LoggingConfig) -> Result<Built, ConfigErrors> {
        if config.version != 1 {
            let (line, column) = locate_token(self.text, "version").unwrap_or((1, 1));
            self.errors.push(ConfigFileError {
                origin: self.origin.to_string(),
                line,
                column,
                message: format!("unknown version {}; only version 1 exists", config.version),
            });
        }
        let mut formatters = BTreeMap::new();
        for (name, spec) in &config.formatters {
            if let Some(formatter) = self.formatter(name, spec) {
                formatters.insert(name.clone(), formatter);
            }
        }
        let mut filters: BTreeMap<String, Arc<dyn Filter>> = BTreeMap::new();
        for (name, spec) in &config.filters {
            let filter: Arc<dyn Filter> = match spec {
                FilterSpec::Name(logger) => Arc::new(NameFilter::new(logger.clone())),
                FilterSpec::LevelRange { min, max } => {
                    if min > max {
                        self.error(
                            name,
                            format!("filter {name:?}: min {min} is above max {max}"),
                        );
                    }
                    Arc::new(LevelRangeFilter {
                        min: *min,
                        max: *max,
                    })
                }
            };
            filters.insert(name.clone(), filter);
        }
        let mut handlers: BTreeMap<String, Arc<dyn Handler>> = BTreeMap::new();
        let mut visiting = BTreeSet::new();
        for name in config.handlers.keys() {
            self.handler(
                name,
                config,
                &formatters,
                &filters,
                &mut handlers,
                &mut visiting,
            );
        }
        let loggers = config
            .loggers
            .iter()
            .map(|(name, spec)| (name.as_str(), spec))
            .chain(config.root.iter().map(|spec| ("root", spec)));
        for (logger, spec) in loggers {
            for handler in &spec.handlers {
                if !config.handlers.contains_key(handler) {
                    self.error(
                        handler,
                        format!("logger {logger:?}: unknown handler {handler:?}"),
                    );
                }
            }
            for filter in &spec.filters {
                if !filters.contains_key(filter) {
                    self.error(
                        filter,
                        format!("logger {logger:?}: unknown filter {filter:?}"),
                    );
                }
            }
        }
        if self.errors.is_empty() {
            Ok(Built { handlers, filters })
        } else {
            for handler in handlers.values() {
                handler::close(handler.as_ref());
            }
            Err(ConfigErrors(self.errors))
        }
    }

    fn formatter(&mut self, name: &str, spec: &FormatterSpec) -> Option<Formatter> {
        let mut formatter = if spec.json {
            if spec.format.is_some() {
                self.error(
                    name,
                    format!("formatter {name:?}: give either json or format, not both"),
                );
            }
            Formatter::json()
        } else {
            let pattern = spec.format.as_deref().unwrap_or(super::BASIC_FORMAT);
            match Formatter::new(pattern) {
                Ok(formatter) => formatter,
                Err(err) => {
                    self.pattern_error(pattern, name, &err);
                    return None;
                }
            }
        };
        if let Some(datefmt) = &spec.datefmt {
            formatter = formatter.with_datefmt(datefmt.clone());
        }
        if spec.utc {
            formatter = formatter.with_time_zone(TimeZone::UTC);
        }
        Some(formatter)
    }

    fn handler(
        &mut self,
        name: &str,
        config: &LoggingConfig,
        formatters: &BTreeMap<String, Formatter>,
        filters: &BTreeMap<String, Arc<dyn Filter>>,
        built: &mut BTreeMap<String, Arc<dyn Handler>>,
        visiting: &mut BTreeSet<String>,
    ) -> Option<Arc<dyn Handler>> {
        if let Some(handler) = built.get(name) {
            return Some(Arc::clone(handler));
        }
        let spec = config.handlers.get(name)?;
        if !visiting.insert(name.to_string()) {
            self.error(
                name,
                format!("handler {name:?} feeds itself through queue handlers"),
            );
            return None;
        }
        let mut options = HandlerOptions {
            level: spec.level,
            ..HandlerOptions::default()
        };
        if let Some(formatter) = &spec.formatter {
            match formatters.get(formatter) {
                Some(f) => options.formatter = Some(f.clone()),
                None => self.error(
                    formatter,
                    format!("handler {name:?}: unknown formatter {formatter:?}"),
                ),
            }
        }
        for filter in &spec.filters {
            match filters.get(filter) {
                Some(f) => options.filters.push(Arc::clone(f)),
                None => self.error(
                    filter,
                    format!("handler {name:?}: unknown filter {filter:?}"),
                ),
            }
        }
        let path_of = |path: &PathBuf| {
            if path.is_absolute() {
                path.clone()
            } else {
                self.base_dir.join(path)
            }
        };
        let result: std::io::Result<Arc<dyn Handler>> = match &spec.kind {
            HandlerKind::Console { stream } => Ok(Arc::new(ConsoleHandler::new(*stream, options))),
            HandlerKind::File { path, flush_level } => {
                open_file(path_of(path), Rollover::Never, *flush_level, options)
            }
            HandlerKind::RotatingFile {
                path,
                max_bytes,
                backup_count,
                flush_level,
            } => {
                let rollover = Rollover::Size {
                    max_bytes: *max_bytes,
                    backup_count: *backup_count,
                };
                open_file(path_of(path), rollover, *flush_level, options)
            }
            HandlerKind::TimedRotatingFile {
                path,
                when,
                interval,
                backup_count,
                utc,
                flush_level,
            } => {
                if let When::Weekday(day) = when
                    && *day > 6
                {
                    self.error(
                        name,
                        format!("handler {name:?}: weekday {day} is not 0 (Monday) to 6"),
                    );
                }
                let mut schedule = Schedule::new(*when)
                    .interval(*interval)
                    .backup_count(*backup_count);
                if *utc {
                    schedule = schedule.time_zone(TimeZone::UTC);
                }
                open_file(
                    path_of(path),
                    Rollover::Schedule(schedule),
                    *flush_level,
                    options,
                )
            }
            HandlerKind::Memory { capacity } => {
                Ok(Arc::new(MemoryHandler::new(*capacity, options)))
            }
            HandlerKind::Null => Ok(Arc::new(NullHandler::default())),
            HandlerKind::Queue {
                handlers,
                capacity,
                policy,
            } => {
                let mut targets = Vec::new();
                for target in handlers {
                    if !config.handlers.contains_key(target) {
                        self.error(
                            target,
                            format!("handler {name:?}: unknown handler {target:?}"),
                        );
                    } else if let Some(h) =
                        self.handler(target, config, formatters, filters, built, visiting)
                    {
                        targets.push(h);
                    }
                }
                QueueHandler::new(targets, *capacity, *policy, options)
                    .map(|h| -> Arc<dyn Handler> { Arc::new(h) })
            }
            HandlerKind::Http {
                url,
                timeout_ms,
                batch_size,
                deadline_ms,
            } => {
                let mut http = HttpOptions::default();
                if let Some(ms) = timeout_ms {
                    http.timeout = Duration::from_millis(*ms);
                }
                if let Some(n) = batch_size {
                    http.batch_size = (*n).max(1);
                }
                if let Some(ms) = deadline_ms {
                    http.deadline = Duration::from_millis(*ms);
                }
                HttpHandler::new(url, http, options).map(|h| -> Arc<dyn Handler> { Arc::new(h) })
            }
        };
        visiting.remove(name);
        match result {
            Ok(handler) => {
                built.insert(name.to_string(), Arc::clone(&handler));
                Some(handler)
            }
            Err(err) => {
                self.error(name, format!("handler {name:?}: {err}"));
                None
            }
        }
    }
}

impl Built {
    fn apply(self, registry: &Registry, config: &LoggingConfig) {
        let before = registry.all_handlers();
        // Only loggers that exist before the config can be disabled by it, not the ancestors it
        // makes for the loggers it names (Python's `existing` list).
        let existing = registry.logger_names();
        let pick_handlers = |names: &[String]| -> Vec<Arc<dyn Handler>> {
            names
                .iter()
                .filter_map(|n| self.handlers.get(n).cloned())
                .collect()
        };
        let pick_filters = |names: &[String]| -> Vec<Arc<dyn Filter>> {
            names
                .iter()
                .filter_map(|n| self.filters.get(n).cloned())
                .collect()
        };
        let configure = |logger: &super::Logger, spec: &LoggerSpec| {
            if let Some(level) = spec.level {
                logger.set_level(level);
            }
            logger.set_handlers(pick_handlers(&spec.handlers));
            logger.set_filters(pick_filters(&spec.filters));
            logger.set_propagate(spec.propagate);
            logger.set_disabled(false);
        };
        if let Some(spec) = &config.root {
            configure(registry.root(), spec);
        }
        for (name, spec) in &config.loggers {
            configure(&registry.get_logger(name), spec);
        }
        if config.disable_existing_loggers {
            for name in &existing {
                let named = config
                    .loggers
                    .keys()
                    .any(|configured| super::filter::is_same_or_descendant(name, configured));
                if !named {
                    registry.get_logger(name).set_disabled(true);
                }
            }
        }
        // Close what this config replaced, unless it is still attached somewhere.
        let after = registry.all_handlers();
        for old in before {
            if !after.iter().any(|h| Arc::ptr_eq(h, &old)) {
                handler::close(old.as_ref());
            }
        }
        // Handlers defined but attached to no logger (only fed through queues, or unused) stay
        // alive through the queues that hold them; unused ones are dropped here.
    }
}

/// Opens a file handler of any rollover policy, flushing at `flush_level` (default WARNING).
fn open_file(
    path: PathBuf,
    rollover: Rollover,
    flush_level: Option<Level>,
    options: HandlerOptions,
) -> std::io::Result<Arc<dyn Handler>> {
    let handler = FileHandler::open_with(path, rollover, options)?;
    Ok(Arc::new(
        handler.with_flush_level(flush_level.unwrap_or(Level::WARNING)),
    ))
}

/// Line and column (1-based, in characters) of the first `"needle"` in `text`.
fn locate(text: &str, needle: &str) -> Option<(usize, usize)> {
    let quoted = format!("\"{needle}\"");
    let offset = text.find(&quoted)?;
    Some(position(text, offset))
}

/// Line and column of the first `token` that stands as a whole word.
fn locate_token(text: &str, token: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = text[from..].find(token) {
        let at = from + found;
        let before = text[..at].chars().next_back();
        let after = text[at + token.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !word(before) && !word(after) {
            return Some(position(text, at));
        }
        from = at + token.len();
    }
    None
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logging::Location;

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
