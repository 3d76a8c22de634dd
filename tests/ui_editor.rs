//! The learner's own decks in the app, under egui_kittest: a new deck and its cards, the editor's
//! checks, quick add, deleting, and the question asked before unsaved changes are left behind.

mod support;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, NodeT, Queryable};
use talkdeck::deck::{Direction, ItemId, load_file};
use talkdeck::srs::{Phase, Rating};
use talkdeck::store::StudyMode;
use talkdeck::ui::{Leave, Screen, TalkdeckApp};

use support::{Folder, NOW, button, exactly, harness};

/// The text field labelled `label`.
fn field(label: &str) -> impl Fn(&AccessKitNode<'_>) -> bool + '_ {
    move |node| {
        matches!(
            node.role(),
            egui::accesskit::Role::TextInput | egui::accesskit::Role::MultilineTextInput
        ) && node.label().as_deref() == Some(label)
    }
}

/// Types `text` into the field labelled `label`, after what it holds.
fn type_into(h: &mut Harness<'static, TalkdeckApp>, label: &str, text: &str) {
    h.get_by(field(label)).focus();
    h.run();
    h.get_by(field(label)).type_text(text);
    h.run();
}

fn click(h: &mut Harness<'static, TalkdeckApp>, label: &str) {
    h.get_by(exactly(label)).click();
    h.run();
}

/// Clicks the button `label` of the question that is up (a modal is drawn over the screen, last).
fn answer(h: &mut Harness<'static, TalkdeckApp>, label: &str) {
    h.query_all_by(exactly(label)).last().unwrap().click();
    h.run();
}

/// Makes the deck "Bus chats" through the New deck form, and its first card.
fn new_bus_deck(h: &mut Harness<'static, TalkdeckApp>) {
    click(h, "Decks");
    click(h, "New deck…");
    type_into(h, "Name", "Bus chats");
    click(h, "Create and add phrases");
    assert_eq!(h.state().screen(), Screen::Editor);
    type_into(h, "English", "Is this seat taken?");
    type_into(h, "Chinese", "这个座位有人吗？");
}

#[test]
fn a_new_deck_and_three_cards_are_there_after_a_restart() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    for (en, zh) in [
        ("Where are you getting off?", "你在哪站下车？"),
        ("Is this the bus to the station?", "这是去车站的公交车吗？"),
    ] {
        click(&mut h, "＋ Add phrase");
        type_into(&mut h, "English", en);
        type_into(&mut h, "Chinese", zh);
    }
    click(&mut h, "Save");
    let editor = h.state().editor().unwrap();
    assert!(!editor.is_dirty(), "{:?}", editor.problems());
    let path = folder.data().decks_dir().join("bus-chats.ron");
    assert_eq!(load_file(&path).unwrap().deck.cards.len(), 3);
    drop(h);

    let mut h = harness(folder.model());
    click(&mut h, "Decks");
    h.get_by(button("Bus chats")).click();
    h.run();
    for en in [
        "Is this seat taken?",
        "Where are you getting off?",
        "Is this the bus to the station?",
    ] {
        assert!(h.query_by_label(en).is_some(), "{en} is listed");
    }
}

#[test]
fn an_invalid_card_shows_its_problem_and_save_is_off() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    h.get_by(field("English")).focus();
    h.run();
    h.get_by(field("English")).type_text(" {Good|Nice} day");
    h.run();
    assert!(
        h.query_by_label_contains("zh's choice groups [] do not match en's [2]")
            .is_some(),
        "the Chinese field says what is wrong"
    );
    assert!(h.get_by(exactly("Save")).accesskit_node().is_disabled());
    assert!(!h.state().editor().unwrap().can_save());
    // In Chinese, in Chinese words.
    click(&mut h, "中文");
    assert!(
        h.query_by_label_contains("中文的可替换部分和英语的对不上")
            .is_some()
    );
}

