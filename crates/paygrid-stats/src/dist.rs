//! Special functions and the handful of distributions the published intervals
//! rest on: normal, Student t and binomial.
//!
//! Everything is written here rather than pulled from a crate so the
//! methodology page can point at one file, and so the statistics crate builds
//! from `std` alone in seconds.

use std::f64::consts::PI;
use std::sync::OnceLock;

/// Two-sided 95% standard normal critical value, Φ⁻¹(0.975), to full double
/// precision; every "95%" in paygrid means this level.
pub const Z_975: f64 = 1.959_963_984_540_054;

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
const EPS: f64 = 1e-16;
const TINY: f64 = 1e-300;

/// Lanczos (g = 7, 9 terms) coefficients, the widely published set
/// (Numerical Recipes / Godfrey); relative error about 1e-15 for x >= 0.5.
const LANCZOS_G: f64 = 7.0;
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// ln |Γ(x)| by the Lanczos approximation (g = 7, 9 coefficients), with the
/// reflection formula Γ(x)Γ(1−x) = π / sin(πx) below x = 0.5.
///
/// Used in log space so binomial and beta normalising constants never overflow;
/// accurate to about 1e-15 relative for moderate x (absolute error grows like
/// ε·x·ln x for large x, which the callers tolerate or cancel).
pub fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        // Poles at 0, -1, -2, ...: sin(πx) = 0 gives +inf, which is ln|Γ|.
        return (PI / (PI * x).sin()).abs().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + LANCZOS_G + 0.5;
    let mut a = LANCZOS[0];
    for (i, c) in LANCZOS.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    LN_SQRT_2PI + (x + 0.5) * t.ln() - t + a.ln()
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
///
/// When the larger argument is >= 10, ln Γ(big) − ln Γ(big + small) is taken
/// from Stirling's series as −(big − ½)·ln(1 + small/big) − small·ln(big +
/// small) + small + δ(big) − δ(big + small), δ the series remainder, instead of
/// subtracting two huge ln Γ values: this keeps the t CDF accurate to ~1e-15
/// at df in the millions, where the plain difference loses ~1e-9.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    let (small, big) = if a < b { (a, b) } else { (b, a) };
    if big < 10.0 {
        return ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
    }
    let diff = -(big - 0.5) * (small / big).ln_1p() - small * (big + small).ln() + small + stirling_delta(big)
        - stirling_delta(big + small);
    ln_gamma(small) + diff
}

/// δ(x) = ln Γ(x) − [(x − ½)·ln x − x + ½·ln 2π], by its Bernoulli series to
/// x⁻⁹ (error below 2e-14 for x >= 10).
fn stirling_delta(x: f64) -> f64 {
    let r = 1.0 / x;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0 - r2 / 1188.0))))
}

/// Regularised lower incomplete gamma P(a, x) (series for x < a + 1, else
/// 1 − Q from the continued fraction), a > 0, x >= 0.
pub fn reg_lower_gamma(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else if x < a + 1.0 {
        gamma_series(a, x)
    } else {
        1.0 - gamma_cont_frac(a, x)
    }
}

/// Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed
/// directly in the upper tail so small tail areas keep their precision.
pub fn reg_upper_gamma(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else if x < a + 1.0 {
        1.0 - gamma_series(a, x)
    } else {
        gamma_cont_frac(a, x)
    }
}

fn gamma_series(a: f64, x: f64) -> f64 {
    let mut ap = a;
    let mut del = 1.0 / a;
    let mut sum = del;
    for _ in 0..10_000 {
        ap += 1.0;
        del *= x / ap;
        sum += del;
        if del.abs() < sum.abs() * EPS {
            break;
        }
    }
    sum * (-x + a * x.ln() - ln_gamma(a)).exp()
}

