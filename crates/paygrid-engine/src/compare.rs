//! Side-by-side comparison of 2–4 cells (docs/methodology.md "Comparison"), and
//! the compact cell summary (p25/p50/p75 of base and TC with CIs) that the
//! comparison and the offer evaluation share.
//!
//! Definitions: each cell's figures are exactly its benchmark's (type 7
//! percentiles, order-statistic CIs with their coverage, outliers excluded).
//! Differences are of medians against the first cell, absolute (USD) and
//! relative ((p50 − first p50) / first p50). Two medians' CIs "overlap" when
//! the intervals share at least one value; overlapping intervals mean the
//! difference may be noise. This is a conservative reading (two medians can
//! differ significantly even when their CIs overlap slightly), chosen because
//! it never calls a difference real that a reader could not see in the
//! intervals shown beside the figures. When either interval covers less than
//! 95% (a median of 5 records: 93.75%), separate intervals are weaker
//! evidence, and the reading says so.

use crate::benchmark::{floor_reason, Measure, PayMeasure, Period, SourceShare};
use crate::query::{AreaInfo, CellQuery, RoleInfo};
use crate::Engine;
use paygrid_stats::Confidence;
use serde::Serialize;

/// Fewest and most cells a comparison takes.
pub const COMPARE_MIN_CELLS: usize = 2;
pub const COMPARE_MAX_CELLS: usize = 4;

/// p25/p50/p75 of one measure with their CIs and the CIs' coverage. `None`
/// figures are withheld (fewer than the floor report this measure);
/// `withheld` says so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quartiles {
    pub n: Option<usize>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p25_ci: Option<[f64; 2]>,
    pub p50_ci: Option<[f64; 2]>,
    pub p75_ci: Option<[f64; 2]>,
    /// Exact coverage of each interval (see [`crate::labels`]).
    pub p25_ci_coverage: Option<f64>,
    pub p50_ci_coverage: Option<f64>,
    pub p75_ci_coverage: Option<f64>,
    /// Which of the three intervals have equal ends (rounded data).
    pub ci_zero_width: Vec<&'static str>,
    #[serde(serialize_with = "crate::ser_confidence")]
    pub confidence: Confidence,
    /// Sources, years and recency of this measure's records.
    pub sources: Vec<SourceShare>,
    pub period: Period,
    pub data_as_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

impl Quartiles {
    pub(crate) fn from_measure(m: &Measure) -> Quartiles {
        Quartiles {
            n: m.n,
            p25: m.p25,
            p50: m.p50,
            p75: m.p75,
            p25_ci: m.ci.p25,
            p50_ci: m.ci.p50,
            p75_ci: m.ci.p75,
            p25_ci_coverage: m.ci_coverage.p25,
            p50_ci_coverage: m.ci_coverage.p50,
            p75_ci_coverage: m.ci_coverage.p75,
            ci_zero_width: m.ci_zero_width.iter().copied().filter(|n| matches!(*n, "p25" | "p50" | "p75")).collect(),
            confidence: m.confidence,
            sources: m.sources.clone(),
            period: m.period,
            data_as_of: m.data_as_of.clone(),
            withheld: m.withheld.clone(),
        }
    }
}

/// One cell's identity and quartiles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellSummary {
    pub role: RoleInfo,
    pub level: Option<&'static str>,
    pub location: AreaInfo,
    pub since: Option<i32>,
    pub until: Option<i32>,
    /// Records in the cell (outliers excluded); withheld under the floor.
    pub n: Option<usize>,
    /// The base label when base is published, else the TC label.
    #[serde(serialize_with = "crate::ser_confidence")]
    pub confidence: Confidence,
    pub base: Quartiles,
    pub total: Quartiles,
    /// First and last year of the cell's records.
    pub records_period: Period,
    /// How recent the cell's records are ([`crate::dates`]).
    pub data_as_of: Option<String>,
    /// Set when base and TC describe different sources or years.
    pub populations_differ: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

impl CellSummary {
    /// "Senior Backend Engineer in Seattle-…" for sentences.
    pub(crate) fn describe(&self) -> String {
        let level = self.level.and_then(paygrid_domain::Level::from_slug).map_or(String::new(), |l| format!("{} ", l.name()));
        format!("{level}{} in {}", self.role.name, self.location.name)
    }
}

/// The sorted values behind a summary, kept crate-internal.
pub(crate) struct SummaryData {
    pub summary: CellSummary,
    pub base: Vec<f64>,
    pub total: Vec<f64>,
}

