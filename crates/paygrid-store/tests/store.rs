//! The store's contract, written against the [`Store`] and
//! [`SubmissionStore`] traits so that every implementation runs the same
//! suite: each `check_*` function takes a fresh, empty store. The SQLite
//! store runs it below, on disk and in memory.

use paygrid_domain::record::{Date, PayRange};
use paygrid_domain::{Level, Record, SourceKind};
use paygrid_ingest::submission::parse_submission;
use paygrid_ingest::{FileError, Folded, ImportOptions, OewsOutcome, OewsRow, Outcome, Reject};
use paygrid_store::{ImportMeta, ImportSummary, Moderation, SqliteStore, Store, SubmissionStatus, SubmissionStore};

fn meta(dataset: &str) -> ImportMeta {
    ImportMeta {
        kind: SourceKind::Generic,
        dataset: dataset.into(),
        file: format!("{dataset}.csv"),
        licence: Some("CC0 1.0 (test data)".into()),
        imported_at: "2026-11-22T10:00:00Z".into(),
    }
}

/// Three records that exercise every column the engine reads.
fn records() -> Vec<Record> {
    let mut a = Record::example("backend-engineer", Some(Level::Senior), 185_000.0);
    a.date = Date::new(2024, 3, 1);
    a.us_state = Some("WA".into());
    a.metro = Some("42660".into());
    a.company = Some("Acme".into());
    a.company_size = Some("L".into());
    a.industry = Some("Software".into());
    a.years_experience = Some(7.5);
    a.bonus = 20_000.0;
    a.equity = 40_000.0;
    a.signing = 10_000.0;
    a.total = Record::compute_total(185_000.0, 20_000.0, 40_000.0, 10_000.0);
    a.skills = vec!["Rust".into(), "PostgreSQL".into()];
    let mut b = Record::example("data-scientist", None, 90_000.0);
    b.country = Some("DE".into());
    b.remote = true;
    b.year = Some(2023);
    b.base_range = Some(PayRange { low: 80_000.0, high: 100_000.0 });
    let mut c = Record::example("zymurgist", Some(Level::Entry), 60_000.0);
    c.base = None;
    c.total = 61_000.0;
    c.location_unresolved = true;
    c.raw_location = Some("Atlantis".into());
    vec![a, b, c]
}

fn outcomes(prefix: &str) -> Vec<Result<Outcome, FileError>> {
    let mut out: Vec<Result<Outcome, FileError>> = records()
        .into_iter()
        .enumerate()
        .map(|(i, r)| Ok(Outcome::Accepted { row: i as u64 + 2, key: format!("{prefix}{i}"), record: Box::new(r), folded: None }))
        .collect();
    out.push(Ok(Outcome::Rejected(Reject { row: 5, field: "base".into(), reason: "negative amount".into() })));
    out
}

fn import<S: Store>(s: &mut S, dataset: &str, rows: Vec<Result<Outcome, FileError>>, hash: &str) -> ImportSummary {
    let mut it = rows.into_iter();
    s.import_records(&meta(dataset), &mut it, &mut || hash.to_string(), &mut |_| {}).unwrap()
}

fn scanned<S: Store>(s: &S) -> Vec<(String, Record)> {
    let mut out = Vec::new();
    s.scan_records(&mut |ds, r| out.push((ds.to_string(), r))).unwrap();
    out
}

pub fn check_empty<S: Store>(s: S) {
    assert!(s.is_empty().unwrap());
    assert_eq!(s.record_count().unwrap(), 0);
    assert!(s.sources().unwrap().is_empty());
    assert!(s.rejects(None, 10).unwrap().is_empty());
    assert_eq!(s.last_import().unwrap(), None);
    assert!(scanned(&s).is_empty());
}

