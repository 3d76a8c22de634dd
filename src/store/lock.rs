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
    InUse {
        dir: PathBuf,
        pid: Option<u32>,
    },
    Io(io::Error),
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
            LockError::Io(err) => write!(f, "cannot lock the data folder: {err}"),
        }
    }
}

impl std::error::Error for LockError {}

impl DataLock {
    /// Locks `dir` (creating it if needed), writing this process's pid into the lock file.
    pub fn acquire(dir: &Path) -> Result<DataLock, LockError> {
        std::fs::create_dir_all(dir).map_err(LockError::Io)?;
        let path = dir.join("talkdeck.lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(LockError::Io)?;
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
            Err(std::fs::TryLockError::Error(err)) => return Err(LockError::Io(err)),
        }
        file.set_len(0).map_err(LockError::Io)?;
        file.seek(SeekFrom::Start(0)).map_err(LockError::Io)?;
        writeln!(file, "{}", std::process::id()).map_err(LockError::Io)?;
        file.sync_all().map_err(LockError::Io)?;
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
}
