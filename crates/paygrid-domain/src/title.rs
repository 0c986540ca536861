//! Job title -> role + level. OWNED BY HELPER "titles": interface below is fixed.

use crate::level::Level;
use crate::role::{slugify, RoleId};

/// Extra fields a source gives beside the title, used to decide role and level.
#[derive(Debug, Clone, Copy, Default)]
pub struct TitleHints<'a> {
    pub company: Option<&'a str>,
    /// Company-specific level, e.g. Google `L5`, Microsoft `62`, Amazon `SDE II`.
    pub company_level: Option<&'a str>,
    /// Source's specialization field: Levels.fyi `tag`, e.g. "Distributed Systems (Back-End)".
    pub specialization: Option<&'a str>,
    /// A source's own level column: `EN/MI/SE/EX` or a generic level word.
    pub level_text: Option<&'a str>,
    pub years_experience: Option<f64>,
}

/// How the level was decided (reported, and used to weigh evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelSource {
    LevelText,
    CompanyLadder,
    Title,
    Years,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMatch {
    pub role: RoleId,
    pub level: Option<Level>,
    pub level_source: LevelSource,
    /// False when the title is not in the catalogue and `role` is its own slug.
    pub known: bool,
}

pub fn normalize_title(title: &str, _hints: &TitleHints<'_>) -> TitleMatch {
    TitleMatch { role: slugify(title), level: None, level_source: LevelSource::None, known: false }
}
