//! What one log call produces: a [`Record`] borrowed for the duration of the call, and an
//! [`OwnedRecord`] for handlers that keep records or pass them to another thread.

use std::cell::OnceCell;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use super::Level;

/// Where a log call is in the source. The macros build it as a promoted `&'static` constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// `talkdeck::study::session`
    pub module_path: &'static str,
    /// `src/study/session.rs`
    pub file: &'static str,
    /// 1-based line number.
    pub line: u32,
}

impl Location {
    /// For records that come from nowhere in particular (tests, synthetic records).
    pub const UNKNOWN: Location = Location {
        module_path: "?",
        file: "?",
        line: 0,
    };

    /// The file name without its folders, Python's `filename`.
    pub fn file_name(&self) -> &'static str {
        self.file.rsplit(['/', '\\']).next().unwrap_or(self.file)
    }
}

/// The thread a record was made on: a small process-unique number and the thread's name.
#[derive(Debug, PartialEq, Eq)]
pub struct ThreadInfo {
    /// Numbered from 1 in the order threads first log; stable for the thread's life. (Python's
    /// `thread` is the OS thread id.)
    pub id: u64,
    /// The std thread's name — `main` for the main thread, where Python says `MainThread` — or
    /// `Thread-N` for an unnamed thread, N being [`ThreadInfo::id`]. Python numbers its threads as
    /// they are made, not as they first log, and since 3.10 adds the target, `Thread-3 (worker)`.
    pub name: Box<str>,
}

impl ThreadInfo {
    /// Runs `f` with the calling thread's info, made once per thread.
    pub fn with_current<R>(f: impl FnOnce(&Arc<ThreadInfo>) -> R) -> R {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        thread_local! {
            static CURRENT: OnceCell<Arc<ThreadInfo>> = const { OnceCell::new() };
        }
        CURRENT.with(|cell| {
            let info = cell.get_or_init(|| {
                let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
                let name = match std::thread::current().name() {
                    Some(name) => name.into(),
                    None => format!("Thread-{id}").into_boxed_str(),
                };
                Arc::new(ThreadInfo { id, name })
            });
            f(info)
        })
    }
}

/// A key–value field value. The macros turn arguments into these through [`ToValue`].
#[derive(Clone, Copy)]
pub enum Value<'a> {
    /// A string.
    Str(&'a str),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A floating-point number.
    F64(f64),
    /// A boolean.
    Bool(bool),
    /// Anything else that displays; formatted only when written.
    Display(&'a dyn fmt::Display),
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            Value::I64(v) => write!(f, "{v}"),
            Value::U64(v) => write!(f, "{v}"),
            Value::F64(v) => write!(f, "{v}"),
            Value::Bool(v) => write!(f, "{v}"),
            Value::Display(v) => write!(f, "{v}"),
        }
    }
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "{s:?}"),
            other => write!(f, "{other}"),
        }
    }
}

/// An owned copy of a [`Value`]; `Display` values become strings.
#[derive(Clone, Debug, PartialEq)]
pub enum OwnedValue {
    /// A string, or a displayed value.
    Str(String),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A floating-point number.
    F64(f64),
    /// A boolean.
    Bool(bool),
}

impl OwnedValue {
    /// Borrows it back as a [`Value`].
    pub fn as_value(&self) -> Value<'_> {
        match self {
            OwnedValue::Str(s) => Value::Str(s),
            OwnedValue::I64(v) => Value::I64(*v),
            OwnedValue::U64(v) => Value::U64(*v),
            OwnedValue::F64(v) => Value::F64(*v),
            OwnedValue::Bool(v) => Value::Bool(*v),
        }
    }
}

impl From<Value<'_>> for OwnedValue {
    fn from(value: Value<'_>) -> OwnedValue {
        match value {
            Value::Str(s) => OwnedValue::Str(s.to_owned()),
            Value::I64(v) => OwnedValue::I64(v),
            Value::U64(v) => OwnedValue::U64(v),
            Value::F64(v) => OwnedValue::F64(v),
            Value::Bool(v) => OwnedValue::Bool(v),
            Value::Display(v) => OwnedValue::Str(v.to_string()),
        }
    }
}

/// Turns a macro's `key = value` argument into a [`Value`] without copying it.
pub trait ToValue {
    /// The value, borrowing `self`.
    fn to_value(&self) -> Value<'_>;
}

