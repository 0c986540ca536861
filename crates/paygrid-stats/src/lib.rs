//! paygrid's statistics: pure numerics over slices of `f64`.
//!
//! No IO, and no knowledge of salaries, roles or SQL: callers pass values and
//! get figures back. Each public item documents the definition it implements;
//! together they are the methodology page (docs/methodology.md):
//!
//! - percentiles: Hyndman–Fan type 7 ([`quantile_sorted`]); mean: arithmetic,
//!   pairwise-summed ([`mean`]); per-cell figures: [`cell_summary`], [`cell_stats`];
//! - CIs: distribution-free order-statistic intervals from Binomial(n, p)
//!   for percentiles, with their exact coverage ([`QuantileCi`]); 95% intervals
//!   for means, Cox's log-scale one below n = 30 and Student t above ([`mean_ci`]);
//! - confidence labels and the privacy floor ([`Confidence`]);
//! - outliers: 3·IQR fences on ln(value) ([`log_fences`]);
//! - log-pay regressions with dummy-coded factors ([`Design`], [`OlsAccumulator`]),
//!   their heteroskedasticity- and cluster-robust standard errors ([`RobustAccumulator`]),
//!   t-test p-values and multiple-testing adjustments ([`holm`], [`benjamini_hochberg`]);
//! - log-linear trends, projections and their backtest ([`LogLinearTrend`],
//!   [`backtest`]);
//! - the special functions underneath ([`dist`]).

pub mod dist;
pub mod hypothesis;
pub mod interval;
pub mod label;
pub mod outlier;
pub mod quantile;
pub mod regression;
pub mod rng;
pub mod robust;
pub mod summary;
pub mod trend;

pub use dist::{binomial_cdf, normal_cdf, normal_quantile, student_t_cdf, student_t_quantile, t975, Z_975};
pub use hypothesis::{benjamini_hochberg, holm, t_test_p_value};
pub use interval::{mean_ci, mean_ci_from, mean_ci_of, quantile_ci, Ci, QuantileCi, EXACT_MAX_N, LEVEL, MEAN_T_MIN_N};
pub use label::{percentile_publishable, Confidence, DEFAULT_FLOOR, TAIL_PERCENTILE_MIN_N};
pub use outlier::{log_fences, log_fences_sorted, outlier_mask, LogFences, OUTLIER_IQR_MULT, OUTLIER_MIN_N};
pub use quantile::{mean, pairwise_sum, quantile_sorted, sample_variance, STANDARD_PS};
pub use regression::{ols, premium, Coef, Design, OlsAccumulator, OlsError, OlsFit};
pub use robust::{RobustAccumulator, RobustFit, SeMethod, LEVERAGE_ONE_TOL};
pub use summary::{cell_stats, cell_stats_sorted, cell_summary, sort_values, summary, CellStats, Summary};
pub use trend::{
    backtest, backtest_from, fallback_projection, log_linear_forecast, Backtest, BacktestPoint, LogLinearTrend, Projection,
    SeriesPoint, TREND_MIN_POINTS,
};
