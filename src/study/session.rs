//! A study session over some decks: the next item with what each answer would give, answers and
//! undo, and the session's log records. The session knows which item is shown and since when, so
//! an answer's time is worked out here, once, for the app and the terminal alike.
//!
//! Marks made during a session (suspend, bury) take their items out of it at once; flags change
//! nothing. Undo takes back the last answer or mark alike.
//!
//! Every session is on record: INFO when it starts (decks, counts), DEBUG per item shown, INFO per
//! answer (item, rating, time taken, next due) and per mark, NOTICE with the summary at the end.

use std::io;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::plan::queue_preferring;
use super::prompt::{Prompt, prompt_for};
use super::queue::{Outlook, Queue};
use crate::deck::{Direction, ItemId, Library};
use crate::srs::{ItemState, Rating};
use crate::store::{Mark, Store, StudyMode, Undone, UndoneKind};

/// What a session did, and what waits after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionSummary {
    /// The decks studied (every deck when the session was over all of them).
    pub decks: Vec<String>,
    pub reviewed: usize,
    /// Answers other than Again.
    pub correct: usize,
    pub time_ms: u64,
    /// What the queue over the session's decks holds as it ends: items still to study now, new
    /// items waiting beyond today's limits, reviews due soon, and when the next item is due.
    pub outlook: Outlook,
}

impl SessionSummary {
    /// Percent of answers that were not Again.
    pub fn accuracy(&self) -> f64 {
        if self.reviewed == 0 {
            0.0
        } else {
            100.0 * self.correct as f64 / self.reviewed as f64
        }
    }
}

/// The longest an answer counts as taking, in ms: ten minutes. A learner who walked away from a
/// card is not timed for the break. One cap for the app and the terminal alike, so an answer's time
/// on record does not depend on where it was given.
pub const MAX_ANSWER_MS: u32 = 600_000;

/// The next item of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Next {
    /// The items queued after this one (at most [`UPCOMING`]), for work done ahead of time
    /// (speech synthesised before an item is shown).
    pub upcoming: Vec<ItemId>,
    pub prompt: Prompt,
    /// Items in the queue, this one included.
    pub left: usize,
    /// This is the item just answered, asked again at once because nothing else is left.
    pub again: bool,
    /// What each answer would give, in [`Rating::ALL`]'s order: seconds from when the item was
    /// shown until it is due again, as the grade buttons say it (`10m`, `3d`).
    pub interval_secs: [i64; 4],
}

/// How many of the items queued next [`Next::upcoming`] names.
pub const UPCOMING: usize = 3;

/// The item handed out and not answered yet.
#[derive(Clone, Debug)]
struct Shown {
    item: ItemId,
    /// The template variant it shows.
    variant: usize,
    /// When it was shown (ms since the Unix epoch): its answer's time counts from here.
    at_ms: i64,
}

/// One sitting of study.
pub struct Session {
    /// The decks asked for; empty means every deck.
    decks: Vec<String>,
    /// A card's new item in this direction is introduced before its siblings.
    new_first: Option<Direction>,
    rng: StdRng,
    summary: SessionSummary,
    /// Rating and time of each answer this session, so an undo takes back its share.
    answers: Vec<(Rating, u32)>,
    /// The item answered last: not asked again next while anything else can be.
    last: Option<ItemId>,
    /// There was nothing to study when it started: it is not logged as a session.
    empty: bool,
    /// The item on screen: the one [`Session::answer`] answers.
    shown: Option<Shown>,
    /// The variant of each answer this session, so an item taken back comes back as it was.
    answered_variants: Vec<usize>,
    /// The item taken back last and its variant: asked again in that variant.
    undone: Option<(ItemId, usize)>,
    /// The item that was on screen when a mark took it out of the session: the mark's entry id,
    /// the item and its variant, so undoing that mark asks it again as it was.
    marked_shown: Option<(String, ItemId, usize)>,
    /// A custom session's own list (the phrases behind a figure on Stats), with when it started;
    /// `None` for a session over decks.
    custom: Option<(Vec<ItemId>, i64)>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("decks", &self.decks)
            .field("summary", &self.summary)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Starts a session over `decks` (all decks when empty); `seed` drives the choice of variants.
    pub fn start(
        library: &Library,
        store: &Store,
        decks: &[String],
        now_ms: i64,
        seed: u64,
    ) -> Session {
        Session::start_preferring(library, store, decks, now_ms, seed, None)
    }

