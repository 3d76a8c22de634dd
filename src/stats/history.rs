//! The review history over time, for the Stats screen: how much was studied each day and how well,
//! what falls due each day, how much of what was learned is remembered, and which items keep
//! failing.

use crate::srs::{DayClock, ItemState, Phase, Rating};
use crate::store::ReviewLog;

/// One day's answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayAnswers {
    pub answered: u32,
    /// Of those, answered Again.
    pub again: u32,
}

/// The answers on each of the last `days` days, oldest first: the last entry is today.
pub fn answers_per_day(
    reviews: &[ReviewLog],
    clock: &DayClock,
    now_ms: i64,
    days: usize,
) -> Vec<DayAnswers> {
    let mut out = vec![DayAnswers::default(); days];
    let today = clock.day(now_ms);
    // The history is in time order: walk back from the end until the window is left.
    for review in reviews.iter().rev() {
        let ago = today - clock.day(review.at);
        if ago < 0 {
            continue;
        }
        let Some(slot) = (ago as usize)
            .checked_add(1)
            .and_then(|n| days.checked_sub(n))
        else {
            break;
        };
        out[slot].answered += 1;
        out[slot].again += u32::from(review.rating == Rating::Again);
    }
    out
}

/// How many items fall due on each of the next `days` days, today first; today's count includes
/// everything already overdue. New items are not counted (they are not due, just available).
pub fn due_per_day<'a>(
    states: impl IntoIterator<Item = &'a ItemState>,
    clock: &DayClock,
    now_ms: i64,
    days: usize,
) -> Vec<u32> {
    let mut out = vec![0; days];
    let today = clock.day(now_ms);
    for state in states {
        if state.phase == Phase::New {
            continue;
        }
        let ahead = (clock.day(state.due_ms) - today).max(0) as usize;
        if let Some(slot) = out.get_mut(ahead) {
            *slot += 1;
        }
    }
    out
}

/// Of the answers given over the last `days` days to items in review (not new or learning ones),
/// the percent that were not Again: how much of what was learned is remembered (Anki's "true
/// retention"). `None` without such answers.
pub fn retention(reviews: &[ReviewLog], clock: &DayClock, now_ms: i64, days: i32) -> Option<f64> {
    let today = clock.day(now_ms);
    let (mut all, mut kept) = (0usize, 0usize);
    for review in reviews.iter().rev() {
        if today - clock.day(review.at) >= days {
            break;
        }
        if review.phase_before == Phase::Review {
            all += 1;
            kept += usize::from(review.rating != Rating::Again);
        }
    }
    (all > 0).then(|| 100.0 * kept as f64 / all as f64)
}

/// An item that keeps failing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Struggling {
    /// The item's index in the store.
    pub item: u32,
    /// Times it was answered Again, in learning or in review.
    pub again: u32,
    /// Times it was forgotten in review.
    pub lapses: u32,
}

