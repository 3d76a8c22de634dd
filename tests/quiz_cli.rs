//! `talkdeck quiz` and `stats` through the real binary: answers, the session's log file, stats.

use std::io::Write;
use std::process::{Command, Stdio};

fn talkdeck(data: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_talkdeck"))
        .arg("--data-dir")
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
    assert_eq!(stdout.matches("next: greetings/").count(), 2, "{stdout}");
    assert!(stdout.contains("2 reviewed, 50% right"), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "stderr shows WARNING and above only: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The session is on record in the data folder's log file: start, each answer, the summary.
    let log = std::fs::read_to_string(data.path().join("logs").join("talkdeck.log")).unwrap();
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
    assert!(text.contains("accuracy:        50% today"), "{text}");
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
    assert!(text.contains("Good: i am a software engineer"), "{text}");
    assert!(
        text.contains("next: jobs/im-a-software-engineer/produce due"),
        "{text}"
    );
}

/// `stats` lists the phrases that keep failing, most lapses first, with the leech mark.
#[test]
fn stats_list_the_phrases_that_keep_failing() {
    use talkdeck::srs::{DayClock, Rating};
    use talkdeck::store::{DataDir, Store, StudyMode};
    const DAY: i64 = 86_400_000;
    let data = tempfile::tempdir().unwrap();
    let now = jiff::Timestamp::now().as_millisecond();
    let item = talkdeck::deck::ItemId::parse("greetings/how-was-your-day/recognise").unwrap();
    {
        let mut store = Store::open(&DataDir::new(data.path()), DayClock::local(4), now).unwrap();
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
    assert!(text.contains("keeps failing:  again  forgotten"), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("How was your day?"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.ends_with("(recognise)  [leech]"), "{line}");
    let numbers: Vec<&str> = line.split_whitespace().take(2).collect();
    assert_eq!(numbers, ["8", "8"], "{line}");
}
