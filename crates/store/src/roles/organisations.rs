use std::future::Future;

use vocal_domain::{OrgId, Unit, UnitId, UnitPath};

use crate::{Agent, Organisation, StoreResult};

/// Organisations, their unit tree and their agents.
pub trait Organisations {
    /// Identifies this database, so caches built from it are not mistaken
    /// for another's (e.g. after a restore).
    fn instance_id(&self) -> impl Future<Output = StoreResult<String>> + Send;
    /// Whether a write would go through now, found by starting one and
    /// rolling it back (for the health check): `Unavailable` when the
    /// database cannot take writes — read-only files or a read-only
    /// server, no connection, a lock held past the busy timeout.
    fn check_writable(&self) -> impl Future<Output = StoreResult<()>> + Send;

    fn list_orgs(&self) -> impl Future<Output = StoreResult<Vec<Organisation>>> + Send;
    /// Fails with `Conflict { field: "organisation name" }` when the name is taken.
    fn create_org(&self, name: &str, time_zone: &str) -> impl Future<Output = StoreResult<Organisation>> + Send;
    fn set_org_time_zone(&self, org: OrgId, time_zone: &str) -> impl Future<Output = StoreResult<()>> + Send;

    fn list_units(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Unit>>> + Send;
    /// The unit at `path`, created with any missing ancestors.
    fn ensure_unit(&self, org: OrgId, path: &UnitPath) -> impl Future<Output = StoreResult<UnitId>> + Send;
    /// Renames a unit; `Conflict { field: "unit name" }` when a sibling has the name.
    fn rename_unit(&self, org: OrgId, unit: UnitId, name: &str) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Moves a unit (with its subtree) under `parent`, or to the top with
    /// `None`; `Conflict { field: "unit parent" }` when that would make a
    /// cycle or a sibling has its name.
    fn move_unit(
        &self,
        org: OrgId,
        unit: UnitId,
        parent: Option<UnitId>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

    fn list_agents(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Agent>>> + Send;
    /// Places an agent in a team (creating the agent when new).
    fn assign_agent(
        &self,
        org: OrgId,
        name: &str,
        unit: Option<UnitId>,
    ) -> impl Future<Output = StoreResult<Agent>> + Send;
}
