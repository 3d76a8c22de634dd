//! Checking a typed answer against the answers that count for the variant shown
//! ([`Prompt::accepted`](super::Prompt)): compared in the normal form of [`normalize`], so case,
//! punctuation, apostrophes, contractions, full-width input and British or American spelling do
//! not count, nor do spaces inside words (`startup` = `start-up`), nor a word that says just what
//! a longer phrase says (`thanks` = `thank you`). An exact match suggests Good; the
//! same words without an opener or a closing courtesy the card has (`Excuse me,`, `Hey,`, `please`)
//! Hard, and with one the card lacks Good; at most one edit per 8 characters (one at least, from 8
//! characters up) Hard; anything else Again — except where the answer is the learner's own
//! ([`Judging::OwnWords`]: a reply), where no match means the learner grades themself against the
//! model answers.
//!
//! The word diff is in the card's own words and capitals: the normal form decides what matches,
//! and each word is shown as the card (or the learner) wrote it.

use super::normalize::{Normalized, Token, normalize_words};
use crate::srs::Rating;

/// How one word of the diff compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffWord {
    /// In both (as the card writes it).
    Same(String),
    /// Typed but not expected (as typed).
    Extra(String),
    /// Expected but not typed (as the card writes it).
    Missing(String),
}

/// How far a typed answer can be judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judging {
    /// There is one right answer (and other ways to say it): anything else is a mistake.
    Exact,
    /// The answer is the learner's own (a reply): the model answers are examples, and an answer
    /// that matches none is not wrong, so the learner grades it.
    OwnWords,
}

/// The verdict on a typed answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// The rating to suggest; `None` when the learner grades themself (an answer of their own
    /// words that matches no model answer).
    pub suggested: Option<Rating>,
    /// The accepted answer closest to what was typed, as the card writes it.
    pub closest: String,
    /// Character edits between the normal forms of the answer and `closest`.
    pub edits: usize,
    /// The word diff against `closest`; empty when the learner grades themself.
    pub diff: Vec<DiffWord>,
}

/// Words that open a phrase without changing what it says (in the normal form).
const OPENERS: &[&[&str]] = &[
    &["excuse", "me"],
    &["hey"],
    &["hi"],
    &["hello"],
    &["oh"],
    &["so"],
    &["well"],
    &["wow"],
    &["sorry"],
    &["ah"],
    &["um"],
];

/// Courtesies that close a phrase without changing what it says.
const CLOSERS: &[&[&str]] = &[
    &["please"],
    &["thanks"],
    &["thank", "you"],
    &["by", "the", "way"],
];

/// Words that say just what a longer phrase says, wherever they stand: compared as the phrase.
const SAME_AS: &[(&str, &[&str])] = &[("thanks", &["thank", "you"])];

