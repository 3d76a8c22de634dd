//! The null handler: accepts records and does nothing (Python's `NullHandler`), for libraries that
//! want to silence the "no handler" default, and for measuring the cost of the logging path itself.

use std::io;

use super::{Handler, HandlerCore, HandlerOptions};
use crate::logging::Record;

/// Drops every record (Python's `NullHandler`): a library's way to say "no output unless
/// configured".
#[derive(Debug)]
pub struct NullHandler {
    core: HandlerCore,
}

impl Default for NullHandler {
    fn default() -> NullHandler {
        NullHandler {
            core: HandlerCore::new("null", HandlerOptions::default()),
        }
    }
}

impl Handler for NullHandler {
    fn core(&self) -> &HandlerCore {
        &self.core
    }

    fn emit(&self, _record: &Record<'_>) -> io::Result<()> {
        Ok(())
    }
}
