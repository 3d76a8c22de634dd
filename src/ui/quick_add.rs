//! Quick add: a phrase into one of the learner's decks from anywhere (Ctrl+N, or the buttons on Home
//! and Decks). English, Chinese, Enter: the card is checked as the editor checks it and written to
//! the deck file at once. The other fields are one click away. With no deck of their own yet, the
//! first phrase makes "My phrases".

use std::path::PathBuf;

use eframe::egui::{self, RichText};

use super::editor::{CardForm, new_card_id};
use super::i18n::Labels;
use crate::deck::{ContentHash, Deck, Library, Problem, Source, problems};
use crate::store::Language;

/// The deck the first phrase makes when the learner has none of their own.
pub const FIRST_DECK_ID: &str = "my-phrases";

/// The quick-add form while it is open.
#[derive(Debug)]
pub struct QuickAdd {
    /// The deck it adds to: one of the learner's, or [`FIRST_DECK_ID`] when they have none.
    pub deck: String,
    pub form: CardForm,
    /// The other fields are shown.
    pub more: bool,
    /// The English of the phrases added since the form opened, latest last.
    pub added: Vec<String>,
    /// Why the last phrase was not added.
    pub error: Option<String>,
    problems: Vec<Problem>,
    /// The English field takes the focus on the next frame.
    focus: bool,
}

/// What quick add asks the app for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuickAddInput {
    Add,
    Close,
}

/// Where a phrase goes: the deck file, the deck with the phrase added, what the file held.
pub struct Target {
    pub path: PathBuf,
    pub deck: Deck,
    /// `None`: the deck file does not exist yet.
    pub base: Option<ContentHash>,
}

impl QuickAdd {
    /// The form over the learner's deck whose file changed last (the one they used last), or
    /// "My phrases" when they have none.
    pub fn new(library: &Library) -> QuickAdd {
        let deck = own_decks(library)
            .max_by_key(|(path, _)| {
                std::fs::metadata(path)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::SystemTime::UNIX_EPOCH)
            })
            .map_or(FIRST_DECK_ID.to_owned(), |(_, deck)| deck.id.clone());
        QuickAdd {
            deck,
            form: CardForm::default(),
            more: false,
            added: Vec::new(),
            error: None,
            problems: Vec::new(),
            focus: true,
        }
    }

    /// The deck file and the deck with the phrase as typed added at the end.
    pub fn target(&self, library: &Library, decks_dir: &std::path::Path) -> Target {
        let (path, mut deck) = match own_decks(library).find(|(_, d)| d.id == self.deck) {
            Some((path, deck)) => (path.clone(), deck.clone()),
            None => (
                crate::deck::new_deck_path(decks_dir, FIRST_DECK_ID),
                first_deck(),
            ),
        };
        let id = new_card_id(&deck, &self.form.en, None);
        deck.cards.push(self.form.to_card(id));
        if deck.needs_format_2() {
            deck.format = deck.format.max(2);
        }
        let base = library.hash_of(&path);
        Target { path, deck, base }
    }

    /// Checks the phrase as typed; call after each change.
    pub fn check(&mut self, library: &Library, decks_dir: &std::path::Path) {
        let target = self.target(library, decks_dir);
        let index = target.deck.cards.len() - 1;
        // Only the new card's problems: the rest of the deck loaded, so it is fine.
        self.problems = problems(&target.deck)
            .into_iter()
            .filter(|p| p.card == Some(index))
            .collect();
        crate::debug!(name: "talkdeck.editor", "quick add: {} problems", self.problems.len());
    }

    /// Whether the phrase can be added: English and Chinese typed, nothing wrong.
    pub fn can_add(&self) -> bool {
        !self.form.en.trim().is_empty()
            && !self.form.zh.trim().is_empty()
            && self.problems.is_empty()
    }

    /// The phrase was added: the form empties for the next one, in the same deck.
    pub fn added(&mut self, en: String) {
        self.added.push(en);
        self.form = CardForm::default();
        self.problems.clear();
        self.error = None;
        self.focus = true;
    }
}

/// The learner's own decks with their files.
fn own_decks(library: &Library) -> impl Iterator<Item = (&PathBuf, &Deck)> {
    library
        .decks
        .iter()
        .filter_map(|(source, deck)| match source {
            Source::User(path) => Some((path, deck)),
            Source::BuiltIn(_) => None,
        })
}

/// "My phrases", before its first card.
fn first_deck() -> Deck {
    Deck {
        name_zh: "我的短语".to_owned(),
        description: "Phrases I heard and want to keep.".to_owned(),
        ..Deck::new(FIRST_DECK_ID, "My phrases", Vec::new())
    }
}

