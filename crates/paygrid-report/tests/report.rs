//! The report end to end on a synthetic engine: every section is filled or
//! says why, a cell under the floor reveals nothing in any format, user text
//! is escaped, slugs round-trip, sentences state the figures they quote,
//! and the static site lists what it exports.

use paygrid_domain::geo::Geo;
use paygrid_domain::{Level, Record};
use paygrid_engine::{Area, CellQuery, Engine, OewsRef, SnapshotBuilder};
use paygrid_report::fmt::money;
use paygrid_report::*;
use serde_json::Value;
use std::sync::OnceLock;

const XSS: &str = "<script>alert(1)</script>";
const SEATTLE: &str = "42660";
/// Distinctive amounts of the thin cell: none may appear in any output.
const THIN_PAY: [f64; 3] = [123_457.0, 234_568.0, 345_679.0];

struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

fn record(role: &str, level: Option<Level>, base: f64) -> Record {
    let mut r = Record::example(role, level, base);
    r.raw_title = role.to_string();
    r.role_known = true;
    r
}

/// 800 backend engineers over four levels, four years, three metros and
/// remote, with experience, skills, companies (one named like a script),
/// sizes, industries, bonus and equity; plus a thin technical-writer cell
/// and a thin frontend cell (whose family is well covered).
fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let mut rng = Lcg(20_261_122);
        let mut b = SnapshotBuilder::new();
        let levels = [(Level::Entry, 0.0, 1.0), (Level::Mid, 0.2, 4.0), (Level::Senior, 0.45, 8.0), (Level::Staff, 0.7, 13.0)];
        for i in 0..800usize {
            let (level, effect, yoe) = levels[i % 4];
            let year = 2021 + ((i / 4) % 4) as i32;
            let mut r = record("backend-engineer", Some(level), 0.0);
            let metro_effect = match i % 10 {
                0 => {
                    r.metro = Some(SEATTLE.to_string());
                    0.25
                }
                1 => {
                    r.metro = Some("41860".to_string());
                    0.35
                }
                2 => {
                    r.metro = Some("35620".to_string());
                    0.2
                }
                3 => {
                    r.remote = true;
                    0.0
                }
                _ => 0.0,
            };
            let rust = rng.uniform() < 0.4;
            let mut skills = vec!["sql".to_string()];
            if rust {
                skills.push("rust".to_string());
            }
            if rng.uniform() < 0.5 {
                skills.push("go".to_string());
            }
            if i % 9 == 0 {
                skills.push(XSS.to_string());
            }
            if i % 11 == 0 {
                skills.push("machine learning".to_string());
            }
            let ln =
                11.6 + effect + metro_effect + 0.03 * f64::from(year - 2021) + if rust { 0.1 } else { 0.0 } + 0.15 * rng.normal();
            let base = (ln.exp() * 100.0).round() / 100.0;
            r.year = Some(year);
            r.years_experience = Some((yoe + 2.0 * rng.uniform()).round());
            r.skills = skills;
            // Company segments are published per privacy class: the
            // script-named company employs every staff engineer outside the
            // metros, so it is a segment of whole classes.
            let xss_company = level == Level::Staff && r.metro.is_none() && !r.remote;
            r.company = Some(if xss_company { XSS.to_string() } else { format!("Company {:02}", i % 40) });
            r.company_size = Some(["small (<50)", "medium (50-250)", "large (>250)"][i % 3].to_string());
            r.industry = Some(["Fintech", "Retail"][i % 2].to_string());
            r.base = Some(base);
            r.bonus = if i % 2 == 0 { (base * 0.1).round() } else { 0.0 };
            r.equity = if level >= Level::Senior { (base * 0.3).round() } else { 0.0 };
            r.total = Record::compute_total(base, r.bonus, r.equity, 0.0);
            b.push("synthetic.csv", &r);
        }
        for pay in THIN_PAY {
            b.push("synthetic.csv", &record("technical-writer", Some(Level::Senior), pay));
            b.push("synthetic.csv", &record("frontend-engineer", Some(Level::Senior), pay + 1.0));
        }
        b.push_oews(
            "N",
            OewsRef {
                year: Some(2025),
                area_code: "99".into(),
                area_name: "National".into(),
                occ_code: "15-1252".into(),
                occ_title: "Software Developers".into(),
                employment: Some(1_687_890.0),
                mean: Some(148_100.0),
                p10: None,
                p25: None,
                p50: Some(135_980.0),
                p75: None,
                p90: None,
                footnotes: None,
            },
        );
        b.updated(Some("2026-11-01T00:00:00Z".into()));
        Engine::new(b.build(), 5)
    })
}

