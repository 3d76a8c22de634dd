//! The layout of the data folder.

use std::path::{Path, PathBuf};

/// A data folder: `~/.local/share/talkdeck` by default, or any folder given with `--data-dir`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// The platform's data folder (Linux: `~/.local/share/talkdeck`); `None` without a home folder.
    pub fn default_location() -> Option<DataDir> {
        directories::ProjectDirs::from("", "", "talkdeck").map(|dirs| DataDir::new(dirs.data_dir()))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the folder's path names something that is not a folder (a file, say). A folder
    /// that does not exist yet is fine: it is made when first written.
    pub fn is_not_a_folder(&self) -> bool {
        std::fs::metadata(&self.root).is_ok_and(|meta| !meta.is_dir())
    }

    /// The learner's own decks, one `.ron` file each.
    pub fn decks_dir(&self) -> PathBuf {
        self.root.join("decks")
    }

    /// The review journal.
    pub fn journal_path(&self) -> PathBuf {
        self.root.join("journal.ron")
    }

    /// The cache of derived states (see `store::snapshot`).
    pub fn snapshot_path(&self) -> PathBuf {
        self.root.join("snapshot.bin")
    }

    /// The learner's settings.
    pub fn settings_path(&self) -> PathBuf {
        self.root.join("settings.ron")
    }

    /// Log files.
    pub fn logs_dir(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// The main log file.
    pub fn log_file(&self) -> PathBuf {
        self.logs_dir().join("talkdeck.log")
    }
}