macro_rules! to_value_int {
    ($variant:ident, $as:ty: $($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::$variant(*self as $as)
            }
        }
    )*};
}
to_value_int!(I64, i64: i8, i16, i32, i64, isize);
to_value_int!(U64, u64: u8, u16, u32, u64, usize);
to_value_int!(F64, f64: f32, f64);

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::Str(self)
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Str(self)
    }
}
impl ToValue for Level {
    fn to_value(&self) -> Value<'_> {
        match self.standard_name() {
            Some(name) => Value::Str(name),
            None => Value::U64(u64::from(self.value())),
        }
    }
}
impl ToValue for std::path::Display<'_> {
    fn to_value(&self) -> Value<'_> {
        Value::Display(self)
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}
impl ToValue for Value<'_> {
    fn to_value(&self) -> Value<'_> {
        *self
    }
}

/// One key–value field of a record.
pub type Field<'a> = (&'a str, Value<'a>);

/// One log event, borrowed for the duration of the call that made it.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    /// When the record was made (wall clock).
    pub time: SystemTime,
    /// How severe it is.
    pub level: Level,
    /// The dotted name of the logger that made it (`talkdeck.study.session`).
    pub logger: &'a str,
    /// The message, formatted only when a handler writes it.
    pub args: fmt::Arguments<'a>,
    /// Where in the source it was made.
    pub location: &'static Location,
    /// The thread that made it.
    pub thread: &'a ThreadInfo,
    /// Key–value fields, in the order given.
    pub fields: &'a [Field<'a>],
}

impl Record<'_> {
    /// The message as text, without allocating when it is a plain literal.
    pub fn message(&self) -> std::borrow::Cow<'_, str> {
        match self.args.as_str() {
            Some(text) => std::borrow::Cow::Borrowed(text),
            None => std::borrow::Cow::Owned(self.args.to_string()),
        }
    }

    /// The value of a key–value field, if the record has it.
    pub fn field(&self, key: &str) -> Option<Value<'_>> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// An owned copy, for handlers that keep records or hand them to another thread.
    pub fn to_owned_record(&self) -> OwnedRecord {
        ThreadInfo::with_current(|current| {
            // The record's thread is usually the current one: share its Arc instead of copying.
            let thread = if std::ptr::eq(Arc::as_ptr(current), self.thread) {
                Arc::clone(current)
            } else {
                Arc::new(ThreadInfo {
                    id: self.thread.id,
                    name: self.thread.name.clone(),
                })
            };
            OwnedRecord {
                seq: 0,
                time: self.time,
                level: self.level,
                logger: self.logger.into(),
                message: self.message().into_owned(),
                location: self.location,
                thread,
                fields: self
                    .fields
                    .iter()
                    .map(|(k, v)| ((*k).into(), OwnedValue::from(*v)))
                    .collect(),
            }
        })
    }
}

impl fmt::Debug for Record<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Record")
            .field("level", &self.level)
            .field("logger", &self.logger)
            .field("message", &self.args)
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

/// A record that owns its data.
#[derive(Clone, Debug)]
pub struct OwnedRecord {
    /// A sequence number given by the handler that keeps the record (the memory handler numbers its
    /// records from 1); 0 when unnumbered.
    pub seq: u64,
    /// When the record was made (wall clock).
    pub time: SystemTime,
    /// How severe it is.
    pub level: Level,
    /// The dotted name of the logger that made it.
    pub logger: Box<str>,
    /// The message, formatted.
    pub message: String,
    /// Where in the source it was made.
    pub location: &'static Location,
    /// The thread that made it.
    pub thread: Arc<ThreadInfo>,
    /// Key–value fields, in the order given.
    pub fields: Vec<(Box<str>, OwnedValue)>,
}

impl OwnedRecord {
    /// Lends the record out as a borrowed [`Record`], for handing it to other handlers.
    pub fn with_record<R>(&self, f: impl FnOnce(&Record<'_>) -> R) -> R {
        let fields: Vec<Field<'_>> = self
            .fields
            .iter()
            .map(|(k, v)| (&**k, v.as_value()))
            .collect();
        f(&Record {
            time: self.time,
            level: self.level,
            logger: &self.logger,
            args: format_args!("{}", self.message),
            location: self.location,
            thread: &self.thread,
            fields: &fields,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_is_named_as_rust_names_it_and_an_unnamed_one_after_its_number() {
        let unnamed = std::thread::spawn(|| ThreadInfo::with_current(|t| (t.id, t.name.clone())))
            .join()
            .unwrap();
        assert_eq!(unnamed.1, format!("Thread-{}", unnamed.0).into_boxed_str());
        let named = std::thread::Builder::new()
            .name("talkdeck-log-http".into())
            .spawn(|| ThreadInfo::with_current(|t| t.name.clone()))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(&*named, "talkdeck-log-http");
    }
}
