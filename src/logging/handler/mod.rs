//! Handlers: where records go. Each has its own level, filters and formatter in a [`HandlerCore`],
//! and one job, [`Handler::emit`].
//!
//! A handler that fails — disk full, folder gone, server down, even a panicking `Display` in a
//! message — never panics into the caller and never stops the other handlers: [`handle`] catches the
//! failure, the core prints the first one on stderr and counts the rest (Python's `handleError`), and
//! [`close`] reports the total.

use std::cell::RefCell;
use std::fmt;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::filter::{Filter, chain_accepts};
use super::sync::lock;
use super::{Formatter, Level, Record, Registry};

mod channel;
mod console;
mod file;
mod http;
mod log_file;
mod memory;
mod null;
mod queue;
mod schedule;
mod size;

pub use console::{ConsoleHandler, Stream};
pub use file::{FileHandler, Rollover, RotatingFileHandler, TimedRotatingFileHandler};
pub use http::{HttpHandler, HttpOptions};
pub use memory::{MemoryHandler, Subscription};
pub use null::NullHandler;
pub use queue::{OverflowPolicy, QueueHandler};
pub use schedule::{Schedule, When};

/// A destination for records.
///
/// A handler implements [`Handler::core`], [`Handler::emit`] and, if it buffers or holds
/// resources, [`Handler::flush_buffers`] and [`Handler::release`]. Callers flush and close it
/// through [`HandlerExt::flush`] and [`HandlerExt::close`] (or [`flush`] and [`close`], which also
/// report a failure): those never panic, and are the one way to flush or close a handler.
pub trait Handler: Send + Sync {
    /// The level, filters, formatter and error count.
    fn core(&self) -> &HandlerCore;

    /// Writes one record that has passed the level and filters.
    fn emit(&self, record: &Record<'_>) -> io::Result<()>;

    /// This handler's own flushing: pushes buffered records to their destination. Called through
    /// [`HandlerExt::flush`]; call that instead.
    fn flush_buffers(&self) -> io::Result<()> {
        Ok(())
    }

    /// This handler's own closing: flushes and releases resources (files, threads). Called through
    /// [`HandlerExt::close`]; call that instead.
    fn release(&self) -> io::Result<()> {
        self.flush_buffers()
    }

    /// Tells the handler the program name its messages on stderr begin with: the name set on the
    /// registry it is attached to ([`Registry::set_program_name`](super::Registry::set_program_name)).
    /// A handler that feeds others passes it on.
    fn set_program_name(&self, name: &Arc<str>) {
        self.core().set_program_name(name);
    }
}

/// Flushing and closing any [`Handler`], panics caught: a panic in [`Handler::flush_buffers`] or
/// [`Handler::release`] comes back as an error saying what was under way.
///
/// It is implemented for every handler and can be implemented for nothing else, so no handler can
/// replace these with versions that panic: writing `impl HandlerExt for MyHandler` is a compile
/// error (E0119, conflicting implementations).
///
/// ```compile_fail,E0119
/// use talkdeck::logging::{Handler, HandlerCore, HandlerExt, Record};
///
/// struct Mine(HandlerCore);
///
/// impl Handler for Mine {
///     fn core(&self) -> &HandlerCore {
///         &self.0
///     }
///     fn emit(&self, _: &Record<'_>) -> std::io::Result<()> {
///         Ok(())
///     }
/// }
///
/// impl HandlerExt for Mine {
///     fn flush(&self) -> std::io::Result<()> {
///         panic!("not caught")
///     }
///     fn close(&self) -> std::io::Result<()> {
///         Ok(())
///     }
/// }
/// ```
pub trait HandlerExt: Handler {
    /// Pushes buffered records to their destination ([`Handler::flush_buffers`]). Never panics.
    fn flush(&self) -> io::Result<()>;

    /// Flushes and releases resources ([`Handler::release`]); called when the handler is replaced
    /// or at shutdown. Records handled after `close` may be dropped. Never panics.
    fn close(&self) -> io::Result<()>;
}

impl<H: Handler + ?Sized> HandlerExt for H {
    fn flush(&self) -> io::Result<()> {
        guarded("flushing", || self.flush_buffers())
    }

    fn close(&self) -> io::Result<()> {
        guarded("closing", || self.release())
    }
}

/// Runs `f`, turning a panic into an error that says what was under way.
fn guarded(what: &str, f: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(io::Error::other(format!("panicked while {what}"))))
}

/// Passes `record` to `handler` if its level and filters allow, reporting any failure instead of
/// returning it: a log call never fails.
pub fn handle(handler: &dyn Handler, record: &Record<'_>) {
    let core = handler.core();
    if !core.accepts(record) {
        return;
    }
    if let Err(err) = guarded("writing a record", || handler.emit(record)) {
        core.report_error(&err);
    }
}

/// Flushes `handler` ([`HandlerExt::flush`]), reporting a failure instead of returning it.
pub fn flush(handler: &dyn Handler) {
    if let Err(err) = handler.flush() {
        handler.core().report_error(&err);
    }
}

/// Closes `handler` ([`HandlerExt::close`]), reporting a failure and the handler's total error count.
pub fn close(handler: &dyn Handler) {
    let core = handler.core();
    if let Err(err) = handler.close() {
        core.report_error(&err);
    }
    let errors = core.error_count();
    if errors > 1 {
        eprintln!(
            "{} logging: handler {} failed {errors} times in all",
            core.program_name(),
            core.name()
        );
    }
}

