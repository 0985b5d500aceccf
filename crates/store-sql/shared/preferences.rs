//! Each user's notification preferences: one row per user who chose, none
//! for those who did not (they get the defaults).

use vocal_domain::{OrgId, Phone, UserId};
use vocal_store::{NotificationPreferences, Preferences, StoreError, StoreResult};
use vocal_store_sql::decode::{column, parsed_optional};
use vocal_store_sql::now_ms;

use crate::backend::{Store, from_sqlx};

const TABLE: &str = "notification_preferences";

impl Preferences for Store {
    async fn notification_preferences(&self, org: OrgId, user: UserId) -> StoreResult<NotificationPreferences> {
        let row = sqlx::query(
            "SELECT language, email_alerts, sms_alerts, mobile_phone FROM notification_preferences
             WHERE org_id = $1 AND user_id = $2",
        )
        .bind(org.0)
        .bind(user.0)
        .fetch_optional(self.pool())
        .await
        .map_err(from_sqlx)?;
        let Some(r) = row else { return Ok(NotificationPreferences::default()) };
        Ok(NotificationPreferences {
            language: column(&r, TABLE, "language")?,
            email: column(&r, TABLE, "email_alerts")?,
            sms: column(&r, TABLE, "sms_alerts")?,
            mobile: parsed_optional(&r, TABLE, "mobile_phone", Phone::from_stored)?,
        })
    }

    async fn set_notification_preferences(
        &self,
        org: OrgId,
        user: UserId,
        preferences: &NotificationPreferences,
    ) -> StoreResult<()> {
        // The INSERT takes its org from the user row, so a user of another
        // organisation inserts nothing and is reported as not found.
        let done = sqlx::query(
            "INSERT INTO notification_preferences
               (user_id, org_id, language, email_alerts, sms_alerts, mobile_phone, updated_at)
             SELECT id, org_id, $3, $4, $5, $6, $7 FROM users WHERE org_id = $1 AND id = $2
             ON CONFLICT (user_id) DO UPDATE SET language = excluded.language,
               email_alerts = excluded.email_alerts, sms_alerts = excluded.sms_alerts,
               mobile_phone = excluded.mobile_phone, updated_at = excluded.updated_at",
        )
        .bind(org.0)
        .bind(user.0)
        .bind(&preferences.language)
        .bind(preferences.email)
        .bind(preferences.sms)
        .bind(preferences.mobile.as_ref().map(|p| p.as_str().to_string()))
        .bind(now_ms())
        .execute(self.pool())
        .await
        .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("user"));
        }
        Ok(())
    }
}
