//! One talkdeck per device on a data folder: an advisory lock on `devices/<device>/talkdeck.lock`,
//! held for the life of the process. A second talkdeck as the same device is told who holds it and
//! touches nothing; talkdecks of two devices never block each other (each writes only its own
//! journal). Older talkdecks locked `talkdeck.lock` at the top of the data folder, exclusively:
//! that one is held shared, so an older talkdeck started beside this one is refused, and this one
//! beside an older one, while talkdecks of this version share it.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::DataDir;

/// The held lock; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct DataLock {
    _file: File,
    path: PathBuf,
    /// The lock where older talkdecks look for it, held as long as this one.
    _old: Option<Box<DataLock>>,
    /// Whether the file goes when the lock does, if no other talkdeck shares it (the older
    /// talkdecks' one: it is only there while a talkdeck runs, so the data folder's top keeps no
    /// lock file of its own).
    remove_on_drop: bool,
}

impl Drop for DataLock {
    fn drop(&mut self) {
        // Only the last holder may remove it: taking it alone succeeds when no other talkdeck
        // shares it. Still locked here: an older talkdeck trying it now is refused, and one that
        // comes after finds no file and makes its own.
        if self.remove_on_drop && self._file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
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
    /// Locks the data folder for this device (creating the folders if needed), writing this
    /// process's pid into the lock file, `devices/<device>/talkdeck.lock`. The lock file older
    /// talkdecks use (in the data folder itself) is locked shared too: if an older talkdeck holds
    /// it, the folder is in use; if not, this talkdeck shares it, so no older one can start beside
    /// it.
    pub fn acquire(data: &DataDir) -> Result<DataLock, LockError> {
        let dir = data.root();
        if data.is_not_a_folder() {
            return Err(LockError::NotAFolder {
                dir: dir.to_path_buf(),
            });
        }
        // Before this device's folder is made: the one kept under the host name becomes it.
        data.adopt_host_folder();
        let machine = data.machine_dir();
        std::fs::create_dir_all(&machine).map_err(|error| LockError::Io {
            path: machine.clone(),
            error,
        })?;
        let mut lock = DataLock::take(&data.lock_path(), dir, false)?;
        // Taken after the new lock, so two of this version meet at the new one first.
        match DataLock::take(&data.old_machine_file("talkdeck.lock"), dir, true) {
            Ok(mut old) => {
                old.remove_on_drop = true;
                lock._old = Some(Box::new(old));
            }
            Err(err @ LockError::InUse { .. }) => return Err(err),
            // A file that cannot be made or opened there (another user's, left by a crash):
            // older talkdecks are not kept out, and this one studies all the same.
            Err(_) => {}
        }
        Ok(lock)
    }

    /// Locks the file at `path` (for the folder `dir`), alone (writing this process's pid into it)
    /// or `shared`.
    fn take(path: &Path, dir: &Path, shared: bool) -> Result<DataLock, LockError> {
        let io = |error| LockError::Io {
            path: path.to_path_buf(),
            error,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io)?;
        let locked = if shared {
            file.try_lock_shared()
        } else {
            file.try_lock()
        };
        match locked {
            Ok(()) if shared => {
                return Ok(DataLock {
                    _file: file,
                    path: path.to_path_buf(),
                    _old: None,
                    remove_on_drop: false,
                });
            }
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
        Ok(DataLock {
            _file: file,
            path: path.to_path_buf(),
            _old: None,
            remove_on_drop: false,
        })
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
        let data = DataDir::for_device(dir.path(), "laptop");
        let first = DataLock::acquire(&data).unwrap();
        assert_eq!(
            first.path(),
            dir.path().join("devices/laptop/talkdeck.lock")
        );
        let err = DataLock::acquire(&data).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "data folder {} is in use by another talkdeck (pid {})",
                dir.path().display(),
                std::process::id()
            )
        );
        drop(first);
        assert!(DataLock::acquire(&data).is_ok(), "released on drop");
    }

    #[test]
    fn a_lock_where_older_talkdecks_keep_it_is_honoured_and_shared_by_devices_while_they_study() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let old = dir.path().join("talkdeck.lock");
        std::fs::write(&old, "4242\n").unwrap();
        // An older talkdeck studying here holds the old lock.
        let held = File::open(&old).unwrap();
        held.lock().unwrap();
        assert_eq!(
            DataLock::acquire(&data).unwrap_err().to_string(),
            format!(
                "data folder {} is in use by another talkdeck (pid 4242)",
                dir.path().display()
            )
        );
        drop(held);
        // This talkdeck studies: an older one started now finds the old lock held, by this pid.
        let lock = DataLock::acquire(&data).unwrap();
        let older = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&old)
            .unwrap();
        assert!(
            matches!(older.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
            "an older talkdeck must not study beside this one"
        );
        // Another device studies here at the same time: the two share the old lock.
        let desk = DataLock::acquire(&DataDir::for_device(dir.path(), "desk")).unwrap();
        drop(lock);
        assert!(old.exists(), "still shared by the other device's talkdeck");
        assert!(matches!(
            older.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        drop(desk);
        assert!(
            !old.exists(),
            "the old lock file goes with the last talkdeck"
        );
        older.try_lock().unwrap();
    }

    #[test]
    fn a_lock_that_cannot_be_taken_names_the_file_and_a_file_for_a_folder_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        // A folder where the lock file goes: fails even as root, where permissions do not.
        let lock = data.lock_path();
        std::fs::create_dir_all(&lock).unwrap();
        let err = DataLock::acquire(&data).unwrap_err().to_string();
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
            DataLock::acquire(&DataDir::new(&file))
                .unwrap_err()
                .to_string(),
            format!(
                "the data folder {} is a file, not a folder; pass --data-dir with a folder",
                file.display()
            )
        );
    }
}
