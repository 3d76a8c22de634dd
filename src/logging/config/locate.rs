//! Where things are in a config file's text, for error positions: an outline of every quoted string
//! and every field name, each with the path of keys it stands under (`handlers` → `"file"` → `kind`
//! → `handlers`), so that an error about a handler points at that handler even when the same name
//! is also a formatter's, a filter's or a word in a comment.

/// One string or field name in the text.
#[derive(Debug)]
struct Token {
    /// Byte offset of the token (of its opening quote, for a string).
    offset: usize,
    /// The text as written (between the quotes, for a string).
    text: String,
    /// The keys it stands under; a value also stands under the key it is the value of.
    path: Vec<String>,
    /// Whether it is a key (followed by `:`) rather than a value.
    is_key: bool,
}

/// The strings and keys of a config text, in order.
#[derive(Debug)]
pub(super) struct Outline<'a> {
    text: &'a str,
    tokens: Vec<Token>,
}

/// A nesting level: the keys above it and the key whose value is being read in it.
struct Frame {
    path: Vec<String>,
    key: Option<String>,
}

impl Frame {
    /// The path of a value read now in this frame.
    fn value_path(&self) -> Vec<String> {
        let mut path = self.path.clone();
        path.extend(self.key.clone());
        path
    }
}

impl<'a> Outline<'a> {
    /// Outlines `text`. Text that is not valid RON is outlined as far as it goes; RON's own parser
    /// reports its errors.
    pub(super) fn new(text: &'a str) -> Outline<'a> {
        let bytes = text.as_bytes();
        let mut tokens = Vec::new();
        let mut frames = vec![Frame {
            path: Vec::new(),
            key: None,
        }];
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            let word = match bytes[i] {
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = text[i + 2..]
                        .find("*/")
                        .map_or(bytes.len(), |n| i + 2 + n + 2);
                    continue;
                }
                b'"' => {
                    let (content, end) = quoted(text, i + 1, "\"");
                    i = end;
                    Some(content)
                }
                b'r' if raw_start(bytes, i).is_some() => {
                    let (hashes, open) = raw_start(bytes, i).unwrap_or((0, i));
                    let close = format!("\"{}", "#".repeat(hashes));
                    let content_start = open + 1;
                    let end = text[content_start..]
                        .find(&close)
                        .map_or(bytes.len(), |n| content_start + n);
                    i = (end + close.len()).min(bytes.len());
                    Some(&text[content_start..end])
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    Some(&text[start..i])
                }
                b'(' | b'[' | b'{' => {
                    let path = frames.last().map(Frame::value_path).unwrap_or_default();
                    frames.push(Frame { path, key: None });
                    i += 1;
                    continue;
                }
                b')' | b']' | b'}' => {
                    if frames.len() > 1 {
                        frames.pop();
                    }
                    i += 1;
                    continue;
                }
                b',' => {
                    if let Some(frame) = frames.last_mut() {
                        frame.key = None;
                    }
                    i += 1;
                    continue;
                }
                _ => {
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
            };
            let (Some(word), Some(frame)) = (word, frames.last_mut()) else {
                continue;
            };
            let after = skip_space(text, i);
            let is_key = bytes.get(after) == Some(&b':') && bytes.get(after + 1) != Some(&b':');
            let path = if is_key {
                frame.key = Some(word.to_string());
                i = after + 1;
                frame.path.clone()
            } else {
                frame.value_path()
            };
            tokens.push(Token {
                offset: start,
                text: word.to_string(),
                path,
                is_key,
            });
        }
        Outline { text, tokens }
    }

    /// Line and column of the key `name` under `path`: `key(&["handlers"], "file")`.
    pub(super) fn key(&self, path: &[&str], name: &str) -> Option<(usize, usize)> {
        self.find(path, name, true)
            .map(|t| position(self.text, t.offset))
    }

    /// Line and column of the value `value` under `path`: `value(&["root", "handlers"], "file")`.
    pub(super) fn value(&self, path: &[&str], value: &str) -> Option<(usize, usize)> {
        self.find(path, value, false)
            .map(|t| position(self.text, t.offset))
    }

    /// Line and column of the character at `offset` (in bytes) inside the string `value` under
    /// `path`, if the string is written without escapes (else the offset would not be the text's).
    pub(super) fn inside_value(
        &self,
        path: &[&str],
        value: &str,
        offset: usize,
    ) -> Option<(usize, usize)> {
        let token = self.find(path, value, false)?;
        let quote = self.text.as_bytes().get(token.offset) == Some(&b'"');
        quote.then(|| position(self.text, token.offset + 1 + offset))
    }

    fn find(&self, path: &[&str], text: &str, is_key: bool) -> Option<&Token> {
        self.tokens.iter().find(|t| {
            t.is_key == is_key
                && t.text == text
                && t.path.iter().map(String::as_str).eq(path.iter().copied())
        })
    }
}

/// The content of a string whose text starts at `from`, and the offset after its closing quote.
fn quoted<'t>(text: &'t str, from: usize, close: &str) -> (&'t str, usize) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            _ if bytes[i..].starts_with(close.as_bytes()) => {
                return (&text[from..i], i + close.len());
            }
            _ => i += 1,
        }
    }
    (&text[from..], bytes.len())
}

/// For a raw string `r#"…"#` at `at`: how many `#` and the offset of its opening quote.
fn raw_start(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let hashes = bytes[at + 1..].iter().take_while(|&&b| b == b'#').count();
    let quote = at + 1 + hashes;
    let standalone = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
    (standalone && bytes.get(quote) == Some(&b'"')).then_some((hashes, quote))
}

/// The offset of the first character at or after `from` that is not white space or a comment.
fn skip_space(text: &str, mut from: usize) -> usize {
    loop {
        let rest = &text[from..];
        let trimmed = rest.trim_start();
        from += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            from += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if let Some(comment) = trimmed.strip_prefix("/*") {
            from += comment.find("*/").map_or(trimmed.len(), |n| n + 4);
        } else {
            return from;
        }
    }
}

/// Line and column (1-based, the column in characters) of the byte at `offset`.
pub(super) fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
