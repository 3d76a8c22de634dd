//! Drawing the Decks screen: the decks on the left, the cards on the right with the search, the
//! filter, the chosen cards' actions and each card's marks.

use eframe::egui::{self, RichText};

use super::forms::{copy_form, delete_form, new_deck_form};
use super::{
    CardFilter, CardRow, CardStatus, CopyForm, DecksInput, DecksScreen, NewLimit, parse_new_limit,
};
use crate::deck::{Deck, Source};
use crate::store::{Language, Mark};
use crate::ui::editor::DeckForm;
use crate::ui::i18n::Labels;
use crate::ui::model::Model;
use crate::ui::palette;
use crate::ui::study::{FLAG_COLOURS, flag_name};

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
                let mut text = match second(deck, language) {
                    "" => first(deck, language).to_owned(),
                    other => format!("{}\n{other}", first(deck, language)),
                };
                let hidden = model.store.is_deck_hidden(&deck.id);
                if hidden {
                    text.push_str(&format!("\n({})", labels.hidden_from_study));
                }
                let mut rich = RichText::new(text).size(15.0);
                if hidden {
                    rich = rich.weak();
                }
                let response = ui.selectable_label(selected, rich);
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
        // The selected deck, or what the search or filter found in every deck.
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
                if ui.button(labels.import).clicked() {
                    input = Some(DecksInput::Import);
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
            ui.horizontal_wrapped(|ui| {
                ui.label(labels.show_cards);
                for filter in CardFilter::ALL {
                    if ui
                        .selectable_label(screen.filter == filter, filter_label(filter, labels))
                        .clicked()
                    {
                        screen.filter = filter;
                    }
                }
            });
            ui.add_space(4.0);
            let across = screen.across_decks();
            if !across
                && let Some((source, deck)) = decks
                    .iter()
                    .find(|(_, d)| Some(d.id.as_str()) == screen.selected.as_deref())
                && let Some(asked) = deck_header(ui, screen, model, source, deck, labels, language)
            {
                input = Some(asked);
            }
            match &screen.message {
                Some(Ok(done)) => {
                    ui.label(RichText::new(format!("✔ {done}")).weak());
                }
                Some(Err(why)) => {
                    ui.colored_label(ui.visuals().error_fg_color, why);
                }
                None => {}
            }
            if let Some(asked) = chosen_bar(ui, screen, model, labels, language) {
                input = Some(asked);
            }
            screen.rows(model, now_ms);
            let groups = screen
                .rows
                .as_ref()
                .map_or(&[][..], |shown| &shown.groups[..]);
            if groups.iter().all(|(_, rows)| rows.is_empty()) {
                ui.label(RichText::new(labels.no_cards_match).weak());
            }
            let chosen = &mut screen.chosen;
            let mut budget = screen.rows_shown;
            let mut more = false;
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| {
                    for (deck_id, rows) in groups {
                        if budget == 0 {
                            more = true;
                            break;
                        }
                        if across && let Some(deck) = model.library.deck(deck_id) {
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
                        let shown = &rows[..rows.len().min(budget)];
                        budget -= shown.len();
                        more |= shown.len() < rows.len();
                        if let Some(card) = card_grid(ui, deck_id, shown, own, chosen, labels) {
                            input = Some(DecksInput::Edit {
                                deck: deck_id.clone(),
                                card: Some(card),
                            });
                        }
                    }
                    if more && ui.button(labels.show_more).clicked() {
                        screen.rows_shown += super::ROWS_SHOWN;
                    }
                });
        });
    });
    for asked in [
        new_deck_form(ui.ctx(), screen, &model.library, labels),
        copy_form(ui.ctx(), screen, &model.library, labels),
        delete_form(ui.ctx(), screen, labels),
    ]
    .into_iter()
    .flatten()
    {
        input = Some(asked);
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
                    crate::ui::settings::problem(labels, crate::ui::settings::Field::NewPerDay),
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
        match source {
            Source::User(_) => {
                if ui.button(labels.edit_deck).clicked() {
                    input = Some(DecksInput::Edit {
                        deck: deck.id.clone(),
                        card: None,
                    });
                }
            }
            Source::BuiltIn(_) => {
                if ui
                    .button(labels.copy_deck)
                    .on_hover_text(labels.copy_deck_hint)
                    .clicked()
                {
                    screen.copy = Some(CopyForm::of(deck, &model.library));
                }
            }
        }
        if ui.button(labels.export).clicked() {
            input = Some(DecksInput::Export(deck.id.clone()));
        }
        let hidden = model.store.is_deck_hidden(&deck.id);
        let (text, hint) = if hidden {
            (labels.show_in_study, labels.show_in_study_hint)
        } else {
            (labels.hide_from_study, labels.hide_from_study_hint)
        };
        if ui.button(text).on_hover_text(hint).clicked() {
            input = Some(DecksInput::SetHidden(deck.id.clone(), !hidden));
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

/// One deck's rows: a box to choose the card, the card (filling the width), its marks and where it
/// stands, with an Edit button on the learner's own decks. Returns the card whose Edit was clicked.
fn card_grid(
    ui: &mut egui::Ui,
    deck_id: &str,
    rows: &[CardRow],
    own: bool,
    chosen: &mut std::collections::BTreeSet<super::CardRef>,
    labels: &Labels,
) -> Option<String> {
    let status_width = 110.0;
    let card_width = (ui.available_width() - status_width - 64.0).max(240.0);
    let mut edit = None;
    egui::Grid::new(("deck-cards", deck_id))
        .striped(true)
        .num_columns(3)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            for row in rows {
                let key = (deck_id.to_owned(), row.id.clone());
                let mut on = chosen.contains(&key);
                if ui
                    .checkbox(&mut on, "")
                    .on_hover_text(labels.choose_card)
                    .changed()
                {
                    if on {
                        chosen.insert(key);
                    } else {
                        chosen.remove(&key);
                    }
                }
                card_cell(ui, row, labels, card_width);
                ui.vertical(|ui| {
                    ui.set_min_width(status_width);
                    ui.label(status_text(row.status, labels, ui));
                    marks_text(ui, row, labels);
                    if own && ui.small_button(labels.edit).clicked() {
                        edit = Some(row.id.clone());
                    }
                });
                ui.end_row();
            }
        });
    edit
}

