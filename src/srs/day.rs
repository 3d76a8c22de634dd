//! Days as the learner lives them: a day starts at the rollover hour (04:00 by default) in the local
//! time zone, so a late-night session still counts as "today". Review intervals and elapsed days are
//! counted in these day numbers, as Anki counts them.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// Maps instants to day numbers.
#[derive(Clone, Debug)]
pub struct DayClock {
    tz: TimeZone,
    rollover_hour: u8,
    /// The zone's offset in seconds when it never changes (UTC, China): days are then arithmetic.
    fixed_offset_secs: Option<i64>,
}

impl DayClock {
    pub fn new(tz: TimeZone, rollover_hour: u8) -> DayClock {
        let fixed_offset_secs = tz.to_fixed_offset().ok().map(|o| i64::from(o.seconds()));
        DayClock {
            tz,
            rollover_hour: rollover_hour.min(*super::ROLLOVER_HOURS.end()),
            fixed_offset_secs,
        }
    }

    /// The time zone days are counted in.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The hour (0–23, local time) a day starts.
    pub fn rollover_hour(&self) -> u8 {
        self.rollover_hour
    }

    /// The system time zone with the day starting at `rollover_hour`.
    pub fn local(rollover_hour: u8) -> DayClock {
        DayClock::new(TimeZone::system(), rollover_hour)
    }

    /// The day number of an instant (milliseconds since the Unix epoch): days since 1970-01-01 of the
    /// local calendar date, after moving back by the rollover hour.
    pub fn day(&self, ms: i64) -> i32 {
        if let Some(offset) = self.fixed_offset_secs {
            let local_ms = ms + (offset - i64::from(self.rollover_hour) * 3600) * 1000;
            return local_ms.div_euclid(86_400_000) as i32;
        }
        let ts = Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
        let shifted = ts
            .to_zoned(self.tz.clone())
            .checked_sub(i64::from(self.rollover_hour).hours())
            .unwrap_or_else(|_| ts.to_zoned(self.tz.clone()));
        let date = shifted.date();
        let epoch = jiff::civil::date(1970, 1, 1);
        (date - epoch).get_days()
    }

    /// The instant (ms) day `day` starts: the rollover hour of that local date (or the first moment
    /// after it, where a DST change skips it).
    pub fn start_of_day(&self, day: i32) -> i64 {
        if let Some(offset) = self.fixed_offset_secs {
            return i64::from(day) * 86_400_000
                + (i64::from(self.rollover_hour) * 3600 - offset) * 1000;
        }
        self.start_of_day_exact(day)
    }

    /// [`DayClock::start_of_day`] through the time zone's rules (DST and all).
    fn start_of_day_exact(&self, day: i32) -> i64 {
        let date = jiff::civil::date(1970, 1, 1)
            .checked_add(i64::from(day).days())
            .unwrap_or(jiff::civil::date(1970, 1, 1));
        let at = date.at(i8::try_from(self.rollover_hour).unwrap_or(4), 0, 0, 0);
        at.to_zoned(self.tz.clone())
            .map(|z| z.timestamp().as_millisecond())
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        rfc3339.parse::<Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn the_fixed_offset_shortcut_agrees_with_the_zone_rules() {
        for tz in [
            TimeZone::UTC,
            TimeZone::fixed(jiff::tz::offset(8)),
            TimeZone::fixed(jiff::tz::offset(-5)),
        ] {
            for hour in [0, 4, 23] {
                let clock = DayClock::new(tz.clone(), hour);
                assert!(clock.fixed_offset_secs.is_some());
                for day in (-800..30_000).step_by(7) {
                    assert_eq!(
                        clock.start_of_day(day),
                        clock.start_of_day_exact(day),
                        "{day}"
                    );
                    assert_eq!(clock.day(clock.start_of_day(day)), day);
                    assert_eq!(clock.day(clock.start_of_day(day) - 1), day - 1);
                }
            }
        }
    }

    #[test]
    fn the_day_changes_at_the_rollover_hour_not_at_midnight() {
        let clock = DayClock::new(TimeZone::posix("CST-8").unwrap(), 4);
        // Shanghai 2026-11-23 03:59 still belongs to the 22nd.
        let late = clock.day(ms("2026-11-22T19:59:00Z"));
        let morning = clock.day(ms("2026-11-22T20:00:00Z"));
        assert_eq!(morning - late, 1);
        assert_eq!(clock.start_of_day(morning), ms("2026-11-22T20:00:00Z"));
        assert_eq!(clock.day(clock.start_of_day(morning)), morning);
    }

    #[test]
    fn the_fixed_offset_shortcut_agrees_with_the_time_zone_database() {
        let fast = DayClock::new(TimeZone::fixed(jiff::tz::offset(8)), 4);
        let slow = DayClock {
            fixed_offset_secs: None,
            ..fast.clone()
        };
        assert!(fast.fixed_offset_secs.is_some());
        let start = ms("1969-12-30T00:00:00Z");
        for step in 0..5000i64 {
            let t = start + step * 1_234_567_891;
            assert_eq!(fast.day(t), slow.day(t), "at {t}");
        }
        let dst = DayClock::new(TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap(), 4);
        assert!(
            dst.fixed_offset_secs.is_none(),
            "zones with DST take the careful path"
        );
    }

    #[test]
    fn days_count_calendar_days_across_dst() {
        let clock = DayClock::new(TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap(), 4);
        let before = clock.day(ms("2026-03-07T12:00:00Z"));
        let after = clock.day(ms("2026-03-09T12:00:00Z"));
        assert_eq!(after - before, 2);
        // On the 23-hour day the next day still starts at 04:00 local (08:00Z in EDT).
        assert_eq!(clock.start_of_day(before + 2), ms("2026-03-09T08:00:00Z"));
    }
}
