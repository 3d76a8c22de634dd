//! Drawing the Stats screen from a [`Report`]: the scope bar, the figures, the charts and tables,
//! and the list behind a clicked figure. Nothing here computes a figure.

use eframe::egui::{self, RichText};

use super::super::i18n::{Labels, counted};
use super::super::palette;
use super::charts::{self, chart, legend_row, series, show_bars};
use super::{Picked, StatsInput, StatsScreen};
use crate::srs::{Phase, Rating};
use crate::stats::{
    DeckFigure, HEATMAP_DAYS, KINDS, Passes, Period, Pick, Range, Report, STABILITY_BOUNDS,
    Standing,
};
use crate::ui::model::Model;

/// A day number's calendar date.
fn date_of(day: i32) -> jiff::civil::Date {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(day)))
        .unwrap_or(jiff::civil::date(1970, 1, 1))
}

fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| format!("{p:.0}%"))
}

fn minutes(ms: u64) -> u64 {
    ms.div_ceil(60_000)
}

fn range_label(range: Range, labels: &Labels) -> &'static str {
    match range {
        Range::Month => labels.range_month,
        Range::Quarter => labels.range_quarter,
        Range::Year => labels.range_year,
        Range::All => labels.range_all,
    }
}

fn kind_label(kind: Phase, labels: &Labels) -> &'static str {
    match kind {
        Phase::New => labels.new,
        Phase::Learning => labels.learning,
        Phase::Review => labels.kind_review,
        Phase::Relearning => labels.kind_relearning,
    }
}

fn kind_shade(kind: Phase) -> palette::Shade {
    match kind {
        Phase::New => palette::NEW,
        Phase::Learning => palette::LEARNING,
        Phase::Review => palette::DUE,
        Phase::Relearning => palette::AMBER,
    }
}

fn standing_label(standing: Standing, labels: &Labels) -> &'static str {
    match standing {
        Standing::New => labels.new,
        Standing::Learning => labels.learning,
        Standing::Relearning => labels.kind_relearning,
        Standing::Young => labels.young,
        Standing::Mature => labels.mature,
        Standing::Suspended => labels.suspended,
    }
}

fn period_label(period: Period, labels: &Labels) -> &'static str {
    match period {
        Period::Today => labels.period_today,
        Period::Yesterday => labels.period_yesterday,
        Period::Week => labels.period_week,
        Period::Month => labels.period_month,
        Period::Year => labels.period_year,
    }
}

/// A number that lists its phrases when clicked (plain text when there are none).
fn count_link(
    ui: &mut egui::Ui,
    text: String,
    n: u32,
    pick: Pick,
    title: String,
) -> Option<StatsInput> {
    if n == 0 {
        ui.label(text);
        return None;
    }
    ui.link(text)
        .clicked()
        .then_some(StatsInput::Pick(pick, title))
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(14.0);
    ui.label(RichText::new(text).strong().size(16.0));
}

pub fn show(
    ui: &mut egui::Ui,
    screen: &mut StatsScreen,
    model: &Model,
    labels: &Labels,
) -> Option<StatsInput> {
    let mut input = scope_bar(ui, screen, model, labels);
    let report = screen.report(ui.ctx(), model);
    let Some(report) = report else {
        // No spinner: it would repaint every frame; the worker wakes the window when it is done.
        ui.label(RichText::new(labels.working_out).weak());
        return input;
    };
    if let Some(picked) = &screen.picked {
        // A window of its own, so it is in view wherever the figure clicked was.
        egui::Window::new(format!(
            "{} · {}",
            picked.title,
            counted(labels.picked, labels.picked, picked.rows.len())
        ))
        .anchor(egui::Align2::RIGHT_TOP, [-12.0, 60.0])
        .collapsible(false)
        .resizable(false)
        .default_width(520.0)
        .show(ui.ctx(), |ui| {
            if let Some(i) = picked_list(ui, picked, labels) {
                input = Some(i);
            }
        });
    }
    // A scroll position of its own, not the one another screen left.
    egui::ScrollArea::vertical()
        .id_salt("stats")
        .auto_shrink(false)
        .show(ui, |ui| {
            if report.headline.total_answers == 0 {
                ui.add_space(8.0);
                ui.label(RichText::new(labels.stats_empty).size(16.0));
            }
            figures(ui, &report, labels);
            ui.label(RichText::new(labels.click_to_list).weak());
            let mut parts: Vec<Option<StatsInput>> = vec![
                calendar(ui, &report, labels),
                per_day(ui, &report, screen.minutes, labels),
                due_ahead(ui, &report, labels),
                states(ui, &report, labels),
                retention(ui, &report, labels),
                buttons(ui, &report, labels),
                hours(ui, &report, labels),
                memory(ui, &report, labels),
                decks(ui, &report, labels),
            ];
            parts.push(struggling(ui, screen, model, &report, labels));
            if let Some(i) = parts.into_iter().flatten().next() {
                input = Some(i);
            }
        });
    input
}

