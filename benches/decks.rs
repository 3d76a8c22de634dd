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
    // What opening a deck file costs the app: reading it, parsing and checking it, and the
    // warnings for its author. This deck repeats the built-in cards, so every card after the
    // first 164 repeats a cue: the warnings' worst case (9,836 of them, each with its position).
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("generated.ron");
    std::fs::write(&path, &text).expect("deck file");
    group.bench_function("load_file_10000_cards", |b| {
        b.iter(|| {
            let loaded = deck::load_file(black_box(&path)).unwrap();
            assert_eq!(loaded.deck.cards.len(), 10_000);
            loaded
        })
    });
    let mut unique = deck::parse_str(&text, "generated.ron").unwrap();
    for card in &mut unique.cards {
        card.zh = format!("{}（{}）", card.zh, card.id);
        card.en = format!("{} ({})", card.en, card.id);
    }
    let unique_path = dir.path().join("unique.ron");
    std::fs::write(&unique_path, deck::to_ron_string(&unique)).expect("deck file");
    group.bench_function("load_file_10000_cards_no_warnings", |b| {
        b.iter(|| {
            let loaded = deck::load_file(black_box(&unique_path)).unwrap();
            assert!(loaded.warnings.is_empty());
            loaded
        })
    });
    group.finish();
    println!("generated deck: {} bytes, 10000 cards", text.len());
}

criterion_group!(benches, parse);
criterion_main!(benches);
