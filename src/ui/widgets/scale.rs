//! Scale maths for the SVG charts (pure, tested natively): map a value domain onto a pixel
//! range, pick round tick values, and label money ticks in £m.

/// A mapping from data values to pixels, with round tick values.
pub trait Scale {
    /// The pixel position of `v` (values outside the domain are clamped to its ends).
    fn apply(&self, v: f64) -> f64;
    /// Round values inside the domain to mark on an axis, ascending.
    fn ticks(&self) -> Vec<f64>;
}

/// Finite and above zero (false for NaN).
fn positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}

/// Both finite and `b` above `a` (false for NaN).
fn increasing(a: f64, b: f64) -> bool {
    a.is_finite() && b.is_finite() && b > a
}

/// A straight-line scale from `domain` to `range`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearScale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
    /// At most this many ticks.
    pub max_ticks: usize,
}

impl LinearScale {
    /// From 0 to a round value at or above the largest of `values` (1 when there are none).
    pub fn from_zero(values: impl IntoIterator<Item = f64>, range: (f64, f64), max_ticks: usize) -> LinearScale {
        let max = values.into_iter().filter(|v| v.is_finite()).fold(0.0, f64::max);
        let max_ticks = max_ticks.max(2);
        let top = if max > 0.0 {
            let step = nice_step(max / (max_ticks - 1) as f64);
            (max / step).ceil() * step
        } else {
            1.0
        };
        LinearScale { domain: (0.0, top), range, max_ticks }
    }
}

impl Scale for LinearScale {
    fn apply(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if !increasing(d0, d1) || !v.is_finite() {
            return r0;
        }
        let t = ((v - d0) / (d1 - d0)).clamp(0.0, 1.0);
        r0 + t * (r1 - r0)
    }

    fn ticks(&self) -> Vec<f64> {
        let (d0, d1) = self.domain;
        if !increasing(d0, d1) {
            return Vec::new();
        }
        let mut step = nice_step((d1 - d0) / (self.max_ticks.max(2) - 1) as f64);
        // nice_step rounds up, so the count fits; guard anyway.
        while ((d1 - d0) / step).floor() as usize + 1 > self.max_ticks.max(2) {
            step = nice_step(step * 1.01);
        }
        let first = (d0 / step).ceil() as i64;
        let last = (d1 / step + 1e-9).floor() as i64;
        (first..=last).map(|i| i as f64 * step).collect()
    }
}

/// The smallest of 1, 2, 5 × 10^n at or above `raw` (`raw` > 0).
pub fn nice_step(raw: f64) -> f64 {
    if !positive(raw) {
        return 1.0;
    }
    let decade = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * decade >= raw * (1.0 - 1e-9) {
            return m * decade;
        }
    }
    10.0 * decade
}

/// A logarithmic scale (for money spanning several orders of magnitude).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogScale {
    /// Both ends > 0.
    pub domain: (f64, f64),
    pub range: (f64, f64),
    pub max_ticks: usize,
}

impl LogScale {
    /// A domain from a round value at or below the smallest positive value to one at or above
    /// the largest (1-2-5 steps), so every value fits. `None` without positive values.
    pub fn covering(values: impl IntoIterator<Item = f64>, range: (f64, f64), max_ticks: usize) -> Option<LogScale> {
        let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
        for v in values.into_iter().filter(|v| v.is_finite() && *v > 0.0) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !positive(hi) {
            return None;
        }
        let (d0, mut d1) = (round_down_125(lo), nice_step(hi));
        if d1 <= d0 {
            d1 = nice_step(d0 * 1.5);
        }
        Some(LogScale { domain: (d0, d1), range, max_ticks })
    }
}

/// The largest of 1, 2, 5 × 10^n at or below `v` (`v` > 0).
pub fn round_down_125(v: f64) -> f64 {
    if !positive(v) {
        return 1.0;
    }
    let decade = 10f64.powf(v.log10().floor());
    for m in [5.0, 2.0, 1.0] {
        if m * decade <= v * (1.0 + 1e-9) {
            return m * decade;
        }
    }
    decade
}

