//! Import rules on the real files: the sanity floor follows the country
//! (docs/import-format.md). Expected counts come from a pandas reading of
//! the survey CSV, independent of paygrid's code.

use super::fixtures;
use super::Env;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

fn read_only(db: &std::path::Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

#[test]
fn survey_keeps_low_wages_of_low_wage_countries() {
    let f = fixtures::so_sample();
    let s = f.json(&["sources"]);
    // pandas: rows with ConvertedCompYearly within [15,080 (US) or 1,000 (elsewhere), 5,000,000].
    assert_eq!(s[0]["accepted"], 716, "{s}");
    let db = read_only(&f.db);
    let mut india: Vec<f64> = db
        .prepare("SELECT total FROM records WHERE country = 'IN' ORDER BY total")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // 17 Indian respondents report pay; all but the one reporting ₹50 a year are kept.
    assert_eq!(india.len(), 16, "{india:?}");
    assert_eq!(india[0], 4_882.0);
    india.sort_by(f64::total_cmp);
    assert_eq!((india[7] + india[8]) / 2.0, 12_786.5, "median of Indian respondents' pay");
    let rejects = f.json(&["rejects", "--limit", "1000"]);
    let reason = |row: u64| {
        let r = rejects.as_array().unwrap().iter().find(|r| r["row"] == row).unwrap_or_else(|| panic!("row {row} kept"));
        assert_eq!(r["field"], "ConvertedCompYearly");
        r["reason"].as_str().unwrap().to_string()
    };
    // ResponseId 91 (row 92): India, 1 USD a year; ResponseId 78 (row 79): US, 5,000.
    assert!(reason(92).contains("total compensation 1 USD/year is outside the sanity range [1000, 5000000]"), "{}", reason(92));
    assert!(reason(79).contains("[15080, 5000000] for the US (floor: the federal minimum wage"), "{}", reason(79));
}

#[test]
fn absurd_pay_is_rejected_naming_file_row_field_and_reason() {
    let e = Env::new("absurd-pay");
    let f = e.file(
        "low.csv",
        b"title,location,base\nBackend Engineer,\"Bengaluru, India\",4882\nBackend Engineer,\"Bengaluru, India\",5\nBackend Engineer,\"Austin, TX\",9000\n",
    );
    let s = e.import_json("generic", &f);
    assert_eq!((s["accepted"].as_u64(), s["rejected"].as_u64()), (Some(1), Some(2)), "{s}");
    let rejects: Value = serde_json::from_str(&e.ok(&["rejects", "--format", "json"])).unwrap();
    let r: Vec<(u64, &str, &str, &str)> = rejects
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["row"].as_u64().unwrap(), r["file"].as_str().unwrap(), r["field"].as_str().unwrap(), r["reason"].as_str().unwrap())
        })
        .collect();
    assert_eq!(r.len(), 2);
    assert!(r[0].1.ends_with("low.csv") && r[0].0 == 3 && r[0].2 == "base", "{r:?}");
    assert!(r[0].3.starts_with("base 5 USD/year is outside the sanity range [1000, 5000000]"), "{}", r[0].3);
    assert!(r[1].0 == 4 && r[1].3.contains("[15080, 5000000] for the US"), "{r:?}");
}
