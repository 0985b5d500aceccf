//! Everything Vocal keeps, as one bound: a type that implements every
//! storage area's trait (see [`crate::roles`]) is a [`Store`].

use crate::roles::{
    Accounts, Alerts, AuditLog, Cases, Jobs, NotificationChannels, Organisations, Outbox, Preferences, Responses,
    Sessions, Surveys, Themes,
};

/// The whole storage contract. Generic code takes `S: Store` and calls any
/// area's methods; a backend implements each area's trait and gets this one
/// for free.
pub trait Store:
    Organisations
    + Responses
    + Accounts
    + Sessions
    + Surveys
    + Outbox
    + AuditLog
    + Alerts
    + Cases
    + Jobs
    + NotificationChannels
    + Preferences
    + Themes
    + Clone
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: Organisations
        + Responses
        + Accounts
        + Sessions
        + Surveys
        + Outbox
        + AuditLog
        + Alerts
        + Cases
        + Jobs
        + NotificationChannels
        + Preferences
        + Themes
        + Clone
        + Send
        + Sync
        + 'static
{
}
