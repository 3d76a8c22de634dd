//! The built-in decks, compiled into the binary from `data/decks/`, so the app runs from any folder.

use super::{Deck, DeckError, parse_str};

/// File name (without `.ron`) and text of each built-in deck, in the order the app lists them.
pub const BUILT_IN: [(&str, &str); 5] = [
    ("greetings", include_str!("../../data/decks/greetings.ron")),
    (
        "compliments",
        include_str!("../../data/decks/compliments.ron"),
    ),
    (
        "self_introduction",
        include_str!("../../data/decks/self_introduction.ron"),
    ),
    ("jobs", include_str!("../../data/decks/jobs.ron")),
    (
        "china_questions",
        include_str!("../../data/decks/china_questions.ron"),
    ),
];

/// Parses every built-in deck. A built-in deck that fails is a bug the tests catch; it is still
/// reported like a broken user deck rather than stopping the app.
pub fn built_in_decks() -> Vec<(&'static str, Result<Deck, Vec<DeckError>>)> {
    BUILT_IN
        .iter()
        .map(|(name, text)| (*name, parse_str(text, &format!("data/decks/{name}.ron"))))
        .collect()
}
