//! The bundled fonts — a Noto Sans CJK SC subset and a Symbola emoji subset, as fallbacks after
//! egui's own fonts — and the text sizes.

use std::sync::Arc;

use eframe::egui::{self, FontData, FontDefinitions, FontFamily, FontId, TextStyle};

/// A subset of Noto Sans CJK SC (see `assets/fonts/README.md`; SIL OFL 1.1).
pub static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-talkdeck.otf");

const CJK_NAME: &str = "Noto Sans CJK SC (talkdeck subset)";

/// A subset of Symbola: the emoji faces and gestures egui's emoji fonts lack (`🙂 🤔 🤗`; see
/// `assets/fonts/README.md`; free for any use).
pub static EMOJI_FONT: &[u8] = include_bytes!("../../assets/fonts/Symbola-talkdeck.ttf");

const EMOJI_NAME: &str = "Symbola (talkdeck emoji subset)";

/// egui's fonts (with its monochrome emoji), then the CJK font, then the extra emoji, as the
/// fallbacks of every family.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in [(CJK_NAME, CJK_FONT), (EMOJI_NAME, EMOJI_FONT)] {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
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
