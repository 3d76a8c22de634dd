//! The queue engine behind the queue and HTTP handlers: a bounded channel of owned records, one
//! writer thread, and a [`Sink`] that the thread feeds. The engine owns the channel, the counts,
//! flushing and closing; a sink says only what to do with records (hand them to other handlers,
//! batch them into POSTs).
//!
//! Records are counted as they go on the channel, under the sender's lock, so the counts follow the
//! channel's order: a flush waits until every record queued before it is *settled* (written, sent,
//! failed or given up by the sink) and the sink has flushed. Flushing and closing wait without limit
//! or until a deadline that the caller — the handler — owns; when closing runs out of time the
//! writer thread is left to end on its own.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{
    Receiver, RecvTimeoutError, SyncSender, TryRecvError, TrySendError, sync_channel,
};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use super::OverflowPolicy;
use crate::logging::sync::{lock, wait, wait_timeout};
use crate::logging::{OwnedRecord, Record};

/// Most records the writer takes off the channel before it looks at flush requests again.
const ROUND: usize = 1024;

/// What the writer thread does with records.
pub(crate) trait Sink: Send + 'static {
    /// Takes one record, logged at `logged`; returns how many records are settled by this call.
    fn push(&mut self, record: OwnedRecord, logged: Instant) -> u64;

    /// Whether to take more waiting records before [`Sink::write`] (false: a batch is full).
    fn wants_more(&self) -> bool {
        true
    }

    /// When the writer must call [`Sink::write`] even if no record arrives.
    fn wake_at(&self) -> Option<Instant> {
        None
    }

    /// Writes what is due at `now`, everything held if `all`; returns how many records it settled.
    fn write(&mut self, _now: Instant, _all: bool) -> u64 {
        0
    }

    /// `n` records were dropped because the channel was full.
    fn dropped(&mut self, _n: u64) {}

    /// Flushes the destination: every record settled so far is there.
    fn flush(&mut self) {}

    /// The channel is closed and every record settled: releases the destination.
    fn close(&mut self) {}
}

enum Message {
    /// A record and when it was logged.
    Record(Box<OwnedRecord>, Instant),
    /// A flush is waiting: look at the flush request now.
    Wake,
}

/// What the queue's callers and its writer thread share.
#[derive(Default)]
struct Progress {
    counts: Mutex<Counts>,
    changed: Condvar,
    /// Flushes asked for so far; stored after `flush_to`, read before it.
    requested: AtomicU64,
    /// The most records (in channel order) a waiting flush needs settled.
    flush_to: AtomicU64,
    /// Drops the sink has not been told of yet.
    unreported_drops: AtomicU64,
}

#[derive(Default)]
struct Counts {
    /// Records the sink has settled.
    settled: u64,
    /// Flush requests served: the sink flushed after settling what they needed.
    served: u64,
    /// The writer thread has ended.
    finished: bool,
}

/// What became of a record given to [`Queue::put`].
pub(crate) enum Put {
    /// On the channel.
    Queued,
    /// Dropped: the channel was full; `total` drops so far, this one included.
    Dropped { total: u64 },
}

/// How [`Queue::close`] ended.
pub(crate) enum Closed {
    /// The queue was closed before.
    Already,
    /// Every record was settled and the writer thread has ended (or panicked: the error).
    Drained(io::Result<()>),
    /// The deadline passed first; the writer thread is left to end on its own.
    TimedOut,
}

/// A bounded channel and the writer thread that feeds a [`Sink`].
pub(crate) struct Queue {
    sender: Mutex<Option<SyncSender<Message>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    /// Disconnected when the writer thread ends: close waits on it with a deadline, which a join
    /// cannot do.
    finished: Mutex<Option<Receiver<()>>>,
    progress: Arc<Progress>,
    /// Records put on the channel, counted under the sender's lock: final once close has taken
    /// the sender.
    queued: AtomicU64,
    /// Records dropped because the channel was full.
    dropped: AtomicU64,
}

impl Queue {
    /// Starts a writer thread named `thread_name` that feeds `sink`, with room for `capacity`
    /// records (at least 1).
    pub(crate) fn start(thread_name: &str, capacity: usize, sink: impl Sink) -> io::Result<Queue> {
        let (sender, receiver) = sync_channel(capacity.max(1));
        let (finished_tx, finished) = sync_channel::<()>(0);
        let progress = Arc::new(Progress::default());
        let writer_progress = Arc::clone(&progress);
        let writer = std::thread::Builder::new()
            .name(thread_name.into())
            .spawn(move || {
                let _finished = finished_tx;
                run(receiver, sink, &writer_progress);
            })?;
        Ok(Queue {
            sender: Mutex::new(Some(sender)),
            writer: Mutex::new(Some(writer)),
            finished: Mutex::new(Some(finished)),
            progress,
            queued: AtomicU64::new(0),
            dropped: AtomicU64::new(0),
        })
    }

