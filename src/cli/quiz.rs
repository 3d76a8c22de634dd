//! `talkdeck quiz` and `talkdeck stats`: studying and progress in the terminal, on the same data
//! folder as the app. Works over SSH and with piped input: one line per answer. The quiz only asks
//! and prints: what comes next, its intervals and how long an answer took are the study session's
//! ([`Session`]), and its time comes from the clock it is given.

use std::io::{self, BufRead, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::deck::{Direction, ItemId};
use crate::speech::{Speech, Speed, Utterance};
use crate::srs::{Rating, interval_label};
use crate::store::{DataDir, LoadedSettings, Store, StudyMode, Undone, UndoneKind};
use crate::study::{DiffWord, Outlook, Prompt, Session, asked_as, minutes_seconds};

use super::open::{Purpose, open};

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// What `quiz` was asked to do.
#[derive(Debug, Clone)]
pub struct QuizOptions {
    pub decks: Vec<String>,
    pub limit: Option<usize>,
    pub mode: Option<StudyMode>,
    pub seed: Option<u64>,
    /// Write each answer read back out: with piped input nothing echoes it, and every printed
    /// line (`next: …` above all) must start on a line of its own.
    pub echo: bool,
    /// "Study more" first: this many more new items today.
    pub more: Option<u32>,
}

fn direction_label(direction: Direction) -> &'static str {
    match direction {
        Direction::Produce => "say it in English",
        Direction::Recognise => "what does it mean?",
        Direction::Reply => "reply to it",
    }
}

/// The answer side; `heard` when the English was asked by ear (it is then named as such).
fn show_answer(out: &mut dyn Write, prompt: &Prompt, heard: bool) -> io::Result<()> {
    if heard {
        writeln!(out, "  heard: {}", prompt.en)?;
    } else {
        writeln!(out, "  {}", prompt.en)?;
    }
    writeln!(out, "  {}", prompt.zh)?;
    if !prompt.also.is_empty() {
        writeln!(out, "  also: {}", prompt.also.join(" / "))?;
    }
    if !prompt.replies.is_empty() {
        writeln!(out, "  replies: {}", prompt.replies.join(" / "))?;
    }
    if let Some(notes) = &prompt.notes {
        writeln!(out, "  note: {}", notes.replace('\n', " "))?;
    }
    Ok(())
}

/// The terminal: reads answers, echoing them when they come from a pipe.
struct Terminal<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    echo: bool,
}

impl Terminal<'_> {
    /// Writes `prompt` (no newline) and reads one line; `None` at the end of input.
    fn ask(&mut self, prompt: &str) -> io::Result<Option<String>> {
        write!(self.out, "{prompt}")?;
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            writeln!(self.out)?;
            return Ok(None);
        }
        let line = line.trim().to_string();
        if self.echo {
            writeln!(self.out, "{line}")?;
        }
        Ok(Some(line))
    }
}

/// What the learner asked for at a prompt.
enum Reply {
    Text(String),
    Undo,
    Quit,
}

/// `u` and `q` at a prompt that is not for typing English.
fn command(line: Option<String>) -> Reply {
    match line.as_deref() {
        None | Some("q") => Reply::Quit,
        Some("u") => Reply::Undo,
        Some(text) => Reply::Text(text.to_owned()),
    }
}

/// Says why nothing is due, and when something will be.
fn nothing_due(out: &mut dyn Write, queue: &Outlook, now: i64) -> io::Result<()> {
    writeln!(out, "Nothing is due now. Well done!")?;
    if queue.new_waiting > 0 {
        writeln!(
            out,
            "Today's new items are done; {} more wait (`talkdeck quiz --more 10` studies 10 of \
             them now).",
            queue.new_waiting
        )?;
    }
    if let Some(due) = queue.ready_at_ms {
        writeln!(
            out,
            "The next item is ready {} (in {}).",
            crate::study::describe_due(due),
            interval_label((due - now).max(0) / 1000)
        )?;
    }
    Ok(())
}

