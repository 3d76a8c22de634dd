//! `journal.ron`: the review history, append-only, one RON record per line. It is the source of
//! truth: item states are its replay through the scheduler.
//!
//! An answer is acknowledged only after its line is written and fsynced. On opening, a last line
//! without its newline — a write cut short by a power failure — is moved to `journal.ron.torn-<ms>`
//! with a WARNING and the journal is cut back to its last whole line; nothing before it is lost. A
//! line in the middle that does not parse is reported at ERROR with its number and skipped, and the
//! file is left as it is.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{self, Read, Seek, SeekFrom, Write};
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
    /// "Study more": beyond today's limits, for the study day of `at` ([`StudyMore`]).
    StudyMore {
        id: String,
        at: i64,
        #[serde(default)]
        decks: Vec<String>,
        #[serde(default)]
        new: u32,
        #[serde(default)]
        ahead_days: u32,
    },
}

/// Study beyond today's limits, asked for on one day: more new items, or the reviews that fall due
/// in the next days. A journal entry ([`Entry::StudyMore`]), so every count agrees after a restart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudyMore {
    pub id: String,
    /// UTC ms since the Unix epoch; the extension holds for that study day.
    pub at: i64,
    /// The decks it applies to; empty means every deck.
    pub decks: Vec<String>,
    /// New items allowed on top of the day's limits.
    pub new: u32,
    /// Reviews due up to this many days after today may be studied today.
    pub ahead_days: u32,
}

impl StudyMore {
    /// The journal entry that records it.
    pub fn entry(&self) -> Entry {
        Entry::StudyMore {
            id: self.id.clone(),
            at: self.at,
            decks: self.decks.clone(),
            new: self.new,
            ahead_days: self.ahead_days,
        }
    }

    /// Whether it applies to `deck`.
    pub fn covers(&self, deck: &str) -> bool {
        self.decks.is_empty() || self.decks.iter().any(|d| d == deck)
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

/// A `Review(…)` line in exactly the form [`Journal::append`] writes it, read without copying; `None`
/// for anything else, which RON then reads. One forward scan over the bytes, because replay reads a
/// million of these.
fn fast_row(line: &[u8]) -> Option<ReviewRow<'_>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // An escape anywhere sends the line to RON.
    if memchr::memchr(b'\\', line).is_some() {
        return None;
    }
    // Checked once, so the id and item below are cut from text at ASCII quotes.
    let text = std::str::from_utf8(line).ok()?;
    let start = "Review(id:\"".len();
    let rest = line.strip_prefix(b"Review(id:\"")?;
    let id_end = start + memchr::memchr(b'"', rest)?;
    let item_start = id_end + "\",item:\"".len();
    let rest = line[id_end..].strip_prefix(b"\",item:\"")?;
    let item_end = item_start + memchr::memchr(b'"', rest)?;
    let (id, item) = (text.get(start..id_end)?, text.get(item_start..item_end)?);
    if id.is_empty() || !ItemId::is_valid(item) {
        return None;
    }
    let rest = line[item_end..].strip_prefix(b"\",at:")?;
    let (at, rest) = leading_i64(rest)?;
    let rest = rest.strip_prefix(b",rating:")?;
    let (rating, rest) = [
        (Rating::Good, &b"Good"[..]),
        (Rating::Again, b"Again"),
        (Rating::Hard, b"Hard"),
        (Rating::Easy, b"Easy"),
    ]
    .into_iter()
    .find_map(|(rating, name)| Some((rating, rest.strip_prefix(name)?)))?;
    let rest = rest.strip_prefix(b",ms:")?;
    let (ms, rest) = leading_i64(rest)?;
    match rest {
        b",mode:Flip)" | b",mode:Type)" | b",mode:Choice)" => {}
        _ => return None,
    }
    Some(ReviewRow {
        id: Cow::Borrowed(id),
        item: Cow::Borrowed(item),
        item_hash: item_hash(item),
        at,
        rating,
        ms: u32::try_from(ms).ok()?,
    })
}

/// The hash replay groups items by (FxHash: the journal is our own data, and equal hashes are
/// always confirmed by comparing the ids).
pub fn item_hash(item: &str) -> u64 {
    use std::hash::BuildHasher;
    let hash = rustc_hash::FxBuildHasher.hash_one(item);
    // The unit tests get 16 hashes in all, so different items with equal hashes — which replay
    // must tell apart by their ids — happen in every test that replays.
    if cfg!(test) { hash % 16 } else { hash }
}

/// The decimal integer (optional minus sign, 1 to 18 digits) at the start of `bytes`, and what
/// follows it.
fn leading_i64(bytes: &[u8]) -> Option<(i64, &[u8])> {
    let (negative, digits) = match bytes.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let n = digits
        .iter()
        .position(|d| !d.is_ascii_digit())
        .unwrap_or(digits.len());
    if n == 0 || n > 18 {
        return None;
    }
    let value = digits[..n]
        .iter()
        .fold(0i64, |value, &d| value * 10 + i64::from(d - b'0'));
    Some((if negative { -value } else { value }, &digits[n..]))
}

/// Logs each unreadable line at ERROR.
pub fn report_corrupt(path: &Path, corrupt: &[CorruptLine]) {
    for line in corrupt {
        crate::error!(
            name: "talkdeck.store",
            line = line.line;
            "{}:{}: unreadable journal line skipped ({}); the file is left as it is",
            path.display(), line.line, line.message
        );
    }
}

/// A review as replay needs it, borrowing its text from the journal's bytes where it can.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRow<'a> {
    pub id: Cow<'a, str>,
    pub item: Cow<'a, str>,
    /// [`item_hash`] of `item`, computed while the line is being read anyway.
    pub item_hash: u64,
    pub at: i64,
    pub rating: Rating,
    pub ms: u32,
}

