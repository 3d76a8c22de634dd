//! Drawing the deck editor: the deck's fields, its cards on the left, the open card's form on the
//! right with each field's problems beside it, and the template help.

use eframe::egui::{self, RichText};

use super::{Confirm, Editor, problem_text, variants};
use crate::store::Language;
use crate::ui::i18n::{Labels, counted};

/// What the editor asks the app for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditorInput {
    Save,
    /// Save over a file that changed on disk (the learner said so).
    Overwrite,
    /// Save, dropping the file's inner comments (the learner said so).
    DropCommentsAndSave,
    /// Back to the Decks screen (asks first when there are unsaved changes).
    Close,
}

/// The widest variant list shown under the English.
const VARIANTS_SHOWN: usize = 8;

pub fn show(
    ui: &mut egui::Ui,
    editor: &mut Editor,
    labels: &Labels,
    language: Language,
) -> Option<EditorInput> {
    let mut input = None;
    ui.horizontal(|ui| {
        if ui.button(labels.back_to_decks).clicked() {
            input = Some(EditorInput::Close);
        }
        let deck = editor.deck();
        let name = match (language, deck.name_zh.as_str(), deck.name.as_str()) {
            (Language::Chinese, zh, _) if !zh.is_empty() => zh.to_owned(),
            (_, _, "") => deck.id.clone(),
            (_, _, name) => name.to_owned(),
        };
        ui.heading(name);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let save = ui
                .add_enabled(editor.can_save(), egui::Button::new(labels.save))
                .on_disabled_hover_text(if editor.is_dirty() {
                    labels.fix_problems_to_save
                } else {
                    labels.nothing_to_save
                });
            if save.clicked() {
                input = Some(EditorInput::Save);
            }
            let status = match &editor.status {
                Some(Err(message)) => RichText::new(message).color(ui.visuals().error_fg_color),
                Some(Ok(())) if !editor.is_dirty() => RichText::new(labels.saved).weak(),
                _ if !editor.problems().is_empty() => RichText::new(
                    labels
                        .problems_to_fix
                        .replace("{n}", &editor.problems().len().to_string()),
                )
                .color(ui.visuals().error_fg_color),
                _ if editor.is_dirty() => RichText::new(labels.unsaved_changes).weak(),
                _ => RichText::new(""),
            };
            ui.label(status);
        });
    });
    ui.label(
        RichText::new(editor.path.display().to_string())
            .small()
            .weak(),
    );
    deck_fields(ui, editor, labels, language);
    ui.separator();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(240.0);
            card_list(ui, editor, labels);
        });
        ui.separator();
        ui.vertical(|ui| match editor.open_card() {
            Some(index) => {
                egui::ScrollArea::vertical()
                    .id_salt("card-form")
                    .auto_shrink(false)
                    .show(ui, |ui| card_form(ui, editor, index, labels, language));
            }
            None => {
                ui.label(RichText::new(labels.no_card_open).weak());
            }
        });
    });
    if let Some(asked) = confirm(ui.ctx(), editor, labels) {
        input = Some(asked);
    }
    input
}

/// A labelled text field and the problems with it; true when it changed.
fn field(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    multiline: bool,
    enabled: bool,
    problems: &[String],
) -> bool {
    let mut changed = false;
    ui.vertical(|ui| {
        let name = ui.label(RichText::new(label).strong());
        let edit = if multiline {
            egui::TextEdit::multiline(text).desired_rows(2)
        } else {
            egui::TextEdit::singleline(text)
        };
        // Short of the scroll bar, which would cover the field's end.
        let width = ui.available_width() - 12.0;
        let response = ui
            .add_enabled(enabled, edit.desired_width(width))
            .labelled_by(name.id);
        changed = response.changed();
        problem_line(ui, problems);
    });
    ui.add_space(2.0);
    changed
}

