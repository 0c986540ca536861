//! Skills (docs/methodology.md "Skill premiums"): which skills a role's records
//! list most often, and what each is associated with in pay once level,
//! location and experience are held fixed.
//!
//! **Most listed skills.** Among the records of the cell (all levels:
//! the question is about the role, and a level slice would rarely reach the
//! floor) that list at least one skill, the share listing each skill:
//! holders / records-with-skill-data. Records without skill data are left
//! out of the denominator because most sources do not collect skills at
//! all, so counting them would measure the source mix rather than demand.
//! Only skills listed by at least k records are shown (a rarer skill's
//! share would describe fewer than k people), top 15 by share. What a share
//! measures depends on where the lists come from ([`SkillEvidence`]): a
//! survey respondent lists the tools they use, a job posting lists what the
//! employer asks for. The figures are named from the sources of the cell's
//! records that list skills: "most used by respondents" for survey records,
//! "most requested in job postings" only for postings, and both kinds when
//! the cell mixes them.
//!
//! **Premiums.** OLS of ln(TC) on: level dummies; country dummies (US metros
//! are too thin for a per-skill design, so location is the country;
//! countries — and levels — with fewer than k rows are pooled into one
//! "other" category, which also takes unknown values); years of experience,
//! linear and centred at its mean, with missing values set to the mean plus
//! a 0/1 missing indicator (so records without it still inform the skill
//! effects, and the indicator absorbs any difference in pay between those
//! who report it and those who do not); and one 0/1 dummy per skill listed
//! by at least 30 records of the role (docs/methodology.md) and not listed by at
//! least k (a skill almost everyone lists is compared with fewer than k
//! people). The rows are all records of the role (all levels, all
//! locations, within the query's period and sources, outliers excluded)
//! that list at least one skill: level and location are controlled for in
//! the model rather than filtered, because one cell rarely holds enough
//! records for a regression. The measure is TC because the survey source
//! that carries skills reports only total pay. The table needs at least
//! (number of coefficients + k) rows.
//!
//! Standard errors are robust: cluster-robust CR1 by employer when at least
//! half the rows name an employer and they name at least
//! [`MIN_EMPLOYER_CLUSTERS`] distinct employers (a row without one is a
//! cluster of its own; t on G − 1 degrees of freedom), else
//! heteroskedasticity-robust HC3 (t on n − rank); see
//! [`paygrid_stats::robust`]. premium = e^β − 1 with the 95% CI
//! e^(β ± t·se) − 1 and the two-sided p-value of β = 0. Because a table
//! tests every skill at once, each p-value is adjusted for the number of
//! skills in the table (Holm, family-wise 5%; Benjamini–Hochberg q-values
//! beside it): a premium is `significant` only when its Holm-adjusted
//! p-value is below 0.05, and the top premium named is the largest positive
//! premium that is significant. Every other estimate is an association that
//! the data cannot tell from chance; none is a causal effect.

use crate::benchmark::{floor_reason, PayMeasure};
use crate::query::{AreaInfo, CellQuery, RoleInfo};
use crate::snapshot::{NONE, NO_LEVEL};
use crate::Engine;
use paygrid_domain::{Level, SourceKind};
use paygrid_stats::{benjamini_hochberg, holm, OlsAccumulator, RobustFit};
use serde::Serialize;
use std::collections::HashMap;

/// Fewest records of the role listing a skill for it to get a premium.
pub const SKILL_PREMIUM_MIN_HOLDERS: usize = 30;
/// Most listed skills shown.
pub const TOP_REQUESTED_SKILLS: usize = 15;
/// Fewest distinct employers for cluster-robust standard errors: with fewer
/// clusters CR1 understates the uncertainty (Cameron & Miller 2015).
pub const MIN_EMPLOYER_CLUSTERS: usize = 50;
/// Family-wise error rate at which an adjusted p-value is called significant.
pub const ALPHA: f64 = 0.05;

const NO_SKILL_DATA: &str = "no skill data in these sources";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillShare {
    pub skill: String,
    /// Records listing the skill (at least k).
    pub n: usize,
    /// n / records with skill data.
    pub share: f64,
}

/// What a record's skill list says, by the kind of source it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkillEvidence {
    /// A person describing their own work (the Stack Overflow survey, the
    /// submit form): the tools they use.
    Respondents,
    /// A job posting: what the employer asks for. No importer yields skill
    /// lists from postings yet.
    Postings,
    /// A source that does not say which (the generic import format), or a
    /// record whose source the privacy classes hide.
    Unspecified,
}

impl SkillEvidence {
    /// The kind of skill list a source yields.
    pub fn of(kind: SourceKind) -> SkillEvidence {
        match kind {
            SourceKind::StackOverflow | SourceKind::Submission => SkillEvidence::Respondents,
            SourceKind::Generic | SourceKind::LevelsFyi | SourceKind::Aijobs | SourceKind::H1bLca | SourceKind::Oews => {
                SkillEvidence::Unspecified
            }
        }
    }

    fn part(self) -> &'static str {
        match self {
            SkillEvidence::Respondents => "tools used by respondents",
            SkillEvidence::Postings => "requirements of job postings",
            SkillEvidence::Unspecified => "lists of unspecified origin",
        }
    }

    fn note(self) -> &'static str {
        match self {
            SkillEvidence::Respondents => {
                "Survey respondents list the tools they use: a share says how common a tool is among them, not what jobs require."
            }
            SkillEvidence::Postings => "Job postings list what employers ask for.",
            SkillEvidence::Unspecified => "Some records do not say whether their skills describe a person or a job.",
        }
    }
}

