//! Drawing the Study screen: a fixed header (where the session stands), the cue and the answer
//! side in a scroll area, the grade buttons pinned under it, and the wait for a card's step. It
//! only draws what [`StudyScreen`] holds and returns what was pressed; every decision is the
//! screen's (or the session's).

use eframe::egui::{self, Color32, RichText, text::LayoutJob};

use super::{CardView, Notice, StudyInput, StudyScreen};
use crate::deck::Direction;
use crate::speech::Activity;
use crate::srs::Rating;
use crate::store::{Language, Mark, StudyMode};
use crate::study::DiffWord;
use crate::ui::fonts::cue_style;
use crate::ui::i18n::{Labels, interval_text};
use crate::ui::palette;

/// A rating's colour: its grade button, the verdict on a typed or chosen answer, the word diff.
fn rating_color(rating: Rating, dark: bool) -> Color32 {
    match rating {
        Rating::Again => palette::RED,
        Rating::Hard => palette::AMBER,
        Rating::Good => palette::GREEN,
        Rating::Easy => palette::BLUE,
    }
    .on(dark)
}

/// Draws the screen; returns what was pressed. A fixed header (where the session stands), the
/// cue and answer in a scroll area, and the grade buttons pinned under it, so at any window size
/// nothing is hidden behind anything else.
pub fn show(
    ui: &mut egui::Ui,
    screen: &mut StudyScreen,
    labels: &Labels,
    language: Language,
    now_ms: i64,
) -> Option<StudyInput> {
    if let (None, Some(until)) = (&screen.card, screen.waiting_until) {
        return show_waiting(ui, screen.reviewed, until, labels, language, now_ms);
    }
    let mut input = None;
    let dark = ui.visuals().dark_mode;
    let notice = screen.notice;
    let reviewed = screen.reviewed;
    let progress = screen.progress;
    let chosen_mode = screen.mode;
    let voice = Voice {
        speak: screen.can_speak,
        record: screen.can_record,
        activity: screen.activity,
    };
    let mut screen_every_direction = screen.every_direction;
    let card = screen.card.as_mut()?;
    ui.horizontal_wrapped(|ui| {
        let deck_name = match (language, card.prompt.deck_name_zh.is_empty()) {
            (Language::Chinese, false) => &card.prompt.deck_name_zh,
            _ => &card.prompt.deck_name,
        };
        ui.label(RichText::new(deck_name).strong());
        ui.label("·");
        ui.label(labels.direction(card.prompt.direction));
        ui.label("·");
        ui.label(labels.mode(card.asked));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(labels.end_session).clicked() {
                input = Some(StudyInput::End);
            }
            if ui.button(labels.undo).clicked() {
                input = Some(StudyInput::Undo);
            }
            if card.editable
                && ui
                    .button(labels.edit)
                    .on_hover_text(labels.edit_card_hint)
                    .clicked()
            {
                input = Some(StudyInput::Edit);
            }
            ui.label(format!(
                "{}{c}{}   {}{c}{}",
                labels.reviewed,
                reviewed,
                labels.left,
                card.left,
                c = labels.colon
            ));
        });
    });
    if let Some(mark) = card_actions(ui, card, &mut screen_every_direction, labels) {
        input = Some(StudyInput::Mark(mark));
    }
    ui.add(egui::ProgressBar::new(progress).desired_height(6.0));
    ui.add_space(6.0);

    if card.revealed {
        egui::Panel::bottom("grades")
            .show_separator_line(true)
            .show(ui, |ui| {
                ui.add_space(6.0);
                ui.vertical_centered(|ui| {
                    show_grades(ui, card, labels, language, dark, &mut input)
                });
                ui.add_space(4.0);
            });
    }
    egui::ScrollArea::vertical()
        .id_salt("study")
        .auto_shrink(false)
        .show(ui, |ui| {
            let width = ui.available_width().min(760.0);
            ui.vertical_centered(|ui| {
                ui.set_max_width(width);
                show_cue(ui, card, labels, &voice, &mut input);
                if card.asked != chosen_mode && chosen_mode != StudyMode::Listen {
                    // A meaning is never typed: say why this card is asked another way.
                    let why = match card.asked {
                        StudyMode::Choice => labels.choose_meaning,
                        _ => labels.recall_meaning,
                    };
                    ui.label(RichText::new(why).weak());
                }
                ui.add_space(12.0);
                match card.asked {
                    StudyMode::Flip | StudyMode::Listen => {
                        let label = match card.asked {
                            StudyMode::Listen => labels.show_english,
                            _ => labels.show_answer,
                        };
                        if !card.revealed
                            && ui
                                .add(egui::Button::new(label).min_size(egui::vec2(200.0, 36.0)))
                                .clicked()
                        {
                            input = Some(StudyInput::Reveal);
                        }
                    }
                    StudyMode::Type => show_typing(ui, card, labels, dark, &mut input),
                    StudyMode::Choice => show_choice(ui, card, labels, dark, &mut input),
                }
                if card.revealed {
                    ui.add_space(8.0);
                    let answer = show_answer_side(ui, card, labels, &voice, &mut input);
                    // Once, when the answer appears: scroll so its first lines are in view,
                    // whatever the window's height.
                    if !std::mem::replace(&mut card.answer_in_view, true) {
                        ui.scroll_to_rect(answer, None);
                    }
                }
                ui.add_space(10.0);
                match notice {
                    Some(Notice::Undone) => {
                        ui.label(RichText::new(labels.undone).italics());
                    }
                    Some(Notice::Marked(mark)) => {
                        ui.label(RichText::new(marked_text(mark, labels)).italics());
                    }
                    Some(Notice::UndoneMark(mark)) => {
                        ui.label(
                            RichText::new(labels.undone_mark.replace("{what}", &labels.mark(mark)))
                                .italics(),
                        );
                    }
                    Some(Notice::SaveFailed) => {
                        ui.colored_label(rating_color(Rating::Again, dark), labels.save_failed);
                    }
                    None => {}
                }
                let keys = match card.asked {
                    StudyMode::Flip if card.revealed => labels.keys_grade,
                    StudyMode::Flip => labels.keys_flip,
                    StudyMode::Type => labels.keys_type,
                    StudyMode::Choice if card.revealed => labels.keys_chosen,
                    StudyMode::Choice => labels.keys_choice,
                    StudyMode::Listen if card.revealed => labels.keys_grade,
                    StudyMode::Listen => labels.keys_listen,
                };
                ui.label(RichText::new(keys).small().weak());
                if voice.speak && card.english_shown() {
                    let speech_keys = if voice.record {
                        format!("{} · {}", labels.keys_speak, labels.keys_shadow)
                    } else {
                        labels.keys_speak.to_owned()
                    };
                    ui.label(RichText::new(speech_keys).small().weak());
                }
                ui.add_space(8.0);
            });
        });
    screen.every_direction = screen_every_direction;
    input
}