#[test]
fn rewording_a_card_keeps_its_progress() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    click(&mut h, "Save");
    drop(h);
    // Answered once, as studying would.
    let mut model = folder.model();
    let item = ItemId::new("bus-chats", "is-this-seat-taken", Direction::Produce);
    model
        .store
        .answer(&item, Rating::Good, 4_000, StudyMode::Flip, NOW)
        .unwrap();
    let before = model.store.state(&item);
    assert_ne!(before.phase, Phase::New);
    drop(model);

    let mut h = harness(folder.model());
    h.state_mut().apply(talkdeck::ui::Action::Edit {
        deck: "bus-chats".into(),
        card: Some("is-this-seat-taken".into()),
    });
    h.run();
    type_into(&mut h, "English", " Is anyone sitting here?");
    click(&mut h, "Save");
    drop(h);

    let model = folder.model();
    let deck = model.library.deck("bus-chats").unwrap();
    assert_eq!(deck.cards[0].id, "is-this-seat-taken");
    assert!(deck.cards[0].en.ends_with("Is anyone sitting here?"));
    assert_eq!(model.store.state(&item), before);
}

#[test]
fn leaving_with_unsaved_changes_asks_save_discard_or_stay() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    click(&mut h, "Home");
    assert_eq!(h.state().leaving(), Some(Leave::Go(Screen::Home)));
    assert_eq!(h.state().screen(), Screen::Editor);
    click(&mut h, "Stay");
    assert_eq!(h.state().screen(), Screen::Editor);
    assert!(h.state().editor().unwrap().is_dirty(), "nothing lost");

    click(&mut h, "Home");
    answer(&mut h, "Save");
    assert_eq!(h.state().screen(), Screen::Home);
    assert!(folder.data().decks_dir().join("bus-chats.ron").exists());

    h.state_mut().apply(talkdeck::ui::Action::Edit {
        deck: "bus-chats".into(),
        card: None,
    });
    h.run();
    type_into(&mut h, "Notes", "Point at the seat.");
    click(&mut h, "Stats");
    click(&mut h, "Discard");
    assert_eq!(h.state().screen(), Screen::Stats);
    assert!(h.state().editor().is_none());
    let text = std::fs::read_to_string(folder.data().decks_dir().join("bus-chats.ron")).unwrap();
    assert!(!text.contains("Point at the seat."));
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    // What the close button sends: a close request, seen by the next frame.
    let root = |h: &mut Harness<'static, TalkdeckApp>| {
        h.input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .clone_from(&vec![]);
    };
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    root(&mut h);
    h.run();
    assert_eq!(h.state().leaving(), Some(Leave::Quit));
    answer(&mut h, "Save");
    assert!(folder.data().decks_dir().join("bus-chats.ron").exists());
}

#[test]
fn ctrl_n_adds_a_phrase_in_seconds() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(h.state().quick_add().is_some());
    // The English field has the focus.
    assert!(h.get_by(field("English")).accesskit_node().is_focused());
    h.get_by(field("English")).type_text("Nice weather today!");
    h.run();
    type_into(&mut h, "Chinese", "今天天气真好！");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().screen(),
        Screen::Home,
        "Enter went to the form, not to Home's Study now"
    );
    let path = folder.data().decks_dir().join("my-phrases.ron");
    let deck = load_file(&path).unwrap().deck;
    assert_eq!(deck.cards[0].en, "Nice weather today!");
    assert_eq!(deck.cards[0].zh, "今天天气真好！");
    let quick = h.state().quick_add().unwrap();
    assert_eq!(quick.added, ["Nice weather today!"]);
    assert!(quick.form.en.is_empty(), "ready for the next one");
    // The deck is there to study at once.
    assert!(h.state().model().library.deck("my-phrases").is_some());
    // Escape does not throw away what is typed.
    h.get_by(field("English")).type_text("See you");
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().quick_add().unwrap().form.en, "See you");
    // Nor does Close: the form comes back with it.
    click(&mut h, "Close");
    assert!(h.state().quick_add().is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert_eq!(h.state().quick_add().unwrap().form.en, "See you");
}