impl Engine {
    /// Quartiles of base and TC of one cell, behind the floor; the sorted
    /// values are returned for crate-internal use (ranks) only.
    pub(crate) fn summarize(&self, q: &CellQuery) -> SummaryData {
        let s = &self.snapshot;
        let floor = self.floor;
        let cell = s.cell(q);
        let n = cell.rows.len();
        let mut summary = CellSummary {
            role: RoleInfo::of(&q.role),
            level: q.level.map(|l| l.slug()),
            location: q.area.info(),
            since: q.since,
            until: q.until,
            n: None,
            confidence: Confidence::Suppressed,
            base: Quartiles::from_measure(&Measure::withheld(floor)),
            total: Quartiles::from_measure(&Measure::withheld(floor)),
            records_period: Period { from: None, to: None },
            data_as_of: None,
            populations_differ: None,
            withheld: Some(floor_reason(floor)),
        };
        if n < floor {
            return SummaryData { summary, base: Vec::new(), total: Vec::new() };
        }
        let base = s.sorted_values(PayMeasure::Base, &cell.rows);
        let total = s.sorted_values(PayMeasure::Total, &cell.rows);
        let (mut mb, mut mt) = (Measure::from_sorted(&base, floor), Measure::from_sorted(&total, floor));
        s.date_measure(PayMeasure::Base, &cell.rows, floor, &mut mb);
        s.date_measure(PayMeasure::Total, &cell.rows, floor, &mut mt);
        summary.records_period = s.years_of(&cell.rows);
        summary.data_as_of = s.data_as_of(&cell.rows, floor);
        summary.populations_differ = crate::dates::populations_differ(&mb, &mt);
        summary.n = Some(n);
        summary.withheld = None;
        summary.confidence = if mb.n.is_some() { mb.confidence } else { mt.confidence };
        summary.base = Quartiles::from_measure(&mb);
        summary.total = Quartiles::from_measure(&mt);
        // Values of a withheld measure never leave this function's callers'
        // reach: they get empty slices.
        let base = if mb.n.is_some() { base } else { Vec::new() };
        let total = if mt.n.is_some() { total } else { Vec::new() };
        SummaryData { summary, base, total }
    }
}

/// Median of one measure in a cell against the first cell's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MedianDifference {
    pub measure: PayMeasure,
    /// This cell's p50 − the first cell's p50 (USD).
    pub difference: f64,
    /// The difference as a fraction of the first cell's p50 (0.12 = +12%).
    pub relative: f64,
    /// Whether the two medians' CIs share any value.
    pub ci_overlap: bool,
    /// The overlap in words, with what the intervals are (95% CIs or their
    /// coverage).
    pub reading: String,
}

/// One column of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedCell {
    pub cell: CellSummary,
    /// Median differences against the first cell (empty for the first cell
    /// and when either side is withheld).
    pub vs_first: Vec<MedianDifference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub differences_withheld: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub cells: Vec<ComparedCell>,
    pub floor: usize,
}

/// A comparison needs 2–4 cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    CellCount(usize),
}

impl std::fmt::Display for CompareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompareError::CellCount(n) => {
                write!(f, "a comparison takes {COMPARE_MIN_CELLS} to {COMPARE_MAX_CELLS} cells, got {n}")
            }
        }
    }
}

impl std::error::Error for CompareError {}

pub(crate) fn intervals_overlap(a: [f64; 2], b: [f64; 2]) -> bool {
    a[0] <= b[1] && b[0] <= a[1]
}

fn difference(measure: PayMeasure, first: &Quartiles, this: &Quartiles) -> Option<MedianDifference> {
    let (p0, p1) = (first.p50?, this.p50?);
    let ci_overlap = intervals_overlap(first.p50_ci?, this.p50_ci?);
    let (c0, c1) = (first.p50_ci_coverage, this.p50_ci_coverage);
    let both_95 = [c0, c1].iter().all(|c| c.is_some_and(crate::labels::reaches_95));
    let reading = match (both_95, ci_overlap) {
        (true, true) => "the 95% CIs of the medians overlap: the difference may be noise".to_string(),
        (true, false) => "the 95% CIs of the medians do not overlap: the difference is unlikely to be noise".to_string(),
        (false, overlap) => {
            let what = format!(
                "the intervals of the medians (a {} and a {})",
                crate::labels::interval_label(c0),
                crate::labels::interval_label(c1)
            );
            if overlap {
                format!("{what} overlap: the difference may be noise")
            } else {
                format!("{what} do not overlap, but an interval under 95% is narrower than a 95% CI: the difference may still be noise")
            }
        }
    };
    Some(MedianDifference { measure, difference: p1 - p0, relative: (p1 - p0) / p0, ci_overlap, reading })
}

