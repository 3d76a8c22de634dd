//! What the screens draw from: the opened data folder, the decks, the log records, and the clock.
//! Nothing here knows about egui.

use std::path::PathBuf;
use std::sync::Arc;

use crate::deck::Library;
use crate::logging::{Handler, MemoryHandler};
use crate::srs::Phase;
use crate::stats;
use crate::store::Store;
use crate::study::Session;

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
    pub log_file: PathBuf,
    /// The log file's handler, whose level follows the settings.
    pub file_handler: Option<Arc<dyn Handler>>,
    pub clock: Clock,
    /// Seeds each session's random choices (variants, distractors); fixed in tests.
    pub seed: u64,
}

impl Model {
    pub fn now(&self) -> i64 {
        (self.clock)()
    }
}

/// One deck's line on Home.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckRow {
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub new: usize,
    pub learning: usize,
    pub due: usize,
}

/// Everything Home shows, computed from the model.
#[derive(Clone, Debug, PartialEq)]
pub struct HomeView {
    pub decks: Vec<DeckRow>,
    /// Due reviews and learning items due now (or within the learn-ahead window), over all decks.
    pub total_due: usize,
    /// New items that can still be started today (the daily limit minus those started).
    pub new_today: usize,
    pub done_today: usize,
    pub streak_days: u32,
    /// `file:line:column: message` for each user deck that failed to load.
    pub failures: Vec<String>,
    pub corrupt_journal_lines: usize,
}

impl HomeView {
    pub fn compute(model: &Model, now_ms: i64) -> HomeView {
        let store = &model.store;
        let clock = store.scheduler().clock();
        let leech = store.settings().leech_threshold;
        let decks: Vec<DeckRow> = model
            .library
            .decks
            .iter()
            .map(|(_, deck)| {
                let counts = stats::deck_counts(deck, |id| store.state(id), clock, now_ms, leech);
                DeckRow {
                    id: deck.id.clone(),
                    name: deck.name.clone(),
                    name_zh: deck.name_zh.clone(),
                    new: counts.new,
                    learning: counts.learning,
                    due: counts.due,
                }
            })
            .collect();
        let overview = stats::overview(store.reviews(), clock, now_ms);
        let failures = model
            .library
            .failures
            .iter()
            .flat_map(|failure| failure.errors.iter().map(ToString::to_string))
            .collect();
        let started_today = Session::done_today(store, now_ms).new;
        let new_total: usize = decks.iter().map(|d| d.new).sum();
        let allowance = store.settings().new_per_day.saturating_sub(started_today) as usize;
        // Learning items count once they are due (within the learn-ahead window), as the queue does.
        let ahead_ms = i64::from(store.settings().learn_ahead_minutes) * 60_000;
        let learning_due = model
            .library
            .decks
            .iter()
            .flat_map(|(_, deck)| deck.items())
            .map(|item| store.state(&item.id))
            .filter(|s| {
                matches!(s.phase, Phase::Learning | Phase::Relearning)
                    && s.due_ms <= now_ms + ahead_ms
            })
            .count();
        HomeView {
            total_due: learning_due + decks.iter().map(|d| d.due).sum::<usize>(),
            new_today: new_total.min(allowance),
            decks,
            done_today: overview.reviews_today,
            streak_days: overview.streak_days,
            failures,
            corrupt_journal_lines: store.corrupt_lines,
        }
    }
}
