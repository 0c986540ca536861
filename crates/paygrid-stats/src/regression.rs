//! Ordinary least squares for log-pay regressions (metro multipliers, skill
//! premiums), with dummy-coded categorical covariates.
//!
//! Rows are streamed into X'X, X'y and y'y, so memory is O(p²) however many
//! rows there are, and a row costs O(m²) for its m non-zero entries: a dummy
//! coded row with a handful of factors touches a handful of cells even when p
//! is in the hundreds. The normal equations are solved by a Cholesky
//! factorisation that detects and drops aliased (linearly dependent) columns.

use crate::dist::t975;

/// A column whose residual sum of squares, after projection on the columns
/// before it, is at most this fraction of its own sum of squares is treated as
/// aliased (a variance inflation factor above 1e10). Rounding in X'X is
/// around 1e-14 relative, far below it; genuine covariates are far above it.
pub const ALIAS_TOL: f64 = 1e-10;

/// Why a regression could not be fitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OlsError {
    /// No rows were supplied.
    Empty,
    /// n <= rank: no residual degrees of freedom, so no standard errors.
    NoResidualDf { n: usize, rank: usize },
    /// A non-finite value reached the cross-products.
    NonFinite,
    /// Columns (or y) of different lengths.
    LengthMismatch,
}

impl std::fmt::Display for OlsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OlsError::Empty => write!(f, "regression has no rows"),
            OlsError::NoResidualDf { n, rank } => {
                write!(f, "regression has {n} rows for {rank} independent columns: no residual degrees of freedom")
            }
            OlsError::NonFinite => write!(f, "non-finite value in regression data"),
            OlsError::LengthMismatch => write!(f, "regression columns differ in length"),
        }
    }
}

impl std::error::Error for OlsError {}

/// One fitted coefficient with its classical standard error and t-based 95%
/// CI. Aliased coefficients are not estimable: every number is NaN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coef {
    pub estimate: f64,
    /// √(σ̂²·[(X'X)⁻¹]ⱼⱼ), σ̂² = RSS / (n − rank).
    pub se: f64,
    /// estimate − t₀.₉₇₅(n − rank)·se.
    pub lo: f64,
    /// estimate + t₀.₉₇₅(n − rank)·se.
    pub hi: f64,
    pub aliased: bool,
}

impl Coef {
    /// The coefficient of a log-pay regression as a percentage effect; see
    /// [`premium`].
    pub fn premium(&self) -> (f64, f64, f64) {
        premium(self.estimate, self.lo, self.hi)
    }

    /// Whether the 95% CI excludes 0 (e.g. whether a top skill premium may be
    /// named).
    pub fn significant(&self) -> bool {
        !self.aliased && (self.lo > 0.0 || self.hi < 0.0)
    }
}

/// Multiplicative effect of a log-scale coefficient and its CI:
/// (e^β − 1, e^lo − 1, e^hi − 1). The exponential maps the symmetric CI on the
/// log scale to the (asymmetric) one on the percentage scale exactly, which a
/// delta-method "±" would not.
pub fn premium(beta: f64, lo: f64, hi: f64) -> (f64, f64, f64) {
    (beta.exp_m1(), lo.exp_m1(), hi.exp_m1())
}

/// Streaming accumulator of the cross-products of an OLS regression.
///
/// With `intercept`, coefficient 0 is an implicit all-ones column and the
/// caller's columns are coefficients 1..=k; y is shifted by its first value
/// while accumulating (the intercept absorbs it back), so y'y does not cancel
/// catastrophically against b'X'y when residuals are small next to y.
#[derive(Debug, Clone)]
pub struct OlsAccumulator {
    k: usize,
    intercept: bool,
    p: usize,
    xtx: Vec<f64>,
    xty: Vec<f64>,
    yty: f64,
    sum_y: f64,
    shift: f64,
    n: usize,
    scratch: Vec<(usize, f64)>,
}

impl OlsAccumulator {
    /// An empty accumulator for `columns` regressors (not counting the
    /// intercept).
    pub fn new(columns: usize, intercept: bool) -> OlsAccumulator {
        let p = columns + usize::from(intercept);
        OlsAccumulator {
            k: columns,
            intercept,
            p,
            xtx: vec![0.0; p * p],
            xty: vec![0.0; p],
            yty: 0.0,
            sum_y: 0.0,
            shift: 0.0,
            n: 0,
            scratch: Vec::new(),
        }
    }

