//! Figure-producing commands: load the snapshot from the store, build cell
//! queries from arguments, render engine results.

use crate::figures;
use crate::output::Format;
use crate::{print, CliError, Ctx};
use paygrid_domain::Level;
use paygrid_engine::benchmark::Measure;
use paygrid_engine::dates::{period_text, stale_notices};
use paygrid_engine::labels::{reaches_95, zero_width_note, INTERVAL_NAMES};
use paygrid_engine::{Benchmark, CellError, CellQuery, CellSpec, Engine};
use paygrid_store::Store;
use std::fmt::Write;

/// Builds the analytic snapshot from the store, exactly as the server does.
pub fn load_engine(store: &dyn Store, floor: usize) -> Result<Engine, CliError> {
    Ok(paygrid_load::load_engine(store, floor)?)
}

/// The arguments that name a cell, shared by every figure-producing command.
#[derive(clap::Args, Debug, Clone)]
pub struct CellArgs {
    /// Role id (`paygrid roles`) or a job title ("Senior Backend Developer": the title's level applies unless --level is given)
    #[arg(long)]
    pub role: String,
    #[command(flatten)]
    pub filters: CellFilters,
}

/// Everything about a cell but its role (`paygrid report` takes the role
/// as a positional argument).
#[derive(clap::Args, Debug, Clone)]
pub struct CellFilters {
    /// entry, mid, senior, staff, principal, manager, executive [default: the title's level, else all levels]
    #[arg(long, value_parser = parse_level)]
    pub level: Option<Level>,
    /// Free text ("Seattle, WA", "United States", "Remote", "world") or a code (42660, US, US-WA)
    #[arg(long, default_value = paygrid_engine::DEFAULT_LOCATION)]
    pub location: String,
    /// First year included
    #[arg(long)]
    pub since: Option<i32>,
    /// Last year included (the projection then targets the year after)
    #[arg(long)]
    pub until: Option<i32>,
    /// Only these sources: an import kind (levels-fyi, aijobs, …) or a dataset name from `paygrid sources`; repeatable
    #[arg(long = "source")]
    pub sources: Vec<String>,
}

pub fn parse_level(s: &str) -> Result<Level, String> {
    paygrid_engine::parse_level(s)
        .ok_or_else(|| format!("unknown level {s:?}; one of entry, mid, senior, staff, principal, manager, executive"))
}

impl CellArgs {
    pub fn query(&self, engine: &Engine) -> Result<CellQuery, CliError> {
        self.filters.query(&self.role, engine)
    }
}

impl CellFilters {
    pub fn query(&self, role: &str, engine: &Engine) -> Result<CellQuery, CliError> {
        let spec = CellSpec {
            role,
            level: self.level,
            location: &self.location,
            since: self.since,
            until: self.until,
            sources: &self.sources,
        };
        engine.parse_cell(&spec).map_err(|e| {
            CliError::Input(match e {
                CellError::UnknownLocation(l) => format!(
                    "unknown location {l:?}: try a city and state (\"Seattle, WA\"), a country, a metro code or \"Remote\""
                ),
                CellError::PeriodOrder { since, until } => format!("--since {since} is after --until {until}"),
                CellError::UnknownSources(unknown) => format!(
                    "unknown source(s) {}: use an import kind or a dataset name from `paygrid sources`",
                    unknown.join(", ")
                ),
                CellError::UnknownRole(r) => format!("no role or title matches {r:?}: see `paygrid roles` for the catalogue"),
            })
        })
    }
}

pub fn money(x: f64) -> String {
    paygrid_engine::text::usd(x)
}

fn opt_money(x: Option<f64>) -> String {
    x.map(money).unwrap_or_else(|| "—".into())
}

/// `$98,000–$196,000`, followed by the interval's coverage when it is under
/// 95% (`(72%)`): the row is labelled "95% CI" only when none is.
fn ci_text(ci: Option<[f64; 2]>, coverage: Option<f64>) -> String {
    let short = coverage.filter(|&c| !reaches_95(c)).map_or(String::new(), |c| format!(" ({:.0}%)", (c * 100.0).min(94.0)));
    ci.map(|[lo, hi]| format!("{}–{}{short}", money(lo), money(hi))).unwrap_or_default()
}

/// The figure whose interval `name` is (`mean`, `p10`, …).
fn figure_of(m: &Measure, name: &str) -> Option<f64> {
    match name {
        "mean" => m.mean,
        "p10" => m.p10,
        "p25" => m.p25,
        "p50" => m.p50,
        "p75" => m.p75,
        "p90" => m.p90,
        _ => None,
    }
}

