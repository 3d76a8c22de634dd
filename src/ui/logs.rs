//! The Logs screen: the memory handler's records, live, filtered by level, logger and text.

use std::sync::Arc;

use eframe::egui::{self, Color32, RichText};

use super::i18n::Labels;
use super::palette;
use crate::logging::{Level, MemoryHandler, OwnedRecord};

/// Which records to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogFilter {
    pub min_level: Level,
    /// A logger name: the logger itself and its children (`talkdeck.store` shows
    /// `talkdeck.store.journal` too). Empty for all.
    pub logger: String,
    /// Text the message must contain (case-insensitive). Empty for all.
    pub search: String,
    /// Show the libraries' records (winit, egui, …) below ERROR too. Off by default: their
    /// warnings are about the display or the system, not for a learner.
    pub libraries: bool,
}

impl LogFilter {
    pub fn new(min_level: Level) -> LogFilter {
        LogFilter {
            min_level,
            logger: String::new(),
            search: String::new(),
            libraries: false,
        }
    }

    pub fn matches(&self, record: &OwnedRecord) -> bool {
        if record.level < self.min_level {
            return false;
        }
        if !self.libraries && record.level < Level::ERROR && !crate::is_own_logger(&record.logger) {
            return false;
        }
        let logger = self.logger.trim();
        if !logger.is_empty() {
            let name = &*record.logger;
            let child = name
                .strip_prefix(logger)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'));
            if !child {
                return false;
            }
        }
        let search = self.search.trim();
        search.is_empty()
            || record
                .message
                .to_lowercase()
                .contains(&search.to_lowercase())
    }
}

/// The screen's state: the records read so far and which of them pass the filter.
pub struct LogsScreen {
    pub filter: LogFilter,
    records: Vec<Arc<OwnedRecord>>,
    seen: u64,
    shown: Vec<usize>,
    shown_for: Option<LogFilter>,
    capacity: usize,
}

impl LogsScreen {
    pub fn new(min_level: Level, capacity: usize) -> LogsScreen {
        LogsScreen {
            filter: LogFilter::new(min_level),
            records: Vec::new(),
            seen: 0,
            shown: Vec::new(),
            shown_for: None,
            capacity: capacity.max(1),
        }
    }

    /// Takes in the records that arrived since the last call.
    pub fn refresh(&mut self, memory: &MemoryHandler) {
        let (newer, seen) = memory.since(self.seen);
        if newer.is_empty() {
            return;
        }
        self.seen = seen;
        self.records.extend(newer);
        if self.records.len() > self.capacity {
            let excess = self.records.len() - self.capacity;
            self.records.drain(..excess);
        }
        self.shown_for = None;
    }

    /// The records that pass the filter, oldest first.
    pub fn visible(&mut self) -> Vec<&OwnedRecord> {
        let (shown, records) = self.shown();
        shown.iter().map(|&i| &*records[i]).collect()
    }

    /// The indexes of the records that pass the filter (recomputed only when the filter or the
    /// records changed), and the records.
    fn shown(&mut self) -> (&[usize], &[Arc<OwnedRecord>]) {
        self.update_shown();
        (&self.shown, &self.records)
    }

    fn update_shown(&mut self) {
        if self.shown_for.as_ref() != Some(&self.filter) {
            self.shown = (0..self.records.len())
                .filter(|&i| self.filter.matches(&self.records[i]))
                .collect();
            self.shown_for = Some(self.filter.clone());
        }
    }
}

/// The colour of a level's name.
pub fn level_color(level: Level, dark: bool) -> Color32 {
    let shade = if level >= Level::CRITICAL {
        palette::MAGENTA
    } else if level >= Level::ERROR {
        palette::RED
    } else if level >= Level::WARNING {
        palette::AMBER
    } else if level >= Level::NOTICE {
        palette::BLUE
    } else if level >= Level::INFO {
        palette::GREEN
    } else {
        palette::GREY
    };
    shade.on(dark)
}

