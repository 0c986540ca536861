//! Inline SVG charts rendered on the server, so report pages need no
//! JavaScript and no external assets. Each chart is an accessible image
//! (`role="img"` with `<title>` and `<desc>`); the page puts a table with
//! the same figures next to it for readers who cannot see it.
//!
//! Charts draw only what they are given, and callers give only published
//! figures, so a chart can never show a point the floor withholds.

use crate::fmt::{money_short, signed_pct};
use crate::html::escape_html;
use std::fmt::Write;

const INK: &str = "#1f2937";
const MUTED: &str = "#6b7280";
const GRID: &str = "#e5e7eb";
const MAIN: &str = "#2563eb";
const LIGHT: &str = "#bfdbfe";
const DARK: &str = "#1e3a8a";
const NEG: &str = "#c2410c";
const NEG_LIGHT: &str = "#fed7aa";

/// Round tick values covering [lo, hi], about `target` of them (steps of
/// 1, 2 or 5 x 10^k), so axes read in whole numbers.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    // The last tick is the first at or above `hi`, so the axis covers the data.
    let mut out = vec![start];
    while out[out.len() - 1] < hi - step * 1e-9 && out.len() <= 50 {
        out.push(start + step * out.len() as f64);
    }
    out
}

/// Linear map from data to pixels.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn at(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return (self.p0 + self.p1) / 2.0;
        }
        self.p0 + (v - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }
}

