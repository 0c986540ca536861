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

fn cell(v: &Value) -> String {
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
                        Value::Object(self.columns.iter().map(|c| c.to_string()).zip(r.iter().cloned()).collect::<Map<_, _>>())
                    })
                    .collect();
                serde_json::to_string_pretty(&arr).expect("JSON values serialize") + "\n"
            }
            Format::Csv => {
                let mut out = self.columns.join(",") + "\n";
                for r in &self.rows {
                    out += &r.iter().map(|v| csv_escape(&cell(v))).collect::<Vec<_>>().join(",");
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
    fn renders_every_format() {
        let l = Listing { columns: vec!["kind", "n"], rows: vec![vec![json!("a,b"), json!(3)]] };
        assert_eq!(l.render(Format::Csv), "kind,n\n\"a,b\",3\n");
        assert_eq!(l.render(Format::Md), "| kind | n |\n|---|---|\n| a,b | 3 |\n");
        assert_eq!(l.render(Format::Table), "kind  n\na,b   3\n");
        let v: Value = serde_json::from_str(&l.render(Format::Json)).unwrap();
        assert_eq!(v, json!([{"kind": "a,b", "n": 3}]));
    }
}