/// `normalized` with each word of [`SAME_AS`] as its phrase, every token still tied to its word.
fn with_phrases(mut normalized: Normalized<'_>) -> Normalized<'_> {
    if normalized
        .tokens
        .iter()
        .any(|t| SAME_AS.iter().any(|(word, _)| t.text == *word))
    {
        normalized.tokens = normalized
            .tokens
            .into_iter()
            .flat_map(
                |token| match SAME_AS.iter().find(|(word, _)| token.text == *word) {
                    Some((_, phrase)) => phrase
                        .iter()
                        .map(|text| Token {
                            text: (*text).to_owned(),
                            word: token.word,
                        })
                        .collect(),
                    None => vec![token],
                },
            )
            .collect();
    }
    normalized
}

/// The tokens without their openers and closers, and whether there were any.
fn core<'t>(tokens: &'t [&'t str]) -> (&'t [&'t str], bool) {
    let mut core = tokens;
    let mut trimmed = false;
    loop {
        let opener = OPENERS
            .iter()
            .find(|o| core.len() > o.len() && core.starts_with(o));
        let closer = CLOSERS
            .iter()
            .find(|c| core.len() > c.len() && core.ends_with(c));
        match (opener, closer) {
            (Some(o), _) => core = &core[o.len()..],
            (None, Some(c)) => core = &core[..core.len() - c.len()],
            (None, None) => return (core, trimmed),
        }
        trimmed = true;
    }
}

/// Levenshtein distance in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// What a token of the diff is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Extra,
    Missing,
}

/// The word diff of `typed` against `expected`: a longest common subsequence of their tokens, then
/// shown word by word. An expected word is Same when all its tokens are, else Missing; a typed
/// word is Extra when any of its tokens is.
fn word_diff(typed: &Normalized<'_>, expected: &Normalized<'_>) -> Vec<DiffWord> {
    let (t, e) = (&typed.tokens, &expected.tokens);
    let mut lcs = vec![vec![0usize; e.len() + 1]; t.len() + 1];
    for i in (0..t.len()).rev() {
        for j in (0..e.len()).rev() {
            lcs[i][j] = if t[i].text == e[j].text {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The token operations in order, each with the word it belongs to.
    let mut ops: Vec<(Op, usize)> = Vec::with_capacity(t.len() + e.len());
    let (mut i, mut j) = (0, 0);
    while i < t.len() || j < e.len() {
        if i < t.len() && j < e.len() && t[i].text == e[j].text {
            ops.push((Op::Same, e[j].word));
            i += 1;
            j += 1;
        } else if j < e.len() && (i == t.len() || lcs[i][j + 1] > lcs[i + 1][j]) {
            // On a tie the typed word goes first: "your ~~shoes~~ coat" reads as a correction.
            ops.push((Op::Missing, e[j].word));
            j += 1;
        } else {
            ops.push((Op::Extra, t[i].word));
            i += 1;
        }
    }
    let mut expected_whole = vec![true; expected.words.len()];
    for &(op, word) in &ops {
        if op == Op::Missing {
            expected_whole[word] = false;
        }
    }
    // Words with no token (a dash, an ellipsis) are shown beside the word before them.
    let mut has_tokens = vec![false; expected.words.len()];
    for token in &expected.tokens {
        has_tokens[token.word] = true;
    }
    let mut shown_expected = vec![false; expected.words.len()];
    let mut shown_typed = vec![false; typed.words.len()];
    let mut diff = Vec::new();
    let leading = has_tokens.iter().take_while(|t| !**t).count();
    for (shown, word) in shown_expected.iter_mut().zip(&expected.words).take(leading) {
        *shown = true;
        diff.push(DiffWord::Same(word.to_string()));
    }
    for (op, word) in ops {
        match op {
            Op::Same | Op::Missing => {
                if !std::mem::replace(&mut shown_expected[word], true) {
                    let text = expected.words[word].to_string();
                    diff.push(if expected_whole[word] {
                        DiffWord::Same(text)
                    } else {
                        DiffWord::Missing(text)
                    });
                    for next in word + 1..expected.words.len() {
                        if has_tokens[next] || shown_expected[next] {
                            break;
                        }
                        shown_expected[next] = true;
                        diff.push(DiffWord::Same(expected.words[next].to_string()));
                    }
                }
            }
            Op::Extra => {
                if !std::mem::replace(&mut shown_typed[word], true) {
                    diff.push(DiffWord::Extra(typed.words[word].to_string()));
                }
            }
        }
    }
    diff
}

/// Checks `typed` against every accepted answer and suggests a rating.
pub fn check_answer(typed: &str, accepted: &[String], judging: Judging) -> Check {
    let typed_norm = with_phrases(normalize_words(typed));
    let typed_joined = typed_norm.joined();
    // With nothing typed, nothing is closer to one answer than another: the card's own answer
    // (the first) is the one shown, as "The answer" shows it.
    let candidates = if typed_joined.is_empty() {
        &accepted[..accepted.len().min(1)]
    } else {
        accepted
    };
    let best = candidates
        .iter()
        .map(|answer| {
            let norm = with_phrases(normalize_words(answer));
            (edit_distance(&typed_joined, &norm.joined()), norm, answer)
        })
        .min_by_key(|(edits, _, _)| *edits);
    let Some((edits, norm, closest)) = best else {
        return Check {
            suggested: match judging {
                Judging::Exact => Some(Rating::Again),
                Judging::OwnWords => None,
            },
            closest: String::new(),
            edits: typed_joined.chars().count(),
            diff: Vec::new(),
        };
    };
    let expected_joined = norm.joined();
    let length = expected_joined.chars().count();
    let slack = if length >= 8 { (length / 8).max(1) } else { 0 };
    let words = |n: &Normalized<'_>| n.tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    let (typed_words, expected_words) = (words(&typed_norm), words(&norm));
    let typed_refs: Vec<&str> = typed_words.iter().map(String::as_str).collect();
    let expected_refs: Vec<&str> = expected_words.iter().map(String::as_str).collect();
    let (typed_core, typed_edged) = core(&typed_refs);
    let (expected_core, expected_edged) = core(&expected_refs);
    let spaced_alike = typed_joined.replace(' ', "") == expected_joined.replace(' ', "");
    let suggested = if edits == 0 || spaced_alike {
        Some(Rating::Good)
    } else if typed_core == expected_core && (typed_edged || expected_edged) {
        // The same words; only an opener or a courtesy differs. Leaving out one the card has
        // is a slip (it matters to a listener); adding one is fine.
        if expected_core.len() < expected_refs.len() && typed_core.len() == typed_refs.len() {
            Some(Rating::Hard)
        } else {
            Some(Rating::Good)
        }
    } else if edits <= slack {
        Some(Rating::Hard)
    } else {
        match judging {
            Judging::Exact => Some(Rating::Again),
            Judging::OwnWords => None,
        }
    };
    let diff = match suggested {
        // Only the spacing differs: the card's words, all kept.
        Some(_) if spaced_alike => norm
            .words
            .iter()
            .map(|w| DiffWord::Same(w.to_string()))
            .collect(),
        Some(_) => word_diff(&typed_norm, &norm),
        None => Vec::new(),
    };
    Check {
        suggested,
        closest: closest.clone(),
        edits,
        diff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn suggested(typed: &str, list: &[&str]) -> Option<Rating> {
        check_answer(typed, &accepted(list), Judging::Exact).suggested
    }

    #[test]
    fn case_space_punctuation_apostrophes_and_contractions_do_not_count() {
        let expected = ["How's it going?"];
        for typed in [
            "how's it going",
            "How’s  it going!",
            "HOW IS IT GOING",
            "how is it going?",
            "hows it going",
        ] {
            assert_eq!(suggested(typed, &expected), Some(Rating::Good), "{typed}");
        }
    }

    #[test]
    fn natural_ways_of_typing_the_same_words_are_right() {
        for (typed, card) in [
            ("whats new with you", "What's new with you?"),
            ("im good thanks", "I'm good, thanks."),
            ("I can not complain", "I can't complain."),
            ("I cannot complain", "I can't complain."),
            ("ｉ’ｍ ｆｉｎｅ，ｔｈａｎｋｓ！", "I'm fine, thanks!"),
            ("What’s your favourite city?", "What's your favorite city?"),
            ("“Nice to meet you”", "Nice to meet you."),
        ] {
            assert_eq!(
                suggested(typed, &[card]),
                Some(Rating::Good),
                "{typed:?} for {card:?}"
            );
        }
        assert_eq!(
            suggested("I can not complain", &["Can't complain."]),
            Some(Rating::Hard),
            "an added subject is a slip, not a mistake"
        );
    }

    #[test]
    fn only_the_accepted_answers_count() {
        let shown = ["Wow, I really love your coat!"];
        assert_eq!(
            suggested("wow i really love your coat", &shown),
            Some(Rating::Good)
        );
        let check = check_answer(
            "Wow, I really love your shoes!",
            &accepted(&shown),
            Judging::Exact,
        );
        assert_eq!(
            check.suggested,
            Some(Rating::Again),
            "another variant is not the one asked"
        );
        assert_eq!(
            check.diff,
            [
                DiffWord::Same("Wow,".into()),
                DiffWord::Same("I".into()),
                DiffWord::Same("really".into()),
                DiffWord::Same("love".into()),
                DiffWord::Same("your".into()),
                DiffWord::Extra("shoes!".into()),
                DiffWord::Missing("coat!".into()),
            ]
        );
    }

    #[test]
    fn small_slips_suggest_hard_and_real_mistakes_again() {
        let expected = ["Excuse me, is this seat taken?"];
        // 28 normalised characters: up to 3 edits are slips.
        assert_eq!(
            suggested("excuse me is this seat takn", &expected),
            Some(Rating::Hard)
        );
        assert_eq!(
            suggested("excuse me is this sit taken", &expected),
            Some(Rating::Hard)
        );
        assert_eq!(
            suggested("is this place free", &expected),
            Some(Rating::Again)
        );
        assert_eq!(suggested("", &expected), Some(Rating::Again));
        assert_eq!(
            suggested("Hi", &["Hey"]),
            Some(Rating::Again),
            "short words have no slack"
        );
    }

    #[test]
    fn a_dash_of_the_card_stays_in_the_diff() {
        let check = check_answer(
            "sorry I was speaking chinese your chinese is good",
            &accepted(&["Sorry — I heard you speaking Chinese. Your Chinese is really good!"]),
            Judging::Exact,
        );
        let words: Vec<&str> = check
            .diff
            .iter()
            .filter_map(|w| match w {
                DiffWord::Same(w) | DiffWord::Missing(w) => Some(w.as_str()),
                DiffWord::Extra(_) => None,
            })
            .collect();
        assert_eq!(
            words.join(" "),
            "Sorry — I heard you speaking Chinese. Your Chinese is really good!"
        );
    }

    #[test]
    fn spaces_inside_words_do_not_count() {
        assert_eq!(
            suggested(
                "I work at a small start-up",
                &["I work at a small startup."]
            ),
            Some(Rating::Good)
        );
        let check = check_answer(
            "a state owned enterprise",
            &accepted(&["A state-owned enterprise."]),
            Judging::Exact,
        );
        assert_eq!(check.suggested, Some(Rating::Good));
        assert!(check.diff.iter().all(|w| matches!(w, DiffWord::Same(_))));
    }

    #[test]
    fn an_opener_or_a_courtesy_left_out_is_a_slip_and_one_added_is_fine() {
        assert_eq!(
            suggested("is this seat taken", &["Excuse me, is this seat taken?"]),
            Some(Rating::Hard)
        );
        assert_eq!(
            suggested("whats up", &["Hey, what's up?"]),
            Some(Rating::Hard)
        );
        assert_eq!(
            suggested("a latte", &["A latte, please."]),
            Some(Rating::Hard)
        );
        assert_eq!(
            suggested("Excuse me, is this seat taken?", &["Is this seat taken?"]),
            Some(Rating::Good)
        );
        assert_eq!(
            suggested("hey", &["Hey, what's up?"]),
            Some(Rating::Again),
            "an opener alone is not the phrase"
        );
        let check = check_answer(
            "is this seat taken",
            &accepted(&["Excuse me, is this seat taken?"]),
            Judging::Exact,
        );
        assert_eq!(
            check.diff[..2],
            [
                DiffWord::Missing("Excuse".into()),
                DiffWord::Missing("me,".into())
            ]
        );
    }

    #[test]
    fn a_reply_of_ones_own_is_graded_by_the_learner_unless_it_matches_a_model() {
        let replies = accepted(&[
            "I'm doing great, thanks. And you?",
            "Pretty good. How about you?",
        ]);
        let own = check_answer("I'm good, thanks. And you?", &replies, Judging::OwnWords);
        assert_eq!(own.suggested, None, "a natural reply is not wrong");
        assert!(own.diff.is_empty(), "and it gets no red diff");
        let model = check_answer("pretty good, how about you", &replies, Judging::OwnWords);
        assert_eq!(model.suggested, Some(Rating::Good));
        assert_eq!(model.closest, "Pretty good. How about you?");
    }

    #[test]
    fn the_diff_is_in_the_cards_own_words_and_capitals() {
        let check = check_answer(
            "nice meet you too",
            &accepted(&["Nice to meet you."]),
            Judging::Exact,
        );
        assert_eq!(
            check.diff,
            [
                DiffWord::Same("Nice".into()),
                DiffWord::Missing("to".into()),
                DiffWord::Same("meet".into()),
                DiffWord::Same("you.".into()),
                DiffWord::Extra("too".into()),
            ]
        );
        assert_eq!(check.closest, "Nice to meet you.");
        // A contraction typed in full matches the card's contraction, shown as the card has it.
        let check = check_answer(
            "I am in Finance",
            &accepted(&["I'm in finance."]),
            Judging::Exact,
        );
        assert_eq!(check.suggested, Some(Rating::Good));
        assert_eq!(
            check.diff,
            [
                DiffWord::Same("I'm".into()),
                DiffWord::Same("in".into()),
                DiffWord::Same("finance.".into()),
            ]
        );
    }

    /// With nothing typed the diff is against the card's own answer, not a shorter way to say it.
    #[test]
    fn nothing_typed_is_compared_with_the_cards_own_answer() {
        let accepted = vec![
            "Do you mind if I sit here?".to_string(),
            "Mind if I sit here?".to_string(),
        ];
        let check = check_answer("", &accepted, Judging::Exact);
        assert_eq!(check.closest, "Do you mind if I sit here?");
        assert_eq!(check.suggested, Some(Rating::Again));
    }

    /// `thanks` and `thank you` say the same wherever they stand, so either is right.
    #[test]
    fn thanks_and_thank_you_are_the_same_answer() {
        let card = vec!["I'm good, thanks. And you?".to_string()];
        let check = check_answer("I am good, thank you. And you?", &card, Judging::Exact);
        assert_eq!(check.suggested, Some(Rating::Good), "{check:?}");
        let same: Vec<_> = check
            .diff
            .iter()
            .map(|w| match w {
                DiffWord::Same(w) => w.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            same,
            ["I'm", "good,", "thanks.", "And", "you?"],
            "in the card's words, once each"
        );
        let card = vec!["Thank you for coming!".to_string()];
        let check = check_answer("thanks for coming", &card, Judging::Exact);
        assert_eq!(check.suggested, Some(Rating::Good), "{check:?}");
        assert!(
            check.diff.iter().all(|w| matches!(w, DiffWord::Same(_))),
            "{:?}",
            check.diff
        );
    }
}
