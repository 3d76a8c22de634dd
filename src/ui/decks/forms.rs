//! The Decks screen's questions, as modals: a new deck's fields, copying a built-in deck to the
//! learner's decks (and whether its progress comes along), deleting the chosen cards.

use eframe::egui::{self, RichText};

use super::super::editor::{DeckForm, new_deck_id, problem_text};
use super::super::i18n::{Labels, counted};
use super::{DecksInput, DecksScreen};
use crate::deck::{Card, Deck, Library};
use crate::store::Language;

/// Copying a built-in deck: the copy's id and name, and whether progress is carried over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyForm {
    /// The built-in deck copied.
    pub from: String,
    pub id: String,
    pub name: String,
    /// The copy's Chinese name, told apart from the built-in deck's.
    pub name_zh: String,
    /// Carry the progress over to the copy and hide the built-in deck from study.
    pub carry: bool,
}

impl CopyForm {
    /// The form for copying `deck`: `<id>-mine`, "<name> (mine)", progress carried.
    pub fn of(deck: &Deck, library: &Library) -> CopyForm {
        CopyForm {
            from: deck.id.clone(),
            id: new_deck_id(&format!("{} mine", deck.id), |id| {
                library.id_in_use(id).is_some()
            }),
            name: format!("{} (mine)", deck.name),
            name_zh: match deck.name_zh.as_str() {
                "" => String::new(),
                zh => format!("{zh}（我的）"),
            },
            carry: true,
        }
    }
}

/// What is wrong with a new deck's fields: the deck checker's findings about them, and an id
/// another deck already has. Empty when the deck can be made.
pub fn new_deck_problems(form: &DeckForm, library: &Library, language: Language) -> Vec<String> {
    // The checker wants a card; the editor asks for the first one.
    let mut deck = Deck::new("", "", vec![Card::new("hi", "Hi", "嗨")]);
    form.apply(&mut deck);
    let mut problems: Vec<String> = crate::deck::problems(&deck)
        .into_iter()
        .filter(|p| p.card.is_none())
        .map(|p| problem_text(&p, language))
        .collect();
    if let Some(message) = library.id_in_use(&deck.id) {
        problems.push(message);
    }
    problems
}

/// The New deck form, as a modal: name, Chinese name, description, and the id (suggested from the
/// name until the learner types one).
pub(super) fn new_deck_form(
    ctx: &egui::Context,
    screen: &mut DecksScreen,
    library: &Library,
    labels: &Labels,
    language: Language,
) -> Option<DecksInput> {
    let form = screen.new_deck.as_mut()?;
    let mut input = None;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("new-deck")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(labels.new_deck);
        let suggested = new_deck_id(form.name.trim(), |id| library.id_in_use(id).is_some());
        let following = form.id.is_empty() || form.id == new_deck_id(form.name.trim(), |_| false);
        let text_field = |ui: &mut egui::Ui, label: &str, text: &mut String, many: bool| {
            let name = ui.label(RichText::new(label).strong());
            let edit = if many {
                egui::TextEdit::multiline(text).desired_rows(2)
            } else {
                egui::TextEdit::singleline(text)
            };
            ui.add(edit.desired_width(f32::INFINITY))
                .labelled_by(name.id)
                .changed()
        };
        let renamed = text_field(ui, labels.deck_name, &mut form.name, false);
        text_field(ui, labels.deck_name_zh, &mut form.name_zh, false);
        text_field(ui, labels.description, &mut form.description, true);
        if renamed && following {
            form.id = new_deck_id(form.name.trim(), |id| library.id_in_use(id).is_some());
        } else if form.id.is_empty() {
            form.id = suggested;
        }
        text_field(ui, labels.deck_id, &mut form.id, false);
        ui.label(RichText::new(labels.deck_id_hint).small().weak());
        let problems = if form.name.trim().is_empty() {
            Vec::new()
        } else {
            new_deck_problems(form, library, language)
        };
        let ready = problems.is_empty() && !form.name.trim().is_empty();
        let (made, cancelled) =
            problems_and_buttons(ui, &problems, ready, labels.create_deck, labels);
        if made {
            input = Some(DecksInput::CreateDeck(form.clone()));
        }
        close = made || cancelled;
    });
    if close || modal.should_close() {
        screen.new_deck = None;
    }
    input
}

/// Copy to my decks, as a modal.
pub(super) fn copy_form(
    ctx: &egui::Context,
    screen: &mut DecksScreen,
    library: &Library,
    labels: &Labels,
    language: Language,
) -> Option<DecksInput> {
    let form = screen.copy.as_mut()?;
    let mut input = None;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("copy-deck")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(labels.copy_deck);
        ui.add(egui::Label::new(labels.copy_deck_body).wrap());
        for (label, text) in [
            (labels.deck_name, &mut form.name),
            (labels.deck_name_zh, &mut form.name_zh),
            (labels.deck_id, &mut form.id),
        ] {
            let name = ui.label(RichText::new(label).strong());
            ui.add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY))
                .labelled_by(name.id);
        }
        ui.checkbox(&mut form.carry, labels.carry_progress);
        ui.label(RichText::new(labels.carry_progress_hint).small().weak());
        let deck_form = DeckForm {
            id: form.id.clone(),
            name: form.name.clone(),
            ..DeckForm::default()
        };
        let problems = new_deck_problems(&deck_form, library, language);
        let ready = problems.is_empty();
        let (copied, cancelled) =
            problems_and_buttons(ui, &problems, ready, labels.copy_deck, labels);
        if copied {
            input = Some(DecksInput::Copy(form.clone()));
        }
        close = copied || cancelled;
    });
    if close || modal.should_close() {
        screen.copy = None;
    }
    input
}

/// A deck form's problems, then its button (on only when `ready`) and Cancel: whether each was
/// clicked.
fn problems_and_buttons(
    ui: &mut egui::Ui,
    problems: &[String],
    ready: bool,
    action: &str,
    labels: &Labels,
) -> (bool, bool) {
    for problem in problems {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    ui.horizontal(|ui| {
        let done = ui.add_enabled(ready, egui::Button::new(action)).clicked();
        (done, ui.button(labels.cancel).clicked())
    })
    .inner
}

/// "Delete N cards?", as a modal.
pub(super) fn delete_form(
    ctx: &egui::Context,
    screen: &mut DecksScreen,
    labels: &Labels,
) -> Option<DecksInput> {
    if !screen.confirm_delete {
        return None;
    }
    let mut input = None;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("delete-cards")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.heading(labels.delete_cards_title.replace(
            "{cards}",
            &counted(labels.n_cards_one, labels.n_cards, screen.chosen.len()),
        ));
        ui.add(egui::Label::new(labels.delete_cards_body).wrap());
        ui.horizontal(|ui| {
            if ui.button(labels.delete).clicked() {
                input = Some(DecksInput::Delete(screen.chosen.iter().cloned().collect()));
                close = true;
            }
            if ui.button(labels.cancel).clicked() {
                close = true;
            }
        });
    });
    if close || modal.should_close() {
        screen.confirm_delete = false;
    }
    input
}