/// The deck filter and the range.
fn scope_bar(
    ui: &mut egui::Ui,
    screen: &StatsScreen,
    model: &Model,
    labels: &Labels,
) -> Option<StatsInput> {
    let mut input = None;
    let chinese = labels.nav_home == super::super::i18n::ZH.nav_home;
    ui.horizontal(|ui| {
        let chosen = &screen.scope.decks;
        let title = match chosen.as_slice() {
            [] => labels.every_deck.to_owned(),
            [one] => model.library.deck(one).map_or_else(
                || one.clone(),
                |d| {
                    if chinese && !d.name_zh.is_empty() {
                        d.name_zh.clone()
                    } else {
                        d.name.clone()
                    }
                },
            ),
            many => labels.decks_chosen.replace("{n}", &many.len().to_string()),
        };
        // Several decks can be ticked before the menu is closed (a click outside it).
        let menu = egui::containers::menu::MenuButton::new(format!("{title} ⏷")).config(
            egui::containers::menu::MenuConfig::new()
                .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside),
        );
        menu.ui(ui, |ui| {
            if ui.radio(chosen.is_empty(), labels.every_deck).clicked() {
                input = Some(StatsInput::AllDecks);
            }
            ui.separator();
            for (_, deck) in &model.library.decks {
                let name = if chinese && !deck.name_zh.is_empty() {
                    &deck.name_zh
                } else {
                    &deck.name
                };
                let mut on = chosen.contains(&deck.id);
                if ui.checkbox(&mut on, name).changed() {
                    input = Some(StatsInput::ToggleDeck(deck.id.clone()));
                }
            }
        });
        ui.separator();
        for range in Range::ALL {
            if ui
                .selectable_label(screen.scope.range == range, range_label(range, labels))
                .clicked()
            {
                input = Some(StatsInput::SetRange(range));
            }
        }
        if screen.is_working() {
            ui.label(RichText::new(labels.working_out).weak());
        }
    });
    input
}

/// Six figures in two rows of three equal cards, which fit from the narrowest window (800 pt) to
/// the widest column.
fn figures(ui: &mut egui::Ui, report: &Report, labels: &Labels) {
    const PER_ROW: usize = 3;
    const MARGIN: f32 = 10.0;
    let h = &report.headline;
    let started = report.counts.total() - report.counts.new;
    let cards: [(&str, String, String, Option<&str>); 6] = [
        (
            labels.done_today,
            h.answers_today.to_string(),
            labels
                .minutes
                .replace("{n}", &minutes(h.ms_today).to_string()),
            None,
        ),
        (
            labels.streak,
            h.streak_days.to_string(),
            labels
                .streak_longest
                .replace("{n}", &h.longest_streak_days.to_string()),
            None,
        ),
        (
            labels.retention_30_days,
            percent(h.retention_month),
            String::new(),
            Some(labels.retention_hint),
        ),
        (
            labels.recall_now,
            format!("{:.0}", report.memory.recall_now),
            format!("/ {started}"),
            Some(labels.recall_now_hint),
        ),
        (
            labels.total_answers,
            h.total_answers.to_string(),
            String::new(),
            None,
        ),
        (
            labels.well_known,
            report.counts.mature.to_string(),
            String::new(),
            Some(labels.well_known_hint),
        ),
    ];
    let gap = ui.spacing().item_spacing.x;
    let stroke = ui.style().visuals.widgets.noninteractive.bg_stroke.width;
    let inner = (ui.available_width() - gap * (PER_ROW - 1) as f32) / PER_ROW as f32
        - 2.0 * (MARGIN + stroke);
    for row in cards.chunks(PER_ROW) {
        ui.horizontal(|ui| {
            for (label, value, small, hint) in row {
                egui::Frame::group(ui.style())
                    .corner_radius(8.0)
                    .inner_margin(MARGIN)
                    .show(ui, |ui| {
                        ui.set_width(inner.floor());
                        ui.vertical(|ui| {
                            let label = ui.label(RichText::new(*label).weak());
                            if let Some(hint) = hint {
                                label.on_hover_text(*hint);
                            }
                            ui.horizontal(|ui| {
                                ui.label(RichText::new(value).size(24.0).strong());
                                if !small.is_empty() {
                                    ui.label(RichText::new(small).weak());
                                }
                            });
                        });
                    });
            }
        });
    }
}

