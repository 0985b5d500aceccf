//! The organisation's theme taxonomy: one row, replaced whole.

use vocal_domain::OrgId;
use vocal_store::{StoreResult, Themes};

use crate::backend::{Store, from_sqlx};

impl Themes for Store {
    async fn theme_taxonomy(&self, org: OrgId) -> StoreResult<Option<(String, i64)>> {
        sqlx::query_as("SELECT definition, updated_at FROM theme_taxonomies WHERE org_id = $1")
            .bind(org.0)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)
    }

    async fn put_theme_taxonomy(&self, org: OrgId, definition: &str, now_ms: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO theme_taxonomies (org_id, definition, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (org_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(org.0)
        .bind(definition)
        .bind(now_ms)
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }
}
