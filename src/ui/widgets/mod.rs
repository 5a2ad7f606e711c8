//! Widgets every step uses: labelled fields ([`fields`]), the map of localities ([`map`]), and
//! what charts share ([`chart`],
//! [`scale`]).

pub mod chart;
pub mod fields;
pub mod map;
pub mod scale;

pub use fields::*;