/// Draws the screen; returns a new level when the selector changed it (the app saves it as the
/// screen log level).
pub fn show(
    ui: &mut egui::Ui,
    screen: &mut LogsScreen,
    log_file: Option<&std::path::Path>,
    labels: &Labels,
) -> Option<Level> {
    let mut changed = None;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(labels.level);
        let before = screen.filter.min_level;
        egui::ComboBox::from_id_salt("log-level")
            // One width for every level, so the fields after it stay where they are.
            .width(190.0)
            .selected_text(format!("{} {}", before.name(), labels.and_above))
            .show_ui(ui, |ui| {
                // Each offered level means "this level and above".
                for level in Level::STANDARD {
                    ui.selectable_value(&mut screen.filter.min_level, level, level.name());
                }
            })
            .response
            .labelled_by(label.id);
        if screen.filter.min_level != before {
            changed = Some(screen.filter.min_level);
        }
        let label = ui.label(labels.logger);
        ui.add(
            egui::TextEdit::singleline(&mut screen.filter.logger)
                .hint_text("talkdeck.study")
                .desired_width(160.0),
        )
        .labelled_by(label.id);
        let label = ui.label(labels.search);
        ui.add(egui::TextEdit::singleline(&mut screen.filter.search).desired_width(160.0))
            .labelled_by(label.id);
        ui.checkbox(&mut screen.filter.libraries, labels.library_records)
            .on_hover_text(labels.library_records_hint);
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{}{}", labels.log_file, labels.colon.trim_end())).weak());
        match log_file {
            Some(path) => ui.label(RichText::new(path.display().to_string()).monospace()),
            None => ui.label(labels.no_log_file),
        };
    });
    let dark = ui.visuals().dark_mode;
    let (rows, records) = screen.shown();
    let noun = if rows.len() == 1 {
        labels.record
    } else {
        labels.records
    };
    ui.label(RichText::new(format!("{} {noun}", rows.len())).weak());
    ui.separator();
    if rows.is_empty() {
        ui.label(labels.no_records);
        return changed;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Monospace) + 4.0;
    egui::ScrollArea::both()
        .auto_shrink(false)
        .stick_to_bottom(true)
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for record in rows[range].iter().map(|&i| &records[i]) {
                ui.horizontal(|ui| {
                    let time = jiff::Timestamp::try_from(record.time)
                        .map(|t| {
                            t.to_zoned(jiff::tz::TimeZone::system())
                                .strftime("%H:%M:%S%.3f")
                                .to_string()
                        })
                        .unwrap_or_default();
                    ui.label(RichText::new(time).monospace().weak());
                    ui.label(
                        RichText::new(format!("{:<9}", record.level.name()))
                            .monospace()
                            .color(level_color(record.level, dark)),
                    );
                    let logger = ui.label(
                        RichText::new(logger_column(&record.logger))
                            .monospace()
                            .weak(),
                    );
                    // What runs past its column or the window's edge, whole on hover (drawn
                    // only then: no copy of every row's text in every frame).
                    if record.logger.chars().count() > LOGGER_COLUMN {
                        logger.on_hover_ui(|ui| {
                            ui.label(&*record.logger);
                        });
                    }
                    ui.label(RichText::new(&record.message).monospace())
                        .on_hover_ui(|ui| {
                            ui.label(&record.message);
                        });
                });
            }
        });
    changed
}

/// The logger column's width in characters.
const LOGGER_COLUMN: usize = 22;

