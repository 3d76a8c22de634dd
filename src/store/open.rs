//! Opening the data folder: to study (the folder locked for this computer, what a crash left
//! removed, a torn journal tail set aside) or to read (no lock; nothing created, repaired or
//! written), and deriving every item's state — from the snapshot plus what each journal gained since when the
//! snapshot checks out, else by a full replay.

use std::collections::HashSet;
use std::io;

use jiff::tz::TimeZone;

use super::data::Store;
use super::derived::{Derived, config_fingerprint};
use super::entry::Fitted;
use super::journal::{Access, Journal, at_path};
use super::lines::{ItemHasher, item_hash, replay_sources};
use super::merge;
use super::snapshot::Snapshot;
use super::{DataDir, DataLock, DeviceRecord, LockError, Settings, SettingsError};
use crate::srs::{Config, DayClock, Scheduler};

/// `settings.ron` as read: the settings, or every problem found in the file.
pub type LoadedSettings = Result<Settings, Vec<SettingsError>>;

/// Why the data folder could not be opened. (Broken settings are not a reason: the defaults are
/// used, and [`Store::settings_problems`] says what was wrong.)
#[derive(Debug)]
pub enum OpenError {
    /// Another talkdeck uses the folder, the folder is a file, or the lock cannot be taken.
    Lock(LockError),
    /// Reading or writing a file failed; the message names the file.
    Io(io::Error),
}

impl OpenError {
    /// Whether opening to read would not help either: another talkdeck is studying here (reading
    /// beside it would show figures about to change) or there is no folder at all.
    fn rules_out_reading(&self) -> bool {
        matches!(
            self,
            OpenError::Lock(LockError::InUse { .. } | LockError::NotAFolder { .. })
        )
    }
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Lock(err) => write!(f, "{err}"),
            OpenError::Io(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for OpenError {}

/// What the folder is opened for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Purpose {
    Study,
    Read,
    /// To study if answers can be saved, else to read, saying why (the app).
    StudyElseRead,
}

/// How to open a data folder, as `std::fs::OpenOptions` is for a file: what for, and what the
/// caller has already done (read the settings, taken the lock), so nothing is done twice.
#[derive(Debug)]
pub struct OpenOptions {
    purpose: Purpose,
    settings: Option<LoadedSettings>,
    lock: Option<DataLock>,
    record: Option<DeviceRecord>,
    item_hash: ItemHasher,
}

impl OpenOptions {
    fn new(purpose: Purpose) -> OpenOptions {
        OpenOptions {
            purpose,
            settings: None,
            lock: None,
            record: None,
            item_hash,
        }
    }

    /// To study: answers can be saved, or opening fails.
    pub fn study() -> OpenOptions {
        OpenOptions::new(Purpose::Study)
    }

    /// To read: no lock is taken, nothing is created, repaired or written, and answers cannot be
    /// saved ([`Store::cannot_save`]). Works on a read-only folder, and beside a talkdeck studying
    /// there.
    pub fn read() -> OpenOptions {
        OpenOptions::new(Purpose::Read)
    }

    /// To study if the folder can take answers; when it cannot (a read-only folder or journal, a
    /// lock that cannot be made), to read, with the reason in [`Store::cannot_save`]. Another
    /// talkdeck studying here, or a file for a folder, is still an error.
    pub fn study_else_read() -> OpenOptions {
        OpenOptions::new(Purpose::StudyElseRead)
    }

    /// The folder's `settings.ron`, already read by the caller (who needed it first).
    pub fn settings(mut self, loaded: LoadedSettings) -> OpenOptions {
        self.settings = Some(loaded);
        self
    }

    /// The folder's lock, already taken by the caller (the app takes it before its window opens).
    pub fn lock(mut self, lock: DataLock) -> OpenOptions {
        self.lock = Some(lock);
        self
    }

    /// This device's record, told the journal's length after every write (opened to study), so a
    /// second machine writing this device's journal is noticed at the next start.
    pub fn record(mut self, record: Option<DeviceRecord>) -> OpenOptions {
        self.record = record;
        self
    }

    /// How replay groups items ([`item_hash`] unless a test wants collisions).
    #[cfg(test)]
    pub(crate) fn item_hash(mut self, hash: ItemHasher) -> OpenOptions {
        self.item_hash = hash;
        self
    }

