//! Segments of a cell (docs/report.md "segments where data exists"): pay by
//! company size, industry and company, the role's share of a location's
//! records by year, and which locations hold enough records of a role to
//! publish a page about.
//!
//! Every group obeys the privacy floor on its own: a segment, year or
//! location with fewer than k records is left out entirely — not shown as
//! "fewer than k", since listing it would reveal that 1 to k−1 records exist
//! with that company, industry or place, which for a named company can point
//! at a person.

use crate::benchmark::{floor_reason, PayMeasure};
use crate::breakdown::MedianFigure;
use crate::query::{Area, AreaInfo, CellQuery, RoleInfo};
use crate::snapshot::{Dict, NONE};
use crate::Engine;
use paygrid_domain::Level;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Most segments listed per dimension. Ten keeps a page readable and, for
/// companies, keeps the list from becoming a directory of employers.
pub const MAX_SEGMENTS: usize = 10;

/// What a cell is split by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentDimension {
    CompanySize,
    Industry,
    Company,
}

impl SegmentDimension {
    pub const ALL: [SegmentDimension; 3] = [SegmentDimension::CompanySize, SegmentDimension::Industry, SegmentDimension::Company];

    pub fn name(self) -> &'static str {
        match self {
            SegmentDimension::CompanySize => "company size",
            SegmentDimension::Industry => "industry",
            SegmentDimension::Company => "company",
        }
    }
}

/// One published segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// The value as the source states it ("large (>250)", "Fintech", "Google").
    pub name: String,
    /// Records of the cell in the segment (at least k).
    pub n: usize,
    pub base: MedianFigure,
    pub total: MedianFigure,
}

/// A cell split by one dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentTable {
    pub dimension: SegmentDimension,
    pub role: RoleInfo,
    pub level: Option<&'static str>,
    pub location: AreaInfo,
    /// Records in the cell (outliers excluded); withheld under the floor.
    pub n: Option<usize>,
    /// Of those, records that state the dimension; withheld under the floor.
    pub with_value: Option<usize>,
    /// Segments with at least k records, largest first, at most
    /// [`MAX_SEGMENTS`].
    pub segments: Vec<Segment>,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// The cell's records in one year against all records of the location.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearShare {
    pub year: i32,
    /// Records of the cell that year (at least k).
    pub n: usize,
    /// Records of every role in the location that year.
    pub location_n: usize,
    /// n / location_n.
    pub share: f64,
}

/// A location holding at least k records of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaCount {
    #[serde(skip)]
    pub area: Area,
    pub location: AreaInfo,
    pub n: usize,
}

impl Engine {
    /// Median base and TC of the cell per company size, industry or company.
    ///
    /// Definition: the cell's records (its level, location, period and
    /// sources; outliers excluded) that state the dimension, grouped by the
    /// value as stored; a group is shown when it has at least k records, and
    /// its base (or TC) median only when at least k of them report that
    /// measure. Groups are ordered by n (then name) and cut at
    /// [`MAX_SEGMENTS`], so a company appears only when it alone accounts for
    /// at least k records of the cell.
    pub fn segments(&self, q: &CellQuery, dimension: SegmentDimension) -> SegmentTable {
        let s = &self.snapshot;
        let floor = self.floor;
        let cell = self.cell_rows(q, false, false);
        let rows = cell.rows.as_slice();
        let mut table = SegmentTable {
            dimension,
            role: RoleInfo::of(&q.role),
            level: q.level.map(Level::slug),
            location: q.area.info(),
            n: None,
            with_value: None,
            segments: Vec::new(),
            floor,
            withheld: Some(floor_reason(floor)),
        };
        if rows.len() < floor {
            return table;
        }
        table.n = Some(rows.len());
        let (column, dict) = s.segment_column(dimension);
        let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
        for &r in rows {
            let v = column[r as usize];
            if v != NONE {
                groups.entry(v).or_default().push(r);
            }
        }
        let with_value: usize = groups.values().map(Vec::len).sum();
        if with_value < floor {
            table.withheld = Some(if with_value == 0 {
                format!("no record in this cell states its {}", dimension.name())
            } else {
                format!("fewer than {floor} records state their {}: withheld by the privacy floor", dimension.name())
            });
            return table;
        }
        table.with_value = Some(with_value);
        let mut shown: Vec<(&str, &Vec<u32>)> =
            groups.iter().filter(|(_, g)| g.len() >= floor).map(|(&v, g)| (dict.name(v), g)).collect();
        shown.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
        shown.truncate(MAX_SEGMENTS);
        table.segments = shown
            .into_iter()
            .map(|(name, g)| Segment {
                name: name.to_string(),
                n: g.len(),
                base: MedianFigure::from_sorted(&s.sorted_values(PayMeasure::Base, g), floor),
                total: MedianFigure::from_sorted(&s.sorted_values(PayMeasure::Total, g), floor),
            })
            .collect();
        table.withheld = table
            .segments
            .is_empty()
            .then(|| format!("no single {} accounts for {floor} or more records of this cell", dimension.name()));
        table
    }

