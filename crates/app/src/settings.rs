//! Configuration: defaults, then an optional TOML file, then `VOCAL_…`
//! environment variables, then flags (the CLI applies the last two through
//! clap, which reads each flag's variable). Every setting is listed in
//! `docs/configuration.md`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Settings as a TOML file (or flags) may give them; unset values leave the layer below.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub data: Option<PathBuf>,
    pub database_url: Option<String>,
    pub addr: Option<SocketAddr>,
    pub org: Option<String>,
    pub min_n: Option<u64>,
    pub log: Option<String>,
    pub refresh_ms: Option<u64>,
    pub snapshot_secs: Option<u64>,
    pub public_url: Option<String>,
    pub secret_key: Option<String>,
    pub public_rate_per_minute: Option<u32>,
    pub smtp_url: Option<SmtpUrl>,
    pub mail_from: Option<String>,
    /// Single sign-on: the OpenID Connect issuer URL (docs/accounts.md).
    pub oidc_issuer: Option<String>,
    pub oidc_client_id: Option<String>,
    pub oidc_client_secret: Option<String>,
    /// Lets webhooks and SMS gateways reach loopback and private networks.
    pub allow_private_webhooks: Option<bool>,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Option<Vec<crate::proxies::Network>>,
}

/// Where mail goes: `smtp://user:pass@host:587` (STARTTLS required),
/// `smtps://user:pass@host:465` (TLS from the start) or
/// `smtp://host:2525?tls=none` (no encryption, for a local relay). Shown
/// with its password hidden.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct SmtpUrl(pub String);

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

impl std::fmt::Display for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

impl FileSettings {
    /// Reads the TOML file. An explicitly named file must exist;
    /// `./vocal.toml` is read when present; otherwise nothing is set.
    pub fn load(path: Option<&Path>) -> Result<Self, SettingsError> {
        let default_path = Path::new("vocal.toml");
        let path = match path {
            Some(p) => p,
            None if default_path.exists() => default_path,
            None => return Ok(FileSettings::default()),
        };
        let error = |message: String| SettingsError::File { path: path.into(), message };
        let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
        toml::from_str(&text).map_err(|e| error(e.to_string()))
    }
}

/// Where the data lives.
#[derive(Clone, PartialEq, Eq)]
pub enum Backend {
    /// `DIR/vocal.db`.
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Backend::Sqlite(dir) => write!(f, "SQLite in {}", dir.display()),
            Backend::Postgres(url) => write!(f, "PostgreSQL at {}", redact_url(url)),
        }
    }
}

/// The URL with any password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The resolved settings every command runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data: PathBuf,
    pub database_url: Option<String>,
    pub addr: SocketAddr,
    pub org: Option<String>,
    pub min_n: u64,
    pub log: String,
    /// How often a server looks for responses written by other processes.
    pub refresh_ms: u64,
    /// How often a server rewrites the index snapshot when responses arrived.
    pub snapshot_secs: u64,
    /// The address customers reach this server at, for survey links
    /// (`https://nps.example.com`); `http://ADDR` when unset.
    pub public_url: Option<String>,
    /// 64 hex characters sealing invitation tokens; `DATA/secret.key` when unset.
    pub secret_key: Option<String>,
    /// Answers one client may send through a public link per minute.
    pub public_rate_per_minute: u32,
    /// The SMTP server mail is sent through; without one every message
    /// waits in the outbox (docs/email.md).
    pub smtp_url: Option<SmtpUrl>,
    /// The sender of every message, e.g. `Vocal <nps@example.com>`;
    /// required with `smtp_url`.
    pub mail_from: Option<String>,
    /// Single sign-on: the OpenID Connect issuer URL (docs/accounts.md).
    pub oidc_issuer: Option<String>,
    pub oidc_client_id: Option<String>,
    pub oidc_client_secret: Option<String>,
    /// Lets webhook and SMS gateway URLs lead to loopback, private and
    /// link-local addresses (docs/notifications.md): for tests and
    /// on-premise receivers only, since it opens the SSRF guard.
    pub allow_private_webhooks: bool,
    /// The reverse proxies in front of this server (addresses or networks):
    /// from them, the client is read from `X-Forwarded-For` (`proxies`).
    pub trusted_proxies: Vec<crate::proxies::Network>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data: PathBuf::from("vocal-data"),
            database_url: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            org: None,
            min_n: 30,
            log: "info".into(),
            refresh_ms: 500,
            snapshot_secs: 60,
            public_url: None,
            secret_key: None,
            public_rate_per_minute: 20,
            smtp_url: None,
            mail_from: None,
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            allow_private_webhooks: false,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("config file {path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("database URL {0} is not a postgres:// URL (leave it out to use SQLite in the data directory)")]
    Url(String),
}

