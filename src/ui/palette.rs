//! The app's few colours, each in a shade for light and one for dark backgrounds. Levels, grades and
//! card counts share them: red is Again, ERROR and learning; green is Good, INFO and due.

use eframe::egui::{Color32, Ui};

/// One colour in its two shades.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shade {
    pub light: Color32,
    pub dark: Color32,
}

impl Shade {
    /// The shade for a dark (`true`) or light background.
    pub fn on(self, dark: bool) -> Color32 {
        if dark { self.dark } else { self.light }
    }

    /// The shade for `ui`'s theme.
    pub fn in_ui(self, ui: &Ui) -> Color32 {
        self.on(ui.visuals().dark_mode)
    }
}

pub const RED: Shade = Shade {
    light: Color32::from_rgb(0xc0, 0x39, 0x2b),
    dark: Color32::from_rgb(0xff, 0x7b, 0x6b),
};
pub const AMBER: Shade = Shade {
    light: Color32::from_rgb(0x9a, 0x5c, 0x00),
    dark: Color32::from_rgb(0xf5, 0xb0, 0x41),
};
pub const GREEN: Shade = Shade {
    light: Color32::from_rgb(0x18, 0x78, 0x41),
    dark: Color32::from_rgb(0x6b, 0xd4, 0x8f),
};
pub const BLUE: Shade = Shade {
    light: Color32::from_rgb(0x1f, 0x6f, 0xb5),
    dark: Color32::from_rgb(0x7a, 0xb8, 0xf5),
};
pub const MAGENTA: Shade = Shade {
    light: Color32::from_rgb(0x9b, 0x00, 0x5f),
    dark: Color32::from_rgb(0xff, 0x6b, 0xc4),
};
pub const GREY: Shade = Shade {
    light: Color32::from_gray(110),
    dark: Color32::from_gray(150),
};

/// Card counts and states: new, learning, due.
pub const NEW: Shade = BLUE;
pub const LEARNING: Shade = RED;
pub const DUE: Shade = GREEN;
