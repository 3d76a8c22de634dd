//! The recommended retention: the desired retention that gives the most phrases remembered for
//! the minutes of study, found with the `fsrs` crate's simulator, and the daily study it implies
//! next to the learner's current retention.
//!
//! The simulator learns a collection from nothing: `new_per_day` new phrases a day until they
//! run out, every review answered on the day it is due, each answer drawn from the recall
//! probability FSRS gives with the learner's parameters and charged the seconds such an answer
//! takes ([`AnswerCosts`]). [`recommend`] asks the crate's [`fsrs::optimal_retention`] for the
//! retention with its default target — the study seconds per phrase remembered at the end of the
//! span, made as small as it can be, so the phrases remembered per minute of study are as many as
//! they can be — searched over 0.70–0.95 (the crate's range, inside [`RETENTION`]).
//!
//! What it deliberately leaves out: no daily cap on reviews or minutes (a cap would hide what a
//! retention costs as a backlog, and the recommendation is about the cost), no leeches suspended
//! (talkdeck only marks them), and the phrases already learned start as new (the question is which
//! retention to learn a collection at, not what this week holds). The rating shares on a first
//! answer and on a remembered review are the crate's averages.
//!
//! Because nothing caps a day, one phrase's course never depends on another's: a large collection
//! is simulated as a smaller one ([`SIMULATED_ITEMS`] phrases at most) introduced over the same
//! days, and its minutes and phrases remembered are scaled back up. That bounds the time however
//! many phrases there are and however many start a day; the retention found is the same in
//! expectation.
//!
//! Pure and deterministic: no I/O, no clock, and every simulation has a fixed seed, so the same
//! input always gives the same recommendation.

use std::panic::{AssertUnwindSafe, catch_unwind};

use fsrs::{FSRSError, SimulationResult, SimulatorConfig};
use rayon::prelude::*;

use super::{Config, Phase, Progress, RETENTION, Rating, parameters_problem, retention_problem};

/// The most phrases one simulation holds; a larger collection is simulated at this size and
/// scaled up (see the module's header).
pub const SIMULATED_ITEMS: usize = 2_000;

/// The days simulated unless the caller says otherwise: a year, the crate's own default.
pub const LEARN_SPAN_DAYS: u32 = 365;

/// How many simulations, each with a seed of its own, a workload is the mean of: as many as the
/// crate's search averages for each retention it tries over a year (over a shorter span it
/// averages more).
const WORKLOAD_SEEDS: u64 = 16;

/// The first seed of a workload's simulations: the crate's search numbers its own from 42 too, so
/// over a year a workload is simulated with the very seeds the search used.
const FIRST_SEED: u64 = 42;

/// How many steps the progress bar counts for the search: the crate's search tries 4 retentions
/// when the best is its lowest, 0.70 (the usual answer with the default parameters), and 5–8 when
/// it lies inside, each a step (a batch of simulations); the two workloads are a step each.
const SEARCH_STEPS: u32 = 6;

/// What the simulator needs to know about the learner and their collection.
#[derive(Clone, Debug, PartialEq)]
pub struct RecommendInput {
    /// The FSRS parameters in use; `None` for the defaults.
    pub parameters: Option<Vec<f32>>,
    /// How many phrases (study items: a card in one direction) the collection has.
    pub items: usize,
    /// New phrases started a day.
    pub new_per_day: u32,
    /// The longest review interval, in days.
    pub maximum_interval_days: u32,
    /// How many learning steps a new phrase goes through (2 for talkdeck's 1m 10m).
    pub learning_steps: usize,
    /// How many relearning steps a forgotten phrase goes through (1 for talkdeck's 10m).
    pub relearning_steps: usize,
    /// The learner's own seconds per answer; `None` for the `fsrs` crate's averages.
    pub costs: Option<AnswerCosts>,
    /// How many days to simulate ([`LEARN_SPAN_DAYS`] unless said otherwise).
    pub learn_span_days: u32,
    /// The desired retention in use, compared with the recommended one.
    pub current_retention: f32,
}

impl RecommendInput {
    /// The input for a learner with `config` and a collection of `items` phrases, `new_per_day`
    /// of them started a day, with the crate's average answer times and a year's span.
    pub fn new(config: &Config, items: usize, new_per_day: u32) -> RecommendInput {
        RecommendInput {
            parameters: config.parameters.clone(),
            items,
            new_per_day,
            maximum_interval_days: config.maximum_interval_days,
            learning_steps: config.learning_steps_secs.len(),
            relearning_steps: config.relearning_steps_secs.len(),
            costs: None,
            learn_span_days: LEARN_SPAN_DAYS,
            current_retention: config.desired_retention,
        }
    }
}

