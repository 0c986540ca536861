//! What an interval may be called. An order-statistic interval of a
//! percentile has an exact coverage that depends only on n and p; in small
//! cells it falls short of 95% (p10 at n = 12 is [min, max] and covers
//! 71.8%). Every interval therefore travels with its coverage, and is called
//! a "95% CI" only when the coverage reaches 95%; otherwise it is named by
//! its coverage ("72% interval"). An interval whose two ends are equal says
//! the data are rounded (many records report the same figure), not that the
//! figure is certain, and carries a note saying so.

use crate::benchmark::CiSet;
use crate::text::usd;
use paygrid_stats::{Ci, LEVEL};
use serde::Serialize;

/// Coverage of each interval of a [`CiSet`] (null where the interval is):
/// for percentiles the exact Binomial(n, p) coverage of the order
/// statistics used, for the mean the nominal 0.95 of its approximate
/// interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CoverageSet {
    pub mean: Option<f64>,
    pub p10: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
}

/// Names of [`CiSet`]'s intervals in field order.
pub const INTERVAL_NAMES: [&str; 6] = ["mean", "p10", "p25", "p50", "p75", "p90"];

/// The published intervals of one measure: bounds, coverage and the
/// intervals whose ends are equal.
pub(crate) struct Intervals {
    pub ci: CiSet,
    pub coverage: CoverageSet,
    pub zero_width: Vec<&'static str>,
}

impl Intervals {
    /// From the mean's interval and the five percentiles' (p10..p90), each
    /// None where it is not published.
    pub(crate) fn new(mean: Option<Ci>, pcts: [Option<Ci>; 5]) -> Intervals {
        let all = [mean, pcts[0], pcts[1], pcts[2], pcts[3], pcts[4]];
        let pair = |c: Option<Ci>| c.map(|c| [c.lo, c.hi]);
        let cov = |c: Option<Ci>| c.map(|c| c.coverage);
        Intervals {
            ci: CiSet {
                mean: pair(all[0]),
                p10: pair(all[1]),
                p25: pair(all[2]),
                p50: pair(all[3]),
                p75: pair(all[4]),
                p90: pair(all[5]),
            },
            coverage: CoverageSet {
                mean: cov(all[0]),
                p10: cov(all[1]),
                p25: cov(all[2]),
                p50: cov(all[3]),
                p75: cov(all[4]),
                p90: cov(all[5]),
            },
            zero_width: INTERVAL_NAMES
                .iter()
                .zip(all)
                .filter(|(_, c)| c.is_some_and(|c| c.zero_width()))
                .map(|(n, _)| *n)
                .collect(),
        }
    }
}

impl CoverageSet {
    /// Coverage by interval name (`mean`, `p10`, …).
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "mean" => self.mean,
            "p10" => self.p10,
            "p25" => self.p25,
            "p50" => self.p50,
            "p75" => self.p75,
            "p90" => self.p90,
            _ => None,
        }
    }
}

/// Whether an interval of this coverage may be called a 95% CI (the
/// binomial sums are good to ~1e-12).
pub fn reaches_95(coverage: f64) -> bool {
    coverage >= LEVEL - 1e-9
}

/// What an interval is called: `95% CI` when its coverage reaches 95%,
/// else its coverage in whole percent, `72% interval` (never rounded up to
/// 95%). An unknown coverage reads as a plain `interval`.
pub fn interval_label(coverage: Option<f64>) -> String {
    match coverage {
        Some(c) if reaches_95(c) => "95% CI".to_string(),
        Some(c) => format!("{}% interval", ((c * 100.0).round() as i64).min(94)),
        None => "interval".to_string(),
    }
}

/// The note beside a zero-width interval at `value`.
pub fn zero_width_note(value: f64) -> String {
    format!("many records report exactly {}: the interval reflects rounded data, not certainty", usd(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(interval_label(Some(0.717_570)), "72% interval");
        assert_eq!(interval_label(Some(0.9572)), "95% CI");
        assert_eq!(interval_label(Some(0.95)), "95% CI");
        assert_eq!(interval_label(Some(0.9496)), "94% interval");
        assert_eq!(interval_label(Some(0.651)), "65% interval");
        assert_eq!(interval_label(None), "interval");
        assert_eq!(
            zero_width_note(150_000.0),
            "many records report exactly $150,000: the interval reflects rounded data, not certainty"
        );
    }

    #[test]
    fn intervals_keep_coverage_and_flag_equal_ends() {
        let ci = |lo: f64, hi: f64, coverage: f64| Some(Ci { lo, hi, full: coverage >= 0.95, coverage });
        let iv = Intervals::new(ci(1.0, 3.0, 0.95), [None, ci(1.0, 2.0, 0.76), ci(2.0, 2.0, 0.94), ci(2.0, 3.0, 0.76), None]);
        assert_eq!(iv.ci.p50, Some([2.0, 2.0]));
        assert_eq!(iv.coverage.p25, Some(0.76));
        assert_eq!(iv.coverage.p10, None);
        assert_eq!(iv.coverage.get("p50"), Some(0.94));
        assert_eq!(iv.zero_width, ["p50"]);
    }
}
