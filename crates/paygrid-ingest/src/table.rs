//! Turning raw bytes into rows of text: gzip, byte-order marks, encodings,
//! binary sniffing, header checks and structural row problems. Importers
//! never see bytes.

use crate::FileError;
use flate2::read::MultiGzDecoder;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

/// A field longer than this is a row problem, not data (protects the store
/// and the pages from megabyte "titles").
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

/// One data row, as text, in header order.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    values: Vec<Option<String>>,
    /// The first structural problem found (field, reason): wrong field
    /// count, NUL byte, oversized field. The importer rejects such a row.
    pub problem: Option<(String, String)>,
}

impl Row {
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|v| v.as_deref().unwrap_or(""))
    }
}

pub struct Header {
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Header {
    fn new(names: Vec<String>) -> Header {
        let index = names.iter().enumerate().map(|(i, n)| (normalize_name(n), i)).rev().collect();
        Header { names, index }
    }

    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(&normalize_name(name))
    }

    /// The value of `name` in `row`, trimmed; `None` for a missing column or
    /// an empty / `NA` / `N/A` / `null` cell (the sources' ways of saying "unknown").
    pub fn get<'r>(&self, row: &'r Row, name: &str) -> Option<&'r str> {
        let i = *self.index.get(&normalize_name(name))?;
        let v = row.values.get(i)?.as_deref()?.trim();
        (!is_missing(v)).then_some(v)
    }

    /// Fails with a clear header error unless every column in `required` is present.
    pub fn require(&self, required: &[&str], hint: Option<String>) -> Result<(), FileError> {
        let missing: Vec<String> = required.iter().filter(|c| !self.has(c)).map(|c| c.to_string()).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(FileError::WrongHeader { missing, found: self.names.clone(), hint })
        }
    }
}

fn normalize_name(n: &str) -> String {
    n.trim().trim_matches('"').to_ascii_lowercase()
}

pub fn is_missing(v: &str) -> bool {
    v.is_empty() || v.eq_ignore_ascii_case("na") || v.eq_ignore_ascii_case("n/a") || v.eq_ignore_ascii_case("null")
}

enum Inner {
    Csv(csv::Reader<Box<dyn BufRead + Send>>),
    Jsonl { lines: Box<dyn BufRead + Send>, line: u64 },
}

/// A decoded table: header plus a row iterator.
pub struct Table {
    pub header: Header,
    inner: Inner,
    record: csv::ByteRecord,
}

/// Unwraps gzip, strips a UTF-8 BOM and refuses binary content, looking only
/// at the first 8 KiB so that huge files are not read twice.
fn prepare(reader: Box<dyn Read + Send>) -> Result<Box<dyn BufRead + Send>, FileError> {
    let mut buf = BufReader::with_capacity(1 << 16, reader);
    let head = buf.fill_buf()?;
    let mut r: Box<dyn BufRead + Send> = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(buf)))
    } else {
        Box::new(buf)
    };
    let head = r.fill_buf().map_err(|e| FileError::NotATable { reason: format!("cannot decompress: {e}") })?;
    if head.is_empty() {
        return Err(FileError::NotATable { reason: "the file is empty".into() });
    }
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return Err(FileError::NotATable { reason: "UTF-16 text; save the file as UTF-8".into() });
    }
    // Binary formats are dense in control bytes (random bytes: ~12%); a text
    // table with a stray NUL or two is still a table, and those rows are
    // rejected one by one instead.
    let sample = &head[..head.len().min(8192)];
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')).count();
    if controls >= 4 && controls * 100 > sample.len() {
        return Err(FileError::NotATable { reason: "binary content (control bytes in the first 8 KiB)".into() });
    }
    if head.starts_with(&[0xef, 0xbb, 0xbf]) {
        r.consume(3);
    }
    Ok(r)
}

/// Decodes one field: UTF-8 when valid, otherwise Windows-1252 (what the
/// US government extracts and old spreadsheets actually use).
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| cp1252(b)).collect(),
    }
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“',
        '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

