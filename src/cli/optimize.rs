//! `talkdeck optimize`: fits the learner's own FSRS parameters to their answers (`srs::fit`),
//! prints how well the parameters in use and the fitted ones predict those answers, and puts the
//! fitted ones in use — a journal entry, `Store::set_parameters` — only when they predict better.
//! `--dry-run` opens the folder to read and writes nothing.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use jiff::tz::TimeZone;

use crate::srs::{Evaluation, Fit, Progress, fit};
use crate::store::{DataDir, Fitted, LoadedSettings, LockError, OpenError, OpenOptions};

/// Fits, prints the comparison to `out`, and keeps the fitted parameters when they are better
/// (unless `dry_run`). `now_ms` is when the entry is written.
pub fn optimize(
    data: &DataDir,
    settings: LoadedSettings,
    dry_run: bool,
    now_ms: i64,
    out: &mut dyn Write,
) -> Result<(), String> {
    let options = if dry_run {
        OpenOptions::read()
    } else {
        OpenOptions::study()
    };
    let mut store = options
        .settings(settings)
        .open(data, TimeZone::system(), now_ms)
        .map_err(|err| match err {
            OpenError::Lock(LockError::InUse { .. } | LockError::NotAFolder { .. }) => {
                err.to_string()
            }
            other if !dry_run => format!(
                "fitted parameters could not be saved, so nothing is fitted (--dry-run fits \
                 without saving): {other}"
            ),
            other => other.to_string(),
        })?;
    let set = store.training_set();
    let in_use = store.fitted().cloned();
    let io_err = |e: std::io::Error| e.to_string();
    writeln!(
        out,
        "fitting your memory model to {} of your {} answers (those given a day or more after the \
         card's previous answer)",
        set.len(),
        set.answers()
    )
    .map_err(io_err)?;
    let current = in_use.as_ref().map(|f| f.parameters.as_slice());
    let result = fit_showing_progress(|progress| fit(&set, current, progress));
    let fit = result.map_err(|err| err.to_string())?;
    writeln!(out, "{:<28} {:>9} {:>8}", "", "log loss", "RMSE").map_err(io_err)?;
    let row = |label: &str, e: &Evaluation| {
        format!("{label:<28} {:>9.4} {:>7.2}%", e.log_loss, e.rmse * 100.0)
    };
    writeln!(out, "{}", row(&in_use_label(in_use.as_ref()), &fit.current)).map_err(io_err)?;
    writeln!(out, "{}", row("fitted now", &fit.fitted)).map_err(io_err)?;
    writeln!(out, "{}", verdict(&fit, dry_run)).map_err(io_err)?;
    if fit.keep() && !dry_run {
        store
            .set_parameters(&fit, now_ms)
            .map_err(|err| format!("the fitted parameters were not saved: {err}"))?;
    } else {
        crate::notice!(
            name: "talkdeck.cli",
            reviews = fit.reviews, log_loss = fit.fitted.log_loss,
            log_loss_in_use = fit.current.log_loss, dry_run = dry_run;
            "FSRS parameters fitted to {} answers {}: log loss {:.4}, the parameters in use {:.4}",
            fit.reviews,
            if fit.keep() { "not saved (a dry run)" } else { "not kept" },
            fit.fitted.log_loss, fit.current.log_loss
        );
    }
    if let Err(err) = store.save_snapshot() {
        crate::warning!(name: "talkdeck.cli", "snapshot not saved: {err}");
    }
    Ok(())
}

/// `in use (defaults)` or `in use (fitted 2026-03-01)`.
fn in_use_label(fitted: Option<&Fitted>) -> String {
    match fitted {
        None => "in use (the defaults)".to_owned(),
        Some(fitted) => {
            let date = jiff::Timestamp::from_millisecond(fitted.at)
                .map(|t| t.to_zoned(TimeZone::system()).date().to_string())
                .unwrap_or_else(|_| fitted.id.clone());
            format!("in use (fitted {date})")
        }
    }
}

fn verdict(fit: &Fit, dry_run: bool) -> &'static str {
    match (fit.keep(), dry_run) {
        (true, false) => {
            "kept: the fitted parameters predict your answers better, and every card is \
             rescheduled under them"
        }
        (true, true) => {
            "would be kept: the fitted parameters predict your answers better (a dry run: nothing \
             saved)"
        }
        (false, _) => "not kept: the parameters in use predict your answers as well or better",
    }
}

/// Runs `work` on a thread of its own, showing its progress on stderr when that is a terminal.
fn fit_showing_progress<T: Send>(work: impl FnOnce(&Progress) -> T + Send) -> T {
    let progress = Progress::default();
    let show = std::io::stderr().is_terminal();
    std::thread::scope(|scope| {
        let running = scope.spawn(|| work(&progress));
        while show && !running.is_finished() {
            eprint!("\rfitting… {:>3}%", progress.per_mille() / 10);
            std::thread::sleep(Duration::from_millis(100));
        }
        if show {
            eprint!("\r{:<16}\r", "");
        }
        match running.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
