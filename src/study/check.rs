//! Checking a typed answer. Case, whitespace, punctuation and the style of apostrophes do not count;
//! contractions equal their long forms (`I'm` = `I am`, `how's` = `how is`); any accepted answer —
//! every template variant, or every reply — may be the one typed. An exact match suggests Good, at
//! most one edit per 8 characters Hard, anything else Again. A word-level diff against the closest
//! accepted answer is returned for display.

use crate::srs::Rating;

/// How one word of the diff compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffWord {
    /// In both.
    Same(String),
    /// Typed but not expected.
    Extra(String),
    /// Expected but not typed.
    Missing(String),
}

/// The verdict on a typed answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub suggested: Rating,
    /// The accepted answer closest to what was typed.
    pub closest: String,
    /// Character edits between the normalised answer and `closest`.
    pub edits: usize,
    pub diff: Vec<DiffWord>,
}

const CONTRACTIONS: [(&str, &str); 34] = [
    ("i'm", "i am"),
    ("you're", "you are"),
    ("we're", "we are"),
    ("they're", "they are"),
    ("he's", "he is"),
    ("she's", "she is"),
    ("it's", "it is"),
    ("that's", "that is"),
    ("what's", "what is"),
    ("how's", "how is"),
    ("where's", "where is"),
    ("who's", "who is"),
    ("there's", "there is"),
    ("here's", "here is"),
    ("let's", "let us"),
    ("i've", "i have"),
    ("you've", "you have"),
    ("we've", "we have"),
    ("they've", "they have"),
    ("i'll", "i will"),
    ("you'll", "you will"),
    ("we'll", "we will"),
    ("i'd", "i would"),
    ("you'd", "you would"),
    ("don't", "do not"),
    ("doesn't", "does not"),
    ("didn't", "did not"),
    ("isn't", "is not"),
    ("aren't", "are not"),
    ("wasn't", "was not"),
    ("can't", "cannot"),
    ("won't", "will not"),
    ("haven't", "have not"),
    ("couldn't", "could not"),
];

/// Lower case, one kind of apostrophe, punctuation dropped, contractions expanded, single spaces.
pub fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '’' | '‘' | '`' | '´' => '\'',
            c => c,
        };
        if c.is_alphanumeric() || c == '\'' {
            cleaned.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '/' {
            cleaned.push(' ');
        }
        // Other punctuation (.,!?;:"…—) is dropped.
    }
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len() + 4);
    for word in words {
        match CONTRACTIONS.iter().find(|(short, _)| *short == word) {
            Some((_, long)) => out.extend(long.split(' ')),
            None => out.push(word.trim_matches('\'')),
        }
    }
    out.retain(|w| !w.is_empty());
    out.join(" ")
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

/// Word diff of `typed` against `expected` (both normalised), by longest common subsequence.
fn word_diff(typed: &str, expected: &str) -> Vec<DiffWord> {
    let t: Vec<&str> = typed.split(' ').filter(|w| !w.is_empty()).collect();
    let e: Vec<&str> = expected.split(' ').filter(|w| !w.is_empty()).collect();
    let mut lcs = vec![vec![0usize; e.len() + 1]; t.len() + 1];
    for i in (0..t.len()).rev() {
        for j in (0..e.len()).rev() {
            lcs[i][j] = if t[i] == e[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut diff = Vec::new();
    while i < t.len() || j < e.len() {
        if i < t.len() && j < e.len() && t[i] == e[j] {
            diff.push(DiffWord::Same(t[i].to_string()));
            i += 1;
            j += 1;
        } else if j < e.len() && (i == t.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            diff.push(DiffWord::Missing(e[j].to_string()));
            j += 1;
        } else {
            diff.push(DiffWord::Extra(t[i].to_string()));
            i += 1;
        }
    }
    diff
}

/// Checks `typed` against every accepted answer and suggests a rating.
pub fn check_answer(typed: &str, accepted: &[String]) -> Check {
    let typed_norm = normalize(typed);
    let best = accepted
        .iter()
        .map(|answer| {
            let norm = normalize(answer);
            (edit_distance(&typed_norm, &norm), norm, answer)
        })
        .min_by_key(|(edits, _, _)| *edits);
    let Some((edits, norm, closest)) = best else {
        return Check {
            suggested: Rating::Again,
            closest: String::new(),
            edits: typed_norm.chars().count(),
            diff: Vec::new(),
        };
    };
    let allowed = norm.chars().count() / 8;
    let suggested = if edits == 0 {
        Rating::Good
    } else if edits <= allowed.max(if norm.chars().count() >= 8 { 1 } else { 0 }) {
        Rating::Hard
    } else {
        Rating::Again
    };
    Check {
        suggested,
        closest: closest.clone(),
        edits,
        diff: word_diff(&typed_norm, &norm),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn case_space_punctuation_apostrophes_and_contractions_do_not_count() {
        let expected = accepted(&["How's it going?"]);
        for typed in [
            "how's it going",
            "How’s  it going!",
            "HOW IS IT GOING",
            "how is it going?",
        ] {
            assert_eq!(
                check_answer(typed, &expected).suggested,
                Rating::Good,
                "{typed}"
            );
        }
        assert_eq!(
            normalize("I'm doing great, thanks. And you?"),
            "i am doing great thanks and you"
        );
        assert_eq!(
            normalize("Don't — it's a well-known café!"),
            "do not it is a well known café"
        );
    }

    #[test]
    fn any_template_variant_or_reply_is_accepted() {
        let variants = accepted(&[
            "Wow, I really love your skirt!",
            "Wow, I really love your coat!",
        ]);
        assert_eq!(
            check_answer("wow i really love your coat", &variants).suggested,
            Rating::Good
        );
        let check = check_answer("wow i really love your shoes", &variants);
        assert_ne!(check.suggested, Rating::Good);
    }

    #[test]
    fn small_slips_suggest_hard_and_real_mistakes_again() {
        let expected = accepted(&["Excuse me, is this seat taken?"]);
        // 28 normalised characters: up to 3 edits are slips.
        assert_eq!(
            check_answer("excuse me is this seat takn", &expected).suggested,
            Rating::Hard
        );
        assert_eq!(
            check_answer("excuse me is this sit taken", &expected).suggested,
            Rating::Hard
        );
        assert_eq!(
            check_answer("is this place free", &expected).suggested,
            Rating::Again
        );
        assert_eq!(check_answer("", &expected).suggested, Rating::Again);
        assert_eq!(
            check_answer("Hi", &accepted(&["Hey"])).suggested,
            Rating::Again,
            "short words have no slack"
        );
    }

    #[test]
    fn the_diff_shows_missing_and_extra_words() {
        let check = check_answer("nice meet you too", &accepted(&["Nice to meet you."]));
        assert_eq!(
            check.diff,
            [
                DiffWord::Same("nice".into()),
                DiffWord::Missing("to".into()),
                DiffWord::Same("meet".into()),
                DiffWord::Same("you".into()),
                DiffWord::Extra("too".into()),
            ]
        );
        assert_eq!(check.closest, "Nice to meet you.");
    }
}
