//! Publication classes: what stops differencing from isolating a person.
//!
//! The floor alone does not: "all levels" (n = 101) minus "senior" (n = 100)
//! gives one person's pay from the two counts and means, and no per-query
//! check can prevent it, because the leak lives in the *difference* of two
//! queries that each pass. So before any figure is computed, every record is
//! given the detail it may be published at, and the engine only ever sees
//! that generalized record:
//!
//! - A record's *published key* is its role, level, country, US state,
//!   metro (or remote flag), year and dataset — every dimension a query can
//!   filter on. Records with equal keys form a *class*; every filter of
//!   every query, breakdown and trend either takes a whole class or none
//!   of it.
//! - Every class must hold at least k records that enter figures (outliers
//!   do not count), and for each pay measure either none or at least k
//!   values: a class of 5 records of which 2 report TC would leak those 2.
//! - A class that falls short gives up one step of one dimension, for all
//!   its records, in this order of preference: its dataset, its metro,
//!   its state, its year, its country, its remote flag, its level, its
//!   role (to the role's family). It takes the cheapest generalization that
//!   lands it in a class large enough (counting the other short classes
//!   that could move there too); when none does, the dearest. Rounds repeat
//!   until every class is large enough. A record whose class is short with
//!   nothing left to give up is left out of every figure.
//! - Why this order: a record that gives up a dimension drops out of every
//!   figure that filters on it, so what it gives up decides which figures
//!   lose it, and thin classes are not a random sample (small metros, small
//!   countries, rare levels pay differently). Place below the country is
//!   given up first: a thin metro's records then stay in their state,
//!   country, year and level figures, whose medians stay where the raw data
//!   put them, and only the thin metro's own page loses them. Year is kept
//!   before country so that small countries keep their pages (pooled over
//!   years), and level comes last because pay depends on it most. Remote
//!   work is its own dimension: a remote record can give up its country
//!   and still count as remote, or give up the remote flag and still count
//!   in its country. The cost of the rule is measured on the loaded data by
//!   `paygrid privacy` (docs/methodology.md, "Privacy").
//! - Segment attributes (company size, industry, company) are kept only for
//!   groups of at least k records within a class, and only when the rest of
//!   the class is also empty or at least k.
//!
//! Consequence (tested in `tests/privacy.rs`): any set of records that a
//! combination of queries can single out — differences, intersections,
//! narrowing step by step — is a union of whole classes, so it holds at
//! least k records. What this does not stop is documented in
//! docs/methodology.md ("Privacy").

use crate::privacy_cost::{Place, PrivacyCost};
use crate::snapshot::{Snapshot, NONE, NO_LEVEL};
use paygrid_domain::role::ancestors;
use serde::Serialize;
use std::collections::HashMap;

/// Dimensions a record can lose, in the order they are given up.
pub const HIDDEN: [&str; 8] = ["dataset", "metro", "state", "year", "country", "remote", "level", "role"];

/// How much detail the published records keep, for the methodology page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PrivacyReport {
    pub k: usize,
    /// Records before generalization.
    pub records: usize,
    /// Records published with every dimension as imported.
    pub full_detail: usize,
    /// Per dimension of [`HIDDEN`]: published records with it hidden ("role"
    /// counts records moved up to a family).
    pub hidden: Vec<(&'static str, usize)>,
    /// Records whose company, industry or company size was hidden.
    pub segment_hidden: usize,
    /// Records left out of every figure.
    pub left_out: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    role: u32,
    level: u8,
    country: u32,
    state: u32,
    metro: u32,
    remote: bool,
    year: i16,
    dataset: u32,
}

/// Records of a group that enter figures, in total and per pay measure.
#[derive(Clone, Copy, Default)]
struct Counts {
    rows: usize,
    base: usize,
    total: usize,
}

impl Counts {
    fn add(&mut self, s: &Snapshot, r: usize) {
        if s.outlier[r] {
            return;
        }
        self.rows += 1;
        self.base += usize::from(!s.base[r].is_nan());
        self.total += usize::from(!s.total[r].is_nan());
    }

    fn merge(&mut self, o: Counts) {
        self.rows += o.rows;
        self.base += o.base;
        self.total += o.total;
    }

    fn publishable(&self, k: usize) -> bool {
        self.rows >= k && (self.base == 0 || self.base >= k) && (self.total == 0 || self.total >= k)
    }
}

fn key(s: &Snapshot, r: usize) -> Key {
    Key {
        role: s.role[r],
        level: s.level[r],
        country: s.country[r],
        state: s.state[r],
        metro: s.metro[r],
        remote: s.remote[r],
        year: s.year[r],
        dataset: s.dataset[r],
    }
}

/// What giving up each dimension costs: powers of two, so that hiding any
/// set of cheaper dimensions costs less than hiding one dearer one, and
/// every target a class can reach has its own cost. Each role step (to the
/// family, then its family) costs [`ROLE_STEP`]. The order is the one the
/// module docs justify.
const DATASET: u32 = 1;
const METRO: u32 = 2;
const STATE: u32 = 4;
const YEAR: u32 = 8;
const COUNTRY: u32 = 16;
const REMOTE: u32 = 32;
const LEVEL: u32 = 64;
const ROLE_STEP: u32 = 128;

