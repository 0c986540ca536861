//! Builds the report: asks the engine for each figure once, then words it.
//!
//! Wording rules, so no sentence says more than the data: every number in a
//! sentence is a published figure (behind the floor, with its n and, for a
//! percentile or mean, its interval named by its coverage: "95% CI" only
//! when it reaches 95%); an empty section says why in one plain
//! statement; nothing is said that the figures do not show (no demand,
//! causation or advice that the records cannot support).

use crate::advice;
use crate::fmt::{capitalize, count, join_and, money, money_ci, money_ci_n, pct, pct_ci, signed_pct};
use crate::model::*;
use crate::slug::{location_slug, report_path};
use crate::ReportContext;
use paygrid_domain::role::{ancestors, children, role_def, roles_for_soc};
use paygrid_domain::Level;
use paygrid_engine::benchmark::{floor_reason, Measure};
use paygrid_engine::segments::{SegmentDimension, SegmentTable, YearShare};
use paygrid_engine::{
    Area, Benchmark, CellQuery, Engine, LevelLadder, MetroTable, ModelledCell, PayMeasure, Roadmap, SeniorityMix, SkillReport,
    TcBreakdown,
};
use paygrid_stats::Confidence;
use std::collections::HashMap;

/// Start of the sources sentence that carries the methodology link.
pub(crate) const DEFINITIONS_PREFIX: &str = "Definitions of every figure: ";

/// Metros listed in "how this role scales across hubs" (largest by n).
pub const SHOWN_METROS: usize = 10;

/// The names a report's sentences use, computed once.
pub(crate) struct Names {
    /// "Senior Backend Engineer" or "Backend Engineer".
    pub subject: String,
    pub role: String,
    pub place: String,
    /// "Senior Backend Engineer in United States".
    pub cell: String,
    pub floor: usize,
}

/// The cell's primary measure: base salary when published, else TC.
pub(crate) fn primary(b: &Benchmark) -> (PayMeasure, &Measure) {
    if b.base.n.is_some() || b.total.n.is_none() {
        (PayMeasure::Base, &b.base)
    } else {
        (PayMeasure::Total, &b.total)
    }
}

/// The engine's results for one cell, each computed once and shared by the
/// sections that word them.
pub(crate) struct Inputs<'a> {
    pub q: &'a CellQuery,
    pub b: Benchmark,
    pub mix: SeniorityMix,
    pub ladder: LevelLadder,
    pub roadmap: Roadmap,
    pub tc: TcBreakdown,
    pub metros: MetroTable,
    pub modelled: Option<ModelledCell>,
    pub skills: SkillReport,
    pub segments: Vec<SegmentTable>,
    /// The cell's share of its location's records by year (empty under the floor).
    pub shares: Vec<YearShare>,
    pub names: Names,
}

/// Builds the market report of one cell (docs/report.md).
pub fn build_report(engine: &Engine, q: &CellQuery, ctx: &ReportContext) -> Report {
    let b = engine.benchmark(q);
    let floor = engine.floor();
    let subject = match q.level {
        Some(l) => format!("{} {}", l.name(), b.role_info.name),
        None => b.role_info.name.clone(),
    };
    let names = Names {
        cell: format!("{subject} in {}", b.location.name),
        subject,
        role: b.role_info.name.clone(),
        place: b.location.name.clone(),
        floor,
    };
    // Both alternatives to a thin cell re-run parts of the benchmark, so they
    // are asked for only when the cell is thin, where they can apply.
    let thin = b.n.is_none() || b.confidence <= Confidence::Low;
    let modelled = if b.n.is_none() && matches!(q.area, Area::Metro(_)) { engine.modelled_cell(q) } else { None };
    let rollup = if thin { engine.rollup(q) } else { None };
    // The other roles' benchmarks (related roles, AI roles) and the demand
    // shares are computed here, on the caller's thread: the server already
    // runs reports on its bounded pool, and extra threads per report would
    // only oversubscribe its cores.
    let mut peer_ids: Vec<&'static str> = related_candidates(&q.role).iter().map(|c| c.0).chain(ai_candidates(&q.role)).collect();
    peer_ids.sort_unstable();
    peer_ids.dedup();
    let peer_benchmarks: HashMap<_, _> = peer_ids.iter().map(|&id| (id, engine.benchmark(&q.with_role(id)))).collect();
    let inputs = Inputs {
        shares: if b.n.is_some() { engine.yearly_share(q) } else { Vec::new() },
        mix: engine.seniority_mix(q),
        ladder: engine.level_ladder(q),
        roadmap: engine.experience_roadmap(q),
        tc: engine.tc_breakdown(q),
        metros: engine.metro_multipliers(q),
        skills: engine.skill_premiums(q),
        segments: SegmentDimension::ALL.iter().map(|&d| engine.segments(q, d)).collect(),
        q,
        b,
        modelled,
        names,
    };
    let peers = Peers::new(peer_benchmarks, &inputs);
    let canonical_path = report_path(&q.role, &q.area, q.level);
    let overview = overview(&inputs);
    let rollup = rollup.map(|r| rollup_section(&r));
    let projection = projection(&inputs);
    let related_roles = related_section(&peers, &inputs);
    let ai = ai_section(&peers, &inputs);
    let metros = metros(&inputs);
    let skills = skills(&inputs);
    let ladder = ladder(&inputs);
    let roadmap = roadmap(&inputs);
    let tc = tc_breakdown(&inputs);
    let segments = segments(&inputs);
    let negotiation = advice::negotiation(&inputs, &metros, &skills, &segments);
    let mut report = Report {
        title: format!("{} salary in {}", inputs.names.subject, inputs.names.place),
        description: description(&inputs),
        canonical_url: ctx.url(&canonical_path),
        canonical_path,
        site_name: ctx.site_name.clone(),
        generated_at: ctx.generated_at.clone(),
        updated: inputs.b.updated.clone(),
        records_period: inputs.b.records_period,
        data_as_of: inputs.b.data_as_of.clone(),
        stale_notices: match ctx.today {
            Some(today) => paygrid_engine::dates::stale_notices(
                inputs.b.data_as_of.as_deref(),
                inputs.b.base.data_as_of.as_deref(),
                inputs.b.total.data_as_of.as_deref(),
                today,
            ),
            None => Vec::new(),
        },
        populations_differ: inputs.b.populations_differ.clone(),
        role: inputs.b.role_info.clone(),
        level: q.level.map(|l| LevelInfo { slug: l.slug(), name: l.name() }),
        location: inputs.b.location.clone(),
        location_slug: location_slug(&q.area),
        period: inputs.b.period,
        floor,
        overview,
        rollup,
        projection,
        seniority_mix: seniority_mix(&inputs),
        level_ladder: ladder,
        experience_roadmap: roadmap,
        tc_breakdown: tc,
        metros,
        skills,
        demand: demand(&inputs),
        ai,
        related_roles,
        segments,
        negotiation,
        faq: Section::new("faq", "Frequently asked questions"),
        sources: sources(&inputs, ctx),
    };
    report.faq = advice::faq(&inputs, &report);
    report
}

