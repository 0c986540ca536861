//! Backtest of the projection methods (PRODUCT.md §4 "Trend and
//! projection"): every method is replayed on held-back years and its error
//! is published on the methodology page.
//!
//! **Cells.** Every role in the data (with its specializations, as a cell
//! is published) x country, all levels; and role x level x country. A cell
//! whose rows are exactly another cell's (e.g. a role with one level in a
//! country) is scored once. Records of unknown country or level are not in
//! a cell of that kind. Outliers are excluded as for every figure.
//!
//! **Series.** The cell's yearly medians over years with at least k records
//! ([`Engine::yearly_medians`]), weighted by their n; a cell enters with at
//! least 4 such years (3 to fit, 1 to hold out). Each year from the 4th on is
//! held out in turn and forecast from the earlier years only
//! ([`paygrid_stats::backtest`]), so no method sees its target.
//!
//! **Methods.**
//! - `log-linear`: the cell's own trend, ln(median) on year, weighted by n,
//!   with its 95% prediction interval ([`paygrid_stats::log_linear_forecast`]);
//!   the method the benchmark uses when a cell has history.
//! - `market-rate`: the growth of the all-roles yearly median in the cell's
//!   country, fitted (log-linear) on years before the held-out year only,
//!   applied to the cell's last known median; the interval is the growth
//!   rate's 95% CI ([`paygrid_stats::fallback_projection`]), compounded over
//!   a gap of several years. The fallback the benchmark uses.
//! - `last-value`: naive baseline, the last known median, with the interval
//!   ± the mean absolute yearly log change of the history (scaled by the
//!   gap in years). A method that does not beat it adds nothing.
//!
//! **Scores.** MAPE = mean |predicted − actual| / actual over held-out
//! points, pooled across cells (each point counts once, so long series
//! weigh more); coverage = share of held-out medians inside the interval
//! (honest 95% intervals cover about 95%). Both measures (base, TC) are
//! scored separately.

use crate::benchmark::PayMeasure;
use crate::query::{Area, CellQuery};
use crate::snapshot::{NONE, NO_LEVEL};
use crate::Engine;
use paygrid_domain::Level;
use paygrid_stats::{fallback_projection, log_linear_forecast, Backtest, LogLinearTrend, Projection, SeriesPoint};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// The methods scored, in report order.
pub const BACKTEST_METHODS: [&str; 3] = ["log-linear", "market-rate", "last-value"];

/// The market rate with its interval calibrated on held-out errors
/// (split-conformal): scored with 2-fold cross-fitting by role so that no
/// cell's interval is calibrated on its own errors.
pub const CALIBRATED_METHOD: &str = "market-rate-calibrated";

/// Which records and how many years a backtest uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacktestOptions {
    pub since: Option<i32>,
    pub until: Option<i32>,
    /// Dataset names or import kinds; empty = all sources.
    pub sources: Vec<String>,
    /// Fewest publishable years for a cell to be backtested (at least 4).
    pub min_points: usize,
    /// Cells detailed per measure, largest n first.
    pub top_cells: usize,
}

