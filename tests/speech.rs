//! Speech through fake programs: the engine, player and recorder are shell scripts that note how
//! they were called. Each test waits for the speech thread with `wait_quiet`, never a sleep.
#![cfg(unix)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::speech::{Fakes, tone};
use talkdeck::deck::ItemId;
use talkdeck::logging::{self, HandlerOptions, Level, MemoryHandler};
use talkdeck::speech::{
    EngineChoice, Event, Limits, Setup, Speech, SpeechSettings, Speed, Utterance,
};
use talkdeck::store::DataDir;

fn events(rx: &std::sync::mpsc::Receiver<Event>) -> Vec<Event> {
    rx.try_iter().collect()
}

/// The problems reported so far, as the log and Settings say them.
fn problems(rx: &std::sync::mpsc::Receiver<Event>) -> Vec<String> {
    events(rx)
        .into_iter()
        .filter_map(|e| match e {
            Event::Problem(p) => Some(p),
            _ => None,
        })
        .collect()
}

#[test]
fn a_phrase_is_synthesised_once_per_voice_and_pace_and_played_from_the_cache() {
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    assert!(speech.can_speak());
    let rx = speech.subscribe();
    speech.speak(Utterance::new("Nice to meet you.", Speed::Normal));
    speech.wait_quiet();
    speech.speak(Utterance::new("Nice to meet you.", Speed::Normal));
    speech.wait_quiet();
    speech.speak(Utterance::new("Nice to meet you.", Speed::Slow));
    speech.wait_quiet();
    // Made twice (normal and slow), played three times, the second from the cache.
    assert_eq!(
        fakes.synthesised(),
        ["Nice to meet you.", "Nice to meet you."]
    );
    let synth_args: Vec<Vec<String>> = fakes
        .calls("espeak-ng")
        .into_iter()
        .map(|c| c.0)
        .filter(|a| a.iter().any(|x| x == "-w"))
        .collect();
    assert_eq!(&synth_args[0][..4], ["-v", "en-us", "-s", "165"]);
    assert_eq!(&synth_args[1][..4], ["-v", "en-us", "-s", "115"]);
    let played = fakes.played();
    assert_eq!(played.len(), 3);
    assert_eq!(played[0], played[1]);
    assert_ne!(played[0], played[2]);
    assert!(
        played
            .iter()
            .all(|p| p.starts_with(fakes.path("cache")) && p.is_file())
    );
    let cached: Vec<Option<bool>> = events(&rx)
        .into_iter()
        .filter_map(|e| match e {
            Event::Started { cached, .. } => Some(cached),
            _ => None,
        })
        .collect();
    assert_eq!(cached, [Some(false), Some(true), Some(false)]);
    // The voices were listed for Settings.
    let voices: Vec<String> = speech
        .status()
        .voices
        .iter()
        .map(|v| v.name.clone())
        .collect();
    assert_eq!(voices, ["gmw/en", "gmw/en-US"]);
}

#[test]
fn another_engine_or_voice_is_another_sound_in_the_cache() {
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    let mut speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    speech.speak(Utterance::new("Hi!", Speed::Normal));
    speech.wait_quiet();
    let british = SpeechSettings {
        voice: "en-gb".into(),
        ..SpeechSettings::default()
    };
    speech.restart(&british);
    speech.speak(Utterance::new("Hi!", Speed::Normal));
    speech.wait_quiet();
    speech.restart(&SpeechSettings::default());
    speech.speak(Utterance::new("Hi!", Speed::Normal));
    speech.wait_quiet();
    // en-us, en-gb, and en-us again from the cache.
    assert_eq!(fakes.synthesised().len(), 2);
    let played = fakes.played();
    assert_eq!(played.len(), 3);
    assert_ne!(played[0], played[1]);
    assert_eq!(played[0], played[2]);
}

