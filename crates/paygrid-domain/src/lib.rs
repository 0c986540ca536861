//! paygrid's pure core. Everything here is a function of its arguments plus
//! lookup tables compiled into the binary (`include_str!`); nothing here reads
//! files, the clock, the network or the environment.
//!
//! Principal items: [`Record`] (one normalized pay observation; `Record::example`
//! builds one for tests), [`Level`], [`RoleId`] and the catalogue in [`role`],
//! [`title::normalize_title`], [`geo::Geo`] (free-text place -> country / state /
//! OEWS area), [`money`] (pay periods, exchange rates), [`slug::slugify`].

pub mod geo;
pub mod ladder;
pub mod level;
mod level_words;
pub mod money;
pub mod oflc;
pub mod record;
pub mod role;
pub mod slug;
pub mod title;

pub use level::Level;
pub use record::{Record, SourceKind};
pub use role::RoleId;
