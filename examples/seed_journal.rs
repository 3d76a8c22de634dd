//! Writes a data folder with a journal of REVIEWS answers over the built-in decks' items, spread
//! over the past year in time order, for the app's start-up figures and for screenshots.
//!
//! `cargo run --release --example seed_journal -- DIR [REVIEWS] [--snapshot]`

use talkdeck::deck::Library;
use talkdeck::srs::{DayClock, Rating};
use talkdeck::store::{DataDir, Entry, Store, StudyMode, new_entry_id};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: seed_journal DIR [REVIEWS] [--snapshot]");
        std::process::exit(2);
    };
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let data = DataDir::new(dir);
    std::fs::create_dir_all(data.root()).expect("data folder");
    let library = Library::load(None);
    let items: Vec<_> = library
        .decks
        .iter()
        .flat_map(|(_, deck)| deck.items().map(|item| item.id))
        .collect();
    let now = jiff::Timestamp::now().as_millisecond();
    let start = now - 365 * 86_400_000;
    let step = (365 * 86_400_000 / n.max(1) as i64).max(1);
    let ratings = [
        Rating::Good,
        Rating::Good,
        Rating::Good,
        Rating::Again,
        Rating::Hard,
        Rating::Easy,
        Rating::Good,
    ];
    let mut text = String::with_capacity(n * 110);
    for i in 0..n {
        let at = start + i as i64 * step;
        let entry = Entry::Review {
            id: new_entry_id(at),
            item: items[i % items.len()].clone(),
            at,
            rating: ratings[i % ratings.len()],
            ms: 2_000 + (i % 7) as u32 * 700,
            mode: StudyMode::Flip,
        };
        text.push_str(&ron::to_string(&entry).expect("entry"));
        text.push('\n');
    }
    std::fs::write(data.journal_path(), text).expect("journal");
    if args.iter().any(|a| a == "--snapshot") {
        let mut store = Store::open(&data, DayClock::local(4), now).expect("store");
        store.save_snapshot().expect("snapshot");
    }
    println!(
        "{n} reviews of {} items in {}",
        items.len(),
        data.root().display()
    );
}
