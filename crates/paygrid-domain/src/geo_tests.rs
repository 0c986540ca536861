//! Tests for `geo`, mostly on strings real sources write: every distinct
//! US location of the Levels.fyi 2017-2020 file (with the OEWS area each was
//! checked to belong to), its non-US "City, Region, Country" strings, every
//! Stack Overflow 2025 country name and every ai-jobs.net country code.

use super::*;

fn geo() -> &'static Geo {
    Geo::embedded()
}

fn r(text: &str) -> Place {
    geo().resolve(text).unwrap_or_else(|| panic!("{text:?} did not resolve"))
}

fn metro(text: &str) -> Option<String> {
    geo().resolve(text).and_then(|p| p.metro)
}

fn place(country: &str, state: Option<&str>, metro: Option<&str>) -> Place {
    Place {
        country: Some(country.to_string()),
        state: state.map(str::to_string),
        metro: metro.map(str::to_string),
        remote: false,
    }
}

include!("geo_tests_levels.rs");

#[test]
fn every_levels_us_location_gets_its_metro() {
    for &(text, code) in LEVELS_US {
        let p = r(text);
        let state = text.rsplit(", ").next().unwrap();
        assert_eq!(p.metro.as_deref(), Some(code), "{text}");
        assert_eq!(p.state.as_deref(), Some(state), "{text}");
        assert_eq!(p.country.as_deref(), Some("US"), "{text}");
        assert!(!p.remote);
        // The same city through the two-argument entry point.
        let (city, st) = text.rsplit_once(", ").unwrap();
        assert_eq!(geo().resolve_us_city(city, st).and_then(|p| p.metro).as_deref(), Some(code), "{text}");
    }
}

#[test]
fn levels_locations_elsewhere_resolve_to_their_country() {
    for &(text, iso) in LEVELS_ELSEWHERE {
        let p = r(text);
        assert_eq!(p.country.as_deref(), Some(iso), "{text}");
        if !matches!(iso, "US" | "PR") {
            assert_eq!((p.state, p.metro), (None, None), "{text}");
        }
    }
    // The US and Puerto Rico ones still reach their metro.
    assert_eq!(r("Cambridge, MA, United States"), place("US", Some("MA"), Some("14460")));
    assert_eq!(r("Richmond, VA, United States"), place("US", Some("VA"), Some("40060")));
    assert_eq!(r("San Juan, PR, Puerto Rico"), place("PR", Some("PR"), Some("41980")));
    assert_eq!(r("Aguadilla, PR, Puerto Rico").metro.as_deref(), Some("10380"));
}

#[test]
fn brief_examples() {
    let sea = place("US", Some("WA"), Some("42660"));
    assert_eq!(r("Redmond, WA"), sea);
    assert_eq!(r("Seattle, Washington"), sea);
    assert_eq!(r("Redmond, WA, United States"), sea);
    assert_eq!(r("Seattle-Tacoma-Bellevue, WA"), sea);
    assert_eq!(r("42660"), sea);
    let nyc = place("US", Some("NY"), Some("35620"));
    assert_eq!(r("NYC"), nyc);
    assert_eq!(r("New York City"), nyc);
    assert_eq!(r("New York, NY"), nyc);
    assert_eq!(r("35620"), nyc);
    let sf = place("US", Some("CA"), Some("41860"));
    for s in ["SF", "Bay Area", "SF Bay Area", "San Francisco Bay Area", "San Francisco, CA"] {
        assert_eq!(r(s), sf, "{s}");
    }
    assert_eq!(r("Silicon Valley"), place("US", Some("CA"), Some("41940")));
    assert_eq!(r("San Jose, CA"), place("US", Some("CA"), Some("41940")));
    let dc = place("US", Some("DC"), Some("47900"));
    for s in ["DC", "Washington DC", "Washington, DC", "Washington, D.C.", "Washington D.C."] {
        assert_eq!(r(s), dc, "{s}");
    }
    assert_eq!(r("LA"), place("US", Some("CA"), Some("31080")));
    assert_eq!(r("United States"), place("US", None, None));
    assert_eq!(r("USA"), place("US", None, None));
    assert_eq!(r("US"), place("US", None, None));
    assert_eq!(r("Texas"), place("US", Some("TX"), None));
    assert_eq!(r("London, EN, United Kingdom"), place("GB", None, None));
    assert_eq!(r("Bangalore, KA, India"), place("IN", None, None));
    assert_eq!(r("Toronto, ON, Canada"), place("CA", None, None));
    assert_eq!(r("Berlin, BE, Germany"), place("DE", None, None));
}

