//! The app's real logging set-up (`cli::start_logging`, the `log` bridge, the memory handler the Logs
//! screen reads) with the app in a harness. Its own test binary, because it configures the
//! process-wide registry and the `log` facade.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use clap::Parser;
use eframe::egui;
use egui_kittest::Harness;
use talkdeck::cli::{Cli, start_logging};
use talkdeck::deck::Library;
use talkdeck::store::{DataDir, Store};
use talkdeck::ui::{Action, Model, Screen, TalkdeckApp};

/// 2026-11-23 10:00 UTC.
const NOW: i64 = 1_795_428_000_000;

/// Runs `test` on a thread of its own and fails if it does not finish in time: a deadlock in the
/// UI fails the test instead of hanging CI.
fn within_a_minute(test: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        test();
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => thread.join().expect("the test thread"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The thread panicked: report its panic.
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("the app did not finish a frame within a minute: it is deadlocked")
        }
    }
}

#[test]
fn logging_from_a_dependency_inside_egui_s_pass_never_freezes_the_logs_screen() {
    within_a_minute(|| {
        let dir = tempfile::tempdir().unwrap();
        let cli = Cli::try_parse_from([
            "talkdeck",
            "--device",
            talkdeck::store::device_name(),
            "--data-dir",
            dir.path().to_str().unwrap(),
        ])
        .unwrap();
        let logging = start_logging(&cli, None).unwrap();
        let memory = logging
            .memory
            .clone()
            .expect("the app keeps records for Logs");
        let data = DataDir::new(dir.path());
        let model = Model {
            store: Store::open(&data, jiff::tz::TimeZone::UTC, NOW).unwrap(),
            library: Library::load(Some(&data.decks_dir())),
            memory: Arc::clone(&memory),
            log_file: Some(data.log_file()),
            file_handler: logging.file.clone(),
            clock: Arc::new(|| NOW),
            seed: 1,
            speech: talkdeck::speech::Speech::none(),
        };
        let mut model = Some(model);
        // The app is made with the harness's own context, as eframe makes it, so a handler that
        // called into that context from inside a pass would deadlock here.
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1000.0, 720.0))
            .with_context_setup(talkdeck::ui::install_fonts)
            .build_ui_state(
                |ui, state: &mut (Option<TalkdeckApp>, bool)| {
                    let (app, log_in_pass) = state;
                    // What winit and egui do: log from inside the pass, while egui holds its lock.
                    if std::mem::take(log_in_pass) {
                        ui.ctx().input(|_| {
                            log::warn!(target: "winit::platform_impl::x11", "display warning in the pass");
                            log::debug!(target: "tracing::span", "a span, many times a frame");
                        });
                    }
                    if let Some(app) = app {
                        app.frame(ui);
                    }
                },
                (None, false),
            );
        let ctx = harness.ctx.clone();
        harness.state_mut().0 = Some(TalkdeckApp::new(&ctx, model.take().unwrap()));
        harness.run();
        let app = harness.state_mut().0.as_mut().unwrap();
        app.apply(Action::Go(Screen::Logs));
        harness.run();
        for _ in 0..3 {
            harness.state_mut().1 = true;
            harness.run();
        }
        // egui's debug builds give up on a lock after 10 s and panic; the logging core catches a
        // handler's panic, so a handler that waited for egui shows up here, not as a hang.
        use talkdeck::logging::Handler;
        assert_eq!(
            memory.core().error_count(),
            0,
            "the memory handler never waited for egui's lock"
        );
        let records = memory.snapshot();
        assert!(
            records
                .iter()
                .any(|r| &*r.logger == "winit.platform_impl.x11"
                    && r.message.contains("in the pass")),
            "a dependency's WARNING reaches the Logs screen"
        );
        assert!(
            !records.iter().any(|r| r.logger.starts_with("tracing")),
            "a dependency's DEBUG chatter stays out: {:?}",
            records.iter().map(|r| &r.logger).collect::<Vec<_>>()
        );
        assert!(
            records
                .iter()
                .any(|r| r.logger.starts_with("talkdeck.")
                    && r.level == talkdeck::logging::Level::INFO),
            "talkdeck's own records are all kept"
        );
    });
}
