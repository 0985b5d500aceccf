//! Notification channels: one row per channel, its events as a
//! comma-separated list, its last delivery in three columns.

use vocal_domain::OrgId;
use vocal_store::{Channel, ChannelDelivery, ChannelEvent, ChannelKind, NewChannel, NotificationChannels, StoreResult};
use vocal_store_sql::decode::{column, parsed};
use vocal_store_sql::now_ms;

use crate::backend::{Row, Store, from_sqlx, unique_as};

const TABLE: &str = "notification_channels";
const COLUMNS: &str = "id, org_id, kind, name, url, enabled, disabled_reason, events, secret, previous_secret, \
                       previous_secret_expires_at, config, last_delivery_at, last_delivery_status, \
                       last_delivery_error, created_at, updated_at";

fn events_text(events: &[ChannelEvent]) -> String {
    events.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(",")
}

fn parse_events(text: &str) -> Result<Vec<ChannelEvent>, String> {
    text.split(',')
        .filter(|name| !name.is_empty())
        .map(|name| ChannelEvent::parse(name).ok_or_else(|| format!("{name:?} is not an event")))
        .collect()
}

fn from_row(r: &Row) -> StoreResult<Channel> {
    let delivered_at: Option<i64> = column(r, TABLE, "last_delivery_at")?;
    let status: Option<String> = column(r, TABLE, "last_delivery_status")?;
    let last_delivery = match (delivered_at, status) {
        (Some(at_ms), Some(status)) => {
            Some(ChannelDelivery { at_ms, status, error: column(r, TABLE, "last_delivery_error")? })
        }
        _ => None,
    };
    Ok(Channel {
        id: column(r, TABLE, "id")?,
        org_id: OrgId(column(r, TABLE, "org_id")?),
        kind: parsed(r, TABLE, "kind", |s| ChannelKind::parse(s).ok_or("not a channel kind"))?,
        name: column(r, TABLE, "name")?,
        url: column(r, TABLE, "url")?,
        enabled: column(r, TABLE, "enabled")?,
        disabled_reason: column(r, TABLE, "disabled_reason")?,
        events: parsed(r, TABLE, "events", parse_events)?,
        secret: column(r, TABLE, "secret")?,
        previous_secret: column(r, TABLE, "previous_secret")?,
        previous_secret_expires_at_ms: column(r, TABLE, "previous_secret_expires_at")?,
        config: column(r, TABLE, "config")?,
        last_delivery,
        created_at_ms: column(r, TABLE, "created_at")?,
        updated_at_ms: column(r, TABLE, "updated_at")?,
    })
}

impl NotificationChannels for Store {
    async fn create_channel(&self, org: OrgId, channel: NewChannel) -> StoreResult<Channel> {
        let sql = format!(
            "INSERT INTO notification_channels (org_id, kind, name, url, events, secret, config, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(channel.kind.as_str())
            .bind(&channel.name)
            .bind(&channel.url)
            .bind(events_text(&channel.events))
            .bind(&channel.secret)
            .bind(&channel.config)
            .bind(now_ms())
            .fetch_one(self.pool())
            .await
            .map_err(unique_as("name"))?;
        from_row(&row)
    }

    async fn channels(&self, org: OrgId) -> StoreResult<Vec<Channel>> {
        let sql = format!("SELECT {COLUMNS} FROM notification_channels WHERE org_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.0).fetch_all(self.pool()).await.map_err(from_sqlx)?;
        rows.iter().map(from_row).collect()
    }

    async fn channel(&self, org: OrgId, id: i64) -> StoreResult<Option<Channel>> {
        let sql = format!("SELECT {COLUMNS} FROM notification_channels WHERE org_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn delete_channel(&self, org: OrgId, id: i64) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM notification_channels WHERE org_id = $1 AND id = $2")
            .bind(org.0)
            .bind(id)
            .execute(self.pool())
            .await
            .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }

    async fn rotate_channel_secret(
        &self,
        org: OrgId,
        id: i64,
        secret: &str,
        previous_valid_until_ms: i64,
    ) -> StoreResult<Option<Channel>> {
        let sql = format!(
            "UPDATE notification_channels SET previous_secret = secret, previous_secret_expires_at = $3,
                 secret = $4, updated_at = $5
             WHERE org_id = $1 AND id = $2 RETURNING {COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(id)
            .bind(previous_valid_until_ms)
            .bind(secret)
            .bind(now_ms())
            .fetch_optional(self.pool())
            .await
            .map_err(from_sqlx)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn disable_channel(&self, org: OrgId, id: i64, reason: &str) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE notification_channels SET enabled = $3, disabled_reason = $4, updated_at = $5
             WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(id)
        .bind(false)
        .bind(reason)
        .bind(now_ms())
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }

    async fn enable_channel(&self, org: OrgId, id: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE notification_channels SET enabled = $3, disabled_reason = NULL, updated_at = $4
             WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(id)
        .bind(true)
        .bind(now_ms())
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }

    async fn record_channel_delivery(&self, org: OrgId, id: i64, delivery: ChannelDelivery) -> StoreResult<()> {
        sqlx::query(
            "UPDATE notification_channels SET last_delivery_at = $3, last_delivery_status = $4, last_delivery_error = $5
             WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(id)
        .bind(delivery.at_ms)
        .bind(&delivery.status)
        .bind(&delivery.error)
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }
}
