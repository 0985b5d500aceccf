//! Building the router and running the server with its background work:
//! the index kept current, alert rules evaluated, expired sessions deleted.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use tokio::net::TcpListener;
use vocal_app::collect::Collector;
use vocal_app::settings::Settings;
use vocal_store::Store;

use vocal_app::live_index::registry::Indexes;

/// Shared state of every request.
pub struct App<S: Store> {
    pub store: S,
    pub indexes: Arc<Indexes>,
    pub settings: Arc<Settings>,
    /// Every response write goes through its group committer.
    pub collector: Collector<S>,
    /// Answers per client through public links.
    pub public_limiter: Arc<crate::rate_limit::ClientLimiter>,
    /// Every email of the app (invitations, password resets) goes through it.
    pub mailer: Arc<vocal_app::messaging::email::Mailer>,
    /// Tells open case pages that their organisation's cases changed.
    pub case_watch: vocal_app::closed_loop::case_watch::CaseWatch,
}

impl<S: Store> Clone for App<S> {
    fn clone(&self) -> Self {
        App {
            store: self.store.clone(),
            indexes: self.indexes.clone(),
            settings: self.settings.clone(),
            collector: self.collector.clone(),
            public_limiter: self.public_limiter.clone(),
            mailer: self.mailer.clone(),
            case_watch: self.case_watch.clone(),
        }
    }
}

