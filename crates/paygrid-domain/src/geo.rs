//! Free-text places -> country / US state / OEWS area (docs/normalization.md "location").
//!
//! Sources write places in a handful of shapes: "Redmond, WA" (Levels.fyi US),
//! "London, EN, United Kingdom" (Levels.fyi elsewhere), ISO alpha-2 codes
//! (ai-jobs.net), ISO-style country names (Stack Overflow survey), and the
//! nicknames people type ("NYC", "Bay Area", "Remote (US)"). `Geo::resolve`
//! accepts all of them; the rules below are the decisions that free text
//! forces on us, written down once:
//!
//! * **US cities** go city + state -> county -> OEWS area. The city -> county
//!   table (`data/geo/us_city_county.csv`) is derived from a ZIP code table by
//!   `tools/derive_geo.py`; a city spanning several counties belongs to the
//!   county with the most ZIP codes for that name (see data/geo/README.md).
//!   The county -> area table is the OFLC file. Connecticut's OFLC rows are
//!   planning regions, so its towns and villages are mapped to planning
//!   regions by the generator. A name not in the table is tried as a county
//!   ("King County, WA"); a state that is a single OEWS area (DC, Guam, the
//!   Virgin Islands) needs no city at all; a long name one typo away from
//!   names of a single area takes that area ("San Fancisco"). Otherwise the
//!   place keeps its state and has no metro, so the caller can report it.
//! * **A 2-letter code alone** is an ISO 3166-1 country code ("CA" = Canada,
//!   "IN" = India, "DE" = Germany), because that is what the sources that write
//!   bare codes (ai-jobs.net) mean. Codes that are not ISO but are US states
//!   ("WA", "NY", "TX") are states. Two nicknames win over ISO: "LA" is Los
//!   Angeles (not Laos: "LAO"/"Laos" still work) and "DC" is Washington, DC.
//! * **"City, XX"** with a US state code is the US ("Redwood City, CA"), even
//!   when the city is unknown (state-level place), unless the city is unknown
//!   there and is a listed world city of the country XX ("Munich, DE",
//!   "Toronto, CA"). A US state *name* that is also a country ("Georgia") means
//!   the state only when the city is known in it ("Atlanta, Georgia") or the
//!   text says US ("Georgia, USA"); alone it is the country.
//! * **"City, Region, Country"** resolves to the country only, except that a US
//!   country suffix ("Redmond, WA, United States") or a US territory goes on to
//!   the city. The country may itself contain a comma ("Seoul, KG, Korea, South").
//! * **Remote**: any text mentioning remote / anywhere / worldwide / work from
//!   home is `remote = true`, with whatever place the rest of the text names
//!   ("Remote (US)" -> remote in US; "Remote" -> remote, no country).
//! * **Metro codes** are OEWS area codes without leading zeros; a nonmetropolitan
//!   area code is a "metro" too, because OEWS publishes those areas the same way.
//!   A multi-state area reached by code or name gets its first-named state
//!   ("New York-Newark-Jersey City, NY-NJ" -> NY); reached by a city it gets the
//!   city's own state ("Jersey City, NJ" -> NJ).
//! * **Territories** (Puerto Rico, Guam, US Virgin Islands) keep their own ISO
//!   country code, since that is how country-level sources report them; their
//!   postal code is still the `state` and their OEWS area is still the metro.
//! * **Bare city names**: a curated list of US hubs ("Seattle", "Mountain View")
//!   and world cities ("London", "Bangalore") comes first, because "London"
//!   alone means England far more often than London, KY. Other bare names
//!   resolve only when unambiguous (one OEWS area names the city in its title,
//!   or only one state has a place of that name).

#[path = "geo_countries.rs"]
mod countries;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

const OFLC_CSV: &str = include_str!("../../../data/geo/oflc_county_to_oews_area.csv");
const CITY_CSV: &str = include_str!("../../../data/geo/us_city_county.csv");

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

    fn in_country(iso2: &str) -> Place {
        Place { country: Some(iso2.to_string()), ..Place::default() }
    }
}

/// US states, DC and the territories OEWS covers, plus the other postal
/// codes a US address can carry. Order is irrelevant; the index is an id.
const US_STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("PR", "Puerto Rico"),
    ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
    ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
];

/// Spellings of state names beyond the official one.
const STATE_ALIASES: &[(&str, &str)] = &[
    ("Washington DC", "DC"),
    ("Washington D.C.", "DC"),
    ("D.C.", "DC"),
    ("Virgin Islands", "VI"),
    ("US Virgin Islands", "VI"),
    ("Calif", "CA"),
    ("Mass", "MA"),
    ("Penn", "PA"),
    ("Wash", "WA"),
    ("N Carolina", "NC"),
    ("S Carolina", "SC"),
];

/// Places whose ISO country is not `US` although they carry a US postal code.
fn territory_country(state: &str) -> &'static str {
    match state {
        "PR" => "PR",
        "GU" => "GU",
        "VI" => "VI",
        "AS" => "AS",
        "MP" => "MP",
        _ => "US",
    }
}

