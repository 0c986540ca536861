//! The seeded benchmark workload (the `paygrid bench` issue's definition):
//!
//! - 50 roles, Zipf(0.8) (`role-01` most common … `role-50`);
//! - 6 levels: entry 20%, mid 30%, senior 25%, staff 12%, principal 8%,
//!   manager 5%;
//! - 400 metros, Zipf(1.0) (`m001` … `m400`);
//! - years 2019–2026, uniform;
//! - base salary lognormal per role x level x metro x year: median =
//!   role base x level multiple x metro multiple x 3.5% a year, sigma 0.18;
//! - an annual bonus on 70% of rows (a level's target share of base x
//!   U(0.5, 1.5));
//! - annual equity on 35% (entry) to 75% (principal) of rows (a level's
//!   target share of base x lognormal(sigma 0.5, mean 1));
//! - 1–5 distinct skills of 200 (`skill-001` …), uniform;
//! - one of 20,000 companies, Zipf(1.1) (`company-00001` …).
//!
//! Amounts are rounded to the cent; base and TC stay in the default sanity
//! range [$10,000, $5,000,000] (base is clamped, equity capped).
//!
//! Reproducible: rows are generated in blocks of [`BLOCK_ROWS`], each from
//! its own stream of the seed, so the records depend on the seed alone —
//! not on the thread count — and the first n rows of a bigger run are the
//! rows of a smaller one.

use crate::rng::{stream_seed, Alias, Rng};
use paygrid_engine::cube::{Codes, CubeColumns, CubeError, CubeTable};

pub const ROLES: usize = 50;
pub const ROLE_ZIPF: f64 = 0.8;
pub const LEVELS: [&str; 6] = ["entry", "mid", "senior", "staff", "principal", "manager"];
pub const LEVEL_WEIGHTS: [f64; 6] = [20.0, 30.0, 25.0, 12.0, 8.0, 5.0];
pub const METROS: usize = 400;
pub const METRO_ZIPF: f64 = 1.0;
pub const YEARS: std::ops::RangeInclusive<i16> = 2019..=2026;
pub const BASE_SIGMA: f64 = 0.18;
pub const BONUS_SHARE: f64 = 0.70;
/// Share of rows with equity, by level: 35% at entry rising to 75% at principal.
pub const EQUITY_SHARE: [f64; 6] = [0.35, 0.45, 0.55, 0.65, 0.75, 0.60];
pub const SKILLS: usize = 200;
pub const MAX_SKILLS_PER_ROW: u32 = 5;
pub const COMPANIES: usize = 20_000;
pub const COMPANY_ZIPF: f64 = 1.1;
/// Rows per independently seeded block.
pub const BLOCK_ROWS: usize = 1 << 16;

const LEVEL_MULT: [f64; 6] = [1.0, 1.22, 1.50, 1.85, 2.25, 1.95];
const BONUS_TARGET: [f64; 6] = [0.05, 0.08, 0.10, 0.12, 0.15, 0.12];
const EQUITY_TARGET: [f64; 6] = [0.10, 0.15, 0.25, 0.40, 0.60, 0.30];
const YEARLY_GROWTH: f64 = 0.035;
const MIN_CENTS: f64 = 1_000_000.0;
const MAX_CENTS: u32 = 500_000_000;
/// The parameter stream (role and metro pay levels), apart from row blocks.
const PARAM_STREAM: u64 = u64::MAX;

/// Per-role and per-metro pay levels and the samplers, all drawn from the
/// seed, shared read-only by every block.
struct Model {
    role: Alias,
    level: Alias,
    metro: Alias,
    company: Alias,
    ln_role: Vec<f64>,
    ln_metro: Vec<f64>,
    ln_year: Vec<f64>,
}

impl Model {
    fn new(seed: u64) -> Model {
        let mut p = Rng::new(stream_seed(seed, PARAM_STREAM));
        let ln_role = (0..ROLES).map(|_| 105_000f64.ln() + 0.20 * p.normal()).collect();
        let ln_metro = (0..METROS).map(|_| 0.15 * p.normal()).collect();
        let ln_year = YEARS.map(|y| YEARLY_GROWTH * f64::from(y - YEARS.start())).collect();
        Model {
            role: Alias::zipf(ROLES, ROLE_ZIPF),
            level: Alias::new(&LEVEL_WEIGHTS),
            metro: Alias::zipf(METROS, METRO_ZIPF),
            company: Alias::zipf(COMPANIES, COMPANY_ZIPF),
            ln_role,
            ln_metro,
            ln_year,
        }
    }
}

/// One block's share of every fixed-width column.
struct Block<'a> {
    index: usize,
    role: &'a mut [u16],
    level: &'a mut [u8],
    metro: &'a mut [u16],
    year: &'a mut [u8],
    base: &'a mut [u32],
    bonus: &'a mut [u32],
    equity: &'a mut [u32],
    tc: &'a mut [u32],
    company: &'a mut [u16],
    skill_count: &'a mut [u8],
}

fn cents(dollars: f64) -> u32 {
    (dollars * 100.0).round() as u32
}

