//! `deck::import`, the core the app's Import and Export forms and `talkdeck import` / `export`
//! share: a preview reads and checks without writing; a write refuses an id in use unless the
//! learner's own deck is replaced (kept as `.bak`), never a built-in deck; an export reads back.

use std::fs;
use std::path::Path;

use talkdeck::deck::import::{self, ExportProblem, ImportError, Occupant};
use talkdeck::deck::{Library, backup_path, parse_str};

const GOOD: &str = r#"// my first deck
Deck(
    format: 1,
    id: "cafe",
    name: "At the café",
    name_zh: "在咖啡馆",
    cards: [
        (id: "latte", en: "Can I get a latte, please?", zh: "我要一杯拿铁，谢谢。", replies: ["Sure! For here or to go?"]),
        (id: "to-go", en: "To go, please.", zh: "打包带走，谢谢。"),
    ],
)
"#;

const BROKEN: &str =
    "Deck(\n    format: 1,\n    id: \"broken\"\n    name: \"Oops\",\n    cards: [],\n)\n";

/// Anki's "Notes in Plain Text": the same English twice, so a note is folded into another.
const ANKI: &str = "#separator:tab\n#html:true\nHow's it going?\t最近还好吗？\tgreeting\n\
                    See you later!\t回头见！\t\nSee you later!\t再见！\t\n";

/// A scratch folder with a `decks` folder inside, and the library over it.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("decks")).unwrap();
        Setup { dir }
    }

    fn decks(&self) -> std::path::PathBuf {
        self.dir.path().join("decks")
    }

    fn library(&self) -> Library {
        Library::load(Some(&self.decks()))
    }

    fn file(&self, name: &str, text: &str) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, text).unwrap();
        path
    }

    fn deck_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.decks())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

#[test]
fn a_ron_deck_is_previewed_without_writing_then_copied_as_written() {
    let s = Setup::new();
    let file = s.file("cafe-deck.ron", GOOD);
    let preview = import::preview(&file, &s.decks(), &s.library(), None, None).unwrap();
    assert_eq!(preview.deck.id, "cafe");
    assert_eq!(preview.deck.name_zh, "在咖啡馆");
    assert_eq!(preview.deck.cards.len(), 2);
    assert_eq!(preview.target, s.decks().join("cafe.ron"));
    assert!(preview.skipped.is_empty() && preview.conflict.is_none());
    assert!(!preview.can_replace() && !preview.is_blocked(false));
    assert!(s.deck_files().is_empty(), "a preview writes nothing");

    let written = import::write(&preview, false).unwrap();
    assert_eq!(written, s.decks().join("cafe.ron"));
    assert_eq!(
        fs::read_to_string(&written).unwrap(),
        GOOD,
        "comments and all"
    );
    assert_eq!(s.deck_files(), ["cafe.ron"], "no .bak for a new deck");
    assert!(s.library().deck("cafe").is_some());
}

#[test]
fn an_anki_export_is_previewed_with_what_it_leaves_out() {
    let s = Setup::new();
    let file = s.file("Small Talk.txt", ANKI);
    let preview = import::preview(&file, &s.decks(), &s.library(), None, None).unwrap();
    assert_eq!(preview.deck.id, "small_talk");
    assert_eq!(preview.deck.name, "Small Talk");
    assert_eq!(preview.deck.cards.len(), 3);
    assert!(
        preview
            .skipped
            .iter()
            .any(|n| n.contains("the same English")),
        "{:?}",
        preview.skipped
    );
    assert!(
        preview.warnings[0]
            .to_string()
            .contains("have the same English \"See you later!\""),
        "{:?}",
        preview.warnings
    );
    let written = import::write(&preview, false).unwrap();
    let deck = parse_str(&fs::read_to_string(written).unwrap(), "x").unwrap();
    assert_eq!(deck, preview.deck);

    // With --id and --name, as the command line passes them.
    let named =
        import::preview(&file, &s.decks(), &s.library(), Some("chat"), Some("Chat")).unwrap();
    assert_eq!(
        (named.deck.id.as_str(), named.deck.name.as_str()),
        ("chat", "Chat")
    );
    assert!(named.conflict.is_none());
}

