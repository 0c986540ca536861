//! The canonical level ladder of PRODUCT.md §2.

use std::fmt;

/// Canonical seniority level. Order is the ladder order for individual
/// contributors, followed by the management track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Entry,
    Mid,
    Senior,
    Staff,
    Principal,
    Manager,
    Executive,
}

impl Level {
    pub const ALL: [Level; 7] = [
        Level::Entry,
        Level::Mid,
        Level::Senior,
        Level::Staff,
        Level::Principal,
        Level::Manager,
        Level::Executive,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Level::Entry => "entry",
            Level::Mid => "mid",
            Level::Senior => "senior",
            Level::Staff => "staff",
            Level::Principal => "principal",
            Level::Manager => "manager",
            Level::Executive => "executive",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Entry => "Entry",
            Level::Mid => "Mid",
            Level::Senior => "Senior",
            Level::Staff => "Staff",
            Level::Principal => "Principal",
            Level::Manager => "Manager",
            Level::Executive => "Executive",
        }
    }

    /// Parses a canonical slug (as stored and as typed on the command line).
    pub fn from_slug(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.slug() == s.trim().to_ascii_lowercase())
    }

    /// Index in `ALL`; stable, used as a compact column code.
    pub fn index(self) -> u8 {
        self as u8
    }

    pub fn from_index(i: u8) -> Option<Level> {
        Level::ALL.get(i as usize).copied()
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}
