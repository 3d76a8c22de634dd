//! [`Speech`]: the one handle the app and the terminal quiz speak through. Its worker thread
//! finds the voices, synthesises phrases into the cache (ahead of time when asked), plays them
//! with the system's player, records the learner, and reports what happened — the caller never
//! waits for a program.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::cache::{CACHE_LIMIT_BYTES, Cache};
use super::config::{SpeechSettings, Speed};
use super::decode::decode_to_wav;
use super::engine::{Engine, Voice, default_voice};
use super::run::{Ended, RunError, Running, run_to_end};
use super::tools::{Found, SharedFinder, Tool};

use super::wav;

/// Something to say: a phrase, at a pace, or a recording of it from the deck.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utterance {
    pub text: String,
    pub speed: Speed,
    /// A recording of the phrase (a card's `audio`), played instead of a synthesised voice.
    pub recording: Option<PathBuf>,
}

impl Utterance {
    pub fn new(text: &str, speed: Speed) -> Utterance {
        Utterance {
            text: text.to_owned(),
            speed,
            recording: None,
        }
    }
}

/// What happened, for whoever listens ([`Speech::subscribe`]).
#[derive(Clone, Debug)]
pub enum Event {
    /// A player (or the engine itself, when it cannot write a file) started for `text`.
    Started {
        text: String,
        /// Found in the cache (`Some(true)`), synthesised now (`Some(false)`), or spoken by the
        /// engine directly (`None`).
        cached: Option<bool>,
        /// When the request was made, and when the program started.
        asked: Instant,
        started: Instant,
    },
    /// A phrase was synthesised ahead of time.
    Prepared { text: String },
    /// The recorder started: the learner speaks now.
    RecordingStarted,
    /// The learner's recording was kept at `path`.
    Recorded { path: PathBuf },
    /// A program failed; studying goes on.
    Problem(String),
}

/// What the worker is doing, for the screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Activity {
    #[default]
    Idle,
    Speaking,
    /// Recording the learner since `started`, for at most `max`.
    Recording {
        started: Instant,
        max: Duration,
    },
}

/// What the screen shows of speech.
#[derive(Clone, Debug, Default)]
pub struct Status {
    pub activity: Activity,
    /// The voice in use (the chosen one, or the English one picked at start-up; empty: the
    /// engine's own).
    pub voice: String,
    /// The engine's voices, once listed.
    /// Shared, so the Settings screen reading the status every frame copies no list.
    pub voices: Arc<[Voice]>,
    /// The last problem, as logged.
    pub problem: Option<String>,
    /// How many recordings have been kept: a screen offering one looks again when it changes.
    pub recorded: u64,
}

/// How long each program may take.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Synthesising one phrase into a file.
    pub synthesis: Duration,
    /// Playing one file, or the engine speaking directly.
    pub playing: Duration,
    /// Listing voices.
    pub listing: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // PowerShell takes a second or two to start.
            synthesis: Duration::from_secs(10),
            playing: Duration::from_secs(30),
            listing: Duration::from_secs(10),
        }
    }
}

/// How [`Speech`] finds programs and where it keeps files: the system's `PATH` and this
/// computer's cache folder in the app; a folder of fake programs in tests.
pub struct Setup {
    pub finder: SharedFinder,
    /// This computer's speech cache.
    pub cache: PathBuf,
    pub limits: Limits,
    waker: Arc<Mutex<Option<Waker>>>,
}

impl Setup {
    /// Programs on `PATH`, the cache at `cache`, the usual limits.
    pub fn system(cache: impl Into<PathBuf>) -> Setup {
        Setup::new(
            Arc::new(super::tools::find_on_path),
            cache,
            Limits::default(),
        )
    }

    pub fn new(finder: SharedFinder, cache: impl Into<PathBuf>, limits: Limits) -> Setup {
        Setup {
            finder,
            cache: cache.into(),
            limits,
            waker: Arc::default(),
        }
    }
}

enum Job {
    Speak(Utterance),
    Prepare(Vec<Utterance>),
    /// Record the learner into `to`, then play `model` and the recording.
    Shadow {
        model: Utterance,
        to: PathBuf,
    },
    StopRecording,
    PlayFile(PathBuf),
    Stop,
    /// Answered once nothing is queued or playing.
    Quiet(Sender<()>),
}

