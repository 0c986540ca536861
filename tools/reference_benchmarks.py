#!/usr/bin/env python3
"""Independent reference for paygrid's benchmark figures.

Imports the Levels.fyi and aijobs files with paygrid into a fresh database,
then recomputes selected cells from the stored records with numpy, following
docs/methodology.md without any of paygrid's Rust code:

- cell = records whose role is the cell's role or a specialization below it
  (catalogue from `paygrid roles --format json`), level and location as given;
- outliers: within role x level x country with n >= 20 values, a record whose
  ln(pay) is outside [Q1 - 3 IQR, Q3 + 3 IQR] (type-7 quartiles) for base or
  for TC is excluded (and counted);
- TC figures use only sources that report pay beyond base (not aijobs, h1b-lca);
- publication classes (docs/methodology.md, "Privacy"): records with equal
  role, level, country, state, metro, remote flag, year and dataset form a
  class. Each round, every class with fewer than k non-outlier records (or
  1..k-1 values of base or of TC) moves to the cheapest key it can
  generalize to (dataset 1, metro 2, state 4, year 8, country 16, remote
  flag 32, level 64, each role step up 128; metro, state and country only
  from the finest up, the remote flag on its own) whose pooled count (all
  short classes that can reach it, plus a publishable class already there)
  is publishable, else to its dearest key; a class that would stay with
  nobody arriving takes its dearest key instead, or is left out when that
  is itself;
- percentiles: numpy type 7 ("linear"); mean: arithmetic; floor k = 5, and
  p10/p90 only from n >= 10.

Usage: python3 tools/reference_benchmarks.py PATH/TO/paygrid > crates/paygrid/tests/fixtures/reference_benchmarks.json
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

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "data", "records")
FLOOR = 5

CELLS = [
    # (role, level, location kind, location code)
    ("backend-engineer", "senior", "country", "US"),
    ("backend-engineer", None, "metro", "42660"),
    ("software-engineer", "mid", "metro", "41860"),
    ("software-engineer", None, "country", "US"),
    ("data-scientist", None, "country", "US"),
    ("data-scientist", "senior", "metro", "42660"),
    ("data-engineer", "senior", "country", "US"),
    ("data-scientist", "mid", "country", "GB"),
    ("machine-learning-engineer", "entry", "country", "US"),
    ("engineering-manager", None, "metro", "35620"),
    ("product-manager", "staff", "country", "US"),
    ("data-analyst", "executive", "country", "DE"),
]


def run(paygrid, db, *args):
    cmd = [paygrid, "--db", db, "--no-default-data", "--quiet", *args]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def summary(values):
    v = np.sort(np.array(values, dtype=np.float64))
    n = len(v)
    if n < FLOOR:
        return {"n": None}
    out = {"n": n, "mean": float(np.mean(v))}
    for name, p in [("p10", 0.10), ("p25", 0.25), ("p50", 0.50), ("p75", 0.75), ("p90", 0.90)]:
        q = float(np.quantile(v, p, method="linear"))
        out[name] = q if (n >= 10 or name in ("p25", "p50", "p75")) else None
    return out


def targets(key, parents):
    """Every key `key` can be generalized to, with its cost (mirrors the doc above)."""
    out = [(key, 0)]

    def widen(f):
        out.extend([h for h in (f(g, c) for g, c in out) if h is not None])

    # Key fields: role, level, country, state, metro, remote, year, dataset.
    widen(lambda g, c: None if g[7] is None else (g[:7] + (None,), c + 1))
    widen(lambda g, c: None if g[6] is None else (g[:6] + (None, g[7]), c + 8))
    widen(lambda g, c: None if g[1] is None else ((g[0], None) + g[2:], c + 64))
    widen(lambda g, c: None if not g[5] else (g[:5] + (False,) + g[6:], c + 32))
    chain = []
    for g, c in out:
        role, level, country, state, metro, remote, year, dataset = g
        if metro is not None:
            metro, c = None, c + 2
            chain.append(((role, level, country, state, metro, remote, year, dataset), c))
        if state is not None:
            state, c = None, c + 4
            chain.append(((role, level, country, state, metro, remote, year, dataset), c))
        if country is not None:
            country, c = None, c + 16
            chain.append(((role, level, country, state, metro, remote, year, dataset), c))
    out.extend(chain)
    roles = []
    for g, c in out:
        while parents.get(g[0]):
            g, c = (parents[g[0]],) + g[1:], c + 128
            roles.append((g, c))
    out.extend(roles)
    return out


def publication_classes(recs, outlier, parents):
    """Generalizes records until every class is publishable; returns the survivors."""
    def publishable(c):
        rows, base, total = c
        return rows >= FLOOR and (base == 0 or base >= FLOOR) and (total == 0 or total >= FLOOR)

    def add(a, b):
        return (a[0] + b[0], a[1] + b[1], a[2] + b[2])

    keys = {r["id"]: (r["role"], r["level"], r["country"], r["state"], r["metro"], r["remote"], r["year"], r["dataset"])
            for r in recs}
    alive = list(recs)
    while True:
        classes = defaultdict(lambda: (0, 0, 0))
        for r in alive:
            k = keys[r["id"]]
            counted = r["id"] not in outlier
            classes[k] = add(classes[k], (int(counted), int(counted and r["base"] is not None),
                                          int(counted and r["total"] is not None)))
        short = {k: c for k, c in classes.items() if not publishable(c)}
        if not short:
            break
        reach = {k: targets(k, parents) for k in short}
        pooled = defaultdict(lambda: (0, 0, 0))
        for k, c in short.items():
            for g, _ in reach[k]:
                pooled[g] = add(pooled[g], c)

        def enough(g):
            total = pooled[g]
            if g in classes and publishable(classes[g]):
                total = add(total, classes[g])
            return publishable(total)

        moves = {}
        for k in short:
            ok = [(c, g) for g, c in reach[k] if enough(g)]
            moves[k] = min(ok)[1] if ok else max((c, g) for g, c in reach[k])[1]
        arriving = {to for frm, to in moves.items() if frm != to}
        dropped = set()
        for frm in list(moves):
            if moves[frm] == frm and frm not in arriving:
                top = max((c, g) for g, c in reach[frm])[1]
                if top == frm:
                    dropped.add(frm)
                else:
                    moves[frm] = top
        survivors = []
        for r in alive:
            k = keys[r["id"]]
            if k in dropped:
                continue
            keys[r["id"]] = moves.get(k, k)
            survivors.append(r)
        alive = survivors
    out = []
    for r in alive:
        role, level, country, state, metro, remote, year, dataset = keys[r["id"]]
        out.append(dict(r, role=role, level=level, country=country, state=state, metro=metro, remote=remote,
                        year=year, dataset=dataset))
    return out


def main():
    paygrid = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "ref.db")
        run(paygrid, db, "import", "levels-fyi", os.path.join(SHARED, "levels_fyi_2017-2020.csv"))
        run(paygrid, db, "import", "aijobs", os.path.join(SHARED, "aijobs_net_salaries_2025-01-19.csv"))
        parents = {r["id"]: r["family"] for r in json.loads(run(paygrid, db, "roles", "--format", "json"))}
        con = sqlite3.connect(db)
        rows = con.execute(
            "SELECT id, kind, role, level, country, us_state, metro, remote, year, dataset, base, total FROM records ORDER BY id"
        ).fetchall()

    def ancestors(role):
        out, r = [], parents.get(role)
        while r:
            out.append(r)
            r = parents.get(r)
        return out

    base_only = {"aijobs", "h1b-lca"}
    recs = []
    for rid, kind, role, level, country, state, metro, remote, year, dataset, base, total in rows:
        recs.append(
            dict(id=rid, role=role, level=level, country=country, state=state, metro=metro, remote=bool(remote),
                 year=year, dataset=dataset, base=base, total=None if kind in base_only else total)
        )

    # Outlier flags per role x level x country, base and TC judged separately.
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
            q1, q3 = np.quantile(logs, [0.25, 0.75], method="linear")
            lo, hi = q1 - 3 * (q3 - q1), q3 + 3 * (q3 - q1)
            for m, lv in zip(vals, logs):
                if lv < lo or lv > hi:
                    outlier.add(m["id"])

    recs = publication_classes(recs, outlier, parents)

    results = []
    for role, level, kind, code in CELLS:
        members = [
            r for r in recs
            if (r["role"] == role or role in ancestors(r["role"]))
            and (level is None or r["level"] == level)
            and (r["country"] == code if kind == "country" else r["metro"] == code)
        ]
        kept = [r for r in members if r["id"] not in outlier]
        n = len(kept)
        cell = {"role": role, "level": level, "location": code, "n": n if n >= FLOOR else None,
                "outliers_excluded": len(members) - n if n >= FLOOR else None}
        if n >= FLOOR:
            cell["base"] = summary([r["base"] for r in kept if r["base"] is not None])
            cell["total"] = summary([r["total"] for r in kept if r["total"] is not None])
        results.append(cell)
    json.dump({"generated_by": "tools/reference_benchmarks.py", "numpy": np.__version__, "cells": results},
              sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
