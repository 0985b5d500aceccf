use std::future::Future;

use vocal_domain::OrgId;

use crate::{EmailRecord, NewEmail, StoreResult};

/// Every email Vocal sent, kept for lack of an SMTP server, or failed to send.
pub trait Outbox {
    /// Records an email in the outbox: sent, waiting there (no SMTP server), or failed.
    fn record_email(&self, org: OrgId, email: NewEmail) -> impl Future<Output = StoreResult<EmailRecord>> + Send;
    /// The organisation's most recent emails, newest first, at most `limit`
    /// (a negative limit returns nothing).
    fn list_emails(&self, org: OrgId, limit: i64) -> impl Future<Output = StoreResult<Vec<EmailRecord>>> + Send;
    /// One email, if it belongs to `org`.
    fn email(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<Option<EmailRecord>>> + Send;
}
