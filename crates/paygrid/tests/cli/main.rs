//! End-to-end tests of the `paygrid` binary: real files in, store checked
//! with SQL. Each test gets its own database in a temp directory.

mod fixtures;
mod import_rules;
mod labels;
mod offers;
mod privacy_cost;
mod projections;
mod references;
mod skills;

use rusqlite::Connection;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// A file of the real datasets beside the clone (`../shared/data`, or
/// `PAYGRID_SHARED_DATA`). Tests that read Levels.fyi or the Stack Overflow
/// sample (not shipped: their licences do not allow it) carry
/// `#[cfg_attr(not(shared_data), ignore = ...)]`, so a clone without them
/// lists them as ignored with the reason; `.ci/run` provides them.
fn shared(rel: &str) -> PathBuf {
    let p = Path::new(env!("PAYGRID_SHARED_DATA_DIR")).join(rel);
    assert!(p.exists(), "test fixture {} is missing: put the real datasets in ../shared/data", p.display());
    p
}

/// A file of the data shipped in the repository (`data/`): the embedded
/// defaults, whose licences allow redistribution.
fn repo_data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data").join(rel)
}

struct Env {
    dir: PathBuf,
}

impl Env {
    fn new(name: &str) -> Env {
        let dir = std::env::temp_dir().join(format!("paygrid-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Env { dir }
    }

    fn db(&self) -> PathBuf {
        self.dir.join("store.db")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_paygrid"));
        c.arg("--db").arg(self.db()).arg("--no-default-data").arg("--quiet");
        c.env_remove("PAYGRID_DB").env_remove("PAYGRID_NO_DEFAULT_DATA").stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "paygrid {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn sql<T: rusqlite::types::FromSql>(&self, q: &str) -> T {
        Connection::open(self.db()).unwrap().query_row(q, [], |r| r.get(0)).unwrap()
    }

    fn import_json(&self, kind: &str, file: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["import", kind, file, "--format", "json"])).unwrap()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const HEADER: &str =
    "title,level,company,location,country,years_experience,base,bonus,equity,signing_bonus,currency,pay_period,date,skills";

#[test]
fn garbage_file_is_refused_and_changes_nothing() {
    let e = Env::new("garbage");
    let good = e.file(
        "good.csv",
        format!("{HEADER}\nBackend Engineer,,Acme,\"Seattle, WA\",,5,150000,,,,USD,year,2024-03-01,Rust\n").as_bytes(),
    );
    e.ok(&["import", "generic", &good]);
    let mut junk = vec![0u8, 159, 146, 150, 7, 0, 1];
    junk.extend((0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let bad = e.file("photo.jpg", &junk);
    let o = e.run(&["import", "generic", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("photo.jpg") && err.contains("not a table"), "{err}");
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM imports"), 1);
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM records"), 1);
}

#[test]
fn wrong_header_names_the_missing_columns_and_suggests_the_kind() {
    let e = Env::new("header");
    let f = repo_data("records/aijobs_net_salaries_2025-01-19.csv.gz");
    let o = e.run(&["import", "levels-fyi", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("wrong header") && err.contains("timestamp") && err.contains("paygrid import aijobs"), "{err}");
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM imports"), 0);
}

#[test]
fn bad_rows_are_rejected_with_row_field_and_reason() {
    let e = Env::new("rows");
    let body = format!(
        "{HEADER}\n\
         Backend Engineer,senior,Acme,\"Seattle, WA\",,5,150000,10000,20000,,USD,year,2024-03-01,Rust;Go\n\
         Backend Engineer,senior,Acme,\"Seattle, WA\",,5,150000\n\
         Data Scientist,,Acme,\"Austin, TX\",,3,-120000,,,,USD,year,2024-03-01,\n\
         Data Scientist,,Acme,\"Austin, TX\",,3,lots,,,,USD,year,2024-03-01,\n\
         Data Scientist,,Acme,Berlin,DE,3,90000,,,,XYZ,year,2024-03-01,\n\
         Data Scientist,,Acme,\"Austin, TX\",,3,120000,,,,USD,year,2099-01-01,\n"
    );
    let f = e.file("rows.csv", body.as_bytes());
    let s = e.import_json("generic", &f);
    assert_eq!((s["accepted"].as_u64(), s["rejected"].as_u64()), (Some(1), Some(5)));
    let rejects: serde_json::Value = serde_json::from_str(&e.ok(&["rejects", "--format", "json"])).unwrap();
    let got: Vec<(u64, String, String)> = rejects
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["row"].as_u64().unwrap(), r["field"].as_str().unwrap().to_string(), r["reason"].as_str().unwrap().to_string())
        })
        .collect();
    let expect = [
        (3, "", "truncated row"),
        (4, "base", "negative"),
        (5, "base", "not a number"),
        (6, "currency", "unknown currency"),
        (7, "date", "future"),
    ];
    assert_eq!(got.len(), expect.len(), "{got:?}");
    for ((row, field, reason), (er, ef, ereason)) in got.iter().zip(expect) {
        assert_eq!(*row, er, "{got:?}");
        assert!(ef.is_empty() || field == ef, "row {row}: field {field} != {ef}");
        assert!(reason.contains(ereason), "row {row}: {reason:?} lacks {ereason:?}");
    }
    assert!(rejects[0]["file"].as_str().unwrap().ends_with("rows.csv"));
}

#[test]
fn generic_jsonl_converts_currency_and_period() {
    let e = Env::new("jsonl");
    let f = e.file(
        "subs.jsonl",
        b"{\"title\":\"Senior Backend Developer\",\"location\":\"Seattle, WA\",\"base\":75,\"pay_period\":\"hour\",\"date\":\"2024-05-01\"}\n\
          {\"title\":\"Data Engineer\",\"location\":\"Berlin, Germany\",\"base\":6000,\"currency\":\"EUR\",\"pay_period\":\"month\",\"date\":\"2024-05-01\",\"skills\":[\"Python\",\"SQL\"]}\n",
    );
    let s = e.import_json("generic", &f);
    assert_eq!(s["accepted"], 2, "{s}");
    assert_eq!(e.sql::<f64>("SELECT base FROM records WHERE raw_title LIKE 'Senior%'"), 156_000.0);
    let eur: f64 = e.sql("SELECT base FROM records WHERE raw_title = 'Data Engineer'");
    assert!(eur > 72_000.0 * 1.0 && eur < 72_000.0 * 1.2, "6000 EUR/month in 2024 should be ~78k USD, got {eur}");
    assert_eq!(e.sql::<String>("SELECT skills FROM records WHERE raw_title = 'Data Engineer'"), "Python;SQL");
}

#[test]
fn reimport_adds_nothing_and_renamed_copy_is_recognised() {
    let e = Env::new("reimport");
    let src = std::fs::read(repo_data("records/devops_jobs_net_salaries_2020-2021.csv")).unwrap();
    let f = e.file("devops.csv", &src);
    let first = e.import_json("aijobs", &f);
    let n: i64 = e.sql("SELECT COUNT(*) FROM records");
    assert_eq!(first["accepted"].as_i64(), Some(n));
    let again = e.import_json("aijobs", &f);
    assert_eq!(again["accepted"], 0);
    // Every row is now a duplicate: the ones stored (two for a collapsed range), plus the file's own repeats.
    let folded = first["range_pairs"].as_i64().unwrap();
    assert_eq!(again["duplicates"].as_i64(), Some(n + folded + first["duplicates"].as_i64().unwrap()));
    assert_eq!(again["rejected"], first["rejected"]);
    let copy = e.file("renamed.csv", &src);
    let renamed = e.import_json("aijobs", &copy);
    assert_eq!(renamed["accepted"], 0);
    assert_eq!(renamed["same_as_import"], first["import_id"]);
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM records"), n);
}

#[test]
fn killed_import_leaves_the_store_as_it_was() {
    let e = Env::new("kill");
    let small = e.file(
        "small.csv",
        format!("{HEADER}\nBackend Engineer,,Acme,\"Seattle, WA\",,5,150000,,,,USD,year,2024-03-01,\n").as_bytes(),
    );
    e.ok(&["import", "generic", &small]);
    let f = repo_data("records/aijobs_net_salaries_2025-01-19.csv.gz");
    let full = {
        let reference = Env::new("kill-reference");
        reference.ok(&["import", "aijobs", f.to_str().unwrap()]);
        reference.sql::<i64>("SELECT COUNT(*) FROM records")
    };
    assert!(full > 20_000, "{full}");
    // Deterministic: abort inside the transaction after 20,000 rows.
    let o =
        e.cmd().args(["import", "aijobs", f.to_str().unwrap()]).env("PAYGRID_TEST_ABORT_AFTER_ROWS", "20000").output().unwrap();
    assert!(!o.status.success());
    assert_eq!(e.sql::<String>("PRAGMA integrity_check"), "ok");
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM records"), 1);
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM imports"), 1);
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM rejects"), 0);

    // Real SIGKILLs at several moments: the store always holds all or none of the file.
    for delay_ms in [30u64, 120, 250] {
        let mut child = e.cmd().args(["import", "aijobs", f.to_str().unwrap()]).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(e.sql::<String>("PRAGMA integrity_check"), "ok");
        let n: i64 = e.sql("SELECT COUNT(*) FROM records WHERE kind = 'aijobs'");
        let imports: i64 = e.sql("SELECT COUNT(*) FROM imports WHERE kind = 'aijobs'");
        assert!(n == 0 && imports == 0 || n == full && imports >= 1, "partial import after kill at {delay_ms} ms: {n} rows");
    }
    // And the file still imports completely afterwards.
    e.ok(&["import", "aijobs", f.to_str().unwrap()]);
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM records WHERE kind = 'aijobs'"), full);
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn levels_fyi_real_file() {
    let e = Env::new("levels");
    let f = shared("records/levels_fyi_2017-2020.csv");
    let s = e.import_json("levels-fyi", f.to_str().unwrap());
    let (read, accepted) = (s["rows_read"].as_f64().unwrap(), s["accepted"].as_f64().unwrap());
    assert!(accepted / read >= 0.95, "accepted {accepted} of {read}");
    let us: f64 = e.sql("SELECT COUNT(*) FROM records WHERE country = 'US'");
    let us_metro: f64 = e.sql("SELECT COUNT(*) FROM records WHERE country = 'US' AND metro IS NOT NULL");
    // US rows are "City, ST" (two parts); all of them must be recognised as US.
    let two_part: f64 =
        e.sql("SELECT COUNT(*) FROM records WHERE length(raw_location) - length(replace(raw_location, ',', '')) = 1");
    assert!(us >= two_part * 0.999, "{us} US of {two_part} two-part locations");
    assert!(us_metro / us >= 0.99, "{us_metro} of {us} US rows have a metro");
    let tagged_backend: i64 =
        e.sql("SELECT COUNT(*) FROM records WHERE raw_title = 'Software Engineer' AND raw_specialization LIKE '%(Back-End)%'");
    let mapped: i64 = e.sql(
        "SELECT COUNT(*) FROM records WHERE raw_title = 'Software Engineer' AND raw_specialization LIKE '%(Back-End)%' AND role = 'backend-engineer'",
    );
    assert!(tagged_backend > 9_000 && mapped == tagged_backend, "{mapped} of {tagged_backend} back-end rows mapped");
    assert_eq!(e.sql::<String>("SELECT metro FROM records WHERE raw_location = 'Seattle, WA' LIMIT 1"), "42660");
    for (company, raw, level) in
        [("Google", "L4", "mid"), ("Google", "L5", "senior"), ("Amazon", "SDE II", "mid"), ("Facebook", "E6", "staff")]
    {
        let got: String = e.sql(&format!(
            "SELECT level FROM records WHERE company = '{company}' AND raw_level = '{raw}' GROUP BY level ORDER BY COUNT(*) DESC LIMIT 1"
        ));
        assert_eq!(got, level, "{company} {raw}");
    }
}

#[test]
fn aijobs_real_file_levels_and_duplicates() {
    let e = Env::new("aijobs");
    let f = repo_data("records/aijobs_net_salaries_2025-01-19.csv.gz");
    let s = e.import_json("aijobs", f.to_str().unwrap());
    // Exact repeats are skipped; rows folded into a posted range are counted apart.
    assert!(s["duplicates"].as_u64().unwrap() >= 25_000 && s["range_pairs"].as_u64().unwrap() >= 20_000, "{s}");
    for (code, level) in [("EN", "entry"), ("MI", "mid"), ("SE", "senior"), ("EX", "executive")] {
        // Titles with management evidence ("Data Manager", "Director of ...") keep that level;
        // every other row takes the tier code's level.
        let others: i64 = e.sql(&format!(
            "SELECT COUNT(*) FROM records WHERE raw_level = '{code}' AND level <> '{level}' AND level NOT IN ('manager', 'executive')"
        ));
        let hits: f64 = e.sql(&format!("SELECT COUNT(*) FROM records WHERE raw_level = '{code}' AND level = '{level}'"));
        let all: f64 = e.sql(&format!("SELECT COUNT(*) FROM records WHERE raw_level = '{code}'"));
        assert_eq!(others, 0, "{code}");
        assert!(hits / all > 0.85, "{code}: {hits} of {all} rows at {level}");
    }
    let total: i64 = e.sql("SELECT COUNT(*) FROM records");
    let again = e.import_json("aijobs", f.to_str().unwrap());
    assert_eq!(again["accepted"], 0);
    assert_eq!(e.sql::<i64>("SELECT COUNT(*) FROM records"), total);
    let gbp: i64 = e.sql("SELECT COUNT(*) FROM records WHERE currency = 'GBP' AND country = 'GB'");
    assert!(gbp > 500, "GBP rows converted and kept: {gbp}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs the Stack Overflow sample in ../shared/data (not shipped; see README)")]
fn stackoverflow_real_file() {
    let e = Env::new("so");
    let f = shared("records/so_survey_2025_sample_1000.csv");
    let s = e.import_json("stackoverflow", f.to_str().unwrap());
    assert!(s["accepted"].as_u64().unwrap() > 600, "{s}");
    let backend: i64 =
        e.sql("SELECT COUNT(*) FROM records WHERE raw_title = 'Developer, back-end' AND role = 'backend-engineer'");
    let all_backend: i64 = e.sql("SELECT COUNT(*) FROM records WHERE raw_title = 'Developer, back-end'");
    assert!(backend > 50 && backend == all_backend, "{backend} of {all_backend}");
    let with_skills: i64 = e.sql("SELECT COUNT(*) FROM records WHERE skills LIKE '%Python%' OR skills LIKE '%JavaScript%'");
    assert!(with_skills > 300, "{with_skills} records with language skills");
    assert_eq!(e.sql::<Option<f64>>("SELECT base FROM records LIMIT 1"), None, "survey comp is total only");
}

#[test]
fn sources_json_lists_every_import() {
    let e = Env::new("sources");
    let f = repo_data("records/devops_jobs_net_salaries_2020-2021.csv");
    e.ok(&["import", "aijobs", f.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&e.ok(&["sources", "--format", "json"])).unwrap();
    let first = &v.as_array().unwrap()[0];
    for k in ["kind", "file", "accepted", "rejected", "duplicates", "licence", "date_from", "date_to"] {
        assert!(first.get(k).is_some(), "missing {k} in {first}");
    }
    assert_eq!(first["kind"], "aijobs");
}

#[test]
fn first_run_loads_embedded_defaults_once() {
    let e = Env::new("defaults");
    let mut c = Command::new(env!("CARGO_BIN_EXE_paygrid"));
    c.args(["--quiet", "sources", "--format", "json"]).env("PAYGRID_DB", e.db()).env_remove("PAYGRID_NO_DEFAULT_DATA");
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = v.as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["oews", "aijobs", "aijobs"]);
    assert!(e.sql::<i64>("SELECT COUNT(*) FROM oews") > 200_000);
    assert!(e.sql::<i64>("SELECT COUNT(*) FROM records") > 20_000);
    // Second run: nothing loaded again.
    let o = Command::new(env!("CARGO_BIN_EXE_paygrid"))
        .args(["--quiet", "sources", "--format", "json"])
        .env("PAYGRID_DB", e.db())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
}

/// Figures must equal an independent numpy computation (tools/reference_benchmarks.py)
/// on the real Levels.fyi and aijobs files, to the cent, including the outlier rule.
#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn benchmarks_match_independent_numpy_reference() {
    let e = Env::new("reference");
    e.ok(&["import", "levels-fyi", shared("records/levels_fyi_2017-2020.csv").to_str().unwrap()]);
    e.ok(&["import", "aijobs", repo_data("records/aijobs_net_salaries_2025-01-19.csv.gz").to_str().unwrap()]);
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/reference_benchmarks.json")).expect("fixture parses");
    let cells = fixture["cells"].as_array().unwrap();
    assert!(cells.len() >= 10);
    let mut published = 0;
    for cell in cells {
        let role = cell["role"].as_str().unwrap();
        let code = cell["location"].as_str().unwrap();
        let mut args = vec!["benchmark", "--role", role, "--location", code, "--format", "json"];
        if let Some(l) = cell["level"].as_str() {
            args.extend(["--level", l]);
        }
        let got: serde_json::Value = serde_json::from_str(&e.ok(&args)).unwrap();
        let what = format!("{role} {:?} {code}", cell["level"]);
        assert_eq!(got["n"], cell["n"], "{what}: n");
        assert_eq!(got["outliers_excluded"], cell["outliers_excluded"], "{what}: outliers");
        if cell["n"].is_null() {
            assert!(got["base"]["p50"].is_null() && got["total"]["p50"].is_null(), "{what}: floor");
            continue;
        }
        published += 1;
        for m in ["base", "total"] {
            let (want, have) = (&cell[m], &got[m]);
            assert_eq!(have["n"], want["n"], "{what}: {m} n");
            for k in ["mean", "p10", "p25", "p50", "p75", "p90"] {
                match (want[k].as_f64(), have[k].as_f64()) {
                    (None, None) => {}
                    (Some(a), Some(b)) => assert!((a - b).abs() < 0.005, "{what}: {m}.{k} numpy {a} paygrid {b}"),
                    (a, b) => panic!("{what}: {m}.{k} numpy {a:?} paygrid {b:?}"),
                }
            }
        }
    }
    assert!(published >= 8, "only {published} cells above the floor");
}

/// Walks a JSON value and collects every number under a key that is not in `skip`.
fn numbers(v: &serde_json::Value, skip: &[&str], out: &mut Vec<(String, f64)>, path: &str) {
    match v {
        serde_json::Value::Number(n) => out.push((path.to_string(), n.as_f64().unwrap())),
        serde_json::Value::Array(a) => a.iter().for_each(|x| numbers(x, skip, out, path)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                if !skip.contains(&k.as_str()) {
                    numbers(x, skip, out, &format!("{path}.{k}"));
                }
            }
        }
        _ => {}
    }
}

/// docs/methodology.md: no output path reveals anything computed from fewer than k records.
#[test]
fn no_output_path_reveals_a_cell_under_the_floor() {
    let e = Env::new("floor");
    let mut body = String::from("title,level,location,years_experience,base,bonus,equity,date,skills\n");
    for (i, base) in [123_457.11, 131_313.13, 141_414.14, 151_515.15].iter().enumerate() {
        body += &format!(
            "Backend Engineer,senior,\"Boise, ID\",{},{base},{},{},202{}-05-01,Rust;Go;SQL\n",
            5 + i,
            9_000 + i,
            20_000 + i,
            2 + i
        );
    }
    let f = e.file("four.csv", body.as_bytes());
    e.ok(&["import", "generic", &f]);
    let cell = ["--role", "backend-engineer", "--level", "senior", "--location", "Boise, ID", "--format", "json"];
    let national = ["--role", "backend-engineer", "--location", "United States", "--format", "json"];
    let runs: Vec<Vec<&str>> = vec![
        [&["benchmark"][..], &cell].concat(),
        [&["benchmark"][..], &national].concat(),
        [&["breakdown"][..], &national].concat(),
        [&["metros"][..], &national].concat(),
        [&["skills"][..], &national].concat(),
        [&["offer", "--base", "200000"][..], &cell].concat(),
        vec![
            "compare",
            "--cell",
            "backend-engineer|senior|Boise, ID",
            "--cell",
            "backend-engineer||United States",
            "--format",
            "json",
        ],
    ];
    for args in runs {
        let out = e.ok(&args);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|err| panic!("{args:?}: {err}\n{out}"));
        let mut nums = Vec::new();
        // The offer's own figures are the user's input, and the OFLC levels
        // are published government figures, not records.
        numbers(&v, &["offer", "value", "floor", "min_years", "max_years", "oflc"], &mut nums, "");
        for (path, x) in &nums {
            assert!(!(100_000.0..=200_000.0).contains(x), "{args:?} reveals {x} at {path}");
            assert!(*x != 4.0 || path.ends_with("min_points"), "{args:?} reveals the count 4 at {path}");
        }
        assert!(!out.contains("123457") && !out.contains("151515"), "{args:?}");
    }
}

/// The JSON contract other tools rely on (issue: "Output contract").
#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn benchmark_json_contract() {
    let e = Env::new("contract");
    e.ok(&["import", "levels-fyi", shared("records/levels_fyi_2017-2020.csv").to_str().unwrap()]);
    e.ok(&["import", "oews", shared("oews/oews_may2025_computer_math_occupations_all_areas.csv").to_str().unwrap()]);
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["benchmark", "--role", "Senior Backend Developer", "--location", "Seattle, WA", "--format", "json"];
        args.extend_from_slice(extra);
        serde_json::from_str(&e.ok(&args)).unwrap()
    };
    let b = run(&[]);
    assert_eq!(b["role"], "backend-engineer");
    assert_eq!(b["level"], "senior", "the title's level applies");
    assert_eq!(b["location"]["code"], "42660");
    assert_eq!(b["location"]["kind"], "metro");
    assert!(b["location"]["name"].as_str().unwrap().starts_with("Seattle"));
    assert!(b["period"]["from"].is_i64() && b["period"]["to"].is_i64());
    assert!(b["n"].as_u64().unwrap() > 100);
    assert!(["high", "medium", "low", "suppressed"].contains(&b["confidence"].as_str().unwrap()));
    assert!(b["outliers_excluded"].is_u64());
    assert!(b["sources"].as_array().unwrap().iter().any(|s| s["kind"] == "levels-fyi"));
    assert_eq!(b["oews"]["occ_code"], "15-1252");
    for m in ["base", "total"] {
        let x = &b[m];
        for k in ["n", "mean", "p10", "p25", "p50", "p75", "p90"] {
            assert!(x[k].is_number(), "{m}.{k}");
        }
        for k in ["mean", "p10", "p25", "p50", "p75", "p90"] {
            let ci = x["ci"][k].as_array().unwrap_or_else(|| panic!("{m}.ci.{k}"));
            assert!(ci[0].as_f64() <= x[k].as_f64() && x[k].as_f64() <= ci[1].as_f64(), "{m}.ci.{k} brackets the estimate");
        }
        assert!(x["trend"].as_array().unwrap().iter().all(|p| p["year"].is_i64() && p["n"].is_u64() && p["p50"].is_number()));
        let p = &x["projection"];
        for k in ["year", "p50", "low", "high", "method"] {
            assert!(!p[k].is_null(), "{m}.projection.{k}");
        }
    }
    assert_eq!(b["total"]["projection"]["year"], b["period"]["to"].as_i64().unwrap() + 1);
    let until = run(&["--until", "2019"]);
    assert_eq!(until["period"]["to"], 2019);
    assert_eq!(until["base"]["projection"]["year"], 2020);
    assert!(until["base"]["trend"].as_array().unwrap().iter().all(|p| p["year"].as_i64().unwrap() <= 2019));
    let since = run(&["--since", "2020", "--until", "2020"]);
    assert!(since["n"].as_u64().unwrap() < b["n"].as_u64().unwrap());
    // The floor: a cell with no records withholds every figure but keeps the shape.
    let empty: serde_json::Value =
        serde_json::from_str(&e.ok(&["benchmark", "--role", "backend-engineer", "--location", "Boise, ID", "--format", "json"]))
            .unwrap();
    assert_eq!(empty["confidence"], "suppressed");
    assert!(empty["n"].is_null() && empty["base"]["p50"].is_null() && empty["total"]["projection"].is_null());
    // Sources narrow the figures; an unknown source is an error naming it.
    let only = run(&["--source", "levels-fyi"]);
    assert_eq!(only["n"], b["n"]);
    let o = e.run(&["benchmark", "--role", "backend-engineer", "--source", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nope"));
}

const ADMIN_TOKEN: &str = "cli-test-admin-token-0123456789";

/// A `paygrid serve` child on a free loopback port, SIGKILLed when dropped.
struct Server {
    child: std::process::Child,
    addr: SocketAddr,
}

impl Env {
    /// Starts `paygrid serve --addr 127.0.0.1:0` and waits for its
    /// `serving http://ADDR` line. A thread keeps draining stderr: the
    /// request log writes a line per request, and a full pipe would stall
    /// the server.
    fn serve(&self, extra: &[&str]) -> Server {
        let mut child = self
            .cmd()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env("PAYGRID_ADMIN_TOKEN", ADMIN_TOKEN)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("serving http://").nth(1) {
                    let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_string());
                }
            }
        });
        let addr = rx.recv_timeout(Duration::from_secs(120)).expect("the server printed no `serving` line");
        Server { child, addr: addr.parse().unwrap() }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on a new connection (`Connection: close`), over a
