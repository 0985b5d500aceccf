//! Small draws the generator makes many times, written to allocate nothing.

use rand::Rng;

/// An index drawn with probability proportional to its weight.
pub fn pick_weighted(rng: &mut impl Rng, weights: &[f64]) -> usize {
    draw_index(rng, weights.iter().copied())
}

/// A value from `(value, weight)` pairs, drawn in proportion to the weights.
pub fn pick_pair<T: Copy>(rng: &mut impl Rng, pairs: &[(T, f64)]) -> T {
    pick_by(rng, pairs, |&(_, w)| w).0
}

/// An item drawn in proportion to the weight `weight` gives it.
pub fn pick_by<'a, T>(rng: &mut impl Rng, items: &'a [T], weight: impl Fn(&T) -> f64) -> &'a T {
    &items[draw_index(rng, items.iter().map(&weight))]
}

fn draw_index(rng: &mut impl Rng, weights: impl Iterator<Item = f64> + Clone) -> usize {
    let total: f64 = weights.clone().sum();
    let mut remaining = rng.random::<f64>() * total;
    let mut last = 0;
    for (index, weight) in weights.enumerate() {
        if weight > 0.0 {
            if remaining < weight {
                return index;
            }
            remaining -= weight;
            last = index;
        }
    }
    last // rounding left a sliver: the last positive weight takes it
}

/// A standard normal draw (Box–Muller); `rand` alone has no normal distribution.
pub fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A standard logistic draw: the noise of an ordered-logit model.
pub fn logistic(rng: &mut impl Rng) -> f64 {
    let u = rng.random::<f64>().clamp(1e-12, 1.0 - 1e-12);
    (u / (1.0 - u)).ln()
}
