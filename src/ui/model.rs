//! What the screens draw from: the opened data folder, the decks, the log records and the clock
//! ([`Model`]), and Home's figures ([`HomeView`]), every count read from the study queue. Nothing
//! here knows about egui.

use std::path::PathBuf;
use std::sync::Arc;

use crate::deck::Library;
use crate::logging::{Handler, MemoryHandler};
use crate::speech::Speech;
use crate::stats;
use crate::store::Store;
use crate::study::{Outlook, queue_for};

/// The current time in ms since the Unix epoch; a fixed or stepped clock in tests.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| jiff::Timestamp::now().as_millisecond())
}

/// Everything the app works on.
pub struct Model {
    pub store: Store,
    pub library: Library,
    /// The records the Logs screen shows.
    pub memory: Arc<MemoryHandler>,
    /// The log file being written; `None` when it could not be opened.
    pub log_file: Option<PathBuf>,
    /// The log file's handler, whose level follows the settings.
    pub file_handler: Option<Arc<dyn Handler>>,
    pub clock: Clock,
    /// Seeds each session's random choices (variants, distractors); fixed in tests.
    pub seed: u64,
    /// Reading phrases aloud, playing and recording ([`Speech::none`] where there is no engine).
    pub speech: Speech,
}

impl Model {
    pub fn now(&self) -> i64 {
        (self.clock)()
    }
}

/// One deck's line on Home: what a session on that deck would hold now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckRow {
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub new: usize,
    pub learning: usize,
    pub due: usize,
    /// Everything else about the deck's queue: what waits beyond today's limits.
    pub outlook: Outlook,
}

/// Everything Home shows, computed from the model. Every count is read from the study queue
/// ([`queue_for`]), so Home, each deck's line and a session's "left" always agree.
#[derive(Clone, Debug, PartialEq)]
pub struct HomeView {
    pub decks: Vec<DeckRow>,
    /// The queue over every deck: what "Study now" studies.
    pub all: Outlook,
    /// Learning items and reviews due now (or within learn-ahead), over all decks.
    pub total_due: usize,
    /// New items "Study now" would start today.
    pub new_today: usize,
    pub done_today: usize,
    pub streak_days: u32,
    /// `file:line:column: message` for each user deck that failed to load.
    pub failures: Vec<String>,
    /// `(original, copy)`: each file a sync tool kept two versions of (a deck file, or
    /// `settings.ron`), the copy left out.
    pub conflicts: Vec<(String, String)>,
    /// Why answers cannot be saved (Study is then off).
    pub cannot_save: Option<String>,
    /// `file:line:column: message` for each problem in `settings.ron` (the defaults are in use).
    pub settings_problems: Vec<String>,
    pub corrupt_journal_lines: usize,
    /// More reviews overdue than a day holds (back after a break), and the ways to spread them.
    pub backlog: Option<crate::study::Backlog>,
}

impl HomeView {
    pub fn compute(model: &Model, now_ms: i64) -> HomeView {
        let store = &model.store;
        let decks: Vec<DeckRow> = model
            .library
            .decks
            .iter()
            // A deck hidden from study (a built-in deck copied to the learner's) is not offered.
            .filter(|(_, deck)| !store.is_deck_hidden(&deck.id))
            .map(|(_, deck)| {
                let queue = queue_for(
                    &model.library,
                    store,
                    std::slice::from_ref(&deck.id),
                    now_ms,
                );
                DeckRow {
                    id: deck.id.clone(),
                    name: deck.name.clone(),
                    name_zh: deck.name_zh.clone(),
                    new: queue.new,
                    learning: queue.learning,
                    due: queue.review,
                    outlook: queue.outlook(),
                }
            })
            .collect();
        let all = queue_for(&model.library, store, &[], now_ms).outlook();
        let today = stats::today(store.reviews(), store.scheduler().clock(), now_ms);
        let failures = model
            .library
            .failures
            .iter()
            .flat_map(|failure| failure.errors.iter().map(ToString::to_string))
            .collect();
        let data = store.dir();
        let shown = |path: &std::path::Path| {
            path.strip_prefix(data.root())
                .unwrap_or(path)
                .display()
                .to_string()
        };
        let decks_copied = model
            .library
            .conflicts
            .iter()
            .map(|c| (c.original.as_path(), c.copy.as_path()));
        let settings = data.settings_path();
        let settings_copied = data.settings_conflicts();
        let conflicts = decks_copied
            .chain(
                settings_copied
                    .iter()
                    .map(|copy| (settings.as_path(), copy.as_path())),
            )
            .map(|(original, copy)| (shown(original), shown(copy)))
            .collect();
        HomeView {
            conflicts,
            total_due: all.due(),
            new_today: all.new,
            all,
            decks,
            done_today: today.answers,
            streak_days: today.streak_days,
            failures,
            cannot_save: store.cannot_save().map(str::to_owned),
            settings_problems: store
                .settings_problems()
                .iter()
                .map(ToString::to_string)
                .collect(),
            corrupt_journal_lines: store.corrupt_lines(),
            backlog: crate::study::backlog(&model.library, store, now_ms),
        }
    }
}