impl Table {
    pub fn open(reader: Box<dyn Read + Send>, format: Format, jsonl_columns: &[&str]) -> Result<Table, FileError> {
        let r = prepare(reader)?;
        match format {
            Format::Csv => {
                let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(r);
                let mut record = csv::ByteRecord::new();
                let got = csv.read_byte_record(&mut record).map_err(|e| FileError::NotATable { reason: e.to_string() })?;
                if !got {
                    return Err(FileError::NotATable { reason: "no header row".into() });
                }
                let names: Vec<String> = record.iter().map(decode).collect();
                if names.len() < 2 {
                    return Err(FileError::NotATable {
                        reason: format!("the header has {} column; a table needs commas between columns", names.len()),
                    });
                }
                Ok(Table { header: Header::new(names), inner: Inner::Csv(csv), record })
            }
            Format::Jsonl => {
                let names = jsonl_columns.iter().map(|s| s.to_string()).collect();
                Ok(Table {
                    header: Header::new(names),
                    inner: Inner::Jsonl { lines: r, line: 0 },
                    record: csv::ByteRecord::new(),
                })
            }
        }
    }

    /// The next row, `Ok(None)` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        match &mut self.inner {
            Inner::Csv(csv) => {
                let before = csv.position().record() + 1;
                let result = csv.read_byte_record(&mut self.record);
                let line = self.record.position().map(|p| p.record() + 1).unwrap_or(before);
                match result {
                    Ok(false) => Ok(None),
                    Ok(true) => {
                        let width = self.header.names.len();
                        let mut problem = None;
                        if self.record.len() != width && !(self.record.len() == 1 && self.record[0].is_empty()) {
                            let what = if self.record.len() < width { "truncated row" } else { "too many fields" };
                            let field = self
                                .header
                                .names
                                .get(self.record.len().min(width.saturating_sub(1)))
                                .cloned()
                                .unwrap_or_default();
                            problem = Some((field, format!("{what}: {} fields, the header has {width}", self.record.len())));
                        }
                        let mut values = Vec::with_capacity(width);
                        for (i, f) in self.record.iter().enumerate() {
                            let name = || self.header.names.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1));
                            if problem.is_none() && f.contains(&0) {
                                problem = Some((name(), "contains a NUL byte".into()));
                            }
                            if problem.is_none() && f.len() > MAX_FIELD_BYTES {
                                problem =
                                    Some((name(), format!("field is {} bytes, over the {MAX_FIELD_BYTES}-byte limit", f.len())));
                            }
                            values.push(if f.len() > MAX_FIELD_BYTES { None } else { Some(decode(f)) });
                        }
                        if self.record.len() == 1 && self.record[0].is_empty() {
                            // A blank line: not a row.
                            return self.next_row();
                        }
                        Ok(Some(Row { line: line.max(1), values, problem }))
                    }
                    Err(e) => Err(FileError::Malformed { row: line, reason: e.to_string() }),
                }
            }
            Inner::Jsonl { lines, line } => loop {
                let mut buf = Vec::new();
                let n = read_line_limited(lines.as_mut(), &mut buf)?;
                if n == 0 {
                    return Ok(None);
                }
                *line += 1;
                if buf.iter().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                return Ok(Some(json_row(&self.header, *line, &buf)));
            },
        }
    }
}

/// Reads one line but keeps at most 4 MiB of it, so a newline-free
/// gigabyte cannot exhaust memory; the row is then rejected.
fn read_line_limited(r: &mut dyn BufRead, out: &mut Vec<u8>) -> Result<usize, FileError> {
    const LIMIT: usize = 4 << 20;
    let mut total = 0;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(total);
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if out.len() < LIMIT {
            out.extend_from_slice(&chunk[..take.min(LIMIT - out.len())]);
        }
        r.consume(take);
        total += take;
        if done {
            return Ok(total);
        }
    }
}

