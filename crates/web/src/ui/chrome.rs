//! What every page of the app shares: the header with the navigation a
//! role has, the CSP nonce, and the response headers (a CSP with nonces and
//! `object-src 'none'`, no framing, `nosniff`, HSTS behind TLS).

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use vocal_domain::Role;
use vocal_store::User;

use crate::session::CurrentUser;

/// Changes when the assets do, so browsers may cache them for long.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

pub struct NavItem {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
    /// A number shown with the label (the user's open cases).
    pub count: Option<u64>,
}

/// The page frame's data; templates extending `app/base.html` have a `chrome` field.
pub struct Chrome {
    pub nonce: String,
    pub user: Option<User>,
    pub nav: Vec<NavItem>,
    pub asset_version: &'static str,
    /// Served over TLS: add HSTS.
    pub secure: bool,
}

/// Which part of the app a page belongs to, to mark it in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Why,
    Agents,
    Cases,
    Settings,
    None,
}

impl Chrome {
    pub fn signed_in(current: &CurrentUser, section: Section) -> Chrome {
        let item =
            |href: &str, label, of| NavItem { href: href.to_string(), label, current: section == of, count: None };
        // An agent's page is theirs, and named so; others see the board.
        let agents = match (current.user.role, current.user.agent_id) {
            (Role::Agent, Some(agent)) => item(&format!("/agents/{}", agent.0), "My coaching", Section::Agents),
            _ => item("/agents", "Agents", Section::Agents),
        };
        let mut nav =
            vec![item("/dashboard", "Dashboard", Section::Dashboard), item("/why", "Why", Section::Why), agents];
        if super::cases::role_sees_cases(current.user.role) {
            nav.push(item("/cases", "Cases", Section::Cases));
        }
        if current.user.role == Role::Admin {
            nav.push(item("/admin", "Settings", Section::Settings));
        }
        Chrome {
            nonce: vocal_app::collect::tokens::nonce(),
            user: Some(current.user.clone()),
            nav,
            asset_version: ASSET_VERSION,
            secure: current.secure,
        }
    }

    /// Shows the user's open cases by the Cases entry (pages that counted them).
    pub fn with_open_cases(mut self, open: u64) -> Chrome {
        if let Some(item) = self.nav.iter_mut().find(|item| item.href == "/cases") {
            item.count = Some(open);
        }
        self
    }

    pub fn signed_out(secure: bool) -> Chrome {
        let nonce = vocal_app::collect::tokens::nonce();
        Chrome { nonce, user: None, nav: Vec::new(), asset_version: ASSET_VERSION, secure }
    }
}

/// Renders a page of the app with its headers.
pub fn render(status: StatusCode, template: &impl Template, chrome: &Chrome) -> Response {
    match template.render() {
        Ok(html) => with_headers((status, html).into_response(), &chrome.nonce, chrome.secure),
        Err(error) => {
            tracing::error!(%error, "a page failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be shown.").into_response()
        }
    }
}

pub fn with_headers(response: Response, nonce: &str, secure: bool) -> Response {
    let csp = format!(
        "default-src 'none'; style-src 'self'; script-src 'self' 'nonce-{nonce}'; img-src 'self' data:; \
         connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    );
    let mut response = crate::page::with_page_headers(response, &csp);
    if secure {
        response
            .headers_mut()
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    response
}
