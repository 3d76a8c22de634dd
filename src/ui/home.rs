//! Home: every deck with its counts, today's figures, and the way into a session. When there is
//! nothing to study it says why and offers "Study more".

use eframe::egui::{self, RichText};

use super::i18n::{Labels, counted};
use super::model::HomeView;
use super::outlook::{self, More};
use super::palette;
use crate::store::{Language, StudyMode};
use crate::study::Outlook;

/// What Home asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HomeInput {
    /// Study these decks (all when empty).
    Study(Vec<String>),
    Mode(StudyMode),
    /// "Study more" in these decks (all when empty).
    More(Vec<String>, More),
    /// Hide the banner of decks that failed to load, for this run.
    DismissFailures,
    /// Open the quick-add form.
    AddPhrase,
    /// Take up the unsaved edit kept under this key in the editor.
    RestoreDraft(String),
    DiscardDraft(String),
    /// Spread the backlog this many a day (from today on).
    Spread(u32),
    /// Not now: the offer is hidden for this run.
    DismissBacklog,
}

/// A Study button that found nothing: which decks, and what waits in them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NothingToStudy {
    pub decks: Vec<String>,
    /// The deck's name as the interface shows it (empty for every deck).
    pub name: String,
    pub outlook: Outlook,
}

/// The state Home keeps between frames.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomeState {
    /// The last Study button found nothing.
    pub nothing_to_study: Option<NothingToStudy>,
    /// The learner closed the banner of decks that failed to load.
    pub failures_dismissed: bool,
    /// Unsaved edits found at start (the app stopped while a deck was being edited).
    pub drafts: Vec<DraftOffer>,
    /// The learner said "not now" to spreading the backlog.
    pub backlog_dismissed: bool,
    /// The backlog just spread: how many reviews, over how many days, how many a day.
    pub spread: Option<(usize, u32, u32)>,
    /// The memory model was just fitted: due now before and after.
    pub refitted: Option<(usize, usize)>,
}

/// An unsaved edit kept aside, offered back: which deck, and when it was last typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftOffer {
    pub key: String,
    pub deck: String,
    /// When, as the learner reads it (`2026-11-30 14:05`).
    pub when: String,
}

#[allow(clippy::too_many_arguments)]
pub fn show(
    ui: &mut egui::Ui,
    view: &HomeView,
    state: &HomeState,
    mode: StudyMode,
    labels: &Labels,
    language: Language,
    now_ms: i64,
    keys: bool,
    can_listen: bool,
) -> Option<HomeInput> {
    let mut input = None;
    let error = ui.visuals().error_fg_color;
    if let Some(reason) = &view.cannot_save {
        banner(
            ui,
            labels.cannot_save,
            std::slice::from_ref(reason),
            None,
            error,
        );
    }
    if !view.settings_problems.is_empty() {
        banner(
            ui,
            labels.settings_unreadable,
            &view.settings_problems,
            None,
            error,
        );
    }
    if !view.conflicts.is_empty() {
        let pairs: Vec<String> = view
            .conflicts
            .iter()
            .map(|(original, copy)| {
                labels
                    .conflict_copy
                    .replace("{original}", original)
                    .replace("{copy}", copy)
            })
            .collect();
        banner(ui, labels.sync_conflicts, &pairs, None, error);
    }
    if !view.failures.is_empty() && !state.failures_dismissed {
        let title = labels
            .decks_failed
            .replace("{n}", &view.failures.len().to_string());
        let folded = Some(labels);
        if banner(ui, &title, &view.failures, folded, error) {
            input = Some(HomeInput::DismissFailures);
        }
    }
    for draft in &state.drafts {
        egui::Frame::group(ui.style())
            .corner_radius(6.0)
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(
                            labels
                                .draft_found
                                .replace("{deck}", &draft.deck)
                                .replace("{when}", &draft.when),
                        )
                        .strong(),
                    );
                    if ui.button(labels.restore).clicked() {
                        input = Some(HomeInput::RestoreDraft(draft.key.clone()));
                    }
                    if ui.button(labels.discard).clicked() {
                        input = Some(HomeInput::DiscardDraft(draft.key.clone()));
                    }
                });
            });
    }
    // Without a place to save answers there is no studying: its buttons are off.
    let can_study = view.cannot_save.is_none();
    if let Some((before, after)) = state.refitted {
        let due = super::memory::due_change(before, after, labels);
        ui.label(RichText::new(labels.refitted.replace("{due}", &due)).weak());
    }
    if let Some((n, days, per_day)) = state.spread {
        ui.label(
            RichText::new(
                labels
                    .spread_done
                    .replace("{n}", &n.to_string())
                    .replace("{days}", &days.to_string())
                    .replace("{per_day}", &per_day.to_string()),
            )
            .weak(),
        );
    }
    if let Some(backlog) = &view.backlog
        && can_study
        && !state.backlog_dismissed
        && let Some(i) = backlog_offer(ui, backlog, labels)
    {
        input = Some(i);
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
    if let Some(nothing) = &state.nothing_to_study {
        egui::Frame::group(ui.style())
            .corner_radius(6.0)
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(labels.nothing_to_study_in.replace("{deck}", &nothing.name))
                        .strong(),
                );
                let more = ui
                    .add_enabled_ui(can_study, |ui| {
                        outlook::show(ui, &nothing.outlook, labels, language, now_ms)
                    })
                    .inner;
                if let Some(more) = more {
                    input = Some(HomeInput::More(nothing.decks.clone(), more));
                }
            });
        ui.add_space(6.0);
    }

    ui.horizontal_wrapped(|ui| {
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
    // Why "Due now" is less than the decks' due added up: the daily review limit holds the rest.
    if view.all.reviews_held > 0 && view.all.left > 0 {
        ui.label(
            RichText::new(counted(
                labels.reviews_held_one,
                labels.reviews_held,
                view.all.reviews_held,
            ))
            .weak(),
        );
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let study_now = egui::Button::new(RichText::new(labels.study_now).size(18.0).strong())
            .min_size(egui::vec2(160.0, 40.0));
        if ui.add_enabled(can_study, study_now).clicked() {
            input = Some(HomeInput::Study(Vec::new()));
        }
        ui.add_space(12.0);
        ui.label(labels.mode);
        for m in StudyMode::ALL {
            // Listen needs a voice.
            if m == StudyMode::Listen && !can_listen {
                continue;
            }
            if ui.selectable_label(mode == m, labels.mode(m)).clicked() && mode != m {
                input = Some(HomeInput::Mode(m));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button(labels.add_phrase)
                .on_hover_text(labels.add_phrase_hint)
                .clicked()
            {
                input = Some(HomeInput::AddPhrase);
            }
        });
    });
    if view.all.left == 0 && state.nothing_to_study.is_none() {
        ui.add_space(4.0);
        ui.label(RichText::new(labels.nothing_due).strong());
        let more = ui
            .add_enabled_ui(can_study, |ui| {
                outlook::show(ui, &view.all, labels, language, now_ms)
            })
            .inner;
        if let Some(more) = more {
            input = Some(HomeInput::More(Vec::new(), more));
        }
    }
    ui.add_space(8.0);

    egui::ScrollArea::vertical()
        .id_salt("home-decks")
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
                            Language::Chinese if !deck.name_zh.is_empty() => {
                                (&deck.name_zh, &deck.name)
                            }
                            _ => (&deck.name, &deck.name_zh),
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
                        let button = ui.add_enabled(
                            can_study,
                            egui::Button::new(labels.study).min_size(egui::vec2(80.0, 30.0)),
                        );
                        if button.clicked() {
                            input = Some(HomeInput::Study(vec![deck.id.clone()]));
                        }
                        ui.end_row();
                    }
                });
        });
    // Enter starts "Study now", as the button does (no text field on Home takes it).
    if input.is_none()
        && can_study
        && keys
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
    {
        input = Some(HomeInput::Study(Vec::new()));
    }
    input
}

