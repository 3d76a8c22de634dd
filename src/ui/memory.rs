//! The memory model fitted to the learner, in Settings: fitting FSRS's parameters to their answers
//! on a thread of its own (a progress bar, a Cancel), on request and by itself after every
//! [`AUTO_EVERY`] new answers; the parameters in use and the fitted ones compared on the same
//! answers, the fitted ones kept only when they predict better ([`Store::set_parameters`]).

use std::sync::mpsc::{Receiver, TryRecvError, channel};

use eframe::egui::{self, RichText};

use super::i18n::Labels;
use crate::deck::Library;
use crate::srs::{
    AnswerCosts, Evaluation, Fit, FitError, Phase, Progress, Rating, RecommendError,
    RecommendInput, Recommendation, fit, recommend,
};
use crate::store::{Fitted, Store};
use crate::study::queue_for;

/// New answers after which the model is fitted again by itself.
pub const AUTO_EVERY: usize = 1000;

/// What the section asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MemoryInput {
    Fit,
    Cancel,
    Recommend,
    CancelRecommend,
    /// Put this desired retention in the settings.
    UseRetention(f32),
}

struct RecommendJob {
    progress: Progress,
    receive: Receiver<Result<Recommendation, RecommendError>>,
}

/// A fit that finished: the comparison, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub struct FitOutcome {
    pub result: Result<Fit, FitError>,
    /// The fitted parameters are now in use.
    pub kept: bool,
    /// Started by itself after new answers, not by the learner.
    pub automatic: bool,
    /// Reviews and learning items due now before and after the fitted parameters were put in
    /// use (every item is rescheduled: some come due sooner, some later).
    pub due: Option<(usize, usize)>,
}

struct Job {
    progress: Progress,
    receive: Receiver<Result<Fit, FitError>>,
    automatic: bool,
}

/// The section's state: the fit under way, the last one's outcome.
#[derive(Default)]
pub struct MemoryModel {
    job: Option<Job>,
    pub outcome: Option<FitOutcome>,
    recommending: Option<RecommendJob>,
    /// The last recommendation of a desired retention, or why there is none.
    pub recommendation: Option<Result<Recommendation, RecommendError>>,
    /// How many answers there were when a fit last ran in this run (an automatic one waits for
    /// [`AUTO_EVERY`] more).
    tried_at: Option<usize>,
}

/// Answers given after the parameters in use were fitted (all of them, with the defaults).
fn answers_since_fit(store: &Store) -> usize {
    let reviews = store.reviews();
    match store.fitted() {
        Some(fitted) => reviews.len() - reviews.partition_point(|r| r.at <= fitted.at),
        None => reviews.len(),
    }
}

impl MemoryModel {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// How far the fit under way is, 0–1.
    pub fn progress(&self) -> Option<f32> {
        self.job
            .as_ref()
            .map(|job| job.progress.per_mille() as f32 / 1000.0)
    }

    /// Starts fitting on a thread of its own (nothing if one is under way). Only a copy of the
    /// review log is made here, on the caller's thread; the training set, the fit and both
    /// evaluations are made there.
    pub fn start(&mut self, ctx: &egui::Context, store: &Store, automatic: bool) {
        if self.job.is_some() {
            return;
        }
        self.tried_at = Some(store.reviews().len());
        let reviews = store.reviews().to_vec();
        let items = store.item_ids().len();
        let clock = store.scheduler().clock().clone();
        let current = store.fitted().map(|f| f.parameters.clone());
        let progress = Progress::default();
        let (send, receive) = channel();
        let ctx = ctx.clone();
        let theirs = progress.clone();
        let started = std::thread::Builder::new()
            .name("fsrs-fit".into())
            .spawn(move || {
                let set = crate::store::training_set(&reviews, items, &clock);
                drop(reviews);
                let result = fit(&set, current.as_deref(), &theirs);
                if send.send(result).is_ok() {
                    ctx.request_repaint();
                }
            });
        match started {
            Ok(_) => {
                crate::info!(
                    name: "talkdeck.ui",
                    "fitting the memory model{}",
                    if automatic { " (after new answers)" } else { "" }
                );
                self.job = Some(Job {
                    progress,
                    receive,
                    automatic,
                });
            }
            Err(err) => {
                crate::error!(name: "talkdeck.ui", "the memory model could not be fitted: {err}")
            }
        }
    }

