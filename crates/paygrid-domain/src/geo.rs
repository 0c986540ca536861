//! Free-text places -> country / US state / OEWS area. OWNED BY HELPER "geo": interface below is fixed.

/// A resolved location. `metro` is an OEWS area code without leading zeros.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// ISO 3166-1 alpha-2, e.g. `US`, `GB`.
    pub country: Option<String>,
    /// US state postal code, e.g. `WA`.
    pub state: Option<String>,
    pub metro: Option<String>,
    pub remote: bool,
}

impl Place {
    pub fn is_empty(&self) -> bool {
        self.country.is_none() && !self.remote
    }
}

/// Lookup tables compiled into the binary.
pub struct Geo {}

impl Geo {
    /// The shared instance, built on first use from the embedded tables.
    pub fn embedded() -> &'static Geo {
        static GEO: std::sync::OnceLock<Geo> = std::sync::OnceLock::new();
        GEO.get_or_init(|| Geo {})
    }

    /// Resolves free text ("Redmond, WA", "NYC", "Bay Area", "London, EN, United Kingdom",
    /// "Remote", "United States", "DE"). `None` when nothing could be recognised.
    pub fn resolve(&self, _text: &str) -> Option<Place> {
        None
    }

    /// City + US state (postal code or name) -> place with OEWS metro.
    pub fn resolve_us_city(&self, _city: &str, _state: &str) -> Option<Place> {
        None
    }

    /// Country name or ISO alpha-2/alpha-3 code -> ISO alpha-2.
    pub fn country_code(&self, _name_or_code: &str) -> Option<&'static str> {
        None
    }

    pub fn country_name(&self, _iso2: &str) -> Option<&'static str> {
        None
    }

    /// OEWS area name for a code (e.g. `42660` -> "Seattle-Tacoma-Bellevue, WA").
    pub fn area_name(&self, _code: &str) -> Option<&str> {
        None
    }
}
