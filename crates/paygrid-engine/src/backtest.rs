//! Backtest of the projection methods (docs/methodology.md "Trend and
//! projection"): every method is replayed on held-back years and its error
//! is published on the methodology page; published projections are chosen
//! and calibrated from it, using only held-out years up to their cut-off.
//!
//! **Cells.** Every role in the data (with its specializations, as a cell
//! is published) x country, all levels; and role x level x country. A cell
//! whose rows are exactly another cell's (e.g. a role with one level in a
//! country) is scored once. Records of unknown country or level are not in
//! a cell of that kind. Outliers are excluded as for every figure.
//!
//! **Series.** The cell's yearly medians over years with at least k records
//! ([`Engine::yearly_medians`]), weighted by their n; a cell enters with at
//! least 2 such years. A year is held out and forecast from the earlier
//! years only ([`paygrid_stats::backtest_from`]), so no method sees its
//! target; each method is scored on the years it has enough history for.
//!
//! **Methods.**
//! - `log-linear`: the cell's own trend, ln(median) on year, weighted by n,
//!   with its 95% prediction interval (slope error floored at
//!   [`RATE_SE_FLOOR`]); scored where the cell has at least
//!   [`OWN_TREND_MIN_YEARS`] earlier years, as the benchmark uses it.
//! - `market-rate`: the fixed-composition market rate of the cell's country
//!   ([`crate::market`]) as of the year before the held-out one, applied to
//!   the cell's last known median; interval from the rate's 95% CI,
//!   compounded over the gap. Needs 1 earlier year.
//! - `last-value`: naive baseline, the last known median, with the interval
//!   ± the mean absolute yearly log change of the history (at least the
//!   rate floor's ±1.96·[`RATE_SE_FLOOR`]), scaled by the gap in years.
//!   Needs 1 earlier year. A method that does not beat it adds nothing.
//!
//! **Scores.** MAPE = mean |predicted − actual| / actual over held-out
//! points, pooled across cells (each point counts once, so long series
//! weigh more), and last-value's MAPE on the same points; coverage = share
//! of held-out medians inside the method's own interval. Both measures
//! (base, TC) are scored separately.
//!
//! **Calibration as of a cut-off.** The published interval of a method is
//! split-conformal: for a projection from data up to year Y, its half-width
//! on the log scale is q·√h for h years ahead, q the ceil((m+1)·0.95)-th
//! smallest of the m values |ln(actual/predicted)|/√h of that method's
//! held-out medians whose target year is <= Y (at least
//! [`CALIBRATION_MIN_POINTS`]; never below the rate floor). Scored out of
//! time: each held-out year T is covered or not by the interval calibrated
//! on targets before T only; the pooled share is `calibrated_coverage`.

use crate::benchmark::PayMeasure;
use crate::market::{rate_from_pairs, YearPair, RATE_SE_FLOOR};
use crate::query::{Area, CellQuery};
use crate::snapshot::{NONE, NO_LEVEL};
use crate::Engine;
use paygrid_domain::Level;
use paygrid_stats::{backtest_from, Backtest, LogLinearTrend, Projection, SeriesPoint, TREND_MIN_POINTS, Z_975};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

/// The methods scored, in report order.
pub const BACKTEST_METHODS: [&str; 3] = ["log-linear", "market-rate", "last-value"];

/// The market rate with its interval calibrated on held-out errors of
/// earlier years only (split-conformal, out of time).
pub const CALIBRATED_METHOD: &str = "market-rate-calibrated";

/// Fewest publishable years before the projected one for a cell's own
/// trend: with 3, the fit keeps 1 residual degree of freedom and its
/// interval swings from a fraction of a percent to several-fold, and the
/// backtest's breakdown by history (`log_linear_by_history`) shows 3-year
/// fits missing by more than the last value on every fixture.
pub const OWN_TREND_MIN_YEARS: usize = 4;

/// Fewest held-out medians that calibrate an interval or show that a method
/// beats the last value: with fewer, a 95% quantile is one of the few
/// largest errors, or the largest.
pub const CALIBRATION_MIN_POINTS: usize = 20;

/// Which records and how many years a backtest uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacktestOptions {
    pub since: Option<i32>,
    pub until: Option<i32>,
    /// Dataset names or import kinds; empty = all sources.
    pub sources: Vec<String>,
    /// Fewest publishable years for a cell to be backtested (at least 2).
    pub min_points: usize,
    /// Cells detailed per measure, largest n first.
    pub top_cells: usize,
}

