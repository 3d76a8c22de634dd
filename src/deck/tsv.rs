//! Importing Anki's "Notes in Plain Text" export: `front<TAB>back[<TAB>tags]` per note, `#` header
//! lines (`#separator:tab`, `#html:true`, `#tags column:3`) honoured or skipped, fields quoted with
//! `"` when they hold a separator or a newline. The result is a new deck with ids made from the English.
//!
//! The English side is the front unless most notes have Chinese on the front and none on the back;
//! then the sides are swapped, and the import says so.

use std::collections::HashSet;

use super::{
    Card, Deck, DeckError, FORMAT_VERSION, MAX_CARDS, is_valid_id, parse_str, to_ron_string,
};

/// The outcome of an import: the deck, and what the learner should be told about it.
#[derive(Clone, Debug, PartialEq)]
pub struct TsvImport {
    pub deck: Deck,
    pub notes: Vec<String>,
}

/// A URL-safe id from English text: `How's it going?` → `hows-it-going`; at most 48 characters.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            continue;
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "card".into() } else { out }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Removes HTML tags and decodes the few entities Anki writes; `<br>` and `<div>` become spaces.
fn strip_html(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => {
                let tag = rest[start + 1..start + end]
                    .trim_start_matches('/')
                    .to_ascii_lowercase();
                if tag.starts_with("br") || tag.starts_with("div") || tag.starts_with('p') {
                    out.push(' ');
                }
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One record: its fields and the line it starts on.
struct Row {
    line: usize,
    fields: Vec<String>,
}

/// Splits the text into records, honouring quotes; `#` lines before and between records are headers.
fn rows(text: &str, separator: char) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start_line = line;
        if chars.peek() == Some(&'#') {
            for c in chars.by_ref() {
                if c == '\n' {
                    line += 1;
                    break;
                }
            }
            continue;
        }
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut at_field_start = true;
        while let Some(c) = chars.next() {
            match c {
                '"' if at_field_start => quoted = true,
                '"' if quoted => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        fields.last_mut().into_iter().for_each(|f| f.push('"'));
                    } else {
                        quoted = false;
                    }
                }
                '\n' if !quoted => {
                    line += 1;
                    break;
                }
                '\r' if !quoted => {}
                c if c == separator && !quoted => {
                    fields.push(String::new());
                    at_field_start = true;
                    continue;
                }
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    fields.last_mut().into_iter().for_each(|f| f.push(c));
                }
            }
            at_field_start = false;
        }
        if fields.iter().any(|f| !f.trim().is_empty()) {
            rows.push(Row {
                line: start_line,
                fields,
            });
        }
    }
    rows
}

