//! The one mapping from an error the client cannot fix to HTTP, shared by
//! the JSON API, the app's pages and the survey pages.
//!
//! A handler turns such an error into a [`Fault`] (503 when the database is
//! unavailable, 500 for everything else: corrupt data, bugs, a failed
//! hash) and answers with [`Fault::respond`]. The [`answer_faults`]
//! middleware then logs the detail with the request's id and replaces the
//! body with its surface's fixed message and that id — it is the one place
//! that knows both, so no handler has to carry the id around and no
//! internal text can reach a client.

use std::fmt::Display;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vocal_store::StoreError;

/// The header carrying each request's id, in the request and the response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Seconds a client is asked to wait before retrying a 503: a database
/// that was busy, restarted or briefly read-only is usually back by then.
pub const RETRY_AFTER_SECS: &str = "5";

/// Whether retrying later may help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// The database (or what the request depends on) did not answer: 503.
    Unavailable,
    /// Anything else unexpected — a bug, corrupt data: 500.
    Internal,
}

/// An error that is the server's, not the client's; its detail is for the log only.
#[derive(Debug)]
pub struct Fault {
    kind: FaultKind,
    detail: String,
}

/// Which family of pages answers, so the body looks like its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Api,
    AppPage,
    SurveyPage,
}

/// Carried from [`Fault::respond`] to [`answer_faults`] on the response.
#[derive(Debug, Clone)]
struct Pending {
    kind: FaultKind,
    surface: Surface,
    detail: Arc<str>,
}

impl Fault {
    pub fn internal(detail: impl Display) -> Self {
        Fault { kind: FaultKind::Internal, detail: detail.to_string() }
    }

    pub fn unavailable(detail: impl Display) -> Self {
        Fault { kind: FaultKind::Unavailable, detail: detail.to_string() }
    }

    pub fn kind(&self) -> FaultKind {
        self.kind
    }

    pub fn status(&self) -> StatusCode {
        Self::status_of(self.kind)
    }

    pub fn status_of(kind: FaultKind) -> StatusCode {
        match kind {
            FaultKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            FaultKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The status with a plain fixed body; [`answer_faults`] logs it and
    /// gives it the surface's look and the request id.
    pub fn respond(self, surface: Surface) -> Response {
        let status = self.status();
        let pending = Pending { kind: self.kind, surface, detail: self.detail.into() };
        let mut response = (status, fixed_message(self.kind)).into_response();
        response.extensions_mut().insert(pending);
        response
    }
}

/// The only words about a fault a client ever sees (besides the request id).
pub fn fixed_message(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::Unavailable => "service unavailable",
        FaultKind::Internal => "internal error",
    }
}

/// Only `Unavailable` is worth a retry; every other variant (present or to
/// come) is unexpected here: callers that expect `NotFound` or `Conflict`
/// match it before converting.
impl From<StoreError> for Fault {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(detail) => Fault::unavailable(format!("database unavailable: {detail}")),
            other => Fault::internal(other),
        }
    }
}

impl From<vocal_app::live_index::IndexError> for Fault {
    fn from(error: vocal_app::live_index::IndexError) -> Self {
        match error {
            vocal_app::live_index::IndexError::Store(store) => store.into(),
            other => Fault::internal(other),
        }
    }
}

impl From<vocal_app::accounts::users::AccountError> for Fault {
    fn from(error: vocal_app::accounts::users::AccountError) -> Self {
        match error {
            vocal_app::accounts::users::AccountError::Store(store) => store.into(),
            other => Fault::internal(other),
        }
    }
}

impl From<vocal_app::accounts::links::LinkError> for Fault {
    fn from(error: vocal_app::accounts::links::LinkError) -> Self {
        match error {
            vocal_app::accounts::links::LinkError::Store(store) => store.into(),
            vocal_app::accounts::links::LinkError::Mail(mail) => mail.into(),
            other => Fault::internal(other),
        }
    }
}

impl From<vocal_app::messaging::email::MailError> for Fault {
    fn from(error: vocal_app::messaging::email::MailError) -> Self {
        match error {
            vocal_app::messaging::email::MailError::Store(store) => store.into(),
            other => Fault::internal(other),
        }
    }
}

