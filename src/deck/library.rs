//! Loading every deck: the built-in ones and each `*.ron` in the user's deck folder, and loading a
//! user's file again when it changed outside the app ([`Library::reload`], with
//! [`Library::changed_files`] to find which).
//!
//! A broken file is reported (logged at ERROR and returned, so the app can show it) and skipped; the
//! others load. A deck id used twice — by two files, or by a file and a built-in deck — is an error
//! naming both, and the later one (built-in first, then files by name) is skipped. A file that breaks
//! while its deck is loaded is reported at WARNING and the deck as it last loaded stays in use.
//! Loading only reads; each user file's [`ContentHash`] is kept, so a save can tell whether the file
//! changed since (`deck::save_deck`).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::parse::line_of_value;
use super::save::{ContentHash, content_hash};
use super::{Deck, DeckError, MAX_FILE_BYTES, Source, built_in_decks, parse_bytes, warnings};

/// How many of a deck file's warnings are logged when it loads.
const WARNINGS_LOGGED: usize = 5;

/// A deck file that could not be loaded, with every problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadFailure {
    pub path: PathBuf,
    pub errors: Vec<DeckError>,
    /// The hash of the bytes read, so a fixed file is seen as changed; `None` when nothing could
    /// be read (not a regular file, too large, unreadable).
    pub hash: Option<ContentHash>,
}

/// A deck file that loaded: the deck, and what its author should look at ([`warnings`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    pub deck: Deck,
    pub warnings: Vec<DeckError>,
    /// The hash of the bytes read: what a save expects to find on disk.
    pub hash: ContentHash,
}

/// A sync tool's conflict copy of a deck file (two devices changed the deck before they synced):
/// not loaded, and never deleted; the learner chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictCopy {
    pub copy: PathBuf,
    /// The file it is a copy of, which is loaded as usual.
    pub original: PathBuf,
}

/// Every deck that loaded, and every file that did not.
#[derive(Clone, Debug, Default)]
pub struct Library {
    pub decks: Vec<(Source, Deck)>,
    pub failures: Vec<LoadFailure>,
    /// Conflict copies of deck files, left out.
    pub conflicts: Vec<ConflictCopy>,
    /// Each user file as last read, loaded or not: its hash, or `None` when it could not be read.
    seen: HashMap<PathBuf, Option<ContentHash>>,
}

/// What [`Library::reload`] found.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Reloaded {
    /// The file is as it was last read (or is not a deck file, or is unknown and absent).
    Unchanged,
    /// The file's deck was loaded again (its id may have changed).
    Loaded { id: String },
    /// A new file's deck was added.
    Added { id: String },
    /// The file is gone, and its deck with it.
    Removed { id: String },
    /// A file that had failed to load is gone, and its failure with it.
    FailureCleared,
    /// The file does not load: every problem (also in [`Library::failures`]); `kept` is the id of
    /// the deck as it last loaded from this file, still in use, if it had loaded before.
    Broken {
        errors: Vec<DeckError>,
        kept: Option<String>,
    },
}

