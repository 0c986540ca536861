//! Attacks that try to isolate one person through the engine's public
//! results, and the publication-class rule that defeats them (see
//! `src/privacy.rs` and docs/methodology.md, "Privacy").
//!
//! Each attack is written the way an outsider would run it: ask for
//! published figures, subtract, compare. Counts and means are enough to
//! difference: n·mean is a sum, so two cells whose published record sets
//! differ by one record reveal that record's pay.

use crate::offer::Offer;
use crate::{Area, CellQuery, Engine, SnapshotBuilder};
use paygrid_domain::money::PayPeriod;
use paygrid_domain::{Level, Record, RoleId, SourceKind};
use paygrid_stats::rng::Rng;
use std::collections::HashMap;

const K: usize = 5;
const SEATTLE: &str = "42660";
const SF: &str = "41860";
const NYC: &str = "35620";

fn record(role: &str, level: Option<Level>, metro: Option<&str>, year: i32, base: f64, bonus: f64) -> Record {
    let state = match metro {
        Some(SEATTLE) => Some("WA"),
        Some(SF) => Some("CA"),
        Some(NYC) => Some("NY"),
        _ => None,
    };
    Record {
        source: SourceKind::Generic,
        external_id: None,
        date: None,
        year: Some(year),
        raw_title: role.to_string(),
        raw_level: None,
        raw_specialization: None,
        role: RoleId::parse(role).expect("valid role slug"),
        role_known: true,
        level,
        years_experience: None,
        years_at_company: None,
        company: None,
        company_size: None,
        industry: None,
        raw_location: None,
        country: Some("US".to_string()),
        us_state: state.map(str::to_string),
        metro: metro.map(str::to_string),
        remote: false,
        location_unresolved: false,
        base: Some(base),
        base_range: None,
        bonus,
        equity: 0.0,
        signing: 0.0,
        total: base + bonus,
        currency: "USD".to_string(),
        pay_period: PayPeriod::Year,
        skills: Vec::new(),
        employment_type: None,
    }
}

fn engine(records: &[(&str, Record)]) -> Engine {
    let mut b = SnapshotBuilder::new();
    for (dataset, r) in records {
        b.push(dataset, r);
    }
    Engine::new(b.build(), K)
}

fn seattle(level: Option<Level>) -> CellQuery {
    CellQuery::new("backend-engineer", level, Area::Metro(SEATTLE.to_string()))
}

/// The sum of base pay a published cell stands for (n · mean), if published.
fn base_sum(e: &Engine, q: &CellQuery) -> Option<(usize, f64)> {
    let b = e.benchmark(q);
    Some((b.base.n?, b.base.n? as f64 * b.base.mean?))
}

/// 100 senior backend engineers in Seattle, and one mid-level one whose
/// pay the attacker wants: $333,333.
const TARGET_PAY: f64 = 333_333.0;

fn seniors_and_one_target() -> Vec<(&'static str, Record)> {
    let mut rs: Vec<(&str, Record)> = (0..100)
        .map(|i| {
            (
                "survey",
                record("backend-engineer", Some(Level::Senior), Some(SEATTLE), 2024, 150_000.0 + 500.0 * f64::from(i), 0.0),
            )
        })
        .collect();
    rs.push(("survey", record("backend-engineer", Some(Level::Mid), Some(SEATTLE), 2024, TARGET_PAY, 0.0)));
    rs
}

