//! The benchmark cube: every role x level x metro x year cell's n, mean and
//! p10–p90 of base and of TC, over a lean columnar table, plus an index that
//! answers one role x level x metro cell (all years) in microseconds.
//!
//! Why a second table next to [`Snapshot`]: the snapshot keeps every field
//! of a record as `f64`/`u32` columns for the regressions and breakdowns,
//! about 150 bytes a record. Recomputing all ~750k cells of 10M records, or
//! serving a cell per web request, needs only the cell coordinates and two
//! amounts, so this table keeps pay as integer cents (`u32`: sums are exact,
//! sorting is integer sorting, and `cents / 100` reproduces the snapshot's
//! rounded-to-the-cent `f64` bit for bit) and coordinates as small codes.
//!
//! Exactness: percentiles are type 7 evaluated with exactly the operations of
//! [`paygrid_stats::quantile_sorted`] on the same `f64` dollar values, so
//! they agree bit for bit; means are Σcents / (100·n), one correctly rounded
//! division of exact integers (at least as exact as the pairwise `f64` sum
//! of [`paygrid_stats::mean`], with which they agree to far below a cent).
//! Nothing here approximates.
//!
//! How the cube is fast: rows are first partitioned by the high bits of a
//! packed cell key into ~1k buckets (a counting pass and a scatter pass,
//! one share of the rows per core), then each bucket — small enough to stay
//! in cache — is counting-sorted by the low bits into cells, and each cell's
//! few values are sorted as integers. No per-cell allocation; a
//! [`CubeScratch`] lets a long-lived process reuse every buffer.
//!
//! Privacy: [`Cube::unfloored_cells`] holds raw figures for every cell,
//! including those under the floor, for exactness checks on synthetic data;
//! anything published goes through [`Cube::published`] or [`CellIndex::lookup`],
//! which apply the floor like every other engine result.

use crate::benchmark::{floor_reason, no_values_reason, Measure};
use crate::snapshot::{Snapshot, NONE, NO_LEVEL};
use paygrid_domain::Level;
use paygrid_stats::{mean_ci_from, percentile_publishable, Ci, Confidence, QuantileCi, DEFAULT_FLOOR, MEAN_T_MIN_N, STANDARD_PS};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// A missing amount (a record with no base salary, or no TC): sorts after
/// every real amount, so a sorted run's real values are its prefix.
pub const MISSING: u32 = u32::MAX;
/// Largest storable amount in cents ($42,949,672.94): the sanity range
/// (at most $5M by default) is far below it.
pub const MAX_CENTS: u32 = MISSING - 1;
/// Rows per entry of the skill offset table: a row's skills are found from
/// its block's offset plus the counts of the rows before it in the block,
/// so skills cost one byte of count per row instead of a four-byte offset.
pub const SKILL_BLOCK: usize = 64;

/// Dictionary codes stored in the narrowest width that holds them, so a
/// column of 20,000 companies costs two bytes a row, not four.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Default for Codes {
    fn default() -> Self {
        Codes::U8(Vec::new())
    }
}

impl Codes {
    /// An empty column wide enough for codes below `distinct`.
    pub fn for_distinct(distinct: usize, capacity: usize) -> Codes {
        if distinct <= 1 << 8 {
            Codes::U8(Vec::with_capacity(capacity))
        } else if distinct <= 1 << 16 {
            Codes::U16(Vec::with_capacity(capacity))
        } else {
            Codes::U32(Vec::with_capacity(capacity))
        }
    }

    /// Appends a code, widening the column when it no longer fits.
    pub fn push(&mut self, code: u32) {
        match self {
            Codes::U8(v) if code <= u32::from(u8::MAX) => v.push(code as u8),
            Codes::U16(v) if code <= u32::from(u16::MAX) => v.push(code as u16),
            Codes::U32(v) => v.push(code),
            _ => {
                self.widen(code);
                self.push(code);
            }
        }
    }

    fn widen(&mut self, code: u32) {
        let old = std::mem::take(self);
        *self = match old {
            Codes::U8(v) if code <= u32::from(u16::MAX) => Codes::U16(v.into_iter().map(u16::from).collect()),
            Codes::U8(v) => Codes::U32(v.into_iter().map(u32::from).collect()),
            Codes::U16(v) => Codes::U32(v.into_iter().map(u32::from).collect()),
            Codes::U32(v) => Codes::U32(v),
        };
    }

    pub fn get(&self, i: usize) -> u32 {
        match self {
            Codes::U8(v) => u32::from(v[i]),
            Codes::U16(v) => u32::from(v[i]),
            Codes::U32(v) => v[i],
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
            Codes::U32(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn max(&self) -> Option<u32> {
        match self {
            Codes::U8(v) => v.iter().max().map(|&x| u32::from(x)),
            Codes::U16(v) => v.iter().max().map(|&x| u32::from(x)),
            Codes::U32(v) => v.iter().max().copied(),
        }
    }

    /// Bytes held on the heap (capacity, not length: what is resident).
    pub fn heap_bytes(&self) -> usize {
        match self {
            Codes::U8(v) => v.capacity(),
            Codes::U16(v) => v.capacity() * 2,
            Codes::U32(v) => v.capacity() * 4,
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            Codes::U8(v) => v.shrink_to_fit(),
            Codes::U16(v) => v.shrink_to_fit(),
            Codes::U32(v) => v.shrink_to_fit(),
        }
    }
}

/// The table's dictionaries and columns as a producer hands them over
/// (generator, CSV reader, [`CubeTableBuilder`]); [`CubeTable::from_columns`]
/// checks them. Amounts are cents; `base` and `tc` may be [`MISSING`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CubeColumns {
    pub roles: Vec<String>,
    pub levels: Vec<String>,
    pub metros: Vec<String>,
    /// Calendar year per year code, ascending; 0 = unknown year.
    pub years: Vec<i16>,
    pub skills: Vec<String>,
    /// Company names; an unknown company is the empty name.
    pub companies: Vec<String>,

    pub role: Vec<u16>,
    pub level: Vec<u8>,
    pub metro: Vec<u16>,
    pub year: Vec<u8>,
    pub base: Vec<u32>,
    pub bonus: Vec<u32>,
    pub equity: Vec<u32>,
    /// Total compensation as the source defines it (base + bonus + equity,
    /// plus signing / 4 where a source gives it), so it is stored rather
    /// than re-added.
    pub tc: Vec<u32>,
    pub company: Codes,
    /// Skills per row; the ids follow in `skill_ids`, row after row.
    pub skill_count: Vec<u8>,
    pub skill_ids: Codes,
}

/// Why columns cannot form a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CubeError {
    /// Columns of different lengths, or skill counts not matching the ids.
    Shape(String),
    /// A code with no dictionary entry.
    Code(String),
    /// More distinct cells than a 32-bit key holds.
    TooManyCells(u64),
    /// An amount that is negative, not finite or above [`MAX_CENTS`].
    Amount(String),
}

impl fmt::Display for CubeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CubeError::Shape(m) | CubeError::Code(m) | CubeError::Amount(m) => f.write_str(m),
            CubeError::TooManyCells(n) => write!(f, "{n} possible cells do not fit a 32-bit cell key"),
        }
    }
}

impl std::error::Error for CubeError {}

/// Sizes of the four cell coordinates; a cell key packs them as
/// ((role·levels + level)·metros + metro)·years + year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CubeDims {
    pub roles: u32,
    pub levels: u32,
    pub metros: u32,
    pub years: u32,
}

impl CubeDims {
    /// Number of possible cells (the key space).
    pub fn cells(&self) -> u64 {
        u64::from(self.roles) * u64::from(self.levels) * u64::from(self.metros) * u64::from(self.years)
    }

    pub fn key(&self, role: u16, level: u8, metro: u16, year: u8) -> u32 {
        ((u32::from(role) * self.levels + u32::from(level)) * self.metros + u32::from(metro)) * self.years + u32::from(year)
    }

    /// (role, level, metro, year) codes of a key.
    pub fn decode(&self, key: u32) -> (u16, u8, u16, u8) {
        let year = key % self.years;
        let rest = key / self.years;
        let metro = rest % self.metros;
        let rest = rest / self.metros;
        ((rest / self.levels) as u16, (rest % self.levels) as u8, metro as u16, year as u8)
    }
}

