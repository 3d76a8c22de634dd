//! Log levels: the eight syslog levels with Python's numbers, plus custom levels by number.
//!
//! A [`Level`] is a plain `u32` so that filtering is one integer compare. Names of custom levels live in
//! a small process-wide table (Python's `addLevelName`); the eight standard names never touch it.

use super::sync::{read, write};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::RwLock;

/// A log level: higher is more severe. The standard ones are Python's numbers with NOTICE, ALERT and
/// EMERGENCY added at 25, 60 and 70.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Level(u32);

impl Level {
    /// No level set: a logger at `NOTSET` inherits its parent's level.
    pub const NOTSET: Level = Level(0);
    /// Detail for finding a fault (10; syslog severity 7).
    pub const DEBUG: Level = Level(10);
    /// Normal operation (20; syslog 6).
    pub const INFO: Level = Level(20);
    /// Normal but significant, such as a summary of work done (25; syslog 5).
    pub const NOTICE: Level = Level(25);
    /// Something unexpected that was worked around (30; syslog 4).
    pub const WARNING: Level = Level(30);
    /// An operation failed (40; syslog 3).
    pub const ERROR: Level = Level(40);
    /// A part of the program failed (50; syslog 2).
    pub const CRITICAL: Level = Level(50);
    /// Action must be taken at once (60; syslog 1).
    pub const ALERT: Level = Level(60);
    /// The program is unusable (70; syslog 0).
    pub const EMERGENCY: Level = Level(70);

    /// The eight standard levels, least severe first.
    pub const STANDARD: [Level; 8] = [
        Level::DEBUG,
        Level::INFO,
        Level::NOTICE,
        Level::WARNING,
        Level::ERROR,
        Level::CRITICAL,
        Level::ALERT,
        Level::EMERGENCY,
    ];

    /// A level by number; give it a name with [`add_level_name`].
    pub const fn new(value: u32) -> Level {
        Level(value)
    }

    /// The level's number (DEBUG is 10, EMERGENCY 70).
    pub const fn value(self) -> u32 {
        self.0
    }

    /// The name of a standard level, without consulting the custom table.
    pub const fn standard_name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "NOTSET",
            10 => "DEBUG",
            20 => "INFO",
            25 => "NOTICE",
            30 => "WARNING",
            40 => "ERROR",
            50 => "CRITICAL",
            60 => "ALERT",
            70 => "EMERGENCY",
            _ => return None,
        })
    }

    /// The level's name: the standard name, a registered custom name, or `Level N` as Python says it.
    pub fn name(self) -> Cow<'static, str> {
        if let Some(name) = self.standard_name() {
            return Cow::Borrowed(name);
        }
        let table = read(&CUSTOM_NAMES);
        match table.iter().find(|(value, _)| *value == self.0) {
            Some((_, name)) => Cow::Owned(name.to_string()),
            None => Cow::Owned(format!("Level {}", self.0)),
        }
    }

    /// The syslog severity (RFC 5424): EMERGENCY 0 … DEBUG 7. A custom level takes the severity of the
    /// nearest standard level at or below it; anything below DEBUG is DEBUG's 7.
    pub fn syslog_severity(self) -> u8 {
        let below = Level::STANDARD
            .iter()
            .rposition(|standard| *standard <= self);
        match below {
            Some(index) => 7 - index as u8,
            None => 7,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.name())
    }
}

impl fmt::Debug for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.name(), self.0)
    }
}

/// Custom level names, Python's `_levelToName` for the levels it does not know.
static CUSTOM_NAMES: RwLock<Vec<(u32, Box<str>)>> = RwLock::new(Vec::new());

/// Registers (or renames) a custom level, like Python's `logging.addLevelName`. Standard levels keep
/// their names: renaming WARNING would make every log file ambiguous.
pub fn add_level_name(level: Level, name: &str) -> Result<(), ParseLevelError> {
    let name = name.trim();
    let valid = !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid || name.parse::<u32>().is_ok() {
        return Err(ParseLevelError(format!("invalid level name {name:?}")));
    }
    if level.standard_name().is_some() {
        return Err(ParseLevelError(format!(
            "level {} is a standard level and keeps its name",
            level.0
        )));
    }
    if let Some(standard) = standard_by_name(name) {
        return Err(ParseLevelError(format!(
            "{name:?} is the name of the standard level {standard}"
        )));
    }
    let mut table = write(&CUSTOM_NAMES);
    table.retain(|(value, existing)| *value != level.0 && !existing.eq_ignore_ascii_case(name));
    table.push((level.0, name.into()));
    Ok(())
}

