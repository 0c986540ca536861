//! The bench crate's checks: the cube is exact to the bit against a naive
//! per-cell computation, the generator follows the workload definition and
//! is reproducible, the CSV round-trips, lookups agree with the engine, and
//! the runner produces every figure `paygrid bench` prints.
//!
//! Debug builds are slow, so the exactness check runs at 200k rows here;
//! `tools/check_cube.py` repeats it at 1M rows against numpy on the
//! release binary's output (see BENCHMARKS.md).

use paygrid_bench::csv::{read_csv, read_csv_ranges, same_records, write_csv, CsvError};
use paygrid_bench::gen::{self, generate};
use paygrid_bench::report::{build_engine, build_report, engine_sections, report_context};
use paygrid_bench::{run, BenchOptions};
use paygrid_engine::cube::{CubeTable, Figures, MISSING};
use paygrid_engine::{Area, CellQuery};
use paygrid_stats::{mean, quantile_sorted, STANDARD_PS};
use std::collections::BTreeMap;

const EXACT_ROWS: usize = 200_000;

/// One cell's values: base and TC as sorted dollars, and as cents.
type CellValues = (Vec<f64>, Vec<f64>, Vec<u64>, Vec<u64>);

/// The independent computation: one Vec per cell, sorted as f64 dollars,
/// figures from paygrid-stats.
fn naive(t: &CubeTable) -> BTreeMap<u32, CellValues> {
    let c = t.columns();
    let d = t.dims();
    let mut cells: BTreeMap<u32, CellValues> = BTreeMap::new();
    for i in 0..t.len() {
        let e = cells.entry(d.key(c.role[i], c.level[i], c.metro[i], c.year[i])).or_default();
        // TC recomputed from its parts, as the workload defines it.
        let tc = u64::from(c.base[i]) + u64::from(c.bonus[i]) + u64::from(c.equity[i]);
        assert_eq!(tc, u64::from(c.tc[i]));
        e.0.push(f64::from(c.base[i]) / 100.0);
        e.1.push(tc as f64 / 100.0);
        e.2.push(u64::from(c.base[i]));
        e.3.push(tc);
    }
    for (b, t, _, _) in cells.values_mut() {
        b.sort_by(f64::total_cmp);
        t.sort_by(f64::total_cmp);
    }
    cells
}

fn assert_exact(f: &Figures, sorted: &[f64], cents: &[u64], what: &str) {
    assert_eq!(f.n as usize, sorted.len(), "{what}: n");
    for (i, &p) in STANDARD_PS.iter().enumerate() {
        let want = quantile_sorted(sorted, p);
        assert_eq!(f.p[i].to_bits(), want.to_bits(), "{what}: p{p} {} vs {want}", f.p[i]);
    }
    // The mean: the correctly rounded exact Σcents / 100n, and within a
    // millionth of a cent of paygrid-stats' pairwise mean.
    let exact = cents.iter().sum::<u64>() as f64 / (cents.len() as f64 * 100.0);
    assert_eq!(f.mean.to_bits(), exact.to_bits(), "{what}: mean");
    assert!((f.mean - mean(sorted)).abs() < 1e-8, "{what}: mean {} vs pairwise {}", f.mean, mean(sorted));
}

#[test]
fn cube_is_exact_for_every_cell() {
    let t = generate(EXACT_ROWS, 7, 2).unwrap();
    let want = naive(&t);
    let cube = t.cube_with_threads(2);
    assert_eq!(cube.len(), want.len(), "non-empty cells");
    let mut rows = 0;
    for (cell, (key, (b, tc, bc, tcc))) in cube.unfloored_cells().zip(&want) {
        assert_eq!(cell.key, *key);
        assert_eq!(cell.rows as usize, b.len());
        assert_exact(&cell.base, b, bc, "base");
        assert_exact(&cell.tc, tc, tcc, "tc");
        rows += cell.rows as usize;
    }
    assert_eq!(rows, EXACT_ROWS);
    // Thread count changes nothing.
    assert!(paygrid_bench::run::same_figures(&cube, &t.cube_with_threads(1)));
    assert!(paygrid_bench::run::same_figures(&cube, &t.cube_with_threads(3)));
}

#[test]
fn generator_is_reproducible_and_prefix_stable() {
    let a = generate(70_000, 11, 1).unwrap();
    let b = generate(70_000, 11, 2).unwrap();
    assert_eq!(a, b, "thread count must not change the records");
    let c = generate(70_000, 12, 2).unwrap();
    assert_ne!(a.columns().base, c.columns().base);
    // The first rows of a bigger run are the rows of a smaller one.
    let big = generate(140_000, 11, 2).unwrap();
    let (x, y) = (a.columns(), big.columns());
    assert_eq!(x.base[..], y.base[..70_000]);
    assert_eq!(x.metro[..], y.metro[..70_000]);
    assert_eq!(x.skill_count[..], y.skill_count[..70_000]);
}

