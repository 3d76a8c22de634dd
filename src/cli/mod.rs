//! The command line: global options and the subcommands.
//!
//! `talkdeck` with no subcommand opens the app (or, with no display, says to use `quiz`). Every
//! command starts logging the same way ([`start_logging`]) and shuts it down on the way out, so
//! buffered records reach the log files. What each command does lives in its own module; this one
//! only parses, dispatches and sets up logging.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::logging::{
    self, ConsoleHandler, Formatter, Handler, HandlerOptions, Level, MemoryHandler,
    RotatingFileHandler,
};
use crate::store::{DataDir, DeviceRecord, LoadedSettings, Settings};

mod decks;
mod open;
mod optimize;
mod quiz;
pub mod signals;
mod stats;

/// `stats --range`: the Stats screen's ranges, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsRange {
    Month,
    Quarter,
    Year,
    All,
}

impl StatsRange {
    fn range(self) -> crate::stats::Range {
        match self {
            StatsRange::Month => crate::stats::Range::Month,
            StatsRange::Quarter => crate::stats::Range::Quarter,
            StatsRange::Year => crate::stats::Range::Year,
            StatsRange::All => crate::stats::Range::All,
        }
    }
}

pub use decks::{ImportError, ImportRequest};

/// Spaced-repetition flashcards for English small talk, for Chinese speakers (英语寒暄卡片).
#[derive(Debug, Parser)]
#[command(name = "talkdeck", version, about, long_about = None)]
pub struct Cli {
    /// Use DIR as the data folder (decks, review journal, settings, logs) instead of the default.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Log records at LEVEL and above on stderr: debug, info, notice, warning (default), error,
    /// critical, alert, emergency, or a number.
    #[arg(long, global = true, value_name = "LEVEL", value_parser = parse_level)]
    pub log_level: Option<Level>,

    /// Configure logging from a RON file (see `logging.ron` in the README); overrides --log-level.
    #[arg(long, global = true, value_name = "FILE")]
    pub log_config: Option<PathBuf>,

