//! The light and dark looks. Dark is egui's. Light is egui's with what it lacks for reading: text
//! fields, buttons, checkboxes and radio buttons get a visible edge, and weak text (hints, labels of
//! figures) is dark enough, so that every text reaches 4.5:1 against its background (WCAG AA) and
//! every control's edge 3:1 (WCAG 1.4.11). [`contrast`] is WCAG's ratio; the tests hold the colours
//! to it.

use eframe::egui::{self, Color32, Stroke, Visuals};

/// egui's light visuals, made readable.
pub fn light() -> Visuals {
    let mut visuals = Visuals::light();
    let edge = Stroke::new(1.0, Color32::from_gray(118));
    visuals.widgets.inactive.bg_stroke = edge;
    visuals.widgets.inactive.bg_fill = Color32::WHITE;
    visuals.widgets.inactive.weak_bg_fill = Color32::from_gray(232);
    visuals.widgets.inactive.fg_stroke = Stroke::new(1.0, Color32::from_gray(40));
    visuals.widgets.noninteractive.fg_stroke = Stroke::new(1.0, Color32::from_gray(60));
    visuals.widgets.noninteractive.bg_stroke = Stroke::new(1.0, Color32::from_gray(175));
    visuals.weak_text_color = Some(Color32::from_gray(98));
    // Fields stay white; what else sits on the "extreme" colour (a progress bar's track, a
    // banner) is a shade darker than the panel, so it shows.
    visuals.text_edit_bg_color = Some(Color32::WHITE);
    visuals.extreme_bg_color = Color32::from_gray(222);
    // egui's pure red (3.8:1 on the panel) and orange are too light for text.
    visuals.error_fg_color = Color32::from_rgb(0xb0, 0x2a, 0x1e);
    visuals.warn_fg_color = Color32::from_rgb(0x9a, 0x5c, 0x00);
    visuals
}

/// Installs the light look (the dark one is egui's).
pub fn install(ctx: &egui::Context) {
    ctx.set_visuals_of(egui::Theme::Light, light());
}

/// WCAG's contrast ratio of two colours: 1 (the same) to 21 (black on white).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::palette;

    #[test]
    fn contrast_is_wcags_ratio() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.001);
        // WCAG's own example: #777777 on white is 4.48:1, just short of AA.
        assert!((contrast(Color32::from_gray(0x77), Color32::WHITE) - 4.48).abs() < 0.01);
    }

    #[test]
    fn every_light_text_reads_at_aa_and_every_control_edge_shows() {
        let v = light();
        let backgrounds = [
            ("panel", v.panel_fill),
            ("text field", v.text_edit_bg_color()),
            ("button", v.widgets.inactive.weak_bg_fill),
            ("banner", v.extreme_bg_color),
        ];
        let texts = [
            ("text", v.text_color()),
            ("weak text", v.weak_text_color()),
            ("button text", v.widgets.inactive.text_color()),
            ("red", palette::RED.light),
            ("amber", palette::AMBER.light),
            ("green", palette::GREEN.light),
            ("blue", palette::BLUE.light),
            ("magenta", palette::MAGENTA.light),
            ("grey", palette::GREY.light),
            ("error text", v.error_fg_color),
            ("warning text", v.warn_fg_color),
        ];
        for (bg_name, bg) in backgrounds {
            for (name, color) in texts {
                let ratio = contrast(color, bg);
                // The palette's colours sit on panels; plain text sits on buttons, and plain and
                // error text on banners.
                if bg_name == "button" && !matches!(name, "text" | "weak text" | "button text") {
                    continue;
                }
                if bg_name == "banner" && !matches!(name, "text" | "weak text" | "error text") {
                    continue;
                }
                assert!(ratio >= 4.5, "{name} on {bg_name}: {ratio:.2}:1");
            }
        }
        let edge = v.widgets.inactive.bg_stroke.color;
        for (name, fill) in [
            ("panel", v.panel_fill),
            ("field", v.text_edit_bg_color()),
            ("radio button", v.widgets.inactive.bg_fill),
        ] {
            let ratio = contrast(edge, fill);
            assert!(ratio >= 3.0, "control edge on {name}: {ratio:.2}:1");
        }
        assert!(
            v.widgets.inactive.bg_stroke.width >= 1.0,
            "fields and radio buttons have an edge"
        );
        // A progress bar's empty track shows against the panel.
        let track = contrast(v.extreme_bg_color, v.panel_fill);
        assert!(track >= 1.15, "the progress track: {track:.2}:1");
    }
}
