//! The Settings screen: a form over `settings.ron`. A text field is saved when it is done — Enter,
//! or the focus moving on — never keystroke by keystroke (typing `24` must not save the hour `2`
//! and reschedule every card on the way); a choice (radio button, list) is saved at once. An invalid
//! field is shown with its message beside it and is not saved; the valid ones are.

use eframe::egui::{self, RichText};

use super::i18n::Labels;
use crate::logging::Level;
use crate::speech::{
    EngineChoice, EngineKind, Found, SpeechSettings, Speed, Status, command_problem,
};
use crate::srs;
use crate::store::{Language, Settings, StudyMode, Theme};

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
    /// Speech: the choices as made, the commands as typed.
    pub speech: SpeechSettings,
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
    CustomCommand,
    PlayerCommand,
    RecorderCommand,
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
            speech: settings.speech.clone(),
        }
    }

    /// The settings the form describes, taking `base`'s value for every other setting and for each
    /// invalid field; and the invalid fields. A field is invalid when its text does not parse or
    /// when [`Settings::problems`] names its value: the ranges live there, not here.
    pub fn to_settings(&self, base: &Settings) -> (Settings, Vec<Field>) {
        let mut unparsed = Vec::new();
        let mut candidate = base.clone();
        let number = |text: &str| text.trim().parse::<u32>();
        let steps = |text: &str| {
            text.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        match self.desired_retention.trim().parse::<f32>() {
            Ok(r) => candidate.desired_retention = r,
            Err(_) => unparsed.push(Field::DesiredRetention),
        }
        match number(&self.new_per_day) {
            Ok(n) => candidate.new_per_day = n,
            Err(_) => unparsed.push(Field::NewPerDay),
        }
        match number(&self.reviews_per_day) {
            Ok(n) => candidate.reviews_per_day = n,
            Err(_) => unparsed.push(Field::ReviewsPerDay),
        }
        candidate.learning_steps = steps(&self.learning_steps);
        candidate.relearning_steps = steps(&self.relearning_steps);
        match self.day_starts_at.trim().parse::<u8>() {
            Ok(h) => candidate.day_starts_at = h,
            Err(_) => unparsed.push(Field::DayStartsAt),
        }
        candidate.study_mode = self.study_mode;
        candidate.file_log_level = self.file_log_level;
        candidate.screen_log_level = self.screen_log_level;
        candidate.theme = self.theme;
        candidate.language = self.language;
        candidate.speech = self.speech.clone();
        let problems = candidate.problems();
        let mut settings = candidate;
        let mut bad = Vec::new();
        for field in Field::ALL {
            let named = problems.iter().any(|(key, _)| *key == field.key());
            if unparsed.contains(&field) || named {
                field.restore(&mut settings, base);
                bad.push(field);
            }
        }
        (settings, bad)
    }
}

impl Field {
    /// Every field, in the form's order.
    const ALL: [Field; 9] = [
        Field::DesiredRetention,
        Field::NewPerDay,
        Field::ReviewsPerDay,
        Field::LearningSteps,
        Field::RelearningSteps,
        Field::DayStartsAt,
        Field::CustomCommand,
        Field::PlayerCommand,
        Field::RecorderCommand,
    ];

    /// The field's name in `settings.ron`, as [`Settings::problems`] names it.
    fn key(self) -> &'static str {
        match self {
            Field::DesiredRetention => "desired_retention",
            Field::NewPerDay => "new_per_day",
            Field::ReviewsPerDay => "reviews_per_day",
            Field::LearningSteps => "learning_steps",
            Field::RelearningSteps => "relearning_steps",
            Field::DayStartsAt => "day_starts_at",
            Field::CustomCommand => "speech.custom_command",
            Field::PlayerCommand => "speech.player_command",
            Field::RecorderCommand => "speech.recorder_command",
        }
    }

    /// Puts `base`'s value of the field back into `settings`.
    fn restore(self, settings: &mut Settings, base: &Settings) {
        match self {
            Field::DesiredRetention => settings.desired_retention = base.desired_retention,
            Field::NewPerDay => settings.new_per_day = base.new_per_day,
            Field::ReviewsPerDay => settings.reviews_per_day = base.reviews_per_day,
            Field::LearningSteps => settings.learning_steps.clone_from(&base.learning_steps),
            Field::RelearningSteps => settings.relearning_steps.clone_from(&base.relearning_steps),
            Field::DayStartsAt => settings.day_starts_at = base.day_starts_at,
            Field::CustomCommand => {
                settings.speech.engine = base.speech.engine;
                settings
                    .speech
                    .custom_command
                    .clone_from(&base.speech.custom_command);
            }
            Field::PlayerCommand => settings
                .speech
                .player_command
                .clone_from(&base.speech.player_command),
            Field::RecorderCommand => settings
                .speech
                .recorder_command
                .clone_from(&base.speech.recorder_command),
        }
    }
}

