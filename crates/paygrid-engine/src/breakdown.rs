//! Breakdowns of one cell (docs/methodology.md): seniority mix, level ladder,
//! experience roadmap and the split of total compensation into its parts.
//!
//! Every figure here obeys the privacy floor k on its own group: a level,
//! experience band or pay component with fewer than k records publishes
//! nothing, even when the cell around it is large.

use crate::benchmark::{floor_reason, Measure, PayMeasure};
use crate::query::{AreaInfo, CellQuery, RoleInfo};
use crate::snapshot::Snapshot;
use crate::Engine;
use paygrid_domain::Level;
use paygrid_stats::{mean, quantile_ci, quantile_sorted, sort_values};
use serde::Serialize;

/// A median with its order-statistic CI and that interval's coverage, or
/// nothing when fewer than k values stand behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MedianFigure {
    pub n: Option<usize>,
    pub p50: Option<f64>,
    /// Distribution-free CI of the median (Binomial(n, ½) ranks).
    pub ci: Option<[f64; 2]>,
    /// Exact coverage of `ci` (0.9375 at n = 5, at least 0.95 from n = 6).
    pub ci_coverage: Option<f64>,
    /// True when both ends of `ci` are equal: rounded data, not certainty.
    pub ci_zero_width: bool,
}

impl MedianFigure {
    pub const WITHHELD: MedianFigure = MedianFigure { n: None, p50: None, ci: None, ci_coverage: None, ci_zero_width: false };

    /// Median of ascending values, withheld below `floor` values.
    pub fn from_sorted(sorted: &[f64], floor: usize) -> MedianFigure {
        if sorted.is_empty() || sorted.len() < floor.max(paygrid_stats::DEFAULT_FLOOR) {
            return MedianFigure::WITHHELD;
        }
        let ci = quantile_ci(sorted, 0.5);
        MedianFigure {
            n: Some(sorted.len()),
            p50: Some(quantile_sorted(sorted, 0.5)),
            ci: ci.map(|c| [c.lo, c.hi]),
            ci_coverage: ci.map(|c| c.coverage),
            ci_zero_width: ci.is_some_and(|c| c.zero_width()),
        }
    }
}

/// Label of the records whose level is unknown.
pub const UNKNOWN_LEVEL: &str = "unknown";

/// One level's count and share of its cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelShare {
    /// Level slug, or `unknown` for records without a level.
    pub level: &'static str,
    pub name: &'static str,
    pub n: Option<usize>,
    /// Fraction of the cell's records (0.25 = 25%).
    pub share: Option<f64>,
    /// True when fewer than k records (possibly none) have this level.
    pub withheld: bool,
}

/// The seniority mix of a cell (docs/methodology.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeniorityMix {
    pub role: RoleInfo,
    pub location: AreaInfo,
    /// Records in the cell, all levels (outliers excluded).
    pub n: Option<usize>,
    /// [`Level::ALL`] order, then `unknown`.
    pub levels: Vec<LevelShare>,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// Interquartile range of years of experience.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YoeRange {
    /// Records of the level with a known years-of-experience value.
    pub n: usize,
    pub p25: f64,
    pub p75: f64,
}

/// The change in median pay from the rung below.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LevelStep {
    /// Slug of the rung compared with.
    pub from: &'static str,
    /// Which median the step compares: base when both rungs publish one,
    /// else total compensation.
    pub measure: PayMeasure,
    /// median(this) / median(from) − 1, as a fraction (0.25 = +25%).
    pub change: f64,
}

/// One published rung of the level ladder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LadderRung {
    pub level: &'static str,
    pub name: &'static str,
    pub n: usize,
    pub years_experience: Option<YoeRange>,
    /// Base salary distribution (p10/p90 only from 10 records).
    pub base: Measure,
    pub median_tc: MedianFigure,
    pub tc_split: Option<TcSplit>,
    pub step: Option<LevelStep>,
}

