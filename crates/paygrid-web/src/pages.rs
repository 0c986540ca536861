//! Server-rendered pages. Every page works without JavaScript (forms are
//! plain GET or POST forms; the report's charts are inline SVG); one small
//! script only improves the search box's suggestions. All text that comes
//! from a person or the data goes through `escape_html`.

use crate::api::{self, compare_cells, offer_request, report_context};
use crate::error::{ApiError, Code, PageError};
use crate::markdown;
use crate::middleware::read_body;
use crate::params::{self, Params};
use crate::state::{AppState, Data};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use paygrid_domain::Level;
use paygrid_engine::offer::ordinal;
use paygrid_engine::{Area, CellQuery, CellSummary, Comparison, OfferEvaluation, OfferPosition, Quartiles};
use paygrid_report::fmt::{count, money, pct, signed_money, signed_pct};
use paygrid_report::{escape_html as e, html_document, parse_location_slug, render_html, report_path, HtmlPage};
use std::fmt::Write;

/// The methodology, as shipped with this build.
const METHODOLOGY_MD: &str = include_str!("../../../docs/methodology.md");
const APP_JS: &str = include_str!("assets/app.js");
const WEB_CSS: &str = include_str!("assets/web.css");

const NAV: &[(&str, &str)] = &[
    ("Search", "/"),
    ("Compare", "/compare"),
    ("Offer check", "/offer"),
    ("Add your salary", "/submit"),
    ("Methodology", "/methodology"),
    ("Sources", "/sources"),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/search", get(search))
        .route("/salaries/{role}/{location}", get(report))
        .route("/salaries/{role}/{location}/{level}", get(report_level))
        .route("/compare", get(compare))
        .route("/offer", get(offer))
        .route("/submit", get(submit_form).post(submit))
        .route("/methodology", get(methodology))
        .route("/sources", get(sources))
        .route("/assets/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/assets/web.css", get(|| async { asset("text/css; charset=utf-8", WEB_CSS) }))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// A full page in the shared layout.
fn page(st: &AppState, data: &Data, status: StatusCode, title: &str, description: &str, path: &str, body: String) -> Response {
    let mut ctx = report_context(st, data);
    ctx.generated_at = data.engine.updated().map_or_else(|| st.now(), |u| format!("{} (data imported {u})", st.now()));
    let body_html = format!("<link rel=\"stylesheet\" href=\"/assets/web.css\">\n{body}");
    let p = HtmlPage { title: title.into(), description: description.into(), canonical_path: path.into(), body_html };
    (status, Html(html_document(&p, NAV, &ctx))).into_response()
}

/// The body of an error page (the layout is added by the caller).
pub fn error_page(err: &ApiError) -> Html<String> {
    let body = format!(
        "<link rel=\"stylesheet\" href=\"/assets/web.css\">\n<h1>{}</h1><p class=\"statement\">{}</p><p><a href=\"/\">Search salaries</a> \u{00b7} <a href=\"/methodology\">How figures are computed</a></p>",
        e(status_title(err.status())),
        e(&err.message)
    );
    let p = HtmlPage {
        title: status_title(err.status()).into(),
        description: err.message.clone(),
        canonical_path: "/".into(),
        body_html: body,
    };
    Html(html_document(&p, NAV, &paygrid_report::ReportContext::new("now", "")))
}

fn status_title(s: StatusCode) -> &'static str {
    match s.as_u16() {
        404 => "Not found",
        405 => "Method not allowed",
        413 => "Too large",
        422 => "Not accepted",
        429 => "Slow down",
        400..=499 => "Please check the form",
        _ => "Something went wrong",
    }
}

fn notice(err: &ApiError) -> String {
    let field = err.field.as_deref().map_or(String::new(), |f| format!(" <span class=\"small\">(field: {})</span>", e(f)));
    format!("<p class=\"statement\" role=\"alert\">{}{field}</p>", e(&err.message))
}

fn level_options(selected: Option<&str>, all_label: &str) -> String {
    let mut out = format!("<option value=\"\">{}</option>", e(all_label));
    for l in Level::ALL {
        let sel = if selected.and_then(paygrid_engine::parse_level) == Some(l) { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{}\"{sel}>{}</option>", l.slug(), l.name());
    }
    out
}

/// The search form's suggestion lists (datalists work without script).
fn datalists(data: &Data) -> String {
    let mut out = String::from("<datalist id=\"role-list\">");
    for r in data.roles.iter().filter(|r| r.n.is_some()) {
        let _ = write!(out, "<option value=\"{}\"></option>", e(&r.name));
    }
    out.push_str("</datalist><datalist id=\"location-list\">");
    for l in data.locations.iter().filter(|l| l.suggested) {
        let _ = write!(out, "<option value=\"{}\"></option>", e(&l.info.name));
    }
    out.push_str("</datalist>");
    out
}

fn input(name: &str, label: &str, value: Option<&str>, extra: &str) -> String {
    format!("<label><span>{}</span><input name=\"{name}\" value=\"{}\" {extra}></label>", e(label), e(value.unwrap_or("")),)
}