fn calendar(ui: &mut egui::Ui, report: &Report, labels: &Labels) -> Option<StatsInput> {
    heading(ui, labels.calendar);
    let today = date_of(report.today);
    let weekday = today.weekday().to_monday_zero_offset() as usize;
    let describe = |ago: usize, day: &crate::stats::DayTotal| {
        labels
            .calendar_day
            .replace("{date}", &date_of(report.today - ago as i32).to_string())
            .replace("{n}", &day.answers.to_string())
            .replace("{m}", &minutes(day.ms).to_string())
    };
    let clicked = charts::heatmap(ui, &report.heatmap, weekday, describe)?;
    let total = report.heatmap[HEATMAP_DAYS - 1 - clicked];
    (total.answers > 0).then(|| {
        StatsInput::Pick(
            Pick::AnsweredOn(report.today - clicked as i32),
            describe(clicked, &total),
        )
    })
}

fn per_day(
    ui: &mut egui::Ui,
    report: &Report,
    minutes_shown: bool,
    labels: &Labels,
) -> Option<StatsInput> {
    let mut input = None;
    ui.add_space(14.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(labels.answers_per_day).strong().size(16.0));
        if ui
            .selectable_label(!minutes_shown, labels.show_answers)
            .clicked()
        {
            input = Some(StatsInput::ShowMinutes(false));
        }
        if ui
            .selectable_label(minutes_shown, labels.show_minutes)
            .clicked()
        {
            input = Some(StatsInput::ShowMinutes(true));
        }
    });
    let days = report.per_day.len();
    let value = |d: &crate::stats::DayKinds, k: usize| {
        if minutes_shown {
            d.ms[k] as f64 / 60_000.0
        } else {
            f64::from(d.answers[k])
        }
    };
    let highest = report
        .per_day
        .iter()
        .map(|d| (0..4).map(|k| value(d, k)).sum::<f64>())
        .fold(0.0, f64::max);
    let charts = KINDS
        .iter()
        .enumerate()
        .map(|(k, &kind)| {
            series(
                kind_label(kind, labels),
                report.per_day.iter().map(|d| value(d, k)),
                1 - days as i64,
                kind_shade(kind),
                ui,
            )
        })
        .collect();
    let entries: Vec<(&str, palette::Shade)> = KINDS
        .iter()
        .map(|&kind| (kind_label(kind, labels), kind_shade(kind)))
        .collect();
    legend_row(ui, &entries);
    // x is minus the days ago: today is 0, on the right.
    let today = labels.period_today;
    let plot = chart("stats-per-day", labels.days_ago, highest, 170.0)
        .x_axis_formatter(move |mark, _| day_mark(-mark.value.round() as i64, today));
    if let Some(x) = show_bars(ui, plot, charts)
        && let Some(d) = usize::try_from(x + days as i64 - 1)
            .ok()
            .and_then(|i| report.per_day.get(i))
    {
        let day = report.today + x as i32;
        let answers: u32 = d.answers.iter().sum();
        if answers > 0 {
            input = Some(StatsInput::Pick(
                Pick::AnsweredOn(day),
                answers_on(labels, day, answers),
            ));
        }
    }
    input
}

/// An axis mark of days from today (either way): "today" at 0, the count elsewhere.
fn day_mark(days: i64, today: &str) -> String {
    match days {
        0 => today.to_owned(),
        n if n < 0 => String::new(),
        n => n.to_string(),
    }
}

