//! Rollover by size (Python's `RotatingFileHandler`): when the next record would take the file past
//! `max_bytes`, `name.log.N-1` becomes `name.log.N` … `name.log` becomes `name.log.1`, and a new
//! `name.log` starts. Rotation happens between records, so no record is ever split across files; a
//! single record longer than `max_bytes` gets a file of its own. With `max_bytes` or `backup_count` 0
//! the file never rotates (Python's rule).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::log_file::{LogFile, with_path};

/// Rollover by size: the rollover state of a file handler.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SizeRollover {
    pub(crate) max_bytes: u64,
    pub(crate) backup_count: u32,
}

/// `name.log.N` for backup `n`.
pub(crate) fn backup_path(path: &Path, n: u32) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

impl SizeRollover {
    /// Rotates `file` if a line of `line_len` bytes would take it past `max_bytes`. A failed
    /// rotation must not cost the record: the caller reports it and appends to the current file,
    /// which `write_line` reopens.
    #[inline]
    pub(crate) fn roll_if_due(&self, file: &mut LogFile, line_len: usize) -> io::Result<()> {
        if self.max_bytes > 0
            && self.backup_count > 0
            && file.size() > 0
            && file.size() + line_len as u64 > self.max_bytes
        {
            self.rotate(file)
        } else {
            Ok(())
        }
    }

    /// The backups of `path` that exist now, oldest first.
    pub(crate) fn list_rotated(&self, path: &Path) -> Vec<PathBuf> {
        (1..=self.backup_count)
            .rev()
            .map(|n| backup_path(path, n))
            .filter(|backup| backup.exists())
            .collect()
    }

    fn rotate(&self, file: &mut LogFile) -> io::Result<()> {
        file.close()?;
        let path = file.path().to_path_buf();
        let oldest = backup_path(&path, self.backup_count);
        match fs::remove_file(&oldest) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => {
                return Err(with_path(err, &oldest));
            }
            _ => {}
        }
        for n in (1..self.backup_count).rev() {
            let from = backup_path(&path, n);
            let to = backup_path(&path, n + 1);
            match fs::rename(&from, &to) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => {
                    return Err(with_path(err, &from));
                }
                _ => {}
            }
        }
        let first = backup_path(&path, 1);
        fs::rename(&path, &first).map_err(|e| with_path(e, &path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logging::Level;
    use crate::logging::handler::{
        Handler, HandlerExt, HandlerOptions, RotatingFileHandler, handle_test_record,
    };

    fn emit(handler: &RotatingFileHandler, message: &str) {
        handle_test_record(handler, Level::INFO, "t", message, &[]);
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap_or_default()
    }

    #[test]
    fn rotation_keeps_every_record_whole_and_drops_only_those_beyond_backup_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("talkdeck.log");
        let (max_bytes, backups) = (100, 3);
        let handler =
            RotatingFileHandler::open(&path, max_bytes, backups, HandlerOptions::default())
                .unwrap();
        // Records of varying length, so boundaries fall everywhere.
        let records: Vec<String> = (0..200)
            .map(|i| format!("record {i:03} {}", "x".repeat(i % 23)))
            .collect();
        for record in &records {
            emit(&handler, record);
        }
        handler.close().unwrap();
        assert_eq!(handler.core().error_count(), 0);

        let mut files: Vec<PathBuf> = (1..=backups)
            .rev()
            .map(|n| RotatingFileHandler::backup_path(&path, n))
            .collect();
        files.push(path.clone());
        let mut kept = String::new();
        for file in &files {
            let text = read(file);
            assert!(
                text.len() as u64 <= max_bytes,
                "{} is {} bytes",
                file.display(),
                text.len()
            );
            assert!(text.ends_with('\n'), "{} ends mid-record", file.display());
            kept.push_str(&text);
        }
        assert!(!RotatingFileHandler::backup_path(&path, backups + 1).exists());

        // Oldest backup to live file, byte for byte, is exactly the tail of what was written.
        let all: String = records.iter().map(|r| format!("{r}\n")).collect();
        assert!(
            all.ends_with(&kept),
            "the kept files are not a suffix of the records written"
        );
        let kept_lines = kept.lines().count();
        assert!(kept_lines > 10, "only {kept_lines} records kept");
        // Nothing between the files is missing: the first kept record follows a whole record.
        let dropped = &all[..all.len() - kept.len()];
        assert!(dropped.is_empty() || dropped.ends_with('\n'));
    }

    #[test]
    fn an_oversized_record_gets_a_file_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.log");
        let handler = RotatingFileHandler::open(&path, 50, 2, HandlerOptions::default()).unwrap();
        emit(&handler, "short");
        let long = "L".repeat(120);
        emit(&handler, &long);
        emit(&handler, "after");
        handler.close().unwrap();
        assert_eq!(read(&RotatingFileHandler::backup_path(&path, 2)), "short\n");
        assert_eq!(
            read(&RotatingFileHandler::backup_path(&path, 1)),
            format!("{long}\n")
        );
        assert_eq!(read(&path), "after\n");
    }

    #[test]
    fn zero_backup_count_never_rotates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flat.log");
        let handler = RotatingFileHandler::open(&path, 10, 0, HandlerOptions::default()).unwrap();
        for i in 0..20 {
            emit(&handler, &format!("line {i}"));
        }
        handler.close().unwrap();
        assert_eq!(read(&path).lines().count(), 20);
        assert!(!RotatingFileHandler::backup_path(&path, 1).exists());
    }

    #[test]
    fn reopening_appends_and_counts_the_existing_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("again.log");
        fs::write(&path, "0123456789012345678901234567890123456789\n").unwrap();
        let handler = RotatingFileHandler::open(&path, 50, 1, HandlerOptions::default()).unwrap();
        emit(&handler, "this line does not fit");
        handler.close().unwrap();
        assert_eq!(read(&RotatingFileHandler::backup_path(&path, 1)).len(), 41);
        assert_eq!(read(&path), "this line does not fit\n");
    }
}