impl Block<'_> {
    /// Fills the block; returns its skill ids, row after row.
    fn fill(self, m: &Model, seed: u64) -> Vec<u8> {
        let mut rng = Rng::new(stream_seed(seed, self.index as u64));
        let n = self.role.len();
        let mut skills = Vec::with_capacity(n * 3);
        let years = m.ln_year.len() as u32;
        for i in 0..n {
            let r = m.role.sample(&mut rng) as usize;
            let l = m.level.sample(&mut rng) as usize;
            let mt = m.metro.sample(&mut rng) as usize;
            let y = rng.below(years) as usize;
            let ln_median = m.ln_role[r] + LEVEL_MULT[l].ln() + m.ln_metro[mt] + m.ln_year[y];
            let base_c =
                ((ln_median + BASE_SIGMA * rng.normal()).exp() * 100.0).round().clamp(MIN_CENTS, f64::from(MAX_CENTS)) as u32;
            let base = f64::from(base_c) / 100.0;
            let bonus_c = if rng.uniform() < BONUS_SHARE { cents(base * BONUS_TARGET[l] * (0.5 + rng.uniform())) } else { 0 };
            let mut equity_c = if rng.uniform() < EQUITY_SHARE[l] {
                cents(base * EQUITY_TARGET[l] * (0.5 * rng.normal() - 0.125).exp())
            } else {
                0
            };
            // TC stays within the sanity range: equity gives way.
            let room = MAX_CENTS - base_c.min(MAX_CENTS);
            equity_c = equity_c.min(room.saturating_sub(bonus_c));
            let bonus_c = bonus_c.min(room);
            let k = 1 + rng.below(MAX_SKILLS_PER_ROW);
            let first = skills.len();
            while skills.len() < first + k as usize {
                let s = rng.below(SKILLS as u32) as u8;
                if !skills[first..].contains(&s) {
                    skills.push(s);
                }
            }
            self.role[i] = r as u16;
            self.level[i] = l as u8;
            self.metro[i] = mt as u16;
            self.year[i] = y as u8;
            self.base[i] = base_c;
            self.bonus[i] = bonus_c;
            self.equity[i] = equity_c;
            self.tc[i] = base_c + bonus_c + equity_c;
            self.company[i] = m.company.sample(&mut rng) as u16;
            self.skill_count[i] = k as u8;
        }
        skills
    }
}

pub fn role_name(i: usize) -> String {
    format!("role-{:02}", i + 1)
}

pub fn metro_name(i: usize) -> String {
    format!("m{:03}", i + 1)
}

pub fn skill_name(i: usize) -> String {
    format!("skill-{:03}", i + 1)
}

pub fn company_name(i: usize) -> String {
    format!("company-{:05}", i + 1)
}

/// The workload's `rows` records for `seed`, generated on `threads` threads
/// (0 = all cores) straight into a cube table.
pub fn generate(rows: usize, seed: u64, threads: usize) -> Result<CubeTable, CubeError> {
    let threads = if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { threads };
    let model = Model::new(seed);
    let mut role = vec![0u16; rows];
    let mut level = vec![0u8; rows];
    let mut metro = vec![0u16; rows];
    let mut year = vec![0u8; rows];
    let mut base = vec![0u32; rows];
    let mut bonus = vec![0u32; rows];
    let mut equity = vec![0u32; rows];
    let mut tc = vec![0u32; rows];
    let mut company = vec![0u16; rows];
    let mut skill_count = vec![0u8; rows];
    let blocks: Vec<Block<'_>> = role
        .chunks_mut(BLOCK_ROWS)
        .zip(level.chunks_mut(BLOCK_ROWS))
        .zip(metro.chunks_mut(BLOCK_ROWS))
        .zip(year.chunks_mut(BLOCK_ROWS))
        .zip(base.chunks_mut(BLOCK_ROWS))
        .zip(bonus.chunks_mut(BLOCK_ROWS))
        .zip(equity.chunks_mut(BLOCK_ROWS))
        .zip(tc.chunks_mut(BLOCK_ROWS))
        .zip(company.chunks_mut(BLOCK_ROWS))
        .zip(skill_count.chunks_mut(BLOCK_ROWS))
        .enumerate()
        .map(|(index, (((((((((role, level), metro), year), base), bonus), equity), tc), company), skill_count))| Block {
            index,
            role,
            level,
            metro,
            year,
            base,
            bonus,
            equity,
            tc,
            company,
            skill_count,
        })
        .collect();
    let nblocks = blocks.len();
    let threads = threads.clamp(1, nblocks.max(1));
    // Blocks are dealt round-robin so every thread gets a similar share.
    let mut groups: Vec<Vec<Block<'_>>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, b) in blocks.into_iter().enumerate() {
        groups[i % threads].push(b);
    }
    let mut skill_parts: Vec<(usize, Vec<u8>)> = std::thread::scope(|s| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|g| {
                let model = &model;
                s.spawn(move || g.into_iter().map(|b| (b.index, b.fill(model, seed))).collect::<Vec<_>>())
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("generator thread")).collect()
    });
    skill_parts.sort_unstable_by_key(|(i, _)| *i);
    let mut skill_ids = Vec::with_capacity(skill_parts.iter().map(|(_, v)| v.len()).sum());
    for (_, part) in skill_parts {
        skill_ids.extend_from_slice(&part);
    }
    CubeTable::from_columns(CubeColumns {
        roles: (0..ROLES).map(role_name).collect(),
        levels: LEVELS.iter().map(|s| s.to_string()).collect(),
        metros: (0..METROS).map(metro_name).collect(),
        years: YEARS.collect(),
        skills: (0..SKILLS).map(skill_name).collect(),
        companies: (0..COMPANIES).map(company_name).collect(),
        role,
        level,
        metro,
        year,
        base,
        bonus,
        equity,
        tc,
        company: Codes::U16(company),
        skill_count,
        skill_ids: Codes::U8(skill_ids),
    })
}