#[test]
fn differencing_two_overlapping_cells_reveals_no_one() {
    let e = engine(&seniors_and_one_target());
    // The attack: all levels minus senior. Without publication classes the
    // first cell has n = 101, the second 100, and the difference of the
    // sums is the target's pay to the cent.
    let (n_all, sum_all) = base_sum(&e, &seattle(None)).expect("all levels published");
    let (n_senior, sum_senior) = base_sum(&e, &seattle(Some(Level::Senior))).expect("senior published");
    let gap = n_all - n_senior;
    assert!(gap == 0 || gap >= K, "the two cells differ by {gap} records");
    assert_eq!(gap, 0, "the lone mid-level record is not in the Seattle figures");
    assert!((sum_all - sum_senior).abs() < 1e-3 * sum_all);
    // Nor in any other location's figures where it could be singled out:
    // its class (mid, Seattle) gave up every detail and, alone at the top
    // of its role, it is in no figure at all.
    for area in [Area::Country("US".into()), Area::UsState("WA".into()), Area::World] {
        let q = CellQuery::new("backend-engineer", None, area.clone());
        let (n, _) = base_sum(&e, &q).expect("published");
        assert_eq!(n, 100, "{area:?}");
        assert!(e.benchmark(&q.with_level(Some(Level::Mid))).base.mean.is_none());
    }
    assert_eq!(e.privacy().left_out, 1);
}

#[test]
fn a_thin_group_joins_others_instead_of_standing_alone() {
    // With four more mid-level engineers elsewhere in the US, the target's
    // class can give up its metro and state and publish as one of five US
    // mid-level records: findable only as "one of five".
    let mut rs = seniors_and_one_target();
    for i in 0..4 {
        rs.push(("survey", record("backend-engineer", Some(Level::Mid), None, 2024, 120_000.0 + 1000.0 * f64::from(i), 0.0)));
    }
    let e = engine(&rs);
    assert_eq!(base_sum(&e, &seattle(None)).unwrap().0, 100, "not in Seattle");
    let us_mid = CellQuery::new("backend-engineer", Some(Level::Mid), Area::Country("US".into()));
    let (n, sum) = base_sum(&e, &us_mid).expect("US mid published");
    assert_eq!(n, 5);
    assert!((sum - (TARGET_PAY + 120_000.0 + 121_000.0 + 122_000.0 + 123_000.0)).abs() < 1e-3);
    // Every cell that contains the target contains the four others too.
    let us_all = CellQuery::new("backend-engineer", None, Area::Country("US".into()));
    let us_senior = us_all.with_level(Some(Level::Senior));
    assert_eq!(base_sum(&e, &us_all).unwrap().0 - base_sum(&e, &us_senior).unwrap().0, 5);
    assert_eq!(e.privacy().left_out, 0);
}

#[test]
fn tc_needs_its_own_k_values() {
    // A Seattle class of 7 records where only 2 report pay beyond base (5
    // come from a base-only source), next to 10 SF records with TC. The
    // attack: US senior TC minus SF senior TC = the two Seattle records.
    let mut rs: Vec<(&str, Record)> = Vec::new();
    for i in 0..5 {
        let mut r = record("data-engineer", Some(Level::Senior), Some(SEATTLE), 2024, 140_000.0 + 1000.0 * f64::from(i), 0.0);
        r.source = SourceKind::Aijobs;
        rs.push(("mixed", r));
    }
    for i in 0..2 {
        rs.push(("mixed", record("data-engineer", Some(Level::Senior), Some(SEATTLE), 2024, 150_000.0 + f64::from(i), 60_000.0)));
    }
    for i in 0..10 {
        rs.push((
            "mixed",
            record("data-engineer", Some(Level::Senior), Some(SF), 2024, 160_000.0 + 1000.0 * f64::from(i), 20_000.0),
        ));
    }
    let e = engine(&rs);
    let q = |area: Area, level: Option<Level>| e.benchmark(&CellQuery::new("data-engineer", level, area)).total.n.unwrap_or(0);
    let sf = q(Area::Metro(SF.into()), Some(Level::Senior));
    assert_eq!(sf, 10);
    for area in [Area::UsState("CA".into()), Area::Country("US".into()), Area::World] {
        for level in [None, Some(Level::Senior)] {
            let gap = q(area.clone(), level) - sf;
            assert!(gap == 0 || gap >= K, "{area:?} {level:?}: TC of {gap} records by difference");
        }
    }
    // Base figures still use the Seattle class: all 7 have a base.
    let seattle_base = e.benchmark(&CellQuery::new("data-engineer", Some(Level::Senior), Area::Metro(SEATTLE.into()))).base.n;
    assert!(seattle_base.is_none_or(|n| n >= K));
}