fn standard_by_name(name: &str) -> Option<Level> {
    const ALIASES: [(&str, Level); 11] = [
        ("DEBUG", Level::DEBUG),
        ("INFO", Level::INFO),
        ("NOTICE", Level::NOTICE),
        ("WARNING", Level::WARNING),
        ("WARN", Level::WARNING),
        ("ERROR", Level::ERROR),
        ("CRITICAL", Level::CRITICAL),
        ("FATAL", Level::CRITICAL),
        ("ALERT", Level::ALERT),
        ("EMERGENCY", Level::EMERGENCY),
        ("NOTSET", Level::NOTSET),
    ];
    ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map(|(_, level)| *level)
}

/// Why a level name did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLevelError(String);

impl fmt::Display for ParseLevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseLevelError {}

impl FromStr for Level {
    type Err = ParseLevelError;

    /// Parses a name case-insensitively (`warn` and `fatal` are accepted as Python accepts them), a
    /// registered custom name, or a number.
    fn from_str(text: &str) -> Result<Level, ParseLevelError> {
        let text = text.trim();
        if let Some(level) = standard_by_name(text) {
            return Ok(level);
        }
        if let Ok(value) = text.parse::<u32>() {
            return Ok(Level(value));
        }
        let table = read(&CUSTOM_NAMES);
        if let Some((value, _)) = table
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(text))
        {
            return Ok(Level(*value));
        }
        Err(ParseLevelError(format!(
            "unknown log level {text:?} (expected DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, \
             EMERGENCY or a number)"
        )))
    }
}

impl<'de> serde::Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Level, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Level;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a level name such as \"INFO\" or a level number")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Level, E> {
                text.parse().map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Level, E> {
                u32::try_from(value)
                    .map(Level)
                    .map_err(|_| E::custom(format!("level number {value} is too large")))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Level, E> {
                u32::try_from(value)
                    .map(Level)
                    .map_err(|_| E::custom(format!("level number {value} is out of range")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl serde::Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_levels_are_ordered_with_python_numbers_and_syslog_severities() {
        let numbers: Vec<u32> = Level::STANDARD.iter().map(|l| l.value()).collect();
        assert_eq!(numbers, [10, 20, 25, 30, 40, 50, 60, 70]);
        let severities: Vec<u8> = Level::STANDARD
            .iter()
            .map(|l| l.syslog_severity())
            .collect();
        assert_eq!(severities, [7, 6, 5, 4, 3, 2, 1, 0]);
        assert!(Level::NOTICE > Level::INFO && Level::NOTICE < Level::WARNING);
        let names: Vec<String> = Level::STANDARD.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            names,
            [
                "DEBUG",
                "INFO",
                "NOTICE",
                "WARNING",
                "ERROR",
                "CRITICAL",
                "ALERT",
                "EMERGENCY"
            ]
        );
    }

    #[test]
    fn names_parse_case_insensitively_with_python_aliases_and_numbers() {
        assert_eq!("warn".parse::<Level>(), Ok(Level::WARNING));
        assert_eq!(" Warning ".parse::<Level>(), Ok(Level::WARNING));
        assert_eq!("fatal".parse::<Level>(), Ok(Level::CRITICAL));
        assert_eq!("emergency".parse::<Level>(), Ok(Level::EMERGENCY));
        assert_eq!("35".parse::<Level>(), Ok(Level::new(35)));
        let err = "verbose".parse::<Level>().unwrap_err();
        assert!(
            err.to_string().contains("unknown log level \"verbose\""),
            "{err}"
        );
    }

    #[test]
    fn custom_level_gets_a_name_that_parses_back_and_a_neighbours_severity() {
        let trace = Level::new(5);
        let success = Level::new(33);
        add_level_name(trace, "TRACE").unwrap();
        add_level_name(success, "Success").unwrap();
        assert_eq!(trace.to_string(), "TRACE");
        assert_eq!("trace".parse::<Level>(), Ok(trace));
        assert_eq!("SUCCESS".parse::<Level>(), Ok(success));
        assert_eq!(success.syslog_severity(), Level::WARNING.syslog_severity());
        assert_eq!(trace.syslog_severity(), 7);
        assert_eq!(Level::new(44).to_string(), "Level 44");
        assert!(add_level_name(Level::WARNING, "CAUTION").is_err());
        assert!(add_level_name(Level::new(41), "error").is_err());
        assert!(add_level_name(Level::new(41), "two words").is_err());
    }

    #[test]
    fn display_honours_width_and_alignment() {
        assert_eq!(format!("{:<9}|", Level::INFO), "INFO     |");
        assert_eq!(format!("{:>7}|", Level::ERROR), "  ERROR|");
    }
}
