//! Fitting the learner's own FSRS parameters to their answers, with the `fsrs` crate's optimiser,
//! and telling whether they predict the learner's memory better than the parameters in use.
//!
//! The history becomes the crate's training items as Anki and the crate's own revlog converter make
//! them: for each item, one [`fsrs::FSRSItem`] per answer after its first, holding every answer up
//! to that one, with the days between answers counted in study days ([`DayClock::day`]); an answer
//! on the same study day as the one before (a learning step) is history for later answers, never
//! something to predict. The items go to the crate ordered by the time of their last answer, so
//! its recency weights favour what the learner did lately.
//!
//! Pure: no I/O, no clock, no randomness (the crate's training shuffles with a fixed seed), so a
//! history always gives the same parameters. Where they are kept — a journal entry — is `store`'s
//! business.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use fsrs::{CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview};

use super::{DayClock, Rating};

/// How many answers the fit needs at least, counting only those given a study day or more after
/// the item's previous answer and left after the crate sets aside unusual ones: below it the crate
/// fits at most the first day's stabilities, not the model.
pub const MIN_REVIEWS: usize = 64;

/// How many parameters FSRS-6 has (and a fitted set always holds).
pub const PARAMETER_COUNT: usize = 21;

/// One answer, as the fit reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    pub rating: Rating,
    /// UTC ms since the Unix epoch.
    pub at_ms: i64,
}

/// The crate's training items, made from every item's answers.
#[derive(Clone, Debug, Default)]
pub struct TrainingSet {
    items: Vec<FSRSItem>,
    /// For each item, the history it came from (the crate computes each history's memory states
    /// once instead of once per item).
    histories: Vec<i64>,
    /// Every answer read, the first ones and same-day ones included.
    answers: usize,
}

impl TrainingSet {
    /// The training items of `histories`: each is one item's answers in time order (an answer out
    /// of order counts as on the same day as the one before it).
    pub fn new<'a>(
        histories: impl IntoIterator<Item = &'a [Answer]>,
        clock: &DayClock,
    ) -> TrainingSet {
        let mut timed: Vec<(i64, i64, FSRSItem)> = Vec::new();
        let mut answers = 0;
        for (history, answers_of_item) in histories.into_iter().enumerate() {
            answers += answers_of_item.len();
            let mut reviews: Vec<FSRSReview> = Vec::with_capacity(answers_of_item.len());
            let mut previous_day = None;
            for answer in answers_of_item {
                let day = clock.day(answer.at_ms);
                let delta_t = previous_day.map_or(0, |previous: i32| day.saturating_sub(previous));
                previous_day = Some(day);
                reviews.push(FSRSReview {
                    rating: answer.rating.number(),
                    delta_t: u32::try_from(delta_t).unwrap_or(0),
                });
                if reviews.len() > 1 && delta_t > 0 {
                    timed.push((
                        answer.at_ms,
                        history as i64,
                        FSRSItem {
                            reviews: reviews.clone(),
                        },
                    ));
                }
            }
        }
        // By time, then by history: the same order whatever order equal times came in.
        timed.sort_by_key(|(at, history, _)| (*at, *history));
        let (histories, items) = timed.into_iter().map(|(_, h, item)| (h, item)).unzip();
        TrainingSet {
            items,
            histories,
            answers,
        }
    }

    /// How many answers can be predicted (given a study day or more after the item's previous
    /// one): what the parameters are fitted and evaluated on.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every answer read.
    pub fn answers(&self) -> usize {
        self.answers
    }

    /// How many of [`TrainingSet::len`] the crate trains on: those left after it sets aside the
    /// unusual first intervals (its `filter_outlier`, the rule its optimiser applies).
    pub fn usable(&self) -> usize {
        let first_intervals: Vec<FSRSItem> = self
            .items
            .iter()
            .filter(|item| item.long_term_review_cnt() == 1)
            .cloned()
            .collect();
        fsrs::filter_outlier(first_intervals, self.items.clone())
            .1
            .len()
    }

    /// How well `parameters` (the defaults when `None`) predict these answers.
    pub fn evaluate(
        &self,
        parameters: Option<&[f32]>,
        progress: &Progress,
    ) -> Result<Evaluation, FitError> {
        let model = FSRS::new(parameters.unwrap_or(&[]))
            .map_err(|e| FitError::Refused(format!("the parameters cannot be used ({e:?})")))?;
        guarded(|| {
            model.evaluate_with_card_ids(self.items.clone(), self.histories.clone(), |done| {
                progress.evaluating(done.current, done.total);
                !progress.is_cancelled()
            })
        })?
        .map(|e| Evaluation {
            log_loss: e.log_loss,
            rmse: e.rmse_bins,
        })
        .map_err(|e| FitError::from_crate(e, self.len()))
    }
}

