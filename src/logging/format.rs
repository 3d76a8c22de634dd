//! Formatters: turn a record into one line of text, by a pattern with Python's field names or as JSON.
//!
//! A pattern such as `{asctime} {levelname:<9} {name} {message}` is parsed once into segments. In text
//! lines every character that could break the one-record-per-line rule — newlines, other control
//! characters, Unicode line separators and bidi overrides — is escaped in the message, the logger
//! name, thread name and field values, so no message can forge a record. Backslashes are left alone,
//! so Windows paths stay readable.
//!
//! The date part of `asctime` is cached per thread for the current second, because formatting a date
//! through the time zone database costs far more than the rest of the line.

use std::cell::RefCell;
use std::fmt;
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Record;
use super::record::Value;

/// Python's `BASIC_FORMAT`, also used by the unconfigured root: `WARNING:root:message`.
pub const BASIC_FORMAT: &str = "{levelname}:{name}:{message}";

/// Turns records into lines.
#[derive(Clone, Debug)]
pub struct Formatter {
    /// Identifies this formatter's entries in the per-thread date cache.
    id: u64,
    kind: Kind,
    datefmt: Option<Box<str>>,
    /// Whether the formatted date only changes once a second (no sub-second directive).
    date_cacheable: bool,
    tz: TimeZone,
}

#[derive(Clone, Debug)]
enum Kind {
    Pattern(Vec<Segment>),
    Json,
}

#[derive(Clone, Debug)]
enum Segment {
    Literal(Box<str>),
    Field(FieldKind, Conversion, Spec),
}

/// Python's `!r`, `!s` and `!a` after a field name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Conversion {
    /// None, or `!s`: the value as it is.
    None,
    /// `!r`: text in quotes with escapes, as Python's `repr`; numbers unchanged.
    Repr,
    /// `!a`: `!r` with every non-ASCII character escaped too.
    Ascii,
}

#[derive(Clone, Debug)]
enum FieldKind {
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
struct KvField {
    key: Box<str>,
    reported: AtomicBool,
}

/// The standard fields, for "did you mean" hints.
const STANDARD_FIELDS: [&str; 16] = [
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
    fn report_missing(&self, logger: &str) {
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
            super::Registry::global().program_name(),
            self.key,
            logger.escape_debug()
        );
    }
}