/// A banner: a line saying what is wrong and the details under it, each `file:line:column:
/// message` or a reason. With `folded` (the labels), the details fold under "Where and why" and a
/// button hides the banner for this run; it returns whether that button was clicked.
fn banner(
    ui: &mut egui::Ui,
    title: &str,
    details: &[String],
    folded: Option<&Labels>,
    error: egui::Color32,
) -> bool {
    let mut dismissed = false;
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .stroke(egui::Stroke::new(1.0, error))
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.add(egui::Label::new(RichText::new(title).color(error).strong()).wrap());
                if let Some(labels) = folded {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        dismissed = ui.small_button(labels.dismiss).clicked();
                    });
                }
            });
            let lines = |ui: &mut egui::Ui| {
                for line in details {
                    ui.add(egui::Label::new(RichText::new(line).monospace()).wrap());
                }
            };
            match folded {
                Some(labels) => {
                    egui::CollapsingHeader::new(labels.show_errors)
                        .id_salt(title)
                        .show(ui, lines);
                }
                None => lines(ui),
            }
        });
    ui.add_space(6.0);
    dismissed
}

/// The offer to spread a backlog, each choice with what it means.
fn backlog_offer(
    ui: &mut egui::Ui,
    backlog: &crate::study::Backlog,
    labels: &Labels,
) -> Option<HomeInput> {
    let mut input = None;
    let n = backlog.items.len();
    egui::Frame::group(ui.style())
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // With nothing falling due on an ordinary day, the comparison says nothing.
            let quiet = backlog.daily_due == 0;
            ui.label(
                RichText::new(
                    if quiet {
                        labels.backlog_title_plain
                    } else {
                        labels.backlog_title
                    }
                    .replace("{n}", &n.to_string())
                    .replace("{d}", &backlog.daily_due.to_string()),
                )
                .strong(),
            );
            ui.label(labels.backlog_explain);
            egui::Grid::new("backlog-choices")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for choice in &backlog.choices {
                        let button = labels
                            .spread_over
                            .replace("{days}", &choice.days.to_string());
                        if ui.button(button).clicked() {
                            input = Some(HomeInput::Spread(choice.per_day));
                        }
                        let last = n as u32 - choice.per_day * (choice.days - 1);
                        ui.label(
                            if quiet {
                                labels.spread_means_plain
                            } else {
                                labels.spread_means
                            }
                            .replace("{per_day}", &choice.per_day.to_string())
                            .replace("{days}", &choice.days.to_string())
                            .replace("{last}", &last.to_string())
                            .replace("{d}", &backlog.daily_due.to_string()),
                        );
                        ui.end_row();
                    }
                });
            ui.horizontal(|ui| {
                if ui.button(labels.all_today).clicked() {
                    input = Some(HomeInput::DismissBacklog);
                }
                ui.label(RichText::new(labels.all_today_means).weak());
            });
        });
    input
}
