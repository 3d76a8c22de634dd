//! Fitting the learner's own memory model: on the answers of a simulated learner who forgets
//! faster than FSRS's average learner, the fitted parameters predict the answers better than the
//! defaults, the same answers always give the same parameters, too few answers are refused in a
//! learner's words, and the parameters kept are a journal entry that every later opening (and
//! `talkdeck optimize` through the binary) schedules with.

use std::path::Path;
use std::process::Command;

use talkdeck::srs::{
    Config, DayClock, FAST_FORGETTER, FitError, Learner, MIN_REVIEWS, Progress, Scheduler, fit,
};
use talkdeck::store::{DataDir, OpenOptions, Store};

#[path = "support/journal.rs"]
mod journal;

/// Noon UTC, 2026-01-01: the first simulated day.
const START: i64 = 1_767_268_800_000;
const DAY: i64 = 86_400_000;

/// Writes the journal of a learner with `FAST_FORGETTER`'s memory studying `days` days, `new` new
/// phrases a day, as the store writes answers; returns the folder and the time after the last
/// answer.
fn simulated_folder(root: &Path, days: u32, new: usize) -> (DataDir, i64) {
    let data = DataDir::new(root);
    std::fs::create_dir_all(root).unwrap();
    let ids: Vec<String> = (0..days as usize * new)
        .map(|i| format!("sim/phrase-{i}/produce"))
        .collect();
    let ids_str: Vec<&str> = ids.iter().map(String::as_str).collect();
    let scheduler = Scheduler::new(Config::default(), DayClock::new(zone(), 4)).unwrap();
    let learner = Learner {
        truth: FAST_FORGETTER.to_vec(),
        new_per_day: new,
        days,
        start_ms: START,
        max_answers: usize::MAX,
        seed: 2026,
    };
    let answers = learner.answers(&scheduler, &ids_str);
    let text = journal::journal_text(&answers, &ids_str);
    std::fs::create_dir_all(data.journals_dir()).unwrap();
    std::fs::write(data.journal_path(), text).unwrap();
    let last = answers.last().map_or(START, |a| a.at_ms);
    (data, last + DAY)
}

fn zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::UTC
}

fn open(data: &DataDir, now: i64) -> Store {
    Store::open(data, zone(), now).unwrap()
}

#[test]
fn fitted_parameters_predict_a_fast_forgetter_better_than_the_defaults_and_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let (data, now) = simulated_folder(dir.path(), 60, 12);
    let store = OpenOptions::read().open(&data, zone(), now).unwrap();
    let set = store.training_set();
    assert!(set.len() > 2_000, "{} answers to predict", set.len());
    let progress = Progress::default();
    let first = fit(&set, None, &progress).unwrap();
    assert_eq!(progress.per_mille(), 1000, "the bar ends full");
    assert!(
        first.fitted.log_loss < first.current.log_loss - 0.01,
        "fitted {:?} against the defaults {:?}",
        first.fitted,
        first.current
    );
    assert!(first.fitted.rmse < first.current.rmse);
    assert!(first.keep());
    assert_eq!(first.reviews, set.len());
    // Nearer the truth where it differs most: the first day's stabilities are all shorter.
    for (i, (&fitted, &default)) in first
        .parameters
        .iter()
        .zip(&fsrs::DEFAULT_PARAMETERS)
        .take(3)
        .enumerate()
    {
        assert!(fitted < default, "w{i}: fitted {fitted}, default {default}");
    }
    let again = fit(&store.training_set(), None, &Progress::default()).unwrap();
    assert_eq!(again.parameters, first.parameters, "deterministic");
    assert_eq!(again.fitted.log_loss, first.fitted.log_loss);
    // Measured against the fitted parameters themselves, they are not better: not kept.
    let same = fit(&set, Some(&first.parameters), &Progress::default()).unwrap();
    assert!(!same.keep());
}

