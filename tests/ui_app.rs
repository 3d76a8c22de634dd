//! The desktop app under egui_kittest: real screens, label and role queries, a temporary data
//! folder, a fixed clock and seed. The bundled CJK font is installed as the app installs it, so a
//! missing glyph fails the test.

use std::sync::Arc;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{AccessKitNode, NodeT, Queryable};
use talkdeck::deck::Library;
use talkdeck::logging::Level;
use talkdeck::srs::Phase;
use talkdeck::store::{Entry, Settings, Store, StudyMode};
use talkdeck::study::queue_for;
use talkdeck::ui::{HomeView, Screen, TalkdeckApp};

mod support;

use support::{Folder, NOW, button, exactly, harness};

/// Types `text` into the Decks screen's search field, in place of what it held.
fn search_decks(h: &mut Harness<'static, TalkdeckApp>, text: &str) {
    let field = |node: &AccessKitNode<'_>| {
        node.role() == egui::accesskit::Role::TextInput && node.label().as_deref() == Some("Search")
    };
    if let Some(clear) = h.query_by(exactly("×")) {
        clear.click();
        h.run();
    }
    h.get_by(field).focus();
    h.run();
    h.get_by(field).type_text(text);
    h.run();
}

fn reviews(entries: &[Entry]) -> Vec<(String, talkdeck::srs::Rating, StudyMode)> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Review {
                item, rating, mode, ..
            } => Some((item.as_str().to_owned(), *rating, *mode)),
            _ => None,
        })
        .collect()
}

#[test]
fn home_lists_the_built_in_decks_with_their_counts() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    let view = h.state_mut().home_view().clone();
    assert_eq!(view.decks.len(), 5);
    for deck in &view.decks {
        h.get_by_label(&deck.name);
        h.get_by_label(&deck.name_zh);
        assert!(
            deck.new > 0 && deck.learning == 0 && deck.due == 0,
            "{deck:?}"
        );
    }
    let greetings = &view.decks[0];
    assert_eq!(greetings.id, "greetings");
    // A fresh deck's count is what a session on it starts today: the daily limit, one direction
    // per card; the rest wait.
    let library = Library::load(None);
    assert_eq!(greetings.new, 20);
    assert_eq!(
        greetings.new + greetings.outlook.new_waiting,
        library.deck("greetings").unwrap().n_items()
    );
    assert!(h.query_all_by_label(&greetings.new.to_string()).count() >= 1);
    h.get_by_label("Study now");
    assert_eq!(
        h.query_all_by(button("Study")).count(),
        6,
        "Study now and one per deck"
    );
}

/// A card that has come due since Home counted is counted without going anywhere: the frames'
/// periodic look (every two seconds of use) counts again once the next card is ready.
#[test]
fn home_counts_a_card_again_once_it_is_due() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    h.get_by_label("Show answer").click();
    h.run();
    h.get_by(button("Easy")).click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Back to Home").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Home);
    let due = h.state_mut().home_view().total_due;
    folder
        .clock
        .fetch_add(60 * 24 * 3_600_000, std::sync::atomic::Ordering::Relaxed);
    h.state_mut().check_arrivals();
    h.run();
    assert_eq!(h.state_mut().home_view().total_due, due + 1);
}

#[test]
fn flip_show_answer_then_good_is_journaled_and_rescheduled() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Study);
    let prompt = h
        .state()
        .study()
        .unwrap()
        .card
        .as_ref()
        .unwrap()
        .prompt
        .clone();
    h.get_by_label(&prompt.cue);
    assert!(
        h.query_by(button("Good")).is_none(),
        "no grading before the answer"
    );
    h.get_by_label("Show answer").click();
    h.run();
    h.get_by_label(&prompt.en);
    h.get_by(button("Good")).click();
    h.run();
    let journal = folder.journal();
    assert_eq!(
        reviews(&journal),
        [(
            prompt.item.as_str().to_owned(),
            talkdeck::srs::Rating::Good,
            StudyMode::Flip
        )]
    );
    let state = h.state().model().store.state(&prompt.item);
    assert_eq!(state.phase, Phase::Learning);
    assert!(state.due_ms > NOW, "rescheduled into the future");
    let next = h.state().study().unwrap().card.as_ref().unwrap();
    assert_ne!(next.prompt.item, prompt.item, "the next card is up");
}

#[test]
fn type_mode_checks_a_right_and_a_wrong_answer() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Type").click();
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    let card = h.state().study().unwrap().card.clone().unwrap();
    let right = card.prompt.accepted[0].clone();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&right);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Right");
    let shown = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(
        shown.selected,
        Some(talkdeck::srs::Rating::Good),
        "Good suggested"
    );
    h.key_press(egui::Key::Enter);
    h.run();

    let second = h.state().study().unwrap().card.clone().unwrap();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("completely wrong words");
    h.run();
    h.get_by_label("Check").click();
    h.run();
    h.get_by_label("Not quite");
    let shown = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(shown.selected, Some(talkdeck::srs::Rating::Again));
    // The learner overrides the suggestion.
    h.get_by(button("Hard")).click();
    h.run();
    assert_eq!(
        reviews(&folder.journal()),
        [
            (
                card.prompt.item.as_str().to_owned(),
                talkdeck::srs::Rating::Good,
                StudyMode::Type
            ),
            (
                second.prompt.item.as_str().to_owned(),
                talkdeck::srs::Rating::Hard,
                StudyMode::Type
            ),
        ]
    );
}

#[test]
fn choice_mode_right_is_good_and_wrong_is_again_with_the_answer_shown() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Choice").click();
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    let card = h.state().study().unwrap().card.clone().unwrap();
    let choice = card.choice.clone().unwrap();
    assert_eq!(choice.options.len(), 4);
    let wrong = (choice.correct + 1) % 4;
    h.key_press(
        [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
        ][wrong],
    );
    h.run();
    h.get_by_label("Not quite");
    let after = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(after.chosen, Some(wrong));
    assert_eq!(after.selected, Some(talkdeck::srs::Rating::Again));
    h.get_by_label("The answer");
    h.key_press(egui::Key::Enter);
    h.run();

    let second = h.state().study().unwrap().card.clone().unwrap();
    let choice = second.choice.clone().unwrap();
    let right = choice.options[choice.correct].clone();
    h.get_by(button(&right)).click();
    h.run();
    h.get_by_label("Right");
    h.get_by_label("Enter: next · Ctrl+Z: undo · Esc: end");
    // The grade buttons offer no number keys either.
    h.get_by(button("Good\n"));
    assert!(h.query_by(button("3 Good")).is_none());
    // A number pressed again after the pick (a double press) neither grades nor changes it.
    for key in [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
    ] {
        h.key_press(key);
        h.run();
    }
    let picked = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(
        picked.prompt.item, second.prompt.item,
        "still the same card"
    );
    assert_eq!(picked.selected, Some(talkdeck::srs::Rating::Good));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        reviews(&folder.journal()),
        [
            (
                card.prompt.item.as_str().to_owned(),
                talkdeck::srs::Rating::Again,
                StudyMode::Choice
            ),
            (
                second.prompt.item.as_str().to_owned(),
                talkdeck::srs::Rating::Good,
                StudyMode::Choice
            ),
        ]
    );
}

