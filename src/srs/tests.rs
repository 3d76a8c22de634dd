//! The scheduler against published vectors (fsrs-rs, py-fsrs) and Anki's rules.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::*;

fn ms(rfc3339: &str) -> i64 {
    rfc3339.parse::<Timestamp>().unwrap().as_millisecond()
}

/// Defaults without fuzz, days in UTC starting at midnight (py-fsrs counts whole days of elapsed
/// time, which is the same thing when reviews happen on time).
fn scheduler(fuzz: bool) -> Scheduler {
    let config = Config {
        fuzz,
        ..Config::default()
    };
    Scheduler::new(config, DayClock::new(TimeZone::UTC, 0)).unwrap()
}

#[test]
fn memory_state_matches_fsrs_rs_and_py_fsrs() {
    // fsrs-rs `test_memory_state`, py-fsrs `test_memo_state`: ratings at elapsed days.
    let ratings = [1, 3, 3, 3, 3, 3];
    let elapsed = [0, 0, 1, 3, 8, 21];
    let item = fsrs::FSRSItem {
        reviews: ratings
            .iter()
            .zip(elapsed)
            .map(|(&rating, delta_t)| fsrs::FSRSReview { rating, delta_t })
            .collect(),
    };
    let direct = fsrs::FSRS::new(&fsrs::DEFAULT_PARAMETERS)
        .unwrap()
        .memory_state(item, None)
        .unwrap();
    assert!(
        (direct.stability - 53.62691).abs() < 1e-4,
        "stability {}",
        direct.stability
    );
    assert!(
        (direct.difficulty - 6.3574867).abs() < 1e-4,
        "difficulty {}",
        direct.difficulty
    );

    // The same history through the scheduler, one review at each elapsed day.
    let s = scheduler(false);
    let mut state = ItemState::default();
    let mut now = ms("2026-01-01T12:00:00Z");
    for (&rating, days) in ratings.iter().zip(elapsed) {
        now += i64::from(days) * 86_400_000;
        state = s.answer(
            "d/c/produce",
            &state,
            Rating::from_number(rating).unwrap(),
            now,
        );
    }
    let memory = state.memory.unwrap();
    assert!(
        (memory.stability - 53.62691).abs() < 1e-4,
        "stability {}",
        memory.stability
    );
    assert!(
        (memory.difficulty - 6.3574867).abs() < 1e-4,
        "difficulty {}",
        memory.difficulty
    );
}

#[test]
fn next_interval_for_stability_one_across_retentions() {
    let s = scheduler(false);
    let intervals: Vec<u32> = (1..=10)
        .map(|i| {
            let retention = i as f32 / 10.0;
            (s.interval_for(1.0, retention).round() as u32).max(1)
        })
        .collect();
    assert_eq!(
        intervals,
        [3_116_766, 34_793, 2_508, 387, 90, 27, 9, 3, 1, 1]
    );
}

#[test]
fn review_card_sequence_matches_py_fsrs() {
    // py-fsrs `test_review_card`: G×6, A, A, G×5, each review at the previous due time.
    use Rating::*;
    let s = scheduler(false);
    let ratings = [
        Good, Good, Good, Good, Good, Good, Again, Again, Good, Good, Good, Good, Good,
    ];
    let mut state = ItemState::default();
    let mut now = ms("2022-11-29T12:30:00Z");
    let mut intervals = Vec::new();
    for rating in ratings {
        state = s.answer("py/fsrs/produce", &state, rating, now);
        intervals.push(if state.phase == Phase::Review {
            state.interval_days
        } else {
            0
        });
        now = state.due_ms;
    }
    assert_eq!(intervals, [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]);
    assert_eq!(state.lapses, 1);
    assert_eq!(state.reviews, 13);
}