/// No card yet: the next one is back after half its step. Says when, offers it now, and asks
/// egui for a frame when it is due (and every half minute, for the countdown).
fn show_waiting(
    ui: &mut egui::Ui,
    reviewed: usize,
    until: i64,
    labels: &Labels,
    language: Language,
    now_ms: i64,
) -> Option<StudyInput> {
    let mut input = None;
    let left = (until - now_ms).max(0);
    // A frame when the card is ready, and one every half minute so the minutes shown are right.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(left.min(30_000) as u64));
    ui.horizontal(|ui| {
        ui.label(format!("{}{}{reviewed}", labels.reviewed, labels.colon));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(labels.end_session).clicked() {
                input = Some(StudyInput::End);
            }
            if ui.button(labels.undo).clicked() {
                input = Some(StudyInput::Undo);
            }
        });
    });
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        ui.heading(
            labels
                .waiting_title
                .replace("{in}", &interval_text((left + 999) / 1000, language)),
        );
        ui.add_space(8.0);
        ui.add(egui::Label::new(RichText::new(labels.waiting_why).weak()).wrap());
        ui.add_space(16.0);
        if ui
            .add(egui::Button::new(labels.study_it_now).min_size(egui::vec2(200.0, 36.0)))
            .clicked()
        {
            input = Some(StudyInput::StudyEarly);
        }
        ui.add_space(8.0);
        ui.label(RichText::new(labels.keys_waiting).small().weak());
    });
    if left == 0 && input.is_none() {
        input = Some(StudyInput::Resume);
    }
    input
}

