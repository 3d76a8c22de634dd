//! The layout of the data folder, and of this computer's folder inside it.
//!
//! The data folder holds what every device of the learner should see: the journals (one per
//! device, each written only by its device), settings, decks, recordings and logs. What belongs to
//! one computer — the lock, the snapshot, the window's geometry, the drafts of decks being edited,
//! the speech cache — lives in `devices/<device id>/`, so a data folder kept in a sync folder is
//! never written by two computers at the same path. (The device id itself is kept outside the data
//! folder: `device`.)

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A data folder: `~/.local/share/talkdeck` by default, or any folder given with `--data-dir`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
    /// This computer's name in `devices/`.
    device: String,
}

/// This computer's name as a folder name: its host name in lower case, with anything but letters,
/// digits, `-` and `_` made `-` (`this-computer` when nothing is left).
pub fn device_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| folder_name(&gethostname::gethostname().to_string_lossy()))
}

pub(super) fn folder_name(host: &str) -> String {
    let name: String = host
        .trim()
        .chars()
        .take(64)
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-');
    if name.is_empty() {
        "this-computer".to_owned()
    } else {
        name.to_owned()
    }
}

impl DataDir {
    /// The data folder at `root`, seen from this computer.
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir::for_device(root, device_name())
    }

    /// The data folder at `root`, seen from the device named `device` (tests, and a folder shared
    /// by several computers).
    pub fn for_device(root: impl Into<PathBuf>, device: &str) -> DataDir {
        DataDir {
            root: root.into(),
            device: folder_name(device),
        }
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

    /// The journals, one per device that studies in this folder (`<device>.ron`), and whatever
    /// else a learner or a sync tool puts there (another folder's journal, a conflict copy): every
    /// `.ron` file in it is read.
    pub fn journals_dir(&self) -> PathBuf {
        self.root.join("journal")
    }

    /// This device's journal, the one file of the folder's journals it writes:
    /// `journal/<device>.ron`.
    pub fn journal_path(&self) -> PathBuf {
        self.journals_dir().join(format!("{}.ron", self.device))
    }

    /// The one journal of talkdeck before devices had their own: read as one more journal, and
    /// never written again.
    pub fn single_journal_path(&self) -> PathBuf {
        self.root.join("journal.ron")
    }

    /// This device's id (its journal's and its folder's name).
    pub fn device(&self) -> &str {
        &self.device
    }

    /// This computer's folder: `devices/<name>`.
    pub fn machine_dir(&self) -> PathBuf {
        self.root.join("devices").join(&self.device)
    }

    /// The cache of derived states (see `store::snapshot`), this computer's.
    pub fn snapshot_path(&self) -> PathBuf {
        self.machine_dir().join("snapshot.bin")
    }

    /// The lock of the talkdeck studying here on this computer.
    pub fn lock_path(&self) -> PathBuf {
        self.machine_dir().join("talkdeck.lock")
    }

    /// The window's size and position (eframe's storage).
    pub fn window_path(&self) -> PathBuf {
        self.machine_dir().join("window.ron")
    }

    /// Drafts of decks being edited (`deck::Drafts`), this computer's: a draft is work in progress
    /// on one computer, never synced to another.
    pub fn drafts_dir(&self) -> PathBuf {
        self.machine_dir().join("drafts")
    }

    /// Synthesised phrases and decoded recordings (`speech::Cache`), this computer's: another
    /// computer has other voices.
    pub fn speech_cache_dir(&self) -> PathBuf {
        self.machine_dir().join("speech")
    }

    /// The learner's own recordings (shadowing), shared with every device: the latest per item,
    /// never sent anywhere.
    pub fn recordings_dir(&self) -> PathBuf {
        self.root.join("recordings")
    }

    /// The recording of `item` (`deck/card/direction`):
    /// `recordings/<deck>/<card>.<direction>.wav`. Item ids hold only `a-z 0-9 - _` and their two
    /// slashes, so the path stays inside the folder.
    pub fn recording_path(&self, item: &crate::deck::ItemId) -> Option<PathBuf> {
        let (deck, card, direction) = item.parts()?;
        if !crate::deck::is_valid_id(deck) || !crate::deck::is_valid_id(card) {
            return None;
        }
        Some(
            self.recordings_dir()
                .join(deck)
                .join(format!("{card}.{}.wav", direction.as_str())),
        )
    }

    /// Where a file of this computer's was kept before it had a folder of its own (`snapshot.bin`,
    /// `talkdeck.lock`, `window.ron` in the data folder itself): read once, then moved.
    pub fn old_machine_file(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Moves this computer's file `name` from where older talkdecks kept it to `new` in its own
    /// folder, once; where both exist, the new one is kept and the old one removed. Nothing of this
    /// is the learner's work, so a failure is only logged. Returns whether a file was moved.
    pub fn adopt_old_machine_file(&self, name: &str, new: &Path) -> bool {
        let old = self.old_machine_file(name);
        if !old.is_file() {
            return false;
        }
        let moved = std::fs::create_dir_all(self.machine_dir()).and_then(|()| {
            if new.exists() {
                std::fs::remove_file(&old).map(|()| false)
            } else {
                std::fs::rename(&old, new).map(|()| true)
            }
        });
        match moved {
            Ok(moved) => {
                crate::info!(
                    name: "talkdeck.store",
                    "{} is now kept in {}", name, self.machine_dir().display()
                );
                moved
            }
            Err(err) => {
                crate::warning!(
                    name: "talkdeck.store",
                    "{}: could not be moved to {}: {err}", old.display(), new.display()
                );
                false
            }
        }
    }

    /// Takes over the folder talkdeck kept this computer's files in before devices had ids —
    /// `devices/<host name>/` (drafts, the snapshot, the window's geometry) — by renaming it to
    /// this device's, once: only when this device has no folder yet. A failure is only logged.
    pub fn adopt_host_folder(&self) {
        let host = self.root.join("devices").join(device_name());
        let own = self.machine_dir();
        if host == own || !host.is_dir() || own.exists() {
            return;
        }
        match std::fs::rename(&host, &own) {
            Ok(()) => crate::info!(
                name: "talkdeck.store",
                "{} is now this device's folder, {}", host.display(), own.display()
            ),
            Err(err) => crate::warning!(
                name: "talkdeck.store",
                "{}: could not be renamed to {}: {err}", host.display(), own.display()
            ),
        }
    }

    /// The learner's settings.
    pub fn settings_path(&self) -> PathBuf {
        self.root.join("settings.ron")
    }

    /// This device's own settings — its voice and theme — beside the shared ones.
    pub fn device_settings_path(&self) -> PathBuf {
        self.machine_dir().join("settings.ron")
    }

    /// Copies of `settings.ron` a sync tool made when two devices changed the settings before
    /// they synced (`settings.sync-conflict-….ron`, `settings (conflicted copy).ron`,
    /// `settings (1).ron`): never read, never deleted; the learner chooses.
    pub fn settings_conflicts(&self) -> Vec<PathBuf> {
        let mut copies: Vec<PathBuf> = std::fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| {
                entry.file_name().to_str().is_some_and(|name| {
                    crate::files::conflict_copy(name).is_some_and(|c| c.original == "settings.ron")
                })
            })
            .map(|entry| entry.path())
            .collect();
        copies.sort();
        copies
    }

    /// This device's log files, `logs/<device>/`: each device writes its own, so a synced folder
    /// never has two writers of one log.
    pub fn logs_dir(&self) -> PathBuf {
        self.root.join("logs").join(&self.device)
    }

    /// The main log file.
    pub fn log_file(&self) -> PathBuf {
        self.logs_dir().join("talkdeck.log")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_name_becomes_a_folder_name() {
        assert_eq!(
            folder_name("Chris-MacBook-Pro.local"),
            "chris-macbook-pro-local"
        );
        assert_eq!(folder_name("  DESKTOP-7Q2 "), "desktop-7q2");
        assert_eq!(folder_name("王的电脑"), "王的电脑");
        assert_eq!(folder_name("../.."), "this-computer");
        let root = tempfile::tempdir().unwrap();
        let before = DataDir::new(root.path());
        std::fs::create_dir_all(before.drafts_dir()).unwrap();
        std::fs::write(before.drafts_dir().join("greet.ron"), "draft").unwrap();
        let device = DataDir::for_device(root.path(), "laptop-a3f29c");
        device.adopt_host_folder();
        assert_eq!(
            std::fs::read_to_string(device.drafts_dir().join("greet.ron")).unwrap(),
            "draft",
            "the host name's folder is the device's now"
        );
        assert!(!before.machine_dir().exists());
        let data = DataDir::for_device("/d", "Laptop");
        assert_eq!(
            data.snapshot_path(),
            Path::new("/d/devices/laptop/snapshot.bin")
        );
        assert_eq!(
            data.journal_path(),
            Path::new("/d/journal/laptop.ron"),
            "its own, among the shared ones"
        );
        assert_eq!(data.drafts_dir(), Path::new("/d/devices/laptop/drafts"));
    }
}
