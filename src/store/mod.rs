//! The data folder: where talkdeck keeps what the learner makes, and how it writes it.
//!
//! This version holds the folder layout, atomic writes, the review journal and the instance lock; the
//! snapshot of derived states and `settings.ron` are still to come. Everything talkdeck writes lives in
//! subfolders or under names of its own, apart from eframe's `app.ron`, which shares the folder.

mod atomic;
mod journal;
mod lock;
mod paths;

pub use atomic::write_atomic;
pub use journal::{
    Contents, CorruptLine, Entry, Journal, StudyMode, effective_reviews, new_entry_id,
    parse_journal,
};
pub use lock::{DataLock, LockError};
pub use paths::DataDir;
