//! The deck and card model, and the review items a card yields.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::template::Template;

/// The newest deck format this talkdeck reads, and the one it writes. Format 2 added `also` and
/// templates in `replies`; a format 1 deck is read as it always was.
pub const FORMAT_VERSION: u32 = 2;

/// The oldest deck format this talkdeck still reads.
pub const OLDEST_FORMAT: u32 = 1;

/// A deck as stored in a `.ron` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Deck")]
pub struct Deck {
    /// Format version: 1, or 2 for a deck that uses `also` or templates in `replies`.
    pub format: u32,
    /// `[a-z0-9_-]{1,64}`; also the file name the deck is saved under.
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub description: String,
    /// The description in Chinese, shown when the interface is in Chinese (format 2).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_zh: String,
    pub cards: Vec<Card>,
}

/// One phrase with its meaning and context.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Card")]
pub struct Card {
    /// `[a-z0-9_-]{1,64}`, unique in the deck; progress hangs on it, so keep it when rewording.
    pub id: String,
    /// The English phrase; may be a template with `{a|b}` groups.
    pub en: String,
    /// The Chinese meaning; groups must match `en`'s.
    pub zh: String,
    /// Where and with whom you would say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situation: Option<String>,
    /// Other ways to say `en`, each right in Type mode and never a wrong option in Choice
    /// (format 2). Each has no choice groups or the same groups as `en`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// Natural replies; a card with replies also yields a *reply* item. In format 2 a reply may
    /// use the same choice groups as `en`, and follows the variant shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<String>,
    /// Usage notes: register, pitfalls, alternatives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A recording of `en` (MP3, OGG or WAV), relative to the deck file and inside its folder,
    /// played instead of the synthesised voice (format 2; `en` without choice groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
}

/// One template variant of a card: its English and Chinese, and the other ways to say it and the
/// replies that go with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub en: String,
    pub zh: String,
    /// `also`, in this variant.
    pub also: Vec<String>,
    /// `replies`, in this variant.
    pub replies: Vec<String>,
}

impl Card {
    /// A card with only its id, English and Chinese (the other fields empty).
    pub fn new(id: impl Into<String>, en: impl Into<String>, zh: impl Into<String>) -> Card {
        Card {
            id: id.into(),
            en: en.into(),
            zh: zh.into(),
            situation: None,
            also: Vec::new(),
            replies: Vec::new(),
            notes: None,
            tags: Vec::new(),
            audio: None,
        }
    }

    /// How many variants the card's templates stand for (validated decks have `en` and `zh` agree).
    pub fn n_variants(&self) -> usize {
        Template::parse(&self.en).map_or(1, |t| t.n_variants())
    }

    /// Variant `index` (modulo [`Card::n_variants`]). Every field with choice groups shows
    /// alternative *i* of each group, so a reply or another way to say it always follows the
    /// English it goes with.
    pub fn variant(&self, index: usize) -> Variant {
        let render = |text: &str| match Template::parse(text) {
            Ok(template) => template.render(index),
            Err(_) => text.to_string(),
        };
        Variant {
            en: render(&self.en),
            zh: render(&self.zh),
            also: self.also.iter().map(|a| render(a)).collect(),
            replies: self.replies.iter().map(|r| render(r)).collect(),
        }
    }

    /// Whether the card needs format 2: it has `also`, or a reply with choice groups.
    pub fn needs_format_2(&self) -> bool {
        !self.also.is_empty()
            || self.replies.iter().any(|r| r.contains(['{', '}']))
            || self.audio.is_some()
    }

    /// The directions this card is studied in.
    pub fn directions(&self) -> impl Iterator<Item = Direction> + '_ {
        Direction::ALL
            .into_iter()
            .filter(|d| *d != Direction::Reply || !self.replies.is_empty())
    }
}

/// Which way a card is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Direction {
    /// Chinese cue and situation → say the English.
    Produce,
    /// English → the meaning.
    Recognise,
    /// The phrase → a natural reply (cards with replies only).
    Reply,
}

impl Direction {
    pub const ALL: [Direction; 3] = [Direction::Produce, Direction::Recognise, Direction::Reply];

    /// The name used in item ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Produce => "produce",
            Direction::Recognise => "recognise",
            Direction::Reply => "reply",
        }
    }

    pub fn parse(text: &str) -> Option<Direction> {
        Direction::from_bytes(text.as_bytes())
    }

    /// [`Direction::parse`] on bytes; a `match` on the names, with no call to compare memory.
    pub fn from_bytes(name: &[u8]) -> Option<Direction> {
        match name {
            b"produce" => Some(Direction::Produce),
            b"recognise" => Some(Direction::Recognise),
            b"reply" => Some(Direction::Reply),
            _ => None,
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `deck/card/direction`: what progress is keyed by. Written as the plain string; read back only
/// when [`ItemId::is_valid`] holds, so an id from a file (a hand-edited journal line) can never
/// name a path or an item no deck could have.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ItemId(String);

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ItemId, D::Error> {
        let text = String::deserialize(deserializer)?;
        if ItemId::is_valid(&text) {
            Ok(ItemId(text))
        } else {
            Err(serde::de::Error::custom(format!(
                "invalid item id {text:?}"
            )))
        }
    }
}

/// How [`ItemId::is_valid`] sees a byte: an id byte (0), the slash between parts, or anything else.
const SLASH: u8 = 1;
const OTHER: u8 = 2;
const ITEM_ID_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut c = 0;
    while c < 256 {
        if is_id_byte(c as u8) {
            table[c] = 0;
        }
        c += 1;
    }
    table[b'/' as usize] = SLASH;
    table
};

