//! The benchmark of one cell (docs/methodology.md): counts, mean, p10–p90 of
//! base and of TC with 95% CIs, confidence label, yearly trend and a
//! next-year projection — all behind the privacy floor.

use crate::labels::{CoverageSet, Intervals};
pub use crate::market::MarketRate;
pub use crate::projection::ProjectionOut;
use crate::query::{AreaInfo, CellQuery, RoleInfo};
use crate::snapshot::{OewsRef, Snapshot};
use crate::Engine;
use paygrid_stats::{cell_stats_sorted, percentile_publishable, sort_values, Confidence};
use serde::Serialize;

/// Base salary or total compensation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PayMeasure {
    Base,
    Total,
}

impl PayMeasure {
    pub fn name(self) -> &'static str {
        match self {
            PayMeasure::Base => "base salary",
            PayMeasure::Total => "total compensation",
        }
    }
}

impl Snapshot {
    /// The measure's value for a row; NaN when the record lacks it.
    pub(crate) fn pay(&self, m: PayMeasure, row: u32) -> f64 {
        match m {
            PayMeasure::Base => self.base[row as usize],
            PayMeasure::Total => self.total[row as usize],
        }
    }

    /// Sorted, non-missing values of a measure over rows.
    pub(crate) fn sorted_values(&self, m: PayMeasure, rows: &[u32]) -> Vec<f64> {
        let mut v: Vec<f64> = rows.iter().map(|&r| self.pay(m, r)).filter(|x| !x.is_nan()).collect();
        sort_values(&mut v);
        v
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CiSet {
    pub mean: Option<[f64; 2]>,
    pub p10: Option<[f64; 2]>,
    pub p25: Option<[f64; 2]>,
    pub p50: Option<[f64; 2]>,
    pub p75: Option<[f64; 2]>,
    pub p90: Option<[f64; 2]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearPoint {
    pub year: i32,
    pub n: usize,
    pub p50: f64,
}

/// Figures of one measure in one cell. Every `None` is either missing data
/// or withheld by the floor; `withheld` says which.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub n: Option<usize>,
    pub mean: Option<f64>,
    pub p10: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    pub ci: CiSet,
    /// Coverage of each interval in `ci` (see [`crate::labels`]): a page
    /// calls an interval a 95% CI only when this reaches 0.95.
    pub ci_coverage: CoverageSet,
    /// Intervals of `ci` whose ends are equal (`p50`, …): rounded data, not
    /// certainty.
    pub ci_zero_width: Vec<&'static str>,
    #[serde(serialize_with = "crate::ser_confidence")]
    pub confidence: Confidence,
    pub trend: Vec<YearPoint>,
    pub projection: Option<ProjectionOut>,
    /// The sources of this measure's values (those that report it), each
    /// count withheld under the floor.
    pub sources: Vec<SourceShare>,
    /// First and last year of this measure's records.
    pub period: Period,
    /// How recent this measure's records are ([`crate::dates`]).
    pub data_as_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// Why a measure is empty in a cell that has records.
pub fn no_values_reason(m: PayMeasure) -> String {
    match m {
        PayMeasure::Base => "no record in this cell reports a base salary (its sources give total pay only)".into(),
        PayMeasure::Total => {
            "no record in this cell reports total compensation (aijobs.net and H-1B LCA give base salary only)".into()
        }
    }
}

/// Statement used whenever the floor withholds something.
pub fn floor_reason(floor: usize) -> String {
    format!("fewer than {floor} records: withheld by the privacy floor")
}

impl Measure {
    pub fn withheld(floor: usize) -> Measure {
        Measure {
            n: None,
            mean: None,
            p10: None,
            p25: None,
            p50: None,
            p75: None,
            p90: None,
            ci: CiSet::default(),
            ci_coverage: CoverageSet::default(),
            ci_zero_width: Vec::new(),
            confidence: Confidence::Suppressed,
            trend: Vec::new(),
            projection: None,
            sources: Vec::new(),
            period: Period { from: None, to: None },
            data_as_of: None,
            withheld: Some(floor_reason(floor)),
        }
    }

    /// Figures from sorted values, obeying the floor: nothing below `floor`;
    /// p10/p90 only from 10 records on.
    pub fn from_sorted(sorted: &[f64], floor: usize) -> Measure {
        let n = sorted.len();
        if n < floor {
            return Measure::withheld(floor);
        }
        let st = cell_stats_sorted(sorted);
        let s = st.summary;
        let tails = percentile_publishable(n, 0.10, floor);
        let iv = Intervals::new(
            st.mean_ci,
            [st.p10_ci.filter(|_| tails), st.p25_ci, st.p50_ci, st.p75_ci, st.p90_ci.filter(|_| tails)],
        );
        Measure {
            n: Some(n),
            mean: Some(s.mean),
            p10: tails.then_some(s.p10),
            p25: Some(s.p25),
            p50: Some(s.p50),
            p75: Some(s.p75),
            p90: tails.then_some(s.p90),
            ci: iv.ci,
            ci_coverage: iv.coverage,
            ci_zero_width: iv.zero_width,
            confidence: st.confidence(floor),
            trend: Vec::new(),
            projection: None,
            sources: Vec::new(),
            period: Period { from: None, to: None },
            data_as_of: None,
            withheld: None,
        }
    }
}

/// First and last year (inclusive): of a query when it sets them, else of
/// the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceShare {
    pub name: String,
    pub kind: &'static str,
    /// Withheld (null) when fewer than the floor come from this source.
    pub n: Option<usize>,
}

/// The OFLC prevailing-wage levels I–IV of an OEWS area for a SOC code
/// (docs/methodology.md, "Official references").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OflcLevels {
    pub area_code: String,
    pub soc: String,
    pub wage_year: &'static str,
    /// Levels I–IV, annual USD.
    pub levels: [f64; 4],
    /// What the levels are, in words.
    pub what: &'static str,
}

impl OflcLevels {
    pub const WHAT: &'static str = "US Department of Labor prevailing-wage levels I-IV for this area and occupation: \
        the wages employers sponsoring a work visa must pay at four experience levels. Level I and IV come from the \
        area's OEWS wage distribution, II and III split the gap between them in thirds. Official reference points, \
        not salary records, and not paygrid's levels.";

