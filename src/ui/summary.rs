//! The summary after a session: what was done, what is still due, and what waits — with "Study
//! more" when the decks hold more.

use eframe::egui::{self, RichText};

use super::i18n::Labels;
use super::outlook::{self, More};
use crate::store::Language;
use crate::study::{SessionSummary, minutes_seconds};

/// What the summary asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryInput {
    /// Go on to where the learner was going (Home, or the screen picked in the top bar).
    Continue,
    /// Another session over the same decks (items are still due).
    KeepStudying,
    /// "Study more" over the same decks.
    More(More),
}

/// The rows of the figures box: reviewed, accuracy, time, and what is still due now.
pub fn figures(summary: &SessionSummary, labels: &Labels) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        (labels.reviewed, summary.reviewed.to_string()),
        (labels.accuracy, format!("{:.0}%", summary.accuracy())),
        (labels.time_spent, minutes_seconds(summary.time_ms)),
    ];
    if summary.outlook.left > 0 {
        rows.push((labels.still_due, summary.outlook.left.to_string()));
    }
    rows
}

/// Draws the summary; `continue_label` names where Continue goes.
pub fn show(
    ui: &mut egui::Ui,
    summary: &SessionSummary,
    continue_label: &str,
    labels: &Labels,
    language: Language,
    now_ms: i64,
    keys: bool,
) -> Option<SummaryInput> {
    let mut input = None;
    ui.vertical_centered(|ui| {
        ui.add_space(24.0);
        ui.heading(labels.summary_title);
        ui.add_space(16.0);
        // Centred as a block: the frame is as wide as its grid, placed in the middle.
        let rows = figures(summary, labels);
        let width = 360.0_f32.min(ui.available_width());
        ui.allocate_ui_with_layout(
            egui::vec2(width, 0.0),
            egui::Layout::top_down(egui::Align::Center),
            |ui| {
                egui::Frame::group(ui.style())
                    .corner_radius(8.0)
                    .inner_margin(16.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        egui::Grid::new("summary")
                            .num_columns(2)
                            .spacing([32.0, 12.0])
                            .show(ui, |ui| {
                                for (label, value) in rows {
                                    ui.label(RichText::new(label).weak());
                                    ui.label(RichText::new(value).size(20.0).strong());
                                    ui.end_row();
                                }
                            });
                    });
            },
        );
        ui.add_space(12.0);
        ui.scope(|ui| {
            ui.set_max_width(560.0);
            if let Some(more) = outlook::show(ui, &summary.outlook, labels, language, now_ms) {
                input = Some(SummaryInput::More(more));
            }
        });
        ui.add_space(16.0);
        ui.horizontal(|ui| {
            let buttons = if summary.outlook.left > 0 { 2.0 } else { 1.0 };
            let used = buttons * 190.0;
            ui.add_space(((ui.available_width() - used) / 2.0).max(0.0));
            if summary.outlook.left > 0 {
                let keep =
                    egui::Button::new(RichText::new(labels.keep_studying).size(18.0).strong())
                        .min_size(egui::vec2(180.0, 40.0));
                if ui.add(keep).clicked() {
                    input = Some(SummaryInput::KeepStudying);
                }
            }
            let back = egui::Button::new(RichText::new(continue_label).size(18.0))
                .min_size(egui::vec2(180.0, 40.0));
            if ui.add(back).clicked() {
                input = Some(SummaryInput::Continue);
            }
        });
    });
    if input.is_none()
        && keys
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
    {
        input = Some(SummaryInput::Continue);
    }
    input
}
