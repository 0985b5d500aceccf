//! Responses. Their writes and the index's bulk reads are backend mechanisms
//! (rusqlite on a blocking thread for SQLite; `UNNEST` inserts and `COPY`
//! for PostgreSQL), so this implementation hands them to `crate::backend`;
//! what is shared is reading a response row and the change counter.

use vocal_domain::{AgentId, ContactId, OrgId, ResponseId, Score, SurveyId, UnitId};
use vocal_store::{
    IndexedResponse, InsertOutcome, NewResponse, ResponseRecord, Responses, StoreError, StoreResult, Stored,
    StreamItem, Submission,
};
use vocal_store_sql::decode::{column, json, parsed_optional};

use crate::backend::{self, Row, Store, from_sqlx};

impl Responses for Store {
    /// As a stream of one batch, so each backend has one write path.
    async fn insert_responses(&self, org: OrgId, responses: Vec<NewResponse>) -> StoreResult<InsertOutcome> {
        if responses.is_empty() {
            return Ok(InsertOutcome::default());
        }
        // Room for both messages: neither send waits.
        let (sender, receiver) = tokio::sync::mpsc::channel(2);
        let _ = sender.send(StreamItem::Rows(responses)).await;
        let _ = sender.send(StreamItem::Commit).await;
        backend::insert_response_stream(self, org, receiver).await
    }
    async fn insert_response_stream(
        &self,
        org: OrgId,
        items: tokio::sync::mpsc::Receiver<StreamItem>,
    ) -> StoreResult<InsertOutcome> {
        backend::insert_response_stream(self, org, items).await
    }
    async fn responses_after(&self, org: OrgId, after_seq: i64, limit: i64) -> StoreResult<Vec<IndexedResponse>> {
        backend::changes_since(self, org, after_seq, limit).await
    }
    async fn max_seq(&self, org: OrgId) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM responses WHERE org_id = $1")
            .bind(org.0)
            .fetch_one(self.pool())
            .await
            .map_err(from_sqlx)
    }
    /// Each backend keeps its planner on the primary key its own way.
    async fn responses_by_ids(&self, org: OrgId, ids: &[ResponseId]) -> StoreResult<Vec<ResponseRecord>> {
        crate::responses::by_ids(self.pool(), org, ids).await
    }
    async fn commit_submissions(&self, group: Vec<Submission>) -> StoreResult<Vec<Vec<Stored>>> {
        backend::commit_submissions(self, group).await
    }
    /// One lookup in the unique index `responses_dedupe`, with the
    /// backend's condition (see `BY_DEDUPE_KEY` there).
    async fn response_by_dedupe_key(&self, org: OrgId, key: [u8; 16]) -> StoreResult<Option<ResponseRecord>> {
        let sql = format!("{RECORD_SELECT} WHERE {}", backend::BY_DEDUPE_KEY);
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(&key[..])
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(record_from_row).transpose()
    }
}

const TABLE: &str = "responses";

/// The columns of a [`ResponseRecord`], read by [`record_from_row`]; the
/// backend adds its `WHERE` (each keeps its planner on the right index).
pub(crate) const RECORD_SELECT: &str = "SELECT r.id, r.seq, r.score, r.submitted_at, r.channel, r.touchpoint, \
     r.unit_id, r.agent_id, r.account, r.source, r.language, r.attributes, r.comment, r.contact_id, \
     c.email AS contact_email, a.name AS agent_name, r.survey_id, r.created_at \
     FROM responses r LEFT JOIN contacts c ON c.id = r.contact_id LEFT JOIN agents a ON a.id = r.agent_id";

/// The indexed columns of a response row (as [`RECORD_SELECT`] names them).
pub(crate) fn indexed_from_row(row: &Row) -> StoreResult<IndexedResponse> {
    let score: i16 = column(row, TABLE, "score")?;
    Ok(IndexedResponse {
        id: ResponseId(column(row, TABLE, "id")?),
        seq: column(row, TABLE, "seq")?,
        score: Score::new(i64::from(score)).map_err(|e| StoreError::Corrupt {
            table: TABLE,
            column: "score",
            detail: e.to_string(),
        })?,
        submitted_at_ms: column(row, TABLE, "submitted_at")?,
        channel: column(row, TABLE, "channel")?,
        touchpoint: column(row, TABLE, "touchpoint")?,
        unit_id: column::<_, Option<i64>>(row, TABLE, "unit_id")?.map(UnitId),
        agent_id: column::<_, Option<i64>>(row, TABLE, "agent_id")?.map(AgentId),
        account: column(row, TABLE, "account")?,
        source: column(row, TABLE, "source")?,
        language: column(row, TABLE, "language")?,
        attributes: json(row, TABLE, "attributes")?,
    })
}

pub(crate) fn record_from_row(row: &Row) -> StoreResult<ResponseRecord> {
    Ok(ResponseRecord {
        indexed: indexed_from_row(row)?,
        comment: column(row, TABLE, "comment")?,
        contact_id: column::<_, Option<i64>>(row, TABLE, "contact_id")?.map(ContactId),
        contact_email: parsed_optional(row, TABLE, "contact_email", vocal_domain::Email::parse)?,
        agent_name: column(row, TABLE, "agent_name")?,
        survey_id: column::<_, Option<i64>>(row, TABLE, "survey_id")?.map(SurveyId),
        created_at_ms: column(row, TABLE, "created_at")?,
    })
}
