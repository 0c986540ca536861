//! The market-wide growth rate that stands in for a cell's own trend when
//! the cell has too few years.
//!
//! **Fixed composition.** The median of all records in a country moves when
//! the mix of roles, levels and sources behind it changes, even if no one's
//! pay does (a year with more junior postings lowers it). So the rate is
//! built from changes *within* cells of fixed composition: role x level x
//! country (records of unknown level are left out). For each year t and
//! each such cell with at least k records in both t − 1 and t, the change is
//! d = ln(median_t / median_{t−1}), weighted by the smaller of the two n.
//! The market's change in t, G_t, is the weighted median of those d over at
//! least [`MARKET_MIN_CELLS`] cells (a median, so one cell whose mix did
//! change cannot swing it). Chain-linking the G_t gives an index of pay at
//! fixed composition; the rate is its mean yearly change,
//! b = mean(G_t) over the year pairs up to the cut-off, growth e^b − 1.
//!
//! **Uncertainty.** se(b) = sd(G_t)/√T over T year pairs, but never below
//! [`RATE_SE_FLOOR`] (with one or two pairs, or pairs that happen to agree,
//! the sample sd says nothing); the 95% half-width on the log scale is
//! t₀.₉₇₅(max(T − 1, 1))·se(b).
//!
//! **No look-ahead.** G_t uses years t − 1 and t only, so the rate as of a
//! cut-off Y is the mean of the G_t with t <= Y, computed from the same
//! table of year pairs.

use crate::benchmark::PayMeasure;
use crate::snapshot::{NONE, NO_LEVEL};
use crate::Engine;
use paygrid_stats::{sort_values, t975};
use serde::Serialize;
use std::collections::BTreeMap;

/// Fewest cells whose year-on-year changes make a market year pair: with
/// fewer, the "market" change would be one or two cells' own.
pub const MARKET_MIN_CELLS: usize = 3;

/// Least standard error of any yearly growth rate paygrid projects with,
/// on the log scale (0.01: a 95% interval of about ±2% a year). A rate
/// fitted to a few yearly figures can come out exact by chance (medians
/// that repeat a round figure give an error of zero); no market's next-year
/// growth is known that well.
pub const RATE_SE_FLOOR: f64 = 0.01;

/// The market's change between two consecutive years.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearPair {
    /// The later year t of the pair (t − 1, t).
    pub year: i32,
    /// G_t, the weighted median of within-cell log changes.
    pub change: f64,
    /// Cells with at least k records in both years.
    pub cells: usize,
    /// Records behind those cells in both years.
    pub n: usize,
}

/// A market-wide growth rate and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketRate {
    /// e^b − 1, a fraction a year.
    pub growth: f64,
    /// Half-width of the 95% interval of b = ln(1 + growth), per year.
    pub half_width: f64,
    pub description: String,
    /// `chain-linked within-cell changes`: how the rate was measured.
    pub measure: &'static str,
    /// The year pairs averaged.
    pub pairs: Vec<YearPair>,
    /// Distinct cells that entered at least one pair.
    pub cells: usize,
    /// Records behind the pairs (a record in a year that is in two pairs
    /// counts twice).
    pub n: usize,
}

/// Name of the measure, as the projection's basis states it.
pub const MARKET_MEASURE: &str = "chain-linked within-cell changes";

/// The weighted median of (value, weight) pairs: the smallest value at which
/// the cumulative weight reaches half the total; when it reaches exactly
/// half, the mean of that value and the next (as the unweighted median of an
/// even count). None when empty or weightless.
pub fn weighted_median(items: &mut [(f64, f64)]) -> Option<f64> {
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = items.iter().map(|x| x.1).sum();
    if items.is_empty() || total <= 0.0 {
        return None;
    }
    let half = total / 2.0;
    let mut cum = 0.0;
    for (i, &(v, w)) in items.iter().enumerate() {
        cum += w;
        if cum == half {
            return Some(items.get(i + 1).map_or(v, |next| (v + next.0) / 2.0));
        }
        if cum > half {
            return Some(v);
        }
    }
    items.last().map(|x| x.0)
}