    /// [`Session::start`], introducing a card's new item in direction `new_first` before its
    /// siblings ([`queue_preferring`]).
    pub fn start_preferring(
        library: &Library,
        store: &Store,
        decks: &[String],
        now_ms: i64,
        seed: u64,
        new_first: Option<Direction>,
    ) -> Session {
        let mut session = Session::new(decks, new_first, seed);
        session.log_start(library, store, now_ms);
        session
    }

    fn new(decks: &[String], new_first: Option<Direction>, seed: u64) -> Session {
        Session {
            decks: decks.to_vec(),
            new_first,
            rng: StdRng::seed_from_u64(seed),
            summary: SessionSummary {
                decks: decks.to_vec(),
                ..SessionSummary::default()
            },
            answers: Vec::new(),
            last: None,
            empty: false,
            shown: None,
            answered_variants: Vec::new(),
            undone: None,
            marked_shown: None,
            custom: None,
        }
    }

    /// A session over exactly `items`, in their order, outside the daily limits: each is asked
    /// once and again while it is in (re)learning, and answered as in any session.
    pub fn start_custom(
        library: &Library,
        store: &Store,
        items: Vec<ItemId>,
        now_ms: i64,
        seed: u64,
    ) -> Session {
        let mut decks: Vec<String> = items
            .iter()
            .filter_map(|id| id.parts().map(|(deck, _, _)| deck.to_owned()))
            .collect();
        decks.sort_unstable();
        decks.dedup();
        let mut session = Session::new(&decks, None, seed);
        session.custom = Some((items, now_ms));
        session.log_start(library, store, now_ms);
        session
    }

    /// Notes at INFO what the session starts with, or that there is nothing to study.
    fn log_start(&mut self, library: &Library, store: &Store, now_ms: i64) {
        let decks = &self.decks;
        let queue = self.queue(library, store, now_ms);
        let names = if self.custom.is_some() {
            format!("{} chosen phrases", queue.items.len())
        } else if decks.is_empty() {
            "every deck".to_owned()
        } else {
            decks.join(", ")
        };
        if queue.is_empty() {
            self.empty = true;
            crate::info!(
                name: "talkdeck.study.session",
                decks = decks.join(","), new_waiting = queue.new_waiting;
                "nothing to study in {names} now ({} new items wait for another day{})",
                queue.new_waiting,
                queue.ready_at_ms.map(|at| format!("; the next item is ready {}", describe_due(at))).unwrap_or_default()
            );
        } else {
            crate::info!(
                name: "talkdeck.study.session",
                decks = decks.join(","), new = queue.new, learning = queue.learning, review = queue.review;
                "session started on {names}: {} new, {} learning, {} to review",
                queue.new, queue.learning, queue.review
            );
        }
    }

    /// The item taken back that [`Session::next`] asks first (an answer undone, or the item on
    /// screen when a mark undone took it out), if any.
    pub fn asks_again(&self) -> Option<&ItemId> {
        self.undone.as_ref().map(|(item, _)| item)
    }

    /// The decks this session studies (empty: every deck).
    pub fn decks(&self) -> &[String] {
        &self.decks
    }

    /// The queue for these decks now ([`queue_preferring`]).
    pub fn queue(&self, library: &Library, store: &Store, now_ms: i64) -> Queue {
        if let Some((items, since)) = &self.custom {
            return super::plan::custom_queue(store, items, *since, now_ms);
        }
        queue_preferring(library, store, &self.decks, now_ms, self.new_first)
    }

    /// The next item, shown at `now_ms`, or `None` when the session is done. The item just
    /// answered comes back at once only when nothing else can be asked.
    pub fn next(&mut self, library: &Library, store: &Store, now_ms: i64) -> Option<Next> {
        self.next_early(library, store, now_ms, now_ms)
    }

