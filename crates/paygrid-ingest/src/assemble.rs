//! One row's fields, as text, -> a validated, normalized [`Record`].
//! All rules of docs/normalization.md, "Money" that apply to a single row live here, so
//! every importer (and the submit form) rejects the same things for the
//! same reasons.

use crate::sanity::{self, pay_bounds, PayBounds};
use crate::Reject;
use paygrid_domain::geo::Geo;
use paygrid_domain::money::{Fx, PayPeriod};
use paygrid_domain::record::{round_cents, Date};
use paygrid_domain::title::{normalize_title, TitleHints};
use paygrid_domain::{Record, SourceKind};

/// Settings that apply to a whole import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Sanity range for base and TC, annual USD (docs/normalization.md, "Money"). `None`:
    /// the floor of the record's country ([`crate::sanity::pay_bounds`]);
    /// a value replaces it for every row (`--min-pay`).
    pub min_pay: Option<f64>,
    pub max_pay: f64,
    /// Rows dated after this are rejected; also the year used to convert
    /// currency for rows with no date.
    pub today: Date,
    /// Keep rows identical to earlier ones (for sources without ids whose
    /// identical rows are known to be different people).
    pub keep_duplicates: bool,
}

impl ImportOptions {
    pub fn new(today: Date) -> ImportOptions {
        ImportOptions { min_pay: None, max_pay: crate::sanity::CEILING, today, keep_duplicates: false }
    }
}

/// A named cell: the column name travels with the value so that a reject
/// can say which field was wrong.
#[derive(Debug, Clone, Default)]
pub struct Field {
    pub name: &'static str,
    pub value: Option<String>,
}

impl Field {
    pub fn new(name: &'static str, value: Option<&str>) -> Field {
        Field { name, value: value.map(str::to_string) }
    }

    fn text(&self) -> Option<&str> {
        self.value.as_deref().map(str::trim).filter(|v| !crate::table::is_missing(v))
    }
}

/// What an importer extracts from one row before the shared validation.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub row: u64,
    pub title: Field,
    pub level_text: Option<String>,
    pub company: Option<String>,
    pub company_level: Option<String>,
    pub specialization: Option<String>,
    /// Free-text location, resolved with [`Geo::resolve`].
    pub location: Field,
    /// Separate US city and state columns (H-1B), tried before `location`.
    pub us_city_state: Option<(String, String)>,
    /// Country name or code, used when `location` says nothing more precise.
    pub country: Field,
    pub remote: Option<bool>,
    pub years_experience: Field,
    pub years_at_company: Field,
    pub base: Field,
    pub bonus: Field,
    pub equity: Field,
    pub signing: Field,
    /// A source's own total, used when given (see [`assemble`]).
    pub total: Field,
    pub currency: Field,
    pub pay_period: Field,
    pub date: Option<Date>,
    pub year: Option<i32>,
    pub skills: Vec<String>,
    pub company_size: Option<String>,
    pub industry: Option<String>,
    pub employment_type: Option<String>,
    pub external_id: Option<String>,
}

fn reject(row: u64, field: &str, reason: impl Into<String>) -> Reject {
    Reject { row, field: field.to_string(), reason: reason.into() }
}

/// Parses a money or count amount: digits with optional sign, decimal
/// point, thousands separators, a leading `$` and exponent. Empty / NA is
/// `Ok(None)`.
/// An amount as a person types it in a form or on the command line:
/// `185000`, `185,000`, `$185,000` or `185k` (thousands). The one parser the
/// CLI's offer arguments and the web's amount fields share.
pub fn parse_typed_amount(text: &str, field: &'static str) -> Result<f64, String> {
    let t = text.trim();
    let (num, scale) = match t.strip_suffix(['k', 'K']) {
        Some(n) => (n, 1000.0),
        None => (t, 1.0),
    };
    match parse_amount(0, &Field::new(field, Some(num))) {
        Ok(Some(x)) => Ok(x * scale),
        Ok(None) => Err(format!("not an amount: {t:?}")),
        Err(r) => Err(r.reason),
    }
}

pub fn parse_amount(row: u64, f: &Field) -> Result<Option<f64>, Reject> {
    let Some(v) = f.text() else { return Ok(None) };
    let cleaned: String = v.trim_start_matches('$').chars().filter(|c| !matches!(c, ',' | '_' | ' ')).collect();
    let ok_chars = !cleaned.is_empty() && cleaned.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    let x: f64 = match cleaned.parse() {
        Ok(x) if ok_chars => x,
        _ => return Err(reject(row, f.name, format!("not a number: {:?}", truncate(v, 40)))),
    };
    if !x.is_finite() {
        return Err(reject(row, f.name, format!("not a finite number: {:?}", truncate(v, 40))));
    }
    if x < 0.0 {
        return Err(reject(row, f.name, format!("negative amount: {v}")));
    }
    Ok(Some(x))
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).chain("…".chars()).collect()
    }
}

