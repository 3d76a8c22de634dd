//! Stats: how much was studied and how well, what is coming, and which phrases keep failing.
//! [`StatsView::compute`] works out everything from the model without egui; [`show`] draws it.

use eframe::egui::{self, RichText};
use egui_plot::{Bar, BarChart, Corner, Legend, Plot, uniform_grid_spacer};

use super::i18n::Labels;
use super::model::Model;
use super::palette;
use crate::deck::Direction;
use crate::srs::{ItemState, Phase};
use crate::stats::{self, DayAnswers, Overview};

/// Days shown by each chart.
pub const DAYS: usize = 30;
/// An item reviewed at this interval or longer is known well (Anki calls it mature).
const WELL_KNOWN_DAYS: u32 = 21;
/// Phrases listed as failing: at most this many, each answered Again at least twice.
const STRUGGLING_LIMIT: usize = 10;

/// One phrase that keeps failing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrugglingRow {
    pub item: String,
    /// How it is asked; `None` if its id does not parse (never, for ids from the journal).
    pub direction: Option<Direction>,
    /// The card's English and Chinese (its first variant); empty if its deck is gone.
    pub en: String,
    pub zh: String,
    pub again: u32,
    pub lapses: u32,
    pub leech: bool,
}

/// Everything the Stats screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct StatsView {
    pub overview: Overview,
    /// Percent of review answers over the last 30 days that were not Again.
    pub retention_30_days: Option<f64>,
    /// Items answered at least once.
    pub started: usize,
    /// Items in review at an interval of 21 days or more.
    pub well_known: usize,
    /// Answers on each of the last 30 days, oldest first.
    pub answers: Vec<DayAnswers>,
    /// Items falling due on each of the next 30 days, today first (with the overdue).
    pub due: Vec<u32>,
    pub struggling: Vec<StrugglingRow>,
}

impl StatsView {
    pub fn compute(model: &Model, now_ms: i64) -> StatsView {
        let store = &model.store;
        let clock = store.scheduler().clock();
        let reviews = store.reviews();
        let states: Vec<&ItemState> = store.states().map(|(_, state)| state).collect();
        let leech_threshold = store.settings().leech_threshold;
        let struggling = stats::struggling(reviews, &states, 2, STRUGGLING_LIMIT)
            .into_iter()
            .map(|s| {
                let id = &store.item_ids()[s.item as usize];
                let variant = model.library.card_of(id).map(|card| card.variant(0));
                StrugglingRow {
                    item: id.to_string(),
                    direction: id.parts().map(|(_, _, direction)| direction),
                    en: variant.as_ref().map_or_else(String::new, |v| v.en.clone()),
                    zh: variant.map_or_else(String::new, |v| v.zh),
                    again: s.again,
                    lapses: s.lapses,
                    leech: states[s.item as usize].is_leech(leech_threshold),
                }
            })
            .collect();
        StatsView {
            overview: stats::overview(reviews, clock, now_ms),
            retention_30_days: stats::retention(reviews, clock, now_ms, DAYS as i32),
            started: states.iter().filter(|s| s.phase != Phase::New).count(),
            well_known: states
                .iter()
                .filter(|s| s.phase == Phase::Review && s.interval_days >= WELL_KNOWN_DAYS)
                .count(),
            answers: stats::answers_per_day(reviews, clock, now_ms, DAYS),
            due: stats::due_per_day(states.iter().copied(), clock, now_ms, DAYS),
            struggling,
        }
    }
}

pub fn show(ui: &mut egui::Ui, view: &StatsView, labels: &Labels) {
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            figures(ui, view, labels);
            ui.add_space(12.0);
            ui.label(RichText::new(labels.answers_30_days).strong());
            answers_chart(ui, &view.answers, labels);
            ui.add_space(12.0);
            ui.label(RichText::new(labels.due_30_days).strong());
            due_chart(ui, &view.due, labels);
            ui.add_space(12.0);
            struggling(ui, &view.struggling, labels);
        });
}

/// Six figures in two rows of three equal cards, which fit from the narrowest window (800 pt) to
/// the widest column.
fn figures(ui: &mut egui::Ui, view: &StatsView, labels: &Labels) {
    const PER_ROW: usize = 3;
    const MARGIN: f32 = 10.0;
    let percent = |p: Option<f64>| p.map_or_else(|| "—".to_owned(), |p| format!("{p:.0}%"));
    let cards = [
        (labels.done_today, view.overview.reviews_today.to_string()),
        (labels.streak, view.overview.streak_days.to_string()),
        (labels.retention_30_days, percent(view.retention_30_days)),
        (
            labels.total_answers,
            view.overview.total_reviews.to_string(),
        ),
        (labels.items_started, view.started.to_string()),
        (labels.well_known, view.well_known.to_string()),
    ];
    let gap = ui.spacing().item_spacing.x;
    let stroke = ui.style().visuals.widgets.noninteractive.bg_stroke.width;
    let inner = (ui.available_width() - gap * (PER_ROW - 1) as f32) / PER_ROW as f32
        - 2.0 * (MARGIN + stroke);
    for row in cards.chunks(PER_ROW) {
        ui.horizontal(|ui| {
            for (label, value) in row {
                let hint = (*label == labels.well_known).then_some(labels.well_known_hint);
                egui::Frame::group(ui.style())
                    .corner_radius(8.0)
                    .inner_margin(MARGIN)
                    .show(ui, |ui| {
                        ui.set_width(inner.floor());
                        ui.vertical(|ui| {
                            let label = ui.label(RichText::new(*label).weak());
                            if let Some(hint) = hint {
                                label.on_hover_text(hint);
                            }
                            ui.label(RichText::new(value).size(24.0).strong());
                        });
                    });
            }
        });
    }
}