/// The level ladder of a cell (docs/methodology.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelLadder {
    pub role: RoleInfo,
    pub location: AreaInfo,
    /// IC rungs entry..principal, then manager, executive; only levels with
    /// at least k records.
    pub rungs: Vec<LadderRung>,
    /// Levels without a rung: fewer than k records, possibly none. The two
    /// are not told apart, since "1 to k−1 records" is itself a figure from
    /// fewer than k records.
    pub withheld_levels: Vec<&'static str>,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// One band of the experience roadmap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoadmapBucket {
    pub label: &'static str,
    /// Band is [min_years, max_years); `max_years` None = open-ended.
    pub min_years: f64,
    pub max_years: Option<f64>,
    pub n: Option<usize>,
    pub base: MedianFigure,
    pub total: MedianFigure,
    /// The most common known level in the band, when at least k records
    /// have it.
    pub top_level: Option<&'static str>,
    /// That level's share of the band's records.
    pub top_level_share: Option<f64>,
}

/// Median pay by years of experience (docs/methodology.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Roadmap {
    pub role: RoleInfo,
    pub location: AreaInfo,
    /// Records of the cell (all levels) with a known years of experience.
    pub n: Option<usize>,
    pub buckets: Vec<RoadmapBucket>,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// One part of total compensation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Component {
    /// Mean annual amount per record (records without the component count
    /// as 0).
    pub mean: Option<f64>,
    /// mean / mean TC.
    pub share: Option<f64>,
}

impl Component {
    const WITHHELD: Component = Component { mean: None, share: None };
}

/// Mean total compensation and its parts over the records that report a
/// base salary.
///
/// Definition: over the n records with a base, mean base, mean bonus, mean
/// annual equity and mean signing bonus / 4 (the TC formula of docs/normalization.md, "Money"
/// spreads a signing bonus over four years); "unattributed" = mean TC − the
/// sum of the published parts, and every share is a part's mean over mean TC,
/// so the shares add up to 1. Records with only a total are left out because
/// their parts are unknown, not zero. A part that fewer than k records
/// receive (but at least one) is not shown and stays inside "unattributed":
/// its mean times n would give away those few records' amounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TcSplit {
    /// Records with a base salary.
    pub n: usize,
    pub mean_total: f64,
    pub base: Component,
    pub bonus: Component,
    pub equity: Component,
    /// Signing bonus / 4 per year.
    pub signing: Component,
    /// Mean TC not covered by the published parts: parts the source reported
    /// only inside its total, rounding, and withheld parts.
    pub unattributed: Component,
    /// Fraction of the n records with a bonus > 0 (withheld when 1..k−1).
    pub share_with_bonus: Option<f64>,
    /// Fraction of the n records with equity > 0 (withheld when 1..k−1).
    pub share_with_equity: Option<f64>,
}

/// The composition of total compensation in a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TcBreakdown {
    pub role: RoleInfo,
    pub level: Option<&'static str>,
    pub location: AreaInfo,
    /// Records in the cell (outliers excluded).
    pub n: Option<usize>,
    pub split: Option<TcSplit>,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// Experience bands of the roadmap: [0, 3), [3, 7), [7, ∞) years.
const ROADMAP_BANDS: [(&str, f64, Option<f64>); 3] =
    [("0–3 years", 0.0, Some(3.0)), ("3–7 years", 3.0, Some(7.0)), ("7+ years", 7.0, None)];

/// IC ladder order, then the management track.
const LADDER_ORDER: [Level; 7] =
    [Level::Entry, Level::Mid, Level::Senior, Level::Staff, Level::Principal, Level::Manager, Level::Executive];

