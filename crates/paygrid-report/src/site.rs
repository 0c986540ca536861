//! The static site (`paygrid export-site`): one report page per role x
//! location with enough records, an index and a sitemap. Returns files as
//! (relative path, contents); the binary writes them.
//!
//! Pages live at `salaries/{role}/{location}/index.html`, so a static host
//! serves them at the same `/salaries/{role}/{location}` address the web
//! server uses ([`crate::report_path`]).

use crate::fmt::count;
use crate::html::{escape_html, html_document, render_html, HtmlPage};
use crate::slug::report_path;
use crate::{build_report, ReportContext};
use paygrid_domain::role::catalogue;
use paygrid_engine::{Area, AreaInfo, CellQuery, Engine};
use std::fmt::Write;
use std::path::PathBuf;

/// One exported report, for the index and the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePage {
    pub role_id: String,
    pub role_name: String,
    pub location: AreaInfo,
    /// Records of the role there (at least the floor).
    pub n: usize,
    pub path: String,
    pub title: String,
}

/// Every page of the static site: a report per catalogue role and place
/// (United States and other countries, US metros, remote) where the role has
/// at least `min_n` records (never fewer than the floor), the index and
/// `sitemap.xml`.
pub fn export_site(engine: &Engine, ctx: &ReportContext, min_n: usize) -> Vec<(PathBuf, String)> {
    let mut cells: Vec<(CellQuery, SitePage)> = Vec::new();
    for def in catalogue() {
        let probe = CellQuery::new(def.id, None, Area::Country("US".to_string()));
        for a in engine.areas_with_data(&probe, min_n) {
            let path = report_path(def.id, &a.area, None);
            let page = SitePage {
                role_id: def.id.to_string(),
                role_name: def.name.to_string(),
                location: a.location.clone(),
                n: a.n,
                title: format!("{} salary in {}", def.name, a.location.name),
                path,
            };
            cells.push((probe.with_area(a.area), page));
        }
    }
    let nav = site_nav(ctx);
    let nav_refs: Vec<(&str, &str)> = nav.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    // Reports are independent and the engine is shared read-only, so they
    // are built on every core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = cells.len().div_ceil(threads).max(1);
    let mut files: Vec<(PathBuf, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = cells
            .chunks(chunk)
            .map(|part| {
                let nav_refs = &nav_refs;
                scope.spawn(move || {
                    part.iter()
                        .map(|(q, page)| {
                            let html = html_document(&render_html(&build_report(engine, q, ctx)), nav_refs, ctx);
                            (page_file(&page.path), html)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("report thread")).collect()
    });
    let pages: Vec<SitePage> = cells.into_iter().map(|(_, p)| p).collect();
    files.push((PathBuf::from("index.html"), render_index(&pages, ctx)));
    files.push((PathBuf::from("sitemap.xml"), sitemap_xml(&pages, ctx)));
    files
}

fn page_file(path: &str) -> PathBuf {
    PathBuf::from(path.trim_start_matches('/')).join("index.html")
}

fn site_nav(ctx: &ReportContext) -> Vec<(String, String)> {
    vec![("All salary pages".to_string(), ctx.url("/")), ("Methodology".to_string(), ctx.url(&ctx.methodology_path))]
}

/// The index page: every exported report, grouped by role.
pub fn render_index(pages: &[SitePage], ctx: &ReportContext) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Salary reports</h1><p class=\"lede\">{} pages, one per role and location with at least the privacy floor of records. Every figure is computed from the records, with its sample size and 95% confidence interval.</p>",
        count(pages.len())
    );
    let mut roles: Vec<&str> = pages.iter().map(|p| p.role_id.as_str()).collect();
    roles.dedup();
    for role in roles {
        let group: Vec<&SitePage> = pages.iter().filter(|p| p.role_id == role).collect();
        let _ = write!(
            body,
            "<section><h2 id=\"{}\">{}</h2><ul class=\"cols\">",
            escape_html(role),
            escape_html(&group[0].role_name)
        );
        for p in group {
            let _ = write!(
                body,
                "<li><a href=\"{}\">{}</a> <span class=\"small\">({} records)</span></li>",
                escape_html(&ctx.url(&p.path)),
                escape_html(&p.location.name),
                count(p.n)
            );
        }
        body.push_str("</ul></section>");
    }
    let page = HtmlPage {
        title: "Salary reports".to_string(),
        description: format!("{} salary reports by role and location, computed from real pay records.", count(pages.len())),
        canonical_path: "/".to_string(),
        body_html: body,
    };
    let nav = site_nav(ctx);
    let nav_refs: Vec<(&str, &str)> = nav.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    html_document(&page, &nav_refs, ctx)
}

/// `sitemap.xml` of the index and every report; `lastmod` is the date part
/// of the context's generation time.
pub fn sitemap_xml(pages: &[SitePage], ctx: &ReportContext) -> String {
    let date: String = ctx.generated_at.chars().take(10).collect();
    let valid_date =
        date.len() == 10 && date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in std::iter::once("/").chain(pages.iter().map(|p| p.path.as_str())) {
        let _ = write!(out, "  <url><loc>{}</loc>", escape_html(&ctx.url(path)));
        if valid_date {
            let _ = write!(out, "<lastmod>{date}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