fn description(i: &Inputs) -> String {
    let n = &i.names;
    let (m, pm) = primary(&i.b);
    match (i.b.n, pm.p50) {
        (Some(total), Some(p50)) => format!(
            "{}: median {} {} from {} records{}. Pay by level, experience, metro, skills and employer, with sources.",
            n.cell,
            m.name(),
            money_ci(p50, pm.ci.p50, pm.ci_coverage.p50),
            count(total),
            pm.mean.map_or(String::new(), |mean| format!(", average {}", money(mean)))
        ),
        _ => format!(
            "Fewer than {} records of {}: paygrid publishes no salary figure below its privacy floor of {} records.",
            n.floor, n.cell, n.floor
        ),
    }
}

fn floor_statement(n: &Names) -> String {
    format!("Fewer than {k} records of {}: no figure is published below the privacy floor of {k} records.", n.cell, k = n.floor)
}

fn period_text(b: &Benchmark) -> String {
    match (b.period.from, b.period.to) {
        (Some(a), Some(z)) if a == z => format!(" from {a}"),
        (Some(a), Some(z)) => format!(" from {a}\u{2013}{z}"),
        _ => String::new(),
    }
}

fn overview(i: &Inputs) -> Section<Overview> {
    let (b, n) = (&i.b, &i.names);
    let mut s = Section::new("overview", "Market overview");
    let Some(total_n) = b.n else {
        s.statement = Some(floor_statement(n));
        if let Some(m) = &i.modelled {
            s.sentences.push(format!(
                "A modelled estimate, not a measurement, is given under \u{201c}How this role scales across hubs\u{201d}: median {} {}.",
                m.measure.name(),
                money(m.p50)
            ));
        }
        return s;
    };
    let base = Distribution::from_measure(PayMeasure::Base, &b.base);
    let total = Distribution::from_measure(PayMeasure::Total, &b.total);
    let outliers = b.outliers_excluded.unwrap_or(0);
    s.sentences.push(format!(
        "Based on {} records of {}{}, with {} outlier{} excluded. Confidence: {} (n = {}).",
        count(total_n),
        n.cell,
        period_text(b),
        count(outliers),
        if outliers == 1 { "" } else { "s" },
        b.confidence.as_str(),
        count(total_n)
    ));
    for d in [&base, &total].into_iter().flatten() {
        let what = d.measure.name();
        if let (Some(mean), Some(p50)) = (d.mean, d.p50) {
            s.sentences.push(format!(
                "Average {what}: {}; median {what}: {} (n = {}).",
                money_ci(mean, d.mean_ci, d.ci_coverage.mean),
                money_ci(p50, d.p50_ci, d.ci_coverage.p50),
                count(d.n)
            ));
        }
        // The mean's and the median's notes are in the sentence above.
        for (name, ci) in [("p10", d.p10_ci), ("p25", d.p25_ci), ("p75", d.p75_ci), ("p90", d.p90_ci)] {
            if let Some(c) = ci.filter(|_| d.ci_zero_width.contains(&name)) {
                s.sentences.push(format!(
                    "The {name} interval of {what} is {}\u{2013}{}: {}.",
                    money(c[0]),
                    money(c[1]),
                    paygrid_engine::labels::zero_width_note(c[0])
                ));
            }
        }
        if let (Some(p25), Some(p75)) = (d.p25, d.p75) {
            let mut t = format!("The middle half of {what} figures lies between {} and {}", money(p25), money(p75));
            if let (Some(p10), Some(p90)) = (d.p10, d.p90) {
                t += &format!("; one in ten is below {} and one in ten above {}", money(p10), money(p90));
            }
            s.sentences.push(t + ".");
        }
    }
    let base_statement = base.is_none().then(|| b.base.withheld.clone().unwrap_or_else(|| floor_reason(n.floor)));
    let total_statement = total.is_none().then(|| b.total.withheld.clone().unwrap_or_else(|| floor_reason(n.floor)));
    for (what, why) in [("base salary", &base_statement), ("total compensation", &total_statement)] {
        if let Some(why) = why {
            s.sentences.push(format!("No {what} figure: {why}."));
        }
    }
    let oews = b.oews.as_ref().map(|o| OewsReference {
        year: o.year,
        area_name: o.area_name.clone(),
        occ_code: o.occ_code.clone(),
        occ_title: o.occ_title.clone(),
        employment: o.employment,
        mean: o.mean,
        p50: o.p50,
        ratio_to_median: match (base.as_ref().and_then(|d| d.p50), o.p50) {
            (Some(ours), Some(theirs)) if theirs > 0.0 => Some(ours / theirs),
            _ => None,
        },
    });
    if let Some(o) = &oews {
        if let Some(p50) = o.p50 {
            let mut t = format!(
                "Reference: the BLS OEWS{} median annual wage of {} (SOC {}) in {} is {}{}, across all levels and employers (base wages only)",
                o.year.map_or(String::new(), |y| format!(" {y}")),
                o.occ_title,
                o.occ_code,
                n.place,
                money(p50),
                o.mean.map_or(String::new(), |m| format!(", mean {}", money(m)))
            );
            if let Some(r) = o.ratio_to_median {
                t += &format!("; this cell's median base salary is {r:.2}\u{00d7} that");
            }
            s.sentences.push(t + ".");
        }
    }
    if let Some(why) = &b.populations_differ {
        s.sentences.push(why.clone());
    }
    s.figures = Some(Overview {
        n: total_n,
        confidence: b.confidence.as_str(),
        updated: b.updated.clone(),
        records_period: b.records_period,
        data_as_of: b.data_as_of.clone(),
        outliers_excluded: outliers,
        base,
        base_statement,
        total,
        total_statement,
        projection: primary(b).1.projection.clone(),
        oews,
        sources: b.sources.clone(),
    });
    s
}

