//! Which records a figure is about: role (with its specializations),
//! level, location, period and sources. Free text resolves here.

use crate::snapshot::Snapshot;
use paygrid_domain::geo::Geo;
use paygrid_domain::role::{ancestors, role_def, slugify};
use paygrid_domain::title::{normalize_title, TitleHints};
use paygrid_domain::Level;
use serde::Serialize;
use std::fmt;

/// A location at one of the levels docs/normalization.md names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Area {
    World,
    Country(String),
    UsState(String),
    /// OEWS area code without leading zeros.
    Metro(String),
    /// Remote records, optionally within a country.
    Remote(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaInfo {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
}

impl Area {
    pub fn info(&self) -> AreaInfo {
        let geo = Geo::embedded();
        let (code, name, kind) = match self {
            Area::World => ("world".to_string(), "All locations".to_string(), "world"),
            Area::Country(c) => (c.clone(), geo.country_name(c).unwrap_or(c).to_string(), "country"),
            Area::UsState(s) => (format!("US-{s}"), geo.state_name(s).unwrap_or(s).to_string(), "state"),
            Area::Metro(m) => (m.clone(), geo.area_name(m).unwrap_or(m).to_string(), "metro"),
            Area::Remote(None) => ("remote".to_string(), "Remote".to_string(), "remote"),
            Area::Remote(Some(c)) => (format!("remote-{c}"), format!("Remote ({})", geo.country_name(c).unwrap_or(c)), "remote"),
        };
        AreaInfo { code, name, kind }
    }

    /// The country a location is in, when it is in one (ISO code).
    pub fn country(&self) -> Option<&str> {
        match self {
            Area::Country(c) | Area::Remote(Some(c)) => Some(c),
            Area::UsState(_) | Area::Metro(_) => Some("US"),
            Area::World | Area::Remote(None) => None,
        }
    }

    /// The key of this location in the OEWS reference table (`US`,
    /// `US-WA`, or a metro code), when OEWS covers it.
    pub fn oews_key(&self) -> Option<String> {
        match self {
            Area::Country(c) if c == "US" => Some("US".to_string()),
            Area::UsState(s) => Some(format!("US-{s}")),
            Area::Metro(m) => Some(m.clone()),
            _ => None,
        }
    }

    /// Parses free text or a code: "Seattle, WA", "42660", "United States",
    /// "US", "Washington", "US-WA", "Remote", "remote-US", "world".
    pub fn parse(text: &str) -> Option<Area> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        let geo = Geo::embedded();
        match lower.as_str() {
            "" => return None,
            "world" | "global" | "all" | "everywhere" | "all locations" => return Some(Area::World),
            _ => {}
        }
        if let Some(c) = lower.strip_prefix("remote-") {
            return geo.country_code(c).map(|c| Area::Remote(Some(c.to_string())));
        }
        if let Some(s) = t.strip_prefix("US-").or_else(|| t.strip_prefix("us-")) {
            return geo.state_code(s).map(|s| Area::UsState(s.to_string()));
        }
        if t.chars().all(|c| c.is_ascii_digit()) {
            let code = t.trim_start_matches('0');
            return geo.area_name(code).map(|_| Area::Metro(code.to_string()));
        }
        let place = geo.resolve(t)?;
        Some(if place.remote {
            Area::Remote(place.country)
        } else if let Some(m) = place.metro {
            Area::Metro(m)
        } else if let Some(s) = place.state {
            Area::UsState(s)
        } else {
            Area::Country(place.country?)
        })
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.info().name)
    }
}

/// A role (or free-text title) resolved against the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleInfo {
    pub id: String,
    pub name: String,
    pub soc: Option<String>,
    pub family: Option<String>,
    /// False when the role is not in the catalogue (a title's own slug).
    pub known: bool,
}

impl RoleInfo {
    pub fn of(id: &str) -> RoleInfo {
        match role_def(id) {
            Some(d) => RoleInfo {
                id: d.id.to_string(),
                name: d.name.to_string(),
                soc: Some(d.soc.to_string()),
                family: d.parent.map(str::to_string),
                known: true,
            },
            None => RoleInfo { id: id.to_string(), name: id.replace('-', " "), soc: None, family: None, known: false },
        }
    }
}

/// Resolves "backend-engineer" or "Senior Backend Developer" to a role and
/// the level the title implies (if any).
pub fn resolve_role(text: &str) -> (RoleInfo, Option<Level>) {
    let t = text.trim();
    if role_def(t).is_some() {
        return (RoleInfo::of(t), None);
    }
    let m = normalize_title(t, &TitleHints::default());
    if m.known {
        (RoleInfo::of(m.role.as_str()), m.level)
    } else {
        (RoleInfo::of(slugify(t).as_str()), m.level)
    }
}

/// A cell: role x level x location x period (x sources).
#[derive(Debug, Clone)]
pub struct CellQuery {
    pub role: String,
    pub level: Option<Level>,
    pub area: Area,
    pub since: Option<i32>,
    pub until: Option<i32>,
    /// Dataset names or import kinds; empty = all sources.
    pub sources: Vec<String>,
}

