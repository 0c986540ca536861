#!/usr/bin/env python3
"""Independent check of the posted-range rule (docs/import-format.md, "Posted ranges")
on an aijobs.net-format CSV, without any of paygrid's Rust code.

Prints, as JSON:
- `issue_count`: every index i of the exact-deduplicated row sequence where rows i and i+1
  agree on all but salary and salary_in_usd and differ in salary (overlapping), with that
  count's share of the deduplicated rows (2 x pairs / rows) and median high/low: the
  figures quoted in the issue;
- `rule`: what paygrid's rule should do on the raw file: runs of rows equal in every column but
  the salary ones are read two at a time from their start; two rows whose salaries differ with
  high <= 3 x low, both accepted, become one record (key: both rows) whose base is the
  arithmetic midpoint of the converted ends; every other row stands alone (key: the row);
  a key seen before is a duplicate. Reports accepted, rejected, duplicates, range_pairs, the
  median ratio of the collapsed pairs, and the sum and median of the stored bases;
- with `--db STORE`, the same figures read from a paygrid store that imported the file, and
  whether they agree.

Conversion: usd_per_unit of the row's currency and work_year from data/fx/usd_per_unit_yearly.csv
(nearest year with a rate); no rate rejects the row. Sanity floor: 15,080 USD/year when
company_location is US, 1,000 otherwise; ceiling 5,000,000.

Usage: python3 tools/range_pairs.py FILE.csv [--db STORE.db]
"""
import csv
import json
import os
import sqlite3
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SALARY = ("salary", "salary_in_usd")
MAX_RATIO = 3.0


def fx_table():
    rates = {}
    with open(os.path.join(HERE, "..", "data", "fx", "usd_per_unit_yearly.csv"), newline="") as f:
        for r in csv.DictReader(f):
            rates.setdefault(r["currency"], {})[int(r["year"])] = float(r["usd_per_unit"])
    rates["USD"] = {2000: 1.0}
    return rates


def cents(x):
    # Rust's f64::round: half away from zero.
    y = x * 100.0
    return (int(y + 0.5) if y >= 0 else -int(-y + 0.5)) / 100.0


def main():
    path = sys.argv[1]
    db = sys.argv[sys.argv.index("--db") + 1] if "--db" in sys.argv else None
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if r]
    sal = [i for i, n in enumerate(header) if n.strip().lower() in SALARY]
    si = header.index("salary")

    def rest(r):
        return tuple(v for i, v in enumerate(r) if i not in sal)

    # The issue's figure: overlapping adjacent pairs in the deduplicated sequence.
    seen, dedup = set(), []
    for r in rows:
        if tuple(r) not in seen:
            seen.add(tuple(r))
            dedup.append(r)
    adj = [(a, b) for a, b in zip(dedup, dedup[1:]) if rest(a) == rest(b) and float(a[si]) != float(b[si])]
    ratios = [max(float(a[si]), float(b[si])) / min(float(a[si]), float(b[si])) for a, b in adj]
    issue = {
        "rows": len(rows),
        "dedup_rows": len(dedup),
        "adjacent_pairs": len(adj),
        "share_of_dedup_rows": round(2 * len(adj) / len(dedup), 4),
        "median_high_low": round(statistics.median(ratios), 4),
    }

    rates = fx_table()
    country = header.index("company_location")
    year = header.index("work_year")
    cur = header.index("salary_currency")

    def base(r):
        table = rates.get(r[cur].strip().upper())
        if not table:
            return None
        y = int(r[year])
        rate = table.get(y) or table[min(table, key=lambda t: abs(t - y))]
        b = cents(float(r[si]) * rate)
        floor = 15_080.0 if r[country] == "US" else 1_000.0
        return b if floor <= b <= 5_000_000.0 else None

    keys, bases = set(), []
    acc = rej = dup = pairs = 0
    pair_ratios = []

    def single(r):
        nonlocal acc, rej, dup
        b = base(r)
        if b is None:
            rej += 1
        elif ("h", tuple(r)) in keys:
            dup += 1
        else:
            keys.add(("h", tuple(r)))
            acc += 1
            bases.append(b)

    i = 0
    while i < len(rows):
        a = rows[i]
        if i + 1 < len(rows) and rest(a) == rest(rows[i + 1]):
            b = rows[i + 1]
            ba, bb = base(a), base(b)
            lo, hi = sorted([ba, bb]) if ba is not None and bb is not None else (None, None)
            if lo is not None and 0 < lo < hi <= MAX_RATIO * lo:
                low_row, high_row = (a, b) if ba <= bb else (b, a)
                k = ("p", tuple(low_row), tuple(high_row))
                if k in keys:
                    dup += 2
                else:
                    keys.add(k)
                    acc += 1
                    pairs += 1
                    bases.append(cents((lo + hi) / 2))
                    pair_ratios.append(hi / lo)
            else:
                single(a)
                single(b)
            i += 2
        else:
            single(a)
            i += 1
    rule = {
        "rows_read": len(rows),
        "accepted": acc,
        "rejected": rej,
        "duplicates": dup,
        "range_pairs": pairs,
        "pair_rows_share_of_rows": round(2 * pairs / len(rows), 4),
        "median_high_low": round(statistics.median(pair_ratios), 4) if pair_ratios else None,
        "base_sum": round(sum(bases), 2),
        "base_median": statistics.median(bases),
    }
    out = {"file": os.path.basename(path), "issue_count": issue, "rule": rule}
    if db:
        c = sqlite3.connect(db)
        imp = c.execute(
            "SELECT accepted, rejected, duplicates, range_pairs, rows_read FROM imports WHERE kind = 'aijobs' ORDER BY id LIMIT 1"
        ).fetchone()
        stored = [b for (b,) in c.execute("SELECT base FROM records WHERE kind = 'aijobs' ORDER BY id")]
        ranged = c.execute(
            "SELECT COUNT(*), SUM(ABS(base - (base_low + base_high) / 2) > 0.0051) FROM records WHERE base_low IS NOT NULL"
        ).fetchone()
        store = {
            "accepted": imp[0],
            "rejected": imp[1],
            "duplicates": imp[2],
            "range_pairs": imp[3],
            "rows_read": imp[4],
            "records_with_range": ranged[0],
            "midpoints_off": ranged[1],
            "base_sum": round(sum(stored), 2),
            "base_median": statistics.median(stored),
        }
        out["store"] = store
        out["agree"] = all(store[k] == rule[k] for k in ("accepted", "rejected", "duplicates", "range_pairs", "rows_read")) and (
            abs(store["base_sum"] - rule["base_sum"]) < 0.01 and store["base_median"] == rule["base_median"]
        )
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
