//! The opened data folder ([`Store`], opened by `open`): what the learner does — answer, mark
//! (suspend, bury, flag), undo, "Study more", carry progress, hide a deck, new settings — written to
//! the journal or `settings.ron` first, then applied to the derived state; and what the screens
//! read from it.

use std::collections::HashSet;
use std::io;

use super::derived::{Derived, config_fingerprint};
use super::device::DeviceRecord;
use super::entry::{Entry, Fitted, Mark, Marks, ReviewLog, StudyMode, StudyMore, new_entry_id};
use super::journal::{Journal, at_path};
use super::lines::{ItemHasher, replay_sources};
use super::merge;
use super::merge::Foreign;
use super::snapshot::{self, Covered, Snapshot};
use super::{DataDir, DataLock, Settings, SettingsError};
use crate::deck::ItemId;
use crate::srs::{Config, DayClock, ItemState, Rating, Scheduler};

/// Why new settings were not applied.
#[derive(Debug)]
pub enum SetSettingsError {
    /// A value is out of range; nothing was saved.
    Invalid {
        key: &'static str,
        message: String,
    },
    Io(io::Error),
}

impl std::fmt::Display for SetSettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetSettingsError::Invalid { key, message } => write!(f, "{key}: {message}"),
            SetSettingsError::Io(err) => write!(f, "settings not saved: {err}"),
        }
    }
}

impl std::error::Error for SetSettingsError {}

/// What [`Store::undo_last`] took back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undone {
    /// The id of the journal entry taken back (the `Undo` line names it).
    pub entry: String,
    pub kind: UndoneKind,
    /// The items it was about: the one answered, or every item marked.
    pub items: Vec<ItemId>,
}

/// The kind of entry [`Store::undo_last`] took back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UndoneKind {
    /// An answer: the item's state is as it was before it.
    Answer,
    /// A mark: the items' marks are as they were before it.
    Mark(Mark),
}

/// The last entry of this run that can be taken back, and what taking it back restores.
#[derive(Debug)]
pub(super) enum Undoable {
    Answer {
        id: String,
        index: u32,
        before: ItemState,
    },
    Mark {
        id: String,
        mark: Mark,
        before: Vec<(ItemId, Marks)>,
    },
}

impl Undoable {
    fn id(&self) -> &str {
        match self {
            Undoable::Answer { id, .. } | Undoable::Mark { id, .. } => id,
        }
    }
}

/// The data folder, open for study or to read (`OpenOptions`, in `open`, opens it).
#[derive(Debug)]
pub struct Store {
    pub(super) dir: DataDir,
    /// Held while open for study; none when open to read.
    pub(super) _lock: Option<DataLock>,
    /// This device's journal, the one it writes.
    pub(super) journal: Journal,
    /// The other journals of the folder, as far as they have been read.
    pub(super) others: Vec<Foreign>,
    /// The latest time of the entries other than answers applied: one older arriving means a full
    /// replay (as does an answer older than the last).
    pub(super) until: i64,
    /// The journal lines (by journal and line) already reported, so each is reported once a run;
    /// `usize::MAX` for a journal's entries from the future.
    pub(super) reported: HashSet<(String, usize)>,
    /// This device's record, when its id was not given: told how long its journal is after every
    /// write, so a second machine writing it is noticed.
    pub(super) record: Option<DeviceRecord>,
    pub(super) settings: Settings,
    /// What was wrong with `settings.ron` when it was read (the defaults are used meanwhile).
    pub(super) settings_problems: Vec<SettingsError>,
    /// Why answers cannot be saved, when open to read.
    pub(super) cannot_save: Option<String>,
    pub(super) scheduler: Scheduler,
    pub(super) derived: Derived,
    /// The last answer or mark that can be undone, with what undoing it restores.
    pub(super) undoable: Option<Undoable>,
    /// Journal lines that could not be read.
    pub(super) corrupt_lines: usize,
    pub(super) from_snapshot: bool,
    /// Fingerprint of the configuration the states were derived with.
    pub(super) config_hash: u64,
    /// How replay groups items (kept for replaying under new settings).
    pub(super) item_hash: ItemHasher,
}

impl Store {
    /// Appends `entry` to this device's journal durably, then notes the journal's length in
    /// this device's record.
    pub(super) fn append(&mut self, entry: &Entry) -> io::Result<()> {
        self.journal.append(entry)?;
        if !matches!(entry, Entry::Review { .. }) {
            self.until = self.until.max(entry.at());
        }
        if let Some(record) = &mut self.record {
            record.note_written(&self.dir.journal_path(), self.journal.len());
        }
        Ok(())
    }

    /// What was wrong with `settings.ron` when the store opened (empty when it was fine). The
    /// defaults are in use until new settings are saved.
    pub fn settings_problems(&self) -> &[SettingsError] {
        &self.settings_problems
    }

    /// Why answers, "Study more" and settings cannot be saved; `None` when open for study.
    pub fn cannot_save(&self) -> Option<&str> {
        self.cannot_save.as_deref()
    }

    /// How many journal lines could not be read (each is in the log).
    pub fn corrupt_lines(&self) -> usize {
        self.corrupt_lines
    }

    /// Whether this store started from the snapshot (rather than a full replay).
    pub fn opened_from_snapshot(&self) -> bool {
        self.from_snapshot
    }

    /// Writes the snapshot of the current derived state, so the next start replays only what is
    /// appended after now. Call it when a session ends; a failure only costs start-up time. Open to
    /// read, it writes nothing.
    pub fn save_snapshot(&mut self) -> io::Result<()> {
        if !self.journal.is_writable() {
            return Ok(());
        }
        if self.journal.grew_elsewhere()? {
            crate::warning!(
                name: "talkdeck.store",
                "{}: another program wrote to the journal while talkdeck had it open; no snapshot \
                 is written, so the next start reads the whole journal",
                self.dir.journal_path().display()
            );
            return Ok(());
        }
        let len = self.journal.len();
        let tail = self.journal.bytes_before(len, snapshot::TAIL_BYTES)?;
        let mut covered: Vec<Covered> = self.others.iter().map(Foreign::covered).collect();
        covered.push(Covered {
            name: super::sources::own(&self.dir).name,
            len,
            tail_hash: crate::files::fingerprint(&tail),
        });
        let snap = Snapshot {
            covered,
            until: self.until,
            config_hash: self.config_hash,
            items: self.derived.items(),
            reviews: self.derived.reviews().to_vec(),
            study_more: self.derived.study_more().to_vec(),
            kept: self.derived.kept(),
        };
        let path = self.dir.snapshot_path();
        snap.save(&path).map_err(|err| at_path(&path, err))
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
        self.derived.state(item)
    }

    /// The name `item`'s interval fuzz is seeded by: the item its progress was first given under,
    /// if it was carried to this one (so a copied or moved card keeps its due dates), else its own.
    pub fn fuzz_name<'a>(&'a self, item: &'a ItemId) -> &'a str {
        self.derived.fuzz_name(item.as_str())
    }

    /// Every answer that counts, in time order.
    pub fn reviews(&self) -> &[ReviewLog] {
        self.derived.reviews()
    }

    /// Every item with a state, and its state.
    pub fn states(&self) -> impl Iterator<Item = (&ItemId, &ItemState)> {
        self.derived.states()
    }

    /// The item ids that [`ReviewLog::item`] indexes.
    pub fn item_ids(&self) -> &[ItemId] {
        self.derived.item_ids()
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
        self.append(&Entry::Review {
            id: id.clone(),
            item: item.clone(),
            at: now_ms,
            rating,
            ms: taken_ms,
            mode,
        })?;
        let (index, before) =
            self.derived
                .apply(&self.scheduler, item.as_str(), rating, taken_ms, now_ms);
        let after = self.derived.state(item);
        self.undoable = Some(Undoable::Answer { id, index, before });
        Ok(after)
    }