fn gamma_cont_frac(a: f64, x: f64) -> f64 {
    // Modified Lentz evaluation of the continued fraction for Q(a, x).
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..10_000 {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    (-x + a * x.ln() - ln_gamma(a)).exp() * h
}

/// Complementary error function, erfc(x) = Q(½, x²) for x >= 0 and
/// 2 − erfc(−x) below; full relative precision in the upper tail.
pub fn erfc(x: f64) -> f64 {
    if x >= 0.0 {
        reg_upper_gamma(0.5, x * x)
    } else {
        2.0 - reg_upper_gamma(0.5, x * x)
    }
}

/// Standard normal CDF Φ(z) = ½·erfc(−z/√2).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

// AS 241 (PPND16) rational approximations: numerator and denominator
// coefficients, lowest power first.
const AS241_A: [f64; 8] = [
    3.387_132_872_796_366_5,
    1.331_416_678_917_843_8e2,
    1.971_590_950_306_551_3e3,
    1.373_169_376_550_946e4,
    4.592_195_393_154_987e4,
    6.726_577_092_700_87e4,
    3.343_057_558_358_813e4,
    2.509_080_928_730_122_7e3,
];
const AS241_B: [f64; 8] = [
    1.0,
    4.231_333_070_160_091e1,
    6.871_870_074_920_579e2,
    5.394_196_021_424_751e3,
    2.121_379_430_158_659_7e4,
    3.930_789_580_009_271e4,
    2.872_908_573_572_194_3e4,
    5.226_495_278_852_545e3,
];
const AS241_C: [f64; 8] = [
    1.423_437_110_749_683_5,
    4.630_337_846_156_545,
    5.769_497_221_460_691,
    3.647_848_324_763_204_5,
    1.270_458_252_452_368_4,
    2.417_807_251_774_506e-1,
    2.272_384_498_926_918_4e-2,
    7.745_450_142_783_414e-4,
];
const AS241_D: [f64; 8] = [
    1.0,
    2.053_191_626_637_759,
    1.676_384_830_183_803_8,
    6.897_673_349_851e-1,
    1.481_039_764_274_800_8e-1,
    1.519_866_656_361_645_7e-2,
    5.475_938_084_995_345e-4,
    1.050_750_071_644_416_9e-9,
];
const AS241_E: [f64; 8] = [
    6.657_904_643_501_103,
    5.463_784_911_164_114,
    1.784_826_539_917_291_3,
    2.965_605_718_285_048_7e-1,
    2.653_218_952_657_612_4e-2,
    1.242_660_947_388_078_4e-3,
    2.711_555_568_743_487_6e-5,
    2.010_334_399_292_288_1e-7,
];
const AS241_F: [f64; 8] = [
    1.0,
    5.998_322_065_558_879e-1,
    1.369_298_809_227_358e-1,
    1.487_536_129_085_061_5e-2,
    7.868_691_311_456_133e-4,
    1.846_318_317_510_054_8e-5,
    1.421_511_758_316_446e-7,
    2.044_263_103_389_939_7e-15,
];

/// Σ cᵢ·xⁱ by Horner's rule.
fn poly(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

/// Standard normal quantile Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16),
/// accurate to about 1 part in 1e16; p outside (0, 1) gives ∓∞ or NaN.
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&AS241_A, r) / poly(&AS241_B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let z = if r <= 5.0 {
        let r = r - 1.6;
        poly(&AS241_C, r) / poly(&AS241_D, r)
    } else {
        let r = r - 5.0;
        poly(&AS241_E, r) / poly(&AS241_F, r)
    };
    if q < 0.0 {
        -z
    } else {
        z
    }
}

/// Regularised incomplete beta I_x(a, b) (continued fraction, modified Lentz,
/// evaluated on whichever side converges fast).
pub fn reg_inc_beta(a: f64, b: f64, x: f64) -> f64 {
    inc_beta(a, b, x, 1.0 - x)
}

/// I_x(a, b) with y = 1 − x passed separately, so callers that know 1 − x
/// more precisely than `1.0 - x` (the t distribution) keep tail precision.
fn inc_beta(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    // ln of whichever of x, y is near 1 via ln_1p of the other, which is the
    // precisely known one: at df = 1e6, a·ln x would otherwise lose ~1e-10.
    let ln_x = if x < 0.5 { x.ln() } else { (-y).ln_1p() };
    let ln_y = if y < 0.5 { y.ln() } else { (-x).ln_1p() };
    let ln_front = a * ln_x + b * ln_y - ln_beta(a, b);
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_cont_frac(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_cont_frac(b, a, y) / b
    }
}

fn beta_cont_frac(a: f64, b: f64, x: f64) -> f64 {
    let qab = a + b;
    let qap = a + 1.0;
    let qam = a - 1.0;
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..100_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// P(T > t) for t >= 0 and T ~ Student t with `df` degrees of freedom:
/// ½·I_{df/(df+t²)}(df/2, ½).
fn t_upper_tail(t: f64, df: f64) -> f64 {
    let t2 = t * t;
    let x = df / (df + t2);
    let y = t2 / (df + t2);
    0.5 * inc_beta(0.5 * df, 0.5, x, y)
}

/// Student t density, in log space so large df neither overflows nor
/// underflows.
pub fn student_t_pdf(t: f64, df: f64) -> f64 {
    (ln_gamma(0.5 * (df + 1.0)) - ln_gamma(0.5 * df) - 0.5 * (df * PI).ln() - 0.5 * (df + 1.0) * (t * t / df).ln_1p()).exp()
}

/// Student t CDF P(T <= t) with `df` > 0 degrees of freedom (need not be an
/// integer), via the regularised incomplete beta function.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return if t > 0.0 { 1.0 } else { 0.0 };
    }
    if df >= T_EXPANSION_MIN_DF {
        return normal_cdf(t_expansion_inverse(t, df));
    }
    if t < 0.0 {
        t_upper_tail(-t, df)
    } else {
        1.0 - t_upper_tail(t, df)
    }
}