/// Called when the status changes (the app asks egui for a frame).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// The speech handle: without an engine it says nothing and [`can_speak`](Self::can_speak) is
/// false, so the screens hide their speak buttons.
pub struct Speech {
    found: Found,
    jobs: Option<Sender<Job>>,
    status: Arc<Mutex<Status>>,
    events: Arc<Mutex<Option<Sender<Event>>>>,
    worker: Option<std::thread::JoinHandle<()>>,
    /// Closed when the worker has ended.
    ended: Option<Receiver<()>>,
    /// How it was made, to start again with new settings.
    setup: Option<Setup>,
}

impl Speech {
    /// No speech (no engine, or speech off).
    pub fn none() -> Speech {
        Speech {
            found: Found::default(),
            jobs: None,
            status: Arc::default(),
            events: Arc::default(),
            worker: None,
            ended: None,
            setup: None,
        }
    }

    /// Finds the engine, player and recorder `settings` ask for ([`Found::discover`]) and starts
    /// the worker over them; it lists the engine's voices first and logs the engine chosen at
    /// INFO.
    pub fn start(settings: &SpeechSettings, setup: Setup) -> Speech {
        let found = Found::discover(settings, &*setup.finder);
        let Some(engine) = found.engine.clone() else {
            crate::info!(name: "talkdeck.speech", "no speech engine: phrases are not spoken");
            let mut speech = Speech::none();
            speech.found = found;
            speech.setup = Some(setup);
            return speech;
        };
        crate::info!(
            name: "talkdeck.speech",
            "speech engine: {} ({}), voice {}; player: {}; recorder: {}",
            engine.kind.name(),
            engine.program.display(),
            match settings.voice.trim() {
                "" => "an English one of its own",
                chosen => chosen,
            },
            found.player.as_ref().map_or("none (the engine speaks)", |p| &p.name),
            found.recorder.as_ref().map_or("none", |r| &r.name)
        );
        let (jobs, rx) = mpsc::channel();
        let status = Arc::new(Mutex::new(Status {
            voice: settings.voice.trim().to_owned(),
            ..Status::default()
        }));
        let events: Arc<Mutex<Option<Sender<Event>>>> = Arc::default();
        let worker = Worker {
            engine,
            player: found.player.clone(),
            recorder: found.recorder.clone(),
            chosen_voice: settings.voice.trim().to_owned(),
            voice: String::new(),
            cache: Cache::new(&setup.cache),
            limits: setup.limits,
            rx,
            status: Arc::clone(&status),
            events: Arc::clone(&events),
            waker: Arc::clone(&setup.waker),
            current: None,
            steps: VecDeque::new(),
            background: VecDeque::new(),
            quiet: Vec::new(),
            warned: HashSet::new(),
        };
        let (ended, ended_rx) = mpsc::channel::<()>();
        let worker = std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || {
                worker.run();
                drop(ended);
            })
            .map_err(|err| crate::error!(name: "talkdeck.speech", "cannot start the speech thread: {err}"))
            .ok();
        Speech {
            jobs: worker.as_ref().map(|_| jobs),
            ended: Some(ended_rx),
            found,
            status,
            events,
            worker,
            setup: Some(setup),
        }
    }

    /// Starts again with new settings (the old worker stops what it plays); speech made with
    /// [`none`](Self::none) stays silent.
    pub fn restart(&mut self, settings: &SpeechSettings) {
        if let Some(setup) = self.setup.take() {
            *self = Speech::none();
            *self = Speech::start(settings, setup);
        }
    }

    /// Who is told when the status changes (the app asks egui for a frame).
    pub fn set_waker(&self, waker: Waker) {
        if let Some(setup) = &self.setup
            && let Ok(mut slot) = setup.waker.lock()
        {
            *slot = Some(waker);
        }
    }

    /// Whether phrases can be spoken (an engine was found and runs).
    pub fn can_speak(&self) -> bool {
        self.jobs.is_some()
    }

    /// Whether a recording can be played (speech is on and a player was found).
    pub fn can_play(&self) -> bool {
        self.can_speak() && self.found.player.is_some()
    }

    /// Whether the learner can be recorded (a recorder and a player were found).
    pub fn can_record(&self) -> bool {
        self.can_speak() && self.found.recorder.is_some() && self.found.player.is_some()
    }

    /// What was found at start-up.
    pub fn found(&self) -> &Found {
        &self.found
    }

    /// What the worker is doing (cheap: read every frame).
    pub fn activity(&self) -> Activity {
        self.status.lock().map(|s| s.activity).unwrap_or_default()
    }

    /// How many recordings have been kept so far (cheap: read every frame).
    pub fn recorded(&self) -> u64 {
        self.status.lock().map(|s| s.recorded).unwrap_or_default()
    }

    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Events from now on (one listener; a new call replaces the last).
    pub fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = mpsc::channel();
        if let Ok(mut events) = self.events.lock() {
            *events = Some(tx);
        }
        rx
    }

    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }

    /// Speaks `utterance` now, stopping whatever was playing.
    pub fn speak(&self, utterance: Utterance) {
        self.send(Job::Speak(utterance));
    }

    /// Synthesises phrases into the cache in the background, when nothing else is to be done.
    pub fn prepare(&self, utterances: Vec<Utterance>) {
        if !utterances.is_empty() {
            self.send(Job::Prepare(utterances));
        }
    }

    /// Records the learner saying `model` into `to` (the latest recording replaces the one
    /// before), then plays the model and the recording one after the other.
    pub fn shadow(&self, model: Utterance, to: PathBuf) {
        if self.can_record() {
            self.send(Job::Shadow { model, to });
        }
    }

    /// Ends a recording now (it is kept and played back).
    pub fn stop_recording(&self) {
        self.send(Job::StopRecording);
    }

    /// Plays a WAV file (a recording of the learner's).
    pub fn play_file(&self, path: &Path) {
        self.send(Job::PlayFile(path.to_owned()));
    }

    /// Stops whatever is playing or queued.
    pub fn stop(&self) {
        self.send(Job::Stop);
    }

    /// Waits until nothing is queued, being made or playing (the terminal quiz before it exits;
    /// tests before they look).
    pub fn wait_quiet(&self) {
        let (tx, rx) = mpsc::channel();
        self.send(Job::Quiet(tx));
        let _ = rx.recv();
    }
}

