//! The history as the statistics read it: every item with its deck and state, every answer, and
//! the day clock — an owned copy, so the figures can be worked out on another thread while the
//! learner goes on studying.

use crate::deck::{ItemId, Library};
use crate::srs::{DayClock, ItemState, Phase, decay_of};
use crate::store::{ReviewLog, Store};

/// An item reviewed at this interval or longer is known well (Anki calls it mature).
pub const MATURE_DAYS: u32 = 21;

/// One deck as the statistics name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckFacts {
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub cards: usize,
}

/// One item: its deck (an index into [`Facts::decks`], `None` when its deck is gone), its state and
/// whether it is suspended.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemFacts {
    pub id: ItemId,
    pub deck: Option<u16>,
    pub state: ItemState,
    pub suspended: bool,
}

/// Everything the statistics are computed from.
#[derive(Clone, Debug)]
pub struct Facts {
    pub clock: DayClock,
    /// The memory model's decay (FSRS-6's last parameter), for retrievability.
    pub decay: f32,
    pub leech_threshold: u32,
    pub decks: Vec<DeckFacts>,
    /// The store's items first, in its order (so [`ReviewLog::item`] indexes this too), then every
    /// item of the decks never answered.
    pub items: Vec<ItemFacts>,
    /// Every answer in time order.
    pub reviews: Vec<ReviewLog>,
}

impl Facts {
    /// A copy of what `store` and `library` hold.
    pub fn gather(library: &Library, store: &Store) -> Facts {
        let decks: Vec<DeckFacts> = library
            .decks
            .iter()
            .map(|(_, deck)| DeckFacts {
                id: deck.id.clone(),
                name: deck.name.clone(),
                name_zh: deck.name_zh.clone(),
                cards: deck.cards.len(),
            })
            .collect();
        let deck_of = |id: &ItemId| {
            let (deck, _, _) = id.parts()?;
            decks
                .iter()
                .position(|d| d.id == deck)
                .and_then(|i| u16::try_from(i).ok())
        };
        let mut items: Vec<ItemFacts> = store
            .states()
            .map(|(id, state)| ItemFacts {
                id: id.clone(),
                deck: deck_of(id),
                state: state.clone(),
                suspended: store.marks(id).suspended,
            })
            .collect();
        let known: rustc_hash::FxHashSet<&str> =
            store.item_ids().iter().map(|id| id.as_str()).collect();
        let mut unseen = Vec::new();
        for (_, deck) in &library.decks {
            for item in deck.items() {
                if !known.contains(item.id.as_str()) {
                    unseen.push(ItemFacts {
                        deck: deck_of(&item.id),
                        suspended: store.marks(&item.id).suspended,
                        id: item.id,
                        state: ItemState::default(),
                    });
                }
            }
        }
        items.extend(unseen);
        let config = store.scheduler().config();
        Facts {
            clock: store.scheduler().clock().clone(),
            decay: decay_of(config.parameters.as_deref()),
            leech_threshold: config.leech_threshold,
            decks,
            items,
            reviews: store.reviews().to_vec(),
        }
    }

    /// The probability that `state` is recalled on day `today` (FSRS's forgetting curve), or
    /// `None` for an item with no memory yet.
    pub fn retrievability(&self, state: &ItemState, today: i32) -> Option<f32> {
        let last = state.last_review_ms?;
        let elapsed = (today - self.clock.day(last)).max(0) as f32;
        state.retrievability(elapsed, self.decay)
    }
}

/// Where an item stands, as the item counts sort it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    New,
    Learning,
    Relearning,
    /// In review at an interval under [`MATURE_DAYS`].
    Young,
    Mature,
    Suspended,
}

impl Standing {
    pub const ALL: [Standing; 6] = [
        Standing::New,
        Standing::Learning,
        Standing::Relearning,
        Standing::Young,
        Standing::Mature,
        Standing::Suspended,
    ];

    /// The one rule that sorts an item: suspended first, whatever its phase.
    pub fn of(item: &ItemFacts) -> Standing {
        if item.suspended {
            return Standing::Suspended;
        }
        match item.state.phase {
            Phase::New => Standing::New,
            Phase::Learning => Standing::Learning,
            Phase::Relearning => Standing::Relearning,
            Phase::Review if item.state.interval_days >= MATURE_DAYS => Standing::Mature,
            Phase::Review => Standing::Young,
        }
    }
}
