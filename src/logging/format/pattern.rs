//! Patterns: parsing `{asctime} {levelname:<9} {name} {message}` once into segments — literal
//! text and fields with Python's conversion (`!r`) and format spec (`:<9`) — and refusing Python's
//! `%`- and `$`-style fields with the brace form to write instead. What a field writes is the
//! formatter's business ([`super::Formatter`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::FormatError;

#[derive(Clone, Debug)]
pub(super) enum Segment {
    Literal(Box<str>),
    Field(FieldKind, Conversion, Spec),
}

/// Python's `!r`, `!s` and `!a` after a field name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Conversion {
    /// None, or `!s`: the value as it is.
    None,
    /// `!r`: text in quotes with escapes, as Python's `repr`; numbers unchanged.
    Repr,
    /// `!a`: `!r` with every non-ASCII character escaped too.
    Ascii,
}

#[derive(Clone, Debug)]
pub(super) enum FieldKind {
    Asctime,
    Msecs,
    Created,
    LevelName,
    LevelNo,
    Severity,
    Name,
    Message,
    Module,
    FileName,
    PathName,
    LineNo,
    Thread,
    ThreadName,
    Process,
    /// All key–value fields as `k=v k2=v2`.
    Fields,
    /// One key–value field by name; empty when the record lacks it, which is reported once.
    Kv(Arc<KvField>),
}

/// A pattern's key–value field, and whether a record without it has been reported.
#[derive(Debug)]
pub(super) struct KvField {
    pub(super) key: Box<str>,
    pub(super) reported: AtomicBool,
}

/// The standard fields, for "did you mean" hints.
pub(super) const STANDARD_FIELDS: [&str; 16] = [
    "asctime",
    "msecs",
    "created",
    "levelname",
    "levelno",
    "severity",
    "name",
    "message",
    "module",
    "filename",
    "pathname",
    "lineno",
    "thread",
    "threadName",
    "process",
    "fields",
];

impl KvField {
    /// Says once on stderr that a record lacks this field (Python reports a `KeyError` through
    /// `handleError` on every such record and drops it; the line is written here, the field
    /// empty). A misspelt standard field such as `{levelnmae}` shows up this way.
    pub(super) fn report_missing(&self, logger: &str) {
        if self.reported.swap(true, Ordering::Relaxed) {
            return;
        }
        let hint = STANDARD_FIELDS
            .iter()
            .find(|name| edit_distance(name, &self.key) <= 2)
            .map(|name| format!(" (did you mean {{{name}}}?)"))
            .unwrap_or_default();
        eprintln!(
            "{} logging: format field {{{}}} is not a record field and a record from {} \
             has no field of that name{hint}; it is left empty (reported once)",
            crate::logging::Registry::global().program_name(),
            self.key,
            logger.escape_debug()
        );
    }
}

/// Levenshtein distance in characters; the names compared are short.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

impl FieldKind {
    pub(super) fn parse(name: &str) -> FieldKind {
        match name {
            "asctime" => FieldKind::Asctime,
            "msecs" => FieldKind::Msecs,
            "created" => FieldKind::Created,
            "levelname" => FieldKind::LevelName,
            "levelno" => FieldKind::LevelNo,
            "severity" => FieldKind::Severity,
            "name" => FieldKind::Name,
            "message" => FieldKind::Message,
            "module" => FieldKind::Module,
            "filename" => FieldKind::FileName,
            "pathname" => FieldKind::PathName,
            "lineno" => FieldKind::LineNo,
            "thread" => FieldKind::Thread,
            "threadName" => FieldKind::ThreadName,
            "process" => FieldKind::Process,
            "fields" => FieldKind::Fields,
            other => FieldKind::Kv(Arc::new(KvField {
                key: other.into(),
                reported: AtomicBool::new(false),
            })),
        }
    }

    /// Whether the field is always text: `=` alignment, which pads after a sign, makes no sense
    /// for it. (A key–value field's type is known only when a record has it.)
    pub(super) fn is_text(&self) -> bool {
        matches!(
            self,
            FieldKind::Asctime
                | FieldKind::LevelName
                | FieldKind::Name
                | FieldKind::Message
                | FieldKind::Module
                | FieldKind::FileName
                | FieldKind::PathName
                | FieldKind::ThreadName
                | FieldKind::Fields
        )
    }

    pub(super) fn is_numeric(&self) -> bool {
        matches!(
            self,
            FieldKind::Msecs
                | FieldKind::Created
                | FieldKind::LevelNo
                | FieldKind::Severity
                | FieldKind::LineNo
                | FieldKind::Thread
                | FieldKind::Process
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
    Center,
    /// `=`: padding between a number's sign and its digits (`-0042`).
    AfterSign,
}

/// A format spec in Python's mini-language, the part after the colon:
/// `[[fill]align][0][width][.precision]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Spec {
    /// The fill character, when one is given with an alignment.
    pub(super) fill: Option<char>,
    pub(super) align: Option<Align>,
    /// The `0` flag before the width: fill with zeros, and for a number after its sign.
    pub(super) zero: bool,
    pub(super) width: usize,
    pub(super) precision: Option<usize>,
}

impl Spec {
    pub(super) const NONE: Spec = Spec {
        fill: None,
        align: None,
        zero: false,
        width: 0,
        precision: None,
    };

