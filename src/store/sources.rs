//! The journals of a data folder: this device's (`journal/<device>.ron`, the only one it writes),
//! every other `.ron` file in `journal/` (other devices', another folder's journal put there to
//! join the two, a sync tool's conflict copy), the single `journal.ron` of older talkdecks and its
//! conflict copies. Another device's journal is read up to its last whole line — the rest may be
//! still arriving — and is never written, moved or cut.
//!
//! Journals are listed in one order on every device (by the device their name says, the original
//! before its copies, then by name), which is how ties in time are broken when they merge.

use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::DataDir;
use super::journal::at_path;

/// One journal of the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Its path under the data folder, with `/` (`journal/laptop-a3f29c.ron`): its name in the
    /// snapshot and in messages.
    pub name: String,
    pub path: PathBuf,
    /// The device its name says (a conflict copy's is its original's): the merge's tie-break.
    pub device: String,
    /// A sync tool's conflict copy of another journal.
    pub copy: bool,
}

impl Source {
    fn new(dir: &DataDir, relative: &str, file: &str) -> Source {
        let conflict = crate::files::conflict_copy(file).filter(|c| c.certain);
        let base = conflict.as_ref().map_or(file, |c| c.original.as_str());
        Source {
            name: format!("{relative}{file}"),
            path: dir.root().join(relative).join(file),
            device: base.strip_suffix(".ron").unwrap_or(base).to_owned(),
            copy: conflict.is_some(),
        }
    }

    /// Its place in the merge's order.
    pub fn order(&self) -> (&str, bool, &str) {
        (&self.device, self.copy, &self.name)
    }
}

/// The journals in `dir` other than this device's own, in the merge's order. A folder that
/// cannot be listed (none yet) has none; a file that is not a regular `.ron` file is passed over.
pub fn others(dir: &DataDir) -> Vec<Source> {
    let own = dir.journal_path();
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir.journals_dir()) {
        for entry in entries.flatten() {
            let Some(file) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let path = entry.path();
            if file.ends_with(".ron")
                && !file.starts_with('.')
                && path != own
                && entry.file_type().is_ok_and(|t| t.is_file())
            {
                found.push(Source::new(dir, "journal/", &file));
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir.root()) {
        for entry in entries.flatten() {
            let Some(file) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let single = file == "journal.ron"
                || crate::files::conflict_copy(&file)
                    .is_some_and(|c| c.certain && c.original == "journal.ron");
            if single && entry.file_type().is_ok_and(|t| t.is_file()) {
                found.push(Source::new(dir, "", &file));
            }
        }
    }
    found.sort_by(|a, b| a.order().cmp(&b.order()));
    found
}

/// The names of the journals of `dir` other than this device's (`journal/laptop-a3f29c.ron`, …),
/// in the merge's order.
pub fn other_journals(dir: &DataDir) -> Vec<String> {
    others(dir).into_iter().map(|source| source.name).collect()
}

/// This device's journal as a source (its place in the order among the others).
pub fn own(dir: &DataDir) -> Source {
    Source::new(dir, "journal/", &format!("{}.ron", dir.device()))
}

/// Another device's journal read from byte `from` to its last newline: the bytes and the length of
/// its whole lines. Never written: a last line still arriving is left for the next read. A file
/// gone since it was listed reads as empty.
pub fn read_whole_lines(path: &Path, from: u64) -> io::Result<(Vec<u8>, u64)> {
    let named = |err| at_path(path, err);
    match crate::files::regular_file(path) {
        Ok(_) => {}
        Err(err) if err.is_not_found() => return Ok((Vec::new(), from)),
        Err(err) => return Err(io::Error::new(io::ErrorKind::InvalidInput, err.to_string())),
    }
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), from)),
        Err(err) => return Err(named(err)),
    };
    let len = file.metadata().map_err(named)?.len();
    if len <= from {
        return Ok((Vec::new(), len.min(from)));
    }
    file.seek(SeekFrom::Start(from)).map_err(named)?;
    let mut bytes = Vec::with_capacity((len - from) as usize);
    file.take(len - from)
        .read_to_end(&mut bytes)
        .map_err(named)?;
    let whole = memchr::memrchr(b'\n', &bytes).map_or(0, |i| i + 1);
    bytes.truncate(whole);
    Ok((bytes, from + whole as u64))
}

/// The `n` bytes of `path` before byte `end` (fewer at its start); `None` when the file is shorter.
pub fn bytes_before(path: &Path, end: u64, n: u64) -> Option<Vec<u8>> {
    let mut file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() < end {
        return None;
    }
    let start = end.saturating_sub(n);
    let mut bytes = vec![0; (end - start) as usize];
    file.seek(SeekFrom::Start(start)).ok()?;
    file.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_journal_but_the_own_is_listed_originals_before_their_copies() {
        let root = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(root.path(), "desk-000001");
        std::fs::create_dir_all(data.journals_dir()).unwrap();
        for name in [
            "journal/desk-000001.ron",
            "journal/laptop-00aa00.ron",
            "journal/laptop-00aa00.sync-conflict-20261130-101500-ABCDEFG.ron",
            "journal/desk-000001 (conflicted copy).ron",
            "journal/old-folder.ron",
            "journal/.syncthing.laptop-00aa00.ron.tmp",
            "journal/notes.txt",
            "journal.ron",
            "journal (1).ron",
            "journal.sync-conflict-20261130-101500-ABCDEFG.ron",
            "settings.ron",
        ] {
            std::fs::write(root.path().join(name), "").unwrap();
        }
        let names: Vec<String> = others(&data).into_iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            [
                "journal/desk-000001 (conflicted copy).ron",
                "journal.ron",
                "journal.sync-conflict-20261130-101500-ABCDEFG.ron",
                "journal/laptop-00aa00.ron",
                "journal/laptop-00aa00.sync-conflict-20261130-101500-ABCDEFG.ron",
                "journal/old-folder.ron",
            ]
        );
    }

    #[test]
    fn another_journal_is_read_to_its_last_whole_line_and_left_as_it_is() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("laptop.ron");
        std::fs::write(&path, "one\ntwo\nthr").unwrap();
        assert_eq!(
            read_whole_lines(&path, 0).unwrap(),
            (b"one\ntwo\n".to_vec(), 8)
        );
        assert_eq!(read_whole_lines(&path, 8).unwrap(), (Vec::new(), 8));
        assert_eq!(std::fs::read(&path).unwrap(), b"one\ntwo\nthr");
        std::fs::write(&path, "one\ntwo\nthree\n").unwrap();
        assert_eq!(
            read_whole_lines(&path, 8).unwrap(),
            (b"three\n".to_vec(), 14)
        );
        assert_eq!(
            read_whole_lines(&root.path().join("gone.ron"), 0).unwrap(),
            (Vec::new(), 0)
        );
    }
}
