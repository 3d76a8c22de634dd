//! Importing a deck file into the learner's deck folder, and exporting a deck: the one core the
//! command line (`talkdeck import`, `talkdeck export`) and the app's Import and Export forms share.
//!
//! An import is two steps. [`preview`] (or [`preview_all`], for an Anki export naming several
//! decks) reads and checks the file and finds where each deck would go, and what is there already;
//! it writes nothing. [`write`] then writes one previewed deck through [`super::save_file`]: the
//! text is checked to read back as the deck, the write is atomic, a replaced file is kept as
//! `<file>.bak`, and a file changed since the preview is not overwritten. A `.ron` deck is copied
//! as written, comments and all; an Anki `.tsv` / `.txt` export becomes the deck in the built-in
//! decks' layout ([`super::to_ron_string`]).
//!
//! A deck id already in use is refused, naming the deck that has it, unless the caller asked to
//! replace it and it is one of the learner's files: a built-in deck is never replaced. Where the
//! files live is the caller's: the deck folder comes in as a path.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::{
    ContentHash, Deck, DeckError, Library, MAX_FILE_BYTES, SaveError, Source, current_hash,
    from_tsv, load_file, new_deck_path, parse_str, save_file, to_ron_string, warnings,
};
use crate::files;

/// Why an import was refused: a message, or the file's errors (each with its line and column).
#[derive(Debug)]
pub enum ImportError {
    Refused(String),
    Invalid(Vec<DeckError>),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Refused(message) => write!(f, "{message}"),
            ImportError::Invalid(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// What already stands where an imported deck would go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Occupant {
    /// A built-in deck has the id: it is never replaced.
    BuiltIn(&'static str),
    /// One of the learner's files holds a deck with the id (the deck goes there on replace).
    Deck(PathBuf),
    /// The deck's file name is taken by a file that does not hold it (one that fails to load, or
    /// another deck's).
    File(PathBuf),
}

/// One deck an import would write, and what the learner should know first. Nothing is written.
#[derive(Clone, Debug)]
pub struct Preview {
    /// The file read.
    pub file: PathBuf,
    pub deck: Deck,
    /// Where the deck would be written: `<decks>/<id>.ron`, or the file of the deck it replaces.
    pub target: PathBuf,
    /// What the import leaves out, and why (the Anki importer's notes).
    pub skipped: Vec<String>,
    /// What the deck's author should look at; none blocks the import.
    pub warnings: Vec<DeckError>,
    /// Why the deck cannot simply be written: its id is in use (the message names the deck), or its
    /// file name is taken. Whether replacing is allowed is [`Preview::can_replace`].
    pub conflict: Option<String>,
    /// What stands in the way, if anything.
    pub occupant: Option<Occupant>,
    /// The recordings the deck names, to copy into the deck folder first: each file found beside
    /// the imported one, and where it goes, relative to the deck folder.
    pub audio: Vec<(PathBuf, String)>,
    /// The bytes to write.
    bytes: Vec<u8>,
    /// The hash of the file at `target` when previewed; `None` when there was none.
    expected: Option<ContentHash>,
}

impl Preview {
    /// Whether the deck may replace what is in its way: only a learner's file, never a built-in
    /// deck. False when nothing is in the way.
    pub fn can_replace(&self) -> bool {
        matches!(self.occupant, Some(Occupant::Deck(_) | Occupant::File(_)))
    }

    /// Whether [`write`] would refuse this deck, with `replace` as given.
    pub fn is_blocked(&self, replace: bool) -> bool {
        match self.occupant {
            None => false,
            Some(Occupant::BuiltIn(_)) => true,
            Some(_) => !replace,
        }
    }
}

/// A deck read from a file, with the bytes to write, its warnings and the recordings to copy.
type Made = (Deck, Vec<u8>, Vec<DeckError>, Vec<(PathBuf, String)>);

/// Where the recording `name` of an Anki export is: beside the export, or in a
/// `collection.media` folder beside it (Anki's media folder, copied over).
fn anki_sound(file: &Path, name: &str) -> Option<PathBuf> {
    let dir = file.parent()?;
    [dir.join(name), dir.join("collection.media").join(name)]
        .into_iter()
        .find(|p| p.is_file())
}

/// The recordings a `.ron` deck names that are beside it (each keeps its relative path), and a
/// note naming those that are not.
fn ron_audio(file: &Path, deck: &Deck) -> (Vec<(PathBuf, String)>, Option<String>) {
    let dir = file.parent().unwrap_or(Path::new("."));
    let (mut found, mut missing) = (Vec::new(), Vec::new());
    for audio in deck.cards.iter().filter_map(|c| c.audio.as_deref()) {
        let source = dir.join(audio);
        if source.is_file() {
            found.push((source, audio.to_owned()));
        } else {
            missing.push(audio);
        }
    }
    let note = (!missing.is_empty()).then(|| {
        format!(
            "recordings not found beside {} (their cards are spoken by the voice instead): {}",
            file.display(),
            missing.join(", ")
        )
    });
    (found, note)
}

/// Every deck a file holds (an Anki export can name several), and the importer's notes.
#[derive(Clone, Debug)]
pub struct Previews {
    pub decks: Vec<Preview>,
    pub notes: Vec<String>,
}

/// Reads and checks `file` — a `.ron` deck, or a `.tsv` / `.txt` Anki export — and finds where its
/// decks would go in `decks_dir` and what is there already in `library`. `id` and `name` (the
/// command line's `--id`, `--name`) apply to an Anki export holding one deck. Writes nothing.
pub fn preview_all(
    file: &Path,
    decks_dir: &Path,
    library: &Library,
    id: Option<&str>,
    name: Option<&str>,
) -> Result<Previews, ImportError> {
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let refused = |e: files::ReadError| ImportError::Refused(e.to_string());
    let (decks, notes): (Vec<Made>, Vec<String>) = match extension.as_str() {
        "ron" => {
            let loaded = load_file(file).map_err(ImportError::Invalid)?;
            let (audio, missing) = ron_audio(file, &loaded.deck);
            let notes: Vec<String> = missing.into_iter().collect();
            if id.is_none() && name.is_none() {
                // Copy the file as written, comments and all.
                let bytes = files::read_limited(file, MAX_FILE_BYTES).map_err(refused)?;
                (vec![(loaded.deck, bytes, loaded.warnings, audio)], notes)
            } else {
                // Under another id or name (one already in use, say): the deck is written in
                // talkdeck's layout, and checked as any deck is.
                let mut deck = loaded.deck;
                if let Some(id) = id {
                    deck.id = id.trim().to_owned();
                }
                if let Some(name) = name {
                    deck.name = name.trim().to_owned();
                }
                let text = to_ron_string(&deck);
                let at = new_deck_path(decks_dir, &deck.id).display().to_string();
                let deck = parse_str(&text, &at).map_err(ImportError::Invalid)?;
                let warnings = warnings(&deck, &text, &at);
                (vec![(deck, text.into_bytes(), warnings, audio)], notes)
            }
        }
        "tsv" | "txt" => {
            let bytes = files::read_limited(file, MAX_FILE_BYTES).map_err(refused)?;
            let origin = file.display().to_string();
            let text = utf8(&bytes, &origin).map_err(|e| ImportError::Invalid(vec![e]))?;
            let import = from_tsv(text, &origin, id, name).map_err(ImportError::Invalid)?;
            let mut notes = import.notes;
            let mut missing = Vec::new();
            let decks = import
                .decks
                .into_iter()
                .map(|mut d| {
                    // `[sound:x.mp3]` on the English side: the file is copied into the deck
                    // folder, under `audio/<deck id>/`, where it is found beside the export.
                    let mut audio = Vec::new();
                    for card in &mut d.cards {
                        let Some(sound) = card.audio.take() else {
                            continue;
                        };
                        match anki_sound(file, &sound) {
                            Some(source) => {
                                let to = format!("audio/{}/{sound}", d.id);
                                card.audio = Some(to.clone());
                                audio.push((source, to));
                            }
                            None => missing.push(sound),
                        }
                    }
                    let text = to_ron_string(&d);
                    // Placed in the file the import would write, where they can be fixed.
                    let at = new_deck_path(decks_dir, &d.id).display().to_string();
                    let warnings = warnings(&d, &text, &at);
                    (d, text.into_bytes(), warnings, audio)
                })
                .collect();
            if !missing.is_empty() {
                notes.push(format!(
                    "{} recording{} not found beside the export or in a collection.media folder \
                     beside it (copy them from Anki's collection.media to keep them): {}",
                    missing.len(),
                    if missing.len() == 1 { " was" } else { "s were" },
                    missing.join(", ")
                ));
            }
            (decks, notes)
        }
        _ => {
            return Err(ImportError::Refused(format!(
                "{}: expected a .ron deck, or a .tsv / .txt file exported from Anki",
                file.display()
            )));
        }
    };
    let decks = decks
        .into_iter()
        .map(|(deck, bytes, warnings, audio)| {
            let fresh = new_deck_path(decks_dir, &deck.id);
            let (target, occupant) = match library.source(&deck.id) {
                Some(Source::BuiltIn(name)) => (fresh, Some(Occupant::BuiltIn(name))),
                Some(Source::User(existing)) => {
                    (existing.clone(), Some(Occupant::Deck(existing.clone())))
                }
                None if fresh.exists() => (fresh.clone(), Some(Occupant::File(fresh))),
                None => (fresh, None),
            };
            let conflict = match &occupant {
                None => None,
                Some(Occupant::File(path)) => Some(format!(
                    "{} already exists and does not hold deck {:?}",
                    path.display(),
                    deck.id
                )),
                Some(_) => library.id_in_use(&deck.id),
            };
            let expected = match &occupant {
                Some(Occupant::Deck(path) | Occupant::File(path)) => library
                    .hash_of(path)
                    .or_else(|| current_hash(path).ok().flatten()),
                _ => None,
            };
            Preview {
                file: file.to_path_buf(),
                deck,
                target,
                skipped: notes.clone(),
                warnings,
                conflict,
                occupant,
                audio,
                bytes,
                expected,
            }
        })
        .collect();
    Ok(Previews { decks, notes })
}

/// [`preview_all`] for a file holding one deck, as the app imports: a file naming several decks
/// is refused (the command line imports those).
pub fn preview(
    file: &Path,
    decks_dir: &Path,
    library: &Library,
    id: Option<&str>,
    name: Option<&str>,
) -> Result<Preview, ImportError> {
    let mut all = preview_all(file, decks_dir, library, id, name)?;
    if all.decks.len() != 1 {
        let names: Vec<String> = all
            .decks
            .iter()
            .map(|p| format!("{:?}", p.deck.name))
            .collect();
        return Err(ImportError::Refused(format!(
            "{} holds {} decks ({}); import it with talkdeck import, which makes one deck each",
            file.display(),
            all.decks.len(),
            names.join(", ")
        )));
    }
    Ok(all.decks.remove(0))
}

/// Writes a previewed deck to its target and returns the path. Refused (logged at WARNING) when
/// the deck's id or file name is taken, unless `replace` is set and what is there is the learner's
/// file; a built-in deck is never replaced. A replaced file is kept as `<file>.bak`, and a file
/// changed since the preview is not overwritten. Logs the import at INFO.
pub fn write(preview: &Preview, replace: bool) -> Result<PathBuf, ImportError> {
    let file = preview.file.display();
    let deck = &preview.deck;
    if preview.is_blocked(replace) {
        let message = preview
            .conflict
            .clone()
            .unwrap_or_else(|| format!("deck id {:?} is already in use", deck.id));
        crate::warning!(
            name: "talkdeck.deck",
            deck = deck.id.as_str();
            "import of deck {} from {file} refused: {message}", deck.id
        );
        return Err(ImportError::Refused(message));
    }
    // The recordings first, so the deck never names one that is not there.
    let folder = preview.target.parent().unwrap_or(Path::new("."));
    for (source, to) in &preview.audio {
        copy_recording(source, &folder.join(to)).map_err(|message| {
            crate::warning!(
                name: "talkdeck.deck",
                deck = deck.id.as_str();
                "import of deck {} from {file} refused: {message}", deck.id
            );
            ImportError::Refused(message)
        })?;
    }
    let saved =
        save_file(&preview.target, &preview.bytes, deck, preview.expected).map_err(|e| {
            let error = match e {
                SaveError::Io { path, error } => {
                    ImportError::Refused(format!("{}: cannot write: {error}", path.display()))
                }
                SaveError::Invalid(errors) => ImportError::Invalid(errors),
                other => ImportError::Refused(other.to_string()),
            };
            crate::warning!(
                name: "talkdeck.deck",
                deck = deck.id.as_str();
                "import of deck {} from {file} refused: {error}", deck.id
            );
            error
        })?;
    let target = preview.target.display();
    match &saved.backup {
        Some(backup) => crate::info!(
            name: "talkdeck.deck",
            deck = deck.id.as_str(), cards = deck.cards.len();
            "imported deck {} from {file} to {target}, replacing it (the old file is kept as {})",
            deck.id, backup.display()
        ),
        None => crate::info!(
            name: "talkdeck.deck",
            deck = deck.id.as_str(), cards = deck.cards.len();
            "imported deck {} from {file} to {target}", deck.id
        ),
    }
    Ok(preview.target.clone())
}

/// Copies a recording to `to` (folders made, written atomically). A different file already there
/// is kept as `<file>.bak`; the same one is left alone.
fn copy_recording(source: &Path, to: &Path) -> Result<(), String> {
    let bytes = files::read_limited(source, files::MAX_RECORDING_BYTES as usize)
        .map_err(|e| format!("{}: {e}", source.display()))?;
    if std::fs::read(to).is_ok_and(|there| there == bytes) {
        return Ok(());
    }
    let cannot = |e: io::Error| format!("{}: cannot write: {e}", to.display());
    if let Some(folder) = to.parent() {
        std::fs::create_dir_all(folder).map_err(cannot)?;
    }
    if to.exists() {
        let mut backup = to.as_os_str().to_owned();
        backup.push(".bak");
        std::fs::rename(to, PathBuf::from(backup)).map_err(cannot)?;
    }
    files::write_atomic(to, &bytes).map_err(cannot)
}

/// The file's text, or where it stops being UTF-8.
fn utf8<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, DeckError> {
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = String::from_utf8_lossy(&bytes[..err.valid_up_to()]);
        let line = 1 + valid.matches('\n').count();
        let column = 1 + valid.rsplit('\n').next().map_or(0, |l| l.chars().count());
        DeckError {
            origin: origin.to_string(),
            line,
            column,
            message: "the file is not UTF-8 text (save it as UTF-8)".into(),
        }
    })
}

