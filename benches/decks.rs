//! Parsing and validating a large deck; figures in BENCHMARKS.md.
//!
//! `cargo bench --bench decks`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use talkdeck::deck;

#[path = "support/generated_deck.rs"]
mod generated;
use generated::generated_deck;

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
