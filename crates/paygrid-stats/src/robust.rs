//! Heteroskedasticity- and cluster-robust standard errors of an OLS fit
//! (sandwich estimators), computed in a second pass over the same rows.
//!
//! The classical covariance σ̂²(X'X)⁻¹ assumes every row has the same error
//! variance and that rows are independent. Pay data breaks both: the spread
//! of log pay differs between groups (a skill held by a mixed crowd of
//! students and staff engineers is noisier than one held by seniors), and
//! records from one employer share its pay policy. With B = (X'X)⁻¹, eᵢ the
//! OLS residual of row i, xᵢ its regressors and hᵢ = xᵢ'Bxᵢ its leverage:
//!
//! - **HC3** (MacKinnon & White 1985): Cov(β̂) = B [Σᵢ xᵢxᵢ' eᵢ²/(1 − hᵢ)²] B,
//!   with the t reference distribution on n − rank degrees of freedom. The
//!   (1 − hᵢ)⁻² inflation undoes the shrinkage of residuals at high-leverage
//!   rows (a dummy held by few rows); it is the variant recommended for
//!   samples of hundreds (Long & Ervin 2000). A row with hᵢ = 1 (within
//!   [`LEVERAGE_ONE_TOL`]) is fitted exactly by a coefficient of its own; its
//!   residual is 0 and it contributes nothing, which gives every other
//!   coefficient the HC3 covariance of the fit without that row.
//! - **CR1** (Liang & Zeger 1986, with Stata's small-sample factor):
//!   Cov(β̂) = G/(G − 1)·(n − 1)/(n − rank)·B [Σ_g s_g s_g'] B with
//!   s_g = Σ_{i ∈ g} xᵢeᵢ over the rows of cluster g, and the t reference on
//!   G − 1 degrees of freedom. A row without a cluster is a cluster of its
//!   own. It allows any correlation within a cluster; it needs many clusters
//!   (the caller decides how many are enough).
//!
//! Aliased coefficients of the fit stay NaN and their columns are ignored, as
//! in the fit itself.

use crate::dist::t975;
use crate::hypothesis::t_test_p_value;
use crate::regression::{Coef, OlsFit};
use std::collections::BTreeMap;

/// A row whose leverage hᵢ is at least 1 − this is treated as fitted exactly
/// (hᵢ = 1): see the module documentation.
pub const LEVERAGE_ONE_TOL: f64 = 1e-10;

/// How a table's standard errors were estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeMethod {
    /// σ̂²(X'X)⁻¹: equal error variance, independent rows.
    Classical,
    /// Heteroskedasticity-robust HC3.
    Hc3,
    /// Cluster-robust CR1.
    Cr1,
}

impl SeMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            SeMethod::Classical => "classical",
            SeMethod::Hc3 => "HC3",
            SeMethod::Cr1 => "CR1",
        }
    }
}

/// Second pass over the rows of a fit: feed every row again, exactly as it
/// was fed to the [`crate::OlsAccumulator`] (same columns, same y), with its
/// cluster if any; then ask for [`RobustAccumulator::hc3`] or
/// [`RobustAccumulator::cr1`]. Memory is O(p²) plus the non-zero scores of
/// each cluster.
#[derive(Debug, Clone)]
pub struct RobustAccumulator<'a> {
    fit: &'a OlsFit,
    /// Estimates, 0 for aliased coefficients (whose columns are ignored).
    beta: Vec<f64>,
    /// Upper triangle of Σ xᵢxᵢ' (eᵢ/(1 − hᵢ))².
    hc3: Vec<f64>,
    /// Upper triangle of Σ xᵢxᵢ' eᵢ² over rows without a cluster.
    singles: Vec<f64>,
    singletons: usize,
    /// Per cluster, the entries of Σ xᵢeᵢ (compacted now and then). Ordered
    /// so that the sums run in the same order on every run.
    scores: BTreeMap<u64, Vec<(usize, f64)>>,
    n: usize,
    scratch: Vec<(usize, f64)>,
}

