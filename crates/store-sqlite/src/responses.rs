//! Writing responses all-or-nothing, and reading them back for the index
//! and for listings.

use std::collections::{BTreeSet, HashMap};

use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};
use vocal_domain::{AgentId, ContactId, OrgId, ResponseId, Score, SurveyId, UnitId};
use tokio::sync::mpsc::Receiver;
use vocal_store::{IndexedResponse, InsertOutcome, NewResponse, ResponseRecord, StoreError, StoreResult, StreamItem};

use crate::errors::from_sqlx;
use crate::units::{UnitCache, ensure_agents};

/// Columns per row; SQLite allows 32,766 bound values per statement.
const COLUMNS: usize = 17;
const ROWS_PER_STATEMENT: usize = 32_766 / COLUMNS;

pub(crate) async fn insert(pool: &SqlitePool, org: OrgId, responses: Vec<NewResponse>) -> StoreResult<InsertOutcome> {
    if responses.is_empty() {
        return Ok(InsertOutcome::default());
    }
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let inserted = write_batch(&mut tx, org, &mut None, &responses).await?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(InsertOutcome { inserted, duplicates: responses.len() as u64 - inserted })
}

/// All batches in one transaction, committed only when `Commit` arrives.
pub(crate) async fn insert_stream(pool: &SqlitePool, org: OrgId, mut items: Receiver<StreamItem>) -> StoreResult<InsertOutcome> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let mut units = None;
    let mut outcome = InsertOutcome::default();
    while let Some(item) = items.recv().await {
        match item {
            StreamItem::Rows(rows) if rows.is_empty() => {}
            StreamItem::Rows(rows) => {
                let inserted = write_batch(&mut tx, org, &mut units, &rows).await?;
                outcome.inserted += inserted;
                outcome.duplicates += rows.len() as u64 - inserted;
            }
            StreamItem::Commit => {
                tx.commit().await.map_err(from_sqlx)?;
                return Ok(outcome);
            }
        }
    }
    Err(StoreError::Aborted) // dropping the transaction rolls it back
}

/// Stores one batch inside `tx`; returns how many rows were new.
async fn write_batch(
    tx: &mut SqliteConnection,
    org: OrgId,
    units: &mut Option<UnitCache>,
    responses: &[NewResponse],
) -> StoreResult<u64> {
    // Taking the sequence first makes this a write transaction from its
    // first statement, so a concurrent writer waits instead of failing.
    let last_seq: i64 =
        sqlx::query_scalar("UPDATE counters SET value = value + $1 WHERE name = 'response_seq' RETURNING value")
            .bind(responses.len() as i64)
            .fetch_one(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    let first_seq = last_seq - responses.len() as i64 + 1;
    if units.is_none() {
        *units = Some(UnitCache::load(&mut *tx, org).await?);
    }
    let units = units.as_mut().expect("loaded above");
    let mut unit_ids = Vec::with_capacity(responses.len());
    let mut by_path = HashMap::new();
    for response in responses {
        let id = match &response.unit {
            None => None,
            Some(path) => Some(match by_path.get(path) {
                Some(&id) => id,
                None => {
                    let id = units.ensure(&mut *tx, org, path).await?;
                    by_path.insert(path.clone(), id);
                    id
                }
            }),
        };
        unit_ids.push(id);
    }
    let agent_names: BTreeSet<&str> = responses.iter().filter_map(|r| r.agent.as_deref()).collect();
    let agents = ensure_agents(&mut *tx, org, &agent_names.into_iter().collect::<Vec<_>>()).await?;
    let emails: BTreeSet<&str> = responses.iter().filter_map(|r| r.contact_email.as_deref()).collect();
    let contacts = crate::people::ensure_contacts(&mut *tx, org, &emails.into_iter().collect::<Vec<_>>()).await?;

    let now = crate::now_ms();
    let rows: Vec<(usize, &NewResponse)> = responses.iter().enumerate().collect();
    let chunks: Vec<&[(usize, &NewResponse)]> = rows.chunks(ROWS_PER_STATEMENT).collect();
    let statement = |chunk: &[(usize, &NewResponse)]| {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO responses (org_id, seq, survey_id, score, comment, submitted_at, channel, touchpoint, unit_id, \
             agent_id, contact_id, account, language, attributes, source, dedupe_key, created_at) ",
        );
        query.push_values(chunk, |mut row, &(i, r)| {
            row.push_bind(org.0)
                .push_bind(first_seq + i as i64)
                .push_bind(r.survey_id.map(|s| s.0))
                .push_bind(i64::from(r.score.value()))
                .push_bind(r.comment.clone())
                .push_bind(r.submitted_at_ms)
                .push_bind(r.channel.clone())
                .push_bind(r.touchpoint.clone())
                .push_bind(unit_ids[i].map(|u: vocal_domain::UnitId| u.0))
                .push_bind(r.agent.as_ref().and_then(|a| agents.get(a).copied()))
                .push_bind(r.contact_email.as_ref().and_then(|e| contacts.get(e).copied()))
                .push_bind(r.account.clone())
                .push_bind(r.language.clone())
                .push_bind(serde_json::to_string(&r.attributes).unwrap_or_else(|_| "{}".into()))
                .push_bind(r.source.clone())
                .push_bind(r.dedupe_key.map(|k| k.to_vec()))
                .push_bind(now);
        });
        query.push(" ON CONFLICT (org_id, dedupe_key) DO NOTHING");
        query
    };
    // SQLite works in its own thread: build the next statement while it runs this one.
    let mut inserted = 0;
    let mut next = chunks.first().map(|chunk| statement(chunk));
    for following in chunks.iter().skip(1).map(Some).chain([None]) {
        let Some(mut current) = next.take() else { break };
        let (done, built) = tokio::join!(current.build().execute(&mut *tx), async { following.map(|c| statement(c)) });
        inserted += done.map_err(from_sqlx)?.rows_affected();
        next = built;
    }
    Ok(inserted)
}

