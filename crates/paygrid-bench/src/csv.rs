//! The workload as CSV, so another engine can run on identical records:
//! header `role,level,metro,year,base,bonus,equity,skills,company`, amounts
//! in dollars with exactly two decimals, skills joined by `;`, TC not a
//! column (it is base + bonus + equity).
//!
//! The reader is hand-rolled for this one header: no quoting (names with
//! `,`, `;`, `"` or line breaks are refused on export), amounts parsed
//! straight to integer cents, names interned through small open-addressing
//! tables keyed by the raw bytes. That keeps ingest well above 2M rows/s on
//! one core, where a general CSV parser plus `String` keys would not.

use paygrid_engine::cube::{Codes, CubeColumns, CubeTable, MAX_CENTS, MISSING};
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

pub const HEADER: &str = "role,level,metro,year,base,bonus,equity,skills,company";

/// A CSV that is not a bench export, with the 1-based line it was found on.
#[derive(Debug)]
pub enum CsvError {
    Io(io::Error),
    Format { line: u64, message: String },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::Io(e) => write!(f, "{e}"),
            CsvError::Format { line, message } => write!(f, "line {line}: {message}"),
        }
    }
}

impl std::error::Error for CsvError {}

impl From<io::Error> for CsvError {
    fn from(e: io::Error) -> Self {
        CsvError::Io(e)
    }
}

// ---------------------------------------------------------------------------
// Export.

fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

fn push_cents(out: &mut Vec<u8>, c: u32) {
    push_u64(out, u64::from(c / 100));
    let r = c % 100;
    out.extend_from_slice(&[b'.', b'0' + (r / 10) as u8, b'0' + (r % 10) as u8]);
}

fn check_name(kind: &str, s: &str) -> io::Result<()> {
    if s.bytes().any(|b| matches!(b, b',' | b';' | b'"' | b'\n' | b'\r')) {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{kind} {s:?} contains a separator or quote")));
    }
    Ok(())
}

/// Writes every record of `t` as bench CSV. Refuses tables whose TC is not
/// base + bonus + equity, or with a missing base, since the format cannot
/// carry them.
pub fn write_csv<W: Write>(t: &CubeTable, mut w: W) -> io::Result<()> {
    let c = t.columns();
    for (kind, names) in
        [("role", &c.roles), ("level", &c.levels), ("metro", &c.metros), ("skill", &c.skills), ("company", &c.companies)]
    {
        for s in names {
            check_name(kind, s)?;
        }
    }
    let years: Vec<Vec<u8>> = c.years.iter().map(|&y| if y == 0 { Vec::new() } else { y.to_string().into_bytes() }).collect();
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(HEADER.as_bytes());
    out.push(b'\n');
    let mut skill_at = 0usize;
    for i in 0..t.len() {
        let (base, bonus, equity) = (c.base[i], c.bonus[i], c.equity[i]);
        if base == MISSING || u64::from(base) + u64::from(bonus) + u64::from(equity) != u64::from(c.tc[i]) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("row {i}: base missing or TC is not base + bonus + equity; the bench CSV cannot carry it"),
            ));
        }
        out.extend_from_slice(c.roles[c.role[i] as usize].as_bytes());
        out.push(b',');
        out.extend_from_slice(c.levels[c.level[i] as usize].as_bytes());
        out.push(b',');
        out.extend_from_slice(c.metros[c.metro[i] as usize].as_bytes());
        out.push(b',');
        out.extend_from_slice(&years[c.year[i] as usize]);
        out.push(b',');
        push_cents(&mut out, base);
        out.push(b',');
        push_cents(&mut out, bonus);
        out.push(b',');
        push_cents(&mut out, equity);
        out.push(b',');
        let k = usize::from(c.skill_count[i]);
        for j in 0..k {
            if j > 0 {
                out.push(b';');
            }
            out.extend_from_slice(c.skills[c.skill_ids.get(skill_at + j) as usize].as_bytes());
        }
        skill_at += k;
        out.push(b',');
        out.extend_from_slice(c.companies[c.company.get(i) as usize].as_bytes());
        out.push(b'\n');
        if out.len() >= 1 << 20 {
            w.write_all(&out)?;
            out.clear();
        }
    }
    w.write_all(&out)?;
    w.flush()
}