/// The columnar table the cube and the cell index are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct CubeTable {
    cols: CubeColumns,
    /// Index into `skill_ids` of the first skill of every [`SKILL_BLOCK`]-th row.
    skill_block: Vec<u32>,
}

impl CubeTable {
    /// Checks and adopts columns: equal lengths, every code inside its
    /// dictionary, skill counts adding up to the ids, years ascending.
    pub fn from_columns(mut cols: CubeColumns) -> Result<CubeTable, CubeError> {
        let n = cols.role.len();
        let lens = [
            ("level", cols.level.len()),
            ("metro", cols.metro.len()),
            ("year", cols.year.len()),
            ("base", cols.base.len()),
            ("bonus", cols.bonus.len()),
            ("equity", cols.equity.len()),
            ("tc", cols.tc.len()),
            ("company", cols.company.len()),
            ("skill_count", cols.skill_count.len()),
        ];
        if let Some((name, len)) = lens.iter().find(|(_, l)| *l != n) {
            return Err(CubeError::Shape(format!("column {name} has {len} rows, role has {n}")));
        }
        if n > u32::MAX as usize {
            return Err(CubeError::Shape(format!("{n} rows: at most {} fit the table's row ids", u32::MAX)));
        }
        let check = |name: &str, max: Option<u32>, dict: usize| match max {
            Some(m) if m as usize >= dict => Err(CubeError::Code(format!("{name} code {m} but only {dict} {name}s"))),
            _ => Ok(()),
        };
        check("role", cols.role.iter().max().map(|&x| u32::from(x)), cols.roles.len())?;
        check("level", cols.level.iter().max().map(|&x| u32::from(x)), cols.levels.len())?;
        check("metro", cols.metro.iter().max().map(|&x| u32::from(x)), cols.metros.len())?;
        check("year", cols.year.iter().max().map(|&x| u32::from(x)), cols.years.len())?;
        check("company", cols.company.max(), cols.companies.len())?;
        check("skill", cols.skill_ids.max(), cols.skills.len())?;
        if cols.years.windows(2).any(|w| w[0] >= w[1]) {
            return Err(CubeError::Shape("years must be ascending and distinct".into()));
        }
        if cols.years.len() > 256 || cols.levels.len() > 256 || cols.roles.len() > 1 << 16 || cols.metros.len() > 1 << 16 {
            return Err(CubeError::Shape("too many distinct years, levels, roles or metros for the code widths".into()));
        }
        let dims = dims_of(&cols);
        if n > 0 && dims.cells() > u64::from(u32::MAX) {
            return Err(CubeError::TooManyCells(dims.cells()));
        }
        let mut skill_block = Vec::with_capacity(n.div_ceil(SKILL_BLOCK));
        let mut total: u64 = 0;
        for (i, &c) in cols.skill_count.iter().enumerate() {
            if i % SKILL_BLOCK == 0 {
                skill_block.push(total as u32);
            }
            total += u64::from(c);
        }
        if total != cols.skill_ids.len() as u64 || total > u64::from(u32::MAX) {
            return Err(CubeError::Shape(format!(
                "skill counts add up to {total}, but there are {} skill ids",
                cols.skill_ids.len()
            )));
        }
        cols.role.shrink_to_fit();
        cols.level.shrink_to_fit();
        cols.metro.shrink_to_fit();
        cols.year.shrink_to_fit();
        for v in [&mut cols.base, &mut cols.bonus, &mut cols.equity, &mut cols.tc] {
            v.shrink_to_fit();
        }
        cols.company.shrink_to_fit();
        cols.skill_count.shrink_to_fit();
        cols.skill_ids.shrink_to_fit();
        Ok(CubeTable { cols, skill_block })
    }

    pub fn len(&self) -> usize {
        self.cols.role.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cols.role.is_empty()
    }

    /// Read access to every column and dictionary.
    pub fn columns(&self) -> &CubeColumns {
        &self.cols
    }

    pub fn dims(&self) -> CubeDims {
        dims_of(&self.cols)
    }

    /// The skill codes of one row, found through its block's offset.
    pub fn skills_of(&self, row: usize) -> impl Iterator<Item = u32> + '_ {
        let block = row / SKILL_BLOCK;
        let first = block * SKILL_BLOCK;
        let start =
            self.skill_block[block] as usize + self.cols.skill_count[first..row].iter().map(|&c| usize::from(c)).sum::<usize>();
        let len = usize::from(self.cols.skill_count[row]);
        (start..start + len).map(move |i| self.cols.skill_ids.get(i))
    }

    /// Resident bytes of the columns, dictionaries and skill offsets: what
    /// `bytes per record` divides by the row count.
    pub fn heap_bytes(&self) -> usize {
        let c = &self.cols;
        let names =
            |v: &Vec<String>| v.capacity() * std::mem::size_of::<String>() + v.iter().map(String::capacity).sum::<usize>();
        names(&c.roles)
            + names(&c.levels)
            + names(&c.metros)
            + names(&c.skills)
            + names(&c.companies)
            + c.years.capacity() * 2
            + c.role.capacity() * 2
            + c.level.capacity()
            + c.metro.capacity() * 2
            + c.year.capacity()
            + (c.base.capacity() + c.bonus.capacity() + c.equity.capacity() + c.tc.capacity()) * 4
            + c.company.heap_bytes()
            + c.skill_count.capacity()
            + c.skill_ids.heap_bytes()
            + self.skill_block.capacity() * 4
    }

    /// The cube over every non-empty role x level x metro x year cell, using
    /// all available cores.
    pub fn cube(&self) -> Cube {
        self.cube_with_threads(default_threads())
    }

    /// [`CubeTable::cube`] on at most `threads` threads (the result does not
    /// depend on the count).
    pub fn cube_with_threads(&self, threads: usize) -> Cube {
        let mut cube = Cube::empty();
        compute_cube(self, threads, &mut cube, &mut CubeScratch::default());
        cube.shrink_to_fit();
        cube
    }

    /// The role x level x metro index (all years pooled), on all cores.
    pub fn index(&self) -> CellIndex {
        self.index_with_threads(default_threads())
    }

    pub fn index_with_threads(&self, threads: usize) -> CellIndex {
        build_index(self, threads)
    }
}

fn dims_of(c: &CubeColumns) -> CubeDims {
    CubeDims {
        roles: c.roles.len().max(1) as u32,
        levels: c.levels.len().max(1) as u32,
        metros: c.metros.len().max(1) as u32,
        years: c.years.len().max(1) as u32,
    }
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Converts dollars (already rounded to the cent, as every stored amount
/// is) to cents; NaN is [`MISSING`] when `missing_ok`.
fn cents(x: f64, what: &str, missing_ok: bool) -> Result<u32, CubeError> {
    if x.is_nan() && missing_ok {
        return Ok(MISSING);
    }
    let c = (x * 100.0).round();
    if !(0.0..=f64::from(MAX_CENTS)).contains(&c) {
        return Err(CubeError::Amount(format!("{what} {x} is outside 0..={}", f64::from(MAX_CENTS) / 100.0)));
    }
    Ok(c as u32)
}

/// Builds a table one parsed row at a time, interning names; years are put
/// in calendar order when the table is finished.
#[derive(Debug, Default)]
pub struct CubeTableBuilder {
    cols: CubeColumns,
    role_ids: HashMap<String, u16>,
    level_ids: HashMap<String, u8>,
    metro_ids: HashMap<String, u16>,
    year_ids: HashMap<i16, u8>,
    skill_ids: HashMap<String, u32>,
    company_ids: HashMap<String, u32>,
}

/// One parsed row for [`CubeTableBuilder::push`]; amounts in cents, `None`
/// for a missing base or TC.
#[derive(Debug, Clone, Copy)]
pub struct CubeRow<'a> {
    pub role: &'a str,
    pub level: &'a str,
    pub metro: &'a str,
    /// 0 = unknown.
    pub year: i16,
    pub base: Option<u32>,
    pub bonus: u32,
    pub equity: u32,
    pub tc: Option<u32>,
    pub skills: &'a [&'a str],
    pub company: Option<&'a str>,
}

/// The code of `key`, adding it to `names` on first sight. Borrowed keys
/// (`&str` for `String` names) are only copied when new.
fn intern<K, Q, V>(map: &mut HashMap<K, V>, names: &mut Vec<K>, key: &Q, what: &str) -> Result<V, CubeError>
where
    K: std::hash::Hash + Eq + Clone + std::borrow::Borrow<Q>,
    Q: std::hash::Hash + Eq + ToOwned<Owned = K> + ?Sized,
    V: Copy + TryFrom<usize>,
{
    if let Some(&v) = map.get(key) {
        return Ok(v);
    }
    let v = V::try_from(names.len()).map_err(|_| CubeError::Code(format!("too many distinct {what}s")))?;
    names.push(key.to_owned());
    map.insert(key.to_owned(), v);
    Ok(v)
}

