//! The data folder: where talkdeck keeps what the learner makes, and how it writes it.
//!
//! This version holds the folder layout, atomic writes, the review journal and the instance lock; the
//! snapshot of derived states is still to come; `settings.ron` is here. Everything talkdeck writes lives in
//! subfolders or under names of its own, apart from eframe's `app.ron`, which shares the folder.

mod atomic;
mod data;
mod journal;
mod lock;
mod paths;
mod settings;
mod snapshot;

pub use atomic::write_atomic;
pub use data::{OpenError, ReviewLog, SetSettingsError, Store};
pub use journal::{
    CorruptLine, Entry, Journal, JournalBytes, ReviewRow, Rows, StudyMode, new_entry_id,
    replay_rows, report_corrupt,
};
pub use lock::{DataLock, LockError};
pub use paths::DataDir;
pub use settings::{Language, Settings, SettingsError, Theme, parse_step};
