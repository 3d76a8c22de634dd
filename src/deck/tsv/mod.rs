//! Importing Anki's "Notes in Plain Text" export (and any text file Anki itself would import) as
//! new decks.
//!
//! The file is read the way Anki reads it (`rslib/src/import_export/text/csv/`): a byte-order mark
//! and CRLF are not text; an optional `tags:` first line, then `#key:value` header lines
//! (`#separator:` named or as the character, `#html:`, `#tags:`, `#columns:`, `#deck:`,
//! `#notetype:`, and `#guid column:`, `#notetype column:`, `#deck column:`, `#tags column:`); then
//! one note per record, fields quoted with `"` (doubled inside) when they hold a separator, a quote
//! or a line break; a `#` line between notes is a comment.
//!
//! What becomes of a note: the GUID, note type and deck columns are not card text. The front and
//! back are the first two other columns (or the columns named `Front` and `Back`); the tags column
//! is the one the header names, else the one named `Tags`, else the next column. HTML is stripped
//! (unless `#html:false`), `[sound:…]` references are dropped, and a line break (`<br>`, `<div>`, a
//! line end inside quotes) stays a line break: a side's first line is the card's text, its other
//! lines become the card's notes. The English side is the front unless most notes of a deck have
//! Chinese on the front and none on the back; then the sides are swapped, and the import says so.
//!
//! Each deck named in the deck column becomes its own deck, with an id made from its name. Card ids
//! are made from the English (`How's it going?` → `hows-it-going`); a repeated one gets `-2`, `-3`,
//! … in one pass, and the import lists them. What this module does not do: read files (the caller
//! reads through `crate::files`), or write anything.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use super::export::to_ron_with_card_lines;
use super::{Card, Deck, DeckError, FORMAT_VERSION, MAX_CARDS, is_valid_id, parse_str};
use crate::files::clean_text;

mod headers;
mod html;
mod records;

use headers::{Headers, parse_headers, shown};
use html::{Side, side};
use records::{Row, records};

/// The outcome of an import: the decks, and what the learner should be told about them.
#[derive(Clone, Debug, PartialEq)]
pub struct TsvImport {
    /// One deck, or one per deck named in the file's deck column.
    pub decks: Vec<Deck>,
    /// What the import did that the learner should know (sides swapped, repeated English, …).
    pub notes: Vec<String>,
}

/// A URL-safe id from English text: `How's it going?` → `hows-it-going`, `Café talk` →
/// `cafe-talk` (a letter with an accent counts as the letter); at most 48 characters. `card` when
/// the text has no Latin letters or digits.
pub fn slug(text: &str) -> String {
    slug_or(text, "card")
}

/// [`slug`], or `fallback` when the text has no Latin letters or digits (a Chinese name).
pub fn slug_or(text: &str, fallback: &str) -> String {
    match slug_part(text) {
        part if part.is_empty() => fallback.to_owned(),
        part => part,
    }
}

/// The id [`slug`] makes, empty when there is nothing to make it from.
fn slug_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().map(without_accent) {
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
    out.trim_matches('-').to_string()
}

/// The Latin letter under an accent (`é` → `e`, `Ç` → `C`); any other character as it is.
fn without_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'A',
        'ç' | 'č' => 'c',
        'Ç' | 'Č' => 'C',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ě' => 'E',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ǐ' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Ǐ' => 'I',
        'ñ' | 'ń' => 'n',
        'Ñ' | 'Ń' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ǒ' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ǒ' => 'O',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ǔ' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ǔ' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        other => other,
    }
}

