//! Stats: how much was studied and how well, what is coming, how the memory model sees each
//! phrase, and the phrases behind any figure. The figures are [`crate::stats`]'s, worked out on a
//! thread of their own whenever the history or the scope changes ([`Worker`]); a frame only draws
//! the last [`Report`].

mod charts;
mod draw;

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use eframe::egui;

pub use draw::show;

use super::model::Model;
use crate::deck::{Direction, ItemId};
use crate::stats::{Facts, Pick, Range, Report, Scope};

/// What a frame of the Stats screen asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum StatsInput {
    SetRange(Range),
    /// Every deck (an empty set), or this deck in or out of the set.
    AllDecks,
    ToggleDeck(String),
    /// Minutes instead of answers in the chart of answers per day.
    ShowMinutes(bool),
    /// List the phrases behind a figure, with the figure's name.
    Pick(Pick, String),
    ClosePick,
    /// A session over exactly the listed phrases.
    StudyPicked,
    /// Open a listed phrase's card in the editor.
    Edit(ItemId),
}

/// One phrase in a list behind a figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickedRow {
    pub item: ItemId,
    pub direction: Option<Direction>,
    /// The card's English and Chinese (its first variant); empty if its deck is gone.
    pub en: String,
    pub zh: String,
    /// Its deck is one of the learner's, which the editor opens.
    pub editable: bool,
}

/// The phrases behind the figure last clicked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picked {
    pub pick: Pick,
    pub title: String,
    pub rows: Vec<PickedRow>,
}

/// The figures being worked out off the UI thread, and the scope they are for: one job at a time,
/// the latest scope wins.
struct Worker {
    scope: Scope,
    receive: Receiver<Report>,
}

impl Worker {
    /// Starts the work on a thread of its own; `Err` gives the job back when no thread could be
    /// started.
    fn start(
        ctx: &egui::Context,
        facts: Arc<Facts>,
        scope: Scope,
        now_ms: i64,
    ) -> Result<Worker, (Arc<Facts>, Scope)> {
        let (send, receive) = channel();
        let ctx = ctx.clone();
        let (theirs, job) = (Arc::clone(&facts), scope.clone());
        let started = std::thread::Builder::new()
            .name("stats".into())
            .spawn(move || {
                let report = Report::compute(&theirs, &job, now_ms);
                // The screen may be gone: then nobody waits for it.
                if send.send(report).is_ok() {
                    ctx.request_repaint();
                }
            });
        match started {
            Ok(_) => Ok(Worker { scope, receive }),
            Err(err) => {
                crate::warning!(
                    name: "talkdeck.ui",
                    "the figures are worked out on the window's thread: no thread for them ({err})"
                );
                Err((facts, scope))
            }
        }
    }
}

/// The Stats screen's state.
#[derive(Default)]
pub struct StatsScreen {
    pub scope: Scope,
    pub minutes: bool,
    /// The history as last gathered; `None` after a change, until the screen is drawn again.
    facts: Option<Arc<Facts>>,
    /// The figures shown, and the scope they are for.
    report: Option<(Scope, Arc<Report>)>,
    worker: Option<Worker>,
    pub picked: Option<Picked>,
}

impl StatsScreen {
    /// The history changed (an answer, a deck), or the screen is opened again: the figures are
    /// worked out again when next shown. The ones shown stay until then, so the screen never
    /// flashes empty.
    pub fn history_changed(&mut self) {
        self.facts = None;
        self.worker = None;
        // A list picked from older figures may no longer match them.
        self.picked = None;
    }

