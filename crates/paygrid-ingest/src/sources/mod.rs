//! One module per source format. Each declares its required columns and
//! maps one row onto a [`RawRow`]; everything else is shared.

mod aijobs;
pub(crate) mod generic;
mod h1b;
mod levels_fyi;
mod oews;
mod stackoverflow;

pub use oews::{OewsOutcome, OewsRow};

use crate::assemble::{assemble, ImportOptions, RawRow};
use crate::table::{Format, Header, Row, Table};
use crate::{FileError, Fingerprint, Outcome, Reject};
use paygrid_domain::SourceKind;
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
}

impl Iterator for RecordReader {
    type Item = Result<Outcome, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = match self.table.next_row() {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        if let Some((field, reason)) = &row.problem {
            return Some(Ok(Outcome::Rejected(Reject { row: row.line, field: field.clone(), reason: reason.clone() })));
        }
        let outcome =
            (self.map)(&self.table.header, &row, &self.ctx).and_then(|raw| assemble(self.kind, raw, &self.opts)).map(|record| {
                let key = match (self.id_column, record.external_id.as_deref()) {
                    (Some(_), Some(id)) => format!("id:{id}"),
                    _ => {
                        let mut fp = Fingerprint::new();
                        row.values().for_each(|v| fp.field(v));
                        if self.opts.keep_duplicates {
                            fp.field(&row.line.to_string());
                        }
                        format!("h:{}", fp.hex())
                    }
                };
                Outcome::Accepted { row: row.line, key, record: Box::new(record) }
            });
        Some(Ok(outcome.unwrap_or_else(Outcome::Rejected)))
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
    Ok(Parsed::Records(RecordReader { table, kind, map, id_column, ctx, opts }))
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