#[test]
fn keys_reveal_and_grade_and_ctrl_z_undoes_in_the_journal() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    let first = h.state().study().unwrap().card.clone().unwrap();
    h.key_press(egui::Key::Num3);
    h.run();
    assert!(
        folder.journal().is_empty(),
        "no grade before the answer is shown"
    );
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::Num4);
    h.run();
    assert_eq!(
        reviews(&folder.journal()),
        [(
            first.prompt.item.as_str().to_owned(),
            talkdeck::srs::Rating::Easy,
            StudyMode::Flip
        )]
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let journal = folder.journal();
    assert!(
        matches!(&journal[..], [Entry::Review { id, .. }, Entry::Undo { review, .. }] if id == review),
        "{journal:?}"
    );
    assert_eq!(
        h.state().model().store.state(&first.prompt.item).phase,
        Phase::New
    );
    let again = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(
        again.prompt.item, first.prompt.item,
        "the undone card is asked again"
    );
    h.get_by_label("Last answer taken back");
    assert_eq!(h.state().study().unwrap().reviewed, 0);
    // And the undo holds after a restart: the journal replays to the same state.
    drop(h);
    let store = folder.model().store;
    assert_eq!(store.state(&first.prompt.item).phase, Phase::New);
    assert!(store.reviews().is_empty());
}

#[test]
fn the_logs_screen_filters_by_level() {
    let folder = Folder::new();
    let model = folder.model();
    let logger = talkdeck::logging::get_logger("talkdeck.uitest.logs");
    logger.set_propagate(false);
    logger.set_level(Level::DEBUG);
    logger.set_handlers(vec![
        Arc::clone(&model.memory) as Arc<dyn talkdeck::logging::Handler>
    ]);
    talkdeck::debug!(logger: logger, "a debug line");
    talkdeck::info!(logger: logger, "an info line");
    talkdeck::warning!(logger: logger, "a warning line");
    let mut h = harness(model);
    h.run();
    h.get_by_label("Logs").click();
    h.run();
    // The screen level (NOTICE by default) hides DEBUG and INFO.
    h.get_by_label("a warning line");
    assert!(h.query_by_label("an info line").is_none());
    h.state_mut()
        .apply(talkdeck::ui::Action::SetScreenLevel(Level::DEBUG));
    h.run();
    h.get_by_label("a debug line");
    h.get_by_label("an info line");
    h.get_by_role(egui::accesskit::Role::ComboBox).click();
    h.run();
    h.get_by_label("ERROR").click();
    h.run();
    assert!(h.query_by_label("a warning line").is_none());
    h.get_by_label("No records match.");
    assert_eq!(
        h.state().model().store.settings().screen_log_level,
        Level::ERROR,
        "saved"
    );
    h.get_by_label(&folder.data().log_file().display().to_string());
}

#[test]
fn a_settings_change_is_saved_at_once_and_survives_a_restart() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Settings").click();
    h.run();
    let fields: Vec<_> = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .collect();
    // Six scheduling fields, then the three speech commands.
    assert_eq!(fields.len(), 9);
    // New cards per day is the second field.
    fields[1].focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(1)
        .unwrap()
        .type_text("7");
    h.run();
    assert!(
        !folder.data().settings_path().exists(),
        "nothing is saved while the field is being typed"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    let saved = Settings::load(&folder.data().settings_path()).unwrap();
    assert_eq!(saved.new_per_day, 7, "saved when the field is done");
    h.get_by_label("Saved");

    // "25" typed a key at a time: the "2" on the way is a valid hour, and is not saved; the
    // finished "25" is invalid, shown, and not saved either.
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(5)
        .unwrap()
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    for key in ["2", "5"] {
        h.get_all_by_role(egui::accesskit::Role::TextInput)
            .nth(5)
            .unwrap()
            .type_text(key);
        h.run();
        assert_eq!(
            Settings::load(&folder.data().settings_path())
                .unwrap()
                .day_starts_at,
            4,
            "after typing {key}"
        );
    }
    h.get_by_label("Enter an hour from 0 to 23.");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Enter an hour from 0 to 23.");
    h.get_by_label("Not saved");
    assert_eq!(
        Settings::load(&folder.data().settings_path())
            .unwrap()
            .day_starts_at,
        4
    );

    // Other fields still save while one is wrong.
    h.get_by_label("Dark").click();
    h.run();
    assert_eq!(
        Settings::load_for(&folder.data()).unwrap().theme,
        talkdeck::store::Theme::Dark
    );
    assert_eq!(
        Settings::load(&folder.data().settings_path())
            .unwrap()
            .theme,
        talkdeck::store::Theme::System,
        "the theme is this device's: other devices keep theirs"
    );
    h.get_by_label("Enter an hour from 0 to 23.");
    drop(h);
    let mut h = harness(folder.model());
    h.run();
    assert_eq!(h.state().model().store.settings().new_per_day, 7);
    assert_eq!(
        h.state().model().store.settings().theme,
        talkdeck::store::Theme::Dark
    );
    h.get_by_label("Settings").click();
    h.run();
    assert_eq!(
        h.get_all_by_role(egui::accesskit::Role::TextInput)
            .nth(1)
            .unwrap()
            .value()
            .as_deref(),
        Some("7")
    );
}

#[test]
fn a_broken_user_deck_shows_its_banner_and_the_rest_works() {
    let folder = Folder::new();
    let decks = folder.data().decks_dir();
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("broken.ron"),
        "Deck(\n    format: 1,\n    id: \"broken\",\n    name: ,\n)\n",
    )
    .unwrap();
    std::fs::write(decks.join("also-broken.ron"), "not a deck").unwrap();
    let model = folder.model();
    let error = model.library.failures[1].errors[0].to_string();
    assert!(error.contains("broken.ron:4:"), "{error}");
    let mut h = harness(model);
    h.run();
    // One banner for both files, its errors folded under it.
    h.get_by_label("Deck files that could not be loaded: 2. The other decks work as usual.");
    assert!(h.query_by_label(&error).is_none(), "folded");
    h.get_by_label("Where and why").click();
    h.run();
    h.get_by_label(&error);
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(
        h.query_by_label_contains("could not be loaded").is_none(),
        "dismissed for this run"
    );
    h.get_by_label("Study now").click();
    h.run();
    assert!(h.state().study().unwrap().card.is_some());
    assert_eq!(
        std::fs::read_to_string(decks.join("broken.ron")).unwrap(),
        "Deck(\n    format: 1,\n    id: \"broken\",\n    name: ,\n)\n",
        "the file is left as the user wrote it"
    );
}

