//! The opened data folder: lock, settings, journal, and the item states replayed from it.

use std::io;

use super::journal::{
    Entry, Journal, ReviewRow, StudyMode, new_entry_id, replay_rows, report_corrupt,
};
use super::{DataDir, DataLock, LockError, Settings, SettingsError};
use crate::deck::ItemId;
use crate::srs::{DayClock, ItemState, Phase, Rating, Scheduler};

/// One review, compactly: the item as an index into [`Store::item_ids`].
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

/// Why the data folder could not be opened.
#[derive(Debug)]
pub enum OpenError {
    Lock(LockError),
    Settings(Vec<SettingsError>),
    Io(io::Error),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Lock(err) => write!(f, "{err}"),
            OpenError::Settings(errors) => {
                let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                write!(f, "{}", lines.join("\n"))
            }
            OpenError::Io(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for OpenError {}

/// The data folder, open for study.
#[derive(Debug)]
pub struct Store {
    dir: DataDir,
    _lock: DataLock,
    journal: Journal,
    settings: Settings,
    scheduler: Scheduler,
    item_ids: Vec<ItemId>,
    /// Item ids are our own journal's, not hostile input: FxHash is safe here and ~5× faster.
    index: rustc_hash::FxHashMap<ItemId, u32>,
    states: Vec<ItemState>,
    reviews: Vec<ReviewLog>,
    /// The last answer that can be undone: its journal id and the item's state before it.
    undoable: Option<(String, u32, ItemState)>,
    /// Journal lines that could not be read.
    pub corrupt_lines: usize,
}

impl Store {
    /// Locks the folder, reads the settings and the journal, and replays it.
    pub fn open(dir: &DataDir, clock: DayClock, now_ms: i64) -> Result<Store, OpenError> {
        let lock = DataLock::acquire(dir.root()).map_err(OpenError::Lock)?;
        let settings = Settings::load(&dir.settings_path()).map_err(OpenError::Settings)?;
        let scheduler = Scheduler::new(settings.scheduler_config(), clock).map_err(|e| {
            OpenError::Io(io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
        })?;
        let (journal, bytes) =
            Journal::open_raw(&dir.journal_path(), now_ms).map_err(OpenError::Io)?;
        let (rows, corrupt) = replay_rows(&bytes);
        report_corrupt(&dir.journal_path(), &corrupt);
        let mut store = Store {
            dir: dir.clone(),
            _lock: lock,
            journal,
            settings,
            scheduler,
            item_ids: Vec::new(),
            index: rustc_hash::FxHashMap::default(),
            states: Vec::new(),
            reviews: Vec::new(),
            undoable: None,
            corrupt_lines: corrupt.len(),
        };
        store.replay(&rows);
        crate::info!(
            name: "talkdeck.store",
            reviews = store.reviews.len(), items = store.item_ids.len();
            "opened {} ({} reviews of {} items)", dir.root().display(), store.reviews.len(), store.item_ids.len()
        );
        Ok(store)
    }

    /// Rebuilds every item's state from the journal. Items are independent, so their histories are
    /// replayed in parallel; the result is the same as one pass in time order.
    fn replay(&mut self, rows: &[ReviewRow<'_>]) {
        use rayon::prelude::*;

        let reviews: Vec<(i64, Rating, u32)> =
            rows.iter().map(|r| (r.at, r.rating, r.ms)).collect();
        let items: Vec<u32> = rows.iter().map(|r| self.intern_str(&r.item)).collect();
        let mut per_item: Vec<Vec<u32>> = vec![Vec::new(); self.item_ids.len()];
        for (review, &item) in items.iter().enumerate() {
            per_item[item as usize].push(review as u32);
        }
        let scheduler = &self.scheduler;
        let item_ids = &self.item_ids;
        let replayed: Vec<(ItemState, Vec<(bool, Phase)>)> = per_item
            .par_iter()
            .enumerate()
            .map(|(item, history)| {
                let id = item_ids[item].as_str();
                let mut state = ItemState::default();
                let mut before = Vec::with_capacity(history.len());
                for &review in history {
                    let (at, rating, _) = reviews[review as usize];
                    before.push((state.reviews == 0, state.phase));
                    state = scheduler.answer(id, &state, rating, at);
                }
                (state, before)
            })
            .collect();
        let mut flags = vec![(false, Phase::New); reviews.len()];
        for ((state, before), history) in replayed.into_iter().zip(&per_item) {
            for (&review, flag) in history.iter().zip(before) {
                flags[review as usize] = flag;
            }
            let item = items[history[0] as usize] as usize;
            self.states[item] = state;
        }
        self.reviews = reviews
            .iter()
            .zip(&items)
            .zip(flags)
            .map(
                |(((at, rating, ms), &item), (was_new, phase_before))| ReviewLog {
                    item,
                    at: *at,
                    rating: *rating,
                    taken_ms: *ms,
                    was_new,
                    phase_before,
                },
            )
            .collect();
    }

    /// The index of an item read from the journal (already checked to be a valid id).
    fn intern_str(&mut self, item: &str) -> u32 {
        if let Some(&index) = self.index.get(item) {
            return index;
        }
        match ItemId::parse(item) {
            Some(id) => self.intern(&id),
            None => unreachable!("journal rows carry valid item ids"),
        }
    }

    fn intern(&mut self, item: &ItemId) -> u32 {
        if let Some(&index) = self.index.get(item) {
            return index;
        }
        let index = self.item_ids.len() as u32;
        self.item_ids.push(item.clone());
        self.index.insert(item.clone(), index);
        self.states.push(ItemState::default());
        index
    }

    pub fn dir(&self) -> &DataDir {
        &self.dir
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    /// The item's state; new if never answered.
    pub fn state(&self, item: &ItemId) -> ItemState {
        self.index
            .get(item)
            .map(|&i| self.states[i as usize].clone())
            .unwrap_or_default()
    }

    /// Every answer that counts, in time order.
    pub fn reviews(&self) -> &[ReviewLog] {
        &self.reviews
    }

    /// Every item with a state, and its state.
    pub fn states(&self) -> impl Iterator<Item = (&ItemId, &ItemState)> {
        self.item_ids.iter().zip(&self.states)
    }

    /// The item ids that [`ReviewLog::item`] indexes.
    pub fn item_ids(&self) -> &[ItemId] {
        &self.item_ids
    }

    /// Records an answer: the journal line is written and fsynced before the state changes and
    /// before this returns, so an acknowledged answer survives a crash.
    pub fn answer(
        &mut self,
        item: &ItemId,
        rating: Rating,
        taken_ms: u32,
        mode: StudyMode,
        now_ms: i64,
    ) -> io::Result<ItemState> {
        let id = new_entry_id(now_ms);
        self.journal.append(&Entry::Review {
            id: id.clone(),
            item: item.clone(),
            at: now_ms,
            rating,
            ms: taken_ms,
            mode,
        })?;
        let index = self.intern(item);
        let before = self.states[index as usize].clone();
        let after = self
            .scheduler
            .answer(item.as_str(), &before, rating, now_ms);
        self.states[index as usize] = after.clone();
        self.reviews.push(ReviewLog {
            item: index,
            at: now_ms,
            rating,
            taken_ms,
            was_new: before.reviews == 0,
            phase_before: before.phase,
        });
        self.undoable = Some((id, index, before));
        Ok(after)
    }

    /// Takes back the last answer of this session: an `Undo` line in the journal, and the item's
    /// state as it was. Returns the item, or `None` when there is nothing to undo.
    pub fn undo_last(&mut self, now_ms: i64) -> io::Result<Option<ItemId>> {
        let Some((review, index, before)) = self.undoable.take() else {
            return Ok(None);
        };
        let entry = Entry::Undo {
            id: new_entry_id(now_ms),
            review,
            at: now_ms,
        };
        if let Err(err) = self.journal.append(&entry) {
            if let Entry::Undo { review, .. } = entry {
                self.undoable = Some((review, index, before));
            }
            return Err(err);
        }
        self.states[index as usize] = before;
        if let Some(position) = self.reviews.iter().rposition(|r| r.item == index) {
            self.reviews.remove(position);
        }
        Ok(Some(self.item_ids[index as usize].clone()))
    }
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::deck::Direction;

    const T0: i64 = 1_795_429_167_000;

    fn clock() -> DayClock {
        DayClock::new(TimeZone::UTC, 4)
    }

    #[test]
    fn answers_are_journaled_and_replay_to_the_same_states() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let hi = ItemId::new("greetings", "hi", Direction::Produce);
        let yo = ItemId::new("greetings", "yo", Direction::Recognise);
        let states = {
            let mut store = Store::open(&data, clock(), T0).unwrap();
            let mut now = T0;
            for (item, rating) in [
                (&hi, Rating::Good),
                (&yo, Rating::Again),
                (&hi, Rating::Good),
                (&yo, Rating::Good),
            ] {
                now += 600_000;
                store
                    .answer(item, rating, 1500, StudyMode::Flip, now)
                    .unwrap();
            }
            (store.state(&hi), store.state(&yo))
        };
        let store = Store::open(&data, clock(), T0).unwrap();
        assert_eq!(
            (store.state(&hi), store.state(&yo)),
            states,
            "replay gives the same states"
        );
        assert_eq!(store.reviews().len(), 4);
        assert!(store.reviews()[0].was_new && !store.reviews()[2].was_new);
    }

    #[test]
    fn undo_restores_the_state_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let item = ItemId::new("jobs", "im-a-role", Direction::Produce);
        let mut store = Store::open(&data, clock(), T0).unwrap();
        let first = store
            .answer(&item, Rating::Good, 900, StudyMode::Type, T0)
            .unwrap();
        store
            .answer(&item, Rating::Easy, 900, StudyMode::Type, T0 + 600_000)
            .unwrap();
        assert_eq!(store.undo_last(T0 + 601_000).unwrap(), Some(item.clone()));
        assert_eq!(store.state(&item), first);
        assert_eq!(
            store.undo_last(T0 + 602_000).unwrap(),
            None,
            "one level of undo"
        );
        drop(store);
        let store = Store::open(&data, clock(), T0).unwrap();
        assert_eq!(store.state(&item), first);
        assert_eq!(store.reviews().len(), 1);
    }

    #[test]
    fn a_second_store_on_the_same_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let _first = Store::open(&data, clock(), T0).unwrap();
        let err = Store::open(&data, clock(), T0).unwrap_err();
        assert!(
            err.to_string()
                .contains("is in use by another talkdeck (pid"),
            "{err}"
        );
    }
}
