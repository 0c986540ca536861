//! The record model of docs/normalization.md: one pay observation, normalized.

use crate::level::Level;
use crate::money::PayPeriod;
use crate::role::RoleId;
use std::fmt;

/// Which importer produced a record. Stable slugs: they are stored and typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Generic,
    LevelsFyi,
    Aijobs,
    StackOverflow,
    H1bLca,
    Oews,
    Submission,
}

impl SourceKind {
    pub const ALL: [SourceKind; 7] = [
        SourceKind::Generic,
        SourceKind::LevelsFyi,
        SourceKind::Aijobs,
        SourceKind::StackOverflow,
        SourceKind::H1bLca,
        SourceKind::Oews,
        SourceKind::Submission,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            SourceKind::Generic => "generic",
            SourceKind::LevelsFyi => "levels-fyi",
            SourceKind::Aijobs => "aijobs",
            SourceKind::StackOverflow => "stackoverflow",
            SourceKind::H1bLca => "h1b-lca",
            SourceKind::Oews => "oews",
            SourceKind::Submission => "submission",
        }
    }

    pub fn from_slug(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// A calendar date. Only what the records need: ordering, the year, ISO text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Builds a date, checking the day against the month's real length.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || !(1900..=2999).contains(&year) {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let len = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if leap => 29,
            _ => 28,
        };
        (day <= len).then_some(Date { year, month, day })
    }

    /// The civil date `days` after 1970-01-01 (negative: before), using
    /// Howard Hinnant's days-to-civil algorithm. Callers read the clock;
    /// this stays a pure function.
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// ISO timestamp (`2026-11-22T07:30:00Z`) of `secs` since the Unix epoch.
    pub fn iso_timestamp(secs: i64) -> String {
        let d = Date::from_unix_days(secs.div_euclid(86_400));
        let s = secs.rem_euclid(86_400);
        format!("{d}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
    }

    /// Parses `YYYY-MM-DD` (the generic format and the store's text form).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Parses a US `M/D/YYYY[ H:MM[:SS]]` timestamp (Levels.fyi), ignoring the time.
    pub fn parse_us(s: &str) -> Option<Date> {
        let date = s.split_whitespace().next()?;
        let mut it = date.splitn(3, '/');
        let (m, d, y) = (it.next()?, it.next()?, it.next()?);
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One normalized pay observation. All amounts are annual USD (docs/normalization.md, "Money").
///
/// `base == None` means the source gave only a total: the record counts for
/// total-compensation figures and not for base figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub source: SourceKind,
    /// The source's own id for the row, when it has one (dedup key).
    pub external_id: Option<String>,
    /// When the pay was observed; `year` is kept separately because some
    /// sources (surveys, aijobs) give only a year.
    pub date: Option<Date>,
    pub year: Option<i32>,
    pub raw_title: String,
    /// The source's level text as given (company ladder, tier code), kept
    /// so every level decision can be audited.
    pub raw_level: Option<String>,
    /// The source's specialization field (Levels.fyi `tag`, survey DevType).
    pub raw_specialization: Option<String>,
    pub role: RoleId,
    /// True when the title matched the role catalogue (false: own slug).
    pub role_known: bool,
    pub level: Option<Level>,
    pub years_experience: Option<f64>,
    pub years_at_company: Option<f64>,
    pub company: Option<String>,
    pub company_size: Option<String>,
    pub industry: Option<String>,
    pub raw_location: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// US state postal code.
    pub us_state: Option<String>,
    /// OEWS area code without leading zeros (e.g. `42660`).
    pub metro: Option<String>,
    pub remote: bool,
    /// True when `raw_location` was given but could not be resolved.
    pub location_unresolved: bool,
    pub base: Option<f64>,
    /// The ends of a posted range when the record stands for a job posting
    /// that gave one (aijobs.net); `base` is then the range's midpoint.
    pub base_range: Option<PayRange>,
    pub bonus: f64,
    pub equity: f64,
    pub signing: f64,
    pub total: f64,
    pub currency: String,
    pub pay_period: PayPeriod,
    pub skills: Vec<String>,
    pub employment_type: Option<String>,
}

/// A posted base-salary range, annual USD, `low < high`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PayRange {
    pub low: f64,
    pub high: f64,
}

impl Record {
    /// TC per docs/normalization.md, "Money": base + bonus + annual equity + signing / 4.
    pub fn compute_total(base: f64, bonus: f64, equity: f64, signing: f64) -> f64 {
        round_cents(base + bonus + equity + signing / 4.0)
    }

    /// A valid record for tests and examples: a `generic` source, a US
    /// record of 2024 with no state or metro, the given role (a catalogue id
    /// or any slug), level and base, TC equal to base, nothing else set.
    /// Tests change the public fields they care about; every crate's tests
    /// build records this way instead of spelling out every field.
    ///
    /// # Panics
    /// When `role` is not a valid slug.
    pub fn example(role: &str, level: Option<Level>, base: f64) -> Record {
        let role = RoleId::parse(role).expect("a valid role slug");
        Record {
            source: SourceKind::Generic,
            external_id: None,
            date: None,
            year: Some(2024),
            raw_title: role.as_str().replace('-', " "),
            raw_level: None,
            raw_specialization: None,
            role_known: crate::role::role_def(role.as_str()).is_some(),
            role,
            level,
            years_experience: None,
            years_at_company: None,
            company: None,
            company_size: None,
            industry: None,
            raw_location: None,
            country: Some("US".to_string()),
            us_state: None,
            metro: None,
            remote: false,
            location_unresolved: false,
            base: Some(base),
            base_range: None,
            bonus: 0.0,
            equity: 0.0,
            signing: 0.0,
            total: base,
            currency: "USD".to_string(),
            pay_period: PayPeriod::Year,
            skills: Vec::new(),
            employment_type: None,
        }
    }
}

/// Amounts are kept to the cent so that every published figure can be
/// reproduced exactly by an independent computation.
pub fn round_cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_reject() {
        assert_eq!(Date::parse_iso("2024-02-29"), Date::new(2024, 2, 29));
        assert!(Date::parse_iso("2023-02-29").is_none());
        assert!(Date::parse_iso("2023-13-01").is_none());
        assert!(Date::parse_iso("23-01-01").is_none());
        assert_eq!(Date::parse_us("6/7/2017 11:33:27"), Date::new(2017, 6, 7));
        assert_eq!(Date::new(2017, 6, 7).unwrap().to_string(), "2017-06-07");
    }

    #[test]
    fn unix_days_to_civil_dates() {
        assert_eq!(Date::from_unix_days(0), Date::new(1970, 1, 1).unwrap());
        assert_eq!(Date::from_unix_days(11_016), Date::new(2000, 2, 29).unwrap());
        assert_eq!(Date::from_unix_days(11_017), Date::new(2000, 3, 1).unwrap());
        assert_eq!(Date::from_unix_days(20_414), Date::new(2025, 11, 22).unwrap());
        assert_eq!(Date::from_unix_days(-1), Date::new(1969, 12, 31).unwrap());
        assert_eq!(Date::iso_timestamp(1_795_332_600), "2026-11-22T07:30:00Z");
    }

    #[test]
    fn total_adds_a_quarter_of_signing() {
        assert_eq!(Record::compute_total(100_000.0, 10_000.0, 20_000.0, 40_000.0), 140_000.0);
    }
}
