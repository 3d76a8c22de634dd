//! Speaking a phrase, playing and recording audio, through the programs the system already has
//! (child processes, found at start-up, all optional): no system library is needed to build,
//! and nothing is ever run through a shell. Nothing here knows about egui or flashcards.
//!
//! - [`Found::discover`] finds the engine (a configured command, `spd-say`, `espeak-ng`, macOS
//!   `say`, Windows PowerShell), the player and the recorder.
//! - [`Speech`] is the handle: its worker thread synthesises each phrase once into this
//!   computer's [`Cache`] (where the engine can write WAV), plays it with the system's player,
//!   stops any program at its time limit, and records the learner for shadowing.

mod cache;
mod command;
mod config;
mod decode;
mod engine;
mod run;
mod speaker;
mod tools;
pub mod wav;

pub use cache::{CACHE_LIMIT_BYTES, Cache};
pub use command::{Fill, Invocation, PLACEHOLDERS, command_problem, fill, split_command};
pub use config::{EngineChoice, SpeechSettings, Speed};
pub use decode::{MAX_RECORDING_BYTES, MAX_RECORDING_SECONDS, decode_to_wav};
pub use engine::{Engine, EngineKind, Voice, default_voice};
pub use run::{Ended, RunError, Running, run_to_end};
pub use speaker::{
    Activity, Event, Limits, Setup, Speech, Status, Utterance, Waker, recording_text,
    recording_text_path,
};
pub use tools::{
    Finder, Found, SharedFinder, Tool, find_on_path, find_player, find_recorder, install_hint,
};