#[test]
fn learning_steps_follow_anki() {
    use Rating::*;
    let s = scheduler(false);
    let now = ms("2026-11-23T10:00:00Z");
    let new = ItemState::default();
    let next = s.next_states("d/c/produce", &new, now);
    let delay = |state: &ItemState| (state.due_ms - now) / 1000;
    assert_eq!(
        (next.again.phase, next.again.step, delay(&next.again)),
        (Phase::Learning, 0, 60)
    );
    assert_eq!(
        delay(&next.hard),
        330,
        "Hard on the first step: mean of 1m and 10m"
    );
    assert_eq!(
        (next.good.phase, next.good.step, delay(&next.good)),
        (Phase::Learning, 1, 600)
    );
    assert_eq!(next.easy.phase, Phase::Review, "Easy graduates at once");
    assert!(next.easy.interval_days >= 1);

    let on_second = next.good.clone();
    let later = s.next_states("d/c/produce", &on_second, on_second.due_ms);
    assert_eq!(later.again.step, 0);
    assert_eq!(
        (later.hard.step, later.hard.due_ms - on_second.due_ms),
        (1, 600_000),
        "Hard repeats the step"
    );
    assert_eq!(
        later.good.phase,
        Phase::Review,
        "Good on the last step graduates"
    );

    let single = Scheduler::new(
        Config {
            learning_steps_secs: vec![600],
            fuzz: false,
            ..Config::default()
        },
        DayClock::new(TimeZone::UTC, 0),
    )
    .unwrap();
    let next = single.next_states("d/c/produce", &new, now);
    assert_eq!(delay(&next.hard), 900, "Hard with one step: 1.5 × the step");
    assert_eq!(
        next.good.phase,
        Phase::Review,
        "Good with one step graduates"
    );
    let _ = Again;
}

#[test]
fn buttons_never_put_a_harder_answer_further_out() {
    let s = scheduler(true);
    let mut state = ItemState::default();
    let mut now = ms("2026-01-01T09:00:00Z");
    for i in 0..40 {
        let next = s.next_states(&format!("d/c{i}/produce"), &state, now);
        if next.good.phase == Phase::Review && next.hard.phase == Phase::Review {
            assert!(
                next.hard.interval_days < next.good.interval_days,
                "{next:?}"
            );
        }
        if next.easy.phase == Phase::Review && next.good.phase == Phase::Review {
            assert!(
                next.good.interval_days < next.easy.interval_days,
                "{next:?}"
            );
        }
        state = next.good.clone();
        now = state.due_ms.max(now + 60_000);
    }
    assert!(
        state.interval_days > 100,
        "forty Goods make a long interval: {}",
        state.interval_days
    );
    assert!(state.interval_days <= 36_500);
}

#[test]
fn replaying_the_same_answers_gives_the_same_schedule_with_fuzz() {
    let run = || {
        let s = scheduler(true);
        let mut state = ItemState::default();
        let mut now = ms("2026-02-01T08:00:00Z");
        let mut dues = Vec::new();
        for rating in [3, 3, 3, 2, 3, 1, 3, 4, 3] {
            state = s.answer(
                "greetings/hi/produce",
                &state,
                Rating::from_number(rating).unwrap(),
                now,
            );
            dues.push(state.due_ms);
            now = state.due_ms + 3_600_000;
        }
        dues
    };
    assert_eq!(run(), run());
}

#[test]
fn eight_lapses_make_a_leech() {
    let s = scheduler(false);
    let mut state = ItemState::default();
    let mut now = ms("2026-03-01T08:00:00Z");
    while state.lapses < 8 {
        // Graduate, then forget in review.
        while state.phase != Phase::Review {
            state = s.answer("d/leech/produce", &state, Rating::Good, now);
            now = state.due_ms;
        }
        assert!(!state.is_leech(8));
        state = s.answer("d/leech/produce", &state, Rating::Again, now);
        now = state.due_ms;
    }
    assert!(state.is_leech(8));
    assert!(!state.is_leech(0), "threshold 0 turns leeches off");
}