impl Library {
    /// The built-in decks, then the user's (`deck_dir` may not exist yet: then there are none).
    pub fn load(deck_dir: Option<&Path>) -> Library {
        let mut library = Library::default();
        for (name, result) in built_in_decks() {
            match result {
                Ok(deck) => library.add(Source::BuiltIn(name), deck),
                Err(errors) => library.fail(
                    PathBuf::from(format!("data/decks/{name}.ron")),
                    errors,
                    None,
                ),
            }
        }
        if let Some(dir) = deck_dir {
            let (decks, failures) = load_user_decks(dir);
            let ids: HashMap<&Path, &str> = decks
                .iter()
                .map(|(path, loaded)| (path.as_path(), loaded.deck.id.as_str()))
                .collect();
            let copy_of = |path: &Path, id: Option<&str>| {
                conflict_original(path, id, |p| ids.get(p).copied())
            };
            let copies: Vec<ConflictCopy> = failures
                .iter()
                .map(|f| (f.path.as_path(), None))
                .chain(
                    decks
                        .iter()
                        .map(|(p, l)| (p.as_path(), Some(l.deck.id.as_str()))),
                )
                .filter_map(|(path, id)| {
                    copy_of(path, id).map(|original| ConflictCopy {
                        copy: path.to_path_buf(),
                        original,
                    })
                })
                .collect();
            let is_copy = |path: &Path| copies.iter().any(|c| c.copy == path);
            for failure in failures.into_iter().filter(|f| !is_copy(&f.path)) {
                library.seen.insert(failure.path.clone(), failure.hash);
                library.fail(failure.path, failure.errors, failure.hash);
            }
            for copy in &copies {
                library.note_conflict(copy.clone());
            }
            for (path, loaded) in decks.into_iter().filter(|(p, _)| !is_copy(p)) {
                let LoadedFile {
                    deck,
                    warnings,
                    hash,
                } = loaded;
                log_warnings(&path, &warnings);
                library.seen.insert(path.clone(), Some(hash));
                match library.id_taken(&path, &deck) {
                    Some(error) => library.fail(path, vec![error], Some(hash)),
                    None => library.add(Source::User(path), deck),
                }
            }
        }
        library
    }

    /// The error when another deck — built-in, or from a file other than `path` — already has
    /// `deck`'s id, at the id in `path`.
    fn id_taken(&self, path: &Path, deck: &Deck) -> Option<DeckError> {
        let message = self.id_used_elsewhere(&deck.id, Some(path))?;
        // Where the id is: looked for only now, as it is rarely needed.
        let text = crate::files::read_limited(path, MAX_FILE_BYTES).unwrap_or_default();
        let (line, column) = line_of_value(&String::from_utf8_lossy(&text), "id");
        Some(DeckError::at_line(
            &path.display().to_string(),
            line,
            column,
            message,
        ))
    }

    fn note_conflict(&mut self, copy: ConflictCopy) {
        if self.conflicts.contains(&copy) {
            return;
        }
        crate::warning!(
            name: "talkdeck.deck",
            "{} is a sync tool's copy of {} (both were changed on different devices before they \
             synced): it is not loaded, and neither file is changed; keep what you want in one \
             and delete the other",
            copy.copy.display(), copy.original.display()
        );
        self.conflicts.push(copy);
        self.conflicts.sort_by(|a, b| a.copy.cmp(&b.copy));
    }

    fn add(&mut self, source: Source, deck: Deck) {
        crate::info!(
            name: "talkdeck.deck",
            deck = deck.id.as_str(), cards = deck.cards.len(), items = deck.n_items();
            "loaded deck {} ({} cards, {} items) from {source}", deck.id, deck.cards.len(), deck.n_items()
        );
        self.decks.push((source, deck));
    }

    fn fail(&mut self, path: PathBuf, errors: Vec<DeckError>, hash: Option<ContentHash>) {
        for error in &errors {
            crate::error!(name: "talkdeck.deck", file = path.display(); "{error}");
        }
        self.failures.push(LoadFailure { path, errors, hash });
    }

