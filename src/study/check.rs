//! Checking a typed answer against the answers that count for the variant shown
//! ([`Prompt::accepted`](super::Prompt)): compared in the normal form of [`normalize`], so case,
//! punctuation, apostrophes, contractions, full-width input and British or American spelling do
//! not count. An exact match suggests Good; at most one edit per 8 characters (one at least, from 8
//! characters up) Hard; anything else Again — except where the answer is the learner's own
//! ([`Judging::OwnWords`]: a reply), where no match means the learner grades themself against the
//! model answers.
//!
//! The word diff is in the card's own words and capitals: the normal form decides what matches,
//! and each word is shown as the card (or the learner) wrote it.

use super::normalize::{Normalized, normalize_words};
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

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
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
        } else if j < e.len() && (i == t.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
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
    let mut shown_expected = vec![false; expected.words.len()];
    let mut shown_typed = vec![false; typed.words.len()];
    let mut diff = Vec::new();
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
    let typed_norm = normalize_words(typed);
    let typed_joined = typed_norm.joined();
    let best = accepted
        .iter()
        .map(|answer| {
            let norm = normalize_words(answer);
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
    let length = norm.joined().chars().count();
    let slack = if length >= 8 { (length / 8).max(1) } else { 0 };
    let suggested = if edits == 0 {
        Some(Rating::Good)
    } else if edits <= slack {
        Some(Rating::Hard)
    } else {
        match judging {
            Judging::Exact => Some(Rating::Again),
            Judging::OwnWords => None,
        }
    };
    let diff = match suggested {
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
                DiffWord::Missing("coat!".into()),
                DiffWord::Extra("shoes!".into()),
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
}
