//! What one item asks, in the template variant shown: the cue, the expected answer, the answers
//! that count as right, and the replies and notes of the answer side.
//!
//! The variant shown decides everything: other variants of the card are not right answers, and
//! its replies and other ways to say it are the ones of that variant.

use super::check::{Check, Judging, check_answer};
use crate::deck::{Deck, Direction, ItemId};

/// What to show for one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub item: ItemId,
    pub deck_name: String,
    pub deck_name_zh: String,
    pub direction: Direction,
    /// Which template variant is shown.
    pub variant: usize,
    /// What the learner sees first.
    pub cue: String,
    pub situation: Option<String>,
    /// The English and Chinese of the variant shown.
    pub en: String,
    pub zh: String,
    /// Other ways to say `en`, in this variant.
    pub also: Vec<String>,
    /// The card's replies, in this variant.
    pub replies: Vec<String>,
    pub notes: Option<String>,
    /// What counts as a right answer when typing: the English and its other ways (produce), the
    /// Chinese (recognise), or every reply (reply) — all in the variant shown.
    pub accepted: Vec<String>,
}

impl Prompt {
    /// How a typed answer to this item is judged: a reply is the learner's own words.
    pub fn judging(&self) -> Judging {
        match self.direction {
            Direction::Reply => Judging::OwnWords,
            Direction::Produce | Direction::Recognise => Judging::Exact,
        }
    }

    /// Checks a typed answer against [`Prompt::accepted`].
    pub fn check(&self, typed: &str) -> Check {
        check_answer(typed, &self.accepted, self.judging())
    }

    /// The answer the direction asks for: the English (produce), the Chinese (recognise), or the
    /// first reply (reply).
    pub fn expected(&self) -> &str {
        match self.direction {
            Direction::Produce => &self.en,
            Direction::Recognise => &self.zh,
            Direction::Reply => self.replies.first().map_or("", String::as_str),
        }
    }
}

/// The prompt for `item` showing template variant `variant`.
pub fn prompt_for(deck: &Deck, item: &ItemId, variant: usize) -> Option<Prompt> {
    let (_, card_id, direction) = item.parts()?;
    let card = deck.card(card_id)?;
    let shown = card.variant(variant);
    let cue = match direction {
        Direction::Produce => shown.zh.clone(),
        Direction::Recognise | Direction::Reply => shown.en.clone(),
    };
    let accepted = match direction {
        Direction::Produce => std::iter::once(shown.en.clone())
            .chain(shown.also.iter().cloned())
            .collect(),
        Direction::Recognise => vec![shown.zh.clone()],
        Direction::Reply => shown.replies.clone(),
    };
    Some(Prompt {
        item: item.clone(),
        deck_name: deck.name.clone(),
        deck_name_zh: deck.name_zh.clone(),
        direction,
        variant: variant % card.n_variants().max(1),
        cue,
        situation: card.situation.clone(),
        en: shown.en,
        zh: shown.zh,
        also: shown.also,
        replies: shown.replies,
        notes: card.notes.clone(),
        accepted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Card, Deck};
    use crate::srs::Rating;

    fn deck() -> Deck {
        Deck {
            format: 2,
            id: "greetings".into(),
            name: "Greetings".into(),
            name_zh: "打招呼".into(),
            description: String::new(),
            description_zh: String::new(),
            cards: vec![Card {
                id: "good-time-of-day".into(),
                en: "Good {morning|afternoon|evening}!".into(),
                zh: "{早上|下午|晚上}好！".into(),
                situation: None,
                also: vec!["{Morning|Afternoon|Evening}!".into()],
                replies: vec![
                    "Good {morning|afternoon|evening}! How are you?".into(),
                    "Hi there!".into(),
                ],
                notes: None,
                tags: vec![],
                audio: None,
            }],
        }
    }

    fn prompt(direction: Direction, variant: usize) -> Prompt {
        let item = ItemId::new("greetings", "good-time-of-day", direction);
        prompt_for(&deck(), &item, variant).unwrap()
    }

    #[test]
    fn the_variant_shown_decides_the_answer_in_every_direction() {
        let evening = prompt(Direction::Produce, 2);
        assert_eq!(evening.cue, "晚上好！");
        assert_eq!(evening.accepted, ["Good evening!", "Evening!"]);
        assert_eq!(evening.check("good evening").suggested, Some(Rating::Good));
        assert_eq!(evening.check("evening").suggested, Some(Rating::Good));
        assert_eq!(
            evening.check("Good morning!").suggested,
            Some(Rating::Again),
            "晚上好 is not Good morning"
        );
        let recognise = prompt(Direction::Recognise, 1);
        assert_eq!(recognise.cue, "Good afternoon!");
        assert_eq!(recognise.expected(), "下午好！");
        let reply = prompt(Direction::Reply, 1);
        assert_eq!(
            reply.replies,
            ["Good afternoon! How are you?", "Hi there!"],
            "Good afternoon! is never answered with Good evening"
        );
        assert_eq!(
            reply.check("Good afternoon, how are you?").suggested,
            Some(Rating::Good)
        );
        assert_eq!(reply.check("Hello to you too!").suggested, None);
    }
}
