//! API keys: 256 random bits from the operating system, shown once, stored
//! only as a SHA-256 hash. A fast hash is enough because the key itself is
//! unguessable; a slow password hash would only slow every API call.
//! An admin's [`create_key`] and [`revoke_key`] also write the audit entry.

use rand::TryRngCore;
use sha2::{Digest, Sha256};
use vocal_domain::OrgId;
use vocal_store::{ApiKeyRecord, ApiScope, NewApiKey, Store, StoreError, StoreResult, User};

use crate::organisation::{audit, one_line_name};

/// Longer names do not fit the keys table.
pub const MAX_KEY_NAME: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The name is refused; the message is for the person.
    #[error("name: {0}")]
    InvalidName(String),
    #[error("no such key in this organisation")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What revoking came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    Now,
    /// It was revoked before: nothing changed or logged.
    Already,
}

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

/// An admin makes a key named `name`: checked, issued, and logged
/// (`api_key.create`, with its scope and prefix, never the secret).
pub async fn create_key<S: Store>(store: &S, actor: &User, name: &str, scope: ApiScope) -> Result<IssuedKey, KeyError> {
    let name = one_line_name(name, MAX_KEY_NAME).map_err(KeyError::InvalidName)?;
    let issued = issue(store, actor.org_id, &name, scope).await?;
    let detail = format!("(none) → {} key {}…", scope.as_str(), issued.record.prefix);
    audit::record(store, actor, "api_key.create", name, detail).await?;
    Ok(issued)
}

/// An admin revokes key `id` of their organisation, logged as `api_key.revoke`.
pub async fn revoke_key<S: Store>(store: &S, actor: &User, id: i64) -> Result<Revoked, KeyError> {
    let keys = store.list_api_keys(actor.org_id).await?;
    let key = keys.into_iter().find(|k| k.id == id).ok_or(KeyError::NotFound)?;
    if !store.revoke_api_key(actor.org_id, key.id).await? {
        return Ok(Revoked::Already);
    }
    let subject = format!("{} ({}…)", key.name, key.prefix);
    audit::record(store, actor, "api_key.revoke", subject, "active → revoked").await?;
    Ok(Revoked::Now)
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