/// The reviews replay reads, in journal order, kept in the pieces they were read in (one per
/// parallel chunk) rather than copied into one vector: a million rows are 70 MB.
#[derive(Clone, Debug, Default)]
pub struct Rows<'a> {
    parts: Vec<Vec<ReviewRow<'a>>>,
}

impl<'a> Rows<'a> {
    fn new(parts: Vec<Vec<ReviewRow<'a>>>) -> Rows<'a> {
        Rows {
            parts: parts.into_iter().filter(|p| !p.is_empty()).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// Empty pieces are dropped when made, so no pieces means no rows.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub fn first(&self) -> Option<&ReviewRow<'a>> {
        self.parts.first().and_then(|p| p.first())
    }

    pub fn iter(&self) -> impl Iterator<Item = &ReviewRow<'a>> + Clone {
        self.parts.iter().flatten()
    }
}

impl<'r, 'a> IntoIterator for &'r Rows<'a> {
    type Item = &'r ReviewRow<'a>;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'r, Vec<ReviewRow<'a>>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.parts.iter().flatten()
    }
}

impl<'a> IntoIterator for Rows<'a> {
    type Item = ReviewRow<'a>;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<ReviewRow<'a>>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.parts.into_iter().flatten()
    }
}

/// What replay reads from journal lines.
#[derive(Debug, Default)]
pub struct Replayed<'a> {
    /// The reviews that count, in time order (then id), undone ones removed.
    pub rows: Rows<'a>,
    /// The lines that could not be read.
    pub corrupt: Vec<CorruptLine>,
    /// Undos whose review is not among these lines (it lies before them).
    pub unmatched_undos: usize,
    /// "Study more" entries, in journal order.
    pub study_more: Vec<StudyMore>,
}

