//! Who is signed in: server-side sessions (tower-sessions on our database)
//! and the extractors pages use to get the user and their [`Scope`].

mod store;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use vocal_app::accounts::scope::Scope;
use vocal_domain::Role;
use vocal_store::{Store, User};

use crate::server::App;
pub use store::{DatabaseSessions, SIGNED_IN, SignedInAs};
pub(crate) use store::{UNAVAILABLE, id_hash};

/// How long a session lasts after it last changed (sign-in).
pub const SESSION_DAYS: i64 = 7;

/// The session cookie: HttpOnly and SameSite=Lax (so a link in an email
/// arrives signed in); `__Host-` and Secure when the public URL is https.
pub fn layer<S: Store>(store: S, secure: bool) -> SessionManagerLayer<DatabaseSessions<S>> {
    let name = if secure { "__Host-vocal_session" } else { "vocal_session" };
    SessionManagerLayer::new(DatabaseSessions(store))
        .with_name(name)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::days(SESSION_DAYS)))
}

/// The signed-in user of a page, with what they may see.
pub struct CurrentUser {
    pub user: User,
    pub scope: Scope,
    pub session: Session,
    /// Served over TLS (the public URL is https).
    pub secure: bool,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }
}

/// Not signed in: off to the sign-in page, coming back here afterwards.
pub struct SignInFirst(String);

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        let next = url_escape(&self.0);
        Redirect::to(&format!("/sign-in?next={next}")).into_response()
    }
}

fn url_escape(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

impl<S: Store> FromRequestParts<App<S>> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App<S>) -> Result<Self, Self::Rejection> {
        let back = parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
        let session =
            Session::from_request_parts(parts, app).await.map_err(|_| SignInFirst(back.clone()).into_response())?;
        let signed_in: Option<SignedInAs> = match session.get(SIGNED_IN).await {
            Ok(signed_in) => signed_in,
            // A value of another shape (an older release's) signs nobody in.
            Err(tower_sessions::session::Error::SerdeJson(_)) => None,
            // The session could not be read: not a reason to ask for a password.
            Err(error) => return Err(crate::ui::errors::server_error(error)),
        };
        let Some(signed_in) = signed_in else {
            return Err(SignInFirst(back).into_response());
        };
        let user = match app.store.user(signed_in.org, signed_in.user).await {
            Ok(Some(user)) if !user.disabled => user,
            Ok(_) => {
                let _ = session.flush().await;
                return Err(SignInFirst(back).into_response());
            }
            Err(error) => return Err(crate::ui::errors::server_error(error)),
        };
        Ok(CurrentUser { scope: Scope::of(&user), user, session, secure: app.secure() })
    }
}

/// An admin, for settings pages; anyone else gets the same 404 as for a
/// page that does not exist.
pub struct Admin(pub CurrentUser);

impl<S: Store> FromRequestParts<App<S>> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App<S>) -> Result<Self, Self::Rejection> {
        let current = CurrentUser::from_request_parts(parts, app).await?;
        if current.is_admin() { Ok(Admin(current)) } else { Err(crate::ui::errors::not_found()) }
    }
}
