//! Every figure of the Stats screen and `talkdeck stats`, for one [`Scope`]: worked out in one walk
//! over the answers and one over the items, so the cost grows with the history only linearly.

use serde::Serialize;

use super::facts::{Facts, ItemFacts, MATURE_DAYS, Standing};
use crate::srs::{Phase, Rating};

/// Days in the calendar heatmap.
pub const HEATMAP_DAYS: usize = 365;
/// The longest future-due chart, for "all".
const MAX_DUE_DAYS: usize = 3650;
/// Phrases listed as failing: at most this many, each answered Again at least twice.
const STRUGGLING_LIMIT: usize = 10;

/// How far back the charts look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Range {
    #[default]
    Month,
    Quarter,
    Year,
    All,
}

impl Range {
    pub const ALL: [Range; 4] = [Range::Month, Range::Quarter, Range::Year, Range::All];

    /// Its length in days; `None` for all of the history.
    pub fn days(self) -> Option<usize> {
        match self {
            Range::Month => Some(30),
            Range::Quarter => Some(90),
            Range::Year => Some(365),
            Range::All => None,
        }
    }
}

/// Which decks and how far back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Scope {
    /// The decks counted, by id; empty for every deck (and items whose deck is gone).
    pub decks: Vec<String>,
    pub range: Range,
}

impl Scope {
    /// Whether each item of `facts` is counted.
    pub fn items_in(&self, facts: &Facts) -> Vec<bool> {
        if self.decks.is_empty() {
            return vec![true; facts.items.len()];
        }
        let chosen: Vec<bool> = facts
            .decks
            .iter()
            .map(|d| self.decks.contains(&d.id))
            .collect();
        facts
            .items
            .iter()
            .map(|item| item.deck.is_some_and(|d| chosen[usize::from(d)]))
            .collect()
    }
}

/// What kind of answer it was: the item's phase before it.
pub const KINDS: [Phase; 4] = [
    Phase::New,
    Phase::Learning,
    Phase::Review,
    Phase::Relearning,
];

/// `phase`'s place in [`KINDS`].
pub fn kind_index(phase: Phase) -> usize {
    match phase {
        Phase::New => 0,
        Phase::Learning => 1,
        Phase::Review => 2,
        Phase::Relearning => 3,
    }
}

/// A day's answers and time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DayTotal {
    pub answers: u32,
    pub ms: u64,
}

/// A day's answers by kind ([`KINDS`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DayKinds {
    pub answers: [u32; 4],
    pub ms: [u64; 4],
}

/// Answers that were remembered (not Again) and forgotten.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Passes {
    pub passed: u32,
    pub failed: u32,
}

impl Passes {
    fn add(&mut self, passed: bool) {
        if passed {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
    }

    pub fn total(self) -> u32 {
        self.passed + self.failed
    }

    /// Percent passed; `None` without answers.
    pub fn percent(self) -> Option<f64> {
        (self.total() > 0).then(|| 100.0 * f64::from(self.passed) / f64::from(self.total()))
    }

    fn plus(self, other: Passes) -> Passes {
        Passes {
            passed: self.passed + other.passed,
            failed: self.failed + other.failed,
        }
    }
}

/// The periods of the true retention table, and how many days back each reaches (today is 0).
pub const PERIODS: [(Period, i32, i32); 5] = [
    (Period::Today, 0, 0),
    (Period::Yesterday, 1, 1),
    (Period::Week, 0, 6),
    (Period::Month, 0, 29),
    (Period::Year, 0, 364),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Today,
    Yesterday,
    Week,
    Month,
    Year,
}

/// One row of the true retention table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RetentionRow {
    pub period: Period,
    pub young: Passes,
    pub mature: Passes,
}

impl RetentionRow {
    pub fn total(&self) -> Passes {
        self.young.plus(self.mature)
    }
}

/// Items in each [`Standing`], and the leeches among them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub new: u32,
    pub learning: u32,
    pub relearning: u32,
    pub young: u32,
    pub mature: u32,
    pub suspended: u32,
    pub leeches: u32,
}

impl Counts {
    pub fn of(&self, standing: Standing) -> u32 {
        match standing {
            Standing::New => self.new,
            Standing::Learning => self.learning,
            Standing::Relearning => self.relearning,
            Standing::Young => self.young,
            Standing::Mature => self.mature,
            Standing::Suspended => self.suspended,
        }
    }