#[test]
fn made_ahead_a_phrase_is_played_from_the_cache() {
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    let rx = speech.subscribe();
    speech.prepare(vec![
        Utterance::new("How's it going?", Speed::Normal),
        Utterance::new("How's it going?", Speed::Normal),
    ]);
    speech.wait_quiet();
    assert_eq!(fakes.synthesised(), ["How's it going?"]);
    assert!(fakes.played().is_empty(), "made ahead, not played");
    speech.speak(Utterance::new("How's it going?", Speed::Normal));
    speech.wait_quiet();
    assert_eq!(fakes.synthesised().len(), 1);
    assert!(events(&rx).iter().any(|e| matches!(
        e,
        Event::Started {
            cached: Some(true),
            ..
        }
    )));
}

#[test]
fn a_custom_command_gets_each_value_as_one_argument_and_no_shell_reads_it() {
    let fakes = Fakes::new();
    let tone_path = fakes.path("tone.wav");
    let tts = fakes.program(
        "tts",
        &format!(
            "for a in \"$@\"; do last=\"$a\"; done\ncp '{}' \"$last\"",
            tone_path.display()
        ),
    );
    fakes.player();
    let settings = SpeechSettings {
        engine: EngineChoice::Custom,
        voice: "my voice".into(),
        custom_command: format!(
            "'{}' --voice {{voice}} --rate={{rate}} --say {{text}} --out {{wav}}",
            tts.display()
        ),
        ..SpeechSettings::default()
    };
    let speech = Speech::start(&settings, fakes.setup());
    let pwned = fakes.path("pwned");
    let text = format!(
        "It's \"nice\"; $(touch {p}) `touch {p}` && touch {p} {{wav}}",
        p = pwned.display()
    );
    speech.speak(Utterance::new(&text, Speed::Slow));
    speech.wait_quiet();
    let calls = fakes.calls("tts");
    assert_eq!(calls.len(), 1);
    let args = &calls[0].0;
    assert_eq!(
        &args[..6],
        [
            "--voice",
            "my voice",
            "--rate=115",
            "--say",
            text.as_str(),
            "--out"
        ]
    );
    assert!(args[6].ends_with(".part.wav"));
    assert_eq!(
        calls[0].1, "",
        "the text is an argument, so nothing comes on stdin"
    );
    assert!(!pwned.exists(), "no shell ever read the phrase");
    assert_eq!(fakes.played().len(), 1);
}

#[test]
fn a_hung_engine_is_stopped_at_its_limit_warned_about_once_and_speech_goes_on() {
    let fakes = Fakes::new();
    let hang = fakes.program("hang", "exec sleep 30");
    fakes.player();
    let memory = Arc::new(MemoryHandler::new(100, HandlerOptions::default()));
    logging::get_logger("talkdeck.speech").add_handler(memory.clone());
    let mut setup = fakes.setup();
    setup.limits = Limits {
        synthesis: Duration::from_millis(300),
        ..setup.limits
    };
    let settings = SpeechSettings {
        custom_command: format!("{} {{wav}}", hang.display()),
        ..SpeechSettings::default()
    };
    let speech = Speech::start(&settings, setup);
    let rx = speech.subscribe();
    speech.speak(Utterance::new("Hi!", Speed::Normal));
    speech.wait_quiet();
    speech.speak(Utterance::new("Hello!", Speed::Normal));
    speech.wait_quiet();
    let problems = problems(&rx);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("did not finish within 0.3 s"),
        "{problems:?}"
    );
    assert!(fakes.played().is_empty());
    let warnings = memory
        .snapshot()
        .into_iter()
        .filter(|r| r.level == Level::WARNING && r.message.contains(&*hang.to_string_lossy()))
        .count();
    assert_eq!(
        warnings, 1,
        "a failing engine is warned about once per session"
    );
    assert_eq!(
        speech.status().problem.as_deref(),
        Some(problems[1].as_str())
    );
}

