//! The `paygrid bench` runner: generate, then measure the cube, single-cell
//! lookups, CSV ingest and one report, and report memory.

use crate::csv::{read_csv_file, same_records, write_csv, CsvError};
use crate::gen::generate;
use crate::report::{
    build_engine, build_report, engine_sections, report_context, Area, CellQuery, REPORT_KIND, ROLE_WIDE_SECTIONS,
};
use crate::rng::{stream_seed, Rng};
use paygrid_engine::cube::{Cube, CubeError, CubeScratch, CubeTable};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

/// What to run.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub rows: usize,
    pub seed: u64,
    /// Single-cell lookups to time.
    pub lookups: usize,
    /// Keep the exported CSV here (else it goes to a temporary file that is
    /// removed after the ingest measurement).
    pub export_csv: Option<PathBuf>,
    /// Write the cube's raw figures (every cell) here, for `tools/check_cube.py`.
    pub cube_csv: Option<PathBuf>,
    /// 0 = all cores.
    pub threads: usize,
    /// Records given to the engine for the report measurement.
    pub report_rows_cap: usize,
    /// Reports to time (distinct cells).
    pub reports: usize,
    /// Cube repetitions; None = 5 up to 3M rows, 3 above.
    pub cube_runs: Option<usize>,
    /// Skip the report measurement (tests; it needs an engine build).
    pub skip_report: bool,
    /// Privacy floor for lookups and reports (raised to at least 5).
    pub floor: usize,
}

impl BenchOptions {
    pub fn new(rows: usize, seed: u64) -> BenchOptions {
        BenchOptions {
            rows,
            seed,
            lookups: 100_000,
            export_csv: None,
            cube_csv: None,
            threads: 0,
            report_rows_cap: DEFAULT_REPORT_ROWS_CAP,
            reports: 25,
            cube_runs: None,
            skip_report: false,
            floor: paygrid_stats::DEFAULT_FLOOR,
        }
    }
}

pub const DEFAULT_SEED: u64 = 42;
/// The report measurement builds a full engine snapshot (~150 bytes a
/// record plus per-record `Record` conversion), so it is capped.
pub const DEFAULT_REPORT_ROWS_CAP: usize = 1_000_000;

/// The machine the figures were measured on.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpus: usize,
    pub cpu_model: Option<String>,
    pub mem_total_bytes: Option<u64>,
}

impl Machine {
    pub fn current() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu_model = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string());
        Machine {
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model,
            mem_total_bytes: proc_kb("/proc/meminfo", "MemTotal:"),
        }
    }
}