/// A fixed bar chart: no zooming or dragging, whole days on the x axis, and room above the tallest
/// bar (`highest`) for the legend.
fn chart<'a>(id: &'a str, x_label: &'a str, highest: u32) -> Plot<'a> {
    Plot::new(id)
        .height(170.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .include_y(0.0)
        .include_y((f64::from(highest) * 1.45).max(4.0))
        .y_grid_spacer(uniform_grid_spacer(|input| {
            let step = count_step(input.bounds.1 - input.bounds.0);
            [
                if step >= 2.0 { step / 2.0 } else { step },
                step,
                step * 10.0,
            ]
        }))
        .x_axis_label(x_label)
        .legend(Legend::default().position(Corner::LeftTop))
}

/// A round step (1, 2 or 5 times a power of ten, at least 1) that labels a count axis spanning
/// `span` about four times; egui_plot's default labels only powers of ten, which leaves an axis
/// from 0 to 60 with just its 0.
fn count_step(span: f64) -> f64 {
    let rough = (span / 4.0).max(1.0);
    let magnitude = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= rough)
        .unwrap_or(10.0 * magnitude)
}

fn answers_chart(ui: &mut egui::Ui, answers: &[DayAnswers], labels: &Labels) {
    // x is minus the days ago, so today is on the right.
    let x = |i: usize| i as f64 - (answers.len() as f64 - 1.0);
    let bars = |value: fn(&DayAnswers) -> u32| -> Vec<Bar> {
        answers
            .iter()
            .enumerate()
            .map(|(i, day)| Bar::new(x(i), f64::from(value(day))).width(0.8))
            .collect()
    };
    let remembered = BarChart::new(labels.remembered, bars(|d| d.answered - d.again))
        .color(palette::DUE.in_ui(ui));
    let again = BarChart::new(labels.again, bars(|d| d.again))
        .color(palette::LEARNING.in_ui(ui))
        .stack_on(&[&remembered]);
    let highest = answers.iter().map(|d| d.answered).max().unwrap_or(0);
    chart("stats-answers", labels.days_ago, highest)
        .x_axis_formatter(|mark, _| format!("{}", -mark.value.round() as i64))
        .show(ui, |plot| {
            plot.bar_chart(remembered);
            plot.bar_chart(again);
        });
}

fn due_chart(ui: &mut egui::Ui, due: &[u32], labels: &Labels) {
    let bars = due
        .iter()
        .enumerate()
        .map(|(i, &n)| Bar::new(i as f64, f64::from(n)).width(0.8))
        .collect();
    let chart_bars = BarChart::new(labels.due, bars).color(palette::NEW.in_ui(ui));
    let highest = due.iter().copied().max().unwrap_or(0);
    chart("stats-due", labels.days_from_now, highest)
        .x_axis_formatter(|mark, _| format!("{}", mark.value.round() as i64))
        .show(ui, |plot| plot.bar_chart(chart_bars));
}

fn struggling(ui: &mut egui::Ui, rows: &[StrugglingRow], labels: &Labels) {
    ui.label(RichText::new(labels.keeps_failing).strong());
    if rows.is_empty() {
        ui.label(RichText::new(labels.nothing_failing).weak());
        return;
    }
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
            for row in rows {
                ui.vertical(|ui| {
                    // A minimum width, or the grid squeezes the phrase a letter per line.
                    ui.set_min_width(360.0);
                    let first = if row.en.is_empty() {
                        &row.item
                    } else {
                        &row.en
                    };
                    ui.add(egui::Label::new(RichText::new(first).size(16.0)).wrap());
                    if !row.zh.is_empty() {
                        ui.add(egui::Label::new(RichText::new(&row.zh).weak()).wrap());
                    }
                });
                ui.label(row.direction.map_or("", |d| labels.direction(d)));
                ui.label(row.again.to_string());
                ui.horizontal(|ui| {
                    ui.label(row.lapses.to_string());
                    if row.leech {
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
}

#[cfg(test)]
mod tests {
    use super::count_step;

    #[test]
    fn count_axes_get_round_steps_about_four_to_a_chart() {
        for (span, step) in [
            (0.0, 1.0),
            (4.0, 1.0),
            (6.0, 2.0),
            (64.0, 20.0),
            (150.0, 50.0),
            (900.0, 500.0),
            (1000.0, 500.0),
        ] {
            assert_eq!(count_step(span), step, "span {span}");
        }
    }
}
