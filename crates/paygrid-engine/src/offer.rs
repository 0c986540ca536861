//! Offer evaluation (PRODUCT.md §4): where an offer's base and TC sit in
//! its cell, the same base in other metros, and a counter-offer figure with
//! its reasoning in numbers.
//!
//! **TC of an offer** = base + bonus + equity grant / vesting years (4 when
//! not given) + signing / 4, the definition every record's TC follows
//! (PRODUCT.md §3), so the offer is compared like with like.
//!
//! **Percentile rank** = mid-rank empirical CDF, (#records below + ½·#equal)
//! / n × 100: an offer equal to every record ranks 50, not 0 or 100. To limit
//! what a rank reveals about individual records it is computed only from at
//! least k records, rounded to a whole percent (to the nearest 5 when
//! n < 20, where one record moves the rank by more than 5 points), and
//! clamped to [1, 99] ([5, 95] when rounded to 5), so a rank never says
//! "above everyone" or "below everyone".
//!
//! **Position** against the cell's quartiles: "below p25" (< p25),
//! "p25–p50" (p25 <= v < p50), "p50–p75" (p50 <= v < p75), "above p75"
//! (v >= p75).
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
//! **Counter-offer rule.** Base below the cell's median base → counter at
//! the median; base from the median up to (not including) p75 → counter at
//! p75; base at or above p75 → no base counter: if the offer's TC is below
//! the cell's TC p75, ask for the gap as equity or signing (the gap a year
//! equals gap × vesting years of extra grant, or 4 × gap of signing, by the
//! TC definition); otherwise no counter figure. Medians and p75s are the
//! published figures, so a counter never asks for more than the market's
//! upper quartile on evidence the reader cannot see.

use crate::benchmark::{floor_reason, no_values_reason, PayMeasure};
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

/// A job offer. Amounts annual USD except `equity_grant` (the whole grant)
/// and `signing` (one-off).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Offer {
    pub base: f64,
    pub bonus: f64,
    pub equity_grant: f64,
    /// Vesting period of the grant in years (default 4).
    pub vest_years: f64,
    pub signing: f64,
}

impl Default for Offer {
    fn default() -> Offer {
        Offer { base: 0.0, bonus: 0.0, equity_grant: 0.0, vest_years: Offer::DEFAULT_VEST_YEARS, signing: 0.0 }
    }
}

impl Offer {
    pub const DEFAULT_VEST_YEARS: f64 = 4.0;

    /// An offer of base salary only.
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

    /// Grant / vesting years.
    pub fn annual_equity(&self) -> f64 {
        self.equity_grant / self.vesting()
    }

    /// TC per PRODUCT.md §3: base + bonus + annual equity + signing / 4.
    pub fn total(&self) -> f64 {
        self.base + self.bonus + self.annual_equity() + self.signing / 4.0
    }
}

/// The offer's annual figures as evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OfferFigures {
    pub base: f64,
    pub bonus: f64,
    pub annual_equity: f64,
    pub vest_years: f64,
    pub signing: f64,
    pub total: f64,
}

/// Where one figure of the offer sits in the cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferPosition {
    pub value: f64,
    /// Mid-rank percentile, rounded and clamped (see the module docs).
    pub percentile_rank: Option<u32>,
    /// "below p25", "p25–p50", "p50–p75" or "above p75".
    pub position: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
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

/// A counter-offer with its reasoning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CounterOffer {
    /// `below-median`, `median-to-p75` or `at-or-above-p75`.
    pub rule: &'static str,
    /// Base to counter at (None when the base is not countered).
    pub base: Option<f64>,
    /// Counter base − offer base.
    pub base_increase: Option<f64>,
    /// TC p75 − offer TC a year, when the base is not countered and the
    /// gap is positive.
    pub total_gap: Option<f64>,
    /// The gap as extra equity grant over the vesting period.
    pub equity_grant_ask: Option<f64>,
    /// The gap as a signing bonus (counted a quarter a year).
    pub signing_ask: Option<f64>,
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

