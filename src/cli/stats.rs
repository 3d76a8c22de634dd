//! `talkdeck stats`: the headline figures, the true retention table, the per-deck table and the
//! phrases that keep failing — or, with `--json`, every figure of the Stats screen for scripts.

use std::io::{self, Write};

use serde::Serialize;

use crate::deck::Library;
use crate::stats::{Facts, Passes, Period, Range, Report, Scope};
use crate::store::{DataDir, LoadedSettings};

use super::open::{Purpose, open};

/// What `--json` prints: the scope, the time, every figure, and the failing phrases named.
#[derive(Serialize)]
struct Json<'a> {
    now_ms: i64,
    decks: &'a [String],
    range: Range,
    report: &'a Report,
    /// [`Report::struggling`] with each item's id and English.
    failing: Vec<Failing>,
}

#[derive(Serialize)]
struct Failing {
    item: String,
    en: String,
    again: u32,
    lapses: u32,
    leech: bool,
}

fn failing(report: &Report, facts: &Facts, library: &Library) -> Vec<Failing> {
    report
        .struggling
        .iter()
        .map(|s| {
            let item = &facts.items[s.item as usize];
            Failing {
                item: item.id.to_string(),
                en: library
                    .card_of(&item.id)
                    .map_or_else(String::new, |card| card.variant(0).en),
                again: s.again,
                lapses: s.lapses,
                leech: item.state.is_leech(facts.leech_threshold),
            }
        })
        .collect()
}

/// `talkdeck stats [--deck ID]… [--range R] [--json]` at `now_ms`. The range is the charts' (in
/// `--json`: answers per day, buttons, hours, due ahead); the text's tables are fixed periods.
pub fn stats(
    data: &DataDir,
    settings: LoadedSettings,
    decks: &[String],
    range: Range,
    json: bool,
    now_ms: i64,
    out: &mut dyn Write,
) -> Result<(), String> {
    let (store, library) = open(data, Purpose::Read, settings, None)?;
    if let Some(unknown) = decks.iter().find(|id| library.deck(id).is_none()) {
        let known: Vec<&str> = library.decks.iter().map(|(_, d)| d.id.as_str()).collect();
        return Err(format!(
            "there is no deck \"{unknown}\" (the decks: {})",
            known.join(", ")
        ));
    }
    let facts = Facts::gather(&library, &store);
    let scope = Scope {
        decks: decks.to_vec(),
        range,
    };
    let report = Report::compute(&facts, &scope, now_ms);
    let io_err = |e: io::Error| e.to_string();
    if json {
        let json = Json {
            now_ms,
            decks,
            range: scope.range,
            report: &report,
            failing: failing(&report, &facts, &library),
        };
        let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
        return writeln!(out, "{text}").map_err(io_err);
    }
    text(&report, &facts, &library, out).map_err(io_err)
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "–".to_owned(), |p| format!("{p:.0}%"))
}

/// A cell of the true retention table: the percent and how many reviews it is of.
fn cell(p: Passes) -> String {
    match p.percent() {
        Some(percent) => format!("{percent:.0}% of {}", p.total()),
        None => "–".to_owned(),
    }
}

fn period_name(period: Period) -> &'static str {
    match period {
        Period::Today => "today",
        Period::Yesterday => "yesterday",
        Period::Week => "last 7 days",
        Period::Month => "last 30 days",
        Period::Year => "last 365 days",
    }
}

fn text(report: &Report, facts: &Facts, library: &Library, out: &mut dyn Write) -> io::Result<()> {
    let h = &report.headline;
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    writeln!(
        out,
        "reviews today:   {} ({} min)",
        h.answers_today,
        h.ms_today.div_ceil(60_000)
    )?;
    writeln!(
        out,
        "streak:          {} day{} (longest {})",
        h.streak_days,
        plural(h.streak_days),
        h.longest_streak_days
    )?;
    writeln!(
        out,
        "true retention:  {} over 30 days (reviews remembered; the first of a day counts)",
        pct(h.retention_month)
    )?;
    let seen = report.counts.total() - report.counts.new;
    writeln!(
        out,
        "recall now:      about {:.0} of the {seen} phrases started",
        report.memory.recall_now
    )?;
    let tomorrow: u32 = report.due.get(2).copied().unwrap_or(0);
    writeln!(out, "due tomorrow:    {tomorrow}")?;
    writeln!(out, "total reviews:   {}\n", h.total_answers)?;

    writeln!(
        out,
        "{:<16} {:>14} {:>14} {:>14}",
        "true retention", "young", "mature", "all"
    )?;
    for row in &report.retention {
        writeln!(
            out,
            "{:<16} {:>14} {:>14} {:>14}",
            period_name(row.period),
            cell(row.young),
            cell(row.mature),
            cell(row.total())
        )?;
    }
    writeln!(out)?;

    writeln!(
        out,
        "{:<20} {:>5} {:>5} {:>6} {:>9} {:>9} {:>12}",
        "deck", "cards", "seen", "mature", "retention", "due today", "due tomorrow"
    )?;
    for line in &report.decks {
        writeln!(
            out,
            "{:<20} {:>5} {:>5} {:>6} {:>9} {:>9} {:>12}",
            line.id,
            line.cards,
            line.seen,
            pct(line.mature_percent()),
            pct(line.retention.percent()),
            line.due_today,
            line.due_tomorrow
        )?;
    }
    let failing = failing(report, facts, library);
    if !failing.is_empty() {
        writeln!(out, "\nkeeps failing:   again  forgotten")?;
    }
    for (s, f) in report.struggling.iter().zip(failing) {
        let id = &facts.items[s.item as usize].id;
        let phrase = if f.en.is_empty() {
            id.to_string()
        } else {
            f.en
        };
        let how = id
            .parts()
            .map_or("", |(_, _, direction)| direction.as_str());
        writeln!(
            out,
            "{:>22} {:>10}  {phrase} ({how}){}",
            s.again,
            s.lapses,
            if f.leech { "  [leech]" } else { "" }
        )?;
    }
    Ok(())
}
