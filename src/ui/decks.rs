//! Decks: every deck with where it comes from, and the selected deck's cards with where each stands,
//! searchable. [`DecksScreen::cards`] works out the rows without egui; [`show`] draws them.

use eframe::egui::{self, RichText};

use super::editor::{DeckForm, new_deck_id};
use super::i18n::Labels;
use super::model::Model;
use super::palette;
use crate::deck::{Card, Deck, Library, Source};
use crate::srs::{ItemState, Phase};
use crate::store::{Language, Settings, Store};

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
}

/// What the Decks screen asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecksInput {
    /// A deck's own new-per-day limit (`None`: the global one).
    SetNewLimit(String, Option<u32>),
    Study(String),
    /// Open one of the learner's decks in the editor, at this card.
    Edit {
        deck: String,
        card: Option<String>,
    },
    /// Make a new deck with these fields.
    CreateDeck(DeckForm),
    AddPhrase,
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
    /// The New deck form, while it is open.
    pub new_deck: Option<DeckForm>,
}

/// A deck's id and its cards that are shown.
pub type DeckCards = (String, Vec<CardRow>);

/// The groups shown, cached with the selection and search they are for.
#[derive(Debug)]
struct Shown {
    selected: Option<String>,
    search: String,
    groups: Vec<DeckCards>,
}

impl DecksScreen {
    /// `deck`'s cards that match the search (in English, Chinese, situation or tags, ignoring
    /// case), in deck order.
    pub fn cards(model: &Model, deck: &Deck, search: &str, now_ms: i64) -> Vec<CardRow> {
        let needle = search.trim().to_lowercase();
        deck.cards
            .iter()
            .filter(|card| needle.is_empty() || matches(card, &needle))
            .map(|card| {
                let variant = card.variant(0);
                CardRow {
                    id: card.id.clone(),
                    en: variant.en,
                    zh: variant.zh,
                    variants: card.n_variants().max(1),
                    situation: card.situation.clone().unwrap_or_default(),
                    tags: card.tags.clone(),
                    status: status(&model.store, deck, card, now_ms),
                }
            })
            .collect()
    }

    /// What the screen lists: with no search, the selected deck's cards; with a search, the
    /// matching cards of every deck, deck by deck (decks without a match left out).
    pub fn groups(
        model: &Model,
        selected: Option<&str>,
        search: &str,
        now_ms: i64,
    ) -> Vec<DeckCards> {
        let decks = model.library.decks.iter().map(|(_, d)| d);
        if search.trim().is_empty() {
            decks
                .filter(|d| Some(d.id.as_str()) == selected)
                .map(|d| (d.id.clone(), DecksScreen::cards(model, d, "", now_ms)))
                .collect()
        } else {
            decks
                .map(|d| (d.id.clone(), DecksScreen::cards(model, d, search, now_ms)))
                .filter(|(_, rows)| !rows.is_empty())
                .collect()
        }
    }

    /// The groups for the current deck and search, from the cache when neither changed.
    fn rows(&mut self, model: &Model, now_ms: i64) -> &[DeckCards] {
        let fresh = matches!(&self.rows, Some(shown)
            if shown.selected == self.selected && shown.search == self.search);
        if !fresh {
            let groups = DecksScreen::groups(model, self.selected.as_deref(), &self.search, now_ms);
            self.rows = Some(Shown {
                selected: self.selected.clone(),
                search: self.search.clone(),
                groups,
            });
        }
        self.rows.as_ref().map_or(&[], |shown| &shown.groups)
    }

    /// Forgets the rows, so they are worked out again (after answers or a deck change).
    pub fn refresh(&mut self) {
        self.rows = None;
        self.limit_text = None;
    }
}

