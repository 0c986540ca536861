//! Pay periods and currency conversion (PRODUCT.md §3). OWNED BY HELPER "geo": interface below is fixed.

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

/// Yearly average USD-per-unit rates, compiled in.
pub struct Fx {}

impl Fx {
    pub fn embedded() -> &'static Fx {
        static FX: std::sync::OnceLock<Fx> = std::sync::OnceLock::new();
        FX.get_or_init(|| Fx {})
    }

    /// USD per one unit of `currency` (ISO 4217) averaged over `year`.
    /// `USD` is always 1.0. `None`: no rate for that currency (a rejected row, not a guess).
    /// A year outside the table's range uses the nearest year that has a rate.
    pub fn usd_per_unit(&self, currency: &str, _year: i32) -> Option<f64> {
        (currency.trim().eq_ignore_ascii_case("USD")).then_some(1.0)
    }

    /// The table's source, shown by `paygrid sources` and the methodology page.
    pub fn source_note(&self) -> &'static str {
        "European Central Bank euro foreign exchange reference rates (yearly averages)"
    }
}
