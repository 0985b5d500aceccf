//! Single sign-on with OpenID Connect: the authorization-code flow with
//! PKCE, state and nonce, the ID token verified against the provider's keys
//! (signature, issuer, audience, nonce, expiry). The provider vouches for an
//! email address; [`vocal_app::accounts::sso`] lets in only an enabled user an admin
//! created with it, with the role and scope the admin gave. Part of the
//! open product (feature `oidc`, on by default).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreIdTokenClaims, CoreProviderMetadata,
    CoreTokenResponse,
};
use openidconnect::{
    AccessTokenHash, AuthType, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, TokenResponse,
};
use sha2::{Digest, Sha256};
use tower_sessions::Session;
use vocal_app::accounts::sso::{SsoSignIn, sign_in_by_email};
use vocal_domain::Email;
use vocal_store::Store;

use super::{Policy, RoutePolicy};
use crate::server::App;
use crate::session::{SIGNED_IN, SignedInAs};

pub const POLICIES: &[RoutePolicy] = &[("/sign-in/sso", Policy::Public), ("/sign-in/sso/callback", Policy::Public)];

pub fn routes<S: Store>() -> Router<App<S>> {
    Router::new().route("/sign-in/sso", get(start::<S>)).route("/sign-in/sso/callback", get(callback::<S>))
}

/// Where the sign-in in progress is kept in the (not yet signed-in) session.
const PENDING: &str = "sso_pending";
/// How long someone may take at the provider.
const PENDING_MS: i64 = 10 * 60 * 1000;
/// Provider metadata (with its keys) is fetched again after this, and at
/// once when a signature does not verify (the provider rotated its keys).
const METADATA_TTL: Duration = Duration::from_secs(3600);

const UNAVAILABLE: &str = "Single sign-on is not available right now. Try again, or sign in with your password.";
const FAILED: &str = "Single sign-on did not work. Try again, or sign in with your password.";

#[derive(serde::Serialize, serde::Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    pkce_verifier: String,
    next: String,
    started_ms: i64,
}

fn refuse<S: Store>(app: &App<S>, status: StatusCode, problem: &str, next: &str) -> Response {
    super::sign_in::page(app, status, Some(problem), None, "", next)
}

