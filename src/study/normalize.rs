//! What counts when an answer is compared: the words, not how they are typed.
//!
//! Both the learner's text and the card's are turned into the same normal form, word by word:
//! - full-width letters, digits and punctuation from a Chinese input method (`ｈｅｌｌｏ，`) become
//!   their ASCII forms, and the ideographic space a space;
//! - case, punctuation and the kind of apostrophe (`'` `’` `‘` `` ` `` `´`) do not count;
//! - contractions equal their long forms (`I'm` = `I am`, `can't` = `can not` = `cannot`), and a
//!   contraction typed without its apostrophe is still one (`whats`, `im`, `dont`, `cant`) —
//!   except the few that are also common words (`were`, `well`, `ill`, `id`, `hell`, `shell`,
//!   `shed`, `wed`), which stay words;
//! - British and American spellings are the same word ([`spelling`](super::spelling)).
//!
//! Each normal-form token remembers which word of the original text it came from, so a diff can be
//! shown in the card's own words.

use super::spelling;

/// One token of the normal form and the index of the original word it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub text: String,
    pub word: usize,
}

/// A text as words (as written, split at whitespace) and its normal-form tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Normalized<'a> {
    pub words: Vec<&'a str>,
    pub tokens: Vec<Token>,
}

impl Normalized<'_> {
    /// The normal form as one string, tokens joined by single spaces.
    pub fn joined(&self) -> String {
        let mut out = String::new();
        for (i, token) in self.tokens.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&token.text);
        }
        out
    }
}

/// Contractions and their long forms. Forms without the apostrophe are matched too, unless listed
/// in [`ALSO_WORDS`].
const CONTRACTIONS: &[(&str, &str)] = &[
    ("i'm", "i am"),
    ("i've", "i have"),
    ("i'll", "i will"),
    ("i'd", "i would"),
    ("you're", "you are"),
    ("you've", "you have"),
    ("you'll", "you will"),
    ("you'd", "you would"),
    ("he's", "he is"),
    ("he'll", "he will"),
    ("he'd", "he would"),
    ("she's", "she is"),
    ("she'll", "she will"),
    ("she'd", "she would"),
    ("it's", "it is"),
    ("it'll", "it will"),
    ("we're", "we are"),
    ("we've", "we have"),
    ("we'll", "we will"),
    ("we'd", "we would"),
    ("they're", "they are"),
    ("they've", "they have"),
    ("they'll", "they will"),
    ("they'd", "they would"),
    ("that's", "that is"),
    ("that'll", "that will"),
    ("what's", "what is"),
    ("what're", "what are"),
    ("how's", "how is"),
    ("how're", "how are"),
    ("where's", "where is"),
    ("who's", "who is"),
    ("when's", "when is"),
    ("why's", "why is"),
    ("there's", "there is"),
    ("here's", "here is"),
    ("let's", "let us"),
    ("where'd", "where did"),
    ("how'd", "how did"),
    ("what'd", "what did"),
    ("why'd", "why did"),
    ("when'd", "when did"),
    ("y'all", "you all"),
    ("don't", "do not"),
    ("doesn't", "does not"),
    ("didn't", "did not"),
    ("isn't", "is not"),
    ("aren't", "are not"),
    ("wasn't", "was not"),
    ("weren't", "were not"),
    ("can't", "can not"),
    ("cannot", "can not"),
    ("couldn't", "could not"),
    ("won't", "will not"),
    ("wouldn't", "would not"),
    ("shouldn't", "should not"),
    ("haven't", "have not"),
    ("hasn't", "has not"),
    ("hadn't", "had not"),
    ("mustn't", "must not"),
    ("needn't", "need not"),
    ("ain't", "am not"),
];

/// Contractions that, without their apostrophe, are ordinary words: `were` is not `we're`.
const ALSO_WORDS: &[&str] = &["were", "well", "ill", "id", "hell", "shell", "shed", "wed"];

/// The long form of a contraction, typed with or without its apostrophe.
fn expand(word: &str) -> Option<std::borrow::Cow<'static, str>> {
    use std::borrow::Cow;
    if let Some((_, long)) = CONTRACTIONS.iter().find(|(short, _)| *short == word) {
        return Some(Cow::Borrowed(long));
    }
    // Any other `X's` is `X is` (`my name's` = `my name is`). A possessive is read the same way
    // on both sides, so it still matches itself.
    if let Some(stem) = word
        .strip_suffix("'s")
        .filter(|s| !s.is_empty() && !s.contains('\''))
    {
        return Some(Cow::Owned(format!("{stem} is")));
    }
    if word.contains('\'') || ALSO_WORDS.contains(&word) {
        return None;
    }
    CONTRACTIONS
        .iter()
        .find(|(short, _)| short.len() == word.len() + 1 && short.replace('\'', "") == word)
        .map(|(_, long)| Cow::Borrowed(*long))
}

