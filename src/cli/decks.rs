//! `talkdeck check`, `decks`, `import` and `export`: deck files on the command line.
//!
//! Every command reads decks through `deck` (and the learner's files through `files`, which takes
//! only regular files, never past the size limit) and writes only through `deck::import`, which the
//! app's Import and Export forms use too (atomic writes; a replaced deck is kept as `.bak`); a file
//! that fails to parse is reported, never touched. Output is plain text on stdout, one line per
//! result, so scripts can read it; failures make the exit status 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use crate::deck::import::ImportError;
use crate::deck::import::{self, ExportProblem, Occupant};
use crate::deck::{self, Deck, Library, Source};
use crate::store::DataDir;

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
/// written unless every deck can be. Reading and checking are `deck::import`'s, as the app's.
pub fn import(data: &DataDir, request: &ImportRequest) -> Result<Imported, ImportError> {
    let file = &request.file;
    let decks_dir = data.decks_dir();
    let library = Library::load(Some(&decks_dir));
    let previews = import::preview_all(
        file,
        &decks_dir,
        &library,
        request.id.as_deref(),
        request.name.as_deref(),
    )?;
    // Every target is checked before anything is written.
    let several = previews.decks.len() > 1;
    for preview in &previews.decks {
        let deck = &preview.deck;
        match &preview.occupant {
            Some(Occupant::BuiltIn(name)) => {
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
            Some(Occupant::Deck(existing)) if !request.replace => {
                return Err(ImportError::Refused(format!(
                    "a deck with id {:?} already exists ({}); use --replace to overwrite it",
                    deck.id,
                    existing.display()
                )));
            }
            Some(Occupant::File(target)) if !request.replace => {
                return Err(ImportError::Refused(format!(
                    "{} already exists and does not hold deck {:?}; use --replace to overwrite it",
                    target.display(),
                    deck.id
                )));
            }
            _ => {}
        }
    }
    let mut written = Vec::with_capacity(previews.decks.len());
    for preview in &previews.decks {
        let target = import::write(preview, request.replace)?;
        written.push((preview.deck.clone(), target));
    }
    Ok(Imported {
        decks: written,
        notes: previews.notes,
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
            match import::export_problem(path) {
                Some(ExportProblem::Exists(_)) if force => {}
                Some(problem @ ExportProblem::Exists(_)) => {
                    return Err(format!("{problem}; use --force to overwrite it"));
                }
                Some(problem) => return Err(problem.to_string()),
                None => {}
            }
            import::export_to(deck, path, library.folder_of(id))
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
