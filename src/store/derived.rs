//! The state derived from the journal, with no I/O: every item's id and state, the compact review
//! log, the "Study more" entries, every item's marks and the hidden decks — how an answer or a mark
//! changes them, and how a whole journal's rows replay into them (in parallel, sharded by item).
//! Tests build it without a folder.
//!
//! Marks, carries, hidden decks and fitted parameters ("events") are few: after the rows, they are
//! applied one by one in journal order. Carries have already renamed the rows they reach (`lines`),
//! so here a carry only moves the old item's marks to the new one. Fitted parameters are taken
//! before the rows are replayed (the scheduler is made with them, `open`); here only which entry
//! is in use is kept.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::entry::{Entry, Fitted, Mark, Marks, ReviewLog, StudyMore};
use super::index::ItemIndex;
use super::lines::{Replayed, Rows};
use crate::deck::ItemId;
use crate::srs::{DayClock, ItemState, Phase, Rating, Scheduler};

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

/// Every item's state, the review log and the "Study more" entries, as the journal's replay gives
/// them.
#[derive(Debug, Default)]
pub struct Derived {
    item_ids: Vec<ItemId>,
    /// Where each id is in `item_ids`.
    index: ItemIndex,
    states: Vec<ItemState>,
    reviews: Vec<ReviewLog>,
    /// Every "Study more" in the journal, in order.
    study_more: Vec<StudyMore>,
    /// Every item with marks that are not all clear.
    marks: BTreeMap<ItemId, Marks>,
    /// The decks hidden from study.
    hidden: BTreeSet<String>,
    /// The latest time any carry in the journal reaches back from (its `at`), if there is one: a
    /// review at or before it may belong to another item than its line says.
    carried_until: Option<i64>,
    /// The latest time a backlog was spread ([`Entry::Spread`]), if ever.
    spread_at: Option<i64>,
    /// Each carried item's first name (`new` → the item its progress was first given under): its
    /// interval fuzz is seeded by that name, so a carried item keeps its due date to the day.
    origins: HashMap<String, String>,
    /// The fitted parameters in use: the latest entry not undone ([`Fitted::latest`]).
    fitted: Option<Fitted>,
}

/// What a snapshot keeps besides items, reviews and "Study more".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    pub marks: Vec<(ItemId, Marks)>,
    pub hidden: Vec<String>,
    pub carried_until: Option<i64>,
    /// The latest time a backlog was spread, if ever.
    pub spread_at: Option<i64>,
    /// `(item, first name)` for every carried item.
    pub origins: Vec<(ItemId, ItemId)>,
    /// The fitted parameters in use.
    pub fitted: Option<Fitted>,
}

/// The version of [`DayClock::day`](crate::srs::DayClock::day)'s rule in zones with DST.
const DAY_RULE: u8 = 2;

/// What the derived states depend on besides the journal — the scheduler's configuration and its
/// day clock — as a fingerprint: a snapshot made under another configuration is not used. It hashes
/// the values themselves (not a `Debug` rendering, whose form may change).
pub fn config_fingerprint(scheduler: &Scheduler) -> u64 {
    let config = scheduler.config();
    let mut bytes = Vec::with_capacity(128);
    bytes.extend(config.desired_retention.to_bits().to_le_bytes());
    for steps in [&config.learning_steps_secs, &config.relearning_steps_secs] {
        bytes.extend((steps.len() as u32).to_le_bytes());
        steps.iter().for_each(|s| bytes.extend(s.to_le_bytes()));
    }
    bytes.extend(config.maximum_interval_days.to_le_bytes());
    bytes.extend(config.leech_threshold.to_le_bytes());
    bytes.push(u8::from(config.fuzz));
    match &config.parameters {
        None => bytes.push(0),
        Some(parameters) => {
            bytes.push(1);
            bytes.extend((parameters.len() as u32).to_le_bytes());
            parameters
                .iter()
                .for_each(|p| bytes.extend(p.to_bits().to_le_bytes()));
        }
    }
    let clock = scheduler.clock();
    bytes.push(clock.rollover_hour());
    if clock.has_transitions() {
        // Days counted by local time on DST change days too (the rule before counted the hour
        // after the rollover on such a day to the day before).
        bytes.push(DAY_RULE);
    }
    let zone = clock.time_zone();
    match zone.iana_name() {
        Some(name) => {
            bytes.push(1);
            bytes.extend(name.as_bytes());
        }
        None => {
            // A zone without a name (a fixed offset, a POSIX rule): its offsets through the year.
            bytes.push(2);
            for month in 0..12 {
                let at = jiff::Timestamp::from_second(1_767_225_600 + month * 2_629_746)
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
                bytes.extend(zone.to_offset(at).seconds().to_le_bytes());
            }
        }
    }
    crate::files::fingerprint(&bytes)
}