/// Nicknames and bare US city names -> (city, state), resolved like
/// "city, state". Bare names are listed because without a state they are
/// ambiguous in the ZIP table (there are 20+ Portlands) yet unambiguous in
/// salary data.
const US_ALIASES: &[(&str, &str, &str)] = &[
    ("NYC", "New York", "NY"),
    ("New York City", "New York", "NY"),
    ("New York", "New York", "NY"),
    ("NYC Metro", "New York", "NY"),
    ("Manhattan", "New York", "NY"),
    ("Brooklyn", "Brooklyn", "NY"),
    ("Tri-State Area", "New York", "NY"),
    ("SF", "San Francisco", "CA"),
    ("San Fran", "San Francisco", "CA"),
    ("Bay Area", "San Francisco", "CA"),
    ("SF Bay Area", "San Francisco", "CA"),
    ("San Francisco Bay Area", "San Francisco", "CA"),
    ("SF Bay", "San Francisco", "CA"),
    ("The Bay Area", "San Francisco", "CA"),
    ("SFBA", "San Francisco", "CA"),
    ("East Bay", "Oakland", "CA"),
    ("Silicon Valley", "San Jose", "CA"),
    ("South Bay Area", "San Jose", "CA"),
    ("DC", "Washington", "DC"),
    ("Washington DC", "Washington", "DC"),
    ("Washington D.C.", "Washington", "DC"),
    ("DC Metro", "Washington", "DC"),
    ("DMV", "Washington", "DC"),
    ("NoVA", "Arlington", "VA"),
    ("Northern Virginia", "Arlington", "VA"),
    ("LA", "Los Angeles", "CA"),
    ("L.A.", "Los Angeles", "CA"),
    ("Silicon Beach", "Santa Monica", "CA"),
    ("Puget Sound", "Seattle", "WA"),
    ("Twin Cities", "Minneapolis", "MN"),
    ("DFW", "Dallas", "TX"),
    ("Dallas-Fort Worth", "Dallas", "TX"),
    ("Research Triangle", "Raleigh", "NC"),
    ("RTP", "Durham", "NC"),
    ("Triangle", "Raleigh", "NC"),
    ("Chicagoland", "Chicago", "IL"),
    ("Philly", "Philadelphia", "PA"),
    ("Vegas", "Las Vegas", "NV"),
    ("ATL", "Atlanta", "GA"),
    ("NOLA", "New Orleans", "LA"),
    ("SLC", "Salt Lake City", "UT"),
    ("KC", "Kansas City", "MO"),
    // Bare hub names.
    ("Seattle", "Seattle", "WA"),
    ("Redmond", "Redmond", "WA"),
    ("Bellevue", "Bellevue", "WA"),
    ("Kirkland", "Kirkland", "WA"),
    ("Tacoma", "Tacoma", "WA"),
    ("San Francisco", "San Francisco", "CA"),
    ("Oakland", "Oakland", "CA"),
    ("San Jose", "San Jose", "CA"),
    ("Mountain View", "Mountain View", "CA"),
    ("Sunnyvale", "Sunnyvale", "CA"),
    ("Cupertino", "Cupertino", "CA"),
    ("Menlo Park", "Menlo Park", "CA"),
    ("Palo Alto", "Palo Alto", "CA"),
    ("Santa Clara", "Santa Clara", "CA"),
    ("Redwood City", "Redwood City", "CA"),
    ("San Mateo", "San Mateo", "CA"),
    ("Los Gatos", "Los Gatos", "CA"),
    ("Los Angeles", "Los Angeles", "CA"),
    ("Santa Monica", "Santa Monica", "CA"),
    ("Irvine", "Irvine", "CA"),
    ("San Diego", "San Diego", "CA"),
    ("Sacramento", "Sacramento", "CA"),
    ("Boston", "Boston", "MA"),
    ("Chicago", "Chicago", "IL"),
    ("Austin", "Austin", "TX"),
    ("Dallas", "Dallas", "TX"),
    ("Houston", "Houston", "TX"),
    ("San Antonio", "San Antonio", "TX"),
    ("Plano", "Plano", "TX"),
    ("Denver", "Denver", "CO"),
    ("Boulder", "Boulder", "CO"),
    ("Atlanta", "Atlanta", "GA"),
    ("Miami", "Miami", "FL"),
    ("Tampa", "Tampa", "FL"),
    ("Orlando", "Orlando", "FL"),
    ("Jacksonville", "Jacksonville", "FL"),
    ("Philadelphia", "Philadelphia", "PA"),
    ("Pittsburgh", "Pittsburgh", "PA"),
    ("Phoenix", "Phoenix", "AZ"),
    ("Minneapolis", "Minneapolis", "MN"),
    ("Detroit", "Detroit", "MI"),
    ("Salt Lake City", "Salt Lake City", "UT"),
    ("Raleigh", "Raleigh", "NC"),
    ("Durham", "Durham", "NC"),
    ("Charlotte", "Charlotte", "NC"),
    ("Nashville", "Nashville", "TN"),
    ("Portland", "Portland", "OR"),
    ("Baltimore", "Baltimore", "MD"),
    ("Columbus", "Columbus", "OH"),
    ("Cleveland", "Cleveland", "OH"),
    ("Cincinnati", "Cincinnati", "OH"),
    ("Indianapolis", "Indianapolis", "IN"),
    ("St. Louis", "Saint Louis", "MO"),
    ("Kansas City", "Kansas City", "MO"),
    ("Milwaukee", "Milwaukee", "WI"),
    ("Madison", "Madison", "WI"),
    ("Las Vegas", "Las Vegas", "NV"),
    ("New Orleans", "New Orleans", "LA"),
    ("Honolulu", "Honolulu", "HI"),
    ("Anchorage", "Anchorage", "AK"),
    ("Arlington", "Arlington", "VA"),
    ("Reston", "Reston", "VA"),
    ("Herndon", "Herndon", "VA"),
    ("McLean", "McLean", "VA"),
    ("Bethesda", "Bethesda", "MD"),
    ("Jersey City", "Jersey City", "NJ"),
    ("Hoboken", "Hoboken", "NJ"),
    ("Newark", "Newark", "NJ"),
    ("Stamford", "Stamford", "CT"),
    ("Hartford", "Hartford", "CT"),
    ("Providence", "Providence", "RI"),
    ("Ann Arbor", "Ann Arbor", "MI"),
    ("Boise", "Boise", "ID"),
    ("Albuquerque", "Albuquerque", "NM"),
    ("Tucson", "Tucson", "AZ"),
    ("Scottsdale", "Scottsdale", "AZ"),
    ("Omaha", "Omaha", "NE"),
    ("Des Moines", "Des Moines", "IA"),
    ("Oklahoma City", "Oklahoma City", "OK"),
    ("Tulsa", "Tulsa", "OK"),
    ("Louisville", "Louisville", "KY"),
    ("Memphis", "Memphis", "TN"),
    ("Richmond", "Richmond", "VA"),
    ("Buffalo", "Buffalo", "NY"),
    ("Rochester", "Rochester", "NY"),
    ("Albany", "Albany", "NY"),
    ("Hillsboro", "Hillsboro", "OR"),
];