/// Why a deck cannot be exported to a path as things stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportProblem {
    /// The folder it would go in does not exist (it is not made: a mistyped path is an error).
    NoFolder { path: PathBuf, folder: PathBuf },
    /// The path is a folder.
    IsFolder(PathBuf),
    /// A file is there: overwriting it is the caller's choice.
    Exists(PathBuf),
}

impl fmt::Display for ExportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportProblem::NoFolder { path, folder } => write!(
                f,
                "{}: the folder {} does not exist",
                path.display(),
                folder.display()
            ),
            ExportProblem::IsFolder(path) => {
                write!(f, "{}: is a folder, not a file", path.display())
            }
            ExportProblem::Exists(path) => write!(f, "{} already exists", path.display()),
        }
    }
}

/// What stands in the way of exporting to `path`, checked in this order: a missing folder, a
/// folder at `path`, a file at `path`.
pub fn export_problem(path: &Path) -> Option<ExportProblem> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Some(ExportProblem::NoFolder {
            path: path.to_path_buf(),
            folder: folder.to_path_buf(),
        });
    }
    if path.is_dir() {
        return Some(ExportProblem::IsFolder(path.to_path_buf()));
    }
    if path.exists() {
        return Some(ExportProblem::Exists(path.to_path_buf()));
    }
    None
}