/// What the screen can do with sound, and what it is doing.
struct Voice {
    speak: bool,
    record: bool,
    activity: Activity,
}

/// The speak, slowly and shadowing buttons for the English on screen, the learner's last
/// recording, and while recording, how long is left.
fn speech_row(
    ui: &mut egui::Ui,
    card: &CardView,
    labels: &Labels,
    voice: &Voice,
    input: &mut Option<StudyInput>,
) {
    if !voice.speak {
        return;
    }
    // Every slot has a fixed width, so nothing moves as a recording starts, runs and is kept.
    const BUTTON: f32 = 112.0;
    const LAST: f32 = 190.0;
    let spacing = ui.spacing().item_spacing.x;
    let width = if voice.record {
        3.0 * BUTTON + LAST + 3.0 * spacing
    } else {
        2.0 * BUTTON + spacing
    };
    let size = egui::vec2(BUTTON, 28.0);
    ui.horizontal(|ui| {
        ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
        let speak = egui::Button::new(labels.speak).min_size(size);
        if ui.add(speak).on_hover_text(labels.speak_hint).clicked() {
            *input = Some(StudyInput::Speak { slow: false });
        }
        let slowly = egui::Button::new(labels.speak_slowly).min_size(size);
        if ui
            .add(slowly)
            .on_hover_text(labels.speak_slowly_hint)
            .clicked()
        {
            *input = Some(StudyInput::Speak { slow: true });
        }
        if voice.record {
            let recording = matches!(voice.activity, Activity::Recording { .. });
            let button = egui::Button::new(labels.shadow)
                .selected(recording)
                .min_size(size);
            if ui.add(button).on_hover_text(labels.shadow_hint).clicked() {
                *input = Some(StudyInput::Shadow);
            }
            let last = egui::vec2(LAST, 28.0);
            if let Activity::Recording { started, max } = voice.activity {
                // The slot of "Your recording" shows the time left to speak.
                let done = started.elapsed().as_secs_f32() / max.as_secs_f32().max(0.1);
                // Red, as a recording light is: the deeper shade, under light text, in either theme.
                let red = palette::RED.on(false);
                ui.add_sized(
                    last,
                    egui::ProgressBar::new(done.min(1.0))
                        .fill(red)
                        .text(RichText::new(labels.recording_now).small()),
                );
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            } else {
                let play = egui::Button::new(labels.your_recording).min_size(last);
                let hint = if card.has_recording {
                    labels.your_recording_hint
                } else {
                    labels.no_recording_yet
                };
                if ui
                    .add_enabled(card.has_recording, play)
                    .on_hover_text(hint)
                    .on_disabled_hover_text(hint)
                    .clicked()
                {
                    *input = Some(StudyInput::PlayRecording);
                }
            }
        }
    });
}

fn show_cue(
    ui: &mut egui::Ui,
    card: &CardView,
    labels: &Labels,
    voice: &Voice,
    input: &mut Option<StudyInput>,
) {
    let p = &card.prompt;
    if card.again {
        ui.label(RichText::new(labels.last_one_again).italics());
    }
    if card.asked == StudyMode::Listen && !card.revealed {
        // Asked by ear: the English is heard, not shown.
        ui.label(RichText::new(labels.listen_cue).weak());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let width = 220.0 + 170.0 + ui.spacing().item_spacing.x;
            ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
            let again = egui::Button::new(RichText::new(labels.listen_again).size(20.0))
                .min_size(egui::vec2(220.0, 48.0));
            if ui.add(again).clicked() {
                *input = Some(StudyInput::Speak { slow: false });
            }
            let slowly = egui::Button::new(RichText::new(labels.listen_slowly).size(20.0))
                .min_size(egui::vec2(170.0, 48.0));
            if ui
                .add(slowly)
                .on_hover_text(labels.speak_slowly_hint)
                .clicked()
            {
                *input = Some(StudyInput::Speak { slow: true });
            }
        });
        return;
    }
    let ask = match p.direction {
        Direction::Produce => labels.cue_produce,
        Direction::Recognise => labels.cue_recognise,
        Direction::Reply => labels.cue_reply,
    };
    ui.label(RichText::new(ask).weak());
    ui.add_space(4.0);
    ui.add(egui::Label::new(RichText::new(&p.cue).text_style(cue_style()).strong()).wrap());
    if p.direction != Direction::Produce {
        speech_row(ui, card, labels, voice, input);
    }
    if p.direction == Direction::Produce
        && let Some(situation) = &p.situation
    {
        ui.add(
            egui::Label::new(
                RichText::new(format!("{}{}{situation}", labels.situation, labels.colon)).italics(),
            )
            .wrap(),
        );
    }
}

