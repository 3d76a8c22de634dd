//! Drawing the Decks screen: the decks on the left, the cards on the right with the search, the
//! filter, the chosen cards' actions and each card's marks.

use eframe::egui::{self, RichText};

use super::forms::{copy_form, delete_form, new_deck_form};
use super::{
    CardFilter, CardRow, CardStatus, CopyForm, DecksInput, DecksScreen, Line, NewLimit,
    parse_new_limit,
};
use crate::deck::{Deck, Source};
use crate::store::{Language, Mark};
use crate::ui::editor::DeckForm;
use crate::ui::i18n::{Labels, counted};
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
    // A recording can be played back where there is a player.
    let can_play = model.speech.can_play();
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
                // Its file broke after it loaded: this is the deck as it last loaded.
                let broken = match source {
                    Source::User(path) => model.library.failures.iter().any(|f| f.path == *path),
                    Source::BuiltIn(_) => false,
                };
                if broken {
                    text.push_str(&format!("\n⚠ {}", labels.last_good_version));
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
                    screen.message = None;
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
                )
                .on_hover_text(
                    failure
                        .errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n"),
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
                if ui.button(labels.import_deck).clicked() {
                    input = Some(DecksInput::Import);
                }
            });
            ui.horizontal(|ui| {
                let label = ui.label(labels.search);
                let typed = ui
                    .add(
                        egui::TextEdit::singleline(&mut screen.search)
                            .hint_text(labels.search_every_deck)
                            .desired_width(340.0),
                    )
                    .labelled_by(label.id);
                if typed.changed() {
                    screen.message = None;
                }
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
                        screen.message = None;
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
            // One line, always there, so a message never moves the list.
            let message = match &screen.message {
                Some(Ok(done)) => RichText::new(format!("✔ {done}")).weak(),
                Some(Err(why)) => RichText::new(why).color(ui.visuals().error_fg_color),
                None => RichText::new(" "),
            };
            let full = match &screen.message {
                Some(Ok(text) | Err(text)) => text.clone(),
                None => String::new(),
            };
            ui.add(egui::Label::new(message).truncate())
                .on_hover_text(full);
            if let Some(asked) = chosen_bar(ui, screen, model, labels, language) {
                input = Some(asked);
            }
            screen.rows(model, now_ms);
            let Some(shown) = screen.rows.as_mut() else {
                return;
            };
            if !shown
                .lines
                .iter()
                .any(|line| matches!(line, Line::Card(..)))
            {
                ui.label(RichText::new(labels.no_cards_match).weak());
            }
            // Equal-height lines, so only those in view are laid out, and each card's row is
            // worked out once, when it first comes into view: a deck may hold 20,000 cards.
            let chosen = &mut screen.chosen;
            egui::ScrollArea::vertical().auto_shrink(false).show_rows(
                ui,
                ROW_HEIGHT,
                shown.lines.len(),
                |ui, range| {
                    ui.spacing_mut().item_spacing.y = 0.0;
                    for index in range {
                        let clicked = match shown.lines[index] {
                            Line::Deck(d, n) => {
                                deck_line(ui, &decks[d].1, n, language);
                                None
                            }
                            Line::Card(d, c) => {
                                let (source, deck) = &decks[d];
                                let row = shown.rows.entry((d, c)).or_insert_with(|| {
                                    DecksScreen::row(model, deck, &deck.cards[c], now_ms)
                                });
                                let own = matches!(source, Source::User(_));
                                let line = CardLine {
                                    index,
                                    deck_id: &deck.id,
                                    own,
                                    can_play,
                                };
                                card_line(ui, &line, row, chosen, labels)
                            }
                        };
                        if clicked.is_some() {
                            input = clicked;
                        }
                    }
                },
            );
        });
    });
    for asked in [
        new_deck_form(ui.ctx(), screen, &model.library, labels, language),
        copy_form(ui.ctx(), screen, &model.library, labels, language),
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
        if ui.button(labels.export_deck).clicked() {
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

/// The height of every line of the card list, in points.
const ROW_HEIGHT: f32 = 72.0;

/// A deck's heading in a list that covers every deck: its name and how many of its cards match.
fn deck_line(ui: &mut egui::Ui, deck: &Deck, n: usize, language: Language) {
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), ROW_HEIGHT),
        egui::Sense::hover(),
    );
    ui.scope_builder(
        egui::UiBuilder::new().max_rect(rect.shrink2(egui::vec2(0.0, 6.0))),
        |ui| {
            ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
                ui.label(RichText::new(format!("{} ({n})", first(deck, language))).strong());
            });
        },
    );
}

/// Where a card's line stands and what it may offer.
#[derive(Clone, Copy)]
struct CardLine<'a> {
    index: usize,
    deck_id: &'a str,
    /// In one of the learner's decks: Edit is there.
    own: bool,
    /// A player was found: the learner's recordings can be played.
    can_play: bool,
}