/// Bare world-city names -> ISO country, for the same reason as the US list:
/// "London" alone is London, England in salary data, not London, KY.
/// Names shared with a large US city (Vancouver, Cambridge, Manchester,
/// Athens, Santiago) are deliberately left out.
const WORLD_CITIES: &[(&str, &str)] = &[
    ("London", "GB"),
    ("Edinburgh", "GB"),
    ("Glasgow", "GB"),
    ("Bristol UK", "GB"),
    ("Paris", "FR"),
    ("Lyon", "FR"),
    ("Berlin", "DE"),
    ("Munich", "DE"),
    ("München", "DE"),
    ("Frankfurt", "DE"),
    ("Hamburg Germany", "DE"),
    ("Cologne", "DE"),
    ("Stuttgart", "DE"),
    ("Amsterdam", "NL"),
    ("Rotterdam", "NL"),
    ("Eindhoven", "NL"),
    ("Dublin", "IE"),
    ("Zurich", "CH"),
    ("Zürich", "CH"),
    ("Lausanne", "CH"),
    ("Vienna", "AT"),
    ("Brussels", "BE"),
    ("Madrid", "ES"),
    ("Barcelona", "ES"),
    ("Lisbon", "PT"),
    ("Porto", "PT"),
    ("Milan", "IT"),
    ("Rome", "IT"),
    ("Stockholm", "SE"),
    ("Gothenburg", "SE"),
    ("Copenhagen", "DK"),
    ("Oslo", "NO"),
    ("Helsinki", "FI"),
    ("Warsaw", "PL"),
    ("Krakow", "PL"),
    ("Kraków", "PL"),
    ("Wroclaw", "PL"),
    ("Prague", "CZ"),
    ("Budapest", "HU"),
    ("Bucharest", "RO"),
    ("Sofia", "BG"),
    ("Belgrade", "RS"),
    ("Tallinn", "EE"),
    ("Riga", "LV"),
    ("Vilnius", "LT"),
    ("Kyiv", "UA"),
    ("Kiev", "UA"),
    ("Lviv", "UA"),
    ("Minsk", "BY"),
    ("Moscow", "RU"),
    ("Saint Petersburg Russia", "RU"),
    ("Istanbul", "TR"),
    ("Tel Aviv", "IL"),
    ("Tel Aviv-Yafo", "IL"),
    ("Herzliya", "IL"),
    ("Dubai", "AE"),
    ("Abu Dhabi", "AE"),
    ("Riyadh", "SA"),
    ("Doha", "QA"),
    ("Cairo", "EG"),
    ("Lagos", "NG"),
    ("Nairobi", "KE"),
    ("Cape Town", "ZA"),
    ("Johannesburg", "ZA"),
    ("Toronto", "CA"),
    ("Montreal", "CA"),
    ("Montréal", "CA"),
    ("Ottawa", "CA"),
    ("Calgary", "CA"),
    ("Edmonton", "CA"),
    ("Mexico City", "MX"),
    ("Guadalajara", "MX"),
    ("Sao Paulo", "BR"),
    ("São Paulo", "BR"),
    ("Rio de Janeiro", "BR"),
    ("Buenos Aires", "AR"),
    ("Bogota", "CO"),
    ("Bogotá", "CO"),
    ("Medellin", "CO"),
    ("Medellín", "CO"),
    ("Montevideo", "UY"),
    ("Bangalore", "IN"),
    ("Bengaluru", "IN"),
    ("Hyderabad", "IN"),
    ("Mumbai", "IN"),
    ("Pune", "IN"),
    ("Chennai", "IN"),
    ("Delhi", "IN"),
    ("New Delhi", "IN"),
    ("Gurgaon", "IN"),
    ("Gurugram", "IN"),
    ("Noida", "IN"),
    ("Kolkata", "IN"),
    ("Ahmedabad", "IN"),
    ("Karachi", "PK"),
    ("Lahore", "PK"),
    ("Islamabad", "PK"),
    ("Dhaka", "BD"),
    ("Colombo", "LK"),
    ("Tokyo", "JP"),
    ("Osaka", "JP"),
    ("Seoul", "KR"),
    ("Beijing", "CN"),
    ("Shanghai", "CN"),
    ("Shenzhen", "CN"),
    ("Hangzhou", "CN"),
    ("Taipei", "TW"),
    ("Manila", "PH"),
    ("Jakarta", "ID"),
    ("Bangkok", "TH"),
    ("Kuala Lumpur", "MY"),
    ("Ho Chi Minh City", "VN"),
    ("Hanoi", "VN"),
    ("Sydney", "AU"),
    ("Melbourne", "AU"),
    ("Brisbane", "AU"),
    ("Perth", "AU"),
    ("Auckland", "NZ"),
];