#[test]
fn a_history_too_small_is_refused_saying_how_many_answers_count_and_how_many_are_needed() {
    let dir = tempfile::tempdir().unwrap();
    let (data, now) = simulated_folder(dir.path(), 4, 5);
    let store = OpenOptions::read().open(&data, zone(), now).unwrap();
    let set = store.training_set();
    let error = fit(&set, None, &Progress::default()).unwrap_err();
    let FitError::TooFewReviews { reviews, needed } = error else {
        panic!("{error:?}");
    };
    assert_eq!(needed, MIN_REVIEWS);
    assert!(reviews < needed && reviews <= set.len());
    let message = error.to_string();
    assert!(
        message.starts_with("not enough reviews yet to fit your memory model: it needs 64 answers")
            && message.contains(&format!("{reviews} of yours count so far")),
        "{message}"
    );
}

#[test]
fn the_kept_parameters_schedule_every_later_opening_and_undoing_them_brings_back_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let (data, now) = simulated_folder(dir.path(), 30, 10);
    let defaults: Vec<_> = open(&data, now).states().map(|(_, s)| s.clone()).collect();
    let mut store = open(&data, now);
    let fit = fit(&store.training_set(), None, &Progress::default()).unwrap();
    assert!(fit.keep(), "{fit:?}");
    let fitted = store.set_parameters(&fit, now).unwrap();
    let rescheduled: Vec<_> = store.states().map(|(_, s)| s.clone()).collect();
    assert_ne!(rescheduled, defaults);
    store.save_snapshot().unwrap();
    drop(store);

    let mut store = open(&data, now);
    assert_eq!(store.fitted(), Some(&fitted));
    assert_eq!(
        store.scheduler().config().parameters.as_ref(),
        Some(&fit.parameters)
    );
    let states: Vec<_> = store.states().map(|(_, s)| s.clone()).collect();
    assert_eq!(states, rescheduled);

    store.undo_parameters(now + 1).unwrap();
    drop(store);
    let store = open(&data, now);
    assert_eq!(store.fitted(), None);
    assert_eq!(store.scheduler().config().parameters, None);
    let states: Vec<_> = store.states().map(|(_, s)| s.clone()).collect();
    assert_eq!(states, defaults);
}

fn talkdeck(data: &DataDir, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_talkdeck"))
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(data.root())
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn parameters_lines(data: &DataDir) -> usize {
    std::fs::read_to_string(data.journal_path())
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("Parameters("))
        .count()
}

#[test]
fn talkdeck_optimize_prints_the_comparison_and_keeps_only_better_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let (data, _) = simulated_folder(&dir.path().join("data"), 30, 10);
    let journal = std::fs::read(data.journal_path()).unwrap();

    let dry = talkdeck(&data, &["optimize", "--dry-run"]);
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("fitting your memory model to ")
            && lines[1].trim_start().starts_with("log loss")
            && lines[1].ends_with("RMSE")
            && lines[2].starts_with("in use (the defaults)")
            && lines[3].starts_with("fitted now")
            && lines[4].starts_with("would be kept: "),
        "{out}"
    );
    assert_eq!(
        std::fs::read(data.journal_path()).unwrap(),
        journal,
        "nothing written"
    );

    let kept = talkdeck(&data, &["optimize"]);
    let out = String::from_utf8_lossy(&kept.stdout);
    assert!(kept.status.success(), "{out}");
    assert_eq!(
        out.lines().nth(4),
        Some(
            "kept: the fitted parameters predict your answers better, and every card is \
             rescheduled under them"
        ),
        "{out}"
    );
    assert_eq!(parameters_lines(&data), 1);
    let log = std::fs::read_to_string(data.log_file()).unwrap();
    assert!(
        log.lines().any(|l| l.contains("NOTICE")
            && l.contains("FSRS parameters fitted to")
            && l.contains("are in use")),
        "{log}"
    );

    // Fitted again to the same answers, the parameters are the same: no better, not kept.
    let again = talkdeck(&data, &["optimize"]);
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[2].starts_with("in use (fitted 20"), "{out}");
    assert!(lines[4].starts_with("not kept: "), "{out}");
    assert_eq!(parameters_lines(&data), 1);
}

#[test]
fn talkdeck_optimize_on_too_few_answers_says_so_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let (data, _) = simulated_folder(&dir.path().join("data"), 3, 5);
    let output = talkdeck(&data, &["optimize"]);
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with("talkdeck: not enough reviews yet to fit your memory model"),
        "{err}"
    );
    assert_eq!(parameters_lines(&data), 0);
}
