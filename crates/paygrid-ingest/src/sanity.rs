//! The sanity range for annual pay in USD (docs/import-format.md,
//! "Validation"). Its floor depends on the country: a single floor high
//! enough to catch a US salary typed per month also rejected ordinary
//! developer pay in India, Nigeria or Pakistan, and so raised those
//! countries' medians by excluding their lower half. Implausible values
//! that pass a low floor are left to the outlier rule of
//! docs/methodology.md (3 IQR on ln pay within role x level x country).
//!
//! Shared by every importer and by any check of a pay figure a person
//! types (offers), so that both accept and refuse the same amounts.

use paygrid_domain::geo::Geo;
use std::fmt;

/// The US federal minimum wage, $7.25 an hour (unchanged since July
/// 2009, so it holds for every year of the data), for a full-time year of
/// 2,080 hours. Below it a US figure is not the pay of a full-time job.
pub const US_FLOOR: f64 = 15_080.0;

/// Every country but the US, and records whose country is unknown. Under
/// any full-time developer pay anywhere, and about the statutory
/// full-time minimum of the lowest-wage economies (India's national floor
/// wage, ₹178 a day since 2019, is about $650 a year). In the Stack
/// Overflow 2025 sample every figure under it is a few units of currency
/// (50 INR, 500 JPY, 20 USD a year), while the lowest figures above it are
/// ordinary entry pay in low-wage countries (₹4.2 lakh a year in India).
pub const GLOBAL_FLOOR: f64 = 1_000.0;

/// The same for every country: above it a figure is a typo or not pay.
pub const CEILING: f64 = 5_000_000.0;

/// Bounds of the sanity range, annual USD, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PayBounds {
    pub min: f64,
    pub max: f64,
}

/// The sanity range for a country: ISO 3166-1 code or name, as on a
/// record. `None`, or a country paygrid cannot resolve, gets the floor of
/// every country but the US.
pub fn pay_bounds(country: Option<&str>) -> PayBounds {
    PayBounds { min: if is_us(country) { US_FLOOR } else { GLOBAL_FLOOR }, max: CEILING }
}

fn is_us(country: Option<&str>) -> bool {
    country.and_then(|c| Geo::embedded().country_code(c)) == Some("US")
}

/// Why an annual amount is outside its sanity range.
#[derive(Debug, Clone, PartialEq)]
pub struct OutOfRange {
    pub amount: f64,
    pub bounds: PayBounds,
    /// What the bounds are, for the message: where the floor comes from.
    pub basis: String,
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.0} USD/year is outside the sanity range [{:.0}, {:.0}] {}",
            self.amount, self.bounds.min, self.bounds.max, self.basis
        )
    }
}

impl std::error::Error for OutOfRange {}

/// Whether `amount_usd` (annual USD) is plausible pay in `country` (ISO
/// code or name; `None` when unknown), and why not.
pub fn check_annual_pay(amount_usd: f64, country: Option<&str>) -> Result<(), OutOfRange> {
    check(amount_usd, pay_bounds(country), basis(country))
}

/// Where the floor for `country` comes from, for messages.
pub(crate) fn basis(country: Option<&str>) -> &'static str {
    if is_us(country) {
        "for the US (floor: the federal minimum wage full time, $7.25 x 2,080 hours)"
    } else {
        "for records outside the US (floor: under any full-time pay; docs/import-format.md)"
    }
}

pub(crate) fn check(amount_usd: f64, bounds: PayBounds, basis: &str) -> Result<(), OutOfRange> {
    // Written so that NaN is out of range too.
    if amount_usd >= bounds.min && amount_usd <= bounds.max {
        Ok(())
    } else {
        Err(OutOfRange { amount: amount_usd, bounds, basis: basis.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_depends_on_the_country() {
        assert_eq!(pay_bounds(Some("US")).min, 15_080.0);
        assert_eq!(pay_bounds(Some("United States of America")).min, 15_080.0);
        assert_eq!(pay_bounds(Some("IN")).min, 1_000.0);
        assert_eq!(pay_bounds(Some("India")).min, 1_000.0);
        assert_eq!(pay_bounds(None).min, 1_000.0);
        assert_eq!(pay_bounds(Some("Atlantis")).min, 1_000.0);
        assert_eq!(pay_bounds(Some("US")).max, 5_000_000.0);
    }

    #[test]
    fn plausible_low_wages_pass_and_absurd_ones_say_why() {
        // ₹4.2 lakh a year, an Indian entry salary of 2025 (about $4,900).
        assert!(check_annual_pay(4_882.0, Some("IN")).is_ok());
        assert!(check_annual_pay(4_882.0, None).is_ok());
        let us = check_annual_pay(4_882.0, Some("US")).unwrap_err();
        assert!(us.to_string().contains("[15080, 5000000]") && us.to_string().contains("federal minimum"), "{us}");
        let five = check_annual_pay(5.0, Some("IN")).unwrap_err();
        assert_eq!(five.to_string(), "5 USD/year is outside the sanity range [1000, 5000000] for records outside the US (floor: under any full-time pay; docs/import-format.md)");
        assert!(check_annual_pay(5_000_001.0, Some("IN")).is_err());
        assert!(check_annual_pay(f64::NAN, Some("IN")).is_err());
        assert!(check_annual_pay(15_080.0, Some("US")).is_ok() && check_annual_pay(1_000.0, None).is_ok());
    }
}
