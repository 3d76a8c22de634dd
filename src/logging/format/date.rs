//! The date part of `{asctime}` and of JSON's `time`, cached per thread for the current second:
//! formatting a date through the time zone database costs far more than the rest of the line.

use std::cell::RefCell;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::Timestamp;

use super::Formatter;

pub(super) fn has_subsecond_directive(datefmt: &str) -> bool {
    let mut chars = datefmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            // Skip flags, width and precision, then look at the directive itself.
            while let Some(&n) = chars.peek() {
                if n.is_ascii_digit() || matches!(n, '.' | '-' | '_' | '0' | '^' | '#' | ':') {
                    chars.next();
                } else {
                    break;
                }
            }
            if matches!(chars.next(), Some('f' | 'N' | 's')) {
                return true;
            }
        }
    }
    false
}

/// The per-thread cache of the formatted current second, one entry per recently used formatter.
pub(super) struct DateCache {
    entries: [(u64, i64, String); 4],
    next: usize,
}

thread_local! {
    pub(super) static DATE_CACHE: RefCell<DateCache> = RefCell::new(DateCache {
        entries: Default::default(),
        next: 0,
    });
}

impl DateCache {
    fn lookup(&mut self, id: u64, secs: i64, make: impl FnOnce() -> String) -> &str {
        let index = match self
            .entries
            .iter()
            .position(|(i, s, _)| *i == id && *s == secs)
        {
            Some(index) => index,
            None => {
                let index = match self.entries.iter().position(|(i, _, _)| *i == id) {
                    Some(index) => index,
                    None => {
                        let index = self.next;
                        self.next = (self.next + 1) % self.entries.len();
                        index
                    }
                };
                self.entries[index] = (id, secs, make());
                index
            }
        };
        &self.entries[index].2
    }

    #[inline]
    pub(super) fn get(&mut self, formatter: &Formatter, secs: i64) -> &str {
        self.lookup(formatter.id, secs, || formatter.format_second(secs))
    }

    #[inline]
    pub(super) fn get_json(&mut self, id: u64, secs: i64) -> &str {
        self.lookup(id, secs, || rfc3339_second(secs))
    }
}

pub(super) fn rfc3339_second(secs: i64) -> String {
    let ts = Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH);
    ts.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Seconds since the epoch and the millisecond within the second (times before 1970 count as 1970).
#[inline]
pub(super) fn split_time(time: SystemTime) -> (i64, u32) {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_millis()),
        Err(_) => (0, 0),
    }
}

impl fmt::Debug for DateCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DateCache")
    }
}
