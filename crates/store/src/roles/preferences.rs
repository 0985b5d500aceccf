use std::future::Future;

use vocal_domain::{OrgId, UserId};

use crate::{NotificationPreferences, StoreResult};

/// Each user's notification preferences (docs/accounts.md).
pub trait Preferences {
    /// The user's preferences; the defaults when they never chose (or the
    /// user is not in the organisation).
    fn notification_preferences(
        &self,
        org: OrgId,
        user: UserId,
    ) -> impl Future<Output = StoreResult<NotificationPreferences>> + Send;
    /// Replaces the user's preferences as a whole; `StoreError::NotFound`
    /// when the user is not in the organisation.
    fn set_notification_preferences(
        &self,
        org: OrgId,
        user: UserId,
        preferences: &NotificationPreferences,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}
