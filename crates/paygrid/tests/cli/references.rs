//! Official references beside the records: a thin cell still answers with
//! what the BLS and the Department of Labor publish for the place.

use super::fixtures;

/// Seattle senior backend engineers on the embedded data: too few records
/// for figures, but the OEWS distribution of the metro's software
/// developers and the OFLC prevailing-wage levels are there, labelled.
#[test]
fn a_thin_metro_cell_carries_oews_and_oflc_references() {
    let b =
        fixtures::defaults().json(&["benchmark", "--role", "backend-engineer", "--level", "senior", "--location", "Seattle, WA"]);
    assert_eq!(b["oews"]["area_code"], "42660", "{}", b["oews"]);
    assert_eq!(b["oews"]["occ_code"], "15-1252");
    assert_eq!(b["oews"]["p50"], 167_280.0);
    let levels: Vec<f64> = b["oflc"]["levels"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert_eq!(levels, [117_749.0, 149_240.0, 180_710.0, 212_202.0]);
    assert!(b["oflc"]["what"].as_str().unwrap().contains("not salary records"));
    // A country has no OFLC levels (they are per area).
    let us = fixtures::defaults().json(&["benchmark", "--role", "backend-engineer", "--location", "United States"]);
    assert!(us["oflc"].is_null());
}
