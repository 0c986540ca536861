//! Company level ladders: a company's own level code -> the canonical ladder
//! (docs/normalization.md: "Company ladders (Google L4, Meta E5, Amazon SDE II,
//! Microsoft 62 …) map through a table").
//!
//! The canonical rungs are anchored on Google (L3 entry, L4 mid, L5 senior, L6
//! staff, L7+ principal) and every other ladder is mapped to the Google rung it
//! is paid and hired like, not to the word in its title: Amazon "SDE III" is
//! L6 at Amazon but senior here; Qualcomm "Staff Engineer" is senior here;
//! IBM "Staff Engineer" is Band 7, mid here. Where the common industry mapping
//! was unclear, the choice was checked against the median years of experience
//! of that code in the Levels.fyi 2017–2020 software-engineer rows (medians
//! over all laddered rows: entry 1, mid 4, senior 8, staff 11, principal 15),
//! and the notes column names those checks.
//!
//! | company | entry | mid | senior | staff | principal | notes |
//! |---|---|---|---|---|---|---|
//! | Google | L1–L3, T3 | L4, T4 | L5, T5 | L6, T6 | L7–L10 | `Manager (L6)` -> manager |
//! | Meta / Facebook | E1–E3, IC3, L3 | E4, IC4 | E5, IC5 | E6, IC6 | E7+, IC7+ | M1/M2 manager, D1/D2 executive |
//! | Amazon | L1–L4, SDE I | L5, SDE II | L6, SDE III, Senior SDE | – | L7, L8, L10, Principal SDE | `L6 SDM` -> manager; no staff rung: L7 is "Principal" and paid like Google L6–L7 |
//! | Microsoft | 57–60, SDE | 61–62, SDE II | 63–64, Senior SDE | 65 | 66–79, Principal, Partner | 80+ executive; 65 (y≈14) pays like Google L6 |
//! | Apple | ICT2 (also IC/ITC/L typos) | ICT3 | ICT4 | ICT5 | ICT6+ | M1–M3, EM, MGR manager |
//! | Oracle | IC1 | IC2, MTS | IC3, Senior MTS | IC4, Principal MTS | IC5–IC6, Consulting MTS, Architect | M1–M4 manager, M5+ executive |
//! | Salesforce | AMTS | MTS | SMTS | LMTS, Lead | PMTS, Architect | |
//! | Uber | L3 | L4 | L5A, L5B | L6 | L7+ | EM1–EM3 manager |
//! | Cisco | Grade ≤6, SWE I | Grade 7–8, SWE II–III | Grade 9–10, SWE IV–V | Grade 11, Technical Leader | Grade 12+, Principal, Distinguished | SWE III is y≈4 at Cisco |
//! | Intel | Grade ≤5 | Grade 6 | Grade 7 | Grade 8, Staff | Grade 9+, Principal | |
//! | IBM | Band ≤6, Associate | Band 7, Staff | Band 8, Advisory | Band 9, Senior | Band 10+, STSM, Distinguished | IBM "Senior Engineer" is Band 9 (y≈14) |
//! | LinkedIn | Associate | – | Senior | Staff | Senior Staff, Principal | plain "Software Engineer" spans entry–mid: years decide |
//! | Capital One | Associate, TDP, CODA | Senior Associate, Software Eng | Principal Associate, Senior SWE | Lead SWE | Master, Distinguished | |
//! | Qualcomm | Engineer | Senior Engineer | Staff Engineer | Senior Staff, Senior Lead | Principal | one rung below the title word |
//! | VMware | MTS 1, P1 | MTS 2–3, P2–P3 | Senior MTS, P4 | Staff 1–2, P5–P6 | Senior Staff, Principal, P7+ | |
//! | Bloomberg | New Grad, Junior | – | Senior | – | – | Team Lead -> manager; plain "Software Engineer" spans entry–mid |
//! | Intuit | SWE 1 | SWE 2 | Senior | Staff | Principal / Architect, Distinguished | generic words suffice |
//! | JPMorgan Chase | Analyst, 5xx, SEP | Associate, Senior Associate, 601–602 | Vice President, 603–604 | Executive Director | – | Managing Director executive (bank VPs are ICs) |
//! | Goldman Sachs | Analyst | Associate | Vice President | Executive Director | – | Managing Director executive |
//! | PayPal, eBay | T22-, SE 1 | T23, SE 2 | T24–T25, SE 3, MTS 1 | T26, MTS 2 | T27+, Senior MTS | one shared grade system |
//! | Lyft, Airbnb, Snap | L/T3 | L/T4 | L/T5 | L/T6 | L/T7+ | Google-style numbering |
//! | Adobe | SWE 1 | SWE 2–3 | SWE 4 | SWE 5 | SWE 6+ | SWE 3 is y≈5 |
//! | Nvidia | IC1 | IC2–IC3 | IC4 | IC5 | IC6+ | |
//! | Dropbox | IC1 | IC2 | IC3 | IC4 | IC5+ | |
//! | Twitter | Software Engineer | SWE II | Senior | Staff | Senior Staff | |
//!
//! For every company, management words come first ("Manager", "M1", "SDM",
//! "Director", "VP") except at the banks, where "Vice President" is an IC
//! rung. Text the company's table does not decide falls back to the generic
//! reading of [`Level::parse_word`], so "Senior", "Staff SWE" or "Software
//! Engineer II" work for any company, listed or not.

use crate::level::Level;
use crate::level_words::{google_l, numeral_level, roman, scan, LevelWords, Lower, Mode, Tok, Tokens};