const INDEXED_COLUMNS: &str = "r.id, r.seq, r.score, r.submitted_at, r.channel, r.touchpoint, r.unit_id, r.agent_id, r.account, r.source, r.language, r.attributes";

fn indexed_from_row(row: &SqliteRow) -> StoreResult<IndexedResponse> {
    let corrupt = |detail: String| StoreError::Corrupt { table: "responses", detail };
    let score: i64 = row.get(2);
    let attributes: String = row.get(11);
    Ok(IndexedResponse {
        id: ResponseId(row.get(0)),
        seq: row.get(1),
        score: Score::new(score).map_err(|e| corrupt(e.to_string()))?,
        submitted_at_ms: row.get(3),
        channel: row.get(4),
        touchpoint: row.get(5),
        unit_id: row.get::<Option<i64>, _>(6).map(UnitId),
        agent_id: row.get::<Option<i64>, _>(7).map(AgentId),
        account: row.get(8),
        source: row.get(9),
        language: row.get(10),
        attributes: serde_json::from_str(&attributes).map_err(|e| corrupt(e.to_string()))?,
    })
}

pub(crate) async fn max_seq(pool: &SqlitePool, org: OrgId) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM responses WHERE org_id = $1")
        .bind(org.0)
        .fetch_one(pool)
        .await
        .map_err(from_sqlx)
}

pub(crate) async fn by_ids(pool: &SqlitePool, org: OrgId, ids: &[ResponseId]) -> StoreResult<Vec<ResponseRecord>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT {INDEXED_COLUMNS}, r.comment, r.contact_id, c.email, a.name, r.survey_id FROM responses r \
             LEFT JOIN contacts c ON c.id = r.contact_id LEFT JOIN agents a ON a.id = r.agent_id WHERE r.org_id = "
        ));
        query.push_bind(org.0).push(" AND r.id IN (");
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(id.0);
        }
        query.push(")");
        for row in query.build().fetch_all(pool).await.map_err(from_sqlx)? {
            let record = ResponseRecord {
                indexed: indexed_from_row(&row)?,
                comment: row.get(12),
                contact_id: row.get::<Option<i64>, _>(13).map(ContactId),
                contact_email: row.get(14),
                agent_name: row.get(15),
                survey_id: row.get::<Option<i64>, _>(16).map(SurveyId),
            };
            found.insert(record.indexed.id, record);
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}
