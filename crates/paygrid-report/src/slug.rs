//! URL slugs of report pages, shared by the web server and the static site
//! so a page has one address wherever it is served.
//!
//! Scheme: `/salaries/{role}/{location}[/{level}]`. The role is its
//! catalogue id; the level its canonical slug. Locations read as words
//! rather than codes, because the address is part of what a reader sees:
//! countries by name (`united-states`), US states `us-<name>`
//! (`us-washington`), metros by their OEWS name (`seattle-tacoma-bellevue-wa`),
//! `remote`, `remote-<country>`, `world`. The inverse is built from the same
//! tables (every country, state and OEWS area the geo data knows), so any
//! slug this module writes parses back to its area.

use paygrid_domain::geo::Geo;
pub use paygrid_domain::slug::slugify;
use paygrid_domain::Level;
use paygrid_engine::Area;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The location part of a report URL.
pub fn location_slug(area: &Area) -> String {
    let geo = Geo::embedded();
    let named = |name: Option<&str>, code: &str| slugify(name.unwrap_or(code));
    match area {
        Area::World => "world".to_string(),
        Area::Country(c) => named(geo.country_name(c), c),
        Area::UsState(s) => format!("us-{}", named(geo.state_name(s), s)),
        Area::Metro(m) => named(geo.area_name(m), m),
        Area::Remote(None) => "remote".to_string(),
        Area::Remote(Some(c)) => format!("remote-{}", named(geo.country_name(c), c)),
    }
}

/// Every area a slug can name, by slug. Built once: ~250 countries, the
/// states, ~580 OEWS areas and a remote entry per country.
fn slug_index() -> &'static HashMap<String, Area> {
    static INDEX: OnceLock<HashMap<String, Area>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let geo = Geo::embedded();
        let mut areas = vec![Area::World, Area::Remote(None)];
        for (code, _) in geo.countries() {
            areas.push(Area::Country(code.to_string()));
            areas.push(Area::Remote(Some(code.to_string())));
        }
        for (code, _) in geo.states() {
            areas.push(Area::UsState(code.to_string()));
        }
        for (code, _) in geo.metros() {
            areas.push(Area::Metro(code.trim_start_matches('0').to_string()));
        }
        let mut index = HashMap::with_capacity(areas.len());
        for a in areas {
            // First writer wins; the round-trip test proves there is no clash.
            index.entry(location_slug(&a)).or_insert(a);
        }
        index
    })
}

/// The area a location slug names; `None` for anything this module would
/// not have written.
pub fn parse_location_slug(slug: &str) -> Option<Area> {
    slug_index().get(slug).cloned()
}

/// `/salaries/{role}/{location}[/{level}]`.
pub fn report_path(role: &str, area: &Area, level: Option<Level>) -> String {
    let mut p = format!("/salaries/{role}/{}", location_slug(area));
    if let Some(l) = level {
        p.push('/');
        p.push_str(l.slug());
    }
    p
}

/// The inverse of [`report_path`]: role id, area and level of a report URL
/// path (a trailing `/` or `/index.html` is accepted, as static hosts add
/// them). The role is returned as written; whether it exists is the
/// caller's question.
pub fn parse_report_path(path: &str) -> Option<(String, Area, Option<Level>)> {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let mut parts = path.trim_matches('/').split('/');
    if parts.next()? != "salaries" {
        return None;
    }
    let role = parts.next().filter(|r| paygrid_domain::role::RoleId::parse(r).is_some())?;
    let area = parse_location_slug(parts.next()?)?;
    let level = match parts.next() {
        None => None,
        Some(l) => Some(Level::from_slug(l).filter(|lv| lv.slug() == l)?),
    };
    if parts.next().is_some() {
        return None;
    }
    Some((role.to_string(), area, level))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_slugs() {
        assert_eq!(location_slug(&Area::Country("US".into())), "united-states");
        assert_eq!(location_slug(&Area::Metro("42660".into())), "seattle-tacoma-bellevue-wa");
        assert_eq!(location_slug(&Area::UsState("WA".into())), "us-washington");
        assert_eq!(location_slug(&Area::Remote(None)), "remote");
        assert_eq!(location_slug(&Area::Remote(Some("DE".into()))), "remote-germany");
        assert_eq!(slugify("Côte d'Ivoire"), "cote-divoire");
        assert_eq!(slugify("Curaçao"), "curacao");
        assert_eq!(
            report_path("backend-engineer", &Area::Country("US".into()), Some(Level::Senior)),
            "/salaries/backend-engineer/united-states/senior"
        );
    }

    #[test]
    fn paths_parse_back() {
        let a = Area::Metro("42660".into());
        let p = report_path("backend-engineer", &a, None);
        assert_eq!(parse_report_path(&p), Some(("backend-engineer".to_string(), a.clone(), None)));
        assert_eq!(
            parse_report_path(&format!("{p}/staff/")),
            Some(("backend-engineer".to_string(), a.clone(), Some(Level::Staff)))
        );
        assert_eq!(parse_report_path(&format!("{p}/index.html")), Some(("backend-engineer".to_string(), a, None)));
        assert_eq!(parse_report_path("/salaries/backend-engineer/atlantis"), None);
        assert_eq!(parse_report_path("/salaries/Backend/united-states"), None);
        assert_eq!(parse_report_path("/salaries/backend-engineer/united-states/Senior"), None);
        assert_eq!(parse_report_path("/salaries/backend-engineer/united-states/senior/x"), None);
    }
}
