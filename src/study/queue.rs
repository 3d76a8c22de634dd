//! What to study next, as one ordered queue with its counts: the one place every count on every
//! screen comes from. A pure function of the candidates, `now` and today's counts:
//!
//! 1. learning and relearning items that are due, earliest first;
//! 2. reviews that are due (or, after "Study more", due within the days reviewed ahead), earliest
//!    first, with new items spread evenly among them, up to the daily limits;
//! 3. learning items due within the learn-ahead window, earliest first, once at least half of their
//!    step has passed: a failed card is not asked again seconds later, and a 10-minute step is not
//!    cut to one (Anki shows any learning card inside its 20-minute learn-ahead at once, so a card
//!    can graduate in seconds; a learner should meet each step).
//!
//! The queue also says what waits beyond it — new items held back by the limits, reviews due in
//! the next days, when the next item falls due — so an empty queue can say why it is empty.

use crate::deck::ItemId;
use crate::srs::{ItemState, Phase};

/// Daily limits and learn-ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// New items a day over all decks, "Study more" included.
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// Learning items due within this many seconds may be shown early.
    pub learn_ahead_secs: i64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            new_per_day: 20,
            reviews_per_day: 200,
            learn_ahead_secs: 20 * 60,
        }
    }
}

/// What has been studied today (since the day's rollover).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Done {
    pub new: u32,
    pub reviews: u32,
}

/// An item that could be studied: its id, its state, where it stands among the new items (for new
/// items), and until when a review counts as due (now, or later when reviewing ahead).
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub id: &'a ItemId,
    pub state: &'a ItemState,
    /// New items are taken in this order (lowest first).
    pub order: u64,
    /// A review due at or before this time (ms) is in the queue.
    pub review_by_ms: i64,
}

/// Reviews due within this many days are offered as "review ahead".
pub const REVIEW_AHEAD_DAYS: u32 = 3;

/// The queue and its counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Queue {
    /// In the order to study.
    pub items: Vec<ItemId>,
    /// New items in the queue (after the daily limits).
    pub new: usize,
    /// Learning and relearning items in the queue: due now, or within learn-ahead.
    pub learning: usize,
    /// Reviews in the queue (after the daily limit).
    pub review: usize,
    /// New items not in the queue: held back by today's limits or by a sibling studied today.
    pub new_waiting: usize,
    /// Due reviews not in the queue because of the daily review limit.
    pub reviews_held: usize,
    /// Reviews not due yet that fall due within [`REVIEW_AHEAD_DAYS`] after today (set by the
    /// caller, which knows the day boundaries).
    pub reviews_soon: usize,
    /// When the earliest item not in the queue can be asked (a learning item: once half its step
    /// has passed, within learn-ahead; a review: when due), if any.
    pub ready_at_ms: Option<i64>,
}

/// A queue's counts without its items: what a screen shows of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outlook {
    /// Items in the queue: to study now.
    pub left: usize,
    pub new: usize,
    pub learning: usize,
    pub review: usize,
    pub new_waiting: usize,
    pub reviews_held: usize,
    pub reviews_soon: usize,
    pub ready_at_ms: Option<i64>,
}

impl Outlook {
    /// Items due now: learning and reviews (what Home calls "Due now").
    pub fn due(&self) -> usize {
        self.learning + self.review
    }

    /// Whether "Study more" has something to offer: new items beyond today's limits, or reviews
    /// that fall due soon.
    pub fn can_study_more(&self) -> bool {
        self.new_waiting > 0 || self.reviews_soon > 0
    }
}

