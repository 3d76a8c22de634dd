//! CPU per frame of the app (its UI code, egui's layout and text, and tessellation into triangles;
//! everything but the GL calls), on Home, the Study screen, the Summary, Stats and Decks, through egui_kittest
//! with the bundled fonts, over a month of answers. Each frame moves the pointer, so egui really
//! runs the whole pass.
//!
//! Then, over 20,000 cards of the learner's own (twenty decks of 1,000): the Decks screen listing a
//! deck and searching every deck, and the deck editor on a 1,000-card deck — its first frame
//! (opening it included: the working copy, the checks) and the frames after.
//!
//! `cargo run --release --example ui_frame_bench -- [FRAMES]`

#[path = "../benches/support/month_of_answers.rs"]
mod month_of_answers;

use std::sync::Arc;
use std::time::Instant;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use talkdeck::deck::Library;
use talkdeck::logging::{HandlerOptions, Level, MemoryHandler};
use talkdeck::store::{DataDir, Store};
use talkdeck::ui::{Model, TalkdeckApp};

fn main() {
    let frames: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(500);
    let dir = tempfile::tempdir().expect("temp dir");
    let data = DataDir::new(dir.path());
    let now = jiff::Timestamp::now().as_millisecond();
    let library = Library::load(None);
    let mut store = Store::open(&data, jiff::tz::TimeZone::system(), now).expect("store");
    month_of_answers::month_of_answers(&mut store, &library, now);
    let mut h = app(store, library, &data);
    h.run();
    measure(&mut h, "home", frames);
    h.get_by_label("Study now").click();
    h.run();
    measure(&mut h, "study (cue side)", frames);
    h.get_by_label("Show answer").click();
    h.run();
    measure(&mut h, "study (answer side)", frames);
    // One answer (Good), so the session has a summary to show.
    h.key_press(egui::Key::Num3);
    h.run();
    // Leaving the session by the top bar shows its summary first.
    h.get_by_label("Stats").click();
    h.run();
    measure(&mut h, "summary", frames);
    h.get_by_label("Continue → Stats").click();
    h.run();
    // The figures are worked out on their own thread: measured once they are drawn.
    h.state_mut().stats_mut().wait();
    h.run();
    assert!(h.state().stats().shown().is_some());
    measure(&mut h, "stats", frames);
    h.get_by_label("Decks").click();
    h.run();
    measure(&mut h, "decks", frames);
    many_cards(frames);
}

