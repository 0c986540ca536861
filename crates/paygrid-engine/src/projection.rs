//! The next-year projection of a cell's median, chosen and calibrated by
//! the backtest ([`crate::backtest`]) on held-out years up to the
//! projection's cut-off only.
//!
//! 1. **Trend.** The cell's own log-linear trend when it has at least
//!    [`OWN_TREND_MIN_YEARS`] publishable years before the projected one;
//!    else the fixed-composition market rate of its country as of the
//!    cut-off ([`crate::market`]) applied to its latest median.
//! 2. **Point.** The trend's point only if, on the backtest's held-out
//!    medians up to the cut-off, that method missed by less than carrying
//!    the last median forward beyond noise ([`Evidence::beats_last_value`]);
//!    otherwise the latest median carried forward (`last-value`), and the
//!    basis says why.
//! 3. **Interval.** Split-conformal for the method published, calibrated on
//!    its held-out medians with target year <= the cut-off: the median ×e^(±q√h)
//!    for h years ahead, q never below the rate floor, so the interval has
//!    positive width and both ends above zero. With fewer than
//!    [`CALIBRATION_MIN_POINTS`] held-out medians up to the cut-off there is
//!    no checked interval and no projection.

use crate::backtest::{calibration, Evidence, HeldOut, BACKTEST_METHODS, CALIBRATION_MIN_POINTS, OWN_TREND_MIN_YEARS};
use crate::benchmark::{Measure, PayMeasure};
use crate::query::CellQuery;
use crate::Engine;
use paygrid_stats::{LogLinearTrend, SeriesPoint};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionOut {
    pub year: i32,
    pub p50: f64,
    pub low: f64,
    pub high: f64,
    /// `last-value` (the latest yearly median carried forward), `log-linear`
    /// (the cell's own yearly medians) or `market-rate`.
    pub method: &'static str,
    /// What the projection rests on, in words with its numbers.
    pub basis: String,
    /// Annual growth used, as a fraction (0 for `last-value`).
    pub growth: f64,
    /// What the backtest up to the cut-off says about this projection.
    pub backtest: ProjectionBacktest,
}

/// The backtest evidence behind a projection, from held-out yearly medians
/// whose target year is at most `through`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionBacktest {
    /// The cut-off: the year before the projected one.
    pub through: i32,
    /// The trend this cell has (`log-linear` or `market-rate`); None
    /// when it has neither.
    pub trend_method: Option<&'static str>,
    /// That trend's growth a year, even when its point is not published.
    pub trend_growth: Option<f64>,
    /// The trend method's held-out medians up to the cut-off, its MAPE and
    /// last-value's MAPE on the same medians.
    pub trend: Option<Evidence>,
    /// Held-out medians of the published method the interval is calibrated on.
    pub calibrated_on: usize,
    /// The calibrated half-width on the log scale per √year: ×e^q either side.
    pub q95: f64,
    /// Held-out medians up to the cut-off scored with intervals calibrated
    /// on earlier years only, and the share they covered.
    pub interval_held_out: usize,
    pub interval_coverage: Option<f64>,
}

fn method_index(method: &str) -> usize {
    BACKTEST_METHODS.iter().position(|&m| m == method).expect("a backtested method")
}

