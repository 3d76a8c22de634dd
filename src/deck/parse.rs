//! Reading a deck: RON syntax, then every semantic check, each problem reported as
//! `origin:line:column: message`. [`parse_str`] and [`parse_bytes`] take text, not files, so tests
//! and the fuzzer feed them directly.
//!
//! Limits keep a hostile or broken file from costing much: the file is at most 8 MiB (checked
//! before parsing, which bounds every allocation), at most 20,000 cards, a string at most 2,000
//! characters, a card at most 64 template variants, and RON's nesting limit of 128.

use std::collections::HashMap;
use std::fmt;

use super::locate::{Group, line_column, outline};
use super::model::{Card, Deck, FORMAT_VERSION};
use super::template::Template;
use super::is_valid_id;

pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_CARDS: usize = 20_000;
pub const MAX_STRING_CHARS: usize = 2_000;
pub const MAX_VARIANTS: usize = 64;

/// One problem in a deck file, with its 1-based line and column (in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for DeckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.origin, self.line, self.column, self.message)
    }
}

impl std::error::Error for DeckError {}

/// Parses a deck from bytes: checks the size and the UTF-8 first.
pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Deck, Vec<DeckError>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![too_large(origin, bytes.len())]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_str(text, origin),
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = line_column(prefix, prefix.len());
            Err(vec![DeckError {
                origin: origin.to_string(),
                line,
                column,
                message: "the file is not UTF-8 text (save it as UTF-8)".into(),
            }])
        }
    }
}

fn too_large(origin: &str, len: usize) -> DeckError {
    DeckError {
        origin: origin.to_string(),
        line: 1,
        column: 1,
        message: format!("the file is {len} bytes; a deck file may be at most {MAX_FILE_BYTES} (8 MiB)"),
    }
}

/// Parses and validates a deck; returns the deck, or every problem found.
pub fn parse_str(text: &str, origin: &str) -> Result<Deck, Vec<DeckError>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![too_large(origin, text.len())]);
    }
    // A byte-order mark from a Windows editor is not an error.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let deck: Deck = options.from_str(text).map_err(|err| {
        vec![DeckError {
            origin: origin.to_string(),
            line: err.span.start.line,
            column: err.span.start.col,
            message: err.code.to_string(),
        }]
    })?;
    let root = outline(text);
    let mut checker = Checker {
        text,
        origin,
        errors: Vec::new(),
    };
    checker.deck(&deck, root.children.first());
    if checker.errors.is_empty() {
        Ok(deck)
    } else {
        checker.errors.sort_by_key(|e| (e.line, e.column));
        Err(checker.errors)
    }
}

struct Checker<'a> {
    text: &'a str,
    origin: &'a str,
    errors: Vec<DeckError>,
}

/// What text a field may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// One line: ids, names, phrases, replies.
    Line,
    /// May span lines: notes, descriptions, situations.
    Paragraph,
}

