//! The alternative a user would reach for: a minimal axum handler that
//! parses the same JSON and runs one plain `INSERT INTO responses` with
//! sqlx per request, autocommit, on the same schema and with the same
//! durability (SQLite WAL `synchronous=FULL`, PostgreSQL
//! `synchronous_commit=on`, both set by the stores' pools). No group
//! commit, no query index, no unit or agent tables (they go into the
//! attributes as text), and the key is compared in memory. Run as its own
//! process (`vocal-bench plain-serve`), as `vocal serve` is.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

#[derive(Clone)]
enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

struct Plain {
    pool: Pool,
    org: i64,
    bearer: String,
    /// `seq` must be filled; a counter in memory stands in for the real writer's counter row.
    seq: AtomicI64,
}

#[derive(serde::Deserialize)]
struct Input {
    score: i64,
    comment: Option<String>,
    channel: Option<String>,
    touchpoint: Option<String>,
    unit: Option<String>,
    agent: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

const INSERT: &str = "INSERT INTO responses (org_id, seq, score, comment, submitted_at, channel, touchpoint, \
     attributes, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'plain', $9) RETURNING id";

async fn post_response(State(plain): State<Arc<Plain>>, headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    let authorised = headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(plain.bearer.as_str());
    if !authorised {
        return (StatusCode::UNAUTHORIZED, String::new());
    }
    let Ok(mut input) = serde_json::from_slice::<Input>(&body) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, String::new());
    };
    if !(0..=10).contains(&input.score) {
        return (StatusCode::UNPROCESSABLE_ENTITY, String::new());
    }
    input.attributes.extend(input.unit.take().map(|u| ("unit".to_string(), u)));
    input.attributes.extend(input.agent.take().map(|a| ("agent".to_string(), a)));
    let attributes = serde_json::to_string(&input.attributes).unwrap_or_default();
    let now = jiff::Timestamp::now().as_millisecond();
    let seq = plain.seq.fetch_add(1, Ordering::Relaxed);
    macro_rules! insert {
        ($pool:expr) => {
            sqlx::query_scalar::<_, i64>(INSERT)
                .bind(plain.org)
                .bind(seq)
                .bind(input.score)
                .bind(&input.comment)
                .bind(now)
                .bind(&input.channel)
                .bind(&input.touchpoint)
                .bind(&attributes)
                .bind(now)
                .fetch_one($pool)
                .await
        };
    }
    let id = match &plain.pool {
        Pool::Sqlite(pool) => insert!(pool),
        Pool::Postgres(pool) => insert!(pool),
    };
    match id {
        Ok(id) => (StatusCode::CREATED, format!("{{\"id\":{id}}}")),
        Err(error) => (StatusCode::SERVICE_UNAVAILABLE, error.to_string()),
    }
}

/// Serves `POST /api/v1/responses` and `/healthz` on `addr` until killed.
pub async fn serve(
    addr: SocketAddr,
    data: &Path,
    database_url: Option<&str>,
    org: i64,
    key: &str,
) -> anyhow::Result<()> {
    let pool = match database_url {
        Some(url) => Pool::Postgres(PostgresStore::connect(url).await?.pool().clone()),
        None => Pool::Sqlite(SqliteStore::open_dir(data).await?.pool().clone()),
    };
    let plain = Plain { pool, org, bearer: format!("Bearer {key}"), seq: AtomicI64::new(1) };
    let app = Router::new()
        .route("/api/v1/responses", post(post_response))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(Arc::new(plain));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
