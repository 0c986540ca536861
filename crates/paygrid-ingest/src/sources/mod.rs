//! One module per source format. Each declares its required columns and
//! maps one row onto a [`RawRow`]; everything else is shared.

mod aijobs;
pub(crate) mod generic;
mod h1b;
mod levels_fyi;
mod oews;
pub mod ranges;
mod stackoverflow;

pub use oews::{OewsOutcome, OewsRow};

use crate::assemble::{assemble, ImportOptions, RawRow};
use crate::table::{Format, Header, Row, Table};
use crate::{FileError, Fingerprint, Folded, Outcome, Reject};
use paygrid_domain::{Record, SourceKind};
use std::io::Read;

/// What a file holds once opened: pay records, or OEWS reference rows
/// (stored as benchmarks, never as records).
pub enum Parsed {
    Records(RecordReader),
    Oews(oews::OewsReader),
}

/// Facts about the file, not the row.
#[derive(Debug, Clone, Default)]
pub struct FileContext {
    /// A year found in the file name (`so_survey_2025…`, `…fy2013…`), for
    /// sources whose rows carry no date.
    pub year_from_name: Option<i32>,
}

impl FileContext {
    pub fn from_name(name: &str) -> FileContext {
        let digits: Vec<char> = name.chars().collect();
        let year_from_name = digits.windows(4).enumerate().find_map(|(i, w)| {
            let boundary_before = i == 0 || !digits[i - 1].is_ascii_digit();
            let boundary_after = digits.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
            let s: String = w.iter().collect();
            let y: i32 = s.parse().ok()?;
            (boundary_before && boundary_after && (1990..=2099).contains(&y)).then_some(y)
        });
        FileContext { year_from_name }
    }
}

type Mapper = fn(&Header, &Row, &FileContext) -> Result<RawRow, Reject>;

/// Streams outcomes row by row; the caller decides what to keep.
pub struct RecordReader {
    table: Table,
    kind: SourceKind,
    map: Mapper,
    id_column: Option<&'static str>,
    ctx: FileContext,
    opts: ImportOptions,
    /// Adjacent rows may be the two ends of one posted range ([`ranges`]).
    ranges: bool,
    /// The row read ahead to look for a range's other end.
    peeked: Option<Box<Result<Row, FileError>>>,
    /// The second row of two that turned out not to be a range.
    queued: Option<Box<Outcome>>,
}

impl Iterator for RecordReader {
    type Item = Result<Outcome, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(o) = self.queued.take() {
            return Some(Ok(*o));
        }
        let row = match self.peeked.take() {
            Some(r) => *r,
            None => self.table.next_row().transpose()?,
        };
        let row = match row {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        if self.ranges && row.problem.is_none() {
            match self.table.next_row() {
                Ok(Some(next)) if next.problem.is_none() && ranges::same_posting(&self.table.header, &row, &next) => {
                    return Some(Ok(self.posting(&row, &next)));
                }
                Ok(Some(next)) => self.peeked = Some(Box::new(Ok(next))),
                Ok(None) => {}
                Err(e) => self.peeked = Some(Box::new(Err(e))),
            }
        }
        Some(Ok(self.single(&row, self.assemble_row(&row))))
    }
}

impl RecordReader {
    fn assemble_row(&self, row: &Row) -> Result<Record, Reject> {
        if let Some((field, reason)) = &row.problem {
            return Err(Reject { row: row.line, field: field.clone(), reason: reason.clone() });
        }
        (self.map)(&self.table.header, row, &self.ctx).and_then(|raw| assemble(self.kind, raw, &self.opts))
    }

    fn single(&self, row: &Row, assembled: Result<Record, Reject>) -> Outcome {
        match assembled {
            Ok(record) => {
                Outcome::Accepted { row: row.line, key: self.key(row, &record), record: Box::new(record), folded: None }
            }
            Err(r) => Outcome::Rejected(r),
        }
    }

    /// The dedup key of a row on its own.
    fn key(&self, row: &Row, record: &Record) -> String {
        match (self.id_column, record.external_id.as_deref()) {
            (Some(_), Some(id)) => format!("id:{id}"),
            _ => {
                let mut fp = Fingerprint::new();
                row.values().for_each(|v| fp.field(v));
                if self.opts.keep_duplicates {
                    fp.field(&row.line.to_string());
                }
                format!("h:{}", fp.hex())
            }
        }
    }

    /// Two adjacent rows equal in all but salary: one record when they are
    /// the ends of a range, else each row on its own (the second next).
    fn posting(&mut self, a: &Row, b: &Row) -> Outcome {
        let (first, second) = (self.assemble_row(a), self.assemble_row(b));
        if let (Ok(ra), Ok(rb)) = (&first, &second) {
            if let Some(record) = ranges::collapse(ra, rb) {
                // Ordered by pay, so the key names the range whichever end
                // the file lists first.
                let (low, high) = if ra.base <= rb.base { (a, b) } else { (b, a) };
                let mut fp = Fingerprint::new();
                low.values().chain(high.values()).for_each(|v| fp.field(v));
                if self.opts.keep_duplicates {
                    fp.field(&low.line.to_string());
                    fp.field(&high.line.to_string());
                }
                let folded = Folded { row: b.line, row_keys: [self.key(a, ra), self.key(b, rb)] };
                return Outcome::Accepted {
                    row: a.line,
                    key: format!("p:{}", fp.hex()),
                    record: Box::new(record),
                    folded: Some(Box::new(folded)),
                };
            }
        }
        self.queued = Some(Box::new(self.single(b, second)));
        self.single(a, first)
    }
}

