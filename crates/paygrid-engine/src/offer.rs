//! Offer evaluation (docs/methodology.md): where an offer's base and TC sit in
//! its cell, the same base in other metros, and a counter-offer that a
//! recruiter would read as serious, each ask with the statistic and the
//! 95% CI it rests on.
//!
//! **Unknown, not zero.** The base is required; bonus, equity grant and
//! signing bonus are optional and, when not given, unknown (`null` in the
//! JSON), never zero. [`Offer::check`] refuses, naming the field, a base or
//! a TC outside the import's sanity range, a part that is negative or not
//! finite, and vesting years outside (0, 10].
//!
//! **TC of an offer** = base + bonus + equity grant / vesting years +
//! signing / 4, the definition every record's TC follows (docs/normalization.md, "Money").
//! It is known when bonus and equity grant are given (a signing bonus not
//! given adds nothing). It is *comparable* with the cell's TC when it holds
//! every part the cell's records hold: bonus and equity grant always, and a
//! signing bonus too when at least k of the cell's TC records report one.
//! Otherwise TC is shown as "at least" the sum of the parts given, without
//! rank or position, and no counter rests on a TC gap.
//!
//! **Percentile rank** = mid-rank empirical CDF, (#records below + ½·#equal)
//! / n × 100: an offer equal to every record ranks 50, not 0 or 100. To limit
//! what a rank reveals about individual records it is computed only from at
//! least k records, rounded to a whole percent (to the nearest 5 when
//! n < 20, where one record moves the rank by more than 5 points), and
//! clamped to [1, 99] ([5, 95] when rounded to 5), so a rank never says
//! "above everyone" or "below everyone".
//!
//! **Position** against the cell's quartiles, in whole dollars (the figures
//! as shown): "below p25" (v < p25), "p25–p50" (p25 <= v < p50), "p50–p75"
//! (p50 <= v < p75), "above p75" (v >= p75). In words, a figure equal to a
//! quartile is "at" it ("at the median"), and the mid-rank is given beside
//! it as such: records tied with the offer count half below it, so an offer
//! at a median that many records share can rank below 50.
//!
//! **Cell used.** The requested cell when it has at least k records; else
//! the role's national cell for the same level (a metro or state is in the
//! US; a remote cell in its country); else the role with all levels there.
//! The fallback is stated; with none publishable nothing is computed.
//!
//! **Other metros.** The same base against the role (and requested level)
//! in the US metros with at least k records reporting base, up to 8 by n,
//! the requested metro excluded; each with its median base.
//!
//! **Components.** Quartiles (with CIs) of bonus and of annual equity over
//! the cell's records that report both base and TC, the population of the
//! TC split: records with only a total have unknown parts, and base-only
//! sources report none. A part a record does not have counts as 0 there.
//!
//! **Counter-offer rule.**
//! 1. Each figure (base, bonus, annual equity, TC) has a target on the
//!    ladder: below the cell's median, the median; from the median up to
//!    (not including) p75, p75; at or above p75, none.
//! 2. A figure is *in line* with its target when the target's 95% CI
//!    contains it (or the target has no CI), or when the increase would be
//!    below [`MIN_ASK_SHARE`] (2%) of the offer's TC: no ask is made inside
//!    the noise of the statistic it would rest on.
//! 3. When TC is comparable: at or above the TC p75 there is no counter;
//!    in line with its target there is no counter either ("in line with the
//!    market"). Otherwise one year's TC gap is G = target TC − offer TC and
//!    the counter's budget is B = min(G, [`COUNTER_CAP_SHARE`] (25%) × offer
//!    TC). When TC is not comparable there is no gap: B = 25% of the sum of
//!    the parts given, and only the parts given are compared.
//! 4. Levers: base, bonus and equity whose figure is below its target and
//!    not in line. Each asks for target − figure a year, capped by what is
//!    left of B, in the order of what the data support: the *support* of a
//!    lever is its margin (the target's CI lower end − the figure) in widths
//!    of that CI, so a figure far below a tight interval comes before one
//!    barely below a wide one (a CI of zero width gives unbounded support;
//!    ties go to the larger margin). An ask left under the minimum is
//!    dropped. An equity ask a year is asked as a grant of that amount ×
//!    vesting years. So the asks' value a year adds up to at most B: no
//!    single ask is above one year's gap, and the whole counter is at most
//!    +25% of the offer's TC.
//! 5. Signing: with a TC gap, a one-off signing bonus of B, never more. It
//!    covers the first year's gap only, so it is the alternative to the
//!    recurring levers (or the only lever when none of them qualifies).

use crate::benchmark::{floor_reason, no_values_reason, Measure, PayMeasure};
use crate::compare::{CellSummary, Quartiles};
use crate::query::{Area, AreaInfo, CellQuery, RoleInfo};
use crate::snapshot::NONE;
use crate::text::usd;
use crate::Engine;
use serde::Serialize;
use std::collections::HashMap;

/// Most metros shown beside an offer.
pub const OFFER_OTHER_METROS: usize = 8;
/// Below this n, percentile ranks are rounded to the nearest 5.
pub const RANK_FINE_MIN_N: usize = 20;
/// An ask below this share of the offer's TC is not made: recruiters read
/// it as noise, and it is within what rounding of the figures can move.
pub const MIN_ASK_SHARE: f64 = 0.02;
/// The counter's asks add up to at most this share of the offer's TC a
/// year, the range in which a counter is read as a negotiation rather than
/// a different job.
pub const COUNTER_CAP_SHARE: f64 = 0.25;
/// Longest vesting period an offer may state, in years.
pub const MAX_VEST_YEARS: f64 = 10.0;

/// A job offer. Amounts annual USD except `equity_grant` (the whole grant)
/// and `signing` (one-off). `None` = not given: unknown, not zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Offer {
    pub base: f64,
    pub bonus: Option<f64>,
    pub equity_grant: Option<f64>,
    /// Vesting period of the grant in years (default 4).
    pub vest_years: f64,
    pub signing: Option<f64>,
}

impl Default for Offer {
    fn default() -> Offer {
        Offer { base: 0.0, bonus: None, equity_grant: None, vest_years: Offer::DEFAULT_VEST_YEARS, signing: None }
    }
}

/// Why an offer is refused: the field at fault (as the API names it) and a
/// sentence that names it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferError {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for OfferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// An amount as typed back in an error: whole dollars, or scientific
/// notation when whole dollars would run to hundreds of digits.
fn typed(x: f64) -> String {
    if x.is_finite() && x.abs() < 1e12 {
        format!("{x:.0}")
    } else {
        format!("{x:e}")
    }
}

impl Offer {
    pub const DEFAULT_VEST_YEARS: f64 = 4.0;

    /// An offer of which only the base is known.
    pub fn base(base: f64) -> Offer {
        Offer { base, ..Offer::default() }
    }

    /// Vesting years, the default when missing or not positive.
    pub fn vesting(&self) -> f64 {
        if self.vest_years.is_finite() && self.vest_years > 0.0 {
            self.vest_years
        } else {
            Offer::DEFAULT_VEST_YEARS
        }
    }

    /// Grant / vesting years, when the grant is given.
    pub fn annual_equity(&self) -> Option<f64> {
        self.equity_grant.map(|g| g / self.vesting())
    }

    /// The TC formula over the parts given: TC is at least this.
    pub fn total_at_least(&self) -> f64 {
        self.base + self.bonus.unwrap_or(0.0) + self.annual_equity().unwrap_or(0.0) + self.signing.unwrap_or(0.0) / 4.0
    }

    /// TC per docs/normalization.md, "Money", when bonus and equity grant are given.
    pub fn total(&self) -> Option<f64> {
        (self.bonus.is_some() && self.equity_grant.is_some()).then(|| self.total_at_least())
    }

