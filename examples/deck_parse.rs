//! Times parsing and validating a 10,000-card deck built from the built-in decks' cards, for
//! profiling (`valgrind --tool=callgrind`) alongside `cargo bench --bench decks`.
//! `cargo run --release --example deck_parse -- [CARDS] [RUNS]`

use std::time::Instant;

use talkdeck::deck;

#[path = "../benches/support/generated_deck.rs"]
mod generated;
use generated::generated_deck;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let text = generated_deck(n);
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
