//! The role catalogue (docs/normalization.md).

use std::fmt;

/// A kebab-case role slug, e.g. `backend-engineer`. Built only through
/// [`RoleId::parse`] / [`slugify`] so every id in the system is a valid slug.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleId(String);

impl RoleId {
    /// Accepts an existing slug (lowercase ascii letters, digits, single '-').
    pub fn parse(s: &str) -> Option<RoleId> {
        let ok = !s.is_empty()
            && s.len() <= 80
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        ok.then(|| RoleId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For ids taken from the catalogue, which are valid slugs by construction
    /// (a test checks every entry), so the per-row check of `parse` is skipped.
    pub(crate) fn from_catalogue(id: &'static str) -> RoleId {
        RoleId(id.to_string())
    }

    /// The catalogue entry, `None` for an unknown title's own slug.
    pub fn def(&self) -> Option<&'static RoleDef> {
        role_def(&self.0)
    }
}

impl fmt::Display for RoleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleDef {
    pub id: &'static str,
    pub name: &'static str,
    /// The family this specialization rolls up to (None for a family root).
    pub parent: Option<&'static str>,
    /// SOC occupation code, e.g. `15-1252`.
    pub soc: &'static str,
}

/// Every known role.
///
/// The tree is specialization -> family root -> SOC occupation, so that a thin
/// cell can borrow from its family and then from its SOC (see [`ancestors`]).
/// A child always carries its root's SOC code (checked by a test), which keeps
/// that last roll-up step unambiguous.
///
/// SOC choices that are judgement calls:
/// - `data-analyst` uses 15-2051 (Data Scientists) rather than 15-2041
///   (Statisticians): O*NET files business-intelligence analysts under
///   15-2051.01 and the 15-2051 definition ("transform raw data into meaningful
///   information") describes analyst work; statisticians keep 15-2041.
/// - `product-manager` uses 11-2021 (Marketing Managers): of the candidate codes
///   its wage scale is the nearest to product managers'; 13-1199 (Business
///   Operations Specialists, All Other) is a catch-all paid about half as much,
///   so metro ratios against it would mislead.
/// - `data-engineer` uses 15-1243 (Database Architects, which includes
///   15-1243.01 Data Warehousing Specialists): BLS has no data-engineer code and
///   pipeline/ETL work is described there.
/// - DevOps, SRE, cloud and platform engineers sit under `software-engineer`
///   (15-1252) because Levels.fyi files them as software engineers by
///   specialization and they are paid on that scale, not the 15-1244 one.
/// - `technical-program-manager` and `project-manager` share 13-1082 (Project
///   Management Specialists) but are separate families: TPM pay is far above
///   general project management, so they must not pool before the SOC step.
/// - `academic-researcher` uses 25-1021 (Computer Science Teachers,
///   Postsecondary): the Stack Overflow respondents who pick it are mostly
///   computing academics.
pub fn catalogue() -> &'static [RoleDef] {
    CATALOGUE
}

const fn r(id: &'static str, name: &'static str, parent: Option<&'static str>, soc: &'static str) -> RoleDef {
    RoleDef { id, name, parent, soc }
}

const SWE: Option<&str> = Some("software-engineer");

