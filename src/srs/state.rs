//! The scheduling state of one review item. It is derived from the review history and can always be
//! rebuilt by replaying it; it is stored only as a cache.

use serde::{Deserialize, Serialize};

/// Where an item is in its life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Never answered.
    #[default]
    New,
    /// Going through the learning steps (minutes apart).
    Learning,
    /// Graduated: reviewed at intervals of days.
    Review,
    /// Forgotten in review, going through the relearning steps.
    Relearning,
}

/// FSRS's memory state of an item.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Days until recall probability falls to 90 %.
    pub stability: f32,
    /// 1 (easy) … 10 (hard).
    pub difficulty: f32,
}

impl From<fsrs::MemoryState> for Memory {
    fn from(m: fsrs::MemoryState) -> Memory {
        Memory {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

impl From<Memory> for fsrs::MemoryState {
    fn from(m: Memory) -> fsrs::MemoryState {
        fsrs::MemoryState {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

/// One item's state after its last review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemState {
    pub phase: Phase,
    /// The current learning or relearning step (an index into the steps).
    pub step: u32,
    pub memory: Option<Memory>,
    /// When the item is next due, in ms since the Unix epoch. A review is due from the start of its
    /// day (the rollover hour); a learning step at its exact minute.
    pub due_ms: i64,
    /// The last review, in ms since the Unix epoch; `None` while new.
    pub last_review_ms: Option<i64>,
    /// The review interval in days; 0 while learning or relearning.
    pub interval_days: u32,
    /// How many times the item has been answered.
    pub reviews: u32,
    /// How many times it was forgotten in review.
    pub lapses: u32,
}

/// FSRS-6's default decay, for parameters that do not carry their own.
const DEFAULT_DECAY: f32 = 0.1542;

/// The decay in a set of FSRS parameters (the 21st); the default for the defaults or an older set.
pub fn decay_of(parameters: Option<&[f32]>) -> f32 {
    parameters
        .and_then(|p| p.get(20))
        .copied()
        .filter(|d| *d > 0.0)
        .unwrap_or(DEFAULT_DECAY)
}

impl ItemState {
    /// The chance the item is recalled `elapsed_days` after its last review, by FSRS's forgetting
    /// curve with `decay`; `None` for an item with no memory yet.
    pub fn retrievability(&self, elapsed_days: f32, decay: f32) -> Option<f32> {
        let memory = self.memory?;
        let state = fsrs::MemoryState {
            stability: memory.stability.max(0.01),
            difficulty: memory.difficulty,
        };
        Some(fsrs::current_retrievability(
            state,
            elapsed_days.max(0.0),
            decay,
        ))
    }

    /// Whether the item has been forgotten often enough to be a leech (8 lapses by default).
    pub fn is_leech(&self, threshold: u32) -> bool {
        threshold > 0 && self.lapses >= threshold
    }
}