/// What is wrong with a command field as typed: the command checker's own words.
fn command_field_problem(labels: &Labels, speech: &SpeechSettings, field: Field) -> String {
    // Empty (the custom engine chosen without a command) is said in the learner's language; a
    // command's own problem (a quote not closed, an unknown placeholder) in the checker's words.
    let command = |line: &str, needs: &[&str]| match line.trim() {
        "" => labels.speech_custom_needed.to_owned(),
        line => {
            command_problem(line, needs).unwrap_or_else(|| labels.speech_custom_needed.to_owned())
        }
    };
    match field {
        Field::CustomCommand => command(&speech.custom_command, &[]),
        Field::PlayerCommand => command(&speech.player_command, &["{wav}"]),
        Field::RecorderCommand => command(&speech.recorder_command, &["{wav}"]),
        _ => problem(labels, field),
    }
}

/// What `field` accepts, in the learner's language, with the ranges the settings allow.
pub(super) fn problem(labels: &Labels, field: Field) -> String {
    let range = |label: &str, min: &dyn std::fmt::Display, max: &dyn std::fmt::Display| {
        label
            .replace("{min}", &min.to_string())
            .replace("{max}", &max.to_string())
    };
    match field {
        Field::DesiredRetention => range(
            labels.bad_retention,
            &format!("{:.2}", srs::RETENTION.start()),
            &format!("{:.2}", srs::RETENTION.end()),
        ),
        Field::NewPerDay => range(
            labels.bad_new_limit,
            Settings::NEW_PER_DAY.start(),
            Settings::NEW_PER_DAY.end(),
        ),
        Field::ReviewsPerDay => range(
            labels.bad_review_limit,
            Settings::REVIEWS_PER_DAY.start(),
            Settings::REVIEWS_PER_DAY.end(),
        ),
        Field::LearningSteps | Field::RelearningSteps => range(
            labels.bad_steps,
            &format!("{}s", srs::STEP_SECS.start()),
            &srs::interval_label(i64::from(*srs::STEP_SECS.end())),
        ),
        Field::DayStartsAt => range(
            labels.bad_hour,
            srs::ROLLOVER_HOURS.start(),
            srs::ROLLOVER_HOURS.end(),
        ),
        Field::CustomCommand | Field::PlayerCommand | Field::RecorderCommand => {
            labels.speech_custom_needed.to_owned()
        }
    }
}

/// The screen's state: the form and the outcome of the last change.
pub struct SettingsScreen {
    pub form: SettingsForm,
    pub invalid: Vec<Field>,
    /// The last save's error (an I/O failure), shown under the form.
    pub save_error: Option<String>,
    pub saved: bool,
    /// "Test the voice" was pressed (the app speaks the test phrase).
    pub test_voice: bool,
}

impl SettingsScreen {
    pub fn new(settings: &Settings) -> SettingsScreen {
        SettingsScreen {
            form: SettingsForm::from_settings(settings),
            invalid: Vec::new(),
            save_error: None,
            saved: false,
            test_voice: false,
        }
    }
}

/// What the Speech section shows of this computer: the engines, player and recorder found, and
/// the voices the engine lists.
pub struct SpeechInfo<'a> {
    pub found: &'a Found,
    pub status: Status,
    /// Phrases can be spoken now.
    pub speaking: bool,
}

/// The phrase "Test the voice" speaks.
pub const TEST_PHRASE: &str = "Nice to meet you. How's it going?";

