//! Writing a deck as pretty RON that parses back to the same deck.

use ron::ser::PrettyConfig;

use super::Deck;

/// The deck as pretty RON: 4-space indents, struct names, Chinese kept as written.
pub fn to_ron_string(deck: &Deck) -> String {
    let config = PrettyConfig::new()
        .indentor("    ")
        .struct_names(true)
        .separate_tuple_members(true);
    let mut text = ron::ser::to_string_pretty(deck, config)
        .unwrap_or_else(|e| format!("// talkdeck could not write this deck: {e}\n"));
    text.push('\n');
    text
}
