//! Rollover by schedule (Python's `TimedRotatingFileHandler`): every `interval` seconds, minutes,
//! hours, days, at midnight or on a weekday, the live file is renamed with the date of the period it
//! covers (`app.log.2026-11-23`) and a new one starts; the oldest beyond `backup_count` are deleted.
//!
//! Periods are computed in a time zone (local by default) through jiff, so calendar days are right
//! across DST changes (a day may have 23 or 25 hours). Where local times repeat — the hour after a
//! fall-back change — two periods share a name; the second gets `.1`, so a rotated file is never
//! overwritten (Python's handler overwrites it). The current time comes from a [`Clock`], so tests drive
//! rotation without waiting.
//!
//! A [`Schedule`] is made only through its builders, which clamp what they take (an interval of 0 is
//! 1, a weekday above 6 is Sunday); its fields are private, so no caller can set them around the
//! builders — assigning one is a compile error (E0616), kept by the doc-test on [`Schedule`].

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};

use super::log_file::{LogFile, with_path};
use crate::logging::clock::{Clock, SystemClock};

/// When a timed handler rotates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
pub enum When {
    /// Every `interval` seconds, on second boundaries.
    Seconds,
    /// Every `interval` minutes, on local minute boundaries.
    Minutes,
    /// Every `interval` hours, on local hour boundaries.
    Hours,
    /// Every `interval` calendar days, counted from when the handler opened.
    Days,
    /// At local midnight (every `interval` days).
    Midnight,
    /// Weekly, at the midnight that ends the given weekday, 0 = Monday … 6 = Sunday, as Python's
    /// `W0`–`W6`: `Weekday(6)` rotates as Sunday ends, so each file holds Monday to Sunday and is
    /// named after its Monday.
    Weekday(u8),
}

impl When {
    /// The strftime pattern of rotated files' suffixes, as Python names them.
    fn suffix_format(self) -> &'static str {
        match self {
            When::Seconds => "%Y-%m-%d_%H-%M-%S",
            When::Minutes => "%Y-%m-%d_%H-%M",
            When::Hours => "%Y-%m-%d_%H",
            When::Days | When::Midnight | When::Weekday(_) => "%Y-%m-%d",
        }
    }
}

/// When and how a timed handler rotates, and the clock and zone it reads. Made only through its
/// builders, which keep it valid: an interval of at least 1, a weekday from 0 to 6. Read it through
/// [`Schedule::when`], [`Schedule::period_units`] and [`Schedule::backups_kept`]; its fields are
/// private:
///
/// ```compile_fail,E0616
/// use talkdeck::logging::{Schedule, When};
///
/// let mut schedule = Schedule::new(When::Hours).interval(2);
/// schedule.interval = 0; // a period of no hours: refused at compile time
/// ```
#[derive(Clone)]
pub struct Schedule {
    when: When,
    /// How many units make one period (at least 1).
    interval: u32,
    /// How many rotated files to keep; 0 keeps them all.
    backup_count: u32,
    tz: TimeZone,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schedule")
            .field("when", &self.when)
            .field("interval", &self.interval)
            .field("backup_count", &self.backup_count)
            .field("tz", &self.tz)
            .finish_non_exhaustive()
    }
}

impl Schedule {
    /// Rotation by `when` with interval 1, no backup limit, local time and the system clock. A
    /// weekday above 6 is taken as 6 (Sunday).
    pub fn new(when: When) -> Schedule {
        let when = match when {
            When::Weekday(day) => When::Weekday(day.min(6)),
            other => other,
        };
        Schedule {
            when,
            interval: 1,
            backup_count: 0,
            tz: TimeZone::system(),
            clock: Arc::new(SystemClock),
        }
    }

    /// How many units make one period; 0 is taken as 1.
    pub fn interval(mut self, interval: u32) -> Schedule {
        self.interval = interval.max(1);
        self
    }

    /// How many rotated files to keep; 0 (the default) keeps them all.
    pub fn backup_count(mut self, backup_count: u32) -> Schedule {
        self.backup_count = backup_count;
        self
    }