impl Derived {
    /// The state a whole journal's rows give (what a full replay derives).
    pub fn replay(scheduler: &Scheduler, replayed: Replayed<'_>) -> Derived {
        let mut derived = Derived::default();
        // First names before any answer is replayed: they seed the carried items' fuzz.
        for event in &replayed.events {
            if let Entry::Carry { map, .. } = event {
                derived.carry_origins(map);
            }
        }
        derived.replay_rows(scheduler, &replayed.rows);
        derived.study_more = replayed.study_more;
        for event in &replayed.events {
            derived.apply_event(scheduler.clock(), event);
        }
        derived
    }

    /// The state a snapshot holds.
    pub fn from_parts(
        items: Vec<(ItemId, ItemState)>,
        reviews: Vec<ReviewLog>,
        study_more: Vec<StudyMore>,
        kept: Kept,
    ) -> Derived {
        let (item_ids, states): (Vec<ItemId>, Vec<ItemState>) = items.into_iter().unzip();
        Derived {
            index: ItemIndex::build(&item_ids),
            item_ids,
            states,
            reviews,
            study_more,
            marks: kept.marks.into_iter().collect(),
            hidden: kept.hidden.into_iter().collect(),
            carried_until: kept.carried_until,
            spread_at: kept.spread_at,
            origins: kept
                .origins
                .into_iter()
                .map(|(item, origin)| (item.as_str().to_owned(), origin.as_str().to_owned()))
                .collect(),
            fitted: kept.fitted,
        }
    }

    /// The marks, hidden decks and carry time, as a snapshot keeps them.
    pub fn kept(&self) -> Kept {
        Kept {
            marks: self.marks.iter().map(|(id, m)| (id.clone(), *m)).collect(),
            hidden: self.hidden.iter().cloned().collect(),
            carried_until: self.carried_until,
            spread_at: self.spread_at,
            origins: {
                let mut origins: Vec<(ItemId, ItemId)> = self
                    .origins
                    .iter()
                    .filter_map(|(item, origin)| {
                        Some((ItemId::parse(item)?, ItemId::parse(origin)?))
                    })
                    .collect();
                origins.sort();
                origins
            },
            fitted: self.fitted.clone(),
        }
    }

    /// The latest time any carry reaches back from, if there is one.
    pub fn carried_until(&self) -> Option<i64> {
        self.carried_until
    }

    /// The fitted parameters in use, if any.
    pub fn fitted(&self) -> Option<&Fitted> {
        self.fitted.as_ref()
    }

    /// Records a carry's first names, all pairs at once (a swap swaps): each new item is named
    /// after its old item's first name. Only replay calls it, before the answers (a carry makes
    /// the store replay the whole journal).
    fn carry_origins(&mut self, map: &[(ItemId, ItemId)]) {
        let mut seen = BTreeSet::new();
        let named: Vec<(String, String)> = map
            .iter()
            .filter(|(old, _)| seen.insert(old))
            .map(|(old, new)| {
                (
                    new.as_str().to_owned(),
                    self.fuzz_name(old.as_str()).to_owned(),
                )
            })
            .collect();
        for (new, origin) in named {
            if new == origin {
                self.origins.remove(&new);
            } else {
                self.origins.insert(new, origin);
            }
        }
    }

    /// The name an item's interval fuzz is seeded by: its first name if it was carried, else its
    /// own.
    pub fn fuzz_name<'a>(&'a self, item: &'a str) -> &'a str {
        self.origins.get(item).map_or(item, String::as_str)
    }

    /// Applies a mark, a carry's marks, a hidden deck or fitted parameters (anything else is not an
    /// event and is ignored). Carries must have renamed the rows already: here they only move
    /// marks. Fitted parameters are only noted: the states are the scheduler's, made with them.
    pub fn apply_event(&mut self, clock: &DayClock, event: &Entry) {
        match event {
            Entry::Mark {
                at, items, mark, ..
            } => {
                self.mark(clock, items, *mark, *at);
            }
            Entry::Carry { at, map, .. } => {
                // All pairs at once: the old items' marks are taken first, so a swap swaps.
                let mut seen = BTreeSet::new();
                let moved: Vec<(&ItemId, Marks)> = map
                    .iter()
                    .filter(|(old, _)| seen.insert(old))
                    .map(|(old, new)| (new, self.marks.remove(old).unwrap_or_default()))
                    .collect();
                for (new, marks) in moved {
                    self.set_marks(new.clone(), marks);
                }
                self.carried_until = Some(self.carried_until.map_or(*at, |t| t.max(*at)));
            }
            Entry::HideDeck { deck, hidden, .. } => self.set_hidden(deck, *hidden),
            Entry::Parameters { .. } => {
                self.fitted = Fitted::latest(self.fitted.take(), Fitted::of(event));
            }
            Entry::Spread {
                at, per_day, items, ..
            } => self.spread(clock, items, *per_day, *at),
            Entry::Review { .. } | Entry::Undo { .. } | Entry::StudyMore { .. } => {}
        }
    }

