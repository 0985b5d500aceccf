use std::future::Future;

use vocal_domain::OrgId;

use crate::{Channel, ChannelDelivery, NewChannel, StoreResult};

/// An organisation's notification channels (docs/notifications.md). Every
/// method is scoped by organisation: a channel id of another organisation
/// is not found.
pub trait NotificationChannels {
    /// Stores a channel; `Conflict { field: "name" }` when the organisation
    /// has one of that name.
    fn create_channel(&self, org: OrgId, channel: NewChannel) -> impl Future<Output = StoreResult<Channel>> + Send;
    /// The organisation's channels, oldest first.
    fn channels(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Channel>>> + Send;
    fn channel(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<Option<Channel>>> + Send;
    /// `false` when there was no such channel.
    fn delete_channel(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Makes `secret` the signing secret; the one it replaces stays valid
    /// until `previous_valid_until_ms`. `None` when there is no such channel.
    fn rotate_channel_secret(
        &self,
        org: OrgId,
        id: i64,
        secret: &str,
        previous_valid_until_ms: i64,
    ) -> impl Future<Output = StoreResult<Option<Channel>>> + Send;
    /// Turns the channel off, saying why. `false` when there was no such channel.
    fn disable_channel(&self, org: OrgId, id: i64, reason: &str) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Turns a disabled channel back on (a receiver that answered 410 came
    /// back) and forgets why it was off. `false` when there was no such channel.
    fn enable_channel(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Remembers how the latest delivery went.
    fn record_channel_delivery(
        &self,
        org: OrgId,
        id: i64,
        delivery: ChannelDelivery,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}
