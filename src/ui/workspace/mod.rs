//! The workspace as a whole: its scenarios ([`switcher`]) and its file, saved and opened
//! ([`files`]).

pub mod files;
pub mod switcher;
