//! The Decks screen acting on cards and decks, under egui_kittest: copying a built-in deck with its
//! progress, filtering by mark, acting on chosen cards, moving cards with their progress, deleting
//! with a confirmation.

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use talkdeck::deck::{Direction, ItemId, load_file};
use talkdeck::srs::Rating;
use talkdeck::store::{Mark, StudyMode};
use talkdeck::ui::{HomeView, TalkdeckApp};

use support::{Folder, NOW, button, exactly, harness};

fn click(h: &mut Harness<'static, TalkdeckApp>, label: &str) {
    h.get_by(exactly(label)).click();
    h.run();
}

/// Two decks of the learner's own: `a` with cards one and two, `b` with three.
fn two_decks(folder: &Folder) {
    let dir = folder.data().decks_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let deck = |id: &str, cards: &[(&str, &str, &str)]| {
        let cards: String = cards
            .iter()
            .map(|(id, en, zh)| format!("(id: \"{id}\", en: \"{en}\", zh: \"{zh}\"),\n"))
            .collect();
        std::fs::write(
            dir.join(format!("{id}.ron")),
            format!("Deck(format: 2, id: \"{id}\", name: \"Deck {id}\", cards: [\n{cards}])\n"),
        )
        .unwrap();
    };
    deck("a", &[("one", "One", "一"), ("two", "Two", "二")]);
    deck("b", &[("three", "Three", "三")]);
}

/// The progress came along whole: memory, phase, history and due date (the fuzz is seeded by the
/// item's first name, so even the day is the same).
fn assert_carried(new: &talkdeck::srs::ItemState, old: &talkdeck::srs::ItemState) {
    assert_eq!(new, old);
}

/// Ticks the box in front of the card whose English is `en`.
fn choose(h: &mut Harness<'static, TalkdeckApp>, deck: &str, card: &str) {
    // The boxes have no label of their own; the screen's state is what they change.
    let mut chosen = h.state().decks().chosen.clone();
    chosen.insert((deck.into(), card.into()));
    h.state_mut().decks_mut().chosen = chosen;
    h.run();
}

#[test]
fn a_built_in_deck_is_copied_with_its_progress_and_hidden_until_shown_again() {
    let folder = Folder::new();
    let mut model = folder.model();
    let old = ItemId::new("greetings", "hi", Direction::Produce);
    model
        .store
        .answer(&old, Rating::Good, 3_000, StudyMode::Flip, NOW)
        .unwrap();
    let progress = model.store.state(&old);
    let mut h = harness(model);
    click(&mut h, "Decks");
    click(&mut h, "Copy to my decks");
    // The modal's button, drawn last.
    h.query_all_by(exactly("Copy to my decks"))
        .last()
        .unwrap()
        .click();
    h.run();
    let path = folder.data().decks_dir().join("greetings-mine.ron");
    let copy = load_file(&path).unwrap().deck;
    assert_eq!(copy.name, "Greetings (mine)");
    assert_eq!(copy.cards.len(), 32);
    let new = ItemId::new("greetings-mine", "hi", Direction::Produce);
    let store = &h.state().model().store;
    assert_carried(&store.state(&new), &progress);
    assert!(store.is_deck_hidden("greetings"));
    let home = HomeView::compute(h.state().model(), NOW);
    assert!(
        home.decks.iter().all(|d| d.id != "greetings"),
        "not offered on Home"
    );
    assert!(home.decks.iter().any(|d| d.id == "greetings-mine"));
    assert!(
        h.query_by(exactly("Edit deck")).is_some(),
        "the copy can be edited"
    );

    // Shown again from the Decks screen.
    h.get_by(button("Greetings\n打招呼")).click();
    h.run();
    click(&mut h, "Show in study");
    assert!(!h.state().model().store.is_deck_hidden("greetings"));
    drop(h);
    let model = folder.model();
    assert!(
        !model.store.is_deck_hidden("greetings"),
        "kept in the journal"
    );
    assert_carried(&model.store.state(&new), &progress);
}