/// Levenshtein distance in characters; the names compared are short.
fn edit_distance(a: &str, b: &str) -> usize {
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
    fn parse(name: &str) -> FieldKind {
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
    fn is_text(&self) -> bool {
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

    fn is_numeric(&self) -> bool {
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
enum Align {
    Left,
    Right,
    Center,
    /// `=`: padding between a number's sign and its digits (`-0042`).
    AfterSign,
}

/// A format spec in Python's mini-language, the part after the colon:
/// `[[fill]align][0][width][.precision]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Spec {
    /// The fill character, when one is given with an alignment.
    fill: Option<char>,
    align: Option<Align>,
    /// The `0` flag before the width: fill with zeros, and for a number after its sign.
    zero: bool,
    width: usize,
    precision: Option<usize>,
}

impl Spec {
    const NONE: Spec = Spec {
        fill: None,
        align: None,
        zero: false,
        width: 0,
        precision: None,
    };

    fn parse(text: &str) -> Result<Spec, String> {
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

/// A pattern that did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// 0-based character offset in the pattern.
    pub offset: usize,
    /// What is wrong, in lowercase words (`field {levelname is not closed with '}'`).
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at character {} of the pattern)",
            self.message,
            self.offset + 1
        )
    }
}

impl std::error::Error for FormatError {}

fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Default for Formatter {
    /// The basic format `{levelname}:{name}:{message}`.
    fn default() -> Formatter {
        Formatter::new(BASIC_FORMAT).unwrap_or_else(|_| unreachable!("the basic format parses"))
    }
}

impl Formatter {
    /// A text formatter from a pattern such as `{asctime} {levelname:<9} {name} {message}`. `{{` and `}}`
    /// stand for literal braces; a name that is not a standard field is looked up in the record's
    /// key–value fields. A field takes Python's `!r`, `!s` or `!a` and a spec
    /// `[[fill]align][0][width][.precision]` (no sign, grouping or type letters).
    pub fn new(pattern: &str) -> Result<Formatter, FormatError> {
        Ok(Formatter {
            id: next_id(),
            kind: Kind::Pattern(parse_pattern(pattern)?),
            datefmt: None,
            date_cacheable: true,
            tz: TimeZone::system(),
        })
    }

    /// A JSON-lines formatter: one object per record with `time` (RFC 3339, UTC), `level`, `levelno`,
    /// `logger`, `message`, `module`, `file`, `line`, `thread`, `thread_id` and `fields`.
    pub fn json() -> Formatter {
        Formatter {
            id: next_id(),
            kind: Kind::Json,
            datefmt: None,
            date_cacheable: true,
            tz: TimeZone::UTC,
        }
    }

    /// Formats `{asctime}` with a strftime pattern (`%Y-%m-%d %H:%M:%S`); as in Python, a custom date
    /// format replaces the default `,mmm` milliseconds, which `{msecs}` still gives.
    pub fn with_datefmt(mut self, datefmt: impl Into<String>) -> Formatter {
        let datefmt: String = datefmt.into();
        self.date_cacheable = !has_subsecond_directive(&datefmt);
        self.datefmt = Some(datefmt.into_boxed_str());
        self.id = next_id();
        self
    }

    /// Dates in this time zone instead of the system's local time (for example [`TimeZone::UTC`]).
    pub fn with_time_zone(mut self, tz: TimeZone) -> Formatter {
        self.tz = tz;
        self.id = next_id();
        self
    }

    /// Whether this is the JSON-lines formatter.
    pub fn is_json(&self) -> bool {
        matches!(self.kind, Kind::Json)
    }

    /// Appends one formatted record to `out`, without a line terminator.
    pub fn format(&self, record: &Record<'_>, out: &mut Vec<u8>) {
        match &self.kind {
            Kind::Pattern(segments) => {
                for segment in segments {
                    match segment {
                        Segment::Literal(text) => out.extend_from_slice(text.as_bytes()),
                        Segment::Field(kind, conversion, spec) => {
                            self.write_field(kind, *conversion, *spec, record, out)
                        }
                    }
                }
            }
            Kind::Json => self.write_json(record, out),
        }
    }

    /// The formatted record as a `String`; handy in tests and for the Logs screen.
    pub fn format_to_string(&self, record: &Record<'_>) -> String {
        let mut out = Vec::with_capacity(128);
        self.format(record, &mut out);
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    fn write_field(
        &self,
        kind: &FieldKind,
        conversion: Conversion,
        spec: Spec,
        record: &Record<'_>,
        out: &mut Vec<u8>,
    ) {
        let start = out.len();
        let mut escape = false;
        let mut numeric = kind.is_numeric();
        let mut text = kind.is_text();
        match kind {
            FieldKind::Asctime => self.write_asctime(record.time, out),
            FieldKind::Msecs => write_padded_u32(out, split_time(record.time).1, 3),
            FieldKind::Created => {
                let (secs, millis) = split_time(record.time);
                let _ = write!(out, "{secs}.{millis:03}");
            }
            FieldKind::LevelName => match record.level.standard_name() {
                Some(name) => out.extend_from_slice(name.as_bytes()),
                None => out.extend_from_slice(record.level.name().as_bytes()),
            },
            FieldKind::LevelNo => write_u64(out, u64::from(record.level.value())),
            FieldKind::Severity => write_u64(out, u64::from(record.level.syslog_severity())),
            FieldKind::Name => {
                out.extend_from_slice(record.logger.as_bytes());
                escape = true;
            }
            FieldKind::Message => {
                write_args(out, record.args);
                escape = true;
            }
            FieldKind::Module => out.extend_from_slice(record.location.module_path.as_bytes()),
            FieldKind::FileName => out.extend_from_slice(record.location.file_name().as_bytes()),
            FieldKind::PathName => out.extend_from_slice(record.location.file.as_bytes()),
            FieldKind::LineNo => write_u64(out, u64::from(record.location.line)),
            FieldKind::Thread => write_u64(out, record.thread.id),
            FieldKind::ThreadName => {
                out.extend_from_slice(record.thread.name.as_bytes());
                escape = true;
            }
            FieldKind::Process => write_u64(out, u64::from(std::process::id())),
            FieldKind::Fields => {
                for (i, (key, value)) in record.fields.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    out.extend_from_slice(key.as_bytes());
                    out.push(b'=');
                    write_value(out, value);
                }
                escape = true;
            }
            FieldKind::Kv(field) => match record.field(&field.key) {
                Some(value) => {
                    write_value(out, &value);
                    escape = true;
                    numeric = matches!(value, Value::I64(_) | Value::U64(_) | Value::F64(_));
                    text = matches!(value, Value::Str(_) | Value::Display(_));
                }
                None => field.report_missing(record.logger),
            },
        }
        match conversion {
            // `repr` escapes what could break the line itself, as Python writes it.
            Conversion::Repr | Conversion::Ascii if text => {
                repr_tail(out, start, conversion == Conversion::Ascii);
            }
            _ if escape => escape_tail(out, start),
            _ => {}
        }
        if spec != Spec::NONE {
            apply_spec(out, start, spec, numeric);
        }
    }

    fn write_asctime(&self, time: SystemTime, out: &mut Vec<u8>) {
        let (secs, millis) = split_time(time);
        if !self.date_cacheable {
            let ts = Timestamp::try_from(time).unwrap_or(Timestamp::UNIX_EPOCH);
            let datefmt = self.datefmt.as_deref().unwrap_or("%Y-%m-%d %H:%M:%S");
            let _ = write!(out, "{}", ts.to_zoned(self.tz.clone()).strftime(datefmt));
            return;
        }
        DATE_CACHE.with(|cache| match cache.try_borrow_mut() {
            Ok(mut cache) => {
                out.extend_from_slice(cache.get(self, secs).as_bytes());
            }
            // Only reachable if formatting re-enters itself; skip the cache rather than panic.
            Err(_) => out.extend_from_slice(self.format_second(secs).as_bytes()),
        });
        if self.datefmt.is_none() {
            out.push(b',');
            write_padded_u32(out, millis, 3);
        }
    }

    fn format_second(&self, secs: i64) -> String {
        let ts = Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH);
        let datefmt = self.datefmt.as_deref().unwrap_or("%Y-%m-%d %H:%M:%S");
        ts.to_zoned(self.tz.clone()).strftime(datefmt).to_string()
    }

    fn write_json(&self, record: &Record<'_>, out: &mut Vec<u8>) {
        let (secs, millis) = split_time(record.time);
        out.extend_from_slice(b"{\"time\":\"");
        DATE_CACHE.with(|cache| match cache.try_borrow_mut() {
            Ok(mut cache) => out.extend_from_slice(cache.get_json(self.id, secs).as_bytes()),
            Err(_) => out.extend_from_slice(rfc3339_second(secs).as_bytes()),
        });
        out.push(b'.');
        write_padded_u32(out, millis, 3);
        out.extend_from_slice(b"Z\",\"level\":");
        json_string(out, &record.level.name());
        out.extend_from_slice(b",\"levelno\":");
        write_u64(out, u64::from(record.level.value()));
        out.extend_from_slice(b",\"logger\":");
        json_string(out, record.logger);
        out.extend_from_slice(b",\"message\":\"");
        let _ = fmt::write(&mut JsonEscaper(out), record.args);
        out.extend_from_slice(b"\",\"module\":");
        json_string(out, record.location.module_path);
        out.extend_from_slice(b",\"file\":");
        json_string(out, record.location.file);
        out.extend_from_slice(b",\"line\":");
        write_u64(out, u64::from(record.location.line));
        out.extend_from_slice(b",\"thread\":");
        json_string(out, &record.thread.name);
        out.extend_from_slice(b",\"thread_id\":");
        write_u64(out, record.thread.id);
        if !record.fields.is_empty() {
            out.extend_from_slice(b",\"fields\":{");
            for (i, (key, value)) in record.fields.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json_string(out, key);
                out.push(b':');
                json_value(out, value);
            }
            out.push(b'}');
        }
        out.push(b'}');
    }
}