#[derive(serde::Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// Sends the browser to the provider, remembering state, nonce, PKCE verifier and `next`.
pub async fn start<S: Store>(State(app): State<App<S>>, session: Session, Query(query): Query<StartQuery>) -> Response {
    let next = super::sign_in::safe_next(query.next.as_deref().unwrap_or("/dashboard")).to_string();
    if app.settings.oidc_issuer.is_none() {
        return super::errors::not_found();
    }
    if session.get::<SignedInAs>(SIGNED_IN).await.ok().flatten().is_some() {
        return Redirect::to(&next).into_response();
    }
    let client = match provider(&app, false).await {
        Ok(client) => client,
        Err(status) => return refuse(&app, status, UNAVAILABLE, &next),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    let pending = Pending {
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
        next,
        started_ms: vocal_app::now_ms(),
    };
    // Saved here, so a failed write is this page's 503 (see `start_session`).
    let stored = async {
        session.insert(PENDING, pending).await?;
        session.save().await
    };
    if let Err(error) = stored.await {
        return super::errors::server_error(error);
    }
    Redirect::to(url.as_str()).into_response()
}

#[derive(serde::Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The provider's answer: exchange the code, verify the ID token, match the user.
pub async fn callback<S: Store>(
    State(app): State<App<S>>,
    session: Session,
    Query(query): Query<CallbackQuery>,
) -> Response {
    if app.settings.oidc_issuer.is_none() {
        return super::errors::not_found();
    }
    // Single use: whatever happens next, this attempt is over.
    let pending = match session.remove::<Pending>(PENDING).await {
        Ok(pending) => pending,
        Err(error) => return super::errors::server_error(error),
    };
    let Some(pending) = pending else {
        tracing::info!("single sign-on callback without a sign-in in progress");
        return refuse(&app, StatusCode::BAD_REQUEST, FAILED, "/dashboard");
    };
    let next = super::sign_in::safe_next(&pending.next).to_string();
    let state_matches = query.state.as_deref().is_some_and(|state| same_secret(state, &pending.state));
    if !state_matches || vocal_app::now_ms() - pending.started_ms > PENDING_MS {
        tracing::info!("single sign-on refused: state does not match or the attempt is too old");
        return refuse(&app, StatusCode::BAD_REQUEST, FAILED, &next);
    }
    let (Some(code), None) = (query.code, query.error.as_deref()) else {
        tracing::info!(error = query.error.as_deref().unwrap_or("no code"), "the identity provider did not sign in");
        return refuse(&app, StatusCode::BAD_REQUEST, FAILED, &next);
    };
    let email = match verified_email(&app, code, &pending).await {
        Ok(email) => email,
        Err((status, problem)) => return refuse(&app, status, &problem, &next),
    };
    match sign_in_by_email(&app.store, &email).await {
        Ok(SsoSignIn::SignedIn(user)) => match super::sign_in::start_session(&session, &user).await {
            Ok(()) => Redirect::to(&next).into_response(),
            Err(error) => super::errors::server_error(error),
        },
        Ok(SsoSignIn::NoAccount) => {
            let problem = format!("There is no Vocal account for {email}. Ask an admin to add you.");
            refuse(&app, StatusCode::FORBIDDEN, &problem, &next)
        }
        Err(error) => super::errors::server_error(error),
    }
}

/// Exchanges the code and returns the email the verified ID token vouches for.
async fn verified_email<S: Store>(
    app: &App<S>,
    code: String,
    pending: &Pending,
) -> Result<Email, (StatusCode, String)> {
    let failed = || (StatusCode::BAD_REQUEST, FAILED.to_string());
    let client = provider(app, false).await.map_err(|status| (status, UNAVAILABLE.to_string()))?;
    let http = http_client().await.map_err(|_| (StatusCode::BAD_GATEWAY, UNAVAILABLE.to_string()))?;
    let request = client.exchange_code(AuthorizationCode::new(code)).map_err(|error| {
        tracing::error!(%error, "the identity provider has no token endpoint");
        (StatusCode::BAD_GATEWAY, UNAVAILABLE.to_string())
    })?;
    let tokens = match request
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(&adapter(http))
        .await
    {
        Ok(tokens) => tokens,
        Err(RequestTokenError::ServerResponse(error)) => {
            tracing::warn!(error = %error.error(), "the identity provider refused the code");
            return Err(failed());
        }
        Err(error) => {
            tracing::warn!(%error, "the identity provider's token endpoint did not answer");
            return Err((StatusCode::BAD_GATEWAY, UNAVAILABLE.to_string()));
        }
    };
    let nonce = Nonce::new(pending.nonce.clone());
    let claims = match verify(&client, &tokens, &nonce) {
        Err(ClaimsVerificationError::SignatureVerification(_)) => {
            // Perhaps new keys: fetch the metadata again and retry once.
            let client = provider(app, true).await.map_err(|status| (status, UNAVAILABLE.to_string()))?;
            verify(&client, &tokens, &nonce)
        }
        other => other,
    };
    let claims = claims.map_err(|error| {
        tracing::warn!(%error, "single sign-on refused: the ID token did not verify");
        failed()
    })?;
    let Some(email) = claims.email() else {
        tracing::warn!("single sign-on refused: the ID token has no email (is the `email` scope allowed?)");
        return Err((StatusCode::FORBIDDEN, "Your identity provider did not tell us your email address.".into()));
    };
    if claims.email_verified() == Some(false) {
        let problem = format!("Your identity provider has not verified {}.", email.as_str());
        return Err((StatusCode::FORBIDDEN, problem));
    }
    Email::parse(email.as_str()).map_err(|error| {
        tracing::warn!(%error, "single sign-on refused: the ID token's email does not parse");
        (StatusCode::FORBIDDEN, "Your identity provider gave an email address Vocal cannot use.".into())
    })
}

type Rp = CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// Checks the ID token (signature, issuer, audience, expiry, nonce) and the
/// access token's hash when the token carries one.
fn verify(
    client: &Rp,
    tokens: &CoreTokenResponse,
    nonce: &Nonce,
) -> Result<CoreIdTokenClaims, ClaimsVerificationError> {
    let id_token = tokens.id_token().ok_or_else(|| ClaimsVerificationError::Other("no ID token".into()))?;
    let verifier = client.id_token_verifier();
    let claims = id_token.claims(&verifier, nonce)?;
    if let Some(expected) = claims.access_token_hash() {
        let other = |error: &dyn std::fmt::Display| ClaimsVerificationError::Other(error.to_string());
        let alg = id_token.signing_alg().map_err(|e| other(&e))?;
        let key = id_token.signing_key(&verifier).map_err(|e| other(&e))?;
        let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key).map_err(|e| other(&e))?;
        if actual != *expected {
            return Err(ClaimsVerificationError::Other("the access token hash does not match".into()));
        }
    }
    Ok(claims.clone())
}