/// "2026-11-30: 106 answers": what a day's bar or cell stands for.
fn answers_on(labels: &Labels, day: i32, answers: u32) -> String {
    labels
        .answers_on
        .replace("{date}", &date_of(day).to_string())
        .replace("{n}", &answers.to_string())
}

fn due_ahead(ui: &mut egui::Ui, report: &Report, labels: &Labels) -> Option<StatsInput> {
    heading(ui, labels.due_ahead);
    let highest = report.due.iter().copied().max().unwrap_or(0);
    // x is the days from today: the backlog at -1, today at 0.
    let overdue = series(
        labels.overdue,
        report
            .due
            .iter()
            .enumerate()
            .map(|(i, &n)| if i == 0 { f64::from(n) } else { 0.0 }),
        -1,
        palette::LEARNING,
        ui,
    );
    let due = series(
        labels.due,
        report
            .due
            .iter()
            .enumerate()
            .map(|(i, &n)| if i == 0 { 0.0 } else { f64::from(n) }),
        -1,
        palette::NEW,
        ui,
    );
    legend_row(
        ui,
        &[
            (labels.overdue, palette::LEARNING),
            (labels.due, palette::NEW),
        ],
    );
    let today = labels.period_today;
    let plot = chart("stats-due", labels.days_from_now, f64::from(highest), 170.0)
        .x_axis_formatter(move |mark, _| day_mark(mark.value.round() as i64, today));
    let slot = usize::try_from(show_bars(ui, plot, vec![overdue, due])? + 1).ok()?;
    let n = *report.due.get(slot)?;
    let title = if slot == 0 {
        labels.overdue.to_owned()
    } else {
        date_of(report.today + slot as i32 - 1).to_string()
    };
    let title = format!(
        "{title}: {}",
        labels.due_count.replace("{n}", &n.to_string())
    );
    (n > 0).then_some(StatsInput::Pick(Pick::Due(slot), title))
}

fn states(ui: &mut egui::Ui, report: &Report, labels: &Labels) -> Option<StatsInput> {
    heading(ui, labels.by_state);
    let mut input = None;
    egui::Grid::new("stats-states")
        .num_columns(7)
        .spacing([28.0, 6.0])
        .show(ui, |ui| {
            for standing in Standing::ALL {
                ui.label(RichText::new(standing_label(standing, labels)).weak());
            }
            ui.label(RichText::new(labels.leeches).weak())
                .on_hover_text(labels.leech_hint);
            ui.end_row();
            for standing in Standing::ALL {
                let n = report.counts.of(standing);
                let title = standing_label(standing, labels).to_owned();
                if let Some(i) = count_link(ui, n.to_string(), n, Pick::Standing(standing), title) {
                    input = Some(i);
                }
            }
            let n = report.counts.leeches;
            if let Some(i) = count_link(
                ui,
                n.to_string(),
                n,
                Pick::Leeches,
                labels.leeches.to_owned(),
            ) {
                input = Some(i);
            }
            ui.end_row();
        });
    input
}

/// A cell of the true retention table: the percent, and how many reviews, as a link.
fn passes_cell(
    ui: &mut egui::Ui,
    p: Passes,
    pick: Option<Pick>,
    title: String,
) -> Option<StatsInput> {
    let text = match p.percent() {
        Some(percent) => format!("{percent:.0}%  ({})", p.total()),
        None => "—".to_owned(),
    };
    match pick {
        Some(pick) => count_link(ui, text, p.total(), pick, title),
        None => {
            ui.label(text);
            None
        }
    }
}

