//! Location resolution on arbitrary text: never panics; what it returns is
//! internally consistent (a metro has a known area name, a state implies a
//! country).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paygrid_domain::geo::Geo;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let geo = Geo::embedded();
    for place in [geo.resolve(&text), {
        let (city, state) = text.split_once(',').unwrap_or((&text, ""));
        geo.resolve_us_city(city, state)
    }]
    .into_iter()
    .flatten()
    {
        if let Some(m) = &place.metro {
            assert!(geo.area_name(m).is_some(), "metro {m} without a name for {text:?}");
        }
        if place.state.is_some() {
            assert!(place.country.is_some(), "state without country for {text:?}");
        }
    }
    let _ = geo.country_code(&text);
});
