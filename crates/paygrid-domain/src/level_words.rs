//! Tokens and level words shared by title parsing, level columns and company
//! ladders.
//!
//! Everything here works on a lowercase copy kept on the stack and on token
//! slices into it, because title normalization runs once per imported row
//! (~100k times per import) and must not allocate per token.

use crate::level::Level;

/// Tokens past this many are ignored: no real title or level needs more, and a
/// fixed array keeps tokenizing allocation-free.
pub(crate) const MAX_TOKENS: usize = 40;

const STACK_BYTES: usize = 256;

/// An ASCII-lowercase copy of a string: on the stack when it fits (the usual
/// case), on the heap otherwise.
// The big variant is the point: a `Lower` only ever lives on the stack for
// the length of one call, and boxing the buffer would bring back the
// per-row allocation it exists to avoid.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Lower {
    Stack([u8; STACK_BYTES], usize),
    Heap(String),
}

impl Lower {
    pub(crate) fn new(s: &str) -> Lower {
        let s = s.trim();
        if s.len() <= STACK_BYTES {
            let mut buf = [0u8; STACK_BYTES];
            for (dst, src) in buf.iter_mut().zip(s.bytes()) {
                *dst = src.to_ascii_lowercase();
            }
            Lower::Stack(buf, s.len())
        } else {
            Lower::Heap(s.to_ascii_lowercase())
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            // ASCII lowercasing keeps UTF-8 valid, so this never fails.
            Lower::Stack(buf, len) => std::str::from_utf8(&buf[..*len]).unwrap_or(""),
            Lower::Heap(s) => s,
        }
    }
}

/// One token: a run of ASCII letters or a run of ASCII digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok<'a> {
    pub s: &'a str,
    /// True when the token touches the previous one with no separator
    /// (`sde2` -> `sde`, `2`(glued)), which is how level codes are written.
    pub glued: bool,
}

impl Tok<'_> {
    pub(crate) fn num(&self) -> Option<u32> {
        if self.s.is_empty() || self.s.len() > 6 || !self.s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.s.parse().ok()
    }

    pub(crate) fn is_alpha(&self) -> bool {
        self.s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
    }
}

/// Roman numerals as written after titles ("Engineer III"); only I–VIII,
/// since higher ones are never level suffixes and "x"/"l"/"c"/"d"/"m" are
/// meaningful letters in level codes.
pub(crate) fn roman(s: &str) -> Option<u32> {
    Some(match s {
        "i" => 1,
        "ii" => 2,
        "iii" => 3,
        "iv" => 4,
        "v" => 5,
        "vi" => 6,
        "vii" => 7,
        "viii" => 8,
        _ => return None,
    })
}

/// A fixed-capacity token list over a lowercase string.
pub(crate) struct Tokens<'a> {
    toks: [Tok<'a>; MAX_TOKENS],
    len: usize,
}

impl<'a> Tokens<'a> {
    /// Splits on anything that is not an ASCII letter or digit, and between a
    /// letter run and a digit run. Non-ASCII characters are separators: the
    /// vocabulary is English and ASCII, and this keeps slicing on char
    /// boundaries trivially safe.
    pub(crate) fn new(lower: &'a str) -> Tokens<'a> {
        let mut toks = [Tok { s: "", glued: false }; MAX_TOKENS];
        let mut len = 0;
        let bytes = lower.as_bytes();
        let class = |b: u8| -> u8 {
            if b.is_ascii_alphabetic() {
                1
            } else if b.is_ascii_digit() {
                2
            } else {
                0
            }
        };
        let mut i = 0;
        let mut prev_class = 0u8;
        while i < bytes.len() && len < MAX_TOKENS {
            let c = class(bytes[i]);
            if c == 0 {
                prev_class = 0;
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && class(bytes[i]) == c {
                i += 1;
            }
            toks[len] = Tok { s: &lower[start..i], glued: prev_class != 0 };
            len += 1;
            prev_class = c;
        }
        Tokens { toks, len }
    }

    pub(crate) fn as_slice(&self) -> &[Tok<'a>] {
        &self.toks[..self.len]
    }
}

/// Whether a level phrase comes from a job title or from a level column. They
/// differ on a few words: "architect" is a role in a title but a rung in a
/// ladder ("Principal / Architect"), and "executive" is usually a sales title
/// ("Account Executive") but a rung in a level column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Title,
    LevelText,
}

/// The level evidence found in one text, kept apart so callers can rank it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LevelWords {
    pub executive: bool,
    /// A people-management word that is not part of an individual-contributor
    /// title such as "product manager".
    pub manager: bool,
    /// The highest individual-contributor keyword (junior ... principal).
    pub keyword: Option<Level>,
    /// A Google-style code (`L5`), only read in level columns.
    pub code: Option<Level>,
    /// A numeral after a title word ("Engineer II", "SDE 2").
    pub numeral: Option<Level>,
}