/// Why the settings on screen are not (or not only) the file's: the file could not be read (its
/// problems, `file:line:column: message`), or nothing can be saved (the reason).
#[derive(Clone, Debug)]
pub struct FileState<'a> {
    /// The data folder the settings are in.
    pub folder: &'a std::path::Path,
    /// This device's id in it, and the name it goes by, if it has one.
    pub device: (&'a str, Option<&'a str>),
    /// The other journals read (other devices', an older folder's).
    pub other_journals: Vec<&'a str>,
    pub problems: &'a [crate::store::SettingsError],
    pub cannot_save: Option<&'a str>,
}

/// Draws the form; returns the new settings when a field was done (or a choice made) and the
/// settings it leaves differ from `current`.
pub fn show(
    ui: &mut egui::Ui,
    screen: &mut SettingsScreen,
    current: &Settings,
    file: FileState<'_>,
    speech: &SpeechInfo<'_>,
    labels: &Labels,
    more: &mut dyn FnMut(&mut egui::Ui),
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
        .id_salt("settings")
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
                        for mode in StudyMode::ALL {
                            // Listen needs a voice.
                            if mode != StudyMode::Listen || speech.speaking {
                                ui.radio_value(&mut form.study_mode, mode, labels.mode(mode));
                            }
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
            ui.add_space(16.0);
            done |= speech_section(ui, screen, speech, &typing_invalid, labels);
            ui.add_space(16.0);
            more(ui);
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
                ui.label(RichText::new(file.folder.display().to_string()).monospace());
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{}{}", labels.this_device, labels.colon.trim_end()))
                        .weak(),
                );
                let (id, name) = file.device;
                ui.label(RichText::new(id).monospace());
                if let Some(name) = name.filter(|name| *name != id) {
                    ui.label(format!("({name})"));
                }
            });
            if !file.other_journals.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!(
                            "{}{}",
                            labels.other_journals,
                            labels.colon.trim_end()
                        ))
                        .weak(),
                    );
                    ui.label(RichText::new(file.other_journals.join(", ")).monospace());
                });
            }
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
    ) || speech_choices(&screen.form.speech) != speech_choices(&before.speech);
    screen.commit(current, done || chose)
}

/// The speech settings chosen (not typed): saved at once.
fn speech_choices(speech: &SpeechSettings) -> (EngineChoice, &str, Speed, bool) {
    (speech.engine, &speech.voice, speech.speed, speech.auto_play)
}

fn engine_label(choice: EngineChoice, labels: &Labels) -> &'static str {
    match choice {
        EngineChoice::Auto => labels.speech_auto,
        EngineChoice::Off => labels.speech_off,
        EngineChoice::Custom => labels.speech_custom,
        EngineChoice::SpdSay => EngineKind::SpdSay.name(),
        EngineChoice::EspeakNg => EngineKind::EspeakNg.name(),
        EngineChoice::Say => EngineKind::Say.name(),
        EngineChoice::PowerShell => EngineKind::PowerShell.name(),
    }
}

fn choice_of(kind: EngineKind) -> EngineChoice {
    match kind {
        EngineKind::Custom => EngineChoice::Custom,
        EngineKind::SpdSay => EngineChoice::SpdSay,
        EngineKind::EspeakNg => EngineChoice::EspeakNg,
        EngineKind::Say => EngineChoice::Say,
        EngineKind::PowerShell => EngineChoice::PowerShell,
    }
}

