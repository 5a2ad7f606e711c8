//! What every chart shares: the lot colours. Charts are drawn by hand as SVG (no chart
//! library) from the pure scale maths of [`super::scale`]; each lives with its step
//! (`plan::ladder`, `scenarios::years_chart`, `scenarios::compare_chart`).

/// How many lot colours the palette has (`.plan-lot-0` .. `.plan-lot-7` in `style/plan.css`,
/// Paul Tol's colour-blind-safe "light" scheme, all readable under black text).
pub const LOT_COLOURS: usize = 8;

/// The CSS class that colours lot number `i` (0-based, in plan order).
pub fn lot_class(i: usize) -> String {
    format!("plan-lot-{}", i % LOT_COLOURS)
}