/// The problems with a field on one line under it, always there (empty when there are none), so
/// the fields below never move while the learner types: the first problem, how many more, and all
/// of them on hover.
pub fn problem_line(ui: &mut egui::Ui, problems: &[impl AsRef<str>]) {
    let height = ui.text_style_height(&egui::TextStyle::Small);
    match problems {
        [] => {
            ui.allocate_exact_size(
                egui::vec2(ui.available_width(), height),
                egui::Sense::hover(),
            );
        }
        [first, rest @ ..] => {
            let text = match rest.len() {
                0 => first.as_ref().to_owned(),
                n => format!("{} (+{n})", first.as_ref()),
            };
            let all: Vec<&str> = problems.iter().map(AsRef::as_ref).collect();
            ui.add(
                egui::Label::new(
                    RichText::new(text)
                        .small()
                        .color(ui.visuals().error_fg_color),
                )
                .truncate(),
            )
            .on_hover_text(all.join("\n"));
        }
    }
}

fn deck_fields(ui: &mut egui::Ui, editor: &mut Editor, labels: &Labels, language: Language) {
    let problems = |editor: &Editor, key: &str| -> Vec<String> {
        editor
            .problems_for(None, key)
            .map(|p| problem_text(p, language))
            .collect()
    };
    egui::CollapsingHeader::new(labels.deck_details)
        // The same header in either language; open for a new deck, or when its fields changed
        // (a draft taken up shows what it changed).
        .id_salt("deck-details")
        .default_open(editor.is_new() || editor.deck_fields_changed())
        .show(ui, |ui| {
            let mut changed = false;
            // (column, field, label, several lines)
            let fields = [
                (0, "name", labels.deck_name, false),
                (1, "name_zh", labels.deck_name_zh, false),
                (0, "description", labels.description, true),
                (1, "description_zh", labels.description_zh, true),
            ];
            ui.columns(2, |columns| {
                for (column, key, label, multiline) in fields {
                    let found = problems(editor, key);
                    let form = &mut editor.deck_form;
                    let text = match key {
                        "name" => &mut form.name,
                        "name_zh" => &mut form.name_zh,
                        "description" => &mut form.description,
                        _ => &mut form.description_zh,
                    };
                    changed |= field(&mut columns[column], label, text, multiline, true, &found);
                }
            });
            // The id is chosen in the New deck form (where one in use is refused) and fixed once
            // saved: progress hangs on it.
            let found = problems(editor, "id");
            field(
                ui,
                labels.deck_id,
                &mut editor.deck_form.id,
                false,
                false,
                &found,
            );
            ui.label(RichText::new(labels.deck_id_hint).small().weak());
            if changed {
                editor.changed();
            }
        });
    for problem in editor.problems_for(None, "cards") {
        ui.colored_label(ui.visuals().error_fg_color, problem_text(problem, language));
    }
}

fn card_list(ui: &mut egui::Ui, editor: &mut Editor, labels: &Labels) {
    if ui.button(labels.add_phrase).clicked() {
        editor.add_card();
    }
    ui.label(
        RichText::new(counted(
            labels.n_cards_one,
            labels.n_cards,
            editor.deck().cards.len(),
        ))
        .small()
        .weak(),
    );
    let mut chosen = None;
    egui::ScrollArea::vertical()
        .id_salt("editor-cards")
        .auto_shrink(false)
        .show_rows(ui, 22.0, editor.deck().cards.len(), |ui, range| {
            for index in range {
                let card = &editor.deck().cards[index];
                let mut text = match card.en.as_str() {
                    "" => RichText::new(labels.empty_card).italics().weak(),
                    en => RichText::new(en),
                };
                let selected = editor.open_card() == Some(index);
                if editor.card_has_problems(index) {
                    text = RichText::new(format!("⚠ {}", text.text()));
                    // Red on the selected row's fill is hard to read; the mark says it.
                    if !selected {
                        text = text.color(ui.visuals().error_fg_color);
                    }
                }
                let response = ui.add(egui::Button::selectable(selected, text).truncate());
                if response.clicked() && !selected {
                    chosen = Some(index);
                }
            }
        });
    if let Some(index) = chosen {
        editor.select(Some(index));
    }
}

