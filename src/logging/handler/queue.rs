//! The queue handler: logging threads put owned records on a bounded channel; one background writer
//! thread takes them off and passes them to the target handlers, so slow I/O never runs on the
//! logging thread. The channel and the thread are the queue engine ([`channel`](super::channel));
//! this handler is the engine with a sink that hands each record to the targets.
//!
//! When the channel is full, [`OverflowPolicy::Block`] (the default) makes the logging thread wait —
//! nothing is lost; [`OverflowPolicy::DropNewest`] drops the new record and counts it, and the writer
//! logs a WARNING with the count to its targets before the next record it writes. [`HandlerExt::close`]
//! closes the channel and joins the writer after it has drained every queued record: there is no time
//! limit that could lose records.

use std::io;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use super::channel::{Closed, Queue, Sink};
use super::{Handler, HandlerCore, HandlerExt, HandlerOptions, close, flush, handle};
use crate::logging::record::{Location, ThreadInfo};
use crate::logging::{Level, OwnedRecord, Record, Value};

/// What a full queue does with a new record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub enum OverflowPolicy {
    /// Wait for room: lossless, and the default.
    #[default]
    Block,
    /// Drop the new record and count it; the count is logged as a WARNING.
    DropNewest,
}

/// Passes records to other handlers from a background thread (Python's `QueueHandler` with its
/// `QueueListener`).
pub struct QueueHandler {
    core: HandlerCore,
    policy: OverflowPolicy,
    targets: Vec<Arc<dyn Handler>>,
    queue: Queue,
}

impl std::fmt::Debug for QueueHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueueHandler")
            .field("core", &self.core)
            .field("policy", &self.policy)
            .field("dropped_total", &self.dropped_total())
            .finish_non_exhaustive()
    }
}

static DROP_LOCATION: Location = Location {
    module_path: module_path!(),
    file: file!(),
    line: line!(),
};

impl QueueHandler {
    /// Starts the writer thread feeding `targets`, with room for `capacity` records.
    pub fn new(
        targets: Vec<Arc<dyn Handler>>,
        capacity: usize,
        policy: OverflowPolicy,
        options: HandlerOptions,
    ) -> io::Result<QueueHandler> {
        let sink = FanOut {
            targets: targets.clone(),
        };
        Ok(QueueHandler {
            core: HandlerCore::new(format!("queue ({capacity} records, {policy:?})"), options),
            policy,
            targets,
            queue: Queue::start("log-queue", capacity, sink)?,
        })
    }

    /// How many records the `DropNewest` policy has dropped in all.
    pub fn dropped_total(&self) -> u64 {
        self.queue.dropped_total()
    }
}

/// The queue handler's sink: each record to every target, at once.
struct FanOut {
    targets: Vec<Arc<dyn Handler>>,
}

impl Sink for FanOut {
    fn push(&mut self, record: OwnedRecord, _logged: Instant) -> u64 {
        record.with_record(|record| {
            for target in &self.targets {
                handle(target.as_ref(), record);
            }
        });
        1
    }

    fn dropped(&mut self, n: u64) {
        ThreadInfo::with_current(|thread| {
            let record = Record {
                time: SystemTime::now(),
                level: Level::WARNING,
                logger: "logging.queue",
                args: format_args!("queue was full: dropped {n} records"),
                location: &DROP_LOCATION,
                thread,
                fields: &[("dropped", Value::U64(n))],
            };
            for target in &self.targets {
                handle(target.as_ref(), &record);
            }
        });
    }

    fn flush(&mut self) {
        for target in &self.targets {
            flush(target.as_ref());
        }
    }

    fn close(&mut self) {
        for target in &self.targets {
            close(target.as_ref());
        }
    }
}

impl Handler for QueueHandler {
    fn core(&self) -> &HandlerCore {
        &self.core
    }

    fn emit(&self, record: &Record<'_>) -> io::Result<()> {
        self.queue.put(record, self.policy).map(drop)
    }

    /// Waits until every record queued before the call is written and the targets are flushed.
    fn flush_buffers(&self) -> io::Result<()> {
        self.queue
            .flush(None)
            .map_err(|_| io::Error::other("the writer thread stopped before flushing"))
    }

