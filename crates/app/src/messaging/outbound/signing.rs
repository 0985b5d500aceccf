//! Standard Webhooks signing (<https://www.standardwebhooks.com>): the
//! secret is `whsec_` + base64 of random bytes; each attempt sends
//! `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature`,
//! `v1,` + base64 of HMAC-SHA256 over `{id}.{timestamp}.{body}` keyed by
//! the secret's decoded bytes. During a rotation's grace period both
//! secrets sign, space-separated, so receivers can switch at their pace.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The prefix every signing secret carries.
pub const SECRET_PREFIX: &str = "whsec_";
/// Random bytes in a new secret (the spec asks for 24 to 64).
const SECRET_BYTES: usize = 32;

/// A new signing secret, shown to the admin once.
pub fn new_secret() -> String {
    let bytes: [u8; SECRET_BYTES] = rand::random();
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The key bytes of a `whsec_…` secret; `None` when it is not one.
fn secret_key(secret: &str) -> Option<Vec<u8>> {
    STANDARD.decode(secret.strip_prefix(SECRET_PREFIX)?).ok().filter(|key| !key.is_empty())
}

/// The `webhook-signature` header's value for one attempt: one `v1,…`
/// per secret, space-separated. `None` when a stored secret is not a
/// `whsec_` secret (the channel is broken, not the receiver).
pub fn signature_header(secrets: &[&str], webhook_id: &str, timestamp_s: i64, body: &str) -> Option<String> {
    let content = format!("{webhook_id}.{timestamp_s}.{body}");
    let signatures = secrets
        .iter()
        .map(|secret| {
            let mut mac = Hmac::<Sha256>::new_from_slice(&secret_key(secret)?).ok()?;
            mac.update(content.as_bytes());
            Some(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
        })
        .collect::<Option<Vec<_>>>()?;
    (!signatures.is_empty()).then(|| signatures.join(" "))
}

/// A new `webhook-id`: chosen when the event is queued, the same on every
/// attempt so receivers can drop duplicates.
pub fn new_webhook_id() -> String {
    let bytes: [u8; 16] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("msg_{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example in the Standard Webhooks specification's reference
    /// libraries' test suites: secret, id, timestamp and body below sign to
    /// the given value (computed there, not here).
    #[test]
    fn the_specification_example_signs_to_its_published_signature() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = r#"{"test": 2432232314}"#;
        let header = signature_header(&[secret], id, 1614265330, body).unwrap();
        assert_eq!(header, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn two_secrets_give_two_space_separated_signatures_each_alone_valid() {
        let (a, b) = (new_secret(), new_secret());
        let both = signature_header(&[&a, &b], "msg_1", 10, "{}").unwrap();
        let alone_a = signature_header(&[&a], "msg_1", 10, "{}").unwrap();
        let alone_b = signature_header(&[&b], "msg_1", 10, "{}").unwrap();
        assert_eq!(both, format!("{alone_a} {alone_b}"));
        assert_ne!(alone_a, alone_b);
    }

    #[test]
    fn new_secrets_carry_the_prefix_and_enough_random_bytes() {
        let secret = new_secret();
        assert!(secret.starts_with("whsec_"));
        assert!(secret_key(&secret).unwrap().len() >= 24);
        assert_ne!(secret, new_secret());
        assert_eq!(signature_header(&["not-a-secret"], "msg_1", 10, "{}"), None);
    }
}
