//! Decks: every deck with where it comes from, and the selected deck's cards with where each stands
//! and how they are marked, searchable across every deck and filtered by mark. Cards can be
//! selected and acted on together. [`DecksScreen::cards`] works out the rows without egui; `draw`
//! draws them and `forms` holds the screen's questions (new deck, copy, move, delete).

mod draw;
mod forms;

pub use draw::show;
pub use forms::CopyForm;

use std::collections::{BTreeSet, HashMap};

use super::editor::DeckForm;
use super::model::Model;
use crate::deck::{Card, Deck, ItemId};
use crate::srs::{ItemState, Phase};
use crate::store::{Mark, Settings, Store};

/// Where a card stands, over its directions (produce, recognise, reply).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardStatus {
    /// No direction answered yet.
    New,
    /// A direction is in (re)learning.
    Learning,
    /// A direction is due today or overdue.
    Due,
    /// The soonest direction is due in this many days.
    InDays(i32),
}

/// One card's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardRow {
    pub id: String,
    /// The first variant's English and Chinese, and how many variants the template has.
    pub en: String,
    pub zh: String,
    pub variants: usize,
    pub situation: String,
    pub tags: Vec<String>,
    pub status: CardStatus,
    pub marks: RowMarks,
    /// The learner's recordings of this card (shadowing), by direction, with the phrase each says.
    pub recorded: Vec<(crate::deck::Direction, std::path::PathBuf, String)>,
}

/// How a card's directions are marked: suspended or buried if any is, the highest flag, and
/// whether any is a leech.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowMarks {
    pub suspended: bool,
    pub buried: bool,
    pub flag: u8,
    pub leech: bool,
}

/// Which cards the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CardFilter {
    #[default]
    All,
    Suspended,
    Buried,
    Flagged,
    Leeches,
}

impl CardFilter {
    pub const ALL: [CardFilter; 5] = [
        CardFilter::All,
        CardFilter::Suspended,
        CardFilter::Buried,
        CardFilter::Flagged,
        CardFilter::Leeches,
    ];

    fn keeps(self, marks: &RowMarks) -> bool {
        match self {
            CardFilter::All => true,
            CardFilter::Suspended => marks.suspended,
            CardFilter::Buried => marks.buried,
            CardFilter::Flagged => marks.flag > 0,
            CardFilter::Leeches => marks.leech,
        }
    }
}

/// A card of a deck, as the selection holds it.
pub type CardRef = (String, String);

/// What the Decks screen asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecksInput {
    /// A deck's own new-per-day limit (`None`: the global one).
    SetNewLimit(String, Option<u32>),
    Study(String),
    /// Suspend, unsuspend, bury, unbury or flag every direction of these cards.
    Mark(Vec<CardRef>, Mark),
    /// Move these cards (of the learner's decks) to another of their decks, with their progress.
    Move(Vec<CardRef>, String),
    /// Delete these cards from the learner's decks (their answers stay in the journal).
    Delete(Vec<CardRef>),
    /// Copy a built-in deck to the learner's decks.
    Copy(CopyForm),
    /// Show a deck in study again, or hide it.
    SetHidden(String, bool),
    /// Open the Import form.
    Import,
    /// Open the Export form for this deck.
    Export(String),
    /// Open one of the learner's decks in the editor, at this card.
    Edit {
        deck: String,
        card: Option<String>,
    },
    /// Make a new deck with these fields.
    CreateDeck(DeckForm),
    AddPhrase,
    /// Play one of the learner's recordings.
    PlayRecording(std::path::PathBuf),
}

/// Which deck is selected and what is searched; the rows are worked out when either changes. The
/// search covers every deck and stays when another deck is selected.
#[derive(Debug, Default)]
pub struct DecksScreen {
    pub selected: Option<String>,
    pub search: String,
    /// The selected deck's new-per-day limit as typed, and for which deck.
    limit_text: Option<(String, String)>,
    /// What is shown, and for which selection and search.
    rows: Option<Shown>,
    /// What searches look in, built when first needed after a change of the decks.
    index: Option<SearchIndex>,
    /// The New deck form, while it is open.
    pub new_deck: Option<DeckForm>,
    /// The Copy to my decks form, while it is open.
    pub copy: Option<CopyForm>,
    pub filter: CardFilter,
    /// The cards selected for acting on together.
    pub chosen: BTreeSet<CardRef>,
    /// Deleting the chosen cards is being confirmed.
    pub confirm_delete: bool,
    /// What the last action on cards or decks did, or why it did not.
    pub message: Option<Result<String, String>>,
}

/// A deck's id and its cards that are shown.
pub type DeckCards = (String, Vec<CardRow>);

