//! The workspace as a whole: its scenarios ([`switcher`]), its file, saved and opened
//! ([`files`]), whether it is saved in the browser ([`saving`]), the versions to go back to
//! ([`versions`]), and share links ([`link`]).

pub mod files;
pub mod link;
pub mod saving;
pub mod switcher;
pub mod versions;
