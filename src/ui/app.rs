//! The app: which screen is up, the top bar, and the actions screens return, applied after the
//! frame is drawn.

use eframe::egui::{self, RichText};

use super::decks::{self, DecksInput, DecksScreen};
use super::editor::{self, DeckForm, Editor, EditorInput};
use super::home::{self, HomeInput, HomeState, NothingToStudy};
use super::i18n::{Labels, labels};
use super::logs::{self, LogsScreen};
use super::manage;
use super::memory::{self, MemoryInput, MemoryModel};
use super::model::{HomeView, Model};
use super::outlook::More;
use super::quick_add::{self, QuickAdd, QuickAddInput};
use super::settings::{self, SettingsScreen};
use super::stats::{self, StatsInput, StatsScreen};
use super::study::{self, StudyInput, StudyScreen};
use super::summary::{self, SummaryInput};
use super::transfer::{self, ExportForm, ImportForm, Transfer, TransferInput};
use super::waker::Waker;
use crate::logging::Level;
use crate::store::{Language, SetSettingsError, Settings, StudyMode, Theme};
use crate::study::SessionSummary;

/// The screens. Study and Summary carry their state in [`TalkdeckApp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Home,
    Study,
    Summary,
    Decks,
    Stats,
    Logs,
    Settings,
    /// The deck editor, while a deck is open in it.
    Editor,
}

/// Where the learner was going when unsaved changes stopped them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    Go(Screen),
    /// Closing the window.
    Quit,
}

/// The answer to "save your changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveChoice {
    Save,
    Discard,
    Stay,
}

/// What a frame asks for; applied after the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Another screen; leaving a session shows its summary first.
    Go(Screen),
    StartStudy(Vec<String>),
    /// "Study more" in these decks (all when empty), then study them.
    StudyMore(Vec<String>, More),
    /// The mode of the next session (kept in the settings).
    SetMode(StudyMode),
    Study(StudyInput),
    Summary(SummaryInput),
    SaveSettings(Settings),
    SetScreenLevel(Level),
    /// A deck's own new-per-day limit (`None`: the global one).
    SetDeckNewLimit(String, Option<u32>),
    ToggleLanguage,
    DismissFailures,
    /// Open one of the learner's decks in the editor, at this card.
    Edit {
        deck: String,
        card: Option<String>,
    },
    /// A new deck with these fields, opened in the editor.
    CreateDeck(DeckForm),
    Editor(EditorInput),
    /// The answer to the unsaved-changes question.
    Leave(LeaveChoice),
    OpenQuickAdd,
    QuickAdd(QuickAddInput),
    /// What the Decks screen does to cards and decks (marks, move, delete, copy, hide).
    Decks(DecksInput),
    /// What the Import or Export form did.
    Transfer(TransferInput),
    /// What the Stats screen asked for.
    Stats(StatsInput),
    /// Spread Home's backlog of overdue reviews this many a day.
    Spread(u32),
    /// Keep Home's backlog all due today (noted, so the offer waits until tomorrow).
    KeepBacklog,
    /// Take up the unsaved edit kept under this key.
    RestoreDraft(String),
    DiscardDraft(String),
}

/// The widest the content gets, in points; wider windows get margins.
const MAX_WIDTH: f32 = 920.0;

/// The app: its model and every screen's state. Callers change it only through [`Action`]s and
/// frames, and read it through the accessors below.
pub struct TalkdeckApp {
    model: Model,
    screen: Screen,
    home: Option<HomeView>,
    decks: DecksScreen,
    /// The Stats screen: its scope, its figures (worked out on a thread of their own) and the
    /// phrases behind the figure last clicked.
    stats: StatsScreen,
    /// The memory model fitted to the learner's answers (in Settings; fitted by itself too).
    memory: MemoryModel,
    /// Whether the memory model is fitted by itself after new answers (off in benchmarks).
    auto_fit: bool,
    study: Option<StudyScreen>,
    /// The deck being edited, while there is one.
    editor: Option<Editor>,
    /// Where the editor goes back to when it closes.
    editor_return: Screen,
    /// Where the learner was going when unsaved changes stopped them.
    leaving: Option<Leave>,
    /// The learner said to close the window with the changes discarded.
    quit_confirmed: bool,
    quick_add: Option<QuickAdd>,
    /// What the quick-add form held when it was closed half-typed, and for which deck.
    quick_kept: Option<(String, super::editor::CardForm)>,
    /// The Import or Export form, while it is open.
    transfer: Option<Transfer>,
    /// Watches the deck folder for changes made outside talkdeck (`None`: it could not start;
    /// the check on focus remains).
    watcher: Option<crate::files::FolderWatcher>,
    /// When, on egui's clock (seconds), other devices' journals were last looked at.
    arrivals_at: f64,
    /// The name this device goes by (its record's), when the store is seen as it.
    device_name: Option<String>,
    /// Unsaved edits kept aside, this computer's.
    drafts: crate::deck::Drafts,
    /// The working copy last kept as a draft, and when.
    drafted: Option<(crate::deck::Deck, i64)>,
    /// The key the last draft was kept under, removed once nothing is unsaved.
    last_draft_key: Option<String>,
    summary: Option<SessionSummary>,
    /// Where the summary's Continue goes: Home, or the screen picked in the top bar.
    after_summary: Screen,
    home_state: HomeState,
    logs: LogsScreen,
    settings: SettingsScreen,
    /// The mode the next session uses; starts as the settings' default.
    mode: StudyMode,
    /// Repaints for new log records while the Logs screen is up.
    waker: Waker,
    applied_theme: Option<Theme>,
    started: Option<std::time::Instant>,
    /// Frames drawn and the time spent in [`TalkdeckApp::frame`], logged at exit.
    frames: u64,
    frame_time: std::time::Duration,
}

impl TalkdeckApp {
    /// The app over `model`. `ctx` gets the fonts, and a repaint whenever a record arrives while the
    /// Logs screen is up (otherwise nothing repaints without input: an idle app uses no CPU).
    pub fn new(ctx: &egui::Context, model: Model) -> TalkdeckApp {
        super::fonts::install(ctx);
        super::theme::install(ctx);
        let waker = Waker::new(ctx, std::sync::Arc::clone(&model.memory));
        let settings = model.store.settings().clone();
        let watcher = watch_decks(ctx, &model.store.dir().decks_dir());
        if let Some(watcher) = &watcher {
            // Other devices' journals arriving through a sync folder.
            let data = model.store.dir();
            for dir in [data.journals_dir(), data.root().to_path_buf()] {
                if let Err(why) = watcher.watch(&dir) {
                    crate::info!(name: "talkdeck.ui", "{why}; other devices' answers are looked for every few seconds");
                }
            }
        }
        let drafts = crate::deck::Drafts::new(model.store.dir().drafts_dir());
        let repaint = ctx.clone();
        model
            .speech
            .set_waker(std::sync::Arc::new(move || repaint.request_repaint()));
        let device_name =
            crate::store::DeviceRecord::of(model.store.dir()).map(|record| record.device().name);
        let home_state = HomeState {
            drafts: offers(&drafts, &model),
            ..HomeState::default()
        };
        TalkdeckApp {
            logs: LogsScreen::new(settings.screen_log_level, model.memory.capacity()),
            settings: SettingsScreen::new(&settings),
            mode: settings.study_mode,
            model,
            screen: Screen::Home,
            home: None,
            decks: DecksScreen::default(),
            stats: StatsScreen::default(),
            memory: MemoryModel::default(),
            auto_fit: true,
            study: None,
            editor: None,
            editor_return: Screen::Decks,
            leaving: None,
            quit_confirmed: false,
            quick_add: None,
            quick_kept: None,
            transfer: None,
            watcher,
            arrivals_at: 0.0,
            device_name,
            drafts,
            drafted: None,
            last_draft_key: None,
            summary: None,
            after_summary: Screen::Home,
            home_state,
            waker,
            applied_theme: None,
            started: None,
            frames: 0,
            frame_time: std::time::Duration::ZERO,
        }
    }

