#!/usr/bin/env python3
"""Independent reference for paygrid's skill premiums on the Stack Overflow sample.

Imports the Stack Overflow 2025 sample with paygrid into a fresh database,
then rebuilds the premium regression of docs/methodology.md ("Skills") from
the stored records with numpy, without any of paygrid's Rust code:

- rows: records of the role or a specialization below it (after the
  publication classes, reused from tools/reference_benchmarks.py), outliers
  excluded, that list a skill and report TC > 0;
- y = ln TC; regressors: level and country dummies (groups under k rows
  pooled into one "other", the largest group the reference), years of
  experience centred at its mean (missing: the mean plus a 0/1 indicator),
  one dummy per skill listed by >= 30 rows and not listed by >= k;
- OLS by least squares; the HC3 covariance
    (X'X)^-1 [sum_i x_i x_i' e_i^2 / (1 - h_i)^2] (X'X)^-1,
  rows with h_i = 1 contributing nothing (their residual is 0);
- two-sided t p-values on n - rank df (mpmath's incomplete beta); Holm and
  Benjamini-Hochberg adjustments over the skills.

The sample names no employer, so paygrid uses HC3 there (CR1 is checked on a
seeded design by tools/robust_reference.py). The count of classical (sigma^2
(X'X)^-1) intervals excluding 0 is kept for comparison with the issue.

Usage:
    python3 tools/skill_premiums_reference.py PATH/TO/paygrid \
        > crates/paygrid/tests/fixtures/skill_premiums_reference.json
"""
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

import mpmath
import numpy as np

mpmath.mp.dps = 50

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from reference_benchmarks import FLOOR, publication_classes  # noqa: E402

SO = os.path.join(HERE, "..", "..", "shared", "data", "records", "so_survey_2025_sample_1000.csv")
ROLE = "software-engineer"
MIN_HOLDERS = 30
ALPHA = 0.05


def run(paygrid, db, *args):
    cmd = [paygrid, "--db", db, "--no-default-data", "--quiet", *args]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def two_sided_mp(t, df):
    """P(|T| > |t|) for Student t with df degrees of freedom: I_{df/(df+t^2)}(df/2, 1/2)."""
    t = abs(mpmath.mpf(t))
    return mpmath.betainc(mpmath.mpf(df) / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True)


def t_two_sided(t, df):
    return float(two_sided_mp(float(t), df))


def t975(df):
    """t_0.975(df) by bisection in 50-digit arithmetic."""
    lo, hi = mpmath.mpf(1), mpmath.mpf(20)
    for _ in range(200):
        mid = (lo + hi) / 2
        if two_sided_mp(mid, df) > mpmath.mpf("0.05"):
            lo = mid
        else:
            hi = mid
    return float((lo + hi) / 2)


def holm(p):
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def bh(p):
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i], reverse=True)
    out, running = [0.0] * m, 1.0
    for pos, i in enumerate(order):
        rank = m - pos
        running = min(running, p[i] * m / rank)
        out[i] = running
    return out


def factor(values):
    """Dummy columns: groups under FLOOR pooled into "other"; reference = largest named group."""
    counts = Counter(values)
    big = sorted((v for v, c in counts.items() if c >= FLOOR), key=lambda v: (-counts[v], str(v)))
    codes = {v: i for i, v in enumerate(big)}
    other = len(big)
    coded = [codes.get(v, other) for v in values]
    pooled = any(c < FLOOR for c in counts.values())
    if pooled and not big:
        return np.zeros((len(values), 0))
    levels = len(big) + int(pooled)
    return np.column_stack([[1.0 if c == j else 0.0 for c in coded] for j in range(1, levels)]) if levels > 1 \
        else np.zeros((len(values), 0))


