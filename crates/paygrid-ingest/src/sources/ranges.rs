//! Posted salary ranges in aijobs.net exports (and devops-jobs.net, same
//! columns). A posting that gives a range appears as two consecutive rows
//! equal in every column but `salary` and `salary_in_usd`, the top of the
//! range first. Counted as two records, one posting doubles its weight
//! and puts two numbers where there is one offer: a cell's n counts range
//! ends, not postings, and its spread is that of the ends. The rule
//! (docs/import-format.md, "Posted ranges"):
//!
//! - rows are read in file order; a row and the next one that agree on every
//!   column except the salary columns form one posting, and both are used
//!   up, so a run of such rows is read two at a time from its start (the
//!   last row of an odd run stands alone);
//! - a posting whose two salaries differ, with high <= [`MAX_RATIO`] x low,
//!   and whose rows are both accepted, becomes one record: base = the
//!   arithmetic midpoint, the ends kept as its range;
//! - any other posting stays two rows, each accepted, rejected or counted a
//!   duplicate on its own (equal salaries: the second row is an exact
//!   duplicate of the first).

use crate::table::{Header, Row};
use paygrid_domain::record::{round_cents, PayRange};
use paygrid_domain::Record;

/// The widest range taken for one posting. In the aijobs.net file of
/// 2025-01-19 the ranges' high/low ratio has median 1.50 and 99th
/// percentile 2.79; above 3 are mostly unit slips between the two rows
/// (ratio exactly 12: one end per month; 10: a digit too many), where
/// neither the midpoint nor the ends mean anything.
pub const MAX_RATIO: f64 = 3.0;

/// Columns in which the two ends of one posting differ.
pub const SALARY_COLUMNS: [&str; 2] = ["salary", "salary_in_usd"];

/// True when `a` and `b` agree on every column but [`SALARY_COLUMNS`].
pub(crate) fn same_posting(h: &Header, a: &Row, b: &Row) -> bool {
    let salary = |name: &str| SALARY_COLUMNS.iter().any(|c| name.trim().eq_ignore_ascii_case(c));
    h.names.iter().zip(a.values().zip(b.values())).all(|(name, (x, y))| salary(name) || x == y)
}

/// One record for a posting whose two rows became `a` and `b`: base = the
/// arithmetic midpoint of the two bases, which is how a pay band's midpoint
/// is defined and keeps the mean of a cell where the two ends had it; the
/// ends are kept. `None` when the two are not a range (no base, equal, or
/// wider than [`MAX_RATIO`]).
pub fn collapse(a: &Record, b: &Record) -> Option<Record> {
    let (x, y) = (a.base?, b.base?);
    let (low, high) = if x < y { (x, y) } else { (y, x) };
    if !(low > 0.0 && low < high && high <= MAX_RATIO * low) {
        return None;
    }
    let mut r = a.clone();
    let mid = round_cents((low + high) / 2.0);
    r.base = Some(mid);
    r.base_range = Some(PayRange { low, high });
    r.total = Record::compute_total(mid, r.bonus, r.equity, r.signing);
    Some(r)
}
