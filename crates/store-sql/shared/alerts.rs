//! Alert rules (one JSON document per organisation), the evaluator's
//! cursor, and the facts rules read beyond the response.

use vocal_domain::alerts::AlertRules;
use vocal_domain::{ContactId, OrgId, ResponseId, Score};
use vocal_store::{Alerts, Contact, PreviousAnswer, StoreError, StoreResult, StoredAlertRules};
use vocal_store_sql::decode::{column, json};
use vocal_store_sql::now_ms;

use crate::backend::{Store, from_sqlx};
use crate::shared::contacts::{CONTACT_COLUMNS, contact_from_row};

impl Alerts for Store {
    async fn alert_rules(&self, org: OrgId) -> StoreResult<Option<StoredAlertRules>> {
        let row = sqlx::query("SELECT definition, updated_at FROM alert_rules WHERE org_id = $1")
            .bind(org.0)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.map(|r| {
            Ok(StoredAlertRules {
                rules: json(&r, "alert_rules", "definition")?,
                updated_at_ms: column(&r, "alert_rules", "updated_at")?,
            })
        })
        .transpose()
    }

    async fn put_alert_rules(&self, org: OrgId, rules: &AlertRules) -> StoreResult<StoredAlertRules> {
        let definition =
            serde_json::to_string(rules).map_err(|e| StoreError::Database(format!("encoding alert rules: {e}")))?;
        let now = now_ms();
        sqlx::query(
            "INSERT INTO alert_rules (org_id, definition, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (org_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(org.0)
        .bind(definition)
        .bind(now)
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(StoredAlertRules { rules: rules.clone(), updated_at_ms: now })
    }

    async fn alert_cursor(&self, org: OrgId) -> StoreResult<i64> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT seq FROM alert_cursors WHERE org_id = $1")
            .bind(org.0)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        Ok(seq.unwrap_or(0))
    }

    async fn advance_alert_cursor(&self, org: OrgId, seq: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO alert_cursors (org_id, seq) VALUES ($1, $2)
             ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq WHERE alert_cursors.seq < excluded.seq",
        )
        .bind(org.0)
        .bind(seq)
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }

    async fn claim_praise(&self, org: OrgId, response: ResponseId, now_ms: i64) -> StoreResult<bool> {
        let claimed = sqlx::query(
            "INSERT INTO praise_told (response_id, org_id, told_at)
             SELECT id, org_id, $3 FROM responses WHERE id = $2 AND org_id = $1
             ON CONFLICT (response_id) DO NOTHING",
        )
        .bind(org.0)
        .bind(response.0)
        .bind(now_ms)
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(claimed.rows_affected() == 1)
    }

    async fn previous_score(
        &self,
        org: OrgId,
        contact: ContactId,
        response: ResponseId,
        submitted_at_ms: i64,
    ) -> StoreResult<Option<Score>> {
        let score: Option<i16> = sqlx::query_scalar(
            "SELECT score FROM responses
             WHERE org_id = $1 AND contact_id = $2 AND (submitted_at < $3 OR (submitted_at = $3 AND id < $4))
             ORDER BY submitted_at DESC, id DESC LIMIT 1",
        )
        .bind(org.0)
        .bind(contact.0)
        .bind(submitted_at_ms)
        .bind(response.0)
        .fetch_optional(self.pool())
        .await
        .map_err(from_sqlx)?;
        score
            .map(|s| {
                Score::new(i64::from(s)).map_err(|e| StoreError::Corrupt {
                    table: "responses",
                    column: "score",
                    detail: e.to_string(),
                })
            })
            .transpose()
    }

    async fn previous_answers(
        &self,
        org: OrgId,
        contact: ContactId,
        response: ResponseId,
        submitted_at_ms: i64,
        limit: i64,
    ) -> StoreResult<Vec<PreviousAnswer>> {
        let rows = sqlx::query(
            "SELECT id, submitted_at, score, comment FROM responses
             WHERE org_id = $1 AND contact_id = $2 AND (submitted_at < $3 OR (submitted_at = $3 AND id < $4))
             ORDER BY submitted_at DESC, id DESC LIMIT $5",
        )
        .bind(org.0)
        .bind(contact.0)
        .bind(submitted_at_ms)
        .bind(response.0)
        .bind(limit.max(0))
        .fetch_all(self.pool())
        .await
        .map_err(from_sqlx)?;
        rows.iter()
            .map(|r| {
                let score: i16 = column(r, "responses", "score")?;
                Ok(PreviousAnswer {
                    id: ResponseId(column(r, "responses", "id")?),
                    submitted_at_ms: column(r, "responses", "submitted_at")?,
                    score: Score::new(i64::from(score)).map_err(|e| StoreError::Corrupt {
                        table: "responses",
                        column: "score",
                        detail: e.to_string(),
                    })?,
                    comment: column(r, "responses", "comment")?,
                })
            })
            .collect()
    }

    async fn contact(&self, org: OrgId, id: ContactId) -> StoreResult<Option<Contact>> {
        let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.org_id = $1 AND c.id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.map(|r| contact_from_row(org, &r)).transpose()
    }
}
