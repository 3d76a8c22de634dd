//! Reading a deck: RON syntax, then every semantic check, each problem reported as
//! `origin:line:column: message`. [`parse_str`] and [`parse_bytes`] take text, not files, so tests
//! and the fuzzer feed them directly.
//!
//! Limits keep a hostile or broken file from costing much: the file is at most 8 MiB (checked
//! before parsing, which bounds every allocation), at most 20,000 cards, a string at most 2,000
//! characters, a card at most 64 template variants, and RON's nesting limit of 128.

use std::collections::HashMap;

use super::is_valid_id;
use super::model::{Card, Deck, FORMAT_VERSION, OLDEST_FORMAT};
use super::template::Template;
use crate::files::{Group, Lines, line_column, outline, top_level_key};

pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_CARDS: usize = 20_000;
pub const MAX_STRING_CHARS: usize = 2_000;
pub const MAX_VARIANTS: usize = 64;

/// One problem in a deck file, with its 1-based line and column (in characters).
pub type DeckError = crate::files::FileError;

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
            Err(vec![DeckError::at(
                origin,
                prefix,
                prefix.len(),
                "the file is not UTF-8 text (save it as UTF-8)",
            )])
        }
    }
}

fn too_large(origin: &str, len: usize) -> DeckError {
    DeckError::whole_file(
        origin,
        format!("the file is {len} bytes; a deck file may be at most {MAX_FILE_BYTES} (8 MiB)"),
    )
}

/// Parses and validates a deck; returns the deck, or every problem found.
pub fn parse_str(text: &str, origin: &str) -> Result<Deck, Vec<DeckError>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![too_large(origin, text.len())]);
    }
    // A byte-order mark and CRLF line ends, as a Windows editor writes them, are not errors: a
    // multi-line string holds `\n` whatever the file's line ends were.
    let text = crate::files::clean_text(text);
    let text = text.as_ref();
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    // The fast reader handles the usual shape of a deck file; RON reads everything else and
    // reports every syntax error with its position.
    let parsed = match super::fast::parse(text) {
        Some(deck) => Ok(deck),
        None => options.from_str(text),
    };
    let deck: Deck = parsed.map_err(|err| vec![DeckError::from_ron(origin, &err)])?;
    let mut checker = Checker::default();
    checker.deck(&deck);
    if checker.issues.is_empty() {
        Ok(deck)
    } else {
        Err(resolve(text, origin, checker.issues))
    }
}

/// One problem the checker finds in a deck value, placed by field instead of by line and column:
/// what the deck editor shows beside the field. The checks and messages are [`parse_str`]'s (and so
/// `talkdeck check`'s); only the placing differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The card's index in `deck.cards`, or `None` for a field of the deck itself.
    pub card: Option<usize>,
    /// The field, as the file names it (`en`, `zh`, `replies`, `name`, `cards`, …).
    pub field: &'static str,
    pub message: String,
    /// What it says, for a message in another language ([`Said::Other`]: only `message`).
    pub said: Said,
}

/// What the commonest problems say, apart from their words: the editor says them in the learner's
/// language, while [`Said::english`] is exactly what `talkdeck check` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// A field that must have text has none.
    Empty,
    /// A field longer than [`MAX_STRING_CHARS`].
    TooLong {
        chars: usize,
    },
    /// A control character, or a bidirectional override (`control: false`).
    Forbidden {
        code: u32,
        control: bool,
    },
    /// An id or tag that is not 1 to 64 of `a-z 0-9 - _`.
    BadId {
        what: IdKind,
        id: String,
    },
    DuplicateId {
        id: String,
    },
    /// `zh`'s choice groups (their sizes) are not `en`'s.
    GroupsMismatch {
        zh: Vec<usize>,
        en: Vec<usize>,
    },
    /// More than [`MAX_VARIANTS`] variants.
    TooManyVariants {
        n: usize,
    },
    /// Anything else: the English message only.
    Other,
}

/// Which kind of id [`Said::BadId`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Deck,
    Card,
    Tag,
}

