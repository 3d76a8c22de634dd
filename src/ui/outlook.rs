//! What waits beyond today's queue, and "Study more": shown where studying stops — on Home when
//! nothing is due, when a deck's Study button finds nothing, and after a session. It always says
//! why there is nothing to study, and offers more when the decks hold more.
//! [`outlook_lines`] words it without egui; [`show`] draws it with its buttons.

use eframe::egui::{self, RichText};

use super::i18n::{Labels, counted, interval_text};
use crate::store::Language;
use crate::study::{Outlook, REVIEW_AHEAD_DAYS, describe_due};

/// New items one "Study more" adds.
pub const MORE_NEW: u32 = 10;

/// What the learner chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum More {
    /// [`MORE_NEW`] more new items today.
    New,
    /// The reviews that fall due in the next [`REVIEW_AHEAD_DAYS`] days, today.
    ReviewAhead,
}

impl More {
    /// The new items and days ahead of the journal entry.
    pub fn amounts(self) -> (u32, u32) {
        match self {
            More::New => (MORE_NEW, 0),
            More::ReviewAhead => (0, REVIEW_AHEAD_DAYS),
        }
    }
}

/// The sentences that say what waits: new items held back by today's limits, reviews due soon,
/// and when the next item is due.
pub fn outlook_lines(
    outlook: &Outlook,
    labels: &Labels,
    language: Language,
    now_ms: i64,
) -> Vec<String> {
    let mut lines = Vec::new();
    if outlook.new_waiting > 0 && outlook.new == 0 {
        lines.push(counted(
            labels.new_done_today_one,
            labels.new_done_today,
            outlook.new_waiting,
        ));
    }
    if outlook.reviews_held > 0 {
        lines.push(counted(
            labels.reviews_held_one,
            labels.reviews_held,
            outlook.reviews_held,
        ));
    }
    if outlook.left == 0 {
        if outlook.reviews_soon > 0 {
            lines.push(counted(
                labels.reviews_soon_one,
                labels.reviews_soon,
                outlook.reviews_soon,
            ));
        }
        match outlook.ready_at_ms {
            Some(due) => lines.push(
                labels
                    .next_due_at
                    .replace("{when}", &describe_due(due))
                    .replace(
                        "{in}",
                        &interval_text((due - now_ms).max(0) / 1000, language),
                    ),
            ),
            None if outlook.new_waiting == 0 => lines.push(labels.nothing_scheduled.to_owned()),
            None => {}
        }
    }
    lines
}

/// Draws the outlook and the "Study more" buttons that apply; returns the one pressed.
pub fn show(
    ui: &mut egui::Ui,
    outlook: &Outlook,
    labels: &Labels,
    language: Language,
    now_ms: i64,
) -> Option<More> {
    let mut chosen = None;
    for line in outlook_lines(outlook, labels, language, now_ms) {
        ui.add(egui::Label::new(line).wrap());
    }
    if outlook.left == 0 && outlook.can_study_more() {
        ui.add_space(4.0);
        let more_new =
            RichText::new(labels.study_more_new.replace("{n}", &MORE_NEW.to_string())).strong();
        let offers = [
            (
                outlook.new_waiting > 0,
                egui::Button::new(more_new),
                More::New,
            ),
            (
                outlook.reviews_soon > 0,
                egui::Button::new(labels.review_ahead),
                More::ReviewAhead,
            ),
        ];
        // Under the lines above, and aligned as they are: in a row on Home, one under the other
        // and centred on the Summary.
        let offer = |ui: &mut egui::Ui| {
            for (offered, button, more) in offers {
                if offered && ui.add(button).clicked() {
                    chosen = Some(more);
                }
            }
        };
        if ui.layout().horizontal_align() == egui::Align::Center {
            offer(ui);
        } else {
            ui.horizontal_wrapped(offer);
        }
        ui.label(RichText::new(labels.limits_in_settings).small().weak());
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::labels;

    /// One of a thing reads as one: "1 review falls due", not "1 reviews fall due".
    #[test]
    fn one_reads_as_one_and_more_as_more() {
        let english = labels(Language::English);
        let lines = |n: usize| {
            let outlook = Outlook {
                new_waiting: n,
                reviews_held: n,
                reviews_soon: n,
                ..Outlook::default()
            };
            outlook_lines(&outlook, english, Language::English, 0)
        };
        assert_eq!(
            lines(1)[..3],
            [
                "Today's new cards are done; 1 more is waiting.",
                "1 more review is due than today's limit allows.",
                "1 review falls due in the next 3 days.",
            ]
        );
        assert_eq!(
            lines(2)[..3],
            [
                "Today's new cards are done; 2 more are waiting.",
                "2 more reviews are due than today's limit allows.",
                "2 reviews fall due in the next 3 days.",
            ]
        );
    }
}
