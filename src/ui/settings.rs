//! The Settings screen: a form over `settings.ron`. A text field is saved when it is done — Enter,
//! or the focus moving on — never keystroke by keystroke (typing `24` must not save the hour `2`
//! and reschedule every card on the way); a choice (radio button, list) is saved at once. An invalid
//! field is shown with its message beside it and is not saved; the valid ones are.

use eframe::egui::{self, RichText};

use super::i18n::Labels;
use crate::logging::Level;
use crate::store::{Language, Settings, StudyMode, Theme, parse_step};

/// The form's fields as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsForm {
    pub desired_retention: String,
    pub new_per_day: String,
    pub reviews_per_day: String,
    pub learning_steps: String,
    pub relearning_steps: String,
    pub day_starts_at: String,
    pub study_mode: StudyMode,
    pub file_log_level: Level,
    pub screen_log_level: Level,
    pub theme: Theme,
    pub language: Language,
}

/// A field that does not hold a valid value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    DesiredRetention,
    NewPerDay,
    ReviewsPerDay,
    LearningSteps,
    RelearningSteps,
    DayStartsAt,
}

impl SettingsForm {
    pub fn from_settings(settings: &Settings) -> SettingsForm {
        SettingsForm {
            desired_retention: format!("{:.2}", settings.desired_retention),
            new_per_day: settings.new_per_day.to_string(),
            reviews_per_day: settings.reviews_per_day.to_string(),
            learning_steps: settings.learning_steps.join(" "),
            relearning_steps: settings.relearning_steps.join(" "),
            day_starts_at: settings.day_starts_at.to_string(),
            study_mode: settings.study_mode,
            file_log_level: settings.file_log_level,
            screen_log_level: settings.screen_log_level,
            theme: settings.theme,
            language: settings.language,
        }
    }

    /// The settings the form describes, taking `base`'s value for every other setting and for each
    /// invalid field; and the invalid fields.
    pub fn to_settings(&self, base: &Settings) -> (Settings, Vec<Field>) {
        let mut bad = Vec::new();
        let mut settings = base.clone();
        match self.desired_retention.trim().parse::<f32>() {
            Ok(r) if (0.70..=0.99).contains(&r) => settings.desired_retention = r,
            _ => bad.push(Field::DesiredRetention),
        }
        match self.new_per_day.trim().parse::<u32>() {
            Ok(n) if n <= 9_999 => settings.new_per_day = n,
            _ => bad.push(Field::NewPerDay),
        }
        match self.reviews_per_day.trim().parse::<u32>() {
            Ok(n) if n <= 99_999 => settings.reviews_per_day = n,
            _ => bad.push(Field::ReviewsPerDay),
        }
        for (text, field, target) in [
            (
                &self.learning_steps,
                Field::LearningSteps,
                &mut settings.learning_steps,
            ),
            (
                &self.relearning_steps,
                Field::RelearningSteps,
                &mut settings.relearning_steps,
            ),
        ] {
            let steps: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
            if steps
                .iter()
                .all(|s| parse_step(s).is_some_and(|secs| secs <= 86_400))
            {
                *target = steps;
            } else {
                bad.push(field);
            }
        }
        match self.day_starts_at.trim().parse::<u8>() {
            Ok(h) if h <= 23 => settings.day_starts_at = h,
            _ => bad.push(Field::DayStartsAt),
        }
        settings.study_mode = self.study_mode;
        settings.file_log_level = self.file_log_level;
        settings.screen_log_level = self.screen_log_level;
        settings.theme = self.theme;
        settings.language = self.language;
        (settings, bad)
    }
}

fn problem(labels: &Labels, field: Field) -> &'static str {
    match field {
        Field::DesiredRetention => labels.bad_retention,
        Field::NewPerDay => labels.bad_new_limit,
        Field::ReviewsPerDay => labels.bad_review_limit,
        Field::LearningSteps | Field::RelearningSteps => labels.bad_steps,
        Field::DayStartsAt => labels.bad_hour,
    }
}

/// The screen's state: the form and the outcome of the last change.
pub struct SettingsScreen {
    pub form: SettingsForm,
    pub invalid: Vec<Field>,
    /// The last save's error (an I/O failure), shown under the form.
    pub save_error: Option<String>,
    pub saved: bool,
}