/// A card's marks under its status: suspended, buried, its flag, leech.
fn marks_text(ui: &mut egui::Ui, row: &CardRow, labels: &Labels) {
    let marks = &row.marks;
    if marks.suspended {
        ui.label(
            RichText::new(labels.suspended)
                .small()
                .color(ui.visuals().warn_fg_color),
        );
    }
    if marks.buried {
        ui.label(RichText::new(labels.buried).small().weak());
    }
    if marks.flag > 0 {
        ui.label(
            RichText::new(format!("⚑ {}", flag_name(marks.flag, labels)))
                .small()
                .color(FLAG_COLOURS[usize::from(marks.flag - 1)]),
        );
    }
    if marks.leech {
        ui.label(
            RichText::new(labels.leech)
                .small()
                .color(ui.visuals().error_fg_color),
        )
        .on_hover_text(labels.leech_hint);
    }
}

/// What the filter row calls a filter.
fn filter_label(filter: CardFilter, labels: &Labels) -> &'static str {
    match filter {
        CardFilter::All => labels.filter_all,
        CardFilter::Suspended => labels.suspended,
        CardFilter::Buried => labels.buried,
        CardFilter::Flagged => labels.flagged,
        CardFilter::Leeches => labels.leeches,
    }
}

/// The chosen cards' actions, while any are chosen: suspend, unsuspend, flag, move to another of
/// the learner's decks, delete.
fn chosen_bar(
    ui: &mut egui::Ui,
    screen: &mut DecksScreen,
    model: &Model,
    labels: &Labels,
    language: Language,
) -> Option<DecksInput> {
    if screen.chosen.is_empty() {
        return None;
    }
    let mut input = None;
    let cards: Vec<super::CardRef> = screen.chosen.iter().cloned().collect();
    let all_own = cards
        .iter()
        .all(|(deck, _)| matches!(model.library.source(deck), Some(Source::User(_))));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(labels.n_chosen.replace("{n}", &cards.len().to_string())).strong(),
            );
            for (label, mark) in [
                (labels.suspend, Mark::Suspend),
                (labels.unsuspend, Mark::Unsuspend),
                (labels.bury, Mark::Bury),
                (labels.unbury, Mark::Unbury),
            ] {
                if ui.button(label).clicked() {
                    input = Some(DecksInput::Mark(cards.clone(), mark));
                }
            }
            ui.menu_button(labels.flag, |ui| {
                for n in 1..=7u8 {
                    let text = RichText::new(format!("⚑ {}", flag_name(n, labels)))
                        .color(FLAG_COLOURS[usize::from(n - 1)]);
                    if ui.button(text).clicked() {
                        input = Some(DecksInput::Mark(cards.clone(), Mark::Flag(n)));
                        ui.close();
                    }
                }
                if ui.button(labels.no_flag).clicked() {
                    input = Some(DecksInput::Mark(cards.clone(), Mark::Flag(0)));
                    ui.close();
                }
            });
            ui.add_enabled_ui(all_own, |ui| {
                ui.menu_button(labels.move_to, |ui| {
                    for (source, deck) in &model.library.decks {
                        if matches!(source, Source::User(_))
                            && ui.button(first(deck, language)).clicked()
                        {
                            input = Some(DecksInput::Move(cards.clone(), deck.id.clone()));
                            ui.close();
                        }
                    }
                })
                .response
                .on_disabled_hover_text(labels.only_own_decks);
                if ui
                    .button(labels.delete)
                    .on_disabled_hover_text(labels.only_own_decks)
                    .clicked()
                {
                    screen.confirm_delete = true;
                }
            });
            if ui.button(labels.clear_choice).clicked() {
                screen.chosen.clear();
            }
        });
    });
    input
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