#[test]
fn an_invalid_file_gives_its_errors_at_line_and_column_and_writes_nothing() {
    let s = Setup::new();
    let file = s.file("invalid.ron", BROKEN);
    let Err(ImportError::Invalid(errors)) =
        import::preview(&file, &s.decks(), &s.library(), None, None)
    else {
        panic!("an invalid deck is not previewed");
    };
    assert_eq!((errors[0].line, errors[0].column), (4, 5));
    assert!(
        errors[0]
            .to_string()
            .starts_with(&format!("{}:4:5: Expected comma", file.display())),
        "{}",
        errors[0]
    );
    assert!(s.deck_files().is_empty());

    let other = s.file("notes.pdf", "x");
    let Err(ImportError::Refused(message)) =
        import::preview(&other, &s.decks(), &s.library(), None, None)
    else {
        panic!("not a deck");
    };
    assert!(message.contains("expected a .ron deck"), "{message}");
    let bad_tsv = s.file("bad.txt", "Hi\t[sound:ni_hao.mp3]\n");
    let Err(ImportError::Invalid(errors)) =
        import::preview(&bad_tsv, &s.decks(), &s.library(), None, None)
    else {
        panic!("a note without text is an error");
    };
    assert_eq!((errors[0].line, errors[0].column), (1, 4));
    assert!(s.deck_files().is_empty());
}

#[test]
fn an_id_in_use_is_refused_naming_the_deck_unless_the_learners_deck_is_replaced() {
    let s = Setup::new();
    fs::write(s.decks().join("cafe.ron"), GOOD).unwrap();
    let changed = GOOD.replace("At the café", "Café phrases");
    let file = s.file("cafe-new.ron", &changed);
    let preview = import::preview(&file, &s.decks(), &s.library(), None, None).unwrap();
    let existing = s.decks().join("cafe.ron");
    assert_eq!(preview.occupant, Some(Occupant::Deck(existing.clone())));
    assert_eq!(preview.target, existing);
    let conflict = preview.conflict.clone().unwrap();
    assert!(
        conflict.contains("deck id \"cafe\" is already used by")
            && conflict.contains(&existing.display().to_string()),
        "{conflict}"
    );
    assert!(preview.can_replace() && preview.is_blocked(false));

    let Err(ImportError::Refused(message)) = import::write(&preview, false) else {
        panic!("refused without replace");
    };
    assert_eq!(message, conflict);
    assert_eq!(fs::read_to_string(&existing).unwrap(), GOOD, "untouched");

    assert_eq!(import::write(&preview, true).unwrap(), existing);
    assert_eq!(fs::read_to_string(&existing).unwrap(), changed);
    assert_eq!(
        fs::read_to_string(backup_path(&existing)).unwrap(),
        GOOD,
        "the replaced deck is kept as .bak"
    );
    assert_eq!(s.library().deck("cafe").unwrap().name, "Café phrases");

    // The preview is now stale: the file it would replace changed since.
    let Err(ImportError::Refused(message)) = import::write(&preview, true) else {
        panic!("a file changed since the preview is not overwritten");
    };
    assert!(message.contains("was changed or removed"), "{message}");
}

#[test]
fn a_built_in_deck_is_never_replaced() {
    let s = Setup::new();
    let file = s.file("mine.ron", &GOOD.replace("\"cafe\"", "\"jobs\""));
    let preview = import::preview(&file, &s.decks(), &s.library(), None, None).unwrap();
    assert_eq!(preview.occupant, Some(Occupant::BuiltIn("jobs")));
    assert!(!preview.can_replace());
    assert!(preview.is_blocked(true));
    assert!(
        preview
            .conflict
            .as_deref()
            .unwrap()
            .contains("is already used by the built-in deck jobs"),
        "{:?}",
        preview.conflict
    );
    for replace in [false, true] {
        let Err(ImportError::Refused(message)) = import::write(&preview, replace) else {
            panic!("a built-in deck is never replaced");
        };
        assert!(message.contains("built-in deck jobs"), "{message}");
    }
    assert!(s.deck_files().is_empty());
}