/// The z whose Cornish–Fisher t quantile is t, so that for df >=
/// [`T_EXPANSION_MIN_DF`] the CDF is Φ(z) and exactly inverts
/// [`student_t_quantile`]. (There the incomplete beta continued fraction
/// converges too slowly near its switch-over point to keep 1e-14.)
fn t_expansion_inverse(t: f64, df: f64) -> f64 {
    let mut z = t;
    for _ in 0..50 {
        let f = t_quantile_expansion(z, df) - t;
        // d/dz of the leading terms; the rest is O(df⁻²) and only slows
        // convergence from quadratic to fast linear.
        let d = 1.0 + (3.0 * z * z + 1.0) / (4.0 * df);
        let step = f / d;
        z -= step;
        if step.abs() <= 1e-16 * z.abs().max(1.0) {
            break;
        }
    }
    z
}

/// Cornish–Fisher expansion of the t quantile in powers of 1/df
/// (Abramowitz & Stegun 26.7.5); error O(df⁻⁵), i.e. below 1e-13 for df > 1000.
fn t_quantile_expansion(z: f64, df: f64) -> f64 {
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92_160.0;
    z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
}

/// From this many degrees of freedom on, the Cornish–Fisher expansion alone is
/// the t quantile: its error is below 1e-14 relative there even for tail
/// areas of 1e-12 (checked against an independent implementation).
const T_EXPANSION_MIN_DF: f64 = 5000.0;

