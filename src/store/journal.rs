//! `journal.ron`: the review history, append-only, one RON record per line. It is the source of
//! truth: item states are its replay through the scheduler.
//!
//! An answer is acknowledged only after its line is written and fsynced. On opening, a last line
//! without its newline — a write cut short by a power failure — is moved to `journal.ron.torn-<ms>`
//! with a WARNING and the journal is cut back to its last whole line; nothing before it is lost. A
//! line in the middle that does not parse is reported at ERROR with its number and skipped, and the
//! file is left as it is.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::deck::ItemId;
use crate::srs::Rating;

/// How a card was asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StudyMode {
    /// Show the answer, grade yourself.
    #[default]
    Flip,
    /// Type the answer; it is checked.
    Type,
    /// Pick one of four.
    Choice,
}

/// One line of the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    /// An answer.
    Review {
        /// Unique across devices, so journals merge by union.
        id: String,
        item: ItemId,
        /// UTC time of the answer, ms since the Unix epoch.
        at: i64,
        rating: Rating,
        /// Time taken to answer, ms.
        ms: u32,
        mode: StudyMode,
    },
    /// Takes back an answer (Ctrl+Z).
    Undo {
        id: String,
        /// The id of the review taken back.
        review: String,
        at: i64,
    },
}

impl Entry {
    pub fn id(&self) -> &str {
        match self {
            Entry::Review { id, .. } | Entry::Undo { id, .. } => id,
        }
    }

    pub fn at(&self) -> i64 {
        match self {
            Entry::Review { at, .. } | Entry::Undo { at, .. } => *at,
        }
    }
}

/// A new entry id: the time in hex and 64 random bits, unique across processes and devices.
pub fn new_entry_id(at_ms: i64) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // RandomState is seeded from the OS's randomness; hashing a counter gives fresh random bits.
    let random = RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{at_ms:x}-{random:016x}")
}

/// A journal line that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorruptLine {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// What reading a journal found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contents {
    pub entries: Vec<Entry>,
    pub corrupt: Vec<CorruptLine>,
    /// Byte length of the whole lines; anything after it is a torn tail.
    pub whole_len: usize,
}

/// Parses journal text: every whole line (ending in `\n`) is an entry or a corrupt line.
pub fn parse_journal(bytes: &[u8]) -> Contents {
    let whole_len = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut contents = Contents {
        whole_len,
        ..Contents::default()
    };
    for (index, line) in bytes[..whole_len].split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Lines talkdeck wrote are read by a strict fast path; anything else goes to RON.
        let parsed = match fast_review(line) {
            Some(entry) => Ok(entry),
            None => std::str::from_utf8(line)
                .map_err(|e| e.to_string())
                .and_then(|text| ron::from_str::<Entry>(text).map_err(|e| e.code.to_string())),
        };
        match parsed {
            Ok(entry) => contents.entries.push(entry),
            Err(message) => contents.corrupt.push(CorruptLine {
                line: index + 1,
                message,
            }),
        }
    }
    contents
}

