//! paygrid-stats against independent references (numpy/scipy, via
//! tools/stats_reference.py → tests/fixtures/reference.txt) and against
//! simulation: the coverage of the percentile confidence intervals.

mod robust;

use std::collections::HashMap;

use paygrid_stats::dist::{ln_gamma, reg_inc_beta};
use paygrid_stats::rng::{splitmix64, Rng};
use paygrid_stats::*;

/// section → list of (key, values), in file order.
type Fixture = HashMap<String, Vec<(String, Vec<f64>)>>;

fn fixture() -> Fixture {
    let text = include_str!("../fixtures/reference.txt");
    let mut out: Fixture = HashMap::new();
    let mut section = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
            continue;
        }
        let mut parts = line.split_whitespace();
        let key = parts.next().unwrap().to_string();
        let vals = parts.map(|v| v.parse::<f64>().unwrap_or_else(|_| panic!("bad number {v:?}"))).collect();
        out.entry(section.clone()).or_default().push((key, vals));
    }
    out
}

fn rows<'a>(f: &'a Fixture, section: &str, key: &str) -> Vec<&'a [f64]> {
    f[section].iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_slice()).collect()
}

fn one<'a>(f: &'a Fixture, section: &str, key: &str) -> &'a [f64] {
    let r = rows(f, section, key);
    assert_eq!(r.len(), 1, "{section}.{key}");
    r[0]
}

fn close(got: f64, want: f64, rel: f64, what: &str) {
    let tol = rel * want.abs().max(1e-300);
    assert!((got - want).abs() <= tol, "{what}: got {got:e}, want {want:e} (rel tol {rel:e})");
}

#[test]
fn quantiles_match_numpy() {
    let f = fixture();
    let vals = one(&f, "quantile", "values").to_vec();
    let mut sorted = vals.clone();
    sort_values(&mut sorted);
    for q in rows(&f, "quantile", "q") {
        // numpy's evaluation is replicated, so equality is exact.
        assert_eq!(quantile_sorted(&sorted, q[0]), q[1], "p={}", q[0]);
    }
    let s = summary(&vals);
    assert_eq!(s.n, 300);
    close(s.mean, one(&f, "quantile", "mean")[0], 1e-15, "mean");
    let c = cell_stats(&mut vals.clone());
    close(c.sd, one(&f, "quantile", "sd")[0], 1e-13, "sd");

    let small = one(&f, "quantile", "small").to_vec();
    let s = summary(&small);
    for (got, q) in s.percentiles().iter().zip(rows(&f, "quantile", "small_q")) {
        assert_eq!(*got, q[1], "small p={}", q[0]);
    }

    let fences = one(&f, "quantile", "fences");
    let lf = log_fences(&vals).unwrap();
    close(lf.lo, fences[0], 1e-13, "fence lo");
    close(lf.hi, fences[1], 1e-13, "fence hi");
}

