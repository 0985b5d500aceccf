//! Passwords: argon2id with 19 MiB of memory, two passes, one lane (the
//! OWASP minimum), each hashed off the async runtime because one hash takes
//! tens of milliseconds of CPU. Only the PHC string (`$argon2id$v=19$m=19456,
//! t=2,p=1$salt$hash`) is stored.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

/// The shortest password accepted; long passphrases are welcome.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longer input only costs hashing time.
pub const MAX_PASSWORD_CHARS: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("a password may have at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("hashing the password failed: {0}")]
    Hashing(String),
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("fixed argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks the length rules, then hashes with a fresh random salt.
pub async fn hash_password(password: String) -> Result<String, PasswordError> {
    match password.chars().count() {
        n if n < MIN_PASSWORD_CHARS => return Err(PasswordError::TooShort),
        n if n > MAX_PASSWORD_CHARS => return Err(PasswordError::TooLong),
        _ => {}
    }
    tokio::task::spawn_blocking(move || {
        hasher()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| PasswordError::Hashing(e.to_string()))
    })
    .await
    .map_err(|e| PasswordError::Hashing(e.to_string()))?
}

/// Whether `password` matches the stored PHC string (false for a malformed one).
pub async fn verify_password(password: String, stored: String) -> bool {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return false;
    }
    tokio::task::spawn_blocking(move || hasher().verify_password(password.as_bytes(), stored.as_str()).is_ok())
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_19_mib_t2_p1_salted_and_verify() {
        let first = hash_password("correct horse battery".into()).await.unwrap();
        let second = hash_password("correct horse battery".into()).await.unwrap();
        assert!(first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{first}");
        assert_ne!(first, second, "a fresh salt each time");
        assert!(verify_password("correct horse battery".into(), first.clone()).await);
        assert!(!verify_password("correct horse battery!".into(), first).await);
        assert!(!verify_password("anything at all".into(), "not a hash".into()).await);
    }

    #[tokio::test]
    async fn short_and_huge_passwords_are_refused() {
        assert!(matches!(hash_password("short".into()).await, Err(PasswordError::TooShort)));
        assert!(matches!(hash_password("x".repeat(1_001)).await, Err(PasswordError::TooLong)));
    }
}