#[test]
fn without_a_player_the_engine_speaks_itself_and_without_an_engine_nothing_does() {
    let fakes = Fakes::new();
    fakes.espeak();
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    let rx = speech.subscribe();
    speech.speak(Utterance::new("Hi!", Speed::Normal));
    speech.wait_quiet();
    assert!(fakes.synthesised().is_empty());
    let spoken: Vec<_> = fakes
        .calls("espeak-ng")
        .into_iter()
        .filter(|(args, _)| args.iter().any(|a| a == "--stdin"))
        .collect();
    assert_eq!(spoken.len(), 1);
    assert_eq!(spoken[0].1, "Hi!");
    assert!(
        events(&rx)
            .iter()
            .any(|e| matches!(e, Event::Started { cached: None, .. }))
    );
    assert!(!speech.can_record());

    let empty = Fakes::new();
    let silent = Speech::start(&SpeechSettings::default(), empty.setup());
    assert!(!silent.can_speak() && !silent.can_record());
    silent.speak(Utterance::new("Hi!", Speed::Normal));
    silent.wait_quiet();
    let off = Speech::start(
        &SpeechSettings {
            engine: EngineChoice::Off,
            ..SpeechSettings::default()
        },
        fakes.setup(),
    );
    assert!(!off.can_speak());
}

#[test]
fn shadowing_keeps_the_latest_recording_per_item_and_plays_model_then_learner() {
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    let first = fakes.path("first.wav");
    std::fs::write(&first, tone(0.2)).unwrap();
    fakes.recorder(&first);
    let data = DataDir::new(fakes.path("data"));
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    assert!(speech.can_record());
    let rx = speech.subscribe();
    let hello = ItemId::new("greetings", "hello", talkdeck::deck::Direction::Produce);
    let to = data.recording_path(&hello).unwrap();
    assert!(to.starts_with(data.recordings_dir()));
    speech.shadow(Utterance::new("Hello!", Speed::Normal), to.clone());
    speech.wait_quiet();
    assert_eq!(std::fs::read(&to).unwrap(), tone(0.2));
    // Beside it, the phrase it says (a template card's recording is of one variant).
    assert_eq!(
        talkdeck::speech::recording_text(&to).as_deref(),
        Some("Hello!")
    );
    // The model, then the learner.
    let played = fakes.played();
    assert_eq!(played.len(), 2);
    assert!(played[0].starts_with(fakes.path("cache")));
    assert_eq!(played[1], to);
    assert!(
        events(&rx)
            .iter()
            .any(|e| matches!(e, Event::Recorded { path } if *path == to))
    );

    // Again: the new recording replaces the old one; another item has its own.
    std::fs::write(&first, tone(0.5)).unwrap();
    speech.shadow(Utterance::new("Hello!", Speed::Normal), to.clone());
    speech.wait_quiet();
    assert_eq!(std::fs::read(&to).unwrap(), tone(0.5));
    let bye = ItemId::new("greetings", "bye", talkdeck::deck::Direction::Produce);
    let other = data.recording_path(&bye).unwrap();
    speech.shadow(Utterance::new("Bye!", Speed::Normal), other.clone());
    speech.wait_quiet();
    let mut kept: Vec<String> = std::fs::read_dir(data.recordings_dir().join("greetings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            "bye.produce.txt",
            "bye.produce.wav",
            "hello.produce.txt",
            "hello.produce.wav"
        ]
    );
    // The recorder was asked for 16-bit mono.
    let recorded = fakes.calls("arecord");
    assert_eq!(
        &recorded[0].0[..7],
        ["-q", "-f", "S16_LE", "-r", "22050", "-c", "1"]
    );
}

#[test]
fn a_deck_recording_is_played_instead_of_the_voice_and_a_broken_one_falls_back() {
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    let own = fakes.path("hello.wav");
    std::fs::write(&own, tone(0.4)).unwrap();
    speech.speak(Utterance {
        recording: Some(own.clone()),
        ..Utterance::new("Hello!", Speed::Normal)
    });
    speech.wait_quiet();
    assert_eq!(fakes.played(), [own]);
    assert!(fakes.synthesised().is_empty());
    let broken = fakes.path("broken.mp3");
    std::fs::write(&broken, b"not an mp3").unwrap();
    speech.speak(Utterance {
        recording: Some(broken),
        ..Utterance::new("Hello!", Speed::Normal)
    });
    speech.wait_quiet();
    assert_eq!(fakes.synthesised(), ["Hello!"]);
    assert_eq!(fakes.played().len(), 2);
}