/// The import kinds `paygrid import` accepts.
pub const KINDS: [SourceKind; 6] = [
    SourceKind::Generic,
    SourceKind::LevelsFyi,
    SourceKind::Aijobs,
    SourceKind::StackOverflow,
    SourceKind::H1bLca,
    SourceKind::Oews,
];

/// Opens `reader` as a file of `kind`. Header and content checks happen
/// here, before any row is returned, so a wrong file changes nothing.
pub fn open(kind: SourceKind, file_name: &str, reader: Box<dyn Read + Send>, opts: ImportOptions) -> Result<Parsed, FileError> {
    let ctx = FileContext::from_name(file_name);
    let lower = file_name.to_ascii_lowercase();
    let jsonl =
        kind == SourceKind::Generic && (lower.ends_with(".jsonl") || lower.ends_with(".jsonl.gz") || lower.ends_with(".ndjson"));
    let format = if jsonl { Format::Jsonl } else { Format::Csv };
    let table = Table::open(reader, format, generic::COLUMNS)?;
    let hint = |k: SourceKind| Some(format!("is this a {} file? see `paygrid import --help`", k.slug()));
    let other_kind = detect(&table.header).filter(|&k| k != kind);
    let wrong = |e: FileError| match (e, other_kind) {
        (FileError::WrongHeader { missing, found, .. }, Some(k)) => FileError::WrongHeader {
            missing,
            found,
            hint: Some(format!("the header looks like a `{}` file: try `paygrid import {} …`", k.slug(), k.slug())),
        },
        (e, _) => e,
    };
    let (map, id_column): (Mapper, Option<&'static str>) = match kind {
        SourceKind::Generic => {
            if format == Format::Csv {
                table.header.require(generic::REQUIRED, hint(kind)).map_err(wrong)?;
                if !table.header.has("base") && !table.header.has("total") {
                    return Err(wrong(FileError::WrongHeader {
                        missing: vec!["base (or total)".into()],
                        found: table.header.names.clone(),
                        hint: hint(kind),
                    }));
                }
            }
            (generic::map, Some("id"))
        }
        SourceKind::LevelsFyi => {
            table.header.require(levels_fyi::REQUIRED, hint(kind)).map_err(wrong)?;
            (levels_fyi::map, Some("rowNumber"))
        }
        SourceKind::Aijobs => {
            table.header.require(aijobs::REQUIRED, hint(kind)).map_err(wrong)?;
            (aijobs::map, None)
        }
        SourceKind::StackOverflow => {
            table.header.require(stackoverflow::REQUIRED, hint(kind)).map_err(wrong)?;
            (stackoverflow::map, Some("ResponseId"))
        }
        SourceKind::H1bLca => {
            table.header.require(h1b::REQUIRED, hint(kind)).map_err(wrong)?;
            (h1b::map, None)
        }
        SourceKind::Oews => {
            table.header.require(oews::REQUIRED, hint(kind)).map_err(wrong)?;
            return Ok(Parsed::Oews(oews::OewsReader::new(table)));
        }
        SourceKind::Submission => {
            return Err(FileError::NotATable { reason: "submissions come from the web form, not from files".into() })
        }
    };
    let ranges = kind == SourceKind::Aijobs;
    Ok(Parsed::Records(RecordReader { table, kind, map, id_column, ctx, opts, ranges, peeked: None, queued: None }))
}

/// Guesses the kind from a header, to suggest the right command.
fn detect(h: &Header) -> Option<SourceKind> {
    [
        (SourceKind::Oews, oews::REQUIRED),
        (SourceKind::LevelsFyi, levels_fyi::REQUIRED),
        (SourceKind::Aijobs, aijobs::REQUIRED),
        (SourceKind::StackOverflow, stackoverflow::REQUIRED),
        (SourceKind::H1bLca, h1b::REQUIRED),
        (SourceKind::Generic, generic::REQUIRED),
    ]
    .into_iter()
    .find(|(_, cols)| cols.iter().all(|c| h.has(c)))
    .map(|(k, _)| k)
}

/// Splits a `;`-separated list (skills).
pub(crate) fn split_list(v: Option<&str>) -> Vec<String> {
    v.map(|s| s.split(';').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()).unwrap_or_default()
}

pub(crate) fn owned(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_from_file_name() {
        assert_eq!(FileContext::from_name("so_survey_2025_sample_1000.csv").year_from_name, Some(2025));
        assert_eq!(FileContext::from_name("h1b_lca_fy2013_q3_sample.csv").year_from_name, Some(2013));
        assert_eq!(FileContext::from_name("export-123456.csv").year_from_name, None);
    }
}
