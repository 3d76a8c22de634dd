//! Scheduling: when each item comes back. The memory model is FSRS-6 through the `fsrs` crate; what
//! that crate leaves to its caller — learning and relearning steps, interval fuzz, the maximum
//! interval, leeches and the day boundary — is done here the way Anki documents it.
//!
//! Everything is a pure function of the item's state, the answer, and `now`: the clock and the fuzz
//! seed are parameters, so replaying a review history always gives the same schedule. Daily limits
//! and the order of the queue belong to `study`.

mod day;
mod fuzz;
mod label;
mod state;

use serde::{Deserialize, Serialize};

pub use day::DayClock;
pub use fuzz::{
    constrained_fuzz_bounds, fuzz_factor, fuzz_factor_seeded, item_seed, with_review_fuzz,
};
pub use label::interval_label;
pub use state::{ItemState, Memory, Phase};

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
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(0.70..=0.99).contains(&self.desired_retention) {
            return Err(ConfigError(format!(
                "desired retention {} is outside 0.70–0.99",
                self.desired_retention
            )));
        }
        let steps = self
            .learning_steps_secs
            .iter()
            .chain(&self.relearning_steps_secs);
        if steps.clone().any(|&s| s == 0 || s > 86_400) {
            return Err(ConfigError(
                "every step must be between 1 second and 1 day".into(),
            ));
        }
        if !(1..=36_500).contains(&self.maximum_interval_days) {
            return Err(ConfigError(
                "the maximum interval must be 1 to 36500 days".into(),
            ));
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
        let days_elapsed = state
            .last_review_ms
            .map_or(0, |last| (today - self.clock.day(last)).max(0) as u32);
        let item = fsrs::FSRSItem {
            reviews: vec![fsrs::FSRSReview {
                rating: rating.number(),
                delta_t: days_elapsed,
            }],
        };
        let Ok(memory) = self.fsrs.memory_state(item, state.memory.map(Into::into)) else {
            return self
                .next_states_seeded(seed, state, now_ms)
                .for_rating(rating)
                .clone();
        };
        let interval = self.fsrs.next_interval(
            Some(memory.stability),
            self.config.desired_retention,
            rating.number(),
        );
        let base = ItemState {
            memory: Some(memory.into()),
            last_review_ms: Some(now_ms),
            reviews: state.reviews + 1,
            ..state.clone()
        };
        let fuzz = self
            .config
            .fuzz
            .then(|| fuzz_factor_seeded(seed, state.reviews));
        let mut next = self.transition(base, state, rating, interval, today, now_ms, fuzz);
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
            let base = ItemState {
                memory: Some(memory),
                last_review_ms: Some(now_ms),
                reviews: state.reviews + 1,
                ..state.clone()
            };
            self.transition(base, state, rating, interval, today, now_ms, fuzz)
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

    #[allow(clippy::too_many_arguments)]
    fn transition(
        &self,
        mut next: ItemState,
        before: &ItemState,
        rating: Rating,
        interval: f32,
        today: i32,
        now_ms: i64,
        fuzz: Option<f32>,
    ) -> ItemState {
        let graduate = |mut s: ItemState| {
            let days = with_review_fuzz(fuzz, interval, 1, self.config.maximum_interval_days);
            s.phase = Phase::Review;
            s.step = 0;
            self.set_review(&mut s, days, today);
            s
        };
        match before.phase {
            Phase::New | Phase::Learning | Phase::Relearning => {
                let relearning = before.phase == Phase::Relearning;
                let steps = if relearning {
                    &self.config.relearning_steps_secs
                } else {
                    &self.config.learning_steps_secs
                };
                let current = if before.phase == Phase::New {
                    0
                } else {
                    before.step as usize
                };
                let phase = if relearning {
                    Phase::Relearning
                } else {
                    Phase::Learning
                };
                let stay = |mut s: ItemState, step: usize, delay_secs: u32| {
                    s.phase = phase;
                    s.step = step as u32;
                    s.interval_days = 0;
                    s.due_ms = now_ms + i64::from(delay_secs) * 1000;
                    s
                };
                if steps.is_empty() {
                    return graduate(next);
                }
                match rating {
                    Rating::Again => stay(next, 0, steps[0]),
                    Rating::Hard => {
                        let step = current.min(steps.len() - 1);
                        stay(next, step, hard_delay(steps, step))
                    }
                    Rating::Good if current + 1 < steps.len() => {
                        stay(next, current + 1, steps[current + 1])
                    }
                    Rating::Good | Rating::Easy => graduate(next),
                }
            }
            Phase::Review => match rating {
                Rating::Again => {
                    next.lapses += 1;
                    match self.config.relearning_steps_secs.first() {
                        Some(&delay) => {
                            next.phase = Phase::Relearning;
                            next.step = 0;
                            next.interval_days = 0;
                            next.due_ms = now_ms + i64::from(delay) * 1000;
                            next
                        }
                        None => graduate(next),
                    }
                }
                Rating::Hard | Rating::Good | Rating::Easy => graduate(next),
            },
        }
    }

    fn set_review(&self, state: &mut ItemState, days: u32, today: i32) {
        let days = days.clamp(1, self.config.maximum_interval_days);
        state.interval_days = days;
        state.due_ms = self.clock.start_of_day(today + days as i32);
    }
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
