//! The learner's own FSRS parameters in the store: the answers they are fitted on, and the
//! journal entry that puts them in use (or takes them back). They are a journal entry, not a
//! setting, because they are learned from the history: they merge between devices like answers,
//! and the latest one not undone schedules every item, from the first answer on (`open` makes the
//! scheduler with it before any answer is replayed).
//!
//! The fit itself is `srs::fit`, pure and slow enough (seconds) that a screen runs it on a thread
//! of its own; nothing here fits.

use std::io;

use super::data::Store;
use super::entry::{Entry, Fitted, ReviewLog, new_entry_id};
use crate::srs::{Answer, DayClock, Fit, TrainingSet, parameters_problem};

/// Each item's answers in `reviews` (the review log of `items` items), in time order.
pub fn answer_histories(reviews: &[ReviewLog], items: usize) -> Vec<Vec<Answer>> {
    let mut histories = vec![Vec::new(); items];
    for review in reviews {
        if let Some(history) = histories.get_mut(review.item as usize) {
            history.push(Answer {
                rating: review.rating,
                at_ms: review.at,
            });
        }
    }
    histories.retain(|history: &Vec<Answer>| !history.is_empty());
    histories
}

/// The optimiser's training set of a review log (a copy of [`Store::reviews`], so it can be made on
/// another thread), days counted by `clock`.
pub fn training_set(reviews: &[ReviewLog], items: usize, clock: &DayClock) -> TrainingSet {
    let histories = answer_histories(reviews, items);
    TrainingSet::new(histories.iter().map(Vec::as_slice), clock)
}

impl Store {
    /// The fitted parameters in use (the latest `Parameters` entry not undone); `None` while the
    /// defaults schedule.
    pub fn fitted(&self) -> Option<&Fitted> {
        self.derived.fitted()
    }

    /// Each item's answers that count, in time order: the history parameters are fitted on.
    pub fn answer_histories(&self) -> Vec<Vec<Answer>> {
        answer_histories(self.reviews(), self.item_ids().len())
    }

    /// The optimiser's training set of every answer, days counted by the store's day clock.
    pub fn training_set(&self) -> TrainingSet {
        training_set(
            self.reviews(),
            self.item_ids().len(),
            self.scheduler().clock(),
        )
    }