impl LevelWords {
    /// Executive, then manager, then keywords, then codes, then numerals: a
    /// word states the rung, a number only counts it ("Senior Engineer II" is
    /// the second senior step, not mid).
    pub(crate) fn level(&self) -> Option<Level> {
        if self.executive {
            Some(Level::Executive)
        } else if self.manager {
            Some(Level::Manager)
        } else {
            self.keyword.or(self.code).or(self.numeral)
        }
    }
}

/// Words before "manager" that make it an individual-contributor title.
pub(crate) fn ic_manager_prefix(prev: &str) -> bool {
    matches!(
        prev,
        "product"
            | "program"
            | "programme"
            | "project"
            | "account"
            | "offering"
            | "delivery"
            | "line"
            | "portfolio"
            | "campaign"
            | "community"
            | "category"
            | "case"
            | "success"
            | "relationship"
    )
}

/// Words that, right before a number, make it a company code ("Grade 10",
/// "IC 3", "Band 7") rather than a numeral after a title.
fn code_prefix(prev: &str) -> bool {
    matches!(
        prev,
        "ic" | "ict"
            | "itc"
            | "grade"
            | "band"
            | "level"
            | "gr"
            | "mts"
            | "smts"
            | "amts"
            | "lmts"
            | "pmts"
            | "tier"
            | "step"
            | "web"
            | "em"
            | "sdm"
    )
}

fn max_level(a: Option<Level>, b: Level) -> Option<Level> {
    Some(match a {
        Some(x) if x >= b => x,
        _ => b,
    })
}

/// Numeral n after a title word: I entry, II mid, III senior, IV staff, V+
/// principal (docs/normalization.md).
pub(crate) fn numeral_level(n: u32) -> Option<Level> {
    Some(match n {
        1 => Level::Entry,
        2 => Level::Mid,
        3 => Level::Senior,
        4 => Level::Staff,
        5 => Level::Principal,
        _ => return None,
    })
}

/// Google's ladder, which Levels.fyi and many companies use as the common
/// reference: L3 entry, L4 mid, L5 senior, L6 staff, L7+ principal.
pub(crate) fn google_l(n: u32) -> Option<Level> {
    Some(match n {
        1..=3 => Level::Entry,
        4 => Level::Mid,
        5 => Level::Senior,
        6 => Level::Staff,
        7..=10 => Level::Principal,
        _ => return None,
    })
}