/// Canadian province and territory codes: "Toronto, ON" has no country but
/// is unambiguous.
const CA_PROVINCES: &[&str] = &["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"];

/// Words that mark remote work; matched on whole lowercase words.
const REMOTE_WORDS: &[&str] = &["remote", "anywhere", "worldwide", "wfh", "telecommute", "telework"];
/// Words that only make sense around a remote marker ("remote in the US",
/// "US-based, fully remote") and would otherwise stop the place from parsing.
const REMOTE_FILLERS: &[&str] = &[
    "fully", "100", "in", "from", "within", "the", "only", "based", "friendly", "ok", "okay", "possible", "first", "work",
    "home", "job", "position", "or", "hybrid",
];

/// Token abbreviations expanded before names are compared. Must stay equal to
/// TOKEN_EXPANSIONS in tools/derive_geo.py: the generator groups city names by
/// this key and a test checks that no two rows of its output collide here.
const TOKEN_EXPANSIONS: &[(&str, &str)] = &[
    ("st", "saint"),
    ("ste", "sainte"),
    ("ft", "fort"),
    ("mt", "mount"),
    ("mtn", "mountain"),
    ("pt", "point"),
    ("n", "north"),
    ("s", "south"),
    ("e", "east"),
    ("w", "west"),
    ("hts", "heights"),
    ("spgs", "springs"),
    ("spg", "springs"),
    ("jct", "junction"),
    ("twp", "township"),
    ("ctr", "center"),
    ("vlg", "village"),
    ("bch", "beach"),
    ("cty", "city"),
    ("hls", "hills"),
    ("vly", "valley"),
    ("lk", "lake"),
    ("fls", "falls"),
    ("crk", "creek"),
    ("hbr", "harbor"),
    ("mls", "mills"),
    ("grv", "grove"),
];

/// ASCII fold for the Latin letters that occur in place names.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ł' | 'ľ' | 'Ł' | 'Ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ů' | 'Ű' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => return None,
    })
}

/// The comparison key for every name in this module: lowercase ASCII letters
/// and digits only, words joined without separators, common abbreviations
/// expanded. "St. Louis", "saint louis" and "Saint-Louis" share a key, as do
/// "Mc Lean" and "McLean", "Winston Salem" and "Winston-Salem", "Lee's
/// Summit" and "Lees Summit".
pub(crate) fn norm_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut tok_start = 0;
    let flush = |out: &mut String, tok_start: usize| {
        if let Some(&(_, long)) = TOKEN_EXPANSIONS.iter().find(|(short, _)| *short == &out[tok_start..]) {
            out.truncate(tok_start);
            out.push_str(long);
        }
    };
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // Apostrophes join: "Lee's Summit" == "Lees Summit", "O'Fallon" == "O Fallon".
        } else if let Some(f) = fold(c) {
            out.push_str(f);
        } else {
            if out.len() > tok_start {
                flush(&mut out, tok_start);
            }
            tok_start = out.len();
        }
    }
    if out.len() > tok_start {
        flush(&mut out, tok_start);
    }
    out
}

/// FNV-1a: the maps here are built from trusted, compiled-in keys, so the
/// DoS resistance of SipHash buys nothing and costs build time.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

struct Area {
    code: &'static str,
    name: &'static str,
    /// First state named in the title (or the only state of a nonmetro area).
    state: &'static str,
}

#[derive(Default)]
struct StateTables {
    /// norm_key(city) -> area index.
    cities: Map<String, u16>,
    /// norm_key(county), with and without its "County"/"Parish"/... suffix -> area.
    counties: Map<String, u16>,
    /// Exact OFLC county spelling -> area, for joining the city table.
    counties_exact: Map<&'static str, u16>,
    /// Set when every county of the state is in one area (DC, Guam, USVI).
    single_area: Option<u16>,
}

/// Lookup tables compiled into the binary.
pub struct Geo {
    areas: Vec<Area>,
    area_by_code: Map<&'static str, u16>,
    /// norm_key of "Seattle-Tacoma-Bellevue, WA" and of "Seattle-Tacoma-Bellevue".
    area_by_name: Map<String, u16>,
    /// norm_key of each principal city in an area title -> areas naming it.
    principal: Map<String, Vec<u16>>,
    states: Vec<StateTables>,
    state_by_code: Map<&'static str, u16>,
    state_by_name: Map<String, u16>,
    country_by_code: Map<String, u16>,
    country_by_name: Map<String, u16>,
    us_alias: Map<String, (&'static str, &'static str)>,
    world_city: Map<String, &'static str>,
}

