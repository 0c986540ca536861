//! The "report" measurement: one market report page (docs/report.md) for
//! one role x location cell, built by `paygrid-report` from an engine over
//! the generated records and rendered to HTML, as the web serves it.
//!
//! [`build_report`] is the one function the runner times; [`engine_sections`]
//! times the engine computations underneath separately, to show where a
//! report's time goes.

use crate::rng::{stream_seed, Rng};
use paygrid_domain::record::{Record, SourceKind};
use paygrid_domain::{Level, RoleId};
use paygrid_engine::cube::CubeTable;
use paygrid_engine::{Engine, SnapshotBuilder};
use paygrid_report::ReportContext;
use std::hint::black_box;
use std::time::{Duration, Instant};

pub use paygrid_engine::{Area, CellQuery};

/// Dataset name of the generated records in the engine.
pub const DATASET: &str = "paygrid-bench";
/// The stream of the seed that years of experience come from (not part of
/// the CSV: its header is fixed by the workload).
const YOE_STREAM: u64 = u64::MAX - 1;
/// Typical years of experience per workload level (entry … manager) and the
/// spread around it, so the experience roadmap has something to show.
const YOE_FROM: [f64; 6] = [0.0, 2.0, 5.0, 8.0, 11.0, 7.0];
const YOE_SPAN: [f64; 6] = [3.0, 5.0, 7.0, 9.0, 12.0, 10.0];

/// The first `rows` records of the table as domain records (US, one metro
/// each, generic source), with years of experience drawn from the seed.
pub fn records(t: &CubeTable, rows: usize, seed: u64) -> impl Iterator<Item = Record> + '_ {
    let c = t.columns();
    let levels: Vec<Option<Level>> = c.levels.iter().map(|s| Level::from_slug(s)).collect();
    let mut rng = Rng::new(stream_seed(seed, YOE_STREAM));
    let mut skill_at = 0usize;
    (0..rows.min(t.len())).map(move |i| {
        let k = usize::from(c.skill_count[i]);
        let skills = (skill_at..skill_at + k).map(|j| c.skills[c.skill_ids.get(j) as usize].clone()).collect();
        skill_at += k;
        let li = usize::from(c.level[i]);
        let yoe = YOE_FROM.get(li).map(|f| f + rng.uniform() * YOE_SPAN[li]);
        let dollars = |x: u32| f64::from(x) / 100.0;
        let year = c.years[usize::from(c.year[i])];
        let company = &c.companies[c.company.get(i) as usize];
        Record {
            source: SourceKind::Generic,
            external_id: None,
            date: None,
            year: (year != 0).then_some(i32::from(year)),
            raw_title: c.roles[usize::from(c.role[i])].clone(),
            raw_level: None,
            raw_specialization: None,
            role: RoleId::parse(&c.roles[usize::from(c.role[i])]).unwrap_or_else(|| paygrid_domain::role::slugify("unknown")),
            role_known: false,
            level: levels[li],
            years_experience: yoe.map(|y| (y * 10.0).round() / 10.0),
            years_at_company: None,
            company: (!company.is_empty()).then(|| company.clone()),
            company_size: None,
            industry: None,
            raw_location: None,
            country: Some("US".into()),
            us_state: None,
            metro: Some(c.metros[usize::from(c.metro[i])].clone()),
            remote: false,
            location_unresolved: false,
            base: Some(dollars(c.base[i])),
            base_range: None,
            bonus: dollars(c.bonus[i]),
            equity: dollars(c.equity[i]),
            signing: 0.0,
            total: dollars(c.tc[i]),
            currency: "USD".into(),
            pay_period: paygrid_domain::money::PayPeriod::Year,
            skills,
            employment_type: None,
        }
    })
}

/// An engine over the table's first `rows` records.
pub fn build_engine(t: &CubeTable, rows: usize, seed: u64, floor: usize) -> Engine {
    let mut b = SnapshotBuilder::new();
    for r in records(t, rows, seed) {
        b.push(DATASET, &r);
    }
    Engine::new(b.build(), floor)
}

/// Time spent in each engine section of the last [`engine_sections`].
pub type SectionTimes = Vec<(&'static str, Duration)>;

/// Builds the full market report of `q` (a role x location cell, all
/// levels) and renders its HTML page; returns the page's size so the work
/// cannot be optimised away.
pub fn build_report(engine: &Engine, q: &CellQuery, ctx: &ReportContext) -> usize {
    let report = paygrid_report::build_report(engine, q, ctx);
    let page = paygrid_report::render_html(&report);
    black_box(page.body_html.len())
}

/// The context reports are built with in the benchmark.
pub fn report_context() -> ReportContext {
    ReportContext::new("2026-11-22T00:00:00Z", "")
}

/// Times the engine calls a report makes, one by one: benchmark (overview,
/// projection), seniority mix, level ladder, experience roadmap, TC
/// breakdown, metro table, skill premiums and most requested skills.
pub fn engine_sections(engine: &Engine, q: &CellQuery) -> SectionTimes {
    let mut times = Vec::with_capacity(7);
    let mut section = |name: &'static str, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        times.push((name, t.elapsed()));
    };
    section("benchmark", &mut || {
        black_box(engine.benchmark(q));
    });
    section("seniority_mix", &mut || {
        black_box(engine.seniority_mix(q));
    });
    section("level_ladder", &mut || {
        black_box(engine.level_ladder(q));
    });
    section("experience_roadmap", &mut || {
        black_box(engine.experience_roadmap(q));
    });
    section("tc_breakdown", &mut || {
        black_box(engine.tc_breakdown(q));
    });
    section("metro_multipliers", &mut || {
        black_box(engine.metro_multipliers(q));
    });
    section("skill_premiums", &mut || {
        black_box(engine.skill_premiums(q));
    });
    times
}

/// Sections whose figures depend on the role (and period, sources) only,
/// not on the report's location: regressions over all of the role's records.
pub const ROLE_WIDE_SECTIONS: [&str; 2] = ["metro_multipliers", "skill_premiums"];

/// What [`build_report`] covers, for the bench output.
pub const REPORT_KIND: &str = "paygrid-report build_report (every section) + render_html, one role x metro cell, all levels";
