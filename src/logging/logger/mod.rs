//! Loggers and the registry that owns them.
//!
//! `get_logger("a.b.c")` always returns the same shared logger; its ancestors `a.b` and `a` are made
//! with it. Each logger caches two things that change only on reconfiguration: its effective level
//! (nearest ancestor with a level, else the root's) and its dispatch list (its own filters plus the
//! handlers of itself and its ancestors up to the first with `propagate` off). Any change to any
//! logger recomputes those caches for all loggers and the registry's lowest enabled level, so a log
//! call reads one atomic to decide and takes no lock to dispatch.

mod cache;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;

use super::filter::{Filter, chain_accepts};
use super::flusher::{self, FlushSignal};
use super::format::BASIC_FORMAT;
use super::handler::{self, ConsoleHandler, Handler, HandlerOptions};
use super::record::{Field, Location, ThreadInfo};
use super::sync::{lock, read, write};
use super::{Formatter, Level, Record};

/// What a logger does with a record, computed on reconfiguration.
struct Dispatch {
    filters: Vec<Arc<dyn Filter>>,
    handlers: Vec<Arc<dyn Handler>>,
    /// The registry's timed flusher, armed by each record that reaches a handler.
    flush: Option<Arc<FlushSignal>>,
}

struct LoggerInner {
    name: Box<str>,
    parent: Option<Logger>,
    registry: Weak<Shared>,
    level: AtomicU32,
    effective: AtomicU32,
    propagate: AtomicBool,
    disabled: AtomicBool,
    own: Mutex<Own>,
    dispatch: ArcSwap<Dispatch>,
}

#[derive(Default)]
struct Own {
    handlers: Vec<Arc<dyn Handler>>,
    filters: Vec<Arc<dyn Filter>>,
}

/// A named logger. Cheap to clone: clones share the one logger.
#[derive(Clone)]
pub struct Logger {
    inner: Arc<LoggerInner>,
}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logger")
            .field("name", &self.name())
            .field("level", &self.level())
            .field("effective_level", &self.effective_level())
            .field("propagate", &self.propagate())
            .finish_non_exhaustive()
    }
}

impl PartialEq for Logger {
    fn eq(&self, other: &Logger) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for Logger {}

/// The name of the root logger, as Python calls it.
pub const ROOT_NAME: &str = "root";

/// The program name a registry starts with: the name of the package the logging core is built in.
/// The core's own messages on stderr begin with `{program} logging:`; an application that embeds
/// the core under another package name sets its own with [`Registry::set_program_name`].
pub const DEFAULT_PROGRAM_NAME: &str = env!("CARGO_PKG_NAME");

impl Logger {
    fn new(name: &str, parent: Option<Logger>, registry: Weak<Shared>, level: Level) -> Logger {
        let inherited = parent.as_ref().map(|p| p.inner.dispatch.load_full());
        let dispatch = Dispatch {
            filters: Vec::new(),
            handlers: inherited
                .as_ref()
                .map(|d| d.handlers.clone())
                .unwrap_or_default(),
            flush: inherited.and_then(|d| d.flush.clone()),
        };
        let effective = parent.as_ref().map_or(level, |p| p.effective_level());
        Logger {
            inner: Arc::new(LoggerInner {
                name: name.into(),
                parent,
                registry,
                level: AtomicU32::new(level.value()),
                effective: AtomicU32::new(effective.value()),
                propagate: AtomicBool::new(true),
                disabled: AtomicBool::new(false),
                own: Mutex::new(Own::default()),
                dispatch: ArcSwap::from_pointee(dispatch),
            }),
        }
    }

    /// The dotted name; the root is `root`.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The nearest ancestor logger (`a` for `a.b`), `None` for the root.
    pub fn parent(&self) -> Option<&Logger> {
        self.inner.parent.as_ref()
    }

    /// The level set on this logger; `NOTSET` means inherited.
    pub fn level(&self) -> Level {
        Level::new(self.inner.level.load(Ordering::Relaxed))
    }

    /// The level that decides: this logger's, else the nearest ancestor's that is set.
    pub fn effective_level(&self) -> Level {
        Level::new(self.inner.effective.load(Ordering::Relaxed))
    }