/// Writes `deck` to `path` as [`to_ron_string`] gives it (the built-in decks' layout), atomically,
/// over any file there; a folder that does not exist is not made. The text is checked to read back
/// as the deck first. The recordings its cards name are copied from `from` (the folder of the
/// deck's file) to the same places beside `path`. Logs at INFO.
pub fn export_to(deck: &Deck, path: &Path, from: Option<&Path>) -> io::Result<()> {
    if let Some(ExportProblem::NoFolder { folder, .. }) = export_problem(path) {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("the folder {} does not exist", folder.display()),
        ));
    }
    let text = to_ron_string(deck);
    match parse_str(&text, "export") {
        Ok(back) if back == *deck => {}
        _ => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "deck {:?} did not survive a round trip; nothing was written",
                    deck.id
                ),
            ));
        }
    }
    if let Some(from) = from {
        let beside = path.parent().unwrap_or(Path::new("."));
        for audio in deck.cards.iter().filter_map(|c| c.audio.as_deref()) {
            let source = from.join(audio);
            if !source.is_file() {
                crate::warning!(
                    name: "talkdeck.deck",
                    "export of deck {}: the recording {} is missing, so it is not written",
                    deck.id, source.display()
                );
                continue;
            }
            copy_recording(&source, &beside.join(audio)).map_err(io::Error::other)?;
        }
    }
    files::write_atomic(path, text.as_bytes())?;
    crate::info!(
        name: "talkdeck.deck",
        deck = deck.id.as_str(), cards = deck.cards.len();
        "exported deck {} ({} cards) to {}", deck.id, deck.cards.len(), path.display()
    );
    Ok(())
}
