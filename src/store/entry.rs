//! The journal's records, with no I/O: an entry as one line of `journal.ron` holds it, a review as
//! the derived state keeps it, and an item's marks (suspended, buried, flagged).

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
    /// Hear the English, then see it (recognise and reply items; produce items are asked as in
    /// Flip and their answer is spoken).
    Listen,
}

impl StudyMode {
    pub const ALL: [StudyMode; 4] = [
        StudyMode::Flip,
        StudyMode::Type,
        StudyMode::Choice,
        StudyMode::Listen,
    ];
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
    /// Takes back an earlier entry (Ctrl+Z): an answer or a mark, and in replay any entry it
    /// names, whatever its kind.
    Undo {
        id: String,
        /// The id of the entry taken back, whatever its kind. The field keeps the name it had when
        /// only answers could be taken back, so every journal reads the same in every build.
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
    /// Suspends, buries or flags items, or takes that back ([`Mark`]). For each item, the latest
    /// mark of its kind in journal order wins.
    Mark {
        id: String,
        /// UTC ms since the Unix epoch; a bury holds for the study day of this time.
        at: i64,
        items: Vec<ItemId>,
        mark: Mark,
    },
    /// Carries progress from old items to new ones (a deck copied, cards moved): each new item
    /// continues from its old item's state, and the old item's reviews up to `at` count as the new
    /// item's, in the review log too. The new item takes the old item's marks; the old item starts
    /// again as new and unmarked. A new item with reviews of its own keeps them too: both
    /// histories count, in time order. Carries apply in journal order, each to the name the one
    /// before left.
    Carry {
        id: String,
        /// UTC ms since the Unix epoch: reviews at or before it are carried.
        at: i64,
        /// `(old, new)` pairs. An old item named twice is carried by its first pair only.
        map: Vec<(ItemId, ItemId)>,
    },
    /// Hides a deck from study (nothing of it is queued), or shows it again.
    HideDeck {
        id: String,
        at: i64,
        deck: String,
        hidden: bool,
    },
    /// FSRS parameters fitted to the learner's answers ([`Fitted`]): the latest one not undone
    /// (by time, then id) schedules every item, from the first answer on.
    Parameters {
        id: String,
        /// UTC ms since the Unix epoch.
        at: i64,
        /// FSRS-6's 21 parameters.
        parameters: Vec<f32>,
        /// How many answers they were fitted and evaluated on.
        reviews: u32,
        /// Their log loss on those answers.
        log_loss: f32,
        /// Their RMSE (bins) on those answers, 0–1.
        rmse: f32,
    },
    /// Spreads a backlog of overdue reviews over days ("coming back after a break"): `items` in
    /// the order they are studied (the least remembered first), `per_day` a day from the study day
    /// of `at` on. An item answered after `at` is its own again.
    Spread {
        id: String,
        at: i64,
        per_day: u32,
        items: Vec<ItemId>,
    },
}

impl Entry {
    /// The entry's id, whatever its kind.
    pub fn id(&self) -> &str {
        match self {
            Entry::Review { id, .. }
            | Entry::Undo { id, .. }
            | Entry::StudyMore { id, .. }
            | Entry::Mark { id, .. }
            | Entry::Carry { id, .. }
            | Entry::HideDeck { id, .. }
            | Entry::Parameters { id, .. }
            | Entry::Spread { id, .. } => id,
        }
    }

    /// When the entry was written, UTC ms since the Unix epoch, whatever its kind.
    pub fn at(&self) -> i64 {
        match self {
            Entry::Review { at, .. }
            | Entry::Undo { at, .. }
            | Entry::StudyMore { at, .. }
            | Entry::Mark { at, .. }
            | Entry::Carry { at, .. }
            | Entry::HideDeck { at, .. }
            | Entry::Parameters { at, .. }
            | Entry::Spread { at, .. } => *at,
        }
    }
}

/// The highest flag: Anki's seven colours are 1 to 7, and 0 is no flag.
pub const MAX_FLAG: u8 = 7;

/// What a [`Entry::Mark`] does to its items. Flags do not change scheduling; a suspended item is
/// never studied until it is unsuspended, a buried one not until its study day ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    Suspend,
    Unsuspend,
    /// Not studied again until the study day of the mark ends (the store's day clock).
    Bury,
    Unbury,
    /// Anki's colours: 1 red, 2 orange, 3 green, 4 blue, 5 pink, 6 turquoise, 7 purple; 0 clears
    /// the flag. Anything above [`MAX_FLAG`] is refused when written and a corrupt line when read.
    Flag(u8),
}

