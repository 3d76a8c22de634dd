//! One study session: what to study next ([`queue`]), checking typed answers ([`check`]), and the
//! session's log records. It reads deck and scheduling state and writes answers through `store`;
//! time and randomness are parameters.

mod check;
mod choice;
mod queue;
mod session;

pub use check::{Check, DiffWord, check_answer, normalize};
pub use choice::{Choice, choice_options, expected_answer};
pub use queue::{Candidate, Done, Limits, Queue, build_queue};
pub use session::{Prompt, Session, SessionSummary, accepted_answers, describe_due, prompt_for};
