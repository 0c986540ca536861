//! Metro multipliers (docs/methodology.md) and the model-based cells built on
//! them: how much more or less a role pays in each US metro than
//! nationally, once the metro's mix of levels and years is allowed for.

use crate::benchmark::{floor_reason, Measure, PayMeasure};
use crate::breakdown::MedianFigure;
use crate::query::{Area, AreaInfo, CellQuery, RoleInfo};
use crate::snapshot::{OewsRef, NONE};
use crate::Engine;
use paygrid_domain::geo::Geo;
use paygrid_domain::Level;
use paygrid_stats::{mean, sample_variance, t975, Confidence, Design};
use serde::Serialize;
use std::collections::BTreeMap;

/// One metro's (or remote work's) pay effect against the national level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetroEffect {
    /// OEWS metro code, or `remote`.
    pub code: String,
    pub name: String,
    /// `metro` or `remote`.
    pub kind: &'static str,
    /// The metro's records of the role in the model.
    pub n: usize,
    /// Mean residual of ln(pay): the effect on the log scale.
    pub log_effect: f64,
    /// exp(log_effect) − 1: "+x% vs the role's US records in the data" as a
    /// fraction (the table's `baseline` says who those records are).
    pub effect: f64,
    /// 95% CI of `effect`.
    pub ci: [f64; 2],
    /// The effect re-based to the national market with OEWS (see
    /// [`MarketAnchor`]); None when the table has no anchor.
    pub effect_vs_market: Option<f64>,
    /// 95% CI of `effect_vs_market` (the anchor's shift taken as known).
    pub ci_vs_market: Option<[f64; 2]>,
    /// The metro's raw median of the measure (no adjustment), with its CI.
    pub median: MedianFigure,
    /// OEWS metro median / OEWS national median for the role's SOC code.
    pub oews_ratio: Option<f64>,
    /// Why the OEWS ratio is missing (top-coded, not released, no estimate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oews_note: Option<String>,
}

impl MetroEffect {
    /// The effect a reader is shown, with its CI: against the US market
    /// when the table is anchored (see [`MarketAnchor`]), else against the
    /// data's own US records.
    pub fn shown(&self) -> (f64, [f64; 2]) {
        match (self.effect_vs_market, self.ci_vs_market) {
            (Some(e), Some(ci)) => (e, ci),
            _ => (self.effect, self.ci),
        }
    }
}

impl MetroTable {
    /// Column heading for [`MetroEffect::shown`].
    pub fn baseline_label(&self) -> &'static str {
        if self.market_anchor.is_some() {
            "vs US market"
        } else {
            "vs US records here"
        }
    }

    /// What the shown effects are measured against, in one sentence.
    pub fn baseline_sentence(&self) -> String {
        let data = self.baseline.as_deref().unwrap_or("the role's US records in the data");
        match &self.market_anchor {
            Some(a) => format!(
                "Effects are against the US market: the model measures each metro against {data}, and those effects are shifted by {:+.1}% so that the {} metros with an OEWS median average (weighted by OEWS employment{}) what OEWS says they pay against the national median.",
                (-a.shift).exp_m1() * 100.0,
                a.metros,
                a.employment_share.map_or(String::new(), |s| format!(", {:.0}% of the occupation's US jobs", s * 100.0))
            ),
            None => format!("Effects are against {data}, not the US market (no OEWS medians to anchor them)."),
        }
    }
}

