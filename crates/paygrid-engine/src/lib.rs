//! paygrid's analytics over an in-memory columnar [`Snapshot`]: every
//! statistic of docs/methodology.md. Pure: no IO, no clock; the caller builds the
//! snapshot from the store and renders the results.
//!
//! Invariant: every public result passes through the privacy floor here,
//! so no interface can show a figure computed from fewer than `floor`
//! records.

pub mod backtest;
pub mod benchmark;
pub mod breakdown;
pub mod compare;
pub mod cube;
pub mod dates;
pub mod labels;
pub mod market;
pub mod metro;
pub mod offer;
pub mod privacy;
pub mod privacy_cost;
pub mod projection;
pub mod published;
pub mod query;
pub mod rollup;
pub mod segments;
pub mod skills;
pub mod snapshot;
pub mod text;

pub use backtest::{BacktestOptions, BacktestReport, CellBacktest, MeasureBacktest, MethodScore};
pub use benchmark::{Benchmark, Measure, PayMeasure};
pub use breakdown::{LevelLadder, MedianFigure, Roadmap, SeniorityMix, TcBreakdown, TcSplit};
pub use compare::{CellSummary, CompareError, ComparedCell, Comparison, MedianDifference, Quartiles};
pub use metro::{MetroEffect, MetroTable, ModelledCell};
pub use offer::{
    CellLabel, CounterOffer, Lever, MetroOffer, Offer, OfferComponents, OfferError, OfferEvaluation, OfferFigures, OfferPosition,
};
pub use privacy::PrivacyReport;
pub use privacy_cost::{FamilyCost, PrivacyCost};
pub use published::{parse_level, split_cell, CellBenchmark, CellError, CellSpec, DEFAULT_LOCATION};
pub(crate) use query::Cell;
pub use query::{resolve_role, Area, AreaInfo, CellQuery, RoleInfo};
pub use rollup::Rollup;
pub use skills::{
    listed_skills_label, PremiumTable, RequestedSkills, SkillBasis, SkillEvidence, SkillPremium, SkillReport, SkillShare,
};
pub use snapshot::{OewsRef, Snapshot, SnapshotBuilder};

use paygrid_domain::Level;
use std::collections::HashMap;
use std::sync::Mutex;

/// Entries a cache holds before it starts over: a bound on memory that
/// arbitrary periods and source lists cannot push past.
const CACHE_MAX: usize = 4096;

/// Results computed once per engine (the snapshot never changes under it)
/// because many pages ask for them: role-wide models that do not depend on
/// a query's level or location, and location-wide totals that do not depend
/// on its role.
pub(crate) struct Cache<K, V> {
    map: Mutex<HashMap<K, V>>,
    max: usize,
}

impl<K, V> Default for Cache<K, V> {
    fn default() -> Self {
        Cache { map: Mutex::default(), max: CACHE_MAX }
    }
}

impl<K, V> Cache<K, V> {
    /// A cache for large values (row lists), kept to a few entries.
    pub(crate) fn small(max: usize) -> Self {
        Cache { map: Mutex::default(), max }
    }
}

impl<K: std::hash::Hash + Eq, V: Clone> Cache<K, V> {
    pub(crate) fn get_or_compute(&self, key: K, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.map.lock().expect("cache lock").get(&key) {
            return v.clone();
        }
        let v = compute();
        let mut map = self.map.lock().expect("cache lock");
        if map.len() >= self.max {
            map.clear();
        }
        map.insert(key, v.clone());
        v
    }
}

/// Role, period and sources of a query: the key of role-wide results.
pub(crate) type RoleKey = (String, Option<i32>, Option<i32>, Vec<String>);
/// Everything that selects a cell's rows, plus which filters are dropped.
pub(crate) type CellKey = (String, Option<Level>, Area, Option<i32>, Option<i32>, Vec<String>, bool, bool);

/// Location, period and sources of a query: the key of location-wide results.
pub(crate) type AreaKey = (Area, Option<i32>, Option<i32>, Vec<String>);

pub(crate) fn role_key(q: &CellQuery) -> RoleKey {
    (q.role.clone(), q.since, q.until, q.sources.clone())
}

pub(crate) fn area_key(q: &CellQuery) -> AreaKey {
    (q.area.clone(), q.since, q.until, q.sources.clone())
}

/// A number of records the engine publishes: only the engine makes one, and
/// only from at least k records, so a count that reaches a caller is never
/// below the privacy floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Count(usize);

