//! Pure aggregations of the review history, for `talkdeck stats` and the Stats screen. No I/O: the
//! history, the day clock and `now` come in as arguments.

mod history;

pub use history::{DayAnswers, Struggling, answers_per_day, due_per_day, retention, struggling};

use crate::deck::{Deck, ItemId};
use crate::srs::{DayClock, ItemState, Phase, Rating};
use crate::store::ReviewLog;

/// The headline figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overview {
    pub reviews_today: usize,
    /// Percent of today's answers that were not Again; `None` without answers.
    pub accuracy_today: Option<f64>,
    /// Percent over the last 30 days.
    pub accuracy_30_days: Option<f64>,
    /// Study days in a row up to today (or up to yesterday, if today has none yet).
    pub streak_days: u32,
    pub total_reviews: usize,
}

/// Counts for one deck.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeckCounts {
    pub deck: String,
    pub new: usize,
    pub learning: usize,
    /// Reviews due now.
    pub due: usize,
    /// Reviews and learning items due by the end of tomorrow.
    pub due_tomorrow: usize,
    pub leeches: usize,
}

fn percent(good: usize, all: usize) -> Option<f64> {
    (all > 0).then(|| 100.0 * good as f64 / all as f64)
}

/// The overview at `now_ms`.
pub fn overview(reviews: &[ReviewLog], clock: &DayClock, now_ms: i64) -> Overview {
    let today = clock.day(now_ms);
    let mut days: Vec<i32> = Vec::new();
    let (mut today_all, mut today_good, mut month_all, mut month_good) = (0, 0, 0, 0);
    for review in reviews {
        let day = clock.day(review.at);
        if days.last() != Some(&day) {
            days.push(day);
        }
        let good = review.rating != Rating::Again;
        if day == today {
            today_all += 1;
            today_good += usize::from(good);
        }
        if today - day < 30 {
            month_all += 1;
            month_good += usize::from(good);
        }
    }
    days.sort_unstable();
    days.dedup();
    let mut streak = 0;
    let mut expected = if days.last() == Some(&today) {
        today
    } else {
        today - 1
    };
    for &day in days.iter().rev() {
        if day == expected {
            streak += 1;
            expected -= 1;
        } else if day < expected {
            break;
        }
    }
    Overview {
        reviews_today: today_all,
        accuracy_today: percent(today_good, today_all),
        accuracy_30_days: percent(month_good, month_all),
        streak_days: streak,
        total_reviews: reviews.len(),
    }
}

/// Counts for `deck`, reading each item's state through `state`.
pub fn deck_counts(
    deck: &Deck,
    state: impl Fn(&ItemId) -> ItemState,
    clock: &DayClock,
    now_ms: i64,
    leech_threshold: u32,
) -> DeckCounts {
    let end_of_tomorrow = clock.start_of_day(clock.day(now_ms) + 2);
    let mut counts = DeckCounts {
        deck: deck.id.clone(),
        ..DeckCounts::default()
    };
    for item in deck.items() {
        let s = state(&item.id);
        match s.phase {
            Phase::New => counts.new += 1,
            Phase::Learning | Phase::Relearning => counts.learning += 1,
            Phase::Review if s.due_ms <= now_ms => counts.due += 1,
            Phase::Review => {}
        }
        if s.phase != Phase::New && s.due_ms > now_ms && s.due_ms < end_of_tomorrow {
            counts.due_tomorrow += 1;
        }
        counts.leeches += usize::from(s.is_leech(leech_threshold));
    }
    counts
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;

    const DAY: i64 = 86_400_000;

    fn log(at: i64, rating: Rating) -> ReviewLog {
        ReviewLog {
            item: 0,
            at,
            rating,
            taken_ms: 1000,
            was_new: false,
            phase_before: Phase::Review,
        }
    }

    #[test]
    fn streak_accuracy_and_counts() {
        let clock = DayClock::new(TimeZone::UTC, 4);
        let now = 1_795_429_167_000; // 2026-11-23 10:19 UTC
        let reviews = [
            log(now - 5 * DAY, Rating::Good),
            log(now - 2 * DAY, Rating::Good),
            log(now - DAY, Rating::Again),
            log(now - 60_000, Rating::Good),
            log(now - 30_000, Rating::Again),
        ];
        let o = overview(&reviews, &clock, now);
        assert_eq!(o.reviews_today, 2);
        assert_eq!(o.accuracy_today, Some(50.0));
        assert_eq!(o.accuracy_30_days, Some(60.0));
        assert_eq!(
            o.streak_days, 3,
            "today, yesterday, the day before; a gap before that"
        );
        assert_eq!(o.total_reviews, 5);
        let o = overview(&reviews[..3], &clock, now);
        assert_eq!(o.streak_days, 2, "a streak is not broken until today ends");
        assert_eq!(overview(&[], &clock, now).accuracy_today, None);
    }
}
