//! Records and fields, split the way Anki's CSV reader splits them.

/// One field: its text, and the column (in characters) where it starts.
pub(super) struct Field {
    pub(super) text: String,
    pub(super) column: usize,
}

/// One record: its fields and the line it starts on.
pub(super) struct Row {
    pub(super) line: usize,
    pub(super) fields: Vec<Field>,
}

/// Splits `text`, which starts on line `first_line`, into records the way Anki's CSV reader does:
/// a `"` at the start of a field quotes it up to the next lone `"` (`""` is a quote), a line that
/// starts with `#` is a comment, and a record of blank fields is no note. A quote that is never
/// closed is an error at the quote: `(line, column)`.
pub(super) fn records(
    text: &str,
    first_line: usize,
    separator: char,
) -> Result<Vec<Row>, (usize, usize)> {
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (first_line, 1);
    while let Some(&c) = chars.peek() {
        if c == '#' || c == '\n' {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            line += 1;
            column = 1;
            continue;
        }
        let start_line = line;
        let mut fields = Vec::new();
        let mut field = Field {
            text: String::new(),
            column,
        };
        loop {
            if chars.peek() == Some(&'"') {
                let quote = (line, column);
                chars.next();
                column += 1;
                loop {
                    match chars.next() {
                        None => return Err(quote),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            column += 2;
                            field.text.push('"');
                        }
                        Some('"') => {
                            column += 1;
                            break;
                        }
                        Some('\n') => {
                            line += 1;
                            column = 1;
                            field.text.push('\n');
                        }
                        Some(c) => {
                            column += 1;
                            field.text.push(c);
                        }
                    }
                }
            }
            // Unquoted text, or what follows a closing quote, up to the separator or line end.
            while let Some(&c) = chars.peek() {
                if c == separator || c == '\n' {
                    break;
                }
                field.text.push(c);
                chars.next();
                column += 1;
            }
            match chars.next() {
                Some('\n') => {
                    fields.push(field);
                    line += 1;
                    column = 1;
                    break;
                }
                Some(_) => {
                    fields.push(field);
                    column += 1;
                    field = Field {
                        text: String::new(),
                        column,
                    };
                }
                None => {
                    fields.push(field);
                    break;
                }
            }
        }
        if fields.iter().any(|f| !f.text.trim().is_empty()) {
            rows.push(Row {
                line: start_line,
                fields,
            });
        }
    }
    Ok(rows)
}