fn show_typing(
    ui: &mut egui::Ui,
    card: &mut CardView,
    labels: &Labels,
    dark: bool,
    input: &mut Option<StudyInput>,
) {
    let field = egui::TextEdit::singleline(&mut card.typed)
        .hint_text(labels.type_hint)
        .desired_width(ui.available_width().min(520.0))
        .font(egui::TextStyle::Heading)
        .interactive(!card.revealed);
    let response = ui.add(field);
    if !card.revealed {
        response.request_focus();
        if ui.button(labels.check).clicked() {
            *input = Some(StudyInput::Check);
        }
    }
    if card.empty_enter && !card.revealed {
        ui.label(RichText::new(labels.nothing_typed).weak());
    }
    if let Some(check) = &card.check {
        match check.suggested {
            Some(rating) => {
                let (text, color) = match rating {
                    Rating::Again => (labels.not_quite, rating_color(Rating::Again, dark)),
                    Rating::Hard => (labels.almost, rating_color(Rating::Hard, dark)),
                    Rating::Good | Rating::Easy => (labels.right, rating_color(Rating::Good, dark)),
                };
                ui.label(RichText::new(text).color(color).strong());
                ui.label(diff_job(ui, &check.diff, dark));
            }
            None => {
                ui.add(egui::Label::new(RichText::new(labels.own_reply).strong()).wrap());
            }
        }
    }
}

/// The word diff, coloured: kept words plain, extra words struck through in red, missing words in
/// green — in the card's own words.
fn diff_job(ui: &egui::Ui, diff: &[DiffWord], dark: bool) -> LayoutJob {
    let font = egui::TextStyle::Heading.resolve(ui.style());
    let plain = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    for (i, word) in diff.iter().enumerate() {
        if i > 0 {
            job.append(" ", 0.0, egui::TextFormat::simple(font.clone(), plain));
        }
        let (text, format) = match word {
            DiffWord::Same(w) => (w, egui::TextFormat::simple(font.clone(), plain)),
            DiffWord::Extra(w) => (
                w,
                egui::TextFormat {
                    strikethrough: egui::Stroke::new(1.5, rating_color(Rating::Again, dark)),
                    ..egui::TextFormat::simple(font.clone(), rating_color(Rating::Again, dark))
                },
            ),
            DiffWord::Missing(w) => (
                w,
                egui::TextFormat {
                    underline: egui::Stroke::new(1.5, rating_color(Rating::Good, dark)),
                    ..egui::TextFormat::simple(font.clone(), rating_color(Rating::Good, dark))
                },
            ),
        };
        job.append(text, 0.0, format);
    }
    job
}

fn show_choice(
    ui: &mut egui::Ui,
    card: &CardView,
    labels: &Labels,
    dark: bool,
    input: &mut Option<StudyInput>,
) {
    let Some(choice) = &card.choice else {
        return;
    };
    let width = ui.available_width().min(560.0);
    for (i, option) in choice.options.iter().enumerate() {
        let mut text = RichText::new(format!("{}.  {option}", i + 1)).size(18.0);
        // Once chosen, the right option is outlined in green and a wrong pick in red; colour on
        // the button's own fill keeps the text readable.
        let mut outline = egui::Stroke::NONE;
        if card.chosen.is_some() {
            if i == choice.correct {
                text = text.color(rating_color(Rating::Good, dark)).strong();
                outline = egui::Stroke::new(2.0, rating_color(Rating::Good, dark));
            } else if card.chosen == Some(i) {
                text = text
                    .color(rating_color(Rating::Again, dark))
                    .strikethrough();
                outline = egui::Stroke::new(2.0, rating_color(Rating::Again, dark));
            }
        }
        let button = egui::Button::new(text)
            .wrap()
            .min_size(egui::vec2(width, 40.0))
            .stroke(outline);
        if ui.add(button).clicked() && card.chosen.is_none() {
            *input = Some(StudyInput::Choose(i));
        }
    }
    if let Some(chosen) = card.chosen {
        let (text, color) = if chosen == choice.correct {
            (labels.right, rating_color(Rating::Good, dark))
        } else {
            (labels.not_quite, rating_color(Rating::Again, dark))
        };
        ui.label(RichText::new(text).color(color).strong());
    }
}