/// Reads a `Review(…)` line in exactly the form [`Journal::append`] writes it; `None` for anything
/// else (which RON then reads). A million-line journal parses several times faster this way.
fn fast_review(line: &[u8]) -> Option<Entry> {
    let text = std::str::from_utf8(line).ok()?.trim_end_matches('\r');
    // A cursor over the fixed layout: one-character searches (memchr) and prefix checks, because
    // multi-character `split_once` sets up a substring searcher on every call.
    let rest = text.strip_prefix("Review(id:\"")?;
    let end = rest.find('"')?;
    let (id, rest) = (&rest[..end], rest[end..].strip_prefix("\",item:\"")?);
    let end = rest.find('"')?;
    let (item, rest) = (&rest[..end], rest[end..].strip_prefix("\",at:")?);
    let end = rest.find(',')?;
    let (at, rest) = (&rest[..end], rest[end..].strip_prefix(",rating:")?);
    let end = rest.find(',')?;
    let (rating, rest) = (&rest[..end], rest[end..].strip_prefix(",ms:")?);
    let end = rest.find(',')?;
    let (ms, rest) = (&rest[..end], rest[end..].strip_prefix(",mode:")?);
    let mode = rest.strip_suffix(')')?;
    let plain = |s: &str| !s.is_empty() && !s.contains(['"', '\\']);
    if !plain(id) || !plain(item) {
        return None;
    }
    let rating = match rating {
        "Again" => Rating::Again,
        "Hard" => Rating::Hard,
        "Good" => Rating::Good,
        "Easy" => Rating::Easy,
        _ => return None,
    };
    let mode = match mode {
        "Flip" => StudyMode::Flip,
        "Type" => StudyMode::Type,
        "Choice" => StudyMode::Choice,
        _ => return None,
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    if !digits(at) || !digits(ms) {
        return None;
    }
    Some(Entry::Review {
        id: id.to_string(),
        item: ItemId::parse(item)?,
        at: at.parse().ok()?,
        rating,
        ms: ms.parse().ok()?,
        mode,
    })
}

/// The open journal, ready to append.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    /// The journal's length after the last acknowledged write.
    len: u64,
}

impl Journal {
    /// Opens (or creates) the journal at `path`, repairing a torn tail, and returns what it holds.
    pub fn open(path: &Path, now_ms: i64) -> io::Result<(Journal, Contents)> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let contents = parse_journal(&bytes);
        for corrupt in &contents.corrupt {
            crate::error!(
                name: "talkdeck.store",
                line = corrupt.line;
                "{}:{}: unreadable journal line skipped ({}); the file is left as it is",
                path.display(), corrupt.line, corrupt.message
            );
        }
        if contents.whole_len < bytes.len() {
            let torn = &bytes[contents.whole_len..];
            let mut aside = path.as_os_str().to_owned();
            aside.push(format!(".torn-{now_ms}"));
            let aside = PathBuf::from(aside);
            super::write_atomic(&aside, torn)?;
            file.set_len(contents.whole_len as u64)?;
            file.sync_all()?;
            crate::warning!(
                name: "talkdeck.store",
                bytes = torn.len();
                "{}: the last line was cut short (a write interrupted by a crash or power cut); \
                 its {} bytes were moved to {} and every whole line before it was kept",
                path.display(), torn.len(), aside.display()
            );
        }
        let len = contents.whole_len as u64;
        Ok((
            Journal {
                path: path.to_path_buf(),
                file,
                len,
            },
            contents,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry and fsyncs; when this returns `Ok`, the entry survives a crash.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        let mut line = ron::to_string(entry).map_err(io::Error::other)?;
        line.push('\n');
        let result = self
            .file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.len += line.len() as u64;
                Ok(())
            }
            Err(err) => {
                // Do not leave half a line for the next append to glue onto.
                let _ = self.file.set_len(self.len);
                Err(err)
            }
        }
    }
}