#[test]
fn remote() {
    let remote = |country: Option<&str>| Place { country: country.map(str::to_string), remote: true, ..Place::default() };
    assert_eq!(r("Remote"), remote(None));
    assert_eq!(r("remote"), remote(None));
    assert_eq!(r("Anywhere"), remote(None));
    assert_eq!(r("Worldwide"), remote(None));
    assert_eq!(r("Work from home"), remote(None));
    assert_eq!(r("remote (US)"), remote(Some("US")));
    assert_eq!(r("Remote (USA)"), remote(Some("US")));
    assert_eq!(r("US Remote"), remote(Some("US")));
    assert_eq!(r("Remote - US"), remote(Some("US")));
    assert_eq!(r("Remote, United States"), remote(Some("US")));
    assert_eq!(r("Anywhere in the US"), remote(Some("US")));
    assert_eq!(r("US-based, fully remote"), remote(Some("US")));
    assert_eq!(r("Remote in Germany"), remote(Some("DE")));
    assert_eq!(r("Remote (United Kingdom)"), remote(Some("GB")));
    assert_eq!(r("Fully remote (EU)"), remote(None));
    let p = r("Remote - Seattle, WA");
    assert!(p.remote);
    assert_eq!(p.metro.as_deref(), Some("42660"));
    let p = r("Remote (Texas)");
    assert!(p.remote && p.state.as_deref() == Some("TX"));
    assert!(!r("Remote").is_empty());
}

#[test]
fn two_letter_codes_alone_are_iso_countries_unless_only_a_state() {
    assert_eq!(r("CA"), place("CA", None, None));
    assert_eq!(r("IN"), place("IN", None, None));
    assert_eq!(r("DE"), place("DE", None, None));
    assert_eq!(r("GA"), place("GA", None, None));
    assert_eq!(r("us"), place("US", None, None));
    assert_eq!(r("WA"), place("US", Some("WA"), None));
    assert_eq!(r("NY"), place("US", Some("NY"), None));
    assert_eq!(r("TX"), place("US", Some("TX"), None));
    // Nicknames win over ISO: Los Angeles and Washington DC, not Laos.
    assert_eq!(r("LA").metro.as_deref(), Some("31080"));
    assert_eq!(r("Laos"), place("LA", None, None));
    assert_eq!(r("LAO"), place("LA", None, None));
    assert_eq!(r("DC").metro.as_deref(), Some("47900"));
    // After a city a code is a US state.
    assert_eq!(r("Redwood City, CA").country.as_deref(), Some("US"));
    assert_eq!(r("Indianapolis, IN").state.as_deref(), Some("IN"));
    // ... except for a listed world city that the state has no place of.
    assert_eq!(r("Munich, DE"), place("DE", None, None));
    assert_eq!(r("Toronto, CA"), place("CA", None, None));
    // An unknown city keeps its state.
    assert_eq!(r("Nowhereville, CA"), place("US", Some("CA"), None));
}

#[test]
fn state_names_that_are_countries() {
    assert_eq!(r("Georgia"), place("GE", None, None));
    assert_eq!(r("Tbilisi, Georgia"), place("GE", None, None));
    assert_eq!(r("Atlanta, Georgia"), place("US", Some("GA"), Some("12060")));
    assert_eq!(r("Georgia, US"), place("US", Some("GA"), None));
    assert_eq!(r("Georgia, United States"), place("US", Some("GA"), None));
    assert_eq!(r("Jersey"), place("JE", None, None));
    assert_eq!(r("New Jersey"), place("US", Some("NJ"), None));
    assert_eq!(r("Washington"), place("US", Some("WA"), None));
}

