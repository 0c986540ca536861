//! The `paygrid` command line: a thin shell over the library crates. It
//! parses arguments, opens the store, and renders what the crates return.

mod analytics;
mod bench_cmd;
mod defaults;
mod figures;
mod import;
mod listings;
mod moderate_cmd;
mod output;
mod privacy_cmd;
mod progress;
mod report_cmd;
mod serve_cmd;

use clap::{Parser, Subcommand};
use output::Format;
use paygrid_domain::record::Date;
use paygrid_domain::SourceKind;
use paygrid_store::Backend;
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
    /// Benchmark one cell: n, mean, p10–p90 of base and total compensation with intervals (and their coverage), dates, projection, OEWS and OFLC references
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
    /// Metro effects for a role: level- and year-adjusted pay vs the US market (OEWS-anchored) or the data's US records, with 95% CI, n and the OEWS ratio
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
        /// Annual base salary, USD ("185000", "185,000" or "185k")
        #[arg(long, value_parser = parse_amount)]
        base: f64,
        /// Annual target bonus, USD [default: unknown; give 0 for none]
        #[arg(long, value_parser = parse_amount)]
        bonus: Option<f64>,
        /// Total equity grant value, USD (annualized over --vest-years) [default: unknown; give 0 for none]
        #[arg(long, value_parser = parse_amount)]
        equity_grant: Option<f64>,
        /// Vesting period of the equity grant in years, above 0 and at most 10
        #[arg(long, default_value_t = 4.0)]
        vest_years: f64,
        /// One-off signing bonus, USD (counts as a quarter per year) [default: unknown; give 0 for none]
        #[arg(long, value_parser = parse_amount)]
        signing: Option<f64>,
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

/// Amounts as the web form takes them (`185k`, `185,000`). A number the
/// amount rules refuse (negative, not finite) is passed on as the number
/// it is, so the offer's own check refuses it naming the flag (exit 1);
/// text that is no number at all is a usage error.
fn parse_amount(s: &str) -> Result<f64, String> {
    paygrid_ingest::assemble::parse_typed_amount(s, "amount").or_else(|why| s.trim().parse::<f64>().map_err(|_| why))
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

pub(crate) struct Ctx {
    pub(crate) floor: usize,
    db: PathBuf,
    no_default_data: bool,
    pub(crate) quiet: bool,
}

impl Ctx {
    /// Opens the store, loading the embedded defaults on first use.
    pub(crate) fn store(&self) -> Result<Box<dyn Backend>, CliError> {
        let location = self.db.to_string_lossy();
        let mut store = paygrid_store::open(&location).map_err(|e| match e {
            paygrid_store::StoreError::Unsupported(why) => CliError::Store(why),
            e => CliError::Store(format!("{location}: {e}")),
        })?;
        if !self.no_default_data && store.is_empty()? {
            import::load_defaults(store.as_mut(), self.quiet)?;
        }
        Ok(store)
    }

    /// The analytic engine over the store's records (for figure-producing commands).
    pub(crate) fn engine(&self) -> Result<paygrid_engine::Engine, CliError> {
        analytics::load_engine(self.store()?.as_ref(), self.floor)
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
            import::command(&ctx, kind, file, dataset, licence, keep_duplicates, min_pay, max_pay, format)
        }
        Command::Sources { format } => listings::sources(&ctx, format),
        Command::Rejects { import, limit, format } => listings::rejects(&ctx, import, limit, format),
        Command::Benchmark { cell, format } => analytics::benchmark(&ctx, cell, format),
        Command::Breakdown { cell, format } => analytics::breakdown(&ctx, cell, format),
        Command::Metros { cell, format } => analytics::metros(&ctx, cell, format),
        Command::Skills { cell, format } => analytics::skills(&ctx, cell, format),
        Command::Offer { cell, base, bonus, equity_grant, vest_years, signing, format } => {
            analytics::offer(&ctx, cell, paygrid_engine::offer::Offer { base, bonus, equity_grant, vest_years, signing }, format)
        }
        Command::Compare { cells, since, until, sources, format } => {
            analytics::compare(&ctx, cells, since, until, sources, format)
        }
        Command::Backtest { since, until, sources, min_points, format } => {
            let opts = paygrid_engine::backtest::BacktestOptions { since, until, sources, min_points, ..Default::default() };
            analytics::backtest(&ctx, opts, format)
        }
        Command::Bench { args } => bench_cmd::run(&args, ctx.quiet, ctx.floor),
        Command::Serve(args) => serve_cmd::run(ctx.store()?, ctx.floor, &args),
        Command::Moderate(args) => moderate_cmd::run(ctx.store()?.as_mut(), &args),
        Command::Report(args) => report_cmd::report(ctx.store()?.as_ref(), ctx.floor, ctx.quiet, &args),
        Command::ExportSite(args) => report_cmd::export_site(ctx.store()?.as_ref(), ctx.floor, ctx.quiet, &args),
        Command::Privacy { format } => privacy_cmd::run(ctx.store()?.as_ref(), ctx.floor, format),
        Command::Roles { format } => listings::roles(format),
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