    /// The deck with this id.
    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().map(|(_, d)| d).find(|d| d.id == id)
    }

    /// The card an item asks, if its deck is loaded and still has it.
    pub fn card_of(&self, item: &super::ItemId) -> Option<&super::Card> {
        let (deck, card, _) = item.parts()?;
        self.deck(deck)?.card(card)
    }

    /// Why a deck may not take `id`: another deck already has it (the message names that deck).
    pub fn id_in_use(&self, id: &str) -> Option<String> {
        self.id_used_elsewhere(id, None)
    }

    /// [`Library::id_in_use`], not counting the deck loaded from `path` (a file keeps its own id).
    fn id_used_elsewhere(&self, id: &str, path: Option<&Path>) -> Option<String> {
        let (source, _) = self.decks.iter().find(|(source, d)| {
            d.id == id && !matches!((source, path), (Source::User(other), Some(p)) if other == p)
        })?;
        Some(format!(
            "deck id {id:?} is already used by {}; give this deck another id",
            match source {
                Source::BuiltIn(name) => format!("the built-in deck {name}"),
                Source::User(other) => other.display().to_string(),
            }
        ))
    }

    /// Where the deck with this id came from.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.decks.iter().find(|(_, d)| d.id == id).map(|(s, _)| s)
    }

    /// The folder of the learner's deck `id` (where its recordings are); `None` for a built-in
    /// deck.
    pub fn folder_of(&self, id: &str) -> Option<&Path> {
        match self.source(id)? {
            Source::User(file) => file.parent(),
            Source::BuiltIn(_) => None,
        }
    }

    /// The file a card's `audio` names, if the card is in a deck file and names one that is there
    /// (the checker kept the path inside the deck's folder).
    pub fn audio_path(&self, deck: &str, card: &super::Card) -> Option<PathBuf> {
        let audio = card.audio.as_deref()?;
        let Some(Source::User(file)) = self.source(deck) else {
            return None;
        };
        let path = file.parent()?.join(audio);
        path.is_file().then_some(path)
    }

    /// The hash of the user file `path` as last read, loaded or failed (`None` for a file never
    /// read, or one that could not be read): what [`super::save_deck`] expects to find on disk.
    pub fn hash_of(&self, path: &Path) -> Option<ContentHash> {
        self.seen.get(path).copied().flatten()
    }

    /// Reads the user file `path` again after it changed outside the app (or was removed, or is
    /// new), and updates the library: its deck is replaced, added or removed. A file that no longer
    /// loads is reported with its positions — at WARNING, with the deck as it last loaded kept in
    /// use, or at ERROR, as loading reports it, for a file whose deck was not loaded — and listed in
    /// [`Library::failures`]. A file read as it was last time is [`Reloaded::Unchanged`], and so is
    /// a path that is not a deck file (`greet.ron.bak`, `.greet.ron.tmp-1`).
    pub fn reload(&mut self, path: &Path) -> Reloaded {
        self.read_again(path, true)
    }

    /// [`Library::reload`] after the app itself wrote `path` (a save, an import): the same, but
    /// not logged as a change from outside.
    pub fn take_in_saved(&mut self, path: &Path) -> Reloaded {
        self.read_again(path, false)
    }

    fn read_again(&mut self, path: &Path, outside: bool) -> Reloaded {
        if !is_deck_file(path) {
            return Reloaded::Unchanged;
        }
        let bytes = match crate::files::read_limited(path, MAX_FILE_BYTES) {
            Err(err) if err.is_not_found() => {
                self.conflicts.retain(|c| c.copy != path);
                return self.forget(path);
            }
            Err(err) => {
                if self.seen.get(path) == Some(&None) {
                    return Reloaded::Unchanged;
                }
                self.seen.insert(path.to_path_buf(), None);
                let error = read_error(&path.display().to_string(), err);
                return self.broken(path, vec![error], None);
            }
            Ok(bytes) => bytes,
        };
        let hash = content_hash(&bytes);
        if self.seen.get(path) == Some(&Some(hash)) {
            return Reloaded::Unchanged;
        }
        let parsed = parse_file(path, &bytes, hash);
        // A conflict copy that appeared while talkdeck runs: noted, not loaded.
        let id = parsed.as_ref().ok().map(|loaded| loaded.deck.id.as_str());
        let original = conflict_original(path, id, |p| {
            self.decks.iter().find_map(|(source, deck)| {
                matches!(source, Source::User(q) if q == p).then_some(deck.id.as_str())
            })
        });
        if let Some(original) = original {
            self.note_conflict(ConflictCopy {
                copy: path.to_path_buf(),
                original,
            });
            return Reloaded::Unchanged;
        }
        self.seen.insert(path.to_path_buf(), Some(hash));
        let loaded = match parsed {
            Ok(loaded) => loaded,
            Err(errors) => return self.broken(path, errors, Some(hash)),
        };
        log_warnings(path, &loaded.warnings);
        if let Some(error) = self.id_taken(path, &loaded.deck) {
            return self.broken(path, vec![error], Some(hash));
        }
        self.failures.retain(|f| f.path != path);
        let deck = loaded.deck;
        let id = deck.id.clone();
        match self.user_deck_mut(path) {
            Some(old) => {
                if outside {
                    crate::info!(
                        name: "talkdeck.deck",
                        deck = deck.id.as_str(), cards = deck.cards.len(), items = deck.n_items();
                        "reloaded deck {} ({} cards, {} items) from {}: it changed outside talkdeck",
                        deck.id, deck.cards.len(), deck.n_items(), path.display()
                    );
                } else {
                    crate::debug!(
                        name: "talkdeck.deck",
                        "deck {} as saved: {} cards, {} items", deck.id, deck.cards.len(), deck.n_items()
                    );
                }
                *old = deck;
                Reloaded::Loaded { id }
            }
            None => {
                self.add(Source::User(path.to_path_buf()), deck);
                Reloaded::Added { id }
            }
        }
    }

    /// The deck loaded from the user file `path`.
    fn user_deck_mut(&mut self, path: &Path) -> Option<&mut Deck> {
        self.decks
            .iter_mut()
            .find(|(source, _)| matches!(source, Source::User(p) if p == path))
            .map(|(_, deck)| deck)
    }

    /// `path` is gone: its deck and its failure with it.
    fn forget(&mut self, path: &Path) -> Reloaded {
        self.seen.remove(path);
        let failures = self.failures.len();
        self.failures.retain(|f| f.path != path);
        let at = self
            .decks
            .iter()
            .position(|(source, _)| matches!(source, Source::User(p) if p == path));
        match at {
            Some(at) => {
                let (_, deck) = self.decks.remove(at);
                crate::info!(
                    name: "talkdeck.deck", deck = deck.id.as_str();
                    "removed deck {}: {} is gone", deck.id, path.display()
                );
                Reloaded::Removed { id: deck.id }
            }
            None if self.failures.len() < failures => {
                crate::info!(name: "talkdeck.deck", "{} is gone", path.display());
                Reloaded::FailureCleared
            }
            None => Reloaded::Unchanged,
        }
    }

    /// `path` does not load: reported, listed as failed, and its deck as it last loaded kept.
    fn broken(
        &mut self,
        path: &Path,
        errors: Vec<DeckError>,
        hash: Option<ContentHash>,
    ) -> Reloaded {
        self.failures.retain(|f| f.path != path);
        let kept = self.user_deck_mut(path).map(|deck| deck.id.clone());
        match &kept {
            Some(id) => {
                for error in &errors {
                    crate::warning!(name: "talkdeck.deck", file = path.display(); "{error}");
                }
                crate::warning!(
                    name: "talkdeck.deck", deck = id.as_str(), file = path.display();
                    "{} changed outside talkdeck and no longer loads; deck {id} stays as it last \
                     loaded until the file is fixed",
                    path.display()
                );
                self.failures.push(LoadFailure {
                    path: path.to_path_buf(),
                    errors: errors.clone(),
                    hash,
                });
            }
            None => self.fail(path.to_path_buf(), errors.clone(), hash),
        }
        Reloaded::Broken { errors, kept }
    }

    /// The deck files in `dir` that are new, gone, or read differently from when the library last
    /// read them: what to [`Library::reload`] when the app gets the focus back, in case the folder
    /// watcher missed something. Each file is read and hashed (20 files of a few kilobytes take well
    /// under a millisecond; see BENCHMARKS.md). Sorted.
    pub fn changed_files(&self, dir: &Path) -> Vec<PathBuf> {
        let present = deck_paths(dir).unwrap_or_default();
        let mut changed: Vec<PathBuf> = present
            .iter()
            .filter(|path| {
                let now = crate::files::read_limited(path, MAX_FILE_BYTES)
                    .ok()
                    .map(|bytes| content_hash(&bytes));
                self.seen.get(path.as_path()) != Some(&now)
            })
            .cloned()
            .collect();
        let known = self
            .seen
            .keys()
            .chain(self.failures.iter().map(|f| &f.path))
            .chain(self.decks.iter().filter_map(|(source, _)| match source {
                Source::User(path) => Some(path),
                Source::BuiltIn(_) => None,
            }));
        changed.extend(
            known
                .filter(|path| path.parent() == Some(dir) && !present.contains(path))
                .cloned(),
        );
        changed.sort();
        changed.dedup();
        changed
    }
}