    /// Saves new settings (atomically) and, when they change how items are scheduled, derives
    /// every state again from the journal under them. Invalid settings are refused, untouched. A
    /// settings file that could not be read is first moved aside (`settings.ron.bad-<ms>`), so
    /// nothing the learner wrote is lost. Open to read, the settings hold for this run only.
    pub fn set_settings(
        &mut self,
        settings: Settings,
        now_ms: i64,
    ) -> Result<(), SetSettingsError> {
        if let Some((key, message)) = settings.problems().into_iter().next() {
            return Err(SetSettingsError::Invalid { key, message });
        }
        let scheduling_changed = settings.scheduler_config() != self.settings.scheduler_config()
            || settings.day_starts_at != self.settings.day_starts_at;
        let path = self.dir.settings_path();
        if self.journal.is_writable() {
            if !self.settings_problems.is_empty() {
                if let Some(aside) =
                    Settings::set_aside(&path, now_ms).map_err(SetSettingsError::Io)?
                {
                    crate::notice!(
                        name: "talkdeck.store",
                        "{} could not be read; it is kept as {} and new settings are saved",
                        path.display(), aside.display()
                    );
                }
                self.settings_problems.clear();
            }
            settings.save_for(&self.dir).map_err(SetSettingsError::Io)?;
        }
        if scheduling_changed {
            let clock = DayClock::new(
                self.scheduler.clock().time_zone().clone(),
                settings.day_starts_at,
            );
            // The fitted parameters stay: they are the journal's, not the settings'.
            let config = Config {
                parameters: self.scheduler.config().parameters.clone(),
                ..settings.scheduler_config()
            };
            let scheduler = Scheduler::new(config, clock).map_err(|e| {
                SetSettingsError::Io(io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
            })?;
            self.config_hash = config_fingerprint(&scheduler);
            self.scheduler = scheduler;
            self.replay_journal(now_ms).map_err(SetSettingsError::Io)?;
        }
        self.settings = settings;
        match &self.cannot_save {
            None => crate::info!(
                name: "talkdeck.store",
                rescheduled = scheduling_changed;
                "settings saved to {}{}", path.display(),
                if scheduling_changed { "; every item rescheduled under them" } else { "" }
            ),
            Some(reason) => crate::notice!(
                name: "talkdeck.store",
                "settings changed for this run only ({reason})"
            ),
        }
        Ok(())
    }

    /// Every "Study more" the journal holds, in order.
    pub fn study_more_entries(&self) -> &[StudyMore] {
        self.derived.study_more()
    }

    /// Records a "Study more" (durably, like an answer): for the study day of `now_ms`, `new` more
    /// new items and the reviews due in the next `ahead_days` days, in `decks` (all when empty).
    pub fn study_more(
        &mut self,
        decks: &[String],
        new: u32,
        ahead_days: u32,
        now_ms: i64,
    ) -> io::Result<StudyMore> {
        let more = StudyMore {
            id: new_entry_id(now_ms),
            at: now_ms,
            decks: decks.to_vec(),
            new,
            ahead_days,
        };
        self.append(&more.entry())?;
        self.derived.push_study_more(more.clone());
        Ok(more)
    }

    /// Derives every state again from the whole journal (new settings, a carry, new fitted
    /// parameters): what opening without a snapshot gives, with the fitted parameters the journal
    /// says are in use. Nothing can be undone across it.
    pub(super) fn replay_journal(&mut self, now_ms: i64) -> io::Result<()> {
        let (journal, reading) = merge::read_all(&self.dir, now_ms, self.journal.access())?;
        self.journal = journal;
        self.others = reading.others();
        let replayed = replay_sources(&reading.bytes(0), self.item_hash);
        self.corrupt_lines = merge::report(&reading, &replayed, 0, now_ms, &mut self.reported);
        self.until = merge::entries_until(&replayed);
        self.undoable = None;
        let parameters = Fitted::latest_of(&replayed.events).map(|fitted| fitted.parameters);
        if self.scheduler.config().parameters != parameters {
            let config = Config {
                parameters,
                ..self.scheduler.config().clone()
            };
            self.scheduler = Scheduler::new(config, self.scheduler.clock().clone())
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
            self.config_hash = config_fingerprint(&self.scheduler);
        }
        self.derived = Derived::replay(&self.scheduler, replayed);
        Ok(())
    }

    /// Takes back the last answer or mark of this run (one level, like Anki's Ctrl+Z): an `Undo`
    /// line naming its entry in the journal, and the item's state or the items' marks as they
    /// were. Returns what was taken back, or `None` when there is nothing to undo.
    pub fn undo_last(&mut self, now_ms: i64) -> io::Result<Option<Undone>> {
        let Some(undoable) = self.undoable.take() else {
            return Ok(None);
        };
        let entry = Entry::Undo {
            id: new_entry_id(now_ms),
            review: undoable.id().to_owned(),
            at: now_ms,
        };
        if let Err(err) = self.append(&entry) {
            self.undoable = Some(undoable);
            return Err(err);
        }
        let undone = match undoable {
            Undoable::Answer { id, index, before } => Undone {
                items: vec![self.derived.undo(index, before).clone()],
                entry: id,
                kind: UndoneKind::Answer,
            },
            Undoable::Mark { id, mark, before } => {
                let mut items: Vec<ItemId> = before.iter().map(|(item, _)| item.clone()).collect();
                items.dedup();
                self.derived.restore_marks(before);
                Undone {
                    entry: id,
                    kind: UndoneKind::Mark(mark),
                    items,
                }
            }
        };
        crate::info!(
            name: "talkdeck.store",
            entry = undone.entry.as_str(), items = undone.items.len();
            "undid {} {}: {}",
            match undone.kind {
                UndoneKind::Answer => "the answer".to_owned(),
                UndoneKind::Mark(mark) => format!("the mark ({})", mark.describe()),
            },
            undone.entry, list_items(&undone.items)
        );
        Ok(Some(undone))
    }

    /// Suspends, buries or flags `items` (or takes that back), durably like an answer: the journal
    /// line is fsynced before the marks change. It becomes the one thing [`Store::undo_last`] takes
    /// back. Returns the entry's id. A flag above 7 or no items is refused, and nothing written.
    pub fn mark(&mut self, items: &[ItemId], mark: Mark, now_ms: i64) -> io::Result<String> {
        if let Some(problem) = mark.problem() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, problem));
        }
        if items.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "no items to mark",
            ));
        }
        let id = new_entry_id(now_ms);
        self.append(&Entry::Mark {
            id: id.clone(),
            at: now_ms,
            items: items.to_vec(),
            mark,
        })?;
        let before = self
            .derived
            .mark(self.scheduler.clock(), items, mark, now_ms);
        crate::info!(
            name: "talkdeck.store",
            entry = id.as_str(), items = items.len(), mark = mark.describe();
            "marked {}: {}", list_items(items), mark.describe()
        );
        self.undoable = Some(Undoable::Mark {
            id: id.clone(),
            mark,
            before,
        });
        Ok(id)
    }

    /// The item's marks; all clear if it was never marked.
    pub fn marks(&self, item: &ItemId) -> Marks {
        self.derived.marks(item)
    }

    /// Whether the item is buried on the study day of `now_ms` (the settings' rollover hour).
    pub fn is_buried(&self, item: &ItemId, now_ms: i64) -> bool {
        self.marks(item)
            .buried_on(self.scheduler.clock().day(now_ms))
    }

    /// Every item with marks that are not all clear, by id.
    pub fn marked(&self) -> impl Iterator<Item = (&ItemId, &Marks)> {
        self.derived.marked()
    }

    /// Carries progress from each old item to its new one (a deck copied, cards moved), durably:
    /// a `Carry` line every device replays the same. From now on each new item continues from its
    /// old item's state and marks, and the old item's reviews count as the new item's (in the
    /// review log too, so stats follow); the old item starts again as new. The state is derived
    /// again from the whole journal, so it is what any later opening gives; nothing done before
    /// can be undone after it. Refused (nothing written) when the map is empty or names an old
    /// item twice.
    pub fn carry(&mut self, map: &[(ItemId, ItemId)], now_ms: i64) -> io::Result<()> {
        if map.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "no items to carry",
            ));
        }
        let mut olds = std::collections::HashSet::new();
        if let Some((old, _)) = map.iter().find(|(old, _)| !olds.insert(old)) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{old} is carried twice"),
            ));
        }
        let id = new_entry_id(now_ms);
        self.append(&Entry::Carry {
            id: id.clone(),
            at: now_ms,
            map: map.to_vec(),
        })?;
        self.replay_journal(now_ms)?;
        let (olds, news): (Vec<ItemId>, Vec<ItemId>) = map.iter().cloned().unzip();
        crate::info!(
            name: "talkdeck.store",
            entry = id.as_str(), items = map.len();
            "carried the progress of {} to {}", list_items(&olds), list_items(&news)
        );
        Ok(())
    }

    /// Spreads a backlog of overdue reviews: `items` (the order to study them) `per_day` a day
    /// from today on; durably, like an answer. The first `per_day` stay due today.
    pub fn spread(&mut self, items: &[ItemId], per_day: u32, now_ms: i64) -> io::Result<()> {
        if per_day == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a backlog cannot be spread 0 a day",
            ));
        }
        let id = new_entry_id(now_ms);
        self.append(&Entry::Spread {
            id: id.clone(),
            at: now_ms,
            per_day,
            items: items.to_vec(),
        })?;
        let clock = self.scheduler.clock().clone();
        self.derived.spread(&clock, items, per_day, now_ms);
        let days = items.len().div_ceil(per_day as usize);
        if days <= 1 {
            crate::info!(
                name: "talkdeck.store",
                entry = id.as_str(), items = items.len();
                "kept {} overdue reviews due today", items.len()
            );
        } else {
            crate::info!(
                name: "talkdeck.store",
                entry = id.as_str(), items = items.len(), per_day = per_day;
                "spread {} overdue reviews over {days} days, {per_day} a day", items.len()
            );
        }
        Ok(())
    }

    /// The latest time a backlog was spread, if ever (Home offers it once a day at most).
    pub fn spread_at(&self) -> Option<i64> {
        self.derived.spread_at()
    }

    /// Hides `deck` from study (none of its items is queued or counted), or shows it again;
    /// durably, like an answer. A deck id that is not valid is refused.
    pub fn set_deck_hidden(&mut self, deck: &str, hidden: bool, now_ms: i64) -> io::Result<()> {
        if !crate::deck::is_valid_id(deck) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid deck id {deck:?}"),
            ));
        }
        let id = new_entry_id(now_ms);
        self.append(&Entry::HideDeck {
            id: id.clone(),
            at: now_ms,
            deck: deck.to_owned(),
            hidden,
        })?;
        self.derived.set_hidden(deck, hidden);
        crate::info!(
            name: "talkdeck.store",
            entry = id.as_str(), deck = deck, hidden = hidden;
            "{} deck {deck}", if hidden { "hid" } else { "showed again" }
        );
        Ok(())
    }

    /// Whether `deck` is hidden from study.
    pub fn is_deck_hidden(&self, deck: &str) -> bool {
        self.derived.is_hidden(deck)
    }

    /// The decks hidden from study, by id.
    pub fn hidden_decks(&self) -> impl Iterator<Item = &str> {
        self.derived.hidden()
    }
}