/// Metro multipliers for one role in the US.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetroTable {
    pub role: RoleInfo,
    /// Base salary when at least k US records of the role report one, else
    /// total compensation.
    pub measure: PayMeasure,
    /// US records of the role in the period and sources (all levels,
    /// outliers excluded).
    pub national_n: Option<usize>,
    /// Records in the national regression (those with the measure).
    pub model_n: Option<usize>,
    /// R² of the national level-and-year model.
    pub r_squared: Option<f64>,
    pub soc: Option<String>,
    /// OEWS national median for the SOC code, the ratio's denominator.
    pub oews_national_p50: Option<f64>,
    /// What `effect` is measured against, in words with its figures.
    pub baseline: Option<String>,
    /// How `effect_vs_market` is anchored to the national market.
    pub market_anchor: Option<MarketAnchor>,
    /// Metros (and remote) with at least [`MIN_EFFECT_N`] records (and k),
    /// largest effect first.
    pub metros: Vec<MetroEffect>,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// Fewest records a metro effect rests on. An effect is a mean of
/// residuals: from 5 records it describes one publication class (often one
/// level in one year) rather than the metro, so it needs two classes' worth.
pub const MIN_EFFECT_N: usize = 10;

/// Re-basing of the metro effects onto the national market.
///
/// The data's own US records are not the US market (most come from a few
/// hubs), so `effect` is relative to them. OEWS publishes each metro's
/// median against the national median for the role's SOC code. Over the
/// metros that have both an effect and an OEWS median and employment,
/// `shift` is the employment-weighted mean of ln(1 + effect) − ln(OEWS
/// ratio); `effect_vs_market` = exp(ln(1 + effect) − shift) − 1, so those
/// metros' effects average (weighted by OEWS employment) to what OEWS
/// says they pay against the nation, while the data keep their own
/// differences between metros.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketAnchor {
    /// Metros used for the anchor.
    pub metros: usize,
    /// Their share of the SOC code's national OEWS employment.
    pub employment_share: Option<f64>,
    /// The log-scale shift subtracted from every effect.
    pub shift: f64,
}

/// A role x level x metro cell estimated from national figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelledCell {
    /// Always `modelled`.
    pub label: &'static str,
    pub role: RoleInfo,
    pub level: Option<&'static str>,
    pub location: AreaInfo,
    pub measure: PayMeasure,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub mean: f64,
    /// Approximate interval for p50: the ends of the national median's 95% CI
    /// times the ends of the multiplier's 95% CI (joint coverage at least 90%
    /// by Bonferroni).
    pub p50_interval: Option<[f64; 2]>,
    /// The national cell's label, capped at `low`.
    #[serde(serialize_with = "crate::ser_confidence")]
    pub confidence: Confidence,
    /// Records in the national role x level cell with the measure.
    pub national_n: usize,
    /// Records of the role in the metro (all levels) behind the multiplier.
    pub metro_n: usize,
    /// The metro multiplier used, as a fraction (+0.3 = +30%), and its CI.
    pub multiplier: f64,
    pub multiplier_ci: [f64; 2],
    /// How the figures were made, with both inputs' n.
    pub explanation: String,
}

/// The OEWS annual median and, when it is missing, why (from the BLS
/// footnote of `a_median`: 5 = top-coded, 8 = not released).
fn oews_median(o: Option<&OewsRef>, area: &str) -> Result<f64, String> {
    let Some(o) = o else {
        return Err(format!("no OEWS estimate for {area}"));
    };
    if let Some(v) = o.p50.filter(|v| *v > 0.0) {
        return Ok(v);
    }
    let code = o.footnotes.as_deref().and_then(|f| {
        f.split(';').find_map(|kv| kv.split_once('=').filter(|(k, _)| k.trim() == "a_median").map(|(_, c)| c.trim().to_string()))
    });
    Err(match code.as_deref() {
        Some("5") => format!("OEWS median top-coded for {area} (at or above the BLS ceiling): no ratio"),
        Some("8") => format!("OEWS median not released for {area}"),
        _ => format!("OEWS median suppressed for {area}"),
    })
}