async fn home(State(st): State<AppState>) -> Response {
    home_page(&st, StatusCode::OK, &Params::default(), None)
}

fn home_page(st: &AppState, status: StatusCode, p: &Params, err: Option<&ApiError>) -> Response {
    let data = st.data();
    let mut body = String::from(
        "<section class=\"hero\"><h1>What does this job really pay?</h1>\
         <p class=\"lede\">Salary benchmarks computed from real pay records: every figure with its sample size and confidence interval, \
         nothing shown from fewer than five records.</p>",
    );
    if let Some(err) = err {
        body.push_str(&notice(err));
    }
    let _ = write!(
        body,
        "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">{}{}<label><span>Level</span><select name=\"level\">{}</select></label>\
         <button type=\"submit\">Show salaries</button></form>{}</section>",
        input(
            "role",
            "Role or job title",
            p.get("role"),
            "list=\"role-list\" data-suggest=\"roles\" placeholder=\"Senior Backend Developer\" required autocomplete=\"off\""
        ),
        input(
            "location",
            "Location",
            p.get("location"),
            "list=\"location-list\" data-suggest=\"locations\" placeholder=\"Seattle, WA\" autocomplete=\"off\""
        ),
        level_options(p.get("level"), "Auto (from title)"),
        datalists(&data),
    );
    if !data.popular.is_empty() {
        body.push_str(
            "<section><h2>Most-asked reports</h2><p class=\"small\">The roles with the most records.</p><ul class=\"links\">",
        );
        for r in &data.popular {
            let _ = write!(
                body,
                "<li><a href=\"{}\">{}</a><span class=\"small\">{} \u{00b7} {} records</span></li>",
                e(&report_path(&r.role, &r.area, None)),
                e(&r.role_name),
                e(&r.location_name),
                count(r.n)
            );
        }
        body.push_str("</ul></section>");
    }
    body.push_str(
        "<section><h2>How paygrid is different</h2><ul class=\"points\">\
         <li><strong>Computed, not written.</strong> Every sentence on a report is generated from the figures beside it.</li>\
         <li><strong>Honest about uncertainty.</strong> Percentiles come with intervals that state their coverage, and a confidence label with its n.</li>\
         <li><strong>Private by design.</strong> No figure, chart point or ranking is computed from fewer than five records.</li>\
         <li><strong>Open sources.</strong> Every record's source and licence is listed on <a href=\"/sources\">Sources</a>.</li>\
         </ul></section><script src=\"/assets/app.js\" defer></script>",
    );
    page(
        st,
        &data,
        status,
        "Salary benchmarks from real pay records",
        "Salary benchmarks by role, level and location, computed from real pay records with sample sizes and confidence intervals.",
        "/",
        body,
    )
}

async fn search(State(st): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = Params::from_query(q.as_deref());
    let data = st.data();
    let resolved = (|| {
        let level = p.level("level")?;
        let spec = paygrid_engine::CellSpec {
            role: p.get("role").unwrap_or(""),
            level,
            location: p.get("location").unwrap_or(params::DEFAULT_LOCATION),
            ..Default::default()
        };
        params::cell(&data.engine, &spec, str::to_string)
    })();
    match resolved {
        Ok(q) => Redirect::to(&report_path(&q.role, &q.area, q.level)).into_response(),
        Err(err) => home_page(&st, err.status(), &p, Some(&err)),
    }
}

async fn report(State(st): State<AppState>, Path((role, location)): Path<(String, String)>) -> Result<Response, PageError> {
    st.compute(move |st| report_page(st, &role, &location, None)).await
}

