//! Any bytes: the deck parser and the Anki importer return a result, never panic; a deck that
//! parses exports to text that parses back to the same deck; and the same text saved by a Windows
//! editor (a byte-order mark, CRLF line ends) reads exactly as it does without them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkdeck::deck;

/// `text` with a byte-order mark and CRLF line ends.
fn as_windows_writes_it(text: &str) -> String {
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

fuzz_target!(|data: &[u8]| {
    let parsed = deck::parse_bytes(data, "fuzz.ron");
    if let Ok(parsed) = &parsed {
        let text = deck::to_ron_string(parsed);
        assert_eq!(deck::parse_str(&text, "export").as_ref().ok(), Some(parsed));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let plain = !text.contains('\r') && !text.starts_with('\u{feff}');
    if plain {
        let windows = as_windows_writes_it(text);
        assert_eq!(deck::parse_str(&windows, "fuzz.ron"), parsed);
    }
    let imported = deck::from_tsv(text, "fuzz.txt", None, None);
    if plain {
        let windows = as_windows_writes_it(text);
        assert_eq!(deck::from_tsv(&windows, "fuzz.txt", None, None), imported);
    }
});