/// The reviews that count: in time order (then by id, so merged journals replay identically), with
/// every review that an undo took back removed.
pub fn effective_reviews(entries: &[Entry]) -> Vec<&Entry> {
    let undone: HashSet<&str> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Undo { review, .. } => Some(review.as_str()),
            Entry::Review { .. } => None,
        })
        .collect();
    let mut reviews: Vec<&Entry> = entries
        .iter()
        .filter(|e| matches!(e, Entry::Review { id, .. } if !undone.contains(id.as_str())))
        .collect();
    let key = |e: &&Entry| (e.at(), e.id().to_string());
    // A journal written on one device is already in order; only merged ones need sorting.
    if !reviews
        .windows(2)
        .all(|w| (w[0].at(), w[0].id()) <= (w[1].at(), w[1].id()))
    {
        reviews.sort_by_key(key);
    }
    reviews
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(n: i64, rating: Rating) -> Entry {
        Entry::Review {
            id: format!("r{n}"),
            item: ItemId::new("greetings", "hi", crate::deck::Direction::Produce),
            at: 1_000 * n,
            rating,
            ms: 2300,
            mode: StudyMode::Flip,
        }
    }

    #[test]
    fn entries_are_one_ron_line_each_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.ron");
        let (mut journal, contents) = Journal::open(&path, 0).unwrap();
        assert!(contents.entries.is_empty());
        journal.append(&review(1, Rating::Good)).unwrap();
        journal.append(&review(2, Rating::Again)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            "Review(id:\"r1\",item:\"greetings/hi/produce\",at:1000,rating:Good,ms:2300,mode:Flip)"
        );
        let (_, contents) = Journal::open(&path, 0).unwrap();
        assert_eq!(
            contents.entries,
            [review(1, Rating::Good), review(2, Rating::Again)]
        );
    }

    #[test]
    fn a_torn_last_line_is_moved_aside_and_everything_before_it_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.ron");
        let (mut journal, _) = Journal::open(&path, 0).unwrap();
        journal.append(&review(1, Rating::Good)).unwrap();
        drop(journal);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"Review(id:\"r2\",item:\"greet").unwrap();
        drop(file);

        let (mut journal, contents) = Journal::open(&path, 77).unwrap();
        assert_eq!(contents.entries, [review(1, Rating::Good)]);
        assert!(contents.corrupt.is_empty());
        let aside = dir.path().join("journal.ron.torn-77");
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            b"Review(id:\"r2\",item:\"greet"
        );
        journal.append(&review(3, Rating::Easy)).unwrap();
        let (_, contents) = Journal::open(&path, 78).unwrap();
        assert_eq!(
            contents.entries,
            [review(1, Rating::Good), review(3, Rating::Easy)]
        );
    }

    #[test]
    fn a_corrupt_line_in_the_middle_is_reported_and_the_file_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.ron");
        let good = |n| format!("{}\n", ron::to_string(&review(n, Rating::Good)).unwrap());
        let text = format!("{}garbage here\n{}", good(1), good(2));
        std::fs::write(&path, &text).unwrap();
        let (_, contents) = Journal::open(&path, 0).unwrap();
        assert_eq!(contents.entries.len(), 2);
        assert_eq!(contents.corrupt.len(), 1);
        assert_eq!(contents.corrupt[0].line, 2);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "not modified"
        );
    }

    #[test]
    fn undo_takes_back_a_review_and_replay_order_is_by_time_then_id() {
        let mut entries = vec![
            review(3, Rating::Good),
            review(1, Rating::Again),
            review(2, Rating::Hard),
        ];
        entries.push(Entry::Undo {
            id: "u1".into(),
            review: "r2".into(),
            at: 2_500,
        });
        let ids: Vec<&str> = effective_reviews(&entries).iter().map(|e| e.id()).collect();
        assert_eq!(ids, ["r1", "r3"]);
    }

    #[test]
    fn the_fast_line_reader_agrees_with_ron() {
        for rating in Rating::ALL {
            for mode in [StudyMode::Flip, StudyMode::Type, StudyMode::Choice] {
                let entry = Entry::Review {
                    id: new_entry_id(123),
                    item: ItemId::new(
                        "china_questions",
                        "tones-are-tricky",
                        crate::deck::Direction::Reply,
                    ),
                    at: 1_795_429_167_000,
                    rating,
                    ms: 4_000_000_000,
                    mode,
                };
                let line = ron::to_string(&entry).unwrap();
                assert_eq!(fast_review(line.as_bytes()), Some(entry.clone()), "{line}");
                assert_eq!(ron::from_str::<Entry>(&line).unwrap(), entry);
            }
        }
        for other in [
            "Review(id: \"a\", item: \"d/c/produce\", at: 1, rating: Good, ms: 1, mode: Flip)",
            "Review(id:\"a\\\"b\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"D/c/produce\",at:1,rating:Good,ms:1,mode:Flip)",
            "Undo(id:\"u\",review:\"r\",at:1)",
        ] {
            assert_eq!(fast_review(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn entry_ids_are_unique() {
        let ids: HashSet<String> = (0..10_000).map(|_| new_entry_id(5)).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