    /// Opens `dir`; days are counted in `zone`, from the hour the settings say.
    pub fn open(self, dir: &DataDir, zone: TimeZone, now_ms: i64) -> Result<Store, OpenError> {
        let OpenOptions {
            purpose,
            settings,
            lock,
            record,
            item_hash,
        } = self;
        let settings = settings.unwrap_or_else(|| Settings::load_for(dir));
        match purpose {
            Purpose::Study => open_as(dir, zone, now_ms, Access::Write, settings, lock, item_hash)
                .map(|store| store.with_record(record)),
            Purpose::Read => {
                let mut store =
                    open_as(dir, zone, now_ms, Access::Read, settings, None, item_hash)?;
                store.cannot_save =
                    Some(format!("{} was opened to read only", dir.root().display()));
                Ok(store)
            }
            Purpose::StudyElseRead => {
                let study = open_as(
                    dir,
                    zone.clone(),
                    now_ms,
                    Access::Write,
                    settings.clone(),
                    lock,
                    item_hash,
                );
                match study {
                    Ok(store) => Ok(store.with_record(record)),
                    Err(err) if err.rules_out_reading() => Err(err),
                    Err(err) => {
                        let mut store =
                            open_as(dir, zone, now_ms, Access::Read, settings, None, item_hash)?;
                        crate::error!(
                            name: "talkdeck.store",
                            "answers cannot be saved, so studying is off: {err}"
                        );
                        store.cannot_save = Some(err.to_string());
                        Ok(store)
                    }
                }
            }
        }
    }
}

impl Store {
    /// Opens `dir` to study ([`OpenOptions::study`]); days are counted
    /// in `zone`, from the hour the settings say.
    pub fn open(dir: &DataDir, zone: TimeZone, now_ms: i64) -> Result<Store, OpenError> {
        OpenOptions::study().open(dir, zone, now_ms)
    }

    /// Opens `dir` to read ([`OpenOptions::read`]).
    pub fn open_read_only(dir: &DataDir, zone: TimeZone, now_ms: i64) -> Result<Store, OpenError> {
        OpenOptions::read().open(dir, zone, now_ms)
    }

    /// Opens `dir` to study, else to read
    /// ([`OpenOptions::study_else_read`]).
    pub fn open_or_read_only(
        dir: &DataDir,
        zone: TimeZone,
        now_ms: i64,
    ) -> Result<Store, OpenError> {
        OpenOptions::study_else_read().open(dir, zone, now_ms)
    }

