//! The queue handler: the producer/consumer of the seed notes. Logging threads put owned records on a
//! bounded channel; one background writer thread takes them off and passes them to the target
//! handlers, so slow I/O never runs on the logging thread.
//!
//! When the channel is full, [`OverflowPolicy::Block`] (the default) makes the logging thread wait —
//! nothing is lost; [`OverflowPolicy::DropNewest`] drops the new record and counts it, and the writer
//! logs a WARNING with the count to its targets before the next record it writes. [`Handler::close`]
//! closes the channel and joins the writer after it has drained every queued record: there is no time
//! limit that could lose records.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::SystemTime;

use super::file::lock;
use super::{Handler, HandlerCore, HandlerOptions, close, flush, handle};
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

enum Message {
    Record(Box<OwnedRecord>),
    /// Flush the targets, then acknowledge.
    Flush(SyncSender<()>),
}

pub struct QueueHandler {
    core: HandlerCore,
    policy: OverflowPolicy,
    sender: Mutex<Option<SyncSender<Message>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    dropped: Arc<AtomicU64>,
    dropped_total: Arc<AtomicU64>,
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
        targets: Vec<Arc<dyn super::Handler>>,
        capacity: usize,
        policy: OverflowPolicy,
        options: HandlerOptions,
    ) -> io::Result<QueueHandler> {
        let (sender, receiver) = sync_channel(capacity.max(1));
        let dropped = Arc::new(AtomicU64::new(0));
        let writer_dropped = Arc::clone(&dropped);
        let writer = std::thread::Builder::new()
            .name("talkdeck-log-writer".into())
            .spawn(move || write_loop(receiver, targets, writer_dropped))?;
        Ok(QueueHandler {
            core: HandlerCore::new(format!("queue ({capacity} records, {policy:?})"), options),
            policy,
            sender: Mutex::new(Some(sender)),
            writer: Mutex::new(Some(writer)),
            dropped,
            dropped_total: Arc::new(AtomicU64::new(0)),
        })
    }

    /// How many records the `DropNewest` policy has dropped in all.
    pub fn dropped_total(&self) -> u64 {
        self.dropped_total.load(Ordering::Relaxed)
    }

    fn sender(&self) -> Option<SyncSender<Message>> {
        lock(&self.sender).clone()
    }
}

fn write_loop(
    receiver: Receiver<Message>,
    targets: Vec<Arc<dyn Handler>>,
    dropped: Arc<AtomicU64>,
) {
    for message in receiver {
        let n_dropped = dropped.swap(0, Ordering::Relaxed);
        if n_dropped > 0 {
            report_dropped(&targets, n_dropped);
        }
        match message {
            Message::Record(record) => record.with_record(|record| {
                for target in &targets {
                    handle(target.as_ref(), record);
                }
            }),
            Message::Flush(ack) => {
                for target in &targets {
                    flush(target.as_ref());
                }
                let _ = ack.send(());
            }
        }
    }
    let n_dropped = dropped.swap(0, Ordering::Relaxed);
    if n_dropped > 0 {
        report_dropped(&targets, n_dropped);
    }
    for target in &targets {
        close(target.as_ref());
    }
}

fn report_dropped(targets: &[Arc<dyn Handler>], n_dropped: u64) {
    ThreadInfo::with_current(|thread| {
        let record = Record {
            time: SystemTime::now(),
            level: Level::WARNING,
            logger: "logging.queue",
            args: format_args!("queue was full: dropped {n_dropped} records"),
            location: &DROP_LOCATION,
            thread,
            fields: &[("dropped", Value::U64(n_dropped))],
        };
        for target in targets {
            handle(target.as_ref(), &record);
        }
    });
}

impl Handler for QueueHandler {
    fn core(&self) -> &HandlerCore {
        &self.core
    }

    fn emit(&self, record: &Record<'_>) -> io::Result<()> {
        let Some(sender) = self.sender() else {
            return Err(io::Error::other(
                "record arrived after the queue was closed",
            ));
        };
        let message = Message::Record(Box::new(record.to_owned_record()));
        match self.policy {
            OverflowPolicy::Block => sender
                .send(message)
                .map_err(|_| io::Error::other("the log writer thread has stopped")),
            OverflowPolicy::DropNewest => match sender.try_send(message) {
                Ok(()) => Ok(()),
                Err(TrySendError::Full(_)) => {
                    self.dropped.fetch_add(1, Ordering::Relaxed);
                    self.dropped_total.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                }
                Err(TrySendError::Disconnected(_)) => {
                    Err(io::Error::other("the log writer thread has stopped"))
                }
            },
        }
    }

    /// Waits until every record queued before the call is written and the targets are flushed.
    fn flush(&self) -> io::Result<()> {
        let Some(sender) = self.sender() else {
            return Ok(());
        };
        let (ack, done) = sync_channel(1);
        sender
            .send(Message::Flush(ack))
            .map_err(|_| io::Error::other("the log writer thread has stopped"))?;
        done.recv()
            .map_err(|_| io::Error::other("the log writer thread stopped before flushing"))
    }

    /// Closes the queue, lets the writer drain every record and close the targets, and joins it.
    fn close(&self) -> io::Result<()> {
        drop(lock(&self.sender).take());
        match lock(&self.writer).take() {
            Some(writer) => writer
                .join()
                .map_err(|_| io::Error::other("the log writer thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for QueueHandler {
    fn drop(&mut self) {
        let _ = Handler::close(self);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    use super::*;
    use crate::logging::handler::MemoryHandler;

    fn emit(handler: &dyn Handler, message: &str) {
        ThreadInfo::with_current(|thread| {
            handle(
                handler,
                &Record {
                    time: SystemTime::UNIX_EPOCH,
                    level: Level::INFO,
                    logger: "t",
                    args: format_args!("{message}"),
                    location: &Location::UNKNOWN,
                    thread,
                    fields: &[],
                },
            )
        });
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
