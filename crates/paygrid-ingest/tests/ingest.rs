//! Hostile and malformed input against every importer: each file is either
//! refused whole with a clear error or read row by row into accepted and
//! rejected rows — never a panic, never a silently lost row.

use paygrid_domain::record::Date;
use paygrid_domain::SourceKind;
use paygrid_ingest::{open, FileError, ImportOptions, OewsOutcome, Outcome, Parsed, KINDS};

fn opts() -> ImportOptions {
    ImportOptions::new(Date::new(2026, 11, 22).unwrap())
}

/// Reads a whole file; returns (accepted, rejects) or the file error.
fn read(kind: SourceKind, name: &str, bytes: Vec<u8>) -> Result<(Vec<Outcome>, Vec<paygrid_ingest::Reject>), FileError> {
    let parsed = open(kind, name, Box::new(std::io::Cursor::new(bytes)), opts())?;
    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    match parsed {
        Parsed::Records(rows) => {
            for o in rows {
                match o? {
                    Outcome::Rejected(r) => rejected.push(r),
                    a => accepted.push(a),
                }
            }
        }
        Parsed::Oews(rows) => {
            for o in rows {
                if let OewsOutcome::Rejected(r) = o? {
                    rejected.push(r)
                }
            }
        }
    }
    Ok((accepted, rejected))
}

const HEADER: &str = "title,location,base,currency,pay_period,date,company,skills";

fn generic(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s.into_bytes()
}

fn one_reject(rows: &[&str]) -> paygrid_ingest::Reject {
    let (acc, rej) = read(SourceKind::Generic, "x.csv", generic(rows)).unwrap();
    assert!(acc.is_empty(), "{rows:?} accepted");
    assert_eq!(rej.len(), 1, "{rows:?}");
    rej.into_iter().next().unwrap()
}

#[test]
fn every_kind_refuses_garbage_and_empty_files() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8).collect();
    for kind in KINDS {
        for (what, bytes) in [("garbage", garbage.clone()), ("empty", Vec::new()), ("utf16", b"\xff\xfet\x00i\x00".to_vec())] {
            match read(kind, "f.csv", bytes) {
                Err(FileError::NotATable { reason }) => assert!(!reason.is_empty()),
                other => panic!("{kind} {what}: {:?}", other.map(|(a, r)| (a.len(), r.len()))),
            }
        }
        // A real table of the wrong kind names what is missing.
        let wrong = b"foo,bar\n1,2\n".to_vec();
        assert!(matches!(read(kind, "f.csv", wrong), Err(FileError::WrongHeader { .. })), "{kind}");
    }
}

#[test]
fn truncated_gzip_is_a_file_error_not_a_panic() {
    use std::io::Write;
    let mut enc = flate2_encoder();
    enc.write_all(&generic(&["Backend Engineer,\"Seattle, WA\",150000,USD,year,2024-01-01,Acme,Rust"; 2000])).unwrap();
    let mut gz = enc.finish().unwrap();
    gz.truncate(gz.len() / 2);
    let result = read(SourceKind::Generic, "x.csv.gz", gz);
    assert!(result.is_err(), "a truncated gzip stream must fail the whole file");
}

fn flate2_encoder() -> flate2::write::GzEncoder<Vec<u8>> {
    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast())
}

#[test]
fn numbers_that_are_not_pay() {
    for (base, needle) in [
        ("NaN", "not a number"),
        ("inf", "not a number"),
        ("-inf", "not a number"),
        ("1e400", "not a finite number"),
        ("99999999999999999999999999", "sanity range"),
        ("-150000", "negative"),
        ("0", "sanity range"),
        ("12.5.3", "not a number"),
        ("0x1F", "not a number"),
        ("١٢٣٤٥", "not a number"),
    ] {
        let r = one_reject(&[&format!("Backend Engineer,\"Seattle, WA\",{base},USD,year,2024-01-01,Acme,")]);
        assert_eq!(r.field, "base", "{base}");
        assert!(r.reason.contains(needle), "{base}: {}", r.reason);
        assert_eq!(r.row, 2);
    }
}