impl CubeTableBuilder {
    pub fn new() -> CubeTableBuilder {
        CubeTableBuilder::default()
    }

    pub fn push(&mut self, r: &CubeRow<'_>) -> Result<(), CubeError> {
        let c = &mut self.cols;
        for (what, v) in [("base", r.base), ("tc", r.tc), ("bonus", Some(r.bonus)), ("equity", Some(r.equity))] {
            if v == Some(MISSING) {
                return Err(CubeError::Amount(format!("{what} {MISSING} cents is above the largest storable amount")));
            }
        }
        if r.skills.len() > usize::from(u8::MAX) {
            return Err(CubeError::Shape(format!("{} skills on one row: at most 255", r.skills.len())));
        }
        let role = intern(&mut self.role_ids, &mut c.roles, r.role, "role")?;
        let level = intern(&mut self.level_ids, &mut c.levels, r.level, "level")?;
        let metro = intern(&mut self.metro_ids, &mut c.metros, r.metro, "metro")?;
        let year = intern(&mut self.year_ids, &mut c.years, &r.year, "year")?;
        let company = intern(&mut self.company_ids, &mut c.companies, r.company.unwrap_or(""), "company")?;
        c.role.push(role);
        c.level.push(level);
        c.metro.push(metro);
        c.year.push(year);
        c.base.push(r.base.unwrap_or(MISSING));
        c.bonus.push(r.bonus);
        c.equity.push(r.equity);
        c.tc.push(r.tc.unwrap_or(MISSING));
        c.company.push(company);
        c.skill_count.push(r.skills.len() as u8);
        for s in r.skills {
            let id = intern(&mut self.skill_ids, &mut c.skills, *s, "skill")?;
            c.skill_ids.push(id);
        }
        Ok(())
    }

    pub fn finish(self) -> Result<CubeTable, CubeError> {
        let mut cols = self.cols;
        cols.sort_years();
        CubeTable::from_columns(cols)
    }
}

impl CubeColumns {
    /// Renumbers year codes so they follow the calendar, for producers that
    /// assign codes in order of appearance ([`CubeTable::from_columns`]
    /// requires ascending years, so cells come out in year order).
    pub fn sort_years(&mut self) {
        let mut order: Vec<usize> = (0..self.years.len()).collect();
        order.sort_by_key(|&i| self.years[i]);
        let mut new_code = vec![0u8; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_code[old] = new as u8;
        }
        self.years = order.iter().map(|&i| self.years[i]).collect();
        for y in &mut self.year {
            *y = new_code[*y as usize];
        }
    }
}

impl Snapshot {
    /// The snapshot's cells as a cube table, so the engine can answer
    /// role x level x metro lookups from it ([`CubeTable::index`]).
    ///
    /// Outliers are left out (published figures exclude them). Roles are the
    /// snapshot's own role ids, not rolled up to their families, so a cell
    /// here is one exact role id (a query for a family adds its
    /// specializations' cells). Records without a level, metro or year get
    /// an `unknown` code of their own; a missing base or TC (sources that
    /// report only one of them) is [`MISSING`].
    pub fn cube_table(&self) -> Result<CubeTable, CubeError> {
        let n = self.len();
        let mut cols = CubeColumns {
            roles: self.roles.iter().map(|(_, s)| s.to_string()).collect(),
            levels: Level::ALL.iter().map(|l| l.slug().to_string()).chain(["unknown".to_string()]).collect(),
            metros: self.metros.iter().map(|(_, s)| s.to_string()).chain([String::new()]).collect(),
            skills: self.skills.iter().map(|(_, s)| s.to_string()).collect(),
            companies: self.companies.iter().map(|(_, s)| s.to_string()).chain([String::new()]).collect(),
            ..CubeColumns::default()
        };
        if cols.roles.len() > 1 << 16 || cols.metros.len() > 1 << 16 {
            return Err(CubeError::Code("more than 65,536 roles or metros".into()));
        }
        let mut years: Vec<i16> = self.year.clone();
        years.sort_unstable();
        years.dedup();
        if years.len() > 256 {
            return Err(CubeError::Code("more than 256 distinct years".into()));
        }
        let unknown_metro = (cols.metros.len() - 1) as u16;
        let unknown_company = (cols.companies.len() - 1) as u32;
        let unknown_level = Level::ALL.len() as u8;
        cols.company = Codes::for_distinct(cols.companies.len(), n);
        cols.skill_ids = Codes::for_distinct(cols.skills.len(), self.skill_ids.len());
        for row in 0..n {
            if self.outlier[row] {
                continue;
            }
            cols.role.push(self.role[row] as u16);
            cols.level.push(if self.level[row] == NO_LEVEL { unknown_level } else { self.level[row] });
            cols.metro.push(if self.metro[row] == NONE { unknown_metro } else { self.metro[row] as u16 });
            cols.year.push(years.binary_search(&self.year[row]).map_err(|_| CubeError::Code("year".into()))? as u8);
            cols.base.push(cents(self.base[row], "base", true)?);
            cols.tc.push(cents(self.total[row], "total compensation", true)?);
            let or0 = |x: f64| if x.is_nan() { 0.0 } else { x };
            cols.bonus.push(cents(or0(self.bonus[row]), "bonus", false)?);
            cols.equity.push(cents(or0(self.equity[row]), "equity", false)?);
            cols.company.push(if self.company[row] == NONE { unknown_company } else { self.company[row] });
            let skills = self.skills_of(row as u32);
            let count = u8::try_from(skills.len()).map_err(|_| CubeError::Shape("more than 255 skills on a record".into()))?;
            cols.skill_count.push(count);
            for &s in skills {
                cols.skill_ids.push(s);
            }
        }
        cols.years = years;
        CubeTable::from_columns(cols)
    }
}

impl CubeTable {
    /// See [`Snapshot::cube_table`].
    pub fn from_snapshot(s: &Snapshot) -> Result<CubeTable, CubeError> {
        s.cube_table()
    }
}

// ---------------------------------------------------------------------------
// Figures of a sorted run of cents.

/// n, mean and p10/p25/p50/p75/p90 (in [`STANDARD_PS`] order) of one
/// measure of one cell, in dollars. NaN figures when n = 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    pub n: u32,
    pub mean: f64,
    pub p: [f64; 5],
}

impl Figures {
    pub const EMPTY: Figures = Figures { n: 0, mean: f64::NAN, p: [f64::NAN; 5] };

    /// Figures of ascending cents, [`MISSING`] values (sorted last) ignored.
    pub fn from_sorted_cents(sorted: &[u32]) -> Figures {
        let v = valid_prefix(sorted);
        match v.len() {
            0 => Figures::EMPTY,
            1 => {
                // Every type-7 percentile of one value is that value, and so is the mean.
                let d = dollars(v[0]);
                Figures { n: 1, mean: d, p: [d; 5] }
            }
            n => {
                let sum: u64 = v.iter().map(|&x| u64::from(x)).sum();
                let r = Q7Ranks::of(n);
                Figures { n: n as u32, mean: mean_of(sum, n), p: std::array::from_fn(|i| r.eval(v, i)) }
            }
        }
    }
}

/// Where each standard percentile falls in a sorted run of n values: the
/// lower order statistic j and the weight g of type 7, computed exactly as
/// [`paygrid_stats::quantile_sorted`] does (h = (n − 1)·p, j = ⌊h⌋,
/// g = h − j). Cached for small n, where cells are plentiful.
#[derive(Debug, Clone, Copy)]
struct Q7Ranks {
    lo: [u32; 5],
    g: [f64; 5],
    n: u32,
}

const Q7_TABLE_MAX: usize = 2048;

impl Q7Ranks {
    fn compute(n: usize) -> Q7Ranks {
        let mut r = Q7Ranks { lo: [0; 5], g: [0.0; 5], n: n as u32 };
        for (i, &p) in STANDARD_PS.iter().enumerate() {
            let h = n.saturating_sub(1) as f64 * p;
            // h >= 0, so truncation is floor (and needs no libm call).
            let lo_f = (h as u64) as f64;
            r.lo[i] = lo_f as u32;
            r.g[i] = h - lo_f;
        }
        r
    }

