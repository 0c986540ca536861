//! Human tables and machine formats for listing commands. Every listing is
//! built once as columns + rows and rendered in the format asked for.

use serde_json::{Map, Value};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Md,
}

/// A listing: typed JSON values per row, rendered as text for tables.
pub struct Listing {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

/// A figure with two faces: formatted text for tables and Markdown
/// ("$110,000", "23.0%"), and its raw number for CSV and JSON (110000,
/// 0.23). Made by [`money`], [`percent`], [`signed_percent`].
fn typed(text: String, raw: Value) -> Value {
    let mut m = Map::new();
    m.insert(TEXT.into(), Value::String(text));
    m.insert(RAW.into(), raw);
    Value::Object(m)
}

const TEXT: &str = "\u{0}text";
const RAW: &str = "\u{0}raw";

fn is_typed(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.len() == 2 && m.contains_key(TEXT) && m.contains_key(RAW))
}

/// Whole dollars: "$110,000" in tables, 110000 in CSV.
pub fn money(x: f64) -> Value {
    typed(paygrid_report::fmt::money(x), serde_json::json!((x * 100.0).round() / 100.0))
}

/// A fraction as a percentage: "23.0%" in tables, 0.23 in CSV.
pub fn percent(x: f64) -> Value {
    typed(paygrid_report::fmt::pct(x), serde_json::json!((x * 1e6).round() / 1e6))
}

/// A signed change: "+20.7%" in tables, 0.207 in CSV.
pub fn signed_percent(x: f64) -> Value {
    typed(paygrid_report::fmt::signed_pct(x), serde_json::json!((x * 1e6).round() / 1e6))
}

/// Any text with the raw value CSV should carry instead.
pub fn with_raw(text: String, raw: Value) -> Value {
    typed(text, raw)
}

/// The value machine formats carry: the raw face of a typed cell.
fn raw(v: &Value) -> Value {
    if is_typed(v) {
        v[RAW].clone()
    } else {
        v.clone()
    }
}

fn cell(v: &Value) -> String {
    if is_typed(v) {
        return cell(&v[TEXT]);
    }
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Listing {
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => {
                let arr: Vec<Value> = self
                    .rows
                    .iter()
                    .map(|r| {
                        Value::Object(self.columns.iter().map(|c| c.to_string()).zip(r.iter().map(raw)).collect::<Map<_, _>>())
                    })
                    .collect();
                serde_json::to_string_pretty(&arr).expect("JSON values serialize") + "\n"
            }
            Format::Csv => {
                let mut out = self.columns.join(",") + "\n";
                for r in &self.rows {
                    out += &r.iter().map(|v| csv_escape(&cell(&raw(v)))).collect::<Vec<_>>().join(",");
                    out.push('\n');
                }
                out
            }
            Format::Md => {
                let mut out = format!("| {} |\n|{}\n", self.columns.join(" | "), "---|".repeat(self.columns.len()));
                for r in &self.rows {
                    let cells: Vec<String> = r.iter().map(|v| cell(v).replace('|', "\\|")).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out
            }
            Format::Table => {
                let texts: Vec<Vec<String>> = self.rows.iter().map(|r| r.iter().map(cell).collect()).collect();
                let mut widths: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
                for r in &texts {
                    for (w, c) in widths.iter_mut().zip(r) {
                        *w = (*w).max(c.chars().count().min(60));
                    }
                }
                let line = |cells: Vec<String>| -> String {
                    let parts: Vec<String> = cells
                        .iter()
                        .zip(&widths)
                        .map(|(c, w)| {
                            let c: String =
                                if c.chars().count() > 60 { c.chars().take(59).chain(['…']).collect() } else { c.clone() };
                            format!("{c:<w$}")
                        })
                        .collect();
                    parts.join("  ").trim_end().to_string() + "\n"
                };
                let mut out = line(self.columns.iter().map(|c| c.to_string()).collect());
                for r in texts {
                    out += &line(r);
                }
                if self.rows.is_empty() {
                    out += "(none)\n";
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn figures_are_text_in_tables_and_numbers_in_csv_and_json() {
        let l = Listing { columns: vec!["median", "share"], rows: vec![vec![money(110_000.0), percent(0.23)]] };
        assert_eq!(l.render(Format::Table), "median    share\n$110,000  23.0%\n");
        assert_eq!(l.render(Format::Csv), "median,share\n110000.0,0.23\n");
        let v: Value = serde_json::from_str(&l.render(Format::Json)).unwrap();
        assert_eq!(v, json!([{"median": 110000.0, "share": 0.23}]));
    }

    #[test]
    fn renders_every_format() {
        let l = Listing { columns: vec!["kind", "n"], rows: vec![vec![json!("a,b"), json!(3)]] };
        assert_eq!(l.render(Format::Csv), "kind,n\n\"a,b\",3\n");
        assert_eq!(l.render(Format::Md), "| kind | n |\n|---|---|\n| a,b | 3 |\n");
        assert_eq!(l.render(Format::Table), "kind  n\na,b   3\n");
        let v: Value = serde_json::from_str(&l.render(Format::Json)).unwrap();
        assert_eq!(v, json!([{"kind": "a,b", "n": 3}]));
    }
}
