//! The Study screen with speech, through fake programs (the engine and player are shell scripts
//! that note how they were called): Listen mode, the speak keys, auto-play, and no speech at all.
#![cfg(unix)]

mod support;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::speech::Fakes;
use support::{Folder, NOW, exactly, harness};
use talkdeck::deck::Direction;
use talkdeck::speech::{Speech, SpeechSettings};
use talkdeck::store::StudyMode;
use talkdeck::ui::{CardView, TalkdeckApp};

/// The app over a fresh folder, speaking through `fakes`, with `speech` settings.
fn app(folder: &Folder, fakes: &Fakes, speech: SpeechSettings) -> Harness<'static, TalkdeckApp> {
    let mut model = folder.model();
    let mut settings = model.store.settings().clone();
    settings.speech = speech;
    model.store.set_settings(settings, NOW).unwrap();
    model.speech = Speech::start(&model.store.settings().speech, fakes.setup());
    let mut h = harness(model);
    h.run();
    h
}

/// The app over a fresh folder with a fake engine and player.
fn speaking(speech: SpeechSettings) -> (Folder, Fakes, Harness<'static, TalkdeckApp>) {
    let folder = Folder::new();
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    let h = app(&folder, &fakes, speech);
    (folder, fakes, h)
}

fn card(h: &Harness<'static, TalkdeckApp>) -> CardView {
    h.state().study().unwrap().card.clone().unwrap()
}

/// Lets the speech thread finish what it was asked, then runs a frame.
fn quiet(h: &mut Harness<'static, TalkdeckApp>) {
    h.state().model().speech.wait_quiet();
    h.run();
}

/// Answers the first new card of each deck Easy in Flip mode (their produce items), then moves
/// the clock on a month: those cards' recognise items are new today, and their produce items due.
fn study_ahead(h: &mut Harness<'static, TalkdeckApp>, folder: &Folder) {
    start(h, "Flip");
    for _ in 0..5 {
        h.key_press(egui::Key::Space);
        h.run();
        h.key_press(egui::Key::Num4);
        h.run();
    }
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(
        h.state().study().map(|s| s.reviewed),
        None,
        "{:?}",
        h.state().screen()
    );
    h.get_by(exactly("Home")).click();
    h.run();
    h.state().model().speech.wait_quiet();
    folder
        .clock
        .fetch_add(30 * 86_400_000, std::sync::atomic::Ordering::Relaxed);
}

fn start(h: &mut Harness<'static, TalkdeckApp>, mode: &str) {
    h.get_by(exactly(mode)).click();
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    quiet(h);
}

#[test]
fn listen_mode_asks_by_ear_and_shows_the_english_once_revealed() {
    let (folder, fakes, mut h) = speaking(SpeechSettings::default());
    study_ahead(&mut h, &folder);
    start(&mut h, "Listen");
    let (mut by_ear, mut produce) = (0, 0);
    for _ in 0..40 {
        if by_ear >= 2 && produce >= 2 {
            break;
        }
        let card = card(&h);
        let played = fakes.played().len();
        if card.prompt.direction == Direction::Produce {
            // Asked as in Flip: the Chinese cue, and the English spoken once revealed.
            assert_eq!(card.asked, StudyMode::Flip);
            h.key_press(egui::Key::Space);
            h.run();
            quiet(&mut h);
            assert_eq!(fakes.played().len(), played + 1, "the answer is spoken");
            produce += 1;
        } else {
            assert_eq!(card.asked, StudyMode::Listen);
            // Spoken, not shown.
            assert!(
                h.query_by_label(&card.prompt.cue).is_none(),
                "{}",
                card.prompt.cue
            );
            assert!(
                fakes
                    .calls("espeak-ng")
                    .iter()
                    .any(|c| c.1 == card.prompt.en)
            );
            assert!(played >= 1);
            // R again, S slowly.
            h.key_press(egui::Key::R);
            h.run();
            quiet(&mut h);
            assert_eq!(fakes.played().len(), played + 1);
            h.key_press(egui::Key::S);
            h.run();
            quiet(&mut h);
            assert_eq!(fakes.played().len(), played + 2);
            let slow = fakes.calls("espeak-ng").into_iter().any(|(args, stdin)| {
                stdin == card.prompt.en && args.windows(2).any(|w| w == ["-s", "115"])
            });
            assert!(slow, "S speaks slowly");
            h.get_by(exactly("Show the English")).click();
            h.run();
            h.get_by_label(&card.prompt.cue);
            by_ear += 1;
        }
        let before = fakes.played().len();
        h.key_press(egui::Key::Num3);
        h.run();
        quiet(&mut h);
        let next = card_after(&h, &card);
        if next.prompt.direction != Direction::Produce {
            assert_eq!(
                fakes.played().len(),
                before + 1,
                "the next cue is heard at once"
            );
        }
    }
    assert!(
        by_ear >= 2 && produce >= 2,
        "{by_ear} by ear, {produce} produce"
    );
    let modes: Vec<StudyMode> = folder
        .journal()
        .into_iter()
        .filter_map(|e| match e {
            talkdeck::store::Entry::Review { mode, .. } => Some(mode),
            _ => None,
        })
        .collect();
    assert!(modes.contains(&StudyMode::Listen) && modes.contains(&StudyMode::Flip));
}