/// The Speech section: what speaks and how, the learner's own commands, and what was found on
/// this computer (or what to install). Returns whether a typed command is done.
fn speech_section(
    ui: &mut egui::Ui,
    screen: &mut SettingsScreen,
    speech: &SpeechInfo<'_>,
    typing_invalid: &[Field],
    labels: &Labels,
) -> bool {
    let error = ui.visuals().error_fg_color;
    let mut done = false;
    ui.heading(labels.speech_section);
    ui.add_space(4.0);
    match &speech.found.engine {
        Some(engine) if speech.speaking => {
            let voice = if speech.status.voice.is_empty() {
                labels.speech_default_voice
            } else {
                speech
                    .status
                    .voices
                    .iter()
                    .find(|v| v.name == speech.status.voice)
                    .map_or(speech.status.voice.as_str(), |v| v.label.as_str())
            };
            let engine_name = match engine.kind {
                EngineKind::Custom => labels.speech_custom,
                kind => kind.name(),
            };
            ui.label(format!(
                "{}{}{engine_name} ({}) · {voice}",
                labels.speech_using,
                labels.colon,
                engine.program.display()
            ));
            let tool_name = |tool: &crate::speech::Tool| {
                if tool.custom {
                    labels.speech_custom.to_owned()
                } else {
                    tool.name.clone()
                }
            };
            let player = speech
                .found
                .player
                .as_ref()
                .map_or(labels.speech_no_player.to_owned(), tool_name);
            let recorder = speech
                .found
                .recorder
                .as_ref()
                .map_or(labels.speech_no_recorder.to_owned(), tool_name);
            ui.label(
                RichText::new(format!(
                    "{}{}{player} · {}{}{recorder}",
                    labels.speech_player, labels.colon, labels.speech_recorder, labels.colon
                ))
                .weak(),
            );
        }
        _ => match screen.form.speech.engine {
            EngineChoice::Off => {}
            // The learner's own command is missing, not an engine.
            EngineChoice::Custom => {
                ui.label(RichText::new(labels.speech_custom_needed).color(error));
            }
            EngineChoice::Auto => {
                ui.label(RichText::new(labels.speech_none_found).color(error));
                ui.add(egui::Label::new(crate::speech::install_hint()).wrap());
            }
            chosen => {
                let name = engine_label(chosen, labels);
                ui.label(
                    RichText::new(labels.speech_not_found.replace("{engine}", name)).color(error),
                );
                ui.add(egui::Label::new(crate::speech::install_hint()).wrap());
            }
        },
    }
    if let Some(problem) = &speech.status.problem {
        ui.add(egui::Label::new(RichText::new(problem).color(error).small()).wrap());
    }
    ui.add_space(6.0);
    let form = &mut screen.form.speech;
    egui::Grid::new("speech")
        .num_columns(3)
        .spacing([24.0, 10.0])
        .show(ui, |ui| {
            let label = ui.label(labels.speech_engine);
            let mut choices = vec![EngineChoice::Auto, EngineChoice::Off];
            choices.extend(speech.found.engines.iter().map(|k| choice_of(*k)));
            if !choices.contains(&EngineChoice::Custom) {
                choices.push(EngineChoice::Custom);
            }
            if !choices.contains(&form.engine) {
                choices.push(form.engine);
            }
            egui::ComboBox::from_id_salt("speech-engine")
                .selected_text(engine_label(form.engine, labels))
                .show_ui(ui, |ui| {
                    for choice in choices {
                        ui.selectable_value(&mut form.engine, choice, engine_label(choice, labels));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.label("");
            ui.end_row();

            let label = ui.label(labels.speech_voice);
            let shown = if form.voice.is_empty() {
                labels.speech_default_voice.to_owned()
            } else {
                speech
                    .status
                    .voices
                    .iter()
                    .find(|v| v.name == form.voice)
                    .map_or_else(|| form.voice.clone(), |v| v.label.clone())
            };
            egui::ComboBox::from_id_salt("speech-voice")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut form.voice,
                        String::new(),
                        labels.speech_default_voice,
                    );
                    for voice in speech.status.voices.iter() {
                        ui.selectable_value(&mut form.voice, voice.name.clone(), &voice.label);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.label("");
            ui.end_row();

            ui.label(labels.speech_speed);
            ui.horizontal(|ui| {
                ui.radio_value(&mut form.speed, Speed::Normal, labels.speech_normal);
                ui.radio_value(&mut form.speed, Speed::Slow, labels.speech_slow);
                if speech.speaking && ui.button(labels.speech_test).clicked() {
                    screen.test_voice = true;
                }
            });
            ui.label("");
            ui.end_row();

            ui.label("");
            ui.checkbox(&mut form.auto_play, labels.speech_auto_play);
            ui.label("");
            ui.end_row();

            for (label, field, hint) in [
                (
                    labels.speech_custom_command,
                    Field::CustomCommand,
                    labels.speech_custom_hint,
                ),
                (
                    labels.speech_player_command,
                    Field::PlayerCommand,
                    labels.speech_tool_hint,
                ),
                (
                    labels.speech_recorder_command,
                    Field::RecorderCommand,
                    labels.speech_tool_hint,
                ),
            ] {
                let text = match field {
                    Field::CustomCommand => &mut form.custom_command,
                    Field::PlayerCommand => &mut form.player_command,
                    _ => &mut form.recorder_command,
                };
                let label = ui.label(label);
                let response = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .desired_width(440.0)
                            .font(egui::TextStyle::Monospace),
                    )
                    .labelled_by(label.id)
                    .on_hover_text(hint);
                done |= response.lost_focus();
                ui.label("");
                ui.end_row();
                ui.label("");
                let (note, color) = if typing_invalid.contains(&field) {
                    (command_field_problem(labels, form, field), error)
                } else {
                    (hint.to_owned(), ui.visuals().weak_text_color())
                };
                ui.add(egui::Label::new(RichText::new(note).small().color(color)).wrap());
                ui.label("");
                ui.end_row();
            }
        });
    done
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

    /// The form accepts exactly what `settings.ron` accepts: at each end of every range, and one
    /// step past it, the form's verdict is the file's.
    #[test]
    fn the_form_and_the_file_agree_at_every_edge() {
        let base = Settings::default();
        let cases: [(Field, &[&str]); 6] = [
            (Field::DesiredRetention, &["0.69", "0.70", "0.99", "0.995"]),
            (Field::NewPerDay, &["0", "9999", "10000"]),
            (Field::ReviewsPerDay, &["0", "99999", "100000"]),
            (Field::LearningSteps, &["1s", "1d", "24h", "86401s", "0s"]),
            (Field::RelearningSteps, &["1s", "1d", "2d"]),
            (Field::DayStartsAt, &["0", "23", "24"]),
        ];
        for (field, texts) in cases {
            for text in texts {
                let mut form = SettingsForm::from_settings(&base);
                let mut file = base.clone();
                match field {
                    Field::DesiredRetention => {
                        form.desired_retention = text.to_string();
                        file.desired_retention = text.parse().unwrap();
                    }
                    Field::NewPerDay => {
                        form.new_per_day = text.to_string();
                        file.new_per_day = text.parse().unwrap();
                    }
                    Field::ReviewsPerDay => {
                        form.reviews_per_day = text.to_string();
                        file.reviews_per_day = text.parse().unwrap();
                    }
                    Field::LearningSteps => {
                        form.learning_steps = text.to_string();
                        file.learning_steps = vec![text.to_string()];
                    }
                    Field::RelearningSteps => {
                        form.relearning_steps = text.to_string();
                        file.relearning_steps = vec![text.to_string()];
                    }
                    Field::DayStartsAt => {
                        form.day_starts_at = text.to_string();
                        file.day_starts_at = text.parse().unwrap();
                    }
                    Field::CustomCommand | Field::PlayerCommand | Field::RecorderCommand => {
                        unreachable!("commands are not ranges")
                    }
                }
                let file_ok = file.problems().is_empty();
                let (settings, bad) = form.to_settings(&base);
                assert_eq!(bad.is_empty(), file_ok, "{field:?} = {text}");
                if file_ok {
                    assert_eq!(settings, file, "{field:?} = {text}");
                }
            }
        }
    }

    /// The messages beside the fields show the ranges the settings allow, in both languages.
    #[test]
    fn the_messages_name_the_ranges_the_settings_allow() {
        let en = crate::ui::i18n::labels(Language::English);
        let zh = crate::ui::i18n::labels(Language::Chinese);
        for (field, english, chinese) in [
            (
                Field::DesiredRetention,
                "Enter a number from 0.70 to 0.99.",
                "请输入 0.70 到 0.99 之间的数字。",
            ),
            (
                Field::NewPerDay,
                "Enter a whole number from 0 to 9999.",
                "请输入 0 到 9999 之间的整数。",
            ),
            (
                Field::ReviewsPerDay,
                "Enter a whole number from 0 to 99999.",
                "请输入 0 到 99999 之间的整数。",
            ),
            (
                Field::LearningSteps,
                "Enter durations like 1m 10m (s, m, h or d; from 1s to 1d).",
                "请输入类似 1m 10m 的时长（s、m、h 或 d，1s 到 1d）。",
            ),
            (
                Field::DayStartsAt,
                "Enter an hour from 0 to 23.",
                "请输入 0 到 23 之间的小时数。",
            ),
        ] {
            assert_eq!(problem(en, field), english);
            assert_eq!(problem(zh, field), chinese);
        }
    }
}
