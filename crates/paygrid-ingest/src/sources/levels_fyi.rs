//! The Kaggle "Data Science and STEM Salaries" scrape of Levels.fyi.
//! Amounts are annual USD; `stockgrantvalue` is the yearly vesting value;
//! `rowNumber` is the row id; `tag` names the specialization.

use super::{owned, FileContext};
use crate::assemble::{Field, RawRow};
use crate::table::{Header, Row};
use crate::Reject;
use paygrid_domain::record::Date;

pub const REQUIRED: &[&str] = &["timestamp", "company", "level", "title", "totalyearlycompensation", "location", "basesalary"];

pub fn map(h: &Header, r: &Row, _ctx: &FileContext) -> Result<RawRow, Reject> {
    let get = |c: &str| h.get(r, c);
    let date = match get("timestamp") {
        None => None,
        Some(t) => Some(Date::parse_us(t).ok_or_else(|| Reject {
            row: r.line,
            field: "timestamp".into(),
            reason: format!("not a M/D/YYYY timestamp: {t:?}"),
        })?),
    };
    Ok(RawRow {
        row: r.line,
        external_id: owned(get("rowNumber")),
        title: Field::new("title", get("title")),
        company: owned(get("company")),
        company_level: owned(get("level")),
        specialization: owned(get("tag")),
        location: Field::new("location", get("location")),
        years_experience: Field::new("yearsofexperience", get("yearsofexperience")),
        years_at_company: Field::new("yearsatcompany", get("yearsatcompany")),
        base: Field::new("basesalary", get("basesalary")),
        bonus: Field::new("bonus", get("bonus")),
        equity: Field::new("stockgrantvalue", get("stockgrantvalue")),
        total: Field::new("totalyearlycompensation", get("totalyearlycompensation")),
        currency: Field::new("currency", None),
        pay_period: Field::new("pay_period", None),
        date,
        ..Default::default()
    })
}
