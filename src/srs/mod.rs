//! Scheduling: when each item comes back. The memory model is FSRS-6 through the `fsrs` crate; what
//! that crate leaves to its caller — learning and relearning steps, interval fuzz, the maximum
//! interval, leeches and the day boundary — is done here the way Anki documents it.
//!
//! Everything is a pure function of the item's state, the answer, and `now`: the clock and the fuzz
//! seed are parameters, so replaying a review history always gives the same schedule. Daily limits
//! and the order of the queue belong to `study`.
//!
//! `optimize` fits the learner's own FSRS parameters to their answers (pure too: the same answers
//! give the same parameters); `learner` simulates a learner whose memory differs from the
//! defaults, for its tests and benchmark.

mod day;
mod fuzz;
mod label;
mod learner;
mod limits;
mod optimize;
mod recommend;
mod state;

use serde::{Deserialize, Serialize};

pub use day::DayClock;
pub use fuzz::{
    constrained_fuzz_bounds, fuzz_factor, fuzz_factor_seeded, item_seed, with_review_fuzz,
};
pub use label::interval_label;
pub use learner::{FAST_FORGETTER, Learner, SimulatedAnswer};
pub use limits::{
    MAXIMUM_INTERVAL_DAYS, RETENTION, ROLLOVER_HOURS, STEP_SECS, maximum_interval_problem,
    retention_problem, rollover_hour_problem,
};
pub use optimize::{
    Answer, Evaluation, Fit, FitError, MIN_REVIEWS, PARAMETER_COUNT, Progress, TrainingSet, fit,
    parameters_problem,
};
pub use recommend::{
    AnswerCosts, LEARN_SPAN_DAYS, RecommendError, RecommendInput, Recommendation, SIMULATED_ITEMS,
    Workload, recommend, workload,
};
pub use state::{ItemState, Memory, Phase, decay_of};

/// The learner's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// 1 … 4, FSRS's numbering and the keys that grade.
    pub fn number(self) -> u32 {
        self as u32
    }

    pub fn from_number(n: u32) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.number() == n)
    }
}

/// How scheduling behaves; Anki's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The recall probability to schedule for, 0.70–0.99.
    pub desired_retention: f32,
    /// Learning steps in seconds (1m 10m).
    pub learning_steps_secs: Vec<u32>,
    /// Relearning steps in seconds (10m).
    pub relearning_steps_secs: Vec<u32>,
    /// The longest review interval in days.
    pub maximum_interval_days: u32,
    /// Lapses that make an item a leech; 0 turns leeches off.
    pub leech_threshold: u32,
    /// Spread review intervals (off in tests that check exact intervals).
    pub fuzz: bool,
    /// FSRS parameters; `None` for the defaults.
    pub parameters: Option<Vec<f32>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            desired_retention: 0.90,
            learning_steps_secs: vec![60, 600],
            relearning_steps_secs: vec![600],
            maximum_interval_days: 36_500,
            leech_threshold: 8,
            fuzz: true,
            parameters: None,
        }
    }
}

/// Why a configuration cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Checks every value against the ranges in `limits`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(problem) = retention_problem(self.desired_retention) {
            return Err(ConfigError(problem));
        }
        let steps = self
            .learning_steps_secs
            .iter()
            .chain(&self.relearning_steps_secs);
        if steps.clone().any(|s| !STEP_SECS.contains(s)) {
            return Err(ConfigError(format!(
                "every step must be between {}s and {}",
                STEP_SECS.start(),
                interval_label(i64::from(*STEP_SECS.end()))
            )));
        }
        if let Some(problem) = maximum_interval_problem(self.maximum_interval_days) {
            return Err(ConfigError(problem));
        }
        Ok(())
    }
}

/// The four possible next states, computed together so the buttons can show their intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct SchedulingStates {
    pub again: ItemState,
    pub hard: ItemState,
    pub good: ItemState,
    pub easy: ItemState,
}

