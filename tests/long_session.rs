//! A learner's three days, through the app's real code: a scripted learner answers 150 items over
//! three simulated days (the daily limits apply) in Flip, Type and Choice, on every deck and on all
//! of them at once, with Agains, an undo a day and one "Study more". After every answer it checks
//! what a learner would notice: the same item never comes twice in a row while another can be
//! asked, Home and the session count the same, the progress bar never goes back, and the journal
//! holds every answer; after every session, that the summary is the journal's.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, Queryable};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use talkdeck::deck::Library;
use talkdeck::logging::{HandlerOptions, Level, MemoryHandler};
use talkdeck::srs::Rating;
use talkdeck::store::{DataDir, Entry, Store, StudyMode};
use talkdeck::study::queue_for;
use talkdeck::ui::{HomeView, Model, Screen, TalkdeckApp};

/// 2026-11-23 10:00 UTC.
const START: i64 = 1_795_428_000_000;
const DAY: i64 = 86_400_000;

fn journal(data: &DataDir) -> Vec<Entry> {
    std::fs::read_to_string(data.journal_path())
        .unwrap_or_default()
        .lines()
        .map(|l| ron::from_str(l).unwrap())
        .collect()
}

/// Answers that count in `entries`: reviews not undone, with their ratings.
fn counted(entries: &[Entry]) -> Vec<Rating> {
    let undone: HashSet<&str> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Undo { review, .. } => Some(review.as_str()),
            _ => None,
        })
        .collect();
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Review { id, rating, .. } if !undone.contains(id.as_str()) => Some(*rating),
            _ => None,
        })
        .collect()
}

