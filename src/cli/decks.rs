//! `talkdeck check`, `decks`, `import` and `export`: deck files on the command line.
//!
//! Every command reads decks through `deck` and writes only through `store::write_atomic`; a file
//! that fails to parse is reported, never touched. Output is plain text on stdout, one line per
//! result, so scripts can read it; failures make the exit status 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::deck::{self, Deck, DeckError, Library, Source};
use crate::store::{DataDir, write_atomic};

/// `talkdeck check FILE…`: `FILE: ok (N cards, M items)` or every error; status 1 if any file fails.
pub fn check(files: &[PathBuf], out: &mut dyn std::io::Write) -> ExitCode {
    let mut failed = false;
    for file in files {
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

/// `talkdeck import FILE`: copies a valid `.ron` deck into the user's deck folder, or turns a
/// `.tsv` / `.txt` Anki export into a new deck there. Returns where the deck was written.
pub fn import(
    data: &DataDir,
    request: &ImportRequest,
) -> Result<(Deck, PathBuf, Vec<String>), ImportError> {
    let file = &request.file;
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let (deck, bytes, notes) = match extension.as_str() {
        "ron" => {
            if request.id.is_some() || request.name.is_some() {
                return Err(ImportError::Refused(
                    "--id and --name apply to .tsv and .txt imports; edit the id and name inside a .ron deck"
                        .into(),
                ));
            }
            let deck = deck::load_file(file).map_err(ImportError::Invalid)?.deck;
            // Copy the file as written, comments and all.
            let bytes = std::fs::read(file).map_err(|e| {
                ImportError::Refused(format!("{}: cannot read: {e}", file.display()))
            })?;
            (deck, bytes, Vec::new())
        }
        "tsv" | "txt" => {
            let text = read_text(file)?;
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "imported".into());
            let id = request
                .id
                .clone()
                .unwrap_or_else(|| deck::slug(&stem).replace('-', "_"));
            let name = request.name.clone().unwrap_or_else(|| stem.clone());
            let import = deck::from_tsv(&text, &file.display().to_string(), &id, &name)
                .map_err(ImportError::Invalid)?;
            let bytes = deck::to_ron_string(&import.deck).into_bytes();
            (import.deck, bytes, import.notes)
        }
        _ => {
            return Err(ImportError::Refused(format!(
                "{}: expected a .ron deck, or a .tsv / .txt file exported from Anki",
                file.display()
            )));
        }
    };
    let library = Library::load(Some(&data.decks_dir()));
    let target = match library.source(&deck.id) {
        Some(Source::BuiltIn(name)) => {
            return Err(ImportError::Refused(format!(
                "deck id {:?} belongs to the built-in deck {name}; give your deck another id",
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
    write_atomic(&target, &bytes)
        .map_err(|e| ImportError::Refused(format!("{}: cannot write: {e}", target.display())))?;
    crate::notice!(
        name: "talkdeck.deck",
        deck = deck.id.as_str(), cards = deck.cards.len();
        "imported deck {} from {} to {}", deck.id, file.display(), target.display()
    );
    Ok((deck, target, notes))
}

fn read_text(file: &Path) -> Result<String, ImportError> {
    let meta = std::fs::metadata(file)
        .map_err(|e| ImportError::Refused(format!("{}: cannot read: {e}", file.display())))?;
    if meta.len() > deck::MAX_FILE_BYTES as u64 {
        return Err(ImportError::Refused(format!(
            "{}: the file is {} bytes; at most {} can be imported",
            file.display(),
            meta.len(),
            deck::MAX_FILE_BYTES
        )));
    }
    let bytes = std::fs::read(file)
        .map_err(|e| ImportError::Refused(format!("{}: cannot read: {e}", file.display())))?;
    String::from_utf8(bytes).map_err(|_| {
        ImportError::Refused(format!("{}: the file is not UTF-8 text", file.display()))
    })
}

/// `talkdeck export DECK [-o FILE]`: pretty RON that parses back to the same deck. Refuses to
/// overwrite a file unless `force`.
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
