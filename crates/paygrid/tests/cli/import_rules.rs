//! Import rules on the real files: posted ranges in aijobs.net and
//! devops-jobs.net become one record per posting, and the sanity floor
//! follows the country (docs/import-format.md). Expected counts come from
//! tools/range_pairs.py and a pandas reading of the survey CSV, both
//! independent of paygrid's code.

use super::fixtures;
use super::Env;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

fn read_only(db: &std::path::Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn source<'a>(sources: &'a Value, dataset: &str) -> &'a Value {
    sources.as_array().unwrap().iter().find(|s| s["dataset"] == dataset).unwrap_or_else(|| panic!("{dataset}: {sources}"))
}

fn counts(s: &Value) -> [u64; 5] {
    ["rows_read", "accepted", "rejected", "duplicates", "range_pairs"]
        .map(|k| s[k].as_u64().unwrap_or_else(|| panic!("{k} in {s}")))
}

#[test]
fn default_data_collapses_posted_ranges_into_one_record_per_posting() {
    let f = fixtures::defaults();
    let sources = f.json(&["sources"]);
    let db = read_only(&f.db);
    // tools/range_pairs.py over the raw CSVs: rows read, accepted, rejected, duplicates, range pairs.
    for (dataset, want) in [
        ("aijobs_net_salaries_2025-01-19.csv", [74_301, 24_222, 1, 27_921, 22_157]),
        ("devops_jobs_net_salaries_2020-2021.csv", [728, 712, 2, 11, 3]),
    ] {
        let got = counts(source(&sources, dataset));
        assert_eq!(got, want, "{dataset}: rows_read, accepted, rejected, duplicates, range_pairs");
        assert_eq!(got[0], got[1] + got[2] + got[3] + got[4], "{dataset}: every row accounted for");
        let (ranged, off_midpoint, median_ratio): (i64, i64, f64) = db
            .query_row(
                "SELECT COUNT(*), SUM(ABS(base - (base_low + base_high) / 2) > 0.0051 OR base_low >= base_high OR base_high > 3 * base_low),
                        (SELECT base_high / base_low FROM records WHERE dataset = ?1 AND base_low IS NOT NULL
                         ORDER BY base_high / base_low LIMIT 1 OFFSET (SELECT (COUNT(*) - 1) / 2 FROM records WHERE dataset = ?1 AND base_low IS NOT NULL))
                 FROM records WHERE dataset = ?1 AND base_low IS NOT NULL",
                [dataset],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((ranged as u64, off_midpoint), (want[4], 0), "{dataset}: one record per range, based at its midpoint");
        // Median high/low of the collapsed ranges (python: 1.4615 and 1.2727; the lower
        // middle value for an even count).
        let want_ratio = if want[4] > 100 { 1.4615 } else { 1.2727 };
        assert!((median_ratio - want_ratio).abs() < 0.0001, "{dataset}: median high/low {median_ratio}");
    }
}

#[test]
fn reimporting_devops_jobs_adds_nothing_and_counts_each_row_once() {
    let e = Env::new("ranges-reimport");
    let f = super::repo_data("records/devops_jobs_net_salaries_2020-2021.csv");
    let line = e.ok(&["import", "aijobs", f.to_str().unwrap()]);
    assert!(line.contains("728 rows read: 712 accepted, 2 rejected, 11 duplicates skipped, 3 range pairs collapsed"), "{line}");
    let n: i64 = e.sql("SELECT COUNT(*) FROM records");
    let again = e.import_json("aijobs", f.to_str().unwrap());
    assert_eq!(counts(&again), [728, 0, 2, 726, 0], "{again}");
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM records"), n);
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM records WHERE base_low IS NOT NULL"), 3);
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs the Stack Overflow sample in ../shared/data (not shipped; see README)")]
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

#[test]
fn a_store_from_before_posted_ranges_opens_and_reimport_adds_nothing() {
    let e = Env::new("store-v2");
    {
        let c = Connection::open(e.db()).unwrap();
        c.execute_batch(include_str!("../fixtures/store_v2_aijobs_head.sql")).unwrap();
        c.pragma_update(None, "user_version", 2).unwrap();
    }
    let mut text = String::new();
    let gz = std::fs::File::open(super::repo_data("records/aijobs_net_salaries_2025-01-19.csv.gz")).unwrap();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(gz), &mut text).unwrap();
    let head: String = text.lines().take(41).map(|l| format!("{l}\n")).collect();
    let f = e.file("aijobs_head.csv", head.as_bytes());
    let before: i64 = e.sql("SELECT COUNT(*) FROM records");
    let sources: Value = serde_json::from_str(&e.ok(&["sources", "--format", "json"])).unwrap();
    assert_eq!(counts(source(&sources, "aijobs_head.csv")), [40, 39, 0, 1, 0]);
    assert_eq!(e.sql::<i64>("PRAGMA user_version"), 4, "migrated to the current schema");
    // Its records are the ends of each range, stored one by one: importing
    // the same rows again must not add the ranges' midpoints beside them.
    let again = e.import_json("aijobs", &f);
    assert_eq!(counts(&again), [40, 0, 0, 40, 0], "{again}");
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM records"), before);
    // The same rows into a new store: 18 ranges (tools/range_pairs.py on these 40 rows).
    let fresh = Env::new("store-v3");
    let s = fresh.import_json("aijobs", &f);
    assert_eq!(counts(&s), [40, 21, 0, 1, 18], "{s}");
}
