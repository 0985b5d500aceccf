use std::future::Future;

use vocal_domain::OrgId;

use crate::StoreResult;

/// An organisation's theme taxonomy, kept as the TOML text that was
/// applied (already validated): what `vocal why` and the Why page match
/// comments against.
pub trait Themes {
    /// The applied taxonomy's text and when it was applied; `None` when
    /// none was (the default taxonomy applies).
    fn theme_taxonomy(&self, org: OrgId) -> impl Future<Output = StoreResult<Option<(String, i64)>>> + Send;
    /// Replaces the organisation's taxonomy as a whole.
    fn put_theme_taxonomy(
        &self,
        org: OrgId,
        definition: &str,
        now_ms: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}