/// The rate from the year pairs up to `through` (all when None); None
/// without a pair.
pub fn rate_from_pairs(pairs: &[YearPair], through: Option<i32>) -> Option<(f64, f64, Vec<YearPair>)> {
    let used: Vec<YearPair> = pairs.iter().filter(|p| through.is_none_or(|y| p.year <= y)).copied().collect();
    let t = used.len();
    if t == 0 {
        return None;
    }
    let b = used.iter().map(|p| p.change).sum::<f64>() / t as f64;
    let sd = if t >= 2 { (used.iter().map(|p| (p.change - b).powi(2)).sum::<f64>() / (t - 1) as f64).sqrt() } else { 0.0 };
    let se = (sd / (t as f64).sqrt()).max(RATE_SE_FLOOR);
    Some((b, t975(t.saturating_sub(1).max(1)) * se, used))
}

impl Engine {
    /// The market's year pairs in a country (None: all countries), from
    /// every year in the data; computed once per engine.
    pub(crate) fn market_pairs(&self, m: PayMeasure, country: Option<u32>) -> std::sync::Arc<(Vec<YearPair>, Vec<u64>)> {
        self.market_cache.get_or_compute((m, country), || std::sync::Arc::new(self.compute_market_pairs(m, country)))
    }

    /// Year pairs plus, per pair, the set of cells in it (as stable keys),
    /// so the distinct cells of any run of pairs can be counted.
    fn compute_market_pairs(&self, m: PayMeasure, country: Option<u32>) -> (Vec<YearPair>, Vec<u64>) {
        let s = &self.snapshot;
        // cell -> year -> values
        let mut cells: BTreeMap<(u32, u8, u32), BTreeMap<i16, Vec<f64>>> = BTreeMap::new();
        for r in 0..s.len() {
            let (c, l, y) = (s.country[r], s.level[r], s.year[r]);
            if s.outlier[r] || c == NONE || l == NO_LEVEL || y <= 0 || country.is_some_and(|k| k != c) {
                continue;
            }
            let v = s.pay(m, r as u32);
            if v.is_nan() || v <= 0.0 {
                continue;
            }
            cells.entry((s.role[r], l, c)).or_default().entry(y).or_default().push(v);
        }
        // year -> (change, weight, n, cell index)
        let mut by_year: BTreeMap<i32, Vec<(f64, f64, usize, u64)>> = BTreeMap::new();
        for (idx, years) in cells.into_values().enumerate() {
            let medians: Vec<(i32, f64, usize)> = years
                .into_iter()
                .filter(|(_, v)| v.len() >= self.floor)
                .map(|(y, mut v)| {
                    sort_values(&mut v);
                    (i32::from(y), paygrid_stats::quantile_sorted(&v, 0.5), v.len())
                })
                .collect();
            for w in medians.windows(2) {
                let ((y0, m0, n0), (y1, m1, n1)) = (w[0], w[1]);
                if y1 == y0 + 1 {
                    by_year.entry(y1).or_default().push(((m1 / m0).ln(), n0.min(n1) as f64, n0 + n1, idx as u64));
                }
            }
        }
        let mut pairs = Vec::new();
        let mut members = Vec::new();
        for (year, changes) in by_year {
            if changes.len() < MARKET_MIN_CELLS {
                continue;
            }
            let mut items: Vec<(f64, f64)> = changes.iter().map(|c| (c.0, c.1)).collect();
            let Some(change) = weighted_median(&mut items) else { continue };
            pairs.push(YearPair { year, change, cells: changes.len(), n: changes.iter().map(|c| c.2).sum() });
            // One marker between pairs keeps each pair's members apart.
            members.extend(changes.iter().map(|c| c.3));
            members.push(u64::MAX);
        }
        (pairs, members)
    }