fn rollup_section(r: &paygrid_engine::Rollup) -> Section<RollupFigures> {
    let fb = &r.benchmark;
    let mut s = Section::new("rollup", format!("Family figures: {}", r.family.name));
    let Some(n) = fb.n else {
        return Section::empty("rollup", "Family figures", format!("{}; the family's cell is under the floor too.", r.reason));
    };
    let base = Distribution::from_measure(PayMeasure::Base, &fb.base);
    let total = Distribution::from_measure(PayMeasure::Total, &fb.total);
    s.sentences.push(format!("{}, so the figures of its family are shown instead, labelled {}.", capitalize(&r.reason), r.label));
    for d in [&base, &total].into_iter().flatten() {
        if let Some(p50) = d.p50 {
            s.sentences.push(format!(
                "{} (family): median {} {}; confidence {} (n = {}).",
                r.family.name,
                d.measure.name(),
                money_ci_n(p50, d.p50_ci, d.ci_coverage.p50, d.n),
                d.confidence,
                count(d.n)
            ));
        }
    }
    s.figures = Some(RollupFigures {
        label: r.label.clone(),
        reason: r.reason.clone(),
        family: r.family.clone(),
        n,
        confidence: fb.confidence.as_str(),
        base,
        total,
    });
    s
}

fn projection(i: &Inputs) -> Section<ProjectionFigures> {
    let (b, n) = (&i.b, &i.names);
    const ID: &str = "projection";
    const TITLE: &str = "Trend and projection";
    if b.n.is_none() {
        return Section::empty(ID, TITLE, floor_statement(n));
    }
    let (m, pm) = primary(b);
    if pm.trend.is_empty() && pm.projection.is_none() {
        return Section::empty(
            ID,
            TITLE,
            format!(
                "No year has {} or more records of {} that state their year, so there is no trend and nothing to project from.",
                n.floor, n.cell
            ),
        );
    }
    let mut s = Section::new(ID, TITLE);
    if !pm.trend.is_empty() {
        let points: Vec<String> = pm.trend.iter().map(|p| format!("{} {} (n = {})", p.year, money(p.p50), count(p.n))).collect();
        s.sentences.push(format!("Median {} by year: {}.", m.name(), join_and(&points)));
    }
    let fallback = pm.projection.as_ref().is_some_and(|p| p.method == "market-rate");
    match &pm.projection {
        Some(p) => {
            s.sentences.push(format!(
                "Projected {} median {}: {} (95% interval {}\u{2013}{}), by the {} method: {}.",
                p.year,
                m.name(),
                money(p.p50),
                money(p.low),
                money(p.high),
                p.method,
                p.basis
            ));
            if p.method == "last-value" {
                s.sentences.push(format!(
                    "The projected median is the {} median itself: no trend has been shown to predict the next year better, so none is claimed.",
                    p.backtest.through.min(pm.trend.last().map_or(p.backtest.through, |t| t.year))
                ));
            }
            if fallback {
                s.sentences.push(format!(
                    "The growth rate used ({} a year) describes all roles in the market, not {} itself.",
                    signed_pct(p.growth),
                    n.subject
                ));
            }
            s.sentences.push(
                "A projection extends past medians forward; it is not a forecast of what any employer will pay, and the interval shows how uncertain it is."
                    .to_string(),
            );
        }
        None => {
            s.statement =
                Some("No projection: there is no yearly median to carry forward, or the backtest has fewer than 20 held-out yearly medians up to this cut-off to calibrate an interval on.".into())
        }
    }
    s.figures = Some(ProjectionFigures {
        measure: m,
        trend: pm.trend.clone(),
        projection: pm.projection.clone(),
        market_rate_fallback: fallback,
    });
    s
}

fn seniority_mix(i: &Inputs) -> Section<SeniorityMix> {
    let (mix, n) = (&i.mix, &i.names);
    const ID: &str = "seniority-mix";
    let title = "Seniority mix";
    let Some(total) = mix.n else {
        let place = format!("{} in {}", n.role, n.place);
        return Section::empty(
            ID,
            title,
            format!("Fewer than {} records of {place} (all levels): withheld by the privacy floor.", n.floor),
        );
    };
    let shown: Vec<_> = mix.levels.iter().filter(|l| l.n.is_some() && l.level != "unknown").collect();
    let mut s = Section::new(ID, title);
    if let Some(top) = shown.iter().max_by_key(|l| l.n) {
        s.sentences.push(format!(
            "{} is the most common level among {} records of {} in {}: {} (n = {}).",
            top.name,
            count(total),
            n.role,
            n.place,
            pct(top.share.unwrap_or(0.0)),
            count(top.n.unwrap_or(0))
        ));
    }
    let parts: Vec<String> =
        shown.iter().map(|l| format!("{} {} (n = {})", l.name, pct(l.share.unwrap_or(0.0)), count(l.n.unwrap_or(0)))).collect();
    if !parts.is_empty() {
        s.sentences.push(format!("Shares by level: {}.", join_and(&parts)));
    }
    if let Some(u) = mix.levels.iter().find(|l| l.level == "unknown" && l.n.is_some()) {
        s.sentences.push(format!(
            "{} of the records state no level (n = {}).",
            pct(u.share.unwrap_or(0.0)),
            count(u.n.unwrap_or(0))
        ));
    }
    if mix.levels.iter().any(|l| l.withheld && l.level != "unknown") {
        s.sentences.push(format!("Levels with fewer than {} records are not shown.", n.floor));
    }
    if shown.is_empty() {
        s.statement = Some(format!("No single level has {} or more records.", n.floor));
    }
    s.figures = Some(mix.clone());
    s
}

