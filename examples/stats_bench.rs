//! Stats figures for BENCHMARKS.md, with the app's own day clock in real time zones: a day lookup
//! (against jiff's zone rules, the way every lookup went before, measured in the same run), a full
//! replay, gathering the history, every Stats figure, and what Home reads, at 1,000,000 reviews.
//!
//! `cargo run --release --example stats_bench -- [REVIEWS] [ITEMS]`

use std::time::Instant;

use jiff::ToSpan;
use jiff::tz::TimeZone;
use talkdeck::deck::Library;
use talkdeck::srs::{DayClock, Rating};
use talkdeck::stats::{Facts, Pick, Range, Report, Scope, today};
use talkdeck::store::{DataDir, Store};

/// min / median / max of `runs`, in the unit given.
fn summary(name: &str, unit: &str, mut runs: Vec<f64>) {
    runs.sort_by(f64::total_cmp);
    let n = runs.len();
    println!(
        "{name:<34} min {:>9.3} median {:>9.3} max {:>9.3} {unit}  ({n} runs)",
        runs[0],
        runs[n / 2],
        runs[n - 1]
    );
}

fn zone(name: &str) -> TimeZone {
    if name == "UTC" {
        return TimeZone::UTC;
    }
    jiff::tz::TimeZoneDatabase::bundled()
        .get(name)
        .expect("a bundled zone")
}

/// A day number the way `DayClock::day` found it before its offset table: through the zone's rules.
fn day_by_rules(tz: &TimeZone, ms: i64) -> i32 {
    let ts = jiff::Timestamp::from_millisecond(ms).unwrap();
    let shifted = ts.to_zoned(tz.clone()).datetime() - 4.hours();
    (shifted.date() - jiff::civil::date(1970, 1, 1)).get_days()
}

#[path = "../benches/support/synthetic_journal.rs"]
mod synthetic_journal;
use synthetic_journal::synthetic_journal;

fn main() {
    let mut args = std::env::args().skip(1);
    let n_reviews: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let n_items: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let data = DataDir::new(dir.path());

    // A journal of n_reviews answers over n_items items and two years, in time order.
    let start: i64 = 1_730_000_000_000;
    let step = 2 * 365 * 86_400_000 / n_reviews as i64;
    let (_, text) = synthetic_journal(
        n_reviews,
        n_items,
        start,
        step,
        &[Rating::Good, Rating::Good, Rating::Again, Rating::Hard],
    );
    std::fs::create_dir_all(data.journals_dir()).unwrap();
    std::fs::write(data.journal_path(), &text).expect("journal");
    let now = start + n_reviews as i64 * step;
    println!("journal: {n_reviews} reviews of {n_items} items over two years");
    let library = Library::load(None);

    for name in ["UTC", "Asia/Shanghai", "America/New_York"] {
        println!("\n== {name}, the day starting at 04:00");
        let tz = zone(name);
        let clock = DayClock::new(tz.clone(), 4);
        let times: Vec<i64> = (0..1_000_000).map(|k| start + k * 63_072).collect();
        let mut table = Vec::new();
        let mut rules = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let sum: i64 = times.iter().map(|&ms| i64::from(clock.day(ms))).sum();
            table.push(t.elapsed().as_secs_f64() * 1e9 / times.len() as f64);
            let t = Instant::now();
            let check: i64 = times
                .iter()
                .map(|&ms| i64::from(day_by_rules(&tz, ms)))
                .sum();
            rules.push(t.elapsed().as_secs_f64() * 1e9 / times.len() as f64);
            assert_eq!(sum, check, "the table agrees with the rules");
        }
        summary("day(): DayClock", "ns", table);
        summary("day(): jiff's zone rules (peer)", "ns", rules);

        let mut opens = Vec::new();
        let mut store = None;
        for _ in 0..3 {
            let t = Instant::now();
            store = Some(Store::open_read_only(&data, tz.clone(), now).expect("open"));
            opens.push(t.elapsed().as_secs_f64() * 1e3);
        }
        summary("open with full replay", "ms", opens);
        let store = store.unwrap();

        let mut gathers = Vec::new();
        let mut facts = None;
        for _ in 0..5 {
            let t = Instant::now();
            facts = Some(Facts::gather(&library, &store));
            gathers.push(t.elapsed().as_secs_f64() * 1e3);
        }
        summary("Facts::gather (UI thread)", "ms", gathers);
        let facts = facts.unwrap();

        for range in [Range::Month, Range::All] {
            let scope = Scope {
                decks: Vec::new(),
                range,
            };
            let mut runs = Vec::new();
            for _ in 0..5 {
                let t = Instant::now();
                let report = Report::compute(&facts, &scope, now);
                runs.push(t.elapsed().as_secs_f64() * 1e3);
                assert_eq!(report.headline.total_answers as usize, n_reviews);
            }
            summary(&format!("Report::compute, {range:?}"), "ms", runs);
        }
        let mut picks = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let items = talkdeck::stats::pick(&facts, &Scope::default(), Pick::Hour(9), now);
            picks.push(t.elapsed().as_secs_f64() * 1e3);
            assert!(!items.is_empty());
        }
        summary("pick (phrases behind an hour)", "ms", picks);
        let mut homes = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let t2 = today(store.reviews(), store.scheduler().clock(), now);
            homes.push(t.elapsed().as_secs_f64() * 1e6);
            assert!(t2.streak_days > 300);
        }
        summary("today() for Home", "µs", homes);

        // Returning to Home: everything it shows, over the built-in decks, at this history.
        let fixed_now = now;
        let model = talkdeck::ui::Model {
            store,
            library: Library::load(None),
            memory: std::sync::Arc::new(talkdeck::logging::MemoryHandler::new(
                100,
                talkdeck::logging::HandlerOptions::default(),
            )),
            log_file: None,
            file_handler: None,
            clock: std::sync::Arc::new(move || fixed_now),
            seed: 1,
            speech: talkdeck::speech::Speech::none(),
        };
        let mut home = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let view = talkdeck::ui::HomeView::compute(&model, now);
            home.push(t.elapsed().as_secs_f64() * 1e3);
            assert!(view.streak_days > 300);
        }
        summary("HomeView::compute (back to Home)", "ms", home);
    }
}