#[test]
fn the_language_switch_changes_every_label() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Study now");
    h.get_by_label("中文").click();
    h.run();
    h.get_by_label("开始学习");
    h.get_by_label("首页");
    h.get_by_label("设置");
    assert!(h.query_by_label("Study now").is_none());
    assert_eq!(
        Settings::load(&folder.data().settings_path())
            .unwrap()
            .language,
        talkdeck::store::Language::Chinese
    );
    h.get_by_label("开始学习").click();
    h.run();
    h.get_by_label("显示答案");
    h.get_by_label("English").click();
    h.run();
    h.get_by_label("Show answer");
}

/// The whole app through eframe's entry point: study, end with Esc, the summary, back home.
#[test]
fn the_whole_app_through_build_eframe() {
    let folder = Folder::new();
    let model = folder.model();
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .with_context_setup(talkdeck::ui::install_fonts)
        .build_eframe(|cc| TalkdeckApp::new(&cc.egui_ctx, model));
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    for _ in 0..2 {
        h.key_press(egui::Key::Enter);
        h.run();
        h.key_press(egui::Key::Num3);
        h.run();
    }
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Session done");
    assert_eq!(h.state().summary().unwrap().reviewed, 2);
    h.get_by_label("100%");
    h.get_by_label("Back to Home").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Home);
    assert_eq!(h.state_mut().home_view().done_today, 2);
    assert_eq!(reviews(&folder.journal()).len(), 2);
}

#[test]
fn a_deck_with_nothing_to_study_says_so_on_home() {
    let folder = Folder::new();
    let settings = Settings {
        new_per_day: 0,
        ..Settings::default()
    };
    settings.save(&folder.data().settings_path()).unwrap();
    let mut h = harness(folder.model());
    h.run();
    // Nothing is due anywhere: Home says so, why, and offers more.
    h.get_by_label("Nothing is due right now. Well done!");
    h.get_by_label_contains("Today's new cards are done;");
    h.get_all_by(exactly("Study")).nth(1).unwrap().click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Home);
    h.get_by_label("Nothing to study in Compliments & openers right now.");
    h.get_by_label("Today's new cards are done; 91 more are waiting.");
    assert!(folder.journal().is_empty());
    // "Study more": a journal entry, then a session over that deck with ten new cards.
    h.get_by_label("Study 10 more new cards").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Study);
    let card = h.state().study().unwrap().card.clone().unwrap();
    assert!(card.prompt.item.as_str().starts_with("compliments/"));
    assert_eq!(card.left, 10);
    assert!(matches!(
        &folder.journal()[..],
        [Entry::StudyMore { decks, new: 10, ahead_days: 0, .. }] if decks == &["compliments"]
    ));
    // After a restart the counts agree: the extension is in the journal.
    drop(h);
    let view = HomeView::compute(&folder.model(), NOW);
    assert_eq!(view.decks[1].new, 10);
    assert_eq!(view.new_today, 10);
}

#[test]
fn home_counts_the_new_cards_left_for_today() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    assert_eq!(h.state_mut().home_view().new_today, 20, "the daily limit");
    assert!(
        h.query_by_label_contains("Nothing is due").is_none(),
        "there is something to learn"
    );
    h.get_by_label("Study now").click();
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::Num3);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Back to Home").click();
    h.run();
    let view = h.state_mut().home_view().clone();
    assert_eq!(view.new_today, 19);
    // Good on a new card: its next step is 10 minutes away; it may come early, inside the
    // 20-minute learn-ahead, once half of it has passed — not now.
    assert_eq!(view.total_due, 0, "the learning card waits half its step");
    let ready = view.all.ready_at_ms.unwrap();
    assert!((ready - NOW) >= 5 * 60_000, "{}", ready - NOW);
    assert!(h.query_all_by_label("19").count() >= 1);
}

/// A month of study in the folder: one phrase forgotten eight times in review (a leech), one
/// forgotten once, and one answered Good throughout. Returns the three items.
fn a_month_of_study(folder: &Folder) -> Vec<talkdeck::deck::ItemId> {
    use talkdeck::srs::Rating::{Again, Good};
    const DAY: i64 = 86_400_000;
    let library = Library::load(None);
    let items: Vec<_> = library
        .deck("greetings")
        .unwrap()
        .items()
        .take(3)
        .map(|item| item.id)
        .collect();
    let mut store = Store::open(&folder.data(), jiff::tz::TimeZone::UTC, NOW).unwrap();
    let leech = [Good, Good]
        .into_iter()
        .chain([Again, Good].into_iter().cycle().take(16));
    let once = [Good, Good, Again, Good, Good];
    let fine = [Good; 4];
    for (item, ratings) in
        items
            .iter()
            .zip([leech.collect::<Vec<_>>(), once.to_vec(), fine.to_vec()])
    {
        // The answers fall over the last 27 days, the last one yesterday.
        let n = ratings.len() as i64;
        for (k, rating) in ratings.into_iter().enumerate() {
            let at = NOW - (n - k as i64) * 27 * DAY / n;
            store
                .answer(item, rating, 2000, StudyMode::Flip, at)
                .unwrap();
        }
    }
    items
}

/// Opens Stats and lets its figures be worked out (the thread's work, waited for).
fn open_stats(h: &mut Harness<'static, TalkdeckApp>) {
    h.get_by_label("Stats").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Stats);
    settle_stats(h);
}

fn settle_stats(h: &mut Harness<'static, TalkdeckApp>) {
    h.state_mut().stats_mut().wait();
    h.run();
    assert!(!h.state().stats().is_working());
}