impl Count {
    pub(crate) fn floored(n: usize, floor: usize) -> Option<Count> {
        (n >= floor && n > 0).then_some(Count(n))
    }

    pub fn get(self) -> usize {
        self.0
    }
}

/// A market's year pairs and their weights (see [`market`]).
type MarketPairs = std::sync::Arc<(Vec<market::YearPair>, Vec<u64>)>;

/// The snapshot plus the settings every computation obeys.
///
/// The snapshot is private: callers see only published results, so no
/// caller can count the records of a cell under the floor or look up a name
/// that no published record carries.
pub struct Engine {
    snapshot: Snapshot,
    /// The privacy floor k (docs/methodology.md): at least 5, configurable upward only.
    floor: usize,
    /// How the snapshot was generalized into publication classes.
    privacy: PrivacyReport,
    /// The market's year pairs per measure and country (None: all): what a
    /// market rate as of any cut-off is computed from.
    market_cache: Cache<(PayMeasure, Option<u32>), MarketPairs>,
    /// The backtest with default options, computed on first use: the
    /// projection calibration reads it, and the methodology page shows it.
    default_backtest: std::sync::OnceLock<BacktestReport>,
    metro_cache: Cache<RoleKey, metro::MetroTable>,
    premium_cache: Cache<RoleKey, skills::PremiumTable>,
    /// Recently selected cells: a report asks for the same rows from several
    /// sections (benchmark, mix, ladder, roadmap, TC, skills, segments).
    cells: Cache<CellKey, std::sync::Arc<Cell>>,
    /// All-roles records per year in a location (demand shares).
    location_years: Cache<AreaKey, std::sync::Arc<Vec<(i16, usize)>>>,
}

impl Engine {
    pub const MIN_FLOOR: usize = paygrid_stats::DEFAULT_FLOOR;

    /// `floor` below 5 is raised to 5. The snapshot is generalized into
    /// publication classes of at least `floor` records first (see
    /// [`privacy`]), so nothing the engine computes can see finer detail.
    pub fn new(snapshot: Snapshot, floor: usize) -> Engine {
        Self::build(snapshot, floor, false).0
    }

    /// An engine plus the measured cost of its publication classes (see
    /// [`privacy_cost`]): for operators, not for publication.
    pub fn with_privacy_cost(snapshot: Snapshot, floor: usize) -> (Engine, PrivacyCost) {
        let (engine, cost) = Self::build(snapshot, floor, true);
        (engine, cost.expect("cost requested"))
    }

    fn build(snapshot: Snapshot, floor: usize, cost: bool) -> (Engine, Option<PrivacyCost>) {
        let floor = floor.max(Self::MIN_FLOOR);
        let (snapshot, privacy, cost) = privacy::publish(snapshot, floor, cost);
        let engine = Engine {
            snapshot,
            floor,
            privacy,
            market_cache: Cache::default(),
            default_backtest: std::sync::OnceLock::new(),
            metro_cache: Cache::default(),
            premium_cache: Cache::default(),
            location_years: Cache::default(),
            cells: Cache::small(64),
        };
        (engine, cost)
    }

    pub fn floor(&self) -> usize {
        self.floor
    }

    /// The newest import time the loader reported.
    pub fn updated(&self) -> Option<&str> {
        self.snapshot.updated()
    }

    /// Published records in all (outliers included: they are published as
    /// a count); None when fewer than k.
    pub fn records(&self) -> Option<Count> {
        Count::floored(self.snapshot.len(), self.floor)
    }

    /// Records in `q`'s cell that enter its figures; None under the floor.
    pub fn count(&self, q: &CellQuery) -> Option<Count> {
        Count::floored(self.cell_rows(q, false, false).rows.len(), self.floor)
    }

    /// Role ids that published records carry (each is part of at least one
    /// publication class, so of at least k records).
    pub fn role_ids(&self) -> Vec<&str> {
        self.snapshot.roles.iter().map(|(_, n)| n).collect()
    }

