//! Pure aggregations of the review history, for `talkdeck stats`, the Stats screen and Home. No
//! I/O: the history, the day clock and `now` come in as arguments.
//!
//! [`Facts`] is an owned copy of what the store and the decks hold; [`Report::compute`] works out
//! every figure for a [`Scope`] (decks and range) in one walk over the answers and one over the
//! items; [`pick()`] lists the items behind one figure by the same rules; [`today`] is what Home
//! shows, found by binary search so it costs the same at any length of history.

mod facts;
mod pick;
mod report;

pub use facts::{DeckFacts, Facts, ItemFacts, MATURE_DAYS, Standing};
pub use pick::{DeckFigure, Pick, pick};
pub use report::{
    Counts, DayKinds, DayTotal, DeckLine, HEATMAP_DAYS, Headline, HourAnswers, KINDS,
    MemoryFigures, PERIODS, Passes, Period, Range, Report, RetentionRow, STABILITY_BOUNDS, Scope,
    Struggling, kind_index,
};

use crate::srs::DayClock;
use crate::store::ReviewLog;

/// What Home shows of the history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Today {
    pub answers: usize,
    /// Study days in a row up to today (or up to yesterday, if today has none yet).
    pub streak_days: u32,
}

/// Today's answers and the streak at `now_ms`, from `reviews` in time order: a binary search per
/// day of the streak, not a walk over the history.
pub fn today(reviews: &[ReviewLog], clock: &DayClock, now_ms: i64) -> Today {
    let today = clock.day(now_ms);
    // How many answers come before the start of `day`.
    let before = |day: i32| {
        let start = clock.start_of_day(day);
        reviews.partition_point(|r| r.at < start)
    };
    let answers_on = |day: i32| before(day + 1) - before(day);
    let answers = answers_on(today);
    let mut day = if answers > 0 { today } else { today - 1 };
    let mut streak_days = 0;
    while answers_on(day) > 0 {
        streak_days += 1;
        day -= 1;
    }
    Today {
        answers,
        streak_days,
    }
}

#[cfg(test)]
mod tests;