#[test]
fn stats_show_the_month_and_the_phrases_that_keep_failing() {
    let folder = Folder::new();
    let items = a_month_of_study(&folder);
    let mut h = harness(folder.model());
    h.run();
    open_stats(&mut h);

    let report = h.state().stats().shown().unwrap().clone();
    assert_eq!(report.headline.total_answers, 18 + 5 + 4);
    let per_day: u32 = report.per_day.iter().flat_map(|d| d.answers).sum();
    assert_eq!(per_day, 27, "every answer is within the 30 days");
    assert_eq!(report.per_day.len(), 30);
    assert_eq!(report.per_day[29].answers, [0; 4], "nothing today yet");
    assert_eq!(report.counts.total() - report.counts.new, 3);
    // Only the leech was answered Again at least twice; the once-forgotten phrase is not listed.
    assert_eq!(report.struggling.len(), 1);
    let s = report.struggling[0];
    assert_eq!((s.again, s.lapses), (8, 8));
    let card = Library::load(None).card_of(&items[0]).unwrap().variant(0);

    // On screen: the figures, the charts' titles, the phrase in both languages, the badge.
    h.get_by_label("Answers in all");
    h.get_by_label("27");
    h.get_by_label("The last year, day by day");
    h.get_by_label("Answers per day");
    h.get_by_label("Due ahead");
    h.get_by_label("Time of day");
    h.get_by_label("Memory (FSRS)");
    h.get_by_label("Phrases that keep failing");
    h.get_by_label(&card.en);
    h.get_by_label(&card.zh);
    h.get_by_label("Leech");
    let retention = report.headline.retention_month.unwrap();
    assert!(h.query_all_by_label(&format!("{retention:.0}%")).count() >= 1);
}

#[test]
fn the_deck_filter_and_the_range_change_the_figures() {
    let folder = Folder::new();
    a_month_of_study(&folder);
    let mut h = harness(folder.model());
    h.run();
    open_stats(&mut h);
    assert_eq!(
        h.state().stats().shown().unwrap().headline.total_answers,
        27
    );

    // Another deck only: none of the month's answers were in it.
    h.get_by_label("All decks ⏷").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Jobs & work")
        .click();
    h.run();
    settle_stats(&mut h);
    let report = h.state().stats().shown().unwrap();
    assert_eq!(h.state().stats().scope.decks, ["jobs"]);
    assert_eq!(report.headline.total_answers, 0);
    assert_eq!(report.decks.len(), 1);
    h.get_by_label("Your progress shows here once you have answered a few phrases.");

    // Back to every deck, over 90 days: the menu stays open for more than one choice.
    h.get_by_label("All decks").click();
    h.run();
    h.get_by_label("90 days").click();
    h.run();
    settle_stats(&mut h);
    let report = h.state().stats().shown().unwrap();
    assert_eq!(report.headline.total_answers, 27);
    assert_eq!(report.per_day.len(), 90);
    assert_eq!(report.decks.len(), Library::load(None).decks.len());
}

#[test]
fn a_clicked_figure_lists_its_phrases_and_studies_exactly_them() {
    let folder = Folder::new();
    let items = a_month_of_study(&folder);
    let mut h = harness(folder.model());
    h.run();
    open_stats(&mut h);

    // The day before yesterday in the calendar: which phrases were answered then.
    let report = h.state().stats().shown().unwrap().clone();
    let ago = (1..30)
        .find(|&ago| report.heatmap[364 - ago].answers > 0)
        .unwrap();
    let day = report.today - ago as i32;
    let date = jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(day)))
        .unwrap();
    let cell = format!(
        "{date}: {} answers, {} min",
        report.heatmap[364 - ago].answers,
        report.heatmap[364 - ago].ms.div_ceil(60_000)
    );
    h.get_by_label(&cell).click();
    h.run();
    let picked = h.state().stats().picked.clone().unwrap();
    assert!(!picked.rows.is_empty());
    assert!(picked.rows.iter().all(|r| items.contains(&r.item)));

    // The mature count lists nothing clickable when zero; "Young" lists the three phrases.
    let young = report.counts.young;
    assert!(young > 0);
    let listed = h
        .query_all_by_label(&young.to_string())
        .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::Link)
        .count();
    assert!(listed >= 1);

    // Study exactly the listed phrases: a session over them, and nothing else.
    let n = picked.rows.len();
    h.get_by_label("Study these now").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Study);
    let mut seen = Vec::new();
    for _ in 0..n {
        let card = h.state().study().unwrap().card.as_ref().unwrap();
        seen.push(card.prompt.item.clone());
        h.get_by_label("Show answer").click();
        h.run();
        h.key_press(egui::Key::Num3);
        h.run();
    }
    seen.sort();
    let mut expected: Vec<_> = picked.rows.iter().map(|r| r.item.clone()).collect();
    expected.sort();
    assert_eq!(seen, expected);
}

#[test]
fn stats_of_a_fresh_folder_are_a_friendly_start_and_follow_the_language() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    open_stats(&mut h);
    h.get_by_label("Your progress shows here once you have answered a few phrases.");
    h.get_by_label("Nothing keeps failing yet.");
    assert!(
        h.query_all_by_label("—").count() >= 1,
        "no retention without reviews"
    );
    let report = h.state().stats().shown().unwrap();
    assert_eq!(report.counts.total(), report.counts.new);
    h.get_by_label("中文").click();
    h.run();
    h.get_by_label("统计");
    h.get_by_label("目前没有反复出错的短语。");
    h.get_by_label("每日回答");
    h.get_by_label("答过几个短语后，你的进度会显示在这里。");
}

#[test]
fn decks_list_every_deck_and_search_the_selected_ones_cards() {
    let folder = Folder::new();
    let items = a_month_of_study(&folder);
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Decks").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Decks);
    // The first deck is selected: its heading, where it comes from, and its cards.
    h.get_by_label("Greetings · 打招呼");
    h.get_by_label("Built-in · 32 cards · 92 items");
    h.get_by_label("Good morning!  (+2 variants)");

    // Where each card stands: the three answered ones are not new; the rest are.
    let library = Library::load(None);
    let greetings = library.deck("greetings").unwrap();
    let rows =
        talkdeck::ui::DecksScreen::cards(h.state().model(), greetings, "", Default::default(), NOW);
    assert_eq!(rows.len(), greetings.cards.len());
    let answered: Vec<&str> = items
        .iter()
        .map(|id| id.parts().unwrap().1)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for (card, row) in greetings.cards.iter().zip(&rows) {
        let is_new = row.status == talkdeck::ui::CardStatus::New;
        assert_eq!(is_new, !answered.contains(&card.id.as_str()), "{card:?}");
    }

    // Another deck, then a search in it (English, Chinese, case ignored).
    h.get_by_label("Jobs & work\n介绍职业").click();
    h.run();
    h.get_by_label("Jobs & work · 介绍职业");
    h.get_by_label("I'm a software engineer.");
    h.get_by_label("I work for a Chinese company.  (+2 variants)");
    search_decks(&mut h, "ENGINEER");
    h.get_by_label("I'm a software engineer.");
    assert!(
        h.query_by_label("I work for a Chinese company.  (+2 variants)")
            .is_none()
    );
    search_decks(&mut h, "不存在的词");
    h.get_by_label("No cards match.");

    // A search covers every deck, each deck's matches under its name, and stays when another
    // deck is picked.
    search_decks(&mut h, "nice");
    let groups = talkdeck::ui::DecksScreen::groups(
        h.state().model(),
        Some("jobs"),
        "nice",
        Default::default(),
        NOW,
    );
    assert!(groups.len() >= 2, "{groups:?}");
    for (deck, rows) in &groups {
        let name = &library.deck(deck).unwrap().name;
        h.get_by_label(&format!("{name} ({})", rows.len()));
    }
    h.get_by_label("Greetings\n打招呼").click();
    h.run();
    assert_eq!(h.state().decks().search, "nice");
    assert!(h.query_all_by_label_contains("Nice to meet you").count() >= 1);
}

