//! Reading every journal of the folder for one replay — this device's from where the snapshot
//! ends or from its start, the others likewise or from where this store last read them — and
//! whether what was read can be applied on top of the state already derived, or means replaying
//! everything (an entry older than what is applied, an undo of an earlier entry, a carry, new
//! fitted parameters).

use std::io;

use super::DataDir;
use super::derived::Derived;
use super::entry::Entry;
use super::journal::{Access, Journal, JournalBytes, report_unread};
use super::lines::Replayed;
use super::snapshot::{Covered, TAIL_BYTES};
use super::sources::{self, Source};
use crate::files::fingerprint;
use crate::srs::Scheduler;

/// How far ahead of this computer's clock an entry may be dated before it is reported.
pub const FUTURE_MS: i64 = 5 * 60 * 1000;

/// Another device's journal, as far as this store has read it.
#[derive(Clone, Debug)]
pub(super) struct Foreign {
    pub source: Source,
    /// Its whole lines read, in bytes.
    pub len: u64,
    /// The fingerprint of the last [`TAIL_BYTES`] of those: a journal whose read part changed
    /// (restored, replaced) is read again from its start.
    pub tail_hash: u64,
}

impl Foreign {
    /// What was read of `source`: `bytes`, its whole lines from byte `start` on. Their last
    /// [`TAIL_BYTES`] are fingerprinted from memory, so a file replaced since is not mistaken for
    /// what was read; only a read shorter than that, from inside the file, reads what is before.
    fn read(source: Source, start: u64, bytes: &[u8]) -> Foreign {
        let len = start + bytes.len() as u64;
        let tail_hash = if start == 0 || bytes.len() as u64 >= TAIL_BYTES {
            fingerprint(&bytes[bytes.len() - bytes.len().min(TAIL_BYTES as usize)..])
        } else {
            sources::bytes_before(&source.path, len, TAIL_BYTES).map_or(0, |b| fingerprint(&b))
        };
        Foreign {
            source,
            len,
            tail_hash,
        }
    }

    /// Whether the file still begins with what was read of it.
    pub fn unchanged(&self) -> bool {
        sources::bytes_before(&self.source.path, self.len, TAIL_BYTES).is_some_and(|bytes| {
            bytes.last().is_none_or(|&b| b == b'\n') && fingerprint(&bytes) == self.tail_hash
        })
    }

    pub fn covered(&self) -> Covered {
        Covered {
            name: self.source.name.clone(),
            len: self.len,
            tail_hash: self.tail_hash,
        }
    }
}

/// What was read of each journal for one replay, in the merge's order.
pub(super) struct Reading {
    /// Each journal read: its source, the byte its read bytes start at, and the bytes.
    pub parts: Vec<(Source, u64, JournalBytes)>,
    /// Where this device's journal is among them.
    pub own_index: usize,
}

impl Reading {
    /// The other journals' reads with this device's (`own_bytes`, from byte `own_start`) put in
    /// its place in the merge's order.
    pub fn new(
        dir: &DataDir,
        mut parts: Vec<(Source, u64, JournalBytes)>,
        own_start: u64,
        own_bytes: JournalBytes,
    ) -> Reading {
        let own = sources::own(dir);
        let own_index = parts.partition_point(|(other, _, _)| other.order() < own.order());
        parts.insert(own_index, (own, own_start, own_bytes));
        Reading { parts, own_index }
    }

    /// The bytes of each journal, in order (this device's without the bytes read only to check
    /// the snapshot).
    pub fn bytes(&self, own_skip: usize) -> Vec<&[u8]> {
        self.parts
            .iter()
            .enumerate()
            .map(|(i, (_, _, bytes))| {
                if i == self.own_index {
                    &bytes[own_skip.min(bytes.len())..]
                } else {
                    &bytes[..]
                }
            })
            .collect()
    }

    /// The other journals as read now.
    pub fn others(&self) -> Vec<Foreign> {
        self.parts
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.own_index)
            .map(|(_, (source, start, bytes))| Foreign::read(source.clone(), *start, bytes))
            .collect()
    }
}

