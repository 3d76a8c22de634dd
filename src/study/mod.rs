//! One study session: what to study next ([`queue`]), checking typed answers ([`check`]), and the
//! session's log records. It reads deck and scheduling state and writes answers through `store`;
//! time and randomness are parameters.

mod check;
mod choice;
mod normalize;
mod plan;
mod prompt;
mod queue;
mod session;
mod spelling;

pub use check::{Check, DiffWord, Judging, check_answer};
pub use choice::{Choice, asked_as, choice_options};
pub use normalize::normalize;
pub use plan::{done_today, queue_for};
pub use prompt::{Prompt, prompt_for};
pub use queue::{Candidate, Done, Limits, Outlook, Queue, REVIEW_AHEAD_DAYS, build_queue};
pub use session::{MAX_ANSWER_MS, Next, Session, SessionSummary, describe_due, minutes_seconds};
