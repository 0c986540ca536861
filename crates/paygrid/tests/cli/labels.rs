//! Figures that say what they are, on the real datasets: intervals named by
//! their exact coverage, zero-width intervals flagged as rounded data, the
//! records' years and recency on every benchmark, report and offer, base
//! and TC from different populations flagged, and the sampling caveat in
//! every report footer. Expected values come from the store with SQL and
//! from closed forms, not from paygrid's own code.

use super::fixtures;
use rusqlite::Connection;
use serde_json::Value;

const AUSTIN_PRINCIPAL: [&str; 6] = ["--role", "backend-engineer", "--level", "principal", "--location", "12420"];

fn args<'a>(cmd: &'a str, cell: &[&'a str]) -> Vec<&'a str> {
    std::iter::once(cmd).chain(cell.iter().copied()).collect()
}

/// Base salaries of one raw role x level x metro cell of the store, sorted.
fn store_base(db: &std::path::Path, role: &str, level: &str, metro: &str) -> Vec<f64> {
    let c = Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT base FROM records WHERE role = ?1 AND level = ?2 AND metro = ?3 AND base IS NOT NULL ORDER BY base")
        .unwrap();
    st.query_map([role, level, metro], |r| r.get::<_, f64>(0)).unwrap().map(Result::unwrap).collect()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn small_cell_tails_carry_their_coverage_and_are_not_called_95_percent() {
    let lf = fixtures::levels_fyi();
    let b = lf.json(&args("benchmark", &AUSTIN_PRINCIPAL));
    let base = &b["base"];
    let n = base["n"].as_u64().unwrap() as i32;
    assert_eq!(n, 12, "the issue's example cell: {}", base["n"]);
    // p10 and p90 at n = 12: no pair of order statistics reaches 95%, so the
    // interval is [min, max], which misses the quantile only when all n
    // values fall on one side of it: coverage 1 − 0.9ⁿ − 0.1ⁿ.
    let closed_form = 1.0 - 0.9_f64.powi(n) - 0.1_f64.powi(n);
    assert!((closed_form - 0.7176).abs() < 1e-4);
    let values = store_base(&lf.db, "backend-engineer", "principal", "12420");
    assert_eq!(values.len(), 12);
    for p in ["p10", "p90"] {
        assert!((f(&base["ci_coverage"][p]) - closed_form).abs() < 1e-9, "{p}: {}", base["ci_coverage"]);
        assert_eq!((f(&base["ci"][p][0]), f(&base["ci"][p][1])), (values[0], values[11]), "{p} interval is [min, max]");
    }
    // The quartiles' and the median's intervals do reach 95% here: sums of
    // the Binomial(12, p) pmf over the ranks paygrid used.
    let binom = |p: f64, lo: i32, hi: i32| -> f64 {
        let choose = |k: i32| (1..=k).fold(1.0, |a, i| a * f64::from(n - k + i) / f64::from(i));
        (lo..hi).map(|k| choose(k) * p.powi(k) * (1.0 - p).powi(n - k)).sum()
    };
    let rank = |x: f64| values.iter().position(|&v| v == x).unwrap() as i32 + 1;
    let (lo, hi) =
        (rank(f(&base["ci"]["p50"][0])), values.iter().rposition(|&v| v == f(&base["ci"]["p50"][1])).unwrap() as i32 + 1);
    assert!((f(&base["ci_coverage"]["p50"]) - binom(0.5, lo, hi)).abs() < 1e-9);

    // The table does not call the row a 95% CI and marks the tails.
    let table = lf.ok(&args("benchmark", &AUSTIN_PRINCIPAL));
    let ci_row = table.lines().find(|l| l.contains("$98,000–$196,000")).expect("base interval row");
    assert!(!ci_row.contains("95% CI") && ci_row.contains("$98,000–$196,000 (72%)"), "{ci_row}");

    // Nor do the report's HTML page and Markdown.
    let mut report = vec!["report", "backend-engineer", "--level", "principal", "--location", "12420", "--format", "html"];
    let html = lf.ok(&report);
    let cell = html.split("<td>$123,200<span class=\"ci\">").nth(1).expect("p10 cell").split("</span>").next().unwrap();
    assert_eq!(cell, "$98,000–$196,000 · 72% interval");
    assert!(html.contains("(72% interval $98k to $196k)"), "chart description names the coverage");
    report[7] = "md";
    let md = lf.ok(&report);
    assert!(md.contains("$123,200 ($98,000–$196,000, 72% interval)"), "{md}");
    let head = md.lines().find(|l| l.starts_with("| Measure |")).unwrap();
    assert_eq!(head, "| Measure | n | Mean (interval) | p10 | p25 | Median (interval) | p75 | p90 |");

    // Compare and offer carry the same coverage beside their intervals.
    let cmp = lf.json(&["compare", "--cell", "backend-engineer|principal|12420", "--cell", "backend-engineer|senior|12420"]);
    assert_eq!(cmp["cells"][0]["cell"]["base"]["p50_ci_coverage"], base["ci_coverage"]["p50"]);
    let offer = lf
        .json(&args("offer", &["--base", "150000", "--role", "backend-engineer", "--level", "principal", "--location", "12420"]));
    assert_eq!(offer["benchmark"]["base"]["p75_ci_coverage"], base["ci_coverage"]["p75"]);
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn zero_width_intervals_are_flagged_as_rounded_data() {
    let lf = fixtures::levels_fyi();
    let cell = ["--role", "engineering-manager", "--level", "manager", "--location", "42660"];
    let b = lf.json(&args("benchmark", &cell));
    let base = &b["base"];
    assert_eq!(base["ci_zero_width"], serde_json::json!(["p25"]), "{}", base["ci"]);
    let (lo, hi) = (f(&base["ci"]["p25"][0]), f(&base["ci"]["p25"][1]));
    assert_eq!(lo, hi);
    // In the store, that exact figure is a common answer, and the first
    // quartile falls inside the block of records that give it.
    let values = store_base(&lf.db, "engineering-manager", "manager", "42660");
    let below = values.iter().filter(|&&v| v < lo).count() as f64;
    let at = values.iter().filter(|&&v| v == lo).count() as f64;
    let n = values.len() as f64;
    assert!(at > 0.1 * n && below < 0.25 * n && below + at > 0.25 * n, "{at} of {n} at {lo}, {below} below");
    let table = lf.ok(&args("benchmark", &cell));
    assert!(
        table.contains("base p25 interval $160,000–$160,000: many records report exactly $160,000: the interval reflects rounded data, not certainty"),
        "{table}"
    );
    let md = lf.ok(&["report", "engineering-manager", "--level", "manager", "--location", "42660", "--format", "md"]);
    assert!(md.contains("rounded data, not certainty"), "report says nothing of the rounded interval");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn benchmarks_reports_and_offers_say_how_old_their_records_are() {
    let lf = fixtures::levels_fyi();
    let cell = ["--role", "backend-engineer", "--level", "senior", "--location", "Seattle, WA"];
    let b = lf.json(&args("benchmark", &cell));
    // Independently: the cell's years, and the month of its 5th newest record.
    let c = Connection::open(&lf.db).unwrap();
    let (y0, y1, fifth): (i32, i32, String) = c
        .query_row(
            "SELECT (SELECT min(year) FROM records WHERE role = 'backend-engineer' AND level = 'senior' AND metro = '42660'),
                    (SELECT max(year) FROM records WHERE role = 'backend-engineer' AND level = 'senior' AND metro = '42660'),
                    (SELECT substr(date, 1, 7) FROM records WHERE role = 'backend-engineer' AND level = 'senior' AND metro = '42660'
                     ORDER BY date DESC LIMIT 1 OFFSET 4)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((y0, y1), (2018, 2020));
    assert_eq!(b["records_period"], serde_json::json!({"from": y0, "to": y1}));
    assert_eq!(b["data_as_of"].as_str(), Some(fifth.as_str()));
    for m in ["base", "total"] {
        assert_eq!(b[m]["period"], serde_json::json!({"from": y0, "to": y1}), "{m}");
        assert_eq!(b[m]["data_as_of"].as_str(), Some(fifth.as_str()), "{m}");
        assert_eq!(b[m]["sources"][0]["kind"], "levels-fyi");
    }
    assert!(b["populations_differ"].is_null());

    let table = lf.ok(&args("benchmark", &cell));
    assert!(table.contains(&format!("records from 2018–2020 · data as of {fifth}")), "{table}");
    assert!(table.contains(&format!("Old data: the newest records behind these figures are from {fifth}")), "{table}");

    let html = lf.ok(&["report", "backend-engineer", "--level", "senior", "--location", "Seattle, WA", "--format", "html"]);
    let meta = html.split("<p class=\"meta\">").nth(1).unwrap().split("</header>").next().unwrap();
    assert!(meta.starts_with(&format!("Records from 2018–2020 · data as of {fifth} · imported ")), "{meta}");
    assert!(meta.contains("class=\"statement notice\"") && meta.contains("Old data"), "{meta}");
    assert!(!html.contains("last updated"));
    let report = lf.json(&["report", "backend-engineer", "--level", "senior", "--location", "Seattle, WA"]);
    assert_eq!(report["data_as_of"].as_str(), Some(fifth.as_str()));
    assert_eq!(report["stale_notices"].as_array().map(Vec::len), Some(1));

    let offer = lf.json(&args(
        "offer",
        &["--base", "170000", "--role", "backend-engineer", "--level", "senior", "--location", "Seattle, WA"],
    ));
    assert_eq!(offer["benchmark"]["data_as_of"].as_str(), Some(fifth.as_str()));
    assert_eq!(offer["benchmark"]["records_period"], serde_json::json!({"from": y0, "to": y1}));
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn base_and_tc_from_different_populations_are_flagged() {
    let mix = fixtures::defaults_and_levels_fyi();
    let cell = ["--role", "data-scientist", "--level", "senior", "--location", "US"];
    let b = mix.json(&args("benchmark", &cell));
    let kinds = |m: &str| -> Vec<String> {
        b[m]["sources"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap().to_string()).collect()
    };
    // aijobs.net reports base only, so TC comes from Levels.fyi alone, and
    // the postings run years past the self-reports.
    assert!(kinds("base").contains(&"aijobs".to_string()), "{:?}", kinds("base"));
    assert_eq!(kinds("total"), ["levels-fyi"]);
    let c = Connection::open(&mix.db).unwrap();
    let newest_levels: i32 = c.query_row("SELECT max(year) FROM records WHERE kind = 'levels-fyi'", [], |r| r.get(0)).unwrap();
    assert!(b["total"]["period"]["to"].as_i64().unwrap() <= i64::from(newest_levels));
    assert!(b["base"]["period"]["to"].as_i64().unwrap() > i64::from(newest_levels));
    let why = b["populations_differ"].as_str().expect("flagged");
    assert!(why.contains("aijobs") && why.contains("total compensation from levels_fyi"), "{why}");

    let table = mix.ok(&args("benchmark", &cell));
    assert!(table.contains(&format!("note: {why}")), "{table}");
    assert!(table.contains("total comp sources: levels_fyi_2017-2020.csv"), "{table}");
    // TC's own records are old even though the cell's newest are not.
    assert!(table.contains("the newest records behind the total compensation figures are from"), "{table}");
    let html = mix.ok(&["report", "data-scientist", "--level", "senior", "--location", "US", "--format", "html"]);
    let header = html.split("</header>").nth(1).unwrap();
    assert!(header.contains("describe different records here"), "page header does not flag the mix");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs the Stack Overflow sample in ../shared/data (not shipped; see README)")]
fn every_report_footer_says_the_samples_are_self_selected() {
    let so = fixtures::so_sample();
    let html = so.ok(&["report", "software-engineer", "--location", "world", "--format", "html"]);
    let footer = html.split("<footer").nth(1).expect("footer");
    assert!(footer.contains("self-selected, unweighted samples"), "{footer}");
    let md = so.ok(&["report", "software-engineer", "--location", "world", "--format", "md"]);
    let tail = md.rsplit("\n---\n").next().unwrap();
    assert!(tail.contains("self-selected, unweighted samples"), "{tail}");
    let json = so.json(&["report", "software-engineer", "--location", "world"]);
    let sentences: Vec<&str> = json["sources"]["sentences"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(sentences.iter().any(|s| s.contains("self-selected, unweighted samples")), "{sentences:?}");
}