/// Student t quantile: the t with P(T <= t) = p, for 0 < p < 1 and df > 0.
///
/// Closed forms for df = 1 and 2; the Cornish–Fisher expansion for
/// df >= 5000; otherwise that expansion as a starting value refined by
/// bracketed Newton steps on the upper tail area, so the result is as accurate
/// as the t CDF (about 1e-14 relative).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || df <= 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    // Work with the upper tail area of |T| so p near 1 keeps its precision.
    let (tail, sign) = if p > 0.5 { (1.0 - p, 1.0) } else { (p, -1.0) };
    if df == 1.0 {
        return sign / (PI * tail).tan();
    }
    if df == 2.0 {
        return sign * (1.0 - 2.0 * tail) / (2.0 * tail * (1.0 - tail)).sqrt();
    }
    let z = -normal_quantile(tail);
    let mut t = t_quantile_expansion(z, df);
    if df >= T_EXPANSION_MIN_DF {
        return sign * t;
    }
    if !t.is_finite() || t <= 0.0 {
        t = z.max(1.0);
    }
    let (mut lo, mut hi) = (0.0_f64, f64::INFINITY);
    for _ in 0..200 {
        let f = t_upper_tail(t, df) - tail;
        if f == 0.0 {
            break;
        }
        let step = f / student_t_pdf(t, df);
        if step.abs() <= 1e-15 * t {
            t += step;
            break;
        }
        if f > 0.0 {
            lo = t; // tail area still too big: the quantile lies further out
        } else {
            hi = t;
        }
        let next = t + step;
        t = if next > lo && next < hi {
            next
        } else if hi.is_finite() {
            0.5 * (lo + hi)
        } else {
            2.0 * t.max(1.0)
        };
        if hi - lo <= 1e-15 * t {
            break;
        }
    }
    sign * t
}

const T975_TABLE_MAX: usize = 1000;

/// The two-sided 95% t critical value t₀.₉₇₅(df) for integer df >= 1.
///
/// Every mean CI and every regression coefficient needs it, so df <= 1000 come
/// from a table computed once (exact quantiles) and larger df from the
/// Cornish–Fisher expansion, whose error there is below 1e-13. df = 0 is NaN.
pub fn t975(df: usize) -> f64 {
    static TABLE: OnceLock<Box<[f64]>> = OnceLock::new();
    if df == 0 {
        return f64::NAN;
    }
    if df > T975_TABLE_MAX {
        return t_quantile_expansion(Z_975, df as f64);
    }
    let table = TABLE.get_or_init(|| {
        (0..=T975_TABLE_MAX).map(|d| if d == 0 { f64::NAN } else { student_t_quantile(0.975, d as f64) }).collect()
    });
    table[df]
}

/// The part of the Binomial(n, p) pmf that is not negligible: the first k and
/// the probabilities from there on, summing to 1.
///
/// Anchored at the mode in log space (ln Γ) and walked outward with the pmf
/// ratio until terms drop below 1e-20 of the mode's; then renormalised, so the
/// anchor's rounding cancels and the window costs O(√n), not O(n). Needs
/// 0 < p < 1.
pub(crate) fn binomial_pmf_window(n: u64, p: f64) -> (u64, Vec<f64>) {
    debug_assert!(p > 0.0 && p < 1.0);
    let q = 1.0 - p;
    let nf = n as f64;
    let mode = (((n + 1) as f64) * p).floor().min(nf) as u64;
    let mf = mode as f64;
    let ln_pm = ln_gamma(nf + 1.0) - ln_gamma(mf + 1.0) - ln_gamma(nf - mf + 1.0) + mf * p.ln() + (nf - mf) * q.ln();
    let pm = ln_pm.exp().max(TINY);
    let cutoff = pm * 1e-20;
    let odds = p / q;

    let mut down = Vec::new();
    let mut t = pm;
    let mut k = mode;
    while k > 0 {
        t *= k as f64 / ((n - k + 1) as f64 * odds);
        k -= 1;
        if t < cutoff {
            break;
        }
        down.push(t);
    }
    let first = mode - down.len() as u64;
    let mut w: Vec<f64> = down.into_iter().rev().collect();
    w.push(pm);
    let mut t = pm;
    let mut k = mode;
    while k < n {
        t *= (n - k) as f64 / (k + 1) as f64 * odds;
        k += 1;
        if t < cutoff {
            break;
        }
        w.push(t);
    }
    let total: f64 = w.iter().sum();
    for v in &mut w {
        *v /= total;
    }
    (first, w)
}