    /// Rows accumulated so far.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Number of coefficients, including the intercept.
    pub fn coefficients(&self) -> usize {
        self.p
    }

    /// Add one row given densely (`x.len()` must equal the column count); zeros
    /// are skipped, so dummy-coded dense rows are as cheap as sparse ones.
    pub fn push_row(&mut self, x: &[f64], y: f64) {
        assert_eq!(x.len(), self.k, "row length differs from the column count");
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        s.extend(x.iter().enumerate().filter(|(_, v)| **v != 0.0).map(|(j, v)| (j, *v)));
        self.accumulate(&mut s, y);
        self.scratch = s;
    }

    /// Add one row given by its non-zero entries (column index 0..k, value);
    /// repeated indices are summed.
    pub fn push_sparse<I: IntoIterator<Item = (usize, f64)>>(&mut self, entries: I, y: f64) {
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        for (j, v) in entries {
            assert!(j < self.k, "column {j} out of range (k = {})", self.k);
            s.push((j, v));
        }
        self.accumulate(&mut s, y);
        self.scratch = s;
    }

    fn accumulate(&mut self, s: &mut Vec<(usize, f64)>, y: f64) {
        if self.intercept {
            for e in s.iter_mut() {
                e.0 += 1;
            }
            s.push((0, 1.0));
            if self.n == 0 {
                self.shift = y;
            }
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
        let yc = y - self.shift;
        let p = self.p;
        for (a, &(i, vi)) in s.iter().enumerate() {
            let row = &mut self.xtx[i * p..(i + 1) * p];
            for &(j, vj) in &s[a..] {
                row[j] += vi * vj;
            }
            self.xty[i] += vi * yc;
        }
        self.yty += yc * yc;
        self.sum_y += yc;
        self.n += 1;
    }

    /// Solve the normal equations and compute standard errors.
    ///
    /// Definitions: β̂ = (X'X)⁻¹X'y over the non-aliased columns (Cholesky);
    /// σ̂² = RSS/(n − rank); Cov(β̂) = σ̂²(X'X)⁻¹; CIs β̂ ± t₀.₉₇₅(n − rank)·se.
    /// A column is aliased when it is (numerically) a linear combination of
    /// the columns before it (see [`ALIAS_TOL`]); it gets NaN figures and the
    /// others are estimated as if it were absent, so the order of columns
    /// decides which of a dependent set is dropped (put reference-coded
    /// dummies after the covariates they may duplicate).
    pub fn fit(&self) -> Result<OlsFit, OlsError> {
        let p = self.p;
        if self.n == 0 {
            return Err(OlsError::Empty);
        }
        let finite = self.xtx.iter().chain(&self.xty).all(|v| v.is_finite()) && self.yty.is_finite();
        if !finite {
            return Err(OlsError::NonFinite);
        }
        // Upper triangle of X'X at a[i*p + j], i <= j.
        let a = &self.xtx;
        let mut l = vec![0.0; p * p];
        let mut aliased = vec![false; p];
        for j in 0..p {
            let ajj = a[j * p + j];
            let s = ajj - dot(&l[j * p..j * p + j], &l[j * p..j * p + j]);
            if ajj <= 0.0 || s <= ALIAS_TOL * ajj {
                aliased[j] = true;
                l[j * p..j * p + j].fill(0.0);
                continue;
            }
            let ljj = s.sqrt();
            l[j * p + j] = ljj;
            for i in j + 1..p {
                let v = (a[j * p + i] - dot(&l[i * p..i * p + j], &l[j * p..j * p + j])) / ljj;
                l[i * p + j] = v;
            }
        }
        let rank = aliased.iter().filter(|&&x| !x).count();
        if self.n <= rank {
            return Err(OlsError::NoResidualDf { n: self.n, rank });
        }
        let df = self.n - rank;

        // Forward: L z = X'y.
        let mut z = vec![0.0; p];
        for i in 0..p {
            if !aliased[i] {
                z[i] = (self.xty[i] - dot(&l[i * p..i * p + i], &z[..i])) / l[i * p + i];
            }
        }
        // Backward: L' b = z.
        let mut b = vec![0.0; p];
        for i in (0..p).rev() {
            if !aliased[i] {
                let mut acc = z[i];
                for k in i + 1..p {
                    acc -= l[k * p + i] * b[k];
                }
                b[i] = acc / l[i * p + i];
            }
        }
        let rss = (self.yty - dot(&z, &z)).max(0.0);
        let sigma2 = rss / df as f64;

        // L⁻¹ (lower triangular), column by column.
        let mut linv = vec![0.0; p * p];
        for j in 0..p {
            if aliased[j] {
                continue;
            }
            linv[j * p + j] = 1.0 / l[j * p + j];
            for i in j + 1..p {
                if aliased[i] {
                    continue;
                }
                let mut acc = 0.0;
                for k in j..i {
                    acc += l[i * p + k] * linv[k * p + j];
                }
                linv[i * p + j] = -acc / l[i * p + i];
            }
        }
        // (X'X)⁻¹ = L⁻ᵀ L⁻¹.
        let mut cov = vec![f64::NAN; p * p];
        let mut xtx_inv = vec![f64::NAN; p * p];
        for r in 0..p {
            if aliased[r] {
                continue;
            }
            for c in r..p {
                if aliased[c] {
                    continue;
                }
                let mut acc = 0.0;
                for k in c..p {
                    acc += linv[k * p + r] * linv[k * p + c];
                }
                xtx_inv[r * p + c] = acc;
                xtx_inv[c * p + r] = acc;
                cov[r * p + c] = sigma2 * acc;
                cov[c * p + r] = sigma2 * acc;
            }
        }

        let t = t975(df);
        let coefs = (0..p)
            .map(|j| {
                if aliased[j] {
                    return Coef { estimate: f64::NAN, se: f64::NAN, lo: f64::NAN, hi: f64::NAN, aliased: true };
                }
                let estimate = if self.intercept && j == 0 { b[j] + self.shift } else { b[j] };
                let se = cov[j * p + j].sqrt();
                Coef { estimate, se, lo: estimate - t * se, hi: estimate + t * se, aliased: false }
            })
            .collect();
        let tss = if self.intercept { self.yty - self.sum_y * self.sum_y / self.n as f64 } else { self.yty };
        Ok(OlsFit {
            coefs,
            n: self.n,
            rank,
            df_resid: df,
            sigma2,
            r_squared: if tss > 0.0 { 1.0 - rss / tss } else { f64::NAN },
            intercept: self.intercept,
            p,
            cov,
            xtx_inv,
        })
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A fitted OLS regression.
#[derive(Debug, Clone)]
pub struct OlsFit {
    /// One per coefficient; index 0 is the intercept when there is one.
    pub coefs: Vec<Coef>,
    pub n: usize,
    /// Number of estimable (non-aliased) coefficients.
    pub rank: usize,
    /// n − rank.
    pub df_resid: usize,
    /// Residual variance RSS / (n − rank).
    pub sigma2: f64,
    /// 1 − RSS/TSS, TSS about the mean with an intercept and about 0 without.
    pub r_squared: f64,
    pub intercept: bool,
    pub(crate) p: usize,
    cov: Vec<f64>,
    /// (X'X)⁻¹ over the non-aliased coefficients (NaN elsewhere): the bread
    /// of the sandwich covariances.
    pub(crate) xtx_inv: Vec<f64>,
}

impl OlsFit {
    /// Estimated covariance of coefficients i and j (NaN when either is
    /// aliased).
    pub fn cov(&self, i: usize, j: usize) -> f64 {
        self.cov[i * self.p + j]
    }

    /// Indices of the aliased coefficients.
    pub fn aliased(&self) -> Vec<usize> {
        self.coefs.iter().enumerate().filter(|(_, c)| c.aliased).map(|(i, _)| i).collect()
    }

    /// Estimate, se and 95% CI of the linear combination Σ wᵢβᵢ, e.g. the
    /// difference of two dummy effects; its variance Σ wᵢwⱼCov(βᵢ, βⱼ) accounts
    /// for their correlation, which comparing two separate CIs would not.
    pub fn linear_combination(&self, weights: &[(usize, f64)]) -> Coef {
        let aliased = weights.iter().any(|&(i, w)| w != 0.0 && self.coefs[i].aliased);
        if aliased {
            return Coef { estimate: f64::NAN, se: f64::NAN, lo: f64::NAN, hi: f64::NAN, aliased: true };
        }
        let estimate: f64 = weights.iter().map(|&(i, w)| w * self.coefs[i].estimate).sum();
        let mut var = 0.0;
        for &(i, wi) in weights {
            for &(j, wj) in weights {
                if wi != 0.0 && wj != 0.0 {
                    var += wi * wj * self.cov(i, j);
                }
            }
        }
        let se = var.max(0.0).sqrt();
        let t = t975(self.df_resid);
        Coef { estimate, se, lo: estimate - t * se, hi: estimate + t * se, aliased: false }
    }
}

/// Column layout of a regression on numeric covariates and categorical factors
/// with treatment (dummy) coding.
///
/// Coefficient 0 is the intercept, then one per numeric covariate, then for
/// each factor one dummy per level except level 0, the reference level that
/// the intercept stands for (so each dummy reads "this level vs the
/// reference"). Levels are dense codes 0..levels chosen by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Design {
    numeric: usize,
    levels: Vec<usize>,
    offsets: Vec<usize>,
    columns: usize,
}

impl Design {
    /// A design with `numeric` covariates and factors of the given level
    /// counts (each >= 1; a 1-level factor contributes no column).
    pub fn new(numeric: usize, factor_levels: &[usize]) -> Design {
        let mut offsets = Vec::with_capacity(factor_levels.len());
        let mut next = numeric;
        for &l in factor_levels {
            assert!(l >= 1, "a factor needs at least one level");
            offsets.push(next);
            next += l - 1;
        }
        Design { numeric, levels: factor_levels.to_vec(), offsets, columns: next }
    }

    /// Regressor columns, not counting the intercept.
    pub fn columns(&self) -> usize {
        self.columns
    }

    /// Coefficient index of numeric covariate `i`.
    pub fn numeric_coef(&self, i: usize) -> usize {
        assert!(i < self.numeric);
        1 + i
    }

    /// Coefficient index of the dummy for `level` of factor `f`; None for the
    /// reference level 0.
    pub fn factor_coef(&self, f: usize, level: usize) -> Option<usize> {
        assert!(level < self.levels[f], "level {level} out of range for factor {f}");
        (level > 0).then(|| 1 + self.offsets[f] + level - 1)
    }

    /// An empty accumulator with an intercept for this design.
    pub fn accumulator(&self) -> OlsAccumulator {
        OlsAccumulator::new(self.columns, true)
    }

    /// Add one observation: its numeric covariates, the level of each factor,
    /// and the response.
    pub fn push(&self, acc: &mut OlsAccumulator, numeric: &[f64], levels: &[usize], y: f64) {
        assert_eq!(numeric.len(), self.numeric, "numeric covariate count");
        assert_eq!(levels.len(), self.levels.len(), "factor count");
        let nums = numeric.iter().enumerate().filter(|(_, v)| **v != 0.0).map(|(i, v)| (i, *v));
        let dummies = levels.iter().enumerate().filter_map(|(f, &lv)| {
            assert!(lv < self.levels[f], "level {lv} out of range for factor {f}");
            (lv > 0).then(|| (self.offsets[f] + lv - 1, 1.0))
        });
        acc.push_sparse(nums.chain(dummies), y);
    }
}

/// OLS of `y` on dense `columns` (column-major: `columns[j][i]` is row i of
/// regressor j), with an intercept first if asked; rows are streamed, see
/// [`OlsAccumulator::fit`] for the definitions.
pub fn ols(columns: &[&[f64]], y: &[f64], intercept: bool) -> Result<OlsFit, OlsError> {
    if columns.iter().any(|c| c.len() != y.len()) {
        return Err(OlsError::LengthMismatch);
    }
    let mut acc = OlsAccumulator::new(columns.len(), intercept);
    let mut row = vec![0.0; columns.len()];
    for (i, &yi) in y.iter().enumerate() {
        for (r, c) in row.iter_mut().zip(columns) {
            *r = c[i];
        }
        acc.push_row(&row, yi);
    }
    acc.fit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_line_by_hand() {
        // y = 1 + 2x + e with e = (+1, −1, −1, +1) at x = 0..3:
        // x̄ = 1.5, Sxx = 5, Σ(x−x̄)e = −1.5·1 −0.5·−1 + 0.5·−1 + 1.5·1 = 0
        // → slope exactly 2, intercept 1 + ē = 1; RSS = 4, σ² = 2, se(b) = √(2/5).
        let x = [0.0, 1.0, 2.0, 3.0];
        let y = [2.0, 2.0, 4.0, 8.0];
        let f = ols(&[&x], &y, true).unwrap();
        assert!((f.coefs[1].estimate - 2.0).abs() < 1e-12);
        assert!((f.coefs[0].estimate - 1.0).abs() < 1e-12);
        assert!((f.sigma2 - 2.0).abs() < 1e-12);
        assert!((f.coefs[1].se - (2.0_f64 / 5.0).sqrt()).abs() < 1e-12);
        // se(a) = σ √(1/n + x̄²/Sxx) = √2 · √(0.25 + 0.45)
        assert!((f.coefs[0].se - (2.0 * 0.7_f64).sqrt()).abs() < 1e-12);
        assert_eq!(f.df_resid, 2);
        let t = 4.302_652_729_749_464; // t₀.₉₇₅(2)
        assert!((f.coefs[1].hi - (2.0 + t * 0.4_f64.sqrt())).abs() < 1e-10);
    }

    #[test]
    fn aliased_column_is_dropped() {
        // x2 = 2·x1: aliased, and the fit equals the fit without it.
        let x1 = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let x2: Vec<f64> = x1.iter().map(|v| 2.0 * v).collect();
        let y = [1.1, 1.9, 3.2, 3.9, 5.1, 6.2];
        let f = ols(&[&x1, &x2], &y, true).unwrap();
        assert_eq!(f.aliased(), vec![2]);
        assert_eq!(f.rank, 2);
        let g = ols(&[&x1], &y, true).unwrap();
        for j in 0..2 {
            assert!((f.coefs[j].estimate - g.coefs[j].estimate).abs() < 1e-12);
            assert!((f.coefs[j].se - g.coefs[j].se).abs() < 1e-12);
        }
        assert!(f.coefs[2].estimate.is_nan());
    }

    #[test]
    fn full_dummy_set_with_intercept_is_aliased_and_empty_level_too() {
        // Factor with 3 levels, all coded as dummies + intercept: the last
        // dummy is aliased. An all-zero column (level never seen) is aliased.
        let mut acc = OlsAccumulator::new(4, true);
        let rows: [(usize, f64); 9] = [(0, 1.0), (0, 1.2), (0, 0.9), (1, 2.0), (1, 2.1), (1, 1.8), (2, 3.0), (2, 3.3), (2, 2.9)];
        for &(lv, y) in &rows {
            let mut x = [0.0; 4];
            x[lv] = 1.0;
            acc.push_row(&x, y);
        }
        let f = acc.fit().unwrap();
        assert_eq!(f.aliased(), vec![3, 4]);
        // Intercept + dummies for levels 0 and 1 → level 2 is the reference.
        assert!((f.coefs[0].estimate - (3.0 + 3.3 + 2.9) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn design_coding_and_contrasts() {
        let d = Design::new(1, &[3, 2]);
        assert_eq!(d.columns(), 1 + 2 + 1);
        assert_eq!(d.numeric_coef(0), 1);
        assert_eq!(d.factor_coef(0, 0), None);
        assert_eq!(d.factor_coef(0, 2), Some(3));
        assert_eq!(d.factor_coef(1, 1), Some(4));
        let mut acc = d.accumulator();
        // y = 10 + 0.1·yoe + (0, 0.2, 0.5)[a] + (0, −0.3)[b], exact.
        for i in 0..24 {
            let yoe = f64::from(i % 7);
            let a = (i % 3) as usize;
            let b = (i / 3 % 2) as usize;
            let y = 10.0 + 0.1 * yoe + [0.0, 0.2, 0.5][a] + [0.0, -0.3][b] + 1e-3 * f64::from(i % 5);
            d.push(&mut acc, &[yoe], &[a, b], y);
        }
        let f = acc.fit().unwrap();
        assert!((f.coefs[3].estimate - 0.5).abs() < 2e-3);
        assert!((f.coefs[4].estimate + 0.3).abs() < 2e-3);
        let diff = f.linear_combination(&[(3, 1.0), (2, -1.0)]);
        assert!((diff.estimate - 0.3).abs() < 2e-3);
        assert!(diff.se > 0.0 && diff.lo < diff.estimate && diff.estimate < diff.hi);
        let (pe, plo, phi) = premium(0.1, 0.05, 0.15);
        assert!((pe - 0.105_170_918_075_647_6).abs() < 1e-15 && plo < pe && pe < phi);
    }

    #[test]
    fn errors() {
        assert_eq!(ols(&[], &[], true).unwrap_err(), OlsError::Empty);
        assert_eq!(ols(&[&[1.0, 2.0]], &[1.0], true).unwrap_err(), OlsError::LengthMismatch);
        assert_eq!(ols(&[&[1.0, 2.0]], &[1.0, 3.0], true).unwrap_err(), OlsError::NoResidualDf { n: 2, rank: 2 });
        assert_eq!(ols(&[&[1.0, f64::NAN, 2.0]], &[1.0, 3.0, 4.0], true).unwrap_err(), OlsError::NonFinite);
    }
}