async fn report_level(
    State(st): State<AppState>,
    Path((role, location, level)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    st.compute(move |st| report_level_page(st, &role, &location, &level)).await
}

fn report_level_page(st: &AppState, role: &str, location: &str, level: &str) -> Result<Response, PageError> {
    // Another name of a level (`l5`, `sr`, `Senior`) answers with the
    // canonical page's address, so each page has one.
    let alias = paygrid_engine::parse_level(level).or_else(|| paygrid_engine::parse_level(&level.to_uppercase()));
    if let Some(l) = alias.filter(|l| l.slug() != level) {
        return Ok(Redirect::permanent(&format!("/salaries/{role}/{location}/{}", l.slug())).into_response());
    }
    let l = Level::from_slug(level).filter(|l| l.slug() == level).ok_or_else(|| {
        ApiError::new(Code::InvalidLevel)
            .field("level")
            .message(format!("unknown level {:?} in the address", params::truncate(level, 30)))
    })?;
    report_page(st, role, location, Some(l))
}

fn report_page(st: &AppState, role: &str, location: &str, level: Option<Level>) -> Result<Response, PageError> {
    let data = st.data();
    let known = paygrid_domain::role::role_def(role).is_some() || data.roles.iter().any(|r| r.id == role);
    if !known {
        return Err(ApiError::new(Code::UnknownRole)
            .field("role")
            .message(format!("no role {:?} in the catalogue: search for a role or job title instead", params::truncate(role, 60)))
            .into());
    }
    let area = parse_location_slug(location).ok_or_else(|| {
        ApiError::new(Code::UnknownLocation)
            .field("location")
            .message(format!("no location {:?}: search for a city, state or country instead", params::truncate(location, 60)))
    })?;
    let q = CellQuery::new(role, level, area);
    let ctx = report_context(st, &data);
    let r = paygrid_report::build_report(&data.engine, &q, &ctx);
    let mut p = render_html(&r);
    p.body_html = format!("<link rel=\"stylesheet\" href=\"/assets/web.css\">\n{}{}", p.body_html, report_tools(&q, &r));
    let mut ctx = ctx;
    ctx.generated_at = st.now();
    Ok(Html(html_document(&p, NAV, &ctx)).into_response())
}

/// Links from a report to the tools, pre-filled with its cell.
fn report_tools(q: &CellQuery, r: &paygrid_report::Report) -> String {
    let level = q.level.map_or("", |l| l.slug());
    let here = q.area.info();
    let mut cells = vec![format!("{}|{level}|{}", q.role, here.code)];
    if let Some(m) = &r.metros.figures {
        for m in m.shown.iter().filter(|m| m.kind == "metro" && m.code != here.code).take(2) {
            cells.push(format!("{}|{level}|{}", q.role, m.code));
        }
    }
    if cells.len() < 2 {
        let other = if q.area == Area::Country("US".into()) { "remote" } else { "US" };
        cells.push(format!("{}|{level}|{other}", q.role));
    }
    let compare_href = format!(
        "/compare?{}",
        cells
            .iter()
            .map(|c| format!("cell={}", form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>()))
            .collect::<Vec<_>>()
            .join("&")
    );
    let offer_href = format!(
        "/offer?role={}&level={level}&location={}",
        form_urlencoded::byte_serialize(q.role.as_bytes()).collect::<String>(),
        form_urlencoded::byte_serialize(here.name.as_bytes()).collect::<String>()
    );
    format!(
        "<aside class=\"tools\" aria-label=\"Tools\"><h2>Use these figures</h2><ul class=\"links\">\
         <li><a href=\"{}\">Compare this cell with other metros</a></li>\
         <li><a href=\"{}\">Check an offer against this cell</a></li>\
         <li><a href=\"/api/v1/reports?role={}&amp;location={}{}\">This report as JSON</a></li></ul></aside>",
        e(&compare_href),
        e(&offer_href),
        e(&q.role),
        e(&form_urlencoded::byte_serialize(here.code.as_bytes()).collect::<String>()),
        if level.is_empty() { String::new() } else { format!("&amp;level={level}") }
    )
}

/// The rows of the compare form: up to four role/level/location triples,
/// from the form's repeated fields or from `cell=role|level|location`.
fn compare_rows(p: &Params) -> Vec<[String; 3]> {
    let cells = p.all("cell");
    let mut rows: Vec<[String; 3]> = if !cells.is_empty() {
        cells
            .iter()
            .map(|c| {
                let mut it = c.split('|').map(str::trim);
                [it.next().unwrap_or("").into(), it.next().unwrap_or("").into(), it.next().unwrap_or("").into()]
            })
            .collect()
    } else {
        let (roles, levels, locations) = (p.all("role"), p.all("level"), p.all("location"));
        (0..roles.len().max(locations.len()))
            .map(|i| {
                let at = |v: &Vec<&str>| v.get(i).copied().unwrap_or("").to_string();
                [at(&roles), at(&levels), at(&locations)]
            })
            .collect()
    };
    rows.truncate(8);
    rows
}

async fn compare(State(st): State<AppState>, RawQuery(q): RawQuery) -> Response {
    st.compute(move |st| compare_page(st, q)).await
}

fn compare_page(st: &AppState, q: Option<String>) -> Response {
    let data = st.data();
    let p = Params::from_query(q.as_deref());
    let mut rows = compare_rows(&p);
    let filled: Vec<String> =
        rows.iter().filter(|r| !r[0].is_empty() || !r[2].is_empty()).map(|r| format!("{}|{}|{}", r[0], r[1], r[2])).collect();
    let mut status = StatusCode::OK;
    let mut result = String::new();
    if !filled.is_empty() {
        let texts: Vec<&str> = filled.iter().map(String::as_str).collect();
        match compare_cells(&data.engine, &texts).and_then(|cells| {
            data.engine.compare(&cells).map_err(|e| ApiError::new(Code::InvalidCellCount).field("cell").message(e.to_string()))
        }) {
            Ok(c) => {
                // Show what the text resolved to, so the form reads as names.
                rows = c
                    .cells
                    .iter()
                    .map(|cc| {
                        let s = &cc.cell;
                        [s.role.name.clone(), s.level.unwrap_or("").to_string(), s.location.name.clone()]
                    })
                    .collect();
                result = comparison_html(&c, st.today());
            }
            Err(err) => {
                status = err.status();
                result = notice(&err);
            }
        }
    }
    let mut body = String::from(
        "<h1>Compare salaries</h1><p class=\"lede\">Two to four cells side by side: medians with their intervals, \
         the difference from the first cell, and whether the intervals overlap.</p>",
    );
    // The answer comes first (on a phone the form is long); the form
    // follows, filled in, to change the question.
    body.push_str(&result);
    body.push_str("<form class=\"grid-form\" action=\"/compare\" method=\"get\">");
    for i in 0..4 {
        let row = rows.get(i);
        let get = |k: usize| row.map(|r| r[k].as_str()).filter(|v| !v.is_empty());
        let _ = write!(
            body,
            "<fieldset><legend>Cell {}</legend>{}<label><span>Level</span><select name=\"level\">{}</select></label>{}</fieldset>",
            i + 1,
            input("role", "Role or title", get(0), "list=\"role-list\" data-suggest=\"roles\" autocomplete=\"off\""),
            level_options(get(1), "All levels"),
            input("location", "Location", get(2), "list=\"location-list\" data-suggest=\"locations\" autocomplete=\"off\""),
        );
    }
    let _ = write!(body, "<button type=\"submit\">Compare</button></form>{}", datalists(&data));
    body.push_str("<script src=\"/assets/app.js\" defer></script>");
    page(
        st,
        &data,
        status,
        "Compare salaries",
        "Compare salaries of 2–4 roles, levels or locations side by side, with confidence intervals.",
        "/compare",
        body,
    )
}

fn cell_title(c: &CellSummary) -> String {
    let level = c.level.and_then(Level::from_slug).map_or(String::from("all levels"), |l| l.name().to_string());
    format!("{} · {} · {}", c.role.name, level, c.location.name)
}

/// A figure with its interval underneath, named by its coverage ("95% CI
/// $140,000–$150,000", "72% interval …"; equal ends: rounded data).
fn quart(v: Option<f64>, ci: Option<[f64; 2]>, coverage: Option<f64>) -> String {
    match v {
        Some(v) => format!(
            "{}{}",
            e(&money(v)),
            ci.map_or(String::new(), |c| format!("<span class=\"ci\">{}</span>", e(&paygrid_report::fmt::interval(c, coverage))))
        ),
        None => "\u{2014}".into(),
    }
}

/// "Records from 2018–2020 · data as of 2020-12" and the notices of a cell:
/// old records, base and TC from different populations.
fn cell_dates(c: &CellSummary, today: paygrid_domain::record::Date) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    if let Some(p) = paygrid_engine::dates::period_text(&c.records_period) {
        parts.push(format!("Records from {p}"));
    }
    if let Some(a) = &c.data_as_of {
        parts.push(format!("data as of {a}"));
    }
    let mut notices = paygrid_engine::dates::stale_notices(
        c.data_as_of.as_deref(),
        c.base.data_as_of.as_deref(),
        c.total.data_as_of.as_deref(),
        today,
    );
    notices.extend(c.populations_differ.clone());
    (parts.join(" \u{00b7} "), notices)
}

