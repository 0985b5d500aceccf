//! Cases and their events. `cases.response_id` is UNIQUE, so opening is an
//! insert that does nothing when the response has a case: of concurrent
//! evaluators exactly one opens it, and the others read the winner.

use vocal_domain::cases::ContactVia;
use vocal_domain::{CaseId, OrgId, ResponseId, UnitId, UserId};
use vocal_store::{
    CASE_ALERT_JOB, Case, CaseEvent, CaseOpening, CaseQuery, CaseStep, Cases, NewCase, OverdueCase, StoreError,
    StoreResult,
};
use vocal_store_sql::decode::{column, json, parsed};
use vocal_store_sql::now_ms;

use super::case_work;
use crate::backend::{Conn, Row, Store, begin_write, from_sqlx};

pub(super) const COLUMNS: &str = "id, org_id, response_id, response_seq, unit_id, owner_id, routed_by, state, \
     close_reason, root_cause, resolution, rules, first_contact_due_at, resolve_due_at, first_contact_at, done_at, \
     escalation_level, escalated_at, follow_up_score, opened_at, updated_at, alert_job_id";
const EVENT_COLUMNS: &str = "id, case_id, at, actor_id, actor, kind, text, via";

/// Tries of a backstop alert before it is dead (like mail's).
const ALERT_BACKSTOP_ATTEMPTS: i64 = 8;

/// What Vocal calls itself in events it writes.
const VOCAL: &str = "Vocal";

impl Cases for Store {
    async fn open_case(&self, org: OrgId, case: NewCase) -> StoreResult<CaseOpening> {
        let rules = serde_json::to_string(&case.rules)
            .map_err(|e| StoreError::Database(format!("encoding a case's rules: {e}")))?;
        let now = case.opened_at_ms;
        let mut tx = begin_write(self.pool()).await?;
        let sql = format!(
            "INSERT INTO cases (org_id, response_id, response_seq, owner_id, routed_by, state, rules,
               first_contact_due_at, resolve_due_at, opened_at, updated_at, unit_id)
             VALUES ($1, $2, $3, $4, $5, 'new', $6, $7, $8, $9, $9, $10)
             ON CONFLICT (response_id) DO NOTHING RETURNING {COLUMNS}"
        );
        let opened = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(case.response_id.0)
            .bind(case.response_seq)
            .bind(case.owner.map(|u| u.0))
            .bind(&case.routed_by)
            .bind(rules)
            .bind(case.first_contact_due_ms)
            .bind(case.resolve_due_ms)
            .bind(now)
            .bind(case.unit_id.map(|u| u.0))
            .fetch_optional(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        let Some(row) = opened else {
            tx.rollback().await.map_err(from_sqlx)?;
            let existing = self.case_for_response(org, case.response_id).await?;
            // The winner is committed (the insert waited for it), unless its
            // response lives in another organisation.
            return existing.map(CaseOpening::AlreadyOpen).ok_or(StoreError::Conflict { field: "case response" });
        };
        let mut opened = case_from_row(&row)?;
        add_event(&mut tx, org, opened.id, "opened", &case.opened_note, now).await?;
        if let Some(due_ms) = case.alert_backstop_at_ms {
            opened.alert_job_id = Some(queue_alert_backstop(&mut tx, org, opened.id, due_ms, now).await?);
        }
        tx.commit().await.map_err(from_sqlx)?;
        Ok(CaseOpening::Opened(opened))
    }

    async fn cases_changed_since(&self, since_ms: i64) -> StoreResult<Vec<(OrgId, i64)>> {
        let rows: Vec<(i64, i64)> =
            sqlx::query_as("SELECT org_id, MAX(updated_at) FROM cases WHERE updated_at > $1 GROUP BY org_id")
                .bind(since_ms)
                .fetch_all(self.pool())
                .await
                .map_err(from_sqlx)?;
        Ok(rows.into_iter().map(|(org, at)| (OrgId(org), at)).collect())
    }

