//! The opened data folder: lock, settings, journal, and the item states replayed from it.

use std::io;

use super::index::ItemIndex;
use super::journal::{
    Access, Entry, Journal, JournalBytes, Replayed, Rows, StudyMode, StudyMore, at_path,
    new_entry_id, replay_rows, report_corrupt,
};
use super::snapshot::{self, Snapshot};
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

/// One shard of a parallel replay: its items (in order of first appearance) and, for each of its
/// rows in journal order, the item and the state before the answer.
#[derive(Default)]
struct Shard<'a> {
    ids: Vec<&'a str>,
    /// Each item's fuzz seed, hashed once.
    seeds: Vec<u64>,
    first_rows: Vec<u32>,
    /// Each item's state before its latest answer, which is `pending` until the shard is done.
    states: Vec<ItemState>,
    pending: Vec<Option<(Rating, i64)>>,
    rows: Vec<ShardRow>,
}

#[derive(Clone, Copy)]
struct ShardRow {
    local: u32,
    was_new: bool,
    phase_before: Phase,
}

/// What the derived states depend on besides the journal: a snapshot made under another
/// configuration is not used.
fn config_fingerprint(scheduler: &Scheduler) -> u64 {
    snapshot::fnv(format!("{:?}|{:?}", scheduler.config(), scheduler.clock()).as_bytes())
}

/// `1 review`, `2 reviews`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

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

/// Why the data folder could not be opened. (Broken settings are not a reason: the defaults are
/// used, and [`Store::settings_problems`] says what was wrong.)
#[derive(Debug)]
pub enum OpenError {
    /// Another talkdeck uses the folder, the folder is a file, or the lock cannot be taken.
    Lock(LockError),
    /// Reading or writing a file failed; the message names the file.
    Io(io::Error),
}