    #[inline]
    fn of(n: usize) -> Q7Ranks {
        static TABLE: std::sync::OnceLock<Box<[Q7Ranks]>> = std::sync::OnceLock::new();
        if n <= Q7_TABLE_MAX {
            TABLE.get_or_init(|| (0..=Q7_TABLE_MAX).map(Q7Ranks::compute).collect())[n]
        } else {
            Q7Ranks::compute(n)
        }
    }

    /// Percentile i of ascending cents `v` (v.len() == n), by the operations
    /// of `quantile_sorted`, so the two agree bit for bit.
    #[inline]
    fn eval(&self, v: &[u32], i: usize) -> f64 {
        let n = self.n as usize;
        let lo = self.lo[i] as usize;
        if lo + 1 >= n {
            return dollars(v[n - 1]);
        }
        let g = self.g[i];
        let a = dollars(v[lo]);
        if g == 0.0 {
            // a + (b − a)·0 is a: b − a >= 0 in sorted data.
            return a;
        }
        let b = dollars(v[lo + 1]);
        let diff = b - a;
        if g >= 0.5 {
            b - diff * (1.0 - g)
        } else {
            a + diff * g
        }
    }
}

/// The real values of an ascending run: everything before the first MISSING.
#[inline]
fn valid_prefix(sorted: &[u32]) -> &[u32] {
    match sorted.last() {
        Some(&MISSING) => &sorted[..sorted.partition_point(|&x| x != MISSING)],
        _ => sorted,
    }
}

#[inline]
fn dollars(c: u32) -> f64 {
    // Both operands exact, so the quotient is the double nearest c/100: the
    // same value parsing "123.45" or `round_cents` gives.
    f64::from(c) / 100.0
}

/// Σcents / (100·n) with one rounding while the sum stays below 2^53
/// (any cell under ~18M records at $5M each).
#[inline]
fn mean_of(sum: u64, n: usize) -> f64 {
    sum as f64 / (n as f64 * 100.0)
}

// ---------------------------------------------------------------------------
// The cube.

/// One non-empty cell of the cube.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CubeCell {
    /// Packed (role, level, metro, year) codes; see [`CubeDims::decode`].
    pub key: u32,
    /// Records in the cell (with or without each measure).
    pub rows: u32,
    pub base: Figures,
    pub tc: Figures,
}

/// Every non-empty cell, in key order, stored by column: plain arrays come
/// zeroed from the allocator without a pass over them, and each thread
/// fills its own stretch of every column.
#[derive(Debug, Clone, PartialEq)]
pub struct Cube {
    dims: CubeDims,
    keys: Vec<u32>,
    rows: Vec<u32>,
    /// n of base and of TC.
    n: Vec<[u32; 2]>,
    /// Mean and p10..p90 of base, then the same of TC.
    figures: Vec<[f64; 12]>,
}

/// A cube cell's figures as they may be published: nothing under the floor,
/// p10/p90 only from 10 values (docs/methodology.md).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PublishedFigures {
    pub n: Option<u32>,
    pub mean: Option<f64>,
    /// p10, p25, p50, p75, p90.
    pub p: [Option<f64>; 5],
}

impl PublishedFigures {
    fn of(f: &Figures, floor: usize) -> PublishedFigures {
        let n = f.n as usize;
        if n < floor.max(DEFAULT_FLOOR) {
            return PublishedFigures { n: None, mean: None, p: [None; 5] };
        }
        let mut p = [None; 5];
        for (i, &q) in STANDARD_PS.iter().enumerate() {
            p[i] = percentile_publishable(n, q, floor).then_some(f.p[i]);
        }
        PublishedFigures { n: Some(f.n), mean: Some(f.mean), p }
    }
}

impl Cube {
    pub fn dims(&self) -> CubeDims {
        self.dims
    }

    /// Number of non-empty cells.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Cell i (in key order) with its raw figures.
    pub fn cell(&self, i: usize) -> CubeCell {
        let (n, f) = (self.n[i], &self.figures[i]);
        let part = |n: u32, f: &[f64]| Figures { n, mean: f[0], p: [f[1], f[2], f[3], f[4], f[5]] };
        CubeCell { key: self.keys[i], rows: self.rows[i], base: part(n[0], &f[..6]), tc: part(n[1], &f[6..]) }
    }

    /// Raw figures of every cell, including cells under the privacy floor.
    /// For exactness checks and engine-internal use only: never publish
    /// these (use [`Cube::published`]).
    pub fn unfloored_cells(&self) -> impl ExactSizeIterator<Item = CubeCell> + '_ {
        (0..self.len()).map(|i| self.cell(i))
    }

    /// The cells with at least `floor` (>= 5) records and their publishable
    /// figures: (key, rows, base, tc).
    pub fn published(&self, floor: usize) -> impl Iterator<Item = (u32, u32, PublishedFigures, PublishedFigures)> + '_ {
        let k = floor.max(DEFAULT_FLOOR);
        self.unfloored_cells()
            .filter(move |c| c.rows as usize >= k)
            .map(move |c| (c.key, c.rows, PublishedFigures::of(&c.base, k), PublishedFigures::of(&c.tc, k)))
    }

    /// Heap bytes of the result.
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 4 + self.rows.capacity() * 4 + self.n.capacity() * 8 + self.figures.capacity() * 96
    }

    /// Makes every column exactly `len` long; fresh columns come zeroed
    /// from the allocator (their pages are touched by whoever writes them).
    fn set_len(&mut self, len: usize) {
        fn fit<T: Copy>(v: &mut Vec<T>, len: usize, zero: T) {
            if v.capacity() < len {
                *v = vec![zero; len];
            } else if v.len() < len {
                v.resize(len, zero);
            } else {
                v.truncate(len);
            }
        }
        fit(&mut self.keys, len, 0);
        fit(&mut self.rows, len, 0);
        fit(&mut self.n, len, [0; 2]);
        fit(&mut self.figures, len, [0.0; 12]);
    }

    fn shrink_to_fit(&mut self) {
        self.keys.shrink_to_fit();
        self.rows.shrink_to_fit();
        self.n.shrink_to_fit();
        self.figures.shrink_to_fit();
    }
}

/// One thread's stretch of the cube's columns.
struct CellSink<'a> {
    keys: &'a mut [u32],
    rows: &'a mut [u32],
    n: &'a mut [[u32; 2]],
    figures: &'a mut [[f64; 12]],
}

impl<'a> CellSink<'a> {
    fn of(c: &'a mut Cube) -> CellSink<'a> {
        CellSink { keys: &mut c.keys, rows: &mut c.rows, n: &mut c.n, figures: &mut c.figures }
    }

    fn split_at(self, mid: usize) -> (CellSink<'a>, CellSink<'a>) {
        let (k0, k1) = self.keys.split_at_mut(mid);
        let (r0, r1) = self.rows.split_at_mut(mid);
        let (n0, n1) = self.n.split_at_mut(mid);
        let (f0, f1) = self.figures.split_at_mut(mid);
        (CellSink { keys: k0, rows: r0, n: n0, figures: f0 }, CellSink { keys: k1, rows: r1, n: n1, figures: f1 })
    }

    #[inline]
    fn put(&mut self, i: usize, key: u32, rows: u32, base: &Figures, tc: &Figures) {
        self.keys[i] = key;
        self.rows[i] = rows;
        self.n[i] = [base.n, tc.n];
        let (b, t) = (&base.p, &tc.p);
        self.figures[i] = [base.mean, b[0], b[1], b[2], b[3], b[4], tc.mean, t[0], t[1], t[2], t[3], t[4]];
    }
}

/// One row on its way from the table to its cell: [low bits of its cell
/// key, base, TC]. 12 bytes, so the partition pass moves little; an array
/// so a fresh buffer comes zeroed from the allocator rather than by a pass.
type Entry = [u32; 3];

/// Rows partitioned by the high bits of their key: per thread, the entries
/// of its share of rows grouped by bucket, with the bucket boundaries.
struct Partition {
    local_bits: u32,
    buckets: usize,
    /// Per input chunk: entries grouped by bucket, and nb + 1 bucket starts.
    parts: Vec<(Vec<Entry>, Vec<usize>)>,
}

impl Partition {
    fn bucket_len(&self, b: usize) -> usize {
        self.parts.iter().map(|(_, s)| s[b + 1] - s[b]).sum()
    }