/// Reads whole journal lines without copying what talkdeck wrote itself.
pub fn replay_rows(bytes: &[u8]) -> Replayed<'_> {
    use rayon::prelude::*;

    struct Part<'a> {
        rows: Vec<ReviewRow<'a>>,
        undone: Vec<String>,
        study_more: Vec<StudyMore>,
        /// Line numbers counted from the chunk's first line (1).
        corrupt: Vec<CorruptLine>,
        lines: usize,
    }
    let parts: Vec<Part<'_>> = line_chunks(bytes)
        .into_par_iter()
        .map(|chunk| {
            // A review line is about 116 bytes; sizing up front saves copying as the Vec grows.
            let mut part = Part {
                rows: Vec::with_capacity(chunk.len() / 100),
                undone: Vec::new(),
                study_more: Vec::new(),
                corrupt: Vec::new(),
                lines: 0,
            };
            let mut start = 0;
            for (index, end) in memchr::memchr_iter(b'\n', chunk).enumerate() {
                let line = &chunk[start..end];
                start = end + 1;
                part.lines = index + 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if let Some(row) = fast_row(line) {
                    part.rows.push(row);
                    continue;
                }
                let parsed = std::str::from_utf8(line)
                    .map_err(|e| e.to_string())
                    .and_then(|text| ron::from_str::<Entry>(text).map_err(|e| e.code.to_string()));
                match parsed {
                    Ok(Entry::Review { item, .. }) if !ItemId::is_valid(item.as_str()) => {
                        part.corrupt.push(CorruptLine {
                            line: index + 1,
                            message: format!("invalid item id {:?}", item.as_str()),
                        })
                    }
                    Ok(Entry::Review {
                        id,
                        item,
                        at,
                        rating,
                        ms,
                        ..
                    }) => part.rows.push(ReviewRow {
                        id: Cow::Owned(id),
                        item_hash: item_hash(item.as_str()),
                        item: Cow::Owned(item.as_str().to_string()),
                        at,
                        rating,
                        ms,
                    }),
                    Ok(Entry::Undo { review, .. }) => part.undone.push(review),
                    Ok(Entry::StudyMore {
                        id,
                        at,
                        decks,
                        new,
                        ahead_days,
                    }) => part.study_more.push(StudyMore {
                        id,
                        at,
                        decks,
                        new,
                        ahead_days,
                    }),
                    Err(message) => part.corrupt.push(CorruptLine {
                        line: index + 1,
                        message,
                    }),
                }
            }
            part
        })
        .collect();
    let mut rows = Vec::with_capacity(parts.len());
    let mut undone: Vec<String> = Vec::new();
    let mut study_more = Vec::new();
    let mut corrupt = Vec::new();
    let mut lines_before = 0;
    for part in parts {
        rows.push(part.rows);
        undone.extend(part.undone);
        study_more.extend(part.study_more);
        corrupt.extend(part.corrupt.into_iter().map(|c| CorruptLine {
            line: lines_before + c.line,
            ..c
        }));
        lines_before += part.lines;
    }
    let mut unmatched_undos = 0;
    if !undone.is_empty() {
        let undone: HashSet<&str> = undone.iter().map(String::as_str).collect();
        let mut removed = 0;
        for part in &mut rows {
            let before = part.len();
            part.retain(|row| !undone.contains(row.id.as_ref()));
            removed += before - part.len();
        }
        unmatched_undos = undone.len().saturating_sub(removed);
    }
    let mut rows = Rows::new(rows);
    fn key<'r>(row: &'r ReviewRow<'_>) -> (i64, &'r str) {
        (row.at, row.id.as_ref())
    }
    if !rows
        .iter()
        .zip(rows.iter().skip(1))
        .all(|(a, b)| key(a) <= key(b))
    {
        // A merged or hand-edited journal: one sorted piece.
        let mut all: Vec<ReviewRow<'_>> = rows.into_iter().collect();
        all.sort_by(|a, b| key(a).cmp(&key(b)));
        rows = Rows::new(vec![all]);
    }
    Replayed {
        rows,
        corrupt,
        unmatched_undos,
        study_more,
    }
}

/// Cuts whole lines into chunks for parallel parsing.
fn line_chunks(whole: &[u8]) -> Vec<&[u8]> {
    let n_chunks = if whole.len() < (1 << 20) {
        1
    } else {
        rayon::current_num_threads().max(1) * 4
    };
    let mut bounds = vec![0];
    for k in 1..n_chunks {
        let guess = (whole.len() * k / n_chunks).max(*bounds.last().unwrap_or(&0));
        match memchr::memchr(b'\n', &whole[guess..]) {
            Some(i) if guess + i + 1 < whole.len() => bounds.push(guess + i + 1),
            _ => break,
        }
    }
    bounds.push(whole.len());
    bounds.windows(2).map(|w| &whole[w[0]..w[1]]).collect()
}

