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

use std::collections::HashMap;

use super::queue::{Candidate, Done, Limits, Queue, REVIEW_AHEAD_DAYS, build_queue};
use crate::deck::{ItemId, Library};
use crate::srs::{ItemState, Phase};
use crate::store::Store;

/// What today already holds: answers given and "Study more" asked, by deck.
#[derive(Debug, Default)]
struct Today {
    done: Done,
    new_by_deck: HashMap<String, u32>,
    /// "Study more" new items asked today, in all, and by deck they cover.
    extra_new: u32,
    extra_new_by_deck: HashMap<String, u32>,
    ahead_days_by_deck: HashMap<String, u32>,
}

impl Today {
    fn read(store: &Store, decks: &[String], start: i64, end: i64) -> Today {
        let mut today = Today::default();
        for review in store.reviews().iter().rev().take_while(|r| r.at >= start) {
            if review.was_new {
                today.done.new += 1;
                let item = &store.item_ids()[review.item as usize];
                if let Some((deck, _, _)) = item.parts() {
                    *today.new_by_deck.entry(deck.to_owned()).or_default() += 1;
                }
            } else if review.phase_before == Phase::Review {
                today.done.reviews += 1;
            }
        }
        for more in store.study_more_entries() {
            if more.at < start || more.at >= end {
                continue;
            }
            today.extra_new += more.new;
            for deck in decks.iter().filter(|d| more.covers(d)) {
                *today.extra_new_by_deck.entry(deck.clone()).or_default() += more.new;
                let ahead = today.ahead_days_by_deck.entry(deck.clone()).or_default();
                *ahead = (*ahead).max(more.ahead_days);
            }
        }
        today
    }
}

/// The queue over `decks` (every loaded deck when empty) at `now_ms`.
pub fn queue_for(library: &Library, store: &Store, decks: &[String], now_ms: i64) -> Queue {
    let settings = store.settings();
    let clock = store.scheduler().clock();
    let day = clock.day(now_ms);
    let start_of_today = clock.start_of_day(day);
    let decks: Vec<String> = if decks.is_empty() {
        library.decks.iter().map(|(_, d)| d.id.clone()).collect()
    } else {
        decks.to_vec()
    };
    let today = Today::read(store, &decks, start_of_today, clock.start_of_day(day + 1));
    let soon_until = clock.start_of_day(day + 1 + REVIEW_AHEAD_DAYS as i32);

    let mut owned: Vec<(ItemId, ItemState, u64, i64)> = Vec::new();
    let mut new_total = 0usize;
    let mut reviews_soon = 0usize;
    for (deck_index, deck_id) in decks.iter().enumerate() {
        let Some(deck) = library.deck(deck_id) else {
            continue;
        };
        let extra = today.extra_new_by_deck.get(deck_id).copied().unwrap_or(0);
        let done = today.new_by_deck.get(deck_id).copied().unwrap_or(0);
        let mut room = (settings.new_per_day_of(deck_id) + extra).saturating_sub(done);
        let review_by_ms = match today.ahead_days_by_deck.get(deck_id) {
            Some(&days) if days > 0 => clock.start_of_day(day + 1 + days as i32),
            _ => now_ms,
        };
        let mut rank: u64 = 0;
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
            let mut order = 0;
            match state.phase {
                Phase::New => {
                    new_total += 1;
                    if card_touched || card_new_taken || room == 0 {
                        continue;
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
    let limits = Limits {
        new_per_day: settings.new_per_day + today.extra_new,
        reviews_per_day: settings.reviews_per_day,
        learn_ahead_secs: i64::from(settings.learn_ahead_minutes) * 60,
    };
    let mut queue = build_queue(&candidates, now_ms, limits, today.done);
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
        &[],
        clock.start_of_day(day),
        clock.start_of_day(day + 1),
    )
    .done
}
