//! Invitation tokens: 144 random bits from the operating system, carried in
//! the survey link. The database keeps only their SHA-256 (to find the
//! invitation) and a copy sealed with the server's secret key (so the API
//! can show an invitation's links again): a copy of the database alone
//! opens no survey. Tokens never reach a log.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use rand::TryRngCore;
use sha2::{Digest, Sha256};

const TOKEN_BYTES: usize = 18;

/// A token as it appears in a link: 24 URL-safe characters.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    pub fn generate() -> Self {
        let mut bytes = [0u8; TOKEN_BYTES];
        rand::rngs::OsRng.try_fill_bytes(&mut bytes).expect("the operating system's random source failed");
        Token(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Any text from a URL path; a malformed one simply matches nothing.
    pub fn from_path(text: &str) -> Self {
        Token(text.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

/// A fresh random value for a page's Content-Security-Policy nonce.
pub fn nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).expect("the operating system's random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The server's secret key: from the `secret_key` setting, else from
/// `DATA/secret.key`, created on first use. Processes sharing a database
/// must share it to show each other's links again.
#[derive(Clone)]
pub struct ServerSecret([u8; 32]);

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("secret_key must be 64 hexadecimal characters")]
    Malformed,
    #[error("secret key file {path}: {error}")]
    File { path: String, error: std::io::Error },
}

impl ServerSecret {
    pub fn from_hex(text: &str) -> Result<Self, SecretError> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SecretError::Malformed);
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| SecretError::Malformed)?;
        }
        Ok(ServerSecret(key))
    }

    /// Reads `dir/secret.key`, writing a new random key (readable by the owner only) when missing.
    pub fn load_or_create(dir: &Path) -> Result<Self, SecretError> {
        let path = dir.join("secret.key");
        let error = |error| SecretError::File { path: path.display().to_string(), error };
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_hex(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir).map_err(error)?;
                let mut key = [0u8; 32];
                rand::rngs::OsRng.try_fill_bytes(&mut key).expect("the operating system's random source failed");
                let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
                write_private(&path, &hex).map_err(error)?;
                Ok(ServerSecret(key))
            }
            Err(e) => Err(error(e)),
        }
    }

    fn keystream(&self, token_hash: &[u8; 32]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"vocal invitation token seal\0");
        mac.update(token_hash);
        mac.finalize().into_bytes().into()
    }

    /// The token encrypted for storage (a one-time pad from HMAC of its hash).
    pub fn seal(&self, token: &Token) -> Vec<u8> {
        let stream = self.keystream(&token.hash());
        token.0.as_bytes().iter().zip(stream.iter().cycle()).map(|(t, k)| t ^ k).collect()
    }

    /// The token back, or `None` when it was sealed with another key.
    pub fn unseal(&self, seal: &[u8], token_hash: &[u8; 32]) -> Option<Token> {
        let stream = self.keystream(token_hash);
        let bytes: Vec<u8> = seal.iter().zip(stream.iter().cycle()).map(|(s, k)| s ^ k).collect();
        let token = Token(String::from_utf8(bytes).ok()?);
        (token.hash() == *token_hash).then_some(token)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_url_safe() {
        let a = Token::generate();
        let b = Token::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 24, "18 bytes = 144 bits in base64url");
        assert!(a.as_str().bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert!(!format!("{a:?}").contains(a.as_str()), "Debug must not print the token");
    }

    #[test]
    fn a_seal_opens_only_with_its_key() {
        let key = ServerSecret([7; 32]);
        let token = Token::generate();
        let seal = key.seal(&token);
        assert_ne!(seal, token.as_str().as_bytes());
        assert_eq!(key.unseal(&seal, &token.hash()), Some(token.clone()));
        assert_eq!(ServerSecret([8; 32]).unseal(&seal, &token.hash()), None);
    }

    #[test]
    fn the_key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = ServerSecret::load_or_create(dir.path()).unwrap();
        let again = ServerSecret::load_or_create(dir.path()).unwrap();
        assert_eq!(first.0, again.0);
        assert!(matches!(ServerSecret::from_hex("abc"), Err(SecretError::Malformed)));
    }
}