    /// The figures for the current scope, starting their work if needed; `None` while the first
    /// are being worked out. Also takes in a finished job.
    pub fn report(&mut self, ctx: &egui::Context, model: &Model) -> Option<Arc<Report>> {
        if let Some(worker) = &self.worker {
            match worker.receive.try_recv() {
                Ok(report) => self.take(report),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.worker = None,
            }
        }
        let current =
            self.report.as_ref().is_some_and(|(s, _)| *s == self.scope) && self.facts.is_some();
        let running = self.worker.as_ref().is_some_and(|w| w.scope == self.scope);
        if !current && !running {
            let facts = self
                .facts
                .get_or_insert_with(|| Arc::new(Facts::gather(&model.library, &model.store)));
            let now = model.now();
            match Worker::start(ctx, Arc::clone(facts), self.scope.clone(), now) {
                Ok(worker) => self.worker = Some(worker),
                Err((facts, scope)) => {
                    let report = Report::compute(&facts, &scope, now);
                    self.report = Some((scope, Arc::new(report)));
                    self.worker = None;
                }
            }
        }
        self.report.as_ref().map(|(_, report)| Arc::clone(report))
    }

    /// Takes in the worker's figures.
    fn take(&mut self, report: Report) {
        if let Some(worker) = self.worker.take() {
            self.report = Some((worker.scope, Arc::new(report)));
        }
    }

    /// The figures last worked out, if any (for tests and the app's accessors).
    pub fn shown(&self) -> Option<&Report> {
        self.report.as_ref().map(|(_, report)| report.as_ref())
    }

    /// Whether the figures shown are for another scope or an older history than asked for.
    pub fn is_working(&self) -> bool {
        self.worker.is_some()
    }

    /// Waits for the figures being worked out (for tests: the thread's work, not a guess at its
    /// length).
    pub fn wait(&mut self) {
        if let Some(Ok(report)) = self.worker.as_ref().map(|w| w.receive.recv()) {
            self.take(report);
        }
    }

    /// The history as the figures read it, once gathered.
    pub fn facts(&self) -> Option<&Facts> {
        self.facts.as_deref()
    }

    /// Lists the phrases behind `pick` (on the UI thread: one walk, like one figure's).
    pub fn pick(&mut self, model: &Model, pick: Pick, title: String) {
        let Some(facts) = self.facts.as_deref() else {
            return;
        };
        let rows = crate::stats::pick(facts, &self.scope, pick, model.now())
            .into_iter()
            .map(|i| {
                let item = facts.items[i as usize].id.clone();
                let variant = model.library.card_of(&item).map(|card| card.variant(0));
                let editable = item.parts().is_some_and(|(deck, _, _)| {
                    matches!(
                        model.library.source(deck),
                        Some(crate::deck::Source::User(_))
                    )
                });
                PickedRow {
                    editable,
                    direction: item.parts().map(|(_, _, d)| d),
                    en: variant.as_ref().map_or_else(String::new, |v| v.en.clone()),
                    zh: variant.map_or_else(String::new, |v| v.zh),
                    item,
                }
            })
            .collect();
        self.picked = Some(Picked { pick, title, rows });
    }

    /// Applies what a frame asked for that stays on this screen; the rest is the app's.
    pub fn input(&mut self, model: &Model, input: StatsInput) {
        if matches!(
            input,
            StatsInput::SetRange(_) | StatsInput::AllDecks | StatsInput::ToggleDeck(_)
        ) {
            // A list belongs to the figures it was picked from.
            self.picked = None;
        }
        match input {
            StatsInput::SetRange(range) => self.scope.range = range,
            StatsInput::AllDecks => self.scope.decks.clear(),
            StatsInput::ToggleDeck(deck) => {
                if let Some(at) = self.scope.decks.iter().position(|d| *d == deck) {
                    self.scope.decks.remove(at);
                } else {
                    self.scope.decks.push(deck);
                    self.scope.decks.sort_unstable();
                }
            }
            StatsInput::ShowMinutes(minutes) => self.minutes = minutes,
            StatsInput::Pick(pick, title) => self.pick(model, pick, title),
            StatsInput::ClosePick => self.picked = None,
            StatsInput::StudyPicked | StatsInput::Edit(_) => {}
        }
    }
}