/// Everything `paygrid bench` measured. Times in seconds unless the name
/// says otherwise; memory in bytes.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub rows: usize,
    pub seed: u64,
    pub threads: usize,
    pub machine: Machine,

    pub generate_seconds: f64,

    /// 1-minute load average when the cube runs started: other processes
    /// on the machine inflate every wall time.
    pub load_avg_1m: Option<f64>,

    /// Non-empty role x level x metro x year cells.
    pub cells: usize,
    /// Median wall time of the whole cube over `cube_runs` runs, each into
    /// fresh memory (as a one-shot process computes it).
    pub cube_seconds: f64,
    pub cube_seconds_min: f64,
    pub cube_runs: usize,
    pub cube_rows_per_s: f64,
    /// Median over `cube_runs` recomputations reusing the previous result's
    /// and the scratch's memory (as a long-lived process recomputes it).
    pub cube_seconds_warm: f64,
    /// One run on a single thread, for scaling and the single-thread baseline.
    pub cube_seconds_1_thread: f64,
    /// Peak resident memory above the pre-cube level while computing it
    /// (scratch plus result), from VmHWM; None where it cannot be reset.
    pub cube_peak_extra_bytes: Option<u64>,
    /// Heap bytes of the cube result.
    pub cube_result_bytes: usize,

    pub index_build_seconds: f64,
    /// Non-empty role x level x metro cells.
    pub index_cells: usize,
    pub index_bytes_per_record: f64,
    pub lookups: usize,
    /// The process's first lookup, which also builds the CI rank tables.
    pub lookup_first_us: Option<f64>,
    pub lookup_p50_us: f64,
    pub lookup_p99_us: f64,
    pub lookup_max_us: f64,

    pub csv_bytes: u64,
    pub export_seconds: f64,
    pub ingest_seconds: f64,
    pub ingest_rows_per_s: f64,
    /// The ingested table holds exactly the generated records.
    pub ingest_verified: bool,

    pub report_kind: &'static str,
    /// Records in the report's engine (capped; see `report_capped`).
    pub report_rows: usize,
    pub report_capped: bool,
    pub report_engine_build_seconds: f64,
    /// How the report engine's records were generalized into privacy classes.
    pub report_privacy: paygrid_engine::PrivacyReport,
    pub reports: usize,
    /// The first report on a fresh engine.
    pub report_first_ms: f64,
    /// Reports on a fresh engine (each role's first report also fits the
    /// role-wide models every page of that role shares).
    pub report_cold_p50_ms: f64,
    pub report_cold_p99_ms: f64,
    /// `Engine::warm_up`, which `paygrid serve` runs once at start-up.
    pub report_warmup_seconds: f64,
    /// Reports after the warm-up, as a running server builds them.
    pub report_p50_ms: f64,
    pub report_p99_ms: f64,
    /// Median time of each engine computation underneath a report, timed
    /// on its own on the same cells.
    pub report_section_p50_ms: BTreeMap<&'static str, f64>,
    /// Median over the same cells of the engine sections' time without the
    /// two role-wide models (metro multipliers, skill premiums), which
    /// depend on the role and period only and so could be cached per role.
    pub report_cell_sections_p50_ms: f64,

    /// Resident bytes of the cube table's columns and dictionaries per record.
    pub bytes_per_record: f64,
    pub table_bytes: usize,
    /// Process peak resident memory (VmHWM) at the end.
    pub peak_rss_bytes: Option<u64>,
}

#[derive(Debug)]
pub enum BenchError {
    Io(String),
    Csv(CsvError),
    Cube(CubeError),
    Check(String),
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BenchError::Io(m) | BenchError::Check(m) => f.write_str(m),
            BenchError::Csv(e) => write!(f, "reading the exported CSV: {e}"),
            BenchError::Cube(e) => write!(f, "cube table: {e}"),
        }
    }
}

impl std::error::Error for BenchError {}

fn proc_kb(file: &str, key: &str) -> Option<u64> {
    let text = std::fs::read_to_string(file).ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    let kb: u64 = line[key.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb * 1024)
}

/// Current resident memory (VmRSS).
pub fn rss_bytes() -> Option<u64> {
    proc_kb("/proc/self/status", "VmRSS:")
}

/// Peak resident memory (VmHWM).
pub fn peak_rss_bytes() -> Option<u64> {
    proc_kb("/proc/self/status", "VmHWM:")
}

/// Resets VmHWM to the current RSS (Linux `clear_refs` value 5), so the
/// peak of one phase can be read; false where that is not allowed.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    paygrid_stats::quantile_sorted(sorted, p)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    percentile(&v, 0.5)
}

/// Writes the cube's raw figures, one line per cell; floats in Rust's
/// shortest round-trip form so a checker reads the exact doubles.
pub fn write_cube_csv<W: Write>(t: &CubeTable, cube: &Cube, w: W) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, w);
    let c = t.columns();
    writeln!(
        w,
        "role,level,metro,year,rows,base_n,base_mean,base_p10,base_p25,base_p50,base_p75,base_p90,tc_n,tc_mean,tc_p10,tc_p25,tc_p50,tc_p75,tc_p90"
    )?;
    let d = cube.dims();
    // Synthetic records only: the bench never runs on a real snapshot, so
    // writing cells under the privacy floor publishes nobody.
    for cell in cube.unfloored_cells() {
        let (r, l, m, y) = d.decode(cell.key);
        write!(
            w,
            "{},{},{},{},{}",
            c.roles[r as usize], c.levels[l as usize], c.metros[m as usize], c.years[y as usize], cell.rows
        )?;
        for f in [&cell.base, &cell.tc] {
            write!(w, ",{},{}", f.n, f.mean)?;
            for p in f.p {
                write!(w, ",{p}")?;
            }
        }
        writeln!(w)?;
    }
    w.flush()
}

