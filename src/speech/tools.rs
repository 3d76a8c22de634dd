//! Finding the system's programs: the speech engine, the player of WAV files and the recorder,
//! each in a fixed order per system, or the learner's own command.

use std::path::{Path, PathBuf};

use super::command::{Invocation, split_command};
use super::config::{EngineChoice, SpeechSettings};
use super::engine::{Engine, EngineKind};

/// Finds a program by name, as the system would run it; tests pass one over a folder of fakes.
pub type Finder<'a> = &'a dyn Fn(&str) -> Option<PathBuf>;

/// A [`Finder`] kept by [`Speech`](super::Speech), to find the programs again when the settings
/// change.
pub type SharedFinder = std::sync::Arc<dyn Fn(&str) -> Option<PathBuf> + Send + Sync>;

/// The program `name` on `PATH` (with Windows's `.exe`), if it is there and can be run.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let candidates = [dir.join(name), dir.join(format!("{name}.exe"))];
        candidates.into_iter().find(|p| runnable(p))
    })
}

fn runnable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// A player or a recorder: a command whose `{wav}` is the file (PowerShell's reads
/// `TALKDECK_WAV`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tool {
    /// Its name as Settings and the log say it.
    pub name: String,
    /// The learner's own command (Settings says so in the learner's language).
    pub custom: bool,
    words: Vec<String>,
}

impl Tool {
    fn new(name: &str, program: &Path, args: &[&str]) -> Tool {
        let mut words = vec![program.to_string_lossy().into_owned()];
        words.extend(args.iter().map(|a| (*a).to_owned()));
        Tool {
            name: name.to_owned(),
            custom: false,
            words,
        }
    }

    /// The learner's own command (checked by `SpeechSettings::problems`); `None` when empty.
    pub fn custom(line: &str) -> Option<Tool> {
        let words = split_command(line).ok().filter(|w| !w.is_empty())?;
        Some(Tool {
            name: "your command".to_owned(),
            custom: true,
            words,
        })
    }

    /// The run that plays or records `wav`.
    pub fn invocation(&self, wav: &Path) -> Invocation {
        let (program, args) = self.words.split_first().expect("a tool has a program");
        let mut run = Invocation::new(program).env("TALKDECK_WAV", wav.as_os_str());
        for arg in args {
            run = if arg == "{wav}" {
                run.arg(wav.as_os_str())
            } else {
                run.arg(arg.replace("{wav}", &wav.to_string_lossy()))
            };
        }
        run
    }
}

const POWERSHELL_PLAY: &str = "(New-Object Media.SoundPlayer $env:TALKDECK_WAV).PlaySync()";

/// The players tried, in order: PipeWire, PulseAudio, ALSA; macOS's; Windows's.
pub fn find_player(finder: Finder) -> Option<Tool> {
    let linux: [(&str, &[&str]); 3] = [
        ("pw-play", &["{wav}"]),
        ("paplay", &["{wav}"]),
        ("aplay", &["-q", "{wav}"]),
    ];
    let mac: [(&str, &[&str]); 1] = [("afplay", &["{wav}"])];
    let windows: [(&str, &[&str]); 1] = [(
        "powershell",
        &["-NoProfile", "-NonInteractive", "-Command", POWERSHELL_PLAY],
    )];
    let tried: &[(&str, &[&str])] = if cfg!(target_os = "macos") {
        &mac
    } else if cfg!(windows) {
        &windows
    } else {
        &linux
    };
    first_found(tried, finder)
}

/// The recorders tried, in order: PipeWire, PulseAudio, ALSA, then SoX anywhere. Each records
/// 16-bit mono at 22,050 Hz until it is stopped.
pub fn find_recorder(finder: Finder) -> Option<Tool> {
    let tried: [(&str, &[&str]); 4] = [
        (
            "pw-record",
            &[
                "--rate",
                "22050",
                "--channels",
                "1",
                "--format",
                "s16",
                "{wav}",
            ],
        ),
        (
            "parecord",
            &[
                "--rate=22050",
                "--channels=1",
                "--format=s16le",
                "--file-format=wav",
                "{wav}",
            ],
        ),
        (
            "arecord",
            &["-q", "-f", "S16_LE", "-r", "22050", "-c", "1", "{wav}"],
        ),
        (
            "sox",
            &["-q", "-d", "-r", "22050", "-c", "1", "-b", "16", "{wav}"],
        ),
    ];
    let tried = if cfg!(any(target_os = "macos", windows)) {
        &tried[3..]
    } else {
        &tried[..]
    };
    first_found(tried, finder)
}

fn first_found(tried: &[(&str, &[&str])], finder: Finder) -> Option<Tool> {
    tried
        .iter()
        .find_map(|(name, args)| finder(name).map(|program| Tool::new(name, &program, args)))
}

