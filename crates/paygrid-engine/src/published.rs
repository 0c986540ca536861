//! What every interface shares about one cell: turning the text a person
//! typed (role or title, level, location, period, sources) into a
//! [`CellQuery`], and the published view of the cell (its benchmark plus
//! the labelled alternatives shown when it is withheld). The CLI's
//! `benchmark --format json` and the API's `/benchmarks` both serialize
//! [`CellBenchmark`], so they cannot drift apart.

use crate::benchmark::Benchmark;
use crate::metro::ModelledCell;
use crate::query::{resolve_role, Area, CellQuery};
use crate::rollup::Rollup;
use crate::Engine;
use paygrid_domain::Level;
use serde::Serialize;

/// A cell as text, before resolution.
#[derive(Debug, Clone, Default)]
pub struct CellSpec<'a> {
    /// A role id or a job title; a title's level applies unless `level` is given.
    pub role: &'a str,
    pub level: Option<Level>,
    /// Free text or a code; see [`Area::parse`].
    pub location: &'a str,
    pub since: Option<i32>,
    pub until: Option<i32>,
    pub sources: &'a [String],
}

/// Why a cell cannot be built; each names the input at fault so that
/// callers can point at the flag or field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellError {
    /// Neither a catalogue role nor a title of one, nor a role in the data.
    UnknownRole(String),
    UnknownLocation(String),
    /// `since` is after `until`.
    PeriodOrder {
        since: i32,
        until: i32,
    },
    /// Source names matching no import kind or dataset.
    UnknownSources(Vec<String>),
}

/// The location a cell has when none is given, on every interface.
pub const DEFAULT_LOCATION: &str = "United States";

/// A cell written as `ROLE|LEVEL|LOCATION`, the form the CLI's `--cell` and
/// the API's `cell=` take: its three parts, trimmed (level and location may
/// be empty: all levels; [`DEFAULT_LOCATION`]). None unless there are
/// exactly three parts.
pub fn split_cell(text: &str) -> Option<(&str, &str, &str)> {
    let mut parts = text.split('|').map(str::trim);
    let cell = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some(cell)
}

/// A level slug or level word (`senior`, `L5`, `Sr`, `EX`).
pub fn parse_level(text: &str) -> Option<Level> {
    Level::from_slug(text).or_else(|| Level::parse_word(text))
}

impl Engine {
    /// Resolves a cell named by text against the catalogue, the geography
    /// and the sources in this snapshot.
    pub fn parse_cell(&self, spec: &CellSpec<'_>) -> Result<CellQuery, CellError> {
        let (role, implied) = resolve_role(spec.role);
        let area = Area::parse(spec.location).ok_or_else(|| CellError::UnknownLocation(spec.location.to_string()))?;
        if let (Some(since), Some(until)) = (spec.since, spec.until) {
            if since > until {
                return Err(CellError::PeriodOrder { since, until });
            }
        }
        let mut q = CellQuery::new(&role.id, spec.level.or(implied), area);
        q.since = spec.since;
        q.until = spec.until;
        q.sources = spec.sources.to_vec();
        let unknown = self.snapshot.unknown_sources(&q);
        if !unknown.is_empty() {
            return Err(CellError::UnknownSources(unknown.into_iter().map(str::to_string).collect()));
        }
        if spec.role.trim().is_empty() || (!role.known && !self.snapshot.role_counts().iter().any(|(r, _)| *r == role.id)) {
            return Err(CellError::UnknownRole(spec.role.to_string()));
        }
        Ok(q)
    }

    /// The published view of one cell.
    pub fn cell_benchmark(&self, q: &CellQuery) -> CellBenchmark {
        CellBenchmark { benchmark: self.benchmark(q), modelled: self.modelled_cell(q), rollup: self.rollup(q) }
    }
}

/// A cell's benchmark plus, when it is withheld or thin, the labelled
/// alternatives: a modelled estimate (thin metro cells) and the family's
/// figures (thin specializations). Serializes as the benchmark's fields
/// with `modelled` and `rollup` beside them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellBenchmark {
    #[serde(flatten)]
    pub benchmark: Benchmark,
    pub modelled: Option<ModelledCell>,
    pub rollup: Option<Rollup>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breakdown::tests::{engine, record};

    #[test]
    fn cells_are_three_parts() {
        assert_eq!(split_cell(" backend-engineer | senior | Seattle, WA "), Some(("backend-engineer", "senior", "Seattle, WA")));
        assert_eq!(split_cell("backend-engineer||"), Some(("backend-engineer", "", "")));
        assert_eq!(split_cell("backend-engineer|senior"), None);
        assert_eq!(split_cell("a|b|c|d"), None);
    }

    #[test]
    fn text_resolves_to_a_cell_or_names_the_bad_input() {
        let e =
            engine(&(0..8).map(|i| record("backend-engineer", Some(Level::Senior), 150_000.0 + i as f64)).collect::<Vec<_>>());
        let spec = CellSpec { role: "Senior Backend Developer", location: "Seattle, WA", ..Default::default() };
        let q = e.parse_cell(&spec).unwrap();
        assert_eq!((q.role.as_str(), q.level, q.area), ("backend-engineer", Some(Level::Senior), Area::Metro("42660".into())));
        let q = e.parse_cell(&CellSpec { level: Some(Level::Staff), ..spec.clone() }).unwrap();
        assert_eq!(q.level, Some(Level::Staff));
        let err = |s: CellSpec<'_>| e.parse_cell(&s).unwrap_err();
        assert_eq!(err(CellSpec { role: "Zymurgist", ..spec.clone() }), CellError::UnknownRole("Zymurgist".into()));
        assert_eq!(err(CellSpec { role: " ", ..spec.clone() }), CellError::UnknownRole(" ".into()));
        assert_eq!(err(CellSpec { location: "Xyzzy", ..spec.clone() }), CellError::UnknownLocation("Xyzzy".into()));
        assert_eq!(
            err(CellSpec { since: Some(2025), until: Some(2024), ..spec.clone() }),
            CellError::PeriodOrder { since: 2025, until: 2024 }
        );
        let sources = vec!["nope".to_string()];
        assert_eq!(err(CellSpec { sources: &sources, ..spec.clone() }), CellError::UnknownSources(sources.clone()));
        assert_eq!(parse_level("L5"), Some(Level::Senior));
        assert_eq!(parse_level("wizard"), None);
    }

    #[test]
    fn published_view_is_the_benchmark_plus_alternatives() {
        let e =
            engine(&(0..8).map(|i| record("backend-engineer", Some(Level::Senior), 150_000.0 + i as f64)).collect::<Vec<_>>());
        let q = CellQuery::new("backend-engineer", Some(Level::Senior), Area::Country("US".into()));
        let c = e.cell_benchmark(&q);
        assert_eq!(c.benchmark, e.benchmark(&q));
        let mut expected = serde_json::to_value(e.benchmark(&q)).unwrap();
        expected["modelled"] = serde_json::to_value(e.modelled_cell(&q)).unwrap();
        expected["rollup"] = serde_json::to_value(e.rollup(&q)).unwrap();
        assert_eq!(serde_json::to_value(&c).unwrap(), expected);
    }
}