/// What is wrong with a new deck's fields: the deck checker's findings about them, and an id
/// another deck already has. Empty when the deck can be made.
pub fn new_deck_problems(form: &DeckForm, library: &Library) -> Vec<String> {
    let mut deck = Deck {
        format: crate::deck::FORMAT_VERSION,
        id: String::new(),
        name: String::new(),
        name_zh: String::new(),
        description: String::new(),
        description_zh: String::new(),
        // The checker wants a card; the editor asks for the first one.
        cards: vec![
            super::editor::CardForm {
                en: "Hi".into(),
                zh: "嗨".into(),
                ..Default::default()
            }
            .to_card("hi".into()),
        ],
    };
    form.apply(&mut deck);
    let mut problems: Vec<String> = crate::deck::problems(&deck)
        .into_iter()
        .filter(|p| p.card.is_none())
        .map(|p| p.message)
        .collect();
    if let Some(message) = library.id_in_use(&deck.id) {
        problems.push(message);
    }
    problems
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

fn matches(card: &Card, needle: &str) -> bool {
    [&card.en, &card.zh]
        .into_iter()
        .chain(card.situation.as_ref())
        .chain(&card.tags)
        .any(|text| text.to_lowercase().contains(needle))
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

pub fn show(
    ui: &mut egui::Ui,
    screen: &mut DecksScreen,
    model: &Model,
    labels: &Labels,
    language: Language,
    now_ms: i64,
) -> Option<DecksInput> {
    let mut input = None;
    let decks = &model.library.decks;
    if screen.selected.is_none() {
        screen.selected = decks.first().map(|(_, deck)| deck.id.clone());
    }
    ui.horizontal_top(|ui| {
        // The decks, on the left.
        ui.vertical(|ui| {
            ui.set_width(210.0);
            for (source, deck) in decks {
                let selected = screen.selected.as_deref() == Some(deck.id.as_str());
                let text = match second(deck, language) {
                    "" => first(deck, language).to_owned(),
                    other => format!("{}\n{other}", first(deck, language)),
                };
                let response = ui.selectable_label(selected, RichText::new(text).size(15.0));
                ui.add_space(4.0);
                let response = response.on_hover_text(about(source, deck, labels));
                if response.clicked() && !selected {
                    screen.selected = Some(deck.id.clone());
                }
            }
            for failure in &model.library.failures {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!(
                            "{} {}",
                            labels.deck_not_loaded,
                            failure.path.display()
                        ))
                        .color(ui.visuals().error_fg_color),
                    )
                    .wrap(),
                );
            }
        });
        ui.separator();
        // The selected deck, or what the search found in every deck.
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                if ui
                    .button(labels.add_phrase)
                    .on_hover_text(labels.add_phrase_hint)
                    .clicked()
                {
                    input = Some(DecksInput::AddPhrase);
                }
                if ui.button(labels.new_deck).clicked() {
                    screen.new_deck = Some(DeckForm::default());
                }
            });
            ui.horizontal(|ui| {
                let label = ui.label(labels.search);
                ui.add(
                    egui::TextEdit::singleline(&mut screen.search)
                        .hint_text(labels.search_every_deck)
                        .desired_width(340.0),
                )
                .labelled_by(label.id);
                if !screen.search.is_empty() && ui.small_button("×").clicked() {
                    screen.search.clear();
                }
            });
            ui.add_space(4.0);
            let searching = !screen.search.trim().is_empty();
            if !searching
                && let Some((source, deck)) = decks
                    .iter()
                    .find(|(_, d)| Some(d.id.as_str()) == screen.selected.as_deref())
            {
                input = deck_header(ui, screen, model, source, deck, labels, language);
            }
            let groups = screen.rows(model, now_ms);
            if groups.iter().all(|(_, rows)| rows.is_empty()) {
                ui.label(RichText::new(labels.no_cards_match).weak());
            }
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| {
                    for (deck_id, rows) in groups {
                        if searching && let Some(deck) = model.library.deck(deck_id) {
                            ui.add_space(6.0);
                            ui.label(
                                RichText::new(format!(
                                    "{} ({})",
                                    first(deck, language),
                                    rows.len()
                                ))
                                .strong(),
                            );
                        }
                        let own = matches!(model.library.source(deck_id), Some(Source::User(_)));
                        if let Some(card) = card_grid(ui, deck_id, rows, own, labels) {
                            input = Some(DecksInput::Edit {
                                deck: deck_id.clone(),
                                card: Some(card),
                            });
                        }
                    }
                });
        });
    });
    if let Some(made) = new_deck_form(ui.ctx(), screen, &model.library, labels) {
        input = Some(made);
    }
    input
}

