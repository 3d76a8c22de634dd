//! Records made through the `log` facade arrive in talkdeck's loggers, with mapped levels, the target
//! as the logger name and the caller's location. One test: the `log` logger is process-wide.

use std::sync::Arc;

use talkdeck::logging::{self, HandlerOptions, Level, MemoryHandler};

#[test]
fn log_facade_records_arrive_with_mapped_levels_names_and_locations() {
    logging::bridge::install(log::LevelFilter::Trace).unwrap();
    assert!(
        logging::bridge::install(log::LevelFilter::Trace).is_err(),
        "installs once"
    );
    let memory = Arc::new(MemoryHandler::new(100, HandlerOptions::default()));
    let egui = logging::get_logger("egui_like");
    egui.set_level(Level::DEBUG);
    egui.add_handler(memory.clone());

    log::error!(target: "egui_like::painter", "texture {} lost", 3);
    let line = line!() - 1;
    log::warn!(target: "egui_like", "slow frame");
    log::info!(target: "egui_like::input", "key pressed");
    log::debug!(target: "egui_like", "debug detail");
    log::trace!(target: "egui_like", "trace detail");
    log::warn!(target: "unrelated", "goes to the root, not to egui_like's handler");
    egui.set_level(Level::WARNING);
    log::info!(target: "egui_like::input", "now filtered by talkdeck's level");
    assert!(!log::log_enabled!(target: "egui_like::input", log::Level::Info));

    let got: Vec<(String, Level, String)> = memory
        .snapshot()
        .iter()
        .map(|r| (r.logger.to_string(), r.level, r.message.clone()))
        .collect();
    let expected = [
        ("egui_like.painter", Level::ERROR, "texture 3 lost"),
        ("egui_like", Level::WARNING, "slow frame"),
        ("egui_like.input", Level::INFO, "key pressed"),
        ("egui_like", Level::DEBUG, "debug detail"),
        ("egui_like", Level::DEBUG, "trace detail"),
    ];
    let expected: Vec<(String, Level, String)> = expected
        .iter()
        .map(|(n, l, m)| (n.to_string(), *l, m.to_string()))
        .collect();
    assert_eq!(got, expected);
    let first = &memory.snapshot()[0];
    assert_eq!(first.location.line, line);
    assert_eq!(first.location.file_name(), "log_bridge.rs");
    assert_eq!(first.location.module_path, "log_bridge");
}
