//! aijobs.net (and devops-jobs.net) salary exports. Salaries are converted
//! from `salary` + `salary_currency` with paygrid's own rate table, not the
//! file's `salary_in_usd`, so every source follows the same conversion.

use super::{owned, FileContext};
use crate::assemble::{Field, RawRow};
use crate::table::{Header, Row};
use crate::Reject;

pub const REQUIRED: &[&str] = &["work_year", "experience_level", "job_title", "salary", "salary_currency", "company_location"];

pub fn map(h: &Header, r: &Row, _ctx: &FileContext) -> Result<RawRow, Reject> {
    let get = |c: &str| h.get(r, c);
    let year = match get("work_year") {
        None => None,
        Some(y) => Some(y.parse::<i32>().map_err(|_| Reject {
            row: r.line,
            field: "work_year".into(),
            reason: format!("not a year: {y:?}"),
        })?),
    };
    let remote = get("remote_ratio").map(|v| v.trim() == "100");
    let company_size = get("company_size").map(|s| match s {
        "S" => "small (<50)".to_string(),
        "M" => "medium (50-250)".to_string(),
        "L" => "large (>250)".to_string(),
        other => other.to_string(),
    });
    Ok(RawRow {
        row: r.line,
        title: Field::new("job_title", get("job_title")),
        level_text: owned(get("experience_level")),
        country: Field::new("company_location", get("company_location")),
        location: Field::new("company_location", get("company_location")),
        remote,
        base: Field::new("salary", get("salary")),
        currency: Field::new("salary_currency", get("salary_currency")),
        pay_period: Field::new("pay_period", None),
        year,
        company_size,
        employment_type: get("employment_type").map(|e| match e {
            "FT" => "full-time".to_string(),
            "PT" => "part-time".to_string(),
            "CT" => "contract".to_string(),
            "FL" => "freelance".to_string(),
            other => other.to_string(),
        }),
        ..Default::default()
    })
}