    /// [`Session::next`] as the queue stands at `ready_ms` (a learning item whose step has not
    /// half passed yet, studied early), shown at `now_ms`.
    pub fn next_early(
        &mut self,
        library: &Library,
        store: &Store,
        ready_ms: i64,
        now_ms: i64,
    ) -> Option<Next> {
        self.shown = None;
        // The item taken back is asked again first, even one that was studied before it was
        // ready: the queue is read as of when it is ready.
        let ready_ms = match &self.undone {
            Some((undone, _)) => ready_ms.max(store.state(undone).due_ms),
            None => ready_ms,
        };
        let queue = self.queue(library, store, ready_ms);
        let first = queue.items.first()?;
        let item = match (&self.undone, &self.last) {
            (Some((undone, _)), _) if queue.items.contains(undone) => undone,
            (_, Some(last)) if first == last => queue.items.get(1).unwrap_or(first),
            _ => first,
        };
        let again = self.last.as_ref() == Some(item);
        let (deck_id, card_id, _) = item.parts()?;
        let deck = library.deck(deck_id)?;
        let n_variants = deck.card(card_id)?.n_variants().max(1);
        let variant = match &self.undone {
            Some((undone, variant)) if undone == item => *variant,
            _ => self.rng.random_range(0..n_variants),
        };
        let prompt = prompt_for(deck, item, variant)?;
        let states =
            store
                .scheduler()
                .next_states(store.fuzz_name(item), &store.state(item), now_ms);
        let interval_secs = Rating::ALL.map(|r| (states.for_rating(r).due_ms - now_ms) / 1000);
        self.shown = Some(Shown {
            item: item.clone(),
            variant,
            at_ms: now_ms,
        });
        crate::debug!(
            name: "talkdeck.study.session",
            item = item.as_str(), variant = variant;
            "showing {item} ({} left{})", queue.items.len(), if again { ", again: nothing else is left" } else { "" }
        );
        let upcoming = queue
            .items
            .iter()
            .filter(|i| *i != item)
            .take(UPCOMING)
            .cloned()
            .collect();
        Some(Next {
            upcoming,
            prompt,
            left: queue.items.len(),
            again,
            interval_secs,
        })
    }