/// What is listed, cached with the selection, search and filter it is for: one line per card (and
/// per deck heading when the list covers every deck), and each card's row once it has been in view.
#[derive(Debug)]
struct Shown {
    selected: Option<String>,
    search: String,
    filter: CardFilter,
    lines: Vec<Line>,
    /// The rows of the cards drawn so far, by (deck, card) index: worked out once per change.
    rows: HashMap<(usize, usize), CardRow>,
}

/// A line of the card list, by index into the library's decks and a deck's cards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    /// A deck's heading (the list covers every deck) and how many of its cards match.
    Deck(usize, usize),
    Card(usize, usize),
}

/// Each card's searchable text (English, Chinese, situation, tags) in lower case, deck by deck in
/// library order: built once per change of the decks, so a keystroke in the search only compares.
#[derive(Debug, Default)]
struct SearchIndex {
    decks: Vec<Vec<String>>,
}

impl SearchIndex {
    fn build(model: &Model) -> SearchIndex {
        SearchIndex {
            decks: model
                .library
                .decks
                .iter()
                .map(|(_, deck)| deck.cards.iter().map(searchable).collect())
                .collect(),
        }
    }
}

/// What a search looks in: the card's English, Chinese, situation and tags, lower case.
fn searchable(card: &Card) -> String {
    let mut text = String::with_capacity(card.en.len() + card.zh.len() + 64);
    for part in [&card.en, &card.zh]
        .into_iter()
        .chain(card.situation.as_ref())
        .chain(&card.tags)
    {
        text.push_str(&part.to_lowercase());
        text.push('\n');
    }
    text
}

/// The cards listed for one deck: its index in the library and its matching cards' indexes.
pub type DeckMatches = (usize, Vec<usize>);

impl DecksScreen {
    /// `deck`'s cards that match the search (in English, Chinese, situation or tags, ignoring
    /// case) and the filter, in deck order.
    pub fn cards(
        model: &Model,
        deck: &Deck,
        search: &str,
        filter: CardFilter,
        now_ms: i64,
    ) -> Vec<CardRow> {
        let needle = search.trim().to_lowercase();
        let day = model.store.scheduler().clock().day(now_ms);
        let leech_threshold = model.store.settings().leech_threshold;
        deck.cards
            .iter()
            .filter(|card| needle.is_empty() || searchable(card).contains(&needle))
            .filter(|card| {
                filter == CardFilter::All
                    || filter.keeps(&row_marks(&model.store, deck, card, day, leech_threshold))
            })
            .map(|card| DecksScreen::row(model, deck, card, now_ms))
            .collect()
    }

    /// One card's line: its first variant, where it stands and how it is marked.
    pub fn row(model: &Model, deck: &Deck, card: &Card, now_ms: i64) -> CardRow {
        let day = model.store.scheduler().clock().day(now_ms);
        let leech_threshold = model.store.settings().leech_threshold;
        let variant = card.variant(0);
        CardRow {
            id: card.id.clone(),
            en: variant.en,
            zh: variant.zh,
            variants: card.n_variants().max(1),
            situation: card.situation.clone().unwrap_or_default(),
            tags: card.tags.clone(),
            status: status(&model.store, deck, card, now_ms),
            marks: row_marks(&model.store, deck, card, day, leech_threshold),
            recorded: card
                .directions()
                .filter_map(|d| {
                    let item = crate::deck::ItemId::new(&deck.id, &card.id, d);
                    let path = model.store.dir().recording_path(&item)?;
                    let phrase = crate::speech::recording_text(&path).unwrap_or_default();
                    path.is_file().then_some((d, path, phrase))
                })
                .collect(),
        }
    }

    /// What the screen lists: with no search and no filter, the selected deck's cards; else the
    /// matching cards of every deck, deck by deck (decks without a match left out).
    pub fn groups(
        model: &Model,
        selected: Option<&str>,
        search: &str,
        filter: CardFilter,
        now_ms: i64,
    ) -> Vec<DeckCards> {
        let index = SearchIndex::build(model);
        matching(model, &index, selected, search, filter, now_ms)
            .into_iter()
            .map(|(d, cards)| {
                let deck = &model.library.decks[d].1;
                let rows = cards
                    .into_iter()
                    .map(|c| DecksScreen::row(model, deck, &deck.cards[c], now_ms))
                    .collect();
                (deck.id.clone(), rows)
            })
            .collect()
    }

    /// Whether the list covers every deck (a search or a filter), not only the selected one.
    pub fn across_decks(&self) -> bool {
        !self.search.trim().is_empty() || self.filter != CardFilter::All
    }