impl SettingsScreen {
    pub fn new(settings: &Settings) -> SettingsScreen {
        SettingsScreen {
            form: SettingsForm::from_settings(settings),
            invalid: Vec::new(),
            save_error: None,
            saved: false,
        }
    }
}

/// Why the settings on screen are not (or not only) the file's: the file could not be read (its
/// problems, `file:line:column: message`), or nothing can be saved (the reason).
#[derive(Clone, Debug, Default)]
pub struct FileState<'a> {
    pub problems: &'a [crate::store::SettingsError],
    pub cannot_save: Option<&'a str>,
}

/// Draws the form; returns the new settings when a field was done (or a choice made) and the
/// settings it leaves differ from `current`.
pub fn show(
    ui: &mut egui::Ui,
    screen: &mut SettingsScreen,
    current: &Settings,
    data_folder: &std::path::Path,
    file: FileState<'_>,
    labels: &Labels,
) -> Option<Settings> {
    let before = screen.form.clone();
    let error = ui.visuals().error_fg_color;
    for (title, lines) in [
        (
            (!file.problems.is_empty()).then_some(labels.settings_unreadable),
            file.problems.iter().map(ToString::to_string).collect(),
        ),
        (
            file.cannot_save.map(|_| labels.settings_not_saved),
            file.cannot_save
                .map(str::to_owned)
                .into_iter()
                .collect::<Vec<_>>(),
        ),
    ] {
        if let Some(title) = title {
            ui.add(egui::Label::new(RichText::new(title).color(error).strong()).wrap());
            for line in lines {
                ui.add(egui::Label::new(RichText::new(line).monospace()).wrap());
            }
            ui.add_space(8.0);
        }
    }
    // What the fields hold now is checked as it is typed, to show the message; only a field that
    // is done is saved.
    let typing_invalid = screen.form.to_settings(current).1;
    let mut done = false;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Grid::new("settings")
                .num_columns(3)
                .spacing([24.0, 10.0])
                .show(ui, |ui| {
                    let form = &mut screen.form;
                    // The message sits beside its field, so nothing below moves as it comes and
                    // goes.
                    let mut text_row =
                        |ui: &mut egui::Ui, label: &str, text: &mut String, field: Field| {
                            let label = ui.label(label);
                            let response = ui
                                .add(egui::TextEdit::singleline(text).desired_width(200.0))
                                .labelled_by(label.id);
                            // A single-line field gives up the focus on Enter, too.
                            done |= response.lost_focus();
                            if typing_invalid.contains(&field) {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(problem(labels, field)).color(error),
                                    )
                                    .wrap(),
                                );
                            } else {
                                ui.label("");
                            }
                            ui.end_row();
                        };
                    text_row(
                        ui,
                        labels.desired_retention,
                        &mut form.desired_retention,
                        Field::DesiredRetention,
                    );
                    text_row(
                        ui,
                        labels.new_per_day,
                        &mut form.new_per_day,
                        Field::NewPerDay,
                    );
                    text_row(
                        ui,
                        labels.reviews_per_day,
                        &mut form.reviews_per_day,
                        Field::ReviewsPerDay,
                    );
                    text_row(
                        ui,
                        labels.learning_steps,
                        &mut form.learning_steps,
                        Field::LearningSteps,
                    );
                    text_row(
                        ui,
                        labels.relearning_steps,
                        &mut form.relearning_steps,
                        Field::RelearningSteps,
                    );
                    text_row(
                        ui,
                        labels.day_starts_at,
                        &mut form.day_starts_at,
                        Field::DayStartsAt,
                    );

                    ui.label(labels.default_mode);
                    ui.horizontal(|ui| {
                        for mode in [StudyMode::Flip, StudyMode::Type, StudyMode::Choice] {
                            ui.radio_value(&mut form.study_mode, mode, labels.mode(mode));
                        }
                    });
                    ui.label("");
                    ui.end_row();

                    for (label, level, id) in [
                        (
                            labels.file_log_level,
                            &mut form.file_log_level,
                            "file-level",
                        ),
                        (
                            labels.screen_log_level,
                            &mut form.screen_log_level,
                            "screen-level",
                        ),
                    ] {
                        let label = ui.label(label);
                        egui::ComboBox::from_id_salt(id)
                            .selected_text(level.name())
                            .show_ui(ui, |ui| {
                                for l in Level::STANDARD {
                                    ui.selectable_value(level, l, l.name());
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        ui.label("");
                        ui.end_row();
                    }

                    ui.label(labels.theme);
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut form.theme, Theme::System, labels.theme_system);
                        ui.radio_value(&mut form.theme, Theme::Light, labels.theme_light);
                        ui.radio_value(&mut form.theme, Theme::Dark, labels.theme_dark);
                    });
                    ui.label("");
                    ui.end_row();

                    ui.label(labels.language);
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut form.language, Language::English, "English");
                        ui.radio_value(&mut form.language, Language::Chinese, "中文");
                    });
                    ui.label("");
                    ui.end_row();
                });
            ui.add_space(12.0);
            if let Some(err) = &screen.save_error {
                ui.label(
                    RichText::new(format!("{}{}{err}", labels.not_saved, labels.colon))
                        .color(error),
                );
            } else if !screen.invalid.is_empty() && !typing_invalid.is_empty() {
                ui.label(RichText::new(labels.not_saved).color(error));
            } else if screen.saved {
                ui.label(RichText::new(labels.saved).weak());
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("{}{}", labels.data_folder, labels.colon.trim_end()))
                        .weak(),
                );
                ui.label(RichText::new(data_folder.display().to_string()).monospace());
            });
        });
    let chose = (
        screen.form.study_mode,
        screen.form.file_log_level,
        screen.form.screen_log_level,
        screen.form.theme,
        screen.form.language,
    ) != (
        before.study_mode,
        before.file_log_level,
        before.screen_log_level,
        before.theme,
        before.language,
    );
    screen.commit(current, done || chose)
}