fn parse_years(row: u64, f: &Field) -> Result<Option<f64>, Reject> {
    let y = parse_amount(row, f)?;
    match y {
        Some(y) if y > 70.0 => Err(reject(row, f.name, format!("{y} years is not plausible (over 70)"))),
        _ => Ok(y),
    }
}

/// Validates and normalizes one row.
///
/// TC: when the source gives its own total it is used as is (Levels.fyi's
/// components are incomplete on ~10% of rows while its total is what the
/// submitter reported); otherwise TC = base + bonus + equity + signing/4.
/// A base of 0 next to a total means "base not reported".
pub fn assemble(source: SourceKind, raw: RawRow, opts: &ImportOptions) -> Result<Record, Reject> {
    let row = raw.row;
    let title = raw.title.text().ok_or_else(|| reject(row, raw.title.name, "missing job title"))?.to_string();

    if let Some(d) = raw.date {
        if d > opts.today {
            return Err(reject(row, "date", format!("date {d} is in the future")));
        }
    }
    let year = raw.date.map(|d| d.year).or(raw.year);
    if let Some(y) = year {
        if y > opts.today.year || y < 1990 {
            return Err(reject(row, "date", format!("year {y} is outside 1990..={}", opts.today.year)));
        }
    }

    let period = match raw.pay_period.text() {
        None => PayPeriod::Year,
        Some(p) => PayPeriod::parse(p).ok_or_else(|| {
            reject(row, raw.pay_period.name, format!("unknown pay period {:?} (use year, month, week or hour)", truncate(p, 20)))
        })?,
    };
    let currency = raw.currency.text().unwrap_or("USD").to_ascii_uppercase();
    let rate = Fx::embedded().usd_per_unit(&currency, year.unwrap_or(opts.today.year)).ok_or_else(|| {
        reject(
            row,
            raw.currency.name,
            format!("unknown currency {:?}: no exchange rate in the shipped table", truncate(&currency, 10)),
        )
    })?;

    let base_in = parse_amount(row, &raw.base)?;
    let total_in = parse_amount(row, &raw.total)?;
    let bonus_in = parse_amount(row, &raw.bonus)?.unwrap_or(0.0);
    let equity_in = parse_amount(row, &raw.equity)?.unwrap_or(0.0);
    let signing_in = parse_amount(row, &raw.signing)?.unwrap_or(0.0);

    // The pay period applies to the salary figures; bonus, equity and
    // signing are annual amounts by definition of the import format.
    let periodic = |x: f64| round_cents(x * period.annual_factor() * rate);
    let annual = |x: f64| round_cents(x * rate);
    let base = base_in.filter(|&b| !(b == 0.0 && total_in.is_some())).map(periodic);
    let (bonus, equity, signing) = (annual(bonus_in), annual(equity_in), annual(signing_in));
    let total = match (total_in, base) {
        (Some(t), _) if t > 0.0 => periodic(t),
        (_, Some(b)) => Record::compute_total(b, bonus, equity, signing),
        _ => {
            let field = if raw.base.name.is_empty() { raw.total.name } else { raw.base.name };
            return Err(reject(row, field, "no pay given"));
        }
    };

    let geo = Geo::embedded();
    let location_text = raw.location.text().map(str::to_string);
    let mut place = raw.us_city_state.as_ref().and_then(|(c, s)| geo.resolve_us_city(c, s));
    if place.is_none() {
        place = location_text.as_deref().and_then(|t| geo.resolve(t));
    }
    let country_text = raw.country.text();
    if place.as_ref().is_none_or(|p| p.country.is_none()) {
        if let Some(code) = country_text.and_then(|c| geo.country_code(c)) {
            let p = place.get_or_insert_with(Default::default);
            p.country = Some(code.to_string());
        }
    }
    let raw_location = location_text
        .or_else(|| raw.us_city_state.as_ref().map(|(c, s)| format!("{c}, {s}")))
        .or_else(|| country_text.map(str::to_string));
    let location_unresolved = raw_location.is_some() && place.as_ref().is_none_or(|p| p.is_empty());
    let place = place.unwrap_or_default();

    // The floor depends on the place the row resolved to, so that low but
    // real pay in low-wage countries is kept (crate::sanity).
    let country = place.country.as_deref();
    let (bounds, basis) = match opts.min_pay {
        Some(min) => (PayBounds { min, max: opts.max_pay }, "(--min-pay)"),
        None => (PayBounds { max: opts.max_pay, ..pay_bounds(country) }, sanity::basis(country)),
    };
    let range = |field: &str, what: &str, x: f64| -> Result<(), Reject> {
        sanity::check(x, bounds, basis).map_err(|e| reject(row, field, format!("{what} {e}")))
    };
    if let Some(b) = base {
        range(raw.base.name, "base", b)?;
    }
    range(if total_in.is_some() { raw.total.name } else { raw.base.name }, "total compensation", total)?;

    let years_experience = parse_years(row, &raw.years_experience)?;
    let years_at_company = parse_years(row, &raw.years_at_company)?;

    let hints = TitleHints {
        company: raw.company.as_deref(),
        company_level: raw.company_level.as_deref(),
        specialization: raw.specialization.as_deref(),
        level_text: raw.level_text.as_deref(),
        years_experience,
    };
    let m = normalize_title(&title, &hints);

    let mut skills: Vec<String> = Vec::new();
    for s in raw.skills.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !skills.iter().any(|k| k.eq_ignore_ascii_case(s)) {
            skills.push(truncate(s, 60));
        }
    }

    Ok(Record {
        source,
        external_id: raw.external_id,
        date: raw.date,
        year,
        raw_title: title,
        raw_level: raw.company_level.clone().or_else(|| raw.level_text.clone()),
        raw_specialization: raw.specialization.clone(),
        role: m.role,
        role_known: m.known,
        level: m.level,
        years_experience,
        years_at_company,
        company: raw.company,
        company_size: raw.company_size,
        industry: raw.industry,
        raw_location,
        country: place.country,
        us_state: place.state,
        metro: place.metro,
        remote: raw.remote.unwrap_or(false) || place.remote,
        location_unresolved,
        base,
        base_range: None,
        bonus,
        equity,
        signing,
        total,
        currency,
        pay_period: period,
        skills,
        employment_type: raw.employment_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ImportOptions {
        ImportOptions::new(Date::new(2026, 11, 22).unwrap())
    }

    fn row(base: &str) -> RawRow {
        RawRow {
            row: 7,
            title: Field::new("title", Some("Backend Engineer")),
            base: Field::new("base", Some(base)),
            total: Field::new("total", None),
            currency: Field::new("currency", None),
            pay_period: Field::new("pay_period", None),
            ..Default::default()
        }
    }

    fn err(r: RawRow) -> Reject {
        assemble(SourceKind::Generic, r, &opts()).unwrap_err()
    }

    #[test]
    fn bad_amounts_are_rejected_with_field_and_reason() {
        let e = err(row("-5000"));
        assert_eq!((e.row, e.field.as_str()), (7, "base"));
        assert!(e.reason.contains("negative"), "{e}");
        assert!(err(row("lots")).reason.contains("not a number"));
        assert!(err(row("NaN")).reason.contains("not a number"));
        assert!(err(row("1e999")).reason.contains("finite"));
        assert!(err(row("500")).reason.contains("sanity range"));
        assert!(err(row("0")).reason.contains("sanity range"));
    }

    #[test]
    fn period_and_total() {
        let mut r = row("50");
        r.pay_period = Field::new("pay_period", Some("hourly"));
        r.bonus = Field::new("bonus", Some("10,000"));
        r.signing = Field::new("signing_bonus", Some("$20000"));
        let rec = assemble(SourceKind::Generic, r, &opts()).unwrap();
        assert_eq!(rec.base, Some(104_000.0));
        assert_eq!(rec.total, 104_000.0 + 10_000.0 + 5_000.0);

        let mut r = row("abc");
        r.pay_period = Field::new("pay_period", Some("fortnightly"));
        assert_eq!(err(r).field, "pay_period");
    }

    #[test]
    fn base_zero_with_total_counts_for_total_only() {
        let mut r = row("0");
        r.total = Field::new("totalyearlycompensation", Some("250000"));
        let rec = assemble(SourceKind::LevelsFyi, r, &opts()).unwrap();
        assert_eq!((rec.base, rec.total), (None, 250_000.0));
    }

    #[test]
    fn future_dates_and_missing_title() {
        let mut r = row("100000");
        r.date = Date::new(2027, 1, 1);
        assert!(err(r).reason.contains("future"));
        let mut r = row("100000");
        r.title = Field::new("title", Some("  "));
        assert_eq!(err(r).field, "title");
    }

    #[test]
    fn unknown_currency_is_rejected_not_guessed() {
        let mut r = row("100000");
        r.currency = Field::new("currency", Some("XYZ"));
        let e = err(r);
        assert_eq!(e.field, "currency");
        assert!(e.reason.contains("unknown currency"));
    }
}