    /// The optional fields not given, by their API names.
    pub fn not_given(&self) -> Vec<&'static str> {
        [("bonus", self.bonus), ("equity_grant", self.equity_grant), ("signing", self.signing)]
            .into_iter()
            .filter_map(|(name, v)| v.is_none().then_some(name))
            .collect()
    }

    /// Refuses an offer no import would accept: a base or a TC outside the
    /// sanity range `[min_pay, max_pay]` (the import's, passed in by the
    /// caller), a part that is negative or not finite, or vesting years
    /// outside (0, [`MAX_VEST_YEARS`]].
    pub fn check(&self, min_pay: f64, max_pay: f64) -> Result<(), OfferError> {
        let err = |field: &'static str, message: String| Err(OfferError { field, message });
        let range = format!("the sanity range [{min_pay:.0}, {max_pay:.0}] USD a year that imports apply");
        if !self.base.is_finite() {
            return err("base", format!("base must be a finite amount, got {}", typed(self.base)));
        }
        if self.base < min_pay || self.base > max_pay {
            return err("base", format!("base {} is outside {range}", typed(self.base)));
        }
        for (field, v) in [("bonus", self.bonus), ("equity_grant", self.equity_grant), ("signing", self.signing)] {
            if let Some(v) = v.filter(|v| !v.is_finite() || *v < 0.0) {
                return err(field, format!("{field} must be a non-negative finite amount, got {}", typed(v)));
            }
        }
        if !(self.vest_years.is_finite() && self.vest_years > 0.0 && self.vest_years <= MAX_VEST_YEARS) {
            return err(
                "vest_years",
                format!("vest_years must be above 0 and at most {MAX_VEST_YEARS:.0}, got {}", typed(self.vest_years)),
            );
        }
        let total = self.total_at_least();
        if !total.is_finite() || total < min_pay || total > max_pay {
            // The base is in range, so a part took TC out of it: name the
            // part that adds the most a year.
            let parts = [
                ("bonus", self.bonus.unwrap_or(0.0)),
                ("equity_grant", self.annual_equity().unwrap_or(0.0)),
                ("signing", self.signing.unwrap_or(0.0) / 4.0),
            ];
            let field = parts.iter().fold(parts[0], |a, b| if b.1 > a.1 { *b } else { a }).0;
            return err(
                field,
                format!(
                    "total compensation {} (base + bonus + equity_grant / vest_years + signing / 4) is outside {range}",
                    typed(total)
                ),
            );
        }
        Ok(())
    }
}

/// The offer's annual figures as evaluated. `None` = not given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferFigures {
    pub base: f64,
    pub bonus: Option<f64>,
    pub annual_equity: Option<f64>,
    pub vest_years: f64,
    pub signing: Option<f64>,
    /// TC when bonus and equity grant are given (a signing bonus not given
    /// adds nothing); null otherwise.
    pub total: Option<f64>,
    /// The TC formula over the parts given: TC is at least this.
    pub total_at_least: f64,
    /// Optional fields not given: "bonus", "equity_grant", "signing".
    pub not_given: Vec<&'static str>,
}

/// Where one figure of the offer sits in the cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferPosition {
    pub value: f64,
    /// Mid-rank percentile, rounded and clamped (see the module docs).
    pub percentile_rank: Option<u32>,
    /// "below p25", "p25–p50", "p50–p75" or "above p75".
    pub position: Option<&'static str>,
    /// The position and rank in words, agreeing with the figures shown
    /// ("at the median ($160,000); ...").
    pub in_words: Option<String>,
    /// `value` is only a lower bound (parts of the offer were not given):
    /// then there is no rank or position.
    pub at_least: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// Bonus and annual equity in the cell (see "Components" in the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferComponents {
    pub bonus: Quartiles,
    pub annual_equity: Quartiles,
    /// At least k of the cell's TC records report a signing bonus: the
    /// offer's is then needed to compare TC.
    pub signing_reported: bool,
}

/// The offer's base in another metro.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetroOffer {
    pub metro: String,
    pub name: String,
    /// Records of the role (and level) there reporting base.
    pub n: usize,
    pub median_base: f64,
    pub median_base_ci: Option<[f64; 2]>,
    /// Exact coverage of `median_base_ci`.
    pub median_base_ci_coverage: Option<f64>,
    pub base_percentile_rank: u32,
}

/// One ask of a counter-offer and the statistic it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lever {
    /// "base", "equity", "bonus" or "signing".
    pub lever: &'static str,
    /// What to ask for: more base or bonus a year, more equity as a whole
    /// grant, or a one-off signing bonus.
    pub ask: f64,
    /// The ask's value in the first year (the grant over its vesting years;
    /// the whole signing bonus).
    pub first_year: f64,
    /// The offer's yearly figure the ask compares (TC for signing).
    pub offer: f64,
    /// The measure of the statistic: "base salary", "bonus", "annual equity"
    /// or "total compensation".
    pub measure: &'static str,
    /// "median" or "p75".
    pub statistic: &'static str,
    pub target: f64,
    pub target_ci: Option<[f64; 2]>,
    /// Exact coverage of `target_ci` (see [`crate::labels`]).
    pub target_ci_coverage: Option<f64>,
    /// Records the statistic is computed from.
    pub n: usize,
    /// Target's CI lower end − the offer's figure (USD a year).
    pub margin: f64,
    /// The margin in widths of the target's CI: the order of the levers.
    /// Null when the CI has zero width (unbounded support).
    pub support: Option<f64>,
    /// The ask stops short of the target (the budget ran out).
    pub capped: bool,
    /// An alternative to the other levers rather than an addition (the
    /// signing bonus beside recurring asks).
    pub alternative: bool,
}

/// A counter-offer with its reasoning (see the module docs for the rule).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CounterOffer {
    /// Where the base sits: `below-median`, `median-to-p75`,
    /// `at-or-above-p75`, or `base-withheld` when the cell publishes no base.
    pub rule: &'static str,
    /// Base to counter at: the offer's base + the base lever's ask (None
    /// when the base is not countered).
    pub base: Option<f64>,
    /// The base lever's ask a year.
    pub base_increase: Option<f64>,
    /// One year's TC gap: target TC − offer TC, when TC is comparable and
    /// below its target beyond the noise; None otherwise.
    pub total_gap: Option<f64>,
    /// The equity lever's ask as extra whole grant over the vesting years.
    pub equity_grant_ask: Option<f64>,
    /// A one-off signing bonus of min(gap, 25% of TC): the first year's gap
    /// as cash, offered beside the recurring asks as their alternative.
    pub signing_ask: Option<f64>,
    /// The TC the gap is measured to: the cell's median or p75 TC.
    pub target_total: Option<f64>,
    /// The most the asks may add up to a year: min(gap, 25% of TC), or 25%
    /// of the parts given when TC is not comparable.
    pub budget: f64,
    /// What the counter asks for a year: the sum of the levers' first-year
    /// values (the alternative excluded).
    pub total_ask: f64,
    /// No ask because every figure compared is within the noise of its
    /// target: "your offer is in line with the market".
    pub in_line: bool,
    /// The asks, ordered by what the data support; the alternative last.
    pub levers: Vec<Lever>,
    /// The figures and the rule, in words.
    pub reasoning: String,
}

