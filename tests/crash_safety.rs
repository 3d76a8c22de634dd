//! Crash safety: a `talkdeck quiz` answering in a loop is killed with SIGKILL at several moments;
//! after each restart every answer it had acknowledged (printed `next: ITEM due …`, which it does
//! only after the journal line is fsynced) is in the journal, and the states replay. Outcomes only:
//! the test reads acknowledgements from the child's output and kills it right after the k-th.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use talkdeck::store::{DataDir, Store};

fn talkdeck(data: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_talkdeck"));
    command
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(data);
    command
}

#[test]
fn acknowledged_answers_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.ron"),
        "Settings(new_per_day: 9999)\n",
    )
    .unwrap();
    let mut acknowledged: Vec<String> = Vec::new();
    for (round, kill_after) in [1usize, 4, 9, 16].into_iter().enumerate() {
        let mut child = talkdeck(dir.path())
            .args(["quiz", "--mode", "flip", "--seed"])
            .arg(round.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // Enough answers for any round; writing stops when the child is gone.
        let feeder = std::thread::spawn(move || {
            for _ in 0..200 {
                if stdin.write_all(b"\n3\n").is_err() {
                    break;
                }
            }
        });
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut seen = 0;
        for line in stdout.lines() {
            let line = line.unwrap();
            if let Some(rest) = line.split("next: ").nth(1) {
                let item = rest.split(" due ").next().unwrap().to_string();
                acknowledged.push(item);
                seen += 1;
                if seen == 1 && round == 0 {
                    // While it runs, a second talkdeck studying on the folder is refused and touches
                    // nothing; `stats` only reads, so it needs no lock and works beside it.
                    let reader = talkdeck(dir.path()).arg("stats").output().unwrap();
                    assert!(
                        reader.status.success(),
                        "{}",
                        String::from_utf8_lossy(&reader.stderr)
                    );
                    let second = talkdeck(dir.path())
                        .args(["quiz", "--limit", "1"])
                        .stdin(Stdio::null())
                        .output()
                        .unwrap();
                    assert_eq!(second.status.code(), Some(1));
                    let message = String::from_utf8_lossy(&second.stderr).to_string();
                    assert!(
                        message.contains(&format!(
                            "talkdeck: data folder {} is in use by another talkdeck (pid {})",
                            dir.path().display(),
                            child.id()
                        )),
                        "{message}"
                    );
                }
                if seen == kill_after {
                    child.kill().unwrap(); // SIGKILL on Unix
                    break;
                }
            }
        }
        child.wait().unwrap();
        feeder.join().unwrap();
        assert_eq!(
            seen, kill_after,
            "round {round}: the child stopped before {kill_after} answers"
        );

        // Restart: everything acknowledged so far is in the journal, and the states replay.
        let store =
            Store::open(&DataDir::new(dir.path()), jiff::tz::TimeZone::system(), 0).unwrap();
        let journaled: Vec<&str> = store
            .reviews()
            .iter()
            .map(|r| store.item_ids()[r.item as usize].as_str())
            .collect();
        assert!(
            journaled.len() >= acknowledged.len(),
            "round {round}: {} acknowledged, {} in the journal",
            acknowledged.len(),
            journaled.len()
        );
        for item in &acknowledged {
            assert!(
                journaled.contains(&item.as_str()),
                "round {round}: {item} was acknowledged but lost"
            );
            assert!(
                store
                    .state(&talkdeck::deck::ItemId::parse(item).unwrap())
                    .reviews
                    > 0
            );
        }
        assert_eq!(store.corrupt_lines(), 0);
    }
    assert_eq!(acknowledged.len(), 1 + 4 + 9 + 16);
}