    /// The cell's share of its location's records, per year.
    ///
    /// Definition: for each year, records of the cell (role, level,
    /// location, sources; outliers excluded) over records of every role in
    /// the same location and sources that year (outliers excluded). Years
    /// where the cell has fewer than k records are left out. This measures
    /// how much of the sources' coverage of a place the role takes up; it is
    /// not a count of vacancies, and a source joining or leaving moves it.
    pub fn yearly_share(&self, q: &CellQuery) -> Vec<YearShare> {
        let s = &self.snapshot;
        let f = s.filter(q);
        let mut cell: BTreeMap<i16, usize> = BTreeMap::new();
        for &r in &self.cell_rows(q, false, false).rows {
            let y = s.year[r as usize];
            if y > 0 {
                *cell.entry(y).or_default() += 1;
            }
        }
        cell.retain(|_, n| *n >= self.floor);
        if cell.is_empty() {
            return Vec::new();
        }
        // Every role in the location: the role and level tests are dropped,
        // the area, period and source tests kept. That scans every row and
        // does not depend on the role, so it is done once per location.
        let all = self.location_years.get_or_compute(crate::area_key(q), || {
            let mut by_year: BTreeMap<i16, usize> = BTreeMap::new();
            for (r, &y) in s.year.iter().enumerate() {
                if y > 0 && !s.outlier[r] && s.matches(&f, r as u32, true, false) {
                    *by_year.entry(y).or_default() += 1;
                }
            }
            std::sync::Arc::new(by_year.into_iter().collect())
        });
        let location_count = |y: i16| all.binary_search_by_key(&y, |&(year, _)| year).map_or(0, |i| all[i].1);
        cell.into_iter()
            .map(|(y, n)| {
                let location_n = location_count(y).max(n);
                YearShare { year: y as i32, n, location_n, share: n as f64 / location_n as f64 }
            })
            .collect()
    }

    /// Countries, US metros and remote work where a role (with its
    /// specializations; q.level, period and sources apply, q.area is
    /// ignored) has at least `min_n` records — never fewer than k — so a
    /// caller can list the pages worth publishing without benchmarking every
    /// place. Largest first.
    pub fn areas_with_data(&self, q: &CellQuery, min_n: usize) -> Vec<AreaCount> {
        let s = &self.snapshot;
        let min_n = min_n.max(self.floor);
        let rows = s.cell_with(&s.filter(q), false, true).rows;
        let mut countries: HashMap<u32, usize> = HashMap::new();
        let mut metros: HashMap<u32, usize> = HashMap::new();
        let mut remote = 0usize;
        for &r in &rows {
            let r = r as usize;
            if s.country[r] != NONE {
                *countries.entry(s.country[r]).or_default() += 1;
            }
            if s.metro[r] != NONE {
                *metros.entry(s.metro[r]).or_default() += 1;
            }
            remote += usize::from(s.remote[r]);
        }
        let mut out: Vec<AreaCount> = Vec::new();
        let mut add = |area: Area, n: usize| {
            if n >= min_n {
                out.push(AreaCount { location: area.info(), area, n });
            }
        };
        for (c, n) in countries {
            add(Area::Country(s.countries.name(c).to_string()), n);
        }
        for (m, n) in metros {
            add(Area::Metro(s.metros.name(m).to_string()), n);
        }
        add(Area::Remote(None), remote);
        out.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.location.code.cmp(&b.location.code)));
        out
    }
}

