#!/usr/bin/env python3
"""Independent reference for `paygrid offer` (docs/methodology.md, "Offer evaluation").

Imports the Levels.fyi file with paygrid into a fresh database, rebuilds the
published records with tools/reference_benchmarks.py (outliers, publication
classes), and evaluates a few offers against the Seattle senior backend
engineer cell with numpy, following the methodology's definitions without
any of paygrid's Rust code: quartiles (type 7) and their exact binomial
order-statistic 95% CIs, mid-rank percentile ranks, the components'
population (records with base and TC), and the counter-offer rule (ladder,
noise, budget, levers by support, one-off signing bonus).

Usage: python3 tools/offer_reference.py PATH/TO/paygrid > crates/paygrid/tests/fixtures/offer_reference.json
"""
import json
import math
import os
import sqlite3
import sys
import tempfile
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_benchmarks as rb  # noqa: E402

ROLE, LEVEL, METRO = "backend-engineer", "senior", "42660"
MIN_ASK_SHARE, CAP_SHARE = 0.02, 0.25
OFFERS = [
    # (name, base, bonus, equity grant, vest years, signing); None = not given
    ("seattle", 185000, 20000, 160000, 4, None),
    ("base-only", 185000, None, None, 4, None),
    ("at-the-median", 160000, None, None, 4, None),
    ("in-line", 165000, 21000, 288000, 4, 0),
    ("below-median", 140000, 10000, 100000, 4, None),
]


def dollars(x):
    """Whole dollars, halves away from zero (Rust's f64::round, not Python's)."""
    return math.floor(x + 0.5)


def quantile_ci(v, p):
    """[x(l), x(u)]: l the largest k with F(k-1) <= 0.025, u the smallest with F(k-1) >= 0.975."""
    n = len(v)
    cdf = np.cumsum([math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1)])
    lo = max(k for k in range(1, n + 1) if cdf[k - 1] <= 0.025)
    hi = min(k for k in range(1, n + 1) if cdf[k - 1] >= 0.975)
    return [float(v[lo - 1]), float(v[hi - 1])]


def quartiles(values):
    v = np.sort(np.array(values, dtype=np.float64))
    return {"n": len(v), "v": v,
            "p25": float(np.quantile(v, 0.25)), "p50": float(np.quantile(v, 0.5)), "p75": float(np.quantile(v, 0.75)),
            "p50_ci": quantile_ci(v, 0.5), "p75_ci": quantile_ci(v, 0.75)}


def rank(q, x):
    v = q["v"]
    raw = (np.sum(v < x) + 0.5 * np.sum(v == x)) / len(v) * 100
    return min(max(dollars(raw), 1), 99)


def ladder(x, q):
    """(statistic, value, ci, reached) of a figure's target."""
    if dollars(x) < dollars(q["p50"]):
        return ("median", q["p50"], q["p50_ci"], False)
    return ("p75", q["p75"], q["p75_ci"], dollars(x) >= dollars(q["p75"]))


def in_line(x, target, min_ask):
    _, value, (lo, hi), _ = target
    return lo <= x <= hi or value - x < min_ask