    fn bucket(&self, b: usize) -> impl Iterator<Item = &[Entry]> {
        self.parts.iter().map(move |(e, s)| &e[s[b]..s[b + 1]])
    }
}

/// Bits of the largest key below `space`.
fn key_bits(space: u64) -> u32 {
    (64 - space.saturating_sub(1).leading_zeros()).max(1)
}

/// Low bits per bucket: at most 2^14 buckets and at least 2^10 keys a bucket,
/// so the partition pass writes to few enough streams to stay in cache and
/// each bucket's counting sort has a small, L1-resident histogram.
fn local_bits_for(bits: u32) -> u32 {
    bits.saturating_sub(14).max(bits.min(10))
}

/// Partitions the rows by cell key (`with_year` false: the role x level x
/// metro key). Two passes per chunk of rows: count bucket sizes, then write
/// each row's entry to its bucket. `buffers` are reused when big enough
/// (fresh memory costs a page fault per 4 KiB on first touch, about a third
/// of the whole cube's time at 10M rows).
fn partition(t: &CubeTable, with_year: bool, threads: usize, buffers: &mut Vec<Vec<Entry>>) -> Partition {
    let d = t.dims();
    let space = if with_year { d.cells() } else { d.cells() / u64::from(d.years) };
    let bits = key_bits(space);
    let local_bits = local_bits_for(bits);
    let buckets = 1usize << (bits - local_bits);
    let n = t.len();
    let chunks = threads.clamp(1, n.div_ceil(1 << 16).max(1));
    let per = n.div_ceil(chunks).max(1);
    let c = &t.cols;
    buffers.resize_with(buffers.len().max(chunks), Vec::new);
    let work = |lo: usize, hi: usize, mut out: Vec<Entry>| {
        let keys = KeyIter::new(c, d, with_year, lo, hi);
        let mut starts = vec![0usize; buckets + 1];
        for k in keys.clone() {
            starts[(k >> local_bits) as usize + 1] += 1;
        }
        for b in 0..buckets {
            starts[b + 1] += starts[b];
        }
        let mut pos = starts[..buckets].to_vec();
        // Every slot is overwritten below: reuse without clearing.
        if out.len() < hi - lo {
            out = vec![[0; 3]; hi - lo];
        } else {
            out.truncate(hi - lo);
        }
        let mask = (1u32 << local_bits) - 1;
        for ((k, &base), &tc) in keys.zip(&c.base[lo..hi]).zip(&c.tc[lo..hi]) {
            let b = (k >> local_bits) as usize;
            out[pos[b]] = [k & mask, base, tc];
            pos[b] += 1;
        }
        (out, starts)
    };
    let bufs: Vec<Vec<Entry>> = buffers.drain(..chunks).collect();
    let parts = if chunks == 1 {
        bufs.into_iter().map(|b| work(0, n, b)).collect()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = bufs
                .into_iter()
                .enumerate()
                .map(|(i, b)| {
                    let (lo, hi) = ((i * per).min(n), ((i + 1) * per).min(n));
                    s.spawn(move || work(lo, hi, b))
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("partition thread")).collect()
        })
    };
    Partition { local_bits, buckets, parts }
}

impl Partition {
    /// Hands the entry buffers back for the next computation.
    fn recycle(self, buffers: &mut Vec<Vec<Entry>>) {
        buffers.extend(self.parts.into_iter().map(|(e, _)| e));
    }
}

/// (role, level, metro, year) of consecutive rows.
type CoordIter<'a> = std::iter::Zip<
    std::iter::Zip<std::iter::Zip<std::slice::Iter<'a, u16>, std::slice::Iter<'a, u8>>, std::slice::Iter<'a, u16>>,
    std::slice::Iter<'a, u8>,
>;

/// Cell keys of rows lo..hi, zipped over the four coordinate columns so the
/// loop has no bounds checks.
#[derive(Clone)]
struct KeyIter<'a> {
    it: CoordIter<'a>,
    levels: u32,
    metros: u32,
    years: u32,
    with_year: bool,
}

impl<'a> KeyIter<'a> {
    fn new(c: &'a CubeColumns, d: CubeDims, with_year: bool, lo: usize, hi: usize) -> KeyIter<'a> {
        KeyIter {
            it: c.role[lo..hi].iter().zip(&c.level[lo..hi]).zip(&c.metro[lo..hi]).zip(&c.year[lo..hi]),
            levels: d.levels,
            metros: d.metros,
            years: d.years,
            with_year,
        }
    }
}

impl Iterator for KeyIter<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        let (((&r, &l), &m), &y) = self.it.next()?;
        let rlm = (u32::from(r) * self.levels + u32::from(l)) * self.metros + u32::from(m);
        Some(if self.with_year { rlm * self.years + u32::from(y) } else { rlm })
    }
}

/// Splits buckets 0..nb into at most `threads` contiguous ranges of about
/// equal entry counts.
fn balanced_ranges(p: &Partition, threads: usize) -> Vec<std::ops::Range<usize>> {
    let sizes: Vec<usize> = (0..p.buckets).map(|b| p.bucket_len(b)).collect();
    let total: usize = sizes.iter().sum();
    let threads = threads.clamp(1, (total / (1 << 15)).max(1));
    let mut ranges = Vec::with_capacity(threads);
    let (mut start, mut acc) = (0, 0usize);
    for (b, &s) in sizes.iter().enumerate() {
        acc += s;
        if ranges.len() + 1 < threads && acc * threads >= total * (ranges.len() + 1) {
            ranges.push(start..b + 1);
            start = b + 1;
        }
    }
    ranges.push(start..p.buckets);
    ranges
}

/// Distinct local keys (cells) in bucket b.
fn count_keys(p: &Partition, b: usize, hist: &mut [u32]) -> usize {
    if p.bucket_len(b) == 0 {
        return 0;
    }
    hist.fill(0);
    for part in p.bucket(b) {
        for e in part {
            hist[e[0] as usize] = 1;
        }
    }
    hist.iter().map(|&h| h as usize).sum()
}

/// Counting-sorts one bucket's entries by local key into `vb`/`vt` and
/// returns, through `f`, each non-empty local key with its two runs.
fn for_each_cell(
    p: &Partition,
    b: usize,
    hist: &mut [u32],
    vb: &mut Vec<u32>,
    vt: &mut Vec<u32>,
    mut f: impl FnMut(u32, &mut [u32], &mut [u32]),
) {
    let len = p.bucket_len(b);
    if len == 0 {
        return;
    }
    hist.fill(0);
    for part in p.bucket(b) {
        for e in part {
            hist[e[0] as usize] += 1;
        }
    }
    // Exclusive prefix sums in place: hist[k] becomes the start of key k.
    let mut acc = 0u32;
    for h in hist.iter_mut() {
        let c = *h;
        *h = acc;
        acc += c;
    }
    // Every slot below len is written exactly once below, so the scratch
    // only grows and is never cleared.
    if vb.len() < len {
        vb.resize(len, 0);
        vt.resize(len, 0);
    }
    for part in p.bucket(b) {
        for e in part {
            let slot = &mut hist[e[0] as usize];
            vb[*slot as usize] = e[1];
            vt[*slot as usize] = e[2];
            *slot += 1;
        }
    }
    // hist[k] is now the end of key k's run.
    let mut start = 0usize;
    for (k, &end) in hist.iter().enumerate() {
        let end = end as usize;
        if end > start {
            f(k as u32, &mut vb[start..end], &mut vt[start..end]);
        }
        start = end;
    }
}

/// Sorts one cell's values: insertion sort for the handful most cells
/// hold (no call, no setup), the standard sort above that.
#[inline]
fn sort_cents(v: &mut [u32]) {
    if v.len() <= 12 {
        for i in 1..v.len() {
            let x = v[i];
            let mut j = i;
            while j > 0 && v[j - 1] > x {
                v[j] = v[j - 1];
                j -= 1;
            }
            v[j] = x;
        }
    } else {
        v.sort_unstable();
    }
}

/// Buffers a cube computation leaves behind for the next one (the
/// partitioned entries). A process that recomputes the cube whenever data
/// changes keeps one, with the previous [`Cube`], and skips re-faulting a
/// few hundred MB of fresh memory.
#[derive(Debug, Default)]
pub struct CubeScratch {
    entries: Vec<Vec<Entry>>,
}

