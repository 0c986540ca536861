#!/usr/bin/env python3
"""Checks `paygrid bench` cube figures against numpy, independently of any
paygrid code: reads the exported records, computes every role x level x
metro x year cell's n, mean and type-7 p10..p90 of base and of TC
(= base + bonus + equity), and compares with `--cube-csv` output.

    paygrid bench --rows 1000000 --export-csv /tmp/r.csv --cube-csv /tmp/cube.csv
    tools/check_cube.py /tmp/r.csv /tmp/cube.csv

Percentiles are computed vectorised (one sort of all rows by cell and
value, then numpy's own linear-interpolation formula at (n - 1)p) and, for a
random sample of cells, with np.quantile(method="linear") itself, which must
agree with the vectorised values bit for bit. Pass = every figure of every
cell within half a cent of numpy; the script also reports how many are bit
for bit identical (expected: all).
"""

import argparse
import csv
import sys

import numpy as np

PS = np.array([0.1, 0.25, 0.5, 0.75, 0.9])
KEY = ("role", "level", "metro", "year")


def cents(s):
    whole, _, frac = s.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def load_records(path):
    keys, base, tc = [], [], []
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        if header != ["role", "level", "metro", "year", "base", "bonus", "equity", "skills", "company"]:
            sys.exit(f"{path}: not a paygrid bench export: {header}")
        for row in r:
            b = cents(row[4])
            keys.append((row[0], row[1], row[2], row[3]))
            base.append(b)
            tc.append(b + cents(row[5]) + cents(row[6]))
    return keys, np.array(base, dtype=np.int64), np.array(tc, dtype=np.int64)


def lerp(a, b, g):
    # numpy's _lerp: a + (b - a) g, taken from b when g >= 0.5.
    d = b - a
    return np.where(g >= 0.5, b - d * (1 - g), a + d * g)


def cube(cell, values_cents, ncells):
    order = np.lexsort((values_cents, cell))
    v = values_cents[order].astype(np.float64) / 100.0
    n = np.bincount(cell, minlength=ncells)
    start = np.concatenate(([0], np.cumsum(n)[:-1]))
    sums = np.bincount(cell, weights=values_cents.astype(np.float64), minlength=ncells)  # exact below 2^53
    mean = sums / (n * 100.0)
    pct = np.empty((ncells, len(PS)))
    for i, p in enumerate(PS):
        h = (n - 1) * p
        lo = np.floor(h).astype(np.int64)
        g = h - lo
        hi = np.minimum(lo + 1, n - 1)
        pct[:, i] = lerp(v[start + lo], v[start + hi], g)
    return n, mean, pct, v, start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("records")
    ap.add_argument("cube")
    ap.add_argument("--sample", type=int, default=3000, help="cells also checked with np.quantile itself")
    args = ap.parse_args()

    keys, base, tc = load_records(args.records)
    uniq = {}
    cell = np.fromiter((uniq.setdefault(k, len(uniq)) for k in keys), dtype=np.int64, count=len(keys))
    ncells = len(uniq)
    ours = {}
    for name, vals in (("base", base), ("tc", tc)):
        n, mean, pct, v, start = cube(cell, vals, ncells)
        rng = np.random.default_rng(0)
        for c in rng.choice(ncells, size=min(args.sample, ncells), replace=False):
            seg = v[start[c]:start[c] + n[c]]
            q = np.quantile(seg, PS, method="linear")
            if not np.array_equal(q, pct[c]):
                sys.exit(f"vectorised type 7 differs from np.quantile in cell {c}: {pct[c]} vs {q}")
            if abs(np.mean(seg) - mean[c]) > 1e-6:
                sys.exit(f"mean differs from np.mean in cell {c}")
        ours[name] = (n, mean, pct)

    seen = 0
    figures = identical = 0
    worst = 0.0
    with open(args.cube, newline="") as f:
        for row in csv.DictReader(f):
            k = tuple(row[c] for c in KEY)
            c = uniq.get(k)
            if c is None:
                sys.exit(f"paygrid has a cell numpy does not: {k}")
            seen += 1
            if int(row["rows"]) != ours["base"][0][c]:
                sys.exit(f"{k}: rows {row['rows']} vs {ours['base'][0][c]}")
            for name in ("base", "tc"):
                n, mean, pct = ours[name]
                if int(row[f"{name}_n"]) != n[c]:
                    sys.exit(f"{k}: {name}_n {row[name + '_n']} vs {n[c]}")
                pairs = [(float(row[f"{name}_mean"]), mean[c])]
                pairs += [(float(row[f"{name}_p{int(p * 100)}"]), pct[c, i]) for i, p in enumerate(PS)]
                for got, want in pairs:
                    figures += 1
                    identical += got == want
                    worst = max(worst, abs(got - want))
    if seen != ncells:
        sys.exit(f"paygrid has {seen} cells, numpy {ncells}")
    ok = worst <= 0.005
    print(f"{len(keys)} records, {ncells} cells, {figures} figures: {identical} bit-identical to numpy, "
          f"largest difference ${worst:.6f} -> {'PASS' if ok else 'FAIL'} (to the cent); "
          f"{min(args.sample, ncells)} cells also checked against np.quantile itself")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
