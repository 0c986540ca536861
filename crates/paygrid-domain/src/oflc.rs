//! OFLC prevailing-wage levels I–IV by OEWS area and SOC code (wage year
//! 2025-26), compiled in from `data/oflc/` (see its README for what the
//! levels are and are not).

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../data/oflc/oflc_wage_levels_2025-26_catalogue_soc.csv");

/// The wage year the table is for.
pub const WAGE_YEAR: &str = "2025-26";

/// Levels I–IV, annual USD, for one area and occupation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WageLevels {
    pub levels: [f64; 4],
}

fn table() -> &'static HashMap<(String, String), WageLevels> {
    static T: OnceLock<HashMap<(String, String), WageLevels>> = OnceLock::new();
    T.get_or_init(|| {
        let mut out = HashMap::new();
        for line in TABLE.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let [area, soc, l1, l2, l3, l4] = f[..] else { continue };
            let parse = |x: &str| x.trim().parse::<f64>().ok();
            if let (Some(a), Some(b), Some(c), Some(d)) = (parse(l1), parse(l2), parse(l3), parse(l4)) {
                out.insert((area.trim_start_matches('0').to_string(), soc.to_string()), WageLevels { levels: [a, b, c, d] });
            }
        }
        out
    })
}

/// The levels of an OEWS area (code without leading zeros) and SOC code.
pub fn wage_levels(area_code: &str, soc: &str) -> Option<WageLevels> {
    table().get(&(area_code.trim_start_matches('0').to_string(), soc.to_string())).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seattle_software_developers() {
        // The data README's example.
        let w = wage_levels("42660", "15-1252").unwrap();
        assert_eq!(w.levels, [117_749.0, 149_240.0, 180_710.0, 212_202.0]);
        assert_eq!(table().len(), 9540);
        // II and III split the I–IV gap into thirds, on every row (within the
        // rounding of hourly rates to the cent: 2,080 x $0.005 = $10.40).
        for w in table().values() {
            let [a, b, c, d] = w.levels;
            assert!((b - (a + (d - a) / 3.0)).abs() <= 21.0 && (c - (a + 2.0 * (d - a) / 3.0)).abs() <= 21.0, "{w:?}");
        }
        assert_eq!(wage_levels("99999", "15-1252"), None);
    }
}
