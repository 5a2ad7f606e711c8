//! Widgets every step uses: labelled fields ([`fields`]), and what charts share ([`chart`],
//! [`scale`]).

pub mod chart;
pub mod fields;
pub mod scale;

pub use fields::*;
