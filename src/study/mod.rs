//! Studying: today's queue over some decks ([`queue_for`], the one place every count comes from),
//! a session over it ([`Session`]: the next item with its intervals, each answer timed and put on
//! record), what an item asks in the variant shown ([`Prompt`]), and how an answer is judged
//! ([`check_answer`], [`choice_options`]). It reads deck and scheduling state and writes answers
//! only through `store`; time and randomness are parameters, and nothing here draws or prints.

mod backlog;
mod check;
mod choice;
mod normalize;
mod plan;
mod prompt;
mod queue;
mod session;
mod spelling;

pub use backlog::{Backlog, SPREAD_DAYS, SpreadChoice, backlog};
pub use check::{Check, DiffWord, Judging, check_answer};
pub use choice::{Choice, asked_as, choice_options};
pub use normalize::normalize;
pub use plan::{done_today, queue_for, queue_preferring};
pub use prompt::{Prompt, prompt_for};
pub use queue::{Candidate, Done, Limits, Outlook, Queue, REVIEW_AHEAD_DAYS, build_queue};
pub use session::{MAX_ANSWER_MS, Next, Session, SessionSummary, describe_due, minutes_seconds};