#[test]
fn mean_of_100k_matches_numpy_to_the_cent() {
    let f = fixture();
    let mut state = one(&f, "mean100k", "seed")[0] as u64;
    let n = one(&f, "mean100k", "n")[0] as usize;
    let mut vals: Vec<f64> = (0..n)
        .map(|_| {
            let u = (splitmix64(&mut state) >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            25_000.0 + 1e6 * (((u * u) * u) * u)
        })
        .collect();
    let s = cell_summary(&mut vals);
    let numpy = one(&f, "mean100k", "numpy_mean")[0];
    let exact = one(&f, "mean100k", "exact_mean")[0];
    assert!((s.mean - numpy).abs() < 0.005, "mean {} vs numpy {}", s.mean, numpy);
    assert!((s.mean - exact).abs() < 1e-6, "mean {} vs exact {}", s.mean, exact);
    let q = one(&f, "mean100k", "p10_p50_p90");
    assert_eq!([s.p10, s.p50, s.p90], [q[0], q[1], q[2]]);
}

#[test]
fn special_functions_match_scipy() {
    let f = fixture();
    for r in rows(&f, "special", "lgamma") {
        close(ln_gamma(r[0]), r[1], 1e-13, &format!("lgamma({})", r[0]));
    }
    for r in rows(&f, "special", "norm_ppf") {
        let got = normal_quantile(r[0]);
        assert!((got - r[1]).abs() <= 1e-15 * r[1].abs().max(1.0), "norm_ppf({}) = {got}, want {}", r[0], r[1]);
    }
    for r in rows(&f, "special", "norm_cdf") {
        close(normal_cdf(r[0]), r[1], 1e-13, &format!("norm_cdf({})", r[0]));
    }
    for r in rows(&f, "special", "t_ppf") {
        close(student_t_quantile(r[0], r[1]), r[2], 1e-12, &format!("t_ppf({}, {})", r[0], r[1]));
        if r[0] == 0.975 && r[1].fract() == 0.0 {
            close(t975(r[1] as usize), r[2], 1e-13, &format!("t975({})", r[1]));
        }
    }
    for r in rows(&f, "special", "t_cdf") {
        let got = student_t_cdf(r[0], r[1]);
        // relative in the lower tail, absolute near 1
        let tol = 1e-13 * r[2].min(1.0 - r[2]).max(1e-3);
        assert!((got - r[2]).abs() <= tol.max(1e-16), "t_cdf({}, {}) = {got:e}, want {:e}", r[0], r[1], r[2]);
    }
    for r in rows(&f, "special", "binom_cdf") {
        close(binomial_cdf(r[0] as u64, r[1] as u64, r[2]), r[3], 1e-12, &format!("binom_cdf{r:?}"));
    }
    for r in rows(&f, "special", "betainc") {
        close(reg_inc_beta(r[0], r[1], r[2]), r[3], 1e-13, &format!("betainc{r:?}"));
    }
}

#[test]
fn ci_ranks_match_independent_implementation() {
    let f = fixture();
    let (mut exact_cases, mut approx_cases, mut approx_equal) = (0, 0, 0);
    for r in rows(&f, "ranks", "r") {
        let (n, p) = (r[0] as usize, r[1]);
        let want = (r[2] as usize, r[3] as usize, r[4] == 1.0);
        let ex = QuantileCi::exact(n, p);
        assert_eq!((ex.lo_rank, ex.hi_rank, ex.full), want, "exact n={n} p={p}");
        let got = QuantileCi::ranks(n, p).unwrap();
        if QuantileCi::normal_approx(n, p).is_some() {
            approx_cases += 1;
            assert!(
                got.lo_rank.abs_diff(want.0) <= 1 && got.hi_rank.abs_diff(want.1) <= 1,
                "approx n={n} p={p}: {got:?} vs {want:?}"
            );
            approx_equal += usize::from((got.lo_rank, got.hi_rank) == (want.0, want.1));
        } else {
            exact_cases += 1;
            assert_eq!((got.lo_rank, got.hi_rank, got.full), want, "ranks n={n} p={p}");
        }
    }
    println!(
        "CI ranks: {exact_cases} exact-path cases identical; normal path {approx_equal}/{approx_cases} identical, rest within ±1"
    );
    assert!(exact_cases > 300 && approx_cases >= 40);
}

/// The normal approximation at and beyond its threshold: within one rank of
/// the exact rule, and never below 95% exact coverage.
#[test]
fn normal_approximation_within_one_rank_of_exact() {
    let mut same = 0;
    let mut total = 0;
    let mut min_cov = 1.0_f64;
    let ns: Vec<usize> = (1001..=1100).chain([1234, 2000, 5000, 20_000, 100_000, 1_000_000]).collect();
    for &n in &ns {
        for p in STANDARD_PS.iter().copied().chain([0.05, 0.2, 0.95]) {
            let Some(a) = QuantileCi::normal_approx(n, p) else {
                assert!(n as f64 * p.min(1.0 - p) < 100.0);
                continue;
            };
            let e = QuantileCi::exact(n, p);
            assert!(a.lo_rank.abs_diff(e.lo_rank) <= 1 && a.hi_rank.abs_diff(e.hi_rank) <= 1, "n={n} p={p}: {a:?} vs {e:?}");
            let cov = a.coverage(n, p);
            min_cov = min_cov.min(cov);
            assert!(cov >= 0.95 - 1e-9, "n={n} p={p}: approx coverage {cov}");
            same += usize::from((a.lo_rank, a.hi_rank) == (e.lo_rank, e.hi_rank));
            total += 1;
        }
    }
    println!("normal approximation: {same}/{total} identical to exact ranks, min exact coverage {min_cov:.5}");
}

fn fixture_ols_rows(f: &Fixture) -> Vec<&[f64]> {
    rows(f, "ols", "row")
}

#[test]
fn ols_matches_numpy_lstsq() {
    let f = fixture();
    let data = fixture_ols_rows(&f);
    let design = Design::new(2, &[5, 4]);
    let mut acc = design.accumulator();
    for r in &data {
        design.push(&mut acc, &[r[1], r[2]], &[r[3] as usize, r[4] as usize], r[0]);
    }
    let fit = acc.fit().unwrap();

    // The same regression from dense columns.
    let n = data.len();
    let mut cols: Vec<Vec<f64>> = vec![vec![0.0; n]; design.columns()];
    let y: Vec<f64> = data.iter().map(|r| r[0]).collect();
    for (i, r) in data.iter().enumerate() {
        cols[0][i] = r[1];
        cols[1][i] = r[2];
        if let Some(j) = design.factor_coef(0, r[3] as usize) {
            cols[j - 1][i] = 1.0;
        }
        if let Some(j) = design.factor_coef(1, r[4] as usize) {
            cols[j - 1][i] = 1.0;
        }
    }
    let col_refs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
    let dense = ols(&col_refs, &y, true).unwrap();

    assert_eq!(fit.df_resid as f64, one(&f, "ols", "df")[0]);
    close(fit.sigma2, one(&f, "ols", "sigma2")[0], 1e-10, "sigma2");
    close(fit.r_squared, one(&f, "ols", "r2")[0], 1e-10, "r2");
    for c in rows(&f, "ols", "coef") {
        let j = c[0] as usize;
        for (which, got) in [("design", fit.coefs[j]), ("dense", dense.coefs[j])] {
            let scale = c[1].abs().max(1.0);
            assert!((got.estimate - c[1]).abs() < 1e-10 * scale, "{which} beta[{j}] {} vs {}", got.estimate, c[1]);
            close(got.se, c[2], 1e-9, &format!("{which} se[{j}]"));
            assert!((got.lo - c[3]).abs() < 1e-9 * scale && (got.hi - c[4]).abs() < 1e-9 * scale, "{which} ci[{j}]");
        }
    }
    let contrast = one(&f, "ols", "contrast");
    let lc = fit.linear_combination(&[(7, 1.0), (8, -1.0)]);
    assert!((lc.estimate - contrast[0]).abs() < 1e-10);
    close(lc.se, contrast[1], 1e-9, "contrast se");
    assert!(fit.aliased().is_empty());
}

#[test]
fn trend_and_backtest_match_numpy() {
    let f = fixture();
    let years = one(&f, "trend", "years");
    let med = one(&f, "trend", "medians");
    let w = one(&f, "trend", "weights");
    for (label, weighted) in [("unweighted", false), ("weighted", true)] {
        let pts: Vec<SeriesPoint> =
            (0..years.len()).map(|i| SeriesPoint::weighted(years[i], med[i], if weighted { w[i] } else { 1.0 })).collect();
        let t = LogLinearTrend::fit(&pts).unwrap();
        let want = one(&f, "trend", label);
        let (glo, ghi) = t.growth_ci();
        let p = t.project_next();
        assert_eq!(p.x, 2025.0);
        for (got, want, what) in [(t.growth(), want[0], "growth"), (glo, want[1], "growth lo"), (ghi, want[2], "growth hi")] {
            close(got, want, 1e-9, &format!("{label} {what}"));
        }
        for (got, want, what) in [(p.value, want[3], "proj"), (p.lo, want[4], "proj lo"), (p.hi, want[5], "proj hi")] {
            close(got, want, 1e-11, &format!("{label} {what}"));
        }
    }
    let pts: Vec<SeriesPoint> = years.iter().zip(med).map(|(&x, &v)| SeriesPoint::new(x, v)).collect();
    let bt = backtest(&pts, log_linear_forecast);
    let apes = one(&f, "trend", "backtest_apes");
    assert_eq!(bt.points.len(), apes.len());
    for (p, want) in bt.points.iter().zip(apes) {
        assert!((p.ape - want).abs() < 1e-11, "ape at {}: {} vs {}", p.x, p.ape, want);
    }
    let mc = one(&f, "trend", "backtest_mape_coverage");
    assert!((bt.mape().unwrap() - mc[0]).abs() < 1e-12);
    assert_eq!(bt.coverage().unwrap(), mc[1]);
}

/// Share of `reps` seeded log-normal samples of size n whose interval (from
/// `ranks`) contains the true p-quantile, for each p.
fn simulate_coverage(n: usize, ps: &[f64], reps: usize, seed: u64, ranks: impl Fn(usize, f64) -> QuantileCi) -> Vec<f64> {
    let (mu, sigma) = (11.6, 0.45);
    let truth: Vec<f64> = ps.iter().map(|&p| (mu + sigma * normal_quantile(p)).exp()).collect();
    let rk: Vec<QuantileCi> = ps.iter().map(|&p| ranks(n, p)).collect();
    let mut rng = Rng::new(seed);
    let mut hits = vec![0usize; ps.len()];
    let mut buf = vec![0.0; n];
    for _ in 0..reps {
        for v in buf.iter_mut() {
            *v = rng.lognormal(mu, sigma);
        }
        sort_values(&mut buf);
        for i in 0..ps.len() {
            hits[i] += usize::from(rk[i].interval(&buf).contains(truth[i]));
        }
    }
    hits.iter().map(|&h| h as f64 / reps as f64).collect()
}

/// THE coverage test: the 95% intervals of p10, p50 and p90 cover the true
/// quantile in 94–99% of 1,000 seeded repetitions at n = 30, 100 and 1,000.
#[test]
fn percentile_ci_coverage_on_lognormal_data() {
    let ps = [0.10, 0.50, 0.90];
    let reps = 1000;
    let mut table = vec![];
    let mut failures = vec![];
    for (i, n) in [30usize, 100, 1000].into_iter().enumerate() {
        // The rule under test, through the public API (cached table, n <= 1000).
        let cov = simulate_coverage(n, &ps, reps, 0x5EED_0000 + i as u64, |n, p| QuantileCi::ranks(n, p).unwrap());
        for (&p, &c) in ps.iter().zip(&cov) {
            let nominal = QuantileCi::ranks(n, p).unwrap().coverage(n, p);
            table.push(format!("n={n:>5}  p={p:.2}  coverage={c:.3}  (exact binomial {nominal:.4})"));
            if !(0.94..=0.99).contains(&c) {
                failures.push(format!("n={n} p={p} coverage {c}"));
            }
        }
    }
    println!("95% percentile CI coverage, {reps} log-normal samples each:\n{}", table.join("\n"));
    assert!(failures.is_empty(), "coverage outside [0.94, 0.99]: {failures:?}");

    // The test has teeth: a rank rule one step too narrow on each side (a
    // typical off-by-one) fails it.
    let narrow = |n: usize, p: f64| {
        let r = QuantileCi::ranks(n, p).unwrap();
        QuantileCi { lo_rank: (r.lo_rank + 1).min(n), hi_rank: r.hi_rank.saturating_sub(1).max(1), ..r }
    };
    let bad = simulate_coverage(30, &ps, reps, 0x5EED_0000, narrow);
    println!("off-by-one (narrowed) rule at n=30: {bad:?}");
    assert!(bad.iter().any(|c| !(0.94..=0.99).contains(c)), "a wrong rank rule should fail the coverage test");
}

#[test]
fn confidence_labels_on_simulated_cells() {
    // A tight log-normal cell of 400 grades high; 40 values medium; 12 low; 4 suppressed.
    let mut rng = Rng::new(7);
    let mut cell = |n: usize| -> Confidence {
        let mut v: Vec<f64> = (0..n).map(|_| rng.lognormal(11.6, 0.3)).collect();
        cell_stats(&mut v).confidence(DEFAULT_FLOOR)
    };
    assert_eq!(cell(400), Confidence::High);
    assert_eq!(cell(40), Confidence::Medium);
    assert_eq!(cell(12), Confidence::Low);
    assert_eq!(cell(4), Confidence::Suppressed);
}

/// Share of `reps` seeded log-normal samples of size n whose mean interval
/// (from `ci`) contains the true mean exp(mu + sigma²/2).
fn simulate_mean_coverage(n: usize, sigma: f64, reps: usize, seed: u64, ci: impl Fn(&[f64]) -> Ci) -> f64 {
    let mu = 11.6;
    let truth = (mu + sigma * sigma / 2.0).exp();
    let mut rng = Rng::new(seed);
    let mut buf = vec![0.0; n];
    let mut hits = 0usize;
    for _ in 0..reps {
        for v in buf.iter_mut() {
            *v = rng.lognormal(mu, sigma);
        }
        hits += usize::from(ci(&buf).contains(truth));
    }
    hits as f64 / reps as f64
}

/// The mean's interval holds its 95% on skewed pay where the t interval
/// does not: sd of ln pay 0.5 and 0.65 (the upper range of real cells), n = 5
/// to 30, 10,000 seeded repetitions each.
#[test]
fn mean_ci_coverage_on_lognormal_pay() {
    let t_interval = |v: &[f64]| {
        let m = mean(v);
        mean_ci_from(v.len(), m, sample_variance(v, m).sqrt())
    };
    let reps = 10_000;
    let mut table = vec![];
    let mut failures = vec![];
    for (i, &(sigma, n)) in [(0.5, 5), (0.5, 10), (0.5, 20), (0.65, 5), (0.65, 10), (0.65, 29), (0.35, 30)].iter().enumerate() {
        let seed = 0x3EA2_0000 + i as u64;
        let ours = simulate_mean_coverage(n, sigma, reps, seed, |v| mean_ci(v).unwrap());
        let t = simulate_mean_coverage(n, sigma, reps, seed, t_interval);
        table.push(format!("sd(ln pay)={sigma:.2} n={n:>2}  published {ours:.3}  t {t:.3}"));
        if !(0.93..=0.97).contains(&ours) {
            failures.push(format!("sigma={sigma} n={n}: {ours}"));
        }
    }
    println!("mean CI coverage, {reps} log-normal samples each:\n{}", table.join("\n"));
    assert!(failures.is_empty(), "mean interval coverage outside [0.93, 0.97]: {failures:?}");
    // The test has teeth: the plain t interval it replaced fails it.
    let t = simulate_mean_coverage(5, 0.65, reps, 0x3EA2_0003, t_interval);
    assert!(t < 0.92, "t interval at n = 5, sd 0.65: {t}");
}
