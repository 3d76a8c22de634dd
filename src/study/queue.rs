//! What to study next: learning items when due, then due reviews (earliest first) with new items
//! interleaved up to the daily limits, then — when nothing else is left — learning items due within
//! the learn-ahead window. A pure function of the states, `now` and today's counts.

use crate::deck::ItemId;
use crate::srs::{ItemState, Phase};

/// Daily limits and learn-ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// Learning items due within this many seconds may be shown early when nothing else is due.
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

/// An item that could be studied: its id, its state, and its place in deck order (for new items).
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub id: &'a ItemId,
    pub state: &'a ItemState,
    pub order: u32,
}

/// The queue and its counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Queue {
    /// In the order to study.
    pub items: Vec<ItemId>,
    /// New items in the queue (after the daily limit).
    pub new: usize,
    /// Learning and relearning items due now (or within learn-ahead).
    pub learning: usize,
    /// Reviews due now (after the daily limit).
    pub review: usize,
}

/// Builds the queue over `candidates` at `now_ms`.
pub fn build_queue(candidates: &[Candidate<'_>], now_ms: i64, limits: Limits, done: Done) -> Queue {
    let mut learning: Vec<(i64, &ItemId)> = Vec::new();
    let mut ahead: Vec<(i64, &ItemId)> = Vec::new();
    let mut reviews: Vec<(i64, &ItemId)> = Vec::new();
    let mut new: Vec<(u32, &ItemId)> = Vec::new();
    for c in candidates {
        match c.state.phase {
            Phase::Learning | Phase::Relearning if c.state.due_ms <= now_ms => {
                learning.push((c.state.due_ms, c.id));
            }
            Phase::Learning | Phase::Relearning
                if c.state.due_ms <= now_ms + limits.learn_ahead_secs * 1000 =>
            {
                ahead.push((c.state.due_ms, c.id));
            }
            Phase::Review if c.state.due_ms <= now_ms => reviews.push((c.state.due_ms, c.id)),
            Phase::New => new.push((c.order, c.id)),
            _ => {}
        }
    }
    learning.sort_unstable();
    ahead.sort_unstable();
    let review_room = limits.reviews_per_day.saturating_sub(done.reviews) as usize;
    let new_room = limits.new_per_day.saturating_sub(done.new) as usize;
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
        Vec::with_capacity(learning.len() + reviews.len() + new.len() + ahead.len());
    items.extend(learning.iter().map(|(_, id)| (*id).clone()));
    // New items spread evenly among the reviews.
    let (n_reviews, n_new) = (reviews.len(), new.len());
    let mut new_iter = new.iter();
    let mut placed_new = 0;
    for (index, (_, id)) in reviews.iter().enumerate() {
        while placed_new < n_new && placed_new * (n_reviews + 1) <= index * n_new {
            if let Some((_, id)) = new_iter.next() {
                items.push((*id).clone());
            }
            placed_new += 1;
        }
        items.push((*id).clone());
    }
    items.extend(new_iter.map(|(_, id)| (*id).clone()));
    let learning_count = learning.len() + if items.is_empty() { ahead.len() } else { 0 };
    if items.is_empty() {
        items.extend(ahead.iter().map(|(_, id)| (*id).clone()));
    }
    Queue {
        items,
        new: n_new,
        learning: learning_count,
        review: n_reviews,
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

    fn queue(items: &[(u32, ItemState)], limits: Limits, done: Done) -> Vec<String> {
        let ids: Vec<ItemId> = items.iter().map(|(n, _)| id(*n)).collect();
        let candidates: Vec<Candidate<'_>> = items
            .iter()
            .zip(&ids)
            .map(|((n, state), id)| Candidate {
                id,
                state,
                order: *n,
            })
            .collect();
        build_queue(&candidates, NOW, limits, done)
            .items
            .iter()
            .map(|i| i.as_str().split('/').nth(1).unwrap().to_string())
            .collect()
    }

    #[test]
    fn learning_first_then_reviews_by_due_with_new_interleaved() {
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
        ];
        assert_eq!(
            queue(&items, Limits::default(), Done::default()),
            ["c7", "c3", "c4", "c2", "c8", "c5", "c1"],
            "relearning/learning due, then reviews earliest first with new spread among them; \
             c6 is not due and c9 waits for learn-ahead"
        );
    }

    #[test]
    fn daily_limits_count_what_was_done_today() {
        let mut items: Vec<(u32, ItemState)> = (0..30).map(|n| (n, state(Phase::New, 0))).collect();
        items.extend((100..400).map(|n| (n, state(Phase::Review, NOW - i64::from(n)))));
        let limits = Limits::default();
        let q = queue(
            &items,
            limits,
            Done {
                new: 15,
                reviews: 190,
            },
        );
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
        assert!(
            queue(
                &items,
                limits,
                Done {
                    new: 20,
                    reviews: 200
                }
            )
            .is_empty()
        );
    }

    #[test]
    fn learn_ahead_only_when_nothing_else_is_left() {
        let items = [
            (1, state(Phase::Learning, NOW + 10 * 60_000)),
            (2, state(Phase::Learning, NOW + 30 * 60_000)),
        ];
        assert_eq!(queue(&items, Limits::default(), Done::default()), ["c1"]);
    }
}
