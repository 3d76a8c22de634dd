//! Saving a deck the learner edited in the app: the one place talkdeck writes over a deck file.
//!
//! A save writes [`to_ron_string`]'s text (the built-in decks' layout) and keeps what the learner's
//! file had around it: the lines before `Deck(` (its header comments), its line ends (CRLF stays
//! CRLF) and its byte-order mark. The text about to be written is checked by [`parse_str`](super::parse_str) first
//! and must read back as the deck: an invalid deck is never written. The file on disk must still be
//! the one the editor loaded ([`ContentHash`]), and its previous bytes are kept as `<file>.bak`.
//! Both writes are atomic ([`crate::files::write_atomic`]).
//!
//! What it does not keep: comments inside the deck (after `Deck(`) and the file's own layout of
//! the cards. [`comments_inside`] counts the comments a save would drop, so the app can ask first.
//! The check cannot be atomic with the rename: a program that writes the file in the milliseconds
//! between them loses its write. Anything written before the check is seen, and refused.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Deck, DeckError, MAX_FILE_BYTES, parse_bytes, to_ron_string};
use crate::files::{ReadError, read_limited, write_atomic};

/// The hash of a file's bytes as read, to tell whether it changed since (not a defence against
/// tampering). Stable across runs and versions ([`crate::files::fingerprint`]), so drafts can keep it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash(pub u64);

/// The [`ContentHash`] of `bytes`.
pub fn content_hash(bytes: &[u8]) -> ContentHash {
    ContentHash(crate::files::fingerprint(bytes))
}

/// Why a deck was not saved. Nothing was written in any case.
#[derive(Debug)]
pub enum SaveError {
    /// The file on disk is not the one the editor loaded: another program changed or removed it.
    Changed { path: PathBuf },
    /// A new deck's file already exists.
    Exists { path: PathBuf },
    /// The deck is not valid: every problem, at its place in the text that would have been written.
    Invalid(Vec<DeckError>),
    /// Reading or writing failed.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Changed { path } => write!(
                f,
                "{} was changed or removed by another program since talkdeck opened it; nothing \
                 was saved",
                path.display()
            ),
            SaveError::Exists { path } => write!(
                f,
                "{} already exists; nothing was saved (give the deck another id)",
                path.display()
            ),
            SaveError::Invalid(errors) => {
                match errors.first() {
                    Some(first) => write!(f, "the deck was not saved: {first}")?,
                    None => write!(f, "the deck was not saved")?,
                }
                match errors.len() {
                    0 | 1 => Ok(()),
                    2 => write!(f, " (and 1 more problem)"),
                    n => write!(f, " (and {} more problems)", n - 1),
                }
            }
            SaveError::Io { path, error } => {
                write!(f, "{}: cannot save: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for SaveError {}

/// A saved deck file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The hash of the bytes written: what the next save expects.
    pub hash: ContentHash,
    /// Where the previous version was kept (`<file>.bak`); `None` for a new file.
    pub backup: Option<PathBuf>,
}

/// Where a new deck with this id is saved: `<dir>/<id>.ron`.
pub fn new_deck_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.ron"))
}

/// Where a save keeps the previous version of `path`: `greet.ron` → `greet.ron.bak` (the library
/// loads only `*.ron`, so a backup is never loaded as a deck).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// The hash of the file at `path` now, or `None` when there is none: what a forced save (the
/// learner said to overwrite another program's change) passes to [`save_deck`].
pub fn current_hash(path: &Path) -> Result<Option<ContentHash>, SaveError> {
    match read_limited(path, MAX_FILE_BYTES) {
        Ok(bytes) => Ok(Some(content_hash(&bytes))),
        Err(err) if err.is_not_found() => Ok(None),
        Err(err) => Err(io_error(err)),
    }
}

/// Saves `deck` to `path`, in the style of the file there. `expected` is the hash of the file as
/// the editor loaded it ([`super::LoadedFile::hash`], [`super::Library::hash_of`]), or `None` for a
/// new file: the save is refused when the file on disk is not that one ([`SaveError::Changed`],
/// [`SaveError::Exists`]). The deck is checked first; the previous version is kept as
/// `<file>.bak`. Logs at INFO on success.
pub fn save_deck(
    path: &Path,
    deck: &Deck,
    expected: Option<ContentHash>,
) -> Result<Saved, SaveError> {
    let started = Instant::now();
    let old = read_expected(path, expected)?;
    let text = styled(deck, old.as_deref());
    let saved = write_checked(path, text.as_bytes(), deck, old)?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    crate::info!(
        name: "talkdeck.deck",
        deck = deck.id.as_str(), cards = deck.cards.len(), file = path.display(), ms = ms;
        "saved deck {} ({} cards) to {} in {ms:.1} ms", deck.id, deck.cards.len(), path.display()
    );
    Ok(saved)
}

