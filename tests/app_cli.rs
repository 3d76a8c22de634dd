//! `talkdeck` with no command, through the real binary, where no window can open.

use std::process::Command;

#[test]
fn with_no_display_it_says_to_use_quiz_exits_2_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let output = Command::new(env!("CARGO_BIN_EXE_talkdeck"))
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(&data)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "talkdeck: no display found; use 'talkdeck quiz' to study in the terminal\n"
    );
    assert!(output.stdout.is_empty());
    assert!(!data.exists(), "no data folder was made");
}

#[test]
fn an_empty_display_variable_counts_as_none() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_talkdeck"))
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(dir.path())
        .env("DISPLAY", "")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
