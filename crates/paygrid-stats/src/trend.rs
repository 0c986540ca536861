//! Trends in yearly figures, next-period projections with prediction
//! intervals, and the backtest that measures how good those projections are.
//!
//! Pay grows roughly geometrically, so trends are fitted to ln(value): the
//! slope is a constant yearly growth rate, and intervals on the log scale
//! map to asymmetric, always-positive ones on the value scale.

use crate::dist::t975;
use crate::quantile::pairwise_sum;

/// Fewest distinct periods a trend is fitted to; with fewer there is no
/// residual degree of freedom worth the name and callers fall back to a
/// stated market-wide rate.
pub const TREND_MIN_POINTS: usize = 3;

/// One period of a series: its position `x` (e.g. the calendar year), its
/// `value` (e.g. the period's median) and a `weight` (e.g. its n; use 1 for an
/// unweighted fit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesPoint {
    pub x: f64,
    pub value: f64,
    pub weight: f64,
}

impl SeriesPoint {
    /// A point of weight 1.
    pub fn new(x: f64, value: f64) -> SeriesPoint {
        SeriesPoint { x, value, weight: 1.0 }
    }

    /// A point with a weight, e.g. the number of records behind the value.
    pub fn weighted(x: f64, value: f64, weight: f64) -> SeriesPoint {
        SeriesPoint { x, value, weight }
    }
}

/// A projected value with its 95% prediction interval, at position `x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub x: f64,
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

/// Fitted log-linear trend ln(v) = a + b·x by (weighted) least squares.
///
/// Weights are normalised to mean 1, so σ̂² is the residual variance of a
/// period of average weight. Parameterised about the weighted mean x̄ so that
/// years like 2025 cost no precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogLinearTrend {
    /// Number of points fitted.
    pub points: usize,
    /// Residual degrees of freedom, points − 2.
    pub df: usize,
    /// Weighted mean of x.
    pub x_mean: f64,
    /// Fitted ln(value) at x̄.
    pub ln_at_mean: f64,
    /// b: change in ln(value) per unit of x.
    pub slope: f64,
    /// Standard error of b, σ̂/√Sxx.
    pub slope_se: f64,
    /// σ̂, residual standard deviation on the log scale.
    pub sigma: f64,
    /// Σ w (x − x̄)² with normalised weights.
    pub sxx: f64,
    /// Largest x fitted.
    pub last_x: f64,
}

impl LogLinearTrend {
    /// Fit ln(value) = a + b·x to the points with positive finite value and
    /// weight. Definitions: normalised weights wᵢ (mean 1), x̄ = Σwx/Σw,
    /// b = Σw(x−x̄)(ln v − ȳ)/Σw(x−x̄)², σ̂² = Σw·resid²/(m − 2).
    /// None with fewer than [`TREND_MIN_POINTS`] distinct x among them, so the
    /// caller falls back (see [`fallback_projection`]).
    pub fn fit(points: &[SeriesPoint]) -> Option<LogLinearTrend> {
        let pts: Vec<(f64, f64, f64)> = points
            .iter()
            .filter(|p| p.x.is_finite() && p.value.is_finite() && p.value > 0.0 && p.weight.is_finite() && p.weight > 0.0)
            .map(|p| (p.x, p.value.ln(), p.weight))
            .collect();
        let mut xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
        xs.sort_unstable_by(f64::total_cmp);
        xs.dedup();
        if xs.len() < TREND_MIN_POINTS {
            return None;
        }
        let m = pts.len();
        let w_mean = pts.iter().map(|p| p.2).sum::<f64>() / m as f64;
        let w = |p: &(f64, f64, f64)| p.2 / w_mean;
        let sw: f64 = pts.iter().map(w).sum();
        let x_mean = pts.iter().map(|p| w(p) * p.0).sum::<f64>() / sw;
        let y_mean = pts.iter().map(|p| w(p) * p.1).sum::<f64>() / sw;
        let sxx: f64 = pts.iter().map(|p| w(p) * (p.0 - x_mean).powi(2)).sum();
        let sxy: f64 = pts.iter().map(|p| w(p) * (p.0 - x_mean) * (p.1 - y_mean)).sum();
        let slope = sxy / sxx;
        let rss: f64 = pts.iter().map(|p| w(p) * (p.1 - y_mean - slope * (p.0 - x_mean)).powi(2)).sum();
        let df = m - 2;
        let sigma = (rss / df as f64).sqrt();
        Some(LogLinearTrend {
            points: m,
            df,
            x_mean,
            ln_at_mean: y_mean,
            slope,
            slope_se: sigma / sxx.sqrt(),
            sigma,
            sxx,
            last_x: *xs.last().expect("at least three x"),
        })
    }