fn retention(ui: &mut egui::Ui, report: &Report, labels: &Labels) -> Option<StatsInput> {
    heading(ui, labels.true_retention);
    ui.label(RichText::new(labels.true_retention_hint).weak());
    let mut input = None;
    egui::Grid::new("stats-retention")
        .striped(true)
        .num_columns(4)
        .spacing([36.0, 6.0])
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new(labels.young).strong());
            ui.label(RichText::new(labels.mature).strong());
            ui.label(RichText::new(labels.all_reviews).strong());
            ui.end_row();
            for row in &report.retention {
                let name = period_label(row.period, labels);
                ui.label(name);
                for (passes, mature, kind) in [
                    (row.young, false, labels.young),
                    (row.mature, true, labels.mature),
                ] {
                    let pick = Pick::Retention {
                        period: row.period,
                        mature: Some(mature),
                    };
                    let title = format!(
                        "{name} · {kind}: {}",
                        labels
                            .reviews_count
                            .replace("{n}", &passes.total().to_string())
                    );
                    if let Some(i) = passes_cell(ui, passes, Some(pick), title) {
                        input = Some(i);
                    }
                }
                let all = Pick::Retention {
                    period: row.period,
                    mature: None,
                };
                let title = format!(
                    "{name}: {}",
                    labels
                        .reviews_count
                        .replace("{n}", &row.total().total().to_string())
                );
                if let Some(i) = passes_cell(ui, row.total(), Some(all), title) {
                    input = Some(i);
                }
                ui.end_row();
            }
        });
    input
}

fn buttons(ui: &mut egui::Ui, report: &Report, labels: &Labels) -> Option<StatsInput> {
    heading(ui, labels.answer_buttons);
    let mut input = None;
    egui::Grid::new("stats-buttons")
        .striped(true)
        .num_columns(6)
        .spacing([28.0, 6.0])
        .show(ui, |ui| {
            ui.label("");
            for rating in Rating::ALL {
                ui.label(RichText::new(labels.rating(rating)).strong());
            }
            ui.label(RichText::new(labels.remembered_share).strong());
            ui.end_row();
            for (k, &kind) in KINDS.iter().enumerate() {
                let row = report.buttons[k];
                ui.label(kind_label(kind, labels));
                for rating in Rating::ALL {
                    let n = row[rating.number() as usize - 1];
                    let title = format!(
                        "{} · {}: {}",
                        kind_label(kind, labels),
                        labels.rating(rating),
                        labels.answers_count.replace("{n}", &n.to_string())
                    );
                    if let Some(i) = count_link(
                        ui,
                        n.to_string(),
                        n,
                        Pick::Button { kind: k, rating },
                        title,
                    ) {
                        input = Some(i);
                    }
                }
                let all: u32 = row.iter().sum();
                let kept = Passes {
                    passed: all - row[0],
                    failed: row[0],
                };
                ui.label(percent(kept.percent()));
                ui.end_row();
            }
        });
    input
}

fn hours(ui: &mut egui::Ui, report: &Report, labels: &Labels) -> Option<StatsInput> {
    heading(ui, labels.by_hour);
    let highest = report.hours.iter().map(|h| h.answers).max().unwrap_or(0);
    let remembered = series(
        labels.remembered,
        report.hours.iter().map(|h| f64::from(h.answers - h.again)),
        0,
        palette::DUE,
        ui,
    );
    let again = series(
        labels.again,
        report.hours.iter().map(|h| f64::from(h.again)),
        0,
        palette::LEARNING,
        ui,
    );
    legend_row(
        ui,
        &[
            (labels.remembered, palette::DUE),
            (labels.again, palette::LEARNING),
        ],
    );
    let plot = chart("stats-hours", labels.hour_of_day, f64::from(highest), 150.0)
        .x_axis_formatter(|mark, _| format!("{}", mark.value.round() as i64));
    let x = show_bars(ui, plot, vec![remembered, again])?;
    let hour = u8::try_from(x).ok().filter(|h| *h < 24)?;
    let answers = report.hours[usize::from(hour)].answers;
    (answers > 0).then(|| {
        let n = labels.answers_count.replace("{n}", &answers.to_string());
        StatsInput::Pick(Pick::Hour(hour), format!("{hour}:00–{hour}:59: {n}"))
    })
}

/// One of the memory charts: its title, bars, the bars' names, what a click picks, its colour.
type MemoryChart<'a> = (
    &'a str,
    &'a [u32],
    &'a [String],
    fn(usize) -> Pick,
    palette::Shade,
);