    /// Answers the item shown (as it was asked: `mode`) at `now_ms`, durably through the store,
    /// and logs it. The time taken runs from when it was shown, at most [`MAX_ANSWER_MS`].
    pub fn answer(
        &mut self,
        store: &mut Store,
        rating: Rating,
        mode: StudyMode,
        now_ms: i64,
    ) -> io::Result<ItemState> {
        let Some(shown) = self.shown.take() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "no item is shown to answer",
            ));
        };
        let item = &shown.item;
        let taken_ms = time_taken(shown.at_ms, now_ms);
        let was_new = store.state(item).phase == crate::srs::Phase::New;
        let state = match store.answer(item, rating, taken_ms, mode, now_ms) {
            Ok(state) => state,
            Err(err) => {
                crate::exception!(
                    logger: name_logger(),
                    err,
                    "answer to {item} was not saved; it will be asked again"
                );
                self.shown = Some(shown);
                return Err(err);
            }
        };
        // A custom session is outside the daily limits: a new phrase it introduces raises its
        // deck's limit by one ("Study more"), so the day's own new phrases are all still there.
        if was_new
            && self.custom.is_some()
            && let Some((deck, _, _)) = item.parts()
            && let Err(err) = store.study_more(&[deck.to_owned()], 1, 0, now_ms)
        {
            crate::exception!(
                logger: name_logger(),
                err,
                "{item} was answered, but it counts against today's new phrases"
            );
        }
        self.summary.reviewed += 1;
        self.summary.correct += usize::from(rating != Rating::Again);
        self.summary.time_ms += u64::from(taken_ms);
        self.answers.push((rating, taken_ms));
        self.last = Some(item.clone());
        self.undone = None;
        self.answered_variants.push(shown.variant);
        crate::info!(
            name: "talkdeck.study.session",
            item = item.as_str(), rating = format!("{rating:?}"), ms = taken_ms, due = state.due_ms;
            "answered {item} {rating:?} in {:.1}s; next due {}", f64::from(taken_ms) / 1000.0,
            describe_due(state.due_ms)
        );
        // On record before the answer is acknowledged (the next item shown, `next:` printed).
        name_logger().flush();
        Ok(state)
    }

    /// Marks `items` durably through the store ([`Store::mark`]). Suspended and buried items
    /// leave the session at once: if the item on screen is one of them, nothing is shown any more
    /// and the next [`Session::next`] moves on. Flags change nothing in the session.
    pub fn mark(
        &mut self,
        store: &mut Store,
        items: &[ItemId],
        mark: Mark,
        now_ms: i64,
    ) -> io::Result<()> {
        let entry = match store.mark(items, mark, now_ms) {
            Ok(entry) => entry,
            Err(err) => {
                crate::exception!(
                    logger: name_logger(),
                    err,
                    "{} of {} item(s) was not saved", mark.describe(), items.len()
                );
                return Err(err);
            }
        };
        if mark.holds_back() {
            if let Some(shown) = self.shown.take_if(|shown| items.contains(&shown.item)) {
                self.marked_shown = Some((entry, shown.item, shown.variant));
            }
            if self
                .undone
                .as_ref()
                .is_some_and(|(item, _)| items.contains(item))
            {
                self.undone = None;
            }
        }
        crate::info!(
            name: "talkdeck.study.session",
            items = items.len(), mark = mark.describe();
            "{} {} item(s) during the session", mark.describe(), items.len()
        );
        Ok(())
    }

    /// Takes back the last answer or mark ([`Store::undo_last`]) and returns what it took back.
    /// An answer's item is asked again, as it was shown, and the session's counts drop it; an
    /// unsuspended or unburied item is in the queue again (asked at once if it was on screen when
    /// it was marked), and the counts are untouched.
    pub fn undo(&mut self, store: &mut Store, now_ms: i64) -> io::Result<Option<Undone>> {
        let Some(undone) = store.undo_last(now_ms)? else {
            return Ok(None);
        };
        match undone.kind {
            UndoneKind::Answer => {
                self.summary.reviewed = self.summary.reviewed.saturating_sub(1);
                if let Some((rating, taken_ms)) = self.answers.pop() {
                    self.summary.correct -= usize::from(rating != Rating::Again);
                    self.summary.time_ms -= u64::from(taken_ms);
                }
                // The item taken back is the one to ask now, as it was shown.
                self.last = None;
                self.shown = None;
                let variant = self.answered_variants.pop();
                self.undone = undone.items.first().cloned().zip(variant);
                crate::info!(
                    name: "talkdeck.study.session",
                    entry = undone.entry.as_str(), items = undone.items.len();
                    "undid the answer to {}", undone.items.first().map_or("", ItemId::as_str)
                );
            }
            UndoneKind::Mark(mark) => {
                let shown = self
                    .marked_shown
                    .take_if(|(entry, _, _)| *entry == undone.entry);
                if let Some((_, item, variant)) = shown {
                    // What was on screen when it was marked comes back first, as it was.
                    self.shown = None;
                    self.undone = Some((item, variant));
                }
                crate::info!(
                    name: "talkdeck.study.session",
                    entry = undone.entry.as_str(), items = undone.items.len();
                    "undid the mark ({}) of {} item(s)", mark.describe(), undone.items.len()
                );
            }
        }
        name_logger().flush();
        Ok(Some(undone))
    }

    /// Ends the session: the summary, logged at NOTICE.
    pub fn finish(mut self, library: &Library, store: &Store, now_ms: i64) -> SessionSummary {
        self.summary.outlook = self.queue(library, store, now_ms).outlook();
        let s = &self.summary;
        if s.reviewed > 0 {
            crate::notice!(
                name: "talkdeck.study.session",
                reviewed = s.reviewed, correct = s.correct, ms = s.time_ms, left = s.outlook.left;
                "session done: {} reviewed, {:.0}% right, in {}; {} still due now",
                s.reviewed, s.accuracy(), minutes_seconds(s.time_ms), s.outlook.left
            );
        } else if !self.empty {
            crate::info!(
                name: "talkdeck.study.session", left = s.outlook.left;
                "session ended with nothing answered; {} still due now", s.outlook.left
            );
        }
        name_logger().flush();
        self.summary
    }
}

/// The time an answer took: from `shown_ms` to `now_ms`, at most [`MAX_ANSWER_MS`], and nothing
/// if the clock went back.
fn time_taken(shown_ms: i64, now_ms: i64) -> u32 {
    u32::try_from((now_ms - shown_ms).clamp(0, i64::from(MAX_ANSWER_MS))).unwrap_or(MAX_ANSWER_MS)
}

