//! The speech engines talkdeck can drive, each a program the system may have: how each is asked
//! to speak (aloud, or into a WAV file), at what pace, with which voice, and how it lists voices.

use std::path::{Path, PathBuf};

use super::command::{Fill, Invocation, fill, has_placeholder, split_command};
use super::config::Speed;

/// An engine talkdeck knows, in the order [`discover`](super::discover) tries them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EngineKind {
    /// The learner's own command (Piper, say).
    Custom,
    /// speech-dispatcher's `spd-say` (Linux desktops).
    SpdSay,
    /// `espeak-ng` (Linux, and anywhere it is installed).
    EspeakNg,
    /// macOS `say`.
    Say,
    /// Windows PowerShell's `System.Speech`.
    PowerShell,
}

impl EngineKind {
    pub const ALL: [EngineKind; 5] = [
        EngineKind::Custom,
        EngineKind::SpdSay,
        EngineKind::EspeakNg,
        EngineKind::Say,
        EngineKind::PowerShell,
    ];

    /// The engine's name as Settings and the log say it.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Custom => "your command",
            EngineKind::SpdSay => "speech-dispatcher (spd-say)",
            EngineKind::EspeakNg => "espeak-ng",
            EngineKind::Say => "macOS say",
            EngineKind::PowerShell => "Windows speech (PowerShell)",
        }
    }

    /// The program looked for on `PATH` (none for the custom command).
    pub fn program(self) -> Option<&'static str> {
        match self {
            EngineKind::Custom => None,
            EngineKind::SpdSay => Some("spd-say"),
            EngineKind::EspeakNg => Some("espeak-ng"),
            EngineKind::Say => Some("say"),
            EngineKind::PowerShell => Some("powershell"),
        }
    }

    /// Whether this system can have it at all: `say` is macOS's, PowerShell's speech Windows's.
    pub fn on_this_system(self) -> bool {
        !matches!(self, EngineKind::Say if !cfg!(target_os = "macos"))
            && !matches!(self, EngineKind::PowerShell if !cfg!(windows))
    }
}

/// The fixed script PowerShell runs: the phrase comes on stdin, the voice, pace and file in
/// environment variables, so nothing the learner wrote is ever read as code.
pub const POWERSHELL_SPEAK: &str = "Add-Type -AssemblyName System.Speech; \
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; \
if ($env:TALKDECK_VOICE) { $s.SelectVoice($env:TALKDECK_VOICE) }; \
$s.Rate = [int]$env:TALKDECK_RATE; \
if ($env:TALKDECK_WAV) { $s.SetOutputToWaveFile($env:TALKDECK_WAV) } else { $s.SetOutputToDefaultAudioDevice() }; \
$s.Speak([Console]::In.ReadToEnd()); $s.Dispose()";

const POWERSHELL_VOICES: &str = "Add-Type -AssemblyName System.Speech; \
(New-Object System.Speech.Synthesis.SpeechSynthesizer).GetInstalledVoices() | \
ForEach-Object { $_.VoiceInfo.Name + '|' + $_.VoiceInfo.Culture.Name }";

fn powershell(program: &Path, script: &str) -> Invocation {
    Invocation::new(program)
        .arg("-NoProfile")
        .arg("-NonInteractive")
        .arg("-Command")
        .arg(script)
}

/// A voice an engine offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Voice {
    /// What the engine takes to select it.
    pub name: String,
    /// Its language, as the engine says it (`en-us`, `en_GB`, `en-US`).
    pub language: String,
    /// What Settings shows (`English (America) · en-us`).
    pub label: String,
}

impl Voice {
    fn named(name: &str, language: &str) -> Voice {
        Voice {
            name: name.to_owned(),
            language: language.to_owned(),
            label: format!("{name} · {language}"),
        }
    }
}

impl Voice {
    pub fn is_english(&self) -> bool {
        self.language.to_ascii_lowercase().starts_with("en")
    }
}

/// A found engine: its kind and the program that runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Engine {
    pub kind: EngineKind,
    pub program: PathBuf,
    /// The custom command's words, placeholders unfilled.
    words: Vec<String>,
}

impl Engine {
    pub fn new(kind: EngineKind, program: impl Into<PathBuf>) -> Engine {
        Engine {
            kind,
            program: program.into(),
            words: Vec::new(),
        }
    }

    /// The learner's own command, split into words; `None` if it is empty or a quote is open.
    pub fn custom(line: &str) -> Option<Engine> {
        let words = split_command(line).ok()?;
        Some(Engine {
            kind: EngineKind::Custom,
            program: PathBuf::from(words.first()?),
            words,
        })
    }

    /// What names this engine in the speech cache: the same phrase from another engine, program
    /// or command is another sound.
    pub fn identity(&self) -> String {
        format!(
            "{:?}\u{1f}{}\u{1f}{}",
            self.kind,
            self.program.display(),
            self.words.join("\u{1f}")
        )
    }

