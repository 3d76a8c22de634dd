//! A card as the editor's fields hold it — every field as text, lists one item per line — and the
//! deck's own fields; the way back to a [`Card`]; a new card's id; the template variants a card
//! stands for. Nothing here draws or checks: the checks are [`crate::deck::problems`].

use crate::deck::{Card, Deck, slug_or};

/// One card's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardForm {
    pub en: String,
    pub zh: String,
    pub situation: String,
    /// One reply per line.
    pub replies: String,
    /// Other ways to say it, one per line.
    pub also: String,
    pub notes: String,
    /// Tags, separated by spaces or commas.
    pub tags: String,
    /// The card's recording of its English, a path beside the deck file.
    pub audio: String,
}

impl CardForm {
    /// The fields of `card`, as [`CardForm::to_card`] gives it back.
    pub fn of(card: &Card) -> CardForm {
        CardForm {
            en: card.en.clone(),
            zh: card.zh.clone(),
            situation: card.situation.clone().unwrap_or_default(),
            replies: card.replies.join("\n"),
            also: card.also.join("\n"),
            notes: card.notes.clone().unwrap_or_default(),
            tags: card.tags.join(" "),
            audio: card.audio.clone().unwrap_or_default(),
        }
    }

    /// The card these fields make, under `id`. Spaces at either end of a field are dropped, as are
    /// empty lines in a list; an empty optional field is left out (as the deck format writes it).
    pub fn to_card(&self, id: String) -> Card {
        let optional = |text: &str| {
            Some(text.trim())
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        let lines = |text: &str| -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect()
        };
        Card {
            id,
            en: self.en.trim().to_owned(),
            zh: self.zh.trim().to_owned(),
            situation: optional(&self.situation),
            also: lines(&self.also),
            replies: lines(&self.replies),
            notes: optional(&self.notes),
            tags: self
                .tags
                .split(|c: char| c.is_whitespace() || c == ',' || c == '，')
                .filter(|tag| !tag.is_empty())
                .map(str::to_owned)
                .collect(),
            audio: optional(&self.audio),
        }
    }

    /// Whether nothing has been typed.
    pub fn is_empty(&self) -> bool {
        *self == CardForm::default()
    }
}

/// A deck's own fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeckForm {
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub description: String,
    pub description_zh: String,
}

impl DeckForm {
    pub fn of(deck: &Deck) -> DeckForm {
        DeckForm {
            id: deck.id.clone(),
            name: deck.name.clone(),
            name_zh: deck.name_zh.clone(),
            description: deck.description.clone(),
            description_zh: deck.description_zh.clone(),
        }
    }

    /// Writes the fields into `deck` (its cards untouched), trimmed.
    pub fn apply(&self, deck: &mut Deck) {
        deck.id = self.id.trim().to_owned();
        deck.name = self.name.trim().to_owned();
        deck.name_zh = self.name_zh.trim().to_owned();
        deck.description = self.description.trim().to_owned();
        deck.description_zh = self.description_zh.trim().to_owned();
    }
}

/// An id for a new card of `deck`, from its English (`How's it going?` → `hows-it-going`), made
/// unique in the deck with `-2`, `-3`, …; `card` when the English has no letters to take it from.
/// Cards other than `except` are compared (the card being named may already be in the deck).
pub fn new_card_id(deck: &Deck, en: &str, except: Option<usize>) -> String {
    unique(slug_or(en, "card"), |id| {
        deck.cards
            .iter()
            .enumerate()
            .any(|(i, c)| Some(i) != except && c.id == id)
    })
}

/// An id for a new deck from its name, as [`new_card_id`] makes a card's; `my-deck` when the name
/// has no letters to take it from (a Chinese name).
pub fn new_deck_id(name: &str, taken: impl Fn(&str) -> bool) -> String {
    unique(slug_or(name, "my-deck"), taken)
}

/// `base`, or the first of `base-2`, `base-3`, … that is not `taken`.
fn unique(base: String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// Each variant's English and Chinese, for a card whose templates are valid; at most `limit`.
pub fn variants(card: &Card, limit: usize) -> Vec<(String, String)> {
    (0..card.n_variants().min(limit))
        .map(|i| {
            let variant = card.variant(i);
            (variant.en, variant.zh)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(ids: &[&str]) -> Deck {
        Deck::new(
            "mine",
            "Mine",
            ids.iter()
                .map(|id| CardForm::default().to_card((*id).into()))
                .collect(),
        )
    }

    #[test]
    fn a_card_goes_through_the_form_unchanged() {
        let card = Card {
            id: "hi".into(),
            en: "Good {morning|evening}!".into(),
            zh: "{早上|晚上}好！".into(),
            situation: Some("Two\nlines".into()),
            also: vec!["{Morning|Evening}!".into()],
            replies: vec!["Hi!".into(), "Hey, you!".into()],
            notes: None,
            tags: vec!["polite".into(), "template".into()],
            audio: None,
        };
        assert_eq!(CardForm::of(&card).to_card("hi".into()), card);
        let card = Card {
            en: "Hi!".into(),
            zh: "嗨！".into(),
            audio: Some("audio/hi.mp3".into()),
            ..card
        };
        assert_eq!(CardForm::of(&card).to_card("hi".into()), card);
    }

    #[test]
    fn typed_fields_are_trimmed_and_empty_ones_left_out() {
        let form = CardForm {
            en: "  Hi! ".into(),
            zh: "嗨".into(),
            situation: "   ".into(),
            replies: "Hello!\n\n  Hey! \n".into(),
            tags: "casual, polite，short".into(),
            ..CardForm::default()
        };
        let card = form.to_card("hi".into());
        assert_eq!(card.en, "Hi!");
        assert_eq!(card.situation, None);
        assert_eq!(card.replies, ["Hello!", "Hey!"]);
        assert_eq!(card.tags, ["casual", "polite", "short"]);
    }

    #[test]
    fn new_ids_come_from_the_english_and_are_unique() {
        let deck = deck(&["hows-it-going", "hows-it-going-2"]);
        assert_eq!(
            new_card_id(&deck, "How's it going?", None),
            "hows-it-going-3"
        );
        assert_eq!(
            new_card_id(&deck, "How's it going?", Some(0)),
            "hows-it-going"
        );
        assert_eq!(new_card_id(&deck, "你好", None), "card");
        assert_eq!(new_deck_id("Bus chats", |_| false), "bus-chats");
        assert_eq!(new_deck_id("公交车", |id| id == "my-deck"), "my-deck-2");
    }

    #[test]
    fn variants_pair_english_with_chinese() {
        let card = CardForm {
            en: "Good {morning|evening}!".into(),
            zh: "{早上|晚上}好！".into(),
            ..CardForm::default()
        }
        .to_card("hi".into());
        assert_eq!(
            variants(&card, 10),
            [
                ("Good morning!".to_owned(), "早上好！".to_owned()),
                ("Good evening!".to_owned(), "晚上好！".to_owned())
            ]
        );
    }
}
