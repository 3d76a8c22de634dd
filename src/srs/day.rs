//! Days as the learner lives them: a day starts at the rollover hour (04:00 by default) in the local
//! time zone, so a late-night session still counts as "today". Review intervals and elapsed days are
//! counted in these day numbers, as Anki counts them.

use std::sync::Arc;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

const DAY_MS: i64 = 86_400_000;

/// Maps instants to day numbers.
#[derive(Clone, Debug)]
pub struct DayClock {
    tz: TimeZone,
    rollover_hour: u8,
    /// The zone's offset in seconds when it never changes (UTC, China): days are then arithmetic.
    fixed_offset_secs: Option<i64>,
    /// Otherwise the zone's offsets between [`TABLE_FROM_MS`] and [`TABLE_TO_MS`], looked up by a
    /// binary search instead of through the zone's rules for every instant.
    offsets: Option<Arc<Offsets>>,
}

/// The span the offset table covers: 1900 to 2200, every instant a journal can hold.
const TABLE_FROM_MS: i64 = -2_208_988_800_000;
const TABLE_TO_MS: i64 = 7_258_118_400_000;

/// A zone's offsets as a table: `offset_secs[i]` holds from `starts_ms[i]` to the next start.
#[derive(Debug)]
struct Offsets {
    starts_ms: Box<[i64]>,
    offset_secs: Box<[i32]>,
}

impl Offsets {
    fn of(tz: &TimeZone) -> Offsets {
        let from = Timestamp::from_millisecond(TABLE_FROM_MS).unwrap_or(Timestamp::UNIX_EPOCH);
        let mut starts_ms = vec![TABLE_FROM_MS];
        let mut offset_secs = vec![tz.to_offset(from).seconds()];
        for transition in tz.following(from) {
            let at = transition.timestamp().as_millisecond();
            if at >= TABLE_TO_MS {
                break;
            }
            starts_ms.push(at);
            offset_secs.push(transition.offset().seconds());
        }
        Offsets {
            starts_ms: starts_ms.into(),
            offset_secs: offset_secs.into(),
        }
    }

    /// The offset at `ms`, or `None` outside the table.
    fn at(&self, ms: i64) -> Option<i64> {
        if !(TABLE_FROM_MS..TABLE_TO_MS).contains(&ms) {
            return None;
        }
        let i = self.starts_ms.partition_point(|&start| start <= ms);
        Some(i64::from(self.offset_secs[i - 1]))
    }
}

impl DayClock {
    pub fn new(tz: TimeZone, rollover_hour: u8) -> DayClock {
        let fixed_offset_secs = tz.to_fixed_offset().ok().map(|o| i64::from(o.seconds()));
        let offsets = fixed_offset_secs
            .is_none()
            .then(|| Arc::new(Offsets::of(&tz)));
        DayClock {
            tz,
            rollover_hour: rollover_hour.min(*super::ROLLOVER_HOURS.end()),
            fixed_offset_secs,
            offsets,
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
    /// local calendar date, after moving the local time back by the rollover hour — so a day starts
    /// at exactly the local time [`DayClock::start_of_day`] gives, on a DST change day too. An offset
    /// lookup and a division.
    pub fn day(&self, ms: i64) -> i32 {
        let offset = self
            .fixed_offset_secs
            .or_else(|| self.offsets.as_ref().and_then(|offsets| offsets.at(ms)));
        match offset {
            Some(offset) => {
                let local_ms = ms + (offset - i64::from(self.rollover_hour) * 3600) * 1000;
                local_ms.div_euclid(DAY_MS) as i32
            }
            None => self.day_exact(ms),
        }
    }

    /// [`DayClock::day`] through the time zone's rules.
    fn day_exact(&self, ms: i64) -> i32 {
        let ts = Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
        let local = ts.to_zoned(self.tz.clone()).datetime();
        let shifted = local
            .checked_sub(i64::from(self.rollover_hour).hours())
            .unwrap_or(local);
        let epoch = jiff::civil::date(1970, 1, 1);
        (shifted.date() - epoch).get_days()
    }

    /// Whether the zone's offset changes (DST), so days are not all 24 hours long.
    pub fn has_transitions(&self) -> bool {
        self.fixed_offset_secs.is_none()
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

    /// A zone from jiff's bundled database, the same on every host.
    pub(crate) fn zone(name: &str) -> TimeZone {
        jiff::tz::TimeZoneDatabase::bundled()
            .get(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn the_offset_table_agrees_with_the_zone_rules_in_real_zones() {
        for name in [
            "America/New_York",
            "Asia/Shanghai",
            "Europe/London",
            "Australia/Lord_Howe", // a 30-minute DST change
            "Pacific/Apia",        // skipped a whole day in 2011
        ] {
            for hour in [0, 4, 23] {
                let clock = DayClock::new(zone(name), hour);
                assert!(clock.offsets.is_some(), "{name}");
                let exact = |ms| clock.day_exact(ms);
                let start = ms("1985-01-01T00:00:00Z");
                for step in 0..20_000i64 {
                    let t = start + step * 98_765_432;
                    assert_eq!(clock.day(t), exact(t), "{name} {hour}h at {t}");
                }
                // Around each change of 2026, a minute at a time for three hours either side.
                let from = Timestamp::from_millisecond(ms("2026-01-01T00:00:00Z")).unwrap();
                for transition in clock.time_zone().following(from).take(2) {
                    let at = transition.timestamp().as_millisecond();
                    for minute in -180..180 {
                        let t = at + minute * 60_000 + i64::from(hour) * 3_600_000;
                        assert_eq!(clock.day(t), exact(t), "{name} {hour}h at {t}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_dst_change_day_in_new_york_is_one_day_whatever_its_length() {
        let clock = DayClock::new(zone("America/New_York"), 4);
        // Clocks go forward at 02:00 on 2026-03-08, inside the study day that began at 04:00 EST
        // on the 7th and ends at 04:00 EDT on the 8th: 23 hours.
        let day = clock.day(ms("2026-03-07T12:00:00Z"));
        assert_eq!(clock.start_of_day(day), ms("2026-03-07T09:00:00Z"));
        assert_eq!(clock.start_of_day(day + 1), ms("2026-03-08T08:00:00Z"));
        assert_eq!(clock.day(ms("2026-03-08T07:59:59Z")), day);
        assert_eq!(clock.day(ms("2026-03-08T08:00:00Z")), day + 1);
        // Clocks go back at 02:00 on 2026-11-01: the study day from 04:00 EDT on 31 October to
        // 04:00 EST on 1 November is 25 hours.
        let day = clock.day(ms("2026-10-31T12:00:00Z"));
        assert_eq!(
            clock.start_of_day(day + 1) - clock.start_of_day(day),
            25 * 3_600_000
        );
        assert_eq!(clock.day(ms("2026-11-01T08:59:59Z")), day);
        assert_eq!(clock.day(ms("2026-11-01T09:00:00Z")), day + 1);
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