/// Logs the first few of a file's warnings, then how many more: a deck of thousands of look-alike
/// cards must not flood the log. `talkdeck check` lists them all.
fn log_warnings(path: &Path, warnings: &[DeckError]) {
    for warning in warnings.iter().take(WARNINGS_LOGGED) {
        crate::warning!(name: "talkdeck.deck", file = path.display(); "{warning}");
    }
    if warnings.len() > WARNINGS_LOGGED {
        crate::warning!(
            name: "talkdeck.deck", file = path.display();
            "{}: {} more warnings; `talkdeck check {}` lists them all",
            path.display(), warnings.len() - WARNINGS_LOGGED, path.display()
        );
    }
}

/// The file `path` is a sync tool's conflict copy of, when it is one: its name says so
/// (Syncthing's, Dropbox's, Nextcloud's) and the original is there, or it is numbered (`deck
/// (1).ron`, `deck 2.ron`) and the original holds the same deck id (`id`, as `id_of` gives each
/// deck file's).
fn conflict_original<'a>(
    path: &Path,
    id: Option<&str>,
    id_of: impl Fn(&Path) -> Option<&'a str>,
) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let copy = crate::files::conflict_copy(name)?;
    let original = path.with_file_name(&copy.original);
    let same = if copy.certain {
        original.is_file()
    } else {
        id.is_some() && id_of(&original) == id
    };
    same.then_some(original)
}

