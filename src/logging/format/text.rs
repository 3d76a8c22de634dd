//! Writing values into a line: numbers without allocation, escaping what could break the
//! one-record-per-line rule, Python's `repr` for `!r` and `!a`, and padding by a format spec.

use std::fmt;
use std::io::Write as _;

use super::pattern::{Align, Spec};
use crate::logging::record::Value;

#[inline]
pub(super) fn write_u64(out: &mut Vec<u8>, value: u64) {
    let mut buf = itoa::Buffer::new();
    out.extend_from_slice(buf.format(value).as_bytes());
}

#[inline]
pub(super) fn write_padded_u32(out: &mut Vec<u8>, value: u32, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(value);
    out.extend(std::iter::repeat_n(
        b'0',
        width.saturating_sub(digits.len()),
    ));
    out.extend_from_slice(digits.as_bytes());
}

#[inline]
pub(super) fn write_args(out: &mut Vec<u8>, args: fmt::Arguments<'_>) {
    match args.as_str() {
        Some(text) => out.extend_from_slice(text.as_bytes()),
        None => {
            // Writing into a Vec cannot fail; an error here could only come from a Display impl.
            let _ = fmt::write(&mut VecWriter(out), args);
        }
    }
}

#[inline]
pub(super) fn write_value(out: &mut Vec<u8>, value: &Value<'_>) {
    match value {
        Value::Str(text) => out.extend_from_slice(text.as_bytes()),
        Value::I64(v) => {
            let mut buf = itoa::Buffer::new();
            out.extend_from_slice(buf.format(*v).as_bytes());
        }
        Value::U64(v) => write_u64(out, *v),
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// Whether `c` would break the one-record-per-line rule or reorder text on display.
#[inline]
pub(super) fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `bytes` holds a lead byte of something `needs_escape` may flag: a C0 control or DEL,
/// 0xC2 (C1 controls) or 0xE2 (U+2000–U+2FFF). Eight bytes at a time: plain ASCII text, the common
/// case, costs a few instructions per word.
#[inline]
pub(super) fn may_need_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let suspicious_byte = |b: u8| b < 0x20 || b == 0x7f || b == 0xC2 || b == 0xE2;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
        let delete = has_zero_byte(x ^ (ONES * 0x7f));
        if below_space || delete || (x & HIGH != 0 && chunk.iter().any(|&b| suspicious_byte(b))) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| suspicious_byte(b))
}

/// Escapes what `needs_escape` flags in `out[start..]`. The scan is a byte loop; the rewrite happens
/// only when something is found.
#[inline]
pub(super) fn escape_tail(out: &mut Vec<u8>, start: usize) {
    let tail = &out[start..];
    if !may_need_escape(tail) {
        return;
    }
    let text = String::from_utf8_lossy(tail).into_owned();
    if !text.chars().any(needs_escape) {
        return;
    }
    out.truncate(start);
    for c in text.chars() {
        match c {
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

/// Replaces the text `out[start..]` with Python's `repr` of it: in single quotes (double quotes when
/// it holds a single quote and no double quote), with `\\`, the quote, `\n`, `\r` and `\t`
/// escaped, and every character the line escaping would flag as `\xhh`, `\uhhhh` or
/// `\Uhhhhhhhh` (Python also escapes a few other invisible characters, such as U+00A0, that are
/// left alone here). With `ascii`, every non-ASCII character is escaped too (Python's `!a`).
pub(super) fn repr_tail(out: &mut Vec<u8>, start: usize, ascii: bool) {
    let text = String::from_utf8_lossy(&out[start..]).into_owned();
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    out.truncate(start);
    out.push(quote as u8);
    for c in text.chars() {
        match c {
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if c == quote => {
                out.push(b'\\');
                out.push(c as u8);
            }
            c if needs_escape(c) || (ascii && !c.is_ascii()) => {
                let code = c as u32;
                let _ = match code {
                    0..=0xff => write!(out, "\\x{code:02x}"),
                    0x100..=0xffff => write!(out, "\\u{code:04x}"),
                    _ => write!(out, "\\U{code:08x}"),
                };
            }
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(quote as u8);
}

/// Pads and cuts `out[start..]` by `spec`. Numbers align right by default, text left; the `0` flag
/// fills with zeros and, for a number without an alignment, pads after its sign (Python's rules).
pub(super) fn apply_spec(out: &mut Vec<u8>, start: usize, spec: Spec, numeric: bool) {
    if let Some(precision) = spec.precision {
        let text = String::from_utf8_lossy(&out[start..]);
        if let Some((cut, _)) = text.char_indices().nth(precision) {
            out.truncate(start + cut);
        }
    }
    let count = String::from_utf8_lossy(&out[start..]).chars().count();
    if count >= spec.width {
        return;
    }
    let pad = spec.width - count;
    let align = match spec.align {
        Some(align) => align,
        None if numeric && spec.zero => Align::AfterSign,
        None if numeric => Align::Right,
        None => Align::Left,
    };
    let (before, after) = match align {
        Align::Left => (0, pad),
        Align::Right | Align::AfterSign => (pad, 0),
        Align::Center => (pad / 2, pad - pad / 2),
    };
    let fill = spec.fill.unwrap_or(if spec.zero { '0' } else { ' ' });
    let mut fill_buf = [0; 4];
    let fill = fill.encode_utf8(&mut fill_buf).as_bytes().to_vec();
    let mut field = out.split_off(start);
    if align == Align::AfterSign && matches!(field.first(), Some(b'-' | b'+')) {
        out.push(field.remove(0));
    }
    for _ in 0..before {
        out.extend_from_slice(&fill);
    }
    out.extend_from_slice(&field);
    for _ in 0..after {
        out.extend_from_slice(&fill);
    }
}

/// `fmt::Write` straight into a byte buffer, without `io::Write`'s error plumbing.
pub(super) struct VecWriter<'a>(&'a mut Vec<u8>);

impl fmt::Write for VecWriter<'_> {
    #[inline]
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}