#[test]
fn spelling_variants() {
    let stl = Some("41180".to_string());
    for s in ["St. Louis, MO", "St Louis, MO", "Saint Louis, MO", "ST. LOUIS, MO", "st louis, mo", "Saint-Louis, Missouri"] {
        assert_eq!(metro(s), stl, "{s}");
    }
    let fll = Some("33100".to_string());
    for s in ["Ft. Lauderdale, FL", "Ft Lauderdale, FL", "Fort Lauderdale, FL", "fort   lauderdale ,  fl"] {
        assert_eq!(metro(s), fll, "{s}");
    }
    for s in [
        "  seattle ,  wa  ",
        "SEATTLE, WA",
        "Seattle,WA",
        "Seattle WA",
        "Seattle, WA 98101",
        "Seattle, WA, US",
        "Seattle, WA, USA",
        "Seattle, WA, United States of America",
        "Seattle, Washington, United States",
        "\"Seattle, WA\"",
        "Seattle,\nWA",
    ] {
        assert_eq!(metro(s).as_deref(), Some("42660"), "{s:?}");
    }
    assert_eq!(metro("Mc Lean, VA"), metro("McLean, VA"));
    assert_eq!(metro("Winston Salem, NC"), metro("Winston-Salem, NC"));
    assert_eq!(metro("O Fallon, MO"), metro("O'Fallon, MO"));
    assert_eq!(metro("Lee's Summit, MO").as_deref(), Some("28140"));
    assert_eq!(metro("Coeur d'Alene, ID"), metro("Coeur D Alene, ID"));
    assert_eq!(metro("Mt. Laurel, NJ"), metro("Mount Laurel, NJ"));
    assert_eq!(metro("Cañon City, CO"), metro("Canon City, CO"));
    assert!(metro("Canon City, CO").is_some());
    // One typo in a long name.
    assert_eq!(metro("San Fancisco, CA").as_deref(), Some("41860"));
    assert_eq!(metro("Chiacago, IL").as_deref(), Some("16980"));
    assert_eq!(metro("Schaumberg, IL").as_deref(), Some("16980"));
    assert_eq!(metro("Hunstville, AL").as_deref(), Some("26620"));
    // A city field that carries its own state and ZIP.
    assert_eq!(geo().resolve_us_city("JERSEY CITY, NJ 07310-1686", "NJ").and_then(|p| p.metro).as_deref(), Some("35620"));
}

#[test]
fn metros_by_name_and_code() {
    assert_eq!(r("Seattle-Tacoma-Bellevue"), place("US", Some("WA"), Some("42660")));
    assert_eq!(r("0042660"), place("US", Some("WA"), Some("42660")));
    assert_eq!(r("San Francisco-Oakland-Fremont, CA").metro.as_deref(), Some("41860"));
    assert_eq!(r("San Jose-Sunnyvale-Santa Clara, CA").metro.as_deref(), Some("41940"));
    // A multi-state area by name or code takes its first state; by city, the city's.
    assert_eq!(r("New York-Newark-Jersey City, NY-NJ"), place("US", Some("NY"), Some("35620")));
    assert_eq!(r("Jersey City, NJ"), place("US", Some("NJ"), Some("35620")));
    assert_eq!(r("47900").state.as_deref(), Some("DC"));
    assert_eq!(r("Vancouver, WA"), place("US", Some("WA"), Some("38900")));
    // Nonmetropolitan areas are OEWS areas too.
    assert_eq!(r("Aspen, CO").metro.as_deref(), Some("800003"));
    assert_eq!(geo().area_name("800003"), Some("Northwest Colorado nonmetropolitan area"));
    assert_eq!(r("Northwest Colorado nonmetropolitan area").metro.as_deref(), Some("800003"));
    // "Springfield" alone names five areas: no guess.
    assert_eq!(geo().resolve("Springfield"), None);
    assert_eq!(metro("Springfield, IL").as_deref(), Some("44100"));
    assert_eq!(metro("Springfield, MA").as_deref(), Some("44140"));
    assert_eq!(geo().resolve("99999"), None);
    assert_eq!(geo().resolve("Nowhere Special"), None);
    assert_eq!(geo().resolve(""), None);
    assert_eq!(geo().resolve("   "), None);
}

