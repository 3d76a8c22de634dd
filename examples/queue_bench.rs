//! What it costs to work out today's queue — done for every card shown, after every answer, and
//! (six times: all decks and each deck) whenever Home's figures change — with a month of answers,
//! first over the five built-in decks, then with a 10,000-card deck of the learner's own added.
//!
//! `cargo run --release --example queue_bench -- [RUNS]`

#[path = "../benches/support/generated_deck.rs"]
mod generated_deck;
#[path = "../benches/support/month_of_answers.rs"]
mod month_of_answers;

use std::sync::Arc;
use std::time::Instant;

use talkdeck::deck::Library;
use talkdeck::logging::{HandlerOptions, MemoryHandler};
use talkdeck::store::{DataDir, Store};
use talkdeck::study::queue_for;
use talkdeck::ui::{HomeView, Model};

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    for with_big_deck in [false, true] {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = DataDir::new(dir.path());
        if with_big_deck {
            std::fs::create_dir_all(data.decks_dir()).expect("deck folder");
            std::fs::write(
                data.decks_dir().join("generated.ron"),
                generated_deck::generated_deck(10_000),
            )
            .expect("deck");
        }
        let now = jiff::Timestamp::now().as_millisecond();
        let library = Library::load(Some(&data.decks_dir()));
        let mut store = Store::open(&data, jiff::tz::TimeZone::system(), now).expect("store");
        month_of_answers::month_of_answers(&mut store, &library, now);
        let n_items: usize = library.decks.iter().map(|(_, d)| d.n_items()).sum();
        let model = Model {
            store,
            library,
            memory: Arc::new(MemoryHandler::new(1, HandlerOptions::default())),
            log_file: Some(data.log_file()),
            file_handler: None,
            clock: talkdeck::ui::system_clock(),
            seed: 1,
            speech: talkdeck::speech::Speech::none(),
        };
        let label = if with_big_deck {
            "built-in + 10,000-card deck"
        } else {
            "built-in decks"
        };
        println!(
            "{label}: {} decks, {n_items} items",
            model.library.decks.len()
        );
        time(&format!("{label}: queue_for(every deck)"), runs, || {
            queue_for(&model.library, &model.store, &[], now)
                .items
                .len()
        });
        time(&format!("{label}: queue_for(greetings)"), runs, || {
            queue_for(&model.library, &model.store, &["greetings".to_owned()], now)
                .items
                .len()
        });
        time(&format!("{label}: HomeView::compute"), runs, || {
            HomeView::compute(&model, now).decks.len()
        });
    }
}

fn time(name: &str, runs: usize, mut f: impl FnMut() -> usize) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "{name}: runs={runs} median_ms={:.3} p95_ms={:.3} max_ms={:.3}",
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
}
