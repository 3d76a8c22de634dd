//! Parsing and validating a large deck; figures in BENCHMARKS.md.
//!
//! `cargo bench --bench decks`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use talkdeck::deck::{self, Card, Deck};

/// A deck of `n` cards made by cycling through the built-in decks' cards (renamed): real situations,
/// replies, notes and templates, laid out as `talkdeck export` writes them.
fn generated_deck(n: usize) -> String {
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
        format: 1,
        id: "generated".into(),
        name: "Generated".into(),
        name_zh: "生成的".into(),
        description: "A large deck for the benchmark.".into(),
        cards,
    })
}

fn parse(c: &mut Criterion) {
    let text = generated_deck(10_000);
    let mut group = c.benchmark_group("deck");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("parse_and_validate_10000_cards", |b| {
        b.iter(|| {
            let deck = deck::parse_str(black_box(&text), "generated.ron").unwrap();
            assert_eq!(deck.cards.len(), 10_000);
            deck
        })
    });
    group.finish();
    println!("generated deck: {} bytes, 10000 cards", text.len());
}

criterion_group!(benches, parse);
criterion_main!(benches);
