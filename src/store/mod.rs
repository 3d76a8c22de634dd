//! The data folder: where talkdeck keeps what the learner makes, and how it writes it — the folder
//! layout (shared, and this computer's own folder in it), atomic writes, the lock, `settings.ron`,
//! the review journal (the truth), the snapshot of derived states (a cache), and the opened
//! [`Store`] that replays one into the other.
//!
//! Inside: `entry` (the journal's records, no I/O), `lines` (reading journal lines, no I/O),
//! `derived` (the state replayed from them, no I/O), `journal` (the file: open, append, torn-tail
//! repair), `snapshot`, `settings`, `lock`, `paths`, and `open` + `data` + `fitted`: the [`Store`]
//! façade that ties them together.

mod arrivals;
mod data;
mod derived;
mod device;
mod entry;
mod fitted;
pub use fitted::training_set;
mod index;
mod journal;
mod lines;
mod lock;
mod merge;
mod open;
mod paths;
mod settings;
mod snapshot;
mod sources;
pub use sources::other_journals;

/// Atomic writes live in `files`, so `deck` can save a deck; the store's files use them from here.
pub use crate::files::write_atomic;
pub use arrivals::Arrivals;
pub use data::{SetSettingsError, Store, Undone, UndoneKind};
pub use device::{Device, DeviceRecord};
pub use entry::{
    Entry, Fitted, MAX_FLAG, Mark, Marks, ReviewLog, StudyMode, StudyMore, new_entry_id,
};
pub use lock::{DataLock, LockError};
pub use open::{LoadedSettings, OpenError, OpenOptions};
pub use paths::{DataDir, device_name};
pub use settings::{Language, MAX_SETTINGS_BYTES, Settings, SettingsError, Theme, parse_step};