fn ladder(i: &Inputs) -> Section<LevelLadder> {
    let (l, n) = (&i.ladder, &i.names);
    const ID: &str = "level-ladder";
    let title = "Pay by level";
    if l.rungs.is_empty() {
        return Section::empty(
            ID,
            title,
            format!("No level of {} in {} has {} or more records, so there is no ladder.", n.role, n.place, n.floor),
        );
    }
    let mut s = Section::new(ID, title);
    let names: Vec<String> = l.rungs.iter().map(|r| r.name.to_string()).collect();
    s.sentences.push(format!(
        "{} level{} of {} in {} {} {} or more records: {}.",
        l.rungs.len(),
        if l.rungs.len() == 1 { "" } else { "s" },
        n.role,
        n.place,
        if l.rungs.len() == 1 { "has" } else { "have" },
        n.floor,
        join_and(&names)
    ));
    for r in &l.rungs {
        let mut t = match (r.base.p50, r.base.n) {
            (Some(p50), Some(bn)) => {
                format!("{}: median base salary {}", r.name, money_ci_n(p50, r.base.ci.p50, r.base.ci_coverage.p50, bn))
            }
            _ => match (r.median_tc.p50, r.median_tc.n) {
                (Some(p50), Some(tn)) => format!(
                    "{}: median total compensation {}",
                    r.name,
                    money_ci_n(p50, r.median_tc.ci, r.median_tc.ci_coverage, tn)
                ),
                _ => format!("{}: {} records, no median published", r.name, count(r.n)),
            },
        };
        if let Some(y) = &r.years_experience {
            t += &format!(", typically {:.0}\u{2013}{:.0} years of experience (n = {})", y.p25, y.p75, count(y.n));
        }
        if let Some(st) = &r.step {
            let from = Level::from_slug(st.from).map_or(st.from, Level::name);
            t += &format!(", {} over {} ({})", signed_pct(st.change), from, st.measure.name());
        }
        s.sentences.push(t + ".");
    }
    if let Some(big) = l.rungs.iter().filter_map(|r| r.step.map(|st| (r, st))).max_by(|a, b| a.1.change.total_cmp(&b.1.change)) {
        let from = Level::from_slug(big.1.from).map_or(big.1.from, Level::name);
        s.sentences.push(format!("The largest step is from {} to {}: {}.", from, big.0.name, signed_pct(big.1.change)));
    }
    if !l.withheld_levels.is_empty() {
        s.sentences.push(format!("Levels with fewer than {} records are left out.", n.floor));
    }
    s.figures = Some(l.clone());
    s
}

fn roadmap(i: &Inputs) -> Section<Roadmap> {
    let (r, n) = (&i.roadmap, &i.names);
    const ID: &str = "experience-roadmap";
    let title = "Experience roadmap";
    let published: Vec<_> = r.buckets.iter().filter(|b| b.n.is_some()).collect();
    if r.n.is_none() || published.is_empty() {
        let why = if i.mix.n.is_some() {
            format!(
                "Fewer than {} records of {} in {} state years of experience in any band (0\u{2013}3, 3\u{2013}7, 7+), so no roadmap can be computed.",
                n.floor, n.role, n.place
            )
        } else {
            format!("Fewer than {} records of {} in {}: withheld by the privacy floor.", n.floor, n.role, n.place)
        };
        return Section::empty(ID, title, why);
    }
    let mut s = Section::new(ID, title);
    s.sentences.push(format!(
        "From {} records of {} in {} that state years of experience (all levels), per band:",
        count(r.n.unwrap_or(0)),
        n.role,
        n.place
    ));
    for b in &published {
        let mut parts = Vec::new();
        if let (Some(p), Some(bn)) = (b.base.p50, b.base.n) {
            parts.push(format!("median base salary {}", money_ci_n(p, b.base.ci, b.base.ci_coverage, bn)));
        }
        if let (Some(p), Some(tn)) = (b.total.p50, b.total.n) {
            parts.push(format!("median total compensation {}", money_ci_n(p, b.total.ci, b.total.ci_coverage, tn)));
        }
        let mut t =
            format!("{}: {}", b.label, if parts.is_empty() { "no median published".to_string() } else { join_and(&parts) });
        if let (Some(l), Some(sh)) = (b.top_level.and_then(Level::from_slug), b.top_level_share) {
            t += &format!("; mostly {} level ({})", l.name(), pct(sh));
        }
        s.sentences.push(t + ".");
    }
    let base: Vec<(&str, f64)> = published.iter().filter_map(|b| b.base.p50.map(|p| (b.label, p))).collect();
    if let (Some(first), Some(last)) = (base.first(), base.last()) {
        if base.len() >= 2 {
            s.sentences.push(format!(
                "Median base salary is {} at {} against {}.",
                signed_pct(last.1 / first.1 - 1.0),
                last.0,
                first.0
            ));
        }
    }
    if published.len() < r.buckets.len() {
        s.sentences.push(format!("Bands with fewer than {} records are not shown.", n.floor));
    }
    s.figures = Some(r.clone());
    s
}

/// Why the cell's TC has no breakdown. The engine's reason speaks of
/// records with a base; when the cell has bases but no source reports TC,
/// that is the reason to give.
pub(crate) fn tc_missing_reason(i: &Inputs) -> String {
    match (i.tc.n, i.b.base.n, i.b.total.n) {
        (Some(_), Some(_), None) => {
            "its records report base salary only, so total compensation cannot be split into parts".to_string()
        }
        _ => i.tc.withheld.clone().unwrap_or_else(|| floor_reason(i.names.floor)),
    }
}

fn tc_breakdown(i: &Inputs) -> Section<TcBreakdown> {
    let (t, n) = (&i.tc, &i.names);
    const ID: &str = "tc-breakdown";
    let title = "Total compensation breakdown";
    if t.n.is_none() {
        return Section::empty(ID, title, floor_statement(n));
    }
    let Some(split) = &t.split else {
        return Section::empty(ID, title, format!("No breakdown for {}: {}.", n.cell, tc_missing_reason(i)));
    };
    let mut s = Section::new(ID, title);
    let mut parts = Vec::new();
    for (name, c) in
        [("base", &split.base), ("bonus", &split.bonus), ("equity", &split.equity), ("signing bonus / 4", &split.signing)]
    {
        // A part nobody receives says nothing in a sentence (the table shows it).
        if let (Some(m), Some(sh)) = (c.mean.filter(|m| *m != 0.0), c.share) {
            parts.push(format!("{name} {} ({})", money(m), pct(sh)));
        }
    }
    s.sentences.push(format!(
        "Mean total compensation is {} over {} records that report both base and total; per record on average: {}.",
        money(split.mean_total),
        count(split.n),
        join_and(&parts)
    ));
    if let (Some(m), Some(sh)) = (split.unattributed.mean, split.unattributed.share) {
        if sh.abs() >= 0.005 {
            s.sentences.push(format!(
                "{} ({}) of mean TC is not attributed to a part: sources that report it only inside the total, or parts fewer than {} records receive.",
                money(m),
                pct(sh),
                n.floor
            ));
        }
    }
    let mut holders = Vec::new();
    if let Some(b) = split.share_with_bonus {
        holders.push(format!("{} receive a bonus", pct(b)));
    }
    if let Some(e) = split.share_with_equity {
        holders.push(format!("{} receive equity", pct(e)));
    }
    if !holders.is_empty() {
        s.sentences.push(format!("Of those {} records, {}.", count(split.n), join_and(&holders)));
    }
    s.figures = Some(t.clone());
    s
}