/// Robust covariance of a fit, with its coefficients' standard errors,
/// intervals and p-values.
#[derive(Debug, Clone)]
pub struct RobustFit {
    pub method: SeMethod,
    /// Estimates as in the fit; se, lo and hi from the robust covariance with
    /// t₀.₉₇₅(df).
    pub coefs: Vec<Coef>,
    /// Degrees of freedom of the t reference: n − rank (HC3) or G − 1 (CR1).
    pub df: usize,
    /// Clusters G, for CR1 (rows without a cluster count one each).
    pub clusters: Option<usize>,
    p: usize,
    cov: Vec<f64>,
}

impl RobustFit {
    /// Robust covariance of coefficients i and j (NaN when either is aliased).
    pub fn cov(&self, i: usize, j: usize) -> f64 {
        self.cov[i * self.p + j]
    }

    /// Two-sided p-value of coefficient j = 0 (t test on [`RobustFit::df`]).
    pub fn p_value(&self, j: usize) -> f64 {
        let c = &self.coefs[j];
        if c.aliased {
            return f64::NAN;
        }
        t_test_p_value(c.estimate, c.se, self.df as f64)
    }
}

impl OlsFit {
    /// Starts the second pass that computes robust standard errors.
    pub fn robust(&self) -> RobustAccumulator<'_> {
        let p = self.p;
        RobustAccumulator {
            fit: self,
            beta: self.coefs.iter().map(|c| if c.aliased { 0.0 } else { c.estimate }).collect(),
            hc3: vec![0.0; p * p],
            singles: vec![0.0; p * p],
            singletons: 0,
            scores: BTreeMap::new(),
            n: 0,
            scratch: Vec::new(),
        }
    }
}

impl RobustAccumulator<'_> {
    /// Rows fed so far.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Adds one row given densely; see [`RobustAccumulator::push_sparse`].
    pub fn push_row(&mut self, x: &[f64], y: f64, cluster: Option<u64>) {
        let k = self.fit.p - usize::from(self.fit.intercept);
        assert_eq!(x.len(), k, "row length differs from the column count");
        let entries: Vec<(usize, f64)> = x.iter().enumerate().filter(|(_, v)| **v != 0.0).map(|(j, v)| (j, *v)).collect();
        self.push_sparse(entries, y, cluster);
    }

    /// Adds one row by its non-zero entries (column index 0..k as for the
    /// accumulator, value; repeated indices are summed), its response and
    /// its cluster (None: a cluster of its own).
    pub fn push_sparse<I: IntoIterator<Item = (usize, f64)>>(&mut self, entries: I, y: f64, cluster: Option<u64>) {
        let fit = self.fit;
        let p = fit.p;
        let shift = usize::from(fit.intercept);
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        for (j, v) in entries {
            assert!(j + shift < p, "column {j} out of range");
            s.push((j + shift, v));
        }
        if fit.intercept {
            s.push((0, 1.0));
        }
        s.sort_unstable_by_key(|e| e.0);
        s.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 += b.1;
                true
            } else {
                false
            }
        });
        s.retain(|&(j, v)| v != 0.0 && !fit.coefs[j].aliased);

        let fitted: f64 = s.iter().map(|&(j, v)| v * self.beta[j]).sum();
        let e = y - fitted;
        let mut h = 0.0;
        for &(a, va) in &s {
            for &(b, vb) in &s {
                h += va * vb * fit.xtx_inv[a * p + b];
            }
        }
        let w = if 1.0 - h > LEVERAGE_ONE_TOL { e / (1.0 - h) } else { 0.0 };
        let w2 = w * w;
        for (i, &(a, va)) in s.iter().enumerate() {
            for &(b, vb) in &s[i..] {
                self.hc3[a * p + b] += va * vb * w2;
            }
        }
        match cluster {
            None => {
                let e2 = e * e;
                for (i, &(a, va)) in s.iter().enumerate() {
                    for &(b, vb) in &s[i..] {
                        self.singles[a * p + b] += va * vb * e2;
                    }
                }
                self.singletons += 1;
            }
            Some(g) => {
                let score = self.scores.entry(g).or_default();
                score.extend(s.iter().map(|&(j, v)| (j, v * e)));
                if score.len() > 4 * p {
                    compact(score);
                }
            }
        }
        self.n += 1;
        self.scratch = s;
    }

    /// HC3 covariance; panics if the rows fed differ in number from the fit's.
    pub fn hc3(&self) -> RobustFit {
        assert_eq!(self.n, self.fit.n, "feed the fit's rows again, all of them");
        self.sandwich(SeMethod::Hc3, &self.hc3, 1.0, self.fit.df_resid, None)
    }

    /// CR1 covariance; None with fewer than 2 clusters. Panics if the rows
    /// fed differ in number from the fit's.
    pub fn cr1(&self) -> Option<RobustFit> {
        assert_eq!(self.n, self.fit.n, "feed the fit's rows again, all of them");
        let g = self.singletons + self.scores.len();
        if g < 2 {
            return None;
        }
        let p = self.fit.p;
        let mut meat = self.singles.clone();
        for score in self.scores.values() {
            let mut s = score.clone();
            compact(&mut s);
            for (i, &(a, va)) in s.iter().enumerate() {
                for &(b, vb) in &s[i..] {
                    meat[a * p + b] += va * vb;
                }
            }
        }
        let (n, rank) = (self.fit.n as f64, self.fit.rank as f64);
        let factor = g as f64 / (g - 1) as f64 * (n - 1.0) / (n - rank);
        Some(self.sandwich(SeMethod::Cr1, &meat, factor, g - 1, Some(g)))
    }

    /// factor·B·M·B over the non-aliased coefficients, M given by its upper
    /// triangle.
    fn sandwich(&self, method: SeMethod, meat_upper: &[f64], factor: f64, df: usize, clusters: Option<usize>) -> RobustFit {
        let fit = self.fit;
        let p = fit.p;
        let live: Vec<usize> = (0..p).filter(|&j| !fit.coefs[j].aliased).collect();
        let bread = |i: usize, j: usize| fit.xtx_inv[i * p + j];
        let meat = |i: usize, j: usize| if i <= j { meat_upper[i * p + j] } else { meat_upper[j * p + i] };
        // T = B·M, then V = T·B (B and V symmetric).
        let mut t = vec![0.0; p * p];
        for &i in &live {
            for &j in &live {
                t[i * p + j] = live.iter().map(|&k| bread(i, k) * meat(k, j)).sum();
            }
        }
        let mut cov = vec![f64::NAN; p * p];
        for (x, &i) in live.iter().enumerate() {
            for &j in &live[x..] {
                let v = factor * live.iter().map(|&k| t[i * p + k] * bread(k, j)).sum::<f64>();
                cov[i * p + j] = v;
                cov[j * p + i] = v;
            }
        }
        let tq = t975(df);
        let coefs = fit
            .coefs
            .iter()
            .enumerate()
            .map(|(j, c)| {
                if c.aliased {
                    return *c;
                }
                let se = cov[j * p + j].max(0.0).sqrt();
                Coef { estimate: c.estimate, se, lo: c.estimate - tq * se, hi: c.estimate + tq * se, aliased: false }
            })
            .collect();
        RobustFit { method, coefs, df, clusters, p, cov }
    }
}