/// Journals this large are memory-mapped rather than copied when read whole.
const MAP_AT_LEAST: u64 = 1 << 20;

/// The journal's whole lines as read at opening: mapped when large, else copied.
pub enum JournalBytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl JournalBytes {
    /// Keeps only the first `len` bytes.
    fn truncate(&mut self, len: usize) {
        match self {
            JournalBytes::Mapped(map) => {
                if len < map.len() {
                    // A torn tail in a mapped journal is rare: copy the whole lines.
                    *self = JournalBytes::Owned(map[..len].to_vec());
                }
            }
            JournalBytes::Owned(bytes) => bytes.truncate(len),
        }
    }
}

impl std::ops::Deref for JournalBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            JournalBytes::Mapped(map) => map,
            JournalBytes::Owned(bytes) => bytes,
        }
    }
}

/// How the journal is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// To study: created if missing, a torn tail set aside, answers appended.
    Write,
    /// To read only (`stats`, a read-only folder): nothing is created, repaired or appended.
    Read,
}

/// The open journal, ready to append (when opened for [`Access::Write`]).
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    /// `None` when opened to read and there is no journal yet.
    file: Option<File>,
    access: Access,
    /// The journal's length after the last acknowledged write.
    len: u64,
}

/// `err` with the file's path in front, as every I/O error talkdeck reports reads.
pub(crate) fn at_path(path: &Path, err: io::Error) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

impl Journal {
    /// Opens the journal and returns its whole lines unparsed (after repairing a torn tail), for
    /// callers that parse without copying ([`replay_rows`]).
    pub fn open_raw(path: &Path, now_ms: i64) -> io::Result<(Journal, JournalBytes)> {
        Journal::open_raw_from(path, now_ms, 0, Access::Write)
    }