#[test]
fn generator_follows_the_workload_definition() {
    let n = 300_000;
    let t = generate(n, 5, 2).unwrap();
    let c = t.columns();
    let share = |count: usize| count as f64 / n as f64;
    assert_eq!(c.roles.len(), 50);
    assert_eq!(c.metros.len(), 400);
    assert_eq!(c.years, (2019..=2026).collect::<Vec<i16>>());
    assert_eq!(c.skills.len(), 200);
    assert_eq!(c.companies.len(), 20_000);
    // Levels 20/30/25/12/8/5%.
    for (l, w) in gen::LEVEL_WEIGHTS.iter().enumerate() {
        let s = share(c.level.iter().filter(|&&x| usize::from(x) == l).count());
        assert!((s - w / 100.0).abs() < 0.004, "level {l}: {s}");
    }
    // Zipf: P(rank 1) / P(rank 2) = 2^s.
    let count = |col: &[u16], v: u16| col.iter().filter(|&&x| x == v).count() as f64;
    let roles = count(&c.role, 0) / count(&c.role, 1);
    assert!((roles - 2f64.powf(0.8)).abs() < 0.05, "roles {roles}");
    let metros = count(&c.metro, 0) / count(&c.metro, 1);
    assert!((metros - 2.0).abs() < 0.08, "metros {metros}");
    let companies: Vec<u32> = (0..n).map(|i| c.company.get(i)).collect();
    let co = companies.iter().filter(|&&x| x == 0).count() as f64 / companies.iter().filter(|&&x| x == 1).count() as f64;
    assert!((co - 2f64.powf(1.1)).abs() < 0.15, "companies {co}");
    // Bonus on 70% of rows; equity on 35% (entry) … 75% (principal).
    let bonus = share(c.bonus.iter().filter(|&&b| b > 0).count());
    assert!((bonus - 0.70).abs() < 0.005, "bonus {bonus}");
    for (l, want) in gen::EQUITY_SHARE.iter().enumerate() {
        let rows: Vec<usize> = (0..n).filter(|&i| usize::from(c.level[i]) == l).collect();
        let s = rows.iter().filter(|&&i| c.equity[i] > 0).count() as f64 / rows.len() as f64;
        assert!((s - want).abs() < 0.02, "equity at level {l}: {s}");
    }
    // 1–5 distinct skills per row.
    let mut at = 0;
    for i in 0..n {
        let k = usize::from(c.skill_count[i]);
        assert!((1..=5).contains(&k));
        let mut ids: Vec<u32> = (at..at + k).map(|j| c.skill_ids.get(j)).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), k, "row {i} repeats a skill");
        at += k;
    }
    // Base is lognormal with sigma 0.18 within a role x level x metro x year
    // cell: the sd of ln(base) in the biggest cells.
    let d = t.dims();
    let mut by_cell: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for i in 0..n {
        by_cell.entry(d.key(c.role[i], c.level[i], c.metro[i], c.year[i])).or_default().push((f64::from(c.base[i]) / 100.0).ln());
    }
    let mut sds = Vec::new();
    for v in by_cell.values().filter(|v| v.len() >= 100) {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        sds.push((v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt());
    }
    let sd = sds.iter().sum::<f64>() / sds.len() as f64;
    assert!(sds.len() >= 10 && (sd - 0.18).abs() < 0.01, "sigma {sd} over {} cells", sds.len());
    // Every amount in the sanity range, TC = base + bonus + equity.
    for i in 0..n {
        assert!((1_000_000..=500_000_000).contains(&c.base[i]) && c.tc[i] <= 500_000_000 && c.tc[i] != MISSING);
        assert_eq!(u64::from(c.tc[i]), u64::from(c.base[i]) + u64::from(c.bonus[i]) + u64::from(c.equity[i]));
    }
}

#[test]
fn csv_round_trips_every_record() {
    let t = generate(30_000, 3, 2).unwrap();
    let mut buf = Vec::new();
    write_csv(&t, &mut buf).unwrap();
    let text = std::str::from_utf8(&buf).unwrap();
    assert!(text.starts_with("role,level,metro,year,base,bonus,equity,skills,company\n"));
    let first = text.lines().nth(1).unwrap();
    assert_eq!(first.split(',').count(), 9, "{first}");
    let back = read_csv(&buf[..], 0).unwrap();
    assert!(same_records(&t, &back));
    // Exported amounts have exactly two decimals.
    let base = first.split(',').nth(4).unwrap();
    assert_eq!(base.split('.').nth(1).map(str::len), Some(2), "{base}");
    // A changed amount is noticed.
    let mut cols = back.columns().clone();
    cols.base[17] += 1;
    cols.tc[17] += 1;
    assert!(!same_records(&t, &CubeTable::from_columns(cols).unwrap()));
}