fn card_after(h: &Harness<'static, TalkdeckApp>, before: &CardView) -> CardView {
    let next = card(h);
    assert_ne!(next.prompt.item, before.prompt.item);
    next
}

#[test]
fn the_speak_key_reads_the_english_only_once_it_is_on_screen() {
    let (folder, fakes, mut h) = speaking(SpeechSettings {
        auto_play: false,
        ..SpeechSettings::default()
    });
    study_ahead(&mut h, &folder);
    let made_ahead = fakes.played().len();
    start(&mut h, "Flip");
    // Nothing was said, but the next items' English is made already, every variant.
    {
        let m = h.state().model();
        let queue = talkdeck::study::queue_for(&m.library, &m.store, &[], m.now());
        let shown = card(&h).prompt.item;
        let next = queue.items.iter().find(|i| **i != shown).unwrap();
        let (deck, card_id, _) = next.parts().unwrap();
        let next_card = m.library.deck(deck).unwrap().card(card_id).unwrap();
        let made = fakes.synthesised();
        for v in 0..next_card.n_variants().min(4) {
            let en = next_card.variant(v).en;
            assert!(made.contains(&en), "{en:?} made ahead: {made:?}");
        }
    }
    let (mut produce, mut english_cue) = (0, 0);
    for _ in 0..40 {
        if produce >= 1 && english_cue >= 1 {
            break;
        }
        let card = card(&h);
        assert!(fakes.played().len() == made_ahead || produce + english_cue > 0);
        let played = fakes.played().len();
        if card.prompt.direction == Direction::Produce {
            // The English is the answer: not read before it is shown.
            h.key_press(egui::Key::R);
            h.run();
            quiet(&mut h);
            assert_eq!(fakes.played().len(), played);
            assert!(h.query_by(exactly("🔊 Speak")).is_none());
            h.key_press(egui::Key::Space);
            h.run();
            quiet(&mut h);
            assert_eq!(fakes.played().len(), played, "auto-play is off");
            h.get_by(exactly("🔊 Speak")).click();
            h.run();
            quiet(&mut h);
            produce += 1;
        } else {
            assert_eq!(fakes.played().len(), played, "auto-play is off");
            h.key_press(egui::Key::R);
            h.run();
            quiet(&mut h);
            english_cue += 1;
        }
        assert_eq!(fakes.played().len(), played + 1);
        let spoken = fakes.calls("espeak-ng");
        let last_made = spoken
            .iter()
            .rev()
            .find(|(args, _)| args.iter().any(|a| a == "-w"));
        // What was played is the card's English (made now, or before, from the cache).
        assert!(
            last_made.is_some_and(|(_, stdin)| fakes.synthesised().contains(stdin))
                && fakes.synthesised().contains(&card.prompt.en),
            "{}",
            card.prompt.en
        );
        h.key_press(egui::Key::Space);
        h.run();
        h.key_press(egui::Key::Num3);
        h.run();
        quiet(&mut h);
    }
    assert!(produce >= 1 && english_cue >= 1);
}