#[test]
fn nicknames_and_bare_cities() {
    let cases = [
        ("NYC", "35620"),
        ("Manhattan", "35620"),
        ("Brooklyn, NY", "35620"),
        ("Manhattan, NY", "35620"),
        ("East Bay", "41860"),
        ("Silicon Beach", "31080"),
        ("Twin Cities", "33460"),
        ("DFW", "19100"),
        ("Dallas-Fort Worth Metroplex", "19100"),
        ("Research Triangle", "39580"),
        ("Chicagoland", "16980"),
        ("Philly", "37980"),
        ("Northern Virginia", "47900"),
        ("Greater Seattle Area", "42660"),
        ("Greater Boston", "14460"),
        ("Greater Boston Area", "14460"),
        ("Denver Metro", "19740"),
        ("Austin Metro Area", "12420"),
        ("Seattle", "42660"),
        ("Portland", "38900"),
        ("Mountain View", "41940"),
        ("Cupertino", "41940"),
        ("Redmond", "42660"),
        ("Arlington", "47900"),
        ("New York", "35620"),
        ("Kansas City", "28140"),
        ("St. Louis", "41180"),
        ("Salt Lake City", "41620"),
        ("Boise", "14260"),
        ("Pittsburgh", "38300"),
        ("Ann Arbor", "11460"),
    ];
    for (s, code) in cases {
        assert_eq!(metro(s).as_deref(), Some(code), "{s}");
    }
    assert_eq!(r("Portland, ME").metro.as_deref(), Some("38860"));
    for (s, iso) in [
        ("London", "GB"),
        ("Paris", "FR"),
        ("Berlin", "DE"),
        ("Bangalore", "IN"),
        ("Bengaluru", "IN"),
        ("Toronto", "CA"),
        ("Tel Aviv", "IL"),
        ("Dublin", "IE"),
        ("Zürich", "CH"),
        ("Zurich", "CH"),
        ("Singapore", "SG"),
        ("Hong Kong", "HK"),
        ("London, UK", "GB"),
        ("Toronto, ON", "CA"),
        ("Vancouver, BC", "CA"),
        ("Paris, France", "FR"),
        ("Hyderabad, Telangana", "IN"),
        ("Tel Aviv, Israel", "IL"),
    ] {
        assert_eq!(r(s), place(iso, None, None), "{s}");
    }
    assert_eq!(metro("Paris, TX").as_deref(), Some("4800002"));
    assert_eq!(metro("London, KY").as_deref(), Some("2100002"));
    assert_eq!(metro("Dublin, CA").as_deref(), Some("41860"));
}

#[test]
fn counties_and_single_area_states() {
    assert_eq!(metro("King County, WA").as_deref(), Some("42660"));
    assert_eq!(metro("Santa Clara County, CA").as_deref(), Some("41940"));
    assert_eq!(metro("Orange County, CA").as_deref(), Some("31080"));
    assert_eq!(metro("Cook County, Illinois").as_deref(), Some("16980"));
    assert_eq!(metro("Richmond city, VA").as_deref(), Some("40060"));
    // DC, Guam and the US Virgin Islands are one OEWS area each.
    assert_eq!(metro("Anywhere Street, DC").as_deref(), Some("47900"));
    assert_eq!(r("Hagatna, GU"), place("GU", Some("GU"), Some("6600001")));
    assert_eq!(r("Charlotte Amalie, VI"), place("VI", Some("VI"), Some("7800001")));
    assert_eq!(r("Guam"), place("GU", None, None));
    assert_eq!(r("Puerto Rico"), place("PR", None, None));
    assert_eq!(r("San Juan, PR"), place("PR", Some("PR"), Some("41980")));
    // American Samoa and the Northern Marianas have no OEWS area.
    assert_eq!(r("Saipan, MP"), place("MP", Some("MP"), None));
}

#[test]
fn multi_county_cities_take_the_county_with_most_zip_codes() {
    // Orlando: 57 ZIPs in Orange County (Orlando MSA), 2 in Brevard (Palm Bay MSA).
    assert_eq!(metro("Orlando, FL").as_deref(), Some("36740"));
    // El Paso: 135 in El Paso County, 1 in Crockett County (nonmetro).
    assert_eq!(metro("El Paso, TX").as_deref(), Some("21340"));
    // Madison: 31 in Dane, 1 in Waukesha (Milwaukee MSA).
    assert_eq!(metro("Madison, WI").as_deref(), Some("31540"));
    // Anchorage: 23 in Anchorage, 2 in North Slope Borough.
    assert_eq!(metro("Anchorage, AK").as_deref(), Some("11260"));
    assert_eq!(metro("Saint Cloud, MN").as_deref(), Some("41060"));
}