    pub fn of(area: &crate::query::Area, soc: Option<&str>) -> Option<OflcLevels> {
        let crate::query::Area::Metro(code) = area else { return None };
        let soc = soc?;
        let w = paygrid_domain::oflc::wage_levels(code, soc)?;
        Some(OflcLevels {
            area_code: code.clone(),
            soc: soc.to_string(),
            wage_year: paygrid_domain::oflc::WAGE_YEAR,
            levels: w.levels,
            what: Self::WHAT,
        })
    }
}

/// A cell's benchmark: the JSON contract of `paygrid benchmark --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmark {
    /// The role id (kebab-case slug): the field other tools key on.
    pub role: String,
    /// Name, SOC code, family and whether the role is in the catalogue.
    pub role_info: RoleInfo,
    pub level: Option<&'static str>,
    pub location: AreaInfo,
    pub period: Period,
    pub n: Option<usize>,
    #[serde(serialize_with = "crate::ser_confidence")]
    pub confidence: Confidence,
    pub outliers_excluded: Option<usize>,
    pub sources: Vec<SourceShare>,
    pub oews: Option<OewsRef>,
    /// The DOL OFLC prevailing-wage levels of the metro for the role's SOC
    /// code: official reference points, not records (US metros only).
    pub oflc: Option<OflcLevels>,
    pub base: Measure,
    pub total: Measure,
    /// First and last year of the cell's records (`period` is the query's
    /// when it sets one).
    pub records_period: Period,
    /// How recent the cell's records are: the month (`YYYY-MM`) of its k-th
    /// newest dated record, or the year when only a year is known
    /// ([`crate::dates`]).
    pub data_as_of: Option<String>,
    /// Set when base and TC come from different sources or years that do not
    /// overlap, saying which ([`crate::dates::populations_differ`]).
    pub populations_differ: Option<String>,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
    /// When the newest data was imported (not how recent the records are:
    /// see `data_as_of`).
    pub updated: Option<String>,
}