#[test]
fn a_file_read_in_ranges_is_the_file_read_whole() {
    let t = generate(3_000, 4, 1).unwrap();
    let dir = std::env::temp_dir().join(format!("paygrid-bench-ranges-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.csv");
    let mut buf = Vec::new();
    write_csv(&t, &mut buf).unwrap();
    std::fs::write(&path, &buf).unwrap();
    let whole = read_csv(&buf[..], 0).unwrap();
    for ranges in [1, 2, 3, 7, 64] {
        assert_eq!(read_csv_ranges(&path, ranges, 0).unwrap(), whole, "{ranges} ranges");
    }
    // Errors name the file's line, whichever range found them.
    let mut text = String::from_utf8(buf).unwrap();
    let at = text.match_indices('\n').nth(2_499).unwrap().0 + 1; // start of line 2501
    text.insert_str(at, "x,");
    std::fs::write(&path, &text).unwrap();
    for ranges in [1, 2, 3, 7] {
        match read_csv_ranges(&path, ranges, 0) {
            Err(CsvError::Format { line, .. }) => assert_eq!(line, 2_501, "{ranges} ranges"),
            other => panic!("{ranges} ranges: {other:?}"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn lookups_agree_with_the_engine_benchmark() {
    let t = generate(20_000, 9, 2).unwrap();
    let engine = build_engine(&t, 20_000, 9, 5);
    // The engine's own snapshot (outliers removed) as a cube table.
    let from_snapshot = engine.cube_table().unwrap();
    let idx = from_snapshot.index();
    let c = t.columns();
    let mut compared = 0;
    for row in (0..t.len()).step_by(53) {
        let (role, level, metro) =
            (&c.roles[c.role[row] as usize], &c.levels[c.level[row] as usize], &c.metros[c.metro[row] as usize]);
        let q = CellQuery::new(role, paygrid_domain::Level::from_slug(level), Area::Metro(metro.clone()));
        let want = engine.benchmark(&q);
        // A name no published record carries is unknown to the index, as it
        // is to the engine.
        let Some(got) = idx.lookup(role, level, metro, 5) else {
            assert_eq!(want.n, None, "{role} {level} {metro}");
            continue;
        };
        assert_eq!(got.n, want.n, "{role} {level} {metro}");
        for (g, w) in [(&got.base, &want.base), (&got.total, &want.total)] {
            assert_eq!((g.p10, g.p25, g.p50, g.p75, g.p90), (w.p10, w.p25, w.p50, w.p75, w.p90));
            assert_eq!((g.ci.p10, g.ci.p25, g.ci.p50, g.ci.p75, g.ci.p90), (w.ci.p10, w.ci.p25, w.ci.p50, w.ci.p75, w.ci.p90));
            assert_eq!(g.confidence, w.confidence);
            match (g.mean, w.mean) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-6),
                (a, b) => assert_eq!(a, b),
            }
        }
        compared += usize::from(got.n.is_some());
    }
    assert!(compared >= 20, "only {compared} published cells compared");
    // A report page builds, and every engine section underneath is timed.
    let q = CellQuery::new(&c.roles[0], None, Area::Metro(c.metros[0].clone()));
    assert!(build_report(&engine, &q, &report_context()) > 1_000);
    assert_eq!(engine_sections(&engine, &q).len(), 7);
}

#[test]
fn runner_reports_every_figure() {
    let mut o = BenchOptions::new(20_000, 1);
    o.lookups = 2_000;
    o.reports = 2;
    o.report_rows_cap = 5_000;
    o.cube_runs = Some(1);
    let dir = std::env::temp_dir().join(format!("paygrid-bench-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    o.export_csv = Some(dir.join("records.csv"));
    o.cube_csv = Some(dir.join("cube.csv"));
    let mut lines = Vec::new();
    let r = run(&o, &mut |m| lines.push(m.to_string())).unwrap();
    assert!(!lines.is_empty());
    let v = serde_json::to_value(&r).unwrap();
    for key in [
        "rows",
        "cells",
        "cube_seconds",
        "lookup_p50_us",
        "lookup_p99_us",
        "ingest_rows_per_s",
        "report_p50_ms",
        "bytes_per_record",
    ] {
        assert!(v.get(key).is_some_and(|x| x.is_number()), "{key} missing: {v}");
    }
    assert_eq!(r.rows, 20_000);
    assert!(r.ingest_verified && r.report_capped && r.reports == 2);
    // Per-record bytes include the 20,000 company names, which dominate at this size.
    assert!(r.cells > 0 && r.lookup_p50_us > 0.0 && r.bytes_per_record > 20.0);
    let cube_csv = std::fs::read_to_string(dir.join("cube.csv")).unwrap();
    assert_eq!(cube_csv.lines().count(), r.cells + 1);
    let exported = std::fs::File::open(dir.join("records.csv")).unwrap();
    assert_eq!(read_csv(exported, 0).unwrap().len(), 20_000);
    std::fs::remove_dir_all(&dir).unwrap();
}
