//! The bridge from the `log` facade: records that dependencies (egui, eframe, winit) make through
//! `log` arrive in talkdeck's loggers and handlers.
//!
//! A `log` target becomes a logger name with `::` turned into `.`, so `eframe::native::run` is the
//! logger `eframe.native.run` under `eframe`, and setting the level of `eframe` governs all of it.
//! Levels map Error → ERROR, Warn → WARNING, Info → INFO, Debug and Trace → DEBUG. `log`'s key–value
//! fields are not carried over.

use std::collections::HashMap;
use std::sync::{Mutex, RwLock};
use std::time::SystemTime;

use super::record::{Location, ThreadInfo};
use super::sync::{lock, read, write};
use super::{Level, Logger, Record, Registry};

/// Maps a `log` level to talkdeck's.
pub fn level_from_log(level: log::Level) -> Level {
    match level {
        log::Level::Error => Level::ERROR,
        log::Level::Warn => Level::WARNING,
        log::Level::Info => Level::INFO,
        log::Level::Debug | log::Level::Trace => Level::DEBUG,
    }
}

/// The `log` level filter that lets through every `log` record at or above `level` once mapped by
/// [`level_from_log`] (DEBUG and below: `Trace`; above ERROR: `Off`).
pub fn level_filter(level: Level) -> log::LevelFilter {
    if level <= Level::DEBUG {
        log::LevelFilter::Trace
    } else if level <= Level::INFO {
        log::LevelFilter::Info
    } else if level <= Level::WARNING {
        log::LevelFilter::Warn
    } else if level <= Level::ERROR {
        log::LevelFilter::Error
    } else {
        log::LevelFilter::Off
    }
}

/// Implements [`log::Log`] on a registry.
pub struct LogBridge {
    registry: Registry,
    loggers: RwLock<HashMap<String, Logger>>,
    /// Call sites seen, made `'static` once each: their number is bounded by the code in the binary.
    locations: Mutex<HashMap<(&'static str, &'static str, u32), &'static Location>>,
}

impl LogBridge {
    /// A bridge into `registry` (`log` records go to its loggers); [`install`] makes one for the
    /// global registry.
    pub fn new(registry: Registry) -> LogBridge {
        LogBridge {
            registry,
            loggers: RwLock::new(HashMap::new()),
            locations: Mutex::new(HashMap::new()),
        }
    }

    fn logger(&self, target: &str) -> Logger {
        if let Some(logger) = read(&self.loggers).get(target) {
            return logger.clone();
        }
        let logger = self.registry.get_logger(&target.replace("::", "."));
        write(&self.loggers).insert(target.to_string(), logger.clone());
        logger
    }

    fn location(&self, record: &log::Record<'_>) -> &'static Location {
        let (Some(module_path), Some(file), Some(line)) = (
            record.module_path_static(),
            record.file_static(),
            record.line(),
        ) else {
            return &Location::UNKNOWN;
        };
        let mut locations = lock(&self.locations);
        locations
            .entry((module_path, file, line))
            .or_insert_with(|| {
                Box::leak(Box::new(Location {
                    module_path,
                    file,
                    line,
                }))
            })
    }
}

impl log::Log for LogBridge {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        self.logger(metadata.target())
            .is_enabled_for(level_from_log(metadata.level()))
    }

    fn log(&self, record: &log::Record<'_>) {
        let level = level_from_log(record.level());
        let logger = self.logger(record.target());
        if !logger.is_enabled_for(level) {
            return;
        }
        let location = self.location(record);
        ThreadInfo::with_current(|thread| {
            logger.handle(&Record {
                time: SystemTime::now(),
                level,
                logger: logger.name(),
                args: *record.args(),
                location,
                thread,
                fields: &[],
            })
        });
    }

    fn flush(&self) {
        self.registry.flush();
    }
}

/// Routes the `log` facade into the global registry and lets `log` records up to `max_level` through
/// (talkdeck's logger levels then decide). Fails if another `log` logger is already installed.
pub fn install(max_level: log::LevelFilter) -> Result<(), log::SetLoggerError> {
    log::set_boxed_logger(Box::new(LogBridge::new(Registry::global().clone())))?;
    log::set_max_level(max_level);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_filter_lets_through_exactly_what_the_level_does() {
        let levels = [
            log::Level::Error,
            log::Level::Warn,
            log::Level::Info,
            log::Level::Debug,
            log::Level::Trace,
        ];
        for threshold in [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 70, 99] {
            let threshold = Level::new(threshold);
            let filter = level_filter(threshold);
            for level in levels {
                assert_eq!(
                    level <= filter,
                    level_from_log(level) >= threshold,
                    "{level:?} against {threshold:?}"
                );
            }
        }
    }
}