impl<S: Store> App<S> {
    /// How alerts leave this server: its mailer, and the address in their links.
    pub fn alerting(&self) -> vocal_app::closed_loop::alert::Alerting {
        vocal_app::closed_loop::alert::Alerting {
            mailer: (*self.mailer).clone(),
            public_url: self.settings.public_url(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("loading the response index: {0}")]
    Index(#[from] vocal_app::live_index::IndexError),
    #[error(transparent)]
    Secret(#[from] vocal_app::collect::tokens::SecretError),
    #[error(transparent)]
    Mail(#[from] vocal_app::messaging::email::MailError),
}

impl<S: Store> App<S> {
    /// Whether people reach this server over TLS (its public URL is https):
    /// then cookies are `Secure` and pages send HSTS.
    pub fn secure(&self) -> bool {
        self.settings.public_url().starts_with("https://")
    }

    /// Opens every organisation's index, so the first request is fast.
    pub async fn start(store: S, settings: Settings) -> Result<Self, StartError> {
        // Tests and embedders start the app without a binary's `main`.
        vocal_app::install_crypto_provider();
        let indexes = Arc::new(Indexes::new(Some(settings.snapshot_dir())));
        indexes.refresh_all(&store).await?;
        let collector =
            Collector::new(store.clone(), indexes.clone(), settings.server_secret()?, &settings.public_url());
        let public_limiter = Arc::new(crate::rate_limit::ClientLimiter::per_minute(settings.public_rate_per_minute));
        let mailer = Arc::new(vocal_app::messaging::email::Mailer::from_settings(&settings)?);
        let case_watch = Default::default();
        Ok(App { store, indexes, settings: Arc::new(settings), collector, public_limiter, mailer, case_watch })
    }
}

pub fn router<S: Store>(app: App<S>) -> Router {
    Router::new()
        .route("/healthz", get(healthz::<S>))
        .route("/api/v1/nps", get(crate::nps::get_nps::<S>))
        .route("/api/v1/why", get(crate::why_api::get_why::<S>))
        .route(
            "/api/v1/responses",
            get(crate::responses::list_responses::<S>)
                .post(crate::ingest::post_response::<S>)
                .layer(DefaultBodyLimit::max(crate::ingest::SINGLE_BODY_LIMIT)),
        )
        .route(
            "/api/v1/responses:batch",
            post(crate::ingest::post_batch::<S>).layer(DefaultBodyLimit::max(crate::ingest::BATCH_BODY_LIMIT)),
        )
        .route(
            "/api/v1/invitations",
            post(crate::invitations_api::post_invitation::<S>)
                .layer(DefaultBodyLimit::max(crate::ingest::SINGLE_BODY_LIMIT)),
        )
        .route(
            "/api/v1/invitations:batch",
            post(crate::invitations_api::post_batch::<S>).layer(DefaultBodyLimit::max(crate::ingest::BATCH_BODY_LIMIT)),
        )
        .route("/api/v1/invitations/{id}", get(crate::invitations_api::get_invitation::<S>))
        .route("/api/v1/invitations/{id}/email-html", get(crate::invitations_api::get_email_html::<S>))
        .route("/api/v1/openapi.json", get(crate::openapi::get_openapi))
        .route(
            "/api/v1/alert-rules",
            get(crate::alert_rules_api::get_alert_rules::<S>)
                .put(crate::alert_rules_api::put_alert_rules::<S>)
                .layer(DefaultBodyLimit::max(crate::alert_rules_api::RULES_BODY_LIMIT)),
        )
        .route(
            "/api/v1/themes",
            get(crate::themes_api::get_themes::<S>)
                .put(crate::themes_api::put_themes::<S>)
                .layer(DefaultBodyLimit::max(crate::alert_rules_api::RULES_BODY_LIMIT)),
        )
        .route(
            "/api/v1/notification-channels",
            get(crate::channels_api::list_channels::<S>).post(crate::channels_api::post_channel::<S>),
        )
        .route("/api/v1/notification-channels/{id}", delete(crate::channels_api::delete_channel::<S>))
        .route("/api/v1/notification-channels/{id}/rotate-secret", post(crate::channels_api::rotate_secret::<S>))
        .route("/api/v1/notification-channels/{id}/enable", post(crate::channels_api::enable_channel::<S>))
        .route("/api/v1/cases", get(crate::cases_api::list_cases::<S>))
        .route("/api/v1/cases/{id}", get(crate::cases_api::get_case::<S>))
        .route(
            "/api/v1/cases/{id}/events",
            post(crate::cases_api::post_case_event::<S>)
                .layer(DefaultBodyLimit::max(crate::cases_api::EVENT_BODY_LIMIT)),
        )
        .route("/api/v1/loop-metrics", get(crate::loop_metrics_api::get_loop_metrics::<S>))
        .route("/api/v1/surveys", get(crate::surveys_api::list_surveys::<S>))
        .route(
            "/api/v1/surveys/{slug}",
            get(crate::surveys_api::get_survey::<S>)
                .put(crate::surveys_api::put_survey::<S>)
                .layer(DefaultBodyLimit::max(crate::surveys_api::SURVEY_BODY_LIMIT)),
        )
        .merge(crate::survey_routes::routes::<S>())
        .merge(crate::ui::routes::<S>().layer(crate::session::layer(app.store.clone(), app.secure())))
        .fallback(|| async { crate::error::ApiError::NotFound })
        .layer(axum::middleware::map_response(crate::error::bodiless_errors_as_json))
        // Cross-site form posts are refused by their Sec-Fetch-Site / Origin
        // headers; API clients (no browser, neither header) pass.
        .layer(tower_http::csrf::CsrfLayer::new())
        // Faults are logged and rendered with the request id, which the two
        // outermost layers make (or keep, from a proxy) and send back.
        .layer(axum::middleware::from_fn(crate::fault::answer_faults))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(tower_http::request_id::MakeRequestUuid))
        // Outermost, so timeouts and CSRF refusals get them too.
        .layer(axum::middleware::map_response(crate::headers::nosniff_and_no_store))
        .with_state(app)
}

/// 200 when the database would take a write now (one is started and
/// rolled back), 503 when it would not: a server that can only read cannot
/// sign anyone in or store a response.
async fn healthz<S: Store>(State(app): State<App<S>>) -> impl IntoResponse {
    match app.store.check_writable().await {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({ "status": "ok" }))).into_response(),
        Err(error) => {
            tracing::warn!(%error, "health check failed");
            let retry = [(axum::http::header::RETRY_AFTER, crate::fault::RETRY_AFTER_SECS)];
            (StatusCode::SERVICE_UNAVAILABLE, retry, Json(serde_json::json!({ "status": "unavailable" })))
                .into_response()
        }
    }
}

/// How many job workers each server runs beside it (docs/jobs.md). A job
/// mostly waits on an SMTP server or a webhook receiver, so several run at
/// once: with two, a server delivered about 110 alerts a second and a burst
/// of detractors waited seconds for theirs (`vocal-bench loop`). More
/// processes on one database add theirs.
pub const JOB_WORKERS: usize = 8;

/// Serves until `shutdown` completes, then finishes in-flight requests,
/// lets the job workers finish the jobs they run, and saves the index
/// snapshots.
pub async fn serve<S: Store>(
    app: App<S>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let background = tokio::spawn(keep_current(app.clone()));
    // Alert rules are evaluated as often as the index looks for other
    // processes' writes: both follow the same change sequence.
    let case_watcher = tokio::spawn(vocal_app::closed_loop::case_watch::keep_watching(
        app.store.clone(),
        app.case_watch.clone(),
        Duration::from_millis(app.settings.refresh_ms.max(50)),
    ));
    let evaluator = tokio::spawn(vocal_app::closed_loop::evaluate::keep_evaluating(
        app.store.clone(),
        app.alerting(),
        Duration::from_millis(app.settings.refresh_ms.max(50)),
    ));
    let limiter = app.public_limiter.clone();
    let store = app.store.clone();
    tokio::spawn(vocal_app::accounts::sign_in::prepare());
    let forget = tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            limiter.forget_idle();
            let now = vocal_app::now_ms();
            if let Err(error) = store.delete_expired_sessions(now, now - 3_600_000).await {
                tracing::warn!(%error, "could not delete expired sessions");
            }
        }
    });
    let outbound = vocal_app::messaging::outbound::Outbound::new(app.settings.allow_private_webhooks);
    let handlers = vocal_app::jobs::worker::Handlers::new((*app.mailer).clone())
        .with_outbound(outbound)
        .with_public_url(app.settings.public_url());
    let workers = vocal_app::jobs::worker::start_with(app.store.clone(), handlers, JOB_WORKERS);
    let service = router(app.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let result = axum::serve(listener, service).with_graceful_shutdown(shutdown).await;
    background.abort();
    evaluator.abort();
    case_watcher.abort();
    forget.abort();
    workers.stop().await;
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