impl Checker<'_> {
    fn error(&mut self, offset: usize, message: String) {
        let (line, column) = line_column(self.text, offset);
        self.errors.push(DeckError {
            origin: self.origin.to_string(),
            line,
            column,
            message,
        });
    }

    fn deck(&mut self, deck: &Deck, group: Option<&Group>) {
        let empty = Group::default();
        let group = group.unwrap_or(&empty);
        let at = |key: &str| group.value_of(key).unwrap_or(group.open);
        if deck.format != FORMAT_VERSION {
            self.error(
                at("format"),
                format!("unknown format {}; this talkdeck reads format {FORMAT_VERSION}", deck.format),
            );
        }
        if !is_valid_id(&deck.id) {
            self.error(at("id"), bad_id("deck id", &deck.id));
        }
        self.text_field(at("name"), "name", &deck.name, TextKind::Line, true);
        self.text_field(at("name_zh"), "name_zh", &deck.name_zh, TextKind::Line, false);
        self.text_field(at("description"), "description", &deck.description, TextKind::Paragraph, false);
        let cards_at = at("cards");
        if deck.cards.is_empty() {
            self.error(cards_at, "the deck has no cards".into());
        }
        if deck.cards.len() > MAX_CARDS {
            self.error(
                cards_at,
                format!("the deck has {} cards; a deck may have at most {MAX_CARDS}", deck.cards.len()),
            );
            return;
        }
        let list = group.group_of("cards");
        let mut first_use: HashMap<&str, usize> = HashMap::new();
        for (index, card) in deck.cards.iter().enumerate() {
            let card_group = list.and_then(|l| l.children.get(index));
            self.card(card, card_group.unwrap_or(&empty), cards_at, &mut first_use);
        }
    }

    fn card<'d>(
        &mut self,
        card: &'d Card,
        group: &Group,
        fallback: usize,
        first_use: &mut HashMap<&'d str, usize>,
    ) {
        let open = if group.open > 0 { group.open } else { fallback };
        let at = |key: &str| group.value_of(key).unwrap_or(open);
        if !is_valid_id(&card.id) {
            self.error(at("id"), bad_id("card id", &card.id));
        } else if let Some(&first) = first_use.get(card.id.as_str()) {
            let (line, _) = line_column(self.text, first);
            self.error(at("id"), format!("duplicate card id {:?} (first used on line {line})", card.id));
        } else {
            first_use.insert(&card.id, at("id"));
        }
        let en_ok = self.text_field(at("en"), "en", &card.en, TextKind::Line, true);
        let zh_ok = self.text_field(at("zh"), "zh", &card.zh, TextKind::Line, true);
        if let Some(situation) = &card.situation {
            self.text_field(at("situation"), "situation", situation, TextKind::Paragraph, true);
        }
        if let Some(notes) = &card.notes {
            self.text_field(at("notes"), "notes", notes, TextKind::Paragraph, true);
        }
        for reply in &card.replies {
            self.text_field(at("replies"), "replies", reply, TextKind::Line, true);
        }
        for tag in &card.tags {
            if !is_valid_id(tag) {
                self.error(at("tags"), bad_id("tag", tag));
            }
        }
        if en_ok && zh_ok {
            self.templates(card, at("en"), at("zh"));
        }
    }

    fn templates(&mut self, card: &Card, en_at: usize, zh_at: usize) {
        let parse = |checker: &mut Self, text: &str, at: usize, field: &str| match Template::parse(text) {
            Ok(template) => Some(template),
            Err(err) => {
                let offset = checker.offset_in_literal(at, err.offset);
                checker.error(offset, format!("{field}: {}", err.message));
                None
            }
        };
        let (Some(en), Some(zh)) = (parse(self, &card.en, en_at, "en"), parse(self, &card.zh, zh_at, "zh"))
        else {
            return;
        };
        if en.shape() != zh.shape() {
            self.error(
                zh_at,
                format!(
                    "zh's choice groups {:?} do not match en's {:?}: each {{…|…}} group needs a \
                     partner with as many alternatives, in the same order",
                    zh.shape(),
                    en.shape()
                ),
            );
        } else if en.n_variants() > MAX_VARIANTS {
            self.error(
                en_at,
                format!("{} variants; a card may have at most {MAX_VARIANTS}", en.n_variants()),
            );
        }
    }

    /// The byte offset of character `chars` inside the string literal at `at`, when the literal is
    /// a plain one-line `"…"` without escapes; else the literal's start.
    fn offset_in_literal(&self, at: usize, chars: usize) -> usize {
        let literal = &self.text[at.min(self.text.len())..];
        let Some(body) = literal.strip_prefix('"') else {
            return at;
        };
        let end = body.find('"').unwrap_or(body.len());
        if body[..end].contains(['\\', '\n']) {
            return at;
        }
        match body.char_indices().nth(chars) {
            Some((byte, _)) => at + 1 + byte,
            None => at,
        }
    }

    /// Checks one text field; returns whether it is usable.
    fn text_field(&mut self, at: usize, field: &str, text: &str, kind: TextKind, required: bool) -> bool {
        if required && text.trim().is_empty() {
            self.error(at, format!("{field} is empty"));
            return false;
        }
        let n_chars = text.chars().count();
        if n_chars > MAX_STRING_CHARS {
            self.error(
                at,
                format!("{field} is {n_chars} characters long; the most is {MAX_STRING_CHARS}"),
            );
            return false;
        }
        let forbidden = text.chars().find(|&c| {
            (c.is_control() && !(kind == TextKind::Paragraph && c == '\n'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        });
        if let Some(c) = forbidden {
            let what = if c.is_control() { "control character" } else { "bidirectional override" };
            self.error(at, format!("{field} contains a {what} (U+{:04X})", c as u32));
            return false;
        }
        true
    }
}

fn bad_id(what: &str, id: &str) -> String {
    format!("{what} {id:?} must be 1 to 64 of a-z, 0-9, '-' and '_'")
}

/// Line and column of the value of the deck's top-level `key` (1:1 when absent).
pub(crate) fn line_of_value(text: &str, key: &str) -> (usize, usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = outline(text);
    root.children
        .first()
        .and_then(|deck| deck.value_of(key))
        .map_or((1, 1), |at| line_column(text, at))
}
