//! Fitting figures for BENCHMARKS.md: a simulated learner (`srs::Learner`, the fast forgetter)
//! studies until REVIEWS answers are given, then the time to make the training set, to fit, and
//! the fit's figures.
//!
//! `cargo run --release --example optimize_bench -- [REVIEWS] [ROUNDS]`
//!
//! ROUNDS fits of the same answers (default 1), each timed; every fit must give the same
//! parameters.

use std::time::Instant;

use talkdeck::srs::{
    Answer, Config, DayClock, FAST_FORGETTER, Learner, Progress, Scheduler, TrainingSet, fit,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let reviews: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let clock = DayClock::new(jiff::tz::TimeZone::UTC, 4);
    let scheduler = Scheduler::new(Config::default(), clock.clone()).expect("scheduler");
    // Twenty new phrases a day for as long as it takes.
    let ids: Vec<String> = (0..reviews / 4)
        .map(|i| format!("bench/phrase-{i}/produce"))
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let learner = Learner {
        truth: FAST_FORGETTER.to_vec(),
        new_per_day: 20,
        days: u32::MAX / 2,
        start_ms: 1_700_000_000_000,
        max_answers: reviews,
        seed: 7,
    };
    let started = Instant::now();
    let answers = learner.answers(&scheduler, &ids);
    let days = answers
        .last()
        .map_or(0, |a| clock.day(a.at_ms) - clock.day(learner.start_ms) + 1);
    println!(
        "simulated {} answers to {} items over {days} days in {:.2} s",
        answers.len(),
        answers.iter().map(|a| a.item).max().map_or(0, |m| m + 1),
        started.elapsed().as_secs_f64()
    );
    let mut histories: Vec<Vec<Answer>> = vec![Vec::new(); ids.len()];
    for a in &answers {
        histories[a.item].push(Answer {
            rating: a.rating,
            at_ms: a.at_ms,
        });
    }

    let mut first = None;
    for round in 1..=rounds {
        let started = Instant::now();
        let set = TrainingSet::new(histories.iter().map(Vec::as_slice), &clock);
        let made = started.elapsed();
        let fitted = fit(&set, None, &Progress::default()).expect("fit");
        let total = started.elapsed();
        println!(
            "round {round}: {:.3} s in all (training set of {} answers to predict: {:.0} ms; fit \
             and both evaluations: {:.3} s); log loss {:.4} → {:.4}, RMSE {:.2}% → {:.2}%",
            total.as_secs_f64(),
            set.len(),
            made.as_secs_f64() * 1000.0,
            (total - made).as_secs_f64(),
            fitted.current.log_loss,
            fitted.fitted.log_loss,
            fitted.current.rmse * 100.0,
            fitted.fitted.rmse * 100.0,
        );
        match &first {
            None => first = Some(fitted.parameters),
            Some(parameters) => assert_eq!(parameters, &fitted.parameters, "deterministic"),
        }
    }
    if let Some(parameters) = first {
        println!("fitted: {parameters:?}");
        println!("truth:  {FAST_FORGETTER:?}");
    }
}
