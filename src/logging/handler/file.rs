//! The file handler: appends records to one file, with a rollover policy — none (Python's
//! `FileHandler`), by size (`RotatingFileHandler`, [`size`](super::size)) or by schedule
//! (`TimedRotatingFileHandler`, [`schedule`](super::schedule)). The Python-named types are thin
//! wrappers that open a [`FileHandler`] with their policy.
//!
//! Lines are formatted outside the lock and copied into a 64 KiB buffer under it ([`LogFile`]); the
//! buffer goes to the file when full, on a record at the flush level (WARNING by default), on
//! `flush()` and at close. Rotation happens under the same lock, between records, so no record is
//! ever split across files. A failed rotation is reported and the record is still written, to the
//! current file.

use std::io;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::log_file::LogFile;
use super::schedule::{Schedule, TimedRollover};
use super::size::{SizeRollover, backup_path};
use super::{Handler, HandlerCore, HandlerOptions};
use crate::logging::sync::lock;
use crate::logging::{Level, Record};

/// When a file handler starts a new file.
#[derive(Clone, Debug)]
pub enum Rollover {
    /// Never: one file that grows.
    Never,
    /// When the next record would take the file past `max_bytes`: `name.log` becomes
    /// `name.log.1`, older backups move up one, and those beyond `backup_count` are deleted. With
    /// either 0 the file never rotates (Python's rule).
    Size {
        /// The largest the live file grows to, unless one record alone is larger.
        max_bytes: u64,
        /// How many backups to keep.
        backup_count: u32,
    },
    /// On a schedule: at the end of each period the file is renamed after the period it covers.
    Schedule(Schedule),
}

/// The policy with its running state.
enum Policy {
    Never,
    Size(SizeRollover),
    Schedule(TimedRollover),
}

/// The file and its policy, behind the handler's lock. Aligned to a cache line of its own: every
/// thread that logs takes the lock, and every thread reads the handler's level first, so the two
/// must not share a line (with them together, four threads wrote 4 % fewer records a second).
#[repr(align(64))]
struct State {
    file: LogFile,
    policy: Policy,
}

/// Appends records to one file, rolling over to a new one by its [`Rollover`] policy.
pub struct FileHandler {
    core: HandlerCore,
    flush_level: Level,
    state: Mutex<State>,
}

impl std::fmt::Debug for FileHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = lock(&self.state);
        let mut debug = f.debug_struct("FileHandler");
        debug
            .field("core", &self.core)
            .field("path", &state.file.path());
        match &state.policy {
            Policy::Never => {}
            Policy::Size(size) => {
                debug.field("rollover", size);
            }
            Policy::Schedule(timed) => {
                debug.field("rollover", timed.schedule());
            }
        }
        debug.finish_non_exhaustive()
    }
}

impl FileHandler {
    /// Opens `path` for appending now, so a bad path is known at configuration time; the file never
    /// rolls over.
    pub fn open(path: impl AsRef<Path>, options: HandlerOptions) -> io::Result<FileHandler> {
        FileHandler::open_with(path, Rollover::Never, options)
    }

    /// Opens `path` for appending now, rolling over by `rollover`. With a schedule, a file that
    /// already has content belongs to the period its last change fell in, so a log left from
    /// yesterday is rotated under yesterday's date on the first record today.
    pub fn open_with(
        path: impl AsRef<Path>,
        rollover: Rollover,
        options: HandlerOptions,
    ) -> io::Result<FileHandler> {
        let path = path.as_ref();
        let file = LogFile::open(path)?;
        let (kind, policy) = match rollover {
            Rollover::Never => ("file", Policy::Never),
            Rollover::Size {
                max_bytes,
                backup_count,
            } => (
                "rotating file",
                Policy::Size(SizeRollover {
                    max_bytes,
                    backup_count,
                }),
            ),
            Rollover::Schedule(schedule) => (
                "timed rotating file",
                Policy::Schedule(TimedRollover::start(schedule, &file)),
            ),
        };
        Ok(FileHandler {
            core: HandlerCore::new(format!("{kind} {}", path.display()), options),
            flush_level: Level::WARNING,
            state: Mutex::new(State { file, policy }),
        })
    }