fn position(v: f64, q: &Quartiles) -> Option<&'static str> {
    let (p25, p50, p75) = (q.p25?, q.p50?, q.p75?);
    Some(if v < p25 {
        "below p25"
    } else if v < p50 {
        "p25–p50"
    } else if v < p75 {
        "p50–p75"
    } else {
        "above p75"
    })
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
        Some(rank) => OfferPosition { value: v, percentile_rank: Some(rank), position: position(v, q), withheld: None },
        None => OfferPosition {
            value: v,
            percentile_rank: None,
            position: None,
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

fn counter_offer(offer: &Offer, cell: &CellSummary, base_rank: Option<u32>, floor: usize) -> Result<CounterOffer, String> {
    let b = &cell.base;
    let (Some(n), Some(p50), Some(p75)) = (b.n, b.p50, b.p75) else {
        return Err(format!("fewer than {floor} records of this cell report base salary: no counter-offer figure"));
    };
    let desc = cell.describe();
    let base = offer.base;
    let rank = base_rank.map_or(String::new(), |r| format!(", about the {} percentile", ordinal(r)));
    let median = format!("the median base of {} ({n} records{})", usd(p50), ci_text(b.p50_ci, b.p50_ci_coverage));
    let increase = |to: f64| format!("{} (+{}, {:+.1}%)", usd(to), usd(to - base), (to / base - 1.0) * 100.0);
    if base < p50 {
        return Ok(CounterOffer {
            rule: "below-median",
            base: Some(p50),
            base_increase: Some(p50 - base),
            total_gap: None,
            equity_grant_ask: None,
            signing_ask: None,
            reasoning: format!(
                "Your base of {}{rank} for {desc}, is below {median}. Rule: a base below the median is countered at the median: {}.",
                usd(base),
                increase(p50)
            ),
        });
    }
    if base < p75 {
        return Ok(CounterOffer {
            rule: "median-to-p75",
            base: Some(p75),
            base_increase: Some(p75 - base),
            total_gap: None,
            equity_grant_ask: None,
            signing_ask: None,
            reasoning: format!(
                "Your base of {}{rank} for {desc}, is at or above {median} and below the 75th percentile of {}{}. Rule: a base from the median up to the 75th percentile is countered at the 75th percentile: {}.",
                usd(base),
                usd(p75),
                ci_text(b.p75_ci, b.p75_ci_coverage),
                increase(p75)
            ),
        });
    }
    let head = format!(
        "Your base of {}{rank} for {desc}, is at or above the 75th percentile of {}{} ({n} records; {median}), so the base is not countered.",
        usd(base),
        usd(p75),
        ci_text(b.p75_ci, b.p75_ci_coverage)
    );
    let t = &cell.total;
    let tc = offer.total();
    let mut c = CounterOffer {
        rule: "at-or-above-p75",
        base: None,
        base_increase: None,
        total_gap: None,
        equity_grant_ask: None,
        signing_ask: None,
        reasoning: head,
    };
    match (t.n, t.p50, t.p75) {
        (Some(tn), Some(tp50), Some(tp75)) if tc < tp75 => {
            let gap = tp75 - tc;
            let vest = offer.vesting();
            c.total_gap = Some(gap);
            c.equity_grant_ask = Some(gap * vest);
            c.signing_ask = Some(gap * 4.0);
            c.reasoning = format!(
                "{} Your total compensation of {} is below the cell's 75th percentile TC of {}{} ({tn} records; median TC {}{}): ask to close the gap of {} a year on equity or signing, e.g. {} more equity over {vest} years or a {} signing bonus (counted as a quarter a year).",
                c.reasoning,
                usd(tc),
                usd(tp75),
                ci_text(t.p75_ci, t.p75_ci_coverage),
                usd(tp50),
                ci_text(t.p50_ci, t.p50_ci_coverage),
                usd(gap),
                usd(gap * vest),
                usd(gap * 4.0)
            );
        }
        (Some(tn), Some(_), Some(tp75)) => {
            c.reasoning = format!(
                "{} Your total compensation of {} is also at or above the cell's 75th percentile TC of {}{} ({tn} records): the data support no counter figure.",
                c.reasoning,
                usd(tc),
                usd(tp75),
                ci_text(t.p75_ci, t.p75_ci_coverage)
            );
        }
        _ => {
            c.reasoning = format!(
                "{} Fewer than {floor} records of this cell report total compensation, so no equity or signing figure can be suggested.",
                c.reasoning
            );
        }
    }
    Ok(c)
}

impl Engine {
    /// Evaluates an offer against its cell; see the module documentation
    /// for every definition and rule.
    pub fn evaluate_offer(&self, q: &CellQuery, offer: &Offer) -> OfferEvaluation {
        let floor = self.floor;
        let figures = OfferFigures {
            base: offer.base,
            bonus: offer.bonus,
            annual_equity: offer.annual_equity(),
            vest_years: offer.vesting(),
            signing: offer.signing,
            total: offer.total(),
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
                used = Some(d);
                break;
            }
            skipped.push(d.summary.describe());
        }
        let other_metros = self.offer_in_metros(q, offer.base);
        let Some(data) = used else {
            let reason = format!(
                "{} {} fewer than {floor} records: withheld by the privacy floor",
                skipped.join(", "),
                if skipped.len() == 1 { "has" } else { "each have" }
            );
            let withheld_pos =
                |v: f64| OfferPosition { value: v, percentile_rank: None, position: None, withheld: Some(floor_reason(floor)) };
            return OfferEvaluation {
                offer: figures,
                requested,
                benchmark: None,
                fallback: None,
                base: withheld_pos(figures.base),
                total: withheld_pos(figures.total),
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
        let base = position_of(figures.base, &data.base, &data.summary.base, floor, PayMeasure::Base);
        let total = position_of(figures.total, &data.total, &data.summary.total, floor, PayMeasure::Total);
        let (counter, counter_withheld) = match counter_offer(offer, &data.summary, base.percentile_rank, floor) {
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
            other_metros,
            counter,
            counter_withheld,
            floor,
            withheld: None,
        }
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

    fn sea() -> CellQuery {
        CellQuery::new("backend-engineer", Some(Level::Senior), Area::Metro(SEA.into()))
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
    fn offer_total_definition() {
        let o = Offer { base: 100_000.0, bonus: 10_000.0, equity_grant: 80_000.0, vest_years: 4.0, signing: 20_000.0 };
        assert_eq!(o.total(), 100_000.0 + 10_000.0 + 20_000.0 + 5_000.0);
        let d = Offer { vest_years: 0.0, ..o };
        assert_eq!(d.annual_equity(), 20_000.0);
        assert_eq!(Offer::default().vest_years, 4.0);
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(11), "11th");
        let got: Vec<String> = [1, 2, 3, 4, 12, 13, 21, 83, 99].iter().map(|&n| ordinal(n)).collect();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "12th", "13th", "21st", "83rd", "99th"]);
    }

    #[test]
    fn evaluation_and_counter_rule_below_median() {
        let e = engine();
        let ev = e.evaluate_offer(&sea(), &Offer::base(125_000.0));
        assert!(ev.withheld.is_none() && ev.fallback.is_none());
        let b = ev.benchmark.as_ref().unwrap();
        assert_eq!(b.n, Some(10));
        // Type 7: p25 = 122.5k, p50 = 145k, p75 = 167.5k.
        assert_eq!(b.base.p25, Some(122_500.0));
        assert_eq!(b.base.p50, Some(145_000.0));
        assert_eq!(b.base.p75, Some(167_500.0));
        assert!(b.base.p50_ci.is_some());
        assert_eq!(ev.base.percentile_rank, Some(30));
        assert_eq!(ev.base.position, Some("p25–p50"));
        // TC 125k among TCs 120k..228k: 1 below (120k) → 10%.
        assert_eq!(ev.total.percentile_rank, Some(10));
        assert_eq!(ev.total.position, Some("below p25"));
        let c = ev.counter.unwrap();
        assert_eq!(c.rule, "below-median");
        assert_eq!(c.base, Some(145_000.0));
        assert_eq!(c.base_increase, Some(20_000.0));
        assert!(c.reasoning.contains("$145,000") && c.reasoning.contains("10 records") && c.reasoning.contains("95% CI"));
        assert!(c.reasoning.contains("30th percentile"));
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
        let ev = e.evaluate_offer(&sea(), &Offer::base(150_000.0));
        assert!(ev.base.percentile_rank.is_some());
        assert_eq!(ev.total.percentile_rank, None);
        let why = ev.total.withheld.unwrap();
        assert!(why.contains("total compensation") && !why.contains("privacy floor"), "{why}");
    }

    #[test]
    fn counter_rule_middle_and_top() {
        let e = engine();
        let mid = e.evaluate_offer(&sea(), &Offer::base(150_000.0));
        assert_eq!(mid.base.percentile_rank, Some(55));
        assert_eq!(mid.base.position, Some("p50–p75"));
        let c = mid.counter.unwrap();
        assert_eq!((c.rule, c.base, c.base_increase), ("median-to-p75", Some(167_500.0), Some(17_500.0)));
        assert!(c.reasoning.contains("$167,500"));

        // Base 180k ≥ p75; TC 180k + 8k bonus + 2k annual equity = 190k,
        // below the TC p75 of 1.2·167.5k = 201k: gap 11k.
        let offer = Offer { base: 180_000.0, bonus: 8_000.0, equity_grant: 8_000.0, vest_years: 4.0, signing: 0.0 };
        let top = e.evaluate_offer(&sea(), &offer);
        assert_eq!(top.base.position, Some("above p75"));
        let c = top.counter.unwrap();
        assert_eq!(c.rule, "at-or-above-p75");
        assert_eq!(c.base, None);
        let gap = c.total_gap.unwrap();
        assert!((gap - 11_000.0).abs() < 1e-6, "{gap}");
        assert!((c.equity_grant_ask.unwrap() - 44_000.0).abs() < 1e-6);
        assert!((c.signing_ask.unwrap() - 44_000.0).abs() < 1e-6);
        assert!(c.reasoning.contains("$11,000"));

        let rich = e.evaluate_offer(&sea(), &Offer { base: 250_000.0, ..Offer::default() });
        let c = rich.counter.unwrap();
        assert_eq!((c.rule, c.total_gap), ("at-or-above-p75", None));
        assert!(c.reasoning.contains("no counter figure"));
        assert_eq!(rich.base.percentile_rank, Some(95));
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
