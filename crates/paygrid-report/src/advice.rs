//! The negotiation checklist and the FAQ: the seed pages' advice sections,
//! rebuilt so that every sentence restates figures published elsewhere on
//! the page (with n and CI) or says plainly that the data has none. Answers
//! reuse the sections' own sentences where they fit, so a number reads the
//! same in the FAQ as in its section.

use crate::build::{primary, Inputs};
use crate::fmt::{count, join_and, money, money_ci, money_ci_n, pct, pct_ci, signed_pct};
use crate::model::*;
use paygrid_domain::Level;
use paygrid_engine::segments::{SegmentDimension, SegmentTable};
use paygrid_engine::PayMeasure;

fn floor_text(i: &Inputs) -> String {
    format!(
        "Fewer than {k} records of {}: no figure is published below the privacy floor of {k} records.",
        i.names.cell,
        k = i.names.floor
    )
}

/// The next published rung above `level` on its track.
fn next_rung<'a>(i: &'a Inputs, level: Level) -> Option<&'a paygrid_engine::breakdown::LadderRung> {
    i.ladder.rungs.iter().find(|r| {
        let Some(l) = Level::from_slug(r.level) else { return false };
        l > level && l.is_management() == level.is_management() && r.step.is_some_and(|s| s.from == level.slug())
    })
}

pub(crate) fn negotiation(
    i: &Inputs,
    metros: &Section<MetroFigures>,
    skills: &Section<SkillFigures>,
    segments: &Section<Vec<SegmentTable>>,
) -> Section<NegotiationFigures> {
    const ID: &str = "negotiation";
    let title = "Negotiation checklist";
    let n = &i.names;
    let (m, pm) = primary(&i.b);
    let (Some(pn), Some(p50)) = (pm.n, pm.p50) else {
        return Section::empty(
            ID,
            title,
            format!("{} Without a published median there is no market anchor to negotiate from.", floor_text(i)),
        );
    };
    let what = m.name();
    let mut levers = Vec::new();
    levers.push(Lever {
        topic: "Anchor",
        text: format!(
            "The median {what} of {} is {}: an offer below it is below half of these records.",
            n.cell,
            money_ci_n(p50, pm.ci.p50, pm.ci_coverage.p50, pn)
        ),
    });
    if let Some(p75) = pm.p75 {
        let mut t = format!(
            "The upper quartile (p75) is {}: one record in four is above it, so a counter there is within the data.",
            money_ci(p75, pm.ci.p75, pm.ci_coverage.p75)
        );
        if let Some(p90) = pm.p90 {
            t += &format!(" One in ten is above p90, {}.", money(p90));
        }
        levers.push(Lever { topic: "Counter", text: t });
    }
    match i.q.level {
        Some(level) => {
            if let Some(r) = next_rung(i, level) {
                let st = r.step.expect("next rung has a step");
                let median = if st.measure == PayMeasure::Base {
                    r.base.p50.zip(r.base.n).map(|(p, n)| (p, r.base.ci.p50, r.base.ci_coverage.p50, n))
                } else {
                    r.median_tc.p50.zip(r.median_tc.n).map(|(p, n)| (p, r.median_tc.ci, r.median_tc.ci_coverage, n))
                };
                if let Some((p, ci, cov, rn)) = median {
                    levers.push(Lever {
                        topic: "Level",
                        text: format!(
                            "The next level, {}, has a median {} of {} in {} ({} over {}): which level an offer is made at decides which of these figures applies.",
                            r.name,
                            st.measure.name(),
                            money_ci_n(p, ci, cov, rn),
                            n.place,
                            signed_pct(st.change),
                            level.name()
                        ),
                    });
                }
            }
        }
        None => {
            let with_base: Vec<_> = i.ladder.rungs.iter().filter_map(|r| r.base.p50.map(|p| (r, p))).collect();
            if let (Some(lo), Some(hi)) =
                (with_base.iter().min_by(|a, b| a.1.total_cmp(&b.1)), with_base.iter().max_by(|a, b| a.1.total_cmp(&b.1)))
            {
                if with_base.len() >= 2 {
                    levers.push(Lever {
                        topic: "Level",
                        text: format!(
                            "Median base salary ranges from {} at {} level (n = {}) to {} at {} level (n = {}): the level an offer is made at decides which figure applies.",
                            money(lo.1),
                            lo.0.name,
                            count(lo.0.n),
                            money(hi.1),
                            hi.0.name,
                            count(hi.0.n)
                        ),
                    });
                }
            }
        }
    }
    levers.push(Lever { topic: "Pay mix", text: pay_mix(i) });
    if let Some(f) = &metros.figures {
        let pick = f.current.as_ref().or_else(|| f.shown.iter().find(|m| m.kind == "remote"));
        if let Some(e) = pick {
            let (effect, ci) = e.shown();
            let overlap = ci[0] <= 0.0 && ci[1] >= 0.0;
            levers.push(Lever {
                topic: "Location",
                text: format!(
                    "{} records of {} pay {} {}, level and year held fixed (n = {}){}.",
                    e.name,
                    n.role,
                    pct_ci(effect, ci),
                    f.baseline_label,
                    count(e.n),
                    if overlap {
                        ": not distinguishable from that baseline"
                    } else {
                        ": ask whether an offer is banded by location"
                    }
                ),
            });
        }
    }
    let premiums = skills.figures.as_ref().map(|f| &f.premiums);
    let skill_text = match premiums.and_then(|p| p.top_premium.as_ref().map(|t| (p, t))) {
        Some((p, t)) => format!(
            "Records listing {} report {} total compensation (n = {}), other things equal, and it holds up after adjusting for the {} skills tested together: if you have it, it is the one skill the data backs.",
            t.skill,
            pct_ci(t.premium, t.ci),
            count(t.n),
            p.comparisons.unwrap_or(p.skills.len())
        ),
        None => match premiums.and_then(|p| p.comparisons.filter(|&m| m > 0)) {
            Some(m) => format!(
                "No skill premium is distinguishable from chance once the {m} skills tested together are accounted for, so no skill is a figure-backed lever here: the differences in the skills table are associations."
            ),
            None => "There is no skill premium to go on (no skill data, or too few records), so no skill is a figure-backed lever here.".to_string(),
        },
    };
    levers.push(Lever { topic: "Skills", text: skill_text });
    if let Some(best) = best_segment(i, segments, m) {
        levers.push(Lever { topic: "Employer", text: best });
    }
    levers.push(Lever {
        topic: "Check the offer",
        text: "To place one offer in this cell, use the offer page or the paygrid offer command: it gives the offer's percentile rank and a counter figure with its reasoning.".to_string(),
    });
    let mut s = Section::new(ID, title);
    s.sentences = levers.iter().map(|l| format!("{}: {}", l.topic, l.text)).collect();
    s.figures = Some(NegotiationFigures {
        p50: Some(Anchor { measure: m, n: pn, value: p50, ci: pm.ci.p50, ci_coverage: pm.ci_coverage.p50 }),
        p75: pm.p75.map(|v| Anchor { measure: m, n: pn, value: v, ci: pm.ci.p75, ci_coverage: pm.ci_coverage.p75 }),
        levers,
    });
    s
}