/// Twenty decks of 1,000 cards each in a fresh data folder: the Decks screen and the editor.
fn many_cards(frames: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = DataDir::new(dir.path());
    std::fs::create_dir_all(data.decks_dir()).expect("decks dir");
    for d in 0..20 {
        let deck = talkdeck::deck::Deck {
            format: 2,
            id: format!("mine-{d:02}"),
            name: format!("My deck {d:02}"),
            name_zh: format!("我的卡组 {d:02}"),
            description: String::new(),
            description_zh: String::new(),
            cards: (0..1000)
                .map(|c| talkdeck::deck::Card {
                    id: format!("c{c}"),
                    en: format!("Phrase {c} heard on bus {d}"),
                    zh: format!("第 {d} 路车上听到的第 {c} 句"),
                    situation: Some(format!("Bus {d}, stop {}", c % 40)),
                    also: vec![],
                    replies: vec![],
                    notes: None,
                    tags: vec![format!("bus{}", d % 5)],
                    audio: None,
                })
                .collect(),
        };
        std::fs::write(
            data.decks_dir().join(format!("{}.ron", deck.id)),
            talkdeck::deck::to_ron_string(&deck),
        )
        .expect("deck file");
    }
    let now = jiff::Timestamp::now().as_millisecond();
    let store = Store::open(&data, jiff::tz::TimeZone::system(), now).expect("store");
    let mut h = app(store, Library::load(Some(&data.decks_dir())), &data);
    h.run();
    h.get_by_label("Decks").click();
    h.run();
    h.state_mut().decks_mut().selected = Some("mine-07".into());
    h.run();
    measure(&mut h, "decks, 20,000 cards, one deck listed", frames);
    for (search, name) in [
        ("stop 7", "decks, 20,000 cards, searching (500 matches)"),
        ("bus 13", "decks, 20,000 cards, searching (1,000 matches)"),
    ] {
        h.state_mut().decks_mut().search = search.into();
        h.run();
        measure(&mut h, name, frames);
    }
    // Typing: every frame the search changes, so the matches are worked out again.
    measure_with(
        &mut h,
        "decks, 20,000 cards, a keystroke in the search",
        frames,
        |h, i| h.state_mut().decks_mut().search = ["bus 1", "bus 12", "stop 3"][i % 3].into(),
    );
    h.state_mut().decks_mut().search.clear();
    h.run();

    // The editor's first frame on a 1,000-card deck, opening included, then the frames after.
    let mut firsts = Vec::with_capacity(20);
    for _ in 0..20 {
        let t = Instant::now();
        h.state_mut().apply(talkdeck::ui::Action::Edit {
            deck: "mine-07".into(),
            card: Some("c500".into()),
        });
        h.step();
        let output = h.output();
        std::hint::black_box(
            h.ctx
                .tessellate(output.shapes.clone(), output.pixels_per_point),
        );
        firsts.push(t.elapsed().as_secs_f64() * 1000.0);
        h.state_mut()
            .apply(talkdeck::ui::Action::Go(talkdeck::ui::Screen::Decks));
        h.run();
    }
    firsts.sort_by(f64::total_cmp);
    println!(
        "editor first frame, 1,000 cards: opens=20 median_ms={:.3} max_ms={:.3}",
        firsts[firsts.len() / 2],
        firsts[firsts.len() - 1]
    );
    h.state_mut().apply(talkdeck::ui::Action::Edit {
        deck: "mine-07".into(),
        card: Some("c500".into()),
    });
    h.run();
    measure(&mut h, "editor, 1,000 cards", frames);
}

/// The app over `store` and `library`, with the system clock, in a 1000×720 harness with the
/// bundled fonts.
fn app(store: Store, library: Library, data: &DataDir) -> Harness<'static, TalkdeckApp> {
    let model = Model {
        store,
        library,
        memory: Arc::new(MemoryHandler::new(
            10_000,
            HandlerOptions::default().level(Level::DEBUG),
        )),
        log_file: Some(data.log_file()),
        file_handler: None,
        clock: talkdeck::ui::system_clock(),
        seed: 1,
        speech: talkdeck::speech::Speech::none(),
    };
    let mut app = TalkdeckApp::new(&egui::Context::default(), model);
    // A fit of the memory model on another thread would share the CPU with the frames measured.
    app.set_auto_fit(false);
    Harness::builder()
        .with_size(egui::vec2(1000.0, 720.0))
        .with_context_setup(talkdeck::ui::install_fonts)
        .build_ui_state(|ui, app: &mut TalkdeckApp| app.frame(ui), app)
}

fn measure(h: &mut Harness<'_, TalkdeckApp>, name: &str, frames: usize) {
    measure_with(h, name, frames, |h, i| {
        h.hover_at(egui::pos2(100.0 + (i % 400) as f32, 300.0))
    });
}

/// Times `frames` frames, each after `before` changed something (untimed).
fn measure_with(
    h: &mut Harness<'_, TalkdeckApp>,
    name: &str,
    frames: usize,
    mut before: impl FnMut(&mut Harness<'_, TalkdeckApp>, usize),
) {
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        before(h, i);
        let t = Instant::now();
        h.step();
        // What eframe does next with the frame before it reaches the GPU.
        let output = h.output();
        let primitives = h
            .ctx
            .tessellate(output.shapes.clone(), output.pixels_per_point);
        std::hint::black_box(primitives);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "{name}: frames={frames} median_ms={:.3} p95_ms={:.3} max_ms={:.3}",
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
}