/// A deck's own new-per-day limit is set on the Decks screen, kept in settings.ron, and counted.
#[test]
fn a_decks_own_new_limit_is_set_on_the_decks_screen() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Decks").click();
    h.run();
    let field = h.get_by(|node| {
        node.role() == egui::accesskit::Role::TextInput
            && node.label().as_deref() == Some("New cards a day in this deck:")
    });
    field.click();
    h.run();
    h.get_by(|node| {
        node.role() == egui::accesskit::Role::TextInput
            && node.label().as_deref() == Some("New cards a day in this deck:")
    })
    .type_text("5");
    h.run();
    assert!(
        !folder.data().settings_path().exists(),
        "not saved while the field is being typed"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    let settings = Settings::load(&folder.data().settings_path()).unwrap();
    assert_eq!(settings.deck_new_per_day.get("greetings"), Some(&5));
    h.get_by_label("Home").click();
    h.run();
    let view = h.state_mut().home_view().clone();
    assert_eq!(view.decks[0].new, 5);
    assert_eq!(view.new_today, 20, "the other decks fill the day");
}

/// A user deck without a Chinese name: no stray "·" and no empty line anywhere.
#[test]
fn a_deck_without_a_chinese_name_shows_no_stray_dot() {
    let folder = Folder::new();
    let decks = folder.data().decks_dir();
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("cafe.ron"),
        "Deck(format: 1, id: \"cafe\", name: \"At the café\", cards: [\n\
         (id: \"a\", en: \"A latte, please.\", zh: \"一杯拿铁。\"),\n\
         (id: \"b\", en: \"For here.\", zh: \"在这儿喝。\")])",
    )
    .unwrap();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("At the café");
    h.get_by_label("Decks").click();
    h.run();
    h.get_by_label("At the café").click();
    h.run();
    assert_eq!(h.state().decks().selected.as_deref(), Some("cafe"));
    assert!(h.query_by_label_contains("At the café ·").is_none());
    assert!(h.query_by_label_contains("At the café\n").is_none());
    assert!(h.get_all_by_label("At the café").count() >= 1);
}

#[test]
fn enter_on_home_starts_study_now_and_the_mode_is_remembered() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Choice").click();
    h.run();
    assert_eq!(
        Settings::load(&folder.data().settings_path())
            .unwrap()
            .study_mode,
        StudyMode::Choice,
        "kept in settings.ron"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().screen(), Screen::Study);
    assert_eq!(h.state().study().unwrap().mode, StudyMode::Choice);
    drop(h);
    let h = harness(folder.model());
    assert_eq!(h.state().mode(), StudyMode::Choice, "after a restart");
}

#[test]
fn leaving_a_session_by_the_top_bar_shows_its_summary_first() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::Num3);
    h.run();
    h.get_by_label("Stats").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Summary);
    h.get_by_label("Session done");
    assert_eq!(h.state().summary().unwrap().reviewed, 1);
    h.get_by_label("Still due now");
    h.get_by_label("Continue → Stats").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Stats);
    assert!(h.state().study().is_none());
}

/// A data folder where `stage` answers of every card of a small deck were given on earlier days,
/// so its next direction is new today: 1 answers produce (recognise is next), 2 answers produce and
/// recognise (reply is next).
fn small_deck_studied_up_to(folder: &Folder, stage: usize) {
    let directions = [
        talkdeck::deck::Direction::Produce,
        talkdeck::deck::Direction::Recognise,
    ];
    let answers: Vec<_> = directions
        .iter()
        .take(stage)
        .enumerate()
        .flat_map(|(day, direction)| {
            let at = NOW - (stage - day) as i64 * 86_400_000;
            SMALL_DECK_CARDS.map(|id| (id, *direction, at))
        })
        .collect();
    small_deck_answered(folder, &answers);
}

/// The cards of the small deck.
const SMALL_DECK_CARDS: [&str; 5] = ["a", "b", "c", "d", "e"];

/// A data folder with a small deck of five cards, each with replies (so three directions to a
/// card), where `answers` were given: each card and direction answered Easy at its time.
fn small_deck_answered(folder: &Folder, answers: &[(&str, talkdeck::deck::Direction, i64)]) {
    let decks = folder.data().decks_dir();
    std::fs::create_dir_all(&decks).unwrap();
    let cards: String = SMALL_DECK_CARDS
        .iter()
        .zip([
            ("How's it going?", "最近还好吗？"),
            ("What's new?", "有什么新鲜事？"),
            ("How was your weekend?", "周末过得怎么样？"),
            ("Where are you from?", "你是哪里人？"),
            ("What do you do?", "你是做什么的？"),
        ])
        .map(|(id, (en, zh))| {
            format!(
                "(id: \"{id}\", en: \"{en}\", zh: \"{zh}\", replies: [\"Not bad, thanks. You?\", \"Pretty good.\"]),\n"
            )
        })
        .collect();
    std::fs::write(
        decks.join("small.ron"),
        format!("Deck(format: 2, id: \"small\", name: \"Small\", cards: [\n{cards}])"),
    )
    .unwrap();
    let mut store = Store::open(&folder.data(), jiff::tz::TimeZone::UTC, NOW).unwrap();
    for (id, direction, at) in answers {
        let item = talkdeck::deck::ItemId::new("small", id, *direction);
        store
            .answer(
                &item,
                talkdeck::srs::Rating::Easy,
                1000,
                StudyMode::Flip,
                *at,
            )
            .unwrap();
    }
}