/// The relying-party client for the configured provider. `fresh` skips the
/// cached metadata. Misconfiguration and an unreachable provider give the
/// status to answer with (logged here, without secrets).
async fn provider<S: Store>(app: &App<S>, fresh: bool) -> Result<Rp, StatusCode> {
    let settings = &app.settings;
    let (Some(issuer), Some(client_id)) = (&settings.oidc_issuer, &settings.oidc_client_id) else {
        tracing::error!("single sign-on needs both oidc_issuer and oidc_client_id");
        return Err(StatusCode::INTERNAL_SERVER_ERROR);
    };
    let metadata = metadata(issuer, fresh).await?;
    let redirect = RedirectUrl::new(format!("{}/sign-in/sso/callback", settings.public_url())).map_err(|error| {
        tracing::error!(%error, "the public URL does not make a valid redirect URL");
        StatusCode::INTERNAL_SERVER_ERROR
    })?;
    // Basic authentication unless the provider only takes the secret in the body.
    let post_only = metadata.token_endpoint_auth_methods_supported().is_some_and(|methods| {
        methods.contains(&CoreClientAuthMethod::ClientSecretPost)
            && !methods.contains(&CoreClientAuthMethod::ClientSecretBasic)
    });
    let secret = settings.oidc_client_secret.clone().map(ClientSecret::new);
    let client = CoreClient::from_provider_metadata(metadata, ClientId::new(client_id.clone()), secret)
        .set_redirect_uri(redirect);
    Ok(if post_only { client.set_auth_type(AuthType::RequestBody) } else { client })
}

/// Provider metadata by issuer, discovered once and kept for [`METADATA_TTL`].
async fn metadata(issuer: &str, fresh: bool) -> Result<CoreProviderMetadata, StatusCode> {
    static CACHE: OnceLock<Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if !fresh {
        let cached = cache.lock().unwrap_or_else(|e| e.into_inner()).get(issuer).cloned();
        if let Some((_, metadata)) = cached.filter(|(at, _)| at.elapsed() < METADATA_TTL) {
            return Ok(metadata);
        }
    }
    let issuer_url = IssuerUrl::new(issuer.to_string()).map_err(|error| {
        tracing::error!(%error, "oidc_issuer is not a URL");
        StatusCode::INTERNAL_SERVER_ERROR
    })?;
    let http = http_client().await.map_err(|_| StatusCode::BAD_GATEWAY)?;
    let metadata = CoreProviderMetadata::discover_async(issuer_url, &adapter(http)).await.map_err(|error| {
        tracing::warn!(%error, issuer, "OpenID Connect discovery failed");
        StatusCode::BAD_GATEWAY
    })?;
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert(issuer.to_string(), (Instant::now(), metadata.clone()));
    Ok(metadata)
}

/// One client for every request to providers: no redirects followed (SSRF),
/// short timeouts, the system's trusted certificates.
async fn http_client() -> Result<&'static reqwest::Client, ()> {
    static CLIENT: tokio::sync::OnceCell<reqwest::Client> = tokio::sync::OnceCell::const_new();
    CLIENT
        .get_or_try_init(|| async {
            vocal_app::install_crypto_provider();
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs(5))
                .timeout(Duration::from_secs(10))
                .build()
        })
        .await
        .map_err(|error| tracing::error!(%error, "could not build the HTTP client for single sign-on"))
}

#[derive(Debug, thiserror::Error)]
enum HttpError {
    #[error(transparent)]
    Reqwest(#[from] reqwest::Error),
    #[error(transparent)]
    Http(#[from] openidconnect::http::Error),
}

type Sent = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send>>;

/// openidconnect's HTTP interface (`AsyncHttpClient`, implemented for such
/// closures) over our reqwest; its own integration is for an older reqwest.
/// The boxed future keeps the handlers' futures `Send`.
fn adapter(client: &'static reqwest::Client) -> impl Fn(HttpRequest) -> Sent {
    move |request| Box::pin(send(client, request))
}

async fn send(client: &'static reqwest::Client, request: HttpRequest) -> Result<HttpResponse, HttpError> {
    let response = client.execute(reqwest::Request::try_from(request)?).await?;
    let mut builder = openidconnect::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    Ok(builder.body(response.bytes().await?.to_vec())?)
}

/// Compares two secrets without leaking where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    Sha256::digest(a.as_bytes()) == Sha256::digest(b.as_bytes())
}