/// raw socket: the status and the body.
fn http(addr: SocketAddr, method: &str, path: &str, json_body: Option<&str>) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if method == "POST" {
        let body = json_body.unwrap_or("");
        req += &format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    } else if path.contains("/admin/") {
        req += &format!("Authorization: Bearer {ADMIN_TOKEN}\r\n\r\n");
    } else {
        req += "\r\n";
    }
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let bad = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, format!("no HTTP response: {text:?}"));
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(bad)?;
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).ok_or_else(bad)?;
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding: chunked"), "expected a sized body: {head}");
    Ok((status, body.to_string()))
}

/// A small generic file, so a server has records to start from.
fn seed_generic(e: &Env) {
    let mut body = format!("{HEADER}\n");
    for i in 0..8 {
        body += &format!(
            "Backend Engineer,senior,Acme,\"Seattle, WA\",,{},{},,,,USD,year,2024-03-01,Rust\n",
            4 + i,
            150_000 + i * 5_000
        );
    }
    e.ok(&["import", "generic", &e.file("seed.csv", body.as_bytes())]);
}

/// Base pay of the i-th submission of the crash test: it identifies the submission.
fn crash_base(i: usize) -> i64 {
    100_000 + i as i64
}

/// The server is SIGKILLed while clients are sending submissions: every
/// submission it acknowledged (202) is stored, pending and whole; nothing
/// else is stored but the at most one request per client in flight; the
/// store passes SQLite's integrity check and the server starts and serves
/// on it again.
#[test]
fn submissions_acknowledged_before_a_sigkill_are_all_stored() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    const CLIENTS: usize = 2;
    const BATCH: usize = 2_000;
    let e = Env::new("serve-kill");
    seed_generic(&e);
    let mut server = e.serve(&["--submission-burst", "100000"]);
    let addr = server.addr;
    let acked = Arc::new(Mutex::new(Vec::<(usize, i64)>::new()));
    let (n_acked, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicBool::new(false)));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (acked, n_acked, failed) = (acked.clone(), n_acked.clone(), failed.clone());
            std::thread::spawn(move || {
                for i in (c..BATCH).step_by(CLIENTS) {
                    let sub = serde_json::json!({
                        "title": "Backend Engineer", "level": "senior", "company": format!("crash-{i}"),
                        "location": "Seattle, WA", "base": crash_base(i), "currency": "USD", "pay_period": "year",
                        "date": "2025-06-01", "skills": "Rust;SQL",
                    });
                    let res = http(addr, "POST", "/api/v1/submissions", Some(&sub.to_string()));
                    let id = match &res {
                        Ok((202, body)) => serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| v["id"].as_i64()),
                        Ok((status, body)) => panic!("submission {i}: {status} {body}"),
                        Err(_) => None,
                    };
                    let Some(id) = id else {
                        // The server is gone (or cut the answer short): the batch ends here.
                        failed.store(true, Ordering::SeqCst);
                        return;
                    };
                    acked.lock().unwrap().push((i, id));
                    n_acked.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    let start = std::time::Instant::now();
    while n_acked.load(Ordering::SeqCst) < 40 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(1));
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 40, "only {} submissions acknowledged", acked.len());
    assert!(failed.load(Ordering::SeqCst) && acked.len() < BATCH, "the kill came after the batch, not during it");

    let conn = Connection::open(e.db()).unwrap();
    assert_eq!(conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
    /// A stored submission, as the table holds it.
    struct Stored {
        id: i64,
        status: String,
        payload: String,
        role: String,
        level: Option<String>,
        base: Option<f64>,
        total: f64,
    }
    let stored: Vec<Stored> = conn
        .prepare("SELECT id, status, payload, role, level, base, total FROM submissions ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok(Stored {
                id: r.get(0)?,
                status: r.get(1)?,
                payload: r.get(2)?,
                role: r.get(3)?,
                level: r.get(4)?,
                base: r.get(5)?,
                total: r.get(6)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(conn);
    // Whole rows only: every stored submission is one that was sent, complete.
    for s in &stored {
        let id = s.id;
        let v: serde_json::Value = serde_json::from_str(&s.payload).unwrap_or_else(|err| panic!("submission {id}: {err}"));
        let i = v["company"].as_str().and_then(|c| c.strip_prefix("crash-")).and_then(|i| i.parse::<usize>().ok()).unwrap();
        assert_eq!(s.status, "pending", "submission {id}");
        assert_eq!((s.role.as_str(), s.level.as_deref()), ("backend-engineer", Some("senior")), "submission {id}");
        assert_eq!((s.base, s.total), (Some(crash_base(i) as f64), crash_base(i) as f64), "submission {id}");
        assert_eq!(v["base"].as_i64(), Some(crash_base(i)), "submission {id}");
    }
    // None lost: every acknowledged submission is there, as sent.
    for (i, id) in &acked {
        let s = stored.iter().find(|s| s.id == *id).unwrap_or_else(|| panic!("acknowledged submission {id} (#{i}) was lost"));
        assert_eq!(s.base, Some(crash_base(*i) as f64), "submission {id} holds another's figures");
    }
    // Beyond those, at most the one request per client that was in flight.
    assert!(stored.len() <= acked.len() + CLIENTS, "{} stored, {} acknowledged", stored.len(), acked.len());

    // The server starts again on the same store and serves, the pending submissions included.
    let server = e.serve(&[]);
    let (status, body) = http(server.addr, "GET", "/api/v1/benchmarks?role=backend-engineer&location=US", None).unwrap();
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["n"], 8, "pending submissions count in no figure: {body}");
    let (status, body) = http(server.addr, "GET", "/api/v1/admin/submissions?status=pending", None).unwrap();
    assert_eq!(status, 200, "{body}");
    let listed: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(listed["submissions"].as_array().unwrap().len(), stored.len());
    let sub = r#"{"title": "Backend Engineer", "location": "Seattle, WA", "base": 170000, "date": "2025-06-01"}"#;
    let (status, body) = http(server.addr, "POST", "/api/v1/submissions", Some(sub)).unwrap();
    assert_eq!(status, 202, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap();
    assert!(id > stored.last().map_or(0, |s| s.id), "new id {id} reuses an old one");
}

/// Reads never wait for a writer: while `paygrid import` runs one long
/// transaction on the server's database, every benchmark request answers 200.
#[test]
fn server_keeps_serving_while_an_import_runs() {
    let e = Env::new("serve-import");
    seed_generic(&e);
    let server = e.serve(&[]);
    let f = repo_data("records/aijobs_net_salaries_2025-01-19.csv.gz");
    let mut import = e.cmd().args(["import", "aijobs", f.to_str().unwrap()]).stdout(Stdio::null()).spawn().unwrap();
    let path = "/api/v1/benchmarks?role=backend-engineer&location=US";
    let mut during = 0;
    let status = loop {
        if let Some(status) = import.try_wait().unwrap() {
            break status;
        }
        let (code, body) = http(server.addr, "GET", path, None).unwrap();
        assert_eq!(code, 200, "during the import, request {during}: {body}");
        during += 1;
    };
    assert!(status.success(), "the import failed");
    assert!(e.sql::<i64>("SELECT COUNT(*) FROM records WHERE kind = 'aijobs'") > 20_000);
    assert!(during >= 10, "only {during} requests overlapped the import");
    let (code, body) = http(server.addr, "GET", path, None).unwrap();
    assert_eq!(code, 200, "after the import: {body}");
}

/// A PostgreSQL URL is not taken for a file name: the command fails with a
/// database error (exit 3) saying so, and no file appears.
#[test]
fn a_postgres_url_is_refused_not_created_as_a_file() {
    let e = Env::new("pg-url");
    let o = Command::new(env!("CARGO_BIN_EXE_paygrid"))
        .current_dir(&e.dir)
        .args(["--db", "postgres://paygrid@127.0.0.1:5432/paygrid", "--quiet", "sources"])
        .env_remove("PAYGRID_DB")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("PostgreSQL stores are not supported by this build"));
    assert!(std::fs::read_dir(&e.dir).unwrap().next().is_none(), "nothing is created");
}