impl Queue {
    /// Items due now: learning and reviews (what Home calls "Due now").
    pub fn due(&self) -> usize {
        self.learning + self.review
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The counts, without the items.
    pub fn outlook(&self) -> Outlook {
        Outlook {
            left: self.items.len(),
            new: self.new,
            learning: self.learning,
            review: self.review,
            new_waiting: self.new_waiting,
            reviews_held: self.reviews_held,
            reviews_soon: self.reviews_soon,
            ready_at_ms: self.ready_at_ms,
        }
    }
}

/// Builds the queue over `candidates` at `now_ms`.
pub fn build_queue(candidates: &[Candidate<'_>], now_ms: i64, limits: Limits, done: Done) -> Queue {
    let mut learning: Vec<(i64, &ItemId)> = Vec::new();
    let mut ahead_items: Vec<(i64, &ItemId)> = Vec::new();
    let mut reviews: Vec<(i64, &ItemId)> = Vec::new();
    let mut new: Vec<(u64, &ItemId)> = Vec::new();
    let mut ready_at_ms: Option<i64> = None;
    let mut later = |at: i64| ready_at_ms = Some(ready_at_ms.map_or(at, |r: i64| r.min(at)));
    let ahead = limits.learn_ahead_secs * 1000;
    for c in candidates {
        let due = c.state.due_ms;
        match c.state.phase {
            Phase::Learning | Phase::Relearning if due <= now_ms => learning.push((due, c.id)),
            Phase::Learning | Phase::Relearning => {
                let ready = early_ready_at(c.state, ahead);
                if ready <= now_ms {
                    ahead_items.push((due, c.id));
                } else {
                    later(ready);
                }
            }
            Phase::Review if due <= c.review_by_ms => reviews.push((due, c.id)),
            Phase::New => new.push((c.order, c.id)),
            Phase::Review => later(due),
        }
    }
    learning.sort_unstable();
    ahead_items.sort_unstable();
    let review_room = limits.reviews_per_day.saturating_sub(done.reviews) as usize;
    let new_room = limits.new_per_day.saturating_sub(done.new) as usize;
    let reviews_held = reviews.len().saturating_sub(review_room);
    let new_held = new.len().saturating_sub(new_room);
    // Only the earliest due reviews and the first new items can be shown today: select them
    // before sorting, so a queue over many items costs little more than a pass.
    if reviews.len() > review_room {
        reviews.select_nth_unstable(review_room);
        reviews.truncate(review_room);
    }
    reviews.sort_unstable();
    if new.len() > new_room {
        new.select_nth_unstable(new_room);
        new.truncate(new_room);
    }
    new.sort_unstable();

    let mut items: Vec<ItemId> =
        Vec::with_capacity(learning.len() + reviews.len() + new.len() + ahead_items.len());
    items.extend(learning.iter().map(|(_, id)| (*id).clone()));
    // New items spread evenly among the reviews, counted over the whole day: a new item comes
    // before the next review only while the day's share of new items shown is behind its share of
    // reviews. The queue is built again after every answer, so counting from the day's start (not
    // from this queue's) is what keeps the spread: otherwise a new item would head every queue
    // and the reviews would wait for the last of them.
    let (n_reviews, n_new) = (reviews.len(), new.len());
    let (done_reviews, done_new) = (done.reviews as usize, done.new as usize);
    let (day_reviews, day_new) = (done_reviews + n_reviews, done_new + n_new);
    let mut new_iter = new.iter();
    let mut placed_new = 0;
    for (index, (_, id)) in reviews.iter().enumerate() {
        while placed_new < n_new
            && (done_new + placed_new) * day_reviews < (done_reviews + index) * day_new
        {
            if let Some((_, id)) = new_iter.next() {
                items.push((*id).clone());
            }
            placed_new += 1;
        }
        items.push((*id).clone());
    }
    items.extend(new_iter.map(|(_, id)| (*id).clone()));
    items.extend(ahead_items.iter().map(|(_, id)| (*id).clone()));
    Queue {
        items,
        new: n_new,
        learning: learning.len() + ahead_items.len(),
        review: n_reviews,
        new_waiting: new_held,
        reviews_held,
        reviews_soon: 0,
        ready_at_ms,
    }
}

/// When a learning item not yet due may be asked early: once it is inside the learn-ahead window
/// (`ahead_ms` before its due time) and at least half its step has passed since the last answer.
pub fn early_ready_at(state: &ItemState, ahead_ms: i64) -> i64 {
    let inside = state.due_ms - ahead_ms;
    match state.last_review_ms {
        Some(last) => inside.max(last + (state.due_ms - last) / 2),
        None => inside,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Direction;

    const NOW: i64 = 1_000_000_000;

    fn id(n: u32) -> ItemId {
        ItemId::new("d", &format!("c{n}"), Direction::Produce)
    }

    fn state(phase: Phase, due_ms: i64) -> ItemState {
        ItemState {
            phase,
            due_ms,
            ..ItemState::default()
        }
    }

    fn build(items: &[(u32, ItemState)], limits: Limits, done: Done) -> Queue {
        let ids: Vec<ItemId> = items.iter().map(|(n, _)| id(*n)).collect();
        let candidates: Vec<Candidate<'_>> = items
            .iter()
            .zip(&ids)
            .map(|((n, state), id)| Candidate {
                id,
                state,
                order: u64::from(*n),
                review_by_ms: NOW,
            })
            .collect();
        build_queue(&candidates, NOW, limits, done)
    }

    fn queue(items: &[(u32, ItemState)], limits: Limits, done: Done) -> Vec<String> {
        build(items, limits, done)
            .items
            .iter()
            .map(|i| i.as_str().split('/').nth(1).unwrap().to_string())
            .collect()
    }

    #[test]
    fn learning_first_then_reviews_by_due_with_new_interleaved_then_learn_ahead() {
        let items = [
            (1, state(Phase::Review, NOW - 10)),
            (2, state(Phase::Review, NOW - 30)),
            (3, state(Phase::Learning, NOW - 5)),
            (4, state(Phase::New, 0)),
            (5, state(Phase::New, 0)),
            (6, state(Phase::Review, NOW + 86_400_000)),
            (7, state(Phase::Relearning, NOW - 50)),
            (8, state(Phase::Review, NOW - 20)),
            (9, state(Phase::Learning, NOW + 5 * 60_000)),
            (10, state(Phase::Learning, NOW + 60 * 60_000)),
        ];
        assert_eq!(
            queue(&items, Limits::default(), Done::default()),
            ["c7", "c3", "c2", "c4", "c8", "c5", "c1", "c9"],
            "relearning/learning due, then reviews earliest first with new spread among them \
             (a review first), then c9 inside learn-ahead; c6 and c10 are not due"
        );
        let q = build(&items, Limits::default(), Done::default());
        assert_eq!((q.new, q.learning, q.review), (2, 3, 3));
        assert_eq!(q.due(), 6);
        assert_eq!(
            q.ready_at_ms,
            Some(NOW + 40 * 60_000),
            "c10 is next, once inside learn-ahead"
        );
    }

    #[test]
    fn daily_limits_count_what_was_done_today_and_say_what_waits() {
        let mut items: Vec<(u32, ItemState)> = (0..30).map(|n| (n, state(Phase::New, 0))).collect();
        items.extend((100..400).map(|n| (n, state(Phase::Review, NOW - i64::from(n)))));
        let limits = Limits::default();
        let done = Done {
            new: 15,
            reviews: 190,
        };
        let q = queue(&items, limits, done);
        assert_eq!(q.len(), 5 + 10);
        assert!(
            q.contains(&"c0".to_string())
                && q.contains(&"c4".to_string())
                && !q.contains(&"c5".to_string())
        );
        assert!(
            q.contains(&"c399".to_string()),
            "the most overdue reviews come first"
        );
        let counts = build(&items, limits, done);
        assert_eq!(counts.new_waiting, 25);
        assert_eq!(counts.reviews_held, 290);
        let all_done = Done {
            new: 20,
            reviews: 200,
        };
        assert!(queue(&items, limits, all_done).is_empty());
        assert_eq!(build(&items, limits, all_done).new_waiting, 30);
    }

    #[test]
    fn reviews_due_by_a_later_time_are_in_when_reviewing_ahead() {
        let tomorrow = state(Phase::Review, NOW + 86_400_000);
        let ids = [id(1)];
        let candidate = |review_by_ms| Candidate {
            id: &ids[0],
            state: &tomorrow,
            order: 0,
            review_by_ms,
        };
        let q = build_queue(&[candidate(NOW)], NOW, Limits::default(), Done::default());
        assert!(q.is_empty());
        assert_eq!(q.ready_at_ms, Some(NOW + 86_400_000));
        let q = build_queue(
            &[candidate(NOW + 2 * 86_400_000)],
            NOW,
            Limits::default(),
            Done::default(),
        );
        assert_eq!(q.review, 1);
    }

    #[test]
    fn learning_items_inside_learn_ahead_are_queued_and_counted_after_everything_else() {
        let items = [
            (1, state(Phase::Learning, NOW + 10 * 60_000)),
            (2, state(Phase::Learning, NOW + 30 * 60_000)),
            (3, state(Phase::Learning, NOW + 60_000)),
            (4, state(Phase::New, 0)),
        ];
        assert_eq!(
            queue(&items, Limits::default(), Done::default()),
            ["c4", "c3", "c1"]
        );
        let q = build(&items, Limits::default(), Done::default());
        assert_eq!(q.learning, 2, "counted as they are queued");
    }

    #[test]
    fn a_learning_item_comes_early_only_once_half_its_step_has_passed() {
        const MINUTE: i64 = 60_000;
        let stepped = |last: i64, due: i64| ItemState {
            phase: Phase::Learning,
            due_ms: due,
            last_review_ms: Some(last),
            ..ItemState::default()
        };
        // Again ten seconds ago (a 1-minute step); Good a minute ago (a 10-minute step).
        let failed = stepped(NOW - 10_000, NOW + 50_000);
        let passed = stepped(NOW - MINUTE, NOW + 9 * MINUTE);
        assert_eq!(early_ready_at(&failed, 20 * MINUTE), NOW + 20_000);
        assert_eq!(early_ready_at(&passed, 20 * MINUTE), NOW + 4 * MINUTE);
        let ids = [id(1), id(2)];
        let at = |now: i64| {
            let candidates =
                [(&failed, &ids[0]), (&passed, &ids[1])].map(|(state, id)| Candidate {
                    id,
                    state,
                    order: 0,
                    review_by_ms: now,
                });
            build_queue(&candidates, now, Limits::default(), Done::default())
        };
        let q = at(NOW);
        assert!(q.is_empty(), "neither has waited half its step");
        assert_eq!(q.ready_at_ms, Some(NOW + 20_000));
        assert_eq!(at(NOW + 20_000).items, [ids[0].clone()]);
        assert_eq!(at(NOW + 4 * MINUTE).items, [ids[0].clone(), ids[1].clone()]);
    }
}
