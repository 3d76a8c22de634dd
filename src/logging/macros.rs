//! The logging macros. A call checks its level against one global atomic *before* it builds
//! `format_args!`, so a disabled call costs a load and a compare and formats nothing.
//!
//! ```
//! use talkdeck::{info, warning, logging::Level};
//! let card = 12345;
//! info!("card {card} answered");                        // logger named after the module path
//! info!(name: "talkdeck.study", "card {} shown", card); // a named logger, looked up once per call site
//! warning!(card = card, rating = "Again"; "leech");     // key–value fields before a `;`
//! let logger = talkdeck::logging::get_logger("talkdeck.deck");
//! talkdeck::log!(logger: logger, Level::new(35), "custom level");
//! ```
//!
//! # One path into the core
//!
//! A macro expands in the caller's crate, so it must name the core by a path that holds wherever the
//! core lives: inside talkdeck (`talkdeck::logging`) today, at the root of a crate of its own if it
//! is published. The macros therefore name only two things: macros exported at the crate root
//! (`$crate::__log_record!`, which hold in both layouts) and the hidden module
//! `$crate::__logging_private`, which re-exports every item they use. The crate that holds the
//! core mounts that module at its root with one line — talkdeck's `lib.rs` has
//! `pub use logging::__private as __logging_private;`, a crate of its own would have
//! `pub use __private as __logging_private;` — and nothing in a macro changes. This is how `log`
//! does it (`$crate::__private_api`). A missing mount line is a compile error at every macro call,
//! the doc-test above included.

/// Logs at any level: `log!(level, …)`, `log!(name: "a.b", level, …)`, `log!(logger: expr, level, …)`,
/// each optionally with `key = value, …;` before the format string. Without a name the logger is
/// the module path with `::` turned into `.` (`talkdeck.study.session`).
#[macro_export]
macro_rules! log {
    (logger: $logger:expr, $level:expr, $($rest:tt)+) => {{
        let __level: $crate::__logging_private::Level = $level;
        let __logger: &$crate::__logging_private::Logger = &$logger;
        if __logger.is_enabled_for(__level) {
            $crate::__log_record!(__logger, __level, $($rest)+);
        }
    }};
    (name: $name:literal, $level:expr, $($rest:tt)+) => {{
        let __level: $crate::__logging_private::Level = $level;
        if $crate::__logging_private::enabled_anywhere(__level) {
            static __LOGGER: ::std::sync::OnceLock<$crate::__logging_private::Logger> =
                ::std::sync::OnceLock::new();
            let __logger = __LOGGER.get_or_init(|| $crate::__logging_private::get_logger($name));
            if __logger.is_enabled_for(__level) {
                $crate::__log_record!(__logger, __level, $($rest)+);
            }
        }
    }};
    ($level:expr, $($rest:tt)+) => {{
        let __level: $crate::__logging_private::Level = $level;
        if $crate::__logging_private::enabled_anywhere(__level) {
            static __LOGGER: ::std::sync::OnceLock<$crate::__logging_private::Logger> =
                ::std::sync::OnceLock::new();
            let __logger = __LOGGER
                .get_or_init(|| $crate::__logging_private::module_logger(module_path!()));
            if __logger.is_enabled_for(__level) {
                $crate::__log_record!(__logger, __level, $($rest)+);
            }
        }
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __log_record {
    ($logger:expr, $level:expr, $($key:ident = $value:expr),+ ; $($arg:tt)+) => {
        $logger.log_fields(
            $level,
            &$crate::__logging_private::Location { module_path: module_path!(), file: file!(), line: line!() },
            format_args!($($arg)+),
            &[$((stringify!($key), $crate::__logging_private::ToValue::to_value(&$value))),+],
        )
    };
    ($logger:expr, $level:expr, $($arg:tt)+) => {
        $logger.log(
            $level,
            &$crate::__logging_private::Location { module_path: module_path!(), file: file!(), line: line!() },
            format_args!($($arg)+),
        )
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __log_at {
    ($level:ident, logger: $logger:expr, $($rest:tt)+) => {
        $crate::log!(logger: $logger, $crate::__logging_private::Level::$level, $($rest)+)
    };
    ($level:ident, name: $name:literal, $($rest:tt)+) => {
        $crate::log!(name: $name, $crate::__logging_private::Level::$level, $($rest)+)
    };
    ($level:ident, $($rest:tt)+) => {
        $crate::log!($crate::__logging_private::Level::$level, $($rest)+)
    };
}

/// Logs at DEBUG; the forms of [`log!`] without the level.
#[macro_export]
macro_rules! debug { ($($t:tt)+) => { $crate::__log_at!(DEBUG, $($t)+) }; }
/// Logs at INFO; the forms of [`log!`] without the level.
#[macro_export]
macro_rules! info { ($($t:tt)+) => { $crate::__log_at!(INFO, $($t)+) }; }
/// Logs at NOTICE; the forms of [`log!`] without the level.
#[macro_export]
macro_rules! notice { ($($t:tt)+) => { $crate::__log_at!(NOTICE, $($t)+) }; }
/// Logs at WARNING; the forms of [`log!`] without the level.
#[macro_export]
macro_rules! warning { ($($t:tt)+) => { $crate::__log_at!(WARNING, $($t)+) }; }
/// Logs at ERROR; the forms of [`log!`] without the level.
#[macro_export]
macro_rules! error { ($($t:tt)+) => { $crate::__log_at!(ERROR, $($t)+) }; }
/// Logs at CRITICAL; the forms of [`log!`] without the level.
#[macro_export]
macro_rules! critical { ($($t:tt)+) => { $crate::__log_at!(CRITICAL, $($t)+) }; }
/// Logs at ALERT; the forms of [`log!`] without the level.
#[macro_export]
macro_rules! alert { ($($t:tt)+) => { $crate::__log_at!(ALERT, $($t)+) }; }
/// Logs at EMERGENCY; the forms of [`log!`] without the level.
#[macro_export]
macro_rules! emergency { ($($t:tt)+) => { $crate::__log_at!(EMERGENCY, $($t)+) }; }

/// Logs an error with its whole `source()` chain at ERROR, on one line:
/// `exception!(logger: l, err, "saving {}", path)` → `saving x: error: cause: root cause`.
#[macro_export]
macro_rules! exception {
    (logger: $logger:expr, $err:expr, $($arg:tt)+) => {{
        let __logger: &$crate::__logging_private::Logger = &$logger;
        __logger.exception(
            &$crate::__logging_private::Location { module_path: module_path!(), file: file!(), line: line!() },
            format_args!($($arg)+),
            &$err,
        )
    }};
    ($err:expr, $($arg:tt)+) => {{
        static __LOGGER: ::std::sync::OnceLock<$crate::__logging_private::Logger> = ::std::sync::OnceLock::new();
        let __logger = __LOGGER.get_or_init(|| $crate::__logging_private::module_logger(module_path!()));
        $crate::exception!(logger: __logger, $err, $($arg)+)
    }};
}
