//! `talkdeck import` of Anki's "Notes in Plain Text" exports, and `export`, through the real binary:
//! the files Anki writes (a byte-order mark, CRLF, its `#` headers and meta columns, several decks,
//! sounds and line breaks, repeated fronts) and what the learner reads back.

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

/// Writes `text` as `name` in `data` and imports it with `args`; returns the output.
fn import(data: &Path, name: &str, text: &str, args: &[&str]) -> Output {
    let file = data.join(name);
    fs::write(&file, text).unwrap();
    let mut all = vec!["import", file.to_str().unwrap()];
    all.extend_from_slice(args);
    talkdeck(data, &all)
}

/// The deck file `id` in the data folder's deck folder.
fn deck_file(data: &Path, id: &str) -> String {
    fs::read_to_string(data.join("decks").join(format!("{id}.ron"))).unwrap()
}

#[test]
fn an_export_with_a_byte_order_mark_and_crlf_imports_as_if_it_had_neither() {
    let data = tempfile::tempdir().unwrap();
    let out = import(
        data.path(),
        "Small Talk.txt",
        "\u{feff}#separator:tab\r\n#html:true\r\nHow's it going?\t最近还好吗？\r\n\
         \"See you\r\nlater!\"\t回头见！\r\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        deck_file(data.path(), "small_talk"),
        r#"Deck(
    format: 2,
    id: "small_talk",
    name: "Small Talk",
    description: "Imported from Small Talk.txt",
    cards: [
        (
            id: "hows-it-going",
            en: "How's it going?",
            zh: "最近还好吗？",
        ),
        (
            id: "see-you",
            en: "See you",
            zh: "回头见！",
            notes: "later!",
        ),
    ],
)
"#
    );
}

#[test]
fn a_byte_order_mark_before_the_first_note_is_not_part_of_its_english() {
    let data = tempfile::tempdir().unwrap();
    let out = import(data.path(), "plain.txt", "\u{feff}Hello\t你好\n", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let deck = talkdeck::deck::parse_str(&deck_file(data.path(), "plain"), "plain").unwrap();
    assert_eq!(deck.cards[0].en, "Hello");
    assert_eq!(deck.cards[0].id, "hello");
}

#[test]
fn import_reads_only_regular_files_and_names_the_file() {
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join("folder.txt");
    fs::create_dir(&folder).unwrap();
    let out = talkdeck(data.path(), &["import", folder.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("talkdeck: {}: is a folder, not a file\n", folder.display())
    );
}

/// A pipe is refused without being opened. The test writes a note into the pipe from a thread, so
/// an importer that did open it would read that note and import it (and the test would fail on
/// the status) rather than wait for ever.
#[cfg(target_os = "linux")]
#[test]
fn a_pipe_is_refused_without_waiting_for_a_writer() {
    use std::io::Write;

    let data = tempfile::tempdir().unwrap();
    let fifo = data.path().join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            // Blocks until a reader opens the pipe: the importer, or the test below.
            let mut pipe = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            let _ = pipe.write_all("Hello\t你好\n".as_bytes());
        })
    };
    let out = talkdeck(data.path(), &["import", fifo.to_str().unwrap()]);
    // Release the writer if the importer never opened the pipe: on Linux, opening a pipe for
    // reading and writing does not wait for anyone.
    let both_ends = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    writer.join().unwrap();
    drop(both_ends);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        stderr(&out),
        format!("talkdeck: {}: is a pipe, not a file\n", fifo.display())
    );
}

#[test]
fn text_that_is_not_utf8_is_refused_at_its_line() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("latin1.txt");
    fs::write(&file, b"Hello\t\xe4\xbd\xa0\xe5\xa5\xbd\nCaf\xe9\tx\n").unwrap();
    let out = talkdeck(data.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!(
            "{}:2:4: the file is not UTF-8 text (save it as UTF-8)\n",
            file.display()
        )),
        "{}",
        stderr(&out)
    );
}

/// What Anki 2.1.55+ writes for File → Export → Notes in Plain Text with every box ticked.
const ANKI_EXPORT: &str = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n\
#deck column:3\n#tags column:6\n\
f4Y]k(x!qE\tBasic\tSmall Talk\tHow's it going?\t最近还好吗？\tgreeting casual\n\
\"#bq,Lp>~0s\"\tBasic\tSmall Talk\tSee you <b>later</b>!\t回头见！\t\n";

#[test]
fn guid_notetype_and_deck_columns_are_not_card_text() {
    let data = tempfile::tempdir().unwrap();
    let out = import(data.path(), "Small Talk.txt", ANKI_EXPORT, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        deck_file(data.path(), "small_talk"),
        r#"Deck(
    format: 2,
    id: "small_talk",
    name: "Small Talk",
    description: "Imported from Small Talk.txt",
    cards: [
        (
            id: "hows-it-going",
            en: "How's it going?",
            zh: "最近还好吗？",
            tags: ["greeting", "casual"],
        ),
        (
            id: "see-you-later",
            en: "See you later!",
            zh: "回头见！",
        ),
    ],
)
"#
    );
}