impl Said {
    /// The message `talkdeck check` gives, about `field` (the key as the file names it).
    pub fn english(&self, field: &str) -> String {
        match self {
            Said::Empty => format!("{field} is empty"),
            Said::TooLong { chars } => {
                format!("{field} is {chars} characters long; the most is {MAX_STRING_CHARS}")
            }
            Said::Forbidden { code, control } => {
                let what = if *control {
                    "control character"
                } else {
                    "bidirectional override"
                };
                format!("{field} contains a {what} (U+{code:04X})")
            }
            Said::BadId { what, id } => {
                let what = match what {
                    IdKind::Deck => "deck id",
                    IdKind::Card => "card id",
                    IdKind::Tag => "tag",
                };
                format!("{what} {id:?} must be 1 to 64 of a-z, 0-9, '-' and '_'")
            }
            Said::DuplicateId { id } => format!("duplicate card id {id:?}"),
            Said::GroupsMismatch { zh, en } => format!(
                "zh's choice groups {zh:?} do not match en's {en:?}: each {{…|…}} group needs a \
                 partner with as many alternatives, in the same order"
            ),
            Said::TooManyVariants { n } => {
                format!("{n} variants; a card may have at most {MAX_VARIANTS}")
            }
            Said::Other => String::new(),
        }
    }
}

/// Every problem in `deck`, in the order the checker finds them; empty for a deck that would load.
pub fn problems(deck: &Deck) -> Vec<Problem> {
    let mut checker = Checker::default();
    checker.deck(deck);
    checker
        .issues
        .into_iter()
        .map(|issue| {
            let (card, field) = match issue.place {
                Place::Deck(key) => (None, key),
                Place::Card { index, key, .. } => (Some(index), key),
            };
            let mut message = issue.message;
            if let Some(first) = issue.first_use {
                message.push_str(&format!(" (first used by card {})", first + 1));
            }
            Problem {
                card,
                field,
                message,
                said: issue.said,
            }
        })
        .collect()
}

/// What a deck author should look at in a deck that loads: two cards whose cue reads the same (the
/// same Chinese, or the same English, in any variant) in the same situation, so a learner cannot
/// tell which answer is wanted. Each is `origin:line:column: message` at the later card.
pub fn warnings(deck: &Deck, text: &str, origin: &str) -> Vec<DeckError> {
    use std::borrow::Cow;
    let text = crate::files::clean_text(text);
    let text = text.as_ref();
    // Each cue's reading, hashed rather than copied (a deck has tens of thousands of cues); a hash
    // shared with an earlier cue is confirmed by comparing the readings themselves.
    // (which side, the reading's hash, the situation) → the first card and its cue.
    type Seen<'d> = HashMap<(&'static str, u64, Option<&'d str>), (usize, Cow<'d, str>)>;
    let mut seen: Seen<'_> = HashMap::with_capacity(deck.cards.len() * 2);
    let mut issues = Vec::new();
    for (index, card) in deck.cards.iter().enumerate() {
        let situation = card.situation.as_deref().map(str::trim);
        let mut reported = false;
        let templated = card.en.contains('{') || card.zh.contains('{');
        let (en, zh) = if templated {
            // A valid deck's templates parse.
            let (Ok(en), Ok(zh)) = (Template::parse(&card.en), Template::parse(&card.zh)) else {
                continue;
            };
            (Some(en), Some(zh))
        } else {
            (None, None)
        };
        let n_variants = en.as_ref().map_or(1, |t| t.n_variants().max(1));
        for variant in 0..n_variants {
            fn cue<'c>(
                template: Option<&Template>,
                plain: &'c str,
                variant: usize,
            ) -> Cow<'c, str> {
                match template {
                    Some(t) => Cow::Owned(t.render(variant)),
                    None => Cow::Borrowed(plain),
                }
            }
            let cues = [
                ("zh", cue(zh.as_ref(), &card.zh, variant)),
                ("en", cue(en.as_ref(), &card.en, variant)),
            ];
            for (key, cue) in cues {
                let hash = reading_hash(&cue);
                let first = match seen.get(&(key, hash, situation)) {
                    Some((first, earlier)) if reading_key(earlier) == reading_key(&cue) => *first,
                    Some(_) => index,
                    None => {
                        seen.insert((key, hash, situation), (index, cue.clone()));
                        index
                    }
                };
                if first != index && !reported {
                    reported = true;
                    let other = &deck.cards[first].id;
                    issues.push(Issue {
                        place: Place::Card {
                            index,
                            key,
                            char: None,
                        },
                        message: format!(
                            "cards {other:?} and {:?} have the same {} {cue:?} and the same \
                             situation: a learner cannot tell which {} is wanted; add a hint to \
                             the situation, or make one card the other's `also`",
                            card.id,
                            if key == "zh" { "Chinese" } else { "English" },
                            if key == "zh" { "English" } else { "meaning" },
                        ),
                        said: Said::Other,
                        first_use: None,
                    });
                }
            }
        }
    }
    resolve(text, origin, issues)
}

