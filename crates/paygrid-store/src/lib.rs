//! paygrid's durable store. One SQLite file by default; the [`Store`]
//! trait is what the rest of paygrid sees, so a PostgreSQL implementation
//! can join later without touching callers.
//!
//! Invariant: one source file is one transaction. A file either lands
//! whole (accepted rows, its rejects and its import entry) or not at all,
//! including when the process is killed midway.
//!
//! Principal items: [`Store`], [`SubmissionStore`], [`Backend`] (both), [`open`]
//! (a location to a backend), [`SqliteStore`], [`ImportMeta`] / [`ImportSummary`],
//! [`StoreError`].

mod schema;
mod sqlite;
mod submissions;

pub use sqlite::SqliteStore;
pub use submissions::{Moderation, SubmissionInfo, SubmissionStatus, SubmissionStore, SUBMISSIONS_DATASET, SUBMISSIONS_LICENCE};

use paygrid_domain::{Record, SourceKind};
use paygrid_ingest::{FileError, OewsOutcome, OewsRow, Outcome};
use std::fmt;

/// What the caller knows about the file before reading it.
#[derive(Debug, Clone)]
pub struct ImportMeta {
    pub kind: SourceKind,
    /// Dedup scope: rows are duplicates only within the same kind and dataset.
    pub dataset: String,
    /// As given on the command line (shown, never reopened).
    pub file: String,
    pub licence: Option<String>,
    /// ISO timestamp of the import, from the caller (the store reads no clock).
    pub imported_at: String,
}

/// Counts reported at the end of an import and kept in `imports`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub import_id: i64,
    pub rows_read: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub duplicates: u64,
    /// Pairs of rows stored as one record: the two ends of a posted range.
    /// rows_read = accepted + rejected + duplicates + range_pairs.
    pub range_pairs: u64,
    pub unresolved_locations: u64,
    pub unknown_titles: u64,
    pub date_min: Option<String>,
    pub date_max: Option<String>,
    /// Set when the same bytes were imported before under another dataset
    /// name: the import was rolled back and nothing was added.
    pub same_as_import: Option<i64>,
}

/// One row of `paygrid sources`.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInfo {
    pub id: i64,
    pub kind: String,
    pub dataset: String,
    pub file: String,
    pub licence: Option<String>,
    pub imported_at: String,
    pub rows_read: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub duplicates: u64,
    /// 0 for imports made before posted ranges were collapsed.
    pub range_pairs: u64,
    pub unresolved_locations: u64,
    pub unknown_titles: u64,
    pub date_min: Option<String>,
    pub date_max: Option<String>,
}

/// One row of `paygrid rejects`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectInfo {
    pub import_id: i64,
    pub kind: String,
    pub file: String,
    pub row: u64,
    pub field: String,
    pub reason: String,
}

#[derive(Debug)]
pub enum StoreError {
    Sqlite(rusqlite::Error),
    /// The source file failed structurally midway; nothing was stored.
    File(FileError),
    /// The database was written by a newer paygrid.
    TooNew {
        found: i64,
        known: i64,
    },
    Io(std::io::Error),
    /// The location names a kind of store this build cannot open.
    Unsupported(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Sqlite(e) => write!(f, "database error: {e}"),
            StoreError::File(e) => write!(f, "{e}"),
            StoreError::TooNew { found, known } => {
                write!(f, "the database has schema version {found}, this paygrid knows up to {known}: upgrade paygrid")
            }
            StoreError::Io(e) => write!(f, "{e}"),
            StoreError::Unsupported(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

/// Progress callback: rows read so far.
pub type Progress<'a> = &'a mut dyn FnMut(u64);

/// What paygrid needs from durable storage.
pub trait Store {
    /// True when nothing has ever been imported (first run: load defaults).
    fn is_empty(&self) -> Result<bool, StoreError>;

    /// Stores one file's records in one transaction. `file_hash` identifies
    /// the bytes; it is checked after reading (the hash is only known then).
    fn import_records(
        &mut self,
        meta: &ImportMeta,
        rows: &mut dyn Iterator<Item = Result<Outcome, FileError>>,
        file_hash: &mut dyn FnMut() -> String,
        progress: Progress<'_>,
    ) -> Result<ImportSummary, StoreError>;

    /// Stores one OEWS file's estimates in one transaction; a later release
    /// of the same area x industry x occupation replaces the earlier one.
    fn import_oews(
        &mut self,
        meta: &ImportMeta,
        rows: &mut dyn Iterator<Item = Result<OewsOutcome, FileError>>,
        file_hash: &mut dyn FnMut() -> String,
        progress: Progress<'_>,
    ) -> Result<ImportSummary, StoreError>;

    fn sources(&self) -> Result<Vec<SourceInfo>, StoreError>;

    /// Rejected rows, newest import first; `import_id` narrows to one import.
    fn rejects(&self, import_id: Option<i64>, limit: usize) -> Result<Vec<RejectInfo>, StoreError>;

    fn record_count(&self) -> Result<u64, StoreError>;

    /// Every stored record with its dataset name, in insertion order (the
    /// analytic snapshot is built from this).
    fn scan_records(&self, f: &mut dyn FnMut(&str, Record)) -> Result<(), StoreError>;

    /// OEWS cross-industry estimates for the given SOC codes (all areas).
    fn scan_oews(&self, socs: &[&str], f: &mut dyn FnMut(OewsRow)) -> Result<(), StoreError>;

    /// When the newest import landed (ISO timestamp).
    fn last_import(&self) -> Result<Option<String>, StoreError>;
}

/// Everything the binary and the server need from a store: records and
/// submissions. Every backend implements it.
pub trait Backend: Store + SubmissionStore + Send {}

impl<T: Store + SubmissionStore + Send> Backend for T {}

/// Opens (creating if needed) the store at `location`: a file path, for the
/// embedded SQLite store. A `postgres://` or `postgresql://` URL names a
/// PostgreSQL server, which this build cannot open: it is refused rather
/// than taken for a file name.
pub fn open(location: &str) -> Result<Box<dyn Backend>, StoreError> {
    let lower = location.to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Err(StoreError::Unsupported(format!(
            "{location}: PostgreSQL stores are not supported by this build of paygrid; use a file path for the embedded SQLite store"
        )));
    }
    if let Some((scheme, _)) = location.split_once("://") {
        return Err(StoreError::Unsupported(format!("{location}: unknown kind of store {scheme:?}; use a file path")));
    }
    Ok(Box::new(SqliteStore::open(std::path::Path::new(location))?))
}
