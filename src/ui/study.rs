//! The Study screen: one session, its current card, and what the learner has done with it.
//! [`StudyScreen`]'s methods are the whole behaviour (tests call them directly); `show` only draws
//! and reports what was pressed.

use eframe::egui::{self, Color32, Key, Modifiers, RichText, text::LayoutJob};
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::fonts::cue_style;
use super::i18n::{Labels, interval_text};
use super::model::Model;
use super::palette;
use crate::deck::Direction;
use crate::srs::Rating;
use crate::store::{Language, StudyMode};
use crate::study::{Check, Choice, DiffWord, Prompt, Session, SessionSummary, asked_as};

/// The card on screen.
#[derive(Clone, Debug)]
pub struct CardView {
    pub prompt: Prompt,
    /// How many items are queued, this one included.
    pub left: usize,
    /// The item just answered, asked again because nothing else is left.
    pub again: bool,
    /// How this card is asked: the session's mode, except that a meaning is never typed
    /// ([`asked_as`]).
    pub asked: StudyMode,
    pub revealed: bool,
    pub typed: String,
    pub check: Option<Check>,
    pub choice: Option<Choice>,
    pub chosen: Option<usize>,
    /// The rating the grade buttons show as selected (Type mode's suggestion, Choice's verdict).
    pub selected: Option<Rating>,
    /// What each rating would give, in seconds from when the card was shown, as the buttons say
    /// it (`10m`, `3d`): the session's [`Next::interval_secs`](crate::study::Next).
    pub interval_secs: [i64; 4],
    /// The answer side has been scrolled into view once (a small window need not show it).
    answer_in_view: bool,
    /// Enter was pressed on an empty field once: a second Enter shows the answer. One stray
    /// Enter (just as the card appeared) checks nothing.
    pub empty_enter: bool,
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
    /// While waiting for a card's step: the card is ready, show it.
    Resume,
    /// While waiting for a card's step: show it now anyway.
    StudyEarly,
}

