//! The in-memory columnar snapshot every figure is computed from. Built
//! once from the store (or a benchmark generator), then read-only.
//!
//! Columns are parallel vectors indexed by row; text fields are interned
//! into small dictionaries so a filter compares integers.

use paygrid_domain::record::Date;
use paygrid_domain::{Level, Record, SourceKind};
use paygrid_stats::{log_fences, OUTLIER_MIN_N};
use std::collections::HashMap;

/// Interned strings: id -> name and name -> id.
#[derive(Debug, Default, Clone)]
pub struct Dict {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dict {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
    }

    pub fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.names.iter().enumerate().map(|(i, n)| (i as u32, n.as_str()))
    }
}

/// "Unknown" in integer columns.
pub const NONE: u32 = u32::MAX;
pub const NO_LEVEL: u8 = u8::MAX;
/// "Unknown" in the date column.
pub const NO_DATE: i32 = i32::MIN;

/// Days from 1970-01-01 to `d` (Howard Hinnant's days-from-civil, the
/// inverse of [`Date::from_unix_days`]).
pub fn unix_days(d: Date) -> i32 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

/// One OEWS estimate (annual USD), cross-industry, for an area and SOC.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OewsRef {
    pub year: Option<i32>,
    pub area_code: String,
    pub area_name: String,
    pub occ_code: String,
    pub occ_title: String,
    pub employment: Option<f64>,
    pub mean: Option<f64>,
    pub p10: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    /// BLS footnotes as published (5 = top-coded: a lower bound).
    pub footnotes: Option<String>,
}

/// The analytic snapshot. Field access is crate-internal; callers use the
/// query functions, so the privacy floor cannot be bypassed.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub(crate) roles: Dict,
    pub(crate) countries: Dict,
    pub(crate) states: Dict,
    pub(crate) metros: Dict,
    pub(crate) skills: Dict,
    pub(crate) companies: Dict,
    pub(crate) sizes: Dict,
    pub(crate) industries: Dict,
    pub(crate) datasets: Dict,
    pub(crate) dataset_kind: Vec<SourceKind>,
    /// The kind of every imported dataset, including those no published
    /// record names (the sources page lists every import).
    pub(crate) imported_kinds: Vec<SourceKind>,

    pub(crate) role: Vec<u32>,
    pub(crate) level: Vec<u8>,
    pub(crate) country: Vec<u32>,
    pub(crate) state: Vec<u32>,
    pub(crate) metro: Vec<u32>,
    pub(crate) remote: Vec<bool>,
    /// 0 = unknown year.
    pub(crate) year: Vec<i16>,
    /// The record's date as days since 1970-01-01 ([`unix_days`]);
    /// [`NO_DATE`] when the source gives a year only (aijobs.net work_year,
    /// surveys) or none. A date is only read where the row's year is known
    /// and equal to the date's year, so a year hidden by the publication
    /// classes hides its date too.
    pub(crate) date: Vec<i32>,
    /// NaN = base not reported (the record counts for TC only).
    pub(crate) base: Vec<f64>,
    pub(crate) total: Vec<f64>,
    pub(crate) bonus: Vec<f64>,
    pub(crate) equity: Vec<f64>,
    pub(crate) signing: Vec<f64>,
    /// NaN = unknown.
    pub(crate) yoe: Vec<f32>,
    pub(crate) skill_start: Vec<u32>,
    pub(crate) skill_ids: Vec<u32>,
    pub(crate) company: Vec<u32>,
    pub(crate) size: Vec<u32>,
    pub(crate) industry: Vec<u32>,
    pub(crate) dataset: Vec<u32>,
    pub(crate) outlier: Vec<bool>,

    /// Row ids per role id, ascending.
    pub(crate) by_role: Vec<Vec<u32>>,
    pub(crate) oews: HashMap<(String, String), OewsRef>,
    /// Last updated: the newest import time the caller reported.
    pub(crate) updated: Option<String>,
}

impl Snapshot {
    pub fn len(&self) -> usize {
        self.role.len()
    }

    pub fn is_empty(&self) -> bool {
        self.role.is_empty()
    }

    pub(crate) fn updated(&self) -> Option<&str> {
        self.updated.as_deref()
    }

    /// Role ids present in the data with their record counts.
    pub(crate) fn role_counts(&self) -> Vec<(&str, usize)> {
        self.roles.iter().map(|(i, n)| (n, self.by_role[i as usize].len())).collect()
    }

    /// OEWS estimate by area key (`US`, `US-WA`, metro code) and SOC code.
    pub(crate) fn oews(&self, area_key: &str, soc: &str) -> Option<&OewsRef> {
        self.oews.get(&(area_key.to_string(), soc.to_string()))
    }