    /// Starts a fit by itself when [`AUTO_EVERY`] answers came since the parameters in use were
    /// fitted (or since this run last tried).
    pub fn start_if_due(&mut self, ctx: &egui::Context, store: &Store) {
        let since_try = self
            .tried_at
            .map_or(usize::MAX, |at| store.reviews().len().saturating_sub(at));
        if answers_since_fit(store) >= AUTO_EVERY && since_try >= AUTO_EVERY {
            self.start(ctx, store, true);
        }
    }

    /// Works out, on a thread of its own, the desired retention that gives the most phrases
    /// remembered per minute of study (FSRS's simulator, `srs::recommend`), for this collection,
    /// the parameters in use and the learner's own answer times.
    pub fn recommend(&mut self, ctx: &egui::Context, store: &Store, library: &Library) {
        if self.recommending.is_some() {
            return;
        }
        let settings = store.settings();
        let items = library.decks.iter().map(|(_, d)| d.n_items()).sum();
        let mut input =
            RecommendInput::new(&settings.scheduler_config(), items, settings.new_per_day);
        let answers: Vec<(Phase, Rating, u32)> = store
            .reviews()
            .iter()
            .map(|r| (r.phase_before, r.rating, r.taken_ms))
            .collect();
        let progress = Progress::default();
        let theirs = progress.clone();
        let (send, receive) = channel();
        let ctx = ctx.clone();
        let started = std::thread::Builder::new()
            .name("fsrs-retention".into())
            .spawn(move || {
                input.costs = Some(AnswerCosts::from_answers(answers));
                let result = recommend(&input, &theirs);
                if send.send(result).is_ok() {
                    ctx.request_repaint();
                }
            });
        match started {
            Ok(_) => self.recommending = Some(RecommendJob { progress, receive }),
            Err(err) => {
                crate::error!(name: "talkdeck.ui", "no retention could be recommended: {err}")
            }
        }
    }

    pub fn cancel_recommendation(&self) {
        if let Some(job) = &self.recommending {
            job.progress.cancel();
        }
    }

    /// How far the recommendation under way is, 0–1.
    pub fn recommend_progress(&self) -> Option<f32> {
        self.recommending
            .as_ref()
            .map(|job| job.progress.per_mille() as f32 / 1000.0)
    }