/// A hash of [`reading_key`], without building it.
fn reading_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    for c in text.chars() {
        if c.is_ascii() {
            // The same as below for ASCII, without Unicode's tables.
            if c.is_ascii_alphanumeric() {
                hasher.write_u32(u32::from(c.to_ascii_lowercase()));
            }
        } else if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                hasher.write_u32(lower as u32);
            }
        }
    }
    hasher.finish()
}

/// What a cue reads as: its letters and digits (Chinese characters included), lower case, so
/// `嘿，最近怎么样？` and `嘿 最近怎么样` read the same. Punctuation, spaces and case do not count.
pub fn reading_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where a problem is, before it is given a line and column.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// The value of a top-level field of the deck.
    Deck(&'static str),
    /// The value of a field of card `index`; `char` is a character offset inside its string.
    Card {
        index: usize,
        key: &'static str,
        char: Option<usize>,
    },
}

#[derive(Debug)]
struct Issue {
    place: Place,
    message: String,
    said: Said,
    /// For a duplicate card id: the index of the card that used it first.
    first_use: Option<usize>,
}

/// Turns places into positions in `text`; only runs when there are problems to report.
fn resolve(text: &str, origin: &str, issues: Vec<Issue>) -> Vec<DeckError> {
    if issues.is_empty() {
        return Vec::new();
    }
    let root = outline(text);
    let lines = Lines::new(text);
    let empty = Group::default();
    let deck = root.children.first().unwrap_or(&empty);
    let cards_at = deck.value_of("cards").unwrap_or(deck.open);
    let list = deck.group_of("cards");
    let card_value = |index: usize, key: &str| -> usize {
        match list.and_then(|l| l.children.get(index)) {
            Some(card) => card.value_of(key).unwrap_or(card.open),
            None => cards_at,
        }
    };
    let mut errors: Vec<DeckError> = issues
        .into_iter()
        .map(|issue| {
            let offset = match issue.place {
                Place::Deck(key) => deck.value_of(key).unwrap_or(deck.open),
                Place::Card { index, key, char } => {
                    let at = card_value(index, key);
                    char.map_or(at, |c| offset_in_literal(text, at, c))
                }
            };
            let mut message = issue.message;
            if let Some(first) = issue.first_use {
                let (line, _) = lines.line_column(card_value(first, "id"));
                message.push_str(&format!(" (first used on line {line})"));
            }
            let (line, column) = lines.line_column(offset);
            DeckError::at_line(origin, line, column, message)
        })
        .collect();
    errors.sort_by_key(|e| (e.line, e.column));
    errors
}

/// The byte offset of character `chars` inside the string literal at `at`, when the literal is a
/// plain one-line `"…"` without escapes; else the literal's start.
fn offset_in_literal(text: &str, at: usize, chars: usize) -> usize {
    let literal = &text[at.min(text.len())..];
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

#[derive(Default)]
struct Checker {
    issues: Vec<Issue>,
}

/// What text a field may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// One line: ids, names, phrases, replies.
    Line,
    /// May span lines: notes, descriptions, situations.
    Paragraph,
}

