//! This device: its id (the name of its journal in a shared data folder, `journal/<id>.ron`, and of
//! its own folder, `devices/<id>/`) and a friendly name, kept in `device.ron` in the system's local
//! configuration folder — outside the data folder, so a sync tool never copies it to another
//! device. Made on first run: the host name and six random hex digits (`chris-macbook-a3f29c`), so
//! two computers with one host name still differ.
//!
//! One id on two machines (a cloned disk, a copied configuration folder) would mean two writers of
//! one journal. The record therefore keeps how long this device's journal was the last time this
//! machine wrote it: a journal found longer was written by another machine, and this one takes a
//! new id (its own answers are then read as another device's, so nothing is lost). A crash before
//! the length was noted looks the same and costs only a new journal file.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file's name in the local configuration folder.
pub const DEVICE_FILE: &str = "device.ron";

/// This device as the data folder sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// Letters, digits, `-` and `_` only: a file name on every system.
    pub id: String,
    /// What the learner calls it (the host name at first run).
    pub name: String,
}

/// `device.ron`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    name: String,
    /// Each data folder's journal of this device, and its length when this machine last wrote it.
    #[serde(default)]
    written: BTreeMap<PathBuf, u64>,
}

/// This device's record: where it is kept and what it says.
#[derive(Debug)]
pub struct DeviceRecord {
    path: PathBuf,
    record: Record,
}

/// The host name as this computer reports it.
fn host_name() -> String {
    gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_owned()
}

/// A new id: the host name as a folder name and 24 random bits.
fn new_id(at_ms: i64) -> String {
    let random = RandomState::new().hash_one(at_ms) & 0xff_ffff;
    format!("{}-{random:06x}", super::paths::folder_name(&host_name()))
}

impl DeviceRecord {
    /// The record in `config_dir`, if there is a readable one.
    pub fn load(config_dir: &Path) -> Option<DeviceRecord> {
        let path = config_dir.join(DEVICE_FILE);
        crate::files::read_limited(&path, 1 << 20)
            .ok()
            .and_then(|bytes| ron::de::from_bytes::<Record>(&bytes).ok())
            .filter(|record| {
                !record.id.is_empty() && super::paths::folder_name(&record.id) == record.id
            })
            .map(|record| DeviceRecord { path, record })
    }

    /// The system's local configuration folder for talkdeck (Linux `~/.config/talkdeck`, macOS
    /// `~/Library/Application Support/talkdeck`, Windows `%LOCALAPPDATA%\talkdeck\config`).
    pub fn default_folder() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "talkdeck")
            .map(|dirs| dirs.config_local_dir().to_path_buf())
    }

    /// This device's record in the system's local configuration folder, when `data` is seen
    /// from the device it names (not from a `--device` of another name).
    pub fn of(data: &super::DataDir) -> Option<DeviceRecord> {
        DeviceRecord::default_folder()
            .and_then(|config| DeviceRecord::load(&config))
            .filter(|record| record.device().id == data.device())
    }

    /// The record in `config_dir`, made (with a new id) when it is missing or unreadable. Failing
    /// to save a new one is logged: the id still holds for this run.
    pub fn load_or_create(config_dir: &Path, now_ms: i64) -> DeviceRecord {
        let path = config_dir.join(DEVICE_FILE);
        match DeviceRecord::load(config_dir) {
            Some(record) => record,
            None => {
                let mut made = DeviceRecord {
                    path,
                    record: Record {
                        id: new_id(now_ms),
                        name: host_name(),
                        written: BTreeMap::new(),
                    },
                };
                crate::notice!(
                    name: "talkdeck.store",
                    "this computer is device {} ({}) from now on; kept in {}",
                    made.record.id, made.record.name, made.path.display()
                );
                made.save();
                made
            }
        }
    }

    pub fn device(&self) -> Device {
        Device {
            id: self.record.id.clone(),
            name: if self.record.name.is_empty() {
                self.record.id.clone()
            } else {
                self.record.name.clone()
            },
        }
    }

    /// Whether another machine has written this device's journal at `journal` since this one last
    /// did: it is longer than noted. A journal this machine never noted is its own to start.
    pub fn written_elsewhere(&self, journal: &Path) -> bool {
        let Some(&noted) = self.record.written.get(journal) else {
            return false;
        };
        std::fs::metadata(journal).is_ok_and(|meta| meta.len() > noted)
    }

    /// Takes a new id, because another machine writes the journal of the old one; says so.
    pub fn renew(&mut self, now_ms: i64) {
        let old = std::mem::replace(&mut self.record.id, new_id(now_ms));
        self.record.written.clear();
        crate::warning!(
            name: "talkdeck.store",
            "another computer writes device {old}'s journal too (a copied disk or configuration); \
             this computer is device {} from now on, and what it wrote as {old} is read as that \
             device's",
            self.record.id
        );
        self.save();
    }

    /// Notes how long this device's journal at `journal` is, as this machine wrote it.
    pub fn note_written(&mut self, journal: &Path, len: u64) {
        if self.record.written.get(journal) != Some(&len) {
            self.record.written.insert(journal.to_path_buf(), len);
            // After every answer: written whole (a new file renamed over it) but not waited for on
            // the disk; a length lost to a power cut only costs a new id.
            let text = ron::ser::to_string(&self.record).map_err(io::Error::other);
            let mut temp = self.path.as_os_str().to_owned();
            temp.push(".new");
            let saved = text.and_then(|text| {
                std::fs::write(&temp, text)?;
                std::fs::rename(&temp, &self.path)
            });
            if let Err(err) = saved {
                crate::debug!(
                    name: "talkdeck.store",
                    "{}: this device's record could not be saved: {err}", self.path.display()
                );
            }
        }
    }

    fn save(&mut self) {
        let text = ron::ser::to_string_pretty(&self.record, ron::ser::PrettyConfig::default())
            .map_err(io::Error::other);
        let saved = text.and_then(|text| {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            crate::files::write_atomic(&self.path, text.as_bytes())
        });
        if let Err(err) = saved {
            crate::warning!(
                name: "talkdeck.store",
                "{}: this device's record could not be saved: {err}", self.path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_made_once_and_a_journal_written_elsewhere_gives_a_new_id() {
        let config = tempfile::tempdir().unwrap();
        let journal = config.path().join("journal.ron");
        let mut record = DeviceRecord::load_or_create(config.path(), 5);
        let first = record.device();
        assert!(first.id.len() > 7 && super::super::paths::folder_name(&first.id) == first.id);
        assert_eq!(
            DeviceRecord::load_or_create(config.path(), 6).device(),
            first,
            "kept"
        );
        std::fs::write(&journal, "12345\n").unwrap();
        assert!(!record.written_elsewhere(&journal), "never noted: its own");
        record.note_written(&journal, 6);
        std::fs::write(&journal, "12345\nmore\n").unwrap();
        let reread = DeviceRecord::load_or_create(config.path(), 7);
        assert!(reread.written_elsewhere(&journal));
        record.renew(8);
        assert_ne!(record.device().id, first.id);
        assert_eq!(
            DeviceRecord::load_or_create(config.path(), 9).device(),
            record.device()
        );
    }
}
