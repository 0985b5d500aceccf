//! Building the router and running the server with its background work.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;
use vocal_app::settings::Settings;
use vocal_store::Store;

use crate::indexes::Indexes;

/// Shared state of every request.
pub struct App<S: Store> {
    pub store: S,
    pub indexes: Arc<Indexes>,
    pub settings: Arc<Settings>,
}

impl<S: Store> Clone for App<S> {
    fn clone(&self) -> Self {
        App { store: self.store.clone(), indexes: self.indexes.clone(), settings: self.settings.clone() }
    }
}

impl<S: Store> App<S> {
    /// Opens every organisation's index, so the first request is fast.
    pub async fn start(store: S, settings: Settings) -> Result<Self, vocal_app::live_index::IndexError> {
        let indexes = Arc::new(Indexes::new(Some(settings.snapshot_dir())));
        indexes.refresh_all(&store).await?;
        Ok(App { store, indexes, settings: Arc::new(settings) })
    }
}

pub fn router<S: Store>(app: App<S>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/healthz", get(healthz::<S>))
        .route("/api/v1/nps", get(crate::nps::get_nps::<S>))
        .route("/api/v1/responses", get(crate::responses::list_responses::<S>))
        .fallback(|| async { crate::error::ApiError::NotFound })
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .with_state(app)
}

/// A small page saying what runs here, until the web app arrives.
async fn home() -> axum::response::Html<&'static str> {
    axum::response::Html(include_str!("home.html"))
}

/// 200 when the database answers, 503 when it does not.
async fn healthz<S: Store>(State(app): State<App<S>>) -> impl IntoResponse {
    match app.store.list_orgs().await {
        Ok(_) => (StatusCode::OK, Json(serde_json::json!({ "status": "ok" }))),
        Err(error) => {
            tracing::warn!(%error, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable" })))
        }
    }
}

/// Serves until `shutdown` completes, then finishes in-flight requests and
/// saves the index snapshots.
pub async fn serve<S: Store>(
    app: App<S>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let background = tokio::spawn(keep_current(app.clone()));
    let result = axum::serve(listener, router(app.clone())).with_graceful_shutdown(shutdown).await;
    background.abort();
    app.indexes.save_all().await;
    result
}

/// Picks up other processes' writes and rewrites snapshots now and then.
async fn keep_current<S: Store>(app: App<S>) {
    let mut refresh = tokio::time::interval(Duration::from_millis(app.settings.refresh_ms.max(50)));
    let snapshot_every = Duration::from_secs(app.settings.snapshot_secs.max(1));
    // Nothing saved yet: an index built from the database at start-up gets
    // its snapshot after the first interval.
    let mut last_saved = (tokio::time::Instant::now(), -1);
    loop {
        refresh.tick().await;
        if let Err(error) = app.indexes.refresh_all(&app.store).await {
            tracing::warn!(%error, "could not refresh the response index");
        }
        if last_saved.0.elapsed() >= snapshot_every {
            let seq = app.indexes.total_seq().await;
            if seq != last_saved.1 {
                app.indexes.save_all().await;
            }
            last_saved = (tokio::time::Instant::now(), seq);
        }
    }
}