#[test]
fn reviews_are_due_at_the_start_of_their_day_and_capped() {
    let config = Config {
        fuzz: false,
        maximum_interval_days: 30,
        ..Config::default()
    };
    let clock = DayClock::new(TimeZone::posix("CST-8").unwrap(), 4);
    let s = Scheduler::new(config, clock.clone()).unwrap();
    let now = ms("2026-11-23T14:00:00Z"); // 22:00 in Shanghai
    let state = ItemState {
        phase: Phase::Review,
        memory: Some(Memory {
            stability: 400.0,
            difficulty: 5.0,
        }),
        last_review_ms: Some(now - 200 * 86_400_000),
        interval_days: 200,
        reviews: 5,
        ..ItemState::default()
    };
    let good = s.answer("d/c/produce", &state, Rating::Good, now);
    assert_eq!(good.interval_days, 30, "capped at the maximum");
    assert_eq!(good.due_ms, clock.start_of_day(clock.day(now) + 30));
    assert_eq!(
        Timestamp::from_millisecond(good.due_ms)
            .unwrap()
            .to_zoned(TimeZone::posix("CST-8").unwrap())
            .hour(),
        4,
        "due from 04:00 local"
    );
}

#[test]
fn bad_configurations_are_refused() {
    let clock = || DayClock::new(TimeZone::UTC, 4);
    for config in [
        Config {
            desired_retention: 0.5,
            ..Config::default()
        },
        Config {
            desired_retention: 0.995,
            ..Config::default()
        },
        Config {
            learning_steps_secs: vec![0],
            ..Config::default()
        },
        Config {
            maximum_interval_days: 0,
            ..Config::default()
        },
        Config {
            parameters: Some(vec![1.0; 3]),
            ..Config::default()
        },
    ] {
        assert!(
            Scheduler::new(config.clone(), clock()).is_err(),
            "{config:?}"
        );
    }
}

#[test]
fn answer_gives_exactly_what_next_states_offers_for_that_rating() {
    // Many histories, with fuzz, through every phase: the one-rating path must agree bit for bit.
    for fuzz in [false, true] {
        let s = scheduler(fuzz);
        for seed in 0..60u64 {
            let item = format!("d/c{seed}/produce");
            let mut state = ItemState::default();
            let mut now = ms("2026-01-01T09:00:00Z");
            let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            for _ in 0..25 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let rating = Rating::from_number((x % 4) as u32 + 1).unwrap();
                let offered = s.next_states(&item, &state, now);
                let answered = s.answer(&item, &state, rating, now);
                assert_eq!(
                    &answered,
                    offered.for_rating(rating),
                    "seed {seed}, {rating:?}, {state:?}"
                );
                state = answered;
                now = state.due_ms.max(now + 60_000) + (x % 3) as i64 * 86_400_000;
            }
        }
    }
}

#[test]
fn skipping_intervals_until_the_last_answer_equals_answering_each_in_full() {
    // Replay's shortcut: every answer but the last without its interval, the last in full. For
    // every prefix of many histories, under configurations that take every branch of `outcome`.
    let configs = [
        Config::default(),
        Config {
            learning_steps_secs: vec![],
            relearning_steps_secs: vec![],
            ..Config::default()
        },
        Config {
            learning_steps_secs: vec![60, 600, 3600],
            relearning_steps_secs: vec![300, 1200],
            maximum_interval_days: 30,
            ..Config::default()
        },
    ];
    for config in configs {
        let s = Scheduler::new(config.clone(), DayClock::new(TimeZone::UTC, 4)).unwrap();
        for seed in 0..40u64 {
            let item = format!("d/c{seed}/produce");
            let item_seed = item_seed(&item);
            let (mut full, mut skipped) = (ItemState::default(), ItemState::default());
            let mut now = ms("2026-01-01T09:00:00Z");
            let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            for n in 0..30 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let rating = Rating::from_number((x % 4) as u32 + 1).unwrap();
                let last = s.answer_seeded(item_seed, &skipped, rating, now);
                let next_full = s.answer(&item, &full, rating, now);
                assert_eq!(last, next_full, "{config:?} seed {seed} answer {n}");
                skipped = s.answer_without_interval(&skipped, rating, now);
                assert_eq!(
                    ItemState {
                        interval_days: next_full.interval_days,
                        due_ms: next_full.due_ms,
                        ..skipped.clone()
                    },
                    next_full,
                    "only the interval and due time are left out"
                );
                full = next_full;
                now = full.due_ms.max(now + 60_000) + (x % 5) as i64 * 86_400_000;
            }
        }
    }
}