fn comparison_html(c: &Comparison, today: paygrid_domain::record::Date) -> String {
    let mut out = String::from("<section id=\"comparison\"><h2>Result</h2><div class=\"table-wrap\"><table class=\"compare\"><thead><tr><th scope=\"col\"></th>");
    for cc in &c.cells {
        let s = &cc.cell;
        let href =
            report_path(&s.role.id, &Area::parse(&s.location.code).unwrap_or(Area::World), s.level.and_then(Level::from_slug));
        let _ = write!(out, "<th scope=\"col\"><a href=\"{}\">{}</a></th>", e(&href), e(&cell_title(s)));
    }
    out.push_str("</tr></thead><tbody>");
    let row = |out: &mut String, label: &str, f: &dyn Fn(&paygrid_engine::ComparedCell) -> String| {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", e(label));
        for cc in &c.cells {
            let _ = write!(out, "<td>{}</td>", f(cc));
        }
        out.push_str("</tr>");
    };
    row(&mut out, "Records (n)", &|cc| cc.cell.n.map_or_else(|| e(cc.cell.withheld.as_deref().unwrap_or("withheld")), count));
    row(&mut out, "Confidence", &|cc| {
        let c = cc.cell.confidence.as_str();
        format!("<span class=\"badge badge-{c}\">{c}</span>")
    });
    row(&mut out, "Records", &|cc| {
        let (dates, notices) = cell_dates(&cc.cell, today);
        let marks: String = notices.iter().map(|n| format!("<span class=\"ci notice\">{}</span>", e(n))).collect();
        format!("{}{marks}", e(&dates))
    });
    for (name, pick) in [("Base", 0usize), ("Total compensation", 1)] {
        let q = move |cc: &paygrid_engine::ComparedCell| -> Quartiles {
            if pick == 0 {
                cc.cell.base.clone()
            } else {
                cc.cell.total.clone()
            }
        };
        row(&mut out, &format!("{name} p25"), &|cc| quart(q(cc).p25, q(cc).p25_ci, q(cc).p25_ci_coverage));
        row(&mut out, &format!("{name} median"), &|cc| quart(q(cc).p50, q(cc).p50_ci, q(cc).p50_ci_coverage));
        row(&mut out, &format!("{name} p75"), &|cc| quart(q(cc).p75, q(cc).p75_ci, q(cc).p75_ci_coverage));
        let measure = if pick == 0 { paygrid_engine::PayMeasure::Base } else { paygrid_engine::PayMeasure::Total };
        row(&mut out, &format!("{name}: median vs first"), &|cc| match cc.vs_first.iter().find(|d| d.measure == measure) {
            Some(d) => format!(
                "{} ({})<span class=\"ci\">{}</span>",
                e(&signed_money(d.difference)),
                e(&signed_pct(d.relative)),
                if d.ci_overlap { "CIs overlap: may be noise" } else { "CIs do not overlap" }
            ),
            None => cc
                .differences_withheld
                .as_deref()
                .map_or_else(|| "\u{2014}".into(), |w| format!("<span class=\"ci\">{}</span>", e(w))),
        });
    }
    out.push_str("</tbody></table></div>");
    for cc in c.cells.iter().skip(1) {
        for d in &cc.vs_first {
            let _ = write!(
                out,
                "<p class=\"small\">{}, {}: {} {} vs the first cell; {}.</p>",
                e(&cell_title(&cc.cell)),
                e(d.measure.name()),
                e(&signed_money(d.difference)),
                e(&signed_pct(d.relative)),
                e(&d.reading)
            );
        }
    }
    out.push_str("</section>");
    out
}

