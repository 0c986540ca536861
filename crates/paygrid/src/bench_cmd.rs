//! `paygrid bench`: runs the seeded performance benchmark of `paygrid-bench`
//! and prints its figures as a table or one JSON object.

use crate::CliError;
use paygrid_bench::{BenchOptions, BenchReport};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenchFormat {
    Table,
    Json,
}

#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// Records to generate
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: usize,
    /// Seed of the workload: the same rows and seed give the same records
    #[arg(long, default_value_t = paygrid_bench::DEFAULT_SEED)]
    pub seed: u64,
    /// Also keep the generated records as CSV (role,level,metro,year,base,bonus,equity,skills,company) for other engines
    #[arg(long)]
    pub export_csv: Option<PathBuf>,
    /// Write every cube cell's raw figures as CSV (for tools/check_cube.py)
    #[arg(long)]
    pub cube_csv: Option<PathBuf>,
    /// Single-cell lookups to time
    #[arg(long, default_value_t = 100_000)]
    pub lookups: usize,
    /// Threads (0 = all cores)
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Records in the engine the report is timed on
    #[arg(long, default_value_t = paygrid_bench::DEFAULT_REPORT_ROWS_CAP)]
    pub report_rows: usize,
    #[arg(long, value_enum, default_value_t = BenchFormat::Table)]
    pub format: BenchFormat,
}

pub fn run(args: &BenchArgs, quiet: bool, floor: usize) -> Result<(), CliError> {
    if args.rows == 0 {
        return Err(CliError::Input("--rows must be at least 1".into()));
    }
    let mut opts = BenchOptions::new(args.rows, args.seed);
    opts.lookups = args.lookups;
    opts.export_csv = args.export_csv.clone();
    opts.cube_csv = args.cube_csv.clone();
    opts.threads = args.threads;
    opts.report_rows_cap = args.report_rows;
    opts.floor = floor;
    let show = !quiet && std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let mut progress = |msg: &str| {
        if show {
            eprintln!("[{:6.1}s] {msg}", started.elapsed().as_secs_f64());
        }
    };
    let report = paygrid_bench::run(&opts, &mut progress).map_err(|e| match e {
        paygrid_bench::BenchError::Io(m) => CliError::Io(m),
        other => CliError::Input(other.to_string()),
    })?;
    let text = match args.format {
        BenchFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report).expect("bench report serializes")),
        BenchFormat::Table => render_table(&report),
    };
    crate::print(&text);
    Ok(())
}

fn mib(b: f64) -> String {
    format!("{:.1} MiB", b / (1024.0 * 1024.0))
}

fn render_table(r: &BenchReport) -> String {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut row = |what: &str, value: String, note: String| rows.push((what.to_string(), value, note));
    let m = &r.machine;
    row(
        "machine",
        format!("{} cpus", m.cpus),
        format!("{}; {}", m.cpu_model.as_deref().unwrap_or("?"), m.mem_total_bytes.map_or("?".into(), |b| mib(b as f64))),
    );
    row(
        "records",
        r.rows.to_string(),
        format!(
            "seed {}, {} threads, generated in {:.2} s; load average {}",
            r.seed,
            r.threads,
            r.generate_seconds,
            r.load_avg_1m.map_or("?".into(), |l| format!("{l:.2}"))
        ),
    );
    row(
        "cube",
        format!("{:.4} s", r.cube_seconds),
        format!(
            "{} cells; median of {} into fresh memory (min {:.4} s), {:.1}M rows/s; reusing memory {:.4} s; 1 thread {:.4} s",
            r.cells,
            r.cube_runs,
            r.cube_seconds_min,
            r.cube_rows_per_s / 1e6,
            r.cube_seconds_warm,
            r.cube_seconds_1_thread
        ),
    );
    row(
        "cube memory",
        r.cube_peak_extra_bytes.map_or("n/a".into(), |b| mib(b as f64)),
        format!("peak above the table while computing; result {}", mib(r.cube_result_bytes as f64)),
    );
    row(
        "lookup p50 / p99",
        format!("{:.2} / {:.2} µs", r.lookup_p50_us, r.lookup_p99_us),
        format!(
            "{} lookups, max {:.1} µs (first, building the CI tables: {:.0} µs); index of {} cells built in {:.3} s, {:.1} B/record",
            r.lookups,
            r.lookup_max_us,
            r.lookup_first_us.unwrap_or(f64::NAN),
            r.index_cells,
            r.index_build_seconds,
            r.index_bytes_per_record
        ),
    );
    row(
        "ingest",
        format!("{:.2}M rows/s", r.ingest_rows_per_s / 1e6),
        format!(
            "{:.2} s for {}; export {:.2} s; verified: {}",
            r.ingest_seconds,
            mib(r.csv_bytes as f64),
            r.export_seconds,
            if r.ingest_verified { "identical records" } else { "NO" }
        ),
    );
    if r.reports > 0 {
        let p = &r.report_privacy;
        let pct = |n: usize| 100.0 * n as f64 / p.records.max(1) as f64;
        let hidden: Vec<String> = p.hidden.iter().filter(|(_, n)| *n > 0).map(|(d, n)| format!("{d} {:.1}%", pct(*n))).collect();
        row(
            "report engine",
            format!("{:.2} s", r.report_engine_build_seconds),
            format!(
                "build incl. privacy classes; {:.1}% of records keep full detail; hidden: {}; left out {:.2}%",
                pct(p.full_detail),
                hidden.join(", "),
                pct(p.left_out)
            ),
        );
        let slowest = r.report_section_p50_ms.iter().max_by(|a, b| a.1.total_cmp(b.1)).map(|(k, v)| format!("{k} {v:.2} ms"));
        row(
            "report, cold p50 / p99",
            format!("{:.2} / {:.2} ms", r.report_cold_p50_ms, r.report_cold_p99_ms),
            format!("fresh engine: first report {:.2} ms; each role's first page also fits its shared models", r.report_first_ms),
        );
        row("engine warm-up", format!("{:.2} s", r.report_warmup_seconds), "once, when `paygrid serve` starts".to_string());
        row(
            "report p50 / p99",
            format!("{:.2} / {:.2} ms", r.report_p50_ms, r.report_p99_ms),
            format!(
                "after warm-up: {} reports on {} records{}; slowest section {}; without the role-wide models {:.2} ms; {}",
                r.reports,
                r.report_rows,
                if r.report_capped { " (capped)" } else { "" },
                slowest.unwrap_or_default(),
                r.report_cell_sections_p50_ms,
                r.report_kind
            ),
        );
    }
    row(
        "bytes / record",
        format!("{:.1}", r.bytes_per_record),
        format!(
            "cube table {}; process peak RSS {}",
            mib(r.table_bytes as f64),
            r.peak_rss_bytes.map_or("?".into(), |b| mib(b as f64))
        ),
    );
    let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (a, b, c) in rows {
        out.push_str(&format!("{a:<w0$}  {b:>w1$}  {c}\n"));
    }
    out
}
