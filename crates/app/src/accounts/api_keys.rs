//! API keys: 256 random bits from the operating system, shown once, stored
//! only as a SHA-256 hash. A fast hash is enough because the key itself is
//! unguessable; a slow password hash would only slow every API call.

use rand::TryRngCore;
use sha2::{Digest, Sha256};
use vocal_domain::OrgId;
use vocal_store::{ApiKeyRecord, ApiScope, NewApiKey, Store, StoreResult};

/// Every key starts with this, so secret scanners and people recognise it.
pub const KEY_PREFIX: &str = "vocal_";

/// A new key: the secret to show once and the record stored.
pub struct IssuedKey {
    pub secret: String,
    pub record: ApiKeyRecord,
}

pub fn hash_key(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).expect("the operating system's random source failed");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{KEY_PREFIX}{hex}")
}

pub async fn issue<S: Store>(store: &S, org: OrgId, name: &str, scope: ApiScope) -> StoreResult<IssuedKey> {
    let secret = new_secret();
    let record = store
        .create_api_key(
            org,
            NewApiKey {
                name: name.to_string(),
                scope,
                key_hash: hash_key(&secret),
                prefix: secret[..KEY_PREFIX.len() + 6].to_string(),
            },
        )
        .await?;
    Ok(IssuedKey { secret, record })
}

/// The active key for a presented secret; `None` for unknown or revoked keys alike.
pub async fn authenticate<S: Store>(store: &S, presented: &str) -> StoreResult<Option<ApiKeyRecord>> {
    if !presented.starts_with(KEY_PREFIX) || presented.len() > 200 {
        return Ok(None);
    }
    let record = store.api_key_by_hash(&hash_key(presented)).await?;
    Ok(record.filter(|r| r.revoked_at_ms.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_hash_stably() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a, b);
        assert_eq!(a.len(), KEY_PREFIX.len() + 64, "256 bits as hex");
        // SHA-256("abc"), from FIPS 180-2.
        assert_eq!(hash_key("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