/// Runs a quiz reading answers from `input` and writing to `out`; `clock` gives the time (ms since
/// the Unix epoch) whenever the quiz needs it. With `speech` that can speak (`--speak`), the
/// English of each item is read aloud as the app reads it (a cue when shown, an answer when
/// revealed), `r` repeats it and `s` says it slowly, and `--mode listen` asks by ear.
pub fn quiz(
    data: &DataDir,
    settings: LoadedSettings,
    options: &QuizOptions,
    clock: &dyn Fn() -> i64,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    speech: &Speech,
) -> Result<(), String> {
    let (mut store, library) = open(data, Purpose::Study, settings, None)?;
    for deck in &options.decks {
        if library.deck(deck).is_none() {
            let known: Vec<&str> = library.decks.iter().map(|(_, d)| d.id.as_str()).collect();
            return Err(format!(
                "no deck with id {deck:?}; the decks are: {}",
                known.join(", ")
            ));
        }
    }
    let io_err = |e: io::Error| e.to_string();
    if let Some(more) = options.more {
        store
            .study_more(&options.decks, more, 0, clock())
            .map_err(|e| format!("\"study more\" was not saved: {e}"))?;
    }
    let mut mode = options.mode.unwrap_or(store.settings().study_mode);
    let speaking = speech.can_speak();
    if mode == StudyMode::Listen && !speaking {
        writeln!(
            out,
            "Listen needs a voice (--speak, and a speech engine): asking as in flip."
        )
        .map_err(|e| e.to_string())?;
        mode = StudyMode::Flip;
    }
    let speed = store.settings().speech.speed;
    let say = |prompt: &Prompt, speed: Speed| {
        if speaking {
            speech.speak(Utterance {
                recording: prompt.item.parts().and_then(|(deck, card, _)| {
                    library.audio_path(deck, library.deck(deck)?.card(card)?)
                }),
                ..Utterance::new(&prompt.en, speed)
            });
        }
    };
    let seed = options.seed.unwrap_or_else(|| clock() as u64);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let first = (mode == StudyMode::Listen).then_some(Direction::Recognise);
    let mut session =
        Session::start_preferring(&library, &store, &options.decks, clock(), seed, first);
    let mut term = Terminal {
        input,
        out,
        echo: options.echo,
    };
    let mut answered = 0;
    'items: while options.limit.is_none_or(|limit| answered < limit) {
        let Some(next) = session.next(&library, &store, clock()) else {
            let now = clock();
            let outlook = session.queue(&library, &store, now).outlook();
            nothing_due(term.out, &outlook, now).map_err(io_err)?;
            break;
        };
        let prompt = next.prompt;
        let deck = prompt
            .item
            .parts()
            .and_then(|(deck, _, _)| library.deck(deck));
        let (asked, choice) = match deck {
            Some(deck) => asked_as(mode, deck, &prompt, &mut rng),
            None => (StudyMode::Flip, None),
        };
        writeln!(
            term.out,
            "\n[{} · {}] {} left",
            prompt.deck_name,
            direction_label(prompt.direction),
            next.left
        )
        .map_err(io_err)?;
        if next.again {
            writeln!(term.out, "  (the last item left: once more)").map_err(io_err)?;
        }
        if asked == StudyMode::Listen {
            // The prompt below says the keys.
            writeln!(term.out, "  (listen)").map_err(io_err)?;
        } else {
            writeln!(term.out, "  {}", prompt.cue).map_err(io_err)?;
        }
        if asked == StudyMode::Listen || prompt.direction != Direction::Produce {
            say(&prompt, speed);
        }
        if let (Some(situation), Direction::Produce) = (&prompt.situation, prompt.direction) {
            writeln!(term.out, "  ({situation})").map_err(io_err)?;
        }
        if asked != mode && mode != StudyMode::Listen {
            writeln!(term.out, "  (choose the meaning: typing is for English)").map_err(io_err)?;
        }
        let mut suggested = None;
        match (asked, &choice) {
            (StudyMode::Choice, Some(choice)) => {
                for (i, option) in choice.options.iter().enumerate() {
                    writeln!(term.out, "  {}. {option}", i + 1).map_err(io_err)?;
                }
                let picked = loop {
                    let range = format!("1–{}", choice.options.len());
                    match command(
                        term.ask(&format!("  ({range}, u = undo, q = quit) "))
                            .map_err(io_err)?,
                    ) {
                        Reply::Quit => break 'items,
                        Reply::Undo => {
                            undo(&mut session, &mut store, &mut term, &mut answered, clock)?;
                            continue 'items;
                        }
                        Reply::Text(text) => match text.parse::<usize>() {
                            Ok(n) if (1..=choice.options.len()).contains(&n) => break n - 1,
                            _ => writeln!(term.out, "  answer {range}").map_err(io_err)?,
                        },
                    }
                };
                let right = picked == choice.correct;
                writeln!(
                    term.out,
                    "  {}",
                    if right {
                        "right".to_owned()
                    } else {
                        format!(
                            "not quite: {}. {}",
                            choice.correct + 1,
                            choice.options[choice.correct]
                        )
                    }
                )
                .map_err(io_err)?;
                suggested = Some(if right { Rating::Good } else { Rating::Again });
            }
            (StudyMode::Type, _) => {
                // A lone `u` or `q` is a command here too: neither is an English answer.
                let typed = match command(term.ask("  (u = undo, q = quit)\n> ").map_err(io_err)?) {
                    Reply::Quit => break,
                    Reply::Undo => {
                        undo(&mut session, &mut store, &mut term, &mut answered, clock)?;
                        continue 'items;
                    }
                    Reply::Text(typed) => typed,
                };
                let check = prompt.check(&typed);
                match check.suggested {
                    Some(rating) => {
                        let diff: Vec<String> = check
                            .diff
                            .iter()
                            .map(|w| match w {
                                DiffWord::Same(w) => w.clone(),
                                DiffWord::Missing(w) => format!("[+{w}]"),
                                DiffWord::Extra(w) => format!("[-{w}]"),
                            })
                            .collect();
                        writeln!(term.out, "  {rating:?}: {}", diff.join(" ")).map_err(io_err)?;
                    }
                    None => writeln!(
                        term.out,
                        "  your own reply: compare it with the replies below and grade it"
                    )
                    .map_err(io_err)?,
                }
                suggested = check.suggested;
            }
            _ => loop {
                let keys = if speaking && prompt.direction != Direction::Produce {
                    "Enter shows the answer, r = hear it again, s = slowly, u = undo, q = quit"
                } else {
                    "Enter shows the answer, u = undo, q = quit"
                };
                match command(term.ask(&format!("  ({keys}) ")).map_err(io_err)?) {
                    Reply::Quit => break 'items,
                    Reply::Undo => {
                        undo(&mut session, &mut store, &mut term, &mut answered, clock)?;
                        continue 'items;
                    }
                    Reply::Text(text)
                        if speaking
                            && prompt.direction != Direction::Produce
                            && (text == "r" || text == "s") =>
                    {
                        say(&prompt, if text == "s" { Speed::Slow } else { speed });
                    }
                    Reply::Text(_) => break,
                }
            },
        }
        show_answer(term.out, &prompt, asked == StudyMode::Listen).map_err(io_err)?;
        if prompt.direction == Direction::Produce {
            say(&prompt, speed);
        }
        let buttons: Vec<String> = Rating::ALL
            .iter()
            .zip(next.interval_secs)
            .map(|(r, secs)| format!("{} {r:?} {}", r.number(), interval_label(secs)))
            .collect();
        let keys = match suggested {
            Some(s) => format!("Enter = {s:?}, u = undo, q = quit"),
            None => "u = undo, q = quit".to_owned(),
        };
        let rating = loop {
            let line = term
                .ask(&format!("  {}   ({keys}) ", buttons.join("   ")))
                .map_err(io_err)?;
            match command(line) {
                Reply::Quit => break 'items,
                Reply::Undo => {
                    undo(&mut session, &mut store, &mut term, &mut answered, clock)?;
                    continue 'items;
                }
                Reply::Text(text) => match (text.as_str(), suggested) {
                    ("", Some(rating)) => break rating,
                    (other, _) => match other.parse::<u32>().ok().and_then(Rating::from_number) {
                        Some(rating) => break rating,
                        None => writeln!(term.out, "  answer 1, 2, 3 or 4").map_err(io_err)?,
                    },
                },
            }
        };
        let state = session
            .answer(&mut store, rating, asked, clock())
            .map_err(|e| format!("the answer was not saved: {e}"))?;
        // Printed only after the answer is on disk and on record: the acknowledgement.
        writeln!(
            term.out,
            "next: {} due {}",
            prompt.item,
            crate::study::describe_due(state.due_ms)
        )
        .map_err(io_err)?;
        answered += 1;
    }
    let summary = session.finish(&library, &store, clock());
    save_snapshot(&mut store);
    if summary.reviewed == 0 {
        writeln!(term.out, "\nNothing answered.").map_err(io_err)?;
        return Ok(());
    }
    writeln!(
        term.out,
        "\n{} reviewed, {:.0}% right, in {}.{}",
        summary.reviewed,
        summary.accuracy(),
        minutes_seconds(summary.time_ms),
        match (summary.outlook.left, summary.outlook.ready_at_ms) {
            (0, Some(ready)) => format!(
                " The next item is ready {}.",
                crate::study::describe_due(ready)
            ),
            (0, None) => String::new(),
            (left, _) => format!(" {left} still due now."),
        }
    )
    .map_err(io_err)?;
    Ok(())
}

