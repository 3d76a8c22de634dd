//! Fake speech programs for tests: shell scripts in a temporary folder that note their arguments
//! and what they read, write a short WAV where they are asked to, and exit. A [`Fakes`] folder
//! gives the [`Setup`] that finds them instead of the system's programs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use talkdeck::speech::{Limits, Setup};

pub struct Fakes {
    pub dir: tempfile::TempDir,
}

/// A loud half second of 8 kHz 16-bit mono; `pitch` tells two apart.
pub fn tone(pitch: f32) -> Vec<u8> {
    let samples: Vec<i16> = (0..4000)
        .map(|i| ((i as f32 * pitch).sin() * 16_000.0) as i16)
        .collect();
    let mut bytes = Vec::new();
    talkdeck::speech::wav::write_pcm16(&mut bytes, 8000, 1, &samples).unwrap();
    bytes
}

impl Fakes {
    pub fn new() -> Fakes {
        let fakes = Fakes {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(fakes.path("calls")).unwrap();
        std::fs::write(fakes.path("tone.wav"), tone(0.3)).unwrap();
        fakes
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A program `name` running `body` after noting its arguments (one per line) and its stdin in
    /// `calls/<n>.<name>.args` and `.stdin`.
    pub fn program(&self, name: &str, body: &str) -> PathBuf {
        let calls = self.path("calls");
        let script = format!(
            "#!/bin/sh\nn=$(ls '{calls}' | wc -l)\nn=$((n / 2))\nprintf '%s\\n' \"$@\" > '{calls}/'$n.{name}.args\ncat > '{calls}/'$n.{name}.stdin\n{body}\n",
            calls = calls.display()
        );
        let path = self.path(name);
        std::fs::write(&path, script).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        path
    }

    /// `espeak-ng` that writes the tone where `-w` says, and lists two English voices.
    pub fn espeak(&self) -> PathBuf {
        let tone = self.path("tone.wav");
        self.program(
            "espeak-ng",
            &format!(
                "prev=''\nfor a in \"$@\"; do\n  if [ \"$a\" = '--voices=en' ]; then echo 'Pty Language Age/Gender VoiceName File'; echo ' 2  en-gb --/M English gmw/en'; echo ' 2  en-us --/M English_(America) gmw/en-US'; fi\n  if [ \"$prev\" = '-w' ]; then cp '{}' \"$a\"; fi\n  prev=\"$a\"\ndone",
                tone.display()
            ),
        )
    }

    /// A player (found as `aplay`) that only notes what it was given.
    pub fn player(&self) -> PathBuf {
        self.program("aplay", "")
    }

    /// A recorder (found as `arecord`) that "records" `sound` into its last argument and stops.
    pub fn recorder(&self, sound: &Path) -> PathBuf {
        self.program(
            "arecord",
            &format!(
                "for a in \"$@\"; do last=\"$a\"; done\ncp '{}' \"$last\"",
                sound.display()
            ),
        )
    }

    /// The setup that finds only the fakes made so far, with short limits.
    pub fn setup(&self) -> Setup {
        let dir = self.dir.path().to_owned();
        Setup::new(
            Arc::new(move |name: &str| {
                let path = dir.join(name);
                path.is_file().then_some(path)
            }),
            self.path("cache"),
            Limits {
                synthesis: std::time::Duration::from_millis(2_000),
                playing: std::time::Duration::from_millis(2_000),
                listing: std::time::Duration::from_millis(2_000),
            },
        )
    }

    /// Every call of `name`, in order: its arguments and its stdin.
    pub fn calls(&self, name: &str) -> Vec<(Vec<String>, String)> {
        let mut calls: Vec<(usize, Vec<String>, String)> = std::fs::read_dir(self.path("calls"))
            .unwrap()
            .flatten()
            .filter_map(|e| {
                let file = e.file_name().to_string_lossy().into_owned();
                let n = file.strip_suffix(&format!(".{name}.args"))?.parse().ok()?;
                let args = std::fs::read_to_string(e.path()).unwrap();
                let stdin =
                    std::fs::read_to_string(e.path().with_extension("stdin")).unwrap_or_default();
                Some((n, args.lines().map(str::to_owned).collect(), stdin))
            })
            .collect();
        calls.sort();
        calls
            .into_iter()
            .map(|(_, args, stdin)| (args, stdin))
            .collect()
    }

    /// The files the player was given, in order.
    pub fn played(&self) -> Vec<PathBuf> {
        self.calls("aplay")
            .into_iter()
            .map(|(args, _)| PathBuf::from(args.last().unwrap()))
            .collect()
    }

    /// What the engine was asked to say into a file, in order.
    pub fn synthesised(&self) -> Vec<String> {
        self.calls("espeak-ng")
            .into_iter()
            .filter(|(args, _)| args.iter().any(|a| a == "-w"))
            .map(|(_, stdin)| stdin)
            .collect()
    }
}