    fn slot(&mut self, standing: Standing) -> &mut u32 {
        match standing {
            Standing::New => &mut self.new,
            Standing::Learning => &mut self.learning,
            Standing::Relearning => &mut self.relearning,
            Standing::Young => &mut self.young,
            Standing::Mature => &mut self.mature,
            Standing::Suspended => &mut self.suspended,
        }
    }

    pub fn total(&self) -> u32 {
        Standing::ALL.into_iter().map(|s| self.of(s)).sum()
    }
}

/// An hour of the day's answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HourAnswers {
    pub answers: u32,
    pub again: u32,
}

/// The stability buckets' upper bounds in days (the last is open).
pub const STABILITY_BOUNDS: [f32; 7] = [1.0, 3.0, 7.0, 21.0, 90.0, 365.0, f32::INFINITY];

/// FSRS's view of the items that have a memory.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MemoryFigures {
    /// Items by difficulty, in tenths of FSRS's 1–10 scale.
    pub difficulty: [u32; 10],
    /// Items by stability, per [`STABILITY_BOUNDS`].
    pub stability: [u32; 7],
    /// Items by their chance of being recalled now, in tenths.
    pub retrievability: [u32; 10],
    /// Items with a memory.
    pub items: u32,
    /// The number of phrases one would expect the learner to recall right now: the sum of the
    /// retrievabilities.
    pub recall_now: f64,
}

/// The difficulty bucket (0–9) of FSRS's difficulty 1–10.
pub fn difficulty_bucket(difficulty: f32) -> usize {
    (((difficulty - 1.0) / 0.9).floor().max(0.0) as usize).min(9)
}

pub fn stability_bucket(stability: f32) -> usize {
    STABILITY_BOUNDS
        .iter()
        .position(|&bound| stability < bound)
        .unwrap_or(STABILITY_BOUNDS.len() - 1)
}

pub fn retrievability_bucket(r: f32) -> usize {
    ((r * 10.0).floor().max(0.0) as usize).min(9)
}

/// One deck's line of the per-deck table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DeckLine {
    /// The deck's index in [`Facts::decks`].
    pub index: u16,
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub cards: usize,
    pub items: u32,
    /// Items answered at least once.
    pub seen: u32,
    pub mature: u32,
    /// True retention over the last 30 days.
    pub retention: Passes,
    /// Reviews and learning items due by the end of today (the overdue too), and during tomorrow.
    pub due_today: u32,
    pub due_tomorrow: u32,
}

impl DeckLine {
    pub fn mature_percent(&self) -> Option<f64> {
        (self.items > 0).then(|| 100.0 * f64::from(self.mature) / f64::from(self.items))
    }
}

/// An item that keeps failing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Struggling {
    /// The item's index in [`Facts::items`].
    pub item: u32,
    /// Times it was answered Again, in learning or in review.
    pub again: u32,
    /// Times it was forgotten in review.
    pub lapses: u32,
}

/// The headline figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Headline {
    pub answers_today: u32,
    pub ms_today: u64,
    /// Study days in a row up to today (or up to yesterday, if today has none yet).
    pub streak_days: u32,
    pub longest_streak_days: u32,
    pub days_studied: u32,
    pub total_answers: u32,
    /// True retention over the last 30 days (young and mature together).
    pub retention_month: Option<f64>,
}

/// Every figure for one scope at one moment.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The day number of today ([`crate::srs::DayClock::day`]).
    pub today: i32,
    pub headline: Headline,
    /// The last [`HEATMAP_DAYS`] days, oldest first; the last is today.
    pub heatmap: Vec<DayTotal>,
    /// The range's days, oldest first; the last is today.
    pub per_day: Vec<DayKinds>,
    /// What falls due: the backlog (overdue before today) first, then today, tomorrow, ….
    pub due: Vec<u32>,
    pub counts: Counts,
    /// [`PERIODS`] in order.
    pub retention: Vec<RetentionRow>,
    /// Answers in the range by kind ([`KINDS`]) and button (Again … Easy).
    pub buttons: [[u32; 4]; 4],
    /// Answers in the range by the local hour they were given.
    pub hours: [HourAnswers; 24],
    pub memory: MemoryFigures,
    pub decks: Vec<DeckLine>,
    pub struggling: Vec<Struggling>,
}

/// How long each review had waited since the item's answer before: mature at [`MATURE_DAYS`].
/// `None` for answers that are not reviews. The one rule true retention and its lists share.
pub(super) struct Waits {
    last_day: Vec<i32>,
    /// The day each item's last review answer was counted for true retention (only the first of
    /// a day counts).
    counted_day: Vec<i32>,
}