/// A file lands whole: its records (every field as given), its reject with
/// row, field and reason, and its import entry with the counts.
pub fn check_import_round_trip<S: Store>(mut s: S) {
    let sum = import(&mut s, "one", outcomes("k"), "h1");
    assert_eq!((sum.rows_read, sum.accepted, sum.rejected, sum.duplicates), (4, 3, 1, 0));
    assert!(sum.import_id > 0);
    assert!(!s.is_empty().unwrap());
    assert_eq!(s.record_count().unwrap(), 3);
    let got = scanned(&s);
    assert_eq!(got.len(), 3);
    for ((ds, r), want) in got.iter().zip(records()) {
        assert_eq!(ds, "one");
        assert_eq!(*r, want, "stored record differs");
    }
    let rejects = s.rejects(Some(sum.import_id), 10).unwrap();
    assert_eq!(rejects.len(), 1);
    assert_eq!((rejects[0].row, rejects[0].field.as_str(), rejects[0].reason.as_str()), (5, "base", "negative amount"));
    let sources = s.sources().unwrap();
    assert_eq!(sources.len(), 1);
    let src = &sources[0];
    assert_eq!((src.kind.as_str(), src.dataset.as_str(), src.accepted, src.rejected), ("generic", "one", 3, 1));
    assert_eq!(src.licence.as_deref(), Some("CC0 1.0 (test data)"));
    assert_eq!((src.date_min.as_deref(), src.date_max.as_deref()), (Some("2023"), Some("2024-03-01")));
    assert_eq!(s.last_import().unwrap().as_deref(), Some("2026-11-22T10:00:00Z"));
}

/// Re-importing a file adds nothing; a renamed copy (same bytes, another
/// dataset name) is recognised and rolled back.
pub fn check_reimport_adds_nothing<S: Store>(mut s: S) {
    import(&mut s, "one", outcomes("k"), "h1");
    let again = import(&mut s, "one", outcomes("k"), "h1");
    assert_eq!((again.accepted, again.duplicates), (0, 3));
    let copy = import(&mut s, "renamed", outcomes("k"), "h1");
    assert!(copy.same_as_import.is_some(), "{copy:?}");
    assert_eq!(copy.accepted, 0);
    assert_eq!(s.record_count().unwrap(), 3);
    // Other rows in another dataset are new records.
    let other = import(&mut s, "two", outcomes("z"), "h2");
    assert_eq!(other.accepted, 3);
    assert_eq!(s.record_count().unwrap(), 6);
}

/// A file that breaks midway stores nothing: no records, no rejects, no
/// import entry.
pub fn check_broken_file_stores_nothing<S: Store>(mut s: S) {
    import(&mut s, "one", outcomes("k"), "h1");
    let mut rows = outcomes("b");
    rows.insert(2, Err(FileError::Malformed { row: 4, reason: "truncated gzip stream".into() }));
    let mut it = rows.into_iter();
    assert!(s.import_records(&meta("broken"), &mut it, &mut || "h3".into(), &mut |_| {}).is_err());
    assert_eq!(s.record_count().unwrap(), 3);
    assert_eq!(s.sources().unwrap().len(), 1);
    assert_eq!(s.rejects(None, 10).unwrap().len(), 1);
}

/// A range pair is one record standing for two rows.
pub fn check_range_pairs_count_two_rows<S: Store>(mut s: S) {
    let r = records().remove(1);
    let row = Outcome::Accepted {
        row: 2,
        key: "pair".into(),
        record: Box::new(r),
        folded: Some(Box::new(Folded { row: 3, row_keys: ["low".into(), "high".into()] })),
    };
    let sum = import(&mut s, "one", vec![Ok(row)], "h1");
    assert_eq!((sum.rows_read, sum.accepted, sum.range_pairs), (2, 1, 1));
    assert_eq!(s.sources().unwrap()[0].range_pairs, 1);
}

fn oews_row(area: &str, area_type: &str, occ: &str, median: f64) -> Result<OewsOutcome, FileError> {
    Ok(OewsOutcome::Row(Box::new(OewsRow {
        year: Some(2025),
        area_code: area.into(),
        area_type: area_type.into(),
        area_name: format!("area {area}"),
        state_code: None,
        naics: "000000".into(),
        occ_code: occ.into(),
        occ_title: format!("occupation {occ}"),
        o_group: Some("detailed".into()),
        tot_emp: Some(1000.0),
        a_mean: Some(median * 1.1),
        a_p10: None,
        a_p25: None,
        a_median: Some(median),
        a_p75: None,
        a_p90: None,
        footnotes: None,
    })))
}

