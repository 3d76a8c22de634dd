//! How long the recommended retention takes to work out (`srs::recommend`: the `fsrs` crate's
//! search over simulated years of study, then the workloads of the recommended and the current
//! retention), for a 500-phrase and a 5,000-phrase collection at 20 new phrases a day with the
//! default parameters and answer times, and the 5,000 again with a faster forgetting curve (FSRS-5's
//! decay, 0.5), whose best retention lies inside the search's range, so the search takes more
//! steps than when it ends at 0.70. Prints each run's time, min–max, and what it found.
//!
//! `cargo run --release --example recommend_bench -- [RUNS]`

use std::time::Instant;

use talkdeck::srs::{Config, Progress, RecommendInput, recommend};

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    println!("threads: {}", rayon::current_num_threads());
    let mut decay_half = fsrs::DEFAULT_PARAMETERS.to_vec();
    decay_half[20] = 0.5;
    let cases = [
        ("500 phrases", 500, None),
        ("5,000 phrases", 5_000, None),
        ("5,000 phrases, decay 0.5", 5_000, Some(decay_half)),
    ];
    for (label, items, parameters) in cases {
        let mut input = RecommendInput::new(&Config::default(), items, 20);
        input.parameters = parameters;
        let mut secs = Vec::with_capacity(runs);
        let mut found = None;
        for run in 1..=runs {
            let t = Instant::now();
            let result = recommend(&input, &Progress::default()).expect("a recommendation");
            secs.push(t.elapsed().as_secs_f64());
            println!("{label}, run {run}: {:.2} s", secs[run - 1]);
            assert!(
                found.is_none_or(|f| f == result),
                "the same input gave another recommendation"
            );
            found = Some(result);
        }
        let (min, max) = secs
            .iter()
            .fold((f64::MAX, 0.0f64), |(lo, hi), &s| (lo.min(s), hi.max(s)));
        println!("{label}: {min:.2}–{max:.2} s over {runs} runs");
        if let Some(found) = found {
            for (label, w) in [
                ("recommended", found.recommended),
                ("current", found.current),
            ] {
                println!(
                    "  {label:<11} retention {:.2}: {:.1} min a day, {:.1} reviews a day, \
                     {:.0} remembered after {} days, {:.2} remembered per daily minute",
                    w.retention,
                    w.minutes_per_day,
                    w.reviews_per_day,
                    w.remembered,
                    input.learn_span_days,
                    w.remembered_per_minute()
                );
            }
        }
    }
}