/// Scans tokens for level words. Context rules:
/// - "senior staff" and "senior principal" are principal; "member of
///   technical staff" is a title, not the staff rung;
/// - "fellow" is principal except in academic phrases ("postdoctoral fellow");
/// - "manager" after product/program/project/... is an IC title, but "group
///   product manager" manages product managers.
pub(crate) fn scan(toks: &[Tok<'_>], mode: Mode) -> LevelWords {
    let mut out = LevelWords::default();
    let n = toks.len();
    let word = |i: usize| -> &str { toks.get(i).map_or("", |t| t.s) };
    let has = |w: &str| toks.iter().any(|t| t.s == w);
    let mut seen_title_word = false;
    for i in 0..n {
        let t = toks[i];
        let w = t.s;
        let prev = if i > 0 { word(i - 1) } else { "" };
        let next = word(i + 1);
        let mut kw: Option<Level> = None;
        match w {
            "intern" | "interns" | "internship" | "trainee" | "apprentice" | "apprenticeship" | "junior" | "jr" | "jnr"
            | "entry" | "graduate" | "grad" | "beginner" | "placement" | "starting" | "rotational" | "resident" | "residency" => {
                kw = Some(Level::Entry)
            }
            // Academic ranks are not rungs of this ladder.
            "associate" | "assistant" if !matches!(next, "professor" | "dean" | "provost") => kw = Some(Level::Entry),
            "coop" => kw = Some(Level::Entry),
            "co" if next == "op" => kw = Some(Level::Entry),
            "mid" | "midlevel" | "intermediate" => kw = Some(Level::Mid),
            "senior" | "sr" | "snr" => {
                kw = Some(match next {
                    "staff" | "principal" | "stsm" => Level::Principal,
                    _ => Level::Senior,
                })
            }
            "staff" => {
                let mts = prev == "technical" || next == "member" || prev == "of";
                let senior = matches!(prev, "senior" | "sr" | "snr")
                    || (prev == "technical" && i >= 2 && matches!(word(i - 2), "senior" | "sr"));
                if senior {
                    kw = Some(Level::Principal);
                } else if !mts {
                    kw = Some(Level::Staff);
                }
            }
            "lead" | "leader" | "leads" | "tl" | "teamlead" | "techlead" => kw = Some(Level::Staff),
            "principal" | "principle" | "distinguished" | "stsm" => kw = Some(Level::Principal),
            "fellow" | "fellows" => {
                let academic = toks
                    .iter()
                    .any(|t| matches!(t.s, "postdoctoral" | "postdoc" | "post" | "research" | "teaching" | "graduate"));
                kw = Some(if academic { Level::Entry } else { Level::Principal });
            }
            "architect" if mode == Mode::LevelText => kw = Some(Level::Principal),
            "manager" | "mgr" | "managers" => {
                let ic = ic_manager_prefix(prev) || (prev == "marketing" && i >= 2 && word(i - 2) == "product");
                let group = has("group") || has("gpm");
                if !ic || group {
                    out.manager = true;
                }
            }
            "supervisor" | "sdm" | "gpm" | "gm" => out.manager = true,
            "em" if mode == Mode::LevelText => out.manager = true,
            "head" if next == "of" || mode == Mode::LevelText || i == 0 => out.manager = true,
            "director" | "directors" | "vp" | "svp" | "evp" | "avp" | "chief" | "cto" | "ceo" | "cfo" | "coo" | "cio" | "cmo"
            | "ciso" | "cdo" | "cpo" | "founder" | "cofounder" => out.executive = true,
            "president" => out.executive = true,
            "c" if matches!(next, "suite" | "level") => out.executive = true,
            "executive" | "executives" => {
                let sales = matches!(prev, "account" | "sales" | "development" | "marketing") || has("account");
                let standalone = n == 1 || matches!(prev, "senior" | "sr");
                if mode == Mode::LevelText && !sales || mode == Mode::Title && standalone {
                    out.executive = true;
                }
            }
            "partner" if (mode == Mode::LevelText || n == 1 || prev == "managing") && !has("business") => out.executive = true,
            _ => {}
        }
        if let Some(k) = kw {
            out.keyword = max_level(out.keyword, k);
        }
        // Codes and numerals.
        let num = t.num().or_else(|| if t.glued { None } else { roman(w) });
        if let Some(num) = num {
            let prev_tok = if i > 0 { Some(toks[i - 1]) } else { None };
            match prev_tok {
                Some(p) if t.glued && p.is_alpha() && mode == Mode::LevelText => match p.s {
                    "l" if out.code.is_none() => out.code = google_l(num),
                    "m" => out.manager = true,
                    "d" if num <= 3 => out.executive = true,
                    "sde" | "swe" | "se" | "sw" | "pm" if out.numeral.is_none() => out.numeral = numeral_level(num),
                    other if other.len() >= 3 && !code_prefix(other) && roman(other).is_none() && out.numeral.is_none() => {
                        out.numeral = numeral_level(num)
                    }
                    _ => {}
                },
                Some(p)
                    if seen_title_word
                        && p.is_alpha()
                        && p.s.len() >= 2
                        && roman(p.s).is_none()
                        && !code_prefix(p.s)
                        && (!t.glued || mode == Mode::LevelText)
                        && out.numeral.is_none() =>
                {
                    out.numeral = numeral_level(num);
                }
                _ => {}
            }
        } else if t.is_alpha() && w.len() >= 2 {
            seen_title_word = true;
        }
    }
    out
}

/// Aijobs / ai-jobs.net four-tier code.
pub(crate) fn tier_code(s: &str) -> Option<Level> {
    let s = s.trim();
    if s.len() != 2 {
        return None;
    }
    let mut b = [0u8; 2];
    b.copy_from_slice(s.as_bytes());
    b.make_ascii_lowercase();
    Some(match &b {
        b"en" => Level::Entry,
        b"mi" => Level::Mid,
        b"se" => Level::Senior,
        b"ex" => Level::Executive,
        _ => return None,
    })
}

/// A source's own level column: a tier code or generic level words.
pub(crate) fn parse_level_text(s: &str) -> Option<Level> {
    if let Some(l) = tier_code(s) {
        return Some(l);
    }
    let lower = Lower::new(s);
    let toks = Tokens::new(lower.as_str());
    if let Some(l) = Level::from_slug(lower.as_str()) {
        return Some(l);
    }
    scan(toks.as_slice(), Mode::LevelText).level()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(String, bool)> {
        let lower = Lower::new(s);
        let t = Tokens::new(lower.as_str());
        t.as_slice().iter().map(|t| (t.s.to_string(), t.glued)).collect()
    }

    #[test]
    fn tokenizer_splits_codes_and_separators() {
        assert_eq!(toks("SDE2"), vec![("sde".into(), false), ("2".into(), true)]);
        assert_eq!(toks("ICT - 5"), vec![("ict".into(), false), ("5".into(), false)]);
        assert_eq!(
            toks("Sr. Back-end Dev"),
            vec![("sr".into(), false), ("back".into(), false), ("end".into(), false), ("dev".into(), false)]
        );
        assert_eq!(toks("L5A").len(), 3);
        assert_eq!(toks("Développeur").len(), 2);
        assert!(toks("").is_empty());
        assert!(toks("  --- ").is_empty());
    }

    #[test]
    fn long_input_goes_to_heap_and_stays_correct() {
        let long = "Senior ".repeat(60) + "Engineer";
        let lower = Lower::new(&long);
        assert!(matches!(lower, Lower::Heap(_)));
        assert!(lower.as_str().ends_with("engineer"));
        let t = Tokens::new(lower.as_str());
        assert_eq!(t.as_slice().len(), MAX_TOKENS);
    }

    #[test]
    fn tier_codes() {
        assert_eq!(tier_code("EN"), Some(Level::Entry));
        assert_eq!(tier_code("mi"), Some(Level::Mid));
        assert_eq!(tier_code(" SE "), Some(Level::Senior));
        assert_eq!(tier_code("EX"), Some(Level::Executive));
        assert_eq!(tier_code("SR"), None);
        assert_eq!(tier_code("SE 2"), None);
    }

    #[test]
    fn level_text_words() {
        let p = parse_level_text;
        assert_eq!(p("senior"), Some(Level::Senior));
        assert_eq!(p("Staff"), Some(Level::Staff));
        assert_eq!(p("Senior Staff"), Some(Level::Principal));
        assert_eq!(p("Sr Staff"), Some(Level::Principal));
        assert_eq!(p("L5"), Some(Level::Senior));
        assert_eq!(p("l4"), Some(Level::Mid));
        assert_eq!(p("L3 New Grad"), Some(Level::Entry));
        assert_eq!(p("Mid-level"), Some(Level::Mid));
        assert_eq!(p("Entry level"), Some(Level::Entry));
        assert_eq!(p("Junior"), Some(Level::Entry));
        assert_eq!(p("Principal / Architect"), Some(Level::Principal));
        assert_eq!(p("Distinguished Engineer"), Some(Level::Principal));
        assert_eq!(p("Senior Manager"), Some(Level::Manager));
        assert_eq!(p("Manager (L6)"), Some(Level::Manager));
        assert_eq!(p("M2"), Some(Level::Manager));
        assert_eq!(p("Senior Director"), Some(Level::Executive));
        assert_eq!(p("VP"), Some(Level::Executive));
        assert_eq!(p("Senior executive (C-suite, VP, etc.)"), Some(Level::Executive));
        assert_eq!(p("Software Engineer II"), Some(Level::Mid));
        assert_eq!(p("SDE 2"), Some(Level::Mid));
        assert_eq!(p("Sde2"), Some(Level::Mid));
        assert_eq!(p("Software Engineer 1"), Some(Level::Entry));
        assert_eq!(p("Senior Software Engineer II"), Some(Level::Senior));
        assert_eq!(p("L5 Product Manager"), Some(Level::Senior));
        assert_eq!(p("Senior Product Manager"), Some(Level::Senior));
        assert_eq!(p("Group Product Manager"), Some(Level::Manager));
        assert_eq!(p("Member of Technical Staff"), None);
        assert_eq!(p("Senior Technical Staff Member"), Some(Level::Principal));
        assert_eq!(p("Account Executive"), None);
        assert_eq!(p("Grade 10"), None);
        assert_eq!(p("Band 7"), None);
        assert_eq!(p("NA"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("executive"), Some(Level::Executive));
        assert_eq!(p("mid"), Some(Level::Mid));
    }

    #[test]
    fn title_mode_is_stricter() {
        let f = |s: &str| {
            let lower = Lower::new(s);
            let t = Tokens::new(lower.as_str());
            scan(t.as_slice(), Mode::Title).level()
        };
        assert_eq!(f("Solutions Architect"), None);
        assert_eq!(f("Account Executive"), None);
        assert_eq!(f("Senior Executive"), Some(Level::Executive));
        assert_eq!(f("Postdoctoral Fellow"), Some(Level::Entry));
        assert_eq!(f("Technical Fellow"), Some(Level::Principal));
        assert_eq!(f("Software Engineer II, Backend"), Some(Level::Mid));
        assert_eq!(f("Engineer 3"), Some(Level::Senior));
        assert_eq!(f("Web3 Developer"), None);
        assert_eq!(f("Level 2 Support"), None);
        assert_eq!(f("I Engineer"), None);
    }
}