impl CellQuery {
    pub fn new(role: &str, level: Option<Level>, area: Area) -> CellQuery {
        CellQuery { role: role.to_string(), level, area, since: None, until: None, sources: Vec::new() }
    }

    pub fn with_level(&self, level: Option<Level>) -> CellQuery {
        CellQuery { level, ..self.clone() }
    }

    pub fn with_area(&self, area: Area) -> CellQuery {
        CellQuery { area, ..self.clone() }
    }

    pub fn with_role(&self, role: &str) -> CellQuery {
        CellQuery { role: role.to_string(), ..self.clone() }
    }
}

/// The rows of a cell, outliers already removed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub(crate) rows: Vec<u32>,
    pub(crate) outliers: usize,
}

/// Precomputed per-query filters over the dictionaries.
pub(crate) struct Filter {
    roles: Vec<u32>,
    level: Option<u8>,
    area: AreaFilter,
    since: i16,
    until: i16,
    has_period: bool,
    datasets: Option<Vec<bool>>,
}

enum AreaFilter {
    All,
    Country(u32),
    State(u32),
    Metro(u32),
    Remote(Option<u32>),
    Nothing,
}

impl Snapshot {
    /// Role ids in the data that fall under `role` (itself and every
    /// specialization below it).
    pub(crate) fn role_ids_under(&self, role: &str) -> Vec<u32> {
        self.roles.iter().filter(|(_, name)| *name == role || ancestors(name).contains(&role)).map(|(i, _)| i).collect()
    }

    pub(crate) fn filter(&self, q: &CellQuery) -> Filter {
        let area = match &q.area {
            Area::World => AreaFilter::All,
            Area::Country(c) => self.countries.get(c).map_or(AreaFilter::Nothing, AreaFilter::Country),
            Area::UsState(s) => self.states.get(s).map_or(AreaFilter::Nothing, AreaFilter::State),
            Area::Metro(m) => self.metros.get(m).map_or(AreaFilter::Nothing, AreaFilter::Metro),
            Area::Remote(None) => AreaFilter::Remote(None),
            Area::Remote(Some(c)) => self.countries.get(c).map_or(AreaFilter::Nothing, |c| AreaFilter::Remote(Some(c))),
        };
        let datasets = (!q.sources.is_empty()).then(|| {
            self.datasets
                .iter()
                .map(|(i, name)| {
                    let kind = self.dataset_kind[i as usize].slug();
                    q.sources.iter().any(|s| s == name || s == kind || name.trim_end_matches(".csv") == s)
                })
                .collect()
        });
        Filter {
            roles: self.role_ids_under(&q.role),
            level: q.level.map(Level::index),
            area,
            since: q.since.map_or(i16::MIN, |y| y as i16),
            until: q.until.map_or(i16::MAX, |y| y as i16),
            has_period: q.since.is_some() || q.until.is_some(),
            datasets,
        }
    }

    pub(crate) fn matches(&self, f: &Filter, row: u32, ignore_level: bool, ignore_area: bool) -> bool {
        let r = row as usize;
        if !ignore_level {
            if let Some(l) = f.level {
                if self.level[r] != l {
                    return false;
                }
            }
        }
        if !ignore_area {
            let ok = match f.area {
                AreaFilter::All => true,
                AreaFilter::Country(c) => self.country[r] == c,
                AreaFilter::State(s) => self.state[r] == s,
                AreaFilter::Metro(m) => self.metro[r] == m,
                AreaFilter::Remote(None) => self.remote[r],
                AreaFilter::Remote(Some(c)) => self.remote[r] && self.country[r] == c,
                AreaFilter::Nothing => false,
            };
            if !ok {
                return false;
            }
        }
        if f.has_period {
            let y = self.year[r];
            if y == 0 || y < f.since || y > f.until {
                return false;
            }
        }
        if let Some(ds) = &f.datasets {
            // A hidden dataset (NONE) matches no source filter.
            if !ds.get(self.dataset[r] as usize).copied().unwrap_or(false) {
                return false;
            }
        }
        true
    }

    /// Rows of the cell, outliers removed (and counted).
    pub(crate) fn cell(&self, q: &CellQuery) -> Cell {
        let f = self.filter(q);
        self.cell_with(&f, false, false)
    }

    pub(crate) fn cell_with(&self, f: &Filter, ignore_level: bool, ignore_area: bool) -> Cell {
        let mut cell = Cell::default();
        for &role in &f.roles {
            for &row in &self.by_role[role as usize] {
                if self.matches(f, row, ignore_level, ignore_area) {
                    if self.outlier[row as usize] {
                        cell.outliers += 1;
                    } else {
                        cell.rows.push(row);
                    }
                }
            }
        }
        cell
    }

    /// Which `sources` entries match nothing (to tell the user).
    pub(crate) fn unknown_sources<'q>(&self, q: &'q CellQuery) -> Vec<&'q str> {
        q.sources
            .iter()
            .filter(|s| {
                !self.datasets.iter().any(|(i, name)| {
                    *s == name || *s == self.dataset_kind[i as usize].slug() || name.trim_end_matches(".csv") == s.as_str()
                })
            })
            .map(String::as_str)
            .collect()
    }
}
