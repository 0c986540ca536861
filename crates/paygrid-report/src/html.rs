//! HTML rendering of the report and the page layout shared with the web
//! server and the static site.
//!
//! Every piece of text goes through [`escape_html`] — titles, role names,
//! company and skill names from user data, sentences — so a record cannot
//! inject markup. Styles are one inline `<style>` block and charts are
//! inline SVG: a page is a single self-contained file that works without
//! JavaScript.

use crate::build::DEFINITIONS_PREFIX;
use crate::fmt::{count, money, money_range, pct, signed_money, signed_pct};
use crate::model::*;
use crate::svg::{self, Bar, Effect, Mark, ProjectedPoint};
use crate::ReportContext;
use paygrid_domain::Level;
use paygrid_engine::breakdown::MedianFigure;
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A rendered page body with what its `<head>` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlPage {
    pub title: String,
    /// Meta description, computed from the figures.
    pub description: String,
    pub canonical_path: String,
    /// Inner HTML of `<main>`, already escaped.
    pub body_html: String,
}

/// The site's stylesheet: readable measure, responsive tables and charts,
/// print-friendly, no external fonts.
pub const STYLE: &str = r#"
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--accent:#2563eb;--soft:#eff6ff;--warn:#92400e;--warnbg:#fffbeb}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header.site,footer.site{border-bottom:1px solid var(--line);padding:.75rem 1rem}
header.site{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
footer.site{border-top:1px solid var(--line);border-bottom:0;color:var(--muted);font-size:.875rem;margin-top:3rem}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none;color:var(--ink)}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
main{max-width:62rem;margin:0 auto;padding:1rem}
h1{font-size:clamp(1.6rem,4vw,2.3rem);line-height:1.2;margin:.5rem 0}
h2{font-size:1.35rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.5rem 0 .4rem}
.crumbs,.meta{color:var(--muted);font-size:.9rem;margin:.25rem 0}
.lede{font-size:1.1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.75rem;margin:1.25rem 0}
.card{border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;background:var(--soft)}
.card dt{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.card dd{margin:.2rem 0 0;font-size:1.35rem;font-weight:650}
.card dd small{display:block;font-size:.8rem;font-weight:400;color:var(--muted)}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.85rem;font-weight:600;background:var(--line)}
.badge-high{background:#dcfce7;color:#166534}.badge-medium{background:#fef9c3;color:#854d0e}.badge-low{background:#fee2e2;color:#991b1b}
.toc{font-size:.9rem;background:#f9fafb;border:1px solid var(--line);border-radius:.5rem;padding:.5rem 1rem}
.toc ol{margin:.25rem 0;padding-left:1.25rem;columns:2 14rem}
.statement{background:var(--warnbg);color:var(--warn);border-left:4px solid #f59e0b;padding:.6rem .9rem;border-radius:.25rem}
.rollup{border:2px dashed #f59e0b;border-radius:.5rem;padding:0 1rem 1rem;margin:1.5rem 0}
.table-wrap{overflow-x:auto;margin:.75rem 0}
table{border-collapse:collapse;width:100%;font-size:.92rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid var(--line);padding:.4rem .6rem;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}
thead th{background:#f9fafb;font-weight:600}
td .ci{display:block;color:var(--muted);font-size:.8rem}
.bar{display:inline-block;height:.7rem;background:var(--accent);border-radius:2px;vertical-align:middle}
figure{margin:1rem 0}
figcaption{color:var(--muted);font-size:.85rem}
svg.chart{max-width:100%;height:auto;display:block}
.facts p{margin:.45rem 0}
details{margin:.5rem 0}summary{cursor:pointer;color:var(--accent)}
ol.checklist li{margin:.5rem 0}
.faq h3{margin-top:1.25rem}
.small{font-size:.85rem;color:var(--muted)}
ul.cols{columns:3 14rem;padding-left:1.25rem}ul.cols li{break-inside:avoid}
@media print{header.site nav,.toc{display:none}h2{break-after:avoid}}
"#;

/// The page layout shared by report pages, the static site and the web
/// server: `<head>` with description and canonical link, a header with the
/// site name and `nav` links (label, href), `<main>` and a footer.
pub fn html_document(page: &HtmlPage, nav: &[(&str, &str)], ctx: &ReportContext) -> String {
    let mut out = String::with_capacity(page.body_html.len() + STYLE.len() + 2048);
    let title = if page.title.is_empty() { ctx.site_name.clone() } else { format!("{} \u{00b7} {}", page.title, ctx.site_name) };
    let canonical = ctx.url(&page.canonical_path);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<meta name=\"description\" content=\"{}\">\n<link rel=\"canonical\" href=\"{}\">\n<meta property=\"og:title\" content=\"{}\">\n<meta property=\"og:description\" content=\"{}\">\n<meta property=\"og:type\" content=\"article\">\n<style>{STYLE}</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\"><a class=\"brand\" href=\"{}\">{}</a>",
        escape_html(&title),
        escape_html(&page.description),
        escape_html(&canonical),
        escape_html(&page.title),
        escape_html(&page.description),
        escape_html(&ctx.url("/")),
        escape_html(&ctx.site_name),
    );
    if !nav.is_empty() {
        out.push_str("<nav aria-label=\"Site\"><ul>");
        for (label, href) in nav {
            let _ = write!(out, "<li><a href=\"{}\">{}</a></li>", escape_html(href), escape_html(label));
        }
        out.push_str("</ul></nav>");
    }
    let _ = write!(
        out,
        "</header>\n<main id=\"main\">\n{}\n</main>\n<footer class=\"site\"><p>{} \u{00b7} generated {} \u{00b7} <a href=\"{}\">Methodology</a> \u{00b7} figures from fewer than the privacy floor of records are never shown</p><p class=\"sample-note\">{}</p></footer>\n</body>\n</html>\n",
        page.body_html,
        escape_html(&ctx.site_name),
        escape_html(&ctx.generated_at),
        escape_html(&ctx.url(&ctx.methodology_path)),
        escape_html(crate::SAMPLE_NOTE),
    );
    out
}

/// Site URL of a path, from the report's own canonical URL (so pages work
/// under a base URL with a path prefix).
fn site_url(r: &Report, path: &str) -> String {
    let base = r.canonical_url.strip_suffix(&r.canonical_path).unwrap_or("");
    format!("{base}{path}")
}

fn e(s: &str) -> String {
    escape_html(s)
}

fn sentences(out: &mut String, s: &[String]) {
    if s.is_empty() {
        return;
    }
    out.push_str("<div class=\"facts\">");
    for t in s {
        let _ = write!(out, "<p>{}</p>", e(t));
    }
    out.push_str("</div>");
}

/// Sentences that restate a table row by row, folded away (open on demand,
/// no script) so the table stays the page's reading path.
fn in_words(out: &mut String, s: &[String]) {
    if s.is_empty() {
        return;
    }
    out.push_str("<details><summary>The same figures in words</summary>");
    sentences(out, s);
    out.push_str("</details>");
}

fn statement(out: &mut String, s: &Option<String>) {
    if let Some(s) = s {
        let _ = write!(out, "<p class=\"statement\">{}</p>", e(s));
    }
}

fn open_section<T>(out: &mut String, s: &Section<T>) {
    let _ = write!(out, "<section id=\"{id}\" aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{}</h2>", e(&s.title), id = s.id);
}

/// A section with no figures: its statement (and any sentence it has).
fn empty_section<T>(out: &mut String, s: &Section<T>) -> bool {
    if s.figures.is_some() {
        return false;
    }
    open_section(out, s);
    statement(out, &s.statement);
    sentences(out, &s.sentences);
    out.push_str("</section>");
    true
}

fn close_section<T>(out: &mut String, s: &Section<T>) {
    statement(out, &s.statement);
    out.push_str("</section>");
}

/// The range of an interval as a table prints it under its figure: the
/// bare range for a 95% CI (the caption says so), else the range with its
/// coverage ("72% interval"); equal ends are marked as rounded data.
fn ci_span(c: [f64; 2], coverage: Option<f64>) -> String {
    let mut t = money_range(c);
    if !coverage.is_some_and(paygrid_engine::labels::reaches_95) {
        t += &format!(" \u{00b7} {}", paygrid_engine::labels::interval_label(coverage));
    }
    if c[0] == c[1] {
        t += " \u{00b7} rounded data, not certainty";
    }
    t
}

/// `<td>` with a figure and its CI underneath.
fn cell_ci(v: Option<f64>, ci: Option<[f64; 2]>, coverage: Option<f64>) -> String {
    match (v, ci) {
        (Some(v), Some(c)) => format!("<td>{}<span class=\"ci\">{}</span></td>", e(&money(v)), e(&ci_span(c, coverage))),
        (Some(v), None) => format!("<td>{}</td>", e(&money(v))),
        _ => "<td>\u{2014}</td>".to_string(),
    }
}

fn cell_median(m: &MedianFigure) -> String {
    match (m.p50, m.n) {
        (Some(p), Some(n)) => format!(
            "<td>{}<span class=\"ci\">{}n = {}</span></td>",
            e(&money(p)),
            m.ci.map_or(String::new(), |c| format!("{} \u{00b7} ", e(&ci_span(c, m.ci_coverage)))),
            count(n)
        ),
        _ => "<td>\u{2014}</td>".to_string(),
    }
}

/// "Records from 2018–2020 · data as of 2020-12 · imported 2026-12-04".
fn dates_line(r: &Report) -> Vec<String> {
    let mut meta = Vec::new();
    if let Some(p) = paygrid_engine::dates::period_text(&r.records_period) {
        meta.push(format!("Records from {}", e(&p)));
    }
    if let Some(a) = &r.data_as_of {
        meta.push(format!("data as of {}", e(a)));
    }
    if let Some(u) = &r.updated {
        meta.push(format!("imported {}", e(u.get(..10).unwrap_or(u))));
    }
    meta
}

fn table_open(out: &mut String, caption: &str, heads: &[&str]) {
    let _ = write!(out, "<div class=\"table-wrap\"><table><caption>{}</caption><thead><tr>", e(caption));
    for h in heads {
        let _ = write!(out, "<th scope=\"col\">{}</th>", e(h));
    }
    out.push_str("</tr></thead><tbody>");
}

fn table_close(out: &mut String) {
    out.push_str("</tbody></table></div>");
}

fn figure(out: &mut String, svg: String, caption: &str) {
    if svg.is_empty() {
        return;
    }
    let _ = write!(out, "<figure>{svg}<figcaption>{}</figcaption></figure>", e(caption));
}

fn level_name(slug: &str) -> &str {
    // A slug the ladder does not know is shown as it is.
    match Level::from_slug(slug) {
        Some(l) => l.name(),
        None => slug,
    }
}

/// Renders the report as a page body (see [`html_document`] for the
/// layout around it).
pub fn render_html(r: &Report) -> HtmlPage {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<article class=\"report\"><header><p class=\"crumbs\"><a href=\"{}\">Salaries</a> \u{203a} {} \u{203a} {}{}</p><h1>{}</h1><p class=\"lede\">{}</p><p class=\"meta\">",
        e(&site_url(r, "/")),
        e(&r.role.name),
        e(&r.location.name),
        r.level.as_ref().map_or(String::new(), |l| format!(" \u{203a} {}", e(l.name))),
        e(&r.title),
        e(&r.description)
    );
    let mut meta = dates_line(r);
    meta.push(format!("Generated {}", e(&r.generated_at)));
    if let Some(o) = &r.overview.figures {
        meta.push(format!("Confidence <span class=\"badge badge-{c}\">{c}</span> (n = {})", count(o.n), c = e(o.confidence)));
    }
    out.push_str(&meta.join(" \u{00b7} "));
    out.push_str("</p>");
    for n in r.stale_notices.iter().chain(&r.populations_differ) {
        let _ = write!(out, "<p class=\"statement notice\" role=\"note\">{}</p>", e(n));
    }
    out.push_str("</header>");
    key_figures(&mut out, r);
    toc(&mut out, r);
    overview(&mut out, r);
    if let Some(ru) = &r.rollup {
        rollup(&mut out, ru);
    }
    projection(&mut out, r);
    seniority_mix(&mut out, r);
    ladder(&mut out, r);
    roadmap(&mut out, r);
    tc_breakdown(&mut out, r);
    metros(&mut out, r);
    skills(&mut out, r);
    demand(&mut out, r);
    related(&mut out, r);
    ai(&mut out, r);
    segments(&mut out, r);
    negotiation(&mut out, r);
    faq(&mut out, r);
    sources(&mut out, r);
    out.push_str("</article>");
    HtmlPage {
        title: r.title.clone(),
        description: r.description.clone(),
        canonical_path: r.canonical_path.clone(),
        body_html: out,
    }
}

fn key_figures(out: &mut String, r: &Report) {
    let Some(o) = &r.overview.figures else { return };
    let mut cards: Vec<(String, String, String)> = Vec::new();
    if let Some(b) = &o.base {
        if let Some(m) = b.mean {
            cards.push((
                "Average base".into(),
                money(m),
                b.mean_ci.map_or(String::new(), |c| crate::fmt::interval(c, b.ci_coverage.mean)),
            ));
        }
        if let Some(p) = b.p50 {
            cards.push((
                "Median base".into(),
                money(p),
                b.p50_ci.map_or(String::new(), |c| crate::fmt::interval(c, b.ci_coverage.p50)),
            ));
        }
    }
    if let Some(t) = &o.total {
        if let Some(p) = t.p50 {
            cards.push(("Median total comp".into(), money(p), format!("n = {}", count(t.n))));
        }
    }
    if let Some(p90) = o.base.as_ref().or(o.total.as_ref()).and_then(|d| d.p90) {
        cards.push(("Top 10% earn above".into(), money(p90), "p90".into()));
    }
    if let Some(p) = &o.projection {
        cards.push((
            format!("Projected {} median", p.year),
            money(p.p50),
            format!("95% interval {}", money_range([p.low, p.high])),
        ));
    }
    if let Some(l) = r.level_ladder.figures.as_ref().filter(|l| !l.rungs.is_empty()) {
        let names: Vec<&str> = l.rungs.iter().map(|g| g.name).collect();
        cards.push(("Levels covered".into(), l.rungs.len().to_string(), names.join(", ")));
    }
    cards.push(("Records".into(), count(o.n), format!("confidence {}", o.confidence)));
    out.push_str("<dl class=\"cards\">");
    for (dt, dd, small) in cards {
        let _ = write!(out, "<div class=\"card\"><dt>{}</dt><dd>{}<small>{}</small></dd></div>", e(&dt), e(&dd), e(&small));
    }
    out.push_str("</dl>");
}

fn toc(out: &mut String, r: &Report) {
    let mut items: Vec<(&str, &str)> = vec![(r.overview.id, &r.overview.title)];
    if let Some(ru) = &r.rollup {
        items.push((ru.id, &ru.title));
    }
    for (id, title) in [
        (r.projection.id, &r.projection.title),
        (r.seniority_mix.id, &r.seniority_mix.title),
        (r.level_ladder.id, &r.level_ladder.title),
        (r.experience_roadmap.id, &r.experience_roadmap.title),
        (r.tc_breakdown.id, &r.tc_breakdown.title),
        (r.metros.id, &r.metros.title),
        (r.skills.id, &r.skills.title),
        (r.demand.id, &r.demand.title),
        (r.related_roles.id, &r.related_roles.title),
        (r.ai.id, &r.ai.title),
        (r.segments.id, &r.segments.title),
        (r.negotiation.id, &r.negotiation.title),
        (r.faq.id, &r.faq.title),
        (r.sources.id, &r.sources.title),
    ] {
        items.push((id, title));
    }
    out.push_str("<nav class=\"toc\" aria-label=\"Sections\"><strong>On this page</strong><ol>");
    for (id, title) in items {
        let _ = write!(out, "<li><a href=\"#{id}\">{}</a></li>", e(title));
    }
    out.push_str("</ol></nav>");
}

fn distribution_table(out: &mut String, caption: &str, ds: &[&Distribution]) {
    let caption = if ds.iter().any(|d| d.any_short_interval()) {
        format!("{caption}: 95% CI under each figure, or the interval's own coverage where too few records give 95%")
    } else {
        format!("{caption} (95% CI under each figure)")
    };
    table_open(out, &caption, &["Measure", "n", "Mean", "p10", "p25", "Median", "p75", "p90"]);
    for d in ds {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td>",
            e(crate::fmt::capitalize(d.measure.name()).as_str()),
            count(d.n)
        );
        out.push_str(&cell_ci(d.mean, d.mean_ci, d.ci_coverage.mean));
        let c = &d.ci_coverage;
        for (v, ci, cov) in [
            (d.p10, d.p10_ci, c.p10),
            (d.p25, d.p25_ci, c.p25),
            (d.p50, d.p50_ci, c.p50),
            (d.p75, d.p75_ci, c.p75),
            (d.p90, d.p90_ci, c.p90),
        ] {
            out.push_str(&cell_ci(v, ci, cov));
        }
        out.push_str("</tr>");
    }
    table_close(out);
}

fn distribution_figure(out: &mut String, id: &str, d: &Distribution, whose: &str) {
    let mut marks: Vec<Mark> = d
        .percentiles()
        .into_iter()
        .map(|(label, value, ci)| Mark { label, value, ci, coverage: d.ci_coverage.get(label) })
        .collect();
    if let Some(m) = d.mean {
        marks.push(Mark { label: "mean", value: m, ci: d.mean_ci, coverage: d.ci_coverage.mean });
    }
    let title = format!("Distribution of {} for {whose}", d.measure.name());
    figure(
        out,
        svg::distribution_chart(id, &title, &marks),
        &format!("{title}: box p25\u{2013}p75, whiskers p10\u{2013}p90 where published; each row shows a figure with its interval (table above)."),
    );
}

fn overview(out: &mut String, r: &Report) {
    let s = &r.overview;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let o = s.figures.as_ref().expect("figures");
    let ds: Vec<&Distribution> = [&o.base, &o.total].into_iter().flatten().collect();
    distribution_table(out, "Pay distribution", &ds);
    if let Some(d) = ds.first() {
        distribution_figure(out, "chart-distribution", d, &r.title.replace(" salary in ", " in "));
    }
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn rollup(out: &mut String, s: &Section<RollupFigures>) {
    if s.figures.is_none() {
        out.push_str("<div class=\"rollup\">");
        empty_section(out, s);
        out.push_str("</div>");
        return;
    }
    let f = s.figures.as_ref().expect("figures");
    out.push_str("<div class=\"rollup\">");
    open_section(out, s);
    let _ = write!(out, "<p><strong>{}</strong></p>", e(&f.label));
    let ds: Vec<&Distribution> = [&f.base, &f.total].into_iter().flatten().collect();
    distribution_table(out, &format!("{} (family figures)", f.family.name), &ds);
    sentences(out, &s.sentences);
    close_section(out, s);
    out.push_str("</div>");
}

fn projection(out: &mut String, r: &Report) {
    let s = &r.projection;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    let points: Vec<(i32, f64)> = f.trend.iter().map(|p| (p.year, p.p50)).collect();
    let proj = f.projection.as_ref().map(|p| ProjectedPoint { year: p.year, value: p.p50, low: p.low, high: p.high });
    let title = format!("Median {} by year, with the projection and its 95% interval", f.measure.name());
    figure(out, svg::trend_chart("chart-trend", &title, &points, proj.as_ref()), &title);
    table_open(out, &format!("Median {} by year", f.measure.name()), &["Year", "Median", "n"]);
    for p in &f.trend {
        let _ = write!(out, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", p.year, e(&money(p.p50)), count(p.n));
    }
    if let Some(p) = &f.projection {
        let _ = write!(
            out,
            "<tr><td>{} (projected, {})</td><td>{}<span class=\"ci\">{}</span></td><td>\u{2014}</td></tr>",
            p.year,
            e(p.method),
            e(&money(p.p50)),
            e(&money_range([p.low, p.high]))
        );
    }
    table_close(out);
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn seniority_mix(out: &mut String, r: &Report) {
    let s = &r.seniority_mix;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    table_open(out, "Share of records by level", &["Level", "n", "Share", ""]);
    for l in f.levels.iter().filter(|l| l.n.is_some()) {
        let share = l.share.unwrap_or(0.0);
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td style=\"width:40%;text-align:left\"><span class=\"bar\" style=\"width:{:.1}%\"></span></td></tr>",
            e(l.name),
            count(l.n.unwrap_or(0)),
            e(&pct(share)),
            share * 100.0
        );
    }
    table_close(out);
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn ladder(out: &mut String, r: &Report) {
    let s = &r.level_ladder;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    let bars: Vec<Bar> = f
        .rungs
        .iter()
        .filter_map(|g| match g.base.p50 {
            Some(p) => Some(Bar { label: g.name.to_string(), value: p, ci: g.base.ci.p50, coverage: g.base.ci_coverage.p50 }),
            None => g.median_tc.p50.map(|p| Bar {
                label: format!("{} (TC)", g.name),
                value: p,
                ci: g.median_tc.ci,
                coverage: g.median_tc.ci_coverage,
            }),
        })
        .collect();
    let title = format!("Median base salary by level, {} in {}", r.role.name, r.location.name);
    figure(
        out,
        svg::bar_chart("chart-ladder", &title, &bars),
        &format!("{title}, with the medians' intervals (TC where no base is reported)."),
    );
    table_open(
        out,
        "Level ladder (base salary; the median's interval under it: a 95% CI unless another coverage is shown)",
        &["Level", "n", "Years (p25\u{2013}p75)", "p25", "Median", "p75", "p90", "Median TC", "Step"],
    );
    for g in &f.rungs {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th><td>{}</td>", e(g.name), count(g.n));
        match &g.years_experience {
            Some(y) => {
                let _ = write!(out, "<td>{:.0}\u{2013}{:.0}</td>", y.p25, y.p75);
            }
            None => out.push_str("<td>\u{2014}</td>"),
        }
        out.push_str(&cell_ci(g.base.p25, None, None));
        out.push_str(&cell_ci(g.base.p50, g.base.ci.p50, g.base.ci_coverage.p50));
        out.push_str(&cell_ci(g.base.p75, None, None));
        out.push_str(&cell_ci(g.base.p90, None, None));
        out.push_str(&cell_median(&g.median_tc));
        match &g.step {
            Some(st) => {
                let _ =
                    write!(out, "<td>{}<span class=\"ci\">vs {}</span></td>", e(&signed_pct(st.change)), e(level_name(st.from)));
            }
            None => out.push_str("<td>\u{2014}</td>"),
        }
        out.push_str("</tr>");
    }
    table_close(out);
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn roadmap(out: &mut String, r: &Report) {
    let s = &r.experience_roadmap;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    table_open(out, "Median pay by years of experience (all levels)", &["Experience", "n", "Median base", "Median TC", "Mostly"]);
    for b in f.buckets.iter().filter(|b| b.n.is_some()) {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th><td>{}</td>", e(b.label), count(b.n.unwrap_or(0)));
        out.push_str(&cell_median(&b.base));
        out.push_str(&cell_median(&b.total));
        let _ = write!(
            out,
            "<td>{}</td></tr>",
            match (b.top_level, b.top_level_share) {
                (Some(l), Some(sh)) => format!("{} ({})", e(level_name(l)), e(&pct(sh))),
                _ => "\u{2014}".to_string(),
            }
        );
    }
    table_close(out);
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn tc_breakdown(out: &mut String, r: &Report) {
    let s = &r.tc_breakdown;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    if let Some(sp) = &f.split {
        table_open(
            out,
            &format!("Mean total compensation {} per record (n = {})", money(sp.mean_total), count(sp.n)),
            &["Part", "Mean", "Share", ""],
        );
        for (name, c) in [
            ("Base", &sp.base),
            ("Bonus", &sp.bonus),
            ("Equity", &sp.equity),
            ("Signing / 4", &sp.signing),
            ("Unattributed", &sp.unattributed),
        ] {
            if let (Some(m), Some(sh)) = (c.mean, c.share) {
                let _ = write!(
                    out,
                    "<tr><td>{name}</td><td>{}</td><td>{}</td><td style=\"width:35%;text-align:left\"><span class=\"bar\" style=\"width:{:.1}%\"></span></td></tr>",
                    e(&money(m)),
                    e(&pct(sh)),
                    (sh * 100.0).clamp(0.0, 100.0)
                );
            }
        }
        table_close(out);
    }
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn metros(out: &mut String, r: &Report) {
    let s = &r.metros;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    let rows: Vec<Effect> = f
        .shown
        .iter()
        .map(|m| {
            let (effect, ci) = m.shown();
            Effect { label: m.name.clone(), effect, ci }
        })
        .collect();
    let title = format!("{} pay {} by metro (level and year held fixed)", r.role.name, f.baseline_label);
    figure(out, svg::effect_chart("chart-metros", &title, &rows), &format!("{title}; bars are the effect, whiskers its 95% CI."));
    if !f.shown.is_empty() {
        table_open(out, "Metro multipliers (95% CI)", &["Metro", &f.baseline_label, "n", "Median", "OEWS ratio"]);
        for m in &f.shown {
            let (effect, ci) = m.shown();
            let mark = if f.current.as_ref().is_some_and(|c| c.code == m.code) { " (this page)" } else { "" };
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}{mark}</th><td>{}<span class=\"ci\">{} to {}</span></td><td>{}</td>",
                e(&m.name),
                e(&signed_pct(effect)),
                e(&signed_pct(ci[0])),
                e(&signed_pct(ci[1])),
                count(m.n)
            );
            out.push_str(&cell_median(&m.median));
            let _ = write!(out, "<td>{}</td></tr>", m.oews_ratio.map_or("\u{2014}".to_string(), |x| format!("{x:.2}\u{00d7}")));
        }
        table_close(out);
    }
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn skills(out: &mut String, r: &Report) {
    let s = &r.skills;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    if !f.premiums.skills.is_empty() {
        table_open(
            out,
            "Skill premiums on total compensation (associations; level, country and experience held fixed)",
            &["Skill", "Premium", "n", "p (Holm-adjusted)", "Distinguishable from chance"],
        );
        for p in &f.premiums.skills {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}<span class=\"ci\">{} to {}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&p.skill),
                e(&signed_pct(p.premium)),
                e(&signed_pct(p.ci[0])),
                e(&signed_pct(p.ci[1])),
                count(p.n),
                e(&crate::fmt::p_value(p.p_adjusted)),
                if p.significant { "yes" } else { "no" }
            );
        }
        table_close(out);
    }
    if !f.requested.skills.is_empty() {
        let caption = format!("{} (share of records listing any skill)", f.requested.label);
        table_open(out, &caption, &["Skill", "Share", "n"]);
        for k in &f.requested.skills {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                e(&k.skill),
                e(&pct(k.share)),
                count(k.n)
            );
        }
        table_close(out);
    }
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn demand(out: &mut String, r: &Report) {
    let s = &r.demand;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    table_open(
        out,
        &format!("Share of all records in {}", r.location.name),
        &["Year", "Records of this cell", "All records", "Share"],
    );
    for y in &f.shares {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            y.year,
            count(y.n),
            count(y.location_n),
            e(&pct(y.share))
        );
    }
    table_close(out);
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn related_table(out: &mut String, r: &Report, roles: &[RelatedRole], caption: &str) {
    if roles.is_empty() {
        return;
    }
    table_open(out, caption, &["Role", "Relation", "Median", "n", "vs this role"]);
    for x in roles {
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td>",
            e(&site_url(r, &x.path)),
            e(&x.role.name),
            e(x.relation)
        );
        out.push_str(&cell_ci(Some(x.median), x.median_ci, x.median_ci_coverage));
        let _ = write!(out, "<td>{}</td>", count(x.n));
        match (x.difference, x.relative) {
            (Some(d), Some(rel)) => {
                let _ = write!(
                    out,
                    "<td>{}<span class=\"ci\">{}{}</span></td>",
                    e(&signed_pct(rel)),
                    e(&signed_money(d)),
                    if x.ci_overlap == Some(true) { " \u{00b7} CIs overlap" } else { "" }
                );
            }
            _ => out.push_str("<td>\u{2014}</td>"),
        }
        out.push_str("</tr>");
    }
    table_close(out);
}

fn related(out: &mut String, r: &Report) {
    let s = &r.related_roles;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    sentences(out, &s.sentences[..1]);
    related_table(
        out,
        r,
        &f.roles,
        "Related roles, same level and location (the median's interval under it: a 95% CI unless another coverage is shown)",
    );
    in_words(out, &s.sentences[1..]);
    close_section(out, s);
}

fn ai(out: &mut String, r: &Report) {
    let s = &r.ai;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    sentences(out, &s.sentences[..1]);
    related_table(out, r, &f.roles, "AI and machine-learning roles, same level and location");
    in_words(out, &s.sentences[1..]);
    close_section(out, s);
}

fn segments(out: &mut String, r: &Report) {
    let s = &r.segments;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    for t in s.figures.as_ref().expect("figures") {
        let caption = format!("By {} ({} of the cell's records state it)", t.dimension.name(), count(t.with_value.unwrap_or(0)));
        table_open(out, &caption, &[&crate::fmt::capitalize(t.dimension.name()), "n", "Median base", "Median TC"]);
        for g in &t.segments {
            let _ = write!(out, "<tr><th scope=\"row\">{}</th><td>{}</td>", e(&g.name), count(g.n));
            out.push_str(&cell_median(&g.base));
            out.push_str(&cell_median(&g.total));
            out.push_str("</tr>");
        }
        table_close(out);
    }
    sentences(out, &s.sentences);
    close_section(out, s);
}

fn negotiation(out: &mut String, r: &Report) {
    let s = &r.negotiation;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    out.push_str("<ol class=\"checklist\">");
    for l in &s.figures.as_ref().expect("figures").levers {
        let _ = write!(out, "<li><strong>{}.</strong> {}</li>", e(l.topic), e(&l.text));
    }
    out.push_str("</ol>");
    close_section(out, s);
}

fn faq(out: &mut String, r: &Report) {
    let s = &r.faq;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    out.push_str("<div class=\"faq\">");
    for f in s.figures.as_ref().expect("figures") {
        let _ = write!(out, "<h3>{}</h3>", e(&f.question));
        sentences(out, &f.answer);
    }
    out.push_str("</div>");
    close_section(out, s);
}

fn sources(out: &mut String, r: &Report) {
    let s = &r.sources;
    if empty_section(out, s) {
        return;
    }
    open_section(out, s);
    let f = s.figures.as_ref().expect("figures");
    if !f.records.is_empty() {
        table_open(out, "Sources of this cell's records", &["Dataset", "Kind", "Licence", "Records"]);
        for x in &f.records {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&x.dataset),
                e(&x.kind),
                e(x.licence.as_deref().unwrap_or("not recorded")),
                x.n.map_or(format!("&lt; {}", f.floor), count)
            );
        }
        table_close(out);
    }
    // The methodology link is rendered as a link rather than as text.
    let text: Vec<String> = s.sentences.iter().filter(|t| !t.starts_with(DEFINITIONS_PREFIX)).cloned().collect();
    sentences(out, &text);
    let _ = write!(out, "<p>Definitions of every figure: <a href=\"{u}\">{u}</a></p>", u = e(&f.methodology_url));
    out.push_str("<h3>Definitions</h3><ul class=\"small\">");
    for d in &f.definitions {
        let _ = write!(out, "<li>{}</li>", e(d));
    }
    out.push_str("</ul>");
    if !f.all.is_empty() {
        out.push_str("<h3>All sources loaded</h3><ul class=\"small\">");
        for x in &f.all {
            let _ = write!(
                out,
                "<li>{} ({}) \u{2014} {}</li>",
                e(&x.dataset),
                e(&x.kind),
                e(x.licence.as_deref().unwrap_or("licence not recorded"))
            );
        }
        out.push_str("</ul>");
    }
    close_section(out, s);
}
