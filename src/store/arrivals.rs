//! What other devices wrote since this store last looked: their journals' new whole lines (a sync
//! tool delivering them piece by piece), a journal that appeared, or one that changed under what
//! was read. New entries later than everything counted are applied on top; anything else (an
//! answer made while the devices were apart, older than this device's latest) replays every
//! journal, so each device derives the same states from the same files.

use std::io;

use super::data::Store;
use super::journal::JournalBytes;
use super::lines::replay_sources;
use super::merge::{self, Foreign, Reading};
use super::sources;

/// What [`Store::take_arrivals`] took in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Arrivals {
    /// Answers that arrived.
    pub answers: usize,
    /// Other entries that arrived ("Study more", marks, …).
    pub entries: usize,
    /// Whether every journal was replayed (rather than the new lines applied on top).
    pub replayed: bool,
}

impl Arrivals {
    /// Whether anything changed.
    pub fn any(&self) -> bool {
        self.answers + self.entries > 0 || self.replayed
    }
}

impl Store {
    /// Reads what other devices' journals gained since the last look and derives the states
    /// with it. Cheap when nothing changed: one listing of the journals folder and a size check
    /// of each. Never writes another device's journal.
    pub fn take_arrivals(&mut self, now_ms: i64) -> io::Result<Arrivals> {
        let listed = sources::others(&self.dir);
        let gone = self
            .others
            .iter()
            .any(|read| !listed.iter().any(|s| s.name == read.source.name));
        let mut parts = Vec::new();
        let mut full = gone;
        for source in listed {
            let known = self.others.iter().find(|f| f.source.name == source.name);
            let start = match known {
                Some(read) => {
                    let len = std::fs::metadata(&source.path).map_or(0, |m| m.len());
                    if len == read.len {
                        continue;
                    }
                    if !read.unchanged() {
                        full = true;
                        break;
                    }
                    read.len
                }
                // A conflict copy holds entries already counted: only a full replay counts each
                // once.
                None if source.copy => {
                    full = true;
                    break;
                }
                None => 0,
            };
            let (bytes, end) = sources::read_whole_lines(&source.path, start)?;
            if end > start || known.is_none() {
                parts.push((source, start, JournalBytes::Owned(bytes)));
            }
        }
        if full {
            return self.replay_all(now_ms);
        }
        if parts.is_empty() {
            return Ok(Arrivals::default());
        }
        // This device's journal has nothing new for the merge: an empty part in its place.
        let reading = Reading::new(&self.dir, parts, 0, JournalBytes::Owned(Vec::new()));
        let tail = replay_sources(&reading.bytes(0), self.item_hash);
        let last_answer = self.derived.reviews().last().map_or(i64::MIN, |r| r.at);
        let why = merge::cannot_apply(&tail, last_answer, self.until, self.derived.carried_until());
        if let Some(why) = why {
            crate::info!(name: "talkdeck.store", "every journal is read again: {why}");
            return self.replay_all(now_ms);
        }
        self.corrupt_lines += merge::report(&reading, &tail, 0, now_ms, &mut self.reported);
        let nothing = tail.rows.is_empty() && tail.study_more.is_empty() && tail.events.is_empty();
        let arrived = Arrivals {
            answers: tail.rows.len(),
            entries: tail.study_more.len() + tail.events.len(),
            replayed: false,
        };
        for read in reading.others() {
            match self
                .others
                .iter_mut()
                .find(|f| f.source.name == read.source.name)
            {
                Some(known) => *known = read,
                None => self.others.push(read),
            }
        }
        self.others
            .sort_by(|a, b| a.source.order().cmp(&b.source.order()));
        let latest = merge::apply(&mut self.derived, &self.scheduler, tail);
        self.until = self.until.max(latest);
        if !nothing {
            log_arrivals(&arrived);
        }
        Ok(arrived)
    }

    /// Replays every journal, counting what that adds to the answers known.
    fn replay_all(&mut self, now_ms: i64) -> io::Result<Arrivals> {
        let before = self.derived.reviews().len();
        let entries_before = self.derived.study_more().len();
        self.replay_journal(now_ms)?;
        let arrived = Arrivals {
            answers: self.derived.reviews().len().saturating_sub(before),
            entries: self
                .derived
                .study_more()
                .len()
                .saturating_sub(entries_before),
            replayed: true,
        };
        log_arrivals(&arrived);
        Ok(arrived)
    }

    /// The other devices' journals read so far (`journal/laptop-a3f29c.ron`, …), in the merge's
    /// order.
    pub fn other_journals(&self) -> impl Iterator<Item = &str> {
        self.others.iter().map(|f: &Foreign| f.source.name.as_str())
    }
}

fn log_arrivals(arrived: &Arrivals) {
    crate::info!(
        name: "talkdeck.store",
        answers = arrived.answers, entries = arrived.entries, replayed = arrived.replayed;
        "{} {} and {} other {} arrived from other devices{}",
        arrived.answers, if arrived.answers == 1 { "answer" } else { "answers" },
        arrived.entries, if arrived.entries == 1 { "entry" } else { "entries" },
        if arrived.replayed { "; every journal was read again" } else { "" }
    );
}
