//! Markdown rendering: the same sections, tables and sentences as the HTML
//! page, for terminals, wikis and pull requests. Charts are left out (their
//! tables carry the figures). Text from the data is escaped so a name
//! cannot break a table or smuggle in raw HTML, which most Markdown
//! renderers pass through.

use crate::fmt::{capitalize, count, money, money_range, pct, signed_money, signed_pct};
use crate::model::*;
use paygrid_domain::Level;
use paygrid_engine::breakdown::MedianFigure;
use std::fmt::Write;

fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A figure with its interval in brackets: the bare range for a 95% CI
/// (the column says so), the range and its coverage otherwise, and a mark
/// on equal ends (rounded data).
fn ci_text(v: Option<f64>, ci: Option<[f64; 2]>, coverage: Option<f64>) -> String {
    match (v, ci) {
        (Some(v), Some(c)) => {
            let mut t = money_range(c);
            if !coverage.is_some_and(paygrid_engine::labels::reaches_95) {
                t += &format!(", {}", paygrid_engine::labels::interval_label(coverage));
            }
            if c[0] == c[1] {
                t += ", rounded data, not certainty";
            }
            format!("{} ({t})", money(v))
        }
        (Some(v), None) => money(v),
        _ => "\u{2014}".to_string(),
    }
}

fn median_text(m: &MedianFigure) -> String {
    match (m.p50, m.n) {
        (Some(p), Some(n)) => format!("{} (n = {})", ci_text(Some(p), m.ci, m.ci_coverage), count(n)),
        _ => "\u{2014}".to_string(),
    }
}

struct Md(String);

impl Md {
    fn heading<T>(&mut self, s: &Section<T>) {
        let _ = write!(self.0, "\n## {}\n\n", md(&s.title));
    }

    fn para(&mut self, t: &str) {
        let _ = write!(self.0, "{}\n\n", md(t));
    }

    fn sentences(&mut self, ss: &[String]) {
        for t in ss {
            self.para(t);
        }
    }

    fn statement(&mut self, s: &Option<String>) {
        if let Some(s) = s {
            let _ = write!(self.0, "> {}\n\n", md(s));
        }
    }

    fn table(&mut self, heads: &[&str], rows: Vec<Vec<String>>) {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(self.0, "| {} |", heads.iter().map(|h| md(h)).collect::<Vec<_>>().join(" | "));
        let _ = writeln!(
            self.0,
            "|{}",
            heads.iter().enumerate().map(|(i, _)| if i == 0 { "---|" } else { "---:|" }).collect::<String>()
        );
        for r in rows {
            let _ = writeln!(self.0, "| {} |", r.join(" | "));
        }
        self.0.push('\n');
    }

    /// Heading, then either the statement alone (no figures) or `body`
    /// followed by the sentences and any statement.
    fn section<T>(&mut self, s: &Section<T>, body: impl FnOnce(&mut Md, &T)) {
        self.heading(s);
        match &s.figures {
            None => {
                self.statement(&s.statement);
                self.sentences(&s.sentences);
            }
            Some(f) => {
                body(self, f);
                self.sentences(&s.sentences);
                self.statement(&s.statement);
            }
        }
    }
}

fn dist_rows(ds: &[&Distribution]) -> Vec<Vec<String>> {
    ds.iter()
        .map(|d| {
            let mut row = vec![capitalize(d.measure.name()), count(d.n), ci_text(d.mean, d.mean_ci, d.ci_coverage.mean)];
            let c = &d.ci_coverage;
            for (v, ci, cov) in [
                (d.p10, d.p10_ci, c.p10),
                (d.p25, d.p25_ci, c.p25),
                (d.p50, d.p50_ci, c.p50),
                (d.p75, d.p75_ci, c.p75),
                (d.p90, d.p90_ci, c.p90),
            ] {
                row.push(ci_text(v, ci, cov));
            }
            row
        })
        .collect()
}

const DIST_HEADS: [&str; 8] = ["Measure", "n", "Mean (95% CI)", "p10", "p25", "Median (95% CI)", "p75", "p90"];
/// The same columns when some interval in the table covers less than 95%.
const DIST_HEADS_SHORT: [&str; 8] = ["Measure", "n", "Mean (interval)", "p10", "p25", "Median (interval)", "p75", "p90"];

/// "Median (95% CI)" over a column whose intervals all reach 95%, else
/// "Median (interval)": each short one names its coverage.
fn median_head(coverages: impl IntoIterator<Item = Option<f64>>) -> &'static str {
    if coverages.into_iter().flatten().all(paygrid_engine::labels::reaches_95) {
        "Median (95% CI)"
    } else {
        "Median (interval)"
    }
}

fn dist_table(m: &mut Md, ds: &[&Distribution]) {
    let short = ds.iter().any(|d| d.any_short_interval());
    m.table(if short { &DIST_HEADS_SHORT } else { &DIST_HEADS }, dist_rows(ds));
    if short {
        m.para(SHORT_NOTE);
    }
}