    /// Whether a record at `level` would be made. One atomic load and a compare.
    #[inline]
    pub fn is_enabled_for(&self, level: Level) -> bool {
        level.value() >= self.inner.effective.load(Ordering::Relaxed)
            && !self.inner.disabled.load(Ordering::Relaxed)
    }

    /// Whether records go on to the ancestors' handlers (default true).
    pub fn propagate(&self) -> bool {
        self.inner.propagate.load(Ordering::Relaxed)
    }

    /// Sets the logger's own level; NOTSET inherits the parent's.
    pub fn set_level(&self, level: Level) {
        self.inner.level.store(level.value(), Ordering::Relaxed);
        self.reconfigured();
    }

    /// Whether records also go to the ancestors' handlers (default true).
    pub fn set_propagate(&self, propagate: bool) {
        self.inner.propagate.store(propagate, Ordering::Relaxed);
        self.reconfigured();
    }

    /// A disabled logger drops everything (`disable_existing_loggers` in a config file).
    pub fn set_disabled(&self, disabled: bool) {
        self.inner.disabled.store(disabled, Ordering::Relaxed);
        self.reconfigured();
    }

    /// Attaches `handler` (once: adding it again changes nothing) and tells it the registry's
    /// program name.
    pub fn add_handler(&self, handler: Arc<dyn Handler>) {
        self.adopt(std::slice::from_ref(&handler));
        {
            let mut own = self.own();
            if !own.handlers.iter().any(|h| Arc::ptr_eq(h, &handler)) {
                own.handlers.push(handler);
            }
        }
        self.reconfigured();
    }

    /// Removes `handler` (by identity) and returns whether it was there. The handler is not closed.
    pub fn remove_handler(&self, handler: &Arc<dyn Handler>) -> bool {
        let removed = {
            let mut own = self.own();
            let before = own.handlers.len();
            own.handlers.retain(|h| !Arc::ptr_eq(h, handler));
            own.handlers.len() != before
        };
        self.reconfigured();
        removed
    }

    /// The handlers attached to this logger itself.
    pub fn handlers(&self) -> Vec<Arc<dyn Handler>> {
        self.own().handlers.clone()
    }

    /// Replaces this logger's handlers, returning the old ones (not closed). The new ones are told
    /// the registry's program name.
    pub fn set_handlers(&self, handlers: Vec<Arc<dyn Handler>>) -> Vec<Arc<dyn Handler>> {
        self.adopt(&handlers);
        let old = std::mem::replace(&mut self.own().handlers, handlers);
        self.reconfigured();
        old
    }

    /// Adds a filter applied to records made by this logger (not to records propagated from
    /// descendants, as in Python).
    pub fn add_filter(&self, filter: Arc<dyn Filter>) {
        self.own().filters.push(filter);
        self.reconfigured();
    }

    /// Replaces the logger's filters.
    pub fn set_filters(&self, filters: Vec<Arc<dyn Filter>>) {
        self.own().filters = filters;
        self.reconfigured();
    }

    fn own(&self) -> std::sync::MutexGuard<'_, Own> {
        lock(&self.inner.own)
    }

    /// Tells `handlers` the program name of this logger's registry.
    fn adopt(&self, handlers: &[Arc<dyn Handler>]) {
        if let Some(shared) = self.inner.registry.upgrade() {
            let name = Arc::clone(&*lock(&shared.program));
            for handler in handlers {
                handler.set_program_name(&name);
            }
        }
    }

    fn reconfigured(&self) {
        if let Some(shared) = self.inner.registry.upgrade() {
            shared.recompute();
        }
    }

    /// Makes a record and dispatches it, if `level` is enabled. The macros call this after their own
    /// level check; `args` is only formatted by handlers that write it.
    pub fn log(&self, level: Level, location: &'static Location, args: fmt::Arguments<'_>) {
        self.log_fields(level, location, args, &[]);
    }

