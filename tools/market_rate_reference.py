#!/usr/bin/env python3
"""Independent reference for paygrid's fixed-composition market rate.

Builds the embedded default data in a fresh store (the first command on an
empty store loads it), reads the stored records, and recomputes the market
rate of docs/methodology.md ("Trend, projection, backtest") with numpy and
pandas, without paygrid's Rust code:

- outliers (role x level x country, n >= 20, ln pay outside Q1 - 3 IQR,
  Q3 + 3 IQR) and publication classes as in tools/reference_benchmarks.py
  (imported from there);
- cells: role x level x country, records of known level and year, outliers out;
- a cell's yearly median needs k = 5 values; for each pair of consecutive
  years with both medians, d = ln(m_t / m_{t-1}) with weight min(n_{t-1}, n_t);
- G_t = weighted median of the d (cumulative weight first reaching half the
  total; exactly half: mean with the next value) over at least 3 cells;
- rate = mean of G_t over pairs with t <= UNTIL; growth = exp(rate) - 1.

For each case it also asks paygrid for a benchmark whose projection falls
back to that country's market rate and prints paygrid's figure beside the
reference, with the all-roles-median growth the rate replaces (weighted
log-linear fit of the yearly median of all records, the old fallback).

Usage: python3 tools/market_rate_reference.py PATH/TO/paygrid > crates/paygrid/tests/fixtures/market_rate_reference.json
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_benchmarks import publication_classes  # noqa: E402

FLOOR = 5
MIN_CELLS = 3
# (country, until, role, level): cells with fewer than 4 years, so their
# projection's trend is the market rate.
CASES = [("CA", 2024, "data-scientist", "mid"), ("GB", 2024, "data-scientist", "mid"), ("CA", 2025, "data-analyst", "mid"),
         ("GB", 2025, "data-engineer", "senior"), ("US", 2024, "ai-engineer", "senior"), ("US", 2023, "applied-scientist", "senior")]


def weighted_median(d, w):
    order = np.argsort(d, kind="stable")
    d, w = np.asarray(d)[order], np.asarray(w)[order]
    cum = np.cumsum(w)
    half = w.sum() / 2
    i = int(np.searchsorted(cum, half))
    if cum[i] == half and i + 1 < len(d):
        return (d[i] + d[i + 1]) / 2
    return d[i]


def main():
    paygrid = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "defaults.db")
        base = [paygrid, "--db", db, "--quiet"]
        subprocess.run(base + ["sources"], check=True, capture_output=True)
        parents = {r["id"]: r["family"] for r in json.loads(
            subprocess.run(base + ["roles", "--format", "json"], check=True, capture_output=True, text=True).stdout)}
        benches = [json.loads(subprocess.run(
            base + ["benchmark", "--role", role, "--level", level, "--location", country, "--until", str(until),
                    "--format", "json"], check=True, capture_output=True, text=True).stdout)
            for country, until, role, level in CASES]
        rows = sqlite3.connect(db).execute(
            "SELECT id, role, level, country, us_state, metro, remote, year, dataset, base, total FROM records").fetchall()

    recs = [dict(id=i, role=r, level=l, country=c, state=s, metro=m, remote=bool(rm), year=y, dataset=ds, base=b,
                 total=None) for i, r, l, c, s, m, rm, y, ds, b, t in rows]
    groups = defaultdict(list)
    for r in recs:
        groups[(r["role"], r["level"], r["country"])].append(r)
    outlier = set()
    for members in groups.values():
        vals = [m for m in members if m["base"] is not None]
        if len(vals) < 20:
            continue
        logs = np.log([m["base"] for m in vals])
        q1, q3 = np.quantile(logs, [0.25, 0.75], method="linear")
        for m, lv in zip(vals, logs):
            if lv < q1 - 3 * (q3 - q1) or lv > q3 + 3 * (q3 - q1):
                outlier.add(m["id"])
    recs = publication_classes(recs, outlier, parents)
    df = pd.DataFrame([r for r in recs if r["id"] not in outlier])

    def all_roles_growth(sub, until):
        yearly = sub.groupby("year")["base"].agg(["median", "size"])
        yearly = yearly[(yearly["size"] >= FLOOR) & (yearly.index <= until)]
        if len(yearly) < 3:
            return None
        x, y, w = yearly.index.to_numpy(float), np.log(yearly["median"].to_numpy()), yearly["size"].to_numpy(float)
        return float(np.expm1(np.polyfit(x, y, 1, w=np.sqrt(w))[0]))

    def market(country, until):
        mine = df[(df["country"] == country) & df["level"].notna() & df["year"].notna() & df["base"].notna()]
        yearly = mine.groupby(["role", "level", "year"])["base"].agg(["median", "size"]).reset_index()
        yearly = yearly[yearly["size"] >= FLOOR]
        pairs = []
        for year in sorted(yearly["year"].unique()):
            if year > until:
                continue
            now = yearly[yearly["year"] == year].set_index(["role", "level"])
            before = yearly[yearly["year"] == year - 1].set_index(["role", "level"])
            both = now.add_suffix("_t").join(before.add_suffix("_prev"), how="inner")
            if len(both) < MIN_CELLS:
                continue
            d = np.log(both["median_t"] / both["median_prev"]).to_numpy()
            w = np.minimum(both["size_t"], both["size_prev"]).to_numpy(float)
            pairs.append({"year": int(year), "change": float(weighted_median(d, w)), "cells": len(both),
                          "n": int((both["size_t"] + both["size_prev"]).sum())})
        rate = float(np.mean([p["change"] for p in pairs])) if pairs else None
        return pairs, None if rate is None else float(np.expm1(rate))

    cases = []
    for (country, until, role, level), bench in zip(CASES, benches):
        pairs, growth = market(country, until)
        proj = (bench["base"]["projection"] or {}).get("backtest", {})
        cases.append({
            "country": country, "until": until, "role": role, "level": level,
            "pairs": pairs, "growth": growth, "all_roles_median_growth": all_roles_growth(df[df["country"] == country], until),
            "paygrid": {"trend_method": proj.get("trend_method"), "trend_growth": proj.get("trend_growth")},
        })
    json.dump({"generated_by": "tools/market_rate_reference.py", "pandas": pd.__version__, "cases": cases}, sys.stdout,
              indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
