//! The Study screen: one session, its current card, and what the learner has done with it.
//! [`StudyScreen`]'s methods are the whole behaviour (tests call them directly): what the session
//! hands out, how the card is asked, reveal, check, choose, grade, undo, waiting for a step, and
//! the keys. [`show`] (in `draw`) only draws and reports what was pressed.

mod draw;

pub use draw::{FLAG_COLOURS, flag_name, show};

use eframe::egui::{self, Key, Modifiers};
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::model::Model;
use crate::speech::{Activity, Speed, Utterance};
use crate::srs::Rating;
use crate::store::{Mark, StudyMode, UndoneKind};
use crate::study::{Check, Choice, Prompt, Session, SessionSummary, asked_as};

/// Whether the learner's recording at `path` is there and says `phrase`: a template card's
/// recording is played back only with the variant it says.
fn has_recording_of(path: Option<&std::path::Path>, phrase: &str) -> bool {
    path.is_some_and(|p| {
        p.is_file() && crate::speech::recording_text(p).is_some_and(|said| said == phrase)
    })
}

/// How many variants of each item queued next are synthesised ahead of time.
pub const VARIANTS_AHEAD: usize = 4;

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
    /// The item's flag (0: none, 1–7: Anki's colours).
    pub flag: u8,
    /// The card is in one of the learner's own decks, so Edit can open it.
    pub editable: bool,
    /// Enter was pressed on an empty field once: a second Enter shows the answer. One stray
    /// Enter (just as the card appeared) checks nothing.
    pub empty_enter: bool,
    /// The card's own recording of its English (its `audio`), played instead of the voice.
    pub audio: Option<std::path::PathBuf>,
    /// Where the learner's recording of this item is kept, and whether there is one.
    pub recording: Option<std::path::PathBuf>,
    pub has_recording: bool,
}

impl CardView {
    /// The English of the card in the variant shown: what the speak button reads.
    pub fn english(&self) -> &str {
        &self.prompt.en
    }

    /// Whether the English may be read aloud now: on screen, or being listened to (Listen mode
    /// speaks it before it is shown). The speak keys and buttons ask this.
    pub fn may_speak(&self) -> bool {
        self.english_shown() || self.asked == StudyMode::Listen
    }

    /// Whether the English is on screen (the speak button is offered only then): the cue of a
    /// recognise or reply item, except while it is being listened to; a produce item's answer.
    pub fn english_shown(&self) -> bool {
        match self.prompt.direction {
            crate::deck::Direction::Produce => self.revealed,
            _ => self.asked != StudyMode::Listen || self.revealed,
        }
    }
}

/// A short notice under the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// An answer was taken back.
    Undone,
    /// A mark was taken back.
    UndoneMark(Mark),
    /// The card just shown was marked.
    Marked(Mark),
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
    /// Open the card in the deck editor (the app handles it; the session waits).
    Edit,
    /// Read the card's English aloud (`R`), or slowly (`S`).
    Speak {
        slow: bool,
    },
    /// Read reply `n` aloud.
    SpeakReply(usize),
    /// Record the learner saying the English, then play the model and the recording (`V`);
    /// while recording, stop.
    Shadow,
    /// Play the learner's last recording of this item.
    PlayRecording,
    /// Suspend, bury or flag the item shown (or every direction of its card).
    Mark(Mark),
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
    /// Suspend, bury and flag act on every direction of the card, not only the item shown.
    pub every_direction: bool,
    /// Phrases can be read aloud (an engine was found): the speak buttons and keys are there.
    pub can_speak: bool,
    /// The learner can be recorded: the shadowing button and key are there.
    pub can_record: bool,
    /// What speech is doing (set by the app each frame): the recording indicator.
    pub activity: Activity,
    /// How many recordings speech had kept when last looked at ([`Self::recordings_kept`]).
    recordings_seen: u64,
    rng: StdRng,
}

