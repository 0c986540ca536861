#!/usr/bin/env python3
"""Coverage of the mean's confidence interval on pay-like data, computed
independently of paygrid's code (numpy, pandas).

Why: pay is right-skewed, and the Student t interval x̄ ± t·s/√n assumes
the sample mean is close to normal. This script measures how often the t
interval and Cox's log-scale interval,
    exp(ȳ + s²/2 ± t(n−1)·√(s²/n + s⁴/(2(n−1))))   (ȳ, s² of ln pay),
cover the true mean, and what paygrid publishes (Cox below n = 30, t from
30 on; crates/paygrid-stats/src/interval.rs, MEAN_T_MIN_N):

1. with --db: the spread of ln pay in real cells (role x level x metro for
   Levels.fyi, role x level x country for the others; n >= 20, values outside
   3 IQR of ln pay dropped as paygrid's outlier rule does);
2. log-normal pay, sd of ln pay 0.2 to 0.65, n = 5 to 100;
3. with --db: real cells with at least 300 values taken as populations (true
   mean = their mean), samples of n drawn with replacement.

Usage:
    tools/mean_ci_coverage.py [--db STORE.db ...] [--reps 20000] [--seed 1]

A store is what `paygrid import` writes, e.g. defaults + Levels.fyi:
    paygrid --db mix.db sources
    paygrid --db mix.db import levels-fyi levels_fyi_2017-2020.csv
"""

import argparse
import math
import sqlite3

import numpy as np
import pandas as pd

SIGMAS = [0.2, 0.35, 0.5, 0.65]
NS = [5, 10, 20, 29, 30, 100]
T_SWITCH = 30
REAL_NS = [5, 10, 20, 29, 30, 50, 70, 100]


def t975(df):
    """0.975 quantile of Student t by bisection on its CDF, itself a
    trapezoid integral of the density (accurate to ~1e-7)."""
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def cdf(x):
        t = np.linspace(0.0, x, 200_001)
        pdf = c * (1 + t * t / df) ** (-(df + 1) / 2)
        return 0.5 + float(np.sum((pdf[1:] + pdf[:-1]) / 2) * (t[1] - t[0]))

    lo, hi = 0.0, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if cdf(mid) < 0.975:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


T = {}


def intervals(x):
    """(t interval, Cox interval) for each row of x, as (lo, hi) arrays."""
    n = x.shape[1]
    if n not in T:
        T[n] = t975(n - 1)
    t = T[n]
    m = x.mean(1)
    half = t * x.std(1, ddof=1) / math.sqrt(n)
    y = np.log(x)
    ym, s2 = y.mean(1), y.var(1, ddof=1)
    centre = ym + s2 / 2
    hc = t * np.sqrt(s2 / n + s2**2 / (2 * (n - 1)))
    # paygrid widens Cox's interval to contain the mean it is shown beside.
    cox = (np.minimum(np.exp(centre - hc), m), np.maximum(np.exp(centre + hc), m))
    return (m - half, m + half), cox


def coverage(x, truth):
    (tl, th), (cl, ch) = intervals(x)
    t = np.mean((tl <= truth) & (truth <= th))
    c = np.mean((cl <= truth) & (truth <= ch))
    published = c if x.shape[1] < T_SWITCH else t
    return t, c, published


def trimmed(v):
    """Values inside paygrid's outlier fences: 3 IQR of ln pay."""
    lv = np.log(v)
    q1, q3 = np.quantile(lv, [0.25, 0.75])
    return v[(lv >= q1 - 3 * (q3 - q1)) & (lv <= q3 + 3 * (q3 - q1))]


def cells(dbs, min_n):
    """(source kind, measure, values) of every cell with at least min_n values."""
    out = []
    for db in dbs:
        df = pd.read_sql("SELECT kind, role, level, country, metro, base, total FROM records", sqlite3.connect(db))
        for kind in sorted(df.kind.unique()):
            d = df[df.kind == kind]
            key = ["role", "level", "metro"] if kind == "levels-fyi" else ["role", "level", "country"]
            for col in ["base", "total"]:
                if kind in ("aijobs", "h1b-lca") and col == "total":
                    continue  # base-only sources: paygrid counts no TC from them
                for _, v in d.dropna(subset=[col]).groupby(key)[col]:
                    if len(v) >= min_n:
                        out.append((kind, col, trimmed(v.to_numpy(dtype=float))))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", action="append", default=[], help="a paygrid store (repeatable)")
    ap.add_argument("--reps", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)

    if a.db:
        print("Spread of ln pay in real cells (n >= 20, outliers dropped)")
        print(f"{'source':<14}{'measure':<8}{'cells':>6}{'median sd':>11}{'p90 sd':>8}")
        rows = {}
        for kind, col, v in cells(a.db, 20):
            rows.setdefault((kind, col), []).append(np.std(np.log(v), ddof=1))
        for (kind, col), sds in sorted(rows.items()):
            print(f"{kind:<14}{col:<8}{len(sds):>6}{np.median(sds):>11.2f}{np.quantile(sds, 0.9):>8.2f}")
        print()

    print(f"Log-normal pay: share of {a.reps} samples whose interval covers the true mean")
    print(f"{'sd(ln pay)':<11}{'n':>4}{'t':>8}{'Cox':>8}{'published':>11}")
    for sigma in SIGMAS:
        truth = math.exp(sigma**2 / 2)
        for n in NS:
            t, c, p = coverage(rng.lognormal(0.0, sigma, size=(a.reps, n)), truth)
            print(f"{sigma:<11.2f}{n:>4}{t:>8.3f}{c:>8.3f}{p:>11.3f}")
    print()

    if a.db:
        pops = cells(a.db, 300)
        reps = max(a.reps // 5, 1000)
        print(f"Real cells of >= 300 values as populations ({len(pops)} cells), {reps} samples each:")
        print("mean (min) coverage over cells")
        print(f"{'source':<14}{'measure':<8}{'n':>4}{'t':>16}{'Cox':>16}{'published':>16}")
        for n in REAL_NS:
            acc = {}
            for kind, col, v in pops:
                x = v[rng.integers(0, len(v), size=(reps, n))]
                acc.setdefault((kind, col), []).append(coverage(x, v.mean()))
            for (kind, col), res in sorted(acc.items()):
                r = np.array(res)
                cols = "".join(f"{r[:, i].mean():>9.3f} ({r[:, i].min():.3f})" for i in range(3))
                print(f"{kind:<14}{col:<8}{n:>4}{cols}")


if __name__ == "__main__":
    main()