/// One card's line: a box to choose it, its English, Chinese, situation and tags (each on one line,
/// cut with … and whole on hover), where it stands, its marks, and Edit on the learner's own decks.
/// Returns Edit or a recording's ▶, if clicked.
fn card_line(
    ui: &mut egui::Ui,
    line: &CardLine<'_>,
    row: &CardRow,
    chosen: &mut std::collections::BTreeSet<super::CardRef>,
    labels: &Labels,
) -> Option<DecksInput> {
    let CardLine {
        index,
        deck_id,
        own,
        can_play,
    } = *line;
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), ROW_HEIGHT),
        egui::Sense::hover(),
    );
    if index % 2 == 1 {
        ui.painter()
            .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    }
    let mut edit = None;
    let status_width = 130.0;
    let inner = rect.shrink2(egui::vec2(4.0, 4.0));
    ui.scope_builder(egui::UiBuilder::new().max_rect(inner), |ui| {
        ui.horizontal_top(|ui| {
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
            let text_width = (ui.available_width() - status_width - 8.0).max(120.0);
            ui.vertical(|ui| {
                ui.set_width(text_width);
                ui.spacing_mut().item_spacing.y = 1.0;
                let mut en = row.en.clone();
                if row.variants > 1 {
                    en.push_str(&format!(
                        "  (+{})",
                        counted(labels.n_variants_one, labels.n_variants, row.variants - 1)
                    ));
                }
                ui.add(egui::Label::new(RichText::new(en).size(16.0)).truncate());
                ui.add(egui::Label::new(RichText::new(&row.zh).weak()).truncate());
                let mut context = row.situation.replace('\n', " ");
                for tag in &row.tags {
                    if !context.is_empty() {
                        context.push_str("  ");
                    }
                    context.push('#');
                    context.push_str(tag);
                }
                if !context.is_empty() {
                    ui.add(egui::Label::new(RichText::new(context).small().weak()).truncate());
                }
            });
            ui.vertical(|ui| {
                ui.set_width(status_width);
                ui.spacing_mut().item_spacing.y = 1.0;
                ui.label(status_text(row.status, labels, ui));
                marks_text(ui, row, labels);
                ui.horizontal(|ui| {
                    if own && ui.small_button(labels.edit).clicked() {
                        edit = Some(DecksInput::Edit {
                            deck: deck_id.to_owned(),
                            card: Some(row.id.clone()),
                        });
                    }
                    if can_play {
                        for (direction, path, phrase) in &row.recorded {
                            if ui
                                .small_button("▶")
                                .on_hover_text(format!(
                                    "{} · {} · {phrase}",
                                    labels.your_recording,
                                    labels.direction(*direction)
                                ))
                                .clicked()
                            {
                                edit = Some(DecksInput::PlayRecording(path.clone()));
                            }
                        }
                    }
                });
            });
        });
    });
    // The whole card on hover, built only then.
    response.on_hover_ui(|ui| {
        ui.set_max_width(420.0);
        ui.label(RichText::new(&row.en).strong());
        ui.label(&row.zh);
        if !row.situation.is_empty() {
            ui.label(RichText::new(&row.situation).small());
        }
    });
    edit
}

/// A card's marks on one line under its status: suspended, buried, its flag, leech.
fn marks_text(ui: &mut egui::Ui, row: &CardRow, labels: &Labels) {
    let marks = &row.marks;
    if !(marks.suspended || marks.buried || marks.flag > 0 || marks.leech) {
        return;
    }
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
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
                RichText::new("⚑")
                    .small()
                    .color(FLAG_COLOURS[usize::from(marks.flag - 1)]),
            )
            .on_hover_text(flag_name(marks.flag, labels));
        }
        if marks.leech {
            ui.label(
                RichText::new(labels.leech)
                    .small()
                    .color(ui.visuals().error_fg_color),
            )
            .on_hover_text(labels.leech_hint);
        }
    });
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
    let mut input = None;
    let cards: Vec<super::CardRef> = screen.chosen.iter().cloned().collect();
    if cards.is_empty() {
        // The bar's place is kept, so ticking the first card moves nothing under the pointer.
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.add_enabled(
                    false,
                    egui::Button::new(RichText::new(labels.suspend).small()),
                );
                ui.label(RichText::new(labels.choose_cards_hint).weak());
            });
        });
        return None;
    }
    // The decks the chosen cards are in: moving them there does nothing.
    let from: std::collections::BTreeSet<&str> =
        cards.iter().map(|(deck, _)| deck.as_str()).collect();
    let all_own = cards
        .iter()
        .all(|(deck, _)| matches!(model.library.source(deck), Some(Source::User(_))));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            // Small, so the bar holds every action on one line and keeps its height.
            ui.spacing_mut().item_spacing.x = 5.0;
            ui.label(
                RichText::new(labels.n_chosen.replace("{n}", &cards.len().to_string())).strong(),
            );
            for (label, mark) in [
                (labels.suspend, Mark::Suspend),
                (labels.unsuspend, Mark::Unsuspend),
                (labels.bury, Mark::Bury),
                (labels.unbury, Mark::Unbury),
            ] {
                if ui.small_button(label).clicked() {
                    input = Some(DecksInput::Mark(cards.clone(), mark));
                }
            }
            ui.menu_button(RichText::new(labels.flag).small(), |ui| {
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
                ui.menu_button(RichText::new(labels.move_to).small(), |ui| {
                    for (source, deck) in &model.library.decks {
                        if matches!(source, Source::User(_))
                            && !(from.len() == 1 && from.contains(deck.id.as_str()))
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
                    .small_button(labels.delete)
                    .on_disabled_hover_text(labels.only_own_decks)
                    .clicked()
                {
                    screen.confirm_delete = true;
                }
            });
            if ui.small_button(labels.clear_choice).clicked() {
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
        "{from} · {} · {}",
        counted(labels.n_cards_one, labels.n_cards, deck.cards.len()),
        counted(labels.n_items_one, labels.n_items, deck.n_items())
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

fn status_text(status: CardStatus, labels: &Labels, ui: &egui::Ui) -> RichText {
    match status {
        CardStatus::New => RichText::new(labels.new).color(palette::NEW.in_ui(ui)),
        CardStatus::Learning => RichText::new(labels.learning).color(palette::LEARNING.in_ui(ui)),
        CardStatus::Due => RichText::new(labels.due).color(palette::DUE.in_ui(ui)),
        CardStatus::InDays(days) => RichText::new(labels.in_days.replace("{n}", &days.to_string())),
    }
}