/// How well a set of parameters predicts a history.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// The mean log loss of the predicted recall against what happened (lower is better); recent
    /// answers weigh more, as the crate weighs them.
    pub log_loss: f32,
    /// The root mean square of predicted minus actual recall over groups of alike answers, 0–1
    /// (Anki shows it as a percentage).
    pub rmse: f32,
}

/// What a fit found.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// The fitted parameters ([`PARAMETER_COUNT`] of them).
    pub parameters: Vec<f32>,
    /// The parameters in use (the defaults when none were given) on the history.
    pub current: Evaluation,
    /// The fitted ones on the same history.
    pub fitted: Evaluation,
    /// How many answers they were evaluated on ([`TrainingSet::len`]).
    pub reviews: usize,
}

impl Fit {
    /// Whether the fitted parameters should replace the current ones: only when they predict the
    /// history better (a lower log loss).
    pub fn keep(&self) -> bool {
        self.fitted.log_loss < self.current.log_loss
    }
}

/// Why no parameters were fitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FitError {
    /// Too few answers given a study day or more after the item's previous one.
    TooFewReviews { reviews: usize, needed: usize },
    /// [`Progress::cancel`] was called.
    Cancelled,
    /// The crate could not fit or evaluate the history; what it said.
    Refused(String),
}

impl FitError {
    fn from_crate(error: fsrs::FSRSError, reviews: usize) -> FitError {
        match error {
            fsrs::FSRSError::NotEnoughData => FitError::TooFewReviews {
                reviews,
                needed: MIN_REVIEWS,
            },
            fsrs::FSRSError::Interrupted => FitError::Cancelled,
            other => FitError::Refused(format!("the optimiser refused the history ({other:?})")),
        }
    }
}

impl std::fmt::Display for FitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FitError::TooFewReviews { reviews, needed } => write!(
                f,
                "not enough reviews yet to fit your memory model: it needs {needed} answers given \
                 a day or more after the card's previous answer (leaving out first reviews at \
                 unusual intervals), and {reviews} of yours count so far; keep studying and try \
                 again later"
            ),
            FitError::Cancelled => f.write_str("fitting was stopped"),
            FitError::Refused(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for FitError {}

/// How far a fit or a recommended retention is, readable from another thread while it runs (a
/// progress bar), and a way to stop it. Clones share one state; use a new one for each run.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    /// The crate's own progress of its training.
    training: Arc<Mutex<CombinedProgressState>>,
    /// How many of the fit's two evaluations are done.
    evaluations: AtomicU32,
    /// Per mille of the evaluation under way.
    evaluating: AtomicU32,
    /// The steps of a recommendation done (simulation batches), and how many it should take; 0
    /// expected while no recommendation runs.
    steps: AtomicU32,
    expected_steps: AtomicU32,
    cancelled: AtomicBool,
}

/// The share of the bar the training takes; the two evaluations take the rest.
const TRAINING_PER_MILLE: u32 = 900;

impl Progress {
    /// How far the work is, 0–1000.
    pub fn per_mille(&self) -> u32 {
        let expected = self.shared.expected_steps.load(Ordering::Relaxed);
        if expected > 0 {
            let steps = self.shared.steps.load(Ordering::Relaxed).min(expected);
            return (u64::from(steps) * 1000 / u64::from(expected)) as u32;
        }
        let (done, total) = {
            let training = self
                .shared
                .training
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if training.finished() {
                (1, 1)
            } else {
                (training.current(), training.total())
            }
        };
        let trained = if total == 0 {
            0
        } else {
            (done.min(total) as u64 * u64::from(TRAINING_PER_MILLE) / total as u64) as u32
        };
        let evaluations = self.shared.evaluations.load(Ordering::Relaxed).min(2);
        let evaluated = (evaluations * 1000 + self.shared.evaluating.load(Ordering::Relaxed)) / 2;
        (trained + evaluated * (1000 - TRAINING_PER_MILLE) / 1000).min(1000)
    }

    /// Asks the work to stop soon; it then returns [`FitError::Cancelled`] (a fit) or
    /// [`RecommendError::Cancelled`](super::RecommendError::Cancelled) (a recommendation).
    pub fn cancel(&self) {
        self.shared.cancelled.store(true, Ordering::Relaxed);
        self.shared
            .training
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .want_abort = true;
    }

    pub fn is_cancelled(&self) -> bool {
        self.shared.cancelled.load(Ordering::Relaxed)
    }

