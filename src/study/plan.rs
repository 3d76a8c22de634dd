//! Today's queue over some decks: the candidates with their limits, read from the store. Home's
//! counts, each deck's counts, a session's next item and "left", and the summary's outlook all
//! call [`queue_for`], so they cannot disagree.
//!
//! - New directions of one card are siblings, buried as Anki buries them: at most one new item per
//!   card a day, and none for a card already studied today, so one direction never gives away the
//!   answer to the next.
//! - New items are taken from the decks in turn (the first new card of each deck, then the second
//!   of each, …), so studying several decks introduces each of them.
//! - A deck may have its own new-per-day limit (the smaller of it and the global one applies);
//!   "Study more" adds to both for the day it was asked.
//! - Suspended items, items buried for today and every item of a hidden deck are never queued nor
//!   counted (a buried new item counts as waiting for another day). Flags change nothing here.

use std::collections::HashMap;

use super::queue::{Candidate, Done, Limits, Queue, REVIEW_AHEAD_DAYS, build_queue};
use crate::deck::{ItemId, Library};
use crate::srs::{ItemState, Phase};
use crate::store::Store;

/// What today already holds: answers given and "Study more" asked, and how much of each day's
/// allowance of new items is left — in all, and to each deck.
///
/// A "Study more" for every deck raises the day's limit; one for some decks gives *those decks* a
/// budget of their own, which no other deck can spend. Each new item started today is paid from
/// the earliest such budget that covers its deck and was granted before it, else from the shared
/// allowance, so the counts are the same however the day's answers and extensions interleave.
#[derive(Debug, Default)]
struct Today {
    done: Done,
    new_by_deck: HashMap<String, u32>,
    /// The shared allowance left: the global limit plus every-deck extensions, minus what it paid.
    shared_room: u32,
    /// "Study more" for every deck, in all (added to each deck's own limit too).
    extra_all: u32,
    /// Each "Study more" for some decks: its decks, what it granted, and what is left of it.
    budgets: Vec<Budget>,
    ahead_days_by_deck: HashMap<String, u32>,
    /// When each deck's reviews were last asked for ahead: an item answered since is not asked
    /// ahead again today (else Good would bring it straight back, its new due date still inside
    /// the window).
    ahead_since_by_deck: HashMap<String, i64>,
}

#[derive(Debug)]
struct Budget {
    decks: Vec<String>,
    granted: u32,
    left: u32,
}

impl Today {
    fn read(store: &Store, new_per_day: u32, decks: &[String], start: i64, end: i64) -> Today {
        let mut today = Today::default();
        let mut budgets: Vec<(i64, Budget)> = Vec::new();
        for more in store.study_more_entries() {
            if more.at < start || more.at >= end {
                continue;
            }
            if more.decks.is_empty() {
                today.extra_all += more.new;
            } else if more.new > 0 {
                budgets.push((
                    more.at,
                    Budget {
                        decks: more.decks.clone(),
                        granted: more.new,
                        left: more.new,
                    },
                ));
            }
            for deck in decks.iter().filter(|d| more.covers(d)) {
                let ahead = today.ahead_days_by_deck.entry(deck.clone()).or_default();
                *ahead = (*ahead).max(more.ahead_days);
                if more.ahead_days > 0 {
                    let since = today.ahead_since_by_deck.entry(deck.clone()).or_default();
                    *since = (*since).max(more.at);
                }
            }
        }
        budgets.sort_by_key(|(at, _)| *at);
        let mut shared_paid = 0u32;
        let first_today = store.reviews().partition_point(|r| r.at < start);
        for review in &store.reviews()[first_today..] {
            if review.was_new {
                today.done.new += 1;
                let item = &store.item_ids()[review.item as usize];
                let deck = item.parts().map_or("", |(deck, _, _)| deck);
                *today.new_by_deck.entry(deck.to_owned()).or_default() += 1;
                let budget = budgets.iter_mut().find(|(at, b)| {
                    *at <= review.at && b.left > 0 && b.decks.iter().any(|d| d == deck)
                });
                match budget {
                    Some((_, budget)) => budget.left -= 1,
                    None => shared_paid += 1,
                }
            } else if review.phase_before == Phase::Review {
                today.done.reviews += 1;
            }
        }
        today.shared_room = (new_per_day + today.extra_all).saturating_sub(shared_paid);
        today.budgets = budgets.into_iter().map(|(_, b)| b).collect();
        today
    }

