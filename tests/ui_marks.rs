//! Suspend, bury and flag from the Study screen, under egui_kittest: each is a journal entry that
//! takes the card out of the session (or colours it), Ctrl+Z takes it back, and it survives a
//! restart.

mod support;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use talkdeck::deck::ItemId;
use talkdeck::store::{Entry, Mark};
use talkdeck::ui::{Action, TalkdeckApp};

use support::{Folder, NOW, exactly, harness};

/// A session over the greetings deck; returns the item on screen.
fn study_greetings(h: &mut Harness<'static, TalkdeckApp>) -> ItemId {
    h.state_mut()
        .apply(Action::StartStudy(vec!["greetings".into()]));
    h.run();
    shown(h)
}

fn shown(h: &Harness<'static, TalkdeckApp>) -> ItemId {
    h.state()
        .study()
        .unwrap()
        .card
        .as_ref()
        .unwrap()
        .prompt
        .item
        .clone()
}

fn marks_in_journal(folder: &Folder) -> Vec<(Vec<ItemId>, Mark)> {
    folder
        .journal()
        .into_iter()
        .filter_map(|e| match e {
            Entry::Mark { items, mark, .. } => Some((items, mark)),
            _ => None,
        })
        .collect()
}

#[test]
fn suspend_takes_the_card_out_undo_brings_it_back_and_it_survives_a_restart() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    let first = study_greetings(&mut h);
    h.get_by(exactly("Suspend")).click();
    h.run();
    assert_ne!(shown(&h), first, "the next card is shown");
    assert!(h.query_by_label_contains("Suspended.").is_some());
    // The whole card, every way it is asked, unless "every direction" is unticked.
    let (items, mark) = marks_in_journal(&folder).remove(0);
    assert_eq!(mark, Mark::Suspend);
    assert!(items.len() >= 2 && items.contains(&first), "{items:?}");
    assert!(h.state().model().store.marks(&first).suspended);

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h.state().model().store.marks(&first).suspended);
    assert!(h.query_by_label_contains("Undone: Suspend").is_some());

    // Suspended again, for good this time: a restart keeps it.
    let again = shown(&h);
    h.get_by(exactly("Suspend")).click();
    h.run();
    drop(h);
    let model = folder.model();
    assert!(model.store.marks(&again).suspended);
    let queue = talkdeck::study::queue_for(&model.library, &model.store, &[], NOW);
    assert!(!queue.items.contains(&again), "never queued");
}

#[test]
fn bury_of_one_direction_holds_for_the_day_and_survives_a_restart() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    let first = study_greetings(&mut h);
    h.get_by_label("every direction").click();
    h.run();
    h.get_by(exactly("Bury")).click();
    h.run();
    let (items, mark) = marks_in_journal(&folder).remove(0);
    assert_eq!(mark, Mark::Bury);
    assert_eq!(
        items,
        std::slice::from_ref(&first),
        "only the item shown, with the box unticked"
    );
    drop(h);
    let model = folder.model();
    for item in &items {
        assert!(model.store.is_buried(item, NOW + 60_000));
        assert!(
            !model.store.is_buried(item, NOW + 2 * 86_400_000),
            "back later"
        );
    }
}

#[test]
fn ctrl_3_flags_green_ctrl_z_clears_it_and_a_flag_survives_a_restart() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    let first = study_greetings(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num3);
    h.run();
    assert_eq!(h.state().model().store.marks(&first).flag, 3);
    assert_eq!(h.state().study().unwrap().card.as_ref().unwrap().flag, 3);
    assert_eq!(shown(&h), first, "a flag keeps the card on screen");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().model().store.marks(&first).flag, 0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num7);
    h.run();
    drop(h);
    assert_eq!(folder.model().store.marks(&first).flag, 7);
}
