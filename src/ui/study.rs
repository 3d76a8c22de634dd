//! The Study screen: one session, its current card, and what the learner has done with it.
//! [`StudyScreen`]'s methods are the whole behaviour (tests call them directly); `show` only draws
//! and reports what was pressed.

use eframe::egui::{self, Color32, Key, Modifiers, RichText, text::LayoutJob};
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::fonts::cue_style;
use super::i18n::Labels;
use super::model::Model;
use super::palette;
use crate::deck::Direction;
use crate::srs::{Rating, interval_label};
use crate::store::{Language, StudyMode};
use crate::study::{
    Check, Choice, DiffWord, Prompt, Session, SessionSummary, check_answer, choice_options,
    expected_answer,
};

/// The card on screen.
#[derive(Clone, Debug)]
pub struct CardView {
    pub prompt: Prompt,
    /// How many items are queued, this one included.
    pub left: usize,
    pub revealed: bool,
    pub typed: String,
    pub check: Option<Check>,
    pub choice: Option<Choice>,
    pub chosen: Option<usize>,
    /// The rating the grade buttons show as selected (Type mode's suggestion, Choice's verdict).
    pub selected: Option<Rating>,
    /// What each rating would give, as the buttons show it: `<1m`, `10m`, `3d`, `2.1mo`.
    pub intervals: [String; 4],
    shown_at_ms: i64,
}

/// A short notice under the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Undone,
    SaveFailed,
}

/// What the Study screen asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StudyInput {
    Reveal,
    Check,
    Choose(usize),
    Grade(Rating),
    /// Enter on a revealed Type or Choice card: take the selected rating.
    Accept,
    Undo,
    End,
}

pub struct StudyScreen {
    session: Option<Session>,
    pub mode: StudyMode,
    pub card: Option<CardView>,
    pub reviewed: usize,
    pub notice: Option<Notice>,
    rng: StdRng,
}

impl StudyScreen {
    /// Starts a session over `decks` (every deck when empty) and shows its first card.
    pub fn start(model: &Model, decks: &[String], mode: StudyMode, now_ms: i64) -> StudyScreen {
        let session = Session::start(&model.library, &model.store, decks, now_ms, model.seed);
        let mut screen = StudyScreen {
            session: Some(session),
            mode,
            card: None,
            reviewed: 0,
            notice: None,
            rng: StdRng::seed_from_u64(model.seed ^ 0x5eed),
        };
        screen.load_next(model, now_ms);
        screen
    }

    /// No card left: the session is over.
    pub fn is_done(&self) -> bool {
        self.card.is_none()
    }