#[test]
fn a_data_folder_keeps_recordings_inside_it() {
    let data = DataDir::new("/d");
    let item = ItemId::new("my-deck", "card-1", talkdeck::deck::Direction::Reply);
    assert_eq!(
        data.recording_path(&item).unwrap(),
        std::path::Path::new("/d/recordings/my-deck/card-1.reply.wav")
    );
    let _ = Setup::system("/tmp/none");
}

#[test]
fn the_terminal_quiz_speaks_with_speak_and_asks_by_ear_in_listen_mode() {
    let fakes = Fakes::new();
    let espeak = fakes.espeak();
    let player = fakes.player();
    let data = tempfile::tempdir().unwrap();
    let settings = talkdeck::store::Settings {
        speech: SpeechSettings {
            engine: EngineChoice::EspeakNg,
            player_command: format!("'{}' {{wav}}", player.display()),
            ..SpeechSettings::default()
        },
        ..talkdeck::store::Settings::default()
    };
    settings
        .save(&DataDir::new(data.path()).settings_path())
        .unwrap();
    let path = format!(
        "{}:{}",
        fakes.dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_talkdeck"))
        .args(["--device", talkdeck::store::device_name(), "--data-dir"])
        .arg(data.path())
        .args(["quiz", "--deck", "greetings", "--limit", "2", "--seed", "7"])
        .args(["--speak", "--mode", "listen"])
        .env("PATH", path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    // Listen, ask for it again, show it, Good; twice.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"r\n\n3\n\n3\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.matches("  (listen)\n").count(), 2, "{stdout}");
    let heard: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("heard: "))
        .collect();
    assert_eq!(heard.len(), 2, "{stdout}");
    // Each phrase was made by the engine before it was heard; the first once more for `r`, from
    // the cache.
    let made = fakes.synthesised();
    assert_eq!(made, heard, "{stdout}");
    assert!(espeak.is_file());
    let log =
        std::fs::read_to_string(talkdeck::store::DataDir::new(data.path()).log_file()).unwrap();
    assert!(log.contains("speech engine: espeak-ng"), "{log}");
}

#[test]
fn closing_speech_never_waits_for_a_hung_engine() {
    let fakes = Fakes::new();
    let hang = fakes.program("hang", "exec sleep 30");
    fakes.player();
    let mut setup = fakes.setup();
    setup.limits = Limits {
        synthesis: Duration::from_secs(30),
        ..setup.limits
    };
    let settings = SpeechSettings {
        custom_command: format!("{} {{wav}}", hang.display()),
        ..SpeechSettings::default()
    };
    let speech = Speech::start(&settings, setup);
    speech.speak(Utterance::new("Hi!", Speed::Normal));
    // The engine has started (its call is on record) and will not end for 30 s.
    let asked = std::time::Instant::now();
    while fakes.calls("hang").is_empty() {
        assert!(
            asked.elapsed() < Duration::from_secs(20),
            "the engine never started"
        );
        std::thread::yield_now();
    }
    let closing = std::time::Instant::now();
    drop(speech);
    assert!(
        closing.elapsed() < Duration::from_secs(5),
        "the window closing (or a settings change) waited {:?} for the engine",
        closing.elapsed()
    );
}

#[test]
fn a_failing_player_is_reported_with_what_it_said() {
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.program(
        "aplay",
        "echo 'aplay: main:850: audio open error: No such device' >&2\nexit 1",
    );
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    let rx = speech.subscribe();
    speech.speak(Utterance::new("Hi!", Speed::Normal));
    speech.wait_quiet();
    let problems = problems(&rx);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("the player failed")
            && problems[0].ends_with("audio open error: No such device"),
        "{problems:?}"
    );
}