impl Engine {
    /// The metro effects of a role in the US (q.role with its
    /// specializations; q.level and q.area are ignored, q's period and
    /// sources apply).
    ///
    /// Definition: over the role's US records (outliers excluded) with the
    /// measure — base salary when at least k report it, else TC — fit by OLS
    /// the national model ln(pay) = intercept + level dummies + year
    /// indicators. Records without a level get a level dummy of their own.
    /// Records whose year is unknown (the privacy rule hid it) get, instead of
    /// a dummy of their own, the year indicators' averages over the records
    /// with a known year: a dummy of their own would be a free parameter that
    /// absorbs whatever those records share (they come from thin places),
    /// shrinking the effect of every such place toward zero. A metro's effect
    /// is the mean residual r̄ of its records
    /// (records whose metro is that code, remote or not, as in a metro cell);
    /// remote US records form a row named Remote. "+x% vs national" is
    /// exp(r̄) − 1, with 95% CI exp(r̄ ± t₀.₉₇₅(n − 1)·s/√n) − 1, s the
    /// residuals' sample sd; metros with fewer than [`MIN_EFFECT_N`] records
    /// (or k) are not shown. The effects are relative to the role's US
    /// records in the data; see [`MarketAnchor`] for the re-based figure.
    ///
    /// Why this form: it is the same as regressing the national model's
    /// residuals on metro indicators, i.e. a regression with metro effects
    /// measured against the national level-and-year-adjusted mean rather than
    /// against an arbitrary reference metro, so every metro reads as "vs
    /// national". The level and year coefficients are held at their national
    /// values; a joint fit would differ only by what those coefficients
    /// absorb of metros whose level mix is unusual. The CI treats the
    /// national fit as known (its error is small next to a metro's own), and
    /// the log scale makes the effect multiplicative, so it applies to any
    /// percentile.
    pub fn metro_multipliers(&self, q: &CellQuery) -> MetroTable {
        // Level and location do not enter the table: every page of a role shares one fit.
        self.metro_cache.get_or_compute(crate::role_key(q), || self.compute_metro_multipliers(q))
    }

