//! Rendering of the per-cell analyses: seniority mix, level ladder,
//! experience roadmap, TC breakdown, metro multipliers. JSON is the engine's
//! own structs; tables and CSV/Markdown go through [`Listing`].

use crate::analytics::money;
use crate::output::{Format, Listing};
use paygrid_engine::breakdown::{LevelLadder, MedianFigure, Roadmap, SeniorityMix, TcBreakdown};
use paygrid_engine::metro::MetroTable;
use paygrid_engine::offer::ordinal;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Write as _;

fn pct(x: Option<f64>) -> Value {
    x.map_or(Value::Null, crate::output::percent)
}

use paygrid_report::fmt::signed_pct;

fn usd(x: Option<f64>) -> Value {
    x.map_or(Value::Null, crate::output::money)
}

fn median(m: &MedianFigure) -> Value {
    usd(m.p50)
}

/// The whole breakdown of a cell, as `paygrid breakdown` prints it.
#[derive(Serialize)]
pub struct Breakdown {
    pub seniority_mix: SeniorityMix,
    pub level_ladder: LevelLadder,
    pub experience_roadmap: Roadmap,
    pub tc_breakdown: TcBreakdown,
}

pub fn render_breakdown(b: &Breakdown, format: Format) -> String {
    if format == Format::Json {
        return serde_json::to_string_pretty(b).expect("serializes") + "\n";
    }
    let mut out = String::new();
    let head = |out: &mut String, title: &str, note: Option<&str>| {
        out.push_str(&heading(format, title));
        if let Some(n) = note {
            // In CSV a note is a comment line, so the blocks stay tables.
            if format == Format::Csv {
                out.push_str("# ");
            }
            out.push_str(n);
            out.push('\n');
        }
    };
    let mix = &b.seniority_mix;
    head(&mut out, &format!("Seniority mix: {} in {}", mix.role.name, mix.location.name), mix.withheld.as_deref());
    if mix.withheld.is_none() {
        let rows = mix
            .levels
            .iter()
            .filter(|l| l.withheld || l.n.is_some())
            .map(|l| vec![json!(l.name), l.n.map_or(json!(format!("<{}", mix.floor)), |n| json!(n)), pct(l.share)])
            .collect();
        out += &Listing { columns: vec!["level", "n", "share"], rows }.render(format);
    }
    let lad = &b.level_ladder;
    head(&mut out, "Level ladder (base salary)", lad.withheld.as_deref());
    if lad.withheld.is_none() {
        let rows = lad
            .rungs
            .iter()
            .map(|r| {
                vec![
                    json!(r.name),
                    json!(r.n),
                    r.years_experience.as_ref().map_or(Value::Null, |y| json!(format!("{:.0}–{:.0}", y.p25, y.p75))),
                    usd(r.base.p25),
                    usd(r.base.p50),
                    usd(r.base.p75),
                    usd(r.base.p90),
                    median(&r.median_tc),
                    r.step.as_ref().map_or(Value::Null, |s| {
                        crate::output::with_raw(
                            format!("{} vs {}", signed_pct(s.change), s.from),
                            json!((s.change * 1e6).round() / 1e6),
                        )
                    }),
                ]
            })
            .collect();
        out += &Listing { columns: vec!["level", "n", "years p25–p75", "p25", "p50", "p75", "p90", "median TC", "step"], rows }
            .render(format);
        if !lad.withheld_levels.is_empty() && format != Format::Csv {
            out += &format!("not shown (fewer than {} records or none): {}\n", lad.floor, lad.withheld_levels.join(", "));
        }
    }
    let rm = &b.experience_roadmap;
    head(&mut out, "Experience roadmap", rm.withheld.as_deref());
    if rm.withheld.is_none() {
        let rows = rm
            .buckets
            .iter()
            .map(|k| {
                vec![
                    json!(k.label),
                    k.n.map_or(json!(format!("<{}", rm.floor)), |n| json!(n)),
                    median(&k.base),
                    median(&k.total),
                    k.top_level.map_or(Value::Null, |l| json!(l)),
                ]
            })
            .collect();
        out +=
            &Listing { columns: vec!["experience", "n", "median base", "median TC", "most common level"], rows }.render(format);
    }
    let tc = &b.tc_breakdown;
    head(&mut out, "Total compensation breakdown (mean per record)", tc.withheld.as_deref());
    if let Some(s) = &tc.split {
        let parts = [
            ("base", &s.base),
            ("bonus", &s.bonus),
            ("equity (annual)", &s.equity),
            ("signing / 4", &s.signing),
            ("unattributed", &s.unattributed),
        ];
        let rows = parts.iter().map(|(name, c)| vec![json!(name), usd(c.mean), pct(c.share)]).collect();
        out += &Listing { columns: vec!["component", "mean", "share of TC"], rows }.render(format);
        if format != Format::Csv {
            out += &format!(
                "mean TC {} over {} records; {} get a bonus, {} get equity\n",
                money(s.mean_total),
                s.n,
                pct(s.share_with_bonus).as_str().unwrap_or("—"),
                pct(s.share_with_equity).as_str().unwrap_or("—")
            );
        }
    }
    out
}