/// Every cell an attacker can ask for in the generated data: role (family
/// and specializations), level or all, world/country/state/metro, every
/// period, every source or all.
fn all_queries(years: &[i32], datasets: &[&str]) -> Vec<CellQuery> {
    let roles = ["software-engineer", "backend-engineer", "frontend-engineer", "data-scientist"];
    let levels = [None, Some(Level::Entry), Some(Level::Mid), Some(Level::Senior), Some(Level::Staff)];
    let areas = [
        Area::World,
        Area::Country("US".into()),
        Area::UsState("WA".into()),
        Area::UsState("CA".into()),
        Area::UsState("NY".into()),
        Area::Metro(SEATTLE.into()),
        Area::Metro(SF.into()),
        Area::Metro(NYC.into()),
    ];
    let mut periods = vec![(None, None)];
    for (i, &a) in years.iter().enumerate() {
        for &b in &years[i..] {
            periods.push((Some(a), Some(b)));
        }
    }
    let mut sources: Vec<Vec<String>> = vec![Vec::new()];
    sources.extend(datasets.iter().map(|d| vec![d.to_string()]));
    let mut out = Vec::new();
    for role in roles {
        for level in levels {
            for area in &areas {
                for &(since, until) in &periods {
                    for src in &sources {
                        let mut q = CellQuery::new(role, level, area.clone());
                        q.since = since;
                        q.until = until;
                        q.sources = src.clone();
                        out.push(q);
                    }
                }
            }
        }
    }
    out
}

/// A messy market: three roles, four levels, three metros plus records
/// with only a state or only a country, three years, two sources, with
/// group sizes from 1 to dozens.
fn market(seed: u64) -> Vec<(&'static str, Record)> {
    let mut rng = Rng::new(seed);
    let roles = ["backend-engineer", "frontend-engineer", "data-scientist", "software-engineer"];
    let levels = [Level::Entry, Level::Mid, Level::Senior, Level::Staff];
    let metros = [Some(SEATTLE), Some(SF), Some(NYC), None];
    let mut out = Vec::new();
    for _ in 0..1500 {
        // Skewed choices, so some combinations are common and many are rare.
        let skew = |rng: &mut Rng, n: u32| ((rng.uniform().powi(2)) * f64::from(n)) as usize;
        let role = roles[skew(&mut rng, 4)];
        let level = levels[skew(&mut rng, 4)];
        let metro = metros[skew(&mut rng, 4)];
        let year = 2022 + skew(&mut rng, 3) as i32;
        let dataset = if rng.uniform() < 0.8 { "survey" } else { "submissions" };
        let base = (100_000.0 * (1.0 + 0.3 * rng.normal()).max(0.3)).round();
        let mut r = record(role, Some(level), metro, year, base, (base * 0.1).round());
        if metro.is_none() && rng.uniform() < 0.3 {
            r.us_state = Some("WA".into());
        }
        out.push((dataset, r));
    }
    out
}

#[test]
fn no_combination_of_cells_singles_out_fewer_than_k_records() {
    // The strongest form of every differencing and narrowing attack: two
    // records that every possible query either both includes or both
    // excludes cannot be told apart by any arithmetic on published
    // figures. Group records by the set of queries that include them;
    // each group must hold at least k records.
    let data = market(20_261_122);
    let e = engine(&data);
    let queries = all_queries(&[2022, 2023, 2024], &["survey", "submissions"]);
    assert!(queries.len() > 3000);
    let mut signature: HashMap<u32, Vec<u64>> = HashMap::new();
    let words = queries.len().div_ceil(64);
    let mut published = 0;
    for (i, q) in queries.iter().enumerate() {
        let cell = e.cell_rows(q, false, false);
        if !cell.rows.is_empty() {
            published += 1;
        }
        for &row in &cell.rows {
            signature.entry(row).or_insert_with(|| vec![0; words])[i / 64] |= 1 << (i % 64);
        }
    }
    let mut groups: HashMap<Vec<u64>, usize> = HashMap::new();
    for sig in signature.values() {
        *groups.entry(sig.clone()).or_default() += 1;
    }
    let smallest = groups.values().copied().min().unwrap();
    assert!(smallest >= K, "{} records can be singled out by combining cells", smallest);
    // Not vacuous: most records are still published, in many cells, and
    // at least 40 distinguishable groups exist.
    assert!(signature.len() as f64 >= 0.9 * data.len() as f64, "{} of {} records published", signature.len(), data.len());
    assert!(published > 1000 && groups.len() >= 40, "{published} cells, {} groups", groups.len());
    let p = e.privacy();
    assert_eq!(p.records, data.len());
    assert!(p.full_detail < p.records, "the data has thin groups to generalize");
}

