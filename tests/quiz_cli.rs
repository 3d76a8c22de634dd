//! `talkdeck quiz` and `stats` through the real binary: answers, the session's log file, stats.

use std::io::Write;
use std::process::{Command, Stdio};

use talkdeck::store::DataDir;

fn talkdeck(data: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_talkdeck"))
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_quiz_session_is_answered_logged_and_counted() {
    let data = tempfile::tempdir().unwrap();
    let out = talkdeck(
        data.path(),
        &["quiz", "--deck", "greetings", "--limit", "2", "--seed", "7"],
        "\n3\n\n1\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("next: greetings/"))
            .count(),
        2,
        "each acknowledgement on a line of its own: {stdout}"
    );
    assert!(stdout.contains("2 reviewed, 50% right, in 0:0"), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "stderr shows WARNING and above only: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The session is on record in the data folder's log file: start, each answer, the summary.
    let log =
        std::fs::read_to_string(talkdeck::store::DataDir::new(data.path()).log_file()).unwrap();
    assert!(
        log.contains("INFO      talkdeck.study.session session started on greetings"),
        "{log}"
    );
    assert_eq!(
        log.matches("INFO      talkdeck.study.session answered greetings/")
            .count(),
        2,
        "{log}"
    );
    assert!(
        log.contains("NOTICE    talkdeck.study.session session done: 2 reviewed, 50% right"),
        "{log}"
    );
    assert!(!log.contains("DEBUG"), "the file's default level is INFO");

    let stats = talkdeck(data.path(), &["stats"], "");
    let text = String::from_utf8(stats.stdout).unwrap();
    assert!(text.contains("reviews today:   2"), "{text}");
    // Two new phrases: no review yet for true retention to count.
    assert!(text.contains("true retention:  – over 30 days"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("today") && l.trim_end().ends_with('–')),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("greetings") && l.contains(" 2 ")),
        "{text}"
    );

    // Type mode: the typed answer is checked; Enter accepts the suggested rating.
    let typed = talkdeck(
        data.path(),
        &[
            "quiz", "--deck", "jobs", "--mode", "type", "--limit", "1", "--seed", "1",
        ],
        "I'm a software engineer\n\n",
    );
    let text = String::from_utf8(typed.stdout).unwrap();
    assert!(
        text.contains("Good: I'm a software engineer."),
        "the diff in the card's own words: {text}"
    );
    assert!(
        text.contains("next: jobs/im-a-software-engineer/produce due"),
        "{text}"
    );
}

/// `stats` lists the phrases that keep failing, most lapses first, with the leech mark.
#[test]
fn stats_list_the_phrases_that_keep_failing() {
    use talkdeck::srs::Rating;
    use talkdeck::store::{DataDir, Store, StudyMode};
    const DAY: i64 = 86_400_000;
    let data = tempfile::tempdir().unwrap();
    let now = jiff::Timestamp::now().as_millisecond();
    let item = talkdeck::deck::ItemId::parse("greetings/how-was-your-day/recognise").unwrap();
    {
        let mut store = Store::open(
            &DataDir::new(data.path()),
            jiff::tz::TimeZone::system(),
            now,
        )
        .unwrap();
        // Into review, then forgotten eight times: a leech.
        let mut ratings = vec![Rating::Good, Rating::Good];
        for _ in 0..8 {
            ratings.extend([Rating::Again, Rating::Good]);
        }
        for (k, rating) in ratings.iter().enumerate() {
            let at = now - (ratings.len() - k) as i64 * DAY;
            store
                .answer(&item, *rating, 2000, StudyMode::Flip, at)
                .unwrap();
        }
    }
    let out = talkdeck(data.path(), &["stats"], "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("keeps failing:   again  forgotten"), "{text}");
    // The headings sit over their numbers.
    let heading = text
        .lines()
        .find(|l| l.starts_with("keeps failing"))
        .unwrap();
    let row = text
        .lines()
        .find(|l| l.contains("How was your day?"))
        .unwrap();
    assert_eq!(
        heading.find("again").unwrap() + "again".len(),
        row.find("8 ").unwrap() + 1
    );
    let line = text
        .lines()
        .find(|l| l.contains("How was your day?"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.ends_with("(recognise)  [leech]"), "{line}");
    let numbers: Vec<&str> = line.split_whitespace().take(2).collect();
    assert_eq!(numbers, ["8", "8"], "{line}");
}

/// `u` takes back the last answer at the "show the answer" prompt too, and `q` ends there.
#[test]
fn undo_works_at_the_reveal_prompt() {
    let data = tempfile::tempdir().unwrap();
    let out = talkdeck(
        data.path(),
        &["quiz", "--deck", "greetings", "--seed", "3"],
        "\n3\nu\n\n1\nq\n",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let first = stdout
        .lines()
        .find_map(|l| l.strip_prefix("next: "))
        .and_then(|l| l.split(' ').next())
        .unwrap_or_else(|| panic!("{stdout}"))
        .to_owned();
    assert!(stdout.contains(&format!("undone: {first}")), "{stdout}");
    let journal = std::fs::read_to_string(DataDir::new(data.path()).journal_path()).unwrap();
    assert_eq!(
        journal.lines().count(),
        3,
        "review, undo, review: {journal}"
    );
    assert!(journal.lines().nth(1).unwrap().starts_with("Undo("));
    assert!(stdout.contains("1 reviewed, 0% right"), "{stdout}");
}

/// In Type mode `u` and `q` at the answer prompt are commands, not answers.
#[test]
fn u_and_q_are_commands_at_the_type_prompt() {
    let data = tempfile::tempdir().unwrap();
    let out = talkdeck(
        data.path(),
        &["quiz", "--deck", "jobs", "--mode", "type", "--seed", "1"],
        "I'm a software engineer\n\nu\nq\n",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("undone: jobs/"), "{stdout}");
    assert!(
        !stdout.contains("[-q]") && !stdout.contains("[-u]"),
        "{stdout}"
    );
    assert!(stdout.contains("Nothing answered."), "{stdout}");
}

/// With nothing due, the quiz says so, why, and when the next item is due.
#[test]
fn with_nothing_due_the_quiz_says_when_the_next_item_is() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("settings.ron"),
        "Settings(new_per_day: 1, learn_ahead_minutes: 0)",
    )
    .unwrap();
    let out = talkdeck(
        data.path(),
        &["quiz", "--deck", "jobs", "--seed", "1"],
        "\n3\n",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Nothing is due now."), "{stdout}");
    assert!(
        stdout.contains("Today's new items are done;") && stdout.contains("--more 10"),
        "{stdout}"
    );
    assert!(stdout.contains("The next item is ready "), "{stdout}");
    // Study more: ten more new items today, recorded in the journal.
    let more = talkdeck(
        data.path(),
        &[
            "quiz", "--deck", "jobs", "--more", "10", "--limit", "1", "--seed", "1",
        ],
        "\n3\n",
    );
    let stdout = String::from_utf8(more.stdout).unwrap();
    assert_eq!(stdout.matches("next: jobs/").count(), 1, "{stdout}");
    let journal = std::fs::read_to_string(DataDir::new(data.path()).journal_path()).unwrap();
    assert!(
        journal
            .lines()
            .any(|l| l.starts_with("StudyMore(") && l.contains("decks:[\"jobs\"],new:10")),
        "{journal}"
    );
}

/// `--mode choice`: numbered options; a right pick suggests Good.
#[test]
fn choice_mode_in_the_terminal() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_talkdeck"))
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(data.path())
        .args([
            "quiz",
            "--deck",
            "compliments",
            "--mode",
            "choice",
            "--limit",
            "1",
            "--seed",
            "5",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    // Read the options, pick the one that is the card's English.
    let mut seen = String::new();
    let mut options = Vec::new();
    loop {
        let mut line = String::new();
        use std::io::BufRead;
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("no options: {seen}");
        }
        seen.push_str(&line);
        if let Some(rest) = line.trim_start().strip_prefix(|c: char| c.is_ascii_digit())
            && let Some(option) = rest.strip_prefix(". ")
        {
            options.push(option.trim_end().to_owned());
            if options.len() == 4 {
                break;
            }
        }
    }
    // Any pick: the verdict names the right one when it is wrong.
    writeln!(stdin, "1").unwrap();
    writeln!(stdin).unwrap();
    drop(stdin);
    let mut rest = String::new();
    use std::io::Read;
    reader.read_to_string(&mut rest).unwrap();
    child.wait().unwrap();
    let all = format!("{seen}{rest}");
    assert!(
        rest.contains("  right") || rest.contains("  not quite: "),
        "{all}"
    );
    let suggested = if rest.contains("  right") {
        "Good"
    } else {
        "Again"
    };
    assert!(rest.contains(&format!("(Enter = {suggested}")), "{all}");
    let journal = std::fs::read_to_string(DataDir::new(data.path()).journal_path()).unwrap();
    assert!(
        journal.contains(&format!("rating:{suggested}")),
        "{journal}"
    );
    assert!(journal.contains("mode:Choice"), "{journal}");
}

/// Reads the quiz's output until `n` acknowledgements (`next: …` lines) have been printed, answering
/// each card with Enter and 3 (flip), and returns the items acknowledged and the quiz's stdin. The
/// quiz is left waiting for the next answer; the caller holds stdin open until the quiz has exited
/// (`Child::wait` would close it, and the quiz would end on end-of-input instead of the signal).
#[cfg(unix)]
fn answer_until(
    child: &mut std::process::Child,
    reader: &mut impl std::io::BufRead,
    n: usize,
) -> (Vec<String>, std::process::ChildStdin) {
    let mut stdin = child.stdin.take().unwrap();
    for _ in 0..n {
        writeln!(stdin, "\n3").unwrap();
    }
    stdin.flush().unwrap();
    let mut acknowledged = Vec::new();
    let mut line = String::new();
    while acknowledged.len() < n {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the quiz ended early"
        );
        if let Some(rest) = line.strip_prefix("next: ") {
            acknowledged.push(rest.split(' ').next().unwrap().to_owned());
        }
    }
    (acknowledged, stdin)
}

/// Every acknowledged answer is in the log file, however the quiz is stopped: Ctrl+C (SIGINT),
/// SIGTERM, or SIGKILL, which no program can catch.
#[cfg(unix)]
#[test]
fn every_acknowledged_answer_is_in_the_log_file_however_the_quiz_is_stopped() {
    for signal in ["INT", "TERM", "KILL"] {
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_talkdeck"))
            .args(["--device", talkdeck::store::device_name(), "--data-dir"])
            .arg(data.path())
            .args(["quiz", "--deck", "greetings", "--seed", "11"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        let (answered, stdin) = answer_until(&mut child, &mut reader, 4);
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        let exit = child.wait().unwrap();
        drop(stdin);
        let log = std::fs::read_to_string(talkdeck::store::DataDir::new(data.path()).log_file())
            .unwrap_or_default();
        for item in &answered {
            assert!(
                log.contains(&format!("talkdeck.study.session answered {item} Good")),
                "SIG{signal} after 4 answers: {item} is not in the log:\n{log}"
            );
        }
        if signal != "KILL" {
            assert_eq!(exit.code(), Some(130), "SIG{signal}: {exit:?}");
            assert!(
                log.contains("stopped (Ctrl+C or SIGTERM)"),
                "SIG{signal}:\n{log}"
            );
        }
    }
}

/// `stats --deck` counts only that deck, `--json` gives every figure to a script, and a deck that
/// does not exist is named with the ones that do.
#[test]
fn stats_for_one_deck_and_as_json() {
    use talkdeck::srs::Rating;
    use talkdeck::store::{DataDir, Store, StudyMode};
    const DAY: i64 = 86_400_000;
    let data = tempfile::tempdir().unwrap();
    let now = jiff::Timestamp::now().as_millisecond();
    {
        let mut store = Store::open(
            &DataDir::new(data.path()),
            jiff::tz::TimeZone::system(),
            now,
        )
        .unwrap();
        for (item, days_ago) in [
            ("greetings/how-was-your-day/recognise", 3),
            ("greetings/how-was-your-day/recognise", 0),
            ("jobs/im-a-software-engineer/produce", 1),
        ] {
            let item = talkdeck::deck::ItemId::parse(item).unwrap();
            store
                .answer(
                    &item,
                    Rating::Good,
                    2000,
                    StudyMode::Flip,
                    now - days_ago * DAY,
                )
                .unwrap();
        }
    }
    let out = talkdeck(data.path(), &["stats", "--deck", "jobs", "--json"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["decks"], serde_json::json!(["jobs"]));
    assert_eq!(json["range"], "month");
    let report = &json["report"];
    assert_eq!(report["headline"]["total_answers"], 1);
    assert_eq!(report["decks"].as_array().unwrap().len(), 1);
    assert_eq!(report["decks"][0]["id"], "jobs");
    assert_eq!(report["heatmap"].as_array().unwrap().len(), 365);
    assert_eq!(report["retention"].as_array().unwrap().len(), 5);
    for key in [
        "per_day",
        "due",
        "counts",
        "buttons",
        "hours",
        "memory",
        "struggling",
    ] {
        assert!(!report[key].is_null(), "{key} is in the JSON");
    }

    let all = talkdeck(data.path(), &["stats", "--json", "--range", "year"], "");
    let json: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(json["range"], "year");
    assert_eq!(json["report"]["per_day"].as_array().unwrap().len(), 365);
    assert_eq!(json["report"]["headline"]["total_answers"], 3);
    assert_eq!(json["report"]["headline"]["days_studied"], 3);

    let text = talkdeck(data.path(), &["stats", "--deck", "greetings"], "");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("total reviews:   2"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("greetings")), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("jobs")), "{text}");

    let wrong = talkdeck(data.path(), &["stats", "--deck", "nope"], "");
    assert!(!wrong.status.success());
    let err = String::from_utf8(wrong.stderr).unwrap();
    assert!(
        err.contains("there is no deck \"nope\" (the decks: greetings, compliments"),
        "{err}"
    );
}
