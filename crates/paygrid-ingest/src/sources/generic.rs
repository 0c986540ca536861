//! The documented generic format (docs/import-format.md), CSV or JSONL.
//! The submit form produces the same fields, so it shares this mapping.

use super::{owned, split_list, FileContext};
use crate::assemble::{Field, RawRow};
use crate::table::{Header, Row};
use crate::Reject;
use paygrid_domain::record::Date;

pub const REQUIRED: &[&str] = &["title"];

/// Every column the generic format understands (JSONL keys likewise).
pub const COLUMNS: &[&str] = &[
    "id",
    "title",
    "level",
    "company",
    "company_level",
    "location",
    "country",
    "remote",
    "years_experience",
    "years_at_company",
    "base",
    "bonus",
    "equity",
    "signing_bonus",
    "total",
    "currency",
    "pay_period",
    "date",
    "skills",
    "company_size",
    "industry",
    "employment_type",
];

pub fn map(h: &Header, r: &Row, _ctx: &FileContext) -> Result<RawRow, Reject> {
    let get = |c: &str| h.get(r, c);
    let date = match get("date") {
        None => None,
        Some(d) => Some(Date::parse_iso(d).ok_or_else(|| Reject {
            row: r.line,
            field: "date".into(),
            reason: format!("not a date in YYYY-MM-DD form: {:?}", d.chars().take(30).collect::<String>()),
        })?),
    };
    let remote = match get("remote").map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("true" | "yes" | "1" | "remote" | "y") => Some(true),
        Some("false" | "no" | "0" | "onsite" | "n") => Some(false),
        Some(other) => {
            return Err(Reject { row: r.line, field: "remote".into(), reason: format!("expected true or false, got {other:?}") })
        }
    };
    Ok(RawRow {
        row: r.line,
        external_id: owned(get("id")),
        title: Field::new("title", get("title")),
        level_text: owned(get("level")),
        company: owned(get("company")),
        company_level: owned(get("company_level")),
        location: Field::new("location", get("location")),
        country: Field::new("country", get("country")),
        remote,
        years_experience: Field::new("years_experience", get("years_experience")),
        years_at_company: Field::new("years_at_company", get("years_at_company")),
        base: Field::new("base", get("base")),
        bonus: Field::new("bonus", get("bonus")),
        equity: Field::new("equity", get("equity")),
        signing: Field::new("signing_bonus", get("signing_bonus")),
        total: Field::new("total", get("total")),
        currency: Field::new("currency", get("currency")),
        pay_period: Field::new("pay_period", get("pay_period")),
        date,
        skills: split_list(get("skills")),
        company_size: owned(get("company_size")),
        industry: owned(get("industry")),
        employment_type: owned(get("employment_type")),
        ..Default::default()
    })
}
