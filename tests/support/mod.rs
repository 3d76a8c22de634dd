//! What the app's tests share: a temporary data folder with a fixed clock, the app in an
//! egui_kittest harness with the bundled fonts, and button queries.

#![allow(dead_code)]

pub mod journal;
pub mod speech;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::AccessKitNode;
use talkdeck::deck::Library;
use talkdeck::logging::{HandlerOptions, Level, MemoryHandler};
use talkdeck::store::{DataDir, Entry, Store};
use talkdeck::ui::{Model, TalkdeckApp};

/// 2026-11-23 10:00 UTC.
pub const NOW: i64 = 1_795_428_000_000;

pub struct Folder {
    pub dir: tempfile::TempDir,
    pub clock: Arc<AtomicI64>,
}

impl Folder {
    pub fn new() -> Folder {
        Folder {
            dir: tempfile::tempdir().unwrap(),
            clock: Arc::new(AtomicI64::new(NOW)),
        }
    }

    pub fn data(&self) -> DataDir {
        DataDir::new(self.dir.path())
    }

    pub fn model(&self) -> Model {
        let data = self.data();
        let store = Store::open(
            &data,
            jiff::tz::TimeZone::UTC,
            self.clock.load(Ordering::Relaxed),
        )
        .unwrap();
        self.model_of(store)
    }

    /// The model over a store opened some other way.
    pub fn model_of(&self, store: Store) -> Model {
        let data = self.data();
        let clock = Arc::clone(&self.clock);
        Model {
            store,
            library: Library::load(Some(&data.decks_dir())),
            memory: Arc::new(MemoryHandler::new(
                10_000,
                HandlerOptions::default().level(Level::DEBUG),
            )),
            log_file: Some(data.log_file()),
            file_handler: None,
            clock: Arc::new(move || clock.fetch_add(1_500, Ordering::Relaxed)),
            seed: 42,
            speech: talkdeck::speech::Speech::none(),
        }
    }

    pub fn journal(&self) -> Vec<Entry> {
        let text = std::fs::read_to_string(self.data().journal_path()).unwrap_or_default();
        text.lines().map(|l| ron::from_str(l).unwrap()).collect()
    }
}

/// The app in a harness, with the fonts installed before the first pass.
pub fn harness(model: Model) -> Harness<'static, TalkdeckApp> {
    let app = TalkdeckApp::new(&egui::Context::default(), model);
    Harness::builder()
        .with_size(egui::vec2(1000.0, 720.0))
        .with_context_setup(talkdeck::ui::install_fonts)
        .build_ui_state(|ui, app: &mut TalkdeckApp| app.frame(ui), app)
}

/// A button whose label is exactly `label`.
pub fn exactly(label: &str) -> impl Fn(&AccessKitNode<'_>) -> bool + '_ {
    move |node| {
        node.role() == egui::accesskit::Role::Button && node.label().as_deref() == Some(label)
    }
}

/// A button whose label contains `label` (grade buttons read "3 Good\n10m").
pub fn button(label: &str) -> impl Fn(&AccessKitNode<'_>) -> bool + '_ {
    move |node| {
        node.role() == egui::accesskit::Role::Button
            && node.label().is_some_and(|l| l.contains(label))
    }
}