impl Default for BacktestOptions {
    fn default() -> BacktestOptions {
        BacktestOptions { since: None, until: None, sources: Vec::new(), min_points: 4, top_cells: 20 }
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
    /// The method with the lowest pooled MAPE.
    pub best_method: Option<&'static str>,
    /// The largest cells by n, with their own scores.
    pub top_cells: Vec<CellBacktest>,
    /// 95th percentile of the market rate's |ln(actual / predicted)| per
    /// square root of the years forecast ahead, over every held-out point:
    /// the half-width (on the log scale) that production projections by
    /// the market rate use for their interval.
    pub market_rate_q95: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestReport {
    pub floor: usize,
    pub min_points: usize,
    pub measures: Vec<MeasureBacktest>,
}

fn score(method: &'static str, bt: &Backtest, cells: usize) -> MethodScore {
    MethodScore { method, cells, held_out: bt.points.len(), skipped: bt.skipped, mape: bt.mape(), coverage: bt.coverage() }
}

/// Last-value forecast: the last median, ± the mean absolute yearly log
/// change of the history times the gap.
fn last_value_forecast(history: &[SeriesPoint], x: f64) -> Option<Projection> {
    let last = history.last()?;
    let changes: Vec<f64> = history
        .windows(2)
        .filter(|w| w[1].x > w[0].x && w[0].value > 0.0 && w[1].value > 0.0)
        .map(|w| (w[1].value / w[0].value).ln().abs() / (w[1].x - w[0].x))
        .collect();
    if changes.is_empty() {
        return None;
    }
    let d = changes.iter().sum::<f64>() / changes.len() as f64 * (x - last.x).max(1.0);
    Some(Projection { x, value: last.value, lo: last.value * (-d).exp(), hi: last.value * d.exp() })
}

/// Market-rate forecast: growth of `market` fitted on years before `x`,
/// applied to the cell's last median; compounded over a gap of h years,
/// (1 + g)^h − 1, with the rate's CI half-width compounded likewise.
fn market_forecast(market: &[SeriesPoint], history: &[SeriesPoint], x: f64) -> Option<Projection> {
    let past: Vec<SeriesPoint> = market.iter().filter(|p| p.x < x).copied().collect();
    let t = LogLinearTrend::fit(&past)?;
    let (lo, hi) = t.growth_ci();
    let g = t.growth();
    let half = ((hi - lo) / 2.0).abs();
    let last = history.last()?;
    let h = (x - last.x).max(1.0).round() as i32;
    let rate = (1.0 + g).powi(h) - 1.0;
    let half_h = ((1.0 + g + half).powi(h) - (1.0 + g - half).max(0.0).powi(h)) / 2.0;
    let p = fallback_projection(last.x, last.value, rate, half_h);
    Some(Projection { x, ..p })
}

/// |ln(actual / predicted)| per square root of the years ahead: yearly
/// shocks that add up like a random walk widen the error that way.
fn scaled_log_error(actual: f64, predicted: f64, ahead: f64) -> f64 {
    (actual / predicted).ln().abs() / ahead.sqrt()
}

/// The split-conformal quantile: the ceil((m + 1)·0.95)-th smallest of m
/// scaled errors (the finite-sample-valid choice); None below 20 points,
/// too few to calibrate a 95% interval.
pub fn conformal_q95(errors: impl Iterator<Item = f64>) -> Option<f64> {
    let mut e: Vec<f64> = errors.filter(|x| x.is_finite()).collect();
    if e.len() < 20 {
        return None;
    }
    e.sort_by(f64::total_cmp);
    let rank = (((e.len() + 1) as f64) * 0.95).ceil() as usize;
    Some(e[rank.min(e.len()) - 1])
}

/// Scores the calibrated market rate out of sample: roles are split in two
/// folds by a stable hash of their id; each fold's intervals use the q95 of
/// the other fold's errors. The point forecasts are the market rate's, so
/// only coverage (and interval width) differs from it.
fn calibrated_score(points: &[(String, f64, f64, f64)], cells: usize, skipped: usize) -> MethodScore {
    let fold = |role: &str| role.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 2;
    let q: Vec<Option<f64>> = (0..2)
        .map(|f| conformal_q95(points.iter().filter(|p| fold(&p.0) != f).map(|p| scaled_log_error(p.1, p.2, p.3))))
        .collect();
    let mut apes = Vec::new();
    let mut covered = 0usize;
    let mut scored = 0usize;
    for (role, actual, predicted, ahead) in points {
        let Some(q) = q[fold(role) as usize] else { continue };
        scored += 1;
        apes.push((predicted - actual).abs() / actual.abs());
        covered += usize::from(scaled_log_error(*actual, *predicted, *ahead) <= q);
    }
    MethodScore {
        method: CALIBRATED_METHOD,
        cells,
        held_out: scored,
        skipped: skipped + points.len() - scored,
        mape: (!apes.is_empty()).then(|| paygrid_stats::pairwise_sum(&apes) / apes.len() as f64),
        coverage: (scored > 0).then(|| covered as f64 / scored as f64),
    }
}

struct BtCell {
    role: String,
    level: Option<&'static str>,
    country: String,
    country_id: u32,
    rows: Vec<u32>,
}

impl Engine {
    /// Replays each projection method on held-back years of every cell with
    /// enough history; see the module documentation for the definitions.
    pub fn backtest(&self, opts: &BacktestOptions) -> BacktestReport {
        let s = &self.snapshot;
        let min_points = opts.min_points.max(paygrid_stats::TREND_MIN_POINTS + 1);
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

        // All-roles rows per country for the market rate.
        let market_filter = s.filter(&query(""));
        let mut market_rows: HashMap<u32, Vec<u32>> = HashMap::new();
        for r in 0..s.len() as u32 {
            let c = s.country[r as usize];
            if c != NONE && !s.outlier[r as usize] && s.matches(&market_filter, r, true, true) {
                market_rows.entry(c).or_default().push(r);
            }
        }

        let measures = [PayMeasure::Base, PayMeasure::Total]
            .into_iter()
            .map(|m| {
                let market: HashMap<u32, Vec<SeriesPoint>> =
                    market_rows.iter().map(|(&c, rows)| (c, self.series(m, rows))).collect();
                let mut pooled: Vec<Backtest> = vec![Backtest::default(); BACKTEST_METHODS.len()];
                let mut scored_cells = [0usize; BACKTEST_METHODS.len()];
                let mut details: Vec<CellBacktest> = Vec::new();
                // (role, actual, predicted, years ahead) of every market-rate point.
                let mut market_points: Vec<(String, f64, f64, f64)> = Vec::new();
                for c in &cells {
                    let series = self.series(m, &c.rows);
                    if series.len() < min_points {
                        continue;
                    }
                    let mk = market.get(&c.country_id).map_or(&[][..], Vec::as_slice);
                    let runs = [
                        paygrid_stats::backtest(&series, log_linear_forecast),
                        paygrid_stats::backtest(&series, |h, x| market_forecast(mk, h, x)),
                        paygrid_stats::backtest(&series, last_value_forecast),
                    ];
                    let methods = BACKTEST_METHODS
                        .iter()
                        .zip(&runs)
                        .map(|(&name, bt)| score(name, bt, usize::from(!bt.points.is_empty())))
                        .collect();
                    details.push(CellBacktest {
                        role: c.role.clone(),
                        level: c.level,
                        country: c.country.clone(),
                        n: series.iter().map(|p| p.weight as usize).sum(),
                        points: series.len(),
                        first_year: series.first().map_or(0, |p| p.x as i32),
                        last_year: series.last().map_or(0, |p| p.x as i32),
                        methods,
                    });
                    for p in &runs[1].points {
                        let ahead = series.iter().filter(|q| q.x < p.x).map(|q| q.x).fold(f64::NAN, f64::max);
                        market_points.push((c.role.clone(), p.actual, p.predicted.value, (p.x - ahead).max(1.0)));
                    }
                    for (i, bt) in runs.into_iter().enumerate() {
                        scored_cells[i] += usize::from(!bt.points.is_empty());
                        pooled[i].absorb(bt);
                    }
                }
                let mut methods: Vec<MethodScore> =
                    BACKTEST_METHODS.iter().zip(&pooled).zip(scored_cells).map(|((&name, bt), n)| score(name, bt, n)).collect();
                methods.push(calibrated_score(&market_points, scored_cells[1], pooled[1].skipped));
                let market_rate_q95 = conformal_q95(market_points.iter().map(|p| scaled_log_error(p.1, p.2, p.3)));
                let best_method = methods
                    .iter()
                    .filter_map(|s| s.mape.map(|v| (s.method, v)))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(name, _)| name);
                let cells_n = details.len();
                details.sort_by(|a, b| {
                    b.n.cmp(&a.n).then_with(|| (&a.role, a.level, &a.country).cmp(&(&b.role, b.level, &b.country)))
                });
                details.truncate(opts.top_cells);
                MeasureBacktest { measure: m, cells: cells_n, methods, best_method, top_cells: details, market_rate_q95 }
            })
            .collect();
        BacktestReport { floor: self.floor, min_points, measures }
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

    /// One role, one level, US, 2018–2023: each year 5 records whose median
    /// is exactly 100k·1.05^t (and TC 1.2 times that).
    fn exponential(records_per_year: usize) -> Engine {
        let mut b = SnapshotBuilder::new();
        for t in 0..6 {
            let m = 100_000.0 * 1.05_f64.powi(t);
            for j in 0..records_per_year {
                let base = m * (1.0 + 0.01 * (j as f64 - (records_per_year / 2) as f64));
                b.push("t", &rec("backend-engineer", Some(Level::Senior), Some("US"), None, 2018 + t, Some(base), base * 1.2));
            }
        }
        Engine::new(b.build(), 5)
    }

    fn method<'a>(m: &'a MeasureBacktest, name: &str) -> &'a MethodScore {
        m.methods.iter().find(|s| s.method == name).unwrap()
    }

