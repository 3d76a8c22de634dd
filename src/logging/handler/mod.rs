//! Handlers: where records go. Each has its own level, filters and formatter in a [`HandlerCore`],
//! and one job, [`Handler::emit`].
//!
//! A handler that fails — disk full, folder gone, server down, even a panicking `Display` in a
//! message — never panics into the caller and never stops the other handlers: [`handle`] catches the
//! failure, the core prints the first one on stderr and counts the rest (Python's `handleError`), and
//! [`Handler::close`] reports the total.

use std::cell::RefCell;
use std::fmt;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use super::filter::{Filter, chain_accepts};
use super::{Formatter, Level, Record};

mod console;
mod file;
mod http;
mod memory;
mod null;
mod queue;
mod rotating;
mod timed;

pub use console::{ConsoleHandler, Stream};
pub use file::FileHandler;
pub use http::{HttpHandler, HttpOptions};
pub use memory::{MemoryHandler, Subscription};
pub use null::NullHandler;
pub use queue::{OverflowPolicy, QueueHandler};
pub use rotating::RotatingFileHandler;
pub use timed::{Schedule, TimedRotatingFileHandler, When};

/// A destination for records.
pub trait Handler: Send + Sync {
    /// The level, filters, formatter and error count.
    fn core(&self) -> &HandlerCore;

    /// Writes one record that has passed the level and filters.
    fn emit(&self, record: &Record<'_>) -> io::Result<()>;

    /// Pushes buffered records to their destination.
    fn flush(&self) -> io::Result<()> {
        Ok(())
    }

    /// Flushes and releases resources (files, threads); called when the handler is replaced or at
    /// shutdown. Records handled after `close` may be dropped.
    fn close(&self) -> io::Result<()> {
        self.flush()
    }
}

/// Passes `record` to `handler` if its level and filters allow, reporting any failure instead of
/// returning it: a log call never fails.
pub fn handle(handler: &dyn Handler, record: &Record<'_>) {
    let core = handler.core();
    if !core.accepts(record) {
        return;
    }
    match catch_unwind(AssertUnwindSafe(|| handler.emit(record))) {
        Ok(Ok(())) => {}
        Ok(Err(err)) => core.report_error(&err),
        Err(_) => core.report_error(&"panicked while writing a record"),
    }
}

/// Flushes `handler`, reporting a failure instead of returning it.
pub fn flush(handler: &dyn Handler) {
    match catch_unwind(AssertUnwindSafe(|| handler.flush())) {
        Ok(Ok(())) => {}
        Ok(Err(err)) => handler.core().report_error(&err),
        Err(_) => handler.core().report_error(&"panicked while flushing"),
    }
}

/// Closes `handler`, reporting a failure and the handler's total error count.
pub fn close(handler: &dyn Handler) {
    match catch_unwind(AssertUnwindSafe(|| handler.close())) {
        Ok(Ok(())) => {}
        Ok(Err(err)) => handler.core().report_error(&err),
        Err(_) => handler.core().report_error(&"panicked while closing"),
    }
    let core = handler.core();
    let errors = core.error_count();
    if errors > 1 {
        eprintln!(
            "talkdeck logging: handler {} failed {errors} times in all",
            core.name()
        );
    }
}

/// Options every handler takes: level, formatter, filters.
#[derive(Clone, Default)]
pub struct HandlerOptions {
    pub level: Option<Level>,
    pub formatter: Option<Formatter>,
    pub filters: Vec<Arc<dyn Filter>>,
}

impl HandlerOptions {
    pub fn level(mut self, level: Level) -> HandlerOptions {
        self.level = Some(level);
        self
    }

    pub fn formatter(mut self, formatter: Formatter) -> HandlerOptions {
        self.formatter = Some(formatter);
        self
    }

    pub fn filter(mut self, filter: impl Filter + 'static) -> HandlerOptions {
        self.filters.push(Arc::new(filter));
        self
    }

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

/// What every handler has: a name for error messages, a level, filters, a formatter, an error count.
pub struct HandlerCore {
    name: String,
    level: AtomicU32,
    filters: Vec<Arc<dyn Filter>>,
    formatter: Formatter,
    errors: AtomicU64,
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
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn level(&self) -> Level {
        Level::new(self.level.load(Ordering::Relaxed))
    }

    pub fn set_level(&self, level: Level) {
        self.level.store(level.value(), Ordering::Relaxed);
    }

    pub fn formatter(&self) -> &Formatter {
        &self.formatter
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
                "talkdeck logging: handler {} failed: {err} (further failures are counted, not printed)",
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
