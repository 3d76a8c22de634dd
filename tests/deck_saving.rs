//! Saving a deck edited in the app: the file keeps its style, the previous version is kept as
//! `<file>.bak`, and nothing is written over a file another program changed or for a deck that is
//! not valid. ARCHITECTURE.md's invariant on deck files points here.

use std::fs;
use std::path::{Path, PathBuf};

use talkdeck::deck::{
    self, Card, Library, Reloaded, SaveError, comments_inside, content_hash, current_hash,
    save_deck,
};

/// A deck as a Windows editor writes it: a byte-order mark, CRLF, header comments, a comment in
/// the body, and comment-like text in strings.
const HAND_WRITTEN: &str = "\u{feff}// My café deck\r\n// by me /* with care */\r\n\r\nDeck(\r\n    \
    format: 2,\r\n    id: \"cafe\",\r\n    name: \"At the café\",\r\n    cards: [\r\n        // the \
    first one\r\n        (id: \"latte\", en: \"A latte, please. // not a comment\", zh: \"我要一杯拿铁。\"),\r\n    \
    ],\r\n)\r\n";

fn card(id: &str, en: &str, zh: &str) -> Card {
    Card::new(id, en, zh)
}

/// Every name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn hand_written(dir: &Path) -> (PathBuf, deck::LoadedFile) {
    let path = dir.join("cafe.ron");
    fs::write(&path, HAND_WRITTEN).unwrap();
    let loaded = deck::load_file(&path).unwrap();
    (path, loaded)
}

#[test]
fn a_save_keeps_the_header_bom_and_crlf_and_reads_back_as_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let (path, loaded) = hand_written(dir.path());
    assert_eq!(loaded.hash, content_hash(HAND_WRITTEN.as_bytes()));
    assert_eq!(
        comments_inside(HAND_WRITTEN),
        1,
        "the comment in the body is dropped; those in strings are not comments"
    );
    let mut edited = loaded.deck.clone();
    edited
        .cards
        .push(card("to-go", "To go, \"please\".\\", "打包带走，谢谢。"));

    let saved = save_deck(&path, &edited, Some(loaded.hash)).unwrap();

    let bytes = fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.starts_with("\u{feff}// My café deck\r\n// by me /* with care */\r\n\r\nDeck(\r\n"),
        "{text}"
    );
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "every line ends in CRLF: {text:?}"
    );
    assert_eq!(
        deck::parse_bytes(&bytes, "saved").unwrap(),
        edited,
        "reads back as the deck"
    );
    assert_eq!(saved.hash, content_hash(&bytes));
    let backup = dir.path().join("cafe.ron.bak");
    assert_eq!(saved.backup.as_deref(), Some(backup.as_path()));
    assert_eq!(fs::read(&backup).unwrap(), HAND_WRITTEN.as_bytes());
    assert_eq!(comments_inside(&text), 0, "nothing more to lose");

    // Saving again from the new hash: the backup is now the first save.
    edited.name = "Café".into();
    let again = save_deck(&path, &edited, Some(saved.hash)).unwrap();
    assert_eq!(fs::read(&backup).unwrap(), bytes);
    assert_eq!(again.hash, content_hash(&fs::read(&path).unwrap()));
    assert_eq!(
        names(dir.path()),
        ["cafe.ron", "cafe.ron.bak"],
        "no temporary file left"
    );
}

#[test]
fn a_file_changed_or_removed_since_it_was_loaded_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, loaded) = hand_written(dir.path());
    let outside = HAND_WRITTEN.replace("At the café", "Coffee");
    fs::write(&path, &outside).unwrap();

    let err = save_deck(&path, &loaded.deck, Some(loaded.hash)).unwrap_err();
    assert!(
        matches!(&err, SaveError::Changed { path: p } if *p == path),
        "{err:?}"
    );
    assert!(err.to_string().contains("cafe.ron was changed"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), outside, "untouched");
    assert_eq!(
        names(dir.path()),
        ["cafe.ron"],
        "no backup, no temporary file"
    );

    // The learner said to overwrite: the save passes the hash on disk now.
    let now = current_hash(&path).unwrap();
    assert_eq!(now, Some(content_hash(outside.as_bytes())));
    save_deck(&path, &loaded.deck, now).unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("cafe.ron.bak")).unwrap(),
        outside,
        "the outside version is the backup"
    );

    // Gone: refused, and nothing made.
    let hash = current_hash(&path).unwrap();
    fs::remove_file(&path).unwrap();
    let err = save_deck(&path, &loaded.deck, hash).unwrap_err();
    assert!(matches!(err, SaveError::Changed { .. }), "{err:?}");
    assert!(!path.exists());

    // A new deck over a file that is there: refused.
    let other = dir.path().join("cafe.ron.bak");
    let before = fs::read(&other).unwrap();
    let err = save_deck(&other, &loaded.deck, None).unwrap_err();
    assert!(matches!(err, SaveError::Exists { .. }), "{err:?}");
    assert_eq!(fs::read(&other).unwrap(), before);
}

#[test]
fn an_invalid_deck_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, loaded) = hand_written(dir.path());
    let mut edited = loaded.deck.clone();
    edited.cards.push(card("half-done", "Thanks!", ""));

    let err = save_deck(&path, &edited, Some(loaded.hash)).unwrap_err();
    let SaveError::Invalid(errors) = &err else {
        panic!("{err:?}")
    };
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages, ["zh is empty"]);
    assert!(
        err.to_string()
            .starts_with(&format!("the deck was not saved: {}:", path.display())),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), HAND_WRITTEN);
    assert_eq!(names(dir.path()), ["cafe.ron"]);

    let new = dir.path().join("new.ron");
    assert!(matches!(
        save_deck(&new, &edited, None),
        Err(SaveError::Invalid(_))
    ));
    assert!(!new.exists());
}

#[test]
fn a_new_deck_gets_its_own_file_with_a_header_and_a_backup_is_never_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let (path, loaded) = hand_written(dir.path());
    save_deck(&path, &loaded.deck, Some(loaded.hash)).unwrap();
    let mut new = loaded.deck.clone();
    new.id = "tea".into();
    new.name = "Tea".into();
    let tea = deck::new_deck_path(dir.path(), "tea");
    let saved = save_deck(&tea, &new, None).unwrap();
    assert_eq!(saved.backup, None);
    let text = fs::read_to_string(&tea).unwrap();
    assert!(text.starts_with("// talkdeck deck: tea — Tea.\n"), "{text}");
    assert!(!text.contains('\r'), "a new file has LF line ends");

    let library = Library::load(Some(dir.path()));
    let ids: Vec<&str> = library
        .decks
        .iter()
        .filter(|(source, _)| matches!(source, deck::Source::User(_)))
        .map(|(_, d)| d.id.as_str())
        .collect();
    assert_eq!(ids, ["cafe", "tea"], "cafe.ron.bak is not a deck");
    assert_eq!(library.failures, []);
    assert_eq!(library.hash_of(&tea), Some(saved.hash));
    assert_eq!(library.changed_files(dir.path()), Vec::<PathBuf>::new());
    let mut library = library;
    assert_eq!(
        library.reload(&dir.path().join("cafe.ron.bak")),
        Reloaded::Unchanged
    );
}