/// Role, level and location of a cell, without figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellLabel {
    pub role: RoleInfo,
    pub level: Option<&'static str>,
    pub location: AreaInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferEvaluation {
    pub offer: OfferFigures,
    pub requested: CellLabel,
    /// The cell the offer is evaluated against (None when withheld).
    pub benchmark: Option<CellSummary>,
    /// Why another cell than the requested one is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    pub base: OfferPosition,
    pub total: OfferPosition,
    /// Bonus and annual equity in the cell used (None when withheld).
    pub components: Option<OfferComponents>,
    pub other_metros: Vec<MetroOffer>,
    pub counter: Option<CounterOffer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter_withheld: Option<String>,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// Mid-rank percentile of `v` among `sorted`, behind the floor; see the
/// module docs for the rounding and clamping.
pub(crate) fn percentile_rank(sorted: &[f64], v: f64, floor: usize) -> Option<u32> {
    let n = sorted.len();
    if n < floor || n == 0 || !v.is_finite() {
        return None;
    }
    let below = sorted.partition_point(|&x| x < v);
    let equal = sorted.partition_point(|&x| x <= v) - below;
    let raw = (below as f64 + 0.5 * equal as f64) / n as f64 * 100.0;
    let shown = if n < RANK_FINE_MIN_N { ((raw / 5.0).round() * 5.0).clamp(5.0, 95.0) } else { raw.round().clamp(1.0, 99.0) };
    Some(shown as u32)
}

/// The position band and its words, compared in whole dollars so that the
/// words agree with the figures as printed.
fn position(v: f64, q: &Quartiles) -> Option<(&'static str, String)> {
    let (p25, p50, p75) = (q.p25?.round(), q.p50?.round(), q.p75?.round());
    let v = v.round();
    let band = if v < p25 {
        "below p25"
    } else if v < p50 {
        "p25–p50"
    } else if v < p75 {
        "p50–p75"
    } else {
        "above p75"
    };
    let equal: Vec<&str> = [(p25, "25th percentile"), (p50, "median"), (p75, "75th percentile")]
        .iter()
        .filter(|(p, _)| *p == v)
        .map(|(_, name)| *name)
        .collect();
    let words = if !equal.is_empty() {
        format!("at the {} ({})", equal.join(" and the "), usd(v))
    } else if v < p25 {
        format!("below the 25th percentile ({})", usd(p25))
    } else if v < p50 {
        format!("between the 25th percentile ({}) and the median ({})", usd(p25), usd(p50))
    } else if v < p75 {
        format!("between the median ({}) and the 75th percentile ({})", usd(p50), usd(p75))
    } else {
        format!("above the 75th percentile ({})", usd(p75))
    };
    Some((band, words))
}

/// The position in words with the rank beside it; at a quartile the rank
/// is said to be a mid-rank, so a tie below 50 does not read as a
/// contradiction.
fn in_words(words: &str, rank: u32) -> String {
    if words.starts_with("at the ") {
        format!("{words}; counting records at exactly this figure as half below it, about the {} percentile", ordinal(rank))
    } else {
        format!("{words}, about the {} percentile", ordinal(rank))
    }
}

/// ", 95% CI $140,000–$150,000", or ", 72% interval …" when the interval
/// covers less than 95%.
fn ci_text(ci: Option<[f64; 2]>, coverage: Option<f64>) -> String {
    ci.map_or(String::new(), |c| format!(", {} {}–{}", crate::labels::interval_label(coverage), usd(c[0]), usd(c[1])))
}

/// "1st", "22nd", "45th": how a percentile rank reads.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The role's national area for a location, when it differs from it.
fn national(area: &Area) -> Option<Area> {
    match area {
        Area::Metro(_) | Area::UsState(_) => Some(Area::Country("US".to_string())),
        Area::Remote(Some(c)) => Some(Area::Country(c.clone())),
        Area::Country(_) | Area::World | Area::Remote(None) => None,
    }
}

fn position_of(v: f64, sorted: &[f64], q: &Quartiles, floor: usize, m: PayMeasure) -> OfferPosition {
    match percentile_rank(sorted, v, floor) {
        Some(rank) => {
            let pos = position(v, q);
            OfferPosition {
                value: v,
                percentile_rank: Some(rank),
                position: pos.as_ref().map(|p| p.0),
                in_words: pos.map(|p| in_words(&p.1, rank)),
                at_least: false,
                withheld: None,
            }
        }
        None => OfferPosition {
            value: v,
            percentile_rank: None,
            position: None,
            in_words: None,
            at_least: false,
            // A cell can have records but none that report this measure
            // (base-only or total-only sources): say so, not "the floor".
            withheld: Some(if !v.is_finite() {
                "the offer figure is not a number".to_string()
            } else if sorted.is_empty() {
                no_values_reason(m)
            } else {
                floor_reason(floor)
            }),
        },
    }
}

/// A statistic a figure is measured against.
#[derive(Debug, Clone, Copy)]
struct Target {
    measure: &'static str,
    /// "median" or "p75".
    statistic: &'static str,
    value: f64,
    ci: Option<[f64; 2]>,
    coverage: Option<f64>,
    n: usize,
}

impl Target {
    fn stat_name(&self) -> &'static str {
        if self.statistic == "median" {
            "median"
        } else {
            "75th percentile"
        }
    }

    fn words(&self) -> String {
        format!(
            "the cell's {} {} of {} ({} records{})",
            self.stat_name(),
            self.measure,
            usd(self.value),
            self.n,
            ci_text(self.ci, self.coverage)
        )
    }
}

/// Where a figure stands on the ladder of its measure.
enum Rung {
    /// The cell publishes no quartiles of the measure.
    Withheld,
    /// At or above p75 (the p75).
    Reached(Target),
    /// The target to aim at.
    Below(Target),
}

fn ladder(v: f64, q: &Quartiles, measure: &'static str) -> Rung {
    let (Some(n), Some(p50), Some(p75)) = (q.n, q.p50, q.p75) else { return Rung::Withheld };
    let v = v.round();
    if v < p50.round() {
        Rung::Below(Target { measure, statistic: "median", value: p50, ci: q.p50_ci, coverage: q.p50_ci_coverage, n })
    } else {
        let t = Target { measure, statistic: "p75", value: p75, ci: q.p75_ci, coverage: q.p75_ci_coverage, n };
        if v < p75.round() {
            Rung::Below(t)
        } else {
            Rung::Reached(t)
        }
    }
}

/// Why no ask is made toward `t` from `v`, if so: the target's CI holds the
/// figure, or the increase is under the minimum.
fn in_line(v: f64, t: &Target, min_ask: f64) -> Option<String> {
    match t.ci {
        None => Some(format!("{} has no confidence interval to tell a gap from noise", t.words())),
        Some([lo, hi]) if lo <= v && v <= hi => Some(format!(
            "inside the 95% CI ({}–{}) of the cell's {} {} of {} ({} records)",
            usd(lo),
            usd(hi),
            t.stat_name(),
            t.measure,
            usd(t.value),
            t.n
        )),
        Some(_) if t.value - v < min_ask => {
            Some(format!("{} below {}, less than {:.0}% of the offer's TC", usd(t.value - v), t.words(), MIN_ASK_SHARE * 100.0))
        }
        Some(_) => None,
    }
}

/// A figure below its target beyond the noise.
struct Candidate {
    lever: &'static str,
    offer: f64,
    target: Target,
    margin: f64,
    support: Option<f64>,
}