fn metros(i: &Inputs) -> Section<MetroFigures> {
    let (t, n) = (&i.metros, &i.names);
    const ID: &str = "metros";
    let title = "How this role scales across hubs";
    if t.withheld.is_some() || t.national_n.is_none() {
        return Section::empty(
            ID,
            title,
            format!(
                "Fewer than {} US records of {}: no metro multipliers. {}",
                n.floor,
                n.role,
                t.withheld.as_deref().map_or(String::new(), |w| format!("({w})"))
            )
            .trim()
            .to_string(),
        );
    }
    let current_code = match &i.q.area {
        Area::Metro(m) => Some(m.as_str()),
        _ => None,
    };
    let current = t.metros.iter().find(|m| m.kind == "metro" && Some(m.code.as_str()) == current_code).cloned();
    let mut by_n: Vec<&paygrid_engine::MetroEffect> = t.metros.iter().filter(|m| m.kind == "metro").collect();
    by_n.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.code.cmp(&b.code)));
    let mut shown: Vec<paygrid_engine::MetroEffect> = by_n.into_iter().take(SHOWN_METROS).cloned().collect();
    for extra in t.metros.iter().filter(|m| m.kind == "remote").chain(current.iter()) {
        if !shown.iter().any(|m| m.code == extra.code) {
            shown.push(extra.clone());
        }
    }
    shown.sort_by(|a, b| b.log_effect.total_cmp(&a.log_effect).then_with(|| a.code.cmp(&b.code)));
    let mut s = Section::new(ID, title);
    let metro_count = t.metros.iter().filter(|m| m.kind == "metro").count();
    if shown.is_empty() {
        s.statement = Some(format!(
            "No US metro, and no remote group, has {} or more US records of {} reporting {}.",
            n.floor,
            n.role,
            t.measure.name()
        ));
    } else {
        s.sentences.push(format!(
            "{} pay in US metros, adjusted for level and year (all levels, {} from {} US records{}). {}",
            n.role,
            t.measure.name(),
            count(t.model_n.unwrap_or(0)),
            t.r_squared.map_or(String::new(), |r| format!(", R\u{00b2} {r:.2}")),
            t.baseline_sentence()
        ));
        for m in &shown {
            let (effect, ci) = m.shown();
            let mut line = format!("{}: {} {} (n = {})", m.name, pct_ci(effect, ci), t.baseline_label(), count(m.n));
            if let Some(r) = m.oews_ratio {
                line += &format!("; OEWS ratio {r:.2}\u{00d7} the national median");
            }
            if ci[0] <= 0.0 && ci[1] >= 0.0 {
                line += "; the interval includes 0, so it cannot be told apart from that baseline";
            }
            s.sentences.push(line + ".");
        }
        if metro_count > shown.iter().filter(|m| m.kind == "metro").count() {
            s.sentences.push(format!(
                "{} US metros have {} or more records; the {} largest are shown.",
                count(metro_count),
                n.floor,
                SHOWN_METROS
            ));
        }
    }
    if current_code.is_some() && current.is_none() && i.b.n.is_some() {
        s.sentences.push(format!(
            "{} has fewer than {} records of {} in the national model, so it has no multiplier.",
            n.place, n.floor, n.role
        ));
    }
    if !matches!(i.q.area, Area::Country(ref c) if c == "US") && !matches!(i.q.area, Area::Metro(_) | Area::UsState(_)) {
        s.sentences.push(format!(
            "Multipliers are computed for US metros against the US national level; they do not describe {}.",
            n.place
        ));
    }
    if let Some(m) = &i.modelled {
        s.sentences.push(format!(
            "Modelled estimate for {} (not a measurement; confidence {}): median {} {}{}, p25 {}, p75 {}. It is {}.",
            n.cell,
            m.confidence.as_str(),
            m.measure.name(),
            money(m.p50),
            m.p50_interval.map_or(String::new(), |iv| format!(" (interval {}\u{2013}{})", money(iv[0]), money(iv[1]))),
            money(m.p25),
            money(m.p75),
            m.explanation
        ));
    }
    s.figures = Some(MetroFigures {
        measure: t.measure,
        national_n: t.national_n,
        model_n: t.model_n,
        r_squared: t.r_squared,
        soc: t.soc.clone(),
        oews_national_p50: t.oews_national_p50,
        metros_available: metro_count,
        baseline_label: t.baseline_label().to_string(),
        shown,
        current,
        modelled: i.modelled.clone(),
    });
    s
}

const CREDENTIALS: &str =
    "None of the sources behind this report records certifications or degrees, so no credential premium can be computed.";