impl Geo {
    /// The shared instance, built on first use from the embedded tables.
    pub fn embedded() -> &'static Geo {
        static GEO: OnceLock<Geo> = OnceLock::new();
        GEO.get_or_init(Geo::build)
    }

    fn build() -> Geo {
        let mut geo = Geo {
            areas: Vec::with_capacity(540),
            area_by_code: Map::default(),
            area_by_name: Map::default(),
            principal: Map::default(),
            states: (0..US_STATES.len()).map(|_| StateTables::default()).collect(),
            state_by_code: Map::default(),
            state_by_name: Map::default(),
            country_by_code: Map::default(),
            country_by_name: Map::default(),
            us_alias: Map::default(),
            world_city: Map::default(),
        };
        for (i, (code, name)) in US_STATES.iter().enumerate() {
            geo.state_by_code.insert(code, i as u16);
            geo.state_by_name.insert(norm_key(name), i as u16);
        }
        for (alias, code) in STATE_ALIASES {
            let i = geo.state_by_code[code];
            geo.state_by_name.insert(norm_key(alias), i);
        }
        for (i, (a2, a3, name, aliases)) in countries::COUNTRIES.iter().enumerate() {
            geo.country_by_code.insert(a2.to_ascii_lowercase(), i as u16);
            geo.country_by_code.insert(a3.to_ascii_lowercase(), i as u16);
            geo.country_by_name.insert(norm_key(name), i as u16);
            for alias in aliases.iter() {
                geo.country_by_name.insert(norm_key(alias), i as u16);
            }
        }
        for &(alias, city, state) in US_ALIASES {
            geo.us_alias.insert(norm_key(alias), (city, state));
        }
        for &(city, iso) in WORLD_CITIES {
            geo.world_city.insert(norm_key(city), iso);
        }
        geo.load_oflc();
        geo.load_cities();
        geo
    }

    fn load_oflc(&mut self) {
        let mut ambiguous = Vec::new();
        for line in OFLC_CSV.lines().skip(1) {
            // Every field is quoted and none contains a quote: "a","b",...
            let mut f = line.split('"').skip(1).step_by(2);
            let (Some(code), Some(name), Some(st), Some(_), Some(county)) = (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let Some(&si) = self.state_by_code.get(st) else { continue };
            let ai = match self.area_by_code.get(code) {
                Some(&ai) => ai,
                None => {
                    let ai = self.areas.len() as u16;
                    // The title's state list ("..., NY-NJ") names the principal state first.
                    let state = name
                        .rsplit_once(", ")
                        .and_then(|(_, s)| s.split('-').next())
                        .and_then(|s| self.state_by_code.get_key_value(s).map(|(k, _)| *k))
                        .unwrap_or(US_STATES[si as usize].0);
                    self.areas.push(Area { code, name, state });
                    self.area_by_code.insert(code, ai);
                    self.area_by_name.insert(norm_key(name), ai);
                    if let Some((cities, _)) = name.rsplit_once(", ") {
                        // Without its states a title can be ambiguous (five areas are
                        // "Springfield"); those resolve by principal city instead.
                        let short = norm_key(cities);
                        if self.area_by_name.insert(short.clone(), ai).is_some() {
                            ambiguous.push(short);
                        }
                        for city in cities.split('-') {
                            self.principal.entry(norm_key(city)).or_default().push(ai);
                        }
                    }
                    ai
                }
            };
            let t = &mut self.states[si as usize];
            t.counties_exact.insert(county, ai);
            let key = norm_key(county);
            for suffix in ["county", "parish", "borough", "censusarea", "municipio", "planningregion", "cityandborough"] {
                if let Some(short) = key.strip_suffix(suffix).filter(|s| !s.is_empty()) {
                    t.counties.entry(short.to_string()).or_insert(ai);
                }
            }
            t.counties.insert(key, ai);
        }
        for short in ambiguous {
            self.area_by_name.remove(&short);
        }
        for t in &mut self.states {
            let mut areas = t.counties_exact.values();
            if let Some(&first) = areas.next() {
                if areas.all(|&a| a == first) {
                    t.single_area = Some(first);
                }
            }
        }
    }

    fn load_cities(&mut self) {
        let mut cur: Option<(&str, usize)> = None;
        for line in CITY_CSV.lines().skip(1) {
            let mut f = line.splitn(3, ',');
            let (Some(st), Some(city), Some(county)) = (f.next(), f.next(), f.next()) else { continue };
            let si = match cur {
                Some((s, si)) if s == st => si,
                _ => match self.state_by_code.get(st) {
                    Some(&si) => {
                        cur = Some((st, si as usize));
                        si as usize
                    }
                    None => continue,
                },
            };
            let t = &mut self.states[si];
            if let Some(&ai) = t.counties_exact.get(county) {
                t.cities.insert(norm_key(city), ai);
            }
        }
    }

    /// Resolves free text ("Redmond, WA", "NYC", "Bay Area", "London, EN, United Kingdom",
    /// "Remote", "United States", "DE"). `None` when nothing could be recognised.
    pub fn resolve(&self, text: &str) -> Option<Place> {
        let text = clean(text);
        if text.is_empty() {
            return None;
        }
        if let Some(rest) = strip_remote(&text) {
            let mut place = self.resolve_place(&rest).unwrap_or_default();
            place.remote = true;
            return Some(place);
        }
        self.resolve_place(&text)
    }

    fn resolve_place(&self, text: &str) -> Option<Place> {
        let text =
            text.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/' | '|' | ':' | ';' | '.' | '(' | ')'));
        if text.is_empty() {
            return None;
        }
        // Whole-text forms that may contain commas themselves.
        let key = norm_key(text);
        if let Some(&ci) = self.country_by_key(&key) {
            return Some(Place::in_country(countries::COUNTRIES[ci as usize].0));
        }
        // An area title with its states ("Seattle-Tacoma-Bellevue, WA"); titles
        // without a comma wait until nicknames had their turn ("Manhattan" is
        // New York, not Manhattan, KS).
        if text.contains(',') {
            if let Some(&ai) = self.area_by_name.get(&key) {
                return Some(self.area_place(ai, None));
            }
        }
        let parts: Vec<&str> = text.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
        match parts.len() {
            0 => None,
            1 => self.resolve_one(parts[0]),
            _ => self.resolve_parts(&parts),
        }
    }

    /// "City, State", "City, Country", "City, Region, Country", ...
    fn resolve_parts(&self, parts: &[&str]) -> Option<Place> {
        let n = parts.len();
        let last = strip_zip(parts[n - 1]);
        // Two parts ending in a US state: "Redmond, WA", "Seattle, Washington".
        if n == 2 {
            if let Some(si) = self.state_index(last) {
                let is_code = last.len() == 2;
                let place = self.city_in_state(parts[0], si);
                // "Munich, DE", "Toronto, CA": a world city with its ISO code.
                if place.metro.is_none() && is_code {
                    if let Some(&iso) = self.world_city.get(&norm_key(parts[0])) {
                        if iso.eq_ignore_ascii_case(last) {
                            return Some(Place::in_country(iso));
                        }
                    }
                }
                // A state name that is also a country ("Georgia") needs the city to be known.
                if is_code || place.metro.is_some() || self.country_by_key(&norm_key(last)).is_none() {
                    return Some(place);
                }
            }
        }
        // The longest suffix that is a country: "Seoul, KG, Korea, South" -> "Korea, South".
        for i in 1..n {
            let suffix = parts[i..].join(", ");
            let Some(iso) = self.country_of(&suffix) else { continue };
            let head = &parts[..i];
            if iso == "US" {
                return Some(self.resolve_us_head(head).unwrap_or_else(|| Place::in_country("US")));
            }
            if territory_country_state(iso).is_some() {
                if let Some(p) = self.resolve_us_head(head).filter(|p| p.country.as_deref() == Some(iso)) {
                    return Some(p);
                }
            }
            return Some(Place::in_country(iso));
        }
        if n == 2 && CA_PROVINCES.contains(&last.to_ascii_uppercase().as_str()) {
            return Some(Place::in_country("CA"));
        }
        // "Atlanta, Georgia" with an unknown city still names a US state.
        if let Some(si) = self.state_index(last) {
            return Some(self.city_in_state(parts[n - 2], si));
        }
        // "Bangalore, KA" and similar: the city alone may still be known.
        self.resolve_one(parts[0])
    }

    /// The part before a US country suffix: "Redmond, WA" or "Texas" or "NYC".
    fn resolve_us_head(&self, head: &[&str]) -> Option<Place> {
        match head {
            [one] => {
                // In a US context "Georgia" is the state, not the country.
                if let Some(si) = self.state_index(one) {
                    return Some(self.state_place(si));
                }
                let p = self.resolve_one(one)?;
                (p.state.is_some()).then_some(p)
            }
            [.., city, state] => {
                let si = self.state_index(strip_zip(state))?;
                Some(self.city_in_state(city, si))
            }
            [] => None,
        }
    }

    /// One comma-free segment.
    fn resolve_one(&self, s: &str) -> Option<Place> {
        let s = s.trim();
        let key = norm_key(s);
        if key.is_empty() {
            return None;
        }
        if let Some(&(city, state)) = self.us_alias.get(&key) {
            return self.resolve_us_city(city, state);
        }
        let bare = s.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if bare.len() == 2 && bare.chars().all(|c| c.is_ascii_alphabetic()) {
            if let Some(&ci) = self.country_by_code.get(&bare.to_ascii_lowercase()) {
                return Some(Place::in_country(countries::COUNTRIES[ci as usize].0));
            }
            if let Some(&si) = self.state_by_code.get(bare.to_ascii_uppercase().as_str()) {
                return Some(self.state_place(si as usize));
            }
            return None;
        }
        if bare.len() == 3 && bare.chars().all(|c| c.is_ascii_alphabetic()) {
            if let Some(&ci) = self.country_by_code.get(&bare.to_ascii_lowercase()) {
                return Some(Place::in_country(countries::COUNTRIES[ci as usize].0));
            }
        }
        if let Some(&ci) = self.country_by_key(&key) {
            return Some(Place::in_country(countries::COUNTRIES[ci as usize].0));
        }
        if let Some(&si) = self.state_by_name.get(&key) {
            return Some(self.state_place(si as usize));
        }
        if let Some(iso) = self.world_city.get(&key) {
            return Some(Place::in_country(iso));
        }
        if bare.bytes().all(|b| b.is_ascii_digit()) {
            return self.area_index(bare).map(|ai| self.area_place(ai, None));
        }
        if let Some(&ai) = self.area_by_name.get(&key) {
            return Some(self.area_place(ai, None));
        }
        // "Seattle WA", "New York NY", "Austin Texas".
        let words: Vec<&str> = s.split_whitespace().collect();
        for take in [1, 2, 3] {
            if words.len() > take {
                let (city, state) = words.split_at(words.len() - take);
                if let Some(si) = self.state_index(&state.join(" ")) {
                    let p = self.city_in_state(&city.join(" "), si);
                    if p.metro.is_some() {
                        return Some(p);
                    }
                }
            }
        }
        // "Greater Boston Area", "Seattle Metropolitan Area", "Denver metro".
        let lower = s.to_ascii_lowercase();
        let mut core = lower.as_str();
        for prefix in ["greater ", "metro ", "the "] {
            core = core.strip_prefix(prefix).unwrap_or(core);
        }
        for suffix in [" metropolitan area", " metro area", " metroplex", " area", " metro", " region"] {
            core = core.strip_suffix(suffix).unwrap_or(core);
        }
        if core.len() < lower.len() && !core.is_empty() {
            return self.resolve_one(core);
        }
        self.bare_us_city(&key)
    }

    /// A US city name with no state: only when unambiguous.
    fn bare_us_city(&self, key: &str) -> Option<Place> {
        if let Some(areas) = self.principal.get(key) {
            if let [ai] = areas[..] {
                let si = self.states.iter().position(|t| t.cities.get(key) == Some(&ai));
                return Some(self.area_place(ai, si));
            }
        }
        let mut found = self.states.iter().enumerate().filter(|(_, t)| t.cities.contains_key(key));
        match (found.next(), found.next()) {
            (Some((si, t)), None) => Some(self.area_place(t.cities[key], Some(si))),
            _ => None,
        }
    }

    /// City + US state (postal code or name) -> place with OEWS metro.
    ///
    /// For sources that give city and state in separate fields (H-1B LCA).
    /// `None` only when `state` is not a US state or territory; an unknown
    /// city gives the state with `metro: None`, so the caller can still count
    /// the record at state level and report the city.
    pub fn resolve_us_city(&self, city: &str, state: &str) -> Option<Place> {
        let si = self.state_index(strip_zip(state.trim()))?;
        Some(self.city_in_state(city, si))
    }

    fn city_in_state(&self, city: &str, si: usize) -> Place {
        let t = &self.states[si];
        // "Jersey City, NJ 07310" written into a city field: the city is the first part.
        let city = city.split(',').next().unwrap_or(city);
        let key = norm_key(city);
        let mut ai = t.cities.get(&key).copied();
        if ai.is_none() {
            ai = t.counties.get(&key).copied();
        }
        if ai.is_none() {
            // "New York City", "City of Chicago", "Kansas City Metro".
            let trimmed = key
                .strip_prefix("cityof")
                .or_else(|| key.strip_suffix("city"))
                .or_else(|| key.strip_suffix("township"))
                .or_else(|| key.strip_suffix("metro"))
                .or_else(|| key.strip_suffix("area"));
            ai = trimmed.and_then(|k| t.cities.get(k)).copied();
        }
        if ai.is_none() {
            ai = t.single_area;
        }
        if ai.is_none() {
            ai = fuzzy_city(t, &key);
        }
        match ai {
            Some(ai) => self.area_place(ai, Some(si)),
            None => self.state_place(si),
        }
    }

    fn state_place(&self, si: usize) -> Place {
        let code = US_STATES[si].0;
        let mut p = Place::in_country(territory_country(code));
        p.state = Some(code.to_string());
        if let Some(ai) = self.states[si].single_area {
            p.metro = Some(self.areas[ai as usize].code.to_string());
        }
        p
    }

    fn area_place(&self, ai: u16, si: Option<usize>) -> Place {
        let area = &self.areas[ai as usize];
        let state = si.map(|si| US_STATES[si].0).unwrap_or(area.state);
        Place {
            country: Some(territory_country(state).to_string()),
            state: Some(state.to_string()),
            metro: Some(area.code.to_string()),
            remote: false,
        }
    }

    fn area_index(&self, code: &str) -> Option<u16> {
        let code = code.trim().trim_start_matches('0');
        self.area_by_code.get(code).copied()
    }

    fn state_index(&self, s: &str) -> Option<usize> {
        let s = s.trim().trim_end_matches('.');
        if s.len() == 2 {
            if let Some(&si) = self.state_by_code.get(s.to_ascii_uppercase().as_str()) {
                return Some(si as usize);
            }
        }
        self.state_by_name.get(&norm_key(s)).map(|&si| si as usize)
    }

    /// Country name or ISO alpha-2/alpha-3 code -> ISO alpha-2.
    pub fn country_code(&self, name_or_code: &str) -> Option<&'static str> {
        self.country_of(&clean(name_or_code))
    }

    /// A country by name key; a leading "the" never matters ("the State of
    /// Palestine", "The Gambia").
    fn country_by_key(&self, key: &str) -> Option<&u16> {
        self.country_by_name.get(key).or_else(|| key.strip_prefix("the").and_then(|k| self.country_by_name.get(k)))
    }

    fn country_of(&self, s: &str) -> Option<&'static str> {
        let bare = s.trim().trim_matches('.');
        if (2..=3).contains(&bare.len()) && bare.chars().all(|c| c.is_ascii_alphabetic()) {
            if let Some(&ci) = self.country_by_code.get(&bare.to_ascii_lowercase()) {
                return Some(countries::COUNTRIES[ci as usize].0);
            }
        }
        self.country_by_key(&norm_key(bare)).map(|&ci| countries::COUNTRIES[ci as usize].0)
    }

    pub fn country_name(&self, iso2: &str) -> Option<&'static str> {
        let iso2 = iso2.trim();
        countries::COUNTRIES.iter().find(|c| c.0.eq_ignore_ascii_case(iso2)).map(|c| c.2)
    }

    /// Every ISO 3166-1 country (plus Kosovo) as (alpha-2, display name).
    pub fn countries(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        countries::COUNTRIES.iter().map(|c| (c.0, c.2))
    }

    /// ISO alpha-3 for an alpha-2 code.
    pub fn country_alpha3(&self, iso2: &str) -> Option<&'static str> {
        let iso2 = iso2.trim();
        countries::COUNTRIES.iter().find(|c| c.0.eq_ignore_ascii_case(iso2)).map(|c| c.1)
    }

    /// OEWS area name for a code (e.g. `42660` -> "Seattle-Tacoma-Bellevue, WA").
    pub fn area_name(&self, code: &str) -> Option<&str> {
        self.area_index(code).map(|ai| self.areas[ai as usize].name)
    }

    /// Every OEWS area (metropolitan and nonmetropolitan) as (code, name), in
    /// the order of the OFLC file.
    pub fn metros(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.areas.iter().map(|a| (a.code, a.name))
    }

    /// US postal code for a state name or code ("Texas", "tx", "District of Columbia").
    pub fn state_code(&self, name_or_code: &str) -> Option<&'static str> {
        self.state_index(name_or_code).map(|si| US_STATES[si].0)
    }

    /// Every US state (with DC and the territories the tables know) as
    /// (postal code, name).
    pub fn states(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        US_STATES.iter().copied()
    }

    /// State name for a US postal code ("WA" -> "Washington").
    pub fn state_name(&self, code: &str) -> Option<&'static str> {
        self.state_by_code.get(code.trim().to_ascii_uppercase().as_str()).map(|&si| US_STATES[si as usize].1)
    }
}