/// Sorts a cluster's score entries by column and sums repeats.
fn compact(s: &mut Vec<(usize, f64)>) {
    s.sort_by_key(|e| e.0);
    s.dedup_by(|b, a| {
        if a.0 == b.0 {
            a.1 += b.1;
            true
        } else {
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::regression::{ols, OlsAccumulator};

    #[test]
    fn intercept_only_by_hand() {
        // y = 1, 2, 3, 6: β = 3, e = (−2, −1, 0, 3), Σe² = 14, every hᵢ = 1/4.
        // HC3: (1/n²)·Σ eᵢ²/(1 − hᵢ)² = (1/16)·14·(16/9) = 14/9.
        // CR1 with clusters {1, 2}, {3, 6}: scores −3 and 3, meat 18;
        // factor G/(G−1)·(n−1)/(n−rank) = 2·3/3 = 2; 2·18/16 = 9/4.
        let y = [1.0, 2.0, 3.0, 6.0];
        let f = ols(&[], &y, true).unwrap();
        assert!((f.coefs[0].estimate - 3.0).abs() < 1e-15);
        let mut r = f.robust();
        for (i, &yi) in y.iter().enumerate() {
            r.push_row(&[], yi, Some((i / 2) as u64));
        }
        let hc3 = r.hc3();
        assert!((hc3.coefs[0].se - (14.0_f64 / 9.0).sqrt()).abs() < 1e-14);
        assert_eq!(hc3.df, 3);
        let cr1 = r.cr1().unwrap();
        assert!((cr1.coefs[0].se - 1.5).abs() < 1e-14);
        assert_eq!((cr1.df, cr1.clusters), (1, Some(2)));
        // t₀.₉₇₅(1) = 12.706204736174705.
        assert!((cr1.coefs[0].hi - (3.0 + 12.706_204_736_174_705 * 1.5)).abs() < 1e-12);
    }

    #[test]
    fn slope_by_hand() {
        // y = 1 + 2x + e at x = 0..3 with e = (+1, −1, −1, +1):
        // hᵢ = 1/4 + (x − 1.5)²/5 = 0.7, 0.3, 0.3, 0.7, Sxx = 5.
        // HC3 var(slope) = Σ (x − x̄)² eᵢ²/(1 − hᵢ)² / Sxx²
        //   = (2·2.25/0.09 + 2·0.25/0.49)/25 = (50 + 50/49)/25 = 100/49.
        let x = [0.0, 1.0, 2.0, 3.0];
        let y = [2.0, 2.0, 4.0, 8.0];
        let f = ols(&[&x], &y, true).unwrap();
        let mut r = f.robust();
        for i in 0..4 {
            r.push_row(&[x[i]], y[i], None);
        }
        let hc3 = r.hc3();
        assert!((hc3.coefs[1].se - 10.0 / 7.0).abs() < 1e-14, "{}", hc3.coefs[1].se);
        // Every row its own cluster: CR1 = HC0 · n/(n − 1)·(n − 1)/(n − rank)
        // = HC1: Σ (x − x̄)² eᵢ² / Sxx² · n/(n − 2) = (5/25)·2 = 0.4.
        let cr1 = r.cr1().unwrap();
        assert!((cr1.coefs[1].se - 0.4_f64.sqrt()).abs() < 1e-14);
        assert_eq!(cr1.clusters, Some(4));
        // p-value of the slope: t = 2/(10/7) = 1.4 at df 2.
        let p = hc3.p_value(1);
        assert!((p - crate::hypothesis::t_test_p_value(2.0, 10.0 / 7.0, 2.0)).abs() < 1e-15);
    }

    #[test]
    fn a_row_with_leverage_one_contributes_nothing() {
        // A dummy held by one row (h = 1): the other coefficient's HC3 se is
        // the same as without that row and its dummy.
        let xs = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        let ys = [1.0, 2.9, 5.2, 6.8, 9.1, 30.0];
        let mut acc = OlsAccumulator::new(2, true);
        for i in 0..6 {
            acc.push_row(&[xs[i], if i == 5 { 1.0 } else { 0.0 }], ys[i]);
        }
        let f = acc.fit().unwrap();
        let mut r = f.robust();
        for i in 0..6 {
            r.push_row(&[xs[i], if i == 5 { 1.0 } else { 0.0 }], ys[i], None);
        }
        let with = r.hc3();
        let g = ols(&[&xs[..5]], &ys[..5], true).unwrap();
        let mut r = g.robust();
        for i in 0..5 {
            r.push_row(&[xs[i]], ys[i], None);
        }
        let without = r.hc3();
        assert!((with.coefs[1].estimate - without.coefs[1].estimate).abs() < 1e-12);
        assert!((with.coefs[1].se - without.coefs[1].se).abs() < 1e-12);
        assert!(with.coefs[1].se.is_finite() && with.coefs[1].se > 0.0);
    }

    #[test]
    fn aliased_columns_stay_nan_and_fewer_than_two_clusters_give_none() {
        let x1 = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let y = [1.1, 1.9, 3.2, 3.9, 5.1, 6.2];
        let mut acc = OlsAccumulator::new(2, true);
        for i in 0..6 {
            acc.push_row(&[x1[i], 2.0 * x1[i]], y[i]);
        }
        let f = acc.fit().unwrap();
        let mut r = f.robust();
        for i in 0..6 {
            r.push_row(&[x1[i], 2.0 * x1[i]], y[i], Some(7));
        }
        let h = r.hc3();
        assert!(h.coefs[2].aliased && h.coefs[2].se.is_nan() && h.p_value(2).is_nan());
        assert!(h.coefs[1].se.is_finite());
        assert!(r.cr1().is_none(), "one cluster");
    }
}