impl Default for BacktestOptions {
    fn default() -> BacktestOptions {
        BacktestOptions { since: None, until: None, sources: Vec::new(), min_points: 2, top_cells: 20 }
    }
}

/// One method's out-of-sample accuracy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodScore {
    pub method: &'static str,
    /// Cells with at least one scored point.
    pub cells: usize,
    /// Held-out yearly medians scored.
    pub held_out: usize,
    /// Held-out years where the method could not project (e.g. the market
    /// series was too short before that year).
    pub skipped: usize,
    /// Mean absolute percentage error, a fraction (0.031 = 3.1%).
    pub mape: Option<f64>,
    /// Share of held-out medians inside the 95% interval.
    pub coverage: Option<f64>,
    /// MAPE of carrying the last median forward, on the same held-out
    /// medians: the method helps only where its MAPE is lower.
    pub last_value_mape: Option<f64>,
    /// Held-out medians whose year had a calibration from earlier target
    /// years (at least [`CALIBRATION_MIN_POINTS`] of them).
    pub calibrated_held_out: usize,
    /// Share of those inside the interval that paygrid publishes for this
    /// method (split-conformal, calibrated on earlier target years only).
    pub calibrated_coverage: Option<f64>,
}

/// One held-out yearly median, kept so that production projections can be
/// chosen and calibrated on the held-out years up to their cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HeldOut {
    /// Target year.
    pub year: i32,
    /// Years between the last year of history and the target.
    pub ahead: f64,
    /// Publishable years before the target.
    pub history: usize,
    pub actual: f64,
    pub predicted: f64,
    /// The last known median (last-value's forecast of the same year).
    pub last_value: f64,
    /// Whether the method's own interval contained the actual median.
    pub covered: bool,
}

impl HeldOut {
    fn ape(&self) -> f64 {
        ((self.predicted - self.actual) / self.actual).abs()
    }

    fn last_value_ape(&self) -> f64 {
        ((self.last_value - self.actual) / self.actual).abs()
    }

    /// |ln(actual / predicted)| per square root of the years ahead: yearly
    /// shocks that add up like a random walk widen the error that way.
    pub fn scaled_error(&self) -> f64 {
        (self.actual / self.predicted).ln().abs() / self.ahead.max(1.0).sqrt()
    }
}

/// The log-linear method's points by the number of years it was fitted to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryScore {
    /// Earlier publishable years (the last row counts this many or more).
    pub years: usize,
    pub held_out: usize,
    pub mape: Option<f64>,
    pub last_value_mape: Option<f64>,
    pub coverage: Option<f64>,
}

/// A method's calibrated interval scored on one target year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationYear {
    pub method: &'static str,
    pub year: i32,
    /// Held-out medians of earlier target years the interval was calibrated on.
    pub calibrated_on: usize,
    /// The calibrated half-width q (log scale, per √year); the interval is
    /// ×e^q either side for one year ahead.
    pub q95: f64,
    pub held_out: usize,
    pub coverage: f64,
}

/// One cell's backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellBacktest {
    pub role: String,
    /// None: all levels.
    pub level: Option<&'static str>,
    pub country: String,
    /// Records over the series' years.
    pub n: usize,
    /// Publishable years in the series.
    pub points: usize,
    pub first_year: i32,
    pub last_year: i32,
    pub methods: Vec<MethodScore>,
}

/// The backtest of one measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureBacktest {
    pub measure: PayMeasure,
    /// Cells with a long enough series.
    pub cells: usize,
    /// Pooled scores, one per method.
    pub methods: Vec<MethodScore>,
    /// The method whose MAPE is lowest relative to last-value's on the same
    /// held-out medians among those that beat it beyond noise
    /// ([`Evidence::beats_last_value`]); `last-value` when none does.
    pub best_method: Option<&'static str>,
    /// The largest cells by n, with their own scores.
    pub top_cells: Vec<CellBacktest>,
    /// The market rate's calibrated half-width (log scale, per √year) from
    /// every held-out year: what a projection made after the last year in
    /// the data uses.
    pub market_rate_q95: Option<f64>,
    /// `log-linear` by the number of years fitted (from 3, the least a fit
    /// accepts): the evidence for [`OWN_TREND_MIN_YEARS`].
    pub log_linear_by_history: Vec<HistoryScore>,
    /// Out-of-time coverage of each method's calibrated interval by target year.
    pub calibration_by_year: Vec<CalibrationYear>,
    /// Every held-out median per method, in [`BACKTEST_METHODS`] order.
    #[serde(skip)]
    pub held_out: Vec<Vec<HeldOut>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestReport {
    pub floor: usize,
    pub min_points: usize,
    /// Earlier years a cell's own trend needs ([`OWN_TREND_MIN_YEARS`]).
    pub own_trend_min_years: usize,
    pub measures: Vec<MeasureBacktest>,
}