/// Draws the answer side; returns the rect of its first lines (the heading and the answer).
fn show_answer_side(
    ui: &mut egui::Ui,
    card: &CardView,
    labels: &Labels,
    voice: &Voice,
    input: &mut Option<StudyInput>,
) -> egui::Rect {
    let p = &card.prompt;
    let wrapped = |ui: &mut egui::Ui, text: RichText| {
        ui.add(egui::Label::new(text).wrap());
    };
    let mut first_lines = egui::Rect::NOTHING;
    egui::Frame::group(ui.style())
        .inner_margin(14.0)
        .corner_radius(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let heading = ui.label(RichText::new(labels.the_answer).weak());
            let expected = p.expected();
            let answer =
                ui.add(egui::Label::new(RichText::new(expected).size(22.0).strong()).wrap());
            first_lines = heading.rect.union(answer.rect).expand(8.0);
            if p.direction == Direction::Produce {
                speech_row(ui, card, labels, voice, input);
            }
            // The other language of the card (the cue is already on screen).
            if p.en != expected && p.en != p.cue {
                wrapped(ui, RichText::new(&p.en).size(18.0));
            }
            if p.zh != expected && p.zh != p.cue {
                wrapped(ui, RichText::new(&p.zh).size(18.0));
            }
            if p.direction == Direction::Produce && !p.also.is_empty() {
                wrapped(
                    ui,
                    RichText::new(format!(
                        "{}{}{}",
                        labels.also,
                        labels.colon,
                        p.also.join(" · ")
                    )),
                );
            }
            if p.direction != Direction::Produce
                && let Some(situation) = &p.situation
            {
                wrapped(
                    ui,
                    RichText::new(format!("{}{}{situation}", labels.situation, labels.colon)),
                );
            }
            if !p.replies.is_empty() {
                ui.add_space(4.0);
                ui.label(RichText::new(labels.replies).weak());
                for (n, reply) in p.replies.iter().enumerate() {
                    if voice.speak {
                        ui.horizontal_wrapped(|ui| {
                            if ui
                                .small_button("🔊")
                                .on_hover_text(labels.speak_reply_hint)
                                .clicked()
                            {
                                *input = Some(StudyInput::SpeakReply(n));
                            }
                            ui.add(egui::Label::new(RichText::new(reply)).wrap());
                        });
                    } else {
                        wrapped(ui, RichText::new(format!("• {reply}")));
                    }
                }
            }
            if let Some(notes) = &p.notes {
                ui.add_space(4.0);
                ui.label(RichText::new(labels.notes).weak());
                wrapped(ui, RichText::new(notes));
            }
        });
    first_lines
}