    fn compute_metro_multipliers(&self, q: &CellQuery) -> MetroTable {
        let s = &self.snapshot;
        let floor = self.floor;
        let role = RoleInfo::of(&q.role);
        let soc = role.soc.clone();
        let oews_national = soc.as_deref().map(|c| oews_median(s.oews("US", c), "the United States"));
        let national = q.with_area(Area::Country("US".to_string()));
        let rows = s.cell_with(&s.filter(&national), true, false).rows;
        let base_n = rows.iter().filter(|&&r| !s.base[r as usize].is_nan()).count();
        let measure = if base_n >= floor { PayMeasure::Base } else { PayMeasure::Total };
        let mut table = MetroTable {
            role,
            measure,
            national_n: None,
            model_n: None,
            r_squared: None,
            soc,
            oews_national_p50: oews_national.as_ref().and_then(|r| r.as_ref().ok().copied()),
            baseline: None,
            market_anchor: None,
            metros: Vec::new(),
            floor,
            withheld: Some(floor_reason(floor)),
        };
        if rows.len() < floor {
            return table;
        }
        table.national_n = Some(rows.len());
        let obs: Vec<(u32, f64)> = rows
            .iter()
            .map(|&r| (r, s.pay(measure, r)))
            .filter(|(_, v)| v.is_finite() && *v > 0.0)
            .map(|(r, v)| (r, v.ln()))
            .collect();
        if obs.len() < floor {
            return table;
        }
        // Dense codes for the levels present (unknown is a code too); one
        // indicator per known year after the first, averaged for unknown years.
        let mut level_codes: BTreeMap<u8, usize> = BTreeMap::new();
        let mut year_counts: BTreeMap<i16, usize> = BTreeMap::new();
        for &(r, _) in &obs {
            level_codes.insert(s.level[r as usize], 0);
            let y = s.year[r as usize];
            if y != 0 {
                *year_counts.entry(y).or_default() += 1;
            }
        }
        for (i, v) in level_codes.values_mut().enumerate() {
            *v = i;
        }
        let known: usize = year_counts.values().sum();
        let years: Vec<(i16, f64)> = year_counts.iter().skip(1).map(|(&y, &c)| (y, c as f64 / known.max(1) as f64)).collect();
        let year_row = |r: u32| -> Vec<f64> {
            let y = s.year[r as usize];
            years.iter().map(|&(year, share)| if y == 0 { share } else { f64::from(u8::from(y == year)) }).collect()
        };
        let design = Design::new(years.len(), &[level_codes.len()]);
        let mut acc = design.accumulator();
        for &(r, y) in &obs {
            design.push(&mut acc, &year_row(r), &[level_codes[&s.level[r as usize]]], y);
        }
        let fit = match acc.fit() {
            Ok(f) => f,
            Err(e) => {
                table.withheld = Some(format!("national model could not be fitted: {e}"));
                return table;
            }
        };
        // Aliased columns were fitted as absent, so they predict 0.
        let coef = |i: usize| if fit.coefs[i].aliased { 0.0 } else { fit.coefs[i].estimate };
        let predict = |r: u32| {
            let mut y = coef(0);
            for (i, x) in year_row(r).into_iter().enumerate() {
                y += x * coef(design.numeric_coef(i));
            }
            if let Some(i) = design.factor_coef(0, level_codes[&s.level[r as usize]]) {
                y += coef(i);
            }
            y
        };
        table.model_n = Some(fit.n);
        table.r_squared = fit.r_squared.is_finite().then_some(fit.r_squared);
        table.withheld = None;

        let mut groups: BTreeMap<u32, Vec<(u32, f64)>> = BTreeMap::new();
        let mut remote: Vec<(u32, f64)> = Vec::new();
        for &(r, y) in &obs {
            let resid = y - predict(r);
            let m = s.metro[r as usize];
            if m != NONE {
                groups.entry(m).or_default().push((r, resid));
            }
            if s.remote[r as usize] {
                remote.push((r, resid));
            }
        }
        let geo = Geo::embedded();
        let effect = |code: String, name: String, kind: &'static str, g: &[(u32, f64)]| -> Option<MetroEffect> {
            let n = g.len();
            if n < floor.max(MIN_EFFECT_N) {
                return None;
            }
            let resid: Vec<f64> = g.iter().map(|(_, e)| *e).collect();
            let m = mean(&resid);
            let half = t975(n - 1) * sample_variance(&resid, m).sqrt() / (n as f64).sqrt();
            let rows: Vec<u32> = g.iter().map(|(r, _)| *r).collect();
            let (oews_ratio, oews_note) = match (kind, table.soc.as_deref(), &oews_national) {
                ("metro", Some(soc), Some(nat)) => match (oews_median(s.oews(&code, soc), &name).as_ref(), nat.as_ref()) {
                    (Ok(a), Ok(b)) => (Some(a / b), None),
                    (Err(e), _) | (Ok(_), Err(e)) => (None, Some(e.clone())),
                },
                ("metro", None, _) => (None, Some("role has no SOC code".to_string())),
                _ => (None, None),
            };
            Some(MetroEffect {
                code,
                name,
                kind,
                n,
                log_effect: m,
                effect: m.exp_m1(),
                ci: [(m - half).exp_m1(), (m + half).exp_m1()],
                effect_vs_market: None,
                ci_vs_market: None,
                median: MedianFigure::from_sorted(&s.sorted_values(measure, &rows), floor),
                oews_ratio,
                oews_note,
            })
        };
        let mut out: Vec<MetroEffect> = groups
            .iter()
            .filter_map(|(&m, g)| {
                let code = s.metros.name(m).to_string();
                let name = geo.area_name(&code).unwrap_or(&code).to_string();
                effect(code, name, "metro", g)
            })
            .collect();
        out.extend(effect("remote".to_string(), "Remote".to_string(), "remote", &remote));
        out.sort_by(|a, b| b.log_effect.total_cmp(&a.log_effect).then_with(|| a.code.cmp(&b.code)));
        table.baseline = Some(baseline_text(&table.role.name, &out, obs.len()));
        table.market_anchor = self.anchor(&mut out, table.soc.as_deref());
        table.metros = out;
        table
    }

    /// Re-bases `effects` on the national market (see [`MarketAnchor`]).
    fn anchor(&self, effects: &mut [MetroEffect], soc: Option<&str>) -> Option<MarketAnchor> {
        let s = &self.snapshot;
        let soc = soc?;
        let (mut weight, mut sum, mut metros) = (0.0, 0.0, 0);
        for e in effects.iter().filter(|e| e.kind == "metro") {
            let (Some(ratio), Some(emp)) = (e.oews_ratio, s.oews(&e.code, soc).and_then(|o| o.employment)) else {
                continue;
            };
            if ratio > 0.0 && emp > 0.0 {
                weight += emp;
                sum += emp * (e.log_effect - ratio.ln());
                metros += 1;
            }
        }
        if metros == 0 {
            return None;
        }
        let shift = sum / weight;
        for e in effects.iter_mut() {
            let (lo, hi) = ((1.0 + e.ci[0]).ln(), (1.0 + e.ci[1]).ln());
            e.effect_vs_market = Some((e.log_effect - shift).exp_m1());
            e.ci_vs_market = Some([(lo - shift).exp_m1(), (hi - shift).exp_m1()]);
        }
        let national = s.oews("US", soc).and_then(|o| o.employment).filter(|&n| n > 0.0);
        Some(MarketAnchor { metros, employment_share: national.map(|n| weight / n), shift })
    }

    /// A role x level x metro cell under the floor, estimated as the national
    /// role x level distribution times the metro's multiplier (docs/methodology.md
    /// "model-based cells").
    ///
    /// Definition: p25/p50/p75/mean of the US role x level cell (same period
    /// and sources, the multiplier table's measure) times (1 + the metro's
    /// effect from [`Engine::metro_multipliers`], fitted on all levels).
    /// Scaling every point by one factor follows from the model being
    /// additive in ln(pay). Labelled `modelled`, confidence at most `low`
    /// (the multiplier assumes the metro's premium is the same at every
    /// level), with both inputs' n.
    ///
    /// None when the area is not a metro, when the cell itself has at least
    /// k records (publish it instead), or when either input is under the
    /// floor: the national cell, or the metro's records of the role.
    pub fn modelled_cell(&self, q: &CellQuery) -> Option<ModelledCell> {
        let Area::Metro(code) = &q.area else {
            return None;
        };
        let s = &self.snapshot;
        let floor = self.floor;
        if s.cell(q).rows.len() >= floor {
            return None;
        }
        let table = self.metro_multipliers(q);
        let metro = table.metros.iter().find(|m| m.kind == "metro" && &m.code == code)?;
        let national_q = q.with_area(Area::Country("US".to_string()));
        let rows = s.cell(&national_q).rows;
        let national = Measure::from_sorted(&s.sorted_values(table.measure, &rows), floor);
        let national_n = national.n?;
        let f = 1.0 + metro.effect;
        let location = q.area.info();
        let level_text = q.level.map_or(String::new(), |l| format!("{} ", l.name()));
        let explanation = format!(
            "modelled: fewer than {floor} {level_text}{} records in {}, so the national {level_text}{} distribution \
             ({national_n} US records) is scaled by the {} multiplier of {:+.1}% (95% CI {:+.1}% to {:+.1}%; {} records of the \
             role there, all levels, adjusted for level and year)",
            table.role.name,
            location.name,
            table.measure.name(),
            location.name,
            metro.effect * 100.0,
            metro.ci[0] * 100.0,
            metro.ci[1] * 100.0,
            metro.n
        );
        Some(ModelledCell {
            label: "modelled",
            role: table.role.clone(),
            level: q.level.map(Level::slug),
            location,
            measure: table.measure,
            p25: national.p25? * f,
            p50: national.p50? * f,
            p75: national.p75? * f,
            mean: national.mean? * f,
            p50_interval: national.ci.p50.map(|[lo, hi]| [lo * (1.0 + metro.ci[0]), hi * (1.0 + metro.ci[1])]),
            confidence: national.confidence.at_most(Confidence::Low),
            national_n,
            metro_n: metro.n,
            multiplier: metro.effect,
            multiplier_ci: metro.ci,
            explanation,
        })
    }
}