/// A company with a ladder table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Company {
    Google,
    Meta,
    Amazon,
    Microsoft,
    Apple,
    Oracle,
    Salesforce,
    Uber,
    Cisco,
    Intel,
    Ibm,
    LinkedIn,
    CapitalOne,
    Qualcomm,
    Vmware,
    Bloomberg,
    Intuit,
    JpMorgan,
    GoldmanSachs,
    PayPal,
    Ebay,
    Lyft,
    Adobe,
    Nvidia,
    Airbnb,
    Snap,
    Dropbox,
    Twitter,
}

impl Company {
    pub const ALL: [Company; 28] = [
        Company::Google,
        Company::Meta,
        Company::Amazon,
        Company::Microsoft,
        Company::Apple,
        Company::Oracle,
        Company::Salesforce,
        Company::Uber,
        Company::Cisco,
        Company::Intel,
        Company::Ibm,
        Company::LinkedIn,
        Company::CapitalOne,
        Company::Qualcomm,
        Company::Vmware,
        Company::Bloomberg,
        Company::Intuit,
        Company::JpMorgan,
        Company::GoldmanSachs,
        Company::PayPal,
        Company::Ebay,
        Company::Lyft,
        Company::Adobe,
        Company::Nvidia,
        Company::Airbnb,
        Company::Snap,
        Company::Dropbox,
        Company::Twitter,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Company::Google => "Google",
            Company::Meta => "Meta",
            Company::Amazon => "Amazon",
            Company::Microsoft => "Microsoft",
            Company::Apple => "Apple",
            Company::Oracle => "Oracle",
            Company::Salesforce => "Salesforce",
            Company::Uber => "Uber",
            Company::Cisco => "Cisco",
            Company::Intel => "Intel",
            Company::Ibm => "IBM",
            Company::LinkedIn => "LinkedIn",
            Company::CapitalOne => "Capital One",
            Company::Qualcomm => "Qualcomm",
            Company::Vmware => "VMware",
            Company::Bloomberg => "Bloomberg",
            Company::Intuit => "Intuit",
            Company::JpMorgan => "JPMorgan Chase",
            Company::GoldmanSachs => "Goldman Sachs",
            Company::PayPal => "PayPal",
            Company::Ebay => "eBay",
            Company::Lyft => "Lyft",
            Company::Adobe => "Adobe",
            Company::Nvidia => "Nvidia",
            Company::Airbnb => "Airbnb",
            Company::Snap => "Snap",
            Company::Dropbox => "Dropbox",
            Company::Twitter => "Twitter",
        }
    }

    /// Recognizes a company name as sources write it ("Facebook", "Meta
    /// Platforms, Inc.", "AMAZON.COM SERVICES, INC.", "Cisco Systems").
    /// Legal suffixes are ignored; otherwise the name must match an alias
    /// exactly, so "Apple Leisure Group" is not Apple.
    pub fn from_name(name: &str) -> Option<Company> {
        let lower = Lower::new(name);
        let toks = Tokens::new(lower.as_str());
        let mut words: [&str; 8] = [""; 8];
        let mut n = 0;
        for t in toks.as_slice() {
            if matches!(
                t.s,
                "inc"
                    | "corp"
                    | "corporation"
                    | "llc"
                    | "ltd"
                    | "co"
                    | "company"
                    | "the"
                    | "plc"
                    | "lp"
                    | "com"
                    | "platforms"
                    | "systems"
                    | "technologies"
                    | "incorporated"
                    | "services"
                    | "na"
                    | "and"
                    | "n"
                    | "a"
            ) {
                continue;
            }
            if n == words.len() {
                return None;
            }
            words[n] = t.s;
            n += 1;
        }
        Some(match &words[..n] {
            ["google"] | ["alphabet"] => Company::Google,
            ["facebook"] | ["meta"] | ["fb"] => Company::Meta,
            ["amazon", ..] | ["aws"] => Company::Amazon,
            ["microsoft"] => Company::Microsoft,
            ["apple"] => Company::Apple,
            ["oracle"] => Company::Oracle,
            ["salesforce"] => Company::Salesforce,
            ["uber"] => Company::Uber,
            ["cisco"] => Company::Cisco,
            ["intel"] => Company::Intel,
            ["ibm"] | ["international", "business", "machines"] => Company::Ibm,
            ["linkedin"] => Company::LinkedIn,
            ["capital", "one"] | ["capitalone"] => Company::CapitalOne,
            ["qualcomm"] => Company::Qualcomm,
            ["vmware"] => Company::Vmware,
            ["bloomberg"] => Company::Bloomberg,
            ["intuit"] => Company::Intuit,
            ["jpmorgan", ..] | ["jp", "morgan", ..] | ["j", "p", "morgan", ..] | ["jpmc"] => Company::JpMorgan,
            ["goldman", "sachs", ..] | ["goldman"] => Company::GoldmanSachs,
            ["paypal"] => Company::PayPal,
            ["ebay"] => Company::Ebay,
            ["lyft"] => Company::Lyft,
            ["adobe"] => Company::Adobe,
            ["nvidia"] => Company::Nvidia,
            ["airbnb"] => Company::Airbnb,
            ["snap"] | ["snapchat"] => Company::Snap,
            ["dropbox"] => Company::Dropbox,
            ["twitter"] => Company::Twitter,
            _ => return None,
        })
    }
}

/// A company level on the canonical ladder: the company's table first, then
/// the generic reading of the text (words, "SDE II", `L5`). `None` when
/// neither decides, so the caller can fall back to title words or years.
pub fn company_level(company: Option<&str>, level: &str) -> Option<Level> {
    let lower = Lower::new(level);
    let toks = Tokens::new(lower.as_str());
    let lt = Lt::new(toks.as_slice());
    if let Some(c) = company.and_then(Company::from_name) {
        if let Some(l) = lt.ladder(c) {
            return Some(l);
        }
        if lt.no_generic(c) {
            return None;
        }
    }
    lt.words.level()
}