impl Scale for LogScale {
    fn apply(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if !(positive(d0) && increasing(d0, d1) && v > 0.0) {
            return r0;
        }
        let t = ((v.ln() - d0.ln()) / (d1.ln() - d0.ln())).clamp(0.0, 1.0);
        r0 + t * (r1 - r0)
    }

    fn ticks(&self) -> Vec<f64> {
        let (d0, d1) = self.domain;
        if !(positive(d0) && increasing(d0, d1)) {
            return Vec::new();
        }
        let max = self.max_ticks.max(2);
        let (e0, e1) = (d0.log10().floor() as i32, d1.log10().ceil() as i32);
        // Try 1-2-5 in every decade, then 1-3, then only powers of ten, then every other power.
        for mantissas in [&[1.0, 2.0, 5.0][..], &[1.0, 3.0][..], &[1.0][..]] {
            let ticks: Vec<f64> = (e0..=e1)
                .flat_map(|e| mantissas.iter().map(move |m| m * 10f64.powi(e)))
                .filter(|v| *v >= d0 * (1.0 - 1e-9) && *v <= d1 * (1.0 + 1e-9))
                .collect();
            if ticks.len() <= max {
                return ticks;
            }
        }
        let every = ((e1 - e0) as usize).div_ceil(max - 1).max(1);
        (e0..=e1)
            .step_by(every)
            .map(|e| 10f64.powi(e))
            .filter(|v| *v >= d0 * (1.0 - 1e-9) && *v <= d1 * (1.0 + 1e-9))
            .collect()
    }
}

/// A percentage tick for a share `v` on an axis whose ticks are `step` apart: as many decimals
/// as the step needs, so neighbouring ticks never read alike (`0.2%`, `0.4%`, not `0%`, `0%`).
///
/// # Example
/// ```
/// use lotwise::ui::widgets::scale::percent_tick;
/// assert_eq!(percent_tick(0.25, 0.05), "25%");
/// assert_eq!(percent_tick(0.004, 0.002), "0.4%");
/// assert_eq!(percent_tick(0.00025, 0.00005), "0.025%");
/// assert_eq!(percent_tick(-0.1, 0.05), "-10%");
/// ```
pub fn percent_tick(v: f64, step: f64) -> String {
    let step = (step * 100.0).abs();
    let decimals = if step > 0.0 && step < 1.0 { (-step.log10()).ceil().min(6.0) as usize } else { 0 };
    let text = format!("{:.*}", decimals, v * 100.0 + 0.0);
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    format!("{}%", if text == "-0" { "0" } else { &text })
}

/// A money tick in millions of pounds, as short as it can be: `£0.5m`, `£2m`, `£120m`.
pub fn money_tick(v: f64) -> String {
    let m = v / 1e6;
    let text = if m >= 1.0 || m == 0.0 { format!("{m:.1}") } else { format!("{:.3}", m) };
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    format!("£{text}m")
}

#[cfg(test)]
mod percent_tests {
    use super::*;

