//! When a failed attempt is tried again: exponential backoff with jitter,
//! so a server that was down is not met by every waiting job at once.

/// The delay after the first failure.
pub const FIRST_DELAY_MS: i64 = 30_000;
/// No delay is longer than this.
pub const MAX_DELAY_MS: i64 = 3_600_000;

/// The delay before the attempt after `attempts` failed ones (1 for the
/// first failure): `FIRST_DELAY_MS · 2^(attempts−1)`, at most
/// `MAX_DELAY_MS`, of which a random part is taken away ("equal jitter"):
/// with `jitter` in `[0, 1)`, the delay is in `[d/2, d)`.
pub fn retry_delay_ms(attempts: i64, jitter: f64) -> i64 {
    let doublings = attempts.saturating_sub(1).clamp(0, 20) as u32;
    let full = FIRST_DELAY_MS.saturating_mul(1 << doublings).min(MAX_DELAY_MS);
    let jitter = jitter.clamp(0.0, 1.0);
    full / 2 + ((full / 2) as f64 * jitter) as i64
}

/// [`retry_delay_ms`] with a fresh random jitter.
pub fn random_retry_delay_ms(attempts: i64) -> i64 {
    retry_delay_ms(attempts, rand::random::<f64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_from_thirty_seconds_up_to_an_hour() {
        // Without jitter taken away (jitter → 1), the full delay: worked by hand.
        let full: Vec<i64> = (1..=9).map(|n| retry_delay_ms(n, 1.0)).collect();
        assert_eq!(full, vec![30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
        assert_eq!(retry_delay_ms(1, 0.0), 15_000, "at least half of it");
        assert_eq!(retry_delay_ms(1_000_000, 0.5), 2_700_000, "no overflow far out");
        assert_eq!(retry_delay_ms(0, 0.0), 15_000, "as the first");
    }

    #[test]
    fn random_delays_stay_within_half_and_all_of_the_full_delay() {
        for attempts in 1..=12 {
            let full = retry_delay_ms(attempts, 1.0);
            for _ in 0..200 {
                let delay = random_retry_delay_ms(attempts);
                assert!(delay >= full / 2 && delay <= full, "{attempts}: {delay} not in [{}, {full}]", full / 2);
            }
        }
    }
}