    /// What is left of the budgets that `deck` may spend.
    fn budget_left(&self, deck: &str) -> u32 {
        self.budgets
            .iter()
            .filter(|b| b.decks.iter().any(|d| d == deck))
            .map(|b| b.left)
            .sum()
    }

    /// What the budgets granted to `deck` today, spent or not.
    fn budget_granted(&self, deck: &str) -> u32 {
        self.budgets
            .iter()
            .filter(|b| b.decks.iter().any(|d| d == deck))
            .map(|b| b.granted)
            .sum()
    }

    /// New items a session over `decks` may start: the shared allowance, and what is left of every
    /// budget that covers one of them.
    fn room_for(&self, decks: &[String]) -> u32 {
        let own: u32 = self
            .budgets
            .iter()
            .filter(|b| b.decks.iter().any(|d| decks.contains(d)))
            .map(|b| b.left)
            .sum();
        self.shared_room + own
    }
}

/// The queue over `decks` (every loaded deck when empty) at `now_ms`.
pub fn queue_for(library: &Library, store: &Store, decks: &[String], now_ms: i64) -> Queue {
    queue_preferring(library, store, decks, now_ms, None)
}

/// [`queue_for`], with a card's new item in direction `first` introduced before its other new
/// directions (a Listen session starts a card by ear: recognise first). The counts are the same
/// either way — one new item per card a day — only which sibling comes first differs.
pub fn queue_preferring(
    library: &Library,
    store: &Store,
    decks: &[String],
    now_ms: i64,
    first: Option<crate::deck::Direction>,
) -> Queue {
    let settings = store.settings();
    let clock = store.scheduler().clock();
    let day = clock.day(now_ms);
    let start_of_today = clock.start_of_day(day);
    let decks: Vec<String> = if decks.is_empty() {
        library.decks.iter().map(|(_, d)| d.id.clone()).collect()
    } else {
        decks.to_vec()
    };
    // A hidden deck is out of study whether it is asked for by name or with every deck.
    let decks: Vec<String> = decks
        .into_iter()
        .filter(|deck| !store.is_deck_hidden(deck))
        .collect();
    let today = Today::read(
        store,
        settings.new_per_day,
        &decks,
        start_of_today,
        clock.start_of_day(day + 1),
    );
    let soon_until = clock.start_of_day(day + 1 + REVIEW_AHEAD_DAYS as i32);

    let mut owned: Vec<(ItemId, ItemState, u64, i64)> = Vec::new();
    let mut new_total = 0usize;
    let mut reviews_soon = 0usize;
    for (deck_index, deck_id) in decks.iter().enumerate() {
        let Some(deck) = library.deck(deck_id) else {
            continue;
        };
        // The deck's own limit (raised by "Study more"), and no more than the shared allowance
        // and its own budgets leave.
        let done = today.new_by_deck.get(deck_id).copied().unwrap_or(0);
        let own_limit =
            settings.new_per_day_of(deck_id) + today.extra_all + today.budget_granted(deck_id);
        let mut room = own_limit
            .saturating_sub(done)
            .min(today.shared_room + today.budget_left(deck_id));
        let review_by_ms = match today.ahead_days_by_deck.get(deck_id) {
            Some(&days) if days > 0 => clock.start_of_day(day + 1 + days as i32),
            _ => now_ms,
        };
        // Counted on from the new items this deck started today, so the turns hold through a
        // session: after greetings' first, compliments' first comes before greetings' second.
        let mut rank: u64 = u64::from(done);
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
            let marks = store.marks(&item.id);
            if marks.suspended {
                continue;
            }
            let state = store.state(&item.id);
            if marks.buried_on(day) {
                new_total += usize::from(state.phase == Phase::New);
                continue;
            }
            let mut order = 0;
            match state.phase {
                Phase::New => {
                    new_total += 1;
                    if card_touched || card_new_taken || room == 0 {
                        continue;
                    }
                    // Its sibling in the preferred direction comes later in this card and can
                    // be started today: that one takes the card's place.
                    if let Some(first) = first
                        && item.direction != first
                    {
                        let card = &deck.cards[item.card];
                        let sibling = ItemId::new(&deck.id, &card.id, first);
                        let later = card.directions().any(|d| d == first) && item.direction < first;
                        let marks = store.marks(&sibling);
                        if later
                            && store.state(&sibling).phase == Phase::New
                            && !marks.suspended
                            && !marks.buried_on(day)
                        {
                            continue;
                        }
                    }
                    card_new_taken = true;
                    room -= 1;
                    // Deck by deck in turn: every deck's first new item, then every second, …
                    order = (rank << 16) | deck_index as u64;
                    rank += 1;
                }
                Phase::Review if state.due_ms > review_by_ms && state.due_ms < soon_until => {
                    reviews_soon += 1;
                }
                _ => {}
            }
            // Reviewed ahead once since it was asked for: due as usual, not ahead again.
            let answered_ahead = today
                .ahead_since_by_deck
                .get(deck_id)
                .is_some_and(|&since| state.last_review_ms.is_some_and(|at| at >= since));
            let review_by_ms = if answered_ahead { now_ms } else { review_by_ms };
            owned.push((item.id, state, order, review_by_ms));
        }
    }
    let candidates: Vec<Candidate<'_>> = owned
        .iter()
        .map(|(id, state, order, review_by_ms)| Candidate {
            id,
            state,
            order: *order,
            review_by_ms: *review_by_ms,
        })
        .collect();
    // New items: the room left today is the limit (what was started today counted on top of it,
    // so the queue spreads the day's new items among its reviews from where the day stands).
    let limits = Limits {
        new_per_day: today.room_for(&decks) + today.done.new,
        reviews_per_day: settings.reviews_per_day,
        learn_ahead_secs: i64::from(settings.learn_ahead_minutes) * 60,
    };
    let done = today.done;
    let mut queue = build_queue(&candidates, now_ms, limits, done);
    queue.new_waiting = new_total - queue.new;
    queue.reviews_soon = reviews_soon;
    queue
}

