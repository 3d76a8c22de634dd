//! Decks: every deck with where it comes from, and the selected deck's cards with where each stands,
//! searchable. [`DecksScreen::cards`] works out the rows without egui; [`show`] draws them.

use eframe::egui::{self, RichText};

use super::i18n::Labels;
use super::model::Model;
use super::palette;
use crate::deck::{Card, Deck, Source};
use crate::srs::{ItemState, Phase};
use crate::store::{Language, Store};

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
    /// The first variant's English and Chinese, and how many variants the template has.
    pub en: String,
    pub zh: String,
    pub variants: usize,
    pub situation: String,
    pub tags: Vec<String>,
    pub status: CardStatus,
}

/// Which deck is selected and what is searched; the rows are worked out when either changes.
#[derive(Debug, Default)]
pub struct DecksScreen {
    pub selected: Option<String>,
    pub search: String,
    rows: Option<(String, String, Vec<CardRow>)>,
}

impl DecksScreen {
    /// The selected deck's cards that match the search (in English, Chinese, situation or tags,
    /// ignoring case), in deck order.
    pub fn cards(model: &Model, deck: &Deck, search: &str, now_ms: i64) -> Vec<CardRow> {
        let needle = search.trim().to_lowercase();
        deck.cards
            .iter()
            .filter(|card| needle.is_empty() || matches(card, &needle))
            .map(|card| {
                let variant = card.variant(0);
                CardRow {
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

    /// The rows for the current deck and search, from the cache when neither changed.
    fn rows(&mut self, model: &Model, deck: &Deck, now_ms: i64) -> &[CardRow] {
        let fresh =
            matches!(&self.rows, Some((id, search, _)) if *id == deck.id && *search == self.search);
        if !fresh {
            let rows = DecksScreen::cards(model, deck, &self.search, now_ms);
            self.rows = Some((deck.id.clone(), self.search.clone(), rows));
        }
        self.rows.as_ref().map_or(&[], |(_, _, rows)| rows)
    }

    /// Forgets the rows, so they are worked out again (after answers or a deck change).
    pub fn refresh(&mut self) {
        self.rows = None;
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
) {
    let decks = &model.library.decks;
    if screen.selected.is_none() {
        screen.selected = decks.first().map(|(_, deck)| deck.id.clone());
    }
    ui.horizontal_top(|ui| {
        // The decks, on the left.
        ui.vertical(|ui| {
            ui.set_width(230.0);
            for (source, deck) in decks {
                let selected = screen.selected.as_deref() == Some(deck.id.as_str());
                let text = format!("{}\n{}", first(deck, language), second(deck, language));
                let response = ui.selectable_label(selected, RichText::new(text).size(15.0));
                ui.add_space(4.0);
                let response = response.on_hover_text(about(source, deck, labels));
                if response.clicked() && !selected {
                    screen.selected = Some(deck.id.clone());
                    screen.search.clear();
                }
            }
            for failure in &model.library.failures {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("{} {}", labels.deck_not_loaded, failure.path.display()),
                );
            }
        });
        ui.separator();
        // The selected deck's cards.
        ui.vertical(|ui| {
            let Some((source, deck)) = decks
                .iter()
                .find(|(_, d)| Some(d.id.as_str()) == screen.selected.as_deref())
            else {
                return;
            };
            ui.heading(format!(
                "{} · {}",
                first(deck, language),
                second(deck, language)
            ));
            ui.label(RichText::new(about(source, deck, labels)).weak());
            if !deck.description.is_empty() {
                ui.label(&deck.description);
            }
            ui.horizontal(|ui| {
                let label = ui.label(labels.search);
                ui.add(egui::TextEdit::singleline(&mut screen.search).desired_width(220.0))
                    .labelled_by(label.id);
            });
            ui.add_space(4.0);
            let rows = screen.rows(model, deck, now_ms);
            if rows.is_empty() {
                ui.label(RichText::new(labels.no_cards_match).weak());
            }
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| {
                    egui::Grid::new("deck-cards")
                        .striped(true)
                        .num_columns(2)
                        .spacing([16.0, 8.0])
                        .show(ui, |ui| {
                            for row in rows {
                                card_cell(ui, row, labels);
                                ui.label(status_text(row.status, labels, ui));
                                ui.end_row();
                            }
                        });
                });
        });
    });
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

fn card_cell(ui: &mut egui::Ui, row: &CardRow, labels: &Labels) {
    ui.vertical(|ui| {
        // A minimum width, or the grid squeezes the text a letter per line.
        ui.set_min_width(420.0);
        let mut en = row.en.clone();
        if row.variants > 1 {
            en.push_str(&format!("  (+{} {})", row.variants - 1, labels.variants));
        }
        ui.add(egui::Label::new(RichText::new(en).size(16.0)).wrap());
        ui.add(egui::Label::new(RichText::new(&row.zh).weak()).wrap());
        if !row.situation.is_empty() || !row.tags.is_empty() {
            let tags = row.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>();
            let line = [row.situation.clone(), tags.join(" ")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            ui.add(egui::Label::new(RichText::new(line).small().weak()).wrap());
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
