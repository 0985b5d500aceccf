//! The job queue. Everything but the claim's row lock is the same on both
//! databases: the claim is one `UPDATE … WHERE id = (next due job)
//! RETURNING …` in a write transaction, and the next due job is read with
//! `crate::backend::SKIP_LOCKED` after it (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so concurrent claimers pass each other's locked rows by;
//! nothing on SQLite, whose `BEGIN IMMEDIATE` already lets one writer in).

use vocal_domain::OrgId;
use vocal_store::{Job, JobEnd, JobState, Jobs, Lease, NewJob, StoreResult};
use vocal_store_sql::decode::{column, parsed};
use vocal_store_sql::now_ms;

use crate::backend::{Row, SKIP_LOCKED, Store, begin_write, from_sqlx};

const COLUMNS: &str = "id, org_id, kind, payload, state, attempts, max_attempts, run_at, lease_owner, \
                       lease_expires_at, last_error, created_at, updated_at";

/// The states the claim's index (`jobs_due`) holds; written exactly as in
/// the index's `WHERE`, so both planners see that the index applies.
const CLAIMABLE: &str = "state IN ('queued', 'failed', 'running')";

/// How many jobs one claim may find dead (their lease expired on the last
/// attempt) before it answers that nothing is due; the next claim goes on.
const DEAD_PER_CLAIM: usize = 100;

impl Jobs for Store {
    async fn enqueue_job(&self, org: OrgId, job: NewJob) -> StoreResult<Job> {
        let sql = format!(
            "INSERT INTO jobs (org_id, kind, payload, state, attempts, max_attempts, run_at, created_at, updated_at)
             VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6) RETURNING {COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(&job.kind)
            .bind(&job.payload)
            .bind(job.max_attempts.max(1))
            .bind(job.run_at_ms)
            .bind(now_ms())
            .fetch_one(self.pool())
            .await
            .map_err(from_sqlx)?;
        from_row(&row)
    }

    async fn claim_job(&self, lease: Lease) -> StoreResult<Option<Job>> {
        let claim = format!(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $1,
                 lease_expires_at = $2, run_at = $2, updated_at = $3
             WHERE id = (SELECT id FROM jobs WHERE {CLAIMABLE} AND run_at <= $3
                         ORDER BY run_at, id LIMIT 1{SKIP_LOCKED})
             RETURNING {COLUMNS}"
        );
        for _ in 0..DEAD_PER_CLAIM {
            let mut tx = begin_write(self.pool()).await?;
            let row = sqlx::query(sqlx::AssertSqlSafe(claim.clone()))
                .bind(&lease.owner)
                .bind(lease.expires_at_ms)
                .bind(lease.now_ms)
                .fetch_optional(&mut *tx)
                .await
                .map_err(from_sqlx)?;
            let Some(row) = row else {
                tx.commit().await.map_err(from_sqlx)?;
                return Ok(None);
            };
            let job = from_row(&row)?;
            if job.attempts <= job.max_attempts {
                tx.commit().await.map_err(from_sqlx)?;
                return Ok(Some(job));
            }
            // Its worker stopped during the last attempt: no attempt is left.
            sqlx::query(
                "UPDATE jobs SET state = 'dead', attempts = max_attempts, lease_expires_at = NULL,
                     last_error = 'the lease expired during the last attempt (did the worker stop?)',
                     updated_at = $2
                 WHERE id = $1",
            )
            .bind(job.id)
            .bind(lease.now_ms)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
            tx.commit().await.map_err(from_sqlx)?;
        }
        Ok(None)
    }

    async fn finish_job(&self, id: i64, owner: &str, end: JobEnd) -> StoreResult<bool> {
        let (state, payload, error, run_at) = match end {
            JobEnd::Done { payload } => (JobState::Done, payload, None, None),
            JobEnd::Retry { error, retry_at_ms } => (JobState::Failed, None, Some(error), Some(retry_at_ms)),
            JobEnd::Dead { error } => (JobState::Dead, None, Some(error), None),
        };
        let done = sqlx::query(
            "UPDATE jobs SET state = $3, payload = COALESCE($4, payload), last_error = COALESCE($5, last_error),
                 run_at = COALESCE($6, run_at), lease_expires_at = NULL, updated_at = $7
             WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(owner)
        .bind(state.as_str())
        .bind(payload)
        .bind(error)
        .bind(run_at)
        .bind(now_ms())
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }

    async fn list_jobs(&self, org: OrgId, state: Option<JobState>, limit: i64) -> StoreResult<Vec<Job>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM jobs WHERE org_id = $1 AND ($2 IS NULL OR state = $2) ORDER BY id DESC LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(state.map(JobState::as_str))
            .bind(limit.max(0))
            .fetch_all(self.pool())
            .await
            .map_err(from_sqlx)?;
        rows.iter().map(from_row).collect()
    }

    async fn job(&self, org: OrgId, id: i64) -> StoreResult<Option<Job>> {
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE org_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn retry_job(&self, org: OrgId, id: i64) -> StoreResult<Option<Job>> {
        let sql = format!(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $3, lease_owner = NULL,
                 lease_expires_at = NULL, updated_at = $3
             WHERE org_id = $1 AND id = $2 AND state IN ('failed', 'dead') RETURNING {COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(id)
            .bind(now_ms())
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn settle_job(&self, org: OrgId, id: i64) -> StoreResult<bool> {
        let settled = sqlx::query(
            "UPDATE jobs SET state = 'done', updated_at = $3 WHERE org_id = $1 AND id = $2 AND state = 'queued'",
        )
        .bind(org.0)
        .bind(id)
        .bind(now_ms())
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(settled.rows_affected() == 1)
    }
}

fn from_row(r: &Row) -> StoreResult<Job> {
    const TABLE: &str = "jobs";
    Ok(Job {
        id: column(r, TABLE, "id")?,
        org_id: OrgId(column(r, TABLE, "org_id")?),
        kind: column(r, TABLE, "kind")?,
        payload: column(r, TABLE, "payload")?,
        state: parsed(r, TABLE, "state", |s| JobState::parse(s).ok_or("not a job state"))?,
        attempts: column(r, TABLE, "attempts")?,
        max_attempts: column(r, TABLE, "max_attempts")?,
        run_at_ms: column(r, TABLE, "run_at")?,
        lease_owner: column(r, TABLE, "lease_owner")?,
        lease_expires_at_ms: column(r, TABLE, "lease_expires_at")?,
        last_error: column(r, TABLE, "last_error")?,
        created_at_ms: column(r, TABLE, "created_at")?,
        updated_at_ms: column(r, TABLE, "updated_at")?,
    })
}