/// What the held-out medians up to a cut-off say about one method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evidence {
    pub held_out: usize,
    pub mape: Option<f64>,
    /// Last-value's MAPE on the same held-out medians.
    pub last_value_mape: Option<f64>,
    /// 95% CI of the mean paired gain, last-value's absolute percentage
    /// error minus the method's, over those medians (positive: the method
    /// missed by less).
    pub gain_ci: Option<[f64; 2]>,
}

impl Evidence {
    /// Held-out medians up to `through` (target year <= it).
    pub fn through(points: &[HeldOut], through: i32) -> Evidence {
        let pts: Vec<&HeldOut> = points.iter().filter(|p| p.year <= through).collect();
        let mean = |f: &dyn Fn(&HeldOut) -> f64| {
            let v: Vec<f64> = pts.iter().map(|p| f(p)).collect();
            (!v.is_empty()).then(|| paygrid_stats::pairwise_sum(&v) / v.len() as f64)
        };
        let gains: Vec<f64> = pts.iter().map(|p| p.last_value_ape() - p.ape()).collect();
        let gain_ci = paygrid_stats::mean_ci(&gains).map(|ci| [ci.lo, ci.hi]);
        Evidence { held_out: pts.len(), mape: mean(&HeldOut::ape), last_value_mape: mean(&HeldOut::last_value_ape), gain_ci }
    }

    /// Whether the method missed by less than the last value, beyond noise:
    /// at least [`CALIBRATION_MIN_POINTS`] held-out medians and the 95% CI
    /// of the mean paired gain entirely above zero. A lower MAPE by a hair
    /// on a few hundred medians is not evidence that a trend helps.
    pub fn beats_last_value(&self) -> bool {
        self.held_out >= CALIBRATION_MIN_POINTS && self.gain_ci.is_some_and(|ci| ci[0] > 0.0)
    }
}

/// The least calibrated half-width: the rate floor's 95% half-width.
pub fn min_half_width() -> f64 {
    Z_975 * RATE_SE_FLOOR
}

/// The split-conformal quantile: the ceil((m + 1)·0.95)-th smallest of m
/// scaled errors (the finite-sample-valid choice); None below
/// [`CALIBRATION_MIN_POINTS`].
pub fn conformal_q95(errors: impl Iterator<Item = f64>) -> Option<f64> {
    let mut e: Vec<f64> = errors.filter(|x| x.is_finite()).collect();
    if e.len() < CALIBRATION_MIN_POINTS {
        return None;
    }
    e.sort_by(f64::total_cmp);
    let rank = (((e.len() + 1) as f64) * 0.95).ceil() as usize;
    Some(e[rank.min(e.len()) - 1])
}

/// The calibrated half-width (log scale, per √year) of a method for a
/// projection from data up to `through`: from held-out medians with target
/// year <= `through` only, never below [`min_half_width`]; with the number
/// of medians it rests on.
pub fn calibration(points: &[HeldOut], through: i32) -> Option<(f64, usize)> {
    let errors: Vec<f64> = points.iter().filter(|p| p.year <= through).map(HeldOut::scaled_error).collect();
    conformal_q95(errors.iter().copied()).map(|q| (q.max(min_half_width()), errors.len()))
}