fn skills(i: &Inputs) -> Section<SkillFigures> {
    let (r, n) = (&i.skills, &i.names);
    const ID: &str = "skills";
    let title = "Skills and pay";
    let (req, prem) = (&r.requested, &r.premiums);
    if req.skills.is_empty() && prem.skills.is_empty() {
        let why_req = req.withheld.clone().unwrap_or_else(|| format!("no skill is listed by {} or more records", n.floor));
        let why_prem = prem.withheld.clone().unwrap_or_else(|| "no premium could be estimated".into());
        let text = if why_req == why_prem {
            format!("No skill figures for {}: {}. {CREDENTIALS}", n.role, why_req)
        } else {
            format!(
                "No skill figures for {}: {} \u{2014} {}; premiums \u{2014} {}. {CREDENTIALS}",
                n.role,
                req.label.to_lowercase(),
                why_req,
                why_prem
            )
        };
        return Section::empty(ID, title, text);
    }
    let mut s = Section::new(ID, title);
    let m = prem.comparisons.unwrap_or(prem.skills.len());
    match &prem.top_premium {
        Some(top) => s.sentences.push(format!(
            "Top premium: records of {} listing {} report {} total compensation (n = {}), with level, country and experience held fixed; of {} skills tested together it is the largest premium distinguishable from chance (Holm-adjusted p {}). An association, not proof that the skill causes it.",
            n.role,
            top.skill,
            pct_ci(top.premium, top.ci),
            count(top.n),
            m,
            p_words(top.p_adjusted)
        )),
        None => s.sentences.push(match (prem.skills.first(), &prem.withheld) {
            (Some(first), _) => format!(
                "No skill premium for {} is distinguishable from chance: after adjusting for the {} skills tested together, no positive estimate holds up, so none is named. The largest estimate is an association: records listing {} report {} total compensation (n = {}, Holm-adjusted p {}).",
                n.role,
                m,
                first.skill,
                pct_ci(first.premium, first.ci),
                count(first.n),
                p_words(first.p_adjusted)
            ),
            (None, Some(w)) => format!("No skill premium: {w}."),
            _ => "The data cannot name a top-paying skill.".to_string(),
        }),
    }
    let others: Vec<&paygrid_engine::SkillPremium> = prem
        .skills
        .iter()
        .filter(|p| prem.top_premium.as_ref().is_none_or(|t| t.skill != p.skill))
        .skip(usize::from(prem.top_premium.is_none()))
        .take(5)
        .collect();
    if !others.is_empty() {
        let parts: Vec<String> = others
            .iter()
            .map(|p| {
                format!(
                    "{} {} (n = {}{})",
                    p.skill,
                    pct_ci(p.premium, p.ci),
                    count(p.n),
                    if p.significant { ", distinguishable from chance" } else { "" }
                )
            })
            .collect();
        let lead = if prem.top_premium.is_some() { "Other estimates" } else { "Next largest estimates" };
        let verdict = if others.iter().any(|p| p.significant) {
            format!("those not marked are associations that chance could produce among {m} comparisons")
        } else {
            format!("associations, none distinguishable from chance after accounting for {m} comparisons")
        };
        s.sentences.push(format!("{lead}: {} \u{2014} {verdict}.", join_and(&parts)));
    }
    if let Some(rows) = prem.rows.filter(|_| prem.withheld.is_none()) {
        let errors = match (prem.se_method, prem.clusters) {
            (Some("CR1"), Some(g)) => format!("standard errors clustered by employer (CR1, {} clusters)", count(g)),
            _ => "heteroskedasticity-robust (HC3) standard errors".to_string(),
        };
        s.sentences.push(format!(
            "Premiums come from {} records of {} (all levels and locations) that list skills and report total compensation; intervals use {errors}.",
            count(rows),
            n.role
        ));
        if let Some(words) = prem.multiplicity() {
            s.sentences.push(format!("{}.", capitalize(&words)));
        }
    }
    match (&req.with_skill_data, req.skills.is_empty()) {
        (Some(with), false) => {
            let top: Vec<String> =
                req.skills.iter().take(6).map(|k| format!("{} ({}, n = {})", k.skill, pct(k.share), count(k.n))).collect();
            s.sentences.push(format!(
                "{} in {}: {}, as a share of the {} records of {} there that list any skill. {}",
                req.label,
                n.place,
                join_and(&top),
                count(*with),
                n.role,
                req.basis_note
            ));
        }
        // The engine's "no skill data in these sources" would contradict
        // premiums estimated from other places' records.
        (Some(0), _) => s.sentences.push(format!("{}: no record of {} in {} lists skills.", req.label, n.role, n.place)),
        _ => s.sentences.push(format!(
            "{}: {}.",
            req.label,
            req.withheld.clone().unwrap_or_else(|| format!("no skill is listed by {} or more records", n.floor))
        )),
    }
    s.sentences.push(CREDENTIALS.to_string());
    s.figures = Some(SkillFigures { requested: req.clone(), premiums: prem.clone(), credentials: CREDENTIALS.to_string() });
    s
}

/// An adjusted p-value in a sentence: "= 0.42", "below 0.001".
fn p_words(p: f64) -> String {
    let v = crate::fmt::p_value(p);
    if v.starts_with('<') {
        "below 0.001".to_string()
    } else {
        format!("= {v}")
    }
}

fn demand(i: &Inputs) -> Section<DemandFigures> {
    let n = &i.names;
    const ID: &str = "demand";
    let title = "Demand signals";
    const NO_DEMAND_DATA: &str =
        "paygrid has no vacancy, application or time-to-fill data, so it cannot measure hiring demand directly.";
    if i.b.n.is_none() {
        return Section::empty(ID, title, format!("{} {NO_DEMAND_DATA}", floor_statement(n)));
    }
    let shares = i.shares.clone();
    if shares.is_empty() {
        return Section::empty(
            ID,
            title,
            format!("No year has {} or more records of {} that state their year. {NO_DEMAND_DATA}", n.floor, n.cell),
        );
    }
    let mut s = Section::new(ID, title);
    s.sentences.push(NO_DEMAND_DATA.to_string());
    let parts: Vec<String> = shares
        .iter()
        .map(|y| format!("{} {} ({} of {} records)", y.year, pct(y.share), count(y.n), count(y.location_n)))
        .collect();
    s.sentences.push(format!(
        "What the records show is {}'s share of all records in {} by year: {}.",
        n.subject,
        n.place,
        join_and(&parts)
    ));
    if let (Some(a), Some(z)) = (shares.first(), shares.last()) {
        if shares.len() >= 2 {
            s.sentences.push(format!(
                "The share went from {} in {} to {} in {}; a change can reflect a source's coverage as much as the market.",
                pct(a.share),
                a.year,
                pct(z.share),
                z.year
            ));
        }
    }
    s.figures = Some(DemandFigures { measure: primary(&i.b).0, shares });
    s
}

/// Benchmarks of other roles in the same level, location, period and
/// sources, each computed once per report.
pub(crate) struct Peers {
    benchmarks: HashMap<&'static str, Benchmark>,
    /// This cell's primary measure and its median with CI.
    own: Option<(PayMeasure, f64, Option<[f64; 2]>)>,
}

impl Peers {
    fn new(benchmarks: HashMap<&'static str, Benchmark>, i: &Inputs) -> Peers {
        let (m, pm) = primary(&i.b);
        Peers { benchmarks, own: pm.p50.map(|p| (m, p, pm.ci.p50)) }
    }

    fn related(&self, q: &CellQuery, id: &'static str, relation: &'static str, includes: bool) -> Option<RelatedRole> {
        let b = self.benchmarks.get(id)?;
        b.n?;
        let pick = |m: PayMeasure| {
            let x = if m == PayMeasure::Base { &b.base } else { &b.total };
            Some((m, x.n?, x.p50?, x.ci.p50, x.ci_coverage.p50))
        };
        let (measure, n, median, median_ci, median_ci_coverage) = match self.own {
            Some((m, ..)) => pick(m)?,
            None => pick(PayMeasure::Base).or_else(|| pick(PayMeasure::Total))?,
        };
        let (difference, relative, ci_overlap) = match self.own {
            Some((_, own, own_ci)) => (
                Some(median - own),
                Some(median / own - 1.0),
                match (median_ci, own_ci) {
                    (Some(a), Some(b)) => Some(a[0] <= b[1] && b[0] <= a[1]),
                    _ => None,
                },
            ),
            None => (None, None, None),
        };
        Some(RelatedRole {
            role: b.role_info.clone(),
            relation,
            includes_this_role: includes,
            n,
            measure,
            median,
            median_ci,
            median_ci_coverage,
            path: report_path(id, &q.area, q.level),
            difference,
            relative,
            ci_overlap,
        })
    }
}