/// A cell's benchmark plus, when it is withheld, the labelled alternatives:
/// a modelled estimate (thin metro cells) and the family's figures (thin
/// specializations).
pub fn render_cell(engine: &Engine, q: &CellQuery, format: Format) -> String {
    let cell = engine.cell_benchmark(q);
    if format == Format::Json {
        let v = serde_json::to_value(&cell).expect("benchmark serializes");
        return serde_json::to_string_pretty(&v).expect("JSON") + "\n";
    }
    let mut out = render_benchmark(&cell.benchmark, format);
    if format == Format::Csv {
        return out;
    }
    if let Some(m) = cell.modelled {
        let _ = writeln!(
            out,
            "\nmodelled estimate (confidence {}): p25 {}, median {}, p75 {} of {}; {}",
            m.confidence.as_str(),
            money(m.p25),
            money(m.p50),
            money(m.p75),
            m.measure.name(),
            m.explanation
        );
    }
    if let Some(r) = cell.rollup {
        let _ = writeln!(out, "\n{} — {}", r.label, r.reason);
        out += &render_benchmark(&r.benchmark, format);
    }
    out
}

pub fn render_benchmark(b: &Benchmark, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(b).expect("benchmark serializes") + "\n",
        Format::Csv => {
            let mut out = String::from(
                "role,level,location_code,location,period_from,period_to,measure,n,mean,p10,p25,p50,p75,p90,p50_ci_low,p50_ci_high,confidence,p50_ci_coverage,data_as_of\n",
            );
            for (name, m) in [("base", &b.base), ("total", &b.total)] {
                let f = |x: Option<f64>| x.map(|v| format!("{v:.2}")).unwrap_or_default();
                let ci = m.ci.p50;
                let _ = writeln!(
                    out,
                    "{},{},{},\"{}\",{},{},{name},{},{},{},{},{},{},{},{},{},{},{},{}",
                    b.role,
                    b.level.unwrap_or(""),
                    b.location.code,
                    b.location.name.replace('"', "\"\""),
                    b.period.from.map(|y| y.to_string()).unwrap_or_default(),
                    b.period.to.map(|y| y.to_string()).unwrap_or_default(),
                    m.n.map(|n| n.to_string()).unwrap_or_default(),
                    f(m.mean),
                    f(m.p10),
                    f(m.p25),
                    f(m.p50),
                    f(m.p75),
                    f(m.p90),
                    f(ci.map(|c| c[0])),
                    f(ci.map(|c| c[1])),
                    m.confidence.as_str(),
                    m.ci_coverage.p50.map(|c| format!("{c:.4}")).unwrap_or_default(),
                    m.data_as_of.as_deref().unwrap_or("")
                );
            }
            out
        }
        Format::Table | Format::Md => render_benchmark_text(b, format == Format::Md),
    }
}

