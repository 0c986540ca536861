//! Pay periods and currency conversion (docs/normalization.md, "Money").

use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayPeriod {
    Year,
    Month,
    Week,
    Hour,
}

impl PayPeriod {
    /// Accepts `year|yearly|annual|annually|month|monthly|week|weekly|hour|hourly` (any case).
    pub fn parse(s: &str) -> Option<PayPeriod> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "year" | "yearly" | "annual" | "annually" | "yr" | "y" => Some(PayPeriod::Year),
            "month" | "monthly" | "mo" | "m" => Some(PayPeriod::Month),
            "week" | "weekly" | "wk" | "w" => Some(PayPeriod::Week),
            "hour" | "hourly" | "hr" | "h" => Some(PayPeriod::Hour),
            _ => None,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            PayPeriod::Year => "year",
            PayPeriod::Month => "month",
            PayPeriod::Week => "week",
            PayPeriod::Hour => "hour",
        }
    }

    /// BLS convention: hourly x 2,080, weekly x 52, monthly x 12.
    pub fn annual_factor(self) -> f64 {
        match self {
            PayPeriod::Year => 1.0,
            PayPeriod::Month => 12.0,
            PayPeriod::Week => 52.0,
            PayPeriod::Hour => 2080.0,
        }
    }
}

impl fmt::Display for PayPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

const FX_CSV: &str = include_str!("../../../data/fx/usd_per_unit_yearly.csv");

/// Yearly average USD-per-unit rates, compiled in.
///
/// Rates are ECB daily reference cross rates (USD per EUR / X per EUR)
/// averaged over each calendar year by `tools/fx_yearly.py`; the methodology
/// and source are in `data/fx/README.md`. A yearly average rather than the
/// day's rate because most records carry a year, not a date.
pub struct Fx {
    /// Currency -> (year, USD per unit), sorted by year.
    rates: HashMap<&'static str, Vec<(i32, f64)>>,
    years: (i32, i32),
}

