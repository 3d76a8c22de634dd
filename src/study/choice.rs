//! Multiple choice, and how an item is asked in the mode the learner chose.
//!
//! The options are the expected answer of the variant shown and up to three distractors: the same
//! side of other cards of the deck. A distractor is never also right: its English is never the
//! asked card's English or one of its other ways to say it (nor the other way round), its Chinese
//! never reads the same — or all but the same, one character in four at most (`我是 Chris` and
//! `我叫 Chris`) — as the asked card's, and a distractor reply is never one of the asked card's
//! replies.

use rand::Rng;
use rand::seq::SliceRandom;

use super::check::edit_distance;
use super::normalize::normalize;
use super::prompt::Prompt;
use crate::deck::{Card, Deck, Direction, reading_key};
use crate::store::StudyMode;

/// Four (or, in a tiny deck, fewer) options and which one is right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub options: Vec<String>,
    pub correct: usize,
}

/// The normal forms of a card's English in one variant: `en` and every `also`.
fn english_of(en: &str, also: &[String]) -> Vec<String> {
    std::iter::once(en)
        .chain(also.iter().map(String::as_str))
        .map(normalize)
        .collect()
}

/// The option `card` offers as a distractor for `prompt`, if it is not also right.
fn distractor(card: &Card, prompt: &Prompt, asked_english: &[String]) -> Option<String> {
    let shown = card.variant(0);
    let same_meaning = english_of(&shown.en, &shown.also)
        .iter()
        .any(|e| asked_english.contains(e));
    let same_cue = reads_alike(&shown.zh, &prompt.zh);
    if same_meaning || same_cue {
        return None;
    }
    match prompt.direction {
        Direction::Produce => Some(shown.en),
        Direction::Recognise => Some(shown.zh),
        Direction::Reply => {
            let asked: Vec<String> = prompt.replies.iter().map(|r| normalize(r)).collect();
            shown
                .replies
                .into_iter()
                .find(|r| !asked.contains(&normalize(r)))
        }
    }
}

/// Whether two Chinese cues read the same, or all but the same: at most one character in four
/// differs (so short cues such as `早安` and `晚安` must match exactly).
fn reads_alike(a: &str, b: &str) -> bool {
    let (a, b) = (reading_key(a), reading_key(b));
    let longer = a.chars().count().max(b.chars().count());
    edit_distance(&a, &b) <= longer / 4
}

/// What makes two options the same to a learner: the words of an English one, the characters of a
/// Chinese one.
fn option_key(direction: Direction, option: &str) -> String {
    match direction {
        Direction::Recognise => reading_key(option),
        Direction::Produce | Direction::Reply => normalize(option),
    }
}