fn render_benchmark_text(b: &Benchmark, md: bool) -> String {
    let mut out = String::new();
    let level = b.level.map(|l| format!(" · {l}")).unwrap_or_else(|| " · all levels".into());
    let period = match (b.period.from, b.period.to) {
        (Some(a), Some(z)) if a == z => format!(" · {a}"),
        (Some(a), Some(z)) => format!(" · {a}–{z}"),
        _ => String::new(),
    };
    let title = format!("{}{level} · {}{period}", b.role_info.name, b.location.name);
    if md {
        let _ = writeln!(out, "## {title}\n");
    } else {
        let _ = writeln!(out, "{title}");
    }
    let Some(n) = b.n else {
        let _ = writeln!(out, "{}", b.withheld.as_deref().unwrap_or("no data"));
        return out;
    };
    let _ = writeln!(
        out,
        "n = {n} records ({} outliers excluded) · confidence: {} (n = {n}){}",
        b.outliers_excluded.unwrap_or(0),
        b.confidence.as_str(),
        if md { "\n" } else { "" }
    );
    let mut dated = Vec::new();
    if let Some(p) = period_text(&b.records_period) {
        dated.push(format!("records from {p}"));
    }
    if let Some(a) = &b.data_as_of {
        dated.push(format!("data as of {a} (the {} newest record)", paygrid_engine::offer::ordinal(b.floor as u32)));
    }
    if !dated.is_empty() {
        let _ = writeln!(out, "{}{}", dated.join(" · "), if md { "\n" } else { "" });
    }
    for notice in
        stale_notices(b.data_as_of.as_deref(), b.base.data_as_of.as_deref(), b.total.data_as_of.as_deref(), crate::today())
    {
        let _ = writeln!(out, "{}{notice}{}", if md { "> " } else { "note: " }, if md { "\n" } else { "" });
    }
    if let Some(why) = &b.populations_differ {
        let _ = writeln!(out, "{}{why}{}", if md { "> " } else { "note: " }, if md { "\n" } else { "" });
    }
    let header = ["", "n", "mean", "p10", "p25", "p50", "p75", "p90"];
    let mut rows: Vec<[String; 8]> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for (name, m) in [("base", &b.base), ("total comp", &b.total)] {
        rows.push(measure_row(name, m));
        if m.n.is_some() {
            let c = &m.ci_coverage;
            let all_95 = [c.mean, c.p10, c.p25, c.p50, c.p75, c.p90].iter().flatten().all(|&c| reaches_95(c));
            if !all_95 {
                notes.push(format!(
                    "{name}: intervals marked with a coverage cover the true figure with that probability only: too few records for 95%"
                ));
            }
            rows.push([
                if all_95 { "  95% CI" } else { "  interval" }.into(),
                String::new(),
                ci_text(m.ci.mean, c.mean),
                ci_text(m.ci.p10, c.p10),
                ci_text(m.ci.p25, c.p25),
                ci_text(m.ci.p50, c.p50),
                ci_text(m.ci.p75, c.p75),
                ci_text(m.ci.p90, c.p90),
            ]);
            for z in &m.ci_zero_width {
                if let Some(v) = figure_of(m, z).filter(|_| INTERVAL_NAMES.contains(z)) {
                    notes.push(format!("{name} {z} interval {}–{}: {}", money(v), money(v), zero_width_note(v)));
                }
            }
        }
    }
    if md {
        let _ = writeln!(out, "| {} |\n|{}", header.join(" | "), "---|".repeat(header.len()));
        for r in &rows {
            let _ = writeln!(out, "| {} |", r.join(" | "));
        }
    } else {
        let mut w = header.map(|h| h.len());
        for r in &rows {
            for (i, c) in r.iter().enumerate() {
                w[i] = w[i].max(c.chars().count());
            }
        }
        let line = |cells: Vec<String>| -> String {
            cells.iter().enumerate().map(|(i, c)| format!("{c:>width$}", width = w[i])).collect::<Vec<_>>().join("  ") + "\n"
        };
        out += &line(header.iter().map(|s| s.to_string()).collect());
        for r in rows {
            out += &line(r.to_vec());
        }
    }
    for n in &notes {
        let _ = writeln!(out, "{}{n}", if md { "\n" } else { "" });
    }
    for (name, m) in [("base", &b.base), ("total comp", &b.total)] {
        if !m.trend.is_empty() {
            let pts: Vec<String> = m.trend.iter().map(|p| format!("{} {} (n={})", p.year, money(p.p50), p.n)).collect();
            let _ = writeln!(out, "{}median {name} by year: {}", if md { "\n" } else { "" }, pts.join(", "));
        }
        if let Some(p) = &m.projection {
            let _ = writeln!(
                out,
                "projected {name} median {}: {} (95% interval {}–{}); {}",
                p.year,
                money(p.p50),
                money(p.low),
                money(p.high),
                p.basis
            );
        }
    }
    let srcs: Vec<String> = b
        .sources
        .iter()
        .map(|s| format!("{} ({})", s.name, s.n.map(|n| n.to_string()).unwrap_or_else(|| format!("<{}", b.floor))))
        .collect();
    let _ = writeln!(out, "{}sources: {}", if md { "\n" } else { "" }, srcs.join(", "));
    if b.populations_differ.is_some() {
        for (name, m) in [("base", &b.base), ("total comp", &b.total)] {
            let srcs: Vec<String> = m
                .sources
                .iter()
                .map(|s| format!("{} ({})", s.name, s.n.map(|n| n.to_string()).unwrap_or_else(|| format!("<{}", b.floor))))
                .collect();
            let _ = writeln!(
                out,
                "{name} sources: {}{}{}",
                srcs.join(", "),
                period_text(&m.period).map_or(String::new(), |p| format!(" · records from {p}")),
                m.data_as_of.as_ref().map_or(String::new(), |a| format!(" · data as of {a}"))
            );
        }
    }
    if let Some(o) = &b.oews {
        let _ = writeln!(
            out,
            "OEWS {} {} ({}, {}): employment {}, mean {}, p10 {}, p25 {}, median {}, p75 {}, p90 {} (base wages only)",
            o.year.map(|y| format!("May {y}")).unwrap_or_default(),
            o.occ_title,
            o.occ_code,
            o.area_name,
            o.employment.map(|e| format!("{e:.0}")).unwrap_or_else(|| "—".into()),
            opt_money(o.mean),
            opt_money(o.p10),
            opt_money(o.p25),
            opt_money(o.p50),
            opt_money(o.p75),
            opt_money(o.p90),
        );
    }
    out
}