fn json_row(header: &Header, line: u64, bytes: &[u8]) -> Row {
    let mut values = vec![None; header.names.len()];
    let text = decode(bytes);
    let parsed: Result<serde_json::Value, _> = serde_json::from_str(text.trim());
    let obj = match parsed {
        Ok(serde_json::Value::Object(o)) => o,
        Ok(_) => return Row { line, values, problem: Some(("(line)".into(), "not a JSON object".into())) },
        Err(e) => return Row { line, values, problem: Some(("(line)".into(), format!("invalid JSON: {e}"))) },
    };
    let mut problem = None;
    for (k, v) in obj {
        let Some(&i) = header.index.get(&normalize_name(&k)) else { continue };
        let s = match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            serde_json::Value::Array(items) => Some(
                items
                    .iter()
                    .map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string()))
                    .collect::<Vec<_>>()
                    .join(";"),
            ),
            serde_json::Value::Object(_) => {
                problem.get_or_insert((k.clone(), "nested objects are not accepted".into()));
                None
            }
        };
        if let Some(s) = &s {
            if s.contains('\0') {
                problem.get_or_insert((k.clone(), "contains a NUL byte".into()));
            } else if s.len() > MAX_FIELD_BYTES {
                problem.get_or_insert((k.clone(), format!("field is {} bytes, over the {MAX_FIELD_BYTES}-byte limit", s.len())));
                continue;
            }
        }
        values[i] = s;
    }
    Row { line, values, problem }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(bytes: &'static [u8]) -> Result<Table, FileError> {
        Table::open(Box::new(bytes), Format::Csv, &[])
    }

    #[test]
    fn windows_1252_fallback() {
        assert_eq!(decode(b"Caf\xe9 \x80"), "Café €");
        assert_eq!(decode("Café".as_bytes()), "Café");
    }

    #[test]
    fn binary_and_empty_are_not_tables() {
        assert!(matches!(open(b"\x00\x01\x02\x03\x04garbage"), Err(FileError::NotATable { .. })));
        assert!(matches!(open(b""), Err(FileError::NotATable { .. })));
        assert!(matches!(open(b"\xff\xfea\x00b\x00"), Err(FileError::NotATable { .. })));
        assert!(matches!(open(b"just one column\nx\n"), Err(FileError::NotATable { .. })));
    }

    #[test]
    fn bom_crlf_and_truncated_rows() {
        let mut t = open(b"\xef\xbb\xbfa,b,c\r\n1,2,3\r\n4,5\r\n\r\n6,7,8,9\r\n").unwrap();
        assert_eq!(t.header.names, ["a", "b", "c"]);
        let r = t.next_row().unwrap().unwrap();
        assert_eq!((r.line, r.problem.is_none(), t.header.get(&r, "c")), (2, true, Some("3")));
        let r = t.next_row().unwrap().unwrap();
        assert_eq!(r.line, 3);
        assert!(r.problem.unwrap().1.starts_with("truncated row"));
        let r = t.next_row().unwrap().unwrap();
        assert!(r.problem.unwrap().1.starts_with("too many fields"));
        assert!(t.next_row().unwrap().is_none());
    }

    #[test]
    fn jsonl_rows() {
        let data: &'static [u8] = b"{\"title\":\"SWE\",\"base\":100000,\"skills\":[\"Rust\",\"Go\"]}\n\nnot json\n";
        let mut t = Table::open(Box::new(data), Format::Jsonl, &["title", "base", "skills"]).unwrap();
        let r = t.next_row().unwrap().unwrap();
        assert_eq!(t.header.get(&r, "base"), Some("100000"));
        assert_eq!(t.header.get(&r, "skills"), Some("Rust;Go"));
        let r = t.next_row().unwrap().unwrap();
        assert_eq!(r.line, 3);
        assert!(r.problem.unwrap().1.starts_with("invalid JSON"));
    }
}