fn has_subsecond_directive(datefmt: &str) -> bool {
    let mut chars = datefmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            // Skip flags, width and precision, then look at the directive itself.
            while let Some(&n) = chars.peek() {
                if n.is_ascii_digit() || matches!(n, '.' | '-' | '_' | '0' | '^' | '#' | ':') {
                    chars.next();
                } else {
                    break;
                }
            }
            if matches!(chars.next(), Some('f' | 'N' | 's')) {
                return true;
            }
        }
    }
    false
}

/// The per-thread cache of the formatted current second, one entry per recently used formatter.
struct DateCache {
    entries: [(u64, i64, String); 4],
    next: usize,
}

thread_local! {
    static DATE_CACHE: RefCell<DateCache> = RefCell::new(DateCache {
        entries: Default::default(),
        next: 0,
    });
}

impl DateCache {
    fn lookup(&mut self, id: u64, secs: i64, make: impl FnOnce() -> String) -> &str {
        let index = match self
            .entries
            .iter()
            .position(|(i, s, _)| *i == id && *s == secs)
        {
            Some(index) => index,
            None => {
                let index = match self.entries.iter().position(|(i, _, _)| *i == id) {
                    Some(index) => index,
                    None => {
                        let index = self.next;
                        self.next = (self.next + 1) % self.entries.len();
                        index
                    }
                };
                self.entries[index] = (id, secs, make());
                index
            }
        };
        &self.entries[index].2
    }