/// How long dropping a [`Speech`] waits for its worker: a program being waited for (a slow or
/// hung engine) must not hold up the window, which drops it on a settings change and on closing.
const DROP_WAIT: Duration = Duration::from_millis(500);

impl Drop for Speech {
    fn drop(&mut self) {
        // Closing the channel ends the worker, which stops what it plays — once the program it is
        // waiting for, if any, is done or stopped at its limit. Past `DROP_WAIT` it is left to end
        // by itself.
        self.jobs = None;
        let ended = self.ended.take().is_none_or(|ended| {
            matches!(
                ended.recv_timeout(DROP_WAIT),
                Err(RecvTimeoutError::Disconnected)
            )
        });
        if let Some(worker) = self.worker.take()
            && ended
        {
            let _ = worker.join();
        }
    }
}

/// One thing the worker does in turn.
enum Step {
    Say {
        utterance: Utterance,
        asked: Instant,
    },
    Record {
        to: PathBuf,
        model: Utterance,
    },
    Play(PathBuf),
}

/// What is running now.
struct Current {
    running: Running,
    /// A recording: kept at its place once it ends.
    recording: Option<Take>,
    what: &'static str,
}

/// A recording being made: the file the recorder writes, where it is kept, and the phrase it is
/// of (kept beside it, so a recording is played back only with the phrase it says).
struct Take {
    tmp: PathBuf,
    to: PathBuf,
    text: String,
}

/// The file beside a recording that says which phrase it is of.
pub fn recording_text_path(recording: &Path) -> PathBuf {
    recording.with_extension("txt")
}

/// The phrase the recording at `recording` is of, if it says.
pub fn recording_text(recording: &Path) -> Option<String> {
    std::fs::read_to_string(recording_text_path(recording)).ok()
}

struct Worker {
    engine: Engine,
    player: Option<Tool>,
    recorder: Option<Tool>,
    chosen_voice: String,
    voice: String,
    cache: Cache,
    limits: Limits,
    rx: Receiver<Job>,
    status: Arc<Mutex<Status>>,
    events: Arc<Mutex<Option<Sender<Event>>>>,
    waker: Arc<Mutex<Option<Waker>>>,
    current: Option<Current>,
    steps: VecDeque<Step>,
    background: VecDeque<Utterance>,
    quiet: Vec<Sender<()>>,
    /// What has been warned about this session (each once).
    warned: HashSet<&'static str>,
}

/// How often a playing program is looked at.
const POLL: Duration = Duration::from_millis(10);

