//! Stack Overflow Developer Survey results. `ConvertedCompYearly` is the
//! respondent's total compensation already converted to USD by the survey,
//! so it is stored as TC only (no base figure). Skills are the
//! technologies the respondent has worked with.

use super::{owned, split_list, FileContext};
use crate::assemble::{Field, RawRow};
use crate::table::{Header, Row};
use crate::Reject;

pub const REQUIRED: &[&str] = &["ResponseId", "DevType", "Country", "ConvertedCompYearly"];

/// Skill columns read when present, in this order.
const SKILL_COLUMNS: &[&str] =
    &["LanguageHaveWorkedWith", "DatabaseHaveWorkedWith", "PlatformHaveWorkedWith", "WebframeHaveWorkedWith"];

pub fn map(h: &Header, r: &Row, ctx: &FileContext) -> Result<RawRow, Reject> {
    let get = |c: &str| h.get(r, c);
    let years = get("WorkExp").or_else(|| get("YearsCodePro")).map(|y| match y {
        "Less than 1 year" => "0.5",
        "More than 50 years" => "50",
        other => other,
    });
    let remote = get("RemoteWork").map(|w| w.eq_ignore_ascii_case("Remote"));
    let mut skills = Vec::new();
    for c in SKILL_COLUMNS {
        skills.extend(split_list(get(c)));
    }
    let dev_type = get("DevType");
    Ok(RawRow {
        row: r.line,
        external_id: owned(get("ResponseId")),
        title: Field::new("DevType", dev_type),
        specialization: owned(dev_type),
        country: Field::new("Country", get("Country")),
        location: Field::new("Country", get("Country")),
        remote,
        years_experience: Field::new("WorkExp", years),
        total: Field::new("ConvertedCompYearly", get("ConvertedCompYearly")),
        base: Field::new("ConvertedCompYearly", None),
        currency: Field::new("Currency", None),
        pay_period: Field::new("pay_period", None),
        year: ctx.year_from_name,
        skills,
        company_size: owned(get("OrgSize")),
        industry: owned(get("Industry")),
        employment_type: owned(get("Employment")),
        ..Default::default()
    })
}
