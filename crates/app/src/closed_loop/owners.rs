//! Who owns what: the units whose alerts nobody but the admins would get.

use vocal_domain::alerts::routing::{self, Person};
use vocal_domain::{OrgId, UnitTree};
use vocal_store::{Store, StoreError};

/// The paths of the units no active manager owns, at the unit or above it,
/// in tree order (for an admin view, and `vocal rules unowned-units`).
pub async fn units_without_owner<S: Store>(store: &S, org: OrgId) -> Result<Vec<String>, StoreError> {
    let tree = UnitTree::new(store.list_units(org).await?);
    let people = people(store, org).await?;
    Ok(routing::units_without_owner(&people, &tree).into_iter().map(|unit| tree.path(unit)).collect())
}

/// The organisation's users as routing sees them.
pub async fn people<S: Store>(store: &S, org: OrgId) -> Result<Vec<Person>, StoreError> {
    Ok(store
        .list_users(org)
        .await?
        .into_iter()
        .map(|u| Person { id: u.id, email: u.email, role: u.role, unit: u.unit_id, active: !u.disabled })
        .collect())
}
