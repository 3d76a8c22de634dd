//! Loading every deck: the built-in ones and each `*.ron` in the user's deck folder.
//!
//! A broken file is reported (logged at ERROR and returned, so the app can show it) and skipped; the
//! others load. A deck id used twice — by two files, or by a file and a built-in deck — is an error
//! naming both, and the later one (built-in first, then files by name) is skipped. Loading only reads.

use std::fs;
use std::path::{Path, PathBuf};

use super::parse::line_of_value;
use super::{Deck, DeckError, MAX_FILE_BYTES, Source, built_in_decks, parse_bytes, warnings};

/// How many of a deck file's warnings are logged when it loads.
const WARNINGS_LOGGED: usize = 5;

/// A deck file that could not be loaded, with every problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadFailure {
    pub path: PathBuf,
    pub errors: Vec<DeckError>,
}

/// A deck file that loaded: the deck, and what its author should look at ([`warnings`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    pub deck: Deck,
    pub warnings: Vec<DeckError>,
}

/// Every deck that loaded, and every file that did not.
#[derive(Clone, Debug, Default)]
pub struct Library {
    pub decks: Vec<(Source, Deck)>,
    pub failures: Vec<LoadFailure>,
}

impl Library {
    /// The built-in decks, then the user's (`deck_dir` may not exist yet: then there are none).
    pub fn load(deck_dir: Option<&Path>) -> Library {
        let mut library = Library::default();
        for (name, result) in built_in_decks() {
            match result {
                Ok(deck) => library.add(Source::BuiltIn(name), deck),
                Err(errors) => {
                    library.fail(PathBuf::from(format!("data/decks/{name}.ron")), errors)
                }
            }
        }
        if let Some(dir) = deck_dir {
            let (decks, failures) = load_user_decks(dir);
            for failure in failures {
                library.fail(failure.path, failure.errors);
            }
            for (path, loaded) in decks {
                let LoadedFile { deck, warnings } = loaded;
                // A few of them, then how many more: a deck of thousands of look-alike cards
                // must not flood the log. `talkdeck check` lists them all.
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
                match library.id_in_use(&deck.id) {
                    Some(message) => {
                        // Where the id is: looked for only now, as it is rarely needed.
                        let text =
                            crate::files::read_limited(&path, MAX_FILE_BYTES).unwrap_or_default();
                        let (line, column) = line_of_value(&String::from_utf8_lossy(&text), "id");
                        let error =
                            DeckError::at_line(&path.display().to_string(), line, column, message);
                        library.fail(path, vec![error]);
                    }
                    None => library.add(Source::User(path), deck),
                }
            }
        }
        library
    }

    fn add(&mut self, source: Source, deck: Deck) {
        crate::info!(
            name: "talkdeck.deck",
            deck = deck.id.as_str(), cards = deck.cards.len(), items = deck.n_items();
            "loaded deck {} ({} cards, {} items) from {source}", deck.id, deck.cards.len(), deck.n_items()
        );
        self.decks.push((source, deck));
    }

    fn fail(&mut self, path: PathBuf, errors: Vec<DeckError>) {
        for error in &errors {
            crate::error!(name: "talkdeck.deck", file = path.display(); "{error}");
        }
        self.failures.push(LoadFailure { path, errors });
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
        let source = self.source(id)?;
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
}

/// Reads every `*.ron` in `dir`, sorted by file name: the decks that parse and the files that fail.
/// A missing folder holds no decks.
pub fn load_user_decks(dir: &Path) -> (Vec<(PathBuf, LoadedFile)>, Vec<LoadFailure>) {
    let mut decks = Vec::new();
    let mut failures = Vec::new();
    let whole_file = |path: &Path, message: String| LoadFailure {
        path: path.to_path_buf(),
        errors: vec![DeckError::whole_file(&path.display().to_string(), message)],
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return (decks, failures),
        Err(err) => {
            failures.push(whole_file(
                dir,
                format!("cannot read the deck folder: {err}"),
            ));
            return (decks, failures);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "ron")
                && !path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    for path in paths {
        match load_file(&path) {
            Ok(loaded) => decks.push((path, loaded)),
            Err(errors) => failures.push(LoadFailure { path, errors }),
        }
    }
    (decks, failures)
}

/// Reads and parses one deck file. Only a regular file is read (a pipe named `*.ron` would wait for
/// ever, a link to a device would never end), and never past [`MAX_FILE_BYTES`].
pub fn load_file(path: &Path) -> Result<LoadedFile, Vec<DeckError>> {
    let origin = path.display().to_string();
    let bytes = crate::files::read_limited(path, MAX_FILE_BYTES).map_err(|err| {
        let message = match err {
            crate::files::ReadError::TooLarge { .. } => format!(
                "the file is larger than {MAX_FILE_BYTES} bytes (8 MiB), the most a deck file may hold"
            ),
            crate::files::ReadError::NotAFile { kind, .. } => format!("is {kind}, not a deck file"),
            other => other.reason(),
        };
        vec![DeckError::whole_file(&origin, message)]
    })?;
    let deck = parse_bytes(&bytes, &origin)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(LoadedFile {
        warnings: warnings(&deck, &text, &origin),
        deck,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::logging::{self, HandlerOptions, Level, MemoryHandler};

    /// The tests that listen on the global `talkdeck.deck` logger take turns.
    static LISTENING: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// Loads the library from `dir` while listening on `talkdeck.deck`; returns it and the records.
    fn load_listening(dir: &Path) -> (Library, Vec<Arc<crate::logging::OwnedRecord>>) {
        let _turn = LISTENING.lock().unwrap_or_else(|e| e.into_inner());
        let memory = Arc::new(MemoryHandler::new(100, HandlerOptions::default()));
        let logger = logging::get_logger("talkdeck.deck");
        logger.set_level(Level::DEBUG);
        logger.add_handler(memory.clone());
        let library = Library::load(Some(dir));
        logger.remove_handler(&(memory.clone() as Arc<dyn crate::logging::Handler>));
        // Other tests load decks at the same time on their own threads: only this one's records.
        let here = std::thread::current().name().map(str::to_owned);
        let records = memory
            .snapshot()
            .into_iter()
            .filter(|r| Some(&*r.thread.name) == here.as_deref())
            .collect();
        (library, records)
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