    /// The zone periods are computed in (default: the system's).
    pub fn time_zone(mut self, tz: TimeZone) -> Schedule {
        self.tz = tz;
        self
    }

    /// Where the current time comes from (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Schedule {
        self.clock = clock;
        self
    }

    /// When the schedule rotates.
    pub fn when(&self) -> When {
        self.when
    }

    /// How many units make one period.
    pub fn period_units(&self) -> u32 {
        self.interval
    }

    /// How many rotated files are kept; 0 keeps them all.
    pub fn backups_kept(&self) -> u32 {
        self.backup_count
    }

    /// The period containing `t`: `(start, end)`, start inclusive. For `Days` the period is anchored
    /// at `anchor`.
    fn period_containing(&self, t: Timestamp, anchor: Timestamp) -> (Timestamp, Timestamp) {
        let n = i64::from(self.interval);
        let unit_seconds = match self.when {
            When::Seconds => Some(1),
            When::Minutes => Some(60),
            When::Hours => Some(3600),
            _ => None,
        };
        if let Some(unit) = unit_seconds {
            // Align on local unit boundaries with the offset in force at `t`, which stays right in
            // the repeated hour of a fall-back change.
            let offset = i64::from(self.tz.to_offset(t).seconds());
            let local = t.as_second() + offset;
            let start = local.div_euclid(unit) * unit - offset;
            return (seconds(start), seconds(start + unit * n));
        }
        let zoned = t.to_zoned(self.tz.clone());
        match self.when {
            When::Days => {
                let mut start = anchor.to_zoned(self.tz.clone());
                let mut end = add_days(&start, n);
                while end.timestamp() <= t {
                    start = end;
                    end = add_days(&start, n);
                }
                (start.timestamp(), end.timestamp())
            }
            When::Midnight => {
                let start = start_of_day(&zoned);
                (
                    start.timestamp(),
                    start_of_day(&add_days(&start, n)).timestamp(),
                )
            }
            When::Weekday(day) => {
                // The week ends at the midnight that ends `day`, so it starts on the day after.
                let today = i64::from(zoned.weekday().to_monday_zero_offset());
                let first = (i64::from(day) + 1) % 7;
                let back = (today - first).rem_euclid(7);
                let start = start_of_day(&add_days(&zoned, -back));
                (
                    start.timestamp(),
                    start_of_day(&add_days(&start, 7)).timestamp(),
                )
            }
            When::Seconds | When::Minutes | When::Hours => unreachable!("handled above"),
        }
    }
}