#[test]
fn a_deck_column_naming_several_decks_makes_one_deck_each() {
    let data = tempfile::tempdir().unwrap();
    let text = ANKI_EXPORT.to_string()
        + "Zz9!aa\tBasic\tSmall Talk::Work\tWhat do you do?\t你是做什么工作的？\twork\n";
    let refused = import(data.path(), "collection.txt", &text, &["--id", "mine"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains(
            "collection.txt:5:1: the deck column names 2 decks (\"Small Talk\", \"Small Talk::Work\"), \
             and each becomes its own deck with an id made from its name: leave out --id"
        ),
        "{}",
        stderr(&refused)
    );
    assert!(!data.path().join("decks").exists(), "nothing was written");

    let out = import(data.path(), "collection.txt", &text, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let decks = data.path().join("decks");
    assert_eq!(
        stdout(&out),
        format!(
            "note: the deck column names 2 decks: each became a talkdeck deck\n\
             imported small_talk (2 cards, 4 items) to {}\n\
             imported small_talk_work (1 cards, 2 items) to {}\n",
            decks.join("small_talk.ron").display(),
            decks.join("small_talk_work.ron").display()
        )
    );
    let work = talkdeck::deck::parse_str(&deck_file(data.path(), "small_talk_work"), "w").unwrap();
    assert_eq!(work.name, "Small Talk::Work");
    assert_eq!(work.cards[0].en, "What do you do?");
    // Importing again refuses before writing anything.
    let again = import(data.path(), "collection.txt", &text, &[]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    // A deck named like a built-in one cannot take --id: its Anki name is what to change.
    let built_in = text.replace("Small Talk::Work", "Greetings");
    let refused = import(data.path(), "other.txt", &built_in, &["--replace"]);
    assert_eq!(
        stderr(&refused),
        "talkdeck: deck id \"greetings\" belongs to the built-in deck greetings; rename the Anki \
         deck \"Greetings\"\n"
    );
}

#[test]
fn the_newer_header_layout_is_read() {
    let data = tempfile::tempdir().unwrap();
    let out = import(
        data.path(),
        "export.txt",
        "#separator:Semicolon\n#html:false\n#notetype:Basic\n#deck:Small Talk\n\
         #columns:Back;Front;Tags\n#tags:anki\n\
         最近还好吗？;How's it going?;greeting\n\"回头见；再会\";\"See you <later>!\";\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let deck = talkdeck::deck::parse_str(&deck_file(data.path(), "export"), "e").unwrap();
    assert_eq!(deck.name, "Small Talk", "the #deck: header names the deck");
    let cards: Vec<_> = deck
        .cards
        .iter()
        .map(|c| (c.en.as_str(), c.zh.as_str(), c.tags.join(" ")))
        .collect();
    assert_eq!(
        cards,
        [
            ("How's it going?", "最近还好吗？", "anki greeting".into()),
            ("See you <later>!", "回头见；再会", "anki".into()),
        ],
        "columns by name; #html:false keeps angle brackets as text"
    );
}

#[test]
fn sounds_are_not_card_text_and_a_line_break_is_a_line_break() {
    let data = tempfile::tempdir().unwrap();
    let out = import(
        data.path(),
        "sounds.txt",
        "#separator:tab\n#html:true\n\
         How's it going? [sound:hows_it_going.mp3]\t最近还好吗？ <br> 很随意的问候<br><br>对熟人说\n\
         Nice to meet you.<div>Formal-ish</div>\t很高兴认识你。\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let deck = talkdeck::deck::parse_str(&deck_file(data.path(), "sounds"), "s").unwrap();
    assert_eq!(deck.cards[0].id, "hows-it-going");
    assert_eq!(deck.cards[0].en, "How's it going?");
    assert_eq!(deck.cards[0].zh, "最近还好吗？");
    assert_eq!(
        deck.cards[0].notes.as_deref(),
        Some("很随意的问候\n对熟人说")
    );
    assert_eq!(deck.cards[1].en, "Nice to meet you.");
    assert_eq!(deck.cards[1].notes.as_deref(), Some("Formal-ish"));
    assert!(
        stdout(&out).contains(
            "note: sounds.txt:3, 4: a side has more than one line; the first is the card's text, \
             the others became its notes\n"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn repeated_fronts_become_separate_cards_and_are_listed() {
    let data = tempfile::tempdir().unwrap();
    let out = import(
        data.path(),
        "twins.txt",
        "How are you?\t你好吗？\nHow are you?\t你怎么样？\nFine.\t还行。\nHow are you?\t你还好吗？\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "note: twins.txt:1, 2, 4: the same English \"How are you?\": cards how-are-you, \
             how-are-you-2, how-are-you-3\n"
        ),
        "{}",
        stdout(&out)
    );
    let deck = talkdeck::deck::parse_str(&deck_file(data.path(), "twins"), "t").unwrap();
    let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["how-are-you", "how-are-you-2", "fine", "how-are-you-3"]
    );
}

#[test]
fn an_unterminated_quote_is_reported_where_it_starts() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("anki.txt");
    fs::write(
        &file,
        "#separator:tab\nHello\t你好\nBye\t\"再见\nThanks\t谢谢\n",
    )
    .unwrap();
    let out = talkdeck(data.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "{f}:3:5: a quoted field is not closed (it starts here)\n\
             talkdeck: {f} was not imported\n",
            f = file.display()
        )
    );
}

#[test]
fn check_on_a_text_file_points_to_import() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("Small Talk.txt");
    fs::write(&file, ANKI_EXPORT).unwrap();
    let out = talkdeck(data.path(), &["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "{f}: not a deck file: an Anki export (.txt, .tsv) becomes a deck with \
             talkdeck import \"{f}\"\n",
            f = file.display()
        )
    );
}

#[test]
fn export_writes_a_deck_the_way_the_built_in_decks_are_written() {
    let data = tempfile::tempdir().unwrap();
    for (name, text) in talkdeck::deck::BUILT_IN {
        let out = talkdeck(data.path(), &["export", name]);
        assert!(out.status.success(), "{}", stderr(&out));
        // The built-in file, without its comment lines at the top.
        let body: String = text
            .lines()
            .skip_while(|l| l.starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(stdout(&out), body, "{name}");
    }
}

#[test]
fn a_sound_beside_the_export_becomes_the_cards_recording_and_travels_with_the_deck() {
    let data = tempfile::tempdir().unwrap();
    // One sound beside the export, one in a collection.media folder beside it, one missing, one
    // of a kind talkdeck does not play.
    fs::write(data.path().join("hi.mp3"), b"ID3 pretend mp3").unwrap();
    fs::create_dir(data.path().join("collection.media")).unwrap();
    fs::write(
        data.path().join("collection.media").join("bye.ogg"),
        b"OggS pretend",
    )
    .unwrap();
    let out = import(
        data.path(),
        "voiced.txt",
        "Hi! [sound:hi.mp3]\t你好！\nBye! [sound:bye.ogg]\t再见！\nThanks! [sound:gone.mp3]\t谢谢！\n\
         Sorry! [sound:sorry.m4a]\t对不起！\n",
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("1 recording was not found beside the export"),
        "{said}"
    );
    assert!(said.contains("gone.mp3"), "{said}");
    assert!(said.contains("left out: sorry.m4a"), "{said}");
    let deck = talkdeck::deck::parse_str(&deck_file(data.path(), "voiced"), "v").unwrap();
    let audio: Vec<Option<&str>> = deck.cards.iter().map(|c| c.audio.as_deref()).collect();
    assert_eq!(
        audio,
        [
            Some("audio/voiced/hi.mp3"),
            Some("audio/voiced/bye.ogg"),
            None,
            None
        ]
    );
    let decks = data.path().join("decks");
    assert_eq!(
        fs::read(decks.join("audio/voiced/hi.mp3")).unwrap(),
        b"ID3 pretend mp3"
    );
    assert_eq!(
        fs::read(decks.join("audio/voiced/bye.ogg")).unwrap(),
        b"OggS pretend"
    );

    // Exported elsewhere, the recordings are written beside the deck, at the same places.
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("voiced.ron");
    let out = talkdeck(
        data.path(),
        &["export", "voiced", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read(elsewhere.path().join("audio/voiced/hi.mp3")).unwrap(),
        b"ID3 pretend mp3"
    );
    // And imported into another data folder, they come along.
    let other = tempfile::tempdir().unwrap();
    let out = talkdeck(other.path(), &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read(other.path().join("decks/audio/voiced/bye.ogg")).unwrap(),
        b"OggS pretend"
    );
    let library = talkdeck::deck::Library::load(Some(&other.path().join("decks")));
    let deck = library.deck("voiced").unwrap();
    assert_eq!(
        library.audio_path("voiced", &deck.cards[0]),
        Some(other.path().join("decks").join("audio/voiced/hi.mp3"))
    );
    assert_eq!(library.audio_path("voiced", &deck.cards[2]), None);
}