static CATALOGUE: &[RoleDef] = &[
    // Software development (15-1252) and its specializations.
    r("software-engineer", "Software Engineer", None, "15-1252"),
    r("backend-engineer", "Backend Engineer", SWE, "15-1252"),
    r("frontend-engineer", "Frontend Engineer", SWE, "15-1252"),
    r("full-stack-engineer", "Full-Stack Engineer", SWE, "15-1252"),
    r("mobile-engineer", "Mobile Engineer", SWE, "15-1252"),
    r("ios-engineer", "iOS Engineer", Some("mobile-engineer"), "15-1252"),
    r("android-engineer", "Android Engineer", Some("mobile-engineer"), "15-1252"),
    r("embedded-engineer", "Embedded Software Engineer", SWE, "15-1252"),
    r("desktop-engineer", "Desktop & Enterprise Application Developer", SWE, "15-1252"),
    r("game-developer", "Game & Graphics Developer", SWE, "15-1252"),
    r("devops-engineer", "DevOps Engineer", SWE, "15-1252"),
    r("site-reliability-engineer", "Site Reliability Engineer", Some("devops-engineer"), "15-1252"),
    r("cloud-engineer", "Cloud Infrastructure Engineer", Some("devops-engineer"), "15-1252"),
    r("platform-engineer", "Platform Engineer", Some("devops-engineer"), "15-1252"),
    r("machine-learning-engineer", "Machine Learning Engineer", SWE, "15-1252"),
    r("ai-engineer", "AI Engineer", Some("machine-learning-engineer"), "15-1252"),
    r("robotics-engineer", "Robotics Software Engineer", SWE, "15-1252"),
    r("computer-programmer", "Computer Programmer", None, "15-1251"),
    r("qa-engineer", "QA / Test Engineer", None, "15-1253"),
    r("security-engineer", "Security Engineer", None, "15-1212"),
    // Data.
    r("data-engineer", "Data Engineer", None, "15-1243"),
    r("analytics-engineer", "Analytics Engineer", Some("data-engineer"), "15-1243"),
    r("business-intelligence-engineer", "Business Intelligence Engineer", Some("data-engineer"), "15-1243"),
    r("data-architect", "Data Architect", Some("data-engineer"), "15-1243"),
    r("data-scientist", "Data Scientist", None, "15-2051"),
    r("data-analyst", "Data Analyst", None, "15-2051"),
    r("business-intelligence-analyst", "Business Intelligence Analyst", Some("data-analyst"), "15-2051"),
    r("statistician", "Statistician", None, "15-2041"),
    r("research-scientist", "Research Scientist", None, "15-1221"),
    r("applied-scientist", "Applied Scientist", Some("research-scientist"), "15-1221"),
    r("research-engineer", "Research Engineer", Some("research-scientist"), "15-1221"),
    r("academic-researcher", "Academic Researcher", None, "25-1021"),
    r("bioinformatics-scientist", "Bioinformatics Scientist", None, "19-1029"),
    // Architecture, systems, IT.
    r("solutions-architect", "Solutions Architect", None, "15-1299"),
    r("software-architect", "Software Architect", Some("solutions-architect"), "15-1299"),
    r("cloud-architect", "Cloud Architect", Some("solutions-architect"), "15-1299"),
    r("systems-engineer", "Systems Engineer", None, "15-1299"),
    r("systems-analyst", "Computer Systems Analyst", None, "15-1211"),
    r("database-administrator", "Database Administrator", None, "15-1242"),
    r("network-engineer", "Network Engineer", None, "15-1241"),
    r("systems-administrator", "Systems Administrator", None, "15-1244"),
    r("support-engineer", "Technical Support Engineer", None, "15-1232"),
    // Management of technology.
    r("engineering-manager", "Engineering Manager", None, "11-3021"),
    r("it-manager", "IT Manager", Some("engineering-manager"), "11-3021"),
    r("data-science-manager", "Data Science & Analytics Manager", Some("engineering-manager"), "11-3021"),
    // Product, program, design.
    r("product-manager", "Product Manager", None, "11-2021"),
    r("technical-program-manager", "Technical Program Manager", None, "13-1082"),
    r("project-manager", "Project Manager", None, "13-1082"),
    r("program-manager", "Program Manager", Some("project-manager"), "13-1082"),
    r("product-designer", "Product Designer", None, "15-1255"),
    r("ux-researcher", "UX Researcher", Some("product-designer"), "15-1255"),
    r("technical-writer", "Technical Writer", None, "27-3042"),
    // Hardware and other engineering.
    r("hardware-engineer", "Hardware Engineer", None, "17-2061"),
    r("electrical-engineer", "Electrical Engineer", None, "17-2071"),
    r("mechanical-engineer", "Mechanical Engineer", None, "17-2141"),
    // Business.
    r("business-analyst", "Business Analyst", None, "13-1111"),
    r("consultant", "Consultant", None, "13-1111"),
    r("financial-analyst", "Financial Analyst", None, "13-2051"),
    r("quantitative-analyst", "Quantitative Analyst", Some("financial-analyst"), "13-2051"),
    r("accountant", "Accountant", None, "13-2011"),
    r("financial-manager", "Financial Manager", None, "11-3031"),
    r("human-resources", "Human Resources Specialist", None, "13-1071"),
    r("recruiter", "Recruiter", Some("human-resources"), "13-1071"),
    r("sales", "Sales Representative", None, "41-3091"),
    r("account-executive", "Account Executive", Some("sales"), "41-3091"),
    r("account-manager", "Account Manager", Some("sales"), "41-3091"),
    r("business-development", "Business Development", Some("sales"), "41-3091"),
    r("sales-engineer", "Sales Engineer", None, "41-9031"),
    r("marketing", "Marketing", None, "11-2021"),
    r("product-marketing-manager", "Product Marketing Manager", Some("marketing"), "11-2021"),
    r("general-manager", "General & Operations Manager", None, "11-1021"),
    r("purchasing-manager", "Purchasing Manager", None, "11-3061"),
    r("executive", "Chief Executive", None, "11-1011"),
];

