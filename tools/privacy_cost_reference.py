#!/usr/bin/env python3
"""Independent reference for `paygrid privacy`'s cost table and for the metro
effects of `paygrid metros`.

Builds two stores with paygrid (Levels.fyi alone; the embedded default data),
reads their raw records with sqlite3 and, following docs/methodology.md
("Privacy", "Metro multipliers") with numpy and none of paygrid's Rust code:

- applies the publication-class rule (the implementation in
  tools/reference_benchmarks.py) to get each record's published key;
- cost: for every cell role (or a role above it) x level (each, or all) x
  location (world, country, state, metro, remote, remote in a country) x
  year (each, or all) with at least 30 raw non-outlier values of a measure,
  compares the published median (type 7) with the raw median's
  distribution-free 95% interval (ranks from Binomial(n, 1/2): l = largest k
  with F(k-1) <= 0.025, u = smallest k with F(k-1) >= 0.975), and counts per
  family the cells, cells whose published n differs, cells within the
  interval and cells with fewer than k published values;
- metros: on the raw Levels.fyi records of backend-engineer (and its
  specializations) in the US with a base salary, an OLS fit of ln(base) on
  level, year and metro fixed effects (records without a metro form one
  group), and each metro's effect relative to Seattle, exp(b_m - b_Seattle) - 1.

Usage: python3 tools/privacy_cost_reference.py PATH/TO/paygrid > crates/paygrid/tests/fixtures/privacy_cost_reference.json
"""
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_benchmarks as ref  # noqa: E402

MIN_N = 30
FLOOR = ref.FLOOR
SEATTLE = "42660"


def store(paygrid, db, defaults, imports):
    args = [paygrid, "--db", db, "--quiet"] + ([] if defaults else ["--no-default-data"])
    subprocess.run(args + ["sources"], check=True, capture_output=True)
    for kind, path in imports:
        subprocess.run(args + ["import", kind, path], check=True, capture_output=True)
    parents = {r["id"]: r["family"] for r in json.loads(
        subprocess.run(args + ["roles", "--format", "json"], check=True, capture_output=True, text=True).stdout)}
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT id, kind, role, level, country, us_state, metro, remote, year, dataset, base, total FROM records ORDER BY id"
    ).fetchall()
    base_only = {"aijobs", "h1b-lca"}
    recs = [dict(id=i, role=role, level=level, country=country, state=state, metro=metro, remote=bool(remote),
                 year=year, dataset=dataset, base=base, total=None if kind in base_only else total)
            for i, kind, role, level, country, state, metro, remote, year, dataset, base, total in rows]
    return recs, parents


def outliers(recs):
    groups = defaultdict(list)
    for r in recs:
        groups[(r["role"], r["level"], r["country"])].append(r)
    out = set()
    for members in groups.values():
        for col in ("base", "total"):
            vals = [m for m in members if m[col] is not None]
            if len(vals) < 20:
                continue
            logs = np.log(np.array([m[col] for m in vals]))
            q1, q3 = np.quantile(logs, [0.25, 0.75], method="linear")
            lo, hi = q1 - 3 * (q3 - q1), q3 + 3 * (q3 - q1)
            out.update(m["id"] for m, lv in zip(vals, logs) if lv < lo or lv > hi)
    return out


def median_ci_ranks(n):
    k = np.arange(n + 1)
    logpmf = np.array([math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) for i in k]) + n * math.log(0.5)
    cdf = np.cumsum(np.exp(logpmf))
    g = lambda kk: cdf[kk - 1]  # F(k-1), k in 1..n
    lo = max(kk for kk in range(1, n + 1) if g(kk) <= 0.025 + 1e-12)
    hi = min(kk for kk in range(1, n + 1) if g(kk) >= 0.975 - 1e-12)
    return lo, hi


