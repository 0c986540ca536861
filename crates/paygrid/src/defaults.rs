//! The embedded default data (licences allow redistribution): OEWS May 2025
//! (public domain), aijobs.net and devops-jobs.net salaries (CC0).

use paygrid_domain::SourceKind;

pub struct Embedded {
    pub kind: SourceKind,
    pub name: &'static str,
    pub bytes: &'static [u8],
    pub licence: &'static str,
}

pub const DEFAULTS: &[Embedded] = &[
    Embedded {
        kind: SourceKind::Oews,
        name: "oews_may2025_all_occupations_cross_industry.csv.gz",
        bytes: include_bytes!("../../../data/oews/oews_may2025_all_occupations_cross_industry.csv.gz"),
        licence: "public domain (US Bureau of Labor Statistics, OEWS May 2025)",
    },
    Embedded {
        kind: SourceKind::Aijobs,
        name: "aijobs_net_salaries_2025-01-19.csv",
        bytes: include_bytes!("../../../data/records/aijobs_net_salaries_2025-01-19.csv.gz"),
        licence: "CC0 1.0 (aijobs.net)",
    },
    Embedded {
        kind: SourceKind::Aijobs,
        name: "devops_jobs_net_salaries_2020-2021.csv",
        bytes: include_bytes!("../../../data/records/devops_jobs_net_salaries_2020-2021.csv"),
        licence: "CC0 1.0 (devops-jobs.net)",
    },
];

/// The licence shown for a user's import of `kind` when none is given.
pub fn default_licence(kind: SourceKind) -> Option<&'static str> {
    match kind {
        SourceKind::Oews => Some("public domain (US Bureau of Labor Statistics)"),
        SourceKind::H1bLca => Some("public domain (US Department of Labor)"),
        SourceKind::Aijobs => Some("CC0 1.0"),
        SourceKind::StackOverflow => Some("ODbL 1.0 (Stack Overflow Developer Survey)"),
        SourceKind::LevelsFyi => Some("unclear: third-party scrape of levels.fyi; do not redistribute"),
        SourceKind::Generic | SourceKind::Submission => None,
    }
}