impl From<vocal_app::surveys::apply::ApplyError> for Fault {
    fn from(error: vocal_app::surveys::apply::ApplyError) -> Self {
        match error {
            vocal_app::surveys::apply::ApplyError::Store(store) => store.into(),
            other => Fault::internal(other),
        }
    }
}

/// Only what the page did not already answer (invalid input, not found)
/// reaches here; the store or index behind it decides 503 or 500.
impl From<vocal_app::accounts::api_keys::KeyError> for Fault {
    fn from(error: vocal_app::accounts::api_keys::KeyError) -> Self {
        match error {
            vocal_app::accounts::api_keys::KeyError::Store(store) => store.into(),
            other => Fault::internal(other),
        }
    }
}

impl From<vocal_app::organisation::units::UnitError> for Fault {
    fn from(error: vocal_app::organisation::units::UnitError) -> Self {
        use vocal_app::organisation::units::UnitError;
        match error {
            UnitError::Store(store) => store.into(),
            UnitError::Index(index) => index.into(),
            other => Fault::internal(other),
        }
    }
}

/// A session that could not be read or written: 503 when its database did
/// not answer (marked by `session::store`), 500 otherwise.
impl From<tower_sessions::session::Error> for Fault {
    fn from(error: tower_sessions::session::Error) -> Self {
        use tower_sessions::session::Error;
        use tower_sessions::session_store::Error as StoreError;
        match &error {
            Error::Store(StoreError::Backend(message)) if message.starts_with(crate::session::UNAVAILABLE) => {
                Fault::unavailable(error)
            }
            _ => Fault::internal(error),
        }
    }
}

/// Errors that are a bug or broken data whenever they reach a handler's `?`.
macro_rules! always_internal {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for Fault {
            fn from(error: $error) -> Self {
                Fault::internal(error)
            }
        }
    )*};
}

always_internal!(
    vocal_domain::QueryError,
    vocal_app::accounts::passwords::PasswordError,
    serde_json::Error,
    std::io::Error
);

/// Logs every fault with its request id and detail, and gives the client
/// its surface's fixed message with that id. Sits inside the request-id
/// layers, so the id is always there.
pub async fn answer_faults(request: Request, next: Next) -> Response {
    let request_id = request_id_of(request.headers());
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let accept_language = request.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let mut response = next.run(request).await;
    let Some(pending) = response.extensions_mut().remove::<Pending>() else {
        return response;
    };
    let status = Fault::status_of(pending.kind);
    match pending.kind {
        FaultKind::Unavailable => {
            tracing::warn!(%request_id, %method, %path, status = status.as_u16(), detail = %pending.detail, "unavailable")
        }
        FaultKind::Internal => {
            tracing::error!(%request_id, %method, %path, status = status.as_u16(), detail = %pending.detail, "internal error")
        }
    }
    let rendered = match pending.surface {
        Surface::Api => crate::error::fault_json(pending.kind, &request_id),
        Surface::AppPage => crate::ui::errors::fault_page(pending.kind, &request_id),
        Surface::SurveyPage => {
            let mut headers = HeaderMap::new();
            if let Some(value) = accept_language {
                headers.insert(header::ACCEPT_LANGUAGE, value);
            }
            crate::survey_routes::fault_notice(pending.kind, &request_id, &headers)
        }
    };
    // Keep what layers inside added (a session cookie); the rendered page's
    // own headers (its type, its Content-Security-Policy) win.
    let (mut parts, _) = response.into_parts();
    let (rendered, body) = rendered.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    for name in rendered.headers.keys() {
        parts.headers.remove(name);
    }
    for (name, value) in &rendered.headers {
        parts.headers.append(name, value.clone());
    }
    parts.status = status;
    if pending.kind == FaultKind::Unavailable {
        parts.headers.insert(header::RETRY_AFTER, header::HeaderValue::from_static(RETRY_AFTER_SECS));
    }
    Response::from_parts(parts, body)
}

fn request_id_of(headers: &HeaderMap) -> String {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| "unknown".to_owned())
}