    /// [`Logger::log`] with key–value fields.
    pub fn log_fields(
        &self,
        level: Level,
        location: &'static Location,
        args: fmt::Arguments<'_>,
        fields: &[Field<'_>],
    ) {
        if !self.is_enabled_for(level) {
            return;
        }
        ThreadInfo::with_current(|thread| {
            self.handle(&Record {
                time: SystemTime::now(),
                level,
                logger: &self.inner.name,
                args,
                location,
                thread,
                fields,
            })
        });
    }

    /// Logs `error` at ERROR with its whole `source()` chain on one line:
    /// `context: error: cause: root cause` (Python's `logger.exception`).
    pub fn exception(
        &self,
        location: &'static Location,
        context: fmt::Arguments<'_>,
        error: &(dyn std::error::Error + 'static),
    ) {
        self.log_error_chain(Level::ERROR, location, context, error);
    }

    /// [`Logger::exception`] at any level.
    pub fn log_error_chain(
        &self,
        level: Level,
        location: &'static Location,
        context: fmt::Arguments<'_>,
        error: &(dyn std::error::Error + 'static),
    ) {
        if self.is_enabled_for(level) {
            let chain = ErrorChain(error);
            self.log_fields(level, location, format_args!("{context}: {chain}"), &[]);
        }
    }

    /// Passes a finished record through this logger's filters to the handlers of its dispatch list
    /// (Python's `Logger.handle`). Used by the `log` bridge and by tests that build records.
    pub fn handle(&self, record: &Record<'_>) {
        let dispatch = self.inner.dispatch.load();
        if !chain_accepts(&dispatch.filters, record) {
            return;
        }
        if dispatch.handlers.is_empty() {
            if let Some(shared) = self.inner.registry.upgrade() {
                handler::handle(shared.last_resort.as_ref(), record);
            }
            return;
        }
        for handler in &dispatch.handlers {
            handler::handle(handler.as_ref(), record);
        }
        if let Some(flush) = &dispatch.flush {
            flush.arm();
        }
    }

    /// Flushes the handlers this logger's records reach (its own and its ancestors' up to the first
    /// with `propagate` off), so what it logged so far is in their files.
    pub fn flush(&self) {
        for handler in &self.inner.dispatch.load().handlers {
            handler::flush(handler.as_ref());
        }
    }
}

/// Displays an error and its sources joined by `: `.
pub struct ErrorChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

struct Shared {
    root: Logger,
    loggers: RwLock<BTreeMap<Box<str>, Logger>>,
    /// Serialises recomputation, so caches always reflect one consistent configuration.
    recompute_lock: Mutex<()>,
    /// The lowest effective level of any logger: a call below it is disabled everywhere.
    min_level: AtomicU32,
    /// Mirrors `min_level` into the process-wide atomic the macros read (global registry only).
    mirror: Option<&'static AtomicU32>,
    /// Used when a record finds no handler at all: WARNING and above to stderr, `LEVEL:name:message`
    /// (Python's last resort writes the message alone; the level and name say what the line is).
    last_resort: Arc<dyn Handler>,
    /// The timed flusher's signal, while [`Registry::flush_every`] has one running.
    flusher: Mutex<Option<Arc<FlushSignal>>>,
    /// What the core's messages on stderr begin with: `{program} logging: …`.
    program: Mutex<Arc<str>>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        if let Some(signal) = self
            .flusher
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
        {
            signal.stop();
        }
    }
}

/// A tree of loggers under one root (Python's `Manager`). The process-wide one is
/// [`Registry::global`]; tests make their own so they cannot disturb each other.
#[derive(Clone)]
pub struct Registry {
    shared: Arc<Shared>,
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("loggers", &self.logger_names().len())
            .field("min_level", &self.min_level())
            .finish()
    }
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::with_mirror(None)
    }
}

/// The lowest enabled level of the global registry; what the macros compare against.
pub(crate) static GLOBAL_MIN_LEVEL: AtomicU32 = AtomicU32::new(30);

impl Registry {
    fn with_mirror(mirror: Option<&'static AtomicU32>) -> Registry {
        let shared = Arc::new_cyclic(|weak: &Weak<Shared>| {
            let last_resort: Arc<dyn Handler> = Arc::new(ConsoleHandler::stderr(
                HandlerOptions::default()
                    .level(Level::WARNING)
                    .formatter(Formatter::new(BASIC_FORMAT).unwrap_or_default()),
            ));
            Shared {
                root: Logger::new(ROOT_NAME, None, weak.clone(), Level::WARNING),
                loggers: RwLock::new(BTreeMap::new()),
                recompute_lock: Mutex::new(()),
                min_level: AtomicU32::new(Level::WARNING.value()),
                mirror,
                last_resort,
                flusher: Mutex::new(None),
                program: Mutex::new(Arc::from(DEFAULT_PROGRAM_NAME)),
            }
        });
        shared.recompute();
        Registry { shared }
    }