#[test]
fn dates_currencies_and_periods() {
    let cases = [
        ("Backend Engineer,Seattle,150000,USD,year,2099-01-01,Acme,", "date", "future"),
        ("Backend Engineer,Seattle,150000,USD,year,2024-02-30,Acme,", "date", "YYYY-MM-DD"),
        ("Backend Engineer,Seattle,150000,USD,year,yesterday,Acme,", "date", "YYYY-MM-DD"),
        ("Backend Engineer,Seattle,150000,XXX,year,2024-01-01,Acme,", "currency", "unknown currency"),
        ("Backend Engineer,Seattle,150000,USD,fortnight,2024-01-01,Acme,", "pay_period", "pay period"),
        (",Seattle,150000,USD,year,2024-01-01,Acme,", "title", "missing"),
    ];
    for (row, field, needle) in cases {
        let r = one_reject(&[row]);
        assert_eq!(r.field, field, "{row}");
        assert!(r.reason.contains(needle), "{row}: {}", r.reason);
    }
}

#[test]
fn structural_row_problems() {
    let huge = "x".repeat(10 * 1024 * 1024);
    let r = one_reject(&[&format!("{huge},Seattle,150000,USD,year,2024-01-01,Acme,")]);
    assert_eq!(r.field, "title");
    assert!(r.reason.contains("limit"), "{}", r.reason);
    let r = one_reject(&["Backend\0Engineer,Seattle,150000,USD,year,2024-01-01,Acme,"]);
    assert!(r.reason.contains("NUL"), "{}", r.reason);
    let r = one_reject(&["Backend Engineer,Seattle,150000"]);
    assert!(r.reason.contains("truncated"), "{}", r.reason);
    let r = one_reject(&["Backend Engineer,Seattle,150000,USD,year,2024-01-01,Acme,Rust,extra,fields"]);
    assert!(r.reason.contains("too many"), "{}", r.reason);
}

#[test]
fn text_is_data_not_code() {
    // SQL and HTML in every text field are stored verbatim (the store binds
    // parameters; renderers escape), never interpreted or rejected for it.
    let evil = ["'; DROP TABLE records; --", "<script>alert(1)</script>", "\" OR 1=1 --", "../../etc/passwd"];
    for e in evil {
        let row = format!("\"{t}\",\"{t}\",150000,USD,year,2024-01-01,\"{t}\",\"{t};Rust\"", t = e.replace('"', "\"\""));
        let (acc, rej) = read(SourceKind::Generic, "x.csv", generic(&[&row])).unwrap();
        assert!(rej.is_empty(), "{e}: {rej:?}");
        let Outcome::Accepted { record, .. } = &acc[0] else { unreachable!() };
        assert_eq!(record.raw_title, e);
        assert_eq!(record.company.as_deref(), Some(e));
        // `;` separates skills by definition of the format.
        assert!(e.contains(';') || record.skills.iter().any(|s| s == e), "{e}: {:?}", record.skills);
        assert!(record.role.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    }
}

#[test]
fn encodings_boms_and_line_ends() {
    let row = "Café Engineer,\"Montréal, Canada\",90000,CAD,year,2024-01-01,Société,";
    let mut latin1: Vec<u8> = HEADER.as_bytes().to_vec();
    latin1.extend(b"\r\n");
    latin1.extend(row.chars().map(|c| c as u32 as u8));
    latin1.extend(b"\r\n");
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(generic(&[row]));
    for (what, bytes) in [("latin-1 + CRLF", latin1), ("UTF-8 BOM", bom)] {
        let (acc, rej) = read(SourceKind::Generic, "x.csv", bytes).unwrap();
        assert!(rej.is_empty(), "{what}: {rej:?}");
        let Outcome::Accepted { record, .. } = &acc[0] else { unreachable!() };
        assert_eq!(record.raw_title, "Café Engineer", "{what}");
        assert_eq!(record.country.as_deref(), Some("CA"), "{what}");
    }
}

#[test]
fn jsonl_hostile_lines() {
    let lines = [
        r#"{"title":"Backend Engineer","base":150000,"date":"2024-01-01"}"#,
        r#"{"title":"Backend Engineer","base":"NaN"}"#,
        r#"{"title":{"nested":true},"base":150000}"#,
        r#"["not","an","object"]"#,
        r#"{"title":"Backend Engineer","base":1e999}"#,
        "{\"title\":\"Back\\u0000end\",\"base\":150000}",
        "{broken",
    ];
    let (acc, rej) = read(SourceKind::Generic, "x.jsonl", lines.join("\n").into_bytes()).unwrap();
    assert_eq!(acc.len(), 1, "{rej:?}");
    assert_eq!(rej.len(), lines.len() - 1);
    let rows: Vec<u64> = rej.iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 3, 4, 5, 6, 7]);
}

