//! The journal's records, with no I/O: an entry as one line of `journal.ron` holds it, and a review
//! as the derived state keeps it.

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::deck::ItemId;
use crate::srs::{Phase, Rating};

/// How a card was asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StudyMode {
    /// Show the answer, grade yourself.
    #[default]
    Flip,
    /// Type the answer; it is checked.
    Type,
    /// Pick one of four.
    Choice,
}

/// One line of the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    /// An answer.
    Review {
        /// Unique across devices, so journals merge by union.
        id: String,
        item: ItemId,
        /// UTC time of the answer, ms since the Unix epoch.
        at: i64,
        rating: Rating,
        /// Time taken to answer, ms.
        ms: u32,
        mode: StudyMode,
    },
    /// Takes back an answer (Ctrl+Z).
    Undo {
        id: String,
        /// The id of the review taken back.
        review: String,
        at: i64,
    },
    /// "Study more": beyond today's limits, for the study day of `at` ([`StudyMore`]).
    StudyMore {
        id: String,
        at: i64,
        #[serde(default)]
        decks: Vec<String>,
        #[serde(default)]
        new: u32,
        #[serde(default)]
        ahead_days: u32,
    },
}

/// Study beyond today's limits, asked for on one day: more new items, or the reviews that fall due
/// in the next days. A journal entry ([`Entry::StudyMore`]), so every count agrees after a restart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudyMore {
    pub id: String,
    /// UTC ms since the Unix epoch; the extension holds for that study day.
    pub at: i64,
    /// The decks it applies to; empty means every deck.
    pub decks: Vec<String>,
    /// New items allowed on top of the day's limits.
    pub new: u32,
    /// Reviews due up to this many days after today may be studied today.
    pub ahead_days: u32,
}

impl StudyMore {
    /// The journal entry that records it.
    pub fn entry(&self) -> Entry {
        Entry::StudyMore {
            id: self.id.clone(),
            at: self.at,
            decks: self.decks.clone(),
            new: self.new,
            ahead_days: self.ahead_days,
        }
    }

    /// Whether it applies to `deck`.
    pub fn covers(&self, deck: &str) -> bool {
        self.decks.is_empty() || self.decks.iter().any(|d| d == deck)
    }
}

/// A new entry id: the time in hex and 64 random bits, unique across processes and devices.
pub fn new_entry_id(at_ms: i64) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // RandomState is seeded from the OS's randomness; hashing a counter gives fresh random bits.
    let random = RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{at_ms:x}-{random:016x}")
}

/// One review, compactly: the item as an index into the store's item ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewLog {
    pub item: u32,
    /// UTC ms since the Unix epoch.
    pub at: i64,
    pub rating: Rating,
    /// Time taken, ms.
    pub taken_ms: u32,
    /// The item's phase before this answer was New.
    pub was_new: bool,
    /// The item's phase before this answer.
    pub phase_before: Phase,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn entry_ids_are_unique() {
        let ids: HashSet<String> = (0..10_000).map(|_| new_entry_id(5)).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