    /// Whether it can write a WAV file (then each phrase is made once and cached).
    pub fn writes_wav(&self) -> bool {
        match self.kind {
            EngineKind::SpdSay => false,
            EngineKind::Custom => has_placeholder(&self.words, "{wav}"),
            _ => true,
        }
    }

    /// The invocation that speaks `text` aloud (no file), or writes it to `wav`.
    pub fn invocation(
        &self,
        text: &str,
        voice: &str,
        speed: Speed,
        wav: Option<&Path>,
    ) -> Invocation {
        let wpm = speed.words_per_minute().to_string();
        let program = &self.program;
        match self.kind {
            EngineKind::Custom => fill(
                &self.words,
                &Fill {
                    text,
                    voice,
                    rate: &wpm,
                    wav,
                },
            )
            .unwrap_or_else(|| Invocation::new(program)),
            EngineKind::SpdSay => {
                // -w: return when spoken (so the player's time limit means something); -e: the
                // phrase from stdin.
                let rate = match speed {
                    Speed::Normal => "0",
                    Speed::Slow => "-40",
                };
                let mut run = Invocation::new(program)
                    .arg("-w")
                    .arg("-e")
                    .arg("-r")
                    .arg(rate);
                run = if voice.is_empty() {
                    run.arg("-l").arg("en")
                } else {
                    run.arg("-y").arg(voice)
                };
                run.stdin(text)
            }
            EngineKind::EspeakNg => {
                let voice = if voice.is_empty() { "en-us" } else { voice };
                let mut run = Invocation::new(program)
                    .arg("-v")
                    .arg(voice)
                    .arg("-s")
                    .arg(&wpm);
                if let Some(wav) = wav {
                    run = run.arg("-w").arg(wav);
                }
                run.arg("--stdin").stdin(text)
            }
            EngineKind::Say => {
                let mut run = Invocation::new(program);
                if !voice.is_empty() {
                    run = run.arg("-v").arg(voice);
                }
                run = run.arg("-r").arg(&wpm);
                if let Some(wav) = wav {
                    run = run.arg("-o").arg(wav).arg("--data-format=LEI16@22050");
                }
                run.arg("-f").arg("-").stdin(text)
            }
            EngineKind::PowerShell => {
                let rate = match speed {
                    Speed::Normal => "0",
                    Speed::Slow => "-4",
                };
                powershell(program, POWERSHELL_SPEAK)
                    .env("TALKDECK_VOICE", voice)
                    .env("TALKDECK_RATE", rate)
                    .env(
                        "TALKDECK_WAV",
                        wav.map(|w| w.as_os_str().to_owned()).unwrap_or_default(),
                    )
                    .stdin(text)
            }
        }
    }

    /// The invocation that lists the engine's voices, where it can.
    pub fn voices_invocation(&self) -> Option<Invocation> {
        let program = &self.program;
        match self.kind {
            EngineKind::Custom => None,
            EngineKind::SpdSay => Some(Invocation::new(program).arg("-L")),
            EngineKind::EspeakNg => Some(Invocation::new(program).arg("--voices=en")),
            EngineKind::Say => Some(Invocation::new(program).arg("-v").arg("?")),
            EngineKind::PowerShell => Some(powershell(program, POWERSHELL_VOICES)),
        }
    }

    /// The voices in what [`voices_invocation`](Self::voices_invocation) printed.
    pub fn parse_voices(&self, out: &str) -> Vec<Voice> {
        let mut voices: Vec<Voice> = match self.kind {
            EngineKind::Custom => Vec::new(),
            // "NAME  LANGUAGE  VARIANT", after a header line.
            EngineKind::SpdSay => out
                .lines()
                .skip(1)
                .filter_map(|line| {
                    let mut cols = line.split_whitespace();
                    Some(Voice::named(cols.next()?, cols.next()?))
                })
                .collect(),
            // "Pty Language Age/Gender VoiceName File Other": -v takes the file (`gmw/en-US`);
            // the MBROLA voices (`mb/…`) need a program and data most systems lack.
            EngineKind::EspeakNg => out
                .lines()
                .skip(1)
                .filter_map(|line| {
                    let cols: Vec<&str> = line.split_whitespace().collect();
                    let (language, name, file) = (cols.get(1)?, cols.get(3)?, cols.get(4)?);
                    // Variants (`!v/…`) change a voice; they are not voices of their own.
                    (!file.starts_with("mb/") && !file.starts_with("!v/")).then(|| Voice {
                        name: (*file).to_owned(),
                        language: (*language).to_owned(),
                        label: format!("{} · {language}", name.replace('_', " ")),
                    })
                })
                .collect(),
            // "Samantha            en_US    # Hello, my name is Samantha."
            EngineKind::Say => out
                .lines()
                .filter_map(|line| {
                    let (left, _) = line.split_once('#')?;
                    let mut cols: Vec<&str> = left.split_whitespace().collect();
                    let language = cols.pop()?;
                    (!cols.is_empty()).then(|| Voice::named(&cols.join(" "), language))
                })
                .collect(),
            // "Microsoft Zira Desktop|en-US"
            EngineKind::PowerShell => out
                .lines()
                .filter_map(|line| {
                    let (name, language) = line.trim().split_once('|')?;
                    Some(Voice::named(name, language))
                })
                .collect(),
        };
        voices.dedup();
        voices
    }
}