def cells_of(r, ancestors):
    locs = [("world", None)]
    if r["country"] is not None:
        locs.append(("country", r["country"]))
    if r["state"] is not None:
        locs.append(("state", r["state"]))
    if r["metro"] is not None:
        locs.append(("metro", r["metro"]))
    if r["remote"]:
        locs.append(("remote", None))
        if r["country"] is not None:
            locs.append(("remote-country", r["country"]))
    levels = ["*"] if r["level"] is None else [r["level"], "*"]
    years = ["*"] if r["year"] is None else [r["year"], "*"]
    for role in [r["role"]] + ancestors(r["role"]):
        for lv in levels:
            for loc in locs:
                for y in years:
                    yield (role, lv, loc, y)


def cost(recs, parents):
    def ancestors(role):
        out, p = [], parents.get(role)
        while p:
            out.append(p)
            p = parents.get(p)
        return out

    out_ids = outliers(recs)
    published = {r["id"]: r for r in ref.publication_classes(recs, out_ids, parents)}
    families = {}
    for measure in ("base", "total"):
        raw_cells, pub_cells = defaultdict(list), defaultdict(list)
        for r in recs:
            if r["id"] in out_ids or r[measure] is None:
                continue
            for c in cells_of(r, ancestors):
                raw_cells[c].append(r[measure])
            p = published.get(r["id"])
            if p is not None:
                for c in cells_of(p, ancestors):
                    pub_cells[c].append(r[measure])
        for c, raw in raw_cells.items():
            if len(raw) < MIN_N:
                continue
            role, lv, (kind, _), y = c
            fam = ("all" if lv == "*" else "each", "all" if y == "*" else "each", kind, measure)
            f = families.setdefault(fam, dict(level=fam[0], year=fam[1], location=kind, measure=measure,
                                              cells=0, changed=0, within_ci=0, withheld=0))
            pub = pub_cells.get(c, [])
            f["cells"] += 1
            f["changed"] += len(pub) != len(raw)
            if len(pub) < FLOOR:
                f["withheld"] += 1
                continue
            v = np.sort(np.array(raw))
            lo, hi = median_ci_ranks(len(v))
            m = float(np.quantile(np.array(pub), 0.5, method="linear"))
            f["within_ci"] += bool(v[lo - 1] <= m <= v[hi - 1])
    return sorted(families.values(), key=lambda f: (f["level"], f["year"], f["location"], f["measure"]))


def metro_effects(recs, parents):
    def under(role):
        while role:
            if role == "backend-engineer":
                return True
            role = parents.get(role)
        return False

    out_ids = outliers(recs)
    rs = [r for r in recs if r["id"] not in out_ids and r["country"] == "US" and under(r["role"])
          and r["base"] is not None and r["base"] > 0]
    y = np.log([r["base"] for r in rs])
    cols, names = [np.ones(len(rs))], ["intercept"]
    for field in ("level", "year", "metro"):
        values = [r[field] if r[field] is not None else "none" for r in rs]
        if field == "metro":
            values = ["" if v == SEATTLE else str(v) for v in values]  # Seattle is the reference
        cats = sorted(set(values), key=str)
        for c in cats[1:]:
            cols.append(np.array([1.0 if v == c else 0.0 for v in values]))
            names.append((field, c))
    beta, *_ = np.linalg.lstsq(np.column_stack(cols), y, rcond=None)
    n = defaultdict(int)
    for r in rs:
        n[r["metro"]] += 1
    return {c: {"vs_seattle": math.expm1(b), "raw_n": n[c]}
            for (f, c), b in ((k, v) for k, v in zip(names, beta) if isinstance(k, tuple)) if f == "metro" and c != "none"}


def main():
    paygrid = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        lf, lf_parents = store(paygrid, os.path.join(tmp, "lf.db"), False,
                               [("levels-fyi", os.path.join(ref.SHARED, "levels_fyi_2017-2020.csv"))])
        dflt, d_parents = store(paygrid, os.path.join(tmp, "defaults.db"), True, [])
    out = {
        "generated_by": "tools/privacy_cost_reference.py",
        "numpy": np.__version__,
        "min_n": MIN_N,
        "cost": {"levels_fyi": cost(lf, lf_parents), "defaults": cost(dflt, d_parents)},
        "metros_backend_engineer_levels_fyi": metro_effects(lf, lf_parents),
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