/// Home's counts are the queue's where a card's directions are siblings: both directions of a
/// card due for review on the same day are counted, and a card answered today gives no new item
/// (its reply waits for another day).
#[test]
fn home_counts_are_the_queues_when_siblings_are_due_the_same_day() {
    use talkdeck::deck::Direction::{Produce, Recognise};
    const DAY: i64 = 86_400_000;
    let folder = Folder::new();
    // Every card's produce and recognise answered on one day long ago, so both are due today;
    // card a's produce answered again an hour ago (today: the day starts at 04:00).
    let mut answers: Vec<_> = SMALL_DECK_CARDS
        .iter()
        .flat_map(|id| {
            [
                (*id, Produce, NOW - 60 * DAY),
                (*id, Recognise, NOW - 60 * DAY),
            ]
        })
        .collect();
    answers.push(("a", Produce, NOW - 3_600_000));
    small_deck_answered(&folder, &answers);
    let mut h = harness(folder.model());
    h.run();
    let view = h.state_mut().home_view().clone();
    let model = h.state().model();
    let small = view.decks.iter().find(|d| d.id == "small").unwrap();
    assert_eq!(
        (small.new, small.learning, small.due),
        (4, 0, 9),
        "four cards' replies (not a's: a was studied today), every review due but a's produce"
    );
    for row in &view.decks {
        let queue = queue_for(
            &model.library,
            &model.store,
            std::slice::from_ref(&row.id),
            NOW,
        );
        assert_eq!(
            (row.new, row.learning, row.due, &row.outlook),
            (queue.new, queue.learning, queue.review, &queue.outlook()),
            "{}",
            row.id
        );
    }
    let all = queue_for(&model.library, &model.store, &[], NOW);
    assert_eq!(view.all, all.outlook());
    assert_eq!((view.new_today, view.total_due), (all.new, all.due()));
    assert_eq!(
        view.total_due, 9,
        "the reviews of both directions, due the same day"
    );
}

/// A session in Type mode on the small deck studied up to `stage` (see above).
fn type_session_on_the_small_deck(stage: usize) -> (Folder, Harness<'static, TalkdeckApp>) {
    let folder = Folder::new();
    small_deck_studied_up_to(&folder, stage);
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Type").click();
    h.run();
    h.state_mut()
        .apply(talkdeck::ui::Action::StartStudy(vec!["small".into()]));
    h.run();
    (folder, h)
}

#[test]
fn typing_is_for_english_so_a_meaning_is_chosen() {
    let (folder, mut h) = type_session_on_the_small_deck(1);
    let card = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(card.prompt.direction, talkdeck::deck::Direction::Recognise);
    assert_eq!(card.asked, StudyMode::Choice);
    h.get_by_label("Typing is for English: choose the meaning.");
    assert!(h.query_by_role(egui::accesskit::Role::TextInput).is_none());
    let choice = card.choice.unwrap();
    h.get_by(button(&choice.options[choice.correct])).click();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        reviews(&folder.journal()).last().unwrap(),
        &(
            card.prompt.item.as_str().to_owned(),
            talkdeck::srs::Rating::Good,
            StudyMode::Choice
        ),
        "journaled as it was asked"
    );
}

#[test]
fn a_reply_in_ones_own_words_is_graded_by_the_learner() {
    let (folder, mut h) = type_session_on_the_small_deck(2);
    let card = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(card.prompt.direction, talkdeck::deck::Direction::Reply);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("I'm good, thanks. And you?");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let shown = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(shown.selected, None, "a natural reply is not wrong");
    h.get_by_label("Your own reply: compare it with the replies below and grade it yourself.");
    h.get_by_label("Grade yourself (1–4)");
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(folder.journal().len() == 10, "Enter alone grades nothing");
    h.key_press(egui::Key::Num3);
    h.run();
    assert_eq!(
        reviews(&folder.journal()).last().unwrap().1,
        talkdeck::srs::Rating::Good
    );
}

#[test]
fn grade_buttons_and_the_answer_side_read_in_chinese() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("中文").click();
    h.run();
    h.get_by_label("开始学习").click();
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    h.get_by(button("3 良好\n10分钟"));
    h.get_by(button("1 重来\n1分钟"));
    h.get_by_label("说明");
    assert!(h.query_by_label("提示").is_none());
}

/// With nothing to ask until a card's step has half passed, the session waits on screen — and the
/// card can be studied early — rather than showing it again at once or ending.
#[test]
fn with_nothing_ready_the_session_waits_for_the_next_step() {
    let folder = Folder::new();
    Settings {
        new_per_day: 1,
        ..Settings::default()
    }
    .save(&folder.data().settings_path())
    .unwrap();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    let first = h.state().study().unwrap().card.clone().unwrap();
    h.key_press(egui::Key::Space);
    h.run();
    h.key_press(egui::Key::Num3);
    h.run();
    // Good: back in 10 minutes, askable again after 5.
    assert_eq!(h.state().screen(), Screen::Study);
    let study = h.state().study().unwrap();
    assert!(study.card.is_none());
    let until = study.waiting_until.expect("waiting");
    let after = (until - NOW) / 1000;
    assert!(
        (290..=360).contains(&after),
        "{after} s (the test's clock ticks 1.5 s a read)"
    );
    h.get_by_label("The next card is ready in 5m");
    // Space, the key that shows answers, does not pull the card in early: only Enter, as the
    // screen says, or the button.
    h.key_press(egui::Key::Space);
    h.run();
    assert!(h.state().study().unwrap().card.is_none());
    h.get_by_label("Study it now").click();
    h.run();
    let again = h.state().study().unwrap().card.clone().unwrap();
    assert_eq!(again.prompt.item, first.prompt.item);
    assert!(again.again, "and the screen says it is the last one");

    // A session that ends with nothing answered has no summary: Esc goes straight home.
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Back to Home").click();
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    assert!(h.state().study().unwrap().waiting_until.is_some());
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().screen(), Screen::Home, "no summary of nothing");
}

/// In Type mode one Enter on an empty field checks nothing (a stray key as the card appears);
/// a second shows the answer. A near miss is "Almost", not "Right".
#[test]
fn an_empty_answer_needs_a_second_enter_and_a_near_miss_is_almost() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Type").click();
    h.run();
    h.get_by_label("Study now").click();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let card = h.state().study().unwrap().card.clone().unwrap();
    assert!(!card.revealed, "one stray Enter checks nothing");
    h.get_by_label("Nothing typed: Enter again shows the answer.");
    h.key_press(egui::Key::Enter);
    h.run();
    let card = h.state().study().unwrap().card.clone().unwrap();
    assert!(card.revealed);
    assert_eq!(card.selected, Some(talkdeck::srs::Rating::Again));
    h.key_press(egui::Key::Enter);
    h.run();
    // The next card, answered with one letter missing from a long enough phrase.
    let card = h.state().study().unwrap().card.clone().unwrap();
    let english = card.prompt.accepted[0].clone();
    let missing_one: String = {
        let mut chars: Vec<char> = english.chars().collect();
        let at = chars.iter().rposition(|c| c.is_ascii_alphabetic()).unwrap();
        chars.remove(at);
        chars.into_iter().collect()
    };
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&missing_one);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let card = h.state().study().unwrap().card.clone().unwrap();
    if english.chars().filter(|c| c.is_alphanumeric()).count() >= 8 {
        assert_eq!(
            card.selected,
            Some(talkdeck::srs::Rating::Hard),
            "{english}"
        );
        h.get_by_label("Almost");
        assert!(h.query_by_label("Right").is_none());
    }
}