/// One typo ("San Fancisco", "Chiacago", "Schaumberg", "Hunstville"): the area
/// of the city names one edit (insert, delete, substitute, swap) away, when
/// they all agree. Short keys are left alone, since "Avon" and "Akon" are both
/// real. Only reached when every exact rule failed, so its linear scan of one
/// state's names is paid once per unusual string, not per record.
fn fuzzy_city(t: &StateTables, key: &str) -> Option<u16> {
    if key.len() < 7 {
        return None;
    }
    let mut found = None;
    for (name, &ai) in &t.cities {
        if name.len().abs_diff(key.len()) > 1 || !within_one_edit(name.as_bytes(), key.as_bytes()) {
            continue;
        }
        match found {
            None => found = Some(ai),
            Some(prev) if prev == ai => {}
            Some(_) => return None,
        }
    }
    found
}

/// Optimal-string-alignment distance <= 1.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[p..], &b[p..]);
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            a.is_empty() || a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        std::cmp::Ordering::Less => a == &b[1..],
        std::cmp::Ordering::Greater => &a[1..] == b,
    }
}

/// The US postal code of a territory that has its own ISO code.
fn territory_country_state(iso: &str) -> Option<&'static str> {
    ["PR", "GU", "VI", "AS", "MP"].into_iter().find(|t| *t == iso)
}