/// Scores `points` of a method; its calibrated interval for target year T
/// is calibrated on the `pool` medians with target year < T.
fn score_points(method: &'static str, points: &[HeldOut], skipped: usize, cells: usize, pool: &[HeldOut]) -> MethodScore {
    let ev = Evidence::through(points, i32::MAX);
    let mut q_by_year: BTreeMap<i32, Option<f64>> = BTreeMap::new();
    let (mut scored, mut covered) = (0usize, 0usize);
    for p in points {
        let q = *q_by_year.entry(p.year).or_insert_with(|| calibration(pool, p.year - 1).map(|c| c.0));
        if let Some(q) = q {
            scored += 1;
            covered += usize::from(p.scaled_error() <= q);
        }
    }
    MethodScore {
        method,
        cells,
        held_out: points.len(),
        skipped,
        mape: ev.mape,
        coverage: (!points.is_empty()).then(|| points.iter().filter(|p| p.covered).count() as f64 / points.len() as f64),
        last_value_mape: ev.last_value_mape,
        calibrated_held_out: scored,
        calibrated_coverage: (scored > 0).then(|| covered as f64 / scored as f64),
    }
}

/// Each target year's out-of-time coverage of a method's calibrated interval.
fn calibration_years(method: &'static str, points: &[HeldOut]) -> Vec<CalibrationYear> {
    let years: std::collections::BTreeSet<i32> = points.iter().map(|p| p.year).collect();
    years
        .into_iter()
        .filter_map(|year| {
            let (q95, calibrated_on) = calibration(points, year - 1)?;
            let target: Vec<&HeldOut> = points.iter().filter(|p| p.year == year).collect();
            let covered = target.iter().filter(|p| p.scaled_error() <= q95).count();
            Some(CalibrationYear {
                method,
                year,
                calibrated_on,
                q95,
                held_out: target.len(),
                coverage: covered as f64 / target.len() as f64,
            })
        })
        .collect()
}

/// The calibrated market rate scored out of time, as its own row.
fn calibrated_row(market: &MethodScore, points: &[HeldOut]) -> MethodScore {
    let mut apes = Vec::new();
    for p in points {
        if calibration(points, p.year - 1).is_some() {
            apes.push(p.ape());
        }
    }
    MethodScore {
        method: CALIBRATED_METHOD,
        cells: market.cells,
        held_out: market.calibrated_held_out,
        skipped: market.skipped + market.held_out - market.calibrated_held_out,
        mape: (!apes.is_empty()).then(|| paygrid_stats::pairwise_sum(&apes) / apes.len() as f64),
        coverage: market.calibrated_coverage,
        last_value_mape: None,
        calibrated_held_out: market.calibrated_held_out,
        calibrated_coverage: market.calibrated_coverage,
    }
}

/// The cell's own log-linear trend with the slope's error floored.
pub(crate) fn log_linear_forecast(history: &[SeriesPoint], x: f64) -> Option<Projection> {
    LogLinearTrend::fit(history).map(|t| t.project_floored(x, RATE_SE_FLOOR))
}

/// Last-value forecast: the last median, ± the mean absolute yearly log
/// change of the history (at least the rate floor's) times the gap.
fn last_value_forecast(history: &[SeriesPoint], x: f64) -> Option<Projection> {
    let last = history.last()?;
    let changes: Vec<f64> = history
        .windows(2)
        .filter(|w| w[1].x > w[0].x && w[0].value > 0.0 && w[1].value > 0.0)
        .map(|w| (w[1].value / w[0].value).ln().abs() / (w[1].x - w[0].x))
        .collect();
    let mean = if changes.is_empty() { 0.0 } else { changes.iter().sum::<f64>() / changes.len() as f64 };
    let d = mean.max(min_half_width()) * (x - last.x).max(1.0);
    Some(Projection { x, value: last.value, lo: last.value * (-d).exp(), hi: last.value * d.exp() })
}

/// Market-rate forecast: the market's fixed-composition rate as of the year
/// before `x`, applied to the cell's last median over the gap of h years;
/// the rate's 95% half-width on the log scale grows with h likewise.
fn market_forecast(pairs: &[YearPair], history: &[SeriesPoint], x: f64) -> Option<Projection> {
    let last = history.last()?;
    let (b, half, _) = rate_from_pairs(pairs, Some(x as i32 - 1))?;
    let h = (x - last.x).max(1.0);
    let v = last.value * (b * h).exp();
    Some(Projection { x, value: v, lo: v * (-half * h).exp(), hi: v * (half * h).exp() })
}