impl CubeScratch {
    pub fn heap_bytes(&self) -> usize {
        self.entries.iter().map(|e| e.capacity() * std::mem::size_of::<Entry>()).sum()
    }
}

impl Cube {
    /// An empty cube to compute into ([`CubeTable::cube_into`]).
    pub fn empty() -> Cube {
        Cube {
            dims: CubeDims { roles: 1, levels: 1, metros: 1, years: 1 },
            keys: Vec::new(),
            rows: Vec::new(),
            n: Vec::new(),
            figures: Vec::new(),
        }
    }
}

impl CubeTable {
    /// [`CubeTable::cube_with_threads`] into an existing cube, reusing its
    /// memory and `scratch`'s; the result is identical.
    pub fn cube_into(&self, out: &mut Cube, scratch: &mut CubeScratch, threads: usize) {
        compute_cube(self, threads, out, scratch);
    }
}

/// Runs `f` on each item, on its own thread but the first (which runs on
/// the caller's), and returns the results in order.
fn fan_out<I: Send, R: Send>(items: Vec<I>, f: impl Fn(I) -> R + Sync) -> Vec<R> {
    let mut items = items.into_iter();
    let Some(first) = items.next() else { return Vec::new() };
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = items.map(|i| s.spawn(move || f(i))).collect();
        let mut out = vec![f(first)];
        out.extend(handles.into_iter().map(|h| h.join().expect("cube worker")));
        out
    })
}

fn compute_cube(t: &CubeTable, threads: usize, out: &mut Cube, scratch: &mut CubeScratch) {
    out.dims = t.dims();
    if t.is_empty() {
        out.set_len(0);
        return;
    }
    let p = partition(t, true, threads, &mut scratch.entries);
    let ranges = balanced_ranges(&p, threads);
    // Cells per range first, so every range writes its cells straight into
    // its own stretch of the result: no second buffer, no copy.
    let counts = fan_out(ranges.clone(), |range| {
        let mut hist = vec![0u32; 1 << p.local_bits];
        range.map(|b| count_keys(&p, b, &mut hist)).sum::<usize>()
    });
    out.set_len(counts.iter().sum());
    let mut sinks = Vec::with_capacity(ranges.len());
    let mut rest = CellSink::of(out);
    for &c in &counts {
        let (mine, tail) = rest.split_at(c);
        sinks.push(mine);
        rest = tail;
    }
    fan_out(ranges.into_iter().zip(sinks).collect(), |(range, mut sink)| {
        let mut hist = vec![0u32; 1 << p.local_bits];
        let (mut vb, mut vt) = (Vec::new(), Vec::new());
        let mut at = 0usize;
        for b in range {
            let base_key = (b as u32) << p.local_bits;
            for_each_cell(&p, b, &mut hist, &mut vb, &mut vt, |local, rb, rt| {
                sort_cents(rb);
                sort_cents(rt);
                sink.put(at, base_key | local, rb.len() as u32, &Figures::from_sorted_cents(rb), &Figures::from_sorted_cents(rt));
                at += 1;
            });
        }
        debug_assert_eq!(at, sink.keys.len());
    });
    p.recycle(&mut scratch.entries);
}

// ---------------------------------------------------------------------------
// The role x level x metro index.

/// Exact sums of one measure of one run: the mean and the sd come from
/// integers, so they do not depend on summation order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sums {
    n: u32,
    sum: u64,
    sum_sq: u128,
}

impl Sums {
    fn of(sorted: &[u32]) -> Sums {
        let v = valid_prefix(sorted);
        let mut s = Sums { n: v.len() as u32, ..Sums::default() };
        // Squares are below 2^64 / 64, so 32 of them add up in a u64 before
        // joining the u128 total.
        for chunk in v.chunks(32) {
            let mut sq = 0u64;
            for &x in chunk {
                s.sum += u64::from(x);
                sq += u64::from(x) * u64::from(x);
            }
            s.sum_sq += u128::from(sq);
        }
        s
    }

    /// Sample sd in dollars (n − 1 denominator) from the exact integer
    /// numerator n·Σx² − (Σx)², rounded once to f64 before the square root.
    fn sd(&self) -> f64 {
        let n = u128::from(self.n);
        if n < 2 {
            return f64::NAN;
        }
        let num = n * self.sum_sq - u128::from(self.sum) * u128::from(self.sum);
        (num as f64 / (n * (n - 1)) as f64).sqrt() / 100.0
    }
}

/// One role x level x metro cell of the index: where its values are and
/// what the mean and its CI need, per measure. 48 bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    start: u32,
    len: u32,
    n: [u32; 2],
    sum: [u64; 2],
    sd: [f64; 2],
}

impl Run {
    fn new(start: usize, len: usize, base: &[u32], tc: &[u32]) -> Run {
        let (b, t) = (Sums::of(base), Sums::of(tc));
        Run { start: start as u32, len: len as u32, n: [b.n, t.n], sum: [b.sum, t.sum], sd: [b.sd(), t.sd()] }
    }

    fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

const NO_RUN: u32 = u32::MAX;

/// Sorted base and TC values of every role x level x metro cell (all years
/// pooled), with exact sums, so a lookup reads a handful of order
/// statistics and never touches the rows. Built once per table.
#[derive(Debug, Clone)]
pub struct CellIndex {
    dims: CubeDims,
    roles: HashMap<String, u16>,
    levels: HashMap<String, u8>,
    metros: HashMap<String, u16>,
    /// Run number per role x level x metro key, [`NO_RUN`] when empty.
    slot: Vec<u32>,
    runs: Vec<Run>,
    base: Vec<u32>,
    tc: Vec<u32>,
}

/// The benchmark figures of one role x level x metro cell over all years,
/// floored like [`crate::Engine::benchmark`]: nothing under k records, p10/p90
/// from 10 values, 95% CIs and a confidence label beside each measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellLookup {
    /// Records in the cell; None under the floor.
    pub n: Option<usize>,
    pub base: Measure,
    pub total: Measure,
    pub floor: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// The figures of [`Measure::from_sorted`] from the sorted valid cents of a
/// run, their exact sum and sd: percentiles and their CIs are identical; the
/// mean and its CI come from exact integer sums.
fn measure_of(v: &[u32], sum: u64, sd: f64, floor: usize) -> Measure {
    let n = v.len();
    if n < floor {
        return Measure::withheld(floor);
    }
    let mean = mean_of(sum, n);
    let r = Q7Ranks::of(n);
    let qci = |p: f64| {
        QuantileCi::ranks(n, p).map(|r| Ci {
            lo: dollars(v[r.lo_rank - 1]),
            hi: dollars(v[r.hi_rank - 1]),
            full: r.full,
            coverage: r.coverage,
        })
    };
    let tails = percentile_publishable(n, 0.10, floor);
    let p50 = r.eval(v, 2);
    let p50_ci = qci(0.5);
    // Small cells take the log-scale interval, which needs the values.
    let mean_ci = match n {
        0 | 1 => None,
        n if n < MEAN_T_MIN_N => {
            let d: Vec<f64> = v.iter().map(|&c| dollars(c)).collect();
            Some(paygrid_stats::mean_ci_of(&d, mean, sd))
        }
        n => Some(mean_ci_from(n, mean, sd)),
    };
    let iv = crate::labels::Intervals::new(
        mean_ci,
        [qci(0.10).filter(|_| tails), qci(0.25), p50_ci, qci(0.75), qci(0.90).filter(|_| tails)],
    );
    Measure {
        n: Some(n),
        mean: Some(mean),
        p10: tails.then(|| r.eval(v, 0)),
        p25: Some(r.eval(v, 1)),
        p50: Some(p50),
        p75: Some(r.eval(v, 3)),
        p90: tails.then(|| r.eval(v, 4)),
        ci: iv.ci,
        ci_coverage: iv.coverage,
        ci_zero_width: iv.zero_width,
        confidence: Confidence::classify(n, p50, p50_ci, floor),
        trend: Vec::new(),
        projection: None,
        sources: Vec::new(),
        period: crate::benchmark::Period { from: None, to: None },
        data_as_of: None,
        withheld: None,
    }
}

fn build_index(t: &CubeTable, threads: usize) -> CellIndex {
    let d = t.dims();
    let c = &t.cols;
    let space = (d.cells() / u64::from(d.years)) as usize;
    let names16 = |v: &Vec<String>| v.iter().enumerate().map(|(i, s)| (s.clone(), i as u16)).collect::<HashMap<_, _>>();
    let mut idx = CellIndex {
        dims: d,
        roles: names16(&c.roles),
        levels: c.levels.iter().enumerate().map(|(i, s)| (s.clone(), i as u8)).collect(),
        metros: names16(&c.metros),
        slot: vec![NO_RUN; space],
        runs: Vec::new(),
        base: Vec::new(),
        tc: Vec::new(),
    };
    if t.is_empty() {
        return idx;
    }
    let p = partition(t, false, threads, &mut Vec::new());
    let ranges = balanced_ranges(&p, threads);
    idx.base = vec![0u32; t.len()];
    idx.tc = vec![0u32; t.len()];
    // Each range of buckets owns a contiguous stretch of the value arrays.
    let mut jobs = Vec::with_capacity(ranges.len());
    let (mut rest_b, mut rest_t) = (&mut idx.base[..], &mut idx.tc[..]);
    let mut offset = 0usize;
    for r in &ranges {
        let len: usize = r.clone().map(|b| p.bucket_len(b)).sum();
        let (mb, tb) = std::mem::take(&mut rest_b).split_at_mut(len);
        let (mt, tt) = std::mem::take(&mut rest_t).split_at_mut(len);
        jobs.push((r.clone(), offset, mb, mt));
        (rest_b, rest_t) = (tb, tt);
        offset += len;
    }
    let work = |(range, offset, out_b, out_t): (std::ops::Range<usize>, usize, &mut [u32], &mut [u32])| {
        let mut runs = Vec::new();
        let mut hist = vec![0u32; 1 << p.local_bits];
        let (mut vb, mut vt) = (Vec::new(), Vec::new());
        let mut at = 0usize;
        for b in range {
            let base_key = (b as u32) << p.local_bits;
            for_each_cell(&p, b, &mut hist, &mut vb, &mut vt, |local, rb, rt| {
                let len = rb.len();
                let (ob, ot) = (&mut out_b[at..at + len], &mut out_t[at..at + len]);
                ob.copy_from_slice(rb);
                ot.copy_from_slice(rt);
                sort_cents(ob);
                sort_cents(ot);
                runs.push((base_key | local, Run::new(offset + at, len, ob, ot)));
                at += len;
            });
        }
        runs
    };
    let outs: Vec<Vec<(u32, Run)>> = if jobs.len() == 1 {
        jobs.into_iter().map(work).collect()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = jobs.into_iter().map(|j| s.spawn(|| work(j))).collect();
            handles.into_iter().map(|h| h.join().expect("index thread")).collect()
        })
    };
    for (key, run) in outs.into_iter().flatten() {
        idx.slot[key as usize] = idx.runs.len() as u32;
        idx.runs.push(run);
    }
    idx.runs.shrink_to_fit();
    idx
}

