//! The web app people sign in to: server-rendered pages that work without
//! JavaScript. Every page module declares each of its routes with the
//! [`Policy`] it follows; the route × role test matrix
//! (`tests/api/scoping/`) reads those declarations, and a route found in a
//! router without one fails it.

pub mod account;
pub mod admin;
pub mod agents;
pub mod assets;
pub mod cases;
pub mod chrome;
pub mod dashboard;
pub mod errors;
pub mod live;
pub mod sign_in;
#[cfg(feature = "oidc")]
pub mod sso;
pub mod why;

use axum::Router;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use vocal_store::Store;

use crate::server::App;
use crate::session::CurrentUser;

/// Who may use a route and how its data is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Anyone (sign-in, password links, assets).
    Public,
    /// Any signed-in user; every figure, row and event is limited by the
    /// user's [`vocal_app::accounts::scope::Scope`]. Ids in the path outside the scope get 404.
    Scoped,
    /// Admins only; anyone else gets 404.
    Admin,
}

/// One route of the app: its path (as given to the router) and its policy.
pub type RoutePolicy = (&'static str, Policy);

const OWN: &[RoutePolicy] = &[
    ("/", Policy::Scoped),
    ("/sign-in", Policy::Public),
    ("/sign-out", Policy::Public),
    ("/assets/{name}", Policy::Public),
    ("/live", Policy::Scoped),
];

/// Every route of the app with its policy.
pub fn policies() -> Vec<RoutePolicy> {
    #[allow(unused_mut)]
    let mut all = [
        OWN,
        account::POLICIES,
        admin::POLICIES,
        agents::POLICIES,
        cases::POLICIES,
        dashboard::POLICIES,
        why::POLICIES,
    ]
    .concat();
    #[cfg(feature = "oidc")]
    all.extend_from_slice(sso::POLICIES);
    all
}

pub fn routes<S: Store>() -> Router<App<S>> {
    let router = Router::new()
        .route("/", get(home))
        .route("/sign-in", get(sign_in::show::<S>).post(sign_in::submit::<S>))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/assets/{name}", get(assets::asset))
        .route("/live", get(live::live::<S>))
        .merge(account::routes::<S>())
        .merge(dashboard::routes::<S>())
        .merge(admin::routes::<S>())
        .merge(agents::routes::<S>())
        .merge(cases::routes::<S>())
        .merge(why::routes::<S>());
    #[cfg(feature = "oidc")]
    let router = router.merge(sso::routes::<S>());
    router
}

/// Each person's start page for the signed-in (an agent's own coaching
/// page, else the dashboard); the sign-in page for others.
async fn home(current: CurrentUser) -> Response {
    Redirect::to(&sign_in::landing(&current.user)).into_response()
}
