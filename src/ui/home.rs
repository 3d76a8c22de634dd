//! Home: every deck with its counts, today's figures, and the way into a session.

use eframe::egui::{self, RichText};

use super::i18n::Labels;
use super::model::HomeView;
use super::palette;
use crate::store::{Language, StudyMode};

/// What Home asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HomeInput {
    /// Study these decks (all when empty).
    Study(Vec<String>),
    Mode(StudyMode),
}

pub fn show(
    ui: &mut egui::Ui,
    view: &HomeView,
    mode: StudyMode,
    labels: &Labels,
    language: Language,
) -> Option<HomeInput> {
    let mut input = None;
    let error = ui.visuals().error_fg_color;
    for failure in &view.failures {
        egui::Frame::new()
            .fill(ui.visuals().extreme_bg_color)
            .stroke(egui::Stroke::new(1.0, error))
            .corner_radius(6.0)
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(labels.deck_failed).color(error).strong());
                ui.label(RichText::new(failure).monospace());
            });
    }
    if view.corrupt_journal_lines > 0 {
        ui.colored_label(
            error,
            format!(
                "{} ({})",
                labels.journal_damaged, view.corrupt_journal_lines
            ),
        );
    }

    ui.horizontal(|ui| {
        for (label, value) in [
            (labels.due_now, view.total_due.to_string()),
            (labels.new_today, view.new_today.to_string()),
            (labels.done_today, view.done_today.to_string()),
            (labels.streak, view.streak_days.to_string()),
        ] {
            egui::Frame::group(ui.style())
                .corner_radius(8.0)
                .inner_margin(12.0)
                .show(ui, |ui| {
                    ui.set_min_width(120.0);
                    ui.vertical(|ui| {
                        ui.label(RichText::new(label).weak());
                        ui.label(RichText::new(value).size(28.0).strong());
                    });
                });
        }
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let study_now = egui::Button::new(RichText::new(labels.study_now).size(18.0).strong())
            .min_size(egui::vec2(160.0, 40.0));
        if ui.add(study_now).clicked() {
            input = Some(HomeInput::Study(Vec::new()));
        }
        ui.add_space(12.0);
        ui.label(labels.mode);
        for (m, text) in [
            (StudyMode::Flip, labels.mode_flip),
            (StudyMode::Type, labels.mode_type),
            (StudyMode::Choice, labels.mode_choice),
        ] {
            if ui.selectable_label(mode == m, text).clicked() && mode != m {
                input = Some(HomeInput::Mode(m));
            }
        }
    });
    if view.total_due == 0 && view.new_today == 0 {
        ui.label(RichText::new(labels.nothing_due).weak());
    }
    ui.add_space(8.0);

    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Grid::new("decks")
                .striped(true)
                .num_columns(5)
                .spacing([24.0, 10.0])
                .min_col_width(60.0)
                .show(ui, |ui| {
                    ui.label(RichText::new(labels.deck).strong());
                    ui.label(RichText::new(labels.new).strong());
                    ui.label(RichText::new(labels.learning).strong());
                    ui.label(RichText::new(labels.due).strong());
                    ui.label("");
                    ui.end_row();
                    for deck in &view.decks {
                        let (first, second) = match language {
                            Language::English => (&deck.name, &deck.name_zh),
                            Language::Chinese => (&deck.name_zh, &deck.name),
                        };
                        ui.vertical(|ui| {
                            ui.set_min_width(230.0);
                            ui.add(
                                egui::Label::new(RichText::new(first).size(17.0))
                                    .wrap_mode(egui::TextWrapMode::Extend),
                            );
                            if !second.is_empty() {
                                ui.add(
                                    egui::Label::new(RichText::new(second).small().weak())
                                        .wrap_mode(egui::TextWrapMode::Extend),
                                );
                            }
                        });
                        ui.label(RichText::new(deck.new.to_string()).color(palette::NEW.in_ui(ui)));
                        ui.label(
                            RichText::new(deck.learning.to_string())
                                .color(palette::LEARNING.in_ui(ui)),
                        );
                        ui.label(RichText::new(deck.due.to_string()).color(palette::DUE.in_ui(ui)));
                        let button = ui
                            .add(egui::Button::new(labels.study).min_size(egui::vec2(80.0, 30.0)));
                        if button.clicked() {
                            input = Some(HomeInput::Study(vec![deck.id.clone()]));
                        }
                        ui.end_row();
                    }
                });
        });
    input
}