impl Fx {
    pub fn embedded() -> &'static Fx {
        static FX: std::sync::OnceLock<Fx> = std::sync::OnceLock::new();
        FX.get_or_init(Fx::parse)
    }

    fn parse() -> Fx {
        let mut rates: HashMap<&'static str, Vec<(i32, f64)>> = HashMap::new();
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for line in FX_CSV.lines().skip(1) {
            let mut f = line.split(',');
            let (Some(year), Some(cur), Some(rate)) = (f.next(), f.next(), f.next()) else { continue };
            let (Ok(year), Ok(rate)) = (year.parse::<i32>(), rate.parse::<f64>()) else { continue };
            if !(rate.is_finite() && rate > 0.0) {
                continue;
            }
            lo = lo.min(year);
            hi = hi.max(year);
            rates.entry(cur).or_default().push((year, rate));
        }
        for v in rates.values_mut() {
            v.sort_by_key(|&(y, _)| y);
        }
        Fx { rates, years: (lo, hi) }
    }

    /// The ISO 4217 code in `currency`: sources write "EUR", " eur " or
    /// "EUR European Euro" (Stack Overflow survey), and all mean the same.
    fn code(currency: &str) -> Option<String> {
        let code = currency.split_whitespace().next()?;
        (code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic())).then(|| code.to_ascii_uppercase())
    }

    /// USD per one unit of `currency` (ISO 4217) averaged over `year`.
    /// `USD` is always 1.0. `None`: no rate for that currency (a rejected row, not a guess).
    /// A year outside the table's range uses the nearest year that has a rate.
    ///
    /// "Nearest year with a rate for that currency" also covers years a
    /// currency was not quoted inside the table's range: ISK 2009-2017 (the ECB
    /// suspended it), RUB after 2022-03 (suspended), and currencies replaced
    /// by the euro (e.g. HRK from 2023), which keep their last year's rate. A
    /// tie (ISK 2013: 2008 and 2018) goes to the later year. `rate_year` tells
    /// which year was used, so an importer can report substitutions.
    pub fn usd_per_unit(&self, currency: &str, year: i32) -> Option<f64> {
        let code = Self::code(currency)?;
        if code == "USD" {
            return Some(1.0);
        }
        self.nearest(&code, year).map(|(_, rate)| rate)
    }

    /// The year whose average `usd_per_unit` uses for (`currency`, `year`):
    /// `year` itself when the table has it, else the nearest year with a rate.
    /// `None` when the currency has no rate at all. USD answers `year`.
    pub fn rate_year(&self, currency: &str, year: i32) -> Option<i32> {
        let code = Self::code(currency)?;
        if code == "USD" {
            return Some(year);
        }
        self.nearest(&code, year).map(|(y, _)| y)
    }

    fn nearest(&self, code: &str, year: i32) -> Option<(i32, f64)> {
        let v = self.rates.get(code)?;
        match v.binary_search_by_key(&year, |&(y, _)| y) {
            Ok(i) => Some(v[i]),
            Err(i) => {
                let before = i.checked_sub(1).map(|j| v[j]);
                let after = v.get(i).copied();
                match (before, after) {
                    (Some(b), Some(a)) => Some(if year - b.0 < a.0 - year { b } else { a }),
                    (b, a) => b.or(a),
                }
            }
        }
    }

    /// Currencies with a rate, USD included, sorted.
    pub fn currencies(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self.rates.keys().copied().collect();
        v.push("USD");
        v.sort_unstable();
        v.dedup();
        v
    }

    /// First and last calendar year in the table (the last may be partial).
    pub fn year_range(&self) -> (i32, i32) {
        self.years
    }

    /// The table's source, shown by `paygrid sources` and the methodology page.
    pub fn source_note(&self) -> &'static str {
        "European Central Bank euro foreign exchange reference rates (yearly averages)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs()
    }

    #[test]
    fn known_yearly_averages_match_the_script_output() {
        let fx = Fx::embedded();
        // Values from data/fx/usd_per_unit_yearly.csv (tools/fx_yearly.py).
        assert!(close(fx.usd_per_unit("EUR", 2023).unwrap(), 1.0812686));
        assert!(close(fx.usd_per_unit("GBP", 2024).unwrap(), 1.2785942));
        assert!(close(fx.usd_per_unit("JPY", 2024).unwrap(), 0.0066108368));
        assert!(close(fx.usd_per_unit("INR", 2024).unwrap(), 0.011952574));
        assert!(close(fx.usd_per_unit("EUR", 1999).unwrap(), 1.0657764));
        // The ECB's own published 2023 EUR/USD annual average is 1.0813.
        assert!((fx.usd_per_unit("EUR", 2023).unwrap() - 1.0813).abs() < 1e-4);
    }

    #[test]
    fn usd_is_one_and_unknown_is_none() {
        let fx = Fx::embedded();
        assert_eq!(fx.usd_per_unit("USD", 1950), Some(1.0));
        assert_eq!(fx.usd_per_unit(" usd ", 2024), Some(1.0));
        assert_eq!(fx.usd_per_unit("CLP", 2024), None, "the ECB does not quote CLP");
        assert_eq!(fx.usd_per_unit("XYZ", 2024), None);
        assert_eq!(fx.usd_per_unit("", 2024), None);
        assert_eq!(fx.usd_per_unit("EURO", 2024), None);
    }

    #[test]
    fn codes_are_read_leniently() {
        let fx = Fx::embedded();
        let eur = fx.usd_per_unit("EUR", 2024);
        assert!(eur.is_some());
        assert_eq!(fx.usd_per_unit("eur", 2024), eur);
        assert_eq!(fx.usd_per_unit("EUR European Euro", 2024), eur);
        assert_eq!(fx.usd_per_unit("EUR\tEuropean Euro", 2024), eur);
        assert_eq!(fx.usd_per_unit("GBP Pound sterling", 2024), fx.usd_per_unit("GBP", 2024));
    }

    #[test]
    fn years_outside_the_table_use_the_nearest_year() {
        let fx = Fx::embedded();
        let (lo, hi) = fx.year_range();
        assert_eq!((lo, hi), (1999, 2026));
        assert_eq!(fx.usd_per_unit("EUR", 1990), fx.usd_per_unit("EUR", 1999));
        assert_eq!(fx.usd_per_unit("EUR", 2030), fx.usd_per_unit("EUR", 2026));
        assert_eq!(fx.rate_year("EUR", 2030), Some(2026));
        // RUB was suspended in March 2022.
        assert_eq!(fx.rate_year("RUB", 2025), Some(2022));
        // ISK was not quoted 2009-2017; ties go to the later year.
        assert_eq!(fx.rate_year("ISK", 2010), Some(2008));
        assert_eq!(fx.rate_year("ISK", 2013), Some(2018));
        assert_eq!(fx.rate_year("ISK", 2016), Some(2018));
        assert_eq!(fx.rate_year("GBP", 2024), Some(2024));
        assert_eq!(fx.rate_year("USD", 2031), Some(2031));
        assert_eq!(fx.rate_year("CLP", 2024), None);
    }

    #[test]
    fn rates_are_plausible() {
        let fx = Fx::embedded();
        let cur = fx.currencies();
        assert!(cur.len() >= 40, "{cur:?}");
        for c in ["USD", "EUR", "GBP", "CAD", "INR", "CHF", "AUD", "JPY", "PLN", "BRL", "SGD"] {
            assert!(cur.contains(&c), "{c}");
        }
        for year in 2017..=2025 {
            let gbp = fx.usd_per_unit("GBP", year).unwrap();
            let eur = fx.usd_per_unit("EUR", year).unwrap();
            let cad = fx.usd_per_unit("CAD", year).unwrap();
            assert!((1.1..1.45).contains(&gbp), "GBP {year} {gbp}");
            assert!((1.0..1.25).contains(&eur), "EUR {year} {eur}");
            assert!((0.68..0.82).contains(&cad), "CAD {year} {cad}");
            assert!(gbp > eur, "{year}");
        }
    }

    #[test]
    fn parse_reads_every_currency() {
        assert!(Fx::parse().rates.len() >= 40);
    }
}