    /// The process-wide registry that [`get_logger`](super::get_logger) and the macros use.
    pub fn global() -> &'static Registry {
        static GLOBAL: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
        GLOBAL.get_or_init(|| Registry::with_mirror(Some(&GLOBAL_MIN_LEVEL)))
    }

    /// The root logger.
    pub fn root(&self) -> &Logger {
        &self.shared.root
    }

    /// The program name the core's messages on stderr begin with (`{program} logging: …`), and
    /// the HTTP handler's `User-Agent`; [`DEFAULT_PROGRAM_NAME`] until set.
    pub fn program_name(&self) -> Arc<str> {
        Arc::clone(&*lock(&self.shared.program))
    }

    /// Sets the program name, for this registry and every handler attached to it now or later.
    pub fn set_program_name(&self, name: &str) {
        let name: Arc<str> = Arc::from(name);
        *lock(&self.shared.program) = Arc::clone(&name);
        for handler in self.all_handlers() {
            handler.set_program_name(&name);
        }
        self.shared.last_resort.set_program_name(&name);
    }

    /// The logger called `name`, made (with its ancestors) on first use. `""` and `"root"` are the
    /// root. Names are dotted paths; empty segments (`a..b`) are kept as given.
    pub fn get_logger(&self, name: &str) -> Logger {
        if name.is_empty() || name == ROOT_NAME {
            return self.shared.root.clone();
        }
        if let Some(logger) = self.read_map().get(name) {
            return logger.clone();
        }
        let made = {
            let mut map = write(&self.shared.loggers);
            let mut parent = self.shared.root.clone();
            let mut end = 0;
            for segment in name.split('.') {
                end += segment.len();
                let prefix = &name[..end];
                parent = match map.get(prefix) {
                    Some(existing) => existing.clone(),
                    None => {
                        let logger = Logger::new(
                            prefix,
                            Some(parent),
                            Arc::downgrade(&self.shared),
                            Level::NOTSET,
                        );
                        map.insert(prefix.into(), logger.clone());
                        logger
                    }
                };
                end += 1; // the dot
            }
            parent
        };
        // A new logger inherits; recomputing keeps its caches right even if another thread was
        // reconfiguring its ancestors while it was made.
        self.shared.recompute();
        made
    }

    fn read_map(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<Box<str>, Logger>> {
        read(&self.shared.loggers)
    }

    /// Every logger's name except the root's, sorted.
    pub fn logger_names(&self) -> Vec<String> {
        self.read_map().keys().map(|k| k.to_string()).collect()
    }

    /// Every logger including the root.
    pub fn loggers(&self) -> Vec<Logger> {
        std::iter::once(self.shared.root.clone())
            .chain(self.read_map().values().cloned())
            .collect()
    }

    /// The lowest level any logger lets through.
    pub fn min_level(&self) -> Level {
        Level::new(self.shared.min_level.load(Ordering::Relaxed))
    }

    /// Every distinct handler attached anywhere in this registry.
    pub fn all_handlers(&self) -> Vec<Arc<dyn Handler>> {
        let mut seen: Vec<Arc<dyn Handler>> = Vec::new();
        for logger in self.loggers() {
            for handler in logger.handlers() {
                if !seen.iter().any(|h| Arc::ptr_eq(h, &handler)) {
                    seen.push(handler);
                }
            }
        }
        seen
    }

    /// Flushes every handler.
    pub fn flush(&self) {
        for handler in self.all_handlers() {
            handler::flush(handler.as_ref());
        }
    }

    /// Flushes every handler at most `interval` after a record reaches one, from a thread of its
    /// own ([`flusher`](super::flusher)): buffered files then lose at most `interval` of records to a
    /// crash or a kill. `None` stops it. The thread sleeps while nothing is logged.
    pub fn flush_every(&self, interval: Option<Duration>) {
        let old = {
            let mut slot = self.flusher_slot();
            let old = slot.take();
            if let Some(interval) = interval {
                let weak = Arc::downgrade(&self.shared);
                let flush = move || match weak.upgrade() {
                    Some(shared) => {
                        Registry { shared }.flush();
                        true
                    }
                    None => false,
                };
                match flusher::start(interval, flush) {
                    Ok(signal) => *slot = Some(signal),
                    Err(err) => eprintln!(
                        "{} logging: cannot start the flush thread: {err}",
                        self.program_name()
                    ),
                }
            }
            old
        };
        if let Some(old) = old {
            old.stop();
        }
        self.shared.recompute();
    }

    fn flusher_slot(&self) -> std::sync::MutexGuard<'_, Option<Arc<FlushSignal>>> {
        lock(&self.shared.flusher)
    }

    /// How many times the timed flusher has flushed (0 without one).
    pub fn timed_flushes(&self) -> u64 {
        self.flusher_slot().as_ref().map_or(0, |s| s.flushes())
    }

    /// Waits until the timed flusher has flushed more than `seen` times, or `timeout` passed;
    /// returns its count. For tests and diagnostics: "this record is on disk now".
    pub fn wait_for_timed_flush(&self, seen: u64, timeout: Duration) -> u64 {
        let signal = self.flusher_slot().clone();
        signal.map_or(0, |s| s.wait_for_flush(seen, timeout))
    }

    /// Flushes and closes every handler and detaches them (Python's `logging.shutdown`). Loggers
    /// stay; with no handlers they fall back to the WARNING-to-stderr default. A timed flusher
    /// stops.
    pub fn shutdown(&self) {
        self.flush_every(None);
        let handlers = self.all_handlers();
        for logger in self.loggers() {
            logger.set_handlers(Vec::new());
        }
        for handler in handlers {
            handler::close(handler.as_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logging::handler::MemoryHandler;

    fn memory() -> Arc<MemoryHandler> {
        Arc::new(MemoryHandler::new(100, HandlerOptions::default()))
    }

    fn log(logger: &Logger, level: Level, message: &str) {
        static LOC: Location = Location::UNKNOWN;
        logger.log(level, &LOC, format_args!("{message}"));
    }

    fn messages(handler: &MemoryHandler) -> Vec<String> {
        handler
            .snapshot()
            .iter()
            .map(|r| format!("{}:{}", r.logger, r.message))
            .collect()
    }

    #[test]
    fn get_logger_returns_one_shared_logger_per_name_and_builds_the_tree() {
        let registry = Registry::default();
        let abc = registry.get_logger("a.b.c");
        assert_eq!(abc, registry.get_logger("a.b.c"));
        assert_eq!(abc.parent().unwrap(), &registry.get_logger("a.b"));
        assert_eq!(
            abc.parent().unwrap().parent().unwrap(),
            &registry.get_logger("a")
        );
        assert_eq!(registry.get_logger("a").parent().unwrap(), registry.root());
        assert_eq!(registry.get_logger(""), *registry.root());
        assert_eq!(registry.get_logger("root"), *registry.root());
        assert_eq!(registry.root().name(), "root");
        assert_eq!(registry.logger_names(), ["a", "a.b", "a.b.c"]);
        assert_ne!(registry.get_logger("a.bc"), abc);
    }

    #[test]
    fn effective_level_is_the_nearest_set_ancestors() {
        let registry = Registry::default();
        let abc = registry.get_logger("a.b.c");
        let ab = registry.get_logger("a.b");
        assert_eq!(abc.effective_level(), Level::WARNING, "root's default");
        registry.get_logger("a").set_level(Level::INFO);
        assert_eq!(abc.effective_level(), Level::INFO);
        ab.set_level(Level::ERROR);
        assert_eq!(abc.effective_level(), Level::ERROR);
        abc.set_level(Level::DEBUG);
        assert_eq!(abc.effective_level(), Level::DEBUG);
        assert_eq!(
            ab.effective_level(),
            Level::ERROR,
            "a child's level does not leak up"
        );
        assert_eq!(registry.min_level(), Level::DEBUG);
        abc.set_level(Level::NOTSET);
        assert_eq!(abc.effective_level(), Level::ERROR);
        assert_eq!(registry.min_level(), Level::INFO, "lowest is now a's INFO");
        assert!(!abc.is_enabled_for(Level::WARNING));
        assert!(abc.is_enabled_for(Level::ERROR));
    }

    #[test]
    fn propagation_matrix_sends_records_up_to_the_first_logger_with_propagate_off() {
        // Tree: root ← app ← app.study ← app.study.session, each with its own memory handler.
        for stop_at in [
            None,
            Some("app.study.session"),
            Some("app.study"),
            Some("app"),
        ] {
            let registry = Registry::default();
            registry.root().set_level(Level::DEBUG);
            let names = ["root", "app", "app.study", "app.study.session"];
            let handlers: Vec<Arc<MemoryHandler>> = names.iter().map(|_| memory()).collect();
            for (name, handler) in names.iter().zip(&handlers) {
                registry.get_logger(name).add_handler(handler.clone());
            }
            if let Some(name) = stop_at {
                registry.get_logger(name).set_propagate(false);
            }
            log(
                &registry.get_logger("app.study.session"),
                Level::INFO,
                "answered",
            );
            let reached: Vec<bool> = handlers.iter().map(|h| h.total() == 1).collect();
            let expected: Vec<bool> = match stop_at {
                None => vec![true, true, true, true],
                Some("app.study.session") => vec![false, false, false, true],
                Some("app.study") => vec![false, false, true, true],
                Some(_) => vec![false, true, true, true],
            };
            assert_eq!(
                reached, expected,
                "root, app, app.study, session; propagate off at {stop_at:?}"
            );
        }
    }

    #[test]
    fn ancestors_levels_do_not_filter_propagated_records_but_handler_levels_do() {
        let registry = Registry::default();
        let root_handler = memory();
        let strict = Arc::new(MemoryHandler::new(
            10,
            HandlerOptions::default().level(Level::ERROR),
        ));
        registry.root().set_level(Level::CRITICAL);
        registry.root().add_handler(root_handler.clone());
        registry.root().add_handler(strict.clone());
        let study = registry.get_logger("app.study");
        study.set_level(Level::DEBUG);
        log(&study, Level::INFO, "shown");
        log(
            &registry.get_logger("app"),
            Level::INFO,
            "not shown: app inherits CRITICAL",
        );
        assert_eq!(
            messages(&root_handler),
            ["app.study:shown"],
            "Python's rule"
        );
        assert!(
            messages(&strict).is_empty(),
            "the handler's own ERROR level applies"
        );
    }

    #[test]
    fn logger_filters_apply_to_own_records_only() {
        let registry = Registry::default();
        registry.root().set_level(Level::DEBUG);
        let handler = memory();
        registry.root().add_handler(handler.clone());
        let app = registry.get_logger("app");
        app.add_filter(Arc::new(crate::logging::filter::FnFilter(
            |r: &Record<'_>| {
                if r.message().contains("secret") {
                    crate::logging::Decision::Reject
                } else {
                    crate::logging::Decision::Neutral
                }
            },
        )));
        log(&app, Level::INFO, "secret from app");
        log(&app, Level::INFO, "plain from app");
        log(
            &registry.get_logger("app.child"),
            Level::INFO,
            "secret from child",
        );
        assert_eq!(
            messages(&handler),
            ["app:plain from app", "app.child:secret from child"]
        );
    }

    #[test]
    fn remove_and_set_handlers_take_effect_immediately() {
        let registry = Registry::default();
        let a = memory();
        let b = memory();
        let logger = registry.get_logger("x");
        let a_dyn: Arc<dyn Handler> = a.clone();
        logger.add_handler(a_dyn.clone());
        logger.add_handler(a_dyn.clone());
        assert_eq!(logger.handlers().len(), 1, "adding twice keeps one");
        log(&logger, Level::WARNING, "one");
        assert!(logger.remove_handler(&a_dyn));
        assert!(!logger.remove_handler(&a_dyn));
        logger.set_handlers(vec![b.clone()]);
        log(&logger, Level::WARNING, "two");
        assert_eq!((a.total(), b.total()), (1, 1));
    }

    #[test]
    fn disabled_logger_drops_everything_and_error_chain_is_one_line() {
        let registry = Registry::default();
        let handler = memory();
        registry.root().add_handler(handler.clone());
        let logger = registry.get_logger("store");
        logger.set_disabled(true);
        log(&logger, Level::EMERGENCY, "dropped");
        logger.set_disabled(false);
        let inner = std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left");
        #[derive(Debug)]
        struct Saving(std::io::Error);
        impl fmt::Display for Saving {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("could not write journal.ron")
            }
        }
        impl std::error::Error for Saving {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        static LOC: Location = Location::UNKNOWN;
        logger.exception(&LOC, format_args!("answer not saved"), &Saving(inner));
        let records = handler.snapshot();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].level, Level::ERROR);
        assert_eq!(
            records[0].message,
            "answer not saved: could not write journal.ron: no space left"
        );
    }

    #[test]
    fn shutdown_closes_and_detaches_every_handler() {
        let registry = Registry::default();
        let handler = memory();
        registry.get_logger("a").add_handler(handler.clone());
        registry.get_logger("b").add_handler(handler.clone());
        assert_eq!(
            registry.all_handlers().len(),
            1,
            "shared handler counted once"
        );
        registry.shutdown();
        assert!(registry.all_handlers().is_empty());
    }

    /// A buffered file handler with the given pattern, on `registry`'s root at INFO.
    fn buffered_file(registry: &Registry, dir: &std::path::Path) -> std::path::PathBuf {
        let path = dir.join("app.log");
        let options = HandlerOptions::default().formatter(Formatter::new("{message}").unwrap());
        let file = crate::logging::FileHandler::open(&path, options).unwrap();
        registry.root().set_handlers(vec![Arc::new(file)]);
        registry.root().set_level(Level::INFO);
        path
    }

    #[test]
    fn a_buffered_record_reaches_its_file_within_the_flush_interval_and_idle_means_no_flush() {
        let dir = tempfile::tempdir().unwrap();
        let registry = Registry::default();
        let path = buffered_file(&registry, dir.path());
        registry.flush_every(Some(Duration::from_millis(20)));
        assert_eq!(
            registry.timed_flushes(),
            0,
            "nothing logged, nothing flushed"
        );
        log(
            &registry.get_logger("talkdeck.study"),
            Level::INFO,
            "answered",
        );
        let flushes = registry.wait_for_timed_flush(0, Duration::from_secs(30));
        assert!(flushes >= 1, "the flusher ran");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "answered\n");
        // Five intervals with nothing logged: the thread stays asleep.
        assert_eq!(
            registry.wait_for_timed_flush(flushes, Duration::from_millis(100)),
            flushes,
            "an idle process is not woken"
        );
        // A burst is flushed once an interval, not once a record.
        for n in 0..2000 {
            log(
                &registry.get_logger("talkdeck.study"),
                Level::INFO,
                &n.to_string(),
            );
        }
        let after = registry.wait_for_timed_flush(flushes, Duration::from_secs(30));
        assert!(after > flushes);
        assert!(
            (after - flushes) < 100,
            "{} flushes for 2000 records",
            after - flushes
        );
        registry.shutdown();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap().lines().count(),
            2001
        );
    }

    #[test]
    fn a_logger_flushes_the_handlers_its_records_reach() {
        let dir = tempfile::tempdir().unwrap();
        let registry = Registry::default();
        let path = buffered_file(&registry, dir.path());
        let logger = registry.get_logger("talkdeck.study.session");
        log(&logger, Level::INFO, "answered greetings/hi/produce");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "",
            "INFO is buffered (the file writes through at WARNING)"
        );
        logger.flush();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "answered greetings/hi/produce\n"
        );
    }

    #[test]
    fn dropping_a_registry_stops_its_flusher() {
        let registry = Registry::default();
        registry.flush_every(Some(Duration::from_millis(5)));
        let signal = registry.flusher_slot().clone().unwrap();
        drop(registry);
        // The thread ends: waiting returns at once with the flushes it did.
        assert_eq!(
            signal.wait_for_flush(u64::MAX - 1, Duration::from_secs(30)),
            0
        );
    }
}