    pub(super) fn parse(text: &str) -> Result<Spec, String> {
        let mut spec = Spec::NONE;
        let chars: Vec<char> = text.chars().collect();
        let align_of = |c: char| match c {
            '<' => Some(Align::Left),
            '>' => Some(Align::Right),
            '^' => Some(Align::Center),
            '=' => Some(Align::AfterSign),
            _ => None,
        };
        let mut i = 0;
        if chars.len() >= 2 && align_of(chars[1]).is_some() {
            spec.fill = Some(chars[0]);
            spec.align = align_of(chars[1]);
            i = 2;
        } else if let Some(align) = chars.first().copied().and_then(align_of) {
            spec.align = Some(align);
            i = 1;
        }
        // As in CPython, `0` is a flag only when no fill character was given: `{lineno:*>05}`
        // pads with `*` to a width of 5.
        if spec.fill.is_none() && chars.get(i) == Some(&'0') {
            spec.zero = true;
            i += 1;
        }
        let rest: String = chars[i..].iter().collect();
        let (width, precision) = match rest.split_once('.') {
            Some((w, p)) => (w, Some(p)),
            None => (rest.as_str(), None),
        };
        if !width.is_empty() {
            spec.width = width
                .parse()
                .map_err(|_| format!("invalid width {width:?} in format spec {text:?}"))?;
        }
        if let Some(p) = precision {
            spec.precision = Some(
                p.parse()
                    .map_err(|_| format!("invalid precision {p:?} in format spec {text:?}"))?,
            );
        }
        if spec.width > 1000 {
            return Err(format!(
                "width {} in format spec {text:?} is too large",
                spec.width
            ));
        }
        Ok(spec)
    }
}

/// A field of Python's `%` style (`%(levelname)-8s`) or `$` style (`$message`, `${message}`) at the
/// start of `text`: the field as written and its name. A `%` or `$` followed by anything else is
/// text (`100%`, `US$5`, `$$`).
pub(super) fn foreign_field(text: &str) -> Option<(String, String)> {
    let identifier = |s: &str| -> usize {
        let starts = s
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if !starts {
            return 0;
        }
        s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    if let Some(rest) = text.strip_prefix("%(") {
        let n = identifier(rest);
        if n == 0 || !rest[n..].starts_with(')') {
            return None;
        }
        // The flags, width and type letter that follow, as in `%(levelname)-8s`.
        let tail = &rest[n + 1..];
        let spec = tail
            .find(|c: char| !(c.is_ascii_digit() || "-+ #.".contains(c)))
            .map_or(0, |i| {
                i + tail[i..].chars().next().map_or(0, char::len_utf8)
            });
        let spec = if tail[..spec].ends_with(|c: char| c.is_ascii_alphabetic()) {
            spec
        } else {
            0
        };
        let len = 2 + n + 1 + spec;
        return Some((text[..len].to_string(), rest[..n].to_string()));
    }
    let rest = text.strip_prefix('$')?;
    if let Some(braced) = rest.strip_prefix('{') {
        let n = identifier(braced);
        if n > 0 && braced[n..].starts_with('}') {
            return Some((text[..n + 3].to_string(), braced[..n].to_string()));
        }
        return None;
    }
    let n = identifier(rest);
    (n > 0).then(|| (text[..n + 1].to_string(), rest[..n].to_string()))
}

pub(super) fn parse_pattern(pattern: &str) -> Result<Vec<Segment>, FormatError> {
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut chars = pattern.char_indices().peekable();
    // `offset` below is a byte index; errors count characters.
    let err = |offset: usize, message: String| FormatError {
        offset: pattern[..offset].chars().count(),
        message,
    };
    while let Some((offset, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                chars.next();
                literal.push('}');
            }
            '}' => {
                return Err(err(
                    offset,
                    "single '}' in pattern (write '}}' for a brace)".into(),
                ));
            }
            '{' => {
                let mut inner = String::new();
                let mut closed = false;
                for (_, n) in chars.by_ref() {
                    if n == '}' {
                        closed = true;
                        break;
                    }
                    if n == '{' {
                        return Err(err(offset, "'{' inside a field".into()));
                    }
                    inner.push(n);
                }
                if !closed {
                    return Err(err(
                        offset,
                        format!("field {{{inner} is not closed with '}}'"),
                    ));
                }
                // Python's `field_name[!conversion][:format_spec]`.
                let (name, spec) = match inner.split_once(':') {
                    Some((name, spec)) => (name, Spec::parse(spec).map_err(|m| err(offset, m))?),
                    None => (inner.as_str(), Spec::NONE),
                };
                let (name, conversion) = match name.split_once('!') {
                    Some((name, "r")) => (name, Conversion::Repr),
                    Some((name, "s")) => (name, Conversion::None),
                    Some((name, "a")) => (name, Conversion::Ascii),
                    Some((_, other)) => {
                        return Err(err(
                            offset,
                            format!("unknown conversion '!{other}' (Python's are !r, !s and !a)"),
                        ));
                    }
                    None => (name, Conversion::None),
                };
                let name = name.trim();
                if name.is_empty() {
                    return Err(err(offset, "empty field name '{}'".into()));
                }
                let kind = FieldKind::parse(name);
                if spec.align == Some(Align::AfterSign) && kind.is_text() {
                    return Err(err(
                        offset,
                        format!("'=' alignment pads after a number's sign; {{{name}}} is text"),
                    ));
                }
                if !literal.is_empty() {
                    segments.push(Segment::Literal(std::mem::take(&mut literal).into()));
                }
                segments.push(Segment::Field(kind, conversion, spec));
            }
            c => {
                // A pattern written for Python's `%` or `$` style would log itself, literally.
                if matches!(c, '%' | '$')
                    && let Some((field, name)) = foreign_field(&pattern[offset..])
                {
                    return Err(err(
                        offset,
                        format!("Python's {c}-style field {field}: write {{{name}}}"),
                    ));
                }
                literal.push(c);
            }
        }
    }
    if !literal.is_empty() {
        segments.push(Segment::Literal(literal.into()));
    }
    Ok(segments)
}
