//! Any bytes: the deck parser and the Anki importer return a result, never panic; and a deck that
//! parses exports to text that parses back to the same deck.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkdeck::deck;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = deck::parse_bytes(data, "fuzz.ron") {
        let text = deck::to_ron_string(&parsed);
        assert_eq!(deck::parse_str(&text, "export").ok(), Some(parsed));
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = deck::from_tsv(text, "fuzz.txt", None, None);
    }
});