fn seconds(s: i64) -> Timestamp {
    Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn add_days(zoned: &Zoned, days: i64) -> Zoned {
    zoned
        .checked_add(days.days())
        .unwrap_or_else(|_| zoned.clone())
}

fn start_of_day(zoned: &Zoned) -> Zoned {
    zoned.start_of_day().unwrap_or_else(|_| zoned.clone())
}

fn timestamp(time: SystemTime) -> Timestamp {
    Timestamp::try_from(time).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The schedule and where the current period stands: the rollover state of a file handler.
pub(crate) struct TimedRollover {
    schedule: Schedule,
    anchor: Timestamp,
    period_start: Timestamp,
    rollover_at: Timestamp,
}

impl TimedRollover {
    /// Starts the schedule for `file`. If the file already has content, its period is the one its
    /// last change fell in, so a log left from yesterday is rotated under yesterday's date on the
    /// first record today.
    pub(crate) fn start(schedule: Schedule, file: &LogFile) -> TimedRollover {
        let now = timestamp(schedule.clock.now());
        let reference = match fs::metadata(file.path()).and_then(|m| m.modified()) {
            Ok(modified) if file.size() > 0 => timestamp(modified).min(now),
            _ => now,
        };
        let (period_start, rollover_at) = schedule.period_containing(reference, reference);
        TimedRollover {
            schedule,
            anchor: reference,
            period_start,
            rollover_at,
        }
    }

    pub(crate) fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// Rotates `file` if the current period has ended.
    #[inline]
    pub(crate) fn roll_if_due(&mut self, file: &mut LogFile) -> io::Result<()> {
        let now = timestamp(self.schedule.clock.now());
        if now >= self.rollover_at {
            self.rotate(file, now)
        } else {
            Ok(())
        }
    }

    /// The rotated files of `path` that exist now, oldest first.
    pub(crate) fn list_rotated(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let (dir, base) = split_path(path);
        let prefix = format!("{base}.");
        // The shape of a suffix: the format applied to a sample date, digits generalised.
        let template = seconds(0)
            .to_zoned(TimeZone::UTC)
            .strftime(self.schedule.when.suffix_format())
            .to_string();
        let mut found: Vec<(String, u32, PathBuf)> = Vec::new();
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(rest) = name.strip_prefix(&prefix) else {
                continue;
            };
            let (stamp, counter) = match rest.get(template.len()..) {
                Some("") => (&rest[..template.len()], 0),
                Some(tail) => match tail.strip_prefix('.').and_then(|n| n.parse::<u32>().ok()) {
                    Some(counter) => (&rest[..template.len()], counter),
                    None => continue,
                },
                None => continue,
            };
            let same_shape = stamp.len() == template.len()
                && stamp.bytes().zip(template.bytes()).all(|(s, t)| {
                    if t.is_ascii_digit() {
                        s.is_ascii_digit()
                    } else {
                        s == t
                    }
                });
            if same_shape {
                found.push((stamp.to_string(), counter, entry.path()));
            }
        }
        found.sort();
        Ok(found.into_iter().map(|(_, _, path)| path).collect())
    }

    fn rotate(&mut self, file: &mut LogFile, now: Timestamp) -> io::Result<()> {
        file.close()?;
        let path = file.path().to_path_buf();
        let stamp = self
            .period_start
            .to_zoned(self.schedule.tz.clone())
            .strftime(self.schedule.when.suffix_format())
            .to_string();
        let mut target = with_suffix(&path, &stamp);
        let mut counter = 0;
        while target.exists() {
            counter += 1;
            target = with_suffix(&path, &format!("{stamp}.{counter}"));
        }
        let renamed = if file.size() > 0 {
            fs::rename(&path, &target).map_err(|e| with_path(e, &path))
        } else {
            Ok(())
        };
        let (start, end) = self.schedule.period_containing(now, self.anchor);
        self.period_start = start;
        self.rollover_at = end;
        renamed?;
        if self.schedule.backup_count > 0 {
            let rotated = self.list_rotated(&path)?;
            let excess = rotated
                .len()
                .saturating_sub(self.schedule.backup_count as usize);
            for old in &rotated[..excess] {
                fs::remove_file(old).map_err(|e| with_path(e, old))?;
            }
        }
        Ok(())
    }
}

fn split_path(path: &Path) -> (PathBuf, String) {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, base)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::logging::clock::ManualClock;
    use crate::logging::handler::{HandlerExt, HandlerOptions, TimedRotatingFileHandler, handle};
    use crate::logging::record::{Location, ThreadInfo};
    use crate::logging::{Level, Record};

    /// US Eastern time as a POSIX rule, so the test needs no time zone database.
    fn new_york() -> TimeZone {
        TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap()
    }

    fn at(rfc3339: &str) -> SystemTime {
        let ts: Timestamp = rfc3339.parse().unwrap();
        UNIX_EPOCH + Duration::from_secs(ts.as_second() as u64)
    }

    fn emit(handler: &TimedRotatingFileHandler, clock: &ManualClock, when: &str, message: &str) {
        clock.set(at(when));
        ThreadInfo::with_current(|thread| {
            handle(
                handler,
                &Record {
                    time: at(when),
                    level: Level::INFO,
                    logger: "t",
                    args: format_args!("{message}"),
                    location: &Location::UNKNOWN,
                    thread,
                    fields: &[],
                },
            )
        });
    }

    fn names(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let text = fs::read_to_string(e.path()).unwrap();
                (e.file_name().to_string_lossy().into_owned(), text)
            })
            .collect();
        files.sort();
        files
    }

    fn handler(
        dir: &Path,
        when: When,
        backups: u32,
        clock: &Arc<ManualClock>,
        tz: TimeZone,
    ) -> TimedRotatingFileHandler {
        let schedule = Schedule::new(when)
            .backup_count(backups)
            .time_zone(tz)
            .clock(clock.clone());
        TimedRotatingFileHandler::open(dir.join("app.log"), schedule, HandlerOptions::default())
            .unwrap()
    }

    #[test]
    fn the_builders_clamp_what_would_make_no_period() {
        let schedule = Schedule::new(When::Weekday(9)).interval(0).backup_count(3);
        assert_eq!(
            schedule.when(),
            When::Weekday(6),
            "a weekday above 6 is Sunday"
        );
        assert_eq!(schedule.period_units(), 1, "an interval of 0 is 1");
        assert_eq!(schedule.backups_kept(), 3);
    }

    #[test]
    fn midnight_rotation_names_each_file_by_its_own_day() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(at("2026-11-22T20:00:00Z")));
        let shanghai = TimeZone::posix("CST-8").unwrap();
        let h = handler(dir.path(), When::Midnight, 0, &clock, shanghai);
        // 15:00Z is 23:00 in Shanghai; 16:30Z is 00:30 the next day.
        emit(&h, &clock, "2026-11-22T20:00:00Z", "sunday early");
        emit(&h, &clock, "2026-11-23T15:59:59Z", "monday last second");
        emit(&h, &clock, "2026-11-23T16:00:00Z", "tuesday first second");
        emit(&h, &clock, "2026-11-26T03:00:00Z", "friday");
        h.close().unwrap();
        assert_eq!(
            names(dir.path()),
            [
                ("app.log".into(), "friday\n".into()),
                (
                    "app.log.2026-11-23".into(),
                    "sunday early\nmonday last second\n".into()
                ),
                ("app.log.2026-11-24".into(), "tuesday first second\n".into()),
            ]
        );
    }

    #[test]
    fn hourly_rotation_across_fall_back_never_overwrites_the_repeated_hour() {
        let dir = tempfile::tempdir().unwrap();
        // 2026-11-01 02:00 EDT falls back to 01:00 EST; 01:xx happens twice.
        let clock = Arc::new(ManualClock::new(at("2026-11-01T04:30:00Z")));
        let h = handler(dir.path(), When::Hours, 0, &clock, new_york());
        emit(&h, &clock, "2026-11-01T04:30:00Z", "00:30 EDT");
        emit(&h, &clock, "2026-11-01T05:30:00Z", "01:30 EDT");
        emit(&h, &clock, "2026-11-01T06:30:00Z", "01:30 EST");
        emit(&h, &clock, "2026-11-01T07:30:00Z", "02:30 EST");
        h.close().unwrap();
        assert_eq!(
            names(dir.path()),
            [
                ("app.log".into(), "02:30 EST\n".into()),
                ("app.log.2026-11-01_00".into(), "00:30 EDT\n".into()),
                ("app.log.2026-11-01_01".into(), "01:30 EDT\n".into()),
                ("app.log.2026-11-01_01.1".into(), "01:30 EST\n".into()),
            ]
        );
        let rotated = h.rotated_files().unwrap();
        let rotated: Vec<_> = rotated.iter().map(|p| p.file_name().unwrap()).collect();
        assert_eq!(
            rotated,
            [
                "app.log.2026-11-01_00",
                "app.log.2026-11-01_01",
                "app.log.2026-11-01_01.1"
            ]
        );
    }

    #[test]
    fn midnight_rotation_across_spring_forward_uses_the_23_hour_day() {
        let dir = tempfile::tempdir().unwrap();
        // 2026-03-08 has 23 hours in New York; midnight of the 9th is 04:00Z (EDT).
        let clock = Arc::new(ManualClock::new(at("2026-03-08T05:30:00Z")));
        let h = handler(dir.path(), When::Midnight, 0, &clock, new_york());
        emit(&h, &clock, "2026-03-08T05:30:00Z", "00:30 EST on the 8th");
        emit(
            &h,
            &clock,
            "2026-03-09T03:59:59Z",
            "23:59:59 EDT on the 8th",
        );
        emit(&h, &clock, "2026-03-09T04:00:00Z", "00:00 EDT on the 9th");
        h.close().unwrap();
        assert_eq!(
            names(dir.path()),
            [
                ("app.log".into(), "00:00 EDT on the 9th\n".into()),
                (
                    "app.log.2026-03-08".into(),
                    "00:30 EST on the 8th\n23:59:59 EDT on the 8th\n".into()
                ),
            ]
        );
    }

    #[test]
    fn backup_count_deletes_the_oldest_rotated_files_only() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("app.log.notes"), "not a backup").unwrap();
        let clock = Arc::new(ManualClock::new(at("2026-11-01T00:00:00Z")));
        let h = handler(dir.path(), When::Midnight, 2, &clock, TimeZone::UTC);
        for day in 1..=5 {
            emit(
                &h,
                &clock,
                &format!("2026-11-0{day}T12:00:00Z"),
                &format!("day {day}"),
            );
        }
        h.close().unwrap();
        let files: Vec<String> = names(dir.path()).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            files,
            [
                "app.log",
                "app.log.2026-11-03",
                "app.log.2026-11-04",
                "app.log.notes"
            ]
        );
    }

    #[test]
    fn periods_of_each_kind_are_aligned_as_documented() {
        let t: Timestamp = "2026-11-25T13:47:29Z".parse().unwrap(); // a Wednesday
        let schedule = |when, n| Schedule::new(when).interval(n).time_zone(TimeZone::UTC);
        let cases = [
            (
                When::Seconds,
                10,
                "2026-11-25T13:47:29Z",
                "2026-11-25T13:47:39Z",
            ),
            (
                When::Minutes,
                1,
                "2026-11-25T13:47:00Z",
                "2026-11-25T13:48:00Z",
            ),
            (
                When::Hours,
                2,
                "2026-11-25T13:00:00Z",
                "2026-11-25T15:00:00Z",
            ),
            (
                When::Days,
                1,
                "2026-11-25T13:47:29Z",
                "2026-11-26T13:47:29Z",
            ),
            (
                When::Midnight,
                1,
                "2026-11-25T00:00:00Z",
                "2026-11-26T00:00:00Z",
            ),
        ];
        for (when, n, start, end) in cases {
            let (s, e) = schedule(when, n).period_containing(t, t);
            assert_eq!(
                (s.to_string(), e.to_string()),
                (start.into(), end.into()),
                "{when:?}"
            );
        }
    }

    #[test]
    fn a_weekday_rolls_over_at_the_midnight_that_ends_it_as_python_does() {
        // The rollover times CPython 3.11's TimedRotatingFileHandler(when="W<d>", utc=True)
        // computes for these instants (2026-11-25 is a Wednesday).
        let cases = [
            ("2026-11-25T13:47:29Z", 0, "2026-12-01T00:00:00Z"),
            ("2026-11-25T13:47:29Z", 2, "2026-11-26T00:00:00Z"),
            ("2026-11-25T13:47:29Z", 4, "2026-11-28T00:00:00Z"),
            ("2026-11-25T13:47:29Z", 6, "2026-11-30T00:00:00Z"),
            ("2026-11-25T00:00:00Z", 2, "2026-11-26T00:00:00Z"),
            ("2026-11-25T23:59:59Z", 2, "2026-11-26T00:00:00Z"),
            ("2026-11-26T00:00:00Z", 2, "2026-12-03T00:00:00Z"),
            ("2026-11-26T00:00:00Z", 4, "2026-11-28T00:00:00Z"),
        ];
        for (t, day, end) in cases {
            let t: Timestamp = t.parse().unwrap();
            let schedule = Schedule::new(When::Weekday(day)).time_zone(TimeZone::UTC);
            let (start, got) = schedule.period_containing(t, t);
            assert_eq!(got.to_string(), end, "W{day} at {t}");
            assert_eq!(
                (got.as_second() - start.as_second()) / 86_400,
                7,
                "W{day} at {t}: a week"
            );
        }
    }
}