fn memory(ui: &mut egui::Ui, report: &Report, labels: &Labels) -> Option<StatsInput> {
    heading(ui, labels.memory_model);
    let m = &report.memory;
    let mut input = None;
    let width = (ui.available_width() - 2.0 * ui.spacing().item_spacing.x) / 3.0;
    ui.horizontal(|ui| {
        // Tenths, named as ranges (the axis shows where each starts).
        let tenths: Vec<String> = (0..10)
            .map(|i| format!("{}–{}%", i * 10, i * 10 + 10))
            .collect();
        let difficulty_names = tenths.clone();
        let stability_names: Vec<String> = STABILITY_BOUNDS
            .iter()
            .scan(0.0f32, |from, &to| {
                let name = if to.is_finite() {
                    format!("{}–{}", from, to)
                } else {
                    format!("{from}+")
                };
                *from = to;
                Some(name)
            })
            .collect();
        let retrievability_names = tenths;
        let parts: [MemoryChart<'_>; 3] = [
            (
                labels.difficulty,
                &m.difficulty,
                &difficulty_names,
                Pick::Difficulty,
                palette::AMBER,
            ),
            (
                labels.stability,
                &m.stability,
                &stability_names,
                Pick::Stability,
                palette::BLUE,
            ),
            (
                labels.recall_chance,
                &m.retrievability,
                &retrievability_names,
                Pick::Retrievability,
                palette::DUE,
            ),
        ];
        for (title, values, names, pick, shade) in parts {
            ui.vertical(|ui| {
                ui.set_width(width);
                ui.label(RichText::new(title).weak());
                let highest = values.iter().copied().max().unwrap_or(0);
                let bars = series(title, values.iter().map(|&v| f64::from(v)), 0, shade, ui);
                // A bar's tooltip names its range, not only its count.
                let bar_names = names.to_vec();
                let bars = bars.element_formatter(Box::new(move |bar, _| {
                    let name = bar_names
                        .get(bar.argument.round().max(0.0) as usize)
                        .cloned()
                        .unwrap_or_default();
                    format!("{name}: {}", bar.value)
                }));
                // The axis has room for where each bar starts only.
                let axis_names: Vec<String> = names
                    .iter()
                    .map(|n| {
                        n.split('–')
                            .next()
                            .unwrap_or(n)
                            .trim_end_matches('+')
                            .to_owned()
                    })
                    .collect();
                let plot = chart(title, "", f64::from(highest), 130.0)
                    .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [2.0, 4.0, 10.0]))
                    .x_axis_formatter(move |mark, _| {
                        axis_names
                            .get(mark.value.round().max(0.0) as usize)
                            .cloned()
                            .unwrap_or_default()
                    });
                if let Some(x) = show_bars(ui, plot, vec![bars])
                    && let Ok(i) = usize::try_from(x)
                    && values.get(i).is_some_and(|&n| n > 0)
                {
                    let range = names.get(i).cloned().unwrap_or_default();
                    input = Some(StatsInput::Pick(pick(i), format!("{title} {range}")));
                }
            });
        }
    });
    input
}

fn decks(ui: &mut egui::Ui, report: &Report, labels: &Labels) -> Option<StatsInput> {
    heading(ui, labels.per_deck);
    let mut input = None;
    let chinese = labels.nav_home == super::super::i18n::ZH.nav_home;
    egui::Grid::new("stats-decks")
        .striped(true)
        .num_columns(7)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            for title in [
                labels.deck,
                labels.cards,
                labels.seen,
                labels.mature,
                labels.retention_30_days,
                labels.due_today,
                labels.due_tomorrow,
            ] {
                ui.label(RichText::new(title).strong());
            }
            ui.end_row();
            for line in &report.decks {
                let name = if chinese && !line.name_zh.is_empty() {
                    &line.name_zh
                } else {
                    &line.name
                };
                ui.label(name);
                ui.label(line.cards.to_string());
                let deck = line.index;
                let title = |what: &str| format!("{name} · {what}");
                let cell = |ui: &mut egui::Ui, text: String, n: u32, figure, what: &str| {
                    count_link(ui, text, n, Pick::Deck { deck, figure }, title(what))
                };
                let seen = format!("{} / {}", line.seen, line.items);
                let picks = [
                    cell(ui, seen, line.seen, DeckFigure::Seen, labels.seen),
                    cell(
                        ui,
                        percent(line.mature_percent()),
                        line.mature,
                        DeckFigure::Mature,
                        labels.mature,
                    ),
                ];
                ui.label(percent(line.retention.percent()));
                let due = [
                    cell(
                        ui,
                        line.due_today.to_string(),
                        line.due_today,
                        DeckFigure::DueToday,
                        labels.due_today,
                    ),
                    cell(
                        ui,
                        line.due_tomorrow.to_string(),
                        line.due_tomorrow,
                        DeckFigure::DueTomorrow,
                        labels.due_tomorrow,
                    ),
                ];
                if let Some(i) = picks.into_iter().chain(due).flatten().next() {
                    input = Some(i);
                }
                ui.end_row();
            }
        });
    input
}

