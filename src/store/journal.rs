//! `journal.ron` on disk: opening it (to study or to read), appending an entry durably, and setting
//! a torn tail aside. It is the source of truth: item states are its replay through the scheduler
//! (`lines` reads it, `derived` replays it).
//!
//! An answer is acknowledged only after its line is written and fsynced. On opening, a last line
//! without its newline — a write cut short by a power failure — is reported, moved to
//! `journal.ron.torn-<ms>`, and the journal is cut back to its last whole line, all before the file
//! is read; nothing before it is lost. A line in the middle that does not parse is reported at ERROR
//! with its number and skipped, and the file is left as it is; a line of a kind this build does not
//! know is skipped with one WARNING.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::entry::Entry;
use super::lines::{CorruptLine, UnknownLine};

/// Logs each unreadable line at ERROR, and the lines of unknown kinds in one WARNING.
pub fn report_unread(path: &Path, corrupt: &[CorruptLine], unknown: &[UnknownLine]) {
    for line in corrupt {
        crate::error!(
            name: "talkdeck.store",
            line = line.line;
            "{}:{}: unreadable journal line skipped ({}); the file is left as it is",
            path.display(), line.line, line.message
        );
    }
    if let Some(first) = unknown.first() {
        let mut kinds: Vec<&str> = unknown.iter().map(|u| u.kind.as_str()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        crate::warning!(
            name: "talkdeck.store",
            lines = unknown.len();
            "{}:{}: {} journal {} of {} this talkdeck does not know (a newer talkdeck wrote {}) \
             skipped; they are kept in the file",
            path.display(), first.line, unknown.len(),
            if unknown.len() == 1 { "line" } else { "lines" },
            kinds.join(", "),
            if unknown.len() == 1 { "it" } else { "them" }
        );
    }
}

/// Journals this large are memory-mapped rather than copied when read whole.
const MAP_AT_LEAST: u64 = 1 << 20;

/// How far from the end a torn last line is looked for before anything else is read: a line is
/// about 120 bytes; one longer than this is found by reading back further.
const TAIL_PROBE: u64 = 64 * 1024;

/// The journal's whole lines as read at opening: mapped when large, else copied.
pub enum JournalBytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
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

/// The length of `file`'s whole lines: up to and including its last newline.
fn whole_lines_len(file: &mut File, len: u64) -> io::Result<u64> {
    let mut end = len;
    let mut buffer = Vec::new();
    while end > 0 {
        let start = end.saturating_sub(TAIL_PROBE);
        buffer.resize((end - start) as usize, 0);
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut buffer)?;
        if let Some(i) = memchr::memrchr(b'\n', &buffer) {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

impl Journal {
    /// Opens the journal to study, from its start (tests).
    #[cfg(test)]
    pub fn open_raw(path: &Path, now_ms: i64) -> io::Result<(Journal, JournalBytes)> {
        Journal::open_raw_from(path, now_ms, 0, Access::Write)
    }

    /// Opens the journal and returns its whole lines unparsed, for callers that parse without
    /// copying (`lines::replay_rows`), reading only from byte `from` on (which must be a line start
    /// or lie inside the line before one). Only a regular file is opened (a pipe would block the
    /// reader for ever). Every error names the file.
    ///
    /// A torn last line is found first, from the file's end. Opened to study, it is reported (and
    /// the report flushed to the log files), moved aside and cut off before the rest is read, so a
    /// kill in between loses neither the report nor the bytes, and a mapped journal never shrinks.
    /// Opened to read, it is reported and left alone, and only the whole lines are read.
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
        let whole_len = whole_lines_len(&mut file, file_len).map_err(named)?;
        if whole_len < file_len {
            Journal::torn_tail(&mut file, path, whole_len, file_len, now_ms, access)?;
        }
        let from = from.min(whole_len);
        let bytes = if from == 0 && whole_len >= MAP_AT_LEAST {
            // SAFETY: the map covers whole lines only, and the file is never shortened while it is
            // mapped: a torn tail was cut off above, before mapping, and this talkdeck only appends
            // past the mapped range. The data folder's lock keeps other talkdecks from writing it
            // (opened to read, no talkdeck shortens it either: they only append). Another program
            // truncating the file meanwhile could still fault the process (as with ripgrep); editors
            // replace files by rename, which leaves the mapping intact.
            let map = unsafe {
                memmap2::MmapOptions::new()
                    .len(whole_len as usize)
                    .populate()
                    .map(&file)
            }
            .map_err(named)?;
            JournalBytes::Mapped(map)
        } else {
            file.seek(SeekFrom::Start(from)).map_err(named)?;
            let mut bytes = Vec::with_capacity((whole_len - from) as usize);
            (&mut file)
                .take(whole_len - from)
                .read_to_end(&mut bytes)
                .map_err(named)?;
            JournalBytes::Owned(bytes)
        };
        Ok((
            Journal {
                path: path.to_path_buf(),
                file: Some(file),
                access,
                len: whole_len,
            },
            bytes,
        ))
    }

    /// Reports the bytes after the last newline and, opened to study, moves them aside and cuts
    /// the journal back to its whole lines.
    fn torn_tail(
        file: &mut File,
        path: &Path,
        whole_len: u64,
        file_len: u64,
        now_ms: i64,
        access: Access,
    ) -> io::Result<()> {
        let named = |err| at_path(path, err);
        let n = file_len - whole_len;
        match access {
            Access::Write => {
                let mut torn = Vec::with_capacity(n as usize);
                file.seek(SeekFrom::Start(whole_len)).map_err(named)?;
                file.take(n).read_to_end(&mut torn).map_err(named)?;
                let mut aside = path.as_os_str().to_owned();
                aside.push(format!(".torn-{now_ms}"));
                let aside = PathBuf::from(aside);
                crate::warning!(
                    name: "talkdeck.store",
                    bytes = n;
                    "{}: the last line was cut short (a write interrupted by a crash or power \
                     cut); its {} bytes are moved to {} and every whole line before it is kept",
                    path.display(), n, aside.display()
                );
                crate::logging::get_logger("talkdeck.store").flush();
                super::write_atomic(&aside, &torn).map_err(|e| at_path(&aside, e))?;
                file.set_len(whole_len).map_err(named)?;
                file.sync_all().map_err(named)
            }
            Access::Read => {
                crate::warning!(
                    name: "talkdeck.store",
                    bytes = n;
                    "{}: the last line was cut short (a write interrupted by a crash or power \
                     cut); its {} bytes are left out, and set aside the next time talkdeck studies \
                     here",
                    path.display(), n
                );
                Ok(())
            }
        }
    }

    /// The length of the journal's whole lines, in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file on disk is longer than what this journal read and appended: another
    /// program wrote to it meanwhile (an older talkdeck, a sync client), so the state derived here
    /// lacks its lines.
    pub fn grew_elsewhere(&self) -> io::Result<bool> {
        match &self.file {
            Some(file) => {
                Ok(file.metadata().map_err(|e| at_path(&self.path, e))?.len() != self.len)
            }
            None => Ok(false),
        }
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
        // Where this line starts: the file's end, which is past `self.len` if another program
        // appended meanwhile, whose lines a failed write must not cut off.
        let start = file.metadata().map_or(self.len, |m| m.len());
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
                let _ = file.set_len(start);
                Err(at_path(&self.path, err))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::Rating;
    use crate::store::entry::StudyMore;
    use crate::store::lines::replay_rows;
    use crate::store::lines::test_support::*;

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
        let replayed = replay_rows(text.as_bytes(), few_hashes);
        assert_eq!(replayed.rows.len(), 2);
        assert!(replayed.corrupt.is_empty());
        assert_eq!(replayed.study_more, std::slice::from_ref(&more));
        assert!(more.covers("greetings") && !more.covers("jobs"));
        // Fields left out take their defaults; no decks means every deck.
        let short = replay_rows(b"StudyMore(id:\"m2\",at:9,new:5)\n", few_hashes).study_more;
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
}