impl SchedulingStates {
    pub fn for_rating(&self, rating: Rating) -> &ItemState {
        match rating {
            Rating::Again => &self.again,
            Rating::Hard => &self.hard,
            Rating::Good => &self.good,
            Rating::Easy => &self.easy,
        }
    }
}

/// FSRS plus the steps, fuzz and limits of one configuration.
pub struct Scheduler {
    fsrs: fsrs::FSRS,
    config: Config,
    clock: DayClock,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Scheduler {
    pub fn new(config: Config, clock: DayClock) -> Result<Scheduler, ConfigError> {
        config.validate()?;
        let parameters = config
            .parameters
            .clone()
            .unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
        let fsrs = fsrs::FSRS::new(&parameters)
            .map_err(|e| ConfigError(format!("invalid FSRS parameters: {e}")))?;
        Ok(Scheduler {
            fsrs,
            config,
            clock,
        })
    }

    /// The chance `state` is recalled at `now_ms`, with these parameters' decay; `None` for an
    /// item with no memory yet.
    pub fn retrievability(&self, state: &ItemState, now_ms: i64) -> Option<f32> {
        let last = state.last_review_ms?;
        let elapsed = self.clock.day(now_ms) - self.clock.day(last);
        state.retrievability(elapsed as f32, decay_of(self.config.parameters.as_deref()))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn clock(&self) -> &DayClock {
        &self.clock
    }

    /// The interval in days (unrounded) that gives the desired retention for `stability`.
    pub fn interval_for(&self, stability: f32, desired_retention: f32) -> f32 {
        self.fsrs
            .next_interval(Some(stability), desired_retention, 3)
    }

    /// The state after answering `rating` at `now_ms`: exactly what [`Scheduler::next_states`] gives
    /// for that rating, computing only what that rating needs — one FSRS step for Again and Hard,
    /// two for Good (ordered after Hard), three for Easy. Replaying a long journal calls this a lot.
    pub fn answer(
        &self,
        item_id: &str,
        state: &ItemState,
        rating: Rating,
        now_ms: i64,
    ) -> ItemState {
        self.answer_seeded(item_seed(item_id), state, rating, now_ms)
    }

    /// [`Scheduler::answer`] for the item whose [`item_seed`] is `seed` (replay hashes each id once).
    pub fn answer_seeded(
        &self,
        seed: u64,
        state: &ItemState,
        rating: Rating,
        now_ms: i64,
    ) -> ItemState {
        let today = self.clock.day(now_ms);
        let Some(memory) = self.memory_after(state, rating, today) else {
            return self
                .next_states_seeded(seed, state, now_ms)
                .for_rating(rating)
                .clone();
        };
        let outcome = self.outcome(state, rating);
        let interval = match outcome {
            Outcome::Review => self.fsrs.next_interval(
                Some(memory.stability),
                self.config.desired_retention,
                rating.number(),
            ),
            Outcome::Step { .. } => 0.0,
        };
        let fuzz = self
            .config
            .fuzz
            .then(|| fuzz_factor_seeded(seed, state.reviews));
        let mut next = self.transition(
            self.answered(state, rating, memory, now_ms),
            outcome,
            interval,
            today,
            now_ms,
            fuzz,
        );
        // The same ordering as `next_states`: Good after Hard, then Easy after (ordered) Good.
        let easier_than = match rating {
            Rating::Good => Some(Rating::Hard),
            Rating::Easy => Some(Rating::Good),
            Rating::Again | Rating::Hard => None,
        };
        if let Some(lower) = easier_than
            && next.phase == Phase::Review
        {
            let lower = self.answer_seeded(seed, state, lower, now_ms);
            if lower.phase == Phase::Review && next.interval_days <= lower.interval_days {
                self.set_review(&mut next, lower.interval_days + 1, today);
            }
        }
        next
    }

    /// The state after `rating` in everything a later answer depends on — memory, phase, step,
    /// review and lapse counts, the time of the review — but with no review interval worked out:
    /// when the answer leads to review, `interval_days` and `due_ms` keep their old values.
    ///
    /// No answer depends on the interval an earlier one scheduled (FSRS reads the days that really
    /// passed), so replay steps through every answer of an item but the last with this and gives
    /// the last to [`Scheduler::answer_seeded`]; the result equals answering each in turn. That
    /// saves the interval, its fuzz and the Hard/Good ordering on all the others.
    pub fn answer_without_interval(
        &self,
        state: &ItemState,
        rating: Rating,
        now_ms: i64,
    ) -> ItemState {
        let today = self.clock.day(now_ms);
        let Some(memory) = self.memory_after(state, rating, today) else {
            // FSRS fails only on parameters `new` refuses. The full answer keeps the old memory;
            // its interval (with any fuzz seed) is not read by later answers either.
            return self.answer_seeded(0, state, rating, now_ms);
        };
        let mut next = self.answered(state, rating, memory, now_ms);
        match self.outcome(state, rating) {
            Outcome::Step {
                phase,
                step,
                delay_secs,
            } => set_step(&mut next, phase, step, delay_secs, now_ms),
            Outcome::Review => {
                next.phase = Phase::Review;
                next.step = 0;
            }
        }
        next
    }

    /// FSRS's memory after `rating` on day `today`; `None` only if FSRS rejects the input.
    fn memory_after(&self, state: &ItemState, rating: Rating, today: i32) -> Option<Memory> {
        let days_elapsed = state
            .last_review_ms
            .map_or(0, |last| (today - self.clock.day(last)).max(0) as u32);
        let item = fsrs::FSRSItem {
            reviews: vec![fsrs::FSRSReview {
                rating: rating.number(),
                delta_t: days_elapsed,
            }],
        };
        self.fsrs
            .memory_state(item, state.memory.map(Into::into))
            .ok()
            .map(Memory::from)
    }

    /// `state` answered at `now_ms` with `memory`, before its phase and due time are set.
    fn answered(
        &self,
        state: &ItemState,
        rating: Rating,
        memory: Memory,
        now_ms: i64,
    ) -> ItemState {
        let lapse = state.phase == Phase::Review && rating == Rating::Again;
        ItemState {
            memory: Some(memory),
            last_review_ms: Some(now_ms),
            reviews: state.reviews + 1,
            lapses: state.lapses + u32::from(lapse),
            ..state.clone()
        }
    }

    /// What each of the four answers would lead to. `item_id` seeds the fuzz, with the review count.
    pub fn next_states(&self, item_id: &str, state: &ItemState, now_ms: i64) -> SchedulingStates {
        self.next_states_seeded(item_seed(item_id), state, now_ms)
    }

    fn next_states_seeded(&self, seed: u64, state: &ItemState, now_ms: i64) -> SchedulingStates {
        let today = self.clock.day(now_ms);
        let days_elapsed = state
            .last_review_ms
            .map_or(0, |last| (today - self.clock.day(last)).max(0) as u32);
        let memories = self
            .fsrs
            .next_states(
                state.memory.map(Into::into),
                self.config.desired_retention,
                days_elapsed,
            )
            .map(|n| {
                [n.again, n.hard, n.good, n.easy].map(|s| (Memory::from(s.memory), s.interval))
            });
        // FSRS only fails on invalid parameters, which `new` rejects; keep the old memory if it does.
        let memories = memories.unwrap_or_else(|_| {
            let memory = state.memory.unwrap_or(Memory {
                stability: 1.0,
                difficulty: 5.0,
            });
            [(memory, 1.0); 4]
        });
        let fuzz = self
            .config
            .fuzz
            .then(|| fuzz_factor_seeded(seed, state.reviews));
        let mut next = Rating::ALL.map(|rating| {
            let (memory, interval) = memories[rating as usize - 1];
            self.transition(
                self.answered(state, rating, memory, now_ms),
                self.outcome(state, rating),
                interval,
                today,
                now_ms,
                fuzz,
            )
        });
        // As in Anki, a harder answer never schedules further out than an easier one.
        let [_, hard, good, easy] = &mut next;
        if good.phase == Phase::Review
            && hard.phase == Phase::Review
            && good.interval_days <= hard.interval_days
        {
            self.set_review(good, hard.interval_days + 1, today);
        }
        if easy.phase == Phase::Review
            && good.phase == Phase::Review
            && easy.interval_days <= good.interval_days
        {
            self.set_review(easy, good.interval_days + 1, today);
        }
        let [again, hard, good, easy] = next;
        SchedulingStates {
            again,
            hard,
            good,
            easy,
        }
    }

    /// Where `rating` sends an item in state `before`, the way Anki does it.
    fn outcome(&self, before: &ItemState, rating: Rating) -> Outcome {
        let step = |phase, steps: &[u32], current: usize| {
            if steps.is_empty() {
                return Outcome::Review;
            }
            let at = |step: usize, delay_secs: u32| Outcome::Step {
                phase,
                step: step as u32,
                delay_secs,
            };
            match rating {
                Rating::Again => at(0, steps[0]),
                Rating::Hard => {
                    let step = current.min(steps.len() - 1);
                    at(step, hard_delay(steps, step))
                }
                Rating::Good if current + 1 < steps.len() => at(current + 1, steps[current + 1]),
                Rating::Good | Rating::Easy => Outcome::Review,
            }
        };
        let config = &self.config;
        match before.phase {
            Phase::New => step(Phase::Learning, &config.learning_steps_secs, 0),
            Phase::Learning => step(
                Phase::Learning,
                &config.learning_steps_secs,
                before.step as usize,
            ),
            Phase::Relearning => step(
                Phase::Relearning,
                &config.relearning_steps_secs,
                before.step as usize,
            ),
            Phase::Review => match (rating, config.relearning_steps_secs.first()) {
                (Rating::Again, Some(&delay_secs)) => Outcome::Step {
                    phase: Phase::Relearning,
                    step: 0,
                    delay_secs,
                },
                _ => Outcome::Review,
            },
        }
    }

    /// Sets the phase and due time of `next` for `outcome`; a review interval is `interval` days
    /// (from FSRS) fuzzed by `fuzz`, within the limits.
    fn transition(
        &self,
        mut next: ItemState,
        outcome: Outcome,
        interval: f32,
        today: i32,
        now_ms: i64,
        fuzz: Option<f32>,
    ) -> ItemState {
        match outcome {
            Outcome::Step {
                phase,
                step,
                delay_secs,
            } => set_step(&mut next, phase, step, delay_secs, now_ms),
            Outcome::Review => {
                let days = with_review_fuzz(fuzz, interval, 1, self.config.maximum_interval_days);
                next.phase = Phase::Review;
                next.step = 0;
                self.set_review(&mut next, days, today);
            }
        }
        next
    }

    fn set_review(&self, state: &mut ItemState, days: u32, today: i32) {
        let days = days.clamp(1, self.config.maximum_interval_days);
        state.interval_days = days;
        state.due_ms = self.clock.start_of_day(today + days as i32);
    }
}

/// Where an answer sends an item, before any interval is worked out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// A (re)learning step: due again `delay_secs` after the answer.
    Step {
        phase: Phase,
        step: u32,
        delay_secs: u32,
    },
    /// Review, at an interval of days from the item's stability.
    Review,
}

/// Puts `state` on a (re)learning step, due `delay_secs` after `now_ms`.
fn set_step(state: &mut ItemState, phase: Phase, step: u32, delay_secs: u32, now_ms: i64) {
    state.phase = phase;
    state.step = step;
    state.interval_days = 0;
    state.due_ms = now_ms + i64::from(delay_secs) * 1000;
}

/// Anki's Hard delay: on the first step the mean of the first two steps, or 1.5 × a lone step
/// (at most a day more); on later steps the current step again.
fn hard_delay(steps: &[u32], step: usize) -> u32 {
    match (step, steps) {
        (0, [only]) => (*only as f32 * 1.5).min((*only + 86_400) as f32) as u32,
        (0, [first, second, ..]) => (first + second) / 2,
        _ => steps[step],
    }
}

#[cfg(test)]
mod tests;