    /// Puts fitted parameters in use, durably (a `Parameters` line, fsynced like an answer), and
    /// derives every state again from the journal under them, as any later opening will. Refused,
    /// with nothing written, unless they predict the history better than the parameters in use
    /// ([`Fit::keep`]) and can schedule. Nothing done before can be undone after it.
    pub fn set_parameters(&mut self, fit: &Fit, now_ms: i64) -> io::Result<Fitted> {
        if !fit.keep() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the fitted parameters predict the answers no better than those in use (log \
                     loss {:.4}, against {:.4}), so they are not kept",
                    fit.fitted.log_loss, fit.current.log_loss
                ),
            ));
        }
        if let Some(problem) = parameters_problem(&fit.parameters) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, problem));
        }
        let fitted = Fitted {
            id: new_entry_id(now_ms),
            at: now_ms,
            parameters: fit.parameters.clone(),
            reviews: u32::try_from(fit.reviews).unwrap_or(u32::MAX),
            log_loss: fit.fitted.log_loss,
            rmse: fit.fitted.rmse,
        };
        self.append(&fitted.entry())?;
        self.replay_journal(now_ms)?;
        crate::notice!(
            name: "talkdeck.store",
            entry = fitted.id.as_str(), reviews = fit.reviews,
            log_loss = fit.fitted.log_loss, log_loss_before = fit.current.log_loss,
            rmse = fit.fitted.rmse, rmse_before = fit.current.rmse;
            "FSRS parameters fitted to {} answers are in use: log loss {:.4} (was {:.4}), RMSE \
             {:.2}% (was {:.2}%); every item rescheduled under them",
            fit.reviews, fit.fitted.log_loss, fit.current.log_loss,
            fit.fitted.rmse * 100.0, fit.current.rmse * 100.0
        );
        Ok(fitted)
    }

    /// Takes back the fitted parameters in use (an `Undo` line naming their entry) and derives
    /// every state again under those in use before them — the ones fitted earlier, or the
    /// defaults. Returns what was taken back; `None` when the defaults are in use.
    pub fn undo_parameters(&mut self, now_ms: i64) -> io::Result<Option<Fitted>> {
        let Some(fitted) = self.fitted().cloned() else {
            return Ok(None);
        };
        self.append(&Entry::Undo {
            id: new_entry_id(now_ms),
            review: fitted.id.clone(),
            at: now_ms,
        })?;
        self.replay_journal(now_ms)?;
        crate::notice!(
            name: "talkdeck.store",
            entry = fitted.id.as_str();
            "took back the FSRS parameters fitted to {} answers ({}); every item rescheduled \
             under {}",
            fitted.reviews, fitted.id,
            match self.fitted() {
                Some(_) => "the parameters fitted before them",
                None => "the default parameters",
            }
        );
        Ok(Some(fitted))
    }
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::deck::{Direction, ItemId};
    use crate::srs::{Evaluation, FAST_FORGETTER, ItemState, Rating};
    use crate::store::lines::test_support::few_hashes;
    use crate::store::{DataDir, OpenOptions, StudyMode};

    const T0: i64 = 1_795_429_167_000;
    const DAY: i64 = 86_400_000;

    fn open(data: &DataDir, now: i64) -> Store {
        OpenOptions::study()
            .item_hash(few_hashes)
            .open(data, TimeZone::UTC, now)
            .unwrap()
    }

    /// A fit as `srs::fit` would give it: the fast forgetter's parameters, better than the defaults.
    fn better_fit() -> Fit {
        Fit {
            parameters: FAST_FORGETTER.to_vec(),
            current: Evaluation {
                log_loss: 0.5,
                rmse: 0.1,
            },
            fitted: Evaluation {
                log_loss: 0.4,
                rmse: 0.05,
            },
            reviews: 12,
        }
    }

    fn states(store: &Store) -> Vec<(String, ItemState)> {
        store
            .states()
            .map(|(id, state)| (id.to_string(), state.clone()))
            .collect()
    }

    /// Six items answered on days 0, 1, 3 and 7: answers the parameters schedule differently.
    fn answered(data: &DataDir) -> Vec<(String, ItemState)> {
        let mut store = open(data, T0);
        for (n, day) in [0, 1, 3, 7].into_iter().enumerate() {
            for card in 0..6 {
                let item = ItemId::new("d", &format!("c{card}"), Direction::Produce);
                let rating = [Rating::Good, Rating::Hard, Rating::Again][(card + n) % 3];
                let at = T0 + day * DAY + card as i64 * 60_000;
                store
                    .answer(&item, rating, 1000, StudyMode::Flip, at)
                    .unwrap();
            }
        }
        store.save_snapshot().unwrap();
        states(&store)
    }

    fn parameters_line_count(data: &DataDir) -> usize {
        std::fs::read_to_string(data.journal_path())
            .unwrap()
            .lines()
            .filter(|line| line.starts_with("Parameters("))
            .count()
    }

    #[test]
    fn fitted_parameters_schedule_every_item_from_the_snapshot_and_in_full_and_undo_goes_back() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        let defaults = answered(&data);
        let now = T0 + 8 * DAY;

        let mut store = open(&data, now);
        assert!(store.opened_from_snapshot() && store.fitted().is_none());
        let fitted = store.set_parameters(&better_fit(), now).unwrap();
        assert_eq!(store.fitted(), Some(&fitted));
        assert_eq!(
            store.scheduler().config().parameters.as_deref(),
            Some(&FAST_FORGETTER[..])
        );
        let under_fitted = states(&store);
        assert_ne!(under_fitted, defaults, "every item rescheduled");
        // New settings keep the fitted parameters: they are the journal's.
        let mut settings = store.settings().clone();
        settings.desired_retention = 0.85;
        store.set_settings(settings, now).unwrap();
        assert_eq!(store.fitted(), Some(&fitted));
        assert_eq!(
            store.scheduler().config().parameters.as_deref(),
            Some(&FAST_FORGETTER[..])
        );
        let mut settings = store.settings().clone();
        settings.desired_retention = 0.90;
        store.set_settings(settings, now).unwrap();
        drop(store);

        // The snapshot predates the entry: the journal is replayed in full under it.
        let store = open(&data, now);
        assert!(!store.opened_from_snapshot());
        assert_eq!(store.fitted(), Some(&fitted));
        assert_eq!(states(&store), under_fitted);
        let mut store = store;
        store.save_snapshot().unwrap();
        drop(store);

        // Then from the snapshot, which keeps the entry in use.
        let mut store = open(&data, now);
        assert!(store.opened_from_snapshot());
        assert_eq!(store.fitted(), Some(&fitted));
        assert_eq!(
            store.scheduler().config().parameters.as_deref(),
            Some(&FAST_FORGETTER[..])
        );
        assert_eq!(states(&store), under_fitted);

        assert_eq!(store.undo_parameters(now).unwrap(), Some(fitted));
        assert_eq!(store.fitted(), None);
        assert_eq!(store.scheduler().config().parameters, None);
        assert_eq!(states(&store), defaults);
        assert_eq!(store.undo_parameters(now).unwrap(), None, "nothing more");
        drop(store);
        let store = open(&data, now);
        assert_eq!(store.fitted(), None);
        assert_eq!(states(&store), defaults);
    }

    /// The messages logged on `talkdeck.store` while `f` runs that name `about`, by this test's
    /// thread (other tests log there too, at the same time).
    fn messages<T>(about: &str, f: impl FnOnce() -> T) -> (T, Vec<String>) {
        use crate::logging::{self, Handler, HandlerOptions, Level, MemoryHandler};
        let memory = std::sync::Arc::new(MemoryHandler::new(1000, HandlerOptions::default()));
        let logger = logging::get_logger("talkdeck.store");
        logger.set_level(Level::DEBUG);
        logger.add_handler(memory.clone());
        let made = f();
        logger.remove_handler(&(memory.clone() as std::sync::Arc<dyn Handler>));
        let this_thread = std::thread::current().name().map(str::to_owned);
        let messages = memory
            .snapshot()
            .iter()
            .filter(|r| r.message.contains(about))
            .filter(|r| this_thread.as_deref() == Some(&*r.thread.name))
            .map(|r| format!("{} {}", r.level, r.message))
            .collect();
        (made, messages)
    }

    #[test]
    fn putting_parameters_in_use_is_logged_at_notice_and_the_next_opening_says_why_it_replays() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        answered(&data);
        let now = T0 + 8 * DAY;
        let mut store = open(&data, now);
        let (_, logged) = messages("FSRS parameters", || {
            store.set_parameters(&better_fit(), now).unwrap()
        });
        assert_eq!(
            logged,
            [
                "NOTICE FSRS parameters fitted to 12 answers are in use: log loss 0.4000 (was \
                 0.5000), RMSE 5.00% (was 10.00%); every item rescheduled under them"
            ]
        );
        drop(store);
        let root = dir.path().display().to_string();
        let (_, logged) = messages(&root, || open(&data, now));
        assert!(
            logged[0].ends_with(
                "the snapshot was not used: the journals' new lines fit new parameters to the \
                 answers"
            ),
            "{logged:?}"
        );
        let mut store = open(&data, now);
        let (_, logged) = messages("took back", || store.undo_parameters(now).unwrap());
        assert_eq!(logged.len(), 1);
        assert!(
            logged[0].starts_with("NOTICE took back the FSRS parameters fitted to 12 answers")
                && logged[0].ends_with("every item rescheduled under the default parameters"),
            "{logged:?}"
        );
    }

    #[test]
    fn the_latest_entry_by_time_is_in_use_and_undoing_it_brings_back_the_one_before() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        answered(&data);
        let mut store = open(&data, T0 + 8 * DAY);
        let first = store.set_parameters(&better_fit(), T0 + 8 * DAY).unwrap();
        let mut other = better_fit();
        other.parameters[0] = 0.1;
        let second = store.set_parameters(&other, T0 + 9 * DAY).unwrap();
        assert_eq!(store.fitted(), Some(&second));
        assert_eq!(store.undo_parameters(T0 + 9 * DAY).unwrap(), Some(second));
        assert_eq!(store.fitted(), Some(&first));
        assert_eq!(
            store.scheduler().config().parameters.as_deref(),
            Some(&FAST_FORGETTER[..])
        );
    }

    #[test]
    fn a_fit_no_better_than_the_parameters_in_use_or_unusable_is_refused_and_nothing_written() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        answered(&data);
        let mut store = open(&data, T0 + 8 * DAY);
        let mut worse = better_fit();
        worse.fitted.log_loss = worse.current.log_loss;
        let err = store.set_parameters(&worse, T0 + 8 * DAY).unwrap_err();
        assert!(err.to_string().contains("no better"), "{err}");
        let mut broken = better_fit();
        broken.parameters.truncate(20);
        let err = store.set_parameters(&broken, T0 + 8 * DAY).unwrap_err();
        assert!(err.to_string().contains("20 FSRS parameters"), "{err}");
        assert_eq!(parameters_line_count(&data), 0);
        assert_eq!(store.fitted(), None);
    }

    #[test]
    fn the_histories_are_each_items_answers_in_time_order() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::for_device(dir.path(), "laptop");
        answered(&data);
        let store = open(&data, T0 + 8 * DAY);
        let histories = store.answer_histories();
        assert_eq!(histories.len(), 6);
        for history in &histories {
            let days: Vec<i64> = history.iter().map(|a| (a.at_ms - T0) / DAY).collect();
            assert_eq!(days, [0, 1, 3, 7]);
        }
        let set = store.training_set();
        assert_eq!((set.answers(), set.len()), (24, 18));
    }
}