/// The company's own table only, without the generic fallback.
pub fn ladder_level(company: Company, level: &str) -> Option<Level> {
    let lower = Lower::new(level);
    let toks = Tokens::new(lower.as_str());
    Lt::new(toks.as_slice()).ladder(company)
}

/// One parsed level text.
struct Lt<'a, 'b> {
    toks: &'b [Tok<'a>],
    words: LevelWords,
}

/// The first code in a level text: `ICT4` -> ("ict", 4), `SDE II` -> ("sde", 2),
/// `5a` -> ("", 5), `Grade 10` -> ("grade", 10).
#[derive(Debug, Clone, Copy)]
struct Code<'a> {
    prefix: &'a str,
    n: u32,
}

impl<'a, 'b> Lt<'a, 'b> {
    fn new(toks: &'b [Tok<'a>]) -> Self {
        Lt { toks, words: scan(toks, Mode::LevelText) }
    }

    fn has(&self, w: &str) -> bool {
        self.toks.iter().any(|t| t.s == w)
    }

    fn has_any(&self, ws: &[&str]) -> bool {
        self.toks.iter().any(|t| ws.contains(&t.s))
    }

    fn senior(&self) -> bool {
        self.has_any(&["senior", "sr", "snr"])
    }

    /// "MTS", "SMTS", "Member of Technical Staff" and friends.
    fn mts(&self) -> bool {
        self.has("mts") || (self.has("member") && self.has("technical") && self.has("staff"))
    }

    fn code(&self) -> Option<Code<'a>> {
        for (i, t) in self.toks.iter().enumerate() {
            let prev = if i > 0 { Some(self.toks[i - 1]) } else { None };
            if let Some(n) = t.num() {
                let prefix = match prev {
                    Some(p) if p.is_alpha() => p.s,
                    _ => "",
                };
                return Some(Code { prefix, n });
            }
            if !t.glued {
                if let (Some(n), Some(p)) = (roman(t.s), prev) {
                    if p.is_alpha() && p.s.len() >= 2 && roman(p.s).is_none() {
                        return Some(Code { prefix: p.s, n });
                    }
                }
            }
        }
        None
    }

    /// Management words, decided before any IC code.
    fn mgmt(&self) -> Option<Level> {
        if self.words.executive {
            Some(Level::Executive)
        } else if self.words.manager {
            Some(Level::Manager)
        } else {
            None
        }
    }

    /// Companies whose table deliberately leaves some texts undecided, where
    /// the generic reading would mislead (a plain "Software Engineer" rung that
    /// spans entry and mid).
    fn no_generic(&self, c: Company) -> bool {
        matches!(c, Company::LinkedIn | Company::Bloomberg)
            && self.words.keyword.is_none()
            && !self.words.manager
            && !self.words.executive
    }

    fn ladder(&self, c: Company) -> Option<Level> {
        use Level::*;
        let code = self.code();
        let code_in = |prefixes: &[&str]| code.filter(|c| prefixes.contains(&c.prefix)).map(|c| c.n);
        match c {
            Company::Google => self.mgmt().or_else(|| code_in(&["l", "t", "", "level", "e", "ic"]).and_then(google_l)),
            Company::Meta => self.mgmt().or_else(|| code_in(&["e", "ic", "l", "", "level", "se"]).and_then(google_l)),
            Company::Lyft | Company::Airbnb | Company::Snap | Company::Uber => {
                self.mgmt().or_else(|| code_in(&["l", "t", "", "level", "ic", "e"]).and_then(google_l))
            }
            Company::Amazon => self.mgmt().or_else(|| {
                if self.has("sdeiii") {
                    return Some(Senior);
                }
                if self.has("sdeii") {
                    return Some(Mid);
                }
                if self.has("sdei") {
                    return Some(Entry);
                }
                match code {
                    Some(Code { prefix: "l" | "" | "level" | "ic", n }) => match n {
                        1..=4 => Some(Entry),
                        5 => Some(Mid),
                        6 => Some(Senior),
                        7..=10 => Some(Principal),
                        _ => None,
                    },
                    Some(Code { prefix: "sde", n }) => numeral_level(n),
                    _ => None,
                }
            }),
            Company::Microsoft => {
                if self.has("partner") {
                    return Some(Principal);
                }
                self.mgmt().or_else(|| match code {
                    Some(Code { prefix: "" | "l" | "level", n }) => match n {
                        57..=60 => Some(Entry),
                        61..=62 => Some(Mid),
                        63..=64 => Some(Senior),
                        65 => Some(Staff),
                        66..=79 => Some(Principal),
                        80..=99 => Some(Executive),
                        _ => None,
                    },
                    Some(Code { prefix: "sde", n }) => numeral_level(n),
                    _ if self.words.keyword.is_none() && self.has("sde") => Some(Entry),
                    _ => None,
                })
            }
            Company::Apple => self.mgmt().or(match code {
                Some(Code { prefix: "mgr" | "mgt" | "em", .. }) => Some(Manager),
                Some(Code { prefix: "ict" | "ic" | "itc" | "l" | "" | "e", n }) => match n {
                    1..=2 => Some(Entry),
                    3 => Some(Mid),
                    4 => Some(Senior),
                    5 => Some(Staff),
                    6..=8 => Some(Principal),
                    _ => None,
                },
                _ => None,
            }),
            Company::Oracle => {
                if self.words.executive {
                    return Some(Executive);
                }
                if let Some(Code { prefix: "m", n }) = code {
                    return Some(if n >= 5 { Executive } else { Manager });
                }
                self.mgmt().or_else(|| {
                    if self.mts() || self.has_any(&["smts", "pmts", "cmts", "amts"]) {
                        return Some(if self.has("cmts") || self.has("consulting") {
                            Principal
                        } else if self.has("pmts") || self.has("principal") {
                            Staff
                        } else if self.has("smts") || self.senior() {
                            Senior
                        } else if self.has("amts") || self.has("associate") {
                            Entry
                        } else {
                            Mid
                        });
                    }
                    if self.has("architect") {
                        return Some(Principal);
                    }
                    if self.has("principal") {
                        return Some(Staff);
                    }
                    match code {
                        Some(Code { prefix: "ic" | "", n }) => match n {
                            1 => Some(Entry),
                            2 => Some(Mid),
                            3 => Some(Senior),
                            4 => Some(Staff),
                            5..=6 => Some(Principal),
                            _ => None,
                        },
                        _ => None,
                    }
                })
            }
            Company::Salesforce => self.mgmt().or_else(|| {
                if self.has("amts") || (self.mts() && self.has("associate")) {
                    Some(Entry)
                } else if self.has("smts") || (self.mts() && self.senior()) {
                    Some(Senior)
                } else if self.has("lmts") || (self.mts() && self.has("lead")) {
                    Some(Staff)
                } else if self.has("pmts") || (self.mts() && self.has("principal")) {
                    Some(Principal)
                } else if self.mts() {
                    Some(Mid)
                } else if self.has("architect") {
                    Some(Principal)
                } else {
                    None
                }
            }),
            Company::Cisco => self.mgmt().or(self.words.keyword).or(match code {
                Some(Code { prefix: "grade" | "g" | "gr" | "" | "l" | "level", n }) => match n {
                    1..=6 => Some(Entry),
                    7..=8 => Some(Mid),
                    9..=10 => Some(Senior),
                    11 => Some(Staff),
                    12..=15 => Some(Principal),
                    _ => None,
                },
                Some(Code { prefix, n }) if prefix.len() >= 2 => match n {
                    1 => Some(Entry),
                    2..=3 => Some(Mid),
                    4..=5 => Some(Senior),
                    _ => None,
                },
                _ => None,
            }),
            Company::Intel => self.mgmt().or(match code {
                Some(Code { prefix: "grade" | "g" | "gr" | "" | "l", n }) => match n {
                    1..=5 => Some(Entry),
                    6 => Some(Mid),
                    7 => Some(Senior),
                    8 => Some(Staff),
                    9..=12 => Some(Principal),
                    _ => None,
                },
                _ => None,
            }),
            Company::Ibm => self.mgmt().or_else(|| {
                let by_code = match code {
                    Some(Code { prefix: "band" | "b" | "" | "l" | "level" | "grade", n }) => match n {
                        1..=6 => Some(Entry),
                        7 => Some(Mid),
                        8 => Some(Senior),
                        9 => Some(Staff),
                        10..=11 => Some(Principal),
                        _ => None,
                    },
                    _ => None,
                };
                by_code.or_else(|| {
                    if self.has_any(&["stsm", "distinguished", "fellow"])
                        || (self.senior() && self.has("member") && self.has("staff"))
                    {
                        Some(Principal)
                    } else if self.senior() {
                        Some(Staff)
                    } else if self.has("advisory") {
                        Some(Senior)
                    } else if self.has("staff") || self.has("mid") {
                        Some(Mid)
                    } else if self.has_any(&["associate", "apprentice", "entry", "placement"]) {
                        Some(Entry)
                    } else {
                        None
                    }
                })
            }),
            Company::CapitalOne => self.mgmt().or_else(|| {
                if self.has_any(&["master", "distinguished"]) {
                    Some(Principal)
                } else if self.has("lead") {
                    Some(Staff)
                } else if self.has("principal") {
                    Some(Senior)
                } else if self.senior() && self.has("associate") {
                    Some(Mid)
                } else if self.senior() {
                    Some(Senior)
                } else if self.has_any(&["associate", "tdp", "coda", "adp", "grad", "graduate", "entry", "junior"]) {
                    Some(Entry)
                } else if self.has_any(&["eng", "engineer", "engineering", "developer"]) {
                    Some(Mid)
                } else {
                    None
                }
            }),
            Company::Qualcomm => self.mgmt().or_else(|| {
                if self.has("principal") {
                    Some(Principal)
                } else if self.senior() && (self.has("staff") || self.has("lead")) {
                    Some(Staff)
                } else if self.has("staff") {
                    Some(Senior)
                } else if self.senior() {
                    Some(Mid)
                } else if self.has_any(&["engineer", "eng", "entry"]) {
                    Some(Entry)
                } else {
                    None
                }
            }),
            Company::Vmware => self.mgmt().or_else(|| {
                if self.has("smts") || (self.mts() && self.senior()) {
                    Some(Senior)
                } else if self.mts() {
                    match code {
                        Some(Code { n: 1, .. }) => Some(Entry),
                        Some(Code { n: 2..=3, .. }) | None => Some(Mid),
                        _ => None,
                    }
                } else if self.has("principal") || (self.senior() && self.has("staff")) {
                    Some(Principal)
                } else if self.has("staff") {
                    Some(Staff)
                } else {
                    match code {
                        Some(Code { prefix: "p", n }) => match n {
                            1 => Some(Entry),
                            2..=3 => Some(Mid),
                            4 => Some(Senior),
                            5..=6 => Some(Staff),
                            7..=9 => Some(Principal),
                            _ => None,
                        },
                        _ => None,
                    }
                }
            }),
            Company::Bloomberg => {
                if self.has("team") && self.has_any(&["lead", "leader"]) || self.has("tl") {
                    return Some(Manager);
                }
                self.mgmt()
            }
            Company::LinkedIn | Company::Intuit => self.mgmt(),
            Company::JpMorgan | Company::GoldmanSachs => {
                if self.has("md") || (self.has("managing") && self.has("director")) {
                    Some(Executive)
                } else if self.has("vp") || (self.has("vice") && self.has("president")) {
                    Some(Senior)
                } else if self.has("ed") || (self.has("executive") && self.has("director")) {
                    Some(Staff)
                } else if self.has("associate") {
                    Some(Mid)
                } else if self.has_any(&["analyst", "sep", "graduate", "grad"]) {
                    Some(Entry)
                } else {
                    match code {
                        Some(Code { n: 400..=599, .. }) => Some(Entry),
                        Some(Code { n: 601..=602, .. }) => Some(Mid),
                        Some(Code { n: 603..=699, .. }) => Some(Senior),
                        _ => self.mgmt(),
                    }
                }
            }
            Company::PayPal | Company::Ebay => self.mgmt().or_else(|| {
                if self.has("smts") || (self.mts() && self.senior()) {
                    return Some(Principal);
                }
                if self.mts() {
                    return match code {
                        Some(Code { n: 2, .. }) => Some(Staff),
                        _ => Some(Senior),
                    };
                }
                match code {
                    Some(Code { prefix: "t" | "" | "l" | "grade", n }) => match n {
                        18..=22 => Some(Entry),
                        23 => Some(Mid),
                        24..=25 => Some(Senior),
                        26 => Some(Staff),
                        27..=30 => Some(Principal),
                        _ => None,
                    },
                    _ => None,
                }
            }),
            Company::Adobe => self.mgmt().or(self.words.keyword).or(match code {
                Some(Code { prefix, n }) if prefix.len() >= 2 => match n {
                    1 => Some(Entry),
                    2..=3 => Some(Mid),
                    4 => Some(Senior),
                    5 => Some(Staff),
                    6..=8 => Some(Principal),
                    _ => None,
                },
                _ => None,
            }),
            Company::Nvidia => self.mgmt().or(match code {
                Some(Code { prefix: "ic" | "l", n }) => match n {
                    1 => Some(Entry),
                    2..=3 => Some(Mid),
                    4 => Some(Senior),
                    5 => Some(Staff),
                    6..=8 => Some(Principal),
                    _ => None,
                },
                _ => None,
            }),
            Company::Dropbox => self.mgmt().or(match code {
                Some(Code { prefix: "ic" | "l", n }) => match n {
                    1 => Some(Entry),
                    2 => Some(Mid),
                    3 => Some(Senior),
                    4 => Some(Staff),
                    5..=8 => Some(Principal),
                    _ => None,
                },
                _ => None,
            }),
            Company::Twitter => self
                .mgmt()
                .or(self.words.keyword)
                .or(self.words.numeral)
                .or_else(|| self.has_any(&["engineer", "swe", "developer"]).then_some(Entry)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    fn cl(company: &str, level: &str) -> Option<Level> {
        company_level(Some(company), level)
    }

    #[test]
    fn company_names() {
        assert_eq!(Company::from_name("Facebook"), Some(Company::Meta));
        assert_eq!(Company::from_name("Meta Platforms, Inc."), Some(Company::Meta));
        assert_eq!(Company::from_name("AMAZON.COM SERVICES, INC."), Some(Company::Amazon));
        assert_eq!(Company::from_name("Amazon Web Services"), Some(Company::Amazon));
        assert_eq!(Company::from_name("Cisco Systems"), Some(Company::Cisco));
        assert_eq!(Company::from_name("JPMorgan Chase"), Some(Company::JpMorgan));
        assert_eq!(Company::from_name("J.P. Morgan"), Some(Company::JpMorgan));
        assert_eq!(Company::from_name("Capital One"), Some(Company::CapitalOne));
        assert_eq!(Company::from_name("GOOGLE LLC"), Some(Company::Google));
        assert_eq!(Company::from_name("Apple Leisure Group"), None);
        assert_eq!(Company::from_name("Walmart Labs"), None);
        assert_eq!(Company::from_name(""), None);
        for c in Company::ALL {
            assert_eq!(Company::from_name(c.name()), Some(c), "{}", c.name());
        }
    }

    // Every level string below is a real `level` value of the company in
    // levels_fyi_2017-2020.csv.

    #[test]
    fn google() {
        for (s, l) in [
            ("L3", Entry),
            ("L4", Mid),
            ("L5", Senior),
            ("L6", Staff),
            ("L7", Principal),
            ("L8", Principal),
            ("L2", Entry),
            ("T3", Entry),
            ("T5", Senior),
            ("5", Senior),
            ("l4", Mid),
            ("Manager (L6)", Manager),
            ("Senior SWE", Senior),
            ("Staff SWE", Staff),
            ("Senior Staff SWE", Principal),
            ("SWE II", Mid),
            ("SWE III", Senior),
            ("L3 New Grad", Entry),
            ("L7.5", Principal),
            ("Director of Product", Executive),
            ("Group Product Manager", Manager),
            ("Product Manager 2", Mid),
        ] {
            assert_eq!(cl("Google", s), Some(l), "Google {s}");
        }
    }

    #[test]
    fn meta() {
        for (s, l) in [
            ("E3", Entry),
            ("E4", Mid),
            ("E5", Senior),
            ("E6", Staff),
            ("E7", Principal),
            ("E8", Principal),
            ("IC3", Entry),
            ("IC4", Mid),
            ("IC5", Senior),
            ("IC6", Staff),
            ("IC 6", Staff),
            ("Ic5", Senior),
            ("e5", Senior),
            ("M1", Manager),
            ("M2", Manager),
            ("D1", Executive),
            ("L5 Product Manager", Senior),
            ("L4 Product Manager", Mid),
            ("E4 (Rotational Engineer)", Mid),
            ("Rotational Product Manager (RPM)", Entry),
        ] {
            assert_eq!(cl("Facebook", s), Some(l), "Facebook {s}");
            assert_eq!(cl("Meta", s), Some(l), "Meta {s}");
        }
    }

    #[test]
    fn amazon() {
        for (s, l) in [
            ("L4", Entry),
            ("L5", Mid),
            ("L6", Senior),
            ("L7", Principal),
            ("L8", Principal),
            ("SDE I", Entry),
            ("SDE II", Mid),
            ("SDE III", Senior),
            ("SDE 2", Mid),
            ("SDE2", Mid),
            ("Sde2", Mid),
            ("SDEIII", Senior),
            ("SDEII", Mid),
            ("SDE1", Entry),
            ("Senior SDE", Senior),
            ("Principal SDE", Principal),
            ("L6 SDM", Manager),
            ("L5 SDM", Manager),
            ("Senior SDM", Manager),
            ("6", Senior),
            ("5", Mid),
            ("l5", Mid),
            ("L5 / SDE2", Mid),
            ("L6 - SDE3 - Senior Engineer", Senior),
            ("SDE III (L6)", Senior),
            ("L7 Principal", Principal),
            ("Distinguished Engineer", Principal),
            ("Director", Executive),
            ("Manager 2", Manager),
            ("UX Designer II", Mid),
            ("Senior Product Manager", Senior),
            ("Junior", Entry),
        ] {
            assert_eq!(cl("Amazon", s), Some(l), "Amazon {s}");
        }
    }

    #[test]
    fn microsoft() {
        for (s, l) in [
            ("59", Entry),
            ("60", Entry),
            ("61", Mid),
            ("62", Mid),
            ("63", Senior),
            ("64", Senior),
            ("65", Staff),
            ("66", Principal),
            ("67", Principal),
            ("68", Principal),
            ("70", Principal),
            ("L61", Mid),
            ("Level 60", Entry),
            ("SDE", Entry),
            ("SDE II", Mid),
            ("SDE 2", Mid),
            ("sde1", Entry),
            ("Senior SDE", Senior),
            ("Principal SDE", Principal),
            ("SDE II (61)", Mid),
            ("SDE 2 / 61", Mid),
            ("Partner", Principal),
            ("Principal EM", Manager),
            ("Senior Manager", Manager),
            ("PM 2", Mid),
            ("Senior PM", Senior),
            ("L66 Principal PM Manager", Manager),
        ] {
            assert_eq!(cl("Microsoft", s), Some(l), "Microsoft {s}");
        }
    }

    #[test]
    fn apple() {
        for (s, l) in [
            ("ICT2", Entry),
            ("ICT3", Mid),
            ("ICT4", Senior),
            ("ICT5", Staff),
            ("ICT6", Principal),
            ("ICT 3", Mid),
            ("ICT-4", Senior),
            ("ICT - 5", Staff),
            ("Ict4", Senior),
            ("ITC4", Senior),
            ("IC4", Senior),
            ("New Grad (ICT2)", Entry),
            ("M1", Manager),
            ("M3", Manager),
            ("EM2", Manager),
            ("MGR1", Manager),
            ("MGT1", Manager),
            ("Director 1", Executive),
            ("Senior", Senior),
            ("4`", Senior),
        ] {
            assert_eq!(cl("Apple", s), Some(l), "Apple {s}");
        }
    }

    #[test]
    fn oracle() {
        for (s, l) in [
            ("IC-1", Entry),
            ("IC-2", Mid),
            ("IC-3", Senior),
            ("IC-4", Staff),
            ("IC-5", Principal),
            ("IC-6", Principal),
            ("IC4", Staff),
            ("Member of Technical Staff", Mid),
            ("Senior MTS", Senior),
            ("Smts", Senior),
            ("Principal MTS", Staff),
            ("Consulting MTS", Principal),
            ("M3", Manager),
            ("M4", Manager),
            ("M5", Executive),
            ("M4 - Director", Executive),
            ("Senior Manager", Manager),
            ("VP", Executive),
        ] {
            assert_eq!(cl("Oracle", s), Some(l), "Oracle {s}");
        }
    }

    #[test]
    fn salesforce() {
        for (s, l) in [
            ("Associate MTS", Entry),
            ("AMTS", Entry),
            ("Associate Member of Technical Staff", Entry),
            ("MTS", Mid),
            ("MTS(member of technical staff)", Mid),
            ("Senior MTS", Senior),
            ("SMTS", Senior),
            ("Lead MTS", Staff),
            ("LMTS", Staff),
            ("lmts", Staff),
            ("Lead Member of Technical Staff", Staff),
            ("Principal MTS", Principal),
            ("PMTS", Principal),
            ("Architect", Principal),
            ("Principal Architect", Principal),
            ("Lead SWE", Staff),
            ("Senior SWE", Senior),
            ("Director", Executive),
            ("Senior Director", Executive),
            ("Manager", Manager),
        ] {
            assert_eq!(cl("Salesforce", s), Some(l), "Salesforce {s}");
        }
    }

    #[test]
    fn uber() {
        for (s, l) in [
            ("L3", Entry),
            ("L4", Mid),
            ("L5A", Senior),
            ("L5B", Senior),
            ("5a", Senior),
            ("5b", Senior),
            ("L6", Staff),
            ("L7", Principal),
            ("4", Mid),
            ("Software Engineer I", Entry),
            ("Software Engineer II", Mid),
            ("Senior Software Engineer", Senior),
            ("Senior Software Engineer II", Senior),
            ("Staff Software Engineer", Staff),
            ("EM 2", Manager),
            ("EM2", Manager),
            ("Mid-level", Mid),
        ] {
            assert_eq!(cl("Uber", s), Some(l), "Uber {s}");
        }
    }

    #[test]
    fn cisco() {
        for (s, l) in [
            ("Grade 4", Entry),
            ("Grade 6", Entry),
            ("Grade 8", Mid),
            ("Grade 10", Senior),
            ("Grade 11", Staff),
            ("Grade 12", Principal),
            ("Grade 13", Principal),
            ("G10", Senior),
            ("g12", Principal),
            ("10", Senior),
            ("Software Engineer 1", Entry),
            ("Software Engineer 2", Mid),
            ("Software Engineer III", Mid),
            ("Software Engineer IV", Senior),
            ("Technical Leader 1", Staff),
            ("Technical Leader 2", Staff),
            ("Principal Engineer", Principal),
            ("Distinguished Engineer", Principal),
            ("Senior", Senior),
        ] {
            assert_eq!(cl("Cisco", s), Some(l), "Cisco {s}");
        }
        assert_eq!(cl("Cisco", "89"), None);
    }

    #[test]
    fn intel() {
        for (s, l) in [
            ("Grade 5", Entry),
            ("Grade 6", Mid),
            ("Grade 7", Senior),
            ("Grade 8", Staff),
            ("Grade 9", Principal),
            ("Grade 10", Principal),
            ("7", Senior),
            ("G7", Senior),
            ("Gr 9", Principal),
            ("Gr8", Staff),
            ("grade 6", Mid),
            ("Staff Engineer", Staff),
            ("Staff (Grade 8)", Staff),
            ("Principal Eng", Principal),
            ("Sr. Director", Executive),
            ("Fellow", Principal),
        ] {
            assert_eq!(cl("Intel", s), Some(l), "Intel {s}");
        }
    }

    #[test]
    fn ibm() {
        for (s, l) in [
            ("Band 6", Entry),
            ("Band 7", Mid),
            ("Band 8", Senior),
            ("Band 9", Staff),
            ("Band 10", Principal),
            ("7", Mid),
            ("B9", Staff),
            ("Band7", Mid),
            ("7A", Mid),
            ("Band 7A", Mid),
            ("Associate Engineer", Entry),
            ("Staff Engineer", Mid),
            ("Advisory Engineer", Senior),
            ("Senior Engineer", Staff),
            ("Senior Technical Staff Member", Principal),
            ("STSM", Principal),
            ("Distinguished Engineer", Principal),
            ("Band 8 (Advisory)", Senior),
            ("Band 8 - Advisory Software Engineer", Senior),
            ("Program Director", Executive),
            ("Associate Offering Manager", Entry),
        ] {
            assert_eq!(cl("IBM", s), Some(l), "IBM {s}");
        }
    }

    #[test]
    fn linkedin_bloomberg_intuit() {
        for (s, l) in [
            ("Senior Software Engineer", Senior),
            ("Staff Software Engineer", Staff),
            ("Senior Staff Software Engineer", Principal),
            ("Sr Staff", Principal),
            ("Staff", Staff),
            ("Principal", Principal),
            ("Engineering Manager", Manager),
            ("Director", Executive),
        ] {
            assert_eq!(cl("LinkedIn", s), Some(l), "LinkedIn {s}");
        }
        assert_eq!(cl("LinkedIn", "Software Engineer"), None);
        assert_eq!(cl("LinkedIn", "IC3"), None);

        for (s, l) in [
            ("Senior Software Engineer", Senior),
            ("Senior", Senior),
            ("Team Lead", Manager),
            ("TL", Manager),
            ("Engineering Manager", Manager),
            ("New Grad", Entry),
        ] {
            assert_eq!(cl("Bloomberg", s), Some(l), "Bloomberg {s}");
        }
        assert_eq!(cl("Bloomberg", "Software Engineer"), None);
        assert_eq!(cl("Bloomberg", "L3"), None);

        for (s, l) in [
            ("Software Engineer 1", Entry),
            ("Software Engineer 2", Mid),
            ("Senior Software Engineer", Senior),
            ("Staff Software Engineer", Staff),
            ("Principal / Architect", Principal),
            ("Distinguished Principal / Architect", Principal),
            ("Group Manager", Manager),
            ("SE2", Mid),
            ("Frontend Engineer 3", Senior),
            ("Senior PM", Senior),
        ] {
            assert_eq!(cl("Intuit", s), Some(l), "Intuit {s}");
        }
    }

    #[test]
    fn capital_one() {
        for (s, l) in [
            ("Associate", Entry),
            ("Associate Software Eng", Entry),
            ("Senior Associate", Mid),
            ("Software Eng", Mid),
            ("Principal Associate", Senior),
            ("Senior Software Eng", Senior),
            ("Lead Software Eng", Staff),
            ("Master Software Eng", Principal),
            ("Manager", Manager),
            ("Senior Manager", Manager),
            ("Director of Software Eng", Executive),
            ("TDP", Entry),
            ("CODA Associate", Entry),
            ("Senior Software Eng Principal Associate", Senior),
        ] {
            assert_eq!(cl("Capital One", s), Some(l), "Capital One {s}");
        }
    }

    #[test]
    fn qualcomm() {
        for (s, l) in [
            ("Engineer", Entry),
            ("Senior Engineer", Mid),
            ("Staff Engineer", Senior),
            ("Senior Staff Engineer", Staff),
            ("Senior Staff Eng", Staff),
            ("Sr staff", Staff),
            ("Senior Lead Engineer", Staff),
            ("Principal Engineer", Principal),
            ("Senior Staff Manager", Manager),
            ("Principal Engineer/Manager", Manager),
            ("Director", Executive),
            ("Entry level", Entry),
        ] {
            assert_eq!(cl("Qualcomm", s), Some(l), "Qualcomm {s}");
        }
    }

    #[test]
    fn vmware() {
        for (s, l) in [
            ("MTS 1", Entry),
            ("MTS 2", Mid),
            ("MTS 3", Mid),
            ("MTS3", Mid),
            ("MTS I", Entry),
            ("Member of Technical Staff (MTS 1)", Entry),
            ("Senior MTS", Senior),
            ("Sr mts", Senior),
            ("SMTS", Senior),
            ("Staff Engineer 1", Staff),
            ("Staff Engineer 2", Staff),
            ("Senior Staff Engineer", Principal),
            ("Principal Engineer", Principal),
            ("P3", Mid),
            ("P5", Staff),
            ("P7", Principal),
            ("P4 - Sr Manager", Manager),
            ("Senior manager of engineering", Manager),
        ] {
            assert_eq!(cl("VMware", s), Some(l), "VMware {s}");
        }
    }

    #[test]
    fn banks_vice_president_is_senior_ic() {
        for (s, l) in [
            ("Analyst", Entry),
            ("Associate", Mid),
            ("Senior Associate", Mid),
            ("Vice President", Senior),
            ("VP", Senior),
            ("Executive Director", Staff),
            ("Managing Director", Executive),
            ("601", Mid),
            ("603", Senior),
            ("502", Entry),
            ("Analyst (501)", Entry),
            ("SEP", Entry),
        ] {
            assert_eq!(cl("JPMorgan Chase", s), Some(l), "JPMorgan {s}");
        }
        assert_eq!(cl("Goldman Sachs", "Vice President"), Some(Senior));
        assert_eq!(cl("Goldman Sachs", "Executive Director / Vice-President"), Some(Senior));
        assert_eq!(cl("Goldman Sachs", "Analyst"), Some(Entry));
        // Outside banks a VP is an executive.
        assert_eq!(cl("Oracle", "VP"), Some(Executive));
    }

    #[test]
    fn other_ladders() {
        assert_eq!(cl("PayPal", "T22"), Some(Entry));
        assert_eq!(cl("PayPal", "T23"), Some(Mid));
        assert_eq!(cl("PayPal", "T24"), Some(Senior));
        assert_eq!(cl("PayPal", "T26"), Some(Staff));
        assert_eq!(cl("PayPal", "T27"), Some(Principal));
        assert_eq!(cl("PayPal", "Member of Technical Staff 1"), Some(Senior));
        assert_eq!(cl("PayPal", "Member of Technical Staff 2"), Some(Staff));
        assert_eq!(cl("eBay", "SE 2"), Some(Mid));
        assert_eq!(cl("eBay", "SE3"), Some(Senior));
        assert_eq!(cl("eBay", "MTS 1"), Some(Senior));
        assert_eq!(cl("eBay", "Senior MTS"), Some(Principal));
        assert_eq!(cl("eBay", "24"), Some(Senior));
        assert_eq!(cl("Lyft", "T5"), Some(Senior));
        assert_eq!(cl("Lyft", "T3"), Some(Entry));
        assert_eq!(cl("Lyft", "M1"), Some(Manager));
        assert_eq!(cl("Airbnb", "L6"), Some(Staff));
        assert_eq!(cl("Snap", "L4"), Some(Mid));
        assert_eq!(cl("Adobe", "Software Engineer 3"), Some(Mid));
        assert_eq!(cl("Adobe", "Software Engineer 4"), Some(Senior));
        assert_eq!(cl("Adobe", "Software Engineer 5.5"), Some(Staff));
        assert_eq!(cl("Nvidia", "IC3"), Some(Mid));
        assert_eq!(cl("Nvidia", "IC5"), Some(Staff));
        assert_eq!(cl("Dropbox", "IC3"), Some(Senior));
        assert_eq!(cl("Twitter", "Software Engineer (SWE)"), Some(Entry));
        assert_eq!(cl("Twitter", "SWE II"), Some(Mid));
        assert_eq!(cl("Twitter", "Senior Staff SWE"), Some(Principal));
    }

    #[test]
    fn unknown_company_uses_generic_reading() {
        assert_eq!(company_level(Some("Workday"), "Senior SWE"), Some(Senior));
        assert_eq!(company_level(Some("Walmart Labs"), "Software Engineer 2"), Some(Mid));
        assert_eq!(company_level(None, "L5"), Some(Senior));
        assert_eq!(company_level(Some("Yelp"), "IC3"), None);
        assert_eq!(company_level(Some("Zillow"), "P3"), None);
        assert_eq!(company_level(Some("Netflix"), "NA"), None);
        assert_eq!(company_level(Some("Google"), ""), None);
        assert_eq!(ladder_level(Company::Google, "Senior SWE"), None);
        assert_eq!(ladder_level(Company::Google, "L5"), Some(Senior));
    }
}