    /// Puts a copy of `record` on the channel. When it is full, [`OverflowPolicy::Block`] waits for
    /// room and [`OverflowPolicy::DropNewest`] drops the record and counts it.
    pub(crate) fn put(&self, record: &Record<'_>, policy: OverflowPolicy) -> io::Result<Put> {
        let message = Message::Record(Box::new(record.to_owned_record()), Instant::now());
        let sender = lock(&self.sender);
        let Some(sender) = sender.as_ref() else {
            return Err(io::Error::other(
                "record arrived after the handler was closed",
            ));
        };
        let sent = match policy {
            OverflowPolicy::Block => sender.send(message).map_err(|_| None),
            OverflowPolicy::DropNewest => sender.try_send(message).map_err(|err| match err {
                TrySendError::Full(_) => Some(()),
                TrySendError::Disconnected(_) => None,
            }),
        };
        match sent {
            Ok(()) => {
                self.queued.fetch_add(1, Ordering::Relaxed);
                Ok(Put::Queued)
            }
            Err(Some(())) => {
                self.progress
                    .unreported_drops
                    .fetch_add(1, Ordering::Relaxed);
                let total = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                Ok(Put::Dropped { total })
            }
            Err(None) => Err(io::Error::other("the writer thread has stopped")),
        }
    }

    /// Records put on the channel so far.
    pub(crate) fn queued(&self) -> u64 {
        self.queued.load(Ordering::Relaxed)
    }

    /// Records dropped because the channel was full.
    pub(crate) fn dropped_total(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Waits until every record queued before the call is settled and the sink has flushed, or
    /// until `deadline`; then it returns how many of those records are not settled yet.
    pub(crate) fn flush(&self, deadline: Option<Instant>) -> Result<(), u64> {
        let (target, ticket) = {
            let sender = lock(&self.sender);
            let Some(sender) = sender.as_ref() else {
                return Ok(());
            };
            let target = self.queued();
            self.progress.flush_to.fetch_max(target, Ordering::AcqRel);
            let ticket = self.progress.requested.fetch_add(1, Ordering::AcqRel) + 1;
            // Wakes the writer if it waits for records; a full channel means it is busy and will
            // see the request when it takes the next ones.
            let _ = sender.try_send(Message::Wake);
            (target, ticket)
        };
        let progress = &self.progress;
        let mut counts = lock(&progress.counts);
        while counts.served < ticket && !counts.finished {
            counts = match deadline {
                None => wait(&progress.changed, counts),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        return Err(target.saturating_sub(counts.settled));
                    }
                    wait_timeout(&progress.changed, counts, deadline - now)
                }
            };
        }
        Ok(())
    }

    /// Closes the channel and waits until the writer has settled every record, closed the sink and
    /// ended, or until `deadline`.
    pub(crate) fn close(&self, deadline: Option<Instant>) -> Closed {
        let Some(writer) = lock(&self.writer).take() else {
            return Closed::Already;
        };
        drop(lock(&self.sender).take());
        if let Some(deadline) = deadline {
            let finished = lock(&self.finished).take().is_none_or(|finished| {
                let left = deadline.saturating_duration_since(Instant::now());
                matches!(
                    finished.recv_timeout(left),
                    Err(RecvTimeoutError::Disconnected) | Ok(())
                )
            });
            if !finished {
                return Closed::TimedOut;
            }
        }
        Closed::Drained(
            writer
                .join()
                .map_err(|_| io::Error::other("the writer thread panicked")),
        )
    }
}

/// The writer thread's body: takes records off the channel for the sink until the channel is
/// closed and empty, serving flush requests between rounds.
fn run(receiver: Receiver<Message>, mut sink: impl Sink, progress: &Progress) {
    let mut settled: u64 = 0;
    let mut open = true;
    while open {
        // Wait for a record, or until the sink wants to write.
        let first = match sink.wake_at() {
            None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => receiver.recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        match first {
            Ok(message) => settled += take(&mut sink, progress, message),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => open = false,
        }
        // Take what is already waiting, so a backlog goes in full batches.
        let mut taken = 1;
        while open && taken < ROUND && sink.wants_more() {
            match receiver.try_recv() {
                Ok(message) => settled += take(&mut sink, progress, message),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => open = false,
            }
            taken += 1;
        }
        let requested = progress.requested.load(Ordering::Acquire);
        let flush_to = progress.flush_to.load(Ordering::Acquire);
        // A closed channel, or a flush waiting for a record the sink holds: write everything.
        settled += sink.write(Instant::now(), !open || flush_to > settled);
        let mut counts = lock(&progress.counts);
        counts.settled = settled;
        if requested > counts.served && settled >= flush_to {
            drop(counts);
            sink.flush();
            counts = lock(&progress.counts);
            counts.served = requested;
        }
        drop(counts);
        progress.changed.notify_all();
    }
    report_drops(&mut sink, progress);
    sink.close();
    lock(&progress.counts).finished = true;
    progress.changed.notify_all();
}

/// Hands a record to the sink, after telling it of drops since the last one.
fn take(sink: &mut impl Sink, progress: &Progress, message: Message) -> u64 {
    match message {
        Message::Record(record, logged) => {
            report_drops(sink, progress);
            sink.push(*record, logged)
        }
        Message::Wake => 0,
    }
}

fn report_drops(sink: &mut impl Sink, progress: &Progress) {
    let n = progress.unreported_drops.swap(0, Ordering::Relaxed);
    if n > 0 {
        sink.dropped(n);
    }
}