/// A deck id from a deck or file name: `Small Talk::Work` → `small_talk_work`; `deck` when the
/// name has no Latin letters or digits.
fn deck_id(name: &str) -> String {
    if name.chars().any(|c| c.is_ascii_alphanumeric()) {
        slug(name).replace('-', "_")
    } else {
        "deck".into()
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Which columns hold what (1-based).
struct Columns {
    front: usize,
    back: usize,
    tags: Option<usize>,
    /// The GUID, note type, deck and tags columns.
    meta: HashSet<usize>,
}

impl Columns {
    fn new(headers: &Headers) -> Columns {
        let meta: HashSet<usize> = [
            headers.guid_column,
            headers.notetype_column,
            headers.deck_column,
            headers.tags_column,
        ]
        .into_iter()
        .flatten()
        .collect();
        let named = |name: &str| {
            headers
                .labels
                .iter()
                .position(|l| l.eq_ignore_ascii_case(name))
                .map(|i| i + 1)
                .filter(|c| !meta.contains(c))
        };
        let mut regular = (1..).filter(|c| !meta.contains(c));
        let (front, back) = match (named("front"), named("back")) {
            (Some(front), Some(back)) if front != back => (front, back),
            _ => (regular.next().unwrap_or(1), regular.next().unwrap_or(2)),
        };
        let tags = headers
            .tags_column
            .or_else(|| named("tags"))
            .or_else(|| (front.max(back) + 1..).find(|c| !meta.contains(c)));
        Columns {
            front,
            back,
            tags,
            meta,
        }
    }

    /// Whether column `c` is card text talkdeck keeps or a column Anki uses for itself.
    fn is_used(&self, c: usize) -> bool {
        c == self.front || c == self.back || Some(c) == self.tags || self.meta.contains(&c)
    }
}

/// Line numbers for a message: `3, 4, 9`, or the first few and how many.
fn line_list(lines: &[usize]) -> String {
    const SHOWN: usize = 8;
    let mut text = lines
        .iter()
        .take(SHOWN)
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if lines.len() > SHOWN {
        text.push_str(&format!(", … ({} lines)", lines.len()));
    }
    text
}

/// Card ids made unique in one pass: the first card with a base id gets it, later ones `base-2`,
/// `base-3`, …. Each base remembers the next number to try, so a try fails only on an id some
/// earlier card holds, at most once per id: n cards cost O(n) however many share their English
/// (20,000 alike used to cost 200 million tries).
struct UniqueIds {
    /// What goes between a base and its number: `-` for cards, `_` for decks.
    separator: char,
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl UniqueIds {
    fn new(separator: char) -> UniqueIds {
        UniqueIds {
            separator,
            used: HashSet::new(),
            next: HashMap::new(),
        }
    }

    fn make(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}{}{n}", self.separator);
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// A note ready to become a card, and the deck it goes to.
struct Note {
    line: usize,
    deck: Option<String>,
    front: Side,
    back: Side,
    tags: Vec<String>,
}

/// Builds a `DeckError` in the file being imported.
type ErrorAt<'a> = dyn Fn(usize, usize, String) -> DeckError + 'a;

/// The note a record holds, or what is wrong with it.
fn note(
    row: &Row,
    headers: &Headers,
    columns: &Columns,
    error: &ErrorAt,
) -> Result<Note, Vec<DeckError>> {
    let (Some(front), Some(back)) = (
        row.fields.get(columns.front - 1),
        row.fields.get(columns.back - 1),
    ) else {
        let n = row.fields.len();
        let fields = if n == 1 {
            "one field".into()
        } else {
            format!("{n} fields")
        };
        let message = if (columns.front, columns.back) == (1, 2) {
            format!(
                "expected front{}back: this note has {fields}",
                shown(headers.separator)
            )
        } else {
            format!(
                "expected the front in column {} and the back in column {}: this note has \
                 {fields}",
                columns.front, columns.back
            )
        };
        return Err(vec![error(row.line, 1, message)]);
    };
    let (front, back) = (side(front, headers.html), side(back, headers.html));
    let mut errors = Vec::new();
    for (what, side) in [("front", &front), ("back", &back)] {
        let message = if side.lines.is_empty() && side.media {
            format!("the {what} of this note is only a sound or a picture; a card needs text")
        } else if side.lines.is_empty() {
            format!("the {what} of this note is empty")
        } else if side.lines[0].contains(['{', '}']) {
            "braces are talkdeck's template syntax (and Anki cloze {{c1::…}} has no \
             equivalent); remove them"
                .into()
        } else {
            continue;
        };
        errors.push(error(row.line, side.column, message));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut tags: Vec<String> = Vec::new();
    let own_tags = columns
        .tags
        .and_then(|c| row.fields.get(c - 1))
        .map_or("", |f| f.text.as_str());
    for tag in headers
        .tags
        .iter()
        .map(String::as_str)
        .chain(own_tags.split_whitespace())
    {
        let tag = tag.replace("::", "-");
        if tag.chars().any(|c| c.is_ascii_alphanumeric()) && !tags.contains(&slug(&tag)) {
            tags.push(slug(&tag));
        }
    }
    let deck = headers
        .deck_column
        .and_then(|c| row.fields.get(c - 1))
        .map(|f| f.text.trim())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .or_else(|| headers.deck.clone());
    Ok(Note {
        line: row.line,
        deck,
        front,
        back,
        tags,
    })
}

/// The cards of one deck's notes, the line of each, and what the learner should be told.
struct Cards {
    cards: Vec<Card>,
    lines: Vec<usize>,
    notes: Vec<String>,
}

/// Turns one deck's notes into cards: the sides swapped if most fronts are Chinese, the lines
/// after a side's first one made notes, ids made from the English and numbered when repeated.
fn cards(notes: Vec<Note>, file_name: &str) -> Cards {
    let front_chinese = notes
        .iter()
        .filter(|n| n.front.lines[0].chars().any(is_cjk))
        .filter(|n| !n.back.lines[0].chars().any(is_cjk))
        .count();
    let swap = front_chinese * 2 > notes.len();
    let mut told = Vec::new();
    if swap {
        told.push("the front of most notes is Chinese: using the back as the English side".into());
    }
    let mut ids = UniqueIds::new('-');
    // The cards whose English makes each base id, in order of first use.
    let mut by_base: Vec<(String, Vec<usize>)> = Vec::new();
    let mut base_index: HashMap<String, usize> = HashMap::new();
    let mut multi_line = Vec::new();
    let mut cards = Vec::with_capacity(notes.len());
    let mut lines = Vec::with_capacity(notes.len());
    let mut unusable_sounds = Vec::new();
    for note in notes {
        // The English side's first sound is the card's recording, named as Anki names it;
        // where the file is, the importer finds out ([`super::import`]).
        let sound = if swap {
            note.back.sounds.first()
        } else {
            note.front.sounds.first()
        }
        .cloned();
        let audio = sound.filter(|name| match super::parse::audio_problem(name, false) {
            None if !name.contains('/') => true,
            _ => {
                unusable_sounds.push(name.clone());
                false
            }
        });
        let mut more: Vec<String> = Vec::new();
        let mut first_line = |side: Side| {
            let mut side_lines = side.lines.into_iter();
            let text = side_lines.next().unwrap_or_default();
            more.extend(side_lines);
            text
        };
        let (front, back) = (first_line(note.front), first_line(note.back));
        let (en, zh) = if swap { (back, front) } else { (front, back) };
        if !more.is_empty() {
            multi_line.push(note.line);
        }
        let base = slug(&en);
        let at = *base_index.entry(base.clone()).or_insert_with(|| {
            by_base.push((base.clone(), Vec::new()));
            by_base.len() - 1
        });
        by_base[at].1.push(cards.len());
        cards.push(Card {
            id: ids.make(base),
            en,
            zh,
            situation: None,
            also: Vec::new(),
            replies: Vec::new(),
            notes: (!more.is_empty()).then(|| more.join("\n")),
            tags: note.tags,
            audio,
        });
        lines.push(note.line);
    }
    if !unusable_sounds.is_empty() {
        told.push(format!(
            "only .mp3, .ogg and .wav recordings are kept; left out: {}",
            unusable_sounds.join(", ")
        ));
    }
    if !multi_line.is_empty() {
        told.push(format!(
            "{file_name}:{}: a side has more than one line; the first is the card's text, the \
             others became its notes",
            line_list(&multi_line)
        ));
    }
    let repeated: Vec<&(String, Vec<usize>)> =
        by_base.iter().filter(|(_, at)| at.len() > 1).collect();
    const LISTED: usize = 20;
    for (base, at) in repeated.iter().take(LISTED) {
        let first = &cards[at[0]].en;
        let what = if at.iter().all(|&i| cards[i].en == *first) {
            format!("the same English {first:?}")
        } else {
            format!("English that makes the same id {base:?}")
        };
        let ids: Vec<&str> = at.iter().map(|&i| cards[i].id.as_str()).collect();
        let ids = if ids.len() > 6 {
            format!(
                "{}, … {} ({} cards)",
                ids[..5].join(", "),
                ids[ids.len() - 1],
                ids.len()
            )
        } else {
            ids.join(", ")
        };
        let at_lines: Vec<usize> = at.iter().map(|&i| lines[i]).collect();
        told.push(format!(
            "{file_name}:{}: {what}: cards {ids}",
            line_list(&at_lines)
        ));
    }
    if repeated.len() > LISTED {
        told.push(format!(
            "and {} more English phrases that come more than once",
            repeated.len() - LISTED
        ));
    }
    Cards {
        cards,
        lines,
        notes: told,
    }
}

/// The checks a hand-written deck gets (lengths, control characters), run on the text the deck
/// is written as; each problem is traced back to the line of the note its card came from.
fn check(deck: &Deck, note_lines: &[usize], error: &ErrorAt, prefix: &str) -> Vec<DeckError> {
    let (text, card_lines) = to_ron_with_card_lines(deck);
    match parse_str(&text, "import") {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|e| match card_lines.partition_point(|&l| l <= e.line) {
                0 => error(
                    1,
                    1,
                    format!("{prefix}the deck made from this file: {}", e.message),
                ),
                n => error(
                    note_lines[n - 1],
                    1,
                    format!("the card made from this note: {}", e.message),
                ),
            })
            .collect(),
    }
}

/// Reads Anki plain text into new decks. `origin` is the file's name as the learner gave it: it
/// starts every message, and its stem names the deck when the file does not. `id` and `name`
/// (`--id`, `--name`) apply to a file that holds one deck. Every problem is reported with its
/// line; no note is dropped silently.
pub fn from_tsv(
    text: &str,
    origin: &str,
    id: Option<&str>,
    name: Option<&str>,
) -> Result<TsvImport, Vec<DeckError>> {
    let error = |line: usize, column: usize, message: String| {
        DeckError::at_line(origin, line, column, message)
    };
    let text = clean_text(text);
    let (headers, mut errors) = parse_headers(&text, &error);
    // With a separator or a column misread, every note would be wrong: the header comes first.
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(id) = id
        && !is_valid_id(id)
    {
        errors.push(error(
            1,
            1,
            format!("deck id {id:?} must be 1 to 64 of a-z, 0-9, '-' and '_' (use --id)"),
        ));
    }
    let rows = match records(&text[headers.body..], headers.body_line, headers.separator) {
        Ok(rows) => rows,
        Err((line, column)) => {
            errors.push(error(
                line,
                column,
                "a quoted field is not closed (it starts here)".into(),
            ));
            return Err(errors);
        }
    };
    let columns = Columns::new(&headers);

    // Notes grouped by deck, in the order the decks first appear.
    let mut groups: Vec<(Option<String>, Vec<Note>)> = Vec::new();
    let mut group_of: HashMap<Option<String>, usize> = HashMap::new();
    let mut unused_columns = BTreeSet::new();
    for row in &rows {
        match note(row, &headers, &columns, &error) {
            Ok(note) => {
                for (index, field) in row.fields.iter().enumerate() {
                    if !columns.is_used(index + 1) && !field.text.trim().is_empty() {
                        unused_columns.insert(index + 1);
                    }
                }
                let group = *group_of.entry(note.deck.clone()).or_insert_with(|| {
                    groups.push((note.deck.clone(), Vec::new()));
                    groups.len() - 1
                });
                groups[group].1.push(note);
            }
            Err(problems) => errors.extend(problems),
        }
    }

    let path = Path::new(origin);
    let stem = path
        .file_stem()
        .map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
    let file_name = path
        .file_name()
        .map_or_else(|| origin.to_string(), |s| s.to_string_lossy().into_owned());
    let several = groups.len() > 1;
    let mut notes = Vec::new();
    if several {
        let asked: Vec<&str> = [(id.is_some(), "--id"), (name.is_some(), "--name")]
            .into_iter()
            .filter_map(|(given, flag)| given.then_some(flag))
            .collect();
        if !asked.is_empty() {
            let names: Vec<String> = groups
                .iter()
                .take(5)
                .map(|(deck, _)| format!("{:?}", deck.as_deref().unwrap_or(&stem)))
                .collect();
            let more = if groups.len() > 5 { ", …" } else { "" };
            errors.push(error(
                headers.deck_column_line,
                1,
                format!(
                    "the deck column names {} decks ({}{more}), and each becomes its own deck with \
                     an id made from its name: leave out {}",
                    groups.len(),
                    names.join(", "),
                    asked.join(" and ")
                ),
            ));
        }
        notes.push(format!(
            "the deck column names {} decks: each became a talkdeck deck",
            groups.len()
        ));
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(error(1, 1, "no notes found".into()));
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.line, e.column));
        return Err(errors);
    }

    let mut decks = Vec::with_capacity(groups.len());
    let mut deck_ids = UniqueIds::new('_');
    for (deck_name, group) in groups {
        let (id, name) = if several {
            let name = deck_name.unwrap_or_else(|| stem.clone());
            (deck_ids.make(deck_id(&name)), name)
        } else {
            (
                id.map_or_else(|| deck_id(&stem), str::to_string),
                name.map(str::to_string)
                    .or(deck_name)
                    .unwrap_or_else(|| stem.clone()),
            )
        };
        let prefix = if several {
            format!("deck {id}: ")
        } else {
            String::new()
        };
        if group.len() > MAX_CARDS {
            errors.push(error(
                1,
                1,
                format!(
                    "{prefix}{} notes; a deck may have at most {MAX_CARDS}",
                    group.len()
                ),
            ));
            continue;
        }
        let made = cards(group, &file_name);
        notes.extend(made.notes.iter().map(|note| format!("{prefix}{note}")));
        let deck = Deck {
            format: FORMAT_VERSION,
            id,
            name,
            name_zh: String::new(),
            description: format!("Imported from {file_name}"),
            description_zh: String::new(),
            cards: made.cards,
        };
        let problems = check(&deck, &made.lines, &error, &prefix);
        if problems.is_empty() {
            decks.push(deck);
        }
        errors.extend(problems);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.line, e.column));
        return Err(errors);
    }
    if !unused_columns.is_empty() {
        let named: Vec<String> = unused_columns
            .iter()
            .map(
                |&c| match headers.labels.get(c - 1).filter(|l| !l.is_empty()) {
                    Some(label) => format!("{c} ({label})"),
                    None => c.to_string(),
                },
            )
            .collect();
        let (s, were) = if named.len() == 1 {
            ("", "was")
        } else {
            ("s", "were")
        };
        notes.push(format!(
            "column{s} {} {were} left out: a talkdeck card has English, Chinese and tags",
            named.join(", ")
        ));
    }
    Ok(TsvImport { decks, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(text: &str) -> TsvImport {
        from_tsv(text, "anki.txt", None, None).unwrap()
    }

    fn messages(text: &str) -> Vec<String> {
        from_tsv(text, "bad.txt", None, None)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("How's it going?"), "hows-it-going");
        assert_eq!(slug("  Is this seat taken?! "), "is-this-seat-taken");
        assert_eq!(slug("你好"), "card");
        assert_eq!(slug("Café talk"), "cafe-talk");
        assert_eq!(slug("Crème brûlée, señor?"), "creme-brulee-senor");
        assert!(slug(&"word ".repeat(40)).len() <= 48);
        assert!(is_valid_id(&slug(&"word ".repeat(40))));
        assert_eq!(deck_id("Small Talk::Work"), "small_talk_work");
        assert_eq!(deck_id("英语"), "deck");
    }

    /// A card's id, English, Chinese, notes and tags.
    type CardText<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Vec<String>);

    #[test]
    fn anki_plain_text_becomes_a_deck_with_unique_ids_and_tags() {
        let text = "#separator:tab\n#html:true\n#tags column:3\n\
                    How are you?\t你好吗？\tgreeting casual\n\
                    How are you?\t你怎么样？\n\
                    \"Tab\tinside\"\t\"quoted \"\"text\"\"<br>second line\"\tx::y\n\
                    Nice&nbsp;to <b>meet</b> you &amp; &lt;b&gt; &#20320;\t很高兴认识你\n";
        let import = import(text);
        let cards: Vec<CardText> = import.decks[0]
            .cards
            .iter()
            .map(|c| {
                let (id, en, zh) = (c.id.as_str(), c.en.as_str(), c.zh.as_str());
                (id, en, zh, c.notes.as_deref(), c.tags.clone())
            })
            .collect();
        assert_eq!(
            cards,
            [
                (
                    "how-are-you",
                    "How are you?",
                    "你好吗？",
                    None,
                    vec!["greeting".into(), "casual".into()]
                ),
                ("how-are-you-2", "How are you?", "你怎么样？", None, vec![]),
                (
                    "tab-inside",
                    "Tab inside",
                    "quoted \"text\"",
                    Some("second line"),
                    vec!["x-y".into()]
                ),
                (
                    "nice-to-meet-you-b",
                    "Nice to meet you & <b> 你",
                    "很高兴认识你",
                    None,
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn separators_are_read_by_name_or_as_the_character() {
        for (header, line) in [
            ("#separator:Comma", "Hi,你好"),
            ("#separator:,", "Hi,你好"),
            ("#separator:semicolon", "Hi;你好"),
            ("#separator:Pipe,,,,,", "Hi|你好"),
            ("#separator:|", "Hi|你好"),
            ("#separator:space", "Hi 你好"),
            ("#separator: ", "Hi 你好"),
            ("#separator:COLON", "Hi:你好"),
            ("#separator:\t", "Hi\t你好"),
            ("#separator:tab", "Hi\t你好"),
        ] {
            let import = import(&format!("{header}\n{line}\n"));
            let card = &import.decks[0].cards[0];
            assert_eq!(
                (card.en.as_str(), card.zh.as_str()),
                ("Hi", "你好"),
                "{header:?}"
            );
        }
        assert_eq!(
            messages("#separator:♥\nHi♥你好\n"),
            [
                "bad.txt:1:1: unknown separator \"♥\": use tab, comma, semicolon, pipe, space or colon"
            ]
        );
    }

    #[test]
    fn quoted_fields_hold_separators_quotes_and_line_breaks() {
        let text = "#separator:comma\n\"Well, hi\",\"他说\"\"嗨\"\"\nthen left\"\nnext,下一个\n";
        let import = import(text);
        let cards = &import.decks[0].cards;
        assert_eq!(cards[0].en, "Well, hi");
        assert_eq!(cards[0].zh, "他说\"嗨\"");
        assert_eq!(cards[0].notes.as_deref(), Some("then left"));
        assert_eq!(cards[1].en, "next");
    }

    #[test]
    fn an_unterminated_quote_is_an_error_where_it_opens() {
        assert_eq!(
            messages("Hi\t你好\n\n# comment\nBye\t\"再见\nThanks\t谢谢\n"),
            ["bad.txt:4:5: a quoted field is not closed (it starts here)"]
        );
        // A quote inside a field is text, as in Anki.
        let import = import("He said \"hi\"\t他说\"嗨\"\n");
        assert_eq!(import.decks[0].cards[0].en, "He said \"hi\"");
    }

    #[test]
    fn html_breaks_become_lines_without_stray_spaces() {
        let text = "Hi <br/> there\t<div>你好</div><div> 朋友 </div><p>&nbsp;</p>\n";
        let card = &import(text).decks[0].cards[0];
        assert_eq!(card.en, "Hi");
        assert_eq!(card.zh, "你好");
        assert_eq!(card.notes.as_deref(), Some("there\n朋友"));
        let text = "a < b <style>p {}</style><!-- x -->ok\t小于\n";
        assert_eq!(import(text).decks[0].cards[0].en, "a < b ok");
    }

    #[test]
    fn sounds_and_pictures_are_not_card_text() {
        let card =
            &import("[sound:hi.mp3]Hi [sound:x.mp3]\t<img src=\"a.png\">你好\n").decks[0].cards[0];
        assert_eq!((card.en.as_str(), card.zh.as_str()), ("Hi", "你好"));
        assert_eq!(
            messages("Hi\t[sound:ni_hao.mp3]\n"),
            ["bad.txt:1:4: the back of this note is only a sound or a picture; a card needs text"]
        );
    }

    #[test]
    fn html_false_keeps_angle_brackets_and_ampersands() {
        let card = &import("#html:false\n<b> & &amp;\t粗\n").decks[0].cards[0];
        assert_eq!(card.en, "<b> & &amp;");
    }

    #[test]
    fn chinese_fronts_are_swapped_and_said_so() {
        let import = import("你好\tHello\n谢谢\tThank you\n");
        assert_eq!(import.decks[0].cards[0].en, "Hello");
        assert_eq!(import.decks[0].cards[0].zh, "你好");
        assert_eq!(
            import.notes,
            ["the front of most notes is Chinese: using the back as the English side"]
        );
    }

    #[test]
    fn meta_columns_are_skipped_and_named_columns_found() {
        let text = "#separator:;\n#guid column:2\n#notetype column:1\n#deck column:4\n\
                    #columns:nt;guid;Back;deck;Front;Extra;Tags\nBasic;g1;你好;D;Hello;x;t1 t2\n";
        let import = import(text);
        let card = &import.decks[0].cards[0];
        assert_eq!((card.en.as_str(), card.zh.as_str()), ("Hello", "你好"));
        assert_eq!(card.tags, ["t1", "t2"]);
        assert_eq!(import.decks[0].name, "D");
        assert_eq!(
            import.notes,
            ["column 6 (Extra) was left out: a talkdeck card has English, Chinese and tags"]
        );
    }

    #[test]
    fn several_decks_get_ids_from_their_names() {
        let text = "#deck column:1\nA::B\tHi\t你好\n英语\tBye\t再见\nA-B\tYes\t是\nA::B\tNo\t不\n";
        let import = import(text);
        let decks: Vec<(&str, &str, usize)> = import
            .decks
            .iter()
            .map(|d| (d.id.as_str(), d.name.as_str(), d.cards.len()))
            .collect();
        assert_eq!(
            decks,
            [("a_b", "A::B", 2), ("deck", "英语", 1), ("a_b_2", "A-B", 1)]
        );
        let refused = from_tsv(text, "all.txt", None, Some("Mine")).unwrap_err();
        assert_eq!(
            refused[0].to_string(),
            "all.txt:1:1: the deck column names 3 decks (\"A::B\", \"英语\", \"A-B\"), and each \
             becomes its own deck with an id made from its name: leave out --name"
        );
    }

    #[test]
    fn the_old_tags_line_and_tags_header_tag_every_note() {
        let both = import("tags:old Shared\n#tags:new\nHi\t你好\tshared own\n");
        assert_eq!(both.decks[0].cards[0].tags, ["new", "shared", "own"]);
        let old = import("tags:old\nHi\t你好\n");
        assert_eq!(old.decks[0].cards[0].tags, ["old"]);
    }

    #[test]
    fn every_bad_note_is_reported_with_its_line() {
        let text = "# comment\ngood\t好\nlonely\n\t空\n{{c1::cloze}}\t完形\n";
        assert_eq!(
            messages(text),
            [
                "bad.txt:3:1: expected front<TAB>back: this note has one field",
                "bad.txt:4:1: the front of this note is empty",
                "bad.txt:5:1: braces are talkdeck's template syntax (and Anki cloze {{c1::…}} has \
                 no equivalent); remove them",
            ]
        );
        assert!(from_tsv("a\tb\n", "x", Some("Bad Id"), None).is_err());
        let long = format!("{}\t长\n", "word ".repeat(500));
        assert_eq!(
            messages(&format!("ok\t好\n{long}")),
            [
                "bad.txt:2:1: the card made from this note: en is 2499 characters long; the most is 2000"
            ]
        );
        assert_eq!(
            messages("# only a comment\n"),
            ["bad.txt:1:1: no notes found"]
        );
    }

    #[test]
    fn repeated_english_gets_numbered_ids_in_one_pass_and_is_listed() {
        // `a-2` is the English of a later note: the third "a" skips the id it already has.
        let text = "a\t一\na\t二\na 2\t三\na\t四\nA!\t五\n";
        let import = import(text);
        let ids: Vec<&str> = import.decks[0]
            .cards
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["a", "a-2", "a-2-2", "a-3", "a-4"]);
        assert_eq!(
            import.notes,
            ["anki.txt:1, 2, 4, 5: English that makes the same id \"a\": cards a, a-2, a-3, a-4"]
        );
    }

    #[test]
    fn ids_are_unique_and_stable_with_many_alike() {
        let many: String = (0..19_990)
            .map(|i| format!("How are you?\t你好{i}\n"))
            .collect();
        let first = import(&many);
        let ids: Vec<&str> = first.decks[0].cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 19_990);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 19_990, "unique");
        assert_eq!(ids[0], "how-are-you");
        assert_eq!(ids[19_989], "how-are-you-19990");
        assert_eq!(
            first.notes,
            [
                "anki.txt:1, 2, 3, 4, 5, 6, 7, 8, … (19990 lines): the same English \
                 \"How are you?\": cards how-are-you, how-are-you-2, how-are-you-3, \
                 how-are-you-4, how-are-you-5, … how-are-you-19990 (19990 cards)"
            ]
        );
        // Notes added at the end leave the earlier ids as they were.
        let more = import(&format!("{many}Fine.\t还行。\nHow are you?\t又一个\n"));
        let again: Vec<&str> = more.decks[0].cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(&again[..19_990], &ids[..]);
        assert_eq!(&again[19_990..], ["fine", "how-are-you-19991"]);
    }

    #[test]
    fn a_byte_order_mark_and_crlf_are_not_text() {
        let import = import("\u{feff}#separator:comma\r\nHi,\"你好\r\n朋友\"\r\n");
        let card = &import.decks[0].cards[0];
        assert_eq!(card.en, "Hi");
        assert_eq!(card.notes.as_deref(), Some("朋友"));
    }
}