/// Whether the library reads `path` as a deck file: `*.ron`, not hidden. A backup
/// (`greet.ron.bak`) or a temporary file (`.greet.ron.tmp-123`) is not one.
fn is_deck_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "ron")
        && !path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'))
}

/// The deck files in `dir`, sorted by name.
fn deck_paths(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| is_deck_file(path))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Reads every `*.ron` in `dir`, sorted by file name: the decks that parse and the files that fail.
/// A missing folder holds no decks.
pub fn load_user_decks(dir: &Path) -> (Vec<(PathBuf, LoadedFile)>, Vec<LoadFailure>) {
    let mut decks = Vec::new();
    let mut failures = Vec::new();
    let paths = match deck_paths(dir) {
        Ok(paths) => paths,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return (decks, failures),
        Err(err) => {
            failures.push(LoadFailure {
                path: dir.to_path_buf(),
                errors: vec![DeckError::whole_file(
                    &dir.display().to_string(),
                    format!("cannot read the deck folder: {err}"),
                )],
                hash: None,
            });
            return (decks, failures);
        }
    };
    for path in paths {
        match read_file(&path) {
            Ok(loaded) => decks.push((path, loaded)),
            Err(failure) => failures.push(failure),
        }
    }
    (decks, failures)
}

/// Reads and parses one deck file. Only a regular file is read (a pipe named `*.ron` would wait for
/// ever, a link to a device would never end), and never past [`MAX_FILE_BYTES`].
pub fn load_file(path: &Path) -> Result<LoadedFile, Vec<DeckError>> {
    read_file(path).map_err(|failure| failure.errors)
}

/// [`load_file`], with the hash of what was read when it fails.
fn read_file(path: &Path) -> Result<LoadedFile, LoadFailure> {
    let failure = |errors, hash| LoadFailure {
        path: path.to_path_buf(),
        errors,
        hash,
    };
    let bytes = crate::files::read_limited(path, MAX_FILE_BYTES)
        .map_err(|err| failure(vec![read_error(&path.display().to_string(), err)], None))?;
    let hash = content_hash(&bytes);
    parse_file(path, &bytes, hash).map_err(|errors| failure(errors, Some(hash)))
}