#[test]
fn a_file_in_the_way_that_holds_no_deck_is_replaced_only_when_asked() {
    let s = Setup::new();
    fs::write(s.decks().join("cafe.ron"), BROKEN).unwrap();
    let file = s.file("cafe-deck.ron", GOOD);
    let preview = import::preview(&file, &s.decks(), &s.library(), None, None).unwrap();
    let target = s.decks().join("cafe.ron");
    assert_eq!(preview.occupant, Some(Occupant::File(target.clone())));
    assert!(
        preview
            .conflict
            .as_deref()
            .unwrap()
            .contains("does not hold deck \"cafe\"")
    );
    assert!(import::write(&preview, false).is_err());
    import::write(&preview, true).unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), GOOD);
    assert_eq!(fs::read_to_string(backup_path(&target)).unwrap(), BROKEN);
}

#[test]
fn a_file_naming_several_decks_is_previewed_whole_but_not_one_at_a_time() {
    let s = Setup::new();
    let text = "#separator:tab\n#deck column:3\n\
                a\tBasic\tSmall Talk\tHello\t你好\n\
                b\tBasic\tWork\tWhat do you do?\t你是做什么的？\n";
    let file = s.file("collection.txt", text);
    let all = import::preview_all(&file, &s.decks(), &s.library(), None, None).unwrap();
    assert_eq!(all.decks.len(), 2);
    let Err(ImportError::Refused(message)) =
        import::preview(&file, &s.decks(), &s.library(), None, None)
    else {
        panic!("several decks");
    };
    assert!(message.contains("holds 2 decks"), "{message}");
}

#[test]
fn an_export_reads_back_as_the_deck() {
    let s = Setup::new();
    let library = s.library();
    for (_, deck) in &library.decks {
        let path = s.dir.path().join(format!("{}.ron", deck.id));
        assert_eq!(import::export_problem(&path), None);
        import::export_to(deck, &path, None).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(&parse_str(&text, "exported").unwrap(), deck);
        assert_eq!(
            import::export_problem(&path),
            Some(ExportProblem::Exists(path.clone()))
        );
    }
    let nowhere = s.dir.path().join("no-such-folder").join("x.ron");
    assert!(matches!(
        import::export_problem(&nowhere),
        Some(ExportProblem::NoFolder { .. })
    ));
    assert_eq!(
        import::export_problem(&s.decks()),
        Some(ExportProblem::IsFolder(s.decks()))
    );
    assert!(import::export_to(library.deck("greetings").unwrap(), &nowhere, None).is_err());
    assert!(!Path::new(&nowhere).exists());
}

/// A `.ron` deck whose id is taken can be imported under another id and name: it is then written
/// in talkdeck's layout, checked as any deck is; an invalid id is an error before anything is
/// written.
#[test]
fn a_ron_deck_whose_id_is_taken_is_imported_under_another_id() {
    let setup = Setup::new();
    let file = setup.file("cafe.ron", GOOD);
    let first = import::preview(&file, &setup.decks(), &setup.library(), None, None).unwrap();
    import::write(&first, false).unwrap();
    let again = import::preview(&file, &setup.decks(), &setup.library(), None, None).unwrap();
    assert!(again.is_blocked(false), "the id is taken");

    let bad = import::preview(
        &file,
        &setup.decks(),
        &setup.library(),
        Some("Café 2"),
        None,
    );
    assert!(matches!(bad, Err(ImportError::Invalid(_))), "{bad:?}");
    assert_eq!(setup.deck_files(), ["cafe.ron"], "nothing written");

    let other = import::preview(
        &file,
        &setup.decks(),
        &setup.library(),
        Some("cafe-2"),
        Some("At the café, again"),
    )
    .unwrap();
    assert!(!other.is_blocked(false));
    let path = import::write(&other, false).unwrap();
    assert_eq!(path, setup.decks().join("cafe-2.ron"));
    let written = parse_str(&fs::read_to_string(&path).unwrap(), "cafe-2.ron").unwrap();
    assert_eq!(written.id, "cafe-2");
    assert_eq!(written.name, "At the café, again");
    assert_eq!(written.cards.len(), 2);
}
