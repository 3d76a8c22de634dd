//! `talkdeck quiz` and `talkdeck stats`: studying and progress in the terminal, on the same data
//! folder as the app. Works over SSH and with piped input: one line per answer.

use std::io::{self, BufRead, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::deck::{Direction, Library};
use crate::srs::{DayClock, ItemState, Rating, interval_label};
use crate::stats;
use crate::store::{DataDir, Settings, Store, StudyMode};
use crate::study::{Prompt, Session, check_answer};

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

pub(super) fn open(data: &DataDir) -> Result<(Store, Library), String> {
    // The day boundary is a setting; an invalid settings file is reported by `Store::open` itself.
    let day_start = Settings::load(&data.settings_path()).map_or(4, |s| s.day_starts_at);
    let store =
        Store::open(data, DayClock::local(day_start), now_ms()).map_err(|e| e.to_string())?;
    let library = Library::load(Some(&data.decks_dir()));
    Ok((store, library))
}

/// What `quiz` was asked to do.
#[derive(Debug, Clone)]
pub struct QuizOptions {
    pub decks: Vec<String>,
    pub limit: Option<usize>,
    pub mode: Option<StudyMode>,
    pub seed: Option<u64>,
}

fn direction_label(direction: Direction) -> &'static str {
    match direction {
        Direction::Produce => "say it in English",
        Direction::Recognise => "what does it mean?",
        Direction::Reply => "reply to it",
    }
}

fn show_answer(out: &mut dyn Write, prompt: &Prompt) -> io::Result<()> {
    writeln!(out, "  {}", prompt.en)?;
    writeln!(out, "  {}", prompt.zh)?;
    if !prompt.replies.is_empty() {
        writeln!(out, "  replies: {}", prompt.replies.join(" / "))?;
    }
    if let Some(notes) = &prompt.notes {
        writeln!(out, "  note: {}", notes.replace('\n', " "))?;
    }
    Ok(())
}

/// Reads one line; `None` at the end of input.
fn read_line(input: &mut dyn BufRead) -> io::Result<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim().to_string()))
}

/// Runs a quiz reading answers from `input` and writing to `out`.
pub fn quiz(
    data: &DataDir,
    options: &QuizOptions,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<(), String> {
    let (mut store, library) = open(data)?;
    for deck in &options.decks {
        if library.deck(deck).is_none() {
            let known: Vec<&str> = library.decks.iter().map(|(_, d)| d.id.as_str()).collect();
            return Err(format!(
                "no deck with id {deck:?}; the decks are: {}",
                known.join(", ")
            ));
        }
    }
    let mode = options.mode.unwrap_or(store.settings().study_mode);
    let seed = options.seed.unwrap_or_else(|| now_ms() as u64);
    let mut session = Session::start(&library, &store, &options.decks, now_ms(), seed);
    let io_err = |e: io::Error| e.to_string();
    let mut answered = 0;
    'items: while options.limit.is_none_or(|limit| answered < limit) {
        let Some((prompt, left)) = session.next(&library, &store, now_ms()) else {
            writeln!(out, "Nothing more is due. Well done!").map_err(io_err)?;
            break;
        };
        writeln!(
            out,
            "\n[{} · {}] {} left",
            prompt.deck_name,
            direction_label(prompt.direction),
            left
        )
        .map_err(io_err)?;
        writeln!(out, "  {}", prompt.cue).map_err(io_err)?;
        if let (Some(situation), Direction::Produce) = (&prompt.situation, prompt.direction) {
            writeln!(out, "  ({situation})").map_err(io_err)?;
        }
        let shown = Instant::now();
        let mut suggested = None;
        match mode {
            StudyMode::Type => {
                write!(out, "> ").map_err(io_err)?;
                out.flush().map_err(io_err)?;
                let Some(typed) = read_line(input).map_err(io_err)? else {
                    break;
                };
                let check = check_answer(&typed, &prompt.accepted);
                let diff: Vec<String> = check
                    .diff
                    .iter()
                    .map(|w| match w {
                        crate::study::DiffWord::Same(w) => w.clone(),
                        crate::study::DiffWord::Missing(w) => format!("[+{w}]"),
                        crate::study::DiffWord::Extra(w) => format!("[-{w}]"),
                    })
                    .collect();
                writeln!(out, "  {:?}: {}", check.suggested, diff.join(" ")).map_err(io_err)?;
                suggested = Some(check.suggested);
            }
            StudyMode::Flip | StudyMode::Choice => {
                write!(out, "  (Enter shows the answer) ").map_err(io_err)?;
                out.flush().map_err(io_err)?;
                if read_line(input).map_err(io_err)?.is_none() {
                    break;
                }
            }
        }
        show_answer(out, &prompt).map_err(io_err)?;
        let taken_ms = shown.elapsed().as_millis().min(u128::from(u32::MAX)) as u32;
        let now = now_ms();
        let state = store.state(&prompt.item);
        let next = store
            .scheduler()
            .next_states(prompt.item.as_str(), &state, now);
        let buttons: Vec<String> = Rating::ALL
            .iter()
            .map(|&r| {
                let due = next.for_rating(r).due_ms;
                format!(
                    "{} {:?} {}",
                    r.number(),
                    r,
                    interval_label((due - now) / 1000)
                )
            })
            .collect();
        let rating = loop {
            match suggested {
                Some(s) => write!(
                    out,
                    "  {}   (Enter = {s:?}, u = undo, q = quit) ",
                    buttons.join("   ")
                ),
                None => write!(out, "  {}   (u = undo, q = quit) ", buttons.join("   ")),
            }
            .map_err(io_err)?;
            out.flush().map_err(io_err)?;
            let Some(line) = read_line(input).map_err(io_err)? else {
                break 'items;
            };
            match line.as_str() {
                "" if suggested.is_some() => break suggested.unwrap_or(Rating::Good),
                "q" => break 'items,
                "u" => {
                    match session.undo(&mut store, now_ms()).map_err(io_err)? {
                        Some(item) => {
                            writeln!(out, "  undone: {item}").map_err(io_err)?;
                            answered = answered.saturating_sub(1);
                        }
                        None => writeln!(out, "  nothing to undo").map_err(io_err)?,
                    }
                    continue 'items;
                }
                other => match other.parse::<u32>().ok().and_then(Rating::from_number) {
                    Some(rating) => break rating,
                    None => writeln!(out, "  answer 1, 2, 3 or 4").map_err(io_err)?,
                },
            }
        };
        let state = session
            .answer(&mut store, &prompt.item, rating, taken_ms, mode, now_ms())
            .map_err(|e| format!("the answer was not saved: {e}"))?;
        // Printed only after the answer is on disk: the acknowledgement.
        writeln!(
            out,
            "next: {} due {}",
            prompt.item,
            crate::study::describe_due(state.due_ms)
        )
        .map_err(io_err)?;
        answered += 1;
    }
    let summary = session.finish(&library, &store, now_ms());
    save_snapshot(&mut store);
    writeln!(
        out,
        "\n{} reviewed, {:.0}% right, {:.1} minutes.{}",
        summary.reviewed,
        summary.accuracy(),
        summary.time_ms as f64 / 60_000.0,
        summary
            .next_due_ms
            .map(|d| format!(" Next due {}.", crate::study::describe_due(d)))
            .unwrap_or_default()
    )
    .map_err(io_err)?;
    Ok(())
}

