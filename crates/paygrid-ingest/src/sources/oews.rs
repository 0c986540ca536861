//! BLS OEWS tables. Rows are reference benchmarks per area x occupation
//! (base wages only, no seniority), stored apart from pay records.

use crate::table::{Header, Row, Table};
use crate::{FileError, Reject};

pub const REQUIRED: &[&str] = &["area_type", "area_code", "area_name", "occ_code", "occ_title", "tot_emp", "a_mean", "a_median"];

/// One OEWS estimate. Annual dollars; `None` where BLS suppressed the value.
#[derive(Debug, Clone, PartialEq)]
pub struct OewsRow {
    pub year: Option<i32>,
    /// OEWS area code without leading zeros (`0042660` -> `42660`; national `0`).
    pub area_code: String,
    /// `N` national, `S` state, `M` metro or non-metro area.
    pub area_type: String,
    pub area_name: String,
    pub state_code: Option<String>,
    pub naics: String,
    pub occ_code: String,
    pub occ_title: String,
    pub o_group: Option<String>,
    pub tot_emp: Option<f64>,
    pub a_mean: Option<f64>,
    pub a_p10: Option<f64>,
    pub a_p25: Option<f64>,
    pub a_median: Option<f64>,
    pub a_p75: Option<f64>,
    pub a_p90: Option<f64>,
    /// `column=code` pairs as published (8 = not released, 5 = top-coded).
    pub footnotes: Option<String>,
}

pub struct OewsReader {
    table: Table,
}

impl OewsReader {
    pub(crate) fn new(table: Table) -> OewsReader {
        OewsReader { table }
    }
}

/// BLS marks suppressed cells with `-`, `*`, `**` or `#`.
fn num(h: &Header, r: &Row, c: &str) -> Result<Option<f64>, Reject> {
    match h.get(r, c) {
        None | Some("-" | "*" | "**" | "#" | "~") => Ok(None),
        Some(v) => v.replace(',', "").parse::<f64>().map(Some).map_err(|_| Reject {
            row: r.line,
            field: c.into(),
            reason: format!("not a number: {v:?}"),
        }),
    }
}

pub fn strip_area_code(code: &str) -> String {
    let t = code.trim().trim_start_matches('0');
    if t.is_empty() {
        "0".into()
    } else {
        t.to_string()
    }
}

fn map(h: &Header, r: &Row) -> Result<OewsRow, Reject> {
    let text = |c: &str| h.get(r, c).map(str::to_string);
    let need = |c: &str| text(c).ok_or_else(|| Reject { row: r.line, field: c.into(), reason: "missing value".into() });
    Ok(OewsRow {
        year: h.get(r, "year").and_then(|y| y.parse().ok()),
        area_code: strip_area_code(&need("area_code")?),
        area_type: need("area_type")?,
        area_name: need("area_name")?,
        state_code: text("state_code"),
        naics: text("naics").unwrap_or_else(|| "000000".into()),
        occ_code: need("occ_code")?,
        occ_title: need("occ_title")?,
        o_group: text("o_group_level"),
        tot_emp: num(h, r, "tot_emp")?,
        a_mean: num(h, r, "a_mean")?,
        a_p10: num(h, r, "a_pct10")?,
        a_p25: num(h, r, "a_pct25")?,
        a_median: num(h, r, "a_median")?,
        a_p75: num(h, r, "a_pct75")?,
        a_p90: num(h, r, "a_pct90")?,
        footnotes: text("footnotes"),
    })
}

/// Outcome of one OEWS row.
pub enum OewsOutcome {
    Row(Box<OewsRow>),
    Rejected(Reject),
}

impl Iterator for OewsReader {
    type Item = Result<OewsOutcome, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = match self.table.next_row() {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        if let Some((field, reason)) = row.problem {
            return Some(Ok(OewsOutcome::Rejected(Reject { row: row.line, field, reason })));
        }
        Some(Ok(match map(&self.table.header, &row) {
            Ok(r) => OewsOutcome::Row(Box::new(r)),
            Err(e) => OewsOutcome::Rejected(e),
        }))
    }
}
