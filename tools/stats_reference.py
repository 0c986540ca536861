#!/usr/bin/env python3
"""Reference values for paygrid-stats, computed independently with numpy/scipy.

Writes crates/paygrid-stats/tests/fixtures/reference.txt (or stdout with `-`).
The Rust integration test (crates/paygrid-stats/tests/stats/main.rs) reads it and
checks the crate against every figure here.

    pip install numpy scipy
    python3 tools/stats_reference.py            # rewrite the fixture
    python3 tools/stats_reference.py -          # print it

Format: `[section]` headers, then lines `key v1 v2 ...` (floats in repr form,
which round-trips exactly).
"""

import math
import os
import sys

import numpy as np
from scipy import special, stats

SEED = 20261122
MASK = (1 << 64) - 1


def splitmix64(state):
    """One splitmix64 step; returns (new_state, output). Mirrors crates/paygrid-stats/tests/support/rng.rs."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def fmt(*vals):
    return " ".join(repr(float(v)) for v in vals)


def ci_ranks(n, p):
    """paygrid's CI rank rule, written from its definition (not from the Rust).

    g(k) = F(k-1), F the Binomial(n, p) CDF; l = max k with g(k) <= 0.025,
    u = min k with g(k) >= 0.975; a tail that cannot reach 2.5% pins its end to
    the extreme and the other end widens until g(u) - g(l) >= 0.95.
    Returns (l, u, full) with 1-based ranks.
    """
    k = np.arange(1, n + 1)
    g = stats.binom.cdf(k - 1, n, p)
    lower_ok = g[0] <= 0.025
    upper_ok = g[-1] >= 0.975
    if lower_ok and upper_ok:
        l = int(k[g <= 0.025].max())
        u = int(k[g >= 0.975].min())
    elif upper_ok:  # lower tail pinned at the minimum
        l = 1
        ok = k[g - g[0] >= 0.95]
        u = int(ok.min()) if ok.size else n
    elif lower_ok:  # upper tail pinned at the maximum
        u = n
        ok = k[g[-1] - g >= 0.95]
        l = int(ok.max()) if ok.size else 1
    else:
        l, u = 1, n
    full = g[u - 1] - g[l - 1] >= 0.95 - 1e-12
    return l, u, int(full)


def quantile_section(out):
    rng = np.random.default_rng(SEED)
    vals = rng.lognormal(mean=11.6, sigma=0.45, size=300)
    out.append("[quantile]")
    out.append("values " + fmt(*vals))
    ps = [0.0, 0.01, 0.1, 0.25, 0.3333333333333333, 0.5, 0.75, 0.9, 0.99, 1.0]
    for p in ps:
        out.append("q " + fmt(p, np.quantile(vals, p)))
    out.append("mean " + fmt(np.mean(vals)))
    out.append("sd " + fmt(np.std(vals, ddof=1)))
    # small sample with ties
    small = np.array([52000.0, 48000.0, 52000.0, 61000.0, 45000.0, 52000.0, 70000.0])
    out.append("small " + fmt(*small))
    for p in [0.1, 0.25, 0.5, 0.75, 0.9]:
        out.append("small_q " + fmt(p, np.quantile(small, p)))
    # the ln-scale outlier fences of the 300 values
    logs = np.log(vals)
    q1, q3 = np.quantile(logs, [0.25, 0.75])
    out.append("fences " + fmt(math.exp(q1 - 3 * (q3 - q1)), math.exp(q3 + 3 * (q3 - q1))))


def mean100k_section(out):
    # Heavy-tailed "salaries" from splitmix64: 25,000 + 1e6 * u^4.
    n = 100_000
    state = SEED
    vals = np.empty(n)
    for i in range(n):
        state, z = splitmix64(state)
        u = (z >> 11) * (1.0 / (1 << 53))
        vals[i] = 25000.0 + 1e6 * (((u * u) * u) * u)
    out.append("[mean100k]")
    out.append("seed " + fmt(SEED))
    out.append("n " + fmt(n))
    out.append("numpy_mean " + fmt(np.mean(vals)))
    out.append("exact_mean " + fmt(math.fsum(vals) / n))
    out.append("p10_p50_p90 " + fmt(*np.quantile(vals, [0.1, 0.5, 0.9])))


def special_section(out):
    out.append("[special]")
    for x in [0.1, 0.5, 1.5, 2.5, 7.3, 10.0, 33.3, 171.5, 1000.5, 123456.7]:
        out.append("lgamma " + fmt(x, math.lgamma(x)))
    for p in [1e-12, 1e-6, 0.001, 0.025, 0.1, 0.42, 0.5, 0.9, 0.975, 0.999999]:
        out.append("norm_ppf " + fmt(p, stats.norm.ppf(p)))
    for z in [-8.0, -3.0, -1.96, -0.5, 0.0, 0.7, 2.5, 6.0]:
        out.append("norm_cdf " + fmt(z, stats.norm.cdf(z)))
    for df in [1, 2, 3, 4, 5, 7, 10, 29, 30, 99, 500, 999, 1000, 1001, 4999, 5000, 20000, 1e6]:
        for p in [0.975, 0.9, 0.001, 1e-9]:
            out.append("t_ppf " + fmt(p, df, stats.t.ppf(p, df)))
    for df in [1, 3, 8.5, 30, 1000, 100000]:
        for t in [-40.0, -2.0, -0.3, 0.0, 1.0, 2.5, 7.0]:
            out.append("t_cdf " + fmt(t, df, stats.t.cdf(t, df)))
    for (k, n, p) in [(0, 30, 0.1), (3, 30, 0.1), (7, 30, 0.1), (49, 100, 0.5), (120, 1000, 0.1),
                      (880, 1000, 0.9), (2480, 5000, 0.5), (5, 5000, 0.001)]:
        out.append("binom_cdf " + fmt(k, n, p, stats.binom.cdf(k, n, p)))
    for (a, b, x) in [(0.5, 0.5, 0.3), (2.0, 3.0, 0.4), (50.0, 0.5, 0.97), (0.5, 200.0, 0.001), (10.0, 10.0, 0.5)]:
        out.append("betainc " + fmt(a, b, x, special.betainc(a, b, x)))


def ranks_section(out):
    out.append("[ranks]")
    cases = []
    for n in range(1, 61):
        for p in [0.1, 0.25, 0.5, 0.75, 0.9]:
            cases.append((n, p))
    for n in [75, 100, 101, 250, 500, 999, 1000]:
        for p in [0.1, 0.25, 0.5, 0.75, 0.9]:
            cases.append((n, p))
    for n in [3, 10, 40, 200, 1000, 3000]:
        for p in [0.01, 0.05, 0.3333, 0.95, 0.99]:
            cases.append((n, p))
    for n in [1001, 1002, 1003, 1050, 1500, 2500, 10000, 100000]:
        for p in [0.1, 0.25, 0.5, 0.75, 0.9]:
            cases.append((n, p))
    for n, p in cases:
        l, u, full = ci_ranks(n, p)
        out.append("r " + fmt(n, p, l, u, full))


def ols_section(out):
    rng = np.random.default_rng(SEED + 1)
    n = 400
    yoe = np.round(rng.uniform(0, 20, n) * 2) / 2
    skill = (rng.uniform(size=n) < 0.3).astype(float)
    level = rng.integers(0, 5, n)
    metro = rng.integers(0, 4, n)
    y = (11.3 + 0.03 * yoe + 0.08 * skill + np.array([0, 0.15, 0.3, 0.5, 0.7])[level]
         + np.array([0, 0.2, -0.1, 0.05])[metro] + rng.normal(0, 0.25, n))
    # Column order = paygrid Design::new(2, &[5, 4]): intercept, yoe, skill,
    # level 1..4, metro 1..3.
    cols = [np.ones(n), yoe, skill]
    cols += [(level == j).astype(float) for j in range(1, 5)]
    cols += [(metro == j).astype(float) for j in range(1, 4)]
    X = np.column_stack(cols)
    beta, rss, rank, _ = np.linalg.lstsq(X, y, rcond=None)
    df = n - rank
    resid = y - X @ beta
    sigma2 = float(resid @ resid) / df
    cov = sigma2 * np.linalg.inv(X.T @ X)
    se = np.sqrt(np.diag(cov))
    tcrit = stats.t.ppf(0.975, df)
    out.append("[ols]")
    for i in range(n):
        out.append("row " + fmt(y[i], yoe[i], skill[i], level[i], metro[i]))
    out.append("df " + fmt(df))
    out.append("sigma2 " + fmt(sigma2))
    out.append("r2 " + fmt(1 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum())))
    for j in range(X.shape[1]):
        out.append("coef " + fmt(j, beta[j], se[j], beta[j] - tcrit * se[j], beta[j] + tcrit * se[j]))
    # contrast: metro 1 − metro 2 (coefficients 7 and 8)
    w = np.zeros(X.shape[1])
    w[7], w[8] = 1.0, -1.0
    out.append("contrast " + fmt(w @ beta, math.sqrt(w @ cov @ w)))


def wls_trend(x, v, w):
    """Weighted log-linear fit (weights normalised to mean 1) on x - 2020
    (centred so the normal equations are well conditioned)."""
    w = np.asarray(w, float) / np.mean(w)
    y = np.log(v)
    X = np.column_stack([np.ones_like(x), x - 2020.0])
    XtWX = X.T @ (w[:, None] * X)
    beta = np.linalg.solve(XtWX, X.T @ (w * y))
    resid = y - X @ beta
    df = len(x) - 2
    sigma2 = float((w * resid * resid).sum()) / df
    inv = np.linalg.inv(XtWX)
    return beta, sigma2, inv, df


def trend_section(out):
    years = np.arange(2016, 2025, dtype=float)
    med = np.array([118000, 121500, 127000, 129000, 136500, 149000, 152000, 150500, 156000], float)
    n = np.array([40, 55, 80, 120, 160, 240, 300, 280, 310], float)
    out.append("[trend]")
    out.append("years " + fmt(*years))
    out.append("medians " + fmt(*med))
    out.append("weights " + fmt(*n))
    for label, w in [("unweighted", np.ones_like(n)), ("weighted", n)]:
        beta, sigma2, inv, df = wls_trend(years, med, w)
        t = stats.t.ppf(0.975, df)
        se_b = math.sqrt(sigma2 * inv[1, 1])
        x0 = np.array([1.0, 2025.0 - 2020.0])
        yhat = float(x0 @ beta)
        se_pred = math.sqrt(sigma2 * (1.0 + x0 @ inv @ x0))
        out.append(label + " " + fmt(
            math.expm1(beta[1]), math.expm1(beta[1] - t * se_b), math.expm1(beta[1] + t * se_b),
            math.exp(yhat), math.exp(yhat - t * se_pred), math.exp(yhat + t * se_pred)))
    # Backtest of the unweighted method: hold out each year from the 4th on.
    apes, covered = [], 0
    for i in range(3, len(years)):
        beta, sigma2, inv, df = wls_trend(years[:i], med[:i], np.ones(i))
        t = stats.t.ppf(0.975, df)
        x0 = np.array([1.0, years[i] - 2020.0])
        yhat = float(x0 @ beta)
        h = t * math.sqrt(sigma2 * (1.0 + x0 @ inv @ x0))
        apes.append(abs(math.exp(yhat) - med[i]) / med[i])
        covered += math.exp(yhat - h) <= med[i] <= math.exp(yhat + h)
    out.append("backtest_apes " + fmt(*apes))
    out.append("backtest_mape_coverage " + fmt(np.mean(apes), covered / len(apes)))


def main():
    out = [
        "# Generated by tools/stats_reference.py with numpy %s, scipy %s. Do not edit."
        % (np.__version__, __import__("scipy").__version__)
    ]
    quantile_section(out)
    mean100k_section(out)
    special_section(out)
    ranks_section(out)
    ols_section(out)
    trend_section(out)
    text = "\n".join(out) + "\n"
    if len(sys.argv) > 1 and sys.argv[1] == "-":
        sys.stdout.write(text)
        return
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "crates", "paygrid-stats", "tests", "fixtures", "reference.txt")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print("wrote", path, len(out), "lines")


if __name__ == "__main__":
    main()
