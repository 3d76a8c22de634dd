//! Drafts: a deck being edited, saved aside every few seconds, so a crash while editing loses at
//! most those seconds; the app offers them back at its next start.
//!
//! Drafts belong to one computer: the caller passes a folder of this computer's (the store's
//! `DataDir::drafts_dir`, `devices/<name>/drafts/`), never the shared data folder, so two computers
//! sharing a sync folder never fight over one. A draft may hold a deck that is not valid yet (a
//! card without its Chinese): it is written with ron's own serializer, which writes any value, not
//! as a deck file. One file a draft, `<key>-<hash>.ron`, written atomically; the key is kept inside,
//! so any key works and two keys never share a file. A draft that cannot be read is reported at
//! WARNING and left where it is — never deleted — and the others load.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Deck, DeckError, MAX_FILE_BYTES};

/// The most a draft file may hold: a deck file's limit, four times over (ron's own layout is
/// larger than a deck file's, and a deck being edited may be over the limit for a while).
const MAX_DRAFT_BYTES: usize = 4 * MAX_FILE_BYTES;

/// A deck as it stands in the editor.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Draft {
    /// The deck file being edited; `None` for a deck not saved yet.
    pub file: Option<PathBuf>,
    /// The content hash (`ContentHash.0`) of the file when the editor loaded it, so the app can
    /// tell whether the file changed since.
    pub base: Option<u64>,
    /// The deck as edited, valid or not.
    pub deck: Deck,
    /// The id of the card being edited.
    pub card: Option<String>,
    /// When the draft was saved, in milliseconds since the Unix epoch.
    pub at: i64,
}

/// What a draft file holds: the draft and the key it was saved under.
#[derive(Serialize, Deserialize)]
struct DraftFile {
    key: String,
    draft: Draft,
}

/// The drafts in one folder.
#[derive(Clone, Debug)]
pub struct Drafts {
    dir: PathBuf,
}

impl Drafts {
    /// The drafts in `dir` (made when the first draft is saved).
    pub fn new(dir: impl Into<PathBuf>) -> Drafts {
        Drafts { dir: dir.into() }
    }

    /// Saves `draft` under `key` (any text: a deck file's path, a new deck's id), atomically,
    /// replacing the draft saved under the same key.
    pub fn save(&self, key: &str, draft: &Draft) -> io::Result<()> {
        let file = DraftFile {
            key: key.to_owned(),
            draft: draft.clone(),
        };
        let text = ron::to_string(&file).map_err(|err| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the draft cannot be written: {err}"),
            )
        })?;
        crate::files::write_atomic(&self.path_of(key), text.as_bytes())
    }

    /// Every draft that can be read, with its key, sorted by key. One that cannot be read is
    /// reported at WARNING with its position and left in place.
    pub fn load_all(&self) -> Vec<(String, Draft)> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Vec::new(),
            Err(err) => {
                crate::warning!(
                    name: "talkdeck.deck",
                    "{}: cannot read the drafts: {err}", self.dir.display()
                );
                return Vec::new();
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
        let mut drafts: Vec<(String, Draft)> = paths
            .into_iter()
            .filter_map(|path| match read(&path) {
                Ok(file) => Some((file.key, file.draft)),
                Err(problem) => {
                    crate::warning!(
                        name: "talkdeck.deck", file = path.display();
                        "{problem}; the draft is left where it is"
                    );
                    None
                }
            })
            .collect();
        drafts.sort_by(|a, b| a.0.cmp(&b.0));
        drafts
    }

    /// Removes the draft saved under `key` (the deck was saved, or the learner threw the draft
    /// away). No draft is not an error.
    pub fn remove(&self, key: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path_of(key)) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// `<the key's last 40 characters, made safe>-<the key's fingerprint>.ron`: readable, safe on
    /// every system (no separators, nothing case alone tells apart) and one file per key.
    fn path_of(&self, key: &str) -> PathBuf {
        let safe: Vec<char> = key
            .chars()
            .map(|c| match c {
                'a'..='z' | '0'..='9' | '-' | '_' => c,
                _ => '_',
            })
            .collect();
        let readable: String = safe[safe.len().saturating_sub(40)..].iter().collect();
        let hash = crate::files::fingerprint(key.as_bytes());
        self.dir.join(format!("{readable}-{hash:016x}.ron"))
    }
}