/// Writes `bytes`, a deck file's whole text, to `path` as it is (an imported file keeps its
/// comments and layout), with [`save_deck`]'s guards: `bytes` must read back as `deck`, the file
/// on disk must be the one `expected` names (`None`: there is none), and the previous version is
/// kept as `<file>.bak`. Both writes are atomic. Logs nothing: the caller says what it did.
pub fn save_file(
    path: &Path,
    bytes: &[u8],
    deck: &Deck,
    expected: Option<ContentHash>,
) -> Result<Saved, SaveError> {
    let old = read_expected(path, expected)?;
    write_checked(path, bytes, deck, old)
}

/// Checks that `bytes` read back as `deck`, keeps `old` (the file's previous bytes) as
/// `<file>.bak`, and writes `bytes` to `path`.
fn write_checked(
    path: &Path,
    bytes: &[u8],
    deck: &Deck,
    old: Option<Vec<u8>>,
) -> Result<Saved, SaveError> {
    let origin = path.display().to_string();
    match parse_bytes(bytes, &origin) {
        Ok(back) if back == *deck => {}
        Ok(_) => {
            // Only text around the deck (a header with RON extensions) could do this.
            return Err(SaveError::Invalid(vec![DeckError::whole_file(
                &origin,
                "the deck would not read back as it is from the saved file",
            )]));
        }
        Err(errors) => return Err(SaveError::Invalid(errors)),
    }
    let write = |at: &Path, bytes: &[u8]| {
        write_atomic(at, bytes).map_err(|error| SaveError::Io {
            path: at.to_path_buf(),
            error,
        })
    };
    let backup = match &old {
        Some(old) => {
            let backup = backup_path(path);
            write(&backup, old)?;
            Some(backup)
        }
        None => None,
    };
    write(path, bytes)?;
    Ok(Saved {
        hash: content_hash(bytes),
        backup,
    })
}

