//! Property tests: export → parse is the identity on valid decks, and no input makes the parser panic.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use talkdeck::deck::{self, Card, Deck};

/// Text a deck line may hold: English, Chinese, punctuation RON must escape, no control characters.
fn line() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ,.!?'\"\\\\:;()\\[\\]#/你好谢谢中文“”…—]{1,40}"
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

/// A paragraph may also hold newlines.
fn paragraph() -> impl Strategy<Value = String> {
    vec(line(), 1..3).prop_map(|lines| lines.join("\n"))
}

fn phrase() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (line(), line()).prop_map(|(en, zh)| (
            en.replace(['{', '}', '|'], ""),
            zh.replace(['{', '}', '|'], "")
        )),
        (1usize..4, "[a-z]{1,8}").prop_map(|(n, word)| {
            let en: Vec<String> = (0..=n).map(|i| format!("{word}{i}")).collect();
            let zh: Vec<String> = (0..=n).map(|i| format!("词{i}")).collect();
            (
                format!("I like {{{}}}.", en.join("|")),
                format!("我喜欢{{{}}}。", zh.join("|")),
            )
        }),
    ]
    .prop_filter("not blank", |(en, zh)| {
        !en.trim().is_empty() && !zh.trim().is_empty()
    })
}

/// A reply or another way to say it: a plain line, or (on a card with choice groups) one that
/// follows the English's groups, as format 2 allows.
fn follower() -> impl Strategy<Value = (bool, String)> {
    (any::<bool>(), line())
}

fn follow(en: &str, (templated, text): (bool, String)) -> String {
    if templated && en.contains('{') {
        format!("Really? {en} \"{text}\"")
    } else {
        text
    }
}

fn card(index: usize) -> impl Strategy<Value = Card> {
    (
        phrase(),
        option::of(paragraph()),
        vec(follower(), 0..3),
        option::of(paragraph()),
        vec("[a-z0-9_-]{1,12}", 0..3),
        vec(follower(), 0..2),
    )
        .prop_map(
            move |((en, zh), situation, replies, notes, tags, also)| Card {
                id: format!("card-{index}"),
                replies: replies.into_iter().map(|r| follow(&en, r)).collect(),
                also: also.into_iter().map(|a| follow(&en, a)).collect(),
                en,
                zh,
                situation,
                notes,
                tags,
                audio: None,
            },
        )
}

fn deck_strategy() -> impl Strategy<Value = Deck> {
    (1usize..6)
        .prop_flat_map(|n| {
            let cards: Vec<_> = (0..n).map(card).collect();
            (
                "[a-z0-9_-]{1,20}",
                line(),
                option::of(line()),
                option::of(paragraph()),
                option::of(paragraph()),
                any::<bool>(),
                cards,
            )
        })
        .prop_map(
            |(id, name, name_zh, description, description_zh, oldest, cards)| {
                let mut deck = Deck {
                    format: deck::FORMAT_VERSION,
                    id,
                    name,
                    name_zh: name_zh.unwrap_or_default(),
                    description: description.unwrap_or_default(),
                    description_zh: description_zh.unwrap_or_default(),
                    cards,
                };
                // A deck that needs nothing of format 2 may say format 1.
                if oldest && !deck.needs_format_2() {
                    deck.format = deck::OLDEST_FORMAT;
                }
                deck
            },
        )
}

/// Any text at all, for the writer alone: control characters, quotes, backslashes, braces.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\\\\"'{}|\n\r\t\u{1}-\u{1f}\u{7f}a你 ]{0,12}",
    ]
}

/// A deck with any text in every field: not a valid deck, but one the writer must still write as
/// RON that reads back the same.
fn any_deck() -> impl Strategy<Value = Deck> {
    let card = (
        any_text(),
        any_text(),
        any_text(),
        option::of(any_text()),
        vec(any_text(), 0..3),
        vec(any_text(), 0..3),
        option::of(any_text()),
        vec(any_text(), 0..3),
    )
        .prop_map(|(id, en, zh, situation, also, replies, notes, tags)| Card {
            id,
            en,
            zh,
            situation,
            also,
            replies,
            notes,
            tags,
            audio: None,
        });
    (
        any::<u32>(),
        (any_text(), any_text(), any_text()),
        (any_text(), any_text()),
        vec(card, 0..4),
    )
        .prop_map(
            |(format, (id, name, name_zh), (description, description_zh), cards)| Deck {
                format,
                id,
                name,
                name_zh,
                description,
                description_zh,
                cards,
            },
        )
}

/// The text with every string literal's contents left out (its quotes kept), and the characters
/// that follow a backslash inside the literals.
fn outside_strings(text: &str) -> (String, Vec<char>) {
    let (mut skeleton, mut escapes) = (String::new(), Vec::new());
    let mut chars = text.chars();
    let mut inside = false;
    while let Some(c) = chars.next() {
        match (inside, c) {
            (true, '\\') => escapes.extend(chars.next()),
            (true, '"') => {
                inside = false;
                skeleton.push(c);
            }
            (true, _) => {}
            (false, '"') => {
                inside = true;
                skeleton.push(c);
            }
            (false, _) => skeleton.push(c),
        }
    }
    (skeleton, escapes)
}