impl SettingsScreen {
    /// What a frame ends with: when a field is done or a choice made (`done`), the settings the
    /// form leaves, if they differ from `current` — valid fields saved even while another is being
    /// corrected — and the invalid fields remembered for "Not saved".
    pub fn commit(&mut self, current: &Settings, done: bool) -> Option<Settings> {
        if !done {
            return None;
        }
        let (settings, invalid) = self.form.to_settings(current);
        self.saved &= invalid.is_empty();
        self.invalid = invalid;
        (settings != *current).then_some(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_saved_while_a_field_is_being_typed() {
        let settings = Settings::default();
        let mut screen = SettingsScreen::new(&settings);
        // "24", typed a key at a time: "2" is a valid hour, but the field is not done.
        screen.form.day_starts_at = "2".into();
        assert_eq!(screen.commit(&settings, false), None);
        screen.form.day_starts_at = "24".into();
        assert_eq!(screen.commit(&settings, false), None);
        // Enter: the field is done, and invalid; nothing is saved.
        assert_eq!(screen.commit(&settings, true), None);
        assert_eq!(screen.invalid, [Field::DayStartsAt]);
        // Corrected and done: saved.
        screen.form.day_starts_at = "5".into();
        let saved = screen.commit(&settings, true).unwrap();
        assert_eq!(saved.day_starts_at, 5);
        assert!(screen.invalid.is_empty());
    }

    #[test]
    fn the_form_round_trips_and_names_each_bad_field() {
        let settings = Settings::default();
        let mut form = SettingsForm::from_settings(&settings);
        assert_eq!(form.to_settings(&settings), (settings.clone(), vec![]));
        form.desired_retention = "0.5".into();
        form.learning_steps = "1m ten".into();
        form.day_starts_at = "24".into();
        form.new_per_day = "12".into();
        let (partly, bad) = form.to_settings(&settings);
        assert_eq!(
            bad,
            [
                Field::DesiredRetention,
                Field::LearningSteps,
                Field::DayStartsAt
            ]
        );
        assert_eq!(partly.new_per_day, 12, "the valid field is taken");
        assert_eq!(
            partly.desired_retention, settings.desired_retention,
            "the bad one is not"
        );
        form.desired_retention = " 0.85 ".into();
        form.learning_steps = "30s 5m 1h".into();
        form.day_starts_at = "5".into();
        let (changed, bad) = form.to_settings(&settings);
        assert!(bad.is_empty());
        assert_eq!(changed.desired_retention, 0.85);
        assert_eq!(changed.learning_steps, ["30s", "5m", "1h"]);
        assert_eq!(changed.day_starts_at, 5);
    }
}