impl Checker {
    fn issue(&mut self, place: Place, message: String) {
        self.issues.push(Issue {
            place,
            message,
            said: Said::Other,
            first_use: None,
        });
    }

    /// A problem the editor can say in either language.
    fn said(&mut self, place: Place, field: &str, said: Said) {
        self.issues.push(Issue {
            place,
            message: said.english(field),
            said,
            first_use: None,
        });
    }

    fn deck(&mut self, deck: &Deck) {
        if deck.format > FORMAT_VERSION {
            self.issue(
                Place::Deck("format"),
                format!(
                    "made by a newer talkdeck: format {}; this talkdeck reads formats \
                     {OLDEST_FORMAT} to {FORMAT_VERSION} (update talkdeck to use this deck)",
                    deck.format
                ),
            );
        } else if deck.format < OLDEST_FORMAT {
            self.issue(
                Place::Deck("format"),
                format!(
                    "unknown format {}; this talkdeck reads formats {OLDEST_FORMAT} to \
                     {FORMAT_VERSION}",
                    deck.format
                ),
            );
        }
        if !is_valid_id(&deck.id) {
            self.said(Place::Deck("id"), "id", bad_id(IdKind::Deck, &deck.id));
        }
        let deck_text = [
            ("name", &deck.name, TextKind::Line, true),
            ("name_zh", &deck.name_zh, TextKind::Line, false),
            ("description", &deck.description, TextKind::Paragraph, false),
            (
                "description_zh",
                &deck.description_zh,
                TextKind::Paragraph,
                false,
            ),
        ];
        for (key, text, kind, required) in deck_text {
            if let Some(said) = text_problem(text, kind, required) {
                self.said(Place::Deck(key), key, said);
            }
        }
        if deck.cards.is_empty() {
            self.issue(Place::Deck("cards"), "the deck has no cards".into());
        }
        if deck.cards.len() > MAX_CARDS {
            self.issue(
                Place::Deck("cards"),
                format!(
                    "the deck has {} cards; a deck may have at most {MAX_CARDS}",
                    deck.cards.len()
                ),
            );
            return;
        }
        if deck.format == 1 && !deck.description_zh.is_empty() {
            self.issue(
                Place::Deck("description_zh"),
                "`description_zh` needs `format: 2` at the top of the deck (this deck says format 1)"
                    .into(),
            );
        }
        let mut first_use: HashMap<&str, usize> = HashMap::with_capacity(deck.cards.len());
        for (index, card) in deck.cards.iter().enumerate() {
            self.card(index, card, &mut first_use);
            if deck.format == 1 && card.needs_format_2() {
                let key = if !card.also.is_empty() {
                    "also"
                } else if card.audio.is_some() {
                    "audio"
                } else {
                    "replies"
                };
                self.issue(
                    Place::Card {
                        index,
                        key,
                        char: None,
                    },
                    format!(
                        "{} needs `format: 2` at the top of the deck (this deck says format 1)",
                        match key {
                            "also" => "`also`",
                            "audio" => "`audio`",
                            _ => "a reply with choice groups",
                        }
                    ),
                );
            }
        }
    }

