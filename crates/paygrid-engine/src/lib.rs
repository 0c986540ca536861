//! paygrid's analytics over an in-memory columnar [`Snapshot`]: every
//! statistic of PRODUCT.md §4. Pure: no IO, no clock; the caller builds the
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
pub mod metro;
pub mod offer;
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
pub use offer::{CellLabel, CounterOffer, MetroOffer, Offer, OfferEvaluation, OfferFigures, OfferPosition};
pub use published::{parse_level, CellBenchmark, CellError, CellSpec};
pub use query::{resolve_role, Area, AreaInfo, Cell, CellQuery, RoleInfo};
pub use rollup::Rollup;
pub use skills::{PremiumTable, RequestedSkills, SkillPremium, SkillReport, SkillShare};
pub use snapshot::{OewsRef, Snapshot, SnapshotBuilder};

use std::collections::HashMap;
use std::sync::Mutex;

type MarketKey = (PayMeasure, Option<String>, Option<i32>, Vec<String>);
type MetroKey = (String, Option<i32>, Option<i32>, Vec<String>);

/// The snapshot plus the settings every computation obeys.
pub struct Engine {
    pub snapshot: Snapshot,
    /// The privacy floor k (PRODUCT.md §4): at least 5, configurable upward only.
    floor: usize,
    market_cache: Mutex<HashMap<MarketKey, Option<benchmark::MarketRate>>>,
    /// Backtested market-rate error quantiles [base, total], computed on
    /// first use (a full backtest) and kept for the engine's lifetime.
    calibration: std::sync::OnceLock<[Option<f64>; 2]>,
    /// Metro tables by (role, since, until, sources): they do not depend on
    /// level or location, and reports ask for them on every page.
    metro_cache: Mutex<HashMap<MetroKey, metro::MetroTable>>,
}

impl Engine {
    pub const MIN_FLOOR: usize = paygrid_stats::DEFAULT_FLOOR;

    /// `floor` below 5 is raised to 5.
    pub fn new(snapshot: Snapshot, floor: usize) -> Engine {
        Engine {
            snapshot,
            floor: floor.max(Self::MIN_FLOOR),
            market_cache: Mutex::default(),
            calibration: std::sync::OnceLock::new(),
            metro_cache: Mutex::default(),
        }
    }

    pub fn floor(&self) -> usize {
        self.floor
    }

    /// The market rate's calibrated interval half-width (log scale, per
    /// square root of years ahead) for a measure, from the backtest of all
    /// cells; None when too few held-out points exist to calibrate.
    pub fn market_rate_q95(&self, m: PayMeasure) -> Option<f64> {
        let c = self.calibration.get_or_init(|| {
            let report = self.backtest(&backtest::BacktestOptions::default());
            let q = |pm: PayMeasure| report.measures.iter().find(|x| x.measure == pm).and_then(|x| x.market_rate_q95);
            [q(PayMeasure::Base), q(PayMeasure::Total)]
        });
        c[usize::from(m == PayMeasure::Total)]
    }
}

/// Confidence labels serialize as their PRODUCT.md names.
pub(crate) fn ser_confidence<S: serde::Serializer>(c: &paygrid_stats::Confidence, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}