    /// Takes in a finished recommendation; whether one arrived.
    pub fn poll_recommendation(&mut self) -> bool {
        let Some(job) = &self.recommending else {
            return false;
        };
        let result = match job.receive.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err(RecommendError::Cancelled),
        };
        self.recommending = None;
        match &result {
            Ok(r) => crate::info!(
                name: "talkdeck.ui",
                "recommended retention {:.2}: {:.1} min a day, {:.0} remembered after a year \
                 (at {:.2}: {:.1} min, {:.0})",
                r.recommended.retention, r.recommended.minutes_per_day, r.recommended.remembered,
                r.current.retention, r.current.minutes_per_day, r.current.remembered
            ),
            Err(err) => crate::info!(name: "talkdeck.ui", "no retention recommended: {err}"),
        }
        self.recommendation = Some(result);
        true
    }

    /// Waits for the recommendation under way (for tests).
    pub fn wait_recommendation(&mut self) {
        if let Some(job) = &self.recommending {
            let result = job.receive.recv().unwrap_or(Err(RecommendError::Cancelled));
            self.recommending = None;
            self.recommendation = Some(result);
        }
    }

    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.progress.cancel();
        }
    }

    /// Takes in a finished fit: better parameters are put in use. Returns whether they were (every
    /// item is then rescheduled: what shows the history must be worked out again).
    pub fn poll(&mut self, store: &mut Store, library: &Library, now_ms: i64) -> bool {
        let Some(job) = &self.job else {
            return false;
        };
        let result = match job.receive.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err(FitError::Cancelled),
        };
        self.finish(result, store, library, now_ms)
    }

    /// Waits for the fit under way and takes it in (for tests: the thread's work, not a guess at
    /// its length).
    pub fn wait(&mut self, store: &mut Store, library: &Library, now_ms: i64) -> bool {
        let Some(job) = &self.job else {
            return false;
        };
        let result = job.receive.recv().unwrap_or(Err(FitError::Cancelled));
        self.finish(result, store, library, now_ms)
    }

    fn finish(
        &mut self,
        result: Result<Fit, FitError>,
        store: &mut Store,
        library: &Library,
        now_ms: i64,
    ) -> bool {
        let automatic = self.job.take().is_some_and(|job| job.automatic);
        let mut kept = false;
        let mut due = None;
        let due_now = |store: &Store| queue_for(library, store, &[], now_ms).outlook().due();
        match &result {
            Ok(fit) if fit.keep() => {
                let before = due_now(store);
                match store.set_parameters(fit, now_ms) {
                    Ok(_) => {
                        kept = true;
                        due = Some((before, due_now(store)));
                    }
                    Err(err) => crate::exception!(err, "the fitted parameters were not saved"),
                }
            }
            Ok(fit) => crate::notice!(
                name: "talkdeck.ui",
                reviews = fit.reviews, log_loss = fit.fitted.log_loss,
                log_loss_in_use = fit.current.log_loss;
                "FSRS parameters fitted to {} answers not kept: log loss {:.4}, the parameters in \
                 use {:.4}",
                fit.reviews, fit.fitted.log_loss, fit.current.log_loss
            ),
            Err(err) => crate::info!(name: "talkdeck.ui", "no memory model fitted: {err}"),
        }
        self.outcome = Some(FitOutcome {
            result,
            kept,
            automatic,
            due,
        });
        kept
    }
}

/// Minutes a day as a learner reads them: a tenth below ten ("0.9"), whole ones above.
pub fn minutes(m: f32) -> String {
    if m < 9.95 {
        format!("{m:.1}")
    } else {
        format!("{m:.0}")
    }
}

/// "Due now: 14 (was 0)."
pub fn due_change(before: usize, after: usize, labels: &Labels) -> String {
    labels
        .due_after_fit
        .replace("{after}", &after.to_string())
        .replace("{before}", &before.to_string())
}

/// The button that starts a job, or its progress bar and Cancel while it runs.
fn start_or_progress(
    ui: &mut egui::Ui,
    progress: Option<f32>,
    (start_label, start): (&str, MemoryInput),
    cancel: MemoryInput,
    labels: &Labels,
) -> Option<MemoryInput> {
    ui.horizontal(|ui| match progress {
        Some(done) => {
            ui.add(
                egui::ProgressBar::new(done)
                    .desired_width(240.0)
                    .show_percentage(),
            );
            ui.button(labels.cancel).clicked().then_some(cancel)
        }
        None => ui.button(start_label).clicked().then_some(start),
    })
    .inner
}

fn evaluation_row(ui: &mut egui::Ui, name: &str, e: &Evaluation) {
    ui.label(name);
    ui.label(format!("{:.4}", e.log_loss));
    ui.label(format!("{:.2}%", e.rmse * 100.0));
    ui.end_row();
}

/// The section: what is in use, the button or the progress, the last outcome; then the
/// recommended retention.
pub fn show(
    ui: &mut egui::Ui,
    model: &MemoryModel,
    fitted: Option<&Fitted>,
    current_retention: f32,
    labels: &Labels,
) -> Option<MemoryInput> {
    let mut input = fit_section(ui, model, fitted, labels);
    ui.add_space(10.0);
    if let Some(i) = recommend_section(ui, model, fitted.is_some(), current_retention, labels) {
        input = Some(i);
    }
    input
}

