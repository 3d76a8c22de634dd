//! Times parsing and validating a 10,000-card deck built from the built-in decks' cards, for
//! profiling (`valgrind --tool=callgrind`) alongside `cargo bench --bench decks`.
//! `cargo run --release --example deck_parse -- [CARDS] [RUNS]`

use std::time::Instant;

use talkdeck::deck::{self, Card, Deck};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
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
    let text = deck::to_ron_string(&Deck {
        format: 1,
        id: "generated".into(),
        name: "Generated".into(),
        name_zh: String::new(),
        description: String::new(),
        cards,
    });
    for _ in 0..runs {
        let started = Instant::now();
        let deck = deck::parse_str(&text, "generated.ron").expect("the generated deck parses");
        let ms = started.elapsed().as_secs_f64() * 1e3;
        println!(
            "cards={} bytes={} parse_ms={ms:.1}",
            deck.cards.len(),
            text.len()
        );
    }
}
