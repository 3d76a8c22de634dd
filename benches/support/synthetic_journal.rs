//! A synthetic journal for the store's and the statistics' benchmarks (included with `#[path]`):
//! `n_reviews` answers to `n_items` items in five decks, one every `step_ms` from `start_ms`, the
//! ratings cycling through `ratings`, as `talkdeck` writes them.

use talkdeck::deck::{Direction, ItemId};
use talkdeck::srs::Rating;
use talkdeck::store::{Entry, StudyMode};

/// The items, and the journal's text.
pub fn synthetic_journal(
    n_reviews: usize,
    n_items: usize,
    start_ms: i64,
    step_ms: i64,
    ratings: &[Rating],
) -> (Vec<ItemId>, String) {
    let ids: Vec<ItemId> = (0..n_items)
        .map(|i| {
            ItemId::new(
                &format!("deck{}", i % 5),
                &format!("card-{i:06}"),
                Direction::ALL[i % 3],
            )
        })
        .collect();
    let mut text = String::with_capacity(n_reviews * 120);
    for n in 0..n_reviews {
        let entry = Entry::Review {
            id: format!("{n:x}-{:016x}", n.wrapping_mul(0x9e37_79b9)),
            item: ids[n % n_items].clone(),
            at: start_ms + n as i64 * step_ms,
            rating: ratings[n % ratings.len()],
            ms: 2300,
            mode: StudyMode::Flip,
        };
        text.push_str(&ron::to_string(&entry).expect("entry"));
        text.push('\n');
    }
    (ids, text)
}
