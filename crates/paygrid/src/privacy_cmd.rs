//! `paygrid privacy`: how much detail the published records keep, and what
//! the publication classes do to the medians users read.

use crate::output::{Format, Listing};
use crate::CliError;
use paygrid_engine::{Engine, PrivacyCost, PrivacyReport};
use paygrid_store::Store;
use serde_json::json;

pub fn run(store: &dyn Store, floor: usize, format: Format) -> Result<(), CliError> {
    let snapshot = paygrid_load::load_snapshot(store)?;
    let (engine, cost) = Engine::with_privacy_cost(snapshot, floor);
    let report = engine.privacy();
    let out = match format {
        Format::Json => {
            serde_json::to_string_pretty(&json!({ "report": report, "cost": cost })).expect("JSON values serialize") + "\n"
        }
        _ => {
            let mut out = detail(report).render(format);
            if format == Format::Table {
                out.push_str(&format!(
                    "\nWhat the rule does to medians: cells with at least {} raw values, published median vs the raw median and its 95% CI\n",
                    cost.min_n
                ));
            }
            out.push_str(&costs(&cost).render(format));
            out
        }
    };
    crate::print(&out);
    Ok(())
}

fn detail(p: &PrivacyReport) -> Listing {
    let share = |n: usize| if p.records == 0 { 0.0 } else { (1000.0 * n as f64 / p.records as f64).round() / 10.0 };
    let mut rows = vec![
        vec![json!("records"), json!(p.records), json!(100.0)],
        vec![json!("full detail"), json!(p.full_detail), json!(share(p.full_detail))],
    ];
    for &(dim, n) in &p.hidden {
        rows.push(vec![json!(format!("{dim} hidden")), json!(n), json!(share(n))]);
    }
    rows.push(vec![json!("company/industry/size hidden"), json!(p.segment_hidden), json!(share(p.segment_hidden))]);
    rows.push(vec![json!("left out"), json!(p.left_out), json!(share(p.left_out))]);
    Listing { columns: vec!["records", "n", "percent"], rows }
}

fn costs(c: &PrivacyCost) -> Listing {
    let pct = |x: Option<f64>| x.map_or(json!(null), |v| json!((v * 1000.0).round() / 10.0));
    let rows = c
        .families
        .iter()
        .map(|f| {
            vec![
                json!(f.level),
                json!(f.year),
                json!(f.location),
                json!(f.measure.name()),
                json!(f.cells),
                json!(f.changed),
                json!(f.within_ci),
                pct(f.share_within()),
                json!(f.withheld),
                pct(f.shift_p50),
                pct(f.abs_shift_p90),
                pct(f.abs_shift_max),
            ]
        })
        .collect();
    Listing {
        columns: vec![
            "level",
            "year",
            "location",
            "measure",
            "cells",
            "changed",
            "within CI",
            "% within",
            "withheld",
            "shift p50 %",
            "|shift| p90 %",
            "|shift| max %",
        ],
        rows,
    }
}