impl Worker {
    fn run(mut self) {
        self.find_voice();
        self.cache.prune(CACHE_LIMIT_BYTES);
        loop {
            let job = if self.current.is_some() {
                match self.rx.recv_timeout(POLL) {
                    Ok(job) => Some(job),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            } else if !self.steps.is_empty() || !self.background.is_empty() {
                self.rx.try_recv().ok()
            } else {
                match self.rx.recv() {
                    Ok(job) => Some(job),
                    Err(_) => break,
                }
            };
            if let Some(job) = job {
                self.take(job);
            }
            self.advance();
        }
        if let Some(mut current) = self.current.take() {
            current.running.stop();
        }
    }

    /// Lists the engine's voices and picks the one to use; logs the engine at INFO.
    fn find_voice(&mut self) {
        let voices = match self.engine.voices_invocation() {
            Some(run) => match run_to_end(&run, self.limits.listing) {
                Ok(out) => self.engine.parse_voices(&String::from_utf8_lossy(&out)),
                Err(err) => {
                    crate::warning!(name: "talkdeck.speech", "{} could not list its voices: {err}", self.engine.kind.name());
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        self.voice = if self.chosen_voice.is_empty() {
            default_voice(self.engine.kind, &voices)
        } else {
            self.chosen_voice.clone()
        };
        if self.chosen_voice.is_empty() {
            crate::info!(
                name: "talkdeck.speech",
                "speech voice: {} (picked from {} voices the engine lists)",
                if self.voice.is_empty() { "the engine's English" } else { &self.voice },
                voices.len()
            );
        }
        self.update(|s| {
            s.voices = voices.into();
            s.voice = self.voice.clone();
        });
    }

    fn update(&self, change: impl FnOnce(&mut Status)) {
        if let Ok(mut status) = self.status.lock() {
            change(&mut status);
        }
        if let Ok(waker) = self.waker.lock()
            && let Some(waker) = &*waker
        {
            waker();
        }
    }

    fn emit(&self, event: Event) {
        if let Ok(events) = self.events.lock()
            && let Some(tx) = &*events
        {
            let _ = tx.send(event);
        }
    }

    /// A failing program: WARNING once per session for each kind of failure, DEBUG after.
    fn problem(&mut self, what: &'static str, message: String) {
        if self.warned.insert(what) {
            crate::warning!(name: "talkdeck.speech", "{message} (studying goes on; said once per session)");
        } else {
            crate::debug!(name: "talkdeck.speech", "{message}");
        }
        self.update(|s| s.problem = Some(message.clone()));
        self.emit(Event::Problem(message));
    }

    fn stop_current(&mut self) {
        if let Some(mut current) = self.current.take() {
            current.running.stop();
            if let Some(take) = current.recording {
                let _ = std::fs::remove_file(take.tmp);
            }
        }
    }

    fn take(&mut self, job: Job) {
        match job {
            Job::Speak(utterance) => {
                self.stop_current();
                self.steps.clear();
                self.steps.push_back(Step::Say {
                    utterance,
                    asked: Instant::now(),
                });
            }
            Job::Prepare(utterances) => {
                for utterance in utterances {
                    if !self.background.contains(&utterance) {
                        self.background.push_back(utterance);
                    }
                }
            }
            Job::Shadow { model, to } => {
                self.stop_current();
                self.steps.clear();
                self.steps.push_back(Step::Record { to, model });
            }
            Job::StopRecording => {
                if let Some(current) = &mut self.current
                    && current.recording.is_some()
                {
                    current.running.stop();
                    let current = self.current.take().expect("checked above");
                    self.recording_ended(current, true);
                }
            }
            Job::PlayFile(path) => {
                self.stop_current();
                self.steps.clear();
                self.steps.push_back(Step::Play(path));
            }
            Job::Stop => {
                self.stop_current();
                self.steps.clear();
            }
            Job::Quiet(tx) => self.quiet.push(tx),
        }
    }

    fn advance(&mut self) {
        if let Some(current) = &mut self.current
            && let Some(ended) = current.running.poll()
        {
            let current = self.current.take().expect("checked above");
            if current.recording.is_some() {
                // A recording ends at its time limit: that is the usual way.
                self.recording_ended(current, false);
            } else {
                match ended {
                    Ended::Done => {}
                    Ended::TimedOut(limit) => self.problem(
                        current.what,
                        format!(
                            "the {} ran past {} s and was stopped",
                            current.what,
                            limit.as_secs()
                        ),
                    ),
                    Ended::Failed(status) => self.problem(
                        current.what,
                        format!("the {} failed: {status}", current.what),
                    ),
                }
            }
        }
        while self.current.is_none()
            && let Some(step) = self.steps.pop_front()
        {
            self.start(step);
        }
        if self.current.is_none()
            && self.steps.is_empty()
            && let Some(utterance) = self.background.pop_front()
            && self.engine.writes_wav()
            && utterance.recording.is_none()
        {
            let path =
                self.cache
                    .phrase(&self.engine, &self.voice, utterance.speed, &utterance.text);
            if !path.exists() && self.synthesise(&utterance, &path).is_some() {
                self.emit(Event::Prepared {
                    text: utterance.text,
                });
            }
        }
        let quiet = self.current.is_none() && self.steps.is_empty() && self.background.is_empty();
        if quiet {
            let was_busy = self
                .status
                .lock()
                .is_ok_and(|s| s.activity != Activity::Idle);
            if was_busy {
                self.update(|s| s.activity = Activity::Idle);
            }
            for tx in self.quiet.drain(..) {
                let _ = tx.send(());
            }
        }
    }

    /// Synthesises `utterance` into `path` (through a temporary file, so a half-written phrase is
    /// never played); logs the time at DEBUG.
    fn synthesise(&mut self, utterance: &Utterance, path: &Path) -> Option<()> {
        let started = Instant::now();
        if let Err(err) = std::fs::create_dir_all(self.cache.dir()) {
            self.problem(
                "cache",
                format!(
                    "cannot make the speech cache {}: {err}",
                    self.cache.dir().display()
                ),
            );
            return None;
        }
        let tmp = path.with_extension("part.wav");
        let run = self
            .engine
            .invocation(&utterance.text, &self.voice, utterance.speed, Some(&tmp));
        let result = run_to_end(&run, self.limits.synthesis);
        let made = result.and_then(|_| {
            let info = wav::inspect_file(&tmp)
                .map_err(|err| RunError::Failed(format!("wrote no sound: {err}")))?;
            if info.frames == 0 {
                return Err(RunError::Failed("wrote no sound".into()));
            }
            std::fs::rename(&tmp, path).map_err(RunError::Start)
        });
        match made {
            Ok(()) => {
                crate::debug!(
                    name: "talkdeck.speech",
                    "synthesised {:?} in {} ms",
                    utterance.text,
                    started.elapsed().as_millis()
                );
                Some(())
            }
            Err(err) => {
                let _ = std::fs::remove_file(&tmp);
                let message = format!("{} {err} ({})", self.engine.kind.name(), run.display());
                self.problem("engine", message);
                None
            }
        }
    }

    /// The WAV file that says `utterance`, and whether it was in the cache; `None` when the
    /// engine must speak it itself, or it could not be made.
    fn wav_for(&mut self, utterance: &Utterance) -> Result<Option<(PathBuf, bool)>, ()> {
        if let Some(source) = &utterance.recording {
            if wav::head(source).is_ok_and(|h| &h[..4] == b"RIFF") {
                return Ok(Some((source.clone(), true)));
            }
            let path = self.cache.decoded(source);
            if path.exists() {
                return Ok(Some((path, true)));
            }
            let _ = std::fs::create_dir_all(self.cache.dir());
            return match decode_to_wav(source, &path) {
                Ok(()) => Ok(Some((path, false))),
                Err(err) => {
                    self.problem(
                        "decoder",
                        format!("cannot play {}: {err}", source.display()),
                    );
                    // The synthesised voice instead.
                    self.wav_for(&Utterance {
                        recording: None,
                        ..utterance.clone()
                    })
                }
            };
        }
        if !self.engine.writes_wav() || self.player.is_none() {
            return Ok(None);
        }
        let path = self
            .cache
            .phrase(&self.engine, &self.voice, utterance.speed, &utterance.text);
        if path.exists() {
            return Ok(Some((path, true)));
        }
        self.synthesise(utterance, &path)
            .map(|()| Some((path, false)))
            .ok_or(())
    }

    fn start(&mut self, step: Step) {
        match step {
            Step::Say { utterance, asked } => {
                let Ok(wav) = self.wav_for(&utterance) else {
                    return;
                };
                let (run, cached, what) = match (&wav, &self.player) {
                    (Some((path, cached)), Some(player)) => {
                        (player.invocation(path), Some(*cached), "player")
                    }
                    _ => (
                        self.engine
                            .invocation(&utterance.text, &self.voice, utterance.speed, None),
                        None,
                        "engine",
                    ),
                };
                crate::debug!(
                    name: "talkdeck.speech",
                    "speaking {:?} ({}, {:?}): {}",
                    utterance.text,
                    if self.voice.is_empty() { "default voice" } else { &self.voice },
                    utterance.speed,
                    match cached {
                        Some(true) => "cache hit",
                        Some(false) => "cache miss",
                        None => "spoken by the engine",
                    }
                );
                if self.launch(&run, what) {
                    self.emit(Event::Started {
                        text: utterance.text,
                        cached,
                        asked,
                        started: Instant::now(),
                    });
                }
            }
            Step::Record { to, model } => {
                // The model first, so its length sets how long the learner has.
                let seconds = match self.wav_for(&model) {
                    Ok(Some((path, _))) => wav::inspect_file(&path).map_or(3.0, |i| i.seconds()),
                    _ => 0.5 + 0.4 * model.text.split_whitespace().count() as f64,
                };
                let max = Duration::from_secs_f64((seconds * 1.6 + 1.5).clamp(2.0, 10.0));
                if let Some(parent) = to.parent()
                    && let Err(err) = std::fs::create_dir_all(parent)
                {
                    self.problem(
                        "recorder",
                        format!("cannot make {}: {err}", parent.display()),
                    );
                    return;
                }
                let tmp = to.with_extension("part.wav");
                let Some(recorder) = self.recorder.clone() else {
                    return;
                };
                let run = recorder.invocation(&tmp);
                let take = Take {
                    tmp,
                    to: to.clone(),
                    text: model.text.clone(),
                };
                if self.launch_for(&run, "recorder", Some(take), max) {
                    self.update(|s| {
                        s.activity = Activity::Recording {
                            started: Instant::now(),
                            max,
                        }
                    });
                    self.emit(Event::RecordingStarted);
                    self.steps.push_back(Step::Say {
                        utterance: model,
                        asked: Instant::now(),
                    });
                    self.steps.push_back(Step::Play(to));
                }
            }
            Step::Play(path) => {
                let Some(player) = self.player.clone() else {
                    return;
                };
                if path.exists() {
                    self.launch(&player.invocation(&path), "player");
                }
            }
        }
    }

    /// Starts a player (or the engine speaking), stopped at the playing limit.
    fn launch(&mut self, run: &super::command::Invocation, what: &'static str) -> bool {
        let limit = self.limits.playing;
        self.launch_for(run, what, None, limit)
    }

    fn launch_for(
        &mut self,
        run: &super::command::Invocation,
        what: &'static str,
        recording: Option<Take>,
        limit: Duration,
    ) -> bool {
        let started = if recording.is_some() {
            Running::start_gentle(run, limit)
        } else {
            Running::start(run, limit)
        };
        match started {
            Ok(running) => {
                let speaking = recording.is_none();
                self.current = Some(Current {
                    running,
                    recording,
                    what,
                });
                if speaking {
                    self.update(|s| s.activity = Activity::Speaking);
                }
                true
            }
            Err(err) => {
                self.problem(what, format!("the {what} {err} ({})", run.display()));
                false
            }
        }
    }

    /// A recording ended: its header mended, kept in place of the last one with the phrase it is
    /// of, or reported — unless the learner stopped it before anything was recorded.
    fn recording_ended(&mut self, current: Current, stopped_by_learner: bool) {
        let Some(Take { tmp, to, text }) = current.recording else {
            return;
        };
        let _ = wav::mend_sizes(&tmp);
        match wav::inspect_file(&tmp) {
            Ok(info) if info.frames > 0 => match std::fs::rename(&tmp, &to) {
                Ok(()) => {
                    if let Err(err) =
                        crate::files::write_atomic(&recording_text_path(&to), text.as_bytes())
                    {
                        crate::debug!(name: "talkdeck.speech", "cannot note the phrase of {}: {err}", to.display());
                    }
                    crate::debug!(name: "talkdeck.speech", "recorded {:.1} s into {}", info.seconds(), to.display());
                    self.update(|s| s.recorded += 1);
                    self.emit(Event::Recorded { path: to });
                }
                Err(err) => self.problem(
                    "recorder",
                    format!("cannot keep the recording {}: {err}", to.display()),
                ),
            },
            Ok(_) | Err(_) => {
                let _ = std::fs::remove_file(&tmp);
                // Nothing to play back.
                self.steps.clear();
                if stopped_by_learner {
                    crate::debug!(name: "talkdeck.speech", "recording stopped before anything was recorded");
                } else {
                    self.problem("recorder", "the recorder recorded nothing".to_owned());
                }
            }
        }
        self.update(|s| s.activity = Activity::Idle);
    }
}