const AIJOBS_HEADER: &str = "work_year,experience_level,employment_type,job_title,salary,salary_currency,salary_in_usd,employee_residence,remote_ratio,company_location,company_size";

fn aijobs(rows: &[&str]) -> Vec<Outcome> {
    let mut s = String::from(AIJOBS_HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    let parsed = open(SourceKind::Aijobs, "a.csv", Box::new(std::io::Cursor::new(s.into_bytes())), opts()).unwrap();
    let Parsed::Records(rows) = parsed else { unreachable!() };
    rows.map(Result::unwrap).collect()
}

/// (first row, base, range, second row) of each accepted outcome; rejected rows as (row, None, None, None).
type Seen = (u64, Option<f64>, Option<(f64, f64)>, Option<u64>);

fn seen(out: &[Outcome]) -> Vec<Seen> {
    out.iter()
        .map(|o| match o {
            Outcome::Accepted { row, record, folded, .. } => {
                (*row, record.base, record.base_range.map(|r| (r.low, r.high)), folded.as_ref().map(|f| f.row))
            }
            Outcome::Rejected(r) => (r.row, None, None, None),
        })
        .collect()
}

#[test]
fn posted_ranges_become_one_record_at_the_midpoint() {
    let p = |salary: u32, title: &str| format!("2024,SE,FT,{title},{salary},USD,{salary},US,0,US,M");
    let out = aijobs(&[
        // A run of four equal rows but salary: two postings, read two at a time.
        &p(180_000, "Data Scientist"),
        &p(120_000, "Data Scientist"),
        &p(150_000, "Data Scientist"),
        &p(100_000, "Data Scientist"),
        // Equal salaries: one posting with one figure; the second row is its exact duplicate.
        &p(90_000, "Data Engineer"),
        &p(90_000, "Data Engineer"),
        // Wider than 3x: not taken as a range, two rows.
        &p(400_000, "Data Analyst"),
        &p(100_000, "Data Analyst"),
        // Odd run: the last row stands alone.
        &p(130_000, "ML Engineer"),
        &p(110_000, "ML Engineer"),
        &p(125_000, "ML Engineer"),
        // One end unreadable: that row is rejected, the other kept alone.
        &p(160_000, "Analyst"),
        "2024,SE,FT,Analyst,12x,USD,120000,US,0,US,M",
    ]);
    assert_eq!(
        seen(&out),
        [
            (2, Some(150_000.0), Some((120_000.0, 180_000.0)), Some(3)),
            (4, Some(125_000.0), Some((100_000.0, 150_000.0)), Some(5)),
            (6, Some(90_000.0), None, None),
            (7, Some(90_000.0), None, None),
            (8, Some(400_000.0), None, None),
            (9, Some(100_000.0), None, None),
            (10, Some(120_000.0), Some((110_000.0, 130_000.0)), Some(11)),
            (12, Some(125_000.0), None, None),
            (13, Some(160_000.0), None, None),
            (14, None, None, None),
        ]
    );
    let key = |i: usize| match &out[i] {
        Outcome::Accepted { key, .. } => key.clone(),
        Outcome::Rejected(_) => unreachable!(),
    };
    assert_eq!(key(2), key(3), "identical rows keep one dedup key");
    let Outcome::Rejected(r) = &out[9] else { unreachable!() };
    assert!(r.field == "salary" && r.reason.contains("not a number"), "{r}");
    let Outcome::Accepted { record, folded: Some(f), .. } = &out[0] else { unreachable!() };
    assert_eq!(record.total, 150_000.0, "a base-only source's total is its base");
    assert!(f.row_keys[0].starts_with("h:") && f.row_keys[0] != f.row_keys[1]);
}

#[test]
fn a_range_is_the_same_posting_whichever_end_comes_first() {
    let high_first =
        aijobs(&["2024,MI,FT,Data Scientist,60000,EUR,65000,DE,0,DE,L", "2024,MI,FT,Data Scientist,45000,EUR,48750,DE,0,DE,L"]);
    let low_first =
        aijobs(&["2024,MI,FT,Data Scientist,45000,EUR,48750,DE,0,DE,L", "2024,MI,FT,Data Scientist,60000,EUR,65000,DE,0,DE,L"]);
    let (Outcome::Accepted { key: a, record: ra, .. }, Outcome::Accepted { key: b, record: rb, .. }) =
        (&high_first[0], &low_first[0])
    else {
        panic!("{high_first:?}")
    };
    assert_eq!((high_first.len(), a), (1, b));
    assert!(a.starts_with("p:"));
    let r = ra.base_range.unwrap();
    // Converted at the year's EUR rate, the midpoint of the converted ends.
    assert_eq!(ra.base, Some(paygrid_domain::record::round_cents((r.low + r.high) / 2.0)));
    assert_eq!(ra, rb);
    // Other columns that differ make two postings, even adjacent.
    let two =
        aijobs(&["2024,MI,FT,Data Scientist,60000,EUR,65000,DE,0,DE,L", "2024,MI,FT,Data Scientist,45000,EUR,48750,DE,100,DE,L"]);
    assert_eq!(two.len(), 2);
}

#[test]
fn low_wages_are_judged_by_the_country() {
    let row = |base: &str, location: &str| format!("Backend Engineer,\"{location}\",{base},USD,year,2024-01-01,Acme,");
    let (acc, rej) =
        read(SourceKind::Generic, "x.csv", generic(&[&row("4882", "Bengaluru, India"), &row("4882", "Seattle, WA")])).unwrap();
    assert_eq!(acc.len(), 1, "{rej:?}");
    assert_eq!((rej[0].row, rej[0].field.as_str()), (3, "base"));
    assert!(rej[0].reason.contains("[15080, 5000000] for the US"), "{}", rej[0].reason);
    let r = one_reject(&[&row("5", "Bengaluru, India")]);
    assert!(r.reason.contains("base 5 USD/year is outside the sanity range [1000, 5000000]"), "{}", r.reason);
    // --min-pay replaces the country's floor for every row.
    let mut o = opts();
    o.min_pay = Some(10_000.0);
    let parsed =
        open(SourceKind::Generic, "x.csv", Box::new(std::io::Cursor::new(generic(&[&row("4882", "Bengaluru, India")]))), o)
            .unwrap();
    let Parsed::Records(mut rows) = parsed else { unreachable!() };
    let Some(Ok(Outcome::Rejected(r))) = rows.next() else { panic!("accepted under --min-pay 10000") };
    assert!(r.reason.contains("[10000, 5000000] (--min-pay)"), "{}", r.reason);
}
