//! Noticing files that another program changed (an editor, a sync tool) in folders the app
//! watches: one [`FolderWatcher`] for the whole app, over the `notify` crate (inotify on Linux,
//! FSEvents on macOS, ReadDirectoryChangesW on Windows; the crate picks, so there is no
//! platform-specific code here).
//!
//! It only collects paths and wakes the app: what a path means (reload a deck, drop it) is the
//! caller's business, and the caller also checks on focus ([`crate::deck::Library::changed_files`]
//! for decks), because an event can be missed (a folder on a network share, a full event queue).
//!
//! Reported: files created, written, renamed or removed. Not reported: files opened, read or
//! closed without writing, and metadata changes — reading a deck to reload it must never look like
//! a change, or an idle app would reload for ever. Hidden files (`.greet.ron.tmp-123`, the
//! temporary files of atomic writes and of many editors) and backups (`*.bak`, `*~`) are left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// One watcher of folders (not their subfolders), shared by the app: each watched folder's changed
/// files are collected until [`FolderWatcher::take_changed`].
pub struct FolderWatcher {
    watcher: Mutex<RecommendedWatcher>,
    shared: Arc<Shared>,
}

/// What the watcher's thread and the app share.
#[derive(Default)]
struct Shared {
    /// The paths changed since the last `take_changed`.
    changed: Mutex<BTreeSet<PathBuf>>,
    /// The folders watched: all of them count as changed when events may have been lost.
    folders: Mutex<Vec<PathBuf>>,
}

/// A lock, taken back if a panic poisoned it: the sets it guards are valid after any panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl FolderWatcher {
    /// A watcher watching nothing yet. `wake` is called on the watcher's own thread after each
    /// batch of changes is collected (the app asks for a repaint there); it must return quickly and
    /// must not call back into the watcher.
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Result<FolderWatcher, String> {
        let shared = Arc::new(Shared::default());
        let collected = shared.clone();
        let handler = move |event: notify::Result<notify::Event>| {
            let noted = match event {
                Ok(event) if event.need_rescan() => collected.everything_changed(),
                Ok(event) if is_change(&event.kind) => {
                    let mut changed = lock(&collected.changed);
                    let before = changed.len();
                    changed.extend(event.paths.into_iter().filter(|p| !is_ignored(p)));
                    changed.len() > before
                }
                Ok(_) => false,
                Err(err) => {
                    crate::warning!(
                        name: "talkdeck.files",
                        "watching for changed files: {err}; the watched folders are checked whole"
                    );
                    collected.everything_changed()
                }
            };
            if noted {
                wake();
            }
        };
        let watcher = notify::recommended_watcher(handler)
            .map_err(|err| format!("cannot watch for changed files: {err}"))?;
        Ok(FolderWatcher {
            watcher: Mutex::new(watcher),
            shared,
        })
    }

    /// Watches the files directly in `dir` (not in its subfolders). A folder that does not exist
    /// yet is created first — the deck folder is where the app saves decks anyway — so a file put
    /// there later is seen; when it cannot be created, this fails and the caller relies on the
    /// check on focus. Watching a folder twice watches it once.
    pub fn watch(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|err| {
            format!(
                "{}: cannot create the folder to watch: {err}",
                dir.display()
            )
        })?;
        lock(&self.watcher)
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|err| format!("{}: cannot watch the folder: {err}", dir.display()))?;
        let mut folders = lock(&self.shared.folders);
        if !folders.iter().any(|f| f == dir) {
            folders.push(dir.to_path_buf());
        }
        Ok(())
    }

    /// The paths changed since the last call, each once, sorted. A watched folder itself among them
    /// means that changes in it may have been missed (the system dropped events, or the folder was
    /// removed or moved): check the whole folder.
    pub fn take_changed(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *lock(&self.shared.changed))
            .into_iter()
            .collect()
    }
}

impl Shared {
    /// Notes every watched folder as changed; returns whether there is any.
    fn everything_changed(&self) -> bool {
        let folders = lock(&self.folders).clone();
        let mut changed = lock(&self.changed);
        changed.extend(folders);
        !changed.is_empty()
    }
}

/// Whether an event may mean new content: not an open, a read, a close after reading or a change
/// of metadata (permissions, times).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// Hidden files (temporary files of atomic writes: `.greet.ron.tmp-123`) and backups (`greet.ron.bak`,
/// `greet.ron~`): never the files the app reads.
fn is_ignored(path: &Path) -> bool {
    path.file_name().is_some_and(|name| {
        let name = name.to_string_lossy();
        name.starts_with('.') || name.ends_with(".bak") || name.ends_with('~')
    })
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use super::*;

    /// A watcher whose wake-ups arrive on a channel.
    fn watcher() -> (FolderWatcher, mpsc::Receiver<()>) {
        let (send, woken) = mpsc::channel();
        let send = Mutex::new(send);
        let watcher = FolderWatcher::new(move || {
            let _ = lock(&send).send(());
        })
        .unwrap();
        (watcher, woken)
    }

    /// Collects changed paths, waking on each batch, until `path` is among them; at most 10 s.
    fn until_seen(
        watcher: &FolderWatcher,
        woken: &mpsc::Receiver<()>,
        path: &Path,
    ) -> BTreeSet<PathBuf> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = BTreeSet::new();
        while !seen.contains(path) {
            let left = deadline.saturating_duration_since(Instant::now());
            woken
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("{} not seen within 10 s: {seen:?}", path.display()));
            seen.extend(watcher.take_changed());
        }
        seen
    }

    #[test]
    fn a_file_written_in_a_folder_made_for_watching_is_seen_and_wakes_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let decks = dir.path().join("decks");
        let (watcher, woken) = watcher();
        watcher.watch(&decks).unwrap();
        assert!(decks.is_dir(), "the missing folder is made");
        watcher.watch(&decks).unwrap();

        // What a save does: the backup, then the deck through a hidden temporary file.
        std::fs::write(decks.join("greet.ron.bak"), "old").unwrap();
        let greet = decks.join("greet.ron");
        crate::files::write_atomic(&greet, b"new").unwrap();
        let seen = until_seen(&watcher, &woken, &greet);
        assert_eq!(
            seen,
            BTreeSet::from([greet.clone()]),
            "neither the backup nor the temporary file"
        );
        assert_eq!(watcher.take_changed(), Vec::<PathBuf>::new(), "taken once");

        // Reading is not a change: events arrive in order, so once the next write is seen, a
        // read's event would have been seen before it.
        assert_eq!(std::fs::read(&greet).unwrap(), b"new");
        let other = decks.join("other.ron");
        std::fs::write(&other, "x").unwrap();
        assert_eq!(
            until_seen(&watcher, &woken, &other),
            BTreeSet::from([other.clone()])
        );

        std::fs::remove_file(&greet).unwrap();
        assert!(until_seen(&watcher, &woken, &greet).contains(&greet));
    }

    #[test]
    fn temporary_files_and_backups_are_ignored() {
        for (name, ignored) in [
            (".greet.ron.tmp-123", true),
            ("greet.ron.bak", true),
            ("greet.ron~", true),
            ("greet.ron", false),
            ("settings.ron", false),
        ] {
            assert_eq!(
                is_ignored(Path::new("/d").join(name).as_path()),
                ignored,
                "{name}"
            );
        }
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        let (watcher, _woken) = watcher();
        let err = watcher.watch(&file.join("decks")).unwrap_err();
        assert!(
            err.starts_with(&file.join("decks").display().to_string()),
            "{err}"
        );
    }
}