/// A duration as `m:ss` (`12:05`), as the app and the terminal show times.
pub fn minutes_seconds(ms: u64) -> String {
    format!("{}:{:02}", ms / 60_000, (ms / 1000) % 60)
}

fn name_logger() -> crate::logging::Logger {
    crate::logging::get_logger("talkdeck.study.session")
}

/// `2026-11-24 04:00` in local time.
pub fn describe_due(ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(ts) => ts
            .to_zoned(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => ms.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DataDir;

    /// 2026-11-23 10:00 UTC.
    const NOW: i64 = 1_795_428_000_000;

    fn open(dir: &std::path::Path) -> Store {
        Store::open(&DataDir::new(dir), jiff::tz::TimeZone::UTC, NOW).unwrap()
    }

    #[test]
    fn an_answer_is_timed_from_when_its_item_was_shown_up_to_ten_minutes() {
        let dir = tempfile::tempdir().unwrap();
        let (library, mut store) = (Library::load(None), open(dir.path()));
        let mut session = Session::start(&library, &store, &[], NOW, 1);
        let mut now = NOW;
        let cap = i64::from(MAX_ANSWER_MS);
        // Time taken → time on record; a clock that went back counts as no time.
        for (took, on_record) in [
            (4_000, 4_000),
            (cap, MAX_ANSWER_MS),
            (cap + 1, MAX_ANSWER_MS),
            (3_600_000, MAX_ANSWER_MS),
            (-5_000, 0),
        ] {
            session.next(&library, &store, now).unwrap();
            now += took;
            session
                .answer(&mut store, Rating::Good, StudyMode::Flip, now)
                .unwrap();
            let taken = store.reviews().iter().max_by_key(|r| r.at).unwrap();
            assert_eq!(taken.taken_ms, on_record, "{took} ms");
            now += 10_000;
        }
        assert_eq!(
            session.summary.time_ms,
            4_000 + 3 * u64::from(MAX_ANSWER_MS)
        );
        // An item is answered once: with nothing shown there is nothing to answer.
        let again = session.answer(&mut store, Rating::Good, StudyMode::Flip, now);
        assert_eq!(
            again.map_err(|e| e.kind()),
            Err(io::ErrorKind::InvalidInput)
        );
        assert_eq!(store.reviews().len(), 5);
    }

    #[test]
    fn the_next_item_comes_with_what_each_answer_would_give_from_when_it_is_shown() {
        let dir = tempfile::tempdir().unwrap();
        let (library, store) = (Library::load(None), open(dir.path()));
        let mut session = Session::start(&library, &store, &[], NOW, 1);
        let next = session.next(&library, &store, NOW).unwrap();
        let [again, hard, good, easy] = next.interval_secs;
        // A new item: the learning steps (1 and 10 minutes), then a graduating interval in days.
        assert_eq!((again, good), (60, 600), "{:?}", next.interval_secs);
        assert!(again <= hard && hard <= good && good < easy && easy >= 86_400);
        // Studied early, the intervals still count from when it is shown.
        let early = session
            .next_early(&library, &store, NOW + 60_000, NOW)
            .unwrap();
        assert_eq!(early.interval_secs, next.interval_secs);
    }

    /// An item studied before its step had passed, then taken back, is asked again at once: the
    /// undo brings back what was on the screen, not the wait before it.
    #[test]
    fn an_item_studied_early_and_taken_back_is_asked_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("settings.ron"), "Settings(new_per_day: 1)").unwrap();
        let (library, mut store) = (Library::load(None), open(dir.path()));
        let mut session = Session::start(&library, &store, &[], NOW, 1);
        let first = session.next(&library, &store, NOW).unwrap().prompt.item;
        session
            .answer(&mut store, Rating::Again, StudyMode::Flip, NOW + 1_000)
            .unwrap();
        assert!(
            session.next(&library, &store, NOW + 2_000).is_none(),
            "its one-minute step has not passed"
        );
        let early = session
            .next_early(&library, &store, NOW + 61_000, NOW + 2_000)
            .unwrap();
        assert_eq!(early.prompt.item, first);
        session
            .answer(&mut store, Rating::Good, StudyMode::Flip, NOW + 3_000)
            .unwrap();
        assert_eq!(
            session
                .undo(&mut store, NOW + 4_000)
                .unwrap()
                .map(|u| u.items),
            Some(vec![first.clone()])
        );
        let back = session.next(&library, &store, NOW + 5_000);
        assert_eq!(back.map(|n| n.prompt.item), Some(first));
    }

    #[test]
    fn a_mark_takes_items_out_of_the_running_session_and_undo_brings_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let (library, mut store) = (Library::load(None), open(dir.path()));
        let greetings = ["greetings".to_owned()];
        let mut session = Session::start(&library, &store, &greetings, NOW, 3);
        session.next(&library, &store, NOW).unwrap();
        session
            .answer(&mut store, Rating::Good, StudyMode::Flip, NOW + 1_000)
            .unwrap();

        // Every direction of the card on screen is suspended: it is gone from the session at once.
        let shown = session.next(&library, &store, NOW + 2_000).unwrap();
        let (deck, card, _) = shown.prompt.item.parts().unwrap();
        let card_items: Vec<ItemId> = crate::deck::Direction::ALL
            .iter()
            .map(|&d| ItemId::new(deck, card, d))
            .collect();
        session
            .mark(&mut store, &card_items, Mark::Suspend, NOW + 3_000)
            .unwrap();
        let answered = session.answer(&mut store, Rating::Good, StudyMode::Flip, NOW + 4_000);
        assert_eq!(
            answered.map_err(|e| e.kind()),
            Err(io::ErrorKind::InvalidInput),
            "the suspended item is no longer there to answer"
        );
        let next = session.next(&library, &store, NOW + 5_000).unwrap();
        assert!(!card_items.contains(&next.prompt.item));
        let queue = session.queue(&library, &store, NOW + 5_000);
        assert!(card_items.iter().all(|i| !queue.items.contains(i)));
        assert_eq!(next.left, queue.items.len(), "left is the queue's");

        // Undone: the card comes back as it was shown, and the counts are the answer's only.
        let undone = session.undo(&mut store, NOW + 6_000).unwrap().unwrap();
        assert_eq!(undone.kind, UndoneKind::Mark(Mark::Suspend));
        assert_eq!(undone.items, card_items);
        let Some(crate::store::Entry::Mark { id, .. }) =
            std::fs::read_to_string(DataDir::new(dir.path()).journal_path())
                .unwrap()
                .lines()
                .filter_map(|l| ron::from_str(l).ok())
                .rfind(|e| matches!(e, crate::store::Entry::Mark { .. }))
        else {
            panic!("the mark is in the journal")
        };
        assert_eq!(undone.entry, id, "the undo names the mark's entry");
        assert_eq!(session.summary.reviewed, 1);
        let back = session.next(&library, &store, NOW + 7_000).unwrap();
        assert_eq!(back.prompt, shown.prompt, "as it was shown");

        // A flag leaves the item on screen; a bury takes it out for the day.
        session
            .mark(
                &mut store,
                std::slice::from_ref(&back.prompt.item),
                Mark::Flag(2),
                NOW + 8_000,
            )
            .unwrap();
        session
            .answer(&mut store, Rating::Good, StudyMode::Flip, NOW + 9_000)
            .unwrap();
        assert_eq!(session.summary.reviewed, 2);
        let other = session.next(&library, &store, NOW + 10_000).unwrap();
        session
            .mark(
                &mut store,
                std::slice::from_ref(&other.prompt.item),
                Mark::Bury,
                NOW + 11_000,
            )
            .unwrap();
        let after = session.next(&library, &store, NOW + 12_000).unwrap();
        assert_ne!(after.prompt.item, other.prompt.item);
        assert!(
            !session
                .queue(&library, &store, NOW + 12_000)
                .items
                .contains(&other.prompt.item)
        );
        // The answer is taken back only when it is the last entry.
        session
            .answer(&mut store, Rating::Again, StudyMode::Flip, NOW + 13_000)
            .unwrap();
        let undone = session.undo(&mut store, NOW + 14_000).unwrap().unwrap();
        assert_eq!(undone.kind, UndoneKind::Answer);
        assert_eq!(undone.items, vec![after.prompt.item.clone()]);
        assert_eq!((session.summary.reviewed, session.summary.correct), (2, 2));
        assert!(session.undo(&mut store, NOW + 15_000).unwrap().is_none());
    }
}
