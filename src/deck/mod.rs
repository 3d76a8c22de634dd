//! Phrase decks: the card model, the RON deck format with validation that reports positions, the
//! built-in decks compiled into the binary, the user's deck folder (loaded, and loaded again when a
//! file changes outside the app), saving a deck edited in the app, drafts of decks being edited,
//! importing a deck file or an Anki plain-text export ([`import`], preview then write) and export.
//!
//! What it does not do: scheduling (`srs`), progress (`store`), or choosing where files live (the
//! caller passes the folders). Loading only reads: a file that fails to parse is reported and
//! skipped, never rewritten, moved or deleted. The writes over a learner's deck file are
//! [`save_deck`], when the learner saves in the editor, and [`save_file`], when an import replaces
//! a deck ([`import::write`]): both refuse a file changed since it was loaded and keep the previous
//! version as `<file>.bak`.

mod builtin;
mod draft;
mod export;
mod fast;
pub mod import;
mod library;
mod model;
mod parse;
mod save;
mod template;
mod tsv;

pub use builtin::{BUILT_IN, built_in_decks};
pub use draft::{Draft, Drafts};
pub use export::to_ron_string;
pub use library::{Library, LoadFailure, LoadedFile, Reloaded, load_file, load_user_decks};
pub use model::{
    Card, Deck, Direction, FORMAT_VERSION, Item, ItemId, OLDEST_FORMAT, Source, Variant,
};
pub use parse::{
    AUDIO_EXTENSIONS, DeckError, IdKind, MAX_CARDS, MAX_FILE_BYTES, MAX_STRING_CHARS, MAX_VARIANTS,
    Problem, Said, audio_problem, parse_bytes, parse_str, problems, reading_key, warnings,
};
pub use save::{
    ContentHash, SaveError, Saved, backup_path, comments_inside, content_hash, current_hash,
    new_deck_path, save_deck, save_file,
};
pub use template::{Part, Template, TemplateError};
pub use tsv::{TsvImport, from_tsv, slug, slug_or};

/// Whether `id` is a valid deck, card or tag id: 1 to 64 of `a-z 0-9 - _`. Ids become file names,
/// so nothing else is allowed (no dots, slashes or capitals).
pub fn is_valid_id(id: &str) -> bool {
    model::is_id_part(id.as_bytes())
}