fn recommend_section(
    ui: &mut egui::Ui,
    model: &MemoryModel,
    fitted: bool,
    current_retention: f32,
    labels: &Labels,
) -> Option<MemoryInput> {
    ui.label(RichText::new(labels.recommend_title).strong());
    ui.add(egui::Label::new(RichText::new(labels.recommend_explain).weak()).wrap());
    let mut input = start_or_progress(
        ui,
        model.recommend_progress(),
        (labels.recommend_now, MemoryInput::Recommend),
        MemoryInput::CancelRecommend,
        labels,
    );
    match &model.recommendation {
        Some(Ok(r)) => {
            let line = |template: &str, w: &crate::srs::Workload| {
                template
                    .replace("{r}", &format!("{:.2}", w.retention))
                    .replace("{min}", &minutes(w.minutes_per_day))
                    .replace("{n}", &format!("{:.0}", w.remembered))
            };
            ui.label(RichText::new(line(labels.recommended, &r.recommended)).strong());
            ui.label(line(labels.at_yours, &r.current));
            if !fitted {
                ui.label(RichText::new(labels.recommend_defaults).weak());
            }
            let same = (r.recommended.retention - current_retention).abs() < 0.005;
            if !same
                && ui
                    .button(
                        labels
                            .use_retention
                            .replace("{r}", &format!("{:.2}", r.recommended.retention)),
                    )
                    .clicked()
            {
                input = Some(MemoryInput::UseRetention(r.recommended.retention));
            }
        }
        Some(Err(RecommendError::Cancelled)) => {
            ui.label(RichText::new(labels.fit_cancelled).weak());
        }
        Some(Err(err)) => {
            ui.label(RichText::new(err.to_string()).color(ui.visuals().error_fg_color));
        }
        None => {}
    }
    input
}

fn fit_section(
    ui: &mut egui::Ui,
    model: &MemoryModel,
    fitted: Option<&Fitted>,
    labels: &Labels,
) -> Option<MemoryInput> {
    ui.label(RichText::new(labels.memory_model_title).strong().size(16.0));
    ui.add(egui::Label::new(RichText::new(labels.memory_model_explain).weak()).wrap());
    let in_use = match fitted {
        None => labels.parameters_default.to_owned(),
        Some(f) => labels
            .parameters_fitted
            .replace("{n}", &f.reviews.to_string())
            .replace("{loss}", &format!("{:.4}", f.log_loss))
            .replace("{rmse}", &format!("{:.2}", f.rmse * 100.0)),
    };
    ui.label(in_use);
    let input = start_or_progress(
        ui,
        model.progress(),
        (labels.fit_now, MemoryInput::Fit),
        MemoryInput::Cancel,
        labels,
    );
    if let Some(outcome) = &model.outcome {
        match &outcome.result {
            Ok(fit) => {
                egui::Grid::new("fit-comparison")
                    .num_columns(3)
                    .spacing([24.0, 4.0])
                    .show(ui, |ui| {
                        ui.label("");
                        ui.label(RichText::new(labels.log_loss).strong());
                        ui.label(RichText::new("RMSE").strong());
                        ui.end_row();
                        evaluation_row(ui, labels.parameters_before, &fit.current);
                        evaluation_row(ui, labels.parameters_now, &fit.fitted);
                    });
                ui.label(if outcome.kept {
                    labels.fit_kept
                } else {
                    labels.fit_not_kept
                });
                if let Some((before, after)) = outcome.due {
                    ui.label(due_change(before, after, labels));
                }
            }
            Err(FitError::TooFewReviews { reviews, needed }) => {
                ui.label(
                    labels
                        .fit_too_few
                        .replace("{n}", &reviews.to_string())
                        .replace("{needed}", &needed.to_string()),
                );
            }
            Err(FitError::Cancelled) => {
                ui.label(RichText::new(labels.fit_cancelled).weak());
            }
            Err(other) => {
                ui.label(RichText::new(other.to_string()).color(ui.visuals().error_fg_color));
            }
        }
    }
    input
}
