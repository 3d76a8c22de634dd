//! `settings.ron`: what the learner chose, shared by every device of the folder — but for what
//! only makes sense on one computer, the voice (its engine, voice and commands are that system's)
//! and the theme, kept in the device's own `devices/<device>/settings.ron` once this device has
//! saved settings (until then the shared file's are used). Missing fields take their defaults, so an old file keeps
//! working, and an empty file is the defaults; a bad value is reported with its position and the
//! file is not used (nor rewritten: [`Settings::set_aside`] keeps it beside the new one when new
//! settings are saved). The file may start with a byte-order mark and end its lines with CRLF, as
//! a Windows editor writes it. Saving is atomic.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::entry::StudyMode;
use crate::logging::Level;
use crate::speech::SpeechSettings;
use crate::srs;

/// The interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    Chinese,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Every setting, with Anki's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename = "Settings")]
pub struct Settings {
    /// Recall probability to schedule for, 0.70–0.99.
    pub desired_retention: f32,
    /// New items introduced per day.
    pub new_per_day: u32,
    /// A deck's own limit of new items a day, by deck id; the smaller of it and `new_per_day`
    /// applies to that deck.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub deck_new_per_day: BTreeMap<String, u32>,
    /// Reviews shown per day at most.
    pub reviews_per_day: u32,
    /// Learning steps, such as `["1m", "10m"]`.
    pub learning_steps: Vec<String>,
    /// Relearning steps, such as `["10m"]`.
    pub relearning_steps: Vec<String>,
    /// The hour (0–23, local time) a new study day starts.
    pub day_starts_at: u8,
    /// Learning items due within this many minutes may be shown early when nothing else is left.
    pub learn_ahead_minutes: u32,
    pub maximum_interval_days: u32,
    pub leech_threshold: u32,
    pub study_mode: StudyMode,
    /// Level of the log file.
    pub file_log_level: Level,
    /// Level of the Logs screen.
    pub screen_log_level: Level,
    pub language: Language,
    pub theme: Theme,
    /// The voice: engine, speed, auto-play, commands of the learner's own.
    pub speech: SpeechSettings,
}

/// What of the settings is one device's own: `devices/<device>/settings.ron`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename = "DeviceSettings")]
struct DeviceSettings {
    theme: Theme,
    speech: SpeechSettings,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            desired_retention: 0.90,
            new_per_day: 20,
            deck_new_per_day: BTreeMap::new(),
            reviews_per_day: 200,
            learning_steps: vec!["1m".into(), "10m".into()],
            relearning_steps: vec!["10m".into()],
            day_starts_at: 4,
            learn_ahead_minutes: 20,
            maximum_interval_days: 36_500,
            leech_threshold: 8,
            study_mode: StudyMode::Flip,
            file_log_level: Level::INFO,
            screen_log_level: Level::NOTICE,
            language: Language::English,
            theme: Theme::System,
            speech: SpeechSettings::default(),
        }
    }
}

/// The largest settings file read (a real one is under 1 KiB).
pub const MAX_SETTINGS_BYTES: usize = 1024 * 1024;

/// A problem in `settings.ron`, with its 1-based position.
pub type SettingsError = crate::files::FileError;

/// A step such as `30s`, `1m`, `10m`, `1h` or `1d`, in seconds.
pub fn parse_step(text: &str) -> Option<u32> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: u32 = number.parse().ok()?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    number.checked_mul(unit).filter(|&s| s > 0)
}

impl Settings {
    /// Parses and checks settings text; `origin` names it in errors.
    pub fn parse_str(text: &str, origin: &str) -> Result<Settings, Vec<SettingsError>> {
        let text = crate::files::clean_text(text);
        let text = text.as_ref();
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let settings: Settings = options
            .from_str(text)
            .map_err(|e| vec![SettingsError::from_ron(origin, &e)])?;
        let problems = settings.problems();
        if problems.is_empty() {
            return Ok(settings);
        }
        Err(problems
            .into_iter()
            .map(|(key, message)| {
                // A nested key (`speech.voice`) is placed at its top-level key and named.
                let (top, message) = match key.split_once('.') {
                    Some((top, field)) => (top, format!("{field}: {message}")),
                    None => (key, message),
                };
                match crate::files::top_level_key(text, top) {
                    Some(key) => SettingsError::at(origin, text, key.at, message),
                    None => SettingsError::whole_file(origin, message),
                }
            })
            .collect())
    }

