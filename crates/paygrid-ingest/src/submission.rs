//! One salary submission from the web form or `POST /api/v1/submissions`.
//!
//! A submission is a JSON object whose keys are the generic import columns
//! (docs/import-format.md). It goes through the very code path of a generic
//! JSON Lines row (the table decoder's field checks, the generic column
//! mapping and [`assemble`]), so a submission is accepted or rejected for
//! exactly the reasons a file row would be, with the same field names.

use crate::assemble::{assemble, ImportOptions};
use crate::sources::{generic, FileContext};
use crate::table::{Format, Table};
use crate::Reject;
use paygrid_domain::{Record, SourceKind};

/// The keys a submission understands: the generic import columns.
pub const FIELDS: &[&str] = generic::COLUMNS;

/// Validates and normalizes one submission. A reject's `row` is always 1;
/// its `field` names the offending key.
pub fn parse_submission(json: &serde_json::Value, opts: &ImportOptions) -> Result<Record, Reject> {
    let not_object = |reason: &str| Reject { row: 1, field: "(body)".into(), reason: reason.into() };
    let Some(object) = json.as_object() else {
        return Err(not_object("a submission is a JSON object with the generic import fields"));
    };
    // A misspelt key would otherwise be dropped in silence (a contributor's
    // `equity_grant` lost): every key must be a column.
    if let Some(key) = object.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(Reject {
            row: 1,
            field: key.clone(),
            reason: format!("unknown field {key:?}; the fields are {}", FIELDS.join(", ")),
        });
    }
    // Compact serialization never contains a raw newline, so the object is
    // exactly one JSON Lines row.
    let line = serde_json::to_vec(json).map_err(|e| not_object(&e.to_string()))?;
    let mut table = Table::open(Box::new(std::io::Cursor::new(line)), Format::Jsonl, generic::COLUMNS)
        .map_err(|e| not_object(&e.to_string()))?;
    let row = table.next_row().map_err(|e| not_object(&e.to_string()))?.ok_or_else(|| not_object("the submission is empty"))?;
    if let Some((field, reason)) = &row.problem {
        return Err(Reject { row: row.line, field: field.clone(), reason: reason.clone() });
    }
    let raw = generic::map(&table.header, &row, &FileContext::default())?;
    let mut record = assemble(SourceKind::Submission, raw, opts)?;
    // A file row keeps a place it cannot resolve (reported, counted); a
    // contributor can fix it, and a record without a place helps no page.
    if record.raw_location.is_none() {
        return Err(Reject {
            row: 1,
            field: "location".into(),
            reason: "a location is required (a city, a state, a country or \"Remote\")".into(),
        });
    }
    if record.location_unresolved {
        return Err(Reject {
            row: 1,
            field: "location".into(),
            reason: format!(
                "{:?} is not a place paygrid knows: give a city and state or country (\"Seattle, WA\", \"Berlin, Germany\"), a country, or \"Remote\"",
                record.raw_location.as_deref().unwrap_or("")
            ),
        });
    }
    // A contributor's "id" is not a source record id: submissions are
    // identified by their own submission number, never by text a stranger
    // chose, so it is not kept.
    record.external_id = None;
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use paygrid_domain::record::Date;
    use paygrid_domain::Level;
    use serde_json::json;

    fn opts() -> ImportOptions {
        ImportOptions::new(Date::new(2026, 11, 22).unwrap())
    }

    #[test]
    fn a_generic_row_as_json_is_accepted_and_normalized() {
        let r = parse_submission(
            &json!({"title": "Senior Backend Developer", "location": "Seattle, WA", "base": 185000, "bonus": "20,000",
                    "equity": 40000, "skills": ["Rust", "Go"], "date": "2026-03-01", "id": "mine"}),
            &opts(),
        )
        .unwrap();
        assert_eq!(r.source, SourceKind::Submission);
        assert_eq!(r.role.as_str(), "backend-engineer");
        assert_eq!(r.level, Some(Level::Senior));
        assert_eq!(r.metro.as_deref(), Some("42660"));
        assert_eq!((r.base, r.total), (Some(185_000.0), 245_000.0));
        assert_eq!(r.skills, ["Rust", "Go"]);
        assert_eq!(r.external_id, None);
    }

    #[test]
    fn rejects_name_the_field_like_an_import_does() {
        let e = |v: serde_json::Value| parse_submission(&v, &opts()).unwrap_err();
        assert_eq!(e(json!({"base": 100000})).field, "title");
        assert_eq!(e(json!({"title": "SWE"})).reason, "no pay given");
        assert_eq!(e(json!({"title": "SWE", "base": -1})).field, "base");
        assert_eq!(e(json!({"title": "SWE", "base": 100000, "currency": "XYZ"})).field, "currency");
        assert_eq!(e(json!({"title": "SWE", "base": 100000, "date": "2099-01-01"})).field, "date");
        assert_eq!(e(json!({"title": "SWE", "base": 100000, "remote": "maybe"})).field, "remote");
        assert_eq!(e(json!({"title": "SWE\u{0}", "base": 100000})).field, "title");
        let here = |v: serde_json::Value| {
            let mut v = v;
            v["location"] = json!("Seattle, WA");
            parse_submission(&v, &opts())
        };
        assert_eq!(here(json!({"title": "SWE", "base": 100000, "equity_grant": 40000})).unwrap_err().field, "equity_grant");
        assert_eq!(e(json!({"title": "SWE", "base": 100000})).field, "location");
        assert_eq!(e(json!({"title": "SWE", "base": 100000, "location": "Xyzzy Plains"})).field, "location");
        assert!(here(json!({"title": "SWE", "base": 100000})).is_ok());
        assert_eq!(e(json!({"title": {"nested": 1}, "base": 100000})).field, "title");
        assert_eq!(e(json!(["title"])).field, "(body)");
        assert_eq!(e(json!({"title": "x".repeat(70_000), "base": 100000})).field, "title");
    }
}
