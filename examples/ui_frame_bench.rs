//! CPU per frame of the app (its UI code, egui's layout and text, and tessellation into triangles;
//! everything but the GL calls), on Home, the Study screen, the Summary, Stats and Decks, through egui_kittest
//! with the bundled fonts, over a month of answers. Each frame moves the pointer, so egui really
//! runs the whole pass.
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
    };
    let app = TalkdeckApp::new(&egui::Context::default(), model);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 720.0))
        .with_context_setup(talkdeck::ui::install_fonts)
        .build_ui_state(|ui, app: &mut TalkdeckApp| app.frame(ui), app);
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
    measure(&mut h, "stats", frames);
    h.get_by_label("Decks").click();
    h.run();
    measure(&mut h, "decks", frames);
}

fn measure(h: &mut Harness<'_, TalkdeckApp>, name: &str, frames: usize) {
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        h.hover_at(egui::pos2(100.0 + (i % 400) as f32, 300.0));
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