fn exactly(label: &str) -> impl Fn(&AccessKitNode<'_>) -> bool + '_ {
    move |node| {
        node.role() == egui::accesskit::Role::Button && node.label().as_deref() == Some(label)
    }
}

/// What the learner does with a card: the rating they mean, and, in Type mode, whether they type
/// it right.
fn intent(rng: &mut StdRng) -> Rating {
    match rng.random_range(0..100) {
        0..15 => Rating::Again,
        15..22 => Rating::Hard,
        22..95 => Rating::Good,
        _ => Rating::Easy,
    }
}

const NEW_PER_DAY: u32 = 20;

#[test]
fn three_days_of_study_keep_every_count_and_record_straight() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let clock = Arc::new(AtomicI64::new(START));
    let now = || clock.load(Ordering::SeqCst);
    // One deck that starts no new items of its own accord, so "Study more" is needed for it.
    let settings = talkdeck::store::Settings {
        deck_new_per_day: [("jobs".to_owned(), 0)].into(),
        ..talkdeck::store::Settings::default()
    };
    settings.save(&data.settings_path()).unwrap();
    let model = {
        let clock = Arc::clone(&clock);
        Model {
            store: Store::open(&data, jiff::tz::TimeZone::UTC, START).unwrap(),
            library: Library::load(Some(&data.decks_dir())),
            memory: Arc::new(MemoryHandler::new(
                1_000,
                HandlerOptions::default().level(Level::INFO),
            )),
            log_file: Some(data.log_file()),
            file_handler: None,
            clock: Arc::new(move || clock.load(Ordering::SeqCst)),
            seed: 20_261_123,
            speech: talkdeck::speech::Speech::none(),
        }
    };
    let deck_ids: Vec<String> = model
        .library
        .decks
        .iter()
        .map(|(_, d)| d.id.clone())
        .collect();
    let app = TalkdeckApp::new(&egui::Context::default(), model);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 720.0))
        .with_context_setup(talkdeck::ui::install_fonts)
        .build_ui_state(|ui, app: &mut TalkdeckApp| app.frame(ui), app);
    h.run();

    let mut rng = StdRng::seed_from_u64(7);
    let modes = [StudyMode::Flip, StudyMode::Type, StudyMode::Choice];
    let mut answers = 0;
    let mut sessions = 0;
    let mut studied_more = false;
    let mut seen_modes = HashSet::new();
    let mut seen_decks = HashSet::new();
    let mut agains = 0;
    let mut undos = 0;
    let mut repeats = 0;
    let mut waits = 0;
    for day in 0..3 {
        clock.store(START + day * DAY, Ordering::SeqCst);
        h.state_mut().apply(talkdeck::ui::Action::Go(Screen::Home));
        h.run();
        let day_target = 50 * (day as usize + 1);
        let mut undone_today = false;
        while answers < day_target {
            // A session: every deck, or one deck, in turn; the modes in turn.
            let mode = modes[sessions % modes.len()];
            let scope: Vec<String> = match sessions % 6 {
                0 => Vec::new(),
                n => vec![deck_ids[n - 1].clone()],
            };
            sessions += 1;
            h.get_by_label(match mode {
                StudyMode::Flip => "Flip",
                StudyMode::Type => "Type",
                StudyMode::Choice => "Choice",
                StudyMode::Listen => "Listen",
            })
            .click();
            h.run();
            assert_eq!(
                h.state().model().store.settings().study_mode,
                mode,
                "remembered"
            );
            match scope.as_slice() {
                [] => h.get_by_label("Study now").click(),
                [deck] => {
                    let index = deck_ids.iter().position(|d| d == deck).unwrap();
                    h.get_all_by(exactly("Study")).nth(index).unwrap().click();
                }
                _ => unreachable!(),
            }
            h.run();
            if h.state().screen() == Screen::Home {
                // Nothing to study there: Home says why; once, the learner studies more.
                assert!(h.state().home_state().nothing_to_study.is_some());
                if !studied_more && h.query_by_label("Study 10 more new cards").is_some() {
                    studied_more = true;
                    h.get_by_label("Study 10 more new cards").click();
                    h.run();
                } else {
                    continue;
                }
            }
            assert_eq!(h.state().screen(), Screen::Study);
            let before = journal(&data);
            let mut last_item = None;
            let mut progress = 0.0_f32;
            let mut in_session = 0;
            while h.state().screen() == Screen::Study && in_session < 12 && answers < day_target {
                // Nothing can be asked yet: the screen waits for the next card's step, then
                // shows it by itself.
                if let Some(until) = h.state().study().unwrap().waiting_until {
                    assert!(until > now(), "waiting for a card that is not ready yet");
                    waits += 1;
                    clock.store(until, Ordering::SeqCst);
                    h.run();
                    let study = h.state().study();
                    assert!(
                        study.is_none_or(|s| s.card.is_some() || s.waiting_until.is_some()),
                        "the card is back"
                    );
                    continue;
                }
                let card = h.state().study().unwrap().card.clone().unwrap();
                let model = h.state().model();
                // The same item twice in a row only when nothing else can be asked.
                if last_item.as_ref() == Some(&card.prompt.item) {
                    let queue = queue_for(&model.library, &model.store, &scope, now());
                    assert_eq!(
                        queue.items.len(),
                        1,
                        "{} asked twice in a row",
                        card.prompt.item
                    );
                    assert!(card.again, "and the screen says it is the last one");
                    repeats += 1;
                }
                // Home and the session count the same.
                let home = HomeView::compute(model, now());
                let home_left = match scope.as_slice() {
                    [] => home.all.left,
                    [deck] => {
                        home.decks
                            .iter()
                            .find(|d| &d.id == deck)
                            .unwrap()
                            .outlook
                            .left
                    }
                    _ => unreachable!(),
                };
                assert_eq!(card.left, home_left, "Home and the session agree");
                let study = h.state().study().unwrap();
                assert!(
                    study.progress >= progress,
                    "the progress bar never goes back"
                );
                progress = study.progress;
                seen_modes.insert(card.asked);
                seen_decks.insert(card.prompt.item.parts().unwrap().0.to_owned());

                let rating = intent(&mut rng);
                match card.asked {
                    StudyMode::Flip | StudyMode::Listen => {
                        h.key_press(egui::Key::Space);
                        h.run();
                        h.key_press(
                            [
                                egui::Key::Num1,
                                egui::Key::Num2,
                                egui::Key::Num3,
                                egui::Key::Num4,
                            ][rating.number() as usize - 1],
                        );
                    }
                    StudyMode::Type => {
                        let typed = match rating {
                            Rating::Again => "something else entirely".to_owned(),
                            _ => card.prompt.accepted[0].to_lowercase(),
                        };
                        h.get_by_role(egui::accesskit::Role::TextInput)
                            .type_text(&typed);
                        h.run();
                        h.key_press(egui::Key::Enter);
                        h.run();
                        let shown = h.state().study().unwrap().card.clone().unwrap();
                        match shown.selected {
                            Some(_) => h.key_press(egui::Key::Enter),
                            // A reply of one's own: the learner grades it.
                            None => h.key_press(egui::Key::Num3),
                        }
                    }
                    StudyMode::Choice => {
                        let choice = card.choice.clone().unwrap();
                        let pick = if rating == Rating::Again {
                            (choice.correct + 1) % choice.options.len()
                        } else {
                            choice.correct
                        };
                        h.key_press(
                            [
                                egui::Key::Num1,
                                egui::Key::Num2,
                                egui::Key::Num3,
                                egui::Key::Num4,
                            ][pick],
                        );
                        h.run();
                        h.key_press(egui::Key::Enter);
                    }
                }
                clock.fetch_add(9_000, Ordering::SeqCst);
                h.run();
                answers += 1;
                in_session += 1;
                last_item = Some(card.prompt.item.clone());
                let entries = journal(&data);
                assert_eq!(
                    counted(&entries).len(),
                    answers,
                    "the journal holds every answer"
                );
                if let Some(Entry::Review { item, rating, .. }) = entries.last() {
                    assert_eq!(item, &card.prompt.item);
                    agains += usize::from(*rating == Rating::Again);
                }
                // Once a day, the learner takes an answer back: that item is asked again.
                if !undone_today && in_session == 3 && h.state().screen() == Screen::Study {
                    undone_today = true;
                    undos += 1;
                    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
                    h.run();
                    answers -= 1;
                    let again = h.state().study().unwrap().card.clone().unwrap();
                    assert_eq!(
                        again.prompt.item, card.prompt.item,
                        "the undone item comes back"
                    );
                    assert!(matches!(journal(&data).last(), Some(Entry::Undo { .. })));
                    last_item = None;
                }
            }
            if h.state().screen() == Screen::Study {
                h.key_press(egui::Key::Escape);
                h.run();
            }
            // The summary is the journal's.
            assert_eq!(h.state().screen(), Screen::Summary);
            let summary = h.state().summary().cloned().unwrap();
            let session: Vec<Rating> = counted(&journal(&data)[before.len()..]);
            assert_eq!(summary.reviewed, session.len(), "reviewed");
            assert_eq!(
                summary.correct,
                session.iter().filter(|r| **r != Rating::Again).count(),
                "right"
            );
            h.get_by_label("Back to Home").click();
            h.run();
            assert_eq!(h.state().screen(), Screen::Home);
        }
        // The daily limit held: at most 20 new items a day, 30 on the day of "Study more".
        let clock_now = now();
        let model = h.state().model();
        let done = talkdeck::study::done_today(&model.store, clock_now);
        let more = model
            .store
            .study_more_entries()
            .iter()
            .filter(|m| m.at >= START + day * DAY)
            .map(|m| m.new)
            .sum::<u32>();
        assert!(
            done.new <= NEW_PER_DAY + more,
            "day {day}: {} new",
            done.new
        );
    }
    assert_eq!(answers, 150);
    assert!(agains >= 10, "some Agains: {agains}");
    assert_eq!(seen_modes.len(), 3, "Flip, Type and Choice");
    assert_eq!(seen_decks.len(), 5, "every deck");
    assert!(studied_more, "\"Study more\" was needed and used");
    assert_eq!(undos, 3, "an undo a day");
    eprintln!(
        "{sessions} sessions, {agains} Agains, {repeats} items asked again at once, \
         {waits} waits for a step"
    );
}
