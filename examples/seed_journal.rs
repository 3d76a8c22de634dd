//! Writes a data folder with a journal of REVIEWS answers over the built-in decks' items, spread
//! over the past year in time order, for the app's start-up figures.
//!
//! `cargo run --release --example seed_journal -- DIR [REVIEWS] [--snapshot]`
//!
//! With `--simulate DAYS` it writes instead what a learner's last DAYS days look like, for
//! screenshots: on most days an evening session answers everything due and ten new phrases through
//! the real scheduler, remembering about nine in ten (a fixed seed, so the folder is always the same).
//!
//! `cargo run --release --example seed_journal -- DIR --simulate 45`
//!
//! With `--away DAYS` as well, the simulated learner stopped DAYS days ago: a backlog to come back
//! to (Home's offer to spread it).
//!
//! With `--forgetter DAYS` it writes DAYS days of a simulated learner who forgets faster than
//! FSRS's average learner (`srs::Learner` with `FAST_FORGETTER`, a fixed seed), twelve new phrases
//! a day: a folder to try `talkdeck optimize` on.
//!
//! `cargo run --release --example seed_journal -- DIR --forgetter 120`

use talkdeck::deck::Library;
use talkdeck::srs::{DayClock, Rating};
use talkdeck::store::{DataDir, Entry, Store, StudyMode, new_entry_id};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().filter(|dir| !dir.starts_with('-')) else {
        eprintln!(
            "usage: seed_journal DIR [REVIEWS] [--snapshot] | DIR --simulate DAYS [--away DAYS] \
             | DIR --forgetter DAYS"
        );
        std::process::exit(2);
    };
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let data = DataDir::new(dir);
    std::fs::create_dir_all(data.root()).expect("data folder");
    if let Some(days) = args
        .iter()
        .position(|a| a == "--simulate")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        let away = args
            .iter()
            .position(|a| a == "--away")
            .and_then(|i| args.get(i + 1)?.parse().ok())
            .unwrap_or(0);
        simulate(&data, days, away);
        return;
    }
    if let Some(days) = args
        .iter()
        .position(|a| a == "--forgetter")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        forgetter(&data, days);
        return;
    }
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
    std::fs::create_dir_all(data.journals_dir()).unwrap();
    std::fs::write(data.journal_path(), text).expect("journal");
    if args.iter().any(|a| a == "--snapshot") {
        let mut store = Store::open(&data, jiff::tz::TimeZone::system(), now).expect("store");
        store.save_snapshot().expect("snapshot");
    }
    println!(
        "{n} reviews of {} items in {}",
        items.len(),
        data.root().display()
    );
}

/// A learner's last `days` days through the real scheduler; see the module's docs.
fn simulate(data: &DataDir, days: i64, away: i64) {
    use rand::{RngExt, SeedableRng};

    const DAY: i64 = 86_400_000;
    let library = Library::load(None);
    let mut new_items = library
        .decks
        .iter()
        .flat_map(|(_, deck)| deck.items().map(|item| item.id));
    let clock = DayClock::local(4);
    let now = jiff::Timestamp::now().as_millisecond();
    let mut store = Store::open(data, clock.time_zone().clone(), now).expect("store");
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut answered = 0;
    for d in (1 + away..=days + away).rev() {
        // An evening session, skipped on about one day in six (never the last one's).
        if d > 1 + away && rng.random_range(0..6) == 0 {
            continue;
        }
        let mut t = clock.start_of_day(clock.day(now - d * DAY)) + 15 * 3_600_000;
        let mut queue: Vec<_> = (0..10).filter_map(|_| new_items.next()).collect();
        queue.extend(
            store
                .states()
                .filter(|(_, s)| s.phase != talkdeck::srs::Phase::New && s.due_ms <= t)
                .map(|(id, _)| id.clone()),
        );
        // Learning steps come back within the session, so answer until nothing is due by its end.
        while let Some(item) = queue.pop() {
            let roll = rng.random_range(0..100);
            let rating = match roll {
                0..10 => Rating::Again,
                10..16 => Rating::Hard,
                16..94 => Rating::Good,
                _ => Rating::Easy,
            };
            t += rng.random_range(4_000..15_000);
            let ms = rng.random_range(1_500..9_000);
            let state = store
                .answer(&item, rating, ms, StudyMode::Flip, t)
                .expect("answer");
            answered += 1;
            if state.due_ms <= t + 30 * 60_000 {
                queue.insert(0, item);
                t = t.max(state.due_ms);
            }
        }
    }
    store.save_snapshot().expect("snapshot");
    println!(
        "{answered} answers over the last {days} days in {}",
        data.root().display()
    );
}

/// A fast forgetter's last `days` days; see the module's docs.
fn forgetter(data: &DataDir, days: u32) {
    use talkdeck::deck::ItemId;
    use talkdeck::srs::{Config, FAST_FORGETTER, Learner, Scheduler};

    const DAY: i64 = 86_400_000;
    let library = Library::load(None);
    let ids: Vec<ItemId> = library
        .decks
        .iter()
        .flat_map(|(_, deck)| deck.items().map(|item| item.id))
        .collect();
    let names: Vec<&str> = ids.iter().map(ItemId::as_str).collect();
    let clock = DayClock::local(4);
    let now = jiff::Timestamp::now().as_millisecond();
    let scheduler = Scheduler::new(Config::default(), clock).expect("scheduler");
    let learner = Learner {
        truth: FAST_FORGETTER.to_vec(),
        new_per_day: 12,
        days,
        start_ms: now - i64::from(days) * DAY,
        max_answers: usize::MAX,
        seed: 7,
    };
    let answers = learner.answers(&scheduler, &names);
    let mut text = String::with_capacity(answers.len() * 110);
    for answer in &answers {
        let entry = Entry::Review {
            id: new_entry_id(answer.at_ms),
            item: ids[answer.item].clone(),
            at: answer.at_ms,
            rating: answer.rating,
            ms: 3_000,
            mode: StudyMode::Flip,
        };
        text.push_str(&ron::to_string(&entry).expect("entry"));
        text.push('\n');
    }
    std::fs::create_dir_all(data.journals_dir()).unwrap();
    std::fs::write(data.journal_path(), text).expect("journal");
    println!(
        "{} answers of a fast forgetter over the last {days} days in {}",
        answers.len(),
        data.root().display()
    );
}