/// Today's counts as the daily limits count them: new items started and reviews done.
pub fn done_today(store: &Store, now_ms: i64) -> Done {
    let clock = store.scheduler().clock();
    let day = clock.day(now_ms);
    Today::read(
        store,
        store.settings().new_per_day,
        &[],
        clock.start_of_day(day),
        clock.start_of_day(day + 1),
    )
    .done
}

/// The queue of a custom session over `items` (the phrases behind a figure on Stats), which
/// started at `since_ms`: the items not answered since, in their order, then those answered since
/// that are in (re)learning and due — outside the daily limits. Suspended items and items buried
/// today are left out, as in any session.
pub fn custom_queue(store: &Store, items: &[ItemId], since_ms: i64, now_ms: i64) -> Queue {
    let mut queue = Queue::default();
    let mut again = Vec::new();
    for item in items {
        if store.marks(item).suspended || store.is_buried(item, now_ms) {
            continue;
        }
        let state = store.state(item);
        let answered = state.last_review_ms.is_some_and(|at| at >= since_ms);
        let (count, list) = match (answered, state.phase) {
            (false, Phase::New) => (&mut queue.new, &mut queue.items),
            (false, Phase::Review) => (&mut queue.review, &mut queue.items),
            (false, _) => (&mut queue.learning, &mut queue.items),
            (true, Phase::Learning | Phase::Relearning) if state.due_ms <= now_ms => {
                (&mut queue.learning, &mut again)
            }
            (true, Phase::Learning | Phase::Relearning) => {
                queue.ready_at_ms = Some(
                    queue
                        .ready_at_ms
                        .map_or(state.due_ms, |at| at.min(state.due_ms)),
                );
                continue;
            }
            (true, _) => continue,
        };
        *count += 1;
        list.push(item.clone());
    }
    queue.items.extend(again);
    queue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::Rating;
    use crate::store::{DataDir, Settings, StudyMode};
    use crate::study::Session;

    /// 2026-11-23 10:00 UTC.
    const NOW: i64 = 1_795_428_000_000;
    const MINUTE: i64 = 60_000;

    fn store(dir: &std::path::Path, settings: Option<Settings>) -> Store {
        let data = DataDir::new(dir);
        if let Some(settings) = settings {
            settings.save(&data.settings_path()).unwrap();
        }
        Store::open(&data, jiff::tz::TimeZone::UTC, NOW).unwrap()
    }

    fn deck_of(item: &ItemId) -> &str {
        item.parts().unwrap().0
    }

    #[test]
    fn a_session_over_every_deck_takes_new_items_from_each_in_turn() {
        let dir = tempfile::tempdir().unwrap();
        let (store, library) = (store(dir.path(), None), Library::load(None));
        let queue = queue_for(&library, &store, &[], NOW);
        assert_eq!(queue.new, 20);
        let mut per_deck: HashMap<&str, usize> = HashMap::new();
        for item in &queue.items {
            *per_deck.entry(deck_of(item)).or_default() += 1;
        }
        assert_eq!(per_deck.len(), 5, "{per_deck:?}");
        assert!(per_deck.values().all(|&n| n == 4), "{per_deck:?}");
        let first: Vec<&str> = queue.items[..5].iter().map(deck_of).collect();
        assert_eq!(
            first,
            [
                "greetings",
                "compliments",
                "self_introduction",
                "jobs",
                "china_questions"
            ]
        );
        // The others still hold new items: each deck's own queue has its twenty.
        for (_, deck) in &library.decks {
            let own = queue_for(&library, &store, std::slice::from_ref(&deck.id), NOW);
            assert_eq!(own.new, 20, "{}", deck.id);
        }
        // The turns hold as the items are answered: after the first deck's first item, the
        // second deck's comes next, not the first deck's second.
        let mut store = store;
        let mut session = Session::start(&library, &store, &[], NOW, 1);
        let mut decks = Vec::new();
        for n in 0..7 {
            let next = session.next(&library, &store, NOW + n * 1000).unwrap();
            decks.push(deck_of(&next.prompt.item).to_owned());
            session
                .answer(
                    &mut store,
                    Rating::Good,
                    StudyMode::Flip,
                    NOW + n * 1000 + 500,
                )
                .unwrap();
        }
        assert_eq!(
            decks,
            [
                "greetings",
                "compliments",
                "self_introduction",
                "jobs",
                "china_questions",
                "greetings",
                "compliments"
            ]
        );
    }

    #[test]
    fn a_listen_session_starts_each_new_card_by_ear_with_the_same_counts() {
        use crate::deck::Direction;
        let dir = tempfile::tempdir().unwrap();
        let (mut store, library) = (store(dir.path(), None), Library::load(None));
        let usual = queue_for(&library, &store, &[], NOW);
        let by_ear = queue_preferring(&library, &store, &[], NOW, Some(Direction::Recognise));
        let direction = |item: &ItemId| item.parts().unwrap().2;
        assert!(
            usual
                .items
                .iter()
                .all(|i| direction(i) == Direction::Produce)
        );
        assert!(
            by_ear
                .items
                .iter()
                .all(|i| direction(i) == Direction::Recognise)
        );
        let cards = |q: &Queue| -> Vec<String> {
            q.items
                .iter()
                .map(|i| i.parts().unwrap().1.to_owned())
                .collect()
        };
        assert_eq!(cards(&usual), cards(&by_ear), "the same cards, by ear");
        assert_eq!(
            (usual.new, usual.new_waiting),
            (by_ear.new, by_ear.new_waiting)
        );
        // A suspended recognise item leaves its card to the first direction.
        let first = by_ear.items[0].clone();
        store
            .mark(
                std::slice::from_ref(&first),
                crate::store::Mark::Suspend,
                NOW,
            )
            .unwrap();
        let after = queue_preferring(&library, &store, &[], NOW, Some(Direction::Recognise));
        let (deck, card, _) = first.parts().unwrap();
        assert!(
            after
                .items
                .contains(&ItemId::new(deck, card, Direction::Produce))
        );
    }

    #[test]
    fn a_decks_own_limit_and_study_more_apply_and_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::default();
        settings.deck_new_per_day.insert("greetings".into(), 3);
        let library = Library::load(None);
        let greetings = ["greetings".to_owned()];
        {
            let mut store = store(dir.path(), Some(settings));
            assert_eq!(queue_for(&library, &store, &greetings, NOW).new, 3);
            let all = queue_for(&library, &store, &[], NOW);
            assert_eq!(
                all.items
                    .iter()
                    .filter(|i| deck_of(i) == "greetings")
                    .count(),
                3,
                "the deck's limit holds in a session over every deck"
            );
            // Study the three, then there is nothing new left in the deck today …
            for item in queue_for(&library, &store, &greetings, NOW).items {
                store
                    .answer(&item, Rating::Easy, 1000, StudyMode::Flip, NOW)
                    .unwrap();
            }
            let after = queue_for(&library, &store, &greetings, NOW + MINUTE);
            assert_eq!(after.new, 0);
            assert!(after.new_waiting > 0, "and says how many wait");
            // … until "Study more".
            store.study_more(&greetings, 10, 0, NOW + MINUTE).unwrap();
            assert_eq!(
                queue_for(&library, &store, &greetings, NOW + MINUTE).new,
                10
            );
            store.save_snapshot().unwrap();
        }
        let store = store(dir.path(), None);
        assert!(store.opened_from_snapshot());
        assert_eq!(
            queue_for(&library, &store, &greetings, NOW + 2 * MINUTE).new,
            10,
            "after a restart, from the snapshot"
        );
        let tomorrow = NOW + 24 * 60 * MINUTE;
        assert_eq!(
            queue_for(&library, &store, &greetings, tomorrow).new,
            3,
            "\"Study more\" is for the day it was asked"
        );
        std::fs::remove_file(DataDir::new(dir.path()).snapshot_path()).unwrap();
        drop(store);
        let replayed = self::store(dir.path(), None);
        assert_eq!(
            queue_for(&library, &replayed, &greetings, NOW + 2 * MINUTE).new,
            10,
            "and from a full replay"
        );
    }

    #[test]
    fn reviewing_ahead_brings_the_next_days_reviews_into_today() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::load(None);
        let mut store = store(dir.path(), None);
        let jobs = ["jobs".to_owned()];
        let item = queue_for(&library, &store, &jobs, NOW).items[0].clone();
        // Good twice on a new item: a review a few days away.
        store
            .answer(
                &item,
                Rating::Good,
                1000,
                StudyMode::Flip,
                NOW - 10 * MINUTE,
            )
            .unwrap();
        let state = store
            .answer(&item, Rating::Good, 1000, StudyMode::Flip, NOW)
            .unwrap();
        assert!(
            state.due_ms > NOW + 24 * 60 * MINUTE && state.due_ms < NOW + 3 * 24 * 60 * MINUTE,
            "{state:?}"
        );
        let limits = Settings {
            new_per_day: 1,
            ..Settings::default()
        };
        store.set_settings(limits, NOW).unwrap();
        let queue = queue_for(&library, &store, &jobs, NOW + MINUTE);
        assert!(queue.is_empty());
        assert_eq!(queue.reviews_soon, 1, "offered");
        store.study_more(&jobs, 0, 3, NOW + MINUTE).unwrap();
        let queue = queue_for(&library, &store, &jobs, NOW + MINUTE);
        assert_eq!((queue.review, queue.items.len()), (1, 1));
        assert_eq!(queue.items[0], item);
        // Reviewed ahead once: its next due date is still inside the window, but it is not asked
        // again today (it would come back after every Good).
        let state = store
            .answer(&item, Rating::Good, 1000, StudyMode::Flip, NOW + 2 * MINUTE)
            .unwrap();
        assert!(state.due_ms < NOW + 4 * 24 * 60 * MINUTE, "{state:?}");
        let queue = queue_for(&library, &store, &jobs, NOW + 3 * MINUTE);
        assert!(queue.is_empty(), "{:?}", queue.items);
    }

    #[test]
    fn a_failed_item_does_not_come_straight_back_while_others_wait() {
        // Today's new items are used; three items are in learning. The one just failed is due
        // first (a 1-minute step), but another learning item is asked before it.
        let dir = tempfile::tempdir().unwrap();
        let library = Library::load(None);
        let mut store = store(
            dir.path(),
            Some(Settings {
                new_per_day: 3,
                ..Settings::default()
            }),
        );
        let greetings = ["greetings".to_owned()];
        let mut session = Session::start(&library, &store, &greetings, NOW, 1);
        let mut now = NOW;
        for _ in 0..3 {
            session.next(&library, &store, now).unwrap();
            session
                .answer(&mut store, Rating::Good, StudyMode::Flip, now)
                .unwrap();
            now += 5_000;
        }
        // Half of the 10-minute step: all three may be asked again.
        now += 5 * MINUTE;
        let mut asked = Vec::new();
        for _ in 0..6 {
            let next = session.next(&library, &store, now).unwrap();
            asked.push(next.prompt.item.clone());
            session
                .answer(&mut store, Rating::Again, StudyMode::Flip, now)
                .unwrap();
            // Half of the 1-minute step.
            now += 30_000;
        }
        for pair in asked.windows(2) {
            assert_ne!(pair[0], pair[1], "{asked:?}");
        }
        // With one item left it does come back, and says so.
        let dir = tempfile::tempdir().unwrap();
        let mut store = self::store(
            dir.path(),
            Some(Settings {
                new_per_day: 1,
                ..Settings::default()
            }),
        );
        let mut session = Session::start(&library, &store, &greetings, NOW, 1);
        let first = session.next(&library, &store, NOW).unwrap();
        assert!(!first.again);
        session
            .answer(&mut store, Rating::Again, StudyMode::Flip, NOW)
            .unwrap();
        assert!(
            session.next(&library, &store, NOW + 1000).is_none(),
            "not a second later: it waits half its step"
        );
        let queue = queue_for(&library, &store, &greetings, NOW + 1000);
        assert_eq!(queue.ready_at_ms, Some(NOW + 30_000));
        let again = session.next(&library, &store, NOW + 30_000).unwrap();
        assert_eq!(again.prompt.item, first.prompt.item);
        assert!(again.again && again.left == 1);
    }

    #[test]
    fn study_more_for_one_deck_is_spent_by_that_deck_only() {
        // The day's 5 new items are spent on greetings; "Study more" gives jobs 3 of its own, of
        // which 2 are studied. Greetings has room under its own limit, but none is left to spend.
        let dir = tempfile::tempdir().unwrap();
        let library = Library::load(None);
        let mut store = store(
            dir.path(),
            Some(Settings {
                new_per_day: 5,
                ..Settings::default()
            }),
        );
        let (greetings, jobs) = (["greetings".to_owned()], ["jobs".to_owned()]);
        let mut now = NOW;
        for item in queue_for(&library, &store, &greetings, now).items {
            store
                .answer(&item, Rating::Easy, 1000, StudyMode::Flip, now)
                .unwrap();
            now += 1000;
        }
        assert_eq!(queue_for(&library, &store, &[], now).new, 0);
        store.study_more(&jobs, 3, 0, now).unwrap();
        for item in queue_for(&library, &store, &jobs, now)
            .items
            .into_iter()
            .take(2)
        {
            store
                .answer(&item, Rating::Easy, 1000, StudyMode::Flip, now)
                .unwrap();
            now += 1000;
        }
        assert_eq!(queue_for(&library, &store, &jobs, now).new, 1);
        assert_eq!(
            queue_for(&library, &store, &greetings, now).new,
            0,
            "jobs' extension is not greetings'"
        );
        let all = queue_for(&library, &store, &[], now);
        assert_eq!(all.new, 1);
        assert!(
            all.items.iter().all(|i| deck_of(i) == "jobs"),
            "{:?}",
            all.items
        );
        // "Study more" for every deck raises the day's limit for each of them.
        store.study_more(&[], 2, 0, now).unwrap();
        assert_eq!(queue_for(&library, &store, &greetings, now).new, 2);
        assert_eq!(queue_for(&library, &store, &[], now).new, 3);
    }

    #[test]
    fn an_item_taken_back_comes_back_in_the_variant_it_was_shown() {
        let library = Library::load(None);
        let greetings = ["greetings".to_owned()];
        for seed in 0..8 {
            let dir = tempfile::tempdir().unwrap();
            let mut store = store(dir.path(), None);
            let mut session = Session::start(&library, &store, &greetings, NOW, seed);
            let mut now = NOW;
            // Answer items until the template card (three variants) has been answered.
            let shown = loop {
                let next = session.next(&library, &store, now).unwrap();
                session
                    .answer(&mut store, Rating::Good, StudyMode::Flip, now)
                    .unwrap();
                now += 1000;
                if next.prompt.item.as_str() == "greetings/good-time-of-day/produce" {
                    break next.prompt;
                }
            };
            session.undo(&mut store, now).unwrap();
            let again = session.next(&library, &store, now).unwrap().prompt;
            assert_eq!(again.item, shown.item);
            assert_eq!(
                (again.variant, &again.cue),
                (shown.variant, &shown.cue),
                "seed {seed}"
            );
        }
    }

    /// A review of `deck`'s first new item, due at [`NOW`]: answered Good twice ten days ago.
    fn a_due_review(library: &Library, store: &mut Store, deck: &str) -> ItemId {
        let deck = [deck.to_owned()];
        let then = NOW - 10 * 24 * 60 * MINUTE;
        let item = queue_for(library, store, &deck, then).items[0].clone();
        for at in [then, then + 10 * MINUTE] {
            store
                .answer(&item, Rating::Good, 1000, StudyMode::Flip, at)
                .unwrap();
        }
        assert!(store.state(&item).due_ms <= NOW, "{:?}", store.state(&item));
        item
    }

    #[test]
    fn due_reviews_are_spread_among_the_new_items_through_a_whole_session() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, library) = (store(dir.path(), None), Library::load(None));
        let reviews: Vec<ItemId> = ["greetings", "compliments", "jobs", "china_questions"]
            .iter()
            .map(|deck| a_due_review(&library, &mut store, deck))
            .collect();
        // The session is built again after every answer: the reviews must not wait for the
        // last new item (4 reviews among 20 new: one in every six or so).
        let mut session = Session::start(&library, &store, &[], NOW, 1);
        let mut shown = Vec::new();
        for n in 0..24 {
            let at = NOW + n * 1000;
            let next = session.next(&library, &store, at).unwrap();
            shown.push(next.prompt.item.clone());
            session
                .answer(&mut store, Rating::Easy, StudyMode::Flip, at + 500)
                .unwrap();
        }
        let mut at: Vec<usize> = reviews
            .iter()
            .map(|r| shown.iter().position(|s| s == r).unwrap())
            .collect();
        at.sort_unstable();
        assert_eq!(at[0], 0, "a review first: {at:?}");
        assert!(
            at.windows(2).all(|w| (4..=8).contains(&(w[1] - w[0]))),
            "spread: {at:?}"
        );
    }

    #[test]
    fn suspended_and_buried_items_are_neither_queued_nor_counted_until_taken_back() {
        use crate::store::Mark;
        let dir = tempfile::tempdir().unwrap();
        let library = Library::load(None);
        let mut store = store(dir.path(), None);
        let greetings = ["greetings".to_owned()];
        let review = a_due_review(&library, &mut store, "greetings");
        let before = queue_for(&library, &store, &greetings, NOW);
        assert_eq!(before.review, 1);
        let new = before
            .items
            .iter()
            .find(|i| store.state(i).phase == Phase::New)
            .unwrap()
            .clone();
        let both = [review.clone(), new.clone()];
        let news = |q: &Queue| q.new + q.new_waiting;

        store.mark(&both, Mark::Suspend, NOW).unwrap();
        let suspended = queue_for(&library, &store, &greetings, NOW);
        assert_eq!(suspended.review, 0);
        assert!(both.iter().all(|i| !suspended.items.contains(i)));
        assert_eq!(news(&suspended), news(&before) - 1, "not even waiting");
        let every = queue_for(&library, &store, &[], NOW);
        assert!(both.iter().all(|i| !every.items.contains(i)), "in no queue");
        assert_eq!(
            queue_for(&library, &store, &greetings, NOW + 30 * 24 * 60 * MINUTE).review,
            0,
            "suspended until unsuspended"
        );
        store.mark(&both, Mark::Unsuspend, NOW).unwrap();
        assert_eq!(queue_for(&library, &store, &greetings, NOW), before);

        store.mark(&both, Mark::Bury, NOW).unwrap();
        let buried = queue_for(&library, &store, &greetings, NOW + MINUTE);
        assert_eq!(buried.review, 0);
        assert!(both.iter().all(|i| !buried.items.contains(i)));
        assert_eq!(news(&buried), news(&before), "a buried new item waits");
        // The day starts at 04:00; NOW is 10:00.
        let tomorrow = NOW + 18 * 60 * MINUTE;
        assert_eq!(
            queue_for(&library, &store, &greetings, tomorrow - 1).review,
            0,
            "buried until the rollover"
        );
        let next_day = queue_for(&library, &store, &greetings, tomorrow);
        assert!(
            both.iter().all(|i| next_day.items.contains(i)),
            "and back from it: {:?}",
            next_day.items
        );
        store.mark(&both, Mark::Unbury, NOW + 2 * MINUTE).unwrap();
        let unburied = queue_for(&library, &store, &greetings, NOW + 2 * MINUTE);
        assert!(both.iter().all(|i| unburied.items.contains(i)));

        // Flags change nothing.
        store.mark(&both, Mark::Flag(1), NOW + 3 * MINUTE).unwrap();
        assert_eq!(
            queue_for(&library, &store, &greetings, NOW + 3 * MINUTE),
            unburied
        );
    }

    #[test]
    fn a_hidden_deck_is_not_queued_and_showing_it_again_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::load(None);
        let mut store = store(dir.path(), None);
        let review = a_due_review(&library, &mut store, "jobs");
        let jobs = ["jobs".to_owned()];
        let before = queue_for(&library, &store, &[], NOW);
        let own = queue_for(&library, &store, &jobs, NOW);
        assert!(before.items.contains(&review) && own.review == 1);

        store.set_deck_hidden("jobs", true, NOW).unwrap();
        let all = queue_for(&library, &store, &[], NOW);
        assert!(
            all.items.iter().all(|i| deck_of(i) != "jobs"),
            "{:?}",
            all.items
        );
        assert_eq!(all.review, 0);
        assert_eq!(all.new, 20, "the other decks fill the day's new items");
        let hidden = queue_for(&library, &store, &jobs, NOW);
        assert_eq!(hidden, Queue::default(), "not even by name");

        store.set_deck_hidden("jobs", false, NOW).unwrap();
        assert_eq!(queue_for(&library, &store, &[], NOW), before);
        assert_eq!(queue_for(&library, &store, &jobs, NOW), own);
    }
}
