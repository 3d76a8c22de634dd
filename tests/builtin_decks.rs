//! The built-in decks: they parse, are big enough, and hold to the content rules.

use std::collections::HashSet;

use talkdeck::deck::{self, Direction, Template};
use talkdeck::study::normalize;

#[test]
fn every_built_in_deck_parses_and_has_at_least_thirty_cards() {
    for (name, result) in deck::built_in_decks() {
        let deck = result.unwrap_or_else(|errors| {
            panic!(
                "{name} does not parse:\n{}",
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert_eq!(deck.id, name, "file name and id agree");
        assert!(
            deck.cards.len() >= 30,
            "{name} has only {} cards",
            deck.cards.len()
        );
        assert!(
            !deck.name_zh.is_empty()
                && !deck.description.is_empty()
                && !deck.description_zh.is_empty(),
            "{name} names and describes itself in both languages"
        );
        let ids: HashSet<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), deck.cards.len(), "{name} has duplicate card ids");
    }
}

#[test]
fn every_cue_points_at_one_answer() {
    for (name, text) in deck::BUILT_IN {
        let parsed = deck::parse_str(text, name).unwrap();
        let warnings = deck::warnings(&parsed, text, name);
        assert!(
            warnings.is_empty(),
            "{name}:\n{}",
            warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn every_card_has_context_and_every_question_has_replies() {
    for (name, result) in deck::built_in_decks() {
        let deck = result.unwrap();
        for card in &deck.cards {
            assert!(
                card.situation.is_some() || card.notes.is_some(),
                "{name}/{} has neither a situation nor a note",
                card.id
            );
            let question = Template::parse(&card.en)
                .unwrap()
                .variants()
                .iter()
                .any(|v| v.trim_end().ends_with('?'));
            if question {
                assert!(
                    !card.replies.is_empty(),
                    "{name}/{} asks a question but has no replies",
                    card.id
                );
            }
            assert!(
                card.zh
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{name}/{}: zh has no Chinese",
                card.id
            );
        }
    }
}

#[test]
fn templates_are_balanced_and_pair_english_with_chinese() {
    let mut n_templates = 0;
    for (name, result) in deck::built_in_decks() {
        for card in &result.unwrap().cards {
            let en = Template::parse(&card.en).unwrap();
            let zh = Template::parse(&card.zh).unwrap();
            assert_eq!(en.shape(), zh.shape(), "{name}/{}", card.id);
            if en.n_variants() > 1 {
                n_templates += 1;
                for i in 0..en.n_variants() {
                    let variant = card.variant(i);
                    assert!(
                        !variant.en.contains(['{', '|', '}'])
                            && !variant.zh.contains(['{', '|', '}'])
                    );
                }
            }
        }
    }
    assert!(
        n_templates >= 15,
        "the decks teach patterns: {n_templates} template cards"
    );
}

#[test]
fn the_seed_list_typos_are_fixed() {
    for (name, text) in deck::BUILT_IN {
        let english: Vec<String> = deck::parse_str(text, name)
            .unwrap()
            .cards
            .iter()
            .flat_map(|c| std::iter::once(c.en.clone()).chain(c.replies.clone()))
            .collect();
        for typo in ["everying", "freind", "frind", "qiyee", "the life in China"] {
            assert!(
                !english.iter().any(|e| e.contains(typo)),
                "{name} still has {typo:?}"
            );
        }
    }
    let greetings = deck::parse_str(deck::BUILT_IN[0].1, "greetings").unwrap();
    assert_eq!(
        greetings.card("hows-everything").unwrap().en,
        "How's everything?"
    );
}

#[test]
fn the_seed_phrases_are_all_taught() {
    let cards: Vec<_> = deck::built_in_decks()
        .into_iter()
        .flat_map(|(_, d)| d.unwrap().cards)
        .collect();
    let taught: Vec<String> = cards
        .iter()
        .flat_map(|c| Template::parse(&c.en).unwrap().variants())
        .collect();
    for phrase in [
        "How are you doing?",
        "How's it going?",
        "Hey, what's up?",
        "How's life?",
        "How's your family?",
        "How are your parents?",
        "Wow, I really love your hair!",
        "Wow, that's a really cool camera!",
        "Excuse me, is this seat taken?",
        "Do you need a hand?",
        "Allow me to introduce myself. I'm Chris.",
        "Here's my card.",
        "I've heard a lot about you.",
        "Chris has told me all about you.",
        "This is Li Ning. Li Ning, this is Chris.",
        "So, what do you do for a living?",
        "Can I ask what you do?",
        "So, how did you end up in China?",
        "What's your favorite city in China?",
        "I'm a software engineer.",
        "I work for a state-owned company.",
        "I'm in finance.",
    ] {
        assert!(
            taught.iter().any(|p| p == phrase),
            "no card teaches {phrase:?}"
        );
    }
    // Taught as another way to say a card's English: right when typed.
    let accepted: Vec<String> = cards
        .iter()
        .flat_map(|c| (0..c.n_variants()).flat_map(move |i| c.variant(i).also))
        .collect();
    for phrase in ["I work in finance.", "How's work?", "Morning!"] {
        assert!(
            accepted.iter().any(|p| p == phrase),
            "no card accepts {phrase:?}"
        );
    }
}

/// Every English text of a card in every variant: `en`, `also` and `replies`.
fn english_of(card: &deck::Card) -> Vec<String> {
    (0..card.n_variants())
        .flat_map(|i| {
            let v = card.variant(i);
            std::iter::once(v.en).chain(v.also).chain(v.replies)
        })
        .collect()
}

#[test]
fn the_english_is_spelled_the_american_way() {
    // British spellings, matched at the start of a word (so "colourful", "realised" and
    // "travellers" count too); talkdeck accepts them when typed, so the decks spell every word the
    // American way only.
    const BRITISH: &[&str] = &[
        "favour",
        "colour",
        "flavour",
        "honour",
        "humour",
        "labour",
        "neighbour",
        "behaviour",
        "harbour",
        "rumour",
        "centre",
        "theatre",
        "metre",
        "kilometre",
        "litre",
        "fibre",
        "travelled",
        "travelling",
        "traveller",
        "cancelled",
        "cancelling",
        "labelled",
        "modelling",
        "realise",
        "realising",
        "recognise",
        "recognising",
        "organise",
        "organising",
        "organisation",
        "apologise",
        "apologising",
        "specialise",
        "socialise",
        "customise",
        "memorise",
        "analysed",
        "practise",
        "practising",
        "licence",
        "defence",
        "offence",
        "catalogue",
        "programme",
        "cheque",
        "jewellery",
        "pyjamas",
        "grey",
    ];
    for (name, result) in deck::built_in_decks() {
        for card in &result.unwrap().cards {
            for text in english_of(card) {
                let lower = text.to_lowercase();
                for word in lower.split(|c: char| !c.is_ascii_alphabetic()) {
                    assert!(
                        !BRITISH.iter().any(|b| word.starts_with(b)),
                        "{name}/{}: British spelling {word:?} in {text:?}",
                        card.id
                    );
                }
            }
        }
    }
}

#[test]
fn notes_stand_alone() {
    // A note is read on its own, in any order: it never points at "the notes" or "the previous
    // sentence" instead of saying the thing itself.
    for (name, result) in deck::built_in_decks() {
        for card in &result.unwrap().cards {
            for text in [&card.notes, &card.situation].into_iter().flatten() {
                for pointer in ["笔记里", "上一句", "下一句"] {
                    assert!(
                        !text.contains(pointer),
                        "{name}/{} points at {pointer:?}: {text:?}",
                        card.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_built_in_deck_is_format_2() {
    for (name, text) in deck::BUILT_IN {
        let deck = deck::parse_str(text, name).unwrap();
        assert_eq!(deck.format, 2, "{name} says format {}", deck.format);
        assert!(
            text.contains("\n    format: 2,\n"),
            "{name} says `format: 2`"
        );
    }
}

#[test]
fn another_way_to_say_it_is_never_another_cards_english() {
    // An `also` is right for its own card only; if it were another card's English, the learner
    // asked for that card would be told a right answer is wrong.
    for (name, result) in deck::built_in_decks() {
        let deck = result.unwrap();
        for card in &deck.cards {
            for i in 0..card.n_variants() {
                for also in card.variant(i).also {
                    let key = normalize(&also);
                    for other in deck.cards.iter().filter(|o| o.id != card.id) {
                        assert!(
                            (0..other.n_variants()).all(|j| normalize(&other.variant(j).en) != key),
                            "{name}/{}: also {also:?} is the English of {}",
                            card.id,
                            other.id
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn items_cover_every_direction_with_stable_ids() {
    let deck = deck::parse_str(deck::BUILT_IN[2].1, "self_introduction").unwrap();
    let items: Vec<_> = deck.items().collect();
    assert_eq!(items.len(), deck.n_items());
    let reply_items = items
        .iter()
        .filter(|i| i.direction == Direction::Reply)
        .count();
    let with_replies = deck.cards.iter().filter(|c| !c.replies.is_empty()).count();
    assert_eq!(reply_items, with_replies);
    assert!(
        items
            .iter()
            .any(|i| i.id.as_str() == "self_introduction/hi-im-chris/produce")
    );
}
