//! Positions in a learner's text files, and the one error type that carries them: every problem
//! in a deck or in `settings.ron` reads `origin:line:column: message`, the line and column 1-based
//! and counted in characters, as RON counts them.

use std::fmt;

/// A problem at a place in a learner's file (a deck, `settings.ron`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// The file, as the message names it.
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl FileError {
    /// A problem at byte `offset` of `text`.
    pub fn at(origin: &str, text: &str, offset: usize, message: impl Into<String>) -> FileError {
        let (line, column) = line_column(text, offset);
        FileError::at_line(origin, line, column, message)
    }

    /// A problem at a line and column already known (RON's own errors carry theirs).
    pub fn at_line(
        origin: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> FileError {
        FileError {
            origin: origin.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem with the whole file (too large, not UTF-8 text, unreadable): its first line.
    pub fn whole_file(origin: &str, message: impl Into<String>) -> FileError {
        FileError::at_line(origin, 1, 1, message)
    }

    /// RON's syntax error, where RON found it.
    pub fn from_ron(origin: &str, error: &ron::error::SpannedError) -> FileError {
        FileError::at_line(
            origin,
            error.span.start.line,
            error.span.start.col,
            error.code.to_string(),
        )
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.origin, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for FileError {}

/// 1-based line and column (in characters, as RON counts them) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).line_column(offset)
}

/// Where each line of a text starts, so many offsets get their line and column without
/// scanning the text from its start for each (a deck with ten thousand problems).
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, text[line_start..offset].chars().count() + 1)
    }
}

#[cfg(test)]
fn line_column_by_scanning(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_scanning_from_the_start() {
        let text = "Deck(\n  id: \"你好\",\n\n  name: \"é\"\n)";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 3 {
            assert_eq!(
                lines.line_column(offset),
                line_column_by_scanning(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "一二三\nab你c";
        assert_eq!(line_column(text, text.find('c').unwrap()), (2, 4));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(
            line_column(text, 1),
            (1, 1),
            "inside a character rounds down"
        );
    }

    #[test]
    fn an_error_reads_origin_line_column_message() {
        let text = "Deck(\n  id: \"你好\",";
        let error = FileError::at("d.ron", text, text.find('"').unwrap(), "bad");
        assert_eq!(error.to_string(), "d.ron:2:7: bad");
        assert_eq!(
            FileError::whole_file("d.ron", "empty").to_string(),
            "d.ron:1:1: empty"
        );
    }
}
