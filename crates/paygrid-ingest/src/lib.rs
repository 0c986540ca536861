//! Importers: bytes of a source file in, normalized [`Record`]s or
//! [`Reject`]s out. This crate reads what it is handed (any `Read`) and
//! writes nothing; the store decides what is kept.
//!
//! Every importer shares the same pipeline: [`table`] decodes the file
//! (gzip, BOM, UTF-8 with a Windows-1252 fallback) and checks the header,
//! a per-source module maps columns onto a [`assemble::RawRow`], and
//! [`assemble`] validates amounts, converts currency and normalizes title,
//! level and location.
//!
//! Principal items: [`open`] (a file in, [`Parsed`] out), [`Outcome`] and
//! [`Reject`] (one row's fate), [`FileError`] (a file refused whole),
//! [`ImportOptions`], [`sanity::check_annual_pay`], [`submission::parse_submission`].

pub mod assemble;
mod fingerprint;
pub mod sanity;
pub mod sources;
pub mod submission;
pub mod table;

pub use assemble::{ImportOptions, RawRow};
pub use fingerprint::Fingerprint;
pub use sanity::{check_annual_pay, pay_bounds, OutOfRange, PayBounds};
pub use sources::{open, OewsOutcome, OewsRow, Parsed, RecordReader, KINDS};

use paygrid_domain::Record;
use std::fmt;

/// Why a single row was not imported. Kept in the store and listed by
/// `paygrid rejects`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Row number as a spreadsheet shows it: the header is row 1, the first
    /// data row is row 2, and a quoted field spanning lines is still one row.
    /// For JSONL, the line number.
    pub row: u64,
    /// Column name as written in the file's header (or JSON key).
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}, field `{}`: {}", self.row, self.field, self.reason)
    }
}

/// One data row's fate.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// `folded`: a second row that this record also stands for (the other
    /// end of a posted range, [`sources::ranges`]).
    Accepted {
        row: u64,
        key: String,
        record: Box<Record>,
        folded: Option<Box<Folded>>,
    },
    Rejected(Reject),
}

/// The second row of a posted range, folded into the record of the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub row: u64,
    /// The dedup keys the two rows had on their own (first row first): a
    /// store that holds both from an import made before ranges were
    /// collapsed already has this posting.
    pub row_keys: [String; 2],
}

/// The whole file is refused: nothing from it may be stored.
#[derive(Debug)]
pub enum FileError {
    Io(std::io::Error),
    /// Not a text table: binary content, or nothing parseable.
    NotATable {
        reason: String,
    },
    /// A table, but not of the kind asked for.
    WrongHeader {
        missing: Vec<String>,
        found: Vec<String>,
        hint: Option<String>,
    },
    /// A structural error that stops reading (e.g. a broken gzip stream).
    Malformed {
        row: u64,
        reason: String,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Io(e) => write!(f, "cannot read: {e}"),
            FileError::NotATable { reason } => write!(f, "not a table: {reason}"),
            FileError::WrongHeader { missing, found, hint } => {
                write!(f, "wrong header: missing column(s) {}", missing.join(", "))?;
                let shown: Vec<&str> = found.iter().take(12).map(String::as_str).collect();
                write!(f, "; found [{}{}]", shown.join(", "), if found.len() > 12 { ", …" } else { "" })?;
                if let Some(h) = hint {
                    write!(f, "; {h}")?;
                }
                Ok(())
            }
            FileError::Malformed { row, reason } => write!(f, "unreadable at row {row}: {reason}"),
        }
    }
}

impl std::error::Error for FileError {}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> Self {
        FileError::Io(e)
    }
}
