//! Every figure against a small journal worked out by hand, in New York around the end of DST, with
//! the day starting at 04:00.

use super::*;
use crate::deck::{Direction, ItemId, Library};
use crate::srs::{ItemState, Memory, Phase, Rating, decay_of};

fn ms(rfc3339: &str) -> i64 {
    rfc3339.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

/// Monday 2026-11-02, 10:00 EST; DST ended at 02:00 the day before.
fn now() -> i64 {
    ms("2026-11-02T15:00:00Z")
}

fn clock() -> DayClock {
    let zone = jiff::tz::TimeZoneDatabase::bundled()
        .get("America/New_York")
        .unwrap();
    DayClock::new(zone, 4)
}

fn item(deck: &str, card: &str, direction: Direction, deck_index: u16) -> ItemFacts {
    ItemFacts {
        id: ItemId::new(deck, card, direction),
        deck: Some(deck_index),
        state: ItemState::default(),
        suspended: false,
    }
}

fn review(item: u32, at: &str, rating: Rating, phase_before: Phase) -> ReviewLog {
    ReviewLog {
        item,
        at: ms(at),
        rating,
        taken_ms: 1000,
        was_new: phase_before == Phase::New,
        phase_before,
    }
}

fn memory(stability: f32, difficulty: f32) -> Option<Memory> {
    Some(Memory {
        stability,
        difficulty,
    })
}

/// Two decks: `a` (items 0, 1, 3) and `b` (items 2, 4).
fn facts() -> Facts {
    let clock = clock();
    let today = clock.day(now());
    let mut items = vec![
        item("a", "c1", Direction::Recognise, 0),
        item("a", "c2", Direction::Recognise, 0),
        item("b", "c1", Direction::Recognise, 1),
        item("a", "c1", Direction::Produce, 0),
        item("b", "c1", Direction::Produce, 1),
    ];
    items[0].state = ItemState {
        phase: Phase::Relearning,
        memory: memory(2.0, 7.0),
        due_ms: now() + 600_000,
        last_review_ms: Some(ms("2026-11-02T14:30:00Z")),
        ..ItemState::default()
    };
    items[1].state = ItemState {
        phase: Phase::Review,
        memory: memory(5.0, 4.0),
        due_ms: clock.start_of_day(today + 2),
        last_review_ms: Some(ms("2026-11-01T09:30:00Z")),
        interval_days: 5,
        ..ItemState::default()
    };
    items[2].state = ItemState {
        phase: Phase::Review,
        memory: memory(40.0, 2.0),
        due_ms: clock.start_of_day(today + 30),
        last_review_ms: Some(ms("2026-11-02T14:00:00Z")),
        interval_days: 30,
        ..ItemState::default()
    };
    items[4].state = ItemState {
        phase: Phase::Review,
        memory: memory(3.0, 5.0),
        due_ms: clock.start_of_day(today - 1),
        interval_days: 3,
        lapses: 9,
        ..ItemState::default()
    };
    items[4].suspended = true;
    use Phase::{Learning, New, Relearning, Review};
    use Rating::{Again, Easy, Good, Hard};
    let reviews = vec![
        review(2, "2026-09-01T14:00:00Z", Good, New),
        review(0, "2026-10-01T14:00:00Z", Good, New),
        review(0, "2026-10-01T14:10:00Z", Good, Learning),
        // 24 days after its last answer: mature.
        review(0, "2026-10-25T14:00:00Z", Again, Review),
        review(0, "2026-10-25T14:10:00Z", Good, Relearning),
        review(1, "2026-10-28T13:00:00Z", Good, New),
        // 03:30 EST on 1 November, before the 04:00 rollover: still 31 October.
        review(1, "2026-11-01T08:30:00Z", Good, Review),
        // 04:00 EST: 1 November. The second review of the day is not counted by true retention.
        review(1, "2026-11-01T09:00:00Z", Hard, Review),
        review(1, "2026-11-01T09:30:00Z", Again, Review),
        // Today: item 2 waited 62 days (mature), item 0 eight (young).
        review(2, "2026-11-02T14:00:00Z", Easy, Review),
        review(0, "2026-11-02T14:30:00Z", Again, Review),
    ];
    Facts {
        clock,
        decay: decay_of(None),
        leech_threshold: 8,
        decks: vec![
            DeckFacts {
                id: "a".into(),
                name: "A".into(),
                name_zh: "甲".into(),
                cards: 2,
            },
            DeckFacts {
                id: "b".into(),
                name: "B".into(),
                name_zh: "乙".into(),
                cards: 1,
            },
        ],
        items,
        reviews,
    }
}

fn passes(passed: u32, failed: u32) -> Passes {
    Passes { passed, failed }
}

#[test]
fn the_headline_heatmap_and_answers_per_day() {
    let r = Report::compute(&facts(), &Scope::default(), now());
    let h = r.headline;
    assert_eq!((h.answers_today, h.ms_today), (2, 2000));
    assert_eq!(h.total_answers, 11);
    assert_eq!(
        h.days_studied, 7,
        "1 Sep, 1 Oct, 25 Oct, 28 Oct, 31 Oct, 1 Nov, today"
    );
    assert_eq!((h.streak_days, h.longest_streak_days), (3, 3));
    assert_eq!(h.retention_month, Some(60.0), "3 of 5 counted reviews");
    let answers: Vec<u32> = r.heatmap[360..].iter().map(|d| d.answers).collect();
    assert_eq!(answers, [0, 0, 1, 2, 2], "31 Oct holds the 03:30 answer");
    assert_eq!(r.per_day.len(), 30);
    let kinds = |ago: usize| r.per_day[29 - ago].answers;
    assert_eq!(kinds(0), [0, 0, 2, 0]);
    assert_eq!(kinds(1), [0, 0, 2, 0]);
    assert_eq!(kinds(2), [0, 0, 1, 0]);
    assert_eq!(kinds(5), [1, 0, 0, 0]);
    assert_eq!(kinds(8), [0, 0, 1, 1]);
    assert_eq!(r.per_day[29].ms, [0, 0, 2000, 0]);
    let in_month: u32 = r.per_day.iter().flat_map(|d| d.answers).sum();
    assert_eq!(
        in_month, 8,
        "the answers of 1 September and 1 October are older"
    );
}

#[test]
fn true_retention_counts_the_first_review_of_a_day_young_and_mature() {
    let r = Report::compute(&facts(), &Scope::default(), now());
    let rows: Vec<(Period, Passes, Passes)> = r
        .retention
        .iter()
        .map(|row| (row.period, row.young, row.mature))
        .collect();
    assert_eq!(
        rows,
        [
            (Period::Today, passes(0, 1), passes(1, 0)),
            (Period::Yesterday, passes(1, 0), passes(0, 0)),
            (Period::Week, passes(2, 1), passes(1, 0)),
            (Period::Month, passes(2, 1), passes(1, 1)),
            (Period::Year, passes(2, 1), passes(1, 1)),
        ]
    );
}

#[test]
fn buttons_and_hours_in_the_range_in_local_time() {
    let r = Report::compute(&facts(), &Scope::default(), now());
    assert_eq!(r.buttons[kind_index(Phase::New)], [0, 0, 1, 0]);
    assert_eq!(r.buttons[kind_index(Phase::Learning)], [0, 0, 0, 0]);
    assert_eq!(r.buttons[kind_index(Phase::Review)], [3, 1, 1, 1]);
    assert_eq!(r.buttons[kind_index(Phase::Relearning)], [0, 0, 1, 0]);
    let hour = |h: usize| (r.hours[h].answers, r.hours[h].again);
    assert_eq!(
        hour(9),
        (3, 1),
        "two EST answers and one EDT, all at 9 local"
    );
    assert_eq!(hour(4), (2, 1));
    assert_eq!(hour(3), (1, 0));
    assert_eq!(hour(10), (2, 1));
    let quarter = Scope {
        range: Range::Quarter,
        ..Scope::default()
    };
    let r = Report::compute(&facts(), &quarter, now());
    assert_eq!(r.per_day.len(), 90);
    assert_eq!(r.buttons[kind_index(Phase::Learning)], [0, 0, 1, 0]);
}

#[test]
fn items_by_standing_what_falls_due_and_memory() {
    let f = facts();
    let r = Report::compute(&f, &Scope::default(), now());
    let c = r.counts;
    assert_eq!(
        (
            c.new,
            c.learning,
            c.relearning,
            c.young,
            c.mature,
            c.suspended
        ),
        (1, 0, 1, 1, 1, 1)
    );
    assert_eq!(c.leeches, 1, "the suspended item has nine lapses");
    assert_eq!(r.due.len(), 31);
    assert_eq!(r.due[0], 0, "the overdue item is suspended");
    assert_eq!(r.due[1], 1, "relearning in ten minutes");
    assert_eq!(r.due[3], 1, "the day after tomorrow");
    assert_eq!(
        r.due.iter().sum::<u32>(),
        2,
        "thirty days ahead is past the range"
    );
    let m = &r.memory;
    assert_eq!(m.items, 3, "suspended items are left out");
    assert_eq!(m.difficulty.iter().sum::<u32>(), 3);
    assert_eq!(m.difficulty[6], 1, "difficulty 7");
    assert_eq!(m.stability, [0, 1, 1, 0, 1, 0, 0]);
    // Item 2 was answered today: it is certain. The others have waited less than their stability.
    let today = f.clock.day(now());
    let r1 = f.retrievability(&f.items[1].state, today).unwrap();
    assert!(r1 > 0.9 && r1 < 1.0, "{r1}");
    assert_eq!(f.retrievability(&f.items[2].state, today), Some(1.0));
    assert!((m.recall_now - (1.0 + 1.0 + f64::from(r1))).abs() < 1e-6);
    assert_eq!(m.retrievability[9], 3);
}

#[test]
fn the_deck_filter_and_the_per_deck_table() {
    let f = facts();
    let r = Report::compute(&f, &Scope::default(), now());
    let a = &r.decks[0];
    assert_eq!((a.items, a.seen, a.mature), (3, 2, 0));
    assert_eq!(a.retention, passes(2, 2));
    assert_eq!((a.due_today, a.due_tomorrow), (1, 0));
    let b = &r.decks[1];
    assert_eq!((b.items, b.seen, b.mature), (2, 2, 1));
    assert_eq!(b.mature_percent(), Some(50.0));
    assert_eq!(b.retention, passes(1, 0));
    assert_eq!((b.due_today, b.due_tomorrow), (0, 0));

    let only_b = Scope {
        decks: vec!["b".into()],
        ..Scope::default()
    };
    let r = Report::compute(&f, &only_b, now());
    assert_eq!(r.headline.total_answers, 2);
    assert_eq!(r.counts.total(), 2);
    assert_eq!((r.counts.mature, r.counts.suspended), (1, 1));
    assert_eq!(r.decks.len(), 1);
    assert_eq!(r.retention[0].mature, passes(1, 0));
    assert_eq!(r.retention[0].young, passes(0, 0));
    assert_eq!(r.headline.streak_days, 1);
}

#[test]
fn a_pick_lists_the_items_behind_its_figure() {
    let f = facts();
    let all = Scope::default();
    let today = f.clock.day(now());
    let ids = |p: Pick| pick(&f, &all, p, now());
    assert_eq!(ids(Pick::AnsweredOn(today - 1)), [1]);
    assert_eq!(ids(Pick::AnsweredOn(today)), [2, 0]);
    assert_eq!(ids(Pick::Due(1)), [0]);
    assert_eq!(ids(Pick::Standing(Standing::Mature)), [2]);
    assert_eq!(ids(Pick::Standing(Standing::New)), [3]);
    assert_eq!(ids(Pick::Leeches), [4]);
    assert_eq!(
        ids(Pick::Retention {
            period: Period::Month,
            mature: Some(true)
        }),
        [0, 2]
    );
    assert_eq!(
        ids(Pick::Retention {
            period: Period::Week,
            mature: None
        }),
        [1, 2, 0]
    );
    assert_eq!(ids(Pick::Struggling), [0], "answered Again twice");
    assert_eq!(
        ids(Pick::Button {
            kind: kind_index(Phase::Review),
            rating: Rating::Again
        }),
        [0, 1]
    );
    assert_eq!(ids(Pick::Hour(4)), [1]);
    assert_eq!(ids(Pick::Difficulty(6)), [0]);
    assert_eq!(ids(Pick::Retrievability(9)), [0, 1, 2]);
    let deck = |deck, figure| ids(Pick::Deck { deck, figure });
    assert_eq!(deck(0, DeckFigure::Seen), [0, 1]);
    assert_eq!(deck(0, DeckFigure::DueToday), [0]);
    assert_eq!(deck(1, DeckFigure::Mature), [2]);
    assert!(deck(1, DeckFigure::DueToday).is_empty(), "suspended");
    // Every list is as long as its figure.
    let r = Report::compute(&f, &all, now());
    for line in &r.decks {
        for (figure, n) in [
            (DeckFigure::Seen, line.seen),
            (DeckFigure::Mature, line.mature),
            (DeckFigure::DueToday, line.due_today),
            (DeckFigure::DueTomorrow, line.due_tomorrow),
        ] {
            assert_eq!(
                deck(line.index, figure).len() as u32,
                n,
                "{} {figure:?}",
                line.id
            );
        }
    }
    for (i, &n) in r.due.iter().enumerate() {
        assert_eq!(ids(Pick::Due(i)).len() as u32, n, "due slot {i}");
    }
    for standing in Standing::ALL {
        assert_eq!(
            ids(Pick::Standing(standing)).len() as u32,
            r.counts.of(standing)
        );
    }
}

#[test]
fn today_and_the_streak_by_binary_search_agree_with_the_report() {
    let f = facts();
    let t = today(&f.reviews, &f.clock, now());
    let r = Report::compute(&f, &Scope::default(), now());
    assert_eq!(t.answers, r.headline.answers_today as usize);
    assert_eq!(t.streak_days, r.headline.streak_days);
    // Before today's first answer the streak still counts up to yesterday.
    let early = ms("2026-11-02T13:00:00Z");
    let t = today(&f.reviews[..9], &f.clock, early);
    assert_eq!((t.answers, t.streak_days), (0, 2));
    assert_eq!(today(&[], &f.clock, now()), Today::default());
}

#[test]
fn an_empty_history_is_all_new_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let data = crate::store::DataDir::new(dir.path());
    let store = crate::store::Store::open(&data, jiff::tz::TimeZone::UTC, now()).unwrap();
    let library = Library::load(None);
    let f = Facts::gather(&library, &store);
    let r = Report::compute(&f, &Scope::default(), now());
    let all_items: usize = library.decks.iter().map(|(_, d)| d.n_items()).sum();
    assert_eq!(r.counts.new as usize, all_items);
    assert_eq!(r.counts.total() as usize, all_items);
    assert_eq!(r.headline, Headline::default());
    assert!(
        r.retention
            .iter()
            .all(|row| row.total().percent().is_none())
    );
    assert!(r.heatmap.iter().all(|d| d.answers == 0));
    assert!(r.due.iter().all(|&n| n == 0));
    assert_eq!(r.memory.items, 0);
    assert_eq!(r.decks.len(), library.decks.len());
}

#[test]
fn an_undone_answer_counts_for_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = crate::store::DataDir::new(dir.path());
    let mut store = crate::store::Store::open(&data, jiff::tz::TimeZone::UTC, now()).unwrap();
    let library = Library::load(None);
    let items: Vec<ItemId> = library.decks[0].1.items().take(2).map(|i| i.id).collect();
    let mode = crate::store::StudyMode::Flip;
    store
        .answer(&items[0], Rating::Good, 1500, mode, now())
        .unwrap();
    store
        .answer(&items[1], Rating::Again, 2500, mode, now() + 1000)
        .unwrap();
    store.undo_last(now() + 2000).unwrap();
    let f = Facts::gather(&library, &store);
    let r = Report::compute(&f, &Scope::default(), now() + 3000);
    assert_eq!(r.headline.total_answers, 1);
    assert_eq!(r.headline.ms_today, 1500);
    assert_eq!(r.buttons[0], [0, 0, 1, 0]);
    assert_eq!(r.counts.learning, 1);
    assert_eq!(today(&f.reviews, &f.clock, now() + 3000).answers, 1);
}