impl crate::snapshot::Snapshot {
    fn segment_column(&self, d: SegmentDimension) -> (&[u32], &Dict) {
        match d {
            SegmentDimension::CompanySize => (&self.size, &self.sizes),
            SegmentDimension::Industry => (&self.industry, &self.industries),
            SegmentDimension::Company => (&self.company, &self.companies),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breakdown::tests::{engine, record, us};
    use paygrid_domain::Record;

    fn with(mut r: Record, size: &str, industry: Option<&str>, company: Option<&str>) -> Record {
        r.company_size = Some(size.to_string());
        r.industry = industry.map(str::to_string);
        r.company = company.map(str::to_string);
        r
    }

    #[test]
    fn segments_need_k_records_each() {
        // One privacy class of 21 senior records: 12 at large Acme, 5 at
        // small Tiny, 4 at medium Mid Co. Medium (4) is under the floor;
        // left as the class's remainder it could be derived as the class
        // minus the listed segments, so the smallest listed segment (small)
        // joins it: only "large" is published.
        let mut rs = Vec::new();
        for (n, start, size, company) in
            [(12, 150_000.0, "large", "Acme"), (5, 90_000.0, "small", "Tiny"), (4, 120_000.0, "medium", "Mid Co")]
        {
            for i in 0..n {
                rs.push(with(
                    record("backend-engineer", Some(Level::Senior), start + 1000.0 * f64::from(i)),
                    size,
                    None,
                    Some(company),
                ));
            }
        }
        let e = engine(&rs);
        assert_eq!(e.privacy().segment_hidden, 9);
        let q = us("backend-engineer", None);
        let t = e.segments(&q, SegmentDimension::CompanySize);
        assert_eq!(t.n, Some(21));
        assert_eq!(t.with_value, Some(12));
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.segments[0].name, "large");
        assert_eq!(t.segments[0].n, 12);
        assert_eq!(t.segments[0].base.p50, Some(155_500.0));
        let shown = format!("{t:?}");
        assert!(["Tiny", "small", "medium", "Mid Co"].iter().all(|x| !shown.contains(x)), "{shown}");
        let c = e.segments(&q, SegmentDimension::Company);
        assert_eq!(c.segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Acme"]);
        let i = e.segments(&q, SegmentDimension::Industry);
        assert!(i.segments.is_empty() && i.with_value.is_none());
        assert!(i.withheld.as_deref().unwrap().contains("no record"));
        // Under the floor: nothing, not even n.
        let thin = e.segments(&us("frontend-engineer", None), SegmentDimension::Company);
        assert!(thin.n.is_none() && thin.segments.is_empty());

        // With 5 at Mid Co too, every segment is publishable and listed.
        rs.push(with(record("backend-engineer", Some(Level::Senior), 125_000.0), "medium", None, Some("Mid Co")));
        let e = engine(&rs);
        assert_eq!(e.privacy().segment_hidden, 0);
        let t = e.segments(&q, SegmentDimension::CompanySize);
        assert_eq!(
            t.segments.iter().map(|s| (s.name.as_str(), s.n)).collect::<Vec<_>>(),
            [("large", 12), ("medium", 5), ("small", 5)]
        );
    }

    #[test]
    fn at_most_ten_companies() {
        let rs: Vec<Record> = (0..12 * 6)
            .map(|i| {
                let name = format!("Company {:02}", i / 6);
                with(record("backend-engineer", None, 100_000.0 + i as f64), "large", None, Some(&name))
            })
            .collect();
        let e = engine(&rs);
        let t = e.segments(&us("backend-engineer", None), SegmentDimension::Company);
        assert_eq!(t.segments.len(), MAX_SEGMENTS);
        assert_eq!(t.segments[0].name, "Company 00");
    }

    #[test]
    fn yearly_share_and_areas() {
        // Classes of at least 5: backend 2023 (5) and 2024 (7) outside any
        // metro; data science 2023/2024 in Seattle (5 + 5) and outside (5 + 5).
        let mut rs = Vec::new();
        for (role, year, metro, n) in [
            ("backend-engineer", 2023, false, 5),
            ("backend-engineer", 2024, false, 7),
            ("data-scientist", 2023, true, 5),
            ("data-scientist", 2024, true, 5),
            ("data-scientist", 2023, false, 5),
            ("data-scientist", 2024, false, 5),
        ] {
            for i in 0..n {
                let mut r = record(role, None, 100_000.0 + f64::from(i));
                r.year = Some(year);
                r.metro = metro.then(|| "42660".to_string());
                rs.push(r);
            }
        }
        let e = engine(&rs);
        assert_eq!(e.privacy().full_detail, 32);
        let shares = e.yearly_share(&us("backend-engineer", None));
        assert_eq!(shares.len(), 2);
        assert_eq!((shares[0].year, shares[0].n, shares[0].location_n), (2023, 5, 15));
        assert_eq!((shares[1].year, shares[1].n, shares[1].location_n), (2024, 7, 17));
        let areas = e.areas_with_data(&us("data-scientist", None), 5);
        let codes: Vec<&str> = areas.iter().map(|a| a.location.code.as_str()).collect();
        assert_eq!(codes, ["US", "42660"]);
        assert_eq!(areas[1].n, 10);
        assert!(e.areas_with_data(&us("backend-engineer", None), 13).is_empty());
    }
}
