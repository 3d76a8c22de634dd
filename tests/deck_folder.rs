//! The user's deck folder and the deck commands, driven through the real `talkdeck` binary.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn talkdeck(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talkdeck"))
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const GOOD: &str = r#"// my first deck
Deck(
    format: 1,
    id: "cafe",
    name: "At the café",
    cards: [
        (id: "latte", en: "Can I get a latte, please?", zh: "我要一杯拿铁，谢谢。", replies: ["Sure! For here or to go?"]),
        (id: "to-go", en: "To go, please.", zh: "打包带走，谢谢。"),
    ],
)
"#;

const BROKEN: &str =
    "Deck(\n    format: 1,\n    id: \"broken\"\n    name: \"Oops\",\n    cards: [],\n)\n";

#[test]
fn a_broken_deck_is_reported_and_left_alone_while_the_good_one_loads() {
    let data = tempfile::tempdir().unwrap();
    let decks = data.path().join("decks");
    fs::create_dir(&decks).unwrap();
    fs::write(decks.join("cafe.ron"), GOOD).unwrap();
    fs::write(decks.join("broken.ron"), BROKEN).unwrap();
    fs::write(decks.join("notes.txt"), "not a deck").unwrap();
    let before = fs::metadata(decks.join("broken.ron"))
        .unwrap()
        .modified()
        .unwrap();

    let out = talkdeck(data.path(), &["decks"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed file makes the status 1"
    );
    let text = stdout(&out);
    assert!(text.contains("user      cafe"), "{text}");
    assert!(text.contains("2 cards"), "{text}");
    assert!(text.contains("built-in  greetings"), "{text}");
    let broken = decks.join("broken.ron");
    assert!(
        text.contains(&format!(
            "failed    {}:4:5: Expected comma",
            broken.display()
        )),
        "{text}"
    );
    assert_eq!(
        fs::read_to_string(&broken).unwrap(),
        BROKEN,
        "the broken file is untouched"
    );
    assert_eq!(fs::metadata(&broken).unwrap().modified().unwrap(), before);
    assert_eq!(
        fs::read_dir(&decks).unwrap().count(),
        3,
        "nothing added or removed"
    );
}

#[test]
fn a_deck_id_used_twice_is_an_error_naming_both() {
    let data = tempfile::tempdir().unwrap();
    let decks = data.path().join("decks");
    fs::create_dir(&decks).unwrap();
    fs::write(decks.join("a.ron"), GOOD).unwrap();
    fs::write(decks.join("b.ron"), GOOD).unwrap();
    fs::write(
        decks.join("c.ron"),
        GOOD.replace("\"cafe\"", "\"greetings\""),
    )
    .unwrap();
    let text = stdout(&talkdeck(data.path(), &["decks"]));
    let (a, b, c) = (
        decks.join("a.ron"),
        decks.join("b.ron"),
        decks.join("c.ron"),
    );
    assert!(
        text.contains(&format!(
            "failed    {}:4:9: deck id \"cafe\" is already used by {}",
            b.display(),
            a.display()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "failed    {}:4:9: deck id \"greetings\" is already used by the built-in deck greetings",
            c.display()
        )),
        "{text}"
    );
    assert_eq!(text.matches("user      cafe").count(), 1, "{text}");
}

#[test]
fn check_prints_ok_or_every_error_and_sets_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.ron");
    let bad = dir.path().join("bad.ron");
    fs::write(&good, GOOD).unwrap();
    fs::write(
        &bad,
        GOOD.replace("\"to-go\"", "\"latte\"")
            .replace("打包带走，谢谢。", ""),
    )
    .unwrap();
    let out = talkdeck(dir.path(), &["check", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!("{}: ok (2 cards, 5 items)\n", good.display())
    );

    let out = talkdeck(
        dir.path(),
        &["check", good.to_str().unwrap(), bad.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "{g}: ok (2 cards, 5 items)\n\
             {b}:8:14: duplicate card id \"latte\" (first used on line 7)\n\
             {b}:8:49: zh is empty\n",
            g = good.display(),
            b = bad.display()
        )
    );
}

#[test]
fn check_warns_about_cues_that_read_the_same_but_the_deck_is_ok() {
    let dir = tempfile::tempdir().unwrap();
    let twins = dir.path().join("twins.ron");
    fs::write(
        &twins,
        GOOD.replace("打包带走，谢谢。", "我要一杯拿铁，谢谢！"),
    )
    .unwrap();
    let out = talkdeck(dir.path(), &["check", twins.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "a warning is not an error");
    assert_eq!(
        stdout(&out),
        format!(
            "{t}: ok (2 cards, 5 items)\n\
             {t}:8:49: warning: cards \"latte\" and \"to-go\" have the same Chinese \
             \"我要一杯拿铁，谢谢！\" and the same situation: a learner cannot tell which English \
             is wanted; add a hint to the situation, or make one card the other's `also`\n",
            t = twins.display()
        )
    );
    // A deck made by a newer talkdeck is refused, saying so.
    let newer = dir.path().join("newer.ron");
    fs::write(&newer, GOOD.replace("format: 1", "format: 3")).unwrap();
    let out = talkdeck(dir.path(), &["check", newer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(":3:13: made by a newer talkdeck: format 3;"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn import_copies_a_valid_deck_and_refuses_to_clobber() {
    let data = tempfile::tempdir().unwrap();
    let source = data.path().join("cafe-deck.ron");
    fs::write(&source, GOOD).unwrap();
    let out = talkdeck(data.path(), &["import", source.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let target = data.path().join("decks").join("cafe.ron");
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        GOOD,
        "copied as written, comments and all"
    );
    assert!(stdout(&out).starts_with("imported cafe (2 cards, 5 items) to "));

    let again = talkdeck(data.path(), &["import", source.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    let changed = GOOD.replace("At the café", "Café phrases");
    fs::write(&source, &changed).unwrap();
    let replaced = talkdeck(
        data.path(),
        &["import", "--replace", source.to_str().unwrap()],
    );
    assert!(replaced.status.success(), "{}", stderr(&replaced));
    assert_eq!(fs::read_to_string(&target).unwrap(), changed);

    let builtin = data.path().join("mine.ron");
    fs::write(&builtin, GOOD.replace("\"cafe\"", "\"jobs\"")).unwrap();
    let refused = talkdeck(
        data.path(),
        &["import", "--replace", builtin.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("belongs to the built-in deck jobs"),
        "{}",
        stderr(&refused)
    );

    let invalid = data.path().join("invalid.ron");
    fs::write(&invalid, BROKEN).unwrap();
    let out = talkdeck(data.path(), &["import", invalid.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&format!("{}:4:5: Expected comma", invalid.display())));
    assert!(!data.path().join("decks").join("broken.ron").exists());
}

#[test]
fn an_anki_export_becomes_a_deck_that_exports_back_identically() {
    let data = tempfile::tempdir().unwrap();
    let tsv = data.path().join("Small Talk.txt");
    fs::write(
        &tsv,
        "#separator:tab\n#html:true\nHow's it going?\t最近还好吗？\tgreeting\nSee you later!\t回头见！\n",
    )
    .unwrap();
    let out = talkdeck(
        data.path(),
        &["import", tsv.to_str().unwrap(), "--name", "Small talk"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("imported small_talk (2 cards, 4 items)"),
        "{}",
        stdout(&out)
    );

    let exported = talkdeck(data.path(), &["export", "small_talk"]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let text = stdout(&exported);
    let deck = talkdeck::deck::parse_str(&text, "export").unwrap();
    assert_eq!(deck.name, "Small talk");
    assert_eq!(deck.cards[0].id, "hows-it-going");
    assert_eq!(deck.cards[0].tags, ["greeting"]);
    assert!(
        text.contains("最近还好吗？"),
        "Chinese is written as is, not escaped"
    );

    let file = data.path().join("out.ron");
    fs::write(&file, "keep me").unwrap();
    let refused = talkdeck(
        data.path(),
        &["export", "greetings", "-o", file.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
    let forced = talkdeck(
        data.path(),
        &[
            "export",
            "greetings",
            "-o",
            file.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(forced.status.success());
    let builtin = talkdeck::deck::parse_str(talkdeck::deck::BUILT_IN[0].1, "greetings").unwrap();
    assert_eq!(
        talkdeck::deck::parse_str(&fs::read_to_string(&file).unwrap(), "out.ron").unwrap(),
        builtin
    );
    let missing = talkdeck(data.path(), &["export", "nope"]);
    assert!(stderr(&missing).contains("no deck with id \"nope\"; the decks are: greetings"));

    // A folder that does not exist is not made: a mistyped path is an error, not a new folder.
    let nowhere = data.path().join("no-such-folder").join("out.ron");
    let refused = talkdeck(
        data.path(),
        &["export", "greetings", "-o", nowhere.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        stderr(&refused),
        format!(
            "talkdeck: {}: the folder {} does not exist\n",
            nowhere.display(),
            data.path().join("no-such-folder").display()
        )
    );
    assert!(!data.path().join("no-such-folder").exists());
    // Nor is a folder replaced by the file, even with --force.
    let folder = data.path().join("decks");
    let refused = talkdeck(
        data.path(),
        &[
            "export",
            "greetings",
            "-o",
            folder.to_str().unwrap(),
            "--force",
        ],
    );
    assert_eq!(
        stderr(&refused),
        format!("talkdeck: {}: is a folder, not a file\n", folder.display())
    );
}