def evaluate(cells, base, bonus, grant, vest, signing):
    annual_equity = None if grant is None else grant / vest
    known_tc = base + (bonus or 0) + (annual_equity or 0) + (signing or 0) / 4
    comparable = bonus is not None and grant is not None and (signing is not None or not cells["signing_reported"])
    min_ask = MIN_ASK_SHARE * known_tc
    out = {"base_rank": rank(cells["base"], base), "total_rank": rank(cells["total"], known_tc) if comparable else None,
           "target_total": None, "total_gap": None, "budget": CAP_SHARE * known_tc, "levers": [],
           "signing_ask": None, "in_line": False}
    if comparable:
        t = ladder(known_tc, cells["total"])
        if t[3]:
            out["budget"] = 0.0
            return out
        if in_line(known_tc, t, min_ask):
            out.update(budget=0.0, in_line=True)
            return out
        out["target_total"] = t[1]
        out["total_gap"] = t[1] - known_tc
        out["budget"] = min(out["total_gap"], CAP_SHARE * known_tc)
    parts = [("base", base, cells["base"])]
    if annual_equity is not None:
        parts.append(("equity", annual_equity, cells["equity"]))
    if bonus is not None:
        parts.append(("bonus", bonus, cells["bonus"]))
    candidates, noisy = [], False
    for i, (lever, x, q) in enumerate(parts):
        t = ladder(x, q)
        if t[3]:
            continue
        if in_line(x, t, min_ask):
            noisy = True
            continue
        lo, hi = t[2]
        support = (lo - x) / (hi - lo) if hi > lo else math.inf
        candidates.append((-support, -(lo - x), i, lever, x, t))
    left = out["budget"]
    for _, _, _, lever, x, t in sorted(candidates):
        ask = min(t[1] - x, left)
        if ask < min_ask:
            continue
        left -= ask
        out["levers"].append({"lever": lever, "first_year": ask, "ask": ask * vest if lever == "equity" else ask,
                              "target": t[1], "target_ci": t[2]})
    if out["total_gap"] is not None:
        out["signing_ask"] = out["budget"]
    if not out["levers"] and out["signing_ask"] is None:
        out["in_line"] = noisy
    return out


def main():
    paygrid = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "ref.db")
        rb.run(paygrid, db, "import", "levels-fyi", os.path.join(rb.SHARED, "levels_fyi_2017-2020.csv"))
        parents = {r["id"]: r["family"] for r in json.loads(rb.run(paygrid, db, "roles", "--format", "json"))}
        rows = sqlite3.connect(db).execute(
            "SELECT id, role, level, country, us_state, metro, remote, year, dataset, base, total, bonus, equity, signing"
            " FROM records").fetchall()
    recs = [dict(id=r[0], role=r[1], level=r[2], country=r[3], state=r[4], metro=r[5], remote=bool(r[6]), year=r[7],
                 dataset=r[8], base=r[9], total=r[10], bonus=r[11], equity=r[12], signing=r[13]) for r in rows]
    groups = defaultdict(list)
    for r in recs:
        groups[(r["role"], r["level"], r["country"])].append(r)
    outlier = set()
    for members in groups.values():
        for col in ("base", "total"):
            vals = [m for m in members if m[col] is not None]
            if len(vals) < 20:
                continue
            logs = np.log(np.array([m[col] for m in vals]))
            q1, q3 = np.quantile(logs, [0.25, 0.75])
            outlier.update(m["id"] for m, lv in zip(vals, logs) if not q1 - 3 * (q3 - q1) <= lv <= q3 + 3 * (q3 - q1))
    recs = rb.publication_classes(recs, outlier, parents)

    def ancestors(role):
        out, r = [], parents.get(role)
        while r:
            out.append(r)
            r = parents.get(r)
        return out

    cell = [r for r in recs if r["id"] not in outlier and (r["role"] == ROLE or ROLE in ancestors(r["role"]))
            and r["level"] == LEVEL and r["metro"] == METRO]
    both = [r for r in cell if r["base"] is not None and r["total"] is not None]
    cells = {
        "base": quartiles([r["base"] for r in cell if r["base"] is not None]),
        "total": quartiles([r["total"] for r in cell if r["total"] is not None]),
        "bonus": quartiles([r["bonus"] for r in both]),
        "equity": quartiles([r["equity"] for r in both]),
        "signing_reported": sum(1 for r in cell if r["total"] is not None and r["signing"] > 0) >= rb.FLOOR,
    }
    offers = []
    for name, base, bonus, grant, vest, signing in OFFERS:
        offers.append({"name": name, "base": base, "bonus": bonus, "equity_grant": grant, "vest_years": vest,
                       "signing": signing, "expected": evaluate(cells, base, bonus, grant, vest, signing)})
    summary = {k: {f: cells[k][f] for f in ("n", "p50", "p50_ci", "p75", "p75_ci")}
               for k in ("base", "total", "bonus", "equity")}
    json.dump({"generated_by": "tools/offer_reference.py", "numpy": np.__version__,
               "cell": {"role": ROLE, "level": LEVEL, "metro": METRO, **summary}, "offers": offers},
              sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