/// Saves the snapshot so the next start is fast; a failure costs only that, so it is logged.
fn save_snapshot(store: &mut Store) {
    if let Err(err) = store.save_snapshot() {
        crate::warning!(name: "talkdeck.store", "could not save the snapshot: {err}");
    }
}

/// `talkdeck stats`: today, the streak, and per deck new / learning / due.
pub fn stats(data: &DataDir, out: &mut dyn Write) -> Result<(), String> {
    let (mut store, library) = open(data)?;
    if !store.opened_from_snapshot() {
        save_snapshot(&mut store);
    }
    let now = now_ms();
    let clock = store.scheduler().clock();
    let o = stats::overview(store.reviews(), clock, now);
    let pct = |p: Option<f64>| p.map_or("–".to_string(), |p| format!("{p:.0}%"));
    let io_err = |e: io::Error| e.to_string();
    writeln!(out, "reviews today:   {}", o.reviews_today).map_err(io_err)?;
    writeln!(
        out,
        "accuracy:        {} today, {} over 30 days",
        pct(o.accuracy_today),
        pct(o.accuracy_30_days)
    )
    .map_err(io_err)?;
    writeln!(
        out,
        "streak:          {} day{}",
        o.streak_days,
        if o.streak_days == 1 { "" } else { "s" }
    )
    .map_err(io_err)?;
    let counts: Vec<stats::DeckCounts> = library
        .decks
        .iter()
        .map(|(_, deck)| {
            stats::deck_counts(
                deck,
                |id| store.state(id),
                clock,
                now,
                store.settings().leech_threshold,
            )
        })
        .collect();
    let tomorrow: usize = counts.iter().map(|c| c.due_tomorrow).sum();
    writeln!(out, "due tomorrow:    {tomorrow}").map_err(io_err)?;
    writeln!(out, "total reviews:   {}\n", o.total_reviews).map_err(io_err)?;
    writeln!(
        out,
        "{:<20} {:>5} {:>9} {:>5} {:>7}",
        "deck", "new", "learning", "due", "leeches"
    )
    .map_err(io_err)?;
    for c in counts {
        writeln!(
            out,
            "{:<20} {:>5} {:>9} {:>5} {:>7}",
            c.deck, c.new, c.learning, c.due, c.leeches
        )
        .map_err(io_err)?;
    }
    // The phrases that keep failing, as on the Stats screen.
    let states: Vec<&ItemState> = store.states().map(|(_, state)| state).collect();
    let failing = stats::struggling(store.reviews(), &states, 2, 10);
    if !failing.is_empty() {
        writeln!(out, "\nkeeps failing:  again  forgotten").map_err(io_err)?;
    }
    for s in failing {
        let id = &store.item_ids()[s.item as usize];
        let phrase = library
            .card_of(id)
            .map_or_else(|| id.to_string(), |card| card.variant(0).en);
        let how = id
            .parts()
            .map_or("", |(_, _, direction)| direction.as_str());
        let leech = states[s.item as usize].is_leech(store.settings().leech_threshold);
        writeln!(
            out,
            "{:>22} {:>10}  {phrase} ({how}){}",
            s.again,
            s.lapses,
            if leech { "  [leech]" } else { "" }
        )
        .map_err(io_err)?;
    }
    Ok(())
}