/// Why a deck file could not be read, as a problem with the whole file.
fn read_error(origin: &str, err: crate::files::ReadError) -> DeckError {
    let message = match err {
        crate::files::ReadError::TooLarge { .. } => format!(
            "the file is larger than {MAX_FILE_BYTES} bytes (8 MiB), the most a deck file may hold"
        ),
        crate::files::ReadError::NotAFile { kind, .. } => format!("is {kind}, not a deck file"),
        other => other.reason(),
    };
    DeckError::whole_file(origin, message)
}

/// The deck in a file's bytes, with its warnings.
fn parse_file(path: &Path, bytes: &[u8], hash: ContentHash) -> Result<LoadedFile, Vec<DeckError>> {
    let origin = path.display().to_string();
    let deck = parse_bytes(bytes, &origin)?;
    let text = String::from_utf8_lossy(bytes);
    Ok(LoadedFile {
        warnings: warnings(&deck, &text, &origin),
        deck,
        hash,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::deck::content_hash;
    use crate::logging::{self, HandlerOptions, Level, MemoryHandler};

    /// The tests that listen on the global `talkdeck.deck` logger take turns.
    static LISTENING: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// Loads the library from `dir` while listening on `talkdeck.deck`; returns it and the records.
    fn load_listening(dir: &Path) -> (Library, Vec<Arc<crate::logging::OwnedRecord>>) {
        listening(|| Library::load(Some(dir)))
    }

    #[test]
    fn loading_logs_each_deck_and_each_problem() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("bad.ron"), "Deck(format: 1,\n  id: 7)").unwrap();
        let (library, records) = load_listening(dir.path());

        assert_eq!(library.decks.len(), 5, "the built-in decks still load");
        assert_eq!(library.failures.len(), 1);
        let infos: Vec<&str> = records
            .iter()
            .filter(|r| r.level == Level::INFO)
            .map(|r| r.message.as_str())
            .collect();
        assert_eq!(infos.len(), 5);
        assert!(
            infos[0]
                .starts_with("loaded deck greetings (32 cards, 92 items) from built-in greetings")
        );
        let errors: Vec<String> = records
            .iter()
            .filter(|r| r.level == Level::ERROR)
            .map(|r| r.message.clone())
            .collect();
        let bad = dir.path().join("bad.ron");
        assert_eq!(errors, [format!("{}:2:6: Expected string", bad.display())]);
    }

    #[test]
    fn a_few_warnings_are_logged_then_how_many_more() {
        let dir = tempfile::tempdir().unwrap();
        let cards: String = (0..9)
            .map(|n| format!("(id: \"c{n}\", en: \"Hi {n}\", zh: \"你好\"),\n"))
            .collect();
        fs::write(
            dir.path().join("same.ron"),
            format!("Deck(format: 1, id: \"same\", name: \"Same\", cards: [\n{cards}])"),
        )
        .unwrap();
        let (library, records) = load_listening(dir.path());
        assert!(
            library.deck("same").is_some(),
            "warnings do not stop a deck"
        );
        let warnings: Vec<String> = records
            .iter()
            .filter(|r| r.level == Level::WARNING && r.message.contains("same.ron"))
            .map(|r| r.message.clone())
            .collect();
        assert_eq!(warnings.len(), WARNINGS_LOGGED + 1, "{warnings:#?}");
        assert!(
            warnings[WARNINGS_LOGGED].ends_with(&format!(
                "3 more warnings; `talkdeck check {}` lists them all",
                dir.path().join("same.ron").display()
            )),
            "{}",
            warnings[WARNINGS_LOGGED]
        );
    }

    /// Runs `f` while listening on `talkdeck.deck`; returns its result and this thread's records.
    fn listening<T>(f: impl FnOnce() -> T) -> (T, Vec<Arc<crate::logging::OwnedRecord>>) {
        let _turn = LISTENING.lock().unwrap_or_else(|e| e.into_inner());
        let memory = Arc::new(MemoryHandler::new(100, HandlerOptions::default()));
        let logger = logging::get_logger("talkdeck.deck");
        logger.set_level(Level::DEBUG);
        logger.add_handler(memory.clone());
        let result = f();
        logger.remove_handler(&(memory.clone() as Arc<dyn crate::logging::Handler>));
        let here = std::thread::current().name().map(str::to_owned);
        let records = memory
            .snapshot()
            .into_iter()
            .filter(|r| Some(&*r.thread.name) == here.as_deref())
            .collect();
        (result, records)
    }

    fn deck_text(id: &str, en: &str) -> String {
        format!(
            "Deck(format: 1, id: \"{id}\", name: \"N\", cards: [(id: \"hi\", en: \"{en}\", zh: \"嗨\")])"
        )
    }

    fn levels_and_messages(records: &[Arc<crate::logging::OwnedRecord>]) -> Vec<(Level, String)> {
        records
            .iter()
            .map(|r| (r.level, r.message.clone()))
            .collect()
    }

    #[test]
    fn a_broken_outside_edit_is_a_warning_and_the_last_good_deck_stays_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.ron");
        fs::write(&path, deck_text("mine", "Hi")).unwrap();
        let mut library = Library::load(Some(dir.path()));
        assert_eq!(library.changed_files(dir.path()), Vec::<PathBuf>::new());
        assert_eq!(library.reload(&path), Reloaded::Unchanged);

        let broken = "Deck(format: 1,\n  id: 7)";
        fs::write(&path, broken).unwrap();
        assert_eq!(library.changed_files(dir.path()), vec![path.clone()]);
        let (reloaded, records) = listening(|| library.reload(&path));
        let error = format!("{}:2:6: Expected string", path.display());
        match &reloaded {
            Reloaded::Broken { errors, kept } => {
                assert_eq!(kept.as_deref(), Some("mine"));
                let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
                assert_eq!(errors, vec![error.clone()]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            levels_and_messages(&records),
            [
                (Level::WARNING, error),
                (
                    Level::WARNING,
                    format!(
                        "{} changed outside talkdeck and no longer loads; deck mine stays as it \
                         last loaded until the file is fixed",
                        path.display()
                    )
                )
            ]
        );
        assert_eq!(
            library.deck("mine").unwrap().cards[0].en,
            "Hi",
            "the last good deck"
        );
        assert_eq!(library.failures.len(), 1);
        assert_eq!(
            library.hash_of(&path),
            Some(content_hash(broken.as_bytes()))
        );
        assert_eq!(library.changed_files(dir.path()), Vec::<PathBuf>::new());
        assert_eq!(library.reload(&path), Reloaded::Unchanged, "reported once");

        fs::write(&path, deck_text("mine", "Hello")).unwrap();
        let (reloaded, records) = listening(|| library.reload(&path));
        assert_eq!(reloaded, Reloaded::Loaded { id: "mine".into() });
        assert_eq!(library.deck("mine").unwrap().cards[0].en, "Hello");
        assert_eq!(library.failures, []);
        assert_eq!(
            levels_and_messages(&records),
            [(
                Level::INFO,
                format!(
                    "reloaded deck mine (1 cards, 2 items) from {}: it changed outside talkdeck",
                    path.display()
                )
            )]
        );
    }

    #[test]
    fn new_and_removed_files_add_and_remove_decks_and_a_taken_id_is_refused_as_loading_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = Library::load(Some(dir.path()));
        let n_decks = library.decks.len();
        let new = dir.path().join("new.ron");
        fs::write(&new, deck_text("new", "Hi")).unwrap();
        let bad = dir.path().join("bad.ron");
        fs::write(&bad, "Deck(").unwrap();
        fs::write(dir.path().join("new.ron.bak"), "old").unwrap();
        fs::write(dir.path().join(".new.ron.tmp-1"), "temp").unwrap();
        assert_eq!(
            library.changed_files(dir.path()),
            [bad.clone(), new.clone()]
        );

        assert_eq!(library.reload(&new), Reloaded::Added { id: "new".into() });
        assert_eq!(library.decks.len(), n_decks + 1);
        assert_eq!(
            library.source("new"),
            Some(&Source::User(new.clone())),
            "from its file"
        );
        assert!(matches!(
            library.reload(&bad),
            Reloaded::Broken { kept: None, .. }
        ));

        // The same id in a second file: the message loading gives.
        let twin = dir.path().join("twin.ron");
        fs::write(&twin, deck_text("new", "Hey")).unwrap();
        let fresh = Library::load(Some(dir.path()));
        let loading: Vec<String> = fresh
            .failures
            .iter()
            .filter(|f| f.path == twin)
            .flat_map(|f| f.errors.iter().map(ToString::to_string))
            .collect();
        match library.reload(&twin) {
            Reloaded::Broken { errors, kept: None } => {
                let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
                assert_eq!(errors, loading);
                assert!(errors[0].contains("deck id \"new\" is already used by"));
            }
            other => panic!("{other:?}"),
        }
        // A built-in deck's id, too.
        fs::write(&twin, deck_text("greetings", "Hey")).unwrap();
        assert!(matches!(
            library.reload(&twin),
            Reloaded::Broken { kept: None, .. }
        ));

        fs::remove_file(&new).unwrap();
        fs::remove_file(&bad).unwrap();
        assert_eq!(
            library.changed_files(dir.path()),
            [bad.clone(), new.clone()]
        );
        assert_eq!(library.reload(&new), Reloaded::Removed { id: "new".into() });
        assert_eq!(library.reload(&bad), Reloaded::FailureCleared);
        assert_eq!(library.reload(&new), Reloaded::Unchanged);
        assert!(library.deck("new").is_none());
        assert_eq!(library.decks.len(), n_decks);
        assert!(library.failures.iter().all(|f| f.path == twin));
        assert_eq!(library.hash_of(&new), None);
    }

    /// A deck written by a Windows editor: a byte-order mark, CRLF line ends, multi-line notes.
    #[test]
    fn a_deck_with_a_bom_and_crlf_loads_and_keeps_plain_line_breaks() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\u{feff}Deck(\r\n  format: 2,\r\n  id: \"windows\",\r\n  name: \"Windows\",\r\n  \
                    description: \"Two\r\nlines\",\r\n  cards: [\r\n    (id: \"hi\", en: \"Hi!\", \
                    zh: \"嗨！\", notes: \"First line.\r\nSecond line.\"),\r\n  ],\r\n)\r\n";
        fs::write(dir.path().join("windows.ron"), text).unwrap();
        let (decks, failures) = load_user_decks(dir.path());
        assert_eq!(failures, []);
        let deck = &decks[0].1.deck;
        assert_eq!(deck.description, "Two\nlines");
        assert_eq!(
            deck.cards[0].notes.as_deref(),
            Some("First line.\nSecond line.")
        );
        assert_eq!(
            deck.cards[0].en, "Hi!",
            "no byte-order mark in the first text"
        );
    }

    /// A pipe, a link to a device and a folder named `*.ron` are reported, not read: loading
    /// neither waits for ever nor fills memory, and the other decks load.
    #[cfg(unix)]
    #[test]
    fn files_that_are_not_plain_files_are_reported_and_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("pipe.ron"))
            .status()
            .unwrap();
        assert!(made.success());
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.ron")).unwrap();
        fs::create_dir(dir.path().join("folder.ron")).unwrap();
        fs::write(
            dir.path().join("good.ron"),
            "Deck(format: 1, id: \"good\", name: \"Good\", cards: [(id: \"hi\", en: \"Hi\", zh: \"嗨\")])",
        )
        .unwrap();
        let path = dir.path().to_path_buf();
        let (decks, failures) = crate::files::without_waiting(move || load_user_decks(&path));
        assert_eq!(decks.len(), 1);
        let messages: Vec<String> = failures
            .iter()
            .flat_map(|f| f.errors.iter().map(ToString::to_string))
            .collect();
        let at = |name: &str| dir.path().join(name).display().to_string();
        assert_eq!(
            messages,
            [
                format!("{}:1:1: is a folder, not a deck file", at("folder.ron")),
                format!("{}:1:1: is a pipe, not a deck file", at("pipe.ron")),
                format!("{}:1:1: is a device, not a deck file", at("zero.ron")),
            ]
        );
    }
}
