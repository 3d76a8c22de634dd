//! Where things are in a RON file: a structural outline of its text, so that semantic errors (an
//! empty `zh` in a deck, a bad value in `settings.ron`) point at the exact line and column, as
//! RON's own syntax errors do.
//!
//! The outline knows brackets, `key:` names, strings (plain and raw), char literals and comments — no
//! more than it takes to find a card and its fields, or a setting. It is only read after RON has parsed the text,
//! so it can assume the text is well formed; on anything odd it still ends without panicking.

use std::ops::Range;

/// A bracketed value `( … )`, `[ … ]` or `{ … }` with the `key:` names directly inside it.
#[derive(Debug, Default)]
pub(crate) struct Group {
    /// Byte offset of the opening bracket (0 for the virtual root).
    pub open: usize,
    /// `key:` names at this level, in order.
    pub keys: Vec<Key>,
    pub children: Vec<Group>,
}

impl Group {
    /// The byte offset where the value of `key` starts.
    pub fn value_of(&self, key: &str) -> Option<usize> {
        self.key(key).map(|k| k.value)
    }

    /// The first `key:` of that name at this level.
    pub fn key(&self, key: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == key)
    }

    /// The bracketed value of `key`, if it is one (`cards: [ … ]`).
    pub fn group_of(&self, key: &str) -> Option<&Group> {
        let at = self.value_of(key)?;
        self.children
            .iter()
            .find(|g| g.open >= at && self.key_between(at, g.open).is_none())
    }

    fn key_between(&self, from: usize, to: usize) -> Option<usize> {
        self.keys
            .iter()
            .map(|k| k.value)
            .find(|&at| at > from && at < to)
    }
}

/// A `key:` name in a bracketed value.
#[derive(Debug)]
pub(crate) struct Key {
    pub name: String,
    /// Byte offset of the name.
    pub at: usize,
    /// Byte offset of the value after the colon.
    pub value: usize,
}

/// The first `key:` directly inside the file's top-level value (`Deck( … )`, `Settings( … )`).
pub(crate) fn top_level_key(text: &str, key: &str) -> Option<Key> {
    let top = outline(text).children.into_iter().next()?;
    top.keys.into_iter().find(|k| k.name == key)
}

/// Builds the outline of `text`; the returned root's children are the top-level values.
pub(crate) fn outline(text: &str) -> Group {
    outline_with_comments(text).0
}

/// [`outline`], and where each comment is (`// …` without its line end, `/* … */` whole), in order.
/// A `//` or `/*` inside a string or a char literal is not a comment.
pub(crate) fn outline_with_comments(text: &str) -> (Group, Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut stack: Vec<Group> = vec![Group::default()];
    let mut comments = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => i = skip_string(bytes, i + 1),
            b'\'' => i = skip_char(bytes, i + 1),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let start = i;
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                comments.push(start..i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                i = skip_block_comment(bytes, i + 2).min(bytes.len());
                comments.push(start..i);
            }
            b'(' | b'[' | b'{' => {
                stack.push(Group {
                    open: i,
                    ..Group::default()
                });
                i += 1;
            }
            b')' | b']' | b'}' => {
                if stack.len() > 1
                    && let Some(done) = stack.pop()
                    && let Some(parent) = stack.last_mut()
                {
                    parent.children.push(done);
                }
                i += 1;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && starts_raw_string(bytes, i + 1) =>
            {
                i = skip_raw_string(bytes, i + 1);
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if bytes.get(j) == Some(&b':') && bytes.get(j + 1) != Some(&b':') {
                    let mut value = j + 1;
                    while value < bytes.len() && bytes[value].is_ascii_whitespace() {
                        value += 1;
                    }
                    if let Some(group) = stack.last_mut() {
                        group.keys.push(Key {
                            name: text[start..i].to_string(),
                            at: start,
                            value,
                        });
                    }
                    i = j + 1;
                }
            }
            _ => i += 1,
        }
    }
    // Unclosed groups (only possible in text RON rejected) fold into their parents.
    while stack.len() > 1 {
        if let Some(done) = stack.pop()
            && let Some(parent) = stack.last_mut()
        {
            parent.children.push(done);
        }
    }
    (stack.pop().unwrap_or_default(), comments)
}

fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

fn skip_char(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1;
    while i < bytes.len() && depth > 0 {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    i
}

fn starts_raw_string(bytes: &[u8], mut i: usize) -> bool {
    while bytes.get(i) == Some(&b'#') {
        i += 1;
    }
    bytes.get(i) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], mut i: usize) -> usize {
    let mut hashes = 0;
    while bytes.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    i += 1; // the opening quote
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::line_column;

    #[test]
    fn finds_cards_and_their_fields_past_strings_and_comments() {
        let text = r##"// a deck
Deck(
    id: "x",  /* cards: ["fake"] */
    name: "a: (tricky) [string]",
    cards: [
        (id: "one", en: "Hi", zh: '你'),
        Card(id: "two", en: r#"raw "quoted" ]"#, zh: "二"),
    ],
)"##;
        let root = outline(text);
        let deck = &root.children[0];
        let keys: Vec<&str> = deck.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(keys, ["id", "name", "cards"]);
        let cards = deck.group_of("cards").unwrap();
        assert_eq!(cards.children.len(), 2);
        let second = &cards.children[1];
        let at = second.value_of("zh").unwrap();
        assert_eq!(&text[at..at + 5], "\"二\"");
        assert_eq!(line_column(text, at), (7, 54));
    }

    #[test]
    fn comments_are_found_but_not_inside_strings_and_chars() {
        let text = r##"// head
Deck( /* a /* nested */ one */
    name: "http://x /* not */", // tail
    raw: r#"// nor "this" /*"#, c: '/',
)"##;
        let (_, comments) = outline_with_comments(text);
        let found: Vec<&str> = comments.into_iter().map(|c| &text[c]).collect();
        assert_eq!(found, ["// head", "/* a /* nested */ one */", "// tail"]);
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "(((",
            ")))",
            "\"unterminated",
            "r#\"raw",
            "/* open",
            "a:",
            "'",
            "x //",
            "é /*",
        ] {
            let _ = outline(text);
        }
    }
}
