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

/// Logs at any level: `log!(level, …)`, `log!(name: "a.b", level, …)`, `log!(logger: expr, level, …)`,
/// each optionally with `key = value, …;` before the format string. Without a name the logger is
/// the module path with `::` turned into `.` (`talkdeck.study.session`).
#[macro_export]
macro_rules! log {
    (logger: $logger:expr, $level:expr, $($rest:tt)+) => {{
        let __level: $crate::logging::Level = $level;
        let __logger: &$crate::logging::Logger = &$logger;
        if __logger.is_enabled_for(__level) {
            $crate::__log_record!(__logger, __level, $($rest)+);
        }
    }};
    (name: $name:literal, $level:expr, $($rest:tt)+) => {{
        let __level: $crate::logging::Level = $level;
        if $crate::logging::__private::enabled_anywhere(__level) {
            static __LOGGER: ::std::sync::OnceLock<$crate::logging::Logger> =
                ::std::sync::OnceLock::new();
            let __logger = __LOGGER.get_or_init(|| $crate::logging::get_logger($name));
            if __logger.is_enabled_for(__level) {
                $crate::__log_record!(__logger, __level, $($rest)+);
            }
        }
    }};
    ($level:expr, $($rest:tt)+) => {{
        let __level: $crate::logging::Level = $level;
        if $crate::logging::__private::enabled_anywhere(__level) {
            static __LOGGER: ::std::sync::OnceLock<$crate::logging::Logger> =
                ::std::sync::OnceLock::new();
            let __logger = __LOGGER
                .get_or_init(|| $crate::logging::__private::module_logger(module_path!()));
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
            &$crate::logging::Location { module_path: module_path!(), file: file!(), line: line!() },
            format_args!($($arg)+),
            &[$((stringify!($key), $crate::logging::ToValue::to_value(&$value))),+],
        )
    };
    ($logger:expr, $level:expr, $($arg:tt)+) => {
        $logger.log(
            $level,
            &$crate::logging::Location { module_path: module_path!(), file: file!(), line: line!() },
            format_args!($($arg)+),
        )
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __log_at {
    ($level:ident, logger: $logger:expr, $($rest:tt)+) => {
        $crate::log!(logger: $logger, $crate::logging::Level::$level, $($rest)+)
    };
    ($level:ident, name: $name:literal, $($rest:tt)+) => {
        $crate::log!(name: $name, $crate::logging::Level::$level, $($rest)+)
    };
    ($level:ident, $($rest:tt)+) => {
        $crate::log!($crate::logging::Level::$level, $($rest)+)
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
        let __logger: &$crate::logging::Logger = &$logger;
        __logger.exception(
            &$crate::logging::Location { module_path: module_path!(), file: file!(), line: line!() },
            format_args!($($arg)+),
            &$err,
        )
    }};
    ($err:expr, $($arg:tt)+) => {{
        static __LOGGER: ::std::sync::OnceLock<$crate::logging::Logger> = ::std::sync::OnceLock::new();
        let __logger = __LOGGER.get_or_init(|| $crate::logging::__private::module_logger(module_path!()));
        $crate::exception!(logger: __logger, $err, $($arg)+)
    }};
}
