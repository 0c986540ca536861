//! The report's data model. It serializes as the JSON report (`paygrid
//! report --format json`, the API's report body), and the Markdown and HTML
//! renderers read nothing else, so the three formats cannot disagree.
//!
//! Every section carries its figures and the sentences generated from them,
//! or, when it has no data, a plain statement of why. Engine results are
//! embedded as the engine returns them (they are its documented contracts);
//! the report adds only selection and wording.

use paygrid_engine::benchmark::{Measure, Period, ProjectionOut, SourceShare, YearPoint};
use paygrid_engine::labels::CoverageSet;
use paygrid_engine::segments::{SegmentTable, YearShare};
use paygrid_engine::{
    AreaInfo, LevelLadder, MetroEffect, ModelledCell, PayMeasure, PremiumTable, RequestedSkills, Roadmap, RoleInfo, SeniorityMix,
    SkillPremium, SkillShare, TcBreakdown,
};
use serde::Serialize;

/// One section: figures and sentences, or a statement of why it is empty.
///
/// Invariant (tested): `figures.is_some() || statement.is_some()`. A section
/// with figures may still carry a statement for what it lacks (e.g. "TC is
/// not reported by these sources").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section<T> {
    /// Stable anchor (`overview`, `level-ladder`, …) for links and tests.
    pub id: &'static str,
    pub title: String,
    pub figures: Option<T>,
    /// Generated from `figures`; every number in them is one of the figures.
    pub sentences: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

impl<T> Section<T> {
    pub(crate) fn new(id: &'static str, title: impl Into<String>) -> Section<T> {
        Section { id, title: title.into(), figures: None, sentences: Vec::new(), statement: None }
    }

    pub(crate) fn empty(id: &'static str, title: impl Into<String>, why: impl Into<String>) -> Section<T> {
        Section { statement: Some(why.into()), ..Section::new(id, title) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelInfo {
    pub slug: &'static str,
    pub name: &'static str,
}

/// The market report of one role x location (x level) cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    /// One computed sentence for the meta description and the lede.
    pub description: String,
    pub canonical_path: String,
    pub canonical_url: String,
    pub site_name: String,
    /// Passed in by the caller (the crate has no clock).
    pub generated_at: String,
    /// When the newest data was imported (pages label it "imported"; how
    /// recent the records are is `data_as_of`).
    pub updated: Option<String>,
    /// First and last year of the cell's records.
    pub records_period: Period,
    /// How recent the cell's records are: the month of its k-th newest
    /// dated record, or the year when only a year is known.
    pub data_as_of: Option<String>,
    /// Shown at the top of the page: the cell's (or one measure's) newest
    /// records are more than 18 months older than the page.
    pub stale_notices: Vec<String>,
    /// Shown at the top of the page: base and TC come from different sources
    /// or years.
    pub populations_differ: Option<String>,
    pub role: RoleInfo,
    pub level: Option<LevelInfo>,
    pub location: AreaInfo,
    pub location_slug: String,
    pub period: Period,
    pub floor: usize,
    pub overview: Section<Overview>,
    /// Present only for a specialization whose own cell is thin.
    pub rollup: Option<Section<RollupFigures>>,
    pub projection: Section<ProjectionFigures>,
    pub seniority_mix: Section<SeniorityMix>,
    pub level_ladder: Section<LevelLadder>,
    pub experience_roadmap: Section<Roadmap>,
    pub tc_breakdown: Section<TcBreakdown>,
    pub metros: Section<MetroFigures>,
    pub skills: Section<SkillFigures>,
    pub demand: Section<DemandFigures>,
    pub ai: Section<AiFigures>,
    pub related_roles: Section<RelatedFigures>,
    pub segments: Section<Vec<SegmentTable>>,
    pub negotiation: Section<NegotiationFigures>,
    pub faq: Section<Vec<Faq>>,
    pub sources: Section<SourcesFigures>,
}

/// The distribution of one pay measure in a cell, as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    pub measure: PayMeasure,
    pub n: usize,
    pub mean: Option<f64>,
    pub mean_ci: Option<[f64; 2]>,
    pub p10: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    pub p10_ci: Option<[f64; 2]>,
    pub p25_ci: Option<[f64; 2]>,
    pub p50_ci: Option<[f64; 2]>,
    pub p75_ci: Option<[f64; 2]>,
    pub p90_ci: Option<[f64; 2]>,
    /// Coverage of each interval: "95% CI" only when it reaches 0.95.
    pub ci_coverage: CoverageSet,
    /// Intervals whose ends are equal (rounded data, not certainty).
    pub ci_zero_width: Vec<&'static str>,
    pub confidence: &'static str,
    /// Sources, years and recency of this measure's records.
    pub sources: Vec<SourceShare>,
    pub period: Period,
    pub data_as_of: Option<String>,
}

impl Distribution {
    /// None when the floor (or the sources) leave the measure empty.
    pub(crate) fn from_measure(measure: PayMeasure, m: &Measure) -> Option<Distribution> {
        Some(Distribution {
            measure,
            n: m.n?,
            mean: m.mean,
            mean_ci: m.ci.mean,
            p10: m.p10,
            p25: m.p25,
            p50: m.p50,
            p75: m.p75,
            p90: m.p90,
            p10_ci: m.ci.p10,
            p25_ci: m.ci.p25,
            p50_ci: m.ci.p50,
            p75_ci: m.ci.p75,
            p90_ci: m.ci.p90,
            ci_coverage: m.ci_coverage,
            ci_zero_width: m.ci_zero_width.clone(),
            confidence: m.confidence.as_str(),
            sources: m.sources.clone(),
            period: m.period,
            data_as_of: m.data_as_of.clone(),
        })
    }