#[test]
fn a_folder_that_cannot_take_answers_opens_with_study_off_and_says_why() {
    let folder = Folder::new();
    // The lock file cannot be made (a folder is in its place): this fails as root, too.
    let lock = folder.data().lock_path();
    std::fs::create_dir_all(&lock).unwrap();
    let store = Store::open_or_read_only(&folder.data(), jiff::tz::TimeZone::UTC, NOW).unwrap();
    let mut model = folder.model_of(store);
    model.log_file = None; // a read-only folder has no log file either
    let mut h = harness(model);
    h.run();
    h.get_by_label_contains("Your answers cannot be saved here, so studying is off.");
    h.get_by_label_contains(&format!("cannot lock the data folder: {}", lock.display()));
    let study_now = h.get_by(exactly("Study now"));
    assert!(study_now.accesskit_node().is_disabled());
    study_now.click();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().screen(), Screen::Home, "nothing starts");
    let studies = h.query_all_by(exactly("Study")).collect::<Vec<_>>();
    assert_eq!(studies.len(), 5);
    assert!(studies.iter().all(|b| b.accesskit_node().is_disabled()));
    // Progress and decks still show.
    h.get_by_label("Stats").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Stats);
    h.get_by_label("Decks").click();
    h.run();
    assert!(h.get_by(exactly("Study")).accesskit_node().is_disabled());
    h.get_by_label("Logs").click();
    h.run();
    h.get_by_label("none: it could not be opened, so this run is only on this screen");
    assert!(folder.journal().is_empty());
}

#[test]
fn broken_settings_open_with_the_defaults_and_a_banner_and_are_kept_when_new_ones_are_saved() {
    let folder = Folder::new();
    let path = folder.data().settings_path();
    let broken = "Settings(\n    new_per_day: many,\n)\n";
    std::fs::write(&path, broken).unwrap();
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label_contains("settings.ron could not be read, so the default settings are in use.");
    h.get_by_label(&format!("{}:2:17: Expected integer", path.display()));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken, "untouched");
    // Studying works, under the defaults.
    assert_eq!(h.state_mut().home_view().new_today, 20, "the default limit");
    // A new setting is saved, and the old file kept beside it.
    h.get_by_label("Type").click();
    h.run();
    assert_eq!(
        Settings::load(&path).unwrap().study_mode,
        StudyMode::Type,
        "saved"
    );
    let kept: Vec<String> = std::fs::read_dir(folder.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("settings.ron.bad-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read_to_string(folder.dir.path().join(&kept[0])).unwrap(),
        broken
    );
    assert!(
        h.query_by_label_contains("settings.ron could not be read")
            .is_none(),
        "the banner goes"
    );
}

/// The tabs stay where they are as a session starts and ends: the Study tab comes and goes at the
/// end of the row, so a click aimed at Logs never lands on another tab.
#[test]
fn the_tabs_stay_put_as_a_session_starts_and_ends() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    let places = |h: &Harness<'static, TalkdeckApp>| {
        ["Home", "Decks", "Stats", "Logs", "Settings"].map(|tab| h.get_by(exactly(tab)).rect())
    };
    let before = places(&h);
    h.get_by_label("Study now").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Study);
    assert_eq!(places(&h), before, "while studying");
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(places(&h), before, "after the session");
}

/// A folder where 40 phrases were learned 40 days ago and nothing since: a month away.
fn back_after_a_month(folder: &Folder) {
    use talkdeck::srs::Rating::{Again, Good};
    const DAY: i64 = 86_400_000;
    let library = Library::load(None);
    let mut store = Store::open(&folder.data(), jiff::tz::TimeZone::UTC, NOW).unwrap();
    for (k, item) in library.decks[0].1.items().take(40).enumerate() {
        let ratings: &[_] = if k % 2 == 1 {
            &[Good, Good, Again, Good]
        } else {
            &[Good, Good, Good]
        };
        for (r, &rating) in ratings.iter().enumerate() {
            let at = NOW - 40 * DAY + k as i64 * 60_000 + r as i64 * (DAY + 1_200_000);
            store
                .answer(&item.id, rating, 2000, StudyMode::Flip, at)
                .unwrap();
        }
    }
}

#[test]
fn home_offers_to_spread_a_backlog_and_says_what_each_choice_means() {
    let folder = Folder::new();
    back_after_a_month(&folder);
    let mut h = harness(folder.model());
    h.run();
    assert_eq!(h.state_mut().home_view().total_due, 40);
    h.get_by_label("Welcome back! 40 reviews became overdue while you were away.");

    // What each choice means is on screen before choosing.
    h.get_by_label("8 a day from today, 5 days in all (the last day 8)");
    h.get_by_label("14 a day from today, 3 days in all (the last day 12)");
    h.get_by_label("Over 5 days").click();
    h.run();
    assert_eq!(h.state_mut().home_view().total_due, 8);
    assert!(
        h.state_mut().home_view().backlog.is_none(),
        "spread once a day"
    );
    assert!(h.query_by_label("Over 5 days").is_none());
    h.get_by_label(
        "40 overdue reviews spread over 5 days: 8 of them today, the ones you were most likely to \
         have forgotten.",
    );

    // "All today" keeps everything due and hides the offer for this run.
    let folder = Folder::new();
    back_after_a_month(&folder);
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("All today").click();
    h.run();
    assert!(h.query_by_label("Over 5 days").is_none());
    assert_eq!(h.state_mut().home_view().total_due, 40);
    // It is on record: the app started again the same day does not offer it either.
    drop(h);
    let mut h = harness(folder.model());
    h.run();
    assert!(h.query_by_label("Over 5 days").is_none());
    assert_eq!(h.state_mut().home_view().total_due, 40);
}

#[test]
fn settings_fit_the_memory_model_off_the_ui_thread_and_say_why_not_yet() {
    let folder = Folder::new();
    a_month_of_study(&folder);
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Your memory model");
    h.get_by_label("In use: FSRS's default parameters.");
    // The section is below the fold of a 720-point window.
    h.get_by_label("Fit to my answers").scroll_to_me();
    h.run();
    h.get_by_label("Fit to my answers").click();
    // One frame: the fit runs on its thread, and while it does the progress bar repaints, so
    // the frames settle only once it is done (`wait` below).
    h.step();
    let kept = {
        let (memory, model, now) = h.state_mut().memory_mut();
        memory.wait(&mut model.store, &model.library, now)
    };
    assert!(!kept, "27 answers are too few to fit");
    h.run();
    h.get_by_label(
        "Not enough answers yet: fitting needs 64 answers given a day or more after a phrase's \
         previous one, and 0 of yours count so far.",
    );
    assert!(h.state().model().store.fitted().is_none());
}

