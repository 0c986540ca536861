//! Job title -> role + level.
//!
//! A title is read as a bag of features (domain words such as "backend" or
//! "data", function words such as "engineer" or "analyst", management words)
//! after merging the phrases that mean one thing ("back end", "machine
//! learning", "member of technical staff", "product manager"). An ordered rule
//! list then picks the role, so "Senior Backend Developer", "Sr. Back-end Dev",
//! "Lead Backend Specialist" and "Software Engineer II, Backend" all land on
//! `backend-engineer`, each with its own level.
//!
//! Source conventions:
//! - Levels.fyi: `title` is the title, `tag` goes in `hints.specialization`;
//!   the tag only refines a generic `software-engineer` ("Software Engineer" +
//!   "Distributed Systems (Back-End)" -> `backend-engineer`), it never turns a
//!   product manager into an engineer. `level` goes in `hints.company_level`
//!   with `hints.company`.
//! - Stack Overflow survey: pass the `DevType` answer as the title (it is the
//!   respondent's job); it is also accepted as `hints.specialization` under an
//!   empty or generic title. DevType answers are matched exactly first.
//! - ai-jobs.net: `experience_level` (EN/MI/SE/EX) goes in `hints.level_text`.
//! - H-1B LCA: uppercase titles work as they are.
//!
//! Level precedence: `hints.level_text` > company ladder (`hints.company` +
//! `hints.company_level`) > title words > `hints.years_experience`
//! ([`Level::from_years`]). One exception: a management title ("Engineering
//! Manager", "Head of Data", "Director of Engineering") fixes the track, so it
//! is `manager` whatever IC rung another source gives, and only executive
//! evidence from any source (director, VP, C-level, `EX`) raises it to
//! `executive`.
//!
//! Bare generic titles are decided as follows, since every source we import is
//! a technology source where they have one dominant meaning: "Engineer" and
//! "Developer" -> `software-engineer`, "Analyst" -> `data-analyst`,
//! "Scientist" -> `research-scientist`, "Designer" -> `product-designer`.
//! "Manager", "Director", "Vice President", "Associate", "Architect",
//! "Specialist" name no role and stay unknown (with their level).

use crate::ladder::company_level;
use crate::level::Level;
use crate::level_words::{scan, Lower, Mode, Tok, Tokens};
use crate::role::{slugify, RoleId};

/// Extra fields a source gives beside the title, used to decide role and level.
#[derive(Debug, Clone, Copy, Default)]
pub struct TitleHints<'a> {
    pub company: Option<&'a str>,
    /// Company-specific level, e.g. Google `L5`, Microsoft `62`, Amazon `SDE II`.
    pub company_level: Option<&'a str>,
    /// Source's specialization field: Levels.fyi `tag`, e.g. "Distributed Systems (Back-End)".
    pub specialization: Option<&'a str>,
    /// A source's own level column: `EN/MI/SE/EX` or a generic level word.
    pub level_text: Option<&'a str>,
    pub years_experience: Option<f64>,
}

/// How the level was decided (reported, and used to weigh evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelSource {
    LevelText,
    CompanyLadder,
    Title,
    Years,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMatch {
    pub role: RoleId,
    pub level: Option<Level>,
    pub level_source: LevelSource,
    /// False when the title is not in the catalogue and `role` is its own slug.
    pub known: bool,
}

pub fn normalize_title(title: &str, hints: &TitleHints<'_>) -> TitleMatch {
    let spec = hints.specialization.map(str::trim).filter(|s| !s.is_empty() && !is_na(s));
    // An empty title with a specialization (Stack Overflow DevType passed as
    // specialization) is read from the specialization.
    let from_spec = title.trim().is_empty() && spec.is_some();
    let text = if from_spec { spec.unwrap_or(title) } else { title };
    let lower = Lower::new(text);
    let toks = Tokens::new(lower.as_str());
    let words = scan(toks.as_slice(), Mode::Title);
    let boss = words.manager || words.executive;

    let mut role = so_devtype(lower.as_str()).or_else(|| classify(toks.as_slice(), boss));
    if role == Some("software-engineer") && !from_spec {
        if let Some(spec) = spec {
            if let Some(r) = specialization_role(spec) {
                role = Some(r);
            }
        }
    }

    let (level, level_source) = decide_level(hints, words.level(), words.manager, words.executive);
    match role {
        Some(id) => TitleMatch { role: RoleId::from_catalogue(id), level, level_source, known: true },
        None => TitleMatch { role: slugify(text), level, level_source, known: false },
    }
}

/// Whether free text reads like a job title: a few words, one of them a
/// word that names a job ("engineer", "analyst", "manager", …), and none of
/// the survey filler that answers "other" ("please specify", "salary").
/// Titles outside the catalogue get a page or a suggestion only when they
/// pass (and have enough records): "Pricing Analyst" does, "Bear Robotics"
/// and "Other (please specify) salary" do not.
pub fn looks_like_job_title(text: &str) -> bool {
    const JOB_WORDS: &[&str] = &[
        "accountant",
        "actuary",
        "administrator",
        "admin",
        "advisor",
        "adviser",
        "agent",
        "analyst",
        "analista",
        "architect",
        "assistant",
        "associate",
        "attorney",
        "auditor",
        "ceo",
        "cfo",
        "chemist",
        "consultant",
        "coordinator",
        "counsel",
        "cto",
        "designer",
        "dev",
        "developer",
        "desarrollador",
        "director",
        "economist",
        "editor",
        "engineer",
        "ingeniero",
        "executive",
        "fellow",
        "founder",
        "head",
        "integrator",
        "intern",
        "lawyer",
        "lead",
        "manager",
        "mathematician",
        "nurse",
        "officer",
        "operator",
        "partner",
        "physicist",
        "planner",
        "president",
        "professor",
        "programmer",
        "recruiter",
        "reporter",
        "representative",
        "researcher",
        "scientist",
        "specialist",
        "statistician",
        "strategist",
        "supervisor",
        "teacher",
        "technician",
        "tester",
        "vp",
        "writer",
    ];
    const FILLER: &[&str] = &["please", "specify", "other", "salary", "n/a", "none", "unknown", "test", "wage"];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric() && c != '/').filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 8
        && !words.iter().any(|w| FILLER.contains(w))
        && words.iter().any(|w| JOB_WORDS.contains(&w.trim_end_matches('s')) || JOB_WORDS.contains(w))
}

/// Role of a title alone, without hints: `None` when the title is not in the
/// catalogue. Cheaper than [`normalize_title`] when only the role is needed
/// (autocomplete, search).
pub fn title_role(title: &str) -> Option<&'static str> {
    let lower = Lower::new(title);
    let toks = Tokens::new(lower.as_str());
    let words = scan(toks.as_slice(), Mode::Title);
    so_devtype(lower.as_str()).or_else(|| classify(toks.as_slice(), words.manager || words.executive))
}

/// The role a specialization field (Levels.fyi tag, Stack Overflow DevType)
/// names for someone whose title is just "Software Engineer". `None` for tags
/// that do not change the role ("NA", "Networking", "Production", "Product").
pub fn specialization_role(spec: &str) -> Option<&'static str> {
    let lower = Lower::new(spec);
    if let Some(r) = so_devtype(lower.as_str()) {
        return Some(r);
    }
    // Levels.fyi files each tag under a side in parentheses ("ETL (Back-End)",
    // "Web Development (Front-End)"); that category is the site's own call
    // and beats the words before it.
    if lower.as_str().ends_with("(back-end)") {
        return Some("backend-engineer");
    }
    if lower.as_str().ends_with("(front-end)") {
        return Some("frontend-engineer");
    }
    let toks = Tokens::new(lower.as_str());
    let feat = features(toks.as_slice());
    tech_domain(feat.f, true, true)
}

fn is_na(s: &str) -> bool {
    matches!(s, "NA" | "N/A" | "na" | "n/a" | "None" | "none" | "-" | "null" | "NULL")
}

fn decide_level(
    hints: &TitleHints<'_>,
    title_level: Option<Level>,
    title_manager: bool,
    title_executive: bool,
) -> (Option<Level>, LevelSource) {
    let from_text = hints.level_text.filter(|s| !is_na(s.trim())).and_then(Level::parse_word);
    let from_ladder = hints.company_level.filter(|s| !is_na(s.trim())).and_then(|cl| company_level(hints.company, cl));
    if title_executive || title_manager {
        if from_text == Some(Level::Executive) {
            return (from_text, LevelSource::LevelText);
        }
        if from_ladder == Some(Level::Executive) && !title_executive {
            return (from_ladder, LevelSource::CompanyLadder);
        }
        return (title_level, LevelSource::Title);
    }
    if from_text.is_some() {
        return (from_text, LevelSource::LevelText);
    }
    if from_ladder.is_some() {
        return (from_ladder, LevelSource::CompanyLadder);
    }
    if title_level.is_some() {
        return (title_level, LevelSource::Title);
    }
    match hints.years_experience.and_then(Level::from_years) {
        Some(l) => (Some(l), LevelSource::Years),
        None => (None, LevelSource::None),
    }
}