/// A review answer as true retention counts it: whether it was the item's first of its day and
/// whether the item was mature.
pub(super) struct Counted {
    pub mature: bool,
}

impl Waits {
    pub fn new(items: usize) -> Waits {
        Waits {
            last_day: vec![i32::MIN; items],
            counted_day: vec![i32::MIN; items],
        }
    }

    /// Notes an answer on `day`; for a review answer that true retention counts, what it counts.
    pub fn note(&mut self, item: usize, day: i32, phase_before: Phase) -> Option<Counted> {
        let waited = day.saturating_sub(self.last_day[item]);
        self.last_day[item] = day;
        if phase_before != Phase::Review || self.counted_day[item] == day {
            return None;
        }
        self.counted_day[item] = day;
        Some(Counted {
            mature: waited >= MATURE_DAYS as i32,
        })
    }
}

/// How many days the range's charts span up to `today`: the range, or for all of it from the
/// first answer in scope (at least 30 days).
pub(super) fn range_days(facts: &Facts, in_scope: &[bool], range: Range, today: i32) -> usize {
    range.days().unwrap_or_else(|| {
        let first_day = facts
            .reviews
            .iter()
            .find(|r| in_scope.get(r.item as usize) == Some(&true))
            .map(|r| facts.clock.day(r.at));
        first_day.map_or(30, |first| ((today - first + 1).max(30)) as usize)
    })
}

impl Report {
    /// Every figure for `scope` at `now_ms`.
    pub fn compute(facts: &Facts, scope: &Scope, now_ms: i64) -> Report {
        let clock = &facts.clock;
        let today = clock.day(now_ms);
        let in_scope = scope.items_in(facts);
        let days = range_days(facts, &in_scope, scope.range, today);
        let mut report = Report {
            today,
            heatmap: vec![DayTotal::default(); HEATMAP_DAYS],
            per_day: vec![DayKinds::default(); days],
            retention: PERIODS
                .iter()
                .map(|&(period, _, _)| RetentionRow {
                    period,
                    young: Passes::default(),
                    mature: Passes::default(),
                })
                .collect(),
            ..Report::default()
        };
        answers(facts, &in_scope, today, &mut report);
        items(facts, &in_scope, scope.range, &mut report);
        if !scope.decks.is_empty() {
            report.decks.retain(|line| scope.decks.contains(&line.id));
        }
        report
    }
}

/// Everything that walks the answers.
fn answers(facts: &Facts, in_scope: &[bool], today: i32, report: &mut Report) {
    let clock = &facts.clock;
    let range_start = today - report.per_day.len() as i32 + 1;
    let mut waits = Waits::new(facts.items.len());
    let mut again = vec![0u32; facts.items.len()];
    let mut deck_retention = vec![Passes::default(); facts.decks.len()];
    let mut study_days: Vec<i32> = Vec::new();
    let h = &mut report.headline;
    for review in &facts.reviews {
        let item = review.item as usize;
        if !in_scope.get(item).copied().unwrap_or(false) {
            continue;
        }
        let day = clock.day(review.at);
        let ago = today - day;
        let passed = review.rating != Rating::Again;
        let kind = kind_index(review.phase_before);
        let ms = u64::from(review.taken_ms);
        h.total_answers += 1;
        if study_days.last() != Some(&day) {
            study_days.push(day);
        }
        if ago == 0 {
            h.answers_today += 1;
            h.ms_today += ms;
        }
        if (0..HEATMAP_DAYS as i32).contains(&ago) {
            let slot = &mut report.heatmap[HEATMAP_DAYS - 1 - ago as usize];
            slot.answers += 1;
            slot.ms += ms;
        }
        if day >= range_start && ago >= 0 {
            let slot = &mut report.per_day[(day - range_start) as usize];
            slot.answers[kind] += 1;
            slot.ms[kind] += ms;
            report.buttons[kind][review.rating.number() as usize - 1] += 1;
            let hour = &mut report.hours[usize::from(clock.local_hour(review.at))];
            hour.answers += 1;
            hour.again += u32::from(!passed);
        }
        again[item] += u32::from(!passed);
        if let Some(counted) = waits.note(item, day, review.phase_before) {
            for (row, &(_, from, to)) in report.retention.iter_mut().zip(&PERIODS) {
                if (from..=to).contains(&ago) {
                    let cell = if counted.mature {
                        &mut row.mature
                    } else {
                        &mut row.young
                    };
                    cell.add(passed);
                }
            }
            if (0..30).contains(&ago)
                && let Some(deck) = facts.items[item].deck
            {
                deck_retention[usize::from(deck)].add(passed);
            }
        }
    }
    study_days.sort_unstable();
    study_days.dedup();
    h.days_studied = study_days.len() as u32;
    (h.streak_days, h.longest_streak_days) = streaks(&study_days, today);
    h.retention_month = report.retention[3].total().percent();
    report.decks = facts
        .decks
        .iter()
        .zip(deck_retention)
        .enumerate()
        .map(|(index, (deck, retention))| DeckLine {
            index: index as u16,
            id: deck.id.clone(),
            name: deck.name.clone(),
            name_zh: deck.name_zh.clone(),
            cards: deck.cards,
            retention,
            ..DeckLine::default()
        })
        .collect();
    report.struggling = struggling(facts, in_scope, &again);
}