/// The voice to use when none is chosen: an English one (American first), since a Chinese
/// learner's system voice is often Chinese; empty when the engine lists none (its own default).
pub fn default_voice(kind: EngineKind, voices: &[Voice]) -> String {
    if kind == EngineKind::EspeakNg || kind == EngineKind::SpdSay {
        // Both are told the language instead (`-v en-us`, `-l en`).
        return String::new();
    }
    let american = |v: &&Voice| {
        let lang = v.language.to_ascii_lowercase().replace('_', "-");
        lang == "en-us"
    };
    voices
        .iter()
        .find(american)
        .or_else(|| voices.iter().find(|v| v.is_english()))
        .map(|v| v.name.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(run: &Invocation) -> Vec<String> {
        run.args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn each_engine_is_asked_with_the_phrase_on_stdin_never_as_an_option() {
        let wav = Path::new("/c/x.wav");
        let espeak = Engine::new(EngineKind::EspeakNg, "/usr/bin/espeak-ng");
        let run = espeak.invocation("-v is not an option here", "", Speed::Slow, Some(wav));
        assert_eq!(
            args(&run),
            ["-v", "en-us", "-s", "115", "-w", "/c/x.wav", "--stdin"]
        );
        assert_eq!(run.stdin.as_deref(), Some("-v is not an option here"));
        let spd = Engine::new(EngineKind::SpdSay, "spd-say");
        assert!(!spd.writes_wav());
        assert_eq!(
            args(&spd.invocation("Hi", "", Speed::Normal, None)),
            ["-w", "-e", "-r", "0", "-l", "en"]
        );
        let say = Engine::new(EngineKind::Say, "/usr/bin/say");
        assert_eq!(
            args(&say.invocation("Hi", "Samantha", Speed::Normal, Some(wav))),
            [
                "-v",
                "Samantha",
                "-r",
                "165",
                "-o",
                "/c/x.wav",
                "--data-format=LEI16@22050",
                "-f",
                "-"
            ]
        );
        let ps = Engine::new(EngineKind::PowerShell, "powershell");
        let run = ps.invocation("'; Remove-Item C:\\ #", "Zira", Speed::Slow, None);
        assert_eq!(args(&run)[3], POWERSHELL_SPEAK);
        assert_eq!(run.stdin.as_deref(), Some("'; Remove-Item C:\\ #"));
        assert!(run.env.contains(&("TALKDECK_RATE".into(), "-4".into())));
    }

    #[test]
    fn voices_are_read_from_what_each_engine_prints() {
        let espeak = Engine::new(EngineKind::EspeakNg, "espeak-ng");
        let out = "Pty Language       Age/Gender VoiceName          File                 Other Languages\n 2  en-gb          --/M      English_(Great_Britain) gmw/en\n 2  en-us            --/M      English_(America)  gmw/en-US\n 5  en-us           --/F      us-mbrola-1        mb/mb-us1            (en 8)\n 5  en              --/M      Storm              !v/Storm\n";
        let voices = espeak.parse_voices(out);
        // What -v takes (the file), named for people; MBROLA voices (most systems lack them) left out.
        assert_eq!(
            voices.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
            ["gmw/en", "gmw/en-US"]
        );
        assert_eq!(voices[1].label, "English (America) · en-us");
        let say = Engine::new(EngineKind::Say, "say");
        let out = "Ting-Ting           zh_CN    # 你好，我叫婷婷。\nDaniel              en_GB    # Hello, my name is Daniel.\nSamantha            en_US    # Hello, my name is Samantha.\nGood News           en_US    # We cannot communicate with these robots.\n";
        let voices = say.parse_voices(out);
        assert_eq!(voices.len(), 4);
        assert_eq!(voices[3].name, "Good News");
        // A Chinese system voice is never the default for English phrases.
        assert_eq!(default_voice(EngineKind::Say, &voices), "Samantha");
        let ps = Engine::new(EngineKind::PowerShell, "powershell");
        let voices =
            ps.parse_voices("Microsoft Huihui Desktop|zh-CN\r\nMicrosoft Zira Desktop|en-US\r\n");
        assert_eq!(
            default_voice(EngineKind::PowerShell, &voices),
            "Microsoft Zira Desktop"
        );
        assert_eq!(default_voice(EngineKind::PowerShell, &voices[..1]), "");
    }
}
