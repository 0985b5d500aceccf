//! Surveys, each kept whole as the JSON of its definition. The slug, name
//! and default language are copied into columns for lookups and lists.

use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use vocal_domain::{OrgId, SurveyDefinition, SurveyId};
use vocal_store::{StoreError, StoreResult, Survey};

use crate::errors::from_sqlx;

/// Surveys stored before definitions were (migration 0002) hold `'{}'`;
/// they cannot be shown until applied again, so reads pass over them.
const STORED: &str = "SELECT id, org_id, definition, updated_at FROM surveys WHERE definition <> '{}'";

pub(crate) async fn put(pool: &PgPool, org: OrgId, definition: SurveyDefinition) -> StoreResult<Survey> {
    let json = serde_json::to_string(&definition)
        .map_err(|e| StoreError::Database(format!("encoding a survey definition: {e}")))?;
    let now = crate::now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO surveys (org_id, slug, name, default_language, definition, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (org_id, slug) DO UPDATE SET name = excluded.name,
           default_language = excluded.default_language, definition = excluded.definition,
           updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(org.0)
    .bind(&definition.slug)
    .bind(&definition.name)
    .bind(&definition.default_language)
    .bind(json)
    .bind(now)
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(Survey { id: SurveyId(id), org_id: org, definition, updated_at_ms: now })
}

pub(crate) async fn list(pool: &PgPool, org: OrgId) -> StoreResult<Vec<Survey>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{STORED} AND org_id = $1 ORDER BY slug")))
        .bind(org.0)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    rows.iter().map(survey_from_row).collect()
}

pub(crate) async fn by_slug(pool: &PgPool, org: OrgId, slug: &str) -> StoreResult<Option<Survey>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{STORED} AND org_id = $1 AND slug = $2")))
        .bind(org.0)
        .bind(slug)
        .fetch_optional(pool)
        .await
        .map_err(from_sqlx)?;
    row.as_ref().map(survey_from_row).transpose()
}

pub(crate) async fn by_id(pool: &PgPool, org: OrgId, id: SurveyId) -> StoreResult<Option<Survey>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{STORED} AND org_id = $1 AND id = $2")))
        .bind(org.0)
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(from_sqlx)?;
    row.as_ref().map(survey_from_row).transpose()
}

fn survey_from_row(row: &PgRow) -> StoreResult<Survey> {
    let json: String = row.get(2);
    Ok(Survey {
        id: SurveyId(row.get(0)),
        org_id: OrgId(row.get(1)),
        definition: serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt { table: "surveys", detail: e.to_string() })?,
        updated_at_ms: row.get(3),
    })
}