pub fn render_metros(t: &MetroTable, format: Format) -> String {
    if format == Format::Json {
        return serde_json::to_string_pretty(t).expect("serializes") + "\n";
    }
    let mut out = String::new();
    if format == Format::Table || format == Format::Md {
        out += &format!(
            "{}{}: how pay scales across US metros ({}, level- and year-adjusted)\n",
            if format == Format::Md { "## " } else { "" },
            t.role.name,
            t.measure.name()
        );
    }
    if let Some(w) = &t.withheld {
        return out + w + "\n";
    }
    let rows = t
        .metros
        .iter()
        .map(|m| {
            let (effect, ci) = m.shown();
            vec![
                json!(m.name),
                json!(m.code),
                json!(m.n),
                crate::output::signed_percent(effect),
                crate::output::with_raw(
                    format!("{} to {}", signed_pct(ci[0]), signed_pct(ci[1])),
                    json!(format!("{:.6} {:.6}", ci[0], ci[1])),
                ),
                median(&m.median),
                m.oews_ratio.map_or(json!(m.oews_note.clone().unwrap_or_default()), |r| json!(format!("{r:.2}"))),
            ]
        })
        .collect();
    out += &Listing { columns: vec!["metro", "code", "n", t.baseline_label(), "95% CI", "median", "OEWS ratio"], rows }
        .render(format);
    if format != Format::Csv {
        out += &format!("{}\n", t.baseline_sentence());
        out += &format!(
            "national model: {} US records, R² {:.2}; OEWS ratio = OEWS metro median / national median for SOC {}\n",
            t.model_n.unwrap_or(0),
            t.r_squared.unwrap_or(f64::NAN),
            t.soc.as_deref().unwrap_or("—")
        );
    }
    out
}

fn ci_pct(ci: [f64; 2]) -> String {
    format!("{} to {}", signed_pct(ci[0]), signed_pct(ci[1]))
}

/// `$98,000–$196,000`, with its coverage when under 95% (`(72%)`), as the
/// columns headed "interval" print it.
fn usd_ci(ci: Option<[f64; 2]>, coverage: Option<f64>) -> Value {
    let short = coverage
        .filter(|&c| !paygrid_engine::labels::reaches_95(c))
        .map_or(String::new(), |c| format!(" ({:.0}%)", (c * 100.0).min(94.0)));
    ci.map_or(Value::Null, |[lo, hi]| {
        crate::output::with_raw(format!("{}–{}{short}", money(lo), money(hi)), json!(format!("{lo:.2} {hi:.2}")))
    })
}

const INTERVAL_NOTE: &str =
    "intervals are 95% CIs unless a coverage is shown beside them: with few records, the order statistics cover less\n";

/// Records' years, data_as_of and the notices a cell's figures carry.
fn cell_dates(c: &paygrid_engine::CellSummary) -> String {
    let mut out = String::new();
    let mut parts = Vec::new();
    if let Some(p) = paygrid_engine::dates::period_text(&c.records_period) {
        parts.push(format!("records from {p}"));
    }
    if let Some(a) = &c.data_as_of {
        parts.push(format!("data as of {a}"));
    }
    if !parts.is_empty() {
        out += &format!("{}\n", parts.join(" · "));
    }
    for n in paygrid_engine::dates::stale_notices(
        c.data_as_of.as_deref(),
        c.base.data_as_of.as_deref(),
        c.total.data_as_of.as_deref(),
        crate::today(),
    ) {
        out += &format!("note: {n}\n");
    }
    if let Some(w) = &c.populations_differ {
        out += &format!("note: {w}\n");
    }
    out
}

