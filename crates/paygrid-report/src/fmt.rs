//! Number formatting shared by every sentence, table and chart, so a figure
//! reads the same in the overview, the FAQ and the JSON-adjacent text (the
//! tests compare them as strings).

/// Whole dollars with thousands separators: `$190,150`.
pub fn money(x: f64) -> String {
    paygrid_engine::text::usd(x)
}

/// A difference in dollars with its sign: `+$12,300`, `−$4,000`.
pub fn signed_money(x: f64) -> String {
    if x.round() >= 0.0 {
        format!("+{}", money(x))
    } else {
        money(x)
    }
}

/// `2,778`.
pub fn count(n: usize) -> String {
    thousands(n as u64)
}

fn thousands(v: u64) -> String {
    paygrid_engine::text::thousands(v)
}

/// A fraction as a percentage with one decimal: 0.738 -> `73.8%`.
pub fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A change as a signed percentage: `+20.7%`, `−3.1%` (a true minus sign).
pub fn signed_pct(x: f64) -> String {
    // + 0.0 turns a rounded −0.0 into 0.0, which would print as "+-0.0%".
    let v = (x * 1000.0).round() / 10.0 + 0.0;
    if v < 0.0 {
        format!("\u{2212}{:.1}%", -v)
    } else {
        format!("+{v:.1}%")
    }
}

/// `$165,000–$210,000`.
pub fn money_range(ci: [f64; 2]) -> String {
    format!("{}\u{2013}{}", money(ci[0]), money(ci[1]))
}

/// An interval named by what it is: `95% CI $165,000–$210,000` when its
/// coverage reaches 95%, else `72% interval $98,000–$196,000`; one whose
/// ends are equal adds that it reflects rounded data, not certainty.
pub fn interval(ci: [f64; 2], coverage: Option<f64>) -> String {
    let t = format!("{} {}", paygrid_engine::labels::interval_label(coverage), money_range(ci));
    if ci[0] == ci[1] {
        format!("{t}, as {}", paygrid_engine::labels::zero_width_note(ci[0]))
    } else {
        t
    }
}

/// `$190,150 (95% CI $165,000–$210,000)` (see [`interval`] for the name),
/// or the bare figure without a CI.
pub fn money_ci(v: f64, ci: Option<[f64; 2]>, coverage: Option<f64>) -> String {
    match ci {
        Some(ci) => format!("{} ({})", money(v), interval(ci, coverage)),
        None => money(v),
    }
}

/// `$190,150 (95% CI $165,000–$210,000, n = 62)`.
pub fn money_ci_n(v: f64, ci: Option<[f64; 2]>, coverage: Option<f64>, n: usize) -> String {
    match ci {
        Some(ci) => format!("{} ({}; n = {})", money(v), interval(ci, coverage), count(n)),
        None => format!("{} (n = {})", money(v), count(n)),
    }
}

/// `+20.7% (95% CI +12.0% to +30.1%)`.
pub fn pct_ci(v: f64, ci: [f64; 2]) -> String {
    format!("{} (95% CI {} to {})", signed_pct(v), signed_pct(ci[0]), signed_pct(ci[1]))
}

/// A p-value: two decimals, three below 0.01, `< 0.001` below that.
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else if p < 0.01 {
        format!("{p:.3}")
    } else {
        format!("{p:.2}")
    }
}

/// Compact axis label: `$190k`, `$1.2M`.
pub fn money_short(x: f64) -> String {
    let a = x.abs();
    if a >= 1_000_000.0 {
        format!("${:.1}M", x / 1_000_000.0)
    } else if a >= 1_000.0 {
        format!("${:.0}k", x / 1_000.0)
    } else {
        format!("${x:.0}")
    }
}

/// Joins phrases as prose: "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// First letter upper-cased, for sentences that start with a data value.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(money(190_150.4), "$190,150");
        assert_eq!(money(999.5), "$1,000");
        assert_eq!(money(-4000.0), "\u{2212}$4,000");
        assert_eq!(signed_money(12_300.0), "+$12,300");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(pct(0.738), "73.8%");
        assert_eq!(signed_pct(0.2071), "+20.7%");
        assert_eq!(signed_pct(-0.031), "\u{2212}3.1%");
        assert_eq!(signed_pct(-0.0001), "+0.0%");
        assert_eq!(money_ci(1.0, Some([0.0, 2.0]), Some(0.95)), "$1 (95% CI $0\u{2013}$2)");
        assert_eq!(money_ci(1.0, Some([0.0, 2.0]), Some(0.7176)), "$1 (72% interval $0\u{2013}$2)");
        assert_eq!(
            money_ci_n(5.0, Some([5.0, 5.0]), Some(0.96), 7),
            "$5 (95% CI $5\u{2013}$5, as many records report exactly $5: the interval reflects rounded data, not certainty; n = 7)"
        );
        assert_eq!(money_short(190_000.0), "$190k");
        assert_eq!(money_short(1_250_000.0), "$1.2M");
        assert_eq!(join_and(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(capitalize("large"), "Large");
    }
}