/// What this system offers for speech, found at start-up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// The engine that speaks (the chosen one, or the first found).
    pub engine: Option<Engine>,
    /// Every engine found, in order, for Settings.
    pub engines: Vec<EngineKind>,
    pub player: Option<Tool>,
    pub recorder: Option<Tool>,
}

impl Found {
    /// The engines, player and recorder on this system, by `settings`: a configured command
    /// first, then speech-dispatcher, espeak-ng, macOS `say`, Windows PowerShell.
    pub fn discover(settings: &SpeechSettings, finder: Finder) -> Found {
        let custom = Engine::custom(settings.custom_command.trim());
        let engines: Vec<EngineKind> = EngineKind::ALL
            .into_iter()
            .filter(|kind| kind.on_this_system())
            .filter(|kind| match kind.program() {
                None => custom.is_some(),
                Some(program) => finder(program).is_some(),
            })
            .collect();
        let make = |kind: EngineKind| match kind.program() {
            None => custom.clone(),
            Some(program) => finder(program).map(|path| Engine::new(kind, path)),
        };
        let engine = match settings.engine {
            EngineChoice::Off => None,
            EngineChoice::Auto => engines.first().copied().and_then(make),
            EngineChoice::Custom => make(EngineKind::Custom),
            EngineChoice::SpdSay => make(EngineKind::SpdSay),
            EngineChoice::EspeakNg => make(EngineKind::EspeakNg),
            EngineChoice::Say => make(EngineKind::Say),
            EngineChoice::PowerShell => make(EngineKind::PowerShell),
        };
        let player = Tool::custom(settings.player_command.trim()).or_else(|| find_player(finder));
        let recorder =
            Tool::custom(settings.recorder_command.trim()).or_else(|| find_recorder(finder));
        Found {
            engine,
            engines,
            player,
            recorder,
        }
    }
}

/// What to install for speech on this system, for Settings when no engine is found.
pub fn install_hint() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS has the `say` command built in; if it is missing, check that /usr/bin is on PATH."
    } else if cfg!(windows) {
        "Windows speech needs PowerShell (powershell.exe), part of every Windows since 7."
    } else {
        "Install espeak-ng (Debian, Ubuntu: sudo apt install espeak-ng; Fedora: sudo dnf install espeak-ng) \
         or speech-dispatcher, then restart talkdeck."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder_of(names: &'static [&'static str]) -> impl Fn(&str) -> Option<PathBuf> {
        move |name| {
            names
                .contains(&name)
                .then(|| PathBuf::from(format!("/bin/{name}")))
        }
    }

    #[test]
    fn engines_are_found_in_order_and_the_choice_is_kept() {
        let both = finder_of(&["spd-say", "espeak-ng", "aplay", "arecord", "paplay"]);
        let found = Found::discover(&SpeechSettings::default(), &both);
        assert_eq!(found.engines, [EngineKind::SpdSay, EngineKind::EspeakNg]);
        assert_eq!(found.engine.as_ref().unwrap().kind, EngineKind::SpdSay);
        if cfg!(target_os = "linux") {
            assert_eq!(found.player.as_ref().unwrap().name, "paplay");
            assert_eq!(found.recorder.as_ref().unwrap().name, "arecord");
        }
        let espeak = SpeechSettings {
            engine: EngineChoice::EspeakNg,
            ..SpeechSettings::default()
        };
        assert_eq!(
            Found::discover(&espeak, &both).engine.unwrap().kind,
            EngineKind::EspeakNg
        );
        // A configured command comes first in Auto.
        let custom = SpeechSettings {
            custom_command: "piper -m 'my voice.onnx' -f {wav}".into(),
            ..SpeechSettings::default()
        };
        let found = Found::discover(&custom, &both);
        assert_eq!(found.engine.as_ref().unwrap().kind, EngineKind::Custom);
        assert_eq!(found.engine.unwrap().program, PathBuf::from("piper"));
        // Off, or a chosen engine that is not there: none.
        let off = SpeechSettings {
            engine: EngineChoice::Off,
            ..SpeechSettings::default()
        };
        assert_eq!(Found::discover(&off, &both).engine, None);
        let none = finder_of(&[]);
        let found = Found::discover(&espeak, &none);
        assert_eq!(
            (found.engine, found.player, found.recorder),
            (None, None, None)
        );
        assert!(found.engines.is_empty());
    }

    #[test]
    fn a_tool_gets_the_file_as_one_argument() {
        let tool = Tool::custom("play -q {wav} --label=x{wav}").unwrap();
        let run = tool.invocation(Path::new("/my files/a.wav"));
        let args: Vec<_> = run
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args, ["-q", "/my files/a.wav", "--label=x/my files/a.wav"]);
    }
}