/// Collapses whitespace (incl. newlines from multiline CSV fields) and
/// drops surrounding quotes.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.trim_matches(|c| c == '"' || c == '\'').trim().to_string()
}

/// "WA 98052" -> "WA": a ZIP code after the state says nothing more.
fn strip_zip(s: &str) -> &str {
    let s = s.trim();
    match s.rsplit_once(' ') {
        Some((head, zip)) if zip.len() >= 5 && zip.bytes().all(|b| b.is_ascii_digit() || b == b'-') => head.trim(),
        _ => s,
    }
}

/// `Some(rest)` when the text marks remote work; `rest` is the text without
/// the remote words, for the place it may still name ("Remote (US)").
fn strip_remote(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let is_word = |w: &str| REMOTE_WORDS.contains(&w);
    let words = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    let marked = words.clone().any(is_word)
        || lower.contains("work from home")
        || lower.contains("home based")
        || lower.contains("home-based");
    if !marked {
        return None;
    }
    // Rebuild the text keeping separators but blanking remote words and fillers.
    let mut rest = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |rest: &mut String, word: &mut String| {
        let lw = word.to_ascii_lowercase();
        if !REMOTE_WORDS.contains(&lw.as_str()) && !REMOTE_FILLERS.contains(&lw.as_str()) {
            rest.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '.' || c == '\'' {
            word.push(c);
        } else {
            flush(&mut rest, &mut word);
            rest.push(if matches!(c, '(' | ')' | '[' | ']' | '%') { ' ' } else { c });
        }
    }
    flush(&mut rest, &mut word);
    // Separators left dangling by the removed words: "Remote - US" -> " - US".
    let rest = clean(&rest);
    let mut parts: Vec<&str> = rest
        .split([',', '/', '|', ';', ':'])
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || c == '-'))
        .filter(|p| !p.is_empty())
        .collect();
    parts.dedup();
    Some(parts.join(", "))
}

#[cfg(test)]
#[path = "geo_tests.rs"]
mod tests;