    #[test]
    fn perfect_exponential_series() {
        let e = exponential(5);
        let r = e.backtest(&BacktestOptions::default());
        assert_eq!(r.measures.len(), 2);
        for m in &r.measures {
            // One role with one level in one country: the level cell equals
            // the all-levels cell and is scored once.
            assert_eq!(m.cells, 1);
            let ll = method(m, "log-linear");
            assert_eq!((ll.held_out, ll.skipped, ll.cells), (3, 0, 1));
            assert!(ll.mape.unwrap() < 1e-9, "{:?}", ll.mape);
            // The market here is the same series: also exact.
            let mr = method(m, "market-rate");
            assert_eq!(mr.held_out, 3);
            assert!(mr.mape.unwrap() < 1e-9);
            // Naive: misses by one year's growth, 1 − 1/1.05.
            let lv = method(m, "last-value");
            assert!((lv.mape.unwrap() - (1.0 - 1.0 / 1.05)).abs() < 1e-9);
            // Its interval ± one year's log change just reaches the actual.
            assert!(m.best_method == Some("log-linear") || m.best_method == Some("market-rate"));
            assert_eq!(m.top_cells.len(), 1);
            let c = &m.top_cells[0];
            assert_eq!((c.role.as_str(), c.level, c.country.as_str()), ("backend-engineer", None, "US"));
            assert_eq!((c.n, c.points, c.first_year, c.last_year), (30, 6, 2018, 2023));
        }
    }