impl CellIndex {
    pub fn dims(&self) -> CubeDims {
        self.dims
    }

    /// Non-empty role x level x metro cells.
    pub fn cells(&self) -> usize {
        self.runs.len()
    }

    /// Heap bytes of the index (values, runs, slot table; not the name maps).
    pub fn heap_bytes(&self) -> usize {
        (self.base.capacity() + self.tc.capacity() + self.slot.capacity()) * 4 + self.runs.capacity() * std::mem::size_of::<Run>()
    }

    /// Codes of a role, level and metro by name.
    pub fn codes(&self, role: &str, level: &str, metro: &str) -> Option<(u16, u8, u16)> {
        Some((*self.roles.get(role)?, *self.levels.get(level)?, *self.metros.get(metro)?))
    }

    /// The cell's benchmark by names; None when a name is not in the table.
    pub fn lookup(&self, role: &str, level: &str, metro: &str, floor: usize) -> Option<CellLookup> {
        let (r, l, m) = self.codes(role, level, metro)?;
        Some(self.lookup_codes(r, l, m, floor))
    }

    /// The cell's benchmark by codes, under privacy floor `floor` (raised to
    /// at least 5). Panics on codes outside the table's dictionaries.
    pub fn lookup_codes(&self, role: u16, level: u8, metro: u16, floor: usize) -> CellLookup {
        let floor = floor.max(DEFAULT_FLOOR);
        let d = self.dims;
        assert!(u32::from(role) < d.roles && u32::from(level) < d.levels && u32::from(metro) < d.metros, "code out of range");
        let key = (u32::from(role) * d.levels + u32::from(level)) * d.metros + u32::from(metro);
        let slot = self.slot[key as usize];
        let withheld = || CellLookup {
            n: None,
            base: Measure::withheld(floor),
            total: Measure::withheld(floor),
            floor,
            withheld: Some(floor_reason(floor)),
        };
        if slot == NO_RUN {
            return withheld();
        }
        let run = &self.runs[slot as usize];
        if (run.len as usize) < floor {
            return withheld();
        }
        let measure = |values: &[u32], i: usize, m: crate::PayMeasure| {
            let mut out = measure_of(&values[run.range()][..run.n[i] as usize], run.sum[i], run.sd[i], floor);
            if run.n[i] == 0 {
                out.withheld = Some(no_values_reason(m));
            }
            out
        };
        CellLookup {
            n: Some(run.len as usize),
            base: measure(&self.base, 0, crate::PayMeasure::Base),
            total: measure(&self.tc, 1, crate::PayMeasure::Total),
            floor,
            withheld: None,
        }
    }