/// Every key `k` can be generalized to, with its cost (itself at 0).
/// Location is given up from the finest level up, so a record never keeps
/// a metro without its state and country.
fn targets(k: Key, parents: &[u32]) -> Vec<(Key, u32)> {
    let mut out = vec![(k, 0)];
    let widen = |out: &mut Vec<(Key, u32)>, f: &dyn Fn(Key) -> Option<(Key, u32)>| {
        let more: Vec<(Key, u32)> = out.iter().filter_map(|&(g, c)| f(g).map(|(h, d)| (h, c + d))).collect();
        out.extend(more);
    };
    widen(&mut out, &|g| (g.dataset != NONE).then_some((Key { dataset: NONE, ..g }, DATASET)));
    widen(&mut out, &|g| (g.year != 0).then_some((Key { year: 0, ..g }, YEAR)));
    widen(&mut out, &|g| (g.level != NO_LEVEL).then_some((Key { level: NO_LEVEL, ..g }, LEVEL)));
    widen(&mut out, &|g| g.remote.then_some((Key { remote: false, ..g }, REMOTE)));
    // Location: a chain, each level optional only if the finer ones go.
    let mut chain: Vec<(Key, u32)> = Vec::new();
    for &(g, c) in &out {
        let mut h = g;
        let mut cost = c;
        if h.metro != NONE {
            h = Key { metro: NONE, ..h };
            cost += METRO;
            chain.push((h, cost));
        }
        if h.state != NONE {
            h = Key { state: NONE, ..h };
            cost += STATE;
            chain.push((h, cost));
        }
        if h.country != NONE {
            h = Key { country: NONE, ..h };
            cost += COUNTRY;
            chain.push((h, cost));
        }
    }
    out.extend(chain);
    let mut roles: Vec<(Key, u32)> = Vec::new();
    for &(g, c) in &out {
        let (mut h, mut cost) = (g, c);
        while let Some(&p) = parents.get(h.role as usize).filter(|&&p| p != NONE) {
            h = Key { role: p, ..h };
            cost += ROLE_STEP;
            roles.push((h, cost));
        }
    }
    out.extend(roles);
    out
}