#[test]
fn deleting_a_card_asks_and_says_its_history_stays() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    click(&mut h, "＋ Add phrase");
    type_into(&mut h, "English", "Excuse me, this is my stop.");
    type_into(&mut h, "Chinese", "不好意思，我到站了。");
    click(&mut h, "Save");
    click(&mut h, "Delete card");
    assert!(
        h.query_by_label_contains("Its answers stay in the journal")
            .is_some()
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().editor().unwrap().deck().cards.len(), 2);
    click(&mut h, "Delete card");
    answer(&mut h, "Delete card");
    click(&mut h, "Save");
    let deck = load_file(&folder.data().decks_dir().join("bus-chats.ron"))
        .unwrap()
        .deck;
    assert_eq!(deck.cards.len(), 1);
    assert_eq!(deck.cards[0].en, "Is this seat taken?");
}

#[test]
fn built_in_decks_have_no_edit_buttons() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    click(&mut h, "Decks");
    assert!(h.query_by(exactly("Edit deck")).is_none());
    assert!(h.query_by(exactly("Edit")).is_none());
}

#[test]
fn edit_from_study_opens_the_card_and_comes_back_to_it_reworded() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    click(&mut h, "Save");
    h.state_mut()
        .apply(talkdeck::ui::Action::StartStudy(vec!["bus-chats".into()]));
    h.run();
    assert_eq!(h.state().screen(), Screen::Study);
    click(&mut h, "Edit");
    assert_eq!(h.state().screen(), Screen::Editor);
    assert_eq!(h.state().editor().unwrap().open_card(), Some(0));
    type_into(&mut h, "Situation", "On a crowded bus.");
    click(&mut h, "Save");
    click(&mut h, "← Back");
    assert_eq!(h.state().screen(), Screen::Study, "back to the session");
    let card = h.state().study().unwrap().card.as_ref().unwrap();
    assert_eq!(card.prompt.situation.as_deref(), Some("On a crowded bus."));
}

#[test]
fn a_draft_is_offered_back_after_a_crash() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    type_into(&mut h, "Notes", "Point at the seat.");
    // The app stops without closing (no shut-down, nothing saved): a crash.
    drop(h);
    assert!(!folder.data().decks_dir().join("bus-chats.ron").exists());

    let mut h = harness(folder.model());
    h.run();
    assert!(
        h.query_by_label_contains("Unsaved changes to Bus chats")
            .is_some()
    );
    click(&mut h, "Restore");
    let editor = h.state().editor().unwrap();
    assert!(editor.is_dirty());
    let card = &editor.deck().cards[0];
    assert_eq!(card.en, "Is this seat taken?");
    assert_eq!(card.notes.as_deref(), Some("Point at the seat."));
    click(&mut h, "Save");
    assert!(folder.data().decks_dir().join("bus-chats.ron").exists());
    h.run();
    drop(h);
    // Saved: nothing is offered any more.
    let mut h = harness(folder.model());
    h.run();
    assert!(h.query_by(exactly("Restore")).is_none());
}

#[test]
fn an_outside_change_is_taken_in_and_a_broken_one_keeps_the_last_good_deck() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    new_bus_deck(&mut h);
    click(&mut h, "Save");
    click(&mut h, "← Back");
    let path = folder.data().decks_dir().join("bus-chats.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Is this seat taken?", "Is this seat free?"),
    )
    .unwrap();
    // The window gets the focus back (the folder watcher may have seen it already).
    h.event(egui::Event::WindowFocused(true));
    h.run();
    let deck = h.state().model().library.deck("bus-chats").unwrap();
    assert_eq!(deck.cards[0].en, "Is this seat free?");

    std::fs::write(&path, "Deck(format: 2, id: \"bus-chats\", name: ").unwrap();
    h.event(egui::Event::WindowFocused(true));
    h.run();
    let model = h.state().model();
    let deck = model.library.deck("bus-chats").unwrap();
    assert_eq!(
        deck.cards[0].en, "Is this seat free?",
        "the last good version"
    );
    let failure = model
        .library
        .failures
        .iter()
        .find(|f| f.path == path)
        .expect("the broken file is reported");
    assert_eq!(failure.errors[0].line, 1, "{:?}", failure.errors);
    click(&mut h, "Decks");
    assert!(
        h.query_by_label_contains("file broken: the last good version")
            .is_some(),
        "the deck in use says it is the last good version"
    );
}