    /// This computer's device id in the data folder (its journal is `journal/ID.ron`), instead of
    /// the one kept in the system's local configuration folder: for a talkdeck carried on a USB
    /// stick, and for tests.
    #[arg(long, global = true, value_name = "ID", env = "TALKDECK_DEVICE")]
    pub device: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Study in the terminal: the cue is shown, Enter reveals the answer, 1–4 grades it (flip), or
    /// type the answer and have it checked (type). Works over SSH and with piped input.
    Quiz {
        /// Study only this deck (repeat for several).
        #[arg(long = "deck", value_name = "ID")]
        decks: Vec<String>,
        /// Stop after N answers.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// flip, type, choice or listen (default from settings).
        #[arg(long, value_parser = parse_mode)]
        mode: Option<crate::store::StudyMode>,
        /// Study N more new items today, beyond the daily limits (the app's "Study more").
        #[arg(long, value_name = "N")]
        more: Option<u32>,
        /// Read the English aloud through the speech engine set in the app's Settings (`r`
        /// repeats, `s` says it slowly); with `--mode listen`, items are asked by ear.
        #[arg(long)]
        speak: bool,
        /// Seed for picking template variants (default: the time).
        #[arg(long, hide = true)]
        seed: Option<u64>,
    },
    /// Print today's reviews, the streak, true retention (today, yesterday, the last week, month and
    /// year, young and mature), what is due tomorrow, a line per deck and the phrases that keep
    /// failing.
    Stats {
        /// Only this deck (by id); repeat for several.
        #[arg(long = "deck", value_name = "ID")]
        decks: Vec<String>,
        /// How far back the charts' figures in --json look (the Stats screen's range).
        #[arg(long, value_enum, default_value = "month")]
        range: StatsRange,
        /// Every figure of the Stats screen as JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Check deck files: prints `FILE: ok (N cards, M items)` or every error as `file:line:column:
    /// message`; exits with status 1 if any file has errors.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the decks: built-in and your own, with card and item counts, and files that failed.
    Decks,
    /// Import a deck: a .ron deck is checked and copied into your deck folder; a .tsv or .txt file
    /// exported from Anki ("Notes in Plain Text": front, back, tags) becomes a new deck.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Overwrite your deck with the same id.
        #[arg(long)]
        replace: bool,
        /// The new deck's id (default: a .ron deck's own, or from a .tsv / .txt file's name); a
        /// .ron deck given another id or name is written in talkdeck's layout.
        #[arg(long)]
        id: Option<String>,
        /// The new deck's name (default: a .ron deck's own, or the .tsv / .txt file's name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Export a deck as RON, to stdout or to a file.
    Export {
        #[arg(value_name = "DECK_ID")]
        deck: String,
        /// Write to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print where talkdeck keeps its data and logs.
    Paths,
    /// Fit your own memory model (FSRS parameters) to your answers, print how well it and the one
    /// in use predict them (log loss and RMSE, lower is better), and use it from now on if it
    /// predicts better.
    Optimize {
        /// Fit and compare, but save nothing (the data folder is only read).
        #[arg(long)]
        dry_run: bool,
    },
}

fn parse_mode(text: &str) -> Result<crate::store::StudyMode, String> {
    match text.to_ascii_lowercase().as_str() {
        "flip" => Ok(crate::store::StudyMode::Flip),
        "type" => Ok(crate::store::StudyMode::Type),
        "choice" => Ok(crate::store::StudyMode::Choice),
        "listen" => Ok(crate::store::StudyMode::Listen),
        other => Err(format!(
            "unknown mode {other:?} (flip, type, choice or listen)"
        )),
    }
}

fn parse_level(text: &str) -> Result<Level, String> {
    text.parse::<Level>().map_err(|e| e.to_string())
}

/// The data folder: `--data-dir`, else the platform's (Linux: `~/.local/share/talkdeck`), seen
/// from this device: `--device`, else the id kept in the system's local configuration folder (made
/// on first run, and renewed when another machine writes its journal).
pub fn data_dir(cli: &Cli) -> Option<DataDir> {
    let root = match &cli.data_dir {
        Some(dir) => dir.clone(),
        None => DataDir::default_location()?.root().to_path_buf(),
    };
    Some(match &cli.device {
        Some(id) => DataDir::for_device(root, id),
        None => match DeviceRecord::default_folder() {
            Some(config) => {
                let now = jiff::Timestamp::now().as_millisecond();
                let mut record = DeviceRecord::load_or_create(&config, now);
                let data = DataDir::for_device(&root, &record.device().id);
                if record.written_elsewhere(&data.journal_path()) {
                    record.renew(now);
                }
                DataDir::for_device(root, &record.device().id)
            }
            None => DataDir::new(root),
        },
    })
}

/// The logging set up for a run: the handlers the app needs to reach, and the guard that flushes
/// everything on the way out.
pub struct Logging {
    pub memory: Option<Arc<MemoryHandler>>,
    pub file: Option<Arc<dyn Handler>>,
    pub log_file: Option<PathBuf>,
    _guard: logging::ShutdownGuard,
}

/// Records the Logs screen keeps.
pub const MEMORY_RECORDS: usize = 10_000;

/// How long a record may wait in a log file's buffer: a kill or a crash loses at most this much.
pub const FLUSH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

/// Sets up logging for a command: stderr at `--log-level` (WARNING by default) in the form
/// `talkdeck: LEVEL: name: message`; for the commands that work on the data folder (and the app),
/// also the rotating `logs/talkdeck.log` there (1 MiB × 5, `{asctime} {levelname:<9} {name}
/// {message}`) at the settings' `file_log_level` (INFO by default), flushed within
/// [`FLUSH_INTERVAL`], so every study session is on record; for the app, the memory handler the
/// Logs screen reads (10,000 records, from DEBUG). talkdeck's own loggers (`talkdeck.*`) log at
/// the lowest of those levels; dependencies (winit, egui, `tracing` spans, … through the `log`
/// bridge) inherit the root's WARNING. A `--log-config` file then overrides all of it, the levels
/// of talkdeck's loggers included.
pub fn start_logging(cli: &Cli, settings: Option<&LoadedSettings>) -> Result<Logging, String> {
    let guard = logging::shutdown_guard();
    // The core's own messages on stderr (a handler that failed, …) begin with this name.
    logging::Registry::global().set_program_name("talkdeck");
    let app = cli.command.is_none();
    let screen_level = cli.log_level.unwrap_or(Level::WARNING);
    let console_format =
        Formatter::new("talkdeck: {levelname}: {name}: {message}").map_err(|e| e.to_string())?;
    let mut handlers: Vec<Arc<dyn Handler>> = vec![Arc::new(ConsoleHandler::stderr(
        HandlerOptions::default()
            .level(screen_level)
            .formatter(console_format)
            .filter(logging::FnFilter(learners_concern)),
    ))];
    let mut own_level = screen_level;
    let uses_data = !matches!(cli.command, Some(Command::Paths | Command::Check { .. }));
    let mut file = None;
    let mut log_file = None;
    // A data folder that is a file is refused by the command itself, with the one message.
    let data = data_dir(cli).filter(|data| uses_data && !data.is_not_a_folder());
    if let Some(data) = data {
        let file_level = settings
            .and_then(|s| s.as_ref().ok())
            .map_or(Level::INFO, |s| s.file_log_level);
        let file_format = Formatter::new("{asctime} {levelname:<9} {name} {message}")
            .map_err(|e| e.to_string())?;
        let opened = open_log_file(&data, file_level, file_format);
        match opened {
            Ok(handler) => {
                let handler: Arc<dyn Handler> = Arc::new(handler);
                handlers.push(Arc::clone(&handler));
                file = Some(handler);
                log_file = Some(data.log_file());
                // The level follows the settings while the app runs, so talkdeck lets all through.
                own_level = if app {
                    Level::DEBUG
                } else {
                    own_level.min(file_level)
                };
            }
            // No log file is no reason not to study: say so and go on. A command that only reads
            // records nothing that matters, and a read-only folder is fine for it: it says nothing.
            Err(message) if writes_data(cli) => {
                eprintln!("talkdeck: {message}; this run is not logged to a file")
            }
            Err(_) => {}
        }
    }
    let memory = app.then(|| {
        Arc::new(MemoryHandler::new(
            MEMORY_RECORDS,
            HandlerOptions::default().level(Level::DEBUG),
        ))
    });
    if let Some(memory) = &memory {
        handlers.push(Arc::clone(memory) as Arc<dyn Handler>);
        own_level = Level::DEBUG;
    }
    let root = logging::root();
    root.set_handlers(handlers);
    root.set_level(Level::WARNING);
    let own = logging::get_logger(crate::OWN_LOGGER);
    own.set_level(own_level);
    if let Some(path) = &cli.log_config {
        // The file decides every level, talkdeck's included, as the root it sets.
        own.set_level(Level::NOTSET);
        logging::config::apply_file(logging::Registry::global(), path)
            .map_err(|e| e.to_string())?;
    }
    if file.is_some() {
        logging::flush_every(Some(FLUSH_INTERVAL));
    }
    // Dependencies log through `log`; their records are decided by talkdeck's logger levels, and
    // `log` is told the lowest level any of them lets through, so a `tracing` span below it costs
    // them one compare.
    let _ = logging::bridge::install(dependency_level());
    Ok(Logging {
        memory,
        file,
        log_file,
        _guard: guard,
    })
}

/// Whether the command changes the data folder (so a log file that cannot be opened is worth a
/// word): the app, `quiz`, `import` and `optimize`.
fn writes_data(cli: &Cli) -> bool {
    matches!(
        cli.command,
        None | Some(
            Command::Quiz { .. } | Command::Import { .. } | Command::Optimize { dry_run: false }
        )
    )
}

/// The data folder's rotating log file, or why not, naming the file.
fn open_log_file(
    data: &DataDir,
    level: Level,
    format: Formatter,
) -> Result<RotatingFileHandler, String> {
    let path = data.log_file();
    let cannot =
        |err: &dyn std::fmt::Display| format!("cannot open the log file {}: {err}", path.display());
    if data.is_not_a_folder() {
        return Err(cannot(&format!(
            "{} is not a folder",
            data.root().display()
        )));
    }
    let logs = data.logs_dir();
    for folder in logs.ancestors().take_while(|f| *f != data.root()) {
        if std::fs::metadata(folder).is_ok_and(|meta| !meta.is_dir()) {
            return Err(cannot(&format!("{} is not a folder", folder.display())));
        }
    }
    std::fs::create_dir_all(&logs).map_err(|err| cannot(&err))?;
    // Opening a pipe to write would wait for a reader for ever.
    if let Some(kind) = std::fs::metadata(&path)
        .ok()
        .and_then(|meta| crate::files::kind_of(&meta))
    {
        return Err(cannot(&format!("it is {kind}, not a file")));
    }
    RotatingFileHandler::open(
        &path,
        1024 * 1024,
        5,
        HandlerOptions::default().level(level).formatter(format),
    )
    // The handler's errors name the file themselves.
    .map_err(|err| format!("cannot open the log file: {err}"))
}

/// The terminal shows talkdeck's own records and the libraries' errors: a dependency's warning
/// (winit on an odd display, say) is not the learner's business. All of them reach the log file.
fn learners_concern(record: &logging::Record<'_>) -> logging::Decision {
    if crate::is_own_logger(record.logger) || record.level >= Level::ERROR {
        logging::Decision::Neutral
    } else {
        logging::Decision::Reject
    }
}

/// The lowest level that a logger outside talkdeck's own lets through, as a `log` level filter.
fn dependency_level() -> log::LevelFilter {
    let lowest = logging::Registry::global()
        .loggers()
        .iter()
        .filter(|l| !crate::is_own_logger(l.name()))
        .map(|l| l.effective_level())
        .min()
        .unwrap_or(Level::WARNING);
    logging::bridge::level_filter(lowest)
}

/// Runs the command line; the binary's `main` is only this.
pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    if cli.command.is_none() && !crate::ui::display_available() {
        eprintln!("talkdeck: no display found; use 'talkdeck quiz' to study in the terminal");
        return ExitCode::from(2);
    }
    // settings.ron is read once: its log level is needed first, then the store takes it.
    let data = data_dir(&cli);
    let settings = match (&cli.command, &data) {
        (
            None | Some(Command::Quiz { .. } | Command::Stats { .. } | Command::Optimize { .. }),
            Some(data),
        ) if !data.is_not_a_folder() => Some(Settings::load_for(data)),
        _ => None,
    };
    let logging = match start_logging(&cli, settings.as_ref()) {
        Ok(logging) => logging,
        Err(message) => {
            eprintln!("talkdeck: {message}");
            return ExitCode::from(2);
        }
    };
    crate::info!(name: "talkdeck.cli", "talkdeck {} started", env!("CARGO_PKG_VERSION"));
    signals::install();
    let mut stdout = std::io::stdout().lock();
    match &cli.command {
        None => match &data {
            Some(data) => open_app(data, settings, logging, started),
            None => fail("no home folder to keep data in; pass --data-dir DIR"),
        },
        Some(Command::Paths) => {
            print_paths(&cli);
            ExitCode::SUCCESS
        }
        Some(Command::Check { files }) => decks::check(files, &mut stdout),
        Some(command) => match &data {
            Some(data) if data.is_not_a_folder() => fail(
                &crate::store::LockError::NotAFolder {
                    dir: data.root().to_path_buf(),
                }
                .to_string(),
            ),
            Some(data) => run_with_data(command, data, settings, &mut stdout),
            None => fail("no home folder to keep data in; pass --data-dir DIR"),
        },
    }
}

/// Opens the data folder and the window.
fn open_app(
    data: &DataDir,
    settings: Option<LoadedSettings>,
    logging: Logging,
    started: std::time::Instant,
) -> ExitCode {
    // A folder in use (or a file for a folder) is refused before any window appears; one that
    // cannot be written opens to read, and the app says why. The lock taken here is the store's.
    use crate::store::{DataLock, LockError};
    let lock = match DataLock::acquire(data) {
        Ok(lock) => Some(lock),
        Err(err @ (LockError::InUse { .. } | LockError::NotAFolder { .. })) => {
            return fail(&err.to_string());
        }
        Err(_) => None,
    };
    // The window reads its geometry as it opens: where older talkdecks kept it, it moves first.
    let window = data.window_path();
    data.adopt_old_machine_file("window.ron", &window);
    let settings = settings.unwrap_or_else(|| Settings::load_for(data));
    // ... and the store and decks open while the window and its GL context are being made.
    let opening = {
        let data = data.clone();
        let memory = logging
            .memory
            .clone()
            .unwrap_or_else(|| Arc::new(MemoryHandler::new(1, HandlerOptions::default())));
        let log_file = logging.log_file.clone();
        let file_handler = logging.file.clone();
        std::thread::Builder::new()
            .name("open".into())
            .spawn(move || {
                let (store, library) = open::open(&data, open::Purpose::App, settings, lock)?;
                let speech = crate::speech::Speech::start(
                    &store.settings().speech,
                    crate::speech::Setup::system(data.speech_cache_dir()),
                );
                Ok(crate::ui::Model {
                    store,
                    library,
                    memory,
                    log_file,
                    file_handler,
                    clock: crate::ui::system_clock(),
                    seed: jiff::Timestamp::now().as_millisecond() as u64,
                    speech,
                })
            })
    };
    let code = match opening {
        Ok(handle) => crate::ui::run(handle, window, started, |window| {
            signals::on_close(move || window.close())
        }),
        Err(err) => fail(&format!("cannot start: {err}")),
    };
    drop(logging);
    code
}

/// The commands that work on the data folder.
fn run_with_data(
    command: &Command,
    data: &DataDir,
    settings: Option<LoadedSettings>,
    stdout: &mut dyn std::io::Write,
) -> ExitCode {
    let settings = || settings.unwrap_or_else(|| Settings::load_for(data));
    let done = |result: Result<(), String>| match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    };
    match command {
        Command::Quiz {
            decks,
            limit,
            mode,
            more,
            seed,
            speak,
        } => {
            use std::io::IsTerminal;
            let speech = if *speak {
                let speech_settings = Settings::load_for(data).unwrap_or_default().speech;
                let speech = crate::speech::Speech::start(
                    &speech_settings,
                    crate::speech::Setup::system(data.speech_cache_dir()),
                );
                if !speech.can_speak() {
                    eprintln!(
                        "talkdeck: no speech engine found, so nothing is read aloud. {}",
                        crate::speech::install_hint()
                    );
                }
                speech
            } else {
                crate::speech::Speech::none()
            };
            let options = quiz::QuizOptions {
                decks: decks.clone(),
                limit: *limit,
                mode: *mode,
                seed: *seed,
                echo: !std::io::stdin().is_terminal(),
                more: *more,
            };
            let clock = || jiff::Timestamp::now().as_millisecond();
            done(quiz::quiz(
                data,
                settings(),
                &options,
                &clock,
                &mut std::io::stdin().lock(),
                stdout,
                &speech,
            ))
        }
        Command::Stats { decks, range, json } => done(stats::stats(
            data,
            settings(),
            decks,
            range.range(),
            *json,
            quiz::now_ms(),
            stdout,
        )),
        Command::Optimize { dry_run } => done(optimize::optimize(
            data,
            settings(),
            *dry_run,
            quiz::now_ms(),
            stdout,
        )),
        Command::Decks => decks::list(data, stdout),
        Command::Import {
            file,
            replace,
            id,
            name,
        } => {
            let request = ImportRequest {
                file: file.clone(),
                replace: *replace,
                id: id.clone(),
                name: name.clone(),
            };
            decks::run_import(data, &request, stdout)
        }
        Command::Export {
            deck,
            output,
            force,
        } => match decks::export(data, deck, output.as_deref(), *force, stdout) {
            Ok(message) => {
                if !message.is_empty() {
                    eprintln!("{message}");
                }
                ExitCode::SUCCESS
            }
            Err(message) => fail(&message),
        },
        Command::Check { .. } | Command::Paths => ExitCode::SUCCESS,
    }
}

