//! Number formatting for the sentences the engine writes (offer reasoning,
//! projection bases). The report crate and the CLI format with the same
//! functions, so a figure reads the same wherever it appears.

/// Whole US dollars with thousands separators: `$1,234,567`, `−$950`
/// (a true minus sign, as typeset text uses).
pub fn usd(x: f64) -> String {
    let v = x.round() as i64;
    let sign = if v < 0 { "\u{2212}" } else { "" };
    format!("{sign}${}", thousands(v.unsigned_abs()))
}

/// `1234567` -> `1,234,567`.
pub fn thousands(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars() {
        assert_eq!(usd(1_234_567.4), "$1,234,567");
        assert_eq!(usd(999.5), "$1,000");
        assert_eq!(usd(-950.0), "\u{2212}$950");
        assert_eq!(usd(0.0), "$0");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(999), "999");
    }
}
