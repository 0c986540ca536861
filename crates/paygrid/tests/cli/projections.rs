//! Projections on the real data: intervals with width and above zero,
//! calibration as of the cut-off, the fixed-composition market rate against
//! an independent pandas computation, the point no better than the backtest
//! shows, and the methodology's backtest tables against the command.

use super::fixtures::{self, Fixture};
use serde_json::Value;
use std::path::Path;

/// Every projection of a benchmark (base and TC), with the measure's trend.
fn projections(b: &Value) -> Vec<(&'static str, &Value, &Value)> {
    ["base", "total"]
        .into_iter()
        .filter(|m| !b[*m]["projection"].is_null())
        .map(|m| (m, &b[m]["projection"], &b[m]["trend"]))
        .collect()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Positive ends, and width as printed (whole dollars) either side of the point.
fn assert_sound_interval(what: &str, p: &Value) {
    let (lo, mid, hi) = (f(&p["low"]), f(&p["p50"]), f(&p["high"]));
    assert!(lo > 0.0, "{what}: low end {lo} at or below zero: {p}");
    assert!(lo.round() < mid.round() && mid.round() < hi.round(), "{what}: interval [{lo}, {hi}] has no width around {mid}: {p}");
}

/// The calibration a backtest reports for `method` on target year `year`
/// (calibrated on held-out years before it only).
fn calibration<'a>(bt: &'a Value, measure: &str, method: &str, year: i64) -> &'a Value {
    let m = bt["measures"].as_array().unwrap().iter().find(|m| m["measure"] == measure).unwrap();
    m["calibration_by_year"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["method"] == method && c["year"] == year)
        .unwrap_or_else(|| panic!("no {measure} {method} calibration for {year}"))
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn levels_fyi_market_rate_projection_has_width() {
    // Medians that repeat round figures made the old market rate exact: a
    // projection of $147,500 [$147,500, $147,500].
    let b = fixtures::levels_fyi().json(&["benchmark", "--role", "data-scientist", "--location", "US", "--until", "2019"]);
    let ps = projections(&b);
    assert_eq!(ps.len(), 2, "{b}");
    for (m, p, _) in ps {
        assert_eq!(p["year"], 2020);
        assert_sound_interval(m, p);
    }
}

#[test]
fn default_data_projection_stays_above_zero() {
    // A cell with one year of data: the fallback interval used to be
    // value·(1 + r ∓ h), which goes below zero when h > 1 + r.
    let d = fixtures::defaults();
    for (role, level, place, until) in [
        ("data-scientist", "mid", "Canada", "2024"),
        ("data-scientist", "", "Canada", "2025"),
        ("data-scientist", "", "United Kingdom", "2024"),
        ("data-scientist", "", "United Kingdom", "2025"),
    ] {
        let mut args = vec!["benchmark", "--role", role, "--location", place, "--until", until];
        if !level.is_empty() {
            args.extend(["--level", level]);
        }
        let b = d.json(&args);
        let p = &b["base"]["projection"];
        assert!(!p.is_null(), "{args:?}: no projection: {b}");
        assert_sound_interval(&format!("{args:?}"), p);
        // Three yearly medians are not a trend of their own (a fit to them
        // spread the UK's data scientists over $384 to $11.7M).
        assert_ne!(p["method"], "log-linear", "{args:?}: {p}");
        assert_ne!(p["backtest"]["trend_method"], "log-linear", "{args:?}: {p}");
    }
}

#[test]
fn projection_is_calibrated_only_on_years_up_to_its_cut_off() {
    let d = fixtures::defaults();
    let bt = d.json(&["backtest"]);
    let mut seen = Vec::new();
    for until in [2023, 2024] {
        let u = until.to_string();
        let b = d.json(&["benchmark", "--role", "data-scientist", "--location", "United Kingdom", "--until", &u]);
        let p = &b["base"]["projection"];
        assert_eq!(p["backtest"]["through"], until, "{p}");
        // The backtest's calibration for target year until + 1 is made from
        // held-out years <= until only: the projection must use exactly it.
        let c = calibration(&bt, "base", p["method"].as_str().unwrap(), i64::from(until) + 1);
        assert_eq!(p["backtest"]["calibrated_on"], c["calibrated_on"], "until {until}: {p}");
        assert!((f(&p["backtest"]["q95"]) - f(&c["q95"])).abs() < 1e-12, "until {until}: {p} vs {c}");
        let w = f(&p["backtest"]["q95"]);
        assert!((f(&p["high"]) / f(&p["p50"])).ln() >= w - 1e-9, "interval narrower than its calibration: {p}");
        seen.push(f(&p["backtest"]["calibrated_on"]));
    }
    assert!(seen[0] < seen[1], "a later cut-off calibrates on more held-out years: {seen:?}");
}