/// The current streak (up to today, or up to yesterday while today has no answers yet) and the
/// longest, from the sorted days studied.
fn streaks(days: &[i32], today: i32) -> (u32, u32) {
    let (mut longest, mut run) = (0u32, 0u32);
    for (i, &day) in days.iter().enumerate() {
        run = if i > 0 && days[i - 1] == day - 1 {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
    }
    let current = match days.last() {
        Some(&last) if last == today || last == today - 1 => run,
        _ => 0,
    };
    (current, longest)
}

/// The failing items in scope, from each item's count of Agains: the one ranking the report and
/// its list share.
pub(super) fn struggling(facts: &Facts, in_scope: &[bool], again: &[u32]) -> Vec<Struggling> {
    let mut out: Vec<Struggling> = again
        .iter()
        .enumerate()
        .filter(|&(item, &again)| again >= 2 && in_scope[item])
        .map(|(item, &again)| Struggling {
            item: item as u32,
            again,
            lapses: facts.items[item].state.lapses,
        })
        .collect();
    out.sort_by(|a, b| {
        (b.lapses, b.again)
            .cmp(&(a.lapses, a.again))
            .then(a.item.cmp(&b.item))
    });
    out.truncate(STRUGGLING_LIMIT);
    out
}

/// Where an item falls due: 0 for the backlog (due before today), then 1 + days from today;
/// `None` for new and suspended items.
pub(super) fn due_slot(facts: &Facts, item: &ItemFacts, today: i32) -> Option<usize> {
    if item.suspended || item.state.phase == Phase::New {
        return None;
    }
    let ahead = facts.clock.day(item.state.due_ms) - today;
    Some(if ahead < 0 { 0 } else { ahead as usize + 1 })
}

/// Everything that walks the items.
fn items(facts: &Facts, in_scope: &[bool], range: Range, report: &mut Report) {
    let today = report.today;
    let mut due = vec![0u32; 1 + range.days().unwrap_or(MAX_DUE_DAYS)];
    let mut furthest = 0;
    for (item, counted) in facts.items.iter().zip(in_scope) {
        let deck = item.deck.map(|d| &mut report.decks[usize::from(d)]);
        let standing = Standing::of(item);
        if let Some(line) = deck {
            line.items += 1;
            line.seen += u32::from(item.state.phase != Phase::New);
            line.mature += u32::from(standing == Standing::Mature);
            if let Some(slot) = due_slot(facts, item, today) {
                line.due_today += u32::from(slot <= 1);
                line.due_tomorrow += u32::from(slot == 2);
            }
        }
        if !counted {
            continue;
        }
        *report.counts.slot(standing) += 1;
        report.counts.leeches += u32::from(item.state.is_leech(facts.leech_threshold));
        if let Some(slot) = due_slot(facts, item, today)
            && let Some(n) = due.get_mut(slot)
        {
            *n += 1;
            furthest = furthest.max(slot);
        }
        if !item.suspended
            && let (Some(memory), Some(r)) =
                (item.state.memory, facts.retrievability(&item.state, today))
        {
            let m = &mut report.memory;
            m.items += 1;
            m.difficulty[difficulty_bucket(memory.difficulty)] += 1;
            m.stability[stability_bucket(memory.stability)] += 1;
            m.retrievability[retrievability_bucket(r)] += 1;
            m.recall_now += f64::from(r);
        }
    }
    if range == Range::All {
        due.truncate((furthest + 1).max(31));
    }
    report.due = due;
}