/// Every journal of `dir` from its start: this device's opened for `access` (a torn tail set aside
/// when studying), the others to their last whole line.
pub(super) fn read_all(
    dir: &DataDir,
    now_ms: i64,
    access: Access,
) -> io::Result<(Journal, Reading)> {
    let (journal, own_bytes) = Journal::open_raw_from(&dir.journal_path(), now_ms, 0, access)?;
    let mut parts = Vec::new();
    for source in sources::others(dir) {
        let (bytes, _) = sources::read_whole_lines(&source.path, 0)?;
        parts.push((source, 0, JournalBytes::Owned(bytes)));
    }
    Ok((journal, Reading::new(dir, parts, 0, own_bytes)))
}

/// Every journal of `dir` from where `covered` (a snapshot's) ends, if each journal it names is
/// still there and begins with what it covered, and no conflict copy has appeared since; else
/// `None`. This device's journal is read from [`TAIL_BYTES`] before its covered end, to check
/// them: the returned skip is how many bytes that is.
pub(super) fn read_after(
    dir: &DataDir,
    covered: &[Covered],
    now_ms: i64,
    access: Access,
) -> io::Result<Option<(Journal, Reading, usize)>> {
    let others = sources::others(dir);
    let own = sources::own(dir).name;
    let find = |name: &str| covered.iter().find(|c| c.name == name);
    if covered
        .iter()
        .any(|c| c.name != own && !others.iter().any(|o| o.name == c.name))
    {
        return Ok(None);
    }
    let own_covered = find(&own).cloned().unwrap_or_default();
    let k = own_covered.len.min(TAIL_BYTES);
    let (journal, own_bytes) =
        Journal::open_raw_from(&dir.journal_path(), now_ms, own_covered.len - k, access)?;
    let checked = own_bytes.get(..k as usize);
    // A snapshot ends where a line ends: one whose end falls inside a line was written beside
    // another writer, and its tail would be read from the middle of a line.
    let own_matches = journal.len() >= own_covered.len
        && checked.is_some_and(|c| {
            c.last().is_none_or(|&b| b == b'\n') && fingerprint(c) == own_covered.tail_hash
        });
    if !own_matches {
        return Ok(None);
    }
    let mut parts = Vec::with_capacity(others.len());
    for source in others {
        let start = match find(&source.name) {
            Some(c) => {
                let sound = Foreign {
                    source: source.clone(),
                    len: c.len,
                    tail_hash: c.tail_hash,
                }
                .unchanged();
                if !sound {
                    return Ok(None);
                }
                c.len
            }
            // A conflict copy holds entries the snapshot may cover already: only a full replay
            // counts each once.
            None if source.copy => return Ok(None),
            None => 0,
        };
        let (bytes, _) = sources::read_whole_lines(&source.path, start)?;
        parts.push((source, start, JournalBytes::Owned(bytes)));
    }
    let reading = Reading::new(dir, parts, own_covered.len - k, own_bytes);
    Ok(Some((journal, reading, k as usize)))
}

/// Why `tail` cannot be applied on top of a state whose latest answer was at `last_answer`, whose
/// latest other entry at `until`, and whose carries reach back to `carried_until`; `None` when it
/// can: then applying it gives what replaying every journal would.
pub(super) fn cannot_apply(
    tail: &Replayed<'_>,
    last_answer: i64,
    until: i64,
    carried_until: Option<i64>,
) -> Option<&'static str> {
    if tail.unmatched_undos > 0 {
        return Some("the journals' new lines take back entries read before");
    }
    if tail.events.iter().any(|e| matches!(e, Entry::Carry { .. })) {
        return Some("the journals' new lines carry progress between items");
    }
    if tail
        .events
        .iter()
        .any(|e| matches!(e, Entry::Parameters { .. }))
    {
        return Some("the journals' new lines fit new parameters to the answers");
    }
    let carried = |at: i64| carried_until.is_some_and(|c| at <= c);
    if tail
        .rows
        .iter()
        .any(|r| r.at < last_answer || carried(r.at))
        || tail.study_more.iter().any(|m| m.at < until)
        || tail.events.iter().any(|e| e.at() < until)
    {
        return Some("the journals' new lines go back before what is already counted");
    }
    None
}

