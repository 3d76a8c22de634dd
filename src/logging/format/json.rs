//! JSON lines: string escaping and field values for [`Formatter::json`](super::Formatter::json).

use std::fmt;
use std::io::Write as _;

use super::text::write_value;
use crate::logging::record::Value;

/// `fmt::Write` into a byte buffer with JSON string escaping.
pub(super) struct JsonEscaper<'a>(pub(super) &'a mut Vec<u8>);

impl fmt::Write for JsonEscaper<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        json_escape_into(self.0, text);
        Ok(())
    }
}

#[inline]
pub(super) fn json_escape_into(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for (i, c) in text.char_indices() {
        let escaped: Option<&[u8]> = match c {
            '"' => Some(b"\\\""),
            '\\' => Some(b"\\\\"),
            '\n' => Some(b"\\n"),
            '\r' => Some(b"\\r"),
            '\t' => Some(b"\\t"),
            c if (c as u32) < 0x20 || matches!(c, '\u{7f}' | '\u{2028}' | '\u{2029}') => None,
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..i]);
        match escaped {
            Some(e) => out.extend_from_slice(e),
            None => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        from = i + c.len_utf8();
    }
    out.extend_from_slice(&bytes[from..]);
}

#[inline]
pub(super) fn json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    json_escape_into(out, text);
    out.push(b'"');
}

#[inline]
pub(super) fn json_value(out: &mut Vec<u8>, value: &Value<'_>) {
    match value {
        Value::Str(text) => json_string(out, text),
        Value::I64(_) | Value::U64(_) => write_value(out, value),
        Value::F64(v) if v.is_finite() => {
            let _ = write!(out, "{v}");
        }
        Value::F64(_) => out.extend_from_slice(b"null"),
        Value::Bool(v) => out.extend_from_slice(if *v { b"true" } else { b"false" }),
        Value::Display(v) => {
            out.push(b'"');
            let _ = fmt::Write::write_fmt(&mut JsonEscaper(out), format_args!("{v}"));
            out.push(b'"');
        }
    }
}
