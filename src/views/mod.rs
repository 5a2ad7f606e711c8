//! The views layer: the figures and sentences panels, reports and exports show, computed from
//! the model and a plan, with no UI code. Everything here is tested natively.
//!
//! - [`alternatives`]: plans that trade a few more lots for a healthier market, in words;
//! - [`report`]: summary figures of a plan and where each finding is fixed;
//! - [`compare`]: scenarios side by side, years and robust plans in words;
//! - [`export`]: a plan as CSV, XLSX and an OCDS release;
//! - [`map`]: the localities drawn from their boundaries, or a schematic of their borders, and each one's lots;
//! - [`market`]: whether a plan concentrates the market or opens it (HHI, shares);
//! - [`procurement`]: what the chosen law asks, contract values and conditions per lot, the
//!   draft reasons for the lots;
//! - [`regional`]: a regional plan by authority: each one's share of every lot and of the plan;
//! - [`why`]: why each lot has its shape, and who can bid for none.
//!
//! May import: [`crate::base`], [`crate::model`], [`crate::plan`].

pub mod alternatives;
pub mod compare;
pub mod export;
pub mod map;
pub mod market;
pub mod procurement;
pub mod regional;
pub mod report;
pub mod why;