/// Stack Overflow developer-survey `DevType` answers (2023–2025 wording),
/// matched on the lowercase trimmed text.
fn so_devtype(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "developer, back-end" => "backend-engineer",
        "developer, front-end" => "frontend-engineer",
        "developer, full-stack" => "full-stack-engineer",
        "developer, mobile" => "mobile-engineer",
        "developer, desktop or enterprise applications" => "desktop-engineer",
        "developer, embedded applications or devices" => "embedded-engineer",
        "developer, game or graphics" => "game-developer",
        "developer, qa or test" => "qa-engineer",
        "developer, ai apps or physical ai" | "developer, ai" => "ai-engineer",
        "developer experience" | "developer advocate" | "blockchain" => "software-engineer",
        "engineering manager" => "engineering-manager",
        "devops engineer or professional" | "devops specialist" => "devops-engineer",
        "engineer, site reliability" => "site-reliability-engineer",
        "cloud infrastructure engineer" => "cloud-engineer",
        "data engineer" | "engineer, data" => "data-engineer",
        "ai/ml engineer" => "machine-learning-engineer",
        "data scientist" | "data scientist or machine learning specialist" => "data-scientist",
        "data or business analyst" => "data-analyst",
        "applied scientist" => "applied-scientist",
        "scientist" | "research & development role" => "research-scientist",
        "academic researcher" => "academic-researcher",
        "architect, software or solutions" => "solutions-architect",
        "database administrator or engineer" | "database administrator" => "database-administrator",
        "system administrator" => "systems-administrator",
        "cybersecurity or infosec professional" | "security professional" => "security-engineer",
        "support engineer or analyst" => "support-engineer",
        "financial analyst or engineer" => "financial-analyst",
        "hardware engineer" => "hardware-engineer",
        "project manager" => "project-manager",
        "product manager" => "product-manager",
        "designer" => "product-designer",
        "marketing or sales professional" => "marketing",
        "senior executive (c-suite, vp, etc.)" | "senior executive/vp" => "executive",
        "founder, technology or otherwise" => "executive",
        _ => return None,
    })
}

type F = u128;

// Domain words.
const SOFTWARE: F = 1 << 0;
const APPLICATION: F = 1 << 1;
const BACKEND: F = 1 << 2;
const FRONTEND: F = 1 << 3;
const FULLSTACK: F = 1 << 4;
const MOBILE: F = 1 << 5;
const IOS: F = 1 << 6;
const ANDROID: F = 1 << 7;
const WEB: F = 1 << 8;
const DEVOPS: F = 1 << 9;
const SRE: F = 1 << 10;
const CLOUD: F = 1 << 11;
const PLATFORM: F = 1 << 12;
const INFRA: F = 1 << 13;
const SECURITY: F = 1 << 14;
const QA: F = 1 << 15;
const EMBEDDED: F = 1 << 16;
const DATA: F = 1 << 17;
const ML: F = 1 << 18;
const AI: F = 1 << 19;
const ANALYTICS: F = 1 << 20;
const BI: F = 1 << 21;
const SCIENCE: F = 1 << 22;
const RESEARCH: F = 1 << 23;
const APPLIED: F = 1 << 24;
const UX: F = 1 << 25;
const DESIGN: F = 1 << 26;
const PRODUCT: F = 1 << 27;
const PROGRAM: F = 1 << 28;
const PROJECT: F = 1 << 29;
const MANAGEMENT: F = 1 << 30;
const SALES: F = 1 << 31;
const ACCOUNT: F = 1 << 32;
const MARKETING: F = 1 << 33;
const BUSINESS: F = 1 << 34;
const DEVELOPMENT: F = 1 << 35;
const SOLUTIONS: F = 1 << 36;
const ENTERPRISE: F = 1 << 37;
const SUPPORT: F = 1 << 38;
const FINANCE: F = 1 << 39;
const QUANT: F = 1 << 40;
const ACCOUNTING: F = 1 << 41;
const STATISTICS: F = 1 << 42;
const TECH: F = 1 << 43;
const IT: F = 1 << 44;
const SYSTEMS: F = 1 << 45;
const NETWORK: F = 1 << 46;
const DATABASE: F = 1 << 47;
const HARDWARE: F = 1 << 48;
const MECHANICAL: F = 1 << 49;
const ELECTRICAL: F = 1 << 50;
const ROBOTICS: F = 1 << 51;
const GAME: F = 1 << 52;
const DESKTOP: F = 1 << 53;
const OPERATIONS: F = 1 << 54;
const GENERAL: F = 1 << 55;
const PURCHASING: F = 1 << 56;
const BIO: F = 1 << 57;
const ACADEMIC: F = 1 << 58;
const HR: F = 1 << 59;
const CONSULTING: F = 1 << 60;
const ENGINEERING: F = 1 << 61;
/// "Quality" alone: software QA next to an engineering or analyst word, but
/// usually manufacturing quality next to "manager" or "control".
const QUALITY: F = 1 << 62;
// Function words (what the person is).
const ENGINEER: F = 1 << 64;
const DEVELOPER: F = 1 << 65;
const PROGRAMMER: F = 1 << 66;
const SPECIALIST: F = 1 << 67;
const MTS: F = 1 << 68;
const SCIENTIST: F = 1 << 69;
const RESEARCHER: F = 1 << 70;
const ANALYST: F = 1 << 71;
const ARCHITECT: F = 1 << 72;
const DESIGNER: F = 1 << 73;
const CONSULTANT: F = 1 << 74;
const RECRUITER: F = 1 << 75;
const ADMIN: F = 1 << 76;
const WRITER: F = 1 << 77;
const MODELER: F = 1 << 78;
const CONTROLLER: F = 1 << 79;
const ETL: F = 1 << 80;
const TECHLEAD: F = 1 << 81;
const TEAMLEAD: F = 1 << 82;
const ACCOUNTANT: F = 1 << 83;
// Compound titles.
const PM: F = 1 << 84;
const PMM: F = 1 << 85;
const PGM: F = 1 << 86;
const PJM: F = 1 << 87;
const TPM: F = 1 << 88;
const ACCOUNT_MANAGER: F = 1 << 89;
const ACCOUNT_EXEC: F = 1 << 90;
const BIZDEV: F = 1 << 91;
const SALES_ENG: F = 1 << 92;
const EM: F = 1 << 93;
// Management words.
const MANAGER: F = 1 << 96;
const DIRECTOR: F = 1 << 97;
const HEAD: F = 1 << 98;
const VP: F = 1 << 99;
const CHIEF: F = 1 << 100;
const PRESIDENT: F = 1 << 101;
const FOUNDER: F = 1 << 102;
const OFFICER: F = 1 << 103;
const EXECUTIVE: F = 1 << 104;
const POSTDOC: F = 1 << 105;
/// Words that carry no role but are not unknown either (level words,
/// connectives, geography, "computer", "team"): they must not make a title
/// "unrecognized".
const NEUTRAL: F = 1 << 127;

/// Domains outside software that stop a bare "Engineer" from meaning software
/// engineer ("Project Engineer", "Sales Engineer").
const NON_SOFTWARE: F = PROJECT
    | PROGRAM
    | PRODUCT
    | SALES
    | MARKETING
    | BUSINESS
    | FINANCE
    | HARDWARE
    | MECHANICAL
    | ELECTRICAL
    | OPERATIONS
    | GENERAL
    | PURCHASING
    | HR
    | ACCOUNT
    | SUPPORT;

/// Function words that make a title an engineering/development job.
const STRONG_FN: F = ENGINEER | DEVELOPER | PROGRAMMER | ETL | MTS;

