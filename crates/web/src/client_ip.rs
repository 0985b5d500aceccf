//! The client a request comes from: the peer, or behind a trusted reverse
//! proxy the address it forwarded (`vocal_app::proxies`). Throttles and the
//! public link's limiter count by it.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use vocal_app::proxies::client_ip;
use vocal_store::Store;

use crate::server::App;

pub struct ClientIp(pub IpAddr);

impl<S: Store> FromRequestParts<App<S>> for ClientIp {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, app: &App<S>) -> Result<Self, Self::Rejection> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>().copied() else {
            return Err(StatusCode::INTERNAL_SERVER_ERROR);
        };
        if app.settings.trusted_proxies.is_empty() {
            return Ok(ClientIp(peer.ip()));
        }
        let forwarded: Vec<&str> =
            parts.headers.get_all("x-forwarded-for").iter().filter_map(|value| value.to_str().ok()).collect();
        let joined = (!forwarded.is_empty()).then(|| forwarded.join(","));
        Ok(ClientIp(client_ip(peer.ip(), joined.as_deref(), &app.settings.trusted_proxies)))
    }
}