impl StudyScreen {
    /// Starts a session over `decks` (every deck when empty) and shows its first card.
    /// Listen needs a voice: without one it is Flip.
    /// A Listen session starts each new card by ear (its recognise item first).
    pub fn start(model: &Model, decks: &[String], mode: StudyMode, now_ms: i64) -> StudyScreen {
        let can_speak = model.speech.can_speak();
        let mode = if mode == StudyMode::Listen && !can_speak {
            StudyMode::Flip
        } else {
            mode
        };
        let first = (mode == StudyMode::Listen).then_some(crate::deck::Direction::Recognise);
        let session = Session::start_preferring(
            &model.library,
            &model.store,
            decks,
            now_ms,
            model.seed,
            first,
        );
        StudyScreen::with_session(model, session, mode, now_ms)
    }

    /// Starts a session over exactly `items` (the phrases behind a figure on Stats), outside the
    /// daily limits ([`Session::start_custom`]).
    pub fn start_custom(
        model: &Model,
        items: Vec<crate::deck::ItemId>,
        mode: StudyMode,
        now_ms: i64,
    ) -> StudyScreen {
        let can_speak = model.speech.can_speak();
        let mode = if mode == StudyMode::Listen && !can_speak {
            StudyMode::Flip
        } else {
            mode
        };
        let session =
            Session::start_custom(&model.library, &model.store, items, now_ms, model.seed);
        StudyScreen::with_session(model, session, mode, now_ms)
    }

    fn with_session(model: &Model, session: Session, mode: StudyMode, now_ms: i64) -> StudyScreen {
        let can_speak = model.speech.can_speak();
        let mut screen = StudyScreen {
            session: Some(session),
            mode,
            can_speak,
            can_record: model.speech.can_record(),
            activity: Activity::Idle,
            recordings_seen: model.speech.recorded(),
            card: None,
            reviewed: 0,
            progress: 0.0,
            waiting_until: None,
            notice: None,
            // A learner thinks in cards: suspending or burying one means all of it.
            every_direction: true,
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
        let upcoming = next
            .as_ref()
            .map(|n| n.upcoming.clone())
            .unwrap_or_default();
        self.card = next.map(|next| {
            let prompt = next.prompt;
            let flag = model.store.marks(&prompt.item).flag;
            let deck = prompt
                .item
                .parts()
                .and_then(|(deck, _, _)| model.library.deck(deck));
            let editable = deck.is_some_and(|d| {
                matches!(
                    model.library.source(&d.id),
                    Some(crate::deck::Source::User(_))
                )
            });
            let (asked, choice) = match deck {
                Some(deck) => asked_as(mode, deck, &prompt, rng),
                None => (StudyMode::Flip, None),
            };
            let audio = deck.and_then(|deck| {
                let card = deck.card(prompt.item.parts()?.1)?;
                model.library.audio_path(&deck.id, card)
            });
            let recording = model.store.dir().recording_path(&prompt.item);
            let has_recording = has_recording_of(recording.as_deref(), &prompt.en);
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
                flag,
                editable,
                empty_enter: false,
                audio,
                has_recording,
                recording,
            }
        });
        self.card_shown(model, &upcoming);
        if let Some(card) = &self.card {
            let done = self.reviewed as f32;
            let fraction = done / (done + card.left as f32).max(1.0);
            self.progress = self.progress.max(fraction);
        }
    }

    /// What the speak button reads for the card on screen, at `speed`.
    fn utterance(&self, speed: Speed) -> Option<Utterance> {
        let card = self.card.as_ref()?;
        Some(Utterance {
            text: card.english().to_owned(),
            speed,
            recording: card.audio.clone(),
        })
    }