    /// Growth per unit of x as a rate, e^b − 1 (e.g. 0.042 = +4.2%/year).
    pub fn growth(&self) -> f64 {
        self.slope.exp_m1()
    }

    /// 95% CI of the growth rate: e^(b ± t₀.₉₇₅(m−2)·se(b)) − 1.
    pub fn growth_ci(&self) -> (f64, f64) {
        let h = t975(self.df) * self.slope_se;
        ((self.slope - h).exp_m1(), (self.slope + h).exp_m1())
    }

    /// Projection at `x` with a 95% prediction interval for a new period of
    /// average weight: exp(ŷ ± t₀.₉₇₅(m−2)·σ̂·√(1 + 1/m + (x − x̄)²/Sxx)).
    /// The point value is exp(ŷ), the fitted median-type level (no
    /// retransformation bias correction: the series are medians, whose log is
    /// the median of the logs).
    pub fn project(&self, x: f64) -> Projection {
        let yhat = self.ln_at_mean + self.slope * (x - self.x_mean);
        let se = self.sigma * (1.0 + 1.0 / self.points as f64 + (x - self.x_mean).powi(2) / self.sxx).sqrt();
        let h = t975(self.df) * se;
        Projection { x, value: yhat.exp(), lo: (yhat - h).exp(), hi: (yhat + h).exp() }
    }

    /// [`Self::project`] with the slope's standard error raised to at least
    /// `min_slope_se`: exp(ŷ ± t₀.₉₇₅(m−2)·√(σ̂²(1 + 1/m) + max(se(b), floor)²·(x − x̄)²)).
    /// A handful of yearly medians can line up by chance (or repeat a round
    /// figure), giving se(b) ≈ 0 and an interval that claims the future
    /// growth is known exactly; the floor says no fit knows it better.
    pub fn project_floored(&self, x: f64, min_slope_se: f64) -> Projection {
        let yhat = self.ln_at_mean + self.slope * (x - self.x_mean);
        let se_b = self.slope_se.max(min_slope_se.abs());
        let var = self.sigma.powi(2) * (1.0 + 1.0 / self.points as f64) + (se_b * (x - self.x_mean)).powi(2);
        let h = t975(self.df) * var.sqrt();
        Projection { x, value: yhat.exp(), lo: (yhat - h).exp(), hi: (yhat + h).exp() }
    }

    /// [`Self::project`] at the period after the last one fitted (last x + 1).
    pub fn project_next(&self) -> Projection {
        self.project(self.last_x + 1.0)
    }
}

/// Projection when history is too short for a trend: value·(1 + r) with the
/// interval value·(1 + r)·e^(∓h), where r is a stated market-wide rate and h
/// the half-width of a 95% interval for ln(1 + r); one period ahead of `x`.
/// On the log scale the interval is positive whatever h is, and asymmetric
/// in dollars as pay changes are.
pub fn fallback_projection(x: f64, value: f64, rate: f64, ln_half_width: f64) -> Projection {
    let h = ln_half_width.abs();
    let v = value * (1.0 + rate);
    Projection { x: x + 1.0, value: v, lo: v * (-h).exp(), hi: v * h.exp() }
}

/// The log-linear method as a backtestable forecaster: fit on `history`,
/// project at `x`; None when the history is too short.
pub fn log_linear_forecast(history: &[SeriesPoint], x: f64) -> Option<Projection> {
    LogLinearTrend::fit(history).map(|t| t.project(x))
}

/// One held-out period of a backtest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BacktestPoint {
    pub x: f64,
    pub actual: f64,
    pub predicted: Projection,
    /// |predicted − actual| / |actual|.
    pub ape: f64,
    /// Whether the prediction interval contains the actual value.
    pub covered: bool,
}

/// Out-of-sample accuracy of a projection method on one or more series.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Backtest {
    pub points: Vec<BacktestPoint>,
    /// Held-out periods where the method declined to project.
    pub skipped: usize,
}

impl Backtest {
    /// Mean absolute percentage error, mean of |pred − actual|/|actual| over the
    /// held-out points (a fraction: 0.031 = 3.1%); None without points.
    pub fn mape(&self) -> Option<f64> {
        if self.points.is_empty() {
            return None;
        }
        let apes: Vec<f64> = self.points.iter().map(|p| p.ape).collect();
        Some(pairwise_sum(&apes) / apes.len() as f64)
    }

