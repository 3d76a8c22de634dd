//! The header lines at the top of an Anki text export: `tags:`, `#separator:`, `#html:`,
//! `#columns:`, `#deck:` and the `#… column:` lines.

use super::ErrorAt;
use super::records::records;
use crate::deck::DeckError;

/// What the header lines at the top of the file say.
pub(super) struct Headers {
    pub(super) separator: char,
    pub(super) html: bool,
    /// 1-based columns of the note's GUID, note type, deck and tags.
    pub(super) guid_column: Option<usize>,
    pub(super) notetype_column: Option<usize>,
    pub(super) deck_column: Option<usize>,
    pub(super) tags_column: Option<usize>,
    /// The line of `#deck column:`, for a message about the decks it names.
    pub(super) deck_column_line: usize,
    /// `#columns:`, the columns' names.
    pub(super) labels: Vec<String>,
    /// `#deck:`, the deck of every note without a deck column.
    pub(super) deck: Option<String>,
    /// `tags:` or `#tags:`, tags for every note.
    pub(super) tags: Vec<String>,
    /// Where the notes start: a byte offset, and its line.
    pub(super) body: usize,
    pub(super) body_line: usize,
}

/// The separators Anki knows, by name.
pub(super) const SEPARATORS: [(&str, char); 6] = [
    ("tab", '\t'),
    ("pipe", '|'),
    ("semicolon", ';'),
    ("colon", ':'),
    ("comma", ','),
    ("space", ' '),
];

/// How a separator is shown in a message.
pub(super) fn shown(separator: char) -> String {
    match separator {
        '\t' => "<TAB>".into(),
        ' ' => "<SPACE>".into(),
        c => c.to_string(),
    }
}

/// Anki's reading of a non-free-form header value: a header line exported as a note may have
/// separators after the value (`#separator:Pipe,,,,`), so after the first character the value ends
/// at the first character that is not an ASCII letter or digit.
pub(super) fn header_value(value: &str) -> &str {
    let Some((second, _)) = value.char_indices().nth(1) else {
        return value;
    };
    match value[second..].find(|c: char| !c.is_ascii_alphanumeric()) {
        Some(end) => &value[..second + end],
        None => value,
    }
}

/// Reads the header block at the top of `text`: an optional `tags:` first line, then every line
/// that starts with `#`. Unknown keys are comments, as in Anki; a separator or column number that
/// cannot be read is an error at its line (Anki would silently guess).
pub(super) fn parse_headers(text: &str, error: &ErrorAt) -> (Headers, Vec<DeckError>) {
    let mut headers = Headers {
        separator: '\t',
        html: true,
        guid_column: None,
        notetype_column: None,
        deck_column: None,
        tags_column: None,
        deck_column_line: 1,
        labels: Vec::new(),
        deck: None,
        tags: Vec::new(),
        body: 0,
        body_line: 1,
    };
    let mut errors = Vec::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let content = line.strip_suffix('\n').unwrap_or(line);
        if index == 0
            && let Some(tags) = content.strip_prefix("tags:")
        {
            headers.tags = tags.split_whitespace().map(str::to_string).collect();
        } else if let Some(header) = content.strip_prefix('#') {
            let Some((key, value)) = header.split_once(':') else {
                // A comment.
                offset += line.len();
                headers.body_line = number + 1;
                continue;
            };
            let trimmed = header_value(value);
            let column = |name: &str| match trimmed.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Ok(Some(n)),
                _ => Err(error(
                    number,
                    1,
                    format!(
                        "the {name} column must be a number from 1, not {:?}",
                        value.trim()
                    ),
                )),
            };
            let result = match key.trim().to_ascii_lowercase().as_str() {
                "separator" => {
                    let named = trimmed.trim().to_ascii_lowercase();
                    match SEPARATORS
                        .iter()
                        .find(|(name, c)| named == *name || trimmed.chars().eq([*c]))
                    {
                        Some(&(_, c)) => {
                            headers.separator = c;
                            Ok(())
                        }
                        None => Err(error(
                            number,
                            1,
                            format!(
                                "unknown separator {:?}: use tab, comma, semicolon, pipe, space \
                                 or colon",
                                value.trim()
                            ),
                        )),
                    }
                }
                "html" => {
                    match trimmed.trim().to_ascii_lowercase().as_str() {
                        "true" => headers.html = true,
                        "false" => headers.html = false,
                        _ => {}
                    }
                    Ok(())
                }
                "tags" => {
                    headers.tags = value.split_whitespace().map(str::to_string).collect();
                    Ok(())
                }
                "columns" => {
                    headers.labels = match records(value, number, headers.separator) {
                        Ok(rows) => rows
                            .into_iter()
                            .next()
                            .map(|row| {
                                row.fields
                                    .into_iter()
                                    .map(|f| f.text.trim().to_string())
                                    .collect()
                            })
                            .unwrap_or_default(),
                        Err(_) => Vec::new(),
                    };
                    Ok(())
                }
                "deck" => {
                    let name = value.trim();
                    headers.deck = (!name.is_empty()).then(|| name.to_string());
                    Ok(())
                }
                "guid column" => column("GUID").map(|n| headers.guid_column = n),
                "notetype column" => column("note type").map(|n| headers.notetype_column = n),
                "deck column" => {
                    headers.deck_column_line = number;
                    column("deck").map(|n| headers.deck_column = n)
                }
                "tags column" => column("tags").map(|n| headers.tags_column = n),
                // `#notetype:`, `#match scope:`, `#if matches:` and any comment.
                _ => Ok(()),
            };
            if let Err(e) = result {
                errors.push(e);
            }
        } else {
            break;
        }
        offset += line.len();
        headers.body_line = number + 1;
    }
    headers.body = offset;
    (headers, errors)
}