    #[test]
    fn neighbouring_percent_ticks_never_read_alike_at_any_scale() {
        for hi in [0.0003, 0.004, 0.03, 0.25, 1.0, 7.5] {
            let scale = LinearScale { domain: (0.0, hi), range: (100.0, 0.0), max_ticks: 6 };
            let ticks = scale.ticks();
            assert!(ticks.len() >= 2, "{hi}");
            let step = ticks[1] - ticks[0];
            let labels: Vec<String> = ticks.iter().map(|&t| percent_tick(t, step)).collect();
            let unique: std::collections::BTreeSet<&String> = labels.iter().collect();
            assert_eq!(unique.len(), labels.len(), "{hi}: {labels:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn nice_steps_round_up_to_1_2_5() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(6.0), 10.0);
        assert!(close(nice_step(420_000.0), 500_000.0));
        assert_eq!(round_down_125(650_000.0), 500_000.0);
        assert_eq!(round_down_125(190_000.0), 100_000.0);
        assert_eq!(round_down_125(2_000_000.0), 2_000_000.0);
    }

    #[test]
    fn linear_scale_maps_and_clamps() {
        let s = LinearScale { domain: (0.0, 10.0), range: (100.0, 300.0), max_ticks: 6 };
        assert_eq!(s.apply(0.0), 100.0);
        assert_eq!(s.apply(5.0), 200.0);
        assert_eq!(s.apply(10.0), 300.0);
        assert_eq!(s.apply(-3.0), 100.0);
        assert_eq!(s.apply(99.0), 300.0);
        assert_eq!(s.apply(f64::NAN), 100.0);
        assert_eq!(s.ticks(), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    }

    #[test]
    fn linear_scale_from_zero_covers_the_values() {
        let s = LinearScale::from_zero([3.7e6, 1.2e6, 0.6e6], (0.0, 500.0), 6);
        assert_eq!(s.domain.0, 0.0);
        assert!(s.domain.1 >= 3.7e6 && s.domain.1 <= 5e6, "{:?}", s.domain);
        let ticks = s.ticks();
        assert!(ticks.len() <= 6 && ticks.len() >= 3, "{ticks:?}");
        assert!(ticks.windows(2).all(|w| w[1] > w[0]));
        assert_eq!(LinearScale::from_zero([], (0.0, 1.0), 5).domain, (0.0, 1.0));
    }

    #[test]
    fn log_scale_maps_decades_evenly() {
        let s = LogScale { domain: (1e5, 1e8), range: (0.0, 300.0), max_ticks: 12 };
        assert!(close(s.apply(1e5), 0.0));
        assert!(close(s.apply(1e6), 100.0));
        assert!(close(s.apply(1e7), 200.0));
        assert!(close(s.apply(1e8), 300.0));
        assert_eq!(s.apply(0.0), 0.0, "non-positive values sit at the start");
        assert!(close(s.apply(1e12), 300.0));
        let ticks = s.ticks();
        assert_eq!(ticks.len(), 10, "1-2-5 per decade: {ticks:?}");
        assert!(close(ticks[0], 1e5) && close(ticks[9], 1e8));
    }

    #[test]
    fn log_scale_thins_its_ticks() {
        let s = LogScale { domain: (1e5, 1e8), range: (0.0, 300.0), max_ticks: 7 };
        let t = s.ticks();
        assert_eq!(t.len(), 7, "1-3 per decade: {t:?}");
        let s = LogScale { domain: (1e5, 1e8), range: (0.0, 300.0), max_ticks: 4 };
        assert_eq!(s.ticks().len(), 4);
        let s = LogScale { domain: (1.0, 1e12), range: (0.0, 300.0), max_ticks: 4 };
        let t = s.ticks();
        assert!(t.len() <= 4 && t.len() >= 2, "{t:?}");
    }

    #[test]
    fn log_scale_covering_fits_every_value() {
        let values = [657_237.0, 3_990_884.0, 2_524_728.0, 115_996_000.0];
        let s = LogScale::covering(values, (0.0, 100.0), 10).unwrap();
        assert_eq!(s.domain.0, 500_000.0);
        assert!(close(s.domain.1, 200_000_000.0));
        for v in values {
            let x = s.apply(v);
            assert!(x > 0.0 && x < 100.0, "{v} -> {x}");
        }
        assert!(LogScale::covering([0.0, -1.0, f64::NAN], (0.0, 1.0), 5).is_none());
        let one = LogScale::covering([2e6], (0.0, 1.0), 5).unwrap();
        assert!(one.domain.1 > one.domain.0);
    }

    #[test]
    fn money_ticks_read_in_millions() {
        assert_eq!(money_tick(500_000.0), "£0.5m");
        assert_eq!(money_tick(200_000.0), "£0.2m");
        assert_eq!(money_tick(2_000_000.0), "£2m");
        assert_eq!(money_tick(2_500_000.0), "£2.5m");
        assert_eq!(money_tick(100_000_000.0), "£100m");
        assert_eq!(money_tick(0.0), "£0m");
        assert_eq!(money_tick(50_000.0), "£0.05m");
    }
}