fn word_bits(w: &str) -> F {
    match w {
        "software" | "sw" | "programming" | "coding" => SOFTWARE,
        "python" | "java" | "golang" | "scala" | "php" | "ruby" | "rails" | "node" | "nodejs" | "cpp" | "dotnet"
        | "salesforce" | "sap" | "abap" | "mainframe" | "cobol" => SOFTWARE,
        "application" | "applications" | "app" | "apps" => APPLICATION,
        "engineer" | "engineers" | "eng" | "engr" | "engg" | "enginner" => ENGINEER,
        "engineering" => ENGINEERING,
        "developer" | "developers" | "dev" | "devs" | "coder" | "swe" | "sde" | "sdes" => DEVELOPER,
        "development" => DEVELOPMENT,
        "programmer" | "programmers" => PROGRAMMER,
        "backend" | "server" | "microservices" => BACKEND,
        "frontend" | "ui" => FRONTEND,
        "fullstack" => FULLSTACK,
        "mobile" => MOBILE,
        "ios" | "iphone" | "swift" => IOS,
        "android" | "kotlin" => ANDROID,
        "web" | "javascript" | "typescript" | "react" | "angular" | "webdev" => WEB,
        "devops" | "devsecops" => DEVOPS,
        "sre" | "reliability" => SRE,
        "cloud" | "aws" | "azure" | "gcp" | "cloudops" => CLOUD,
        "platform" | "platforms" => PLATFORM,
        "infrastructure" | "infra" => INFRA,
        "security" | "cybersecurity" | "infosec" | "appsec" | "cyber" | "pentester" | "penetration" => SECURITY,
        "qa" | "qe" | "tester" | "testers" | "testing" | "test" => QA,
        "quality" => QUALITY,
        "sdet" => QA | DEVELOPER,
        "embedded" | "firmware" => EMBEDDED,
        "data" | "dataops" | "decision" => DATA,
        "etl" => DATA | ETL,
        "ml" | "mlops" | "nlp" => ML,
        "ai" | "genai" | "llm" | "llms" | "prompt" => AI,
        "analytics" | "analytic" | "insight" | "insights" | "reporting" | "visualization" | "visualisation" => ANALYTICS,
        "bi" | "tableau" | "powerbi" => BI,
        "science" | "sciences" => SCIENCE,
        "scientist" | "scientists" => SCIENTIST,
        "research" => RESEARCH,
        "researcher" | "researchers" => RESEARCHER,
        "applied" => APPLIED,
        "analyst" | "analysts" | "analysis" => ANALYST,
        "architect" | "architects" | "architecture" => ARCHITECT,
        "designer" | "designers" => DESIGNER,
        "design" => DESIGN,
        "ux" | "interaction" => UX,
        "product" | "products" => PRODUCT,
        "program" | "programs" | "programme" => PROGRAM,
        "project" | "projects" => PROJECT,
        "manager" | "managers" | "mgr" => MANAGER,
        "management" => MANAGEMENT,
        "director" | "directors" => DIRECTOR,
        "head" => HEAD,
        "vp" | "svp" | "evp" | "avp" => VP,
        "chief" => CHIEF,
        "cto" => CHIEF | TECH,
        "ceo" => CHIEF | EXECUTIVE,
        "cfo" => CHIEF | FINANCE,
        "coo" => CHIEF | OPERATIONS,
        "cio" => CHIEF | IT,
        "cmo" => CHIEF | MARKETING,
        "ciso" | "cso" => CHIEF | SECURITY,
        "cdo" => CHIEF | DATA,
        "cpo" => CHIEF | PRODUCT,
        "president" => PRESIDENT,
        "founder" | "cofounder" => FOUNDER,
        "officer" => OFFICER,
        "executive" | "executives" => EXECUTIVE,
        "consultant" | "consultants" | "advisor" | "adviser" => CONSULTANT,
        "consulting" | "engagement" | "advisory" => CONSULTING,
        "recruiter" | "recruiters" | "recruiting" | "recruitment" | "sourcer" | "headhunter" => RECRUITER,
        "hr" | "hrbp" | "personnel" | "training" => HR,
        "sales" | "salesperson" | "seller" | "presales" => SALES,
        "account" | "accounts" => ACCOUNT,
        "marketing" | "marketer" | "advertising" | "brand" | "seo" => MARKETING,
        "business" => BUSINESS,
        "solution" | "solutions" => SOLUTIONS,
        "enterprise" => ENTERPRISE,
        "support" | "helpdesk" => SUPPORT,
        "finance" | "financial" | "investment" | "treasury" => FINANCE,
        "quantitative" | "quant" | "quants" => QUANT,
        "accounting" | "audit" | "tax" => ACCOUNTING,
        "accountant" | "auditor" => ACCOUNTANT,
        "statistician" | "statistical" | "statistics" | "biostatistician" | "biostatistics" => STATISTICS,
        "writer" | "writers" => WRITER,
        "technical" | "tech" | "technology" | "technologies" => TECH,
        "it" | "information" => IT,
        "system" | "systems" | "linux" | "unix" | "windows" => SYSTEMS,
        "network" | "networks" | "networking" => NETWORK,
        "database" | "databases" | "dba" | "db" => DATABASE,
        "administrator" | "admin" | "administrators" => ADMIN,
        "sysadmin" => ADMIN | SYSTEMS,
        "hardware" | "hw" | "asic" | "fpga" | "vlsi" | "rtl" | "silicon" | "analog" | "verification" => HARDWARE,
        "mechanical" => MECHANICAL,
        "electrical" | "electronics" => ELECTRICAL,
        "robotics" | "robotic" | "robot" => ROBOTICS,
        "game" | "games" | "gameplay" | "graphics" => GAME,
        "desktop" => DESKTOP,
        "operations" | "ops" | "operating" => OPERATIONS,
        "general" => GENERAL,
        "purchasing" | "procurement" | "sourcing" | "buyer" | "commodity" => PURCHASING,
        "specialist" | "specialists" | "professional" | "expert" => SPECIALIST,
        "mts" | "smts" | "amts" | "lmts" | "pmts" => MTS,
        "modeler" | "modeller" | "modeling" | "modelling" => MODELER,
        "controller" | "comptroller" => CONTROLLER,
        "bioinformatics" | "bioinformatician" | "biologist" => BIO,
        "postdoctoral" | "postdoc" => POSTDOC,
        "professor" | "lecturer" | "faculty" | "academic" => ACADEMIC,
        "pm" | "apm" | "gpm" | "rpm" => PM,
        "pmm" => PMM,
        "tpm" => TPM,
        "em" | "sdm" => EM,
        // Neutral: level words, connectives, places, and modifiers that do not
        // change the role.
        "intern" | "interns" | "internship" | "trainee" | "apprentice" | "junior" | "jr" | "jnr" | "entry" | "graduate"
        | "grad" | "new" | "beginner" | "associate" | "assistant" | "rotational" | "resident" | "mid" | "midlevel"
        | "intermediate" | "level" | "senior" | "sr" | "snr" | "staff" | "lead" | "leader" | "leads" | "tl" | "principal"
        | "principle" | "distinguished" | "fellow" | "supervisor" | "group" | "of" | "and" | "the" | "for" | "in" | "to"
        | "with" | "a" | "an" | "at" | "on" | "or" | "by" | "global" | "international" | "regional" | "area" | "corporate"
        | "americas" | "america" | "north" | "latin" | "us" | "usa" | "emea" | "apac" | "division" | "digital" | "team"
        | "member" | "computer" | "computing" | "remote" | "contract" | "contractor" | "freelance" | "freelancer"
        | "consultancy" | "other" | "governance" | "integration" | "integrity" | "strategy" | "strategist" | "steward"
        | "stewardship" | "migration" | "warehouse" | "warehousing" | "pipeline" | "lake" | "master" | "automation" | "ii"
        | "iii" | "iv" | "v" | "i" | "vi" | "etc" | "partner" | "managing" | "co" | "op" | "coop" | "c" | "suite"
        | "specialized" | "services" | "service" | "distributed" | "big" | "generalist" => NEUTRAL,
        _ => 0,
    }
}

struct Features {
    f: F,
    /// Content words that matched nothing: a title with unknown words and
    /// only a bare "Engineer" ("Process Engineer") is not a software job.
    other: u8,
}

