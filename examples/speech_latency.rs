//! From the speak key to the player process started, through the app's own speech handle
//! (`Speech`: its worker thread, cache and player), for the English of every built-in card:
//! uncached (espeak-ng synthesises the phrase first) and cached, and beside them the bare cost
//! of starting the same player on the same file, measured in the same run. No sound device is
//! needed: the player is `aplay -D null` (or `true` where there is no aplay).
//!
//! `cargo run --release --example speech_latency` (needs `espeak-ng` on PATH)

use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use talkdeck::deck::Library;
use talkdeck::speech::{
    EngineChoice, Event, Running, Setup, Speech, SpeechSettings, Speed, Tool, Utterance,
    find_on_path,
};

fn started(events: &Receiver<Event>) -> Duration {
    loop {
        match events
            .recv_timeout(Duration::from_secs(20))
            .expect("the player started")
        {
            Event::Started { asked, started, .. } => return started - asked,
            Event::Problem(problem) => panic!("{problem}"),
            _ => {}
        }
    }
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<34} n={:<4} min {:6.2} ms  median {:6.2} ms  p90 {:6.2} ms  max {:6.2} ms",
        times.len(),
        ms(&times[0]),
        ms(&times[times.len() / 2]),
        ms(&times[times.len() * 9 / 10]),
        ms(times.last().unwrap())
    );
}

fn main() {
    if find_on_path("espeak-ng").is_none() {
        eprintln!("espeak-ng is not on PATH (Debian, Ubuntu: sudo apt install espeak-ng)");
        std::process::exit(2);
    }
    let player = if find_on_path("aplay").is_some() {
        "aplay -q -D null {wav}"
    } else {
        "true {wav}"
    };
    let settings = SpeechSettings {
        engine: EngineChoice::EspeakNg,
        player_command: player.to_owned(),
        ..SpeechSettings::default()
    };
    let cache = tempfile::tempdir().expect("temp dir");
    let speech = Speech::start(&settings, Setup::system(cache.path()));
    assert!(speech.can_speak(), "espeak-ng was found");
    let events = speech.subscribe();
    let library = Library::load(None);
    let phrases: Vec<String> = library
        .decks
        .iter()
        .flat_map(|(_, deck)| deck.cards.iter().map(|c| c.variant(0).en))
        .collect();
    let bare_player = Tool::custom(player).expect("a player");
    let (mut uncached, mut cached, mut bare) = (Vec::new(), Vec::new(), Vec::new());
    for text in &phrases {
        speech.speak(Utterance::new(text, Speed::Normal));
        uncached.push(started(&events));
        speech.wait_quiet();
        speech.speak(Utterance::new(text, Speed::Normal));
        cached.push(started(&events));
        speech.wait_quiet();
        // The floor: starting the player by hand on a file in the cache.
        let file = std::fs::read_dir(cache.path())
            .expect("the cache")
            .flatten()
            .next()
            .expect("a cached phrase")
            .path();
        let t = Instant::now();
        let mut running = Running::start(&bare_player.invocation(&file), Duration::from_secs(30))
            .expect("started");
        bare.push(t.elapsed());
        while running.poll().is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    println!("{} built-in phrases, player: {player}", phrases.len());
    summary("speak → player started, uncached", uncached);
    summary("speak → player started, cached", cached);
    summary("player started by hand (floor)", bare);
}
