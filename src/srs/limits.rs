//! The values a learner may choose for the scheduler, in one place: `Config::validate`, the
//! settings file's checks and the Settings screen's messages all read these ranges.

use std::ops::RangeInclusive;

/// The desired retention: the chance of remembering an item when it comes back.
pub const RETENTION: RangeInclusive<f32> = 0.70..=0.99;

/// A learning or relearning step, in seconds: one second to one day.
pub const STEP_SECS: RangeInclusive<u32> = 1..=86_400;

/// The longest interval the scheduler may give, in days.
pub const MAXIMUM_INTERVAL_DAYS: RangeInclusive<u32> = 1..=36_500;

/// The local hour a study day starts.
pub const ROLLOVER_HOURS: RangeInclusive<u8> = 0..=23;

/// Why `retention` cannot be the desired retention, if it cannot.
pub fn retention_problem(retention: f32) -> Option<String> {
    (!RETENTION.contains(&retention)).then(|| {
        format!(
            "desired retention {retention} is outside {:.2}–{:.2}",
            RETENTION.start(),
            RETENTION.end()
        )
    })
}

/// Why `days` cannot be the maximum interval, if it cannot.
pub fn maximum_interval_problem(days: u32) -> Option<String> {
    (!MAXIMUM_INTERVAL_DAYS.contains(&days)).then(|| {
        format!(
            "the maximum interval must be {} to {} days",
            MAXIMUM_INTERVAL_DAYS.start(),
            MAXIMUM_INTERVAL_DAYS.end()
        )
    })
}

/// Why `hour` cannot start a day, if it cannot.
pub fn rollover_hour_problem(hour: u8) -> Option<String> {
    (!ROLLOVER_HOURS.contains(&hour)).then(|| {
        format!(
            "hour {hour} is not {}–{}",
            ROLLOVER_HOURS.start(),
            ROLLOVER_HOURS.end()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_messages_name_the_ranges_as_the_files_and_screens_show_them() {
        assert_eq!(
            retention_problem(0.5).as_deref(),
            Some("desired retention 0.5 is outside 0.70–0.99")
        );
        assert_eq!(retention_problem(0.70), None);
        assert_eq!(retention_problem(0.99), None);
        assert_eq!(
            maximum_interval_problem(0).as_deref(),
            Some("the maximum interval must be 1 to 36500 days")
        );
        assert_eq!(maximum_interval_problem(36_500), None);
        assert_eq!(
            rollover_hour_problem(24).as_deref(),
            Some("hour 24 is not 0–23")
        );
        assert_eq!(rollover_hour_problem(0), None);
    }
}
