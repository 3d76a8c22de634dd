//! The deck editor: one deck of the learner's own, its fields and its cards, edited in a working
//! copy that is written to the deck file only when the learner saves ([`Editor::save`]). Every
//! change is checked at once by the deck checker ([`crate::deck::problems`]); Save is off while
//! there are problems, and each is shown beside its field.
//!
//! [`Editor`] holds the state and the rules without egui, so tests drive it directly; `draw` shows
//! it.

mod draw;
mod form;
mod words;

pub use draw::{EditorInput, problem_line, show};
pub use form::{CardForm, DeckForm, new_card_id, new_deck_id, variants};
pub use words::problem_text;

use std::path::{Path, PathBuf};

use crate::deck::{ContentHash, Deck, Problem, SaveError, Saved, problems, save_deck};

/// What the editor asks the learner before it goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Delete card `index`.
    DeleteCard(usize),
    /// The file has this many comments inside the deck, which a save would drop.
    LoseComments(usize),
    /// The file changed on disk since it was loaded.
    Overwrite,
}

/// One deck being edited.
#[derive(Debug)]
pub struct Editor {
    /// The deck file; for a deck not saved yet, where it will be written.
    pub path: PathBuf,
    /// What the file held when it was loaded or last saved; `None` for a new file.
    pub base: Option<ContentHash>,
    /// The deck as the file holds it (`None`: not saved yet), to tell whether anything changed.
    saved: Option<Deck>,
    /// The working copy.
    deck: Deck,
    pub deck_form: DeckForm,
    /// The card in the form.
    open: Option<usize>,
    pub form: CardForm,
    /// For each card, whether it was added since the last save: its id then follows its English.
    fresh: Vec<bool>,
    problems: Vec<Problem>,
    /// What to ask before going on.
    pub confirm: Option<Confirm>,
    /// The learner agreed to drop the file's inner comments.
    comments_dropped: bool,
    /// The outcome of the last save, shown beside the button.
    pub status: Option<Result<(), String>>,
}

impl Editor {
    /// Edits the deck in `path` as loaded (`base` is what the file held), with `card` open.
    pub fn open(
        path: PathBuf,
        deck: Deck,
        base: Option<ContentHash>,
        card: Option<&str>,
    ) -> Editor {
        let open = card
            .and_then(|id| deck.cards.iter().position(|c| c.id == id))
            .or(if deck.cards.is_empty() { None } else { Some(0) });
        let mut editor = Editor {
            path,
            base,
            fresh: vec![false; deck.cards.len()],
            deck_form: DeckForm::of(&deck),
            saved: Some(deck.clone()),
            deck,
            open: None,
            form: CardForm::default(),
            problems: Vec::new(),
            confirm: None,
            comments_dropped: false,
            status: None,
        };
        editor.select(open);
        editor.check();
        editor
    }

    /// A new deck from its fields, to be saved in `decks_dir`, with an empty first card open.
    pub fn new_deck(decks_dir: &Path, form: DeckForm) -> Editor {
        let mut deck = Deck::new("", "", Vec::new());
        form.apply(&mut deck);
        let mut editor = Editor::open(
            crate::deck::new_deck_path(decks_dir, &deck.id),
            deck,
            None,
            None,
        );
        editor.saved = None;
        editor.deck_form = form;
        editor.add_card();
        editor
    }

    /// Takes up a draft: `saved` is the deck as its file holds it now (`None`: the deck was never
    /// saved), `draft` the working copy as it was when the draft was written.
    pub fn restore(saved: Option<Deck>, draft: crate::deck::Draft, decks_dir: &Path) -> Editor {
        let path = draft
            .file
            .clone()
            .unwrap_or_else(|| crate::deck::new_deck_path(decks_dir, &draft.deck.id));
        let base = draft.base.map(ContentHash);
        let mut editor = match saved {
            Some(deck) => Editor::open(path, deck, base, None),
            None => {
                let mut editor = Editor::open(path, draft.deck.clone(), None, None);
                editor.saved = None;
                editor
            }
        };
        // Cards the file does not have yet are new: their ids still follow their English.
        let known: std::collections::HashSet<&str> = editor
            .saved
            .iter()
            .flat_map(|d| d.cards.iter().map(|c| c.id.as_str()))
            .collect();
        editor.fresh = draft
            .deck
            .cards
            .iter()
            .map(|c| !known.contains(c.id.as_str()))
            .collect();
        editor.deck_form = DeckForm::of(&draft.deck);
        editor.deck = draft.deck;
        let open = draft
            .card
            .as_deref()
            .and_then(|id| editor.deck.cards.iter().position(|c| c.id == id))
            .or((!editor.deck.cards.is_empty()).then_some(0));
        editor.select(open);
        editor.check();
        editor
    }

