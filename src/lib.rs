//! talkdeck: spaced-repetition flashcards for English small talk, for Chinese speakers.
//!
//! The crate is cut into parts that each own one thing (see `ARCHITECTURE.md`): [`logging`] is the
//! leveled logging core and knows nothing about flashcards; [`cli`] is the command line.

#[macro_use]
pub mod logging;

/// The path the logging macros reach the core through, wherever it lives (see `logging::macros`).
#[doc(hidden)]
pub use logging::__private as __logging_private;

/// The logger all of talkdeck's own records are under (`talkdeck.study.session`, …). Any other
/// logger is a dependency's, arriving through the `log` bridge (`winit…`, `egui…`, `tracing…`).
pub const OWN_LOGGER: &str = "talkdeck";

/// Whether a logger is talkdeck's own rather than a dependency's.
pub fn is_own_logger(name: &str) -> bool {
    name.strip_prefix(OWN_LOGGER)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

pub mod cli;
pub mod deck;
pub mod files;
pub mod speech;
pub mod srs;
pub mod stats;
pub mod store;
pub mod study;
pub mod ui;
