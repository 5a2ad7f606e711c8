//! Small SVG charts for the plan panel, drawn by hand (no chart library): pure scale maths in
//! [`scale`], components that lay out SVG from it.

pub mod compare;
pub mod ladder;
pub mod scale;
pub mod years;

/// How many lot colours the palette has (`.plan-lot-0` .. `.plan-lot-7` in `style/plan.css`,
/// Paul Tol's colour-blind-safe "light" scheme, all readable under black text).
pub const LOT_COLOURS: usize = 8;

/// The CSS class that colours lot number `i` (0-based, in plan order).
pub fn lot_class(i: usize) -> String {
    format!("plan-lot-{}", i % LOT_COLOURS)
}
