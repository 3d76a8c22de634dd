//! Parsing and validating a large deck, saving one from the editor, and the check on focus for
//! changed deck files; figures in BENCHMARKS.md.
//!
//! `cargo bench --bench decks` (`-- deck_save` for the last two)

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

/// What saving from the editor costs: reading the file and checking its hash, writing the text,
/// checking it with `parse_str`, and two atomic writes (the backup and the deck), each fsynced.
fn save(c: &mut Criterion) {
    let deck = deck::parse_str(&generated_deck(1_000), "generated.ron").unwrap();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("generated.ron");
    let mut hash = deck::save_deck(&path, &deck, None).unwrap().hash;
    let mut group = c.benchmark_group("deck_save");
    group.sample_size(20);
    group.bench_function("save_1000_cards", |b| {
        b.iter(|| {
            hash = deck::save_deck(black_box(&path), &deck, Some(hash))
                .unwrap()
                .hash;
        })
    });
    // The check on focus: 20 deck files of about 30 cards (13 KB) each, read and hashed.
    let folder = tempfile::tempdir().expect("temp dir");
    let mut small = deck.clone();
    small.cards.truncate(30);
    for n in 0..20 {
        small.id = format!("deck-{n:02}");
        let file = deck::new_deck_path(folder.path(), &small.id);
        deck::save_deck(&file, &small, None).unwrap();
    }
    let library = deck::Library::load(Some(folder.path()));
    group.bench_function("changed_files_20_files", |b| {
        b.iter(|| {
            let changed = library.changed_files(black_box(folder.path()));
            assert!(changed.is_empty());
            changed
        })
    });
    group.finish();
}

criterion_group!(benches, parse, save);
criterion_main!(benches);
