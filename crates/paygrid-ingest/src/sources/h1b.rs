//! H-1B Labor Condition Application extracts (US DOL): employer, title,
//! annual wage offered, worksite city and state. The fiscal year comes
//! from the file name when it holds one.

use super::{owned, FileContext};
use crate::assemble::{Field, RawRow};
use crate::table::{Header, Row};
use crate::Reject;

pub const REQUIRED: &[&str] = &["Employer", "JobTitle", "Wage", "City", "State"];

pub fn map(h: &Header, r: &Row, ctx: &FileContext) -> Result<RawRow, Reject> {
    let get = |c: &str| h.get(r, c);
    let city_state = match (get("City"), get("State")) {
        (Some(c), Some(s)) => Some((c.to_string(), s.to_string())),
        _ => None,
    };
    Ok(RawRow {
        row: r.line,
        title: Field::new("JobTitle", get("JobTitle")),
        company: owned(get("Employer")),
        us_city_state: city_state,
        country: Field::new("country", Some("US")),
        base: Field::new("Wage", get("Wage")),
        currency: Field::new("currency", None),
        pay_period: Field::new("pay_period", None),
        year: ctx.year_from_name,
        ..Default::default()
    })
}