    /// Keeps this device's record, noting the journal's length now.
    fn with_record(mut self, record: Option<DeviceRecord>) -> Store {
        self.record = record;
        if let Some(record) = &mut self.record {
            record.note_written(&self.dir.journal_path(), self.journal.len());
        }
        self
    }
}

/// `1 review`, `2 reviews`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn open_as(
    dir: &DataDir,
    zone: TimeZone,
    now_ms: i64,
    access: Access,
    loaded: LoadedSettings,
    lock: Option<DataLock>,
    item_hash: ItemHasher,
) -> Result<Store, OpenError> {
    let started = std::time::Instant::now();
    let lock = match (access, lock) {
        (Access::Write, Some(lock)) => Some(lock),
        (Access::Write, None) => Some(DataLock::acquire(dir).map_err(OpenError::Lock)?),
        (Access::Read, _) if dir.is_not_a_folder() => {
            return Err(OpenError::Lock(LockError::NotAFolder {
                dir: dir.root().to_path_buf(),
            }));
        }
        (Access::Read, _) => None,
    };
    if access == Access::Write {
        adopt_old_machine_files(dir);
        Snapshot::remove_leftovers(&dir.snapshot_path());
    }
    let settings_path = dir.settings_path();
    for copy in dir.settings_conflicts() {
        crate::warning!(
            name: "talkdeck.store",
            "{} is a sync tool's copy of {} (the settings were changed on two devices before they \
             synced): it is not read, and neither file is changed; keep what you want in one and \
             delete the other",
            copy.display(), settings_path.display()
        );
    }
    let (settings, settings_problems) = match loaded {
        Ok(settings) => (settings, Vec::new()),
        Err(problems) => {
            for problem in &problems {
                crate::error!(
                    name: "talkdeck.store",
                    "{problem}; the default settings are used until the file is fixed or new \
                     settings are saved (the file is then kept beside them)"
                );
            }
            (Settings::default(), problems)
        }
    };
    let clock = DayClock::new(zone, settings.day_starts_at);
    // The scheduler is the settings' with the fitted parameters in use, which are in the journal
    // (or the snapshot): it is made once they are known, before any answer is replayed.
    let scheduler_with = |fitted: Option<&Fitted>| {
        let config = Config {
            parameters: fitted.map(|f| f.parameters.clone()),
            ..settings.scheduler_config()
        };
        Scheduler::new(config, clock.clone()).map_err(|e| {
            OpenError::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: {e}", settings_path.display()),
            ))
        })
    };
    // Settings that cannot schedule stop the opening before the journal is touched.
    scheduler_with(None)?;
    if access == Access::Write {
        std::fs::create_dir_all(dir.journals_dir())
            .map_err(|err| OpenError::Io(at_path(&dir.journals_dir(), err)))?;
    }
    let loaded = Snapshot::load(&dir.snapshot_path()).or_else(|| {
        // Opened to read, a snapshot where older talkdecks kept it is read where it is.
        (access == Access::Read)
            .then(|| Snapshot::load(&dir.old_machine_file("snapshot.bin")))
            .flatten()
    });
    // Why a snapshot that is there was not used, for the record of the opening.
    let mut not_used = None;
    let snapshot = match loaded {
        Some(snap) => {
            // Made under these settings and the fitted parameters it says were in use.
            let scheduler = scheduler_with(snap.kept.fitted.as_ref())?;
            if snap.config_hash == config_fingerprint(&scheduler) {
                Some((snap, scheduler))
            } else {
                not_used =
                    Some("it was made with other settings or by another version of talkdeck");
                None
            }
        }
        // There but not read: damaged, or of another format (an older or a newer talkdeck's).
        None if dir.snapshot_path().is_file() => {
            not_used = Some("it is damaged or of another version of talkdeck's format");
            None
        }
        None => None,
    };
    let after = match snapshot {
        Some((snap, scheduler)) => {
            let read =
                merge::read_after(dir, &snap.covered, now_ms, access).map_err(OpenError::Io)?;
            if read.is_none() {
                not_used = Some("the journals are not the ones it was made from");
            }
            read.map(|read| (read, snap, scheduler))
        }
        None => None,
    };
    let mut reported = HashSet::new();
    let mut corrupt_lines = 0;
    // From the snapshot and what the journals gained since, when that can go on top of it.
    let on_top = match after {
        Some(((journal, reading, skip), snap, scheduler)) => {
            let tail = replay_sources(&reading.bytes(skip), item_hash);
            let last_answer = snap.reviews.last().map_or(i64::MIN, |r| r.at);
            match merge::cannot_apply(&tail, last_answer, snap.until, snap.kept.carried_until) {
                None => {
                    corrupt_lines = merge::report(&reading, &tail, skip, now_ms, &mut reported);
                    let mut derived =
                        Derived::from_parts(snap.items, snap.reviews, snap.study_more, snap.kept);
                    let latest = merge::apply(&mut derived, &scheduler, tail);
                    let until = snap.until.max(latest);
                    Some((journal, reading, derived, scheduler, until, true))
                }
                // The tail undoes or predates what the snapshot covers (another device's answers
                // arrived late), carries progress or fits new parameters: rebuild.
                Some(why) => {
                    not_used = Some(why);
                    None
                }
            }
        }
        None => None,
    };
    let (journal, reading, derived, scheduler, until, from_snapshot) = match on_top {
        Some(opened) => opened,
        None => full(
            dir,
            now_ms,
            access,
            item_hash,
            &scheduler_with,
            &mut reported,
            &mut corrupt_lines,
        )?,
    };
    let others = reading.others();
    drop(reading);
    let config_hash = config_fingerprint(&scheduler);
    let ms = started.elapsed().as_millis() as u64;
    crate::info!(
        name: "talkdeck.store",
        reviews = derived.reviews().len(), items = derived.item_ids().len(),
        snapshot = from_snapshot, ms = ms;
        "opened {} as device {}{} ({} of {}{}) in {} ms{}", dir.root().display(), dir.device(),
        if access == Access::Read { " to read" } else { "" },
        count(derived.reviews().len(), "review", "reviews"),
        count(derived.item_ids().len(), "item", "items"),
        if from_snapshot { ", from the snapshot" } else { "" }, ms,
        not_used.map(|why| format!("; the snapshot was not used: {why}")).unwrap_or_default()
    );
    Ok(Store {
        dir: dir.clone(),
        _lock: lock,
        journal,
        others,
        until,
        reported,
        record: None,
        settings,
        settings_problems,
        cannot_save: None,
        scheduler,
        derived,
        undoable: None,
        corrupt_lines,
        from_snapshot,
        config_hash,
        item_hash,
    })
}

/// Every journal replayed from its start: what opening without a snapshot gives.
#[allow(clippy::type_complexity, clippy::too_many_arguments)]
fn full(
    dir: &DataDir,
    now_ms: i64,
    access: Access,
    item_hash: ItemHasher,
    scheduler_with: &dyn Fn(Option<&Fitted>) -> Result<Scheduler, OpenError>,
    reported: &mut HashSet<(String, usize)>,
    corrupt_lines: &mut usize,
) -> Result<(Journal, merge::Reading, Derived, Scheduler, i64, bool), OpenError> {
    let (journal, reading) = merge::read_all(dir, now_ms, access).map_err(OpenError::Io)?;
    let all = replay_sources(&reading.bytes(0), item_hash);
    *corrupt_lines = merge::report(&reading, &all, 0, now_ms, reported);
    let until = merge::entries_until(&all);
    let scheduler = scheduler_with(Fitted::latest_of(&all.events).as_ref())?;
    let derived = Derived::replay(&scheduler, all);
    Ok((journal, reading, derived, scheduler, until, false))
}

/// Moves the snapshot from where older talkdecks kept it into this computer's folder, and removes
/// what an interrupted snapshot left there. (The window's geometry is the app's to move, before its
/// window reads it.)
fn adopt_old_machine_files(dir: &DataDir) {
    dir.adopt_old_machine_file("snapshot.bin", &dir.snapshot_path());
    Snapshot::remove_leftovers(&dir.old_machine_file("snapshot.bin"));
}