    /// The sorted base and TC cents of a cell (MISSING last), for checks.
    pub fn run(&self, role: u16, level: u8, metro: u16) -> (&[u32], &[u32]) {
        let d = self.dims;
        let key = (u32::from(role) * d.levels + u32::from(level)) * d.metros + u32::from(metro);
        match self.slot.get(key as usize) {
            Some(&s) if s != NO_RUN => {
                let r = &self.runs[s as usize];
                (&self.base[r.range()], &self.tc[r.range()])
            }
            _ => (&[], &[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Area, CellQuery};
    use crate::{Engine, SnapshotBuilder};
    use paygrid_domain::{Record, SourceKind};
    use paygrid_stats::{mean, quantile_sorted};

    /// A small deterministic table: values spread so cells have 1..~40 rows,
    /// a few with a missing base or TC.
    fn table(rows: usize) -> CubeTable {
        let mut b = CubeTableBuilder::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let (roles, levels, metros) = (["a", "b", "c"], ["entry", "mid"], ["m1", "m2", "m3", "m4"]);
        for i in 0..rows {
            let r = next();
            let base = 5_000_000 + (r % 20_000_000) as u32;
            let bonus = (r >> 20) as u32 % 1_000_000;
            let skills = ["s1", "s2", "s3"];
            let row = CubeRow {
                role: roles[(r >> 40) as usize % 3],
                level: levels[(r >> 44) as usize % 2],
                metro: metros[((r >> 48) as usize % 16).min(3)],
                year: 2020 + ((r >> 52) % 3) as i16,
                base: (i % 97 != 0).then_some(base),
                bonus,
                equity: 0,
                tc: (i % 89 != 0).then_some(base + bonus),
                skills: &skills[..(r >> 56) as usize % 4],
                company: (i % 5 != 0).then_some("co"),
            };
            b.push(&row).unwrap();
        }
        b.finish().unwrap()
    }

    fn naive(t: &CubeTable, with_year: bool) -> std::collections::BTreeMap<u32, (Vec<f64>, Vec<f64>)> {
        let c = t.columns();
        let d = t.dims();
        let mut m: std::collections::BTreeMap<u32, (Vec<f64>, Vec<f64>)> = Default::default();
        for i in 0..t.len() {
            let k = d.key(c.role[i], c.level[i], c.metro[i], c.year[i]);
            let k = if with_year { k } else { k / d.years };
            let e = m.entry(k).or_default();
            if c.base[i] != MISSING {
                e.0.push(f64::from(c.base[i]) / 100.0);
            }
            if c.tc[i] != MISSING {
                e.1.push(f64::from(c.tc[i]) / 100.0);
            }
        }
        for (b, t) in m.values_mut() {
            b.sort_by(f64::total_cmp);
            t.sort_by(f64::total_cmp);
        }
        m
    }

    fn check(f: &Figures, v: &[f64]) {
        assert_eq!(f.n as usize, v.len());
        if v.is_empty() {
            assert!(f.mean.is_nan());
            return;
        }
        for (i, &p) in STANDARD_PS.iter().enumerate() {
            assert_eq!(f.p[i].to_bits(), quantile_sorted(v, p).to_bits(), "p{p} of {v:?}");
        }
        assert!((f.mean - mean(v)).abs() < 1e-9);
    }

    #[test]
    fn cube_matches_naive_for_any_thread_count() {
        let t = table(5000);
        let want = naive(&t, true);
        for threads in [1, 2, 3] {
            let cube = t.cube_with_threads(threads);
            assert_eq!(cube.len(), want.len());
            for (cell, (k, (b, tc))) in cube.unfloored_cells().zip(&want) {
                assert_eq!(cell.key, *k);
                check(&cell.base, b);
                check(&cell.tc, tc);
            }
        }
    }

    #[test]
    fn recomputing_into_reused_buffers_gives_the_same_cube() {
        let small = table(800);
        let big = table(5000);
        let (mut out, mut scratch) = (Cube::empty(), CubeScratch::default());
        for (t, threads) in [(&big, 2), (&small, 2), (&big, 1), (&big, 3), (&small, 1)] {
            t.cube_into(&mut out, &mut scratch, threads);
            let fresh = t.cube_with_threads(threads);
            assert_eq!(out.dims(), fresh.dims());
            assert_eq!(out.len(), fresh.len());
            for (a, b) in out.unfloored_cells().zip(fresh.unfloored_cells()) {
                assert_eq!((a.key, a.rows, a.base.n, a.tc.n), (b.key, b.rows, b.base.n, b.tc.n));
                assert_eq!(a.base.p.map(f64::to_bits), b.base.p.map(f64::to_bits));
                assert_eq!(a.tc.mean.to_bits(), b.tc.mean.to_bits());
            }
        }
        assert!(scratch.heap_bytes() > 0 && out.heap_bytes() > 0);
    }

    #[test]
    fn published_view_applies_the_floor() {
        let cube = table(3000).cube();
        let mut small = 0;
        for (_, rows, base, _) in cube.published(5) {
            assert!(rows >= 5);
            if let Some(n) = base.n {
                assert!(n >= 5);
                assert_eq!(base.p[0].is_some(), n >= 10);
                small += usize::from(n < 10);
            }
        }
        assert!(small > 0, "fixture should have cells with 5..10 values");
        assert!(cube.published(5).count() < cube.len());
    }

    #[test]
    fn index_lookups_match_measure_from_sorted() {
        let t = table(4000);
        let idx = t.index_with_threads(2);
        let want = naive(&t, false);
        assert_eq!(idx.cells(), want.len());
        let d = t.dims();
        for (&k, (b, tc)) in &want {
            let (r, l, m) = ((k / d.metros / d.levels) as u16, (k / d.metros % d.levels) as u8, (k % d.metros) as u16);
            let got = idx.lookup_codes(r, l, m, 5);
            for (measure, v) in [(&got.base, b), (&got.total, tc)] {
                let exp = Measure::from_sorted(v, 5);
                assert_eq!(measure.n, exp.n);
                assert_eq!(
                    (measure.p10, measure.p25, measure.p50, measure.p75, measure.p90),
                    (exp.p10, exp.p25, exp.p50, exp.p75, exp.p90)
                );
                assert_eq!((measure.ci.p10, measure.ci.p50, measure.ci.p90), (exp.ci.p10, exp.ci.p50, exp.ci.p90));
                assert_eq!(measure.confidence, exp.confidence);
                let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(a), Some(b)) => (a - b).abs() < 1e-6,
                    (a, b) => a.is_none() && b.is_none(),
                };
                assert!(close(measure.mean, exp.mean));
                assert!(close(measure.ci.mean.map(|c| c[0]), exp.ci.mean.map(|c| c[0])));
                assert!(close(measure.ci.mean.map(|c| c[1]), exp.ci.mean.map(|c| c[1])));
            }
        }
        assert!(idx.lookup("zzz", "entry", "m1", 5).is_none());
        let l = idx.lookup("a", "entry", "m1", 5).unwrap();
        assert!(l.n.is_some());
        // Raising the floor above the cell size withholds everything.
        let big = idx.lookup("a", "entry", "m1", 1_000_000).unwrap();
        assert!(big.n.is_none() && big.base.p50.is_none() && big.withheld.is_some());
    }

    fn record(role: &str, level: Level, metro: &str, year: i32, base: f64, bonus: f64) -> Record {
        Record {
            source: SourceKind::Generic,
            external_id: None,
            date: None,
            year: Some(year),
            raw_title: role.into(),
            raw_level: None,
            raw_specialization: None,
            role: paygrid_domain::role::RoleId::parse(role).unwrap(),
            role_known: false,
            level: Some(level),
            years_experience: None,
            years_at_company: None,
            company: Some("acme".into()),
            company_size: None,
            industry: None,
            raw_location: None,
            country: Some("US".into()),
            us_state: Some("WA".into()),
            metro: Some(metro.into()),
            remote: false,
            location_unresolved: false,
            base: Some(base),
            base_range: None,
            bonus,
            equity: 0.0,
            signing: 0.0,
            total: paygrid_domain::record::round_cents(base + bonus),
            currency: "USD".into(),
            pay_period: paygrid_domain::money::PayPeriod::Year,
            skills: vec!["rust".into()],
            employment_type: None,
        }
    }

    #[test]
    fn snapshot_cells_agree_with_the_engine() {
        let mut b = SnapshotBuilder::new();
        for i in 0..60 {
            let base = 100_000.0 + f64::from(i * 1_337 % 40_000) + 0.37;
            b.push("d", &record("zz-widget-maker", Level::Senior, "42660", 2020 + i % 4, base, f64::from(i) * 10.5));
            b.push("d", &record("zz-widget-maker", Level::Mid, "42660", 2021, base * 0.8, 0.0));
        }
        // One extreme record, flagged as an outlier and left out by both.
        b.push("d", &record("zz-widget-maker", Level::Senior, "42660", 2022, 4_900_000.0, 0.0));
        let engine = Engine::new(b.build(), 5);
        let table = engine.cube_table().unwrap();
        assert_eq!(table.len(), 120);
        let idx = table.index();
        let got = idx.lookup("zz-widget-maker", "senior", "42660", 5).unwrap();
        let q = CellQuery::new("zz-widget-maker", Some(Level::Senior), Area::Metro("42660".into()));
        let want = engine.benchmark(&q);
        assert_eq!(got.n, want.n);
        for (g, w) in [(&got.base, &want.base), (&got.total, &want.total)] {
            assert_eq!((g.p10, g.p25, g.p50, g.p75, g.p90), (w.p10, w.p25, w.p50, w.p75, w.p90));
            assert_eq!(g.ci.p50, w.ci.p50);
            assert!((g.mean.unwrap() - w.mean.unwrap()).abs() < 1e-6);
        }
        let cube = table.cube();
        let senior: u32 = cube
            .unfloored_cells()
            .filter(|c| table.columns().levels[cube.dims().decode(c.key).1 as usize] == "senior")
            .map(|c| c.rows)
            .sum();
        assert_eq!(senior, 60);
    }

    #[test]
    fn codes_widen_and_skills_are_found_by_block() {
        let mut c = Codes::for_distinct(10, 0);
        c.push(3);
        c.push(300);
        c.push(70_000);
        assert!(matches!(c, Codes::U32(_)));
        assert_eq!((c.get(0), c.get(1), c.get(2)), (3, 300, 70_000));
        let t = table(500);
        let cols = t.columns();
        let mut at = 0usize;
        for row in 0..t.len() {
            let n = usize::from(cols.skill_count[row]);
            let want: Vec<u32> = (at..at + n).map(|i| cols.skill_ids.get(i)).collect();
            assert_eq!(t.skills_of(row).collect::<Vec<_>>(), want);
            at += n;
        }
        assert!(t.heap_bytes() > 0);
    }

    #[test]
    fn bad_columns_are_refused() {
        let mut cols = table(10).columns().clone();
        cols.level.pop();
        assert!(matches!(CubeTable::from_columns(cols), Err(CubeError::Shape(_))));
        let mut cols = table(10).columns().clone();
        cols.role[0] = 99;
        assert!(matches!(CubeTable::from_columns(cols), Err(CubeError::Code(_))));
        let empty = CubeTableBuilder::new().finish().unwrap();
        assert!(empty.cube().is_empty());
        assert_eq!(empty.index().cells(), 0);
    }
}
