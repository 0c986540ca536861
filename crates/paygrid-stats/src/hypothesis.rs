//! p-values of t tests and their adjustment for multiple comparisons.
//!
//! A table of many estimates, each with its own 95% interval, will show some
//! intervals that exclude 0 by chance alone (5% of them when nothing is
//! there). Before any one estimate of such a table is called significant,
//! its p-value is adjusted for the number of estimates in the table: Holm's
//! step-down method controls the family-wise error rate (the chance of
//! calling even one null effect significant) at the chosen level under any
//! dependence between the tests; Benjamini–Hochberg q-values control the
//! expected share of false discoveries among those called significant
//! (valid under independence or positive dependence). Both equal R's
//! `p.adjust(p, "holm")` and `p.adjust(p, "BH")`.

use crate::dist::student_t_cdf;

/// Two-sided p-value of a t test of "coefficient = 0": P(|T| ≥ |estimate/se|)
/// with T ~ Student t(df). Computed from the lower tail of −|t|, so small
/// p-values keep their relative precision. NaN when se is not positive or
/// any input is NaN.
pub fn t_test_p_value(estimate: f64, se: f64, df: f64) -> f64 {
    if estimate.is_nan() || se.is_nan() || df.is_nan() || se <= 0.0 || df <= 0.0 {
        return f64::NAN;
    }
    let t = (estimate / se).abs();
    (2.0 * student_t_cdf(-t, df)).min(1.0)
}

/// Holm-adjusted p-values, in the order given: with p₍₁₎ ≤ … ≤ p₍ₘ₎ sorted,
/// p̃₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎). An estimate is
/// significant at family-wise level α when its adjusted p-value is below α.
/// Ties keep their input order (which does not change the result).
pub fn holm(p: &[f64]) -> Vec<f64> {
    debug_assert!(p.iter().all(|v| (0.0..=1.0).contains(v)), "p-values in [0, 1]");
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running = 0.0_f64;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * p[i]).min(1.0));
        out[i] = running;
    }
    out
}

/// Benjamini–Hochberg q-values, in the order given: with p₍₁₎ ≤ … ≤ p₍ₘ₎
/// sorted, q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎ / j).
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    debug_assert!(p.iter().all(|v| (0.0..=1.0).contains(v)), "p-values in [0, 1]");
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running = 1.0_f64;
    for (pos, &i) in order.iter().enumerate().rev() {
        running = running.min(m as f64 * p[i] / (pos + 1) as f64);
        out[i] = running;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holm_and_bh_by_hand() {
        // Sorted: 0.01, 0.02, 0.03, 0.04, 0.05 (given out of order).
        // Holm: 5·0.01 = 0.05, 4·0.02 = 0.08, 3·0.03 = 0.09, 2·0.04 = 0.08 → 0.09,
        //       1·0.05 = 0.05 → 0.09 (running maximum).
        // BH: m·p/i = 0.05 for every i.
        let p = [0.03, 0.01, 0.05, 0.02, 0.04];
        let h = holm(&p);
        let want = [0.09, 0.05, 0.09, 0.08, 0.09];
        for (g, w) in h.iter().zip(want) {
            assert!((g - w).abs() < 1e-15, "{h:?}");
        }
        for q in benjamini_hochberg(&p) {
            assert!((q - 0.05).abs() < 1e-15);
        }
        // BH's running minimum from the top: 0.001·3/1 = 0.003,
        // 0.04·3/2 = 0.06, 0.045·3/3 = 0.045 → 0.045 caps the second too.
        let q = benjamini_hochberg(&[0.045, 0.001, 0.04]);
        assert_eq!(q.len(), 3);
        assert!((q[0] - 0.045).abs() < 1e-15 && (q[1] - 0.003).abs() < 1e-15 && (q[2] - 0.045).abs() < 1e-15);
        // Adjustments never exceed 1 and never go below the raw p-value.
        let p = [0.9, 0.5, 0.7];
        for (a, raw) in holm(&p).iter().zip(p) {
            assert!(*a >= raw && *a <= 1.0);
        }
        assert!(holm(&[]).is_empty() && benjamini_hochberg(&[]).is_empty());
    }

    #[test]
    fn t_test_p_values() {
        // t = 2.0 at df = 10: 2·P(T ≤ −2) = 0.0733880347707403656… (exact
        // incomplete-beta value, mpmath at 50 digits).
        let p = t_test_p_value(0.4, 0.2, 10.0);
        assert!((p - 0.073_388_034_770_740_37).abs() < 1e-14, "{p}");
        assert_eq!(t_test_p_value(-0.4, 0.2, 10.0), p);
        // At the 97.5% quantile the two-sided p is 0.05.
        let t = crate::dist::t975(380);
        assert!((t_test_p_value(t, 1.0, 380.0) - 0.05).abs() < 1e-13);
        assert!(t_test_p_value(0.0, 1.0, 5.0) == 1.0);
        assert!(t_test_p_value(1.0, 0.0, 5.0).is_nan());
    }
}