/// The phrases behind the figure clicked, with what can be done with them.
fn picked_list(ui: &mut egui::Ui, picked: &Picked, labels: &Labels) -> Option<StatsInput> {
    let mut input = None;
    ui.horizontal(|ui| {
        if ui
            .button(labels.study_these)
            .on_hover_text(labels.study_these_hint)
            .clicked()
        {
            input = Some(StatsInput::StudyPicked);
        }
        if ui.button(labels.close).clicked() {
            input = Some(StatsInput::ClosePick);
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("stats-picked")
        .max_height(360.0)
        .show(ui, |ui| {
            egui::Grid::new("stats-picked-rows")
                .striped(true)
                .num_columns(3)
                .spacing([18.0, 4.0])
                .show(ui, |ui| {
                    for row in &picked.rows {
                        ui.vertical(|ui| {
                            ui.set_min_width(320.0);
                            let en = if row.en.is_empty() {
                                row.item.as_str()
                            } else {
                                &row.en
                            };
                            ui.add(egui::Label::new(en).wrap());
                            if !row.zh.is_empty() {
                                ui.add(egui::Label::new(RichText::new(&row.zh).weak()).wrap());
                            }
                        });
                        ui.label(row.direction.map_or("", |d| labels.direction(d)));
                        if row.editable && ui.small_button(labels.edit).clicked() {
                            input = Some(StatsInput::Edit(row.item.clone()));
                        }
                        ui.end_row();
                    }
                });
        });
    input
}

fn struggling(
    ui: &mut egui::Ui,
    screen: &StatsScreen,
    model: &Model,
    report: &Report,
    labels: &Labels,
) -> Option<StatsInput> {
    ui.add_space(14.0);
    let mut input = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(labels.keeps_failing).strong().size(16.0));
        if !report.struggling.is_empty() && ui.link(labels.list_them).clicked() {
            input = Some(StatsInput::Pick(
                Pick::Struggling,
                labels.keeps_failing.to_owned(),
            ));
        }
    });
    if report.struggling.is_empty() {
        ui.label(RichText::new(labels.nothing_failing).weak());
        return None;
    }
    let facts = screen.facts()?;
    egui::Grid::new("struggling")
        .striped(true)
        .num_columns(4)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            ui.label(RichText::new(labels.phrase).strong());
            ui.label(RichText::new(labels.asked_as).strong());
            ui.label(RichText::new(labels.again).strong());
            ui.label(RichText::new(labels.lapses).strong());
            ui.end_row();
            for s in &report.struggling {
                let Some(item) = facts.items.get(s.item as usize) else {
                    continue;
                };
                let variant = model.library.card_of(&item.id).map(|card| card.variant(0));
                ui.vertical(|ui| {
                    // A minimum width, or the grid squeezes the phrase a letter per line.
                    ui.set_min_width(360.0);
                    let (en, zh) = variant
                        .map_or_else(|| (item.id.to_string(), String::new()), |v| (v.en, v.zh));
                    ui.add(egui::Label::new(RichText::new(en).size(16.0)).wrap());
                    if !zh.is_empty() {
                        ui.add(egui::Label::new(RichText::new(zh).weak()).wrap());
                    }
                });
                ui.label(item.id.parts().map_or("", |(_, _, d)| labels.direction(d)));
                ui.label(s.again.to_string());
                ui.horizontal(|ui| {
                    ui.label(s.lapses.to_string());
                    if item.state.is_leech(facts.leech_threshold) {
                        ui.label(
                            RichText::new(labels.leech)
                                .color(ui.visuals().error_fg_color)
                                .strong(),
                        )
                        .on_hover_text(labels.leech_hint);
                    }
                });
                ui.end_row();
            }
        });
    input
}
