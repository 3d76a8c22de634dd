//! Running the system's programs: to completion within a time limit (synthesis, listing voices),
//! or in the background (playing, recording) as a [`Running`] that can be stopped.

use std::io::{self, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::command::Invocation;

/// Why a program did not do its job.
#[derive(Debug)]
pub enum RunError {
    /// It could not be started (not found, not executable).
    Start(io::Error),
    /// It ran past its time limit and was stopped.
    TimedOut(Duration),
    /// It ended with a failure status; what it said on stderr (its last line).
    Failed(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Start(err) => write!(f, "could not be started: {err}"),
            RunError::TimedOut(limit) => {
                write!(
                    f,
                    "did not finish within {:.1} s and was stopped",
                    limit.as_secs_f32()
                )
            }
            RunError::Failed(said) => write!(f, "failed: {said}"),
        }
    }
}

fn command(run: &Invocation) -> Command {
    let mut command = Command::new(&run.program);
    command.args(&run.args);
    for (key, value) in &run.env {
        command.env(key, value);
    }
    command.stdin(if run.stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    #[cfg(unix)]
    {
        // A group of its own, so stopping it stops what it started too (a command of the
        // learner's may be `sh -c '…'` around the real recorder, which holds the microphone).
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    #[cfg(windows)]
    {
        // No console window flashing up for each phrase.
        use std::os::windows::process::CommandExt;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(CREATE_NO_WINDOW);
    }
    command
}

/// Sends `signal` to the process group `child` leads (every program is started in one of its own).
#[cfg(unix)]
fn signal_group(child: &Child, signal: i32) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: `kill` only sends a signal, to the group our own child leads.
        unsafe {
            libc::kill(-pid, signal);
        }
    }
}

/// Kills `child` and whatever it started, and waits for it.
fn kill(child: &mut Child) {
    #[cfg(unix)]
    signal_group(child, libc::SIGKILL);
    let _ = child.kill();
    let _ = child.wait();
}

fn feed(child: &mut Child, run: &Invocation) {
    if let (Some(text), Some(mut stdin)) = (&run.stdin, child.stdin.take()) {
        // A program that exits without reading is its own failure, reported by its status.
        let _ = stdin.write_all(text.as_bytes());
    }
}

/// The last line of what a program said that is not blank, trimmed.
fn last_line(said: &str) -> &str {
    said.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// How long a gentle stop waits for the program to finish its file.
#[cfg(unix)]
const GENTLE_STOP: Duration = Duration::from_millis(500);

/// How often a running program is looked at while it is waited for.
const POLL: Duration = Duration::from_millis(2);

/// Runs `run` to its end, at most `limit`; returns what it wrote on stdout.
pub fn run_to_end(run: &Invocation, limit: Duration) -> Result<Vec<u8>, RunError> {
    let mut child = command(run)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(RunError::Start)?;
    feed(&mut child, run);
    // Read stdout while it runs, so a program that says a lot never blocks on a full pipe.
    let stdout = child.stdout.take().map(|mut out| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = out.read_to_end(&mut bytes);
            bytes
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(POLL),
            Ok(None) => {
                kill(&mut child);
                // The reader thread ends when the pipe closes; it is not waited for here.
                return Err(RunError::TimedOut(limit));
            }
            Err(err) => return Err(RunError::Start(err)),
        }
    };
    let out = stdout
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    if status.success() {
        Ok(out)
    } else {
        let mut said = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut said);
        }
        Err(RunError::Failed(match last_line(&said) {
            "" => status.to_string(),
            line => format!("{status}: {line}"),
        }))
    }
}

/// A program running in the background (a player or a recorder).
pub struct Running {
    child: Child,
    started: Instant,
    limit: Duration,
    /// Stopped as Ctrl+C would stop it (a recorder then finishes its file), not killed.
    gentle: bool,
    /// What it writes on stderr, once it has ended.
    said: Option<std::sync::mpsc::Receiver<String>>,
}

/// How a background program ended.
#[derive(Debug)]
pub enum Ended {
    Done,
    /// Stopped at its time limit.
    TimedOut(Duration),
    /// Ended with a failure status.
    Failed(String),
}

impl Running {
    /// Starts `run`; it is stopped if it still runs after `limit`.
    pub fn start(run: &Invocation, limit: Duration) -> Result<Running, RunError> {
        // stderr kept to say why it failed (a player without a sound device says so there).
        let mut child = command(run)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(RunError::Start)?;
        feed(&mut child, run);
        let said = child.stderr.take().map(|err| {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut said = String::new();
                let _ = err.take(64 * 1024).read_to_string(&mut said);
                let _ = tx.send(said);
            });
            rx
        });
        Ok(Running {
            child,
            started: Instant::now(),
            limit,
            gentle: false,
            said,
        })
    }

    /// [`Running::start`] for a program stopped as Ctrl+C stops it (a recorder: it then writes
    /// the end of its file), at its limit or by [`Running::stop`].
    pub fn start_gentle(run: &Invocation, limit: Duration) -> Result<Running, RunError> {
        let mut running = Running::start(run, limit)?;
        running.gentle = true;
        Ok(running)
    }

    /// `None` while it runs; how it ended once it has (stopping it at its limit).
    pub fn poll(&mut self) -> Option<Ended> {
        match self.child.try_wait() {
            Ok(Some(status)) if status.success() => Some(Ended::Done),
            Ok(Some(status)) => {
                // What it said, read on its own thread: a program it started may still hold
                // the pipe open, and that must not hold up the caller.
                let said = self
                    .said
                    .take()
                    .and_then(|said| said.recv_timeout(Duration::from_millis(100)).ok())
                    .unwrap_or_default();
                Some(Ended::Failed(match last_line(&said) {
                    "" => status.to_string(),
                    line => format!("{status}: {line}"),
                }))
            }
            Ok(None) if self.started.elapsed() < self.limit => None,
            Ok(None) => {
                self.stop();
                Some(Ended::TimedOut(self.limit))
            }
            Err(err) => Some(Ended::Failed(err.to_string())),
        }
    }

    /// How long it has run.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Stops it now, with what it started, and waits for it to be gone: a gentle one is
    /// interrupted first (SIGINT on Unix) and given half a second to finish its file; then, or at
    /// once, it is killed.
    pub fn stop(&mut self) {
        #[cfg(unix)]
        if self.gentle {
            signal_group(&self.child, libc::SIGINT);
            let asked = Instant::now();
            while asked.elapsed() < GENTLE_STOP && matches!(self.child.try_wait(), Ok(None)) {
                std::thread::sleep(POLL);
            }
        }
        // What is left of it (all of it, unless it stopped gently) goes now.
        kill(&mut self.child);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.stop();
        }
    }
}
