//! Flushing on a timer: buffered file handlers write a record within a set interval of its arrival,
//! so a crash, a kill or a frozen process loses at most that interval of records (spdlog's
//! `flush_every`, without its wake-up every period).
//!
//! The flusher's thread sleeps until a record arrives. The first record after a flush *arms* it —
//! an atomic read on the logging path, a swap and a condition-variable notify only when it was not
//! armed yet — and the thread flushes every handler of the registry one interval later. So a steady
//! stream of records is flushed about once an interval, a lone record within an interval, and a
//! process that logs nothing is never woken.

use super::sync::{lock, wait, wait_timeout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What the logging path and the flusher's thread share.
pub(crate) struct FlushSignal {
    /// Set by the first record after a flush; checked without the lock on every record.
    armed: AtomicBool,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    armed: bool,
    stop: bool,
    /// Flushes done by the thread so far.
    flushes: u64,
}

impl FlushSignal {
    pub(crate) fn new() -> Arc<FlushSignal> {
        Arc::new(FlushSignal {
            armed: AtomicBool::new(false),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// A record arrived: the thread flushes within its interval. While it is armed this is one
    /// shared read (no write, so threads logging at once do not fight over the cache line).
    #[inline]
    pub(crate) fn arm(&self) {
        if !self.armed.load(Ordering::Relaxed) && !self.armed.swap(true, Ordering::AcqRel) {
            self.state().armed = true;
            self.changed.notify_all();
        }
    }

    /// Ends the thread (it flushes nothing more; the caller flushes or closes the handlers).
    pub(crate) fn stop(&self) {
        self.state().stop = true;
        self.changed.notify_all();
    }

    pub(crate) fn flushes(&self) -> u64 {
        self.state().flushes
    }

    /// Waits on the condition variable while `waiting` holds, until `deadline` at the latest.
    fn wait_until<'s>(
        &'s self,
        mut state: MutexGuard<'s, State>,
        deadline: Instant,
        waiting: impl Fn(&State) -> bool,
    ) -> MutexGuard<'s, State> {
        while waiting(&state) {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            state = wait_timeout(&self.changed, state, deadline - now);
        }
        state
    }

    /// Waits until more than `seen` flushes were done or `timeout` passed; returns the count.
    pub(crate) fn wait_for_flush(&self, seen: u64, timeout: Duration) -> u64 {
        let state = self.wait_until(self.state(), Instant::now() + timeout, |s| {
            s.flushes <= seen && !s.stop
        });
        state.flushes
    }

    /// The thread's body: wait to be armed, wait out `interval`, flush with `flush`; until stopped.
    pub(crate) fn run(&self, interval: Duration, flush: impl Fn() -> bool) {
        let mut state = self.state();
        loop {
            while !state.armed && !state.stop {
                state = wait(&self.changed, state);
            }
            state = self.wait_until(state, Instant::now() + interval, |s| !s.stop);
            if state.stop {
                return;
            }
            // Records from here on arm it again, so none waits longer than one more interval.
            state.armed = false;
            self.armed.store(false, Ordering::Release);
            drop(state);
            let registry_alive = flush();
            state = self.state();
            state.flushes += 1;
            self.changed.notify_all();
            if !registry_alive {
                return;
            }
        }
    }
}

/// Starts the flusher's thread: one `interval` after a record arms the returned signal, it calls
/// `flush`, until the signal is stopped or `flush` returns false (its registry is gone).
pub(crate) fn start(
    interval: Duration,
    flush: impl Fn() -> bool + Send + 'static,
) -> std::io::Result<Arc<FlushSignal>> {
    let signal = FlushSignal::new();
    let thread_signal = Arc::clone(&signal);
    std::thread::Builder::new()
        .name("log-flush".into())
        .spawn(move || thread_signal.run(interval, flush))?;
    Ok(signal)
}