/// The held-out medians of a backtest run on `series`.
fn held_out(series: &[SeriesPoint], bt: &Backtest) -> Vec<HeldOut> {
    bt.points
        .iter()
        .filter_map(|p| {
            let history: Vec<&SeriesPoint> = series.iter().filter(|q| q.x < p.x).collect();
            let last = history.last()?;
            Some(HeldOut {
                year: p.x as i32,
                ahead: (p.x - last.x).max(1.0),
                history: history.len(),
                actual: p.actual,
                predicted: p.predicted.value,
                last_value: last.value,
                covered: p.covered,
            })
        })
        .collect()
}

struct BtCell {
    role: String,
    level: Option<&'static str>,
    country: String,
    country_id: u32,
    rows: Vec<u32>,
}

/// One method's held-out points in a cell, and how many it skipped.
type MethodHeldOut = (Vec<HeldOut>, usize);

impl Engine {
    /// Replays each projection method on held-back years of every cell with
    /// enough history; see the module documentation for the definitions.
    pub fn backtest(&self, opts: &BacktestOptions) -> BacktestReport {
        let s = &self.snapshot;
        let min_points = opts.min_points.max(2);
        let query = |role: &str| CellQuery {
            role: role.to_string(),
            level: None,
            area: Area::World,
            since: opts.since,
            until: opts.until,
            sources: opts.sources.clone(),
        };

        // Cells, deduplicated by their row sets.
        let mut cells: Vec<BtCell> = Vec::new();
        let mut seen: HashSet<(usize, u64)> = HashSet::new();
        let mut push = |mut c: BtCell, cells: &mut Vec<BtCell>| {
            c.rows.sort_unstable();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            c.rows.hash(&mut h);
            if seen.insert((c.rows.len(), h.finish())) {
                cells.push(c);
            }
        };
        for (_, role) in s.roles.iter() {
            let f = s.filter(&query(role));
            let rows = s.cell_with(&f, false, false).rows;
            let mut by_country: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
            let mut by_level: BTreeMap<(u32, u8), Vec<u32>> = BTreeMap::new();
            for r in rows {
                let (c, l) = (s.country[r as usize], s.level[r as usize]);
                if c == NONE {
                    continue;
                }
                by_country.entry(c).or_default().push(r);
                if l != NO_LEVEL {
                    by_level.entry((c, l)).or_default().push(r);
                }
            }
            for (c, rows) in by_country {
                let country = s.countries.name(c).to_string();
                push(BtCell { role: role.to_string(), level: None, country, country_id: c, rows }, &mut cells);
            }
            for ((c, l), rows) in by_level {
                let country = s.countries.name(c).to_string();
                let level = Level::from_index(l).map(Level::slug);
                push(BtCell { role: role.to_string(), level, country, country_id: c, rows }, &mut cells);
            }
        }

        let measures = [PayMeasure::Base, PayMeasure::Total]
            .into_iter()
            .map(|m| {
                let mut pooled: Vec<Vec<HeldOut>> = vec![Vec::new(); BACKTEST_METHODS.len()];
                let mut all_log_linear: Vec<HeldOut> = Vec::new();
                let mut skipped = [0usize; BACKTEST_METHODS.len()];
                let mut scored_cells = [0usize; BACKTEST_METHODS.len()];
                let mut per_cell: Vec<(CellBacktest, Vec<MethodHeldOut>)> = Vec::new();
                for c in &cells {
                    let series = self.series(m, &c.rows);
                    if series.len() < min_points {
                        continue;
                    }
                    let pairs = self.market_pairs(m, Some(c.country_id));
                    let ll = backtest_from(&series, TREND_MIN_POINTS, log_linear_forecast);
                    let ll_points = held_out(&series, &ll);
                    all_log_linear.extend(ll_points.iter().copied());
                    let ll_used: Vec<HeldOut> = ll_points.iter().filter(|p| p.history >= OWN_TREND_MIN_YEARS).copied().collect();
                    let ll_skipped = ll.skipped;
                    let mr = backtest_from(&series, 1, |h, x| market_forecast(&pairs.0, h, x));
                    let lv = backtest_from(&series, 1, last_value_forecast);
                    let runs =
                        [(ll_used, ll_skipped), (held_out(&series, &mr), mr.skipped), (held_out(&series, &lv), lv.skipped)];
                    for (i, (pts, sk)) in runs.iter().enumerate() {
                        pooled[i].extend(pts.iter().copied());
                        skipped[i] += sk;
                        scored_cells[i] += usize::from(!pts.is_empty());
                    }
                    per_cell.push((
                        CellBacktest {
                            role: c.role.clone(),
                            level: c.level,
                            country: c.country.clone(),
                            n: series.iter().map(|p| p.weight as usize).sum(),
                            points: series.len(),
                            first_year: series.first().map_or(0, |p| p.x as i32),
                            last_year: series.last().map_or(0, |p| p.x as i32),
                            methods: Vec::new(),
                        },
                        runs.to_vec(),
                    ));
                }
                let mut methods: Vec<MethodScore> = BACKTEST_METHODS
                    .iter()
                    .enumerate()
                    .map(|(i, &name)| score_points(name, &pooled[i], skipped[i], scored_cells[i], &pooled[i]))
                    .collect();
                methods.push(calibrated_row(&methods[1], &pooled[1]));
                let best_method = BACKTEST_METHODS[..2]
                    .iter()
                    .zip(&pooled)
                    .filter_map(|(&name, pts)| {
                        let ev = Evidence::through(pts, i32::MAX);
                        ev.beats_last_value().then_some((name, ev.mape? / ev.last_value_mape?))
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(name, _)| name)
                    .or_else(|| (!pooled[2].is_empty()).then_some("last-value"));
                let cells_n = per_cell.len();
                per_cell.sort_by(|(a, _), (b, _)| {
                    b.n.cmp(&a.n).then_with(|| (&a.role, a.level, &a.country).cmp(&(&b.role, b.level, &b.country)))
                });
                per_cell.truncate(opts.top_cells);
                let top_cells = per_cell
                    .into_iter()
                    .map(|(mut c, runs)| {
                        c.methods = BACKTEST_METHODS
                            .iter()
                            .zip(&runs)
                            .enumerate()
                            .map(|(i, (&name, (pts, sk)))| score_points(name, pts, *sk, usize::from(!pts.is_empty()), &pooled[i]))
                            .collect();
                        c
                    })
                    .collect();
                let market_rate_q95 = calibration(&pooled[1], i32::MAX).map(|c| c.0);
                let mut log_linear_by_history = Vec::new();
                let longest = all_log_linear.iter().map(|p| p.history).max().unwrap_or(0);
                for years in TREND_MIN_POINTS..=longest {
                    let pts: Vec<HeldOut> = all_log_linear.iter().filter(|p| p.history == years).copied().collect();
                    let ev = Evidence::through(&pts, i32::MAX);
                    log_linear_by_history.push(HistoryScore {
                        years,
                        held_out: pts.len(),
                        mape: ev.mape,
                        last_value_mape: ev.last_value_mape,
                        coverage: (!pts.is_empty()).then(|| pts.iter().filter(|p| p.covered).count() as f64 / pts.len() as f64),
                    });
                }
                let calibration_by_year =
                    BACKTEST_METHODS.iter().zip(&pooled).flat_map(|(&name, pts)| calibration_years(name, pts)).collect();
                MeasureBacktest {
                    measure: m,
                    cells: cells_n,
                    methods,
                    best_method,
                    top_cells,
                    market_rate_q95,
                    log_linear_by_history,
                    calibration_by_year,
                    held_out: pooled,
                }
            })
            .collect();
        BacktestReport { floor: self.floor, min_points, own_trend_min_years: OWN_TREND_MIN_YEARS, measures }
    }

    /// Yearly medians (years with >= k records) as weighted series points.
    fn series(&self, m: PayMeasure, rows: &[u32]) -> Vec<SeriesPoint> {
        self.yearly_medians(m, rows).iter().map(|p| SeriesPoint::weighted(f64::from(p.year), p.p50, p.n as f64)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::test_support::rec;
    use crate::SnapshotBuilder;

    const ROLES: [&str; 7] = [
        "backend-engineer",
        "data-scientist",
        "frontend-engineer",
        "data-engineer",
        "devops-engineer",
        "data-analyst",
        "machine-learning-engineer",
    ];

    /// Seven roles, one level, US, 2018–2023: each year `records_per_year`
    /// records whose median is exactly 100k·1.05^t (and TC 1.2 times that).
    fn exponential(records_per_year: usize) -> Engine {
        let mut b = SnapshotBuilder::new();
        for role in ROLES {
            for t in 0..6 {
                let m = 100_000.0 * 1.05_f64.powi(t);
                for j in 0..records_per_year {
                    let base = m * (1.0 + 0.01 * (j as f64 - (records_per_year / 2) as f64));
                    b.push("t", &rec(role, Some(Level::Senior), Some("US"), None, 2018 + t, Some(base), base * 1.2));
                }
            }
        }
        Engine::new(b.build(), 5)
    }

    fn method<'a>(m: &'a MeasureBacktest, name: &str) -> &'a MethodScore {
        m.methods.iter().find(|s| s.method == name).unwrap()
    }

    fn point(year: i32, actual: f64, predicted: f64) -> HeldOut {
        HeldOut { year, ahead: 1.0, history: 1, actual, predicted, last_value: 100.0, covered: false }
    }

    #[test]
    fn perfect_exponential_series() {
        let e = exponential(5);
        let r = e.backtest(&BacktestOptions::default());
        assert_eq!(r.measures.len(), 2);
        for m in &r.measures {
            // One level per role and country: each level cell equals its
            // all-levels cell and is scored once.
            assert_eq!(m.cells, 7);
            // Own trend: targets with at least 4 earlier years, 2024's 5th and 6th.
            let ll = method(m, "log-linear");
            assert_eq!((ll.held_out, ll.skipped, ll.cells), (14, 0, 7));
            assert!(ll.mape.unwrap() < 1e-9, "{:?}", ll.mape);
            // The market's first year pair is 2019, so 2019 itself cannot be
            // forecast from earlier pairs: 4 targets per cell.
            let mr = method(m, "market-rate");
            assert_eq!((mr.held_out, mr.skipped), (28, 7));
            assert!(mr.mape.unwrap() < 1e-9);
            // Naive: misses by one year's growth, 1 − 1/1.05, on every year from the 2nd.
            let lv = method(m, "last-value");
            assert_eq!(lv.held_out, 35);
            assert!((lv.mape.unwrap() - (1.0 - 1.0 / 1.05)).abs() < 1e-9);
            assert!((mr.last_value_mape.unwrap() - (1.0 - 1.0 / 1.05)).abs() < 1e-9, "paired on the same years");
            // Only the market rate has the 20 held-out medians that can show it beats the last value.
            assert_eq!(m.best_method, Some("market-rate"));
            assert_eq!(m.top_cells.len(), 7);
            let c = &m.top_cells[0];
            assert_eq!((c.level, c.country.as_str()), (None, "US"));
            assert_eq!((c.n, c.points, c.first_year, c.last_year), (30, 6, 2018, 2023));
            assert_eq!(
                m.log_linear_by_history.iter().map(|h| (h.years, h.held_out)).collect::<Vec<_>>(),
                [(3, 7), (4, 7), (5, 7)]
            );
        }
    }

    #[test]
    fn market_rate_does_not_peek() {
        // The market grows 5% a year until 2021, then 20%: a forecast of
        // 2022 must still use 5%.
        let pair = |year, change: f64| YearPair { year, change, cells: 3, n: 30 };
        let pairs = [
            pair(2019, 0.05_f64.ln_1p()),
            pair(2020, 0.05_f64.ln_1p()),
            pair(2021, 0.05_f64.ln_1p()),
            pair(2022, 0.2_f64.ln_1p()),
        ];
        let hist = [SeriesPoint::new(2021.0, 100.0)];
        let p = market_forecast(&pairs, &hist, 2022.0).unwrap();
        assert!((p.value - 105.0).abs() < 1e-9);
        assert!(p.lo > 0.0 && p.lo < p.value && p.hi > p.value);
        // Two years ahead compounds the rate as of the year before the target.
        let p = market_forecast(&pairs[..3], &hist, 2023.0).unwrap();
        assert!((p.value - 110.25).abs() < 1e-9);
        let lv = last_value_forecast(&[SeriesPoint::new(2020.0, 100.0), SeriesPoint::new(2021.0, 110.0)], 2022.0).unwrap();
        assert_eq!(lv.value, 110.0);
        assert!((lv.hi / 110.0 - 1.1).abs() < 1e-12);
        // One year of history: the floor, not a zero-width interval.
        let lv = last_value_forecast(&[SeriesPoint::new(2021.0, 110.0)], 2022.0).unwrap();
        assert!(((lv.hi / 110.0).ln() - min_half_width()).abs() < 1e-12 && lv.lo < 110.0);
    }

    #[test]
    fn conformal_quantile_is_the_finite_sample_rank() {
        assert_eq!(conformal_q95((1..=19).map(f64::from)), None, "too few points to calibrate");
        // m = 39: rank ceil(40 * 0.95) = 38.
        assert_eq!(conformal_q95((1..=39).map(f64::from)), Some(38.0));
        // m = 100: rank ceil(101 * 0.95) = 96; NaN is ignored.
        assert_eq!(conformal_q95((1..=100).map(f64::from).chain([f64::NAN])), Some(96.0));
    }

    #[test]
    fn calibration_uses_only_target_years_up_to_the_cut_off() {
        // 2020: 30 small errors (1% … 3%); 2021: 30 large ones (20% … 49%).
        let mut pts: Vec<HeldOut> = (0..30).map(|i| point(2020, 100.0 * (1.01 + 0.000_7 * f64::from(i)), 100.0)).collect();
        pts.extend((0..30).map(|i| point(2021, 100.0 * (1.2 + 0.01 * f64::from(i)), 100.0)));
        let (q2020, n2020) = calibration(&pts, 2020).unwrap();
        assert_eq!(n2020, 30);
        assert!(q2020 < 0.04, "{q2020}");
        let (q_all, n_all) = calibration(&pts, 2021).unwrap();
        assert_eq!(n_all, 60);
        assert!(q_all > 0.3, "{q_all}");
        assert_eq!(calibration(&pts[..19], 2020), None, "19 points do not calibrate");
        // Out of time, 2021 is judged by 2020's calibration and none is
        // covered; in-sample calibration would have covered most of them.
        let years = calibration_years("last-value", &pts);
        assert_eq!(years.len(), 1);
        assert_eq!((years[0].year, years[0].calibrated_on, years[0].held_out), (2021, 30, 30));
        assert_eq!(years[0].coverage, 0.0);
        let s = score_points("last-value", &pts, 0, 1, &pts);
        assert_eq!((s.held_out, s.calibrated_held_out, s.calibrated_coverage), (60, 30, Some(0.0)));
        // Exact forecasts still get the floor's width, never zero.
        let exact: Vec<HeldOut> = (0..25).map(|_| point(2020, 100.0, 100.0)).collect();
        assert_eq!(calibration(&exact, 2020).unwrap().0, min_half_width());
    }

    #[test]
    fn a_method_beats_the_last_value_only_on_enough_medians() {
        let better = |n: usize| {
            (0..n).map(|i| HeldOut { last_value: 90.0 - f64::from(i as u8 % 3), ..point(2020, 100.0, 99.0) }).collect::<Vec<_>>()
        };
        assert!(Evidence::through(&better(20), 2020).beats_last_value());
        assert!(!Evidence::through(&better(19), 2020).beats_last_value());
        assert!(!Evidence::through(&better(20), 2019).beats_last_value(), "no medians up to 2019");
        let worse: Vec<HeldOut> = (0..30).map(|_| HeldOut { last_value: 100.0, ..point(2020, 100.0, 99.0) }).collect();
        assert!(!Evidence::through(&worse, 2020).beats_last_value());
        // Lower MAPE by a hair, with errors that scatter: not evidence.
        let noisy: Vec<HeldOut> = (0..40)
            .map(|i| {
                let (p, lv) = if i % 2 == 0 { (99.0, 110.5) } else { (90.0, 98.5) };
                HeldOut { last_value: lv, ..point(2020, 100.0, p) }
            })
            .collect();
        let e = Evidence::through(&noisy, 2020);
        assert!(e.mape.unwrap() < e.last_value_mape.unwrap());
        assert!(!e.beats_last_value(), "{:?}", e.gain_ci);
    }

    #[test]
    fn floor_years_with_four_records_are_not_points() {
        // 4 records a year: no publishable year, so no cell at all.
        let e = exponential(4);
        let r = e.backtest(&BacktestOptions::default());
        for m in &r.measures {
            assert_eq!(m.cells, 0);
            assert!(m.top_cells.is_empty());
            assert!(m.methods.iter().all(|s| s.held_out == 0 && s.mape.is_none() && s.coverage.is_none()));
            assert_eq!(m.best_method, None);
        }
    }
}