/// Writes the journal of a learner who forgets faster than FSRS's average one, studying the
/// built-in phrases for 60 days up to yesterday; returns how many answers it holds.
fn a_fast_forgetter(folder: &Folder) -> usize {
    use talkdeck::srs::{Config, DayClock, FAST_FORGETTER, Learner, Scheduler};
    const DAY: i64 = 86_400_000;
    let library = Library::load(None);
    let ids: Vec<String> = library
        .decks
        .iter()
        .flat_map(|(_, deck)| deck.items().map(|item| item.id.to_string()))
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let clock = DayClock::new(jiff::tz::TimeZone::UTC, 4);
    let scheduler = Scheduler::new(Config::default(), clock).unwrap();
    let learner = Learner {
        truth: FAST_FORGETTER.to_vec(),
        new_per_day: 6,
        days: 60,
        start_ms: NOW - 61 * DAY,
        max_answers: usize::MAX,
        seed: 7,
    };
    let answers = learner.answers(&scheduler, &ids);
    let text = support::journal::journal_text(&answers, &ids);
    std::fs::create_dir_all(folder.data().journals_dir()).unwrap();
    std::fs::write(folder.data().journal_path(), text).unwrap();
    answers.len()
}

#[test]
fn the_memory_model_is_fitted_by_itself_after_a_thousand_answers_and_kept_when_better() {
    let folder = Folder::new();
    let answers = a_fast_forgetter(&folder);
    assert!(answers >= 1000, "{answers} answers");
    let mut h = harness(folder.model());
    h.run();
    // Started by itself on the first frame; done by now, or waited for.
    let outcome = {
        let (memory, model, now) = h.state_mut().memory_mut();
        memory.wait(&mut model.store, &model.library, now);
        memory.outcome.clone().expect("a fit started by itself")
    };
    assert!(outcome.automatic);
    assert!(
        outcome.kept,
        "a fast forgetter is predicted better by their own parameters"
    );
    h.run();
    let fitted = h.state().model().store.fitted().cloned().unwrap();
    assert!(
        !h.state_mut().memory_mut().0.is_running(),
        "no second fit without new answers"
    );
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label(&format!(
        "In use: fitted to {} of your answers, those given a day or more after a phrase's \
         previous one (log loss {:.4}, RMSE {:.2}%).",
        fitted.reviews,
        fitted.log_loss,
        fitted.rmse * 100.0
    ));
    h.get_by_label(
        "Kept: the fitted model predicts your answers better, and every phrase is rescheduled \
         under it.",
    );
    h.get_by_label("In use before");
    h.get_by_label("Fitted now");
    let (before, after) = outcome.due.unwrap();
    h.get_by_label(&format!("Due now under it: {after} (was {before})."));
}

#[test]
fn settings_recommend_a_retention_with_its_workload_and_put_it_in_use() {
    let folder = Folder::new();
    a_month_of_study(&folder);
    let mut h = harness(folder.model());
    h.run();
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Recommend a retention").scroll_to_me();
    h.run();
    h.get_by_label("Recommend a retention").click();
    // One frame: the simulations run on their thread, and the frames settle once they are done.
    h.step();
    h.state_mut().memory_mut().0.wait_recommendation();
    h.run();
    let recommendation = h
        .state_mut()
        .memory_mut()
        .0
        .recommendation
        .clone()
        .unwrap()
        .unwrap();
    let r = recommendation.recommended;
    assert!(talkdeck::srs::RETENTION.contains(&r.retention));
    assert!(r.minutes_per_day > 0.0 && r.remembered > 0.0);
    let minutes = |m: f32| {
        if m < 9.95 {
            format!("{m:.1}")
        } else {
            format!("{m:.0}")
        }
    };
    h.get_by_label(&format!(
        "Recommended: {:.2} — about {} minutes a day, {:.0} phrases remembered after a year.",
        r.retention,
        minutes(r.minutes_per_day),
        r.remembered
    ));
    let c = recommendation.current;
    h.get_by_label(&format!(
        "At 0.90 (yours when asked): about {} minutes a day, {:.0} remembered.",
        minutes(c.minutes_per_day),
        c.remembered
    ));
    h.get_by_label(
        "This uses FSRS's average learner; once your memory model is fitted, the recommendation \
         fits you.",
    );
    let use_it = format!("Use {:.2}", r.retention);
    h.get_by_label(&use_it).scroll_to_me();
    h.run();
    h.get_by_label(&use_it).click();
    h.run();
    assert_eq!(
        h.state().model().store.settings().desired_retention,
        r.retention
    );
}

#[test]
fn home_says_when_the_daily_review_limit_holds_reviews_back() {
    let folder = Folder::new();
    back_after_a_month(&folder);
    Settings {
        reviews_per_day: 25,
        ..Settings::default()
    }
    .save(&folder.data().settings_path())
    .unwrap();
    let mut h = harness(folder.model());
    h.run();
    assert_eq!(h.state_mut().home_view().total_due, 25);
    h.get_by_label("15 more reviews are due than today's limit allows.");
}

#[test]
fn a_session_over_a_clicked_list_does_not_spend_the_days_new_phrases() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    let new_today = h.state_mut().home_view().new_today;
    assert_eq!(new_today, 20, "the default limit");
    open_stats(&mut h);
    // Every phrase is new: the "New" count lists them all.
    let report = h.state().stats().shown().unwrap().clone();
    let new = report.counts.new.to_string();
    let link = h
        .query_all_by_label(&new)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Link)
        .expect("the New count is a link");
    link.scroll_to_me();
    h.run();
    h.query_all_by_label(&new)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Link)
        .unwrap()
        .click();
    h.run();
    let listed = h.state().stats().picked.as_ref().unwrap().rows.len();
    assert_eq!(listed as u32, report.counts.new);
    h.get_by_label("Study these now").click();
    h.run();
    for _ in 0..3 {
        h.get_by_label("Show answer").click();
        h.run();
        h.key_press(egui::Key::Num4);
        h.run();
    }
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Back to Home").click();
    h.run();
    assert_eq!(h.state().screen(), Screen::Home);
    let home = h.state_mut().home_view();
    assert_eq!(home.done_today, 3);
    assert_eq!(
        home.new_today, 20,
        "today's new phrases are still all there"
    );
}
