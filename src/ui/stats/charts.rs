//! The Stats screen's charts: the calendar heatmap (painted, a cell per day) and the bar charts
//! (egui_plot, fixed: no zooming or dragging). A click on a cell or a bar names what it stands for.

use eframe::egui::{self, Color32, Rect, RichText, Sense, Stroke, StrokeKind, Vec2};
use egui_plot::{Bar, BarChart, Plot, uniform_grid_spacer};

use super::super::palette::{self, Shade};
use crate::stats::DayTotal;

/// A fixed bar chart: no zooming or dragging, whole numbers on the x axis, a little room above the
/// tallest bar (`highest`). Its legend is [`legend_row`], above it, where it covers no bar.
pub fn chart<'a>(id: &'a str, x_label: &'a str, highest: f64, height: f32) -> Plot<'a> {
    Plot::new(id)
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .include_y(0.0)
        .include_y((highest * 1.1).max(4.0))
        .y_grid_spacer(uniform_grid_spacer(|input| {
            let step = count_step(input.bounds.1 - input.bounds.0);
            // The finer lines fall on whole numbers too: fifths of a 5 or 50, halves of a 2 or 20.
            let finer = if step < 2.0 {
                step
            } else if (step / 5.0).fract() == 0.0 {
                step / 5.0
            } else {
                step / 2.0
            };
            [finer, step, step * 10.0]
        }))
        .x_axis_label(x_label)
}

/// What each colour of a chart stands for, as a row of swatches above it.
pub fn legend_row(ui: &mut egui::Ui, entries: &[(&str, Shade)]) {
    ui.horizontal(|ui| {
        for (name, shade) in entries {
            let (rect, _) = ui.allocate_exact_size(Vec2::splat(10.0), Sense::hover());
            ui.painter().rect_filled(rect, 2.0, shade.in_ui(ui));
            ui.label(RichText::new(*name).weak());
            ui.add_space(8.0);
        }
    });
}

/// A round step (1, 2 or 5 times a power of ten, at least 1) that labels a count axis spanning
/// `span` about four times; egui_plot's default labels only powers of ten, which leaves an axis
/// from 0 to 60 with just its 0.
pub fn count_step(span: f64) -> f64 {
    let rough = (span / 4.0).max(1.0);
    let magnitude = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= rough)
        .unwrap_or(10.0 * magnitude)
}

/// One series of bars, at x = `first_x`, `first_x + 1`, ….
pub fn series(
    name: &str,
    values: impl Iterator<Item = f64>,
    first_x: i64,
    shade: Shade,
    ui: &egui::Ui,
) -> BarChart {
    let bars = values
        .enumerate()
        .map(|(i, v)| Bar::new((first_x + i as i64) as f64, v).width(0.8))
        .collect();
    BarChart::new(name, bars).color(shade.in_ui(ui))
}

/// Shows `plot` with `charts` stacked in order; the x clicked (rounded to a bar's), if any.
pub fn show_bars(ui: &mut egui::Ui, plot: Plot<'_>, charts: Vec<BarChart>) -> Option<i64> {
    let response = plot.show(ui, |plot_ui| {
        // Each chart stacks on the one below, whose tops are already the running sums.
        let mut below: Option<BarChart> = None;
        for chart in charts {
            let chart = match &below {
                Some(under) => chart.stack_on(&[under]),
                None => chart,
            };
            if let Some(under) = below.replace(chart) {
                plot_ui.bar_chart(under);
            }
        }
        if let Some(top) = below {
            plot_ui.bar_chart(top);
        }
    });
    if !response.response.clicked() {
        return None;
    }
    let at = response.response.interact_pointer_pos()?;
    Some(response.transform.value_from_position(at).x.round() as i64)
}

/// The colour of a day with `answers` when the busiest has `most`: five steps of green.
fn heat(answers: u32, most: u32, dark: bool) -> Color32 {
    let empty = if dark {
        Color32::from_gray(50)
    } else {
        Color32::from_gray(225)
    };
    if answers == 0 || most == 0 {
        return empty;
    }
    let step = (4 * answers).div_ceil(most).clamp(1, 4);
    let full = palette::DUE.on(dark);
    empty.lerp_to_gamma(full, 0.25 + 0.25 * step as f32)
}

/// The last year as a calendar: a column per week (Monday on top), a cell per day, today
/// outlined. `weekday_of_today` is 0 for Monday. The day clicked, as days ago, if any;
/// `describe(ago, total)` is a cell's tooltip and its name for screen readers.
pub fn heatmap(
    ui: &mut egui::Ui,
    days: &[DayTotal],
    weekday_of_today: usize,
    describe: impl Fn(usize, &DayTotal) -> String,
) -> Option<usize> {
    let most = days.iter().map(|d| d.answers).max().unwrap_or(0);
    let dark = ui.visuals().dark_mode;
    let columns = (days.len() + 6 - weekday_of_today).div_ceil(7) + 1;
    // Every column fits the width: a cell and its gap are a column's share of it.
    let step = ((ui.available_width() - 4.0) / columns as f32)
        .floor()
        .clamp(6.0, 18.0);
    let gap = (step * 0.15).round().max(1.0);
    let cell = step - gap;
    let size = Vec2::new(columns as f32 * step, 7.0 * step);
    let (area, _) = ui.allocate_exact_size(size, Sense::hover());
    let mut clicked = None;
    for (i, day) in days.iter().enumerate() {
        let ago = days.len() - 1 - i;
        // Today is in the last column, in its weekday's row.
        let from_last_monday = ago as isize - weekday_of_today as isize;
        let column = if from_last_monday <= 0 {
            columns - 1
        } else {
            columns - 1 - (from_last_monday as usize).div_ceil(7)
        };
        let row = (weekday_of_today as isize - ago as isize).rem_euclid(7) as usize;
        let min = area.min + Vec2::new(column as f32 * step, row as f32 * step);
        let rect = Rect::from_min_size(min, Vec2::splat(cell));
        let id = ui.scope_id().with(("heat", ago));
        let response = ui.interact(rect, id, Sense::click());
        let painter = ui.painter();
        painter.rect_filled(rect, 2.0, heat(day.answers, most, dark));
        if ago == 0 {
            painter.rect_stroke(
                rect,
                2.0,
                Stroke::new(1.5, ui.visuals().strong_text_color()),
                StrokeKind::Outside,
            );
        }
        // Its words are made only when asked for: by a screen reader, or when hovered.
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, describe(ago, day))
        });
        if response.clicked() {
            clicked = Some(ago);
        }
        response.on_hover_ui(|ui| {
            ui.label(describe(ago, day));
        });
    }
    clicked
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
