//! `talkdeck check`, `decks`, `import` and `export`: deck files on the command line.
//!
//! Every command reads decks through `deck` (and the learner's files through `files`, which takes
//! only regular files, never past the size limit) and writes only through `store::write_atomic`; a
//! file that fails to parse is reported, never touched. Output is plain text on stdout, one line per
//! result, so scripts can read it; failures make the exit status 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::deck::{self, Deck, DeckError, Library, Source};
use crate::files;
use crate::store::{DataDir, write_atomic};

/// `talkdeck check FILE…`: `FILE: ok (N cards, M items)` or every error; status 1 if any file fails.
pub fn check(files: &[PathBuf], out: &mut dyn std::io::Write) -> ExitCode {
    let mut failed = false;
    for file in files {
        if is_text_export(file) {
            failed = true;
            let _ = writeln!(
                out,
                "{}: not a deck file: an Anki export (.txt, .tsv) becomes a deck with talkdeck \
                 import {}",
                file.display(),
                shell_quoted(file)
            );
            continue;
        }
        match deck::load_file(file) {
            Ok(deck::LoadedFile { deck, warnings, .. }) => {
                let _ = writeln!(
                    out,
                    "{}: ok ({} cards, {} items)",
                    file.display(),
                    deck.cards.len(),
                    deck.n_items()
                );
                if deck::BUILT_IN.iter().any(|(name, _)| *name == deck.id) {
                    let _ = writeln!(
                        out,
                        "{}: note: {:?} is the id of a built-in deck; rename it before importing",
                        file.display(),
                        deck.id
                    );
                }
                for warning in warnings {
                    let _ = writeln!(
                        out,
                        "{}:{}:{}: warning: {}",
                        warning.origin, warning.line, warning.column, warning.message
                    );
                }
            }
            Err(errors) => {
                failed = true;
                for error in errors {
                    let _ = writeln!(out, "{error}");
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether `file` is named like a text export (`.txt`, `.tsv`) rather than a deck.
fn is_text_export(file: &Path) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("tsv"))
}

/// The path as it would be typed in a shell: in double quotes when it holds anything but letters,
/// digits and `/._-`.
fn shell_quoted(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
    {
        text
    } else {
        let mut quoted = String::from("\"");
        for c in text.chars() {
            if matches!(c, '"' | '\\' | '$' | '`') {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        quoted
    }
}

/// `talkdeck decks`: every loaded deck with its counts, then the files that failed.
pub fn list(data: &DataDir, out: &mut dyn std::io::Write) -> ExitCode {
    let library = Library::load(Some(&data.decks_dir()));
    for (source, deck) in &library.decks {
        let (kind, place) = match source {
            Source::BuiltIn(_) => ("built-in", String::new()),
            Source::User(path) => ("user", format!("  {}", path.display())),
        };
        let name = if deck.name_zh.is_empty() {
            deck.name.clone()
        } else {
            format!("{} · {}", deck.name, deck.name_zh)
        };
        let _ = writeln!(
            out,
            "{kind:<8}  {:<20}  {:>5} cards  {:>5} items  {name}{place}",
            deck.id,
            deck.cards.len(),
            deck.n_items()
        );
    }
    for failure in &library.failures {
        let first = failure
            .errors
            .first()
            .map_or_else(|| "failed to load".to_string(), |e| e.to_string());
        let more = failure.errors.len().saturating_sub(1);
        let more = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        let _ = writeln!(out, "failed    {first}{more}");
    }
    if library.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What `talkdeck import` was asked to do.
#[derive(Debug, Default)]
pub struct ImportRequest {
    pub file: PathBuf,
    pub replace: bool,
    pub id: Option<String>,
    pub name: Option<String>,
}

/// Why an import was refused: a message, or the file's errors.
#[derive(Debug)]
pub enum ImportError {
    Refused(String),
    Invalid(Vec<DeckError>),
}

/// What an import did: each deck and the file it was written to, and what the learner should know.
#[derive(Debug)]
pub struct Imported {
    pub decks: Vec<(Deck, PathBuf)>,
    pub notes: Vec<String>,
}

/// `talkdeck import FILE`, as the command line runs it: `note: …` lines, then `imported ID (N
/// cards, M items) to PATH` for each deck; or every error, and status 1.
pub fn run_import(
    data: &DataDir,
    request: &ImportRequest,
    out: &mut dyn std::io::Write,
) -> ExitCode {
    match import(data, request) {
        Ok(imported) => {
            for note in &imported.notes {
                let _ = writeln!(out, "note: {note}");
            }
            for (deck, target) in &imported.decks {
                let _ = writeln!(
                    out,
                    "imported {} ({} cards, {} items) to {}",
                    deck.id,
                    deck.cards.len(),
                    deck.n_items(),
                    target.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(ImportError::Refused(message)) => super::fail(&message),
        Err(ImportError::Invalid(errors)) => {
            for error in errors {
                eprintln!("{error}");
            }
            super::fail(&format!("{} was not imported", request.file.display()))
        }
    }
}

/// `talkdeck import FILE`: copies a valid `.ron` deck into the user's deck folder, or turns a
/// `.tsv` / `.txt` Anki export into new decks there (one per deck the file names). Nothing is
/// written unless every deck can be.
pub fn import(data: &DataDir, request: &ImportRequest) -> Result<Imported, ImportError> {
    let file = &request.file;
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let refused = |e: files::ReadError| ImportError::Refused(e.to_string());
    // Each deck with the bytes to write.
    let (decks, notes): (Vec<(Deck, Vec<u8>)>, Vec<String>) = match extension.as_str() {
        "ron" => {
            if request.id.is_some() || request.name.is_some() {
                return Err(ImportError::Refused(
                    "--id and --name apply to .tsv and .txt imports; edit the id and name inside a .ron deck"
                        .into(),
                ));
            }
            let deck = deck::load_file(file).map_err(ImportError::Invalid)?.deck;
            // Copy the file as written, comments and all.
            let bytes = files::read_limited(file, deck::MAX_FILE_BYTES).map_err(refused)?;
            (vec![(deck, bytes)], Vec::new())
        }
        "tsv" | "txt" => {
            let bytes = files::read_limited(file, deck::MAX_FILE_BYTES).map_err(refused)?;
            let origin = file.display().to_string();
            let text = utf8(&bytes, &origin).map_err(|e| ImportError::Invalid(vec![e]))?;
            let import = deck::from_tsv(
                text,
                &origin,
                request.id.as_deref(),
                request.name.as_deref(),
            )
            .map_err(ImportError::Invalid)?;
            let decks = import
                .decks
                .into_iter()
                .map(|d| {
                    let bytes = deck::to_ron_string(&d).into_bytes();
                    (d, bytes)
                })
                .collect();
            (decks, import.notes)
        }
        _ => {
            return Err(ImportError::Refused(format!(
                "{}: expected a .ron deck, or a .tsv / .txt file exported from Anki",
                file.display()
            )));
        }
    };
    // Every target is checked before anything is written.
    let library = Library::load(Some(&data.decks_dir()));
    let mut targets = Vec::with_capacity(decks.len());
    let several = decks.len() > 1;
    for (deck, _) in &decks {
        let target = match library.source(&deck.id) {
            Some(Source::BuiltIn(name)) => {
                let how = if several {
                    format!("rename the Anki deck {:?}", deck.name)
                } else {
                    "give your deck another id".into()
                };
                return Err(ImportError::Refused(format!(
                    "deck id {:?} belongs to the built-in deck {name}; {how}",
                    deck.id
                )));
            }
            Some(Source::User(existing)) if !request.replace => {
                return Err(ImportError::Refused(format!(
                    "a deck with id {:?} already exists ({}); use --replace to overwrite it",
                    deck.id,
                    existing.display()
                )));
            }
            Some(Source::User(existing)) => existing.clone(),
            None => data.decks_dir().join(format!("{}.ron", deck.id)),
        };
        if !request.replace && target.exists() {
            return Err(ImportError::Refused(format!(
                "{} already exists and does not hold deck {:?}; use --replace to overwrite it",
                target.display(),
                deck.id
            )));
        }
        targets.push(target);
    }
    let mut written = Vec::with_capacity(decks.len());
    for ((deck, bytes), target) in decks.into_iter().zip(targets) {
        write_atomic(&target, &bytes).map_err(|e| {
            ImportError::Refused(format!("{}: cannot write: {e}", target.display()))
        })?;
        crate::notice!(
            name: "talkdeck.deck",
            deck = deck.id.as_str(), cards = deck.cards.len();
            "imported deck {} from {} to {}", deck.id, file.display(), target.display()
        );
        written.push((deck, target));
    }
    Ok(Imported {
        decks: written,
        notes,
    })
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

/// `talkdeck export DECK [-o FILE]`: RON in the built-in decks' layout that parses back to the
/// same deck. Refuses to overwrite a file unless `force`.
pub fn export(
    data: &DataDir,
    id: &str,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn std::io::Write,
) -> Result<String, String> {
    let library = Library::load(Some(&data.decks_dir()));
    let Some(deck) = library.deck(id) else {
        let known: Vec<&str> = library.decks.iter().map(|(_, d)| d.id.as_str()).collect();
        return Err(format!(
            "no deck with id {id:?}; the decks are: {}",
            known.join(", ")
        ));
    };
    let text = deck::to_ron_string(deck);
    // The exported text must read back as the same deck; anything else is a bug, not a file to write.
    match deck::parse_str(&text, "export") {
        Ok(back) if &back == deck => {}
        _ => {
            return Err(format!(
                "deck {id:?} did not survive a round trip; nothing was written"
            ));
        }
    }
    match output {
        Some(path) => {
            let folder = match path.parent() {
                Some(folder) if !folder.as_os_str().is_empty() => folder,
                _ => Path::new("."),
            };
            if !folder.is_dir() {
                return Err(format!(
                    "{}: the folder {} does not exist",
                    path.display(),
                    folder.display()
                ));
            }
            if path.is_dir() {
                return Err(format!("{}: is a folder, not a file", path.display()));
            }
            if path.exists() && !force {
                return Err(format!(
                    "{} already exists; use --force to overwrite it",
                    path.display()
                ));
            }
            write_atomic(path, text.as_bytes())
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            Ok(format!(
                "exported {id} ({} cards) to {}",
                deck.cards.len(),
                path.display()
            ))
        }
        None => {
            out.write_all(text.as_bytes())
                .map_err(|e| format!("cannot write: {e}"))?;
            Ok(String::new())
        }
    }
}
