//! How old and how mixed a cell's records are: the years they span, how
//! recent the newest of them are (`data_as_of`), which sources each pay
//! measure comes from, and whether base and TC describe different groups.
//!
//! **data_as_of.** A cell's newest record is one person's data, so what is
//! published is the latest month M such that at least k (the privacy floor)
//! of the cell's records are known to date from M or later: the month of the
//! k-th newest dated record. Records give a year (always, when known) and
//! sometimes a date; when the records that decide it give only a year
//! (aijobs.net's work_year, a survey's year), the year is published
//! instead (`2024`). Records whose year the publication classes hid count
//! for nothing, and neither does their date.
//!
//! **Stale.** A figure whose data_as_of lies more than [`STALE_AFTER_MONTHS`]
//! months before today carries a visible notice. A year-only data_as_of is
//! read as December of that year, so the notice is never shown early.
//! Today comes from the caller: the engine has no clock.

use crate::benchmark::{Measure, PayMeasure, Period, SourceShare};
use crate::snapshot::Snapshot;
use crate::text::thousands;
use paygrid_domain::record::Date;

/// Months after which a cell's newest records count as old.
pub const STALE_AFTER_MONTHS: i32 = 18;

impl Snapshot {
    /// The first and last known year of `rows` (None, None when no row
    /// states its year).
    pub(crate) fn years_of(&self, rows: &[u32]) -> Period {
        let years = rows.iter().map(|&r| self.year[r as usize]).filter(|&y| y > 0);
        Period { from: years.clone().min().map(i32::from), to: years.max().map(i32::from) }
    }

    /// `data_as_of` of `rows` at floor k (see the module docs): `YYYY-MM`,
    /// `YYYY`, or None when fewer than k rows state their year.
    pub(crate) fn data_as_of(&self, rows: &[u32], k: usize) -> Option<String> {
        let k = k.max(1);
        let mut years: Vec<i16> = rows.iter().map(|&r| self.year[r as usize]).filter(|&y| y > 0).collect();
        if years.len() < k {
            return None;
        }
        years.sort_unstable_by(|a, b| b.cmp(a));
        let year = years[k - 1];
        let newer = years.iter().take_while(|&&y| y > year).count();
        let need = k - newer;
        let mut months: Vec<u8> =
            rows.iter().filter(|&&r| self.year[r as usize] == year).filter_map(|&r| self.date_of(r)).map(|d| d.month).collect();
        if months.len() < need {
            return Some(year.to_string());
        }
        months.sort_unstable_by(|a, b| b.cmp(a));
        Some(format!("{year:04}-{:02}", months[need - 1]))
    }

    /// Records of `rows` per dataset, in dataset order, counting only rows
    /// that report measure `m` when it is given. A count under `floor` is
    /// withheld; the last slot gathers rows whose dataset privacy hid.
    pub(crate) fn sources_of(&self, rows: &[u32], m: Option<PayMeasure>, floor: usize) -> Vec<SourceShare> {
        let mut per_ds = vec![0usize; self.datasets.len() + 1];
        for &r in rows {
            if m.is_none_or(|m| !self.pay(m, r).is_nan()) {
                per_ds[(self.dataset[r as usize] as usize).min(self.datasets.len())] += 1;
            }
        }
        per_ds
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| match self.dataset_kind.get(i) {
                Some(kind) => SourceShare {
                    name: self.datasets.name(i as u32).to_string(),
                    kind: kind.slug(),
                    n: (c >= floor).then_some(c),
                },
                None => {
                    SourceShare { name: "not named (small groups)".to_string(), kind: "withheld", n: (c >= floor).then_some(c) }
                }
            })
            .collect()
    }

    /// Fills a published measure's own sources, years and data_as_of from
    /// the cell's rows (those that report the measure).
    pub(crate) fn date_measure(&self, m: PayMeasure, rows: &[u32], floor: usize, measure: &mut Measure) {
        if measure.n.is_none() {
            return;
        }
        let with: Vec<u32> = rows.iter().copied().filter(|&r| !self.pay(m, r).is_nan()).collect();
        measure.sources = self.sources_of(&with, None, floor);
        measure.period = self.years_of(&with);
        measure.data_as_of = self.data_as_of(&with, floor);
    }
}