// ---------------------------------------------------------------------------
// Import.

#[inline]
fn word(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// FxHash-style mixing over 8-byte words read in place (the tail as an
/// overlapping last word): names are short, and a keyed hash's DoS
/// resistance buys nothing for a file the user chose.
#[inline]
fn hash(b: &[u8]) -> u64 {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let n = b.len();
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut h = (n as u64).wrapping_mul(K);
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            h = mix(h, word(b, i));
            i += 8;
        }
        h = mix(h, word(b, n - 8));
    } else if n >= 4 {
        let w4 = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")));
        h = mix(h, (w4(0) << 32) | w4(n - 4));
    } else if n > 0 {
        h = mix(h, u64::from(b[0]) | (u64::from(b[n / 2]) << 8) | (u64::from(b[n - 1]) << 16));
    }
    let h = (h ^ (h >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

/// High bit set in every byte of `v` that is zero (exact: no false hits
/// from borrows, unlike the shorter `(v - 0x01…) & !v` test).
#[inline]
fn zero_bytes(v: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((v & LOW7).wrapping_add(LOW7)) | v | LOW7)
}

/// Where the next line ends and where its commas are, eight bytes at a time
/// (positions relative to the line's start).
struct LineScan {
    /// Length of the line up to its `\n`, or None when the data ends first.
    end: Option<usize>,
    commas: [usize; 8],
    /// Commas seen (may exceed 8; only the first 8 are kept).
    ncommas: usize,
    quote: bool,
}

#[inline]
fn scan_line(data: &[u8], from: usize) -> LineScan {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut s = LineScan { end: None, commas: [0; 8], ncommas: 0, quote: false };
    let mut i = from;
    let note = |s: &mut LineScan, at: usize, b: u8| -> bool {
        let at = at - from;
        match b {
            b'\n' => {
                s.end = Some(at);
                return true;
            }
            b',' => {
                if s.ncommas < 8 {
                    s.commas[s.ncommas] = at;
                }
                s.ncommas += 1;
            }
            _ => s.quote = true,
        }
        false
    };
    while i + 8 <= data.len() {
        let w = word(data, i);
        let mut hits = zero_bytes(w ^ (ONES * u64::from(b'\n')))
            | zero_bytes(w ^ (ONES * u64::from(b',')))
            | zero_bytes(w ^ (ONES * u64::from(b'"')));
        while hits != 0 {
            let at = i + (hits.trailing_zeros() / 8) as usize;
            if note(&mut s, at, data[at]) {
                return s;
            }
            hits &= hits - 1;
        }
        i += 8;
    }
    while i < data.len() {
        let b = data[i];
        if matches!(b, b'\n' | b',' | b'"') && note(&mut s, i, b) {
            return s;
        }
        i += 1;
    }
    s
}

/// Names to dense ids in order of first appearance.
///
/// Open addressing over one `u64` per slot (hash tag in the high half,
/// id + 1 in the low half), names in one byte arena: a hit costs one slot
/// read and one short compare, with no pointer chase through a `String`.
struct Interner {
    arena: Vec<u8>,
    /// Start of name i in `arena`; name i ends where i + 1 starts.
    starts: Vec<u32>,
    slots: Vec<u64>,
    limit: usize,
    kind: &'static str,
}

/// Equality for short names without a call into libc's memcmp.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    if (8..=16).contains(&n) {
        let w = |x: &[u8], at: usize| u64::from_le_bytes(x[at..at + 8].try_into().expect("8 bytes"));
        w(a, 0) == w(b, 0) && w(a, n - 8) == w(b, n - 8)
    } else {
        a == b
    }
}

