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


def main():
    paygrid = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "ref.db")
        run(paygrid, db, "import", "levels-fyi", os.path.join(SHARED, "levels_fyi_2017-2020.csv"))
        run(paygrid, db, "import", "aijobs", os.path.join(SHARED, "aijobs_net_salaries_2025-01-19.csv"))
        parents = {r["id"]: r["family"] for r in json.loads(run(paygrid, db, "roles", "--format", "json"))}
        con = sqlite3.connect(db)
        rows = con.execute("SELECT id, kind, role, level, country, metro, base, total FROM records").fetchall()

    def ancestors(role):
        out, r = [], parents.get(role)
        while r:
            out.append(r)
            r = parents.get(r)
        return out

    base_only = {"aijobs", "h1b-lca"}
    recs = []
    for rid, kind, role, level, country, metro, base, total in rows:
        recs.append(
            dict(id=rid, role=role, level=level, country=country, metro=metro, base=base,
                 total=None if kind in base_only else total)
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