    /// Published records per place (outliers excluded, as in a cell): every
    /// country, US state, metro, remote work anywhere and in each country,
    /// and the world; places under the floor are left out.
    pub fn area_counts(&self) -> Vec<(Area, Count)> {
        let s = &self.snapshot;
        let mut counts: HashMap<Area, usize> = HashMap::new();
        for r in 0..s.len() {
            if s.outlier[r] {
                continue;
            }
            *counts.entry(Area::World).or_default() += 1;
            let country = (s.country[r] != snapshot::NONE).then(|| s.countries.name(s.country[r]).to_string());
            if let Some(c) = &country {
                *counts.entry(Area::Country(c.clone())).or_default() += 1;
            }
            if s.state[r] != snapshot::NONE {
                *counts.entry(Area::UsState(s.states.name(s.state[r]).to_string())).or_default() += 1;
            }
            if s.metro[r] != snapshot::NONE {
                *counts.entry(Area::Metro(s.metros.name(s.metro[r]).to_string())).or_default() += 1;
            }
            if s.remote[r] {
                *counts.entry(Area::Remote(None)).or_default() += 1;
                if let Some(c) = country {
                    *counts.entry(Area::Remote(Some(c))).or_default() += 1;
                }
            }
        }
        counts.into_iter().filter_map(|(a, n)| Count::floored(n, self.floor).map(|n| (a, n))).collect()
    }

    /// Metro codes that published records carry.
    pub fn metro_codes(&self) -> Vec<&str> {
        self.snapshot.metros.iter().map(|(_, n)| n).collect()
    }

    /// The lean columnar table of the cube kernel, built from the published
    /// records.
    pub fn cube_table(&self) -> Result<cube::CubeTable, cube::CubeError> {
        cube::CubeTable::from_snapshot(&self.snapshot)
    }

    pub fn privacy(&self) -> &PrivacyReport {
        &self.privacy
    }

    /// The rows of `q`'s cell (outliers removed and counted), optionally
    /// dropping the level or area filter; shared by the sections of a page.
    pub(crate) fn cell_rows(&self, q: &CellQuery, ignore_level: bool, ignore_area: bool) -> std::sync::Arc<Cell> {
        let key = (q.role.clone(), q.level, q.area.clone(), q.since, q.until, q.sources.clone(), ignore_level, ignore_area);
        self.cells.get_or_compute(key, || {
            let s = &self.snapshot;
            std::sync::Arc::new(s.cell_with(&s.filter(q), ignore_level, ignore_area))
        })
    }

    /// Computes what many pages share, so that a server's first visitors do
    /// not wait for it: the projection calibration (a full backtest), the
    /// US and all-locations market rates, and for every role with records
    /// (and every family above one) its metro table and skill-premium
    /// regression. Spread over `threads` threads; idempotent.
    pub fn warm_up(&self, threads: usize) {
        let _ = self.market_rate_q95(PayMeasure::Base);
        let _ = self.market_rate_q95(PayMeasure::Total);
        let mut roles: Vec<String> = Vec::new();
        for (role, n) in self.snapshot.role_counts() {
            if n == 0 {
                continue;
            }
            for r in std::iter::once(role).chain(paygrid_domain::role::ancestors(role)) {
                if !roles.iter().any(|x| x == r) {
                    roles.push(r.to_string());
                }
            }
        }
        for area in [Area::Country("US".to_string()), Area::World] {
            let q = CellQuery::new("", None, area);
            let _ = self.market_rate(PayMeasure::Base, &q);
            let _ = self.market_rate(PayMeasure::Total, &q);
        }
        let threads = threads.max(1);
        std::thread::scope(|scope| {
            for t in 0..threads {
                let roles = &roles;
                scope.spawn(move || {
                    for role in roles.iter().skip(t).step_by(threads) {
                        let q = CellQuery::new(role, None, Area::Country("US".to_string()));
                        let _ = self.metro_multipliers(&q);
                        let _ = self.skill_premiums(&q);
                    }
                });
            }
        });
    }

    /// The market rate's calibrated interval half-width (log scale, per
    /// square root of years ahead) for a measure, from every held-out year
    /// of the backtest (what a projection after the data's last year uses);
    /// None when too few held-out points exist to calibrate.
    pub fn market_rate_q95(&self, m: PayMeasure) -> Option<f64> {
        self.default_backtest().measures.iter().find(|x| x.measure == m).and_then(|x| x.market_rate_q95)
    }

    /// The projection backtest of every cell with default options, computed
    /// once per engine.
    pub fn default_backtest(&self) -> &BacktestReport {
        self.default_backtest.get_or_init(|| self.backtest(&BacktestOptions::default()))
    }
}

/// Confidence labels serialize as their docs/methodology.md names.
pub(crate) fn ser_confidence<S: serde::Serializer>(c: &paygrid_stats::Confidence, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}