/// `a/b/produce`, `a/b/produce, a/b/reply`, or the first three and how many more, for messages.
fn list_items(items: &[ItemId]) -> String {
    const SHOWN: usize = 3;
    let mut text = items
        .iter()
        .take(SHOWN)
        .map(ItemId::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::deck::Direction;
    use crate::srs::Phase;
    use crate::store::journal::Access;
    use crate::store::lines::test_support::few_hashes;
    use crate::store::{LockError, OpenError, OpenOptions};

    const T0: i64 = 1_795_429_167_000;

    /// Days are counted in UTC in these tests.
    fn clock() -> TimeZone {
        TimeZone::UTC
    }

    /// The store as each opening would give it, with replay grouping items by 16 hashes only, so
    /// that different items with equal hashes meet in every test.
    fn open(
        options: OpenOptions,
        data: &DataDir,
        zone: TimeZone,
        now: i64,
    ) -> Result<Store, OpenError> {
        options.item_hash(few_hashes).open(data, zone, now)
    }

    fn open_study(data: &DataDir, zone: TimeZone, now: i64) -> Result<Store, OpenError> {
        open(OpenOptions::study(), data, zone, now)
    }

    fn open_read(data: &DataDir, zone: TimeZone, now: i64) -> Result<Store, OpenError> {
        open(OpenOptions::read(), data, zone, now)
    }

    fn open_study_else_read(data: &DataDir, zone: TimeZone, now: i64) -> Result<Store, OpenError> {
        open(OpenOptions::study_else_read(), data, zone, now)
    }

    /// Runs `f` while listening on `talkdeck.store` at DEBUG; returns what it gave and the records
    /// made meanwhile (other tests' too: filter them by their folder).
    fn store_records<T>(
        f: impl FnOnce() -> T,
    ) -> (T, Vec<std::sync::Arc<crate::logging::OwnedRecord>>) {
        use crate::logging::{self, HandlerOptions, Level, MemoryHandler};
        let memory = std::sync::Arc::new(MemoryHandler::new(1000, HandlerOptions::default()));
        let logger = logging::get_logger("talkdeck.store");
        logger.set_level(Level::DEBUG);
        logger.add_handler(memory.clone());
        let made = f();
        logger.remove_handler(&(memory.clone() as std::sync::Arc<dyn logging::Handler>));
        (made, memory.snapshot())
    }

    /// A journal over 1 MiB is mapped and replayed in shards; the result must equal answering every
    /// line in order, and a torn last line must still be set aside.
    #[test]
    fn a_large_mapped_journal_replays_like_one_pass_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let ids: Vec<ItemId> = (0..700)
            .map(|i| ItemId::new("deck", &format!("card-{i}"), Direction::ALL[i % 3]))
            .collect();
        let ratings = [
            Rating::Good,
            Rating::Again,
            Rating::Good,
            Rating::Easy,
            Rating::Hard,
        ];
        let mut text = String::new();
        let mut lines = Vec::new();
        for n in 0..12_000usize {
            // Items recur irregularly, so shards interleave and first appearances are scattered.
            let item = &ids[(n * 7 + n / 13) % ids.len()];
            let (at, rating) = (T0 + n as i64 * 3_600_000, ratings[n % ratings.len()]);
            let entry = Entry::Review {
                id: format!("r{n}"),
                item: item.clone(),
                at,
                rating,
                ms: 1000,
                mode: StudyMode::Flip,
            };
            text.push_str(&ron::to_string(&entry).unwrap());
            text.push('\n');
            lines.push((item.clone(), at, rating));
        }
        assert!(text.len() > 1 << 20, "large enough to be mapped");
        text.push_str("Review(id: \"torn\", ite");
        std::fs::create_dir_all(data.journals_dir()).unwrap();
        std::fs::write(data.journal_path(), &text).unwrap();

        let scheduler = Scheduler::new(
            Settings::default().scheduler_config(),
            DayClock::new(clock(), 4),
        )
        .unwrap();
        let mut expected: Vec<(ItemId, ItemState)> = Vec::new();
        let mut flags = Vec::new();
        for (item, at, rating) in &lines {
            let slot = match expected.iter().position(|(id, _)| id == item) {
                Some(slot) => slot,
                None => {
                    expected.push((item.clone(), ItemState::default()));
                    expected.len() - 1
                }
            };
            let state = &mut expected[slot].1;
            flags.push((slot as u32, state.reviews == 0, state.phase));
            *state = scheduler.answer(item.as_str(), state, *rating, *at);
        }

        let store = open_study(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        let got: Vec<(ItemId, ItemState)> = store
            .item_ids()
            .iter()
            .map(|id| (id.clone(), store.state(id)))
            .collect();
        assert_eq!(
            got, expected,
            "same states, items in order of first appearance"
        );
        let got_flags: Vec<(u32, bool, Phase)> = store
            .reviews()
            .iter()
            .map(|r| (r.item, r.was_new, r.phase_before))
            .collect();
        assert_eq!(got_flags, flags);
        let torn = std::fs::read_dir(data.journals_dir())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".torn-"))
            .count();
        assert_eq!(torn, 1, "the torn line was set aside");
        assert_eq!(
            std::fs::metadata(data.journal_path()).unwrap().len() as usize,
            text.rfind('\n').unwrap() + 1
        );
    }

    #[test]
    fn new_settings_are_saved_and_reschedule_every_item_as_a_fresh_open_would() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let hi = ItemId::new("greetings", "hi", Direction::Produce);
        let mut store = open_study(&data, clock(), T0).unwrap();
        let mut now = T0;
        for rating in [Rating::Good, Rating::Good, Rating::Good, Rating::Good] {
            now += 3 * 86_400_000;
            store
                .answer(&hi, rating, 1000, StudyMode::Flip, now)
                .unwrap();
        }
        let before = store.state(&hi);

        let bad = Settings {
            desired_retention: 0.5,
            ..Settings::default()
        };
        assert!(matches!(
            store.set_settings(bad, now),
            Err(SetSettingsError::Invalid {
                key: "desired_retention",
                ..
            })
        ));
        assert!(!data.settings_path().exists(), "nothing saved");

        let limits_only = Settings {
            new_per_day: 5,
            ..Settings::default()
        };
        store.set_settings(limits_only, now).unwrap();
        assert_eq!(store.state(&hi), before, "limits do not reschedule");

        let stricter = Settings {
            desired_retention: 0.97,
            new_per_day: 5,
            ..Settings::default()
        };
        store.set_settings(stricter.clone(), now).unwrap();
        let after = store.state(&hi);
        assert!(
            after.interval_days < before.interval_days,
            "{after:?} vs {before:?}"
        );
        assert_eq!(store.reviews().len(), 4);
        drop(store);
        assert_eq!(Settings::load(&data.settings_path()).unwrap(), stricter);
        let reopened = open_study(&data, clock(), now).unwrap();
        assert_eq!(
            reopened.state(&hi),
            after,
            "the same as deriving from scratch"
        );
    }

    #[test]
    fn answers_are_journaled_and_replay_to_the_same_states() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let hi = ItemId::new("greetings", "hi", Direction::Produce);
        let yo = ItemId::new("greetings", "yo", Direction::Recognise);
        let states = {
            let mut store = open_study(&data, clock(), T0).unwrap();
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
        let store = open_study(&data, clock(), T0).unwrap();
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
        let data = DataDir::for_device(dir.path(), "laptop");
        let item = ItemId::new("jobs", "im-a-role", Direction::Produce);
        let mut store = open_study(&data, clock(), T0).unwrap();
        let first = store
            .answer(&item, Rating::Good, 900, StudyMode::Type, T0)
            .unwrap();
        store
            .answer(&item, Rating::Easy, 900, StudyMode::Type, T0 + 600_000)
            .unwrap();
        let undone = store.undo_last(T0 + 601_000).unwrap().unwrap();
        assert_eq!(
            (undone.kind, undone.items),
            (UndoneKind::Answer, vec![item.clone()])
        );
        assert_eq!(store.state(&item), first);
        assert_eq!(
            store.undo_last(T0 + 602_000).unwrap(),
            None,
            "one level of undo"
        );
        drop(store);
        let store = open_study(&data, clock(), T0).unwrap();
        assert_eq!(store.state(&item), first);
        assert_eq!(store.reviews().len(), 1);
    }

    /// A data folder (this computer: `laptop`) with `n` answers from [`answer_some`], the snapshot
    /// written if `snapshot`; and the states the answers left.
    fn answered(
        n: usize,
        snapshot: bool,
    ) -> (tempfile::TempDir, DataDir, Vec<(String, ItemState)>) {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let mut store = open_study(&data, clock(), T0).unwrap();
        answer_some(&mut store, T0, n);
        if snapshot {
            store.save_snapshot().unwrap();
        }
        let states = states_of(&store);
        (dir, data, states)
    }

    fn states_of(store: &Store) -> Vec<(String, ItemState)> {
        let mut all: Vec<(String, ItemState)> = store
            .states()
            .map(|(id, s)| (id.to_string(), s.clone()))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    fn answer_some(store: &mut Store, from: i64, n: usize) {
        for i in 0..n {
            let item = ItemId::new("greetings", &format!("c{}", i % 7), Direction::ALL[i % 3]);
            let rating = Rating::from_number((i % 4) as u32 + 1).unwrap();
            store
                .answer(
                    &item,
                    rating,
                    1000,
                    StudyMode::Flip,
                    from + i as i64 * 3_600_000,
                )
                .unwrap();
        }
    }

    #[test]
    fn starting_from_the_snapshot_and_its_tail_equals_a_full_replay() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let mut store = open_study(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        answer_some(&mut store, T0, 40);
        store.save_snapshot().unwrap();
        drop(store);

        let mut store = open_study(&data, clock(), T0).unwrap();
        assert!(store.opened_from_snapshot());
        answer_some(&mut store, T0 + 200 * 3_600_000, 25); // the tail, not in the snapshot
        let item = ItemId::new("greetings", "c0", Direction::Produce);
        store
            .answer(
                &item,
                Rating::Good,
                500,
                StudyMode::Flip,
                T0 + 900 * 3_600_000,
            )
            .unwrap();
        store.undo_last(T0 + 900 * 3_600_000 + 1).unwrap();
        let expected = (states_of(&store), store.reviews().to_vec());
        drop(store);

        let store = open_study(&data, clock(), T0).unwrap();
        assert!(store.opened_from_snapshot());
        assert_eq!((states_of(&store), store.reviews().to_vec()), expected);
        drop(store);
        std::fs::remove_file(data.snapshot_path()).unwrap();
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        assert_eq!(
            (states_of(&store), store.reviews().to_vec()),
            expected,
            "full replay agrees"
        );
    }

    #[test]
    fn a_snapshot_that_does_not_check_out_is_rebuilt() {
        let (_dir, data, expected) = answered(30, true);

        // Damaged: a flipped byte.
        let good = std::fs::read(data.snapshot_path()).unwrap();
        let mut damaged = good.clone();
        damaged[40] ^= 1;
        std::fs::write(data.snapshot_path(), &damaged).unwrap();
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        assert_eq!(states_of(&store), expected);
        drop(store);

        // Other settings: states derived with another retention are not reused.
        std::fs::write(data.snapshot_path(), &good).unwrap();
        std::fs::write(data.settings_path(), "Settings(desired_retention: 0.8)").unwrap();
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        drop(store);
        std::fs::remove_file(data.settings_path()).unwrap();

        // A journal rewritten under it (restored from a backup, merged): the fingerprint differs.
        let journal = std::fs::read_to_string(data.journal_path()).unwrap();
        let first_half: String = journal.lines().take(10).map(|l| format!("{l}\n")).collect();
        std::fs::write(
            data.journal_path(),
            format!("{first_half}{}", &journal[first_half.len()..]),
        )
        .unwrap();
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(
            store.opened_from_snapshot(),
            "same bytes: the snapshot still fits"
        );
        drop(store);
        std::fs::write(data.journal_path(), &first_half).unwrap();
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(
            !store.opened_from_snapshot(),
            "a shorter journal is not the one the snapshot covers"
        );
        assert_eq!(store.reviews().len(), 10);
    }

    #[test]
    fn a_second_store_on_the_same_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let _first = open_study(&data, clock(), T0).unwrap();
        let err = open_study(&data, clock(), T0).unwrap_err();
        assert!(
            err.to_string()
                .contains("is in use by another talkdeck (pid"),
            "{err}"
        );
    }

    /// Every file in the folder, by name, with its bytes.
    fn files_in(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn opened_to_read_nothing_is_locked_created_repaired_or_written() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let missing = DataDir::for_device(dir.path().join("not-yet"), "laptop");
        let empty = open_read(&missing, clock(), T0).unwrap();
        assert_eq!(empty.reviews().len(), 0);
        assert!(!missing.root().exists(), "nothing created");

        let mut store = open_study(&data, clock(), T0).unwrap();
        answer_some(&mut store, T0, 5);
        drop(store);
        // A torn last line, which opening for study would set aside.
        let mut journal = std::fs::read(data.journal_path()).unwrap();
        journal.extend_from_slice(b"Review(id:\"torn\",ite");
        std::fs::write(data.journal_path(), &journal).unwrap();
        let before = files_in(dir.path());

        let mut reader = open_read(&data, clock(), T0).unwrap();
        assert_eq!(reader.reviews().len(), 5, "the whole lines are read");
        assert!(reader.cannot_save().is_some());
        // No lock is held: a talkdeck may study here meanwhile.
        drop(DataLock::acquire(&data).unwrap());
        let item = ItemId::new("greetings", "c0", Direction::Produce);
        let err = reader
            .answer(&item, Rating::Good, 1000, StudyMode::Flip, T0)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: opened to read only", data.journal_path().display())
        );
        assert!(reader.study_more(&[], 5, 0, T0).is_err());
        reader.save_snapshot().unwrap();
        reader
            .set_settings(
                Settings {
                    new_per_day: 3,
                    ..Settings::default()
                },
                T0,
            )
            .unwrap();
        assert_eq!(reader.settings().new_per_day, 3, "for this run");
        drop(reader);
        assert_eq!(files_in(dir.path()), before, "not a byte written");
    }

    #[test]
    fn a_folder_that_cannot_take_answers_opens_to_read_and_says_why() {
        let (_dir, data, _) = answered(3, false);
        // The lock file cannot be made: a folder is in its place (this fails as root, too).
        std::fs::remove_file(data.lock_path()).unwrap();
        std::fs::create_dir(data.lock_path()).unwrap();
        let err = open_study(&data, clock(), T0).unwrap_err().to_string();
        let lock = data.lock_path();
        assert!(
            err.starts_with(&format!(
                "cannot lock the data folder: {}: ",
                lock.display()
            )),
            "{err}"
        );
        let store = open_study_else_read(&data, clock(), T0).unwrap();
        assert_eq!(store.cannot_save(), Some(err.as_str()));
        assert_eq!(store.reviews().len(), 3);

        // Another talkdeck studying here, or a file for a folder, is still refused.
        std::fs::remove_dir(&lock).unwrap();
        let _first = open_study(&data, clock(), T0).unwrap();
        assert!(matches!(
            open_study_else_read(&data, clock(), T0),
            Err(OpenError::Lock(LockError::InUse { .. }))
        ));
        let file = DataDir::for_device(data.journal_path(), "laptop");
        for result in [
            open_study_else_read(&file, clock(), T0),
            open_read(&file, clock(), T0),
        ] {
            assert_eq!(
                result.unwrap_err().to_string(),
                format!(
                    "the data folder {} is a file, not a folder; pass --data-dir with a folder",
                    file.root().display()
                )
            );
        }
    }

    #[test]
    fn broken_settings_mean_the_defaults_until_new_ones_are_saved_and_the_old_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let broken = "Settings(\n    new_per_day: 5,\n    theme: Purple,\n)\n";
        std::fs::write(data.settings_path(), broken).unwrap();
        let mut store = open_study(&data, clock(), T0).unwrap();
        assert_eq!(store.settings(), &Settings::default());
        let problems: Vec<String> = store
            .settings_problems()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with(&format!("{}:3:12: ", data.settings_path().display())),
            "{problems:?}"
        );
        answer_some(&mut store, T0, 2);
        drop(store);
        assert_eq!(
            std::fs::read_to_string(data.settings_path()).unwrap(),
            broken,
            "left as it is"
        );

        let mut store = open_study(&data, clock(), T0).unwrap();
        let chosen = Settings {
            new_per_day: 7,
            ..Settings::default()
        };
        store.set_settings(chosen.clone(), T0 + 5).unwrap();
        assert!(store.settings_problems().is_empty());
        assert_eq!(Settings::load(&data.settings_path()).unwrap(), chosen);
        let aside = dir.path().join(format!("settings.ron.bad-{}", T0 + 5));
        assert_eq!(std::fs::read_to_string(aside).unwrap(), broken);
    }

    #[test]
    fn snapshots_left_by_a_crash_are_removed_when_the_folder_opens_for_study() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let machine = data.machine_dir();
        std::fs::create_dir_all(&machine).unwrap();
        for folder in [dir.path(), machine.as_path()] {
            std::fs::write(folder.join(".snapshot.bin.tmp-4242"), b"half").unwrap();
            std::fs::write(folder.join(".snapshot.bin.tmp-notapid"), b"mine").unwrap();
        }
        drop(open_read(&data, clock(), T0).unwrap());
        assert!(
            machine.join(".snapshot.bin.tmp-4242").exists(),
            "reading removes nothing"
        );
        drop(open_study(&data, clock(), T0).unwrap());
        for folder in [dir.path(), machine.as_path()] {
            assert!(!folder.join(".snapshot.bin.tmp-4242").exists());
            assert!(
                folder.join(".snapshot.bin.tmp-notapid").exists(),
                "only talkdeck's own names"
            );
        }
    }

    #[test]
    fn the_snapshot_where_older_talkdecks_kept_it_is_read_then_moved_to_this_computers_folder() {
        let (dir, data, expected) = answered(12, true);
        let old = dir.path().join("snapshot.bin");
        std::fs::rename(data.snapshot_path(), &old).unwrap();

        let reader = open_read(&data, clock(), T0).unwrap();
        assert!(reader.opened_from_snapshot(), "read where it is");
        assert!(
            old.exists() && !data.snapshot_path().exists(),
            "and left there"
        );
        drop(reader);
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(store.opened_from_snapshot());
        assert_eq!(states_of(&store), expected);
        assert!(!old.exists() && data.snapshot_path().exists(), "moved once");
    }

    /// Another program appending to the journal while this store has it open — an older talkdeck
    /// that knew nothing of this one's lock, a sync client: the snapshot written at close must not
    /// hide its lines, nor make the next start read from inside one.
    #[test]
    fn lines_another_writer_appended_are_never_hidden_by_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let mut store = open_study(&data, clock(), T0).unwrap();
        answer_some(&mut store, T0, 5);
        let other = Entry::Review {
            id: "other-1".into(),
            item: ItemId::new("greetings", "c9", Direction::Recognise),
            at: T0 + 6 * 3_600_000,
            rating: Rating::Good,
            ms: 1000,
            mode: StudyMode::Flip,
        };
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(data.journal_path())
            .unwrap();
        use std::io::Write;
        writeln!(file, "{}", ron::to_string(&other).unwrap()).unwrap();
        drop(file);
        answer_some(&mut store, T0 + 7 * 3_600_000, 1);
        store.save_snapshot().unwrap();
        drop(store);

        let store = open_study(&data, clock(), T0).unwrap();
        assert_eq!(store.corrupt_lines(), 0);
        assert_eq!(
            store.reviews().len(),
            7,
            "this store's six answers and the other writer's one"
        );
        assert!(
            store
                .state(&ItemId::new("greetings", "c9", Direction::Recognise))
                .reviews
                > 0
        );
    }

    #[test]
    fn entries_of_kinds_this_build_does_not_know_are_skipped_not_corrupt() {
        use crate::logging::Level;
        let (_dir, data, _) = answered(3, false);
        let mut journal = std::fs::read_to_string(data.journal_path()).unwrap();
        journal.push_str("Suspend(id:\"s1\",at:5,item:\"greetings/c0/produce\")\n");
        journal.push_str("Flag(id:\"f1\",at:6,colour:Red)\n");
        journal.push_str("Suspend(id:\"s2\",at:7,item:\"greetings/c1/produce\")\n");
        std::fs::write(data.journal_path(), &journal).unwrap();
        let (store, records) = store_records(|| open_study(&data, clock(), T0).unwrap());
        assert_eq!(store.corrupt_lines(), 0);
        assert_eq!(store.reviews().len(), 3);
        let path = data.journal_path().display().to_string();
        let mine: Vec<_> = records
            .into_iter()
            .filter(|r| r.message.starts_with(&path))
            .collect();
        assert_eq!(mine.len(), 1, "one WARNING for all of them: {mine:?}");
        assert_eq!(mine[0].level, Level::WARNING);
        assert_eq!(
            mine[0].message,
            format!(
                "{path}:4: 3 journal lines of Flag, Suspend this talkdeck does not know (a newer \
                 talkdeck wrote them) skipped; they are kept in the file"
            )
        );
        assert_eq!(
            std::fs::read_to_string(data.journal_path()).unwrap(),
            journal
        );
    }

    /// A damaged line after the snapshot is named by its line in the file, not its line in the
    /// part read after the snapshot.
    #[test]
    fn a_bad_line_after_the_snapshot_is_reported_at_its_line_in_the_file() {
        let (_dir, data, _) = answered(5, true);
        let mut journal = std::fs::read_to_string(data.journal_path()).unwrap();
        journal.push_str("Review(garbage\n");
        std::fs::write(data.journal_path(), &journal).unwrap();
        let (store, records) = store_records(|| open_study(&data, clock(), T0).unwrap());
        assert!(store.opened_from_snapshot());
        assert_eq!(store.corrupt_lines(), 1);
        let path = data.journal_path().display().to_string();
        let mine: Vec<_> = records
            .into_iter()
            .filter(|r| r.message.starts_with(&path))
            .map(|r| r.message.clone())
            .collect();
        assert_eq!(mine.len(), 1, "{mine:?}");
        assert!(mine[0].starts_with(&format!("{path}:6: ")), "{mine:?}");
    }

    /// A snapshot that is there but not used (other settings, an older talkdeck's) is no mystery:
    /// the record of the opening says why the whole journal was read.
    #[test]
    fn a_snapshot_that_is_not_used_is_said_why() {
        let (dir, data, _) = answered(5, true);
        Settings {
            desired_retention: 0.85,
            ..Settings::default()
        }
        .save(&data.settings_path())
        .unwrap();
        let (store, records) = store_records(|| open_study(&data, clock(), T0).unwrap());
        assert!(!store.opened_from_snapshot());
        let root = dir.path().display().to_string();
        let opened: Vec<String> = records
            .into_iter()
            .map(|r| r.message.clone())
            .filter(|m| m.starts_with(&format!("opened {root} as device laptop (")))
            .collect();
        assert_eq!(opened.len(), 1, "{opened:?}");
        assert!(
            opened[0].ends_with(
                "; the snapshot was not used: it was made with other settings or by another \
                 version of talkdeck"
            ),
            "{opened:?}"
        );
    }

    #[test]
    fn the_configuration_fingerprint_hashes_values_not_their_debug_form() {
        let fingerprint = |settings: &Settings, zone: TimeZone| {
            let scheduler = Scheduler::new(
                settings.scheduler_config(),
                DayClock::new(zone, settings.day_starts_at),
            )
            .unwrap();
            config_fingerprint(&scheduler)
        };
        let defaults = Settings::default();
        // Pinned: the same configuration gives the same fingerprint in every build, so a snapshot
        // survives an update that changes no setting.
        assert_eq!(fingerprint(&defaults, TimeZone::UTC), 0x41d7_cbc1_a881_52a6);
        let shanghai = TimeZone::get("Asia/Shanghai").unwrap();
        let later = Settings {
            day_starts_at: 5,
            ..Settings::default()
        };
        let stricter = Settings {
            desired_retention: 0.91,
            ..Settings::default()
        };
        let all = [
            fingerprint(&defaults, TimeZone::UTC),
            fingerprint(&defaults, shanghai.clone()),
            fingerprint(&later, TimeZone::UTC),
            fingerprint(&stricter, TimeZone::UTC),
            fingerprint(&defaults, TimeZone::fixed(jiff::tz::offset(8))),
        ];
        let distinct: std::collections::HashSet<u64> = all.iter().copied().collect();
        assert_eq!(distinct.len(), all.len(), "{all:x?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_journal_or_snapshot_that_is_not_a_file_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let mkfifo = |path: std::path::PathBuf| {
            let made = std::process::Command::new("mkfifo").arg(path).status();
            assert!(made.unwrap().success());
        };
        std::fs::create_dir_all(data.machine_dir()).unwrap();
        mkfifo(data.snapshot_path());
        let opened = {
            let data = data.clone();
            crate::files::without_waiting(move || open_study(&data, clock(), T0).is_ok())
        };
        assert!(
            opened,
            "a snapshot that is not a file is a snapshot that does not check out"
        );
        std::fs::remove_file(data.snapshot_path()).unwrap();
        std::fs::remove_file(data.journal_path()).unwrap();
        mkfifo(data.journal_path());
        for access in [Access::Write, Access::Read] {
            let data = data.clone();
            let err = crate::files::without_waiting(move || match access {
                Access::Write => open_study(&data, clock(), T0).map(drop),
                Access::Read => open_read(&data, clock(), T0).map(drop),
            })
            .unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "{}: is a pipe, not a file",
                    dir.path().join("journal").join("laptop.ron").display()
                )
            );
        }
    }

    #[test]
    fn a_torn_tail_is_reported_before_it_is_moved_aside() {
        use crate::logging::Level;
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        std::fs::create_dir_all(data.journals_dir()).unwrap();
        std::fs::write(data.journal_path(), "Review(id:\"torn\",ite").unwrap();
        // Where the torn bytes go is taken (by a folder), so moving them fails after the report.
        let aside = data.journals_dir().join(format!("laptop.ron.torn-{T0}"));
        std::fs::create_dir(&aside).unwrap();
        let (err, records) = store_records(|| open_study(&data, clock(), T0).unwrap_err());
        assert!(
            err.to_string().starts_with(&aside.display().to_string()),
            "{err}"
        );
        let journal = data.journal_path().display().to_string();
        assert!(
            records.iter().any(|r| r.level == Level::WARNING
                && r.message.starts_with(&journal)
                && r.message.contains("cut short")),
            "the report comes first"
        );
        assert_eq!(
            std::fs::read(data.journal_path()).unwrap(),
            b"Review(id:\"torn\",ite",
            "the journal is as it was"
        );
    }

    #[test]
    fn what_the_caller_already_read_and_locked_is_used_not_done_again() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        std::fs::write(data.settings_path(), "Settings(new_per_day: 5)").unwrap();
        let loaded = Settings::load(&data.settings_path());
        // The file changes after the caller read it: the store keeps what the caller read.
        std::fs::write(data.settings_path(), "Settings(new_per_day: 6)").unwrap();
        // Taken by the caller: were the store to lock again, it would find the folder in use.
        let lock = DataLock::acquire(&data).unwrap();
        let store = OpenOptions::study()
            .settings(loaded)
            .lock(lock)
            .open(&data, clock(), T0)
            .unwrap();
        assert_eq!(store.settings().new_per_day, 5);
        assert!(matches!(
            open_study(&data, clock(), T0),
            Err(OpenError::Lock(LockError::InUse { .. }))
        ));
    }

    /// The marks and hidden decks a store holds, every field of them.
    fn marks_of(store: &Store) -> (Vec<(ItemId, Marks)>, Vec<String>) {
        (
            store.marked().map(|(id, m)| (id.clone(), *m)).collect(),
            store.hidden_decks().map(str::to_owned).collect(),
        )
    }

    fn item(card: &str, direction: Direction) -> ItemId {
        ItemId::new("greetings", card, direction)
    }

    /// Every journal line, parsed.
    fn journal_of(data: &DataDir) -> Vec<Entry> {
        std::fs::read_to_string(data.journal_path())
            .unwrap()
            .lines()
            .map(|line| ron::from_str(line).unwrap())
            .collect()
    }

    #[test]
    fn every_mark_and_hidden_deck_survives_a_restart_from_the_snapshot_and_from_a_full_replay() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let (a, b, c, d) = (
            item("c0", Direction::Produce),
            item("c1", Direction::Recognise),
            item("c2", Direction::Reply),
            item("c3", Direction::Produce),
        );
        let day = |store: &Store, at: i64| store.scheduler().clock().day(at);
        let mut store = open_study(&data, clock(), T0).unwrap();
        answer_some(&mut store, T0, 10);
        store
            .mark(&[a.clone(), b.clone()], Mark::Suspend, T0 + 1)
            .unwrap();
        store
            .mark(std::slice::from_ref(&b), Mark::Unsuspend, T0 + 2)
            .unwrap();
        store
            .mark(std::slice::from_ref(&b), Mark::Bury, T0 + 3)
            .unwrap();
        store
            .mark(std::slice::from_ref(&c), Mark::Flag(3), T0 + 4)
            .unwrap();
        store
            .mark(std::slice::from_ref(&d), Mark::Flag(5), T0 + 5)
            .unwrap();
        store
            .mark(std::slice::from_ref(&d), Mark::Flag(0), T0 + 6)
            .unwrap();
        store.set_deck_hidden("jobs", true, T0 + 7).unwrap();
        store.set_deck_hidden("compliments", true, T0 + 8).unwrap();
        store.set_deck_hidden("compliments", false, T0 + 9).unwrap();
        assert!(store.marks(&a).suspended);
        assert_eq!(
            store.marks(&b),
            Marks {
                suspended: false,
                buried_day: Some(day(&store, T0 + 3)),
                flag: 0
            }
        );
        assert_eq!(store.marks(&c).flag, 3);
        assert_eq!(store.marks(&d), Marks::default(), "flag 0 clears");
        assert!(store.is_deck_hidden("jobs") && !store.is_deck_hidden("compliments"));
        store.save_snapshot().unwrap();
        // And a mark after the snapshot, in the journal's tail.
        store
            .mark(std::slice::from_ref(&d), Mark::Flag(7), T0 + 10)
            .unwrap();
        let expected = marks_of(&store);
        assert_eq!(expected.0.len(), 4, "{expected:?}");
        assert_eq!(expected.1, ["jobs"]);
        drop(store);

        let store = open_study(&data, clock(), T0).unwrap();
        assert!(store.opened_from_snapshot());
        assert_eq!(marks_of(&store), expected, "from the snapshot and its tail");
        drop(store);
        std::fs::remove_file(data.snapshot_path()).unwrap();
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        assert_eq!(marks_of(&store), expected, "from a full replay");
    }

    #[test]
    fn a_bury_holds_until_the_next_study_days_rollover_and_not_after() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        // The day starts at 04:00 (the default): buried at 02:00 is buried for the day before.
        let clock_of = |store: &Store| store.scheduler().clock().clone();
        let mut store = open_study(&data, clock(), T0).unwrap();
        let day_clock = clock_of(&store);
        let today = day_clock.day(T0);
        let rollover = day_clock.start_of_day(today + 1);
        let a = item("c0", Direction::Produce);
        store
            .mark(std::slice::from_ref(&a), Mark::Bury, T0)
            .unwrap();
        assert!(store.is_buried(&a, T0));
        assert!(store.is_buried(&a, rollover - 1), "until the rollover");
        assert!(!store.is_buried(&a, rollover), "not from the rollover on");
        assert!(!store.marks(&a).buried_on(today + 1));

        let early = rollover + 22 * 3_600_000; // 02:00 the next night: still that study day
        let b = item("c1", Direction::Produce);
        store
            .mark(std::slice::from_ref(&b), Mark::Bury, early)
            .unwrap();
        assert_eq!(store.marks(&b).buried_day, Some(today + 1));
        assert!(store.is_buried(&b, early + 2 * 3_600_000 - 1));
        assert!(!store.is_buried(&b, early + 2 * 3_600_000));
        store
            .mark(std::slice::from_ref(&b), Mark::Unbury, early + 1)
            .unwrap();
        assert!(!store.is_buried(&b, early + 1));
    }

    #[test]
    fn undo_takes_back_each_kind_of_mark_and_names_its_entry() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let (a, b) = (item("c0", Direction::Produce), item("c0", Direction::Reply));
        let mut store = open_study(&data, clock(), T0).unwrap();
        store
            .mark(std::slice::from_ref(&a), Mark::Flag(2), T0)
            .unwrap();
        store
            .mark(std::slice::from_ref(&a), Mark::Suspend, T0 + 1)
            .unwrap();
        store
            .mark(std::slice::from_ref(&a), Mark::Bury, T0 + 2)
            .unwrap();
        let before = marks_of(&store);
        let mut now = T0 + 10;
        for mark in [
            Mark::Suspend,
            Mark::Unsuspend,
            Mark::Bury,
            Mark::Unbury,
            Mark::Flag(6),
            Mark::Flag(0),
        ] {
            now += 1000;
            let both = [a.clone(), b.clone()];
            let entry = store.mark(&both, mark, now).unwrap();
            let Some(Entry::Mark { id, .. }) = journal_of(&data).pop() else {
                panic!("the mark is the journal's last line")
            };
            assert_eq!(entry, id);
            let undone = store.undo_last(now + 1).unwrap();
            assert_eq!(
                undone,
                Some(Undone {
                    entry: entry.clone(),
                    kind: UndoneKind::Mark(mark),
                    items: both.to_vec(),
                }),
                "{mark:?}"
            );
            assert_eq!(marks_of(&store), before, "{mark:?} taken back");
            assert!(
                matches!(journal_of(&data).pop(), Some(Entry::Undo { review, .. }) if review == entry),
                "the undo line names the mark"
            );
            assert_eq!(store.undo_last(now + 2).unwrap(), None, "one level of undo");
        }
        store.save_snapshot().unwrap();
        drop(store);
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(store.opened_from_snapshot());
        assert_eq!(marks_of(&store), before);
        drop(store);
        std::fs::remove_file(data.snapshot_path()).unwrap();
        let store = open_study(&data, clock(), T0).unwrap();
        assert_eq!(
            marks_of(&store),
            before,
            "replayed without the undone marks"
        );
    }

    #[test]
    fn undo_names_the_answer_it_takes_back_and_a_later_mark_is_what_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let a = item("c0", Direction::Produce);
        let mut store = open_study(&data, clock(), T0).unwrap();
        store
            .answer(&a, Rating::Good, 900, StudyMode::Flip, T0)
            .unwrap();
        let Some(Entry::Review { id: review, .. }) = journal_of(&data).pop() else {
            panic!("the answer is the journal's last line")
        };
        let answered = store.state(&a);
        let mark = store
            .mark(std::slice::from_ref(&a), Mark::Bury, T0 + 1)
            .unwrap();
        let undone = store.undo_last(T0 + 2).unwrap().unwrap();
        assert_eq!(undone.entry, mark, "the latest entry is the mark");
        assert_eq!(store.state(&a), answered, "the answer stands");

        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let mut store = open_study(&data, clock(), T0).unwrap();
        store
            .answer(&a, Rating::Good, 900, StudyMode::Flip, T0)
            .unwrap();
        let Some(Entry::Review { id: review2, .. }) = journal_of(&data).pop() else {
            panic!("the answer is the journal's last line")
        };
        assert_ne!(review, review2);
        let undone = store.undo_last(T0 + 1).unwrap().unwrap();
        assert_eq!(
            undone,
            Undone {
                entry: review2,
                kind: UndoneKind::Answer,
                items: vec![a.clone()],
            }
        );
    }

    #[test]
    fn undo_is_logged_naming_what_it_took_back() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let a = item("c0", Direction::Produce);
        let mut store = open_study(&data, clock(), T0).unwrap();
        let entry = store
            .mark(std::slice::from_ref(&a), Mark::Suspend, T0)
            .unwrap();
        let (_, records) = store_records(|| store.undo_last(T0 + 1).unwrap());
        let wanted = format!("undid the mark (suspend) {entry}: greetings/c0/produce");
        assert!(
            records
                .iter()
                .any(|r| r.level == crate::logging::Level::INFO && r.message == wanted),
            "{wanted:?} in {:?}",
            records.iter().map(|r| &r.message).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_flag_out_of_range_or_no_items_is_refused_and_nothing_written() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let a = item("c0", Direction::Produce);
        let mut store = open_study(&data, clock(), T0).unwrap();
        for (items, mark) in [(vec![a.clone()], Mark::Flag(8)), (vec![], Mark::Suspend)] {
            let err = store.mark(&items, mark, T0).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
        }
        assert_eq!(
            store
                .set_deck_hidden("Not A Deck", true, T0)
                .unwrap_err()
                .kind(),
            io::ErrorKind::InvalidInput
        );
        assert_eq!(
            store.carry(&[], T0).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
        let twice = [
            (a.clone(), item("x", Direction::Produce)),
            (a.clone(), item("y", Direction::Produce)),
        ];
        assert_eq!(
            store.carry(&twice, T0).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
        assert_eq!(std::fs::read_to_string(data.journal_path()).unwrap(), "");
    }

    #[test]
    fn a_bad_flag_value_or_item_in_a_mark_is_a_reported_corrupt_line() {
        use crate::logging::Level;
        let (_dir, data, _) = answered(3, false);
        let mut journal = std::fs::read_to_string(data.journal_path()).unwrap();
        journal.push_str("Mark(id:\"m1\",at:5,items:[\"greetings/c0/produce\"],mark:Flag(9))\n");
        journal.push_str("Mark(id:\"m2\",at:6,items:[\"greetings/c0/produce\"],mark:Flag(4))\n");
        journal.push_str("Mark(id:\"m3\",at:7,items:[\"../c0/produce\"],mark:Suspend)\n");
        journal.push_str("Carry(id:\"c1\",at:8,map:[(\"greetings/c0/produce\",\"Bad\")])\n");
        journal.push_str("HideDeck(id:\"h1\",at:9,deck:\"no/slashes\",hidden:true)\n");
        std::fs::write(data.journal_path(), &journal).unwrap();
        let (store, records) = store_records(|| open_study(&data, clock(), T0).unwrap());
        assert_eq!(store.corrupt_lines(), 4);
        assert_eq!(store.reviews().len(), 3);
        let c0 = item("c0", Direction::Produce);
        assert_eq!(store.marks(&c0).flag, 4, "the good line is read");
        assert!(!store.marks(&c0).suspended);
        let path = data.journal_path().display().to_string();
        let errors: Vec<String> = records
            .iter()
            .filter(|r| r.level == Level::ERROR && r.message.starts_with(&path))
            .map(|r| r.message.clone())
            .collect();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(
            errors[0].starts_with(&format!("{path}:4: "))
                && errors[0].contains("flag 9 is not one of 0 to 7"),
            "{errors:?}"
        );
        assert!(errors[1].starts_with(&format!("{path}:6: ")), "{errors:?}");
    }

    /// The states, the review log (as item ids), the marks and the hidden decks.
    type Everything = (
        Vec<(String, ItemState)>,
        Vec<(String, i64, Rating)>,
        (Vec<(ItemId, Marks)>, Vec<String>),
    );

    fn everything(store: &Store) -> Everything {
        let log = store
            .reviews()
            .iter()
            .map(|r| {
                (
                    store.item_ids()[r.item as usize].to_string(),
                    r.at,
                    r.rating,
                )
            })
            .collect();
        (states_of(store), log, marks_of(store))
    }

    #[test]
    fn a_carry_keeps_progress_and_the_log_and_replays_the_same_from_the_snapshot_and_in_full() {
        for carry_in_snapshot in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let data = DataDir::for_device(dir.path(), "laptop");
            let old = item("c0", Direction::Produce);
            let new = ItemId::new("my_greetings", "c0", Direction::Produce);
            let mut store = open_study(&data, clock(), T0).unwrap();
            answer_some(&mut store, T0, 63); // c0/produce three times among others
            store
                .mark(std::slice::from_ref(&old), Mark::Flag(4), T0 + 1)
                .unwrap();
            let carried = store.state(&old);
            assert!(carried.reviews == 3, "{carried:?}");
            let old_log: Vec<i64> = store
                .reviews()
                .iter()
                .filter(|r| store.item_ids()[r.item as usize] == old)
                .map(|r| r.at)
                .collect();
            if !carry_in_snapshot {
                store.save_snapshot().unwrap();
            }
            let now = T0 + 70 * 3_600_000;
            store.carry(&[(old.clone(), new.clone())], now).unwrap();
            assert_eq!(
                store.state(&new),
                carried,
                "the new item continues from the old"
            );
            assert_eq!(
                store.state(&old),
                ItemState::default(),
                "the old starts again"
            );
            assert_eq!(store.marks(&new).flag, 4, "marks go with the progress");
            assert_eq!(store.marks(&old), Marks::default());
            let new_log: Vec<i64> = store
                .reviews()
                .iter()
                .filter(|r| store.item_ids()[r.item as usize] == new)
                .map(|r| r.at)
                .collect();
            assert_eq!(new_log, old_log, "the review log follows");
            assert_eq!(store.reviews().len(), 63);
            assert!(
                store.undo_last(now).unwrap().is_none(),
                "nothing undone across a carry"
            );
            // Both go on: the new from the old's state, the old from new.
            store
                .answer(&new, Rating::Good, 900, StudyMode::Flip, now + 1000)
                .unwrap();
            store
                .answer(&old, Rating::Again, 900, StudyMode::Flip, now + 2000)
                .unwrap();
            // Its fuzz seeded by its first name, as the old item's answers were.
            assert_eq!(store.fuzz_name(&new), old.as_str());
            assert_eq!(
                store.state(&new),
                store
                    .scheduler()
                    .answer(old.as_str(), &carried, Rating::Good, now + 1000)
            );
            assert_eq!(store.state(&old).reviews, 1);
            if carry_in_snapshot {
                store.save_snapshot().unwrap();
            }
            let expected = everything(&store);
            drop(store);

            let store = open_study(&data, clock(), T0).unwrap();
            assert_eq!(
                store.opened_from_snapshot(),
                carry_in_snapshot,
                "a carry after the snapshot replays the journal"
            );
            assert_eq!(
                everything(&store),
                expected,
                "carry in the snapshot: {carry_in_snapshot}"
            );
            drop(store);
            std::fs::remove_file(data.snapshot_path()).unwrap();
            let store = open_study(&data, clock(), T0).unwrap();
            assert!(!store.opened_from_snapshot());
            assert_eq!(
                everything(&store),
                expected,
                "full replay, carry in the snapshot: {carry_in_snapshot}"
            );
        }
    }

    /// An answer to the old item from before the carry that turns up after the snapshot (a merged
    /// journal) is carried too: the snapshot is not used for it.
    #[test]
    fn an_old_answer_to_a_carried_item_turning_up_later_is_carried_too() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let old = item("c0", Direction::Produce);
        let new = ItemId::new("my_greetings", "c0", Direction::Produce);
        let mut store = open_study(&data, clock(), T0).unwrap();
        store
            .answer(&old, Rating::Good, 900, StudyMode::Flip, T0)
            .unwrap();
        store
            .carry(&[(old.clone(), new.clone())], T0 + 3_600_000)
            .unwrap();
        store.save_snapshot().unwrap();
        drop(store);
        let late = Entry::Review {
            id: "other-device".into(),
            item: old.clone(),
            at: T0 + 60_000,
            rating: Rating::Good,
            ms: 1000,
            mode: StudyMode::Flip,
        };
        let mut journal = std::fs::read_to_string(data.journal_path()).unwrap();
        journal.push_str(&format!("{}\n", ron::to_string(&late).unwrap()));
        std::fs::write(data.journal_path(), journal).unwrap();
        let store = open_study(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        assert_eq!(store.state(&new).reviews, 2);
        assert_eq!(store.state(&old), ItemState::default());
    }

    /// A snapshot of the format before marks (or any other that does not decode) is not used: the
    /// journal is replayed, marks and all, and the record of the opening says why.
    #[test]
    fn a_snapshot_of_another_format_is_replayed_and_said_why() {
        let (dir, data, expected) = answered(5, false);
        let mut store = open_study(&data, clock(), T0).unwrap();
        let a = item("c0", Direction::Produce);
        store
            .mark(std::slice::from_ref(&a), Mark::Suspend, T0)
            .unwrap();
        store.save_snapshot().unwrap();
        drop(store);
        let mut bytes = std::fs::read(data.snapshot_path()).unwrap();
        bytes[..8].copy_from_slice(b"TDSNAP02");
        std::fs::write(data.snapshot_path(), &bytes).unwrap();
        let (store, records) = store_records(|| open_study(&data, clock(), T0).unwrap());
        assert!(!store.opened_from_snapshot());
        assert_eq!(states_of(&store), expected);
        assert!(store.marks(&a).suspended);
        let root = dir.path().display().to_string();
        assert!(
            records.iter().any(|r| r
                .message
                .starts_with(&format!("opened {root} as device laptop ("))
                && r.message.ends_with(
                    "; the snapshot was not used: it is damaged or of another version of \
                     talkdeck's format"
                )),
            "{:?}",
            records.iter().map(|r| &r.message).collect::<Vec<_>>()
        );
    }

    /// Another device's journal: an undo there takes back an answer made here; a line that
    /// cannot be read is reported once, naming the journal and the line, however often the
    /// journals are read; entries dated ahead of this clock are used, with one WARNING.
    #[test]
    fn another_devices_undo_bad_line_and_future_entries_are_each_taken_as_they_should() {
        let dir = tempfile::tempdir().unwrap();
        let desk = DataDir::for_device(dir.path(), "desk");
        let laptop = DataDir::for_device(dir.path(), "laptop");
        let mut store = open_study(&desk, clock(), T0).unwrap();
        let hi = item("hi", Direction::Produce);
        store
            .answer(&hi, Rating::Good, 1000, StudyMode::Flip, T0)
            .unwrap();
        let id = match journal_of(&desk).pop() {
            Some(Entry::Review { id, .. }) => id,
            other => panic!("{other:?}"),
        };
        let ahead = T0 + 60 * 60_000;
        let lines = format!(
            "Undo(id:\"u1\",review:\"{id}\",at:{})\nnot a line\n\
             Review(id:\"l1\",item:\"greetings/hello/produce\",at:{ahead},rating:Good,ms:900,mode:Flip)\n",
            T0 + 1000
        );
        std::fs::write(laptop.journal_path(), &lines).unwrap();
        let (_, records) = store_records(|| {
            store.take_arrivals(T0 + 2000).unwrap();
            store.take_arrivals(T0 + 3000).unwrap();
            drop(store);
            open_study(&desk, clock(), T0 + 4000).unwrap()
        });
        let root = dir.path().display().to_string();
        let mine: Vec<&str> = records
            .iter()
            .filter(|r| r.message.contains(&root) && r.level >= crate::logging::Level::WARNING)
            .map(|r| r.message.as_str())
            .collect();
        let journal = laptop.journal_path().display().to_string();
        let bad: Vec<_> = mine
            .iter()
            .filter(|m| m.starts_with(&format!("{journal}:2: unreadable")))
            .collect();
        assert_eq!(
            bad.len(),
            2,
            "once while running, once at the next opening: {mine:?}"
        );
        let future: Vec<_> = mine
            .iter()
            .filter(|m| m.contains("after this computer's clock"))
            .collect();
        assert_eq!(future.len(), 2, "{mine:?}");
        assert!(future[0].starts_with(&format!("{journal}: holds entries dated up to 59 minutes")));
        let store = open_read(&desk, clock(), T0 + 5000).unwrap();
        assert_eq!(
            store.state(&hi).phase,
            Phase::New,
            "the laptop's undo took it back"
        );
        assert_eq!(
            store.reviews().len(),
            1,
            "the future answer counts as it is"
        );
        assert_eq!(
            std::fs::read_to_string(laptop.journal_path()).unwrap(),
            lines
        );
    }
}