    fn get(&mut self, formatter: &Formatter, secs: i64) -> &str {
        self.lookup(formatter.id, secs, || formatter.format_second(secs))
    }

    fn get_json(&mut self, id: u64, secs: i64) -> &str {
        self.lookup(id, secs, || rfc3339_second(secs))
    }
}

fn rfc3339_second(secs: i64) -> String {
    let ts = Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH);
    ts.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Seconds since the epoch and the millisecond within the second (times before 1970 count as 1970).
pub(crate) fn split_time(time: SystemTime) -> (i64, u32) {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_millis()),
        Err(_) => (0, 0),
    }
}

fn write_u64(out: &mut Vec<u8>, value: u64) {
    let mut buf = itoa::Buffer::new();
    out.extend_from_slice(buf.format(value).as_bytes());
}

fn write_padded_u32(out: &mut Vec<u8>, value: u32, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(value);
    out.extend(std::iter::repeat_n(
        b'0',
        width.saturating_sub(digits.len()),
    ));
    out.extend_from_slice(digits.as_bytes());
}

fn write_args(out: &mut Vec<u8>, args: fmt::Arguments<'_>) {
    match args.as_str() {
        Some(text) => out.extend_from_slice(text.as_bytes()),
        None => {
            // Writing into a Vec cannot fail; an error here could only come from a Display impl.
            let _ = fmt::write(&mut VecWriter(out), args);
        }
    }
}