/// Below a distribution table whose intervals are not all 95% CIs.
const SHORT_NOTE: &str = "Intervals in brackets are 95% CIs unless a coverage is given: with few records the order statistics cannot reach 95%, and such an interval covers the true figure with the probability shown.";

fn related_rows(roles: &[RelatedRole]) -> Vec<Vec<String>> {
    roles
        .iter()
        .map(|x| {
            vec![
                md(&x.role.name),
                x.relation.to_string(),
                ci_text(Some(x.median), x.median_ci, x.median_ci_coverage),
                count(x.n),
                match (x.difference, x.relative) {
                    (Some(d), Some(r)) => format!(
                        "{} ({}){}",
                        signed_pct(r),
                        signed_money(d),
                        if x.ci_overlap == Some(true) { ", CIs overlap" } else { "" }
                    ),
                    _ => "\u{2014}".to_string(),
                },
            ]
        })
        .collect()
}

/// Renders the report as Markdown.
pub fn render_markdown(r: &Report) -> String {
    let mut m = Md(String::with_capacity(32 * 1024));
    let _ = write!(m.0, "# {}\n\n{}\n\n", md(&r.title), md(&r.description));
    let mut meta = Vec::new();
    if let Some(p) = paygrid_engine::dates::period_text(&r.records_period) {
        meta.push(format!("Records from {}", md(&p)));
    }
    if let Some(a) = &r.data_as_of {
        meta.push(format!("data as of {}", md(a)));
    }
    if let Some(u) = &r.updated {
        meta.push(format!("imported {}", md(u.get(..10).unwrap_or(u))));
    }
    meta.push(format!("Generated {}", md(&r.generated_at)));
    if let Some(o) = &r.overview.figures {
        meta.push(format!("Confidence **{}** (n = {})", o.confidence, count(o.n)));
    }
    meta.push(format!("Canonical: {}", md(&r.canonical_url)));
    let _ = writeln!(m.0, "{}", meta.join(" · "));
    if !r.stale_notices.is_empty() || r.populations_differ.is_some() {
        m.0.push('\n');
    }
    for n in r.stale_notices.iter().chain(&r.populations_differ) {
        let _ = write!(m.0, "> **Note.** {}\n\n", md(n));
    }

    m.section(&r.overview, |m, o| {
        let ds: Vec<&Distribution> = [&o.base, &o.total].into_iter().flatten().collect();
        dist_table(m, &ds);
    });
    if let Some(ru) = &r.rollup {
        m.section(ru, |m, f| {
            let _ = write!(m.0, "**{}**\n\n", md(&f.label));
            let ds: Vec<&Distribution> = [&f.base, &f.total].into_iter().flatten().collect();
            dist_table(m, &ds);
        });
    }
    m.section(&r.projection, |m, f| {
        let mut rows: Vec<Vec<String>> = f.trend.iter().map(|p| vec![p.year.to_string(), money(p.p50), count(p.n)]).collect();
        if let Some(p) = &f.projection {
            rows.push(vec![
                format!("{} (projected, {})", p.year, p.method),
                format!("{} ({})", money(p.p50), money_range([p.low, p.high])),
                "\u{2014}".into(),
            ]);
        }
        m.table(&["Year", "Median", "n"], rows);
    });
    m.section(&r.seniority_mix, |m, f| {
        let rows = f
            .levels
            .iter()
            .filter(|l| l.n.is_some())
            .map(|l| vec![l.name.to_string(), count(l.n.unwrap_or(0)), pct(l.share.unwrap_or(0.0))])
            .collect();
        m.table(&["Level", "n", "Share"], rows);
    });
    m.section(&r.level_ladder, |m, f| {
        let rows = f
            .rungs
            .iter()
            .map(|g| {
                vec![
                    g.name.to_string(),
                    count(g.n),
                    g.years_experience.map_or("\u{2014}".into(), |y| format!("{:.0}\u{2013}{:.0}", y.p25, y.p75)),
                    ci_text(g.base.p25, None, None),
                    ci_text(g.base.p50, g.base.ci.p50, g.base.ci_coverage.p50),
                    ci_text(g.base.p75, None, None),
                    ci_text(g.base.p90, None, None),
                    median_text(&g.median_tc),
                    g.step.map_or("\u{2014}".into(), |s| {
                        format!("{} vs {}", signed_pct(s.change), Level::from_slug(s.from).map_or(s.from, Level::name))
                    }),
                ]
            })
            .collect();
        let head = median_head(f.rungs.iter().map(|g| g.base.ci_coverage.p50));
        m.table(&["Level", "n", "Years (p25\u{2013}p75)", "p25", head, "p75", "p90", "Median TC", "Step"], rows);
    });
    m.section(&r.experience_roadmap, |m, f| {
        let rows = f
            .buckets
            .iter()
            .filter(|b| b.n.is_some())
            .map(|b| vec![b.label.to_string(), count(b.n.unwrap_or(0)), median_text(&b.base), median_text(&b.total)])
            .collect();
        m.table(&["Experience", "n", "Median base", "Median TC"], rows);
    });
    m.section(&r.tc_breakdown, |m, f| {
        if let Some(sp) = &f.split {
            let rows = [
                ("Base", &sp.base),
                ("Bonus", &sp.bonus),
                ("Equity", &sp.equity),
                ("Signing / 4", &sp.signing),
                ("Unattributed", &sp.unattributed),
            ]
            .into_iter()
            .filter_map(|(n, c)| Some(vec![n.to_string(), money(c.mean?), pct(c.share?)]))
            .collect();
            m.table(&["Part", "Mean", "Share of mean TC"], rows);
        }
    });
    m.section(&r.metros, |m, f| {
        let rows = f
            .shown
            .iter()
            .map(|x| {
                let (effect, ci) = x.shown();
                vec![
                    md(&x.name),
                    format!("{} ({} to {})", signed_pct(effect), signed_pct(ci[0]), signed_pct(ci[1])),
                    count(x.n),
                    median_text(&x.median),
                    x.oews_ratio.map_or("\u{2014}".into(), |v| format!("{v:.2}\u{00d7}")),
                ]
            })
            .collect();
        let heading = format!("{} (95% CI)", f.baseline_label);
        m.table(&["Metro", &heading, "n", "Median", "OEWS ratio"], rows);
    });
    m.section(&r.skills, |m, f| {
        let rows = f
            .premiums
            .skills
            .iter()
            .map(|p| {
                vec![
                    md(&p.skill),
                    format!("{} ({} to {})", signed_pct(p.premium), signed_pct(p.ci[0]), signed_pct(p.ci[1])),
                    count(p.n),
                    crate::fmt::p_value(p.p_adjusted),
                    if p.significant { "yes".into() } else { "no".into() },
                ]
            })
            .collect();
        m.table(&["Skill", "Premium on TC (95% CI)", "n", "p (Holm-adjusted)", "Distinguishable from chance"], rows);
        let rows = f.requested.skills.iter().map(|k| vec![md(&k.skill), pct(k.share), count(k.n)]).collect();
        m.table(&[f.requested.label.as_str(), "Share", "n"], rows);
    });
    m.section(&r.demand, |m, f| {
        let rows = f.shares.iter().map(|y| vec![y.year.to_string(), count(y.n), count(y.location_n), pct(y.share)]).collect();
        m.table(&["Year", "Records of this cell", "All records", "Share"], rows);
    });
    m.section(&r.related_roles, |m, f| {
        let head = median_head(f.roles.iter().map(|x| x.median_ci_coverage));
        m.table(&["Role", "Relation", head, "n", "vs this role"], related_rows(&f.roles))
    });
    m.section(&r.ai, |m, f| {
        let head = median_head(f.roles.iter().map(|x| x.median_ci_coverage));
        m.table(&["Role", "Relation", head, "n", "vs this role"], related_rows(&f.roles))
    });
    m.section(&r.segments, |m, tables| {
        for t in tables {
            let rows =
                t.segments.iter().map(|g| vec![md(&g.name), count(g.n), median_text(&g.base), median_text(&g.total)]).collect();
            m.table(&[&capitalize(t.dimension.name()), "n", "Median base", "Median TC"], rows);
        }
    });
    // The checklist is its levers; the sentences repeat them, so they are
    // not printed twice.
    m.heading(&r.negotiation);
    match &r.negotiation.figures {
        Some(f) => {
            for (k, l) in f.levers.iter().enumerate() {
                let _ = writeln!(m.0, "{}. **{}.** {}", k + 1, l.topic, md(&l.text));
            }
            m.0.push('\n');
        }
        None => m.statement(&r.negotiation.statement),
    }
    m.section(&r.faq, |m, faqs| {
        for f in faqs {
            let _ = write!(m.0, "### {}\n\n", md(&f.question));
            m.sentences(&f.answer);
        }
    });
    m.section(&r.sources, |m, f| {
        let rows = f
            .records
            .iter()
            .map(|x| {
                vec![
                    md(&x.dataset),
                    md(&x.kind),
                    md(x.licence.as_deref().unwrap_or("not recorded")),
                    x.n.map_or(format!("< {}", f.floor), count),
                ]
            })
            .collect();
        m.table(&["Dataset", "Kind", "Licence", "Records"], rows);
        for d in &f.definitions {
            let _ = writeln!(m.0, "- {}", md(d));
        }
        m.0.push('\n');
    });
    let _ = write!(m.0, "---\n\n_{}_\n", md(crate::SAMPLE_NOTE));
    m.0
}