/// OEWS estimates come back for the SOC codes asked for, and a re-import
/// counts as duplicates.
pub fn check_oews_round_trip<S: Store>(mut s: S) {
    let rows = || {
        vec![
            oews_row("0", "N", "15-1252", 135_980.0),
            oews_row("42660", "M", "15-1252", 169_000.0),
            oews_row("0", "N", "29-1141", 90_000.0),
        ]
    };
    let mut it = rows().into_iter();
    let sum = s.import_oews(&meta("oews"), &mut it, &mut || "o1".into(), &mut |_| {}).unwrap();
    assert_eq!(sum.accepted, 3);
    let mut got = Vec::new();
    s.scan_oews(&["15-1252"], &mut |o| got.push((o.area_code, o.a_median))).unwrap();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, [("0".to_string(), Some(135_980.0)), ("42660".to_string(), Some(169_000.0))]);
    let mut it = rows().into_iter();
    let again = s.import_oews(&meta("oews"), &mut it, &mut || "o1b".into(), &mut |_| {}).unwrap();
    assert_eq!((again.accepted, again.duplicates), (0, 3));
}

fn submission(base: u32) -> (serde_json::Value, Record) {
    let v =
        serde_json::json!({"title": "Senior Backend Engineer", "location": "Seattle, WA", "base": base, "date": "2026-10-01"});
    let r = parse_submission(&v, &ImportOptions::new(Date::new(2026, 11, 22).unwrap())).unwrap();
    (v, r)
}

/// Submissions wait as pending and count only once approved, as records of
/// their own source; a rejected one never counts; moderation happens once.
pub fn check_submissions<S: Store + SubmissionStore>(mut s: S) {
    let (v1, mut r1) = submission(185_000);
    // What is approved is the record validated when the submission came
    // in, not a new reading of its payload.
    r1.company = Some("as validated".into());
    let (v2, r2) = submission(171_000);
    let a = s.add_submission(&v1, &r1, "2026-11-22T10:00:00Z").unwrap();
    let b = s.add_submission(&v2, &r2, "2026-11-22T10:01:00Z").unwrap();
    assert_eq!(s.record_count().unwrap(), 0);
    let pending = s.list_submissions(Some(SubmissionStatus::Pending)).unwrap();
    assert_eq!(pending.iter().map(|p| p.id).collect::<Vec<_>>(), [a, b]);
    match s.moderate(a, true, "2026-11-23T09:00:00Z").unwrap() {
        Moderation::Approved { .. } => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(s.moderate(b, false, "2026-11-23T09:01:00Z").unwrap(), Moderation::Rejected);
    assert_eq!(s.moderate(a, false, "2026-11-23T09:02:00Z").unwrap(), Moderation::AlreadyModerated(SubmissionStatus::Approved));
    assert_eq!(s.moderate(999, true, "2026-11-23T09:03:00Z").unwrap(), Moderation::NotFound);
    let got = scanned(&s);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, paygrid_store::SUBMISSIONS_DATASET);
    assert_eq!(got[0].1, r1);
    assert!(s.sources().unwrap().iter().any(|src| src.dataset == paygrid_store::SUBMISSIONS_DATASET && src.accepted == 1));
    assert!(s.list_submissions(Some(SubmissionStatus::Pending)).unwrap().is_empty());
}

/// Runs the whole suite on stores made by `fresh`.
fn suite<S: Store + SubmissionStore>(fresh: impl Fn() -> S) {
    check_empty(fresh());
    check_import_round_trip(fresh());
    check_reimport_adds_nothing(fresh());
    check_broken_file_stores_nothing(fresh());
    check_range_pairs_count_two_rows(fresh());
    check_oews_round_trip(fresh());
    check_submissions(fresh());
}

#[test]
fn sqlite_in_memory_passes_the_store_suite() {
    suite(|| SqliteStore::open_in_memory().unwrap());
}

#[test]
fn sqlite_on_disk_passes_the_store_suite() {
    let dir = std::env::temp_dir().join(format!("paygrid-store-suite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let n = std::cell::Cell::new(0);
    suite(|| {
        n.set(n.get() + 1);
        SqliteStore::open(&dir.join(format!("store-{}.db", n.get()))).unwrap()
    });
    std::fs::remove_dir_all(&dir).unwrap();
}