#[test]
fn connecticut_towns_map_through_planning_regions() {
    for (town, code) in [
        ("Stamford", "14860"),
        ("Greenwich", "14860"),
        ("Norwalk", "14860"),
        ("Bridgeport", "14860"),
        ("Danbury", "14860"),
        ("Hartford", "25540"),
        ("West Hartford", "25540"),
        ("Windsor Locks", "25540"),
        ("Middletown", "25540"),
        ("New Haven", "35300"),
        ("Meriden", "35300"),
        ("Milford", "35300"),
        ("Waterbury", "47930"),
        ("Shelton", "47930"),
        ("Bristol", "47930"),
        ("New London", "35980"),
        ("Norwich", "35980"),
        ("Mystic", "35980"),
        ("Storrs", "25540"),
        ("Torrington", "900001"),
        ("Putnam", "900001"),
        ("Cos Cob", "14860"),
    ] {
        assert_eq!(metro(&format!("{town}, CT")).as_deref(), Some(code), "{town}");
    }
    // Every town of the planning-region table resolves to a Connecticut area.
    for line in include_str!("../../../data/geo/ct_town_planning_region.csv").lines().skip(1) {
        let town = line.split(',').next().unwrap();
        let p = geo().resolve_us_city(town, "Connecticut").unwrap();
        let code = p.metro.unwrap_or_else(|| panic!("{town}"));
        let name = geo().area_name(&code).unwrap();
        assert!(name.contains("CT") || name.contains("Connecticut"), "{town} -> {code}");
    }
}