impl Engine {
    /// 2–4 cells side by side: each cell's quartiles of base and TC with n
    /// and confidence, and for every cell after the first its median
    /// differences from the first with a CI-overlap flag. Cells under the
    /// floor show only their reason; no difference involves them.
    pub fn compare(&self, cells: &[CellQuery]) -> Result<Comparison, CompareError> {
        if !(COMPARE_MIN_CELLS..=COMPARE_MAX_CELLS).contains(&cells.len()) {
            return Err(CompareError::CellCount(cells.len()));
        }
        let summaries: Vec<CellSummary> = cells.iter().map(|q| self.summarize(q).summary).collect();
        let first = summaries[0].clone();
        let out = summaries
            .into_iter()
            .enumerate()
            .map(|(i, cell)| {
                if i == 0 {
                    return ComparedCell { cell, vs_first: Vec::new(), differences_withheld: None };
                }
                let reason = if cell.withheld.is_some() {
                    Some("this cell is withheld by the privacy floor: no differences".to_string())
                } else if first.withheld.is_some() {
                    Some("the first cell is withheld by the privacy floor: no differences".to_string())
                } else {
                    None
                };
                let vs_first = if reason.is_some() {
                    Vec::new()
                } else {
                    [(PayMeasure::Base, &first.base, &cell.base), (PayMeasure::Total, &first.total, &cell.total)]
                        .into_iter()
                        .filter_map(|(m, a, b)| difference(m, a, b))
                        .collect()
                };
                ComparedCell { cell, vs_first, differences_withheld: reason }
            })
            .collect();
        Ok(Comparison { cells: out, floor: self.floor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Area;
    use crate::skills::test_support::{rec, Lcg};
    use crate::SnapshotBuilder;
    use paygrid_domain::Level;

    fn engine() -> Engine {
        let mut b = SnapshotBuilder::new();
        let mut rng = Lcg::new(7);
        for (country, centre, n) in [("US", 100_000.0, 40), ("DE", 60_000.0, 40), ("GB", 101_000.0, 40), ("FR", 70_000.0, 4)] {
            for _ in 0..n {
                let base = centre * (1.0 + 0.1 * (rng.uniform() - 0.5));
                b.push("t", &rec("backend-engineer", Some(Level::Senior), Some(country), None, 2024, Some(base), base * 1.2));
            }
        }
        Engine::new(b.build(), 5)
    }

    fn q(country: &str) -> CellQuery {
        CellQuery::new("backend-engineer", Some(Level::Senior), Area::Country(country.to_string()))
    }

    #[test]
    fn overlap_flags_and_differences() {
        let e = engine();
        let c = e.compare(&[q("US"), q("DE"), q("GB"), q("FR")]).unwrap();
        assert_eq!(c.cells.len(), 4);
        assert!(c.cells[0].vs_first.is_empty());
        let us = c.cells[0].cell.base.p50.unwrap();
        let de = &c.cells[1].vs_first;
        assert_eq!(de.len(), 2);
        assert!(!de[0].ci_overlap && !de[1].ci_overlap);
        let de_p50 = c.cells[1].cell.base.p50.unwrap();
        assert!((de[0].difference - (de_p50 - us)).abs() < 1e-9);
        assert!((de[0].relative - (de_p50 - us) / us).abs() < 1e-12);
        assert!(de[0].relative < -0.3);
        let gb = &c.cells[2].vs_first;
        assert!(gb[0].ci_overlap && gb[1].ci_overlap);
        // FR has 4 records: nothing but the reason.
        let fr = &c.cells[3];
        assert_eq!(fr.cell.n, None);
        assert!(fr.cell.base.p50.is_none() && fr.cell.total.p50.is_none() && fr.cell.base.n.is_none());
        assert!(fr.vs_first.is_empty() && fr.differences_withheld.is_some());
        assert!(fr.cell.withheld.as_deref().unwrap().contains("fewer than 5"));
    }

    #[test]
    fn withheld_first_cell_blocks_differences() {
        let e = engine();
        let c = e.compare(&[q("FR"), q("US")]).unwrap();
        assert!(c.cells[1].vs_first.is_empty());
        assert!(c.cells[1].differences_withheld.as_deref().unwrap().contains("first cell"));
        assert!(c.cells[1].cell.base.p50.is_some());
    }

    #[test]
    fn cell_count_is_checked() {
        let e = engine();
        assert_eq!(e.compare(&[q("US")]).unwrap_err(), CompareError::CellCount(1));
        assert_eq!(e.compare(&[q("US"), q("DE"), q("GB"), q("FR"), q("US")]).unwrap_err(), CompareError::CellCount(5));
        assert!(e.compare(&[]).is_err());
        assert!(intervals_overlap([1.0, 2.0], [2.0, 3.0]) && !intervals_overlap([1.0, 2.0], [2.5, 3.0]));
    }
}