/// The latest time of the entries other than answers in `replayed` (`i64::MIN` if none): what
/// [`cannot_apply`]'s `until` is after them.
pub(super) fn entries_until(replayed: &Replayed<'_>) -> i64 {
    let more = replayed.study_more.iter().map(|m| m.at);
    let events = replayed.events.iter().map(Entry::at);
    more.chain(events).max().unwrap_or(i64::MIN)
}

/// Applies `tail` (which [`cannot_apply`] let through) on top of `derived`; returns the latest
/// time of its entries other than answers.
pub(super) fn apply(derived: &mut Derived, scheduler: &Scheduler, tail: Replayed<'_>) -> i64 {
    let until = entries_until(&tail);
    for row in &tail.rows {
        derived.apply(scheduler, &row.item, row.rating, row.ms, row.at);
    }
    tail.study_more
        .into_iter()
        .for_each(|more| derived.push_study_more(more));
    for event in &tail.events {
        derived.apply_event(scheduler.clock(), event);
    }
    until
}

/// Logs what could not be read in `reading`'s journals — each line once per run, `reported`
/// keeping which — and an entry dated more than [`FUTURE_MS`] ahead of `now_ms`, once per journal.
/// Returns how many lines could not be read.
pub(super) fn report(
    reading: &Reading,
    replayed: &Replayed<'_>,
    own_skip: usize,
    now_ms: i64,
    reported: &mut std::collections::HashSet<(String, usize)>,
) -> usize {
    for (i, (source, start, _)) in reading.parts.iter().enumerate() {
        let start = if i == reading.own_index {
            start + own_skip as u64
        } else {
            *start
        };
        let mut corrupt: Vec<_> = replayed
            .corrupt
            .iter()
            .filter(|c| c.source == i)
            .cloned()
            .collect();
        let mut unknown: Vec<_> = replayed
            .unknown
            .iter()
            .filter(|u| u.source == i)
            .cloned()
            .collect();
        if (!corrupt.is_empty() || !unknown.is_empty()) && start > 0 {
            // Numbered from where this read began: name them by their line in the file.
            let before = lines_before(&source.path, start).unwrap_or(0);
            corrupt.iter_mut().for_each(|c| c.line += before);
            unknown.iter_mut().for_each(|u| u.line += before);
        }
        corrupt.retain(|c| reported.insert((source.name.clone(), c.line)));
        unknown.retain(|u| reported.insert((source.name.clone(), u.line)));
        report_unread(&source.path, &corrupt, &unknown);
        // Another device's clock: this device's own entries are dated by the clock read here.
        let latest = replayed.latest.get(i).copied().unwrap_or(i64::MIN);
        if i != reading.own_index
            && latest > now_ms.saturating_add(FUTURE_MS)
            && reported.insert((source.name.clone(), usize::MAX))
        {
            crate::warning!(
                name: "talkdeck.store",
                "{}: holds entries dated up to {} minutes after this computer's clock (the clock \
                 of the device that wrote them, or this one, is wrong); they are used as they are",
                source.path.display(), (latest - now_ms) / 60_000
            );
        }
    }
    replayed.corrupt.len()
}

/// How many lines the first `end` bytes of the file at `path` hold.
pub(super) fn lines_before(path: &std::path::Path, end: u64) -> io::Result<usize> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?.take(end);
    let mut buffer = vec![0; 1 << 16];
    let mut lines = 0;
    loop {
        match file.read(&mut buffer)? {
            0 => return Ok(lines),
            n => lines += memchr::memchr_iter(b'\n', &buffer[..n]).count(),
        }
    }
}
