//! From token valences to VADER's four figures: the sum, emphasised by "!"
//! and "?", squashed into [−1, 1] (the compound), and the shares of
//! positive, neutral and negative tokens, rounded like the reference.

use std::io::Write;

use crate::text::sentiment::Sentiment;

/// The normalisation's α: about the largest sum expected in practice.
const ALPHA: f64 = 15.0;

pub(super) fn combine(valences: &[f64], text: &str) -> Sentiment {
    if valences.is_empty() {
        return Sentiment { compound: 0.0, positive: 0.0, neutral: 0.0, negative: 0.0 };
    }
    let emphasis = punctuation_emphasis(text);
    let mut sum = valences.iter().fold(0.0, |sum, v| sum + v);
    if sum > 0.0 {
        sum += emphasis;
    } else if sum < 0.0 {
        sum -= emphasis;
    }
    let compound = (sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0);

    // Each rated token counts one more than its valence, so that neutral
    // tokens (which count one) weigh in proportion.
    let (mut positive, mut negative, mut neutral) = (0.0, 0.0, 0_u32);
    for &v in valences {
        if v > 0.0 {
            positive += v + 1.0;
        } else if v < 0.0 {
            negative += v - 1.0;
        } else {
            neutral += 1;
        }
    }
    if positive > -negative {
        positive += emphasis;
    } else if positive < -negative {
        negative -= emphasis;
    }
    let total = positive + negative.abs() + f64::from(neutral);
    Sentiment {
        compound: round(compound, 4),
        positive: round((positive / total).abs(), 3),
        neutral: round((f64::from(neutral) / total).abs(), 3),
        negative: round((negative / total).abs(), 3),
    }
}

/// Each "!" adds 0.292, up to four; two or three "?" add 0.18 each, more
/// than three 0.96 in all; a single "?" adds nothing.
fn punctuation_emphasis(text: &str) -> f64 {
    let count = |mark: u8| text.bytes().filter(|&b| b == mark).count();
    let exclamations = count(b'!').min(4) as f64 * 0.292;
    let questions = match count(b'?') {
        0 | 1 => 0.0,
        n @ 2..=3 => n as f64 * 0.18,
        _ => 0.96,
    };
    exclamations + questions
}

/// Python's `round(x, digits)`: the exact binary value rounded to the
/// nearest decimal, ties to even, read back as the nearest float.
fn round(x: f64, digits: u32) -> f64 {
    let scale = f64::from(10_u32.pow(digits));
    let scaled = x * scale;
    // `scaled` is off the exact product by at most an ulp (about 1e-12
    // here), so unless it lies next to a half the nearest whole number is
    // plain; and dividing two whole floats gives the float nearest the
    // decimal, as Python's reading of it back does.
    if (scaled - scaled.floor() - 0.5).abs() > 1e-6 {
        return scaled.round() / scale;
    }
    round_near_half(x, digits)
}

/// Rust's formatting rounds exactly as Python does, ties to even included,
/// so near a half the value is written out (on the stack) and read back.
fn round_near_half(x: f64, digits: u32) -> f64 {
    let digits = digits as usize;
    let mut buffer = [0_u8; 32];
    let written = {
        let mut out = &mut buffer[..];
        write!(out, "{x:.digits$}").expect("a value in [-1, 1] fits in 32 bytes");
        32 - out.len()
    };
    std::str::from_utf8(&buffer[..written]).ok().and_then(|s| s.parse().ok()).unwrap_or(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_follows_python_ties_to_even_on_the_exact_value() {
        // Python: round(0.03125, 4) == 0.0312, round(0.09375, 4) == 0.0938,
        // round(0.00015, 4) == 0.0001 (0.00015 is stored as 0.000149999…).
        assert_eq!(round(0.03125, 4), 0.0312);
        assert_eq!(round(0.09375, 4), 0.0938);
        assert_eq!(round(0.00015, 4), 0.0001);
        assert_eq!(round(-0.99999, 4), -1.0);
    }

    #[test]
    fn the_quick_rounding_agrees_with_the_exact_one() {
        for i in 0..=200_000 {
            let x = f64::from(i) / 200_000.0;
            for v in [x, -x, x * 0.999_999_7, x / 3.0] {
                assert_eq!(round(v, 4).to_bits(), round_near_half(v, 4).to_bits(), "{v}");
                assert_eq!(round(v, 3).to_bits(), round_near_half(v, 3).to_bits(), "{v}");
            }
        }
    }

    #[test]
    fn question_marks_count_from_the_second_and_exclamations_up_to_four() {
        assert_eq!(punctuation_emphasis("ok?"), 0.0);
        assert_eq!(punctuation_emphasis("ok??"), 2.0 * 0.18);
        assert_eq!(punctuation_emphasis("ok????"), 0.96);
        assert_eq!(punctuation_emphasis("ok!!!!!!"), 4.0 * 0.292);
    }
}