def main():
    paygrid = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "ref.db")
        run(paygrid, db, "import", "stackoverflow", SO)
        parents = {r["id"]: r["family"] for r in json.loads(run(paygrid, db, "roles", "--format", "json"))}
        con = sqlite3.connect(db)
        rows = con.execute(
            "SELECT id, role, level, country, us_state, metro, remote, year, dataset, base, total, "
            "years_experience, skills, company FROM records ORDER BY id"
        ).fetchall()

    recs = []
    for rid, role, level, country, state, metro, remote, year, dataset, base, total, yoe, skills, company in rows:
        recs.append(dict(id=rid, role=role, level=level, country=country, state=state, metro=metro,
                         remote=bool(remote), year=year, dataset=dataset, base=base, total=total, yoe=yoe,
                         skills=[s for s in skills.split(";") if s], company=company))

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

    def under(role):
        while role:
            if role == ROLE:
                return True
            role = parents.get(role)
        return False

    data = [r for r in recs if under(r["role"]) and r["id"] not in outlier and r["skills"] and r["total"] > 0]
    n = len(data)
    holders = Counter(s for r in data for s in set(r["skills"]))
    skills = sorted((s for s, c in holders.items() if c >= MIN_HOLDERS and n - c >= FLOOR),
                    key=lambda s: (-holders[s], s))

    yoe = np.array([np.nan if r["yoe"] is None else float(np.float32(r["yoe"])) for r in data])
    known = ~np.isnan(yoe)
    cols = [np.ones(n)]
    cols.append(np.where(known, yoe - yoe[known].mean(), 0.0))
    if not known.all():
        cols.append((~known).astype(float))
    X = np.column_stack(cols + [factor([r["level"] for r in data]), factor([r["country"] for r in data])]
                        + [np.array([[1.0 if s in r["skills"] else 0.0 for s in skills] for r in data])])
    first_skill = X.shape[1] - len(skills)
    y = np.log(np.array([r["total"] for r in data]))

    rank = np.linalg.matrix_rank(X)
    assert rank == X.shape[1], "the SO design has no aliased column"
    bread = np.linalg.inv(X.T @ X)
    beta = bread @ (X.T @ y)
    e = y - X @ beta
    df = int(n - rank)
    h = np.einsum("ij,jk,ik->i", X, bread, X)
    w = np.where(1 - h > 1e-10, e / (1 - h), 0.0)
    hc3 = bread @ (X.T * w**2) @ X @ bread

    def table(cov, dof):
        se = np.sqrt(np.diag(cov))[first_skill:]
        b = beta[first_skill:]
        p = [t_two_sided(b[j] / se[j], dof) for j in range(len(skills))]
        return se, p

    se3, p3 = table(hc3, df)
    t3 = t975(df)
    adj3, q3 = holm(p3), bh(p3)
    out = []
    for j, s in enumerate(skills):
        b = beta[first_skill + j]
        out.append({
            "skill": s, "n": holders[s], "beta": b, "premium": math.expm1(b),
            "hc3": {"se": se3[j], "ci": [math.expm1(b - t3 * se3[j]), math.expm1(b + t3 * se3[j])],
                    "p_value": p3[j], "p_holm": adj3[j], "q_bh": q3[j]},
        })
    classical = np.sqrt(np.diag(np.sum(e**2) / df * bread))[first_skill:]
    excl = sum(1 for j in range(len(skills)) if abs(beta[first_skill + j]) > t975(df) * classical[j])
    json.dump({
        "generated_by": "tools/skill_premiums_reference.py", "numpy": np.__version__, "mpmath": mpmath.__version__,
        "role": ROLE, "rows": n, "coefficients": int(X.shape[1]), "df": int(df),
        "classical_intervals_excluding_zero": excl,
        "hc3_intervals_excluding_zero": sum(1 for j in range(len(skills)) if p3[j] < ALPHA),
        "holm_significant": sum(1 for v in adj3 if v < ALPHA),
        "bh_significant": sum(1 for v in q3 if v < ALPHA),
        "skills": out,
    }, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