    #[test]
    fn market_rate_does_not_peek() {
        // The market series grows 5% until 2021, then 20%: a forecast of
        // 2022 must still use about 5%.
        let market: Vec<SeriesPoint> = (0..6)
            .map(|t| {
                let v = if t <= 3 { 1.05_f64.powi(t) } else { 1.05_f64.powi(3) * 1.2_f64.powi(t - 3) };
                SeriesPoint::new(2018.0 + f64::from(t), v)
            })
            .collect();
        let hist = [SeriesPoint::new(2021.0, 100.0)];
        let p = market_forecast(&market, &hist, 2022.0).unwrap();
        assert!((p.value - 105.0).abs() < 1e-9);
        // Two years ahead compounds.
        let p = market_forecast(&market[..4], &hist, 2023.0).unwrap();
        assert!((p.value - 110.25).abs() < 1e-9);
        let lv = last_value_forecast(&[SeriesPoint::new(2020.0, 100.0), SeriesPoint::new(2021.0, 110.0)], 2022.0).unwrap();
        assert_eq!(lv.value, 110.0);
        assert!((lv.hi / 110.0 - 1.1).abs() < 1e-12);
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
    fn calibrated_intervals_are_scored_out_of_fold() {
        // Two roles whose errors differ tenfold: each fold is calibrated on
        // the other, so the small-error role is covered and the large-error
        // role is not; in-sample calibration would cover both.
        let mut points = Vec::new();
        for i in 0..40 {
            let small = 1.0 + 0.001 * f64::from(i % 10);
            let large = 1.0 + 0.1 * f64::from(i % 10 + 1);
            points.push(("a".to_string(), 100.0 * small, 100.0, 1.0));
            points.push(("b".to_string(), 100.0 * large, 100.0, 1.0));
        }
        let fold = |r: &str| r.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 2;
        assert_ne!(fold("a"), fold("b"), "the fixture needs the roles in different folds");
        let s = calibrated_score(&points, 2, 0);
        assert_eq!(s.held_out, 80);
        assert!((s.coverage.unwrap() - 0.5).abs() < 1e-9, "{:?}", s.coverage);
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