    fn card<'d>(&mut self, index: usize, card: &'d Card, first_use: &mut HashMap<&'d str, usize>) {
        let at = |key: &'static str| Place::Card {
            index,
            key,
            char: None,
        };
        if !is_valid_id(&card.id) {
            self.said(at("id"), "id", bad_id(IdKind::Card, &card.id));
        } else if let Some(&first) = first_use.get(card.id.as_str()) {
            self.issues.push(Issue {
                place: at("id"),
                message: Said::DuplicateId {
                    id: card.id.clone(),
                }
                .english("id"),
                said: Said::DuplicateId {
                    id: card.id.clone(),
                },
                first_use: Some(first),
            });
        } else {
            first_use.insert(&card.id, index);
        }
        let mut fields: Vec<(&'static str, &str, TextKind)> = vec![
            ("en", &card.en, TextKind::Line),
            ("zh", &card.zh, TextKind::Line),
        ];
        fields.extend(
            card.situation
                .as_deref()
                .map(|s| ("situation", s, TextKind::Paragraph)),
        );
        fields.extend(
            card.notes
                .as_deref()
                .map(|s| ("notes", s, TextKind::Paragraph)),
        );
        fields.extend(
            card.replies
                .iter()
                .map(|r| ("replies", r.as_str(), TextKind::Line)),
        );
        fields.extend(
            card.also
                .iter()
                .map(|a| ("also", a.as_str(), TextKind::Line)),
        );
        let mut phrases_ok = true;
        for (key, text, kind) in fields {
            if let Some(said) = text_problem(text, kind, true) {
                phrases_ok &= !matches!(key, "en" | "zh" | "replies" | "also");
                self.said(at(key), key, said);
            }
        }
        for tag in &card.tags {
            if !is_valid_id(tag) {
                self.said(at("tags"), "tags", bad_id(IdKind::Tag, tag));
            }
        }
        let has_groups = |t: &str| t.contains(['{', '}']);
        if let Some(audio) = &card.audio
            && let Some(problem) = audio_problem(audio, has_groups(&card.en))
        {
            self.issue(at("audio"), problem);
        }
        let followers = card.replies.iter().chain(&card.also);
        if phrases_ok
            && (has_groups(&card.en)
                || has_groups(&card.zh)
                || followers.clone().any(|t| has_groups(t)))
        {
            self.templates(index, card);
        }
    }

    fn templates(&mut self, index: usize, card: &Card) {
        let parsed = |checker: &mut Self, key: &'static str, text: &str| match Template::parse(text)
        {
            Ok(template) => Some(template),
            Err(err) => {
                let place = Place::Card {
                    index,
                    key,
                    char: Some(err.offset),
                };
                checker.issue(place, format!("{key}: {}", err.message));
                None
            }
        };
        let (Some(en), Some(zh)) = (parsed(self, "en", &card.en), parsed(self, "zh", &card.zh))
        else {
            return;
        };
        let at = |key| Place::Card {
            index,
            key,
            char: None,
        };
        if en.shape() != zh.shape() {
            self.said(
                at("zh"),
                "zh",
                Said::GroupsMismatch {
                    zh: zh.shape(),
                    en: en.shape(),
                },
            );
        } else if en.n_variants() > MAX_VARIANTS {
            self.said(at("en"), "en", Said::TooManyVariants { n: en.n_variants() });
        }
        // A reply or another way to say it follows the variant shown: it has no groups, or
        // exactly en's.
        let followers = [("replies", &card.replies), ("also", &card.also)];
        for (key, texts) in followers {
            for text in texts.iter() {
                let Some(template) = parsed(self, key, text) else {
                    continue;
                };
                let shape = template.shape();
                if !shape.is_empty() && shape != en.shape() {
                    self.issue(
                        at(key),
                        format!(
                            "{key} {text:?} has choice groups {shape:?} but en has {:?}: a {} \
                             follows the variant shown, so it has no groups or exactly en's",
                            en.shape(),
                            if key == "also" {
                                "other way to say it"
                            } else {
                                "reply"
                            }
                        ),
                    );
                }
            }
        }
    }
}

/// The sound files a card's `audio` may name.
pub const AUDIO_EXTENSIONS: [&str; 3] = ["mp3", "ogg", "wav"];

/// What is wrong with a card's `audio`, if anything: it names a file beside the deck (a path
/// relative to the deck's folder, with `/` between folders, that never leaves it), an MP3, OGG or
/// WAV file; and one recording cannot say every variant of a template.
pub fn audio_problem(audio: &str, en_has_groups: bool) -> Option<String> {
    let path = audio.trim();
    let leaves = path.split('/').any(|part| part == ".." || part.is_empty());
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if path.is_empty() {
        Some("audio is empty: name a sound file beside the deck, or leave the field out".into())
    } else if path != audio || path.contains(|c: char| c.is_control()) {
        Some(format!(
            "audio {audio:?} has spaces at an end or control characters"
        ))
    } else if path.contains('\\') || path.contains(':') {
        Some(format!(
            "audio {audio:?}: write the path with / between folders, relative to the deck file"
        ))
    } else if leaves {
        Some(format!(
            "audio {audio:?} must stay inside the deck's folder (no leading /, no .., no //)"
        ))
    } else if !AUDIO_EXTENSIONS.contains(&extension.as_str()) {
        Some(format!("audio {audio:?} is not an .mp3, .ogg or .wav file"))
    } else if en_has_groups {
        Some(format!(
            "audio {audio:?} cannot go with an English template: one recording cannot say every variant"
        ))
    } else {
        None
    }
}

