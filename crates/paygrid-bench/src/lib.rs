//! paygrid's performance benchmark (`paygrid bench`): a seeded workload
//! generator ([`gen`]), the same records as CSV for other engines ([`csv`]),
//! the engine work of one report ([`report`]) and the runner that measures
//! the cube, single-cell lookups, CSV ingest, reports and memory ([`run`]).
//!
//! Reproducible by construction: the records depend on the row count and
//! seed only, and every measurement checks its own result (the parallel cube
//! against a single-thread one, the ingested CSV against the generated
//! records).

pub mod csv;
pub mod gen;
pub mod report;
pub mod rng;
pub mod run;

pub use run::{run, BenchError, BenchOptions, BenchReport, Machine, DEFAULT_REPORT_ROWS_CAP, DEFAULT_SEED};
