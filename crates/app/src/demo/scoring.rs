//! From a latent satisfaction to a 0–10 answer, as an ordered-logit model:
//! the latent plus logistic noise picks the band, then a realistic spread
//! within the band (many 10s and 9s; detractors mostly 5–6 with a clump of
//! angry 0s) picks the score. At latent 0 the mix is about 50 % promoters
//! and 20 % detractors, an NPS of +30.

use rand::Rng;
use vocal_domain::Score;

use super::sampling::{logistic, pick_weighted};

/// Above this the customer is a promoter.
const PROMOTER_CUT: f64 = 0.0;
/// Below this a detractor: ln(0.25), so 20 % of answers at latent 0.
const DETRACTOR_CUT: f64 = -1.386;

/// Relative frequency of 0, 1, … 6 among detractors at latent 0.
const DETRACTOR_SPREAD: [f64; 7] = [12.0, 5.0, 7.0, 9.0, 10.0, 25.0, 32.0];

pub fn draw_score(latent: f64, rng: &mut impl Rng) -> Score {
    let answer = latent + logistic(rng);
    let value = if answer > PROMOTER_CUT {
        let share_of_tens = (0.55 + 0.12 * latent).clamp(0.35, 0.75);
        if rng.random::<f64>() < share_of_tens { 10 } else { 9 }
    } else if answer > DETRACTOR_CUT {
        let share_of_eights = (0.58 + 0.08 * latent).clamp(0.40, 0.75);
        if rng.random::<f64>() < share_of_eights { 8 } else { 7 }
    } else {
        // Worse experiences push detractors further down the scale.
        let harshness = (-0.5 * latent).exp();
        let mut weights = DETRACTOR_SPREAD;
        for weight in &mut weights[..4] {
            *weight *= harshness;
        }
        pick_weighted(rng, &weights) as i64
    };
    Score::new(value).expect("drawn scores are 0–10")
}