/// A table's title. CSV with several tables (breakdown, skills) is one
/// block per table, each after a `# title` line and an empty line between
/// blocks (the layout README.md documents), so each block reads as CSV.
fn heading(format: Format, title: &str) -> String {
    match format {
        Format::Md => format!("\n## {title}\n\n"),
        Format::Table => format!("\n{title}\n"),
        Format::Csv => format!("\n# {title}\n"),
        Format::Json => String::new(),
    }
}

pub fn render_skills(r: &paygrid_engine::skills::SkillReport, format: Format) -> String {
    if format == Format::Json {
        return serde_json::to_string_pretty(r).expect("serializes") + "\n";
    }
    let mut out = heading(format, &format!("{}: {} in {}", r.requested.label, r.role.name, r.location.name));
    match &r.requested.withheld {
        Some(w) => out += &format!("{w}\n"),
        None => {
            let rows = r.requested.skills.iter().map(|s| vec![json!(s.skill), json!(s.n), pct(Some(s.share))]).collect();
            out += &Listing { columns: vec!["skill", "records", "share"], rows }.render(format);
            if format != Format::Csv {
                out += &format!("{}\n", r.requested.basis_note);
            }
        }
    }
    let p = &r.premiums;
    out += &heading(format, &format!("Skill premiums, associations with pay ({})", p.measure_note));
    match &p.withheld {
        Some(w) => out += &format!("{w}\n"),
        None => {
            let rows = p
                .skills
                .iter()
                .map(|s| {
                    vec![
                        json!(s.skill),
                        json!(s.n),
                        crate::output::signed_percent(s.premium),
                        json!(ci_pct(s.ci)),
                        json!(p_value(s.p_value)),
                        json!(p_value(s.p_adjusted)),
                        json!(s.significant),
                    ]
                })
                .collect();
            let columns = vec!["skill", "holders", "premium", "95% CI", "p", "p (Holm)", "significant (Holm)"];
            out += &Listing { columns, rows }.render(format);
            if format != Format::Csv {
                if let Some(note) = &p.se_note {
                    out += &format!("standard errors: {note}\n");
                }
                if let Some(m) = p.multiplicity() {
                    out += &format!("multiple testing: {m}\n");
                }
                match (&p.top_premium, &p.top_premium_withheld) {
                    (Some(t), _) => out += &format!("top premium: {}\n", p.association(t)),
                    (None, Some(w)) => out += &format!("no top premium named: {w}\n"),
                    _ => {}
                }
                out += &format!("controls: {}; {} rows\n", p.controls.join(", "), p.rows.unwrap_or(0));
            }
        }
    }
    out
}