    /// (label, value, CI) of the published percentiles, low to high.
    pub fn percentiles(&self) -> Vec<(&'static str, f64, Option<[f64; 2]>)> {
        [("p10", self.p10, self.p10_ci), ("p25", self.p25, self.p25_ci), ("p50", self.p50, self.p50_ci)]
            .into_iter()
            .chain([("p75", self.p75, self.p75_ci), ("p90", self.p90, self.p90_ci)])
            .filter_map(|(l, v, ci)| v.map(|v| (l, v, ci)))
            .collect()
    }

    /// Whether any published interval covers less than 95%.
    pub fn any_short_interval(&self) -> bool {
        let c = &self.ci_coverage;
        [c.mean, c.p10, c.p25, c.p50, c.p75, c.p90].iter().flatten().any(|&c| !paygrid_engine::labels::reaches_95(c))
    }
}

/// OEWS estimate for the role's SOC in the location, beside our figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OewsReference {
    pub year: Option<i32>,
    pub area_name: String,
    pub occ_code: String,
    pub occ_title: String,
    pub employment: Option<f64>,
    pub mean: Option<f64>,
    pub p50: Option<f64>,
    /// This cell's median base / the OEWS median (both base wages).
    pub ratio_to_median: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub n: usize,
    /// `high`, `medium` or `low` (docs/methodology.md), shown with `n`.
    pub confidence: &'static str,
    /// When the newest data was imported (the page header shows it as
    /// "imported").
    pub updated: Option<String>,
    /// First and last year of the cell's records, and how recent they are.
    pub records_period: Period,
    pub data_as_of: Option<String>,
    pub outliers_excluded: usize,
    pub base: Option<Distribution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_statement: Option<String>,
    pub total: Option<Distribution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_statement: Option<String>,
    pub projection: Option<ProjectionOut>,
    pub oews: Option<OewsReference>,
    pub sources: Vec<SourceShare>,
}