impl Engine {
    /// The benchmark of one cell.
    pub fn benchmark(&self, q: &CellQuery) -> Benchmark {
        let s = &self.snapshot;
        let floor = self.floor;
        let cell = self.cell_rows(q, false, false);
        let n = cell.rows.len();
        let role = RoleInfo::of(&q.role);
        let oews = role.soc.as_deref().and_then(|soc| q.area.oews_key().and_then(|k| s.oews(&k, soc))).cloned();
        let role_soc = role.soc.clone();
        let years: Vec<i32> = cell.rows.iter().map(|&r| s.year[r as usize] as i32).filter(|&y| y > 0).collect();
        let period =
            Period { from: q.since.or_else(|| years.iter().min().copied()), to: q.until.or_else(|| years.iter().max().copied()) };
        let mut b = Benchmark {
            role: role.id.clone(),
            role_info: role,
            level: q.level.map(|l| l.slug()),
            location: q.area.info(),
            period,
            n: None,
            confidence: Confidence::Suppressed,
            outliers_excluded: None,
            sources: Vec::new(),
            oews,
            oflc: OflcLevels::of(&q.area, role_soc.as_deref()),
            base: Measure::withheld(floor),
            total: Measure::withheld(floor),
            records_period: Period { from: None, to: None },
            data_as_of: None,
            populations_differ: None,
            floor,
            withheld: Some(floor_reason(floor)),
            updated: s.updated.clone(),
        };
        if n < floor {
            return b;
        }
        b.withheld = None;
        b.n = Some(n);
        b.outliers_excluded = Some(cell.outliers);
        b.sources = s.sources_of(&cell.rows, None, floor);
        b.records_period = s.years_of(&cell.rows);
        b.data_as_of = s.data_as_of(&cell.rows, floor);
        let target = q.until.or(period.to).map(|y| y + 1);
        for m in [PayMeasure::Base, PayMeasure::Total] {
            let sorted = s.sorted_values(m, &cell.rows);
            let mut measure = Measure::from_sorted(&sorted, floor);
            if sorted.is_empty() {
                measure.withheld = Some(no_values_reason(m));
            }
            if measure.n.is_some() {
                measure.trend = self.yearly_medians(m, &cell.rows);
                measure.projection = target.and_then(|t| self.project(m, q, &measure, t));
            }
            s.date_measure(m, &cell.rows, floor, &mut measure);
            match m {
                PayMeasure::Base => b.base = measure,
                PayMeasure::Total => b.total = measure,
            }
        }
        b.confidence = if b.base.n.is_some() { b.base.confidence } else { b.total.confidence };
        b.populations_differ = crate::dates::populations_differ(&b.base, &b.total);
        b
    }

    /// Median per year, for years with at least `floor` records.
    pub(crate) fn yearly_medians(&self, m: PayMeasure, rows: &[u32]) -> Vec<YearPoint> {
        let s = &self.snapshot;
        let mut by_year: std::collections::BTreeMap<i16, Vec<f64>> = Default::default();
        for &r in rows {
            let (y, v) = (s.year[r as usize], s.pay(m, r));
            if y > 0 && !v.is_nan() {
                by_year.entry(y).or_default().push(v);
            }
        }
        by_year
            .into_iter()
            .filter(|(_, v)| v.len() >= self.floor)
            .map(|(y, mut v)| {
                sort_values(&mut v);
                YearPoint { year: y as i32, n: v.len(), p50: paygrid_stats::quantile_sorted(&v, 0.5) }
            })
            .collect()
    }
}
