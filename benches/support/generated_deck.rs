//! The large deck used by `benches/decks.rs` and `examples/deck_parse.rs` (included in both with
//! `#[path]`): `n` cards cycled from the built-in decks' cards (ids renamed), as `talkdeck export`
//! writes them.

use talkdeck::deck::{self, Card, Deck};

pub fn generated_deck(n: usize) -> String {
    let originals: Vec<Card> = deck::built_in_decks()
        .into_iter()
        .flat_map(|(_, d)| d.expect("built-in decks parse").cards)
        .collect();
    let cards = (0..n)
        .map(|i| Card {
            id: format!("card-{i:05}"),
            ..originals[i % originals.len()].clone()
        })
        .collect();
    deck::to_ron_string(&Deck {
        format: deck::FORMAT_VERSION,
        id: "generated".into(),
        name: "Generated".into(),
        name_zh: "生成的".into(),
        description: "A large deck for the benchmark.".into(),
        description_zh: String::new(),
        cards,
    })
}
