//! The caches every logger keeps, recomputed on every change to any logger: its effective level
//! and its dispatch list (see the module above for why). Recomputing walks every logger up to the
//! root; it runs on reconfiguration only, never on a log call.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::{Dispatch, Logger, Shared};
use crate::logging::Level;
use crate::logging::handler::Handler;
use crate::logging::sync::{lock, read};

impl Shared {
    /// Recomputes every logger's effective level and dispatch list, and the lowest enabled level
    /// (mirrored to the macros' atomic for the global registry).
    pub(super) fn recompute(&self) {
        let _serial = lock(&self.recompute_lock);
        let loggers: Vec<Logger> = {
            let map = read(&self.loggers);
            std::iter::once(self.root.clone())
                .chain(map.values().cloned())
                .collect()
        };
        let flush = lock(&self.flusher).clone();
        let mut min = u32::MAX;
        for logger in &loggers {
            let mut effective = Level::NOTSET;
            let mut handlers: Vec<Arc<dyn Handler>> = Vec::new();
            let mut collecting = true;
            let mut current = Some(logger);
            while let Some(node) = current {
                let level = node.level();
                if effective == Level::NOTSET && level != Level::NOTSET {
                    effective = level;
                }
                if collecting {
                    handlers.extend(node.own().handlers.iter().cloned());
                    collecting = node.propagate();
                }
                current = node.parent();
            }
            let filters = logger.own().filters.clone();
            logger
                .inner
                .effective
                .store(effective.value(), Ordering::Relaxed);
            logger.inner.dispatch.store(Arc::new(Dispatch {
                filters,
                handlers,
                flush: flush.clone(),
            }));
            if !logger.inner.disabled.load(Ordering::Relaxed) {
                min = min.min(effective.value());
            }
        }
        self.min_level.store(min, Ordering::Relaxed);
        if let Some(mirror) = self.mirror {
            mirror.store(min, Ordering::Relaxed);
        }
    }
}
