//! The bottom layer: what every other layer uses and nothing in Lotwise is below.
//!
//! - [`error`]: problems with a path and a sentence ([`error::Issues`]);
//! - [`money`]: amounts in pounds, read, checked and written one way everywhere;
//! - [`text`]: the small words and numbers every sentence needs (plurals, percentages,
//!   seconds, CSV cells).
//!
//! May import: nothing of Lotwise's.

pub mod error;
pub mod money;
pub mod sort;
pub mod text;