/// `2018–2020`, `2020`, or None when no year is known.
pub fn period_text(p: &Period) -> Option<String> {
    match (p.from, p.to) {
        (Some(a), Some(z)) if a == z => Some(a.to_string()),
        (Some(a), Some(z)) => Some(format!("{a}\u{2013}{z}")),
        (Some(y), None) | (None, Some(y)) => Some(y.to_string()),
        (None, None) => None,
    }
}

/// Whole months from a data_as_of (`YYYY-MM`, or `YYYY` read as its
/// December) to `today`; None when the text is neither.
pub fn months_before(data_as_of: &str, today: Date) -> Option<i32> {
    let (y, m) = match data_as_of.split_once('-') {
        Some((y, m)) if m.len() == 2 => (y.parse::<i32>().ok()?, m.parse::<i32>().ok().filter(|m| (1..=12).contains(m))?),
        Some(_) => return None,
        None => (data_as_of.parse::<i32>().ok()?, 12),
    };
    if y.to_string().len() != 4 {
        return None;
    }
    Some(today.year * 12 + i32::from(today.month) - (y * 12 + m))
}

/// The notice a page shows when data_as_of is more than
/// [`STALE_AFTER_MONTHS`] months before `today`.
pub fn stale_notice(data_as_of: Option<&str>, today: Date) -> Option<String> {
    stale_notice_of(None, data_as_of, today)
}

fn stale_notice_of(what: Option<&str>, data_as_of: Option<&str>, today: Date) -> Option<String> {
    let as_of = data_as_of?;
    let months = months_before(as_of, today)?;
    let whose = what.map_or("these figures".to_string(), |w| format!("the {w} figures"));
    (months > STALE_AFTER_MONTHS).then(|| {
        format!(
            "Old data: the newest records behind {whose} are from {as_of}, {} months before {today}. Pay may have moved since; the figures describe the market as it was then.",
            thousands(months as u64)
        )
    })
}

/// The notices of a cell: one for the whole cell when its data_as_of is
/// old (then both measures' are too, being over fewer records), else one
/// per measure whose own data_as_of is old (a cell of new base-only
/// postings and old TC reports).
pub fn stale_notices(cell: Option<&str>, base: Option<&str>, total: Option<&str>, today: Date) -> Vec<String> {
    if let Some(n) = stale_notice(cell, today) {
        return vec![n];
    }
    [(PayMeasure::Base, base), (PayMeasure::Total, total)]
        .into_iter()
        .filter_map(|(m, a)| stale_notice_of(Some(m.name()), a, today))
        .collect()
}