/// Looks a role up by id. Linear over ~70 entries: faster than hashing for
/// this size, and it keeps the catalogue a plain static table.
pub fn role_def(id: &str) -> Option<&'static RoleDef> {
    catalogue().iter().find(|r| r.id == id)
}

impl RoleDef {
    /// The parent entry; `None` for a family root.
    pub fn parent_def(&self) -> Option<&'static RoleDef> {
        self.parent.and_then(role_def)
    }

    /// The family root this role rolls up to (itself for a root).
    pub fn family(&self) -> &'static RoleDef {
        let mut cur = role_def(self.id).expect("catalogue entry");
        while let Some(p) = cur.parent_def() {
            cur = p;
        }
        cur
    }

    pub fn role_id(&self) -> RoleId {
        RoleId(self.id.to_string())
    }
}

/// The family root id of a catalogue role, `None` for a role outside it.
pub fn family_of(id: &str) -> Option<&'static str> {
    role_def(id).map(|d| d.family().id)
}

/// The SOC code a role rolls up to, `None` outside the catalogue.
pub fn soc_of(id: &str) -> Option<&'static str> {
    role_def(id).map(|d| d.soc)
}

/// The roll-up chain for thin cells: the role itself, then each parent up to
/// its family root. Empty for a role outside the catalogue (an unknown title's
/// slug has nothing to roll up to except "all roles"). The SOC code is the
/// next step after the last element ([`soc_of`]).
pub fn ancestors(id: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut cur = role_def(id);
    while let Some(d) = cur {
        out.push(d.id);
        cur = d.parent_def();
    }
    out
}

/// Direct children of a role (specializations one step down).
pub fn children(id: &str) -> impl Iterator<Item = &'static RoleDef> + '_ {
    catalogue().iter().filter(move |d| d.parent == Some(id))
}

/// Every catalogue role whose SOC code is `soc`.
pub fn roles_for_soc(soc: &str) -> impl Iterator<Item = &'static RoleDef> + '_ {
    catalogue().iter().filter(move |d| d.soc == soc)
}

