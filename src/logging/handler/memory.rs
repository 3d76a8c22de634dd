//! The memory handler: a ring buffer of the last N records, for the Logs screen.
//!
//! Records are numbered from 1 in arrival order, so a reader asks for what came after the last number
//! it saw ([`MemoryHandler::since`]) and copies only new records. Subscribers are called after each
//! record, outside the buffer's lock, on whatever thread made the record — which may be inside a UI
//! library's own code while it holds its locks. So a subscriber must only note the record and wake
//! someone (set a flag, send on a channel); it must never call into the UI.

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Mutex};

use super::{Handler, HandlerCore, HandlerOptions};
use crate::logging::sync::lock;
use crate::logging::{OwnedRecord, Record};

type Subscriber = Box<dyn Fn(&OwnedRecord) + Send + Sync>;

/// Names a subscription, to end it with [`MemoryHandler::unsubscribe`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subscription(u64);

struct Ring {
    records: VecDeque<Arc<OwnedRecord>>,
    next_seq: u64,
}

/// Keeps the last `capacity` records in memory (a ring buffer), numbered from 1, for a screen to
/// show; subscribers are told when one arrives.
pub struct MemoryHandler {
    core: HandlerCore,
    capacity: usize,
    ring: Mutex<Ring>,
    subscribers: Mutex<Vec<(u64, Subscriber)>>,
    next_subscription: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for MemoryHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryHandler")
            .field("core", &self.core)
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl MemoryHandler {
    /// Keeps the last `capacity` records (at least 1).
    pub fn new(capacity: usize, options: HandlerOptions) -> MemoryHandler {
        let capacity = capacity.max(1);
        MemoryHandler {
            core: HandlerCore::new(format!("memory ({capacity} records)"), options),
            capacity,
            ring: Mutex::new(Ring {
                records: VecDeque::with_capacity(capacity.min(4096)),
                next_seq: 1,
            }),
            subscribers: Mutex::new(Vec::new()),
            next_subscription: std::sync::atomic::AtomicU64::new(1),
        }
    }

    /// How many records it keeps at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Every record held, oldest first.
    pub fn snapshot(&self) -> Vec<Arc<OwnedRecord>> {
        lock(&self.ring).records.iter().cloned().collect()
    }

    /// The records numbered above `seq`, oldest first, and the number to pass next time. Records
    /// pushed out of the ring in between are simply absent.
    pub fn since(&self, seq: u64) -> (Vec<Arc<OwnedRecord>>, u64) {
        let ring = lock(&self.ring);
        let newer = ring
            .records
            .iter()
            .filter(|r| r.seq > seq)
            .cloned()
            .collect();
        (newer, ring.next_seq - 1)
    }

    /// How many records have arrived in all, including those pushed out.
    pub fn total(&self) -> u64 {
        lock(&self.ring).next_seq - 1
    }

    /// Calls `subscriber` with each new record, on the logging thread; keep it short, and never
    /// call into a UI from it (see the module's notes).
    pub fn subscribe(
        &self,
        subscriber: impl Fn(&OwnedRecord) + Send + Sync + 'static,
    ) -> Subscription {
        let id = self
            .next_subscription
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        lock(&self.subscribers).push((id, Box::new(subscriber)));
        Subscription(id)
    }

    /// Ends a subscription; the subscriber is dropped.
    pub fn unsubscribe(&self, subscription: Subscription) {
        lock(&self.subscribers).retain(|(id, _)| *id != subscription.0);
    }

    /// Forgets every record it keeps; numbering goes on.
    pub fn clear(&self) {
        lock(&self.ring).records.clear();
    }
}

impl Handler for MemoryHandler {
    fn core(&self) -> &HandlerCore {
        &self.core
    }

    fn emit(&self, record: &Record<'_>) -> io::Result<()> {
        let mut owned = record.to_owned_record();
        let owned = {
            let mut ring = lock(&self.ring);
            owned.seq = ring.next_seq;
            ring.next_seq += 1;
            if ring.records.len() == self.capacity {
                ring.records.pop_front();
            }
            let owned = Arc::new(owned);
            ring.records.push_back(Arc::clone(&owned));
            owned
        };
        for (_, subscriber) in lock(&self.subscribers).iter() {
            subscriber(&owned);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::logging::handler::handle;
    use crate::logging::record::{Location, ThreadInfo};
    use crate::logging::{Level, Value};

    fn emit(handler: &MemoryHandler, level: Level, message: &str) {
        ThreadInfo::with_current(|thread| {
            handle(
                handler,
                &Record {
                    time: std::time::SystemTime::UNIX_EPOCH,
                    level,
                    logger: "talkdeck.ui",
                    args: format_args!("{message}"),
                    location: &Location::UNKNOWN,
                    thread,
                    fields: &[("card", Value::U64(7))],
                },
            )
        });
    }

    #[test]
    fn ring_keeps_the_newest_records_with_increasing_numbers() {
        let handler = MemoryHandler::new(3, HandlerOptions::default());
        for i in 1..=5 {
            emit(&handler, Level::INFO, &format!("r{i}"));
        }
        let kept: Vec<(u64, String)> = handler
            .snapshot()
            .iter()
            .map(|r| (r.seq, r.message.clone()))
            .collect();
        assert_eq!(kept, [(3, "r3".into()), (4, "r4".into()), (5, "r5".into())]);
        assert_eq!(handler.total(), 5);
        let (newer, next) = handler.since(4);
        assert_eq!(newer.iter().map(|r| r.seq).collect::<Vec<_>>(), [5]);
        assert_eq!(next, 5);
        assert!(handler.since(next).0.is_empty());
        assert_eq!(kept.len(), handler.capacity());
        assert_eq!(
            handler.snapshot()[0].fields[0].1,
            crate::logging::OwnedValue::U64(7)
        );
    }

    #[test]
    fn level_applies_and_subscribers_hear_each_kept_record() {
        let handler = MemoryHandler::new(10, HandlerOptions::default().level(Level::NOTICE));
        let heard = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&heard);
        let _ = handler.subscribe(move |record| {
            assert!(record.level >= Level::NOTICE);
            counter.fetch_add(1, Ordering::SeqCst);
        });
        emit(&handler, Level::INFO, "dropped");
        emit(&handler, Level::NOTICE, "kept");
        emit(&handler, Level::ERROR, "kept too");
        assert_eq!(heard.load(Ordering::SeqCst), 2);
        assert_eq!(handler.snapshot().len(), 2);
        let counter = Arc::clone(&heard);
        let second = handler.subscribe(move |_| {
            counter.fetch_add(10, Ordering::SeqCst);
        });
        emit(&handler, Level::ERROR, "both hear it");
        assert_eq!(heard.load(Ordering::SeqCst), 13);
        handler.unsubscribe(second);
        emit(&handler, Level::ERROR, "only the first");
        assert_eq!(heard.load(Ordering::SeqCst), 14);
    }
}
