//! Every kind of deck error, with the exact line and column it is reported at.

use talkdeck::deck::{self, DeckError, MAX_CARDS, MAX_FILE_BYTES};

/// Parses `text` and returns its errors as `line:column: message` strings.
fn errors(text: &str) -> Vec<String> {
    match deck::parse_str(text, "my.ron") {
        Ok(_) => vec![],
        Err(errors) => errors
            .iter()
            .map(|e| {
                assert_eq!(e.origin, "my.ron");
                format!("{}:{}: {}", e.line, e.column, e.message)
            })
            .collect(),
    }
}

fn assert_error(text: &str, line: usize, column: usize, needle: &str) {
    let found = errors(text);
    let prefix = format!("{line}:{column}: ");
    assert!(
        found
            .iter()
            .any(|e| e.starts_with(&prefix) && e.contains(needle)),
        "expected an error at {line}:{column} containing {needle:?}, got {found:#?}"
    );
}

/// A valid deck with `card` as its second card (on lines 5–).
fn deck_with(card: &str) -> String {
    format!(
        "Deck(\n    format: 1,\n    id: \"mine\",\n    name: \"Mine\",\n    cards: [\n        (id: \"ok\", en: \"Hi\", zh: \"你好\"),\n{card}\n    ],\n)\n"
    )
}

#[test]
fn a_valid_deck_has_no_errors() {
    assert_eq!(errors(&deck_with("")), Vec::<String>::new());
}

#[test]
fn syntax_errors_carry_rons_own_position() {
    assert_error(
        "Deck(\n    format: 1\n    id: \"x\",\n)",
        3,
        5,
        "Expected comma",
    );
    assert_error(
        &deck_with("        (id: \"b\", en: \"Hi\" zh: \"你\"),"),
        7,
        28,
        "Expected comma",
    );
    assert_error(
        &deck_with("        (id: \"b\", en: \"Hi\", zh: \"你\", colour: \"red\"),"),
        7,
        38,
        "colour",
    );
    assert_error(
        "Deck(format: 1, id: \"x\", cards: [])",
        1,
        35,
        "missing field named `name`",
    );
    assert_error(
        "Deck(format: 1, id: \"x\", name: 5, cards: [])",
        1,
        31,
        "Expected string",
    );
}

#[test]
fn semantic_errors_point_at_the_offending_value() {
    let cases: [(&str, usize, usize, &str); 9] = [
        (
            "        (id: \"Bad Id\", en: \"Hi\", zh: \"你\"),",
            7,
            14,
            "card id \"Bad Id\" must be",
        ),
        (
            "        (id: \"ok\", en: \"Hi\", zh: \"你\"),",
            7,
            14,
            "duplicate card id \"ok\" (first used on line 6)",
        ),
        (
            "        (id: \"b\", en: \"  \", zh: \"你\"),",
            7,
            23,
            "en is empty",
        ),
        (
            "        (id: \"b\", en: \"Hi\", zh: \"\"),",
            7,
            33,
            "zh is empty",
        ),
        (
            "        (id: \"b\", en: \"Hi {a|b\", zh: \"{甲|乙}\"),",
            7,
            27,
            "en: choice group '{' is not closed",
        ),
        (
            "        (id: \"b\", en: \"{a|b}\", zh: \"{甲|乙|丙}\"),",
            7,
            36,
            "zh's choice groups [3] do not match en's [2]",
        ),
        (
            "        (id: \"b\", en: \"Hi\", zh: \"你\", notes: \"bell\\u{7}\"),",
            7,
            45,
            "control character (U+0007)",
        ),
        (
            "        (id: \"b\", en: \"Hi \\u{202e}olleh\", zh: \"你\"),",
            7,
            23,
            "bidirectional override (U+202E)",
        ),
        (
            "        (id: \"b\", en: \"Hi\", zh: \"你\", tags: [\"Casual\"]),",
            7,
            44,
            "tag \"Casual\" must be",
        ),
    ];
    for (card, line, column, needle) in cases {
        assert_error(&deck_with(card), line, column, needle);
    }
}

#[test]
fn deck_level_problems_are_reported_at_their_field() {
    assert_error(
        "Deck(format: 3, id: \"x\", name: \"X\", cards: [(id: \"a\", en: \"a\", zh: \"甲\")])",
        1,
        14,
        "made by a newer talkdeck: format 3; this talkdeck reads formats 1 to 2",
    );
    assert_error(
        "Deck(format: 0, id: \"x\", name: \"X\", cards: [(id: \"a\", en: \"a\", zh: \"甲\")])",
        1,
        14,
        "unknown format 0",
    );
    assert_error(
        "Deck(format: 1, id: \"../etc\", name: \"X\", cards: [(id: \"a\", en: \"a\", zh: \"甲\")])",
        1,
        21,
        "deck id \"../etc\" must be",
    );
    assert_error(
        "Deck(format: 1, id: \"x\", name: \"\", cards: [(id: \"a\", en: \"a\", zh: \"甲\")])",
        1,
        32,
        "name is empty",
    );
    assert_error(
        "Deck(format: 1, id: \"x\", name: \"X\",\n  cards: [])",
        2,
        10,
        "the deck has no cards",
    );
}