#[test]
fn stopping_a_recording_lets_the_recorder_finish_its_file_and_an_empty_one_is_no_failure() {
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    let sound = fakes.path("said.wav");
    std::fs::write(&sound, tone(0.2)).unwrap();
    // A recorder that writes its file when interrupted, as arecord and sox do on Ctrl+C.
    fakes.program(
        "arecord",
        &format!(
            "for a in \"$@\"; do last=\"$a\"; done\ntrap 'cp \"{}\" \"$last\"; exit 0' INT\ntouch '{}'\nsleep 30 &\nwait",
            sound.display(),
            fakes.path("listening").display()
        ),
    );
    let memory = Arc::new(MemoryHandler::new(100, HandlerOptions::default()));
    logging::get_logger("talkdeck.speech").add_handler(memory.clone());
    let data = DataDir::new(fakes.path("data"));
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    let rx = speech.subscribe();
    let item = ItemId::new("greetings", "hi", talkdeck::deck::Direction::Recognise);
    let to = data.recording_path(&item).unwrap();
    speech.shadow(Utterance::new("Hi!", Speed::Normal), to.clone());
    let started = |rx: &std::sync::mpsc::Receiver<Event>| loop {
        match rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the recorder started")
        {
            Event::RecordingStarted => break,
            _ => continue,
        }
    };
    started(&rx);
    // The recorder is ready for Ctrl+C once it says so (a real one that is not yet would be
    // stopped with nothing recorded, which the second half covers).
    let asked = std::time::Instant::now();
    while !fakes.path("listening").exists() {
        assert!(
            asked.elapsed() < Duration::from_secs(20),
            "the recorder never got ready"
        );
        std::thread::yield_now();
    }
    speech.stop_recording();
    speech.wait_quiet();
    assert_eq!(
        std::fs::read(&to).unwrap(),
        tone(0.2),
        "kept as the recorder finished it"
    );
    assert_eq!(fakes.played().last(), Some(&to), "then played back");

    // A recorder stopped before it wrote anything: nothing kept, nothing to warn about.
    fakes.program("arecord", "exec sleep 30");
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    let rx = speech.subscribe();
    let other = data
        .recording_path(&ItemId::new(
            "greetings",
            "bye",
            talkdeck::deck::Direction::Produce,
        ))
        .unwrap();
    speech.shadow(Utterance::new("Bye!", Speed::Normal), other.clone());
    started(&rx);
    speech.stop_recording();
    speech.wait_quiet();
    assert!(!other.exists());
    assert!(!events(&rx).iter().any(|e| matches!(e, Event::Problem(_))));
    assert!(
        !memory
            .snapshot()
            .iter()
            .any(|r| r.level >= Level::WARNING && r.message.contains("recorded nothing")),
        "stopping early is the learner's choice, not a failure"
    );
}

/// Whether the process `pid` is still running (Linux: not gone, not a zombie awaiting its reaper).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z'))
    })
}

#[test]
fn stopping_a_recorder_wrapped_in_a_shell_stops_the_real_recorder_too() {
    if !std::path::Path::new("/proc/self/stat").exists() {
        return; // Only Linux shows what is running this way.
    }
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    // `sh -c '…'` around the real recorder: the program started is the shell.
    let pid_file = fakes.path("recorder.pid");
    fakes.program(
        "arecord",
        &format!("sleep 300 &\necho $! > '{}'\nwait", pid_file.display()),
    );
    let speech = Speech::start(&SpeechSettings::default(), fakes.setup());
    let rx = speech.subscribe();
    let data = DataDir::new(fakes.path("data"));
    let to = data
        .recording_path(&ItemId::new(
            "greetings",
            "hi",
            talkdeck::deck::Direction::Produce,
        ))
        .unwrap();
    speech.shadow(Utterance::new("Hi!", Speed::Normal), to);
    loop {
        if let Event::RecordingStarted = rx.recv_timeout(Duration::from_secs(20)).unwrap() {
            break;
        }
    }
    let asked = std::time::Instant::now();
    let pid: u32 = loop {
        if let Some(pid) = std::fs::read_to_string(&pid_file)
            .ok()
            .and_then(|t| t.trim().parse().ok())
        {
            break pid;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(20),
            "the recorder never started"
        );
        std::thread::yield_now();
    };
    assert!(running(pid));
    speech.stop_recording();
    speech.wait_quiet();
    // Killed by now; the system takes a moment to end it.
    let stopped = std::time::Instant::now();
    while running(pid) && stopped.elapsed() < Duration::from_secs(5) {
        std::thread::yield_now();
    }
    assert!(
        !running(pid),
        "the real recorder (pid {pid}) still holds the microphone"
    );
}