impl Interner {
    fn new(kind: &'static str, limit: usize) -> Interner {
        Interner { arena: Vec::new(), starts: vec![0], slots: vec![0; 64], limit, kind }
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn name(&self, id: usize) -> &[u8] {
        &self.arena[self.starts[id] as usize..self.starts[id + 1] as usize]
    }

    #[inline]
    fn id(&mut self, key: &[u8], line: u64) -> Result<u32, CsvError> {
        let h = hash(key);
        let tag = h & 0xFFFF_FFFF_0000_0000;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let e = self.slots[i];
            if e == 0 {
                return self.insert(key, h, line);
            }
            if e & 0xFFFF_FFFF_0000_0000 == tag {
                let id = (e as u32 - 1) as usize;
                if same_bytes(self.name(id), key) {
                    return Ok(id as u32);
                }
            }
            i = (i + 1) & mask;
        }
    }

    #[cold]
    fn insert(&mut self, key: &[u8], h: u64, line: u64) -> Result<u32, CsvError> {
        let id = self.len();
        if id >= self.limit || self.arena.len() + key.len() > u32::MAX as usize {
            return Err(CsvError::Format { line, message: format!("more than {} distinct {}s", self.limit, self.kind) });
        }
        if std::str::from_utf8(key).is_err() {
            return Err(CsvError::Format { line, message: format!("{} is not UTF-8", self.kind) });
        }
        self.arena.extend_from_slice(key);
        self.starts.push(self.arena.len() as u32);
        if self.len() * 2 > self.slots.len() {
            let size = self.slots.len() * 2;
            self.slots = vec![0; size];
            for j in 0..self.len() {
                let h = hash(self.name(j));
                self.place(h, j);
            }
        } else {
            self.place(h, id);
        }
        Ok(id as u32)
    }

    fn place(&mut self, h: u64, id: usize) {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (h & 0xFFFF_FFFF_0000_0000) | (id as u64 + 1);
    }

    fn into_names(self) -> Vec<String> {
        (0..self.len()).map(|i| String::from_utf8(self.name(i).to_vec()).expect("checked on insert")).collect()
    }
}