/// Generalizes `s` so every class is publishable at floor `k` (see the
/// module docs) and drops the records that cannot be; with `cost`, also
/// measures what that does to the figures (see [`crate::privacy_cost`]).
pub(crate) fn publish(mut s: Snapshot, k: usize, cost: bool) -> (Snapshot, PrivacyReport, Option<PrivacyCost>) {
    let n = s.len();
    // Each role's parent, interning families that have no records of their own.
    let mut parents: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < s.roles.len() {
        let name = s.roles.name(i as u32).to_string();
        parents.push(ancestors(&name).get(1).map_or(NONE, |p| s.roles.intern(p)));
        i += 1;
    }
    let original: Vec<Key> = (0..n).map(|r| key(&s, r)).collect();
    let mut keys = original.clone();
    let mut alive = vec![true; n];
    loop {
        let mut classes: HashMap<Key, Counts> = HashMap::new();
        for r in (0..n).filter(|&r| alive[r]) {
            classes.entry(keys[r]).or_default().add(&s, r);
        }
        let short: Vec<(Key, Counts)> = classes.iter().filter(|(_, c)| !c.publishable(k)).map(|(&k, &c)| (k, c)).collect();
        if short.is_empty() {
            break;
        }
        // Where the short classes could go, pooled: a thin class can wait
        // for others to come to it, or meet them on the way up.
        let reach: HashMap<Key, Vec<(Key, u32)>> = short.iter().map(|&(key, _)| (key, targets(key, &parents))).collect();
        let mut pooled: HashMap<Key, Counts> = HashMap::new();
        for &(key, c) in &short {
            for &(g, _) in &reach[&key] {
                pooled.entry(g).or_default().merge(c);
            }
        }
        let enough = |g: &Key| {
            let mut total = pooled[g];
            if let Some(c) = classes.get(g).filter(|c| c.publishable(k)) {
                total.merge(*c);
            }
            total.publishable(k)
        };
        // The cheapest target that can be publishable, else the dearest
        // (the top of the role's hierarchy, where all stragglers meet).
        let mut moves: HashMap<Key, Key> = HashMap::new();
        for &(key, _) in &short {
            let options = &reach[&key];
            let best = options.iter().filter(|(g, _)| enough(g)).min_by_key(|&&(_, c)| c);
            let to = best.or_else(|| options.iter().max_by_key(|&&(_, c)| c)).map_or(key, |&(g, _)| g);
            moves.insert(key, to);
        }
        // Staying put only makes sense if someone is coming; a class that
        // stays alone next to no newcomer takes its dearest target instead,
        // and a class with nowhere to go is left out.
        let arriving: std::collections::HashSet<Key> = moves.iter().filter(|(from, to)| from != to).map(|(_, &to)| to).collect();
        let mut moved = false;
        let mut dropped: std::collections::HashSet<Key> = std::collections::HashSet::new();
        for (from, to) in moves.iter_mut() {
            if from == to && !arriving.contains(to) {
                let top = reach[from].iter().max_by_key(|&&(_, c)| c).map_or(*from, |&(g, _)| g);
                if top == *from {
                    dropped.insert(*from);
                } else {
                    *to = top;
                }
            }
            moved |= from != to;
        }
        debug_assert!(moved || !dropped.is_empty(), "every round changes something");
        for r in 0..n {
            if !alive[r] {
                continue;
            }
            if dropped.contains(&keys[r]) {
                alive[r] = false;
            } else if let Some(&to) = moves.get(&keys[r]) {
                keys[r] = to;
            }
        }
    }
    for (r, &g) in keys.iter().enumerate() {
        s.role[r] = g.role;
        s.level[r] = g.level;
        s.country[r] = g.country;
        s.state[r] = g.state;
        s.metro[r] = g.metro;
        s.remote[r] = g.remote;
        s.year[r] = g.year;
        if g.year == 0 {
            // A hidden year hides the day too.
            s.date[r] = crate::snapshot::NO_DATE;
        }
        s.dataset[r] = g.dataset;
    }
    let segment_hidden = hide_small_segments(&mut s, &alive, k);

    let published = || (0..n).filter(|&r| alive[r]);
    let lost = |r: usize, dim: usize| {
        let (o, g) = (original[r], keys[r]);
        match HIDDEN[dim] {
            "dataset" => o.dataset != g.dataset,
            "metro" => o.metro != g.metro,
            "state" => o.state != g.state,
            "year" => o.year != g.year,
            "country" => o.country != g.country,
            "remote" => o.remote != g.remote,
            "level" => o.level != g.level,
            _ => o.role != g.role,
        }
    };
    let report = PrivacyReport {
        k,
        records: n,
        full_detail: published().filter(|&r| original[r] == keys[r]).count(),
        hidden: HIDDEN.iter().enumerate().map(|(dim, &name)| (name, published().filter(|&r| lost(r, dim)).count())).collect(),
        segment_hidden,
        left_out: alive.iter().filter(|&&a| !a).count(),
    };
    let cost = cost.then(|| {
        let place = |g: Key| Place {
            role: g.role,
            level: g.level,
            country: g.country,
            state: g.state,
            metro: g.metro,
            remote: g.remote,
            year: g.year,
        };
        let raw: Vec<Place> = original.iter().map(|&g| place(g)).collect();
        let published: Vec<Option<Place>> = (0..n).map(|r| alive[r].then(|| place(keys[r]))).collect();
        crate::privacy_cost::measure(&s, &raw, &published, &parents, k)
    });
    s.retain_rows(&alive);
    s.compact_dictionaries();
    (s, report, cost)
}
/// Within each class, keeps a company, industry or size value only for
/// groups that are publishable, and only if the rest of the class is empty
/// or publishable too; returns how many records lost at least one value.
fn hide_small_segments(s: &mut Snapshot, alive: &[bool], k: usize) -> usize {
    let n = s.len();
    let mut classes: HashMap<Key, Vec<usize>> = HashMap::new();
    for r in (0..n).filter(|&r| alive[r]) {
        classes.entry(key(s, r)).or_default().push(r);
    }
    let mut lost = vec![false; n];
    for rows in classes.values() {
        for dim in 0..3 {
            let column = |s: &Snapshot, r: usize| match dim {
                0 => s.size[r],
                1 => s.industry[r],
                _ => s.company[r],
            };
            let mut groups: HashMap<u32, Counts> = HashMap::new();
            for &r in rows {
                groups.entry(column(s, r)).or_default().add(s, r);
            }
            let mut rest = groups.remove(&NONE).unwrap_or_default();
            let mut kept: Vec<(u32, Counts)> = Vec::new();
            for (v, c) in groups {
                if c.publishable(k) {
                    kept.push((v, c));
                } else {
                    rest.merge(c);
                }
            }
            // Smallest first out, so the largest segments survive.
            kept.sort_by_key(|&(v, c)| (std::cmp::Reverse(c.rows), v));
            while rest.rows > 0 && !rest.publishable(k) {
                let Some((_, c)) = kept.pop() else { break };
                rest.merge(c);
            }
            for &r in rows {
                let v = column(s, r);
                if v != NONE && !kept.iter().any(|&(x, _)| x == v) {
                    lost[r] = true;
                    match dim {
                        0 => s.size[r] = NONE,
                        1 => s.industry[r] = NONE,
                        _ => s.company[r] = NONE,
                    }
                }
            }
        }
    }
    lost.iter().filter(|&&l| l).count()
}

// The attacks need record identities (which rows a query selects), which
// only the crate can see.
#[cfg(test)]
#[path = "privacy_attacks.rs"]
mod attacks;
