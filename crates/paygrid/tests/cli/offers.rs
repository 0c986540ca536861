//! `paygrid offer` on the Levels.fyi fixture: counters a recruiter would
//! read as serious, unknown parts that stay unknown, ties worded as such,
//! and amounts no import would accept refused.

use super::fixtures;
use serde_json::Value;

const SEATTLE_SENIOR: [&str; 6] = ["--role", "backend-engineer", "--level", "senior", "--location", "Seattle, WA"];

fn offer(extra: &[&str]) -> Value {
    let args = [&["offer"][..], &SEATTLE_SENIOR, extra].concat();
    fixtures::levels_fyi().json(&args)
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The cell's published benchmark, the figures a counter must rest on.
fn benchmark() -> Value {
    fixtures::levels_fyi().json(&[&["benchmark"][..], &SEATTLE_SENIOR].concat())
}

/// The rule's bounds on any counter: no single ask above one year's gap,
/// the whole counter within 25% of the offer's TC, a signing bonus a one-off
/// of at most the gap, every lever with the CI of its statistic, ordered by
/// support.
fn assert_serious(c: &Value, tc: f64) {
    let levers = c["levers"].as_array().unwrap();
    let gap = c["total_gap"].as_f64();
    let mut support = Vec::new();
    for l in levers {
        let first = f(&l["first_year"]);
        assert!(first > 0.0 && first <= f(&c["budget"]) + 0.01, "{l}");
        if let Some(g) = gap {
            assert!(first <= g + 0.01, "{l} is above one year's gap {g}");
        }
        let ci = l["target_ci"].as_array().unwrap_or_else(|| panic!("{l} without its CI"));
        assert!(f(&ci[0]) <= f(&l["target"]) && f(&l["target"]) <= f(&ci[1]), "{l}");
        assert!(l["n"].as_u64().unwrap() >= 5);
        if l["alternative"] == false {
            support.push(l["support"].as_f64().unwrap_or(f64::INFINITY));
        }
    }
    assert!(support.windows(2).all(|w| w[0] >= w[1]), "ordered by support: {support:?}");
    assert!(f(&c["total_ask"]) <= 0.25 * tc + 0.01, "{} > 25% of {tc}", c["total_ask"]);
    if let Some(s) = c["signing_ask"].as_f64() {
        assert!(s <= gap.unwrap() + 0.01 && s <= 0.25 * tc + 0.01, "signing {s}");
    }
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn the_seattle_offer_gets_a_counter_within_the_gap_and_a_quarter_of_tc() {
    let v = offer(&["--base", "185000", "--bonus", "20000", "--equity-grant", "160000", "--vest-years", "4"]);
    let tc = 185_000.0 + 20_000.0 + 160_000.0 / 4.0;
    assert_eq!(f(&v["offer"]["total"]), tc);
    assert!(v["offer"]["signing"].is_null(), "not given: unknown");
    let c = &v["counter"];
    assert_serious(c, tc);
    // The offer's TC is below the cell's median TC beyond its CI: the gap is
    // to the median as published by `paygrid benchmark`, not to p75.
    let b = benchmark();
    let median_tc = f(&b["total"]["p50"]);
    assert!(tc < f(&b["total"]["ci"]["p50"][0]));
    assert_eq!(f(&c["target_total"]), median_tc);
    let gap = f(&c["total_gap"]);
    assert!((gap - (median_tc - tc)).abs() < 0.01, "{gap}");
    // The signing bonus is a one-off of at most that gap, never 4 x gap.
    let signing = f(&c["signing_ask"]);
    assert!(signing <= gap + 0.01 && (signing - 4.0 * gap).abs() > 1.0, "{signing}");
    // The base is above the cell's p75: equity carries the counter, as a
    // grant over the vesting years whose yearly value is at most the gap.
    assert_eq!(c["rule"], "at-or-above-p75");
    assert!(c["base"].is_null());
    let equity = c["levers"].as_array().unwrap().iter().find(|l| l["lever"] == "equity").expect("an equity lever");
    assert!((f(&equity["ask"]) - 4.0 * f(&equity["first_year"])).abs() < 0.01);
    assert_eq!(f(&c["equity_grant_ask"]), f(&equity["ask"]));
    let text = c["reasoning"].as_str().unwrap();
    assert!(!text.contains("$340,000"), "{text}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn a_base_only_offer_asks_nothing_from_a_tc_it_cannot_know() {
    let v = offer(&["--base", "185000"]);
    for k in ["bonus", "annual_equity", "signing", "total"] {
        assert!(v["offer"][k].is_null(), "offer.{k} is unknown: {}", v["offer"][k]);
    }
    assert_eq!(f(&v["offer"]["total_at_least"]), 185_000.0);
    let t = &v["total"];
    assert!(t["at_least"] == true && t["percentile_rank"].is_null() && t["position"].is_null(), "{t}");
    let c = &v["counter"];
    for k in ["total_gap", "signing_ask", "equity_grant_ask", "base"] {
        assert!(c[k].is_null(), "counter.{k} = {}", c[k]);
    }
    assert!(c["levers"].as_array().unwrap().is_empty());
    let text = c["reasoning"].as_str().unwrap();
    assert!(text.contains("not given: bonus and equity grant"), "{text}");
    let table = fixtures::levels_fyi().ok(&[&["offer"][..], &SEATTLE_SENIOR, &["--base", "185000"]].concat());
    assert!(table.contains("at least $185,000") && !table.contains("signing bonus of"), "{table}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn an_offer_at_the_median_reads_at_the_median() {
    // 160,000 is the cell's median base and many records report exactly
    // it, so its mid-rank is below 50.
    let b = benchmark();
    assert_eq!(f(&b["base"]["p50"]), 160_000.0);
    let v = offer(&["--base", "160000"]);
    let rank = v["base"]["percentile_rank"].as_u64().unwrap();
    assert!(rank < 50, "{rank}");
    let words = v["base"]["in_words"].as_str().unwrap();
    assert!(words.starts_with("at the median ($160,000)") && words.contains(&format!("{rank}")), "{words}");
    let text = v["counter"]["reasoning"].as_str().unwrap();
    assert!(text.contains("at the median ($160,000)") && !text.contains("at or above the median"), "{text}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn an_offer_inside_the_medians_noise_is_in_line() {
    // TC 165,000 + 21,000 + 288,000 / 4 = 258,000: inside the CI of the
    // cell's median TC.
    let v = offer(&["--base", "165000", "--bonus", "21000", "--equity-grant", "288000", "--signing", "0"]);
    let ci = &benchmark()["total"]["ci"]["p50"];
    assert!(f(&ci[0]) <= 258_000.0 && 258_000.0 <= f(&ci[1]), "{ci}");
    let c = &v["counter"];
    assert!(c["in_line"] == true && c["levers"].as_array().unwrap().is_empty(), "{c}");
    assert!(c["total_gap"].is_null() && c["signing_ask"].is_null());
    assert!(c["reasoning"].as_str().unwrap().contains("in line with the market"));
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn amounts_no_import_would_accept_are_refused_naming_the_field() {
    let cases: &[(&[&str], &str)] = &[
        (&["--base", "1e308"], "--base"),
        (&["--base", "500"], "--base"),
        (&["--base", "NaN"], "--base"),
        (&["--base", "150000", "--equity-grant", "1e308"], "--equity-grant"),
        (&["--base", "150000", "--bonus=-5"], "--bonus"),
        (&["--base", "150000", "--signing", "inf"], "--signing"),
        (&["--base", "150000", "--vest-years", "0"], "--vest-years"),
        (&["--base", "150000", "--vest-years", "11"], "--vest-years"),
    ];
    for (extra, flag) in cases {
        let o = fixtures::levels_fyi().run(&[&["offer"][..], &SEATTLE_SENIOR, extra].concat());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{extra:?}: {err}");
        assert!(err.contains(flag), "{extra:?}: {err}");
        assert!(o.stdout.is_empty(), "{extra:?}");
    }
    let o = fixtures::levels_fyi().run(&[&["offer"][..], &SEATTLE_SENIOR, &["--base", "1e308"]].concat());
    assert!(String::from_utf8_lossy(&o.stderr).contains("sanity range"));
}

/// Within a cent: figures are sums and differences of amounts in cents.
fn close(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 0.01,
        _ => a.is_null() && b.is_null(),
    }
}

/// tools/offer_reference.py recomputes the cell, the ranks and the counter
/// rule with numpy from the stored records, without paygrid's code.
#[test]
#[cfg_attr(not(shared_data), ignore = "needs Levels.fyi in ../shared/data (not shipped; see README)")]
fn offers_match_the_independent_numpy_reference() {
    let fixture: Value = serde_json::from_str(include_str!("../fixtures/offer_reference.json")).expect("fixture parses");
    let cell = &fixture["cell"];
    let offers = fixture["offers"].as_array().unwrap();
    assert!(offers.len() >= 5);
    for o in offers {
        let name = o["name"].as_str().unwrap();
        let mut extra: Vec<String> = Vec::new();
        for (key, flag) in [
            ("base", "--base"),
            ("bonus", "--bonus"),
            ("equity_grant", "--equity-grant"),
            ("vest_years", "--vest-years"),
            ("signing", "--signing"),
        ] {
            if let Some(x) = o[key].as_f64() {
                extra.extend([flag.to_string(), x.to_string()]);
            }
        }
        let v = offer(&extra.iter().map(String::as_str).collect::<Vec<_>>());
        let b = &v["benchmark"];
        for (mine, theirs) in [(&b["base"], &cell["base"]), (&b["total"], &cell["total"])] {
            for k in ["n", "p50", "p50_ci", "p75", "p75_ci"] {
                assert_eq!(mine[k], theirs[k], "{name}: {k}");
            }
        }
        let comp = &v["components"];
        for (mine, theirs) in [(&comp["bonus"], &cell["bonus"]), (&comp["annual_equity"], &cell["equity"])] {
            for k in ["n", "p50", "p50_ci", "p75", "p75_ci"] {
                assert_eq!(mine[k], theirs[k], "{name}: component {k}");
            }
        }
        let want = &o["expected"];
        assert_eq!(v["base"]["percentile_rank"], want["base_rank"], "{name}");
        assert_eq!(v["total"]["percentile_rank"], want["total_rank"], "{name}");
        let c = &v["counter"];
        for k in ["target_total", "total_gap", "budget", "signing_ask"] {
            assert!(close(&c[k], &want[k]), "{name}: counter.{k} {} vs {}", c[k], want[k]);
        }
        assert_eq!(c["in_line"], want["in_line"], "{name}");
        let levers: Vec<&Value> = c["levers"].as_array().unwrap().iter().filter(|l| l["lever"] != "signing").collect();
        let expected = want["levers"].as_array().unwrap();
        assert_eq!(levers.len(), expected.len(), "{name}: {levers:?}");
        for (l, w) in levers.iter().zip(expected) {
            assert_eq!(l["lever"], w["lever"], "{name}");
            for k in ["first_year", "ask", "target"] {
                assert!(close(&l[k], &w[k]), "{name}: {} {k} {} vs {}", w["lever"], l[k], w[k]);
            }
            assert_eq!(l["target_ci"], w["target_ci"], "{name}");
        }
    }
}
