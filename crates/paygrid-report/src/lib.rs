//! The market report of docs/report.md: one page per role x location (x
//! level), built from the engine's figures and rendered as JSON (the
//! [`Report`] itself), Markdown and HTML with server-side SVG charts; plus
//! the URL scheme and the static-site export that share it.
//!
//! Pure, like the engine: no IO and no clock. The caller passes "generated
//! at", the site's base URL and the sources' licences in a
//! [`ReportContext`], and writes the returned strings wherever it likes.
//!
//! The seed pages our users know (template salary pages) fix which
//! sections a report has; here every section is computed, and a section the
//! data cannot fill says so instead of filling itself with words.

mod advice;
mod build;
pub mod fmt;
mod html;
mod markdown;
mod model;
mod site;
pub mod slug;
pub mod svg;

pub use build::{build_report, SHOWN_METROS};
pub use html::{escape_html, html_document, render_html, HtmlPage, STYLE};
pub use markdown::render_markdown;
pub use model::*;
pub use site::{export_site, render_index, sitemap_xml, SitePage};
pub use slug::{location_slug, parse_location_slug, parse_report_path, report_path};

/// What every report says of its records, in its footer and its sources
/// section.
pub const SAMPLE_NOTE: &str = "The records are self-selected, unweighted samples: people who chose to report their pay, and the job postings a site collected. They are not a random survey of employers, and nothing reweights them to the workforce.";

/// What a report needs from its caller.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportContext {
    /// When the page was generated, as the caller wants it shown (ISO 8601).
    pub generated_at: String,
    /// Today, for the old-data notice (a report is old when its newest
    /// records are; the crate has no clock). [`ReportContext::new`] reads it
    /// from the start of `generated_at`; None shows no notice.
    pub today: Option<paygrid_domain::record::Date>,
    /// Scheme and host (and optional prefix) of canonical links, without a
    /// trailing slash: `https://paygrid.example`. Empty gives relative links.
    pub base_url: String,
    pub site_name: String,
    /// Every loaded source with its licence (the engine knows none).
    pub sources: Vec<SourceNote>,
    /// Path of the methodology page, linked from every report.
    pub methodology_path: String,
}

impl ReportContext {
    pub fn new(generated_at: impl Into<String>, base_url: impl Into<String>) -> ReportContext {
        let generated_at = generated_at.into();
        ReportContext {
            today: generated_at.get(..10).and_then(paygrid_domain::record::Date::parse_iso),
            generated_at,
            base_url: base_url.into().trim_end_matches('/').to_string(),
            site_name: "paygrid".to_string(),
            sources: Vec::new(),
            methodology_path: "/methodology".to_string(),
        }
    }

    /// Absolute URL of a site path (relative when `base_url` is empty).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }
}