fn ctx() -> ReportContext {
    let mut c = ReportContext::new("2026-11-22T00:00:00Z", "https://paygrid.example/");
    c.sources.push(SourceNote { dataset: "synthetic.csv".into(), kind: "generic".into(), licence: Some("CC0 1.0".into()) });
    c
}

fn us(role: &str, level: Option<Level>) -> CellQuery {
    CellQuery::new(role, level, Area::Country("US".into()))
}

const SECTIONS: [&str; 15] = [
    "overview",
    "projection",
    "seniority_mix",
    "level_ladder",
    "experience_roadmap",
    "tc_breakdown",
    "metros",
    "skills",
    "demand",
    "ai",
    "related_roles",
    "segments",
    "negotiation",
    "faq",
    "sources",
];

fn json(r: &Report) -> Value {
    serde_json::from_str(&serde_json::to_string(r).expect("serializes")).expect("parses")
}

#[test]
fn every_section_has_figures_or_says_why() {
    let e = engine();
    for q in [us("backend-engineer", None), us("backend-engineer", Some(Level::Senior)), us("technical-writer", None)] {
        let r = build_report(e, &q, &ctx());
        let v = json(&r);
        for key in SECTIONS {
            let s = &v[key];
            assert!(s.is_object(), "{key} missing for {}", q.role);
            let has_figures = !s["figures"].is_null();
            let why = s["statement"].as_str().unwrap_or("");
            assert!(has_figures || !why.trim().is_empty(), "{key} of {} has neither figures nor a statement", q.role);
            assert!(!s["title"].as_str().unwrap().is_empty());
        }
    }
    // The well-covered cell fills every section from data.
    let r = build_report(e, &us("backend-engineer", Some(Level::Senior)), &ctx());
    let v = json(&r);
    for key in SECTIONS {
        assert!(!v[key]["figures"].is_null(), "{key} should have figures: {:?}", v[key]["statement"]);
    }
    assert!(r.rollup.is_none(), "a well-covered cell needs no roll-up");
    let top = r.skills.figures.as_ref().unwrap().premiums.top_premium.as_ref().expect("rust's premium is clear");
    assert_eq!(top.skill, "rust");
    assert!(r.skills.sentences[0].contains("rust"));
}

#[test]
fn a_cell_under_the_floor_reveals_no_figure() {
    let e = engine();
    let r = build_report(e, &us("technical-writer", Some(Level::Senior)), &ctx());
    assert!(r.overview.figures.is_none());
    assert!(r.overview.statement.as_deref().unwrap().contains("Fewer than 5 records"));
    assert!(r.description.contains("Fewer than 5 records"));
    let html = html_document(&render_html(&r), &[("Home", "/")], &ctx());
    let md = render_markdown(&r);
    let js = serde_json::to_string(&r).unwrap();
    for text in [&html, &md, &js] {
        for pay in THIN_PAY {
            let whole = format!("{pay:.0}");
            assert!(!text.contains(&whole) && !text.contains(&money(pay)), "{pay} leaked");
        }
        assert!(!text.contains('$'), "no amount at all: nothing else is publishable for this role");
    }
    let v = json(&r);
    for key in SECTIONS.iter().filter(|k| **k != "sources") {
        assert!(v[*key]["figures"].is_null(), "{key} shows figures for a thin cell");
    }
    assert_eq!(v["sources"]["figures"]["records"], Value::Array(vec![]));
    assert!(v["sources"]["figures"]["outliers_excluded"].is_null());
}