/// Reads Anki plain text into a new deck with id `id` and name `name`. Every problem is reported
/// with its line; no note is dropped silently.
pub fn from_tsv(
    text: &str,
    origin: &str,
    id: &str,
    name: &str,
) -> Result<TsvImport, Vec<DeckError>> {
    let error = |line: usize, message: String| DeckError {
        origin: origin.to_string(),
        line,
        column: 1,
        message,
    };
    let mut errors = Vec::new();
    if !is_valid_id(id) {
        errors.push(error(
            1,
            format!("deck id {id:?} must be 1 to 64 of a-z, 0-9, '-' and '_' (use --id)"),
        ));
    }
    let mut separator = '\t';
    let mut tags_column: usize = 3;
    for header in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(value) = header.strip_prefix("#separator:") {
            separator = match value.trim().to_ascii_lowercase().as_str() {
                "tab" => '\t',
                "comma" => ',',
                "semicolon" => ';',
                "pipe" => '|',
                "space" => ' ',
                "colon" => ':',
                other => {
                    errors.push(error(1, format!("unknown separator {other:?}")));
                    '\t'
                }
            };
        } else if let Some(value) = header.strip_prefix("#tags column:") {
            tags_column = value.trim().parse().unwrap_or(3);
        }
    }
    let rows = rows(text, separator);
    if rows.len() > MAX_CARDS {
        errors.push(error(
            1,
            format!("{} notes; a deck may have at most {MAX_CARDS}", rows.len()),
        ));
        return Err(errors);
    }
    let front_chinese = rows
        .iter()
        .filter(|r| r.fields.first().is_some_and(|f| f.chars().any(is_cjk)))
        .filter(|r| !r.fields.get(1).is_some_and(|f| f.chars().any(is_cjk)))
        .count();
    let swap = front_chinese * 2 > rows.len();
    let mut notes = Vec::new();
    if swap {
        notes.push("the front of most notes is Chinese: using the back as the English side".into());
    }
    let mut used = HashSet::new();
    let mut cards = Vec::new();
    for row in &rows {
        if row.fields.len() < 2 {
            errors.push(error(
                row.line,
                "expected front<TAB>back: this note has one field".into(),
            ));
            continue;
        }
        let (mut en, mut zh) = (strip_html(&row.fields[0]), strip_html(&row.fields[1]));
        if swap {
            std::mem::swap(&mut en, &mut zh);
        }
        if en.is_empty() || zh.is_empty() {
            errors.push(error(row.line, "a side of this note is empty".into()));
            continue;
        }
        if en.contains(['{', '}']) || zh.contains(['{', '}']) {
            errors.push(error(
                row.line,
                "braces are talkdeck's template syntax (and Anki cloze {{c1::…}} has no equivalent); \
                 remove them"
                    .into(),
            ));
            continue;
        }
        let base = slug(&en);
        let mut card_id = base.clone();
        let mut n = 2;
        while !used.insert(card_id.clone()) {
            card_id = format!("{base}-{n}");
            n += 1;
        }
        let tags = row
            .fields
            .get(tags_column.saturating_sub(1))
            .filter(|_| tags_column >= 3)
            .map(|t| {
                t.split_whitespace()
                    .map(|tag| slug(&tag.replace("::", "-")))
                    .filter(|tag| tag != "card")
                    .collect()
            })
            .unwrap_or_default();
        cards.push(Card {
            id: card_id,
            en,
            zh,
            situation: None,
            also: Vec::new(),
            replies: Vec::new(),
            notes: None,
            tags,
        });
    }
    if cards.is_empty() && errors.is_empty() {
        errors.push(error(1, "no notes found".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let deck = Deck {
        format: FORMAT_VERSION,
        id: id.to_string(),
        name: name.to_string(),
        name_zh: String::new(),
        description: format!("Imported from {origin}"),
        description_zh: String::new(),
        cards,
    };
    // The same checks as a hand-written deck (lengths, control characters), on the generated text.
    match parse_str(&to_ron_string(&deck), origin) {
        Ok(deck) => Ok(TsvImport { deck, notes }),
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| DeckError {
                message: format!("after conversion: {}", e.message),
                ..e
            })
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("How's it going?"), "hows-it-going");
        assert_eq!(slug("  Is this seat taken?! "), "is-this-seat-taken");
        assert_eq!(slug("你好"), "card");
        assert!(slug(&"word ".repeat(40)).len() <= 48);
        assert!(is_valid_id(&slug(&"word ".repeat(40))));
    }

    #[test]
    fn anki_plain_text_becomes_a_deck_with_unique_ids_and_tags() {
        let text = "#separator:tab\n#html:true\n#tags column:3\n\
                    How are you?\t你好吗？\tgreeting casual\n\
                    How are you?\t你怎么样？\n\
                    \"Tab\tinside\"\t\"quoted \"\"text\"\"<br>second line\"\tx::y\n\
                    Nice&nbsp;to <b>meet</b> you\t很高兴认识你\n";
        let import = from_tsv(text, "anki.txt", "anki", "Anki import").unwrap();
        let cards: Vec<(&str, &str, &str, Vec<String>)> = import
            .deck
            .cards
            .iter()
            .map(|c| (c.id.as_str(), c.en.as_str(), c.zh.as_str(), c.tags.clone()))
            .collect();
        assert_eq!(
            cards,
            [
                (
                    "how-are-you",
                    "How are you?",
                    "你好吗？",
                    vec!["greeting".into(), "casual".into()]
                ),
                ("how-are-you-2", "How are you?", "你怎么样？", vec![]),
                (
                    "tab-inside",
                    "Tab inside",
                    "quoted \"text\" second line",
                    vec!["x-y".into()]
                ),
                (
                    "nice-to-meet-you",
                    "Nice to meet you",
                    "很高兴认识你",
                    vec![]
                ),
            ]
            .map(|(a, b, c, d)| (a, b, c, d))
        );
        assert!(import.notes.is_empty());
    }

    #[test]
    fn chinese_fronts_are_swapped_and_said_so() {
        let text = "你好\tHello\n谢谢\tThank you\n";
        let import = from_tsv(text, "zh.txt", "zh-first", "ZH").unwrap();
        assert_eq!(import.deck.cards[0].en, "Hello");
        assert_eq!(import.deck.cards[0].zh, "你好");
        assert_eq!(import.notes.len(), 1);
    }

    #[test]
    fn every_bad_note_is_reported_with_its_line() {
        let text = "# comment\ngood\t好\nlonely\n\t空\n{{c1::cloze}}\t完形\n";
        let errors = from_tsv(text, "bad.txt", "bad", "Bad").unwrap_err();
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0].starts_with("bad.txt:3:1: expected front<TAB>back"),
            "{lines:#?}"
        );
        assert!(
            lines[1].starts_with("bad.txt:4:1: a side of this note is empty"),
            "{lines:#?}"
        );
        assert!(lines[2].starts_with("bad.txt:5:1: braces"), "{lines:#?}");
        assert!(from_tsv("a\tb\n", "x", "Bad Id", "x").is_err());
    }
}
