//! Per-cell summaries: the figures published for every benchmark cell, built
//! from one in-place sort so ~750k cells stay cheap.

use crate::interval::{mean_ci_of, Ci, QuantileCi};
use crate::label::Confidence;
use crate::quantile::{mean, quantile_sorted, sample_variance};

/// n, arithmetic mean and the type-7 p10/p25/p50/p75/p90 of one set of values.
/// For n = 0 every figure is NaN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    pub p10: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p90: f64,
}

impl Summary {
    /// The summary of ascending `sorted` data (see [`quantile_sorted`] and
    /// [`mean`] for the definitions).
    pub fn from_sorted(sorted: &[f64]) -> Summary {
        Summary {
            n: sorted.len(),
            mean: mean(sorted),
            p10: quantile_sorted(sorted, 0.10),
            p25: quantile_sorted(sorted, 0.25),
            p50: quantile_sorted(sorted, 0.50),
            p75: quantile_sorted(sorted, 0.75),
            p90: quantile_sorted(sorted, 0.90),
        }
    }

    /// The five percentiles in [`crate::STANDARD_PS`] order.
    pub fn percentiles(&self) -> [f64; 5] {
        [self.p10, self.p25, self.p50, self.p75, self.p90]
    }
}

/// Sort in place by `f64::total_cmp` (NaN-safe, no allocation), the single
/// sort every per-cell figure shares. Values should be finite: a NaN sorts
/// last and would then be read as a value.
pub fn sort_values(values: &mut [f64]) {
    debug_assert!(values.iter().all(|v| v.is_finite()), "non-finite value in cell");
    values.sort_unstable_by(f64::total_cmp);
}

/// [`Summary`] of unsorted values, copying them first; use [`cell_summary`]
/// on the hot path.
pub fn summary(values: &[f64]) -> Summary {
    let mut v = values.to_vec();
    cell_summary(&mut v)
}

/// [`Summary`] of one cell, sorting `values` in place (the caller's buffer is
/// reused, nothing is allocated).
pub fn cell_summary(values: &mut [f64]) -> Summary {
    sort_values(values);
    Summary::from_sorted(values)
}

/// Everything published for one measure of one cell: the [`Summary`], the
/// sample standard deviation and CIs, with their coverage, for each
/// percentile ([`QuantileCi`]) and for the mean ([`crate::mean_ci`]). A CI is None when
/// it cannot be formed (n = 0 for percentiles, n < 2 for the mean).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellStats {
    pub summary: Summary,
    /// Sample standard deviation, n − 1 denominator (NaN for n < 2).
    pub sd: f64,
    pub mean_ci: Option<Ci>,
    pub p10_ci: Option<Ci>,
    pub p25_ci: Option<Ci>,
    pub p50_ci: Option<Ci>,
    pub p75_ci: Option<Ci>,
    pub p90_ci: Option<Ci>,
}

impl CellStats {
    /// The cell's confidence label from n and the median's CI (see
    /// [`Confidence::classify`]), with privacy floor `floor`.
    pub fn confidence(&self, floor: usize) -> Confidence {
        Confidence::classify(self.summary.n, self.summary.p50, self.p50_ci, floor)
    }

    /// Percentile CIs in [`crate::STANDARD_PS`] order.
    pub fn percentile_cis(&self) -> [Option<Ci>; 5] {
        [self.p10_ci, self.p25_ci, self.p50_ci, self.p75_ci, self.p90_ci]
    }
}

/// [`CellStats`] of one cell, sorting `values` in place; CI ranks come from
/// the cached table, so beyond the sort this is a few passes over the data.
pub fn cell_stats(values: &mut [f64]) -> CellStats {
    sort_values(values);
    cell_stats_sorted(values)
}

/// [`CellStats`] of already ascending data.
pub fn cell_stats_sorted(sorted: &[f64]) -> CellStats {
    let summary = Summary::from_sorted(sorted);
    let n = sorted.len();
    let sd = sample_variance(sorted, summary.mean).sqrt();
    let qci = |p: f64| QuantileCi::ranks(n, p).map(|r| r.interval(sorted));
    CellStats {
        summary,
        sd,
        mean_ci: (n >= 2).then(|| mean_ci_of(sorted, summary.mean, sd)),
        p10_ci: qci(0.10),
        p25_ci: qci(0.25),
        p50_ci: qci(0.50),
        p75_ci: qci(0.75),
        p90_ci: qci(0.90),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_one_to_ten() {
        let mut v: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let s = cell_summary(&mut v);
        assert_eq!(s.n, 10);
        assert_eq!(s.mean, 5.5);
        assert!((s.p10 - 1.9).abs() < 1e-12);
        assert_eq!(s.p25, 3.25);
        assert_eq!(s.p50, 5.5);
        assert_eq!(s.p75, 7.75);
        assert!((s.p90 - 9.1).abs() < 1e-12);
        assert_eq!(v[0], 1.0); // sorted in place
        let e = summary(&[]);
        assert_eq!(e.n, 0);
        assert!(e.mean.is_nan() && e.p50.is_nan());
    }

    #[test]
    fn cell_stats_fields_consistent() {
        let mut v: Vec<f64> = (1..=40).map(|i| f64::from(i) * 1000.0).collect();
        let c = cell_stats(&mut v);
        let med = c.p50_ci.unwrap();
        // n = 40, median ranks (14, 27) from Binomial(40, ½)
        assert_eq!((med.lo, med.hi), (14_000.0, 27_000.0));
        assert!(c.mean_ci.unwrap().contains(c.summary.mean));
        for (ci, q) in c.percentile_cis().iter().zip(c.summary.percentiles()) {
            let ci = ci.unwrap();
            assert!(ci.lo <= q && q <= ci.hi);
        }
        // half-width 6500 / 20500 = 32% → low
        assert_eq!(c.confidence(5), Confidence::Low);
        let one = cell_stats(&mut [5.0]);
        assert!(one.mean_ci.is_none() && one.sd.is_nan());
        assert_eq!(one.p50_ci.map(|c| (c.lo, c.hi, c.full, c.coverage)), Some((5.0, 5.0, false, 0.0)));
    }
}