#[test]
fn market_rate_matches_the_independent_pandas_computation() {
    // tools/market_rate_reference.py: chain-linked weighted medians of
    // within-cell changes, recomputed from the stored records with pandas.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/market_rate_reference.json");
    let reference: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let d = fixtures::defaults();
    for case in reference["cases"].as_array().unwrap() {
        let until = case["until"].to_string();
        let args = [
            "benchmark",
            "--role",
            case["role"].as_str().unwrap(),
            "--level",
            case["level"].as_str().unwrap(),
            "--location",
            case["country"].as_str().unwrap(),
            "--until",
            &until,
        ];
        let b = d.json(&args);
        let p = &b["base"]["projection"];
        assert_eq!(p["backtest"]["trend_method"], "market-rate", "{args:?}: {p}");
        let (got, want) = (f(&p["backtest"]["trend_growth"]), f(&case["growth"]));
        assert!((got - want).abs() < 1e-12, "{args:?}: paygrid {got} vs pandas {want}");
        let pairs = case["pairs"].as_array().unwrap();
        let first = pairs[0]["year"].as_i64().unwrap() - 1;
        let last = pairs.last().unwrap()["year"].as_i64().unwrap();
        let basis = p["basis"].as_str().unwrap();
        assert!(basis.contains("chain-linked within-cell changes"), "{basis}");
        assert!(basis.contains(&format!("{} year pair", pairs.len())) && basis.contains(&format!("{first}–{last}")), "{basis}");
    }
}

#[test]
fn point_projection_is_the_last_value_unless_a_trend_beats_it() {
    let d = fixtures::defaults();
    let mut last_values = 0;
    for (role, place) in [
        ("data-scientist", "US"),
        ("data-engineer", "US"),
        ("data-analyst", "US"),
        ("machine-learning-engineer", "US"),
        ("data-scientist", "Canada"),
        ("data-scientist", "United Kingdom"),
        ("data-engineer", "Germany"),
    ] {
        let b = d.json(&["benchmark", "--role", role, "--location", place]);
        for (m, p, trend) in projections(&b) {
            let ev = &p["backtest"]["trend"];
            let beats = ev["held_out"].as_u64().is_some_and(|n| n >= 20) && ev["gain_ci"][0].as_f64().is_some_and(|lo| lo > 0.0);
            if beats {
                assert_eq!(p["method"], p["backtest"]["trend_method"], "{role} {place} {m}: {p}");
            } else {
                last_values += 1;
                assert_eq!(p["method"], "last-value", "{role} {place} {m}: a trend not shown to beat the last value: {p}");
                let last = trend.as_array().unwrap().last().unwrap();
                assert_eq!(f(&p["p50"]), f(&last["p50"]), "{role} {place} {m}");
                assert_eq!(f(&p["growth"]), 0.0);
            }
        }
    }
    assert!(last_values > 0, "the default data has cells where no trend beats the last value");
}

#[test]
fn backtest_prints_out_of_time_coverage_consistent_with_its_years() {
    let bt = fixtures::defaults().json(&["backtest"]);
    let base = &bt["measures"][0];
    assert_eq!(base["measure"], "base");
    for s in base["methods"].as_array().unwrap().iter().filter(|s| s["method"] != "market-rate-calibrated") {
        let years: Vec<&Value> =
            base["calibration_by_year"].as_array().unwrap().iter().filter(|c| c["method"] == s["method"]).collect();
        let held: u64 = years.iter().map(|c| c["held_out"].as_u64().unwrap()).sum();
        assert_eq!(s["calibrated_held_out"].as_u64().unwrap(), held, "{s}");
        if held > 0 {
            let covered: f64 = years.iter().map(|c| f(&c["coverage"]) * f(&c["held_out"])).sum();
            assert!((f(&s["calibrated_coverage"]) - covered / held as f64).abs() < 1e-9, "{s}");
        }
    }
    let lv = base["methods"].as_array().unwrap().iter().find(|s| s["method"] == "last-value").unwrap();
    assert!(lv["calibrated_coverage"].is_number(), "{lv}");
    let table = fixtures::defaults().ok(&["backtest"]);
    assert!(table.contains("calibrated coverage, out of time"), "{table}");
}

/// The block of docs/methodology.md between `<!-- backtest:NAME:begin -->` and its end marker.
fn doc_block(name: &str) -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/methodology.md")).unwrap();
    let begin = format!("<!-- backtest:{name}:begin -->");
    let end = format!("<!-- backtest:{name}:end -->");
    let from = doc.find(&begin).unwrap_or_else(|| panic!("docs/methodology.md has no {begin}")) + begin.len();
    let to = doc[from..].find(&end).unwrap_or_else(|| panic!("docs/methodology.md has no {end}")) + from;
    doc[from..to].trim_matches('\n').to_string()
}

fn assert_doc_matches(name: &str, fixture: &Fixture) {
    let printed = fixture.ok(&["backtest", "--format", "md"]);
    assert_eq!(
        doc_block(name),
        printed.trim_matches('\n'),
        "docs/methodology.md's {name} backtest tables differ from `paygrid backtest --format md`: run tools/update_backtest_docs.sh"
    );
}

#[test]
fn methodology_backtest_tables_match_the_command() {
    assert_doc_matches("defaults", fixtures::defaults());
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn methodology_levels_fyi_backtest_tables_match_the_command() {
    assert_doc_matches("levels-fyi", fixtures::levels_fyi());
}
