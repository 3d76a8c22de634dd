//! Filters: per-record decisions attached to loggers and handlers.
//!
//! Each filter answers [`Decision::Accept`], [`Decision::Neutral`] or [`Decision::Reject`] (log4rs's
//! model). In a chain the first non-neutral answer wins and an all-neutral chain accepts, so a
//! restricting filter (name, level range) answers Neutral when the record may pass and Reject when not.

use super::{Level, Record};

/// What a filter says about one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Pass the record without asking the remaining filters.
    Accept,
    /// No opinion: ask the next filter; a chain of neutral answers passes the record.
    Neutral,
    /// Drop the record.
    Reject,
}

/// A per-record decision.
pub trait Filter: Send + Sync {
    /// This filter's answer for `record` (see [`Decision`]).
    fn decide(&self, record: &Record<'_>) -> Decision;
}

/// Runs a chain of filters: the first non-neutral answer wins; no answer means accept.
pub fn chain_accepts(filters: &[std::sync::Arc<dyn Filter>], record: &Record<'_>) -> bool {
    for filter in filters {
        match filter.decide(record) {
            Decision::Accept => return true,
            Decision::Reject => return false,
            Decision::Neutral => {}
        }
    }
    true
}

/// Python's `logging.Filter(name)`: passes records from the logger `name` and its descendants —
/// `a.b` passes `a.b` and `a.b.c`, not `a.bc`. An empty name passes everything.
#[derive(Clone, Debug)]
pub struct NameFilter {
    name: String,
}

impl NameFilter {
    /// Passes the records of the logger called `name` and of its descendants (`a.b` passes `a.b.c`,
    /// not `a.bc`); an empty name passes everything.
    pub fn new(name: impl Into<String>) -> NameFilter {
        NameFilter { name: name.into() }
    }

    /// The name rule on its own.
    pub fn matches(&self, logger: &str) -> bool {
        is_same_or_descendant(logger, &self.name)
    }
}

/// Whether `logger` is `ancestor` or below it in the dotted hierarchy.
pub(crate) fn is_same_or_descendant(logger: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || (logger.starts_with(ancestor)
            && (logger.len() == ancestor.len() || logger.as_bytes()[ancestor.len()] == b'.'))
}

impl Filter for NameFilter {
    fn decide(&self, record: &Record<'_>) -> Decision {
        if self.matches(record.logger) {
            Decision::Neutral
        } else {
            Decision::Reject
        }
    }
}

/// Passes records whose level lies in `min..=max`.
#[derive(Clone, Copy, Debug)]
pub struct LevelRangeFilter {
    /// The lowest level let through.
    pub min: Level,
    /// The highest level let through.
    pub max: Level,
}

impl Filter for LevelRangeFilter {
    fn decide(&self, record: &Record<'_>) -> Decision {
        if (self.min..=self.max).contains(&record.level) {
            Decision::Neutral
        } else {
            Decision::Reject
        }
    }
}

/// A filter from a closure.
pub struct FnFilter<F>(pub F);

impl<F: Fn(&Record<'_>) -> Decision + Send + Sync> Filter for FnFilter<F> {
    fn decide(&self, record: &Record<'_>) -> Decision {
        (self.0)(record)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::logging::record::{Location, ThreadInfo};

    fn with_record<R>(logger: &str, level: Level, f: impl FnOnce(&Record<'_>) -> R) -> R {
        ThreadInfo::with_current(|thread| {
            f(&Record {
                time: std::time::SystemTime::UNIX_EPOCH,
                level,
                logger,
                args: format_args!("m"),
                location: &Location::UNKNOWN,
                thread,
                fields: &[],
            })
        })
    }

    #[test]
    fn name_filter_follows_pythons_dotted_prefix_rule() {
        let filter = NameFilter::new("a.b");
        let cases = [
            ("a.b", true),
            ("a.b.c", true),
            ("a.b.c.d", true),
            ("a.bc", false),
            ("a", false),
            ("a.c", false),
            ("b.a.b", false),
            ("", false),
        ];
        for (logger, passes) in cases {
            assert_eq!(
                filter.matches(logger),
                passes,
                "NameFilter(\"a.b\") on {logger:?}"
            );
            let decision = with_record(logger, Level::INFO, |r| filter.decide(r));
            let expected = if passes {
                Decision::Neutral
            } else {
                Decision::Reject
            };
            assert_eq!(decision, expected, "decision on {logger:?}");
        }
        assert!(NameFilter::new("").matches("anything.at.all"));
    }

    #[test]
    fn level_range_filter_is_inclusive_at_both_ends() {
        let filter = LevelRangeFilter {
            min: Level::NOTICE,
            max: Level::ERROR,
        };
        for (level, passes) in [
            (Level::INFO, false),
            (Level::NOTICE, true),
            (Level::WARNING, true),
            (Level::ERROR, true),
            (Level::CRITICAL, false),
        ] {
            let decision = with_record("x", level, |r| filter.decide(r));
            assert_eq!(decision == Decision::Neutral, passes, "{level}");
        }
    }

    #[test]
    fn chain_takes_the_first_non_neutral_answer_and_accepts_when_all_are_neutral() {
        let accept_study: Arc<dyn Filter> = Arc::new(FnFilter(|r: &Record<'_>| {
            if r.logger == "study" {
                Decision::Accept
            } else {
                Decision::Neutral
            }
        }));
        let warnings_only: Arc<dyn Filter> = Arc::new(LevelRangeFilter {
            min: Level::WARNING,
            max: Level::EMERGENCY,
        });
        let chain = [accept_study, warnings_only];
        let passes = |logger, level| with_record(logger, level, |r| chain_accepts(&chain, r));
        assert!(
            passes("study", Level::DEBUG),
            "accept short-circuits the level range"
        );
        assert!(!passes("deck", Level::DEBUG), "neutral then reject");
        assert!(passes("deck", Level::ERROR), "neutral then neutral");
        assert!(
            with_record("x", Level::DEBUG, |r| chain_accepts(&[], r)),
            "empty chain"
        );
    }
}
