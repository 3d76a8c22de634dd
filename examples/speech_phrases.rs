//! Every English phrase of the built-in decks — each template variant of each card, and each
//! reply — synthesised to WAV by espeak-ng exactly as the app asks it (the speech module's own
//! engine invocation), each file checked to be audible and 0.3–6 s long.
//!
//! `cargo run --release --example speech_phrases` (needs `espeak-ng` on PATH)

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use talkdeck::deck::Library;
use talkdeck::speech::{Engine, EngineKind, Speed, find_on_path, run_to_end, wav};

fn main() {
    let Some(program) = find_on_path("espeak-ng") else {
        eprintln!("espeak-ng is not on PATH (Debian, Ubuntu: sudo apt install espeak-ng)");
        std::process::exit(2);
    };
    let engine = Engine::new(EngineKind::EspeakNg, program);
    let library = Library::load(None);
    let mut phrases = BTreeSet::new();
    for (_, deck) in &library.decks {
        for card in &deck.cards {
            for v in 0..card.n_variants().max(1) {
                let variant = card.variant(v);
                phrases.insert(variant.en);
                phrases.extend(variant.replies);
            }
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut times = Vec::with_capacity(phrases.len());
    let (mut shortest, mut longest) = (f64::MAX, 0.0f64);
    let mut bad = Vec::new();
    let started = Instant::now();
    for (n, text) in phrases.iter().enumerate() {
        let path = dir.path().join(format!("{n}.wav"));
        let run = engine.invocation(text, "", Speed::Normal, Some(&path));
        let t = Instant::now();
        if let Err(err) = run_to_end(&run, Duration::from_secs(10)) {
            bad.push(format!("{text:?}: {err}"));
            continue;
        }
        times.push(t.elapsed());
        match wav::inspect_file(&path) {
            Ok(info) if info.is_audible() && (0.3..=6.0).contains(&info.seconds()) => {
                shortest = shortest.min(info.seconds());
                longest = longest.max(info.seconds());
            }
            Ok(info) => bad.push(format!(
                "{text:?}: {:.2} s, peak {:.3}",
                info.seconds(),
                info.peak
            )),
            Err(err) => bad.push(format!("{text:?}: {err}")),
        }
    }
    let total = started.elapsed();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} phrases ({} checked) in {:.1} s: per phrase median {:.0} ms, p90 {:.0} ms, max {:.0} ms; \
         spoken {:.2}–{:.2} s",
        phrases.len(),
        times.len(),
        total.as_secs_f64(),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(*times.last().unwrap()),
        shortest,
        longest
    );
    if !bad.is_empty() {
        for line in &bad {
            eprintln!("  {line}");
        }
        eprintln!("{} phrases failed the check", bad.len());
        std::process::exit(1);
    }
}
