//! The `smtp_url` setting, read into what the transport needs.

use crate::settings::redact_url;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// `smtp://`: plain connection upgraded with STARTTLS, which the server must offer.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    Implicit,
    /// `smtp://…?tls=none`: no encryption, for a relay on the same host or tests.
    None,
}

/// An SMTP server with its credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    /// User name and password, percent-decoded.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish()
    }
}

impl SmtpConfig {
    /// Reads `smtp://[user:pass@]host[:port][?tls=none|required]` (port 587)
    /// or `smtps://[user:pass@]host[:port]` (port 465). Errors never show the password.
    pub fn parse(text: &str) -> Result<Self, String> {
        let shown = redact_url(text);
        let fail = |why: &str| format!("smtp_url {shown}: {why}");
        let url = url::Url::parse(text).map_err(|e| fail(&e.to_string()))?;
        let (mut tls, default_port) = match url.scheme() {
            "smtp" => (Tls::StartTls, 587),
            "smtps" => (Tls::Implicit, 465),
            _ => return Err(fail("the scheme must be smtp:// (STARTTLS) or smtps:// (TLS)")),
        };
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or_else(|| fail("no host"))?.to_string();
        if !matches!(url.path(), "" | "/") {
            return Err(fail("an SMTP URL has no path"));
        }
        for (key, value) in url.query_pairs() {
            match (key.as_ref(), value.as_ref(), tls) {
                ("tls", "none", Tls::StartTls) => tls = Tls::None,
                ("tls", "required" | "starttls", Tls::StartTls) => {}
                ("tls", "implicit" | "required", Tls::Implicit) => {}
                ("tls", other, _) => {
                    return Err(fail(&format!(
                        "tls={other} is not understood (smtp:// takes tls=required or tls=none; smtps:// is always TLS)"
                    )));
                }
                (other, _, _) => return Err(fail(&format!("unknown parameter {other}"))),
            }
        }
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            (user, password) => Some((decode(user), decode(password.unwrap_or("")))),
        };
        Ok(SmtpConfig { host, port: url.port().unwrap_or(default_port), tls, credentials })
    }
}

/// Undoes percent-encoding (`%40` for `@` in a user name).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_and_tls_parameter_choose_the_protection() {
        let starttls = SmtpConfig::parse("smtp://nps%40example.com:p%3Ass@mail.example.com").unwrap();
        assert_eq!(starttls.host, "mail.example.com");
        assert_eq!(starttls.port, 587);
        assert_eq!(starttls.tls, Tls::StartTls);
        assert_eq!(starttls.credentials, Some(("nps@example.com".into(), "p:ss".into())));

        let implicit = SmtpConfig::parse("smtps://u:p@mail.example.com").unwrap();
        assert_eq!((implicit.port, implicit.tls), (465, Tls::Implicit));

        let local = SmtpConfig::parse("smtp://localhost:2525?tls=none").unwrap();
        assert_eq!(
            (local.host.as_str(), local.port, local.tls, local.credentials),
            ("localhost", 2525, Tls::None, None)
        );
    }

    #[test]
    fn mistakes_are_explained_without_the_password() {
        for (url, expected) in [
            ("http://u:secret@mail.example.com", "scheme"),
            ("smtp://u:secret@mail.example.com?tls=maybe", "tls=maybe"),
            ("smtps://u:secret@mail.example.com?tls=none", "tls=none"),
            ("smtp://u:secret@mail.example.com/inbox", "path"),
        ] {
            let error = SmtpConfig::parse(url).unwrap_err();
            assert!(error.contains(expected), "{error}");
            assert!(!error.contains("secret"), "{error}");
        }
        assert!(!format!("{:?}", SmtpConfig::parse("smtp://u:secret@h").unwrap()).contains("secret"));
    }
}
