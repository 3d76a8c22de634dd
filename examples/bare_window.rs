//! A bare eframe window built the way talkdeck's is (glow, the same size, release profile): the
//! yardstick for talkdeck's first frame. It prints `first frame N ms after start (at EPOCH_MS)`
//! after its first frame, as talkdeck logs it, and closes.
//!
//! `cargo run --release --example bare_window`

use std::time::Instant;

use eframe::egui;

struct Bare {
    started: Instant,
    frames: u64,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.label("talkdeck");
        self.frames += 1;
        if self.frames == 1 {
            println!(
                "first frame {} ms after start (at {})",
                self.started.elapsed().as_millis(),
                jiff::Timestamp::now().as_millisecond()
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

fn main() -> eframe::Result {
    let started = Instant::now();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("bare")
            .with_inner_size([1000.0, 720.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "bare",
        options,
        Box::new(move |_| Ok(Box::new(Bare { started, frames: 0 }))),
    )
}
