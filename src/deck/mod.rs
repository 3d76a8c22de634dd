//! Phrase decks: the card model, the RON deck format with validation that reports positions, the
//! built-in decks compiled into the binary, the user's deck folder, Anki plain-text import and export.
//!
//! What it does not do: scheduling (`srs`), progress (`store`), or writing files — loading only
//! reads, and the command line writes through `store`'s atomic writes. A file that fails to parse is
//! reported and skipped, never rewritten, moved or deleted.

mod builtin;
mod export;
mod fast;
mod library;
mod model;
mod parse;
mod save;
mod template;
mod tsv;

pub use builtin::{BUILT_IN, built_in_decks};
pub use export::to_ron_string;
pub use library::{Library, LoadFailure, LoadedFile, load_file, load_user_decks};
pub use model::{
    Card, Deck, Direction, FORMAT_VERSION, Item, ItemId, OLDEST_FORMAT, Source, Variant,
};
pub use parse::{
    DeckError, MAX_CARDS, MAX_FILE_BYTES, MAX_STRING_CHARS, MAX_VARIANTS, Problem, parse_bytes,
    parse_str, problems, reading_key, warnings,
};
pub use save::{
    ContentHash, Reloaded, SaveError, Saved, comments_inside, content_hash, new_deck_path,
    save_deck,
};
pub use template::{Part, Template, TemplateError};
pub use tsv::{TsvImport, from_tsv, slug};

/// Whether `id` is a valid deck, card or tag id: 1 to 64 of `a-z 0-9 - _`. Ids become file names,
/// so nothing else is allowed (no dots, slashes or capitals).
pub fn is_valid_id(id: &str) -> bool {
    model::is_id_part(id.as_bytes())
}