#[test]
fn a_thin_specialization_shows_its_family_labelled() {
    let r = build_report(engine(), &us("frontend-engineer", Some(Level::Senior)), &ctx());
    assert!(r.overview.figures.is_none());
    let ru = r.rollup.as_ref().expect("roll-up");
    let f = ru.figures.as_ref().expect("family figures");
    assert_eq!(f.label, "family figures: Software Engineer (includes Frontend Engineer)");
    assert!(ru.sentences[0].contains("family figures: Software Engineer"));
    let html = render_html(&r).body_html;
    assert!(html.contains("family figures: Software Engineer (includes Frontend Engineer)"));
    for pay in THIN_PAY {
        assert!(!html.contains(&money(pay + 1.0)));
    }
}

#[test]
fn user_text_is_escaped() {
    let r = build_report(engine(), &us("backend-engineer", None), &ctx());
    let segments = serde_json::to_string(&r.segments).unwrap();
    assert!(segments.contains("alert(1)"), "the script-named company is a published segment");
    assert!(serde_json::to_string(&r.skills).unwrap().contains("alert(1)"), "and a most requested skill");
    let html = html_document(&render_html(&r), &[("Home", "/")], &ctx());
    assert!(!html.contains("<script"), "raw markup from the data reached the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let md = render_markdown(&r);
    assert!(!md.contains("<script"));
    assert!(md.contains("&lt;script&gt;"));
    // Titles pass through the same escaping.
    let page =
        HtmlPage { title: XSS.into(), description: "\"quoted\"".into(), canonical_path: "/x".into(), body_html: String::new() };
    let doc = html_document(&page, &[(XSS, "/\"><script>")], &ctx());
    assert!(!doc.contains("<script"));
    assert!(doc.contains("content=\"&quot;quoted&quot;\""));
}

#[test]
fn slugs_round_trip_for_every_place() {
    let geo = Geo::embedded();
    let mut areas = vec![Area::World, Area::Remote(None)];
    for (code, _) in geo.countries() {
        areas.push(Area::Country(code.to_string()));
        areas.push(Area::Remote(Some(code.to_string())));
    }
    for (code, _) in geo.metros() {
        areas.push(Area::Metro(code.trim_start_matches('0').to_string()));
    }
    for (code, _) in geo.states() {
        areas.push(Area::UsState(code.to_string()));
    }
    assert!(areas.len() > 700);
    let mut seen = std::collections::HashMap::new();
    for a in &areas {
        let slug = location_slug(a);
        assert!(!slug.is_empty() && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{slug:?}");
        assert_eq!(parse_location_slug(&slug).as_ref(), Some(a), "{slug} does not parse back");
        if let Some(other) = seen.insert(slug.clone(), a.clone()) {
            panic!("{slug} names both {other:?} and {a:?}");
        }
        let path = report_path("backend-engineer", a, Some(Level::Staff));
        assert_eq!(parse_report_path(&path), Some(("backend-engineer".to_string(), a.clone(), Some(Level::Staff))));
    }
    assert_eq!(location_slug(&Area::Country("US".into())), "united-states");
    assert_eq!(location_slug(&Area::Metro(SEATTLE.into())), "seattle-tacoma-bellevue-wa");
}

#[test]
fn sentences_contain_the_figures_they_state() {
    let r = build_report(engine(), &us("backend-engineer", Some(Level::Senior)), &ctx());
    let o = r.overview.figures.as_ref().unwrap();
    let base = o.base.as_ref().unwrap();
    let (mean, p50, p75) = (money(base.mean.unwrap()), money(base.p50.unwrap()), money(base.p75.unwrap()));
    let faq = r.faq.figures.as_ref().unwrap();
    let avg = &faq[0];
    assert!(avg.question.starts_with("What is the average Senior Backend Engineer salary in United States"));
    assert!(avg.answer[0].contains(&mean) && avg.answer[0].contains(&p50), "{:?}", avg.answer);
    let [lo, hi] = base.mean_ci.unwrap();
    assert!(avg.answer[0].contains(&format!("95% CI {}\u{2013}{}", money(lo), money(hi))));
    assert!(avg.answer[0].contains(&format!("from {} records", base.n)));
    assert!(r.overview.sentences.iter().any(|s| s.contains(&mean)));
    // The ladder quotes each rung's median and n.
    let ladder = r.level_ladder.figures.as_ref().unwrap();
    assert_eq!(ladder.rungs.len(), 4);
    for g in &ladder.rungs {
        let m = money(g.base.p50.unwrap());
        assert!(r
            .level_ladder
            .sentences
            .iter()
            .any(|s| s.starts_with(g.name) && s.contains(&m) && s.contains(&format!("n = {}", g.n))));
    }
    // The negotiation anchors are the p50 and p75 with their CIs.
    let neg = r.negotiation.figures.as_ref().unwrap();
    assert_eq!(neg.p50.as_ref().unwrap().value, base.p50.unwrap());
    assert!(neg.levers[0].text.contains(&p50) && neg.levers[1].text.contains(&p75));
    assert!(neg.levers.iter().any(|l| l.topic == "Pay mix" && l.text.contains("equity")));
    // The level lever names the next rung (Staff) with its step.
    let staff = ladder.rungs.iter().find(|g| g.level == "staff").unwrap();
    let lever = neg.levers.iter().find(|l| l.topic == "Level").unwrap();
    assert!(lever.text.contains("Staff") && lever.text.contains(&money(staff.base.p50.unwrap())));
    // The roadmap's bands are computed, with their n.
    let road = r.experience_roadmap.figures.as_ref().unwrap();
    for b in road.buckets.iter().filter(|b| b.n.is_some()) {
        assert!(r.experience_roadmap.sentences.iter().any(|s| s.starts_with(b.label) && s.contains(&money(b.base.p50.unwrap()))));
    }
    // The OEWS reference and its ratio.
    let oews = o.oews.as_ref().unwrap();
    assert!(r
        .overview
        .sentences
        .iter()
        .any(|s| s.contains("$135,980") && s.contains(&format!("{:.2}\u{00d7}", oews.ratio_to_median.unwrap()))));
    // Metro rows quote their effect.
    let metros = r.metros.figures.as_ref().unwrap();
    assert!(metros.shown.iter().any(|m| m.kind == "remote"));
    let sea = metros.shown.iter().find(|m| m.code == SEATTLE).unwrap();
    assert!(r
        .metros
        .sentences
        .iter()
        .any(|s| s.starts_with(&sea.name) && s.contains(&paygrid_report::fmt::signed_pct(sea.effect))));
    // The reliability answer quotes the label with n.
    let rel = faq.iter().find(|f| f.question.starts_with("How reliable")).unwrap();
    assert!(rel.answer[0].contains(&format!("Confidence is {} (n = {})", o.confidence, o.n)));
}

#[test]
fn a_thin_metro_cell_gets_a_labelled_model() {
    // Seattle's records are all entry or senior (i % 10 == 0 is even), so
    // its staff cell is empty while national staff and Seattle's multiplier
    // are well covered.
    let q = CellQuery::new("backend-engineer", Some(Level::Staff), Area::Metro(SEATTLE.into()));
    let r = build_report(engine(), &q, &ctx());
    assert!(r.overview.figures.is_none(), "the cell itself is thin");
    let m = r.metros.figures.as_ref().unwrap().modelled.as_ref().expect("modelled estimate");
    assert_eq!(m.label, "modelled");
    assert!(r.metros.sentences.iter().any(|s| s.starts_with("Modelled estimate") && s.contains(&money(m.p50))));
    assert_eq!(r.canonical_path, "/salaries/backend-engineer/seattle-tacoma-bellevue-wa/staff");
    assert_eq!(r.canonical_url, "https://paygrid.example/salaries/backend-engineer/seattle-tacoma-bellevue-wa/staff");
}

#[test]
fn markdown_and_json_carry_every_section() {
    let r = build_report(engine(), &us("backend-engineer", None), &ctx());
    let md = render_markdown(&r);
    assert!(md.starts_with("# Backend Engineer salary in United States\n"));
    for title in [
        &r.overview.title,
        &r.projection.title,
        &r.seniority_mix.title,
        &r.level_ladder.title,
        &r.experience_roadmap.title,
        &r.tc_breakdown.title,
        &r.metros.title,
        &r.skills.title,
        &r.demand.title,
        &r.ai.title,
        &r.related_roles.title,
        &r.segments.title,
        &r.negotiation.title,
        &r.faq.title,
        &r.sources.title,
    ] {
        assert!(md.contains(&format!("\n## {title}\n")), "markdown lacks {title}");
    }
    assert!(md.contains("| Level | n |"));
    let v = json(&r);
    assert_eq!(v["canonical_path"], "/salaries/backend-engineer/united-states");
    assert_eq!(v["overview"]["figures"]["base"]["measure"], "base");
    assert!(v["faq"]["figures"].as_array().unwrap().len() >= 8);
    assert_eq!(v["sources"]["figures"]["records"][0]["licence"], "CC0 1.0");
    assert!(v["segments"]["figures"].as_array().unwrap().iter().any(|t| t["dimension"] == "company"));
    let companies = v["segments"]["figures"].as_array().unwrap().iter().find(|t| t["dimension"] == "company").unwrap();
    assert_eq!(companies["segments"].as_array().unwrap().len(), 10, "never more than ten companies");
}

#[test]
fn html_page_is_self_contained_with_charts() {
    let r = build_report(engine(), &us("backend-engineer", None), &ctx());
    let page = render_html(&r);
    assert_eq!(page.canonical_path, r.canonical_path);
    let doc = html_document(&page, &[("Home", "/")], &ctx());
    assert!(doc.starts_with("<!DOCTYPE html>"));
    assert!(doc.contains("<link rel=\"canonical\" href=\"https://paygrid.example/salaries/backend-engineer/united-states\">"));
    assert!(doc.contains("<meta name=\"description\" content=\""));
    assert!(!doc.contains("<script") && !doc.contains("<link rel=\"stylesheet\""));
    for id in ["chart-distribution", "chart-trend", "chart-ladder", "chart-metros"] {
        assert!(doc.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")), "{id} missing");
    }
    assert_eq!(doc.matches("<svg").count(), doc.matches("</svg>").count());
    assert_eq!(doc.matches("<section").count(), doc.matches("</section>").count());
    assert!(doc.matches("<table").count() >= 8, "each chart has a table of its figures");
}

#[test]
fn export_site_lists_what_it_writes() {
    let files = export_site(engine(), &ctx(), 0);
    let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string_lossy().to_string()).collect();
    assert!(paths.contains(&"index.html".to_string()) && paths.contains(&"sitemap.xml".to_string()));
    for want in [
        "salaries/backend-engineer/united-states/index.html",
        "salaries/backend-engineer/seattle-tacoma-bellevue-wa/index.html",
        "salaries/backend-engineer/remote/index.html",
        "salaries/software-engineer/united-states/index.html",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want} not exported: {paths:?}");
    }
    assert!(!paths.iter().any(|p| p.contains("technical-writer")), "3 records make no page");
    let sitemap = &files.iter().find(|(p, _)| p.ends_with("sitemap.xml")).unwrap().1;
    assert!(sitemap.contains("<loc>https://paygrid.example/salaries/backend-engineer/united-states</loc>"));
    assert!(sitemap.contains("<lastmod>2026-11-22</lastmod>"));
    assert_eq!(sitemap.matches("<url>").count(), files.len() - 1, "index plus one entry per report");
    let index = &files.iter().find(|(p, _)| p.ends_with("index.html") && p.components().count() == 1).unwrap().1;
    assert!(index.contains("href=\"https://paygrid.example/salaries/backend-engineer/seattle-tacoma-bellevue-wa\""));
    // A higher threshold drops the metros (80 records each) but keeps the country.
    let fewer = export_site(engine(), &ctx(), 100);
    assert!(fewer.iter().all(|(p, _)| !p.to_string_lossy().contains("seattle")));
    assert!(fewer.iter().any(|(p, _)| p.to_string_lossy() == "salaries/backend-engineer/united-states/index.html"));
}