fn features(toks: &[Tok<'_>]) -> Features {
    let mut f: F = 0;
    let mut other = 0u8;
    let word = |i: usize| -> &str { toks.get(i).map_or("", |t| t.s) };
    let mut i = 0;
    while i < toks.len() {
        let (w, w1, w2) = (word(i), word(i + 1), word(i + 2));
        if w == "member" && w1 == "of" && w2 == "technical" && word(i + 3) == "staff" {
            f |= MTS;
            i += 4;
            continue;
        }
        let (bits, used): (F, usize) = match (w, w1, w2) {
            ("back", "end", _) => (BACKEND, 2),
            ("front", "end", _) => (FRONTEND, 2),
            ("full", "stack", _) => (FULLSTACK, 2),
            ("dev", "sec", "ops") => (DEVOPS, 3),
            ("dev", "ops", _) => (DEVOPS, 2),
            ("site", "reliability", _) => (SRE, 2),
            ("machine" | "deep", "learning", _) => (ML, 2),
            ("computer", "vision", _) => (ML, 2),
            ("natural", "language", _) => (ML, 2),
            ("artificial", "intelligence", _) => (AI, 2),
            ("gen", "ai", _) => (AI, 2),
            ("business", "intelligence", _) => (BI, 2),
            ("power", "bi", _) => (BI, 2),
            ("quality", "assurance", _) => (QA, 2),
            ("test", "automation", _) => (QA, 2),
            ("user", "research" | "researcher", _) => (UX | RESEARCHER, 2),
            ("user", "experience" | "interface" | "interfaces", _) => (UX, 2),
            ("human", "resources" | "resource", _) => (HR, 2),
            ("people", "operations" | "ops" | "partner", _) => (HR, 2),
            ("talent", "acquisition" | "partner" | "sourcer", _) => (RECRUITER, 2),
            ("vice", "president", _) => (VP, 2),
            ("information" | "cyber", "security", _) => (SECURITY, 2),
            ("information", "technology", _) => (IT, 2),
            ("information", "systems" | "system", _) => (IT, 2),
            ("data", "science", _) => (DATA | SCIENCE, 2),
            ("product", "owner" | "owners", _) => (PM, 2),
            ("product", "marketing", "manager" | "mgr") => (PMM, 3),
            ("product", "marketing", _) => (PMM, 2),
            ("product", "line", "manager") => (PM, 3),
            ("product", "manager" | "managers" | "mgr", _) => (PM, 2),
            ("program" | "programme", "manager" | "managers" | "mgr", _) => (PGM, 2),
            ("project", "manager" | "managers" | "mgr", _) => (PJM, 2),
            ("delivery", "manager", _) => (PJM, 2),
            ("offering", "manager", _) => (PM, 2),
            ("account", "manager", _) => (ACCOUNT_MANAGER, 2),
            ("account", "executive", _) => (ACCOUNT_EXEC, 2),
            ("business", "development", _) => (BIZDEV, 2),
            ("software", "development", "engineer" | "engineers") => (SOFTWARE | DEVELOPER, 3),
            ("software", "development", _) => (SOFTWARE | DEVELOPMENT, 2),
            ("head", "of", _) => (HEAD, 2),
            ("distributed", "systems", _) => (BACKEND, 2),
            ("api" | "apis", "development" | "developer" | "engineer" | "design", _) => (BACKEND, 2),
            ("market", "research", _) => (MARKETING, 2),
            ("pre", "sales", _) => (SALES_ENG, 2),
            ("solutions" | "solution", "engineer" | "engineering", _) => (SALES_ENG, 2),
            ("sales", "engineer" | "engineering", _) => (SALES_ENG, 2),
            ("general", "manager", _) => (GENERAL | MANAGER, 2),
            ("executive", "director", _) => (DIRECTOR, 2),
            ("senior", "executive", _) => (EXECUTIVE, 2),
            ("co", "founder", _) => (FOUNDER, 2),
            ("post", "doctoral" | "doc", _) => (POSTDOC, 2),
            ("team", "lead" | "leader", _) => (TEAMLEAD, 2),
            ("tech" | "technical", "lead" | "leader", _) => (TECHLEAD, 2),
            ("supply", "chain", _) => (PURCHASING, 2),
            ("operating", "systems" | "system", _) => (SOFTWARE, 2),
            _ => (word_bits(w), 1),
        };
        if bits == 0 && w.bytes().all(|b| b.is_ascii_alphabetic()) && w.len() > 1 {
            other = other.saturating_add(1);
        }
        f |= bits;
        i += used;
    }
    Features { f, other }
}

/// The software/data specialization a set of domain words names.
/// `strong`: the title has an engineering function word ("Data Engineer" vs
/// "Data Specialist"). `spec_mode`: reading a Levels.fyi tag of a software
/// engineer, where "Networking" or "Hardware" describe the product worked on,
/// not a different occupation.
fn tech_domain(f: F, strong: bool, spec_mode: bool) -> Option<&'static str> {
    let h = |b: F| f & b != 0;
    Some(if h(DATABASE) && !h(DATA | ML) {
        "database-administrator"
    } else if h(SRE) {
        "site-reliability-engineer"
    } else if h(ML) {
        "machine-learning-engineer"
    } else if h(AI) {
        "ai-engineer"
    } else if h(DEVOPS) {
        "devops-engineer"
    } else if h(SECURITY) {
        "security-engineer"
    } else if h(ANALYTICS) && !h(BI) {
        if strong {
            "analytics-engineer"
        } else {
            "data-analyst"
        }
    } else if h(BI) {
        if strong {
            "business-intelligence-engineer"
        } else {
            "business-intelligence-analyst"
        }
    } else if h(DATA) {
        if strong {
            "data-engineer"
        } else {
            "data-analyst"
        }
    } else if h(QA) || (h(QUALITY) && strong) {
        "qa-engineer"
    } else if h(MOBILE) || (h(IOS) && h(ANDROID)) {
        "mobile-engineer"
    } else if h(IOS) {
        "ios-engineer"
    } else if h(ANDROID) {
        "android-engineer"
    } else if h(FULLSTACK) {
        "full-stack-engineer"
    } else if h(BACKEND) {
        "backend-engineer"
    } else if h(FRONTEND | WEB) || (h(UX) && strong) {
        "frontend-engineer"
    } else if h(EMBEDDED) {
        "embedded-engineer"
    } else if h(GAME) && strong {
        "game-developer"
    } else if h(DESKTOP) {
        "desktop-engineer"
    } else if h(ROBOTICS) {
        "robotics-engineer"
    } else if h(CLOUD) {
        "cloud-engineer"
    } else if h(PLATFORM | INFRA) {
        "platform-engineer"
    } else if spec_mode {
        return None;
    } else if h(NETWORK) {
        "network-engineer"
    } else if h(HARDWARE) {
        "hardware-engineer"
    } else if h(ELECTRICAL) {
        "electrical-engineer"
    } else if h(MECHANICAL) {
        "mechanical-engineer"
    } else if h(ADMIN) && h(SYSTEMS | IT | NETWORK) {
        "systems-administrator"
    } else if h(SYSTEMS) && strong && !h(SOFTWARE) {
        "systems-engineer"
    } else if h(SUPPORT) {
        "support-engineer"
    } else {
        return None;
    })
}

