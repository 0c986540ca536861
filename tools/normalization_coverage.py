#!/usr/bin/env python3
"""Prints how well paygrid normalizes each real dataset: rows accepted, rejected and skipped as
duplicates, then among accepted records the share with a catalogue role, with a level, and (for
sources that give cities) US records with an OEWS metro. The figures in docs/normalization.md come from this script.

Usage: python3 tools/normalization_coverage.py PATH/TO/paygrid
"""
import os
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "records")
# (kind, file, whether the source gives places finer than a country)
FILES = [
    ("levels-fyi", "levels_fyi_2017-2020.csv", True),
    ("aijobs", "aijobs_net_salaries_2025-01-19.csv", False),
    ("aijobs", "devops_jobs_net_salaries_2020-2021.csv", False),
    ("stackoverflow", "so_survey_2025_sample_1000.csv", False),
    ("h1b-lca", "h1b_lca_fy2013_q3_sample.csv", True),
]


def pct(a, b):
    return f"{100.0 * a / b:.2f}%" if b else "-"


def main():
    paygrid = sys.argv[1]
    print("| file | rows read | accepted | rejected | duplicates | range pairs | known role | has a level | US rows with a metro |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, name, cities in FILES:
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "c.db")
            subprocess.run([paygrid, "--db", db, "--no-default-data", "--quiet", "import", kind, os.path.join(DATA, name)],
                           check=True, capture_output=True)
            c = sqlite3.connect(db)
            read, rejected, dups, pairs = c.execute("SELECT rows_read, rejected, duplicates, range_pairs FROM imports").fetchone()
            acc, known, level = c.execute(
                "SELECT COUNT(*), SUM(role_known), SUM(level IS NOT NULL) FROM records").fetchone()
            us, metro = c.execute("SELECT COUNT(*), SUM(metro IS NOT NULL) FROM records WHERE country = 'US'").fetchone()
            metros = f"{metro:,} of {us:,} ({pct(metro, us)})" if cities else "country-level source"
            print(f"| {name} | {read:,} | {acc:,} | {rejected:,} | {dups:,} | {pairs:,} | {pct(known, acc)} | {pct(level, acc)} | {metros} |")


if __name__ == "__main__":
    main()