#[test]
fn narrowing_filters_step_by_step_never_steps_by_fewer_than_k() {
    // The attacker narrows one filter at a time from the whole world down
    // to one source's records of one level, role, metro and year, along
    // every such chain in the data, and subtracts each step from the last.
    let data = market(7);
    let e = engine(&data);
    let mut steps_checked = 0;
    let mut thinnest_step = usize::MAX;
    for (metro, state) in [(SEATTLE, "WA"), (SF, "CA"), (NYC, "NY")] {
        for role in ["backend-engineer", "frontend-engineer", "data-scientist"] {
            for level in [Level::Entry, Level::Mid, Level::Senior, Level::Staff] {
                for year in [2022, 2023, 2024] {
                    for source in ["survey", "submissions"] {
                        let mut q = CellQuery::new("software-engineer", None, Area::World);
                        let mut chain = vec![q.clone()];
                        for step in 0..8 {
                            match step {
                                0 => q.area = Area::Country("US".into()),
                                1 => q.area = Area::UsState(state.into()),
                                2 => q.area = Area::Metro(metro.into()),
                                3 => q.role = role.into(),
                                4 => q.level = Some(level),
                                5 => q.since = Some(year),
                                6 => q.until = Some(year),
                                _ => q.sources = vec![source.into()],
                            }
                            chain.push(q.clone());
                        }
                        for pair in chain.windows(2) {
                            let (a, b) = (e.benchmark(&pair[0]), e.benchmark(&pair[1]));
                            let (Some(na), Some(nb)) = (a.n, b.n) else { continue };
                            let gap = na - nb;
                            assert!(gap == 0 || gap >= K, "narrowing to {:?} drops {gap} records", pair[1]);
                            if gap > 0 {
                                thinnest_step = thinnest_step.min(gap);
                            }
                            steps_checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(steps_checked > 500, "{steps_checked} published steps");
    assert!((K..20).contains(&thinnest_step), "the data does have thin steps to test: {thinnest_step}");
}

#[test]
fn the_offer_evaluator_cannot_find_the_target() {
    // Probe offers around the target's pay in every cell that could hold
    // the target: a step in the rank at $333,333 would give it away. The
    // ranks of "all levels" and "senior" agree everywhere, and no cell's
    // rank moves between $333,000 and $333,700.
    let e = engine(&seniors_and_one_target());
    let rank = |q: &CellQuery, v: f64| e.evaluate_offer(q, &Offer::base(v)).base.percentile_rank;
    for v in (0..200).map(|i| 100_000.0 + 1_500.0 * f64::from(i)) {
        assert_eq!(rank(&seattle(None), v), rank(&seattle(Some(Level::Senior)), v), "at {v}");
    }
    for area in [Area::Metro(SEATTLE.into()), Area::UsState("WA".into()), Area::Country("US".into()), Area::World] {
        for level in [None, Some(Level::Mid)] {
            let q = CellQuery::new("backend-engineer", level, area.clone());
            assert_eq!(rank(&q, TARGET_PAY - 333.0), rank(&q, TARGET_PAY + 367.0), "{area:?} {level:?}");
        }
    }
}
