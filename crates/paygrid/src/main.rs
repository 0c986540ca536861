//! The `paygrid` command line: a thin shell over the library crates. It
//! parses arguments, opens the store, and renders what the crates return.

mod analytics;
mod bench_cmd;
mod defaults;
mod figures;
mod import;
mod moderate_cmd;
mod output;
mod privacy_cmd;
mod progress;
mod report_cmd;
mod serve_cmd;

use clap::{Parser, Subcommand};
use output::{Format, Listing};
use paygrid_domain::record::Date;
use paygrid_domain::SourceKind;
use paygrid_ingest::ImportOptions;
use paygrid_store::{SqliteStore, Store};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "paygrid", version, about = "Honest salary benchmarks from real pay records")]
struct Cli {
    /// Database file [default: $XDG_DATA_HOME/paygrid/paygrid.db, else ~/.local/share/paygrid/paygrid.db]
    #[arg(long, global = true, env = "PAYGRID_DB")]
    db: Option<PathBuf>,
    /// Never load the embedded default data (OEWS, aijobs.net, devops-jobs.net) into an empty store
    #[arg(long, global = true, env = "PAYGRID_NO_DEFAULT_DATA", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    no_default_data: bool,
    /// No progress output
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Privacy floor k: no figure is computed from fewer records (at least 5; configurable upward only)
    #[arg(long, global = true, env = "PAYGRID_FLOOR", default_value_t = 5)]
    floor: usize,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import a file: generic (CSV/JSONL, see docs/import-format.md), levels-fyi, aijobs, stackoverflow, h1b-lca, oews
    Import {
        /// Source kind
        #[arg(value_parser = parse_kind)]
        kind: SourceKind,
        /// File to read (`.gz` is decompressed; `-` reads standard input)
        file: PathBuf,
        /// Dataset name: rows are deduplicated within kind + dataset [default: the file name]
        #[arg(long)]
        dataset: Option<String>,
        /// Licence of the data, shown by `paygrid sources`
        #[arg(long)]
        licence: Option<String>,
        /// Keep rows identical in every field (sources without ids whose identical rows are different people)
        #[arg(long)]
        keep_duplicates: bool,
        /// Lower bound of the sanity range for base and total, USD/year, for every row [default: 15,080 for US records, 1,000 elsewhere]
        #[arg(long)]
        min_pay: Option<f64>,
        /// Upper bound of the sanity range for base and total, USD/year
        #[arg(long, default_value_t = 5_000_000.0)]
        max_pay: f64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List every import: kind, file, licence, rows accepted / rejected / duplicates, date range
    Sources {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// How much detail the published records keep (records per hidden dimension), and how far that moves the medians of cells with 30+ records
    Privacy {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List rejected rows with file, row, field and reason
    Rejects {
        /// Only this import (its id from `paygrid sources`)
        #[arg(long)]
        import: Option<i64>,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Benchmark one cell: n, mean, p10–p90 of base and total compensation with 95% CIs, trend, projection, OEWS reference
    Benchmark {
        #[command(flatten)]
        cell: analytics::CellArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Seniority mix, level ladder, experience roadmap and TC breakdown of a role in a location
    Breakdown {
        #[command(flatten)]
        cell: analytics::CellArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Metro multipliers for a role: level- and year-adjusted pay vs national, with 95% CI, n and the OEWS ratio
    Metros {
        #[command(flatten)]
        cell: analytics::CellArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Most used (survey) or requested (postings) skills, and skill premiums: log-pay regression with level, location and experience controls, robust intervals, Holm-adjusted p-values
    Skills {
        #[command(flatten)]
        cell: analytics::CellArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Evaluate an offer: percentile ranks, position vs p25/p50/p75, other metros, a counter-offer with its reasoning
    Offer {
        #[command(flatten)]
        cell: analytics::CellArgs,
        /// Annual base salary, USD
        #[arg(long)]
        base: f64,
        /// Annual target bonus, USD
        #[arg(long, default_value_t = 0.0)]
        bonus: f64,
        /// Total equity grant value, USD (annualized over --vest-years)
        #[arg(long, default_value_t = 0.0)]
        equity_grant: f64,
        #[arg(long, default_value_t = 4.0)]
        vest_years: f64,
        /// One-off signing bonus, USD (counts as a quarter per year)
        #[arg(long, default_value_t = 0.0)]
        signing: f64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Compare 2–4 cells side by side: medians, differences, and whether their 95% CIs overlap
    Compare {
        /// A cell as "ROLE|LEVEL|LOCATION" (LEVEL may be empty), e.g. "backend-engineer|senior|Seattle, WA"; 2–4 times
        #[arg(long = "cell", required = true)]
        cells: Vec<String>,
        #[arg(long)]
        since: Option<i32>,
        #[arg(long)]
        until: Option<i32>,
        #[arg(long = "source")]
        sources: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Replay every projection method on held-back years over all cells with enough history; print MAPE and interval coverage
    Backtest {
        #[arg(long)]
        since: Option<i32>,
        #[arg(long)]
        until: Option<i32>,
        #[arg(long = "source")]
        sources: Vec<String>,
        /// Least number of publishable years a series needs
        #[arg(long, default_value_t = 2)]
        min_points: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Market report of a role in a location: overview, projection, levels, experience, TC, metros, skills, related roles, segments, negotiation, FAQ, sources
    Report(report_cmd::ReportArgs),
    /// Write a static site: one report page per role x location with enough records, an index and sitemap.xml
    ExportSite(report_cmd::ExportSiteArgs),
    /// List the role catalogue: id, name, family, SOC code
    Roles {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Serve the web pages and the JSON API (/api/v1) on the store's data; admin endpoints need PAYGRID_ADMIN_TOKEN
    Serve(serve_cmd::ServeArgs),
    /// List pending salary submissions and approve or reject them
    Moderate(moderate_cmd::ModerateArgs),
    /// Performance benchmark on a seeded synthetic workload: whole cube, cell lookups, CSV ingest, one report, memory
    Bench {
        #[command(flatten)]
        args: bench_cmd::BenchArgs,
    },
}

fn parse_kind(s: &str) -> Result<SourceKind, String> {
    paygrid_ingest::KINDS.into_iter().find(|k| k.slug() == s).ok_or_else(|| {
        let kinds: Vec<&str> = paygrid_ingest::KINDS.iter().map(|k| k.slug()).collect();
        format!("unknown kind {s:?}; one of: {}", kinds.join(", "))
    })
}

/// Errors by exit code: 1 input refused, 3 store, 4 I/O (2 is clap's usage error).
#[derive(Debug)]
pub enum CliError {
    Input(String),
    Store(String),
    Io(String),
}

impl CliError {
    fn code(&self) -> u8 {
        match self {
            CliError::Input(_) => 1,
            CliError::Store(_) => 3,
            CliError::Io(_) => 4,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Input(m) | CliError::Store(m) | CliError::Io(m) => f.write_str(m),
        }
    }
}

impl From<paygrid_store::StoreError> for CliError {
    fn from(e: paygrid_store::StoreError) -> Self {
        CliError::Store(e.to_string())
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

pub fn today() -> Date {
    Date::from_unix_days(unix_now().div_euclid(86_400))
}

pub fn now_iso() -> String {
    Date::iso_timestamp(unix_now())
}

fn default_db() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("paygrid").join("paygrid.db")
}

struct Ctx {
    floor: usize,
    db: PathBuf,
    no_default_data: bool,
    quiet: bool,
}

impl Ctx {
    /// Opens the store, loading the embedded defaults on first use.
    fn store(&self) -> Result<SqliteStore, CliError> {
        let mut store = SqliteStore::open(&self.db).map_err(|e| CliError::Store(format!("{}: {e}", self.db.display())))?;
        if !self.no_default_data && store.is_empty()? {
            import::load_defaults(&mut store, self.quiet)?;
        }
        Ok(store)
    }

    /// The analytic engine over the store's records (for figure-producing commands).
    fn engine(&self) -> Result<paygrid_engine::Engine, CliError> {
        analytics::load_engine(&self.store()?, self.floor)
    }
}

pub(crate) fn print(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`paygrid sources | head`) is not an error worth a panic.
    let _ = out.write_all(s.as_bytes());
}

fn run(cli: Cli) -> Result<(), CliError> {
    if cli.floor < paygrid_engine::Engine::MIN_FLOOR {
        return Err(CliError::Input(format!(
            "--floor {} is below the minimum privacy floor of {}: it can only be raised",
            cli.floor,
            paygrid_engine::Engine::MIN_FLOOR
        )));
    }
    let ctx = Ctx {
        floor: cli.floor,
        db: cli.db.clone().unwrap_or_else(default_db),
        no_default_data: cli.no_default_data,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Import { kind, file, dataset, licence, keep_duplicates, min_pay, max_pay, format } => {
            let lowest = min_pay.unwrap_or(paygrid_ingest::sanity::GLOBAL_FLOOR);
            if !(lowest > 0.0 && lowest < max_pay) {
                return Err(CliError::Input(format!("--min-pay {lowest} must be positive and below --max-pay {max_pay}")));
            }
            let label = file.display().to_string();
            let (reader, total): (Box<dyn std::io::Read + Send>, Option<u64>) = if label == "-" {
                (Box::new(std::io::stdin()), None)
            } else {
                let f = std::fs::File::open(&file).map_err(|e| CliError::Io(format!("{label}: {e}")))?;
                let meta = f.metadata().map_err(|e| CliError::Io(format!("{label}: {e}")))?;
                if meta.is_dir() {
                    return Err(CliError::Io(format!("{label}: is a directory")));
                }
                (Box::new(f), Some(meta.len()))
            };
            let base_name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "stdin".into());
            let dataset = dataset.unwrap_or_else(|| base_name.trim_end_matches(".gz").to_string());
            let mut store = ctx.store()?;
            let mut opts = ImportOptions::new(today());
            opts.keep_duplicates = keep_duplicates;
            opts.min_pay = min_pay;
            opts.max_pay = max_pay;
            let s = import::run(
                &mut store,
                import::Request {
                    kind,
                    file_label: label.clone(),
                    dataset,
                    licence,
                    reader,
                    total_bytes: total,
                    opts,
                    quiet: ctx.quiet,
                    label: &base_name,
                },
            )?;
            match format {
                Format::Table | Format::Md => print(&format!("{}\n", import::summary_line(&label, &s))),
                Format::Json | Format::Csv => {
                    let l = Listing {
                        columns: vec![
                            "import_id",
                            "file",
                            "rows_read",
                            "accepted",
                            "rejected",
                            "duplicates",
                            "range_pairs",
                            "unresolved_locations",
                            "unknown_titles",
                            "same_as_import",
                        ],
                        rows: vec![vec![
                            json!(s.import_id),
                            json!(label),
                            json!(s.rows_read),
                            json!(s.accepted),
                            json!(s.rejected),
                            json!(s.duplicates),
                            json!(s.range_pairs),
                            json!(s.unresolved_locations),
                            json!(s.unknown_titles),
                            json!(s.same_as_import),
                        ]],
                    };
                    let text = l.render(format);
                    if format == Format::Json {
                        let v: serde_json::Value = serde_json::from_str(&text).expect("own JSON");
                        print(&format!("{}\n", serde_json::to_string_pretty(&v[0]).expect("JSON")));
                    } else {
                        print(&text);
                    }
                }
            }
            if s.rejected > 0 && s.import_id > 0 && !ctx.quiet {
                eprintln!("see the rejected rows with: paygrid rejects --import {}", s.import_id);
            }
            Ok(())
        }
        Command::Sources { format } => {
            let store = ctx.store()?;
            let rows = store
                .sources()?
                .into_iter()
                .map(|s| {
                    vec![
                        json!(s.id),
                        json!(s.kind),
                        json!(s.dataset),
                        json!(s.file),
                        json!(s.licence),
                        json!(s.imported_at),
                        json!(s.rows_read),
                        json!(s.accepted),
                        json!(s.rejected),
                        json!(s.duplicates),
                        json!(s.range_pairs),
                        json!(s.unresolved_locations),
                        json!(s.unknown_titles),
                        json!(s.date_min),
                        json!(s.date_max),
                    ]
                })
                .collect();
            let l = Listing {
                columns: vec![
                    "id",
                    "kind",
                    "dataset",
                    "file",
                    "licence",
                    "imported_at",
                    "rows_read",
                    "accepted",
                    "rejected",
                    "duplicates",
                    "range_pairs",
                    "unresolved_locations",
                    "unknown_titles",
                    "date_from",
                    "date_to",
                ],
                rows,
            };
            print(&l.render(format));
            Ok(())
        }
        Command::Rejects { import, limit, format } => {
            let store = ctx.store()?;
            let rows = store
                .rejects(import, limit)?
                .into_iter()
                .map(|r| vec![json!(r.import_id), json!(r.kind), json!(r.file), json!(r.row), json!(r.field), json!(r.reason)])
                .collect();
            let l = Listing { columns: vec!["import", "kind", "file", "row", "field", "reason"], rows };
            print(&l.render(format));
            Ok(())
        }
        Command::Benchmark { cell, format } => {
            let engine = ctx.engine()?;
            let q = cell.query(&engine)?;
            print(&analytics::render_cell(&engine, &q, format));
            Ok(())
        }
        Command::Breakdown { cell, format } => {
            let engine = ctx.engine()?;
            let q = cell.query(&engine)?;
            let b = figures::Breakdown {
                seniority_mix: engine.seniority_mix(&q),
                level_ladder: engine.level_ladder(&q),
                experience_roadmap: engine.experience_roadmap(&q),
                tc_breakdown: engine.tc_breakdown(&q),
            };
            print(&figures::render_breakdown(&b, format));
            Ok(())
        }
        Command::Metros { cell, format } => {
            let engine = ctx.engine()?;
            let q = cell.query(&engine)?;
            print(&figures::render_metros(&engine.metro_multipliers(&q), format));
            Ok(())
        }
        Command::Skills { cell, format } => {
            let engine = ctx.engine()?;
            let q = cell.query(&engine)?;
            print(&figures::render_skills(&engine.skill_premiums(&q), format));
            Ok(())
        }
        Command::Offer { cell, base, bonus, equity_grant, vest_years, signing, format } => {
            for (name, v) in [("--base", base), ("--bonus", bonus), ("--equity-grant", equity_grant), ("--signing", signing)] {
                if !v.is_finite() || v < 0.0 {
                    return Err(CliError::Input(format!("{name} must be a non-negative amount, got {v}")));
                }
            }
            if !(vest_years.is_finite() && vest_years > 0.0) {
                return Err(CliError::Input(format!("--vest-years must be positive, got {vest_years}")));
            }
            let engine = ctx.engine()?;
            let q = cell.query(&engine)?;
            let offer = paygrid_engine::offer::Offer { base, bonus, equity_grant, vest_years, signing };
            print(&figures::render_offer(&engine.evaluate_offer(&q, &offer), format));
            Ok(())
        }
        Command::Compare { cells, since, until, sources, format } => {
            let engine = ctx.engine()?;
            let queries = cells
                .iter()
                .map(|spec| {
                    let parts: Vec<&str> = spec.splitn(3, '|').collect();
                    let [role, level, location] = parts[..] else {
                        return Err(CliError::Input(format!("--cell {spec:?}: expected ROLE|LEVEL|LOCATION")));
                    };
                    let level = match level.trim() {
                        "" => None,
                        l => Some(analytics::parse_level(l).map_err(|e| CliError::Input(format!("--cell {spec:?}: {e}")))?),
                    };
                    analytics::CellFilters { level, location: location.to_string(), since, until, sources: sources.clone() }
                        .query(role, &engine)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let c = engine.compare(&queries).map_err(|e| CliError::Input(e.to_string()))?;
            print(&figures::render_comparison(&c, format));
            Ok(())
        }
        Command::Backtest { since, until, sources, min_points, format } => {
            let engine = ctx.engine()?;
            let opts = paygrid_engine::backtest::BacktestOptions { since, until, sources, min_points, ..Default::default() };
            print(&figures::render_backtest(&engine.backtest(&opts), format));
            Ok(())
        }
        Command::Bench { args } => bench_cmd::run(&args, ctx.quiet, ctx.floor),
        Command::Serve(args) => serve_cmd::run(ctx.store()?, ctx.floor, &args),
        Command::Moderate(args) => moderate_cmd::run(&mut ctx.store()?, &args),
        Command::Report(args) => report_cmd::report(&ctx.store()?, ctx.floor, ctx.quiet, &args),
        Command::ExportSite(args) => report_cmd::export_site(&ctx.store()?, ctx.floor, ctx.quiet, &args),
        Command::Privacy { format } => privacy_cmd::run(&ctx.store()?, ctx.floor, format),
        Command::Roles { format } => {
            let rows = paygrid_domain::role::catalogue()
                .iter()
                .map(|r| vec![json!(r.id), json!(r.name), json!(r.parent), json!(r.soc)])
                .collect();
            print(&Listing { columns: vec!["id", "name", "family", "soc"], rows }.render(format));
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.code())
        }
    }
}