/// Who the table's baseline records are: "the 7,987 US Backend Engineer
/// records in the model (72% of them in Seattle, San Jose and San
/// Francisco)", naming the three metros with the most records shown.
fn baseline_text(role: &str, effects: &[MetroEffect], n: usize) -> String {
    let mut top: Vec<&MetroEffect> = effects.iter().filter(|e| e.kind == "metro").collect();
    top.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.code.cmp(&b.code)));
    top.truncate(3);
    let in_top: usize = top.iter().map(|e| e.n).sum();
    let names: Vec<String> = top.iter().map(|e| e.name.split([',', '-']).next().unwrap_or(&e.name).trim().to_string()).collect();
    let share = if n == 0 { 0.0 } else { 100.0 * in_top as f64 / n as f64 };
    let places = match names.len() {
        0 => String::new(),
        1 => format!(" ({share:.0}% of them in {})", names[0]),
        _ => format!(" ({share:.0}% of them in {} and {})", names[..names.len() - 1].join(", "), names[names.len() - 1]),
    };
    format!("the {} US {role} records in the model{places}", crate::text::thousands(n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breakdown::tests::{engine, record, us};
    use crate::snapshot::SnapshotBuilder;
    use paygrid_domain::Record;

    /// 64-bit LCG (Knuth's MMIX constants) with Box–Muller normals: a fixed,
    /// dependency-free stream for simulated data.
    struct Lcg(u64);

    impl Lcg {
        fn uniform(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }

        fn normal(&mut self) -> f64 {
            let (u, v) = (self.uniform(), self.uniform());
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        }
    }

    const SEATTLE: &str = "42660";
    const ATLANTA: &str = "12060";

    /// Lognormal pay with level and year effects; Seattle +30%, Atlanta
    /// −1/1.3 on the log scale with equal counts, so the national average of
    /// metro effects is 0 and Seattle's true effect vs national is +30%.
    fn simulated() -> Vec<Record> {
        let mut rng = Lcg(20_240_601);
        let levels = [(Level::Entry, 0.0), (Level::Mid, 0.25), (Level::Senior, 0.55)];
        let years = [(2023, 0.0), (2024, 0.04)];
        let mut out = Vec::new();
        for i in 0..1200 {
            let (level, le) = levels[i % 3];
            let (year, ye) = years[(i / 3) % 2];
            let (metro, me) = match i % 10 {
                0 => (Some(SEATTLE), 1.3f64.ln()),
                5 => (Some(ATLANTA), -(1.3f64.ln())),
                _ => (None, 0.0),
            };
            let pay = (11.5 + le + ye + me + 0.25 * rng.normal()).exp();
            let mut r = record("software-engineer", Some(level), (pay * 100.0).round() / 100.0);
            r.year = Some(year);
            r.metro = metro.map(str::to_string);
            out.push(r);
        }
        out
    }

    fn oews(area: &str, name: &str, p50: Option<f64>, footnotes: Option<&str>) -> OewsRef {
        OewsRef {
            year: Some(2024),
            area_code: area.to_string(),
            area_name: name.to_string(),
            occ_code: "15-1252".to_string(),
            occ_title: "Software Developers".to_string(),
            employment: None,
            mean: None,
            p10: None,
            p25: None,
            p50,
            p75: None,
            p90: None,
            footnotes: footnotes.map(str::to_string),
        }
    }

    fn simulated_engine() -> Engine {
        let mut b = SnapshotBuilder::new();
        for mut r in simulated() {
            if r.metro.is_none() && works_remotely(&r) {
                r.remote = true;
            }
            b.push("sim.csv", &r);
        }
        b.push_oews("N", oews("99", "U.S.", Some(130_000.0), None));
        b.push_oews("M", oews(SEATTLE, "Seattle-Tacoma-Bellevue, WA", Some(169_000.0), None));
        b.push_oews("M", oews(ATLANTA, "Atlanta, GA", None, Some("a_mean=5;a_median=5;a_pct90=5")));
        Engine::new(b.build(), 5)
    }

    fn works_remotely(r: &Record) -> bool {
        // A deterministic ~1/10 of the non-metro records work remotely.
        (r.base.unwrap() as u64).is_multiple_of(10)
    }

    #[test]
    fn recovers_a_known_thirty_percent_effect() {
        let e = simulated_engine();
        let t = e.metro_multipliers(&us("software-engineer", Some(Level::Senior)));
        assert!(t.withheld.is_none());
        assert_eq!(t.measure, PayMeasure::Base);
        assert_eq!(t.national_n, Some(1200));
        assert_eq!(t.model_n, Some(1200));
        // Level and year explain ~0.051 of a total log variance ~0.128
        // (metros 0.014, noise 0.0625).
        let r2 = t.r_squared.unwrap();
        assert!((0.3..0.55).contains(&r2), "R² {r2}");
        let sea = &t.metros[0];
        assert_eq!(sea.code, SEATTLE, "largest effect first");
        assert_eq!(sea.n, 120);
        assert!(sea.ci[0] < 0.3 && 0.3 < sea.ci[1], "CI {:?} must cover +30%", sea.ci);
        assert!((sea.effect - 0.3).abs() < 0.05, "effect {}", sea.effect);
        let atl = t.metros.iter().find(|m| m.code == ATLANTA).unwrap();
        let truth = 1.0 / 1.3 - 1.0;
        assert!(atl.ci[0] < truth && truth < atl.ci[1]);
        assert_eq!(t.metros.last().unwrap().code, ATLANTA, "smallest effect last");
        let remote = t.metros.iter().find(|m| m.kind == "remote").unwrap();
        assert_eq!(remote.name, "Remote");
        assert!(remote.ci[0] < 0.0 && 0.0 < remote.ci[1], "remote has no true effect: {:?}", remote.ci);
        assert!(remote.oews_ratio.is_none() && remote.oews_note.is_none());
        // OEWS ratio from the pushed rows, and the top-coding note.
        assert!((sea.oews_ratio.unwrap() - 1.3).abs() < 1e-12);
        assert_eq!(t.oews_national_p50, Some(130_000.0));
        assert!(atl.oews_ratio.is_none());
        assert!(atl.oews_note.as_deref().unwrap().contains("top-coded"));
        // Raw median is published with its CI.
        assert!(sea.median.p50.is_some() && sea.median.ci.is_some());
    }

    #[test]
    fn level_controls_remove_a_level_mix_difference() {
        // Seattle pays the same as elsewhere level for level but has only
        // seniors: its raw median is far above national, its effect ~0.
        let mut rs = Vec::new();
        let mut rng = Lcg(7);
        for i in 0..600 {
            let senior = i % 2 == 0;
            let pay = (11.5 + if senior { 0.5 } else { 0.0 } + 0.1 * rng.normal()).exp();
            let mut r = record("software-engineer", Some(if senior { Level::Senior } else { Level::Entry }), pay.round());
            if senior && i % 10 == 0 {
                r.metro = Some(SEATTLE.to_string());
            }
            rs.push(r);
        }
        let e = engine(&rs);
        let t = e.metro_multipliers(&us("software-engineer", None));
        let sea = &t.metros[0];
        assert_eq!(sea.n, 60);
        assert!(sea.ci[0] < 0.0 && 0.0 < sea.ci[1], "{:?}", sea.ci);
        assert!(sea.median.p50.unwrap() > 1.4 * 11.5f64.exp());
        assert!(sea.oews_ratio.is_none() && sea.oews_note.as_deref().unwrap().contains("no OEWS estimate for Seattle"));
    }

    #[test]
    fn modelled_cell_is_low_and_needs_both_inputs() {
        let mut rs = simulated();
        // A principal cell: 40 national records, 3 in Seattle. Those 3 are
        // a privacy class under the floor: they give up their metro and
        // count only as US records (Seattle keeps its other 120).
        let mut rng = Lcg(99);
        for i in 0..40 {
            let me = if i < 3 { 1.3f64.ln() } else { 0.0 };
            let mut r = record("software-engineer", Some(Level::Principal), (12.3 + me + 0.05 * rng.normal()).exp().round());
            if i < 3 {
                r.metro = Some(SEATTLE.to_string());
            }
            rs.push(r);
        }
        let e = engine(&rs);
        let q = CellQuery::new("software-engineer", Some(Level::Principal), Area::Metro(SEATTLE.to_string()));
        assert!(e.benchmark(&q).n.is_none(), "the real cell is under the floor");
        let m = e.modelled_cell(&q).expect("modelled");
        assert_eq!(m.label, "modelled");
        assert!(m.confidence <= Confidence::Low && m.confidence != Confidence::Suppressed);
        assert_eq!(m.national_n, 40);
        assert_eq!(m.metro_n, 120);
        let national = e.benchmark(&q.with_area(Area::Country("US".to_string())));
        assert!((m.p50 - national.base.p50.unwrap() * (1.0 + m.multiplier)).abs() < 1e-6);
        assert!(m.p25 < m.p50 && m.p50 < m.p75);
        let [lo, hi] = m.p50_interval.unwrap();
        assert!(lo < m.p50 && m.p50 < hi);
        assert!(m.explanation.contains("40 US records") && m.explanation.contains("120 records"));
        assert!(!m.explanation.contains(" 3 "), "the metro cell's own count is not told");

        // A publishable cell is not modelled; a metro without k records of
        // the role gives no multiplier; a national cell under the floor
        // gives nothing.
        let senior = q.with_level(Some(Level::Senior));
        assert!(e.modelled_cell(&senior).is_none());
        let boston = q.with_area(Area::Metro("14460".to_string()));
        assert!(e.modelled_cell(&boston).is_none());
        let exec = q.with_level(Some(Level::Executive));
        assert!(e.modelled_cell(&exec).is_none());
        assert!(e.modelled_cell(&q.with_area(Area::Country("US".to_string()))).is_none());
    }

    #[test]
    fn four_records_publish_nothing() {
        let mut rs = Vec::new();
        for i in 0..4 {
            let mut r = record("software-engineer", Some(Level::Senior), 150_000.0 + 1000.0 * f64::from(i));
            r.metro = Some(SEATTLE.to_string());
            rs.push(r);
        }
        let e = engine(&rs);
        let t = e.metro_multipliers(&us("software-engineer", None));
        assert!(t.withheld.is_some() && t.metros.is_empty());
        assert!(t.national_n.is_none() && t.model_n.is_none() && t.r_squared.is_none());
        let q = CellQuery::new("software-engineer", Some(Level::Senior), Area::Metro(SEATTLE.to_string()));
        assert!(e.modelled_cell(&q).is_none());

        // Enough nationally, but a metro with 4 records gets no row.
        let mut rs2 = rs.clone();
        for i in 0..20 {
            rs2.push(record("software-engineer", Some(Level::Senior), 140_000.0 + 500.0 * f64::from(i)));
        }
        let e2 = engine(&rs2);
        let t2 = e2.metro_multipliers(&us("software-engineer", None));
        assert!(t2.withheld.is_none() && t2.metros.is_empty());
        assert!(e2.modelled_cell(&q).is_none());
    }
}