    /// Reads `path`; a missing file means the defaults. Only a regular file of at most
    /// [`MAX_SETTINGS_BYTES`] is read.
    pub fn load(path: &Path) -> Result<Settings, Vec<SettingsError>> {
        let origin = path.display().to_string();
        let whole_file = |message: String| vec![SettingsError::whole_file(&origin, message)];
        match crate::files::read_limited(path, MAX_SETTINGS_BYTES) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Settings::parse_str(&text, &origin),
                Err(_) => Err(whole_file(
                    "the file is not UTF-8 text (save it as UTF-8)".into(),
                )),
            },
            Err(err) if err.is_not_found() => Ok(Settings::default()),
            Err(err) => Err(whole_file(err.reason())),
        }
    }

    /// Moves a settings file that could not be used out of the way, to `settings.ron.bad-<ms>`
    /// beside it, so new settings can be saved without losing what the learner wrote. Returns
    /// where it went (`None` when there was no file).
    pub fn set_aside(path: &Path, now_ms: i64) -> std::io::Result<Option<std::path::PathBuf>> {
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(None);
        }
        let mut aside = path.as_os_str().to_owned();
        aside.push(format!(".bad-{now_ms}"));
        let aside = std::path::PathBuf::from(aside);
        std::fs::rename(path, &aside).map_err(|err| {
            std::io::Error::new(
                err.kind(),
                format!("cannot move {} aside: {err}", path.display()),
            )
        })?;
        Ok(Some(aside))
    }

    /// The settings of `dir` as its device sees them: the shared `settings.ron` (its problems, if
    /// it cannot be used), with this device's voice and theme from its own file when it has one. A
    /// device file that cannot be read is logged and the shared values are used.
    pub fn load_for(dir: &super::DataDir) -> Result<Settings, Vec<SettingsError>> {
        let mut settings = Settings::load(&dir.settings_path())?;
        let path = dir.device_settings_path();
        let read = match crate::files::read_limited(&path, MAX_SETTINGS_BYTES) {
            Err(err) if err.is_not_found() => return Ok(settings),
            Err(err) => Err(err.reason()),
            Ok(bytes) => String::from_utf8(bytes)
                .map_err(|_| "the file is not UTF-8 text".to_owned())
                .and_then(|text| {
                    ron::Options::default()
                        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                        .from_str::<DeviceSettings>(&crate::files::clean_text(&text))
                        .map_err(|e| e.to_string())
                }),
        };
        let checked = read.and_then(|device| {
            let mut mine = settings.clone();
            (mine.speech, mine.theme) = (device.speech, device.theme);
            match mine.problems().into_iter().next() {
                Some((key, message)) => Err(format!("{key}: {message}")),
                None => Ok(mine),
            }
        });
        match checked {
            Ok(mine) => settings = mine,
            Err(why) => crate::warning!(
                name: "talkdeck.store",
                "{}: this device's voice and theme could not be read ({why}); the shared \
                 settings' are used until settings are saved here",
                path.display()
            ),
        }
        Ok(settings)
    }

    /// Saves the settings of `dir` as its device sets them: this device's voice and theme in its
    /// own file, everything else in the shared `settings.ron` — whose voice and theme stay what
    /// they were (the values for a device that has saved none of its own).
    pub fn save_for(&self, dir: &super::DataDir) -> std::io::Result<()> {
        let shared_path = dir.settings_path();
        let shared_before = Settings::load(&shared_path).unwrap_or_default();
        let shared = Settings {
            speech: shared_before.speech,
            theme: shared_before.theme,
            ..self.clone()
        };
        let device = DeviceSettings {
            speech: self.speech.clone(),
            theme: self.theme,
        };
        let device_path = dir.device_settings_path();
        if let Some(folder) = device_path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let config = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .struct_names(true);
        let mut text =
            ron::ser::to_string_pretty(&device, config).map_err(std::io::Error::other)?;
        text.push('\n');
        super::write_atomic(&device_path, text.as_bytes())
            .map_err(|err| super::journal::at_path(&device_path, err))?;
        shared
            .save(&shared_path)
            .map_err(|err| super::journal::at_path(&shared_path, err))
    }

    /// Writes `path` atomically, after checking the values.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some((key, message)) = self.problems().into_iter().next() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{key}: {message}"),
            ));
        }
        let config = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .struct_names(true);
        let mut text = ron::ser::to_string_pretty(self, config).map_err(std::io::Error::other)?;
        text.push('\n');
        super::write_atomic(path, text.as_bytes())
    }

    /// How many new items a day the global limit and a deck's own limit may allow.
    pub const NEW_PER_DAY: RangeInclusive<u32> = 0..=9_999;
    /// How many reviews a day the limit may allow.
    pub const REVIEWS_PER_DAY: RangeInclusive<u32> = 0..=99_999;

    /// Every invalid value, by field name. The ranges are [`Settings::NEW_PER_DAY`],
    /// [`Settings::REVIEWS_PER_DAY`] and the scheduler's (`srs::RETENTION` and its neighbours).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if let Some(problem) = srs::retention_problem(self.desired_retention) {
            problems.push(("desired_retention", problem));
        }
        for (key, steps) in [
            ("learning_steps", &self.learning_steps),
            ("relearning_steps", &self.relearning_steps),
        ] {
            for step in steps {
                if !parse_step(step).is_some_and(|secs| srs::STEP_SECS.contains(&secs)) {
                    problems.push((
                        key,
                        format!(
                            "step {step:?} is not a duration like 30s, 1m, 10m, 1h or 1d (from {}s to {})",
                            srs::STEP_SECS.start(),
                            srs::interval_label(i64::from(*srs::STEP_SECS.end()))
                        ),
                    ));
                }
            }
        }
        if let Some(problem) = srs::rollover_hour_problem(self.day_starts_at) {
            problems.push(("day_starts_at", problem));
        }
        if !Settings::NEW_PER_DAY.contains(&self.new_per_day) {
            problems.push((
                "new_per_day",
                format!(
                    "the daily limit of new items is at most {}",
                    Settings::NEW_PER_DAY.end()
                ),
            ));
        }
        if !Settings::REVIEWS_PER_DAY.contains(&self.reviews_per_day) {
            problems.push((
                "reviews_per_day",
                format!(
                    "the daily limit of reviews is at most {}",
                    Settings::REVIEWS_PER_DAY.end()
                ),
            ));
        }
        for (deck, limit) in &self.deck_new_per_day {
            if !crate::deck::is_valid_id(deck) {
                problems.push((
                    "deck_new_per_day",
                    format!("{deck:?} is not a deck id (1 to 64 of a-z, 0-9, '-' and '_')"),
                ));
            } else if !Settings::NEW_PER_DAY.contains(limit) {
                problems.push((
                    "deck_new_per_day",
                    format!(
                        "the limit of {deck} is at most {} new a day",
                        Settings::NEW_PER_DAY.end()
                    ),
                ));
            }
        }
        if let Some(problem) = srs::maximum_interval_problem(self.maximum_interval_days) {
            problems.push(("maximum_interval_days", problem));
        }
        problems.extend(self.speech.problems());
        problems
    }

    /// How many new items `deck` may start a day: its own limit if it has one (never more than
    /// the global one), else the global one.
    pub fn new_per_day_of(&self, deck: &str) -> u32 {
        self.deck_new_per_day
            .get(deck)
            .map_or(self.new_per_day, |&own| own.min(self.new_per_day))
    }

    /// The scheduler configuration these settings describe.
    pub fn scheduler_config(&self) -> srs::Config {
        let steps = |list: &[String]| list.iter().filter_map(|s| parse_step(s)).collect();
        srs::Config {
            desired_retention: self.desired_retention,
            learning_steps_secs: steps(&self.learning_steps),
            relearning_steps_secs: steps(&self.relearning_steps),
            maximum_interval_days: self.maximum_interval_days,
            leech_threshold: self.leech_threshold,
            fuzz: true,
            parameters: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_defaults_and_a_missing_file_is_the_defaults() {
        let settings =
            Settings::parse_str("Settings(new_per_day: 5, theme: Dark)", "s.ron").unwrap();
        assert_eq!(settings.new_per_day, 5);
        assert_eq!(settings.theme, Theme::Dark);
        assert_eq!(settings.reviews_per_day, 200);
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Settings::load(&dir.path().join("settings.ron")).unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn bad_values_are_reported_at_their_key() {
        let text = "Settings(\n    desired_retention: 0.5,\n    learning_steps: [\"1m\", \"ten\"],\n    day_starts_at: 25,\n)";
        let errors: Vec<String> = Settings::parse_str(text, "settings.ron")
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            errors,
            [
                "settings.ron:2:5: desired retention 0.5 is outside 0.70–0.99",
                "settings.ron:3:5: step \"ten\" is not a duration like 30s, 1m, 10m, 1h or 1d (from 1s to 1d)",
                "settings.ron:4:5: hour 25 is not 0–23",
            ]
        );
        let err = Settings::parse_str("Settings(colour: Dark)", "s.ron").unwrap_err();
        assert!(
            err[0]
                .to_string()
                .starts_with("s.ron:1:10: Unexpected field named `colour`"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn saved_settings_load_back_and_bad_ones_are_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        let settings = Settings {
            desired_retention: 0.85,
            learning_steps: vec!["30s".into(), "5m".into(), "1h".into()],
            language: Language::Chinese,
            study_mode: StudyMode::Type,
            ..Settings::default()
        };
        settings.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), settings);
        assert_eq!(
            settings.scheduler_config().learning_steps_secs,
            [30, 300, 3600]
        );
        let bad = Settings {
            desired_retention: 2.0,
            ..Settings::default()
        };
        assert!(bad.save(&path).is_err());
        assert_eq!(
            Settings::load(&path).unwrap(),
            settings,
            "the good file is untouched"
        );
    }

    #[test]
    fn a_deck_may_have_its_own_smaller_new_limit() {
        let settings = Settings::parse_str(
            "Settings(new_per_day: 20, deck_new_per_day: {\"greetings\": 5, \"jobs\": 50})",
            "s.ron",
        )
        .unwrap();
        assert_eq!(settings.new_per_day_of("greetings"), 5);
        assert_eq!(
            settings.new_per_day_of("jobs"),
            20,
            "never more than the global limit"
        );
        assert_eq!(settings.new_per_day_of("compliments"), 20);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        settings.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), settings);
        let text = "Settings(\n    deck_new_per_day: {\"Bad Deck\": 5},\n)";
        let errors = Settings::parse_str(text, "s.ron").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "s.ron:2:5: \"Bad Deck\" is not a deck id (1 to 64 of a-z, 0-9, '-' and '_')"
        );
        let mut text = String::new();
        Settings::default().save(&path).unwrap();
        text.push_str(&std::fs::read_to_string(&path).unwrap());
        assert!(
            !text.contains("deck_new_per_day"),
            "no per-deck limits, no field: {text}"
        );
    }

    #[test]
    fn an_empty_file_a_bom_and_crlf_are_the_settings_a_windows_editor_leaves() {
        for empty in ["", "\n", "  \r\n", "\u{feff}"] {
            assert_eq!(
                Settings::parse_str(empty, "s.ron").unwrap(),
                Settings::default(),
                "{empty:?}"
            );
        }
        let windows = "\u{feff}Settings(\r\n    new_per_day: 7,\r\n    theme: Dark,\r\n)\r\n";
        let settings = Settings::parse_str(windows, "s.ron").unwrap();
        assert_eq!((settings.new_per_day, settings.theme), (7, Theme::Dark));
        // Positions are the lines the editor shows.
        let bad = "\u{feff}Settings(\r\n    new_per_day: 7,\r\n    day_starts_at: 30,\r\n)";
        assert_eq!(
            Settings::parse_str(bad, "s.ron").unwrap_err()[0].to_string(),
            "s.ron:3:5: hour 30 is not 0–23"
        );
    }

    /// A bad value is found where it is, past comments and strings that mention its name — the
    /// same outline a deck's errors use.
    #[test]
    fn a_bad_value_is_found_past_comments_that_name_it() {
        let text = "/* reviews_per_day: 5 is\n   too few */\nSettings(\n    theme: Dark, // new_per_day: 1\n    new_per_day: 10000,\n    reviews_per_day: 100000,\n)";
        let errors: Vec<String> = Settings::parse_str(text, "s.ron")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "s.ron:5:5: the daily limit of new items is at most 9999",
                "s.ron:6:5: the daily limit of reviews is at most 99999",
            ]
        );
    }

    #[test]
    fn a_bad_file_is_set_aside_whole_and_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        assert_eq!(Settings::set_aside(&path, 5).unwrap(), None);
        std::fs::write(&path, "Settings(new_per_day: lots)").unwrap();
        assert!(Settings::load(&path).is_err());
        let aside = Settings::set_aside(&path, 5).unwrap().unwrap();
        assert_eq!(aside, dir.path().join("settings.ron.bad-5"));
        assert_eq!(
            std::fs::read_to_string(&aside).unwrap(),
            "Settings(new_per_day: lots)"
        );
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_for_settings_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap()
                .success()
        );
        let read = path.clone();
        let errors = crate::files::without_waiting(move || Settings::load(&read)).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            format!("{}:1:1: is a pipe, not a file", path.display())
        );
    }

    #[test]
    fn steps_parse_with_units() {
        assert_eq!(parse_step("1m"), Some(60));
        assert_eq!(parse_step("1d"), Some(86_400));
        for bad in ["", "m", "10", "0m", "1w", "-1m"] {
            assert_eq!(parse_step(bad), None, "{bad}");
        }
    }
}
