//! The app's Import and Export forms under egui_kittest, drawn on their own over a scratch deck
//! folder: a path typed into the Import form, previewed, imported and replaced; a file dropped on
//! the window; a deck exported.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, Queryable};
use talkdeck::deck::{Library, backup_path, parse_str};
use talkdeck::store::Language;
use talkdeck::ui::{ExportForm, ImportForm, Transfer, TransferInput, labels, show_transfer};

const GOOD: &str = r#"// my first deck
Deck(
    format: 1,
    id: "cafe",
    name: "At the café",
    name_zh: "在咖啡馆",
    cards: [
        (id: "latte", en: "Can I get a latte, please?", zh: "我要一杯拿铁，谢谢。"),
        (id: "to-go", en: "To go, please.", zh: "打包带走，谢谢。"),
    ],
)
"#;

const BROKEN: &str =
    "Deck(\n    format: 1,\n    id: \"broken\"\n    name: \"Oops\",\n    cards: [],\n)\n";

struct State {
    transfer: Transfer,
    library: Library,
    decks: PathBuf,
    inputs: Vec<TransferInput>,
}

fn harness(transfer: Transfer, decks: &Path) -> Harness<'static, State> {
    let state = State {
        transfer,
        library: Library::load(Some(decks)),
        decks: decks.to_path_buf(),
        inputs: Vec::new(),
    };
    Harness::builder()
        .with_size(egui::vec2(900.0, 700.0))
        .with_context_setup(talkdeck::ui::install_fonts)
        .build_ui_state(
            |ui, s: &mut State| {
                let labels = labels(Language::English);
                if let Some(input) = show_transfer(
                    ui.ctx(),
                    &mut s.transfer,
                    &s.library,
                    &s.decks,
                    labels,
                    Language::English,
                ) {
                    s.inputs.push(input);
                }
            },
            state,
        )
}

fn import_form<'a>(h: &'a Harness<'static, State>) -> &'a ImportForm {
    match &h.state().transfer {
        Transfer::Import(form) => form,
        Transfer::Export(_) => panic!("the Import form is open"),
    }
}

/// A button whose label is exactly `label`.
fn exactly(label: &str) -> impl Fn(&AccessKitNode<'_>) -> bool + '_ {
    move |node| {
        node.role() == egui::accesskit::Role::Button && node.label().as_deref() == Some(label)
    }
}

/// The text field labelled `label`.
fn field(label: &str) -> impl Fn(&AccessKitNode<'_>) -> bool + '_ {
    move |node| {
        node.role() == egui::accesskit::Role::TextInput && node.label().as_deref() == Some(label)
    }
}

fn type_path(h: &mut Harness<'static, State>, path: &Path) {
    h.get_by(field("File")).focus();
    h.run();
    h.get_by(field("File"))
        .type_text(&path.display().to_string());
    h.run();
}

#[test]
fn a_typed_path_is_previewed_on_enter_imported_and_replaced_only_when_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    fs::create_dir(&decks).unwrap();
    let file = dir.path().join("cafe-deck.ron");
    fs::write(&file, GOOD).unwrap();

    let mut h = harness(Transfer::Import(ImportForm::new()), &decks);
    h.run();
    assert!(!import_form(&h).can_import(), "nothing to import yet");
    type_path(&mut h, &file);
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.query_by_label("At the café · 在咖啡馆").is_some());
    assert!(h.query_by_label("cafe · 2 cards").is_some());
    assert!(
        fs::read_dir(&decks).unwrap().next().is_none(),
        "a preview writes nothing"
    );
    assert!(import_form(&h).can_import());
    h.get_by(exactly("Import")).click();
    h.run();
    let target = decks.join("cafe.ron");
    assert_eq!(
        h.state().inputs,
        [TransferInput::Imported {
            id: "cafe".into(),
            path: target.clone()
        }]
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), GOOD);

    // The same id again: refused naming the deck, unless "Replace my deck" is ticked.
    let changed = GOOD.replace("At the café", "Café phrases");
    fs::write(&file, &changed).unwrap();
    let mut h = harness(Transfer::Import(ImportForm::new()), &decks);
    h.run();
    type_path(&mut h, &file);
    h.get_by(exactly("Preview")).click();
    h.run();
    assert!(
        h.query_by_label_contains("deck id \"cafe\" is already used by")
            .is_some()
    );
    assert!(!import_form(&h).can_import());
    h.get_by(exactly("Import")).click();
    h.run();
    assert!(h.state().inputs.is_empty(), "Import is off");
    h.get_by_label("Replace my deck").click();
    h.run();
    assert!(import_form(&h).can_import());
    h.get_by(exactly("Import")).click();
    h.run();
    assert_eq!(h.state().inputs.len(), 1);
    assert_eq!(fs::read_to_string(&target).unwrap(), changed);
    assert_eq!(fs::read_to_string(backup_path(&target)).unwrap(), GOOD);

    h.get_by(exactly("Close")).click();
    h.run();
    assert_eq!(h.state().inputs.last(), Some(&TransferInput::Close));
}

/// A file dropped on the window, as egui-winit hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_file_fills_the_path_and_shows_its_errors_at_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    fs::create_dir(&decks).unwrap();
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, BROKEN).unwrap();

    let mut h = harness(Transfer::Import(ImportForm::new()), &decks);
    h.run();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(broken.clone())));
    h.run();
    assert_eq!(import_form(&h).path, broken.display().to_string());
    assert!(
        h.query_by_label(&format!("{}:4:5: Expected comma", broken.display()))
            .is_some()
            || h.query_by_label_contains(":4:5: Expected comma").is_some(),
        "the error with its line and column"
    );
    assert!(!import_form(&h).can_import());
    assert!(!decks.join("broken.ron").exists());

    // A good file dropped next replaces the path and is previewed.
    let good = dir.path().join("cafe.ron");
    fs::write(&good, GOOD).unwrap();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(good.clone())));
    h.run();
    assert_eq!(import_form(&h).path, good.display().to_string());
    assert!(import_form(&h).can_import());
    assert!(h.query_by_label("cafe · 2 cards").is_some());
}

#[test]
fn export_writes_the_deck_and_asks_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    let mut form = ExportForm::new("greetings");
    assert!(form.path.ends_with("greetings.ron"), "{}", form.path);
    let out = dir.path().join("greetings.ron");
    form.path = out.display().to_string();
    let mut h = harness(Transfer::Export(form), &decks);
    h.run();
    h.get_by(exactly("Export")).click();
    h.run();
    let written = parse_str(&fs::read_to_string(&out).unwrap(), "out").unwrap();
    assert_eq!(Some(&written), h.state().library.deck("greetings"));
    assert!(
        h.query_by_label(&format!("Exported to {}", out.display()))
            .is_some()
    );

    // Another form for the same path: the file is there, so Export waits for Overwrite.
    let mut form = ExportForm::new("greetings");
    form.path = out.display().to_string();
    fs::write(&out, "keep me").unwrap();
    let mut h = harness(Transfer::Export(form), &decks);
    h.run();
    h.get_by(exactly("Export")).click();
    h.run();
    assert_eq!(fs::read_to_string(&out).unwrap(), "keep me");
    h.get_by_label("Overwrite the file that is there").click();
    h.run();
    h.get_by(exactly("Export")).click();
    h.run();
    assert_ne!(fs::read_to_string(&out).unwrap(), "keep me");
}
