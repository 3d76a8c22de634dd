//! Store figures for BENCHMARKS.md: replaying a 1,000,000-review journal, building the queue over
//! 100,000 items, and the latency of a durable append.
//!
//! `cargo run --release --example store_bench -- [REVIEWS] [ITEMS] [--replay-only N] [--devices D]`
//!
//! `--replay-only N` measures N full replays and stops (for profiling and for many samples).
//! `--devices D` deals the journal's lines in turn to D devices' journals (this device's and
//! `journal/device-k.ron`), so replay merges D journals whose answers interleave in time; it also
//! measures taking in one answer another device appended, on top and arriving late.

use std::time::Instant;

use talkdeck::srs::{ItemState, Phase, Rating};
use talkdeck::store::{DataDir, Store, StudyMode};
use talkdeck::study::{Candidate, Done, Limits, build_queue};

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
    let clock = || jiff::tz::TimeZone::UTC;

    // A journal of n_reviews answers spread over n_items items and two years, in time order.
    let start: i64 = 1_730_000_000_000;
    let (ids, text) = synthetic_journal(
        n_reviews,
        n_items,
        start,
        60_000,
        &[
            Rating::Good,
            Rating::Good,
            Rating::Good,
            Rating::Again,
            Rating::Hard,
            Rating::Easy,
        ],
    );
    std::fs::create_dir_all(data.journals_dir()).unwrap();
    let devices: usize = std::env::args()
        .skip_while(|a| a != "--devices")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1);
    let device_path = |k: usize| match k {
        0 => data.journal_path(),
        k => data.journals_dir().join(format!("device-{k}.ron")),
    };
    let mut journals = vec![String::with_capacity(text.len() / devices + 1); devices];
    for (n, line) in text.lines().enumerate() {
        journals[n % devices].push_str(line);
        journals[n % devices].push('\n');
    }
    for (k, journal) in journals.iter().enumerate() {
        std::fs::write(device_path(k), journal).expect("journal");
    }
    println!("devices: {devices}");
    println!(
        "journal: {} reviews of {} items, {} bytes",
        n_reviews,
        n_items,
        text.len()
    );

    // Opened when the last answer is a minute old (no entry is from the future).
    let end = start + n_reviews as i64 * 60_000;
    let replay_only: Option<usize> = std::env::args()
        .skip_while(|a| a != "--replay-only")
        .nth(1)
        .and_then(|n| n.parse().ok());
    let mut replays = Vec::new();
    for _ in 0..replay_only.unwrap_or(3) {
        let t = Instant::now();
        let store = Store::open(&data, clock(), end).expect("open");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "open_with_full_replay_s={secs:.3} reviews={}",
            store.reviews().len()
        );
        replays.push(secs);
    }
    if !replays.is_empty() {
        replays.sort_by(f64::total_cmp);
        let n = replays.len();
        println!(
            "full_replay_summary opens={n} best={:.3} median={:.3} worst={:.3} at_most_0.5s={}",
            replays[0],
            (replays[(n - 1) / 2] + replays[n / 2]) / 2.0,
            replays[n - 1],
            replays.iter().filter(|&&s| s <= 0.5).count()
        );
    }

    if replay_only.is_some() {
        return;
    }

    if devices > 1 {
        // Another device's answer arriving while the store is open: after everything (applied on
        // top), and older than this device's latest (every journal replayed).
        let mut store = Store::open(&data, clock(), end).expect("open");
        let last = store.reviews().last().map_or(start, |r| r.at);
        let other = device_path(1);
        for (what, at) in [("on_top", last + 60_000), ("late", last - 3_600_000)] {
            for (n, id) in ids.iter().take(3).enumerate() {
                use std::io::Write;
                let mut file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&other)
                    .expect("other");
                writeln!(
                    file,
                    "Review(id:\"arrived-{what}-{n}\",item:\"{}\",at:{},rating:Good,ms:900,mode:Flip)",
                    id.as_str(),
                    at + n as i64
                )
                .expect("append");
                drop(file);
                let t = Instant::now();
                let arrived = store.take_arrivals(end + 120_000).expect("arrivals");
                let ms = t.elapsed().as_secs_f64() * 1e3;
                assert_eq!(arrived.answers, 1);
                println!("arrival_{what}_ms={ms:.1} replayed={}", arrived.replayed);
            }
        }
    }

    // Start-up from the snapshot, with and without a tail to replay.
    Store::open(&data, clock(), end)
        .expect("open")
        .save_snapshot()
        .expect("snapshot");
    let snapshot_bytes = std::fs::metadata(data.snapshot_path())
        .map(|m| m.len())
        .unwrap_or(0);
    for _ in 0..5 {
        let t = Instant::now();
        let store = Store::open(&data, clock(), end).expect("open");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        assert!(store.opened_from_snapshot());
        println!(
            "open_from_snapshot_ms={ms:.1} reviews={} snapshot_bytes={snapshot_bytes}",
            store.reviews().len()
        );
    }

    // The queue over n_items items at a time when many are due.
    let states: Vec<ItemState> = (0..n_items)
        .map(|i| ItemState {
            phase: [Phase::New, Phase::Learning, Phase::Review, Phase::Review][i % 4],
            due_ms: start + (i as i64 % 1000) * 3_600_000,
            ..ItemState::default()
        })
        .collect();
    let now = start + 600 * 3_600_000;
    let candidates: Vec<Candidate<'_>> = ids
        .iter()
        .zip(&states)
        .enumerate()
        .map(|(i, (id, state))| Candidate {
            id,
            state,
            order: i as u64,
            review_by_ms: now,
        })
        .collect();
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let queue = build_queue(&candidates, now, Limits::default(), Done::default());
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(!queue.items.is_empty());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "queue_100k_items_ms median={:.2} max={:.2}",
        times[times.len() / 2],
        times[times.len() - 1]
    );

    // Durable appends: write + fsync per answer.
    let mut store = Store::open(&data, clock(), end).expect("open");
    let mut latencies = Vec::new();
    for (n, id) in ids.iter().take(1000).enumerate() {
        let t = Instant::now();
        let at = start + (n_reviews + n) as i64 * 60_000;
        store
            .answer(id, Rating::Good, 2000, StudyMode::Flip, at)
            .expect("append");
        latencies.push(t.elapsed().as_secs_f64() * 1e6);
    }
    latencies.sort_by(f64::total_cmp);
    drop(store);
    let t = Instant::now();
    let store = Store::open(&data, clock(), end).expect("open");
    println!(
        "open_from_snapshot_with_1000_line_tail_ms={:.1} from_snapshot={}",
        t.elapsed().as_secs_f64() * 1e3,
        store.opened_from_snapshot()
    );
    println!(
        "append_fsync_us p50={:.0} p99={:.0} max={:.0}",
        latencies[500], latencies[990], latencies[999]
    );
}
