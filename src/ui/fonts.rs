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

/// Each family's own font (egui's Ubuntu or Hack), then the CJK font, then egui's monochrome
/// emoji and the extra emoji. The CJK font comes before the emoji fonts so that Chinese
/// punctuation (！？，) is drawn in the Chinese font, as the characters beside it are: egui's icon
/// font has full-width forms too, heavier and wider.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in [(CJK_NAME, CJK_FONT), (EMOJI_NAME, EMOJI_FONT)] {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    }
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let order = fonts.families.entry(family).or_default();
        order.insert(order.len().min(1), CJK_NAME.to_owned());
        order.push(EMOJI_NAME.to_owned());
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

/// Where the systems keep a font with the whole of Chinese, and which face of the file is the
/// Simplified Chinese one. The bundled subset holds the 3,755 common characters; a learner's own
/// deck may use rarer ones (馥芮白), which this font draws.
#[cfg(target_os = "windows")]
const SYSTEM_CJK: &[(&str, u32)] = &[
    (r"C:\Windows\Fonts\msyh.ttc", 0),
    (r"C:\Windows\Fonts\msyh.ttf", 0),
    (r"C:\Windows\Fonts\simsun.ttc", 0),
];
#[cfg(target_os = "macos")]
const SYSTEM_CJK: &[(&str, u32)] = &[
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
];
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
const SYSTEM_CJK: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
];

/// The system font file mapped into memory, not read: a full CJK collection is 20–60 MB, of which
/// only the few glyphs drawn are ever paged in.
fn map_font(path: &std::path::Path) -> Option<memmap2::Mmap> {
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    // SAFETY: a system font, which only the system's updates replace (by writing a new file and
    // renaming it over the old, which leaves this mapping intact); nothing changes it in place
    // while talkdeck runs. The mapping is only read.
    unsafe { memmap2::Mmap::map(&file) }.ok()
}

/// Adds the system's full Chinese font, when it has one, as the last fallback of every family:
/// found on a thread of its own, so start-up does not wait for it, and in use from the next frame.
/// The app calls it; the tests do not, so what they draw does not depend on the machine.
pub fn add_system_cjk(ctx: &egui::Context) {
    let ctx = ctx.clone();
    let spawned = std::thread::Builder::new()
        .name("system-font".into())
        .spawn(move || {
            let found = SYSTEM_CJK.iter().find_map(|&(path, index)| {
                Some((path, index, map_font(std::path::Path::new(path))?))
            });
            match found {
                Some((path, index, bytes)) => {
                    crate::info!(
                        name: "talkdeck.ui",
                        "{path} draws the Chinese characters the bundled font lacks"
                    );
                    let families = [FontFamily::Proportional, FontFamily::Monospace]
                        .into_iter()
                        .map(|family| egui::epaint::text::InsertFontFamily {
                            family,
                            priority: egui::epaint::text::FontPriority::Lowest,
                        })
                        .collect();
                    ctx.add_font(egui::epaint::text::FontInsert::new(
                        "system CJK",
                        FontData::from_blob(Arc::new(bytes), index),
                        families,
                    ));
                    ctx.request_repaint();
                }
                None => crate::info!(
                    name: "talkdeck.ui",
                    "no system Chinese font found: rare characters outside the bundled 4,450 show as boxes"
                ),
            }
        });
    if let Err(err) = spawned {
        crate::warning!(name: "talkdeck.ui", "the system font was not looked for: {err}");
    }
}

/// The text style of a card's cue.
pub fn cue_style() -> TextStyle {
    TextStyle::Name("cue".into())
}