fn card_form(
    ui: &mut egui::Ui,
    editor: &mut Editor,
    index: usize,
    labels: &Labels,
    language: Language,
) {
    let mut changed = false;
    let problems = |editor: &Editor, key: &str| -> Vec<String> {
        editor
            .problems_for(Some(index), key)
            .map(|p| problem_text(p, language))
            .collect()
    };
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "{} {}",
                labels.card_id,
                editor.deck().cards[index].id
            ))
            .small()
            .weak(),
        )
        .on_hover_text(labels.card_id_hint);
        if ui.button(labels.delete_card).clicked() {
            if editor.is_blank(index) {
                // Nothing typed in it: nothing to ask about.
                editor.delete_card(index);
            } else {
                editor.confirm = Some(Confirm::DeleteCard(index));
            }
        }
    });
    let fields: [(&str, &str, bool); 8] = [
        ("en", labels.field_en, false),
        ("zh", labels.field_zh, false),
        ("situation", labels.field_situation, true),
        ("replies", labels.field_replies, true),
        ("also", labels.field_also, true),
        ("notes", labels.field_notes, true),
        ("tags", labels.field_tags, false),
        ("audio", labels.field_audio, false),
    ];
    for (key, label, multiline) in fields {
        let found = problems(editor, key);
        let form = &mut editor.form;
        let text = match key {
            "en" => &mut form.en,
            "zh" => &mut form.zh,
            "situation" => &mut form.situation,
            "replies" => &mut form.replies,
            "also" => &mut form.also,
            "notes" => &mut form.notes,
            "audio" => &mut form.audio,
            _ => &mut form.tags,
        };
        changed |= field(ui, label, text, multiline, true, &found);
        if key == "zh" {
            template_help(ui, editor, index, labels);
        }
    }
    if changed {
        editor.changed();
    }
}

/// `{a|b|c}` explained, and the variants the open card stands for while its templates are valid.
fn template_help(ui: &mut egui::Ui, editor: &Editor, index: usize, labels: &Labels) {
    let card = &editor.deck().cards[index];
    ui.label(RichText::new(labels.template_help).small().weak());
    let templates_ok = ["en", "zh"]
        .iter()
        .all(|key| editor.problems_with(Some(index), key).next().is_none());
    if templates_ok && card.n_variants() > 1 {
        ui.label(
            RichText::new(
                labels
                    .variants_list
                    .replace("{n}", &card.n_variants().to_string()),
            )
            .small(),
        );
        for (en, zh) in variants(card, VARIANTS_SHOWN) {
            ui.label(RichText::new(format!("• {en} — {zh}")).small());
        }
        if card.n_variants() > VARIANTS_SHOWN {
            ui.label(RichText::new("…").small());
        }
    }
    ui.add_space(4.0);
}

/// The question the editor is asking, if any, as a modal.
fn confirm(ctx: &egui::Context, editor: &mut Editor, labels: &Labels) -> Option<EditorInput> {
    let asked = editor.confirm.clone()?;
    let mut input = None;
    let mut close = false;
    egui::Modal::new(egui::Id::unique("editor-confirm")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        match asked {
            Confirm::DeleteCard(index) => {
                let en = editor
                    .deck()
                    .cards
                    .get(index)
                    .map(|c| c.en.clone())
                    .unwrap_or_default();
                ui.heading(labels.delete_card_title.replace("{card}", &en));
                ui.add(egui::Label::new(labels.delete_card_body).wrap());
                ui.horizontal(|ui| {
                    if ui.button(labels.delete_card).clicked() {
                        editor.delete_card(index);
                        close = true;
                    }
                    if ui.button(labels.cancel).clicked() {
                        close = true;
                    }
                });
            }
            Confirm::LoseComments(n) => {
                ui.heading(labels.comments_title);
                ui.add(
                    egui::Label::new(labels.comments_body.replace("{n}", &n.to_string())).wrap(),
                );
                ui.horizontal(|ui| {
                    if ui.button(labels.save_anyway).clicked() {
                        input = Some(EditorInput::DropCommentsAndSave);
                    }
                    if ui.button(labels.cancel).clicked() {
                        close = true;
                    }
                });
            }
            Confirm::Overwrite => {
                ui.heading(labels.changed_on_disk_title);
                ui.add(
                    egui::Label::new(
                        labels
                            .changed_on_disk_body
                            .replace("{file}", &editor.path.display().to_string()),
                    )
                    .wrap(),
                );
                ui.horizontal(|ui| {
                    if ui.button(labels.overwrite).clicked() {
                        input = Some(EditorInput::Overwrite);
                    }
                    if ui.button(labels.cancel).clicked() {
                        close = true;
                    }
                });
            }
        }
    });
    if close {
        editor.confirm = None;
    }
    input
}
