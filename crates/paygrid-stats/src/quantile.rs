//! Sample quantiles and the arithmetic mean, defined so every published figure
//! can be reproduced with numpy's defaults (`np.quantile`, `np.mean`).

/// The percentiles paygrid publishes for every cell, in publication order.
pub const STANDARD_PS: [f64; 5] = [0.10, 0.25, 0.50, 0.75, 0.90];

/// Sample quantile of ascending `sorted` data by linear interpolation between
/// order statistics: Hyndman–Fan type 7, numpy's and DuckDB `quantile_cont`'s
/// default, so published figures can be checked with common tools.
///
/// With n values x₀ <= … <= xₙ₋₁ (0-based): h = (n − 1)·p, j = ⌊h⌋, g = h − j,
/// Q(p) = xⱼ + g·(xⱼ₊₁ − xⱼ) (Q = xₙ₋₁ when j = n − 1). Evaluated as numpy
/// does (from the upper neighbour when g >= ½), so results agree bit for bit.
/// p is clamped to [0, 1]; empty input gives NaN. The input is not checked for
/// order: sorting is the caller's (once per cell, shared by every quantile).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let p = p.clamp(0.0, 1.0);
    let h = (n - 1) as f64 * p;
    let lo_f = h.floor();
    let lo = lo_f as usize;
    if lo + 1 >= n {
        return sorted[n - 1];
    }
    let g = h - lo_f;
    let (a, b) = (sorted[lo], sorted[lo + 1]);
    let diff = b - a;
    if g >= 0.5 {
        b - diff * (1.0 - g)
    } else {
        a + diff * g
    }
}

/// Sum by numpy's pairwise scheme (blocks of 128 summed with 8 interleaved
/// accumulators, halves combined recursively): rounding error grows like
/// O(ε·log n) rather than O(ε·n), enough for cent-exact means of 100k salaries,
/// and it vectorises, unlike a compensated sum.
pub fn pairwise_sum(x: &[f64]) -> f64 {
    const BLOCK: usize = 128;
    let n = x.len();
    if n < 8 {
        let mut s = -0.0;
        for v in x {
            s += v;
        }
        s
    } else if n <= BLOCK {
        let mut r = [0.0_f64; 8];
        r.copy_from_slice(&x[..8]);
        let whole = n - n % 8;
        for chunk in x[8..whole].chunks_exact(8) {
            for (acc, v) in r.iter_mut().zip(chunk) {
                *acc += v;
            }
        }
        let mut s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for v in &x[whole..] {
            s += v;
        }
        s
    } else {
        let mut half = n / 2;
        half -= half % 8;
        pairwise_sum(&x[..half]) + pairwise_sum(&x[half..])
    }
}

/// Arithmetic mean, Σx / n with the sum taken pairwise (see [`pairwise_sum`]);
/// NaN for empty input.
pub fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    pairwise_sum(x) / x.len() as f64
}

/// Sample variance with the n − 1 (Bessel) denominator, two-pass about the
/// mean so large salaries do not cancel; NaN below two values. This is the
/// variance the mean's t interval needs.
pub fn sample_variance(x: &[f64], mean: f64) -> f64 {
    let n = x.len();
    if n < 2 {
        return f64::NAN;
    }
    // Squared deviations summed pairwise in fixed-size stack chunks: no
    // allocation on the per-cell hot path.
    const CHUNK: usize = 256;
    let mut buf = [0.0_f64; CHUNK];
    let mut total = 0.0;
    for chunk in x.chunks(CHUNK) {
        for (b, v) in buf.iter_mut().zip(chunk) {
            let d = v - mean;
            *b = d * d;
        }
        total += pairwise_sum(&buf[..chunk.len()]);
    }
    total / (n - 1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_hand_worked() {
        let x = [1.0, 2.0, 3.0, 4.0];
        // h = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1)
        assert_eq!(quantile_sorted(&x, 0.25), 1.75);
        assert_eq!(quantile_sorted(&x, 0.5), 2.5);
        assert_eq!(quantile_sorted(&x, 0.75), 3.25);
        assert_eq!(quantile_sorted(&x, 0.0), 1.0);
        assert_eq!(quantile_sorted(&x, 1.0), 4.0);
        // h = 3·0.1 = 0.3 → 1.3; h = 2.7 → 3.7
        assert!((quantile_sorted(&x, 0.1) - 1.3).abs() < 1e-15);
        assert!((quantile_sorted(&x, 0.9) - 3.7).abs() < 1e-15);
        assert_eq!(quantile_sorted(&[7.0], 0.9), 7.0);
        assert!(quantile_sorted(&[], 0.5).is_nan());
        // 10 values 10..100: p90 → h = 8.1 → 90 + 0.1·10 = 91
        let y: Vec<f64> = (1..=10).map(|i| f64::from(i) * 10.0).collect();
        assert!((quantile_sorted(&y, 0.9) - 91.0).abs() < 1e-12);
        assert!((quantile_sorted(&y, 0.1) - 19.0).abs() < 1e-12);
    }

    #[test]
    fn pairwise_sum_is_exact_on_integers_of_every_length() {
        for n in 0..600usize {
            let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
            let want = (n * n.saturating_sub(1) / 2) as f64;
            assert_eq!(pairwise_sum(&x), want, "n={n}");
        }
    }

    #[test]
    fn mean_and_variance_small() {
        let x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let m = mean(&x);
        assert_eq!(m, 5.0);
        // Σ(x−5)² = 32, /7
        assert!((sample_variance(&x, m) - 32.0 / 7.0).abs() < 1e-15);
        assert!(mean(&[]).is_nan());
        assert!(sample_variance(&[1.0], 1.0).is_nan());
    }
}
