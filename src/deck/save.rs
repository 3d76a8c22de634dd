//! PLACEHOLDER replaced by the file-saving branch: the same API, no atomicity.

use std::path::{Path, PathBuf};

use super::{Deck, DeckError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash(pub u64);

pub fn content_hash(bytes: &[u8]) -> ContentHash {
    ContentHash(bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    }))
}

#[derive(Debug)]
pub enum SaveError {
    Changed {
        path: PathBuf,
    },
    Exists {
        path: PathBuf,
    },
    Invalid(Vec<DeckError>),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Changed { path } => write!(f, "{} changed on disk", path.display()),
            SaveError::Exists { path } => write!(f, "{} exists", path.display()),
            SaveError::Invalid(errors) => write!(f, "{} problems", errors.len()),
            SaveError::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

pub struct Saved {
    pub hash: ContentHash,
    pub backup: Option<PathBuf>,
}

pub fn save_deck(
    path: &Path,
    deck: &Deck,
    expected: Option<ContentHash>,
) -> Result<Saved, SaveError> {
    let current = std::fs::read(path).ok();
    match (current.as_deref().map(content_hash), expected) {
        (Some(_), None) => {
            return Err(SaveError::Exists {
                path: path.to_owned(),
            });
        }
        (now, Some(expected)) if now != Some(expected) => {
            return Err(SaveError::Changed {
                path: path.to_owned(),
            });
        }
        _ => {}
    }
    let text = super::to_ron_string(deck);
    super::parse_str(&text, &path.display().to_string()).map_err(SaveError::Invalid)?;
    let io = |error| SaveError::Io {
        path: path.to_owned(),
        error,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, &text).map_err(io)?;
    Ok(Saved {
        hash: content_hash(text.as_bytes()),
        backup: None,
    })
}

pub fn comments_inside(text: &str) -> usize {
    text.matches("//").count()
}

pub fn new_deck_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.ron"))
}

pub enum Reloaded {
    Unchanged,
    Loaded {
        id: String,
    },
    Added {
        id: String,
    },
    Removed {
        id: String,
    },
    Broken {
        errors: Vec<DeckError>,
        kept: Option<String>,
    },
}

impl super::Library {
    pub fn hash_of(&self, path: &Path) -> Option<ContentHash> {
        std::fs::read(path).ok().map(|b| content_hash(&b))
    }

    pub fn reload(&mut self, path: &Path) -> Reloaded {
        let at = self
            .decks
            .iter()
            .position(|(s, _)| matches!(s, super::Source::User(p) if p == path));
        match (super::load_file(path), at) {
            (Ok(loaded), Some(i)) => {
                let id = loaded.deck.id.clone();
                self.decks[i].1 = loaded.deck;
                Reloaded::Loaded { id }
            }
            (Ok(loaded), None) => {
                let id = loaded.deck.id.clone();
                self.decks
                    .push((super::Source::User(path.to_owned()), loaded.deck));
                Reloaded::Added { id }
            }
            (Err(errors), at) => Reloaded::Broken {
                errors,
                kept: at.map(|i| self.decks[i].1.id.clone()),
            },
        }
    }
}