#[test]
fn auto_play_reads_each_english_cue_as_it_is_shown_and_r_is_text_while_typing() {
    let (folder, fakes, mut h) = speaking(SpeechSettings::default());
    study_ahead(&mut h, &folder);
    start(&mut h, "Flip");
    let mut cues = 0;
    for _ in 0..30 {
        let card = card(&h);
        let played = fakes.played().len();
        h.key_press(egui::Key::Space);
        h.run();
        quiet(&mut h);
        // A produce item's English is spoken when its answer shows; a cue was spoken already.
        if card.prompt.direction == Direction::Produce {
            assert_eq!(fakes.played().len(), played + 1);
        } else {
            cues += 1;
        }
        h.key_press(egui::Key::Num3);
        h.run();
        quiet(&mut h);
        let next = card_after(&h, &card);
        let expected = usize::from(next.prompt.direction != Direction::Produce);
        let now = fakes.played().len();
        let before_next = played + usize::from(card.prompt.direction == Direction::Produce);
        assert_eq!(now, before_next + expected, "{:?}", next.prompt.direction);
        if cues >= 2 {
            break;
        }
    }
    assert!(cues >= 2);
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by(exactly("Back to Home")).click();
    h.run();

    // Type mode: while the answer field has the keyboard, R is a letter.
    let played = fakes.played().len();
    start(&mut h, "Type");
    let played = fakes.played().len().max(played);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("r");
    h.run();
    h.key_press(egui::Key::R);
    h.run();
    quiet(&mut h);
    assert_eq!(fakes.played().len(), played);
    assert!(card(&h).typed.starts_with('r'), "{:?}", card(&h).typed);
}

#[test]
fn without_an_engine_there_is_no_speak_button_no_listen_mode_and_r_does_nothing() {
    let folder = Folder::new();
    let fakes = Fakes::new();
    // A player alone speaks nothing.
    fakes.player();
    let mut h = app(&folder, &fakes, SpeechSettings::default());
    assert!(h.query_by(exactly("Listen")).is_none());
    start(&mut h, "Flip");
    h.key_press(egui::Key::R);
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::R);
    h.run();
    assert!(h.query_by(exactly("🔊 Speak")).is_none());
    assert!(h.query_by(exactly("🎤 Say it")).is_none());
    assert!(fakes.played().is_empty());
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("No speech engine was found, so phrases are not read aloud.");
}

#[test]
fn your_recording_is_offered_only_with_the_phrase_it_says() {
    let folder = Folder::new();
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    let said = fakes.path("said.wav");
    std::fs::write(&said, support::speech::tone(0.2)).unwrap();
    fakes.recorder(&said);
    let mut h = app(&folder, &fakes, SpeechSettings::default());
    start(&mut h, "Flip");
    h.key_press(egui::Key::Space);
    h.run();
    let shown = card(&h);
    let to = shown.recording.clone().unwrap();
    assert!(!shown.has_recording);
    // V: the learner says it; kept with the phrase on screen, and offered back.
    h.key_press(egui::Key::V);
    h.run();
    quiet(&mut h);
    assert_eq!(
        talkdeck::speech::recording_text(&to).as_deref(),
        Some(shown.prompt.en.as_str())
    );
    assert!(card(&h).has_recording);
    let played = fakes.played().len();
    h.get_by(exactly("▶ Your recording")).click();
    h.run();
    quiet(&mut h);
    assert_eq!(fakes.played().len(), played + 1);
    assert_eq!(fakes.played().last(), Some(&to));
    // A recording of another variant of the card is not offered with this one: graded, taken
    // back (Ctrl+Z), the card is shown again as it was.
    std::fs::write(talkdeck::speech::recording_text_path(&to), "Good evening!").unwrap();
    h.key_press(egui::Key::Num3);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let again = card(&h);
    assert_eq!(again.prompt.item, shown.prompt.item);
    assert_eq!(again.prompt.en, shown.prompt.en);
    assert!(
        !again.has_recording,
        "a recording of another phrase is not this one's"
    );
}

#[test]
fn a_recording_stopped_before_anything_was_said_is_not_offered() {
    let folder = Folder::new();
    let fakes = Fakes::new();
    fakes.espeak();
    fakes.player();
    // A recorder that records nothing until it is stopped.
    fakes.program("arecord", "exec sleep 30");
    let mut h = app(&folder, &fakes, SpeechSettings::default());
    start(&mut h, "Flip");
    h.key_press(egui::Key::Space);
    h.run();
    quiet(&mut h);
    let events = h.state().model().speech.subscribe();
    h.key_press(egui::Key::V);
    h.run();
    loop {
        let event = events
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap();
        if matches!(event, talkdeck::speech::Event::RecordingStarted) {
            break;
        }
    }
    // V again: stopped at once, nothing said.
    h.key_press(egui::Key::V);
    h.run();
    quiet(&mut h);
    let shown = card(&h);
    assert!(!shown.recording.as_ref().unwrap().exists());
    assert!(
        !shown.has_recording,
        "nothing was kept, so nothing is offered"
    );
}