pub struct StudyScreen {
    session: Option<Session>,
    /// The mode the learner chose for the session.
    pub mode: StudyMode,
    pub card: Option<CardView>,
    pub reviewed: usize,
    /// Answered ÷ (answered + left), never going back: an Again adds to "left", the bar holds.
    pub progress: f32,
    /// No card can be asked yet, but one is ready at this time (ms), within the learn-ahead
    /// window: the screen waits for it rather than ending the session.
    pub waiting_until: Option<i64>,
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
            progress: 0.0,
            waiting_until: None,
            notice: None,
            rng: StdRng::seed_from_u64(model.seed ^ 0x5eed),
        };
        screen.load_next(model, now_ms);
        screen
    }

    /// No card left, and none coming back soon: the session is over.
    pub fn is_done(&self) -> bool {
        self.card.is_none() && self.waiting_until.is_none()
    }

    /// The decks this session studies (empty: every deck).
    pub fn decks(&self) -> &[String] {
        self.session.as_ref().map_or(&[], |s| s.decks())
    }

    fn load_next(&mut self, model: &Model, now_ms: i64) {
        self.load_next_at(model, now_ms, now_ms);
    }

    /// Shows the card the queue holds at `at_ms` (now, or a little later to study a card before
    /// its step has passed); with none, waits for the next card if it comes within learn-ahead.
    fn load_next_at(&mut self, model: &Model, now_ms: i64, at_ms: i64) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let rng = &mut self.rng;
        let mode = self.mode;
        self.waiting_until = None;
        let next = session.next_early(&model.library, &model.store, at_ms, now_ms);
        if next.is_none() {
            let ahead_ms = i64::from(model.store.settings().learn_ahead_minutes) * 60_000;
            self.waiting_until = session
                .queue(&model.library, &model.store, now_ms)
                .ready_at_ms
                .filter(|&ready| ready > now_ms && ready <= now_ms + ahead_ms);
        }
        self.card = next.map(|next| {
            let prompt = next.prompt;
            let deck = prompt
                .item
                .parts()
                .and_then(|(deck, _, _)| model.library.deck(deck));
            let (asked, choice) = match deck {
                Some(deck) => asked_as(mode, deck, &prompt, rng),
                None => (StudyMode::Flip, None),
            };
            CardView {
                prompt,
                left: next.left,
                again: next.again,
                asked,
                revealed: false,
                typed: String::new(),
                check: None,
                choice,
                chosen: None,
                selected: None,
                interval_secs: next.interval_secs,
                answer_in_view: false,
                empty_enter: false,
            }
        });
        if let Some(card) = &self.card {
            let done = self.reviewed as f32;
            let fraction = done / (done + card.left as f32).max(1.0);
            self.progress = self.progress.max(fraction);
        }
    }

    /// Space / Enter / "Show answer" in Flip mode.
    pub fn reveal(&mut self) {
        if let Some(card) = &mut self.card {
            card.revealed = true;
        }
    }

    /// Enter / "Check" in Type mode: checks the typed text and selects the suggested rating (none
    /// for a reply of the learner's own, which the learner grades). With nothing typed, the first
    /// Enter only says that a second one shows the answer.
    pub fn check_typed(&mut self) {
        if let Some(card) = &mut self.card
            && card.asked == StudyMode::Type
            && !card.revealed
        {
            if card.typed.trim().is_empty() && !std::mem::replace(&mut card.empty_enter, true) {
                return;
            }
            let check = card.prompt.check(&card.typed);
            card.selected = check.suggested;
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
        match session.answer(&mut model.store, rating, card.asked, now_ms) {
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
            StudyInput::Resume => {
                if self.card.is_none() && self.waiting_until.is_some_and(|t| t <= now_ms) {
                    self.load_next(model, now_ms);
                }
            }
            StudyInput::StudyEarly => {
                if let (None, Some(ready)) = (&self.card, self.waiting_until) {
                    self.load_next_at(model, now_ms, ready.max(now_ms));
                }
            }
            StudyInput::End => {}
        }
    }

    /// The keys of this screen, read (and consumed) from egui's input.
    pub fn keys(&self, ctx: &egui::Context) -> Option<StudyInput> {
        if self.card.is_none() && self.waiting_until.is_some() {
            return ctx.input_mut(|i| {
                if i.consume_key(Modifiers::COMMAND, Key::Z) {
                    Some(StudyInput::Undo)
                } else if i.consume_key(Modifiers::NONE, Key::Escape) {
                    Some(StudyInput::End)
                } else if i.consume_key(Modifiers::NONE, Key::Enter)
                    || i.consume_key(Modifiers::NONE, Key::Space)
                {
                    Some(StudyInput::StudyEarly)
                } else {
                    None
                }
            });
        }
        let card = self.card.as_ref()?;
        let (asked, revealed) = (card.asked, card.revealed);
        ctx.input_mut(|i| {
            if i.consume_key(Modifiers::COMMAND, Key::Z) {
                return Some(StudyInput::Undo);
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                return Some(StudyInput::End);
            }
            let digits = [Key::Num1, Key::Num2, Key::Num3, Key::Num4];
            // While typing an answer, digits are text.
            let typing = asked == StudyMode::Type && !revealed;
            if !typing {
                for (n, key) in digits.into_iter().enumerate() {
                    if i.consume_key(Modifiers::NONE, key) {
                        return Some(match (asked, revealed) {
                            (StudyMode::Choice, false) => StudyInput::Choose(n),
                            _ => StudyInput::Grade(Rating::ALL[n]),
                        });
                    }
                }
            }
            let enter = i.consume_key(Modifiers::NONE, Key::Enter);
            let space = asked != StudyMode::Type && i.consume_key(Modifiers::NONE, Key::Space);
            match (asked, revealed, enter, space) {
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
        .auto_shrink(false)
        .show(ui, |ui| {
            let width = ui.available_width().min(760.0);
            ui.vertical_centered(|ui| {
                ui.set_max_width(width);
                show_cue(ui, card, labels);
                if card.asked != chosen_mode {
                    // A meaning is never typed: say why this card is asked another way.
                    let why = match card.asked {
                        StudyMode::Choice => labels.choose_meaning,
                        _ => labels.recall_meaning,
                    };
                    ui.label(RichText::new(why).weak());
                }
                ui.add_space(12.0);
                match card.asked {
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
                    let answer = show_answer_side(ui, card, labels);
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
                    Some(Notice::SaveFailed) => {
                        ui.colored_label(rating_color(Rating::Again, dark), labels.save_failed);
                    }
                    None => {}
                }
                let keys = match card.asked {
                    StudyMode::Flip if card.revealed => labels.keys_grade,
                    StudyMode::Flip => labels.keys_flip,
                    StudyMode::Type => labels.keys_type,
                    StudyMode::Choice => labels.keys_choice,
                };
                ui.label(RichText::new(keys).small().weak());
                ui.add_space(8.0);
            });
        });
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
        ui.heading(labels.waiting_title.replace(
            "{in}",
            &super::i18n::interval_text((left + 999) / 1000, language),
        ));
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

fn show_cue(ui: &mut egui::Ui, card: &CardView, labels: &Labels) {
    let p = &card.prompt;
    if card.again {
        ui.label(RichText::new(labels.last_one_again).italics());
    }
    let ask = match p.direction {
        Direction::Produce => labels.cue_produce,
        Direction::Recognise => labels.cue_recognise,
        Direction::Reply => labels.cue_reply,
    };
    ui.label(RichText::new(ask).weak());
    ui.add_space(4.0);
    ui.add(egui::Label::new(RichText::new(&p.cue).text_style(cue_style()).strong()).wrap());
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
fn show_answer_side(ui: &mut egui::Ui, card: &CardView, labels: &Labels) -> egui::Rect {
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
                for reply in &p.replies {
                    wrapped(ui, RichText::new(format!("• {reply}")));
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
        for (n, rating) in Rating::ALL.into_iter().enumerate() {
            let text = RichText::new(format!(
                "{} {}\n{}",
                n + 1,
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