    /// A card appeared: its English is read aloud if it is on screen and auto-play is on (or it is
    /// asked by ear), and otherwise made ready, so the answer is spoken at once when revealed. The
    /// English of the items queued next (each of their variants, up to [`VARIANTS_AHEAD`]) is made
    /// ready in the background, so a new phrase is in the cache before it is shown.
    fn card_shown(&mut self, model: &Model, upcoming: &[crate::deck::ItemId]) {
        if !self.can_speak {
            return;
        }
        let speed = model.store.settings().speech.speed;
        let Some(utterance) = self.utterance(speed) else {
            return;
        };
        let card = self.card.as_ref().expect("an utterance has a card");
        let listening = card.asked == StudyMode::Listen;
        let mut ahead = Vec::new();
        if listening || (card.english_shown() && model.store.settings().speech.auto_play) {
            model.speech.speak(utterance);
        } else {
            ahead.push(utterance);
        }
        for item in upcoming {
            let Some(card) = item
                .parts()
                .and_then(|(deck, card, _)| model.library.deck(deck)?.card(card))
            else {
                continue;
            };
            if card.audio.is_some() {
                continue;
            }
            for variant in 0..card.n_variants().clamp(1, VARIANTS_AHEAD) {
                ahead.push(Utterance::new(&card.variant(variant).en, speed));
            }
        }
        model.speech.prepare(ahead);
    }

    /// The answer side appeared: a produce item's English is read aloud (auto-play, or a Listen
    /// session).
    fn answer_shown(&mut self, model: &Model) {
        let Some(card) = &self.card else {
            return;
        };
        let speech = &model.store.settings().speech;
        if self.can_speak
            && card.prompt.direction == crate::deck::Direction::Produce
            && (speech.auto_play || self.mode == StudyMode::Listen)
            && let Some(utterance) = self.utterance(speech.speed)
        {
            model.speech.speak(utterance);
        }
    }

    /// `R` / `S` / the speak buttons: the English of the card (only once it is on screen, or
    /// while it is being listened to).
    pub fn speak(&mut self, model: &Model, slow: bool) {
        let speed = if slow {
            Speed::Slow
        } else {
            model.store.settings().speech.speed
        };
        if self.can_speak
            && self.card.as_ref().is_some_and(CardView::may_speak)
            && let Some(utterance) = self.utterance(speed)
        {
            model.speech.speak(utterance);
        }
    }

    /// `V`: records the learner saying the English (kept as this item's latest recording), then
    /// plays the model and the recording; pressed while recording, stops it.
    pub fn shadow(&mut self, model: &Model) {
        if !self.can_record {
            return;
        }
        if matches!(model.speech.activity(), Activity::Recording { .. }) {
            model.speech.stop_recording();
            return;
        }
        let speed = model.store.settings().speech.speed;
        let Some(utterance) = self.utterance(speed) else {
            return;
        };
        if let Some(card) = &self.card
            && card.english_shown()
            && let Some(to) = card.recording.clone()
        {
            // "Your recording" is offered once the recording is kept ([`Self::recordings_kept`]),
            // not before: one stopped before anything was said is not kept.
            model.speech.shadow(utterance, to);
        }
    }

    /// Speech has kept `kept` recordings in all: when that changed, whether the card on screen
    /// has one of its phrase is looked at again.
    pub fn recordings_kept(&mut self, kept: u64) {
        if std::mem::replace(&mut self.recordings_seen, kept) == kept {
            return;
        }
        if let Some(card) = &mut self.card {
            card.has_recording = has_recording_of(card.recording.as_deref(), &card.prompt.en);
        }
    }

    /// The decks changed (the card was edited): the card on screen shows its new text, or the next
    /// card comes if it is gone.
    pub fn decks_changed(&mut self, model: &Model, now_ms: i64) {
        let Some(card) = &mut self.card else {
            return;
        };
        let item = card.prompt.item.clone();
        let fresh = item
            .parts()
            .and_then(|(deck, _, _)| model.library.deck(deck))
            .and_then(|deck| crate::study::prompt_for(deck, &item, card.prompt.variant));
        match fresh {
            Some(prompt) => card.prompt = prompt,
            None => self.load_next(model, now_ms),
        }
    }