fn measure_row(name: &str, m: &Measure) -> [String; 8] {
    match m.n {
        None => [
            name.into(),
            "—".into(),
            m.withheld.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
        Some(n) => [
            name.into(),
            n.to_string(),
            opt_money(m.mean),
            opt_money(m.p10),
            opt_money(m.p25),
            opt_money(m.p50),
            opt_money(m.p75),
            opt_money(m.p90),
        ],
    }
}

// The figure commands: each opens the engine, resolves its cell and prints
// what the engine returns.

pub(crate) fn benchmark(ctx: &Ctx, cell: CellArgs, format: Format) -> Result<(), CliError> {
    let engine = ctx.engine()?;
    let q = cell.query(&engine)?;
    print(&render_cell(&engine, &q, format));
    Ok(())
}

pub(crate) fn breakdown(ctx: &Ctx, cell: CellArgs, format: Format) -> Result<(), CliError> {
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

pub(crate) fn metros(ctx: &Ctx, cell: CellArgs, format: Format) -> Result<(), CliError> {
    let engine = ctx.engine()?;
    let q = cell.query(&engine)?;
    print(&figures::render_metros(&engine.metro_multipliers(&q), format));
    Ok(())
}

pub(crate) fn skills(ctx: &Ctx, cell: CellArgs, format: Format) -> Result<(), CliError> {
    let engine = ctx.engine()?;
    let q = cell.query(&engine)?;
    print(&figures::render_skills(&engine.skill_premiums(&q), format));
    Ok(())
}

pub(crate) fn offer(ctx: &Ctx, cell: CellArgs, offer: paygrid_engine::offer::Offer, format: Format) -> Result<(), CliError> {
    let engine = ctx.engine()?;
    let q = cell.query(&engine)?;
    // The import's sanity range for the cell's country: an offer no
    // import would accept is refused.
    let range = paygrid_ingest::pay_bounds(q.area.country());
    offer.check(range.min, range.max).map_err(|e| CliError::Input(format!("--{}: {}", e.field.replace('_', "-"), e.message)))?;
    print(&figures::render_offer(&engine.evaluate_offer(&q, &offer), format));
    Ok(())
}

pub(crate) fn compare(
    ctx: &Ctx,
    cells: Vec<String>,
    since: Option<i32>,
    until: Option<i32>,
    sources: Vec<String>,
    format: Format,
) -> Result<(), CliError> {
    let engine = ctx.engine()?;
    let queries = cells
        .iter()
        .map(|spec| {
            let Some((role, level, location)) = paygrid_engine::split_cell(spec) else {
                return Err(CliError::Input(format!(
                    "--cell {spec:?}: expected ROLE|LEVEL|LOCATION (level and location may be empty)"
                )));
            };
            let location = if location.is_empty() { paygrid_engine::DEFAULT_LOCATION } else { location };
            let level = match level {
                "" => None,
                l => Some(parse_level(l).map_err(|e| CliError::Input(format!("--cell {spec:?}: {e}")))?),
            };
            CellFilters { level, location: location.to_string(), since, until, sources: sources.clone() }.query(role, &engine)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let c = engine.compare(&queries).map_err(|e| CliError::Input(e.to_string()))?;
    print(&figures::render_comparison(&c, format));
    Ok(())
}

pub(crate) fn backtest(ctx: &Ctx, opts: paygrid_engine::backtest::BacktestOptions, format: Format) -> Result<(), CliError> {
    let engine = ctx.engine()?;
    print(&figures::render_backtest(&engine.backtest(&opts), format));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_groups_thousands() {
        assert_eq!(super::money(1234567.4), "$1,234,567");
        assert_eq!(super::money(999.5), "$1,000");
        assert_eq!(super::money(-5000.0), "\u{2212}$5,000");
    }
}
