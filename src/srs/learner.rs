//! A simulated learner, for the optimiser's tests and benchmarks: someone who studies every
//! evening through the real [`Scheduler`], and whose memory follows FSRS with parameters of their
//! own (the *truth*), which the scheduler does not know. Each answer is drawn from the recall
//! probability those parameters give, with a seeded RNG, so a simulation always gives the same
//! answers — and a fit on them should find parameters nearer the truth than the scheduler's.
//!
//! It schedules nothing itself and writes nothing: it returns the answers, for a caller to write as
//! a journal or to fit on.

use std::collections::VecDeque;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::{ItemState, Phase, Rating, Scheduler};

/// Someone who forgets faster than FSRS's average learner: a new phrase holds for a fraction of
/// the default first intervals, and a successful review lengthens its memory less.
pub const FAST_FORGETTER: [f32; 21] = [
    0.05, 0.25, 0.6, 2.5, 6.4133, 0.8334, 3.0194, 0.001, 1.1, 0.1666, 0.796, 1.4835, 0.0614,
    0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];

/// What to simulate.
#[derive(Clone, Debug)]
pub struct Learner {
    /// The learner's own FSRS parameters, which their answers follow.
    pub truth: Vec<f32>,
    /// New items started each day, while there are any.
    pub new_per_day: usize,
    /// How many days of study.
    pub days: u32,
    /// The first day's start: any instant in it, UTC ms since the Unix epoch.
    pub start_ms: i64,
    /// Stop after this many answers.
    pub max_answers: usize,
    pub seed: u64,
}

/// One simulated answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulatedAnswer {
    /// An index into the item ids given to [`Learner::answers`].
    pub item: usize,
    /// UTC ms since the Unix epoch.
    pub at_ms: i64,
    pub rating: Rating,
}

/// How the first answer to an item goes: it is new, so this is about what the learner knew of it.
const FIRST: [(u32, Rating); 4] = [
    (25, Rating::Again),
    (10, Rating::Hard),
    (55, Rating::Good),
    (10, Rating::Easy),
];

/// How a remembered item is graded.
const REMEMBERED: [(u32, Rating); 3] = [(15, Rating::Hard), (75, Rating::Good), (10, Rating::Easy)];

impl Learner {
    /// Every answer, in time order: each day an evening session answers everything due and
    /// [`Learner::new_per_day`] new items from `items` (in order), with learning steps answered
    /// again within the session when they come due in it. The scheduler's clock counts the days;
    /// fuzz is seeded by the ids, as in the store.
    pub fn answers(&self, scheduler: &Scheduler, items: &[&str]) -> Vec<SimulatedAnswer> {
        const MINUTE: i64 = 60_000;
        let truth = fsrs::FSRS::new(&self.truth).unwrap_or_default();
        let decay = self
            .truth
            .get(20)
            .copied()
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
        let clock = scheduler.clock();
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut states = vec![ItemState::default(); items.len()];
        // The learner's own memory of each item, and the study day of its last answer.
        let mut memory: Vec<Option<(fsrs::MemoryState, i32)>> = vec![None; items.len()];
        let mut started = 0;
        let mut out = Vec::new();
        let first_day = clock.day(self.start_ms);
        for day in first_day..first_day.saturating_add_unsigned(self.days) {
            let mut t = clock.start_of_day(day) + 14 * 60 * MINUTE;
            let mut queue: VecDeque<usize> = (0..items.len())
                .filter(|&i| states[i].phase != Phase::New && states[i].due_ms <= t)
                .collect();
            let new = self.new_per_day.min(items.len() - started);
            queue.extend(started..started + new);
            started += new;
            while let Some(i) = queue.pop_front() {
                if out.len() >= self.max_answers {
                    return out;
                }
                t = t.max(states[i].due_ms) + 8_000;
                let today = clock.day(t);
                let (rating, elapsed) = match memory[i] {
                    None => (draw(&mut rng, &FIRST), 0),
                    Some((state, last_day)) => {
                        let elapsed = u32::try_from(today - last_day).unwrap_or(0);
                        let recall = fsrs::current_retrievability(state, elapsed as f32, decay);
                        if rng.random::<f32>() < recall {
                            (draw(&mut rng, &REMEMBERED), elapsed)
                        } else {
                            (Rating::Again, elapsed)
                        }
                    }
                };
                if let Ok(next) = truth.next_states(memory[i].map(|(m, _)| m), 0.9, elapsed) {
                    let state = match rating {
                        Rating::Again => next.again,
                        Rating::Hard => next.hard,
                        Rating::Good => next.good,
                        Rating::Easy => next.easy,
                    };
                    memory[i] = Some((state.memory, today));
                }
                states[i] = scheduler.answer(items[i], &states[i], rating, t);
                out.push(SimulatedAnswer {
                    item: i,
                    at_ms: t,
                    rating,
                });
                // A step due within the hour is answered again in this session.
                if states[i].due_ms <= t + 60 * MINUTE {
                    queue.push_back(i);
                }
            }
        }
        out
    }
}

/// One rating, drawn with the weights (which add up to 100).
fn draw(rng: &mut StdRng, weights: &[(u32, Rating)]) -> Rating {
    let mut roll = rng.random_range(0..100u32);
    for &(weight, rating) in weights {
        if roll < weight {
            return rating;
        }
        roll -= weight;
    }
    Rating::Good
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::{Config, DayClock};

    fn learner(seed: u64) -> Learner {
        Learner {
            truth: FAST_FORGETTER.to_vec(),
            new_per_day: 10,
            days: 30,
            start_ms: 1_767_268_800_000,
            max_answers: usize::MAX,
            seed,
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("sim/c{i}/produce")).collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_answers_in_time_order() {
        let scheduler =
            Scheduler::new(Config::default(), DayClock::new(jiff::tz::TimeZone::UTC, 4)).unwrap();
        let ids = ids(200);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let a = learner(1).answers(&scheduler, &ids);
        assert_eq!(a, learner(1).answers(&scheduler, &ids));
        assert_ne!(a, learner(2).answers(&scheduler, &ids));
        assert!(a.windows(2).all(|w| w[0].at_ms < w[1].at_ms));
        // 30 days of 10 new items: 200 are started, and forgotten often enough to come back.
        let items: std::collections::BTreeSet<usize> = a.iter().map(|x| x.item).collect();
        assert_eq!(items.len(), 200);
        let again = a.iter().filter(|x| x.rating == Rating::Again).count();
        assert!(again * 5 > a.len() / 2, "{again} of {}", a.len());
        let capped = Learner {
            max_answers: 100,
            ..learner(1)
        };
        assert_eq!(capped.answers(&scheduler, &ids), a[..100]);
    }
}