pub fn show(
    ctx: &egui::Context,
    quick: &mut QuickAdd,
    library: &Library,
    decks_dir: &std::path::Path,
    labels: &Labels,
    language: Language,
) -> Option<QuickAddInput> {
    let mut input = None;
    let mut changed = false;
    let modal = egui::Modal::new(egui::Id::unique("quick-add")).show(ctx, |ui| {
        ui.set_width(520.0);
        // The form keeps its size while messages come and go, so nothing moves under the pointer.
        ui.set_min_height(if quick.more { 520.0 } else { 250.0 });
        ui.heading(labels.add_phrase_title);
        ui.horizontal(|ui| {
            let label = ui.label(labels.deck);
            let name = |deck: &Deck| match language {
                Language::Chinese if !deck.name_zh.is_empty() => deck.name_zh.clone(),
                _ => deck.name.clone(),
            };
            let selected = own_decks(library)
                .find(|(_, d)| d.id == quick.deck)
                .map_or_else(|| name(&first_deck()), |(_, d)| name(d));
            egui::ComboBox::from_id_salt("quick-add-deck")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    let mut any = false;
                    for (_, deck) in own_decks(library) {
                        any = true;
                        changed |= ui
                            .selectable_value(&mut quick.deck, deck.id.clone(), name(deck))
                            .changed();
                    }
                    if !any {
                        ui.selectable_value(
                            &mut quick.deck,
                            FIRST_DECK_ID.to_owned(),
                            name(&first_deck()),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
        });
        let problems = |quick: &QuickAdd, key: &str| -> Vec<String> {
            quick
                .problems
                .iter()
                .filter(|p| p.field == key)
                .map(|p| super::editor::problem_text(p, language))
                .collect()
        };
        let mut submit = false;
        for (key, label) in [("en", labels.field_en), ("zh", labels.field_zh)] {
            let (edited, entered) = line(ui, quick, key, label, &problems(quick, key));
            changed |= edited;
            submit |= entered;
        }
        ui.checkbox(&mut quick.more, labels.more_fields);
        if quick.more {
            for (key, label) in [
                ("situation", labels.field_situation),
                ("replies", labels.field_replies),
                ("also", labels.field_also),
                ("notes", labels.field_notes),
            ] {
                let found = problems(quick, key);
                let text = match key {
                    "situation" => &mut quick.form.situation,
                    "replies" => &mut quick.form.replies,
                    "also" => &mut quick.form.also,
                    _ => &mut quick.form.notes,
                };
                let name = ui.label(RichText::new(label).strong());
                changed |= ui
                    .add(
                        egui::TextEdit::multiline(text)
                            .desired_rows(1)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(name.id)
                    .changed();
                super::editor::problem_line(ui, &found);
            }
            let (edited, entered) = line(
                ui,
                quick,
                "tags",
                labels.field_tags,
                &problems(quick, "tags"),
            );
            changed |= edited;
            submit |= entered;
        }
        // One line for what happened, always there, so the buttons stay put.
        let status = match (&quick.error, quick.added.last()) {
            (Some(error), _) => RichText::new(error).color(ui.visuals().error_fg_color),
            (None, Some(last)) => RichText::new(
                labels
                    .phrase_added
                    .replace("{phrase}", last)
                    .replace("{n}", &quick.added.len().to_string()),
            )
            .weak(),
            (None, None) => RichText::new(" "),
        };
        ui.add(egui::Label::new(status).truncate());
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let add = ui.add_enabled(quick.can_add(), egui::Button::new(labels.add));
            if add.clicked() || (submit && quick.can_add()) {
                input = Some(QuickAddInput::Add);
            } else if submit {
                // Enter on a phrase that cannot be added yet: back to typing.
                quick.focus = true;
            }
            if ui.button(labels.close).clicked() {
                input = Some(QuickAddInput::Close);
            }
            ui.label(RichText::new(labels.enter_adds).small().weak());
        });
    });
    if changed {
        quick.error = None;
        quick.check(library, decks_dir);
    }
    // Escape or a click outside closes an empty form; typed text is closed only by Close.
    if modal.should_close() && input.is_none() && quick.form.is_empty() {
        input = Some(QuickAddInput::Close);
    }
    input
}

/// One single-line field and its problems: whether it changed, and whether Enter was pressed in it.
fn line(
    ui: &mut egui::Ui,
    quick: &mut QuickAdd,
    key: &str,
    label: &str,
    problems: &[String],
) -> (bool, bool) {
    let text = match key {
        "en" => &mut quick.form.en,
        "zh" => &mut quick.form.zh,
        _ => &mut quick.form.tags,
    };
    let name = ui.label(RichText::new(label).strong());
    let response = ui
        .add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY))
        .labelled_by(name.id);
    if key == "en" && std::mem::take(&mut quick.focus) {
        response.request_focus();
    }
    super::editor::problem_line(ui, problems);
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    (response.changed(), entered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_no_deck_of_their_own_the_first_phrase_makes_my_phrases() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::load(Some(dir.path()));
        let mut quick = QuickAdd::new(&library);
        assert_eq!(quick.deck, FIRST_DECK_ID);
        quick.form.en = "Nice weather today!".into();
        quick.form.zh = "今天天气真好！".into();
        quick.check(&library, dir.path());
        assert!(quick.can_add());
        let target = quick.target(&library, dir.path());
        assert_eq!(target.path, dir.path().join("my-phrases.ron"));
        assert_eq!(target.base, None);
        assert_eq!(target.deck.cards[0].id, "nice-weather-today");
    }

    #[test]
    fn a_phrase_with_a_problem_cannot_be_added() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::load(Some(dir.path()));
        let mut quick = QuickAdd::new(&library);
        quick.form.en = "Good {morning|evening}!".into();
        quick.form.zh = "早上好！".into();
        quick.check(&library, dir.path());
        assert!(!quick.can_add());
        assert_eq!(quick.problems[0].field, "zh");
    }
}