fn fail(message: &str) -> ExitCode {
    // On record in the log file too (at NOTICE, so the terminal does not show it twice).
    crate::notice!(name: "talkdeck.cli", "stopped: {message}");
    eprintln!("talkdeck: {message}");
    ExitCode::FAILURE
}

fn print_paths(cli: &Cli) {
    println!("talkdeck {} · 英语寒暄卡片", env!("CARGO_PKG_VERSION"));
    match data_dir(cli) {
        Some(dir) => {
            println!("data folder: {}", dir.root().display());
            match DeviceRecord::of(&dir) {
                Some(record) => println!(
                    "this device: {} ({}), its journal {}",
                    record.device().id,
                    record.device().name,
                    dir.journal_path().display()
                ),
                None => println!(
                    "this device: {}, its journal {}",
                    dir.device(),
                    dir.journal_path().display()
                ),
            }
            let others = crate::store::other_journals(&dir);
            if !others.is_empty() {
                println!("other journals read: {}", others.join(", "));
            }
            println!("your decks:  {}", dir.decks_dir().display());
            println!("log files:   {}", dir.log_file().display());
        }
        None => println!("data folder: none found (no home folder); pass --data-dir DIR"),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_terminal_shows_talkdecks_records_and_the_libraries_errors_only() {
        use logging::{Decision, Location, Record, ThreadInfo};
        let decide = |logger: &str, level: Level| {
            ThreadInfo::with_current(|thread| {
                learners_concern(&Record {
                    time: std::time::SystemTime::UNIX_EPOCH,
                    level,
                    logger,
                    args: format_args!("m"),
                    location: &Location::UNKNOWN,
                    thread,
                    fields: &[],
                })
            })
        };
        assert_eq!(decide("talkdeck.store", Level::WARNING), Decision::Neutral);
        assert_eq!(decide("talkdeck", Level::DEBUG), Decision::Neutral);
        assert_eq!(
            decide("winit.platform_impl.linux.x11.util.randr", Level::WARNING),
            Decision::Reject
        );
        assert_eq!(decide("talkdeckish", Level::WARNING), Decision::Reject);
        assert_eq!(decide("egui_glow", Level::ERROR), Decision::Neutral);
    }

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_parse_anywhere_and_levels_are_checked() {
        let cli = Cli::try_parse_from([
            "talkdeck",
            "paths",
            "--data-dir",
            "/tmp/td",
            "--log-level",
            "Notice",
            "--device",
            "desk-1",
        ])
        .unwrap();
        assert_eq!(
            cli.data_dir.as_deref(),
            Some(std::path::Path::new("/tmp/td"))
        );
        assert_eq!(cli.log_level, Some(Level::NOTICE));
        assert_eq!(
            data_dir(&cli),
            Some(DataDir::for_device("/tmp/td", "desk-1"))
        );
        let err = Cli::try_parse_from(["talkdeck", "--log-level", "loud"]).unwrap_err();
        assert!(
            err.to_string().contains("unknown log level \"loud\""),
            "{err}"
        );
    }
}
