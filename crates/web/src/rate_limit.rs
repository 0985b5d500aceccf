//! A per-client limit on anonymous answers (public links), so a script
//! cannot flood a survey. Clients are told apart by their IP address as
//! the connection shows it; behind a proxy every client shares the
//! proxy's address, so the limit must then be raised (see
//! docs/collection.md).

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct ClientLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl ClientLimiter {
    /// `per_minute` answers a minute, with bursts of up to that many; 0 turns the limit off.
    pub fn per_minute(per_minute: u32) -> Self {
        let rate = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MAX);
        ClientLimiter { limiter: RateLimiter::keyed(Quota::per_minute(rate).allow_burst(rate)) }
    }

    /// Whether this client may send one more answer now.
    pub fn allow(&self, client: IpAddr) -> bool {
        self.limiter.check_key(&client).is_ok()
    }

    /// Drops clients that have not been seen lately, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_is_limited_without_limiting_others() {
        let limiter = ClientLimiter::per_minute(3);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        assert_eq!((0..5).filter(|_| limiter.allow(a)).count(), 3);
        assert!(limiter.allow(b));
    }
}