fn pay_mix(i: &Inputs) -> String {
    let Some(sp) = &i.tc.split else {
        return format!(
            "The records of {} do not split total compensation into base, bonus and equity ({}), so the data cannot say which part to ask for.",
            i.names.cell,
            crate::build::tc_missing_reason(i)
        );
    };
    let mut parts = Vec::new();
    if let Some(e) = sp.equity.share {
        parts.push(format!("equity {}", pct(e)));
    }
    if let Some(b) = sp.bonus.share {
        parts.push(format!("bonus {}", pct(b)));
    }
    if let Some(b) = sp.base.share {
        parts.push(format!("base {}", pct(b)));
    }
    let mut t = format!("Of mean total compensation {} (n = {}): {}.", money(sp.mean_total), count(sp.n), join_and(&parts));
    if let Some(e) = sp.share_with_equity {
        t += &format!(" {} of these records receive equity.", pct(e));
    }
    match sp.equity.share {
        Some(e) if e >= 0.15 => t += " Equity is a large part of pay here, so the grant is worth as much attention as base.",
        Some(_) => t += " Equity is a small part of pay here; base carries most of the package.",
        None => {}
    }
    t
}

fn best_segment(i: &Inputs, segments: &Section<Vec<SegmentTable>>, m: PayMeasure) -> Option<String> {
    let tables = segments.figures.as_ref()?;
    let t = tables.iter().find(|t| t.dimension == SegmentDimension::CompanySize).or_else(|| tables.first())?;
    let own = primary(&i.b).1.p50?;
    let medians: Vec<_> = t
        .segments
        .iter()
        .filter_map(|g| {
            let f = if m == PayMeasure::Base { &g.base } else { &g.total };
            Some((g, f.p50?, f.ci, f.ci_coverage, f.n?))
        })
        .collect();
    // One segment is no comparison.
    if medians.len() < 2 {
        return None;
    }
    let best = medians.into_iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(format!(
        "By {}, {} has the highest median {}: {}, {} vs all records of the cell.",
        t.dimension.name(),
        best.0.name,
        m.name(),
        money_ci_n(best.1, best.2, best.3, best.4),
        signed_pct(best.1 / own - 1.0)
    ))
}