    /// Like [`Journal::open_raw`], reading only from byte `from` on (which must be a line start or
    /// lie inside the line before one). Only a regular file is opened (a pipe would block the
    /// reader for ever). Every error names the file.
    ///
    /// A torn last line is reported (and the report flushed to the log files) before it is moved
    /// aside, so a kill in between loses neither. Opened to read, it is reported and left alone.
    pub fn open_raw_from(
        path: &Path,
        now_ms: i64,
        from: u64,
        access: Access,
    ) -> io::Result<(Journal, JournalBytes)> {
        match crate::files::regular_file(path) {
            Ok(_) => {}
            Err(err) if err.is_not_found() && access == Access::Read => {
                let journal = Journal {
                    path: path.to_path_buf(),
                    file: None,
                    access,
                    len: 0,
                };
                return Ok((journal, JournalBytes::Owned(Vec::new())));
            }
            Err(err) if err.is_not_found() => {}
            Err(err) => return Err(io::Error::new(io::ErrorKind::InvalidInput, err.to_string())),
        }
        let named = |err| at_path(path, err);
        let mut file = match access {
            Access::Write => OpenOptions::new()
                .read(true)
                .append(true)
                .create(true)
                .open(path),
            Access::Read => File::open(path),
        }
        .map_err(named)?;
        let file_len = file.metadata().map_err(named)?.len();
        let from = from.min(file_len);
        let bytes = if from == 0 && file_len >= MAP_AT_LEAST {
            // SAFETY: the data folder's lock keeps other talkdecks from writing the journal while
            // it is mapped, and this one only appends past the mapped range. Another program
            // truncating the file meanwhile could fault the process (as with ripgrep); editors
            // replace files by rename, which leaves the mapping intact.
            let map =
                unsafe { memmap2::MmapOptions::new().populate().map(&file) }.map_err(named)?;
            JournalBytes::Mapped(map)
        } else {
            file.seek(SeekFrom::Start(from)).map_err(named)?;
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(named)?;
            JournalBytes::Owned(bytes)
        };
        let whole_len = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if whole_len < bytes.len() {
            let torn = &bytes[whole_len..];
            match access {
                Access::Write => {
                    let mut aside = path.as_os_str().to_owned();
                    aside.push(format!(".torn-{now_ms}"));
                    let aside = PathBuf::from(aside);
                    crate::warning!(
                        name: "talkdeck.store",
                        bytes = torn.len();
                        "{}: the last line was cut short (a write interrupted by a crash or power \
                         cut); its {} bytes are moved to {} and every whole line before it is kept",
                        path.display(), torn.len(), aside.display()
                    );
                    crate::logging::get_logger("talkdeck.store").flush();
                    super::write_atomic(&aside, torn).map_err(|e| at_path(&aside, e))?;
                    file.set_len(from + whole_len as u64).map_err(named)?;
                    file.sync_all().map_err(named)?;
                }
                Access::Read => crate::warning!(
                    name: "talkdeck.store",
                    bytes = torn.len();
                    "{}: the last line was cut short (a write interrupted by a crash or power cut); \
                     its {} bytes are left out, and set aside the next time talkdeck studies here",
                    path.display(), torn.len()
                ),
            }
        }
        let mut bytes = bytes;
        bytes.truncate(whole_len);
        Ok((
            Journal {
                path: path.to_path_buf(),
                file: Some(file),
                access,
                len: from + whole_len as u64,
            },
            bytes,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The length of the journal's whole lines, in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `n` bytes before byte `end` (fewer at the start of the file).
    pub fn bytes_before(&mut self, end: u64, n: u64) -> io::Result<Vec<u8>> {
        let start = end.saturating_sub(n);
        let mut bytes = vec![0; (end - start) as usize];
        if let Some(file) = &mut self.file {
            let named = |err| at_path(&self.path, err);
            file.seek(SeekFrom::Start(start)).map_err(named)?;
            file.read_exact(&mut bytes).map_err(named)?;
        }
        Ok(bytes)
    }

    /// Whether answers can be appended.
    pub fn is_writable(&self) -> bool {
        self.access == Access::Write
    }

    pub fn access(&self) -> Access {
        self.access
    }

    /// Appends one entry and fsyncs; when this returns `Ok`, the entry survives a crash.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        let (Access::Write, Some(file)) = (self.access, &mut self.file) else {
            return Err(io::Error::new(
                io::ErrorKind::ReadOnlyFilesystem,
                format!("{}: opened to read only", self.path.display()),
            ));
        };
        let mut line = ron::to_string(entry).map_err(io::Error::other)?;
        line.push('\n');
        let result = file
            .write_all(line.as_bytes())
            .and_then(|()| file.sync_data());
        match result {
            Ok(()) => {
                self.len += line.len() as u64;
                Ok(())
            }
            Err(err) => {
                // Do not leave half a line for the next append to glue onto.
                let _ = file.set_len(self.len);
                Err(at_path(&self.path, err))
            }
        }
    }
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

    /// What replay sees of an entry: id, item, time, rating, time taken.
    type Seen = (String, String, i64, Rating, u32);

    fn seen(entry: &Entry) -> Seen {
        match entry {
            Entry::Review {
                id,
                item,
                at,
                rating,
                ms,
                ..
            } => (id.clone(), item.to_string(), *at, *rating, *ms),
            Entry::Undo { .. } | Entry::StudyMore { .. } => {
                unreachable!("only reviews are compared")
            }
        }
    }

    fn rows_of(bytes: &[u8]) -> (Vec<Seen>, Vec<CorruptLine>) {
        let Replayed { rows, corrupt, .. } = replay_rows(bytes);
        let rows = rows
            .into_iter()
            .map(|r| (r.id.into_owned(), r.item.into_owned(), r.at, r.rating, r.ms))
            .collect();
        (rows, corrupt)
    }

    #[test]
    fn entries_are_one_ron_line_each_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.ron");
        let (mut journal, bytes) = Journal::open_raw(&path, 0).unwrap();
        assert!(bytes.is_empty());
        journal.append(&review(1, Rating::Good)).unwrap();
        journal.append(&review(2, Rating::Again)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            "Review(id:\"r1\",item:\"greetings/hi/produce\",at:1000,rating:Good,ms:2300,mode:Flip)"
        );
        let (_, bytes) = Journal::open_raw(&path, 0).unwrap();
        assert_eq!(
            rows_of(&bytes).0,
            [
                seen(&review(1, Rating::Good)),
                seen(&review(2, Rating::Again))
            ]
        );
    }