/// Name of the "most listed skills" figures for the kinds of skill lists
/// behind them (sorted, distinct): a survey's shares are not requirements
/// of jobs, and only postings' are.
pub fn listed_skills_label(kinds: &[SkillEvidence]) -> String {
    match kinds {
        [SkillEvidence::Respondents] => "Most used by respondents".to_string(),
        [SkillEvidence::Postings] => "Most requested in job postings".to_string(),
        [] | [SkillEvidence::Unspecified] => "Most listed skills".to_string(),
        _ => {
            let parts: Vec<&str> = kinds.iter().map(|k| k.part()).collect();
            format!("Most listed skills, combining {}", parts.join(" and "))
        }
    }
}

/// Records of the cell with skill data from one kind of source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillBasis {
    pub evidence: SkillEvidence,
    /// Withheld (null) under the floor.
    pub records: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestedSkills {
    /// Records in the cell, all levels (withheld under the floor).
    pub records: Option<usize>,
    /// Of those, records that list any skill (the denominator).
    pub with_skill_data: Option<usize>,
    /// Top skills by share.
    pub skills: Vec<SkillShare>,
    /// What the shares are, from the sources of the records that list
    /// skills: "Most used by respondents" for survey data, "Most requested
    /// in job postings" only for postings.
    pub label: String,
    /// The kinds of skill lists behind the shares.
    pub basis: Vec<SkillBasis>,
    /// What the shares measure, in words.
    pub basis_note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillPremium {
    pub skill: String,
    /// Regression rows listing the skill.
    pub n: usize,
    /// e^β − 1 (0.12 = +12% TC).
    pub premium: f64,
    /// 95% CI of the premium, from the robust standard error.
    pub ci: [f64; 2],
    /// Whether the premium survives the adjustment for the number of skills
    /// in the table: Holm-adjusted p-value below 0.05.
    pub significant: bool,
    /// Robust standard error of β (the log-scale coefficient).
    pub se: f64,
    /// Two-sided p-value of β = 0 (t test with the table's df), unadjusted.
    pub p_value: f64,
    /// Holm-adjusted p-value over the table's skills (family-wise).
    pub p_adjusted: f64,
    /// Benjamini–Hochberg q-value over the table's skills (false discovery rate).
    pub q_value: f64,
    /// Whether the unadjusted 95% CI excludes 0 (by chance for about 1 in 20
    /// skills with no premium at all).
    pub ci_excludes_zero: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PremiumTable {
    /// Always total compensation; `measure_note` says why.
    pub measure: PayMeasure,
    pub measure_note: &'static str,
    /// Regression rows (records of the role with skill data and TC).
    pub rows: Option<usize>,
    /// Coefficients fitted, including the intercept.
    pub coefficients: Option<usize>,
    /// The controls, in words.
    pub controls: Vec<String>,
    pub r_squared: Option<f64>,
    /// Skills with an estimable premium, highest first.
    pub skills: Vec<SkillPremium>,
    /// "HC3" (heteroskedasticity-robust) or "CR1" (cluster-robust by employer).
    pub se_method: Option<&'static str>,
    /// Why that method, in words.
    pub se_note: Option<String>,
    /// Degrees of freedom of the t reference (n − rank for HC3, G − 1 for CR1).
    pub df: Option<usize>,
    /// Employer clusters G, for CR1 (a record without an employer counts one).
    pub clusters: Option<usize>,
    /// Skill estimates tested together (the family of the adjustment).
    pub comparisons: Option<usize>,
    /// How p-values are adjusted: "holm".
    pub adjustment: &'static str,
    /// Level of the adjusted test.
    pub alpha: f64,
    /// Skills whose unadjusted 95% CI excludes 0.
    pub unadjusted_excluding_zero: Option<usize>,
    /// How many of those chance alone would give: alpha × comparisons.
    pub expected_by_chance: Option<f64>,
    /// Skills whose premium survives the adjustment.
    pub significant_after_adjustment: Option<usize>,
    /// Skills that qualified but whose dummy duplicates other columns.
    pub not_estimable: Vec<String>,
    pub top_premium: Option<SkillPremium>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_premium_withheld: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillReport {
    pub role: RoleInfo,
    /// Location of the most listed skills (premiums use all locations).
    pub location: AreaInfo,
    pub since: Option<i32>,
    pub until: Option<i32>,
    pub floor: usize,
    pub requested: RequestedSkills,
    pub premiums: PremiumTable,
}

const MEASURE_NOTE: &str = "total compensation: the survey source that lists skills reports only total pay";

impl PremiumTable {
    fn withheld(reason: String, rows: Option<usize>) -> PremiumTable {
        PremiumTable {
            measure: PayMeasure::Total,
            measure_note: MEASURE_NOTE,
            rows,
            coefficients: None,
            controls: Vec::new(),
            r_squared: None,
            skills: Vec::new(),
            se_method: None,
            se_note: None,
            df: None,
            clusters: None,
            comparisons: None,
            adjustment: ADJUSTMENT,
            alpha: ALPHA,
            unadjusted_excluding_zero: None,
            expected_by_chance: None,
            significant_after_adjustment: None,
            not_estimable: Vec::new(),
            top_premium: None,
            top_premium_withheld: None,
            withheld: Some(reason),
        }
    }

    /// How one premium reads: an association, and whether the data can
    /// tell it from chance once every skill of the table is accounted for.
    pub fn association(&self, p: &SkillPremium) -> String {
        format!(
            "{}, {} after accounting for {} comparisons (Holm-adjusted p {})",
            estimate_phrase(p),
            if p.significant { "distinguishable from chance" } else { "not distinguishable from chance" },
            self.comparisons.unwrap_or(self.skills.len()),
            p_text(p.p_adjusted)
        )
    }

    /// What the table as a whole says about chance: how many unadjusted
    /// intervals exclude 0 against how many would by chance, and how many
    /// premiums survive the adjustment. None for a withheld table.
    pub fn multiplicity(&self) -> Option<String> {
        let (m, excl, expected, sig) =
            (self.comparisons?, self.unadjusted_excluding_zero?, self.expected_by_chance?, self.significant_after_adjustment?);
        Some(format!(
            "{excl} of {m} unadjusted 95% intervals exclude 0, where chance alone would give about {expected:.1}; {} after Holm's adjustment for {m} comparisons (family-wise {:.0}%)",
            match sig {
                0 => "none survives".to_string(),
                1 => "1 survives".to_string(),
                k => format!("{k} survive"),
            },
            self.alpha * 100.0
        ))
    }
}

const ADJUSTMENT: &str = "holm";

/// "records listing X report 12.3% higher total compensation (95% CI …, n = …)".
fn estimate_phrase(p: &SkillPremium) -> String {
    format!(
        "records listing {} report {:.1}% {} total compensation (95% CI {:+.1}% to {:+.1}%, n = {})",
        p.skill,
        (p.premium * 100.0).abs(),
        if p.premium >= 0.0 { "higher" } else { "lower" },
        p.ci[0] * 100.0,
        p.ci[1] * 100.0,
        p.n
    )
}

/// A p-value in words: "= 0.42" (three decimals below 0.01), "below 0.001".
fn p_text(p: f64) -> String {
    if p < 0.001 {
        "below 0.001".to_string()
    } else if p < 0.01 {
        format!("= {p:.3}")
    } else {
        format!("= {p:.2}")
    }
}

/// Dense codes for a categorical column: categories with at least `floor`
/// rows keep their own code, the rest share one pooled code; the largest
/// category is the reference (code 0), so every dummy reads "vs the most
/// common". Returns (code per row, category count, names by code).
fn code_factor<K: Copy + Eq + std::hash::Hash + Ord>(
    keys: &[K],
    floor: usize,
    name: impl Fn(K) -> String,
) -> (Vec<usize>, usize, Vec<String>) {
    let mut counts: HashMap<K, usize> = HashMap::new();
    for &k in keys {
        *counts.entry(k).or_default() += 1;
    }
    let mut big: Vec<(K, usize)> = counts.iter().filter(|(_, &c)| c >= floor).map(|(&k, &c)| (k, c)).collect();
    big.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let pooled = counts.values().filter(|&&c| c < floor).sum::<usize>();
    let mut names: Vec<String> = big.iter().map(|&(k, _)| name(k)).collect();
    let mut code: HashMap<K, usize> = big.iter().enumerate().map(|(i, &(k, _))| (k, i)).collect();
    let other = names.len();
    if pooled > 0 {
        names.push("other".to_string());
        for (&k, &c) in &counts {
            if c < floor {
                code.insert(k, other);
            }
        }
        // A pooled group larger than every named one still is not the
        // reference: "other" is not a meaningful baseline.
        if big.is_empty() {
            return (vec![0; keys.len()], 1, names);
        }
    }
    (keys.iter().map(|k| code[k]).collect(), names.len(), names)
}

impl Engine {
    /// Most listed skills of the cell (all levels) and the role's skill
    /// premiums; see the module documentation for the definitions.
    pub fn skill_premiums(&self, q: &CellQuery) -> SkillReport {
        let s = &self.snapshot;
        let f = s.filter(q);
        let cell = self.cell_rows(q, true, false);
        SkillReport {
            role: RoleInfo::of(&q.role),
            location: q.area.info(),
            since: q.since,
            until: q.until,
            floor: self.floor,
            requested: self.requested_skills(&cell.rows),
            // The regression runs over the whole role (all levels and places),
            // so every page of the role shares it.
            premiums: self
                .premium_cache
                .get_or_compute(crate::role_key(q), || self.premium_table(&s.cell_with(&f, true, true).rows)),
        }
    }

    fn requested_skills(&self, rows: &[u32]) -> RequestedSkills {
        let s = &self.snapshot;
        let k = self.floor;
        let mut out = RequestedSkills {
            records: None,
            with_skill_data: None,
            skills: Vec::new(),
            label: listed_skills_label(&[]),
            basis: Vec::new(),
            basis_note: String::new(),
            withheld: None,
        };
        if rows.len() < k {
            out.withheld = Some(floor_reason(k));
            return out;
        }
        out.records = Some(rows.len());
        let mut counts: HashMap<u32, usize> = HashMap::new();
        let mut with = 0usize;
        let mut by_evidence: std::collections::BTreeMap<SkillEvidence, usize> = Default::default();
        let mut ids: Vec<u32> = Vec::new();
        for &r in rows {
            ids.clear();
            ids.extend_from_slice(s.skills_of(r));
            if ids.is_empty() {
                continue;
            }
            with += 1;
            let evidence = s.kind_of(r).map_or(SkillEvidence::Unspecified, SkillEvidence::of);
            *by_evidence.entry(evidence).or_default() += 1;
            ids.sort_unstable();
            ids.dedup();
            for &id in &ids {
                *counts.entry(id).or_default() += 1;
            }
        }
        if with == 0 {
            out.with_skill_data = Some(0);
            out.withheld = Some(NO_SKILL_DATA.to_string());
            return out;
        }
        if with < k {
            out.withheld = Some(format!("fewer than {k} records list skills: withheld by the privacy floor"));
            return out;
        }
        out.with_skill_data = Some(with);
        let kinds: Vec<SkillEvidence> = by_evidence.keys().copied().collect();
        out.label = listed_skills_label(&kinds);
        out.basis_note = kinds.iter().map(|e| e.note()).collect::<Vec<_>>().join(" ");
        out.basis =
            by_evidence.into_iter().map(|(evidence, c)| SkillBasis { evidence, records: (c >= k).then_some(c) }).collect();
        let mut shares: Vec<SkillShare> = counts
            .into_iter()
            .filter(|&(_, c)| c >= k)
            .map(|(id, c)| SkillShare { skill: s.skills.name(id).to_string(), n: c, share: c as f64 / with as f64 })
            .collect();
        shares.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.skill.cmp(&b.skill)));
        shares.truncate(TOP_REQUESTED_SKILLS);
        out.skills = shares;
        out
    }

    fn premium_table(&self, role_rows: &[u32]) -> PremiumTable {
        let s = &self.snapshot;
        let k = self.floor;
        let rows: Vec<u32> = role_rows
            .iter()
            .copied()
            .filter(|&r| {
                let t = s.total[r as usize];
                !s.skills_of(r).is_empty() && t.is_finite() && t > 0.0
            })
            .collect();
        let n = rows.len();
        if n == 0 {
            return PremiumTable::withheld(NO_SKILL_DATA.to_string(), None);
        }
        if n < k {
            return PremiumTable::withheld(floor_reason(k), None);
        }

        // Skills eligible for a dummy.
        let mut holders: HashMap<u32, usize> = HashMap::new();
        let mut row_skills: Vec<Vec<u32>> = Vec::with_capacity(n);
        for &r in &rows {
            let mut ids = s.skills_of(r).to_vec();
            ids.sort_unstable();
            ids.dedup();
            for &id in &ids {
                *holders.entry(id).or_default() += 1;
            }
            row_skills.push(ids);
        }
        let mut skills: Vec<(u32, usize)> =
            holders.into_iter().filter(|&(_, c)| c >= SKILL_PREMIUM_MIN_HOLDERS && n - c >= k).collect();
        skills.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| s.skills.name(a.0).cmp(s.skills.name(b.0))));
        if skills.is_empty() {
            return PremiumTable::withheld(
                format!(
                    "no skill is listed by {SKILL_PREMIUM_MIN_HOLDERS} or more of these records (and not listed by {k} or more)"
                ),
                Some(n),
            );
        }
        let skill_col: HashMap<u32, usize> = skills.iter().enumerate().map(|(j, &(id, _))| (id, j)).collect();

        // Controls.
        let levels: Vec<u8> = rows.iter().map(|&r| s.level[r as usize]).collect();
        let (level_code, n_levels, level_names) = code_factor(&levels, k, |l| {
            if l == NO_LEVEL {
                "unknown".to_string()
            } else {
                Level::from_index(l).map_or("unknown", Level::slug).to_string()
            }
        });
        let countries: Vec<u32> = rows.iter().map(|&r| s.country[r as usize]).collect();
        let (country_code, n_countries, country_names) =
            code_factor(&countries, k, |c| if c == NONE { "unknown".to_string() } else { s.countries.name(c).to_string() });
        let yoe: Vec<f64> = rows.iter().map(|&r| f64::from(s.yoe[r as usize])).collect();
        let known: Vec<f64> = yoe.iter().copied().filter(|v| v.is_finite()).collect();
        let use_yoe = known.len() >= k && known.iter().any(|&v| v != known[0]);
        let yoe_mean = if use_yoe { paygrid_stats::mean(&known) } else { 0.0 };
        let use_missing = use_yoe && known.len() < n;

        // Column layout: [yoe][missing][level dummies][country dummies][skills];
        // skills last so that if a skill duplicates a control it is the skill
        // that is reported as not estimable.
        let c_yoe = 0;
        let c_miss = c_yoe + usize::from(use_yoe);
        let c_level = c_miss + usize::from(use_missing);
        let c_country = c_level + (n_levels - 1);
        let c_skill = c_country + (n_countries - 1);
        let columns = c_skill + skills.len();
        let coefficients = columns + 1;
        if n < coefficients + k {
            return PremiumTable::withheld(
                format!(
                    "{n} records for {coefficients} coefficients: a premium table needs at least {} records",
                    coefficients + k
                ),
                Some(n),
            );
        }
        let row_entries = |i: usize, entries: &mut Vec<(usize, f64)>| {
            entries.clear();
            if use_yoe {
                if yoe[i].is_finite() {
                    entries.push((c_yoe, yoe[i] - yoe_mean));
                } else if use_missing {
                    entries.push((c_miss, 1.0));
                }
            }
            if level_code[i] > 0 {
                entries.push((c_level + level_code[i] - 1, 1.0));
            }
            if country_code[i] > 0 {
                entries.push((c_country + country_code[i] - 1, 1.0));
            }
            for id in &row_skills[i] {
                if let Some(&j) = skill_col.get(id) {
                    entries.push((c_skill + j, 1.0));
                }
            }
        };
        let mut acc = OlsAccumulator::new(columns, true);
        let mut entries: Vec<(usize, f64)> = Vec::new();
        for (i, &r) in rows.iter().enumerate() {
            row_entries(i, &mut entries);
            acc.push_sparse(entries.iter().copied(), s.total[r as usize].ln());
        }
        let fit = match acc.fit() {
            Ok(f) => f,
            Err(e) => return PremiumTable::withheld(format!("the regression could not be fitted: {e}"), Some(n)),
        };

        // Employers, for clustering: records of one employer share its pay
        // policy, so their errors are not independent.
        let employers: Vec<u32> = rows.iter().map(|&r| s.company[r as usize]).collect();
        let named = employers.iter().filter(|&&c| c != NONE).count();
        let distinct = employers.iter().filter(|&&c| c != NONE).collect::<std::collections::HashSet<_>>().len();
        let cluster = 2 * named >= n && distinct >= MIN_EMPLOYER_CLUSTERS;
        let mut second = fit.robust();
        for (i, &r) in rows.iter().enumerate() {
            row_entries(i, &mut entries);
            let g = (cluster && employers[i] != NONE).then_some(u64::from(employers[i]));
            second.push_sparse(entries.iter().copied(), s.total[r as usize].ln(), g);
        }
        let (robust, se_note): (RobustFit, String) = match second.cr1().filter(|_| cluster) {
            Some(cr1) => {
                let g = cr1.clusters.unwrap_or(0);
                (
                    cr1,
                    format!(
                        "cluster-robust (CR1) by employer: {named} of {n} records name one of {distinct} employers; {g} clusters counting each record without an employer as its own; t with {} df",
                        g - 1
                    ),
                )
            }
            None => {
                let hc3 = second.hc3();
                let why = if named == 0 {
                    "no record names an employer".to_string()
                } else {
                    format!(
                        "{named} of {n} records name {distinct} distinct employers, too few to cluster on (clustering needs half the records and {MIN_EMPLOYER_CLUSTERS} employers)"
                    )
                };
                let df = hc3.df;
                (hc3, format!("heteroskedasticity-robust (HC3): {why}; t with {df} df"))
            }
        };

        let mut controls = vec![
            format!("level ({} categories, reference {})", n_levels, level_names[0]),
            format!("country ({}; reference {})", country_names.join(", "), country_names[0]),
        ];
        if use_yoe {
            controls.push(format!(
                "years of experience, linear, centred at the mean {yoe_mean:.1}{}",
                if use_missing { "; missing values set to the mean with a missing indicator" } else { "" }
            ));
        } else {
            controls.push(format!("years of experience not used: fewer than {k} records report varying values"));
        }
        let mut table = PremiumTable {
            measure: PayMeasure::Total,
            measure_note: MEASURE_NOTE,
            rows: Some(n),
            coefficients: Some(coefficients),
            controls,
            r_squared: fit.r_squared.is_finite().then_some(fit.r_squared),
            skills: Vec::new(),
            se_method: Some(robust.method.as_str()),
            se_note: Some(se_note),
            df: Some(robust.df),
            clusters: robust.clusters,
            comparisons: None,
            adjustment: ADJUSTMENT,
            alpha: ALPHA,
            unadjusted_excluding_zero: None,
            expected_by_chance: None,
            significant_after_adjustment: None,
            not_estimable: Vec::new(),
            top_premium: None,
            top_premium_withheld: None,
            withheld: None,
        };
        for (j, &(id, holders)) in skills.iter().enumerate() {
            let c = 1 + c_skill + j;
            let coef = robust.coefs[c];
            let name = s.skills.name(id).to_string();
            if coef.aliased {
                table.not_estimable.push(name);
                continue;
            }
            let (p, lo, hi) = coef.premium();
            table.skills.push(SkillPremium {
                skill: name,
                n: holders,
                premium: p,
                ci: [lo, hi],
                significant: false,
                se: coef.se,
                p_value: robust.p_value(c),
                p_adjusted: f64::NAN,
                q_value: f64::NAN,
                ci_excludes_zero: coef.significant(),
            });
        }
        let p: Vec<f64> = table.skills.iter().map(|x| x.p_value).collect();
        for ((x, a), q) in table.skills.iter_mut().zip(holm(&p)).zip(benjamini_hochberg(&p)) {
            x.p_adjusted = a;
            x.q_value = q;
            x.significant = a < ALPHA;
        }
        let m = table.skills.len();
        table.comparisons = Some(m);
        table.unadjusted_excluding_zero = Some(table.skills.iter().filter(|x| x.ci_excludes_zero).count());
        table.expected_by_chance = Some(ALPHA * m as f64);
        table.significant_after_adjustment = Some(table.skills.iter().filter(|x| x.significant).count());
        table.skills.sort_by(|a, b| b.premium.total_cmp(&a.premium).then_with(|| a.skill.cmp(&b.skill)));
        table.top_premium = table.skills.iter().find(|x| x.significant && x.premium > 0.0).cloned();
        if table.top_premium.is_none() {
            table.top_premium_withheld = Some(match table.skills.first() {
                None => "no skill premium could be estimated".to_string(),
                Some(top) => format!(
                    "no positive premium is distinguishable from chance after Holm's adjustment for {m} comparisons; the largest estimate is an association: {}, Holm-adjusted p {}",
                    estimate_phrase(top),
                    p_text(top.p_adjusted)
                ),
            });
        }
        table
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use paygrid_domain::{Level, Record};

    /// A minimal valid record; tests adjust fields with struct update.
    pub(crate) fn rec(
        role: &str,
        level: Option<Level>,
        country: Option<&str>,
        metro: Option<&str>,
        year: i32,
        base: Option<f64>,
        total: f64,
    ) -> Record {
        let mut r = Record::example(role, level, total);
        r.year = Some(year);
        r.raw_title = role.to_string();
        r.role_known = true;
        r.country = country.map(str::to_string);
        r.us_state = metro.map(|_| "WA".to_string());
        r.metro = metro.map(str::to_string);
        r.base = base;
        r
    }

    /// Deterministic uniform numbers (Knuth's MMIX LCG, top 53 bits).
    pub(crate) struct Lcg(u64);

    impl Lcg {
        pub(crate) fn new(seed: u64) -> Lcg {
            Lcg(seed.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(3_037_000_493))
        }

        pub(crate) fn uniform(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{rec, Lcg};
    use super::*;
    use crate::query::Area;
    use crate::SnapshotBuilder;
    use paygrid_stats::holm;

    /// ln TC = 11.5 + level + 0.02·(yoe − 8) + ln 1.2·rust + 0·python +
    /// noise; a few FR records (pooled into "other"); some yoe missing.
    fn simulated(rust_effect: f64, noise: f64, n: usize, seed: u64) -> Engine {
        let mut rng = Lcg::new(seed);
        let mut b = SnapshotBuilder::new();
        for i in 0..n {
            let (level, lv_eff) = match i % 3 {
                0 => (Level::Mid, 0.0),
                1 => (Level::Senior, 0.3),
                _ => (Level::Staff, 0.6),
            };
            let country = if i % 150 == 7 {
                "FR"
            } else if rng.uniform() < 0.7 {
                "US"
            } else {
                "DE"
            };
            let c_eff = match country {
                "US" => 0.0,
                "DE" => -0.4,
                _ => -0.5,
            };
            let yoe = 2.0 + (rng.uniform() * 14.0).floor();
            let yoe_missing = i % 10 == 3;
            let rust = rng.uniform() < 0.4;
            let python = rng.uniform() < 0.5;
            let e = noise * (rng.uniform() - 0.5) * 2.0;
            let ln = 11.5 + lv_eff + c_eff + 0.02 * (yoe - 8.0) + if rust { rust_effect } else { 0.0 } + e;
            let mut skills = vec!["sql".to_string()];
            if rust {
                skills.push("rust".to_string());
            }
            if python {
                skills.push("python".to_string());
            }
            let r = paygrid_domain::Record {
                years_experience: (!yoe_missing).then_some(yoe),
                skills,
                ..rec("backend-engineer", Some(level), Some(country), None, 2024, None, ln.exp())
            };
            b.push("survey", &r);
        }
        // One more senior FR survey record, without skills: at n = 600 it
        // makes the FR records a publishable privacy class (5) while the
        // regression (records that list skills) sees only 4 and pools them.
        b.push("survey", &rec("backend-engineer", Some(Level::Senior), Some("FR"), None, 2024, None, 90_000.0));
        // Records without skill data must not change anything.
        for i in 0..40 {
            let base = 100_000.0 + 1000.0 * i as f64;
            b.push("other", &rec("backend-engineer", Some(Level::Senior), Some("US"), None, 2024, Some(base), base));
        }
        Engine::new(b.build(), 5)
    }

    fn us() -> CellQuery {
        CellQuery::new("backend-engineer", Some(Level::Senior), Area::Country("US".into()))
    }

    #[test]
    fn recovers_a_known_premium() {
        let e = simulated(1.2_f64.ln(), 0.1, 600, 42);
        let r = e.skill_premiums(&us());
        let t = &r.premiums;
        assert!(t.withheld.is_none(), "{:?}", t.withheld);
        assert_eq!(t.measure, PayMeasure::Total);
        assert_eq!(t.rows, Some(600));
        // sql is listed by everyone: no contrast, no dummy.
        let names: Vec<&str> = t.skills.iter().map(|p| p.skill.as_str()).collect();
        assert_eq!(names, ["rust", "python"]);
        let rust = &t.skills[0];
        assert!((rust.premium - 0.2).abs() < 0.02, "{}", rust.premium);
        assert!(rust.ci[0] > 0.0 && rust.ci[0] < 0.2 && rust.ci[1] > 0.2);
        assert!(rust.significant);
        let py = &t.skills[1];
        assert!(py.ci[0] < 0.0 && py.ci[1] > 0.0 && !py.significant);
        assert_eq!(t.top_premium.as_ref().map(|p| p.skill.as_str()), Some("rust"));
        assert!(t.top_premium_withheld.is_none());
        // 1 intercept + yoe + missing + 2 levels + (US, DE, other) 2 + 2 skills.
        assert_eq!(t.coefficients, Some(9));
        assert!(t.controls[1].contains("other"));
    }

    #[test]
    fn top_premium_withheld_when_ci_includes_zero() {
        let e = simulated(0.0, 0.8, 90, 3);
        let t = e.skill_premiums(&us()).premiums;
        assert!(t.withheld.is_none(), "{:?}", t.withheld);
        assert!(!t.skills.is_empty());
        let top = &t.skills[0];
        assert!(top.ci[0] <= 0.0, "{top:?}");
        assert!(t.top_premium.is_none());
        let why = t.top_premium_withheld.as_deref().unwrap();
        assert!(why.contains("no positive premium is distinguishable from chance") && why.contains(&top.skill), "{why}");
    }

    /// n records with `nulls` skills of no effect at all (each held by about
    /// 30%); `employers` > 0 gives record i the employer (i / 3) % employers
    /// (every level has every employer, so privacy classes keep them).
    fn null_skills(n: usize, nulls: usize, employers: usize, seed: u64) -> Engine {
        let mut rng = Lcg::new(seed);
        let mut b = SnapshotBuilder::new();
        let employer_effect: Vec<f64> = (0..employers.max(1)).map(|_| 0.3 * (rng.uniform() - 0.5)).collect();
        for i in 0..n {
            let level = [Level::Mid, Level::Senior, Level::Staff][i % 3];
            let mut skills = vec!["sql".to_string()];
            skills.extend((0..nulls).filter(|_| rng.uniform() < 0.3).map(|j| format!("skill{j:02}")));
            let company = (employers > 0).then(|| (i / 3) % employers);
            let ln = 11.5 + 0.3 * (i % 3) as f64 + company.map_or(0.0, |c| employer_effect[c]) + 0.4 * (rng.uniform() - 0.5);
            let r = paygrid_domain::Record {
                skills,
                company: company.map(|c| format!("Employer {c:02}")),
                ..rec("backend-engineer", Some(level), Some("US"), None, 2024, None, ln.exp())
            };
            b.push("survey", &r);
        }
        Engine::new(b.build(), 5)
    }

    #[test]
    fn chance_intervals_are_not_called_significant() {
        // 40 skills with no effect: some unadjusted intervals exclude 0 by
        // chance (2 expected); Holm's adjustment keeps every one of them
        // an association, and no top premium is named.
        let e = null_skills(900, 40, 0, 7);
        let t = e.skill_premiums(&us()).premiums;
        assert!(t.withheld.is_none(), "{:?}", t.withheld);
        assert_eq!(t.comparisons, Some(40));
        assert_eq!(t.expected_by_chance, Some(2.0));
        let chance = t.unadjusted_excluding_zero.unwrap();
        assert!(chance >= 1, "this seed has a chance interval excluding 0");
        assert_eq!(chance, t.skills.iter().filter(|x| x.ci[0] > 0.0 || x.ci[1] < 0.0).count());
        assert_eq!(t.significant_after_adjustment, Some(0));
        assert!(t.skills.iter().all(|x| !x.significant && x.p_adjusted >= x.p_value && x.q_value >= x.p_value));
        assert!(t.top_premium.is_none());
        // The adjusted p-values are Holm's over the table's p-values.
        let p: Vec<f64> = t.skills.iter().map(|x| x.p_value).collect();
        for (x, a) in t.skills.iter().zip(holm(&p)) {
            assert_eq!(x.p_adjusted, a);
        }
        // Chance intervals match their p-values: excluding 0 iff p < 0.05.
        for x in &t.skills {
            assert_eq!(x.ci_excludes_zero, x.p_value < 0.05, "{x:?}");
        }
        let top = t.association(&t.skills[0]);
        assert!(top.contains("not distinguishable from chance after accounting for 40 comparisons"), "{top}");
        let words = t.multiplicity().unwrap();
        assert!(words.starts_with(&format!("{chance} of 40 unadjusted")) && words.contains("none survives"), "{words}");
        assert_eq!(t.se_method, Some("HC3"));
        assert!(t.se_note.as_deref().unwrap().contains("no record names an employer"));
        assert_eq!(t.df, Some(900 - t.coefficients.unwrap()));
    }

    #[test]
    fn clusters_on_employers_when_enough_are_named() {
        let e = null_skills(1800, 3, 60, 11);
        let t = e.skill_premiums(&us()).premiums;
        assert!(t.withheld.is_none(), "{:?}", t.withheld);
        assert_eq!(t.se_method, Some("CR1"), "{:?}", t.se_note);
        // Every employer has 30 records per level: none is hidden, so the
        // clusters are the 60 employers.
        assert_eq!(t.clusters, Some(60));
        assert_eq!(t.df, Some(59));
        // 40 employers are too few: HC3, saying why.
        let e = null_skills(1800, 3, 40, 11);
        let t = e.skill_premiums(&us()).premiums;
        assert_eq!(t.se_method, Some("HC3"));
        assert_eq!(t.clusters, None);
        assert!(t.se_note.as_deref().unwrap().contains("40 distinct employers, too few"), "{:?}", t.se_note);
    }

    #[test]
    fn labels_say_what_the_lists_are() {
        use SkillEvidence::*;
        assert_eq!(listed_skills_label(&[Respondents]), "Most used by respondents");
        assert_eq!(listed_skills_label(&[Postings]), "Most requested in job postings");
        assert_eq!(listed_skills_label(&[Unspecified]), "Most listed skills");
        assert_eq!(
            listed_skills_label(&[Respondents, Postings]),
            "Most listed skills, combining tools used by respondents and requirements of job postings"
        );
        assert_eq!(SkillEvidence::of(SourceKind::StackOverflow), Respondents);
        assert_eq!(SkillEvidence::of(SourceKind::Submission), Respondents);
        assert_eq!(SkillEvidence::of(SourceKind::Generic), Unspecified);

        // From the records of a cell: survey records alone, then mixed with
        // generic ones.
        let survey = |i: usize| paygrid_domain::Record {
            source: SourceKind::StackOverflow,
            skills: vec!["rust".into()],
            ..rec("backend-engineer", Some(Level::Mid), Some("US"), None, 2024, None, 100_000.0 + i as f64)
        };
        let mut b = SnapshotBuilder::new();
        (0..6).for_each(|i| b.push("so.csv", &survey(i)));
        let r = Engine::new(b.build(), 5).skill_premiums(&us()).requested;
        assert_eq!(r.label, "Most used by respondents");
        assert_eq!(r.basis, [SkillBasis { evidence: Respondents, records: Some(6) }]);
        assert!(r.basis_note.contains("not what jobs require"));

        let mut b = SnapshotBuilder::new();
        (0..6).for_each(|i| b.push("so.csv", &survey(i)));
        for i in 0..6 {
            let r = paygrid_domain::Record {
                skills: vec!["go".into()],
                ..rec("backend-engineer", Some(Level::Mid), Some("US"), None, 2024, None, 90_000.0 + i as f64)
            };
            b.push("mine.csv", &r);
        }
        let r = Engine::new(b.build(), 5).skill_premiums(&us()).requested;
        assert_eq!(r.label, "Most listed skills, combining tools used by respondents and lists of unspecified origin");
        assert_eq!(r.basis.len(), 2);
    }

    #[test]
    fn most_requested_shares_by_hand() {
        let mut b = SnapshotBuilder::new();
        // 10 records in the cell: 6 list skills. rust 5/6, go 5/6, python
        // 3/6 (under the floor: not shown). Levels differ: ignored.
        let lists: [&[&str]; 10] = [
            &["rust", "go", "python"],
            &["rust", "go", "python"],
            &["rust", "go", "python", "rust"],
            &["rust", "go"],
            &["rust"],
            &["go"],
            &[],
            &[],
            &[],
            &[],
        ];
        for (i, l) in lists.iter().enumerate() {
            let level = if i % 2 == 0 { Level::Mid } else { Level::Senior };
            let r = paygrid_domain::Record {
                skills: l.iter().map(|s| s.to_string()).collect(),
                ..rec("backend-engineer", Some(level), Some("US"), None, 2024, None, 150_000.0)
            };
            b.push("s", &r);
        }
        // Another country: not in the cell.
        for _ in 0..10 {
            let r = paygrid_domain::Record {
                skills: vec!["java".into()],
                ..rec("backend-engineer", Some(Level::Mid), Some("DE"), None, 2024, None, 90_000.0)
            };
            b.push("s", &r);
        }
        let e = Engine::new(b.build(), 5);
        let r = e.skill_premiums(&us()).requested;
        assert_eq!(r.records, Some(10));
        assert_eq!(r.with_skill_data, Some(6));
        assert_eq!(r.skills.len(), 2);
        assert_eq!((r.skills[0].skill.as_str(), r.skills[0].n), ("go", 5));
        assert_eq!((r.skills[1].skill.as_str(), r.skills[1].n), ("rust", 5));
        assert!((r.skills[0].share - 5.0 / 6.0).abs() < 1e-12);
        // Premiums: no skill reaches 30 holders.
        let t = e.skill_premiums(&us()).premiums;
        assert!(t.withheld.as_deref().unwrap().contains("30"));
        assert!(t.skills.is_empty() && t.top_premium.is_none());
    }

    #[test]
    fn floor_and_missing_skill_data() {
        let mut b = SnapshotBuilder::new();
        for _ in 0..4 {
            let r = paygrid_domain::Record {
                skills: vec!["rust".into()],
                ..rec("data-engineer", Some(Level::Mid), Some("US"), None, 2024, None, 120_000.0)
            };
            b.push("s", &r);
        }
        for i in 0..8 {
            let base = 100_000.0 + i as f64;
            b.push("s", &rec("backend-engineer", Some(Level::Mid), Some("US"), None, 2024, Some(base), base));
        }
        let e = Engine::new(b.build(), 5);
        let four = e.skill_premiums(&CellQuery::new("data-engineer", None, Area::Country("US".into())));
        assert_eq!(four.requested.records, None);
        assert_eq!(four.requested.with_skill_data, None);
        assert!(four.requested.skills.is_empty());
        assert!(four.requested.withheld.as_deref().unwrap().contains("fewer than 5"));
        assert!(four.premiums.withheld.is_some() && four.premiums.rows.is_none() && four.premiums.skills.is_empty());

        let none = e.skill_premiums(&us());
        assert_eq!(none.requested.records, Some(8));
        assert_eq!(none.requested.withheld.as_deref(), Some(NO_SKILL_DATA));
        assert_eq!(none.premiums.withheld.as_deref(), Some(NO_SKILL_DATA));
    }
}