fn answer_or<T>(s: &Section<T>, skip: usize) -> Vec<String> {
    if s.figures.is_some() {
        let mut out: Vec<String> = s.sentences.iter().skip(skip).cloned().collect();
        out.extend(s.statement.clone());
        out
    } else {
        s.statement.clone().into_iter().collect()
    }
}

pub(crate) fn faq(i: &Inputs, r: &Report) -> Section<Vec<Faq>> {
    let n = &i.names;
    let mut faqs = Vec::new();
    // `answered`: the answer rests on published figures, not only on a
    // statement of why there are none.
    let mut q = |question: String, answer: Vec<String>, answered: bool| {
        if !answer.is_empty() {
            faqs.push((Faq { question, answer }, answered));
        }
    };

    // Average and median.
    let mut a = Vec::new();
    match r.overview.figures.as_ref() {
        Some(o) => {
            let first = o.base.as_ref().or(o.total.as_ref());
            if let Some(d) = first {
                if let (Some(mean), Some(p50)) = (d.mean, d.p50) {
                    a.push(format!(
                        "The average {} of {} is {}, from {} records; the median is {}.",
                        d.measure.name(),
                        n.cell,
                        money_ci(mean, d.mean_ci, d.ci_coverage.mean),
                        count(d.n),
                        money_ci(p50, d.p50_ci, d.ci_coverage.p50)
                    ));
                }
            }
            if let (Some(_), Some(t)) = (&o.base, &o.total) {
                if let Some(p50) = t.p50 {
                    a.push(format!("Median total compensation is {}.", money_ci_n(p50, t.p50_ci, t.ci_coverage.p50, t.n)));
                }
            }
            a.push(format!("Confidence: {} (n = {}).", o.confidence, count(o.n)));
        }
        None => a.extend(answer_or(&r.overview, 0)),
    }
    q(format!("What is the average {} salary in {}?", n.subject, n.place), a, r.overview.figures.is_some());

    // Experience.
    let mut a = answer_or(&r.experience_roadmap, 0);
    if let Some(l) = &r.level_ladder.figures {
        let by_level: Vec<String> = l
            .rungs
            .iter()
            .filter_map(|rg| rg.base.p50.zip(rg.base.n).map(|(p, bn)| format!("{} {} (n = {})", rg.name, money(p), count(bn))))
            .collect();
        if by_level.len() >= 2 {
            a.push(format!("Median base salary by level: {}.", join_and(&by_level)));
        }
        a.extend(r.level_ladder.sentences.iter().filter(|s| s.starts_with("The largest step")).cloned());
    } else {
        a.extend(r.level_ladder.statement.clone());
    }
    let answered = r.experience_roadmap.figures.is_some() || r.level_ladder.figures.is_some();
    q(format!("How does experience affect {} salaries in {}?", n.role, n.place), a, answered);

    // Skills.
    q(format!("Which skills pay more for {}?", n.role), answer_or(&r.skills, 0), r.skills.figures.is_some());

    // Growth.
    let mut a = Vec::new();
    match &r.projection.figures {
        Some(p) => {
            let what = p.measure.name();
            if let (Some(first), Some(last)) = (p.trend.first(), p.trend.last()) {
                if p.trend.len() >= 2 {
                    a.push(format!(
                        "The median {what} went from {} in {} (n = {}) to {} in {} (n = {}), {} in all.",
                        money(first.p50),
                        first.year,
                        count(first.n),
                        money(last.p50),
                        last.year,
                        count(last.n),
                        signed_pct(last.p50 / first.p50 - 1.0)
                    ));
                    a.push("Yearly medians also move when the mix of levels or sources changes, not only when pay does.".into());
                } else {
                    a.push(format!(
                        "Only {} has {} or more records of this cell, too little for a trend of its own.",
                        first.year, n.floor
                    ));
                }
            }
            a.extend(
                r.projection.sentences.iter().filter(|s| s.starts_with("Projected") || s.starts_with("The growth rate")).cloned(),
            );
            a.extend(r.projection.statement.clone());
        }
        None => a.extend(r.projection.statement.clone()),
    }
    q(format!("Is {} pay growing in {}?", n.subject, n.place), a, r.projection.figures.is_some());

    // Negotiation.
    let a = match &r.negotiation.figures {
        Some(f) => f.levers.iter().filter(|l| l.topic != "Check the offer").map(|l| l.text.clone()).collect(),
        None => r.negotiation.statement.clone().into_iter().collect(),
    };
    q(format!("How can I negotiate a higher {} salary in {}?", n.subject, n.place), a, r.negotiation.figures.is_some());

    // Metros.
    let mut a = Vec::new();
    match &r.metros.figures {
        Some(f) if !f.shown.is_empty() => {
            let clear: Vec<_> = f.shown.iter().filter(|m| m.kind == "metro" && m.shown().1[0] > 0.0).collect();
            match clear.first() {
                Some(top) => {
                    let (effect, ci) = top.shown();
                    a.push(format!(
                        "Of the metros shown, {} pays the most {}: {} (n = {}), level and year held fixed.",
                        top.name,
                        f.baseline_label,
                        pct_ci(effect, ci),
                        count(top.n)
                    ))
                }
                None => a.push(format!(
                    "No metro shown has a 95% interval entirely above 0 ({}), so the data cannot name a metro that clearly pays more.",
                    f.baseline_label
                )),
            }
            if let Some(rm) = f.shown.iter().find(|m| m.kind == "remote") {
                let (effect, ci) = rm.shown();
                a.push(format!("Remote records: {} {} (n = {}).", pct_ci(effect, ci), f.baseline_label, count(rm.n)));
            }
        }
        _ => a.extend(answer_or(&r.metros, 0)),
    }
    let answered = r.metros.figures.as_ref().is_some_and(|f| !f.shown.is_empty());
    q(format!("Where does {} pay the most?", n.role), a, answered);

    // AI.
    q(format!("How does AI affect {} careers?", n.role), answer_or(&r.ai, 0), r.ai.figures.is_some());

    // Employers.
    q(
        format!("Do company size, industry or employer change {} pay?", n.role),
        answer_or(&r.segments, 0),
        r.segments.figures.is_some(),
    );

    // Reliability.
    let mut a = Vec::new();
    let (_, pm) = primary(&i.b);
    match (r.overview.figures.as_ref(), pm.p50, pm.ci.p50) {
        (Some(o), Some(p50), Some(ci)) => {
            a.push(format!(
                "Confidence is {} (n = {}): the median's {} is {}\u{2013}{}, about \u{00b1}{} of the median.",
                o.confidence,
                count(o.n),
                paygrid_engine::labels::interval_label(pm.ci_coverage.p50),
                money(ci[0]),
                money(ci[1]),
                pct((ci[1] - ci[0]) / 2.0 / p50)
            ));
            a.extend(r.sources.sentences.first().cloned());
        }
        _ => a.push(floor_text(i)),
    }
    a.push(format!("Nothing on this page is computed from fewer than {} records.", n.floor));
    q("How reliable are these figures?".to_string(), a, r.overview.figures.is_some());

    // A cell under the floor would answer every question with the same
    // "fewer than k records"; only questions other figures answer remain.
    if i.b.n.is_none() {
        faqs.retain(|(_, answered)| *answered);
    }
    if faqs.is_empty() {
        return Section::empty(
            "faq",
            "Frequently asked questions",
            format!("{} No question on this page can be answered from figures.", floor_text(i)),
        );
    }
    // The answers are the sentences; they live in the figures only, once.
    let mut s = Section::new("faq", "Frequently asked questions");
    s.figures = Some(faqs.into_iter().map(|(f, _)| f).collect());
    s
}
