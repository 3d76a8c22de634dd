//! The bundled CJK font and the text sizes.

use std::sync::Arc;

use eframe::egui::{self, FontData, FontDefinitions, FontFamily, FontId, TextStyle};

/// A subset of Noto Sans CJK SC (see `assets/fonts/README.md`; SIL OFL 1.1).
pub static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-talkdeck.otf");

const CJK_NAME: &str = "Noto Sans CJK SC (talkdeck subset)";

/// egui's fonts with the CJK font as the last fallback of every family.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        CJK_NAME.to_owned(),
        Arc::new(FontData::from_static(CJK_FONT)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_NAME.to_owned());
    }
    fonts
}

/// Installs the fonts and readable text sizes; the app and the UI tests both call this.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::proportional(13.0)),
            (TextStyle::Body, FontId::proportional(16.0)),
            (TextStyle::Button, FontId::proportional(16.0)),
            (TextStyle::Heading, FontId::proportional(24.0)),
            (TextStyle::Monospace, FontId::monospace(14.0)),
            (TextStyle::Name("cue".into()), FontId::proportional(30.0)),
        ]
        .into();
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
    });
}

/// The text style of a card's cue.
pub fn cue_style() -> TextStyle {
    TextStyle::Name("cue".into())
}
