//! Opening the data folder: to study (the folder locked for this computer, what a crash left
//! removed, a torn journal tail set aside) or to read (no lock; nothing created, repaired or
//! written), and deriving every item's state — from the snapshot plus the journal's tail when the
//! snapshot checks out, else by a full replay.

use std::io;
use std::path::Path;

use jiff::tz::TimeZone;

use super::data::Store;
use super::derived::{Derived, config_fingerprint};
use super::entry::Fitted;
use super::journal::{Access, Journal, JournalBytes, report_unread};
use super::lines::{ItemHasher, item_hash, replay_rows};
use super::snapshot::{self, Snapshot};
use super::{DataDir, DataLock, LockError, Settings, SettingsError};
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
    item_hash: ItemHasher,
}

impl OpenOptions {
    fn new(purpose: Purpose) -> OpenOptions {
        OpenOptions {
            purpose,
            settings: None,
            lock: None,
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
            item_hash,
        } = self;
        let settings = settings.unwrap_or_else(|| Settings::load(&dir.settings_path()));
        match purpose {
            Purpose::Study => open_as(dir, zone, now_ms, Access::Write, settings, lock, item_hash),
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
                    Ok(store) => Ok(store),
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
    let journal_path = dir.journal_path();
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
    let from_snapshot = match snapshot {
        Some((snap, scheduler)) => {
            let tail = journal_tail(&journal_path, &snap, now_ms, access).map_err(OpenError::Io)?;
            if tail.is_none() {
                not_used = Some("the journal is not the one it was made from");
            }
            tail.map(|(journal, tail)| (journal, snap, scheduler, tail))
        }
        None => None,
    };
    let (mut journal, snap, bytes, tail_start) = match from_snapshot {
        Some((journal, snap, scheduler, tail)) => {
            let k = snap.journal_len.min(snapshot::TAIL_BYTES) as usize;
            (journal, Some((snap, scheduler)), tail, k)
        }
        None => {
            let (journal, bytes) =
                Journal::open_raw_from(&journal_path, now_ms, 0, access).map_err(OpenError::Io)?;
            (journal, None, bytes, 0)
        }
    };
    let mut tail = replay_rows(&bytes[tail_start..], item_hash);
    if let Some((snap, _)) = snap
        .as_ref()
        .filter(|_| !tail.corrupt.is_empty() || !tail.unknown.is_empty())
    {
        // The tail's lines are numbered from the snapshot's end: name them by their line in the
        // file (counting the lines before costs a read of the file, on this path only).
        let before = lines_before(&journal_path, snap.journal_len).unwrap_or(0);
        tail.corrupt.iter_mut().for_each(|c| c.line += before);
        tail.unknown.iter_mut().for_each(|u| u.line += before);
    }
    report_unread(&journal_path, &tail.corrupt, &tail.unknown);
    let mut corrupt_lines = tail.corrupt.len();
    // The tail's answers come after every answer the snapshot covers, and after the time every
    // carry it covers reaches back from (a carry takes the reviews at or before it).
    let in_order = |snap: &Snapshot| {
        let last = snap.reviews.last().map_or(i64::MIN, |r| r.at);
        tail.rows.first().is_none_or(|r| {
            r.at >= last && snap.kept.carried_until.is_none_or(|until| r.at > until)
        })
    };
    // A carry renames reviews the snapshot has already placed, and new fitted parameters
    // reschedule every item: rare, so the journal is replayed.
    let carries = tail
        .events
        .iter()
        .any(|e| matches!(e, super::Entry::Carry { .. }));
    let parameters = tail
        .events
        .iter()
        .any(|e| matches!(e, super::Entry::Parameters { .. }));
    let (derived, scheduler, from_snapshot) = match snap {
        Some((snap, scheduler))
            if tail.unmatched_undos == 0 && !carries && !parameters && in_order(&snap) =>
        {
            let mut derived =
                Derived::from_parts(snap.items, snap.reviews, snap.study_more, snap.kept);
            for row in &tail.rows {
                derived.apply(&scheduler, &row.item, row.rating, row.ms, row.at);
            }
            tail.study_more
                .into_iter()
                .for_each(|more| derived.push_study_more(more));
            for event in &tail.events {
                derived.apply_event(scheduler.clock(), event);
            }
            (derived, scheduler, true)
        }
        Some(_) => {
            // The tail undoes or predates what the snapshot covers (a merged journal), carries
            // progress or fits new parameters: rebuild.
            not_used = Some(match tail.unmatched_undos {
                0 if carries => "the journal's new lines carry progress between items",
                0 if parameters => "the journal's new lines fit new parameters to the answers",
                _ => "the journal's new lines go back before what it covers",
            });
            let (whole, bytes) =
                Journal::open_raw_from(&journal_path, now_ms, 0, access).map_err(OpenError::Io)?;
            journal = whole;
            let all = replay_rows(&bytes, item_hash);
            corrupt_lines = all.corrupt.len();
            let scheduler = scheduler_with(Fitted::latest_of(&all.events).as_ref())?;
            (Derived::replay(&scheduler, all), scheduler, false)
        }
        None => {
            let scheduler = scheduler_with(Fitted::latest_of(&tail.events).as_ref())?;
            (Derived::replay(&scheduler, tail), scheduler, false)
        }
    };
    let config_hash = config_fingerprint(&scheduler);
    let ms = started.elapsed().as_millis() as u64;
    crate::info!(
        name: "talkdeck.store",
        reviews = derived.reviews().len(), items = derived.item_ids().len(),
        snapshot = from_snapshot, ms = ms;
        "opened {}{} ({} of {}{}) in {} ms{}", dir.root().display(),
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

/// Opens the journal from just before the end the snapshot covers; returns it and the bytes from
/// there on if the covered bytes' fingerprint matches, else `None`.
fn journal_tail(
    path: &Path,
    snap: &Snapshot,
    now_ms: i64,
    access: Access,
) -> io::Result<Option<(Journal, JournalBytes)>> {
    let k = snap.journal_len.min(snapshot::TAIL_BYTES);
    let (journal, bytes) = Journal::open_raw_from(path, now_ms, snap.journal_len - k, access)?;
    let covered = bytes.get(..k as usize);
    // A snapshot ends where a line ends: one whose end falls inside a line was written beside
    // another writer, and its tail would be read from the middle of a line.
    let matches = journal.len() >= snap.journal_len
        && covered.is_some_and(|c| {
            c.last().is_none_or(|&b| b == b'\n') && crate::files::fingerprint(c) == snap.tail_hash
        });
    Ok(matches.then_some((journal, bytes)))
}

/// How many lines the first `end` bytes of the file at `path` hold.
fn lines_before(path: &Path, end: u64) -> io::Result<usize> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?.take(end);
    let mut buffer = vec![0; 1 << 16];
    let mut lines = 0;
    loop {
        match file.read(&mut buffer)? {
            0 => return Ok(lines),
            n => lines += memchr::memchr_iter(b'\n', &buffer[..n]).count(),
        }
    }
}

/// Moves the snapshot from where older talkdecks kept it into this computer's folder, and removes
/// what an interrupted snapshot left there. (The window's geometry is the app's to move, before its
/// window reads it.)
fn adopt_old_machine_files(dir: &DataDir) {
    dir.adopt_old_machine_file("snapshot.bin", &dir.snapshot_path());
    Snapshot::remove_leftovers(&dir.old_machine_file("snapshot.bin"));
}