impl Mark {
    /// Why this mark cannot be recorded, if it cannot: a flag out of range.
    pub fn problem(self) -> Option<String> {
        match self {
            Mark::Flag(flag) if flag > MAX_FLAG => {
                Some(format!("flag {flag} is not one of 0 to {MAX_FLAG}"))
            }
            _ => None,
        }
    }

    /// Whether the mark takes its items out of study (for now or for the day).
    pub fn holds_back(self) -> bool {
        matches!(self, Mark::Suspend | Mark::Bury)
    }

    /// Lower-case words for messages: `suspend`, `flag 3`.
    pub fn describe(self) -> String {
        match self {
            Mark::Suspend => "suspend".into(),
            Mark::Unsuspend => "unsuspend".into(),
            Mark::Bury => "bury".into(),
            Mark::Unbury => "unbury".into(),
            Mark::Flag(0) => "flag cleared".into(),
            Mark::Flag(flag) => format!("flag {flag}"),
        }
    }
}

/// An item's marks as the journal leaves them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    /// Never studied until unsuspended.
    pub suspended: bool,
    /// The study day ([`DayClock::day`](crate::srs::DayClock::day)) the latest bury holds for;
    /// studied again from the next day's rollover on.
    pub buried_day: Option<i32>,
    /// 0 (none) to [`MAX_FLAG`].
    pub flag: u8,
}

impl Marks {
    /// Whether the item is buried on study day `day`.
    pub fn buried_on(&self, day: i32) -> bool {
        self.buried_day == Some(day)
    }

    /// Whether the item may be studied on study day `day`: neither suspended nor buried then.
    pub fn studied_on(&self, day: i32) -> bool {
        !self.suspended && !self.buried_on(day)
    }

    /// These marks after `mark`, made on study day `day`.
    pub fn with(self, mark: Mark, day: i32) -> Marks {
        match mark {
            Mark::Suspend => Marks {
                suspended: true,
                ..self
            },
            Mark::Unsuspend => Marks {
                suspended: false,
                ..self
            },
            Mark::Bury => Marks {
                buried_day: Some(day),
                ..self
            },
            Mark::Unbury => Marks {
                buried_day: None,
                ..self
            },
            Mark::Flag(flag) => Marks { flag, ..self },
        }
    }

    /// No marks at all (what an item never marked has).
    pub fn is_clear(&self) -> bool {
        *self == Marks::default()
    }
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
    /// The "Study more" a journal entry records, if it records one.
    pub fn of(entry: Entry) -> Option<StudyMore> {
        match entry {
            Entry::StudyMore {
                id,
                at,
                decks,
                new,
                ahead_days,
            } => Some(StudyMore {
                id,
                at,
                decks,
                new,
                ahead_days,
            }),
            _ => None,
        }
    }

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

/// FSRS parameters fitted to the learner's answers, as an [`Entry::Parameters`] records them.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub id: String,
    /// UTC ms since the Unix epoch.
    pub at: i64,
    /// FSRS-6's 21 parameters.
    pub parameters: Vec<f32>,
    /// How many answers they were fitted and evaluated on.
    pub reviews: u32,
    /// Their log loss on those answers (lower is better).
    pub log_loss: f32,
    /// Their RMSE (bins) on those answers, 0–1.
    pub rmse: f32,
}

impl Fitted {
    /// The journal entry that records it.
    pub fn entry(&self) -> Entry {
        Entry::Parameters {
            id: self.id.clone(),
            at: self.at,
            parameters: self.parameters.clone(),
            reviews: self.reviews,
            log_loss: self.log_loss,
            rmse: self.rmse,
        }
    }

    /// The parameters an entry records, if it is an [`Entry::Parameters`].
    pub fn of(entry: &Entry) -> Option<Fitted> {
        match entry {
            Entry::Parameters {
                id,
                at,
                parameters,
                reviews,
                log_loss,
                rmse,
            } => Some(Fitted {
                id: id.clone(),
                at: *at,
                parameters: parameters.clone(),
                reviews: *reviews,
                log_loss: *log_loss,
                rmse: *rmse,
            }),
            _ => None,
        }
    }

    /// The one of `a` and `b` that is in use when both are in the journal: the later by time, then
    /// by id — so merged journals agree whatever the order of their lines.
    pub fn latest(a: Option<Fitted>, b: Option<Fitted>) -> Option<Fitted> {
        match (a, b) {
            (Some(a), Some(b)) => Some(if (b.at, &b.id) > (a.at, &a.id) { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    /// The latest parameters among `entries` (anything else is passed over).
    pub fn latest_of<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Option<Fitted> {
        entries
            .into_iter()
            .filter(|entry| matches!(entry, Entry::Parameters { .. }))
            .fold(None, |latest, entry| {
                Fitted::latest(latest, Fitted::of(entry))
            })
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
