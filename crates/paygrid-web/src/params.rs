//! Query strings and form bodies. Parsed with `form_urlencoded` rather than
//! serde so that repeated keys (`cell=…&cell=…`, the compare form's rows)
//! keep their order, and so that every bad value becomes an [`ApiError`]
//! naming its field instead of a generic rejection.

use crate::error::{ApiError, Code};
use paygrid_domain::Level;
use paygrid_engine::{CellError, CellQuery, CellSpec, Engine};

/// The location a cell gets when none is given, as on the command line.
pub use paygrid_engine::DEFAULT_LOCATION;

/// Decoded `key=value` pairs in their original order.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(bytes: &[u8]) -> Params {
        Params(form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    pub fn from_query(query: Option<&str>) -> Params {
        Params::parse(query.unwrap_or("").as_bytes())
    }

    /// The first value of `key`, trimmed; empty counts as absent (an
    /// untouched form field is sent empty).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.trim()).find(|v| !v.is_empty())
    }

    /// Every value of `key` in order, empty ones included (form rows line up by position).
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.trim()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|(_, v)| v.trim().is_empty())
    }

    pub fn required(&self, key: &str) -> Result<&str, ApiError> {
        self.get(key).ok_or_else(|| missing(key))
    }

    pub fn year(&self, key: &str) -> Result<Option<i32>, ApiError> {
        self.get(key)
            .map(|v| {
                v.parse::<i32>().ok().filter(|y| (1990..=2100).contains(y)).ok_or_else(|| {
                    ApiError::new(Code::InvalidParameter).field(key).message(format!("{key} must be a year such as 2024"))
                })
            })
            .transpose()
    }

    pub fn level(&self, key: &str) -> Result<Option<Level>, ApiError> {
        self.get(key).map(|v| level(v, key)).transpose()
    }

    /// Pairs as JSON (a form posted to an endpoint that takes a JSON object).
    pub fn to_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for (k, v) in &self.0 {
            if !v.trim().is_empty() && !m.contains_key(k) {
                m.insert(k.clone(), serde_json::Value::String(v.trim().to_string()));
            }
        }
        serde_json::Value::Object(m)
    }
}

pub fn missing(key: &str) -> ApiError {
    ApiError::new(Code::MissingParameter).field(key).message(format!("{key} is required"))
}

pub fn level(text: &str, field: &str) -> Result<Level, ApiError> {
    paygrid_engine::parse_level(text).ok_or_else(|| {
        ApiError::new(Code::InvalidLevel)
            .field(field)
            .message(format!("unknown level {text:?}: use entry, mid, senior, staff, principal, manager or executive"))
    })
}

/// A cell from text, with errors naming the field (`role`, or `cell[2]`
/// style names for one of several cells).
pub fn cell(engine: &Engine, spec: &CellSpec<'_>, field: impl Fn(&str) -> String) -> Result<CellQuery, ApiError> {
    if spec.role.trim().is_empty() {
        return Err(missing(&field("role")));
    }
    engine.parse_cell(spec).map_err(|e| match e {
        CellError::UnknownRole(r) => ApiError::new(Code::UnknownRole)
            .field(field("role"))
            .message(format!("no role or job title matches {r:?}: see /api/v1/roles for the catalogue")),
        CellError::UnknownLocation(l) => ApiError::new(Code::UnknownLocation).field(field("location")).message(format!(
            "unknown location {l:?}: try a city and state (\"Seattle, WA\"), a country, a metro code or \"Remote\""
        )),
        CellError::PeriodOrder { since, until } => {
            ApiError::new(Code::InvalidPeriod).field(field("since")).message(format!("since {since} is after until {until}"))
        }
        CellError::UnknownSources(s) => ApiError::new(Code::UnknownSource)
            .field(field("source"))
            .message(format!("unknown source(s) {}: use an import kind or a dataset name from /sources", s.join(", "))),
    })
}

/// The cell a query string names: `role`, `level`, `location`, `since`,
/// `until`, `source` (repeatable).
pub fn cell_from(engine: &Engine, p: &Params) -> Result<CellQuery, ApiError> {
    let sources: Vec<String> = p.all("source").into_iter().filter(|s| !s.is_empty()).map(str::to_string).collect();
    let spec = CellSpec {
        role: p.get("role").unwrap_or(""),
        level: p.level("level")?,
        location: p.get("location").unwrap_or(DEFAULT_LOCATION),
        since: p.year("since")?,
        until: p.year("until")?,
        sources: &sources,
    };
    cell(engine, &spec, str::to_string)
}

/// A money amount as people type it: `185000`, `185,000`, `$185,000`,
/// and, in forms, `185k`. The import rules' amount parser decides what a
/// number is, so an offer and a salary file read amounts alike; how large
/// an amount may be is the offer's sanity check (`Offer::check`), the same
/// for typed and JSON numbers.
pub fn amount(text: &str, field: &'static str) -> Result<f64, ApiError> {
    paygrid_ingest::assemble::parse_typed_amount(text, field).map_err(|why| {
        let why = if why.starts_with("not an amount") { format!("not an amount: {:?}", truncate(text, 30)) } else { why };
        ApiError::new(Code::InvalidOffer).field(field).message(format!("{field}: {why}"))
    })
}

pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).chain(std::iter::once('…')).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_keep_order_and_empty_is_absent() {
        let p = Params::from_query(Some("cell=a%7C%7CUS&cell=b+c&role=&role=x&since=2024"));
        assert_eq!(p.all("cell"), ["a||US", "b c"]);
        assert_eq!(p.get("role"), Some("x"));
        assert_eq!(p.year("since").unwrap(), Some(2024));
        assert_eq!(Params::from_query(Some("since=soon")).year("since").unwrap_err().field.as_deref(), Some("since"));
        assert!(Params::from_query(None).is_empty());
    }

    #[test]
    fn amounts_as_typed() {
        assert_eq!(amount("$185,000", "base").unwrap(), 185_000.0);
        assert_eq!(amount("185k", "base").unwrap(), 185_000.0);
        assert_eq!(amount("-5", "bonus").unwrap_err().field.as_deref(), Some("bonus"));
        assert!(amount("NaN", "base").is_err() && amount("inf", "base").is_err() && amount("lots", "base").is_err());
    }
}
