//! Limits on guessing passwords and on asking for reset mails, counted in
//! the database so they hold across every process sharing it.
//!
//! Guessing is stopped per client: a client address with
//! [`MAX_FAILURES_PER_CLIENT`] wrong passwords in [`PASSWORD_WINDOW_MS`] may
//! try no more until the window has passed. An account locks only after
//! [`MAX_FAILURES_PER_ACCOUNT`] wrong passwords in that window — more than
//! one client may make — and unlocks by itself when the window has passed,
//! at once when a reset link is used, and its failures are forgotten when
//! the right password is given. So a stranger needs several addresses to
//! lock someone out at all, and cannot keep them out for long after
//! stopping. Locked or blocked attempts are not evaluated and not counted.
//!
//! An IPv6 client is its /64 (one host usually holds the whole prefix).

use std::net::IpAddr;

use vocal_domain::UserId;
use vocal_store::{AttemptKind, Store, StoreResult};

/// How far back wrong passwords count.
pub const PASSWORD_WINDOW_MS: i64 = 15 * 60_000;
/// Wrong passwords from one client address in the window before it is blocked.
pub const MAX_FAILURES_PER_CLIENT: u64 = 10;
/// Wrong passwords for one account in the window before it locks.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 20;
/// How far back reset requests count.
pub const RESET_WINDOW_MS: i64 = 3_600_000;
/// Reset mails one address gets in the window; later requests send nothing.
pub const MAX_RESETS_PER_ADDRESS: u64 = 3;
/// Reset requests one client address may make in the window.
pub const MAX_RESETS_PER_CLIENT: u64 = 10;

/// What a client is counted as.
pub fn client_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// An attempt that was recorded before it was evaluated (so concurrent ones
/// are counted), or the reason it may not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Go ahead; the id takes the attempt back if it turns out not to count.
    Open(i64),
    Closed,
}

/// Records an attempt of `kind` about `subject`; closed, and taken back, beyond `max` in `window_ms`.
pub async fn enter<S: Store>(
    store: &S,
    kind: AttemptKind,
    subject: &str,
    max: u64,
    window_ms: i64,
    now_ms: i64,
) -> StoreResult<Gate> {
    let (id, count) = store.note_attempt(kind, subject, now_ms, now_ms - window_ms).await?;
    if count > max {
        store.forget_attempt(id).await?;
        return Ok(Gate::Closed);
    }
    Ok(Gate::Open(id))
}

/// A password check from `client`: closed when it has failed too often lately.
pub async fn password_from_client<S: Store>(store: &S, client: IpAddr, now_ms: i64) -> StoreResult<Gate> {
    let subject = client_key(client);
    enter(store, AttemptKind::PasswordFromClient, &subject, MAX_FAILURES_PER_CLIENT, PASSWORD_WINDOW_MS, now_ms).await
}

/// Runs `check` as a password check from `client`, or answers `blocked`
/// when the client failed too often lately. When the database fails midway,
/// the client's attempt is taken back (if it still can be): an outage says
/// nothing against the client.
pub async fn from_client<S, T, Check, Checked>(
    store: &S,
    client: IpAddr,
    now_ms: i64,
    blocked: T,
    check: Check,
) -> StoreResult<T>
where
    S: Store,
    Check: FnOnce(Gate) -> Checked,
    Checked: std::future::Future<Output = StoreResult<T>>,
{
    let gate = password_from_client(store, client, now_ms).await?;
    if gate == Gate::Closed {
        return Ok(blocked);
    }
    let outcome = check(gate).await;
    if outcome.is_err() {
        let _ = not_evaluated(store, gate).await;
    }
    outcome
}

/// A password check for `user`: closed while the account is locked.
pub async fn password_for_account<S: Store>(store: &S, user: UserId, now_ms: i64) -> StoreResult<Gate> {
    let subject = AttemptKind::account(user);
    enter(store, AttemptKind::PasswordForAccount, &subject, MAX_FAILURES_PER_ACCOUNT, PASSWORD_WINDOW_MS, now_ms).await
}

/// Nothing was checked (the account is locked): the client's attempt does not count.
pub async fn not_evaluated<S: Store>(store: &S, client: Gate) -> StoreResult<()> {
    match client {
        Gate::Open(id) => store.forget_attempt(id).await,
        Gate::Closed => Ok(()),
    }
}

/// The right password: this client's attempt and the account's failures do not count.
pub async fn password_was_right<S: Store>(store: &S, client: Gate, user: UserId) -> StoreResult<()> {
    not_evaluated(store, client).await?;
    store.forget_attempts(AttemptKind::PasswordForAccount, &AttemptKind::account(user)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_is_its_ipv4_address_or_its_ipv6_slash_64() {
        let key = |a: &str| client_key(a.parse().unwrap());
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff::9"), key("2001:db8:1:2::1"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
    }
}
