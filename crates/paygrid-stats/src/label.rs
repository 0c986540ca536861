//! The confidence label shown beside every figure, and the privacy floor.

use crate::interval::Ci;

/// The privacy floor k: no figure is computed from fewer values. Configurable
/// upward only, so [`Confidence::classify`] never applies a lower one.
pub const DEFAULT_FLOOR: usize = 5;

/// Fewest values for percentiles outside the quartiles (p10, p90): with fewer,
/// they sit on the one or two most extreme records and would all but publish
/// them.
pub const TAIL_PERCENTILE_MIN_N: usize = 10;

/// Whether the p-percentile of n values may be published under privacy floor
/// `floor`: n >= max(floor, [`DEFAULT_FLOOR`]), and percentiles outside
/// [p25, p75] (p10, p90) also need n >= [`TAIL_PERCENTILE_MIN_N`]
/// (docs/methodology.md: with 5 <= n < 10 only p25/p50/p75 and the mean).
pub fn percentile_publishable(n: usize, p: f64, floor: usize) -> bool {
    n >= floor.max(DEFAULT_FLOOR) && ((0.25..=0.75).contains(&p) || n >= TAIL_PERCENTILE_MIN_N)
}

/// A reader-facing grade of how far a cell's figures can be trusted, driven by
/// n and by how tight the median's confidence interval is relative to the
/// median, so a big but very dispersed cell does not read as precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// n below the privacy floor: nothing may be published.
    Suppressed,
    /// Publishable, but neither of the rules below holds.
    Low,
    /// n >= 30 and the median's 95% CI half-width <= 15% of the median.
    Medium,
    /// n >= 100 and the median's 95% CI half-width <= 5% of the median.
    High,
}

impl Confidence {
    /// Grade a cell of n values with median `median` and the median's 95% CI.
    ///
    /// Definition: Suppressed when n < max(floor, [`DEFAULT_FLOOR`]); else High
    /// when n >= 100 and (hi − lo)/2 <= 0.05·median; else Medium when n >= 30
    /// and (hi − lo)/2 <= 0.15·median; else Low. A non-positive or non-finite
    /// median, or a missing CI, grades Low, as relative precision is then
    /// undefined.
    pub fn classify(n: usize, median: f64, median_ci: Option<Ci>, floor: usize) -> Confidence {
        if n < floor.max(DEFAULT_FLOOR) {
            return Confidence::Suppressed;
        }
        let Some(ci) = median_ci else {
            return Confidence::Low;
        };
        if !(median.is_finite() && median > 0.0) {
            return Confidence::Low;
        }
        let rel = ci.half_width() / median;
        if !rel.is_finite() {
            Confidence::Low
        } else if n >= 100 && rel <= 0.05 {
            Confidence::High
        } else if n >= 30 && rel <= 0.15 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }

    /// The label as printed and serialised: `suppressed`, `low`, `medium`,
    /// `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Suppressed => "suppressed",
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// Lower a label to at most `cap`, e.g. `Low` for model-based cells.
    pub fn at_most(self, cap: Confidence) -> Confidence {
        self.min(cap)
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ci(lo: f64, hi: f64) -> Option<Ci> {
        Some(Ci { lo, hi, full: true, coverage: crate::LEVEL })
    }

    #[test]
    fn thresholds() {
        let c = Confidence::classify;
        assert_eq!(c(4, 100.0, ci(90.0, 110.0), 5), Confidence::Suppressed);
        assert_eq!(c(5, 100.0, ci(90.0, 110.0), 5), Confidence::Low);
        // floor can be raised, never lowered
        assert_eq!(c(9, 100.0, ci(99.0, 101.0), 10), Confidence::Suppressed);
        assert_eq!(c(4, 100.0, ci(99.0, 101.0), 2), Confidence::Suppressed);
        // half-width exactly 5% at n = 100 → high; just over → medium
        assert_eq!(c(100, 100.0, ci(95.0, 105.0), 5), Confidence::High);
        assert_eq!(c(100, 100.0, ci(94.9, 105.0), 5), Confidence::Medium);
        assert_eq!(c(99, 100.0, ci(99.0, 101.0), 5), Confidence::Medium);
        assert_eq!(c(30, 100.0, ci(85.0, 115.0), 5), Confidence::Medium);
        assert_eq!(c(30, 100.0, ci(84.0, 115.0), 5), Confidence::Low);
        assert_eq!(c(29, 100.0, ci(99.0, 101.0), 5), Confidence::Low);
        assert_eq!(c(1000, 0.0, ci(0.0, 0.0), 5), Confidence::Low);
        assert_eq!(c(1000, 100.0, None, 5), Confidence::Low);
        assert_eq!(Confidence::High.at_most(Confidence::Low), Confidence::Low);
        assert_eq!(Confidence::Medium.to_string(), "medium");
    }

    #[test]
    fn tail_percentiles_need_ten() {
        assert!(!percentile_publishable(4, 0.5, 5));
        assert!(percentile_publishable(5, 0.5, 5) && percentile_publishable(5, 0.25, 5));
        assert!(!percentile_publishable(9, 0.1, 5) && !percentile_publishable(9, 0.9, 5));
        assert!(percentile_publishable(10, 0.9, 5));
        assert!(!percentile_publishable(10, 0.5, 11));
    }
}
