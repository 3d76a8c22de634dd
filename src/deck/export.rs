//! Writing a deck as RON laid out the way the built-in decks in `data/decks/` are written, so a
//! learner can open an imported or exported deck and edit it by hand: 4-space indents, `Deck(` and
//! unnamed card tuples `(`, one field per line, lists on one line, optional fields only when they
//! are there (no `Some(…)`), plain `"…"` strings that escape only what RON needs (`\"`, `\\`, and
//! `\n` in a paragraph), Chinese as written.
//!
//! The text is written by hand: ron's pretty printer names every card `Card(`, writes `Some(…)`,
//! escapes every `'` and puts each list item on its own line. What it does not do is check the
//! deck: a property test holds `parse_str(to_ron_string(d)) == d` for every valid deck, and RON's
//! own reading of the text equal to `d` for any text at all.

use std::fmt::Write as _;

use super::{Card, Deck};

/// The deck as RON, in the layout of the built-in decks.
pub fn to_ron_string(deck: &Deck) -> String {
    to_ron_with_card_lines(deck).0
}

/// [`to_ron_string`], and the 1-based line on which each card starts (its `(`), so a problem the
/// checker finds in the text can be traced back to the card.
pub(crate) fn to_ron_with_card_lines(deck: &Deck) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(256 + deck.cards.len() * 256);
    out.push_str("Deck(\n");
    let _ = writeln!(out, "    format: {},", deck.format);
    field(&mut out, 1, "id", &deck.id);
    field(&mut out, 1, "name", &deck.name);
    for (key, text) in [
        ("name_zh", &deck.name_zh),
        ("description", &deck.description),
        ("description_zh", &deck.description_zh),
    ] {
        if !text.is_empty() {
            field(&mut out, 1, key, text);
        }
    }
    let mut card_lines = Vec::with_capacity(deck.cards.len());
    if deck.cards.is_empty() {
        out.push_str("    cards: [],\n");
    } else {
        out.push_str("    cards: [\n");
        // Lines are counted as the text grows, so the whole costs one pass.
        let mut line = 1 + out.bytes().filter(|&b| b == b'\n').count();
        let mut counted = out.len();
        for card in &deck.cards {
            line += out.as_bytes()[counted..]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = out.len();
            card_lines.push(line);
            write_card(&mut out, card);
        }
        out.push_str("    ],\n");
    }
    out.push_str(")\n");
    (out, card_lines)
}

fn write_card(out: &mut String, card: &Card) {
    out.push_str("        (\n");
    field(out, 3, "id", &card.id);
    field(out, 3, "en", &card.en);
    field(out, 3, "zh", &card.zh);
    if let Some(situation) = &card.situation {
        field(out, 3, "situation", situation);
    }
    list(out, "also", &card.also);
    list(out, "replies", &card.replies);
    if let Some(notes) = &card.notes {
        field(out, 3, "notes", notes);
    }
    list(out, "tags", &card.tags);
    if let Some(audio) = &card.audio {
        field(out, 3, "audio", audio);
    }
    out.push_str("        ),\n");
}

/// `key: "text",` on its own line, `depth` levels in.
fn field(out: &mut String, depth: usize, key: &str, text: &str) {
    indent(out, depth);
    out.push_str(key);
    out.push_str(": ");
    string(out, text);
    out.push_str(",\n");
}

/// `key: ["a", "b"],` on one line, or nothing for an empty list.
fn list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    indent(out, 3);
    out.push_str(key);
    out.push_str(": [");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, item);
    }
    out.push_str("],\n");
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("    ");
    }
}

/// A RON string literal: `"` and `\` escaped, line ends as `\n` / `\r`, a tab as `\t`, any other
/// control character as `\u{…}` (a valid deck has none, but the text must still read back as
/// written). Everything else, quotes `'` and Chinese included, is written as it is.
fn string(out: &mut String, text: &str) {
    out.push('"');
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c == '"' || c == '\\' || c.is_control()) {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or_default();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: &str) -> Card {
        Card {
            id: id.into(),
            en: "Hi!".into(),
            zh: "你好！".into(),
            situation: None,
            also: vec![],
            replies: vec![],
            notes: None,
            tags: vec![],
            audio: None,
        }
    }

    #[test]
    fn a_cards_recording_is_written_last_and_reads_back() {
        let deck = Deck::new(
            "mine",
            "Mine",
            vec![Card {
                audio: Some("audio/hi.mp3".into()),
                ..card("hi")
            }],
        );
        let text = to_ron_string(&deck);
        assert!(
            text.contains("            audio: \"audio/hi.mp3\",\n        ),"),
            "{text}"
        );
        assert_eq!(crate::deck::parse_str(&text, "mine.ron").unwrap(), deck);
    }

    #[test]
    fn a_deck_is_written_like_the_built_in_decks() {
        let deck = Deck {
            format: 2,
            id: "cafe".into(),
            name: "At the café".into(),
            name_zh: String::new(),
            description: "Line one\nline \"two\"".into(),
            description_zh: String::new(),
            cards: vec![
                Card {
                    situation: Some("C:\\ and a tab\there".into()),
                    also: vec!["Hello!".into(), "Hey!".into()],
                    notes: Some("It's {fine}.".into()),
                    tags: vec!["casual".into()],
                    ..card("hi")
                },
                card("hey"),
            ],
        };
        let (text, lines) = to_ron_with_card_lines(&deck);
        assert_eq!(
            text,
            r#"Deck(
    format: 2,
    id: "cafe",
    name: "At the café",
    description: "Line one\nline \"two\"",
    cards: [
        (
            id: "hi",
            en: "Hi!",
            zh: "你好！",
            situation: "C:\\ and a tab\there",
            also: ["Hello!", "Hey!"],
            notes: "It's {fine}.",
            tags: ["casual"],
        ),
        (
            id: "hey",
            en: "Hi!",
            zh: "你好！",
        ),
    ],
)
"#
        );
        assert_eq!(lines, [7, 16], "each card's line is the line of its `(`");
        let text_lines: Vec<&str> = text.lines().collect();
        assert!(lines.iter().all(|&l| text_lines[l - 1] == "        ("));
    }

    #[test]
    fn an_empty_deck_and_control_characters_are_written_as_ron_reads_them() {
        let deck = Deck {
            format: 1,
            id: "x".into(),
            name: "bell \u{7} nul \u{0} del \u{7f}".into(),
            name_zh: String::new(),
            description: String::new(),
            description_zh: String::new(),
            cards: vec![],
        };
        let (text, lines) = to_ron_with_card_lines(&deck);
        assert!(lines.is_empty());
        assert!(
            text.contains(r#"name: "bell \u{7} nul \u{0} del \u{7f}","#),
            "{text}"
        );
        assert!(text.contains("    cards: [],\n"), "{text}");
        let back: Deck = ron::from_str(&text).unwrap();
        assert_eq!(back, deck);
    }
}