    pub(crate) fn skills_of(&self, row: u32) -> &[u32] {
        let r = row as usize;
        &self.skill_ids[self.skill_start[r] as usize..self.skill_start[r + 1] as usize]
    }

    /// Keeps the rows where `keep` is true (in order) and rebuilds the
    /// per-role index; outlier flags travel with their rows.
    pub(crate) fn retain_rows(&mut self, keep: &[bool]) {
        fn retain<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        let mut skill_start = vec![0u32];
        let mut skill_ids = Vec::new();
        for row in (0..self.len()).filter(|&r| keep[r]) {
            skill_ids.extend_from_slice(self.skills_of(row as u32));
            skill_start.push(skill_ids.len() as u32);
        }
        self.skill_start = skill_start;
        self.skill_ids = skill_ids;
        retain(&mut self.role, keep);
        retain(&mut self.level, keep);
        retain(&mut self.country, keep);
        retain(&mut self.state, keep);
        retain(&mut self.metro, keep);
        retain(&mut self.remote, keep);
        retain(&mut self.year, keep);
        retain(&mut self.date, keep);
        retain(&mut self.base, keep);
        retain(&mut self.total, keep);
        retain(&mut self.bonus, keep);
        retain(&mut self.equity, keep);
        retain(&mut self.signing, keep);
        retain(&mut self.yoe, keep);
        retain(&mut self.company, keep);
        retain(&mut self.size, keep);
        retain(&mut self.industry, keep);
        retain(&mut self.dataset, keep);
        retain(&mut self.outlier, keep);
        self.index_roles();
    }

    /// Rebuilds every dictionary from the names the rows still carry, so
    /// that a name whose records were all generalized away or left out is
    /// as unknown as a name never imported (a lookup must not tell "withheld"
    /// from "never seen").
    pub(crate) fn compact_dictionaries(&mut self) {
        fn compact(dict: &mut Dict, columns: &mut [&mut Vec<u32>]) -> Vec<u32> {
            let mut map = vec![NONE; dict.len()];
            let mut fresh = Dict::default();
            for column in columns.iter_mut() {
                for id in column.iter_mut().filter(|id| **id != NONE) {
                    if map[*id as usize] == NONE {
                        map[*id as usize] = fresh.intern(dict.name(*id));
                    }
                    *id = map[*id as usize];
                }
            }
            *dict = fresh;
            map
        }
        compact(&mut self.roles, &mut [&mut self.role]);
        compact(&mut self.countries, &mut [&mut self.country]);
        compact(&mut self.states, &mut [&mut self.state]);
        compact(&mut self.metros, &mut [&mut self.metro]);
        compact(&mut self.skills, &mut [&mut self.skill_ids]);
        compact(&mut self.companies, &mut [&mut self.company]);
        compact(&mut self.sizes, &mut [&mut self.size]);
        compact(&mut self.industries, &mut [&mut self.industry]);
        let old_kinds = std::mem::take(&mut self.dataset_kind);
        self.imported_kinds = old_kinds.clone();
        self.imported_kinds.sort_by_key(|k| k.slug());
        self.imported_kinds.dedup();
        let map = compact(&mut self.datasets, &mut [&mut self.dataset]);
        self.dataset_kind = vec![SourceKind::Generic; self.datasets.len()];
        for (old, &new) in map.iter().enumerate() {
            if new != NONE {
                self.dataset_kind[new as usize] = old_kinds[old];
            }
        }
        self.index_roles();
    }

    fn index_roles(&mut self) {
        self.by_role = vec![Vec::new(); self.roles.len()];
        for (row, &r) in self.role.iter().enumerate() {
            self.by_role[r as usize].push(row as u32);
        }
    }

    /// The source kind of a row. A row whose dataset the privacy rule hid
    /// still has a known kind when every import is of one kind, which the
    /// sources page says anyway.
    pub(crate) fn kind_of(&self, row: u32) -> Option<SourceKind> {
        match self.dataset_kind.get(self.dataset[row as usize] as usize) {
            Some(&kind) => Some(kind),
            None => match self.imported_kinds.as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        }
    }

    pub(crate) fn level_of(&self, row: u32) -> Option<Level> {
        Level::from_index(self.level[row as usize])
    }

    /// The row's date, when it has one that its published year vouches for.
    pub(crate) fn date_of(&self, row: u32) -> Option<Date> {
        let (d, y) = (self.date[row as usize], self.year[row as usize]);
        if d == NO_DATE || y == 0 {
            return None;
        }
        let date = Date::from_unix_days(i64::from(d));
        (date.year == i32::from(y)).then_some(date)
    }
}

