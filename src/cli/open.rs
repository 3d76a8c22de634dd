//! Opening the data folder for a command: its store, for what the command does, and its decks.

use crate::deck::Library;
use crate::store::{DataDir, DataLock, LoadedSettings, LockError, OpenError, OpenOptions, Store};

/// What a command opens the data folder for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Purpose {
    /// To study (`quiz`): answers must be saved, or the command stops before the first item.
    Study,
    /// To read (`stats`): no write access needed, no lock taken.
    Read,
    /// The app: to study when answers can be saved, else to read, with Study off.
    App,
}

/// The store and the decks. `settings` is `settings.ron` as start-up read it (for the log file's
/// level); `lock` the folder's lock if the caller took it already.
pub(super) fn open(
    data: &DataDir,
    purpose: Purpose,
    settings: LoadedSettings,
    lock: Option<DataLock>,
) -> Result<(Store, Library), String> {
    let options = match purpose {
        Purpose::Study => OpenOptions::study(),
        Purpose::Read => OpenOptions::read(),
        Purpose::App => OpenOptions::study_else_read(),
    };
    let options = match lock {
        Some(lock) => options.lock(lock),
        None => options,
    };
    let now = jiff::Timestamp::now().as_millisecond();
    let store = options
        .record(crate::store::DeviceRecord::of(data))
        .settings(settings)
        .open(data, jiff::tz::TimeZone::system(), now)
        .map_err(|err| match err {
            OpenError::Lock(LockError::InUse { .. } | LockError::NotAFolder { .. }) => {
                err.to_string()
            }
            other if purpose == Purpose::Study => {
                format!("answers cannot be saved, so the quiz does not start: {other}")
            }
            other => other.to_string(),
        })?;
    let library = Library::load(Some(&data.decks_dir()));
    Ok((store, library))
}