/// The New deck form, as a modal: name, Chinese name, description, and the id (suggested from the
/// name until the learner types one).
fn new_deck_form(
    ctx: &egui::Context,
    screen: &mut DecksScreen,
    library: &Library,
    labels: &Labels,
) -> Option<DecksInput> {
    let form = screen.new_deck.as_mut()?;
    let mut input = None;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("new-deck")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(labels.new_deck);
        let suggested = new_deck_id(form.name.trim(), |id| library.id_in_use(id).is_some());
        let following = form.id.is_empty() || form.id == new_deck_id(form.name.trim(), |_| false);
        let text_field = |ui: &mut egui::Ui, label: &str, text: &mut String, many: bool| {
            let name = ui.label(RichText::new(label).strong());
            let edit = if many {
                egui::TextEdit::multiline(text).desired_rows(2)
            } else {
                egui::TextEdit::singleline(text)
            };
            ui.add(edit.desired_width(f32::INFINITY))
                .labelled_by(name.id)
                .changed()
        };
        let renamed = text_field(ui, labels.deck_name, &mut form.name, false);
        text_field(ui, labels.deck_name_zh, &mut form.name_zh, false);
        text_field(ui, labels.description, &mut form.description, true);
        if renamed && following {
            form.id = new_deck_id(form.name.trim(), |id| library.id_in_use(id).is_some());
        } else if form.id.is_empty() {
            form.id = suggested;
        }
        text_field(ui, labels.deck_id, &mut form.id, false);
        ui.label(RichText::new(labels.deck_id_hint).small().weak());
        let problems = if form.name.trim().is_empty() {
            Vec::new()
        } else {
            new_deck_problems(form, library)
        };
        for problem in &problems {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        ui.horizontal(|ui| {
            let ready = problems.is_empty() && !form.name.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(labels.create_deck))
                .clicked()
            {
                input = Some(DecksInput::CreateDeck(form.clone()));
                close = true;
            }
            if ui.button(labels.cancel).clicked() {
                close = true;
            }
        });
    });
    if close || modal.should_close() {
        screen.new_deck = None;
    }
    input
}

/// The selected deck's heading, where it comes from, its description, and its own new-per-day
/// limit.
fn deck_header(
    ui: &mut egui::Ui,
    screen: &mut DecksScreen,
    model: &Model,
    source: &Source,
    deck: &Deck,
    labels: &Labels,
    language: Language,
) -> Option<DecksInput> {
    let mut input = None;
    let heading = match second(deck, language) {
        "" => first(deck, language).to_owned(),
        other => format!("{} · {other}", first(deck, language)),
    };
    ui.heading(heading);
    ui.label(RichText::new(about(source, deck, labels)).weak());
    let settings = model.store.settings();
    let own = settings.deck_new_per_day.get(&deck.id).copied();
    let text = match &mut screen.limit_text {
        Some((id, text)) if *id == deck.id => text,
        slot => {
            let typed = own.map(|n| n.to_string()).unwrap_or_default();
            &mut slot.insert((deck.id.clone(), typed)).1
        }
    };
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(labels.deck_new_limit);
        let response = ui
            .add(
                egui::TextEdit::singleline(text)
                    .hint_text(settings.new_per_day.to_string())
                    .desired_width(80.0),
            )
            .labelled_by(label.id);
        match parse_new_limit(text) {
            Some(limit) => {
                let limit = match limit {
                    NewLimit::Global => None,
                    NewLimit::Own(n) => Some(n),
                };
                // Saved when the field is done (Enter, or the focus moving on), as in Settings:
                // typing 12 must not set 1 on the way.
                if response.lost_focus() && limit != own {
                    input = Some(DecksInput::SetNewLimit(deck.id.clone(), limit));
                }
                ui.label(
                    RichText::new(
                        labels
                            .deck_new_limit_hint
                            .replace("{n}", &settings.new_per_day.to_string()),
                    )
                    .small()
                    .weak(),
                );
            }
            None => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    super::settings::problem(labels, super::settings::Field::NewPerDay),
                );
            }
        }
        let can_study = model.store.cannot_save().is_none();
        if ui
            .add_enabled(can_study, egui::Button::new(labels.study))
            .clicked()
        {
            input = Some(DecksInput::Study(deck.id.clone()));
        }
        if matches!(source, Source::User(_)) && ui.button(labels.edit_deck).clicked() {
            input = Some(DecksInput::Edit {
                deck: deck.id.clone(),
                card: None,
            });
        }
    });
    // The description last, in the interface's language where the deck has it: its length does
    // not move the field above.
    let description = match language {
        Language::Chinese if !deck.description_zh.is_empty() => &deck.description_zh,
        _ => &deck.description,
    };
    if !description.is_empty() {
        ui.add(egui::Label::new(description).wrap());
    }
    ui.add_space(4.0);
    input
}

