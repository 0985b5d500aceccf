//! What people and the escalation sweep do to cases: a step stored with its
//! event in one transaction, guarded by the state and owner the caller saw;
//! the filtered queues; and the overdue cases the sweep escalates.

use vocal_domain::OrgId;
use vocal_domain::cases::escalation;
use vocal_store::{Case, CaseQuery, CaseStep, OverdueCase, StoreResult};

use super::cases::{COLUMNS, case_from_row};
use crate::backend::{Store, begin_write, from_sqlx};

pub(super) async fn record_case_step(store: &Store, org: OrgId, step: CaseStep) -> StoreResult<Option<Case>> {
    let mut tx = begin_write(store.pool()).await?;
    // One statement checks what the caller saw and writes the new values,
    // so of two people acting at once exactly one succeeds.
    let sql = format!(
        "UPDATE cases SET state = $3, owner_id = $4,
           root_cause = COALESCE($5, root_cause), resolution = COALESCE($6, resolution),
           close_reason = COALESCE($7, close_reason),
           first_contact_at = CASE WHEN $8 = 'contacted' AND first_contact_at IS NULL THEN $9 ELSE first_contact_at END,
           done_at = CASE WHEN $3 IN ('resolved', 'closed') AND done_at IS NULL THEN $9 ELSE done_at END,
           escalation_level = COALESCE($10, escalation_level),
           escalated_at = CASE WHEN $10 IS NULL THEN escalated_at ELSE $9 END,
           follow_up_score = COALESCE($11, follow_up_score),
           updated_at = $9
         WHERE org_id = $1 AND id = $2 AND state = $12 AND owner_id IS NOT DISTINCT FROM $13
           AND escalation_level < COALESCE($10, 3)
         RETURNING {COLUMNS}"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.0)
        .bind(step.case_id.0)
        .bind(step.state.as_str())
        .bind(step.owner.map(|u| u.0))
        .bind(&step.root_cause)
        .bind(&step.resolution)
        .bind(&step.close_reason)
        .bind(step.kind.as_str())
        .bind(step.at_ms)
        .bind(step.escalation_level.map(i32::from))
        .bind(step.follow_up_score.map(i32::from))
        .bind(step.expected_state.as_str())
        .bind(step.expected_owner.map(|u| u.0))
        .fetch_optional(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    let Some(row) = row else {
        tx.rollback().await.map_err(from_sqlx)?;
        return Ok(None);
    };
    let case = case_from_row(&row)?;
    sqlx::query(
        "INSERT INTO case_events (org_id, case_id, at, actor_id, actor, kind, text, via)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.0)
    .bind(case.id.0)
    .bind(step.at_ms)
    .bind(step.actor_id.map(|u| u.0))
    .bind(&step.actor)
    .bind(step.kind.as_str())
    .bind(&step.text)
    .bind(step.via.map(|v| v.as_str()))
    .execute(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(Some(case))
}

pub(super) async fn find_cases(store: &Store, org: OrgId, query: &CaseQuery) -> StoreResult<Vec<Case>> {
    let Some(conditions) = conditions(query) else { return Ok(Vec::new()) };
    let sql = format!("SELECT {COLUMNS} FROM cases WHERE {conditions} ORDER BY id DESC LIMIT $4");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.0)
        .bind(query.overdue_at_ms.unwrap_or(0))
        .bind(query.before.map_or(i64::MAX, |c| c.0))
        .bind(query.limit.max(0))
        .fetch_all(store.pool())
        .await
        .map_err(from_sqlx)?;
    rows.iter().map(case_from_row).collect()
}

pub(super) async fn count_cases(store: &Store, org: OrgId, query: &CaseQuery) -> StoreResult<u64> {
    let unpaged = CaseQuery { before: None, ..query.clone() };
    let Some(conditions) = conditions(&unpaged) else { return Ok(0) };
    let sql = format!("SELECT COUNT(*) FROM cases WHERE {conditions}");
    let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(org.0)
        .bind(query.overdue_at_ms.unwrap_or(0))
        .fetch_one(store.pool())
        .await
        .map_err(from_sqlx)?;
    Ok(count.max(0) as u64)
}

/// The WHERE clause of a case query (`$1` the organisation, `$2` the
/// overdue instant, `$3` the page's `before`); `None` when it can match
/// nothing (an empty unit scope).
fn conditions(query: &CaseQuery) -> Option<String> {
    // Every value is bound except the lists of states and units, written
    // from enum names and integer ids: nothing a person typed reaches the SQL.
    let mut conditions = vec!["org_id = $1".to_string()];
    if !query.states.is_empty() {
        let states: Vec<String> = query.states.iter().map(|s| format!("'{}'", s.as_str())).collect();
        conditions.push(format!("state IN ({})", states.join(", ")));
    }
    match query.owner {
        Some(Some(owner)) => conditions.push(format!("owner_id = {}", owner.0)),
        Some(None) => conditions.push("owner_id IS NULL".into()),
        None => {}
    }
    if let Some(units) = &query.units {
        if units.is_empty() {
            return None;
        }
        let ids: Vec<String> = units.iter().map(|u| u.0.to_string()).collect();
        conditions.push(format!("unit_id IN ({})", ids.join(", ")));
    }
    if query.overdue_at_ms.is_some() {
        conditions.push(
            "((state = 'new' AND first_contact_due_at < $2) OR (state IN ('new', 'contacted') AND resolve_due_at < $2))"
                .into(),
        );
    }
    if query.before.is_some() {
        conditions.push("id < $3".into());
    }
    Some(conditions.join(" AND "))
}

pub(super) async fn overdue_cases(store: &Store, org: OrgId, now_ms: i64, limit: i64) -> StoreResult<Vec<OverdueCase>> {
    // Two index range reads (the partial indexes of migration 0011), not a
    // scan of every open case.
    let sql = format!(
        "SELECT {COLUMNS} FROM cases WHERE org_id = $1 AND state = 'new' AND escalation_level = 0
           AND first_contact_due_at < $2
         UNION
         SELECT {COLUMNS} FROM cases WHERE org_id = $1 AND state IN ('new', 'contacted') AND escalation_level < 2
           AND resolve_due_at < $2
         ORDER BY resolve_due_at, id LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org.0)
        .bind(now_ms)
        .bind(limit.max(0))
        .fetch_all(store.pool())
        .await
        .map_err(from_sqlx)?;
    let mut overdue = Vec::with_capacity(rows.len());
    for row in &rows {
        let case = case_from_row(row)?;
        let earned_level = escalation::earned_level(case.state, case.first_contact_due_ms, case.resolve_due_ms, now_ms);
        if earned_level > case.escalation_level {
            overdue.push(OverdueCase { case, earned_level });
        }
    }
    Ok(overdue)
}