    /// The fixed-composition market rate of a measure in a country (None:
    /// all countries) as of `through` (None: all years).
    pub(crate) fn market_rate_in(&self, m: PayMeasure, country: Option<u32>, through: Option<i32>) -> Option<MarketRate> {
        let table = self.market_pairs(m, country);
        let (pairs, members) = (&table.0, &table.1);
        let (b, half, used) = rate_from_pairs(pairs, through)?;
        let mut distinct: Vec<u64> = Vec::new();
        for (pair, group) in pairs.iter().zip(members.split(|&x| x == u64::MAX)) {
            if used.iter().any(|u| u.year == pair.year) {
                distinct.extend_from_slice(group);
            }
        }
        distinct.sort_unstable();
        distinct.dedup();
        let n: usize = used.iter().map(|p| p.n).sum();
        let place = match country {
            Some(c) => {
                let code = self.snapshot.countries.name(c);
                paygrid_domain::geo::Geo::embedded().country_name(code).unwrap_or(code).to_string()
            }
            None => "all countries".to_string(),
        };
        let years = match (used.first(), used.last()) {
            (Some(a), Some(z)) if a.year == z.year => format!("{}–{}", a.year - 1, a.year),
            (Some(a), Some(z)) => format!("{}–{}", a.year - 1, z.year),
            _ => String::new(),
        };
        Some(MarketRate {
            growth: b.exp_m1(),
            half_width: half,
            description: format!(
                "median {} change within the same role x level cells in {place} ({MARKET_MEASURE}), {} year pair{} {years}, {} cells, {} records",
                m.name(),
                used.len(),
                if used.len() == 1 { "" } else { "s" },
                distinct.len(),
                n
            ),
            measure: MARKET_MEASURE,
            cells: distinct.len(),
            n,
            pairs: used,
        })
    }

    /// The market-wide growth rate for a query's country (US for a state or
    /// metro, all countries for the world or remote anywhere) as of its
    /// `until`: fixed-composition, see the module documentation. It uses
    /// every source, whatever the query's `sources`, because it measures the
    /// market rather than the cell.
    pub fn market_rate(&self, m: PayMeasure, q: &crate::query::CellQuery) -> Option<MarketRate> {
        let country = match &q.area {
            crate::query::Area::World | crate::query::Area::Remote(None) => None,
            crate::query::Area::Country(c) | crate::query::Area::Remote(Some(c)) => Some(c.as_str()),
            _ => Some("US"),
        };
        let cid = match country {
            Some(c) => Some(self.snapshot.countries.get(c)?),
            None => None,
        };
        self.market_rate_in(m, cid, q.until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_median_by_hand() {
        assert_eq!(weighted_median(&mut []), None);
        assert_eq!(weighted_median(&mut [(3.0, 1.0), (1.0, 1.0), (2.0, 1.0)]), Some(2.0));
        // Even total weight split exactly: the mean of the two middle values.
        assert_eq!(weighted_median(&mut [(1.0, 1.0), (4.0, 1.0)]), Some(2.5));
        // A heavy value wins.
        assert_eq!(weighted_median(&mut [(1.0, 1.0), (2.0, 1.0), (9.0, 5.0)]), Some(9.0));
    }

    #[test]
    fn rate_is_the_mean_pair_change_with_a_floored_error() {
        let pair = |year, change| YearPair { year, change, cells: 3, n: 30 };
        let pairs = [pair(2021, 0.02), pair(2022, 0.04), pair(2023, 0.09)];
        let (b, half, used) = rate_from_pairs(&pairs, Some(2022)).unwrap();
        assert_eq!(used.len(), 2, "pairs after the cut-off are not used");
        assert!((b - 0.03).abs() < 1e-12);
        // sd of (0.02, 0.04) = 0.01414…, se = 0.01 = the floor; t(1).
        let se = (0.0002_f64).sqrt() / 2.0_f64.sqrt();
        assert!((half - 12.706_204_736_174_7 * se.max(RATE_SE_FLOOR)).abs() < 1e-9);
        // Pairs that agree exactly still leave the floor.
        let same = [pair(2021, 0.03), pair(2022, 0.03), pair(2023, 0.03)];
        let (_, half, _) = rate_from_pairs(&same, None).unwrap();
        assert!((half - t975(2) * RATE_SE_FLOOR).abs() < 1e-12);
        assert!(rate_from_pairs(&pairs, Some(2020)).is_none());
    }
}