    fn load_next(&mut self, model: &Model, now_ms: i64) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        self.card = session
            .next(&model.library, &model.store, now_ms)
            .map(|(prompt, left)| {
                let store = &model.store;
                let states = store.scheduler().next_states(
                    prompt.item.as_str(),
                    &store.state(&prompt.item),
                    now_ms,
                );
                let intervals = Rating::ALL
                    .map(|r| interval_label((states.for_rating(r).due_ms - now_ms) / 1000));
                let choice = (self.mode == StudyMode::Choice)
                    .then(|| {
                        let (deck_id, _, _) = prompt.item.parts()?;
                        let deck = model.library.deck(deck_id)?;
                        Some(choice_options(deck, &prompt, &mut self.rng))
                    })
                    .flatten();
                CardView {
                    prompt,
                    left,
                    revealed: false,
                    typed: String::new(),
                    check: None,
                    choice,
                    chosen: None,
                    selected: None,
                    intervals,
                    shown_at_ms: now_ms,
                }
            });
    }

    /// Space / Enter / "Show answer" in Flip mode.
    pub fn reveal(&mut self) {
        if let Some(card) = &mut self.card {
            card.revealed = true;
        }
    }

    /// Enter / "Check" in Type mode: checks the typed text and selects the suggested rating.
    pub fn check_typed(&mut self) {
        if let Some(card) = &mut self.card {
            let check = check_answer(&card.typed, &card.prompt.accepted);
            card.selected = Some(check.suggested);
            card.check = Some(check);
            card.revealed = true;
        }
    }

    /// Picks option `index` in Choice mode: right → Good, wrong → Again; the answer is shown.
    pub fn choose(&mut self, index: usize) {
        if let Some(card) = &mut self.card
            && let Some(choice) = &card.choice
            && index < choice.options.len()
            && card.chosen.is_none()
        {
            card.chosen = Some(index);
            card.selected = Some(if index == choice.correct {
                Rating::Good
            } else {
                Rating::Again
            });
            card.revealed = true;
        }
    }

    /// Grades the current card (durably, through the store) and shows the next one. Grading is
    /// only possible once the answer side is shown.
    pub fn grade(&mut self, model: &mut Model, rating: Rating, now_ms: i64) {
        let (Some(session), Some(card)) = (self.session.as_mut(), self.card.as_ref()) else {
            return;
        };
        if !card.revealed {
            return;
        }
        let taken_ms = (now_ms - card.shown_at_ms).clamp(0, 600_000) as u32;
        match session.answer(
            &mut model.store,
            &card.prompt.item,
            rating,
            taken_ms,
            self.mode,
            now_ms,
        ) {
            Ok(_) => {
                self.reviewed += 1;
                self.notice = None;
            }
            // Logged by the session; the card comes back.
            Err(_) => self.notice = Some(Notice::SaveFailed),
        }
        self.load_next(model, now_ms);
    }

    /// Enter on the answer side of a Type or Choice card: grade with the selected rating.
    pub fn accept(&mut self, model: &mut Model, now_ms: i64) {
        if let Some(rating) = self.card.as_ref().and_then(|c| c.selected) {
            self.grade(model, rating, now_ms);
        }
    }

    /// Ctrl+Z: takes back the last answer; its item is asked again.
    pub fn undo(&mut self, model: &mut Model, now_ms: i64) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        match session.undo(&mut model.store, now_ms) {
            Ok(Some(_)) => {
                self.reviewed = self.reviewed.saturating_sub(1);
                self.notice = Some(Notice::Undone);
                self.load_next(model, now_ms);
            }
            Ok(None) => {}
            Err(err) => {
                crate::exception!(err, "undo was not saved");
                self.notice = Some(Notice::SaveFailed);
            }
        }
    }

    /// Ends the session (logged at NOTICE) and returns its summary.
    pub fn finish(&mut self, model: &Model, now_ms: i64) -> SessionSummary {
        self.card = None;
        match self.session.take() {
            Some(session) => session.finish(&model.library, &model.store, now_ms),
            None => SessionSummary::default(),
        }
    }

    /// Applies one input.
    pub fn apply(&mut self, input: StudyInput, model: &mut Model, now_ms: i64) {
        match input {
            StudyInput::Reveal => self.reveal(),
            StudyInput::Check => self.check_typed(),
            StudyInput::Choose(i) => self.choose(i),
            StudyInput::Grade(rating) => self.grade(model, rating, now_ms),
            StudyInput::Accept => self.accept(model, now_ms),
            StudyInput::Undo => self.undo(model, now_ms),
            StudyInput::End => {}
        }
    }

    /// The keys of this screen, read (and consumed) from egui's input.
    pub fn keys(&self, ctx: &egui::Context) -> Option<StudyInput> {
        let card = self.card.as_ref();
        let revealed = card.is_some_and(|c| c.revealed);
        ctx.input_mut(|i| {
            if i.consume_key(Modifiers::COMMAND, Key::Z) {
                return Some(StudyInput::Undo);
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                return Some(StudyInput::End);
            }
            let digits = [Key::Num1, Key::Num2, Key::Num3, Key::Num4];
            // While typing an answer, digits are text.
            let typing = self.mode == StudyMode::Type && !revealed;
            if !typing {
                for (n, key) in digits.into_iter().enumerate() {
                    if i.consume_key(Modifiers::NONE, key) {
                        return Some(match (self.mode, revealed) {
                            (StudyMode::Choice, false) => StudyInput::Choose(n),
                            _ => StudyInput::Grade(Rating::ALL[n]),
                        });
                    }
                }
            }
            let enter = i.consume_key(Modifiers::NONE, Key::Enter);
            let space = self.mode != StudyMode::Type && i.consume_key(Modifiers::NONE, Key::Space);
            match (self.mode, revealed, enter, space) {
                (StudyMode::Flip, false, true, _) | (StudyMode::Flip, false, _, true) => {
                    Some(StudyInput::Reveal)
                }
                (StudyMode::Type, false, true, _) => Some(StudyInput::Check),
                (StudyMode::Type | StudyMode::Choice, true, true, _) => Some(StudyInput::Accept),
                _ => None,
            }
        })
    }
}

