//! How an interval reads on a button: `<1m`, `10m`, `3h`, `3d`, `2.1mo`, `1.5y`.

/// A short label for an interval of `seconds`.
pub fn interval_label(seconds: i64) -> String {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 86_400.0;
    const MONTH: f64 = 30.0 * DAY;
    const YEAR: f64 = 365.0 * DAY;
    let s = seconds.max(0) as f64;
    if s < MINUTE {
        "<1m".into()
    } else if s < HOUR {
        format!("{}m", (s / MINUTE).round() as i64)
    } else if s < DAY {
        format!("{}h", (s / HOUR).round() as i64)
    } else if s < MONTH {
        format!("{}d", (s / DAY).round() as i64)
    } else if s < YEAR {
        trim(format!("{:.1}mo", s / MONTH))
    } else {
        trim(format!("{:.1}y", s / YEAR))
    }
}

/// `2.0mo` reads better as `2mo`.
fn trim(label: String) -> String {
    label.replace(".0", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_like_ankis_buttons() {
        let cases = [
            (0, "<1m"),
            (59, "<1m"),
            (60, "1m"),
            (600, "10m"),
            (90 * 60, "2h"),
            (86_400, "1d"),
            (3 * 86_400, "3d"),
            (63 * 86_400, "2.1mo"),
            (60 * 86_400, "2mo"),
            (548 * 86_400, "1.5y"),
        ];
        for (seconds, label) in cases {
            assert_eq!(interval_label(seconds), label, "{seconds}s");
        }
    }
}