impl Snapshot {
    /// Rows of `rows` grouped by level: index `Level::index`, plus a last
    /// group for records without a level.
    pub(crate) fn rows_by_level(&self, rows: &[u32]) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); Level::ALL.len() + 1];
        for &r in rows {
            let i = self.level_of(r).map_or(Level::ALL.len(), |l| l.index() as usize);
            out[i].push(r);
        }
        out
    }

    /// Known, non-negative years of experience of a row.
    pub(crate) fn yoe_of(&self, row: u32) -> Option<f64> {
        let y = self.yoe[row as usize];
        (y.is_finite() && y >= 0.0).then_some(f64::from(y))
    }

    /// The TC split over `rows` (see [`TcSplit`]); None when fewer than
    /// `floor` of them report a base.
    pub(crate) fn tc_split(&self, rows: &[u32], floor: usize) -> Option<TcSplit> {
        // Both parts must be known: base-only sources (no TC) and total-only
        // sources (no base) say nothing about how TC splits.
        let with_base: Vec<usize> =
            rows.iter().map(|&r| r as usize).filter(|&r| !self.base[r].is_nan() && !self.total[r].is_nan()).collect();
        let n = with_base.len();
        if n < floor {
            return None;
        }
        let col = |c: &[f64], scale: f64| -> Vec<f64> { with_base.iter().map(|&r| c[r] * scale).collect() };
        let mean_total = mean(&col(&self.total, 1.0));
        let mut published = 0.0;
        // A part is shown when 0 or >= k records have it.
        let mut part = |values: Vec<f64>| -> Component {
            let holders = values.iter().filter(|v| **v != 0.0).count();
            if holders > 0 && holders < floor {
                return Component::WITHHELD;
            }
            let m = mean(&values);
            published += m;
            Component { mean: Some(m), share: Some(m / mean_total) }
        };
        let base = part(col(&self.base, 1.0));
        let bonus = part(col(&self.bonus, 1.0));
        let equity = part(col(&self.equity, 1.0));
        let signing = part(col(&self.signing, 0.25));
        let rest = mean_total - published;
        let share_with = |c: &[f64]| {
            let k = with_base.iter().filter(|&&r| c[r] > 0.0).count();
            (k == 0 || k >= floor).then(|| k as f64 / n as f64)
        };
        Some(TcSplit {
            n,
            mean_total,
            base,
            bonus,
            equity,
            signing,
            unattributed: Component { mean: Some(rest), share: Some(rest / mean_total) },
            share_with_bonus: share_with(&self.bonus),
            share_with_equity: share_with(&self.equity),
        })
    }
}

fn level_of_group(i: usize) -> (&'static str, &'static str) {
    match Level::from_index(i as u8) {
        Some(l) => (l.slug(), l.name()),
        None => (UNKNOWN_LEVEL, "Unknown level"),
    }
}

impl Engine {
    /// The cell's rows with its level ignored (every breakdown by level or
    /// experience looks across levels of the same role, place and period).
    fn rows_all_levels(&self, q: &CellQuery) -> std::sync::Arc<crate::Cell> {
        self.cell_rows(q, true, false)
    }