fn open(out: &mut String, id: &str, w: f64, h: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="12"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape_html(title),
        escape_html(desc)
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, fill: &str, s: &str) {
    let _ = write!(out, r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" fill="{fill}">{}</text>"#, escape_html(s));
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
    let _ =
        write!(out, r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" stroke-width="{width}"/>"#);
}

fn rect(out: &mut String, x: f64, y: f64, w: f64, h: f64, fill: &str) {
    let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
    let _ = write!(out, r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}"/>"#);
}

/// Horizontal CI whisker with end caps.
fn whisker(out: &mut String, x0: f64, x1: f64, y: f64, stroke: &str) {
    line(out, x0, y, x1, y, stroke, 1.5);
    line(out, x0, y - 5.0, x0, y + 5.0, stroke, 1.5);
    line(out, x1, y - 5.0, x1, y + 5.0, stroke, 1.5);
}

/// Vertical gridlines and labels of a horizontal money axis.
fn x_axis(out: &mut String, s: Scale, ticks: &[f64], top: f64, bottom: f64, label: impl Fn(f64) -> String) {
    for &t in ticks {
        let x = s.at(t);
        line(out, x, top, x, bottom, GRID, 1.0);
        text(out, x, bottom + 14.0, "middle", MUTED, &label(t));
    }
}

/// One published percentile (or the mean) with its interval and the
/// interval's coverage.
pub struct Mark<'a> {
    pub label: &'a str,
    pub value: f64,
    pub ci: Option<[f64; 2]>,
    pub coverage: Option<f64>,
}

/// Pay distribution: a box (p25–p75) with whiskers (p10–p90 when
/// published) and the median, then one row per percentile with its interval,
/// so the uncertainty of each figure is visible where it is read.
pub fn distribution_chart(id: &str, title: &str, marks: &[Mark]) -> String {
    let get = |l: &str| marks.iter().find(|m| m.label == l).map(|m| m.value);
    let (Some(p25), Some(p50), Some(p75)) = (get("p25"), get("p50"), get("p75")) else {
        return String::new();
    };
    let lo = marks.iter().map(|m| m.ci.map_or(m.value, |c| c[0].min(m.value))).fold(f64::INFINITY, f64::min);
    let hi = marks.iter().map(|m| m.ci.map_or(m.value, |c| c[1].max(m.value))).fold(f64::NEG_INFINITY, f64::max);
    let ticks = nice_ticks(lo, hi, 6);
    let (w, left, right) = (640.0, 70.0, 20.0);
    let row = 22.0;
    let box_y = 30.0;
    let rows_top = 80.0;
    let h = rows_top + row * marks.len() as f64 + 30.0;
    let s = Scale { d0: ticks[0].min(lo), d1: ticks.last().copied().unwrap_or(hi).max(hi), p0: left, p1: w - right };
    let desc = marks
        .iter()
        .map(|m| match m.ci {
            Some(c) => format!(
                "{} {} ({} {} to {})",
                m.label,
                money_short(m.value),
                paygrid_engine::labels::interval_label(m.coverage),
                money_short(c[0]),
                money_short(c[1])
            ),
            None => format!("{} {}", m.label, money_short(m.value)),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = String::new();
    open(&mut out, id, w, h, title, &desc);
    x_axis(&mut out, s, &ticks, 10.0, h - 24.0, money_short);
    if let (Some(p10), Some(p90)) = (get("p10"), get("p90")) {
        line(&mut out, s.at(p10), box_y, s.at(p90), box_y, MAIN, 1.5);
        line(&mut out, s.at(p10), box_y - 8.0, s.at(p10), box_y + 8.0, MAIN, 1.5);
        line(&mut out, s.at(p90), box_y - 8.0, s.at(p90), box_y + 8.0, MAIN, 1.5);
    }
    rect(&mut out, s.at(p25), box_y - 14.0, s.at(p75) - s.at(p25), 28.0, LIGHT);
    line(&mut out, s.at(p50), box_y - 14.0, s.at(p50), box_y + 14.0, DARK, 3.0);
    text(&mut out, left - 8.0, box_y + 4.0, "end", INK, "range");
    for (k, m) in marks.iter().enumerate() {
        let y = rows_top + row * k as f64;
        text(&mut out, left - 8.0, y + 4.0, "end", INK, m.label);
        if let Some(c) = m.ci {
            whisker(&mut out, s.at(c[0]), s.at(c[1]), y, MAIN);
        }
        let _ = write!(out, r#"<circle cx="{:.1}" cy="{y:.1}" r="4" fill="{DARK}"/>"#, s.at(m.value));
    }
    out.push_str("</svg>");
    out
}

/// One bar of a bar chart.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub ci: Option<[f64; 2]>,
    pub coverage: Option<f64>,
}

/// Vertical bars from zero with CI whiskers (the level ladder).
pub fn bar_chart(id: &str, title: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let hi = bars.iter().map(|b| b.ci.map_or(b.value, |c| c[1].max(b.value))).fold(0.0, f64::max);
    let ticks = nice_ticks(0.0, hi, 5);
    let (w, h, left, top, bottom) = (640.0, 280.0, 60.0, 24.0, 40.0);
    let ys = Scale { d0: 0.0, d1: ticks.last().copied().unwrap_or(hi).max(hi), p0: h - bottom, p1: top };
    let slot = (w - left - 10.0) / bars.len() as f64;
    let bw = (slot * 0.6).min(80.0);
    let desc = bars
        .iter()
        .map(|b| match b.ci {
            Some(c) => format!(
                "{} {} ({} {} to {})",
                b.label,
                money_short(b.value),
                paygrid_engine::labels::interval_label(b.coverage),
                money_short(c[0]),
                money_short(c[1])
            ),
            None => format!("{} {}", b.label, money_short(b.value)),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = String::new();
    open(&mut out, id, w, h, title, &desc);
    for &t in &ticks {
        let y = ys.at(t);
        line(&mut out, left, y, w - 10.0, y, GRID, 1.0);
        text(&mut out, left - 6.0, y + 4.0, "end", MUTED, &money_short(t));
    }
    for (k, b) in bars.iter().enumerate() {
        let cx = left + slot * (k as f64 + 0.5);
        // A light bar keeps the dark CI whisker on top of it visible.
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="{bw:.1}" height="{:.1}" fill="{LIGHT}" stroke="{MAIN}" stroke-width="1.5"/>"#,
            cx - bw / 2.0,
            ys.at(b.value),
            ys.at(0.0) - ys.at(b.value)
        );
        if let Some(c) = b.ci {
            line(&mut out, cx, ys.at(c[0]), cx, ys.at(c[1]), DARK, 1.5);
            line(&mut out, cx - 6.0, ys.at(c[0]), cx + 6.0, ys.at(c[0]), DARK, 1.5);
            line(&mut out, cx - 6.0, ys.at(c[1]), cx + 6.0, ys.at(c[1]), DARK, 1.5);
        }
        let label_y = ys.at(b.ci.map_or(b.value, |c| c[1].max(b.value))) - 6.0;
        text(&mut out, cx, label_y, "middle", INK, &money_short(b.value));
        text(&mut out, cx, h - bottom + 16.0, "middle", INK, &b.label);
    }
    out.push_str("</svg>");
    out
}

/// One row of a multiplier chart: an effect as a fraction (+0.3 = +30%).
pub struct Effect {
    pub label: String,
    pub effect: f64,
    pub ci: [f64; 2],
}

/// Horizontal bars of "+x% vs national" around a zero line, with CI
/// whiskers; negative effects in a second colour.
pub fn effect_chart(id: &str, title: &str, rows: &[Effect]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let lo = rows.iter().map(|r| r.ci[0].min(r.effect)).fold(0.0, f64::min);
    let hi = rows.iter().map(|r| r.ci[1].max(r.effect)).fold(0.0, f64::max);
    let ticks = nice_ticks(lo, hi, 6);
    let (w, left, right, row) = (720.0, 250.0, 60.0, 26.0);
    let h = 20.0 + row * rows.len() as f64 + 30.0;
    let s = Scale { d0: ticks[0].min(lo), d1: ticks.last().copied().unwrap_or(hi).max(hi), p0: left, p1: w - right };
    let desc = rows
        .iter()
        .map(|r| format!("{} {} (95% CI {} to {})", r.label, signed_pct(r.effect), signed_pct(r.ci[0]), signed_pct(r.ci[1])))
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = String::new();
    open(&mut out, id, w, h, title, &desc);
    x_axis(&mut out, s, &ticks, 10.0, h - 24.0, |t| {
        let v = (t * 100.0).round() + 0.0;
        if v < 0.0 {
            format!("\u{2212}{:.0}%", -v)
        } else if v > 0.0 {
            format!("+{v:.0}%")
        } else {
            "0%".to_string()
        }
    });
    line(&mut out, s.at(0.0), 10.0, s.at(0.0), h - 24.0, MUTED, 1.5);
    for (k, r) in rows.iter().enumerate() {
        let y = 20.0 + row * k as f64 + row / 2.0;
        let (fill, stroke) = if r.effect >= 0.0 { (LIGHT, DARK) } else { (NEG_LIGHT, NEG) };
        rect(&mut out, s.at(0.0), y - 8.0, s.at(r.effect) - s.at(0.0), 16.0, fill);
        whisker(&mut out, s.at(r.ci[0]), s.at(r.ci[1]), y, stroke);
        let _ = write!(out, r#"<circle cx="{:.1}" cy="{y:.1}" r="3.5" fill="{stroke}"/>"#, s.at(r.effect));
        let label: String =
            if r.label.chars().count() > 36 { r.label.chars().take(35).chain(['…']).collect() } else { r.label.clone() };
        text(&mut out, left - 8.0, y + 4.0, "end", INK, &label);
        // Right of everything drawn on the row, the zero line included.
        text(&mut out, s.at(r.ci[1].max(r.effect).max(0.0)) + 8.0, y + 4.0, "start", INK, &signed_pct(r.effect));
    }
    out.push_str("</svg>");
    out
}

/// A projection drawn after the yearly medians.
pub struct ProjectedPoint {
    pub year: i32,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// Yearly medians as a line, then the projection with its interval shaded
/// from the last observed point, the dashed part marking what is not data.
pub fn trend_chart(id: &str, title: &str, points: &[(i32, f64)], projection: Option<&ProjectedPoint>) -> String {
    if points.is_empty() && projection.is_none() {
        return String::new();
    }
    let mut years: Vec<i32> = points.iter().map(|p| p.0).collect();
    years.extend(projection.map(|p| p.year));
    let (y0, y1) = (*years.iter().min().expect("non-empty"), *years.iter().max().expect("non-empty"));
    let vals = points.iter().map(|p| p.1).chain(projection.iter().flat_map(|p| [p.low, p.high, p.value]));
    let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    let pad = ((hi - lo) * 0.15).max(hi * 0.02);
    let ticks = nice_ticks(lo - pad, hi + pad, 5);
    let (w, h, left, right, top, bottom) = (640.0, 260.0, 70.0, 30.0, 20.0, 40.0);
    let xs = Scale { d0: f64::from(y0) - 0.5, d1: f64::from(y1) + 0.5, p0: left, p1: w - right };
    let ys = Scale { d0: ticks[0], d1: *ticks.last().expect("ticks"), p0: h - bottom, p1: top };
    let mut desc: Vec<String> = points.iter().map(|(y, v)| format!("{y} {}", money_short(*v))).collect();
    if let Some(p) = projection {
        desc.push(format!(
            "projected {} {} (95% interval {} to {})",
            p.year,
            money_short(p.value),
            money_short(p.low),
            money_short(p.high)
        ));
    }
    let mut out = String::new();
    open(&mut out, id, w, h, title, &desc.join("; "));
    for &t in &ticks {
        let y = ys.at(t);
        line(&mut out, left, y, w - right, y, GRID, 1.0);
        text(&mut out, left - 6.0, y + 4.0, "end", MUTED, &money_short(t));
    }
    for y in y0..=y1 {
        text(&mut out, xs.at(f64::from(y)), h - bottom + 18.0, "middle", INK, &y.to_string());
    }
    if let Some(p) = projection {
        let (fx, fy) = points.last().map_or((xs.at(f64::from(p.year)), ys.at(p.value)), |l| (xs.at(f64::from(l.0)), ys.at(l.1)));
        let px = xs.at(f64::from(p.year));
        let _ = write!(
            out,
            r#"<polygon points="{fx:.1},{fy:.1} {px:.1},{:.1} {px:.1},{:.1}" fill="{LIGHT}" opacity="0.8"/>"#,
            ys.at(p.high),
            ys.at(p.low)
        );
        line(&mut out, px, ys.at(p.low), px, ys.at(p.high), MAIN, 1.5);
        let _ = write!(
            out,
            r#"<line x1="{fx:.1}" y1="{fy:.1}" x2="{px:.1}" y2="{:.1}" stroke="{MAIN}" stroke-width="2" stroke-dasharray="5 4"/>"#,
            ys.at(p.value)
        );
        let _ = write!(
            out,
            r#"<circle cx="{px:.1}" cy="{:.1}" r="4" fill="white" stroke="{MAIN}" stroke-width="2"/>"#,
            ys.at(p.value)
        );
        // Above the interval, clear of the last observed point's label.
        text(&mut out, px - 6.0, ys.at(p.high) + 4.0, "end", INK, &format!("{} projected", money_short(p.value)));
    }
    if points.len() >= 2 {
        let path: Vec<String> = points.iter().map(|(y, v)| format!("{:.1},{:.1}", xs.at(f64::from(*y)), ys.at(*v))).collect();
        let _ = write!(out, r#"<polyline points="{}" fill="none" stroke="{DARK}" stroke-width="2.5"/>"#, path.join(" "));
    }
    for (y, v) in points {
        let (x, yy) = (xs.at(f64::from(*y)), ys.at(*v));
        let _ = write!(out, r#"<circle cx="{x:.1}" cy="{yy:.1}" r="4" fill="{DARK}"/>"#);
        text(&mut out, x, yy - 10.0, "middle", INK, &money_short(*v));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_ticks(0.0, 100.0, 5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let t = nice_ticks(131_000.0, 356_000.0, 6);
        assert!(t[0] <= 131_000.0 && *t.last().unwrap() >= 356_000.0);
        assert!(t.windows(2).all(|w| (w[1] - w[0] - 50_000.0).abs() < 1e-6), "{t:?}");
        assert_eq!(nice_ticks(5.0, 5.0, 5), vec![5.0]);
    }

    #[test]
    fn charts_are_labelled_and_escaped() {
        let marks = [
            Mark { label: "p25", value: 100.0, ci: Some([90.0, 110.0]), coverage: Some(0.95) },
            Mark { label: "p50", value: 120.0, ci: None, coverage: None },
            Mark { label: "p75", value: 150.0, ci: None, coverage: None },
        ];
        let svg = distribution_chart("d", "Pay <b>", &marks);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"d-title\">Pay &lt;b&gt;</title>"));
        assert!(svg.contains("aria-labelledby=\"d-title d-desc\""));
        let e = effect_chart("m", "t", &[Effect { label: "<script>".into(), effect: -0.1, ci: [-0.2, 0.05] }]);
        assert!(!e.contains("<script>") && e.contains("&lt;script&gt;"));
        assert!(distribution_chart("x", "t", &marks[..1]).is_empty(), "needs the quartiles");
        let t = trend_chart(
            "t",
            "t",
            &[(2023, 100.0), (2024, 110.0)],
            Some(&ProjectedPoint { year: 2025, value: 115.0, low: 105.0, high: 125.0 }),
        );
        assert!(t.contains("polygon") && t.contains("2025"));
    }
}