/// The options for `prompt`: its expected answer and up to three distractors from other cards of
/// `deck`, no two the same, shuffled with `rng`.
pub fn choice_options(deck: &Deck, prompt: &Prompt, rng: &mut impl Rng) -> Choice {
    let right = prompt.expected().to_string();
    let (_, card_id, direction) = prompt.item.parts().unwrap_or(("", "", prompt.direction));
    let asked_english = english_of(&prompt.en, &prompt.also);
    let mut pool: Vec<String> = deck
        .cards
        .iter()
        .filter(|card| card.id != card_id)
        .filter_map(|card| distractor(card, prompt, &asked_english))
        .collect();
    pool.shuffle(rng);
    let mut seen = vec![option_key(direction, &right)];
    let mut options = vec![right];
    for candidate in pool {
        if options.len() == 4 {
            break;
        }
        let key = option_key(direction, &candidate);
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

/// How an item is asked when the learner chose `mode`, and its options when that is Choice.
/// Typing is for English: a *recognise* item (English → its meaning) in Type mode is asked as
/// Choice, or as Flip when its deck cannot give four options. Choice with fewer than two options is
/// Flip. Listen asks recognise and reply items by ear, and produce items as in Flip.
pub fn asked_as(
    mode: StudyMode,
    deck: &Deck,
    prompt: &Prompt,
    rng: &mut impl Rng,
) -> (StudyMode, Option<Choice>) {
    let (wanted, fewest) = match (mode, prompt.direction) {
        (StudyMode::Type, Direction::Recognise) => (StudyMode::Choice, 4),
        (StudyMode::Choice, _) => (StudyMode::Choice, 2),
        // The English is what is heard: a produce item asks for it, so it is asked as in Flip.
        (StudyMode::Listen, Direction::Produce) => return (StudyMode::Flip, None),
        (mode, _) => return (mode, None),
    };
    debug_assert_eq!(wanted, StudyMode::Choice);
    let choice = choice_options(deck, prompt, rng);
    if choice.options.len() >= fewest {
        (StudyMode::Choice, Some(choice))
    } else {
        (StudyMode::Flip, None)
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::deck::{BUILT_IN, ItemId, parse_str};
    use crate::study::prompt_for;

    fn card(id: &str, en: &str, zh: &str) -> Card {
        Card::new(id, en, zh)
    }

    fn deck(cards: Vec<Card>) -> Deck {
        Deck {
            format: 2,
            id: "d".into(),
            name: "D".into(),
            name_zh: String::new(),
            description: String::new(),
            description_zh: String::new(),
            cards,
        }
    }

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
            assert_eq!(choice.options[choice.correct], prompt.expected());
            let mut keys: Vec<String> = choice
                .options
                .iter()
                .map(|o| option_key(direction, o))
                .collect();
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
    fn a_wrong_option_is_never_also_right() {
        let mut twin = card("twin", "How are you doing?", "嘿，最近怎么样？");
        let near = card("near", "My name is Chris.", "嘿，最近怎么样！？");
        let named = card("named", "I'm Chris.", "我是 Chris。");
        twin.also = vec!["How's it going?".into()];
        let deck = deck(vec![
            card("asked", "Hey, what's up?", "嘿，最近怎么样？"),
            twin,
            near,
            named,
            card("same-words", "hey whats up", "喂"),
            card("synonym", "How's it going?", "还好吗"),
            card("a", "Nice to meet you.", "很高兴认识你。"),
            card("b", "See you later!", "回头见！"),
            card("c", "Take care!", "保重！"),
        ]);
        let mut asked = deck.cards[0].clone();
        asked.also = vec!["How's it going?".into()];
        let deck = Deck {
            cards: std::iter::once(asked)
                .chain(deck.cards[1..].iter().cloned())
                .collect(),
            ..deck
        };
        for seed in 0..20 {
            for direction in [Direction::Produce, Direction::Recognise] {
                let item = ItemId::new("d", "asked", direction);
                let prompt = prompt_for(&deck, &item, 0).unwrap();
                let choice = choice_options(&deck, &prompt, &mut StdRng::seed_from_u64(seed));
                assert_eq!(choice.options.len(), 4, "{:?}", choice.options);
                for (i, option) in choice.options.iter().enumerate() {
                    if i == choice.correct {
                        continue;
                    }
                    for also_right in [
                        "How are you doing?",
                        "My name is Chris.",
                        "嘿，最近怎么样！？",
                        "hey whats up",
                        "How's it going?",
                        "嘿，最近怎么样？",
                        "喂",
                        "还好吗",
                    ] {
                        assert_ne!(option, also_right, "{direction:?}: {:?}", choice.options);
                    }
                }
            }
        }
    }

    #[test]
    fn cues_that_read_all_but_the_same_are_never_each_others_distractors() {
        assert!(reads_alike("我是 Chris。", "我叫 Chris。"));
        assert!(reads_alike("嘿，最近怎么样？", "嘿，最近怎么样！"));
        assert!(
            !reads_alike("早安", "晚安"),
            "short cues must match exactly"
        );
        assert!(!reads_alike("你最近怎么样？", "周末过得怎么样？"));
    }

    #[test]
    fn typing_is_for_english_so_a_meaning_is_chosen_instead() {
        let greetings = parse_str(BUILT_IN[0].1, "greetings.ron").unwrap();
        let item = ItemId::new("greetings", &greetings.cards[0].id, Direction::Recognise);
        let prompt = prompt_for(&greetings, &item, 0).unwrap();
        let mut rng = StdRng::seed_from_u64(3);
        let (mode, choice) = asked_as(StudyMode::Type, &greetings, &prompt, &mut rng);
        assert_eq!(mode, StudyMode::Choice);
        assert_eq!(choice.unwrap().options.len(), 4);
        let produce = prompt_for(
            &greetings,
            &ItemId::new("greetings", &greetings.cards[0].id, Direction::Produce),
            0,
        )
        .unwrap();
        assert_eq!(
            asked_as(StudyMode::Type, &greetings, &produce, &mut rng),
            (StudyMode::Type, None)
        );
        // Too few cards for four options: the meaning is shown and graded by the learner.
        let small = deck(vec![card("a", "Hi", "嗨"), card("b", "Bye", "再见")]);
        let prompt = prompt_for(&small, &ItemId::new("d", "a", Direction::Recognise), 0).unwrap();
        assert_eq!(
            asked_as(StudyMode::Type, &small, &prompt, &mut rng),
            (StudyMode::Flip, None)
        );
        assert_eq!(
            asked_as(StudyMode::Choice, &small, &prompt, &mut rng).0,
            StudyMode::Choice,
            "two options are a choice when the learner asked for one"
        );
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
