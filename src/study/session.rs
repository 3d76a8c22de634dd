//! A study session over some decks: the next prompt, answers, and the session's log records.
//!
//! Logged as DESIGN.md asks: INFO when it starts (decks, counts), DEBUG per item shown, INFO per
//! answer (item, rating, time taken, next due), NOTICE with the summary at the end.

use std::io;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::queue::{Candidate, Done, Limits, Queue, build_queue};
use crate::deck::{Deck, Direction, ItemId, Library};
use crate::srs::{ItemState, Phase, Rating};
use crate::store::{Store, StudyMode};

/// What to show for one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub item: ItemId,
    pub deck_name: String,
    pub deck_name_zh: String,
    pub direction: Direction,
    /// What the learner sees first.
    pub cue: String,
    pub situation: Option<String>,
    /// The English and Chinese of the variant shown.
    pub en: String,
    pub zh: String,
    pub replies: Vec<String>,
    pub notes: Option<String>,
    /// What counts as a right answer when typing.
    pub accepted: Vec<String>,
}

/// Every acceptable answer for a card in a direction: all template variants of the expected side,
/// or the replies.
pub fn accepted_answers(deck: &Deck, card: &str, direction: Direction) -> Vec<String> {
    let Some(card) = deck.card(card) else {
        return Vec::new();
    };
    match direction {
        Direction::Produce => (0..card.n_variants()).map(|i| card.variant(i).en).collect(),
        Direction::Recognise => (0..card.n_variants()).map(|i| card.variant(i).zh).collect(),
        Direction::Reply => card.replies.clone(),
    }
}

/// The prompt for `item` showing template variant `variant`.
pub fn prompt_for(deck: &Deck, item: &ItemId, variant: usize) -> Option<Prompt> {
    let (_, card_id, direction) = item.parts()?;
    let card = deck.card(card_id)?;
    let shown = card.variant(variant);
    let cue = match direction {
        Direction::Produce => shown.zh.clone(),
        Direction::Recognise | Direction::Reply => shown.en.clone(),
    };
    Some(Prompt {
        item: item.clone(),
        deck_name: deck.name.clone(),
        deck_name_zh: deck.name_zh.clone(),
        direction,
        cue,
        situation: card.situation.clone(),
        en: shown.en,
        zh: shown.zh,
        replies: card.replies.clone(),
        notes: card.notes.clone(),
        accepted: accepted_answers(deck, card_id, direction),
    })
}

/// What a session did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionSummary {
    pub reviewed: usize,
    /// Answers other than Again.
    pub correct: usize,
    pub time_ms: u64,
    /// When the next item is due (ms), if any.
    pub next_due_ms: Option<i64>,
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