/// Whether a source reports pay beyond base salary. aijobs.net and H-1B
/// LCA give one salary figure; counting it as total compensation would
/// pull TC figures down wherever those sources mix with ones that report
/// bonus and equity, so their records count for base figures only.
pub fn reports_total(kind: SourceKind) -> bool {
    !matches!(kind, SourceKind::Aijobs | SourceKind::H1bLca)
}

/// Accumulates rows, then computes outlier flags and indexes in `build`.
#[derive(Default)]
pub struct SnapshotBuilder {
    s: Snapshot,
}

fn opt_intern(d: &mut Dict, v: Option<&str>) -> u32 {
    v.map(|v| d.intern(v)).unwrap_or(NONE)
}

impl SnapshotBuilder {
    pub fn new() -> SnapshotBuilder {
        let mut b = SnapshotBuilder::default();
        b.s.skill_start.push(0);
        b
    }

    pub fn push(&mut self, dataset: &str, r: &Record) {
        let s = &mut self.s;
        let ds = s.datasets.intern(dataset);
        if ds as usize == s.dataset_kind.len() {
            s.dataset_kind.push(r.source);
        }
        s.role.push(s.roles.intern(r.role.as_str()));
        s.level.push(r.level.map(Level::index).unwrap_or(NO_LEVEL));
        s.country.push(opt_intern(&mut s.countries, r.country.as_deref()));
        s.state.push(opt_intern(&mut s.states, r.us_state.as_deref()));
        s.metro.push(opt_intern(&mut s.metros, r.metro.as_deref()));
        s.remote.push(r.remote);
        s.year.push(r.year.and_then(|y| i16::try_from(y).ok()).unwrap_or(0));
        s.date.push(r.date.map_or(NO_DATE, unix_days));
        s.base.push(r.base.unwrap_or(f64::NAN));
        s.total.push(if reports_total(r.source) { r.total } else { f64::NAN });
        s.bonus.push(r.bonus);
        s.equity.push(r.equity);
        s.signing.push(r.signing);
        s.yoe.push(r.years_experience.map(|y| y as f32).unwrap_or(f32::NAN));
        for k in &r.skills {
            let id = s.skills.intern(k);
            s.skill_ids.push(id);
        }
        s.skill_start.push(s.skill_ids.len() as u32);
        s.company.push(opt_intern(&mut s.companies, r.company.as_deref()));
        s.size.push(opt_intern(&mut s.sizes, r.company_size.as_deref()));
        s.industry.push(opt_intern(&mut s.industries, r.industry.as_deref()));
        s.dataset.push(ds);
    }

    /// Adds an OEWS estimate; `area_type` is OEWS's `N`, `S` or `M`. States
    /// are keyed `US-XX` by their name, so a query needs no FIPS table.
    pub fn push_oews(&mut self, area_type: &str, o: OewsRef) {
        let key = match area_type {
            "N" => "US".to_string(),
            "S" => match paygrid_domain::geo::Geo::embedded().state_code(&o.area_name) {
                Some(s) => format!("US-{s}"),
                None => return,
            },
            _ => o.area_code.clone(),
        };
        self.s.oews.insert((key, o.occ_code.clone()), o);
    }

    pub fn updated(&mut self, when: Option<String>) {
        self.s.updated = when;
    }

    /// Finishes the snapshot: per-role index and outlier flags
    /// (docs/methodology.md: within role x level x country, n >= 20, ln(pay)
    /// outside [Q1 - 3 IQR, Q3 + 3 IQR]; base and TC are judged separately
    /// and a record outside either fence is flagged).
    pub fn build(self) -> Snapshot {
        let mut s = self.s;
        let n = s.role.len();
        s.index_roles();
        let mut groups: HashMap<(u32, u8, u32), Vec<u32>> = HashMap::new();
        for row in 0..n {
            groups.entry((s.role[row], s.level[row], s.country[row])).or_default().push(row as u32);
        }
        s.outlier = vec![false; n];
        for rows in groups.values() {
            for column in [&s.base, &s.total] {
                let values: Vec<f64> = rows.iter().map(|&r| column[r as usize]).filter(|v| !v.is_nan()).collect();
                if values.len() < OUTLIER_MIN_N {
                    continue;
                }
                if let Some(f) = log_fences(&values) {
                    for &r in rows {
                        let v = column[r as usize];
                        if !v.is_nan() && f.is_outlier(v) {
                            s.outlier[r as usize] = true;
                        }
                    }
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_inverts_from_unix_days() {
        assert_eq!(unix_days(Date::new(1970, 1, 1).unwrap()), 0);
        assert_eq!(unix_days(Date::new(2000, 3, 1).unwrap()), 11_017);
        assert_eq!(unix_days(Date::new(1969, 12, 31).unwrap()), -1);
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(unix_days(Date::from_unix_days(days)), days as i32);
        }
    }
}