    /// Notes `current` of `total` answers of an evaluation done.
    fn evaluating(&self, current: usize, total: usize) {
        let part = (current.min(total) * 1000 / total.max(1)) as u32;
        self.shared.evaluating.store(part, Ordering::Relaxed);
    }

    /// Notes an evaluation of the fit done.
    fn evaluated(&self) {
        self.shared.evaluating.store(0, Ordering::Relaxed);
        self.shared.evaluations.fetch_add(1, Ordering::Relaxed);
    }

    /// Starts counting a recommendation's steps: `expected` of them make the whole bar.
    pub(super) fn expect_steps(&self, expected: u32) {
        self.shared.steps.store(0, Ordering::Relaxed);
        self.shared
            .expected_steps
            .store(expected.max(1), Ordering::Relaxed);
    }

    /// Notes one more step done, never reaching the end: only [`Progress::steps_done_up_to`]
    /// with the expected count fills the bar.
    pub(super) fn step(&self) {
        // Only the thread running the recommendation writes the count.
        let expected = self.shared.expected_steps.load(Ordering::Relaxed);
        let steps = self.shared.steps.load(Ordering::Relaxed);
        self.shared.steps.store(
            (steps + 1).min(expected.saturating_sub(1)),
            Ordering::Relaxed,
        );
    }

    /// Notes every step up to `steps` done (a search that ended sooner than expected).
    pub(super) fn steps_done_up_to(&self, steps: u32) {
        self.shared.steps.fetch_max(steps, Ordering::Relaxed);
    }

    fn training(&self) -> Arc<Mutex<CombinedProgressState>> {
        Arc::clone(&self.shared.training)
    }
}

/// Runs the crate, turning a panic inside it into an error: no history may crash the app.
fn guarded<T>(run: impl FnOnce() -> T) -> Result<T, FitError> {
    catch_unwind(AssertUnwindSafe(run))
        .map_err(|_| FitError::Refused("the optimiser failed on this history".to_owned()))
}

/// Fits parameters to `set` and evaluates them and `current` (the defaults when `None`) on it.
/// Deterministic: the same set always gives the same parameters.
pub fn fit(
    set: &TrainingSet,
    current: Option<&[f32]>,
    progress: &Progress,
) -> Result<Fit, FitError> {
    let usable = set.usable();
    if usable < MIN_REVIEWS {
        return Err(FitError::TooFewReviews {
            reviews: usable,
            needed: MIN_REVIEWS,
        });
    }
    let input = ComputeParametersInput {
        train_set: set.items.clone(),
        card_ids: Some(set.histories.clone()),
        progress: Some(progress.training()),
        ..ComputeParametersInput::default()
    };
    let parameters = guarded(|| fsrs::compute_parameters(input))?
        .map_err(|e| FitError::from_crate(e, usable))?;
    if parameters.len() != PARAMETER_COUNT || parameters_problem(&parameters).is_some() {
        return Err(FitError::Refused(
            "the optimiser gave parameters that cannot be used".to_owned(),
        ));
    }
    let current_evaluation = set.evaluate(current, progress)?;
    progress.evaluated();
    let fitted = set.evaluate(Some(&parameters), progress)?;
    progress.evaluated();
    Ok(Fit {
        parameters,
        current: current_evaluation,
        fitted,
        reviews: set.len(),
    })
}

