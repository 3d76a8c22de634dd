//! talkdeck: spaced-repetition flashcards for English small talk, for Chinese speakers.
//!
//! The crate is cut into parts that each own one thing (see `ARCHITECTURE.md`): [`logging`] is the
//! leveled logging core and knows nothing about flashcards; [`cli`] is the command line.

#[macro_use]
pub mod logging;

pub mod cli;
pub mod deck;
pub mod srs;
pub mod stats;
pub mod store;
pub mod study;
pub mod ui;