/// A family's figures shown for a thin specialization, labelled as such.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollupFigures {
    /// "family figures: Software Engineer (includes iOS Engineer)".
    pub label: String,
    pub reason: String,
    pub family: RoleInfo,
    pub n: usize,
    pub confidence: &'static str,
    pub base: Option<Distribution>,
    pub total: Option<Distribution>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionFigures {
    pub measure: PayMeasure,
    /// Yearly medians of years with at least k records.
    pub trend: Vec<YearPoint>,
    pub projection: Option<ProjectionOut>,
    /// True when the market-wide rate stands in for the cell's own history.
    pub market_rate_fallback: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetroFigures {
    pub measure: PayMeasure,
    pub national_n: Option<usize>,
    pub model_n: Option<usize>,
    pub r_squared: Option<f64>,
    pub soc: Option<String>,
    pub oews_national_p50: Option<f64>,
    /// Metros with at least k records in the model.
    pub metros_available: usize,
    /// Heading of the shown effects (`MetroTable::baseline_label`).
    pub baseline_label: String,
    /// The largest metros by n, remote and the report's own metro, sorted by
    /// effect (largest first).
    pub shown: Vec<MetroEffect>,
    /// The report's metro (when it is one and has an effect).
    pub current: Option<MetroEffect>,
    /// Estimate for the report's metro when its own cell is under the floor.
    pub modelled: Option<ModelledCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillFigures {
    pub requested: RequestedSkills,
    pub premiums: PremiumTable,
    /// Why no credential premium is given.
    pub credentials: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandFigures {
    pub measure: PayMeasure,
    /// The cell's share of its location's records, per year.
    pub shares: Vec<YearShare>,
}

/// A role compared with the report's role at the same level and location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedRole {
    pub role: RoleInfo,
    /// `family`, `specialization`, `sibling`, `same SOC` or `AI/ML role`.
    pub relation: &'static str,
    /// True when this role's records are part of the other role's cell.
    pub includes_this_role: bool,
    pub n: usize,
    pub measure: PayMeasure,
    pub median: f64,
    pub median_ci: Option<[f64; 2]>,
    /// Exact coverage of `median_ci`.
    pub median_ci_coverage: Option<f64>,
    pub path: String,
    /// Its median − this role's median (same measure), when both exist.
    pub difference: Option<f64>,
    pub relative: Option<f64>,
    /// Whether the two medians' CIs share a value.
    pub ci_overlap: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedFigures {
    /// Publishable related roles, highest median first.
    pub roles: Vec<RelatedRole>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AiFigures {
    /// AI and machine-learning roles at the same level and location.
    pub roles: Vec<RelatedRole>,
    /// AI-related skills among the most listed.
    pub skills: Vec<SkillShare>,
    /// AI-related skills with an estimated premium.
    pub premiums: Vec<SkillPremium>,
}

/// A negotiation lever: a topic and a sentence built from the figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lever {
    pub topic: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anchor {
    pub measure: PayMeasure,
    pub n: usize,
    pub value: f64,
    pub ci: Option<[f64; 2]>,
    /// Exact coverage of `ci`.
    pub ci_coverage: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NegotiationFigures {
    pub p50: Option<Anchor>,
    pub p75: Option<Anchor>,
    pub levers: Vec<Lever>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Faq {
    pub question: String,
    pub answer: Vec<String>,
}

/// A source as the caller knows it (the engine has no licences).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceNote {
    pub dataset: String,
    pub kind: String,
    pub licence: Option<String>,
}

/// A source of this cell's records, with its licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLine {
    pub dataset: String,
    pub kind: String,
    pub licence: Option<String>,
    /// Withheld (null) when fewer than k of the cell's records come from it.
    pub n: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourcesFigures {
    /// Sources of this cell's records.
    pub records: Vec<SourceLine>,
    /// Every source loaded (records and reference tables).
    pub all: Vec<SourceNote>,
    pub floor: usize,
    pub outliers_excluded: Option<usize>,
    pub methodology_url: String,
    /// The definitions the page's figures follow, in brief.
    pub definitions: Vec<String>,
}