/// Why `parameters` cannot schedule (a hand-edited journal line, say): not
/// [`PARAMETER_COUNT`] of them, or one not a finite number.
pub fn parameters_problem(parameters: &[f32]) -> Option<String> {
    if parameters.len() != PARAMETER_COUNT {
        return Some(format!(
            "{} FSRS parameters instead of {PARAMETER_COUNT}",
            parameters.len()
        ));
    }
    if let Some(p) = parameters.iter().find(|p| !p.is_finite()) {
        return Some(format!("FSRS parameter {p} is not a finite number"));
    }
    FSRS::new(parameters)
        .err()
        .map(|e| format!("FSRS parameters refused ({e:?})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;
    /// Noon in UTC, so the rollover hour never moves a day.
    const T0: i64 = 1_767_268_800_000;

    fn utc() -> DayClock {
        DayClock::new(jiff::tz::TimeZone::UTC, 4)
    }

    fn answer(rating: Rating, at_ms: i64) -> Answer {
        Answer { rating, at_ms }
    }

    #[test]
    fn each_answer_after_the_first_on_a_later_day_is_one_item_with_its_history() {
        let history = [
            answer(Rating::Again, T0),
            // Ten minutes later, the same day: history, not an item.
            answer(Rating::Good, T0 + 600_000),
            answer(Rating::Good, T0 + 2 * DAY),
            answer(Rating::Hard, T0 + 7 * DAY + 3_600_000),
        ];
        let set = TrainingSet::new([&history[..]], &utc());
        assert_eq!(set.answers(), 4);
        let reviews = |item: &FSRSItem| -> Vec<(u32, u32)> {
            item.reviews.iter().map(|r| (r.rating, r.delta_t)).collect()
        };
        assert_eq!(set.items.len(), 2);
        assert_eq!(reviews(&set.items[0]), [(1, 0), (3, 0), (3, 2)]);
        assert_eq!(reviews(&set.items[1]), [(1, 0), (3, 0), (3, 2), (2, 5)]);
    }

    #[test]
    fn days_are_study_days_so_a_late_night_answer_counts_to_the_day_before() {
        // 23:00 and then 03:00 the next night, with days starting at 04:00: the same study day.
        let evening = T0 + 11 * 3_600_000;
        let history = [
            answer(Rating::Good, evening),
            answer(Rating::Good, evening + 4 * 3_600_000),
            answer(Rating::Good, evening + 6 * 3_600_000),
        ];
        let set = TrainingSet::new([&history[..]], &utc());
        assert_eq!(
            set.len(),
            1,
            "only the answer after 04:00 is on a later day"
        );
        assert_eq!(set.items[0].reviews[2].delta_t, 1);
    }

    #[test]
    fn items_are_ordered_by_the_time_of_their_last_answer_then_by_history() {
        let a = [answer(Rating::Good, T0), answer(Rating::Good, T0 + 5 * DAY)];
        let b = [answer(Rating::Easy, T0), answer(Rating::Good, T0 + 3 * DAY)];
        let c = [answer(Rating::Hard, T0), answer(Rating::Good, T0 + 3 * DAY)];
        let set = TrainingSet::new([&a[..], &b[..], &c[..]], &utc());
        assert_eq!(set.histories, [1, 2, 0]);
        assert_eq!(set.items[0].reviews[0].rating, 4);
    }

    #[test]
    fn an_empty_or_small_history_is_too_few_reviews_said_with_both_counts() {
        let progress = Progress::default();
        let empty = TrainingSet::new(std::iter::empty::<&[Answer]>(), &utc());
        assert_eq!(
            fit(&empty, None, &progress),
            Err(FitError::TooFewReviews {
                reviews: 0,
                needed: MIN_REVIEWS
            })
        );
        // 40 items answered Good, then Good the next day: 40 answers to predict, all usable.
        let histories: Vec<Vec<Answer>> = (0..40)
            .map(|n| {
                vec![
                    answer(Rating::Good, T0 + n * 60_000),
                    answer(Rating::Good, T0 + DAY + n * 60_000),
                ]
            })
            .collect();
        let set = TrainingSet::new(histories.iter().map(Vec::as_slice), &utc());
        assert_eq!((set.len(), set.usable()), (40, 40));
        let Err(error) = fit(&set, None, &progress) else {
            panic!("40 answers are too few");
        };
        let message = error.to_string();
        assert!(
            message.contains("needs 64 answers") && message.contains("40 of yours"),
            "{message}"
        );
        assert_eq!(
            empty.evaluate(None, &progress),
            Err(FitError::TooFewReviews {
                reviews: 0,
                needed: MIN_REVIEWS
            }),
            "nothing to evaluate on"
        );
    }

    #[test]
    fn parameters_that_cannot_schedule_are_named() {
        assert_eq!(parameters_problem(&fsrs::DEFAULT_PARAMETERS), None);
        assert!(parameters_problem(&[0.5; 5]).is_some_and(|p| p.contains("5 FSRS parameters")));
        let mut odd = fsrs::DEFAULT_PARAMETERS.to_vec();
        odd[3] = f32::NAN;
        assert!(parameters_problem(&odd).is_some_and(|p| p.contains("not a finite number")));
    }

    #[test]
    fn progress_runs_from_0_to_1000_through_both_evaluations_and_cancel_is_seen() {
        let progress = Progress::default();
        assert_eq!(progress.per_mille(), 0);
        // The training's share is the crate's (a real fit's test sees it reach 1000).
        progress.evaluating(50, 100);
        assert_eq!(progress.per_mille(), 25);
        progress.evaluated();
        assert_eq!(progress.per_mille(), 50);
        progress.evaluating(100, 100);
        progress.evaluated();
        assert_eq!(progress.per_mille(), 100);
        let clone = progress.clone();
        clone.cancel();
        assert!(progress.is_cancelled());
        assert!(progress.training().lock().unwrap().want_abort);
    }
}
