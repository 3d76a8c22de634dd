//! A study session over some decks: the next prompt, answers, and the session's log records.
//!
//! Logged as DESIGN.md asks: INFO when it starts (decks, counts), DEBUG per item shown, INFO per
//! answer (item, rating, time taken, next due), NOTICE with the summary at the end.

use std::io;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::plan::queue_for;
use super::prompt::{Prompt, prompt_for};
use super::queue::{Outlook, Queue};
use crate::deck::{ItemId, Library};
use crate::srs::{ItemState, Rating};
use crate::store::{Store, StudyMode};

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

/// The next item of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Next {
    pub prompt: Prompt,
    /// Items in the queue, this one included.
    pub left: usize,
    /// This is the item just answered, asked again at once because nothing else is left.
    pub again: bool,
}

/// One sitting of study.
pub struct Session {
    /// The decks asked for; empty means every deck.
    decks: Vec<String>,
    rng: StdRng,
    summary: SessionSummary,
    /// Rating and time of each answer this session, so an undo takes back its share.
    answers: Vec<(Rating, u32)>,
    /// The item answered last: not asked again next while anything else can be.
    last: Option<ItemId>,
    /// There was nothing to study when it started: it is not logged as a session.
    empty: bool,
    /// The item on screen and the variant it shows.
    shown: Option<(ItemId, usize)>,
    /// The variant of each answer this session, so an item taken back comes back as it was.
    answered_variants: Vec<usize>,
    /// The item taken back last and its variant: asked again in that variant.
    undone: Option<(ItemId, usize)>,
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
        let mut session = Session {
            decks: decks.to_vec(),
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
        };
        let queue = session.queue(library, store, now_ms);
        let names = if decks.is_empty() {
            "every deck".to_owned()
        } else {
            decks.join(", ")
        };
        if queue.is_empty() {
            session.empty = true;
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
        session
    }

    /// The decks this session studies (empty: every deck).
    pub fn decks(&self) -> &[String] {
        &self.decks
    }

    /// The queue for these decks now ([`queue_for`]).
    pub fn queue(&self, library: &Library, store: &Store, now_ms: i64) -> Queue {
        queue_for(library, store, &self.decks, now_ms)
    }

    /// The next item, or `None` when the session is done. The item just answered comes back
    /// at once only when nothing else can be asked.
    pub fn next(&mut self, library: &Library, store: &Store, now_ms: i64) -> Option<Next> {
        let queue = self.queue(library, store, now_ms);
        let first = queue.items.first()?;
        let item = match &self.last {
            Some(last) if first == last => queue.items.get(1).unwrap_or(first),
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
        self.shown = Some((item.clone(), variant));
        let prompt = prompt_for(deck, item, variant)?;
        crate::debug!(
            name: "talkdeck.study.session",
            item = item.as_str(), variant = variant;
            "showing {item} ({} left{})", queue.items.len(), if again { ", again: nothing else is left" } else { "" }
        );
        Some(Next {
            prompt,
            left: queue.items.len(),
            again,
        })
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
        self.last = Some(item.clone());
        self.undone = None;
        self.answered_variants.push(match &self.shown {
            Some((shown, variant)) if shown == item => *variant,
            _ => 0,
        });
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

    /// Takes back the last answer; returns the item to ask again.
    pub fn undo(&mut self, store: &mut Store, now_ms: i64) -> io::Result<Option<ItemId>> {
        let undone = store.undo_last(now_ms)?;
        if let Some(item) = &undone {
            self.summary.reviewed = self.summary.reviewed.saturating_sub(1);
            if let Some((rating, taken_ms)) = self.answers.pop() {
                self.summary.correct -= usize::from(rating != Rating::Again);
                self.summary.time_ms -= u64::from(taken_ms);
            }
            // The item taken back is the one to ask now, as it was shown.
            self.last = None;
            self.undone = self
                .answered_variants
                .pop()
                .map(|variant| (item.clone(), variant));
            crate::info!(name: "talkdeck.study.session", item = item.as_str(); "undid the answer to {item}");
            name_logger().flush();
        }
        Ok(undone)
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
