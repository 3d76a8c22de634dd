//! Unconfigured, the root logs WARNING and above to stderr as `LEVEL:name:message`, the format Python
//! uses after `basicConfig()` (Python's last resort prints the message alone; talkdeck does not).
//! Checked in a child process, because the global registry is shared by every test in a process.

use std::process::Command;

const CHILD_ENV: &str = "TALKDECK_LOGGING_DEFAULT_CHILD";

#[test]
fn unconfigured_root_prints_warning_and_above_to_stderr() {
    if std::env::var_os(CHILD_ENV).is_some() {
        // The child: log through the untouched global registry, then exit.
        let root = talkdeck::logging::root();
        talkdeck::info!(logger: root, "not shown: below WARNING");
        talkdeck::warning!(logger: root, "disk almost full");
        talkdeck::error!(name: "talkdeck.store", "journal line 7 is corrupt");
        talkdeck::notice!("not shown either");
        talkdeck::emergency!("line one\nline two");
        return;
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "unconfigured_root_prints_warning_and_above_to_stderr",
            "--nocapture",
        ])
        .env(CHILD_ENV, "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "child failed: {output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "WARNING:root:disk almost full\n\
         ERROR:talkdeck.store:journal line 7 is corrupt\n\
         EMERGENCY:logging_default:line one\\nline two\n"
    );
}