/// `u`: takes back the last answer (or mark).
fn undo(
    session: &mut Session,
    store: &mut Store,
    term: &mut Terminal<'_>,
    answered: &mut usize,
    clock: &dyn Fn() -> i64,
) -> Result<(), String> {
    let io_err = |e: io::Error| e.to_string();
    match session.undo(store, clock()).map_err(io_err)? {
        Some(Undone {
            kind: UndoneKind::Answer,
            items,
            ..
        }) => {
            let item = items.first().map_or("", ItemId::as_str);
            writeln!(term.out, "  undone: {item}").map_err(io_err)?;
            *answered = answered.saturating_sub(1);
        }
        Some(Undone {
            kind: UndoneKind::Mark(mark),
            items,
            ..
        }) => {
            let items: Vec<&str> = items.iter().map(ItemId::as_str).collect();
            writeln!(
                term.out,
                "  undone: {} of {}",
                mark.describe(),
                items.join(", ")
            )
            .map_err(io_err)?;
        }
        None => writeln!(term.out, "  nothing to undo").map_err(io_err)?,
    }
    Ok(())
}

/// Saves the snapshot so the next start is fast; a failure costs only that, so it is logged.
fn save_snapshot(store: &mut Store) {
    if let Err(err) = store.save_snapshot() {
        crate::warning!(name: "talkdeck.store", "could not save the snapshot: {err}");
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::io::Read;

    use super::*;
    use crate::store::{Entry, Settings};

    /// 2026-11-23 10:00 UTC.
    const NOW: i64 = 1_795_428_000_000;

    /// What a learner types, one line after another, and how long (ms) each line takes them: the
    /// clock moves on as each line is read.
    struct Learner<'a> {
        text: &'a [u8],
        pauses: std::slice::Iter<'a, i64>,
        clock: &'a Cell<i64>,
    }

    impl Read for Learner<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.fill_buf()?.read(buf)?;
            self.consume(n);
            Ok(n)
        }
    }

    impl BufRead for Learner<'_> {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            Ok(self.text)
        }

        fn consume(&mut self, n: usize) {
            for _ in self.text[..n].iter().filter(|&&c| c == b'\n') {
                let pause = self.pauses.next().copied().unwrap_or(0);
                self.clock.set(self.clock.get() + pause);
            }
            self.text = &self.text[n..];
        }
    }

    /// The journal's time taken (`ms`) of each answer.
    fn answer_times(data: &DataDir) -> Vec<u32> {
        std::fs::read_to_string(data.journal_path())
            .unwrap()
            .lines()
            .filter_map(|line| match ron::from_str(line).unwrap() {
                Entry::Review { ms, .. } => Some(ms),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_answer_is_timed_from_showing_to_grading_and_capped_as_in_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let clock = Cell::new(NOW);
        // Two cards: Enter, then Good. The first takes 700 s to reveal and 300 s to grade (the
        // learner walked away); the second 2 s and 1.5 s.
        let mut learner = Learner {
            text: b"\n3\n\n3\n",
            pauses: [700_000, 300_000, 2_000, 1_500].iter(),
            clock: &clock,
        };
        let options = QuizOptions {
            decks: vec!["greetings".to_owned()],
            limit: Some(2),
            mode: Some(StudyMode::Flip),
            seed: Some(7),
            echo: false,
            more: None,
        };
        let mut out = Vec::new();
        quiz(
            &data,
            Settings::load_for(&data),
            &options,
            &|| clock.get(),
            &mut learner,
            &mut out,
            &Speech::none(),
        )
        .unwrap();
        assert_eq!(
            answer_times(&data),
            [crate::study::MAX_ANSWER_MS, 3_500],
            "the app's cap (10 minutes), and the time up to the grade: {}",
            String::from_utf8_lossy(&out)
        );
    }
}