/// Binomial CDF P(X <= k) for X ~ Binomial(n, p), exact up to rounding (terms
/// below 1e-20 of the mode's are dropped). p = 0 or 1 are handled as point
/// masses.
pub fn binomial_cdf(k: u64, n: u64, p: f64) -> f64 {
    if k >= n || p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    let (first, w) = binomial_pmf_window(n, p);
    if k < first {
        return 0.0;
    }
    let last = ((k - first) as usize).min(w.len() - 1);
    w[..=last].iter().sum::<f64>().min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut ln_fact = 0.0_f64;
        for n in 1..=170u32 {
            // ln Γ(n + 1) = ln n!
            ln_fact += f64::from(n).ln();
            let got = ln_gamma(f64::from(n) + 1.0);
            assert!((got - ln_fact).abs() <= 1e-13 * ln_fact.max(1.0), "n={n}");
        }
        assert!((ln_gamma(0.5) - PI.sqrt().ln()).abs() < 1e-14);
        assert!(ln_gamma(1.0).abs() < 1e-15 && ln_gamma(2.0).abs() < 1e-15);
        // Γ(-0.5) = -2√π
        assert!((ln_gamma(-0.5) - (2.0 * PI.sqrt()).ln()).abs() < 1e-13);
    }

    #[test]
    fn normal_quantile_round_trips_through_cdf() {
        for &p in &[1e-12, 1e-6, 0.001, 0.025, 0.1, 0.3, 0.5, 0.77, 0.975, 0.999_999] {
            let z = normal_quantile(p);
            assert!((normal_cdf(z) - p).abs() <= 1e-14 * p.max(1e-3), "p={p}");
        }
        assert!((normal_quantile(0.975) - Z_975).abs() < 1e-15);
    }

    #[test]
    fn t_quantile_closed_forms_and_limits() {
        assert!((student_t_quantile(0.975, 1.0) - 12.706_204_736_174_7).abs() < 1e-10);
        assert!((student_t_quantile(0.975, 2.0) - 4.302_652_729_749_464).abs() < 1e-12);
        assert!((student_t_quantile(0.025, 10.0) + 2.228_138_851_986_275_3).abs() < 1e-12);
        // Newton path and expansion agree where both apply.
        for df in [1001.0, 4999.0, 5000.0, 1e6] {
            let t = student_t_quantile(0.975, df);
            assert!((student_t_cdf(t, df) - 0.975).abs() < 1e-14, "df={df}");
            let newton = t;
            let series = t_quantile_expansion(Z_975, df);
            assert!((newton - series).abs() < 1e-12, "df={df}");
        }
        assert!((t975(30) - 2.042_272_456_301_237_8).abs() < 1e-12);
        assert!((t975(100_000) - Z_975).abs() < 1e-4);
    }

    #[test]
    fn t_cdf_inverts_quantile() {
        for df in [3.0, 4.5, 7.0, 29.0, 200.0] {
            for p in [0.001, 0.05, 0.5, 0.9, 0.999] {
                let t = student_t_quantile(p, df);
                assert!((student_t_cdf(t, df) - p).abs() < 1e-13, "df={df} p={p}");
            }
        }
    }

    #[test]
    fn binomial_cdf_small_cases() {
        // Binomial(4, 0.5): 1/16, 5/16, 11/16, 15/16, 1
        let want = [1.0 / 16.0, 5.0 / 16.0, 11.0 / 16.0, 15.0 / 16.0, 1.0];
        for (k, w) in want.iter().enumerate() {
            assert!((binomial_cdf(k as u64, 4, 0.5) - w).abs() < 1e-15);
        }
        // Extreme p: Binomial(1000, 0.9) puts essentially nothing at k <= 800.
        assert!(binomial_cdf(800, 1000, 0.9) < 1e-15);
        assert!((binomial_cdf(0, 30, 0.1) - 0.9_f64.powi(30)).abs() < 1e-15);
    }
}