    /// The working copy as a draft, to be kept aside while it is unsaved.
    pub fn draft(&self, at_ms: i64) -> crate::deck::Draft {
        crate::deck::Draft {
            file: (!self.is_new()).then(|| self.path.clone()),
            base: self.base.map(|h| h.0),
            deck: self.deck.clone(),
            card: self.open.map(|i| self.deck.cards[i].id.clone()),
            at: at_ms,
        }
    }

    /// The key its drafts are kept under: the deck file's path.
    pub fn draft_key(&self) -> String {
        self.path.display().to_string()
    }

    /// The working copy, as it would be saved.
    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    /// Whether the deck has not been saved yet (its id may still change).
    pub fn is_new(&self) -> bool {
        self.saved.is_none()
    }

    /// Whether there is anything to save.
    pub fn is_dirty(&self) -> bool {
        self.saved.as_ref() != Some(&self.deck)
    }

    /// The card in the form.
    pub fn open_card(&self) -> Option<usize> {
        self.open
    }

    /// Every problem, as the checker finds it.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The problems with one field of a card (`None`: of the deck).
    pub fn problems_for(
        &self,
        card: Option<usize>,
        field: &str,
    ) -> impl Iterator<Item = &Problem> + '_ {
        let field = field.to_owned();
        self.problems
            .iter()
            .filter(move |p| p.card == card && p.field == field)
    }

    /// [`Editor::problems_for`], in the checker's words.
    pub fn problems_with(
        &self,
        card: Option<usize>,
        field: &str,
    ) -> impl Iterator<Item = &str> + '_ {
        self.problems_for(card, field).map(|p| p.message.as_str())
    }

    /// Whether the deck's own fields differ from the file's (always, for a deck not saved yet).
    pub fn deck_fields_changed(&self) -> bool {
        self.saved
            .as_ref()
            .is_none_or(|saved| DeckForm::of(saved) != DeckForm::of(&self.deck))
    }

    /// Whether card `index` was added since the last save and nothing is typed in it.
    pub fn is_blank(&self, index: usize) -> bool {
        self.fresh.get(index) == Some(&true)
            && CardForm::of(&self.deck.cards[index]) == CardForm::default()
    }

    /// Whether card `index` has a problem.
    pub fn card_has_problems(&self, index: usize) -> bool {
        self.problems.iter().any(|p| p.card == Some(index))
    }

    /// Whether Save can be pressed: something changed and nothing is wrong.
    pub fn can_save(&self) -> bool {
        self.is_dirty() && self.problems.is_empty()
    }

    /// Puts card `index` in the form.
    pub fn select(&mut self, index: Option<usize>) {
        self.open = index.filter(|&i| i < self.deck.cards.len());
        self.form = self
            .open
            .map(|i| CardForm::of(&self.deck.cards[i]))
            .unwrap_or_default();
    }

    /// Adds an empty card at the end and opens it.
    pub fn add_card(&mut self) {
        let id = new_card_id(&self.deck, "", None);
        self.deck.cards.push(CardForm::default().to_card(id));
        self.fresh.push(true);
        self.select(Some(self.deck.cards.len() - 1));
        self.check();
    }

    /// Adds `card` as typed in the quick-add form (its id made from its English) and opens it.
    pub fn add(&mut self, form: &CardForm) {
        let id = new_card_id(&self.deck, &form.en, None);
        self.deck.cards.push(form.to_card(id));
        self.fresh.push(true);
        self.select(Some(self.deck.cards.len() - 1));
        self.check();
    }

    /// Removes card `index` from the working copy (the file changes when saved; the card's
    /// answers stay in the journal).
    pub fn delete_card(&mut self, index: usize) {
        if index < self.deck.cards.len() {
            let card = self.deck.cards.remove(index);
            self.fresh.remove(index);
            crate::debug!(name: "talkdeck.editor", "card {} removed from the working copy", card.id);
            let next = index.min(self.deck.cards.len().saturating_sub(1));
            self.select((!self.deck.cards.is_empty()).then_some(next));
            self.check();
        }
    }

    /// Takes the form's fields into the working copy and checks it; call after any change to
    /// [`Editor::form`] or [`Editor::deck_form`].
    pub fn changed(&mut self) {
        if let Some(index) = self.open {
            let id = if self.fresh[index] {
                new_card_id(&self.deck, &self.form.en, Some(index))
            } else {
                self.deck.cards[index].id.clone()
            };
            self.deck.cards[index] = self.form.to_card(id);
        }
        // The id was chosen in the New deck form and progress hangs on it: it stays.
        let id = std::mem::take(&mut self.deck.id);
        self.deck_form.apply(&mut self.deck);
        self.deck.id = id;
        self.status = None;
        self.check();
    }

    /// Checks the working copy. A card that needs format 2 (`also`, a reply with choices) moves the
    /// deck to it: format 1 decks read the same in format 2.
    fn check(&mut self) {
        if self.deck.needs_format_2() {
            self.deck.format = self.deck.format.max(2);
        }
        self.problems = problems(&self.deck);
        crate::debug!(
            name: "talkdeck.editor",
            "{}: {} problems", self.deck.id, self.problems.len()
        );
    }

    /// Writes the working copy to the deck file. The first save of a file with comments inside
    /// the deck asks first ([`Confirm::LoseComments`]); a file changed on disk since it was loaded
    /// is not overwritten unless `overwrite` ([`Confirm::Overwrite`]). `Ok(None)`: nothing was
    /// written, as the learner is being asked ([`Editor::confirm`]).
    pub fn save(&mut self, overwrite: bool) -> Result<Option<Saved>, SaveError> {
        if !self.comments_dropped
            && let Some(text) = self
                .base
                .and_then(|_| std::fs::read(&self.path).ok())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        {
            let comments = crate::deck::comments_inside(&text);
            if comments > 0 {
                self.confirm = Some(Confirm::LoseComments(comments));
                return Ok(None);
            }
        }
        let expected = if overwrite {
            std::fs::read(&self.path)
                .ok()
                .map(|bytes| crate::deck::content_hash(&bytes))
        } else {
            self.base
        };
        match save_deck(&self.path, &self.deck, expected) {
            Ok(saved) => {
                self.base = Some(saved.hash);
                self.saved = Some(self.deck.clone());
                self.fresh.iter_mut().for_each(|f| *f = false);
                self.confirm = None;
                self.status = Some(Ok(()));
                Ok(Some(saved))
            }
            Err(err) => {
                if matches!(err, SaveError::Changed { .. }) {
                    self.confirm = Some(Confirm::Overwrite);
                }
                self.status = Some(Err(err.to_string()));
                Err(err)
            }
        }
    }

    /// The learner agreed to lose the file's inner comments: saves.
    pub fn drop_comments_and_save(&mut self) -> Result<Option<Saved>, SaveError> {
        self.comments_dropped = true;
        self.confirm = None;
        self.save(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new deck "Bus chats" in a temporary folder, its first card still empty.
    fn new_bus_deck() -> (tempfile::TempDir, Editor) {
        let dir = tempfile::tempdir().unwrap();
        let editor = Editor::new_deck(
            dir.path(),
            DeckForm {
                id: "bus".into(),
                name: "Bus chats".into(),
                ..DeckForm::default()
            },
        );
        (dir, editor)
    }

    /// [`new_bus_deck`] with its first card written.
    fn folder_with_deck() -> (tempfile::TempDir, Editor) {
        let (dir, mut editor) = new_bus_deck();
        editor.form.en = "Is this seat taken?".into();
        editor.form.zh = "这个座位有人吗？".into();
        editor.changed();
        (dir, editor)
    }

    #[test]
    fn a_new_deck_saves_once_its_first_card_is_valid() {
        let (dir, mut editor) = new_bus_deck();
        assert!(!editor.can_save(), "an empty card");
        assert_eq!(
            editor.problems_with(Some(0), "en").collect::<Vec<_>>(),
            ["en is empty"]
        );
        editor.form.en = "Is this seat taken?".into();
        editor.form.zh = "这个座位有人吗？".into();
        editor.changed();
        assert!(editor.can_save(), "{:?}", editor.problems());
        assert_eq!(editor.deck().cards[0].id, "is-this-seat-taken");
        editor.save(false).unwrap();
        assert!(!editor.is_dirty());
        let loaded = crate::deck::load_file(&dir.path().join("bus.ron")).unwrap();
        assert_eq!(&loaded.deck, editor.deck());
    }

    #[test]
    fn a_saved_cards_id_stays_when_it_is_reworded() {
        let (_dir, mut editor) = folder_with_deck();
        editor.save(false).unwrap();
        editor.form.en = "Is anyone sitting here?".into();
        editor.changed();
        assert_eq!(editor.deck().cards[0].id, "is-this-seat-taken");
        assert!(editor.can_save());
    }

    #[test]
    fn mismatched_template_groups_are_a_problem_of_the_chinese_field() {
        let (_dir, mut editor) = folder_with_deck();
        editor.form.en = "Good {morning|evening}!".into();
        editor.form.zh = "{早上|下午|晚上}好！".into();
        editor.changed();
        assert!(!editor.can_save());
        let zh: Vec<&str> = editor.problems_with(Some(0), "zh").collect();
        assert_eq!(zh.len(), 1);
        assert!(zh[0].starts_with("zh's choice groups [3] do not match en's [2]"));
    }

    #[test]
    fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
        let (dir, mut editor) = folder_with_deck();
        editor.save(false).unwrap();
        let path = dir.path().join("bus.ron");
        let outside = std::fs::read_to_string(&path)
            .unwrap()
            .replace("Bus chats", "Bus talk");
        std::fs::write(&path, &outside).unwrap();
        editor.form.notes = "Point at the seat.".into();
        editor.changed();
        assert!(matches!(editor.save(false), Err(SaveError::Changed { .. })));
        assert_eq!(editor.confirm, Some(Confirm::Overwrite));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), outside);
        editor.save(true).unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("Point at the seat.")
        );
    }

    #[test]
    fn comments_inside_a_hand_written_file_are_asked_about_before_the_first_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.ron");
        let text = "// My deck, by hand.\nDeck(format: 2, id: \"mine\", name: \"Mine\", cards: [\n    \
                    // the first one\n    (id: \"hi\", en: \"Hi!\", zh: \"嗨！\"),\n])\n";
        std::fs::write(&path, text).unwrap();
        let loaded = crate::deck::load_file(&path).unwrap();
        let mut editor = Editor::open(path.clone(), loaded.deck, Some(loaded.hash), None);
        editor.form.notes = "Casual.".to_owned();
        editor.changed();
        assert!(editor.save(false).unwrap().is_none(), "nothing written yet");
        assert_eq!(editor.confirm, Some(Confirm::LoseComments(1)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        editor.drop_comments_and_save().unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(
            saved.starts_with("// My deck, by hand."),
            "the comment at the top stays"
        );
        assert!(!saved.contains("the first one"));
        assert_eq!(
            std::fs::read_to_string(crate::deck::backup_path(&path)).unwrap(),
            text,
            "the hand-written version is kept"
        );
    }

    #[test]
    fn a_card_with_also_moves_a_format_1_deck_to_format_2() {
        let (_dir, mut editor) = folder_with_deck();
        editor.deck.format = 1;
        editor.form.also = "Is this seat free?".into();
        editor.changed();
        assert_eq!(editor.deck().format, 2);
        assert!(editor.problems().is_empty(), "{:?}", editor.problems());
    }
}
