//! Multiple choice: the right answer and three distractors from the same deck.

use rand::Rng;
use rand::seq::SliceRandom;

use super::check::normalize;
use super::session::Prompt;
use crate::deck::{Deck, Direction};

/// Four (or, in a tiny deck, fewer) options and which one is right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub options: Vec<String>,
    pub correct: usize,
}

/// The side of a card a direction asks for: English for produce, Chinese for recognise, a reply
/// for reply.
pub fn expected_answer(prompt: &Prompt) -> String {
    match prompt.direction {
        Direction::Produce => prompt.en.clone(),
        Direction::Recognise => prompt.zh.clone(),
        Direction::Reply => prompt.replies.first().cloned().unwrap_or_default(),
    }
}

/// The options for `prompt`: its expected answer and up to three of the same side of other cards in
/// `deck`, none equal to another once normalised, shuffled with `rng`.
pub fn choice_options(deck: &Deck, prompt: &Prompt, rng: &mut impl Rng) -> Choice {
    let right = expected_answer(prompt);
    let (_, card_id, direction) = prompt.item.parts().unwrap_or(("", "", prompt.direction));
    let mut pool: Vec<String> = deck
        .cards
        .iter()
        .filter(|card| card.id != card_id)
        .filter_map(|card| {
            let shown = card.variant(0);
            match direction {
                Direction::Produce => Some(shown.en),
                Direction::Recognise => Some(shown.zh),
                Direction::Reply => card.replies.first().cloned(),
            }
        })
        .collect();
    pool.shuffle(rng);
    let mut seen = vec![normalize(&right)];
    let mut options = vec![right];
    for candidate in pool {
        if options.len() == 4 {
            break;
        }
        let key = normalize(&candidate);
        if !seen.contains(&key) {
            seen.push(key);
            options.push(candidate);
        }
    }
    let right = options[0].clone();
    options.shuffle(rng);
    let correct = options.iter().position(|o| *o == right).unwrap_or(0);
    Choice { options, correct }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::deck::{BUILT_IN, ItemId, parse_str};
    use crate::study::prompt_for;

    #[test]
    fn four_distinct_options_from_the_same_deck_with_the_right_one_marked() {
        let deck = parse_str(BUILT_IN[0].1, "greetings.ron").unwrap();
        let card = &deck.cards[3];
        for direction in [Direction::Produce, Direction::Recognise] {
            let item = ItemId::new(&deck.id, &card.id, direction);
            let prompt = prompt_for(&deck, &item, 0).unwrap();
            let mut rng = StdRng::seed_from_u64(7);
            let choice = choice_options(&deck, &prompt, &mut rng);
            assert_eq!(choice.options.len(), 4);
            assert_eq!(choice.options[choice.correct], expected_answer(&prompt));
            let mut keys: Vec<String> = choice.options.iter().map(|o| normalize(o)).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), 4, "no option twice: {:?}", choice.options);
            let side: Vec<String> = deck
                .cards
                .iter()
                .map(|c| match direction {
                    Direction::Produce => c.variant(0).en,
                    _ => c.variant(0).zh,
                })
                .collect();
            for (i, option) in choice.options.iter().enumerate() {
                assert!(
                    i == choice.correct || side.contains(option),
                    "{option:?} is from the deck"
                );
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_options() {
        let deck = parse_str(BUILT_IN[1].1, "compliments.ron").unwrap();
        let item = ItemId::new(&deck.id, &deck.cards[0].id, Direction::Produce);
        let prompt = prompt_for(&deck, &item, 0).unwrap();
        let a = choice_options(&deck, &prompt, &mut StdRng::seed_from_u64(1));
        let b = choice_options(&deck, &prompt, &mut StdRng::seed_from_u64(1));
        assert_eq!(a, b);
    }
}
