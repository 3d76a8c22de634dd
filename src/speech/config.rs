//! What the learner chooses about speech (a part of `settings.ron`): the engine, its voice and
//! speed, auto-play, and commands of their own for speaking, playing and recording.

use serde::{Deserialize, Serialize};

/// Which engine speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EngineChoice {
    /// The first found, in the order of [`super::EngineKind::ALL`].
    #[default]
    Auto,
    /// No speech at all.
    Off,
    Custom,
    SpdSay,
    EspeakNg,
    Say,
    PowerShell,
}

/// How fast phrases are spoken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Speed {
    #[default]
    Normal,
    /// For learners: about two thirds of the normal pace.
    Slow,
}

impl Speed {
    /// Words per minute, as `{rate}` gives it and `espeak-ng` and `say` take it.
    pub fn words_per_minute(self) -> u32 {
        match self {
            Speed::Normal => 165,
            Speed::Slow => 115,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeechSettings {
    pub engine: EngineChoice,
    /// The engine's voice; empty: an English voice of the engine's, chosen at start-up.
    pub voice: String,
    /// The pace of the speak button and auto-play (`S` always speaks slowly).
    pub speed: Speed,
    /// Speak the English of a card when it is shown.
    pub auto_play: bool,
    /// A command of the learner's own, with `{text}`, `{voice}`, `{rate}` and `{wav}`: used when
    /// `engine` is `Custom`, or first in `Auto` when set.
    pub custom_command: String,
    /// A player of the learner's own, with `{wav}`; empty: the system's.
    pub player_command: String,
    /// A recorder of the learner's own, with `{wav}` (stopped when the time is up); empty: the
    /// system's.
    pub recorder_command: String,
}

impl Default for SpeechSettings {
    fn default() -> SpeechSettings {
        SpeechSettings {
            engine: EngineChoice::Auto,
            voice: String::new(),
            speed: Speed::Normal,
            auto_play: true,
            custom_command: String::new(),
            player_command: String::new(),
            recorder_command: String::new(),
        }
    }
}

impl SpeechSettings {
    /// Every invalid value, by key (as `Settings::problems` gives them).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        use super::command::command_problem;
        let mut problems = Vec::new();
        let custom = self.custom_command.trim();
        if self.engine == EngineChoice::Custom && custom.is_empty() {
            problems.push((
                "speech.custom_command",
                "the custom engine needs a command".to_owned(),
            ));
        }
        for (key, line, needs) in [
            ("speech.custom_command", custom, &[][..]),
            (
                "speech.player_command",
                self.player_command.trim(),
                &["{wav}"][..],
            ),
            (
                "speech.recorder_command",
                self.recorder_command.trim(),
                &["{wav}"][..],
            ),
        ] {
            if let Some(problem) = (!line.is_empty())
                .then(|| command_problem(line, needs))
                .flatten()
            {
                problems.push((key, problem));
            }
        }
        problems
    }
}