/// The CLI reads amounts as the web form does ("185k", "185,000"); a base
/// no import would accept is refused on both, with the flag named.
#[test]
fn offer_amounts_parse_like_the_form() {
    let e = Env::new("amounts");
    seed_generic(&e);
    let base = |b: &str| {
        let o = e.run(&["offer", "--role", "backend-engineer", "--location", "Seattle, WA", "--base", b, "--format", "json"]);
        (o.status.code(), serde_json::from_slice::<serde_json::Value>(&o.stdout).ok().map(|v| v["offer"]["base"].clone()))
    };
    assert_eq!(base("185k"), (Some(0), Some(serde_json::json!(185000.0))));
    assert_eq!(base("$185,000"), (Some(0), Some(serde_json::json!(185000.0))));
    assert_eq!(base("0").0, Some(1));
    let o = e.run(&["offer", "--role", "backend-engineer", "--base", "lots"]);
    assert_eq!(o.status.code(), Some(2), "a value clap refuses is a usage error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a number"), "{}", String::from_utf8_lossy(&o.stderr));
}

/// CSV output carries raw numbers, not "$110,000" or "23.0%", and a
/// command with several tables writes one titled block per table.
#[test]
fn csv_carries_raw_numbers() {
    let e = Env::new("csv");
    seed_generic(&e);
    let csv = e.ok(&["breakdown", "--role", "backend-engineer", "--location", "Seattle, WA", "--format", "csv"]);
    assert!(csv.contains("# Seniority mix") && csv.contains("# Level ladder"), "{csv}");
    let blocks: Vec<&str> = csv.split("\n\n").filter(|b| !b.trim().is_empty()).collect();
    assert!(blocks.len() >= 4, "{csv}");
    for b in blocks {
        let rows: Vec<&str> = b.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
        let cols = rows[0].split(',').count();
        for r in &rows[1..] {
            assert!(!r.contains('$') && !r.contains('%'), "formatted figure in CSV: {r}");
            assert_eq!(r.split(',').count(), cols, "{r:?} in {b}");
        }
    }
    let bench = e.ok(&["benchmark", "--role", "backend-engineer", "--location", "Seattle, WA", "--format", "csv"]);
    assert!(!bench.contains('$'), "{bench}");
}

/// The static site's sitemap lists absolute URLs on the host given, and a
/// site without a host is refused (a sitemap cannot hold relative URLs).
#[test]
fn export_site_writes_an_absolute_sitemap() {
    let e = Env::new("site");
    seed_generic(&e);
    let dir = e.dir.join("site");
    let o = e.run(&["export-site", dir.to_str().unwrap(), "--base-url", ""]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    e.ok(&["export-site", dir.to_str().unwrap(), "--base-url", "https://pay.example"]);
    let map = std::fs::read_to_string(dir.join("sitemap.xml")).unwrap();
    let locs: Vec<&str> = map.split("<loc>").skip(1).map(|l| l.split("</loc>").next().unwrap()).collect();
    assert!(locs.len() >= 2, "{map}");
    assert!(locs.iter().all(|l| l.starts_with("https://pay.example/")), "{locs:?}");
}