/// The label of a rating.
pub fn rating_label(labels: &Labels, rating: Rating) -> &'static str {
    match rating {
        Rating::Again => labels.again,
        Rating::Hard => labels.hard,
        Rating::Good => labels.good,
        Rating::Easy => labels.easy,
    }
}

pub fn mode_label(labels: &Labels, mode: StudyMode) -> &'static str {
    match mode {
        StudyMode::Flip => labels.mode_flip,
        StudyMode::Type => labels.mode_type,
        StudyMode::Choice => labels.mode_choice,
    }
}

pub(super) fn direction_label(labels: &Labels, direction: Direction) -> &'static str {
    match direction {
        Direction::Produce => labels.direction_produce,
        Direction::Recognise => labels.direction_recognise,
        Direction::Reply => labels.direction_reply,
    }
}

fn rating_color(rating: Rating, dark: bool) -> Color32 {
    match rating {
        Rating::Again => palette::RED,
        Rating::Hard => palette::AMBER,
        Rating::Good => palette::GREEN,
        Rating::Easy => palette::BLUE,
    }
    .on(dark)
}

/// Draws the screen; returns what was pressed.
pub fn show(
    ui: &mut egui::Ui,
    screen: &mut StudyScreen,
    labels: &Labels,
    language: Language,
) -> Option<StudyInput> {
    let mut input = None;
    let dark = ui.visuals().dark_mode;
    let mode = screen.mode;
    let notice = screen.notice;
    let reviewed = screen.reviewed;
    let card = screen.card.as_mut()?;
    // Progress line.
    ui.horizontal(|ui| {
        let deck_name = match (language, card.prompt.deck_name_zh.is_empty()) {
            (Language::Chinese, false) => &card.prompt.deck_name_zh,
            _ => &card.prompt.deck_name,
        };
        ui.label(RichText::new(deck_name).strong());
        ui.label("·");
        ui.label(direction_label(labels, card.prompt.direction));
        ui.label("·");
        ui.label(mode_label(labels, mode));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(labels.end_session).clicked() {
                input = Some(StudyInput::End);
            }
            if ui.button(labels.undo).clicked() {
                input = Some(StudyInput::Undo);
            }
            ui.label(format!(
                "{}: {}   {}: {}",
                labels.reviewed, reviewed, labels.left, card.left
            ));
        });
    });
    let total = (reviewed + card.left).max(1) as f32;
    ui.add(egui::ProgressBar::new(reviewed as f32 / total).desired_height(6.0));
    ui.add_space(8.0);

    // The grade buttons stay in view at the bottom, however long the answer side is.
    if card.revealed {
        egui::Panel::bottom("grades")
            .show_separator_line(false)
            .show(ui, |ui| {
                ui.add_space(8.0);
                ui.vertical_centered(|ui| show_grades(ui, card, labels, dark, &mut input));
                ui.add_space(4.0);
            });
    }
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            let width = ui.available_width().min(760.0);
            ui.vertical_centered(|ui| {
                ui.set_max_width(width);
                show_cue(ui, card, labels);
                ui.add_space(12.0);
                match mode {
                    StudyMode::Flip => {
                        if !card.revealed
                            && ui
                                .add(
                                    egui::Button::new(labels.show_answer)
                                        .min_size(egui::vec2(200.0, 36.0)),
                                )
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
                    show_answer_side(ui, card, labels);
                }
                ui.add_space(10.0);
                match notice {
                    Some(Notice::Undone) => {
                        ui.label(RichText::new(labels.undone).italics());
                    }
                    Some(Notice::SaveFailed) => {
                        ui.colored_label(rating_color(Rating::Again, dark), labels.save_failed);
                    }
                    None => {}
                }
                let keys = match mode {
                    StudyMode::Flip => labels.keys_flip,
                    StudyMode::Type => labels.keys_type,
                    StudyMode::Choice => labels.keys_choice,
                };
                ui.label(RichText::new(keys).small().weak());
            });
        });
    input
}