/// Runs the whole benchmark. `progress` receives a line per phase.
pub fn run(opts: &BenchOptions, progress: &mut dyn FnMut(&str)) -> Result<BenchReport, BenchError> {
    let threads = if opts.threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { opts.threads };
    let n = opts.rows;

    progress(&format!("generating {n} records (seed {})", opts.seed));
    let t0 = Instant::now();
    let table = generate(n, opts.seed, threads).map_err(BenchError::Cube)?;
    let generate_seconds = t0.elapsed().as_secs_f64();
    let table_bytes = table.heap_bytes();

    // 1. The cube.
    let runs = opts.cube_runs.unwrap_or(if n <= 3_000_000 { 5 } else { 3 }).max(1);
    progress(&format!("cube: {runs} runs on {threads} threads"));
    let load_avg_1m = std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split(' ').next()?.parse().ok());
    let peak_before_cube = peak_rss_bytes();
    let rss_before = rss_bytes();
    let peak_ok = reset_peak_rss();
    let mut times = Vec::with_capacity(runs);
    let mut cube = None;
    let mut cube_peak_extra_bytes = None;
    for i in 0..runs {
        drop(cube.take());
        let t = Instant::now();
        let c = table.cube_with_threads(threads);
        times.push(t.elapsed().as_secs_f64());
        if i == 0 && peak_ok {
            cube_peak_extra_bytes = peak_rss_bytes().zip(rss_before).map(|(p, b)| p.saturating_sub(b));
        }
        cube = Some(c);
    }
    let cube = cube.expect("at least one run");
    let cube_seconds_min = times.iter().copied().fold(f64::INFINITY, f64::min);
    let cube_seconds = median(times);
    progress(&format!("cube: {runs} runs reusing memory"));
    let (mut warm, mut scratch) = (Cube::empty(), CubeScratch::default());
    table.cube_into(&mut warm, &mut scratch, threads);
    let mut warm_times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        table.cube_into(&mut warm, &mut scratch, threads);
        warm_times.push(t.elapsed().as_secs_f64());
    }
    if !same_figures(&warm, &cube) {
        return Err(BenchError::Check("the cube recomputed into reused memory differs".into()));
    }
    drop((warm, scratch));
    let cube_seconds_warm = median(warm_times);
    progress("cube: one single-thread run");
    let t = Instant::now();
    let single = table.cube_with_threads(1);
    let cube_seconds_1_thread = t.elapsed().as_secs_f64();
    if !same_figures(&single, &cube) {
        return Err(BenchError::Check("the single-thread cube differs from the parallel one".into()));
    }
    drop(single);
    if let Some(path) = &opts.cube_csv {
        progress(&format!("writing the cube to {}", path.display()));
        let f = std::fs::File::create(path).map_err(|e| BenchError::Io(format!("{}: {e}", path.display())))?;
        write_cube_csv(&table, &cube, f).map_err(|e| BenchError::Io(format!("{}: {e}", path.display())))?;
    }
    let cells = cube.len();
    let cube_result_bytes = cube.heap_bytes();
    drop(cube);

    // 2. Lookups.
    progress("lookup index");
    let t = Instant::now();
    let index = table.index_with_threads(threads);
    let index_build_seconds = t.elapsed().as_secs_f64();
    let c = table.columns();
    let mut rng = Rng::new(stream_seed(opts.seed, 0x1005_u64 << 48));
    // Cells drawn as traffic would arrive: a random record's cell, so busy
    // (large) cells are asked for most.
    let keys: Vec<(&str, &str, &str)> = if n == 0 {
        Vec::new()
    } else {
        (0..opts.lookups)
            .map(|_| {
                let row = (rng.next_u64() % n as u64) as usize;
                (
                    c.roles[c.role[row] as usize].as_str(),
                    c.levels[c.level[row] as usize].as_str(),
                    c.metros[c.metro[row] as usize].as_str(),
                )
            })
            .collect()
    };
    progress(&format!("{} lookups", keys.len()));
    // The first lookup builds the CI rank tables (once per process): timed
    // on its own so it does not pose as the distribution's tail.
    let lookup_first_us = keys.first().map(|(r, l, m)| {
        let t = Instant::now();
        black_box(index.lookup(r, l, m, opts.floor));
        t.elapsed().as_secs_f64() * 1e6
    });
    let mut lat = Vec::with_capacity(keys.len());
    for (r, l, m) in &keys {
        let t = Instant::now();
        black_box(index.lookup(black_box(r), black_box(l), black_box(m), opts.floor));
        lat.push(t.elapsed().as_secs_f64() * 1e6);
    }
    lat.sort_by(f64::total_cmp);
    let index_cells = index.cells();
    let index_bytes_per_record = index.heap_bytes() as f64 / n.max(1) as f64;
    drop(index);

    // 3. Ingest: export, then read back into a table.
    let (path, temporary) = match &opts.export_csv {
        Some(p) => (p.clone(), false),
        None => (std::env::temp_dir().join(format!("paygrid-bench-{}-{n}.csv", std::process::id())), true),
    };
    progress(&format!("exporting CSV to {}", path.display()));
    let io_err = |e: std::io::Error| BenchError::Io(format!("{}: {e}", path.display()));
    let t = Instant::now();
    let f = std::fs::File::create(&path).map_err(io_err)?;
    write_csv(&table, f).map_err(io_err)?;
    let export_seconds = t.elapsed().as_secs_f64();
    let csv_bytes = std::fs::metadata(&path).map_err(io_err)?.len();
    progress("ingesting the CSV");
    let t = Instant::now();
    let ingested = read_csv_file(&path, threads, n);
    let ingest_seconds = t.elapsed().as_secs_f64();
    if temporary {
        let _ = std::fs::remove_file(&path);
    }
    let ingested = ingested.map_err(BenchError::Csv)?;
    let ingest_verified = same_records(&table, &ingested);
    if !ingest_verified {
        return Err(BenchError::Check("the ingested CSV does not hold the generated records".into()));
    }
    drop(ingested);

    // 4. Reports.
    let report_rows = n.min(opts.report_rows_cap);
    let mut report = ReportFigures::default();
    if !opts.skip_report && report_rows > 0 && opts.reports > 0 {
        progress(&format!("engine over {report_rows} records for the report"));
        let t = Instant::now();
        let engine = build_engine(&table, report_rows, opts.seed, opts.floor);
        report.engine_build_seconds = t.elapsed().as_secs_f64();
        report.privacy = engine.privacy().clone();
        progress(&format!("{} reports", opts.reports));
        let ctx = report_context();
        let mut draw = || {
            let row = (rng.next_u64() % report_rows as u64) as usize;
            CellQuery::new(&c.roles[c.role[row] as usize], None, Area::Metro(c.metros[c.metro[row] as usize].clone()))
        };
        // Cold: a fresh engine, as a one-shot `paygrid report` sees it; the
        // first report of a role also fits that role's shared models.
        let mut cold = Vec::with_capacity(opts.reports);
        for _ in 0..opts.reports {
            let q = draw();
            let t = Instant::now();
            build_report(&engine, &q, &ctx);
            cold.push(t.elapsed().as_secs_f64() * 1e3);
        }
        report.first_ms = cold[0];
        cold.sort_by(f64::total_cmp);
        report.cold_p50_ms = percentile(&cold, 0.5);
        report.cold_p99_ms = percentile(&cold, 0.99);
        // Warm: what `paygrid serve` does once at start-up, then pages as a
        // running server builds them (new cells drawn the same way).
        progress("engine warm-up");
        let t = Instant::now();
        engine.warm_up(threads);
        report.warmup_seconds = t.elapsed().as_secs_f64();
        progress(&format!("{} reports", opts.reports));
        let mut totals = Vec::with_capacity(opts.reports);
        let mut cell_only = Vec::with_capacity(opts.reports);
        let mut sections: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
        for _ in 0..opts.reports {
            let q = draw();
            let t = Instant::now();
            build_report(&engine, &q, &ctx);
            totals.push(t.elapsed().as_secs_f64() * 1e3);
            let times = engine_sections(&engine, &q);
            cell_only.push(
                times.iter().filter(|(n, _)| !ROLE_WIDE_SECTIONS.contains(n)).map(|(_, d)| d.as_secs_f64() * 1e3).sum::<f64>(),
            );
            for (name, d) in times {
                sections.entry(name).or_default().push(d.as_secs_f64() * 1e3);
            }
        }
        report.runs = totals.len();
        totals.sort_by(f64::total_cmp);
        report.p50_ms = percentile(&totals, 0.5);
        report.p99_ms = percentile(&totals, 0.99);
        report.sections = sections.into_iter().map(|(k, v)| (k, median(v))).collect();
        report.cell_sections_p50_ms = median(cell_only);
    }

    Ok(BenchReport {
        rows: n,
        seed: opts.seed,
        threads,
        machine: Machine::current(),
        generate_seconds,
        load_avg_1m,
        cells,
        cube_seconds,
        cube_seconds_min,
        cube_runs: runs,
        cube_rows_per_s: n as f64 / cube_seconds,
        cube_seconds_warm,
        cube_seconds_1_thread,
        cube_peak_extra_bytes,
        cube_result_bytes,
        index_build_seconds,
        index_cells,
        index_bytes_per_record,
        lookups: lat.len(),
        lookup_first_us,
        lookup_p50_us: percentile(&lat, 0.5),
        lookup_p99_us: percentile(&lat, 0.99),
        lookup_max_us: lat.last().copied().unwrap_or(f64::NAN),
        csv_bytes,
        export_seconds,
        ingest_seconds,
        ingest_rows_per_s: n as f64 / ingest_seconds,
        ingest_verified,
        report_kind: REPORT_KIND,
        report_rows,
        report_capped: report_rows < n,
        report_engine_build_seconds: report.engine_build_seconds,
        report_privacy: report.privacy,
        reports: report.runs,
        report_first_ms: report.first_ms,
        report_cold_p50_ms: report.cold_p50_ms,
        report_cold_p99_ms: report.cold_p99_ms,
        report_warmup_seconds: report.warmup_seconds,
        report_p50_ms: report.p50_ms,
        report_p99_ms: report.p99_ms,
        report_section_p50_ms: report.sections,
        report_cell_sections_p50_ms: report.cell_sections_p50_ms,
        bytes_per_record: table_bytes as f64 / n.max(1) as f64,
        table_bytes,
        peak_rss_bytes: match (peak_before_cube, peak_rss_bytes()) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        },
    })
}

/// Bit-for-bit equality of two cubes (NaN figures of empty measures included).
pub fn same_figures(a: &Cube, b: &Cube) -> bool {
    let bits = |f: &paygrid_engine::cube::Figures| (f.n, f.mean.to_bits(), f.p.map(f64::to_bits));
    a.dims() == b.dims()
        && a.len() == b.len()
        && a.unfloored_cells()
            .zip(b.unfloored_cells())
            .all(|(x, y)| x.key == y.key && x.rows == y.rows && bits(&x.base) == bits(&y.base) && bits(&x.tc) == bits(&y.tc))
}

#[derive(Default)]
struct ReportFigures {
    engine_build_seconds: f64,
    privacy: paygrid_engine::PrivacyReport,
    runs: usize,
    first_ms: f64,
    cold_p50_ms: f64,
    cold_p99_ms: f64,
    warmup_seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    sections: BTreeMap<&'static str, f64>,
    cell_sections_p50_ms: f64,
}
