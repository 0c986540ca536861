//! Roll-up of thin specialization cells to their family (docs/normalization.md's
//! role tree: specialization -> family).

use crate::benchmark::{floor_reason, Benchmark};
use crate::query::{CellQuery, RoleInfo};
use crate::Engine;
use paygrid_domain::role::{ancestors, role_def};
use paygrid_stats::Confidence;
use serde::Serialize;

/// A family's benchmark shown in place of a thin specialization cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    /// "family figures: <Family> (includes <Specialization>)".
    pub label: String,
    pub specialization: RoleInfo,
    /// The specialization's own n; None under the floor.
    pub own_n: Option<usize>,
    /// The specialization cell's own label (`suppressed` or `low`).
    #[serde(serialize_with = "crate::ser_confidence")]
    pub own_confidence: Confidence,
    /// Why the family's figures are shown.
    pub reason: String,
    pub family: RoleInfo,
    /// The family cell's benchmark (same level, location, period, sources).
    pub benchmark: Benchmark,
}

impl Engine {
    /// The family figures to show when a specialization's own cell is too
    /// thin: fewer than k records, or confidence `low`.
    ///
    /// Definition: walk up the role tree from the specialization's parent
    /// (iOS -> Mobile -> Software Engineer) and take the nearest ancestor
    /// whose cell is published with confidence above `low`; when none is,
    /// the nearest published one, as it still rests on more records. The
    /// family cell contains the specialization's records, so it is labelled
    /// "includes <specialization>". Only the specialization's n (when at
    /// least k) and label are carried over, never its figures.
    ///
    /// None when the role is not a specialization, when its own cell is
    /// published above `low`, or when no ancestor's cell is published.
    pub fn rollup(&self, q: &CellQuery) -> Option<Rollup> {
        role_def(&q.role)?.parent?;
        let own = self.benchmark(q);
        if own.n.is_some() && own.confidence > Confidence::Low {
            return None;
        }
        let reason = match own.n {
            None => format!("{}: {}", own.role_info.name, floor_reason(self.floor)),
            Some(n) => format!("{}: confidence low (n = {n})", own.role_info.name),
        };
        let mut fallback: Option<(&str, Benchmark)> = None;
        let mut chosen: Option<(&str, Benchmark)> = None;
        for family in ancestors(&q.role).into_iter().skip(1) {
            let b = self.benchmark(&q.with_role(family));
            if b.n.is_none() {
                continue;
            }
            if b.confidence > Confidence::Low {
                chosen = Some((family, b));
                break;
            }
            fallback.get_or_insert((family, b));
        }
        let (family, benchmark) = chosen.or(fallback)?;
        let family = RoleInfo::of(family);
        Some(Rollup {
            label: format!("family figures: {} (includes {})", family.name, own.role_info.name),
            specialization: own.role_info.clone(),
            own_n: own.n,
            own_confidence: own.confidence,
            reason,
            family,
            benchmark,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breakdown::tests::{engine, record, us};
    use paygrid_domain::Level;

    fn rows(role: &str, n: usize, start: f64, step: f64) -> Vec<paygrid_domain::Record> {
        (0..n).map(|i| record(role, Some(Level::Senior), start + step * i as f64)).collect()
    }

    #[test]
    fn thin_specialization_gets_family_figures() {
        // 3 iOS, 3 Android (mobile = 6, low), 200 software engineers tightly
        // spread (family high).
        let mut rs = rows("ios-engineer", 3, 150_000.0, 1000.0);
        rs.extend(rows("android-engineer", 3, 152_000.0, 1000.0));
        rs.extend(rows("software-engineer", 200, 160_000.0, 50.0));
        let e = engine(&rs);
        let q = us("ios-engineer", Some(Level::Senior));
        let r = e.rollup(&q).expect("rolled up");
        assert_eq!(r.label, "family figures: Software Engineer (includes iOS Engineer)");
        assert_eq!(r.family.id, "software-engineer");
        assert_eq!(r.own_n, None);
        assert_eq!(r.own_confidence, Confidence::Suppressed);
        assert!(r.reason.contains("fewer than 5"));
        assert_eq!(r.benchmark.n, Some(206));
        assert!(r.benchmark.confidence > Confidence::Low);
        assert_eq!(r.benchmark, e.benchmark(&q.with_role("software-engineer")));
        // Nothing of the iOS cell's own figures travels.
        assert!(!format!("{r:?}").contains("150000"));

        // Mobile (n = 6, low) rolls up too and says its own n.
        let m = e.rollup(&us("mobile-engineer", Some(Level::Senior))).unwrap();
        assert_eq!(m.own_n, Some(6));
        assert_eq!(m.own_confidence, Confidence::Low);
        assert_eq!(m.label, "family figures: Software Engineer (includes Mobile Engineer)");

        // A family root or a well-covered specialization needs no roll-up.
        assert!(e.rollup(&us("software-engineer", Some(Level::Senior))).is_none());
        let mut rs2 = rs.clone();
        rs2.extend(rows("backend-engineer", 200, 160_000.0, 50.0));
        let e2 = engine(&rs2);
        assert!(e2.rollup(&us("backend-engineer", Some(Level::Senior))).is_none());
    }

    #[test]
    fn nearest_published_ancestor_when_none_is_above_low() {
        let mut rs = rows("ios-engineer", 2, 150_000.0, 1000.0);
        rs.extend(rows("android-engineer", 4, 152_000.0, 1000.0));
        let e = engine(&rs);
        let r = e.rollup(&us("ios-engineer", Some(Level::Senior))).unwrap();
        assert_eq!(r.family.id, "mobile-engineer");
        assert_eq!(r.label, "family figures: Mobile Engineer (includes iOS Engineer)");
        assert_eq!(r.benchmark.n, Some(6));
    }

    #[test]
    fn four_records_publish_nothing() {
        let mut rs = rows("ios-engineer", 2, 150_000.0, 1000.0);
        rs.extend(rows("software-engineer", 2, 152_000.0, 1000.0));
        let e = engine(&rs);
        assert!(e.rollup(&us("ios-engineer", Some(Level::Senior))).is_none());
    }
}