/// A p-value for a table cell: three decimals, "<0.001" below that.
fn p_value(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

pub fn render_offer(e: &paygrid_engine::offer::OfferEvaluation, format: Format) -> String {
    if format == Format::Json {
        return serde_json::to_string_pretty(e).expect("serializes") + "\n";
    }
    let mut out = heading(
        format,
        &format!(
            "Offer: {} {} in {}",
            e.requested.role.name,
            e.requested.level.unwrap_or("(all levels)"),
            e.requested.location.name
        ),
    );
    let o = &e.offer;
    let given = |x: Option<f64>, unit: &str| x.map_or_else(|| "(not given)".to_string(), |v| format!("{}{unit}", money(v)));
    out += &format!(
        "base {} + bonus {} + equity {} + signing {} /4 = total {}\n",
        money(o.base),
        given(o.bonus, ""),
        given(o.annual_equity, "/yr"),
        given(o.signing, ""),
        match o.total {
            Some(t) if o.signing.is_some() => money(t),
            Some(t) => format!("{} (no signing bonus given)", money(t)),
            None => format!("at least {} (not given: {})", money(o.total_at_least), o.not_given.join(", ")),
        }
    );
    if let Some(w) = &e.withheld {
        return out + w + "\n";
    }
    if let Some(f) = &e.fallback {
        out += &format!("note: {f}\n");
    }
    if let Some(b) = &e.benchmark {
        if format != Format::Csv {
            out += &cell_dates(b);
        }
        let mut measures = vec![("base", &b.base), ("total", &b.total)];
        if let Some(c) = &e.components {
            measures.extend([("bonus", &c.bonus), ("equity/yr", &c.annual_equity)]);
        }
        let rows = measures
            .iter()
            .map(|(name, q)| {
                vec![
                    json!(name),
                    q.n.map_or(Value::Null, |n| json!(n)),
                    usd(q.p25),
                    usd(q.p50),
                    usd_ci(q.p50_ci, q.p50_ci_coverage),
                    usd(q.p75),
                ]
            })
            .collect();
        out += &Listing { columns: vec!["market", "n", "p25", "p50", "p50 interval", "p75"], rows }.render(format);
        let short = [&b.base, &b.total].iter().any(|q| q.p50_ci_coverage.is_some_and(|c| !paygrid_engine::labels::reaches_95(c)));
        if short && format != Format::Csv {
            out += INTERVAL_NOTE;
        }
    }
    let rows = [("base", &e.base), ("total", &e.total)]
        .iter()
        .map(|(name, p)| {
            vec![
                json!(name),
                json!(if p.at_least { format!("at least {}", money(p.value)) } else { money(p.value) }),
                match (p.percentile_rank, p.at_least) {
                    (Some(r), _) => json!(format!("{} percentile", ordinal(r))),
                    (None, true) => json!("not ranked: parts of the offer not given"),
                    (None, false) => json!(p.withheld.clone().unwrap_or_default()),
                },
                p.position.map_or(Value::Null, |s| json!(s)),
            ]
        })
        .collect();
    out += &heading(format, "Where the offer sits");
    out += &Listing { columns: vec!["", "offer", "rank", "position"], rows }.render(format);
    if !e.other_metros.is_empty() {
        out += &heading(format, "The same base in other metros");
        let rows = e
            .other_metros
            .iter()
            .map(|m| {
                vec![
                    json!(m.name),
                    json!(m.n),
                    crate::output::money(m.median_base),
                    json!(format!("{} percentile", ordinal(m.base_percentile_rank))),
                ]
            })
            .collect();
        out += &Listing { columns: vec!["metro", "n", "median base", "offer's rank"], rows }.render(format);
    }
    out += &heading(format, "Counter-offer");
    match (&e.counter, &e.counter_withheld) {
        (Some(c), _) => {
            if !c.levers.is_empty() {
                let rows = c
                    .levers
                    .iter()
                    .map(|l| {
                        let ask = match l.lever {
                            "equity" => format!("+{} grant", money(l.ask)),
                            "signing" => format!("{} one-off", money(l.ask)),
                            _ => format!("+{}/yr", money(l.ask)),
                        };
                        let stat = if l.statistic == "median" { "median" } else { "p75" };
                        vec![
                            json!(if l.alternative { format!("or {}", l.lever) } else { l.lever.to_string() }),
                            json!(ask),
                            json!(money(l.first_year)),
                            json!(format!("{stat} {} {}", l.measure, money(l.target))),
                            usd_ci(l.target_ci, l.target_ci_coverage),
                            json!(l.n),
                        ]
                    })
                    .collect();
                out += &Listing { columns: vec!["lever", "ask", "first year", "rests on", "95% CI", "n"], rows }.render(format);
            }
            out += &format!("{}\n", c.reasoning);
        }
        (None, Some(w)) => out += &format!("{w}\n"),
        _ => {}
    }
    out
}

pub fn render_comparison(c: &paygrid_engine::compare::Comparison, format: Format) -> String {
    if format == Format::Json {
        return serde_json::to_string_pretty(c).expect("serializes") + "\n";
    }
    let mut out = heading(format, "Comparison");
    let rows = c
        .cells
        .iter()
        .map(|cc| {
            let s = &cc.cell;
            let diff = |m: paygrid_engine::PayMeasure| {
                cc.vs_first.iter().find(|d| d.measure == m).map_or(Value::Null, |d| {
                    json!(format!(
                        "{} ({}){}",
                        money(d.difference),
                        signed_pct(d.relative),
                        if d.ci_overlap { ", CIs overlap" } else { "" }
                    ))
                })
            };
            vec![
                json!(format!("{} · {} · {}", s.role.name, s.level.unwrap_or("all levels"), s.location.name)),
                s.n.map_or(json!(s.withheld.clone().unwrap_or_default()), |n| json!(n)),
                usd(s.base.p50),
                usd_ci(s.base.p50_ci, s.base.p50_ci_coverage),
                diff(paygrid_engine::PayMeasure::Base),
                usd(s.total.p50),
                usd_ci(s.total.p50_ci, s.total.p50_ci_coverage),
                diff(paygrid_engine::PayMeasure::Total),
                s.data_as_of.as_ref().map_or(Value::Null, |a| json!(a)),
            ]
        })
        .collect();
    out += &Listing {
        columns: vec!["cell", "n", "median base", "interval", "vs first", "median TC", "interval", "vs first", "data as of"],
        rows,
    }
    .render(format);
    if format != Format::Csv {
        let short = c.cells.iter().any(|cc| {
            [cc.cell.base.p50_ci_coverage, cc.cell.total.p50_ci_coverage]
                .iter()
                .any(|c| c.is_some_and(|c| !paygrid_engine::labels::reaches_95(c)))
        });
        if short {
            out += INTERVAL_NOTE;
        }
        for cc in &c.cells {
            let notes = cell_dates(&cc.cell);
            let notes: Vec<&str> = notes.lines().filter(|l| l.starts_with("note: ")).collect();
            if !notes.is_empty() {
                out += &format!("{} · {}:\n{}\n", cc.cell.role.name, cc.cell.location.name, notes.join("\n"));
            }
        }
    }
    out
}

pub fn render_backtest(r: &paygrid_engine::backtest::BacktestReport, format: Format) -> String {
    if format == Format::Json {
        return serde_json::to_string_pretty(r).expect("serializes") + "\n";
    }
    // Markdown captions are bold lines, not headings, so the tables can sit
    // inside docs/methodology.md under its own headings.
    let caption = |title: &str| match format {
        Format::Md => format!("\n**{title}**\n\n"),
        _ => heading(format, title),
    };
    let mut out = caption("Projection backtest (each year held out, forecast from the years before it)");
    let mut rows = Vec::new();
    for m in &r.measures {
        for s in &m.methods {
            rows.push(vec![
                json!(m.measure.name()),
                json!(s.method),
                json!(s.cells),
                json!(s.held_out),
                pct(s.mape),
                pct(s.last_value_mape),
                pct(s.coverage),
                json!(s.calibrated_held_out),
                pct(s.calibrated_coverage),
                json!(m.best_method == Some(s.method)),
            ]);
        }
    }
    out += &Listing {
        columns: vec![
            "measure",
            "method",
            "cells",
            "held-out years",
            "MAPE",
            "last-value MAPE, same years",
            "95% interval coverage",
            "calibrated, held out",
            "calibrated coverage, out of time",
            "best",
        ],
        rows,
    }
    .render(format);
    if format == Format::Csv {
        return out;
    }
    let _ = writeln!(
        out,
        "{}cells: series with at least {} years of {} or more records; a cell's own trend needs {} earlier years",
        if format == Format::Md { "\n" } else { "" },
        r.min_points,
        r.floor,
        r.own_trend_min_years
    );
    out += &caption("log-linear by the number of years fitted");
    let rows = r
        .measures
        .iter()
        .flat_map(|m| {
            m.log_linear_by_history.iter().map(move |h| {
                vec![
                    json!(m.measure.name()),
                    json!(h.years),
                    json!(h.held_out),
                    pct(h.mape),
                    pct(h.last_value_mape),
                    pct(h.coverage),
                ]
            })
        })
        .collect();
    out += &Listing {
        columns: vec![
            "measure",
            "years fitted",
            "held-out years",
            "MAPE",
            "last-value MAPE, same years",
            "95% interval coverage",
        ],
        rows,
    }
    .render(format);
    out += &caption("Calibrated intervals out of time (calibrated on earlier target years only)");
    let rows = r
        .measures
        .iter()
        .flat_map(|m| {
            m.calibration_by_year.iter().map(move |c| {
                vec![
                    json!(m.measure.name()),
                    json!(c.method),
                    json!(c.year),
                    json!(c.calibrated_on),
                    json!(format!("×{:.3}", c.q95.exp())),
                    json!(c.held_out),
                    pct(Some(c.coverage)),
                ]
            })
        })
        .collect();
    out += &Listing {
        columns: vec!["measure", "method", "target year", "calibrated on", "interval a year", "held-out years", "coverage"],
        rows,
    }
    .render(format);
    out
}
