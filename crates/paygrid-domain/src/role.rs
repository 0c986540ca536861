//! The role catalogue (PRODUCT.md §2). OWNED BY HELPER "titles": interface below is fixed.

use std::fmt;

/// A kebab-case role slug, e.g. `backend-engineer`. Built only through
/// [`RoleId::parse`] / [`slugify`] so every id in the system is a valid slug.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleId(String);

impl RoleId {
    /// Accepts an existing slug (lowercase ascii letters, digits, single '-').
    pub fn parse(s: &str) -> Option<RoleId> {
        let ok = !s.is_empty()
            && s.len() <= 80
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        ok.then(|| RoleId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleDef {
    pub id: &'static str,
    pub name: &'static str,
    /// The family this specialization rolls up to (None for a family root).
    pub parent: Option<&'static str>,
    /// SOC occupation code, e.g. `15-1252`.
    pub soc: &'static str,
}

/// Every known role.
pub fn catalogue() -> &'static [RoleDef] {
    &[]
}

pub fn role_def(id: &str) -> Option<&'static RoleDef> {
    catalogue().iter().find(|r| r.id == id)
}

/// Slug of arbitrary text: lowercase ascii words joined by '-', max 80 chars.
/// Returns `unknown` for text with no letters or digits.
pub fn slugify(text: &str) -> RoleId {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 80 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    RoleId::parse(&out).unwrap_or_else(|| RoleId("unknown".into()))
}