impl OpenError {
    /// Whether opening to read only would not help either: another talkdeck is studying here
    /// (reading alongside it would show figures about to change) or there is no folder at all.
    fn rules_out_reading(&self) -> bool {
        matches!(
            self,
            OpenError::Lock(LockError::InUse { .. } | LockError::NotAFolder { .. })
        )
    }
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Lock(err) => write!(f, "{err}"),
            OpenError::Io(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for OpenError {}

/// The data folder, open for study (or, see [`Store::open_read_only`], to read).
#[derive(Debug)]
pub struct Store {
    dir: DataDir,
    /// Held while open for study; none when open to read.
    _lock: Option<DataLock>,
    journal: Journal,
    settings: Settings,
    /// What was wrong with `settings.ron` when it was read (the defaults are used meanwhile).
    settings_problems: Vec<SettingsError>,
    /// Why answers cannot be saved, when open to read.
    cannot_save: Option<String>,
    scheduler: Scheduler,
    item_ids: Vec<ItemId>,
    /// Where each id is in `item_ids`.
    index: ItemIndex,
    states: Vec<ItemState>,
    reviews: Vec<ReviewLog>,
    /// Every "Study more" in the journal, in order.
    study_more: Vec<StudyMore>,
    /// The last answer that can be undone: its journal id and the item's state before it.
    undoable: Option<(String, u32, ItemState)>,
    /// Journal lines that could not be read.
    pub corrupt_lines: usize,
    from_snapshot: bool,
    /// Fingerprint of the configuration the states were derived with.
    config_hash: u64,
}

impl Store {
    /// Locks the folder, reads the settings and the journal, and derives every item's state: from
    /// the snapshot plus the journal's tail when the snapshot checks out, else by a full replay.
    /// Snapshot files left by a crash are removed, and a torn journal tail set aside.
    pub fn open(dir: &DataDir, clock: DayClock, now_ms: i64) -> Result<Store, OpenError> {
        Store::open_with(dir, clock, now_ms, Access::Write)
    }

    /// Opens the folder to read only, as `stats` does: no lock is taken, nothing is created,
    /// repaired or written, and answers cannot be saved ([`Store::cannot_save`]). Works on a
    /// read-only folder, and beside a talkdeck studying there.
    pub fn open_read_only(dir: &DataDir, clock: DayClock, now_ms: i64) -> Result<Store, OpenError> {
        let mut store = Store::open_with(dir, clock, now_ms, Access::Read)?;
        store.cannot_save = Some(format!("{} was opened to read only", dir.root().display()));
        Ok(store)
    }

    /// Opens the folder for study if it can; when it cannot be written (a read-only folder or
    /// journal, a lock that cannot be made), opens it to read, with the reason in
    /// [`Store::cannot_save`] — the app then shows progress and decks, with Study off. Another
    /// talkdeck on the folder, or a folder that is a file, is still an error.
    pub fn open_or_read_only(
        dir: &DataDir,
        clock: DayClock,
        now_ms: i64,
    ) -> Result<Store, OpenError> {
        match Store::open(dir, clock.clone(), now_ms) {
            Ok(store) => Ok(store),
            Err(err) if err.rules_out_reading() => Err(err),
            Err(err) => {
                let mut store = Store::open_with(dir, clock, now_ms, Access::Read)?;
                crate::error!(
                    name: "talkdeck.store",
                    "answers cannot be saved, so studying is off: {err}"
                );
                store.cannot_save = Some(err.to_string());
                Ok(store)
            }
        }
    }

    fn open_with(
        dir: &DataDir,
        clock: DayClock,
        now_ms: i64,
        access: Access,
    ) -> Result<Store, OpenError> {
        let started = std::time::Instant::now();
        let lock = match access {
            Access::Write => Some(DataLock::acquire(dir.root()).map_err(OpenError::Lock)?),
            Access::Read if dir.is_not_a_folder() => {
                return Err(OpenError::Lock(LockError::NotAFolder {
                    dir: dir.root().to_path_buf(),
                }));
            }
            Access::Read => None,
        };
        if access == Access::Write {
            Snapshot::remove_leftovers(&dir.snapshot_path());
        }
        let settings_path = dir.settings_path();
        let (settings, settings_problems) = match Settings::load(&settings_path) {
            Ok(settings) => (settings, Vec::new()),
            Err(problems) => {
                for problem in &problems {
                    crate::error!(
                        name: "talkdeck.store",
                        "{problem}; the default settings are used until the file is fixed or new \
                         settings are saved (the file is then kept beside them)"
                    );
                }
                (Settings::default(), problems)
            }
        };
        let scheduler = Scheduler::new(settings.scheduler_config(), clock).map_err(|e| {
            OpenError::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: {e}", settings_path.display()),
            ))
        })?;
        let config_hash = config_fingerprint(&scheduler);
        let journal_path = dir.journal_path();
        let usable = Snapshot::load(&dir.snapshot_path()).filter(|s| s.config_hash == config_hash);
        let from_snapshot = match usable {
            Some(snap) => Store::journal_tail(&journal_path, &snap, now_ms, access)
                .map_err(OpenError::Io)?
                .map(|(journal, tail)| (journal, snap, tail)),
            None => None,
        };
        let (journal, snap, bytes, tail_start) = match from_snapshot {
            Some((journal, snap, tail)) => {
                let k = snap.journal_len.min(snapshot::TAIL_BYTES) as usize;
                (journal, Some(snap), tail, k)
            }
            None => {
                let (journal, bytes) = Journal::open_raw_from(&journal_path, now_ms, 0, access)
                    .map_err(OpenError::Io)?;
                (journal, None, bytes, 0)
            }
        };
        let mut store = Store {
            dir: dir.clone(),
            _lock: lock,
            journal,
            settings,
            settings_problems,
            cannot_save: None,
            scheduler,
            item_ids: Vec::new(),
            index: ItemIndex::default(),
            states: Vec::new(),
            reviews: Vec::new(),
            study_more: Vec::new(),
            undoable: None,
            corrupt_lines: 0,
            from_snapshot: false,
            config_hash,
        };
        let tail = replay_rows(&bytes[tail_start..]);
        report_corrupt(&journal_path, &tail.corrupt);
        store.corrupt_lines = tail.corrupt.len();
        let in_order = |snap: &Snapshot| {
            let last = snap.reviews.last().map_or(i64::MIN, |r| r.at);
            tail.rows.first().is_none_or(|r| r.at >= last)
        };
        match snap {
            Some(snap) if tail.unmatched_undos == 0 && in_order(&snap) => {
                store.restore(snap);
                for row in &tail.rows {
                    store.apply(&row.item, row.rating, row.ms, row.at);
                }
                store.study_more.extend(tail.study_more);
                store.from_snapshot = true;
            }
            Some(_) => {
                // The tail undoes or predates what the snapshot covers (a merged journal): rebuild.
                let (journal, bytes) = Journal::open_raw_from(&journal_path, now_ms, 0, access)
                    .map_err(OpenError::Io)?;
                let all = replay_rows(&bytes);
                store.journal = journal;
                store.corrupt_lines = all.corrupt.len();
                store.replay(all);
            }
            None => store.replay(tail),
        }
        let ms = started.elapsed().as_millis() as u64;
        crate::info!(
            name: "talkdeck.store",
            reviews = store.reviews.len(), items = store.item_ids.len(), snapshot = store.from_snapshot,
            ms = ms;
            "opened {}{} ({} of {}{}) in {} ms", dir.root().display(),
            if access == Access::Read { " to read" } else { "" },
            count(store.reviews.len(), "review", "reviews"),
            count(store.item_ids.len(), "item", "items"),
            if store.from_snapshot { ", from the snapshot" } else { "" }, ms
        );
        Ok(store)
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

    /// Opens the journal from just before the end the snapshot covers; returns it and the bytes
    /// from there on if the covered bytes' fingerprint matches, else `None`.
    fn journal_tail(
        path: &std::path::Path,
        snap: &Snapshot,
        now_ms: i64,
        access: Access,
    ) -> io::Result<Option<(Journal, JournalBytes)>> {
        let k = snap.journal_len.min(snapshot::TAIL_BYTES);
        let (journal, bytes) = Journal::open_raw_from(path, now_ms, snap.journal_len - k, access)?;
        let covered = bytes.get(..k as usize);
        let matches = journal.len() >= snap.journal_len
            && covered.is_some_and(|c| snapshot::fnv(c) == snap.tail_hash);
        Ok(matches.then_some((journal, bytes)))
    }

    /// Takes item states, the review log and the "Study more" entries from a snapshot.
    fn restore(&mut self, snap: Snapshot) {
        (self.item_ids, self.states) = snap.items.into_iter().unzip();
        self.index = ItemIndex::build(&self.item_ids);
        self.reviews = snap.reviews;
        self.study_more = snap.study_more;
    }

    /// Applies one answer to the derived state (not to the journal).
    fn apply(&mut self, item: &str, rating: Rating, taken_ms: u32, at: i64) -> (u32, ItemState) {
        let index = self.intern_str(item);
        let before = self.states[index as usize].clone();
        let after = self.scheduler.answer(item, &before, rating, at);
        self.states[index as usize] = after;
        self.reviews.push(ReviewLog {
            item: index,
            at,
            rating,
            taken_ms,
            was_new: before.reviews == 0,
            phase_before: before.phase,
        });
        (index, before)
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
        let len = self.journal.len();
        let tail = self.journal.bytes_before(len, snapshot::TAIL_BYTES)?;
        let snap = Snapshot {
            journal_len: len,
            tail_hash: snapshot::fnv(&tail),
            config_hash: self.config_hash,
            items: self
                .item_ids
                .iter()
                .cloned()
                .zip(self.states.iter().cloned())
                .collect(),
            reviews: self.reviews.clone(),
            study_more: self.study_more.clone(),
        };
        let path = self.dir.snapshot_path();
        snap.save(&path).map_err(|err| at_path(&path, err))
    }

    /// Rebuilds every item's state and the "Study more" list from the journal (into an empty
    /// store).
    fn replay(&mut self, replayed: Replayed<'_>) {
        self.replay_rows(&replayed.rows);
        self.study_more = replayed.study_more;
    }

    /// Rebuilds every item's state from the journal's reviews (into an empty store).
    ///
    /// Items are independent, so the work is split by a hash of the item id: each shard interns
    /// and replays its own items in journal order, which is the same as one pass over everything.
    /// Item indexes are then given in order of first appearance, as [`Store::apply`] gives them.
    fn replay_rows(&mut self, rows: &Rows<'_>) {
        use rayon::prelude::*;

        debug_assert!(
            self.item_ids.is_empty(),
            "replay starts from an empty store"
        );
        // A power of two, so a row's shard is a multiply and a shift rather than a division (every
        // shard looks at every row).
        let n_shards = rayon::current_num_threads()
            .clamp(1, 64)
            .next_power_of_two() as u64;
        let shard_of =
            |hash: u64| (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) & (n_shards - 1);
        let scheduler = &self.scheduler;
        let shards: Vec<Shard> = (0..n_shards)
            .into_par_iter()
            .map(|shard| {
                let mut out = Shard::default();
                // Each item's hash, local index and where its id starts in `names`, a copy of the
                // ids one after another, each followed by a newline (which no id contains). Ids
                // are compared only when the hashes are equal; comparing them with the copy rather
                // than with their first line in the journal keeps that read in the cache.
                let mut local: hashbrown::HashTable<(u64, u32, u32)> = hashbrown::HashTable::new();
                let mut names = String::new();
                for (row_index, row) in rows.iter().enumerate() {
                    let (item, hash) = (row.item.as_ref(), row.item_hash);
                    if shard_of(hash) != shard {
                        continue;
                    }
                    let same = |start: u32| {
                        let name = names.as_bytes().get(start as usize..);
                        name.and_then(|n| n.strip_prefix(item.as_bytes()))
                            .is_some_and(|rest| rest.first() == Some(&b'\n'))
                    };
                    let found = local
                        .find(hash, |&(h, _, start)| h == hash && same(start))
                        .map(|&(_, i, _)| i);
                    let index = found.unwrap_or_else(|| {
                        let index = out.ids.len() as u32;
                        let start = names.len() as u32;
                        names.push_str(item);
                        names.push('\n');
                        local.insert_unique(hash, (hash, index, start), |&(h, _, _)| h);
                        out.first_rows.push(row_index as u32);
                        out.ids.push(item);
                        out.seeds.push(crate::srs::item_seed(item));
                        out.states.push(ItemState::default());
                        out.pending.push(None);
                        index
                    });
                    // No answer depends on an earlier one's interval, so only an item's last
                    // answer has its interval worked out (below).
                    let state = &mut out.states[index as usize];
                    let pending = &mut out.pending[index as usize];
                    if let Some((rating, at)) = pending.replace((row.rating, row.at)) {
                        *state = scheduler.answer_without_interval(state, rating, at);
                    }
                    out.rows.push(ShardRow {
                        local: index,
                        was_new: state.reviews == 0,
                        phase_before: state.phase,
                    });
                }
                for ((state, pending), &seed) in
                    out.states.iter_mut().zip(&out.pending).zip(&out.seeds)
                {
                    if let &Some((rating, at)) = pending {
                        *state = scheduler.answer_seeded(seed, state, rating, at);
                    }
                }
                out
            })
            .collect();

        // Global indexes by first appearance: merge the shards' first rows (each list is sorted).
        let mut order: Vec<(u32, u32, u32)> = shards
            .iter()
            .enumerate()
            .flat_map(|(s, shard)| {
                (0..shard.ids.len() as u32)
                    .map(move |l| (shard.first_rows[l as usize], s as u32, l))
            })
            .collect();
        order.sort_unstable();
        let mut global: Vec<Vec<u32>> = shards.iter().map(|s| vec![0; s.ids.len()]).collect();
        for (g, &(_, s, l)) in order.iter().enumerate() {
            global[s as usize][l as usize] = g as u32;
        }

        // The items in that order, and (at the same time) the review log in journal order.
        let items = || {
            let mut item_ids = Vec::with_capacity(order.len());
            let mut states = Vec::with_capacity(order.len());
            for &(_, s, l) in &order {
                let shard = &shards[s as usize];
                let Some(id) = ItemId::parse(shard.ids[l as usize]) else {
                    unreachable!("journal rows carry valid item ids")
                };
                item_ids.push(id);
                states.push(shard.states[l as usize].clone());
            }
            let index = ItemIndex::build(&item_ids);
            (item_ids, states, index)
        };
        let reviews = || {
            // Each shard's rows are in journal order: walk the rows, taking each from its shard.
            let mut cursors = vec![0usize; shards.len()];
            let mut reviews = Vec::with_capacity(rows.len());
            for row in rows {
                let s = shard_of(row.item_hash) as usize;
                let r = shards[s].rows[cursors[s]];
                cursors[s] += 1;
                reviews.push(ReviewLog {
                    item: global[s][r.local as usize],
                    at: row.at,
                    rating: row.rating,
                    taken_ms: row.ms,
                    was_new: r.was_new,
                    phase_before: r.phase_before,
                });
            }
            reviews
        };
        let ((item_ids, states, index), reviews) = rayon::join(items, reviews);
        self.item_ids = item_ids;
        self.states = states;
        self.index = index;
        self.reviews = reviews;
    }

    /// The index of an item read from the journal (already checked to be a valid id).
    fn intern_str(&mut self, item: &str) -> u32 {
        if let Some(index) = self.index.get(&self.item_ids, item) {
            return index;
        }
        match ItemId::parse(item) {
            Some(id) => self.intern(&id),
            None => unreachable!("journal rows carry valid item ids"),
        }
    }

    fn intern(&mut self, item: &ItemId) -> u32 {
        if let Some(index) = self.index.get(&self.item_ids, item.as_str()) {
            return index;
        }
        let index = self.item_ids.len() as u32;
        self.item_ids.push(item.clone());
        self.index.push(&self.item_ids, index as usize);
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
            .get(&self.item_ids, item.as_str())
            .map(|i| self.states[i as usize].clone())
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
        let (index, before) = self.apply(item.as_str(), rating, taken_ms, now_ms);
        let after = self.states[index as usize].clone();
        self.undoable = Some((id, index, before));
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
            settings
                .save(&path)
                .map_err(|err| SetSettingsError::Io(at_path(&path, err)))?;
        }
        if scheduling_changed {
            let clock = DayClock::new(
                self.scheduler.clock().time_zone().clone(),
                settings.day_starts_at,
            );
            let scheduler = Scheduler::new(settings.scheduler_config(), clock).map_err(|e| {
                SetSettingsError::Io(io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
            })?;
            self.config_hash = config_fingerprint(&scheduler);
            self.scheduler = scheduler;
            let (journal, bytes) =
                Journal::open_raw_from(&self.dir.journal_path(), now_ms, 0, self.journal.access())
                    .map_err(SetSettingsError::Io)?;
            self.journal = journal;
            let replayed = replay_rows(&bytes);
            self.item_ids.clear();
            self.index.clear();
            self.states.clear();
            self.reviews.clear();
            self.undoable = None;
            self.replay(replayed);
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
        &self.study_more
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
        self.journal.append(&more.entry())?;
        self.study_more.push(more.clone());
        Ok(more)
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

    /// A journal over 1 MiB is mapped and replayed in shards; the result must equal answering every
    /// line in order, and a torn last line must still be set aside.
    #[test]
    fn a_large_mapped_journal_replays_like_one_pass_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
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
        std::fs::write(data.journal_path(), &text).unwrap();

        let scheduler = Scheduler::new(Settings::default().scheduler_config(), clock()).unwrap();
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

        let store = Store::open(&data, clock(), T0).unwrap();
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
        let torn = std::fs::read_dir(dir.path())
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
        let data = DataDir::new(dir.path());
        let hi = ItemId::new("greetings", "hi", Direction::Produce);
        let mut store = Store::open(&data, clock(), T0).unwrap();
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
        let reopened = Store::open(&data, clock(), now).unwrap();
        assert_eq!(
            reopened.state(&hi),
            after,
            "the same as deriving from scratch"
        );
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
        let data = DataDir::new(dir.path());
        let mut store = Store::open(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        answer_some(&mut store, T0, 40);
        store.save_snapshot().unwrap();
        drop(store);

        let mut store = Store::open(&data, clock(), T0).unwrap();
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

        let store = Store::open(&data, clock(), T0).unwrap();
        assert!(store.opened_from_snapshot());
        assert_eq!((states_of(&store), store.reviews().to_vec()), expected);
        drop(store);
        std::fs::remove_file(data.snapshot_path()).unwrap();
        let store = Store::open(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        assert_eq!(
            (states_of(&store), store.reviews().to_vec()),
            expected,
            "full replay agrees"
        );
    }

    #[test]
    fn a_snapshot_that_does_not_check_out_is_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut store = Store::open(&data, clock(), T0).unwrap();
        answer_some(&mut store, T0, 30);
        store.save_snapshot().unwrap();
        let expected = states_of(&store);
        drop(store);

        // Damaged: a flipped byte.
        let good = std::fs::read(data.snapshot_path()).unwrap();
        let mut damaged = good.clone();
        damaged[40] ^= 1;
        std::fs::write(data.snapshot_path(), &damaged).unwrap();
        let store = Store::open(&data, clock(), T0).unwrap();
        assert!(!store.opened_from_snapshot());
        assert_eq!(states_of(&store), expected);
        drop(store);

        // Other settings: states derived with another retention are not reused.
        std::fs::write(data.snapshot_path(), &good).unwrap();
        std::fs::write(data.settings_path(), "Settings(desired_retention: 0.8)").unwrap();
        let store = Store::open(&data, clock(), T0).unwrap();
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
        let store = Store::open(&data, clock(), T0).unwrap();
        assert!(
            store.opened_from_snapshot(),
            "same bytes: the snapshot still fits"
        );
        drop(store);
        std::fs::write(data.journal_path(), &first_half).unwrap();
        let store = Store::open(&data, clock(), T0).unwrap();
        assert!(
            !store.opened_from_snapshot(),
            "a shorter journal is not the one the snapshot covers"
        );
        assert_eq!(store.reviews().len(), 10);
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
        let data = DataDir::new(dir.path());
        let missing = DataDir::new(dir.path().join("not-yet"));
        let empty = Store::open_read_only(&missing, clock(), T0).unwrap();
        assert_eq!(empty.reviews().len(), 0);
        assert!(!missing.root().exists(), "nothing created");

        let mut store = Store::open(&data, clock(), T0).unwrap();
        answer_some(&mut store, T0, 5);
        drop(store);
        // A torn last line, which opening for study would set aside.
        let mut journal = std::fs::read(data.journal_path()).unwrap();
        journal.extend_from_slice(b"Review(id:\"torn\",ite");
        std::fs::write(data.journal_path(), &journal).unwrap();
        let before = files_in(dir.path());

        let mut reader = Store::open_read_only(&data, clock(), T0).unwrap();
        assert_eq!(reader.reviews().len(), 5, "the whole lines are read");
        assert!(reader.cannot_save().is_some());
        // No lock is held: a talkdeck may study here meanwhile.
        drop(DataLock::acquire(dir.path()).unwrap());
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
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mut store = Store::open(&data, clock(), T0).unwrap();
        answer_some(&mut store, T0, 3);
        drop(store);
        // The lock file cannot be made: a folder is in its place (this fails as root, too).
        std::fs::remove_file(dir.path().join("talkdeck.lock")).unwrap();
        std::fs::create_dir(dir.path().join("talkdeck.lock")).unwrap();
        let err = Store::open(&data, clock(), T0).unwrap_err().to_string();
        let lock = dir.path().join("talkdeck.lock");
        assert!(
            err.starts_with(&format!(
                "cannot lock the data folder: {}: ",
                lock.display()
            )),
            "{err}"
        );
        let store = Store::open_or_read_only(&data, clock(), T0).unwrap();
        assert_eq!(store.cannot_save(), Some(err.as_str()));
        assert_eq!(store.reviews().len(), 3);

        // Another talkdeck studying here, or a file for a folder, is still refused.
        std::fs::remove_dir(&lock).unwrap();
        let _first = Store::open(&data, clock(), T0).unwrap();
        assert!(matches!(
            Store::open_or_read_only(&data, clock(), T0),
            Err(OpenError::Lock(LockError::InUse { .. }))
        ));
        let file = DataDir::new(dir.path().join("journal.ron"));
        for result in [
            Store::open_or_read_only(&file, clock(), T0),
            Store::open_read_only(&file, clock(), T0),
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
        let data = DataDir::new(dir.path());
        let broken = "Settings(\n    new_per_day: 5,\n    theme: Purple,\n)\n";
        std::fs::write(data.settings_path(), broken).unwrap();
        let mut store = Store::open(&data, clock(), T0).unwrap();
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

        let mut store = Store::open(&data, clock(), T0).unwrap();
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
        let data = DataDir::new(dir.path());
        std::fs::write(dir.path().join(".snapshot.bin.tmp-4242"), b"half").unwrap();
        std::fs::write(dir.path().join(".snapshot.bin.tmp-notapid"), b"mine").unwrap();
        drop(Store::open_read_only(&data, clock(), T0).unwrap());
        assert!(
            dir.path().join(".snapshot.bin.tmp-4242").exists(),
            "reading removes nothing"
        );
        drop(Store::open(&data, clock(), T0).unwrap());
        assert!(!dir.path().join(".snapshot.bin.tmp-4242").exists());
        assert!(
            dir.path().join(".snapshot.bin.tmp-notapid").exists(),
            "only talkdeck's own names"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_journal_or_snapshot_that_is_not_a_file_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let mkfifo = |path: std::path::PathBuf| {
            let made = std::process::Command::new("mkfifo").arg(path).status();
            assert!(made.unwrap().success());
        };
        mkfifo(data.snapshot_path());
        let opened = {
            let data = data.clone();
            crate::files::without_waiting(move || Store::open(&data, clock(), T0).is_ok())
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
                Access::Write => Store::open(&data, clock(), T0).map(drop),
                Access::Read => Store::open_read_only(&data, clock(), T0).map(drop),
            })
            .unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "{}: is a pipe, not a file",
                    dir.path().join("journal.ron").display()
                )
            );
        }
    }

    #[test]
    fn a_torn_tail_is_reported_before_it_is_moved_aside() {
        use crate::logging::{self, HandlerOptions, Level, MemoryHandler};
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::write(data.journal_path(), "Review(id:\"torn\",ite").unwrap();
        // Where the torn bytes go is taken (by a folder), so moving them fails after the report.
        let aside = dir.path().join(format!("journal.ron.torn-{T0}"));
        std::fs::create_dir(&aside).unwrap();
        let memory = std::sync::Arc::new(MemoryHandler::new(1000, HandlerOptions::default()));
        let logger = logging::get_logger("talkdeck.store");
        logger.set_level(Level::DEBUG);
        logger.add_handler(memory.clone());
        let err = Store::open(&data, clock(), T0).unwrap_err();
        logger.remove_handler(&(memory.clone() as std::sync::Arc<dyn logging::Handler>));
        assert!(
            err.to_string().starts_with(&aside.display().to_string()),
            "{err}"
        );
        let journal = data.journal_path().display().to_string();
        assert!(
            memory.snapshot().iter().any(|r| r.level == Level::WARNING
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
}