    /// Works out what is listed when the deck, search or filter changed (the search index once
    /// per change of the decks).
    fn rows(&mut self, model: &Model, now_ms: i64) {
        let fresh = matches!(&self.rows, Some(shown)
            if shown.selected == self.selected && shown.search == self.search
                && shown.filter == self.filter);
        if !fresh {
            let index = self.index.get_or_insert_with(|| SearchIndex::build(model));
            let groups = matching(
                model,
                index,
                self.selected.as_deref(),
                &self.search,
                self.filter,
                now_ms,
            );
            let across = self.across_decks();
            let mut lines = Vec::with_capacity(groups.iter().map(|(_, c)| c.len() + 1).sum());
            for (d, cards) in groups {
                if across {
                    lines.push(Line::Deck(d, cards.len()));
                }
                lines.extend(cards.into_iter().map(|c| Line::Card(d, c)));
            }
            self.rows = Some(Shown {
                selected: self.selected.clone(),
                search: self.search.clone(),
                filter: self.filter,
                lines,
                rows: HashMap::new(),
            });
        }
    }

    /// Forgets what is listed, so it is worked out again (after answers, marks or a deck change).
    /// Cards no longer in any deck leave the selection.
    pub fn refresh(&mut self, model: &Model) {
        self.rows = None;
        self.index = None;
        self.limit_text = None;
        self.chosen.retain(|(deck, card)| {
            model
                .library
                .deck(deck)
                .is_some_and(|d| d.card(card).is_some())
        });
    }
}

/// The matching cards, deck by deck: see [`DecksScreen::groups`].
fn matching(
    model: &Model,
    index: &SearchIndex,
    selected: Option<&str>,
    search: &str,
    filter: CardFilter,
    now_ms: i64,
) -> Vec<DeckMatches> {
    let needle = search.trim().to_lowercase();
    let across = !needle.is_empty() || filter != CardFilter::All;
    let day = model.store.scheduler().clock().day(now_ms);
    let leech_threshold = model.store.settings().leech_threshold;
    model
        .library
        .decks
        .iter()
        .enumerate()
        .filter(|(_, (_, deck))| across || Some(deck.id.as_str()) == selected)
        .map(|(d, (_, deck))| {
            let texts = index.decks.get(d).map_or(&[][..], Vec::as_slice);
            let cards = (0..deck.cards.len())
                .filter(|&c| needle.is_empty() || texts.get(c).is_some_and(|t| t.contains(&needle)))
                .filter(|&c| {
                    filter == CardFilter::All
                        || filter.keeps(&row_marks(
                            &model.store,
                            deck,
                            &deck.cards[c],
                            day,
                            leech_threshold,
                        ))
                })
                .collect();
            (d, cards)
        })
        .filter(|(_, cards): &DeckMatches| !across || !cards.is_empty())
        .collect()
}

/// Every direction of `card` in `deck`, as items.
pub fn items_of(model: &Model, (deck, card): &CardRef) -> Vec<ItemId> {
    model
        .library
        .deck(deck)
        .and_then(|d| d.card(card))
        .map(|c| c.directions().map(|d| ItemId::new(deck, card, d)).collect())
        .unwrap_or_default()
}

fn row_marks(store: &Store, deck: &Deck, card: &Card, day: i32, leech_threshold: u32) -> RowMarks {
    let mut row = RowMarks::default();
    for direction in card.directions() {
        let item = ItemId::new(&deck.id, &card.id, direction);
        let marks = store.marks(&item);
        row.suspended |= marks.suspended;
        row.buried |= marks.buried_on(day);
        row.flag = row.flag.max(marks.flag);
        row.leech |= store.state(&item).is_leech(leech_threshold);
    }
    row
}

/// A deck's new-per-day limit as the learner set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewLimit {
    /// None of its own: the global limit applies.
    Global,
    Own(u32),
}

/// A deck's own limit as typed: empty is none (the global limit applies), else a number in
/// [`Settings::NEW_PER_DAY`]; `None` when it is neither.
pub fn parse_new_limit(text: &str) -> Option<NewLimit> {
    let text = text.trim();
    if text.is_empty() {
        return Some(NewLimit::Global);
    }
    match text.parse::<u32>() {
        Ok(n) if Settings::NEW_PER_DAY.contains(&n) => Some(NewLimit::Own(n)),
        _ => None,
    }
}

fn status(store: &Store, deck: &Deck, card: &Card, now_ms: i64) -> CardStatus {
    let clock = store.scheduler().clock();
    let states: Vec<ItemState> = card
        .directions()
        .map(|d| store.state(&crate::deck::ItemId::new(&deck.id, &card.id, d)))
        .collect();
    if states.iter().all(|s| s.phase == Phase::New) {
        return CardStatus::New;
    }
    if states
        .iter()
        .any(|s| matches!(s.phase, Phase::Learning | Phase::Relearning))
    {
        return CardStatus::Learning;
    }
    let today = clock.day(now_ms);
    let soonest = states
        .iter()
        .filter(|s| s.phase == Phase::Review)
        .map(|s| clock.day(s.due_ms) - today)
        .min()
        .unwrap_or(0);
    if soonest <= 0 {
        CardStatus::Due
    } else {
        CardStatus::InDays(soonest)
    }
}
