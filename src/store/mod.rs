//! The data folder: where talkdeck keeps what the learner makes, and how it writes it.
//!
//! This version holds the folder layout and atomic writes; the review journal, the snapshot, settings
//! and the instance lock arrive with the scheduler issue. Everything talkdeck writes lives in
//! subfolders or under names of its own, apart from eframe's `app.ron`, which shares the folder.

mod atomic;
mod paths;

pub use atomic::write_atomic;
pub use paths::DataDir;