    /// Records when the process started, to log the time to the first frame.
    pub fn with_start(mut self, started: std::time::Instant) -> TalkdeckApp {
        self.started = Some(started);
        self
    }

    /// What the app works on: the data folder, the decks, the log records, the clock.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The screen that is up.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The running session, while there is one.
    /// The Stats screen's state: its scope, figures and the phrases listed.
    pub fn stats(&self) -> &StatsScreen {
        &self.stats
    }

    /// The same, to wait for its figures in tests ([`StatsScreen::wait`]).
    pub fn stats_mut(&mut self) -> &mut StatsScreen {
        &mut self.stats
    }

    pub fn study(&self) -> Option<&StudyScreen> {
        self.study.as_ref()
    }

    /// The deck being edited, while there is one.
    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }

    /// The quick-add form, while it is open.
    pub fn quick_add(&self) -> Option<&QuickAdd> {
        self.quick_add.as_ref()
    }

    /// Where the learner was going when unsaved changes stopped them (the question is up).
    pub fn leaving(&self) -> Option<Leave> {
        self.leaving
    }

    /// The summary of the session that ended last.
    pub fn summary(&self) -> Option<&SessionSummary> {
        self.summary.as_ref()
    }

    /// The Decks screen: the deck selected and what is searched.
    pub fn decks(&self) -> &DecksScreen {
        &self.decks
    }

    /// The Decks screen, to change what is chosen or searched as a learner would.
    pub fn decks_mut(&mut self) -> &mut DecksScreen {
        &mut self.decks
    }

    /// What Home keeps between frames: why the last Study button found nothing, the failures
    /// banner dismissed.
    pub fn home_state(&self) -> &HomeState {
        &self.home_state
    }

    /// The mode the next session uses.
    pub fn mode(&self) -> StudyMode {
        self.mode
    }

    fn labels(&self) -> &'static Labels {
        labels(self.model.store.settings().language)
    }

    /// Home's figures (cached until something changes them).
    pub fn home_view(&mut self) -> &HomeView {
        let now = self.model.now();
        self.home
            .get_or_insert_with(|| HomeView::compute(&self.model, now))
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        let now = self.model.now();
        match action {
            Action::Go(screen)
                if self.screen == Screen::Editor
                    && screen != Screen::Editor
                    && self.editor.as_ref().is_some_and(Editor::is_dirty) =>
            {
                self.leaving = Some(Leave::Go(screen));
            }
            Action::Go(screen)
                if self.study.is_some() && !matches!(screen, Screen::Study | Screen::Editor) =>
            {
                // Leaving a session: its summary first, then on to where the learner was going.
                self.end_session(screen);
            }
            Action::Go(screen) => {
                if screen != self.screen {
                    self.decks.message = None;
                }
                if self.screen == Screen::Editor && screen != Screen::Editor {
                    // Nothing unsaved (the guard above): the editor closes.
                    self.editor = None;
                }
                match screen {
                    Screen::Study => {
                        if let Some(study) = &mut self.study {
                            study.decks_changed(&self.model, now);
                        }
                    }
                    Screen::Home => self.home = None,
                    Screen::Stats => self.stats.history_changed(),
                    Screen::Decks => self.decks.refresh(&self.model),
                    _ => {}
                }
                self.home_state.nothing_to_study = None;
                self.screen = screen;
            }
            // Without a place to save answers, nothing starts (its buttons are off, too).
            Action::StartStudy(_) | Action::StudyMore(..)
                if self.model.store.cannot_save().is_some() => {}
            Action::StartStudy(decks) => self.start_study(decks, now),
            Action::StudyMore(decks, more) => {
                let (new, ahead_days) = more.amounts();
                match self.model.store.study_more(&decks, new, ahead_days, now) {
                    Ok(_) => {
                        crate::info!(
                            name: "talkdeck.ui",
                            "study more in {}: {new} new, reviews {ahead_days} days ahead",
                            if decks.is_empty() { "every deck".to_owned() } else { decks.join(", ") }
                        );
                        self.start_study(decks, now);
                    }
                    Err(err) => crate::exception!(err, "\"study more\" was not saved"),
                }
            }
            Action::SetMode(mode) => {
                self.mode = mode;
                self.home_state.nothing_to_study = None;
                let mut settings = self.model.store.settings().clone();
                settings.study_mode = mode;
                self.save_settings(settings);
            }
            Action::Study(StudyInput::End) => self.end_session(Screen::Home),
            Action::Study(StudyInput::Edit) => {
                let item = self
                    .study
                    .as_ref()
                    .and_then(|s| s.card.as_ref())
                    .map(|c| c.prompt.item.clone());
                if let Some((deck, card, _)) = item.as_ref().and_then(|i| i.parts()) {
                    self.open_editor(deck, Some(card));
                }
            }
            Action::Study(input) => {
                if let Some(study) = &mut self.study {
                    study.apply(input, &mut self.model, now);
                    if study.is_done() {
                        self.end_session(Screen::Home);
                    }
                }
            }
            Action::Summary(input) => {
                let decks = self
                    .summary
                    .as_ref()
                    .map(|s| s.decks.clone())
                    .unwrap_or_default();
                match input {
                    SummaryInput::Continue => {
                        let next = std::mem::replace(&mut self.after_summary, Screen::Home);
                        self.apply(Action::Go(next));
                    }
                    SummaryInput::KeepStudying => self.start_study(decks, now),
                    SummaryInput::More(more) => self.apply(Action::StudyMore(decks, more)),
                }
            }
            Action::SaveSettings(settings) => self.save_settings(settings),
            Action::SetScreenLevel(level) => {
                let mut settings = self.model.store.settings().clone();
                settings.screen_log_level = level;
                self.save_settings(settings);
            }
            Action::SetDeckNewLimit(deck, limit) => {
                let mut settings = self.model.store.settings().clone();
                match limit {
                    Some(limit) => settings.deck_new_per_day.insert(deck, limit),
                    None => settings.deck_new_per_day.remove(&deck),
                };
                self.save_settings(settings);
            }
            Action::ToggleLanguage => {
                // A message is in the language it was made in.
                self.decks.message = None;
                let mut settings = self.model.store.settings().clone();
                settings.language = match settings.language {
                    Language::English => Language::Chinese,
                    Language::Chinese => Language::English,
                };
                self.save_settings(settings);
            }
            Action::DismissFailures => self.home_state.failures_dismissed = true,
            Action::Edit { deck, card } => self.open_editor(&deck, card.as_deref()),
            Action::Stats(StatsInput::Edit(item)) => {
                if let Some((deck, card, _)) = item.parts() {
                    self.open_editor(deck, Some(card));
                }
            }
            Action::Stats(StatsInput::StudyPicked) => {
                let items = self
                    .stats
                    .picked
                    .as_ref()
                    .map(|p| p.rows.iter().map(|r| r.item.clone()).collect())
                    .unwrap_or_default();
                self.start_custom(items, now);
            }
            Action::Stats(input) => self.stats.input(&self.model, input),
            Action::KeepBacklog => {
                let items = self.backlog_items();
                // A spread of them all over one day: nothing moves, and it is on record.
                if let Err(err) = self
                    .model
                    .store
                    .spread(&items, items.len().max(1) as u32, now)
                {
                    crate::exception!(err, "keeping the backlog for today was not saved");
                }
                self.home_state.backlog_dismissed = true;
                self.home = None;
            }
            Action::Spread(per_day) => {
                let items = self.backlog_items();
                if !items.is_empty() {
                    match self.model.store.spread(&items, per_day, now) {
                        Ok(()) => {
                            let days = items.len().div_ceil(per_day.max(1) as usize) as u32;
                            self.home_state.spread = Some((items.len(), days, per_day));
                        }
                        Err(err) => crate::exception!(err, "the backlog was not spread"),
                    }
                    self.home = None;
                    self.stats.history_changed();
                }
            }
            Action::CreateDeck(form) => {
                let dir = self.model.store.dir().decks_dir();
                crate::info!(name: "talkdeck.editor", "new deck {} in the editor", form.id.trim());
                self.editor_return = Screen::Decks;
                self.editor = Some(Editor::new_deck(&dir, form));
                self.screen = Screen::Editor;
            }
            Action::Editor(input) => self.editor_input(input),
            Action::Leave(choice) => self.leave(choice),
            Action::OpenQuickAdd => {
                if self.quick_add.is_none() {
                    let mut quick = QuickAdd::new(&self.model.library);
                    // What was typed when the form was closed comes back with it.
                    if let Some((deck, form)) = self.quick_kept.take() {
                        quick.deck = deck;
                        quick.form = form;
                        quick.check(&self.model.library, &self.model.store.dir().decks_dir());
                    }
                    self.quick_add = Some(quick);
                }
            }
            Action::QuickAdd(QuickAddInput::Close) => {
                if let Some(quick) = self.quick_add.take()
                    && !quick.form.is_empty()
                {
                    self.quick_kept = Some((quick.deck, quick.form));
                }
            }
            Action::QuickAdd(QuickAddInput::Add) => self.quick_add_phrase(),
            Action::Decks(input) => self.decks_input(input, now),
            Action::Transfer(TransferInput::Close) => self.transfer = None,
            Action::Transfer(TransferInput::Imported { id, path }) => {
                self.transfer = None;
                self.deck_file_changed(&path);
                self.decks.selected = Some(id.clone());
                let name = self
                    .model
                    .library
                    .deck(&id)
                    .map_or(id.clone(), |d| d.name.clone());
                self.decks.message = Some(Ok(self.labels().done_imported.replace("{deck}", &name)));
                self.screen = Screen::Decks;
            }
            Action::RestoreDraft(key) => self.restore_draft(&key),
            Action::DiscardDraft(key) => {
                self.forget_draft(&key);
                crate::info!(name: "talkdeck.editor", "kept changes to {key} discarded");
            }
        }
    }

    /// Opens the editor on the unsaved edit kept under `key`.
    fn restore_draft(&mut self, key: &str) {
        if self.editor.as_ref().is_some_and(Editor::is_dirty) {
            self.screen = Screen::Editor;
            return;
        }
        let Some((_, draft)) = self.drafts.load_all().into_iter().find(|(k, _)| k == key) else {
            self.forget_draft(key);
            return;
        };
        let saved = draft.file.as_ref().and_then(|path| {
            self.model.library.decks.iter().find_map(|(source, deck)| {
                matches!(source, crate::deck::Source::User(p) if p == path).then(|| deck.clone())
            })
        });
        crate::info!(name: "talkdeck.editor", "unsaved changes to {key} restored");
        let dir = self.model.store.dir().decks_dir();
        self.editor = Some(Editor::restore(saved, draft, &dir));
        self.editor_return = Screen::Decks;
        self.home_state.drafts.retain(|d| d.key != key);
        self.screen = Screen::Editor;
    }

    /// Removes the draft kept under `key`, and its offer.
    fn forget_draft(&mut self, key: &str) {
        if let Err(err) = self.drafts.remove(key) {
            crate::exception!(err, "a draft was not removed");
        }
        self.home_state.drafts.retain(|d| d.key != key);
    }

    /// Keeps the editor's unsaved changes aside every few seconds of the app's clock, so a crash
    /// loses at most those seconds; removes the draft once there is nothing unsaved.
    fn keep_draft(&mut self, ctx: &egui::Context) {
        let now = self.model.now();
        match &self.editor {
            Some(editor) if editor.is_dirty() => {
                let kept = self
                    .drafted
                    .as_ref()
                    .filter(|(deck, _)| deck == editor.deck());
                let due = match &self.drafted {
                    None => true,
                    Some((deck, at)) => deck != editor.deck() && now - at >= DRAFT_EVERY_MS,
                };
                if kept.is_none() && !due {
                    // Typed since the last draft: come back when the next one is due, even if
                    // the learner types nothing more.
                    ctx.request_repaint_after(std::time::Duration::from_millis(
                        DRAFT_EVERY_MS as u64,
                    ));
                }
                if due {
                    match self.drafts.save(&editor.draft_key(), &editor.draft(now)) {
                        Ok(()) => {
                            crate::debug!(name: "talkdeck.editor", "draft kept for {}", editor.draft_key());
                        }
                        Err(err) => crate::exception!(err, "the draft was not kept"),
                    }
                    self.drafted = Some((editor.deck().clone(), now));
                }
            }
            _ => {
                if self.drafted.take().is_some()
                    && let Some(key) = self.last_draft_key.take()
                {
                    self.forget_draft(&key);
                }
            }
        }
        if let Some(editor) = &self.editor
            && editor.is_dirty()
        {
            self.last_draft_key = Some(editor.draft_key());
        }
    }

    /// Takes in deck files changed outside talkdeck: those the folder watcher saw, and on getting
    /// the focus back, any the library reads differently now (the watcher may miss changes, e.g.
    /// on network drives).
    fn outside_changes(&mut self, ctx: &egui::Context) {
        let dir = self.model.store.dir().decks_dir();
        let (mut changed, mut other): (Vec<_>, Vec<_>) = self
            .watcher
            .as_ref()
            .map(crate::files::FolderWatcher::take_changed)
            .unwrap_or_default()
            .into_iter()
            .partition(|path| path.starts_with(&dir));
        // This device's own answers are in the store already.
        let own = self.model.store.dir().journal_path();
        other.retain(|path| *path != own);
        let focused = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        });
        let root = self.model.store.dir().root();
        if other
            .iter()
            .any(|path| path == root || path.parent() == Some(root))
        {
            // A settings file (or its conflict copy) may have come or gone: Home says so.
            self.home = None;
        }
        let time = ctx.input(|i| i.time);
        if !other.is_empty() || focused || time - self.arrivals_at >= ARRIVALS_EVERY_SECS {
            self.arrivals_at = time;
            self.check_arrivals();
        }
        if focused || changed.iter().any(|p| p.is_dir()) {
            changed.retain(|p| !p.is_dir());
            changed.extend(self.model.library.changed_files(&dir));
        }
        changed.sort();
        changed.dedup();
        let conflicts_before = self.model.library.conflicts.clone();
        let mut any = false;
        for path in changed {
            if path.extension().is_none_or(|ext| ext != "ron") {
                continue;
            }
            let outcome = self.model.library.reload(&path);
            if matches!(outcome, crate::deck::Reloaded::Unchanged) {
                continue;
            }
            any = true;
            let what = match &outcome {
                crate::deck::Reloaded::Loaded { id } => format!("deck {id} loaded again"),
                crate::deck::Reloaded::Added { id } => format!("new deck {id} loaded"),
                crate::deck::Reloaded::Removed { id } => format!("deck {id} removed"),
                crate::deck::Reloaded::FailureCleared => "its error cleared".to_owned(),
                crate::deck::Reloaded::Broken { kept: Some(id), .. } => {
                    format!("broken; deck {id} stays as it last loaded")
                }
                crate::deck::Reloaded::Broken { kept: None, .. } => "broken".to_owned(),
                crate::deck::Reloaded::Unchanged => "unchanged".to_owned(),
            };
            crate::info!(
                name: "talkdeck.ui",
                "{} changed outside talkdeck: {what}", path.display()
            );
            // An editor with nothing unsaved shows the file as it is now; one with unsaved
            // changes keeps them (saving then asks before overwriting).
            if let Some(editor) = &self.editor
                && editor.path == path
                && !editor.is_dirty()
            {
                let card = editor
                    .open_card()
                    .and_then(|i| editor.deck().cards.get(i))
                    .map(|c| c.id.clone());
                let loaded = self.model.library.decks.iter().find_map(|(source, deck)| {
                    matches!(source, crate::deck::Source::User(p) if *p == path)
                        .then(|| deck.clone())
                });
                if let Some(deck) = loaded {
                    let base = self.model.library.hash_of(&path);
                    self.editor = Some(Editor::open(path.clone(), deck, base, card.as_deref()));
                }
            }
        }
        if self.model.library.conflicts != conflicts_before {
            self.home = None;
        }
        if any {
            self.home = None;
            self.stats.history_changed();
            self.decks.refresh(&self.model);
            let now = self.model.now();
            if let Some(study) = &mut self.study {
                study.decks_changed(&self.model, now);
            }
        }
    }

    /// Applies what the Decks screen asked for to cards and decks, and says how it went there.
    fn decks_input(&mut self, input: DecksInput, now: i64) {
        let model = &mut self.model;
        // A deck open in the editor with unsaved changes is not changed behind its back.
        let touches = |cards: &[decks::CardRef], extra: Option<&str>| {
            let editing = self.editor.as_ref().map(|e| e.deck().id.clone());
            editing
                .filter(|id| cards.iter().any(|(deck, _)| deck == id) || extra == Some(id.as_str()))
        };
        let conflict = match &input {
            DecksInput::Move(cards, target) => touches(cards, Some(target)),
            DecksInput::Delete(cards) => touches(cards, None),
            _ => None,
        };
        if let Some(id) = conflict {
            if self.editor.as_ref().is_some_and(Editor::is_dirty) {
                self.decks.message =
                    Some(Err(self.labels().save_editor_first.replace("{deck}", &id)));
                return;
            }
            self.editor = None;
        }
        let labels = labels(model.store.settings().language);
        let language = model.store.settings().language;
        let name_of = |model: &Model, id: &str| {
            model.library.deck(id).map_or_else(
                || id.to_owned(),
                |deck| match language {
                    Language::Chinese if !deck.name_zh.is_empty() => deck.name_zh.clone(),
                    _ => deck.name.clone(),
                },
            )
        };
        let cards_text = |n: usize| super::i18n::counted(labels.n_cards_one, labels.n_cards, n);
        let outcome = match input {
            DecksInput::Mark(cards, mark) => {
                manage::mark_cards(model, &cards, mark, now).map(|n| {
                    labels
                        .done_marked
                        .replace("{what}", &labels.mark(mark))
                        .replace("{cards}", &cards_text(n))
                })
            }
            DecksInput::Move(cards, target) => {
                manage::move_cards(model, &cards, &target, now).map(|n| {
                    labels
                        .done_moved
                        .replace("{cards}", &cards_text(n))
                        .replace("{deck}", &name_of(model, &target))
                })
            }
            DecksInput::Delete(cards) => manage::delete_cards(model, &cards)
                .map(|n| labels.done_deleted.replace("{cards}", &cards_text(n))),
            DecksInput::Copy(form) => manage::copy_deck(model, &form, now).map(|_| {
                self.decks.selected = Some(form.id.trim().to_owned());
                labels
                    .done_copied
                    .replace("{deck}", &name_of(model, form.id.trim()))
            }),
            DecksInput::SetHidden(deck, hidden) => model
                .store
                .set_deck_hidden(&deck, hidden, now)
                .map(|()| {
                    let text = if hidden {
                        labels.done_hidden
                    } else {
                        labels.done_shown
                    };
                    text.replace("{deck}", &name_of(model, &deck))
                })
                .map_err(|err| format!("not saved: {err}")),
            DecksInput::Import => {
                self.transfer = Some(Transfer::Import(ImportForm::new()));
                return;
            }
            DecksInput::Export(deck) => {
                self.transfer = Some(Transfer::Export(ExportForm::new(&deck)));
                return;
            }
            other => {
                crate::debug!(name: "talkdeck.ui", "not a Decks action: {other:?}");
                return;
            }
        };
        // What was chosen has been acted on: a card that left the list is not acted on again
        // unseen.
        if outcome.is_ok() {
            self.decks.chosen.clear();
        }
        if let Err(why) = &outcome {
            crate::warning!(name: "talkdeck.decks", "{why}");
        }
        self.decks.message = Some(outcome);
        self.decks.refresh(&self.model);
        self.home = None;
        self.stats.history_changed();
    }

    /// Opens `deck` (one of the learner's) in the editor at `card`; from Study, the editor goes
    /// back to the session.
    fn open_editor(&mut self, deck: &str, card: Option<&str>) {
        if let Some(editor) = &mut self.editor
            && editor.deck().id == deck
        {
            let index = card.and_then(|c| editor.deck().cards.iter().position(|x| x.id == c));
            if index.is_some() {
                editor.select(index);
            }
        } else {
            if self.editor.as_ref().is_some_and(Editor::is_dirty) {
                // Another deck has unsaved changes: they are not thrown away behind the learner's
                // back; the editor shows them.
                self.screen = Screen::Editor;
                self.leaving = None;
                return;
            }
            let library = &self.model.library;
            let Some((crate::deck::Source::User(path), found)) =
                library.decks.iter().find(|(_, d)| d.id == deck)
            else {
                return;
            };
            let base = library.hash_of(path);
            crate::info!(name: "talkdeck.editor", "editing deck {deck} ({})", path.display());
            self.editor = Some(Editor::open(path.clone(), found.clone(), base, card));
        }
        if self.screen != Screen::Editor {
            self.editor_return = match self.screen {
                Screen::Study => Screen::Study,
                Screen::Stats => Screen::Stats,
                _ => Screen::Decks,
            };
        }
        self.screen = Screen::Editor;
    }

    fn editor_input(&mut self, input: EditorInput) {
        let Some(editor) = &mut self.editor else {
            return;
        };
        let saved = match input {
            EditorInput::Close => {
                let back = self.editor_return;
                self.apply(Action::Go(back));
                return;
            }
            EditorInput::Save => editor.save(false),
            EditorInput::Overwrite => editor.save(true),
            EditorInput::DropCommentsAndSave => editor.drop_comments_and_save(),
        };
        match saved {
            Ok(Some(_)) => {
                let path = editor.path.clone();
                self.deck_file_changed(&path);
            }
            Ok(None) => {}
            Err(err) => crate::warning!(name: "talkdeck.editor", "not saved: {err}"),
        }
    }

    /// A deck file was written or changed: the library takes it in, and what shows it is worked
    /// out again.
    fn deck_file_changed(&mut self, path: &std::path::Path) {
        let _ = self.model.library.take_in_saved(path);
        self.home = None;
        self.stats.history_changed();
        self.decks.refresh(&self.model);
    }

    fn leave(&mut self, choice: LeaveChoice) {
        let Some(leaving) = self.leaving.take() else {
            return;
        };
        match choice {
            LeaveChoice::Stay => {
                self.quit_confirmed = false;
                return;
            }
            LeaveChoice::Save => {
                self.editor_input(EditorInput::Save);
                if self.editor.as_ref().is_some_and(Editor::is_dirty) {
                    // Not saved (a problem, or a question about the file): stay and show why.
                    self.screen = Screen::Editor;
                    return;
                }
            }
            LeaveChoice::Discard => {
                if let Some(editor) = &self.editor {
                    crate::info!(
                        name: "talkdeck.editor",
                        "unsaved changes to {} discarded", editor.deck().id
                    );
                }
            }
        }
        self.editor = None;
        match leaving {
            Leave::Go(screen) => self.apply(Action::Go(screen)),
            Leave::Quit => self.quit_confirmed = true,
        }
    }

    /// Adds the quick-add form's phrase to its deck: into the editor's working copy when that deck
    /// is open there, else straight into the deck file.
    fn quick_add_phrase(&mut self) {
        let Some(quick) = &mut self.quick_add else {
            return;
        };
        let en = quick.form.en.trim().to_owned();
        if let Some(editor) = &mut self.editor
            && editor.deck().id == quick.deck
        {
            editor.add(&quick.form);
            quick.added(en);
            return;
        }
        let dir = self.model.store.dir().decks_dir();
        let target = quick.target(&self.model.library, &dir);
        match crate::deck::save_deck(&target.path, &target.deck, target.base) {
            Ok(_) => {
                crate::info!(
                    name: "talkdeck.editor",
                    "added {:?} to deck {}", en, target.deck.id
                );
                quick.added(en);
                self.deck_file_changed(&target.path);
            }
            Err(err) => {
                crate::warning!(name: "talkdeck.editor", "phrase not added: {err}");
                quick.error = Some(err.to_string());
                // The file changed on disk: take in what it holds now, so the next try works.
                self.deck_file_changed(&target.path);
            }
        }
    }

    /// Starts a session over `decks`; when there is nothing to study there, stays on Home and says
    /// why.
    fn start_study(&mut self, decks: Vec<String>, now: i64) {
        if self.study.is_some() {
            self.end_session(Screen::Home);
        }
        self.home_state.nothing_to_study = None;
        let study = StudyScreen::start(&self.model, &decks, self.mode, now);
        if study.is_done() {
            let mut study = study;
            let summary = study.finish(&self.model, now);
            let language = self.model.store.settings().language;
            let name = match decks.as_slice() {
                [one] => self
                    .model
                    .library
                    .deck(one)
                    .map(|d| match language {
                        Language::Chinese if !d.name_zh.is_empty() => d.name_zh.clone(),
                        _ => d.name.clone(),
                    })
                    .unwrap_or_else(|| one.clone()),
                _ => self.labels().all_decks.to_owned(),
            };
            self.home_state.nothing_to_study = Some(NothingToStudy {
                decks,
                name,
                outlook: summary.outlook,
            });
            self.home = None;
            self.screen = Screen::Home;
        } else {
            self.study = Some(study);
            self.screen = Screen::Study;
        }
    }

    /// The overdue reviews Home offers to spread (none when it offers nothing).
    fn backlog_items(&self) -> Vec<crate::deck::ItemId> {
        self.home
            .as_ref()
            .and_then(|home| home.backlog.as_ref())
            .map(|backlog| backlog.items.clone())
            .unwrap_or_default()
    }

    /// Starts a session over exactly `items` (the phrases behind a figure on Stats), outside the
    /// daily limits ([`Session::start_custom`](crate::study::Session::start_custom)).
    fn start_custom(&mut self, items: Vec<crate::deck::ItemId>, now: i64) {
        if items.is_empty() {
            return;
        }
        if self.study.is_some() {
            self.end_session(Screen::Stats);
        }
        crate::info!(name: "talkdeck.ui", "studying {} phrases chosen on Stats", items.len());
        let study = StudyScreen::start_custom(&self.model, items, self.mode, now);
        if study.is_done() {
            self.screen = Screen::Stats;
        } else {
            self.study = Some(study);
            self.screen = Screen::Study;
        }
    }

    /// Takes in a finished fit of the memory model (better parameters reschedule every item), and
    /// starts one by itself when enough new answers came, but not while a session runs.
    fn memory_model(&mut self, ctx: &egui::Context) {
        // The clock is read only while a fit runs (a test's clock moves on at every read).
        let now = self.memory.is_running().then(|| self.model.now());
        if let Some(now) = now
            && self
                .memory
                .poll(&mut self.model.store, &self.model.library, now)
        {
            if let Some(outcome) = &self.memory.outcome
                && let Some((before, after)) = outcome.due
            {
                self.home_state.refitted = Some((before, after));
            }
            self.home = None;
            self.stats.history_changed();
            if let Some(study) = &mut self.study {
                study.decks_changed(&self.model, now);
            }
        }
        self.memory.poll_recommendation();
        // Not before the first frame is shown: the copy of the history would delay it.
        if self.auto_fit
            && self.frames > 0
            && self.study.is_none()
            && self.model.store.cannot_save().is_none()
        {
            self.memory.start_if_due(ctx, &self.model.store);
        }
    }

    /// Takes in what other devices wrote to their journals (a sync folder): Home's counts, Stats
    /// and the Decks screen follow, and the open session's queue, built from the store at every
    /// item, no longer holds an item answered elsewhere. Home also counts again once a card it
    /// counted as waiting is ready. Frames call it when the folder watcher saw a journal change,
    /// on getting the focus, and every [`ARRIVALS_EVERY_SECS`].
    pub fn check_arrivals(&mut self) {
        let now = self.model.now();
        match self.model.store.take_arrivals(now) {
            Ok(arrived) if arrived.any() => {
                self.home = None;
                self.stats.history_changed();
                self.decks.refresh(&self.model);
                if let Some(study) = &mut self.study {
                    study.history_changed(&self.model, now);
                }
            }
            Ok(_) => {}
            Err(err) => crate::warning!(
                name: "talkdeck.ui",
                "other devices' journals could not be read: {err}"
            ),
        }
        // A card that has become ready since Home counted (a learning step passed) is counted.
        if self
            .home
            .as_ref()
            .is_some_and(|home| home.all.ready_at_ms.is_some_and(|at| at <= now))
        {
            self.home = None;
        }
    }

    /// Whether the memory model is fitted by itself after every [`memory::AUTO_EVERY`] new
    /// answers (on by default; a benchmark of frames turns it off).
    pub fn set_auto_fit(&mut self, on: bool) {
        self.auto_fit = on;
    }

    /// The memory model's state (for tests: to wait for a fit).
    pub fn memory_mut(&mut self) -> (&mut MemoryModel, &mut Model, i64) {
        let now = self.model.now();
        (&mut self.memory, &mut self.model, now)
    }

    /// Finishes a running session and shows its summary; Continue then goes to `next`. A session
    /// with nothing answered has nothing to sum up: it goes straight on to `next`.
    fn end_session(&mut self, next: Screen) {
        if let Some(mut study) = self.study.take() {
            self.model.speech.stop();
            let now = self.model.now();
            let summary = study.finish(&self.model, now);
            self.home = None;
            if summary.reviewed == 0 {
                self.apply(Action::Go(next));
                return;
            }
            self.summary = Some(summary);
            self.after_summary = next;
            self.screen = Screen::Summary;
        }
    }

    fn save_settings(&mut self, settings: Settings) {
        let now = self.model.now();
        let file_level = settings.file_log_level;
        let speech_before = self.model.store.settings().speech.clone();
        match self.model.store.set_settings(settings, now) {
            Ok(()) => {
                if let Some(file) = &self.model.file_handler {
                    file.core().set_level(file_level);
                }
                let saved = self.model.store.settings().clone();
                if self.screen == Screen::Settings {
                    // Keep the form as typed ("0.90", or a field still being corrected); take
                    // what changed elsewhere (the language button, the Logs level).
                    let form = &mut self.settings.form;
                    form.language = saved.language;
                    form.screen_log_level = saved.screen_log_level;
                } else {
                    self.settings = SettingsScreen::new(&saved);
                }
                self.settings.save_error = None;
                // "Saved" confirms a change made on the Settings screen itself.
                self.settings.saved =
                    self.screen == Screen::Settings && self.settings.invalid.is_empty();
                self.logs.filter.min_level = saved.screen_log_level;
                self.home = None;
            }
            Err(SetSettingsError::Invalid { message, .. }) => {
                self.settings.save_error = Some(message);
            }
            Err(SetSettingsError::Io(err)) => {
                crate::exception!(err, "settings were not saved");
                self.settings.save_error = Some(err.to_string());
            }
        }
        if self.model.store.settings().speech != speech_before {
            // Another engine, voice or command: found and started again.
            self.model
                .speech
                .restart(&self.model.store.settings().speech);
        }
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        let theme = self.model.store.settings().theme;
        if self.applied_theme != Some(theme) {
            ctx.set_theme(match theme {
                Theme::System => egui::ThemePreference::System,
                Theme::Light => egui::ThemePreference::Light,
                Theme::Dark => egui::ThemePreference::Dark,
            });
            self.applied_theme = Some(theme);
        }
    }

    fn top_bar(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let labels = self.labels();
        egui::Panel::top("top-bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("talkdeck").strong().size(18.0));
                ui.add_space(16.0);
                let studying = self.study.is_some();
                let mut nav = |ui: &mut egui::Ui, screen: Screen, text: &str| {
                    let current = self.screen == screen;
                    if ui.selectable_label(current, text).clicked() && !current {
                        actions.push(Action::Go(screen));
                    }
                };
                nav(ui, Screen::Home, labels.nav_home);
                nav(ui, Screen::Decks, labels.nav_decks);
                nav(ui, Screen::Stats, labels.nav_stats);
                nav(ui, Screen::Logs, labels.nav_logs);
                nav(ui, Screen::Settings, labels.nav_settings);
                // Last, so the tabs do not move under the pointer as a session starts and ends.
                if studying {
                    nav(ui, Screen::Study, labels.study);
                }
                if self.editor.is_some() {
                    nav(ui, Screen::Editor, labels.nav_editor);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(labels.language_switch).clicked() {
                        actions.push(Action::ToggleLanguage);
                    }
                });
            });
        });
    }

    /// Draws one frame and applies what it asked for. The body of [`eframe::App::ui`], callable
    /// from a test harness without eframe.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let frame_start = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Q)) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.quit_confirmed
            && self.editor.as_ref().is_some_and(Editor::is_dirty)
        {
            // Unsaved changes: ask first.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.screen = Screen::Editor;
            self.leaving = Some(Leave::Quit);
        }
        self.apply_theme(&ctx);
        self.outside_changes(&ctx);
        self.memory_model(&ctx);
        self.waker.set_watching(self.screen == Screen::Logs);
        let mut actions = Vec::new();
        // Keys first, so the Enter a text field would take goes to the study flow.
        if self.screen == Screen::Study
            && self.keys_free(&ctx)
            && let Some(study) = &self.study
            && let Some(input) = study.keys(&ctx)
        {
            actions.push(Action::Study(input));
        }
        if self.quick_add.is_none()
            && self.transfer.is_none()
            && self.leaving.is_none()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::N))
        {
            actions.push(Action::OpenQuickAdd);
        }
        self.top_bar(ui, &mut actions);
        let labels = self.labels();
        let language = self.model.store.settings().language;
        egui::CentralPanel::default().show(ui, |ui| {
            // One readable column, centred, however wide the window.
            let full = ui.available_rect_before_wrap();
            let width = full.width().min(MAX_WIDTH);
            let column = egui::Rect::from_min_size(
                egui::pos2(full.center().x - width / 2.0, full.top()),
                egui::vec2(width, full.height()),
            );
            ui.scope_builder(egui::UiBuilder::new().max_rect(column), |ui| {
                self.screen_ui(ui, labels, language, &mut actions);
            });
        });
        if let Some(quick) = &mut self.quick_add
            && let Some(input) = quick_add::show(
                &ctx,
                quick,
                &self.model.library,
                &self.model.store.dir().decks_dir(),
                labels,
                language,
            )
        {
            actions.push(Action::QuickAdd(input));
        }
        // A file dropped on the window opens the Import form on it (an open form takes it itself).
        if self.transfer.is_none()
            && self.leaving.is_none()
            && let Some(path) = transfer::take_dropped(&ctx)
        {
            let dir = self.model.store.dir().decks_dir();
            self.transfer = Some(Transfer::Import(ImportForm::for_file(
                &path,
                &self.model.library,
                &dir,
            )));
        }
        if let Some(form) = &mut self.transfer
            && let Some(input) = transfer::show(
                &ctx,
                form,
                &self.model.library,
                &self.model.store.dir().decks_dir(),
                labels,
                language,
            )
        {
            actions.push(Action::Transfer(input));
        }
        if let Some(leaving) = self.leaving
            && let Some(choice) = leave_prompt(&ctx, self.editor.as_ref(), leaving, labels)
        {
            actions.push(Action::Leave(choice));
        }
        for action in actions {
            self.apply(action);
        }
        self.keep_draft(&ctx);
        if self.quit_confirmed && self.leaving.is_none() {
            // Once: the close request this sends finds nothing unsaved.
            self.quit_confirmed = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.frames += 1;
        self.frame_time += frame_start.elapsed();
        if let Some(started) = self.started.take() {
            crate::info!(
                name: "talkdeck.ui",
                ms = started.elapsed().as_millis() as u64,
                epoch_ms = jiff::Timestamp::now().as_millisecond();
                "first frame {} ms after start (at {})", started.elapsed().as_millis(),
                jiff::Timestamp::now().as_millisecond()
            );
            if std::env::var_os("TALKDECK_QUIT_AFTER_FIRST_FRAME").is_some() {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Whether the screen's own keys (Enter, digits, Space) go to it: not while a question or a
    /// form is up over it.
    fn keys_free(&self, ctx: &egui::Context) -> bool {
        self.quick_add.is_none()
            && self.transfer.is_none()
            && self.leaving.is_none()
            && self.decks.new_deck.is_none()
            && ctx.memory(|m| m.top_modal_layer().is_none())
    }

    /// The current screen's body.
    fn screen_ui(
        &mut self,
        ui: &mut egui::Ui,
        labels: &'static Labels,
        language: Language,
        actions: &mut Vec<Action>,
    ) {
        let keys = self.keys_free(ui.ctx());
        match self.screen {
            Screen::Home => {
                let (mode, now) = (self.mode, self.model.now());
                let model = &self.model;
                let view = self
                    .home
                    .get_or_insert_with(|| HomeView::compute(model, now));
                match home::show(
                    ui,
                    view,
                    &self.home_state,
                    mode,
                    labels,
                    language,
                    now,
                    keys,
                    self.model.speech.can_speak(),
                ) {
                    Some(HomeInput::Study(decks)) => actions.push(Action::StartStudy(decks)),
                    Some(HomeInput::Mode(mode)) => actions.push(Action::SetMode(mode)),
                    Some(HomeInput::More(decks, more)) => {
                        actions.push(Action::StudyMore(decks, more))
                    }
                    Some(HomeInput::DismissFailures) => actions.push(Action::DismissFailures),
                    Some(HomeInput::AddPhrase) => actions.push(Action::OpenQuickAdd),
                    Some(HomeInput::RestoreDraft(key)) => actions.push(Action::RestoreDraft(key)),
                    Some(HomeInput::DiscardDraft(key)) => actions.push(Action::DiscardDraft(key)),
                    Some(HomeInput::Spread(per_day)) => actions.push(Action::Spread(per_day)),
                    Some(HomeInput::DismissBacklog) => actions.push(Action::KeepBacklog),
                    None => {}
                }
            }
            Screen::Study => match &mut self.study {
                Some(study) => {
                    let now = self.model.now();
                    study.activity = self.model.speech.activity();
                    study.recordings_kept(self.model.speech.recorded());
                    if let Some(input) = study::show(ui, study, labels, language, now) {
                        actions.push(Action::Study(input));
                    }
                }
                None => actions.push(Action::Go(Screen::Home)),
            },
            Screen::Summary => {
                let now = self.model.now();
                let continue_label = match self.after_summary {
                    Screen::Home | Screen::Study | Screen::Summary => labels.back_home.to_owned(),
                    other => format!("{} → {}", labels.continue_to, screen_label(labels, other)),
                };
                let empty = SessionSummary::default();
                let summary = self.summary.as_ref().unwrap_or(&empty);
                if let Some(input) =
                    summary::show(ui, summary, &continue_label, labels, language, now, keys)
                {
                    actions.push(Action::Summary(input));
                }
            }
            Screen::Decks => {
                let now = self.model.now();
                match decks::show(ui, &mut self.decks, &self.model, labels, language, now) {
                    Some(DecksInput::SetNewLimit(deck, limit)) => {
                        actions.push(Action::SetDeckNewLimit(deck, limit))
                    }
                    Some(DecksInput::Study(deck)) => actions.push(Action::StartStudy(vec![deck])),
                    Some(DecksInput::Edit { deck, card }) => {
                        actions.push(Action::Edit { deck, card })
                    }
                    Some(DecksInput::CreateDeck(form)) => actions.push(Action::CreateDeck(form)),
                    Some(DecksInput::AddPhrase) => actions.push(Action::OpenQuickAdd),
                    Some(DecksInput::PlayRecording(path)) => self.model.speech.play_file(&path),
                    Some(other) => actions.push(Action::Decks(other)),
                    None => {}
                }
            }
            Screen::Editor => match &mut self.editor {
                Some(editor) => {
                    if let Some(input) = editor::show(ui, editor, labels, language) {
                        actions.push(Action::Editor(input));
                    }
                }
                None => actions.push(Action::Go(Screen::Decks)),
            },
            Screen::Stats => {
                if let Some(input) = stats::show(ui, &mut self.stats, &self.model, labels) {
                    actions.push(Action::Stats(input));
                }
            }
            Screen::Logs => {
                self.waker.frame_drawn();
                self.logs.refresh(&self.model.memory);
                if let Some(level) =
                    logs::show(ui, &mut self.logs, self.model.log_file.as_deref(), labels)
                {
                    actions.push(Action::SetScreenLevel(level));
                }
            }
            Screen::Settings => {
                let store = &self.model.store;
                let speech = &self.model.speech;
                let memory = &self.memory;
                let mut memory_input = None;
                let retention = store.settings().desired_retention;
                let mut memory_section = |ui: &mut egui::Ui| {
                    memory_input = memory::show(ui, memory, store.fitted(), retention, labels);
                };
                if let Some(new) = settings::show(
                    ui,
                    &mut self.settings,
                    store.settings(),
                    settings::FileState {
                        folder: store.dir().root(),
                        device: (store.dir().device(), self.device_name.as_deref()),
                        other_journals: store.other_journals().collect(),
                        problems: store.settings_problems(),
                        cannot_save: store.cannot_save(),
                    },
                    &settings::SpeechInfo {
                        found: speech.found(),
                        status: speech.status(),
                        speaking: speech.can_speak(),
                    },
                    labels,
                    &mut memory_section,
                ) {
                    actions.push(Action::SaveSettings(new));
                }
                match memory_input {
                    Some(MemoryInput::Fit) => self.memory.start(ui.ctx(), &self.model.store, false),
                    Some(MemoryInput::Cancel) => self.memory.cancel(),
                    Some(MemoryInput::Recommend) => {
                        self.memory
                            .recommend(ui.ctx(), &self.model.store, &self.model.library)
                    }
                    Some(MemoryInput::CancelRecommend) => self.memory.cancel_recommendation(),
                    Some(MemoryInput::UseRetention(retention)) => {
                        let mut settings = self.model.store.settings().clone();
                        settings.desired_retention = retention;
                        self.settings.form.desired_retention = format!("{retention:.2}");
                        actions.push(Action::SaveSettings(settings));
                    }
                    None => {}
                }
                if std::mem::take(&mut self.settings.test_voice) {
                    let speed = store.settings().speech.speed;
                    speech.speak(crate::speech::Utterance::new(settings::TEST_PHRASE, speed));
                }
            }
        }
    }

    /// Ends a running session and saves the snapshot, so the next start is quick.
    pub fn shut_down(&mut self) {
        crate::info!(
            name: "talkdeck.ui",
            frames = self.frames;
            "closing after {} frames ({:.3} ms mean in the UI pass)",
            self.frames,
            self.frame_time.as_secs_f64() * 1000.0 / self.frames.max(1) as f64
        );
        if let Some(mut study) = self.study.take() {
            let now = self.model.now();
            study.finish(&self.model, now);
        }
        if let Err(err) = self.model.store.save_snapshot() {
            crate::exception!(
                err,
                "the snapshot was not saved; the next start replays the journal"
            );
        }
    }
}

/// How often, in seconds of egui's clock, a frame looks at other devices' journals (the folder
/// watcher wakes the window as soon as one changes; this catches what it misses).
pub const ARRIVALS_EVERY_SECS: f64 = 2.0;

/// How often, on the app's clock, unsaved edits are kept aside as a draft.
pub const DRAFT_EVERY_MS: i64 = 2_000;

/// The folder watcher over the deck folder, waking the app when a file changes.
fn watch_decks(ctx: &egui::Context, dir: &std::path::Path) -> Option<crate::files::FolderWatcher> {
    let wake = {
        let ctx = ctx.clone();
        move || ctx.request_repaint()
    };
    let watched = crate::files::FolderWatcher::new(wake).and_then(|watcher| {
        watcher.watch(dir)?;
        Ok(watcher)
    });
    match watched {
        Ok(watcher) => Some(watcher),
        Err(why) => {
            crate::warning!(
                name: "talkdeck.ui",
                "deck files changed outside talkdeck are noticed only when the window gets the focus: {why}"
            );
            None
        }
    }
}

/// The drafts kept aside, as Home offers them.
fn offers(drafts: &crate::deck::Drafts, model: &Model) -> Vec<super::home::DraftOffer> {
    let zone = model.store.scheduler().clock().time_zone().clone();
    drafts
        .load_all()
        .into_iter()
        .map(|(key, draft)| {
            let when = jiff::Timestamp::from_millisecond(draft.at)
                .map(|t| {
                    t.to_zoned(zone.clone())
                        .strftime("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            let deck = match draft.deck.name.as_str() {
                "" => draft.deck.id.clone(),
                name => name.to_owned(),
            };
            super::home::DraftOffer { key, deck, when }
        })
        .collect()
}

/// "Save your changes?", while the learner is leaving the editor with unsaved changes.
fn leave_prompt(
    ctx: &egui::Context,
    editor: Option<&Editor>,
    leaving: Leave,
    labels: &Labels,
) -> Option<LeaveChoice> {
    let editor = editor?;
    let mut choice = None;
    let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.heading(
            labels
                .save_changes_title
                .replace("{deck}", &editor.deck().name),
        );
        ui.add(
            egui::Label::new(match leaving {
                Leave::Quit => labels.save_changes_quit,
                Leave::Go(_) => labels.save_changes_body,
            })
            .wrap(),
        );
        if !editor.can_save() {
            ui.colored_label(ui.visuals().error_fg_color, labels.fix_problems_to_save);
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(editor.can_save(), egui::Button::new(labels.save))
                .on_disabled_hover_text(labels.fix_problems_to_save)
                .clicked()
            {
                choice = Some(LeaveChoice::Save);
            }
            if ui.button(labels.discard).clicked() {
                choice = Some(LeaveChoice::Discard);
            }
            if ui.button(labels.stay).clicked() {
                choice = Some(LeaveChoice::Stay);
            }
        });
    });
    if modal.should_close() && choice.is_none() {
        choice = Some(LeaveChoice::Stay);
    }
    choice
}

/// A screen's name in the top bar.
fn screen_label(labels: &Labels, screen: Screen) -> &'static str {
    match screen {
        Screen::Home => labels.nav_home,
        Screen::Study | Screen::Summary => labels.study,
        Screen::Decks => labels.nav_decks,
        Screen::Stats => labels.nav_stats,
        Screen::Logs => labels.nav_logs,
        Screen::Settings => labels.nav_settings,
        Screen::Editor => labels.nav_editor,
    }
}

impl eframe::App for TalkdeckApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    /// Only the window's geometry is kept between runs: egui's memory (grid sizes and the like)
    /// is layout cache, and stale after an update.
    fn persist_egui_memory(&self) -> bool {
        false
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.shut_down();
    }
}