#[test]
fn the_suspended_filter_lists_them_across_decks_and_chosen_cards_are_unsuspended() {
    let folder = Folder::new();
    two_decks(&folder);
    let mut model = folder.model();
    let two = ItemId::new("a", "two", Direction::Produce);
    model
        .store
        .mark(std::slice::from_ref(&two), Mark::Suspend, NOW)
        .unwrap();
    let mut h = harness(model);
    click(&mut h, "Decks");
    h.get_by(|n| {
        n.role() == eframe::egui::accesskit::Role::Button
            && n.label().as_deref() == Some("Suspended")
    })
    .click();
    h.run();
    let shown = &h.state().decks();
    assert!(shown.across_decks());
    assert!(h.query_by_label("Two").is_some());
    assert!(h.query_by_label("One").is_none(), "only the suspended card");
    choose(&mut h, "a", "two");
    click(&mut h, "Unsuspend");
    assert!(!h.state().model().store.marks(&two).suspended);
    assert!(
        h.state().decks().chosen.is_empty(),
        "the card left the list, so it is no longer chosen"
    );
    assert!(h.query_by_label_contains("Unsuspend: 1 card.").is_some());
}

#[test]
fn moving_cards_keeps_their_progress_and_deleting_asks_first() {
    let folder = Folder::new();
    two_decks(&folder);
    let mut model = folder.model();
    let one = ItemId::new("a", "one", Direction::Recognise);
    model
        .store
        .answer(&one, Rating::Easy, 2_000, StudyMode::Flip, NOW)
        .unwrap();
    let progress = model.store.state(&one);
    let mut h = harness(model);
    click(&mut h, "Decks");
    h.get_by(button("Deck a")).click();
    h.run();
    choose(&mut h, "a", "one");
    click(&mut h, "Move to");
    // The menu's entry, drawn after the deck list.
    h.query_all_by(exactly("Deck b")).last().unwrap().click();
    h.run();
    let decks = folder.data().decks_dir();
    let a = load_file(&decks.join("a.ron")).unwrap().deck;
    let b = load_file(&decks.join("b.ron")).unwrap().deck;
    assert_eq!(a.cards.len(), 1);
    assert_eq!(b.cards.len(), 2);
    assert!(
        decks.join("a.ron.bak").exists(),
        "the previous version kept"
    );
    let moved = ItemId::new("b", "one", Direction::Recognise);
    assert_carried(&h.state().model().store.state(&moved), &progress);

    choose(&mut h, "b", "three");
    click(&mut h, "Delete");
    assert!(
        h.query_by_label_contains("Their answers stay in the journal")
            .is_some()
    );
    h.query_all_by(exactly("Delete")).last().unwrap().click();
    h.run();
    let b = load_file(&decks.join("b.ron")).unwrap().deck;
    assert_eq!(
        b.cards.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["one"]
    );
}

/// A dropped file, as the window system hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl eframe::egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_deck_dropped_on_the_window_is_previewed_then_imported_and_shown() {
    let folder = Folder::new();
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("cafe.ron");
    std::fs::write(
        &file,
        "Deck(format: 2, id: \"cafe\", name: \"Café\", cards: [\n\
         (id: \"latte\", en: \"A latte, please.\", zh: \"请给我一杯拿铁。\"),\n])\n",
    )
    .unwrap();
    let mut h = harness(folder.model());
    click(&mut h, "Decks");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(file.clone())));
    h.run();
    assert!(
        h.query_by_label_contains("Café").is_some(),
        "the preview names the deck"
    );
    assert!(
        !folder.data().decks_dir().join("cafe.ron").exists(),
        "nothing written before Import"
    );
    h.query_all_by(exactly("Import")).last().unwrap().click();
    h.run();
    assert!(folder.data().decks_dir().join("cafe.ron").exists());
    assert!(h.state().model().library.deck("cafe").is_some());
    assert_eq!(h.state().decks().selected.as_deref(), Some("cafe"));
    assert!(
        h.query_by_label("A latte, please.").is_some(),
        "listed at once"
    );
}

#[test]
fn a_deck_is_exported_to_a_chosen_path_that_reads_back_the_same() {
    let folder = Folder::new();
    two_decks(&folder);
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("a-export.ron");
    let mut h = harness(folder.model());
    click(&mut h, "Decks");
    h.get_by(button("Deck a")).click();
    h.run();
    click(&mut h, "Export…");
    let path_field = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.role() == eframe::egui::accesskit::Role::TextInput && n.label().as_deref() == Some("File")
    };
    h.get_by(path_field).focus();
    h.run();
    // Select what the field suggests, and type over it.
    h.key_combination_modifiers(eframe::egui::Modifiers::COMMAND, &[eframe::egui::Key::A]);
    h.run();
    h.get_by(path_field)
        .type_text(&target.display().to_string());
    h.run();
    h.query_all_by(exactly("Export")).last().unwrap().click();
    h.run();
    let exported = load_file(&target).unwrap().deck;
    assert_eq!(&exported, h.state().model().library.deck("a").unwrap());
}