fn show_cue(ui: &mut egui::Ui, card: &CardView, labels: &Labels) {
    let p = &card.prompt;
    let ask = match p.direction {
        Direction::Produce => labels.cue_produce,
        Direction::Recognise => labels.cue_recognise,
        Direction::Reply => labels.cue_reply,
    };
    ui.label(RichText::new(ask).weak());
    ui.add_space(4.0);
    ui.label(RichText::new(&p.cue).text_style(cue_style()).strong());
    if p.direction == Direction::Produce
        && let Some(situation) = &p.situation
    {
        ui.label(RichText::new(format!("{}: {situation}", labels.situation)).italics());
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
    if let Some(check) = &card.check {
        let verdict = if check.suggested == Rating::Again {
            (labels.not_quite, rating_color(Rating::Again, dark))
        } else {
            (labels.right, rating_color(Rating::Good, dark))
        };
        ui.label(RichText::new(verdict.0).color(verdict.1).strong());
        ui.label(diff_job(ui, &check.diff, dark));
    }
}

/// The word diff, coloured: kept words plain, extra words struck through in red, missing words in
/// green.
fn diff_job(ui: &egui::Ui, diff: &[DiffWord], dark: bool) -> LayoutJob {
    let font = egui::TextStyle::Heading.resolve(ui.style());
    let plain = ui.visuals().text_color();
    let mut job = LayoutJob::default();
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
        if card.chosen.is_some() {
            if i == choice.correct {
                text = text.color(rating_color(Rating::Good, dark)).strong();
            } else if card.chosen == Some(i) {
                text = text
                    .color(rating_color(Rating::Again, dark))
                    .strikethrough();
            }
        }
        let button = egui::Button::new(text)
            .min_size(egui::vec2(width, 40.0))
            .selected(card.chosen == Some(i));
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

fn show_answer_side(ui: &mut egui::Ui, card: &CardView, labels: &Labels) {
    let p = &card.prompt;
    egui::Frame::group(ui.style())
        .inner_margin(14.0)
        .corner_radius(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(labels.the_answer).weak());
            let expected = expected_answer(p);
            ui.label(RichText::new(&expected).size(22.0).strong());
            // The other language of the card (the cue is already on screen).
            if p.en != expected && p.en != p.cue {
                ui.label(RichText::new(&p.en).size(18.0));
            }
            if p.zh != expected && p.zh != p.cue {
                ui.label(RichText::new(&p.zh).size(18.0));
            }
            if p.direction != Direction::Produce
                && let Some(situation) = &p.situation
            {
                ui.label(format!("{}: {situation}", labels.situation));
            }
            if !p.replies.is_empty() {
                ui.add_space(4.0);
                ui.label(RichText::new(labels.replies).weak());
                for reply in &p.replies {
                    ui.label(format!("• {reply}"));
                }
            }
            if let Some(notes) = &p.notes {
                ui.add_space(4.0);
                ui.label(RichText::new(labels.notes).weak());
                ui.label(notes);
            }
        });
}

fn show_grades(
    ui: &mut egui::Ui,
    card: &CardView,
    labels: &Labels,
    dark: bool,
    input: &mut Option<StudyInput>,
) {
    if card.selected.is_some() {
        ui.label(
            RichText::new(format!(
                "{}: {}",
                labels.suggested,
                rating_label(labels, card.selected.unwrap_or(Rating::Good))
            ))
            .weak(),
        );
    }
    let spacing = ui.spacing().item_spacing.x;
    let width = ((ui.available_width().min(640.0) - 3.0 * spacing) / 4.0).max(80.0);
    ui.horizontal(|ui| {
        let used = 4.0 * width + 3.0 * spacing;
        ui.add_space(((ui.available_width() - used) / 2.0).max(0.0));
        for (n, rating) in Rating::ALL.into_iter().enumerate() {
            let text = RichText::new(format!(
                "{} {}\n{}",
                n + 1,
                rating_label(labels, rating),
                card.intervals[n]
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
