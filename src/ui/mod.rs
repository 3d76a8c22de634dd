//! The desktop app (eframe, glow) and its eight screens: Home, Study, Summary, Decks, the deck
//! editor, Stats, Logs and Settings, with the quick-add, import and export forms over them.
//!
//! Screens draw from state and return inputs; [`TalkdeckApp`] applies them after the frame. What a
//! screen shows is computed by plain code ([`HomeView`], [`StudyScreen`], [`outlook_lines`],
//! [`DecksScreen::cards`], [`Editor`], [`QuickAdd`], [`StatsScreen`], [`LogsScreen`],
//! [`SettingsForm`]) that tests call directly. This is the only module that imports egui; it keeps
//! no study data of its own (answers, marks and settings go through `store`, deck files through
//! `deck::save_deck`) and no study rules (what comes next and every count are `study`'s, every
//! check on a deck is `deck`'s).

mod app;
mod decks;
mod editor;
mod fonts;
mod home;
mod i18n;
mod logs;
mod manage;
mod memory;
mod model;
mod outlook;
mod palette;
mod quick_add;
mod settings;
mod stats;
mod study;
mod summary;
mod theme;
mod transfer;
mod waker;

pub use app::{Action, Leave, LeaveChoice, Screen, TalkdeckApp};
pub use decks::{
    CardRow, CardStatus, DeckCards, DecksInput, DecksScreen, NewLimit, parse_new_limit,
};
pub use editor::{CardForm, DeckForm, Editor, EditorInput};
pub use fonts::{CJK_FONT, EMOJI_FONT, definitions as font_definitions, install as install_fonts};
pub use home::{HomeInput, HomeState, NothingToStudy};
pub use i18n::{EN, Labels, ZH, labels};
pub use logs::{LogFilter, LogsScreen, level_color};
pub use model::{Clock, DeckRow, HomeView, Model, system_clock};
pub use outlook::{MORE_NEW, More, outlook_lines};
pub use quick_add::{QuickAdd, QuickAddInput};
pub use settings::{Field, SettingsForm, SettingsScreen};
pub use stats::{Picked, PickedRow, StatsInput, StatsScreen};
pub use study::{CardView, Notice, StudyInput, StudyScreen};
pub use summary::SummaryInput;
pub use theme::{contrast, light as light_visuals};
pub use transfer::{
    ExportForm, ImportForm, Transfer, TransferInput, show as show_transfer, take_dropped,
};

use std::process::ExitCode;
use std::sync::Arc;

/// The window title.
pub const TITLE: &str = "talkdeck · 英语寒暄卡片";

/// Whether a window can be opened at all (X11 or Wayland).
pub fn display_available() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
}

/// Closes the window from any thread, as its own close button would: the session is summed up and
/// the snapshot saved. Never blocks the caller (egui's lock may be held for a while).
#[derive(Clone)]
pub struct CloseHandle(eframe::egui::Context);

impl CloseHandle {
    pub fn close(&self) {
        let ctx = self.0.clone();
        let sent = std::thread::Builder::new()
            .name("close".into())
            .spawn(move || {
                ctx.send_viewport_cmd(eframe::egui::ViewportCommand::Close);
                ctx.request_repaint();
            });
        if let Err(err) = sent {
            crate::error!(name: "talkdeck.ui", "cannot ask the window to close: {err}");
        }
    }
}

/// Opens the window over the model `opening` delivers (it is joined once the window and its GL
/// context exist, so both happen at once) and runs until the window closes. `on_ready` gets the
/// handle that closes it.
pub fn run(
    opening: std::thread::JoinHandle<Result<Model, String>>,
    window_state: std::path::PathBuf,
    started: std::time::Instant,
    on_ready: impl FnOnce(CloseHandle) + 'static,
) -> ExitCode {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png"))
        .map(Arc::new)
        .ok();
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("talkdeck")
        .with_inner_size([1000.0, 720.0])
        .with_min_inner_size([800.0, 600.0]);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        // Window size and egui's UI state only; study data lives in the store.
        persistence_path: Some(window_state),
        ..Default::default()
    };
    // Why the data folder did not open, if it did not (then the window closes at once).
    let failed: std::rc::Rc<std::cell::RefCell<Option<String>>> = Default::default();
    let failed_open = std::rc::Rc::clone(&failed);
    let result = eframe::run_native(
        TITLE,
        options,
        Box::new(move |cc| {
            crate::info!(
                name: "talkdeck.ui",
                "window and GL context ready {} ms after start",
                started.elapsed().as_millis()
            );
            let model = opening
                .join()
                .map_err(|_| "opening the data folder panicked".to_owned())
                .and_then(|opened| opened)
                .inspect_err(|message| *failed_open.borrow_mut() = Some(message.clone()))?;
            on_ready(CloseHandle(cc.egui_ctx.clone()));
            let app = TalkdeckApp::new(&cc.egui_ctx, model).with_start(started);
            // After the app's own fonts are set, so the system's comes after them.
            fonts::add_system_cjk(&cc.egui_ctx);
            Ok(Box::new(app))
        }),
    );
    if let Some(message) = failed.take() {
        eprintln!("talkdeck: {message}");
        return ExitCode::FAILURE;
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            crate::critical!(name: "talkdeck.ui", "the window could not be opened: {err}");
            eprintln!("talkdeck: the window could not be opened: {err}");
            eprintln!("talkdeck: use 'talkdeck quiz' to study in the terminal");
            ExitCode::from(2)
        }
    }
}
