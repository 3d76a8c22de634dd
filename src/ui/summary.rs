//! The summary after a session.

use eframe::egui::{self, RichText};

use super::i18n::Labels;
use crate::study::{SessionSummary, describe_due};

/// Draws the summary; true when "Back to Home" was pressed.
pub fn show(ui: &mut egui::Ui, summary: &SessionSummary, labels: &Labels) -> bool {
    let mut back = false;
    ui.vertical_centered(|ui| {
        ui.add_space(24.0);
        ui.heading(labels.summary_title);
        ui.add_space(16.0);
        egui::Frame::group(ui.style())
            .corner_radius(8.0)
            .inner_margin(16.0)
            .show(ui, |ui| {
                egui::Grid::new("summary")
                    .num_columns(2)
                    .spacing([32.0, 12.0])
                    .show(ui, |ui| {
                        let minutes = summary.time_ms / 60_000;
                        let seconds = (summary.time_ms / 1000) % 60;
                        let rows = [
                            (labels.reviewed, summary.reviewed.to_string()),
                            (labels.accuracy, format!("{:.0}%", summary.accuracy())),
                            (labels.time_spent, format!("{minutes}:{seconds:02}")),
                            (
                                labels.next_due,
                                summary.next_due_ms.map_or_else(
                                    || labels.nothing_scheduled.to_owned(),
                                    describe_due,
                                ),
                            ),
                        ];
                        for (label, value) in rows {
                            ui.label(RichText::new(label).weak());
                            ui.label(RichText::new(value).size(20.0).strong());
                            ui.end_row();
                        }
                    });
            });
        ui.add_space(24.0);
        let button = egui::Button::new(RichText::new(labels.back_home).size(18.0))
            .min_size(egui::vec2(180.0, 40.0));
        if ui.add(button).clicked() {
            back = true;
        }
    });
    back || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
}
