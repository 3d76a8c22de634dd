//! Ctrl+C and SIGTERM (on Windows: Ctrl+C, Ctrl+Break and closing the console). The log reaches
//! its files first, whatever happens next. Then the app, if one is open, is asked to close as if
//! its window were closed (so the session is summed up and the snapshot saved); a command, or a
//! second signal while the app is closing, exits at once with status 130.
//!
//! Answers need no help here: each is fsynced before it is acknowledged, and its log record is
//! flushed before the next prompt (`Session::answer`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

type Close = Box<dyn Fn() + Send>;

/// How the open app is asked to close; `None` while no app is open.
static CLOSE: Mutex<Option<Close>> = Mutex::new(None);
static SIGNALS: AtomicU32 = AtomicU32::new(0);

/// Installs the handler (once per process; a second call changes nothing).
pub fn install() {
    if let Err(err) = ctrlc::set_handler(on_signal) {
        crate::debug!(name: "talkdeck.cli", "no handler for Ctrl+C and SIGTERM: {err}");
    }
}

/// From now on a signal asks the app to close with `close` (which must not block).
pub fn on_close(close: impl Fn() + Send + 'static) {
    *CLOSE.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(close));
}

fn on_signal() {
    let n = SIGNALS.fetch_add(1, Ordering::SeqCst) + 1;
    let close = CLOSE.lock().unwrap_or_else(|e| e.into_inner()).take();
    match close {
        Some(close) if n == 1 => {
            crate::notice!(name: "talkdeck.cli", "stopping (Ctrl+C or SIGTERM): closing the window");
            crate::logging::flush();
            close();
        }
        _ => {
            crate::notice!(name: "talkdeck.cli", "stopped (Ctrl+C or SIGTERM)");
            crate::logging::shutdown();
            std::process::exit(130);
        }
    }
}