/// Exact cents of `123`, `123.4` or `123.45`; more decimals, signs or
/// exponents are refused rather than rounded.
#[inline]
fn parse_cents(f: &[u8]) -> Option<u32> {
    let (int, frac) = match f.iter().position(|&b| b == b'.') {
        Some(p) => (&f[..p], &f[p + 1..]),
        None => (f, &[][..]),
    };
    if int.is_empty() || int.len() > 10 || frac.len() > 2 {
        return None;
    }
    let mut v: u64 = 0;
    for &b in int {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    let mut c = 0u64;
    for i in 0..2 {
        let d = match frac.get(i) {
            Some(&b) => b.wrapping_sub(b'0'),
            None => 0,
        };
        if d > 9 {
            return None;
        }
        c = c * 10 + u64::from(d);
    }
    let total = v * 100 + c;
    (total <= u64::from(MAX_CENTS)).then_some(total as u32)
}

struct Reader {
    cols: CubeColumns,
    roles: Interner,
    levels: Interner,
    metros: Interner,
    skills: Interner,
    companies: Interner,
    /// Year code by year - 1900 (0 unused), for years 1901..=2155.
    year_code: Vec<u16>,
    line: u64,
}

const NO_YEAR: u16 = u16::MAX;

impl Reader {
    fn new() -> Reader {
        Reader {
            cols: CubeColumns { company: Codes::U16(Vec::new()), skill_ids: Codes::U8(Vec::new()), ..CubeColumns::default() },
            roles: Interner::new("role", 1 << 16),
            levels: Interner::new("level", 256),
            metros: Interner::new("metro", 1 << 16),
            skills: Interner::new("skill", u32::MAX as usize),
            companies: Interner::new("company", u32::MAX as usize),
            year_code: vec![NO_YEAR; 256],
            line: 1,
        }
    }

    fn err(&self, message: impl Into<String>) -> CsvError {
        CsvError::Format { line: self.line, message: message.into() }
    }

    fn year(&mut self, f: &[u8]) -> Result<u8, CsvError> {
        let y: u32 = if f.is_empty() {
            0
        } else if f.len() == 4 && f.iter().all(u8::is_ascii_digit) {
            f.iter().fold(0u32, |a, &b| a * 10 + u32::from(b - b'0'))
        } else {
            return Err(self.err("year is not a four-digit number"));
        };
        let slot = if y == 0 {
            0
        } else if (1901..=2155).contains(&y) {
            (y - 1900) as usize
        } else {
            return Err(self.err(format!("year {y} out of range")));
        };
        if self.year_code[slot] == NO_YEAR {
            self.year_code[slot] = self.cols.years.len() as u16;
            self.cols.years.push(y as i16);
        }
        Ok(self.year_code[slot] as u8)
    }

    fn amount(&self, f: &[u8], what: &str) -> Result<u32, CsvError> {
        parse_cents(f).ok_or_else(|| {
            self.err(format!("{what} {:?} is not an amount with at most two decimals", String::from_utf8_lossy(f)))
        })
    }

    /// One data line (without its `\n`) and its scan.
    #[inline]
    fn row(&mut self, line: &[u8], scan: &LineScan) -> Result<(), CsvError> {
        if scan.quote {
            return Err(self.err("quoted fields are not part of the bench CSV format"));
        }
        if scan.ncommas != 8 {
            return Err(self.err("expected 9 fields"));
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let commas = scan.commas;
        let field = |i: usize| {
            let from = if i == 0 { 0 } else { commas[i - 1] + 1 };
            let to = if i == 8 { line.len() } else { commas[i] };
            &line[from.min(to)..to]
        };
        let line_no = self.line;
        let [role, level, metro, year, base, bonus, equity, skills, company] = std::array::from_fn(field);
        let role = self.roles.id(role, line_no)? as u16;
        let level = self.levels.id(level, line_no)? as u8;
        let metro = self.metros.id(metro, line_no)? as u16;
        let year = self.year(year)?;
        let base = self.amount(base, "base")?;
        let bonus = self.amount(bonus, "bonus")?;
        let equity = self.amount(equity, "equity")?;
        let tc = u64::from(base) + u64::from(bonus) + u64::from(equity);
        if tc > u64::from(MAX_CENTS) {
            return Err(self.err("base + bonus + equity is above the largest storable amount"));
        }
        let mut count = 0u32;
        if !skills.is_empty() {
            for s in skills.split(|&b| b == b';') {
                let id = self.skills.id(s, line_no)?;
                self.cols.skill_ids.push(id);
                count += 1;
            }
        }
        if count > u32::from(u8::MAX) {
            return Err(self.err("more than 255 skills"));
        }
        let company = self.companies.id(company, line_no)?;
        let c = &mut self.cols;
        c.role.push(role);
        c.level.push(level);
        c.metro.push(metro);
        c.year.push(year);
        c.base.push(base);
        c.bonus.push(bonus);
        c.equity.push(equity);
        c.tc.push(tc as u32);
        c.company.push(company);
        c.skill_count.push(count as u8);
        Ok(())
    }

    fn finish(mut self) -> Result<CubeTable, CsvError> {
        self.cols.roles = self.roles.into_names();
        self.cols.levels = self.levels.into_names();
        self.cols.metros = self.metros.into_names();
        self.cols.skills = self.skills.into_names();
        self.cols.companies = self.companies.into_names();
        self.cols.sort_years();
        CubeTable::from_columns(self.cols).map_err(|e| CsvError::Format { line: 0, message: e.to_string() })
    }
}

impl Reader {
    fn reserve(&mut self, rows: usize) {
        let c = &mut self.cols;
        c.role.reserve(rows);
        c.level.reserve(rows);
        c.metro.reserve(rows);
        c.year.reserve(rows);
        c.base.reserve(rows);
        c.bonus.reserve(rows);
        c.equity.reserve(rows);
        c.tc.reserve(rows);
        c.skill_count.reserve(rows);
        if let Codes::U16(v) = &mut c.company {
            v.reserve(rows);
        }
        if let Codes::U8(v) = &mut c.skill_ids {
            v.reserve(rows * 3);
        }
    }

    /// Parses lines from `r` in 8 MiB chunks. With `header`, the first line
    /// must be the header; without, `r` starts one byte before the range
    /// and everything up to the first `\n` belongs to the previous range.
    /// Stops after the line that starts before `limit` bytes (of `r`).
    fn parse<R: Read>(&mut self, mut r: R, header: bool, limit: u64) -> Result<(), CsvError> {
        const CHUNK: usize = 8 << 20;
        let mut buf = vec![0u8; CHUNK];
        let mut filled = 0usize;
        // Offset in `r` of buf[0].
        let mut base: u64 = 0;
        let mut skip_first = !header;
        let mut header_seen = !header;
        loop {
            if filled == buf.len() {
                // A line longer than the buffer: grow rather than fail.
                buf.resize(buf.len() * 2, 0);
            }
            let got = r.read(&mut buf[filled..])?;
            let eof = got == 0;
            filled += got;
            let mut start = 0usize;
            let data = &buf[..filled];
            loop {
                if base + start as u64 >= limit {
                    return Ok(());
                }
                let scan = scan_line(data, start);
                let Some(len) = scan.end else { break };
                let line = &data[start..start + len];
                if skip_first {
                    skip_first = false;
                } else if !header_seen {
                    let h = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    let h = h.strip_suffix(b"\r").unwrap_or(h);
                    if h != HEADER.as_bytes() {
                        return Err(self.err(format!("header is not {HEADER}")));
                    }
                    header_seen = true;
                    self.line += 1;
                } else {
                    if !line.is_empty() {
                        self.row(line, &scan)?;
                    }
                    self.line += 1;
                }
                start += len + 1;
            }
            if eof {
                let tail = &data[start..];
                if !header_seen {
                    return Err(self.err(if tail.is_empty() && self.line == 1 && base == 0 {
                        "empty file: no header".to_string()
                    } else {
                        format!("header is not {HEADER}")
                    }));
                }
                if !tail.is_empty() && !skip_first && base + (start as u64) < limit {
                    let scan = scan_line(tail, 0);
                    self.row(tail, &scan)?;
                }
                return Ok(());
            }
            buf.copy_within(start..filled, 0);
            base += start as u64;
            filled -= start;
        }
    }

    /// Appends another range's rows, translating its codes into this
    /// reader's dictionaries (names new to this reader get the next codes,
    /// as if one reader had read both ranges in order).
    fn append(&mut self, other: Reader) -> Result<(), CsvError> {
        let map = |to: &mut Interner, from: &Interner, line: u64| -> Result<Vec<u32>, CsvError> {
            (0..from.len()).map(|i| to.id(from.name(i), line)).collect()
        };
        let line = self.line;
        let roles = map(&mut self.roles, &other.roles, line)?;
        let levels = map(&mut self.levels, &other.levels, line)?;
        let metros = map(&mut self.metros, &other.metros, line)?;
        let skills = map(&mut self.skills, &other.skills, line)?;
        let companies = map(&mut self.companies, &other.companies, line)?;
        let mut years = Vec::with_capacity(other.cols.years.len());
        for &y in &other.cols.years {
            let slot = if y == 0 { 0 } else { (y - 1900) as usize };
            if self.year_code[slot] == NO_YEAR {
                self.year_code[slot] = self.cols.years.len() as u16;
                self.cols.years.push(y);
            }
            years.push(self.year_code[slot] as u8);
        }
        let (c, o) = (&mut self.cols, other.cols);
        c.role.extend(o.role.iter().map(|&x| roles[x as usize] as u16));
        c.level.extend(o.level.iter().map(|&x| levels[x as usize] as u8));
        c.metro.extend(o.metro.iter().map(|&x| metros[x as usize] as u16));
        c.year.extend(o.year.iter().map(|&x| years[x as usize]));
        c.base.extend_from_slice(&o.base);
        c.bonus.extend_from_slice(&o.bonus);
        c.equity.extend_from_slice(&o.equity);
        c.tc.extend_from_slice(&o.tc);
        c.skill_count.extend_from_slice(&o.skill_count);
        for i in 0..o.company.len() {
            c.company.push(companies[o.company.get(i) as usize]);
        }
        for i in 0..o.skill_ids.len() {
            c.skill_ids.push(skills[o.skill_ids.get(i) as usize]);
        }
        self.line += other.line - 1;
        Ok(())
    }
}

/// Reads a bench CSV from any reader, on one thread. `rows_hint`
/// pre-sizes the columns.
pub fn read_csv<R: Read>(r: R, rows_hint: usize) -> Result<CubeTable, CsvError> {
    let mut rd = Reader::new();
    rd.reserve(rows_hint);
    rd.parse(r, true, u64::MAX)?;
    rd.finish()
}

/// Reads a bench CSV file on up to `threads` threads (0 = all cores): each
/// parses one byte range with its own dictionaries, then the ranges are
/// joined in file order, so the table is the one [`read_csv`] gives.
pub fn read_csv_file(path: &Path, threads: usize, rows_hint: usize) -> Result<CubeTable, CsvError> {
    let threads = if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { threads };
    let len = std::fs::metadata(path)?.len();
    // Below a few MiB a second thread costs more than it saves.
    let ranges = (threads as u64).min(len / (4 << 20)).max(1);
    read_csv_ranges(path, ranges as usize, rows_hint)
}

/// [`read_csv_file`] with the file split into exactly `ranges` byte ranges
/// (one thread each), whatever its size.
pub fn read_csv_ranges(path: &Path, ranges: usize, rows_hint: usize) -> Result<CubeTable, CsvError> {
    let len = std::fs::metadata(path)?.len();
    let ranges = (ranges.max(1) as u64).min(len.max(1));
    if ranges == 1 {
        return read_csv(File::open(path)?, rows_hint);
    }
    let bounds: Vec<u64> = (0..=ranges).map(|i| len * i / ranges).collect();
    let per = rows_hint / ranges as usize + 1;
    let results: Vec<Result<Reader, CsvError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..ranges as usize)
            .map(|i| {
                let (lo, hi) = (bounds[i], bounds[i + 1]);
                s.spawn(move || -> Result<Reader, CsvError> {
                    let mut f = File::open(path)?;
                    let mut rd = Reader::new();
                    // The first range's columns become the table's: room
                    // for every row, so joining the others does not move it.
                    rd.reserve(if i == 0 { rows_hint } else { per });
                    if i == 0 {
                        rd.parse(f, true, hi)?;
                    } else {
                        // Start one byte early: the range's first line is the
                        // one after the first newline at or after lo - 1.
                        f.seek(SeekFrom::Start(lo - 1))?;
                        rd.parse(f, false, hi - (lo - 1))?;
                    }
                    Ok(rd)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("csv thread")).collect()
    });
    let mut readers = Vec::with_capacity(results.len());
    let mut lines_before = 0u64;
    for r in results {
        match r {
            Ok(rd) => {
                lines_before += rd.line - 1;
                readers.push(rd);
            }
            // A later range's line numbers count from its own start: add
            // the lines of the ranges before it.
            Err(CsvError::Format { line, message }) => return Err(CsvError::Format { line: line + lines_before, message }),
            Err(e) => return Err(e),
        }
    }
    let mut it = readers.into_iter();
    let mut first = it.next().expect("at least one range");
    first.reserve(rows_hint.saturating_sub(first.cols.role.len()));
    for rd in it {
        first.append(rd)?;
    }
    first.finish()
}

/// Whether two tables hold the same records in the same order, whatever
/// codes their dictionaries gave the names.
pub fn same_records(a: &CubeTable, b: &CubeTable) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (x, y) = (a.columns(), b.columns());
    // Code in a -> code in b, through the names.
    fn map(from: &[String], to: &[String]) -> Option<Vec<u32>> {
        let idx: std::collections::HashMap<&str, u32> = to.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();
        from.iter().map(|s| idx.get(s.as_str()).copied().or(Some(u32::MAX))).collect()
    }
    let (Some(roles), Some(levels), Some(metros), Some(skills), Some(companies)) = (
        map(&x.roles, &y.roles),
        map(&x.levels, &y.levels),
        map(&x.metros, &y.metros),
        map(&x.skills, &y.skills),
        map(&x.companies, &y.companies),
    ) else {
        return false;
    };
    let years_y: std::collections::HashMap<i16, u32> = y.years.iter().enumerate().map(|(i, &v)| (v, i as u32)).collect();
    let years: Vec<u32> = x.years.iter().map(|v| years_y.get(v).copied().unwrap_or(u32::MAX)).collect();
    if x.skill_ids.len() != y.skill_ids.len() || x.skill_count != y.skill_count {
        return false;
    }
    (0..a.len()).all(|i| {
        roles[x.role[i] as usize] == u32::from(y.role[i])
            && levels[x.level[i] as usize] == u32::from(y.level[i])
            && metros[x.metro[i] as usize] == u32::from(y.metro[i])
            && years[x.year[i] as usize] == u32::from(y.year[i])
            && x.base[i] == y.base[i]
            && x.bonus[i] == y.bonus[i]
            && x.equity[i] == y.equity[i]
            && x.tc[i] == y.tc[i]
            && companies[x.company.get(i) as usize] == y.company.get(i)
    }) && (0..x.skill_ids.len()).all(|j| skills[x.skill_ids.get(j) as usize] == y.skill_ids.get(j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_parse_exactly() {
        assert_eq!(parse_cents(b"123.45"), Some(12_345));
        assert_eq!(parse_cents(b"123.4"), Some(12_340));
        assert_eq!(parse_cents(b"123"), Some(12_300));
        assert_eq!(parse_cents(b"0.07"), Some(7));
        assert_eq!(parse_cents(b"1.234"), None);
        assert_eq!(parse_cents(b"-1.00"), None);
        assert_eq!(parse_cents(b"1e5"), None);
        assert_eq!(parse_cents(b""), None);
        assert_eq!(parse_cents(b"99999999999.00"), None);
        let mut v = Vec::new();
        push_cents(&mut v, 1_234_507);
        assert_eq!(v, b"12345.07");
    }

    #[test]
    fn bad_files_are_refused_with_their_line() {
        let bad_header = read_csv(&b"role,level\nx,y\n"[..], 0).unwrap_err();
        assert!(matches!(bad_header, CsvError::Format { line: 1, .. }), "{bad_header}");
        let text = format!("{HEADER}\nr,entry,m,2020,100.00,0.00,0.00,s,c\nr,entry,m,2020,1.001,0,0,s,c\n");
        let e = read_csv(text.as_bytes(), 0).unwrap_err();
        assert!(matches!(e, CsvError::Format { line: 3, .. }), "{e}");
        let short = format!("{HEADER}\nr,entry,m,2020,100.00\n");
        assert!(read_csv(short.as_bytes(), 0).is_err());
        assert!(read_csv(&b""[..], 0).is_err());
    }

    #[test]
    fn crlf_and_missing_final_newline_and_empty_fields() {
        let text = format!("{HEADER}\r\nr,entry,m,2021,100.00,1.50,0,,\r\nr,mid,m,,200,0,0,a;b,c");
        let t = read_csv(text.as_bytes(), 0).unwrap();
        let c = t.columns();
        assert_eq!(t.len(), 2);
        assert_eq!(c.years, vec![0, 2021]);
        assert_eq!((c.year[0], c.year[1]), (1, 0));
        assert_eq!(c.tc[0], 10_150);
        assert_eq!(c.skill_count, vec![0, 2]);
        assert_eq!(c.companies, vec!["".to_string(), "c".to_string()]);
    }
}