/// Seconds per answer by the phrase's phase before it and the answer: what the simulator charges
/// for each answer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnswerCosts {
    /// Seconds, indexed `[phase][rating]`: phase 0 learning (a new phrase's first answer and its
    /// learning steps), 1 review, 2 relearning; rating 0 Again … 3 Easy.
    pub secs: [[f32; 4]; 3],
}

impl Default for AnswerCosts {
    /// The `fsrs` crate's averages (about 9–20 seconds an answer).
    fn default() -> AnswerCosts {
        AnswerCosts {
            secs: SimulatorConfig::default().state_rating_costs,
        }
    }
}

/// Answers counted as much as the crate's averages: a phase and rating with this many answers
/// takes the learner's mean half-way to the average, and more answers lean further to theirs (the
/// crate's own smoothing of a learner's costs).
const COSTS_PRIOR_ANSWERS: f32 = 50.0;

/// The longest answer counted, ms: a longer one was not spent answering (the crate's cut-off).
const LONGEST_ANSWER_MS: u32 = 1_200_000;

impl AnswerCosts {
    /// The learner's own costs from their answers: each is the phase before it, the rating and
    /// the time it took in ms (`store::ReviewLog`'s `phase_before`, `rating`, `taken_ms`). Each
    /// phase and rating's mean is weighed against the crate's average by how many answers it has,
    /// so a handful of answers moves it little. An answer of 0 ms (not timed) or of 20 minutes or
    /// more is left out.
    pub fn from_answers(answers: impl IntoIterator<Item = (Phase, Rating, u32)>) -> AnswerCosts {
        let mut sums = [[0.0f64; 4]; 3];
        let mut counts = [[0u32; 4]; 3];
        for (phase, rating, taken_ms) in answers {
            if taken_ms == 0 || taken_ms >= LONGEST_ANSWER_MS {
                continue;
            }
            let row = match phase {
                Phase::New | Phase::Learning => 0,
                Phase::Review => 1,
                Phase::Relearning => 2,
            };
            let column = rating.number() as usize - 1;
            sums[row][column] += f64::from(taken_ms) / 1000.0;
            counts[row][column] += 1;
        }
        let mut costs = AnswerCosts::default();
        for (row, cells) in costs.secs.iter_mut().enumerate() {
            for (column, average) in cells.iter_mut().enumerate() {
                let n = counts[row][column];
                if n > 0 {
                    let mean = (sums[row][column] / f64::from(n)) as f32;
                    let weight = n as f32 / (COSTS_PRIOR_ANSWERS + n as f32);
                    *average = weight * mean + (1.0 - weight) * *average;
                }
            }
        }
        costs
    }
}

/// What studying at one desired retention takes and gives, over the simulated span.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workload {
    /// The desired retention simulated.
    pub retention: f32,
    /// Minutes of study a day, the mean over the span (learning new phrases included).
    pub minutes_per_day: f32,
    /// Reviews a day of phrases already learned, the mean over the span (new phrases and the
    /// learning and relearning steps not counted).
    pub reviews_per_day: f32,
    /// Phrases remembered on the span's last day: the expected number the learner would recall
    /// if asked every phrase that day.
    pub remembered: f32,
}

impl Workload {
    /// Phrases remembered per minute of study a day (what the recommendation makes largest).
    pub fn remembered_per_minute(&self) -> f32 {
        self.remembered / self.minutes_per_day.max(f32::EPSILON)
    }
}

/// The recommended retention and what it means next to the current one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Recommendation {
    /// The recommended retention (rounded to 0.01, within [`RETENTION`]) and its workload.
    pub recommended: Workload,
    /// The learner's current retention and its workload, simulated the same way.
    pub current: Workload,
}

/// Why no retention was recommended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecommendError {
    /// The collection has no phrases, or no new phrase is started a day: nothing to simulate.
    NothingToLearn,
    /// [`Progress::cancel`] was called.
    Cancelled,
    /// The input cannot be simulated, or the simulator failed; what was wrong.
    Refused(String),
}