/// One sitting of study.
pub struct Session {
    decks: Vec<String>,
    limits: Limits,
    rng: StdRng,
    summary: SessionSummary,
    /// Rating and time of each answer this session, so an undo takes back its share.
    answers: Vec<(Rating, u32)>,
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
        let decks: Vec<String> = if decks.is_empty() {
            library.decks.iter().map(|(_, d)| d.id.clone()).collect()
        } else {
            decks.to_vec()
        };
        let settings = store.settings();
        let session = Session {
            decks,
            limits: Limits {
                new_per_day: settings.new_per_day,
                reviews_per_day: settings.reviews_per_day,
                learn_ahead_secs: i64::from(settings.learn_ahead_minutes) * 60,
            },
            rng: StdRng::seed_from_u64(seed),
            summary: SessionSummary::default(),
            answers: Vec::new(),
        };
        let queue = session.queue(library, store, now_ms);
        crate::info!(
            name: "talkdeck.study.session",
            decks = session.decks.join(","), new = queue.new, learning = queue.learning, review = queue.review;
            "session started on {}: {} new, {} learning, {} to review",
            session.decks.join(", "), queue.new, queue.learning, queue.review
        );
        session
    }

    /// Today's counts from the review history: new items started and reviews done, as the daily
    /// limits count them.
    pub fn done_today(store: &Store, now_ms: i64) -> Done {
        let clock = store.scheduler().clock();
        let today = clock.day(now_ms);
        let start = clock.start_of_day(today);
        let mut done = Done::default();
        for review in store.reviews().iter().rev().take_while(|r| r.at >= start) {
            if review.was_new {
                done.new += 1;
            } else if review.phase_before == Phase::Review {
                done.reviews += 1;
            }
        }
        done
    }

    /// The queue for these decks now. New directions of one card are siblings, buried as Anki
    /// buries them: at most one new item per card a day, and none for a card already studied today,
    /// so one direction never gives away the answer to the next.
    pub fn queue(&self, library: &Library, store: &Store, now_ms: i64) -> Queue {
        let start_of_today = {
            let clock = store.scheduler().clock();
            clock.start_of_day(clock.day(now_ms))
        };
        let mut owned: Vec<(ItemId, ItemState, u32)> = Vec::new();
        for deck_id in &self.decks {
            if let Some(deck) = library.deck(deck_id) {
                let mut card_index = usize::MAX;
                let mut card_touched = false;
                let mut card_new_taken = false;
                for item in deck.items() {
                    if item.card != card_index {
                        card_index = item.card;
                        card_new_taken = false;
                        card_touched = deck.cards[item.card].directions().any(|d| {
                            let sibling = ItemId::new(&deck.id, &deck.cards[item.card].id, d);
                            store
                                .state(&sibling)
                                .last_review_ms
                                .is_some_and(|at| at >= start_of_today)
                        });
                    }
                    let state = store.state(&item.id);
                    if state.phase == Phase::New {
                        if card_touched || card_new_taken {
                            continue;
                        }
                        card_new_taken = true;
                    }
                    let order = owned.len() as u32;
                    owned.push((item.id, state, order));
                }
            }
        }
        let candidates: Vec<Candidate<'_>> = owned
            .iter()
            .map(|(id, state, order)| Candidate {
                id,
                state,
                order: *order,
            })
            .collect();
        build_queue(
            &candidates,
            now_ms,
            self.limits,
            Session::done_today(store, now_ms),
        )
    }

    /// The next prompt and how many items are queued (this one included), or `None` when the
    /// session is done.
    pub fn next(
        &mut self,
        library: &Library,
        store: &Store,
        now_ms: i64,
    ) -> Option<(Prompt, usize)> {
        let queue = self.queue(library, store, now_ms);
        let item = queue.items.first()?;
        let (deck_id, card_id, _) = item.parts()?;
        let deck = library.deck(deck_id)?;
        let n_variants = deck.card(card_id)?.n_variants().max(1);
        let variant = self.rng.random_range(0..n_variants);
        let prompt = prompt_for(deck, item, variant)?;
        crate::debug!(
            name: "talkdeck.study.session",
            item = item.as_str(), variant = variant;
            "showing {item} ({} left)", queue.items.len()
        );
        Some((prompt, queue.items.len()))
    }

    /// Records an answer (durably, through the store) and logs it.
    pub fn answer(
        &mut self,
        store: &mut Store,
        item: &ItemId,
        rating: Rating,
        taken_ms: u32,
        mode: StudyMode,
        now_ms: i64,
    ) -> io::Result<ItemState> {
        let state = match store.answer(item, rating, taken_ms, mode, now_ms) {
            Ok(state) => state,
            Err(err) => {
                crate::exception!(
                    logger: name_logger(),
                    err,
                    "answer to {item} was not saved; it will be asked again"
                );
                return Err(err);
            }
        };
        self.summary.reviewed += 1;
        self.summary.correct += usize::from(rating != Rating::Again);
        self.summary.time_ms += u64::from(taken_ms);
        self.answers.push((rating, taken_ms));
        crate::info!(
            name: "talkdeck.study.session",
            item = item.as_str(), rating = format!("{rating:?}"), ms = taken_ms, due = state.due_ms;
            "answered {item} {rating:?} in {:.1}s; next due {}", f64::from(taken_ms) / 1000.0,
            describe_due(state.due_ms)
        );
        Ok(state)
    }

    /// Takes back the last answer; returns the item to ask again.
    pub fn undo(&mut self, store: &mut Store, now_ms: i64) -> io::Result<Option<ItemId>> {
        let undone = store.undo_last(now_ms)?;
        if let Some(item) = &undone {
            self.summary.reviewed = self.summary.reviewed.saturating_sub(1);
            if let Some((rating, taken_ms)) = self.answers.pop() {
                self.summary.correct -= usize::from(rating != Rating::Again);
                self.summary.time_ms -= u64::from(taken_ms);
            }
            crate::info!(name: "talkdeck.study.session", item = item.as_str(); "undid the answer to {item}");
        }
        Ok(undone)
    }

    /// Ends the session: the summary, logged at NOTICE.
    pub fn finish(mut self, library: &Library, store: &Store, now_ms: i64) -> SessionSummary {
        let mut next_due: Option<i64> = None;
        for deck_id in &self.decks {
            if let Some(deck) = library.deck(deck_id) {
                for item in deck.items() {
                    let state = store.state(&item.id);
                    if state.phase != Phase::New && state.due_ms > now_ms {
                        next_due =
                            Some(next_due.map_or(state.due_ms, |d: i64| d.min(state.due_ms)));
                    }
                }
            }
        }
        self.summary.next_due_ms = next_due;
        let s = &self.summary;
        crate::notice!(
            name: "talkdeck.study.session",
            reviewed = s.reviewed, correct = s.correct, ms = s.time_ms;
            "session done: {} reviewed, {:.0}% right, in {}:{:02}",
            s.reviewed, s.accuracy(), s.time_ms / 60_000, (s.time_ms / 1000) % 60
        );
        self.summary
    }
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
