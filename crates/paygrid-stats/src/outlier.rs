//! Outlier fences on the log scale.
//!
//! Pay is roughly log-normal, so a fence symmetric in ln(pay) treats a figure
//! 3× the median like one a third of it; a fence on raw dollars would flag
//! honest high earners and never the typo'd low ones.

use crate::quantile::quantile_sorted;
use crate::summary::sort_values;

/// Fewest values a group needs before any of its members is judged an outlier;
/// quartiles of smaller groups are too unstable to fence with.
pub const OUTLIER_MIN_N: usize = 20;
/// Fence distance in interquartile ranges (of ln values): 3, Tukey's "far out".
pub const OUTLIER_IQR_MULT: f64 = 3.0;

/// Fences: a value whose logarithm is outside [ln_lo, ln_hi] is an
/// outlier; `lo` and `hi` are the same fences in the original units, for
/// display.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogFences {
    pub lo: f64,
    pub hi: f64,
    pub ln_lo: f64,
    pub ln_hi: f64,
}

impl LogFences {
    /// Whether `x` falls outside the fences, judged on ln(x) as the fences
    /// were made: comparing x with exp(fence) instead would flag a whole
    /// group of identical values, because exp(ln(x)) can round below x.
    /// Non-positive and non-finite values have no logarithm and are always
    /// outliers.
    pub fn is_outlier(&self, x: f64) -> bool {
        if !(x > 0.0 && x.is_finite()) {
            return true;
        }
        let l = x.ln();
        !(l >= self.ln_lo && l <= self.ln_hi)
    }
}

/// Fences for ascending `sorted` values: with Q1, Q3 the type-7 quartiles of
/// ln(x) over the positive finite values, [exp(Q1 − 3·IQR), exp(Q3 + 3·IQR)]
/// with IQR = Q3 − Q1. None when fewer than [`OUTLIER_MIN_N`] positive finite
/// values. ln is monotone, so only the four order statistics around the
/// quartiles are logged.
pub fn log_fences_sorted(sorted: &[f64]) -> Option<LogFences> {
    // Sorted, so the positive finite values are one contiguous run.
    let usable = |x: &f64| *x > 0.0 && x.is_finite();
    let (Some(start), Some(last)) = (sorted.iter().position(usable), sorted.iter().rposition(usable)) else {
        return None;
    };
    let pos = &sorted[start..=last];
    if pos.len() < OUTLIER_MIN_N {
        return None;
    }
    let q1 = ln_quantile(pos, 0.25);
    let q3 = ln_quantile(pos, 0.75);
    let iqr = q3 - q1;
    let (ln_lo, ln_hi) = (q1 - OUTLIER_IQR_MULT * iqr, q3 + OUTLIER_IQR_MULT * iqr);
    Some(LogFences { lo: ln_lo.exp(), hi: ln_hi.exp(), ln_lo, ln_hi })
}

/// Type-7 quantile of ln(x) over ascending positive `sorted`, logging only the
/// two neighbours the interpolation reads.
fn ln_quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let h = (n - 1) as f64 * p;
    let j = h.floor() as usize;
    let k = (j + 1).min(n - 1);
    quantile_sorted(&[sorted[j].ln(), sorted[k].ln()], h - j as f64)
}

/// [`log_fences_sorted`] of unsorted values (copied and sorted).
pub fn log_fences(values: &[f64]) -> Option<LogFences> {
    let mut v = values.to_vec();
    sort_values_lenient(&mut v);
    log_fences_sorted(&v)
}

/// One flag per value, true for outliers; all false when the group is too small
/// to fence (see [`log_fences_sorted`]).
pub fn outlier_mask(values: &[f64]) -> Vec<bool> {
    match log_fences(values) {
        Some(f) => values.iter().map(|&x| f.is_outlier(x)).collect(),
        None => vec![false; values.len()],
    }
}

fn sort_values_lenient(v: &mut [f64]) {
    if v.iter().all(|x| x.is_finite()) {
        sort_values(v);
    } else {
        v.sort_unstable_by(f64::total_cmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell where everyone reports the same round figure has no outlier
    /// (exp(ln(150000)) is 149999.99999999994, below the value itself).
    #[test]
    fn identical_values_are_not_outliers() {
        for v in [150_000.0, 123_456.78, 99_999.0] {
            assert!(outlier_mask(&vec![v; 30]).iter().all(|&o| !o), "{v}");
        }
        let mut mixed = vec![150_000.0; 25];
        mixed.extend([1_000.0, 40_000_000.0]);
        let mask = outlier_mask(&mixed);
        assert_eq!(mask.iter().filter(|&&o| o).count(), 2, "only the far values");
    }

    #[test]
    fn fences_by_hand() {
        // 20 values e^1 .. e^20: ln values 1..20, Q1 = 1 + 19·0.25 = 5.75,
        // Q3 = 15.25, IQR = 9.5 → [5.75 − 28.5, 15.25 + 28.5] on ln.
        let v: Vec<f64> = (1..=20).map(|i| f64::from(i).exp()).collect();
        let f = log_fences(&v).unwrap();
        assert!((f.lo.ln() - (5.75 - 28.5)).abs() < 1e-12);
        assert!((f.hi.ln() - (15.25 + 28.5)).abs() < 1e-12);
        assert!(log_fences(&v[..19]).is_none());
    }

    #[test]
    fn flags_far_values_only() {
        let mut v: Vec<f64> = (0..40).map(|i| 100_000.0 + 1000.0 * f64::from(i)).collect();
        v.push(1_000.0); // a salary typed in thousands
        v.push(50_000_000.0);
        v.push(-5.0);
        v.push(f64::NAN);
        let mask = outlier_mask(&v);
        assert_eq!(mask.iter().filter(|&&m| m).count(), 4);
        assert!(mask[..40].iter().all(|&m| !m));
        assert!(outlier_mask(&v[..10]).iter().all(|&m| !m));
    }
}