    /// Share of held-out points whose interval contained the actual value
    /// (should be near 0.95 for honest intervals); None without points.
    pub fn coverage(&self) -> Option<f64> {
        if self.points.is_empty() {
            return None;
        }
        Some(self.points.iter().filter(|p| p.covered).count() as f64 / self.points.len() as f64)
    }

    /// Pool another backtest (e.g. another role's series) into this one, so
    /// the methodology page can state one MAPE per method.
    pub fn absorb(&mut self, other: Backtest) {
        self.points.extend(other.points);
        self.skipped += other.skipped;
    }
}

/// Backtest `method` on `series`: order the points by x; for each point from
/// the 4th on, forecast it with `method(all earlier points, its x)` and score
/// the forecast against it. The method sees only the past, as it would in
/// production, and 3 points is the least history a trend accepts.
pub fn backtest<F>(series: &[SeriesPoint], method: F) -> Backtest
where
    F: FnMut(&[SeriesPoint], f64) -> Option<Projection>,
{
    backtest_from(series, TREND_MIN_POINTS, method)
}

/// [`backtest`] holding out every point that has at least `min_history`
/// earlier points (at least 1): methods that need less history than a trend
/// (the last value, a market rate) are scored on the short series where they
/// are used.
pub fn backtest_from<F>(series: &[SeriesPoint], min_history: usize, mut method: F) -> Backtest
where
    F: FnMut(&[SeriesPoint], f64) -> Option<Projection>,
{
    let mut s = series.to_vec();
    s.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut out = Backtest::default();
    for i in min_history.max(1)..s.len() {
        let target = s[i];
        match method(&s[..i], target.x) {
            Some(pred) => out.points.push(BacktestPoint {
                x: target.x,
                actual: target.value,
                predicted: pred,
                ape: ((pred.value - target.value) / target.value).abs(),
                covered: pred.lo <= target.value && target.value <= pred.hi,
            }),
            None => out.skipped += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(vals: &[f64]) -> Vec<SeriesPoint> {
        vals.iter().enumerate().map(|(i, &v)| SeriesPoint::new(2019.0 + i as f64, v)).collect()
    }

    #[test]
    fn exact_geometric_growth() {
        let s = series(&[100.0, 105.0, 110.25, 115.7625]);
        let t = LogLinearTrend::fit(&s).unwrap();
        assert!((t.growth() - 0.05).abs() < 1e-12);
        let p = t.project_next();
        assert_eq!(p.x, 2023.0);
        assert!((p.value - 121.550_625).abs() < 1e-9);
        assert!((p.hi - p.lo).abs() < 1e-6); // perfect fit: no residual spread
    }

    #[test]
    fn too_short_or_degenerate_returns_none() {
        assert!(LogLinearTrend::fit(&series(&[100.0, 104.0])).is_none());
        let same_year = [SeriesPoint::new(2020.0, 1.0), SeriesPoint::new(2020.0, 2.0), SeriesPoint::new(2021.0, 2.0)];
        assert!(LogLinearTrend::fit(&same_year).is_none());
        // non-positive values are skipped, leaving two years
        assert!(LogLinearTrend::fit(&series(&[100.0, 0.0, 104.0])).is_none());
    }

    #[test]
    fn prediction_interval_by_hand() {
        // ln v = 0, 0.1, 0.3 at x = 0, 1, 2: x̄ = 1, Sxx = 2, b = 0.15,
        // ȳ = 0.1333…, residuals (1/60, −1/30, 1/60): RSS = 6/3600, σ̂² = RSS/1. At x = 3: se = σ̂·√(1 + 1/3 + 4/2) = σ̂·√(10/3), t(1) = 12.706…
        let s: Vec<SeriesPoint> =
            [0.0, 0.1, 0.3].iter().enumerate().map(|(i, l)| SeriesPoint::new(i as f64, f64::exp(*l))).collect();
        let t = LogLinearTrend::fit(&s).unwrap();
        assert!((t.slope - 0.15).abs() < 1e-12);
        let sigma = (6.0_f64 / 3600.0).sqrt();
        assert!((t.sigma - sigma).abs() < 1e-12);
        let p = t.project(3.0);
        let yhat = 0.4 / 3.0 + 0.15 * 2.0;
        let h = 12.706_204_736_174_7 * sigma * (10.0_f64 / 3.0).sqrt();
        assert!((p.value.ln() - yhat).abs() < 1e-12);
        assert!((p.hi.ln() - (yhat + h)).abs() < 1e-9 && (p.lo.ln() - (yhat - h)).abs() < 1e-9);
    }

    #[test]
    fn floored_slope_error_widens_a_chance_perfect_fit() {
        // Three identical medians: σ̂ = 0 and se(b) = 0, so the plain interval
        // has zero width; the floor leaves t(1)·floor·(x − x̄) on the log scale.
        let t = LogLinearTrend::fit(&series(&[150.0, 150.0, 150.0])).unwrap();
        let plain = t.project_next();
        assert_eq!(plain.lo, plain.hi);
        let p = t.project_floored(2022.0, 0.01);
        let h = 12.706_204_736_174_7 * 0.01 * 2.0;
        assert!((p.value - 150.0).abs() < 1e-9);
        assert!((p.hi.ln() - (150.0_f64.ln() + h)).abs() < 1e-9 && (p.lo.ln() - (150.0_f64.ln() - h)).abs() < 1e-9);
        // Above the floor nothing changes.
        let s = [0.0, 0.1, 0.3].iter().enumerate().map(|(i, l)| SeriesPoint::new(i as f64, f64::exp(*l))).collect::<Vec<_>>();
        let t = LogLinearTrend::fit(&s).unwrap();
        assert_eq!(t.project_floored(3.0, 0.0), t.project(3.0));
    }

    #[test]
    fn backtest_from_holds_out_after_the_given_history() {
        let s = series(&[100.0, 105.0, 110.25, 115.7625]);
        let last = |h: &[SeriesPoint], x: f64| h.last().map(|p| Projection { x, value: p.value, lo: p.value, hi: p.value });
        let bt = backtest_from(&s, 1, last);
        assert_eq!(bt.points.iter().map(|p| p.x).collect::<Vec<_>>(), vec![2020.0, 2021.0, 2022.0]);
        assert_eq!(backtest_from(&s, 0, last).points.len(), 3, "a point needs at least one earlier point");
        assert_eq!(backtest_from(&s, 3, last).points.len(), 1);
    }

    #[test]
    fn weights_pull_the_fit() {
        // A heavily weighted middle point drags the level, not the slope sign.
        let mut s = series(&[100.0, 130.0, 110.0, 120.0]);
        s[1].weight = 100.0;
        let t = LogLinearTrend::fit(&s).unwrap();
        let u = LogLinearTrend::fit(&series(&[100.0, 130.0, 110.0, 120.0])).unwrap();
        assert!(t.project(2020.0).value > u.project(2020.0).value);
    }

    #[test]
    fn fallback_and_backtest() {
        let p = fallback_projection(2024.0, 100_000.0, 0.04, 0.01);
        assert_eq!(p.x, 2025.0);
        assert!((p.value - 104_000.0).abs() < 1e-9);
        assert!((p.lo - 104_000.0 * (-0.01_f64).exp()).abs() < 1e-6 && (p.hi - 104_000.0 * 0.01_f64.exp()).abs() < 1e-6);
        // A half-width larger than the value itself still leaves a positive low end.
        let wide = fallback_projection(2024.0, 100_000.0, -0.2, 3.0);
        assert!(wide.lo > 0.0 && wide.lo < wide.value && wide.value < wide.hi);

        let s = series(&[100.0, 105.0, 110.25, 115.7625, 121.550_625, 130.0]);
        let bt = backtest(&s, log_linear_forecast);
        assert_eq!(bt.points.len(), 3);
        assert_eq!(bt.skipped, 0);
        assert!(bt.points[0].ape < 1e-12 && bt.points[1].ape < 1e-12);
        // last year jumps: 130 vs 127.628… predicted
        let want = (130.0 - 121.550_625 * 1.05) / 130.0;
        assert!((bt.points[2].ape - want).abs() < 1e-12);
        assert!((bt.mape().unwrap() - want / 3.0).abs() < 1e-12);

        let flat = backtest(&s, |h, _x| {
            let last = h.last()?;
            Some(fallback_projection(last.x, last.value, 0.05, 0.02))
        });
        assert_eq!(flat.coverage(), Some(1.0));
        let mut pooled = bt.clone();
        pooled.absorb(flat);
        assert_eq!(pooled.points.len(), 6);
        assert_eq!(backtest(&s[..3], log_linear_forecast).mape(), None);
    }
}
