//! What the publication classes cost the figures: for every cell of the
//! families users read (role x level x location x year, with "all levels"
//! and "all years" as cells too), how far the published median moved from
//! the median of the same cell's raw records, and whether it stayed within
//! the raw median's 95% interval.
//!
//! Only aggregates leave this module: the cells compared are raw cells,
//! not publication classes, so their raw figures are never published (a
//! raw n of 31 beside a published 30 would difference one record).

use crate::benchmark::PayMeasure;
use crate::snapshot::{Snapshot, NONE, NO_LEVEL};
use paygrid_stats::{quantile_sorted, sort_values, QuantileCi};
use serde::Serialize;
use std::collections::HashMap;

/// Cells with fewer raw values of a measure are not compared: their
/// intervals are so wide that any figure passes.
pub const COST_MIN_N: usize = 30;

/// Where a cell is, at the levels a query can ask for.
const WORLD: u8 = 0;
const COUNTRY: u8 = 1;
const STATE: u8 = 2;
const METRO: u8 = 3;
const REMOTE: u8 = 4;
const REMOTE_IN: u8 = 5;
const LOCATION_KINDS: [&str; 6] = ["world", "country", "state", "metro", "remote", "remote-country"];
const ALL_LEVELS: u8 = u8::MAX - 1;
const ALL_YEARS: i16 = -1;

/// One family of cells: which dimensions its cells fix, for one measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyCost {
    /// `each` (one level per cell) or `all`.
    pub level: &'static str,
    /// `each` (one year per cell) or `all`.
    pub year: &'static str,
    /// `world`, `country`, `state`, `metro`, `remote` or `remote-country`.
    pub location: &'static str,
    pub measure: PayMeasure,
    /// Cells with at least [`COST_MIN_N`] raw values of the measure.
    pub cells: usize,
    /// Of those, cells whose published values differ in number from the raw ones.
    pub changed: usize,
    /// Cells whose published median lies within the raw median's 95% CI.
    pub within_ci: usize,
    /// Cells with fewer than k published values (no median at all).
    pub withheld: usize,
    /// Median of (published median / raw median − 1) over the published cells.
    pub shift_p50: Option<f64>,
    /// 90th percentile and maximum of its absolute value.
    pub abs_shift_p90: Option<f64>,
    pub abs_shift_max: Option<f64>,
}

impl FamilyCost {
    /// Share of the family's cells whose published median is within the raw CI.
    pub fn share_within(&self) -> Option<f64> {
        (self.cells > 0).then(|| self.within_ci as f64 / self.cells as f64)
    }
}

/// The cost of the privacy rule on one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivacyCost {
    pub min_n: usize,
    pub families: Vec<FamilyCost>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct CellKey {
    role: u32,
    level: u8,
    location: (u8, u32),
    year: i16,
}

/// Where a record is, as the engine's filters see it.
#[derive(Clone, Copy)]
pub(crate) struct Place {
    pub(crate) role: u32,
    pub(crate) level: u8,
    pub(crate) country: u32,
    pub(crate) state: u32,
    pub(crate) metro: u32,
    pub(crate) remote: bool,
    pub(crate) year: i16,
}

/// Every cell of the compared families that a record in `p` belongs to.
fn cells_of(p: &Place, parents: &[u32], out: &mut Vec<CellKey>) {
    out.clear();
    let mut locations = vec![(WORLD, 0)];
    if p.country != NONE {
        locations.push((COUNTRY, p.country));
    }
    if p.state != NONE {
        locations.push((STATE, p.state));
    }
    if p.metro != NONE {
        locations.push((METRO, p.metro));
    }
    if p.remote {
        locations.push((REMOTE, 0));
        if p.country != NONE {
            locations.push((REMOTE_IN, p.country));
        }
    }
    let levels: &[u8] = if p.level == NO_LEVEL { &[ALL_LEVELS] } else { &[p.level, ALL_LEVELS] };
    let years: &[i16] = if p.year == 0 { &[ALL_YEARS] } else { &[p.year, ALL_YEARS] };
    let mut role = p.role;
    loop {
        for &level in levels {
            for &location in &locations {
                for &year in years {
                    out.push(CellKey { role, level, location, year });
                }
            }
        }
        match parents.get(role as usize) {
            Some(&parent) if parent != NONE => role = parent,
            _ => break,
        }
    }
}

