//! Repainting the window when a log record arrives while the Logs screen is up, without ever calling
//! into egui from the logging path.
//!
//! A record can be made anywhere, including inside egui's pass while egui holds its context lock
//! (winit and egui log from there, through the `log` bridge). A memory-handler subscriber that
//! called `ctx.request_repaint()` there would wait for the lock its own thread holds: the window
//! froze. So the subscriber only sets a flag and, the first time, wakes this module's thread, which
//! asks egui for a repaint from outside any pass. The flag stays set until a frame has read the
//! records ([`Waker::frame_drawn`]), so a burst of records costs one repaint, and a frame's own
//! records cannot keep the window repainting for ever unless each frame makes one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;

use eframe::egui;

use crate::logging::{MemoryHandler, Subscription};

/// Wakes the window for new records while it [`Waker::set_watching`].
pub struct Waker {
    memory: Arc<MemoryHandler>,
    subscription: Subscription,
    watching: Arc<AtomicBool>,
    pending: Arc<AtomicBool>,
}

impl Waker {
    /// Subscribes to `memory` and starts the thread that repaints `ctx`.
    pub fn new(ctx: &egui::Context, memory: Arc<MemoryHandler>) -> Waker {
        let watching = Arc::new(AtomicBool::new(false));
        let pending = Arc::new(AtomicBool::new(false));
        // One wake-up per pending cycle, so the channel never needs more room than one.
        let (wake, woken) = sync_channel::<()>(1);
        let ctx = ctx.clone();
        let started = std::thread::Builder::new()
            .name("ui-waker".into())
            // Ends when the subscriber, which holds the sender, is dropped.
            .spawn(move || {
                while woken.recv().is_ok() {
                    ctx.request_repaint();
                }
            });
        if let Err(err) = started {
            crate::warning!(name: "talkdeck.ui", "the Logs screen will not update by itself: {err}");
        }
        let subscription = {
            let watching = Arc::clone(&watching);
            let pending = Arc::clone(&pending);
            memory.subscribe(move |_| {
                if watching.load(Ordering::Relaxed) && !pending.swap(true, Ordering::AcqRel) {
                    // Full: a wake-up is already waiting; closed: the app is going away.
                    let _ = wake.try_send(());
                }
            })
        };
        Waker {
            memory,
            subscription,
            watching,
            pending,
        }
    }

    /// Whether new records should repaint the window (true while the Logs screen is up).
    pub fn set_watching(&self, watching: bool) {
        self.watching.store(watching, Ordering::Relaxed);
    }

    /// Called by a frame before it reads the records: records from now on wake the window again.
    pub fn frame_drawn(&self) {
        self.pending.store(false, Ordering::Release);
    }
}

impl Drop for Waker {
    /// Dropping the subscriber drops the sender, which ends the thread. It is not joined: it may be
    /// waiting for egui's lock, and the window may be dropped by egui's own code.
    fn drop(&mut self) {
        self.memory.unsubscribe(self.subscription);
    }
}