/// The ordered role rules. `boss`: the title carries a people-management word
/// (manager not part of "product manager" etc., director, head of, VP, chief).
fn classify(toks: &[Tok<'_>], boss: bool) -> Option<&'static str> {
    let Features { f, other } = features(toks);
    let h = |b: F| f & b != 0;
    let boss = boss || h(EM);

    // C-suite and founders: the domain names the function they lead.
    if h(CHIEF) || ((h(PRESIDENT) || h(FOUNDER)) && !h(VP)) {
        return Some(if h(TECH | ENGINEERING | SOFTWARE | SECURITY | ML | AI) {
            "engineering-manager"
        } else if h(IT) {
            "it-manager"
        } else if h(DATA | ANALYTICS) {
            "data-science-manager"
        } else if h(MARKETING) {
            "marketing"
        } else if h(PRODUCT) {
            "product-manager"
        } else if h(SALES | BIZDEV) {
            "sales"
        } else if h(SCIENTIST | SCIENCE) {
            "research-scientist"
        } else {
            "executive"
        });
    }
    // Product, program and project management (IC titles with "manager").
    if h(PMM) {
        return Some("product-marketing-manager");
    }
    if h(TPM) || (h(PGM) && h(TECH | ENGINEERING | SOFTWARE)) {
        return Some("technical-program-manager");
    }
    if h(PM) {
        return Some("product-manager");
    }
    if h(PGM) {
        return Some("program-manager");
    }
    if h(PJM) {
        return Some("project-manager");
    }
    // Design and writing.
    if h(UX) && h(RESEARCHER | RESEARCH) {
        return Some("ux-researcher");
    }
    if h(DESIGNER) {
        if h(HARDWARE) {
            return Some("hardware-engineer");
        }
        if h(MECHANICAL) {
            return Some("mechanical-engineer");
        }
        if other > 0 && !h(UX | PRODUCT | WEB | FRONTEND) {
            return None;
        }
        return Some("product-designer");
    }
    // "Design" without "designer" is product design only when nothing says
    // engineering design ("Design Engineering Manager", "ASIC Design").
    let eng_design =
        ENGINEER | ENGINEERING | DEVELOPER | DEVELOPMENT | SYSTEMS | HARDWARE | MECHANICAL | ELECTRICAL | APPLICATION | PROJECT;
    if h(DESIGN) && (h(UX) || (other == 0 && !h(eng_design))) {
        return Some("product-designer");
    }
    if h(WRITER) {
        return (h(TECH) || other == 0).then_some("technical-writer");
    }
    // People, sales, marketing, consulting, finance.
    if h(RECRUITER) {
        return Some("recruiter");
    }
    if h(HR) {
        return Some("human-resources");
    }
    if h(SALES_ENG) {
        return Some("sales-engineer");
    }
    if h(ACCOUNT_EXEC) {
        return Some("account-executive");
    }
    if h(ACCOUNT_MANAGER) || (h(ACCOUNT) && boss) {
        return Some("account-manager");
    }
    if h(BIZDEV) {
        return Some("business-development");
    }
    // "Marketing Data Scientist" is a data scientist working for marketing.
    if h(SALES) && !h(DATA) {
        return Some("sales");
    }
    if h(MARKETING) && !h(DATA) {
        return Some("marketing");
    }
    if h(CONSULTANT) || (h(CONSULTING) && boss) {
        return Some("consultant");
    }
    if h(QUANT) {
        return Some("quantitative-analyst");
    }
    if h(CONTROLLER) {
        return Some("financial-manager");
    }
    if h(FINANCE) {
        return Some(if boss { "financial-manager" } else { "financial-analyst" });
    }
    if h(ACCOUNTANT) || (h(ACCOUNTING) && !boss) {
        return Some("accountant");
    }
    if h(STATISTICS) {
        return Some("statistician");
    }
    if h(PURCHASING) {
        return boss.then_some("purchasing-manager");
    }
    if h(BIO) {
        return Some("bioinformatics-scientist");
    }
    if h(POSTDOC | ACADEMIC) {
        return Some("academic-researcher");
    }
    // Managers of technical and business teams.
    if boss {
        let eng_words = ENGINEERING | ENGINEER | DEVELOPER | PROGRAMMER | SOFTWARE | ML | AI;
        return if (h(DATA | ANALYTICS | BI | SCIENTIST) || (h(ANALYST) && !h(BUSINESS | SYSTEMS | IT))) && !h(eng_words) {
            Some("data-science-manager")
        } else if h(IT) || (h(SYSTEMS) && !h(eng_words)) {
            Some("it-manager")
        } else if h(eng_words
            | DEVELOPMENT
            | TECH
            | DEVOPS
            | SRE
            | PLATFORM
            | INFRA
            | CLOUD
            | SECURITY
            | QA
            | MOBILE
            | BACKEND
            | FRONTEND
            | WEB
            | FULLSTACK
            | EMBEDDED
            | APPLICATION
            | EM
            | NETWORK
            | DATABASE
            | HARDWARE)
        {
            Some("engineering-manager")
        } else if h(PRODUCT) {
            Some("product-manager")
        } else if h(PROGRAM) {
            Some("program-manager")
        } else if h(PROJECT) {
            Some("project-manager")
        } else if h(DESIGN | UX) {
            Some("product-designer")
        } else if h(OPERATIONS | GENERAL) {
            Some("general-manager")
        } else if h(BUSINESS) && h(ANALYST) {
            Some("business-analyst")
        } else {
            // Includes "Director of Research": research managers in these
            // sources are clinical, market or institutional research, not
            // computing research scientists.
            None
        };
    }
    // Scientists and researchers.
    if h(DATA) && h(SCIENTIST | SCIENCE) {
        return Some("data-scientist");
    }
    if h(SCIENTIST) && h(APPLIED | ML | AI) && !h(RESEARCH) {
        return Some("applied-scientist");
    }
    if h(RESEARCH) && h(ENGINEER | DEVELOPER) {
        return Some("research-engineer");
    }
    if h(SCIENTIST | RESEARCHER) {
        return Some("research-scientist");
    }
    if h(RESEARCH) && h(ANALYST) {
        return Some("data-analyst");
    }
    // Architects.
    if h(ARCHITECT) {
        return if h(DATA | MODELER) {
            Some("data-architect")
        } else if h(NETWORK) {
            Some("network-engineer")
        } else if h(SECURITY) {
            Some("security-engineer")
        } else if h(CLOUD | DEVOPS | INFRA | PLATFORM) {
            Some("cloud-architect")
        } else if h(SOFTWARE | APPLICATION | DEVELOPER | BACKEND | FRONTEND | WEB | MOBILE) {
            Some("software-architect")
        } else if h(SOLUTIONS | ENTERPRISE | TECH | SYSTEMS | IT | AI | ML | ENGINEER | BI | ANALYTICS) {
            Some("solutions-architect")
        } else {
            None
        };
    }
    if h(DATA) && h(MODELER) {
        return Some("data-architect");
    }
    // Analysts.
    if h(ANALYST) {
        return if h(PROGRAMMER) {
            Some("computer-programmer")
        } else if h(BI) {
            Some("business-intelligence-analyst")
        } else if h(SECURITY) {
            Some("security-engineer")
        } else if h(DATA | ANALYTICS | PRODUCT) {
            Some("data-analyst")
        } else if h(QA | QUALITY) {
            Some("qa-engineer")
        } else if h(DATABASE) {
            Some("database-administrator")
        } else if h(SYSTEMS | IT | SOFTWARE | APPLICATION) {
            Some("systems-analyst")
        } else if h(BUSINESS | OPERATIONS) {
            Some("business-analyst")
        } else if other == 0 && !h(NON_SOFTWARE) {
            Some("data-analyst")
        } else {
            None
        };
    }
    // Engineering and development.
    let strong = h(STRONG_FN);
    let function = strong || h(SPECIALIST | TECHLEAD | ADMIN);
    if function || other == 0 {
        if let Some(r) = tech_domain(f, strong, false) {
            if function || !h(NON_SOFTWARE) {
                return Some(r);
            }
        }
        if h(MTS | DEVELOPER | TECHLEAD) || (h(SOFTWARE | APPLICATION) && (strong || h(ENGINEERING | DEVELOPMENT))) {
            return Some("software-engineer");
        }
        if h(PROGRAMMER) {
            return Some("computer-programmer");
        }
        if h(ENGINEER) && other == 0 && !h(NON_SOFTWARE | ENGINEERING | RESEARCH | DESIGN) {
            return Some("software-engineer");
        }
    }
    if h(RESEARCH) && other == 0 && !h(NON_SOFTWARE) {
        return Some("research-scientist");
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn job_titles_and_survey_filler() {
        for t in ["Pricing Analyst", "Data Operations Associate", "Machine Vision Engineer", "Analista de Datos", "Manager"] {
            assert!(looks_like_job_title(t), "{t}");
        }
        for t in ["Bear Robotics", "Stage", "Other (please specify) salary", "", "engineer ".repeat(9).as_str()] {
            assert!(!looks_like_job_title(t), "{t}");
        }
    }

    use super::*;
    use crate::role::{catalogue, role_def};
    use Level::*;

    fn hints() -> TitleHints<'static> {
        TitleHints::default()
    }

    fn role(title: &str) -> String {
        normalize_title(title, &hints()).role.to_string()
    }

    fn lvl(title: &str) -> Option<Level> {
        normalize_title(title, &hints()).level
    }

    fn check(title: &str, want_role: &str, want_level: Option<Level>) {
        let m = normalize_title(title, &hints());
        assert_eq!(m.role.as_str(), want_role, "role of {title:?}");
        assert_eq!(m.level, want_level, "level of {title:?}");
        assert_eq!(m.known, role_def(want_role).is_some(), "known of {title:?}");
    }

    #[test]
    fn the_five_backend_examples() {
        check("Senior Backend Developer", "backend-engineer", Some(Senior));
        check("Backend Engineer", "backend-engineer", None);
        check("Lead Backend Specialist", "backend-engineer", Some(Staff));
        check("Sr. Back-end Dev", "backend-engineer", Some(Senior));
        check("Software Engineer II, Backend", "backend-engineer", Some(Mid));
        // Without a level word the years decide.
        let h = TitleHints { years_experience: Some(6.0), ..hints() };
        let m = normalize_title("Backend Engineer", &h);
        assert_eq!((m.level, m.level_source), (Some(Senior), LevelSource::Years));
        let m = normalize_title("Senior Backend Developer", &h);
        assert_eq!(m.level_source, LevelSource::Title);
    }

    #[test]
    fn every_rule_output_is_in_the_catalogue() {
        // Walk a broad set of titles and make sure no rule returns an id the
        // catalogue lacks (which would make `known` lie).
        for t in ALL_REAL_TITLES {
            if let Some(r) = title_role(t) {
                assert!(role_def(r).is_some(), "{t:?} -> {r} not in catalogue");
            }
        }
        for d in catalogue() {
            assert!(RoleId::parse(d.id).is_some());
        }
    }

    /// Levels.fyi `title` values (all 15) with their expected role.
    #[test]
    fn levels_fyi_titles() {
        for (t, r) in [
            ("Software Engineer", "software-engineer"),
            ("Product Manager", "product-manager"),
            ("Software Engineering Manager", "engineering-manager"),
            ("Data Scientist", "data-scientist"),
            ("Hardware Engineer", "hardware-engineer"),
            ("Product Designer", "product-designer"),
            ("Solution Architect", "solutions-architect"),
            ("Technical Program Manager", "technical-program-manager"),
            ("Management Consultant", "consultant"),
            ("Business Analyst", "business-analyst"),
            ("Marketing", "marketing"),
            ("Sales", "sales"),
            ("Mechanical Engineer", "mechanical-engineer"),
            ("Recruiter", "recruiter"),
            ("Human Resources", "human-resources"),
        ] {
            assert_eq!(role(t), r, "{t}");
            assert!(normalize_title(t, &hints()).known);
        }
        assert_eq!(lvl("Software Engineering Manager"), Some(Manager));
        assert_eq!(lvl("Product Manager"), None);
        assert_eq!(lvl("Management Consultant"), None);
    }

    /// Every Levels.fyi `tag` named in the brief, on a "Software Engineer" row.
    #[test]
    fn levels_fyi_tags() {
        for (tag, r) in [
            ("Distributed Systems (Back-End)", "backend-engineer"),
            ("API Development (Back-End)", "backend-engineer"),
            ("ETL (Back-End)", "backend-engineer"),
            ("Full Stack", "full-stack-engineer"),
            ("Web Development (Front-End)", "frontend-engineer"),
            ("ML / AI", "machine-learning-engineer"),
            ("DevOps", "devops-engineer"),
            ("iOS", "ios-engineer"),
            ("Android", "android-engineer"),
            ("Mobile (iOS + Android)", "mobile-engineer"),
            ("Security", "security-engineer"),
            ("Testing (SDET)", "qa-engineer"),
            ("Data", "data-engineer"),
            ("Site Reliability (SRE)", "site-reliability-engineer"),
            ("Embedded", "embedded-engineer"),
            ("Embedded Systems", "embedded-engineer"),
            ("Firmware", "embedded-engineer"),
            ("Cloud", "cloud-engineer"),
            ("Backend", "backend-engineer"),
            ("NA", "software-engineer"),
            ("N/A", "software-engineer"),
            ("", "software-engineer"),
            ("Networking", "software-engineer"),
            ("Production", "software-engineer"),
            ("Operating Systems", "software-engineer"),
            ("New Grad", "software-engineer"),
            ("Some Unknown Tag", "software-engineer"),
        ] {
            let h = TitleHints { specialization: Some(tag), ..hints() };
            let m = normalize_title("Software Engineer", &h);
            assert_eq!(m.role.as_str(), r, "tag {tag:?}");
            assert!(m.known);
        }
        // Tags never re-role a non-engineering title.
        let h = TitleHints { specialization: Some("ML / AI"), ..hints() };
        assert_eq!(normalize_title("Product Manager", &h).role.as_str(), "product-manager");
        assert_eq!(normalize_title("Data Scientist", &h).role.as_str(), "data-scientist");
        let h = TitleHints { specialization: Some("Distributed Systems (Back-End)"), ..hints() };
        assert_eq!(normalize_title("Software Engineering Manager", &h).role.as_str(), "engineering-manager");
    }

    /// Real Levels.fyi rows: title, company, level, tag, years -> role, level.
    #[test]
    fn levels_fyi_rows() {
        type Row = (&'static str, &'static str, &'static str, &'static str, f64, &'static str, Level, LevelSource);
        let rows: &[Row] = &[
            ("Software Engineer", "Microsoft", "62", "NA", 4.0, "software-engineer", Mid, LevelSource::CompanyLadder),
            (
                "Software Engineer",
                "Google",
                "L4",
                "Distributed Systems (Back-End)",
                3.0,
                "backend-engineer",
                Mid,
                LevelSource::CompanyLadder,
            ),
            (
                "Software Engineer",
                "Amazon",
                "SDE II",
                "API Development (Back-End)",
                5.0,
                "backend-engineer",
                Mid,
                LevelSource::CompanyLadder,
            ),
            ("Software Engineer", "Facebook", "E5", "Full Stack", 7.0, "full-stack-engineer", Senior, LevelSource::CompanyLadder),
            ("Software Engineer", "Apple", "ICT4", "iOS", 8.0, "ios-engineer", Senior, LevelSource::CompanyLadder),
            ("Software Engineering Manager", "Microsoft", "65", "NA", 15.0, "engineering-manager", Manager, LevelSource::Title),
            ("Software Engineering Manager", "Apple", "M1", "NA", 7.0, "engineering-manager", Manager, LevelSource::Title),
            ("Product Manager", "Oracle", "L3", "NA", 1.5, "product-manager", Entry, LevelSource::CompanyLadder),
            ("Product Manager", "Amazon", "L7", "NA", 8.0, "product-manager", Principal, LevelSource::CompanyLadder),
            ("Software Engineer", "eBay", "SE 2", "NA", 5.0, "software-engineer", Mid, LevelSource::CompanyLadder),
            ("Software Engineer", "Bloomberg", "Software Engineer", "NA", 1.0, "software-engineer", Entry, LevelSource::Years),
            (
                "Software Engineer",
                "Netflix",
                "Senior Software Engineer",
                "NA",
                9.0,
                "software-engineer",
                Senior,
                LevelSource::CompanyLadder,
            ),
            ("Software Engineer", "Yelp", "IC3", "NA", 4.0, "software-engineer", Mid, LevelSource::Years),
            ("Software Engineer", "Google", "Manager (L6)", "NA", 12.0, "software-engineer", Manager, LevelSource::CompanyLadder),
            ("Data Scientist", "Uber", "L5A", "ML / AI", 9.0, "data-scientist", Senior, LevelSource::CompanyLadder),
            ("Software Engineering Manager", "Google", "L8", "NA", 20.0, "engineering-manager", Manager, LevelSource::Title),
            (
                "Software Engineering Manager",
                "Salesforce",
                "Senior Director",
                "NA",
                20.0,
                "engineering-manager",
                Executive,
                LevelSource::CompanyLadder,
            ),
        ];
        for &(title, company, level, tag, years, r, l, src) in rows {
            let h = TitleHints {
                company: Some(company),
                company_level: Some(level),
                specialization: Some(tag),
                level_text: None,
                years_experience: Some(years),
            };
            let m = normalize_title(title, &h);
            assert_eq!((m.role.as_str(), m.level, m.level_source), (r, Some(l), src), "{title} @ {company} {level}");
        }
    }

    /// Stack Overflow 2025 DevType answers, as the title and as specialization.
    #[test]
    fn stack_overflow_devtypes() {
        let cases: &[(&str, &str, Option<Level>)] = &[
            ("Developer, back-end", "backend-engineer", None),
            ("Developer, full-stack", "full-stack-engineer", None),
            ("Developer, front-end", "frontend-engineer", None),
            ("Developer, mobile", "mobile-engineer", None),
            ("Developer, desktop or enterprise applications", "desktop-engineer", None),
            ("Developer, embedded applications or devices", "embedded-engineer", None),
            ("Developer, game or graphics", "game-developer", None),
            ("Developer, AI apps or physical AI", "ai-engineer", None),
            ("Engineering manager", "engineering-manager", Some(Manager)),
            ("DevOps engineer or professional", "devops-engineer", None),
            ("Data engineer", "data-engineer", None),
            ("AI/ML engineer", "machine-learning-engineer", None),
            ("Data scientist", "data-scientist", None),
            ("Data or business analyst", "data-analyst", None),
            ("Cloud infrastructure engineer", "cloud-engineer", None),
            ("Architect, software or solutions", "solutions-architect", None),
            ("Developer, QA or test", "qa-engineer", None),
            ("Database administrator or engineer", "database-administrator", None),
            ("Cybersecurity or InfoSec professional", "security-engineer", None),
            ("Senior executive (C-suite, VP, etc.)", "executive", Some(Executive)),
            ("Founder, technology or otherwise", "executive", Some(Executive)),
            ("Project manager", "project-manager", None),
            ("Product manager", "product-manager", None),
            ("Academic researcher", "academic-researcher", None),
            ("Applied scientist", "applied-scientist", None),
            ("System administrator", "systems-administrator", None),
            ("Financial analyst or engineer", "financial-analyst", None),
            ("Support engineer or analyst", "support-engineer", None),
        ];
        for &(dev_type, r, l) in cases {
            check(dev_type, r, l);
            let h = TitleHints { specialization: Some(dev_type), ..hints() };
            let m = normalize_title("", &h);
            assert_eq!((m.role.as_str(), m.level), (r, l), "as specialization: {dev_type}");
        }
        // Non-jobs stay unknown, never dropped.
        for (t, slug) in [("Student", "student"), ("Retired", "retired"), ("Other (please specify):", "other-please-specify")] {
            let m = normalize_title(t, &hints());
            assert_eq!((m.role.as_str(), m.known), (slug, false));
        }
        // Years from WorkExp decide the level of SO respondents.
        let h = TitleHints { years_experience: Some(20.0), ..hints() };
        let m = normalize_title("Developer, back-end", &h);
        assert_eq!((m.level, m.level_source), (Some(Principal), LevelSource::Years));
        let m = normalize_title("Engineering manager", &h);
        assert_eq!((m.level, m.level_source), (Some(Manager), LevelSource::Title));
    }

    /// The most frequent aijobs job titles, with the EN/MI/SE/EX column.
    #[test]
    fn aijobs_titles() {
        for (t, r) in [
            ("Data Scientist", "data-scientist"),
            ("Data Engineer", "data-engineer"),
            ("Software Engineer", "software-engineer"),
            ("Data Analyst", "data-analyst"),
            ("Machine Learning Engineer", "machine-learning-engineer"),
            ("Engineer", "software-engineer"),
            ("Research Scientist", "research-scientist"),
            ("Applied Scientist", "applied-scientist"),
            ("Analyst", "data-analyst"),
            ("Data Architect", "data-architect"),
            ("Analytics Engineer", "analytics-engineer"),
            ("Research Engineer", "research-engineer"),
            ("Product Manager", "product-manager"),
            ("AI Engineer", "ai-engineer"),
            ("Data Manager", "data-science-manager"),
            ("Business Intelligence Engineer", "business-intelligence-engineer"),
            ("Consultant", "consultant"),
            ("Business Intelligence Analyst", "business-intelligence-analyst"),
            ("Machine Learning Researcher", "research-scientist"),
            ("Data Specialist", "data-analyst"),
            ("Solutions Architect", "solutions-architect"),
            ("Engineering Manager", "engineering-manager"),
            ("Software Development Engineer", "software-engineer"),
            ("Research Analyst", "data-analyst"),
            ("Software Developer", "software-engineer"),
            ("Systems Engineer", "systems-engineer"),
            ("Machine Learning Scientist", "applied-scientist"),
            ("Business Intelligence", "business-intelligence-analyst"),
            ("Business Intelligence Developer", "business-intelligence-engineer"),
            ("Platform Engineer", "platform-engineer"),
            ("Site Reliability Engineer", "site-reliability-engineer"),
            ("DevOps Engineer", "devops-engineer"),
            ("BI Developer", "business-intelligence-engineer"),
            ("Developer", "software-engineer"),
            ("Business Analyst", "business-analyst"),
            ("Head of Data", "data-science-manager"),
            ("Solutions Engineer", "sales-engineer"),
            ("Data Product Manager", "product-manager"),
            ("Data Lead", "data-analyst"),
            ("AI Architect", "solutions-architect"),
            ("Decision Scientist", "data-scientist"),
            ("Backend Engineer", "backend-engineer"),
            ("Data Analytics Manager", "data-science-manager"),
            ("BI Analyst", "business-intelligence-analyst"),
            ("Data Modeler", "data-architect"),
            ("Data Management Analyst", "data-analyst"),
            ("AI Developer", "ai-engineer"),
            ("MLOps Engineer", "machine-learning-engineer"),
            ("Full Stack Engineer", "full-stack-engineer"),
            ("Fullstack Engineer", "full-stack-engineer"),
            ("Computer Vision Engineer", "machine-learning-engineer"),
            ("NLP Engineer", "machine-learning-engineer"),
            ("Research Associate", "research-scientist"),
            ("Data Developer", "data-engineer"),
            ("Product Analyst", "data-analyst"),
            ("Data Product Owner", "product-manager"),
            ("Data Infrastructure Engineer", "data-engineer"),
            ("Cloud Engineer", "cloud-engineer"),
            ("Technical Lead", "software-engineer"),
            ("Robotics Engineer", "robotics-engineer"),
            ("Insight Analyst", "data-analyst"),
            ("Data Governance", "data-analyst"),
            ("Statistical Programmer", "statistician"),
            ("AI Specialist", "ai-engineer"),
            ("AI Scientist", "applied-scientist"),
            ("Power BI Developer", "business-intelligence-engineer"),
            ("Quantitative Analyst", "quantitative-analyst"),
            ("Quantitative Researcher", "quantitative-analyst"),
            ("Prompt Engineer", "ai-engineer"),
            ("AI Researcher", "research-scientist"),
            ("Member of Technical Staff", "software-engineer"),
            ("Statistician", "statistician"),
            ("Principal Application Delivery Consultant", "consultant"),
            ("ETL Developer", "data-engineer"),
            ("Bioinformatics Scientist", "bioinformatics-scientist"),
            ("Python Developer", "software-engineer"),
            ("Data Quality Engineer", "data-engineer"),
            ("Cloud Database Engineer", "database-administrator"),
            ("QA Engineer", "qa-engineer"),
            ("Computational Biologist", "bioinformatics-scientist"),
            ("AI Product Manager", "product-manager"),
            ("Technical Writer", "technical-writer"),
            ("Director of Machine Learning", "engineering-manager"),
            ("Head of AI", "engineering-manager"),
            ("Machine Learning Manager", "engineering-manager"),
            ("Business Intelligence Manager", "data-science-manager"),
            ("Postdoctoral Fellow", "academic-researcher"),
            ("Enterprise Account Executive", "account-executive"),
            ("Product Designer", "product-designer"),
            ("Admin & Data Analyst", "data-analyst"),
            ("Big Data Engineer", "data-engineer"),
            ("Infrastructure Engineer", "platform-engineer"),
        ] {
            assert_eq!(role(t), r, "{t}");
        }
        for (t, slug, l) in [
            ("Manager", "manager", Some(Manager)),
            ("Associate", "associate", Some(Entry)),
            ("Architect", "architect", None),
            ("Stage", "stage", None),
            ("Bear Robotics", "bear-robotics", None),
            ("Actuarial Analyst", "actuarial-analyst", None),
        ] {
            let m = normalize_title(t, &hints());
            assert_eq!((m.role.as_str(), m.level, m.known), (slug, l, false), "{t}");
        }
        // Levels from the four-tier column.
        for (code, l) in [("EN", Entry), ("MI", Mid), ("SE", Senior), ("EX", Executive)] {
            let h = TitleHints { level_text: Some(code), ..hints() };
            let m = normalize_title("Data Scientist", &h);
            assert_eq!((m.level, m.level_source), (Some(l), LevelSource::LevelText));
        }
        // level_text outranks title words for IC titles...
        let h = TitleHints { level_text: Some("MI"), ..hints() };
        assert_eq!(normalize_title("Lead Data Scientist", &h).level, Some(Mid));
        // ...but not the management track, which only executive evidence raises.
        assert_eq!(normalize_title("Head of Data", &h).level, Some(Manager));
        let h = TitleHints { level_text: Some("EX"), ..hints() };
        let m = normalize_title("Data Analytics Manager", &h);
        assert_eq!((m.level, m.level_source), (Some(Executive), LevelSource::LevelText));
    }

    #[test]
    fn h1b_uppercase_titles() {
        let cases: &[(&str, &str, Option<Level>)] = &[
            ("SENIOR SOFTWARE ENGINEER", "software-engineer", Some(Senior)),
            ("PROGRAMMER ANALYST", "computer-programmer", None),
            ("PROJECT MANAGER", "project-manager", None),
            ("ENGINEER, INFORMATION SECURITY", "security-engineer", None),
            ("PROGRAM MANAGER", "program-manager", None),
            ("PROGRAM MANAGER 2", "program-manager", Some(Mid)),
            ("SENIOR PROGRAM MANAGER", "program-manager", Some(Senior)),
            ("SENIOR PROGRAM MANAGER LEAD", "program-manager", Some(Staff)),
            ("MARKETING MANAGER", "marketing", Some(Manager)),
            ("LEAD CONSULTANT", "consultant", Some(Staff)),
            ("PRODUCT MANAGER", "product-manager", None),
            ("SENIOR PRODUCT MANAGER", "product-manager", Some(Senior)),
            ("SR. PRODUCT MANAGER", "product-manager", Some(Senior)),
            ("PRODUCT MANAGER II", "product-manager", Some(Mid)),
            ("BUSINESS DEVELOPMENT MANAGER", "business-development", Some(Manager)),
            ("GENERAL MANAGER", "general-manager", Some(Manager)),
            ("SALES MANAGER", "sales", Some(Manager)),
            ("OPERATIONS MANAGER", "general-manager", Some(Manager)),
            ("ENGINEERING MANAGER", "engineering-manager", Some(Manager)),
            ("CHIEF EXECUTIVE OFFICER", "executive", Some(Executive)),
            ("FINANCIAL MANAGER", "financial-manager", Some(Manager)),
            ("CHIEF FINANCIAL OFFICER", "executive", Some(Executive)),
            ("CHIEF OPERATING OFFICER", "executive", Some(Executive)),
            ("CHIEF TECHNOLOGY OFFICER", "engineering-manager", Some(Executive)),
            ("CHIEF INFORMATION OFFICER", "it-manager", Some(Executive)),
            ("PRODUCT MARKETING MANAGER", "product-marketing-manager", None),
            ("CONTROLLER", "financial-manager", None),
            ("PURCHASING MANAGER", "purchasing-manager", Some(Manager)),
            ("TECHNICAL PROGRAM MANAGER", "technical-program-manager", None),
            ("TECHNICAL PROGRAM MANAGER II", "technical-program-manager", Some(Mid)),
            ("COMPUTER AND INFORMATION SYSTEMS MANAGER", "it-manager", Some(Manager)),
            ("COMPUTER INFORMATION SYSTEM MANAGER 2", "it-manager", Some(Manager)),
            ("HUMAN RESOURCES MANAGER", "human-resources", Some(Manager)),
            ("SOFTWARE ENGINEERING MANAGER", "engineering-manager", Some(Manager)),
            ("MANAGER, SOFTWARE ENGINEERING", "engineering-manager", Some(Manager)),
            ("SOFTWARE DEVELOPMENT MANAGER", "engineering-manager", Some(Manager)),
            ("IT PROJECT MANAGER", "project-manager", None),
            ("IT MANAGER", "it-manager", Some(Manager)),
            ("DIRECTOR OF ENGINEERING", "engineering-manager", Some(Executive)),
            ("DIRECTOR OF OPERATIONS", "general-manager", Some(Executive)),
            ("DIRECTOR OF MARKETING", "marketing", Some(Executive)),
            ("DIRECTOR OF PRODUCT MANAGEMENT", "product-manager", Some(Executive)),
            ("PROGRAM DIRECTOR", "program-manager", Some(Executive)),
            ("ACCOUNT MANAGER", "account-manager", None),
            ("ACCOUNT EXECUTIVE", "account-executive", None),
            ("ACCOUNT DIRECTOR", "account-manager", Some(Executive)),
            ("VICE PRESIDENT OF BUSINESS DEVELOPMENT", "business-development", Some(Executive)),
            ("TECHNICAL PROJECT MANAGER", "project-manager", None),
            ("DELIVERY MANAGER", "project-manager", None),
            ("ASSISTANT GENERAL MANAGER", "general-manager", Some(Manager)),
            ("TECHNICAL MANAGER", "engineering-manager", Some(Manager)),
            ("APPLICATION DEVELOPMENT MANAGER", "engineering-manager", Some(Manager)),
            ("QUALITY ASSURANCE MANAGER", "engineering-manager", Some(Manager)),
            ("SOLUTION ARCHITECT", "solutions-architect", None),
            ("TECHNICAL ARCHITECT", "solutions-architect", None),
            ("PRESIDENT", "executive", Some(Executive)),
            ("PRESIDENT AND CEO", "executive", Some(Executive)),
            ("CEO", "executive", Some(Executive)),
            ("SOFTWARE ENGINEER", "software-engineer", None),
            ("SENIOR CONSULTANT", "consultant", Some(Senior)),
            ("BUSINESS ANALYSIS MANAGER", "business-analyst", Some(Manager)),
            ("CLO DATABASE ANALYST", "database-administrator", None),
        ];
        for &(t, r, l) in cases {
            check(t, r, l);
        }
        for (t, l) in [
            ("MANAGER", Some(Manager)),
            ("SENIOR MANAGER", Some(Manager)),
            ("VICE PRESIDENT", Some(Executive)),
            ("SENIOR VICE PRESIDENT", Some(Executive)),
            ("DIRECTOR", Some(Executive)),
            ("EXECUTIVE DIRECTOR", Some(Executive)),
            ("MANAGING DIRECTOR", Some(Executive)),
            ("ASSOCIATE DIRECTOR", Some(Executive)),
            ("TEAM LEADER", Some(Staff)),
            ("RESTAURANT MANAGER", Some(Manager)),
            ("PROJECT ENGINEER", None),
            ("CONSTRUCTION MANAGER", Some(Manager)),
            ("QUALITY ASSURANCE COORDINATOR", None),
        ] {
            let m = normalize_title(t, &hints());
            assert!(!m.known, "{t} should be unknown, got {}", m.role);
            assert_eq!(m.level, l, "{t}");
            assert_eq!(m.role, slugify(t));
        }
    }

    #[test]
    fn devops_job_titles() {
        for (t, r) in [
            ("DevOps Engineer", "devops-engineer"),
            ("Site Reliability Engineer", "site-reliability-engineer"),
            ("Cloud Engineer", "cloud-engineer"),
            ("Cloud DevOps Engineer", "devops-engineer"),
            ("Infrastructure Engineer", "platform-engineer"),
            ("Lead DevOps Engineer", "devops-engineer"),
            ("Cloud Architect", "cloud-architect"),
            ("DevOps Manager", "engineering-manager"),
            ("DevOps Architect", "cloud-architect"),
            ("Cloud Infrastructure Engineer", "cloud-engineer"),
            ("DevOps Consultant", "consultant"),
            ("DevSecOps Engineer", "devops-engineer"),
            ("Manager of DevOps & Engineering Infrastructure", "engineering-manager"),
            ("Automation Engineer", "software-engineer"),
            ("Director of Infrastructure", "engineering-manager"),
            ("Site Reliability Engineering Manager", "engineering-manager"),
            ("Test Automation Engineer", "qa-engineer"),
            ("Network Deployment Engineer", "network-engineer"),
            ("CloudOps Database Administrator", "database-administrator"),
            ("Linux Infrastructure Developer", "platform-engineer"),
        ] {
            assert_eq!(role(t), r, "{t}");
        }
        assert_eq!(lvl("Principal DevOps Engineer"), Some(Principal));
        assert_eq!(lvl("Staff Site Reliability Engineer"), Some(Staff));
    }

    #[test]
    fn level_words_in_titles() {
        for (t, l) in [
            ("Junior Data Analyst", Some(Entry)),
            ("Jr. Software Developer", Some(Entry)),
            ("Software Engineering Intern", Some(Entry)),
            ("Graduate Software Engineer", Some(Entry)),
            ("Associate Product Manager", Some(Entry)),
            ("Entry Level Data Analyst", Some(Entry)),
            ("Mid-Level Software Engineer", Some(Mid)),
            ("Software Engineer I", Some(Entry)),
            ("Software Engineer III", Some(Senior)),
            ("Software Engineer IV", Some(Staff)),
            ("Software Engineer V", Some(Principal)),
            ("Data Analyst 2", Some(Mid)),
            ("Staff Software Engineer", Some(Staff)),
            ("Senior Staff Software Engineer", Some(Principal)),
            ("Principal Data Scientist", Some(Principal)),
            ("Distinguished Engineer", Some(Principal)),
            ("Technical Fellow", Some(Principal)),
            ("Lead Data Engineer", Some(Staff)),
            ("Senior Software Engineer II", Some(Senior)),
            ("Head of Data", Some(Manager)),
            ("Senior Engineering Manager", Some(Manager)),
            ("Engineering Manager II", Some(Manager)),
            ("Group Product Manager", Some(Manager)),
            ("Director of Product", Some(Executive)),
            ("VP of Engineering", Some(Executive)),
            ("CTO", Some(Executive)),
            ("Solutions Architect", None),
            ("Member of Technical Staff", None),
        ] {
            assert_eq!(lvl(t), l, "{t}");
        }
        assert_eq!(role("Group Product Manager"), "product-manager");
        assert_eq!(role("Director of Product"), "product-manager");
        assert_eq!(role("VP of Engineering"), "engineering-manager");
        assert_eq!(role("Senior Engineering Manager"), "engineering-manager");
    }

    #[test]
    fn precedence_level_text_then_ladder_then_title_then_years() {
        let full = TitleHints {
            company: Some("Google"),
            company_level: Some("L6"),
            specialization: None,
            level_text: Some("senior"),
            years_experience: Some(1.0),
        };
        let m = normalize_title("Junior Software Engineer", &full);
        assert_eq!((m.level, m.level_source), (Some(Senior), LevelSource::LevelText));
        let m = normalize_title("Junior Software Engineer", &TitleHints { level_text: None, ..full });
        assert_eq!((m.level, m.level_source), (Some(Staff), LevelSource::CompanyLadder));
        let m = normalize_title("Junior Software Engineer", &TitleHints { level_text: None, company_level: None, ..full });
        assert_eq!((m.level, m.level_source), (Some(Entry), LevelSource::Title));
        let m = normalize_title("Software Engineer", &TitleHints { level_text: None, company_level: None, ..full });
        assert_eq!((m.level, m.level_source), (Some(Entry), LevelSource::Years));
        let m = normalize_title("Software Engineer", &hints());
        assert_eq!((m.level, m.level_source), (None, LevelSource::None));
        // Unparseable hints fall through rather than block.
        let junk = TitleHints {
            company: Some("Google"),
            company_level: Some("NA"),
            level_text: Some("??"),
            years_experience: Some(f64::NAN),
            specialization: None,
        };
        let m = normalize_title("Senior Engineer", &junk);
        assert_eq!((m.level, m.level_source), (Some(Senior), LevelSource::Title));
    }

    #[test]
    fn unknown_titles_keep_their_slug() {
        for t in ["Chef de Cuisine", "Nurse Practitioner", "Plant Manager", "", "???"] {
            let m = normalize_title(t, &hints());
            assert!(!m.known, "{t}");
            assert_eq!(m.role, slugify(t));
        }
        assert_eq!(normalize_title("", &hints()).role.as_str(), "unknown");
    }

    #[test]
    fn misc_real_titles() {
        for (t, r) in [
            ("Software Engineer II", "software-engineer"),
            ("Senior iOS Engineer", "ios-engineer"),
            ("Android Developer", "android-engineer"),
            ("Mobile Developer", "mobile-engineer"),
            ("Front-End Developer", "frontend-engineer"),
            ("Web Developer", "frontend-engineer"),
            ("Full-Stack Developer", "full-stack-engineer"),
            ("Embedded Software Engineer", "embedded-engineer"),
            ("Firmware Engineer", "embedded-engineer"),
            ("Security Engineer", "security-engineer"),
            ("Information Security Analyst", "security-engineer"),
            ("SDET", "qa-engineer"),
            ("Software Engineer in Test", "qa-engineer"),
            ("Network Engineer", "network-engineer"),
            ("Systems Administrator", "systems-administrator"),
            ("Database Administrator", "database-administrator"),
            ("Data Scientist II", "data-scientist"),
            ("UX Researcher", "ux-researcher"),
            ("UX Designer", "product-designer"),
            ("Graphic Designer", "graphic-designer"),
            ("ASIC Design Engineer", "hardware-engineer"),
            ("Electrical Engineer", "electrical-engineer"),
            ("Technical Recruiter", "recruiter"),
            ("Talent Acquisition Partner", "recruiter"),
            ("Financial Analyst", "financial-analyst"),
            ("Accountant", "accountant"),
            ("Game Developer", "game-developer"),
            ("Computer Programmer", "computer-programmer"),
            ("Systems Analyst", "systems-analyst"),
            ("Technical Support Engineer", "support-engineer"),
            ("Sales Engineer", "sales-engineer"),
            ("Product Owner", "product-manager"),
            ("Software Architect", "software-architect"),
            ("Scientist", "research-scientist"),
        ] {
            assert_eq!(role(t), r, "{t}");
        }
    }

    /// Every real title normalizes with company hints present (its speed
    /// is measured by `paygrid bench`'s ingest figures, not here).
    #[test]
    fn real_titles_normalize_with_hints() {
        let h = TitleHints {
            company: Some("Amazon"),
            company_level: Some("SDE II"),
            specialization: Some("Distributed Systems (Back-End)"),
            level_text: None,
            years_experience: Some(4.0),
        };
        let known = ALL_REAL_TITLES.iter().filter(|t| normalize_title(t, &h).known).count();
        assert!(known > 0);
    }

    const ALL_REAL_TITLES: &[&str] = &[
        "Software Engineer",
        "Product Manager",
        "Software Engineering Manager",
        "Data Scientist",
        "Hardware Engineer",
        "Product Designer",
        "Solution Architect",
        "Technical Program Manager",
        "Management Consultant",
        "Business Analyst",
        "Marketing",
        "Sales",
        "Mechanical Engineer",
        "Recruiter",
        "Human Resources",
        "Data Engineer",
        "Data Analyst",
        "Machine Learning Engineer",
        "Engineer",
        "Manager",
        "Research Scientist",
        "Applied Scientist",
        "Analyst",
        "Data Architect",
        "Analytics Engineer",
        "Research Engineer",
        "Associate",
        "AI Engineer",
        "Data Manager",
        "Business Intelligence Engineer",
        "Consultant",
        "Head of Data",
        "SENIOR SOFTWARE ENGINEER",
        "PROGRAMMER ANALYST",
        "PROJECT MANAGER",
        "ENGINEER, INFORMATION SECURITY",
        "CHIEF EXECUTIVE OFFICER",
        "COMPUTER AND INFORMATION SYSTEMS MANAGER",
        "Developer, back-end",
        "Senior executive (C-suite, VP, etc.)",
        "Graphic Designer",
        "Postdoctoral Fellow",
        "Bioinformatics Scientist",
        "Statistical Programmer",
        "Quantitative Researcher",
        "Technical Writer",
        "CONTROLLER",
        "PURCHASING MANAGER",
        "Enterprise Account Executive",
        "Sales Engineer",
        "Product Marketing Manager",
        "UX Researcher",
        "Cloud Architect",
        "Systems Administrator",
        "Technical Support Engineer",
        "Accountant",
    ];
}