/// Hands `handler` one record made now on this thread, as a logger would: the handlers' tests
/// share it.
#[cfg(test)]
pub(crate) fn handle_test_record(
    handler: &dyn Handler,
    level: Level,
    logger: &str,
    message: &str,
    fields: &[super::Field<'_>],
) {
    super::ThreadInfo::with_current(|thread| {
        handle(
            handler,
            &Record {
                time: std::time::SystemTime::UNIX_EPOCH,
                level,
                logger,
                args: format_args!("{message}"),
                location: &super::Location::UNKNOWN,
                thread,
                fields,
            },
        )
    });
}

/// Options every handler takes: level, formatter, filters.
#[derive(Clone, Default)]
pub struct HandlerOptions {
    /// The handler's own level (default NOTSET: every record its loggers pass on).
    pub level: Option<Level>,
    /// How records are written (default `{message}`, as in Python; JSON for the HTTP handler).
    pub formatter: Option<Formatter>,
    /// Filters every record must pass, in order.
    pub filters: Vec<Arc<dyn Filter>>,
}

impl HandlerOptions {
    /// Sets the handler's level.
    pub fn level(mut self, level: Level) -> HandlerOptions {
        self.level = Some(level);
        self
    }

    /// Sets the formatter.
    pub fn formatter(mut self, formatter: Formatter) -> HandlerOptions {
        self.formatter = Some(formatter);
        self
    }

    /// Adds a filter.
    pub fn filter(mut self, filter: impl Filter + 'static) -> HandlerOptions {
        self.filters.push(Arc::new(filter));
        self
    }

    /// Adds a filter shared with other handlers or loggers.
    pub fn shared_filter(mut self, filter: Arc<dyn Filter>) -> HandlerOptions {
        self.filters.push(filter);
        self
    }
}

impl fmt::Debug for HandlerOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandlerOptions")
            .field("level", &self.level)
            .field("formatter", &self.formatter)
            .field("filters", &self.filters.len())
            .finish()
    }
}

/// What every handler has: a name for error messages, a level, filters, a formatter, an error count,
/// and the program name its messages begin with.
pub struct HandlerCore {
    name: String,
    level: AtomicU32,
    filters: Vec<Arc<dyn Filter>>,
    formatter: Formatter,
    errors: AtomicU64,
    /// Set when the handler is attached to a registry; until then the global registry's is used.
    program: Mutex<Option<Arc<str>>>,
}

impl HandlerCore {
    /// A core named `name` (shown in error reports, e.g. `file /var/log/x.log`). With no formatter
    /// given, records render as `{message}`, as Python's handlers do.
    pub fn new(name: impl Into<String>, options: HandlerOptions) -> HandlerCore {
        let formatter = match options.formatter {
            Some(formatter) => formatter,
            None => Formatter::new("{message}").unwrap_or_default(),
        };
        HandlerCore {
            name: name.into(),
            level: AtomicU32::new(options.level.unwrap_or(Level::NOTSET).value()),
            filters: options.filters,
            formatter,
            errors: AtomicU64::new(0),
            program: Mutex::new(None),
        }
    }

    /// The name error reports give the handler.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The handler's own level.
    pub fn level(&self) -> Level {
        Level::new(self.level.load(Ordering::Relaxed))
    }

    /// Changes the handler's own level.
    pub fn set_level(&self, level: Level) {
        self.level.store(level.value(), Ordering::Relaxed);
    }

    /// How the handler writes records.
    pub fn formatter(&self) -> &Formatter {
        &self.formatter
    }

    /// The program name this handler's messages on stderr begin with: that of the registry it is
    /// attached to, else the global registry's.
    pub fn program_name(&self) -> Arc<str> {
        match lock(&self.program).as_ref() {
            Some(name) => Arc::clone(name),
            None => Registry::global().program_name(),
        }
    }

    /// Sets the program name (see [`Handler::set_program_name`]).
    pub fn set_program_name(&self, name: &Arc<str>) {
        *lock(&self.program) = Some(Arc::clone(name));
    }

    /// Whether the record passes this handler's level and filters.
    pub fn accepts(&self, record: &Record<'_>) -> bool {
        record.level >= self.level() && chain_accepts(&self.filters, record)
    }

    /// How many failures this handler has had.
    pub fn error_count(&self) -> u64 {
        self.errors.load(Ordering::Relaxed)
    }

    /// Counts a failure and prints the first one on stderr; later ones are only counted, so a broken
    /// disk cannot flood the terminal.
    pub fn report_error(&self, err: &dyn fmt::Display) {
        let count = self.errors.fetch_add(1, Ordering::Relaxed) + 1;
        if count == 1 {
            eprintln!(
                "{} logging: handler {} failed: {err} (further failures are counted, not printed)",
                self.program_name(),
                self.name
            );
        }
    }

    /// Formats `record` with this core's formatter into a reused per-thread buffer, adds `\n`, and
    /// hands the line to `write`. Formatting happens before any lock the caller takes.
    pub fn with_line<R>(&self, record: &Record<'_>, write: impl FnOnce(&[u8]) -> R) -> R {
        thread_local! {
            static LINE: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(256));
        }
        LINE.with(|cell| match cell.try_borrow_mut() {
            Ok(mut line) => {
                line.clear();
                self.formatter.format(record, &mut line);
                line.push(b'\n');
                let result = write(&line);
                if line.capacity() > 64 * 1024 {
                    *line = Vec::with_capacity(256);
                }
                result
            }
            Err(_) => {
                let mut line = Vec::with_capacity(256);
                self.formatter.format(record, &mut line);
                line.push(b'\n');
                write(&line)
            }
        })
    }
}

impl fmt::Debug for HandlerCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandlerCore")
            .field("name", &self.name)
            .field("level", &self.level())
            .field("errors", &self.error_count())
            .finish_non_exhaustive()
    }
}
