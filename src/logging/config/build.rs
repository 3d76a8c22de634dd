//! Building what a config describes — formatters, filters, handlers (opening their files) — and
//! checking every reference, before anything is attached: [`Built::apply`] then changes the
//! loggers, and cannot fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::locate::Outline;
use super::{
    ConfigErrors, ConfigFileError, FilterSpec, FormatterSpec, HandlerKind, LoggerSpec,
    LoggingConfig,
};
use crate::logging::filter::is_same_or_descendant;
use crate::logging::handler::{self, Schedule};
use crate::logging::{
    BASIC_FORMAT, ConsoleHandler, FileHandler, Filter, FormatError, Formatter, Handler,
    HandlerOptions, HttpHandler, HttpOptions, Level, LevelRangeFilter, Logger, MemoryHandler,
    NameFilter, NullHandler, QueueHandler, Registry, Rollover, TimeZone, When,
};

/// Everything a config makes, ready to attach.
pub(super) struct Built {
    handlers: BTreeMap<String, Arc<dyn Handler>>,
    filters: BTreeMap<String, Arc<dyn Filter>>,
}

/// Builds what a config describes, collecting every problem with its place in the text.
pub(super) struct Builder<'a> {
    outline: Outline<'a>,
    origin: &'a str,
    base_dir: &'a Path,
    errors: Vec<ConfigFileError>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(text: &'a str, origin: &'a str, base_dir: &'a Path) -> Builder<'a> {
        Builder {
            outline: Outline::new(text),
            origin,
            base_dir,
            errors: Vec::new(),
        }
    }

    /// Records an error at `at` (line and column), else at the start of the file.
    fn error(&mut self, at: Option<(usize, usize)>, message: String) {
        let (line, column) = at.unwrap_or((1, 1));
        self.errors.push(ConfigFileError {
            origin: self.origin.to_string(),
            line,
            column,
            message,
        });
    }

    /// Records a pattern's error at the very character it is about when the pattern stands in the
    /// file as written (no escapes in the string), else at the formatter with the character's
    /// number.
    fn pattern_error(&mut self, pattern: &str, name: &str, err: &FormatError) {
        let at = pattern
            .char_indices()
            .nth(err.offset)
            .map_or(pattern.len(), |(i, _)| i);
        let path = ["formatters", name, "format"];
        match self.outline.inside_value(&path, pattern, at) {
            Some(place) => self.error(Some(place), format!("formatter {name:?}: {}", err.message)),
            None => self.error(
                self.outline.key(&["formatters"], name),
                format!("formatter {name:?}: {err}"),
            ),
        }
    }

    pub(super) fn build(mut self, config: &LoggingConfig) -> Result<Built, ConfigErrors> {
        if config.version != 1 {
            self.error(
                self.outline.key(&[], "version"),
                format!("unknown version {}; only version 1 exists", config.version),
            );
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
                            self.outline.key(&["filters"], name),
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
        // Each logger with where its spec stands: `loggers: { "name": (…) }` or `root: (…)`.
        let loggers = config
            .loggers
            .iter()
            .map(|(name, spec)| (name.as_str(), spec, ["loggers", name.as_str()]))
            .chain(config.root.iter().map(|spec| ("root", spec, ["root", ""])));
        for (logger, spec, place) in loggers {
            let at = |field: &'static str| -> Vec<&str> {
                let mut path: Vec<&str> = place.iter().copied().filter(|p| !p.is_empty()).collect();
                path.push(field);
                path
            };
            for handler in &spec.handlers {
                if !config.handlers.contains_key(handler) {
                    self.error(
                        self.outline.value(&at("handlers"), handler),
                        format!("logger {logger:?}: unknown handler {handler:?}"),
                    );
                }
            }
            for filter in &spec.filters {
                if !filters.contains_key(filter) {
                    self.error(
                        self.outline.value(&at("filters"), filter),
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
                    self.outline.key(&["formatters"], name),
                    format!("formatter {name:?}: give either json or format, not both"),
                );
            }
            Formatter::json()
        } else {
            let pattern = spec.format.as_deref().unwrap_or(BASIC_FORMAT);
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
                self.outline.key(&["handlers"], name),
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
                    self.outline
                        .value(&["handlers", name, "formatter"], formatter),
                    format!("handler {name:?}: unknown formatter {formatter:?}"),
                ),
            }
        }
        for filter in &spec.filters {
            match filters.get(filter) {
                Some(f) => options.filters.push(Arc::clone(f)),
                None => self.error(
                    self.outline.value(&["handlers", name, "filters"], filter),
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
                        self.outline.key(&["handlers"], name),
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
                            self.outline
                                .value(&["handlers", name, "kind", "handlers"], target),
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
                self.error(
                    self.outline.key(&["handlers"], name),
                    format!("handler {name:?}: {err}"),
                );
                None
            }
        }
    }
}

impl Built {
    pub(super) fn apply(self, registry: &Registry, config: &LoggingConfig) {
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
        let configure = |logger: &Logger, spec: &LoggerSpec| {
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
                    .any(|configured| is_same_or_descendant(name, configured));
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