/// The role id of a title outside the catalogue: its [`crate::slug::slugify`],
/// at most 80 characters; `unknown` for text with no letters or digits.
pub fn slugify(text: &str) -> RoleId {
    let mut out = crate::slug::slugify(text);
    if out.len() > 80 {
        out.truncate(80);
        out = out.trim_end_matches('-').to_string();
    }
    RoleId::parse(&out).unwrap_or_else(|| RoleId("unknown".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_ids_are_unique_valid_slugs() {
        let mut seen = HashSet::new();
        for d in catalogue() {
            assert!(seen.insert(d.id), "duplicate {}", d.id);
            assert_eq!(RoleId::parse(d.id).map(|r| r.0), Some(d.id.to_string()));
            assert!(!d.name.is_empty());
        }
        assert!(catalogue().len() >= 40);
    }

    #[test]
    fn soc_codes_are_well_formed_and_children_share_the_root_soc() {
        for d in catalogue() {
            let b = d.soc.as_bytes();
            assert!(
                b.len() == 7 && b[2] == b'-' && b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit()),
                "{} has SOC {}",
                d.id,
                d.soc
            );
            if let Some(p) = d.parent {
                let parent = role_def(p).unwrap_or_else(|| panic!("{} has unknown parent {p}", d.id));
                assert_eq!(d.soc, parent.soc, "{} vs parent {}", d.id, p);
            }
        }
    }

    #[test]
    fn hierarchy_has_no_cycles_and_rolls_up() {
        for d in catalogue() {
            let chain = ancestors(d.id);
            assert!(chain.len() <= 4, "{} chain too deep: {chain:?}", d.id);
            assert_eq!(chain[0], d.id);
            assert_eq!(*chain.last().unwrap(), d.family().id);
            assert!(d.family().parent.is_none());
        }
        assert_eq!(ancestors("backend-engineer"), vec!["backend-engineer", "software-engineer"]);
        assert_eq!(ancestors("ios-engineer"), vec!["ios-engineer", "mobile-engineer", "software-engineer"]);
        assert_eq!(
            ancestors("site-reliability-engineer"),
            vec!["site-reliability-engineer", "devops-engineer", "software-engineer"]
        );
        assert_eq!(soc_of("backend-engineer"), Some("15-1252"));
        assert_eq!(family_of("ai-engineer"), Some("software-engineer"));
        assert_eq!(family_of("recruiter"), Some("human-resources"));
        assert!(ancestors("pastry-chef").is_empty());
        assert_eq!(family_of("pastry-chef"), None);
    }

    #[test]
    fn required_roles_and_soc_codes() {
        for (id, soc) in [
            ("software-engineer", "15-1252"),
            ("backend-engineer", "15-1252"),
            ("frontend-engineer", "15-1252"),
            ("full-stack-engineer", "15-1252"),
            ("mobile-engineer", "15-1252"),
            ("devops-engineer", "15-1252"),
            ("site-reliability-engineer", "15-1252"),
            ("security-engineer", "15-1212"),
            ("qa-engineer", "15-1253"),
            ("embedded-engineer", "15-1252"),
            ("data-engineer", "15-1243"),
            ("data-scientist", "15-2051"),
            ("data-analyst", "15-2051"),
            ("machine-learning-engineer", "15-1252"),
            ("research-scientist", "15-1221"),
            ("ai-engineer", "15-1252"),
            ("analytics-engineer", "15-1243"),
            ("business-intelligence-analyst", "15-2051"),
            ("data-architect", "15-1243"),
            ("solutions-architect", "15-1299"),
            ("engineering-manager", "11-3021"),
            ("product-manager", "11-2021"),
            ("technical-program-manager", "13-1082"),
            ("project-manager", "13-1082"),
            ("product-designer", "15-1255"),
            ("hardware-engineer", "17-2061"),
            ("database-administrator", "15-1242"),
            ("network-engineer", "15-1241"),
            ("systems-administrator", "15-1244"),
            ("business-analyst", "13-1111"),
            ("consultant", "13-1111"),
            ("recruiter", "13-1071"),
            ("sales", "41-3091"),
            ("marketing", "11-2021"),
            ("mechanical-engineer", "17-2141"),
        ] {
            assert_eq!(soc_of(id), Some(soc), "{id}");
        }
    }

    #[test]
    fn children_and_soc_lookup() {
        let kids: Vec<_> = children("mobile-engineer").map(|d| d.id).collect();
        assert_eq!(kids, vec!["ios-engineer", "android-engineer"]);
        let soc: Vec<_> = roles_for_soc("13-1082").map(|d| d.id).collect();
        assert!(soc.contains(&"project-manager") && soc.contains(&"technical-program-manager"));
        let r = role_def("data-engineer").unwrap().role_id();
        assert_eq!(r.def().map(|d| d.name), Some("Data Engineer"));
        assert!(slugify("Pastry Chef").def().is_none());
    }

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("Senior Backend Developer").as_str(), "senior-backend-developer");
        assert_eq!(slugify("  C++ / Qt dev ").as_str(), "c-qt-dev");
        assert_eq!(slugify("ÜBER").as_str(), "uber");
        assert_eq!(slugify("").as_str(), "unknown");
        assert_eq!(slugify("!!!").as_str(), "unknown");
        assert!(slugify(&"x".repeat(200)).as_str().len() <= 80);
    }
}