impl Settings {
    /// Applies every value that is set in `layer`.
    pub fn overlay(self, layer: FileSettings) -> Self {
        Settings {
            data: layer.data.unwrap_or(self.data),
            database_url: layer.database_url.or(self.database_url),
            addr: layer.addr.unwrap_or(self.addr),
            org: layer.org.or(self.org),
            min_n: layer.min_n.unwrap_or(self.min_n),
            log: layer.log.unwrap_or(self.log),
            refresh_ms: layer.refresh_ms.unwrap_or(self.refresh_ms),
            snapshot_secs: layer.snapshot_secs.unwrap_or(self.snapshot_secs),
            public_url: layer.public_url.or(self.public_url),
            secret_key: layer.secret_key.or(self.secret_key),
            public_rate_per_minute: layer.public_rate_per_minute.unwrap_or(self.public_rate_per_minute),
            smtp_url: layer.smtp_url.or(self.smtp_url),
            mail_from: layer.mail_from.or(self.mail_from),
            oidc_issuer: layer.oidc_issuer.or(self.oidc_issuer),
            oidc_client_id: layer.oidc_client_id.or(self.oidc_client_id),
            oidc_client_secret: layer.oidc_client_secret.or(self.oidc_client_secret),
            allow_private_webhooks: layer.allow_private_webhooks.unwrap_or(self.allow_private_webhooks),
            trusted_proxies: layer.trusted_proxies.unwrap_or(self.trusted_proxies),
        }
    }

    pub fn backend(&self) -> Result<Backend, SettingsError> {
        match &self.database_url {
            None => Ok(Backend::Sqlite(self.data.clone())),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Backend::Postgres(url.clone()))
            }
            Some(url) => Err(SettingsError::Url(redact_url(url))),
        }
    }

    /// The base of survey links.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.addr),
        }
    }

    /// The key sealing invitation tokens: the setting, else `DATA/secret.key`.
    pub fn server_secret(&self) -> Result<crate::collect::ServerSecret, crate::collect::tokens::SecretError> {
        match &self.secret_key {
            Some(hex) => crate::collect::ServerSecret::from_hex(hex),
            None => crate::collect::ServerSecret::load_or_create(&self.data),
        }
    }

    /// Where index snapshots are kept (for either backend).
    pub fn snapshot_dir(&self) -> PathBuf {
        self.data.join("index")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact_url("postgres://vocal:s3cret@db:5432/vocal"), "postgres://vocal:***@db:5432/vocal");
        assert_eq!(redact_url("postgres://db/vocal"), "postgres://db/vocal");
        let backend =
            Settings { database_url: Some("postgres://u:pw@h/d".into()), ..Settings::default() }.backend().unwrap();
        assert!(!format!("{backend:?}").contains("pw"));
    }

    #[test]
    fn smtp_passwords_never_reach_messages() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vocal.toml");
        std::fs::write(
            &path,
            "smtp_url = \"smtp://nps%40example.com:hunter2@mail.example.com:587\"\nmail_from = \"Vocal <nps@example.com>\"\n",
        )
        .unwrap();
        let settings = Settings::default().overlay(FileSettings::load(Some(&path)).unwrap());
        assert_eq!(settings.mail_from.as_deref(), Some("Vocal <nps@example.com>"));
        let smtp = settings.smtp_url.clone().unwrap();
        assert_eq!(smtp.0, "smtp://nps%40example.com:hunter2@mail.example.com:587");
        assert_eq!(smtp.to_string(), "smtp://nps%40example.com:***@mail.example.com:587");
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn a_file_overrides_defaults_and_rejects_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vocal.toml");
        std::fs::write(&path, "min_n = 50\naddr = \"0.0.0.0:9000\"\n").unwrap();
        let settings = Settings::default().overlay(FileSettings::load(Some(&path)).unwrap());
        assert_eq!(settings.min_n, 50);
        assert_eq!(settings.addr.port(), 9000);
        assert_eq!(settings.refresh_ms, Settings::default().refresh_ms);
        std::fs::write(&path, "min_sample = 5\n").unwrap();
        let error = FileSettings::load(Some(&path)).unwrap_err().to_string();
        assert!(error.contains("min_sample"), "{error}");
    }
}
