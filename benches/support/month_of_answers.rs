//! A month of answers for the examples that measure the app with a history behind it (included
//! with `#[path]`): forty a day over the built-in decks' items, one in eight Again, so Stats has bars
//! and failing phrases and Home has reviews due.

use talkdeck::deck::Library;
use talkdeck::srs::Rating;
use talkdeck::store::{Store, StudyMode};

pub fn month_of_answers(store: &mut Store, library: &Library, now: i64) {
    let items: Vec<_> = library
        .decks
        .iter()
        .take(5)
        .flat_map(|(_, deck)| deck.items().map(|item| item.id))
        .collect();
    for n in 0..30 * 40 {
        let at = now - 30 * 86_400_000 + n as i64 * 2_160_000;
        let rating = if n % 8 == 0 {
            Rating::Again
        } else {
            Rating::Good
        };
        store
            .answer(
                &items[(n * 7) % items.len()],
                rating,
                3_000,
                StudyMode::Flip,
                at,
            )
            .expect("answer");
    }
}
