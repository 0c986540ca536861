//! Rendering of the per-cell analyses: seniority mix, level ladder,
//! experience roadmap, TC breakdown, metro multipliers. JSON is the engine's
//! own structs; tables and CSV/Markdown go through [`Listing`].

use crate::analytics::money;
use crate::output::{Format, Listing};
use paygrid_engine::breakdown::{LevelLadder, MedianFigure, Roadmap, SeniorityMix, TcBreakdown};
use paygrid_engine::metro::MetroTable;
use serde::Serialize;
use serde_json::{json, Value};

fn pct(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |v| json!(format!("{:.1}%", v * 100.0)))
}

fn signed_pct(x: f64) -> String {
    format!("{:+.1}%", x * 100.0)
}

fn usd(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |v| json!(money(v)))
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
        if format == Format::Md {
            out.push_str(&format!("\n## {title}\n\n"));
        } else if format == Format::Table {
            out.push_str(&format!("\n{title}\n"));
        }
        if let Some(n) = note {
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
                    r.step.as_ref().map_or(Value::Null, |s| json!(format!("{} vs {}", signed_pct(s.change), s.from))),
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
            "{}{}: how pay scales across US metros ({}, level- and year-adjusted vs national)\n",
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
            vec![
                json!(m.name),
                json!(m.code),
                json!(m.n),
                json!(signed_pct(m.effect)),
                json!(format!("{} to {}", signed_pct(m.ci[0]), signed_pct(m.ci[1]))),
                median(&m.median),
                m.oews_ratio.map_or(json!(m.oews_note.clone().unwrap_or_default()), |r| json!(format!("{r:.2}"))),
            ]
        })
        .collect();
    out += &Listing { columns: vec!["metro", "code", "n", "vs national", "95% CI", "median", "OEWS ratio"], rows }.render(format);
    if format != Format::Csv {
        out += &format!(
            "national model: {} US records, R² {:.2}; OEWS ratio = OEWS metro median / national median for SOC {}\n",
            t.model_n.unwrap_or(0),
            t.r_squared.unwrap_or(f64::NAN),
            t.soc.as_deref().unwrap_or("—")
        );
    }
    out
}