/// The items answered Again at least `min_again` times: most lapses first, then most Agains, then
/// the earlier item. At most `limit`. `states` are the items' states in store order.
pub fn struggling(
    reviews: &[ReviewLog],
    states: &[&ItemState],
    min_again: u32,
    limit: usize,
) -> Vec<Struggling> {
    let mut again = vec![0u32; states.len()];
    for review in reviews {
        if review.rating == Rating::Again
            && let Some(count) = again.get_mut(review.item as usize)
        {
            *count += 1;
        }
    }
    let mut out: Vec<Struggling> = again
        .iter()
        .enumerate()
        .filter(|&(_, &again)| again >= min_again.max(1))
        .map(|(item, &again)| Struggling {
            item: item as u32,
            again,
            lapses: states[item].lapses,
        })
        .collect();
    out.sort_by(|a, b| {
        (b.lapses, b.again)
            .cmp(&(a.lapses, a.again))
            .then(a.item.cmp(&b.item))
    });
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;

    const DAY: i64 = 86_400_000;
    /// 2026-11-23 10:19 UTC; the day starts at 04:00.
    const NOW: i64 = 1_795_429_167_000;

    fn clock() -> DayClock {
        DayClock::new(TimeZone::UTC, 4)
    }

    fn log(item: u32, at: i64, rating: Rating, phase_before: Phase) -> ReviewLog {
        ReviewLog {
            item,
            at,
            rating,
            taken_ms: 1000,
            was_new: phase_before == Phase::New,
            phase_before,
        }
    }

    #[test]
    fn answers_are_counted_on_their_day_oldest_first() {
        let reviews = [
            log(0, NOW - 40 * DAY, Rating::Good, Phase::Review), // outside the window
            log(0, NOW - 6 * DAY, Rating::Again, Phase::Review),
            log(1, NOW - 6 * DAY, Rating::Good, Phase::New),
            // 03:30 today is still yesterday: the day starts at 04:00.
            log(
                1,
                NOW - (6 * 3_600_000 + 49 * 60_000),
                Rating::Good,
                Phase::Learning,
            ),
            log(2, NOW - 60_000, Rating::Again, Phase::Learning),
        ];
        let days = answers_per_day(&reviews, &clock(), NOW, 7);
        let answered: Vec<u32> = days.iter().map(|d| d.answered).collect();
        let again: Vec<u32> = days.iter().map(|d| d.again).collect();
        // The first of the seven days is six days ago.
        assert_eq!(answered, [2, 0, 0, 0, 0, 1, 1]);
        assert_eq!(again, [1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(
            answers_per_day(&[], &clock(), NOW, 3),
            vec![DayAnswers::default(); 3]
        );
    }

    #[test]
    fn due_items_fall_on_their_day_and_overdue_ones_on_today() {
        let state = |phase, due_ms| ItemState {
            phase,
            due_ms,
            ..ItemState::default()
        };
        let start_of_today = clock().start_of_day(clock().day(NOW));
        let states = [
            state(Phase::New, 0),                       // not due, just available
            state(Phase::Review, NOW - 9 * DAY),        // overdue: today
            state(Phase::Learning, NOW + 600_000),      // in ten minutes: today
            state(Phase::Review, start_of_today + DAY), // tomorrow
            state(Phase::Relearning, start_of_today + 2 * DAY - 1), // still tomorrow
            state(Phase::Review, start_of_today + 3 * DAY), // in three days
            state(Phase::Review, start_of_today + 30 * DAY), // past the window
        ];
        assert_eq!(due_per_day(&states, &clock(), NOW, 5), [2, 2, 0, 1, 0]);
    }

    #[test]
    fn retention_counts_only_answers_to_items_in_review_within_the_window() {
        let reviews = [
            log(0, NOW - 31 * DAY, Rating::Again, Phase::Review), // too old
            log(0, NOW - 20 * DAY, Rating::Good, Phase::Review),
            log(0, NOW - 10 * DAY, Rating::Again, Phase::Review),
            log(1, NOW - 10 * DAY, Rating::Again, Phase::Learning), // learning: not counted
            log(1, NOW - DAY, Rating::Hard, Phase::Review),
            log(2, NOW, Rating::Easy, Phase::Review),
        ];
        assert_eq!(retention(&reviews, &clock(), NOW, 30), Some(75.0));
        assert_eq!(retention(&reviews[..2], &clock(), NOW, 30), Some(100.0));
        assert_eq!(retention(&reviews[..1], &clock(), NOW, 30), None);
    }

    #[test]
    fn struggling_items_rank_by_lapses_then_agains() {
        let states: Vec<ItemState> = [0, 3, 1, 3, 0]
            .into_iter()
            .map(|lapses| ItemState {
                lapses,
                ..ItemState::default()
            })
            .collect();
        let states: Vec<&ItemState> = states.iter().collect();
        let mut reviews = Vec::new();
        // Agains: item 0 ×4, item 1 ×2, item 2 ×3, item 3 ×3, item 4 ×1.
        for (item, n) in [(0, 4), (1, 2), (2, 3), (3, 3), (4, 1)] {
            for k in 0..n {
                reviews.push(log(item, NOW - k * DAY, Rating::Again, Phase::Review));
            }
            reviews.push(log(item, NOW, Rating::Good, Phase::Review));
        }
        let ranked: Vec<(u32, u32, u32)> = struggling(&reviews, &states, 2, 10)
            .iter()
            .map(|s| (s.item, s.lapses, s.again))
            .collect();
        assert_eq!(ranked, [(3, 3, 3), (1, 3, 2), (2, 1, 3), (0, 0, 4)]);
        assert_eq!(struggling(&reviews, &states, 2, 1).len(), 1);
        assert!(struggling(&reviews, &states, 5, 10).is_empty());
    }
}