async fn offer(State(st): State<AppState>, RawQuery(q): RawQuery) -> Response {
    st.compute(move |st| offer_page(st, q)).await
}

fn offer_page(st: &AppState, q: Option<String>) -> Response {
    let data = st.data();
    let p = Params::from_query(q.as_deref());
    let mut status = StatusCode::OK;
    let mut result = String::new();
    if !p.is_empty() {
        match offer_request(&data.engine, &p.to_json()) {
            Ok(r) => result = evaluation_html(&data.engine.evaluate_offer(&r.cell, &r.offer), st.today()),
            Err(err) => {
                status = err.status();
                result = notice(&err);
            }
        }
    }
    let mut body = String::from(
        "<h1>Check an offer</h1><p class=\"lede\">Where your offer sits among real records for the same role, level and place, \
         what the same base means in other metros, and a counter-offer figure with its reasoning.</p>",
    );
    body.push_str(&result);
    let _ = write!(
        body,
        "<form class=\"grid-form\" action=\"/offer\" method=\"get\"><fieldset><legend>The job</legend>{}<label><span>Level</span><select name=\"level\">{}</select></label>{}</fieldset>\
         <fieldset><legend>The offer (USD a year)</legend>{}{}{}{}{}</fieldset><button type=\"submit\">Evaluate offer</button></form>{}",
        input("role", "Role or job title", p.get("role"), "list=\"role-list\" data-suggest=\"roles\" required autocomplete=\"off\""),
        level_options(p.get("level"), "Auto (from title)"),
        input("location", "Location", p.get("location"), "list=\"location-list\" data-suggest=\"locations\" placeholder=\"United States\" autocomplete=\"off\""),
        input("base", "Base salary", p.get("base"), "inputmode=\"decimal\" required placeholder=\"185000\""),
        input("bonus", "Annual bonus", p.get("bonus"), "inputmode=\"decimal\" placeholder=\"empty = unknown, 0 = none\""),
        input("equity_grant", "Equity grant (total)", p.get("equity_grant"), "inputmode=\"decimal\" placeholder=\"empty = unknown, 0 = none\""),
        input("vest_years", "Vesting years", p.get("vest_years"), "inputmode=\"decimal\" placeholder=\"4\""),
        input("signing", "Signing bonus", p.get("signing"), "inputmode=\"decimal\" placeholder=\"empty = unknown, 0 = none\""),
        datalists(&data),
    );
    body.push_str("<script src=\"/assets/app.js\" defer></script>");
    page(
        st,
        &data,
        status,
        "Check a job offer",
        "Evaluate a job offer against real salary records: percentile ranks, position, other metros and a counter-offer figure.",
        "/offer",
        body,
    )
}

fn position_card(label: &str, p: &OfferPosition) -> String {
    let value = if p.at_least { format!("at least {}", money(p.value)) } else { money(p.value) };
    match (p.percentile_rank, p.position) {
        (Some(rank), Some(pos)) => format!(
            "<div class=\"card\"><dt>{}</dt><dd>{} percentile<small>{} · {}</small></dd></div>",
            e(label),
            ordinal(rank),
            e(&value),
            e(p.in_words.as_deref().unwrap_or(pos))
        ),
        _ => format!(
            "<div class=\"card\"><dt>{}</dt><dd>{}<small>{}</small></dd></div>",
            e(label),
            e(&value),
            e(p.withheld.as_deref().unwrap_or("no rank"))
        ),
    }
}