    /// Spreads `items` (a backlog, in the order to study them) `per_day` a day from the study day of
    /// `at` on: the k-th is due from day `k / per_day` after it, or later if it already was. Only
    /// reviews not answered since `at` move, so the result is the same whichever order the answers
    /// and the spread are applied in (replay applies the answers first).
    pub fn spread(&mut self, clock: &DayClock, items: &[ItemId], per_day: u32, at: i64) {
        self.spread_at = Some(self.spread_at.map_or(at, |t| t.max(at)));
        let first_day = clock.day(at);
        for (k, item) in items.iter().enumerate() {
            let later = (k / per_day.max(1) as usize) as i32;
            let Some(i) = self.index.get(&self.item_ids, item.as_str()) else {
                continue;
            };
            let state = &mut self.states[i as usize];
            if later == 0
                || state.phase != Phase::Review
                || state.last_review_ms.is_none_or(|last| last >= at)
            {
                continue;
            }
            state.due_ms = state.due_ms.max(clock.start_of_day(first_day + later));
        }
    }

    /// The latest time a backlog was spread, if ever.
    pub fn spread_at(&self) -> Option<i64> {
        self.spread_at
    }

    /// Applies `mark` made at `at` to `items`; returns each item's marks before, to undo it.
    pub fn mark(
        &mut self,
        clock: &DayClock,
        items: &[ItemId],
        mark: Mark,
        at: i64,
    ) -> Vec<(ItemId, Marks)> {
        let day = clock.day(at);
        let mut before = Vec::with_capacity(items.len());
        for item in items {
            let was = self.marks(item);
            before.push((item.clone(), was));
            self.set_marks(item.clone(), was.with(mark, day));
        }
        before
    }

    /// Puts marks back as they were (an undone mark), the last item first so an item named twice
    /// gets its first `before`.
    pub fn restore_marks(&mut self, before: Vec<(ItemId, Marks)>) {
        for (item, marks) in before.into_iter().rev() {
            self.set_marks(item, marks);
        }
    }

    fn set_marks(&mut self, item: ItemId, marks: Marks) {
        if marks.is_clear() {
            self.marks.remove(&item);
        } else {
            self.marks.insert(item, marks);
        }
    }

    /// The item's marks; all clear if never marked.
    pub fn marks(&self, item: &ItemId) -> Marks {
        self.marks.get(item).copied().unwrap_or_default()
    }

    /// Every item with marks that are not all clear, by id.
    pub fn marked(&self) -> impl Iterator<Item = (&ItemId, &Marks)> {
        self.marks.iter()
    }

    /// Hides `deck` from study, or shows it again.
    pub fn set_hidden(&mut self, deck: &str, hidden: bool) {
        if hidden {
            self.hidden.insert(deck.to_owned());
        } else {
            self.hidden.remove(deck);
        }
    }

    /// Whether `deck` is hidden from study.
    pub fn is_hidden(&self, deck: &str) -> bool {
        self.hidden.contains(deck)
    }

    /// The hidden decks, by id.
    pub fn hidden(&self) -> impl Iterator<Item = &str> {
        self.hidden.iter().map(String::as_str)
    }

    /// Every item with its state, in index order (what a snapshot keeps).
    pub fn items(&self) -> Vec<(ItemId, ItemState)> {
        self.item_ids
            .iter()
            .cloned()
            .zip(self.states.iter().cloned())
            .collect()
    }