/// A byte a deck, card or tag id may hold: `a-z`, `0-9`, `-`, `_`.
const fn is_id_byte(c: u8) -> bool {
    c.is_ascii_lowercase() | c.is_ascii_digit() | (c == b'-') | (c == b'_')
}

/// 1 to 64 of `a-z 0-9 - _`: a deck, card or tag id. No early exit, so the loop compiles to vector
/// compares.
pub(crate) fn is_id_part(part: &[u8]) -> bool {
    (1..=64).contains(&part.len()) && part.iter().fold(true, |ok, &c| ok & is_id_byte(c))
}

impl ItemId {
    pub fn new(deck: &str, card: &str, direction: Direction) -> ItemId {
        ItemId(format!("{deck}/{card}/{direction}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Splits the id into deck, card and direction; `None` if it is not of that form.
    pub fn parts(&self) -> Option<(&str, &str, Direction)> {
        let mut parts = self.0.splitn(3, '/');
        let (deck, card, direction) = (parts.next()?, parts.next()?, parts.next()?);
        Some((deck, card, Direction::parse(direction)?))
    }

    /// Whether `text` is a valid `deck/card/direction`, without allocating: replay checks every
    /// journal line with it, so it looks each byte up once and compares no memory.
    pub fn is_valid(text: &str) -> bool {
        let bytes = text.as_bytes();
        let Some(last) = bytes.iter().rposition(|&c| c == b'/') else {
            return false;
        };
        if Direction::from_bytes(&bytes[last + 1..]).is_none() {
            return false;
        }
        // `head` is `deck/card`: id bytes and exactly one slash, with 1 to 64 bytes either side.
        let head = &bytes[..last];
        let (mut classes, mut slashes) = (0u8, 0usize);
        for &c in head {
            let class = ITEM_ID_CLASS[usize::from(c)];
            classes |= class;
            slashes += usize::from(class == SLASH);
        }
        let deck_len = head.iter().position(|&c| c == b'/').unwrap_or(0);
        classes & OTHER == 0
            && slashes == 1
            && (1..=64).contains(&deck_len)
            && (1..=64).contains(&(head.len() - deck_len - 1))
    }

    /// Parses `deck/card/direction`, checking each part.
    pub fn parse(text: &str) -> Option<ItemId> {
        ItemId::is_valid(text).then(|| ItemId(text.to_string()))
    }
}

/// Lets maps keyed by `ItemId` be searched with a `&str` without allocating.
impl std::borrow::Borrow<str> for ItemId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One thing to review: a card in one direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: ItemId,
    /// Index of the card in its deck.
    pub card: usize,
    pub direction: Direction,
}

impl Deck {
    /// A deck in the newest format with its id, name and cards (the other fields empty).
    pub fn new(id: impl Into<String>, name: impl Into<String>, cards: Vec<Card>) -> Deck {
        Deck {
            format: FORMAT_VERSION,
            id: id.into(),
            name: name.into(),
            name_zh: String::new(),
            description: String::new(),
            description_zh: String::new(),
            cards,
        }
    }

    /// Whether the deck needs format 2: a Chinese description, or a card that does.
    pub fn needs_format_2(&self) -> bool {
        !self.description_zh.is_empty() || self.cards.iter().any(Card::needs_format_2)
    }

    /// Every review item of the deck, card by card.
    pub fn items(&self) -> impl Iterator<Item = Item> + '_ {
        self.cards
            .iter()
            .enumerate()
            .flat_map(move |(index, card)| {
                card.directions().map(move |direction| Item {
                    id: ItemId::new(&self.id, &card.id, direction),
                    card: index,
                    direction,
                })
            })
    }

    pub fn n_items(&self) -> usize {
        self.cards.iter().map(|c| c.directions().count()).sum()
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }
}

/// Where a loaded deck came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Compiled into the binary from `data/decks/NAME.ron`.
    BuiltIn(&'static str),
    /// A file in the user's deck folder.
    User(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::BuiltIn(name) => write!(f, "built-in {name}"),
            Source::User(path) => write!(f, "{}", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(replies: &[&str]) -> Card {
        Card {
            id: "nice-to-meet-you".into(),
            en: "Nice to meet you.".into(),
            zh: "很高兴认识你。".into(),
            situation: None,
            also: vec![],
            replies: replies.iter().map(|r| r.to_string()).collect(),
            notes: None,
            tags: vec![],
            audio: None,
        }
    }

    #[test]
    fn a_card_yields_reply_items_only_when_it_has_replies() {
        let deck = Deck {
            format: 1,
            id: "greetings".into(),
            name: "Greetings".into(),
            name_zh: "打招呼".into(),
            description: String::new(),
            description_zh: String::new(),
            cards: vec![
                card(&[]),
                Card {
                    id: "how-are-you".into(),
                    ..card(&["Pretty good, thanks!"])
                },
            ],
        };
        let ids: Vec<String> = deck.items().map(|i| i.id.to_string()).collect();
        assert_eq!(
            ids,
            [
                "greetings/nice-to-meet-you/produce",
                "greetings/nice-to-meet-you/recognise",
                "greetings/how-are-you/produce",
                "greetings/how-are-you/recognise",
                "greetings/how-are-you/reply",
            ]
        );
        assert_eq!(deck.n_items(), 5);
    }

    #[test]
    fn item_ids_round_trip_and_reject_bad_parts() {
        let id = ItemId::new("jobs", "i-work-in", Direction::Recognise);
        assert_eq!(
            id.parts(),
            Some(("jobs", "i-work-in", Direction::Recognise))
        );
        assert_eq!(ItemId::parse(id.as_str()), Some(id));
        for bad in [
            "jobs/x",
            "jobs/x/sideways",
            "Jobs/x/produce",
            "../x/produce",
            "a/b/c/produce",
            "/x/produce",
            "jobs//produce",
            "",
        ] {
            assert_eq!(ItemId::parse(bad), None, "{bad}");
            assert!(!ItemId::is_valid(bad), "{bad}");
        }
        assert!(!ItemId::is_valid(&format!("{}/c/reply", "d".repeat(65))));
        assert!(ItemId::is_valid(&format!("{}/c/reply", "d".repeat(64))));
        assert!(ItemId::is_valid("self_introduction/hi-im-chris/recognise"));
    }

    #[test]
    fn an_item_id_is_checked_when_it_is_read() {
        let id: ItemId = ron::from_str("\"jobs/i-work-in/recognise\"").unwrap();
        assert_eq!(id, ItemId::new("jobs", "i-work-in", Direction::Recognise));
        for bad in [
            "../../etc/passwd",
            "Deck/X/produce",
            "jobs/x",
            "jobs/x/sideways",
            "",
        ] {
            let read = ron::from_str::<ItemId>(&format!("{bad:?}"));
            let err = read.expect_err(bad);
            assert!(
                err.to_string()
                    .contains(&format!("invalid item id {bad:?}")),
                "{bad}: {err}"
            );
        }
        assert_eq!(
            ron::to_string(&id).unwrap(),
            "\"jobs/i-work-in/recognise\"",
            "written as the plain string"
        );
    }

    proptest::proptest! {
        /// The one-pass check agrees with splitting at the slashes and checking each part, on
        /// strings made of id bytes, slashes, capitals, dots, non-ASCII and the direction names.
        #[test]
        fn the_one_pass_id_check_agrees_with_checking_the_parts(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "z", "0", "-", "_", "/", "A", ".", " ", "日", "produce", "recognise",
                    "reply", "reproduce", "ddddddddddddddddddddddddddddddd",
                ]),
                0..12,
            )
        ) {
            let text: String = pieces.concat();
            let parts: Vec<&str> = text.split('/').collect();
            let expected = parts.len() == 3
                && crate::deck::is_valid_id(parts[0])
                && crate::deck::is_valid_id(parts[1])
                && Direction::parse(parts[2]).is_some();
            proptest::prop_assert_eq!(ItemId::is_valid(&text), expected, "{:?}", text);
        }
    }

