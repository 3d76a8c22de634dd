//! The phrases behind a figure: what a click on a bar, a cell or a table line lists. Each pick
//! sorts items by the same rules as [`Report::compute`](super::Report::compute), so a list is as
//! long as the figure clicked.

use serde::Serialize;

use super::facts::{Facts, Standing};
use super::report::{
    PERIODS, Period, Scope, Waits, difficulty_bucket, due_slot, kind_index, range_days,
    retrievability_bucket, stability_bucket, struggling,
};
use crate::srs::Rating;

/// A figure that can be clicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Pick {
    /// The items answered on a day (a heatmap cell, a bar of answers per day).
    AnsweredOn(i32),
    /// The items in a future-due bar: 0 is the backlog, then today, tomorrow, ….
    Due(usize),
    Standing(Standing),
    Leeches,
    /// Items answered in the range at this local hour.
    Hour(u8),
    /// Items answered in the range with this kind ([`super::KINDS`] index) and button.
    Button {
        kind: usize,
        rating: Rating,
    },
    /// Items whose reviews true retention counts in a period: young, mature, or (`None`) both.
    Retention {
        period: Period,
        mature: Option<bool>,
    },
    /// The phrases that keep failing ([`super::Report::struggling`]).
    Struggling,
    Difficulty(usize),
    Stability(usize),
    Retrievability(usize),
    /// A cell of the per-deck table: the deck (an index into [`Facts::decks`]) and which figure.
    Deck {
        deck: u16,
        figure: DeckFigure,
    },
}

/// The per-deck table's figures that list phrases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum DeckFigure {
    Seen,
    Mature,
    DueToday,
    DueTomorrow,
}

/// The items (indexes into [`Facts::items`]) behind `pick`, each once, in the order they were
/// first met: answers oldest first, items in the facts' order.
pub fn pick(facts: &Facts, scope: &Scope, pick: Pick, now_ms: i64) -> Vec<u32> {
    let today = facts.clock.day(now_ms);
    let in_scope = scope.items_in(facts);
    let mut chosen = vec![false; facts.items.len()];
    let mut out = Vec::new();
    let mut take = |item: usize, out: &mut Vec<u32>| {
        if !chosen[item] {
            chosen[item] = true;
            out.push(item as u32);
        }
    };
    match pick {
        Pick::Struggling => {
            let mut again = vec![0u32; facts.items.len()];
            for review in facts.reviews.iter().filter(|r| r.rating == Rating::Again) {
                if let Some(n) = again.get_mut(review.item as usize) {
                    *n += 1;
                }
            }
            out = struggling(facts, &in_scope, &again)
                .iter()
                .map(|s| s.item)
                .collect();
        }
        Pick::AnsweredOn(_) | Pick::Hour(_) | Pick::Button { .. } | Pick::Retention { .. } => {
            let days = range_days(facts, &in_scope, scope.range, today);
            let range_start = today - days as i32 + 1;
            let mut waits = Waits::new(facts.items.len());
            for review in &facts.reviews {
                let item = review.item as usize;
                if !in_scope.get(item).copied().unwrap_or(false) {
                    continue;
                }
                let day = facts.clock.day(review.at);
                let in_range = day >= range_start && day <= today;
                let counted = waits.note(item, day, review.phase_before);
                let hit = match pick {
                    Pick::AnsweredOn(d) => day == d,
                    Pick::Hour(h) => in_range && facts.clock.local_hour(review.at) == h,
                    Pick::Button { kind, rating } => {
                        in_range
                            && kind_index(review.phase_before) == kind
                            && review.rating == rating
                    }
                    Pick::Retention { period, mature } => counted.is_some_and(|c| {
                        mature.is_none_or(|m| c.mature == m)
                            && PERIODS.iter().any(|&(p, from, to)| {
                                p == period && (from..=to).contains(&(today - day))
                            })
                    }),
                    _ => false,
                };
                if hit {
                    take(item, &mut out);
                }
            }
        }
        _ => {
            for (item, facts_item) in facts.items.iter().enumerate() {
                if !in_scope[item] {
                    continue;
                }
                let memory = (!facts_item.suspended)
                    .then_some(facts_item.state.memory)
                    .flatten()
                    .zip(facts.retrievability(&facts_item.state, today));
                let hit = match pick {
                    Pick::Due(slot) => due_slot(facts, facts_item, today) == Some(slot),
                    Pick::Standing(standing) => Standing::of(facts_item) == standing,
                    Pick::Leeches => facts_item.state.is_leech(facts.leech_threshold),
                    Pick::Difficulty(b) => {
                        memory.is_some_and(|(m, _)| difficulty_bucket(m.difficulty) == b)
                    }
                    Pick::Stability(b) => {
                        memory.is_some_and(|(m, _)| stability_bucket(m.stability) == b)
                    }
                    Pick::Retrievability(b) => {
                        memory.is_some_and(|(_, r)| retrievability_bucket(r) == b)
                    }
                    Pick::Deck { deck, figure } if facts_item.deck == Some(deck) => match figure {
                        DeckFigure::Seen => facts_item.state.phase != crate::srs::Phase::New,
                        DeckFigure::Mature => Standing::of(facts_item) == Standing::Mature,
                        DeckFigure::DueToday => {
                            due_slot(facts, facts_item, today).is_some_and(|s| s <= 1)
                        }
                        DeckFigure::DueTomorrow => due_slot(facts, facts_item, today) == Some(2),
                    },
                    _ => false,
                };
                if hit {
                    take(item, &mut out);
                }
            }
        }
    }
    out
}