    /// Closes the queue, lets the writer drain every record and close the targets, and joins it.
    fn release(&self) -> io::Result<()> {
        match self.queue.close(None) {
            Closed::Drained(result) => result,
            Closed::Already | Closed::TimedOut => Ok(()),
        }
    }

    /// Sets the program name of the queue and of its targets.
    fn set_program_name(&self, name: &Arc<str>) {
        self.core.set_program_name(name);
        for target in &self.targets {
            target.set_program_name(name);
        }
    }
}

impl Drop for QueueHandler {
    fn drop(&mut self) {
        let _ = HandlerExt::close(self);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::mpsc::{Receiver, channel};

    use super::*;
    use crate::logging::handler::{MemoryHandler, handle_test_record};
    use crate::logging::sync::lock;

    fn emit(handler: &dyn Handler, message: &str) {
        handle_test_record(handler, Level::INFO, "t", message, &[]);
    }

    /// A target that signals when it starts a record and then waits to be released.
    struct Gate {
        core: HandlerCore,
        entered: Mutex<std::sync::mpsc::Sender<()>>,
        release: Mutex<Receiver<()>>,
        inner: Arc<MemoryHandler>,
    }

    impl Handler for Gate {
        fn core(&self) -> &HandlerCore {
            &self.core
        }
        fn emit(&self, record: &Record<'_>) -> io::Result<()> {
            let _ = lock(&self.entered).send(());
            let _ = lock(&self.release).recv();
            self.inner.emit(record)
        }
    }

    #[test]
    fn drop_newest_counts_what_it_drops_and_logs_the_count() {
        let memory = Arc::new(MemoryHandler::new(100, HandlerOptions::default()));
        let (entered_tx, entered) = channel();
        let (release, release_rx) = channel();
        let gate: Arc<dyn Handler> = Arc::new(Gate {
            core: HandlerCore::new("gate", HandlerOptions::default()),
            entered: Mutex::new(entered_tx),
            release: Mutex::new(release_rx),
            inner: Arc::clone(&memory),
        });
        let queue = QueueHandler::new(
            vec![gate],
            2,
            OverflowPolicy::DropNewest,
            HandlerOptions::default(),
        )
        .unwrap();
        emit(&queue, "first");
        entered.recv().unwrap(); // The writer holds "first"; the channel is empty.
        for i in 0..10 {
            emit(&queue, &format!("burst {i}"));
        }
        assert_eq!(
            queue.dropped_total(),
            8,
            "2 fit in the channel, 8 are dropped"
        );
        for _ in 0..4 {
            release.send(()).unwrap();
        }
        queue.close().unwrap();
        let messages: Vec<String> = memory
            .snapshot()
            .iter()
            .map(|r| r.message.clone())
            .collect();
        assert_eq!(
            messages,
            [
                "first",
                "queue was full: dropped 8 records",
                "burst 0",
                "burst 1"
            ]
        );
        let warning = &memory.snapshot()[1];
        assert_eq!(warning.level, Level::WARNING);
        assert_eq!(&*warning.logger, "logging.queue");
    }

    #[test]
    fn flush_waits_for_queued_records_and_close_drains_everything() {
        let memory = Arc::new(MemoryHandler::new(10_000, HandlerOptions::default()));
        let queue = QueueHandler::new(
            vec![memory.clone() as Arc<dyn Handler>],
            4,
            OverflowPolicy::Block,
            HandlerOptions::default(),
        )
        .unwrap();
        for i in 0..500 {
            emit(&queue, &format!("r{i}"));
        }
        queue.flush().unwrap();
        assert_eq!(
            memory.total(),
            500,
            "flush returns after the queued records are written"
        );
        for i in 500..1000 {
            emit(&queue, &format!("r{i}"));
        }
        queue.close().unwrap();
        assert_eq!(memory.total(), 1000);
        emit(&queue, "late");
        assert_eq!(
            queue.core().error_count(),
            1,
            "a record after close is reported, not lost silently"
        );
    }
}
