//! `paygrid report` and `paygrid export-site`: the market report of one
//! cell, and the static site of every publishable role x location. The
//! report crate builds and renders; this module only resolves arguments,
//! supplies the clock and the sources' licences, and writes files.

use crate::analytics::{self, CellFilters};
use crate::{print, CliError};
use paygrid_report::{build_report, html_document, render_html, render_markdown, ReportContext, SourceNote};
use paygrid_store::Store;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// A self-contained page (inline CSS and SVG charts)
    Html,
    /// Markdown with the same sections and tables
    Md,
    /// The report model: every section's figures and sentences
    Json,
}

#[derive(clap::Args, Debug, Clone)]
pub struct ReportArgs {
    /// Role id (`paygrid roles`) or a job title ("Senior Backend Developer": the title's level applies unless --level is given)
    pub role: String,
    #[command(flatten)]
    pub filters: CellFilters,
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Scheme and host for canonical links (e.g. https://paygrid.example) [default: relative links]
    #[arg(long, env = "PAYGRID_BASE_URL", default_value = "")]
    pub base_url: String,
}

#[derive(clap::Args, Debug, Clone)]
pub struct ExportSiteArgs {
    /// Directory to write the site into (created if missing)
    pub dir: PathBuf,
    /// Scheme and host the site will be served at (e.g. https://paygrid.example): a sitemap lists absolute URLs
    #[arg(long, env = "PAYGRID_BASE_URL")]
    pub base_url: String,
    /// Fewest records of a role in a location for it to get a page [default and minimum: the privacy floor]
    #[arg(long, default_value_t = 0)]
    pub min_n: usize,
}

/// Licences come from the store's import log; one note per dataset.
fn context(store: &dyn Store, base_url: &str) -> Result<ReportContext, CliError> {
    let mut ctx = ReportContext::new(crate::now_iso(), base_url);
    for s in store.sources()? {
        if !ctx.sources.iter().any(|n: &SourceNote| n.dataset == s.dataset) {
            ctx.sources.push(SourceNote { dataset: s.dataset, kind: s.kind, licence: s.licence });
        }
    }
    Ok(ctx)
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| CliError::Io(format!("{}: {e}", parent.display())))?;
    }
    std::fs::write(path, text).map_err(|e| CliError::Io(format!("{}: {e}", path.display())))
}

pub fn report(store: &dyn Store, floor: usize, quiet: bool, args: &ReportArgs) -> Result<(), CliError> {
    let engine = analytics::load_engine(store, floor)?;
    let q = args.filters.query(&args.role, &engine)?;
    let ctx = context(store, &args.base_url)?;
    let started = Instant::now();
    let report = build_report(&engine, &q, &ctx);
    let cold = started.elapsed();
    let text = match args.format {
        ReportFormat::Html => {
            let (home, methodology) = (ctx.url("/"), ctx.url(&ctx.methodology_path));
            html_document(&render_html(&report), &[("Salary reports", &home), ("Methodology", &methodology)], &ctx)
        }
        ReportFormat::Md => render_markdown(&report),
        ReportFormat::Json => serde_json::to_string_pretty(&report).expect("report serializes") + "\n",
    };
    let rendered = started.elapsed() - cold;
    let Some(path) = &args.output else {
        print(&text);
        return Ok(());
    };
    write_file(path, &text)?;
    if !quiet {
        // The first report on an engine also fills its one-time caches (the
        // market-wide growth rate and the backtest that calibrates projection
        // intervals); a server pays that once, not per page. A second build
        // shows the per-page cost, so the timing quoted in the docs is one
        // anyone can reproduce.
        let started = Instant::now();
        let _ = build_report(&engine, &q, &ctx);
        let warm = started.elapsed();
        eprintln!(
            "wrote {} (report built in {:.1} ms, {:.1} ms with the engine's caches warm; rendered in {:.1} ms; {} records)",
            path.display(),
            cold.as_secs_f64() * 1e3,
            warm.as_secs_f64() * 1e3,
            rendered.as_secs_f64() * 1e3,
            engine.records().map_or(0, |n| n.get())
        );
    }
    Ok(())
}

pub fn export_site(store: &dyn Store, floor: usize, quiet: bool, args: &ExportSiteArgs) -> Result<(), CliError> {
    let url = args.base_url.trim();
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or("");
    if host.trim_end_matches('/').is_empty() || host.contains(char::is_whitespace) {
        return Err(CliError::Input(format!(
            "--base-url {url:?}: give the scheme and host the site will be served at, e.g. https://paygrid.example (a sitemap lists absolute URLs)"
        )));
    }
    let engine = analytics::load_engine(store, floor)?;
    let ctx = context(store, &args.base_url)?;
    let files = paygrid_report::export_site(&engine, &ctx, args.min_n);
    for (rel, text) in &files {
        write_file(&args.dir.join(rel), text)?;
    }
    if !quiet {
        eprintln!(
            "wrote {} files ({} report pages, index.html, sitemap.xml) to {}",
            files.len(),
            files.len() - 2,
            args.dir.display()
        );
    }
    Ok(())
}