/// One character as it counts: full-width forms folded to ASCII, every apostrophe-like mark to
/// `'`, anything else that is not a letter or digit — spaces, punctuation, joiners — to a space
/// between words (`hello,nice` typed without a space is two words).
fn fold(c: char) -> char {
    let c = match c {
        // Full-width ASCII (a Chinese input method's letters, digits and punctuation).
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '’' | '‘' | '`' | '´' | 'ʼ' | '′' => '\'',
        c => c,
    };
    if c.is_alphanumeric() || c == '\'' {
        c
    } else {
        ' '
    }
}

/// The normal form of `text`, with each token's original word.
pub(crate) fn normalize_words(text: &str) -> Normalized<'_> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut tokens: Vec<Token> = Vec::with_capacity(words.len() + 4);
    for (index, word) in words.iter().enumerate() {
        let mut folded = String::with_capacity(word.len());
        for c in word.chars().map(fold) {
            folded.extend(c.to_lowercase());
        }
        for piece in folded.split(' ') {
            let piece = piece.trim_matches('\'');
            if piece.is_empty() {
                continue;
            }
            let spelled =
                |t: &str| spelling::american(t).map_or_else(|| t.to_string(), str::to_string);
            match expand(piece) {
                Some(long) => tokens.extend(long.split(' ').map(|t| Token {
                    text: spelled(t),
                    word: index,
                })),
                None => tokens.push(Token {
                    text: spelled(piece),
                    word: index,
                }),
            }
        }
    }
    Normalized { words, tokens }
}

/// The normal form of `text` as one string: `"I'm  in the CENTRE!"` → `"i am in the center"`.
pub fn normalize(text: &str) -> String {
    normalize_words(text).joined()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_and_apostrophes_do_not_count() {
        assert_eq!(
            normalize("I'm doing great, thanks. And you?"),
            "i am doing great thanks and you"
        );
        assert_eq!(
            normalize("Don't — it's a well-known café!"),
            "do not it is a well known café"
        );
        assert_eq!(normalize("How’s it going?"), normalize("how's it going"));
        assert_eq!(normalize("my parents' house"), "my parents house");
    }

    #[test]
    fn contractions_equal_their_long_forms_with_or_without_the_apostrophe() {
        for (a, b) in [
            ("What's new with you?", "whats new with you"),
            ("I'm good", "im good"),
            ("I don't know", "i dont know"),
            ("I can't complain", "I can not complain"),
            ("I can't complain", "I cannot complain"),
            ("I cannot complain", "i cant complain"),
            ("It's fine", "its fine"),
            ("Let's go!", "lets go"),
            ("I won't", "i wont"),
            ("They're here", "theyre here"),
            ("I'd love to", "I would love to"),
            ("Where'd you buy it?", "where did you buy it"),
            ("My name's Chris.", "my name is chris"),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} / {b}");
        }
        for (a, b) in [
            ("We're fine", "were fine"),
            ("We'll see", "well see"),
            ("I'll go", "ill go"),
        ] {
            assert_ne!(
                normalize(a),
                normalize(b),
                "{b:?} is a word of its own, not a contraction"
            );
        }
    }

    #[test]
    fn full_width_text_from_a_chinese_input_method_is_ascii() {
        assert_eq!(
            normalize("ｈｅｌｌｏ，ｎｉｃｅ　ｔｏ　ｍｅｅｔ　ｙｏｕ！"),
            "hello nice to meet you"
        );
        assert_eq!(normalize("Ｉ＇ｍ ｆｉｎｅ"), "i am fine");
        assert_eq!(normalize("Ｉ’ｍ fine。"), "i am fine");
    }

    #[test]
    fn british_and_american_spellings_are_one_word() {
        assert_eq!(
            normalize("What's your favourite colour?"),
            normalize("What's your favorite color?")
        );
        assert_eq!(
            normalize("I travelled to the centre"),
            "i traveled to the center"
        );
        assert_eq!(normalize("four hours"), "four hours", "no -our rule");
    }

    #[test]
    fn each_token_knows_its_word() {
        let n = normalize_words("I'm in finance.");
        assert_eq!(n.words, ["I'm", "in", "finance."]);
        let words: Vec<(String, usize)> =
            n.tokens.iter().map(|t| (t.text.clone(), t.word)).collect();
        assert_eq!(
            words,
            [
                ("i".into(), 0),
                ("am".into(), 0),
                ("in".into(), 1),
                ("finance".into(), 2)
            ]
        );
        let dash = normalize_words("Fine — thanks");
        assert_eq!(dash.tokens.len(), 2, "a dash alone is no word");
    }
}