fn related_line(r: &RelatedRole, role: &str) -> String {
    let mut t = format!(
        "{} ({}): median {} {}",
        r.role.name,
        r.relation,
        r.measure.name(),
        money_ci_n(r.median, r.median_ci, r.median_ci_coverage, r.n)
    );
    if let (Some(d), Some(rel)) = (r.difference, r.relative) {
        t += &format!(", {} ({}) vs {role}", crate::fmt::signed_money(d), signed_pct(rel));
        if r.ci_overlap == Some(true) {
            t += "; the two intervals overlap, so the difference may be noise";
        }
    }
    if r.includes_this_role {
        t += &format!("; its records include {role}'s");
    }
    t + "."
}

/// Lateral moves from a catalogue role: its family (ancestors, whose cells
/// include it), its specializations, its siblings and the other roles of its
/// SOC code, each once, as (id, relation, includes this role).
fn related_candidates(role: &str) -> Vec<(&'static str, &'static str, bool)> {
    let Some(def) = role_def(role) else { return Vec::new() };
    let mut candidates: Vec<(&'static str, &'static str, bool)> = Vec::new();
    for a in ancestors(def.id).into_iter().skip(1) {
        candidates.push((a, "family", true));
    }
    for c in children(def.id) {
        candidates.push((c.id, "specialization", false));
    }
    if let Some(p) = def.parent {
        for c in children(p).filter(|c| c.id != def.id) {
            candidates.push((c.id, "sibling", false));
        }
    }
    for c in roles_for_soc(def.soc).filter(|c| c.id != def.id) {
        candidates.push((c.id, "same SOC", false));
    }
    let mut seen = std::collections::HashSet::new();
    candidates.retain(|(id, ..)| seen.insert(*id));
    candidates
}

fn related_section(peers: &Peers, i: &Inputs) -> Section<RelatedFigures> {
    let (q, n) = (i.q, &i.names);
    const ID: &str = "related-roles";
    let title = "Related roles at the same level";
    let Some(def) = role_def(&q.role) else {
        return Section::empty(ID, title, format!("{} is not in paygrid's role catalogue, so it has no related roles.", n.role));
    };
    let mut roles: Vec<RelatedRole> =
        related_candidates(def.id).into_iter().filter_map(|(id, rel, inc)| peers.related(q, id, rel, inc)).collect();
    roles.sort_by(|a, b| b.median.total_cmp(&a.median).then_with(|| a.role.id.cmp(&b.role.id)));
    if roles.is_empty() {
        return Section::empty(
            ID,
            title,
            format!(
                "None of the roles related to {} (its family, specializations, siblings and roles sharing SOC {}) has {} or more records{} in {}.",
                n.role,
                def.soc,
                n.floor,
                q.level.map_or(String::new(), |l| format!(" at {} level", l.name())),
                n.place
            ),
        );
    }
    let mut s = Section::new(ID, title);
    s.sentences.push(format!(
        "Lateral moves from {}: roles in the same family or SOC code{}, in {}, with {} or more records.",
        n.role,
        q.level.map_or(String::new(), |l| format!(" at {} level", l.name())),
        n.place,
        n.floor
    ));
    for r in &roles {
        s.sentences.push(related_line(r, &n.role));
    }
    s.figures = Some(RelatedFigures { roles });
    s
}

/// Catalogue roles whose work is building AI and machine-learning systems.
const AI_ROLES: [&str; 3] = ["machine-learning-engineer", "ai-engineer", "data-scientist"];

/// Whether a skill name is about AI or machine learning.
pub(crate) fn is_ai_skill(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    const PHRASES: [&str; 13] = [
        "machine learning",
        "deep learning",
        "artificial intelligence",
        "pytorch",
        "tensorflow",
        "keras",
        "scikit",
        "hugging face",
        "openai",
        "langchain",
        "computer vision",
        "natural language",
        "generative",
    ];
    PHRASES.iter().any(|p| l.contains(p))
        || l.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| matches!(w, "ai" | "ml" | "llm" | "llms" | "nlp" | "genai" | "mlops"))
}

fn ai_candidates(role: &str) -> impl Iterator<Item = &'static str> + '_ {
    AI_ROLES.into_iter().filter(move |&id| id != role)
}

fn ai_section(peers: &Peers, i: &Inputs) -> Section<AiFigures> {
    let (q, n) = (i.q, &i.names);
    const ID: &str = "ai";
    let title = "AI and this role";
    const NO_AI_DATA: &str = "paygrid's records do not measure how AI changes this job's tasks or hiring; they can only compare pay for AI and machine-learning work.";
    let own_family = ancestors(&q.role);
    let roles: Vec<RelatedRole> =
        ai_candidates(&q.role).filter_map(|id| peers.related(q, id, "AI/ML role", own_family.contains(&id))).collect();
    let skills: Vec<_> = i.skills.requested.skills.iter().filter(|k| is_ai_skill(&k.skill)).cloned().collect();
    let premiums: Vec<_> = i.skills.premiums.skills.iter().filter(|k| is_ai_skill(&k.skill)).cloned().collect();
    if roles.is_empty() && skills.is_empty() && premiums.is_empty() {
        let names: Vec<String> = AI_ROLES.iter().filter_map(|id| role_def(id)).map(|d| d.name.to_string()).collect();
        return Section::empty(
            ID,
            title,
            format!(
                "{NO_AI_DATA} Here none of the AI roles ({}) has {} or more records{} in {}, and no AI-related skill reaches the floor.",
                join_and(&names),
                n.floor,
                q.level.map_or(String::new(), |l| format!(" at {} level", l.name())),
                n.place
            ),
        );
    }
    let mut s = Section::new(ID, title);
    s.sentences.push(NO_AI_DATA.to_string());
    for r in &roles {
        s.sentences.push(related_line(r, &n.role));
    }
    if !skills.is_empty() {
        let parts: Vec<String> = skills.iter().map(|k| format!("{} ({}, n = {})", k.skill, pct(k.share), count(k.n))).collect();
        s.sentences.push(format!("AI-related skills listed by records of {} in {}: {}.", n.role, n.place, join_and(&parts)));
    }
    for p in &premiums {
        s.sentences.push(format!(
            "Listing {} is associated with {} total compensation (n = {}), {} after accounting for the {} skills tested together.",
            p.skill,
            pct_ci(p.premium, p.ci),
            count(p.n),
            if p.significant { "distinguishable from chance" } else { "not distinguishable from chance" },
            i.skills.premiums.comparisons.unwrap_or(i.skills.premiums.skills.len())
        ));
    }
    s.figures = Some(AiFigures { roles, skills, premiums });
    s
}