/// Margin and support of a figure below a target's CI (see the module docs).
fn margin_and_support(v: f64, ci: Option<[f64; 2]>) -> (f64, Option<f64>) {
    let Some([lo, hi]) = ci else { return (0.0, Some(0.0)) };
    let margin = lo - v;
    (margin, (hi > lo).then(|| margin / (hi - lo)))
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The counter-offer; Err when the cell publishes neither base nor TC.
fn counter_offer(
    offer: &Offer,
    cell: &CellSummary,
    components: Option<&OfferComponents>,
    tc_comparable: bool,
    base_pos: &OfferPosition,
    total_pos: &OfferPosition,
    floor: usize,
) -> Result<CounterOffer, String> {
    let desc = cell.describe();
    let known_tc = offer.total_at_least();
    let min_ask = MIN_ASK_SHARE * known_tc;
    let mut sentences: Vec<String> = Vec::new();
    let base_rung = ladder(offer.base, &cell.base, "base salary");
    let rule = match &base_rung {
        Rung::Withheld => "base-withheld",
        Rung::Reached(_) => "at-or-above-p75",
        Rung::Below(t) if t.statistic == "median" => "below-median",
        Rung::Below(_) => "median-to-p75",
    };
    match &base_pos.in_words {
        Some(w) => sentences.push(format!(
            "For {desc} ({} records report base), your base of {} is {w}.",
            cell.base.n.unwrap_or(0),
            usd(offer.base)
        )),
        None => sentences.push(format!(
            "For {desc}, your base of {} is not compared: {}.",
            usd(offer.base),
            base_pos.withheld.as_deref().unwrap_or("no base figures")
        )),
    }

    // The TC gap and the budget.
    let mut c = CounterOffer {
        rule,
        base: None,
        base_increase: None,
        total_gap: None,
        equity_grant_ask: None,
        signing_ask: None,
        target_total: None,
        budget: COUNTER_CAP_SHARE * known_tc,
        total_ask: 0.0,
        in_line: false,
        levers: Vec::new(),
        reasoning: String::new(),
    };
    let mut tc_target = None;
    let tc_rung = if tc_comparable { ladder(known_tc, &cell.total, "total compensation") } else { Rung::Withheld };
    let mut noise: Vec<String> = Vec::new();
    let mut reached: Vec<String> = Vec::new();
    match (&tc_rung, &total_pos.in_words) {
        (Rung::Reached(t), Some(w)) => {
            sentences.push(format!(
                "Your total compensation of {} is {w}, at or above {}: the data support no counter.",
                usd(known_tc),
                t.words()
            ));
            return Ok(CounterOffer { reasoning: sentences.join(" "), budget: 0.0, ..c });
        }
        (Rung::Below(t), Some(w)) => {
            sentences.push(format!(
                "Your total compensation of {} is {w} ({} records report TC).",
                usd(known_tc),
                cell.total.n.unwrap_or(0)
            ));
            if let Some(why) = in_line(known_tc, t, min_ask) {
                sentences.push(format!(
                    "It is {why}: your offer is in line with the market, and a counter would ask for a difference the data cannot tell from noise."
                ));
                return Ok(CounterOffer { reasoning: sentences.join(" "), budget: 0.0, in_line: true, ..c });
            }
            let gap = t.value - known_tc;
            c.total_gap = Some(gap);
            c.target_total = Some(t.value);
            c.budget = gap.min(COUNTER_CAP_SHARE * known_tc);
            sentences.push(format!(
                "One year's gap to {} is {}; the counter asks for at most {} a year (the gap, and at most {:.0}% of your TC).",
                t.words(),
                usd(gap),
                usd(c.budget),
                COUNTER_CAP_SHARE * 100.0
            ));
            tc_target = Some(*t);
        }
        _ => {
            let why = total_pos.withheld.clone().unwrap_or_else(|| "total compensation is not compared".into());
            sentences.push(format!(
                "No total-compensation gap or signing figure is computed ({why}); the parts given are compared one by one, and the counter asks for at most {} a year ({:.0}% of the {} given).",
                usd(c.budget),
                COUNTER_CAP_SHARE * 100.0,
                usd(known_tc)
            ));
        }
    }

    // Candidate levers: each part given, against its own ladder.
    let mut parts: Vec<(&'static str, f64, Rung)> = vec![("base", offer.base, base_rung)];
    if let Some(comp) = components {
        if let Some(a) = offer.annual_equity() {
            parts.push(("equity", a, ladder(a, &comp.annual_equity, "annual equity")));
        }
        if let Some(b) = offer.bonus {
            parts.push(("bonus", b, ladder(b, &comp.bonus, "bonus")));
        }
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (lever, v, rung) in parts {
        match rung {
            Rung::Withheld => {}
            Rung::Reached(t) => reached.push(format!("your {lever} is at or above {}", t.words())),
            Rung::Below(t) => match in_line(v, &t, min_ask) {
                Some(why) => noise.push(format!("your {lever} of {} is {why}", usd(v))),
                None => {
                    let (margin, support) = margin_and_support(v, t.ci);
                    candidates.push(Candidate { lever, offer: v, target: t, margin, support });
                }
            },
        }
    }
    let key = |c: &Candidate| (c.support.unwrap_or(f64::INFINITY), c.margin);
    // Stable: full ties keep the order base, equity, bonus.
    candidates.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        kb.0.total_cmp(&ka.0).then(kb.1.total_cmp(&ka.1))
    });

    let vest = offer.vesting();
    let mut left = c.budget;
    for cand in candidates {
        let gap = cand.target.value - cand.offer;
        let ask = gap.min(left);
        if ask < min_ask {
            noise.push(format!(
                "your {} is below {}, but what is left of the budget ({}) is under the minimum ask",
                cand.lever,
                cand.target.words(),
                usd(left)
            ));
            continue;
        }
        left -= ask;
        c.levers.push(Lever {
            lever: cand.lever,
            ask: if cand.lever == "equity" { ask * vest } else { ask },
            first_year: ask,
            offer: cand.offer,
            measure: cand.target.measure,
            statistic: cand.target.statistic,
            target: cand.target.value,
            target_ci: cand.target.ci,
            target_ci_coverage: cand.target.coverage,
            n: cand.target.n,
            margin: cand.margin,
            support: cand.support,
            capped: ask < gap,
            alternative: false,
        });
    }
    c.total_ask = c.levers.iter().map(|l| l.first_year).sum();
    for l in &c.levers {
        match l.lever {
            "base" => {
                c.base = Some(offer.base + l.ask);
                c.base_increase = Some(l.ask);
            }
            "equity" => c.equity_grant_ask = Some(l.ask),
            _ => {}
        }
    }
    if let Some(t) = tc_target {
        let recurring = !c.levers.is_empty();
        let (margin, support) = margin_and_support(known_tc, t.ci);
        c.signing_ask = Some(c.budget);
        c.levers.push(Lever {
            lever: "signing",
            ask: c.budget,
            first_year: c.budget,
            offer: known_tc,
            measure: t.measure,
            statistic: t.statistic,
            target: t.value,
            target_ci: t.ci,
            target_ci_coverage: t.coverage,
            n: t.n,
            margin,
            support,
            capped: c.budget < c.total_gap.unwrap_or(0.0),
            alternative: recurring,
        });
        if !recurring {
            c.total_ask = c.budget;
        }
    }

    let asks: Vec<String> = c.levers.iter().filter(|l| !l.alternative).map(|l| lever_words(l, offer, vest)).collect();
    if !asks.is_empty() {
        let asked = if asks.len() == 1 {
            format!("Ask for {}", asks[0])
        } else {
            let numbered: Vec<String> = asks.iter().enumerate().map(|(i, a)| format!("{}) {a}", i + 1)).collect();
            format!("Ask, in this order, for {}", numbered.join("; "))
        };
        sentences.push(format!(
            "{asked}. Together +{} a year ({:+.1}% of {} {}).",
            usd(c.total_ask),
            c.total_ask / known_tc * 100.0,
            if tc_comparable { "your TC of" } else { "the" },
            if tc_comparable { usd(known_tc) } else { format!("{} the offer states", usd(known_tc)) }
        ));
    }
    if let Some(s) = c.levers.iter().find(|l| l.lever == "signing") {
        sentences.push(if s.alternative {
            format!(
                "Or, if the recurring pay cannot move, a one-off signing bonus of {}: it covers the first year's gap only.",
                usd(s.ask)
            )
        } else {
            format!(
                "No part of the offer is below its own target beyond the noise, so ask for a one-off signing bonus of {}: it covers the first year's gap only.",
                usd(s.ask)
            )
        });
    }
    if !noise.is_empty() || !reached.is_empty() {
        let mut notes = noise.clone();
        notes.extend(reached.iter().cloned());
        sentences.push(format!("Not asked: {}.", list(&notes)));
    }
    if c.levers.is_empty() {
        c.in_line = !noise.is_empty();
        sentences.push(if c.in_line {
            "No counter figure: your offer is in line with the market.".to_string()
        } else if !reached.is_empty() {
            "No counter figure: what the offer states is at or above the market's upper quartile.".to_string()
        } else {
            "No counter figure: nothing the offer states can be compared.".to_string()
        });
    }
    if !tc_comparable {
        if let Some(comp) = components {
            let known = |q: &Quartiles, what: &str| {
                q.p50.map(|m| {
                    format!(
                        "the median {what} is {} ({} records{})",
                        usd(m),
                        q.n.unwrap_or(0),
                        ci_text(q.p50_ci, q.p50_ci_coverage)
                    )
                })
            };
            let facts: Vec<String> =
                [known(&comp.bonus, "bonus"), known(&comp.annual_equity, "annual equity")].into_iter().flatten().collect();
            if !facts.is_empty() && (offer.bonus.is_none() || offer.equity_grant.is_none()) {
                sentences.push(format!("For the parts not given: in this cell {}.", list(&facts)));
            }
        }
    }
    if matches!(c.rule, "base-withheld") && c.levers.is_empty() && tc_target.is_none() && !tc_comparable {
        return Err(format!("fewer than {floor} records of this cell report base salary and total compensation is not compared: no counter-offer figure"));
    }
    c.reasoning = sentences.join(" ");
    Ok(c)
}

/// One lever as a clause: the ask, then the statistic it rests on.
fn lever_words(l: &Lever, offer: &Offer, vest: f64) -> String {
    let basis = Target {
        measure: l.measure,
        statistic: l.statistic,
        value: l.target,
        ci: l.target_ci,
        coverage: l.target_ci_coverage,
        n: l.n,
    }
    .words();
    let capped = if l.capped { ", capped by the budget" } else { "" };
    match l.lever {
        "base" => format!(
            "a base of {} (+{} a year, {:+.1}%): your {} against {basis}{capped}",
            usd(offer.base + l.ask),
            usd(l.ask),
            l.ask / offer.base * 100.0,
            usd(l.offer)
        ),
        "equity" => format!(
            "{} more equity over {} years (+{} a year): your {} a year against {basis}{capped}",
            usd(l.ask),
            trim_years(vest),
            usd(l.first_year),
            usd(l.offer)
        ),
        _ => format!(
            "a {} of {} (+{} a year): your {} against {basis}{capped}",
            l.lever,
            usd(l.offer + l.ask),
            usd(l.ask),
            usd(l.offer)
        ),
    }
}

/// 4 → "4", 2.5 → "2.5".
fn trim_years(y: f64) -> String {
    if y.fract() == 0.0 {
        format!("{y:.0}")
    } else {
        format!("{y}")
    }
}

impl Engine {
    /// Evaluates an offer against its cell; see the module documentation
    /// for every definition and rule. The caller checks the offer first
    /// ([`Offer::check`]).
    pub fn evaluate_offer(&self, q: &CellQuery, offer: &Offer) -> OfferEvaluation {
        let floor = self.floor;
        let figures = OfferFigures {
            base: offer.base,
            bonus: offer.bonus,
            annual_equity: offer.annual_equity(),
            vest_years: offer.vesting(),
            signing: offer.signing,
            total: offer.total(),
            total_at_least: offer.total_at_least(),
            not_given: offer.not_given(),
        };
        let requested = CellLabel { role: RoleInfo::of(&q.role), level: q.level.map(|l| l.slug()), location: q.area.info() };

        // The fallback chain.
        let mut chain = vec![q.clone()];
        let nat = national(&q.area);
        if let Some(a) = &nat {
            chain.push(q.with_area(a.clone()));
        }
        if q.level.is_some() {
            chain.push(q.with_area(nat.unwrap_or_else(|| q.area.clone())).with_level(None));
        }
        let mut skipped: Vec<String> = Vec::new();
        let mut used = None;
        for c in &chain {
            let d = self.summarize(c);
            if d.summary.withheld.is_none() {
                used = Some((c, d));
                break;
            }
            skipped.push(d.summary.describe());
        }
        let other_metros = self.offer_in_metros(q, offer.base);
        let Some((used_q, data)) = used else {
            let reason = format!(
                "{} {} fewer than {floor} records: withheld by the privacy floor",
                skipped.join(", "),
                if skipped.len() == 1 { "has" } else { "each have" }
            );
            let withheld_pos = |v: f64, at_least: bool| OfferPosition {
                value: v,
                percentile_rank: None,
                position: None,
                in_words: None,
                at_least,
                withheld: Some(floor_reason(floor)),
            };
            return OfferEvaluation {
                base: withheld_pos(figures.base, false),
                total: withheld_pos(figures.total_at_least, figures.total.is_none()),
                offer: figures,
                requested,
                benchmark: None,
                fallback: None,
                components: None,
                other_metros,
                counter: None,
                counter_withheld: Some(reason.clone()),
                floor,
                withheld: Some(reason),
            };
        };
        let fallback = (!skipped.is_empty()).then(|| {
            format!(
                "{} {} fewer than {floor} records (privacy floor); using {} instead",
                skipped.join(", then "),
                if skipped.len() == 1 { "has" } else { "each have" },
                data.summary.describe()
            )
        });
        let components = self.offer_components(used_q);
        let base = position_of(figures.base, &data.base, &data.summary.base, floor, PayMeasure::Base);
        let signing_needed = components.as_ref().is_some_and(|c| c.signing_reported) && offer.signing.is_none();
        let tc_comparable = figures.total.is_some() && !signing_needed && data.summary.total.n.is_some();
        let total = if tc_comparable || data.summary.total.n.is_none() {
            let mut p = position_of(figures.total_at_least, &data.total, &data.summary.total, floor, PayMeasure::Total);
            p.at_least = figures.total.is_none();
            p
        } else {
            let missing: Vec<&str> = figures
                .not_given
                .iter()
                .filter(|f| **f != "signing" || signing_needed)
                .map(|f| match *f {
                    "equity_grant" => "equity grant",
                    "signing" => "signing bonus",
                    other => other,
                })
                .collect();
            let why = if signing_needed && figures.total.is_some() {
                format!("at least {floor} of this cell's records report a signing bonus and the offer's was not given")
            } else {
                format!("not given: {}", missing.join(" and "))
            };
            OfferPosition {
                value: figures.total_at_least,
                percentile_rank: None,
                position: None,
                in_words: None,
                at_least: true,
                withheld: Some(format!(
                    "{why}; total compensation is at least {} and is not ranked",
                    usd(figures.total_at_least)
                )),
            }
        };
        let (counter, counter_withheld) =
            match counter_offer(offer, &data.summary, components.as_ref(), tc_comparable, &base, &total, floor) {
                Ok(c) => (Some(c), None),
                Err(e) => (None, Some(e)),
            };
        OfferEvaluation {
            offer: figures,
            requested,
            benchmark: Some(data.summary),
            fallback,
            base,
            total,
            components,
            other_metros,
            counter,
            counter_withheld,
            floor,
            withheld: None,
        }
    }

    /// Bonus and annual equity quartiles of a cell, over its records that
    /// report both base and TC (see "Components" in the module docs); None
    /// when fewer than k such records.
    fn offer_components(&self, q: &CellQuery) -> Option<OfferComponents> {
        let s = &self.snapshot;
        let rows = s.cell(q).rows;
        let both: Vec<usize> =
            rows.iter().map(|&r| r as usize).filter(|&r| !s.base[r].is_nan() && !s.total[r].is_nan()).collect();
        if both.len() < self.floor {
            return None;
        }
        let quartiles = |col: &[f64]| {
            let mut v: Vec<f64> = both.iter().map(|&r| col[r]).collect();
            paygrid_stats::sort_values(&mut v);
            Quartiles::from_measure(&Measure::from_sorted(&v, self.floor))
        };
        let signing = rows.iter().filter(|&&r| !s.total[r as usize].is_nan() && s.signing[r as usize] > 0.0).count();
        Some(OfferComponents {
            bonus: quartiles(&s.bonus),
            annual_equity: quartiles(&s.equity),
            signing_reported: signing >= self.floor,
        })
    }

    /// The offer's base against the role (and level) in the largest US
    /// metros with at least k records reporting base.
    fn offer_in_metros(&self, q: &CellQuery, base: f64) -> Vec<MetroOffer> {
        let s = &self.snapshot;
        let floor = self.floor;
        let own = match &q.area {
            Area::Metro(m) => s.metros.get(m),
            _ => None,
        };
        let f = s.filter(&q.with_area(Area::World));
        let rows = s.cell_with(&f, false, true).rows;
        let mut by_metro: HashMap<u32, Vec<u32>> = HashMap::new();
        for r in rows {
            let m = s.metro[r as usize];
            if m != NONE && Some(m) != own && !s.base[r as usize].is_nan() {
                by_metro.entry(m).or_default().push(r);
            }
        }
        let mut metros: Vec<(u32, Vec<u32>)> = by_metro.into_iter().filter(|(_, r)| r.len() >= floor).collect();
        metros.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| s.metros.name(a.0).cmp(s.metros.name(b.0))));
        metros.truncate(OFFER_OTHER_METROS);
        metros
            .into_iter()
            .filter_map(|(m, rows)| {
                let sorted = s.sorted_values(PayMeasure::Base, &rows);
                let rank = percentile_rank(&sorted, base, floor)?;
                let st = paygrid_stats::cell_stats_sorted(&sorted);
                let code = s.metros.name(m).to_string();
                Some(MetroOffer {
                    name: Area::Metro(code.clone()).info().name,
                    metro: code,
                    n: sorted.len(),
                    median_base: st.summary.p50,
                    median_base_ci: st.p50_ci.map(|c| [c.lo, c.hi]),
                    median_base_ci_coverage: st.p50_ci.map(|c| c.coverage),
                    base_percentile_rank: rank,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::test_support::rec;
    use crate::SnapshotBuilder;
    use paygrid_domain::Level;

    const SEA: &str = "42660";
    const SF: &str = "41860";
    const NYC: &str = "35620";
    const MIN_PAY: f64 = 10_000.0;
    const MAX_PAY: f64 = 5_000_000.0;

    /// Seattle: 10 senior records, base 100k..190k step 10k, TC = 1.2·base.
    /// SF: 6 senior records at 200k..250k. NYC: 4 (under the floor).
    fn engine() -> Engine {
        let mut b = SnapshotBuilder::new();
        let mut push = |metro: &str, base: f64, level: Level| {
            b.push("t", &rec("backend-engineer", Some(level), Some("US"), Some(metro), 2024, Some(base), base * 1.2));
        };
        for i in 0..10 {
            push(SEA, 100_000.0 + 10_000.0 * f64::from(i), Level::Senior);
        }
        for i in 0..6 {
            push(SF, 200_000.0 + 10_000.0 * f64::from(i), Level::Senior);
        }
        for i in 0..4 {
            push(NYC, 150_000.0 + f64::from(i), Level::Senior);
        }
        for i in 0..4 {
            push(SEA, 80_000.0 + f64::from(i), Level::Mid);
        }
        Engine::new(b.build(), 5)
    }

    /// Seattle seniors, i = 0..100: base 100k + 1k·i, bonus 20k, annual
    /// equity 50k + 1k·i, TC = their sum = 170k + 2k·i. Type 7: base
    /// p50 149.5k, p75 174.25k; equity p50 99.5k; TC p50 269k, p75 318.5k.
    fn market() -> Engine {
        let mut b = SnapshotBuilder::new();
        for i in 0..100 {
            let base = 100_000.0 + 1_000.0 * f64::from(i);
            let mut r = rec("backend-engineer", Some(Level::Senior), Some("US"), Some(SEA), 2024, Some(base), 0.0);
            r.bonus = 20_000.0;
            r.equity = 50_000.0 + 1_000.0 * f64::from(i);
            r.total = r.base.unwrap() + r.bonus + r.equity;
            b.push("t", &r);
        }
        Engine::new(b.build(), 5)
    }

    fn sea() -> CellQuery {
        CellQuery::new("backend-engineer", Some(Level::Senior), Area::Metro(SEA.into()))
    }

    fn offer(base: f64, bonus: f64, annual_equity: f64) -> Offer {
        Offer { base, bonus: Some(bonus), equity_grant: Some(annual_equity * 4.0), vest_years: 4.0, signing: None }
    }

    /// The rule's bounds, whatever the figures: no single ask above one
    /// year's gap, the whole counter within 25% of TC, the signing bonus a
    /// one-off of at most the gap.
    fn assert_serious(c: &CounterOffer, tc: f64) {
        let recurring: f64 = c.levers.iter().filter(|l| !l.alternative && l.lever != "signing").map(|l| l.first_year).sum();
        assert!(recurring <= COUNTER_CAP_SHARE * tc + 1e-6, "{recurring} > 25% of {tc}");
        assert!(c.total_ask <= COUNTER_CAP_SHARE * tc + 1e-6);
        for l in &c.levers {
            assert!(l.first_year > 0.0 && l.first_year <= c.budget + 1e-6, "{l:?}");
            if let Some(gap) = c.total_gap {
                assert!(l.first_year <= gap + 1e-6, "{l:?} above the gap {gap}");
            }
        }
        if let Some(s) = c.signing_ask {
            assert!(s <= c.total_gap.unwrap() + 1e-6 && s <= COUNTER_CAP_SHARE * tc + 1e-6);
        }
        let support: Vec<f64> = c.levers.iter().filter(|l| !l.alternative).map(|l| l.support.unwrap_or(f64::INFINITY)).collect();
        assert!(support.windows(2).all(|w| w[0] >= w[1]), "levers ordered by support: {support:?}");
    }

    #[test]
    fn mid_rank_percentiles_by_hand() {
        let ten: Vec<f64> = (0..10).map(|i| 100_000.0 + 10_000.0 * f64::from(i)).collect();
        // 125k: 3 below → 30%. 150k: 5 below + 1 equal → 55%. n < 20: to 5.
        assert_eq!(percentile_rank(&ten, 125_000.0, 5), Some(30));
        assert_eq!(percentile_rank(&ten, 150_000.0, 5), Some(55));
        // 101k: 1 below → 10. 104k → 10; 96k → 0 → clamped to 5.
        assert_eq!(percentile_rank(&ten, 96_000.0, 5), Some(5));
        assert_eq!(percentile_rank(&ten, 1e7, 5), Some(95));
        // 112k in 10: 2/10 = 20; 116k also 20 (same count below).
        assert_eq!(percentile_rank(&ten, 116_000.0, 5), Some(20));
        // n = 25: 150k → 5 below + 1 equal → 5.5/25 = 22%.
        let many: Vec<f64> = (0..25).map(|i| 100_000.0 + 10_000.0 * f64::from(i)).collect();
        assert_eq!(percentile_rank(&many, 150_000.0, 5), Some(22));
        // 3 below → 12%; far above → 99; far below → 1.
        assert_eq!(percentile_rank(&many, 125_000.0, 5), Some(12));
        assert_eq!(percentile_rank(&many, 1e9, 5), Some(99));
        assert_eq!(percentile_rank(&many, 1.0, 5), Some(1));
        // Ties: all equal → 50.
        assert_eq!(percentile_rank(&[7.0; 30], 7.0, 5), Some(50));
        // Floor.
        assert_eq!(percentile_rank(&ten[..4], 125_000.0, 5), None);
        assert_eq!(percentile_rank(&ten, f64::NAN, 5), None);
    }

    #[test]
    fn offer_total_definition_and_unknown_parts() {
        let o = Offer {
            base: 100_000.0,
            bonus: Some(10_000.0),
            equity_grant: Some(80_000.0),
            vest_years: 4.0,
            signing: Some(20_000.0),
        };
        assert_eq!(o.total(), Some(100_000.0 + 10_000.0 + 20_000.0 + 5_000.0));
        assert!(o.not_given().is_empty());
        let d = Offer { vest_years: 0.0, ..o };
        assert_eq!(d.annual_equity(), Some(20_000.0));
        assert_eq!(Offer::default().vest_years, 4.0);
        // Not given is unknown: no TC, only a lower bound.
        let b = Offer::base(185_000.0);
        assert_eq!((b.total(), b.total_at_least()), (None, 185_000.0));
        assert_eq!(b.not_given(), ["bonus", "equity_grant", "signing"]);
        let no_equity = Offer { equity_grant: None, ..o };
        assert_eq!(no_equity.total(), None);
        assert_eq!(no_equity.total_at_least(), 100_000.0 + 10_000.0 + 5_000.0);
        // A signing bonus not given adds nothing to a TC that is known.
        assert_eq!(Offer { signing: None, ..o }.total(), Some(130_000.0));
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(11), "11th");
        let got: Vec<String> = [1, 2, 3, 4, 12, 13, 21, 83, 99].iter().map(|&n| ordinal(n)).collect();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "12th", "13th", "21st", "83rd", "99th"]);
    }

    #[test]
    fn offers_outside_the_sanity_range_are_refused_naming_the_field() {
        let ok = offer(185_000.0, 20_000.0, 40_000.0);
        assert_eq!(ok.check(MIN_PAY, MAX_PAY), Ok(()));
        assert_eq!(Offer::base(MIN_PAY).check(MIN_PAY, MAX_PAY), Ok(()));
        let field = |o: Offer| o.check(MIN_PAY, MAX_PAY).unwrap_err().field;
        assert_eq!(field(Offer::base(1e308)), "base");
        assert_eq!(field(Offer::base(9_999.0)), "base");
        assert_eq!(field(Offer::base(f64::NAN)), "base");
        assert_eq!(field(Offer::base(f64::INFINITY)), "base");
        assert_eq!(field(Offer { bonus: Some(-1.0), ..ok }), "bonus");
        assert_eq!(field(Offer { signing: Some(f64::NAN), ..ok }), "signing");
        assert_eq!(field(Offer { equity_grant: Some(f64::INFINITY), ..ok }), "equity_grant");
        for v in [0.0, -1.0, 10.5, f64::NAN] {
            assert_eq!(field(Offer { vest_years: v, ..ok }), "vest_years", "{v}");
        }
        assert_eq!(Offer { vest_years: 10.0, ..ok }.check(MIN_PAY, MAX_PAY), Ok(()));
        // Parts in range one by one, TC over the top: the largest part a
        // year is named.
        assert_eq!(field(Offer { equity_grant: Some(1e308), ..ok }), "equity_grant");
        assert_eq!(field(Offer { signing: Some(40_000_000.0), ..ok }), "signing");
        let e = Offer::base(1e308).check(MIN_PAY, MAX_PAY).unwrap_err();
        assert!(e.message.contains("1e308") && e.message.contains("sanity range [10000, 5000000]"), "{}", e.message);
    }

    #[test]
    fn position_words_agree_with_ties() {
        // 5 × 100k, 9 × 160k, 6 × 200k: the median is 160k, and 160k has
        // 5 below and 9 equal: mid-rank (5 + 4.5) / 20 = 47.5%, shown 48.
        let mut b = SnapshotBuilder::new();
        for (n, base) in [(5, 100_000.0), (9, 160_000.0), (6, 200_000.0)] {
            for _ in 0..n {
                b.push("t", &rec("backend-engineer", Some(Level::Senior), Some("US"), Some(SEA), 2024, Some(base), base));
            }
        }
        let e = Engine::new(b.build(), 5);
        let ev = e.evaluate_offer(&sea(), &Offer::base(160_000.0));
        assert_eq!(ev.benchmark.as_ref().unwrap().base.p50, Some(160_000.0));
        assert_eq!(ev.base.percentile_rank, Some(48));
        assert_eq!(ev.base.position, Some("p50–p75"));
        let words = ev.base.in_words.clone().unwrap();
        assert!(words.starts_with("at the median ($160,000)") && words.contains("48th"), "{words}");
        let reasoning = ev.counter.unwrap().reasoning;
        assert!(reasoning.contains("at the median ($160,000)") && !reasoning.contains("at or above the median"), "{reasoning}");

        let q = Quartiles::from_measure(&Measure::from_sorted(&[100.0, 200.0, 300.0, 400.0, 500.0], 5));
        let w = |v: f64| position(v, &q).unwrap();
        assert_eq!(w(200.0), ("p25–p50", "at the 25th percentile ($200)".to_string()));
        assert_eq!(w(250.0), ("p25–p50", "between the 25th percentile ($200) and the median ($300)".to_string()));
        assert_eq!(w(400.0), ("above p75", "at the 75th percentile ($400)".to_string()));
        assert_eq!(w(350.0).1, "between the median ($300) and the 75th percentile ($400)");
        assert_eq!(w(10.0).1, "below the 25th percentile ($200)");
        assert_eq!(w(900.0).1, "above the 75th percentile ($400)");
        // Whole dollars, as printed: 299.6 shows as $300, the median.
        assert_eq!(w(299.6), ("p50–p75", "at the median ($300)".to_string()));
    }

    #[test]
    fn below_the_median_beyond_the_noise_counters_within_the_gap() {
        let e = market();
        // Base 180k (≥ p75), bonus 20k (the median, CI [20k, 20k]), equity
        // 30k a year: TC 230k, below the TC median's CI.
        let ev = e.evaluate_offer(&sea(), &offer(180_000.0, 20_000.0, 30_000.0));
        let b = ev.benchmark.as_ref().unwrap();
        assert_eq!((b.total.p50, b.base.p75), (Some(269_000.0), Some(174_250.0)));
        assert!(b.total.p50_ci.unwrap()[0] > 230_000.0);
        let comp = ev.components.as_ref().unwrap();
        assert_eq!(
            (comp.annual_equity.p50, comp.bonus.p50, comp.bonus.p50_ci),
            (Some(99_500.0), Some(20_000.0), Some([20_000.0; 2]))
        );
        assert!(!comp.signing_reported);
        let c = ev.counter.clone().unwrap();
        assert_serious(&c, 230_000.0);
        // Gap 39k < 25% of 230k = 57.5k: the budget is the gap.
        assert_eq!((c.total_gap, c.target_total, c.budget), (Some(39_000.0), Some(269_000.0), 39_000.0));
        // Only equity is below its target beyond the noise; its gap (69.5k
        // a year) is capped at the budget: a grant of 4 × 39k.
        let eq = &c.levers[0];
        assert_eq!((eq.lever, eq.first_year, eq.ask, eq.capped, eq.statistic), ("equity", 39_000.0, 156_000.0, true, "median"));
        assert_eq!(eq.margin, comp.annual_equity.p50_ci.unwrap()[0] - 30_000.0);
        assert_eq!(c.equity_grant_ask, Some(156_000.0));
        assert_eq!((c.base, c.base_increase, c.rule), (None, None, "at-or-above-p75"));
        // Signing: one-off, the first year's gap, an alternative.
        assert_eq!(c.signing_ask, Some(39_000.0));
        let s = c.levers.last().unwrap();
        assert_eq!((s.lever, s.ask, s.alternative), ("signing", 39_000.0, true));
        assert_eq!(c.total_ask, 39_000.0);
        assert!(!c.in_line);
        for needle in ["$156,000 more equity over 4 years", "one-off signing bonus of $39,000", "$99,500", "95% CI", "Not asked"]
        {
            assert!(c.reasoning.contains(needle), "{needle:?} in {}", c.reasoning);
        }
        assert!(ev.total.in_words.as_deref().unwrap().starts_with("between the 25th percentile"));
    }

    #[test]
    fn the_budget_caps_the_whole_counter_at_a_quarter_of_tc() {
        let e = market();
        // Every part far below: TC 100k, gap 169k, budget 25k. Every bonus
        // is 20k, so its CI has no width: the bonus comes first and takes
        // its whole gap. Base and equity CIs are equally wide (both step 1k
        // a record), and equity is further below its CI: it takes the
        // remaining 5k, and the base is left with nothing.
        let ev = e.evaluate_offer(&sea(), &offer(100_000.0, 0.0, 0.0));
        let c = ev.counter.unwrap();
        assert_serious(&c, 100_000.0);
        assert_eq!((c.total_gap, c.budget), (Some(169_000.0), 25_000.0));
        let recurring: Vec<(&str, f64)> = c.levers.iter().filter(|l| !l.alternative).map(|l| (l.lever, l.first_year)).collect();
        assert_eq!(recurring, [("bonus", 20_000.0), ("equity", 5_000.0)]);
        assert_eq!(c.levers[0].support, None);
        assert_eq!((c.total_ask, c.signing_ask), (25_000.0, Some(25_000.0)));
        assert!(c.reasoning.contains("under the minimum ask"), "{}", c.reasoning);
    }

    #[test]
    fn base_only_offers_ask_nothing_from_an_unknown_tc() {
        let e = market();
        // Base above p75, nothing else given: no TC, no gap, no signing.
        let ev = e.evaluate_offer(&sea(), &Offer::base(185_000.0));
        assert_eq!((ev.offer.total, ev.offer.bonus), (None, None));
        assert!(ev.total.at_least && ev.total.percentile_rank.is_none() && ev.total.position.is_none());
        assert!(ev.total.withheld.as_deref().unwrap().contains("not given: bonus and equity grant"));
        let c = ev.counter.unwrap();
        assert_eq!((c.total_gap, c.signing_ask, c.equity_grant_ask, c.base), (None, None, None, None));
        assert!(c.levers.is_empty() && !c.in_line);
        assert!(c.reasoning.contains("median annual equity is $99,500"), "{}", c.reasoning);

        // Base far below: the base is compared on its own, within 25% of it.
        let ev = e.evaluate_offer(&sea(), &Offer::base(100_000.0));
        let c = ev.counter.unwrap();
        assert_serious(&c, 100_000.0);
        assert_eq!((c.rule, c.base, c.base_increase, c.total_gap), ("below-median", Some(125_000.0), Some(25_000.0), None));
        assert_eq!(c.levers.len(), 1);
        assert!(c.levers[0].capped);

        // Base inside the median's CI: in line, no "+$500".
        let ev = e.evaluate_offer(&sea(), &Offer::base(149_000.0));
        let c = ev.counter.unwrap();
        assert!(c.in_line && c.levers.is_empty() && c.base.is_none());
        assert!(c.reasoning.contains("in line with the market"), "{}", c.reasoning);
    }

    #[test]
    fn in_line_and_above_the_market_give_no_counter() {
        let e = market();
        // TC 265k: inside the TC median's CI.
        let ev = e.evaluate_offer(&sea(), &offer(150_000.0, 20_000.0, 95_000.0));
        let c = ev.counter.unwrap();
        assert!(c.in_line && c.levers.is_empty() && c.total_gap.is_none() && c.signing_ask.is_none());
        assert!(c.reasoning.contains("in line with the market"), "{}", c.reasoning);
        // TC 400k: above p75.
        let ev = e.evaluate_offer(&sea(), &offer(200_000.0, 50_000.0, 150_000.0));
        let c = ev.counter.unwrap();
        assert!(!c.in_line && c.levers.is_empty() && c.total_gap.is_none());
        assert!(c.reasoning.contains("no counter"), "{}", c.reasoning);

        // TCs 200,000 + i: the median's CI is a few dollars wide, so 199k
        // is outside it, but the ~1k increase is under 2% of TC.
        let mut b = SnapshotBuilder::new();
        for i in 0..30 {
            let mut r =
                rec("backend-engineer", Some(Level::Senior), Some("US"), Some(SEA), 2024, Some(150_000.0 + f64::from(i)), 0.0);
            r.bonus = 10_000.0;
            r.equity = 40_000.0;
            r.total = r.base.unwrap() + 50_000.0;
            b.push("t", &r);
        }
        let e = Engine::new(b.build(), 5);
        let ev = e.evaluate_offer(&sea(), &offer(149_000.0, 10_000.0, 40_000.0));
        let c = ev.counter.clone().unwrap_or_else(|| panic!("{ev:?}"));
        assert!(c.in_line && c.levers.is_empty(), "{c:?}");
        assert!(c.reasoning.contains("less than 2% of the offer's TC"), "{}", c.reasoning);
    }

    #[test]
    fn a_cell_that_reports_signing_bonuses_needs_the_offers() {
        let mut b = SnapshotBuilder::new();
        for i in 0..40 {
            let base = 100_000.0 + 1_000.0 * f64::from(i);
            let mut r = rec("backend-engineer", Some(Level::Senior), Some("US"), Some(SEA), 2024, Some(base), 0.0);
            r.signing = 20_000.0;
            r.total = base + 5_000.0;
            b.push("t", &r);
        }
        let e = Engine::new(b.build(), 5);
        let o = offer(100_000.0, 0.0, 0.0);
        let ev = e.evaluate_offer(&sea(), &o);
        assert!(ev.components.as_ref().unwrap().signing_reported);
        assert!(ev.total.at_least && ev.total.percentile_rank.is_none());
        assert!(ev.total.withheld.as_deref().unwrap().contains("signing bonus"), "{:?}", ev.total.withheld);
        assert_eq!(ev.counter.unwrap().total_gap, None);
        let ev = e.evaluate_offer(&sea(), &Offer { signing: Some(0.0), ..o });
        assert!(!ev.total.at_least && ev.total.percentile_rank.is_some());
    }

    #[test]
    fn evaluation_of_a_small_cell() {
        let e = engine();
        let ev = e.evaluate_offer(&sea(), &Offer::base(125_000.0));
        assert!(ev.withheld.is_none() && ev.fallback.is_none());
        let b = ev.benchmark.as_ref().unwrap();
        assert_eq!(b.n, Some(10));
        // Type 7: p25 = 122.5k, p50 = 145k, p75 = 167.5k.
        assert_eq!(b.base.p25, Some(122_500.0));
        assert_eq!(b.base.p50, Some(145_000.0));
        assert_eq!(b.base.p75, Some(167_500.0));
        assert_eq!(ev.base.percentile_rank, Some(30));
        assert_eq!(ev.base.position, Some("p25–p50"));
        // TC unknown: not ranked, shown as at least the base.
        assert_eq!(ev.total.percentile_rank, None);
        assert!(ev.total.at_least && ev.total.value == 125_000.0);
        // Ten records: the median's CI runs from the 2nd to the 9th record
        // and holds 125k, so there is no base counter.
        assert_eq!(b.base.p50_ci, Some([110_000.0, 180_000.0]));
        let c = ev.counter.unwrap();
        assert!(c.in_line && c.base.is_none(), "{c:?}");
        assert!(c.reasoning.contains("about the 30th percentile"), "{}", c.reasoning);
        // Other metros: SF only (NYC has 4 records; Seattle is the cell).
        assert_eq!(ev.other_metros.len(), 1);
        let sf = &ev.other_metros[0];
        assert_eq!((sf.metro.as_str(), sf.n, sf.median_base), (SF, 6, 225_000.0));
        assert_eq!(sf.base_percentile_rank, 5);
    }

    #[test]
    fn missing_total_pay_is_not_blamed_on_the_floor() {
        // Ten records from a base-only source: base ranks, TC cannot.
        let mut b = SnapshotBuilder::new();
        for i in 0..10 {
            let base = 100_000.0 + 10_000.0 * f64::from(i);
            let mut r = rec("backend-engineer", Some(Level::Senior), Some("US"), Some(SEA), 2024, Some(base), base);
            r.source = paygrid_domain::SourceKind::Aijobs;
            b.push("aijobs", &r);
        }
        let e = Engine::new(b.build(), 5);
        let ev = e.evaluate_offer(&sea(), &offer(150_000.0, 0.0, 0.0));
        assert!(ev.base.percentile_rank.is_some());
        assert_eq!(ev.total.percentile_rank, None);
        let why = ev.total.withheld.unwrap();
        assert!(why.contains("total compensation") && !why.contains("privacy floor"), "{why}");
    }

    #[test]
    fn floor_and_fallback() {
        let e = engine();
        // Seattle mid: 4 records. National mid: the same 4. All levels in
        // the US: 24 records → used, and said so.
        let q = CellQuery::new("backend-engineer", Some(Level::Mid), Area::Metro(SEA.into()));
        let ev = e.evaluate_offer(&q, &Offer::base(90_000.0));
        assert!(ev.withheld.is_none());
        let fb = ev.fallback.as_deref().unwrap();
        assert!(fb.contains("fewer than 5") && fb.contains("using"), "{fb}");
        assert_eq!(ev.benchmark.as_ref().unwrap().n, Some(24));
        assert_eq!(ev.benchmark.as_ref().unwrap().level, None);
        assert!(ev.base.percentile_rank.is_some());

        // NYC senior: 4 records, but the US senior cell has 16. The NYC 4
        // are not among them: published, they would be US minus Seattle
        // minus SF. As a privacy class under the floor they give up detail
        // until they merge with the 4 Seattle mids as US records of unknown
        // level and year (8): in the all-levels figure, in no level's.
        let q = CellQuery::new("backend-engineer", Some(Level::Senior), Area::Metro(NYC.into()));
        let ev = e.evaluate_offer(&q, &Offer::base(150_000.0));
        assert_eq!(ev.benchmark.as_ref().unwrap().n, Some(16));
        assert_eq!(e.privacy().left_out, 0);
        assert_eq!(ev.benchmark.as_ref().unwrap().location.code, "US");

        // A role with 4 records anywhere: nothing.
        let mut b = SnapshotBuilder::new();
        for i in 0..4 {
            b.push(
                "t",
                &rec("data-engineer", Some(Level::Mid), Some("US"), Some(SEA), 2024, Some(100_000.0 + f64::from(i)), 1e5),
            );
        }
        let e = Engine::new(b.build(), 5);
        let q = CellQuery::new("data-engineer", Some(Level::Mid), Area::Metro(SEA.into()));
        let ev = e.evaluate_offer(&q, &Offer::base(100_002.0));
        assert!(ev.withheld.is_some() && ev.benchmark.is_none());
        assert_eq!(ev.base.percentile_rank, None);
        assert_eq!(ev.total.percentile_rank, None);
        assert!(ev.base.position.is_none() && ev.counter.is_none() && ev.other_metros.is_empty());
    }
}
