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

mod date;
mod json;
mod pattern;
mod text;

use std::fmt;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Record;
use super::record::Value;
use date::{DATE_CACHE, has_subsecond_directive, rfc3339_second, split_time};
use json::{JsonEscaper, json_string, json_value};
use pattern::{Conversion, FieldKind, Segment, Spec, parse_pattern};
use text::{
    apply_spec, escape_tail, repr_tail, write_args, write_padded_u32, write_u64, write_value,
};

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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use std::time::UNIX_EPOCH;

    use super::text::may_need_escape;
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