    /// Share of records per level in the cell, its level ignored.
    ///
    /// Definition: count of the cell's records (outliers excluded) at each
    /// level over all of the cell's records, those without a level included
    /// (shown as `unknown`) so the shares of the published rows and the
    /// withheld ones add up to 1. A level with fewer than k records shows
    /// neither count nor share; when the whole cell has fewer than k records
    /// nothing is shown.
    pub fn seniority_mix(&self, q: &CellQuery) -> SeniorityMix {
        let floor = self.floor;
        let cell = self.rows_all_levels(q);
        let rows = cell.rows.as_slice();
        let n = rows.len();
        let groups = self.snapshot.rows_by_level(rows);
        let open = n >= floor;
        let levels = groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let (level, name) = level_of_group(i);
                let show = open && g.len() >= floor;
                LevelShare {
                    level,
                    name,
                    n: show.then_some(g.len()),
                    share: show.then(|| g.len() as f64 / n as f64),
                    withheld: !show,
                }
            })
            .collect();
        SeniorityMix {
            role: RoleInfo::of(&q.role),
            location: q.area.info(),
            n: open.then_some(n),
            levels,
            floor,
            withheld: (!open).then(|| floor_reason(floor)),
        }
    }

    /// Pay by level: one rung per level with at least k records.
    ///
    /// Definitions, per level of the cell (its own level ignored):
    /// n = records at the level; years of experience p25–p75 over the
    /// records that state it (shown only when at least k do); base p10–p90 as
    /// in every benchmark (p10/p90 from 10 records); median TC with its CI;
    /// the TC split of [`TcSplit`]; and the step = median / median of the
    /// nearest lower published rung − 1. The step compares median base when
    /// both rungs publish one, else median TC (the rung says which), because a
    /// ratio of a base to a TC would mix the bonus into the step. IC rungs
    /// step from the nearest lower IC rung (a missing rung is skipped, so the
    /// step then spans two levels and names the rung it is from); executive
    /// steps from manager; manager has no step, as no IC rung is the level
    /// below it.
    pub fn level_ladder(&self, q: &CellQuery) -> LevelLadder {
        let s = &self.snapshot;
        let floor = self.floor;
        let cell = self.rows_all_levels(q);
        let rows = cell.rows.as_slice();
        let groups = s.rows_by_level(rows);
        let mut rungs: Vec<LadderRung> = Vec::new();
        let mut withheld_levels = Vec::new();
        for level in LADDER_ORDER {
            let g = &groups[level.index() as usize];
            if g.len() < floor {
                withheld_levels.push(level.slug());
                continue;
            }
            let mut yoe: Vec<f64> = g.iter().filter_map(|&r| s.yoe_of(r)).collect();
            sort_values(&mut yoe);
            let years_experience = (yoe.len() >= floor).then(|| YoeRange {
                n: yoe.len(),
                p25: quantile_sorted(&yoe, 0.25),
                p75: quantile_sorted(&yoe, 0.75),
            });
            let base = Measure::from_sorted(&s.sorted_values(PayMeasure::Base, g), floor);
            let median_tc = MedianFigure::from_sorted(&s.sorted_values(PayMeasure::Total, g), floor);
            let mut rung = LadderRung {
                level: level.slug(),
                name: level.name(),
                n: g.len(),
                years_experience,
                base,
                median_tc,
                tc_split: s.tc_split(g, floor),
                step: None,
            };
            let below = rungs.iter().rev().find(|r| {
                let l = Level::from_slug(r.level).expect("ladder slug");
                match level {
                    Level::Manager => false,
                    Level::Executive => l == Level::Manager,
                    _ => !l.is_management(),
                }
            });
            rung.step = below.and_then(|b| step(b, &rung));
            rungs.push(rung);
        }
        LevelLadder {
            role: RoleInfo::of(&q.role),
            location: q.area.info(),
            withheld: rungs.is_empty().then(|| floor_reason(floor)),
            rungs,
            withheld_levels,
            floor,
        }
    }

    /// Median base and TC by years of experience, computed from the records
    /// (never a fixed multiplier).
    ///
    /// Definition: the cell's records (its level ignored, so the roadmap
    /// spans a career) that state years of experience, in bands [0, 3),
    /// [3, 7) and 7+ years; per band the median base and the median TC, each
    /// over the band's records that have that measure and shown only when at
    /// least k do. The band's most common stated level is named when at least
    /// k records have it, with its share of the band, so a reader sees which
    /// rung the band mostly describes.
    pub fn experience_roadmap(&self, q: &CellQuery) -> Roadmap {
        let s = &self.snapshot;
        let floor = self.floor;
        let rows: Vec<(u32, f64)> = self.rows_all_levels(q).rows.iter().filter_map(|&r| s.yoe_of(r).map(|y| (r, y))).collect();
        let n = rows.len();
        let open = n >= floor;
        let buckets = ROADMAP_BANDS
            .iter()
            .map(|&(label, lo, hi)| {
                let band: Vec<u32> =
                    rows.iter().filter(|(_, y)| *y >= lo && hi.is_none_or(|h| *y < h)).map(|(r, _)| *r).collect();
                let mut b = RoadmapBucket {
                    label,
                    min_years: lo,
                    max_years: hi,
                    n: None,
                    base: MedianFigure::WITHHELD,
                    total: MedianFigure::WITHHELD,
                    top_level: None,
                    top_level_share: None,
                };
                if !open || band.len() < floor {
                    return b;
                }
                b.n = Some(band.len());
                b.base = MedianFigure::from_sorted(&s.sorted_values(PayMeasure::Base, &band), floor);
                b.total = MedianFigure::from_sorted(&s.sorted_values(PayMeasure::Total, &band), floor);
                let groups = s.rows_by_level(&band);
                // Most common known level; ties go to the lower level.
                let top = groups[..Level::ALL.len()]
                    .iter()
                    .enumerate()
                    .fold(None::<(usize, usize)>, |best, (i, g)| match best {
                        Some((_, c)) if c >= g.len() => best,
                        _ if g.is_empty() => best,
                        _ => Some((i, g.len())),
                    })
                    .filter(|&(_, c)| c >= floor);
                if let Some((i, c)) = top {
                    b.top_level = Some(level_of_group(i).0);
                    b.top_level_share = Some(c as f64 / band.len() as f64);
                }
                b
            })
            .collect();
        Roadmap {
            role: RoleInfo::of(&q.role),
            location: q.area.info(),
            n: open.then_some(n),
            buckets,
            floor,
            withheld: (!open).then(|| floor_reason(floor)),
        }
    }

    /// How total compensation divides into base, bonus, equity and signing
    /// bonus in the cell (see [`TcSplit`] for the definition).
    pub fn tc_breakdown(&self, q: &CellQuery) -> TcBreakdown {
        let floor = self.floor;
        let cell = self.cell_rows(q, false, false);
        let n = cell.rows.len();
        let split = if n >= floor { self.snapshot.tc_split(&cell.rows, floor) } else { None };
        let withheld = if n < floor {
            Some(floor_reason(floor))
        } else if split.is_none() {
            Some(format!("fewer than {floor} records report a base salary, so TC cannot be split into its parts"))
        } else {
            None
        };
        TcBreakdown {
            role: RoleInfo::of(&q.role),
            level: q.level.map(Level::slug),
            location: q.area.info(),
            n: (n >= floor).then_some(n),
            split,
            floor,
            withheld,
        }
    }
}

