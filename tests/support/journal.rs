//! A simulated learner's answers written as the store writes them: a journal to open.

use talkdeck::deck::ItemId;
use talkdeck::srs::SimulatedAnswer;
use talkdeck::store::{Entry, StudyMode};

/// `answers` (to `ids`, by index) as journal lines, each taking 3 s, in Flip mode.
pub fn journal_text(answers: &[SimulatedAnswer], ids: &[&str]) -> String {
    let mut text = String::new();
    for (n, answer) in answers.iter().enumerate() {
        let entry = Entry::Review {
            id: format!("{:x}-{n:016x}", answer.at_ms),
            item: ItemId::parse(ids[answer.item]).unwrap(),
            at: answer.at_ms,
            rating: answer.rating,
            ms: 3_000,
            mode: StudyMode::Flip,
        };
        text.push_str(&ron::to_string(&entry).unwrap());
        text.push('\n');
    }
    text
}
