//! # Lotwise
//!
//! A procurement segmentation planner: it divides a public service into tender lots that the
//! market can prudently bid for. This crate is the planning core (no UI code): the workspace
//! model, balance-sheet capacity, lowering to the lot problem of `LOT-MODEL.md`, and an exact
//! lot solver built on `good_lp` with the pure-Rust `microlp` backend, so it runs natively and
//! in the browser alike.

pub mod error;
pub mod money;
pub mod problem;
pub mod solution;
pub mod solver;
pub mod worker_protocol;
pub mod ui;
pub mod model;
pub mod award;
pub mod capacity;
pub mod lower;
pub mod report;
pub mod projection;
pub mod robust;
pub mod compare;
pub mod export;
pub mod generate;
