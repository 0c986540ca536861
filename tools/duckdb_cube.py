#!/usr/bin/env python3
"""DuckDB on the `paygrid bench --export-csv` records: the same cube as
`paygrid bench` (per role, level, metro, year: count, mean and p10/p25/p50/
p75/p90 of base and of TC = base + bonus + equity, type 7 = quantile_cont).

Times the load (CSV -> DuckDB table) and the query separately; the query
materialises its result inside DuckDB (CREATE TABLE AS), so no time goes to
moving 750k rows into Python. Two query forms are timed: one list-valued
quantile_cont per measure (DuckDB computes all five from one sort) and five
scalar quantile_cont calls per measure; the faster one is the comparison.

    pip install duckdb
    paygrid bench --rows 10000000 --export-csv /tmp/r.csv --format json > /tmp/paygrid.json
    tools/duckdb_cube.py /tmp/r.csv --compare /tmp/paygrid.json
"""

import argparse
import json
import resource
import statistics
import sys
import time

import duckdb

PS = [0.1, 0.25, 0.5, 0.75, 0.9]
COLUMNS = {
    "role": "VARCHAR",
    "level": "VARCHAR",
    "metro": "VARCHAR",
    "year": "INTEGER",
    "base": "DOUBLE",
    "bonus": "DOUBLE",
    "equity": "DOUBLE",
    "skills": "VARCHAR",
    "company": "VARCHAR",
}


def query(form):
    ps = ", ".join(str(p) for p in PS)
    if form == "list":
        figures = f"""
            avg(base) AS base_mean, quantile_cont(base, [{ps}]) AS base_p,
            avg(tc) AS tc_mean, quantile_cont(tc, [{ps}]) AS tc_p"""
    else:
        parts = []
        for m in ("base", "tc"):
            parts.append(f"avg({m}) AS {m}_mean")
            parts += [f"quantile_cont({m}, {p}) AS {m}_p{int(p * 100)}" for p in PS]
        figures = ",\n            ".join(parts)
    return f"""
        CREATE OR REPLACE TEMP TABLE cube AS
        SELECT role, level, metro, year, count(*) AS n, {figures}
        FROM (SELECT role, level, metro, year, base, base + bonus + equity AS tc FROM records)
        GROUP BY role, level, metro, year"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv")
    ap.add_argument("--runs", type=int, default=3, help="query repetitions per form (median reported)")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (0 = DuckDB's default: all cores)")
    ap.add_argument("--forms", default="list,scalar", help="query forms to time: list, scalar")
    ap.add_argument("--compare", help="`paygrid bench --format json` output of the same records: print the ratio")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]

    t = time.perf_counter()
    cols = ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items())
    con.execute(f"CREATE TABLE records AS SELECT * FROM read_csv(?, header = true, columns = {{{cols}}})", [args.csv])
    load_s = time.perf_counter() - t
    rows = con.execute("SELECT count(*) FROM records").fetchone()[0]

    forms = {}
    for form in args.forms.split(","):
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            con.execute(query(form))
            times.append(time.perf_counter() - t)
        cells = con.execute("SELECT count(*) FROM cube").fetchone()[0]
        forms[form] = {"query_seconds": statistics.median(times), "query_seconds_min": min(times), "runs": times, "cells": cells}
    best = min(forms, key=lambda f: forms[f]["query_seconds"])
    out = {
        "engine": f"duckdb {duckdb.__version__}",
        "threads": threads,
        "rows": rows,
        "load_seconds": load_s,
        "load_rows_per_s": rows / load_s,
        "forms": forms,
        "best_form": best,
        "query_seconds": forms[best]["query_seconds"],
        "cells": forms[best]["cells"],
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    if args.compare:
        with open(args.compare) as f:
            p = json.load(f)
        if p["rows"] != rows:
            sys.exit(f"paygrid ran on {p['rows']} rows, the CSV has {rows}")
        if p["cells"] != out["cells"]:
            sys.exit(f"paygrid found {p['cells']} cells, DuckDB {out['cells']}")
        out["paygrid_cube_seconds"] = p["cube_seconds"]
        out["ratio_duckdb_over_paygrid"] = out["query_seconds"] / p["cube_seconds"]
        out["paygrid_ingest_rows_per_s"] = p["ingest_rows_per_s"]
        out["ingest_ratio_paygrid_over_duckdb"] = p["ingest_rows_per_s"] / out["load_rows_per_s"]
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"{out['engine']}, {threads} threads, {rows} rows, {out['cells']} cells")
    print(f"load   {load_s:8.3f} s  ({rows / load_s / 1e6:.2f}M rows/s)")
    for form, f in forms.items():
        runs = ", ".join(f"{x:.3f}" for x in f["runs"])
        print(f"query  {f['query_seconds']:8.3f} s  ({form} form; runs {runs})")
    if args.compare:
        print(f"paygrid cube {out['paygrid_cube_seconds']:.4f} s -> DuckDB / paygrid = {out['ratio_duckdb_over_paygrid']:.1f}x")
        print(f"ingest: paygrid {out['paygrid_ingest_rows_per_s'] / 1e6:.2f}M rows/s vs DuckDB load "
              f"{out['load_rows_per_s'] / 1e6:.2f}M rows/s")


if __name__ == "__main__":
    main()