fn evaluation_html(ev: &OfferEvaluation, today: paygrid_domain::record::Date) -> String {
    let mut out = String::from("<section id=\"evaluation\"><h2>Your offer</h2>");
    let o = &ev.offer;
    let given = |x: Option<f64>| x.map_or_else(|| "not given".to_string(), money);
    let total = match o.total {
        Some(t) if o.signing.is_some() => money(t),
        Some(t) => format!("{} (no signing bonus given)", money(t)),
        None => format!("at least {}", money(o.total_at_least)),
    };
    let _ = write!(
        out,
        "<p class=\"small\">Total compensation a year: {} = base {} + bonus {} + equity {} ({} years) + signing {} / 4. Amounts not given are unknown, not zero.</p>",
        e(&total),
        e(&money(o.base)),
        e(&given(o.bonus)),
        e(&given(o.annual_equity)),
        o.vest_years,
        e(&given(o.signing))
    );
    if let Some(w) = &ev.withheld {
        let _ = write!(out, "<p class=\"statement\">{}</p></section>", e(w));
        return out;
    }
    if let Some(f) = &ev.fallback {
        let _ = write!(out, "<p class=\"statement\">{}</p>", e(f));
    }
    let (base, total) = (&ev.base, &ev.total);
    let _ = write!(
        out,
        "<dl class=\"cards\">{}{}</dl>",
        position_card("Base salary", base),
        position_card("Total compensation", total)
    );
    if let Some(b) = &ev.benchmark {
        let (dates, notices) = cell_dates(b, today);
        if !dates.is_empty() {
            let _ = write!(out, "<p class=\"small\">{}</p>", e(&dates));
        }
        for n in &notices {
            let _ = write!(out, "<p class=\"statement notice\" role=\"note\">{}</p>", e(n));
        }
        let _ = write!(
            out,
            "<div class=\"table-wrap\"><table><caption>{} ({} records, confidence {})</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">p25</th><th scope=\"col\">Median</th><th scope=\"col\">p75</th><th scope=\"col\">Yours</th></tr></thead><tbody>",
            e(&cell_title(b)),
            b.n.map_or_else(|| "—".into(), count),
            e(b.confidence.as_str())
        );
        let yours_total = if total.at_least { format!("at least {}", money(total.value)) } else { money(total.value) };
        let mut rows = vec![("Base", &b.base, money(o.base)), ("Total compensation", &b.total, yours_total)];
        if let Some(c) = &ev.components {
            rows.push(("Bonus", &c.bonus, given(o.bonus)));
            rows.push(("Equity a year", &c.annual_equity, given(o.annual_equity)));
        }
        for (name, q, yours) in rows {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(name),
                quart(q.p25, q.p25_ci, q.p25_ci_coverage),
                quart(q.p50, q.p50_ci, q.p50_ci_coverage),
                quart(q.p75, q.p75_ci, q.p75_ci_coverage),
                e(&yours)
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("<h3>Counter-offer</h3>");
    match (&ev.counter, &ev.counter_withheld) {
        (Some(c), _) => {
            if c.in_line {
                out.push_str("<p class=\"counter\">Your offer is in line with the market: no counter figure.</p>");
            }
            let asks: Vec<String> = c
                .levers
                .iter()
                .map(|l| {
                    let ask = match l.lever {
                        "base" => format!(
                            "Ask for a base of <strong>{}</strong> ({} a year)",
                            e(&money(l.offer + l.ask)),
                            e(&signed_money(l.ask))
                        ),
                        "equity" => format!(
                            "Ask for <strong>{}</strong> more equity ({} a year)",
                            e(&money(l.ask)),
                            e(&signed_money(l.first_year))
                        ),
                        "signing" => format!(
                            "{} a one-off signing bonus of <strong>{}</strong>",
                            if l.alternative { "Or" } else { "Ask for" },
                            e(&money(l.ask))
                        ),
                        other => format!(
                            "Ask for a {} of <strong>{}</strong> ({} a year)",
                            e(other),
                            e(&money(l.offer + l.ask)),
                            e(&signed_money(l.ask))
                        ),
                    };
                    let stat = if l.statistic == "median" { "median" } else { "75th percentile" };
                    format!(
                        "<li>{ask}<span class=\"ci\">rests on the {stat} {} {}{} ({} records)</span></li>",
                        e(l.measure),
                        e(&money(l.target)),
                        l.target_ci.map_or(String::new(), |ci| format!(
                            ", {}",
                            e(&paygrid_report::fmt::interval(ci, l.target_ci_coverage))
                        )),
                        count(l.n)
                    )
                })
                .collect();
            if !asks.is_empty() {
                let _ = write!(out, "<ol class=\"counter\">{}</ol>", asks.concat());
            }
            let _ = write!(out, "<p>{}</p>", e(&c.reasoning));
        }
        (None, Some(w)) => {
            let _ = write!(out, "<p class=\"statement\">{}</p>", e(w));
        }
        _ => out.push_str("<p>No counter-offer figure.</p>"),
    }
    if !ev.other_metros.is_empty() {
        out.push_str(
            "<h3>The same base in other metros</h3><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Metro</th>\
             <th scope=\"col\">Median base</th><th scope=\"col\">Records</th><th scope=\"col\">Your base ranks</th></tr></thead><tbody>",
        );
        for m in &ev.other_metros {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} percentile</td></tr>",
                e(&m.name),
                quart(Some(m.median_base), m.median_base_ci, m.median_base_ci_coverage),
                count(m.n),
                ordinal(m.base_percentile_rank)
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("<p class=\"small\">Percentile ranks are mid-ranks among the cell's records, rounded (to 5 points below 20 records) and never 0 or 100. See <a href=\"/methodology#offer-evaluation\">Methodology</a>.</p></section>");
    out
}

/// The submit form's fields: (name, label, input attributes, hint).
const SUBMIT_FIELDS: &[(&str, &str, &str, &str)] = &[
    (
        "title",
        "Job title",
        "required maxlength=\"200\" placeholder=\"Senior Backend Engineer\"",
        "As written on your contract or offer.",
    ),
    ("level", "Level", "placeholder=\"senior, L5, Staff…\"", "Optional: your level word, if your title does not say it."),
    ("company", "Company", "maxlength=\"200\"", "Optional. Used only for company segments with enough records."),
    ("company_level", "Company level", "placeholder=\"L5, E6, SDE II…\"", "Optional."),
    ("location", "Location", "placeholder=\"Seattle, WA\" list=\"location-list\"", "City and state or country, or Remote."),
    ("years_experience", "Years of experience", "inputmode=\"decimal\"", "Total professional years."),
    ("years_at_company", "Years at this company", "inputmode=\"decimal\"", ""),
    ("base", "Base salary", "inputmode=\"decimal\" required placeholder=\"185000\"", "Per pay period below."),
    ("bonus", "Annual bonus", "inputmode=\"decimal\"", "Cash, per year."),
    ("equity", "Annual equity", "inputmode=\"decimal\"", "One year of vesting."),
    ("signing_bonus", "Signing bonus", "inputmode=\"decimal\"", "One-off; counts a quarter a year in total compensation."),
    ("currency", "Currency", "maxlength=\"3\" placeholder=\"USD\"", "ISO code; converted at the year's ECB rate."),
    ("date", "Date", "type=\"date\"", "When this pay applied (not in the future)."),
    ("skills", "Skills", "placeholder=\"Rust;PostgreSQL;Kubernetes\"", "Separated by semicolons."),
    ("company_size", "Company size", "placeholder=\"1000-5000\"", ""),
    ("industry", "Industry", "", ""),
    ("employment_type", "Employment type", "placeholder=\"full-time\"", ""),
];

fn submit_page(st: &AppState, status: StatusCode, p: &Params, top: String) -> Response {
    let data = st.data();
    let mut body = String::from(
        "<h1>Add your salary</h1><p class=\"lede\">Anonymous: your entry counts only in aggregates of at least five records, \
         after a moderator has checked it. We keep no address or account.</p>",
    );
    body.push_str(&top);
    body.push_str("<form class=\"grid-form\" action=\"/submit\" method=\"post\"><fieldset><legend>Your pay</legend>");
    for (name, label, attrs, hint) in SUBMIT_FIELDS {
        let field = input(name, label, p.get(name), attrs);
        if hint.is_empty() {
            body.push_str(&field);
        } else {
            body.push_str(&field.replacen("</label>", &format!("<small>{}</small></label>", e(hint)), 1));
        }
        if *name == "base" {
            let period = p.get("pay_period").unwrap_or("year");
            body.push_str("<label><span>Pay period</span><select name=\"pay_period\">");
            for opt in ["year", "month", "week", "hour"] {
                let sel = if opt == period { " selected" } else { "" };
                let _ = write!(body, "<option value=\"{opt}\"{sel}>per {opt}</option>");
            }
            body.push_str("</select></label>");
        }
    }
    let checked = if p.get("remote").is_some() { " checked" } else { "" };
    let _ = write!(
        body,
        "<label class=\"check\"><input type=\"checkbox\" name=\"remote\" value=\"true\"{checked}> <span>Fully remote</span></label>\
         </fieldset><button type=\"submit\">Submit for moderation</button></form>\
         <p class=\"small\">The same fields as the <a href=\"/api/v1/openapi.json\">API</a> and the generic import format; \
         rejected entries are not stored.</p>{}",
        datalists(&data)
    );
    page(
        st,
        &data,
        status,
        "Add your salary",
        "Add your salary anonymously; it counts in aggregates of five or more records after moderation.",
        "/submit",
        body,
    )
}

async fn submit_form(State(st): State<AppState>) -> Response {
    submit_page(&st, StatusCode::OK, &Params::default(), String::new())
}

async fn submit(State(st): State<AppState>, req: Request) -> Response {
    let fail = |st: &AppState, p: &Params, err: ApiError| {
        let mut res = submit_page(st, err.status(), p, notice(&err));
        if let Some(s) = err.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    };
    let client = crate::middleware::client_ip(&req);
    let headers = req.headers().clone();
    let p = match read_body(&headers, req.into_body(), "application/x-www-form-urlencoded").await {
        Ok(bytes) => Params::parse(&bytes),
        Err(err) => return fail(&st, &Params::default(), err),
    };
    match api::accept_submission(&st, client, p.to_json()).await {
        Ok(out) => {
            let data = st.data();
            let body = format!(
                "<h1>Thank you</h1><p class=\"lede\">Your salary is submission #{} and is <strong>pending moderation</strong>. \
                 It will count in the figures once a moderator approves it, and only in aggregates of at least five records.</p>\
                 <p>We read it as: {} · {} · {}.</p><p><a href=\"/\">Back to search</a> · <a href=\"/submit\">Add another</a></p>",
                out["id"],
                e(out["interpreted"]["role"].as_str().unwrap_or("")),
                e(out["interpreted"]["level"].as_str().unwrap_or("level unknown")),
                e(out["interpreted"]["base"].as_f64().map_or_else(|| "base not given".into(), |b| format!("{} base a year", money(b))).as_str()),
            );
            page(&st, &data, StatusCode::ACCEPTED, "Thank you", "Your salary submission is pending moderation.", "/submit", body)
        }
        Err(err) => fail(&st, &p, err),
    }
}

async fn methodology(State(st): State<AppState>) -> Response {
    let data = st.data();
    let mut body = String::from("<article class=\"doc\">");
    body.push_str(&markdown::to_html(METHODOLOGY_MD));
    body.push_str("<section id=\"live-backtest\"><h2>Backtest on the data this server holds</h2>");
    let bt = data.backtest();
    let _ = write!(
        body,
        "<p class=\"small\">Held-out yearly medians of cells with at least {} publishable years (floor k = {}); a cell's own trend needs {} earlier years. \
         Calibrated coverage scores each held-out year with the interval calibrated on earlier years only, as projections are published. \
         Computed when this snapshot was first asked for it.</p>",
        bt.min_points, bt.floor, bt.own_trend_min_years
    );
    body.push_str(
        "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Method</th><th scope=\"col\">Cells</th>\
         <th scope=\"col\">Held-out years</th><th scope=\"col\">MAPE</th><th scope=\"col\">Last-value MAPE, same years</th>\
         <th scope=\"col\">95% interval coverage</th><th scope=\"col\">Calibrated coverage, out of time</th></tr></thead><tbody>",
    );
    for m in &bt.measures {
        for s in &m.methods {
            let best = if m.best_method == Some(s.method) { " <span class=\"badge badge-high\">best</span>" } else { "" };
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}{best}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(m.measure.name()),
                e(s.method),
                count(s.cells),
                count(s.held_out),
                s.mape.map_or_else(|| "\u{2014}".into(), pct),
                s.last_value_mape.map_or_else(|| "\u{2014}".into(), pct),
                s.coverage.map_or_else(|| "\u{2014}".into(), pct),
                s.calibrated_coverage.map_or_else(
                    || format!("\u{2014} ({} held out)", count(s.calibrated_held_out)),
                    |c| { format!("{} of {}", pct(c), count(s.calibrated_held_out)) }
                )
            );
        }
    }
    body.push_str("</tbody></table></div></section></article>");
    page(
        &st,
        &data,
        StatusCode::OK,
        "Methodology",
        "How paygrid computes every figure: percentiles, confidence intervals, privacy floor, outliers, projections and their backtest.",
        "/methodology",
        body,
    )
}

async fn sources(State(st): State<AppState>) -> Response {
    let data = st.data();
    let mut body = String::from(
        "<h1>Sources</h1><p class=\"lede\">Every import behind the figures, with its licence and what was accepted, rejected or skipped as a duplicate.</p>\
         <div class=\"table-wrap\"><table class=\"text-cols\"><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Kind</th><th scope=\"col\">Licence</th>\
         <th scope=\"col\" class=\"num\">Accepted</th><th scope=\"col\" class=\"num\">Rejected</th><th scope=\"col\" class=\"num\">Duplicates</th><th scope=\"col\">Dates</th><th scope=\"col\">Imported</th></tr></thead><tbody>",
    );
    for s in &data.sources {
        let dates = match (&s.date_min, &s.date_max) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => "\u{2014}".into(),
        };
        let _ = write!(
            body,
            "<tr><td class=\"name\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td></tr>",
            e(&s.dataset),
            e(&s.kind),
            e(s.licence.as_deref().unwrap_or("not stated")),
            count(s.accepted as usize),
            count(s.rejected as usize),
            count(s.duplicates as usize),
            e(&dates),
            e(s.imported_at.get(..10).unwrap_or(&s.imported_at))
        );
    }
    if data.sources.is_empty() {
        body.push_str("<tr><td colspan=\"8\">No data has been imported yet.</td></tr>");
    }
    body.push_str(
        "</tbody></table></div><p class=\"small\">OEWS rows are reference estimates (shown beside figures), not records. \
         Submissions count only after moderation.</p>",
    );
    page(
        &st,
        &data,
        StatusCode::OK,
        "Sources",
        "The datasets behind paygrid's figures, with their licences and import counts.",
        "/sources",
        body,
    )
}
