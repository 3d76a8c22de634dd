//! One talkdeck per data folder: an advisory lock on `talkdeck.lock`, held for the life of the
//! process. A second talkdeck on the same folder is told who holds it and touches nothing.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The held lock; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct DataLock {
    _file: File,
    path: PathBuf,
}

/// Why the folder could not be locked.
#[derive(Debug)]
pub enum LockError {
    /// Another talkdeck holds the lock; its pid if it wrote one.
    InUse { dir: PathBuf, pid: Option<u32> },
    /// The data folder's path names a file (or something else that is not a folder).
    NotAFolder { dir: PathBuf },
    /// The lock file could not be made or locked (a read-only folder, say).
    Io { path: PathBuf, error: io::Error },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::InUse {
                dir,
                pid: Some(pid),
            } => write!(
                f,
                "data folder {} is in use by another talkdeck (pid {pid})",
                dir.display()
            ),
            LockError::InUse { dir, pid: None } => {
                write!(
                    f,
                    "data folder {} is in use by another talkdeck",
                    dir.display()
                )
            }
            LockError::NotAFolder { dir } => write!(
                f,
                "the data folder {} is a file, not a folder; pass --data-dir with a folder",
                dir.display()
            ),
            LockError::Io { path, error } => {
                write!(
                    f,
                    "cannot lock the data folder: {}: {error}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for LockError {}

impl DataLock {
    /// Locks `dir` (creating it if needed), writing this process's pid into the lock file.
    pub fn acquire(dir: &Path) -> Result<DataLock, LockError> {
        if super::DataDir::new(dir).is_not_a_folder() {
            return Err(LockError::NotAFolder {
                dir: dir.to_path_buf(),
            });
        }
        std::fs::create_dir_all(dir).map_err(|error| LockError::Io {
            path: dir.to_path_buf(),
            error,
        })?;
        let path = dir.join("talkdeck.lock");
        let io = |error| LockError::Io {
            path: path.clone(),
            error,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LockError::InUse {
                    dir: dir.to_path_buf(),
                    pid: text.trim().parse().ok(),
                });
            }
            Err(std::fs::TryLockError::Error(err)) => return Err(io(err)),
        }
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(DataLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_folder_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = DataLock::acquire(dir.path()).unwrap();
        let err = DataLock::acquire(dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "data folder {} is in use by another talkdeck (pid {})",
                dir.path().display(),
                std::process::id()
            )
        );
        drop(first);
        assert!(DataLock::acquire(dir.path()).is_ok(), "released on drop");
    }

    #[test]
    fn a_lock_that_cannot_be_taken_names_the_file_and_a_file_for_a_folder_says_so() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the lock file goes: fails even as root, where permissions do not.
        let lock = dir.path().join("talkdeck.lock");
        std::fs::create_dir(&lock).unwrap();
        let err = DataLock::acquire(dir.path()).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "cannot lock the data folder: {}: ",
                lock.display()
            )),
            "{err}"
        );
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        assert_eq!(
            DataLock::acquire(&file).unwrap_err().to_string(),
            format!(
                "the data folder {} is a file, not a folder; pass --data-dir with a folder",
                file.display()
            )
        );
    }
}
