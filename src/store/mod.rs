//! The data folder: where talkdeck keeps what the learner makes, and how it writes it — the folder
//! layout, atomic writes, the instance lock, `settings.ron`, the review journal (the truth), the
//! snapshot of derived states (a cache), and the opened [`Store`] that replays one into the other.
//! Everything talkdeck writes lives under names of its own; eframe's `window.ron` shares the folder.

mod atomic;
mod data;
mod index;
mod journal;
mod lock;
mod paths;
mod settings;
mod snapshot;

pub use atomic::write_atomic;
pub use data::{OpenError, ReviewLog, SetSettingsError, Store};
pub use journal::{
    Access, CorruptLine, Entry, Journal, JournalBytes, Replayed, ReviewRow, Rows, StudyMode,
    StudyMore, new_entry_id, replay_rows, report_corrupt,
};
pub use lock::{DataLock, LockError};
pub use paths::DataDir;
pub use settings::{Language, MAX_SETTINGS_BYTES, Settings, SettingsError, Theme, parse_step};
