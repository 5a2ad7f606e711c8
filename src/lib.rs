//! # Lotwise
//!
//! A procurement segmentation planner: it divides a public service into tender lots that the
//! market can prudently bid for. This crate is the planning core, in four layers, each of
//! which may use only the layers before it (`docs/architecture.md`; `tests/architecture.rs`
//! refuses an import that points the other way):
//!
//! 1. [`base`]: errors with a path and a sentence, money, and the words every sentence needs;
//! 2. [`model`]: the workspace document (scenarios, axes, suppliers, capacity, rules), its
//!    validation, its one way to edit ([`model::edit::Edit`]) and its file formats;
//! 3. [`plan`]: the lot problem of `LOT-MODEL.md`, lowering a scenario to it, the solver,
//!    award and robust checks;
//! 4. [`views`]: the figures and sentences panels, reports and exports show.
//!
//! The browser user interface (`ui`) sits on top and is compiled only with the `app`
//! feature (Trunk turns it on); without it nothing here links Yew, gloo or web-sys, which is
//! how the `lotwise` command line and the native tests are built.
//!
//! # Example
//! ```
//! use lotwise::model::Workspace;
//! use lotwise::plan::{lower::lower_active, solver};
//!
//! let problem = lower_active(&Workspace::default_workspace())?;
//! let plan = solver::solve(&problem, &solver::Options::default());
//! assert_eq!(plan.num_lots, Some(13));
//! # Ok::<_, lotwise::base::error::Issues>(())
//! ```

pub mod base;
pub mod model;
pub mod plan;
pub mod views;

#[cfg(feature = "app")]
pub mod ui;