/// Compares raw and published cells. `raw` and `published` give each row's
/// place before and after generalization (None: left out), in one
/// dictionary space; `parents` maps a role id to its family's id.
pub(crate) fn measure(s: &Snapshot, raw: &[Place], published: &[Option<Place>], parents: &[u32], floor: usize) -> PrivacyCost {
    let measures = [PayMeasure::Base, PayMeasure::Total];
    let mut keys = Vec::new();
    // Pass 1: raw counts, to keep only cells large enough to compare.
    let mut raw_n: HashMap<(CellKey, usize), usize> = HashMap::new();
    for (r, p) in raw.iter().enumerate() {
        if s.outlier[r] {
            continue;
        }
        cells_of(p, parents, &mut keys);
        for (mi, &m) in measures.iter().enumerate() {
            if !s.pay(m, r as u32).is_nan() {
                for &k in &keys {
                    *raw_n.entry((k, mi)).or_default() += 1;
                }
            }
        }
    }
    raw_n.retain(|_, n| *n >= COST_MIN_N);
    // Pass 2: the values of those cells, raw and published.
    let mut values: HashMap<(CellKey, usize), (Vec<f64>, Vec<f64>)> =
        raw_n.keys().map(|&k| (k, (Vec::new(), Vec::new()))).collect();
    for r in 0..raw.len() {
        if s.outlier[r] {
            continue;
        }
        for (mi, &m) in measures.iter().enumerate() {
            let v = s.pay(m, r as u32);
            if v.is_nan() {
                continue;
            }
            cells_of(&raw[r], parents, &mut keys);
            for k in &keys {
                if let Some(e) = values.get_mut(&(*k, mi)) {
                    e.0.push(v);
                }
            }
            if let Some(p) = &published[r] {
                cells_of(p, parents, &mut keys);
                for k in &keys {
                    if let Some(e) = values.get_mut(&(*k, mi)) {
                        e.1.push(v);
                    }
                }
            }
        }
    }
    type Family = (bool, bool, u8, usize);
    let mut families: HashMap<Family, (FamilyCost, Vec<f64>)> = HashMap::new();
    for ((k, mi), (mut raw_v, mut pub_v)) in values {
        let fam: Family = (k.level != ALL_LEVELS, k.year != ALL_YEARS, k.location.0, mi);
        let entry = families.entry(fam).or_insert_with(|| {
            let cost = FamilyCost {
                level: if fam.0 { "each" } else { "all" },
                year: if fam.1 { "each" } else { "all" },
                location: LOCATION_KINDS[fam.2 as usize],
                measure: measures[mi],
                cells: 0,
                changed: 0,
                within_ci: 0,
                withheld: 0,
                shift_p50: None,
                abs_shift_p90: None,
                abs_shift_max: None,
            };
            (cost, Vec::new())
        });
        let (cost, shifts) = entry;
        cost.cells += 1;
        if pub_v.len() != raw_v.len() {
            cost.changed += 1;
        }
        if pub_v.len() < floor {
            cost.withheld += 1;
            continue;
        }
        sort_values(&mut raw_v);
        sort_values(&mut pub_v);
        let raw_median = quantile_sorted(&raw_v, 0.5);
        let published = quantile_sorted(&pub_v, 0.5);
        let ci = QuantileCi::exact(raw_v.len(), 0.5).interval(&raw_v);
        if ci.contains(published) {
            cost.within_ci += 1;
        }
        shifts.push(published / raw_median - 1.0);
    }
    let mut out: Vec<FamilyCost> = families
        .into_values()
        .map(|(mut cost, mut shifts)| {
            if !shifts.is_empty() {
                sort_values(&mut shifts);
                cost.shift_p50 = Some(quantile_sorted(&shifts, 0.5));
                let mut abs: Vec<f64> = shifts.iter().map(|x| x.abs()).collect();
                sort_values(&mut abs);
                cost.abs_shift_p90 = Some(quantile_sorted(&abs, 0.9));
                cost.abs_shift_max = abs.last().copied();
            }
            cost
        })
        .collect();
    let order = |f: &FamilyCost| {
        (f.level != "each", f.year != "all", LOCATION_KINDS.iter().position(|&l| l == f.location), f.measure != PayMeasure::Base)
    };
    out.sort_by_key(order);
    PrivacyCost { min_n: COST_MIN_N, families: out }
}