    #[test]
    fn study_more_is_one_line_read_back_in_order_beside_the_reviews() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.ron");
        let (mut journal, _) = Journal::open_raw(&path, 0).unwrap();
        let more = StudyMore {
            id: "m1".into(),
            at: 1_500,
            decks: vec!["greetings".into()],
            new: 10,
            ahead_days: 0,
        };
        journal.append(&review(1, Rating::Good)).unwrap();
        journal.append(&more.entry()).unwrap();
        journal.append(&review(2, Rating::Good)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "StudyMore(id:\"m1\",at:1500,decks:[\"greetings\"],new:10,ahead_days:0)"
        );
        let replayed = replay_rows(text.as_bytes());
        assert_eq!(replayed.rows.len(), 2);
        assert!(replayed.corrupt.is_empty());
        assert_eq!(replayed.study_more, std::slice::from_ref(&more));
        assert!(more.covers("greetings") && !more.covers("jobs"));
        // Fields left out take their defaults; no decks means every deck.
        let short = replay_rows(b"StudyMore(id:\"m2\",at:9,new:5)\n").study_more;
        assert_eq!(short[0].ahead_days, 0);
        assert!(short[0].covers("jobs"));
    }

    #[test]
    fn a_torn_last_line_is_moved_aside_and_everything_before_it_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.ron");
        let (mut journal, _) = Journal::open_raw(&path, 0).unwrap();
        journal.append(&review(1, Rating::Good)).unwrap();
        drop(journal);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"Review(id:\"r2\",item:\"greet").unwrap();
        drop(file);

        let (mut journal, bytes) = Journal::open_raw(&path, 77).unwrap();
        let (rows, corrupt) = rows_of(&bytes);
        assert_eq!(rows, [seen(&review(1, Rating::Good))]);
        assert!(corrupt.is_empty());
        let aside = dir.path().join("journal.ron.torn-77");
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            b"Review(id:\"r2\",item:\"greet"
        );
        journal.append(&review(3, Rating::Easy)).unwrap();
        let (_, bytes) = Journal::open_raw(&path, 78).unwrap();
        assert_eq!(
            rows_of(&bytes).0,
            [
                seen(&review(1, Rating::Good)),
                seen(&review(3, Rating::Easy))
            ]
        );
    }

    #[test]
    fn a_corrupt_line_in_the_middle_is_reported_and_the_file_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.ron");
        let good = |n| format!("{}\n", ron::to_string(&review(n, Rating::Good)).unwrap());
        let text = format!("{}garbage here\n{}", good(1), good(2));
        std::fs::write(&path, &text).unwrap();
        let (_, bytes) = Journal::open_raw(&path, 0).unwrap();
        let (rows, corrupt) = rows_of(&bytes);
        assert_eq!(rows.len(), 2);
        assert_eq!(corrupt.len(), 1);
        assert_eq!(corrupt[0].line, 2);
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
        let text: String = entries
            .iter()
            .map(|e| format!("{}\n", ron::to_string(e).unwrap()))
            .collect();
        let Replayed {
            rows,
            unmatched_undos: unmatched,
            ..
        } = replay_rows(text.as_bytes());
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_ref()).collect();
        assert_eq!(ids, ["r1", "r3"]);
        assert_eq!(unmatched, 0);
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
                let row = fast_row(line.as_bytes()).unwrap();
                let read = (
                    row.id.into_owned(),
                    row.item.into_owned(),
                    row.at,
                    row.rating,
                    row.ms,
                );
                assert_eq!(read, seen(&entry), "{line}");
                assert_eq!(ron::from_str::<Entry>(&line).unwrap(), entry);
            }
        }
        for other in [
            "Review(id: \"a\", item: \"d/c/produce\", at: 1, rating: Good, ms: 1, mode: Flip)",
            "Review(id:\"a\\\"b\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"D/c/produce\",at:1,rating:Good,ms:1,mode:Flip)",
            "Undo(id:\"u\",review:\"r\",at:1)",
            // Anything off in the numbers, names or the end goes to RON too.
            "Review(id:\"a\",item:\"d/c/produce\",at:12x3,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:-,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:1234567890123456789,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:1,rating:Goodish,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:1,rating:Good,ms:-1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip))",
            "Review(id:\"a\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip",
            "Review(id:\"\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce/x\",at:1,rating:Good,ms:1,mode:Flip)",
        ] {
            assert_eq!(fast_row(other.as_bytes()), None, "{other}");
        }
        let negative = "Review(id:\"a\",item:\"d/c/produce\",at:-5,rating:Easy,ms:0,mode:Type)\r";
        let row = fast_row(negative.as_bytes()).unwrap();
        assert_eq!((row.at, row.rating, row.ms), (-5, Rating::Easy, 0));
        let not_utf8 = b"Review(id:\"a\xff\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip)";
        assert_eq!(fast_row(not_utf8), None);
    }

    #[test]
    fn a_large_journal_parses_in_chunks_with_the_right_line_numbers() {
        let mut text = String::new();
        for n in 0..30_000 {
            if n == 12_345 || n == 29_999 {
                text.push_str("not a record\n");
            } else {
                text.push_str(&ron::to_string(&review(n, Rating::Good)).unwrap());
                text.push('\n');
            }
        }
        assert!(text.len() > 1 << 20, "big enough to be chunked");
        let (rows, corrupt) = rows_of(text.as_bytes());
        assert_eq!(rows.len(), 29_998);
        let lines: Vec<usize> = corrupt.iter().map(|c| c.line).collect();
        assert_eq!(lines, [12_346, 30_000]);
        assert_eq!(
            rows[12_345],
            seen(&review(12_346, Rating::Good)),
            "order kept"
        );
    }

    #[test]
    fn undos_and_out_of_order_lines_across_chunks_read_as_in_one_piece() {
        // Chunks are read apart: an undo in the last chunk must still take back a review in the
        // first, and a line out of time order (a merged journal) must still be sorted into place.
        let mut entries: Vec<Entry> = (0..30_000).map(|n| review(n, Rating::Good)).collect();
        // At the same time as r15 (ids then order them), 20,000 lines later.
        if let Entry::Review { at, rating, .. } = &mut entries[20_000] {
            (*at, *rating) = (15_000, Rating::Easy);
        }
        entries.push(Entry::Undo {
            id: "u1".into(),
            review: "r7".into(),
            at: 40_000_000,
        });
        entries.push(Entry::Undo {
            id: "u2".into(),
            review: "r29999".into(),
            at: 40_000_001,
        });
        let text: String = entries
            .iter()
            .map(|e| format!("{}\n", ron::to_string(e).unwrap()))
            .collect();
        assert!(text.len() > 1 << 20, "big enough to be chunked");
        let (rows, corrupt) = rows_of(text.as_bytes());
        assert!(corrupt.is_empty());
        let mut expected: Vec<Seen> = entries
            .iter()
            .filter(|e| matches!(e, Entry::Review { id, .. } if id != "r7" && id != "r29999"))
            .map(seen)
            .collect();
        expected.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
        assert_eq!(rows.len(), 29_998);
        assert_eq!(rows, expected);
        // r7 is gone, so r15 is the 15th; then the merged line.
        assert_eq!(rows[14].0, "r15");
        assert_eq!((rows[15].0.as_str(), rows[15].3), ("r20000", Rating::Easy));
    }

    #[test]
    fn a_hand_edited_line_with_an_invalid_item_is_corrupt_not_a_crash() {
        let text = "Review(id: \"x\", item: \"../../etc/passwd\", at: 1, rating: Good, ms: 1, mode: Flip)\n";
        let Replayed { rows, corrupt, .. } = replay_rows(text.as_bytes());
        assert!(rows.is_empty());
        assert_eq!(corrupt.len(), 1);
        assert!(
            corrupt[0].message.contains("invalid item id"),
            "{:?}",
            corrupt[0]
        );
    }

    #[test]
    fn entry_ids_are_unique() {
        let ids: HashSet<String> = (0..10_000).map(|_| new_entry_id(5)).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