/// A field of an Anki export: a phrase among HTML, sounds, quotes, separators and line breaks.
fn anki_field() -> impl Strategy<Value = String> {
    let around = prop_oneof![
        Just("<br>"),
        Just("<div>x</div>"),
        Just("<b>"),
        Just("[sound:a.mp3]"),
        Just("&amp;"),
        Just("&#"),
        Just("a < b"),
        Just(" "),
        Just("\""),
        Just(","),
        Just(";"),
        Just("|"),
        Just("\t"),
        Just("\n"),
        Just("#"),
    ];
    (
        vec(around.clone(), 0..2),
        prop_oneof![Just("How are you?"), Just("Hi"), Just("你好"), Just("谢谢")],
        vec(around, 0..3),
    )
        .prop_map(|(before, text, after)| format!("{}{text}{}", before.concat(), after.concat()))
}

/// A file as Anki's "Notes in Plain Text" export writes it: a separator, perhaps the headers and
/// the GUID and deck columns, then notes with fields quoted where they must be (and sometimes
/// where they need not be), after perhaps a byte-order mark, with LF or CRLF line ends; and how
/// many notes it holds.
fn anki_file() -> impl Strategy<Value = (String, usize)> {
    let note = (
        anki_field(),
        anki_field(),
        prop_oneof![
            Just(""),
            Just("Small Talk"),
            Just("Small Talk::Work"),
            Just("工作")
        ],
        "[a-z: ]{0,12}",
        any::<bool>(),
    );
    (
        prop_oneof![
            Just(('\t', "tab")),
            Just((',', "Comma")),
            Just((';', ";")),
            Just(('|', "pipe"))
        ],
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<bool>(), any::<bool>()),
        vec(note, 1..6),
    )
        .prop_map(
            |((separator, name), (headers, guid, deck), (bom, crlf), notes)| {
                // Without the headers, the separator is a tab.
                let separator = if headers { separator } else { '\t' };
                let quoted = |text: &str, always: bool| {
                    if always || text.contains([separator, '"', '\n']) || text.starts_with('#') {
                        format!("\"{}\"", text.replace('"', "\"\""))
                    } else {
                        text.to_string()
                    }
                };
                let mut file = String::from(if bom { "\u{feff}" } else { "" });
                if headers {
                    file.push_str(&format!("#separator:{name}\n#html:true\n"));
                    let mut column = 0;
                    for (on, key) in [(guid, "guid"), (deck, "deck")] {
                        if on {
                            column += 1;
                            file.push_str(&format!("#{key} column:{column}\n"));
                        }
                    }
                    file.push_str(&format!("#tags column:{}\n", column + 3));
                }
                for (i, (front, back, deck_name, tags, always)) in notes.iter().enumerate() {
                    let mut fields = Vec::new();
                    if headers && guid {
                        fields.push(format!("g{i}"));
                    }
                    if headers && deck {
                        fields.push(quoted(deck_name, *always));
                    }
                    fields.push(quoted(front, *always));
                    fields.push(quoted(back, *always));
                    fields.push(quoted(tags, *always));
                    file.push_str(&fields.join(&separator.to_string()));
                    file.push('\n');
                }
                if crlf {
                    file = file.replace('\n', "\r\n");
                }
                (file, notes.len())
            },
        )
}

/// Fragments of deck syntax, to build text that gets deep into the parser.
fn ron_like() -> impl Strategy<Value = String> {
    let tokens = prop_oneof![
        Just("Deck("),
        Just("format:"),
        Just("1"),
        Just(","),
        Just("id:"),
        Just("\"x\""),
        Just("name:"),
        Just("cards:"),
        Just("["),
        Just("]"),
        Just("("),
        Just(")"),
        Just("en:"),
        Just("zh:"),
        Just("\"{a|b}\""),
        Just("\"{甲|乙}\""),
        Just("\"{\""),
        Just("replies:"),
        Just("also:"),
        Just("tags:"),
        Just("\"\\u{202e}\""),
        Just("//"),
        Just("/*"),
        Just("*/"),
        Just("r#\""),
        Just("\"#"),
        Just("\n"),
        Just(" "),
        Just("'"),
        Just("Some("),
        Just("notes:"),
        Just("\""),
    ];
    vec(tokens, 0..80).prop_map(|t| t.concat())
}