    /// Another device's answers arrived (a sync folder): the card on screen, if another device
    /// answered it (it is no longer in the queue) and nothing has been done with it here yet, gives
    /// way to the next one; the count of cards left follows the queue either way.
    pub fn history_changed(&mut self, model: &Model, now_ms: i64) {
        let (Some(card), Some(session)) = (&mut self.card, &self.session) else {
            return;
        };
        let queue = session.queue(&model.library, &model.store, now_ms);
        let untouched = !card.revealed
            && card.typed.is_empty()
            && card.chosen.is_none()
            && card.check.is_none();
        if untouched && !queue.items.contains(&card.prompt.item) {
            crate::info!(
                name: "talkdeck.ui",
                "{} was answered on another device meanwhile: the next card is shown",
                card.prompt.item
            );
            self.load_next(model, now_ms);
        } else {
            card.left = queue.items.len();
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

    /// Ctrl+Z: takes back the last answer (its item is asked again) or mark (an item suspended
    /// or buried is back in the queue; a flag changes nothing on screen).
    pub fn undo(&mut self, model: &mut Model, now_ms: i64) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        match session.undo(&mut model.store, now_ms) {
            Ok(Some(undone)) => {
                self.notice = Some(match undone.kind {
                    UndoneKind::Answer => Notice::Undone,
                    UndoneKind::Mark(mark) => Notice::UndoneMark(mark),
                });
                if let (UndoneKind::Mark(Mark::Flag(_)), Some(card)) =
                    (&undone.kind, &mut self.card)
                {
                    card.flag = model.store.marks(&card.prompt.item).flag;
                }
                let reload = match undone.kind {
                    UndoneKind::Answer => {
                        self.reviewed = self.reviewed.saturating_sub(1);
                        true
                    }
                    // Back in the queue: asked now if it was on screen when it was marked, or
                    // if no card is; a card being answered is left as it is.
                    UndoneKind::Mark(_) => self.card.is_none() || session.asks_again().is_some(),
                };
                if reload {
                    self.load_next(model, now_ms);
                }
            }
            Ok(None) => {}
            Err(err) => {
                crate::exception!(err, "undo was not saved");
                self.notice = Some(Notice::SaveFailed);
            }
        }
    }

    /// Suspends, buries or flags the item shown, or every direction of its card. A suspended or
    /// buried card leaves the session at once (Ctrl+Z brings it back); a flag stays on the card.
    pub fn mark(&mut self, model: &mut Model, mark: Mark, now_ms: i64) {
        let (Some(session), Some(card)) = (self.session.as_mut(), self.card.as_mut()) else {
            return;
        };
        let item = card.prompt.item.clone();
        let items = match (self.every_direction, item.parts()) {
            (true, Some((deck, card_id, _))) => model
                .library
                .card_of(&item)
                .map(|c| {
                    c.directions()
                        .map(|d| crate::deck::ItemId::new(deck, card_id, d))
                        .collect()
                })
                .unwrap_or_else(|| vec![item.clone()]),
            _ => vec![item],
        };
        match session.mark(&mut model.store, &items, mark, now_ms) {
            Ok(()) => {
                self.notice = Some(Notice::Marked(mark));
                match mark {
                    Mark::Flag(flag) => card.flag = flag,
                    _ if mark.holds_back() => self.load_next(model, now_ms),
                    _ => {}
                }
            }
            Err(err) => {
                crate::exception!(err, "the mark was not saved");
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

    /// `R` (read aloud), `S` (slowly), `V` (shadowing): bare letters where no text field has the
    /// keyboard, and with Ctrl (⌘ on macOS) anywhere — Ctrl+Shift+V for shadowing, since Ctrl+V
    /// pastes.
    fn speech_keys(&self, ctx: &egui::Context) -> Option<StudyInput> {
        let card = self.card.as_ref()?;
        if !self.can_speak {
            return None;
        }
        // Bare letters are text while a field has the keyboard; Ctrl (⌘) + the letter works
        // everywhere, so a learner in the habit of it is never ignored.
        let typing = ctx.text_edit_focused();
        let listening = card.may_speak();
        let shadowing = self.can_record && card.english_shown();
        ctx.input_mut(|i| {
            let mut pressed = |modifiers: Modifiers, key: Key| {
                i.consume_key(modifiers, key) || (!typing && i.consume_key(Modifiers::NONE, key))
            };
            if listening && pressed(Modifiers::COMMAND, Key::R) {
                Some(StudyInput::Speak { slow: false })
            } else if listening && pressed(Modifiers::COMMAND, Key::S) {
                Some(StudyInput::Speak { slow: true })
            } else if shadowing && pressed(Modifiers::COMMAND | Modifiers::SHIFT, Key::V) {
                Some(StudyInput::Shadow)
            } else {
                None
            }
        })
    }

    /// Applies one input.
    pub fn apply(&mut self, input: StudyInput, model: &mut Model, now_ms: i64) {
        match input {
            StudyInput::Reveal | StudyInput::Check | StudyInput::Choose(_) => {
                let was_revealed = self.card.as_ref().is_some_and(|c| c.revealed);
                match input {
                    StudyInput::Reveal => self.reveal(),
                    StudyInput::Check => self.check_typed(),
                    StudyInput::Choose(i) => self.choose(i),
                    _ => unreachable!("matched above"),
                }
                if !was_revealed && self.card.as_ref().is_some_and(|c| c.revealed) {
                    self.answer_shown(model);
                }
            }
            StudyInput::Speak { slow } => self.speak(model, slow),
            StudyInput::SpeakReply(n) => {
                let speed = model.store.settings().speech.speed;
                if let Some(card) = &self.card
                    && card.revealed
                    && let Some(reply) = card.prompt.replies.get(n)
                {
                    model.speech.speak(Utterance::new(reply, speed));
                }
            }
            StudyInput::Shadow => self.shadow(model),
            StudyInput::PlayRecording => {
                if let Some(path) = self.card.as_ref().and_then(|c| c.recording.as_ref()) {
                    model.speech.play_file(path);
                }
            }
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
            StudyInput::Mark(mark) => self.mark(model, mark, now_ms),
            // The app handles these: they leave the card as it is.
            StudyInput::End | StudyInput::Edit => {}
        }
    }

    /// The keys of this screen, read (and consumed) from egui's input.
    pub fn keys(&self, ctx: &egui::Context) -> Option<StudyInput> {
        if let Some(input) = self.speech_keys(ctx) {
            return Some(input);
        }
        if self.card.is_none() && self.waiting_until.is_some() {
            return ctx.input_mut(|i| {
                if i.consume_key(Modifiers::COMMAND, Key::Z) {
                    Some(StudyInput::Undo)
                } else if i.consume_key(Modifiers::NONE, Key::Escape) {
                    Some(StudyInput::End)
                } else if i.consume_key(Modifiers::NONE, Key::Enter) {
                    // Not Space: a learner revealing answers with it would pull a failed card
                    // back seconds after failing it.
                    Some(StudyInput::StudyEarly)
                } else {
                    None
                }
            });
        }
        let card = self.card.as_ref()?;
        let (asked, revealed, flag) = (card.asked, card.revealed, card.flag);
        ctx.input_mut(|i| {
            if i.consume_key(Modifiers::COMMAND, Key::Z) {
                return Some(StudyInput::Undo);
            }
            // Ctrl+1–7 flag the card in Anki's colours; its own flag again clears it.
            let flags = [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
            ];
            for (n, key) in (1u8..).zip(flags) {
                if i.consume_key(Modifiers::COMMAND, key) {
                    return Some(StudyInput::Mark(Mark::Flag(if flag == n { 0 } else { n })));
                }
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                return Some(StudyInput::End);
            }
            let digits = [Key::Num1, Key::Num2, Key::Num3, Key::Num4];
            // While typing an answer, digits are text; once a choice is made, its grade is
            // settled (a number pressed twice must not grade the right answer Again).
            let typing = asked == StudyMode::Type && !revealed;
            let chosen = asked == StudyMode::Choice && revealed;
            if !typing && !chosen {
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
                (StudyMode::Flip | StudyMode::Listen, false, true, _)
                | (StudyMode::Flip | StudyMode::Listen, false, _, true) => Some(StudyInput::Reveal),
                (StudyMode::Type, false, true, _) => Some(StudyInput::Check),
                (StudyMode::Type | StudyMode::Choice, true, true, _) => Some(StudyInput::Accept),
                _ => None,
            }
        })
    }
}