/// Why base and TC should not be read as one population, when they come
/// from different sources or from years that do not overlap (None when
/// either is not published).
pub fn populations_differ(base: &Measure, total: &Measure) -> Option<String> {
    base.n?;
    total.n?;
    fn names(m: &Measure) -> Vec<&str> {
        let mut v: Vec<&str> = m.sources.iter().map(|s| s.name.as_str()).collect();
        v.sort_unstable();
        v
    }
    let disjoint = match (base.period, total.period) {
        (Period { from: Some(a0), to: Some(a1) }, Period { from: Some(b0), to: Some(b1) }) => a1 < b0 || b1 < a0,
        _ => false,
    };
    if names(base) == names(total) && !disjoint {
        return None;
    }
    let describe = |what: &str, m: &Measure| {
        let srcs: Vec<&str> = m.sources.iter().map(|s| s.name.as_str()).collect();
        let years = period_text(&m.period).map_or(String::new(), |p| format!(", {p}"));
        format!("{what} from {} ({} records{years})", srcs.join(" and "), thousands(m.n.unwrap_or(0) as u64))
    };
    Some(format!(
        "Base salary and total compensation describe different records here: {}; {}. Do not read the gap between them as bonus and equity.",
        describe("base salary", base),
        describe("total compensation", total)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::SnapshotBuilder;
    use paygrid_domain::{Level, Record};

    fn rec(year: i32, date: Option<(u8, u8)>) -> Record {
        let mut r =
            crate::skills::test_support::rec("backend-engineer", Some(Level::Senior), Some("US"), None, year, Some(100.0), 120.0);
        r.date = date.and_then(|(m, d)| Date::new(year, m, d));
        r
    }

    fn as_of(records: &[Record], k: usize) -> Option<String> {
        let mut b = SnapshotBuilder::new();
        for r in records {
            b.push("t", r);
        }
        let s = b.build();
        let rows: Vec<u32> = (0..s.len() as u32).collect();
        s.data_as_of(&rows, k)
    }

    #[test]
    fn data_as_of_is_the_kth_newest_month() {
        // Newest first: 2020-11, 2020-09, 2020-09, 2020-03, 2019-12, 2019-01.
        let rs = [
            rec(2019, Some((1, 5))),
            rec(2020, Some((9, 1))),
            rec(2020, Some((11, 30))),
            rec(2019, Some((12, 1))),
            rec(2020, Some((3, 3))),
            rec(2020, Some((9, 20))),
        ];
        assert_eq!(as_of(&rs, 1).as_deref(), Some("2020-11"));
        assert_eq!(as_of(&rs, 3).as_deref(), Some("2020-09"));
        assert_eq!(as_of(&rs, 5).as_deref(), Some("2019-12"));
        assert_eq!(as_of(&rs, 7), None);
    }

    #[test]
    fn year_only_records_give_a_year() {
        // 2024: three year-only records and one dated; k = 3 needs three of
        // 2024, only one of which has a month, so only the year is known.
        let mut rs = vec![rec(2024, None), rec(2024, None), rec(2024, None), rec(2024, Some((6, 1)))];
        assert_eq!(as_of(&rs, 3).as_deref(), Some("2024"));
        assert_eq!(as_of(&rs, 1).as_deref(), Some("2024-06"));
        // Records of a hidden year (0) count for nothing.
        rs.push(rec(0, None));
        assert_eq!(as_of(&rs, 5), None);
        // A newer year decides alone when it holds k records.
        rs.extend([rec(2025, Some((2, 1))), rec(2025, Some((1, 1)))]);
        assert_eq!(as_of(&rs, 2).as_deref(), Some("2025-01"));
    }

    #[test]
    fn staleness_by_months() {
        let today = Date::new(2026, 12, 4).unwrap();
        assert_eq!(months_before("2020-08", today), Some(76));
        assert_eq!(months_before("2025-06", today), Some(18));
        assert_eq!(months_before("2024", today), Some(24));
        assert_eq!(months_before("20x4", today), None);
        assert!(stale_notice(Some("2025-06"), today).is_none());
        let n = stale_notice(Some("2025-05"), today).unwrap();
        assert!(n.contains("2025-05") && n.contains("19 months before 2026-12-04"), "{n}");
        assert!(stale_notice(None, today).is_none());
        // New base postings beside old TC reports: the TC figures get the notice.
        let ns = stale_notices(Some("2025"), Some("2025"), Some("2020-12"), today);
        assert_eq!(ns.len(), 1);
        assert!(ns[0].contains("the total compensation figures are from 2020-12"), "{ns:?}");
        assert_eq!(stale_notices(Some("2020-12"), Some("2020-12"), Some("2020-11"), today).len(), 1);
        assert!(stale_notices(Some("2026-01"), Some("2026-01"), None, today).is_empty());
    }
}