/// The file's bytes, if it is the one expected: none for a new file, else the same hash.
fn read_expected(path: &Path, expected: Option<ContentHash>) -> Result<Option<Vec<u8>>, SaveError> {
    let changed = || SaveError::Changed {
        path: path.to_path_buf(),
    };
    let Some(expected) = expected else {
        return match std::fs::symlink_metadata(path) {
            Ok(_) => Err(SaveError::Exists {
                path: path.to_path_buf(),
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(SaveError::Io {
                path: path.to_path_buf(),
                error,
            }),
        };
    };
    match read_limited(path, MAX_FILE_BYTES) {
        Ok(bytes) if content_hash(&bytes) == expected => Ok(Some(bytes)),
        Ok(_) => Err(changed()),
        // Gone, or now something no deck file can be: not the file the editor loaded.
        Err(err) if err.is_not_found() => Err(changed()),
        Err(ReadError::NotAFile { .. } | ReadError::TooLarge { .. }) => Err(changed()),
        Err(err) => Err(io_error(err)),
    }
}

fn io_error(err: ReadError) -> SaveError {
    match err {
        ReadError::Io { path, error } => SaveError::Io { path, error },
        other => SaveError::Io {
            path: other.path().to_path_buf(),
            error: std::io::Error::other(other.reason()),
        },
    }
}

/// The text a save writes: the old file's byte-order mark and header, then the deck in the
/// built-in layout with the old file's line ends; a new file gets a short header of its own.
fn styled(deck: &Deck, old: Option<&[u8]>) -> String {
    let body = to_ron_string(deck);
    let Some(old) = old else {
        return format!("{}{body}", new_header(deck));
    };
    let old = String::from_utf8_lossy(old);
    let (bom, old) = match old.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", old.as_ref()),
    };
    let header = &old[..header_end(old)];
    let crlf = old.find('\n').is_some_and(|at| old[..at].ends_with('\r'));
    let mut text = String::with_capacity(bom.len() + header.len() + body.len() * 11 / 10);
    text.push_str(bom);
    text.push_str(header);
    if crlf {
        // The writer puts a line break in no string (it writes `\n`), so every one is a line end.
        text.push_str(&body.replace('\n', "\r\n"));
    } else {
        text.push_str(&body);
    }
    text
}

/// A new deck file's first lines, like the built-in decks'.
fn new_header(deck: &Deck) -> String {
    let one_line = |text: &str| -> String {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let mut title = one_line(&deck.name);
    if !deck.name_zh.is_empty() {
        title.push_str(" — ");
        title.push_str(&one_line(&deck.name_zh));
    }
    format!(
        "// talkdeck deck: {} — {title}.\n// Made in talkdeck's deck editor; the format is described \
         in data/decks/README.md.\n",
        one_line(&deck.id)
    )
}

/// Where the header ends in a deck file's text (without its byte-order mark): the start of the
/// line on which the deck's value (`Deck(`, or an unnamed `(`) begins; 0 when there is none.
fn header_end(text: &str) -> usize {
    let (root, comments) = crate::files::outline_with_comments(text);
    deck_line_start(text, &root, &comments)
}

fn deck_line_start(text: &str, root: &crate::files::Group, comments: &[Range<usize>]) -> usize {
    let bytes = text.as_bytes();
    // The deck is the first top-level `(`: a `#![enable(…)]` before it is a `[` group.
    let Some(open) = root
        .children
        .iter()
        .map(|g| g.open)
        .find(|&at| bytes.get(at) == Some(&b'('))
    else {
        return 0;
    };
    // The struct's name (`Deck`), unless what stands before the `(` ends a comment.
    let mut start = open;
    while start > 0 && bytes[start - 1].is_ascii_whitespace() {
        start -= 1;
    }
    if comments.iter().any(|c| c.start < start && start <= c.end) {
        start = open;
    }
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        start -= 1;
    }
    text[..start].rfind('\n').map_or(0, |at| at + 1)
}

/// How many comments in a deck file's text a save would drop: those from the line where the deck
/// begins (`Deck(`) on — the lines before it are kept. `//` and `/*` inside strings are not
/// comments.
pub fn comments_inside(text: &str) -> usize {
    let text = crate::files::clean_text(text);
    let (root, comments) = crate::files::outline_with_comments(&text);
    let kept = deck_line_start(&text, &root, &comments);
    comments.iter().filter(|c| c.start >= kept).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Card, parse_str};

    fn deck() -> Deck {
        Deck {
            format: 2,
            id: "greet".into(),
            name: "Greet".into(),
            name_zh: "打招呼".into(),
            description: String::new(),
            description_zh: String::new(),
            cards: vec![Card {
                id: "hi".into(),
                en: "Hi!".into(),
                zh: "嗨！".into(),
                situation: None,
                also: vec![],
                replies: vec![],
                notes: None,
                tags: vec![],
                audio: None,
            }],
        }
    }

    #[test]
    fn comments_inside_strings_are_not_counted_and_the_header_is_not_inside() {
        let text = "\u{feff}// header, kept\r\n/* kept too */\r\nDeck( // one\r\n    format: 2,\r\n    \
                    name: \"a // b /* c */\", /* two */\r\n    cards: [(en: 'x', zh: \"http://x\")],\r\n) \
                    // three\r\n";
        assert_eq!(comments_inside(text), 3);
        assert_eq!(comments_inside("Deck(id: \"// /* */\")"), 0);
        assert_eq!(comments_inside("// only a header\nDeck()"), 0);
        assert_eq!(
            comments_inside("#![enable(implicit_some)]\n// kept\nDeck(\n  // dropped\n)"),
            1
        );
        assert_eq!(
            comments_inside("/* same line */ Deck()"),
            1,
            "the line of `Deck(` is rewritten"
        );
    }

    #[test]
    fn the_header_is_the_lines_before_the_deck() {
        for (text, header) in [
            ("// a\n// b\nDeck(\n)", "// a\n// b\n"),
            ("Deck(\n)", ""),
            ("// a\n  Deck (\n)", "// a\n"),
            ("// a\r\n(\r\n)", "// a\r\n"),
            ("/* Deck */\n(\n)", "/* Deck */\n"),
            ("// x\n\n  Deck\n  (\n)", "// x\n\n"),
            (
                "#![enable(implicit_some)]\nDeck()",
                "#![enable(implicit_some)]\n",
            ),
            ("no deck here", ""),
        ] {
            assert_eq!(&text[..header_end(text)], header, "{text:?}");
        }
    }

    #[test]
    fn a_new_deck_gets_a_header_and_a_path_named_after_its_id() {
        let text = styled(&deck(), None);
        assert!(
            text.starts_with("// talkdeck deck: greet — Greet — 打招呼.\n// Made in talkdeck"),
            "{text}"
        );
        assert_eq!(comments_inside(&text), 0);
        assert_eq!(parse_str(&text, "new").unwrap(), deck());
        assert_eq!(
            new_deck_path(Path::new("/d/decks"), "greet"),
            Path::new("/d/decks/greet.ron")
        );
        assert_eq!(
            backup_path(Path::new("/d/decks/greet.ron")),
            Path::new("/d/decks/greet.ron.bak")
        );
    }

    #[test]
    fn messages_name_the_file() {
        let path = PathBuf::from("/d/greet.ron");
        let changed = SaveError::Changed { path: path.clone() }.to_string();
        assert!(changed.starts_with("/d/greet.ron was changed"), "{changed}");
        let invalid = SaveError::Invalid(vec![
            DeckError::at_line("/d/greet.ron", 9, 17, "zh is empty"),
            DeckError::at_line("/d/greet.ron", 12, 17, "en is empty"),
        ]);
        assert_eq!(
            invalid.to_string(),
            "the deck was not saved: /d/greet.ron:9:17: zh is empty (and 1 more problem)"
        );
    }
}