/// The step of `rung` from the published rung `below`.
fn step(below: &LadderRung, rung: &LadderRung) -> Option<LevelStep> {
    let (measure, from, to) = match (below.base.p50, rung.base.p50) {
        (Some(a), Some(b)) => (PayMeasure::Base, a, b),
        _ => (PayMeasure::Total, below.median_tc.p50?, rung.median_tc.p50?),
    };
    (from > 0.0).then(|| LevelStep { from: below.level, measure, change: to / from - 1.0 })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::query::Area;
    use crate::snapshot::SnapshotBuilder;
    use paygrid_domain::Record;

    /// A US record of `role` with base = total = `base` and nothing else.
    pub(crate) fn record(role: &str, level: Option<Level>, base: f64) -> Record {
        crate::skills::test_support::rec(role, level, Some("US"), None, 2024, Some(base), base)
    }

    pub(crate) fn engine(records: &[Record]) -> Engine {
        let mut b = SnapshotBuilder::new();
        for r in records {
            b.push("test.csv", r);
        }
        Engine::new(b.build(), 5)
    }

    pub(crate) fn us(role: &str, level: Option<Level>) -> CellQuery {
        CellQuery::new(role, level, Area::Country("US".to_string()))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    /// `n` records at `level` with base = start, start + 1000, ...
    fn ladder_rows(out: &mut Vec<Record>, level: Level, n: usize, start: f64) {
        for i in 0..n {
            out.push(record("data-scientist", Some(level), start + 1000.0 * i as f64));
        }
    }

    #[test]
    fn seniority_mix_withholds_a_level_with_three_records() {
        // The 3 staff records form a privacy class under the floor; giving
        // up their level lands them in the class of unknown-level records,
        // so they count as "unknown" (5 + 3) and staff shows nothing.
        let mut rs = Vec::new();
        ladder_rows(&mut rs, Level::Entry, 6, 80_000.0);
        ladder_rows(&mut rs, Level::Senior, 10, 150_000.0);
        ladder_rows(&mut rs, Level::Staff, 3, 200_000.0);
        for i in 0..5 {
            rs.push(record("data-scientist", None, 100_000.0 + 1000.0 * f64::from(i)));
        }
        let e = engine(&rs);
        let m = e.seniority_mix(&us("data-scientist", Some(Level::Senior)));
        assert_eq!(m.n, Some(24), "level of the query is ignored");
        let names: Vec<&str> = m.levels.iter().map(|l| l.level).collect();
        assert_eq!(names, ["entry", "mid", "senior", "staff", "principal", "manager", "executive", "unknown"]);
        let by = |s: &str| m.levels.iter().find(|l| l.level == s).unwrap().clone();
        assert_eq!(by("entry").n, Some(6));
        assert!(close(by("entry").share.unwrap(), 6.0 / 24.0));
        assert!(close(by("senior").share.unwrap(), 10.0 / 24.0));
        assert!(close(by("unknown").share.unwrap(), 8.0 / 24.0));
        let staff = by("staff");
        assert!(staff.withheld && staff.n.is_none() && staff.share.is_none());
        assert!(by("mid").withheld);
        assert!(m.withheld.is_none());
    }

    #[test]
    fn ladder_steps_are_exact() {
        let mut rs = Vec::new();
        // Medians: entry 100k, mid 125k (+25%), staff 175k (+40% from mid:
        // senior has 4 records and is withheld), manager 180k, executive
        // 270k (+50% from manager).
        ladder_rows(&mut rs, Level::Entry, 5, 98_000.0);
        ladder_rows(&mut rs, Level::Mid, 5, 123_000.0);
        ladder_rows(&mut rs, Level::Senior, 4, 150_000.0);
        ladder_rows(&mut rs, Level::Staff, 5, 173_000.0);
        ladder_rows(&mut rs, Level::Manager, 5, 178_000.0);
        ladder_rows(&mut rs, Level::Executive, 5, 268_000.0);
        for (i, r) in rs.iter_mut().enumerate() {
            r.years_experience = Some(i as f64);
        }
        let e = engine(&rs);
        let l = e.level_ladder(&us("data-scientist", None));
        let slugs: Vec<&str> = l.rungs.iter().map(|r| r.level).collect();
        assert_eq!(slugs, ["entry", "mid", "staff", "manager", "executive"]);
        assert_eq!(l.withheld_levels, ["senior", "principal"]);
        let r = |s: &str| l.rungs.iter().find(|r| r.level == s).unwrap();
        assert_eq!(r("entry").base.p50, Some(100_000.0));
        assert_eq!(r("entry").base.p25, Some(99_000.0));
        assert_eq!(r("entry").base.p75, Some(101_000.0));
        assert_eq!(r("entry").base.p90, None, "p90 needs 10 records");
        assert_eq!(r("entry").median_tc.p50, Some(100_000.0));
        assert!(r("entry").step.is_none());
        let mid = r("mid").step.unwrap();
        assert_eq!((mid.from, mid.measure), ("entry", PayMeasure::Base));
        assert!(close(mid.change, 0.25));
        let staff = r("staff").step.unwrap();
        assert_eq!(staff.from, "mid");
        assert!(close(staff.change, 175.0 / 125.0 - 1.0));
        assert!(r("manager").step.is_none());
        let ex = r("executive").step.unwrap();
        assert_eq!(ex.from, "manager");
        assert!(close(ex.change, 0.5));
        // yoe 0..4 at entry → p25 1, p75 3
        let y = r("entry").years_experience.unwrap();
        assert_eq!((y.n, y.p25, y.p75), (5, 1.0, 3.0));
        let split = r("entry").tc_split.as_ref().unwrap();
        assert!(close(split.base.share.unwrap(), 1.0));
    }

    #[test]
    fn ladder_step_falls_back_to_tc_and_says_so() {
        let mut rs = Vec::new();
        ladder_rows(&mut rs, Level::Entry, 5, 98_000.0);
        for i in 0..5 {
            let mut r = record("data-scientist", Some(Level::Mid), 0.0);
            r.base = None;
            r.total = 118_000.0 + 1000.0 * f64::from(i);
            rs.push(r);
        }
        let e = engine(&rs);
        let l = e.level_ladder(&us("data-scientist", None));
        let mid = l.rungs.iter().find(|r| r.level == "mid").unwrap();
        assert!(mid.base.p50.is_none() && mid.tc_split.is_none());
        let st = mid.step.unwrap();
        assert_eq!(st.measure, PayMeasure::Total);
        assert!(close(st.change, 0.2));
    }

    #[test]
    fn roadmap_buckets() {
        let mut rs = Vec::new();
        // 6 records at 0..3 years (entry), 5 at 3..7 (mid), 3 at 7+, 4 unknown.
        for (i, y) in [0.0, 0.5, 1.0, 2.0, 2.5, 2.9].iter().enumerate() {
            let mut r = record("data-scientist", Some(Level::Entry), 90_000.0 + 2000.0 * i as f64);
            r.years_experience = Some(*y);
            rs.push(r);
        }
        for (i, y) in [3.0, 4.0, 5.0, 6.0, 6.9].iter().enumerate() {
            let mut r = record("data-scientist", Some(Level::Mid), 120_000.0 + 2000.0 * i as f64);
            r.years_experience = Some(*y);
            r.bonus = 10_000.0;
            r.total += 10_000.0;
            rs.push(r);
        }
        for y in [7.0, 10.0, 20.0] {
            let mut r = record("data-scientist", Some(Level::Senior), 160_000.0);
            r.years_experience = Some(y);
            rs.push(r);
        }
        for _ in 0..4 {
            rs.push(record("data-scientist", Some(Level::Senior), 170_000.0));
        }
        let e = engine(&rs);
        let m = e.experience_roadmap(&us("data-scientist", Some(Level::Entry)));
        assert_eq!(m.n, Some(14));
        let b = &m.buckets;
        assert_eq!(b[0].n, Some(6));
        assert_eq!(b[0].base.p50, Some(95_000.0));
        assert_eq!(b[0].top_level, Some("entry"));
        assert_eq!(b[0].top_level_share, Some(1.0));
        assert_eq!(b[1].n, Some(5));
        assert_eq!(b[1].base.p50, Some(124_000.0));
        assert_eq!(b[1].total.p50, Some(134_000.0));
        assert!(b[1].base.ci.is_some());
        assert_eq!(b[2].n, None);
        assert!(b[2].base.p50.is_none() && b[2].top_level.is_none());
    }

    #[test]
    fn tc_split_sums_to_one() {
        let mut rs = Vec::new();
        for i in 0..8 {
            let mut r = record("data-scientist", Some(Level::Senior), 150_000.0 + 1000.0 * f64::from(i));
            r.bonus = 15_000.0;
            r.equity = if i < 6 { 40_000.0 } else { 0.0 };
            // Signing bonus for 2 records only: withheld, folded in.
            r.signing = if i < 2 { 20_000.0 } else { 0.0 };
            r.total = Record::compute_total(r.base.unwrap(), r.bonus, r.equity, r.signing) + 1000.0;
            rs.push(r);
        }
        let mut tc_only = record("data-scientist", Some(Level::Senior), 0.0);
        tc_only.base = None;
        tc_only.total = 400_000.0;
        rs.push(tc_only);
        // A base-only source (no TC in the snapshot) is left out of the split too.
        let mut base_only = record("data-scientist", Some(Level::Senior), 120_000.0);
        base_only.source = paygrid_domain::SourceKind::Aijobs;
        rs.push(base_only);
        let e = engine(&rs);
        let t = e.tc_breakdown(&us("data-scientist", Some(Level::Senior)));
        assert_eq!(t.n, Some(10));
        let s = t.split.unwrap();
        assert_eq!(s.n, 8);
        let parts = [s.base, s.bonus, s.equity, s.signing, s.unattributed];
        let sum: f64 = parts.iter().filter_map(|c| c.share).sum();
        assert!(close(sum, 1.0));
        assert_eq!(s.signing, Component::WITHHELD);
        assert_eq!(s.bonus.mean, Some(15_000.0));
        assert_eq!(s.equity.mean, Some(30_000.0));
        // unattributed = 1000 per record + the signing part 2·5000/8
        assert!(close(s.unattributed.mean.unwrap(), 1000.0 + 1250.0));
        assert_eq!(s.share_with_bonus, Some(1.0));
        assert_eq!(s.share_with_equity, Some(0.75));
    }

    #[test]
    fn four_records_publish_nothing() {
        let mut rs = Vec::new();
        for i in 0..4 {
            let mut r = record("data-scientist", Some(Level::Senior), 150_000.0 + 1000.0 * f64::from(i));
            r.years_experience = Some(f64::from(i));
            r.bonus = 5000.0;
            r.total += 5000.0;
            rs.push(r);
        }
        let e = engine(&rs);
        let q = us("data-scientist", Some(Level::Senior));
        let m = e.seniority_mix(&q);
        assert!(m.n.is_none() && m.withheld.is_some());
        assert!(m.levels.iter().all(|l| l.withheld && l.n.is_none() && l.share.is_none()));
        let l = e.level_ladder(&q);
        assert!(l.rungs.is_empty() && l.withheld.is_some());
        let r = e.experience_roadmap(&q);
        assert!(r.n.is_none() && r.withheld.is_some());
        assert!(r.buckets.iter().all(|b| b.n.is_none() && b.base.p50.is_none() && b.total.p50.is_none()));
        let t = e.tc_breakdown(&q);
        assert!(t.n.is_none() && t.split.is_none() && t.withheld.is_some());
        // No amount survives anywhere in the results.
        let text = format!("{m:?}{l:?}{r:?}{t:?}");
        assert!(!text.contains("150") && !text.contains("5000"));
    }
}