impl std::fmt::Display for RecommendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecommendError::NothingToLearn => f.write_str(
                "there is nothing to simulate: a retention is recommended for phrases to learn, \
                 and this collection has none or starts no new phrase a day",
            ),
            RecommendError::Cancelled => f.write_str("the recommendation was stopped"),
            RecommendError::Refused(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for RecommendError {}

/// The retention that gives the most phrases remembered per minute of study, and the workloads
/// of it and of the current retention. About a second at most in a release build on two cores
/// (BENCHMARKS.md); `progress` counts its steps and stops it between batches of simulations.
pub fn recommend(
    input: &RecommendInput,
    progress: &Progress,
) -> Result<Recommendation, RecommendError> {
    let plan = Plan::of(input)?;
    if let Some(problem) = retention_problem(input.current_retention) {
        return Err(RecommendError::Refused(problem));
    }
    progress.expect_steps(SEARCH_STEPS + 2);
    let found = guarded(|| {
        fsrs::optimal_retention(
            &plan.config,
            &plan.parameters,
            |_| {
                progress.step();
                !progress.is_cancelled()
            },
            None,
            None,
        )
    })?
    .map_err(|e| match e {
        FSRSError::Interrupted => RecommendError::Cancelled,
        FSRSError::OptimalNotFound => {
            RecommendError::Refused("the simulator found no best retention".to_owned())
        }
        other => refused(other),
    })?;
    progress.steps_done_up_to(SEARCH_STEPS);
    let retention = ((found * 100.0).round() / 100.0).clamp(*RETENTION.start(), *RETENTION.end());
    let recommended = plan.workload(retention, progress)?;
    progress.steps_done_up_to(SEARCH_STEPS + 1);
    let current = plan.workload(input.current_retention, progress)?;
    progress.steps_done_up_to(SEARCH_STEPS + 2);
    Ok(Recommendation {
        recommended,
        current,
    })
}

/// What studying `input`'s collection at `retention` takes and gives, simulated as
/// [`recommend`] simulates it.
pub fn workload(input: &RecommendInput, retention: f32) -> Result<Workload, RecommendError> {
    if let Some(problem) = retention_problem(retention) {
        return Err(RecommendError::Refused(problem));
    }
    Plan::of(input)?.workload(retention, &Progress::default())
}

/// The simulator's configuration for an input, and how to scale its figures back up.
#[derive(Debug)]
struct Plan {
    config: SimulatorConfig,
    /// Every parameter, the defaults filled in.
    parameters: Vec<f32>,
    /// The collection's phrases started in the span per phrase simulated.
    scale: f32,
}

impl Plan {
    fn of(input: &RecommendInput) -> Result<Plan, RecommendError> {
        let parameters = match &input.parameters {
            Some(parameters) => {
                if let Some(problem) = parameters_problem(parameters) {
                    return Err(RecommendError::Refused(problem));
                }
                parameters.clone()
            }
            None => fsrs::DEFAULT_PARAMETERS.to_vec(),
        };
        if input.learn_span_days == 0 {
            return Err(RecommendError::Refused(
                "the simulated span must be a day or more".to_owned(),
            ));
        }
        if input.maximum_interval_days == 0 {
            return Err(RecommendError::Refused(
                "the maximum interval must be a day or more".to_owned(),
            ));
        }
        let span = input.learn_span_days as usize;
        let per_day = input.new_per_day as usize;
        // Phrases past the span's last new-phrase day are never started: they change nothing.
        let started = input.items.min(per_day.saturating_mul(span));
        if started == 0 {
            return Err(RecommendError::NothingToLearn);
        }
        let (items, learn_limit) = if started <= SIMULATED_ITEMS {
            (started, per_day)
        } else {
            // The same days of new phrases, fewer each day (one at least: over a span longer
            // than SIMULATED_ITEMS days the simulation may then hold more phrases).
            let fewer = ((per_day * SIMULATED_ITEMS) as f64 / started as f64).round() as usize;
            let learn_limit = fewer.max(1);
            let items = (started as f64 * learn_limit as f64 / per_day as f64).round() as usize;
            (items.max(1), learn_limit)
        };
        let config = SimulatorConfig {
            deck_size: items,
            learn_span: span,
            // No cap: see the module's header.
            max_cost_perday: f32::MAX,
            max_ivl: input.maximum_interval_days as f32,
            learn_limit,
            review_limit: usize::MAX,
            new_cards_ignore_review_limit: true,
            suspend_after_lapses: None,
            state_rating_costs: input.costs.unwrap_or_default().secs,
            learning_step_count: input.learning_steps,
            relearning_step_count: input.relearning_steps,
            ..SimulatorConfig::default()
        };
        Ok(Plan {
            config,
            parameters,
            scale: started as f32 / items as f32,
        })
    }

    /// The mean of [`WORKLOAD_SEEDS`] simulations at `retention`, scaled to the collection.
    fn workload(&self, retention: f32, progress: &Progress) -> Result<Workload, RecommendError> {
        if progress.is_cancelled() {
            return Err(RecommendError::Cancelled);
        }
        let runs: Vec<(f64, f64, f64)> = guarded(|| {
            (FIRST_SEED..FIRST_SEED + WORKLOAD_SEEDS)
                .into_par_iter()
                .map(|seed| {
                    fsrs::simulate(&self.config, &self.parameters, retention, Some(seed), None)
                        .map(|result| totals(&result))
                })
                .collect::<Result<Vec<_>, FSRSError>>()
        })?
        .map_err(refused)?;
        // Summed in seed order, whatever order the threads finished in: the same every time.
        let (secs, reviews, remembered) = runs.iter().fold((0.0, 0.0, 0.0), |sum, run| {
            (sum.0 + run.0, sum.1 + run.1, sum.2 + run.2)
        });
        let per_run_day =
            self.scale as f64 / (WORKLOAD_SEEDS as f64 * self.config.learn_span as f64);
        Ok(Workload {
            retention,
            minutes_per_day: (secs / 60.0 * per_run_day) as f32,
            reviews_per_day: (reviews * per_run_day) as f32,
            remembered: (remembered * self.scale as f64 / WORKLOAD_SEEDS as f64) as f32,
        })
    }
}

/// One simulation's study seconds, reviews and phrases remembered on its last day.
fn totals(result: &SimulationResult) -> (f64, f64, f64) {
    let secs = result.cost_per_day.iter().map(|&s| f64::from(s)).sum();
    let reviews = result.review_cnt_per_day.iter().sum::<usize>() as f64;
    let remembered = result.memorized_cnt_per_day.last().copied().unwrap_or(0.0);
    (secs, reviews, f64::from(remembered))
}

fn refused(error: FSRSError) -> RecommendError {
    RecommendError::Refused(format!("the simulator refused the input ({error:?})"))
}

/// Runs the crate, turning a panic inside it into an error: no input may crash the app.
fn guarded<T>(run: impl FnOnce() -> T) -> Result<T, RecommendError> {
    catch_unwind(AssertUnwindSafe(run))
        .map_err(|_| RecommendError::Refused("the simulator failed on this input".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small collection, so the tests take seconds in a debug build.
    fn input(items: usize) -> RecommendInput {
        RecommendInput::new(&Config::default(), items, 10)
    }

    #[test]
    fn the_recommended_retention_lies_within_the_range_a_learner_may_choose() {
        let progress = Progress::default();
        let found = recommend(&input(300), &progress).expect("a recommendation");
        let retention = found.recommended.retention;
        assert!(RETENTION.contains(&retention), "{retention}");
        assert_eq!(
            retention,
            (retention * 100.0).round() / 100.0,
            "said to two decimals, as Settings shows it"
        );
        assert_eq!(found.current.retention, 0.90);
        assert_eq!(found.recommended, workload(&input(300), retention).unwrap());
        assert_eq!(found.current, workload(&input(300), 0.90).unwrap());
        // The search's own figure is a mean over other seeds, and the retention is rounded: a
        // little noise either way.
        assert!(
            found.recommended.remembered_per_minute()
                >= 0.98 * found.current.remembered_per_minute(),
            "the recommendation remembers about as many per minute or more: {found:?}"
        );
        assert_eq!(progress.per_mille(), 1000);
    }

    #[test]
    fn a_higher_retention_takes_more_minutes_and_more_reviews_a_day_and_remembers_more() {
        let input = input(500);
        let at = |retention| workload(&input, retention).expect("a workload");
        let (low, middle, high) = (at(0.80), at(0.90), at(0.95));
        for (lower, higher) in [(low, middle), (middle, high)] {
            assert!(
                lower.minutes_per_day < higher.minutes_per_day,
                "{lower:?} then {higher:?}"
            );
            assert!(
                lower.reviews_per_day < higher.reviews_per_day,
                "{lower:?} then {higher:?}"
            );
            assert!(
                lower.remembered < higher.remembered,
                "{lower:?} then {higher:?}"
            );
        }
        assert!(
            high.remembered <= 500.0 && low.remembered > 250.0,
            "most of 500 phrases remembered, never more: {low:?} {high:?}"
        );
    }

    #[test]
    fn the_same_input_gives_the_same_recommendation() {
        let mut input = input(200);
        input.parameters = Some(super::super::FAST_FORGETTER.to_vec());
        input.current_retention = 0.85;
        let first = recommend(&input, &Progress::default()).unwrap();
        assert_eq!(first, recommend(&input, &Progress::default()).unwrap());
        assert_eq!(first.current.retention, 0.85);
    }

    #[test]
    fn cancelling_stops_it_with_a_clear_error() {
        let progress = Progress::default();
        progress.cancel();
        let stopped = recommend(&input(300), &progress);
        assert_eq!(stopped, Err(RecommendError::Cancelled));
        assert_eq!(
            stopped.unwrap_err().to_string(),
            "the recommendation was stopped"
        );

        // From another thread once the search is under way, as the app's Cancel button does.
        let progress = Progress::default();
        let stopped = std::thread::scope(|scope| {
            let running = scope.spawn(|| recommend(&input(2_000), &progress));
            while progress.per_mille() == 0 && !running.is_finished() {
                std::thread::yield_now();
            }
            progress.cancel();
            running.join().expect("no panic")
        });
        assert_eq!(stopped, Err(RecommendError::Cancelled));
    }

    #[test]
    fn a_large_collection_is_simulated_as_a_smaller_one_over_the_same_days() {
        // 5,000 phrases at 20 a day: 250 days of new phrases, simulated as 2,000 at 8 a day.
        let plan = Plan::of(&RecommendInput::new(&Config::default(), 5_000, 20)).unwrap();
        assert_eq!((plan.config.deck_size, plan.config.learn_limit), (2_000, 8));
        assert_eq!(plan.scale, 2.5);
        // Only the phrases started within the year count: 10 a day for 365 days, 3,650 of them,
        // simulated as 5 a day.
        let plan = Plan::of(&RecommendInput::new(&Config::default(), 50_000, 10)).unwrap();
        assert_eq!((plan.config.deck_size, plan.config.learn_limit), (1_825, 5));
        assert_eq!(plan.scale, 2.0);
        // A small collection is simulated as it is.
        let plan = Plan::of(&input(300)).unwrap();
        assert_eq!((plan.config.deck_size, plan.config.learn_limit), (300, 10));
        assert_eq!(plan.scale, 1.0);
        assert_eq!(plan.config.max_ivl, 36_500.0);
        assert_eq!(
            (
                plan.config.learning_step_count,
                plan.config.relearning_step_count
            ),
            (2, 1)
        );
    }

    #[test]
    fn nothing_to_learn_or_a_value_out_of_range_is_said() {
        let progress = Progress::default();
        for empty in [input(0), RecommendInput::new(&Config::default(), 300, 0)] {
            assert_eq!(
                recommend(&empty, &progress),
                Err(RecommendError::NothingToLearn)
            );
        }
        let mut odd = input(300);
        odd.current_retention = 0.5;
        assert_eq!(
            recommend(&odd, &progress),
            Err(RecommendError::Refused(
                "desired retention 0.5 is outside 0.70–0.99".to_owned()
            ))
        );
        let mut odd = input(300);
        odd.parameters = Some(vec![0.5; 5]);
        assert!(
            matches!(workload(&odd, 0.9), Err(RecommendError::Refused(m)) if m.contains("5 FSRS parameters"))
        );
    }

    #[test]
    fn the_learners_answer_times_lean_on_the_averages_by_how_many_there_are() {
        let defaults = AnswerCosts::default();
        assert_eq!(AnswerCosts::from_answers([]), defaults);
        // 50 Good reviews of 4 s each: half-way from the average to 4 s.
        let costs = AnswerCosts::from_answers(
            std::iter::repeat_n((Phase::Review, Rating::Good, 4_000), 50)
                // Not timed, or too long to be answering: left out.
                .chain([(Phase::Review, Rating::Good, 0)])
                .chain([(Phase::Review, Rating::Good, 1_200_000)])
                // A new phrase's first answer is a learning answer.
                .chain(std::iter::repeat_n(
                    (Phase::New, Rating::Again, 30_000),
                    450,
                )),
        );
        let expected = (defaults.secs[1][2] + 4.0) / 2.0;
        assert!((costs.secs[1][2] - expected).abs() < 1e-4, "{costs:?}");
        let expected = 0.9 * 30.0 + 0.1 * defaults.secs[0][0];
        assert!((costs.secs[0][0] - expected).abs() < 1e-3, "{costs:?}");
        assert_eq!(costs.secs[2], defaults.secs[2], "relearning untouched");
    }
}
