//! Coming back after a break: when more reviews are overdue than a day holds, Home offers to spread
//! them over a few days, the least remembered first, and says what each choice means first.
//! Choosing one is a [`Store::spread`] (a journal entry, so it replays the same).

use crate::deck::{ItemId, Library};
use crate::srs::Phase;
use crate::store::Store;

/// The day counts offered.
pub const SPREAD_DAYS: [u32; 4] = [2, 3, 5, 7];
/// A backlog smaller than this is never worth spreading.
const MIN_BACKLOG: usize = 10;
/// Days ahead averaged for what falls due on an ordinary day.
const ORDINARY_DAYS: i32 = 7;

/// One way to spread the backlog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpreadChoice {
    pub days: u32,
    /// Overdue reviews a day, today's the least remembered.
    pub per_day: u32,
}

/// The overdue reviews and the ways to spread them.
#[derive(Clone, Debug, PartialEq)]
pub struct Backlog {
    /// Reviews due before today, least remembered first (then the longest overdue, then by id).
    pub items: Vec<ItemId>,
    /// Reviews that fall due on an ordinary day: the mean over the next [`ORDINARY_DAYS`].
    pub daily_due: usize,
    pub choices: Vec<SpreadChoice>,
}

/// The backlog at `now_ms`, if the learner is back after a break (nothing answered yesterday or
/// today before now), it is more than a day's reviews (what falls due on an ordinary day, and at
/// least [`MIN_BACKLOG`]), and none was spread (or kept all for today) today. Suspended and buried
/// items, hidden decks and decks not loaded are left out, as the queue leaves them out. A backlog
/// without a break — new parameters that brought reviews forward, say — is today's work, not
/// something to come back to.
pub fn backlog(library: &Library, store: &Store, now_ms: i64) -> Option<Backlog> {
    let scheduler = store.scheduler();
    let clock = scheduler.clock();
    let today = clock.day(now_ms);
    if store.spread_at().is_some_and(|at| clock.day(at) == today) {
        return None;
    }
    let last_answer = store.reviews().last().map(|r| clock.day(r.at));
    if last_answer.is_some_and(|day| day >= today - 1) {
        return None;
    }
    let start_of_today = clock.start_of_day(today);
    let ordinary_until = clock.start_of_day(today + 1 + ORDINARY_DAYS);
    let mut overdue: Vec<(f32, i64, ItemId)> = Vec::new();
    let mut ahead = 0usize;
    for (_, deck) in &library.decks {
        if store.is_deck_hidden(&deck.id) {
            continue;
        }
        for item in deck.items() {
            let state = store.state(&item.id);
            if state.phase != Phase::Review
                || store.marks(&item.id).suspended
                || store.is_buried(&item.id, now_ms)
            {
                continue;
            }
            if state.due_ms < start_of_today {
                let recall = scheduler.retrievability(&state, now_ms).unwrap_or(0.0);
                overdue.push((recall, state.due_ms, item.id));
            } else if state.due_ms >= clock.start_of_day(today + 1) && state.due_ms < ordinary_until
            {
                ahead += 1;
            }
        }
    }
    let daily_due = ahead.div_ceil(ORDINARY_DAYS as usize);
    if overdue.len() <= daily_due.max(MIN_BACKLOG) {
        return None;
    }
    overdue.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let n = overdue.len() as u32;
    let choices = SPREAD_DAYS
        .into_iter()
        .map(|days| SpreadChoice {
            days,
            per_day: n.div_ceil(days),
        })
        // A choice that leaves the last day empty is the same as a shorter one.
        .filter(|c| c.per_day * (c.days - 1) < n)
        .collect();
    Some(Backlog {
        items: overdue.into_iter().map(|(_, _, id)| id).collect(),
        daily_due,
        choices,
    })
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::srs::Rating;
    use crate::store::{DataDir, StudyMode};
    use crate::study::queue_for;

    const DAY: i64 = 86_400_000;
    /// 2026-11-23 10:19 UTC.
    const NOW: i64 = 1_795_429_167_000;

    /// A store where 40 items of the first deck were learned 40 days ago (Good twice, then Good
    /// once more the next day), the odd ones forgotten once on the way, so their memories differ.
    fn away_for_a_month(dir: &std::path::Path) -> (Library, Vec<ItemId>) {
        let library = Library::load(None);
        let items: Vec<ItemId> = library.decks[0].1.items().take(40).map(|i| i.id).collect();
        let data = DataDir::new(dir);
        let mut store = Store::open(&data, TimeZone::UTC, NOW).unwrap();
        for (k, item) in items.iter().enumerate() {
            let start = NOW - 40 * DAY + k as i64 * 60_000;
            let ratings: &[Rating] = if k % 2 == 1 {
                &[Rating::Good, Rating::Good, Rating::Again, Rating::Good]
            } else {
                &[Rating::Good, Rating::Good, Rating::Good]
            };
            for (r, &rating) in ratings.iter().enumerate() {
                let at = start + r as i64 * (DAY + 1_200_000);
                store
                    .answer(item, rating, 2000, StudyMode::Flip, at)
                    .unwrap();
            }
        }
        (library, items)
    }

    #[test]
    fn a_backlog_after_a_break_is_offered_least_remembered_first_and_spread_once_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let (library, items) = away_for_a_month(dir.path());
        let data = DataDir::new(dir.path());
        let mut store = Store::open(&data, TimeZone::UTC, NOW).unwrap();
        let offer = backlog(&library, &store, NOW).expect("a month away leaves a backlog");
        assert_eq!(offer.items.len(), 40, "every item is overdue");
        let recall = |id: &ItemId| {
            store
                .scheduler()
                .retrievability(&store.state(id), NOW)
                .unwrap()
        };
        assert!(
            offer
                .items
                .windows(2)
                .all(|w| recall(&w[0]) <= recall(&w[1])),
            "least remembered first"
        );
        assert!(recall(&offer.items[0]) < recall(&offer.items[39]));
        assert_eq!(
            offer.choices,
            [
                SpreadChoice {
                    days: 2,
                    per_day: 20
                },
                SpreadChoice {
                    days: 3,
                    per_day: 14
                },
                SpreadChoice {
                    days: 5,
                    per_day: 8
                },
                SpreadChoice {
                    days: 7,
                    per_day: 6
                },
            ]
        );

        // Over five days: eight today, the others later, and no offer again today.
        let before = queue_for(&library, &store, &[], NOW).review;
        assert_eq!(before, 40);
        store.spread(&offer.items, 8, NOW).unwrap();
        assert_eq!(queue_for(&library, &store, &[], NOW).review, 8);
        let today: Vec<ItemId> = queue_for(&library, &store, &[], NOW)
            .items
            .into_iter()
            .filter(|id| store.state(id).phase == Phase::Review)
            .collect();
        assert_eq!(today.len(), 8);
        assert!(today.iter().all(|id| offer.items[..8].contains(id)));
        assert_eq!(backlog(&library, &store, NOW + 3_600_000), None);
        assert_eq!(queue_for(&library, &store, &[], NOW + DAY).review, 16);

        // The same from a full replay and from the snapshot, answered or not.
        store
            .answer(
                &offer.items[20],
                Rating::Good,
                2000,
                StudyMode::Flip,
                NOW + 60_000,
            )
            .unwrap();
        let due: Vec<i64> = items.iter().map(|id| store.state(id).due_ms).collect();
        store.save_snapshot().unwrap();
        drop(store);
        let again = Store::open(&data, TimeZone::UTC, NOW + 120_000).unwrap();
        assert!(again.opened_from_snapshot());
        assert_eq!(
            items
                .iter()
                .map(|id| again.state(id).due_ms)
                .collect::<Vec<_>>(),
            due
        );
        drop(again);
        std::fs::remove_file(data.snapshot_path()).unwrap();
        let replayed = Store::open(&data, TimeZone::UTC, NOW + 120_000).unwrap();
        assert!(!replayed.opened_from_snapshot());
        assert_eq!(
            items
                .iter()
                .map(|id| replayed.state(id).due_ms)
                .collect::<Vec<_>>(),
            due
        );
        assert!(replayed.spread_at().is_some());
    }

    #[test]
    fn without_a_break_overdue_reviews_are_todays_work_not_a_backlog() {
        let dir = tempfile::tempdir().unwrap();
        let (library, items) = away_for_a_month(dir.path());
        let data = DataDir::new(dir.path());
        let mut store = Store::open(&data, TimeZone::UTC, NOW).unwrap();
        assert!(backlog(&library, &store, NOW).is_some());
        // One answer yesterday: the learner has not been away.
        store
            .answer(&items[0], Rating::Good, 2000, StudyMode::Flip, NOW - DAY)
            .unwrap();
        assert_eq!(backlog(&library, &store, NOW), None);
        // Keeping them all for today is on record: no offer again today, after a restart too.
        let dir = tempfile::tempdir().unwrap();
        let (library, _) = away_for_a_month(dir.path());
        let data = DataDir::new(dir.path());
        let mut store = Store::open(&data, TimeZone::UTC, NOW).unwrap();
        let offer = backlog(&library, &store, NOW).unwrap();
        store
            .spread(&offer.items, offer.items.len() as u32, NOW)
            .unwrap();
        assert_eq!(
            queue_for(&library, &store, &[], NOW).review,
            40,
            "nothing moved"
        );
        drop(store);
        let store = Store::open(&data, TimeZone::UTC, NOW + 60_000).unwrap();
        assert_eq!(backlog(&library, &store, NOW + 60_000), None);
        assert!(
            backlog(&library, &store, NOW + DAY).is_some(),
            "tomorrow it is offered again"
        );
    }

    #[test]
    fn a_few_overdue_reviews_are_no_backlog() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::load(None);
        let data = DataDir::new(dir.path());
        let mut store = Store::open(&data, TimeZone::UTC, NOW).unwrap();
        for item in library.decks[0].1.items().take(5) {
            for r in 0..3 {
                let at = NOW - 40 * DAY + r * (DAY + 1_200_000);
                store
                    .answer(&item.id, Rating::Good, 2000, StudyMode::Flip, at)
                    .unwrap();
            }
        }
        assert_eq!(backlog(&library, &store, NOW), None);
    }
}