/// Out-of-time coverage of a method's calibrated interval over its held-out
/// medians up to `through`: each target year T scored with the calibration
/// from targets before T.
fn coverage_through(points: &[HeldOut], through: i32) -> (usize, Option<f64>) {
    let (mut scored, mut covered) = (0usize, 0usize);
    for p in points.iter().filter(|p| p.year <= through) {
        if let Some((q, _)) = calibration(points, p.year - 1) {
            scored += 1;
            covered += usize::from(p.scaled_error() <= q);
        }
    }
    (scored, (scored > 0).then(|| covered as f64 / scored as f64))
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

impl Engine {
    /// Next-year projection of the median; see the module documentation.
    pub(crate) fn project(&self, m: PayMeasure, q: &CellQuery, measure: &Measure, target: i32) -> Option<ProjectionOut> {
        let through = target - 1;
        let points: Vec<SeriesPoint> = measure
            .trend
            .iter()
            .filter(|p| p.year < target)
            .map(|p| SeriesPoint::weighted(p.year as f64, p.p50, p.n as f64))
            .collect();
        let (ref_year, ref_value) = match points.last() {
            Some(p) => (p.x as i32, p.value),
            None => (measure.trend.last().map(|p| p.year).or(q.until)?, measure.p50?),
        };
        let ahead = f64::from((target - ref_year).max(1));
        let bt = self.default_backtest().measures.iter().find(|x| x.measure == m)?;

        // The trend this cell would follow: (method, point, growth, words).
        let trend = if points.len() >= OWN_TREND_MIN_YEARS {
            LogLinearTrend::fit(&points).map(|t| {
                let first = points[0].x as i32;
                let words = format!(
                    "its own log-linear trend over {} yearly medians {first}–{ref_year} ({:+.1}% a year)",
                    points.len(),
                    t.growth() * 100.0
                );
                ("log-linear", t.project(f64::from(target)).value, t.growth(), words)
            })
        } else {
            let as_of = CellQuery { until: Some(through), ..q.clone() };
            self.market_rate(m, &as_of).map(|r| {
                let words = format!("the market rate, {} ({:+.1}% a year)", r.description, r.growth * 100.0);
                ("market-rate", ref_value * (1.0 + r.growth).powf(ahead), r.growth, words)
            })
        };
        let evidence = trend.as_ref().map(|t| Evidence::through(&bt.held_out[method_index(t.0)], through));
        let use_trend = evidence.is_some_and(|e| e.beats_last_value());
        let (method, p50, growth) = match &trend {
            Some(t) if use_trend => (t.0, t.1, t.2),
            _ => ("last-value", ref_value, 0.0),
        };
        let pts = &bt.held_out[method_index(method)];
        let (q95, calibrated_on) = calibration(pts, through)?;
        let (interval_held_out, interval_coverage) = coverage_through(pts, through);
        let w = q95 * ahead.sqrt();

        let short = if points.len() >= OWN_TREND_MIN_YEARS {
            String::new()
        } else {
            format!(
                " (it has {} year{} with {} or more records, fewer than the {OWN_TREND_MIN_YEARS} its own trend needs)",
                points.len(),
                if points.len() == 1 { "" } else { "s" },
                self.floor
            )
        };
        let judged = match (&trend, evidence) {
            (Some(t), Some(e)) => match (e.mape, e.last_value_mape, e.gain_ci) {
                (Some(a), Some(b), Some(ci)) if e.held_out >= CALIBRATION_MIN_POINTS => format!(
                    "on {} held-out yearly medians up to {through} the {} method missed by {} on average, carrying the last median forward by {} (95% CI of the difference: {:+.1} to {:+.1} points)",
                    e.held_out,
                    t.0,
                    pct(a),
                    pct(b),
                    ci[0] * 100.0,
                    ci[1] * 100.0
                ),
                _ => format!(
                    "the backtest has {} held-out yearly medians of the {} method up to {through}, fewer than the {CALIBRATION_MIN_POINTS} that could show it beats carrying the last median forward",
                    e.held_out, t.0
                ),
            },
            _ => String::new(),
        };
        let head = match (&trend, use_trend) {
            (Some(t), true) => format!("{}, applied to the {ref_year} median{short}; {judged}", t.3),
            (Some(t), false) => format!(
                "the {ref_year} median carried forward, because no trend is shown to do better: this cell's trend{short} would be {}, and {judged}",
                t.3
            ),
            (None, _) => format!("the {ref_year} median carried forward: this cell has no trend{short} and no market rate up to {through}"),
        };
        let coverage = interval_coverage.map_or_else(
            || format!("; no held-out year up to {through} has enough earlier ones to score such intervals out of time"),
            |c| {
                format!("; intervals made this way covered {} of {interval_held_out} held-out yearly medians out of time", pct(c))
            },
        );
        let basis = format!(
            "{head}. The 95% interval is calibrated on the {calibrated_on} held-out yearly medians of the {method} method up to {through} (×{:.3} either side a year){coverage}",
            q95.exp()
        );
        Some(ProjectionOut {
            year: target,
            p50,
            low: p50 * (-w).exp(),
            high: p50 * w.exp(),
            method,
            basis,
            growth,
            backtest: ProjectionBacktest {
                through,
                trend_method: trend.as_ref().map(|t| t.0),
                trend_growth: trend.as_ref().map(|t| t.2),
                trend: evidence,
                calibrated_on,
                q95,
                interval_held_out,
                interval_coverage,
            },
        })
    }
}
