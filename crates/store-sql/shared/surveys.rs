//! Surveys, each kept whole as the JSON of its definition. The slug, name
//! and default language are copied into columns for lookups and lists.

use vocal_domain::{InvitationId, OrgId, SurveyDefinition, SurveyId};
use vocal_store::{Contact, Invitation, NewContact, NewInvitation, StoreError, StoreResult, Survey, Surveys};
use vocal_store_sql::decode::{column, json};
use vocal_store_sql::now_ms;

use crate::backend::{Row, Store, from_sqlx};

/// Surveys stored before definitions were (migration 0002) hold `'{}'`;
/// they cannot be shown until applied again, so reads pass over them.
const STORED: &str = "SELECT id, org_id, definition, updated_at FROM surveys WHERE definition <> '{}'";

impl Surveys for Store {
    async fn put_survey(&self, org: OrgId, definition: SurveyDefinition) -> StoreResult<Survey> {
        let json = serde_json::to_string(&definition)
            .map_err(|e| StoreError::Database(format!("encoding a survey definition: {e}")))?;
        let now = now_ms();
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
        .fetch_one(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(Survey { id: SurveyId(id), org_id: org, definition, updated_at_ms: now })
    }
    async fn list_surveys(&self, org: OrgId) -> StoreResult<Vec<Survey>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{STORED} AND org_id = $1 ORDER BY slug")))
            .bind(org.0)
            .fetch_all(self.pool())
            .await
            .map_err(from_sqlx)?;
        rows.iter().map(survey_from_row).collect()
    }
    async fn survey_by_slug(&self, org: OrgId, slug: &str) -> StoreResult<Option<Survey>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{STORED} AND org_id = $1 AND slug = $2")))
            .bind(org.0)
            .bind(slug)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(survey_from_row).transpose()
    }
    async fn survey_by_id(&self, org: OrgId, id: SurveyId) -> StoreResult<Option<Survey>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{STORED} AND org_id = $1 AND id = $2")))
            .bind(org.0)
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(survey_from_row).transpose()
    }
    async fn upsert_contact(&self, org: OrgId, contact: NewContact) -> StoreResult<Contact> {
        super::contacts::upsert(self.pool(), org, contact).await
    }
    async fn list_contacts(&self, org: OrgId) -> StoreResult<Vec<Contact>> {
        super::contacts::list(self.pool(), org).await
    }
    async fn create_invitations(&self, org: OrgId, invitations: Vec<NewInvitation>) -> StoreResult<Vec<Invitation>> {
        super::invitations::create(self.pool(), org, invitations).await
    }
    async fn invitation_by_token_hash(&self, token_hash: [u8; 32]) -> StoreResult<Option<Invitation>> {
        super::invitations::by_token_hash(self.pool(), token_hash).await
    }
    async fn invitation(&self, org: OrgId, id: InvitationId) -> StoreResult<Option<Invitation>> {
        super::invitations::by_id(self.pool(), org, id).await
    }
}

fn survey_from_row(row: &Row) -> StoreResult<Survey> {
    Ok(Survey {
        id: SurveyId(column(row, "surveys", "id")?),
        org_id: OrgId(column(row, "surveys", "org_id")?),
        definition: json(row, "surveys", "definition")?,
        updated_at_ms: column(row, "surveys", "updated_at")?,
    })
}
