//! Interval fuzz, as Anki's `rslib/src/scheduler/states/fuzz.rs` does it: review intervals of 2.5 days
//! and more are spread over a range (±15 % of the part between 2.5 and 7 days, ±10 % between 7 and 20,
//! ±5 % above 20, plus one day), so cards learned together do not stay due together.
//!
//! The fuzz factor is derived from the item id and its review count, never from a shared random
//! generator, so replaying the journal always gives the same schedule. It uses SplitMix64, a fixed
//! published algorithm, rather than `rand`'s `StdRng`, whose algorithm may change between versions.

struct FuzzRange {
    start: f32,
    end: f32,
    factor: f32,
}

const FUZZ_RANGES: [FuzzRange; 3] = [
    FuzzRange {
        start: 2.5,
        end: 7.0,
        factor: 0.15,
    },
    FuzzRange {
        start: 7.0,
        end: 20.0,
        factor: 0.1,
    },
    FuzzRange {
        start: 20.0,
        end: f32::MAX,
        factor: 0.05,
    },
];

fn fuzz_delta(interval: f32) -> f32 {
    if interval < 2.5 {
        return 0.0;
    }
    FUZZ_RANGES.iter().fold(1.0, |delta, range| {
        delta + range.factor * (interval.min(range.end) - range.start).max(0.0)
    })
}

/// The range a fuzzed interval may fall in, kept within `minimum..=maximum` days.
pub fn constrained_fuzz_bounds(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    let interval = interval.clamp(minimum as f32, maximum as f32);
    let delta = fuzz_delta(interval);
    let lower = ((interval - delta).round() as u32).clamp(minimum, maximum);
    let mut upper = ((interval + delta).round() as u32).clamp(minimum, maximum);
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    (lower, upper)
}

/// The interval in whole days: fuzzed when `fuzz_factor` (in `0..1`) is given, else rounded; always
/// within `minimum..=maximum`.
pub fn with_review_fuzz(
    fuzz_factor: Option<f32>,
    interval: f32,
    minimum: u32,
    maximum: u32,
) -> u32 {
    match fuzz_factor {
        Some(factor) => {
            let (lower, upper) = constrained_fuzz_bounds(interval, minimum, maximum);
            (lower as f32 + factor * (1 + upper - lower) as f32).floor() as u32
        }
        None => (interval.round().max(0.0) as u32).clamp(minimum.min(maximum), maximum),
    }
}

/// The fuzz factor in `0..1` for an item's `review_count`-th review: the same inputs always give the
/// same factor.
pub fn fuzz_factor(item_id: &str, review_count: u32) -> f32 {
    fuzz_factor_seeded(item_seed(item_id), review_count)
}

/// The part of [`fuzz_factor`] that depends only on the item: FNV-1a over its id. Replay computes
/// it once per item rather than once per answer.
pub fn item_seed(item_id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in item_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// [`fuzz_factor`] from the item's [`item_seed`]: mixed with the count, then one SplitMix64 step.
pub fn fuzz_factor_seeded(seed: u64, review_count: u32) -> f32 {
    let mut z = seed ^ u64::from(review_count).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    // The top 24 bits give every f32 value in 0..1 an equal chance and never 1.0.
    (z >> 40) as f32 / (1u64 << 24) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzz_matches_ankis_table() {
        // (interval, minimum, maximum, [at factor 0, 0.5, 0.99])
        let cases: [(f32, u32, u32, [u32; 3]); 6] = [
            (2.5, 1, 1000, [2, 3, 4]),
            (7.0, 1, 1000, [5, 7, 9]),
            (17.0, 1, 1000, [14, 17, 20]),
            (37.0, 1, 1000, [33, 37, 41]),
            (20.0, 3, 1000, [17, 20, 23]),
            (100.0, 1, 99, [92, 96, 99]),
        ];
        for (interval, minimum, maximum, expected) in cases {
            let got =
                [0.0, 0.5, 0.99].map(|f| with_review_fuzz(Some(f), interval, minimum, maximum));
            assert_eq!(
                got, expected,
                "interval {interval}, min {minimum}, max {maximum}"
            );
        }
    }

    #[test]
    fn short_intervals_are_not_fuzzed_and_bounds_are_respected() {
        assert_eq!(constrained_fuzz_bounds(1.0, 1, 36500), (1, 1));
        assert_eq!(constrained_fuzz_bounds(2.4, 1, 36500), (2, 2));
        assert_eq!(with_review_fuzz(None, 3.6, 1, 36500), 4);
        assert_eq!(with_review_fuzz(None, 0.2, 1, 36500), 1, "at least a day");
        // Clamped to the maximum first, then fuzzed within ±5 %-ish below it, never above.
        let capped = with_review_fuzz(Some(0.99), 50_000.0, 1, 36500);
        assert!((34_600..=36_500).contains(&capped), "{capped}");
        assert_eq!(constrained_fuzz_bounds(50_000.0, 1, 36500).1, 36500);
    }

    #[test]
    fn the_factor_is_a_pure_function_of_id_and_count() {
        let a = fuzz_factor("greetings/hi/produce", 3);
        assert_eq!(a, fuzz_factor("greetings/hi/produce", 3));
        assert_ne!(a, fuzz_factor("greetings/hi/produce", 4));
        assert_ne!(a, fuzz_factor("greetings/hi/recognise", 3));
        let factors: Vec<f32> = (0..10_000).map(|n| fuzz_factor("x/y/produce", n)).collect();
        assert!(factors.iter().all(|f| (0.0..1.0).contains(f)));
        let mean = factors.iter().sum::<f32>() / factors.len() as f32;
        assert!(
            (mean - 0.5).abs() < 0.02,
            "factors spread evenly, mean {mean}"
        );
    }
}