/// What is wrong with one text field, if anything.
fn text_problem(text: &str, kind: TextKind, required: bool) -> Option<Said> {
    if required && text.trim().is_empty() {
        return Some(Said::Empty);
    }
    let allowed_newline = kind == TextKind::Paragraph;
    let (n_chars, forbidden) = if text.is_ascii() {
        // The common case for English text: one pass over bytes.
        let bad = text
            .bytes()
            .find(|&b| (b < 0x20 && !(allowed_newline && b == b'\n')) || b == 0x7f)
            .map(char::from);
        (text.len(), bad)
    } else {
        let bad = text.chars().find(|&c| {
            (c.is_control() && !(allowed_newline && c == '\n'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        });
        (text.chars().count(), bad)
    };
    if n_chars > MAX_STRING_CHARS {
        return Some(Said::TooLong { chars: n_chars });
    }
    forbidden.map(|c| Said::Forbidden {
        code: c as u32,
        control: c.is_control(),
    })
}

fn bad_id(what: IdKind, id: &str) -> Said {
    Said::BadId {
        what,
        id: id.to_owned(),
    }
}

/// Line and column of the value of the deck's top-level `key` (1:1 when absent).
pub(crate) fn line_of_value(text: &str, key: &str) -> (usize, usize) {
    let text = crate::files::clean_text(text);
    let text = text.as_ref();
    top_level_key(text, key).map_or((1, 1), |key| line_column(text, key.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The editor's problems are the file checker's, field by field, with the same messages.
    #[test]
    fn problems_name_the_field_and_say_what_check_says() {
        let card = Card::new;
        let deck = Deck::new(
            "mine",
            "Mine",
            vec![
                card("hi", "Good {morning|evening}!", "{早上|下午|晚上}好！"),
                card("hi", "Hi!", " "),
            ],
        );
        let found = problems(&deck);
        let placed: Vec<(Option<usize>, &str)> = found.iter().map(|p| (p.card, p.field)).collect();
        assert_eq!(placed, [(Some(0), "zh"), (Some(1), "id"), (Some(1), "zh")]);
        assert_eq!(
            found[1].message,
            "duplicate card id \"hi\" (first used by card 1)"
        );
        let text = crate::deck::to_ron_string(&deck);
        let checked: Vec<String> = parse_str(&text, "mine.ron")
            .unwrap_err()
            .into_iter()
            .map(|e| e.message)
            .collect();
        for problem in [&found[0], &found[2]] {
            assert!(checked.contains(&problem.message), "{checked:#?}");
        }
        assert_eq!(
            problems(&Deck {
                cards: vec![],
                ..deck
            })
            .len(),
            1,
            "no cards"
        );
    }

    proptest::proptest! {
        /// Texts that read the same hash the same, so the hash never hides a repeated cue.
        #[test]
        fn the_reading_hash_follows_the_reading(
            text in "[A-Za-zÉé0-9 ,.!?'你好嘿最近怎么样ＡＢ１，。！]{0,24}",
            noise in "[ ,.!?，。！]{0,4}",
        ) {
            let louder = format!("{noise}{}{noise}", text.to_uppercase());
            proptest::prop_assert_eq!(reading_key(&text), reading_key(&louder));
            proptest::prop_assert_eq!(reading_hash(&text), reading_hash(&louder));
            proptest::prop_assert_eq!(
                reading_hash(&text),
                reading_hash(&reading_key(&text)),
                "the hash of a text is the hash of its reading"
            );
        }
    }
}