/// A draft file, or what is wrong with it (`file:line:column: message`).
fn read(path: &Path) -> Result<DraftFile, String> {
    let bytes = crate::files::read_limited(path, MAX_DRAFT_BYTES)
        .map_err(|err| format!("the draft cannot be read: {err}"))?;
    let origin = path.display().to_string();
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| format!("{origin}: the draft is not UTF-8 text"))?;
    ron::from_str(text).map_err(|err| {
        format!(
            "the draft cannot be read: {}",
            DeckError::from_ron(&origin, &err)
        )
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::deck::Card;
    use crate::logging::{self, HandlerOptions, Level, MemoryHandler};

    fn draft() -> Draft {
        Draft {
            file: Some(PathBuf::from("/data/decks/greet.ron")),
            base: Some(0xdead_beef),
            deck: Deck {
                format: 2,
                id: "greet".into(),
                name: "Say \"hi\"\\ r#\"raw\"#".into(),
                name_zh: "打招呼".into(),
                description: "Two\nlines\r\nand a tab\t, a bell \u{7}, nul \u{0}".into(),
                description_zh: String::new(),
                cards: vec![Card {
                    id: String::new(),
                    en: "It's {a|b}} broken".into(),
                    // An empty `zh`: being edited, not valid, still a draft.
                    zh: String::new(),
                    situation: Some("见面时 😀 /* not */ // a comment".into()),
                    also: vec!["\u{202e}".into()],
                    replies: vec![],
                    notes: Some(String::new()),
                    tags: vec!["Not An Id".into()],
                    audio: None,
                }],
            },
            card: Some(String::new()),
            at: -1,
        }
    }

    #[test]
    fn any_deck_round_trips_through_a_draft_and_a_draft_can_be_removed() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path().join("drafts"));
        assert_eq!(drafts.load_all(), [], "no folder, no drafts");
        let keys = [
            "/data/decks/greet.ron",
            "/data/decks/Greet.ron",
            "new deck ✓",
        ];
        for (n, key) in keys.iter().enumerate() {
            let mut d = draft();
            d.at = n as i64;
            drafts.save(key, &d).unwrap();
        }
        let mut expected: Vec<(String, Draft)> = keys
            .iter()
            .enumerate()
            .map(|(n, key)| {
                let mut d = draft();
                d.at = n as i64;
                (key.to_string(), d)
            })
            .collect();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(drafts.load_all(), expected, "keys differing in case only");

        let mut newer = draft();
        newer.file = None;
        newer.base = None;
        newer.card = None;
        drafts.save(keys[0], &newer).unwrap();
        drafts.remove(keys[1]).unwrap();
        drafts.remove(keys[1]).unwrap();
        let left = drafts.load_all();
        assert_eq!(left.len(), 2);
        assert_eq!(left[0], (keys[0].to_string(), newer), "replaced");
        let names: Vec<String> = std::fs::read_dir(dir.path().join("drafts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| n.ends_with(".ron") && !n.contains(' ')),
            "{names:?}"
        );
    }

    #[test]
    fn a_broken_draft_is_reported_with_its_position_and_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path());
        drafts.save("good", &draft()).unwrap();
        let broken = dir.path().join("broken-0000000000000000.ron");
        std::fs::write(&broken, "(key: \"broken\",\n draft: (file: None, oops))").unwrap();

        let memory = Arc::new(MemoryHandler::new(100, HandlerOptions::default()));
        let logger = logging::get_logger("talkdeck.deck");
        logger.add_handler(memory.clone());
        let loaded = drafts.load_all();
        logger.remove_handler(&(memory.clone() as Arc<dyn crate::logging::Handler>));

        assert_eq!(loaded, [("good".to_string(), draft())]);
        assert!(broken.exists(), "never deleted");
        let here = std::thread::current().name().map(str::to_owned);
        let warnings: Vec<String> = memory
            .snapshot()
            .into_iter()
            .filter(|r| r.level == Level::WARNING && Some(&*r.thread.name) == here.as_deref())
            .map(|r| r.message.clone())
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with(&format!(
                "the draft cannot be read: {}:2:",
                broken.display()
            )) && warnings[0].ends_with("; the draft is left where it is"),
            "{}",
            warnings[0]
        );
    }
}