fn segments(i: &Inputs) -> Section<Vec<SegmentTable>> {
    let n = &i.names;
    const ID: &str = "segments";
    let title = "Pay by company size, industry and company";
    if i.b.n.is_none() {
        return Section::empty(ID, title, floor_statement(n));
    }
    let (m, pm) = primary(&i.b);
    let own = pm.p50;
    let mut s = Section::new(ID, title);
    let mut missing = Vec::new();
    let mut shown = Vec::new();
    for t in &i.segments {
        if t.segments.is_empty() {
            missing.push(t.withheld.clone().unwrap_or_else(|| format!("no {} data", t.dimension.name())));
            continue;
        }
        let parts: Vec<String> = t
            .segments
            .iter()
            .filter_map(|g| {
                let f = if m == PayMeasure::Base { &g.base } else { &g.total };
                let p = f.p50?;
                let ci = f.ci.map_or(String::new(), |c| format!("{}; ", crate::fmt::interval(c, f.ci_coverage)));
                let diff = own.map_or(String::new(), |o| format!("; {} vs the whole cell", signed_pct(p / o - 1.0)));
                Some(format!("{} {} ({ci}n = {}{diff})", g.name, money(p), count(f.n.unwrap_or(g.n))))
            })
            .collect();
        if !parts.is_empty() {
            s.sentences.push(format!("Median {} by {}: {}.", m.name(), t.dimension.name(), join_and(&parts)));
        }
        shown.push(t.clone());
    }
    if shown.is_empty() {
        return Section::empty(ID, title, format!("No segment of {} can be shown: {}.", n.cell, missing.join("; ")));
    }
    if !missing.is_empty() {
        s.sentences.push(format!("Not shown: {}.", missing.join("; ")));
    }
    s.sentences.push(format!(
        "Segments with fewer than {} records are left out; companies are listed only with {} or more records each, at most 10.",
        n.floor, n.floor
    ));
    s.figures = Some(shown);
    s
}

fn sources(i: &Inputs, ctx: &ReportContext) -> Section<SourcesFigures> {
    let b = &i.b;
    let mut s = Section::new("sources", "Sources and methodology");
    let licence_of = |dataset: &str| ctx.sources.iter().find(|n| n.dataset == dataset).and_then(|n| n.licence.clone());
    let records: Vec<SourceLine> = b
        .sources
        .iter()
        .map(|src| SourceLine { dataset: src.name.clone(), kind: src.kind.to_string(), licence: licence_of(&src.name), n: src.n })
        .collect();
    let parts: Vec<String> = records
        .iter()
        .map(|r| {
            let n = r.n.map_or(format!("fewer than {}", b.floor), count);
            format!("{} ({}; {n} records)", r.dataset, r.licence.as_deref().unwrap_or("licence not recorded"))
        })
        .collect();
    if parts.is_empty() {
        s.sentences.push("No source is listed for this cell: it is under the privacy floor.".to_string());
    } else {
        s.sentences.push(format!("Records of this cell come from {}.", join_and(&parts)));
    }
    if let Some(o) = b.outliers_excluded {
        s.sentences.push(format!(
            "{} outlier{} excluded from every figure (ln pay outside 3 IQR of its role, level and country).",
            count(o),
            if o == 1 { " is" } else { "s are" }
        ));
    }
    s.sentences.push(format!(
        "No figure, chart point or sentence on this page is computed from fewer than {} records; p10 and p90 need 10.",
        b.floor
    ));
    s.sentences.push(
        "The figures describe the records in these sources, not every employer: an offer can differ for reasons the records do not show."
            .to_string(),
    );
    s.sentences.push(crate::SAMPLE_NOTE.to_string());
    if let Some(p) = paygrid_engine::dates::period_text(&b.records_period) {
        s.sentences.push(format!(
            "The records are from {p}{}{}.",
            b.data_as_of.as_ref().map_or(String::new(), |a| format!("; the newest {} of them date from {a} or later", b.floor)),
            b.updated.as_ref().map_or(String::new(), |u| format!("; the data were imported {}", u.get(..10).unwrap_or(u)))
        ));
    }
    let methodology_url = ctx.url(&ctx.methodology_path);
    s.sentences.push(format!("{DEFINITIONS_PREFIX}{methodology_url}"));
    s.figures = Some(SourcesFigures {
        records,
        all: ctx.sources.clone(),
        floor: b.floor,
        outliers_excluded: b.outliers_excluded,
        methodology_url,
        definitions: vec![
            "Amounts are annual USD; total compensation = base + bonus + annual equity + signing bonus / 4.".into(),
            "Percentiles: linear interpolation between order statistics (Hyndman\u{2013}Fan type 7).".into(),
            "Intervals: distribution-free order-statistic intervals for percentiles, called a 95% CI only when their exact coverage reaches 95% and otherwise named by it (\u{201c}72% interval\u{201d}); for the mean, a 95% CI (Cox\u{2019}s log-scale interval below 30 records, Student t above).".into(),
            "Dates: \u{201c}data as of\u{201d} is the month of the cell\u{2019}s k-th newest dated record (the year when only a year is known); a notice marks figures whose newest records are more than 18 months old.".into(),
            "Confidence: high when n \u{2265} 100 and the median's CI half-width \u{2264} 5% of it; medium when n \u{2265} 30 and \u{2264} 15%; low otherwise.".into(),
            "Metro multipliers: mean residual of ln pay after level and year, as % vs national with a t interval.".into(),
            "Skill premiums: OLS of ln TC on level, country, experience and skills held by \u{2265} 30 records; e^\u{03b2} \u{2212} 1 with robust (HC3, or by employer CR1) intervals; significant only after Holm's adjustment for the skills tested together.".into(),
            "Projection: the cell's own log-linear trend (4 or more years) or the fixed-composition market rate, published only when the backtest up to the cut-off shows it beats carrying the latest median forward, else that median; 95% interval calibrated on held-out years up to the cut-off.".into(),
        ],
    });
    s
}