    /// Applies one answer: the item's new state and a review in the log. Returns the item's index
    /// and its state before.
    pub fn apply(
        &mut self,
        scheduler: &Scheduler,
        item: &str,
        rating: Rating,
        taken_ms: u32,
        at: i64,
    ) -> (u32, ItemState) {
        let index = self.intern_str(item);
        let before = self.states[index as usize].clone();
        let seed = crate::srs::item_seed(self.fuzz_name(item));
        let after = scheduler.answer_seeded(seed, &before, rating, at);
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

    /// Adds a "Study more" entry.
    pub fn push_study_more(&mut self, more: StudyMore) {
        self.study_more.push(more);
    }

    /// Every "Study more" the journal holds, in order.
    pub fn study_more(&self) -> &[StudyMore] {
        &self.study_more
    }

    /// Takes back the last answer given to the item at `index`: its state as it was, and its
    /// latest review out of the log. Returns the item.
    pub fn undo(&mut self, index: u32, before: ItemState) -> &ItemId {
        self.states[index as usize] = before;
        if let Some(position) = self.reviews.iter().rposition(|r| r.item == index) {
            self.reviews.remove(position);
        }
        &self.item_ids[index as usize]
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

    /// Rebuilds every item's state from the journal's reviews (into an empty state).
    ///
    /// Items are independent, so the work is split by a hash of the item id: each shard interns
    /// and replays its own items in journal order, which is the same as one pass over everything.
    /// Item indexes are then given in order of first appearance, as [`Derived::apply`] gives them.
    fn replay_rows(&mut self, scheduler: &Scheduler, rows: &Rows<'_>) {
        use rayon::prelude::*;

        debug_assert!(self.item_ids.is_empty(), "replay starts from nothing");
        // A power of two, so a row's shard is a multiply and a shift rather than a division (every
        // shard looks at every row).
        let n_shards = rayon::current_num_threads()
            .clamp(1, 64)
            .next_power_of_two() as u64;
        let shard_of =
            |hash: u64| (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) & (n_shards - 1);
        let origins = &self.origins;
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
                        // Carried items are few: most journals have none to look up.
                        let origin = if origins.is_empty() {
                            None
                        } else {
                            origins.get(item)
                        };
                        out.seeds
                            .push(crate::srs::item_seed(origin.map_or(item, String::as_str)));
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Direction;

    fn item(card: &str) -> ItemId {
        ItemId::new("d", card, Direction::Produce)
    }

    #[test]
    fn events_apply_in_journal_order_and_a_carry_moves_marks_all_at_once() {
        let clock = DayClock::new(jiff::tz::TimeZone::UTC, 4);
        let mark = |id: &str, at: i64, cards: &[&str], mark: Mark| Entry::Mark {
            id: id.into(),
            at,
            items: cards.iter().map(|c| item(c)).collect(),
            mark,
        };
        let mut derived = Derived::default();
        for event in [
            mark("m1", 0, &["a"], Mark::Flag(1)),
            mark("m2", 1, &["b"], Mark::Suspend),
            mark("m3", 2, &["c"], Mark::Bury),
            // Later in the journal wins, whatever the times say.
            mark("m4", 1, &["a"], Mark::Flag(5)),
            Entry::Carry {
                id: "c1".into(),
                at: 3,
                map: vec![
                    (item("a"), item("b")),
                    (item("b"), item("a")),
                    (item("a"), item("z")),
                ],
            },
            Entry::HideDeck {
                id: "h1".into(),
                at: 4,
                deck: "d".into(),
                hidden: true,
            },
        ] {
            derived.apply_event(&clock, &event);
        }
        let flagged = Marks {
            flag: 5,
            ..Marks::default()
        };
        let suspended = Marks {
            suspended: true,
            ..Marks::default()
        };
        assert_eq!(derived.marks(&item("b")), flagged, "a's marks went to b");
        assert_eq!(derived.marks(&item("a")), suspended, "and b's to a");
        assert_eq!(
            derived.marks(&item("z")),
            Marks::default(),
            "a pair after the first is ignored"
        );
        assert_eq!(derived.marks(&item("c")).buried_day, Some(clock.day(2)));
        assert!(derived.is_hidden("d"));
        let kept = derived.kept();
        assert_eq!(kept.carried_until, Some(3));
        assert_eq!(kept.marks.len(), 3);
        let restored = Derived::from_parts(Vec::new(), Vec::new(), Vec::new(), kept.clone());
        assert_eq!(restored.kept(), kept, "the snapshot's parts give the same");
    }

    #[test]
    fn the_latest_fitted_parameters_by_time_then_id_are_in_use_whatever_the_journal_order() {
        let clock = DayClock::new(jiff::tz::TimeZone::UTC, 4);
        let parameters = |id: &str, at: i64| Entry::Parameters {
            id: id.into(),
            at,
            parameters: crate::srs::FAST_FORGETTER.to_vec(),
            reviews: 100,
            log_loss: 0.3,
            rmse: 0.02,
        };
        let entries = [parameters("b", 5), parameters("a", 9), parameters("c", 5)];
        let in_use = |order: &[usize]| {
            let mut derived = Derived::default();
            for &i in order {
                derived.apply_event(&clock, &entries[i]);
            }
            let picked = Fitted::latest_of(order.iter().map(|&i| &entries[i]));
            assert_eq!(derived.fitted(), picked.as_ref(), "the pre-scan agrees");
            derived.fitted().map(|f| f.id.clone())
        };
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2]] {
            assert_eq!(in_use(&order).as_deref(), Some("a"), "{order:?}");
        }
        assert_eq!(
            in_use(&[0, 2]).as_deref(),
            Some("c"),
            "same time: the greater id"
        );
        let mut derived = Derived::default();
        derived.apply_event(&clock, &entries[1]);
        let kept = derived.kept();
        assert_eq!(kept.fitted, Fitted::of(&entries[1]));
        let restored = Derived::from_parts(Vec::new(), Vec::new(), Vec::new(), kept);
        assert_eq!(restored.fitted(), derived.fitted());
    }
}
