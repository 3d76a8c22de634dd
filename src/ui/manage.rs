//! What the Decks screen does to several cards at once, and to whole decks: marks, moving cards to
//! another of the learner's decks with their progress, deleting, copying a built-in deck (its
//! progress carried over), hiding a deck from study. Each writes deck files through
//! [`save_deck`] (atomic, the previous version kept as `.bak`) and progress through the journal,
//! and takes the changed files back into the library. Nothing here draws.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::decks::{CardRef, CopyForm, items_of};
use super::editor::new_card_id;
use super::model::Model;
use crate::deck::{Deck, ItemId, Source, new_deck_path, save_deck};
use crate::store::Mark;

/// Marks every direction of `cards`.
pub fn mark_cards(
    model: &mut Model,
    cards: &[CardRef],
    mark: Mark,
    now_ms: i64,
) -> Result<usize, String> {
    let items: Vec<ItemId> = cards
        .iter()
        .flat_map(|card| items_of(model, card))
        .collect();
    if items.is_empty() {
        return Err("no cards chosen".into());
    }
    model
        .store
        .mark(&items, mark, now_ms)
        .map_err(|err| format!("not saved: {err}"))?;
    crate::info!(
        name: "talkdeck.decks",
        "{} on {} cards ({} items)", mark.describe(), cards.len(), items.len()
    );
    Ok(cards.len())
}

/// One of the learner's decks with its file.
fn own(model: &Model, id: &str) -> Result<(PathBuf, Deck), String> {
    match model.library.decks.iter().find(|(_, d)| d.id == id) {
        Some((Source::User(path), deck)) => Ok((path.clone(), deck.clone())),
        Some((Source::BuiltIn(_), _)) => Err(format!(
            "{id} is a built-in deck: copy it to your decks to change it"
        )),
        None => Err(format!("no deck {id}")),
    }
}

/// Writes `deck` over its file, as loaded, and takes it back into the library.
fn save(model: &mut Model, path: &Path, deck: &Deck) -> Result<(), String> {
    let base = model.library.hash_of(path);
    save_deck(path, deck, base).map_err(|err| err.to_string())?;
    let _ = model.library.take_in_saved(path);
    Ok(())
}

/// The chosen cards, deck by deck.
fn by_deck(cards: &[CardRef]) -> BTreeMap<&str, Vec<&str>> {
    let mut decks: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (deck, card) in cards {
        decks.entry(deck).or_default().push(card);
    }
    decks
}

/// Moves `cards` (of the learner's decks) to the deck `target`, with their progress: the target
/// is written first (a failure after it leaves a card in both decks, never in neither), then each
/// source deck, then a journal entry carries each item's progress to its new id. A card whose id
/// the target already has gets a new one.
pub fn move_cards(
    model: &mut Model,
    cards: &[CardRef],
    target: &str,
    now_ms: i64,
) -> Result<usize, String> {
    let (target_path, mut target_deck) = own(model, target)?;
    let mut sources = Vec::new();
    let mut map = Vec::new();
    let mut moved = 0;
    for (deck_id, card_ids) in by_deck(cards) {
        if deck_id == target {
            continue;
        }
        let (path, mut deck) = own(model, deck_id)?;
        for card_id in card_ids {
            let Some(index) = deck.cards.iter().position(|c| c.id == card_id) else {
                continue;
            };
            let mut card = deck.cards.remove(index);
            let old: Vec<ItemId> = card
                .directions()
                .map(|d| ItemId::new(deck_id, &card.id, d))
                .collect();
            if target_deck.card(&card.id).is_some() {
                card.id = new_card_id(&target_deck, &card.en, None);
            }
            for (old, direction) in old.into_iter().zip(card.directions()) {
                map.push((old, ItemId::new(target, &card.id, direction)));
            }
            target_deck.cards.push(card);
            moved += 1;
        }
        sources.push((path, deck));
    }
    if moved == 0 {
        return Err("nothing to move".into());
    }
    if target_deck
        .cards
        .iter()
        .any(crate::deck::Card::needs_format_2)
    {
        target_deck.format = target_deck.format.max(2);
    }
    save(model, &target_path, &target_deck)?;
    for (path, deck) in &sources {
        save(model, path, deck)?;
    }
    model
        .store
        .carry(&map, now_ms)
        .map_err(|err| format!("the cards moved, but their progress was not carried: {err}"))?;
    crate::info!(
        name: "talkdeck.decks",
        "moved {moved} card{} to {target}, with the progress", if moved == 1 { "" } else { "s" }
    );
    Ok(moved)
}

/// Deletes `cards` from the learner's decks; their answers stay in the journal.
pub fn delete_cards(model: &mut Model, cards: &[CardRef]) -> Result<usize, String> {
    let mut deleted = 0;
    for (deck_id, card_ids) in by_deck(cards) {
        let (path, mut deck) = own(model, deck_id)?;
        let before = deck.cards.len();
        deck.cards.retain(|c| !card_ids.contains(&c.id.as_str()));
        if deck.cards.is_empty() {
            return Err(format!(
                "{deck_id} would have no cards left; a deck needs at least one"
            ));
        }
        deleted += before - deck.cards.len();
        save(model, &path, &deck)?;
        crate::info!(
            name: "talkdeck.decks",
            "deleted {} cards from {deck_id}; their answers stay in the journal",
            before - deck.cards.len()
        );
    }
    Ok(deleted)
}

/// Copies a built-in deck to the learner's decks under the form's id and name; with `carry`, every
/// item's progress goes to the copy (one journal entry) and the built-in deck is hidden from
/// study. Returns the copy's file.
pub fn copy_deck(model: &mut Model, form: &CopyForm, now_ms: i64) -> Result<PathBuf, String> {
    let mut deck = model
        .library
        .deck(&form.from)
        .cloned()
        .ok_or_else(|| format!("no deck {}", form.from))?;
    deck.id = form.id.trim().to_owned();
    deck.name = form.name.trim().to_owned();
    deck.name_zh = form.name_zh.trim().to_owned();
    let path = new_deck_path(&model.store.dir().decks_dir(), &deck.id);
    save_deck(&path, &deck, None).map_err(|err| err.to_string())?;
    let _ = model.library.take_in_saved(&path);
    crate::info!(
        name: "talkdeck.decks",
        "copied {} to {} ({})", form.from, deck.id, path.display()
    );
    if form.carry {
        let map: Vec<(ItemId, ItemId)> = deck
            .cards
            .iter()
            .flat_map(|card| {
                card.directions().map(|d| {
                    (
                        ItemId::new(&form.from, &card.id, d),
                        ItemId::new(&deck.id, &card.id, d),
                    )
                })
            })
            .collect();
        model
            .store
            .carry(&map, now_ms)
            .and_then(|()| model.store.set_deck_hidden(&form.from, true, now_ms))
            .map_err(|err| format!("copied, but the progress was not carried: {err}"))?;
    }
    Ok(path)
}