fn write_value(out: &mut Vec<u8>, value: &Value<'_>) {
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
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `bytes` holds a lead byte of something `needs_escape` may flag: a C0 control or DEL,
/// 0xC2 (C1 controls) or 0xE2 (U+2000–U+2FFF). Eight bytes at a time: plain ASCII text, the common
/// case, costs a few instructions per word.
fn may_need_escape(bytes: &[u8]) -> bool {
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
pub(crate) fn escape_tail(out: &mut Vec<u8>, start: usize) {
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
fn repr_tail(out: &mut Vec<u8>, start: usize, ascii: bool) {
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
fn apply_spec(out: &mut Vec<u8>, start: usize, spec: Spec, numeric: bool) {
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

/// A field of Python's `%` style (`%(levelname)-8s`) or `$` style (`$message`, `${message}`) at the
/// start of `text`: the field as written and its name. A `%` or `$` followed by anything else is
/// text (`100%`, `US$5`, `$$`).
fn foreign_field(text: &str) -> Option<(String, String)> {
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

fn parse_pattern(pattern: &str) -> Result<Vec<Segment>, FormatError> {
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

/// `fmt::Write` straight into a byte buffer, without `io::Write`'s error plumbing.
struct VecWriter<'a>(&'a mut Vec<u8>);

impl fmt::Write for VecWriter<'_> {
    #[inline]
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// `fmt::Write` into a byte buffer with JSON string escaping.
struct JsonEscaper<'a>(&'a mut Vec<u8>);

impl fmt::Write for JsonEscaper<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        json_escape_into(self.0, text);
        Ok(())
    }
}

fn json_escape_into(out: &mut Vec<u8>, text: &str) {
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

fn json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    json_escape_into(out, text);
    out.push(b'"');
}

fn json_value(out: &mut Vec<u8>, value: &Value<'_>) {
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

impl fmt::Debug for DateCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DateCache")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::logging::Level;
    use crate::logging::record::{Location, ThreadInfo};

    static LOC: Location = Location {
        module_path: "talkdeck::study::session",
        file: "src/study/session.rs",
        line: 42,
    };

    /// 2026-11-23 10:19:27.045 UTC
    fn time() -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(1_795_429_167_045)
    }

    fn render(formatter: &Formatter, message: &str, fields: &[(&str, Value<'_>)]) -> String {
        let thread = ThreadInfo {
            id: 7,
            name: "worker".into(),
        };
        formatter.format_to_string(&Record {
            time: time(),
            level: Level::NOTICE,
            logger: "talkdeck.study",
            args: format_args!("{message}"),
            location: &LOC,
            thread: &thread,
            fields,
        })
    }

    fn utc(pattern: &str) -> Formatter {
        Formatter::new(pattern)
            .unwrap()
            .with_time_zone(TimeZone::UTC)
    }

    #[test]
    fn every_standard_field_renders_as_python_names_it() {
        let cases = [
            ("{asctime}", "2026-11-23 10:19:27,045".to_string()),
            ("{msecs}", "045".into()),
            ("{created}", "1795429167.045".into()),
            ("{levelname}", "NOTICE".into()),
            ("{levelno}", "25".into()),
            ("{severity}", "5".into()),
            ("{name}", "talkdeck.study".into()),
            ("{message}", "card 1 answered".into()),
            ("{module}", "talkdeck::study::session".into()),
            ("{filename}", "session.rs".into()),
            ("{pathname}", "src/study/session.rs".into()),
            ("{lineno}", "42".into()),
            ("{thread}", "7".into()),
            ("{threadName}", "worker".into()),
            ("{process}", std::process::id().to_string()),
            ("{card}", "12345".into()),
            ("{missing}", "".into()),
            ("{fields}", "card=12345 rating=Good ok=true".into()),
            ("{{literal}} {levelname}", "{literal} NOTICE".into()),
        ];
        let fields = [
            ("card", Value::U64(12345)),
            ("rating", Value::Str("Good")),
            ("ok", Value::Bool(true)),
        ];
        for (pattern, expected) in cases {
            assert_eq!(
                render(&utc(pattern), "card 1 answered", &fields),
                expected,
                "{pattern}"
            );
        }
    }

    #[test]
    fn width_alignment_fill_and_precision_follow_pythons_mini_language() {
        let cases = [
            ("[{levelname:<9}]", "[NOTICE   ]"),
            ("[{levelname:>9}]", "[   NOTICE]"),
            ("[{levelname:^10}]", "[  NOTICE  ]"),
            ("[{levelname:*^10}]", "[**NOTICE**]"),
            ("[{levelname:9}]", "[NOTICE   ]"),
            ("[{lineno:5}]", "[   42]"),
            ("[{lineno:<5}]", "[42   ]"),
            ("[{name:.3}]", "[tal]"),
            ("[{name:>6.3}]", "[   tal]"),
            ("[{levelname:3}]", "[NOTICE]"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(render(&utc(pattern), "m", &[]), expected, "{pattern}");
        }
        assert_eq!(
            render(&utc("[{message:<4}]"), "你好", &[]),
            "[你好  ]",
            "width counts chars"
        );
    }

    #[test]
    fn the_zero_flag_and_conversions_follow_python() {
        // Each expected line is what CPython 3.11's logging.Formatter(style="{") printed for the
        // same record (level 25 named NOTICE, line 42, the same extra fields).
        let fields = [
            ("card", Value::U64(12345)),
            ("rating", Value::Str("Good")),
            ("neg", Value::I64(-42)),
            ("note", Value::Str("it's")),
            ("secs", Value::F64(2.5)),
        ];
        let cases = [
            ("{lineno:05}", "00042"),
            ("{lineno:<05}", "42000"),
            ("{lineno:*>05}", "***42"),
            ("{lineno:=5}", "   42"),
            ("{lineno:0=5}", "00042"),
            ("{levelno:03}", "025"),
            ("{neg:05}", "-0042"),
            ("{neg:=6}", "-   42"),
            ("{card:07}", "0012345"),
            ("{card:7}", "  12345"),
            ("{secs:05}", "002.5"),
            ("{levelname:08}", "NOTICE00"),
            ("{levelname:<08}", "NOTICE00"),
            ("{levelname!r}", "'NOTICE'"),
            ("{levelname!r:>10}", "  'NOTICE'"),
            ("{levelname!s}", "NOTICE"),
            ("{lineno!r}", "42"),
            ("{card!r}", "12345"),
            ("{secs!r}", "2.5"),
            ("{rating!r}", "'Good'"),
            ("{note!r}", "\"it's\""),
            ("{name!r:.5}", "'talk"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(
                render(&utc(pattern), "card 1 answered", &fields),
                expected,
                "{pattern}"
            );
        }
        let messages = [
            ("a\nb\\c", "'a\\nb\\\\c'", "'a\\nb\\\\c'"),
            ("你好\u{202e}", "'你好\\u202e'", "'\\u4f60\\u597d\\u202e'"),
            ("both ' and \"", "'both \\' and \"'", "'both \\' and \"'"),
        ];
        for (message, repr, ascii) in messages {
            assert_eq!(
                render(&utc("{message!r}"), message, &[]),
                repr,
                "{message:?}"
            );
            assert_eq!(
                render(&utc("{message!a}"), message, &[]),
                ascii,
                "{message:?}"
            );
        }
    }

    #[test]
    fn datefmt_and_time_zone_shape_asctime() {
        let f = utc("{asctime} {msecs}").with_datefmt("%d/%m/%Y %H:%M");
        assert_eq!(render(&f, "m", &[]), "23/11/2026 10:19 045");
        let shanghai = TimeZone::posix("CST-8").unwrap();
        let f = Formatter::new("{asctime}")
            .unwrap()
            .with_time_zone(shanghai);
        assert_eq!(render(&f, "m", &[]), "2026-11-23 18:19:27,045");
        let f = utc("{asctime}").with_datefmt("%H:%M:%S%.3f");
        assert_eq!(
            render(&f, "m", &[]),
            "10:19:27.045",
            "sub-second formats bypass the cache"
        );
    }

    #[test]
    fn control_characters_are_escaped_so_one_record_is_one_line() {
        let f = utc("{levelname} {name} {message} {who}");
        let forged = "ok\nERROR talkdeck fake record\r\tend\u{1b}[31m\u{2028}\u{202e}x";
        let who = [("who", Value::Str("a\nb"))];
        let line = render(&f, forged, &who);
        assert_eq!(
            line,
            "NOTICE talkdeck.study ok\\nERROR talkdeck fake record\\r\\tend\\u{1b}[31m\\u{2028}\\u{202e}x a\\nb"
        );
        assert!(!line.contains('\n') && !line.contains('\r'));
        assert_eq!(render(&f, "路径 C:\\new “引号”", &[]).lines().count(), 1);
        assert!(render(&f, "路径 C:\\new “引号”", &[]).contains("路径 C:\\new “引号”"));
    }

    #[test]
    fn the_word_scan_agrees_with_a_byte_by_byte_scan() {
        let slow = |bytes: &[u8]| {
            bytes
                .iter()
                .any(|&b| b < 0x20 || b == 0x7f || b == 0xC2 || b == 0xE2)
        };
        let mut samples: Vec<Vec<u8>> = vec![
            b"card 12345 answered Good in 2.3s".to_vec(),
            "你好，世界 “quoted” café".as_bytes().to_vec(),
            Vec::new(),
        ];
        for special in [
            0x00u8, 0x09, 0x0a, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xC2, 0xE2, 0xE4, 0xff,
        ] {
            for position in 0..20 {
                let mut sample = b"abcdefghijklmnopqrst".to_vec();
                sample[position] = special;
                samples.push(sample);
            }
        }
        for sample in samples {
            assert_eq!(may_need_escape(&sample), slow(&sample), "{sample:?}");
        }
    }

    #[test]
    fn json_lines_are_valid_escaped_objects() {
        let f = Formatter::json();
        let fields = [
            ("card", Value::U64(12345)),
            ("secs", Value::F64(2.5)),
            ("note", Value::Str("say \"hi\"")),
            ("nan", Value::F64(f64::NAN)),
        ];
        let line = render(&f, "line one\nline \"two\"", &fields);
        assert_eq!(
            line,
            "{\"time\":\"2026-11-23T10:19:27.045Z\",\"level\":\"NOTICE\",\"levelno\":25,\
             \"logger\":\"talkdeck.study\",\"message\":\"line one\\nline \\\"two\\\"\",\
             \"module\":\"talkdeck::study::session\",\"file\":\"src/study/session.rs\",\"line\":42,\
             \"thread\":\"worker\",\"thread_id\":7,\
             \"fields\":{\"card\":12345,\"secs\":2.5,\"note\":\"say \\\"hi\\\"\",\"nan\":null}}"
        );
    }

    #[test]
    fn bad_patterns_are_rejected_with_their_offset() {
        let cases = [
            ("{asctime", 0, "not closed"),
            ("x } y", 2, "single '}'"),
            ("{}", 0, "empty field name"),
            ("ab {levelname:<x}", 3, "invalid width"),
            ("{a{b}}", 0, "inside a field"),
            ("x {levelname!x}", 2, "unknown conversion '!x'"),
            ("{levelname:=9}", 0, "'=' alignment"),
            ("路径 {a{b}}", 3, "inside a field"),
        ];
        for (pattern, offset, needle) in cases {
            let err = Formatter::new(pattern).unwrap_err();
            assert_eq!(err.offset, offset, "{pattern}");
            assert!(err.message.contains(needle), "{pattern}: {err}");
        }
    }

    #[test]
    fn python_percent_and_dollar_patterns_are_refused_where_they_start() {
        let cases = [
            (
                "%(asctime)s %(levelname)-8s %(message)s",
                0,
                "Python's %-style field %(asctime)s: write {asctime}",
            ),
            (
                "{asctime} %(levelname)-8s",
                10,
                "Python's %-style field %(levelname)-8s: write {levelname}",
            ),
            (
                "{levelname} $message",
                12,
                "Python's $-style field $message: write {message}",
            ),
            (
                "{levelname} ${name}: x",
                12,
                "Python's $-style field ${name}: write {name}",
            ),
            (
                "时间 $asctime",
                3,
                "Python's $-style field $asctime: write {asctime}",
            ),
        ];
        for (pattern, offset, message) in cases {
            let err = Formatter::new(pattern).unwrap_err();
            assert_eq!(
                (err.offset, err.message.as_str()),
                (offset, message),
                "{pattern}"
            );
        }
        // A percent sign or a dollar that starts no field is text.
        let f = utc("{message} 100% done, US$5, $ (a), 50%(b, $$");
        assert_eq!(render(&f, "m", &[]), "m 100% done, US$5, $ (a), 50%(b, $$");
    }

    #[test]
    fn cached_dates_follow_the_clock_across_seconds_and_formatters() {
        let a = utc("{asctime}");
        let b = utc("{asctime}").with_datefmt("%H:%M:%S");
        let thread = ThreadInfo {
            id: 1,
            name: "t".into(),
        };
        let mut seen = Vec::new();
        for step in 0..3u64 {
            let time = time() + Duration::from_millis(700 * step);
            for f in [&a, &b] {
                seen.push(f.format_to_string(&Record {
                    time,
                    level: Level::INFO,
                    logger: "x",
                    args: format_args!("m"),
                    location: &LOC,
                    thread: &thread,
                    fields: &[],
                }));
            }
        }
        assert_eq!(
            seen,
            [
                "2026-11-23 10:19:27,045",
                "10:19:27",
                "2026-11-23 10:19:27,745",
                "10:19:27",
                "2026-11-23 10:19:28,445",
                "10:19:28"
            ]
        );
    }
}