/// One deck's rows: each card (filling the width) and where it stands, with an Edit button on the
/// learner's own decks. Returns the card whose Edit was clicked.
fn card_grid(
    ui: &mut egui::Ui,
    deck_id: &str,
    rows: &[CardRow],
    own: bool,
    labels: &Labels,
) -> Option<String> {
    let status_width = 110.0;
    let card_width = (ui.available_width() - status_width - 24.0).max(240.0);
    let mut edit = None;
    egui::Grid::new(("deck-cards", deck_id))
        .striped(true)
        .num_columns(2)
        .spacing([16.0, 8.0])
        .min_col_width(status_width)
        .show(ui, |ui| {
            for row in rows {
                card_cell(ui, row, labels, card_width);
                ui.vertical(|ui| {
                    ui.label(status_text(row.status, labels, ui));
                    if own && ui.small_button(labels.edit).clicked() {
                        edit = Some(row.id.clone());
                    }
                });
                ui.end_row();
            }
        });
    edit
}

/// Where a deck comes from and its size: `Built-in · 32 cards · 92 items`, or its file's path.
fn about(source: &Source, deck: &Deck, labels: &Labels) -> String {
    let from = match source {
        Source::BuiltIn(_) => labels.built_in.to_owned(),
        Source::User(path) => path.display().to_string(),
    };
    format!(
        "{from} · {} {} · {} {}",
        deck.cards.len(),
        labels.cards,
        deck.n_items(),
        labels.items
    )
}

/// A deck's name in the interface's language, then in the other.
fn first(deck: &Deck, language: Language) -> &str {
    match language {
        Language::Chinese if !deck.name_zh.is_empty() => &deck.name_zh,
        _ => &deck.name,
    }
}

fn second(deck: &Deck, language: Language) -> &str {
    match language {
        Language::Chinese if !deck.name_zh.is_empty() => &deck.name,
        _ => &deck.name_zh,
    }
}

fn card_cell(ui: &mut egui::Ui, row: &CardRow, labels: &Labels, width: f32) {
    ui.vertical(|ui| {
        // The column's width, or the grid squeezes the text a letter per line.
        ui.set_width(width);
        let mut en = row.en.clone();
        if row.variants > 1 {
            en.push_str(&format!("  (+{} {})", row.variants - 1, labels.variants));
        }
        ui.add(egui::Label::new(RichText::new(en).size(16.0)).wrap());
        ui.add(egui::Label::new(RichText::new(&row.zh).weak()).wrap());
        if !row.situation.is_empty() {
            ui.add(egui::Label::new(RichText::new(&row.situation).small().weak()).wrap());
        }
        if !row.tags.is_empty() {
            // Each tag whole: the line breaks between tags, never inside one.
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 6.0;
                for tag in &row.tags {
                    ui.add(
                        egui::Label::new(RichText::new(format!("#{tag}")).small().weak())
                            .wrap_mode(egui::TextWrapMode::Extend),
                    );
                }
            });
        }
    });
}

fn status_text(status: CardStatus, labels: &Labels, ui: &egui::Ui) -> RichText {
    match status {
        CardStatus::New => RichText::new(labels.new).color(palette::NEW.in_ui(ui)),
        CardStatus::Learning => RichText::new(labels.learning).color(palette::LEARNING.in_ui(ui)),
        CardStatus::Due => RichText::new(labels.due).color(palette::DUE.in_ui(ui)),
        CardStatus::InDays(days) => RichText::new(labels.in_days.replace("{n}", &days.to_string())),
    }
}