    /// Records at this level and above are written through to the file at once (default WARNING).
    pub fn with_flush_level(mut self, level: Level) -> FileHandler {
        self.flush_level = level;
        self
    }

    /// The live file's path.
    pub fn path(&self) -> PathBuf {
        lock(&self.state).file.path().to_path_buf()
    }

    /// The rotated files that exist now, oldest first (none without a rollover policy).
    pub fn rotated_files(&self) -> io::Result<Vec<PathBuf>> {
        let state = lock(&self.state);
        match &state.policy {
            Policy::Never => Ok(Vec::new()),
            Policy::Size(size) => Ok(size.list_rotated(state.file.path())),
            Policy::Schedule(timed) => timed.list_rotated(state.file.path()),
        }
    }
}

impl Handler for FileHandler {
    fn core(&self) -> &HandlerCore {
        &self.core
    }

    fn emit(&self, record: &Record<'_>) -> io::Result<()> {
        let flush = record.level >= self.flush_level;
        self.core.with_line(record, |line| {
            let mut state = lock(&self.state);
            let State { file, policy } = &mut *state;
            let rolled = match policy {
                Policy::Never => Ok(()),
                Policy::Size(size) => size.roll_if_due(file, line.len()),
                Policy::Schedule(timed) => timed.roll_if_due(file),
            };
            file.write_line(line, flush)?;
            rolled
        })
    }

    fn flush_buffers(&self) -> io::Result<()> {
        lock(&self.state).file.flush()
    }

    fn release(&self) -> io::Result<()> {
        lock(&self.state).file.close()
    }
}

/// Defines a Python-named wrapper of [`FileHandler`]: the type, `with_flush_level`, and the
/// [`Handler`] and [`Deref`] impls that hand everything else to the file handler.
macro_rules! python_named_file_handler {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name(FileHandler);

        impl $name {
            /// Records at this level and above are written through at once (default WARNING).
            pub fn with_flush_level(self, level: Level) -> $name {
                $name(self.0.with_flush_level(level))
            }

            /// The file handler it is.
            pub fn into_inner(self) -> FileHandler {
                self.0
            }
        }

        impl Deref for $name {
            type Target = FileHandler;

            fn deref(&self) -> &FileHandler {
                &self.0
            }
        }

        impl Handler for $name {
            fn core(&self) -> &HandlerCore {
                self.0.core()
            }

            fn emit(&self, record: &Record<'_>) -> io::Result<()> {
                self.0.emit(record)
            }

            fn flush_buffers(&self) -> io::Result<()> {
                self.0.flush_buffers()
            }

            fn release(&self) -> io::Result<()> {
                self.0.release()
            }
        }
    };
}

python_named_file_handler!(
    /// A file handler that rolls over by size (Python's `RotatingFileHandler`).
    RotatingFileHandler
);

python_named_file_handler!(
    /// A file handler that rolls over on a schedule (Python's `TimedRotatingFileHandler`).
    TimedRotatingFileHandler
);

impl RotatingFileHandler {
    /// Opens `path` for appending, rolling over past `max_bytes` and keeping `backup_count`
    /// backups ([`Rollover::Size`]).
    pub fn open(
        path: impl AsRef<Path>,
        max_bytes: u64,
        backup_count: u32,
        options: HandlerOptions,
    ) -> io::Result<RotatingFileHandler> {
        let rollover = Rollover::Size {
            max_bytes,
            backup_count,
        };
        FileHandler::open_with(path, rollover, options).map(RotatingFileHandler)
    }

    /// `name.log.N` for backup `n`.
    pub fn backup_path(path: &Path, n: u32) -> PathBuf {
        backup_path(path, n)
    }
}

impl TimedRotatingFileHandler {
    /// Opens `path` for appending, rolling over by `schedule` ([`Rollover::Schedule`]).
    pub fn open(
        path: impl AsRef<Path>,
        schedule: Schedule,
        options: HandlerOptions,
    ) -> io::Result<TimedRotatingFileHandler> {
        FileHandler::open_with(path, Rollover::Schedule(schedule), options)
            .map(TimedRotatingFileHandler)
    }
}