#[test]
fn all_problems_are_reported_at_once_in_file_order() {
    let text = deck_with(
        "        (id: \"ok\", en: \"\", zh: \"你\"),\n        (id: \"c\", en: \"{a|b}\", zh: \"丙\"),",
    );
    let found = errors(&text);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("7:14: duplicate"));
    assert!(found[1].starts_with("7:24: en is empty"));
    assert!(found[2].starts_with("8:36: zh's choice groups [] do not match en's [2]"));
}

#[test]
fn limits_are_clear_errors() {
    // A string over 2,000 characters.
    let long = "a".repeat(2001);
    assert_error(
        &deck_with(&format!("        (id: \"b\", en: \"{long}\", zh: \"你\"),")),
        7,
        23,
        "en is 2001 characters long; the most is 2000",
    );
    // More than 64 variants: 5 × 5 × 3 = 75.
    let card = "        (id: \"b\", en: \"{a|b|c|d|e} {a|b|c|d|e} {x|y|z}\", zh: \"{1|2|3|4|5}{1|2|3|4|5}{甲|乙|丙}\"),";
    assert_error(
        &deck_with(card),
        7,
        23,
        "75 variants; a card may have at most 64",
    );
    // More than 20,000 cards.
    let mut text = String::from("Deck(format: 1, id: \"big\", name: \"Big\", cards: [\n");
    for i in 0..=MAX_CARDS {
        text.push_str(&format!("(id: \"c{i}\", en: \"e\", zh: \"中\"),\n"));
    }
    text.push_str("])\n");
    assert_error(
        &text,
        1,
        48,
        "the deck has 20001 cards; a deck may have at most 20000",
    );
    // More than 8 MiB, refused before parsing.
    let huge = vec![b' '; MAX_FILE_BYTES + 1];
    let err = deck::parse_bytes(&huge, "huge.ron").unwrap_err();
    assert_eq!(
        err[0].to_string(),
        format!(
            "huge.ron:1:1: the file is {} bytes; a deck file may be at most {MAX_FILE_BYTES} (8 MiB)",
            MAX_FILE_BYTES + 1
        )
    );
    // Deep nesting: the deck's types stop it at the first bracket that cannot be a card, so even
    // 100,000 brackets cost nothing and cannot overflow the stack.
    let deep = format!(
        "Deck(format: 1, id: \"x\", name: \"X\", cards: {}",
        "[".repeat(100_000)
    );
    let err = deck::parse_str(&deep, "deep.ron").unwrap_err();
    assert_eq!(
        err[0].to_string(),
        "deep.ron:1:45: Expected opening `(` for struct `Card`"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_reported_where_they_start() {
    let mut bytes = b"Deck(\n  name: \"caf".to_vec();
    bytes.push(0xE9); // Latin-1 é
    bytes.extend_from_slice(b"\")");
    let err: Vec<DeckError> = deck::parse_bytes(&bytes, "latin1.ron").unwrap_err();
    assert_eq!(
        err[0].to_string(),
        "latin1.ron:2:13: the file is not UTF-8 text (save it as UTF-8)"
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", deck_with(""));
    assert!(deck::parse_str(&text, "bom.ron").is_ok());
}

/// A valid format 2 deck with `card` as its second card (on lines 5–).
fn deck2_with(card: &str) -> String {
    deck_with(card).replace("format: 1", "format: 2")
}

#[test]
fn format_2_adds_other_ways_to_say_it_and_templated_replies() {
    let card = "        (id: \"t\", en: \"Good {morning|evening}!\", zh: \"{早上|晚上}好！\",\n            also: [\"{Morning|Evening}!\", \"Hello!\"],\n            replies: [\"Good {morning|evening}! How are you?\", \"Hi!\"]),";
    assert_eq!(errors(&deck2_with(card)), Vec::<String>::new());
    let deck = deck::parse_str(&deck2_with(card), "my.ron").unwrap();
    let evening = deck.cards[1].variant(1);
    assert_eq!(evening.also, ["Evening!", "Hello!"]);
    assert_eq!(evening.replies[0], "Good evening! How are you?");

    // Format 1 decks stay valid, but the new fields need the new format.
    assert_error(&deck_with(card), 8, 19, "`also` needs `format: 2`");
    assert_error(
        &deck_with(
            "        (id: \"t\", en: \"A {b|c}\", zh: \"甲{乙|丙}\", replies: [\"{B|C}!\"]),",
        ),
        7,
        57,
        "a reply with choice groups needs `format: 2`",
    );
    // A reply or another way to say it has no groups or exactly en's.
    assert_error(
        &deck2_with(
            "        (id: \"t\", en: \"A {b|c}\", zh: \"甲{乙|丙}\", also: [\"{x|y|z}\"]),",
        ),
        7,
        54,
        "also \"{x|y|z}\" has choice groups [3] but en has [2]",
    );
    assert_error(
        &deck2_with("        (id: \"t\", en: \"Plain\", zh: \"甲\", replies: [\"{B|C}!\"]),"),
        7,
        50,
        "has choice groups [2] but en has []",
    );
    assert_error(
        &deck2_with("        (id: \"t\", en: \"Plain\", zh: \"甲\", also: [\"\"]),"),
        7,
        47,
        "also is empty",
    );
}

#[test]
fn a_chinese_description_is_format_2() {
    let text = deck_with("").replace(
        "    name: \"Mine\",\n",
        "    name: \"Mine\",\n    description_zh: \"我的卡组\",\n",
    );
    assert_error(&text, 5, 21, "`description_zh` needs `format: 2`");
    let deck = deck::parse_str(&text.replace("format: 1", "format: 2"), "my.ron").unwrap();
    assert_eq!(deck.description_zh, "我的卡组");
}

#[test]
fn cards_whose_cues_read_the_same_are_warned_about_but_load() {
    let text = deck2_with(
        "        (id: \"b\", en: \"Hey, what's up?\", zh: \"你好\"),\n        (id: \"c\", en: \"Hello.\", zh: \"你好！\", situation: \"在正式场合。\"),\n        (id: \"d\", en: \"Hi\", zh: \"嗨\"),",
    );
    let deck = deck::parse_str(&text, "my.ron").expect("warnings do not stop a deck");
    let warnings: Vec<String> = deck::warnings(&deck, &text, "my.ron")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings.len(),
        2,
        "b repeats ok's Chinese; d repeats ok's English; c has its own situation: {warnings:#?}"
    );
    assert!(
        warnings[0]
            .starts_with("my.ron:7:46: cards \"ok\" and \"b\" have the same Chinese \"你好\""),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].starts_with("my.ron:9:23: cards \"ok\" and \"d\" have the same English \"Hi\""),
        "{}",
        warnings[1]
    );
}

#[test]
fn a_card_may_name_a_recording_beside_the_deck_in_format_2() {
    let card = |audio: &str| {
        format!("        (id: \"t\", en: \"Hello!\", zh: \"你好！\", audio: \"{audio}\"),")
    };
    assert_eq!(
        errors(&deck2_with(&card("audio/hello.mp3"))),
        Vec::<String>::new()
    );
    let deck = deck::parse_str(&deck2_with(&card("hello.OGG")), "my.ron").unwrap();
    assert_eq!(deck.cards[1].audio.as_deref(), Some("hello.OGG"));
    // The fast reader and RON read it alike (the fast path declines a layout it does not know).
    let spaced = deck2_with(&card("a/b.wav")).replace("audio: ", "audio:   ");
    assert_eq!(
        deck::parse_str(&spaced, "my.ron").unwrap().cards[1]
            .audio
            .as_deref(),
        Some("a/b.wav")
    );
    assert_error(
        &deck_with(&card("hello.mp3")),
        7,
        51,
        "`audio` needs `format: 2`",
    );
    for (audio, needle) in [
        ("../outside.mp3", "must stay inside the deck's folder"),
        ("/etc/hello.mp3", "must stay inside the deck's folder"),
        ("a//b.mp3", "must stay inside the deck's folder"),
        ("C:/x/hello.mp3", "write the path with / between folders"),
        (
            "audio\\\\hello.mp3",
            "write the path with / between folders",
        ),
        ("hello.txt", "is not an .mp3, .ogg or .wav file"),
        ("", "audio is empty"),
        (" hello.mp3", "spaces at an end"),
    ] {
        assert_error(&deck2_with(&card(audio)), 7, 51, needle);
    }
    // One recording cannot say every variant of a template.
    assert_error(
        &deck2_with(
            "        (id: \"t\", en: \"Good {morning|evening}!\", zh: \"{早上|晚上}好！\", audio: \"g.mp3\"),",
        ),
        7,
        74,
        "cannot go with an English template",
    );
}
