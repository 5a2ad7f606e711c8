//! The plan layer: the solver's contract and everything that decides lots.
//!
//! - [`problem`] and [`solution`]: the lot problem and solution JSON of `LOT-MODEL.md`;
//! - [`lower`]: a workspace scenario turned into a lot problem;
//! - [`solver`]: the exact lot solver, its search for large problems and its diagnoses;
//! - [`alternatives`]: plans with a few more lots and no provider above a share of the value;
//! - [`award`]: whether the market can deliver every lot at once (rule R6);
//! - [`parallel`]: one problem solved as independent parts on several workers, and merged;
//! - [`robust`]: a plan checked in every scenario and contract year;
//! - [`stress`]: who picks up a failed provider's lots, and which lots it strands;
//! - [`saved`]: a workspace saved with its plans;
//! - [`worker`]: the messages between the page and the solve worker;
//! - [`generate`]: county-size problems for tests and benchmarks.
//!
//! May import: [`crate::base`], [`crate::model`].

pub mod alternatives;
pub mod award;
pub mod generate;
pub mod lower;
pub mod parallel;
pub mod problem;
pub mod robust;
pub mod saved;
pub mod solution;
pub mod solver;
pub mod stress;
pub mod worker;