#[test]
fn stack_overflow_2025_countries() {
    let cases = [
        ("Argentina", "AR"),
        ("Australia", "AU"),
        ("Austria", "AT"),
        ("Bangladesh", "BD"),
        ("Belgium", "BE"),
        ("Bolivia", "BO"),
        ("Brazil", "BR"),
        ("Bulgaria", "BG"),
        ("Canada", "CA"),
        ("Chile", "CL"),
        ("China", "CN"),
        ("Colombia", "CO"),
        ("Costa Rica", "CR"),
        ("Croatia", "HR"),
        ("Cyprus", "CY"),
        ("Czech Republic", "CZ"),
        ("Denmark", "DK"),
        ("Dominican Republic", "DO"),
        ("Egypt", "EG"),
        ("Ethiopia", "ET"),
        ("Finland", "FI"),
        ("France", "FR"),
        ("Georgia", "GE"),
        ("Germany", "DE"),
        ("Greece", "GR"),
        ("Guatemala", "GT"),
        ("Hong Kong (S.A.R.)", "HK"),
        ("Hungary", "HU"),
        ("India", "IN"),
        ("Indonesia", "ID"),
        ("Iran, Islamic Republic of...", "IR"),
        ("Ireland", "IE"),
        ("Israel", "IL"),
        ("Italy", "IT"),
        ("Japan", "JP"),
        ("Jordan", "JO"),
        ("Latvia", "LV"),
        ("Lebanon", "LB"),
        ("Lithuania", "LT"),
        ("Luxembourg", "LU"),
        ("Madagascar", "MG"),
        ("Malaysia", "MY"),
        ("Malta", "MT"),
        ("Mexico", "MX"),
        ("Morocco", "MA"),
        ("Nepal", "NP"),
        ("Netherlands", "NL"),
        ("Nigeria", "NG"),
        ("Norway", "NO"),
        ("Pakistan", "PK"),
        ("Paraguay", "PY"),
        ("Peru", "PE"),
        ("Philippines", "PH"),
        ("Poland", "PL"),
        ("Portugal", "PT"),
        ("Republic of Korea", "KR"),
        ("Republic of Moldova", "MD"),
        ("Republic of North Macedonia", "MK"),
        ("Romania", "RO"),
        ("Russian Federation", "RU"),
        ("Serbia", "RS"),
        ("Singapore", "SG"),
        ("Slovakia", "SK"),
        ("Slovenia", "SI"),
        ("South Africa", "ZA"),
        ("Spain", "ES"),
        ("Sri Lanka", "LK"),
        ("Sweden", "SE"),
        ("Switzerland", "CH"),
        ("Taiwan", "TW"),
        ("Trinidad and Tobago", "TT"),
        ("Tunisia", "TN"),
        ("Turkey", "TR"),
        ("Uganda", "UG"),
        ("Ukraine", "UA"),
        ("United Arab Emirates", "AE"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("United States of America", "US"),
        ("Uruguay", "UY"),
        ("Viet Nam", "VN"),
        ("Zimbabwe", "ZW"),
        // Spellings of other survey years and the full answer list.
        ("Venezuela, Bolivarian Republic of...", "VE"),
        ("Congo, Republic of the...", "CG"),
        ("Democratic Republic of the Congo", "CD"),
        ("Lao People's Democratic Republic", "LA"),
        ("Syrian Arab Republic", "SY"),
        ("United Republic of Tanzania", "TZ"),
        ("Libyan Arab Jamahiriya", "LY"),
        ("Micronesia, Federated States of...", "FM"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Kosovo", "XK"),
        ("Isle of Man", "IM"),
        ("Palestine", "PS"),
        ("Saint Kitts and Nevis", "KN"),
        ("St. Kitts and Nevis", "KN"),
        ("Brunei Darussalam", "BN"),
        ("Cape Verde", "CV"),
        ("Swaziland", "SZ"),
        ("The former Yugoslav Republic of Macedonia", "MK"),
        ("Bosnia and Herzegovina", "BA"),
        ("Türkiye", "TR"),
        ("Czechia", "CZ"),
        ("South Korea", "KR"),
        ("Korea, South", "KR"),
        ("Russia", "RU"),
        ("Burma", "MM"),
        ("Hong Kong (SAR)", "HK"),
        ("Netherlands Antilles", "CW"),
        ("Yugoslavia", "RS"),
        ("UK", "GB"),
        ("England", "GB"),
        ("Great Britain", "GB"),
        ("UAE", "AE"),
        ("Holland", "NL"),
        ("The Netherlands", "NL"),
        ("America", "US"),
        ("U.S.", "US"),
        ("U.S.A.", "US"),
        ("Ivory Coast", "CI"),
    ];
    for (name, iso) in cases {
        assert_eq!(geo().country_code(name), Some(iso), "{name}");
        assert_eq!(r(name), place(iso, None, None), "{name}");
    }
    assert_eq!(geo().country_code("Nomadic"), None);
    assert_eq!(geo().country_code("I prefer not to say"), None);
}

#[test]
fn aijobs_country_codes() {
    let codes = "AD AE AL AM AR AS AT AU BA BE BG BM BO BR BS CA CD CF CH CL CN CO CR CY CZ DE DK DO DZ EC EE EG ES FI FR GB GE \
                 GH GI GR GT HK HN HR HU ID IE IL IN IQ IR IT JE JP KE KR KW LB LT LU LV MD MK MT MU MX MY NG NL NO NZ OM PE \
                 PH PK PL PR PT QA RO RS RU RW SA SE SG SI SK SV TH TN TR UA UG US UY UZ VE VN ZA ZW";
    for code in codes.split_whitespace() {
        assert_eq!(geo().country_code(code), Some(code), "{code}");
        assert_eq!(geo().country_code(&code.to_ascii_lowercase()), Some(code), "{code}");
        assert_eq!(r(code).country.as_deref(), Some(code), "{code}");
    }
}

#[test]
fn country_table_is_complete_and_consistent() {
    let all: Vec<_> = countries::COUNTRIES.iter().collect();
    assert_eq!(all.len(), 250, "249 ISO 3166-1 entries plus Kosovo");
    let mut a2: Vec<_> = all.iter().map(|c| c.0).collect();
    let mut a3: Vec<_> = all.iter().map(|c| c.1).collect();
    a2.sort_unstable();
    a2.dedup();
    a3.sort_unstable();
    a3.dedup();
    assert_eq!((a2.len(), a3.len()), (250, 250));
    for &&(iso2, iso3, name, aliases) in &all {
        assert!(iso2.len() == 2 && iso3.len() == 3 && iso2.chars().chain(iso3.chars()).all(|c| c.is_ascii_uppercase()));
        assert_eq!(geo().country_code(iso2), Some(iso2));
        assert_eq!(geo().country_code(iso3), Some(iso2), "{iso3}");
        assert_eq!(geo().country_code(name), Some(iso2), "{name}");
        assert_eq!(geo().country_name(iso2), Some(name));
        assert_eq!(geo().country_alpha3(iso2), Some(iso3));
        for alias in aliases.iter() {
            assert_eq!(geo().country_code(alias), Some(iso2), "alias {alias:?} is shadowed");
        }
    }
    assert_eq!(geo().countries().count(), 250);
    assert_eq!(geo().country_name("us"), Some("United States"));
    assert_eq!(geo().country_name("ZZ"), None);
    for (code, name) in [("GB", "United Kingdom"), ("KR", "South Korea"), ("DE", "Germany"), ("IN", "India")] {
        assert_eq!(geo().country_name(code), Some(name));
    }
}

#[test]
fn states() {
    assert_eq!(geo().state_code("Texas"), Some("TX"));
    assert_eq!(geo().state_code("tx"), Some("TX"));
    assert_eq!(geo().state_code("District of Columbia"), Some("DC"));
    assert_eq!(geo().state_code("new  york"), Some("NY"));
    assert_eq!(geo().state_code("Calif."), Some("CA"));
    assert_eq!(geo().state_code("Ontario"), None);
    assert_eq!(geo().state_name("WA"), Some("Washington"));
    assert_eq!(geo().state_name("wa"), Some("Washington"));
    assert_eq!(geo().state_name("ZZ"), None);
    assert_eq!(geo().resolve_us_city("Seattle", "Ontario"), None);
    assert_eq!(geo().resolve_us_city("Redmond", "Washington").and_then(|p| p.metro).as_deref(), Some("42660"));
}

#[test]
fn area_table() {
    assert_eq!(geo().area_name("42660"), Some("Seattle-Tacoma-Bellevue, WA"));
    assert_eq!(geo().area_name("41860"), Some("San Francisco-Oakland-Fremont, CA"));
    assert_eq!(geo().area_name("41940"), Some("San Jose-Sunnyvale-Santa Clara, CA"));
    assert_eq!(geo().area_name("35620"), Some("New York-Newark-Jersey City, NY-NJ"));
    assert_eq!(geo().area_name("0035620"), Some("New York-Newark-Jersey City, NY-NJ"));
    assert_eq!(geo().area_name("1"), None);
    let metros: Vec<_> = geo().metros().collect();
    assert_eq!(metros.len(), 530);
    for (code, name) in metros {
        assert!(!code.starts_with('0') && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        assert_eq!(geo().area_name(code), Some(name));
    }
}

/// The generator and `norm_key` must agree: the generator wrote one row per
/// (state, key), so under this crate's key no two rows of a state collide,
/// and every county it wrote is an OFLC county of that state.
#[test]
fn city_table_agrees_with_norm_key_and_oflc() {
    let g = geo();
    let mut seen = std::collections::HashSet::new();
    let mut rows = 0;
    for line in CITY_CSV.lines().skip(1) {
        let mut f = line.splitn(3, ',');
        let (st, city, county) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        let si = g.state_by_code[st] as usize;
        assert!(g.states[si].counties_exact.contains_key(county), "{line}");
        assert!(seen.insert((st, norm_key(city))), "duplicate key: {line}");
        rows += 1;
    }
    assert!(rows > 35_000, "{rows}");
    let cities: usize = g.states.iter().map(|t| t.cities.len()).sum();
    assert_eq!(cities, rows);
}

#[test]
fn norm_key_rules() {
    assert_eq!(norm_key("St. Louis"), "saintlouis");
    assert_eq!(norm_key("Saint-Louis"), "saintlouis");
    assert_eq!(norm_key("Ft. Worth"), "fortworth");
    assert_eq!(norm_key("Mt Vernon"), "mountvernon");
    assert_eq!(norm_key("  New   York  "), "newyork");
    assert_eq!(norm_key("Lee's Summit"), "leessummit");
    assert_eq!(norm_key("Côte d’Ivoire"), "cotedivoire");
    assert_eq!(norm_key("Zürich"), "zurich");
    assert_eq!(norm_key("Kraków"), "krakow");
    assert_eq!(norm_key("N. Hollywood"), "northhollywood");
    assert_eq!(norm_key(""), "");
    assert_eq!(norm_key("..."), "");
}

#[test]
fn edit_distance_one() {
    assert!(within_one_edit(b"chicago", b"chicago"));
    assert!(within_one_edit(b"chicago", b"chiacago"));
    assert!(within_one_edit(b"chicago", b"chicgo"));
    assert!(within_one_edit(b"chicago", b"chicogo"));
    assert!(within_one_edit(b"chicago", b"hcicago"));
    assert!(!within_one_edit(b"chicago", b"hcicaog"));
    assert!(!within_one_edit(b"chicago", b"chicagoxx"));
    assert!(within_one_edit(b"", b"a"));
}

#[test]
fn build_holds_every_oews_area() {
    assert_eq!(Geo::build().areas.len(), 530);
}
