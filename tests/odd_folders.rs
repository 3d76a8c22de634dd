//! Odd data folders through the real binary: pipes and devices named like decks, a folder that is
//! a file, a read-only folder or journal, a log folder that cannot be written, broken settings.
//! Every command finishes (a test that waits fails after a minute rather than hanging the run),
//! every message names its file, and nothing the learner made is changed.
//!
//! Permissions: CI runs as root, where `chmod` stops no write. Run as root, these tests start
//! talkdeck as the unprivileged user `nobody` (uid 65534), so a wrong behaviour still fails.

#![cfg(unix)]

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use talkdeck::deck::{Direction, ItemId};
use talkdeck::srs::Rating;
use talkdeck::store::{DataDir, Store, StudyMode};

fn talkdeck(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_talkdeck"));
    command
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(data)
        .args(args);
    command
}

/// Runs `command` with `input` on stdin; fails the test if it has not finished within a minute
/// (it was waiting on a pipe, or reading a device without end), killing it.
fn finishes(mut command: Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Writing may fail if talkdeck stops without reading: that is fine.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    match receive.recv_timeout(Duration::from_secs(60)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("talkdeck was still running after a minute: it waited instead of refusing");
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether this process runs as root (then permissions do not stop it).
fn root() -> bool {
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

/// `command`, run as a learner without special rights: as `nobody` when the tests run as root.
fn as_learner(mut command: Command) -> Command {
    use std::os::unix::process::CommandExt;
    if root() {
        command.uid(65534).gid(65534);
    }
    command
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A data folder with three answers from today, that `nobody` may enter.
fn folder_with_answers() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    let now = jiff::Timestamp::now().as_millisecond();
    let mut store =
        Store::open(&DataDir::new(dir.path()), jiff::tz::TimeZone::system(), now).unwrap();
    for (n, card) in ["hi", "hello", "morning"].into_iter().enumerate() {
        let item = ItemId::new("greetings", card, Direction::Produce);
        store
            .answer(&item, Rating::Good, 1000, StudyMode::Flip, now + n as i64)
            .unwrap();
    }
    drop(store);
    // This computer's folder (the lock) goes too: the folder holds the journal alone.
    std::fs::remove_dir_all(DataDir::new(dir.path()).machine_dir().parent().unwrap()).unwrap();
    dir
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn reading_needs_no_write_access_and_studying_says_why_it_cannot_start() {
    let dir = folder_with_answers();
    let journal = DataDir::new(dir.path()).journal_path();
    let before = std::fs::read(&journal).unwrap();
    chmod(&journal, 0o444);
    chmod(dir.path(), 0o555);

    let stats = finishes(as_learner(talkdeck(dir.path(), &["stats"])), "");
    assert!(stats.status.success(), "{}", text(&stats.stderr));
    assert!(
        text(&stats.stdout).contains("reviews today:   3"),
        "{}",
        text(&stats.stdout)
    );
    assert_eq!(
        text(&stats.stderr),
        "",
        "a read-only folder is fine for reading"
    );
    for args in [&["decks"][..], &["export", "greetings"], &["paths"]] {
        let out = finishes(as_learner(talkdeck(dir.path(), args)), "");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(!out.stdout.is_empty(), "{args:?}");
    }

    let quiz = finishes(as_learner(talkdeck(dir.path(), &["quiz"])), "\n3\n");
    assert_eq!(quiz.status.code(), Some(1));
    // The lock goes in this computer's folder, which cannot be made.
    let lock = DataDir::new(dir.path()).machine_dir();
    assert!(
        text(&quiz.stderr).contains(&format!(
            "talkdeck: answers cannot be saved, so the quiz does not start: cannot lock the \
             data folder: {}: Permission denied",
            lock.display()
        )),
        "{}",
        text(&quiz.stderr)
    );
    assert_eq!(text(&quiz.stdout), "", "stopped before the first item");

    chmod(dir.path(), 0o755);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["journal"], "no lock, no log, no snapshot");
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

#[test]
fn a_read_only_journal_is_named_when_answers_cannot_be_saved() {
    let dir = folder_with_answers();
    chmod(dir.path(), 0o777);
    let journal = DataDir::new(dir.path()).journal_path();
    chmod(&journal, 0o444);
    let quiz = finishes(as_learner(talkdeck(dir.path(), &["quiz"])), "\n3\n");
    assert_eq!(quiz.status.code(), Some(1));
    assert!(
        text(&quiz.stderr).contains(&format!(
            "answers cannot be saved, so the quiz does not start: {}: Permission denied",
            journal.display()
        )),
        "{}",
        text(&quiz.stderr)
    );
    let stats = finishes(as_learner(talkdeck(dir.path(), &["stats"])), "");
    assert!(stats.status.success(), "{}", text(&stats.stderr));
}

#[test]
fn a_log_folder_that_cannot_be_written_is_named_and_the_quiz_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o777);
    let logs = dir.path().join("logs");
    std::fs::write(&logs, "not a folder").unwrap();
    let quiz = finishes(talkdeck(dir.path(), &["quiz", "--limit", "1"]), "\n3\n");
    assert!(quiz.status.success(), "{}", text(&quiz.stderr));
    assert_eq!(
        text(&quiz.stderr),
        format!(
            "talkdeck: cannot open the log file {}: {} is not a folder; this run is not logged \
             to a file\n",
            logs.join(talkdeck::store::device_name())
                .join("talkdeck.log")
                .display(),
            logs.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&logs).unwrap(), "not a folder");

    // A log folder the learner may not write in.
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o777);
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    chmod(&logs, 0o555);
    let quiz = finishes(
        as_learner(talkdeck(dir.path(), &["quiz", "--limit", "1"])),
        "\n3\n",
    );
    assert!(quiz.status.success(), "{}", text(&quiz.stderr));
    assert!(
        text(&quiz.stderr).starts_with(&format!(
            "talkdeck: cannot open the log file {}: Permission denied",
            logs.join(talkdeck::store::device_name())
                .join("talkdeck.log")
                .display()
        )),
        "{}",
        text(&quiz.stderr)
    );
}

#[test]
fn a_data_folder_that_is_a_file_says_exactly_that() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talkdeck-data");
    std::fs::write(&file, "my notes").unwrap();
    for args in [
        &["stats"][..],
        &["decks"],
        &["quiz"],
        &["export", "greetings"],
        &["import", "x.ron"],
    ] {
        let out = finishes(talkdeck(&file, args), "");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(
            text(&out.stderr),
            format!(
                "talkdeck: the data folder {} is a file, not a folder; pass --data-dir with a \
                 folder\n",
                file.display()
            ),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
}

#[test]
fn pipes_and_devices_named_like_decks_are_reported_by_every_command_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    mkfifo(&decks.join("pipe.ron"));
    std::os::unix::fs::symlink("/dev/zero", decks.join("zero.ron")).unwrap();
    let pipe = format!(
        "{}:1:1: is a pipe, not a deck file",
        decks.join("pipe.ron").display()
    );
    let zero = format!(
        "{}:1:1: is a device, not a deck file",
        decks.join("zero.ron").display()
    );

    let list = finishes(talkdeck(dir.path(), &["decks"]), "");
    let listed = text(&list.stdout) + &text(&list.stderr);
    assert!(listed.contains(&pipe) && listed.contains(&zero), "{listed}");
    assert!(
        text(&list.stdout).contains("greetings"),
        "the other decks load"
    );

    let stats = finishes(talkdeck(dir.path(), &["stats"]), "");
    assert!(stats.status.success(), "{}", text(&stats.stderr));
    assert!(
        text(&stats.stderr).contains(&pipe),
        "{}",
        text(&stats.stderr)
    );

    let quiz = finishes(talkdeck(dir.path(), &["quiz", "--limit", "1"]), "\n3\n");
    assert!(quiz.status.success(), "{}", text(&quiz.stderr));
    assert!(
        text(&quiz.stdout).contains("next: "),
        "{}",
        text(&quiz.stdout)
    );

    let check = finishes(
        talkdeck(
            dir.path(),
            &[
                "check",
                decks.join("pipe.ron").to_str().unwrap(),
                decks.join("zero.ron").to_str().unwrap(),
            ],
        ),
        "",
    );
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(text(&check.stdout), format!("{pipe}\n{zero}\n"));
}

#[test]
fn broken_settings_do_not_keep_the_learner_from_studying_and_are_left_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.ron");
    let broken = "Settings(\n    new_per_day: many,\n)\n";
    std::fs::write(&settings, broken).unwrap();
    let quiz = finishes(talkdeck(dir.path(), &["quiz", "--limit", "1"]), "\n3\n");
    assert!(quiz.status.success(), "{}", text(&quiz.stderr));
    assert!(
        text(&quiz.stdout).contains("next: "),
        "{}",
        text(&quiz.stdout)
    );
    assert!(
        text(&quiz.stderr).contains(&format!("{}:2:17: Expected integer", settings.display())),
        "{}",
        text(&quiz.stderr)
    );
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), broken);

    // An empty file is the defaults, without a word.
    std::fs::write(&settings, "").unwrap();
    let quiz = finishes(talkdeck(dir.path(), &["quiz", "--limit", "1"]), "\n3\n");
    assert!(quiz.status.success());
    assert_eq!(text(&quiz.stderr), "");
}
