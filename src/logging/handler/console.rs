//! The console handler: one `write` per record to stderr (default) or stdout, under the stream's lock,
//! so lines from several threads never interleave.

use std::io::{self, Write};

use super::{Handler, HandlerCore, HandlerOptions};
use crate::logging::Record;

/// Which standard stream a console handler writes to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub enum Stream {
    /// Standard error: the default, as in Python.
    #[default]
    Stderr,
    /// Standard output.
    Stdout,
}

/// Writes each record as one line to stderr or stdout (Python's `StreamHandler`).
#[derive(Debug)]
pub struct ConsoleHandler {
    core: HandlerCore,
    stream: Stream,
}

impl ConsoleHandler {
    /// A handler writing to `stream`.
    pub fn new(stream: Stream, options: HandlerOptions) -> ConsoleHandler {
        let name = match stream {
            Stream::Stderr => "console (stderr)",
            Stream::Stdout => "console (stdout)",
        };
        ConsoleHandler {
            core: HandlerCore::new(name, options),
            stream,
        }
    }

    /// A handler writing to standard error.
    pub fn stderr(options: HandlerOptions) -> ConsoleHandler {
        ConsoleHandler::new(Stream::Stderr, options)
    }
}

impl Handler for ConsoleHandler {
    fn core(&self) -> &HandlerCore {
        &self.core
    }

    fn emit(&self, record: &Record<'_>) -> io::Result<()> {
        self.core.with_line(record, |line| match self.stream {
            Stream::Stderr => io::stderr().lock().write_all(line),
            Stream::Stdout => io::stdout().lock().write_all(line),
        })
    }

    fn flush_buffers(&self) -> io::Result<()> {
        match self.stream {
            Stream::Stderr => io::stderr().flush(),
            Stream::Stdout => io::stdout().flush(),
        }
    }
}