    async fn case(&self, org: OrgId, id: CaseId) -> StoreResult<Option<Case>> {
        let sql = format!("SELECT {COLUMNS} FROM cases WHERE org_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(case_from_row).transpose()
    }

    async fn case_for_response(&self, org: OrgId, response: ResponseId) -> StoreResult<Option<Case>> {
        let sql = format!("SELECT {COLUMNS} FROM cases WHERE org_id = $1 AND response_id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(response.0)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(case_from_row).transpose()
    }

    async fn list_cases(&self, org: OrgId, after: i64, limit: i64) -> StoreResult<Vec<Case>> {
        let sql = format!("SELECT {COLUMNS} FROM cases WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(after)
            .bind(limit.max(0))
            .fetch_all(self.pool())
            .await
            .map_err(from_sqlx)?;
        rows.iter().map(case_from_row).collect()
    }

    async fn note_response_change(&self, org: OrgId, case: CaseId, seq: i64, text: &str) -> StoreResult<bool> {
        let now = now_ms();
        let mut tx = begin_write(self.pool()).await?;
        // The sequence check and the update are one statement, so of two
        // processes seeing the same edit only one writes the note.
        let updated = sqlx::query(
            "UPDATE cases SET response_seq = $3, updated_at = $4 WHERE org_id = $1 AND id = $2 AND response_seq < $3",
        )
        .bind(org.0)
        .bind(case.0)
        .bind(seq)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        add_event(&mut tx, org, case, "note", text, now).await?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(true)
    }

    async fn record_case_step(&self, org: OrgId, step: CaseStep) -> StoreResult<Option<Case>> {
        case_work::record_case_step(self, org, step).await
    }

    async fn find_cases(&self, org: OrgId, query: &CaseQuery) -> StoreResult<Vec<Case>> {
        case_work::find_cases(self, org, query).await
    }

    async fn count_cases(&self, org: OrgId, query: &CaseQuery) -> StoreResult<u64> {
        case_work::count_cases(self, org, query).await
    }

    async fn overdue_cases(&self, org: OrgId, now_ms: i64, limit: i64) -> StoreResult<Vec<OverdueCase>> {
        case_work::overdue_cases(self, org, now_ms, limit).await
    }

    async fn case_events(&self, org: OrgId, case: CaseId) -> StoreResult<Vec<CaseEvent>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM case_events WHERE org_id = $1 AND case_id = $2 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(case.0)
            .fetch_all(self.pool())
            .await
            .map_err(from_sqlx)?;
        rows.iter().map(event_from_row).collect()
    }
}

/// An event written by Vocal itself (no user acted).
async fn add_event(conn: &mut Conn, org: OrgId, case: CaseId, kind: &str, text: &str, at: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_events (org_id, case_id, at, actor_id, actor, kind, text) VALUES ($1, $2, $3, NULL, $4, $5, $6)",
    )
    .bind(org.0)
    .bind(case.0)
    .bind(at)
    .bind(VOCAL)
    .bind(kind)
    .bind(text)
    .execute(conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

/// Queues the case's [`CASE_ALERT_JOB`] in the opening transaction and
/// keeps its id on the case, so the case and the promise to tell someone
/// about it are committed together.
async fn queue_alert_backstop(tx: &mut Conn, org: OrgId, case: CaseId, due_ms: i64, now: i64) -> StoreResult<i64> {
    let payload = serde_json::json!({ "case_id": case.0 }).to_string();
    let job: i64 = sqlx::query_scalar(
        "INSERT INTO jobs (org_id, kind, payload, state, attempts, max_attempts, run_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6) RETURNING id",
    )
    .bind(org.0)
    .bind(CASE_ALERT_JOB)
    .bind(payload)
    .bind(ALERT_BACKSTOP_ATTEMPTS)
    .bind(due_ms)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    sqlx::query("UPDATE cases SET alert_job_id = $2 WHERE id = $1")
        .bind(case.0)
        .bind(job)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    Ok(job)
}

pub(super) fn case_from_row(r: &Row) -> StoreResult<Case> {
    const TABLE: &str = "cases";
    Ok(Case {
        id: CaseId(column(r, TABLE, "id")?),
        org_id: OrgId(column(r, TABLE, "org_id")?),
        response_id: ResponseId(column(r, TABLE, "response_id")?),
        response_seq: column(r, TABLE, "response_seq")?,
        unit_id: column::<_, Option<i64>>(r, TABLE, "unit_id")?.map(UnitId),
        owner: column::<_, Option<i64>>(r, TABLE, "owner_id")?.map(UserId),
        routed_by: column(r, TABLE, "routed_by")?,
        state: parsed(r, TABLE, "state", str::parse)?,
        close_reason: column(r, TABLE, "close_reason")?,
        root_cause: column(r, TABLE, "root_cause")?,
        resolution: column(r, TABLE, "resolution")?,
        rules: json(r, TABLE, "rules")?,
        first_contact_due_ms: column(r, TABLE, "first_contact_due_at")?,
        resolve_due_ms: column(r, TABLE, "resolve_due_at")?,
        first_contact_at_ms: column(r, TABLE, "first_contact_at")?,
        done_at_ms: column(r, TABLE, "done_at")?,
        escalation_level: small(column::<_, i32>(r, TABLE, "escalation_level")?),
        escalated_at_ms: column(r, TABLE, "escalated_at")?,
        follow_up_score: column::<_, Option<i32>>(r, TABLE, "follow_up_score")?.map(small),
        opened_at_ms: column(r, TABLE, "opened_at")?,
        updated_at_ms: column(r, TABLE, "updated_at")?,
        alert_job_id: column(r, TABLE, "alert_job_id")?,
    })
}

fn event_from_row(r: &Row) -> StoreResult<CaseEvent> {
    const TABLE: &str = "case_events";
    Ok(CaseEvent {
        id: column(r, TABLE, "id")?,
        case_id: CaseId(column(r, TABLE, "case_id")?),
        at_ms: column(r, TABLE, "at")?,
        actor_id: column::<_, Option<i64>>(r, TABLE, "actor_id")?.map(UserId),
        actor: column(r, TABLE, "actor")?,
        kind: parsed(r, TABLE, "kind", str::parse)?,
        text: column(r, TABLE, "text")?,
        via: column::<_, Option<String>>(r, TABLE, "via")?
            .as_deref()
            .map(ContactVia::parse)
            .transpose()
            .map_err(|e| StoreError::Database(format!("case_events.via: {e}")))?,
    })
}

/// A level or score the CHECKs and the code keep within 0–10.
fn small(value: i32) -> u8 {
    u8::try_from(value.clamp(0, 255)).unwrap_or(u8::MAX)
}
