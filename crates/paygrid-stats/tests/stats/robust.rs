//! Robust standard errors, t-test p-values and multiple-testing adjustments
//! against an independent numpy/mpmath computation on the same seeded design
//! (tools/robust_reference.py → tests/fixtures/robust_reference.txt).

use paygrid_stats::*;

fn lines(key: &str) -> Vec<Vec<f64>> {
    include_str!("../fixtures/robust_reference.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            (parts.next() == Some(key)).then(|| parts.map(|v| v.parse::<f64>().expect("number")).collect())
        })
        .collect()
}

fn one(key: &str) -> Vec<f64> {
    let l = lines(key);
    assert_eq!(l.len(), 1, "{key}");
    l[0].clone()
}

fn close(got: f64, want: f64, rel: f64, what: &str) {
    assert!((got - want).abs() <= rel * want.abs(), "{what}: got {got:e}, want {want:e}");
}

/// Regressors of a fixture row: yoe, level 1..3 dummies, three skills, the lone dummy.
fn regressors(r: &[f64]) -> Vec<f64> {
    let level = r[2] as usize;
    let mut x = vec![r[1]];
    x.extend((1..4).map(|j| if level == j { 1.0 } else { 0.0 }));
    x.extend_from_slice(&r[3..7]);
    x
}

#[test]
fn hc3_and_cr1_match_numpy() {
    let rows = lines("row");
    assert_eq!(rows.len(), 300);
    let mut acc = OlsAccumulator::new(8, true);
    for r in &rows {
        acc.push_row(&regressors(r), r[0]);
    }
    let fit = acc.fit().unwrap();
    let mut robust = fit.robust();
    for r in &rows {
        let cluster = (r[7] >= 0.0).then_some(r[7] as u64);
        robust.push_row(&regressors(r), r[0], cluster);
    }
    assert_eq!(one("leverage_one")[0], 1.0, "the fixture keeps a row of leverage 1");
    let hc3 = robust.hc3();
    let cr1 = robust.cr1().unwrap();
    assert_eq!((hc3.method, cr1.method), (SeMethod::Hc3, SeMethod::Cr1));
    assert_eq!(hc3.df as f64, one("df")[0]);
    assert_eq!(cr1.clusters.map(|g| g as f64), Some(one("clusters")[0]));
    assert_eq!(cr1.df as f64, one("clusters")[0] - 1.0);
    let coefs = lines("coef");
    assert_eq!(coefs.len(), 9);
    for c in &coefs {
        let j = c[0] as usize;
        let what = |s: &str| format!("coef {j} {s}");
        close(hc3.coefs[j].estimate, c[1], 1e-9, &what("estimate"));
        close(hc3.coefs[j].se, c[2], 1e-9, &what("HC3 se"));
        close(hc3.coefs[j].lo, c[3], 1e-9, &what("HC3 lo"));
        close(hc3.coefs[j].hi, c[4], 1e-9, &what("HC3 hi"));
        close(cr1.coefs[j].se, c[6], 1e-9, &what("CR1 se"));
        close(cr1.coefs[j].lo, c[7], 1e-9, &what("CR1 lo"));
        close(cr1.coefs[j].hi, c[8], 1e-9, &what("CR1 hi"));
        // The intercept's p-values are far below anything printed (1e-113,
        // and one denormal); the slopes' are compared.
        if j > 0 {
            close(hc3.p_value(j), c[5], 1e-9, &what("HC3 p"));
            close(cr1.p_value(j), c[9], 1e-9, &what("CR1 p"));
        }
    }
    close(hc3.cov(1, 5), one("cov_hc3_1_5")[0], 1e-9, "HC3 cov");
    close(cr1.cov(5, 1), one("cov_cr1_1_5")[0], 1e-9, "CR1 cov");

    let p: Vec<f64> = (1..9).map(|j| hc3.p_value(j)).collect();
    for (got, want) in holm(&p).iter().zip(one("holm")) {
        close(*got, want, 1e-9, "Holm");
    }
    for (got, want) in benjamini_hochberg(&p).iter().zip(one("bh")) {
        close(*got, want, 1e-9, "BH");
    }
}