    #[test]
    fn variants_pair_english_and_chinese_by_index() {
        let c = Card {
            en: "Wow, I really love your {skirt|coat}!".into(),
            zh: "哇，我真喜欢你的{裙子|外套}！".into(),
            ..card(&[])
        };
        assert_eq!(c.n_variants(), 2);
        assert_eq!(
            c.variant(1),
            Variant {
                en: "Wow, I really love your coat!".into(),
                zh: "哇，我真喜欢你的外套！".into(),
                also: vec![],
                replies: vec![],
            }
        );
    }

    #[test]
    fn replies_and_other_ways_to_say_it_follow_the_variant_shown() {
        let c = Card {
            en: "Good {morning|evening}!".into(),
            zh: "{早上|晚上}好！".into(),
            also: vec!["{Morning|Evening}!".into(), "Hello!".into()],
            ..card(&["Good {morning|evening}! How are you?", "Hi there!"])
        };
        let evening = c.variant(1);
        assert_eq!(evening.en, "Good evening!");
        assert_eq!(evening.also, ["Evening!", "Hello!"]);
        assert_eq!(evening.replies, ["Good evening! How are you?", "Hi there!"]);
        assert!(c.needs_format_2());
        assert!(!card(&["Plain reply"]).needs_format_2());
    }
}