/// The text as a learner's Windows editor saves a hand-written deck: multi-line strings written
/// with real line breaks rather than `\n`, every line ended with CRLF, a byte-order mark first.
fn as_windows_writes_it(text: &str) -> String {
    let mut out = String::from("\u{feff}");
    let mut chars = text.chars();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => in_string = !in_string,
            '\\' if in_string => match chars.next() {
                Some('n') => {
                    out.push_str("\r\n");
                    continue;
                }
                Some(other) => {
                    out.push(c);
                    out.push(other);
                    continue;
                }
                None => {}
            },
            '\n' => {
                out.push_str("\r\n");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_deck_saved_by_a_windows_editor_reads_as_the_same_deck(deck in deck_strategy()) {
        let text = as_windows_writes_it(&deck::to_ron_string(&deck));
        prop_assert!(text.contains("\r\n"));
        match deck::parse_str(&text, "windows.ron") {
            Ok(back) => prop_assert_eq!(back, deck),
            Err(errors) => prop_assert!(false, "{:?}\n{:?}", errors, text),
        }
        let bytes = text.into_bytes();
        prop_assert!(deck::parse_bytes(&bytes, "windows.ron").is_ok());
    }

    #[test]
    fn export_then_parse_gives_back_the_same_deck(deck in deck_strategy()) {
        let text = deck::to_ron_string(&deck);
        match deck::parse_str(&text, "export") {
            Ok(back) => prop_assert_eq!(back, deck),
            Err(errors) => prop_assert!(false, "exported text did not parse: {:?}\n{}", errors, text),
        }
        // The layout a learner edits by hand: what the built-in decks look like.
        let (skeleton, escapes) = outside_strings(&text);
        prop_assert!(skeleton.starts_with("Deck(\n    format: "), "{}", text);
        for unwanted in ["Card(", "Some(", "None", "[]"] {
            prop_assert!(!skeleton.contains(unwanted), "{:?} in\n{}", unwanted, text);
        }
        prop_assert!(
            escapes.iter().all(|c| matches!(c, '"' | '\\' | 'n')),
            "only \\\", \\\\ and \\n are escaped, not {:?}:\n{}",
            escapes,
            text
        );
        prop_assert!(
            text.lines().all(|l| (l.len() - l.trim_start().len()) % 4 == 0),
            "4-space indents:\n{}",
            text
        );
    }

    #[test]
    fn ron_reads_the_written_text_back_whatever_it_holds(deck in any_deck()) {
        // Not a valid deck, so not through the checker: RON alone must read every string, with its
        // quotes, backslashes, braces and control characters, exactly as it was.
        let text = deck::to_ron_string(&deck);
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let back: Result<Deck, _> = options.from_str(&text);
        match back {
            Ok(back) => prop_assert_eq!(back, deck),
            Err(error) => prop_assert!(false, "{}\n{}", error, text),
        }
    }

    #[test]
    fn whitespace_and_comments_never_change_the_outcome(deck in deck_strategy(), seed in any::<u64>()) {
        // The same deck laid out differently, with comments, parses to the same deck, and a broken
        // file fails however it is laid out.
        let pretty = deck::to_ron_string(&deck);
        let spaced = pretty
            .replace(",\n", if seed % 2 == 0 { ", // note\n\n" } else { ",\t/* c */\r\n" })
            .replace("(\n", "(  \n");
        prop_assert_eq!(deck::parse_str(&spaced, "spaced").ok(), Some(deck.clone()));
        let broken = spaced.replacen(",", "", 1 + (seed % 3) as usize);
        let expected = deck::parse_str(&broken.replace("  ", " "), "b").map_err(|e| e.len());
        let got = deck::parse_str(&broken, "b").map_err(|e| e.len());
        prop_assert_eq!(expected.is_ok(), got.is_ok());
    }

    #[test]
    fn whatever_the_fast_reader_accepts_ron_reads_the_same(text in ron_like(), deck in deck_strategy()) {
        // parse_str takes the fast reader's answer when it has one; that answer must be RON's.
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let pretty = deck::to_ron_string(&deck);
        for input in [text.as_str(), pretty.as_str()] {
            let ours = deck::parse_str(input, "x");
            let ron: Result<deck::Deck, _> = options.from_str(input);
            if let Ok(ours) = &ours {
                prop_assert_eq!(Some(ours), ron.as_ref().ok());
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = deck::parse_str(&text, "any");
    }

    #[test]
    fn ron_like_text_never_panics(text in ron_like()) {
        let _ = deck::parse_str(&text, "ron-like");
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..512)) {
        let _ = deck::parse_bytes(&bytes, "bytes");
    }

    #[test]
    fn an_anki_export_becomes_valid_decks_with_every_note((text, n_notes) in anki_file()) {
        let import = deck::from_tsv(&text, "anki.txt", None, None);
        prop_assert!(import.is_ok(), "{:?}\n{:?}", import, text);
        let Ok(import) = import else { return Ok(()) };
        let mut ids = std::collections::HashSet::new();
        for imported in &import.decks {
            prop_assert!(ids.insert(imported.id.clone()), "deck ids are unique: {:?}", text);
            let back = deck::parse_str(&deck::to_ron_string(imported), "imported").ok();
            prop_assert_eq!(back.as_ref(), Some(imported), "{:?}", text);
        }
        let n_cards: usize = import.decks.iter().map(|d| d.cards.len()).sum();
        prop_assert_eq!(n_cards, n_notes, "every note is a card: {:?}", text);
    }

    #[test]
    fn anki_text_never_panics(text in "[a-z\\t\\n\"#{}<>&;你]{0,200}") {
        let _ = deck::from_tsv(&text, "anki.txt", None, None);
    }
}