/// A logger's name as its column shows it: padded to the column, or cut with `…` so the messages
/// stay in line (a library's names run long: `winit.platform_impl.linux.x11.util.randr`).
fn logger_column(name: &str) -> String {
    if name.chars().count() > LOGGER_COLUMN {
        let kept: String = name.chars().take(LOGGER_COLUMN - 1).collect();
        format!("{kept}…")
    } else {
        format!("{name:<LOGGER_COLUMN$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logging::{HandlerOptions, Location, ThreadInfo};

    fn record(level: Level, logger: &str, message: &str) -> OwnedRecord {
        static LOCATION: Location = Location {
            module_path: "t",
            file: "t.rs",
            line: 1,
        };
        OwnedRecord {
            seq: 0,
            time: std::time::SystemTime::UNIX_EPOCH,
            level,
            logger: logger.into(),
            message: message.into(),
            location: &LOCATION,
            thread: ThreadInfo::with_current(Arc::clone),
            fields: Vec::new(),
        }
    }

    #[test]
    fn the_filter_takes_this_level_and_above_a_logger_and_its_children_and_text() {
        let mut filter = LogFilter::new(Level::NOTICE);
        assert!(!filter.matches(&record(Level::INFO, "talkdeck", "x")));
        assert!(filter.matches(&record(Level::NOTICE, "talkdeck", "x")));
        assert!(filter.matches(&record(Level::EMERGENCY, "talkdeck", "x")));
        filter.logger = "talkdeck.store".into();
        assert!(filter.matches(&record(Level::ERROR, "talkdeck.store", "x")));
        assert!(filter.matches(&record(Level::ERROR, "talkdeck.store.journal", "x")));
        assert!(!filter.matches(&record(Level::ERROR, "talkdeck.storefront", "x")));
        assert!(!filter.matches(&record(Level::ERROR, "talkdeck", "x")));
        filter.logger.clear();
        assert!(
            !filter.matches(&record(
                Level::WARNING,
                "winit.platform_impl.x11",
                "0mm display"
            )),
            "a library's warning is not for a learner"
        );
        assert!(filter.matches(&record(Level::ERROR, "egui_glow", "no GL")));
        filter.libraries = true;
        assert!(filter.matches(&record(
            Level::WARNING,
            "winit.platform_impl.x11",
            "0mm display"
        )));
        filter.logger = "talkdeck.store".into();
        filter.search = "JOURNAL".into();
        assert!(filter.matches(&record(
            Level::ERROR,
            "talkdeck.store",
            "the journal line 3"
        )));
        assert!(!filter.matches(&record(Level::ERROR, "talkdeck.store", "settings saved")));
    }

    #[test]
    fn the_screen_keeps_up_with_the_handler_and_refilters_on_change() {
        let memory = MemoryHandler::new(100, HandlerOptions::default());
        let mut screen = LogsScreen::new(Level::DEBUG, 100);
        for (level, message) in [
            (Level::DEBUG, "a"),
            (Level::WARNING, "b"),
            (Level::INFO, "c"),
        ] {
            record(level, "talkdeck", message).with_record(|r| {
                crate::logging::handle_record(&memory, r);
            });
        }
        screen.refresh(&memory);
        assert_eq!(screen.visible().len(), 3);
        screen.filter.min_level = Level::INFO;
        let messages: Vec<&str> = screen
            .visible()
            .iter()
            .map(|r| r.message.as_str())
            .collect();
        assert_eq!(messages, ["b", "c"]);
        record(Level::ERROR, "talkdeck", "d").with_record(|r| {
            crate::logging::handle_record(&memory, r);
        });
        screen.refresh(&memory);
        assert_eq!(screen.visible().len(), 3, "new records arrive");
    }

    /// Every logger name takes the same width, so the messages start in one column.
    #[test]
    fn logger_names_take_one_width() {
        for name in [
            "talkdeck",
            "talkdeck.study.session",
            "winit.platform_impl.linux.x11.util.randr",
        ] {
            assert_eq!(logger_column(name).chars().count(), LOGGER_COLUMN, "{name}");
        }
        assert_eq!(
            logger_column("winit.platform_impl.linux.x11.util.randr"),
            "winit.platform_impl.l…"
        );
        assert_eq!(logger_column("talkdeck"), format!("{:<22}", "talkdeck"));
    }
}