fn show_grades(
    ui: &mut egui::Ui,
    card: &CardView,
    labels: &Labels,
    language: Language,
    dark: bool,
    input: &mut Option<StudyInput>,
) {
    let hint = match card.selected {
        Some(rating) => format!(
            "{}{}{}",
            labels.suggested,
            labels.colon,
            labels.rating(rating)
        ),
        None if card.asked != StudyMode::Flip => labels.grade_yourself.to_owned(),
        None => String::new(),
    };
    if !hint.is_empty() {
        ui.label(RichText::new(hint).weak());
    }
    let spacing = ui.spacing().item_spacing.x;
    let width = ((ui.available_width().min(640.0) - 3.0 * spacing) / 4.0).max(80.0);
    ui.horizontal(|ui| {
        let used = 4.0 * width + 3.0 * spacing;
        ui.add_space(((ui.available_width() - used) / 2.0).max(0.0));
        // After a choice the number keys choose nothing more and grade nothing: the buttons do
        // not offer them.
        let keyed = card.asked != StudyMode::Choice;
        for (n, rating) in Rating::ALL.into_iter().enumerate() {
            let key = if keyed {
                format!("{} ", n + 1)
            } else {
                String::new()
            };
            let text = RichText::new(format!(
                "{key}{}\n{}",
                labels.rating(rating),
                interval_text(card.interval_secs[n], language)
            ))
            .color(rating_color(rating, dark));
            let button = egui::Button::new(text)
                .min_size(egui::vec2(width, 52.0))
                .selected(card.selected == Some(rating));
            if ui.add(button).clicked() {
                *input = Some(StudyInput::Grade(rating));
            }
        }
    });
}

/// Anki's flag colours, 1 to 7: red, orange, green, blue, pink, turquoise, purple.
pub const FLAG_COLOURS: [Color32; 7] = [
    Color32::from_rgb(0xe2, 0x4b, 0x4b),
    Color32::from_rgb(0xf0, 0x8c, 0x1c),
    Color32::from_rgb(0x3c, 0xa0, 0x4c),
    Color32::from_rgb(0x3b, 0x82, 0xf6),
    Color32::from_rgb(0xe8, 0x6f, 0xb5),
    Color32::from_rgb(0x1f, 0xb5, 0xac),
    Color32::from_rgb(0x9b, 0x5d, 0xe5),
];

/// A flag's name, 1 to 7 ([`Labels::flag_name`]).
pub fn flag_name(flag: u8, labels: &Labels) -> &'static str {
    labels.flag_name(flag)
}

/// What a mark did, as the notice under the card says it.
fn marked_text(mark: Mark, labels: &Labels) -> String {
    match mark {
        Mark::Suspend => labels.marked_suspended.to_owned(),
        Mark::Unsuspend => labels.marked_unsuspended.to_owned(),
        Mark::Bury => labels.marked_buried.to_owned(),
        Mark::Unbury => labels.marked_unburied.to_owned(),
        Mark::Flag(0) => labels.flag_cleared.to_owned(),
        Mark::Flag(flag) => labels
            .marked_flag
            .replace("{flag}", flag_name(flag, labels)),
    }
}

/// Suspend, Bury and Flag for the card shown, and whether they act on every direction of it.
fn card_actions(
    ui: &mut egui::Ui,
    card: &CardView,
    every_direction: &mut bool,
    labels: &Labels,
) -> Option<Mark> {
    let mut mark = None;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        if ui
            .small_button(labels.suspend)
            .on_hover_text(labels.suspend_hint)
            .clicked()
        {
            mark = Some(Mark::Suspend);
        }
        if ui
            .small_button(labels.bury)
            .on_hover_text(labels.bury_hint)
            .clicked()
        {
            mark = Some(Mark::Bury);
        }
        let current = match card.flag {
            0 => RichText::new(labels.flag),
            n => RichText::new(format!("⚑ {}", flag_name(n, labels)))
                .color(FLAG_COLOURS[usize::from(n - 1)]),
        };
        // As wide whatever the flag's name, so the box beside it does not move.
        let flag_button = egui::Button::new(current.small()).min_size(egui::vec2(96.0, 0.0));
        egui::containers::menu::MenuButton::from_button(flag_button).ui(ui, |ui| {
            for n in 1..=7u8 {
                let text = RichText::new(format!("⚑ {}   Ctrl+{n}", flag_name(n, labels)))
                    .color(FLAG_COLOURS[usize::from(n - 1)]);
                if ui.selectable_label(card.flag == n, text).clicked() {
                    mark = Some(Mark::Flag(if card.flag == n { 0 } else { n }));
                    ui.close();
                }
            }
            if card.flag != 0 && ui.button(labels.no_flag).clicked() {
                mark = Some(Mark::Flag(0));
                ui.close();
            }
        });
        ui.checkbox(every_direction, labels.every_direction)
            .on_hover_text(labels.every_direction_hint);
    });
    mark
}
